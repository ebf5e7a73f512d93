#!/usr/bin/env bash
# make test: install what is missing, start the real services on free
# loopback ports in a temporary directory, run every test with the race
# detector, and stop the services whatever the tests did.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

deploy/dev/install.sh --browser
deploy/dev/install-node.sh
make --no-print-directory assets

state=$(mktemp -d /tmp/portal-test.XXXXXX)
cleanup() {
  deploy/dev/services.sh stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

deploy/dev/services.sh start "$state" test
set -a
# shellcheck disable=SC1091
. "$state/env"
set +a

echo "== go vet"
go vet ./...
echo "== go test -race"
go test -race -count=1 -timeout 20m ./...
