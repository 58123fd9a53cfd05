#!/usr/bin/env bash
# 61-unreachable-listing.sh — an external schema that cannot be reached
# leaves the others listed in information_schema with a 01000 warning, and
# the warning comes from SQLExecute, where the sources are read: isql,
# which gives up on anything but SQL_SUCCESS from SQLPrepare, lists the
# rows.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

command -v isql >/dev/null || { echo "isql not installed"; exit 77; }
closed=$(fq_free_port) || fail "no free port"
cat > "$FQ_IT_DIR/listing.sql" <<SQL
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote
CREATE EXTERNAL SCHEMA gone FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $closed
SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('rds', 'gone') ORDER BY 2
SQL
rc=0
with_driver isql -v -b fedq < "$FQ_IT_DIR/listing.sql" > "$FQ_IT_DIR/out" 2>&1 || rc=$?
cat "$FQ_IT_DIR/out"
[ $rc -eq 0 ] || fail "isql failed (exit $rc)"
grep -q "Could not SQLPrepare" "$FQ_IT_DIR/out" && fail "SQLPrepare did not return SQL_SUCCESS"
grep -q "| rds *| orders" "$FQ_IT_DIR/out" || fail "rds.orders is not listed"
grep -q '01000.*external schema "gone" is not listed: could not connect' "$FQ_IT_DIR/out" ||
	fail "no 01000 warning for the unreachable schema"
grep -q "SQLExecute returned SQL_SUCCESS_WITH_INFO" "$FQ_IT_DIR/out" ||
	fail "the warning did not come from SQLExecute"
echo ok
