/*
 * math.c — the number functions (func.h), as PostgreSQL 15 computes them.
 */
#include "func/func.h"
#include "func/support.h"

#include "plan/expr.h"
#include "types/types.h"

#include <math.h>
#include <stdlib.h>

#define FN(...) {.family = FQ_FAMILY_MATH, __VA_ARGS__}

/* abs keeps its argument's type; an integer's most negative value has no
 * absolute value in it. */
static int
fn_abs(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	switch (args[0].type.id)
	{
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			res->v.f = fabs(args[0].v.f);
			return FQ_OK;
		case FQ_T_DECIMAL:
			fq_num_abs(&args[0].v.num, &res->v.num);
			return FQ_OK;
		default:
			if (args[0].v.i == INT64_MIN || !fq_fn_fits_int(llabs(args[0].v.i), args[0].type.id))
				return fq_fn_int_range(x, args[0].type.id);
			res->v.i = args[0].v.i < 0 ? -args[0].v.i : args[0].v.i;
			return FQ_OK;
	}
}

typedef enum rounding
{
	ROUND,
	TRUNC,
	CEIL,
	FLOOR
} rounding;

/*
 * round/trunc/ceil/floor of a double stay double (round is half to even,
 * as rint); of a NUMERIC stay NUMERIC, to n places (negative: left of the
 * point).  Redshift's round(double, n) reads the double as a NUMERIC
 * through its 15 significant digits, as PostgreSQL's float8-to-numeric
 * cast does.
 */
static int
rounded(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res, rounding how)
{
	fq_numeric v;
	int64_t n = f->nargs == 2 ? args[1].v.i : 0;
	fq_num_status st;

	if (f->e.type.id == FQ_T_FLOAT8)
	{
		double d = args[0].v.f;

		res->v.f = how == ROUND ? rint(d) : how == TRUNC ? trunc(d) : how == CEIL ? ceil(d) : floor(d);
		return FQ_OK;
	}
	if (args[0].type.id == FQ_T_FLOAT8)
	{
		st = fq_num_from_double(args[0].v.f, 15, x->a, &v);
		if (st != FQ_NUM_OK)
			return fq_fn_num_status(x, st);
	}
	else
		fq_fn_as_numeric(&args[0], &v);
	if (n > INT32_MAX)
		n = INT32_MAX;
	if (n < INT32_MIN)
		n = INT32_MIN;
	switch (how)
	{
		case ROUND: st = fq_num_round(&v, (int) n, x->a, &res->v.num); break;
		case TRUNC: st = fq_num_trunc(&v, (int) n, x->a, &res->v.num); break;
		case CEIL: st = fq_num_ceil(&v, x->a, &res->v.num); break;
		default: st = fq_num_floor(&v, x->a, &res->v.num); break;
	}
	return fq_fn_num_status(x, st);
}

static int
fn_round(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, ROUND);
}

static int
fn_trunc(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, TRUNC);
}

static int
fn_ceil(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, CEIL);
}

static int
fn_floor(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, FLOOR);
}

static const fq_func_sig abs_sigs[] = {
	S1(INT2, INT2), S1(INT4, INT4), S1(INT8, INT8),
	S1(FLOAT4, FLOAT4), S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL),
};

static const fq_func_sig ceil_sigs[] = {S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL)};

static const fq_func_sig round_sigs[] = {
	S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL), S2(DECIMAL, INT4, DECIMAL),
	/* Redshift's */
	{2, {FQ_T_FLOAT8, FQ_T_INT4}, FQ_T_DECIMAL, true, "round(CAST($1 AS numeric), $2)"},
};

static const fq_func_sig trunc_sigs[] = {
	S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL), S2(DECIMAL, INT4, DECIMAL),
	{2, {FQ_T_FLOAT8, FQ_T_INT4}, FQ_T_DECIMAL, true, "trunc(CAST($1 AS numeric), $2)"},
};

const fq_func_def fq_math_funcs[] = {
	FN(.name = "abs", SIGS(abs_sigs), .eval = fn_abs),
	FN(.name = "ceil", .aliases = {"ceiling"}, SIGS(ceil_sigs), .eval = fn_ceil),
	FN(.name = "floor", SIGS(ceil_sigs), .eval = fn_floor),
	FN(.name = "round", SIGS(round_sigs), .eval = fn_round),
	FN(.name = "trunc", SIGS(trunc_sigs), .eval = fn_trunc),
};

const int fq_math_nfuncs = NSIGS(fq_math_funcs);
