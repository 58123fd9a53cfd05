#!/usr/bin/env bash
# 20-odbc-wide.sh — ODBC client test: the W (UTF-16) entry points.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/wide
