# Sourced by every script in bin/ and by .ci/run. Finds a JDK 21 or newer and exports
# JAVA_HOME and JAVA for it: JAVA_HOME first, then the java on PATH, then /usr/lib/jvm/*
# (newest first; GEAR_JVM_DIR overrides that folder). Where none qualifies it says so in one line and exits.

gear_java_major() { # path-to-java -> major version number, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

gear_find_jdk() {
  local candidates=() java major
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  if java=$(command -v java 2>/dev/null); then candidates+=("$(readlink -f "$java")"); fi
  for java in $(ls -d "${GEAR_JVM_DIR:-/usr/lib/jvm}"/*/bin/java 2>/dev/null | sort -rV); do candidates+=("$java"); done
  for java in "${candidates[@]}"; do
    [[ -x "$java" && -x "$(dirname "$java")/javac" ]] || continue
    major=$(gear_java_major "$java")
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      JAVA_HOME=$(cd "$(dirname "$java")/.." && pwd)
      return 0
    fi
  done
  return 1
}

if ! gear_find_jdk; then
  echo "gearpump: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and ${GEAR_JVM_DIR:-/usr/lib/jvm}/*); install one or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
export JAVA
