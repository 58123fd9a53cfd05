#!/usr/bin/env bash
# 20-odbc-query.sh — ODBC client test: passthrough and federated queries, describe, row counts, transactions, errors.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/query
