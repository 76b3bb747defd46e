#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (Playwright's own browser
# download cannot work here; AbStudio.E2E launches /usr/bin/chromium).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium package (about a minute)..." >&2
sudo_cmd=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "ensure-chromium: Chromium is missing and this user cannot install packages: run 'apt-get install -y chromium' as root." >&2; exit 1; }
  sudo_cmd="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq >&2
$sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 \
  || { echo "ensure-chromium: 'apt-get install chromium' failed; see above." >&2; exit 1; }
