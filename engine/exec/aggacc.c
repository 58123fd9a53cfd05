/*
 * aggacc.c — aggregate accumulators (aggacc.h), shared by Aggregate and
 * Window.
 *
 * Each function follows the transition and final functions PostgreSQL
 * uses for the aggregate and argument type (pg_aggregate): int2/int4/int8
 * sums in 128 bits (exact; PostgreSQL's int8 state cannot overflow on
 * fewer than 2^32 rows), NUMERIC through fq_num_sum, floats in their own
 * precision with PostgreSQL's overflow checks, min/max by fedq's ordering
 * of the type with PostgreSQL's choice between equal values; variances
 * of exact numbers as numeric_accum and numeric_stddev_internal (exact
 * sums, then N·Σx² − (Σx)² over N·(N−1) or N² at select_div_scale's
 * scale, its square root at the same scale), of floats as float8_accum
 * and float8_var_samp & co., the (Y, X) aggregates as float8_regr_accum
 * and its final functions; string_agg as string_agg_transfn; the
 * ordered-set aggregates as orderedsetaggs.c (percentile_disc the
 * ceil(f·N)-th value, percentile_cont interpolating between the
 * floor and ceil of f·(N−1), mode the first value of the longest run).
 */
#include "exec/aggacc.h"


#include "core/diag.h"
#include "exec/vector.h"
#include "types/types.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* string_agg's text stops where PostgreSQL's StringInfo does (1 GB). */
#define MAX_STRING_AGG ((uint32_t) 0x3FFFFFFF)

static int
overflow(fq_exec_ctx *ctx, const fq_aggacc_fn *fn)
{
	return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "%s overflowed its result type",
					fq_agg_name(fn->kind));
}

static int
float_overflow(fq_exec_ctx *ctx)
{
	return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "value out of range: overflow");
}

static int
num_failed(fq_exec_ctx *ctx, fq_num_status st, fq_arena *a)
{
	if (st == FQ_NUM_NOMEM)
		return fq_raise_nomem(ctx->d, a);
	return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "value overflows numeric format");
}

static bool
is_float(fq_type_id id)
{
	return id == FQ_T_FLOAT4 || id == FQ_T_FLOAT8;
}

static bool
is_variance(fq_agg_kind k)
{
	return k == FQ_AGG_VAR_POP || k == FQ_AGG_VAR_SAMP || k == FQ_AGG_STDDEV_POP ||
		k == FQ_AGG_STDDEV_SAMP;
}

static bool
is_regr(fq_agg_kind k)
{
	return k >= FQ_AGG_CORR && k <= FQ_AGG_REGR_SYY;
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

/* An exact number input as NUMERIC. */
static void
num_value(const fq_vector *v, uint32_t row, fq_numeric *out)
{
	if (v->type.id == FQ_T_DECIMAL)
		memcpy(out, fq_vector_slot(v, row), sizeof(*out));
	else
		fq_num_from_int64(int_value(v, row), out);
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

/* ---- setting up ---- */


/*
 * Whether the result depends on the order values arrive in: string_agg,
 * and float sums and statistics (rounding); min and max too when the
 * call says an order (which of equal values, 1.5 or 1.50, it returns).
 */
static bool
order_matters(const fq_aggacc_fn *fn, bool explicit_order)
{
	switch (fn->kind)
	{
		case FQ_AGG_STRING_AGG:
			return true;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			return explicit_order;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			return is_float(fn->arg.id);
		case FQ_AGG_REGR_COUNT:
			return false;
		default:
			return is_regr(fn->kind);
	}
}

/* The layout of a kept row: each column's slot at an offset aligned for
 * it, then one NULL flag per column. */
static int
lay_out(fq_exec_ctx *ctx, fq_aggacc_fn *fn, fq_arena *a)
{
	uint32_t *off = FQ_NEW_ARRAY(a, uint32_t, fn->ncols);
	uint32_t w = 0;

	if (off == NULL)
		return fq_raise_nomem(ctx->d, a);
	for (int i = 0; i < fn->ncols; i++)
	{
		uint32_t size = (uint32_t) fq_type_size(&fn->col_types[i]);
		uint32_t align = size >= 16 ? 16 : 8;

		w = (w + align - 1) & ~(align - 1);
		off[i] = w;
		w += size;
	}
	fn->col_off = off;
	fn->null_off = w;
	fn->row_width = (w + (uint32_t) fn->ncols + 15) & ~15u;
	return FQ_OK;
}

int
fq_aggacc_fn_init(fq_exec_ctx *ctx, fq_aggacc_fn *fn, const fq_agg_expr *g, fq_arena *a)
{
	memset(fn, 0, sizeof(*fn));
	fn->kind = g->kind;
	fn->result = g->e.type;
	fn->combine = g->combine;
	if (g->arg != NULL)
	{
		fn->arg = g->arg->type;
		fn->nargs = 1;
	}
	if (g->arg2 != NULL)
	{
		fn->arg2 = g->arg2->type;
		fn->nargs = 2;
	}
	if (g->direct != NULL)
	{
		fq_value v;

		if (fq_eval_const(ctx, g->direct, a, &v) < 0)
			return FQ_ERROR;
		fn->fraction_null = v.isnull;
		fn->fraction = v.v.f;
	}
	fn->ninputs = fn->nargs + (fq_agg_ordered_set(g->kind) ? 0 : g->norder);
	if (fq_agg_ordered_set(g->kind))
	{
		/* the values, sorted on themselves */
		fq_sort_col *key = FQ_NEW(a, fq_sort_col);
		fq_type *type = FQ_NEW(a, fq_type);

		if (key == NULL || type == NULL)
			return fq_raise_nomem(ctx->d, a);
		key->col = 0;
		key->desc = g->within_desc;
		key->nulls_first = g->within_nulls_first;
		*type = fn->arg;
		fn->sorted = true;
		fn->ncols = 1;
		fn->col_types = type;
		fn->nsort = 1;
		fn->sort = key;
	}
	else if ((g->norder > 0 && order_matters(fn, true)) || (g->distinct && order_matters(fn, false)))
	{
		/* the arguments and the ORDER BY keys, sorted on the keys, then
		 * (DISTINCT) on the arguments, as PostgreSQL's sort for the
		 * aggregate orders them */
		int ncols = fn->nargs + g->norder;
		int nsort = g->norder + (g->distinct ? fn->nargs : 0);
		fq_type *types = FQ_NEW_ARRAY(a, fq_type, ncols);
		fq_sort_col *keys = FQ_NEW_ARRAY(a, fq_sort_col, nsort > 0 ? nsort : 1);
		int k = 0;

		if (types == NULL || keys == NULL)
			return fq_raise_nomem(ctx->d, a);
		types[0] = fn->arg;
		if (fn->nargs > 1)
			types[1] = fn->arg2;
		for (int i = 0; i < g->norder; i++)
		{
			types[fn->nargs + i] = g->order[i]->type;
			keys[k++] = (fq_sort_col) {fn->nargs + i, g->desc[i], g->nulls_first[i]};
		}
		for (int i = 0; g->distinct && i < fn->nargs; i++)
			keys[k++] = (fq_sort_col) {i, false, false};
		fn->sorted = true;
		fn->distinct = g->distinct;
		fn->ncols = ncols;
		fn->col_types = types;
		fn->nsort = nsort;
		fn->sort = keys;
	}
	return fn->sorted ? lay_out(ctx, fn, a) : FQ_OK;
}

int
fq_aggacc_fn_window(fq_exec_ctx *ctx, fq_aggacc_fn *fn, fq_agg_kind kind, const fq_type *result,
					const fq_type *args, int nargs)
{
	memset(fn, 0, sizeof(*fn));
	fn->kind = kind;
	fn->result = *result;
	fn->nargs = nargs;
	fn->ninputs = nargs;
	if (nargs > 0)
		fn->arg = args[0];
	if (nargs > 1)
		fn->arg2 = args[1];
	(void) ctx;
	return FQ_OK;
}

int
fq_aggacc_ninputs(const fq_aggacc_fn *fn)
{
	return fn->ninputs;
}

void
fq_aggacc_reset(const fq_aggacc_fn *fn, fq_aggacc *acc)
{
	fq_aggacc keep = *acc;

	memset(acc, 0, sizeof(*acc));
	if (fn->sorted)
	{
		acc->v.rows.data = keep.v.rows.data;
		acc->v.rows.cap = keep.v.rows.cap;
	}
	else if ((fn->kind == FQ_AGG_SUM || fn->kind == FQ_AGG_AVG) && fn->arg.id == FQ_T_DECIMAL)
	{
		acc->v.num.buf = keep.v.num.buf;
		acc->v.num.cap = keep.v.num.cap;
	}
	else if (is_variance(fn->kind) && !is_float(fn->arg.id))
	{
		acc->v.var = keep.v.var;
		if (acc->v.var != NULL)
		{
			fq_num_sum sx = acc->v.var->sx;
			fq_num_sum sxx = acc->v.var->sxx;

			fq_num_sum_init(&acc->v.var->sx);
			fq_num_sum_init(&acc->v.var->sxx);
			acc->v.var->sx.buf = sx.buf;
			acc->v.var->sx.cap = sx.cap;
			acc->v.var->sxx.buf = sxx.buf;
			acc->v.var->sxx.cap = sxx.cap;
		}
	}
	else if (fn->kind == FQ_AGG_STRING_AGG)
	{
		acc->v.str.buf = keep.v.str.buf;
		acc->v.str.cap = keep.v.str.cap;
	}
}

/* ---- transitions ---- */

/*
 * sum(), avg() and the variances of floats as PostgreSQL computes them:
 * sum(real) adds in single precision, sum(double precision) in double,
 * both failing when finite inputs overflow; avg and the variances keep
 * float8_accum's sum and sum of squared deviations (Youngs-Cramer), which
 * overflows earlier than the sum alone and makes PostgreSQL fail, so it
 * fails here too.  acc->count already counts x.
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
			return float_overflow(ctx);
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
					return float_overflow(ctx);
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

/* float8_regr_accum: Y and X into N (count, already counting them), Sx,
 * Sxx, Sy, Syy, Sxy. */
static int
regr_accum(fq_exec_ctx *ctx, fq_aggacc *acc, double y, double x)
{
	double n0 = (double) (acc->count - 1);
	double n = n0 + 1.0;
	double sx0 = acc->v.rg.sx;
	double sy0 = acc->v.rg.sy;
	double sx = sx0 + x;
	double sy = sy0 + y;
	double sxx = acc->v.rg.sxx;
	double syy = acc->v.rg.syy;
	double sxy = acc->v.rg.sxy;

	if (n0 > 0.0)
	{
		double tmpx = x * n - sx;
		double tmpy = y * n - sy;
		double scale = 1.0 / (n * n0);

		sxx += tmpx * tmpx * scale;
		syy += tmpy * tmpy * scale;
		sxy += tmpx * tmpy * scale;
		/* an overflow only when finite inputs make the sums infinite; an
		 * infinite input makes the dependent sums NaN */
		if (isinf(sx) || isinf(sxx) || isinf(sy) || isinf(syy) || isinf(sxy))
		{
			if (((isinf(sx) || isinf(sxx)) && !isinf(sx0) && !isinf(x)) ||
				((isinf(sy) || isinf(syy)) && !isinf(sy0) && !isinf(y)) ||
				(isinf(sxy) && !isinf(sx0) && !isinf(x) && !isinf(sy0) && !isinf(y)))
				return float_overflow(ctx);
			if (isinf(sxx))
				sxx = NAN;
			if (isinf(syy))
				syy = NAN;
			if (isinf(sxy))
				sxy = NAN;
		}
	}
	else
	{
		if (isnan(x) || isinf(x))
			sxx = sxy = NAN;
		if (isnan(y) || isinf(y))
			syy = sxy = NAN;
	}
	acc->v.rg.sx = sx;
	acc->v.rg.sxx = sxx;
	acc->v.rg.sy = sy;
	acc->v.rg.syy = syy;
	acc->v.rg.sxy = sxy;
	return FQ_OK;
}

/* numeric_accum: x into the sum of values and (finite) of squares; NaN
 * and infinities are only counted. */
static int
var_accum(fq_exec_ctx *ctx, fq_aggacc *acc, const fq_numeric *x, fq_arena *store,
		  fq_arena *scratch)
{
	fq_num_status st;
	fq_numeric sq;

	if (acc->v.var == NULL)
	{
		if ((acc->v.var = FQ_NEW(store, fq_aggacc_var)) == NULL)
			return fq_raise_nomem(ctx->d, store);
		fq_num_sum_init(&acc->v.var->sx);
		fq_num_sum_init(&acc->v.var->sxx);
	}
	if ((st = fq_num_sum_add(&acc->v.var->sx, x, store, scratch)) != FQ_NUM_OK)
		return num_failed(ctx, st, store);
	if (!fq_num_is_finite(x))
		return FQ_OK;
	if ((st = fq_num_mul(x, x, scratch, &sq)) != FQ_NUM_OK ||
		(st = fq_num_sum_add(&acc->v.var->sxx, &sq, store, scratch)) != FQ_NUM_OK)
		return num_failed(ctx, st, store);
	return FQ_OK;
}

/* string_agg_transfn: the delimiter before every value but the first. */
static int
string_accum(fq_exec_ctx *ctx, fq_aggacc *acc, const fq_vector *in, uint32_t row,
			 fq_arena *store)
{
	fq_string v;
	fq_string d = {NULL, 0};
	uint64_t need;

	memcpy(&v, fq_vector_slot(&in[0], row), sizeof(v));
	if (acc->count > 0 && !fq_vector_is_null(&in[1], row))
		memcpy(&d, fq_vector_slot(&in[1], row), sizeof(d));
	need = (uint64_t) acc->v.str.len + d.len + v.len;
	if (need > MAX_STRING_AGG)
		return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"string_agg's result would exceed 1 GB");
	if (need > acc->v.str.cap)
	{
		uint64_t cap = acc->v.str.cap ? acc->v.str.cap : 64;
		char *buf;

		while (cap < need)
			cap *= 2;
		if (cap > MAX_STRING_AGG)
			cap = MAX_STRING_AGG;
		buf = fq_arena_realloc(store, acc->v.str.buf, acc->v.str.len, (size_t) cap);
		if (buf == NULL)
			return fq_raise_nomem(ctx->d, store);
		acc->v.str.buf = buf;
		acc->v.str.cap = (uint32_t) cap;
	}
	if (d.len > 0)
		memcpy(acc->v.str.buf + acc->v.str.len, d.ptr, d.len);
	acc->v.str.len += d.len;
	if (v.len > 0)
		memcpy(acc->v.str.buf + acc->v.str.len, v.ptr, v.len);
	acc->v.str.len += v.len;
	acc->count++;
	return FQ_OK;
}

static const uint8_t *row_at(const fq_aggacc_fn *fn, const uint8_t *data, uint32_t i);
static void view(const fq_aggacc_fn *fn, const uint8_t *r, int c, fq_vector *v);

/*
 * Ordered input past its share: the rows kept so far go to a new file,
 * in the order they came, and so will the group's later rows.  (What
 * they took in the store stays there until the store is reset.)
 */
static int
spill_kept(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, fq_arena *scratch)
{
	fq_aggacc_spill *sp = fq_arena_zalloc(ctx->arena, sizeof(fq_aggacc_spill));
	fq_vector *cols = FQ_NEW_ARRAY(scratch, fq_vector, fn->ncols);
	fq_batch one = {.nrows = 1, .ncols = (uint32_t) fn->ncols, .cols = cols};

	if (sp == NULL || cols == NULL)
		return fq_raise_nomem(ctx->d, sp == NULL ? ctx->arena : scratch);
	if ((sp->f = fq_spill_create(fn->spill_node)) == NULL)
		return FQ_ERROR;
	sp->next = *fn->spills;
	*fn->spills = sp;
	for (uint32_t i = 0; i < acc->v.rows.n; i++)
	{
		const uint8_t *r = row_at(fn, acc->v.rows.data, i);

		for (int c = 0; c < fn->ncols; c++)
			view(fn, r, c, &cols[c]);
		if (fq_spill_write_row(sp->f, &one, 0) < 0)
			return FQ_ERROR;
	}
	acc->v.rows.spill = sp;
	acc->v.rows.data = NULL;
	acc->v.rows.n = acc->v.rows.cap = 0;
	acc->v.rows.bytes = 0;
	return FQ_OK;
}

/* Ordered input: the row kept, its strings and digits in the store (or,
 * spilled, written to the group's file). */
static int
keep_row(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in,
		 uint32_t row, fq_arena *store, fq_arena *scratch)
{
	uint8_t *r;

	if (acc->v.rows.spill != NULL)
	{
		fq_batch b = {.nrows = row + 1, .ncols = (uint32_t) fn->ncols, .cols = (fq_vector *) in};

		if (fq_spill_write_row(acc->v.rows.spill->f, &b, row) < 0)
			return FQ_ERROR;
		acc->count++;
		return FQ_OK;
	}

	if (acc->v.rows.n == acc->v.rows.cap)
	{
		uint64_t cap = acc->v.rows.cap ? (uint64_t) acc->v.rows.cap * 2 : 16;
		uint8_t *data;

		if (cap > UINT32_MAX)
			return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
							"%s takes at most 4294967295 rows per group", fq_agg_name(fn->kind));
		data = fq_arena_realloc(store, acc->v.rows.data,
								(size_t) acc->v.rows.cap * fn->row_width,
								(size_t) cap * fn->row_width);
		if (data == NULL)
			return fq_raise_nomem(ctx->d, store);
		acc->v.rows.data = data;
		acc->v.rows.cap = (uint32_t) cap;
	}
	r = acc->v.rows.data + (size_t) acc->v.rows.n * fn->row_width;
	for (int i = 0; i < fn->ncols; i++)
	{
		void *slot = r + fn->col_off[i];
		bool null = fq_vector_is_null(&in[i], row);

		r[fn->null_off + (uint32_t) i] = null;
		if (null)
			continue;
		memcpy(slot, fq_vector_slot(&in[i], row), fq_type_size(&fn->col_types[i]));
		if (!fq_slot_own(&fn->col_types[i], slot, store))
			return fq_raise_nomem(ctx->d, store);
		if (fq_type_is_string(fn->col_types[i].id) || fn->col_types[i].id == FQ_T_BYTEA)
			acc->v.rows.bytes += ((const fq_string *) slot)->len;
	}
	acc->v.rows.n++;
	acc->v.rows.bytes += fn->row_width;
	acc->count++;
	if (fn->spill_node != NULL)
	{
		size_t budget = fq_spill_budget(ctx);

		if (acc->v.rows.bytes >= budget / 8 ||
			(acc->v.rows.bytes >= budget / 64 && fq_spill_due(ctx, fq_arena_size(store))))
			return spill_kept(ctx, fn, acc, scratch);
	}
	return FQ_OK;
}

/* Adds row's exact number (an integer or DECIMAL) to acc's sum. */
static int
add_exact(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in,
		  uint32_t row, fq_arena *store, fq_arena *scratch)
{
	if (in->type.id == FQ_T_DECIMAL)
	{
		fq_numeric x;
		fq_num_status st;

		memcpy(&x, fq_vector_slot(in, row), sizeof(x));
		st = fq_num_sum_add(&acc->v.num, &x, store, scratch);
		return st == FQ_NUM_OK ? FQ_OK : num_failed(ctx, st, store);
	}
	if (__builtin_add_overflow(acc->v.i, (fq_int128) int_value(in, row), &acc->v.i))
		return overflow(ctx, fn);
	return FQ_OK;
}

/*
 * A final step's row (fq_agg_expr.combine): a partial count, or avg's
 * partial sum (in[0]) and count (in[1]).  The state is then the one the
 * rows themselves would have made -- the count of values and their exact
 * sum -- and avg finishes as it does (floats' avg is not split).
 */
static int
combine_add(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in,
			uint32_t row, fq_arena *store, fq_arena *scratch)
{
	const fq_vector *cnt = fn->kind == FQ_AGG_AVG ? &in[1] : &in[0];

	if (__builtin_add_overflow(acc->count, int_value(cnt, row), &acc->count))
		return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "bigint out of range");
	if (fn->kind == FQ_AGG_COUNT)
		return FQ_OK;
	if (fn->kind != FQ_AGG_AVG || is_float(in->type.id) || in->type.id == FQ_T_INTERVAL)
		return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "%s cannot combine partial results",
						fq_agg_name(fn->kind));
	return add_exact(ctx, fn, acc, in, row, store, scratch);
}

int
fq_aggacc_add(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in,
			  uint32_t row, fq_arena *store, fq_arena *scratch, fq_arena *keep)
{
	if (fn->sorted)
		return keep_row(ctx, fn, acc, in, row, store, scratch);
	if (fn->combine)
		return combine_add(ctx, fn, acc, in, row, store, scratch);
	switch (fn->kind)
	{
		case FQ_AGG_COUNT_STAR:
		case FQ_AGG_COUNT:
			acc->count++;
			return FQ_OK;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			acc->count++;
			if (is_float(in->type.id))
				return float_accum(ctx, fn, acc, float_value(in, row), in->type.id == FQ_T_FLOAT4);
			if (in->type.id == FQ_T_INTERVAL)
			{
				const fq_interval *iv = (const fq_interval *) in->data + row;

				if (__builtin_add_overflow(acc->v.iv.usecs, iv->usecs, &acc->v.iv.usecs) ||
					__builtin_add_overflow(acc->v.iv.days, iv->days, &acc->v.iv.days) ||
					__builtin_add_overflow(acc->v.iv.months, iv->months, &acc->v.iv.months))
					return fq_raise(ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "interval out of range");
				return FQ_OK;
			}
			return add_exact(ctx, fn, acc, in, row, store, scratch);
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			{
				const void *slot = fq_vector_slot(in, row);

				if (acc->count > 0)
				{
					int c = fq_compare_slots(&in->type, slot, acc->v.slot);
					bool take = fn->kind == FQ_AGG_MIN ? c < 0 : c > 0;

					/*
					 * Between equal values (-0 and 0, 1.5 and 1.50, '1 day'
					 * and '24 hours') PostgreSQL's smaller/larger functions
					 * return their second argument, the new value, except
					 * bpchar's, which return the first.
					 */
					if (c == 0)
						take = in->type.id != FQ_T_CHAR && !prints_same(&in->type, slot, acc->v.slot);
					if (!take)
					{
						acc->count++;
						return FQ_OK;
					}
				}
				memcpy(acc->v.slot, slot, fq_type_size(&in->type));
				if (keep != NULL && !fq_slot_own(&in->type, acc->v.slot, keep))
					return fq_raise_nomem(ctx->d, keep);
				acc->count++;
				return FQ_OK;
			}
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			acc->count++;
			if (((const uint8_t *) in->data)[row] != 0)
				acc->ntrue++;
			return FQ_OK;
		case FQ_AGG_BIT_AND:
		case FQ_AGG_BIT_OR:
		case FQ_AGG_BIT_XOR:
			{
				int64_t x = int_value(in, row);
				int64_t s = (int64_t) acc->v.i;

				/* the first value is the state as it is */
				acc->v.i = acc->count == 0 ? x : fn->kind == FQ_AGG_BIT_AND ? (s & x)
					: fn->kind == FQ_AGG_BIT_OR ? (s | x) : (s ^ x);
				acc->count++;
				return FQ_OK;
			}
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			acc->count++;
			if (is_float(in->type.id))
				return float_accum(ctx, fn, acc, float_value(in, row), in->type.id == FQ_T_FLOAT4);
			{
				fq_numeric x;

				num_value(in, row, &x);
				return var_accum(ctx, acc, &x, store, scratch);
			}
		case FQ_AGG_REGR_COUNT:
			/* int8inc_float8_float8: a count, no sums to overflow */
			acc->count++;
			return FQ_OK;
		case FQ_AGG_CORR:
		case FQ_AGG_COVAR_POP:
		case FQ_AGG_COVAR_SAMP:
		case FQ_AGG_REGR_AVGX:
		case FQ_AGG_REGR_AVGY:
		case FQ_AGG_REGR_INTERCEPT:
		case FQ_AGG_REGR_R2:
		case FQ_AGG_REGR_SLOPE:
		case FQ_AGG_REGR_SXX:
		case FQ_AGG_REGR_SXY:
		case FQ_AGG_REGR_SYY:
			acc->count++;
			return regr_accum(ctx, acc, float_value(&in[0], row), float_value(&in[1], row));
		case FQ_AGG_STRING_AGG:
			return string_accum(ctx, acc, in, row, store);
		case FQ_AGG_PERCENTILE_CONT:
		case FQ_AGG_PERCENTILE_DISC:
		case FQ_AGG_MODE:
			break; /* always ordered input */
	}
	return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized aggregate");
}

bool
fq_aggacc_invertible(const fq_aggacc_fn *fn)
{
	if (fn->sorted || fn->combine)
		return false;
	switch (fn->kind)
	{
		case FQ_AGG_COUNT_STAR:
		case FQ_AGG_COUNT:
		case FQ_AGG_REGR_COUNT:
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			return true;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			/* exact and order-free (intervals could be too, but PostgreSQL's
			 * interval_mi overflows where sums do not: start again) */
			return fq_type_is_integer(fn->arg.id) || fn->arg.id == FQ_T_DECIMAL;
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			/* numeric_accum_inv (PostgreSQL's float variances have none) */
			return !is_float(fn->arg.id);
		default:
			return false;
	}
}

bool
fq_aggacc_remove(const fq_aggacc_fn *fn, fq_aggacc *acc, const fq_vector *in, uint32_t row,
				 fq_arena *store, fq_arena *scratch)
{
	switch (fn->kind)
	{
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			if (in->type.id == FQ_T_DECIMAL)
			{
				fq_numeric x;

				memcpy(&x, fq_vector_slot(in, row), sizeof(x));
				if (!fq_num_sum_remove(&acc->v.num, &x, store, scratch))
					return false;
				break;
			}
			/* the value was added before: no overflow in 128 bits */
			acc->v.i -= (fq_int128) int_value(in, row);
			break;
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			{
				fq_numeric x;
				fq_numeric sq;

				num_value(in, row, &x);
				if (!fq_num_sum_remove(&acc->v.var->sx, &x, store, scratch))
					return false;
				if (fq_num_is_finite(&x) &&
					(fq_num_mul(&x, &x, scratch, &sq) != FQ_NUM_OK ||
					 !fq_num_sum_remove(&acc->v.var->sxx, &sq, store, scratch)))
					return false;
				break;
			}
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			if (((const uint8_t *) in->data)[row] != 0)
				acc->ntrue--;
			break;
		default:
			break;
	}
	if (--acc->count == 0)
		fq_aggacc_reset(fn, acc);
	return true;
}

/* ---- final functions ---- */

static int
set_null(fq_exec_ctx *ctx, fq_vector *out, uint32_t row, uint32_t cap, fq_arena *a)
{
	return fq_vector_set_null(out, a, cap, row) < 0 ? fq_raise_nomem(ctx->d, a) : FQ_OK;
}

/* numeric_stddev_internal: NULL (*null) for too few values, NaN when a
 * NaN or an infinity was among them. */
static int
var_numeric(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_numeric *res,
			bool *null, fq_arena *a)
{
	bool sample = fn->kind == FQ_AGG_VAR_SAMP || fn->kind == FQ_AGG_STDDEV_SAMP;
	const fq_aggacc_var *v = acc->v.var;
	fq_numeric n;
	fq_numeric nsxx;
	fq_numeric num;
	fq_numeric den;
	fq_numeric t;
	fq_numeric var;
	fq_num_status st;

	*null = acc->count == 0 || (sample && acc->count <= 1);
	if (*null)
		return FQ_OK;
	if (v->sx.nnan > 0 || v->sx.npinf > 0 || v->sx.nninf > 0)
	{
		fq_num_special(FQ_NUM_NAN, res);
		return FQ_OK;
	}
	/* N·Σx² − (Σx)², exact: both products at twice the values' scale */
	fq_num_from_int64(acc->count, &n);
	if ((st = fq_num_mul(&v->sx.v, &v->sx.v, a, &t)) != FQ_NUM_OK ||
		(st = fq_num_mul(&n, &v->sxx.v, a, &nsxx)) != FQ_NUM_OK ||
		(st = fq_num_sub(&nsxx, &t, a, &num)) != FQ_NUM_OK)
		return num_failed(ctx, st, a);
	if (fq_num_sign(&num) <= 0)
	{
		/* rounding cannot make it negative here, but PostgreSQL's answer
		 * for no spread is a plain 0 */
		fq_num_from_int64(0, res);
		return FQ_OK;
	}
	/* over N·(N−1) or N², at select_div_scale's scale */
	fq_num_from_int64(sample ? acc->count - 1 : acc->count, &t);
	if ((st = fq_num_mul(&n, &t, a, &den)) != FQ_NUM_OK ||
		(st = fq_num_div(&num, &den, a, &var)) != FQ_NUM_OK)
		return num_failed(ctx, st, a);
	if (fn->kind == FQ_AGG_VAR_POP || fn->kind == FQ_AGG_VAR_SAMP)
		*res = var;
	else if ((st = fq_num_sqrt_at(&var, var.dscale, a, res)) != FQ_NUM_OK)
		return num_failed(ctx, st, a);
	return FQ_OK;
}

/* float8_var_pop & co.: *null for too few values. */
static double
var_float(const fq_aggacc_fn *fn, const fq_aggacc *acc, bool *null)
{
	double n = (double) acc->count;
	double sxx = acc->v.fa.sxx;

	switch (fn->kind)
	{
		case FQ_AGG_VAR_POP:
			*null = n == 0.0;
			return sxx / n;
		case FQ_AGG_VAR_SAMP:
			*null = n <= 1.0;
			return sxx / (n - 1.0);
		case FQ_AGG_STDDEV_POP:
			*null = n == 0.0;
			return sqrt(sxx / n);
		default:
			*null = n <= 1.0;
			return sqrt(sxx / (n - 1.0));
	}
}

/* The final functions of float8_regr_accum's state. */
static double
regr_final(const fq_aggacc_fn *fn, const fq_aggacc *acc, bool *null)
{
	double n = (double) acc->count;
	double sx = acc->v.rg.sx;
	double sxx = acc->v.rg.sxx;
	double sy = acc->v.rg.sy;
	double syy = acc->v.rg.syy;
	double sxy = acc->v.rg.sxy;

	*null = n < 1.0;
	if (*null)
		return 0;
	switch (fn->kind)
	{
		case FQ_AGG_REGR_SXX:
			return sxx;
		case FQ_AGG_REGR_SYY:
			return syy;
		case FQ_AGG_REGR_SXY:
			return sxy;
		case FQ_AGG_REGR_AVGX:
			return sx / n;
		case FQ_AGG_REGR_AVGY:
			return sy / n;
		case FQ_AGG_COVAR_POP:
			return sxy / n;
		case FQ_AGG_COVAR_SAMP:
			*null = n < 2.0;
			return sxy / (n - 1.0);
		case FQ_AGG_CORR:
			/* NULL for horizontal and vertical lines */
			*null = sxx == 0 || syy == 0;
			return sxy / sqrt(sxx * syy);
		case FQ_AGG_REGR_R2:
			/* NULL for a vertical line, 1 for a horizontal one */
			*null = sxx == 0;
			return syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
		case FQ_AGG_REGR_SLOPE:
			*null = sxx == 0;
			return sxy / sxx;
		case FQ_AGG_REGR_INTERCEPT:
			*null = sxx == 0;
			return (sy - sx * sxy / sxx) / n;
		default:
			*null = true;
			return 0;
	}
}

/* ---- ordered input ---- */

typedef struct sort_ctx
{
	const fq_aggacc_fn *fn;
	const uint8_t *data;
} sort_ctx;

static const uint8_t *
row_at(const fq_aggacc_fn *fn, const uint8_t *data, uint32_t i)
{
	return data + (size_t) i * fn->row_width;
}

/* Column c of two rows: NULLs placed as the key says, else the type's
 * order. */
static int
compare_col(const fq_aggacc_fn *fn, int c, const uint8_t *ra, const uint8_t *rb, bool nulls_first)
{
	bool na = ra[fn->null_off + (uint32_t) c] != 0;
	bool nb = rb[fn->null_off + (uint32_t) c] != 0;

	if (na || nb)
		return na == nb ? 0 : (na ? 1 : -1) * (nulls_first ? -1 : 1);
	return fq_compare_slots(&fn->col_types[c], ra + fn->col_off[c], rb + fn->col_off[c]);
}

static int
compare_rows(const void *x, const void *y, void *arg)
{
	const sort_ctx *sc = arg;
	const fq_aggacc_fn *fn = sc->fn;
	uint32_t a = *(const uint32_t *) x;
	uint32_t b = *(const uint32_t *) y;
	const uint8_t *ra = row_at(fn, sc->data, a);
	const uint8_t *rb = row_at(fn, sc->data, b);

	for (int k = 0; k < fn->nsort; k++)
	{
		const fq_sort_col *key = &fn->sort[k];
		int c = compare_col(fn, key->col, ra, rb, key->nulls_first);

		/* NULLS FIRST/LAST hold in both directions; values reverse */
		if (c != 0)
		{
			bool nulls = ra[fn->null_off + (uint32_t) key->col] ||
				rb[fn->null_off + (uint32_t) key->col];

			return key->desc && !nulls ? -c : c;
		}
	}
	/* peers keep the order they came in */
	return a < b ? -1 : a > b;
}

/* The kept rows' positions in sorted order, in `a`. */
static uint32_t *
sorted_rows(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_arena *a)
{
	uint32_t n = acc->v.rows.n;
	uint32_t *idx = FQ_NEW_ARRAY(a, uint32_t, n > 0 ? n : 1);
	sort_ctx sc = {fn, acc->v.rows.data};

	if (idx == NULL)
	{
		fq_raise_nomem(ctx->d, a);
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(uint32_t), compare_rows, &sc);
	return idx;
}

/* A one-row view of column c of a kept row. */
static void
view(const fq_aggacc_fn *fn, const uint8_t *r, int c, fq_vector *v)
{
	v->type = fn->col_types[c];
	v->data = (void *) (r + fn->col_off[c]);
	v->nulls = (uint8_t *) (r + fn->null_off + (uint32_t) c);
}

/* PostgreSQL's message for a fraction out of range ("%g" as its snprintf
 * prints it). */
static int
bad_fraction(fq_exec_ctx *ctx, double f)
{
	char text[64];

	if (isnan(f))
		snprintf(text, sizeof(text), "NaN");
	else if (isinf(f))
		snprintf(text, sizeof(text), f > 0 ? "Infinity" : "-Infinity");
	else
		snprintf(text, sizeof(text), "%g", f);
	return fq_raise(ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
					"percentile value %s is not between 0 and 1", text);
}

static bool
same_sign(int64_t a, int64_t b)
{
	return (a < 0) == (b < 0);
}

/* interval_mi, interval_mul and interval_pl as PostgreSQL 15 computes
 * them: lo + (hi - lo) * pct, months and days cascading their fractions
 * down (30 days a month), failing where PostgreSQL does. */
static int
interval_lerp(fq_exec_ctx *ctx, const fq_interval *lo, const fq_interval *hi, double pct,
			  fq_interval *out)
{
	fq_interval d;
	fq_interval m;
	double r;
	double month_days;
	double secs;

	/* hi - lo */
	d.months = (int32_t) ((uint32_t) hi->months - (uint32_t) lo->months);
	d.days = (int32_t) ((uint32_t) hi->days - (uint32_t) lo->days);
	d.usecs = (int64_t) ((uint64_t) hi->usecs - (uint64_t) lo->usecs);
	if ((!same_sign(hi->months, lo->months) && !same_sign(d.months, hi->months)) ||
		(!same_sign(hi->days, lo->days) && !same_sign(d.days, hi->days)) ||
		(!same_sign(hi->usecs, lo->usecs) && !same_sign(d.usecs, hi->usecs)))
		goto out_of_range;
	/* · pct */
	r = d.months * pct;
	if (isnan(r) || r > INT32_MAX || r < INT32_MIN)
		goto out_of_range;
	m.months = (int32_t) r;
	r = d.days * pct;
	if (isnan(r) || r > INT32_MAX || r < INT32_MIN)
		goto out_of_range;
	m.days = (int32_t) r;
	month_days = (d.months * pct - m.months) * 30.0;
	month_days = rint(month_days * 1000000.0) / 1000000.0;
	secs = (d.days * pct - m.days + month_days - (int) month_days) * 86400.0;
	secs = rint(secs * 1000000.0) / 1000000.0;
	if (fabs(secs) >= 86400.0)
	{
		m.days += (int) (secs / 86400.0);
		secs -= (int) (secs / 86400.0) * 86400.0;
	}
	m.days += (int32_t) month_days;
	r = rint(d.usecs * pct + secs * 1000000.0);
	if (isnan(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0)
		goto out_of_range;
	m.usecs = (int64_t) r;
	/* + lo */
	out->months = (int32_t) ((uint32_t) m.months + (uint32_t) lo->months);
	out->days = (int32_t) ((uint32_t) m.days + (uint32_t) lo->days);
	out->usecs = (int64_t) ((uint64_t) m.usecs + (uint64_t) lo->usecs);
	if ((same_sign(m.months, lo->months) && !same_sign(out->months, m.months)) ||
		(same_sign(m.days, lo->days) && !same_sign(out->days, m.days)) ||
		(same_sign(m.usecs, lo->usecs) && !same_sign(out->usecs, m.usecs)))
		goto out_of_range;
	return FQ_OK;
out_of_range:
	return fq_raise(ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "interval out of range");
}

/*
 * The kept rows in order: from memory, or from a sorter over the group's
 * file.  Each row comes as fn->ncols vectors and a row position in them,
 * valid until the next row.
 */
typedef struct row_cursor
{
	fq_exec_ctx *ctx;
	const fq_aggacc_fn *fn;
	const uint8_t *data;   /* in memory: the rows, */
	const uint32_t *idx;   /* their sorted positions */
	uint32_t n;
	uint32_t i;
	fq_vector *one;        /* a one-row view of each column */
	fq_sorter *s;          /* spilled */
	const fq_batch *b;
	uint32_t row;
} row_cursor;

/* Feeds the group's file to a new sorter (closing the file). */
static int
sort_spilled(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, fq_aggacc_spill *sp, row_cursor *c)
{
	fq_arena *ra = fq_arena_new(&ctx->st->acct);
	fq_batch b;
	int rc;

	if (ra == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	if ((c->s = fq_sorter_new(fn->spill_node, fn->sort, fn->nsort)) == NULL ||
		fq_spill_rewind(sp->f) < 0)
	{
		fq_arena_free(ra);
		return FQ_ERROR;
	}
	do
	{
		fq_arena_reset(ra);
		rc = fq_spill_read(sp->f, &b, ra, fn->col_types, fn->ncols, FQ_BATCH_ROWS);
		if (rc > 0 && fq_sorter_put(c->s, &b) < 0)
			rc = FQ_ERROR;
	} while (rc > 0);
	fq_arena_free(ra);
	fq_spill_close(sp->f);
	sp->f = NULL;
	if (rc < 0)
		return FQ_ERROR;
	return fq_sorter_done(c->s);
}

static int
cursor_open(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_arena *a,
			row_cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->fn = fn;
	if (acc->v.rows.spill != NULL)
		return sort_spilled(ctx, fn, acc->v.rows.spill, c);
	c->data = acc->v.rows.data;
	c->n = acc->v.rows.n;
	if ((c->one = FQ_NEW_ARRAY(a, fq_vector, fn->ncols)) == NULL)
		return fq_raise_nomem(ctx->d, a);
	if ((c->idx = sorted_rows(ctx, fn, acc, a)) == NULL)
		return FQ_ERROR;
	return FQ_OK;
}

/* The next row: 1, 0 after the last, FQ_ERROR after raising. */
static int
cursor_next(row_cursor *c, const fq_vector **cols, uint32_t *row)
{
	if (c->s == NULL)
	{
		const uint8_t *r;

		if (c->i >= c->n)
			return 0;
		r = row_at(c->fn, c->data, c->idx[c->i++]);
		for (int k = 0; k < c->fn->ncols; k++)
			view(c->fn, r, k, &c->one[k]);
		*cols = c->one;
		*row = 0;
		return 1;
	}
	while (c->b == NULL || ++c->row >= c->b->nrows)
	{
		int rc = fq_sorter_next(c->s, &c->b);

		if (rc <= 0)
		{
			c->b = NULL;
			return rc;
		}
		c->row = 0;
		if (c->b->nrows > 0)
			break;
	}
	*cols = c->b->cols;
	*row = c->row;
	return 1;
}

static void
cursor_close(row_cursor *c)
{
	fq_sorter_free(c->s);
	c->s = NULL;
}

/* Copies row's value of v into slot, its string bytes or digits into a. */
static bool
hold(const fq_vector *v, uint32_t row, void *slot, fq_arena *a)
{
	memcpy(slot, fq_vector_slot(v, row), fq_type_size(&v->type));
	return fq_slot_own(&v->type, slot, a);
}

/* Whether two values are equal (NULLs equal each other). */
static bool
same_value(const fq_type *t, bool na, const void *a, bool nb, const void *b)
{
	if (na || nb)
		return na == nb;
	return fq_compare_slots(t, a, b) == 0;
}

/* Moves the cursor to position `to` (counting from 0) of rows at `at`. */
static int
cursor_skip(row_cursor *c, int64_t *at, int64_t to, const fq_vector **cols, uint32_t *row)
{
	while (*at < to)
	{
		int rc = cursor_next(c, cols, row);

		if (rc <= 0)
			return rc < 0 ? FQ_ERROR
				: fq_raise(c->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "an ordered-set aggregate lost rows");
		(*at)++;
	}
	return FQ_OK;
}

/* percentile_cont, percentile_disc and mode over the sorted values. */
static int
ordered_set_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc,
				   fq_vector *out, uint32_t row, uint32_t cap, fq_arena *a)
{
	void *slot = fq_vector_slot(out, row);
	size_t size = fq_type_size(&fn->result);
	int64_t n = acc->count;
	const fq_vector *cols = NULL;
	uint32_t r = 0;
	int64_t at = -1;
	row_cursor c;
	int rc = FQ_OK;

	if (fn->kind != FQ_AGG_MODE)
	{
		/* the fraction is checked for every group, even an empty one */
		if (fn->fraction_null)
			return set_null(ctx, out, row, cap, a);
		if (fn->fraction < 0 || fn->fraction > 1 || isnan(fn->fraction))
			return bad_fraction(ctx, fn->fraction);
	}
	if (n == 0)
		return set_null(ctx, out, row, cap, a);
	if (cursor_open(ctx, fn, acc, a, &c) < 0)
	{
		cursor_close(&c);
		return FQ_ERROR;
	}
	switch (fn->kind)
	{
		case FQ_AGG_PERCENTILE_DISC:
			{
				/* the smallest K with K/N >= fraction */
				int64_t k = (int64_t) ceil(fn->fraction * n);

				if (cursor_skip(&c, &at, k > 1 ? k - 1 : 0, &cols, &r) < 0)
					rc = FQ_ERROR;
				else if (!hold(&cols[0], r, slot, a))
					rc = fq_raise_nomem(ctx->d, a);
				break;
			}
		case FQ_AGG_PERCENTILE_CONT:
			{
				int64_t first = (int64_t) floor(fn->fraction * (n - 1));
				int64_t second = (int64_t) ceil(fn->fraction * (n - 1));
				double pct = fn->fraction * (n - 1) - (double) first;
				uint8_t lo[FQ_SLOT_MAX];
				uint8_t hi[FQ_SLOT_MAX];

				if (cursor_skip(&c, &at, first, &cols, &r) < 0)
				{
					rc = FQ_ERROR;
					break;
				}
				memcpy(lo, fq_vector_slot(&cols[0], r), size);
				if (first == second)
				{
					memcpy(slot, lo, size);
					break;
				}
				if (cursor_skip(&c, &at, second, &cols, &r) < 0)
				{
					rc = FQ_ERROR;
					break;
				}
				memcpy(hi, fq_vector_slot(&cols[0], r), size);
				if (fn->result.id == FQ_T_INTERVAL)
				{
					fq_interval x, y, res;

					memcpy(&x, lo, sizeof(x));
					memcpy(&y, hi, sizeof(y));
					if (interval_lerp(ctx, &x, &y, pct, &res) < 0)
						rc = FQ_ERROR;
					else
						memcpy(slot, &res, sizeof(res));
				}
				else
				{
					double x, y, res;

					memcpy(&x, lo, sizeof(x));
					memcpy(&y, hi, sizeof(y));
					res = x + (pct * (y - x));
					memcpy(slot, &res, sizeof(res));
				}
				break;
			}
		default:
			{
				/* the first value of the first longest run of equal
				 * values; the run's value and the mode's kept in arenas
				 * of their own (a new value replaces the one before) */
				fq_arena *la = fq_arena_new(&ctx->st->acct);
				fq_arena *ma = fq_arena_new(&ctx->st->acct);
				const fq_type *t = &fn->col_types[0];
				uint8_t last[FQ_SLOT_MAX];
				int64_t mode_freq = 0;
				int64_t last_freq = 0;
				bool last_is_mode = true;

				if (la == NULL || ma == NULL)
					rc = fq_raise_nomem(ctx->d, NULL);
				while (rc == FQ_OK && (rc = cursor_next(&c, &cols, &r)) > 0)
				{
					const void *v = fq_vector_slot(&cols[0], r);

					rc = FQ_OK;
					if (mode_freq > 0 && fq_compare_slots(t, v, last) == 0)
					{
						if (last_is_mode)
							mode_freq++;
						else if (++last_freq > mode_freq)
						{
							fq_arena_reset(ma);
							memcpy(slot, last, size);
							if (!fq_slot_own(t, slot, ma))
								rc = fq_raise_nomem(ctx->d, ma);
							mode_freq = last_freq;
							last_is_mode = true;
						}
						continue;
					}
					fq_arena_reset(la);
					if (!hold(&cols[0], r, last, la))
						rc = fq_raise_nomem(ctx->d, la);
					last_freq = 1;
					last_is_mode = mode_freq == 0;
					if (mode_freq == 0)
					{
						memcpy(slot, last, size);
						if (!fq_slot_own(t, slot, ma))
							rc = fq_raise_nomem(ctx->d, ma);
						mode_freq = 1;
					}
				}
				/* the answer's string bytes outlive the arenas */
				if (rc == FQ_OK && !fq_slot_own(t, slot, a))
					rc = fq_raise_nomem(ctx->d, a);
				fq_arena_free(la);
				fq_arena_free(ma);
				break;
			}
	}
	cursor_close(&c);
	return rc < 0 ? FQ_ERROR : FQ_OK;
}

static int finish_plain(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc,
						fq_vector *out, uint32_t row, uint32_t cap, fq_arena *a);

/* Ordered input: the kept rows, sorted (and, DISTINCT, without repeats),
 * through the aggregate's transitions, then its final function. */
static int
sorted_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_vector *out,
			  uint32_t row, uint32_t cap, fq_arena *a)
{
	fq_aggacc_fn inner = *fn;
	fq_aggacc tmp;
	row_cursor c;
	const fq_vector *cols;
	uint32_t r;
	/* DISTINCT: the arguments of the row before, in an arena of their own */
	fq_arena *pa = NULL;
	uint8_t prev[2][FQ_SLOT_MAX];
	bool prev_null[2];
	bool have_prev = false;
	int rc;

	if (fq_agg_ordered_set(fn->kind))
		return ordered_set_finish(ctx, fn, acc, out, row, cap, a);
	if (fn->distinct && (pa = fq_arena_new(&ctx->st->acct)) == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	if (cursor_open(ctx, fn, acc, a, &c) < 0)
	{
		fq_arena_free(pa);
		cursor_close(&c);
		return FQ_ERROR;
	}
	inner.sorted = false;
	memset(&tmp, 0, sizeof(tmp));
	while ((rc = cursor_next(&c, &cols, &r)) > 0)
	{
		if (fn->distinct)
		{
			bool same = have_prev;

			for (int k = 0; k < fn->nargs && same; k++)
				same = same_value(&fn->col_types[k], prev_null[k], prev[k],
								  fq_vector_is_null(&cols[k], r), fq_vector_slot(&cols[k], r));
			if (same)
				continue;
			fq_arena_reset(pa);
			for (int k = 0; k < fn->nargs; k++)
			{
				prev_null[k] = fq_vector_is_null(&cols[k], r);
				if (!prev_null[k] && !hold(&cols[k], r, prev[k], pa))
				{
					rc = fq_raise_nomem(ctx->d, pa);
					break;
				}
			}
			if (rc < 0)
				break;
			have_prev = true;
		}
		if ((rc = fq_aggacc_add(ctx, &inner, &tmp, cols, r, a, a, a)) < 0)
			break;
		rc = 1;
	}
	fq_arena_free(pa);
	cursor_close(&c);
	if (rc < 0)
		return FQ_ERROR;
	return finish_plain(ctx, &inner, &tmp, out, row, cap, a);
}

void
fq_aggacc_close_spills(fq_aggacc_spill **list)
{
	for (fq_aggacc_spill *sp = *list; sp != NULL; sp = sp->next)
	{
		fq_spill_close(sp->f);
		sp->f = NULL;
	}
	*list = NULL;
}

int
fq_aggacc_finish(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_vector *out,
				 uint32_t row, uint32_t cap, fq_arena *a)
{
	if (out->nulls != NULL)
		out->nulls[row] = 0;
	if (fn->sorted)
		return sorted_finish(ctx, fn, acc, out, row, cap, a);
	return finish_plain(ctx, fn, acc, out, row, cap, a);
}

static int
finish_plain(fq_exec_ctx *ctx, const fq_aggacc_fn *fn, const fq_aggacc *acc, fq_vector *out,
			 uint32_t row, uint32_t cap, fq_arena *a)
{
	const fq_type *t = &fn->result;
	void *slot = fq_vector_slot(out, row);

	if (fq_agg_counts(fn->kind))
	{
		*(int64_t *) slot = acc->count;
		return FQ_OK;
	}
	if (acc->count == 0)
		return set_null(ctx, out, row, cap, a);
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
			if (t->id == FQ_T_INTERVAL)
			{
				/* PostgreSQL 15's interval_avg: interval_div(sum, count) */
				(void) fq_interval_scale(&acc->v.iv, (double) acc->count, true, (fq_interval *) slot);
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
		case FQ_AGG_BIT_AND:
		case FQ_AGG_BIT_OR:
		case FQ_AGG_BIT_XOR:
			switch (t->id)
			{
				case FQ_T_INT2: *(int16_t *) slot = (int16_t) acc->v.i; return FQ_OK;
				case FQ_T_INT4: *(int32_t *) slot = (int32_t) acc->v.i; return FQ_OK;
				case FQ_T_INT8: *(int64_t *) slot = (int64_t) acc->v.i; return FQ_OK;
				default: break;
			}
			break;
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			{
				bool null;

				if (t->id == FQ_T_FLOAT8)
				{
					double r = var_float(fn, acc, &null);

					if (null)
						return set_null(ctx, out, row, cap, a);
					*(double *) slot = r;
					return FQ_OK;
				}
				if (t->id != FQ_T_DECIMAL)
					break;
				if (var_numeric(ctx, fn, acc, (fq_numeric *) slot, &null, a) < 0)
					return FQ_ERROR;
				return null ? set_null(ctx, out, row, cap, a) : FQ_OK;
			}
		case FQ_AGG_CORR:
		case FQ_AGG_COVAR_POP:
		case FQ_AGG_COVAR_SAMP:
		case FQ_AGG_REGR_AVGX:
		case FQ_AGG_REGR_AVGY:
		case FQ_AGG_REGR_INTERCEPT:
		case FQ_AGG_REGR_R2:
		case FQ_AGG_REGR_SLOPE:
		case FQ_AGG_REGR_SXX:
		case FQ_AGG_REGR_SXY:
		case FQ_AGG_REGR_SYY:
			{
				bool null;
				double r = regr_final(fn, acc, &null);

				if (null)
					return set_null(ctx, out, row, cap, a);
				*(double *) slot = r;
				return FQ_OK;
			}
		case FQ_AGG_STRING_AGG:
			{
				fq_string s;

				s.len = acc->v.str.len;
				s.ptr = s.len > 0 ? fq_arena_memdup(a, acc->v.str.buf, s.len) : "";
				if (s.ptr == NULL)
					return fq_raise_nomem(ctx->d, a);
				memcpy(slot, &s, sizeof(s));
				return FQ_OK;
			}
		default:
			break;
	}
	return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot finish %s of %s", fq_agg_name(fn->kind),
					fq_type_name(t->id));
}
