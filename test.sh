#!/usr/bin/env bash
# The test suite: three xunit v3 executables, tests/Unit (no storage), tests/Integration and tests/Chaos (each
# starts its own Azurite from node_modules on free ports), built once, run one after the other.
#   ./test.sh [runner args]            Unit, Integration, then the quicker Chaos tests: every test but the slow
#                                      chaos tests (trait Category=Chaos)
#   ./test.sh --unit [runner args]     only the unit tests: no Azurite, no Node.js, no browser needed
#   ./test.sh --chaos [runner args]    only the slow chaos tests (killed hosts, throttled storage), their figures shown live
# Runner args (e.g. -class "*PipelineTests") go to each project run; where they match nothing, it runs 0 tests.
# Ends with one line in the plain form CI reads, summed over the projects: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

mode=default
case "${1:-}" in
  --unit) mode=unit; shift ;;
  --chaos) mode=chaos; shift ;;
esac

source scripts/common.sh
if [ "$mode" = unit ]; then
  require dotnet "install the .NET 10 SDK"
else
  ensure_tools
fi

# The dashboard tests (Integration) drive Debian's Chromium through Playwright (no browser download), and keep
# screenshots a reader checks in Chinese: a Chinese font (WenQuanYi Zen Hei) too, or every character is a box.
packages=()
if [ "$mode" = default ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || packages+=(fonts-wqy-zenhei)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "Installing Debian's ${packages[*]} for the dashboard tests..."
  if [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && apt-get install -y -qq "${packages[@]}"; } >.apt.log 2>&1 || { cat .apt.log; exit 1; }
  else
    { sudo apt-get update -qq && sudo apt-get install -y -qq "${packages[@]}"; } >.apt.log 2>&1 || { cat .apt.log; exit 1; }
  fi
fi

case "$mode" in
  unit) build=tests/Unit/HeatRelief.Tests.Unit.csproj ;;
  chaos) build=tests/Chaos/HeatRelief.Tests.Chaos.csproj ;;
  *) build=HeatRelief.slnx ;;
esac
echo "Building..."
dotnet build "$build" -c Release -nologo -v quiet >.build.log 2>&1 || { cat .build.log; exit 1; }

mkdir -p artifacts
rm -f artifacts/test-results*.xml artifacts/test-output*.txt
passed=0 failed=0 skipped=0 total=0 status=0

# Runs one test project: results in artifacts/test-results-<project>.xml, its output in
# artifacts/test-output-<project>.txt (and all projects' output in artifacts/test-output.txt).
run_project() {
  local project=$1
  shift
  local name
  name=$(tr '[:upper:]' '[:lower:]' <<<"$project")
  local output="artifacts/test-output-$name.txt"
  set +e
  "tests/$project/bin/Release/net10.0/HeatRelief.Tests.$project" -noColor -longRunning 120 \
    -xml "artifacts/test-results-$name.xml" "$@" | tee "$output"
  local code=${PIPESTATUS[0]}
  set -e
  cat "$output" >>artifacts/test-output.txt
  [ "$code" -eq 0 ] || status=$code

  # "HeatRelief.Tests.X  Total: N, Errors: N, Failed: N, Skipped: N, Not Run: N, Time: ..." or, when the
  # filters match nothing here, "HeatRelief.Tests.X  Total: 0".
  local summary
  # -a: a test that prints hostile bytes must not turn the output into "binary" for grep and hide the summary.
  summary=$(grep -aE "HeatRelief\.Tests\.$project +Total: [0-9]+" "$output" | tail -n 1 || true)
  if [ -z "$summary" ]; then
    echo "error: the $project tests printed no summary" >&2
    # Counted as a failure, so the closing line never reads "0 failed" for a run that could not be read.
    failed=$((failed + 1))
    [ "$status" -ne 0 ] || status=1
    return
  fi
  local t e f s n
  t=$(sed -E 's/.*Total: ([0-9]+).*/\1/' <<<"$summary")
  e=$(sed -nE 's/.*Errors: ([0-9]+).*/\1/p' <<<"$summary")
  f=$(sed -nE 's/.*Failed: ([0-9]+).*/\1/p' <<<"$summary")
  s=$(sed -nE 's/.*Skipped: ([0-9]+).*/\1/p' <<<"$summary")
  n=$(sed -nE 's/.*Not Run: ([0-9]+).*/\1/p' <<<"$summary")
  total=$((total + t))
  passed=$((passed + t - ${f:-0} - ${s:-0} - ${n:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${s:-0}))
  if [ "${e:-0}" -gt 0 ] || [ "${f:-0}" -gt 0 ]; then
    [ "$status" -ne 0 ] || status=1
  fi
}

case "$mode" in
  unit)
    run_project Unit "$@"
    ;;
  chaos)
    run_project Chaos -trait "Category=Chaos" -showLiveOutput "$@"
    ;;
  *)
    run_project Unit "$@"
    run_project Integration -trait- "Category=Chaos" "$@"
    run_project Chaos -trait- "Category=Chaos" "$@"
    ;;
esac

# One closing line in the plain form CI reads: "N passed, N failed, N skipped".
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$total" -eq 0 ]; then
  echo "error: no test ran" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
