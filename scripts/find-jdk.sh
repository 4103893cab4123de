# Sourced by ./mvnw and ./floe: sets JAVA_HOME to a JDK of at least $min_java (default 25).
# JAVA_HOME is kept when it is new enough; otherwise the newest suitable JDK under /usr/lib/jvm,
# /opt/java, /opt or ~/.sdkman/candidates/java is taken; otherwise this stops with what to install.

min_java="${min_java:-25}"

floe_java_major() {
  # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  fi
}

floe_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    local major; major="$(floe_java_major "$JAVA_HOME")"
    if [ -n "$major" ] && [ "$major" -ge "$min_java" ]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$candidate" ] || continue
    major="$(floe_java_major "$candidate")"
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min_java" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  echo "$best"
}

floe_jdk="$(floe_find_jdk)"
if [ -z "$floe_jdk" ]; then
  echo "Floe needs a JDK $min_java or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}): set JAVA_HOME to one, or install one under /usr/lib/jvm (for example Temurin $min_java, package temurin-$min_java-jdk)" >&2
  exit 1
fi
export JAVA_HOME="$floe_jdk"
