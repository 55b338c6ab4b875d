# Shared by run.sh and test.sh: install what the project needs, from the registries' normal clients.
set -euo pipefail

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required but not installed ($2)" >&2; exit 1; }
}

ensure_tools() {
  require dotnet "install the .NET 10 SDK"
  require node "install Node.js 20 or later"
  require npm "install npm"
  # Azurite comes from npm, pinned by the committed package-lock.json.
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing Azurite (npm ci)..." >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}
