# shellcheck shell=bash
# The stack script's helpers: messages, ports and pids, server downloads, the Java admin tool.
# Sourced by scripts/stack, which sets ROOT, VAR, DIST, the ports, TIMEOUT and the helpers first.

# ------------------------------------------------------------------ small helpers

say()  { echo "stack: $*"; }
info() { [[ "$VERBOSE" == 1 ]] && echo "stack: $*" || true; }
die()  { echo "stack: error: $*" >&2; exit 1; }

now_ns() { date +%s%N; }
# Seconds with one decimal between two now_ns readings.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

port_of() {
  case $1 in
    kafka) echo "$KAFKA_PORT" ;;
    cassandra) echo "$CASSANDRA_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
  esac
}

pidfile_of() { echo "$VAR/$1/$1.pid"; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no tools needed).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Redis answers PING with +PONG; spoken by hand so redis-cli is not needed.
redis_ping() {
  local reply
  reply=$(
    {
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf 'PING\r\n' >&3
      IFS= read -r -t 2 line <&3 && printf '%s' "$line"
    } 2>/dev/null
  ) || return 1
  [[ "$reply" == "+PONG"* ]]
}

# The pid recorded for a server if that process is alive AND is really ours: pids are reused,
# so the command line must point into our var/stack folder (Java servers), or, for Redis (which
# rewrites its command line), its working directory must be ours. Prints the pid, or nothing
# with status 1.
our_pid() {
  local name=$1 pidfile pid cmd
  pidfile=$(pidfile_of "$name")
  [[ -s "$pidfile" ]] || return 1
  pid=$(tr -dc '0-9' < "$pidfile")
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  case $name in
    redis) [[ "$cmd" == *redis-server* && "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$VAR/redis/data" ]] || return 1 ;;
    *) [[ "$cmd" == *"$VAR/$name/"* ]] || return 1 ;;
  esac
  echo "$pid"
}

# The port a running server of ours was started on (it may differ from this shell's settings).
started_port() {
  local pid
  if [[ -s "$VAR/$1/port" ]]; then cat "$VAR/$1/port"; return; fi
  # Without the file (a server started by an older version of this script), Redis still shows
  # its address in its process title.
  if [[ $1 == redis ]] && pid=$(our_pid redis); then
    tr '\0' ' ' < "/proc/$pid/cmdline" | sed -n 's/.*:\([0-9][0-9]*\).*/\1/p'
    return
  fi
  port_of "$1"
}

rss_mb() {
  awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || true
}

# Last lines of a server's logs, for error messages.
log_tail() {
  local name=$1 f
  for f in "$VAR/$name/logs/stdout.log" "$(main_log "$name")"; do
    if [[ -s "$f" ]]; then
      echo "----- last lines of ${f#"$ROOT/"} -----" >&2
      tail -n 25 "$f" >&2
    fi
  done
}

main_log() {
  case $1 in
    kafka) echo "$VAR/kafka/logs/server.log" ;;
    cassandra) echo "$VAR/cassandra/logs/system.log" ;;
    redis) echo "$VAR/redis/logs/redis.log" ;;
    *) return 1 ;;
  esac
}

# ------------------------------------------------------------------ downloads

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# Copies one profile's runtime jars into var/stack/dist/<profile>/lib unless an earlier copy was
# made from the same pom (stamp = the pom's checksum). Maven runs on Java 25 because the
# repository's .mvn/jvm.config carries options only newer JVMs accept.
fetch_dist() {
  local profile=$1 dir=$DIST/$1 want stamp log t0
  want=$(sha_of "$SERVERS_POM")
  stamp=$dir/.pom.sha256
  if [[ -d "$dir/lib" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: Maven is needed to fetch the $profile jars"
  say "fetching $profile jars from Maven Central (once) ..."
  t0=$(now_ns)
  rm -rf "$dir"
  mkdir -p "$dir"
  log=$dir/mvn.log
  if ! (cd "$ROOT/scripts/servers" && JAVA_HOME=$JAVA25 mvn -B -q -f "$SERVERS_POM" -P "$profile" \
          -Dstack.dist="$DIST" validate) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "could not fetch the $profile jars (full log: ${log#"$ROOT/"})"
  fi
  echo "$want" > "$stamp"
  say "fetched $profile in $(elapsed "$t0" "$(now_ns)") s ($(find "$dir/lib" -name '*.jar' | wc -l) jar files)"
}

# ------------------------------------------------------------------ Java

JAVA25=""
JAVA17=""
need_java25() { [[ -n "$JAVA25" ]] || JAVA25=$(reelrank_java25) || die "Kafka and the admin tools need a JDK >= 25"; }
need_java17() { [[ -n "$JAVA17" ]] || JAVA17=$(reelrank_java17) || die "Cassandra 5.0 needs Java 17 or 11"; }

# Runs scripts/lib/StackAdmin.java. By hand it runs with the source launcher
# (java -cp "var/stack/dist/admin/lib/*" scripts/lib/StackAdmin.java ...), but that compiles it
# in memory on every run: 2 s idle, and about 20 s measured while Kafka and Cassandra were
# starting on 2 cores, which hid the servers' real start-up time. So `up` compiles it once
# (again when the source or the jars change) and runs the classes.
ADMIN_CLASSES=$DIST/admin/classes
admin_compile() {
  local want
  want=$(cat "$ADMIN_SRC" "$DIST/admin/.pom.sha256" | sha256sum | cut -d' ' -f1)
  [[ -f "$ADMIN_CLASSES/StackAdmin.class" && "$(cat "$ADMIN_CLASSES/.sha256" 2>/dev/null)" == "$want" ]] && return 0
  rm -rf "$ADMIN_CLASSES"
  mkdir -p "$ADMIN_CLASSES"
  "$JAVA25/bin/javac" -nowarn -d "$ADMIN_CLASSES" -cp "$DIST/admin/lib/*" "$ADMIN_SRC" \
    || die "could not compile ${ADMIN_SRC#"$ROOT/"}"
  echo "$want" > "$ADMIN_CLASSES/.sha256"
}
admin() {
  "$JAVA25/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
    -cp "$ADMIN_CLASSES:$DIST/admin/lib/*" StackAdmin "$@"
}

# Starts "$@" detached from this shell's session (so a Ctrl-C on `up` does not reach the
# server) with its output in $2, and records its pid in $1. exec keeps the pid stable.
spawn() {
  local pidfile=$1 out=$2
  shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$out" 2>&1 &
  local i
  for i in $(seq 1 50); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
  done
  die "could not start $*"
}

