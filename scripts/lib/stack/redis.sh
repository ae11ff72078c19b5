# shellcheck shell=bash
# Redis: a system redis-server or the one inside the embedded-redis jar; start, wait.
# Sourced by scripts/stack, which sets ROOT, VAR, DIST, the ports, TIMEOUT and the helpers first.

# ------------------------------------------------------------------ Redis

# redis-server from PATH, else Debian's package (when we may install it), else the binary that
# ships inside the embedded-redis jar on Maven Central.
redis_binary() {
  local b
  case ${REELRANK_REDIS_SERVER:-} in
    "") ;;
    jar) redis_from_jar; return ;;
    *) echo "$REELRANK_REDIS_SERVER"; return ;;
  esac
  if b=$(command -v redis-server); then echo "$b"; return; fi
  if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    say "redis: installing Debian's redis-server package ..." >&2
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >"$VAR/redis/apt.log" 2>&1 \
       || { apt-get update -q >>"$VAR/redis/apt.log" 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >>"$VAR/redis/apt.log" 2>&1; }; then
      if b=$(command -v redis-server); then echo "$b"; return; fi
    fi
    say "redis: apt-get install failed (see var/stack/redis/apt.log), using the embedded-redis jar" >&2
  fi
  redis_from_jar
}

redis_from_jar() {
  local dir=$DIST/redis arch name jar
  need_java25 # for Maven and the jar tool
  case $(uname -m) in
    x86_64|amd64) arch=linux-amd64 ;;
    aarch64|arm64) arch=linux-arm64 ;;
    *) die "redis: no redis-server for $(uname -m) in the embedded-redis jar" ;;
  esac
  if [[ ! -x "$dir/bin/redis-server" || "$(cat "$dir/.pom.sha256" 2>/dev/null)" != "$(sha_of "$SERVERS_POM")" ]]; then
    fetch_dist redis >&2
    jar=$(find "$dir/lib" -name 'embedded-redis-*.jar' | head -n1)
    [[ -n "$jar" ]] || die "redis: embedded-redis jar missing"
    name=$(unzip -Z1 "$jar" 2>/dev/null | grep -E "^redis-server-.*-$arch\$" | sort -V | tail -n1) \
      || name=$("$JAVA25/bin/jar" tf "$jar" | grep -E "^redis-server-.*-$arch\$" | sort -V | tail -n1)
    [[ -n "$name" ]] || die "redis: no $arch binary inside $jar"
    mkdir -p "$dir/bin"
    (cd "$dir/bin" && "$JAVA25/bin/jar" xf "$jar" "$name" && mv -f "$name" redis-server && chmod +x redis-server)
  fi
  echo "$dir/bin/redis-server"
}

REDIS_BIN=""
redis_prepare() {
  mkdir -p "$VAR/redis/data" "$VAR/redis/logs"
  REDIS_BIN=$(redis_binary)
}

redis_start() {
  local d=$VAR/redis
  rm -f "$d/redis.pid"
  # Redis daemonizes itself and writes its own pid file; no persistence, it is a cache here.
  "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$d/redis.pid" --logfile "$d/logs/redis.log" --dir "$d/data" \
    >>"$d/logs/stdout.log" 2>&1 || { log_tail redis; return 1; }
}

redis_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  until redis_ping "$REDIS_PORT"; do
    if (( SECONDS > deadline )); then echo "stack: redis did not answer PING in time" >&2; return 4; fi
    sleep 0.05
  done
}

redis_schema() { :; }

# What the schema step would apply, as a checksum: a repeated `up` re-applies it only when it
# changed, and `scripts/stack schema` forces it.
redis_schema_sum() { echo none; }
