#!/usr/bin/env bash
# Uploads through a real `portal serve` (multipart API and tus) against a
# direct minio-go PutObject to the same MinIO, the portal's peak RSS growth
# while it receives 1 GiB files, and the time from upload to ready of a
# 20-page PDF. UPLOADBENCH_ARGS passes flags (e.g. "-runs 5 -skip m").
set -euo pipefail
bin=$(mktemp -d /tmp/uploadbench-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/portal" ./cmd/portal
# shellcheck disable=SC2086
go run ./tools/uploadbench -portal "$bin/portal" ${UPLOADBENCH_ARGS:-}
