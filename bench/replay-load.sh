#!/usr/bin/env bash
# Measures `k2vv replay` throughput and peak memory on loopback: N requests with a tool schema
# against an instant static nginx vendor that answers every request with a valid tool call.
# Prints requests/s and peak RSS; see docs/benchmarks.md, section "Replay".
#
# Usage: bench/replay-load.sh [REQUESTS] [CONCURRENCY]
# Needs: nginx from Debian (installed when missing), GNU time (/usr/bin/time), the .NET SDK.
set -euo pipefail

requests="${1:-4000}"
concurrency="${2:-64}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/k2vv-replay-load.XXXXXX)"
port=18091
# nginx workers run as an unprivileged user and must read the response file.
chmod 755 "$work"

cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if ! command -v nginx >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

# The vendor's only response: a tool call that passes the schema below.
mkdir -p "$work/bodies"
cat > "$work/bodies/completion.json" <<'JSON'
{"id":"cmpl-bench","object":"chat.completion","created":1760000000,"model":"kimi-k2-bench","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"functions.get_weather:0","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Oslo\", \"days\": 3}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}
JSON

cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_buffer_size 128k;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $work/bodies;
    location = /v1/chat/completions { rewrite ^ /completion.json last; }
    # Static files reject POST with 405; serving the file again answers it with 200.
    location = /completion.json { types { } default_type application/json; error_page 405 =200 \$uri; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &

# Distinct requests (the user text differs) with one tool, as in K2VV's samples.
for i in $(seq 1 "$requests"); do
  printf '{"messages":[{"role":"_input","content":"You are a weather assistant."},{"role":"user","content":"Weather in city %d for 3 days?"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Daily forecast.","parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city"]}}}],"stream":false}\n' "$i"
done > "$work/samples.jsonl"

dotnet publish "$root/src/K2VV.Proxy" -c Release -o "$work/k2vv" --nologo -v quiet >&2

for _ in $(seq 1 100); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/v1/chat/completions" && break
  sleep 0.1
done

run() {
  /usr/bin/time -v -o "$work/time.txt" "$work/k2vv/k2vv" replay "$work/samples.jsonl" \
    --model kimi-k2-bench --base-url "http://127.0.0.1:$port/v1" --api-key bench \
    --concurrency "$concurrency" --output "$work/results.jsonl" --summary "$work/summary.json" > "$work/replay.log" 2>&1
}

# The first run warms the disk cache; the second is measured.
run
start=$(date +%s.%N)
run
end=$(date +%s.%N)

wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
rps=$(awk -v n="$requests" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
peak=$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
lines=$(wc -l < "$work/results.jsonl")
success=$(grep -o '"success_count": [0-9]*' "$work/summary.json" | grep -o '[0-9]*$')
valid=$(grep -o '"successful_tool_call_count": [0-9]*' "$work/summary.json" | grep -o '[0-9]*$')

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
echo "Command: k2vv replay samples.jsonl --concurrency $concurrency ($requests requests, process start included)"
echo "| requests | concurrency | wall s | requests/s | peak RSS MiB | results lines | success | valid tool calls |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $requests | $concurrency | $wall | $rps | $peak | $lines | $success | $valid |"
