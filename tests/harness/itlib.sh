# lib.sh — helpers for integration tests (sourced by tests/it/*.sh).
#
#   fail MSG              print and exit 1
#   run_isql DSN FILE     feed FILE's statements to isql -v -b, output on stdout
#   expect_same EXP ACT   diff an expected file against actual output
#   remote_log_since MARK lines the remote server logged after a mark
#   psql_remote/psql_warehouse ARGS   psql as the fixture superuser

set -euo pipefail

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Runs a program that loads the driver (with the ASan runtime preloaded in
# sanitizer builds).
with_driver() {
	if [ -n "${FQ_PRELOAD:-}" ]; then
		LD_PRELOAD="$FQ_PRELOAD" "$@"
	else
		"$@"
	fi
}

run_isql() {
	local dsn=$1 file=$2
	with_driver isql -v -b "$dsn" < "$file"
}

expect_same() {
	local expected=$1 actual=$2
	if ! diff -u "$expected" "$actual"; then
		fail "output differs from $expected"
	fi
}

psql_remote() {
	PGPASSWORD=$FQ_PG_PASSWORD psql -X -q -A -t -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$FQ_PORT_remote" -U fedq -d shop "$@"
}

psql_warehouse() {
	PGPASSWORD=$FQ_PG_PASSWORD psql -X -q -A -t -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$FQ_PORT_warehouse" -U fedq -d warehouse "$@"
}

# Byte offset marks in a server log, to look only at what a test caused.
log_mark() {
	stat -c %s "$1"
}

log_since() {
	local log=$1 mark=$2
	tail -c +"$((mark + 1))" "$log"
}
