#!/usr/bin/env bash
# Browser tests use Debian's Chromium (Playwright cannot download its own browser here). Install it when it
# is missing, so `npm ci && npm test` works on a fresh Debian/Ubuntu machine.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
echo "Chromium not found at $browser; installing Debian's chromium package…" >&2
if [ "$(id -u)" = 0 ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
elif command -v sudo >/dev/null; then
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
else
  echo "Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)" >&2
  exit 1
fi
