#!/usr/bin/env bash
# 41-tableau-tdc.sh — packaging/tableau/fedq.tdc: its vendor and driver
# names are what the driver reports, and each capability it sets has a
# probe query that shows fedq does (or refuses) it (tests/python/test_tdc.py).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

py=/usr/bin/python3
$py -c 'import pyodbc' 2>/dev/null || { echo "python3-pyodbc not installed"; exit 77; }
if [ -n "${FQ_PRELOAD:-}" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
with_driver $py "$FQ_SRCDIR/tests/python/test_tdc.py"
