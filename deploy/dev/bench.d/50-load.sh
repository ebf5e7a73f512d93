#!/usr/bin/env bash
# A mixed abusive load beside normal users (issue 15): tools/loadbench
# runs a real `portal serve` on loopback, measures the normal users' p50
# and p95 and the portal's peak RSS idle, then beside clients firing costly
# queries, trickling uploads and a large text document. It searches a
# corpus of LOADBENCH_PAGES (default 5000) pages it adds first.
# LOADBENCH_ARGS passes flags (e.g. "-phase 30s -costly 32 -stalled 300").
set -euo pipefail
export PORTAL_TAGGER_DATA=${PORTAL_TAGGER_DATA:-../shared/tagger}
export PORTAL_PDF_CORPUS=${PORTAL_PDF_CORPUS:-../shared/corpus/pdf}
bin=$(mktemp -d /tmp/loadbench-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/portal" ./cmd/portal
go build -o "$bin/searchcorpus" ./tools/searchcorpus
go build -o "$bin/loadbench" ./tools/loadbench
"$bin/searchcorpus" -pages "${LOADBENCH_PAGES:-5000}" -seed 7 >/dev/null
"$bin/portal" reindex 2>/dev/null
# shellcheck disable=SC2086
"$bin/loadbench" -portal "$bin/portal" ${LOADBENCH_ARGS:-}
