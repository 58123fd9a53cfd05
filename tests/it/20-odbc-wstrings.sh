#!/usr/bin/env bash
# 20-odbc-wstrings.sh — ODBC client test: every W entry point with empty,
# NULL and SQL_NTS strings and tiny output buffers (tests/odbc/wstrings.c),
# then the same under valgrind, which fails on any read of uninitialised
# memory (the checks alone can pass on a lucky stack).  Valgrind is skipped
# in sanitizer builds, where AddressSanitizer does that job.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/wstrings
if [ -n "${FQ_PRELOAD:-}" ]; then
	echo "# sanitizer build: no valgrind run"
	exit 0
fi
command -v valgrind >/dev/null || fail "valgrind is missing (packaging/install-deps.sh installs it)"
rm -f "$FQ_IT_DIR"/catalog*.json
rc=0
valgrind -q --error-exitcode=99 --leak-check=no --track-origins=yes \
	./tests/odbc/wstrings > "$FQ_IT_DIR/valgrind.out" 2>&1 || rc=$?
cat "$FQ_IT_DIR/valgrind.out"
[ $rc -eq 0 ] || fail "under valgrind: exit $rc"
