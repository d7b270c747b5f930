#!/usr/bin/env bash
# Sets up and runs every test (unit, integration against a throwaway PostgreSQL cluster, browser) and
# the MCP conformance run (build/conformance.sh).
# The last line is "N passed, N failed"; the exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --browser --ts-client --configuration Release || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p artifacts/test-results
passed=0; failed=0; status=0
for project in tests/UnitTests/UnitTests.csproj tests/IntegrationTests/IntegrationTests.csproj; do
  name=$(basename "$project" .csproj)
  log="artifacts/test-results/$name.log"
  dotnet test "$project" --no-build -c Release --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory artifacts/test-results 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "no result line for $name (exit $rc)"
    failed=$((failed + 1)); status=1; continue
  fi
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -ne 0 ] && status=1
done

# The MCP conformance suite against a real server (~30 s): one result, passed when no applicable check fails.
log=artifacts/test-results/Conformance.log
bash build/conformance.sh 2>&1 | tee "$log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
