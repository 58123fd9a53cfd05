#!/usr/bin/env bash
# 20-odbc-browse.sh — ODBC client test: SQLBrowseConnect (also under
# valgrind, skipped in sanitizer builds, with unixODBC's own reads of
# uninitialised memory in its SQLBrowseConnect suppressed:
# tests/harness/unixodbc-browse.supp).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

# Plain first (FQ_VALGRIND too: the valgrind run below, with the
# suppressions unixODBC needs, is that run).
FQ_VALGRIND= with_driver ./tests/odbc/browse
if [ -n "${FQ_PRELOAD:-}" ]; then
	echo "# sanitizer build: no valgrind run"
	exit 0
fi
command -v valgrind >/dev/null || fail "valgrind is missing (packaging/install-deps.sh installs it)"
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --suppressions="$FQ_SRCDIR/tests/harness/unixodbc-browse.supp" \
	./tests/odbc/browse > "$FQ_IT_DIR/valgrind.out" 2>&1 ||
	{ cat "$FQ_IT_DIR/valgrind.out"; fail "under valgrind"; }
