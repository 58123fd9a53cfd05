#!/usr/bin/env bash
# 32-catalog-file.sh — the catalog store's failure modes, through isql:
# a corrupt file is reported and never overwritten; a write that fails
# leaves the old catalog in place and the connection usable; a relative
# secret file path an older fedq stored says why it is not found.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

cat="$FQ_IT_DIR/catalog.json"
create="CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT $FQ_PORT_remote"

# A valid catalog with one schema.
echo "$create" | with_driver isql -v -b fedq > /dev/null || fail "cannot create the first schema"
cp "$cat" "$FQ_IT_DIR/good.json"

# A failed write (made to fail at the rename) changes nothing.
out=$(printf '%s\n%s\n' "CREATE EXTERNAL SCHEMA other FROM POSTGRES DATABASE 'shop' URI '127.0.0.1'" \
	"SELECT count(*) FROM rds.customers" | FQ_FAULT=catalog-rename with_driver isql -v -b fedq 2>&1 || true)
echo "$out"
out_has "58030.*the catalog is unchanged" || fail "no clear error for a failed catalog write"
out_has "| 100 " || fail "the connection was not usable after the failed write"
cmp -s "$cat" "$FQ_IT_DIR/good.json" || fail "the catalog changed after a failed write"
ls "$FQ_IT_DIR"/catalog.json.tmp.* 2>/dev/null && fail "a temporary file was left behind"

# A corrupt catalog is reported, and left exactly as it is.
printf '{"format": "fedq-catalog", "version": 1, "external_schemas": [ {"name": ' > "$cat"
cp "$cat" "$FQ_IT_DIR/corrupt.json"
out=$(echo "SELECT 1" | with_driver isql -v -b fedq 2>&1 || true)
echo "$out"
out_has "F0000" || fail "a corrupt catalog did not give F0000"
out_has "catalog.json\" is corrupt: invalid JSON at byte" || fail "the message does not say where"
echo "$create" | with_driver isql -v -b fedq > /dev/null 2>&1 || true
cmp -s "$cat" "$FQ_IT_DIR/corrupt.json" || fail "the corrupt catalog was overwritten"

# A relative SECRET_ARN file path (CREATE refuses one now; an older fedq
# or a hand-written catalog may hold it) is read from the program's working
# directory: where it is not, the hint says so and how to mend it.
printf '%s\n' '{"format": "fedq-catalog", "version": 1, "next_oid": 100002,' \
	'"external_schemas": [{"name": "rel", "source": "postgres", "database": "shop",' \
	'"schema": "public", "uri": "127.0.0.1", "port": '"$FQ_PORT_remote"', "iam_role": null,' \
	'"secret_arn": "file:rel-secret.json", "oid": 100001, "owner": "fedq",' \
	'"created": "2026-01-01T00:00:00Z"}]}' > "$cat"
out=$(
	cd "$FQ_IT_DIR" || exit 1
	echo "SELECT count(*) FROM rel.customers" | with_driver isql -v -b fedq 2>&1 || true
)
echo "$out"
out_has "28000.*from \"rel-secret.json\": no such file" || fail "no error for a missing relative secret file"
out_has "The path is relative.*DROP SCHEMA rel and create it again with SECRET_ARN 'file:/" ||
	fail "the hint does not say the path is relative"
echo ok
