#!/usr/bin/env bash
# MCP conformance: runs @modelcontextprotocol/conformance (pinned in tests/conformance/package.json,
# with its own Node.js 22 from the npm package `node`) against a real Release server on a throwaway
# PostgreSQL: the server scenarios of the 2026-07-28 requirements on /api/mcp and /api/boards/mcp, and
# the authorization-server scenarios on /auth. Prints the checks that did not succeed and a summary.
#   build/conformance.sh [--requirements 2026-07-28|active] [--keep] [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x tests/conformance/node_modules/.bin/node ] || [ ! -d tests/conformance/node_modules/@modelcontextprotocol/conformance ]; then
  npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error >/dev/null
fi
if [ ! -f src/Web/bin/Release/net10.0/Platform.Web.dll ]; then
  dotnet build Platform.sln -c Release --nologo -v quiet -clp:ErrorsOnly
fi
exec python3 build/conformance/run.py "$@"
