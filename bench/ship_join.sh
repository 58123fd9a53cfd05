#!/usr/bin/env bash
# ship_join.sh — a cross-source join bigger than the client's memory:
# TPC-H's orders in an external source joined with lineitem in the
# warehouse, grouped, timed four ways:
#
#   ship      fedq, ShipToWarehouse=always: orders (filtered, projected)
#             COPYed into a warehouse temporary table, the join there
#   auto      fedq, ShipToWarehouse=auto with a MemoryLimit the join's
#             hash table does not fit (--limit): the planner ships
#   in-fedq   fedq, ShipToWarehouse=never, default MemoryLimit: the hash
#             join in the client (with --limit it fails with 53200, shown)
#   all-local psql on the warehouse with orders copied there beforehand:
#             what the warehouse alone takes, the floor for shipping
#
#   bench/ship_join.sh [--scale SF] [--runs N] [--limit SIZE] [--results DIR]
#
# Starts its own servers (tests/harness/servers.sh, in a temporary
# directory), loads orders into the source and lineitem into the
# warehouse (bench/tpchgen; at scale 1, 1.5 and 6 million rows), then
# times each way N times, alternating.  Every way must give the same
# rows.  Writes DIR/ship-join-sf<SF>.md with the medians and fedq's peak
# memory per way (maxrss of isql).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
build=${FQ_BUILDDIR:-$src}
scale=0.1
runs=3
limit=400KB
results=$here/results
while [ $# -gt 0 ]; do
	case $1 in
	--scale) scale=${2:?}; shift 2 ;;
	--runs) runs=${2:?}; shift 2 ;;
	--limit) limit=${2:?}; shift 2 ;;
	--results) results=${2:?}; shift 2 ;;
	*) echo "usage: $0 [--scale SF] [--runs N] [--limit SIZE] [--results DIR]" >&2; exit 2 ;;
	esac
done
for p in psql isql /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "$0: $p is missing" >&2; exit 4; }
done
[ -x "$build/bench/tpchgen" ] || { echo "$0: build bench/tpchgen first (make)" >&2; exit 4; }

data=$here/data/sf$scale
if [ ! -f "$data/orders.copy" ] || [ ! -f "$data/lineitem.copy" ]; then
	mkdir -p "$data"
	"$build/bench/tpchgen" -s "$scale" -o "$data" -t orders,lineitem
fi
run=$(mktemp -d "${TMPDIR:-/tmp}/fedq-ship-bench.XXXXXX")
cleanup() {
	FQ_BUILDDIR=$build bash "$src/tests/harness/servers.sh" stop "$run" >/dev/null 2>&1 || true
	rm -rf "$run"
}
trap cleanup EXIT
FQ_BUILDDIR=$build bash "$src/tests/harness/servers.sh" start "$run" >/dev/null
# shellcheck disable=SC1091
. "$run/env.sh"
# (the data files must be readable by the servers' user)
chmod 755 "$run"
cp "$data/orders.copy" "$data/lineitem.copy" "$run/"
chmod 644 "$run/orders.copy" "$run/lineitem.copy"

rpsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$FQ_PORT_remote" -d shop "$@"; }
wpsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$FQ_PORT_warehouse" -d warehouse "$@"; }
table() { sed -n "/^create table $1 (/,/^);/p" "$src/bench/tpch/schema.sql"; }
rpsql -c "CREATE SCHEMA tpch; SET search_path = tpch; $(table orders)" \
	-c "\\copy tpch.orders FROM '$run/orders.copy'" -c "ANALYZE tpch.orders"
wpsql -c "$(table lineitem)" -c "\\copy public.lineitem FROM '$run/lineitem.copy'" \
	-c "$(table orders | sed 's/create table orders/create table public.orders_local/')" \
	-c "\\copy public.orders_local FROM '$run/orders.copy'" \
	-c "ANALYZE public.lineitem, public.orders_local"
# One DSN per way (the servers' odbc.ini has [fedq], the warehouse's).
dsn() { # name keys...
	local name=$1
	shift
	sed -n '/^\[fedq\]$/,/^$/p' "$ODBCINI" | sed "s/^\[fedq\]$/[$name]/" | grep -v '^$'
	printf '%s\n' "$@" ""
} >> "$ODBCINI"
dsn fedq_ship "ShipToWarehouse = always"
dsn fedq_auto "ShipToWarehouse = auto" "MemoryLimit = $limit"
dsn fedq_never "ShipToWarehouse = never"
dsn fedq_never_limit "ShipToWarehouse = never" "MemoryLimit = $limit"
echo "CREATE EXTERNAL SCHEMA tpch FROM POSTGRES DATABASE 'shop' SCHEMA 'tpch' URI '127.0.0.1' PORT $FQ_PORT_remote" |
	isql -b fedq >/dev/null

query() { # the orders table's name
	echo "SELECT o.o_orderpriority, count(*), sum(l.l_extendedprice) FROM $1 o JOIN public.lineitem l ON l.l_orderkey = o.o_orderkey WHERE o.o_orderdate >= DATE '1994-01-01' GROUP BY 1 ORDER BY 1"
}
# The rows, as "priority|count|sum" lines.
rows_of() { grep -E '^\| *[0-9]-' "$1" | sed -E 's/^\| *//; s/ *\| */|/g; s/\|$//; s/ +\|/|/g'; }
fedq() { # dsn output
	query tpch.orders | isql -b -v "$1" > "$2"
}
local_run() { # output
	wpsql -A -t -F'|' -c "$(query public.orders_local)" > "$1"
}
timed() { # command...: seconds and maxrss_kb of one run
	/usr/bin/time -f "%e %M" -o "$run/time" "$@"
	cat "$run/time"
}
export -f fedq query
export run
local_run "$run/local.out"
sed -E 's/ +\|/|/g' "$run/local.out" > "$run/want"
isql -b fedq_ship <<< "EXPLAIN $(query tpch.orders)" > "$run/explain-ship.out" || true
isql -b fedq_auto <<< "EXPLAIN $(query tpch.orders)" > "$run/explain-auto.out" || true
grep -q "Warehouse Query (ShipToWarehouse=auto" "$run/explain-auto.out" ||
	{ cat "$run/explain-auto.out" >&2; echo "$0: auto did not ship under MemoryLimit=$limit" >&2; exit 1; }
declare -a ts ta tn tl ms ma mn
for ((i = 0; i < runs; i++)); do
	for way in ship auto never; do
		read -r s m < <(timed bash -c "fedq fedq_$way $run/$way.out")
		rows_of "$run/$way.out" > "$run/got"
		cmp -s "$run/got" "$run/want" ||
			{ diff "$run/want" "$run/got" >&2; echo "$0: $way gave other rows" >&2; exit 1; }
		case $way in
		ship) ts+=("$s"); ms+=("$m") ;;
		auto) ta+=("$s"); ma+=("$m") ;;
		never) tn+=("$s"); mn+=("$m") ;;
		esac
	done
	read -r s m < <(timed bash -c "$(declare -f wpsql local_run); local_run $run/l.out")
	tl+=("$s")
done
limit_error=$(query tpch.orders | isql -b -v fedq_never_limit 2>&1 | grep -o '\[[A-Z0-9]*\]\[fedq\][^[]*' | head -n 1 || true)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
orders=$(rpsql -A -t -c "SELECT count(*) FROM tpch.orders WHERE o_orderdate >= DATE '1994-01-01'")
lines=$(wpsql -A -t -c "SELECT count(*) FROM public.lineitem")
mkdir -p "$results"
out=$results/ship-join-sf$scale.md
{
	echo "# A cross-source join through the warehouse (ShipToWarehouse), scale $scale"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $runs runs each, medians.  $orders rows of the source's"
	echo "orders (after the date filter) joined with $lines rows of the warehouse's lineitem, grouped"
	echo "by priority; every way gave the same rows."
	echo
	echo '```sql'
	query tpch.orders
	echo '```'
	echo
	echo "| way | seconds | fedq peak memory (kB) | runs |"
	echo "|---|---|---|---|"
	echo "| ship: ShipToWarehouse=always | $(median "${ts[@]}") | $(median "${ms[@]}") | ${ts[*]} |"
	echo "| auto: ShipToWarehouse=auto, MemoryLimit=$limit (ships) | $(median "${ta[@]}") | $(median "${ma[@]}") | ${ta[*]} |"
	echo "| in-fedq: ShipToWarehouse=never, default MemoryLimit | $(median "${tn[@]}") | $(median "${mn[@]}") | ${tn[*]} |"
	echo "| all-local: the warehouse with orders already there (psql) | $(median "${tl[@]}") | – | ${tl[*]} |"
	echo
	echo "ShipToWarehouse=never with MemoryLimit=$limit: ${limit_error:-no error} (isql shows 53200 as ODBC's S1001)."
	echo
	echo "EXPLAIN with ShipToWarehouse=auto, MemoryLimit=$limit:"
	echo
	echo '```'
	grep -E '^\| ' "$run/explain-auto.out" | sed -E 's/^\| //; s/ *\|$//'
	echo '```'
} > "$out"
cat "$out"
