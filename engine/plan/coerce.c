/*
 * coerce.c — implicit type rules (see coerce.h).
 */
#include "plan/coerce.h"

#include "types/types.h"

static int
numeric_rank(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_INT2: return 1;
		case FQ_T_INT4: return 2;
		case FQ_T_INT8: return 3;
		case FQ_T_DECIMAL: return 4;
		case FQ_T_FLOAT4: return 5;
		case FQ_T_FLOAT8: return 6;
		default: return 0;
	}
}

fq_type
fq_decimal_of(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_INT2: return fq_type_decimal(5, 0);
		case FQ_T_INT4: return fq_type_decimal(10, 0);
		case FQ_T_INT8: return fq_type_decimal(19, 0);
		default: return *t;
	}
}

static int
datetime_rank(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_DATE: return 1;
		case FQ_T_TIMESTAMP: return 2;
		case FQ_T_TIMESTAMPTZ: return 3;
		default: return 0;
	}
}

bool
fq_common_type(const fq_type *a, const fq_type *b, fq_type *out)
{
	int ra;
	int rb;

	if (a->id == FQ_T_UNKNOWN && b->id == FQ_T_UNKNOWN)
	{
		*out = fq_type_varchar(-1);
		return true;
	}
	if (a->id == FQ_T_UNKNOWN)
	{
		*out = *b;
		return true;
	}
	if (b->id == FQ_T_UNKNOWN)
	{
		*out = *a;
		return true;
	}
	ra = numeric_rank(a->id);
	rb = numeric_rank(b->id);
	if (ra > 0 && rb > 0)
	{
		if (ra >= 5 || rb >= 5)
			*out = fq_type_make(ra == 5 && rb == 5 ? FQ_T_FLOAT4 : FQ_T_FLOAT8);
		else if (ra == 4 || rb == 4)
		{
			fq_type da = fq_decimal_of(a);
			fq_type db = fq_decimal_of(b);
			int scale = da.scale > db.scale ? da.scale : db.scale;
			int ia = da.precision - da.scale;
			int ib = db.precision - db.scale;
			int digits = (ia > ib ? ia : ib) + scale;

			if (digits > FQ_DECIMAL_MAX_PREC)
				digits = FQ_DECIMAL_MAX_PREC;
			if (scale > digits)
				scale = digits;
			*out = fq_type_decimal(digits, scale);
		}
		else
			*out = ra >= rb ? *a : *b;
		return true;
	}
	if (fq_type_is_string(a->id) && fq_type_is_string(b->id))
	{
		if (a->id == FQ_T_CHAR && b->id == FQ_T_CHAR)
			*out = fq_type_char(a->length > b->length ? a->length : b->length);
		else if (a->length < 0 || b->length < 0)
			*out = fq_type_varchar(-1);
		else
			*out = fq_type_varchar(a->length > b->length ? a->length : b->length);
		return true;
	}
	ra = datetime_rank(a->id);
	rb = datetime_rank(b->id);
	if (ra > 0 && rb > 0)
	{
		*out = fq_type_make(ra >= rb ? a->id : b->id);
		return true;
	}
	if (a->id == b->id)
	{
		*out = *a;
		if (a->id == FQ_T_TIME && b->precision > a->precision)
			*out = *b;
		return true;
	}
	return false;
}

bool
fq_can_coerce(const fq_type *from, const fq_type *to)
{
	fq_type common;

	if (from->id == FQ_T_UNKNOWN || from->id == to->id)
		return true;
	if (!fq_common_type(from, to, &common))
		return false;
	return common.id == to->id;
}

bool
fq_can_cast(const fq_type *from, const fq_type *to)
{
	fq_type_id f = from->id;
	fq_type_id t = to->id;

	if (f == t || f == FQ_T_UNKNOWN || fq_can_coerce(from, to))
		return true;
	/* Everything has a text form, and text parses into everything. */
	if (fq_type_is_string(f) || fq_type_is_string(t))
		return true;
	if (fq_type_is_numeric(f) && fq_type_is_numeric(t))
		return true;
	if ((f == FQ_T_BOOL && fq_type_is_integer(t)) || (t == FQ_T_BOOL && fq_type_is_integer(f)))
		return true;
	if (datetime_rank(f) > 0 && datetime_rank(t) > 0)
		return true;
	if ((f == FQ_T_TIMESTAMP || f == FQ_T_TIMESTAMPTZ) && t == FQ_T_TIME)
		return true;
	return false;
}
