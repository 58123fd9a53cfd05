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
		/*
		 * PostgreSQL's select_common_type: the higher of the two, and a
		 * DECIMAL keeps its (p,s) only when both sides have the same; its
		 * values are never rescaled to meet.  (Operators differ: REAL
		 * with anything but REAL computes in DOUBLE PRECISION.)
		 */
		if ((ra > rb ? ra : rb) == 4)
			*out = ra == rb && fq_type_equal(a, b) ? *a : fq_type_make(FQ_T_DECIMAL);
		else
			*out = ra >= rb ? *a : *b;
		return true;
	}
	if (fq_type_is_string(a->id) && fq_type_is_string(b->id))
	{
		/* CHAR(n) and CHAR(m) meet as bpchar: each value keeps its own
		 * padding, as in PostgreSQL. */
		if (a->id == FQ_T_CHAR && b->id == FQ_T_CHAR)
			*out = fq_type_char(a->length == b->length ? a->length : -1);
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
	/* PostgreSQL casts boolean to and from integer only, not smallint or
	 * bigint. */
	if ((f == FQ_T_BOOL && t == FQ_T_INT4) || (t == FQ_T_BOOL && f == FQ_T_INT4))
		return true;
	if (datetime_rank(f) > 0 && datetime_rank(t) > 0)
		return true;
	if ((f == FQ_T_TIMESTAMP || f == FQ_T_TIMESTAMPTZ) && t == FQ_T_TIME)
		return true;
	return false;
}
