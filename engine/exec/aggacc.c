/*
 * aggacc.c — aggregate accumulators (aggacc.h), shared by Aggregate and
 * Window.
 *
 * Each function follows the transition and final functions PostgreSQL
 * uses for the aggregate and argument type (pg_aggregate): int2/int4/int8
 * sums in 128 bits (exact; PostgreSQL's int8 state cannot overflow on
 * fewer than 2^32 rows), NUMERIC through fq_num_sum, floats in their own
 * precision with PostgreSQL's overflow checks, min/max by fedq's ordering
 * of the type with PostgreSQL's choice between equal values.
 */
#include "exec/aggacc.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "types/types.h"

#include <math.h>
#include <string.h>

static int
overflow(fq_exec_ctx *ctx, const fq_aggacc_fn *fn)
{
	return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "%s overflowed its result type",
					fq_agg_name(fn->kind));
}

static bool
is_float(fq_type_id id)
{
	return id == FQ_T_FLOAT4 || id == FQ_T_FLOAT8;
}

/* An integer input. */
static int64_t
int_value(const fq_vector *v, uint32_t row)
{
	switch (v->type.id)
	{
		case FQ_T_INT2: return ((const int16_t *) v->data)[row];
		case FQ_T_INT4: return ((const int32_t *) v->data)[row];
		default: return ((const int64_t *) v->data)[row];
	}
}

static double
float_value(const fq_vector *v, uint32_t row)
{
	return v->type.id == FQ_T_FLOAT4 ? ((const float *) v->data)[row]
									 : ((const double *) v->data)[row];
}

/* Whether two values that compare equal also print alike (then keeping
 * either is the same, and copying the new one can be spared). */
static bool
prints_same(const fq_type *t, const void *a, const void *b)
{
	switch (t->id)
	{
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
		case FQ_T_INTERVAL:
			return memcmp(a, b, fq_type_size(t)) == 0;
		case FQ_T_DECIMAL:
			{
				fq_numeric x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return x.dscale == y.dscale;
			}
		default:
			/* equal text (bytewise), numbers, dates: the same value */
			return true;
	}
}

int
fq_aggacc_check(const fq_aggacc_fn *fn, fq_diags *d)
{
	if (fn->kind == FQ_AGG_AVG && fn->arg.id == FQ_T_INTERVAL)
		return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						"avg(interval) is not supported by fedq's executor yet");
	return FQ_OK;
}

void
fq_aggacc_reset(const fq_aggacc_fn *fn, fq_aggacc *acc)
{
	bool numeric = (fn->kind == FQ_AGG_SUM || fn->kind == FQ_AGG_AVG) &&
		fn->arg.id == FQ_T_DECIMAL;
	uint32_t *buf = numeric ? acc->v.num.buf : NULL;
	uint32_t cap = numeric ? acc->v.num.cap : 0;

	memset(acc, 0, sizeof(*acc));
	if (numeric)
	{
		acc->v.num.buf = buf;
		acc->v.num.cap = cap;
	}
}

/*
 * sum() and avg() of floats as PostgreSQL computes them: sum(real) adds in
 * single precision, sum(double precision) in double, both failing when
 * finite inputs overflow; avg keeps float8_accum's sum and sum of squared
 * deviations (Youngs-Cramer), which overflows earlier than the sum alone
 * and makes PostgreSQL fail, so it fails here too.  acc->count already
 * counts x.
 */
static int
float_accum(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, double x, bool single)
{
	if (fn->kind == FQ_AGG_SUM)
	{
		double prev = acc->v.f;
		double r;

		/* The first value is the sum as it is (-0 stays -0). */
		if (acc->count == 1)
			r = single ? (float) x : x;
		else if (single)
			r = (float) ((float) prev + (float) x);
		else
			r = prev + x;
		if (isinf(r) && !isinf(prev) && !isinf(x))
			return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
							"value out of range: overflow");
		acc->v.f = r;
		return FQ_OK;
	}
	{
		double n0 = (double) (acc->count - 1);
		double n = n0 + 1.0;
		double sx0 = acc->v.fa.sx;
		double sx = sx0 + x;
		double sxx = acc->v.fa.sxx;

		if (n0 > 0.0)
		{
			double tmp = x * n - sx;

			sxx += tmp * tmp / (n * n0);
			if (isinf(sx) || isinf(sxx))
			{
				if (!isinf(sx0) && !isinf(x))
					return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
									"value out of range: overflow");
				sxx = NAN;
			}
		}
		else if (isinf(x) || isnan(x))
			sxx = NAN;
		acc->v.fa.sx = sx;
		acc->v.fa.sxx = sxx;
		return FQ_OK;
	}
}

int
fq_aggacc_add(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *arg,
			  uint32_t row, fq_arena *store, fq_arena *scratch, fq_arena *keep)
{
	switch (fn->kind)
	{
		case FQ_AGG_COUNT_STAR:
		case FQ_AGG_COUNT:
			acc->count++;
			return FQ_OK;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			acc->count++;
			if (is_float(arg->type.id))
				return float_accum(ctx, fn, acc, float_value(arg, row), arg->type.id == FQ_T_FLOAT4);
			if (arg->type.id == FQ_T_DECIMAL)
			{
				fq_numeric x;
				fq_num_status st;

				memcpy(&x, fq_vector_slot(arg, row), sizeof(x));
				st = fq_num_sum_add(&acc->v.num, &x, store, scratch);
				if (st == FQ_NUM_NOMEM)
					return fq_raise_nomem(ctx->d, store);
				if (st != FQ_NUM_OK)
					return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
									"value overflows numeric format");
				return FQ_OK;
			}
			if (arg->type.id == FQ_T_INTERVAL)
			{
				const fq_interval *iv = (const fq_interval *) arg->data + row;

				if (__builtin_add_overflow(acc->v.iv.usecs, iv->usecs, &acc->v.iv.usecs) ||
					__builtin_add_overflow(acc->v.iv.days, iv->days, &acc->v.iv.days) ||
					__builtin_add_overflow(acc->v.iv.months, iv->months, &acc->v.iv.months))
					return fq_raise(ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "interval out of range");
				return FQ_OK;
			}
			if (__builtin_add_overflow(acc->v.i, (fq_int128) int_value(arg, row), &acc->v.i))
				return overflow(ctx, fn);
			return FQ_OK;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			{
				const void *slot = fq_vector_slot(arg, row);

				if (acc->count > 0)
				{
					int c = fq_compare_slots(&arg->type, slot, acc->v.slot);
					bool take = fn->kind == FQ_AGG_MIN ? c < 0 : c > 0;

					/*
					 * Between equal values (-0 and 0, 1.5 and 1.50, '1 day'
					 * and '24 hours') PostgreSQL's smaller/larger functions
					 * return their second argument, the new value, except
					 * bpchar's, which return the first.
					 */
					if (c == 0)
						take = arg->type.id != FQ_T_CHAR && !prints_same(&arg->type, slot, acc->v.slot);
					if (!take)
					{
						acc->count++;
						return FQ_OK;
					}
				}
				memcpy(acc->v.slot, slot, fq_type_size(&arg->type));
				if (keep != NULL && !fq_slot_own(&arg->type, acc->v.slot, keep))
					return fq_raise_nomem(ctx->d, keep);
				acc->count++;
				return FQ_OK;
			}
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			acc->count++;
			if (((const uint8_t *) arg->data)[row] != 0)
				acc->ntrue++;
			return FQ_OK;
	}
	return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized aggregate");
}

bool
fq_aggacc_invertible(const fq_aggacc_fn *fn)
{
	switch (fn->kind)
	{
		case FQ_AGG_COUNT_STAR:
		case FQ_AGG_COUNT:
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			return true;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			/* exact and order-free (intervals could be too, but PostgreSQL's
			 * interval_mi overflows where sums do not: start again) */
			return fq_type_is_integer(fn->arg.id) || fn->arg.id == FQ_T_DECIMAL;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			return false;
	}
	return false;
}

bool
fq_aggacc_remove(const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *arg, uint32_t row,
				 fq_arena *store, fq_arena *scratch)
{
	switch (fn->kind)
	{
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			if (arg->type.id == FQ_T_DECIMAL)
			{
				fq_numeric x;

				memcpy(&x, fq_vector_slot(arg, row), sizeof(x));
				if (!fq_num_sum_remove(&acc->v.num, &x, store, scratch))
					return false;
				break;
			}
			/* the value was added before: no overflow in 128 bits */
			acc->v.i -= (fq_int128) int_value(arg, row);
			break;
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			if (((const uint8_t *) arg->data)[row] != 0)
				acc->ntrue--;
			break;
		default:
			break;
	}
	if (--acc->count == 0)
		fq_aggacc_reset(fn, acc);
	return true;
}

int
fq_aggacc_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_vector *out,
				 uint32_t row, uint32_t cap, fq_arena *a)
{
	const fq_type *t = &fn->result;
	void *slot = fq_vector_slot(out, row);

	if (out->nulls != NULL)
		out->nulls[row] = 0;
	if (fn->kind == FQ_AGG_COUNT || fn->kind == FQ_AGG_COUNT_STAR)
	{
		*(int64_t *) slot = acc->count;
		return FQ_OK;
	}
	if (acc->count == 0)
		return fq_vector_set_null(out, a, cap, row) < 0 ? fq_raise_nomem(ctx->d, a) : FQ_OK;
	switch (fn->kind)
	{
		case FQ_AGG_SUM:
			switch (t->id)
			{
				case FQ_T_INT8:
					if (acc->v.i > INT64_MAX || acc->v.i < INT64_MIN)
						return overflow(ctx, fn);
					*(int64_t *) slot = (int64_t) acc->v.i;
					return FQ_OK;
				case FQ_T_DECIMAL:
					/* sum(bigint) is NUMERIC too */
					if (fn->arg.id == FQ_T_DECIMAL)
						fq_num_sum_result(&acc->v.num, (fq_numeric *) slot);
					else
						fq_num_from_int128(acc->v.i, 0, (fq_numeric *) slot);
					/* the sum's digits live in its buffer: the value needs
					 * its own, as the accumulator goes on */
					if (!fq_slot_own(t, slot, a))
						return fq_raise_nomem(ctx->d, a);
					return FQ_OK;
				case FQ_T_FLOAT4:
					*(float *) slot = (float) acc->v.f;
					return FQ_OK;
				case FQ_T_FLOAT8:
					*(double *) slot = acc->v.f;
					return FQ_OK;
				case FQ_T_INTERVAL:
					*(fq_interval *) slot = acc->v.iv;
					return FQ_OK;
				default:
					break;
			}
			break;
		case FQ_AGG_AVG:
			if (t->id == FQ_T_FLOAT8)
			{
				*(double *) slot = acc->v.fa.sx / (double) acc->count;
				return FQ_OK;
			}
			if (t->id == FQ_T_DECIMAL)
			{
				/* sum / count as numeric division: PostgreSQL's scale */
				fq_numeric sum;
				fq_numeric cnt;
				fq_num_status st;

				if (fn->arg.id == FQ_T_DECIMAL)
					fq_num_sum_result(&acc->v.num, &sum);
				else
					fq_num_from_int128(acc->v.i, 0, &sum);
				fq_num_from_int64(acc->count, &cnt);
				st = fq_num_div(&sum, &cnt, a, (fq_numeric *) slot);
				if (st == FQ_NUM_NOMEM)
					return fq_raise_nomem(ctx->d, a);
				if (st != FQ_NUM_OK)
					return overflow(ctx, fn);
				return FQ_OK;
			}
			break;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			memcpy(slot, acc->v.slot, fq_type_size(t));
			return FQ_OK;
		case FQ_AGG_BOOL_AND:
			*(uint8_t *) slot = acc->ntrue == acc->count;
			return FQ_OK;
		case FQ_AGG_BOOL_OR:
			*(uint8_t *) slot = acc->ntrue > 0;
			return FQ_OK;
		default:
			break;
	}
	return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot finish %s of %s", fq_agg_name(fn->kind),
					fq_type_name(t->id));
}
