#!/usr/bin/env bash
# install-deps.sh — the Debian 12 packages fedq needs to build, test and
# run its demo.  Run as root (or with sudo).
set -euo pipefail

packages=(
	# build
	build-essential autoconf automake libtool pkg-config
	unixodbc-dev libpq-dev libcurl4-openssl-dev libssl-dev libcjson-dev check
	# tests and the demo: servers, the driver manager and its tools, clients
	postgresql postgresql-contrib unixodbc odbc-postgresql python3 python3-pyodbc
	libiodbc2
	python3-botocore
	# fuzzing (tests/fuzz): clang with libFuzzer and the sanitizer runtimes
	clang libclang-rt-14-dev
	valgrind
)

if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (sudo bash $0)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The clusters that exist before the install are someone's: never touched.
clusters() {
	if command -v pg_lsclusters >/dev/null; then
		pg_lsclusters -h 2>/dev/null | awk '{print $1 "/" $2}' | sort
	fi
}
before=$(clusters)
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
# Installing Debian's postgresql package creates and starts a cluster of
# its own (main); fedq's tests and demo start their own servers and do
# not need it.  Stop only a cluster this install created, and only if it
# is running; one that was there before stays as it is.
for vc in $(comm -13 <(printf '%s\n' "$before") <(clusters)); do
	v=${vc%%/*} c=${vc#*/}
	if pg_lsclusters -h "$v" "$c" 2>/dev/null | awk '{exit $4 == "online" ? 0 : 1}'; then
		echo "install-deps.sh: stopping PostgreSQL cluster $v/$c, which this install created (pg_ctlcluster $v $c start starts it again)"
		pg_ctlcluster "$v" "$c" stop || true
	fi
done
