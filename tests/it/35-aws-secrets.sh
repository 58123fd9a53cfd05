# SECRET_ARN 'arn:aws:secretsmanager:...' and IAM_ROLE: credentials from
# the environment, a shared-file profile (plain, and role_arn with
# source_profile) and the instance metadata service; sts:AssumeRole
# chains; retries; refusals; a rotated secret.  AWS is
# tests/harness/aws_mock.py on loopback, which checks every signature
# with botocore (Debian's python3-botocore), not with fedq's own code.
. "$FQ_SRCDIR/tests/harness/itlib.sh"

py=/usr/bin/python3
$py -c 'import botocore' 2>/dev/null ||
	fail "python3-botocore is missing (packaging/install-deps.sh installs it)"

dir=$FQ_IT_DIR
acct=123456789012
export SM="arn:aws:secretsmanager:us-east-1:$acct"
export IAM="arn:aws:iam::$acct"
pw=$FQ_PG_PASSWORD
psql_remote -c "DROP ROLE IF EXISTS rotuser" -c "CREATE ROLE rotuser LOGIN PASSWORD 'rot-one'" \
	-c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO rotuser" >/dev/null

secret() { # user password → the SecretString (as JSON text, quoted for JSON)
	$py -c 'import json,sys; print(json.dumps(json.dumps({"username": sys.argv[1], "password": sys.argv[2], "engine": "postgres", "port": 5432})))' "$1" "$2"
}
cat > "$dir/aws.json" <<EOF
{"region": "us-east-1",
 "keys": {"AKIDFEDQBASE": "base/Secret+Key=0", "AKIDFEDQPROF": "profile-secret"},
 "roles": {"$IAM:role/Reader": ["AKIDFEDQBASE", "AKIDFEDQPROF"],
           "$IAM:role/Second": ["$IAM:role/Reader"]},
 "secrets": {
   "$SM:secret:shop-AbCdEf": {"value": $(secret fedq "$pw"),
       "readers": ["AKIDFEDQBASE", "$IAM:role/Reader", "$IAM:role/Instance"]},
   "$SM:secret:viarole-1": {"value": $(secret fedq "$pw"), "readers": ["$IAM:role/Second"]},
   "$SM:secret:badpw-1": {"value": $(secret fedq not-the-password), "readers": ["AKIDFEDQBASE"]},
   "$SM:secret:notjson-1": {"value": "user=fedq", "readers": ["AKIDFEDQBASE"]},
   "$SM:secret:rot-1": {"value": $(secret rotuser rot-one), "readers": ["AKIDFEDQBASE"]}},
 "imds_role": "$IAM:role/Instance"}
EOF

log=$dir/aws.log
: > "$log"
rm -f "$dir/aws.port"
$py "$FQ_SRCDIR/tests/harness/aws_mock.py" "$dir/aws.json" "$dir/aws.port" "$log" \
	2> "$dir/aws_mock.stderr" &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$dir/aws.port" ] && break; sleep 0.05; done
[ -s "$dir/aws.port" ] || fail "aws_mock.py did not start: $(cat "$dir/aws_mock.stderr")"
port=$(cat "$dir/aws.port")
endpoint=http://127.0.0.1:$port

control() { # path [json]
	$py -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST")).read()' \
		"$endpoint$1" "${2:-}"
}
calls() { # op [status] → how many such calls the mock logged
	$py -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["op"] == sys.argv[2] and (len(sys.argv) < 4 or str(json.loads(l)["status"]) == sys.argv[3])))' "$log" "$@"
}
# Runs sqllogic on FILE with the AWS environment given as VAR=value words.
# CheckSources=0: the calls counted below are the queries' own, without
# the connection CREATE EXTERNAL SCHEMA tries (tests/it/34-create-check.sh).
status=0
run_aws() {
	local name=$1 file=$2
	shift 2
	echo "== $name"
	if ! env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE \
			AWS_ENDPOINT_URL="$endpoint" "$@" \
			"$FQ_BUILDDIR/tests/sqllogic" \
			-o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" -o Database=warehouse \
			-o UID=fedq -o PWD="$pw" -o CatalogFile="$dir/$name.json" \
			-o LogLevel=4 -o LogFile="$dir/$name.log" -o CheckSources=0 $AWSOPTS \
			"$FQ_SRCDIR/tests/aws/$file"; then
		status=1
	fi
	AWSOPTS=
}
AWSOPTS=

# Keys from the environment; role chains; refusals.
run_aws env 10-secrets.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY='base/Secret+Key=0'
# The two schemas on one secret fetched it once; the chain assumed both roles.
[ "$(calls GetSecretValue 200 | tr -d ' ')" -ge 1 ] || fail "no GetSecretValue succeeded"
n=$($py -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["target"] == sys.argv[2] and json.loads(l)["status"] == 200))' "$log" "$SM:secret:shop-AbCdEf")
[ "$n" = 1 ] || fail "the shop secret was fetched $n times, not once (cache)"
[ "$(calls AssumeRole 200)" = 2 ] || fail "expected 2 AssumeRole calls, log: $(cat "$log")"
grep -q "aws: secretsmanager:GetSecretValue $SM:secret:shop-AbCdEf: HTTP 200" "$dir/env.log" ||
	fail "the driver log lacks the GetSecretValue call"

# A wrong secret key: the signature does not match (botocore says so).
run_aws badkey 30-refused.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY=wrong \
	STATE=28000 TEXT='InvalidSignatureException'
# An unknown access key.
run_aws badid 30-refused.test AWS_ACCESS_KEY_ID=AKIDNOBODY AWS_SECRET_ACCESS_KEY=x \
	STATE=28000 TEXT='UnrecognizedClientException'
# No credentials anywhere (the harness disables the instance metadata service).
run_aws nocreds 30-refused.test STATE=28000 TEXT='no AWS credentials found'
# An endpoint nobody answers on: 08001 naming it, after retries.
run_aws down 30-refused.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY='base/Secret+Key=0' \
	AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:9 STATE=08001 TEXT='cannot reach http://127.0.0.1:9'
# A named profile that does not exist.
AWSOPTS="-o AWSProfile=nosuch"
run_aws noprofile 30-refused.test STATE=28000 TEXT='AWS profile "nosuch" was not found'

# Two 500s, then success: retried within one query.
before=$(calls GetSecretValue 500)
control /__fail/GetSecretValue/2
run_aws retry 20-one.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY='base/Secret+Key=0'
[ "$(calls GetSecretValue 500)" = $((before + 2)) ] || fail "the two failures were not retried"

# A profile of the shared credentials file, named by AWSProfile.
cat > "$dir/credentials" <<EOF
[default]
aws_access_key_id = AKIDNOBODY
aws_secret_access_key = nope

[ fedq-prof ]
aws_access_key_id = AKIDFEDQPROF
aws_secret_access_key = profile-secret
EOF
cat > "$dir/config" <<EOF
[profile reader]
role_arn = $IAM:role/Reader
source_profile = fedq-prof
region = us-east-1
EOF
chmod 600 "$dir/credentials" "$dir/config"
AWSOPTS="-o AWSProfile=fedq-prof"
# (the profile's key may not read the secret itself: AccessDenied proves it was used)
run_aws profile 30-refused.test AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" \
	AWS_CONFIG_FILE="$dir/config" STATE=28000 TEXT='is not authorized to perform: secretsmanager:GetSecretValue'
before=$(calls AssumeRole 200)
run_aws roleprofile 20-one.test AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" \
	AWS_CONFIG_FILE="$dir/config" AWS_PROFILE=reader
[ "$(calls AssumeRole 200)" = $((before + 1)) ] || fail "profile reader did not assume its role"

# A profile with its own keys and a role: the role is assumed with the
# keys (source_profile = itself), as the AWS SDKs do.
cat >> "$dir/config" <<EOF

[profile both]
role_arn = $IAM:role/Reader
source_profile = both
aws_access_key_id = AKIDFEDQPROF
aws_secret_access_key = profile-secret
EOF
run_aws bothprofile 20-one.test AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" \
	AWS_CONFIG_FILE="$dir/config" AWS_PROFILE=both

# A region that is no host name never makes a URL.
run_aws badregion 30-refused.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE \
	AWS_SECRET_ACCESS_KEY='base/Secret+Key=0' AWS_REGION='x.evil.example#' \
	STATE=22023 TEXT='is not an AWS region name'

# The instance metadata service (IMDSv2) at the mock.
run_aws imds 20-one.test AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint"
[ "$(calls imds-credentials)" -ge 1 ] || fail "the instance metadata service was not asked"
# An implicit [default] profile with settings only: the chain goes on to IMDS.
printf '[default]\nregion = us-east-1\noutput = json\n' > "$dir/config-default"
before=$(calls imds-credentials)
run_aws imdsdefault 20-one.test AWS_CONFIG_FILE="$dir/config-default" \
	AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint"
[ "$(calls imds-credentials)" = $((before + 1)) ] || fail "[default] without keys stopped the chain"

# Rotation: the cached secret's password is refused, the new one is fetched.
cat > "$dir/rotate.sh" <<EOF
set -e
PGPASSWORD='$pw' psql -X -q -h 127.0.0.1 -p $FQ_PORT_remote -U fedq -d shop \\
	-c "ALTER ROLE rotuser PASSWORD 'rot-two'"
$py - <<'PY'
import json, urllib.request
value = json.dumps({"username": "rotuser", "password": "rot-two"})
body = json.dumps({"arn": "$SM:secret:rot-1", "value": value}).encode()
urllib.request.urlopen(urllib.request.Request("$endpoint/__secret", data=body, method="POST")).read()
PY
EOF
export ROTATE="bash $dir/rotate.sh"
run_aws rotation 40-rotation.test AWS_ACCESS_KEY_ID=AKIDFEDQBASE AWS_SECRET_ACCESS_KEY='base/Secret+Key=0'
grep -q "the cached secret was refused" "$dir/rotation.log" || fail "no refetch after rotation"

# Nothing secret in any catalog file or driver log of the runs above.
for f in "$dir"/*.json "$dir"/*.log; do
	case $f in "$dir/aws.json" | "$dir/aws.log") continue ;; esac
	if grep -q -F -e "$pw" -e 'base/Secret' -e 'profile-secret' -e 'rot-one' "$f"; then
		fail "$f holds a secret"
	fi
done

psql_remote -c "DROP OWNED BY rotuser" -c "DROP ROLE rotuser" >/dev/null
cat "$log" >&2
exit $status
