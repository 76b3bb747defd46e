#!/usr/bin/env bash
# Adds the same migration to both providers, so SQLite and PostgreSQL never drift apart.
# Usage: Migrations/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: Migrations/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="Migrations/AbStudio.Migrations.$provider"
  echo "Adding migration $name for $provider" >&2
  dotnet restore "$project" >/dev/null
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Generated
done
