#!/usr/bin/env bash
# insert_select.sh — loading the warehouse from an external table: fedq's
# INSERT INTO wh_table SELECT * FROM ext.orders against the best hand-made
# pipeline, `COPY (SELECT * FROM orders) TO STDOUT` on the source piped
# into `COPY orders_copy FROM STDIN` on the warehouse (psql to psql).
#
#   bench/insert_select.sh [--scale SF] [--runs N] [--results DIR]
#
# Starts its own servers (tests/harness/servers.sh, in a temporary
# directory), loads TPC-H's orders (bench/tpchgen; 1.5 million rows at
# scale 1) into the source, then times each way N times, alternating, the
# target emptied before each run.  Both must leave the same rows (count and
# sums compared); fedq's peak memory (maxrss) shows it streams.  Writes
# DIR/insert-select-sf<SF>.md with the medians and their ratio (the issue's
# target: fedq at most 1.2 times the pipeline).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
build=${FQ_BUILDDIR:-$src}
scale=1
runs=3
results=$here/results
while [ $# -gt 0 ]; do
	case $1 in
	--scale) scale=${2:?}; shift 2 ;;
	--runs) runs=${2:?}; shift 2 ;;
	--results) results=${2:?}; shift 2 ;;
	*) echo "usage: $0 [--scale SF] [--runs N] [--results DIR]" >&2; exit 2 ;;
	esac
done
for p in psql isql /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "$0: $p is missing" >&2; exit 4; }
done
[ -x "$build/bench/tpchgen" ] || { echo "$0: build bench/tpchgen first (make)" >&2; exit 4; }

data=$here/data/sf$scale
if [ ! -f "$data/orders.copy" ]; then
	mkdir -p "$data"
	"$build/bench/tpchgen" -s "$scale" -o "$data" -t orders
fi
run=$(mktemp -d "${TMPDIR:-/tmp}/fedq-insert-bench.XXXXXX")
cleanup() {
	FQ_BUILDDIR=$build bash "$src/tests/harness/servers.sh" stop "$run" >/dev/null 2>&1 || true
	rm -rf "$run"
}
trap cleanup EXIT
FQ_BUILDDIR=$build bash "$src/tests/harness/servers.sh" start "$run" >/dev/null
# shellcheck disable=SC1091
. "$run/env.sh"
# (the data file must be readable by the servers' user)
chmod 755 "$run"
cp "$data/orders.copy" "$run/orders.copy"
chmod 644 "$run/orders.copy"

rpsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$FQ_PORT_remote" -d shop "$@"; }
wpsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$FQ_PORT_warehouse" -d warehouse "$@"; }
schema=$(sed -n '/^create table orders (/,/^);/p' "$src/bench/tpch/schema.sql")
rpsql -c "CREATE SCHEMA tpch; SET search_path = tpch; $schema" \
	-c "\\copy tpch.orders FROM '$run/orders.copy'" -c "ANALYZE tpch.orders"
wpsql -c "$(echo "$schema" | sed 's/create table orders/create table public.orders_copy/')"
echo "CREATE EXTERNAL SCHEMA tpch FROM POSTGRES DATABASE 'shop' SCHEMA 'tpch' URI '127.0.0.1' PORT $FQ_PORT_remote" |
	isql -b fedq >/dev/null

sums="SELECT count(*), sum(o_orderkey), sum(o_totalprice), sum(length(o_comment)) FROM public.orders_copy"
pipeline() {
	rpsql -c "COPY (SELECT * FROM tpch.orders) TO STDOUT" | wpsql -c "COPY public.orders_copy FROM STDIN"
}
fedq() {
	echo "INSERT INTO public.orders_copy SELECT * FROM tpch.orders" | isql -b fedq > "$run/isql.out"
	grep -q "SQLRowCount returns" "$run/isql.out" || { cat "$run/isql.out" >&2; return 1; }
}
timed() { # name: seconds and maxrss_kb of one run
	wpsql -c "TRUNCATE public.orders_copy"
	/usr/bin/time -f "%e %M" -o "$run/time" bash -c "$(declare -f rpsql wpsql pipeline fedq); $1"
	cat "$run/time"
}
declare -a tp tf mf
for ((i = 0; i < runs; i++)); do
	read -r s m < <(timed pipeline); tp+=("$s")
	want=$(wpsql -A -t -c "$sums")
	read -r s m < <(timed fedq); tf+=("$s"); mf+=("$m")
	got=$(wpsql -A -t -c "$sums")
	[ "$got" = "$want" ] || { echo "$0: fedq wrote $got, the pipeline $want" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${tp[@]}")
mfq=$(median "${tf[@]}")
mm=$(median "${mf[@]}")
ratio=$(awk -v a="$mfq" -v b="$mp" 'BEGIN {printf "%.2f", a / b}')
rows=$(echo "$want" | cut -d'|' -f1)
mkdir -p "$results"
out=$results/insert-select-sf$scale.md
{
	echo "# INSERT ... SELECT from an external table, scale $scale ($rows rows of orders)"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $runs runs each, medians; both ways wrote the same rows ($want)."
	echo
	echo "| way | seconds | runs |"
	echo "|---|---|---|"
	echo "| psql COPY TO STDOUT \\| psql COPY FROM STDIN | $mp | ${tp[*]} |"
	echo "| fedq INSERT INTO ... SELECT (isql) | $mfq | ${tf[*]} |"
	echo
	echo "fedq / pipeline: **$ratio** (target at most 1.2).  fedq's peak memory (isql process, maxrss): $mm kB."
} > "$out"
cat "$out"
