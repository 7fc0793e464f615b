#!/usr/bin/env bash
# Builds the section modules and runs the JMH benchmarks on the JDK 21+ that the build selects.
#
#   benchmarks/run.sh [quick|full] [JMH options...]
#
# quick (the default): one fork, one 1 s warm-up and two 1 s measurements per benchmark; a few
#   minutes on 2 cores. Good for "does it run" and orders of magnitude.
# full: each benchmark's own settings (its @Warmup, @Measurement and @Fork); longer.
# JMH options come after the mode: a regular expression picks benchmarks ("PipeStream",
# "Counter.*increment"), -p name=v1,v2 overrides a parameter, -l lists the benchmarks, -h JMH's
# options. They reach JMH through one -Dargs string: an option value with spaces needs quotes of
# its own ('-Xmx1g -Xlog:gc').
# Results: JMH's summary table at the end, and JMH's JSON in benchmarks/target/jmh-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=quick
if [[ $# -gt 0 && ($1 == quick || $1 == full) ]]; then
  mode=$1
  shift
fi
case $mode in
  quick) options="-f 1 -wi 1 -i 2 -w 1s -r 1s" ;;
  full) options="" ;;
esac
results="$PWD/benchmarks/target/jmh-results.json"

# exec:exec resolves the section modules from the local repository, so install them first.
./mvnw -q install -DskipTests -pl benchmarks -am

# validate selects the JDK toolchain that exec:exec then runs JMH's main with; -foe stops at the
# first benchmark that fails, with a non-zero exit.
./mvnw -q -pl benchmarks validate exec:exec \
  -Dargs="$options -foe true -rf json -rff '$results' $*"
