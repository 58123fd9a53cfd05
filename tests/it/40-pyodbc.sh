#!/usr/bin/env bash
# 40-pyodbc.sh — pyodbc (Debian's python3-pyodbc) against the driver.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

py=/usr/bin/python3
$py -c 'import pyodbc' 2>/dev/null || { echo "python3-pyodbc not installed"; exit 77; }
# In a sanitizer build: CPython never frees some of its own memory at exit,
# and LeakSanitizer would report it (every stack holds interpreter frames,
# so suppressions would hide the driver's leaks too).  Memory errors are
# still caught here; the driver's leaks are checked by the C client tests.
if [ -n "${FQ_PRELOAD:-}" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
with_driver $py "$FQ_SRCDIR/tests/python/test_pyodbc.py"
