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
work="$(mktemp -d /tmp/k2vv-rss.XXXXXX)"
chmod 755 "$work"
upstream_port=18091
k2vv_port=18093
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$root/bench/load/make-bodies.py" "$work/bodies" >&2
sed -e "s#__DIR__#$work#g" -e "s/__UPSTREAM_PORT__/$upstream_port/" -e "s/__NGINX_PROXY_PORT__/18092/" \
  "$root/bench/load/nginx.conf.template" > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
dotnet publish "$root/src/K2VV.Proxy" -c Release -o "$work/k2vv" --nologo -v quiet >&2

"$work/k2vv/k2vv" serve --upstream "http://127.0.0.1:$upstream_port/sse/v1" --urls "http://127.0.0.1:$k2vv_port" \
  >"$work/k2vv.log" 2>&1 &
k2vv_pid=$!
pids+=("$k2vv_pid")
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$k2vv_port/healthz" && break
  sleep 0.1
done

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
