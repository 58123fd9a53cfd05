#!/usr/bin/env bash
# 20-odbc-bimeta.sh — ODBC client test: a BI tool's metadata sequence
# (prepare and describe without executing, `WHERE 1=0`, `LIMIT 0`) asks
# no source for rows, as the servers' own logs show.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/bimeta
