#!/usr/bin/env bash
# 20-odbc-descriptors.sh — ODBC client test: the implicit descriptors, explicitly
# allocated ones shared by statements, and
# SQLGetDescField/SQLSetDescField/SQLGetDescRec/SQLSetDescRec/SQLCopyDesc,
# consistent with SQLBindCol and SQLBindParameter; then the same under
# valgrind (memory errors and definite leaks fail), skipped in sanitizer
# builds where AddressSanitizer does that job.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

with_driver ./tests/odbc/descriptors
if [ -n "${FQ_PRELOAD:-}" ]; then
	echo "# sanitizer build: no valgrind run"
	exit 0
fi
command -v valgrind >/dev/null || fail "valgrind is missing (packaging/install-deps.sh installs it)"
FQ_VALGRIND=1 with_driver ./tests/odbc/descriptors > "$FQ_IT_DIR/valgrind.out" 2>&1 ||
	{ cat "$FQ_IT_DIR/valgrind.out"; fail "under valgrind"; }
