#!/usr/bin/env bash
# 33-catalog-driver-key.sh — CatalogFile in the driver's own section of
# odbcinst.ini: the catalog of every connection through that driver whose
# DSN and connection string name none (a driver registered system-wide for
# a server running as another user), through a DSN and DSN-less; a DSN's
# own CatalogFile still wins.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

sys="$FQ_IT_DIR/sys/catalog.json"
mkdir -p "$FQ_IT_DIR/sys" "$FQ_IT_DIR/home"
{ cat "$FQ_TEST_DIR/odbcinst.ini"; echo "CatalogFile = $sys"; } > "$FQ_IT_DIR/odbcinst.ini"
cat > "$FQ_IT_DIR/odbc-sys.ini" <<INI
[plain]
Driver = fedq

[own]
Driver = fedq
CatalogFile = $FQ_IT_DIR/own.json
INI
export ODBCSYSINI="$FQ_IT_DIR" ODBCINSTINI=odbcinst.ini ODBCINI="$FQ_IT_DIR/odbc-sys.ini"
# Not the home directory's catalog, whatever HOME holds.
export HOME="$FQ_IT_DIR/home" XDG_DATA_HOME=

create() {
	echo "CREATE EXTERNAL SCHEMA $1 FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote"
}

create rds | with_driver isql -v -b plain > /dev/null || fail "CREATE EXTERNAL SCHEMA through the DSN failed"
[ -f "$sys" ] || fail "the catalog was not written to the driver's CatalogFile $sys"
grep -q '"rds"' "$sys" || fail "the driver's catalog does not hold rds"
[ ! -e "$FQ_IT_DIR/home/.local/share/fedq/catalog.json" ] || fail "the home directory's catalog was written"

# DSN-less, naming the driver: the same catalog.
out=$(echo "SELECT count(*) FROM rds.customers" | with_driver isql -v -b -k "DRIVER={fedq}" 2>&1) ||
	fail "a DSN-less connection does not see rds: $out"
out_has "| 100 " || fail "unexpected answer: $out"

# A DSN's own CatalogFile wins over the driver's.
create own_only | with_driver isql -v -b own > /dev/null || fail "CREATE through the DSN with its own CatalogFile failed"
grep -q '"own_only"' "$FQ_IT_DIR/own.json" || fail "the DSN's own catalog does not hold own_only"
grep -q '"own_only"' "$sys" && fail "own_only went to the driver's catalog"
echo "ok: the driver section's CatalogFile is used, a DSN's own wins"
