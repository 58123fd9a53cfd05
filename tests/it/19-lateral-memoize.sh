#!/usr/bin/env bash
# 19-lateral-memoize.sh — a LATERAL subquery fedq runs per row at a source
# runs once per distinct value of what it reads from the row, its rows kept
# (exec/apply.c, Memoize), not once per row: fedq's log (LogLevel=4) has a
# line per remote query.  tests/sql/17-lateral.test checks the answers.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
echo "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote" \
	> "$dir/create.sql"
run_isql fedq "$dir/create.sql" > "$dir/create.out" 2>&1 || { cat "$dir/create.out"; fail "CREATE EXTERNAL SCHEMA failed"; }

# runs: NAME SQL WANT -- the remote queries on customers the statement sent
runs() {
	local name=$1 sql=$2 want=$3 got
	rm -f "$dir/$name.log"
	echo "$sql" > "$dir/$name.sql"
	with_driver isql -v -b -k "DSN=fedq;LogLevel=4;LogFile=$dir/$name.log" < "$dir/$name.sql" \
		> "$dir/$name.out" 2>&1 || { cat "$dir/$name.out"; fail "$name: the statement failed"; }
	got=$(grep -c 'external schema "rds": .*FROM "public"."customers"' "$dir/$name.log" || true)
	echo "$name: $got remote queries"
	[ "$got" = "$want" ] || { cat "$dir/$name.out"; fail "$name: wanted $want remote queries, got $got"; }
}

# 2500 sales rows, 4 regions: 4 runs (the parameter is s_region; one of
# s_id, read as s_id % 7 inside, would be 2500 values: 2500 runs)
runs regions "SELECT count(*), sum(x.n) FROM public.sales s CROSS JOIN LATERAL (SELECT count(*) AS n FROM rds.customers c WHERE c.c_region = s.s_region) x" 4
runs ids "SELECT count(*), sum(x.n) FROM public.sales s CROSS JOIN LATERAL (SELECT count(*) AS n FROM rds.customers c WHERE c.c_id < s.s_id % 7) x WHERE s.s_id <= 200" 200
# EXPLAIN ANALYZE says so
echo "EXPLAIN ANALYZE SELECT count(*), sum(x.n) FROM public.sales s CROSS JOIN LATERAL (SELECT count(*) AS n FROM rds.customers c WHERE c.c_region = s.s_region) x" \
	> "$dir/analyze.sql"
with_driver isql -v -b fedq < "$dir/analyze.sql" > "$dir/analyze.out" 2>&1 ||
	{ cat "$dir/analyze.out"; fail "EXPLAIN ANALYZE failed"; }
out=$(cat "$dir/analyze.out")
out_has 'loops=4 memoized=2496' || { cat "$dir/analyze.out"; fail "EXPLAIN ANALYZE does not show 4 loops and 2496 rows memoized"; }
# a volatile subquery: once per row (300 rows)
runs volatile "SELECT count(*) FROM public.sales s CROSS JOIN LATERAL (SELECT random() + s.s_id % 7 * 0 AS r FROM rds.customers c WHERE c.c_id = 1) x WHERE s.s_id <= 300" 300
echo "ok"
