#!/usr/bin/env bash
# CI guard: IMPLEMENTATION_PLAN.md must exist, list milestones M1..M5 in its table with a status
# and a "last updated" date, and its newest update must be recent (default: within 14 days).
# Usage: scripts/check-plan.sh [PLAN_FILE]   env: PLAN_MAX_AGE_DAYS (default 14), PLAN_TODAY (YYYY-MM-DD, for tests)
set -euo pipefail
plan=${1:-"$(dirname "$0")/../IMPLEMENTATION_PLAN.md"}
max_age=${PLAN_MAX_AGE_DAYS:-14}
today=${PLAN_TODAY:-$(date -u +%F)}

fail() { echo "check-plan: $plan: $*" >&2; exit 1; }

[ -f "$plan" ] || fail "missing. The plan is part of the product: restore it (git checkout -- IMPLEMENTATION_PLAN.md) and keep milestone status and dates true."

# Milestone rows look like: | M1 | Persistence & documentation | done | 2026-11-24 | notes |
rows=$(grep -E '^\|[[:space:]]*M[0-9]+[[:space:]]*\|' "$plan" || true)
[ -n "$rows" ] || fail "no milestone table found. Expected rows like '| M1 | Title | status | YYYY-MM-DD | notes |'."

newest=""
for milestone in M1 M2 M3 M4 M5; do
  row=$(grep -E "^\|[[:space:]]*${milestone}[[:space:]]*\|" <<<"$rows" | head -n 1 || true)
  [ -n "$row" ] || fail "milestone $milestone is missing from the table."
  status=$(awk -F'|' '{gsub(/^[ \t]+|[ \t]+$/, "", $4); print $4}' <<<"$row")
  updated=$(awk -F'|' '{gsub(/^[ \t]+|[ \t]+$/, "", $5); print $5}' <<<"$row")
  case "$status" in
    "not started"|"in progress"|"done"|"blocked") ;;
    *) fail "milestone $milestone has status '$status'; use one of: not started, in progress, done, blocked." ;;
  esac
  [[ "$updated" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && date -u -d "$updated" +%F >/dev/null 2>&1 \
    || fail "milestone $milestone has last-updated '$updated'; write a date as YYYY-MM-DD."
  [[ -z "$newest" || "$updated" > "$newest" ]] && newest=$updated
done

age=$(( ( $(date -u -d "$today" +%s) - $(date -u -d "$newest" +%s) ) / 86400 ))
if (( age > max_age )); then
  fail "newest milestone update is $newest, $age days before $today (limit $max_age days). Update the status and date of the milestone you work on, in the same commit as the work."
fi
if (( age < -1 )); then
  fail "newest milestone update $newest is in the future (today is $today). Use today's date."
fi
echo "check-plan: $plan is current (newest milestone update $newest, $age day(s) old, limit $max_age)." >&2
