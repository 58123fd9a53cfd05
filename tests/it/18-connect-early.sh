#!/usr/bin/env bash
# 18-connect-early.sh — ConnectSourcesEarly (default on): the session
# begins its connection to each external schema's source while it connects
# to the warehouse, and a statement that needs the source takes that
# connection over instead of making another.  A statement that does not
# need the source sends it nothing.  A source down at the session's opening
# is asked again when a statement needs it, with the same error as without
# the early attempt.  A schema whose URI is a host name is connected only
# when needed (libpq would look the name up before returning).  With
# ConnectSourcesEarly=0 nothing is begun early.  The answers are the same
# every way.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
down_port=$(fq_free_port) || fail "no free port"
cat > "$dir/create.sql" <<SQL
CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote
CREATE EXTERNAL SCHEMA IF NOT EXISTS named FROM POSTGRES DATABASE 'shop' URI 'localhost' PORT $FQ_PORT_remote SECRET_ARN 'file:$FQ_TEST_DIR/secret.json'
SQL
run_isql fedq "$dir/create.sql" > "$dir/create.out" 2>&1 || { cat "$dir/create.out"; fail "CREATE EXTERNAL SCHEMA failed"; }
# a source nothing answers at (CheckSources=0: CREATE does not try it)
echo "CREATE EXTERNAL SCHEMA IF NOT EXISTS gone FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $down_port" \
	> "$dir/create-gone.sql"
with_driver isql -v -b -k "DSN=fedq;CheckSources=0" < "$dir/create-gone.sql" > "$dir/create-gone.out" 2>&1 ||
	{ cat "$dir/create-gone.out"; fail "CREATE EXTERNAL SCHEMA gone failed"; }

# Statements a server logged (log_statement = all).
statements() {
	grep -E "LOG:  (statement|execute [^:]*):" "$1" || true
}

# run NAME CONNSTR [SQL]: $dir/SQL.sql (default NAME.sql) through isql in
# one connection, with the driver's log in $dir/NAME.log and the remote's
# in $dir/NAME-remote.log.
run() {
	local name=$1 conn=$2 sql=${3:-$1} rmark
	rmark=$(log_mark "$FQ_REMOTE_LOG")
	rm -f "$dir/$name.log"
	with_driver isql -v -b -k "$conn;LogLevel=4;LogFile=$dir/$name.log" < "$dir/$sql.sql" \
		> "$dir/$name.out" 2>&1 || true
	log_since "$FQ_REMOTE_LOG" "$rmark" > "$dir/$name-remote.log"
}

# A warehouse-only statement: the source's connection is begun, nothing
# is sent to it.
echo "SELECT count(*) FROM sales" > "$dir/wh.sql"
run wh "DSN=fedq"
grep -q '| 2500 *|' "$dir/wh.out" || { cat "$dir/wh.out"; fail "warehouse only: wrong rows"; }
grep -q 'connecting to external schema "rds" at 127.0.0.1:.*ahead of need' "$dir/wh.log" ||
	{ cat "$dir/wh.log"; fail "warehouse only: no connection to rds begun at session open"; }
grep -q 'connecting to external schema "gone"' "$dir/wh.log" ||
	{ cat "$dir/wh.log"; fail "warehouse only: no connection to gone begun at session open"; }
if grep -q 'connecting to external schema "named"' "$dir/wh.log"; then
	cat "$dir/wh.log"
	fail "warehouse only: a connection to named (a host name) was begun at session open"
fi
if [ -n "$(statements "$dir/wh-remote.log")" ]; then
	statements "$dir/wh-remote.log"
	fail "warehouse only: the source was sent statements"
fi

# A federated statement takes the connection begun early: one connection,
# the same answer as without it.
echo "SELECT count(*), sum(o.o_id) FROM sales s JOIN rds.orders o ON o.o_id = s.s_id" > "$dir/fed.sql"
run fed "DSN=fedq"
grep -q '| 1000 *| 500500 *|' "$dir/fed.out" || { cat "$dir/fed.out"; fail "federated: wrong rows"; }
grep -q 'external schema "rds": the connection begun at session open is taken' "$dir/fed.log" ||
	{ cat "$dir/fed.log"; fail "federated: the connection begun at session open was not taken"; }
[ "$(grep -c 'connected to external schema "rds"' "$dir/fed.log")" = 1 ] ||
	{ cat "$dir/fed.log"; fail "federated: not one connection to rds"; }
[ "$(statements "$dir/fed-remote.log" | sed -n 's/^[^[]*\[\([0-9]*\)\].*/\1/p' | sort -u | wc -l)" = 1 ] ||
	{ statements "$dir/fed-remote.log"; fail "federated: the source's statements came from more than one backend"; }

run fed0 "DSN=fedq;ConnectSourcesEarly=0" fed
diff "$dir/fed.out" "$dir/fed0.out" > /dev/null || { diff -u "$dir/fed0.out" "$dir/fed.out"; fail "federated: the answer differs with ConnectSourcesEarly=0"; }
if grep -q 'ahead of need\|begun at session open' "$dir/fed0.log"; then
	cat "$dir/fed0.log"
	fail "ConnectSourcesEarly=0: a connection was begun at session open"
fi
grep -q 'connected to external schema "rds"' "$dir/fed0.log" ||
	{ cat "$dir/fed0.log"; fail "ConnectSourcesEarly=0: rds was not connected when needed"; }

# A host name is connected when needed, and answers the same.
echo "SELECT count(*), sum(o.o_id) FROM sales s JOIN named.orders o ON o.o_id = s.s_id" > "$dir/named.sql"
run named "DSN=fedq"
grep -q '| 1000 *| 500500 *|' "$dir/named.out" || { cat "$dir/named.out"; fail "named: wrong rows"; }

# The source that was down at the opening: the warehouse still answers,
# and the source's error is the one ConnectSourcesEarly=0 gives.
printf 'SELECT count(*) FROM sales\nSELECT count(*) FROM gone.orders\n' > "$dir/gone.sql"
run gone "DSN=fedq"
run gone0 "DSN=fedq;ConnectSourcesEarly=0" gone
grep -q '| 2500 *|' "$dir/gone.out" || { cat "$dir/gone.out"; fail "gone: the warehouse did not answer"; }
grep -q '08001' "$dir/gone.out" || { cat "$dir/gone.out"; fail "gone: no 08001 for the source that is down"; }
grep -q 'the attempt begun at session open failed' "$dir/gone.log" && fail "gone: a failed source was reported as connected"
diff <(grep -F '[ISQL]ERROR' "$dir/gone0.out"; grep -E '^\[[0-9A-Z]{5}\]' "$dir/gone0.out") \
	<(grep -F '[ISQL]ERROR' "$dir/gone.out"; grep -E '^\[[0-9A-Z]{5}\]' "$dir/gone.out") ||
	fail "gone: the error differs from the one without the early attempt"
echo "ok"
