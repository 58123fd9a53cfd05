#!/usr/bin/env bash
# 20-odbc-functions.sh — the driver exports SQL* symbols only, and
# SQLGetFunctions names exactly the functions it exports.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

lib="$FQ_BUILDDIR/driver/.libs/libfedqodbc.so"
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
others=$(printf '%s\n' "$syms" | grep -v '^SQL' || true)
[ -z "$others" ] || fail "symbols other than SQL* are exported: $others"
printf '%s\n' "$syms" | with_driver ./tests/odbc/functions "$lib"
