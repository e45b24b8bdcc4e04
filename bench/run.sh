#!/usr/bin/env bash
# The benchmark harness (issue 8), one command from a fresh clone:  bash bench/run.sh  [--quick]
# Publishes the app in Release, builds the bench, and runs every scenario on loopback: the bench hosts the fake
# OpenAI-compatible provider itself, starts the app (and later a second one with pacing on) as child processes,
# drives Chromium and lightweight circuits, then writes docs/benchmarks.md and docs/benchmarks/*.png (gnuplot).
# Everything it starts stops by itself: the app processes by their ids, Chromium with its Playwright session.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v gnuplot >/dev/null; then
  echo "[bench] installing gnuplot (charts)"; apt-get update -qq && apt-get install -y -qq gnuplot-nox >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "[bench] installing chromium"; apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

work="$(mktemp -d /tmp/adminchat-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "[bench] publishing the app (Release) to $work/app"
dotnet publish src/AdminChat.Web -c Release -o "$work/app" -nologo -v quiet
echo "[bench] building the harness"
dotnet build bench/AdminChat.Bench -c Release -nologo -v quiet
dotnet bench/AdminChat.Bench/bin/Release/net10.0/AdminChat.Bench.dll --app "$work/app/AdminChat.Web.dll" --out "$root/docs" "$@"
