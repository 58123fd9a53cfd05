/*
 * aggacc.h — one aggregate's running state, for every aggregate fedq has,
 * as PostgreSQL 15 computes it.
 *
 * Aggregate (agg.c) keeps one accumulator per group and aggregate; Window
 * (window.c) one per window aggregate, fed the rows of each frame in frame
 * order.  Results have PostgreSQL's types (the binder's, fq_aggacc_fn.result)
 * and values: sum of smallint/integer is bigint, of bigint and NUMERIC
 * NUMERIC at the largest scale summed, avg of exact numbers NUMERIC by
 * numeric division, float sums in the argument's precision and float avg
 * through float8_accum, each failing where PostgreSQL fails; the variance
 * and standard deviation of exact numbers from exact NUMERIC sums of the
 * values and their squares with numeric_stddev_internal's scales, of
 * floats by float8_accum (Youngs-Cramer), the regression aggregates by
 * float8_regr_accum; string_agg; bit_and/bit_or/bit_xor; the ordered-set
 * aggregates (percentile_cont, percentile_disc, mode) over their sorted
 * values.
 *
 * Ordered input: an aggregate called with ORDER BY (string_agg(x, ','
 * ORDER BY y)), an ordered-set aggregate, or a DISTINCT aggregate whose
 * result depends on the order it takes values in (string_agg, float sums
 * and statistics) keeps its rows -- arguments, then sort keys -- and
 * sorts them when the group is finished, as PostgreSQL's Agg sorts each
 * such aggregate's input; DISTINCT then drops rows equal to the one
 * before.  Peers (rows equal on every key) keep the order they came in.
 * Where the caller lets it spill (fq_aggacc_fn.spill_node), a group's
 * rows past an eighth of the operator's share of MemoryLimit (or past a
 * sixty-fourth while the operator's store is past its share) go to a
 * temporary file instead, in the order they came, with every later row of
 * the group; finishing the group sorts the file's rows (sorter.h, which
 * spills too) and aggregates them as they come out.
 *
 * An all-zero fq_aggacc is an empty one (count 0, no value), so arrays of
 * them can come from a zeroing allocation.  Removing values again (moving
 * frames) is possible only where the result does not depend on the order
 * values arrived in: counts, integer and NUMERIC sums, averages and
 * variances, bool_and/bool_or (fq_aggacc_invertible), as PostgreSQL's
 * inverse transition functions do; the others start again from the
 * frame's head, as PostgreSQL's do.
 */
#ifndef FQ_AGGACC_H
#define FQ_AGGACC_H

#include "exec/exec.h"
#include "exec/sorter.h"
#include "exec/spill.h"
#include "plan/expr.h"

/* A group's ordered input in a file (the caller closes them all after
 * the query or its groups are done: fq_aggacc_close_spills). */
typedef struct fq_aggacc_spill
{
	fq_spill_file *f;             /* NULL once the group is finished */
	struct fq_aggacc_spill *next;
} fq_aggacc_spill;
#include "types/numeric.h"

/* What an aggregate computes. */
typedef struct fq_aggacc_fn
{
	fq_agg_kind kind;
	fq_type arg;    /* the argument's type; unused for count(*) */
	fq_type result; /* the call's type, as the binder gave it */
	fq_type arg2;   /* the second argument's (corr's X, string_agg's delimiter) */
	int nargs;      /* aggregated arguments: 0 (count(*)), 1 or 2 */
	int ninputs;    /* the arguments and the ORDER BY keys (fq_aggacc_ninputs) */
	bool combine;   /* a final step over partial results (fq_agg_expr.combine) */
	/*
	 * Ordered input: rows of ncols columns (the arguments, then the ORDER
	 * BY keys) are kept and sorted on sort[] when the group is
	 * finished.  col_off/null_off/row_width lay a kept row out.
	 */
	bool sorted;
	bool distinct;  /* sorted: rows equal in every argument count once */
	int ncols;
	const fq_type *col_types;
	const uint32_t *col_off;
	uint32_t null_off;
	uint32_t row_width;
	int nsort;
	const fq_sort_col *sort; /* as the sorter takes them (sorter.h) */
	/* ordered input may go to files for spill_node (NULL: never), each
	 * listed in *spills */
	fq_exec_node *spill_node;
	fq_aggacc_spill **spills;
	/* percentile_cont/percentile_disc: the fraction (a constant) */
	bool fraction_null;
	double fraction;
} fq_aggacc_fn;

/* The extra state of a variance of exact numbers: sums of x and x². */
typedef struct fq_aggacc_var
{
	fq_num_sum sx;
	fq_num_sum sxx;
} fq_aggacc_var;

typedef struct fq_aggacc
{
	int64_t count;  /* values accumulated (count(*): rows; sorted: rows kept) */
	int64_t ntrue;  /* bool_and/bool_or: how many of them were true */
	union
	{
		fq_int128 i;      /* sum/avg of integers; bit_and/bit_or/bit_xor */
		double f;         /* sum of floats */
		struct
		{
			double sx;
			double sxx;
		} fa;             /* avg and variance of floats: float8_accum's */
		struct
		{
			double sx;
			double sxx;
			double sy;
			double syy;
			double sxy;
		} rg;             /* (Y, X) aggregates: float8_regr_accum's; N is count */
		fq_num_sum num;   /* sum/avg of NUMERIC */
		fq_aggacc_var *var; /* variance of exact numbers (in the store) */
		fq_interval iv;   /* sum of intervals */
		struct
		{
			char *buf;
			uint32_t len;
			uint32_t cap;
		} str;            /* string_agg */
		struct
		{
			uint8_t *data;
			uint32_t n;
			uint32_t cap;
			uint64_t bytes;         /* kept, with their strings */
			fq_aggacc_spill *spill; /* past its share: every row is here */
		} rows;           /* ordered input: the rows kept */
		uint8_t slot[FQ_SLOT_MAX]; /* min/max: the value so far */
	} v;
} fq_aggacc;

/*
 * Sets fn up for an aggregate call: its kind, types, ordered input (the
 * layout of its rows in `a`) and, for percentile_cont/percentile_disc,
 * the fraction (a constant, evaluated here; PostgreSQL checks its range
 * when a group is finished).  0A000 for what fedq's executor cannot
 * compute (avg of an interval).
 */
int fq_aggacc_fn_init(fq_exec_ctx *ctx, fq_aggacc_fn *fn, const fq_agg_expr *g, fq_arena *a);

/* The same for a window aggregate: no ORDER BY, no DISTINCT, no fraction. */
int fq_aggacc_fn_window(fq_exec_ctx *ctx, fq_aggacc_fn *fn, fq_agg_kind kind,
						const fq_type *result, const fq_type *args, int nargs);

/*
 * How many input vectors fq_aggacc_add takes: the arguments, then the
 * ORDER BY keys (the caller evaluates g->arg, g->arg2, g->order[]).  The
 * keys are computed even where the order changes nothing (count(x ORDER
 * BY y)): PostgreSQL computes them, and fails where they fail.
 */
int fq_aggacc_ninputs(const fq_aggacc_fn *fn);

/*
 * Whether the row at `row` of the inputs is aggregated at all: not when
 * the (first) argument is NULL, nor when the second is for aggregates
 * whose transition is strict (corr); string_agg takes a NULL delimiter.
 */
static inline bool
fq_aggacc_takes(const fq_aggacc_fn *fn, const fq_vector *in, uint32_t row)
{
	if (fn->nargs == 0)
		return true;
	if (in[0].nulls != NULL && in[0].nulls[row])
		return false;
	/* every two-argument transition but string_agg's is strict */
	return fn->nargs < 2 || fn->kind == FQ_AGG_STRING_AGG || in[1].nulls == NULL ||
		!in[1].nulls[row];
}

/* Empties acc, keeping the buffers it grew. */
void fq_aggacc_reset(const fq_aggacc_fn *fn, fq_aggacc *acc);

/*
 * Adds the row at `row` of the inputs (fq_aggacc_ninputs vectors; NULL
 * for count(*)), a row fq_aggacc_takes.  `store` holds memory the state
 * keeps (a big NUMERIC sum's digits, string_agg's text, ordered input's
 * rows), `scratch` intermediate results and may be reset between calls.
 * min/max keep the value itself: its string bytes or digits are copied
 * into `keep`, or shared with the input when `keep` is NULL (the caller
 * keeps the input alive as long as the accumulator).  Raises overflow
 * errors as PostgreSQL does.
 */
int fq_aggacc_add(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc,
				  const fq_vector *in, uint32_t row, fq_arena *store, fq_arena *scratch,
				  fq_arena *keep);

/* True if fq_aggacc_remove can take a value out again. */
bool fq_aggacc_invertible(const fq_aggacc_fn *fn);

/*
 * Takes out a row fq_aggacc_add put in (invertible aggregates only).
 * False when the state cannot do without it (a NUMERIC sum losing the
 * last value at its scale, see fq_num_sum_remove): the caller empties acc
 * and adds the remaining values again.
 */
bool fq_aggacc_remove(const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in, uint32_t row,
					  fq_arena *store, fq_arena *scratch);

/* Closes the files of every group's spilled ordered input and empties
 * the list. */
void fq_aggacc_close_spills(fq_aggacc_spill **list);

/*
 * Writes the aggregate's value into out's `row` (0 for counts of no
 * values, NULL for the others), with out's NULL flags (cap rows) and any
 * memory it needs from `a`; ordered input is sorted and aggregated here.
 * acc is left as it was (a window finishes its growing frame often).
 */
int fq_aggacc_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc,
					 fq_vector *out, uint32_t row, uint32_t cap, fq_arena *a);

#endif
