#!/usr/bin/env bash
# 10-pg-connector.sh — the PostgreSQL connector (engine/connectors/postgres/)
# against the harness's servers: connection failures and their SQLSTATEs,
# metadata listings and type mapping, binary COPY scans of every mapped type,
# numeric overflow, early close, cancel, a terminated backend, passthrough.
# The checks themselves are in tests/pgconn_test.c; it needs no driver.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

prog="$FQ_BUILDDIR/tests/pgconn_test"
if [ ! -x "$prog" ]; then
	echo "tests/pgconn_test is not built (make check builds it)"
	exit 77
fi
"$prog"
