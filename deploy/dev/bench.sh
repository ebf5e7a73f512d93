#!/usr/bin/env bash
# make bench: start the real services on free loopback ports, run the Go
# benchmarks, then every load and throughput tool in deploy/dev/bench.d (in
# name order; each prints its own table beside the reference it is held
# against), and stop the services. BENCH_ONLY=name runs one bench.d script.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# shellcheck source=SCRIPTDIR/lib.sh
source deploy/dev/lib.sh
start_test_services bench
export BENCH_STATE="$state"

if [[ -z ${BENCH_ONLY:-} ]]; then
  echo "== Go benchmarks (count=5: compare medians)"
  go test -run='^$' -bench=. -benchmem -count="${BENCH_COUNT:-5}" ./...
fi
for script in deploy/dev/bench.d/*.sh; do
  [[ -e $script ]] || continue
  name=$(basename "$script" .sh)
  # "load" is 50-load, not 20-upload: the name after the number, or the whole name.
  if [[ -n ${BENCH_ONLY:-} && $name != "$BENCH_ONLY" && $name != *-"$BENCH_ONLY" ]]; then
    continue
  fi
  echo "== $name"
  bash "$script"
done
