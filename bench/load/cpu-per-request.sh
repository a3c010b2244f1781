#!/usr/bin/env bash
# CPU time that `k2vv serve` spends per request, with verification off and on, at a paced rate
# (CONNECTIONS connections, each pausing 10 ms between requests) against a static nginx vendor.
# The proxy's user+system time comes from /proc, so other processes on the machine do not count.
#
# Usage: bench/load/cpu-per-request.sh [DURATION_SECONDS] [CONNECTIONS] [K2VV_DIR]
# K2VV_DIR: a published k2vv to measure instead of publishing this checkout.
# Needs: nginx, wrk, python3, the .NET SDK.
set -euo pipefail

duration="${1:-20}"
connections="${2:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
upstream_port=18111
k2vv_port=18113

# shellcheck source=bench/load/common.sh
source "$root/bench/load/common.sh"
setup_work k2vv-cpu

start_nginx_vendor "$upstream_port" 18112
k2vv_dir="${3:-}"
if [ -z "$k2vv_dir" ]; then
  k2vv_dir="$work/k2vv"
  publish_k2vv "$k2vv_dir"
fi

# Clock ticks of user plus system time of a process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "| answer | verification | requests/s | CPU us per request |"
echo "|---|---|---:|---:|"
for kind in json sse; do
  body="$work/bodies/request.json"
  [ "$kind" = sse ] && body="$work/bodies/request-stream.json"
  for verification in off on; do
    start_k2vv "$k2vv_dir/k2vv" "http://127.0.0.1:$upstream_port/$kind/v1" "$k2vv_port" "$work/k2vv.log" \
      --verification "$verification"
    BODY_FILE="$body" wrk -t1 -c16 -d6s -s "$root/bench/load/post.lua" "http://127.0.0.1:$k2vv_port/v1/chat/completions" >/dev/null
    sleep 2
    before=$(cpu_ticks "$k2vv_pid")
    line=$(BODY_FILE="$body" DELAY_MS=10 wrk -t1 -c"$connections" -d"${duration}s" -s "$root/bench/load/post.lua" \
      "http://127.0.0.1:$k2vv_port/v1/chat/completions" | grep '^RESULT')
    after=$(cpu_ticks "$k2vv_pid")
    requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
    ticks=$(getconf CLK_TCK)
    awk -v k="$kind" -v v="$verification" -v r="$requests" -v d="$duration" -v c="$((after - before))" -v t="$ticks" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f |\n", k, v, r / d, c / t * 1e6 / r }'
    kill "$k2vv_pid"
    wait "$k2vv_pid" 2>/dev/null || true
  done
done
