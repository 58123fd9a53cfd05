# TLS to external sources and the warehouse: a PostgreSQL server of its
# own with ssl=on and a certificate for "localhost" signed by a test CA
# made here with openssl (tests/harness/testca.sh); SSLMODE, SSLROOTCERT,
# SSLCERT and SSLKEY clauses (tests/tls/10-source.test), the SourceSSL*
# connection keys and libpq's environment as their defaults
# (tests/tls/20-defaults.test), the warehouse's SSL* keys, and the
# server's log showing which connections were encrypted.
. "$FQ_SRCDIR/tests/harness/itlib.sh"
. "$FQ_SRCDIR/tests/harness/pg.sh"
. "$FQ_SRCDIR/tests/harness/testca.sh"

command -v openssl >/dev/null || fail "openssl is missing (Debian: openssl)"
dir=$FQ_IT_DIR
tls=$dir/tls
mkdir -p "$tls" "$dir/home"
chmod 755 "$dir" "$tls"

fq_ca_new "$tls" ca
fq_ca_new "$tls" other-ca
fq_cert_new "$tls" ca server localhost "DNS:localhost"
fq_cert_new "$tls" ca client fedq
cp "$tls/client.key" "$tls/loose.key"
chmod 644 "$tls/loose.key"

# A server of this test's own (pg.sh stops it when the test exits).
fq_pg_init "$dir/pg"
fq_pg_start tls
TLS_PORT=$FQ_PORT_tls
if [ -n "$FQ_PG_RUNAS" ]; then
	cp "$tls/server.key" "$tls/server.crt" "$tls/ca.crt" "$dir/pg/tls/"
	chown "$FQ_PG_RUNAS" "$dir/pg/tls/server.key" "$dir/pg/tls/server.crt" "$dir/pg/tls/ca.crt"
	srv=$dir/pg/tls
else
	srv=$tls
fi
fq_pg_psql tls -d postgres -c "CREATE DATABASE shop" -c "CREATE DATABASE certdb" >/dev/null
fq_pg_psql tls -d shop -c "CREATE TABLE items (i integer); INSERT INTO items VALUES (1), (2), (3)" >/dev/null
fq_pg_psql tls -d certdb -c "CREATE TABLE items (i integer); INSERT INTO items VALUES (10), (20), (30)" >/dev/null
hba=$dir/pg/tls/data/pg_hba.conf
{
	echo "hostssl certdb all 127.0.0.1/32 scram-sha-256 clientcert=verify-ca"
	echo "host certdb all 127.0.0.1/32 reject"
	cat "$hba"
} > "$hba.new"
cat "$hba.new" > "$hba"
rm -f "$hba.new"
fq_pg_psql tls -d postgres -c "ALTER SYSTEM SET ssl = on" \
	-c "ALTER SYSTEM SET ssl_cert_file = '$srv/server.crt'" \
	-c "ALTER SYSTEM SET ssl_key_file = '$srv/server.key'" \
	-c "ALTER SYSTEM SET ssl_ca_file = '$srv/ca.crt'" \
	-c "ALTER SYSTEM SET log_connections = on" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
log=$(fq_pg_log tls)
[ "$(fq_pg_psql tls -d shop -A -t -c 'SHOW ssl')" = on ] || fail "the test server did not turn ssl on"

export TLS_PORT TLS_DIR=$tls
status=0
# Runs sqllogic on a tests/tls file with connection keys as -o arguments;
# HOME has no ~/.postgresql, so libpq finds no root certificate of its own.
run_tls() {
	local name=$1 file=$2
	shift 2
	echo "== $name"
	rm -f "$dir/$name.json"
	if ! env HOME="$dir/home" "$FQ_BUILDDIR/tests/sqllogic" -o CatalogFile="$dir/$name.json" \
			"$@" "$FQ_SRCDIR/tests/tls/$file"; then
		status=1
	fi
}

mark=$(log_mark "$log")
run_tls clauses 10-source.test
# The catalog file is version 2 once a schema has SSL clauses.
grep -Eq '"version":[[:space:]]*2' "$dir/clauses.json" || fail "the catalog with SSL clauses is not version 2"

# Which connections were encrypted: vfull, vca, req and withcert were;
# the server logs each authorized connection, SSL or not.
ssl_conns=$(log_since "$log" "$mark" | grep -c 'connection authorized: user=fedq database=\(shop\|certdb\) application_name=fedq SSL enabled' || true)
[ "$ssl_conns" -ge 4 ] || fail "expected at least 4 encrypted connections, the log has $ssl_conns"

# Defaults for a schema without clauses.
EXPECT=ok run_tls none 20-defaults.test
EXPECT=ok run_tls keyfull 20-defaults.test -o SourceSSLMode=verify-full -o SourceSSLRootCert="$tls/ca.crt"
EXPECT="error 08001 certificate verify failed" run_tls keyuntrusted 20-defaults.test \
	-o SourceSSLMode=verify-full -o SourceSSLRootCert="$tls/other-ca.crt"
# libpq's environment, when neither clause nor key says (the case:
# PGSSLMODE=verify-full with an untrusted certificate must not connect).
EXPECT="error 08001 certificate verify failed" PGSSLMODE=verify-full \
	PGSSLROOTCERT="$tls/other-ca.crt" run_tls envuntrusted 20-defaults.test
EXPECT=ok PGSSLMODE=verify-full PGSSLROOTCERT="$tls/ca.crt" run_tls envfull 20-defaults.test
# The connection key wins over the environment.
EXPECT=ok PGSSLMODE=verify-full PGSSLROOTCERT="$tls/other-ca.crt" run_tls keyoverenv \
	20-defaults.test -o SourceSSLMode=require -o SourceSSLRootCert="$tls/ca.crt"

# SSLMode=disable over the connection key: that connection is not encrypted.
mark=$(log_mark "$log")
EXPECT=ok run_tls keydisable 20-defaults.test -o SourceSSLMode=disable
if log_since "$log" "$mark" | grep 'connection authorized: user=fedq database=shop' | grep 'SSL enabled' >/dev/null; then
	fail "SourceSSLMode=disable made an encrypted connection"
fi

# A bad value of a key is refused when connecting.
out=$("$FQ_BUILDDIR/tests/sqllogic" -o SourceSSLMode=verify "$FQ_SRCDIR/tests/tls/20-defaults.test" 2>&1) &&
	fail "SourceSSLMode=verify was accepted"
out_has 'invalid value "verify" for connection key SourceSSLMode' ||
	fail "SourceSSLMode=verify: $out"
out=$("$FQ_BUILDDIR/tests/sqllogic" -o SourceSSLRootCert=ca.crt "$FQ_SRCDIR/tests/tls/20-defaults.test" 2>&1) &&
	fail "a relative SourceSSLRootCert was accepted"
out_has 'absolute path' || fail "SourceSSLRootCert=ca.crt: $out"

# The warehouse: SSLMode and SSLRootCert.
wh() {
	env HOME="$dir/home" "$FQ_BUILDDIR/tests/sqllogic" -o Server=localhost -o Port="$TLS_PORT" \
		-o Database=shop -o UID=fedq -o PWD="$FQ_PG_PASSWORD" -o CatalogFile="$dir/wh.json" \
		"$@" "$FQ_SRCDIR/tests/tls/30-warehouse.test" 2>&1
}
out=$(wh -o SSLMode=verify-full -o SSLRootCert="$tls/ca.crt") || { echo "$out"; fail "warehouse verify-full"; }
out=$(wh -o SSLMode=verify-full -o SSLRootCert="$tls/other-ca.crt") && fail "the warehouse with an untrusted certificate connected"
out_has '\[08001\] could not connect to the warehouse .*certificate verify failed' ||
	fail "warehouse, untrusted certificate: $out"
out_has 'SSLRootCert connection key' || fail "warehouse, untrusted certificate, hint: $out"
out=$(PGSSLMODE=verify-full PGSSLROOTCERT="$tls/other-ca.crt" wh) && fail "the warehouse ignored PGSSLMODE"
out_has 'certificate verify failed' || fail "warehouse, PGSSLMODE: $out"

# The same server with ssl off, and a mode that requires it.
fq_pg_psql tls -d postgres -c "ALTER SYSTEM SET ssl = off" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
EXPECT="error 08001 does not support SSL" run_tls nossl 20-defaults.test -o SourceSSLMode=require

exit $status
