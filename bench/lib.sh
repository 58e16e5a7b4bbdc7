# Shell helpers shared by the bench scripts; source it after `cd` to the repository.

millis() { date +%s%3N; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for URL [PID]: until URL answers; fails if the process PID ends first.
wait_for() {
  until curl -sf "$1" >/dev/null; do
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then echo "bench: the server for $1 stopped" >&2; return 1; fi
    sleep 0.02
  done
}

# to_ms DURATION: wrk's 812.00us, 1.20ms or 1.05s as milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# cpu_ticks PID...: the CPU time the processes have used, user and system, in clock ticks.
cpu_ticks() { local pid total=0; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }

# measure SECONDS CONNECTIONS URL [lua script]: prints "req/s p50 p99 non-2xx cpu" of one wrk run, where
# cpu is the CPU time the processes in $SERVER_PIDS used per request, in microseconds: machine noise
# moves it far less than req/s, since it counts only the time the server itself ran. wrk's timeout is
# raised from its 2 s, which would leave the slowest answers (long top 10s under load) out of p50 and p99.
measure() {
  local seconds=$1 connections=$2 url=$3 script=${4:-} threads=2 out before after
  [ "$connections" -lt 2 ] && threads=1
  # shellcheck disable=SC2086 # a list of PIDs
  before=$(cpu_ticks ${SERVER_PIDS:-})
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 60s --latency ${script:+-s "$script"} "$url")
  # shellcheck disable=SC2086
  after=$(cpu_ticks ${SERVER_PIDS:-})
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")") $(awk '/Non-2xx/ {n = $5} END {print n + 0}' <<<"$out") $(awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '/ requests in / {printf "%.0f", ticks * 1e6 / hz / $1}' <<<"$out")"
}

peak_rss() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }

# clerks SF: how many clerks dbgen names at scale factor SF (1,000 per unit, at least 10).
clerks() { awk -v s="$1" 'BEGIN { n = int(1000 * s); print (n < 10 ? 10 : n) }'; }

# memory_run SECONDS SCALE URL DIR: the heaviest load, cold requests of both reports at 64
# connections, 32 each; wrk's reports go to DIR/memory-top10.out and DIR/memory-clerk.out.
memory_run() {
  FAMILY=connector wrk -t1 -c32 -d"$1s" -s bench/lua/top10-ranges.lua "$3" > "$4/memory-top10.out" 2>&1 &
  local top10=$!
  FAMILY=snowpark CLERKS=$(clerks "$2") wrk -t1 -c32 -d"$1s" -s bench/lua/clerk-years.lua "$3" > "$4/memory-clerk.out" 2>&1 || true
  wait "$top10" || true
}

# answers WRK_REPORT: "R req/s, N non-2xx" of one wrk run, and its socket errors if it had any.
answers() {
  echo "$(awk '/Requests\/sec/ {print $2}' "$1") req/s, $(awk '/Non-2xx/ {n = $5} END {print n + 0}' "$1") non-2xx$(awk '/Socket errors/ {sub(/^ */, ""); print "; " $0}' "$1")"
}

# median: the median of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
