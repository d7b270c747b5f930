#!/usr/bin/env bash
# Sets up a fresh machine for Platform: PostgreSQL server binaries (Debian's package when missing),
# optionally Chromium for the browser tests and the official TypeScript MCP SDK for the client
# end-to-end test (Node.js from Debian when missing; npm ci from the lock file), then the local .NET
# tools (dotnet-ef), restore + build.
#   build/setup.sh [--browser] [--ts-client] [--configuration Release|Debug]
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
ts_client=0
configuration=Debug
while [ $# -gt 0 ]; do
  case "$1" in
    --browser) browser=1 ;;
    --ts-client) ts_client=1 ;;
    --configuration|-c) configuration="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "setup: installing PostgreSQL (Debian package postgresql)"
  apt_install postgresql
fi
# Debian's package starts a system cluster on 5432; Platform runs its own private clusters instead.

if [ "$browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Chromium (Debian package chromium) for the browser tests"
  apt_install chromium fonts-liberation
fi

if [ "$ts_client" = 1 ]; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing Node.js (Debian packages nodejs, npm) for the TypeScript SDK client test"
    apt_install nodejs npm
  fi
  npm ci --prefix tests/clients/ts --no-audit --no-fund --loglevel=error >/dev/null
fi

# Local .NET tools of .config/dotnet-tools.json (dotnet-ef, for README "Adding a migration").
dotnet tool restore >/dev/null
dotnet restore Platform.sln --nologo -v quiet
dotnet build Platform.sln --nologo -v quiet --no-restore -c "$configuration" -clp:ErrorsOnly
