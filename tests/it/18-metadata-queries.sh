#!/usr/bin/env bash
# 18-metadata-queries.sh — what looking a statement's tables up costs, on
# the servers' own logs: one catalog query per source for all the names a
# statement has (each unqualified one in every schema of the search path),
# none again while MetadataCacheSeconds lasts, none for a statement the
# warehouse runs as it is; the warehouse's query goes out before fedq
# connects to the source, so that the two overlap (inside a transaction,
# after it).  Without caching
# (MetadataCacheSeconds=0) each lookup asks on its own, as before.
# tests/sql/27-name-resolution.test checks the answers.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
cleanup() {
	psql_warehouse -c "DROP SCHEMA IF EXISTS mq_a CASCADE" 2>/dev/null || true
}
cleanup
trap cleanup EXIT
psql_warehouse -c "CREATE SCHEMA mq_a" \
	-c "CREATE TABLE mq_a.mq_keys AS SELECT i AS k FROM generate_series(1, 3) AS i" 2>/dev/null
echo "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote" \
	> "$dir/create.sql"
run_isql fedq "$dir/create.sql" > "$dir/create.out" 2>&1 || { cat "$dir/create.out"; fail "CREATE EXTERNAL SCHEMA failed"; }

# The listing query of connectors/postgres/pg_meta.c, as the servers log it
# (its schema column names the session's temporary schema pg_temp when
# the query looks there too).
catalog_queries() {
	grep -cE 'execute <unnamed>: SELECT (n\.nspname|CASE WHEN n\.oid = pg_catalog\.pg_my_temp_schema\(\) THEN .pg_temp. ELSE n\.nspname END), c\.relname, c\.relkind' "$1" || true
}

# session NAME CONNSTR WANT_WAREHOUSE WANT_REMOTE: runs $dir/NAME.sql in one
# connection (isql -k CONNSTR), output in $dir/NAME.out, and checks how many
# catalog queries each server saw.
session() {
	local name=$1 conn=$2 want_wh=$3 want_remote=$4 wmark rmark got_wh got_remote
	wmark=$(log_mark "$FQ_WAREHOUSE_LOG")
	rmark=$(log_mark "$FQ_REMOTE_LOG")
	with_driver isql -v -b -k "$conn" < "$dir/$name.sql" > "$dir/$name.out" 2>&1 || true
	log_since "$FQ_WAREHOUSE_LOG" "$wmark" > "$dir/$name-warehouse.log"
	log_since "$FQ_REMOTE_LOG" "$rmark" > "$dir/$name-remote.log"
	got_wh=$(catalog_queries "$dir/$name-warehouse.log")
	got_remote=$(catalog_queries "$dir/$name-remote.log")
	echo "$name: $got_wh catalog queries at the warehouse, $got_remote at the remote"
	if [ "$got_wh" != "$want_wh" ] || [ "$got_remote" != "$want_remote" ]; then
		cat "$dir/$name.out"
		fail "$name: wanted $want_wh at the warehouse and $want_remote at the remote"
	fi
}

# A warehouse table (in the second schema of "$user", public) and two
# external ones; then again, and other tables of the same names: cached.
cat > "$dir/join.sql" <<'SQL'
SELECT count(*), sum(o.o_id) FROM sales s JOIN rds.orders o ON o.o_id = s.s_id JOIN rds.customers c ON c.c_id = o.o_custkey
SELECT count(*), sum(o.o_id) FROM sales s JOIN rds.orders o ON o.o_id = s.s_id JOIN rds.customers c ON c.c_id = o.o_custkey
SELECT count(*) FROM rds.customers c JOIN public.sales s ON s.s_id = c.c_id
SQL
rm -f "$dir/join-fedq.log"
session join "DSN=fedq;LogLevel=4;LogFile=$dir/join-fedq.log" 1 1
[ "$(grep -c '| 1000 *| 500500 *|' "$dir/join.out")" = 2 ] || { cat "$dir/join.out"; fail "join: wrong rows"; }
grep -q "parameters: .*'fedq', .*'public', .*'sales'" "$dir/join-warehouse.log" ||
	fail "join: the warehouse was not asked for sales in both schemas of its search path at once"
# fedq's log has a line per catalog query, the warehouse's before fedq
# connects to the source.
[ "$(grep -c 'metadata query to' "$dir/join-fedq.log")" = 2 ] ||
	fail "join: fedq's log does not show two metadata queries"
order=$(grep -o 'metadata query to the warehouse\|connected to external schema "rds"\|metadata query to external schema "rds"' \
	"$dir/join-fedq.log" | tr '\n' '/')
[ "$order" = 'metadata query to the warehouse/connected to external schema "rds"/metadata query to external schema "rds"/' ] ||
	fail "join: the order in fedq's log is $order"

# Inside the application's transaction the warehouse is asked after fedq
# has connected to the source (a cancel while connecting must not cancel
# a warehouse query and with it the transaction).
cat > "$dir/tran.sql" <<'SQL'
BEGIN
SELECT count(*), sum(o.o_id) FROM sales s JOIN rds.orders o ON o.o_id = s.s_id JOIN rds.customers c ON c.c_id = o.o_custkey
COMMIT
SQL
rm -f "$dir/tran-fedq.log"
session tran "DSN=fedq;LogLevel=4;LogFile=$dir/tran-fedq.log" 1 1
grep -q '| 1000 *| 500500 *|' "$dir/tran.out" || { cat "$dir/tran.out"; fail "tran: wrong rows"; }
order=$(grep -o 'metadata query to the warehouse\|connected to external schema "rds"\|metadata query to external schema "rds"' \
	"$dir/tran-fedq.log" | tr '\n' '/')
[ "$order" = 'connected to external schema "rds"/metadata query to external schema "rds"/metadata query to the warehouse/' ] ||
	fail "tran: the order in fedq's log is $order"

# A missing table: the same error as ever, still one query per source.
cat > "$dir/missing.sql" <<'SQL'
SELECT count(*) FROM mq_nosuch s JOIN rds.orders o ON o.o_id = s.k
SQL
session missing "DSN=fedq" 1 1
grep -q '42P01.*relation "mq_nosuch" does not exist' "$dir/missing.out" ||
	{ cat "$dir/missing.out"; fail "missing: not 42P01 naming the table"; }

# A table in the second schema of SearchPath.
cat > "$dir/path.sql" <<'SQL'
SELECT count(*), sum(o.o_id) FROM mq_keys m JOIN rds.orders o ON o.o_id = m.k
SQL
session path "DSN=fedq;SearchPath=public, mq_a" 1 1
grep -q '| 3 *| 6 *|' "$dir/path.out" || { cat "$dir/path.out"; fail "path: wrong rows"; }
grep -q "parameters: .*'public', .*'mq_a', .*'mq_keys'" "$dir/path-warehouse.log" ||
	fail "path: the warehouse was not asked for mq_keys in both schemas at once"

# An external schema first on SearchPath: unqualified names are looked up
# there and at the warehouse, one query each.
cat > "$dir/extpath.sql" <<'SQL'
SELECT count(*) FROM orders o JOIN sales s ON s.s_id = o.o_id
SQL
session extpath "DSN=fedq;SearchPath=rds, public" 1 1
grep -q '| 1000 *|' "$dir/extpath.out" || { cat "$dir/extpath.out"; fail "extpath: wrong rows"; }

# The warehouse's own statement: nothing looked up.
cat > "$dir/local.sql" <<'SQL'
SELECT count(*) FROM sales
SQL
session local "DSN=fedq" 0 0

# Without caching, a lookup per name and schema, as before (sales in the
# session's temporary schema, then along the search path).
head -n 1 "$dir/join.sql" > "$dir/nocache.sql"
session nocache "DSN=fedq;MetadataCacheSeconds=0" 3 2
echo ok
