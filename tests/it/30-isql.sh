#!/usr/bin/env bash
# 30-isql.sh — unixODBC's isql through the driver, compared byte for byte.
#
# Each tests/isql/NAME.sql is fed to `isql -v -b DSN` (DSN fedq_nowh for
# names ending in -nowh, fedq otherwise), in name order and all against the
# same catalog store, so a later file sees the external schemas an earlier
# one created (a new isql process is a new connection).  @REMOTE_PORT@ in a
# file stands for the remote server's port; the same placeholder replaces
# the port in the output.  Standard output must equal NAME.expected; standard
# error must equal NAME.stderr when that file exists, and be empty otherwise.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

command -v isql >/dev/null || { echo "isql not installed"; exit 77; }

failed=0
for sql in "$FQ_SRCDIR"/tests/isql/*.sql; do
	name=$(basename "$sql" .sql)
	bad=0
	dsn=fedq
	case $name in *-nowh) dsn=fedq_nowh ;; esac
	sed -e "s/@REMOTE_PORT@/$FQ_PORT_remote/g" "$sql" > "$FQ_IT_DIR/$name.in"
	with_driver isql -v -b "$dsn" < "$FQ_IT_DIR/$name.in" \
		> "$FQ_IT_DIR/$name.raw" 2> "$FQ_IT_DIR/$name.err" || true
	sed -e "s/$FQ_PORT_remote/@REMOTE_PORT@/g" "$FQ_IT_DIR/$name.raw" > "$FQ_IT_DIR/$name.out"
	if ! diff -u "$FQ_SRCDIR/tests/isql/$name.expected" "$FQ_IT_DIR/$name.out"; then
		echo "FAIL: $name: output differs"
		bad=1
	fi
	if [ -f "$FQ_SRCDIR/tests/isql/$name.stderr" ]; then
		if ! diff -u "$FQ_SRCDIR/tests/isql/$name.stderr" "$FQ_IT_DIR/$name.err"; then
			echo "FAIL: $name: standard error differs"
			bad=1
		fi
	elif [ -s "$FQ_IT_DIR/$name.err" ]; then
		echo "FAIL: $name: unexpected standard error:"
		cat "$FQ_IT_DIR/$name.err"
		bad=1
	fi
	if [ $bad -eq 0 ]; then
		echo "ok - $name"
	else
		failed=1
	fi
done
exit $failed
