# SQL logic tests through the engine: every file twice, with pushdown and
# with Pushdown=0 (fedq's own executor does the filtering, sorting and
# aggregation), each with a fresh catalog file.  "compare" queries are
# checked against PostgreSQL running the same query on the remote tables.
# tests/sql/known-failing/ is where wrong answers fedq gives are parked,
# each record marked `knownfail CLASS`, until they are fixed: they are
# listed as skipped here (run them with tests/sqllogic -k), so they stay
# in sight.  None is parked today.  tests/sql/memory-limit/ runs with
# MemoryLimit=8MB: operators that hold their input stop with 53200.
# tests/sql/spill/ runs with MemoryLimit=4MB and ShipToWarehouse=never (so
# that fedq's own operators run the joins), with spilling (the default)
# and, under Pushdown=0, also with Spill=0: sorts, joins and aggregates
# past their share of memory spill to temporary files and give
# PostgreSQL's answers, or without spilling stop with 53200.
# With Pushdown=1 tests/sql/spill/ runs also with ShipToWarehouse=auto: a
# query about to spill before its first row is shipped to the warehouse,
# or, when nothing can ship, starts again and spills (the log says which).
# tests/sql/spill-errors/: spilling with no room (a file size limit) or no
# directory fails with 53100 or 58030, and the connection goes on.
. "$FQ_SRCDIR/tests/harness/itlib.sh"

export FQ_COMPARE_CONNINFO="host=127.0.0.1 port=$FQ_PORT_remote dbname=shop user=fedq password=$FQ_PG_PASSWORD"
status=0
shopt -s nullglob
for pushdown in 1 0; do
	nospill=()
	if [ $pushdown = 0 ]; then
		for f in "$FQ_SRCDIR"/tests/sql/spill/*.test; do nospill+=("$f=nospill"); done
	else
		for f in "$FQ_SRCDIR"/tests/sql/spill/*.test; do nospill+=("$f=auto"); done
	fi
	for f in "$FQ_SRCDIR"/tests/sql/*.test "$FQ_SRCDIR"/tests/sql/known-failing/*.test \
			"$FQ_SRCDIR"/tests/sql/memory-limit/*.test "$FQ_SRCDIR"/tests/sql/spill/*.test \
			"${nospill[@]}" "$FQ_SRCDIR"/tests/sql/spill-errors/*.test; do
		name=$(basename "${f%=*}" .test)
		limit=()
		case $f in
			*/memory-limit/*) name=memory-$name; limit=(-o MemoryLimit=8MB) ;;
			*=nospill)
				f=${f%=nospill}; name=nospill-$name; limit=(-o MemoryLimit=4MB -o Spill=0 -o ShipToWarehouse=never) ;;
			*=auto)
				# ShipToWarehouse=auto: a query about to spill before its first
				# row goes to the warehouse, or starts again and spills
				f=${f%=auto}; name=auto-$name; rm -f "$FQ_IT_DIR/auto.log"
				limit=(-o MemoryLimit=4MB -o LogLevel=2 -o LogFile="$FQ_IT_DIR/auto.log") ;;
			*/spill/*)
				# in a directory of their own, which must stay empty
				name=spill-$name; mkdir -p "$FQ_IT_DIR/spill"
				limit=(-o MemoryLimit=4MB -o SpillDirectory="$FQ_IT_DIR/spill" -o ShipToWarehouse=never) ;;
			*/spill-errors/no-directory.test)
				name=spill-$name
				limit=(-o MemoryLimit=4MB -o SpillDirectory=/nonexistent/fedq-spill -o ShipToWarehouse=never) ;;
			*/spill-errors/*) name=spill-$name; limit=(-o MemoryLimit=4MB -o ShipToWarehouse=never) ;;
		esac
		# a full disk: files may not grow past 512 kB (SIGXFSZ ignored, so
		# a write fails with EFBIG instead of killing the process)
		fsize=unlimited
		case $f in */spill-errors/disk-full.test) fsize=512 ;; esac
		echo "== $name (Pushdown=$pushdown)"
		if ! (trap '' XFSZ; [ $fsize = unlimited ] || ulimit -f $fsize; exec "$FQ_BUILDDIR/tests/sqllogic" \
				-o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" -o Database=warehouse \
				-o UID=fedq -o PWD="$FQ_PG_PASSWORD" "${limit[@]}" \
				-o CatalogFile="$FQ_IT_DIR/$name-$pushdown.json" -o Pushdown=$pushdown \
				-c public=wh -c rds=public -c goodpw=public -c icu=coll -c cw=coll -c icupub=public \
				-c rx=rnd -c ry=rnd -c xs=exact -c exact=whexact "$f"); then
			status=1
		fi
		if [[ $name == auto-* ]] && ! { grep -q "nothing to ship: spilling" "$FQ_IT_DIR/auto.log" &&
				grep -q "MemoryLimit reached before the first row: shipping" "$FQ_IT_DIR/auto.log"; }; then
			echo "FAIL $name: the log does not show both a query shipped and one spilled"
			status=1
		fi
		if [ -d "$FQ_IT_DIR/spill" ] && [ -n "$(ls -A "$FQ_IT_DIR/spill")" ]; then
			echo "FAIL $name: temporary files left in SpillDirectory: $(ls -A "$FQ_IT_DIR/spill")"
			status=1
		fi
	done
done
exit $status
