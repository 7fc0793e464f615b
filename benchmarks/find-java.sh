# Sourced by compare.sh and cluster-compare.sh (after they cd to the project's root, and after a
# build, which refreshes the toolchain cache read below): defines java_major and find_java.

# Prints the major version of the java executable $1 (8 for "1.8.0", 25 for "25.0.3"), or 0.
java_major() {
  local version
  version=$("$1" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9.]*\).*/\1/p') || true
  version=${version#1.}
  echo "${version%%.*}" | grep -E '^[0-9]+$' || echo 0
}

# Which java runs the Java side: it must be 21+, and the default `java` may be older (Maven itself
# runs on 17 here). In order:
#  1. $JAVA_HOME, if it is 21+: the user's explicit choice.
#  2. The JDKs the build itself knows: select-jdk-toolchain discovers the installed JDKs (in
#     /usr/lib/jvm, JAVA*_HOME, SDKMAN, ...) and caches them, one <jdkHome> each, in
#     ~/.m2/discovered-jdk-toolchains-cache.xml; ~/.m2/toolchains.xml lists any the user declared.
#     The newest 21+ among them whose bin/java runs is taken. The build before this just wrote the
#     cache, so these are the JDKs Maven chose from, and no path is written into this project.
#     (The plugin itself ranks LTS releases first, so beside a newer non-LTS JDK it may pick
#     another one than this; both are 21+, which is all the Java side needs.)
#  3. `java` on the PATH, if it is 21+.
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] &&
    [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local best="" best_major=0 home major
  for file in "$HOME/.m2/discovered-jdk-toolchains-cache.xml" "$HOME/.m2/toolchains.xml"; do
    [ -r "$file" ] || continue
    while read -r home; do
      [ -x "$home/bin/java" ] || continue
      major=$(java_major "$home/bin/java")
      if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best="$home/bin/java" best_major=$major
      fi
    done < <(sed -n 's:.*<jdkHome>[[:space:]]*\([^<]*[^<[:space:]]\)[[:space:]]*</jdkHome>.*:\1:p' \
      "$file")
  done
  if [ -n "$best" ]; then
    echo "$best"
    return
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ]; then
    command -v java
  fi
}
