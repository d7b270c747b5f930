#!/usr/bin/env bash
# Sets up and runs the server on http://localhost:3001 (BACKEND_URL), on its embedded PostgreSQL
# under .data/ unless ConnectionStrings__Platform points at another server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --configuration Release
export PLATFORM_DATA_DIR="${PLATFORM_DATA_DIR:-$PWD/.data}"
exec dotnet run --project src/Web --no-build -c Release --no-launch-profile
