/*
 * eval.c — vectorised evaluation of bound expressions.
 *
 * fq_eval computes an expression for every row of a batch into a vector.
 * Each node evaluates its arguments into vectors first, then runs one loop
 * over the rows.  The common cases — comparisons, AND/OR/NOT, IS NULL,
 * integer and float arithmetic, LIKE with a constant pattern — have tight
 * type-specialised loops; everything else goes through a row-at-a-time
 * path over fq_value (scalar_*), which is the reference semantics.
 *
 * `sel` (optional) marks the rows whose result is wanted.  Rows outside it
 * may hold anything, and must never raise an error: CASE evaluates each
 * branch only for the rows that take it, so a division by zero in a branch
 * not taken raises nothing, as in PostgreSQL.
 *
 * Semantics are PostgreSQL's with the "C" collation (see value.c for
 * comparison rules); arithmetic errors carry PostgreSQL's SQLSTATEs.
 */
#include "exec/exec.h"

#include "core/chars.h"
#include "core/diag.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "exec/inlist.h"
#include "exec/like.h"
#include "exec/vector.h"
#include "func/func.h"
#include "func/support.h"
#include "plan/coerce.h"
#include "sql/ast.h"
#include "types/numeric.h"
#include "types/types.h"
#include "types/types_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ev
{
	fq_fn_ctx fn; /* what functions (and the error helpers) see */
	fq_exec_ctx *ctx;
	const fq_batch *in;
	uint32_t n;
	const uint8_t *sel;
	fq_arena *a;
} ev;

static int eval(ev *x, const fq_expr *e, const uint8_t *sel, fq_vector *out);

#define WANT(sel, r) ((sel) == NULL || (sel)[r])

static bool
is_str(fq_type_id id)
{
	return id == FQ_T_CHAR || id == FQ_T_VARCHAR || id == FQ_T_BYTEA || id == FQ_T_UNKNOWN;
}

static int
new_vec(ev *x, const fq_type *t, fq_vector *out)
{
	out->type = *t;
	out->nulls = NULL;
	out->data = fq_arena_alloc(x->a, fq_type_size(t) * (x->n ? x->n : 1));
	return out->data != NULL ? FQ_OK : fq_fn_nomem(&x->fn);
}

static uint8_t *
nulls_of(ev *x, fq_vector *v)
{
	uint8_t *nl = fq_vector_nulls(v, x->a, x->n);

	if (nl == NULL)
		fq_fn_nomem(&x->fn);
	return nl;
}

/* NULL flags that are the OR of the inputs' (NULL pointer when none). */
static int
or_nulls(ev *x, fq_vector *out, const fq_vector *const *args, int nargs)
{
	for (int i = 0; i < nargs; i++)
	{
		const uint8_t *src = args[i]->nulls;

		if (src == NULL)
			continue;
		if (out->nulls == NULL)
		{
			out->nulls = fq_arena_alloc(x->a, x->n ? x->n : 1);
			if (out->nulls == NULL)
				return fq_fn_nomem(&x->fn);
			memcpy(out->nulls, src, x->n);
		}
		else
			for (uint32_t r = 0; r < x->n; r++)
				out->nulls[r] |= src[r];
	}
	return FQ_OK;
}

static inline bool
isnull(const fq_vector *v, uint32_t r)
{
	return v->nulls != NULL && v->nulls[r];
}

/* A value that does not fit numeric(p,s), as PostgreSQL words it. */
static int
numeric_overflow(ev *x, const fq_type *t, bool infinite)
{
	int maxdigits = t->precision - t->scale;

	fq_raise(x->ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "numeric field overflow");
	if (infinite)
		fq_diag_detail(x->ctx->d, "A field with precision %d, scale %d cannot hold an infinite value.",
					   t->precision, t->scale);
	else
		fq_diag_detail(x->ctx->d,
					   "A field with precision %d, scale %d must round to an absolute value less "
					   "than %s%d.", t->precision, t->scale, maxdigits ? "10^" : "",
					   maxdigits ? maxdigits : 1);
	return FQ_ERROR;
}

/* ---- casts ---- */

static int
conv_error(ev *x, fq_conv c, const fq_type *to, const char *s, size_t n)
{
	fq_strbuf tn = FQ_STRBUF_INIT;
	bool dt = fq_type_is_datetime(to->id) || to->id == FQ_T_INTERVAL;

	if (c == FQ_CONV_NOMEM)
		return fq_fn_nomem(&x->fn);
	fq_type_format(to, &tn);
	if (c == FQ_CONV_RANGE)
	{
		if (dt)
			fq_raise(x->ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
					 "date/time field value out of range: \"%.*s\"", (int) (n > 200 ? 200 : n), s);
		else if (to->id == FQ_T_DECIMAL)
		{
			/* Too big for numeric at all, or for the column's (p,s)? */
			fq_numeric v;

			if (fq_num_parse(s, n, x->a, &v) != FQ_CONV_OK)
				fq_raise(x->ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
						 "value overflows numeric format");
			else
				numeric_overflow(x, to, !fq_num_is_finite(&v));
		}
		else
			fq_raise(x->ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
					 "value \"%.*s\" is out of range for type %s", (int) (n > 200 ? 200 : n), s,
					 fq_strbuf_str(&tn));
	}
	else
		fq_raise(x->ctx->d, dt ? FQ_ERR_INVALID_DATETIME_FORMAT : FQ_ERR_INVALID_TEXT_REPRESENTATION,
				 0, "invalid input syntax for type %s: \"%.*s\"", fq_type_name(to->id),
				 (int) (n > 200 ? 200 : n), s);
	fq_strbuf_free(&tn);
	return FQ_ERROR;
}

/* Truncates to n characters (explicit-cast semantics). */
static void
limit_chars(fq_string *s, int32_t n)
{
	if (n >= 0 && (int64_t) s->len > n)
		s->len = (uint32_t) fq_utf8_offset(s->ptr, s->len, n);
}

static int
pad_char(ev *x, fq_value *res, int32_t n)
{
	int64_t chars;

	if (n < 0)
		return FQ_OK;
	limit_chars(&res->v.s, n);
	chars = fq_utf8_count(res->v.s.ptr, res->v.s.len);
	if (chars < n)
	{
		size_t len = res->v.s.len + (size_t) (n - chars);
		char *p = fq_arena_alloc(x->a, len);

		if (p == NULL)
			return fq_fn_nomem(&x->fn);
		memcpy(p, res->v.s.ptr, res->v.s.len);
		memset(p + res->v.s.len, ' ', len - res->v.s.len);
		res->v.s.ptr = p;
		res->v.s.len = (uint32_t) len;
	}
	return FQ_OK;
}

static int64_t
round_usecs(int64_t us, int precision)
{
	int64_t unit;
	int64_t r;

	if (precision >= 6 || precision < 0)
		return us;
	unit = 1;
	for (int i = precision; i < 6; i++)
		unit *= 10;
	r = us % unit;
	us -= r;
	if (r >= unit / 2)
		us += unit;
	else if (r <= -unit / 2)
		us -= unit;
	return us;
}

/* The text of a numeric in an error message ("1e400" is out of range). */
static int
num_out_of_range(ev *x, const fq_numeric *v, const char *type)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_num_append(v, &b);
	fq_raise(x->ctx->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "\"%s\" is out of range for type %s",
			 fq_strbuf_str(&b), type);
	fq_strbuf_free(&b);
	return FQ_ERROR;
}

/*
 * Between integers, numerics and floats, as PostgreSQL's casts: floats to
 * numeric through 15 (real: 6) significant digits, numeric to floats
 * through their text, rounding half away from zero into integers (floats
 * half to even), and each refusal with PostgreSQL's SQLSTATE.
 */
static int
cast_number(ev *x, const fq_value *in, const fq_type *to, fq_value *res)
{
	fq_type_id f = in->type.id;
	fq_type_id t = to->id;

	if (t == FQ_T_FLOAT4 || t == FQ_T_FLOAT8)
	{
		if (f == FQ_T_DECIMAL)
		{
			fq_conv c;

			if (t == FQ_T_FLOAT4)
			{
				float fl;

				c = fq_num_to_float(&in->v.num, &fl);
				res->v.f = fl;
			}
			else
				c = fq_num_to_double(&in->v.num, &res->v.f);
			if (c == FQ_CONV_NOMEM)
				return fq_fn_nomem(&x->fn);
			return c == FQ_CONV_OK ? FQ_OK
				: num_out_of_range(x, &in->v.num, t == FQ_T_FLOAT4 ? "real" : "double precision");
		}
		if (fq_type_is_integer(f))
		{
			/* One rounding, straight from the integer. */
			res->v.f = t == FQ_T_FLOAT4 ? (double) (float) in->v.i : (double) in->v.i;
			return FQ_OK;
		}
		if (t == FQ_T_FLOAT4 && f == FQ_T_FLOAT8)
		{
			float fl = (float) in->v.f;

			if (isinf(fl) && !isinf(in->v.f))
				return fq_fn_float_overflow(&x->fn);
			if (fl == 0 && in->v.f != 0)
				return fq_fn_float_underflow(&x->fn);
			res->v.f = fl;
			return FQ_OK;
		}
		res->v.f = in->v.f;
		return FQ_OK;
	}
	if (t == FQ_T_DECIMAL)
	{
		fq_numeric v;
		fq_conv c;

		if (f == FQ_T_FLOAT4 || f == FQ_T_FLOAT8)
		{
			int rc = fq_fn_num_status(&x->fn, fq_num_from_double(in->v.f, f == FQ_T_FLOAT4 ? 6 : 15, x->a, &v));

			if (rc < 0)
				return rc;
		}
		else
			fq_fn_as_numeric(in, &v);
		c = fq_num_typmod(&v, to->precision, to->scale, x->a, &res->v.num);
		if (c == FQ_CONV_NOMEM)
			return fq_fn_nomem(&x->fn);
		return c == FQ_CONV_OK ? FQ_OK : numeric_overflow(x, to, !fq_num_is_finite(&v));
	}
	/* to an integer */
	if (f == FQ_T_FLOAT4 || f == FQ_T_FLOAT8)
	{
		double d = rint(in->v.f);

		if (isnan(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0 ||
			!fq_fn_fits_int((int64_t) d, t))
			return fq_fn_int_range(&x->fn, t);
		res->v.i = (int64_t) d;
		return FQ_OK;
	}
	if (f == FQ_T_DECIMAL)
	{
		const char *tn = t == FQ_T_INT2 ? "smallint" : t == FQ_T_INT4 ? "integer" : "bigint";

		if (!fq_num_is_finite(&in->v.num))
			return fq_raise(x->ctx->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "cannot convert %s to %s",
							in->v.num.kind == FQ_NUM_NAN ? "NaN" : "infinity", tn);
		if (fq_num_to_int(&in->v.num, t == FQ_T_INT2 ? INT16_MIN : t == FQ_T_INT4 ? INT32_MIN : INT64_MIN,
						  t == FQ_T_INT2 ? INT16_MAX : t == FQ_T_INT4 ? INT32_MAX : INT64_MAX,
						  &res->v.i) != FQ_CONV_OK)
			return fq_fn_int_range(&x->fn, t);
		return FQ_OK;
	}
	if (!fq_fn_fits_int(in->v.i, t))
		return fq_fn_int_range(&x->fn, t);
	res->v.i = in->v.i;
	return FQ_OK;
}

static int
cast_value(ev *x, const fq_value *in, const fq_type *to, fq_value *res)
{
	fq_type_id f = in->type.id;
	fq_type_id t = to->id;

	memset(res, 0, sizeof(*res));
	res->type = *to;
	if (in->isnull)
	{
		res->isnull = true;
		return FQ_OK;
	}
	/* From text: parse. */
	if (is_str(f) && f != FQ_T_BYTEA && !is_str(t))
	{
		union
		{
			int64_t i;
			fq_numeric d;
			double fl;
			fq_string s;
			fq_interval iv;
			fq_uuid u;
		} slot;
		fq_conv c = fq_parse_text(in->v.s.ptr, in->v.s.len, to, &slot, x->a);

		if (c != FQ_CONV_OK)
			return conv_error(x, c, to, in->v.s.ptr, in->v.s.len);
		fq_slot_to_value(&slot, to, res);
		return FQ_OK;
	}
	if (is_str(f) && t == FQ_T_BYTEA)
	{
		if (f == FQ_T_BYTEA)
		{
			res->v.s = in->v.s;
			return FQ_OK;
		}
		{
			fq_string s;
			fq_conv c = fq_parse_text(in->v.s.ptr, in->v.s.len, to, &s, x->a);

			if (c != FQ_CONV_OK)
				return conv_error(x, c, to, in->v.s.ptr, in->v.s.len);
			res->v.s = s;
			return FQ_OK;
		}
	}
	/* To text: format. */
	if (t == FQ_T_CHAR || t == FQ_T_VARCHAR || t == FQ_T_UNKNOWN)
	{
		if (is_str(f) && f != FQ_T_BYTEA)
		{
			res->v.s = in->v.s;
			if (f == FQ_T_CHAR)
				while (res->v.s.len > 0 && res->v.s.ptr[res->v.s.len - 1] == ' ')
					res->v.s.len--;
		}
		else if (f == FQ_T_BOOL)
			res->v.s = in->v.i ? (fq_string){"true", 4} : (fq_string){"false", 5};
		else
		{
			union
			{
				int64_t i;
				fq_numeric d;
				double fl;
				fq_string s;
				fq_interval iv;
				fq_uuid u;
			} slot;
			fq_strbuf b = FQ_STRBUF_INIT;
			int rc;

			fq_value_to_slot(in, &slot);
			fq_format_text(&slot, &in->type, false, &b);
			if (!fq_strbuf_ok(&b))
			{
				fq_strbuf_free(&b);
				return fq_fn_nomem(&x->fn);
			}
			rc = fq_fn_set_string(&x->fn, res, fq_strbuf_str(&b), b.len);
			fq_strbuf_free(&b);
			if (rc < 0)
				return rc;
		}
		if (t == FQ_T_CHAR)
			return pad_char(x, res, to->length);
		limit_chars(&res->v.s, to->length);
		return FQ_OK;
	}
	/* Numbers. */
	if (fq_type_is_numeric(f) && fq_type_is_numeric(t))
		return cast_number(x, in, to, res);
	if (f == FQ_T_BOOL && fq_type_is_integer(t))
	{
		res->v.i = in->v.i != 0;
		return FQ_OK;
	}
	if (fq_type_is_integer(f) && t == FQ_T_BOOL)
	{
		res->v.i = in->v.i != 0;
		return FQ_OK;
	}
	/* Dates and times. */
	if (f == t && (t == FQ_T_TIME || t == FQ_T_TIMESTAMP || t == FQ_T_TIMESTAMPTZ))
	{
		res->v.i = in->v.i;
		if (t == FQ_T_TIME || (in->v.i != INT64_MIN && in->v.i != INT64_MAX))
			res->v.i = round_usecs(in->v.i, to->precision);
		return FQ_OK;
	}
	if (f == FQ_T_DATE && (t == FQ_T_TIMESTAMP || t == FQ_T_TIMESTAMPTZ))
	{
		if (in->v.i == FQ_DATE_NEG_INFINITY || in->v.i == FQ_DATE_POS_INFINITY)
			res->v.i = in->v.i == FQ_DATE_NEG_INFINITY ? INT64_MIN : INT64_MAX;
		else if (in->v.i >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY)
			return fq_raise(x->ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
							"date out of range for timestamp");
		else
			res->v.i = in->v.i * FQ_USECS_PER_DAY;
		return FQ_OK;
	}
	if ((f == FQ_T_TIMESTAMP || f == FQ_T_TIMESTAMPTZ) && t == FQ_T_DATE)
	{
		int64_t us = in->v.i;

		if (us == INT64_MIN || us == INT64_MAX)
			res->v.i = us == INT64_MIN ? FQ_DATE_NEG_INFINITY : FQ_DATE_POS_INFINITY;
		else
		{
			int64_t days = us / FQ_USECS_PER_DAY;

			if (us % FQ_USECS_PER_DAY < 0)
				days--;
			res->v.i = days;
		}
		return FQ_OK;
	}
	if ((f == FQ_T_TIMESTAMP && t == FQ_T_TIMESTAMPTZ) || (f == FQ_T_TIMESTAMPTZ && t == FQ_T_TIMESTAMP))
	{
		/* fedq's zone is UTC; an infinity stays one, unrounded */
		res->v.i = in->v.i;
		if (in->v.i != INT64_MIN && in->v.i != INT64_MAX)
			res->v.i = round_usecs(in->v.i, to->precision);
		return FQ_OK;
	}
	if ((f == FQ_T_TIMESTAMP || f == FQ_T_TIMESTAMPTZ) && t == FQ_T_TIME)
	{
		int64_t us = in->v.i % FQ_USECS_PER_DAY;

		/* an infinite timestamp has no time of day: NULL, as PostgreSQL */
		if (in->v.i == INT64_MIN || in->v.i == INT64_MAX)
		{
			res->isnull = true;
			return FQ_OK;
		}
		/* then time(p)'s rounding, which may reach 24:00:00 */
		res->v.i = round_usecs(us < 0 ? us + FQ_USECS_PER_DAY : us, to->precision);
		return FQ_OK;
	}
	if (f == FQ_T_TIME && t == FQ_T_INTERVAL)
	{
		res->v.iv.usecs = in->v.i;
		res->v.iv.days = 0;
		res->v.iv.months = 0;
		return FQ_OK;
	}
	if (f == FQ_T_INTERVAL && t == FQ_T_TIME)
	{
		/* the time part's time of day; days and months go (interval_time) */
		int64_t us = in->v.iv.usecs % FQ_USECS_PER_DAY;

		res->v.i = round_usecs(us < 0 ? us + FQ_USECS_PER_DAY : us, to->precision);
		return FQ_OK;
	}
	if (f == t)
	{
		*res = *in;
		res->type = *to;
		return FQ_OK;
	}
	return fq_raise(x->ctx->d, FQ_ERR_DATATYPE_MISMATCH, 0, "cannot cast type %s to %s",
					fq_type_name(f), fq_type_name(t));
}

/* ---- arithmetic (row level) ---- */

static int
int_arith(ev *x, fq_func_id fn, int64_t a, int64_t b, fq_type_id t, int64_t *out)
{
	int64_t r = 0;

	switch (fn)
	{
		case FQ_F_ADD:
			if (__builtin_add_overflow(a, b, &r))
				return fq_fn_int_range(&x->fn, t);
			break;
		case FQ_F_SUB:
			if (__builtin_sub_overflow(a, b, &r))
				return fq_fn_int_range(&x->fn, t);
			break;
		case FQ_F_MUL:
			if (__builtin_mul_overflow(a, b, &r))
				return fq_fn_int_range(&x->fn, t);
			break;
		case FQ_F_DIV:
			if (b == 0)
				return fq_fn_div_zero(&x->fn);
			if (b == -1)
			{
				if (__builtin_sub_overflow((int64_t) 0, a, &r))
					return fq_fn_int_range(&x->fn, t);
			}
			else
				r = a / b;
			break;
		case FQ_F_MOD:
			if (b == 0)
				return fq_fn_div_zero(&x->fn);
			r = b == -1 ? 0 : a % b;
			break;
		default:
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "not integer arithmetic");
	}
	if (!fq_fn_fits_int(r, t))
		return fq_fn_int_range(&x->fn, t);
	*out = r;
	return FQ_OK;
}

static int
num_arith(ev *x, fq_func_id fn, const fq_value *av, const fq_value *bv, fq_numeric *out)
{
	fq_numeric a;
	fq_numeric b;
	fq_num_status st;

	fq_fn_as_numeric(av, &a);
	fq_fn_as_numeric(bv, &b);
	switch (fn)
	{
		case FQ_F_ADD: st = fq_num_add(&a, &b, x->a, out); break;
		case FQ_F_SUB: st = fq_num_sub(&a, &b, x->a, out); break;
		case FQ_F_MUL: st = fq_num_mul(&a, &b, x->a, out); break;
		case FQ_F_DIV: st = fq_num_div(&a, &b, x->a, out); break;
		case FQ_F_MOD: st = fq_num_mod(&a, &b, x->a, out); break;
		default:
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "not numeric arithmetic");
	}
	return fq_fn_num_status(&x->fn, st);
}

/*
 * float8 (or float4, single) arithmetic with PostgreSQL's checks: an
 * infinite result from finite operands overflows, a zero product of
 * nonzero operands (or quotient of a nonzero dividend by a finite
 * divisor) underflows.  float4 computed in double and rounded once gives
 * the correctly rounded float result for + - * /.
 */
static int
float_arith(ev *x, fq_func_id fn, double a, double b, bool single, double *out)
{
	double r;

	switch (fn)
	{
		case FQ_F_ADD: r = a + b; break;
		case FQ_F_SUB: r = a - b; break;
		case FQ_F_MUL: r = a * b; break;
		case FQ_F_DIV:
			if (b == 0)
				return fq_fn_div_zero(&x->fn);
			r = a / b;
			break;
		default:
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "not float arithmetic");
	}
	if (single)
		r = (float) r;
	if (isinf(r) && !isinf(a) && !isinf(b))
		return fq_fn_float_overflow(&x->fn);
	if (r == 0 && ((fn == FQ_F_MUL && a != 0 && b != 0) || (fn == FQ_F_DIV && a != 0 && !isinf(b))))
		return fq_fn_float_underflow(&x->fn);
	*out = r;
	return FQ_OK;
}

/* C's conversion of a double to an integer as x86-64 does it, which is
 * what PostgreSQL's own casts do: out of range (or NaN), the most
 * negative value. */
static int32_t
x86_int32(double d)
{
	return isnan(d) || d >= 2147483648.0 || d < -2147483648.0 ? INT32_MIN : (int32_t) d;
}

static int64_t
x86_int64(double d)
{
	return isnan(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0
		? INT64_MIN : (int64_t) d;
}

/* PostgreSQL's TSROUND: to the microsecond, as a double. */
static double
ts_round(double d)
{
	return rint(d * 1000000.0) / 1000000.0;
}

/*
 * interval * double precision and interval / double precision as
 * PostgreSQL 15's interval_mul and interval_div: months and days scaled
 * and truncated, their fractions cascaded down into days (30 to a month)
 * and seconds, the time scaled and rounded to the microsecond.  Multiplying
 * checks its months, days and time for overflow (false: 22008 for the
 * caller); dividing does not, as PostgreSQL's does not (its casts wrap as
 * x86's do), and a zero divisor is the caller's to refuse (avg(interval)
 * divides its sum by the count).
 */
bool
fq_interval_scale(const fq_interval *iv, double factor, bool divide, fq_interval *out)
{
	double months = divide ? iv->months / factor : iv->months * factor;
	double days = divide ? iv->days / factor : iv->days * factor;
	double month_days;
	double secs;
	double t;

	if (!divide && (isnan(months) || months > INT32_MAX || months < INT32_MIN || isnan(days) ||
					days > INT32_MAX || days < INT32_MIN))
		return false;
	out->months = x86_int32(months);
	out->days = x86_int32(days);
	month_days = ts_round((months - out->months) * 30);
	secs = ts_round((days - out->days + month_days - x86_int32(month_days)) * 86400);
	if (fabs(secs) >= 86400)
	{
		out->days = (int32_t) ((uint32_t) out->days + (uint32_t) x86_int32(secs / 86400));
		secs -= x86_int32(secs / 86400) * 86400;
	}
	out->days = (int32_t) ((uint32_t) out->days + (uint32_t) x86_int32(month_days));
	t = rint((divide ? iv->usecs / factor : iv->usecs * factor) + secs * 1000000.0);
	if (!divide && (isnan(t) || t < -9223372036854775808.0 || t >= 9223372036854775808.0))
		return false;
	out->usecs = x86_int64(t);
	return true;
}

static int
interval_scale(ev *x, const fq_interval *iv, double factor, bool divide, fq_interval *out)
{
	if (divide && factor == 0.0)
		return fq_fn_div_zero(&x->fn);
	if (!fq_interval_scale(iv, factor, divide, out))
		return fq_raise(x->ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "interval out of range");
	return FQ_OK;
}

static int
scalar_arith(ev *x, const fq_func_expr *f, const fq_value *a, const fq_value *b, fq_value *res)
{
	fq_type_id ta = a->type.id;
	fq_type_id tb = b->type.id;
	fq_type_id rt = f->e.type.id;

	if (ta == FQ_T_DATE && fq_type_is_integer(tb))
	{
		int64_t d;

		if (a->v.i == FQ_DATE_NEG_INFINITY || a->v.i == FQ_DATE_POS_INFINITY)
		{
			res->v.i = a->v.i;
			return FQ_OK;
		}
		d = f->fn == FQ_F_ADD ? a->v.i + b->v.i : a->v.i - b->v.i;
		if (d <= FQ_DATE_NEG_INFINITY || d >= FQ_DATE_POS_INFINITY || d < -2451545 || d > 2145031948)
			return fq_fn_ts_range(&x->fn, FQ_T_DATE);
		res->v.i = d;
		return FQ_OK;
	}
	if (ta == FQ_T_DATE && tb == FQ_T_DATE)
	{
		if (a->v.i == FQ_DATE_NEG_INFINITY || a->v.i == FQ_DATE_POS_INFINITY ||
			b->v.i == FQ_DATE_NEG_INFINITY || b->v.i == FQ_DATE_POS_INFINITY)
			return fq_raise(x->ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
							"cannot subtract infinite dates");
		res->v.i = a->v.i - b->v.i;
		return FQ_OK;
	}
	if (tb == FQ_T_INTERVAL && (fq_type_is_datetime(ta)))
	{
		int64_t ts = a->v.i;

		if (ta == FQ_T_DATE)
		{
			fq_value tsv;
			fq_type tt = fq_type_make(FQ_T_TIMESTAMP);

			if (cast_value(x, a, &tt, &tsv) < 0)
				return FQ_ERROR;
			ts = tsv.v.i;
		}
		if (ta == FQ_T_TIME)
		{
			int64_t us = (a->v.i + (f->fn == FQ_F_ADD ? b->v.iv.usecs : -b->v.iv.usecs)) % FQ_USECS_PER_DAY;

			res->v.i = us < 0 ? us + FQ_USECS_PER_DAY : us;
			return FQ_OK;
		}
		return fq_fn_ts_add_interval(&x->fn, ts, &b->v.iv, f->fn == FQ_F_ADD ? 1 : -1, rt, &res->v.i);
	}
	if (ta == FQ_T_INTERVAL && tb == FQ_T_FLOAT8 && (f->fn == FQ_F_MUL || f->fn == FQ_F_DIV))
		return interval_scale(x, &a->v.iv, b->v.f, f->fn == FQ_F_DIV, &res->v.iv);
	if (ta == FQ_T_INTERVAL && tb == FQ_T_INTERVAL)
	{
		int sign = f->fn == FQ_F_ADD ? 1 : -1;

		if (__builtin_add_overflow(a->v.iv.usecs, sign * b->v.iv.usecs, &res->v.iv.usecs) ||
			__builtin_add_overflow(a->v.iv.days, sign * b->v.iv.days, &res->v.iv.days) ||
			__builtin_add_overflow(a->v.iv.months, sign * b->v.iv.months, &res->v.iv.months))
			return fq_fn_ts_range(&x->fn, FQ_T_INTERVAL);
		return FQ_OK;
	}
	if ((ta == FQ_T_TIMESTAMP || ta == FQ_T_TIMESTAMPTZ) && ta == tb)
	{
		int64_t diff;

		if (a->v.i == INT64_MIN || a->v.i == INT64_MAX || b->v.i == INT64_MIN || b->v.i == INT64_MAX)
			return fq_raise(x->ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
							"cannot subtract infinite timestamps");
		/* PostgreSQL 15's timestamp_mi does not check: the difference of
		 * the range's ends wraps around as its build computes it */
		diff = (int64_t) ((uint64_t) a->v.i - (uint64_t) b->v.i);
		res->v.iv.months = 0;
		res->v.iv.days = (int32_t) (diff / FQ_USECS_PER_DAY);
		res->v.iv.usecs = diff % FQ_USECS_PER_DAY;
		return FQ_OK;
	}
	if (rt == FQ_T_DECIMAL)
		return num_arith(x, f->fn, a, b, &res->v.num);
	if (rt == FQ_T_FLOAT4 || rt == FQ_T_FLOAT8)
		return float_arith(x, f->fn, a->v.f, b->v.f, rt == FQ_T_FLOAT4, &res->v.f);
	if (fq_type_is_integer(rt))
		return int_arith(x, f->fn, a->v.i, b->v.i, rt, &res->v.i);
	return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "arithmetic on %s and %s",
					fq_type_name(ta), fq_type_name(tb));
}

/* ---- strings ---- */

/* lower() of a string, in the evaluation's arena. */
static int
lower_copy(ev *x, const fq_string *in, fq_string *out)
{
	size_t n = fq_utf8_casemap(in->ptr, in->len, false, NULL);
	char *p = fq_arena_alloc(x->a, n ? n : 1);

	if (p == NULL)
		return fq_fn_nomem(&x->fn);
	fq_utf8_casemap(in->ptr, in->len, false, p);
	out->ptr = p;
	out->len = (uint32_t) n;
	return FQ_OK;
}

/* ---- one row of a function, over fq_values ---- */

static int
scalar_func(ev *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int nargs = f->nargs;

	memset(res, 0, sizeof(*res));
	res->type = f->e.type;
	/* NULL in, NULL out, except where SQL says otherwise. */
	if (f->fn != FQ_F_COALESCE && f->fn != FQ_F_GREATEST && f->fn != FQ_F_LEAST &&
		f->fn != FQ_F_DISTINCT && f->fn != FQ_F_NOT_DISTINCT && f->fn != FQ_F_NULLIF &&
		f->fn != FQ_F_SOURCE && !(f->fn == FQ_F_CALL && (f->def->flags & FQ_FN_NONSTRICT)))
		for (int i = 0; i < nargs; i++)
			if (args[i].isnull)
			{
				res->isnull = true;
				return FQ_OK;
			}
	switch (f->fn)
	{
		case FQ_F_EQ:
		case FQ_F_NE:
		case FQ_F_LT:
		case FQ_F_LE:
		case FQ_F_GT:
		case FQ_F_GE:
		case FQ_F_DISTINCT:
		case FQ_F_NOT_DISTINCT:
			{
				uint8_t sa[FQ_SLOT_MAX];
				uint8_t sb[FQ_SLOT_MAX];
				int c;

				if (args[0].isnull || args[1].isnull)
				{
					bool same = args[0].isnull && args[1].isnull;

					res->v.i = f->fn == FQ_F_DISTINCT ? !same : same;
					return FQ_OK;
				}
				fq_value_to_slot(&args[0], sa);
				fq_value_to_slot(&args[1], sb);
				c = fq_compare_slots(&args[0].type, sa, sb);
				switch (f->fn)
				{
					case FQ_F_EQ: case FQ_F_NOT_DISTINCT: res->v.i = c == 0; break;
					case FQ_F_NE: case FQ_F_DISTINCT: res->v.i = c != 0; break;
					case FQ_F_LT: res->v.i = c < 0; break;
					case FQ_F_LE: res->v.i = c <= 0; break;
					case FQ_F_GT: res->v.i = c > 0; break;
					default: res->v.i = c >= 0; break;
				}
				return FQ_OK;
			}
		case FQ_F_ADD:
		case FQ_F_SUB:
		case FQ_F_MUL:
		case FQ_F_DIV:
		case FQ_F_MOD:
			return scalar_arith(x, f, &args[0], &args[1], res);
		case FQ_F_NEG:
			switch (args[0].type.id)
			{
				case FQ_T_FLOAT4:
				case FQ_T_FLOAT8:
					res->v.f = -args[0].v.f;
					return FQ_OK;
				case FQ_T_DECIMAL:
					fq_num_neg(&args[0].v.num, &res->v.num);
					return FQ_OK;
				case FQ_T_INTERVAL:
					res->v.iv.months = -args[0].v.iv.months;
					res->v.iv.days = -args[0].v.iv.days;
					res->v.iv.usecs = -args[0].v.iv.usecs;
					return FQ_OK;
				default:
					if (args[0].v.i == INT64_MIN || !fq_fn_fits_int(-args[0].v.i, args[0].type.id))
						return fq_fn_int_range(&x->fn, args[0].type.id);
					res->v.i = -args[0].v.i;
					return FQ_OK;
			}
		case FQ_F_CONCAT:
			{
				size_t n = (size_t) args[0].v.s.len + args[1].v.s.len;
				char *p = fq_arena_alloc(x->a, n ? n : 1);

				if (p == NULL)
					return fq_fn_nomem(&x->fn);
				memcpy(p, args[0].v.s.ptr, args[0].v.s.len);
				memcpy(p + args[0].v.s.len, args[1].v.s.ptr, args[1].v.s.len);
				res->v.s.ptr = p;
				res->v.s.len = (uint32_t) n;
				return FQ_OK;
			}
		case FQ_F_LIKE:
		case FQ_F_NOT_LIKE:
		case FQ_F_ILIKE:
		case FQ_F_NOT_ILIKE:
			{
				char esc = '\\';
				bool m;

				if (nargs == 3)
					esc = args[2].v.s.len > 0 ? args[2].v.s.ptr[0] : '\0';
				if (f->fn == FQ_F_ILIKE || f->fn == FQ_F_NOT_ILIKE)
				{
					/* PostgreSQL matches lower(text) against lower(pattern)
					 * in a multibyte encoding */
					fq_string ls;
					fq_string lp;

					if (lower_copy(x, &args[0].v.s, &ls) < 0 || lower_copy(x, &args[1].v.s, &lp) < 0)
						return FQ_ERROR;
					m = fq_like_match(ls.ptr, ls.len, lp.ptr, lp.len, esc, false);
				}
				else
					m = fq_like_match(args[0].v.s.ptr, args[0].v.s.len, args[1].v.s.ptr,
									  args[1].v.s.len, esc, false);
				res->v.i = (f->fn == FQ_F_LIKE || f->fn == FQ_F_ILIKE) ? m : !m;
				return FQ_OK;
			}
		case FQ_F_COALESCE:
			for (int i = 0; i < nargs; i++)
				if (!args[i].isnull)
				{
					*res = args[i];
					res->type = f->e.type;
					return FQ_OK;
				}
			res->isnull = true;
			return FQ_OK;
		case FQ_F_NULLIF:
			{
				uint8_t sa[FQ_SLOT_MAX];
				uint8_t sb[FQ_SLOT_MAX];

				*res = args[0];
				res->type = f->e.type;
				if (args[0].isnull || args[1].isnull)
					return FQ_OK;
				fq_value_to_slot(&args[0], sa);
				fq_value_to_slot(&args[1], sb);
				if (fq_compare_slots(&args[0].type, sa, sb) == 0)
					res->isnull = true;
				return FQ_OK;
			}
		case FQ_F_GREATEST:
		case FQ_F_LEAST:
			{
				int best = -1;
				uint8_t sb[FQ_SLOT_MAX];
				uint8_t sc[FQ_SLOT_MAX];

				for (int i = 0; i < nargs; i++)
				{
					int c;

					if (args[i].isnull)
						continue;
					if (best < 0)
					{
						best = i;
						continue;
					}
					fq_value_to_slot(&args[i], sc);
					fq_value_to_slot(&args[best], sb);
					c = fq_compare_slots(&args[i].type, sc, sb);
					if ((f->fn == FQ_F_GREATEST && c > 0) || (f->fn == FQ_F_LEAST && c < 0))
						best = i;
				}
				if (best < 0)
					res->isnull = true;
				else
				{
					*res = args[best];
					res->type = f->e.type;
				}
				return FQ_OK;
			}
		case FQ_F_CURRENT_DATE:
			{
				int64_t us = x->ctx->now_usecs;

				res->v.i = us >= 0 ? us / FQ_USECS_PER_DAY : -((-us + FQ_USECS_PER_DAY - 1) / FQ_USECS_PER_DAY);
				return FQ_OK;
			}
		case FQ_F_CURRENT_TIMESTAMP:
			res->v.i = x->ctx->now_usecs;
			return FQ_OK;
		case FQ_F_GROUPING:
			{
				/* grouping(gid, ngroups, i, ...): gid's bit of each grouping
				 * column i (set when the row's grouping set leaves it out),
				 * the first argument's the most significant */
				int64_t bits = 0;

				for (int i = 2; i < nargs; i++)
					bits = (bits << 1) | ((args[0].v.i >> (args[1].v.i - 1 - args[i].v.i)) & 1);
				res->v.i = bits;
				return FQ_OK;
			}
		case FQ_F_CALL:
			return f->def->eval(&x->fn, f, args, res);
		case FQ_F_SOURCE:
			/* the planner keeps it inside remote queries (pushdown.c) */
			return fq_raise(x->ctx->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
							"function %s is not one fedq can compute; it runs only inside a "
							"query sent whole to %s",
							f->src->label, f->src->source->label);
		case FQ_F__COUNT:
			break;
	}
	return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized function %d", (int) f->fn);
}

/* ---- vector paths ---- */

/* Row r of vector v as an fq_value. */
static void
value_at(const fq_vector *v, uint32_t r, fq_value *out)
{
	if (isnull(v, r))
	{
		memset(out, 0, sizeof(*out));
		out->type = v->type;
		out->isnull = true;
		return;
	}
	fq_slot_to_value(fq_vector_slot(v, r), &v->type, out);
}

static int
store(ev *x, fq_vector *out, uint32_t r, const fq_value *v)
{
	if (v->isnull)
	{
		uint8_t *nl = nulls_of(x, out);

		if (nl == NULL)
			return FQ_ERROR;
		nl[r] = 1;
		return FQ_OK;
	}
	{
		fq_value w = *v;

		w.type = out->type;
		fq_value_to_slot(&w, fq_vector_slot(out, r));
	}
	return FQ_OK;
}

/* The reference path: each wanted row through scalar_func. */
static int
func_rows(ev *x, const fq_func_expr *f, fq_vector *args, const uint8_t *sel, fq_vector *out)
{
	fq_value vals[8];
	fq_value *argv = f->nargs <= 8 ? vals : fq_arena_alloc(x->a, sizeof(fq_value) * (size_t) f->nargs);
	fq_value res;

	if (argv == NULL)
		return fq_fn_nomem(&x->fn);
	for (uint32_t r = 0; r < x->n; r++)
	{
		if (!WANT(sel, r))
			continue;
		for (int i = 0; i < f->nargs; i++)
			value_at(&args[i], r, &argv[i]);
		if (scalar_func(x, f, argv, &res) < 0)
			return FQ_ERROR;
		if (store(x, out, r, &res) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* Comparison kernels for the common fixed-width types. */
#define CMP_LOOP(T, LOAD_A, LOAD_B)                                        \
	do {                                                                   \
		const T *pa = (const T *) A->data;                                 \
		const T *pb = (const T *) B->data;                                 \
		switch (fn)                                                        \
		{                                                                  \
			case FQ_F_EQ: for (r = 0; r < n; r++) o[r] = LOAD_A == LOAD_B; break; \
			case FQ_F_NE: for (r = 0; r < n; r++) o[r] = LOAD_A != LOAD_B; break; \
			case FQ_F_LT: for (r = 0; r < n; r++) o[r] = LOAD_A < LOAD_B; break;  \
			case FQ_F_LE: for (r = 0; r < n; r++) o[r] = LOAD_A <= LOAD_B; break; \
			case FQ_F_GT: for (r = 0; r < n; r++) o[r] = LOAD_A > LOAD_B; break;  \
			default: for (r = 0; r < n; r++) o[r] = LOAD_A >= LOAD_B; break;      \
		}                                                                  \
	} while (0)

/* Fast comparisons; false when the type has no fast path. */
static bool
compare_fast(fq_func_id fn, const fq_vector *A, const fq_vector *B, bool a_const, bool b_const,
			 uint32_t n, const uint8_t *sel, uint8_t *o)
{
	uint32_t r;

	if (fn > FQ_F_GE)
		return false;
#define IDX_A (a_const ? 0 : r)
#define IDX_B (b_const ? 0 : r)
	switch (A->type.id)
	{
		case FQ_T_INT2:
			CMP_LOOP(int16_t, pa[IDX_A], pb[IDX_B]);
			return true;
		case FQ_T_INT4:
		case FQ_T_DATE:
			CMP_LOOP(int32_t, pa[IDX_A], pb[IDX_B]);
			return true;
		case FQ_T_INT8:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_TIME:
			CMP_LOOP(int64_t, pa[IDX_A], pb[IDX_B]);
			return true;
		case FQ_T_BOOL:
			CMP_LOOP(uint8_t, (pa[IDX_A] != 0), (pb[IDX_B] != 0));
			return true;
		case FQ_T_DECIMAL:
			{
				/* NULL and unselected rows may hold any bytes: a big
				 * numeric's limbs must not be followed there */
				const fq_numeric *pa = A->data;
				const fq_numeric *pb = B->data;

				for (r = 0; r < n; r++)
				{
					int c;

					if (!WANT(sel, r) || isnull(A, a_const ? 0 : r) || isnull(B, b_const ? 0 : r))
					{
						o[r] = 0; /* NULL, set by the caller */
						continue;
					}
					c = fq_num_cmp(&pa[IDX_A], &pb[IDX_B]);
					switch (fn)
					{
						case FQ_F_EQ: o[r] = c == 0; break;
						case FQ_F_NE: o[r] = c != 0; break;
						case FQ_F_LT: o[r] = c < 0; break;
						case FQ_F_LE: o[r] = c <= 0; break;
						case FQ_F_GT: o[r] = c > 0; break;
						default: o[r] = c >= 0; break;
					}
				}
				return true;
			}
		case FQ_T_VARCHAR:
			if (fn == FQ_F_EQ || fn == FQ_F_NE)
			{
				const fq_string *pa = A->data;
				const fq_string *pb = B->data;

				for (r = 0; r < n; r++)
				{
					const fq_string *sa = &pa[IDX_A];
					const fq_string *sb = &pb[IDX_B];
					bool eq;

					/* Rows outside sel hold nothing to read. */
					if (!WANT(sel, r) || isnull(A, a_const ? 0 : r) || isnull(B, b_const ? 0 : r))
					{
						o[r] = 0; /* NULL, set by the caller */
						continue;
					}
					eq = sa->len == sb->len && (sa->len == 0 || memcmp(sa->ptr, sb->ptr, sa->len) == 0);
					o[r] = fn == FQ_F_EQ ? eq : !eq;
				}
				return true;
			}
			return false;
		default:
			return false;
	}
#undef IDX_A
#undef IDX_B
}

/* LIKE against a constant pattern: equality, prefix, suffix, substring. */
static bool
like_fast(ev *x, const fq_func_expr *f, const fq_vector *args, const uint8_t *sel, uint8_t *o)
{
	const fq_string *pat;
	const fq_string *s = args[0].data;
	bool neg = f->fn == FQ_F_NOT_LIKE;
	const char *p;
	size_t plen;
	bool lead;
	bool trail;

	if ((f->fn != FQ_F_LIKE && f->fn != FQ_F_NOT_LIKE) || f->nargs != 2 ||
		!FQ_IS(f->args[1], FQ_N_EXPR_CONST) || isnull(&args[1], 0))
		return false;
	pat = args[1].data;
	p = pat->ptr;
	plen = pat->len;
	lead = plen > 0 && p[0] == '%';
	trail = plen > (lead ? 1 : 0) && p[plen - 1] == '%' && !(plen >= 2 && p[plen - 2] == '\\');
	{
		size_t b = lead ? 1 : 0;
		size_t e = trail ? plen - 1 : plen;

		for (size_t i = b; i < e; i++)
			if (p[i] == '%' || p[i] == '_' || p[i] == '\\')
				return false;
		p += b;
		plen = e - b;
	}
	for (uint32_t r = 0; r < x->n; r++)
	{
		bool m;

		/* A NULL row's slot holds nothing meaningful: leave it to or_nulls;
		 * rows outside sel hold nothing at all. */
		if (!WANT(sel, r) || isnull(&args[0], r))
		{
			o[r] = 0;
			continue;
		}
		if (lead && trail)
			m = plen == 0 || (s[r].len >= plen && memmem(s[r].ptr, s[r].len, p, plen) != NULL);
		else if (trail)
			m = s[r].len >= plen && memcmp(s[r].ptr, p, plen) == 0;
		else if (lead)
			m = s[r].len >= plen && memcmp(s[r].ptr + s[r].len - plen, p, plen) == 0;
		else
			m = s[r].len == plen && memcmp(s[r].ptr, p, plen) == 0;
		o[r] = neg ? !m : m;
	}
	return true;
}

/* Integer and float arithmetic over whole vectors. */
static int
arith_fast(ev *x, const fq_func_expr *f, const fq_vector *A, const fq_vector *B, const uint8_t *sel,
		   fq_vector *out, bool *done)
{
	fq_type_id t = f->e.type.id;
	uint32_t n = x->n;

	*done = false;
	if (f->fn < FQ_F_ADD || f->fn > FQ_F_MUL || A->type.id != t || B->type.id != t)
		return FQ_OK;
	if (t == FQ_T_INT4 || t == FQ_T_INT8)
	{
		for (uint32_t r = 0; r < n; r++)
		{
			int64_t a;
			int64_t b;
			int64_t v;
			bool ovf;

			if (!WANT(sel, r) || isnull(A, r) || isnull(B, r))
				continue;
			a = t == FQ_T_INT4 ? ((const int32_t *) A->data)[r] : ((const int64_t *) A->data)[r];
			b = t == FQ_T_INT4 ? ((const int32_t *) B->data)[r] : ((const int64_t *) B->data)[r];
			ovf = f->fn == FQ_F_ADD ? __builtin_add_overflow(a, b, &v)
				: f->fn == FQ_F_SUB ? __builtin_sub_overflow(a, b, &v) : __builtin_mul_overflow(a, b, &v);
			if (ovf || !fq_fn_fits_int(v, t))
				return fq_fn_int_range(&x->fn, t);
			if (t == FQ_T_INT4)
				((int32_t *) out->data)[r] = (int32_t) v;
			else
				((int64_t *) out->data)[r] = v;
		}
		*done = true;
		return FQ_OK;
	}
	if (t == FQ_T_FLOAT8)
	{
		const double *a = A->data;
		const double *b = B->data;
		double *o = out->data;

		for (uint32_t r = 0; r < n; r++)
		{
			if (!WANT(sel, r) || isnull(A, r) || isnull(B, r))
				continue;
			o[r] = f->fn == FQ_F_ADD ? a[r] + b[r] : f->fn == FQ_F_SUB ? a[r] - b[r] : a[r] * b[r];
			if (isinf(o[r]) && !isinf(a[r]) && !isinf(b[r]))
				return fq_fn_float_overflow(&x->fn);
			if (o[r] == 0 && f->fn == FQ_F_MUL && a[r] != 0 && b[r] != 0)
				return fq_fn_float_underflow(&x->fn);
		}
		*done = true;
	}
	return FQ_OK;
}

/*
 * COALESCE evaluates an argument only for the rows every earlier one left
 * NULL, as PostgreSQL does: a later argument that would fail (an
 * overflow, a division by zero) fails only where it is needed.
 */
static int
eval_coalesce(ev *x, const fq_func_expr *f, const uint8_t *sel, fq_vector *out)
{
	uint8_t *want = fq_arena_alloc(x->a, x->n ? x->n : 1);
	uint8_t *nl;
	size_t w = fq_type_size(&f->e.type);

	if (want == NULL)
		return fq_fn_nomem(&x->fn);
	if (new_vec(x, &f->e.type, out) < 0 || (nl = nulls_of(x, out)) == NULL)
		return FQ_ERROR;
	for (uint32_t r = 0; r < x->n; r++)
	{
		want[r] = WANT(sel, r);
		nl[r] = 1;
	}
	for (int i = 0; i < f->nargs; i++)
	{
		fq_vector v;
		bool any = false;

		for (uint32_t r = 0; r < x->n && !any; r++)
			any = want[r];
		if (!any)
			break;
		if (eval(x, f->args[i], want, &v) < 0)
			return FQ_ERROR;
		for (uint32_t r = 0; r < x->n; r++)
		{
			if (!want[r] || isnull(&v, r))
				continue;
			memcpy((char *) out->data + w * r, fq_vector_slot(&v, r), w);
			nl[r] = 0;
			want[r] = 0;
		}
	}
	return FQ_OK;
}

static int
eval_func(ev *x, const fq_func_expr *f, const uint8_t *sel, fq_vector *out)
{
	fq_vector argbuf[8];
	fq_vector *args = f->nargs <= 8 ? argbuf : fq_arena_alloc(x->a, sizeof(fq_vector) * (size_t) f->nargs);
	const fq_vector *argp[8];

	if (args == NULL)
		return fq_fn_nomem(&x->fn);
	if (f->fn == FQ_F_COALESCE)
		return eval_coalesce(x, f, sel, out);
	for (int i = 0; i < f->nargs; i++)
		if (eval(x, f->args[i], sel, &args[i]) < 0)
			return FQ_ERROR;
	if (new_vec(x, &f->e.type, out) < 0)
		return FQ_ERROR;
	if (f->nargs == 2 && f->nargs <= 8)
	{
		bool done = false;

		argp[0] = &args[0];
		argp[1] = &args[1];
		if (f->fn >= FQ_F_EQ && f->fn <= FQ_F_GE &&
			compare_fast(f->fn, &args[0], &args[1], false, false, x->n, sel, out->data))
			return or_nulls(x, out, argp, 2);
		if (like_fast(x, f, args, sel, out->data))
			return or_nulls(x, out, argp, 1);
		if (arith_fast(x, f, &args[0], &args[1], sel, out, &done) < 0)
			return FQ_ERROR;
		if (done)
			return or_nulls(x, out, argp, 2);
	}
	return func_rows(x, f, args, sel, out);
}

static int
eval_bool(ev *x, const fq_bool_expr *b, const uint8_t *sel, fq_vector *out)
{
	uint8_t *o;
	uint8_t *nl = NULL;
	uint8_t *live = NULL;
	fq_vector v;

	if (new_vec(x, &b->e.type, out) < 0)
		return FQ_ERROR;
	o = out->data;
	if (b->kind == FQ_BOOL_NOT)
	{
		if (eval(x, b->args[0], sel, &v) < 0)
			return FQ_ERROR;
		for (uint32_t r = 0; r < x->n; r++)
			o[r] = !((const uint8_t *) v.data)[r];
		out->nulls = v.nulls;
		return FQ_OK;
	}
	/*
	 * AND: false wins over NULL, NULL over true; OR the reverse.  Start
	 * from the identity and fold each argument in.  Like PostgreSQL, an
	 * argument is not evaluated for rows already decided (false for AND,
	 * true for OR), so `b <> 0 AND a / b > 1` never divides by zero: the
	 * later arguments see only the undecided rows (`live`).
	 */
	memset(o, b->kind == FQ_BOOL_AND ? 1 : 0, x->n);
	for (int i = 0; i < b->nargs; i++)
	{
		const uint8_t *d;
		const uint8_t *rows = live != NULL ? live : sel;

		if (eval(x, b->args[i], rows, &v) < 0)
			return FQ_ERROR;
		d = v.data;
		for (uint32_t r = 0; r < x->n; r++)
		{
			bool vn;
			bool cur_null = nl != NULL && nl[r];

			if (!WANT(rows, r))
				continue;
			vn = isnull(&v, r);

			if (b->kind == FQ_BOOL_AND)
			{
				if (!vn && !d[r])
				{
					o[r] = 0;
					if (cur_null)
						nl[r] = 0;
				}
				else if (vn && o[r])
				{
					if (nl == NULL && (nl = nulls_of(x, out)) == NULL)
						return FQ_ERROR;
					nl[r] = 1;
				}
			}
			else
			{
				if (!vn && d[r])
				{
					o[r] = 1;
					if (cur_null)
						nl[r] = 0;
				}
				else if (vn && !o[r])
				{
					if (nl == NULL && (nl = nulls_of(x, out)) == NULL)
						return FQ_ERROR;
					nl[r] = 1;
				}
			}
		}
		if (i + 1 < b->nargs)
		{
			uint8_t decided = b->kind == FQ_BOOL_AND ? 0 : 1;

			if (live == NULL)
			{
				if ((live = fq_arena_alloc(x->a, x->n ? x->n : 1)) == NULL)
					return fq_fn_nomem(&x->fn);
				for (uint32_t r = 0; r < x->n; r++)
					live[r] = WANT(sel, r);
			}
			for (uint32_t r = 0; r < x->n; r++)
				if (live[r] && o[r] == decided)
					live[r] = 0;
		}
	}
	return FQ_OK;
}

static int
eval_case(ev *x, const fq_case_expr *c, const uint8_t *sel, fq_vector *out)
{
	uint8_t *pending = fq_arena_alloc(x->a, x->n ? x->n : 1);
	uint8_t *take = fq_arena_alloc(x->a, x->n ? x->n : 1);
	size_t w = fq_type_size(&c->e.type);

	if (pending == NULL || take == NULL || new_vec(x, &c->e.type, out) < 0)
		return fq_fn_nomem(&x->fn);
	for (uint32_t r = 0; r < x->n; r++)
		pending[r] = WANT(sel, r);
	for (int i = 0; i <= c->nwhens; i++)
	{
		fq_vector cond;
		fq_vector res;
		bool any = false;

		if (i < c->nwhens)
		{
			if (eval(x, c->conds[i], pending, &cond) < 0)
				return FQ_ERROR;
			for (uint32_t r = 0; r < x->n; r++)
			{
				take[r] = pending[r] && !isnull(&cond, r) && ((const uint8_t *) cond.data)[r];
				any |= take[r];
			}
		}
		else
		{
			memcpy(take, pending, x->n);
			for (uint32_t r = 0; r < x->n && !any; r++)
				any = take[r];
		}
		if (!any)
			continue;
		if (eval(x, i < c->nwhens ? c->results[i] : c->else_expr, take, &res) < 0)
			return FQ_ERROR;
		for (uint32_t r = 0; r < x->n; r++)
		{
			if (!take[r])
				continue;
			pending[r] = 0;
			if (isnull(&res, r))
			{
				uint8_t *nl = nulls_of(x, out);

				if (nl == NULL)
					return FQ_ERROR;
				nl[r] = 1;
			}
			else
				memcpy((char *) out->data + w * r, (const char *) res.data + w * r, w);
		}
	}
	return FQ_OK;
}

static int
eval_cast(ev *x, const fq_cast_expr *c, const uint8_t *sel, fq_vector *out)
{
	fq_vector arg;
	fq_value in;
	fq_value res;

	if (fq_cast_is_noop(c))
	{
		/* the same values, only the type's bound dropped */
		if (eval(x, c->arg, sel, out) < 0)
			return FQ_ERROR;
		out->type = c->e.type;
		return FQ_OK;
	}
	if (eval(x, c->arg, sel, &arg) < 0 || new_vec(x, &c->e.type, out) < 0)
		return FQ_ERROR;
	if (c->for_compare && arg.type.id == FQ_T_DATE &&
		(c->e.type.id == FQ_T_TIMESTAMP || c->e.type.id == FQ_T_TIMESTAMPTZ))
	{
		/* beyond the timestamp range: after every finite timestamp, before
		 * infinity (a value only this comparison sees) */
		int64_t *o = out->data;

		for (uint32_t r = 0; r < x->n; r++)
		{
			int32_t d = ((const int32_t *) arg.data)[r];

			/* a NULL's slot (an outer join's missing side) holds anything */
			if (!WANT(sel, r) || fq_vector_is_null(&arg, r))
			{
				o[r] = 0;
				continue;
			}
			o[r] = d == FQ_DATE_NEG_INFINITY ? INT64_MIN
				: d == FQ_DATE_POS_INFINITY ? INT64_MAX
				: d >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY ? INT64_MAX - 1
				: (int64_t) d * FQ_USECS_PER_DAY;
		}
		out->nulls = arg.nulls;
		return FQ_OK;
	}
	/* Widening integers: a plain loop. */
	if (fq_type_is_integer(arg.type.id) && c->e.type.id == FQ_T_INT8)
	{
		int64_t *o = out->data;

		for (uint32_t r = 0; r < x->n; r++)
			o[r] = arg.type.id == FQ_T_INT2 ? ((const int16_t *) arg.data)[r]
				: arg.type.id == FQ_T_INT4 ? ((const int32_t *) arg.data)[r]
				: ((const int64_t *) arg.data)[r];
		out->nulls = arg.nulls;
		return FQ_OK;
	}
	for (uint32_t r = 0; r < x->n; r++)
	{
		if (!WANT(sel, r))
			continue;
		value_at(&arg, r, &in);
		if (cast_value(x, &in, &c->e.type, &res) < 0)
			return FQ_ERROR;
		if (store(x, out, r, &res) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

static int
eval_in(ev *x, const fq_in_expr *in, const uint8_t *sel, fq_vector *out)
{
	fq_vector arg;
	fq_vector *items = fq_arena_alloc(x->a, sizeof(fq_vector) * (size_t) (in->nitems ? in->nitems : 1));
	uint8_t *o;
	bool failed;
	/* A long list of constants: searched, not compared item by item. */
	const fq_inlist *list = fq_inlist_get(x->ctx, in, &failed);

	if (items == NULL)
		return fq_fn_nomem(&x->fn);
	if (failed || eval(x, in->arg, sel, &arg) < 0 || new_vec(x, &in->e.type, out) < 0)
		return FQ_ERROR;
	for (int i = 0; i < in->nitems && list == NULL; i++)
		if (eval(x, in->items[i], sel, &items[i]) < 0)
			return FQ_ERROR;
	o = out->data;
	for (uint32_t r = 0; r < x->n; r++)
	{
		bool found = false;
		bool saw_null = false;

		if (!WANT(sel, r))
			continue;
		if (isnull(&arg, r))
			saw_null = true;
		else if (list != NULL)
		{
			found = fq_inlist_contains(list, fq_vector_slot(&arg, r));
			saw_null = fq_inlist_has_null(list);
		}
		else
			for (int i = 0; i < in->nitems && !found; i++)
			{
				if (isnull(&items[i], r))
					saw_null = true;
				else if (fq_compare_slots(&arg.type, fq_vector_slot(&arg, r),
										  fq_vector_slot(&items[i], r)) == 0)
					found = true;
			}
		if (found)
			o[r] = !in->is_not;
		else if (saw_null)
		{
			uint8_t *nl = nulls_of(x, out);

			if (nl == NULL)
				return FQ_ERROR;
			nl[r] = 1;
		}
		else
			o[r] = in->is_not;
	}
	return FQ_OK;
}

static int
broadcast(ev *x, const fq_value *v, const fq_type *t, fq_vector *out)
{
	if (new_vec(x, t, out) < 0)
		return FQ_ERROR;
	if (v->isnull)
	{
		uint8_t *nl = nulls_of(x, out);

		if (nl == NULL)
			return FQ_ERROR;
		memset(nl, 1, x->n);
		return FQ_OK;
	}
	{
		fq_value w = *v;
		size_t sz = fq_type_size(t);

		w.type = *t;
		if (x->n > 0)
		{
			fq_value_to_slot(&w, out->data);
			for (uint32_t r = 1; r < x->n; r++)
				memcpy((char *) out->data + sz * r, out->data, sz);
		}
	}
	return FQ_OK;
}

/* A subquery run per row (subplan.c), for each wanted row. */
static int
eval_sublink(ev *x, const fq_sublink_expr *l, const uint8_t *sel, fq_vector *out)
{
	fq_vector *args = FQ_NEW_ARRAY(x->a, fq_vector, l->nargs > 0 ? l->nargs : 1);
	fq_vector lhs;

	if (args == NULL)
		return fq_fn_nomem(&x->fn);
	for (int i = 0; i < l->nargs; i++)
		if (eval(x, l->args[i], sel, &args[i]) < 0)
			return FQ_ERROR;
	if (l->lhs != NULL && eval(x, l->lhs, sel, &lhs) < 0)
		return FQ_ERROR;
	if (new_vec(x, &l->e.type, out) < 0)
		return FQ_ERROR;
	for (uint32_t r = 0; r < x->n; r++)
	{
		fq_value lv;
		fq_value res;

		if (!WANT(sel, r))
			continue;
		if (l->lhs != NULL)
			value_at(&lhs, r, &lv);
		if (fq_exec_sublink(x->ctx, l, args, r, l->lhs != NULL ? &lv : NULL, &res) < 0)
			return FQ_ERROR;
		/* a value kept in the subquery's cache, which a later row may
		 * empty (subplan.c) */
		if (!fq_value_own(&res, x->a))
			return fq_fn_nomem(&x->fn);
		if (store(x, out, r, &res) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

static int
eval_param(ev *x, const fq_param *p, fq_vector *out)
{
	const fq_value *given;
	fq_value v;
	fq_type target = p->e.type.id == FQ_T_UNKNOWN ? fq_type_varchar(-1) : p->e.type;

	if (p->exec)
	{
		/* a per-row subquery's value from the row it runs for */
		if (p->number < 1 || p->number > x->ctx->nxparams)
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "exec param %d is not set",
							p->number);
		return broadcast(x, &x->ctx->xparams[p->number - 1], &p->e.type, out);
	}
	if (p->number < 1 || p->number > x->ctx->nparams || x->ctx->params == NULL)
		return fq_raise(x->ctx->d, FQ_ERR_UNDEFINED_PARAMETER, 0, "there is no parameter $%d",
						p->number);
	given = &x->ctx->params[p->number - 1];
	if (given->isnull || fq_type_equal(&given->type, &target))
		v = *given;
	else
	{
		fq_value src = *given;

		/* Text from the client is untyped: parse it as the target. */
		if (src.type.id == FQ_T_UNKNOWN)
			src.type = fq_type_varchar(-1);
		if (cast_value(x, &src, &target, &v) < 0)
		{
			fq_diag_prefix(x->ctx->d, "parameter $%d: ", p->number);
			return FQ_ERROR;
		}
	}
	return broadcast(x, &v, &target, out);
}

static int
eval(ev *x, const fq_expr *e, const uint8_t *sel, fq_vector *out)
{
	if (fq_stack_check(x->ctx->d) < 0)
		return FQ_ERROR;
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
			{
				const fq_var *v = (const fq_var *) e;

				if (v->index < 0 || (uint32_t) v->index >= x->in->ncols)
					return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
									"column %s is not resolved", v->name ? v->name : "?");
				*out = x->in->cols[v->index];
				return FQ_OK;
			}
		case FQ_N_EXPR_CONST:
			return broadcast(x, &((const fq_const *) e)->value, &e->type, out);
		case FQ_N_EXPR_PARAM:
			return eval_param(x, (const fq_param *) e, out);
		case FQ_N_EXPR_FUNC:
			return eval_func(x, (const fq_func_expr *) e, sel, out);
		case FQ_N_EXPR_BOOL:
			return eval_bool(x, (const fq_bool_expr *) e, sel, out);
		case FQ_N_EXPR_CASE:
			return eval_case(x, (const fq_case_expr *) e, sel, out);
		case FQ_N_EXPR_CAST:
			return eval_cast(x, (const fq_cast_expr *) e, sel, out);
		case FQ_N_EXPR_NULL_TEST:
			{
				const fq_null_test *t = (const fq_null_test *) e;
				fq_vector arg;
				uint8_t *o;

				if (eval(x, t->arg, sel, &arg) < 0 || new_vec(x, &e->type, out) < 0)
					return FQ_ERROR;
				o = out->data;
				for (uint32_t r = 0; r < x->n; r++)
					o[r] = isnull(&arg, r) != t->is_not;
				return FQ_OK;
			}
		case FQ_N_EXPR_IN:
			return eval_in(x, (const fq_in_expr *) e, sel, out);
		case FQ_N_EXPR_SUBLINK:
			return eval_sublink(x, (const fq_sublink_expr *) e, sel, out);
		case FQ_N_EXPR_SUBPLAN:
			{
				const fq_value *v;
				fq_value none = {.type = e->type, .isnull = true};
				bool wanted = false;

				/* the subquery runs only when a row needs its value */
				for (uint32_t r = 0; r < x->n && !wanted; r++)
					wanted = WANT(sel, r);
				if (!wanted)
					return broadcast(x, &none, &e->type, out);
				if (fq_exec_initplan(x->ctx, ((const fq_subplan_expr *) e)->id, &v) < 0)
					return FQ_ERROR;
				return broadcast(x, v, &e->type, out);
			}
		case FQ_N_EXPR_AGG:
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
							"an aggregate reached the expression evaluator");
		default:
			return fq_raise(x->ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized expression node %s",
							fq_node_tag_name(FQ_TAG(e)));
	}
}

int
fq_eval(fq_exec_ctx *ctx, const fq_expr *e, const fq_batch *in, const uint8_t *sel, fq_arena *a,
		fq_vector *out)
{
	ev x = {.fn = {ctx->d, a, ctx->now_usecs}, .ctx = ctx, .in = in, .n = in->nrows, .sel = sel, .a = a};

	return eval(&x, e, sel, out);
}

int
fq_eval_quals(fq_exec_ctx *ctx, fq_expr *const *quals, int n, const fq_batch *in, fq_arena *a,
			  uint8_t *pass)
{
	memset(pass, 1, in->nrows);
	for (int i = 0; i < n; i++)
	{
		fq_vector v;
		const uint8_t *b;

		if (fq_eval(ctx, quals[i], in, i == 0 ? NULL : pass, a, &v) < 0)
			return FQ_ERROR;
		b = v.data;
		/* a NULL's slot was never written: its flag first */
		for (uint32_t r = 0; r < in->nrows; r++)
			pass[r] = pass[r] && !fq_vector_is_null(&v, r) && b[r];
	}
	return FQ_OK;
}

int
fq_eval_row(fq_exec_ctx *ctx, const fq_expr *e, const fq_batch *in, uint32_t row, fq_arena *a,
			fq_value *out)
{
	fq_vector *cols = FQ_NEW_ARRAY(a, fq_vector, in->ncols ? in->ncols : 1);
	fq_batch one = {.nrows = 1, .ncols = in->ncols, .cols = cols};
	fq_vector v;

	if (cols == NULL)
		return fq_raise_nomem(ctx->d, a);
	/* a view of the row: each column's slot and NULL flag */
	for (uint32_t c = 0; c < in->ncols; c++)
	{
		const fq_vector *src = &in->cols[c];

		cols[c].type = src->type;
		cols[c].data = (char *) src->data + fq_type_size(&src->type) * row;
		cols[c].nulls = src->nulls != NULL ? src->nulls + row : NULL;
	}
	if (fq_eval(ctx, e, &one, NULL, a, &v) < 0)
		return FQ_ERROR;
	if (out != NULL)
	{
		value_at(&v, 0, out);
		out->type = e->type;
	}
	return FQ_OK;
}

typedef struct exprs_arg
{
	fq_expr *const *exprs;
	int n;
} exprs_arg;

static int
eval_exprs_row(fq_exec_ctx *ctx, const fq_batch *in, uint32_t row, fq_arena *a, void *arg)
{
	const exprs_arg *ea = arg;

	for (int i = 0; i < ea->n; i++)
		if (fq_eval_row(ctx, ea->exprs[i], in, row, a, NULL) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

int
fq_eval_failing_row(fq_exec_ctx *ctx, const fq_batch *in, int before, fq_row_eval fn, void *arg,
					fq_diags **pending)
{
	fq_diags *d = ctx->d;
	int n = fq_diags_count(d);
	const fq_diag *last = n > before ? fq_diags_get(d, n - 1) : NULL;
	fq_diags *scratch;
	fq_arena *a;
	int found = -1;

	*pending = NULL;
	/* only data exceptions: not memory, cancellation or a source's error */
	if (last == NULL || strncmp(last->sqlstate, "22", 2) != 0)
		return -1;
	scratch = fq_diags_new();
	a = fq_arena_new(&ctx->st->acct);
	if (scratch != NULL && a != NULL)
	{
		ctx->d = scratch;
		for (uint32_t r = 0; r < in->nrows && found < 0; r++)
		{
			if (fn(ctx, in, r, a, arg) < 0)
				found = (int) r;
			fq_arena_reset(a);
		}
		ctx->d = d;
	}
	fq_arena_free(a);
	if (found < 0 || !fq_diags_has_error(scratch))
	{
		fq_diags_free(scratch);
		return -1;
	}
	fq_diags_truncate(d, before);
	*pending = scratch;
	return found;
}

int
fq_eval_failing_row_of(fq_exec_ctx *ctx, fq_expr *const *exprs, int nexprs, const fq_batch *in,
					   int before, fq_diags **pending)
{
	exprs_arg ea = {exprs, nexprs};

	return fq_eval_failing_row(ctx, in, before, eval_exprs_row, &ea, pending);
}

int
fq_eval_raise_pending(fq_exec_ctx *ctx, fq_diags **pending)
{
	fq_diags_append(ctx->d, *pending);
	fq_diags_free(*pending);
	*pending = NULL;
	return FQ_ERROR;
}

int
fq_eval_const(fq_exec_ctx *ctx, const fq_expr *e, fq_arena *a, fq_value *out)
{
	fq_batch one = {.nrows = 1, .ncols = 0, .cols = NULL};
	ev x = {.fn = {ctx->d, a, ctx->now_usecs}, .ctx = ctx, .in = &one, .n = 1, .a = a};
	fq_vector v;

	if (eval(&x, e, NULL, &v) < 0)
		return FQ_ERROR;
	value_at(&v, 0, out);
	out->type = e->type;
	return FQ_OK;
}
