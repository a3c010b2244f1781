#!/usr/bin/env bash
# Peak and sampled resident memory of `k2vv serve` (full verification) under many concurrent
# streams: wrk keeps CONNECTIONS connections posting the streaming request to a static SSE vendor.
# Prints one line per sample and a summary; see docs/benchmarks.md.
#
# Usage: bench/load/rss.sh [DURATION_SECONDS] [CONNECTIONS] [SAMPLE_SECONDS]
# Needs: nginx and wrk from Debian, python3, the .NET SDK.
set -euo pipefail

duration="${1:-180}"
connections="${2:-200}"
interval="${3:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
upstream_port=18091
k2vv_port=18093

# shellcheck source=bench/load/common.sh
source "$root/bench/load/common.sh"
setup_work k2vv-rss

start_nginx_vendor "$upstream_port" 18092
publish_k2vv "$work/k2vv"
start_k2vv "$work/k2vv/k2vv" "http://127.0.0.1:$upstream_port/sse/v1" "$k2vv_port" "$work/k2vv.log"

BODY_FILE="$work/bodies/request-stream.json" wrk -t2 -c"$connections" -d"${duration}s" \
  -s "$root/bench/load/post.lua" "http://127.0.0.1:$k2vv_port/v1/chat/completions" >"$work/wrk.out" &
wrk_pid=$!
pids+=("$wrk_pid")

echo "| seconds | RSS MiB | peak RSS MiB |"
echo "|---:|---:|---:|"
elapsed=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep "$interval"
  elapsed=$((elapsed + interval))
  awk -v s="$elapsed" '/VmRSS/ { rss = int($2 / 1024) } /VmHWM/ { hwm = int($2 / 1024) } END { printf "| %d | %d | %d |\n", s, rss, hwm }' "/proc/$k2vv_pid/status"
done
wait "$wrk_pid" || true
grep -E 'Requests/sec|requests in|RESULT' "$work/wrk.out" || true
awk '/VmHWM/ { printf "Peak RSS: %d MiB\n", int($2 / 1024) }' "/proc/$k2vv_pid/status"
