#!/usr/bin/env bash
# make test: install what is missing, start the real services on free
# loopback ports in a temporary directory, run every test with the race
# detector, and stop the services whatever the tests did.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# shellcheck source=SCRIPTDIR/lib.sh
source deploy/dev/lib.sh
start_test_services test --browser

echo "== go vet"
go vet ./...
echo "== go test -race"
go test -race -count=1 -timeout 20m ./...
# Each fuzz target of the parsers of untrusted input, briefly: new targets
# are picked up by name. Each package's instrumented test binary is built
# once (go test -fuzz would link it again for every target). A crash fails
# the run and leaves its input under the package's testdata/fuzz/ (commit it
# as a regression seed once fixed).
echo "== fuzz (each target for ${FUZZTIME:=5s})"
fuzzbin=$(mktemp -d /tmp/portal-fuzz.XXXXXX)
for pkg in ingest/extract ingest/sniff search; do
  go test -c -fuzz=. -o "$fuzzbin/pkg.test" "./$pkg"
  for target in $(cd "$pkg" && "$fuzzbin/pkg.test" -test.list '^Fuzz'); do
    echo "-- $pkg $target"
    (cd "$pkg" && "$fuzzbin/pkg.test" -test.run='^$' -test.fuzz="^${target}\$" -test.fuzztime="$FUZZTIME" \
      -test.fuzzcachedir="$(go env GOCACHE)/fuzz/github.com/evidenceportal/portal/$pkg" >"$fuzzbin/out" 2>&1) ||
      { cat "$fuzzbin/out"; exit 1; }
    tail -n 2 "$fuzzbin/out" | head -n 1
  done
done
rm -rf "$fuzzbin"
