#!/usr/bin/env bash
# The main job: start Azurite, run HeatRelief's functions locally (the demo in samples/ is loaded only into
# empty storage, or its missing rows on --demo; an admin's own data is never overwritten).
#   ./run.sh            run continuously (Ctrl-C stops everything this script started)
#   ./run.sh --once     one heat check, drain every queue, print the summary, exit
#   ./run.sh CMD ...    any self-host command: run, import, evaluate, logs, token, migrate, help (CMD -h: its help)
# Progress notes go to stderr, so `./run.sh logs --csv > day.csv` and TOKEN=$(./run.sh token ...) capture only their output.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh
ensure_tools

echo "Building the self-host..." >&2
dotnet build selfhost/HeatRelief.SelfHost.csproj -c Release -nologo -v quiet >.build.log 2>&1 || { cat .build.log >&2; exit 1; }
selfhost=(dotnet selfhost/bin/Release/net10.0/HeatRelief.SelfHost.dll)

# The whole command line is checked before anything starts: a typo or a bad value is a usage error (exit 2)
# with no emulator started; help, evaluate and token need no storage at all.
rc=0
needs=$(HEATRELIEF_CHECK_COMMAND_LINE=1 "${selfhost[@]}" "$@") || rc=$?
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
if [ "$needs" = no-storage ]; then
  exec "${selfhost[@]}" "$@"
fi

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

"${selfhost[@]}" "$@"
