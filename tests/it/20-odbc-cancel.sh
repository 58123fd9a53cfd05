#!/usr/bin/env bash
# 20-odbc-cancel.sh — ODBC client test: SQLCancel from another thread, query timeout.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/cancel
