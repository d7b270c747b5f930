#!/usr/bin/env bash
# Boards scale benchmark (not part of the test run).
#
# Starts the server in Release on a throwaway embedded PostgreSQL cluster (PLATFORM_DATA_DIR in a
# temp folder), seeds a 100-todo and a 20,000-todo project through the public APIs (bootstrap,
# POST /api/projects, /mcp todos.create), then times sequential /mcp calls on both projects and
# prints median / p90 latencies (ms) per case.
#
#   build/bench-boards.sh [--large N] [--small N] [--requests N] [--parallel N]
set -euo pipefail
cd "$(dirname "$0")/.."

large=20000
small=100
requests=200
parallel=16
while [ $# -gt 0 ]; do
  case "$1" in
    --large) large="$2"; shift ;;
    --small) small="$2"; shift ;;
    --requests) requests="$2"; shift ;;
    --parallel) parallel="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in curl awk sort; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d /tmp/platform-bench.XXXXXX)
chmod 755 "$work"   # the embedded cluster runs as the postgres user when started as root
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building Release"
dotnet build src/Web/Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null

port=$(( 20000 + RANDOM % 20000 ))
base="http://127.0.0.1:$port"
echo "bench: starting the server on $base (data in $work)"
env PLATFORM_DATA_DIR="$work/data" ASPNETCORE_URLS="$base" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.EntityFrameworkCore=Error" \
  dotnet src/Web/bin/Release/net10.0/Platform.Web.dll >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "bench: server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/readyz" >/dev/null || { cat "$work/server.log"; echo "bench: server not ready" >&2; exit 1; }

jar="$work/cookies.txt"
curl -fs -c "$jar" -X POST "$base/api/auth/bootstrap" -H 'Content-Type: application/json' -H 'X-Scrumboy: 1' \
  -d '{"email":"bench@example.com","password":"password123","name":"Bench"}' >/dev/null
session=$(awk '$6 == "scrumboy_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "bench: no session cookie" >&2; exit 1; }

new_project() {
  curl -fs -b "$jar" -X POST "$base/api/projects" -H 'Content-Type: application/json' -H 'X-Scrumboy: 1' -d "{\"name\":\"$1\"}" \
    | sed -E 's/.*"slug":"([^"]+)".*/\1/'
}

words=(alpha bravo charlie delta echo foxtrot golf hotel india juliet)
columns=(backlog not_started doing testing done)
tags=(api backend frontend bug docs)

# One curl config entry per todos.create; curl runs them over keep-alive connections, --parallel at a time.
seed() {
  local slug=$1 count=$2 config="$work/seed-$1.cfg"
  : >"$config"
  for ((i = 1; i <= count; i++)); do
    local word=${words[$((i % 10))]} column=${columns[$((i % 5))]} tag=${tags[$(((i / 5) % 5))]}
    printf 'url = "%s/mcp"\nheader = "Content-Type: application/json"\nheader = "Cookie: scrumboy_session=%s"\n' "$base" "$session" >>"$config"
    printf 'data = "{\\"tool\\":\\"todos.create\\",\\"input\\":{\\"projectSlug\\":\\"%s\\",\\"title\\":\\"Task %d %s\\",\\"body\\":\\"Seeded todo %d for the %s benchmark\\",\\"columnKey\\":\\"%s\\",\\"tags\\":[\\"%s\\"]}}"\n' \
      "$slug" "$i" "$word" "$i" "$word" "$column" "$tag" >>"$config"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' >>"$config"
    [ "$i" -lt "$count" ] && printf 'next\n' >>"$config"
  done
  local started=$SECONDS
  curl -s --parallel --parallel-max "$parallel" -K "$config" >"$work/seed-$slug.codes" 2>"$work/seed-$slug.err"
  local failed
  failed=$(grep -vc '^200$' "$work/seed-$slug.codes" || true)
  echo "bench: seeded $count todos into $slug in $((SECONDS - started)) s ($failed failed)"
  [ "$failed" = 0 ] || { echo "bench: seeding failed" >&2; exit 1; }
}

small_slug=$(new_project "Bench small")
large_slug=$(new_project "Bench large")
seed "$small_slug" "$small"
seed "$large_slug" "$large"

# N sequential requests in one curl process (one keep-alive connection); prints one time (s) per line.
timed() {
  local body=$1 n=$2 config="$work/timed.cfg"
  : >"$config"
  for ((i = 1; i <= n; i++)); do
    printf 'url = "%s/mcp"\nheader = "Content-Type: application/json"\nheader = "Cookie: scrumboy_session=%s"\n' "$base" "$session" >>"$config"
    printf 'data = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n' "${body//\"/\\\"}" >>"$config"
    [ "$i" -lt "$n" ] && printf 'next\n' >>"$config"
  done
  curl -s -K "$config"
}

stats() { # stdin: "code seconds" lines → "median p90 failures" in ms
  awk '{ if ($1 != "200") bad++; print $2 * 1000 }' | sort -n | awk '
    { v[NR] = $1 }
    END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.5)]; printf "%.2f %.2f\n", m, p }'
}

measure() {
  local label=$1 body=$2
  timed "$body" 20 >/dev/null   # warm-up
  local out
  out=$(timed "$body" "$requests")
  local failures
  failures=$(awk '$1 != "200"' <<<"$out" | wc -l)
  read -r median p90 < <(stats <<<"$out")
  printf '| %-44s | %8s | %8s | %4s |\n' "$label" "$median" "$p90" "$failures"
}

board() { printf '{"tool":"board.get","input":{"projectSlug":"%s"%s}}' "$1" "${2:-}"; }
search() { printf '{"tool":"todos.search","input":{"projectSlug":"%s","query":"%s"}}' "$1" "$2"; }

echo
echo "Sequential requests per case: $requests (after 20 warm-up requests); times in ms (curl time_total)."
printf '| %-44s | %8s | %8s | %4s |\n' "case" "median" "p90" "fail"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "----------" "----------" "------"
measure "board.get first page, $small todos" "$(board "$small_slug")"
measure "board.get first page, $large todos" "$(board "$large_slug")"
measure "todos.search \"alpha\", $small todos" "$(search "$small_slug" alpha)"
measure "todos.search \"alpha\", $large todos" "$(search "$large_slug" alpha)"
measure "todos.search \"\" (most recent), $large todos" "$(search "$large_slug" "")"
measure "board.get search=\"alpha\", $large todos" "$(board "$large_slug" ',"search":"alpha"')"
measure "board.get tag=\"bug\", $large todos" "$(board "$large_slug" ',"tag":"bug"')"
