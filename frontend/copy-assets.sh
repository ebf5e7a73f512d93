#!/usr/bin/env bash
# Copies GOV.UK Frontend's compiled files from node_modules into static/govuk,
# where the Go build embeds them. Run by `make assets` after `npm ci`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src="$here/node_modules/govuk-frontend/dist/govuk"
dst="$here/static/govuk"
[ -f "$src/govuk-frontend.min.css" ] || { echo "govuk-frontend is not installed: run npm ci in frontend/" >&2; exit 1; }
rm -rf "$dst.tmp"
mkdir -p "$dst.tmp"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$dst.tmp/"
cp -r "$src/assets" "$dst.tmp/assets"
rm -rf "$dst"
mv "$dst.tmp" "$dst"
