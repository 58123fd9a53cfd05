#!/usr/bin/env bash
# 17-ship.sh — ShipToWarehouse through the engine (tests/sqllogic):
#   - always: a cross-source join runs in the warehouse (EXPLAIN shows the
#     Warehouse Query and its shipped inputs; svl_federated_query and the
#     log record the rows and bytes moved), with PostgreSQL's answers;
#   - auto under MemoryLimit=512KB: a join whose build side is about 11
#     times the limit ships and gives PostgreSQL's answer, a join that fits
#     stays in fedq; a join the estimates get wrong (a table analyzed while
#     empty, 240,000 rows since, autovacuum off) reaches the limit before
#     its first row and runs again through the warehouse;
#   - never under the same limit: fedq's own join spills to temporary
#     files and gives PostgreSQL's answers; with Spill=0 as well, the
#     memory-limit error (53200);
#   - no warehouse (no Server): fedq's own engine, whatever the key says;
#   - an invalid value fails the connection;
#   - no temporary table outlives a query: after success, an error in the
#     warehouse's part (division by zero, tests/sql/23-ship.test) and a
#     query stopped by QueryTimeout (the interrupt SQLCancel also sets)
#     while the warehouse joins and while rows are being COPYed, and the
#     next query in the same session makes the same names again;
#   - every other tests/sql file with ShipToWarehouse=always (EXPLAIN
#     records skipped: their plans change on purpose) gives the same
#     answers.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
export FQ_COMPARE_CONNINFO="host=127.0.0.1 port=$FQ_PORT_remote dbname=shop user=fedq password=$FQ_PG_PASSWORD"
wh=(-o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" -o Database=warehouse -o UID=fedq
	-o PWD="$FQ_PG_PASSWORD")
maps=(-c public=wh -c rds=public -c rds2=public -c goodpw=public -c icu=coll -c cw=coll
	-c icupub=public -c rx=rnd -c ry=rnd -c xs=exact -c exact=whexact)
status=0

# 240,000 rows on each side: the warehouse's (k, g) as a hash table is
# estimated at 240,000 x 24 bytes = 5.5 MB, 11 times MemoryLimit=512KB.
psql_remote -c "DROP TABLE IF EXISTS public.ship_big, public.ship_stale, wh.ship_wbig CASCADE" \
	-c "CREATE TABLE public.ship_big AS SELECT i AS k, md5(i::text) AS pad FROM generate_series(1, 240000) i" \
	-c "CREATE TABLE public.ship_stale (k integer, pad text) WITH (autovacuum_enabled = false)" \
	-c "ANALYZE public.ship_stale" \
	-c "INSERT INTO public.ship_stale SELECT * FROM public.ship_big" \
	-c "CREATE TABLE wh.ship_wbig AS SELECT i AS k, i % 7 AS g FROM generate_series(1, 240000) i" \
	-c "ANALYZE public.ship_big, wh.ship_wbig" 2>/dev/null
psql_warehouse -c "DROP TABLE IF EXISTS public.ship_wbig" \
	-c "CREATE TABLE public.ship_wbig AS SELECT i AS k, i % 7 AS g FROM generate_series(1, 240000) i" \
	-c "ANALYZE public.ship_wbig" 2>/dev/null
trap 'psql_remote -c "DROP TABLE IF EXISTS public.ship_big, public.ship_stale, wh.ship_wbig CASCADE" 2>/dev/null;
	psql_warehouse -c "DROP TABLE IF EXISTS public.ship_wbig" 2>/dev/null' EXIT

schema="statement ok
CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT \${FQ_PORT_remote}
"
no_temp="query I
SELECT count(*) FROM pg_catalog.pg_class WHERE relname LIKE 'fq\\_ship\\_%'
----
0
"
big_join="SELECT w.g, count(*), sum(length(b.pad)) FROM rds.ship_big b JOIN public.ship_wbig w ON w.k = b.k GROUP BY 1"
small_join="SELECT count(*), sum(b.k) FROM rds.ship_big b JOIN public.sales s ON s.s_id = b.k"
stale_join="SELECT w.g, count(*), sum(length(b.pad)) FROM rds.ship_stale b JOIN public.ship_wbig w ON w.k = b.k GROUP BY 1"

run() { # name file keys...
	local name=$1 file=$2
	shift 2
	echo "== $name"
	if ! "$FQ_BUILDDIR/tests/sqllogic" "$@" -o CatalogFile="$dir/$name.json" "${maps[@]}" "$file"; then
		echo "FAILED: $name"
		status=1
	fi
}

# ---- always: EXPLAIN, svl_federated_query, the log
cat > "$dir/always.test" <<EOF
option ShipToWarehouse=always

$schema
query T
EXPLAIN $small_join
----
Warehouse Query (ShipToWarehouse=always)  (estimated rows=1)
  Shipped inputs: fq_ship_1
  ->  Remote Query on the warehouse  (estimated rows=1)
        Output: count, sum
        SQL: SELECT CAST(count(*) AS bigint), CAST(sum(fq_s1.c0) AS bigint) FROM (pg_temp."fq_ship_1" fq_s1 JOIN "public"."sales" r2 ON (r2."s_id" = fq_s1.c0))
  ->  Ship to warehouse (fq_ship_1)  (estimated rows=240000)
        ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=240000)
              Output: k
              SQL: SELECT r1."k" FROM "public"."ship_big" r1

query II compare
$small_join

query TIT
SELECT schemaname, num_rows, querytext FROM svl_federated_query WHERE querytext LIKE 'SHIP TO WAREHOUSE%'
----
rds	240000	SHIP TO WAREHOUSE fq_ship_1: SELECT r1."k" FROM "public"."ship_big" r1

query B
SELECT num_bytes > 240000 FROM svl_federated_query WHERE querytext LIKE 'SHIP TO WAREHOUSE%'
----
t

query T
EXPLAIN ANALYZE $small_join
----
Warehouse Query (ShipToWarehouse=always)  (estimated rows=1)  (actual rows=1 <b> time=<t> ms)
  Shipped inputs: fq_ship_1
  Bytes shipped: <n>
  ->  Remote Query on the warehouse  (estimated rows=1)  (actual rows=1 <b2> time=<t2> ms)
        Output: count, sum
        SQL: SELECT CAST(count(*) AS bigint), CAST(sum(fq_s1.c0) AS bigint) FROM (pg_temp."fq_ship_1" fq_s1 JOIN "public"."sales" r2 ON (r2."s_id" = fq_s1.c0))
        Bytes received: <n2>
  ->  Ship to warehouse (fq_ship_1)  (estimated rows=240000)
        ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=240000)  (actual rows=240000 <b3> time=<t3> ms)
              Output: k
              SQL: SELECT r1."k" FROM "public"."ship_big" r1
              Bytes received: <n3>
Peak memory: <m> kB

$no_temp
EOF
run always "$dir/always.test" "${wh[@]}" -o LogLevel=3 -o LogFile="$dir/always.log"
grep -q "shipped 240000 rows, [0-9]* bytes of external schema \"rds\" to the warehouse as fq_ship_1" \
	"$dir/always.log" || { echo "FAILED: the log does not record the shipped rows"; status=1; }

# ---- auto under a small MemoryLimit: the big join ships, the small one stays
cat > "$dir/auto.test" <<EOF
option ShipToWarehouse=auto
option MemoryLimit=512KB

$schema
query T
EXPLAIN $big_join
----
Warehouse Query (ShipToWarehouse=auto: a hash join would hold 5.5 MB, over half of MemoryLimit (0.5 MB))  (estimated rows=7)
  Shipped inputs: fq_ship_1
  ->  Remote Query on the warehouse  (estimated rows=7)
        Output: g, count, sum
        SQL: SELECT r2."g", CAST(count(*) AS bigint), CAST(sum(length(fq_s1.c1)) AS bigint) FROM (pg_temp."fq_ship_1" fq_s1 JOIN "public"."ship_wbig" r2 ON (r2."k" = fq_s1.c0)) GROUP BY r2."g"
  ->  Ship to warehouse (fq_ship_1)  (estimated rows=240000)
        ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=240000)
              Output: k, pad
              SQL: SELECT r1."k", r1."pad" FROM "public"."ship_big" r1

query III compare
$big_join ORDER BY 1

query T
EXPLAIN $small_join
----
Project  (estimated rows=1)
  Output: count, sum
  ->  Aggregate  (estimated rows=1)
        Aggregates: count(*), sum(k)
        ->  Hash Join  (estimated rows=2500)
              Join Cond: (s_id = (k)::bigint)
              Dynamic Filter: k = ANY (values of s_id)
              ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=240000)
                    Output: k
                    SQL: SELECT r1."k" FROM "public"."ship_big" r1
              ->  Remote Query on the warehouse  (estimated rows=2500)
                    Output: s_id
                    SQL: SELECT r2."s_id" FROM "public"."sales" r2

query II compare
$small_join

$no_temp
query T
EXPLAIN $stale_join
----
Project  (estimated rows=1)
  Output: g, count, sum
  ->  HashAggregate  (estimated rows=1)
        Group Key: g
        Aggregates: count(*), sum(length(pad))
        ->  Hash Join  (estimated rows=1)
              Join Cond: (k = k)
              Dynamic Filter: k = ANY (values of k)
              ->  Remote Query on the warehouse  (estimated rows=240000)
                    Output: k, g
                    SQL: SELECT r2."k", r2."g" FROM "public"."ship_wbig" r2
              ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=1)
                    Output: k, pad
                    SQL: SELECT r1."k", r1."pad" FROM "public"."ship_stale" r1

query III compare
$stale_join ORDER BY 1

query I
SELECT num_rows FROM svl_federated_query WHERE querytext LIKE 'SHIP TO WAREHOUSE fq\\_ship\\_1: %ship\\_stale%'
----
240000

$no_temp
EOF
run auto "$dir/auto.test" "${wh[@]}" -o LogLevel=2 -o LogFile="$dir/auto.log"
grep -q "MemoryLimit reached before the first row: shipping to the warehouse" "$dir/auto.log" ||
	{ echo "FAILED: the log does not say the query was shipped after reaching MemoryLimit"; status=1; }

# ---- the same inside the application's transaction: it goes on
cat > "$dir/auto-tx.test" <<EOF
option MemoryLimit=512KB

$schema
statement ok
BEGIN

statement ok
CREATE TABLE public.ship_tx_probe (k integer)

query II
SELECT count(*), sum(length(b.pad)) FROM rds.ship_stale b JOIN public.ship_wbig w ON w.k = b.k
----
240000	7680000

$no_temp
query I
SELECT count(*) FROM public.ship_tx_probe
----
0

statement ok
ROLLBACK
EOF
run auto-tx "$dir/auto-tx.test" "${wh[@]}"

# ---- never under the same limit: fedq's engine, which spills the joins
# to temporary files, or without spilling stops with its memory-limit error
cat > "$dir/never.test" <<EOF
option ShipToWarehouse=never
option MemoryLimit=512KB

$schema
query III compare
$big_join ORDER BY 1

query III compare
$stale_join ORDER BY 1

query II compare
$small_join
EOF
run never "$dir/never.test" "${wh[@]}"
cat > "$dir/never-nospill.test" <<EOF
option ShipToWarehouse=never
option MemoryLimit=512KB
option Spill=0

$schema
statement error 53200
$big_join

statement error 53200
$stale_join

query II compare
$small_join
EOF
run never-nospill "$dir/never-nospill.test" "${wh[@]}"

# ---- no warehouse: two external sources (other TLS settings: another
# connection key) joined in fedq, with always as with never
cat > "$dir/nowh.test" <<EOF
option ShipToWarehouse=always

$schema
statement ok
CREATE EXTERNAL SCHEMA IF NOT EXISTS rds2 FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT \${FQ_PORT_remote} SSLMODE 'disable'

query T
EXPLAIN SELECT count(*) FROM rds.orders o JOIN rds2.customers c ON c.c_id = o.o_custkey
----
Project  (estimated rows=1)
  Output: count
  ->  Aggregate  (estimated rows=1)
        Aggregates: count(PARTIAL count(*))
        ->  Hash Join  (estimated rows=100)
              Join Cond: (c_id = o_custkey)
              Dynamic Filter: o_custkey = ANY (values of c_id)
              ->  Remote Query on external schema "rds" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=100)
                    Output: o_custkey, count(*)
                    SQL: SELECT r1."o_custkey", CAST(count(*) AS bigint) FROM "public"."orders" r1 GROUP BY r1."o_custkey"
              ->  Remote Query on external schema "rds2" (127.0.0.1:\${FQ_PORT_remote}, database "shop")  (estimated rows=100)
                    Output: c_id
                    SQL: SELECT r2."c_id" FROM "public"."customers" r2

query TIN compare
SELECT c.c_region, count(*), sum(o.o_total) FROM rds.orders o JOIN rds2.customers c ON c.c_id = o.o_custkey GROUP BY 1 ORDER BY 1
EOF
run nowh "$dir/nowh.test"

# ---- the same two sources with a warehouse: both inputs ship
cat > "$dir/two-sources.test" <<EOF
option ShipToWarehouse=always

$schema
statement ok
CREATE EXTERNAL SCHEMA IF NOT EXISTS rds2 FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT \${FQ_PORT_remote} SSLMODE 'disable'

query TIN compare
SELECT c.c_region, count(*), sum(o.o_total) FROM rds.orders o JOIN rds2.customers c ON c.c_id = o.o_custkey GROUP BY 1 ORDER BY 1

query I
SELECT count(*) FROM svl_federated_query WHERE querytext LIKE 'SHIP TO WAREHOUSE fq\_ship\__:%'
----
2
EOF
run two-sources "$dir/two-sources.test" "${wh[@]}"

# ---- temporary tables after a timeout; the session goes on
cat > "$dir/timeout.test" <<EOF
option ShipToWarehouse=always
option QueryTimeout=1

$schema
statement error HYT00
SELECT count(*) FROM rds.ship_big b JOIN public.ship_wbig w ON b.k % 1000 = w.k % 1000

$no_temp
query II compare
$small_join

$no_temp
statement error HYT00
SELECT count(*) FROM (SELECT b.k FROM rds.ship_big b JOIN rds.ship_big b2 ON b.k % 1000 = b2.k % 1000) x JOIN public.sales s ON s.s_id = x.k

$no_temp
query II compare
$small_join
EOF
run timeout "$dir/timeout.test" "${wh[@]}"
n=$(psql_warehouse -c "SELECT count(*) FROM pg_class WHERE relname LIKE 'fq\\_ship\\_%'")
[ "$n" = 0 ] || { echo "FAILED: $n temporary tables left in the warehouse"; status=1; }

# ---- an invalid value fails the connection
if "$FQ_BUILDDIR/tests/sqllogic" "${wh[@]}" -o ShipToWarehouse=sometimes \
		-o CatalogFile="$dir/bad.json" "$dir/always.test" > "$dir/bad.out" 2>&1; then
	echo "FAILED: ShipToWarehouse=sometimes connected"
	status=1
fi
grep -q 'invalid value "sometimes" for connection key ShipToWarehouse' "$dir/bad.out" ||
	{ cat "$dir/bad.out"; echo "FAILED: no clear error for ShipToWarehouse=sometimes"; status=1; }

# ---- through ODBC (isql): a DSN with ShipToWarehouse, and a bad value
cp "$ODBCINI" "$dir/odbc-ship.ini"
{
	sed -n '/^\[fedq\]$/,/^$/p' "$ODBCINI" | sed 's/^\[fedq\]$/[fedq_ship]/' |
		grep -v -e '^$' -e '^CatalogFile'
	echo "ShipToWarehouse = always"
	echo "CatalogFile = $dir/odbc-ship.json"
	echo
	echo "[fedq_badship]"
	echo "Driver = fedq"
	echo "ShipToWarehouse = sometimes"
} >> "$dir/odbc-ship.ini"
cat > "$dir/odbc-ship.sql" <<EOF
CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote
EXPLAIN SELECT count(*) FROM rds.orders o JOIN public.sales s ON s.s_id = o.o_id
SELECT count(*), sum(o.o_total) FROM rds.orders o JOIN public.sales s ON s.s_id = o.o_id
EOF
ODBCINI="$dir/odbc-ship.ini" run_isql fedq_ship "$dir/odbc-ship.sql" > "$dir/odbc-ship.out" 2>&1 || true
cat "$dir/odbc-ship.out"
grep -q "Warehouse Query (ShipToWarehouse=always)" "$dir/odbc-ship.out" &&
	grep -q "| 1000 *| 509595.00 *|" "$dir/odbc-ship.out" ||
	{ echo "FAILED: the shipped query through isql"; status=1; }
echo "SELECT 1" | ODBCINI="$dir/odbc-ship.ini" with_driver isql -v -b fedq_badship > "$dir/odbc-bad.out" 2>&1 || true
grep -q 'invalid value "sometimes" for connection key ShipToWarehouse' "$dir/odbc-bad.out" ||
	{ cat "$dir/odbc-bad.out"; echo "FAILED: SQLConnect took ShipToWarehouse=sometimes"; status=1; }

# ---- every SQL logic file with always: the same answers
for f in "$FQ_SRCDIR"/tests/sql/*.test; do
	run "all-$(basename "$f" .test)" "$f" "${wh[@]}" -E -o ShipToWarehouse=always
done
exit $status
