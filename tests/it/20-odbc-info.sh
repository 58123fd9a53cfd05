#!/usr/bin/env bash
# 20-odbc-info.sh — ODBC client test: SQLGetInfo values, HY096, SQLGetFunctions through the driver manager.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/info
