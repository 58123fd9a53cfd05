#!/usr/bin/env bash
# recursion.sh — no recursion in the engine is left without a stack-depth
# check (core/stack.h): builds each engine source's call graph with GCC's
# -fcallgraph-info and looks for cycles that do not pass through a check
# (tests/tools/recursion_audit.py).  Output is TAP; skipped without a GCC
# that has -fcallgraph-info (GCC 10 or later) or python3.
set -uo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FQ_BUILDDIR:-$(pwd)}
cc=${FQ_AUDIT_CC:-gcc}

command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is missing"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/fedq-recursion.XXXXXX")
trap 'rm -rf "$dir"' EXIT
if ! echo 'int main(void) { return 0; }' |
		"$cc" -x c -fcallgraph-info -c -o "$dir/probe.o" - 2>/dev/null; then
	echo "1..0 # SKIP $cc has no -fcallgraph-info"
	exit 0
fi
flags=(-O0 -fcallgraph-info -D_GNU_SOURCE -I"$src/engine" -I"$src" -I"$build")
[ -f "$build/config.h" ] && flags+=(-include "$build/config.h")
for f in $(pkg-config --cflags-only-I libpq libcjson 2>/dev/null) -I/usr/include/postgresql \
		-I/usr/include/cjson; do
	flags+=("$f")
done
echo "1..1"
n=0
for f in $(cd "$src" && find engine -name '*.c' | sort); do
	n=$((n + 1))
	# Relative names: the graphs name static functions by file.
	if ! (cd "$src" && "$cc" "${flags[@]}" -c "$f" -o "$dir/$n.o" -fcallgraph-info 2>"$dir/err"); then
		sed 's/^/# /' "$dir/err"
		echo "not ok 1 - recursion audit: cannot compile $f"
		exit 1
	fi
done
if out=$(cd "$dir" && python3 "$src/tests/tools/recursion_audit.py" .); then
	echo "$out" | sed 's/^/# /'
	echo "ok 1 - every recursion in engine/ checks the stack depth"
else
	echo "$out" | sed 's/^/# /'
	echo "not ok 1 - recursion without a stack-depth check"
	exit 1
fi
