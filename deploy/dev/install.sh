#!/usr/bin/env bash
# Installs what the portal's dev and test services need, skipping whatever is already present:
#   - MinIO, Dex and Mailpit, built from source with the Go toolchain into $PORTAL_CACHE_DIR/bin
#     (default <repo root>/.cache/bin; nothing here may download prebuilt binaries);
#   - PostgreSQL and ClamAV from Debian's packages;
#   - a local ClamAV signature database that detects only the EICAR test string (freshclam cannot
#     reach its download site from these machines, and clamd refuses to start without signatures);
#   - chromium, which prints published reports to PDF (a runtime dependency of the portal since
#     issue 13, so `make run` needs it too) and runs the browser tests; with --browser also
#     chromium-driver.
#
# Usage: deploy/dev/install.sh [--browser]
#
# Safe to run again and again: when everything is present it prints nothing and takes well
# under a second. On a brand-new machine it takes about 10 minutes (the MinIO build dominates).
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	warn "usage: $0 [--browser]"
	exit 2
}

want_browser=0
for arg in "$@"; do
	case $arg in
	--browser) want_browser=1 ;;
	-h | --help) usage ;;
	*)
		warn "unknown argument: $arg"
		usage
		;;
	esac
done

mkdir -p "$BIN_DIR" "$CACHE_DIR/logs"
# Two installs at once (say `make run` in one terminal and `make test` in another) would build the
# same binaries twice and race on apt's lock: let the second one wait for the first.
exec 9>"$CACHE_DIR/.install.lock"
flock 9

# Runs a long, noisy command with its output appended to a log file, so that a normal run stays
# readable; on failure the end of the log is shown.
run_logged() {
	local log=$1
	shift
	if ! "$@" >>"$log" 2>&1; then
		warn "failed: $*"
		warn "--- last lines of $log:"
		tail -n 40 "$log" >&2
		exit 1
	fi
}

# ---------------------------------------------------------------------------------------------
# Debian packages: collect everything that is missing so that `apt-get update` (slow, and needed
# on a new machine before any install) runs once, and only when something is actually missing.
apt_packages=()
[[ -n $(pg_bin_dir) ]] || apt_packages+=(postgresql)
if ! clamd_bin >/dev/null || ! command -v clamdscan >/dev/null; then
	apt_packages+=(clamav clamav-daemon clamdscan)
fi
# services.sh and check.sh probe the servers' HTTP endpoints with curl.
command -v curl >/dev/null || apt_packages+=(curl)
# pdftotext (poppler) reads the PDFs the Go reader cannot; prlimit (util-linux) caps the extractor's memory.
command -v pdftotext >/dev/null || apt_packages+=(poppler-utils)
command -v prlimit >/dev/null || apt_packages+=(util-linux)
# tesseract reads PDF pages that have no text layer, when PORTAL_OCR=on;
# pdftoppm (poppler) renders them for it. English data comes with it.
command -v tesseract >/dev/null || apt_packages+=(tesseract-ocr)
# The portal prints report PDFs with Chromium (internal/pdf): needed by `make run` as by the tests.
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
if ((want_browser)) && ! command -v chromedriver >/dev/null; then
	apt_packages+=(chromium-driver)
fi

if ((${#apt_packages[@]})); then
	((EUID == 0)) || die "need root to install Debian packages: ${apt_packages[*]} (or install them yourself)"
	say "installing Debian packages: ${apt_packages[*]}"
	start=$SECONDS
	export DEBIAN_FRONTEND=noninteractive
	: >"$CACHE_DIR/logs/apt.log"
	run_logged "$CACHE_DIR/logs/apt.log" apt-get update
	# --no-upgrade: only add what is missing, never move a package the machine already has.
	run_logged "$CACHE_DIR/logs/apt.log" \
		apt-get install -y --no-install-recommends --no-upgrade "${apt_packages[@]}"
	say "  done in $((SECONDS - start))s"
fi

# ---------------------------------------------------------------------------------------------
# Go-built servers. Each is built into a temporary name next to the final one and renamed at the
# end, so that an interrupted build never leaves a half-written binary that later runs would take
# as installed.
command -v go >/dev/null || die "the Go toolchain is needed to build MinIO, Dex and Mailpit"
# The cache lives inside the repository: a go.work there must not pull these builds into the
# portal's workspace.
export GOWORK=off

tmp_build_dir=""
cleanup() {
	if [[ -n $tmp_build_dir ]]; then
		rm -rf "$tmp_build_dir"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -x $BIN_DIR/minio ]]; then
	say "building MinIO $MINIO_VERSION into $BIN_DIR (about 6 minutes on a cold Go cache)"
	start=$SECONDS
	tmp_build_dir=$(mktemp -d "$BIN_DIR/.minio-build.XXXXXX")
	: >"$CACHE_DIR/logs/minio-build.log"
	run_logged "$CACHE_DIR/logs/minio-build.log" \
		env GOBIN="$tmp_build_dir" go install "$MINIO_MODULE@$MINIO_VERSION"
	mv -f "$tmp_build_dir/minio" "$BIN_DIR/minio"
	rm -rf "$tmp_build_dir"
	tmp_build_dir=""
	say "  done in $((SECONDS - start))s"
fi

if [[ ! -x $BIN_DIR/dex ]]; then
	say "building Dex $DEX_VERSION into $BIN_DIR (about 2.5 minutes on a cold Go cache)"
	start=$SECONDS
	# `go install dex@version` is refused (Dex's go.mod has a replace directive), so Dex is built
	# as a tool dependency of a tiny module of our own that holds nothing but a go.mod.
	dex_build=$CACHE_DIR/dex-build
	mkdir -p "$dex_build"
	: >"$CACHE_DIR/logs/dex-build.log"
	if [[ ! -f $dex_build/go.mod ]]; then
		(cd "$dex_build" && run_logged "$CACHE_DIR/logs/dex-build.log" go mod init portal-dev-tools/dex)
	fi
	tmp_build_dir=$(mktemp -d "$BIN_DIR/.dex-build.XXXXXX")
	(
		cd "$dex_build"
		run_logged "$CACHE_DIR/logs/dex-build.log" go get -tool "$DEX_MODULE/cmd/dex@$DEX_VERSION"
		run_logged "$CACHE_DIR/logs/dex-build.log" go build -o "$tmp_build_dir/dex" "$DEX_MODULE/cmd/dex"
	)
	mv -f "$tmp_build_dir/dex" "$BIN_DIR/dex"
	rm -rf "$tmp_build_dir"
	tmp_build_dir=""
	say "  done in $((SECONDS - start))s"
fi

if [[ ! -x $BIN_DIR/mailpit ]]; then
	say "building Mailpit $MAILPIT_VERSION into $BIN_DIR (about 4 minutes on a cold Go cache)"
	start=$SECONDS
	tmp_build_dir=$(mktemp -d "$BIN_DIR/.mailpit-build.XXXXXX")
	: >"$CACHE_DIR/logs/mailpit-build.log"
	run_logged "$CACHE_DIR/logs/mailpit-build.log" \
		env GOBIN="$tmp_build_dir" go install "$MAILPIT_MODULE@$MAILPIT_VERSION"
	mv -f "$tmp_build_dir/mailpit" "$BIN_DIR/mailpit"
	rm -rf "$tmp_build_dir"
	tmp_build_dir=""
	say "  done in $((SECONDS - start))s"
fi

# ---------------------------------------------------------------------------------------------
# ClamAV test signatures: one body signature (.ndb: Name:TargetType:Offset:HexSignature) for the
# EICAR string, matched anywhere in any file type, so that EICAR is also found inside archives.
ndb_file=$CLAMAV_DB_DIR/portal-dev-eicar.ndb
ndb_line="Portal.Dev.Test.EICAR:0:*:$(eicar_string | to_hex)"
if [[ ! -f $ndb_file ]] || [[ $(<"$ndb_file") != "$ndb_line" ]]; then
	say "writing the dev/test ClamAV signature database $ndb_file"
	mkdir -p "$CLAMAV_DB_DIR"
	printf '%s\n' "$ndb_line" >"$ndb_file.tmp"
	mv -f "$ndb_file.tmp" "$ndb_file"
	dev_signatures_banner
fi
