#!/usr/bin/env bash
# servers.sh — a warehouse and a remote PostgreSQL with fixture data, plus a
# test-local ODBC configuration registering the freshly built driver.
#
#   tests/harness/servers.sh run DIR CMD [ARGS...]   start, run CMD, stop
#   tests/harness/servers.sh start DIR               start and leave running
#   tests/harness/servers.sh stop DIR                stop what start started
#
# DIR/env.sh holds what a test needs (source it): ODBCSYSINI, ODBCINI,
# ODBCINSTINI, FQ_PORT_warehouse, FQ_PORT_remote, FQ_TEST_DIR, PGPASSFILE,
# PGUSER, and the DSNs:
#   fedq        warehouse at 127.0.0.1:$FQ_PORT_warehouse (database "warehouse"),
#               catalog store DIR/catalog.json
#   fedq_nowh   no warehouse: external schemas only, catalog DIR/catalog-nowh.json
# The remote's database is "shop" (and, in its schema "wh", a copy of the
# warehouse's tables, for comparing federated results with PostgreSQL's);
# "shop_icu" holds the same tables as shop's public schema in a database
# whose collation is ICU's en-US, not C.
# External schemas reach it with libpq's
# defaults (PGUSER and PGPASSFILE point at the fixture superuser).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FQ_BUILDDIR=${FQ_BUILDDIR:-$(cd "$here/../.." && pwd)}
. "$here/pg.sh"

mode=${1:?usage: servers.sh run|start|stop DIR [CMD...]}
dir=${2:?usage: servers.sh run|start|stop DIR [CMD...]}
shift 2

if [ "$mode" = stop ]; then
	FQ_PG_DIR=$dir
	FQ_PG_BIN=$(fq_pg_bindir)
	[ "$(id -u)" = 0 ] && FQ_PG_RUNAS=fedqtest
	for n in warehouse remote; do fq_pg_stop "$n"; done
	exit 0
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
fq_pg_init "$dir"
fq_pg_start warehouse
fq_pg_start remote

fq_pg_psql warehouse -d postgres -c 'CREATE DATABASE warehouse'
fq_pg_psql warehouse -d warehouse -f "$here/fixtures/warehouse-tables.sql"
fq_pg_psql warehouse -d warehouse -f "$here/fixtures/warehouse.sql"
fq_pg_psql remote -d postgres -c 'CREATE DATABASE shop'
fq_pg_psql remote -d shop -f "$here/fixtures/remote.sql"
fq_pg_psql remote -d shop -f "$here/fixtures/strings.sql"
# The same tables in a database that is not C-collated (ICU en-US), where
# 'a' < 'B' < 'b' and accents sort next to their letters.
fq_pg_psql remote -d postgres -c "CREATE DATABASE shop_icu TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
fq_pg_psql remote -d shop_icu -f "$here/fixtures/remote.sql"
fq_pg_psql remote -d shop_icu -f "$here/fixtures/strings.sql"
fq_pg_psql remote -d shop -c 'CREATE SCHEMA wh'
PGOPTIONS='-c search_path=wh' fq_pg_psql remote -d shop -f "$here/fixtures/warehouse-tables.sql"
# The exactness fixtures (tests/sql/11-exactness.test), in a schema of
# their own on each side: "exact" at the remote and the warehouse, and the
# warehouse's copy in the remote's "whexact".
fq_pg_psql remote -d shop -c 'CREATE SCHEMA exact; CREATE SCHEMA whexact'
fq_pg_psql warehouse -d warehouse -c 'CREATE SCHEMA exact'
PGOPTIONS='-c search_path=exact' fq_pg_psql remote -d shop -f "$here/fixtures/exact.sql"
PGOPTIONS='-c search_path=whexact' fq_pg_psql remote -d shop -f "$here/fixtures/exact.sql"
PGOPTIONS='-c search_path=exact' fq_pg_psql warehouse -d warehouse -f "$here/fixtures/exact.sql"
# The randomized differential tester's tables (tests/random/README.md):
# rnd.t1, t2, t3 in shop, t3 also in shop_icu, rndw.t4 in the warehouse
# with its copy in shop, so PostgreSQL holds every table in one database.
fq_pg_psql remote -d shop -c 'CREATE SCHEMA rnd; CREATE SCHEMA rndw'
fq_pg_psql remote -d shop_icu -c 'CREATE SCHEMA rnd'
fq_pg_psql warehouse -d warehouse -c 'CREATE SCHEMA rndw'
for t in rnd.t1:0 rnd.t2:7 rnd.t3:13 rndw.t4:21; do
	fq_pg_psql remote -d shop -v tab="${t%%:*}" -v off="${t##*:}" -f "$here/fixtures/random-table.sql"
done
fq_pg_psql remote -d shop_icu -v tab=rnd.t3 -v off=13 -f "$here/fixtures/random-table.sql"
fq_pg_psql warehouse -d warehouse -v tab=rndw.t4 -v off=21 -f "$here/fixtures/random-table.sql"

driver="$FQ_BUILDDIR/driver/.libs/libfedqodbc.so"
cat > "$dir/odbcinst.ini" <<INI
[fedq]
Description = fedq (test build)
Driver = $driver
Threading = 0
INI
cat > "$dir/odbc.ini" <<INI
[fedq]
Driver = fedq
Description = fedq test DSN with a warehouse
Server = 127.0.0.1
Port = $FQ_PORT_warehouse
Database = warehouse
UID = $FQ_PG_USER
PWD = $FQ_PG_PASSWORD
CatalogFile = $dir/catalog.json

[fedq_nowh]
Driver = fedq
Description = fedq test DSN without a warehouse
CatalogFile = $dir/catalog-nowh.json
INI
printf '127.0.0.1:*:*:%s:%s\n' "$FQ_PG_USER" "$FQ_PG_PASSWORD" > "$dir/pgpass"
chmod 600 "$dir/pgpass"
printf '{"username": "%s", "password": "%s"}\n' "$FQ_PG_USER" "$FQ_PG_PASSWORD" > "$dir/secret.json"
printf '{"username": "%s", "password": "not-the-password"}\n' "$FQ_PG_USER" > "$dir/bad-secret.json"
chmod 600 "$dir/secret.json" "$dir/bad-secret.json"

cat > "$dir/env.sh" <<ENV
export FQ_TEST_DIR='$dir'
export FQ_BUILDDIR='$FQ_BUILDDIR'
export FQ_PORT_warehouse=$FQ_PORT_warehouse
export FQ_PORT_remote=$FQ_PORT_remote
export FQ_PG_PASSWORD='$FQ_PG_PASSWORD'
export ODBCSYSINI='$dir'
export ODBCINSTINI=odbcinst.ini
export ODBCINI='$dir/odbc.ini'
export PGUSER='$FQ_PG_USER'
export PGPASSFILE='$dir/pgpass'
export FQ_WAREHOUSE_LOG='$(fq_pg_log warehouse)'
export FQ_REMOTE_LOG='$(fq_pg_log remote)'
# AWS: nothing from this machine's own configuration, and never the
# instance metadata address; tests/it/35-aws-secrets.sh runs a mock.
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_REGION \\
	AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS AWS_ENDPOINT_URL_SECRETS_MANAGER \\
	AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI
export AWS_EC2_METADATA_DISABLED=true
export AWS_SHARED_CREDENTIALS_FILE='$dir/no-aws-credentials'
export AWS_CONFIG_FILE='$dir/no-aws-config'
ENV

case "$mode" in
start)
	trap - EXIT INT TERM
	echo "servers running: warehouse on $FQ_PORT_warehouse, remote on $FQ_PORT_remote"
	echo "source $dir/env.sh; stop with: $0 stop $dir"
	;;
run)
	# shellcheck disable=SC1091
	. "$dir/env.sh"
	set +e
	"$@"
	rc=$?
	exit $rc
	;;
*)
	echo "servers.sh: unknown mode $mode" >&2
	exit 2
	;;
esac
