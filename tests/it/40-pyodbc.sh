#!/usr/bin/env bash
# 40-pyodbc.sh — pyodbc (Debian's python3-pyodbc) against the driver.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

py=/usr/bin/python3
$py -c 'import pyodbc' 2>/dev/null || { echo "python3-pyodbc not installed"; exit 77; }
with_driver $py "$FQ_SRCDIR/tests/python/test_pyodbc.py"
