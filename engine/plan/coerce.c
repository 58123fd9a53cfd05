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
	/* An untyped literal takes the other side's type without its length,
	 * (p,s) or precision, as PostgreSQL gives it no typmod: 'abcdef' meets
	 * CHAR(3) uncut, '1.555' meets NUMERIC(12,2) unrounded. */
	if (a->id == FQ_T_UNKNOWN)
	{
		*out = fq_type_unbounded(b);
		return true;
	}
	if (b->id == FQ_T_UNKNOWN)
	{
		*out = fq_type_unbounded(a);
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
		/* CHAR, VARCHAR and text convert to each other implicitly, so the
		 * first input's type wins (PostgreSQL's select_common_type; a CASE's
		 * ELSE counts first), and keeps its length only if both have it
		 * (select_common_typmod): CHAR(n) and CHAR(m) meet as bpchar, each
		 * value keeping its own padding; VARCHAR(n) and text as varchar. */
		if (a->id == b->id && a->length == b->length)
			*out = *a;
		else
			*out = fq_type_unbounded(a);
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
fq_compare_type(const fq_type *a, const fq_type *b, fq_type *out)
{
	/*
	 * PostgreSQL compares CHAR with varchar (of any length) or a literal as
	 * CHAR (trailing blanks ignored), with text as text: the operator with
	 * an exact match on one side wins (varchar has no operators of its own,
	 * so only bpchar's matches), text being the preferred type.  Other
	 * strings compare with text's operators.
	 */
	if (fq_type_equal(a, b) && a->id != FQ_T_UNKNOWN)
	{
		*out = *a;
		return true;
	}
	if (a->id == FQ_T_CHAR || b->id == FQ_T_CHAR)
	{
		const fq_type *o = a->id == FQ_T_CHAR ? b : a;

		if (o->id == FQ_T_UNKNOWN || o->id == FQ_T_CHAR || (o->id == FQ_T_VARCHAR && o->length != -1))
		{
			*out = fq_type_char(-1);
			return true;
		}
		if (o->id == FQ_T_VARCHAR)
		{
			*out = fq_type_varchar(-1);
			return true;
		}
	}
	else if ((a->id == FQ_T_VARCHAR || a->id == FQ_T_UNKNOWN) &&
			 (b->id == FQ_T_VARCHAR || b->id == FQ_T_UNKNOWN))
	{
		*out = fq_type_varchar(-1);
		return true;
	}
	/*
	 * REAL against an integer or NUMERIC compares in DOUBLE PRECISION, as
	 * PostgreSQL picks its float84/float48 operators (float8 is the
	 * preferred type): 0.1 >= CAST(0.1 AS real) is false there.
	 */
	if ((a->id == FQ_T_FLOAT4 && numeric_rank(b->id) > 0 && b->id != FQ_T_FLOAT4) ||
		(b->id == FQ_T_FLOAT4 && numeric_rank(a->id) > 0 && a->id != FQ_T_FLOAT4))
	{
		*out = fq_type_make(FQ_T_FLOAT8);
		return true;
	}
	/* time against interval: interval's operators, as time converts to
	 * interval implicitly (a CASE or UNION of the two has no common type) */
	if ((a->id == FQ_T_TIME && b->id == FQ_T_INTERVAL) ||
		(a->id == FQ_T_INTERVAL && b->id == FQ_T_TIME))
	{
		*out = fq_type_make(FQ_T_INTERVAL);
		return true;
	}
	return fq_common_type(a, b, out);
}

bool
fq_can_coerce(const fq_type *from, const fq_type *to)
{
	int rf;
	int rt;

	/* PostgreSQL's implicit casts: any string to any string, numbers and
	 * dates and times up their ranks */
	if (from->id == FQ_T_UNKNOWN || from->id == to->id)
		return true;
	if (fq_type_is_string(from->id) && fq_type_is_string(to->id))
		return true;
	rf = numeric_rank(from->id);
	rt = numeric_rank(to->id);
	if (rf > 0 && rt > 0)
		return rf <= rt;
	/* time to interval too (PostgreSQL's time_interval) */
	if (from->id == FQ_T_TIME && to->id == FQ_T_INTERVAL)
		return true;
	rf = datetime_rank(from->id);
	rt = datetime_rank(to->id);
	return rf > 0 && rt > 0 && rf <= rt;
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
	if ((f == FQ_T_TIMESTAMP || f == FQ_T_TIMESTAMPTZ || f == FQ_T_INTERVAL) && t == FQ_T_TIME)
		return true;
	return false;
}
