#!/usr/bin/env bash
# Measures the proxy's cost side by side on loopback: direct to a static nginx vendor, nginx as
# a reverse proxy, `k2vv serve --verification off` and `k2vv serve` with full verification, for
# non-streaming and streaming answers. Prints a Markdown table; see docs/benchmarks.md.
#
# Usage: bench/load/run.sh [DURATION_SECONDS] [CONNECTIONS]
# Needs: nginx and wrk from Debian (installed when missing), python3, the .NET SDK.
set -euo pipefail

duration="${1:-20}"
connections="${2:-64}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
upstream_port=18081
nginx_port=18082
k2vv_port=18083

# shellcheck source=bench/load/common.sh
source "$root/bench/load/common.sh"
setup_work k2vv-load

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi

start_nginx_vendor "$upstream_port" "$nginx_port"
publish_k2vv "$work/k2vv"

# Runs wrk and prints: requests/s p50_ms p99_ms errors
measure() {
  local url="$1" body="$2" delay="${3:-0}" conns="${4:-$connections}"
  local out
  out=$(BODY_FILE="$body" DELAY_MS="$delay" wrk -t2 -c"$conns" -d"${duration}s" --latency \
        -s "$root/bench/load/post.lua" "$url")
  local line
  line=$(grep '^RESULT' <<<"$out")
  local requests duration_us errors non2xx p50 p99
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
  duration_us=$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' <<<"$line")
  errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$line")
  non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.*p50_us=\([0-9]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.*p99_us=\([0-9]*\).*/\1/p' <<<"$line")
  awk -v r="$requests" -v d="$duration_us" -v p50="$p50" -v p99="$p99" -v e="$((errors + non2xx))" \
    'BEGIN { printf "%.0f %.2f %.2f %d\n", r / (d / 1e6), p50 / 1000, p99 / 1000, e }'
}

start_measured_k2vv() {
  local verification="$1" upstream="$2"
  start_k2vv "$work/k2vv/k2vv" "$upstream" "$k2vv_port" "$work/k2vv-$verification.log" --verification "$verification"
  # Warm up the JIT and the schema cache before measuring. Under full load the tiered JIT needs a few
  # seconds to finish its background compilations; a 2-second warm-up left it busy in the measurement.
  BODY_FILE="$work/bodies/request.json" wrk -t1 -c16 -d6s -s "$root/bench/load/post.lua" \
    "http://127.0.0.1:$k2vv_port/v1/chat/completions" >/dev/null
}

stop_k2vv() {
  local peak
  peak=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$k2vv_pid/status")
  kill "$k2vv_pid"
  wait "$k2vv_pid" 2>/dev/null || true
  echo "$peak"
}

wait_for "http://127.0.0.1:$upstream_port/completion.json"

declare -A rows
for kind in json sse; do
  body="$work/bodies/request.json"
  [ "$kind" = sse ] && body="$work/bodies/request-stream.json"

  rows[$kind,direct]="$(measure "http://127.0.0.1:$upstream_port/$kind/v1/chat/completions" "$body") -"
  rows[$kind,nginx]="$(measure "http://127.0.0.1:$nginx_port/$kind/v1/chat/completions" "$body") -"

  for verification in off on; do
    start_measured_k2vv "$verification" "http://127.0.0.1:$upstream_port/$kind/v1"
    result=$(measure "http://127.0.0.1:$k2vv_port/v1/chat/completions" "$body")
    # Latency at about 1,000 requests/s: 10 connections, each pausing 10 ms between requests.
    paced=$(measure "http://127.0.0.1:$k2vv_port/v1/chat/completions" "$body" 10 10)
    rows[$kind,$verification]="$result $(stop_k2vv)"
    rows[$kind,$verification,paced]="$paced"
  done
done

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); wrk -t2 -c$connections -d${duration}s"
echo
for kind in json sse; do
  echo "### $( [ "$kind" = json ] && echo Non-streaming || echo Streaming ) responses"
  echo
  echo "| row | requests/s | p50 ms | p99 ms | errors | vs off | vs nginx | peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  read -r off_rps _ <<<"${rows[$kind,off]}"
  read -r nginx_rps _ <<<"${rows[$kind,nginx]}"
  for row in direct nginx off on; do
    read -r rps p50 p99 errors rss <<<"${rows[$kind,$row]}"
    label="$row"
    case "$row" in
      direct) label="direct to upstream" ;;
      nginx) label="nginx reverse proxy" ;;
      off) label="k2vv serve --verification off" ;;
      on) label="k2vv serve (full verification)" ;;
    esac
    awk -v l="$label" -v r="$rps" -v p50="$p50" -v p99="$p99" -v e="$errors" -v off="$off_rps" -v ng="$nginx_rps" -v rss="$rss" \
      'BEGIN { printf "| %s | %d | %.2f | %.2f | %d | %.2f | %.2f | %s |\n", l, r, p50, p99, e, r / off, r / ng, rss }'
  done
  echo
  read -r _ _ p99_off _ <<<"${rows[$kind,off,paced]}"
  read -r paced_rps _ p99_on _ <<<"${rows[$kind,on,paced]}"
  echo "At about $paced_rps requests/s (10 connections, 10 ms pause): p99 off $p99_off ms, full verification $p99_on ms."
  echo
done
