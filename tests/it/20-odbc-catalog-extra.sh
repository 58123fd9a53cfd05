#!/usr/bin/env bash
# 20-odbc-catalog-extra.sh — ODBC client test: SQLSpecialColumns,
# SQLProcedures, SQLProcedureColumns, SQLTablePrivileges,
# SQLColumnPrivileges.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/catalog_extra
