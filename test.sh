#!/usr/bin/env bash
# Runs every test of FSP Portal (domain, components, HTTP integration, end-to-end in Chromium), then the Integration
# layer again on PostgreSQL. Installs what the tests need first: Chromium and PostgreSQL (Debian packages) when missing.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~SignIn".
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the end-to-end tests (apt-get)…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
    || { echo "Could not install Chromium" >&2; exit 1; }
fi
export FSP_CHROMIUM="${FSP_CHROMIUM:-$(command -v chromium)}"

dotnet restore FspPortal.Blazor.sln || exit 1
# Every project, the benchmarks too: `dotnet test` alone builds only the test project and what it references, so a
# benchmark that no longer compiles would go unnoticed.
dotnet build FspPortal.Blazor.sln --no-restore -v q -nologo || { echo "The build failed (above)."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
dotnet test FspPortal.Blazor.sln --no-restore --no-build "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}

# The Integration layer again on PostgreSQL (the scale-out provider), on a throwaway server under a temporary folder
# on a loopback port, stopped at the end. Only on a full run (no extra arguments). FSP_SKIP_POSTGRES=1 skips it,
# saying so; a PostgreSQL that cannot be installed or started fails the run unless it is skipped that way.
postgres_pass() {
  if [ -n "${FSP_SKIP_POSTGRES:-}" ]; then echo "PostgreSQL pass skipped: FSP_SKIP_POSTGRES is set."; return 0; fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the Integration tests' second pass (apt-get)…"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null \
      || { echo "Could not install PostgreSQL (set FSP_SKIP_POSTGRES=1 to run without its pass)" >&2; return 1; }
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/fsp-postgres.XXXXXX)
  local port=$((20000 + RANDOM % 20000))
  # PostgreSQL refuses to run as root: as root, the server runs as the "postgres" account the package made.
  pg_as=(); if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; pg_as=(runuser -u postgres --); fi
  trap '"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U fsp -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
    && "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { echo "Could not start PostgreSQL:" >&2; cat "$pg_dir"/*.log >&2; return 1; }
  echo "PostgreSQL pass: the Integration layer again, and the two-server browser journeys, on PostgreSQL at 127.0.0.1:$port"
  FSP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=fsp;Database=postgres" \
    dotnet test FspPortal.Tests --no-build --no-restore --filter "(Category=Integration&Provider!=SQLite)|(Category=E2E&Provider=PostgreSQL)" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}
if [ "$#" -eq 0 ]; then
  postgres_pass; prc=$?
  [ "$rc" -eq 0 ] && rc=$prc
else
  echo "PostgreSQL pass skipped: extra arguments were given (run ./test.sh alone for every pass)."
fi
read -r p f s < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo "$p passed, $f failed, $s skipped"
if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$rc"
