#!/usr/bin/env bash
# check.sh — the README's test command: installs what fedq needs (Debian
# 12), builds it with warnings as errors, and runs every test (`make
# check`: unit suites, SQL logic tests and ODBC client tests against real
# PostgreSQL servers this run starts and stops).  Run as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${FQ_SKIP_DEPS:-}" != 1 ]; then
	bash packaging/install-deps.sh
fi
# The test servers run as the system user fedqtest when started by root;
# one this run creates goes again at the end.
had_user=1
id fedqtest >/dev/null 2>&1 || had_user=0
cleanup() {
	if [ "$had_user" = 0 ] && id fedqtest >/dev/null 2>&1; then
		userdel fedqtest || true
	fi
}
trap cleanup EXIT
./autogen.sh
./configure --enable-werror
make -j"$(nproc)"
set +e
make check
status=$?
set -e
if [ $status -ne 0 ]; then
	# The logs of what failed, then the summary once more, last.
	cat test-suite.log
	echo "== summary"
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' test-suite.log
fi
exit $status
