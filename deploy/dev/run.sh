#!/usr/bin/env bash
# make run: install what is missing, start PostgreSQL, MinIO, Dex, clamd and Mailpit on
# loopback with their data under .state/ (kept between runs), migrate, seed
# the demo data and serve the portal. Ctrl-C stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
state=${PORTAL_STATE_DIR:-$root/.state}

deploy/dev/install.sh
deploy/dev/install-node.sh
make --no-print-directory build

deploy/dev/services.sh start "$state" dev
trap 'echo; echo "Stopping the dev services..."; deploy/dev/services.sh stop "$state"' EXIT
trap 'exit 130' INT TERM

set -a
# shellcheck disable=SC1091
. "$state/env"
set +a

.cache/bin/portal seed-demo

cat <<BANNER

  Evidence Portal is starting on ${PORTAL_PUBLIC_URL}

  Demo sign-ins (password: demo-password), development only:
    submitter.a@demo.test   submitter, Ashford Vale Council (E06009901)
    viewer.a@demo.test      viewer, Ashford Vale Council (E06009901)
    submitter.b@demo.test   submitter, Brookmere Borough Council (E06009902)
    inspector.a@demo.test   CQC inspector, assigned to E06009901
    inspector.b@demo.test   CQC inspector, assigned to E06009902
    admin@demo.test         CQC administrator
    panel@demo.test         CQC calibration panel member
    nobody@demo.test        no role: shows the "you do not have access" page

  Metrics: http://${PORTAL_METRICS_ADDR}/metrics   Logs of the services: ${state}/logs/
  Emails the portal sends (Mailpit): http://127.0.0.1:8025
  Virus scanning uses dev signatures that detect ONLY the EICAR test file.
  Press Ctrl-C to stop the portal and every service it started.

BANNER

.cache/bin/portal serve
