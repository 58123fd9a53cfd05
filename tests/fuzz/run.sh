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
# (ODBC escape translation).  Seeds: every
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

# Seed corpora.
mkdir -p "$dir/parser" "$dir/textio" "$dir/connstr" "$dir/escapes"
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
printf "SELECT {fn UCASE({fn LTRIM(x)})}, {d '2024-01-01'}, {ts '2024-01-01 00:00:00'} FROM {oj a LEFT OUTER JOIN b ON a.x = b.y} WHERE x LIKE 'a\\_' {escape '\\'}" > "$dir/escapes/a"
printf "SELECT {fn CONVERT(x, SQL_BIGINT)}, {fn SUBSTRING(s, 1, 2)}, '{', \"{\", \$q\${\$q\$ -- {\n" > "$dir/escapes/b"

status=0
for t in parser textio connstr escapes; do
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
