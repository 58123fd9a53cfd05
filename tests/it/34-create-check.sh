#!/usr/bin/env bash
# 34-create-check.sh — CREATE EXTERNAL SCHEMA tries its source: a good one
# is a plain success; a wrong password, no password, a closed port or a
# server that never answers is still a success (the definition is kept, as
# Redshift keeps it) with a 01000 warning giving the error and what to do,
# within the check's 5 seconds (LoginTimeout when shorter); no password
# names the user libpq tried, and a SCHEMA the source does not have is a
# warning too; IF NOT EXISTS on an existing schema checks nothing;
# CheckSources=0 turns the check off.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

cat_file="$FQ_IT_DIR/catalog.json"
conn="DSN=fedq;CatalogFile=$cat_file"
src="FROM POSTGRES DATABASE 'shop' URI '127.0.0.1'"

# Runs statements ($1, one per line) through isql with extra keys ($2).
sql() {
	printf '%s\n' "$1" | with_driver isql -v -b -k "$conn${2:+;$2}" 2>&1
}

exists() {
	local out
	out=$(sql "SELECT count(*) FROM svv_external_schemas WHERE schemaname = '$1'")
	out_has "| 1 " || { echo "$out"; fail "schema $1 was not kept"; }
}

# A good source: no warning (its SCHEMA, 'public' by default, is there).
out=$(sql "CREATE EXTERNAL SCHEMA good $src PORT $FQ_PORT_remote")
echo "$out"
out_has "01000\|SUCCESS_WITH_INFO" && fail "a good source drew a warning"
exists good

# A wrong password (from a secret file): success with the warning.
secret="$FQ_IT_DIR/wrong.json"
printf '{"username": "fedq", "password": "not-the-password"}\n' > "$secret"
chmod 600 "$secret"
out=$(sql "CREATE EXTERNAL SCHEMA wrongpw $src PORT $FQ_PORT_remote SECRET_ARN 'file:$secret'")
echo "$out"
out_has "SQL_SUCCESS_WITH_INFO" || fail "a wrong password did not give SUCCESS_WITH_INFO"
out_has "\[01000\].*external schema \"wrongpw\" was created, but its source cannot be reached.*(SQLSTATE 28P01).*password authentication failed" ||
	fail "no 01000 warning with the source's error for a wrong password"
out_has "^\[ISQL\]ERROR" && fail "a wrong password failed the statement"
exists wrongpw

# No password at all: the warning says where credentials come from.
out=$(printf '%s\n' "CREATE EXTERNAL SCHEMA nopw $src PORT $FQ_PORT_remote" |
	PGPASSFILE=/nonexistent with_driver isql -v -b -k "$conn" 2>&1)
echo "$out"
out_has "\[01000\].*\"nopw\".*no password supplied for user \"$PGUSER\"" ||
	fail "no warning for no password, naming the user libpq tried"
out_has "SECRET_ARN 'file:" || fail "the hint does not say where credentials come from"
# isql shows 511 characters of a message: the hint fits, to its end.
out_has 'PGUSER (else the system user).*"password": ...})\.$' ||
	fail "the hint is cut short in isql"
exists nopw
# A query on it says the same, naming where libpq's login comes from.
out=$(printf '%s\n' "SELECT count(*) FROM nopw.customers" |
	PGPASSFILE=/nonexistent with_driver isql -v -b -k "$conn" 2>&1)
echo "$out"
out_has "\[28000\].*no password supplied for user \"$PGUSER\"" ||
	fail "the query's error does not name the user"
out_has "no SECRET_ARN.*PGUSER (else the operating-system user).*~/.pgpass" ||
	fail "the query's hint does not say where the login comes from"

# A SCHEMA the source does not have: created, with a warning naming it.
out=$(sql "CREATE EXTERNAL SCHEMA typo FROM POSTGRES DATABASE 'shop' SCHEMA 'pubic' URI '127.0.0.1' PORT $FQ_PORT_remote")
echo "$out"
out_has "\[01000\].*external schema \"typo\" was created, but schema \"pubic\" does not exist in database \"shop\" at 127.0.0.1:$FQ_PORT_remote" ||
	fail "no warning for a SCHEMA the source does not have"
out_has "Check the SCHEMA clause" || fail "the hint does not name the SCHEMA clause"
exists typo
# ... compared exactly: no LIKE pattern, no case folding.
out=$(sql "CREATE EXTERNAL SCHEMA typo2 FROM POSTGRES DATABASE 'shop' SCHEMA 'pub%' URI '127.0.0.1' PORT $FQ_PORT_remote
CREATE EXTERNAL SCHEMA typo3 FROM POSTGRES DATABASE 'shop' SCHEMA 'PUBLIC' URI '127.0.0.1' PORT $FQ_PORT_remote")
echo "$out"
out_has "\"typo2\" was created, but schema \"pub%\" does not exist" ||
	fail "SCHEMA 'pub%' was taken as a pattern"
out_has "\"typo3\" was created, but schema \"PUBLIC\" does not exist" ||
	fail "SCHEMA 'PUBLIC' was folded"

# A port nothing listens on.
port=$(fq_free_port)
out=$(sql "CREATE EXTERNAL SCHEMA closed $src PORT $port")
echo "$out"
out_has "\[01000\].*\"closed\".*(SQLSTATE 08001).*connection refused" ||
	fail "no warning for a closed port"
exists closed

# A server that accepts the connection and never answers: the check gives
# up after 5 seconds, not LoginTimeout's 15.
fault_proxy_start mute "$FQ_PORT_remote"
fault_proxy mute freeze
start=$(date +%s)
out=$(sql "CREATE EXTERNAL SCHEMA mute $src PORT $FQ_PROXY_PORT_mute")
took=$(($(date +%s) - start))
echo "$out"
echo "took ${took}s"
out_has "\[01000\].*\"mute\".*timeout expired after 5 seconds" ||
	fail "no timeout warning for a server that never answers"
[ "$took" -le 9 ] || fail "the check took ${took}s"
# LoginTimeout shorter than 5 seconds is kept.
start=$(date +%s)
out=$(sql "CREATE EXTERNAL SCHEMA mute2 $src PORT $FQ_PROXY_PORT_mute" "LoginTimeout=2")
took=$(($(date +%s) - start))
echo "$out"
out_has "\"mute2\".*timeout expired after 2 seconds (LoginTimeout)" ||
	fail "LoginTimeout=2 did not shorten the check"
[ "$took" -le 5 ] || fail "the check took ${took}s with LoginTimeout=2"
fault_proxy mute pass
exists mute

# IF NOT EXISTS on an existing schema checks nothing (the relay frozen
# again: a check would take seconds and warn).
fault_proxy mute freeze
start=$(date +%s)
out=$(sql "CREATE EXTERNAL SCHEMA IF NOT EXISTS mute $src PORT $FQ_PROXY_PORT_mute")
took=$(($(date +%s) - start))
echo "$out"
out_has "already exists, skipping" || fail "IF NOT EXISTS did not skip"
out_has "cannot be reached" && fail "IF NOT EXISTS checked an existing schema"
[ "$took" -le 2 ] || fail "IF NOT EXISTS took ${took}s"

# CheckSources=0: no check, no warning.
out=$(sql "CREATE EXTERNAL SCHEMA unchecked $src PORT $port" "CheckSources=0")
echo "$out"
out_has "01000\|SUCCESS_WITH_INFO" && fail "CheckSources=0 still checked"
exists unchecked
fault_proxy mute pass

# The connection the check made serves the next query.
out=$(sql "SELECT count(*) FROM good.customers")
out_has "| 100 " || { echo "$out"; fail "the good schema does not answer"; }
echo ok
