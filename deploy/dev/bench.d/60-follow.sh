#!/usr/bin/env bash
# The search index's change log (issue 14): log apply throughput against
# the index stage as it was (one document at a time into the local index)
# on the same pages, and the time from a document's commit to searchable
# on each of three nodes under steady ingest (ingest.TestFollowBench).
# FOLLOW_BENCH_DOCS (300) and FOLLOW_BENCH_PAGES (10) size the first part;
# FOLLOW_BENCH_RATE (10 documents/s) and FOLLOW_BENCH_SECONDS (20) the second.
set -euo pipefail
FOLLOW_BENCH=1 go test ./ingest -run '^TestFollowBench$' -count=1 -v -timeout 30m | grep -v '^=== \|^--- \|^PASS\|^ok '
