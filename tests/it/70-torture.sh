# Allocation-failure torture (tests/torture.c): a federated join, the
# catalog listings, CREATE EXTERNAL SCHEMA and EXPLAIN, fedq's own operators
# (spilling ones under a 1MB MemoryLimit among them), each run with its
# Nth allocation failing: 53200 (or the same result), the session still
# usable, no leak (LeakSanitizer in a sanitizer build; FQ_VALGRIND=1 runs
# it under valgrind).  make check tries a sample of N; FQ_TORTURE=all
# tries every N (long: tens of minutes).
. "$FQ_SRCDIR/tests/harness/itlib.sh"

# Every heap allocation of the engine goes through core/alloc.h, or the
# torture cannot reach it.
bare=$(grep -rnE '(^|[^_[:alnum:]])(malloc|calloc|realloc|strdup|strndup|asprintf)\(' \
	"$FQ_SRCDIR/engine" --include='*.c' | grep -v '/engine/core/alloc.h' || true)
[ -z "$bare" ] || fail "allocations that bypass core/alloc.h: $bare"

mode=(-s 20)
[ "${FQ_TORTURE:-}" = all ] && mode=(-a)
run=()
if [ -n "${FQ_VALGRIND:-}" ]; then
	run=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
		--show-leak-kinds=definite)
fi
"${run[@]}" "$FQ_BUILDDIR/tests/torture" -o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" \
	-o Database=warehouse -o UID=fedq -o PWD="$FQ_PG_PASSWORD" \
	-o CatalogFile="$FQ_IT_DIR/catalog.json" -o MetadataCacheSeconds=0 "${mode[@]}" \
	${FQ_TORTURE_SCENARIOS:-}
# The connect scenario again with the metadata cache on (the default): a
# new session's first statement looks its tables up all at once
# (fq_session_prefetch_tables), which MetadataCacheSeconds=0 above skips.
case " ${FQ_TORTURE_SCENARIOS:-connect} " in
*" connect "*)
	"${run[@]}" "$FQ_BUILDDIR/tests/torture" -o Server=127.0.0.1 -o Port="$FQ_PORT_warehouse" \
		-o Database=warehouse -o UID=fedq -o PWD="$FQ_PG_PASSWORD" \
		-o CatalogFile="$FQ_IT_DIR/catalog-cached.json" "${mode[@]}" connect
	;;
esac
