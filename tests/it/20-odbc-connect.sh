#!/usr/bin/env bash
# 20-odbc-connect.sh — ODBC client test: SQLConnect/SQLDriverConnect: DSN-less, DSN, out string, 28000, 08001.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/connect
