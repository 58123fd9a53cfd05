/*
 * aggacc.h — one aggregate's running state: count, sum, avg, min, max,
 * bool_and and bool_or as PostgreSQL 15 computes them.
 *
 * Aggregate (agg.c) keeps one accumulator per group and aggregate; Window
 * (window.c) one per window aggregate, fed the rows of each frame in frame
 * order.  Results have PostgreSQL's types (the binder's, fq_aggacc_fn.result)
 * and values: sum of smallint/integer is bigint, of bigint and NUMERIC
 * NUMERIC at the largest scale summed, avg of exact numbers NUMERIC by
 * numeric division, float sums in the argument's precision and float avg
 * through float8_accum, each failing where PostgreSQL fails.
 *
 * An all-zero fq_aggacc is an empty one (count 0, no value), so arrays of
 * them can come from a zeroing allocation.  Removing values again (moving
 * frames) is possible only where the result does not depend on the order
 * values arrived in: counts, integer and NUMERIC sums and averages,
 * bool_and/bool_or (fq_aggacc_invertible), as PostgreSQL's inverse
 * transition functions do; float sums and min/max start again from the
 * frame's head, as PostgreSQL's do.
 */
#ifndef FQ_AGGACC_H
#define FQ_AGGACC_H

#include "exec/exec.h"
#include "plan/expr.h"
#include "types/numeric.h"

/* What an aggregate computes. */
typedef struct fq_aggacc_fn
{
	fq_agg_kind kind;
	fq_type arg;    /* the argument's type; unused for count(*) */
	fq_type result; /* the call's type, as the binder gave it */
} fq_aggacc_fn;

typedef struct fq_aggacc
{
	int64_t count;  /* values accumulated (count(*): rows) */
	int64_t ntrue;  /* bool_and/bool_or: how many of them were true */
	union
	{
		fq_int128 i;      /* sum/avg of integers */
		double f;         /* sum of floats */
		struct
		{
			double sx;
			double sxx;
		} fa;             /* avg of floats: PostgreSQL's float8_accum */
		fq_num_sum num;   /* sum/avg of NUMERIC */
		fq_interval iv;   /* sum of intervals */
		uint8_t slot[FQ_SLOT_MAX]; /* min/max: the value so far */
	} v;
} fq_aggacc;

/* 0A000 for the aggregates fedq's executor cannot compute (avg of an
 * interval), FQ_OK for the others. */
int fq_aggacc_check(const fq_aggacc_fn *fn, fq_diags *d);

/* Empties acc, keeping the buffer a big NUMERIC sum grew. */
void fq_aggacc_reset(const fq_aggacc_fn *fn, fq_aggacc *acc);

/*
 * Adds the value at arg's `row` (non-NULL; arg is NULL for count(*)).
 * `store` holds memory the state keeps (a big NUMERIC sum's digits),
 * `scratch` intermediate results and may be reset between calls.  min/max
 * keep the value itself: its string bytes or digits are copied into
 * `keep`, or shared with arg when `keep` is NULL (the caller keeps the
 * input alive as long as the accumulator).  Raises overflow errors as
 * PostgreSQL does.
 */
int fq_aggacc_add(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc,
				  const fq_vector *arg, uint32_t row, fq_arena *store, fq_arena *scratch,
				  fq_arena *keep);

/* True if fq_aggacc_remove can take a value out again. */
bool fq_aggacc_invertible(const fq_aggacc_fn *fn);

/*
 * Takes out a value fq_aggacc_add put in (invertible aggregates only).
 * False when the state cannot do without it (a NUMERIC sum losing the
 * last value at its scale, see fq_num_sum_remove): the caller empties acc
 * and adds the remaining values again.
 */
bool fq_aggacc_remove(const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *arg, uint32_t row,
					  fq_arena *store, fq_arena *scratch);

/*
 * Writes the aggregate's value into out's `row` (count 0 for no values,
 * NULL for the others), with out's NULL flags (cap rows) and any digits
 * it needs from `a`.
 */
int fq_aggacc_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc,
					 fq_vector *out, uint32_t row, uint32_t cap, fq_arena *a);

#endif
