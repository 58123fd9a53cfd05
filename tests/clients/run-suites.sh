#!/usr/bin/env bash
# run-suites.sh — real ODBC clients' own test suites against fedq and against
# psqlODBC (Debian's odbc-postgresql, its Unicode driver), on the same test
# warehouse (tests/harness/servers.sh).  Not part of `make check`: it needs
# the suites' sources, which come from outside the repository.
#
#   tests/clients/run-suites.sh SRVDIR WORKDIR [SUITE...]
#
# SRVDIR is a running harness (servers.sh start SRVDIR); WORKDIR receives the
# suites' sources, an ODBC configuration with both drivers, and one log per
# suite and driver (WORKDIR/SUITE-DRIVER.log); a summary table goes to stdout.
# SUITE: pyodbc5 pyodbc4 dbdodbc node (default: all).
#
# Sources:
#   pyodbc5   tests/postgresql_test.py of pyodbc 5.0.0a1 (the first version
#             reading PYODBC_POSTGRESQL), run with pytest and the installed
#             pyodbc; from a git clone of mkleehammer/pyodbc ($PYODBC_GIT)
#   pyodbc4   tests3/pgtests.py of pyodbc 4.0.34 (Debian 12's python3-pyodbc),
#             same clone
#   dbdodbc   t/*.t of DBD::ODBC 1.61 (Debian's libdbd-odbc-perl), from a git
#             clone of perl5-dbi/DBD-ODBC ($DBDODBC_GIT), run with prove
#   node      node-odbc 2.4.9's mocha suite, from a git clone of IBM/node-odbc
#             ($NODE_ODBC_GIT, tag v2.4.9: the npm package has no tests),
#             built and given its test tools by npm install (the npm
#             registry); it ships no PostgreSQL configuration, so the
#             result-set descriptions its catalog tests compare with are each
#             driver's own (as for its other DBMSs, they are per driver);
#             run NODE_RUNS times (default 3) to see crashes
set -uo pipefail

srv=${1:?usage: run-suites.sh SRVDIR WORKDIR [SUITE...]}
work=${2:?usage: run-suites.sh SRVDIR WORKDIR [SUITE...]}
shift 2
suites=${*:-pyodbc5 pyodbc4 dbdodbc node}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYODBC_GIT=${PYODBC_GIT:-/work/.mirror/mkleehammer+pyodbc/repo}
DBDODBC_GIT=${DBDODBC_GIT:-/work/.mirror/perl5-dbi+DBD-ODBC/repo}
DBDODBC_COMMIT=${DBDODBC_COMMIT:-63710d3}	# "Bump version" to 1.61
NODE_ODBC_GIT=${NODE_ODBC_GIT:-/work/.mirror/IBM+node-odbc/repo}
NODE_RUNS=${NODE_RUNS:-3}
psqlodbc=${PSQLODBC:-/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so}

# shellcheck disable=SC1091
. "$srv/env.sh"
mkdir -p "$work"
work=$(cd "$work" && pwd)

# Both drivers in one configuration: fedq as the harness registered it, and
# psqlODBC with its defaults, on the same warehouse database.
cp "$srv/odbcinst.ini" "$work/odbcinst.ini"
cat >> "$work/odbcinst.ini" <<INI

[psqlodbc]
Description = psqlODBC (Unicode)
Driver = $psqlodbc
Threading = 2
INI
cp "$srv/odbc.ini" "$work/odbc.ini"
cat >> "$work/odbc.ini" <<INI

[psqlodbc]
Driver = psqlodbc
Servername = 127.0.0.1
Port = $FQ_PORT_warehouse
Database = warehouse
Username = $PGUSER
Password = $FQ_PG_PASSWORD
INI
export ODBCSYSINI=$work ODBCINSTINI=odbcinst.ini ODBCINI=$work/odbc.ini

declare -A cs=(
	[fedq]="DSN=fedq"
	[psqlodbc]="DSN=psqlodbc"
)
declare -A result

fetch_sources() {
	case $1 in
	pyodbc5) [ -d "$work/pyodbc5" ] || { mkdir -p "$work/pyodbc5" &&
		git -C "$PYODBC_GIT" archive 5.0.0a1 tests | tar -x -C "$work/pyodbc5"; } ;;
	pyodbc4) [ -d "$work/pyodbc4" ] || { mkdir -p "$work/pyodbc4" &&
		git -C "$PYODBC_GIT" archive 4.0.34 tests3 | tar -x -C "$work/pyodbc4"; } ;;
	dbdodbc) [ -d "$work/dbdodbc" ] || { mkdir -p "$work/dbdodbc" &&
		git -C "$DBDODBC_GIT" archive "$DBDODBC_COMMIT" t | tar -x -C "$work/dbdodbc"; } ;;
	node)
		if [ ! -f "$work/node/lib/bindings/napi-v8/odbc.node" ]; then
			rm -rf "$work/node" && mkdir -p "$work/node" &&
			git -C "$NODE_ODBC_GIT" archive v2.4.9 | tar -x -C "$work/node" &&
			(cd "$work/node" && npm install --no-audit --no-fund > npm-install.log 2>&1) ||
				{ echo "node-odbc install failed (see $work/node/npm-install.log)"; return 1; }
		fi
		mkdir -p "$work/node/test/DBMS/postgresql"
		cp "$here/node-config.js" "$work/node/test/DBMS/postgresql/config.js"
		cp "$here/node-meta.js" "$work/node/meta.js"
		;;
	esac
}

run_one() {
	local suite=$1 drv=$2 log=$work/$1-$2.log
	case $suite in
	pyodbc5)
		(cd "$work/pyodbc5/tests" && PYODBC_POSTGRESQL="${cs[$drv]}" \
			timeout 900 /usr/bin/python3 -m pytest -q -p no:cacheprovider postgresql_test.py) > "$log" 2>&1
		result[$suite,$drv]=$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed|error)' "$log" | tail -1 | tr -d '=' | sed 's/ in [0-9.]*s.*//;s/^ *//')
		;;
	pyodbc4)
		(cd "$work/pyodbc4/tests3" && timeout 900 /usr/bin/python3 pgtests.py "${cs[$drv]}") > "$log" 2>&1
		local ran fl
		ran=$(grep -oE '^Ran [0-9]+' "$log" | grep -oE '[0-9]+')
		fl=$(grep -E '^(OK|FAILED)' "$log" | tail -1)
		local f e
		f=$(echo "$fl" | grep -oE 'failures=[0-9]+' | grep -oE '[0-9]+'); f=${f:-0}
		e=$(echo "$fl" | grep -oE 'errors=[0-9]+' | grep -oE '[0-9]+'); e=${e:-0}
		result[$suite,$drv]="$((ran - f - e)) passed, $f failed, $e errors"
		;;
	dbdodbc)
		(cd "$work/dbdodbc" && DBI_DSN="dbi:ODBC:${cs[$drv]}" DBI_USER=$PGUSER DBI_PASS=$FQ_PG_PASSWORD \
			timeout 900 prove t/ ) > "$log" 2>&1
		local files bad
		files=$(grep -oE '^Files=[0-9]+' "$log" | grep -oE '[0-9]+')
		bad=$(grep -oE '^t/\S+ +\(Wstat' "$log" | awk '{print $1}' | sed 's|^t/||' | tr '\n' ' ')
		local bail=""
		grep -q 'Further testing stopped' "$log" && bail="; BAIL_OUT: $(grep -m1 'Further testing stopped' "$log" | cut -c1-100)"
		result[$suite,$drv]="$((files - $(echo "$bad" | wc -w))) of $files files clean (not: ${bad:-none})$bail"
		;;
	node)
		local i rc
		local crash=0
		local -a pass=()
		(cd "$work/node" && CONNECTION_STRING="${cs[$drv]}" FQ_NODE_META="$work/node/meta-$drv.json" \
			node meta.js "${cs[$drv]}" > "$work/node/meta-$drv.json") 2> "$log.meta" || true
		for i in $(seq 1 "$NODE_RUNS"); do
			(cd "$work/node" && DBMS=postgresql CONNECTION_STRING="${cs[$drv]}" DB_SCHEMA=public \
				DB_TABLE=nodetest FQ_NODE_META="$work/node/meta-$drv.json" \
				timeout 900 npx mocha --slow 5000 --timeout 30000) \
				> "$log.$i" 2>&1
			rc=$?
			if [ "$rc" -ge 128 ]; then crash=$((crash + 1)); fi
			pass+=("$(grep -oE '[0-9]+ passing' "$log.$i" || echo "0 passing") $(grep -oE '[0-9]+ failing' "$log.$i")")
		done
		cp "$log.1" "$log"
		result[$suite,$drv]="$(printf '%s; ' "${pass[@]}")crashed in $crash of $NODE_RUNS runs"
		;;
	esac
}

for s in $suites; do
	fetch_sources "$s" || continue
	for d in fedq psqlodbc; do
		echo "running $s with $d ..." >&2
		run_one "$s" "$d"
	done
done

echo "| suite | fedq | psqlODBC |"
echo "|---|---|---|"
for s in $suites; do
	echo "| $s | ${result[$s,fedq]:-} | ${result[$s,psqlodbc]:-} |"
done
