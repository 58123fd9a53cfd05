#!/usr/bin/env bash
# 25-log-timeout.sh — the LogLevel/LogFile and QueryTimeout connection keys,
# through isql and SQLDriverConnect (isql -k).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

log="$FQ_IT_DIR/fedq.log"
cat > "$FQ_IT_DIR/log.sql" <<SQL
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote
SELECT count(*) FROM rds.orders WHERE o_status = 'F'
CREATE ROLE fq_log_test_role PASSWORD 'sekrit-do-not-log'
DROP ROLE fq_log_test_role
SELECT * FROM rds.nosuch
SQL
with_driver isql -v -b -k "DSN=fedq;LogLevel=3;LogFile=$log" < "$FQ_IT_DIR/log.sql" > "$FQ_IT_DIR/isql.out" 2>&1 || true
cat "$FQ_IT_DIR/isql.out"
echo "--- log"
cat "$log"

grep -q "statement: SELECT count(\*) FROM rds.orders" "$log" || fail "the statement is not logged"
grep -q "federated query" "$log" || fail "how the statement ran is not logged"
grep -q "external schema \"rds\": 1 rows, [0-9]* bytes: SELECT CAST(count(\*) AS bigint) FROM \"public\".\"orders\" r1 WHERE" "$log" ||
	fail "the remote query is not logged"
grep -q "prepare failed: \[42P01\]" "$log" || fail "the error is not logged"
grep -q "PASSWORD '\*\*\*'" "$log" || fail "the role's password is not masked"
if grep -q "sekrit-do-not-log" "$log"; then fail "a password reached the log"; fi
if grep -q -- "$FQ_PG_PASSWORD" "$log"; then fail "the connection password reached the log"; fi
[ "$(stat -c %a "$log")" = 600 ] || fail "the log file is not private (mode $(stat -c %a "$log"))"

# An unwritable LogFile fails the connection clearly.
if echo "SELECT 1" | with_driver isql -v -b -k "DSN=fedq;LogLevel=1;LogFile=/nonexistent/dir/f.log" > "$FQ_IT_DIR/bad.out" 2>&1; then
	fail "a connection with an unwritable LogFile succeeded"
fi
grep -q "cannot open LogFile" "$FQ_IT_DIR/bad.out" || { cat "$FQ_IT_DIR/bad.out"; fail "no clear message for an unwritable LogFile"; }

# QueryTimeout: the warehouse sleeps 5 s, the statement gives up after 1.
start=$(date +%s)
echo "SELECT pg_sleep(5)" | with_driver isql -v -b -k "DSN=fedq;QueryTimeout=1" > "$FQ_IT_DIR/timeout.out" 2>&1 || true
elapsed=$(( $(date +%s) - start ))
cat "$FQ_IT_DIR/timeout.out"
# isql is an ODBC 2 application: the driver manager spells HYT00 S1T00 for it.
grep -Eq "HYT00|S1T00" "$FQ_IT_DIR/timeout.out" || fail "QueryTimeout did not report a timeout (HYT00)"
[ "$elapsed" -lt 4 ] || fail "QueryTimeout=1 took ${elapsed}s"
echo "ok"
