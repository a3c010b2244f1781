#!/usr/bin/env bash
# Time to first byte of a streamed answer through `k2vv serve`, with verification off and on, one
# request at a time (no load), against a static SSE vendor. Prints the median and p99 in ms.
#
# Usage: bench/load/ttfb.sh [REQUESTS]
# Needs: nginx, curl, python3, the .NET SDK.
set -euo pipefail

requests="${1:-300}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
upstream_port=18101
k2vv_port=18103

# shellcheck source=bench/load/common.sh
source "$root/bench/load/common.sh"
setup_work k2vv-ttfb

start_nginx_vendor "$upstream_port" 18102
publish_k2vv "$work/k2vv"

# Prints "median p99" of curl's time_starttransfer in ms over $requests sequential requests.
sample() {
  local url="$1"
  for _ in $(seq 1 "$requests"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' \
      --data-binary "@$work/bodies/request-stream.json" "$url"
  done | sort -n | awk '{ v[NR] = $1 * 1000 } END { printf "%.2f %.2f\n", v[int(NR * 0.5)], v[int(NR * 0.99)] }'
}

echo "| row | TTFB median ms | TTFB p99 ms |"
echo "|---|---:|---:|"
read -r median p99 <<<"$(sample "http://127.0.0.1:$upstream_port/sse/v1/chat/completions")"
echo "| direct to upstream | $median | $p99 |"
for verification in off on; do
  start_k2vv "$work/k2vv/k2vv" "http://127.0.0.1:$upstream_port/sse/v1" "$k2vv_port" "$work/k2vv-$verification.log" \
    --verification "$verification"
  sample "http://127.0.0.1:$k2vv_port/v1/chat/completions" >/dev/null
  read -r median p99 <<<"$(sample "http://127.0.0.1:$k2vv_port/v1/chat/completions")"
  echo "| k2vv serve --verification $verification | $median | $p99 |"
  kill "$k2vv_pid"
  wait "$k2vv_pid" 2>/dev/null || true
done
