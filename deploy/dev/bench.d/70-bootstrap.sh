#!/usr/bin/env bash
# A new node's index at 100k pages (issue 14): restored from a snapshot
# another node published (portal index snapshot / restore, what portal serve
# does every PORTAL_INDEX_SNAPSHOT_EVERY and at start on an empty index
# directory) beside built by portal reindex from the database and S3, each
# BOOTSTRAP_BENCH_RUNS (3) times, medians. The corpus is the search
# benchmark's (tools/searchcorpus), topped up to BOOTSTRAP_BENCH_PAGES
# (100000) ready pages if the database holds fewer.
set -euo pipefail
export PORTAL_TAGGER_DATA=${PORTAL_TAGGER_DATA:-../shared/tagger}
export PORTAL_PDF_CORPUS=${PORTAL_PDF_CORPUS:-../shared/corpus/pdf}
target=${BOOTSTRAP_BENCH_PAGES:-100000}
runs=${BOOTSTRAP_BENCH_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/portal" ./cmd/portal
go build -o "$work/searchcorpus" ./tools/searchcorpus

pages_of() { sed -n 's/.*documents, \([0-9]*\) pages in.*/\1/p'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

have=$(PORTAL_INDEX_DIR=$work/probe "$work/portal" reindex 2>/dev/null | pages_of)
rm -rf "$work/probe"
if ((have < target)); then
  "$work/searchcorpus" -pages $((target - have)) -seed 14 >/dev/null
fi

reindex=() snapshot=() copy=() restore=() size=0
for ((run = 1; run <= runs; run++)); do
  t0=$(now)
  out=$(PORTAL_INDEX_DIR=$work/built-$run "$work/portal" reindex 2>/dev/null)
  t1=$(now)
  reindex+=("$(elapsed "$t0" "$t1")")
  pages=$(echo "$out" | pages_of)
  # published from the index just built: the copy (Bleve CopyTo), then the
  # tar streamed to S3
  out=$(PORTAL_INDEX_DIR=$work/built-$run "$work/portal" index snapshot 2>/dev/null)
  copy+=("$(echo "$out" | sed -n 's/.*(copy \([0-9.]*\)\(m\?s\),.*/\1 \2/p' | awk '{print ($2=="ms") ? $1/1000 : $1}')")
  snapshot+=("$(echo "$out" | sed -n 's/.*in all \([0-9.]*\)\(m\?s\)).*/\1 \2/p' | awk '{print ($2=="ms") ? $1/1000 : $1}')")
  size=$(echo "$out" | sed -n 's/.*, \([0-9]*\) bytes (copy.*/\1/p')
  t0=$(now)
  PORTAL_INDEX_DIR=$work/restored-$run "$work/portal" index restore >/dev/null 2>&1
  t1=$(now)
  restore+=("$(elapsed "$t0" "$t1")")
  gen=$(cat "$work/restored-$run/CURRENT")
  restored=$(du -sm "$work/restored-$run/$gen" | cut -f1)
  rm -rf "$work/built-$run" "$work/restored-$run"
done
printf 'new node index at %s pages (snapshot %s MB, restored index %s MB), medians of %s runs:\n' "$pages" $((size / 1000000)) "$restored" "$runs"
printf '  portal reindex (database and S3):   %6.1f s  (%s)\n' "$(printf '%s\n' "${reindex[@]}" | median)" "${reindex[*]}"
printf '  restore from the latest snapshot:   %6.1f s  (%s)\n' "$(printf '%s\n' "${restore[@]}" | median)" "${restore[*]}"
printf '  publish a snapshot (copy + upload): %6.1f s  (%s; of which the copy %s s)\n' \
  "$(printf '%s\n' "${snapshot[@]}" | median)" "${snapshot[*]}" "$(printf '%s\n' "${copy[@]}" | median)"
