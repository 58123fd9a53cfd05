# NUMERIC arithmetic and math functions (engine/types/numeric.c) against
# PostgreSQL: random values of every size, scale and kind through each
# operation fedq computes itself (+ - * / %, round, casts, sum/avg, sqrt,
# exp, ln, log, power, div, gcd, lcm, factorial, min_scale, trim_scale);
# every result must be PostgreSQL's text, or its SQLSTATE.
# Another seed: FQ_NUMDIFF_SEED=7 FQ_NUMDIFF_CASES=200000.
. "$FQ_SRCDIR/tests/harness/itlib.sh"

seed=${FQ_NUMDIFF_SEED:-1}
cases=${FQ_NUMDIFF_CASES:-20000}
"$FQ_BUILDDIR/tests/numdiff" -s "$seed" -n "$cases" \
	"host=127.0.0.1 port=$FQ_PORT_remote dbname=shop user=fedq password=$FQ_PG_PASSWORD"
