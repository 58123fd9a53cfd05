#!/usr/bin/env bash
# 31-pushdown-log.sh — the issue's session through isql, checked on the
# servers' own logs: the remote is asked for only the needed columns with
# the WHERE clause (and ORDER BY/LIMIT), the warehouse runs the warehouse
# query as written.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

rmark=$(log_mark "$FQ_REMOTE_LOG")
wmark=$(log_mark "$FQ_WAREHOUSE_LOG")
cat > "$FQ_IT_DIR/session.sql" <<SQL
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' SCHEMA 'public' URI '127.0.0.1' PORT $FQ_PORT_remote
SELECT o_id, o_total FROM rds.orders WHERE o_status = 'F' ORDER BY o_id LIMIT 5
SELECT count(*) FROM public.sales
SQL
run_isql fedq "$FQ_IT_DIR/session.sql" > "$FQ_IT_DIR/isql.out"
cat "$FQ_IT_DIR/isql.out"
grep -q "| 15 *| 567.85 *|" "$FQ_IT_DIR/isql.out" || fail "the federated query's rows are wrong"
grep -q "| 2500 *|" "$FQ_IT_DIR/isql.out" || fail "the warehouse count is wrong"

log_since "$FQ_REMOTE_LOG" "$rmark" > "$FQ_IT_DIR/remote.log"
log_since "$FQ_WAREHOUSE_LOG" "$wmark" > "$FQ_IT_DIR/warehouse.log"
echo "--- remote log"; cat "$FQ_IT_DIR/remote.log"

want='SELECT r1."o_id", r1."o_total" FROM "public"."orders" r1 WHERE (r1."o_status" = '"'F'"'::bpchar) ORDER BY r1."o_id" ASC NULLS LAST LIMIT 5::bigint'
grep -qF "$want" "$FQ_IT_DIR/remote.log" || fail "the remote was not asked: $want"
# Nothing else of orders was read: no other column, no unfiltered scan.
for col in o_custkey o_orderdate o_priority o_comment; do
	if grep -q "$col" "$FQ_IT_DIR/remote.log"; then fail "the remote was asked for $col"; fi
done
[ "$(grep -c 'COPY (' "$FQ_IT_DIR/remote.log")" = 1 ] || fail "the remote ran more than one scan"
# Each source read is one READ ONLY REPEATABLE READ transaction.
grep -q "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" "$FQ_IT_DIR/remote.log" ||
	fail "the remote read was not in a read-only repeatable-read transaction"
# The warehouse-only query went to the warehouse as the user wrote it.
grep -q "SELECT count(\*) FROM public.sales" "$FQ_IT_DIR/warehouse.log" ||
	fail "the warehouse did not run the warehouse query as written"
if grep -q "sales" "$FQ_IT_DIR/remote.log"; then fail "the remote saw the warehouse query"; fi
echo ok
