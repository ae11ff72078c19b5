# shellcheck shell=bash
# Finds the JDKs the project's scripts need. Source it, then:
#   JAVA25_HOME=$(reelrank_java25) || exit 1   # build, services, Kafka, admin tools
#   JAVA17_HOME=$(reelrank_java17) || exit 1   # Cassandra 5.0 (supports Java 11/17 only)
# Each function echoes a JDK home on stdout, or prints why not on stderr and returns 1.
# Nothing here exits or changes the caller's environment.

# Prints the feature release (17, 25, ...) of the JDK at home $1, or nothing.
reelrank_jdk_feature() {
  local home=$1 line v
  [[ -x "$home/bin/java" ]] || return 1
  # The 'release' file is cheap to read; fall back to running java when it is absent.
  if [[ -r "$home/release" ]]; then
    line=$(grep -m1 '^JAVA_VERSION=' "$home/release" 2>/dev/null)
    v=${line#JAVA_VERSION=}; v=${v//\"/}
  fi
  if [[ -z "${v:-}" ]]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  [[ -n "$v" ]] || return 1
  v=${v#1.}            # 1.8 -> 8
  echo "${v%%[.+-]*}"  # 17.0.15 -> 17
}

# Prints the JDK home of the `java` on PATH (resolving symlinks), or nothing.
reelrank_path_java_home() {
  local j
  j=$(command -v java 2>/dev/null) || return 1
  j=$(readlink -f "$j") || return 1
  dirname "$(dirname "$j")"
}

# Candidate homes in order of preference: $JAVA_HOME, then /usr/lib/jvm (newest name last
# in sort order, so reversed), then the java on PATH. Symlinked duplicates are removed.
reelrank_jdk_candidates() {
  local seen=" " h r
  for h in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) "$(reelrank_path_java_home)"; do
    [[ -n "$h" && -x "$h/bin/java" ]] || continue
    r=$(readlink -f "$h")
    [[ "$seen" == *" $r "* ]] && continue
    seen+="$r "
    echo "$r"
  done
}

# A JDK (with javac, since the source launcher and Maven need a compiler) >= 25.
reelrank_java25() {
  local h f
  while read -r h; do
    f=$(reelrank_jdk_feature "$h") || continue
    if (( f >= 25 )) && [[ -x "$h/bin/javac" ]]; then echo "$h"; return 0; fi
  done < <(reelrank_jdk_candidates)
  echo "reelrank: no JDK >= 25 found (checked \$JAVA_HOME, /usr/lib/jvm, PATH); install a Temurin 25 JDK" >&2
  return 1
}

# A Java 17 (preferred) or 11 runtime for Cassandra 5.0, which refuses newer JVMs.
reelrank_java17() {
  local h f want
  for want in 17 11; do
    while read -r h; do
      f=$(reelrank_jdk_feature "$h") || continue
      if (( f == want )); then echo "$h"; return 0; fi
    done < <(reelrank_jdk_candidates)
  done
  echo "reelrank: no Java 17 or 11 found for Cassandra 5.0 (checked \$JAVA_HOME, /usr/lib/jvm, PATH); try: apt-get install openjdk-17-jdk-headless" >&2
  return 1
}
