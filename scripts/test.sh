#!/usr/bin/env bash
# Runs every AdminChat test on a fresh machine: installs what the browser tests need, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "Installing ${need_packages[*]} (needs root and Debian's package archive)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

dotnet build AdminChat.sln -c Release -warnaserror

# The storage tests run against PostgreSQL as well as SQLite: a throwaway server on loopback, gone when we exit.
# A server that was already running (a developer's, or another run's) is left running.
if ! bash scripts/postgres-test-server.sh status >/dev/null 2>&1; then
  trap 'bash scripts/postgres-test-server.sh stop || true' EXIT
fi
ADMINCHAT_TEST_POSTGRES=$(bash scripts/postgres-test-server.sh start | tail -n 1)
export ADMINCHAT_TEST_POSTGRES

results=$(mktemp -d)
status=0
dotnet test AdminChat.sln -c Release --no-build --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" 2>&1 | tee "$results/output.txt" || status=$?

# One plain closing line, from the results file, whatever the runner printed above.
counters=$(grep -o '<Counters [^>]*' "$results"/*.trx 2>/dev/null | head -n 1 || true)
passed=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")
failed=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit $status
