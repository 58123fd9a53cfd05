#!/usr/bin/env bash
# 20-odbc-limits.sh — ODBC client test: long lists and deep nesting
# (tests/odbc/limits.c).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/limits
