# Shared set-up of the load scripts, sourced by them: a temporary folder removed on exit, the
# canned bodies, a static nginx vendor, a published k2vv, and starting k2vv serve.
# The sourcing script sets `root` (the repository) before sourcing.

pids=()

# Creates the work folder with the given name prefix and removes it, and every started
# process, when the script exits.
setup_work() {
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  # nginx workers run as www-data and must read the canned bodies.
  chmod 755 "$work"
  trap cleanup EXIT
}

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Killing the nginx master above may already have removed its pid file.
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work"
}

# Writes the bodies to $work/bodies and starts nginx: the static vendor on UPSTREAM_PORT and a
# plain reverse proxy in front of it on NGINX_PORT.
start_nginx_vendor() {
  local upstream_port="$1" nginx_port="$2"
  python3 "$root/bench/load/make-bodies.py" "$work/bodies" >&2
  sed -e "s#__DIR__#$work#g" -e "s/__UPSTREAM_PORT__/$upstream_port/" -e "s/__NGINX_PROXY_PORT__/$nginx_port/" \
    "$root/bench/load/nginx.conf.template" > "$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work" &
  pids+=($!)
}

# Publishes this checkout's k2vv (Release) into the folder given.
publish_k2vv() {
  dotnet publish "$root/src/K2VV.Proxy" -c Release -o "$1" --nologo -v quiet >&2
}

# Waits until URL answers with a 2xx status, for at most 10 seconds.
wait_for() {
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# Starts K2VV_BINARY serve in front of UPSTREAM on 127.0.0.1:PORT with the remaining arguments,
# logging to LOG, waits for /healthz and sets k2vv_pid.
start_k2vv() {
  local binary="$1" upstream="$2" port="$3" log="$4"
  shift 4
  "$binary" serve --upstream "$upstream" --urls "http://127.0.0.1:$port" "$@" >"$log" 2>&1 &
  k2vv_pid=$!
  pids+=("$k2vv_pid")
  wait_for "http://127.0.0.1:$port/healthz"
}
