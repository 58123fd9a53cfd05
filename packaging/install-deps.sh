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
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
# Debian starts a cluster of its own when it installs postgresql; fedq's
# tests start their own servers and do not need it.
if command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q online; then
	pg_lsclusters -h | awk '$4 == "online" {print $1, $2}' | while read -r v c; do
		pg_ctlcluster "$v" "$c" stop || true
	done
fi
