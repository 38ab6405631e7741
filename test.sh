#!/usr/bin/env bash
# Runs every test of FSP Portal (domain, components, HTTP integration, end-to-end in Chromium).
# Installs what the tests need first: Chromium (Debian package) when it is missing.
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

log=$(mktemp)
dotnet test FspPortal.Blazor.sln --no-restore "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
read -r p f s < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo "$p passed, $f failed, $s skipped"
if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$rc"
