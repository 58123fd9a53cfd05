#!/usr/bin/env bash
# 18-connection-statements.sh — what a new connection costs, on the
# servers' own logs (log_statement = all): a federated query over a
# warehouse table and an external one, in a fresh process, is
#   warehouse: search_path (with client_connection_check_interval set in
#              the same SELECT), catalog query, BEGIN, COPY, COMMIT
#   source:    catalog query, SET client_connection_check_interval and
#              BEGIN in one message, COPY, COMMIT
# and never a SET statement of its own; a later connection of the same
# process passes the setting in its startup options (the servers are
# known to have it).  The setting is in effect either way.  See
# engine/connectors/postgres/README.md, "Connecting".
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
echo "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote" \
	> "$dir/create.sql"
run_isql fedq "$dir/create.sql" > "$dir/create.out" 2>&1 || { cat "$dir/create.out"; fail "CREATE EXTERNAL SCHEMA failed"; }

# client_connection_check_interval exists from PostgreSQL 14.
has_check=1
[ "$(psql_remote -c 'SHOW server_version_num')" -ge 140000 ] || has_check=0
[ "$(psql_warehouse -c 'SHOW server_version_num')" -ge 140000 ] || has_check=0

query="SELECT count(*), sum(o.o_id) FROM sales s JOIN rds.orders o ON o.o_id = s.s_id"

# statements LOG [PID]: the statements a server logged (of one backend).
statements() {
	grep -E "${2:+\[$2\] }.*LOG:  (statement|execute [^:]*):" "$1" || true
}
count() {
	statements "$@" | wc -l
}
# The backends that logged a statement, in order.
pids() {
	statements "$1" | sed -n 's/^[^[]*\[\([0-9]*\)\].*/\1/p' | awk '!seen[$0]++'
}

# A fresh process: one connection to each server.
wmark=$(log_mark "$FQ_WAREHOUSE_LOG")
rmark=$(log_mark "$FQ_REMOTE_LOG")
echo "$query" > "$dir/fresh.sql"
run_isql fedq "$dir/fresh.sql" > "$dir/fresh.out" 2>&1 || { cat "$dir/fresh.out"; fail "fresh: query failed"; }
grep -q '| 1000 *| 500500 *|' "$dir/fresh.out" || { cat "$dir/fresh.out"; fail "fresh: wrong rows"; }
log_since "$FQ_WAREHOUSE_LOG" "$wmark" > "$dir/fresh-warehouse.log"
log_since "$FQ_REMOTE_LOG" "$rmark" > "$dir/fresh-remote.log"
wh=$(count "$dir/fresh-warehouse.log")
rm=$(count "$dir/fresh-remote.log")
echo "fresh process: $wh statements at the warehouse, $rm at the source"
if [ "$wh" != 5 ] || [ "$rm" != 4 ]; then
	statements "$dir/fresh-warehouse.log"
	statements "$dir/fresh-remote.log"
	fail "fresh process: wanted 5 statements at the warehouse and 4 at the source"
fi
if grep -Eq "LOG:  statement: SET client_connection_check_interval[^;]*$" \
	"$dir/fresh-warehouse.log" "$dir/fresh-remote.log"; then
	fail "fresh process: client_connection_check_interval was set by a statement of its own"
fi
if [ "$has_check" = 1 ]; then
	grep -q "set_config('client_connection_check_interval'" "$dir/fresh-warehouse.log" ||
		fail "fresh process: the warehouse's search_path query did not set client_connection_check_interval"
	grep -q "statement: SET client_connection_check_interval = '5s'; BEGIN" "$dir/fresh-remote.log" ||
		fail "fresh process: the source's BEGIN did not carry client_connection_check_interval"
fi

# SearchPath given and a passthrough statement first: nothing to carry
# the setting, so its SET goes first, on its own, as it always did.
wmark=$(log_mark "$FQ_WAREHOUSE_LOG")
echo "SHOW client_connection_check_interval" > "$dir/passthrough.sql"
with_driver isql -v -b -k "DSN=fedq;SearchPath=public" < "$dir/passthrough.sql" > "$dir/passthrough.out" 2>&1 ||
	{ cat "$dir/passthrough.out"; fail "passthrough: failed"; }
log_since "$FQ_WAREHOUSE_LOG" "$wmark" > "$dir/passthrough-warehouse.log"
if [ "$has_check" = 1 ]; then
	grep -q '| 5s' "$dir/passthrough.out" || { cat "$dir/passthrough.out"; fail "passthrough: client_connection_check_interval is not 5s"; }
	[ "$(statements "$dir/passthrough-warehouse.log" | grep -c "statement: SET client_connection_check_interval = '5s'$")" = 1 ] ||
		{ statements "$dir/passthrough-warehouse.log"; fail "passthrough: no SET before the statement"; }
fi
[ "$(count "$dir/passthrough-warehouse.log")" -le 2 ] ||
	{ statements "$dir/passthrough-warehouse.log"; fail "passthrough: more than 2 statements"; }

# One process, three connections one after another: the second and third
# pass the setting at startup, no statement carries it; each sees 5s.
wmark=$(log_mark "$FQ_WAREHOUSE_LOG")
rmark=$(log_mark "$FQ_REMOTE_LOG")
with_driver ./tests/odbc/sessions "DSN=fedq" 3 "$query" \
	"SHOW client_connection_check_interval" \
	"SELECT pg_catalog.current_setting('client_connection_check_interval') FROM rds.orders WHERE o_id = 1" \
	> "$dir/sessions.out" 2>&1 || { cat "$dir/sessions.out"; fail "sessions: failed"; }
log_since "$FQ_WAREHOUSE_LOG" "$wmark" > "$dir/sessions-warehouse.log"
log_since "$FQ_REMOTE_LOG" "$rmark" > "$dir/sessions-remote.log"
if [ "$has_check" = 1 ]; then
	[ "$(grep -c '^session [123]: 5s$' "$dir/sessions.out")" = 6 ] ||
		{ cat "$dir/sessions.out"; fail "sessions: client_connection_check_interval is not 5s everywhere"; }
fi
for log in "$dir/sessions-warehouse.log" "$dir/sessions-remote.log"; do
	n=0
	for pid in $(pids "$log"); do
		n=$((n + 1))
		[ "$n" = 1 ] && continue
		if [ "$has_check" = 1 ] && statements "$log" "$pid" |
			grep -Eq "SET client_connection_check_interval|set_config\('client_connection_check_interval'"; then
			statements "$log" "$pid"
			fail "sessions: connection $n of $(basename "$log" .log) set client_connection_check_interval by a query"
		fi
	done
	[ "$n" = 3 ] || { cat "$log"; fail "sessions: $(basename "$log" .log) saw $n connections, not 3"; }
done
wh2=$(count "$dir/sessions-warehouse.log" "$(pids "$dir/sessions-warehouse.log" | sed -n 2p)")
rm2=$(count "$dir/sessions-remote.log" "$(pids "$dir/sessions-remote.log" | sed -n 2p)")
echo "second connection of a process: $wh2 statements at the warehouse, $rm2 at the source (with SHOW and a second query)"
echo ok
