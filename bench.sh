#!/usr/bin/env bash
# The pipeline benchmark: its own in-memory Azurite on free ports, generated sites and recipients, one
# heat-check tick through the self-host until every notification is delivered. See docs/PERFORMANCE.md.
#   ./bench.sh [--sites N] [--recipients-per-site M] [--weather-sites N] [--timeout SECONDS] [--json]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh
ensure_tools

echo "Building the bench..." >&2
dotnet build bench/HeatRelief.Bench.csproj -c Release -nologo -v quiet >.build.log 2>&1 || { cat .build.log >&2; exit 1; }
exec dotnet bench/bin/Release/net10.0/HeatRelief.Bench.dll "$@"
