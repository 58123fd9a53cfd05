#!/usr/bin/env bash
# 20-odbc-fetch.sh — ODBC client test: bound arrays (row- and column-wise), offsets, SQLGetData in pieces.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/fetch
