# shellcheck shell=bash disable=SC2034 # the variables here are used by the scripts that source it
# Helpers shared by deploy/dev/install.sh, services.sh and check.sh. Sourced, never executed.
#
# Everything the dev/test services need is built or generated into a cache directory that is
# git-ignored and reused between runs: ${PORTAL_CACHE_DIR:-<repo root>/.cache}.

DEV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$DEV_DIR/../.." && pwd -P)

CACHE_DIR=${PORTAL_CACHE_DIR:-$REPO_ROOT/.cache}
# A relative PORTAL_CACHE_DIR is taken relative to where the script was called from; make it
# absolute so that it means the same thing after a cd and inside generated config files.
case $CACHE_DIR in
/*) ;;
*) CACHE_DIR=$PWD/$CACHE_DIR ;;
esac
BIN_DIR=$CACHE_DIR/bin
CLAMAV_DB_DIR=$CACHE_DIR/clamav-db

# Server versions. MinIO has no semver tags; this pseudo-version is known to build. The Dex commit
# is v2.45.1 (Dex cannot be `go install`ed because its go.mod has a replace directive).
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
DEX_MODULE=github.com/dexidp/dex
DEX_VERSION=v0.0.0-20260303133905-11d2eeb52b42
# Mailpit: an SMTP server that keeps what it receives and shows it on a web page and an API, for
# the portal's emails in development and tests (its web interface is embedded in the module).
MAILPIT_MODULE=github.com/axllent/mailpit
MAILPIT_VERSION=v1.33.1

say() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Newest PostgreSQL server bin directory from Debian's packages (/usr/lib/postgresql/<major>/bin),
# or nothing when PostgreSQL is not installed.
pg_bin_dir() {
	local d best=""
	for d in /usr/lib/postgresql/*/bin; do
		[[ -x $d/initdb ]] || continue
		if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n 1) == "$d" ]]; then
			best=$d
		fi
	done
	[[ -n $best ]] && printf '%s\n' "$best"
}

# clamd lives in /usr/sbin, which is not on a non-root user's PATH.
clamd_bin() {
	if command -v clamd 2>/dev/null; then
		return 0
	fi
	if [[ -x /usr/sbin/clamd ]]; then
		printf '%s\n' /usr/sbin/clamd
		return 0
	fi
	return 1
}

# The 68-byte EICAR anti-virus test string. It is assembled from pieces so that this file, as
# committed, does not contain the string itself and is not flagged by scanners on the way.
eicar_string() {
	# shellcheck disable=SC2016 # the $ signs are part of the string
	local p1='X5O!P%@AP' p2='[4\PZX54(P^)' p3='7CC)7}$' p4='EICAR-STANDARD-' p5='ANTIVIRUS-' p6='TEST-FILE!$H+H*'
	printf '%s%s%s%s%s%s' "$p1" "$p2" "$p3" "$p4" "$p5" "$p6"
}

# Lowercase hex of stdin, no separators (-v: od must not collapse repeated lines into "*").
to_hex() {
	od -An -v -tx1 | tr -d ' \n'
}

dev_signatures_banner() {
	warn '+------------------------------------------------------------------------------+'
	warn '|  WARNING: DEV/TEST VIRUS SIGNATURES ONLY                                     |'
	warn '|                                                                              |'
	warn '|  The local ClamAV database used by the dev/test clamd detects ONLY the       |'
	warn '|  EICAR test string. It does not detect any real malware.                     |'
	warn '|  Production must run clamd with the real signatures kept up to date by       |'
	warn '|  freshclam.                                                                  |'
	warn '+------------------------------------------------------------------------------+'
}

# start_test_services NAME [install.sh flags]: installs what is missing, starts the services on free
# loopback ports in a new temporary directory (its path in $state), exports their configuration,
# and stops them and removes the directory when the calling script exits. For test.sh and bench.sh.
start_test_services() {
	local name=$1
	shift
	"$DEV_DIR/install.sh" "$@"
	"$DEV_DIR/install-node.sh"
	make --no-print-directory -C "$REPO_ROOT" assets
	state=$(mktemp -d "/tmp/portal-$name.XXXXXX")
	trap '"$DEV_DIR/services.sh" stop "$state" || true; rm -rf "$state"' EXIT
	trap 'exit 130' INT TERM
	"$DEV_DIR/services.sh" start "$state" test
	set -a
	# shellcheck disable=SC1091
	. "$state/env"
	set +a
}
