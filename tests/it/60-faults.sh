#!/usr/bin/env bash
# 60-faults.sh — sources and the warehouse that freeze, go away or come
# back, through fault-injection relays (tests/harness/faultproxy.py):
# tests/odbc/faults.c checks each case ends within its deadline with the
# right SQLSTATE and leaves a connection that works; then a client killed
# in the middle of a query must not leave the query running at the source
# or the warehouse (client_connection_check_interval, PostgreSQL 14+).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

psql_remote_db() {
	local db=$1
	shift
	PGPASSWORD=$FQ_PG_PASSWORD psql -X -q -A -t -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$FQ_PORT_remote" -U fedq -d "$db" "$@"
}

cleanup() {
	fault_proxy_stop_all
	[ -n "${client:-}" ] && kill -9 "$client" 2>/dev/null
	psql_remote_db postgres -c "DROP DATABASE IF EXISTS faults WITH (FORCE)" >/dev/null 2>&1 || true
}

psql_remote_db postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS faults WITH (FORCE)" -c "CREATE DATABASE faults"
psql_remote_db faults <<'SQL'
CREATE TABLE big AS SELECT i, repeat('x', 100) AS pad FROM generate_series(1, 200000) i;
CREATE TABLE small AS SELECT i FROM generate_series(1, 10) i;
CREATE VIEW sleepy AS SELECT 1 AS z FROM pg_sleep(60);
ANALYZE big, small;
SQL

fault_proxy_start src "$FQ_PORT_remote"
fault_proxy_start blk "$FQ_PORT_remote"
fault_proxy_start wh "$FQ_PORT_warehouse"
trap cleanup EXIT
export FQ_PROXY_CTL_src FQ_PROXY_CTL_blk FQ_PROXY_CTL_wh

status=0
with_driver ./tests/odbc/faults || status=1

# A client killed while its query runs: the source and the warehouse end
# the query within seconds (they check the client every 5 s), not when it
# would have finished (60 s).
echo "CREATE EXTERNAL SCHEMA fd FROM POSTGRES DATABASE 'faults' URI '127.0.0.1' PORT $FQ_PORT_remote" |
	with_driver isql -v -b fedq > "$FQ_IT_DIR/create-fd.out" 2>&1 || { cat "$FQ_IT_DIR/create-fd.out"; fail "CREATE EXTERNAL SCHEMA fd"; }
running() {
	local where=$1 count
	if [ "$where" = source ]; then
		count=$(psql_remote_db faults -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = 'faults' AND query LIKE '%sleepy%' AND state = 'active'
			AND pid <> pg_backend_pid()")
	else
		count=$(psql_warehouse -c "SELECT count(*) FROM pg_stat_activity
			WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'")
	fi
	[ "$count" -gt 0 ]
}
for where in source warehouse; do
	if [ "$where" = source ]; then sql="SELECT * FROM fd.sleepy"; else sql="SELECT pg_sleep(60)"; fi
	echo "$sql" > "$FQ_IT_DIR/sleep.sql"
	# Not through with_driver: $! must be isql itself, not a subshell.
	LD_PRELOAD="${FQ_PRELOAD:-}" isql -b fedq < "$FQ_IT_DIR/sleep.sql" > /dev/null 2>&1 &
	client=$!
	for _ in $(seq 1 100); do
		running "$where" && break
		sleep 0.1
	done
	running "$where" || { echo "not ok - the query did not start at the $where"; status=1; continue; }
	kill -9 "$client"
	wait "$client" 2>/dev/null || true
	client=
	start=$(date +%s)
	while running "$where" && [ $(( $(date +%s) - start )) -lt 15 ]; do
		sleep 0.2
	done
	if running "$where"; then
		echo "not ok - the $where still runs the killed client's query after 15 s"
		status=1
	else
		echo "ok - the $where ended the killed client's query after $(( $(date +%s) - start )) s"
	fi
done
exit $status
