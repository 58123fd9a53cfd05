# The SQL logic runner's own test: tests/oracle/oracle.test holds records
# the exact oracle must pass and records it must fail, each saying which in
# a "# expect:" line.  A runner that could not fail would pass every test
# file; this proves each kind of wrong answer is caught, with the reason.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

psql_remote -f "$FQ_SRCDIR/tests/oracle/setup.sql"
cleanup() { psql_remote -c 'DROP SCHEMA oracle_fedq CASCADE; DROP SCHEMA oracle_pg CASCADE' || true; }
trap cleanup EXIT

export FQ_COMPARE_CONNINFO="host=127.0.0.1 port=$FQ_PORT_remote dbname=shop user=fedq password=$FQ_PG_PASSWORD"
file=$FQ_SRCDIR/tests/oracle/oracle.test
set +e
rm -f "$FQ_IT_DIR/oracle.json"
"$FQ_BUILDDIR/tests/sqllogic" -o CatalogFile="$FQ_IT_DIR/oracle.json" -c ora=oracle_pg "$file" \
	> "$FQ_IT_DIR/out" 2>&1
rc=$?
set -e
cat "$FQ_IT_DIR/out"
[ $rc -eq 1 ] || fail "the runner exited $rc, not 1 (some records must fail)"

# Each "# expect:" line names the next record's fate; the record starts at
# the next line that is neither a comment nor a knownfail/onlyif mark.
checked=0
while IFS=$'\t' read -r line want; do
	checked=$((checked + 1))
	got=$(grep -F "FAIL $file:$line: " "$FQ_IT_DIR/out" | head -n 1 | sed "s|^FAIL $file:$line: ||" || true)
	case $want in
	pass)
		[ -z "$got" ] || fail "line $line must pass, failed: $got" ;;
	skipped)
		grep -qF "known failure skipped: $file:$line " "$FQ_IT_DIR/out" ||
			fail "line $line must be skipped as a known failure" ;;
	*)
		[ -n "$got" ] || fail "line $line must fail ($want), passed"
		case $got in
		"$want"*) ;;
		*) fail "line $line must fail with \"$want\", failed with \"$got\"" ;;
		esac ;;
	esac
done < <(awk '/^# expect: / { want = substr($0, 11); next }
	want != "" && !/^#/ && !/^knownfail / && !/^onlyif / && NF > 0 { print NR "\t" want; want = "" }' "$file")
[ $checked -ge 30 ] || fail "only $checked records checked"
nfail=$(grep -c '^FAIL ' "$FQ_IT_DIR/out" || true)
nwant=$(grep '^# expect: ' "$file" | grep -vc -e '^# expect: pass$' -e '^# expect: skipped$')
[ "$nfail" = "$nwant" ] || fail "$nfail records failed, $nwant should"
echo "oracle self-test: $checked records judged as expected"
