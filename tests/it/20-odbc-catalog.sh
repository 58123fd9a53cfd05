#!/usr/bin/env bash
# 20-odbc-catalog.sh — ODBC client test: SQLTables, SQLColumns, SQLGetTypeInfo.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/catalog
