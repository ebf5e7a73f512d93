#!/usr/bin/env bash
# Checks that the services started by `services.sh start STATE_DIR ...` really work, end to end:
#   - PostgreSQL: psql connects to the portal database;
#   - MinIO: ready, and the portal's bucket exists;
#   - Dex: discovery answers, and the password grant gives submitter.a an id_token whose claims
#     carry the email and the group la:E06009901:submitter (nobody@demo.test gets no group);
#   - clamd: PING, INSTREAM of the EICAR test string is FOUND, plain text is OK.
#
# Usage: deploy/dev/check.sh STATE_DIR
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 1)) || {
	warn "usage: $0 STATE_DIR"
	exit 2
}
[[ -f $1/env ]] || die "$1/env not found: start the services first"
# shellcheck source=/dev/null
source "$1/env"

failures=0
pass() { say "ok    $*"; }
fail() {
	say "FAIL  $*"
	failures=$((failures + 1))
}

# --- PostgreSQL
if out=$("$(pg_bin_dir)/psql" -X -tA "$PORTAL_DATABASE_URL" -c 'SELECT current_database()' 2>&1) &&
	[[ $out == portal ]]; then
	pass "postgres: connected to database portal"
else
	fail "postgres: $out"
fi

# --- MinIO
if curl -fsS --max-time 5 -o /dev/null "http://$PORTAL_S3_ENDPOINT/minio/health/ready"; then
	pass "minio: ready"
else
	fail "minio: /minio/health/ready did not answer 200"
fi
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -I --aws-sigv4 "aws:amz:us-east-1:s3" \
	--user "$PORTAL_S3_ACCESS_KEY:$PORTAL_S3_SECRET_KEY" "http://$PORTAL_S3_ENDPOINT/$PORTAL_S3_BUCKET") || true
if [[ $code == 200 ]]; then
	pass "minio: bucket $PORTAL_S3_BUCKET exists"
else
	fail "minio: HEAD bucket $PORTAL_S3_BUCKET answered HTTP $code"
fi

# --- Dex
if discovery=$(curl -fsS --max-time 5 "$PORTAL_OIDC_ISSUER/.well-known/openid-configuration") &&
	[[ $discovery == *"\"issuer\": \"$PORTAL_OIDC_ISSUER\""* || $discovery == *"\"issuer\":\"$PORTAL_OIDC_ISSUER\""* ]]; then
	pass "dex: discovery names issuer $PORTAL_OIDC_ISSUER"
else
	fail "dex: discovery document missing or with another issuer"
fi

# Prints the decoded claims (JSON) of the id_token that the password grant gives USER.
id_token_claims() {
	local response token payload
	response=$(curl -fsS --max-time 10 --user "$PORTAL_OIDC_CLIENT_ID:$PORTAL_OIDC_CLIENT_SECRET" \
		--data-urlencode grant_type=password \
		--data-urlencode "username=$1" \
		--data-urlencode password=demo-password \
		--data-urlencode 'scope=openid email profile groups' \
		"$PORTAL_OIDC_ISSUER/token") || return 1
	token=$(grep -o '"id_token": *"[^"]*"' <<<"$response" | sed -E 's/.*"([^"]*)"$/\1/')
	[[ -n $token ]] || return 1
	# The JWT payload is the second part, base64url without padding.
	payload=$(cut -d. -f2 <<<"$token" | tr '_-' '/+')
	while ((${#payload} % 4)); do payload+='='; done
	base64 -d <<<"$payload"
}

if claims=$(id_token_claims submitter.a@demo.test) &&
	[[ $claims == *'"email":"submitter.a@demo.test"'* && $claims == *'"groups":["la:E06009901:submitter"]'* ]]; then
	pass "dex: password grant for submitter.a: id_token has its email and groups [\"la:E06009901:submitter\"]"
else
	fail "dex: id_token for submitter.a lacks its email or group: ${claims:-no token}"
fi
if claims=$(id_token_claims nobody@demo.test) && [[ $claims == *'"email":"nobody@demo.test"'* &&
	$claims != *'"groups":["'* ]]; then
	pass "dex: password grant for nobody: id_token has no group"
else
	fail "dex: id_token for nobody: ${claims:-no token}"
fi

# --- clamd
clamd_host=${PORTAL_CLAMD_ADDR%:*}
clamd_port=${PORTAL_CLAMD_ADDR##*:}

# clamd_command COMMAND [FILE]: sends "zCOMMAND\0" (and FILE's bytes as one INSTREAM chunk) and
# prints the NUL-terminated reply.
clamd_command() (
	local reply="" size
	exec 3<>"/dev/tcp/$clamd_host/$clamd_port"
	printf 'z%s\0' "$1" >&3
	if [[ $1 == INSTREAM ]]; then
		size=$(wc -c <"$2")
		# Chunk: 4-byte big-endian length, the data; a zero length ends the stream.
		printf '%b' "$(printf '\\x%02x' $((size >> 24 & 255)) $((size >> 16 & 255)) $((size >> 8 & 255)) $((size & 255)))" >&3
		cat "$2" >&3
		printf '\0\0\0\0' >&3
	fi
	IFS= read -r -d '' -t 30 reply <&3 || true
	printf '%s\n' "$reply"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
eicar_string >"$tmp/eicar.txt"
printf 'An ordinary evidence file.\n' >"$tmp/plain.txt"

reply=$(clamd_command PING 2>&1) || true
if [[ $reply == PONG ]]; then pass "clamd: PING -> PONG"; else fail "clamd: PING -> '$reply'"; fi
reply=$(clamd_command INSTREAM "$tmp/eicar.txt" 2>&1) || true
if [[ $reply == *FOUND ]]; then pass "clamd: INSTREAM EICAR -> $reply"; else fail "clamd: INSTREAM EICAR -> '$reply'"; fi
reply=$(clamd_command INSTREAM "$tmp/plain.txt" 2>&1) || true
if [[ $reply == 'stream: OK' ]]; then pass "clamd: INSTREAM plain text -> $reply"; else fail "clamd: INSTREAM plain text -> '$reply'"; fi

if ((failures)); then
	say "$failures check(s) failed"
	exit 1
fi
say "all service checks passed"
