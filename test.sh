#!/usr/bin/env bash
# The whole test suite. The tests start their own Azurite (from node_modules) on free ports.
#   ./test.sh [runner args]            every test but the slow chaos tests (trait Category=Chaos)
#   ./test.sh --chaos [runner args]    only the chaos tests (killed hosts, throttled storage), their figures shown live
set -euo pipefail
cd "$(dirname "$0")"

filter=(-trait- "Category=Chaos")
if [ "${1:-}" = "--chaos" ]; then
  shift
  filter=(-trait "Category=Chaos" -showLiveOutput)
fi
source scripts/common.sh
ensure_tools

# The dashboard tests drive Debian's Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the dashboard tests..."
  if [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && apt-get install -y -qq chromium; } >.apt.log 2>&1 || { cat .apt.log; exit 1; }
  else
    { sudo apt-get update -qq && sudo apt-get install -y -qq chromium; } >.apt.log 2>&1 || { cat .apt.log; exit 1; }
  fi
fi

echo "Building..."
dotnet build HeatRelief.slnx -c Release -nologo -v quiet >.build.log 2>&1 || { cat .build.log; exit 1; }

mkdir -p artifacts
set +e
tests/bin/Release/net10.0/HeatRelief.Tests -noColor -longRunning 120 -xml artifacts/test-results.xml "${filter[@]}" "$@" | tee artifacts/test-output.txt
status=${PIPESTATUS[0]}
set -e

# One closing line in the plain form CI reads: "N passed, N failed, N skipped".
summary=$(grep -E 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' artifacts/test-output.txt | tail -n 1 || true)
if [ -n "$summary" ]; then
  total=$(sed -E 's/.*Total: ([0-9]+).*/\1/' <<<"$summary")
  errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$summary")
  failed=$(sed -E 's/.*Failed: ([0-9]+).*/\1/' <<<"$summary")
  skipped=$(sed -E 's/.*Skipped: ([0-9]+).*/\1/' <<<"$summary")
  notrun=$(sed -nE 's/.*Not Run: ([0-9]+).*/\1/p' <<<"$summary")
  passed=$((total - failed - skipped - ${notrun:-0}))
  echo "tests: $passed passed, $((failed + errors)) failed, $skipped skipped"
  [ "$total" -gt 0 ] || { echo "error: no test ran" >&2; exit 1; }
else
  echo "error: the test runner printed no summary" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
