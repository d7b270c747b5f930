#!/usr/bin/env bash
# Benchmark: starts the server in Release on a throwaway PostgreSQL cluster, seeds data through the
# public APIs, drives each scenario with wrk from a separate process and writes docs/benchmarks.md.
#   build/bench.sh [--duration 10] [--connections 32]
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --configuration Release
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi
exec python3 build/bench/bench.py "$@"
