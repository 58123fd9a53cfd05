#!/usr/bin/env bash
# 21-iodbc.sh — fedq under the iODBC driver manager (Debian's libiodbc2),
# whose SQLWCHAR is wchar_t (UCS-4) and which calls the driver's W
# functions even for ANSI applications: tests/odbc/iodbc.c through a DSN
# and DSN-less, then iodbctest (Debian's iodbc package) when installed.
# Skipped (77) when libiodbc.so.2 is not installed.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

# iODBC's own configuration files: the harness's driver and DSN.
{
	printf '[ODBC Drivers]\nfedq = Installed\n\n'
	cat "$FQ_TEST_DIR/odbcinst.ini"
} > "$FQ_IT_DIR/iodbcinst.ini"
{
	printf '[ODBC Data Sources]\nfedq = fedq\n\n'
	sed -n '/^\[fedq\]/,/^$/p' "$ODBCINI"
} > "$FQ_IT_DIR/iodbc.ini"
export ODBCINI="$FQ_IT_DIR/iodbc.ini" ODBCINSTINI="$FQ_IT_DIR/iodbcinst.ini"

dsnless="DRIVER=fedq;Server=127.0.0.1;Port=$FQ_PORT_warehouse;Database=warehouse;UID=fedq;PWD=$FQ_PG_PASSWORD;CatalogFile=$FQ_IT_DIR/catalog.json"
rc=0
with_driver ./tests/odbc/iodbc "$dsnless" || rc=$?
if [ $rc -eq 77 ]; then
	echo "iODBC is not installed (Debian: apt-get install libiodbc2); skipped"
	exit 77
fi
[ $rc -eq 0 ] || fail "tests/odbc/iodbc: exit $rc"

if command -v iodbctest >/dev/null; then
	out=$(printf 'SELECT c_id, c_name FROM rds.customers WHERE c_id < 3 ORDER BY c_id\nquit\n' |
		with_driver timeout 60 iodbctest "DSN=fedq" 2>&1)
	echo "$out"
	out_has "Customer#002" || fail "iodbctest did not show the rows"
	out_has "result set 1 returned 2 rows" || fail "iodbctest did not count 2 rows"
else
	echo "# iodbctest is not installed (Debian: iodbc); tests/odbc/iodbc ran alone"
fi
