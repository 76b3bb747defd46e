#!/usr/bin/env bash
# Adds the same migration to both providers, so SQLite and PostgreSQL never drift apart.
# Usage: Migrations/add-migration.sh NAME [--context engine|accounts]
#   engine (default): AbStudioDbContext, into Generated/
#   accounts: AccountsDbContext (ASP.NET Core Identity, docs/adr/0006), into Generated/Accounts/
set -euo pipefail
name=${1:?usage: Migrations/add-migration.sh NAME [--context engine|accounts]}
context=engine
if [[ ${2:-} == --context ]]; then
  context=${3:?--context needs engine or accounts}
fi
case $context in
  engine) context_type=AbStudioDbContext; output=Generated ;;
  accounts) context_type=AccountsDbContext; output=Generated/Accounts ;;
  *) echo "unknown context '$context': use engine or accounts" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="Migrations/AbStudio.Migrations.$provider"
  echo "Adding $context migration $name for $provider" >&2
  dotnet restore "$project" >/dev/null
  dotnet ef migrations add "$name" --context "$context_type" --project "$project" --startup-project "$project" --output-dir "$output"
done
