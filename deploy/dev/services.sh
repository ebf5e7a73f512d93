#!/usr/bin/env bash
# Starts and stops the real services the portal talks to, for local development and for tests:
# PostgreSQL, MinIO (S3), Dex (OIDC), clamd (ClamAV) and Mailpit (SMTP), all on 127.0.0.1 only.
#
# Usage:
#   deploy/dev/services.sh start STATE_DIR dev|test
#   deploy/dev/services.sh stop STATE_DIR
#   deploy/dev/services.sh status STATE_DIR
#
#   dev   fixed ports (PostgreSQL 54329, MinIO 9000/9001, Dex 5556, clamd 3310, portal 8080,
#         metrics 9464, Mailpit SMTP 1025 and web page 8025); the data in STATE_DIR is kept, so a second `make run` finds it again.
#   test  free ports picked at random, so that several test runs (and a dev instance) can run side
#         by side; STATE_DIR is normally a new temporary directory.
#
# After `start`, STATE_DIR/env holds `export` lines with the portal's configuration: source it.
# The servers keep running after this script returns (each in a session of its own, so that a
# Ctrl-C meant for the portal in the same terminal does not take them down); `stop` ends them.
#
# Layout of STATE_DIR:
#   pg/              PostgreSQL data directory (owned by the postgres user) and its unix socket
#   minio/           MinIO's drive
#   dex/config.yaml  rendered from deploy/dev/dex.yaml.tmpl (Dex keeps its state in memory)
#   clamav/          clamd.conf and clamd's unix socket
#   mailpit/         Mailpit's database of the emails it received
#   index/           the portal's search index directory (PORTAL_INDEX_DIR)
#   logs/            one log file per service
#   pids             "NAME PID" per line for every process started, for `stop`
#   session-secret   the portal's session key, generated once per STATE_DIR
#   env              the portal's configuration
#
# Requires the servers that deploy/dev/install.sh installs.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	warn "usage: $0 start STATE_DIR dev|test"
	warn "       $0 stop STATE_DIR"
	warn "       $0 status STATE_DIR"
	exit 2
}

# Credentials of the local services. They are dev/test-only and public.
MINIO_ROOT_USER_VALUE=portal-dev
MINIO_ROOT_PASSWORD_VALUE=portal-dev-secret-key
S3_BUCKET=evidence
OIDC_CLIENT_ID=evidence-portal
OIDC_CLIENT_SECRET=evidence-portal-dev-secret

# Seconds each service may take to become ready before start gives up. Generous: a busy 2-core CI
# machine can be slow, and a service that dies is noticed at once anyway.
PG_TIMEOUT=60
MINIO_TIMEOUT=60
DEX_TIMEOUT=30
CLAMD_TIMEOUT=60
MAILPIT_TIMEOUT=30

# ---------------------------------------------------------------------------------------------
# State directory and pid file

# Sets STATE_DIR (absolute, created if missing) and the paths inside it.
set_state_dir() {
	local dir=$1 create=$2
	[[ $dir != *[[:space:]]* ]] || die "STATE_DIR must not contain whitespace (it ends up in config files): '$dir'"
	if ((create)); then
		mkdir -p "$dir"
	fi
	if [[ -d $dir ]]; then
		STATE_DIR=$(cd "$dir" && pwd -P)
	else
		STATE_DIR=$dir
	fi
	PG_DIR=$STATE_DIR/pg
	LOG_DIR=$STATE_DIR/logs
	PIDS_FILE=$STATE_DIR/pids
}

# True when PID is a live process (a zombie left unreaped by a container's init counts as dead).
is_alive() {
	local pid=$1 stat
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
	# The state is the field after the parenthesised command name, which may itself hold spaces.
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

# The executable a service entry in the pid file must be, so that a pid reused by an unrelated
# process after a reboot or a crash is never killed.
expected_exe() {
	case $1 in
	postgres) printf '%s\n' postgres ;;
	minio) printf '%s\n' minio ;;
	dex) printf '%s\n' dex ;;
	clamd) printf '%s\n' clamd ;;
	mailpit) printf '%s\n' mailpit ;;
	*) return 1 ;;
	esac
}

# True when the pid file's entry NAME PID is a live process running NAME's executable.
entry_alive() {
	local name=$1 pid=$2 exe cmd
	is_alive "$pid" || return 1
	exe=$(expected_exe "$name") || return 1
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	cmd=${cmd%% *}
	[[ ${cmd##*/} == "$exe" ]]
}

# Prints "NAME PID" for every process of the pid file that is still running.
running_entries() {
	local name pid
	[[ -f $PIDS_FILE ]] || return 0
	while read -r name pid; do
		[[ -n ${name:-} ]] || continue
		if entry_alive "$name" "$pid"; then
			printf '%s %s\n' "$name" "$pid"
		fi
	done <"$PIDS_FILE"
}

record_pid() {
	printf '%s %s\n' "$1" "$2" >>"$PIDS_FILE"
}

# ---------------------------------------------------------------------------------------------
# Ports

# True when something already accepts connections on 127.0.0.1:PORT.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints N distinct ports that are free on 127.0.0.1 right now. The kernel picks them (bind to
# port 0); all sockets stay open until every port is chosen, so the N ports differ.
free_ports() {
	python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

choose_ports() {
	if [[ $MODE == dev ]]; then
		PG_PORT=54329
		MINIO_PORT=9000
		MINIO_CONSOLE_PORT=9001
		DEX_PORT=5556
		CLAMD_PORT=3310
		PORTAL_PORT=8080
		METRICS_PORT=9464
		SMTP_PORT=1025
		MAILPIT_PORT=8025
		local busy=() entry
		for entry in "PostgreSQL:$PG_PORT" "MinIO:$MINIO_PORT" "MinIO-console:$MINIO_CONSOLE_PORT" \
			"Dex:$DEX_PORT" "clamd:$CLAMD_PORT" "portal:$PORTAL_PORT" "portal-metrics:$METRICS_PORT" \
			"Mailpit-SMTP:$SMTP_PORT" "Mailpit:$MAILPIT_PORT"; do
			if port_in_use "${entry##*:}"; then
				busy+=("$entry")
			fi
		done
		if ((${#busy[@]})); then
			warn "Cannot start the dev services: these fixed ports on 127.0.0.1 are already in use:"
			for entry in "${busy[@]}"; do
				warn "  ${entry##*:} (wanted for ${entry%%:*})$(port_owner "${entry##*:}")"
			done
			warn "Stop whatever holds them (another dev instance? \`$0 stop STATE_DIR\`) and try again."
			exit 1
		fi
	else
		local ports
		command -v python3 >/dev/null || die "test mode needs python3 to pick free ports"
		ports=$(free_ports 9) || die "could not pick free ports"
		read -r PG_PORT MINIO_PORT MINIO_CONSOLE_PORT DEX_PORT CLAMD_PORT PORTAL_PORT METRICS_PORT \
			SMTP_PORT MAILPIT_PORT <<<"$ports"
	fi
}

# " by <process>" for a listening port, when ss can tell (it needs root to see other users').
port_owner() {
	local owner
	command -v ss >/dev/null || return 0
	owner=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1) || true
	[[ -z $owner ]] || printf ' by %s' "$(sed -E 's/users:\(\("([^"]*)",pid=([0-9]*)/\1 (pid \2)/' <<<"$owner")"
}

# ---------------------------------------------------------------------------------------------
# Starting processes and waiting for them

# spawn NAME COMMAND...: starts COMMAND in the background in a session of its own (setsid: no
# controlling terminal, so neither the end of this shell nor a Ctrl-C in the terminal reaches it),
# output appended to logs/NAME.log, and records its pid. A non-interactive shell runs background
# jobs in its own process group, so setsid execs in place and $! is the server's own pid.
spawn() {
	local name=$1
	shift
	setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
	SPAWNED_PID=$!
	record_pid "$name" "$SPAWNED_PID"
}

service_failed() {
	local name=$1 reason=$2 log=$LOG_DIR/$1.log
	warn "error: $name $reason"
	if [[ -f $log ]]; then
		warn "--- last lines of $log:"
		tail -n 30 "$log" >&2
		warn "---"
	fi
	exit 1
}

# wait_ready NAME PID TIMEOUT CHECK...: polls CHECK until it succeeds; fails (with the service's
# log) as soon as the process dies or when the deadline passes.
wait_ready() {
	local name=$1 pid=$2 timeout=$3
	shift 3
	local deadline=$((SECONDS + timeout))
	until "$@" >/dev/null 2>&1; do
		is_alive "$pid" || service_failed "$name" "exited during startup"
		((SECONDS < deadline)) || service_failed "$name" "was not ready after ${timeout}s"
		sleep 0.1
	done
}

http_ok() {
	curl -fsS --max-time 2 -o /dev/null "$1"
}

# clamd's liveness check: "zPING\0" answered by "PONG\0".
clamd_ping() (
	local reply=""
	exec 3<>"/dev/tcp/127.0.0.1/$1"
	printf 'zPING\0' >&3
	IFS= read -r -d '' -t 5 reply <&3 || true
	[[ $reply == PONG ]]
)

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# Runs a PostgreSQL program as the postgres user: initdb and the server refuse to run as root.
as_postgres() {
	if ((EUID == 0)); then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# The postgres user must be able to reach the data directory. STATE_DIR may be a 0700 mktemp
# directory or sit inside a checkout owned by root, so add search (x) permission for others on
# every directory above pg/ that lacks it. Only traversal is granted, never read.
make_reachable_for_postgres() {
	local dir=$1
	((EUID == 0)) || return 0
	while [[ $dir != / ]]; do
		if ! runuser -u postgres -- test -x "$dir"; then
			chmod o+x "$dir"
			case $dir/ in
			"$STATE_DIR"/*) ;;
			*) warn "note: made $dir traversable for the postgres user (chmod o+x)" ;;
			esac
		fi
		dir=$(dirname "$dir")
	done
}

start_postgres() {
	local bin log=$LOG_DIR/postgres.log options
	bin=$(pg_bin_dir)
	mkdir -p "$PG_DIR"
	if ((EUID == 0)); then
		chown postgres:postgres "$PG_DIR"
		make_reachable_for_postgres "$STATE_DIR"
	fi
	chmod 700 "$PG_DIR"
	# pg_ctl, running as postgres, writes the server log itself.
	touch "$log"
	if ((EUID == 0)); then
		chown postgres:postgres "$log"
	fi

	if [[ ! -f $PG_DIR/PG_VERSION ]]; then
		# Trust authentication: only 127.0.0.1 and a socket inside STATE_DIR can reach this server.
		as_postgres "$bin/initdb" -D "$PG_DIR" -U postgres -A trust --no-sync -E UTF8 \
			--locale=C.UTF-8 >>"$log" 2>&1 || service_failed postgres "initdb failed"
	fi

	# Listen on loopback only, with the unix socket in the data directory rather than the
	# system's /run/postgresql (which may not exist and belongs to the system's own cluster).
	options="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1"
	if [[ $MODE == test ]]; then
		# Test data is thrown away: skip the disk flushes that make PostgreSQL slow on CI disks.
		options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	fi
	# shellcheck disable=SC2094 # pg_ctl appends to the log it is given, as does our redirection
	# setsid -w: the server gets a session of its own (see spawn) and we still wait for pg_ctl,
	# which itself waits (-w) until the server accepts connections.
	if ! as_postgres setsid -w "$bin/pg_ctl" -D "$PG_DIR" -l "$log" -w -t "$PG_TIMEOUT" -o "$options" \
		start >>"$log" 2>&1; then
		# pg_ctl may have left a server starting up: record it so the cleanup stops it.
		[[ ! -f $PG_DIR/postmaster.pid ]] || record_pid postgres "$(head -n 1 "$PG_DIR/postmaster.pid")"
		service_failed postgres "did not start"
	fi
	record_pid postgres "$(head -n 1 "$PG_DIR/postmaster.pid")"

	wait_ready postgres "$(head -n 1 "$PG_DIR/postmaster.pid")" "$PG_TIMEOUT" \
		"$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres

	local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
	if [[ -z $("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'") ]]; then
		"${psql[@]}" -d postgres -c 'CREATE DATABASE portal OWNER postgres' >>"$log" 2>&1 ||
			service_failed postgres "could not create the database portal"
	fi
}

stop_postgres() {
	local bin status=0
	[[ -f $PG_DIR/PG_VERSION ]] || return 0
	bin=$(pg_bin_dir) || {
		warn "PostgreSQL binaries not found: cannot stop the server in $PG_DIR"
		return 1
	}
	as_postgres "$bin/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1 || status=$?
	# 3: not running; 4: no valid data directory. Nothing to stop either way.
	if ((status == 0)); then
		say "stopping postgres"
		as_postgres "$bin/pg_ctl" -D "$PG_DIR" -m fast -w -t 60 stop >/dev/null
	fi
}

# ---------------------------------------------------------------------------------------------
# MinIO, Dex, clamd

start_minio() {
	mkdir -p "$STATE_DIR/minio"
	spawn minio env \
		MINIO_ROOT_USER="$MINIO_ROOT_USER_VALUE" \
		MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD_VALUE" \
		MINIO_BROWSER=off \
		MINIO_UPDATE=off \
		"$BIN_DIR/minio" server "$STATE_DIR/minio" \
		--address "127.0.0.1:$MINIO_PORT" \
		--console-address "127.0.0.1:$MINIO_CONSOLE_PORT"
	wait_ready minio "$SPAWNED_PID" "$MINIO_TIMEOUT" \
		http_ok "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
	create_bucket
}

# Creates the portal's bucket so that the portal and a developer find it at once. curl signs the
# S3 request itself (--aws-sigv4), so no S3 client is needed. 409 = the bucket already exists.
create_bucket() {
	local code
	code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X PUT \
		--aws-sigv4 "aws:amz:us-east-1:s3" \
		--user "$MINIO_ROOT_USER_VALUE:$MINIO_ROOT_PASSWORD_VALUE" \
		"http://127.0.0.1:$MINIO_PORT/$S3_BUCKET") || code=000
	case $code in
	200 | 409) ;;
	*) service_failed minio "refused to create the bucket $S3_BUCKET (HTTP $code)" ;;
	esac
}

start_dex() {
	local template=$DEV_DIR/dex.yaml.tmpl config=$STATE_DIR/dex/config.yaml text
	mkdir -p "$STATE_DIR/dex"
	text=$(<"$template")
	text=${text//@DEX_PORT@/$DEX_PORT}
	text=${text//@PORTAL_PORT@/$PORTAL_PORT}
	if [[ $text =~ @[A-Z_]+@ ]]; then
		die "$template has a placeholder services.sh does not fill in: ${BASH_REMATCH[0]}"
	fi
	printf '%s\n' "$text" >"$config"

	spawn dex "$BIN_DIR/dex" serve "$config"
	wait_ready dex "$SPAWNED_PID" "$DEX_TIMEOUT" \
		http_ok "http://127.0.0.1:$DEX_PORT/dex/.well-known/openid-configuration"
}

start_clamd() {
	local dir=$STATE_DIR/clamav clamd
	clamd=$(clamd_bin)
	mkdir -p "$dir"
	cat >"$dir/clamd.conf" <<EOF
# Generated by deploy/dev/services.sh for local development and tests.
# Foreground: services.sh runs clamd in the background itself and records its pid.
Foreground yes
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
LocalSocket $dir/clamd.sock
LocalSocketMode 660
# The dev/test database from deploy/dev/install.sh: it detects ONLY the EICAR test string.
DatabaseDirectory $CLAMAV_DB_DIR
LogFile $LOG_DIR/clamd.log
LogTime yes
# Evidence files can be large: accept streams up to 512 MiB and really scan them (clamd cannot
# scan more than 2 GB of anything, whatever these say).
StreamMaxLength 512M
MaxFileSize 512M
MaxScanSize 1024M
# A file over a limit is reported (Heuristics.Limits.Exceeded... FOUND) instead of passing as
# clean: the portal must never accept what was not fully scanned.
AlertExceedsMax yes
# Nothing updates the dev database while clamd runs: skip the periodic reload checks.
SelfCheck 0
EOF
	spawn clamd "$clamd" -c "$dir/clamd.conf"
	wait_ready clamd "$SPAWNED_PID" "$CLAMD_TIMEOUT" clamd_ping "$CLAMD_PORT"
}

# Mailpit keeps every email the portal sends and shows them at http://127.0.0.1:$MAILPIT_PORT (the
# tests read them through its API). It relays nothing, and never checks for a newer version.
start_mailpit() {
	mkdir -p "$STATE_DIR/mailpit"
	spawn mailpit "$BIN_DIR/mailpit" \
		--listen "127.0.0.1:$MAILPIT_PORT" \
		--smtp "127.0.0.1:$SMTP_PORT" \
		--database "$STATE_DIR/mailpit/mailpit.db" \
		--disable-version-check \
		--smtp-disable-rdns \
		--block-remote-css-and-fonts
	wait_ready mailpit "$SPAWNED_PID" "$MAILPIT_TIMEOUT" \
		http_ok "http://127.0.0.1:$MAILPIT_PORT/readyz"
}

# ---------------------------------------------------------------------------------------------
# The portal's configuration

# A random key per STATE_DIR, kept so that sessions survive a restart of the dev portal.
session_secret() {
	local file=$STATE_DIR/session-secret
	if [[ ! -s $file ]]; then
		(
			umask 077
			head -c 32 /dev/urandom | to_hex >"$file.tmp"
		)
		mv -f "$file.tmp" "$file"
	fi
	cat "$file"
}

# Prints `export NAME='VALUE'` lines for NAME VALUE pairs. Plain single quotes (rather than
# printf %q) keep the file readable and easy to parse for tools other than bash.
export_lines() {
	while (($# >= 2)); do
		printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"
		shift 2
	done
}

write_env() {
	local file=$STATE_DIR/env secret
	secret=$(session_secret)
	mkdir -p "$STATE_DIR/index"
	{
		printf '# Written by deploy/dev/services.sh start (%s mode). Source it: . %s\n' "$MODE" "$file"
		export_lines \
			PORTAL_LISTEN_ADDR "127.0.0.1:$PORTAL_PORT" \
			PORTAL_PUBLIC_URL "http://127.0.0.1:$PORTAL_PORT" \
			PORTAL_METRICS_ADDR "127.0.0.1:$METRICS_PORT" \
			PORTAL_DATABASE_URL "postgres://postgres@127.0.0.1:$PG_PORT/portal?sslmode=disable" \
			PORTAL_S3_ENDPOINT "127.0.0.1:$MINIO_PORT" \
			PORTAL_S3_BUCKET "$S3_BUCKET" \
			PORTAL_S3_ACCESS_KEY "$MINIO_ROOT_USER_VALUE" \
			PORTAL_S3_SECRET_KEY "$MINIO_ROOT_PASSWORD_VALUE" \
			PORTAL_S3_USE_TLS false \
			PORTAL_OIDC_ISSUER "http://127.0.0.1:$DEX_PORT/dex" \
			PORTAL_OIDC_CLIENT_ID "$OIDC_CLIENT_ID" \
			PORTAL_OIDC_CLIENT_SECRET "$OIDC_CLIENT_SECRET" \
			PORTAL_OIDC_REDIRECT_URL "http://127.0.0.1:$PORTAL_PORT/auth/callback" \
			PORTAL_CLAMD_ADDR "127.0.0.1:$CLAMD_PORT" \
			PORTAL_INDEX_DIR "$STATE_DIR/index" \
			PORTAL_SMTP_ADDR "127.0.0.1:$SMTP_PORT" \
			PORTAL_SESSION_SECRET "$secret"
		if [[ $MODE == test ]]; then
			# Tests that need the real services look for these, and create their own databases.
			export_lines \
				PORTAL_TEST_SERVICES 1 \
				PORTAL_TEST_MAILPIT_URL "http://127.0.0.1:$MAILPIT_PORT" \
				PORTAL_TEST_PG_ADMIN_URL "postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
		fi
	} >"$file.tmp"
	mv -f "$file.tmp" "$file"
}

# ---------------------------------------------------------------------------------------------
# Commands

check_installed() {
	local missing=()
	[[ -n $(pg_bin_dir) ]] || missing+=("PostgreSQL (/usr/lib/postgresql/*/bin)")
	[[ -x $BIN_DIR/minio ]] || missing+=("$BIN_DIR/minio")
	[[ -x $BIN_DIR/dex ]] || missing+=("$BIN_DIR/dex")
	[[ -x $BIN_DIR/mailpit ]] || missing+=("$BIN_DIR/mailpit")
	clamd_bin >/dev/null || missing+=(clamd)
	compgen -G "$CLAMAV_DB_DIR/*.ndb" >/dev/null || missing+=("ClamAV signatures in $CLAMAV_DB_DIR")
	command -v curl >/dev/null || missing+=(curl)
	if ((${#missing[@]})); then
		warn "Missing, run deploy/dev/install.sh first:"
		printf '  %s\n' "${missing[@]}" >&2
		exit 1
	fi
}

START_COMPLETE=0
on_start_exit() {
	local rc=$?
	if ((!START_COMPLETE)); then
		warn "start failed: stopping what was started"
		do_stop >&2 || true
		((rc != 0)) || rc=1
	fi
	exit "$rc"
}

cmd_start() {
	(($# == 2)) || usage
	MODE=$2
	[[ $MODE == dev || $MODE == test ]] || usage
	check_installed
	set_state_dir "$1" 1

	# One set of services per STATE_DIR: a second start would fight the first over the data.
	local running
	running=$(running_entries)
	if [[ -n $running ]]; then
		warn "The services of $STATE_DIR are already running:"
		sed 's/^/  /; s/ \([0-9]*\)$/ (pid \1)/' <<<"$running" >&2
		warn "Use them as they are (. $STATE_DIR/env), or stop them first: $0 stop $STATE_DIR"
		exit 1
	fi
	if [[ -f $PG_DIR/postmaster.pid ]] && is_alive "$(head -n 1 "$PG_DIR/postmaster.pid")"; then
		warn "PostgreSQL is already running on $PG_DIR. Stop it first: $0 stop $STATE_DIR"
		exit 1
	fi

	choose_ports
	mkdir -p "$LOG_DIR"
	rm -f "$PIDS_FILE" "$STATE_DIR/env"
	trap on_start_exit EXIT
	trap 'exit 130' INT TERM

	local started=$SECONDS
	start_postgres
	start_minio
	start_dex
	start_clamd
	start_mailpit
	write_env
	START_COMPLETE=1

	say "services for $STATE_DIR ($MODE) ready in $((SECONDS - started))s:"
	say "  PostgreSQL 127.0.0.1:$PG_PORT (database portal)   MinIO 127.0.0.1:$MINIO_PORT (bucket $S3_BUCKET)"
	say "  Dex http://127.0.0.1:$DEX_PORT/dex                clamd 127.0.0.1:$CLAMD_PORT (EICAR-only signatures)"
	say "  Mailpit SMTP 127.0.0.1:$SMTP_PORT, the emails at http://127.0.0.1:$MAILPIT_PORT"
	say "  logs in $LOG_DIR; configuration: . $STATE_DIR/env"
	say "  stop with: $0 stop $STATE_DIR"
}

# Stops one recorded process: TERM to its whole process group (the server is the leader of its own
# session), then KILL if it has not gone within 15 s.
stop_process() {
	local name=$1 pid=$2 i
	entry_alive "$name" "$pid" || return 0
	say "stopping $name (pid $pid)"
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		is_alive "$pid" || return 0
		sleep 0.1
	done
	warn "$name (pid $pid) did not stop within 15s: killing it"
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

do_stop() {
	local name pid failed=0
	if [[ -f $PIDS_FILE ]]; then
		# Reverse start order: the services the others depend on stop last.
		while read -r name pid; do
			[[ -n ${name:-} && $name != postgres ]] || continue
			stop_process "$name" "$pid" || failed=1
		done < <(tac "$PIDS_FILE")
	fi
	# pg_ctl rather than a signal: it waits for a clean shutdown and checks the data directory's
	# own pid file, so it also finds a server that a failed start did not get to record.
	stop_postgres || failed=1
	if ((failed == 0)); then
		rm -f "$PIDS_FILE"
	fi
	return "$failed"
}

cmd_stop() {
	(($# == 1)) || usage
	set_state_dir "$1" 0
	if [[ ! -d $STATE_DIR ]]; then
		say "nothing to stop: $STATE_DIR does not exist"
		return 0
	fi
	do_stop
}

cmd_status() {
	(($# == 1)) || usage
	set_state_dir "$1" 0
	local running
	running=$(running_entries)
	if [[ -z $running ]]; then
		say "no services running for $STATE_DIR"
		return 3
	fi
	local name pid
	while read -r name pid; do
		say "$name running (pid $pid)"
	done <<<"$running"
}

(($# >= 1)) || usage
command=$1
shift
case $command in
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
status) cmd_status "$@" ;;
*) usage ;;
esac
