#!/usr/bin/env bash
# 20-odbc-batch.sh — ODBC client test: a batch of several statements, a result per statement through SQLMoreResults.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/batch
