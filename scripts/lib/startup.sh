# shellcheck shell=bash
# scripts/bench startup: each function started alone, time to ready and RSS, in three JVM modes.
# Sourced by scripts/bench (which sets ROOT, JAVA_HOME and die).
#
#   scripts/bench startup [--functions a,b] [--modes jvm,appcds,aot] [--runs 3] [--port 18090]
#
# jvm     the plain fast-jar, as scripts/local starts it
# appcds  a dynamic AppCDS archive: one training run with -XX:ArchiveClassesAtExit, then
#         -XX:SharedArchiveFile
# aot     the JDK 25 AOT cache (JEP 483/514/515): one training run with -XX:AOTCacheOutput, then
#         -XX:AOTCache (classes loaded and linked, and method profiles, from the training run)
#
# A training run goes as far as a real start does (readiness, i.e. after the function's own
# warm-up), then is stopped with SIGTERM so the JVM writes its archive. "ready" is the time from
# exec to the first 200 of /q/health/ready (polled every 20 ms); RSS is VmRSS at that moment.
# The stack (scripts/stack up) should run, and no other function: the function's dependencies
# are the stores and Kafka, and a function started alone answers ready without its peers.
# Archives go to var/bench/startup/ (git-ignored); they are valid only for the jar they were
# trained on (rebuild the jar: train again).

startup_bench() {
  local functions=event-ingestion,feed-assembly,re-ranking,embedding-refresh,event-archiver
  local modes=jvm,appcds,aot runs=3 port=18090 timeout=180
  while (($#)); do
    case $1 in
      --functions) functions=$2; shift 2 ;;
      --modes) modes=$2; shift 2 ;;
      --runs) runs=$2; shift 2 ;;
      --port) port=$2; shift 2 ;;
      --timeout) timeout=$2; shift 2 ;;
      -h|--help) sed -n '2,22p' "$ROOT/scripts/lib/startup.sh" | sed 's/^# \{0,1\}//'; return 0 ;;
      *) die "startup: unknown option $1" ;;
    esac
  done
  local dir=$ROOT/var/bench/startup
  mkdir -p "$dir"
  echo "| function | mode | runs | ready after (median, min–max) | Quarkus \"started in\" (median) | RSS at ready (median) |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  local f m
  for f in ${functions//,/ }; do
    local jar=$ROOT/functions/$f/target/quarkus-app/quarkus-run.jar
    [[ -f $jar ]] || die "startup: $jar is missing (mvn install -DskipTests)"
    for m in ${modes//,/ }; do
      local extra=()
      case $m in
        jvm) ;;
        appcds)
          rm -f "$dir/$f.jsa"
          echo "startup: $f: AppCDS training run" >&2
          startup_once "$f" "$jar" "$port" "$timeout" "$dir/$f-train-appcds.log" -XX:ArchiveClassesAtExit="$dir/$f.jsa" >/dev/null
          [[ -f $dir/$f.jsa ]] || die "startup: $f: no AppCDS archive written (log: $dir/$f-train-appcds.log)"
          extra=(-XX:SharedArchiveFile="$dir/$f.jsa") ;;
        aot)
          rm -f "$dir/$f.aot"
          echo "startup: $f: AOT cache training run" >&2
          startup_once "$f" "$jar" "$port" "$timeout" "$dir/$f-train-aot.log" -XX:AOTCacheOutput="$dir/$f.aot" >/dev/null
          [[ -f $dir/$f.aot ]] || die "startup: $f: no AOT cache written (log: $dir/$f-train-aot.log)"
          extra=(-XX:AOTCache="$dir/$f.aot") ;;
        *) die "startup: unknown mode $m (jvm, appcds, aot)" ;;
      esac
      local r results=()
      for ((r = 1; r <= runs; r++)); do
        echo "startup: $f $m run $r/$runs" >&2
        results+=("$(startup_once "$f" "$jar" "$port" "$timeout" "$dir/$f-$m-$r.log" "${extra[@]}")")
      done
      printf '%s\n' "${results[@]}" | awk -v f="$f" -v m="$m" '
        { ready[NR] = $1; started[NR] = $2; rss[NR] = $3 }
        function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                           return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { n = NR; lo = ready[1]; hi = ready[1]; for (i = 1; i <= n; i++) { if (ready[i] < lo) lo = ready[i]; if (ready[i] > hi) hi = ready[i] }
              printf "| %s | %s | %d | %.2f s (%.2f–%.2f) | %.2f s | %d MiB |\n", f, m, n, median(ready, n), lo, hi, median(started, n), median(rss, n) / 1024 }'
    done
  done
}

# Starts one function, waits for ready, prints "<ready seconds> <started-in seconds> <rss KiB>",
# stops it with SIGTERM and waits for the exit (an archive is written at exit).
startup_once() {
  local f=$1 jar=$2 port=$3 timeout=$4 log=$5; shift 5
  local t0 pid ready_s rss started
  t0=$(date +%s%N)
  # The flags of the function's image: only feed-assembly (Lucene's SIMD vector code) adds the
  # incubator module, which also turns the AOT cache's class linking off (no archived module graph).
  local modules=()
  [[ $f == feed-assembly ]] && modules=(--add-modules=jdk.incubator.vector)
  # shellcheck disable=SC2086
  PORT=$port "$JAVA_HOME/bin/java" -Xms64m -Xmx${REELRANK_FUNCTION_HEAP:-256m} -XX:+UseSerialGC "$@" \
      "${modules[@]}" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
      -jar "$jar" >"$log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "startup: $f exited (log: $log)"; }
    (( ($(date +%s%N) - t0) / 1000000000 > timeout )) && { kill -9 "$pid"; die "startup: $f not ready after ${timeout}s (log: $log)"; }
    sleep 0.02
  done
  ready_s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.3f", (b-a)/1e9}')
  rss=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status")
  started=$(grep -oE 'started in [0-9.]+s' "$log" | tail -n1 | grep -oE '[0-9.]+' || echo 0)
  kill "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    (( waited++ > 3000 )) && { kill -9 "$pid"; break; }   # 60 s: writing an AOT cache takes a while
    sleep 0.02
  done
  echo "$ready_s $started $rss"
}
