#!/usr/bin/env bash
# 20-odbc-params.sh — ODBC client test: input parameters, NULL, data at execution.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/params
