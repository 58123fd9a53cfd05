#!/usr/bin/env bash
# 91-bench-tpcds-smoke.sh — the TPC-DS workload of the benchmark harness
# (bench/run --workloads tpcds) at scale 0.01, correctness only: each of the
# 103 statements through fedq with Pushdown=1 and with Pushdown=0, the
# facts in the warehouse and the dimensions behind an external schema, and
# on an all-local PostgreSQL.  It fails when a result differs from the
# all-local one (exactly, but for floating-point columns), when a client
# crashes, when fedq refuses (or does not finish) a statement that
# bench/tpcds/refused does not list — it ran before —, when it runs one
# the list has (remove that line), or refuses one with another SQLSTATE.
# No timing is asserted; bench/README.md tells how to refresh the list.
#
# bench/run starts its own warehouse and remote, generates its data into
# this test's directory, and leaves its report there (report.md, also in
# the log).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

for p in tpcdsgen odbc_scan rescmp; do
	if [ ! -x "$FQ_BUILDDIR/bench/$p" ]; then
		echo "bench/$p is not built (make builds it)"
		exit 77
	fi
done

set +e
FQ_BUILDDIR=$FQ_BUILDDIR timeout 300 "$FQ_SRCDIR/bench/run" --scale 0.01 --workloads tpcds \
	--smoke --timeout 60 --data "$FQ_IT_DIR/data" > "$FQ_IT_DIR/report.md" 2> "$FQ_IT_DIR/run.err"
rc=$?
set -e
cat "$FQ_IT_DIR/run.err" "$FQ_IT_DIR/report.md"
case $rc in
0) ;;
4) tail -n 1 "$FQ_IT_DIR/run.err"; exit 77 ;;
124) fail "bench/run --workloads tpcds --smoke took more than 300 s" ;;
*) fail "bench/run --workloads tpcds --smoke: exit status $rc (the report's last section lists what went wrong)" ;;
esac
