#!/usr/bin/env bash
# Soak test of the verifying proxy on loopback only.
#
# Runs the real proxy (ProxyHost, the host `k2vv serve` builds) in front of a raw-socket fake
# vendor started in the same test process. 8 clients send streamed chat completions back to
# back, and 1 % of upstream responses are faulty (mid-stream resets, 500s, resets before the
# headers, invalid chunk sizes). Every tenth of the run it samples open file descriptors,
# threads, managed heap after a full GC and resident memory (RSS) of the process, prints the
# table, writes it to the report file, and fails if RSS grew by 48 MiB or more, the managed
# heap by 16 MiB or more, or descriptors by more than 16 between the first and last sample.
#
# Usage: scripts/soak.sh [SECONDS] [REPORT_FILE]
#   SECONDS      run time, default 600 (10 minutes); the CI test uses 20
#   REPORT_FILE  where the samples go, default soak-report.txt
set -euo pipefail

seconds="${1:-600}"
report="${2:-soak-report.txt}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 10 ]; then
    echo "soak.sh: SECONDS must be a whole number of at least 10, got '$seconds'" >&2
    exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
report="$(realpath -m "$report")"

echo "Soak: ${seconds} s, 1 % faulty upstream responses, report in ${report}"
# The test host bounds each test run; allow the soak time plus five minutes for build and start.
set +e
K2VV_SOAK_SECONDS="$seconds" K2VV_SOAK_REPORT="$report" timeout "$((seconds + 300))" \
    dotnet test "$root/tests/K2VV.Proxy.Tests" \
        --filter "FullyQualifiedName~K2VV.Proxy.Tests.Hardening.SoakTests" \
        --logger "console;verbosity=normal"
status=$?
set -e
echo
echo "Samples (elapsed, requests sent, resources):"
cat "$report" 2>/dev/null || echo "(no samples: the test did not get far enough)"
exit "$status"
