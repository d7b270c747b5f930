#!/usr/bin/env bash
# Benchmark: builds Release, starts the server from its dll in a temporary working directory (as an
# operator does) on its embedded PostgreSQL cluster, starts the Zuko-style peer (../shared/bench/zuko-peer,
# from a temporary copy) on the same cluster, seeds both with the same realistic data, drives each scenario
# with wrk from a separate process and writes docs/benchmarks.md.
#   build/bench.sh [--duration 10] [--connections 32] [--no-peer] [--only "list_tasks,get_task"] [--trace DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --configuration Release
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
# The peer needs Node.js and npm, installed the way build/setup.sh installs them for the TypeScript client
# test; when that fails (offline, no sudo) the benchmark runs without the peer and says so.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "bench: installing Node.js (Debian packages nodejs, npm) for the Zuko-style peer"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; } \
    || echo "bench: Node.js could not be installed; the peer will be skipped"
fi
exec python3 build/bench/bench.py "$@"
