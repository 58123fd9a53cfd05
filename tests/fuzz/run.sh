#!/usr/bin/env bash
# run.sh — builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each one.
#
#   tests/fuzz/run.sh [SECONDS]     fuzz each target that long (default:
#                                   a fixed, seeded number of runs, as
#                                   `make check` does, so the result is
#                                   the same every time)
#
# Targets: fuzz_parser (lexer and parser on any bytes), fuzz_textio (text
# input of every type, with the print/parse round trip), fuzz_connstr
# (connection strings, with the write/parse round trip), fuzz_escapes
# (ODBC escape translation), fuzz_planner (parse, bind, plan, pushdown and
# deparse over a fixture catalog, with the deparse round trip; the whole
# engine, built once with the fuzzer's instrumentation).  Seeds: every
# statement of tests/sql/*.test and bench/tpch/*.sql, and typical values.
# A crash leaves its input in $FQ_FUZZ_DIR (default a temp dir) and fails.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FQ_BUILDDIR:-$src}
secs=${1:-}
dir=${FQ_FUZZ_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fedq-fuzz.XXXXXX")}
cc=${FQ_FUZZ_CC:-clang}

command -v "$cc" >/dev/null || { echo "run.sh: $cc not found (Debian: clang, libclang-rt-14-dev)" >&2; exit 1; }
[ -f "$build/config.h" ] || { echo "run.sh: configure first ($build/config.h is missing)" >&2; exit 1; }

flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-I"$src/engine" -I"$src" -I"$build" -include "$build/config.h" -D_GNU_SOURCE)
core=("$src"/engine/core/{arena,diag,strbuf,list,fault,stack}.c)

mkdir -p "$dir"
echo "== building in $dir"
"$cc" "${flags[@]}" "$src/tests/fuzz/fuzz_parser.c" "$src"/engine/sql/{lexer,parser,ast}.c \
	"${core[@]}" -o "$dir/fuzz_parser"
"$cc" "${flags[@]}" "$src/tests/fuzz/fuzz_textio.c" "$src"/engine/types/*.c \
	"$src/engine/exec/value.c" "${core[@]}" -lm -o "$dir/fuzz_textio"
"$cc" "${flags[@]}" "$src/tests/fuzz/fuzz_connstr.c" "$src/driver/connstr.c" \
	"$src/driver/strings.c" -o "$dir/fuzz_connstr"
"$cc" "${flags[@]}" "$src/tests/fuzz/fuzz_escapes.c" "$src/driver/escape.c" \
	"$src/engine/func/odbc.c" "$src/driver/strings.c" -o "$dir/fuzz_escapes"
# The planner target needs the whole engine and its libraries; its objects
# are compiled two at a time, instrumented for coverage but not linked
# with the fuzzer's main.
mkdir -p "$dir/obj"
libcflags=$(pkg-config --cflags libpq libcjson libcurl libcrypto)
objflags=("${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}")
running=0
built=0
for f in $(find "$src/engine" -name '*.c' | sort); do
	o=${f#"$src/engine/"}
	o="$dir/obj/${o//\//_}"
	# shellcheck disable=SC2086
	"$cc" "${objflags[@]}" $libcflags -c "$f" -o "${o%.c}.o" &
	running=$((running + 1))
	if [ $running -ge 2 ]; then
		wait -n || built=1
		running=$((running - 1))
	fi
done
while [ $running -gt 0 ]; do
	wait -n || built=1
	running=$((running - 1))
done
[ $built -eq 0 ] || { echo "run.sh: compiling the engine for fuzz_planner failed" >&2; exit 1; }
# shellcheck disable=SC2086
"$cc" "${flags[@]}" $libcflags "$src/tests/fuzz/fuzz_planner.c" "$dir"/obj/*.o \
	$(pkg-config --libs libpq libcjson libcurl libcrypto) -lm -lpthread -o "$dir/fuzz_planner"

# Seed corpora.
mkdir -p "$dir/parser" "$dir/textio" "$dir/connstr" "$dir/escapes" "$dir/planner"
n=0
for f in "$src"/tests/sql/*.test "$src"/tests/aws/*.test; do
	# the text between a directive line and "----" or a blank line
	awk -v dir="$dir/parser" -v base="$(basename "$f")" '
		/^(statement|query)/ { sql = ""; inrec = 1; next }
		/^----$/ || /^$/ { if (inrec && sql != "") { n++; print sql > (dir "/" base "." n); close(dir "/" base "." n) } inrec = 0; sql = ""; next }
		inrec && !/^#/ { sql = sql (sql == "" ? "" : "\n") $0 }
		END { if (inrec && sql != "") print sql > (dir "/" base ".last") }' "$f"
done
cp "$src"/bench/tpch/q*.sql "$dir/parser/"
i=0
for t in $(seq 0 15); do
	for v in 1 -32768 9223372036854775807 123.456 1e308 NaN Infinity 2024-02-29 '0001-01-01 BC' \
		'13:45:30.123456' '2024-02-29 13:45:30.5' '2024-02-29 13:45:30+05:30' \
		'1 year 2 mons 3 days 04:05:06' '-1 days' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 \
		'\x00ff10' true infinity; do
		printf "\\x$(printf %02x "$t")%s" "$v" > "$dir/textio/$i"
		i=$((i + 1))
	done
done
printf 'DRIVER=fedq;Server=127.0.0.1;Port=5432;UID=a;PWD={p;w}}d}' > "$dir/connstr/a"
printf 'DSN=fedq;CatalogFile=/tmp/c.json;LogLevel=3' > "$dir/connstr/b"
cp "$dir"/parser/* "$dir/escapes/"
# The planner's fixture has external schemas rds and rds2 (one source) and
# far (another): the SQL tests' statements, and joins across them.
cp "$dir"/parser/* "$dir/planner/"
printf 'SELECT r.r_name, count(*), sum(o.o_total) FROM rds.orders o JOIN rds2.customers c ON c.c_id = o.o_custkey JOIN far.regions r ON r.r_code = c.c_region WHERE o.o_orderdate >= DATE %s GROUP BY r.r_name ORDER BY 1' "'2024-06-01'" > "$dir/planner/x1"
printf 'EXPLAIN SELECT c_region, (SELECT max(s_amount) FROM far.sales), count(DISTINCT o_status) FROM rds.orders JOIN rds.customers ON c_id = o_custkey WHERE o_id IN (SELECT t_id FROM rds.tags WHERE t_label LIKE %s) GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 3' "'a%%'" > "$dir/planner/x2"
printf 'SELECT * FROM rds.alltypes a LEFT JOIN far.sales s ON s.s_id = a.c_int8 WHERE a.c_ts < now() OR a.c_uuid IS NULL UNION ALL SELECT * FROM rds.alltypes a LEFT JOIN far.sales s ON s.s_id = a.id' > "$dir/planner/x3"
printf 'SELECT o_custkey, row_number() OVER (PARTITION BY o_status ORDER BY o_total), lag(o_total) OVER w FROM rds.orders WINDOW w AS (ORDER BY o_id) EXCEPT SELECT s_id::int, 1, 2 FROM far.sales' > "$dir/planner/x4"
printf "SELECT {fn UCASE({fn LTRIM(x)})}, {d '2024-01-01'}, {ts '2024-01-01 00:00:00'} FROM {oj a LEFT OUTER JOIN b ON a.x = b.y} WHERE x LIKE 'a\\_' {escape '\\'}" > "$dir/escapes/a"
printf "SELECT {fn CONVERT(x, SQL_BIGINT)}, {fn SUBSTRING(s, 1, 2)}, '{', \"{\", \$q\${\$q\$ -- {\n" > "$dir/escapes/b"

status=0
for t in parser textio connstr escapes planner; do
	if [ -n "$secs" ]; then
		limit=(-max_total_time="$secs")
	else
		limit=(-runs=100000 -seed=1)
	fi
	echo "== fuzz_$t ${limit[*]}"
	if ! (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 "./fuzz_$t" "${limit[@]}" -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 "$dir/$t" > "$dir/$t.log" 2>&1); then
		echo "FAIL fuzz_$t: see $dir/$t.log and the crash-* file in $dir"
		tail -n 30 "$dir/$t.log"
		status=1
	else
		grep -E "^stat::number_of_executed_units" "$dir/$t.log" || true
	fi
done
[ $status -eq 0 ] && [ -z "${FQ_FUZZ_DIR:-}" ] && rm -rf "$dir"
exit $status
