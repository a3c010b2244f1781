#!/usr/bin/env bash
# Checks the Prometheus files under grafana/prometheus with promtool: the configuration, the
# rule files and the rule unit tests. promtool comes with Debian's `prometheus` package.
set -euo pipefail
cd "$(dirname "$0")/../grafana/prometheus"

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found on PATH. Install it with: apt-get install -y prometheus" >&2
  exit 1
fi

promtool check config prometheus.yml
promtool check rules recording-rules.yaml alert-rules.yaml
promtool test rules tests/*.test.yaml
