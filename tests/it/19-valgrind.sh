#!/usr/bin/env bash
# 19-valgrind.sh — the engine's executor under valgrind: tests/sqllogic
# runs tests/sql/valgrind/*.test with MemoryLimit=4MB and
# ShipToWarehouse=never, so that sorts, hash joins and hash aggregates
# spill, under memcheck (a read of uninitialised memory, an invalid access
# or a definite leak fails) with --track-fds=yes (no spill file may be
# open when it exits).  The ODBC client tests run under valgrind only with
# FQ_VALGRIND; this one always does, being the only valgrind run of the
# executor.  In a sanitizer build the same files run without valgrind
# (AddressSanitizer does that job).
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

export FQ_COMPARE_CONNINFO="host=127.0.0.1 port=$FQ_PORT_remote dbname=shop user=fedq password=$FQ_PG_PASSWORD"
run=()
if [ -z "${FQ_PRELOAD:-}" ]; then
	command -v valgrind >/dev/null || fail "valgrind is missing (packaging/install-deps.sh installs it)"
	run=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
		--show-leak-kinds=definite --track-origins=yes --track-fds=yes
		--log-file="$FQ_IT_DIR/valgrind.out")
fi
mkdir -p "$FQ_IT_DIR/spill"
rc=0
"${run[@]}" "$FQ_BUILDDIR/tests/sqllogic" -o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" \
	-o Database=warehouse -o UID=fedq -o PWD="$FQ_PG_PASSWORD" -o MemoryLimit=4MB \
	-o ShipToWarehouse=never -o SpillDirectory="$FQ_IT_DIR/spill" \
	-o CatalogFile="$FQ_IT_DIR/catalog.json" -c public=wh -c rds=public \
	"$FQ_SRCDIR"/tests/sql/valgrind/*.test || rc=$?
[ -f "$FQ_IT_DIR/valgrind.out" ] && cat "$FQ_IT_DIR/valgrind.out"
[ $rc -eq 0 ] || fail "tests/sqllogic exited with $rc"
if [ -f "$FQ_IT_DIR/valgrind.out" ] && grep -q "fedq-spill-" "$FQ_IT_DIR/valgrind.out"; then
	fail "spill files still open at exit"
fi
[ -z "$(ls -A "$FQ_IT_DIR/spill")" ] || fail "files left in SpillDirectory"
