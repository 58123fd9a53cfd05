/*
 * support.c — errors and helpers the function families share (support.h).
 */
#include "func/support.h"

#include "exec/exec.h"
#include "types/types.h"
#include "types/types_int.h"

#include <string.h>

int
fq_fn_nomem(fq_fn_ctx *x)
{
	return fq_raise_nomem(x->d, x->a);
}

int
fq_fn_int_range(fq_fn_ctx *x, fq_type_id id)
{
	return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "%s out of range",
					id == FQ_T_INT2 ? "smallint" : id == FQ_T_INT4 ? "integer" : "bigint");
}

int
fq_fn_ts_range(fq_fn_ctx *x, fq_type_id id)
{
	return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "%s out of range",
					id == FQ_T_DATE ? "date" : id == FQ_T_INTERVAL ? "interval" : "timestamp");
}

int
fq_fn_div_zero(fq_fn_ctx *x)
{
	return fq_raise(x->d, FQ_ERR_DIVISION_BY_ZERO, 0, "division by zero");
}

int
fq_fn_float_overflow(fq_fn_ctx *x)
{
	return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "value out of range: overflow");
}

int
fq_fn_float_underflow(fq_fn_ctx *x)
{
	return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "value out of range: underflow");
}

int
fq_fn_num_status(fq_fn_ctx *x, fq_num_status st)
{
	switch (st)
	{
		case FQ_NUM_OK: return FQ_OK;
		case FQ_NUM_DIV_ZERO: return fq_fn_div_zero(x);
		case FQ_NUM_NOMEM: return fq_fn_nomem(x);
		case FQ_NUM_OVERFLOW: break;
		case FQ_NUM_SQRT_NEGATIVE:
			return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_POWER_FUNCTION, 0,
							"cannot take square root of a negative number");
		case FQ_NUM_LOG_ZERO:
			return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_LOG, 0, "cannot take logarithm of zero");
		case FQ_NUM_LOG_NEGATIVE:
			return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_LOG, 0,
							"cannot take logarithm of a negative number");
		case FQ_NUM_POW_ZERO_NEGATIVE:
			return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_POWER_FUNCTION, 0,
							"zero raised to a negative power is undefined");
		case FQ_NUM_POW_COMPLEX:
			return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_POWER_FUNCTION, 0,
							"a negative number raised to a non-integer power yields a complex result");
		case FQ_NUM_FACTORIAL_NEGATIVE:
			return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
							"factorial of a negative number is undefined");
	}
	return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "value overflows numeric format");
}

int
fq_fn_set_string(fq_fn_ctx *x, fq_value *res, const char *p, size_t n)
{
	char *copy = fq_arena_alloc(x->a, n ? n : 1);

	if (copy == NULL)
		return fq_fn_nomem(x);
	memcpy(copy, p, n);
	res->v.s.ptr = copy;
	res->v.s.len = (uint32_t) n;
	return FQ_OK;
}

int
fq_fn_set_strbuf(fq_fn_ctx *x, fq_value *res, fq_strbuf *b)
{
	int rc;

	if (!fq_strbuf_ok(b))
	{
		fq_strbuf_free(b);
		return fq_fn_nomem(x);
	}
	rc = fq_fn_set_string(x, res, fq_strbuf_str(b), b->len);
	fq_strbuf_free(b);
	return rc;
}

void
fq_fn_output_text(const fq_value *v, fq_strbuf *out)
{
	uint8_t slot[FQ_SLOT_MAX];

	switch (v->type.id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
			fq_strbuf_appendn(out, v->v.s.ptr, v->v.s.len);
			return;
		default:
			fq_value_to_slot(v, slot);
			fq_format_text(slot, &v->type, false, out);
			return;
	}
}

int
fq_fn_ts_add_interval(fq_fn_ctx *x, int64_t ts, const fq_interval *iv, int sign, fq_type_id t,
					  int64_t *out)
{
	if (ts == INT64_MIN || ts == INT64_MAX)
	{
		*out = ts;
		return FQ_OK;
	}
	if (iv->months != 0)
	{
		fq_timestamp_parts p;
		int64_t months;
		int dim;

		if (fq_timestamp_split(ts, &p) < 0)
			return fq_fn_ts_range(x, t);
		months = (int64_t) p.year * 12 + (p.month - 1) + (int64_t) sign * iv->months;
		p.year = (int) (months >= 0 ? months / 12 : -((-months + 11) / 12));
		p.month = (int) (months - (int64_t) p.year * 12) + 1;
		dim = fq_types_month_days(p.year, p.month);
		if (p.day > dim)
			p.day = dim;
		if (fq_timestamp_make(&p, &ts) < 0)
			return fq_fn_ts_range(x, t);
	}
	{
		int64_t delta;

		if (__builtin_mul_overflow((int64_t) iv->days, FQ_USECS_PER_DAY, &delta) ||
			__builtin_add_overflow(delta, iv->usecs, &delta) ||
			(sign < 0 && __builtin_sub_overflow((int64_t) 0, delta, &delta)) ||
			__builtin_add_overflow(ts, delta, &ts) || ts < FQ_TIMESTAMP_MIN_USECS ||
			ts >= FQ_TIMESTAMP_END_USECS)
			return fq_fn_ts_range(x, t); /* PostgreSQL's IS_VALID_TIMESTAMP */
	}
	*out = ts;
	return FQ_OK;
}

void
fq_fn_as_numeric(const fq_value *v, fq_numeric *out)
{
	if (v->type.id == FQ_T_DECIMAL)
		*out = v->v.num;
	else
		fq_num_from_int64(v->v.i, out);
}

bool
fq_fn_fits_int(int64_t v, fq_type_id id)
{
	switch (id)
	{
		case FQ_T_INT2: return v >= INT16_MIN && v <= INT16_MAX;
		case FQ_T_INT4: return v >= INT32_MIN && v <= INT32_MAX;
		default: return true;
	}
}
