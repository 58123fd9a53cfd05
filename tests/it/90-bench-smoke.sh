#!/usr/bin/env bash
# 90-bench-smoke.sh — the benchmark harness (bench/run) at scale factor 0.01,
# once per workload but TPC-DS (that is 91-bench-tpcds-smoke.sh), checking
# correctness only: the scan's checksums equal across fedq, psqlODBC and
# COPY; every TPC-H query fedq runs gives the all-local PostgreSQL's
# result; the catalog and the lineitem scan complete with the right counts.  A query fedq does not support yet (SQLSTATE 0A000)
# is reported, not failed, unless bench/tpch/fedq-runs lists it as one fedq
# runs; any other error fails.  No timing is asserted.
#
# bench/run starts its own warehouse and remote (its data and settings
# differ from the fixture servers'), generates its data into this test's
# directory, and leaves its report there (report.md, also in the log).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

for p in tpchgen odbc_scan odbc_catalog pg_copy tcpcount rescmp; do
	if [ ! -x "$FQ_BUILDDIR/bench/$p" ]; then
		echo "bench/$p is not built (make builds it)"
		exit 77
	fi
done

set +e
FQ_BUILDDIR=$FQ_BUILDDIR timeout 300 "$FQ_SRCDIR/bench/run" --scale 0.01 --runs 1 --smoke \
	--workloads scan,tpch,catalog,memory --data "$FQ_IT_DIR/data" > "$FQ_IT_DIR/report.md" 2> "$FQ_IT_DIR/run.err"
rc=$?
set -e
cat "$FQ_IT_DIR/run.err" "$FQ_IT_DIR/report.md"
case $rc in
0) ;;
4) tail -n 1 "$FQ_IT_DIR/run.err"; exit 77 ;;
124) fail "bench/run --smoke took more than 300 s" ;;
*) fail "bench/run --smoke: exit status $rc (the report's last section lists what went wrong)" ;;
esac
