#!/usr/bin/env bash
# What one large upload costs a real `portal serve` (issue 15): a 60 MB
# plain text file and a 50 MB one-column CSV, each followed to its final
# status, with the portal's RSS before and at its peak and its peak Go heap
# (median of INGESTBENCH_RUNS, default 3). INGESTBENCH_BEFORE=BIN measures an
# older build beside this one; INGESTBENCH_ARGS passes more flags (e.g.
# "-env PORTAL_MEMORY_LIMIT=768MiB" or "-csv 0").
set -euo pipefail
bin=$(mktemp -d /tmp/ingestbench-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/portal" ./cmd/portal
before=()
if [[ -n ${INGESTBENCH_BEFORE:-} ]]; then
  before=(-before "$INGESTBENCH_BEFORE")
fi
# shellcheck disable=SC2086
go run ./tools/ingestbench -portal "$bin/portal" "${before[@]}" -runs "${INGESTBENCH_RUNS:-3}" ${INGESTBENCH_ARGS:-}
