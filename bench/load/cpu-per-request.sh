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
work="$(mktemp -d /tmp/k2vv-cpu.XXXXXX)"
chmod 755 "$work"
upstream_port=18111
k2vv_port=18113
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$root/bench/load/make-bodies.py" "$work/bodies" >&2
sed -e "s#__DIR__#$work#g" -e "s/__UPSTREAM_PORT__/$upstream_port/" -e "s/__NGINX_PROXY_PORT__/18112/" \
  "$root/bench/load/nginx.conf.template" > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
k2vv_dir="${3:-}"
if [ -z "$k2vv_dir" ]; then
  k2vv_dir="$work/k2vv"
  dotnet publish "$root/src/K2VV.Proxy" -c Release -o "$k2vv_dir" --nologo -v quiet >&2
fi

# Clock ticks of user plus system time of a process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "| answer | verification | requests/s | CPU us per request |"
echo "|---|---|---:|---:|"
for kind in json sse; do
  body="$work/bodies/request.json"
  [ "$kind" = sse ] && body="$work/bodies/request-stream.json"
  for verification in off on; do
    "$k2vv_dir/k2vv" serve --upstream "http://127.0.0.1:$upstream_port/$kind/v1" --urls "http://127.0.0.1:$k2vv_port" \
      --verification "$verification" >"$work/k2vv.log" 2>&1 &
    k2vv_pid=$!
    pids+=("$k2vv_pid")
    for _ in $(seq 1 100); do
      curl -sf -o /dev/null "http://127.0.0.1:$k2vv_port/healthz" && break
      sleep 0.1
    done
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
