# lib.sh — helpers for bench/run (sourced, not run): servers sized for
# benchmarking, loading, running clients, recording results, statistics.
#
# Results go to $BENCH_RESULTS, one tab-separated line per observation:
#   workload  item  engine  metric  value
# e.g. "scan  orders  fedq_array  seconds  2.31" or
#      "tpch  q05  fedq  status  0A000 joins between sources are not supported".
# bench/report.sh turns them into the report.
# shellcheck shell=bash

# Messages on stderr, so that a client's stdout stays parseable.
say() {
	printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
	printf 'bench/run: %s\n' "$*" >&2
	exit 1
}

# One observation.
rec() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$BENCH_RESULTS"
}

# The value of key=VALUE in a client's output line (values have no blanks,
# except msg=, which is always last).
kv() {
	local key=$1 line=${2%%$'\n'*} w
	local -a words
	if [ "$key" = msg ]; then
		[[ $line == *" msg="* ]] && printf '%s\n' "${line#* msg=}"
	else
		read -ra words <<< "$line"
		for w in "${words[@]}"; do
			if [[ $w == "$key="* ]]; then
				printf '%s\n' "${w#"$key"=}"
				break
			fi
		done
	fi
	return 0
}

# ------------------------------------------------------------------
# Servers
# ------------------------------------------------------------------

# Starts a cluster with tests/harness/pg.sh, then restarts it with settings
# for benchmarking instead of the test harness's (which logs every
# statement).  Stopping stays with pg.sh (fq_pg_stop_all).
bench_pg_start() {
	local name=$1 shared_buffers=$2 dir port
	fq_pg_start "$name"
	dir=$FQ_PG_DIR/$name
	eval "port=\$FQ_PORT_$name"
	cat >> "$dir/data/postgresql.conf" <<CONF

# bench/run: settings for benchmarking (bench/README.md explains them)
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 8GB
checkpoint_timeout = 30min
shared_buffers = $shared_buffers
work_mem = 64MB
maintenance_work_mem = 512MB
effective_cache_size = 4GB
random_page_cost = 1.1
jit = off
autovacuum = off
max_locks_per_transaction = 1024
log_min_messages = warning
log_min_duration_statement = -1
log_line_prefix = '%m [%p] %d '
CONF
	if ! fq_pg_as_owner "$FQ_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
			-o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir'" \
			restart > "$dir/pg_ctl.log" 2>&1; then
		cat "$dir/pg_ctl.log" "$dir/server.log" >&2
		die "$name would not restart with the benchmark settings"
	fi
}

# The CREATE TABLE statements of the named tables, from WORKLOAD/schema.sql
# (tpch or tpcds).
schema_ddl() {
	local workload=$1
	shift
	awk -v want=" $* " '
		/^create table / { p = index(want, " " $3 " ") > 0 }
		p { print }
		/^\);/ { p = 0 }
	' "$BENCH_SRC/$workload/schema.sql"
}

# The index statements of the named tables, from WORKLOAD/indexes.sql
# (with BENCH_KEYS_ONLY=1, bench/run --keys-only, the primary keys alone).
schema_indexes() {
	local workload=$1
	shift
	awk -v want=" $* " -v keys_only="${BENCH_KEYS_ONLY:-0}" '
		/^alter table / { if (index(want, " " $3 " ") > 0) print; next }
		keys_only == 1 { next }
		/^create index / {
			for (i = 1; i < NF; i++)
				if ($i == "on" && index(want, " " $(i + 1) " ") > 0) print
		}
	' "$BENCH_SRC/$workload/indexes.sql"
}

# Creates database DB on a server and loads the named tables of WORKLOAD
# (tpch or tpcds) from the data directory: created and filled in one
# transaction (no WAL with wal_level=minimal), then keys and indexes, then
# VACUUM ANALYZE.
load_db() {
	local server=$1 db=$2 data=$3 workload=$4
	shift 4
	local script t
	script=$(mktemp "$BENCH_RUNDIR/load-XXXXXX.sql")
	{
		echo "begin;"
		schema_ddl "$workload" "$@"
		for t in "$@"; do
			printf "\\\\copy %s from '%s'\n" "$t" "$data/$t.copy"
		done
		echo "commit;"
		schema_indexes "$workload" "$@"
		echo "vacuum analyze;"
	} > "$script"
	fq_pg_psql "$server" -d postgres -c "create database $db"
	fq_pg_psql "$server" -d "$db" -f "$script"
}

# ------------------------------------------------------------------
# Clients
# ------------------------------------------------------------------

# Sets CLIENT_STATUS from a client's exit status RC, its output line
# CLIENT_OUT, its stderr file ERR and the time LIMIT it had: "ok", "error
# SQLSTATE msg", "timeout after LIMIT s" or "crash ...".
client_status() {
	local rc=$1 err=$2 limit=$3
	case $rc in
	0) CLIENT_STATUS=ok ;;
	3) CLIENT_STATUS="error $(kv sqlstate "$CLIENT_OUT") $(kv msg "$CLIENT_OUT")" ;;
	124) CLIENT_STATUS="timeout after $limit s" ;;
	*)
		if [ "$rc" -gt 128 ]; then
			CLIENT_STATUS="crash: killed by signal $((rc - 128))"
		else
			CLIENT_STATUS="crash: exit status $rc"
		fi
		if [ -s "$err" ]; then
			CLIENT_STATUS="$CLIENT_STATUS ($(tail -n 3 "$err" | tr '\n\t' '  '))"
		fi
		;;
	esac
}

# A client's time limit is kept by the client itself (BENCH_CLIENT_TIMEOUT,
# bench/benchutil.h): when it passes, the client cancels its statement at
# the server (SQLCancel, PQcancel) and exits with 124, as timeout(1) would.
# timeout(1) is only the backstop, BENCH_CANCEL_GRACE seconds later, for a
# client that hangs; a client it kills cannot cancel anything, so after
# every timeout reap_after_timeout makes sure no statement of the run is
# still running at a server.
BENCH_CANCEL_GRACE=30

# Runs a client with the per-run timeout.  Sets CLIENT_OUT (its output
# line) and CLIENT_STATUS (client_status).
run_client() {
	local rc err
	err="$BENCH_RUNDIR/client.err"
	set +e
	CLIENT_OUT=$(BENCH_CLIENT_TIMEOUT=$BENCH_TIMEOUT \
		timeout -k 5 $((BENCH_TIMEOUT + BENCH_CANCEL_GRACE)) "$@" 2> "$err")
	rc=$?
	set -e
	client_status "$rc" "$err" "$BENCH_TIMEOUT"
	[ "$rc" != 124 ] || reap_after_timeout "$(client_label "$@")"
}

# Starts a client in the background, limited to LIMIT seconds, for checks
# that need no timing: its output line, stderr and exit status go to
# PREFIX.out, PREFIX.err and PREFIX.rc.  Sets CLIENT_PID; wait for it (and
# for any other client started with it), then client_collect PREFIX LIMIT
# sets CLIENT_OUT and CLIENT_STATUS.
run_client_bg() {
	local prefix=$1 limit=$2
	shift 2
	(
		set +e
		BENCH_CLIENT_TIMEOUT=$limit timeout -k 5 $((limit + BENCH_CANCEL_GRACE)) "$@" \
			> "$prefix.out" 2> "$prefix.err"
		echo $? > "$prefix.rc"
	) &
	# shellcheck disable=SC2034  # read by the caller
	CLIENT_PID=$!
}

# Only once no client of the run is running: a timeout reaps (below).
client_collect() {
	local prefix=$1 limit=$2 rc
	CLIENT_OUT=$(head -n 1 "$prefix.out")
	rc=$(cat "$prefix.rc")
	client_status "$rc" "$prefix.err" "$limit"
	[ "$rc" != 124 ] || reap_after_timeout "$(basename "$prefix")"
}

# The pids of the backends at SERVER (warehouse or remote) running a
# statement now, other than this query's.  The servers are the run's own:
# every client backend there serves one of its clients (or postgres_fdw's
# connections for them).
active_backends() {
	fq_pg_psql "$1" -d postgres -A -t -c "SELECT pid FROM pg_catalog.pg_stat_activity
		WHERE backend_type = 'client backend' AND state = 'active'
		AND pid <> pg_catalog.pg_backend_pid()"
}

# Waits up to SECONDS for SERVER to run no statement; prints the pids of
# those still running.
wait_idle() {
	local server=$1 seconds=$2 pids i
	for ((i = 0; i < seconds * 10; i++)); do
		pids=$(active_backends "$server")
		[ -n "$pids" ] || return 0
		sleep 0.1
	done
	# shellcheck disable=SC2086  # the pids on one line
	echo $pids
}

# SIGNAL (cancel or terminate) the backends PIDS at SERVER.
signal_backends() {
	local server=$1 signal=$2 pids=$3
	fq_pg_psql "$server" -d postgres -A -t -c "SELECT pg_catalog.pg_${signal}_backend(pid)
		FROM pg_catalog.pg_stat_activity WHERE pid IN (${pids// /, })" > /dev/null
}

# After a client run cut off by its time limit (WHAT names it, for the
# messages): no statement of the run may go on at a server.  The client
# cancelled its statement as it stopped; what still runs 5 seconds later
# (a client killed by the backstop, a cancel that did not arrive) is
# cancelled with pg_cancel_backend, then ended with pg_terminate_backend.
# Each leftover is said and recorded ("timeouts WHAT SERVER leftover N");
# one that even that does not end stops bench/run (die).
reap_after_timeout() {
	local what=$1 server pids n
	for server in warehouse remote; do
		pids=$(wait_idle "$server" 5)
		[ -n "$pids" ] || continue
		n=$(wc -w <<< "$pids")
		say "$what: cut off by the time limit, but $n statement(s) still running at the $server (pids $pids): cancelling them"
		rec timeouts "$what" "$server" leftover "$n"
		signal_backends "$server" cancel "$pids"
		pids=$(wait_idle "$server" 5)
		[ -n "$pids" ] || continue
		say "$what: still running at the $server after pg_cancel_backend (pids $pids): terminating them"
		signal_backends "$server" terminate "$pids"
		pids=$(wait_idle "$server" 5)
		[ -z "$pids" ] ||
			die "$what: statements still running at the $server after pg_terminate_backend (pids $pids); bench/run stops here, and its servers with it"
	done
}

# What a client run is, for messages: the program and its query file (-f)
# or output file (-o), else its query text (-q), shortened.
client_label() {
	local prog a what=
	prog=$(basename "$1")
	shift
	while [ $# -gt 0 ]; do
		a=$1
		shift
		case $a in
		-f | -o) what=$(basename "${1:-}") ;;
		-q) [ -n "$what" ] || what=${1:0:60} ;;
		esac
	done
	echo "$prog $what"
}

# A short status for the report: "ok", "0A000 not supported yet: ...",
# "error XX000: ...".
status_text() {
	local s=$1 code
	case $s in
	ok) echo ok ;;
	"error "*)
		code=${s#error }
		code=${code%% *}
		if [ "$code" = 0A000 ]; then
			echo "0A000 not supported yet: ${s#error 0A000 }"
		else
			echo "error $code: ${s#error "$code" }"
		fi
		;;
	*) echo "$s" ;;
	esac
}

# ------------------------------------------------------------------
# Byte counting relays (bench/tcpcount)
# ------------------------------------------------------------------

# Starts a relay NAME in front of TARGET_PORT; sets RELAY_PORT_<name>.
relay_start() {
	local name=$1 target=$2 port tries=0 stats
	stats="$BENCH_RUNDIR/relay-$name.stats"
	while :; do
		port=$(fq_pg_free_port) || die "no free port for a relay"
		rm -f "$stats"
		"$BENCH_BUILD/bench/tcpcount" -l "$port" -t "$target" -s "$stats" \
			2> "$BENCH_RUNDIR/relay-$name.log" &
		BENCH_RELAY_PIDS="${BENCH_RELAY_PIDS:-} $!"
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -f "$stats" ] && break
			sleep 0.1
		done
		[ -f "$stats" ] && break
		tries=$((tries + 1))
		[ $tries -lt 5 ] || die "relay $name would not start: $(cat "$BENCH_RUNDIR/relay-$name.log")"
	done
	eval "RELAY_PORT_$name=$port"
}

relay_stop_all() {
	local p
	for p in ${BENCH_RELAY_PIDS:-}; do
		kill "$p" 2> /dev/null || true
	done
	BENCH_RELAY_PIDS=
}

# Bytes the relay's target has sent so far, once no connection is open
# (an engine's pooled connections close when its process ends).
relay_bytes() {
	local name=$1 stats line i
	stats="$BENCH_RUNDIR/relay-$name.stats"
	for i in $(seq 1 100); do
		line=$(cat "$stats")
		if [ "$(kv active "$line")" = 0 ]; then
			kv to_client "$line"
			return 0
		fi
		[ "$i" -lt 100 ] && sleep 0.1
	done
	kv to_client "$line"
}

# ------------------------------------------------------------------
# Queries
# ------------------------------------------------------------------

# Rewrites a TPC-H query for one variant: comment lines dropped, the
# scale-dependent parameter filled in, and the remote tables qualified with
# SCHEMA (none: left alone).  A remote table name is rewritten only where a
# table can stand: right after FROM, JOIN or a comma of a FROM list; in the
# 22 queries a comma before one of these names only occurs in FROM lists
# (query 8's output column "nation" follows AS, query 9's follows SELECT/BY).
rewrite_query() {
	local file=$1 schema=$2 fraction=$3
	sed "s/{{FRACTION}}/$fraction/g" "$file" | awk -v schema="$schema" '
		BEGIN {
			n = split("orders customer supplier nation region", t, " ")
			for (i = 1; i <= n; i++) remote[t[i]] = 1
			prev = ""
		}
		/^[ \t]*--/ { next }
		{
			line = $0; out = ""
			while (length(line) > 0) {
				if (match(line, /^[A-Za-z_][A-Za-z0-9_]*/)) {
					tok = substr(line, 1, RLENGTH)
					line = substr(line, RLENGTH + 1)
					low = tolower(tok)
					if (schema != "" && (low in remote) &&
					    (prev == "from" || prev == "join" || prev == ","))
						tok = schema "." tok
					out = out tok
					prev = low
				} else if (match(line, /^\047[^\047]*\047/)) {
					out = out substr(line, 1, RLENGTH)
					line = substr(line, RLENGTH + 1)
					prev = "literal"
				} else {
					c = substr(line, 1, 1)
					line = substr(line, 2)
					out = out c
					if (c != " " && c != "\t") prev = c
				}
			}
			print out
		}'
}

# The ORDER BY key columns a query file declares ("-- keys: 2,1").
query_keys() {
	sed -n 's/^-- keys: *//p' "$1" | tr -d ' '
}

# The row limit of a query file's outermost LIMIT (its last line "limit N;"),
# or nothing.
query_limit() {
	sed -n 's/^[ \t]*limit \([0-9][0-9]*\)[ \t]*;\{0,1\}[ \t]*$/\1/Ip' "$1" | tail -n 1
}

# A TPC-DS statement for one engine: comment lines dropped and the external
# schema "ext." of the dimension tables replaced by SCHEMA ("" for the
# all-local database, "fdw." for postgres_fdw's foreign tables).  The
# statements name the schema only as the qualifier of a dimension table.
tpcds_query() {
	local file=$1 schema=$2
	sed -e '/^[ \t]*--/d' -e "s/\bext\./$schema/g" "$file"
}

# ------------------------------------------------------------------
# Statistics over $BENCH_RESULTS
# ------------------------------------------------------------------

# "median min max count" of a metric (empty when there is none).
stat_of() {
	awk -F '\t' -v w="$1" -v i="$2" -v e="$3" -v m="$4" '
		$1 == w && $2 == i && $3 == e && $4 == m { v[n++] = $5 + 0 }
		END {
			if (n == 0) exit
			for (a = 1; a < n; a++) {
				x = v[a]
				for (b = a - 1; b >= 0 && v[b] > x; b--) v[b + 1] = v[b]
				v[b + 1] = x
			}
			med = (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2
			printf "%.6f %.6f %.6f %d\n", med, v[0], v[n - 1], n
		}' "$BENCH_RESULTS"
}

# The last recorded text value of a metric (statuses, checksums).
last_of() {
	awk -F '\t' -v w="$1" -v i="$2" -v e="$3" -v m="$4" '
		$1 == w && $2 == i && $3 == e && $4 == m { v = $5; found = 1 }
		END { if (found) print v }' "$BENCH_RESULTS"
}
