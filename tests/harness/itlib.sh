# lib.sh — helpers for integration tests (sourced by tests/it/*.sh).
#
#   fail MSG              print and exit 1
#   out_has GREP-ARGS     whether $out has a line grep -q finds
#   run_isql DSN FILE     feed FILE's statements to isql -v -b, output on stdout
#   expect_same EXP ACT   diff an expected file against actual output
#   remote_log_since MARK lines the remote server logged after a mark
#   psql_remote/psql_warehouse ARGS   psql as the fixture superuser
#   fault_proxy_start NAME PORT / fault_proxy NAME CMD   a misbehaving relay
#                         in front of a server (faultproxy.py), see below

set -euo pipefail

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# grep -q over $out from a here-string: `echo "$out" | grep -q` fails at
# random under pipefail, since echo dies of SIGPIPE when grep stops
# reading at its first match before echo has written everything.
out_has() {
	grep -q "$@" <<< "$out"
}

# Runs a program that loads the driver (with the ASan runtime preloaded in
# sanitizer builds).
# Runs an ODBC client ("$@") with the driver: under the sanitizers' runtime
# in a sanitizer build, under valgrind when FQ_VALGRIND is set (any memory
# error or definite leak fails the test; see README "Tests").
with_driver() {
	if [ -n "${FQ_PRELOAD:-}" ]; then
		LD_PRELOAD="$FQ_PRELOAD" "$@"
	elif [ -n "${FQ_VALGRIND:-}" ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			--show-leak-kinds=definite --track-origins=yes "$@"
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

# Fault-injection relay (faultproxy.py) in front of a fixture server:
#   fault_proxy_start NAME TARGET_PORT   starts it; sets FQ_PROXY_PORT_NAME
#                                        (where clients connect) and stops it
#                                        when the test exits
#   fault_proxy NAME CMD...              pass | delay MS | freeze | cut |
#                                        reset | refuse | stats (prints the reply)
fault_proxy_start() {
	local name=$1 target=$2 line
	python3 "$FQ_SRCDIR/tests/harness/faultproxy.py" "$target" \
		> "$FQ_IT_DIR/proxy-$name.out" 2>&1 &
	eval "FQ_PROXY_PID_$name=$!"
	FQ_PROXIES="${FQ_PROXIES:-} $name"
	trap 'fault_proxy_stop_all' EXIT
	for _ in $(seq 1 100); do
		# (the relay may not have opened its output yet)
		line=$(head -n 1 "$FQ_IT_DIR/proxy-$name.out" 2>/dev/null || true)
		case $line in
		"ready "*)
			set -- $line
			eval "export FQ_PROXY_PORT_$name=$2"
			eval "FQ_PROXY_CTL_$name=$3"
			return 0
			;;
		esac
		sleep 0.05
	done
	cat "$FQ_IT_DIR/proxy-$name.out"
	fail "the fault proxy $name did not start"
}

fault_proxy() {
	local name=$1 ctl reply
	shift
	eval "ctl=\$FQ_PROXY_CTL_$name"
	exec 7<>"/dev/tcp/127.0.0.1/$ctl" || fail "cannot reach the fault proxy $name"
	echo "$*" >&7
	read -r reply <&7
	exec 7>&-
	case $reply in
	error*) fail "fault proxy $name: $reply" ;;
	ok) ;;
	*) echo "$reply" ;;
	esac
}

fault_proxy_stop_all() {
	local name pid
	for name in ${FQ_PROXIES:-}; do
		eval "pid=\${FQ_PROXY_PID_$name:-}"
		if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
		fi
	done
	FQ_PROXIES=
}

# A TCP port on 127.0.0.1 that nothing listens on now.
fq_free_port() {
	local p tries=0
	while [ $tries -lt 200 ]; do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"; return 0
		fi
		tries=$((tries + 1))
	done
	return 1
}
