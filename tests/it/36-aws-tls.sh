# AWS over HTTPS with a private CA, and through a proxy, as the AWS SDKs
# do it: tests/harness/aws_mock.py speaks TLS with a certificate signed
# by a CA made here (tests/harness/testca.sh); AWS_CA_BUNDLE and
# ca_bundle in the shared config file name that CA; HTTPS_PROXY,
# HTTP_PROXY and NO_PROXY send the calls through (or around)
# tests/harness/connect_proxy.py, which logs what it carried.
. "$FQ_SRCDIR/tests/harness/itlib.sh"
. "$FQ_SRCDIR/tests/harness/testca.sh"

py=/usr/bin/python3
$py -c 'import botocore' 2>/dev/null ||
	fail "python3-botocore is missing (packaging/install-deps.sh installs it)"
command -v openssl >/dev/null || fail "openssl is missing (Debian: openssl)"

dir=$FQ_IT_DIR
acct=123456789012
export SM="arn:aws:secretsmanager:us-east-1:$acct"
pw=$FQ_PG_PASSWORD

fq_ca_new "$dir" ca
fq_ca_new "$dir" other-ca
fq_cert_new "$dir" ca aws "AWS mock" "IP:127.0.0.1,DNS:localhost"

secret=$($py -c 'import json,sys; print(json.dumps(json.dumps({"username": "fedq", "password": sys.argv[1]})))' "$pw")
cat > "$dir/aws.json" <<EOF
{"region": "us-east-1",
 "keys": {"AKIDFEDQBASE": "base/Secret+Key=0"},
 "roles": {},
 "secrets": {"$SM:secret:shop-AbCdEf": {"value": $secret, "readers": ["AKIDFEDQBASE"]}}}
EOF

pids=
trap 'for p in $pids; do kill $p 2>/dev/null || true; done' EXIT
# start NAME CMD... : runs a helper that writes its port to $dir/NAME.port,
# and sets $port to it.
start() {
	local name=$1
	shift
	rm -f "$dir/$name.port"
	"$@" > /dev/null 2> "$dir/$name.stderr" &
	pids="$pids $!"
	for _ in $(seq 100); do [ -s "$dir/$name.port" ] && break; sleep 0.05; done
	[ -s "$dir/$name.port" ] || fail "$name did not start: $(cat "$dir/$name.stderr")"
	port=$(cat "$dir/$name.port")
}
: > "$dir/aws.log"
: > "$dir/proxy.log"
start tlsmock $py "$FQ_SRCDIR/tests/harness/aws_mock.py" "$dir/aws.json" \
	"$dir/tlsmock.port" "$dir/aws.log" "$dir/aws.crt" "$dir/aws.key"
tls_port=$port
start httpmock $py "$FQ_SRCDIR/tests/harness/aws_mock.py" "$dir/aws.json" \
	"$dir/httpmock.port" "$dir/aws.log"
http_port=$port
start proxy $py "$FQ_SRCDIR/tests/harness/connect_proxy.py" "$dir/proxy.port" "$dir/proxy.log"
proxy_port=$port
https=https://127.0.0.1:$tls_port
http=http://127.0.0.1:$http_port
proxy=http://127.0.0.1:$proxy_port

calls() { # how many GetSecretValue calls the mocks answered 200
	$py -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["op"] == "GetSecretValue" and json.loads(l)["status"] == 200))' "$dir/aws.log"
}
through() { # how many requests the proxy carried
	wc -l < "$dir/proxy.log" | tr -d ' '
}

status=0
# run NAME FILE VAR=value... : sqllogic on tests/aws/FILE with AWS keys from
# the environment and nothing else of this machine's AWS or proxy setup;
# CheckSources=0, so the calls counted are the queries' own.
run() {
	local name=$1 file=$2
	shift 2
	echo "== $name"
	rm -f "$dir/$name.json"
	if ! env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u no_proxy -u NO_PROXY \
			-u ALL_PROXY -u all_proxy -u AWS_CA_BUNDLE \
			AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY='base/Secret+Key=0' "$@" \
			"$FQ_BUILDDIR/tests/sqllogic" -o CatalogFile="$dir/$name.json" \
			-o AWSSecretCacheSeconds=0 -o LogLevel=4 -o LogFile="$dir/$name.log" \
			-o CheckSources=0 \
			"$FQ_SRCDIR/tests/aws/$file"; then
		status=1
	fi
}

# HTTPS with a CA the system does not know: refused at once, not retried,
# with a hint naming AWS_CA_BUNDLE.
run untrusted 30-refused.test AWS_ENDPOINT_URL="$https" STATE=08001 TEXT='SSL certificate problem'
run untrustedhint 30-refused.test AWS_ENDPOINT_URL="$https" STATE=08001 TEXT='set AWS_CA_BUNDLE'
[ "$(grep -c 'no answer' "$dir/untrusted.log")" = 2 ] ||
	fail "a refused certificate was retried: $(cat "$dir/untrusted.log")"

# AWS_CA_BUNDLE names the CA.
before=$(calls)
run bundle 20-one.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt"
[ "$(calls)" = $((before + 1)) ] || fail "GetSecretValue over HTTPS did not reach the mock"

# ca_bundle in the profile of the shared config file.
printf '[default]\nregion = us-east-1\nca_bundle = %s\n\n[profile other]\nca_bundle = %s\n' \
	"$dir/ca.crt" "$dir/other-ca.crt" > "$dir/config"
run configbundle 20-one.test AWS_ENDPOINT_URL="$https" AWS_CONFIG_FILE="$dir/config"
# The profile's own ca_bundle (AWS_PROFILE names it), and AWS_CA_BUNDLE over it.
run profilebundle 30-refused.test AWS_ENDPOINT_URL="$https" AWS_CONFIG_FILE="$dir/config" \
	AWS_PROFILE=other STATE=08001 TEXT="ca_bundle of profile \"other\""
run envoverconfig 30-refused.test AWS_ENDPOINT_URL="$https" AWS_CONFIG_FILE="$dir/config" \
	AWS_CA_BUNDLE="$dir/other-ca.crt" STATE=08001 TEXT='SSL certificate problem'
# A bundle that cannot be read is named.
run nobundle 30-refused.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/none.pem" \
	STATE=08001 TEXT="the CA bundle \"$dir/none.pem\" (AWS_CA_BUNDLE) cannot be read"

# HTTPS through a proxy (CONNECT), upper and lower case.
n=$(through)
run proxied 20-one.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt" HTTPS_PROXY="$proxy"
grep -q "^CONNECT 127.0.0.1:$tls_port\$" "$dir/proxy.log" || fail "HTTPS_PROXY was not used: $(cat "$dir/proxy.log")"
[ "$(through)" = $((n + 1)) ] || fail "expected one CONNECT, the proxy log: $(cat "$dir/proxy.log")"
run proxiedlower 20-one.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt" https_proxy="$proxy"
[ "$(through)" = $((n + 2)) ] || fail "https_proxy was not used"
# NO_PROXY sends it direct (a host, a domain, or *).
for np in 127.0.0.1 "example.com, 127.0.0.1:$tls_port" '*'; do
	run noproxy 20-one.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt" \
		HTTPS_PROXY="$proxy" NO_PROXY="$np"
	[ "$(through)" = $((n + 2)) ] || fail "NO_PROXY=$np did not bypass the proxy"
done
run noproxyother 20-one.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt" \
	HTTPS_PROXY="$proxy" NO_PROXY=.example.com,localhost.localdomain
[ "$(through)" = $((n + 3)) ] || fail "NO_PROXY for other hosts bypassed the proxy"
# Plain HTTP through HTTP_PROXY (upper case, which curl alone ignores).
run httpproxied 20-one.test AWS_ENDPOINT_URL="$http" HTTP_PROXY="$proxy"
grep -q "^POST http://127.0.0.1:$http_port/\$" "$dir/proxy.log" ||
	fail "HTTP_PROXY was not used: $(cat "$dir/proxy.log")"
# HTTPS_PROXY does not apply to http:// endpoints.
m=$(through)
run httpnotproxied 20-one.test AWS_ENDPOINT_URL="$http" HTTPS_PROXY="$proxy"
[ "$(through)" = "$m" ] || fail "HTTPS_PROXY carried an http:// call"
# A proxy nobody answers on: 08001 saying so.
dead=$(fq_free_port)
run deadproxy 30-refused.test AWS_ENDPOINT_URL="$https" AWS_CA_BUNDLE="$dir/ca.crt" \
	HTTPS_PROXY="http://127.0.0.1:$dead" STATE=08001 TEXT='(through the proxy in HTTPS_PROXY)'

# Nothing secret in the catalog files or driver logs.
for f in "$dir"/*.json "$dir"/*.log; do
	case $f in "$dir/aws.json" | "$dir/aws.log" | "$dir/proxy.log") continue ;; esac
	grep -q -F -e "$pw" -e 'base/Secret' "$f" && fail "$f holds a secret"
done
exit $status
