#!/usr/bin/env bash
# Node.js and npm build the front-end assets (GOV.UK Frontend from npm). The
# machine image usually has them; a bare Debian gets them from apt.
set -euo pipefail
if command -v npm >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Node.js and npm from Debian packages..."
apt-get update -qq
apt-get install -y --no-install-recommends nodejs npm >/dev/null
