/*
 * value.c — scalar values and vector slots: moving an fq_value into the
 * physical representation of its type (fq.h) and back, and the three-way
 * comparison every sort, join key and comparison operator agrees with.
 *
 * Comparison rules are PostgreSQL's with the "C" collation: strings and
 * BYTEA compare bytewise, then by length; CHAR ignores trailing blanks;
 * floats and numerics put NaN above everything and equal to itself, -0
 * equals 0 and 1.5 equals 1.50;
 * intervals compare by their span with a month counted as 30 days and a
 * day as 24 hours (so '1 day' = '24 hours', as in PostgreSQL).
 */
#include "exec/exec.h"

#include "types/numeric.h"
#include "types/types.h"

#include <math.h>
#include <string.h>

void
fq_value_to_slot(const fq_value *v, void *slot)
{
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			{
				uint8_t b = v->v.i != 0;

				memcpy(slot, &b, sizeof(b));
				return;
			}
		case FQ_T_INT2:
			{
				int16_t w = (int16_t) v->v.i;

				memcpy(slot, &w, sizeof(w));
				return;
			}
		case FQ_T_INT4:
		case FQ_T_DATE:
			{
				int32_t w = (int32_t) v->v.i;

				memcpy(slot, &w, sizeof(w));
				return;
			}
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			memcpy(slot, &v->v.i, sizeof(int64_t));
			return;
		case FQ_T_DECIMAL:
			memcpy(slot, &v->v.num, sizeof(fq_numeric));
			return;
		case FQ_T_FLOAT4:
			{
				float f = (float) v->v.f;

				memcpy(slot, &f, sizeof(f));
				return;
			}
		case FQ_T_FLOAT8:
			memcpy(slot, &v->v.f, sizeof(double));
			return;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			memcpy(slot, &v->v.s, sizeof(fq_string));
			return;
		case FQ_T_INTERVAL:
			memcpy(slot, &v->v.iv, sizeof(fq_interval));
			return;
		case FQ_T_UUID:
			memcpy(slot, &v->v.uuid, sizeof(fq_uuid));
			return;
		case FQ_T__COUNT:
			break;
	}
	/* An unrecognised type has no slot; write nothing rather than guess. */
}

void
fq_slot_to_value(const void *slot, const fq_type *t, fq_value *v)
{
	memset(v, 0, sizeof(*v));
	v->type = *t;
	v->isnull = false;
	switch (t->id)
	{
		case FQ_T_BOOL:
			{
				uint8_t b;

				memcpy(&b, slot, sizeof(b));
				v->v.i = b != 0;
				return;
			}
		case FQ_T_INT2:
			{
				int16_t w;

				memcpy(&w, slot, sizeof(w));
				v->v.i = w;
				return;
			}
		case FQ_T_INT4:
		case FQ_T_DATE:
			{
				int32_t w;

				memcpy(&w, slot, sizeof(w));
				v->v.i = w;
				return;
			}
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			memcpy(&v->v.i, slot, sizeof(int64_t));
			return;
		case FQ_T_DECIMAL:
			memcpy(&v->v.num, slot, sizeof(fq_numeric));
			return;
		case FQ_T_FLOAT4:
			{
				float f;

				memcpy(&f, slot, sizeof(f));
				v->v.f = f;
				return;
			}
		case FQ_T_FLOAT8:
			memcpy(&v->v.f, slot, sizeof(double));
			return;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			memcpy(&v->v.s, slot, sizeof(fq_string));
			return;
		case FQ_T_INTERVAL:
			memcpy(&v->v.iv, slot, sizeof(fq_interval));
			return;
		case FQ_T_UUID:
			memcpy(&v->v.uuid, slot, sizeof(fq_uuid));
			return;
		case FQ_T__COUNT:
			break;
	}
	/* Unrecognised type: leave the zeroed value. */
}

bool
fq_slot_own(const fq_type *t, void *slot, fq_arena *a)
{
	switch (t->id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			{
				fq_string s;

				memcpy(&s, slot, sizeof(s));
				s.ptr = fq_arena_memdup(a, s.ptr, s.len ? s.len : 1);
				memcpy(slot, &s, sizeof(s));
				return s.ptr != NULL;
			}
		case FQ_T_DECIMAL:
			{
				fq_numeric x;

				memcpy(&x, slot, sizeof(x));
				if (x.kind != FQ_NUM_BIG)
					return true;
				x.limbs = fq_arena_memdup(a, x.limbs, sizeof(uint32_t) * x.nlimbs);
				memcpy(slot, &x, sizeof(x));
				return x.limbs != NULL;
			}
		default:
			return true;
	}
}

bool
fq_value_own(fq_value *v, fq_arena *a)
{
	if (v->isnull)
		return true;
	switch (v->type.id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			return fq_slot_own(&v->type, &v->v.s, a);
		case FQ_T_DECIMAL:
			return fq_slot_own(&v->type, &v->v.num, a);
		default:
			return true;
	}
}

/* Bytewise, then shorter first: memcmp order with the "C" collation. */
static int
bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

size_t
fq_bpchar_len(const fq_string *s)
{
	static const char spaces[8] = "        ";
	size_t n = s->len;

	/* A value padded to a wide column (TPC-DS's char(50) categories,
	 * compared millions of times by a sort): eight spaces at a time. */
	while (n >= 8 && memcmp(s->ptr + n - 8, spaces, 8) == 0)
		n -= 8;
	while (n > 0 && s->ptr[n - 1] == ' ')
		n--;
	return n;
}

static int
double_cmp(double a, double b)
{
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/* An interval's span in microseconds, months as 30 days (no overflow:
 * 128 bits hold any combination of the fields). */
static fq_int128
interval_span(const fq_interval *iv)
{
	return ((fq_int128) iv->months * 30 + iv->days) * FQ_USECS_PER_DAY + iv->usecs;
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

int
fq_compare_slots(const fq_type *t, const void *a, const void *b)
{
	switch (t->id)
	{
		case FQ_T_BOOL:
			{
				uint8_t x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return CMP3(x != 0, y != 0);
			}
		case FQ_T_INT2:
			{
				int16_t x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return CMP3(x, y);
			}
		case FQ_T_INT4:
		case FQ_T_DATE:
			{
				int32_t x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return CMP3(x, y);
			}
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			{
				int64_t x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return CMP3(x, y);
			}
		case FQ_T_DECIMAL:
			{
				fq_numeric x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return fq_num_cmp(&x, &y);
			}
		case FQ_T_FLOAT4:
			{
				float x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return double_cmp(x, y);
			}
		case FQ_T_FLOAT8:
			{
				double x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return double_cmp(x, y);
			}
		case FQ_T_CHAR:
			{
				fq_string x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return bytes_cmp(x.ptr, fq_bpchar_len(&x), y.ptr, fq_bpchar_len(&y));
			}
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			{
				fq_string x, y;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				return bytes_cmp(x.ptr, x.len, y.ptr, y.len);
			}
		case FQ_T_INTERVAL:
			{
				fq_interval x, y;
				fq_int128 sx, sy;

				memcpy(&x, a, sizeof(x));
				memcpy(&y, b, sizeof(y));
				sx = interval_span(&x);
				sy = interval_span(&y);
				return CMP3(sx, sy);
			}
		case FQ_T_UUID:
			{
				int c = memcmp(a, b, sizeof(fq_uuid));

				return c < 0 ? -1 : c > 0 ? 1 : 0;
			}
		case FQ_T__COUNT:
			break;
	}
	/* Unrecognised types compare equal: callers never pass one. */
	return 0;
}
