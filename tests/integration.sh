#!/usr/bin/env bash
# integration.sh — runs every test in tests/it/ against real servers.
#
# Starts one warehouse and one remote PostgreSQL (tests/harness/servers.sh),
# then runs each tests/it/*.sh in name order with the harness environment,
# the build directory as working directory, and its own ODBC configuration
# whose catalog stores live in the test's own directory ($FQ_IT_DIR), so tests
# do not see each other's external schemas.  A test passes with exit status
# 0, is skipped with 77, fails otherwise; its output goes to
# $FQ_TEST_DIR/it/NAME/log and is shown when it fails.
#
# Output is TAP (automake's tap-driver counts each test); the last line is a
# summary.  FQ_IT_FILTER=regex runs only matching tests.
set -uo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FQ_SRCDIR=$srcdir
export FQ_BUILDDIR=${FQ_BUILDDIR:-$(pwd)}

if [ -z "${FQ_RUNNING_SERVERS:-}" ]; then
	rundir=$(mktemp -d "${TMPDIR:-/tmp}/fedq-it.XXXXXX")
	"$srcdir/tests/harness/servers.sh" run "$rundir" env FQ_RUNNING_SERVERS=1 \
		bash "$srcdir/tests/integration.sh" "$@"
	rc=$?
	# The servers are stopped; keep the run directory only when something
	# failed, for post-mortems.
	if [ $rc -eq 0 ]; then
		rm -rf "$rundir"
	else
		echo "# logs kept in $rundir"
	fi
	exit $rc
fi

if [ ! -f "$FQ_BUILDDIR/driver/.libs/libfedqodbc.so" ]; then
	echo "1..0 # SKIP driver not built"
	exit 0
fi

# Programs that load the driver but are not instrumented need the ASan
# runtime preloaded in a sanitizer build.
if [ -n "${FQ_ASAN_RUNTIME:-}" ] && [ -f "$FQ_ASAN_RUNTIME" ]; then
	export FQ_PRELOAD="$FQ_ASAN_RUNTIME"
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
fi

tests=()
for t in "$srcdir"/tests/it/*.sh; do
	name=$(basename "$t" .sh)
	if [ -n "${FQ_IT_FILTER:-}" ] && ! [[ $name =~ $FQ_IT_FILTER ]]; then
		continue
	fi
	tests+=("$t")
done

echo "1..${#tests[@]}"
n=0 pass=0 fail=0 skip=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=$(basename "$t" .sh)
	export FQ_IT_DIR="$FQ_TEST_DIR/it/$name"
	mkdir -p "$FQ_IT_DIR"
	sed -e "s|^CatalogFile = .*/\(catalog[^/]*\)$|CatalogFile = $FQ_IT_DIR/\1|" \
		"$FQ_TEST_DIR/odbc.ini" > "$FQ_IT_DIR/odbc.ini"
	start=$(date +%s%N)
	(
		export ODBCINI="$FQ_IT_DIR/odbc.ini"
		cd "$FQ_BUILDDIR" && timeout 600 bash "$t"
	) > "$FQ_IT_DIR/log" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
	if [ $rc -eq 0 ]; then
		echo "ok $n - $name (${secs}s)"
		pass=$((pass + 1))
	elif [ $rc -eq 77 ]; then
		echo "ok $n - $name # SKIP $(tail -n 1 "$FQ_IT_DIR/log")"
		skip=$((skip + 1))
	else
		echo "not ok $n - $name (exit $rc, ${secs}s)"
		sed 's/^/# /' "$FQ_IT_DIR/log" | tail -n 250
		fail=$((fail + 1))
	fi
done
echo "# integration: $pass passed, $fail failed, $skip skipped"
[ -n "${FQ_IT_SHOW:-}" ] && cat "$FQ_TEST_DIR"/it/*/log
[ $fail -eq 0 ]
