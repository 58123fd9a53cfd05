#!/usr/bin/env bash
# demo.sh — the README's demo: installs what fedq needs (Debian 12), builds
# it, starts two throwaway PostgreSQL servers with sample data (a
# "warehouse" and a "remote" shop database), registers the driver, and runs
# federated queries through isql.  The servers are stopped at the end.
# Run as root or with sudo.  FQ_SKIP_DEPS=1 skips the package install.
# It builds as the owner of the source tree, and leaves nothing behind:
# its run directory and (when it created it) the servers' system user go.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

if [ "${FQ_SKIP_DEPS:-}" != 1 ]; then
	bash packaging/install-deps.sh
fi
# Build as the owner of the source tree: run with sudo, a root-owned
# autom4te.cache or object file would stop that user's own
# ./autogen.sh && ./configure && make afterwards.
owner=$(stat -c %u .)
as_owner() {
	if [ "$(id -u)" = 0 ] && [ "$owner" != 0 ]; then
		setpriv --reuid="$owner" --regid="$(stat -c %g .)" --clear-groups \
			env HOME="$(getent passwd "$owner" | cut -d: -f6)" "$@"
	else
		"$@"
	fi
}
if [ ! -f Makefile ]; then
	as_owner ./autogen.sh
	as_owner ./configure
fi
as_owner make -j"$(nproc)"

# The test servers run as the system user fedqtest when started by root;
# one this demo creates goes again at the end.
had_user=1
id fedqtest >/dev/null 2>&1 || had_user=0
run=$(mktemp -d "${TMPDIR:-/tmp}/fedq-demo.XXXXXX")
cleanup() {
	rm -rf "$run"
	if [ "$had_user" = 0 ] && id fedqtest >/dev/null 2>&1; then
		userdel fedqtest || true
	fi
}
trap cleanup EXIT
# servers.sh starts both servers with their sample data and stops them on exit.
tests/harness/servers.sh run "$run" bash -c '
set -euo pipefail
top='"'$top'"'
say() { printf "\n\033[1m== %s\033[0m\n" "$*"; }

say "Registering the driver (odbcinst -i -d) in this demo'\''s own ODBC configuration"
sed -e "s|@driverdir@|$top/driver/.libs|" "$top/odbcinst/fedq.ini.in" > "$FQ_TEST_DIR/fedq-driver.ini"
rm -f "$FQ_TEST_DIR/odbcinst.ini"
odbcinst -i -d -f "$FQ_TEST_DIR/fedq-driver.ini"
odbcinst -q -d

say "The DSN: the warehouse is a PostgreSQL server at 127.0.0.1:$FQ_PORT_warehouse"
sed -n "/^\[fedq\]/,/^$/p" "$ODBCINI" | grep -v "^PWD"

mark=$(stat -c %s "$FQ_REMOTE_LOG")
say "Federated queries through isql"
cat > "$FQ_TEST_DIR/demo.sql" <<SQL
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE '"'"'shop'"'"' SCHEMA '"'"'public'"'"' URI '"'"'127.0.0.1'"'"' PORT $FQ_PORT_remote;
SELECT o_id, o_total FROM rds.orders WHERE o_status = '"'"'F'"'"' ORDER BY o_id LIMIT 5;
SELECT count(*) FROM public.sales;
SELECT r.r_name, count(*) AS orders, sum(o.o_total) AS total FROM rds.orders o JOIN rds.customers c ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region WHERE o.o_orderdate >= DATE '"'"'2024-06-01'"'"' GROUP BY r.r_name ORDER BY total DESC;
EXPLAIN SELECT r.r_name, count(*) FROM rds.orders o JOIN rds.customers c ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region WHERE o.o_orderdate >= DATE '"'"'2024-06-01'"'"' GROUP BY r.r_name;
EXPLAIN SELECT extract(month FROM d) AS month, count(*) FROM (SELECT o_orderdate AS d FROM rds.orders UNION ALL SELECT s_day FROM public.sales) u WHERE extract(month FROM d) <= 2 GROUP BY 1 ORDER BY 1;
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema IN ('"'"'public'"'"', '"'"'rds'"'"') ORDER BY 1, 2;
SELECT schemaname, num_rows, querytext FROM svl_federated_query ORDER BY query DESC LIMIT 3;
SQL
cat "$FQ_TEST_DIR/demo.sql"
echo
isql -v -b fedq < "$FQ_TEST_DIR/demo.sql"

say "What the remote server was asked (its log): only the needed columns, the filters, the join"
tail -c +"$((mark + 1))" "$FQ_REMOTE_LOG" | grep -A2 "COPY (" | grep -v "^--" | sed "s/^[0-9-]* [0-9:.]* UTC \[[0-9]*\] shop LOG:  statement: //" | head -20

say "The external schema persists: a new connection still sees it"
echo "SELECT count(*) FROM rds.customers;" | isql -v -b fedq
'
