#!/usr/bin/env bash
# Load and fault suite: 64 mixed clients on two server nodes sharing one PostgreSQL, kill -9 and
# restart of a node mid-load, a 10 s PostgreSQL outage mid-load, cross-node sessions and tokens.
#   build/loadtest.sh [--seconds 60] [--clients 64]
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --configuration Release
exec python3 build/bench/loadtest.py "$@"
