#!/usr/bin/env bash
# Runs every test, on a fresh machine with only the .NET SDK: it checks the plan, starts a
# throwaway PostgreSQL (installing it and pgvector when missing), installs Chromium when missing,
# builds the solution and runs both test projects. The last line is 'N passed, N failed, N skipped'.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/check-plan.sh

# Reference data and datasets live in shared/, beside the repository.
if [ -z "${ABSTUDIO_SHARED_DIR:-}" ]; then
  for candidate in "$root/../shared" "$root/shared"; do
    if [ -d "$candidate/reference" ]; then export ABSTUDIO_SHARED_DIR=$(cd "$candidate" && pwd); break; fi
  done
fi

pg_state=$(mktemp)
cleanup() {
  if [ -s "$pg_state" ]; then bash scripts/postgres.sh stop "$(cat "$pg_state")" >/dev/null 2>&1 || true; fi
  rm -f "$pg_state"
}
trap cleanup EXIT
ABSTUDIO_TEST_POSTGRES=$(ABSTUDIO_PG_STATE_FILE=$pg_state bash scripts/postgres.sh start | tail -n 1)
export ABSTUDIO_TEST_POSTGRES

bash scripts/ensure-chromium.sh

dotnet tool restore >/dev/null
dotnet build AbStudio.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# Style as .editorconfig says (imports, naming, braces): a diff here fails the run like a test.
dotnet format AbStudio.sln --verify-no-changes --no-restore \
  || { echo "test.sh: code style differs from .editorconfig; run 'dotnet format AbStudio.sln' and commit the result." >&2; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test --solution AbStudio.sln -c Release --no-build --results-directory "$results" --report-xunit-xml || status=$?

# One closing line with the real totals, read from the xunit reports of both test projects.
sum() { grep -ho "<assembly [^>]*" "$results"/*.xml 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{ total += $1 } END { print total + 0 }'; }
passed=$(sum passed || echo 0); failed=$(sum failed || echo 0); skipped=$(sum skipped || echo 0)
for provider in Sqlite Postgres; do
  count=$(grep -ho "<test [^>]*type=\"AbStudio.Tests.Domain.Persistence.${provider}[^\"]*\"[^>]*" "$results"/*.xml 2>/dev/null | grep -c 'result="Pass"' || true)
  echo "Persistence suite on $provider: $count passed"
done
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
