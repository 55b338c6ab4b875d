#!/usr/bin/env bash
# Builds and lints infra/ with the Bicep CLI from NuGet (tools/bicep/Bicep.csproj); offline once restored.
# Fails on any error or warning: `bicep lint` exits 0 when it only warns, so its output is checked as well.
#   scripts/bicep.sh        build infra/main.bicep, lint every .bicep file under infra/
set -euo pipefail
cd "$(dirname "$0")/.."

project=tools/bicep/Bicep.csproj
package=azure.bicep.commandline.linux-x64
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "error: $project downloads the linux-x64 Bicep CLI; this machine is $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

# The version is the one pinned in the project, so the script and the restore never disagree.
version=$(sed -nE 's/.*PackageDownload Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([^]]+)\]".*/\1/p' "$project")
[ -n "$version" ] || { echo "error: no pinned Azure.Bicep.CommandLine.linux-x64 version in $project" >&2; exit 1; }

packages="${NUGET_PACKAGES:-}"
if [ -z "$packages" ]; then
  packages=$(dotnet nuget locals global-packages --list | sed -nE 's/^global-packages: (.*)$/\1/p')
fi
bicep="${packages%/}/$package/$version/tools/bicep"

if [ ! -f "$bicep" ]; then
  echo "Restoring the Bicep CLI $version ($project)..."
  restore_log=$(mktemp)
  dotnet restore "$project" -nologo -v quiet >"$restore_log" 2>&1 || { cat "$restore_log" >&2; rm -f "$restore_log"; exit 1; }
  rm -f "$restore_log"
fi
[ -f "$bicep" ] || { echo "error: restore did not produce $bicep" >&2; exit 1; }
# NuGet keeps the file mode of the package entry; make sure the binary can run.
[ -x "$bicep" ] || chmod u+x "$bicep"

# Diagnostics go to stderr as "<file>(line,col) : Warning|Error <code>: <message>".
output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
echo "bicep $version: build infra/main.bicep"
"$bicep" build infra/main.bicep --stdout >/dev/null 2>>"$output" || status=1
while IFS= read -r -d '' file; do
  echo "bicep $version: lint $file"
  "$bicep" lint "$file" >>"$output" 2>&1 || status=1
done < <(find infra -name '*.bicep' -print0 | sort -z)

if [ -s "$output" ]; then
  # Several files share modules, so the same diagnostic can be reported more than once.
  sort -u "$output" >&2
  if grep -qE ' : (Warning|Error) ' "$output"; then
    status=1
  fi
fi
if [ "$status" -ne 0 ]; then
  echo "bicep: FAILED (errors or warnings above)" >&2
  exit 1
fi
echo "bicep: infra/ builds and lints clean"
