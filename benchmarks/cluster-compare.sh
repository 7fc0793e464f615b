#!/usr/bin/env bash
# Runs the cluster rows on this machine: the cluster module's Hazelcast (2 member JVMs and a
# client) beside Dask distributed's LocalCluster (2 worker processes and a client), and prints one
# markdown table, also written to benchmarks/target/cluster-comparison.md. About two minutes on
# 2 cores, plus the build.
#
#   benchmarks/cluster-compare.sh                          # build the cluster module, run both
#   benchmarks/cluster-compare.sh --quick                  # a tenth of the sizes, to check it runs
#   benchmarks/cluster-compare.sh --no-build               # run on what the last build left
#   benchmarks/cluster-compare.sh --dask-python /path/to/python3   # a Python that has distributed
#
# Needs python3 (3.9+) and a JDK 21+ (the one the build uses); Dask distributed for the Dask
# column: `apt-get install python3-distributed` installs it for Debian's /usr/bin/python3, which is
# looked at when the python3 on the PATH lacks it. Without it, one line says so and the table
# shows Java alone.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null 2>&1 ||
  ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "python3 3.9 or newer not found: it runs the comparison" >&2
  exit 1
fi

build=true
args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=false; else args+=("$arg"); fi
done

# The cluster module's jar and its class path (written by the dependency plugin, one line). The
# JVM checks a class archive or AOT cache against the class path as written, so it is absolute.
classpath_file=cluster/target/classpath.txt
if $build; then
  ./mvnw -q -pl cluster -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
fi
jar=$(ls "$PWD"/cluster/target/cluster-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ ! -f "$classpath_file" ]; then
  echo "the cluster module's jar or $classpath_file is not there; run once without --no-build" >&2
  exit 1
fi
classpath="$jar:$(cat "$classpath_file")"

# The JDK 21+ to run the Java side on, chosen as compare.sh chooses it.
source benchmarks/find-java.sh

java=$(find_java)
if [ -z "$java" ]; then
  echo "no JDK 21+ found: set JAVA_HOME to a JDK 21 or newer to run the comparison" >&2
  exit 1
fi

exec python3 benchmarks/python/cluster_compare.py --java "$java" --classpath "$classpath" \
  --cache-folder benchmarks/target/cluster-aot \
  --markdown benchmarks/target/cluster-comparison.md ${args[@]+"${args[@]}"}
