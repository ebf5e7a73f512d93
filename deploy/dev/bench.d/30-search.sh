#!/usr/bin/env bash
# Search at 10k and 100k pages (SEARCH_BENCH_SIZES to change, e.g. "10000
# 100000 1000000"): make the corpus (tools/searchcorpus), rebuild the index
# with portal reindex (pages per second, size on disk), then query latency
# through HTTP beside direct Bleve (tools/searchbench). Each size adds pages
# to the previous one, so the database grows 10k -> 100k.
# SEARCH_BENCH_REINDEX_RUNS (default 3) is how many times each size is
# rebuilt; SEARCH_BENCH_LAS (default 10) how many councils the inspector
# covers (150: every council of the corpus, as a national search).
set -euo pipefail
export PORTAL_TAGGER_DATA=${PORTAL_TAGGER_DATA:-../shared/tagger}
export PORTAL_PDF_CORPUS=${PORTAL_PDF_CORPUS:-../shared/corpus/pdf}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/portal" ./cmd/portal
go build -o "$bin/searchcorpus" ./tools/searchcorpus
go build -o "$bin/searchbench" ./tools/searchbench
have=0
seed=1
for size in ${SEARCH_BENCH_SIZES:-10000 100000}; do
  echo "-- $size pages"
  "$bin/searchcorpus" -pages $((size - have)) -seed $seed
  have=$size
  seed=$((seed + 1))
  for ((run = 1; run <= ${SEARCH_BENCH_REINDEX_RUNS:-3}; run++)); do
    "$bin/portal" reindex 2>/dev/null
  done
  gen=$(cat "$PORTAL_INDEX_DIR/CURRENT")
  echo "index size: $(du -sm "$PORTAL_INDEX_DIR/$gen" | cut -f1) MB for $size pages"
  "$bin/searchbench" -runs "${SEARCH_BENCH_RUNS:-3}" -requests "${SEARCH_BENCH_REQUESTS:-200}" -las "${SEARCH_BENCH_LAS:-10}"
done
