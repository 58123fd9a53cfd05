#!/usr/bin/env bash
# 20-odbc-handles.sh — ODBC client test: handle life cycle, function sequence errors (HY010/24000), attributes.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/handles
