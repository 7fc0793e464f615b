#!/usr/bin/env bash
# Runs the chapter's workloads in Java, in Python 3 and in Node on this machine, and prints one
# table: a row per workload, a column per runtime. Takes about 11 minutes on 2 cores.
#
#   benchmarks/compare.sh                          # everything: the table goes to
#                                                  # target/comparison.md, a chart of it to
#                                                  # target/comparison.png
#   benchmarks/compare.sh --quick                  # a tenth of the sizes, to check that it all runs
#   benchmarks/compare.sh --only pool,fanout       # some of: counter,pool,start,queue,sleeps,fanout,
#                                                  # echo
#   benchmarks/compare.sh --python /path/to/python3.13   # one more Python column (repeatable)
#   benchmarks/compare.sh --no-build ...           # run on the benchmarks.jar already built
#
# Needs python3 (3.9+, standard library only) and a JDK 21+ (the same one the build uses); Node 18+
# on the PATH adds its column, for the rows that have a Node counterpart. Each peer's fastest setup
# joins where it is installed (a Python's aiohttp and uvloop, piscina in benchmarks/node/
# node_modules) and is left out with one line where not: see benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: install Python 3 to run the comparison" >&2
  exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "$(python3 -V 2>&1) found: the comparison needs Python 3.9 or newer" >&2
  exit 1
fi

build=true
args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=false; else args+=("$arg"); fi
done

# The shaded jar holds every module, JMH and the workloads. Building it also runs the toolchains
# plugin's select-jdk-toolchain, which (re)writes the JDK cache read below.
jar=benchmarks/target/benchmarks.jar
if $build; then
  ./mvnw -q -pl benchmarks -am package -DskipTests
elif [ ! -f "$jar" ]; then
  echo "--no-build: $jar is not there; run once without --no-build" >&2
  exit 1
fi

# find_java: the JDK 21+ that runs the Java side (how it chooses: see find-java.sh).
source benchmarks/find-java.sh

java=$(find_java)
if [ -z "$java" ]; then
  echo "no JDK 21+ found: set JAVA_HOME to a JDK 21 or newer to run the comparison" >&2
  exit 1
fi

# The table, then the chart of its ratios. compare.py exits with 1 when a workload failed (the
# table says which; the chart shows the rest) and with 2 on bad input (nothing to draw).
json=benchmarks/target/comparison.json
rm -f "$json"
status=0
python3 benchmarks/python/compare.py --java "$java" --jar "$jar" \
  --markdown benchmarks/target/comparison.md --json "$json" ${args[@]+"${args[@]}"} || status=$?
if [ "$status" -le 1 ] && [ -f "$json" ]; then
  if "$java" -Djava.awt.headless=true -cp "$jar" dev.chapter20.benchmarks.ComparisonChart \
    "$json" benchmarks/target/comparison.png; then
    echo "chart written to benchmarks/target/comparison.png" >&2
  else
    status=1
  fi
fi
exit "$status"
