#!/usr/bin/env bash
# 20-odbc-concurrent.sh — ODBC client test: several open results on one connection.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/concurrent
