#!/usr/bin/env bash
# 18-search-path.sh — without the SearchPath key, fedq looks unqualified
# names up by the warehouse's own search_path (its role's default here);
# with the key, by the key.  tests/sql/25-search-path.test covers SET.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
pw=sp-role-pw
cleanup() {
	psql_warehouse -c "DROP SCHEMA IF EXISTS sp_b CASCADE" -c "DROP ROLE IF EXISTS sp_role" \
		2>/dev/null || true
}
cleanup
trap cleanup EXIT
psql_warehouse -c "CREATE ROLE sp_role LOGIN PASSWORD '$pw'" \
	-c "CREATE SCHEMA sp_b AUTHORIZATION sp_role" \
	-c "CREATE TABLE sp_b.sp_only AS SELECT i AS k FROM generate_series(1, 4) AS i" \
	-c "ALTER TABLE sp_b.sp_only OWNER TO sp_role" \
	-c "ALTER ROLE sp_role SET search_path = sp_b, public" 2>/dev/null

cat > "$dir/sp.test" <<EOT
statement ok
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT \${FQ_PORT_remote}

query II
SELECT count(*), sum(o.o_id) FROM sp_only s JOIN rds.orders o ON o.o_id = s.k
----
4	10
EOT
cat > "$dir/sp-key.test" <<EOT
statement ok
CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT \${FQ_PORT_remote}

statement error 42P01
SELECT count(*) FROM sp_only s JOIN rds.orders o ON o.o_id = s.k

query I
SELECT count(*) FROM sp_b.sp_only s JOIN rds.orders o ON o.o_id = s.k
----
4
EOT
status=0
run() {
	local name=$1
	shift
	rm -f "$dir/sp-cat.json"
	if "$FQ_BUILDDIR/tests/sqllogic" -o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" \
		-o Database=warehouse -o UID=sp_role -o PWD="$pw" -o CatalogFile="$dir/sp-cat.json" \
		"$@" > "$dir/$name.out" 2>&1; then
		echo "ok - $name"
	else
		echo "FAIL: $name"
		cat "$dir/$name.out"
		status=1
	fi
}
run role-default "$dir/sp.test"
run key -o SearchPath=public "$dir/sp-key.test"
exit $status
