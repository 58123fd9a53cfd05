#!/usr/bin/env bash
# 20-odbc-types.sh — ODBC client test: every engine type described and converted to every C type.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/types
