#!/usr/bin/env bash
# 20-odbc-insert.sh — ODBC client test: INSERT ... SELECT, CREATE TABLE AS and
# SELECT INTO over external tables (row counts, parameters, failures half-way,
# transactions).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/insert
