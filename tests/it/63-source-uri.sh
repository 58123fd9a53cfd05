# An external schema's URI is one host name or IP address unless the
# connection key AllowAnyURI=1 allows a Unix-socket directory or a host
# list (checked when the schema is created and again when fedq connects,
# since another process may have written the catalog); values reach libpq
# as values, never as connection-string text (tests/uri/*.test).
. "$FQ_SRCDIR/tests/harness/itlib.sh"

dir=$FQ_IT_DIR
status=0
run_uri() {
	local name=$1 file=$2
	shift 2
	echo "== $name"
	"$FQ_BUILDDIR/tests/sqllogic" "$@" "$FQ_SRCDIR/tests/uri/$file" || status=1
}

rm -f "$dir/any.json"
run_uri allow 10-allow.test -o CatalogFile="$dir/any.json" -o AllowAnyURI=1
run_uri refuse 20-refuse.test -o CatalogFile="$dir/any.json"

# A role whose name and password hold what a connection string would
# misread; its secret file is JSON.
psql_remote -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS \"odd user\"" \
	-c "CREATE ROLE \"odd user\" LOGIN PASSWORD 'p w''\"\\=x dbname=postgres'" \
	-c "GRANT SELECT ON public.customers TO \"odd user\"" >/dev/null
export ODD_SECRET=$dir/odd-secret.json
python3 -c 'import json,sys; json.dump({"username": "odd user", "password": sys.argv[1]}, open(sys.argv[2], "w"))' \
	"p w'\"\\=x dbname=postgres" "$ODD_SECRET"
chmod 600 "$ODD_SECRET"
export KEY_SECRET=$dir/s.json
cp "$FQ_TEST_DIR/secret.json" "$KEY_SECRET|"
rm -f "$dir/values.json"
run_uri values 30-values.test -o CatalogFile="$dir/values.json" -o LogLevel=4 -o LogFile="$dir/values.log"
psql_remote -c "REVOKE ALL ON public.customers FROM \"odd user\"" -c "DROP ROLE \"odd user\"" >/dev/null
grep -q -F "x dbname=postgres" "$dir/values.log" && fail "the password is in the driver log"
exit $status
