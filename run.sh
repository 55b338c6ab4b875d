#!/usr/bin/env bash
# The main job: start Azurite, load the demo data, run HeatRelief's functions locally.
#   ./run.sh            run continuously (Ctrl-C stops everything this script started)
#   ./run.sh --once     one heat check, drain every queue, print the summary, exit
#   ./run.sh CMD ...    any self-host command: evaluate, import, run, logs, token, help
# Progress notes go to stderr, so `./run.sh logs --csv > day.csv` and TOKEN=$(./run.sh token ...) capture only their output.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh
ensure_tools

echo "Building the self-host..." >&2
dotnet build selfhost/HeatRelief.SelfHost.csproj -c Release -nologo -v quiet >.build.log 2>&1 || { cat .build.log >&2; exit 1; }
selfhost=(dotnet selfhost/bin/Release/net10.0/HeatRelief.SelfHost.dll)

command="${1:-run}"
case "$command" in
  evaluate|token|help|--help)
    # Grading a recorded forecast and signing a development token need no storage.
    exec "${selfhost[@]}" "$@" ;;
esac

azurite_pid=""
cleanup() {
  if [ -n "$azurite_pid" ] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill -TERM "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$azurite_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$azurite_pid" 2>/dev/null || true
    echo "Azurite stopped." >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
  echo "Using the storage emulator already listening on 127.0.0.1:10000-10002." >&2
else
  mkdir -p .azurite
  # Its own session: Ctrl-C reaches the self-host first, which stops cleanly while storage is still up;
  # the EXIT trap then stops Azurite.
  setsid node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
    sleep 0.1
  done
  echo "Azurite started (data in .azurite/, log in .azurite/azurite.log)." >&2
fi

case "$command" in
  run|--once|--no-initial-check)
    "${selfhost[@]}" import samples
    if [ "$command" = run ] && [ $# -gt 0 ]; then shift; fi
    "${selfhost[@]}" run "$@" ;;
  *)
    "${selfhost[@]}" "$@" ;;
esac
