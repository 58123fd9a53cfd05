/*
 * numeric.c — NUMERIC arithmetic, exact, with PostgreSQL's result scales
 * (see numeric.h for the rules).
 *
 * A finite value is an unscaled integer U and a display scale d: the value
 * is U / 10^d.  While |U| fits 127 bits it is an fq_int128 and every
 * operation runs in 128-bit arithmetic with overflow checks; when a result
 * would not fit, the operation is redone on magnitudes of base-10^9 limbs
 * ("mag" below) with schoolbook multiplication and Knuth's long division.
 * Results that fit 127 bits are always made small again, so a value has
 * one form only.
 *
 * Rounding is half away from zero everywhere, as PostgreSQL's round_var.
 */
#include "types/numeric.h"
#include "types/types_int.h"
#include "core/alloc.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

#define NBASE 1000000000u
#define NBASE_DIGITS 9
/* Limbs any 128-bit magnitude needs (2^128 < 10^39). */
#define SMALL_LIMBS 5

static const uint32_t pow10_u32[NBASE_DIGITS + 1] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

#define E19 ((u128) UINT64_C(10000000000000000000))
static const u128 U128_MAX_SIGNED = ~(u128) 0 >> 1;
/* The one 128-bit value a small numeric never holds (its magnitude does
 * not fit 127 bits). */
#define I128_MIN (-(fq_int128) (~(u128) 0 >> 1) - 1)

/* 10^n for 0 <= n <= 38. */
static u128
pow10_u128(int n)
{
	static u128 tab[39];
	static bool ready;

	if (!ready)
	{
		/* Idempotent, so a race between threads only repeats the work. */
		u128 p = 1;

		for (int i = 0; i <= 38; i++, p *= 10)
			tab[i] = p;
		ready = true;
	}
	return tab[n];
}

static u128
small_mag(fq_int128 v)
{
	return v < 0 ? (u128) 0 - (u128) v : (u128) v;
}

/* ------------------------------------------------------------------ */
/* Magnitudes in base 10^9                                             */
/* ------------------------------------------------------------------ */

typedef struct mag
{
	uint32_t *d;
	int n; /* limbs in use; no leading zero limbs; 0 for zero */
} mag;

static void
mag_trim(mag *m)
{
	while (m->n > 0 && m->d[m->n - 1] == 0)
		m->n--;
}

static uint32_t *
limbs_new(fq_arena *a, int n)
{
	return fq_arena_alloc(a, sizeof(uint32_t) * (size_t) (n > 0 ? n : 1));
}

static void
mag_from_u128(u128 v, uint32_t *buf, mag *m)
{
	m->d = buf;
	m->n = 0;
	while (v != 0)
	{
		m->d[m->n++] = (uint32_t) (v % NBASE);
		v /= NBASE;
	}
}

/* True when m fits 127 bits; then *out is it. */
static bool
mag_to_u128(const mag *m, u128 *out)
{
	u128 v = 0;

	if (m->n > SMALL_LIMBS)
		return false;
	for (int i = m->n - 1; i >= 0; i--)
	{
		if (v > (U128_MAX_SIGNED - m->d[i]) / NBASE)
			return false;
		v = v * NBASE + m->d[i];
	}
	*out = v;
	return true;
}

static int
mag_cmp(const mag *a, const mag *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* Decimal digits of m (1 for zero). */
static int
mag_digits(const mag *m)
{
	int d = 1;

	if (m->n == 0)
		return 1;
	while (d < NBASE_DIGITS && m->d[m->n - 1] >= pow10_u32[d])
		d++;
	return (m->n - 1) * NBASE_DIGITS + d;
}

/* The decimal digit of m at 10^j. */
static int
mag_digit_at(const mag *m, int64_t j)
{
	int64_t limb = j / NBASE_DIGITS;

	if (j < 0 || limb >= m->n)
		return 0;
	return (int) (m->d[limb] / pow10_u32[j % NBASE_DIGITS] % 10);
}

/* True when the digits of m below 10^k are not all zero. */
static bool
mag_low_nonzero(const mag *m, int64_t k)
{
	int64_t full = k / NBASE_DIGITS;

	for (int64_t i = 0; i < full && i < m->n; i++)
		if (m->d[i] != 0)
			return true;
	if (full < m->n && k % NBASE_DIGITS != 0)
		return m->d[full] % pow10_u32[k % NBASE_DIGITS] != 0;
	return false;
}

/* r = a + b; r has room for max(a->n, b->n) + 1 limbs and may be a or b. */
static void
mag_add(const mag *a, const mag *b, mag *r)
{
	int n = a->n > b->n ? a->n : b->n;
	uint32_t carry = 0;

	for (int i = 0; i < n; i++)
	{
		uint32_t s = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;

		carry = s >= NBASE;
		r->d[i] = carry ? s - NBASE : s;
	}
	if (carry)
		r->d[n++] = 1;
	r->n = n;
}

/* r = a - b for a >= b; r has room for a->n limbs and may be a or b. */
static void
mag_sub(const mag *a, const mag *b, mag *r)
{
	int32_t borrow = 0;

	for (int i = 0; i < a->n; i++)
	{
		int64_t s = (int64_t) a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;

		borrow = s < 0;
		r->d[i] = (uint32_t) (borrow ? s + NBASE : s);
	}
	r->n = a->n;
	mag_trim(r);
}

/* r = a * b; r has room for a->n + b->n limbs and is neither a nor b. */
static void
mag_mul(const mag *a, const mag *b, mag *r)
{
	r->n = a->n + b->n;
	memset(r->d, 0, sizeof(uint32_t) * (size_t) (r->n > 0 ? r->n : 1));
	for (int i = 0; i < a->n; i++)
	{
		uint64_t carry = 0;

		if (a->d[i] == 0)
			continue;
		for (int j = 0; j < b->n; j++)
		{
			uint64_t t = (uint64_t) a->d[i] * b->d[j] + r->d[i + j] + carry;

			r->d[i + j] = (uint32_t) (t % NBASE);
			carry = t / NBASE;
		}
		r->d[i + b->n] = (uint32_t) carry;
	}
	mag_trim(r);
}

/* r = a * m + add for m, add < NBASE; r has room for a->n + 1 limbs and
 * may be a. */
static void
mag_mul_small(const mag *a, uint32_t m, uint32_t add, mag *r)
{
	uint64_t carry = add;
	int n = a->n;

	for (int i = 0; i < n; i++)
	{
		uint64_t t = (uint64_t) a->d[i] * m + carry;

		r->d[i] = (uint32_t) (t % NBASE);
		carry = t / NBASE;
	}
	r->n = n;
	if (carry)
		r->d[r->n++] = (uint32_t) carry;
	mag_trim(r);
}

/* q = a / v, returns a % v, for 0 < v < NBASE; q may be a. */
static uint32_t
mag_div_small(const mag *a, uint32_t v, mag *q)
{
	uint64_t rem = 0;
	int n = a->n;

	for (int i = n - 1; i >= 0; i--)
	{
		uint64_t cur = rem * NBASE + a->d[i];

		q->d[i] = (uint32_t) (cur / v);
		rem = cur % v;
	}
	q->n = n;
	mag_trim(q);
	return (uint32_t) rem;
}

/* r = a * 10^k in a new array. */
static bool
mag_shift_up(const mag *a, int64_t k, fq_arena *ar, mag *r)
{
	int64_t limbs = k / NBASE_DIGITS;
	int rest = (int) (k % NBASE_DIGITS);
	mag t;

	if (a->n == 0)
	{
		r->n = 0;
		r->d = limbs_new(ar, 1);
		return r->d != NULL;
	}
	r->d = limbs_new(ar, (int) (a->n + limbs + 1));
	if (r->d == NULL)
		return false;
	memset(r->d, 0, sizeof(uint32_t) * (size_t) limbs);
	memcpy(r->d + limbs, a->d, sizeof(uint32_t) * (size_t) a->n);
	r->n = (int) (a->n + limbs);
	if (rest > 0)
	{
		t.d = r->d + limbs;
		t.n = a->n;
		mag_mul_small(&t, pow10_u32[rest], 0, &t);
		r->n = (int) limbs + t.n;
	}
	return true;
}

/* r = floor(a / 10^k) in a new array. */
static bool
mag_shift_down(const mag *a, int64_t k, fq_arena *ar, mag *r)
{
	int64_t limbs = k / NBASE_DIGITS;
	int rest = (int) (k % NBASE_DIGITS);

	r->d = limbs_new(ar, a->n + 1);
	if (r->d == NULL)
		return false;
	if (limbs >= a->n)
	{
		r->n = 0;
		return true;
	}
	r->n = (int) (a->n - limbs);
	memcpy(r->d, a->d + limbs, sizeof(uint32_t) * (size_t) r->n);
	if (rest > 0)
		mag_div_small(r, pow10_u32[rest], r);
	return true;
}

/* a + 1 in place; a has room for one more limb. */
static void
mag_increment(mag *a)
{
	mag one;
	uint32_t d1 = 1;

	one.d = &d1;
	one.n = 1;
	mag_add(a, &one, a);
}

/*
 * q = floor(u / v), r = u mod v (Knuth, TAOCP vol. 2, 4.3.1, algorithm D,
 * in base 10^9).  v is not zero.  q and r are new arrays; r may be NULL.
 */
static bool
mag_divmod(const mag *u, const mag *v, fq_arena *ar, mag *q, mag *r)
{
	int n = v->n;
	int m = u->n - v->n;
	uint32_t d;
	mag un;
	mag vn;

	if (mag_cmp(u, v) < 0)
	{
		q->d = limbs_new(ar, 1);
		q->n = 0;
		if (r != NULL)
		{
			r->d = limbs_new(ar, u->n);
			if (r->d == NULL)
				return false;
			memcpy(r->d, u->d, sizeof(uint32_t) * (size_t) u->n);
			r->n = u->n;
		}
		return q->d != NULL;
	}
	q->d = limbs_new(ar, m + 1);
	if (q->d == NULL)
		return false;
	if (n == 1)
	{
		uint32_t rem = mag_div_small(u, v->d[0], q);

		if (r != NULL)
		{
			if ((r->d = limbs_new(ar, 1)) == NULL)
				return false;
			r->d[0] = rem;
			r->n = rem != 0;
		}
		return true;
	}

	/* Normalise so that the divisor's top limb is at least NBASE / 2. */
	d = NBASE / (v->d[n - 1] + 1);
	un.d = limbs_new(ar, u->n + 1);
	vn.d = limbs_new(ar, n + 1);
	if (un.d == NULL || vn.d == NULL)
		return false;
	un.n = u->n;
	memcpy(un.d, u->d, sizeof(uint32_t) * (size_t) u->n);
	vn.n = n;
	memcpy(vn.d, v->d, sizeof(uint32_t) * (size_t) n);
	{
		/* Multiply without trimming: the algorithm wants fixed lengths. */
		uint64_t carry = 0;

		for (int i = 0; i < u->n; i++)
		{
			uint64_t t = (uint64_t) un.d[i] * d + carry;

			un.d[i] = (uint32_t) (t % NBASE);
			carry = t / NBASE;
		}
		un.d[u->n] = (uint32_t) carry;
		carry = 0;
		for (int i = 0; i < n; i++)
		{
			uint64_t t = (uint64_t) vn.d[i] * d + carry;

			vn.d[i] = (uint32_t) (t % NBASE);
			carry = t / NBASE;
		}
	}

	for (int j = m; j >= 0; j--)
	{
		uint64_t num = (uint64_t) un.d[j + n] * NBASE + un.d[j + n - 1];
		uint64_t qhat = num / vn.d[n - 1];
		uint64_t rhat = num % vn.d[n - 1];
		int64_t borrow = 0;
		uint64_t carry = 0;

		while (qhat >= NBASE ||
			   qhat * vn.d[n - 2] > rhat * NBASE + un.d[j + n - 2])
		{
			qhat--;
			rhat += vn.d[n - 1];
			if (rhat >= NBASE)
				break;
		}
		/* un[j .. j+n] -= qhat * vn */
		for (int i = 0; i < n; i++)
		{
			uint64_t p = qhat * vn.d[i] + carry;
			int64_t t;

			carry = p / NBASE;
			t = (int64_t) un.d[i + j] - (int64_t) (p % NBASE) - borrow;
			borrow = t < 0;
			un.d[i + j] = (uint32_t) (t < 0 ? t + NBASE : t);
		}
		{
			int64_t t = (int64_t) un.d[j + n] - (int64_t) carry - borrow;

			borrow = t < 0;
			un.d[j + n] = (uint32_t) (t < 0 ? t + NBASE : t);
		}
		if (borrow)
		{
			/* qhat was one too large: add the divisor back. */
			uint32_t c = 0;

			qhat--;
			for (int i = 0; i < n; i++)
			{
				uint32_t s = un.d[i + j] + vn.d[i] + c;

				c = s >= NBASE;
				un.d[i + j] = c ? s - NBASE : s;
			}
			un.d[j + n] = (un.d[j + n] + c) % NBASE;
		}
		q->d[j] = (uint32_t) qhat;
	}
	q->n = m + 1;
	mag_trim(q);
	if (r != NULL)
	{
		un.n = n;
		mag_trim(&un);
		mag_div_small(&un, d, &un);
		*r = un;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Finite values as (sign, display scale, magnitude)                   */
/* ------------------------------------------------------------------ */

typedef struct wnum
{
	bool neg;
	int dscale;
	mag m;
	uint32_t buf[SMALL_LIMBS]; /* m's limbs when unpacked from a small value */
} wnum;

static void
unpack(const fq_numeric *x, wnum *w)
{
	w->dscale = x->dscale;
	if (x->kind == FQ_NUM_SMALL)
	{
		w->neg = x->small < 0;
		mag_from_u128(small_mag(x->small), w->buf, &w->m);
	}
	else
	{
		w->neg = x->negative != 0;
		w->m.d = (uint32_t *) x->limbs;
		w->m.n = (int) x->nlimbs;
	}
}

/*
 * Packs a finite result, checking numeric's limits.  m's limbs must live in
 * the arena already (or be copied by the caller) when the value is big.
 */
static fq_num_status
pack(bool neg, int dscale, const mag *m, fq_numeric *out)
{
	u128 v;

	memset(out, 0, sizeof(*out));
	if (dscale > FQ_NUM_MAX_DSCALE)
		return FQ_NUM_OVERFLOW;
	out->dscale = (int16_t) dscale;
	if (mag_to_u128(m, &v))
	{
		out->kind = FQ_NUM_SMALL;
		out->small = neg ? -(fq_int128) v : (fq_int128) v;
		return FQ_NUM_OK;
	}
	if (mag_digits(m) - dscale > FQ_NUM_MAX_INT_DIGITS)
		return FQ_NUM_OVERFLOW;
	out->kind = FQ_NUM_BIG;
	out->negative = neg;
	out->limbs = m->d;
	out->nlimbs = (uint32_t) m->n;
	return FQ_NUM_OK;
}

static fq_num_status
small_result(fq_int128 v, int dscale, fq_numeric *out)
{
	if (dscale > FQ_NUM_MAX_DSCALE)
		return FQ_NUM_OVERFLOW;
	memset(out, 0, sizeof(*out));
	out->kind = FQ_NUM_SMALL;
	out->small = v;
	out->dscale = (int16_t) dscale;
	return FQ_NUM_OK;
}

/* ------------------------------------------------------------------ */
/* Making and looking                                                  */
/* ------------------------------------------------------------------ */

void
fq_num_from_int64(int64_t v, fq_numeric *out)
{
	memset(out, 0, sizeof(*out));
	out->small = v;
}

void
fq_num_from_int128(fq_int128 v, int dscale, fq_numeric *out)
{
	memset(out, 0, sizeof(*out));
	out->small = v;
	out->dscale = (int16_t) dscale;
}

void
fq_num_special(fq_numeric_kind kind, fq_numeric *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = (uint8_t) kind;
}

int
fq_num_sign(const fq_numeric *x)
{
	switch (x->kind)
	{
		case FQ_NUM_SMALL: return x->small < 0 ? -1 : x->small > 0;
		case FQ_NUM_BIG: return x->negative ? -1 : 1;
		case FQ_NUM_PINF: return 1;
		case FQ_NUM_NINF: return -1;
		default: return 0;
	}
}

int
fq_num_int_digits(const fq_numeric *x)
{
	wnum w;
	int d;

	if (!fq_num_is_finite(x) || fq_num_sign(x) == 0)
		return 0;
	unpack(x, &w);
	d = mag_digits(&w.m) - w.dscale;
	return d > 0 ? d : 0;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
word_is(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n != k)
		return false;
	for (size_t i = 0; i < k; i++)
	{
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

/* A magnitude from a run of decimal digits (points skipped). */
static bool
mag_from_digits(const char *s, const char *end, int64_t ndigits, fq_arena *a, mag *m)
{
	int64_t nlimbs = (ndigits + NBASE_DIGITS - 1) / NBASE_DIGITS;
	int64_t pos = 0; /* digits consumed from the most significant end */

	m->d = limbs_new(a, (int) nlimbs);
	if (m->d == NULL)
		return false;
	m->n = (int) nlimbs;
	memset(m->d, 0, sizeof(uint32_t) * (size_t) nlimbs);
	for (const char *p = s; p < end; p++)
	{
		int64_t from_low;

		if (*p < '0' || *p > '9')
			continue;
		from_low = ndigits - 1 - pos;
		m->d[from_low / NBASE_DIGITS] += (uint32_t) (*p - '0') * pow10_u32[from_low % NBASE_DIGITS];
		pos++;
	}
	mag_trim(m);
	return true;
}

fq_conv
fq_num_parse(const char *s, size_t n, fq_arena *a, fq_numeric *out)
{
	const char *end = s + n;
	const char *p;
	const char *first = NULL; /* first significant digit */
	const char *mant_end;
	bool neg = false;
	bool point = false;
	int64_t ndigits = 0;  /* significant digits (from the first nonzero) */
	int64_t nfrac = 0;    /* digits after the point, all of them */
	int64_t exp10 = 0;
	int64_t dscale;
	int64_t shift;
	bool any = false;
	mag m;

	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	if (word_is(s, (size_t) (end - s), "nan"))
	{
		fq_num_special(FQ_NUM_NAN, out);
		return FQ_CONV_OK;
	}
	if (word_is(s, (size_t) (end - s), "infinity") || word_is(s, (size_t) (end - s), "+infinity") ||
		word_is(s, (size_t) (end - s), "inf") || word_is(s, (size_t) (end - s), "+inf"))
	{
		fq_num_special(FQ_NUM_PINF, out);
		return FQ_CONV_OK;
	}
	if (word_is(s, (size_t) (end - s), "-infinity") || word_is(s, (size_t) (end - s), "-inf"))
	{
		fq_num_special(FQ_NUM_NINF, out);
		return FQ_CONV_OK;
	}
	p = s;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	for (; p < end; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			any = true;
			if (first == NULL && *p != '0')
				first = p;
			if (first != NULL)
				ndigits++;
			if (point)
				nfrac++;
		}
		else if (*p == '.' && !point)
			point = true;
		else
			break;
	}
	mant_end = p;
	if (!any)
		return FQ_CONV_SYNTAX;
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		bool eneg = false;
		bool edig = false;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++)
		{
			edig = true;
			if (exp10 < INT64_C(1) << 40)
				exp10 = exp10 * 10 + (*p - '0');
		}
		if (!edig)
			return FQ_CONV_SYNTAX;
		/* PostgreSQL's own bound, before any scale is worked out. */
		if (exp10 >= 1073741823)
			return FQ_CONV_RANGE;
		if (eneg)
			exp10 = -exp10;
	}
	if (p != end)
		return FQ_CONV_SYNTAX;

	/* value = digits * 10^(exp10 - nfrac); shown with nfrac - exp10 places */
	dscale = nfrac - exp10;
	if (dscale < 0)
		dscale = 0;
	if (dscale > FQ_NUM_MAX_DSCALE)
		return FQ_CONV_RANGE;
	if (first == NULL)
		return small_result(0, (int) dscale, out) == FQ_NUM_OK ? FQ_CONV_OK : FQ_CONV_RANGE;
	/* Unscaled U = digits * 10^shift. */
	shift = dscale - nfrac + exp10;
	if (ndigits + shift - dscale > FQ_NUM_MAX_INT_DIGITS)
		return FQ_CONV_RANGE;
	if (ndigits + shift <= 38)
	{
		u128 v = 0;

		for (const char *q = first; q < mant_end; q++)
			if (*q >= '0' && *q <= '9')
				v = v * 10 + (u128) (*q - '0');
		v *= pow10_u128((int) shift);
		return small_result(neg ? -(fq_int128) v : (fq_int128) v, (int) dscale, out) == FQ_NUM_OK
			? FQ_CONV_OK : FQ_CONV_RANGE;
	}
	if (!mag_from_digits(first, mant_end, ndigits, a, &m))
		return FQ_CONV_NOMEM;
	if (shift > 0)
	{
		mag t;

		if (!mag_shift_up(&m, shift, a, &t))
			return FQ_CONV_NOMEM;
		m = t;
	}
	switch (pack(neg, (int) dscale, &m, out))
	{
		case FQ_NUM_OK: return FQ_CONV_OK;
		case FQ_NUM_NOMEM: return FQ_CONV_NOMEM;
		default: return FQ_CONV_RANGE;
	}
}

/* Writes the decimal digits of m (most significant first); returns how
 * many.  buf needs 40 bytes. */
static int
u128_to_chars(u128 m, char *buf)
{
	char tmp[40];
	int n = 0;

	/* Two divisions by 10^19 leave 64-bit pieces to print cheaply. */
	while (m >= E19)
	{
		uint64_t part = (uint64_t) (m % E19);

		for (int i = 0; i < 19; i++)
		{
			tmp[n++] = (char) ('0' + part % 10);
			part /= 10;
		}
		m /= E19;
	}
	{
		uint64_t part = (uint64_t) m;

		do
		{
			tmp[n++] = (char) ('0' + part % 10);
			part /= 10;
		} while (part != 0);
	}
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

size_t
fq_num_format(const fq_numeric *x, char *buf, size_t cap)
{
	const char *word = NULL;
	wnum w;
	int64_t nd;
	int64_t width;
	size_t len;
	size_t at = 0;

	switch (x->kind)
	{
		case FQ_NUM_NAN: word = "NaN"; break;
		case FQ_NUM_PINF: word = "Infinity"; break;
		case FQ_NUM_NINF: word = "-Infinity"; break;
		default: break;
	}
	if (word != NULL)
	{
		len = strlen(word);
		if (cap > len)
			memcpy(buf, word, len + 1);
		return len;
	}
	if (x->kind == FQ_NUM_SMALL)
	{
		char digits[40];
		int n = u128_to_chars(small_mag(x->small), digits);
		int w2 = n > x->dscale ? n : x->dscale + 1;

		len = (size_t) (w2 + (x->dscale > 0) + (x->small < 0));
		if (cap <= len)
			return len;
		if (x->small < 0)
			buf[at++] = '-';
		for (int i = w2 - 1; i >= 0; i--)
		{
			if (i == x->dscale - 1)
				buf[at++] = '.';
			buf[at++] = i < n ? digits[n - 1 - i] : '0';
		}
		buf[at] = '\0';
		return len;
	}
	unpack(x, &w);
	nd = mag_digits(&w.m);
	/* At least one digit before the point. */
	width = nd > w.dscale ? nd : w.dscale + 1;
	len = (size_t) (width + (w.dscale > 0) + (w.neg && w.m.n > 0));
	if (cap <= len)
		return len;
	if (w.neg && w.m.n > 0)
		buf[at++] = '-';
	for (int64_t i = width - 1; i >= 0; i--)
	{
		if (i == w.dscale - 1)
			buf[at++] = '.';
		buf[at++] = (char) ('0' + mag_digit_at(&w.m, i));
	}
	buf[at] = '\0';
	return len;
}

void
fq_num_append(const fq_numeric *x, fq_strbuf *out)
{
	char small[FQ_NUM_SMALL_TEXT];
	size_t len = fq_num_format(x, small, sizeof(small));

	if (len < sizeof(small))
	{
		fq_strbuf_appendn(out, small, len);
		return;
	}
	if (!fq_strbuf_reserve(out, len + 1))
		return;
	fq_num_format(x, out->data + out->len, len + 1);
	out->len += len;
}

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

/* x * 10^k as 128 bits; false on overflow. */
static bool
small_scale_up(u128 x, int k, u128 *out)
{
	u128 p;

	if (x == 0)
	{
		*out = 0;
		return true;
	}
	if (k > 38)
		return false;
	p = pow10_u128(k);
	if (x > U128_MAX_SIGNED / p)
		return false;
	*out = x * p;
	return true;
}

/* Aligned magnitudes of x and y at the larger display scale. */
static bool
align(const wnum *x, const wnum *y, fq_arena *a, mag *mx, mag *my, int *dscale)
{
	int d = x->dscale > y->dscale ? x->dscale : y->dscale;

	*dscale = d;
	*mx = x->m;
	*my = y->m;
	if (d > x->dscale && !mag_shift_up(&x->m, d - x->dscale, a, mx))
		return false;
	if (d > y->dscale && !mag_shift_up(&y->m, d - y->dscale, a, my))
		return false;
	return true;
}

/* Signed addition of finite values on magnitudes. */
static fq_num_status
big_add(const fq_numeric *x, const fq_numeric *y, bool negate_y, fq_arena *a, fq_numeric *out)
{
	wnum wx;
	wnum wy;
	mag mx;
	mag my;
	mag r;
	int d;
	bool ny;

	unpack(x, &wx);
	unpack(y, &wy);
	ny = wy.neg != negate_y;
	if (!align(&wx, &wy, a, &mx, &my, &d))
		return FQ_NUM_NOMEM;
	r.d = limbs_new(a, (mx.n > my.n ? mx.n : my.n) + 1);
	if (r.d == NULL)
		return FQ_NUM_NOMEM;
	if (wx.neg == ny)
	{
		mag_add(&mx, &my, &r);
		return pack(wx.neg && r.n > 0, d, &r, out);
	}
	if (mag_cmp(&mx, &my) >= 0)
	{
		mag_sub(&mx, &my, &r);
		return pack(wx.neg && r.n > 0, d, &r, out);
	}
	mag_sub(&my, &mx, &r);
	return pack(ny && r.n > 0, d, &r, out);
}

/* x + y (or x - y) for finite values. */
static fq_num_status
finite_add(const fq_numeric *x, const fq_numeric *y, bool subtract, fq_arena *a, fq_numeric *out)
{
	if (x->kind == FQ_NUM_SMALL && y->kind == FQ_NUM_SMALL)
	{
		fq_int128 vx = x->small;
		fq_int128 vy = y->small;
		int d = x->dscale;
		fq_int128 r;

		if (x->dscale != y->dscale)
		{
			u128 m;

			d = x->dscale > y->dscale ? x->dscale : y->dscale;
			if (x->dscale < d)
			{
				if (!small_scale_up(small_mag(vx), d - x->dscale, &m))
					return big_add(x, y, subtract, a, out);
				vx = vx < 0 ? -(fq_int128) m : (fq_int128) m;
			}
			else
			{
				if (!small_scale_up(small_mag(vy), d - y->dscale, &m))
					return big_add(x, y, subtract, a, out);
				vy = vy < 0 ? -(fq_int128) m : (fq_int128) m;
			}
		}
		if (!(subtract ? __builtin_sub_overflow(vx, vy, &r) : __builtin_add_overflow(vx, vy, &r)) &&
			r != I128_MIN)
			return small_result(r, d, out);
	}
	return big_add(x, y, subtract, a, out);
}

/* Special values of + and -: NaN, or the infinity that wins. */
static void
special_add(const fq_numeric *x, const fq_numeric *y, bool subtract, fq_numeric *out)
{
	int sx;
	int sy;

	if (x->kind == FQ_NUM_NAN || y->kind == FQ_NUM_NAN)
	{
		fq_num_special(FQ_NUM_NAN, out);
		return;
	}
	sx = fq_num_is_finite(x) ? 0 : fq_num_sign(x);
	sy = fq_num_is_finite(y) ? 0 : fq_num_sign(y) * (subtract ? -1 : 1);
	if (sx != 0 && sy != 0 && sx != sy)
		fq_num_special(FQ_NUM_NAN, out);
	else
		fq_num_special((sx != 0 ? sx : sy) > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, out);
}

fq_num_status
fq_num_add(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		special_add(x, y, false, out);
		return FQ_NUM_OK;
	}
	return finite_add(x, y, false, a, out);
}

fq_num_status
fq_num_sub(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		special_add(x, y, true, out);
		return FQ_NUM_OK;
	}
	return finite_add(x, y, true, a, out);
}

/* Rounds a magnitude at display scale `from` to scale `to` < from, half
 * away from zero (round) or toward zero; a new array. */
static bool
mag_round_to(const mag *m, int from, int to, bool round, fq_arena *a, mag *r)
{
	int64_t k = (int64_t) from - to;
	bool up = round && mag_digit_at(m, k - 1) >= 5;

	if (!mag_shift_down(m, k, a, r))
		return false;
	if (up)
		mag_increment(r);
	return true;
}

fq_num_status
fq_num_mul(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	wnum wx;
	wnum wy;
	mag r;
	int d;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		int s;

		if (x->kind == FQ_NUM_NAN || y->kind == FQ_NUM_NAN)
		{
			fq_num_special(FQ_NUM_NAN, out);
			return FQ_NUM_OK;
		}
		/* Infinity times zero is NaN; otherwise the signs multiply. */
		s = fq_num_sign(x) * fq_num_sign(y);
		fq_num_special(s == 0 ? FQ_NUM_NAN : s > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, out);
		return FQ_NUM_OK;
	}
	d = x->dscale + y->dscale;
	if (x->kind == FQ_NUM_SMALL && y->kind == FQ_NUM_SMALL && d <= FQ_NUM_MAX_DSCALE)
	{
		fq_int128 p;

		if (!__builtin_mul_overflow(x->small, y->small, &p) && p != I128_MIN)
			return small_result(p, d, out);
	}
	unpack(x, &wx);
	unpack(y, &wy);
	r.d = limbs_new(a, wx.m.n + wy.m.n);
	if (r.d == NULL)
		return FQ_NUM_NOMEM;
	mag_mul(&wx.m, &wy.m, &r);
	if (d > FQ_NUM_MAX_DSCALE)
	{
		/* PostgreSQL rounds a product that shows too many places. */
		mag t;

		if (!mag_round_to(&r, d, FQ_NUM_MAX_DSCALE, true, a, &t))
			return FQ_NUM_NOMEM;
		r = t;
		d = FQ_NUM_MAX_DSCALE;
	}
	return pack(wx.neg != wy.neg && r.n > 0, d, &r, out);
}

static int
floor_div4(int64_t v)
{
	return (int) (v >= 0 ? v / 4 : -((-v + 3) / 4));
}

/*
 * PostgreSQL's weight and first digit of a value in base 10000: the
 * 10000-digit that holds the leading decimal digit, and its position.
 */
static void
base10000_lead(const wnum *w, int *weight, int *first)
{
	int64_t nd;
	int64_t p;
	int r;
	int f = 0;

	if (w->m.n == 0)
	{
		*weight = 0;
		*first = 0;
		return;
	}
	nd = mag_digits(&w->m);
	p = nd - 1 - w->dscale; /* power of ten of the leading digit */
	*weight = floor_div4(p);
	r = (int) (p - 4 * (int64_t) *weight);
	for (int i = 0; i <= r; i++)
		f = f * 10 + mag_digit_at(&w->m, nd - 1 - i);
	*first = f;
}

/* select_div_scale of PostgreSQL's numeric.c. */
static int
div_scale(const wnum *x, const wnum *y)
{
	int w1;
	int f1;
	int w2;
	int f2;
	int qweight;
	int rscale;

	base10000_lead(x, &w1, &f1);
	base10000_lead(y, &w2, &f2);
	qweight = w1 - w2;
	if (f1 <= f2)
		qweight--;
	rscale = FQ_NUM_MIN_SIG_DIGITS - qweight * 4;
	if (rscale < x->dscale)
		rscale = x->dscale;
	if (rscale < y->dscale)
		rscale = y->dscale;
	if (rscale < 0)
		rscale = 0;
	if (rscale > FQ_NUM_MAX_DISPLAY_SCALE)
		rscale = FQ_NUM_MAX_DISPLAY_SCALE;
	return rscale;
}

/*
 * x / y for finite values, y not zero, at display scale rscale, rounded
 * half away from zero (round) or truncated.
 */
static fq_num_status
finite_div(const wnum *wx, const wnum *wy, int rscale, bool round, fq_arena *a, fq_numeric *out)
{
	/* Q = x.m * 10^e / y.m with e = rscale - x.dscale + y.dscale. */
	int64_t e = (int64_t) rscale - wx->dscale + wy->dscale;
	bool neg = wx->neg != wy->neg;
	u128 ux;
	u128 uy;
	mag num;
	mag den;
	mag q;
	mag r;

	if (mag_to_u128(&wx->m, &ux) && mag_to_u128(&wy->m, &uy))
	{
		u128 n = ux;
		u128 dd = uy;
		bool fits = e >= 0 ? small_scale_up(ux, (int) e, &n) : small_scale_up(uy, (int) -e, &dd);

		if (fits)
		{
			u128 qq = n / dd;
			u128 rr = n % dd;

			if (round && rr >= dd - rr)
				qq++;
			if (qq <= U128_MAX_SIGNED)
				return small_result(neg ? -(fq_int128) qq : (fq_int128) qq, rscale, out);
		}
	}
	num = wx->m;
	den = wy->m;
	if (e > 0 && !mag_shift_up(&wx->m, e, a, &num))
		return FQ_NUM_NOMEM;
	if (e < 0 && !mag_shift_up(&wy->m, -e, a, &den))
		return FQ_NUM_NOMEM;
	if (!mag_divmod(&num, &den, a, &q, &r))
		return FQ_NUM_NOMEM;
	if (round && r.n > 0)
	{
		/* Up when 2r >= den. */
		mag twice;

		twice.d = limbs_new(a, r.n + 1);
		if (twice.d == NULL)
			return FQ_NUM_NOMEM;
		mag_add(&r, &r, &twice);
		if (mag_cmp(&twice, &den) >= 0)
		{
			mag g;

			g.d = limbs_new(a, q.n + 1);
			if (g.d == NULL)
				return FQ_NUM_NOMEM;
			memcpy(g.d, q.d, sizeof(uint32_t) * (size_t) (q.n > 0 ? q.n : 0));
			g.n = q.n;
			mag_increment(&g);
			q = g;
		}
	}
	return pack(neg && q.n > 0, rscale, &q, out);
}

fq_num_status
fq_num_div(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	wnum wx;
	wnum wy;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		if (x->kind == FQ_NUM_NAN || y->kind == FQ_NUM_NAN)
			fq_num_special(FQ_NUM_NAN, out);
		else if (!fq_num_is_finite(x))
		{
			int sy = fq_num_sign(y);

			if (!fq_num_is_finite(y))
				fq_num_special(FQ_NUM_NAN, out);
			else if (sy == 0)
				return FQ_NUM_DIV_ZERO;
			else
				fq_num_special(fq_num_sign(x) * sy > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, out);
		}
		else
			fq_num_from_int64(0, out); /* finite / infinite */
		return FQ_NUM_OK;
	}
	if (fq_num_sign(y) == 0)
		return FQ_NUM_DIV_ZERO;
	unpack(x, &wx);
	unpack(y, &wy);
	return finite_div(&wx, &wy, div_scale(&wx, &wy), true, a, out);
}

fq_num_status
fq_num_mod(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	wnum wx;
	wnum wy;
	mag mx;
	mag my;
	mag q;
	mag r;
	int d;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		if (x->kind == FQ_NUM_NAN || y->kind == FQ_NUM_NAN)
			fq_num_special(FQ_NUM_NAN, out);
		else if (!fq_num_is_finite(x))
		{
			if (fq_num_sign(y) == 0)
				return FQ_NUM_DIV_ZERO;
			fq_num_special(FQ_NUM_NAN, out);
		}
		else
			*out = *x; /* finite % infinite */
		return FQ_NUM_OK;
	}
	if (fq_num_sign(y) == 0)
		return FQ_NUM_DIV_ZERO;
	d = x->dscale > y->dscale ? x->dscale : y->dscale;
	if (x->kind == FQ_NUM_SMALL && y->kind == FQ_NUM_SMALL)
	{
		u128 ux = small_mag(x->small);
		u128 uy = small_mag(y->small);

		if (small_scale_up(ux, d - x->dscale, &ux) && small_scale_up(uy, d - y->dscale, &uy))
		{
			u128 rr = ux % uy;

			return small_result(x->small < 0 ? -(fq_int128) rr : (fq_int128) rr, d, out);
		}
	}
	unpack(x, &wx);
	unpack(y, &wy);
	if (!align(&wx, &wy, a, &mx, &my, &d) || !mag_divmod(&mx, &my, a, &q, &r))
		return FQ_NUM_NOMEM;
	return pack(wx.neg && r.n > 0, d, &r, out);
}

void
fq_num_neg(const fq_numeric *x, fq_numeric *out)
{
	*out = *x;
	switch (x->kind)
	{
		case FQ_NUM_SMALL: out->small = -x->small; break;
		case FQ_NUM_BIG: out->negative = !x->negative; break;
		case FQ_NUM_PINF: out->kind = FQ_NUM_NINF; break;
		case FQ_NUM_NINF: out->kind = FQ_NUM_PINF; break;
		default: break;
	}
}

void
fq_num_abs(const fq_numeric *x, fq_numeric *out)
{
	*out = *x;
	switch (x->kind)
	{
		case FQ_NUM_SMALL: out->small = x->small < 0 ? -x->small : x->small; break;
		case FQ_NUM_BIG: out->negative = 0; break;
		case FQ_NUM_NINF: out->kind = FQ_NUM_PINF; break;
		default: break;
	}
}

/* round/trunc of a finite value to `scale` places (may be negative). */
static fq_num_status
round_finite(const fq_numeric *x, int scale, bool round, fq_arena *a, fq_numeric *out)
{
	int dscale = scale > 0 ? scale : 0;
	wnum w;
	mag r;

	/* PostgreSQL 15's bounds: as many places as a value keeps, and one
	 * digit past the most a value has before the point */
	if (scale < FQ_NUM_MIN_ROUND_SCALE)
		scale = FQ_NUM_MIN_ROUND_SCALE;
	if (scale > FQ_NUM_MAX_DSCALE)
		scale = dscale = FQ_NUM_MAX_DSCALE;
	if (scale >= x->dscale)
	{
		/* Only more places: 1.5 at scale 3 is 1.500. */
		if (x->kind == FQ_NUM_SMALL)
		{
			u128 m;

			if (small_scale_up(small_mag(x->small), scale - x->dscale, &m))
				return small_result(x->small < 0 ? -(fq_int128) m : (fq_int128) m, scale, out);
		}
		unpack(x, &w);
		if (!mag_shift_up(&w.m, scale - x->dscale, a, &r))
			return FQ_NUM_NOMEM;
		return pack(w.neg && r.n > 0, scale, &r, out);
	}
	if (x->kind == FQ_NUM_SMALL)
	{
		int k = x->dscale - scale;

		if (k <= 38)
		{
			u128 m = small_mag(x->small);
			u128 p = pow10_u128(k);
			u128 q = m / p;
			u128 rem = m % p;

			if (round && rem >= p - rem)
				q++;
			/* A negative scale puts the zeros back: round(123, -1) = 120. */
			if (scale < 0 && !small_scale_up(q, -scale, &q))
				goto big;
			return small_result(x->small < 0 ? -(fq_int128) q : (fq_int128) q, dscale, out);
		}
	}
big:
	unpack(x, &w);
	if (!mag_round_to(&w.m, w.dscale, scale, round, a, &r))
		return FQ_NUM_NOMEM;
	if (scale < 0)
	{
		mag t;

		if (!mag_shift_up(&r, -scale, a, &t))
			return FQ_NUM_NOMEM;
		r = t;
	}
	return pack(w.neg && r.n > 0, dscale, &r, out);
}

fq_num_status
fq_num_round(const fq_numeric *x, int scale, fq_arena *a, fq_numeric *out)
{
	if (!fq_num_is_finite(x))
	{
		*out = *x;
		return FQ_NUM_OK;
	}
	return round_finite(x, scale, true, a, out);
}

fq_num_status
fq_num_trunc(const fq_numeric *x, int scale, fq_arena *a, fq_numeric *out)
{
	if (!fq_num_is_finite(x))
	{
		*out = *x;
		return FQ_NUM_OK;
	}
	return round_finite(x, scale, false, a, out);
}

/* ceil (up) or floor: toward zero, then one step away when a fraction was
 * cut on that side. */
static fq_num_status
ceil_floor(const fq_numeric *x, bool up, fq_arena *a, fq_numeric *out)
{
	wnum w;
	bool frac;
	bool away;
	mag r;

	if (!fq_num_is_finite(x))
	{
		*out = *x;
		return FQ_NUM_OK;
	}
	unpack(x, &w);
	frac = mag_low_nonzero(&w.m, w.dscale);
	away = frac && (up ? !w.neg : w.neg);
	if (!mag_shift_down(&w.m, w.dscale, a, &r))
		return FQ_NUM_NOMEM;
	if (away)
		mag_increment(&r);
	return pack(w.neg && r.n > 0, 0, &r, out);
}

fq_num_status
fq_num_ceil(const fq_numeric *x, fq_arena *a, fq_numeric *out)
{
	return ceil_floor(x, true, a, out);
}

fq_num_status
fq_num_floor(const fq_numeric *x, fq_arena *a, fq_numeric *out)
{
	return ceil_floor(x, false, a, out);
}

fq_conv
fq_num_typmod(const fq_numeric *x, int precision, int scale, fq_arena *a, fq_numeric *out)
{
	fq_numeric r;

	if (precision <= 0 || x->kind == FQ_NUM_NAN)
	{
		*out = *x;
		return FQ_CONV_OK;
	}
	if (!fq_num_is_finite(x))
		return FQ_CONV_RANGE;
	switch (fq_num_round(x, scale, a, &r))
	{
		case FQ_NUM_OK: break;
		case FQ_NUM_NOMEM: return FQ_CONV_NOMEM;
		default: return FQ_CONV_RANGE;
	}
	/* Digits before the point, as apply_typmod counts them: the zeros
	 * after the point of |r| < 1 count as negative ones, so numeric(3,5)
	 * takes 0.00999 and not 0.01. */
	if (fq_num_sign(&r) != 0)
	{
		wnum w;

		unpack(&r, &w);
		if (mag_digits(&w.m) - (int64_t) w.dscale > precision - scale)
			return FQ_CONV_RANGE;
	}
	*out = r;
	return FQ_CONV_OK;
}

/* ------------------------------------------------------------------ */
/* Comparison and hashing                                              */
/* ------------------------------------------------------------------ */

/* NINF < finite < PINF < NaN */
static int
kind_rank(const fq_numeric *x)
{
	switch (x->kind)
	{
		case FQ_NUM_NINF: return 0;
		case FQ_NUM_PINF: return 2;
		case FQ_NUM_NAN: return 3;
		default: return 1;
	}
}

int
fq_num_cmp(const fq_numeric *x, const fq_numeric *y)
{
	int kx = kind_rank(x);
	int ky = kind_rank(y);
	int sx;
	int sy;
	int c;

	if (kx != 1 || ky != 1)
		return kx < ky ? -1 : kx > ky ? 1 : 0;
	if (x->kind == FQ_NUM_SMALL && y->kind == FQ_NUM_SMALL)
	{
		fq_int128 vx = x->small;
		fq_int128 vy = y->small;

		if (x->dscale != y->dscale)
		{
			/* Align the fewer places up when that fits 127 bits. */
			const fq_numeric *lo = x->dscale < y->dscale ? x : y;
			fq_int128 *v = lo == x ? &vx : &vy;
			u128 m;

			if (!small_scale_up(small_mag(*v), abs(x->dscale - y->dscale), &m))
				goto general;
			*v = *v < 0 ? -(fq_int128) m : (fq_int128) m;
		}
		return vx < vy ? -1 : vx > vy;
	}
general:
	sx = fq_num_sign(x);
	sy = fq_num_sign(y);
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	{
		/* Same sign: compare magnitudes at a common scale, digit by digit
		 * from the leading power of ten, without allocating. */
		wnum wx;
		wnum wy;
		int64_t px;
		int64_t py;
		int64_t lo;

		unpack(x, &wx);
		unpack(y, &wy);
		px = mag_digits(&wx.m) - 1 - wx.dscale;
		py = mag_digits(&wy.m) - 1 - wy.dscale;
		if (px != py)
			c = px < py ? -1 : 1;
		else
		{
			c = 0;
			lo = -(int64_t) (wx.dscale > wy.dscale ? wx.dscale : wy.dscale);
			for (int64_t p = px; p >= lo && c == 0; p--)
			{
				int dx = mag_digit_at(&wx.m, p + wx.dscale);
				int dy = mag_digit_at(&wy.m, p + wy.dscale);

				c = dx < dy ? -1 : dx > dy;
			}
		}
		return sx < 0 ? -c : c;
	}
}

size_t
fq_num_key(const fq_numeric *x, uint8_t *buf, size_t cap)
{
	/*
	 * The kind; for finite nonzero values then the sign, the power of ten
	 * of the leading digit and the significant digits without trailing
	 * zeros, which no choice of display scale or representation changes.
	 */
	char small[40];
	wnum w;
	int64_t nd;
	int64_t last = 0;
	int64_t p;
	size_t len;
	bool neg;

	if (!fq_num_is_finite(x) || fq_num_sign(x) == 0)
	{
		if (cap >= 1)
			buf[0] = fq_num_is_finite(x) ? 0xff : x->kind;
		return 1;
	}
	if (x->kind == FQ_NUM_SMALL)
	{
		nd = u128_to_chars(small_mag(x->small), small);
		neg = x->small < 0;
		while (small[nd - 1 - last] == '0')
			last++;
	}
	else
	{
		unpack(x, &w);
		nd = mag_digits(&w.m);
		neg = w.neg;
		while (mag_digit_at(&w.m, last) == 0)
			last++;
	}
	p = nd - 1 - x->dscale;
	len = 1 + 1 + 8 + (size_t) (nd - last);
	if (cap < len)
		return len;
	buf[0] = FQ_NUM_SMALL;
	buf[1] = neg;
	memcpy(buf + 2, &p, 8);
	for (int64_t i = nd - 1, at = 10; i >= last; i--, at++)
		buf[at] = (uint8_t) (x->kind == FQ_NUM_SMALL ? small[nd - 1 - i] - '0'
													  : mag_digit_at(&w.m, i));
	return len;
}

/* ------------------------------------------------------------------ */
/* Conversions                                                         */
/* ------------------------------------------------------------------ */

fq_conv
fq_num_to_int128(const fq_numeric *x, int scale, fq_int128 *out)
{
	fq_arena *a;
	fq_numeric r;
	fq_conv rc = FQ_CONV_RANGE;

	if (!fq_num_is_finite(x))
		return FQ_CONV_RANGE;
	if (x->kind == FQ_NUM_SMALL)
	{
		u128 m = small_mag(x->small);

		if (scale >= x->dscale)
		{
			if (!small_scale_up(m, scale - x->dscale, &m))
				return FQ_CONV_RANGE;
		}
		else if (x->dscale - scale > 38)
			m = 0; /* below half a unit: |U| < 2^127 < 10^39 */
		else
		{
			u128 p = pow10_u128(x->dscale - scale);
			u128 rem = m % p;

			m /= p;
			if (rem >= p - rem)
				m++;
		}
		*out = x->small < 0 ? -(fq_int128) m : (fq_int128) m;
		return FQ_CONV_OK;
	}
	/* Big: rare, so a scratch arena of its own. */
	a = fq_arena_new(NULL);
	if (a == NULL)
		return FQ_CONV_NOMEM;
	if (fq_num_round(x, scale, a, &r) == FQ_NUM_OK && r.kind == FQ_NUM_SMALL)
	{
		*out = r.small;
		rc = FQ_CONV_OK;
	}
	fq_arena_free(a);
	return rc;
}

fq_conv
fq_num_to_int(const fq_numeric *x, int64_t min, int64_t max, int64_t *out)
{
	fq_int128 v;

	if (x->kind == FQ_NUM_BIG && fq_num_int_digits(x) > 39)
		return FQ_CONV_RANGE;
	if (fq_num_to_int128(x, 0, &v) != FQ_CONV_OK || v < min || v > max)
		return FQ_CONV_RANGE;
	*out = (int64_t) v;
	return FQ_CONV_OK;
}

/* The double nearest the decimal text, with strtod's ERANGE. */
static fq_conv
text_to_double(const fq_numeric *x, double *out)
{
	char small[FQ_NUM_SMALL_TEXT];
	char *text = small;
	size_t len = fq_num_format(x, small, sizeof(small));
	fq_conv rc = FQ_CONV_OK;

	if (len >= sizeof(small))
	{
		text = fq_malloc(len + 1);
		if (text == NULL)
			return FQ_CONV_NOMEM;
		fq_num_format(x, text, len + 1);
	}
	errno = 0;
	*out = fq_types_strtod(text, NULL);
	/* As float8in: out of range when it overflows or reads as zero. */
	if (errno == ERANGE && (*out == 0.0 || isinf(*out)))
		rc = FQ_CONV_RANGE;
	if (text != small)
		free(text);
	return rc;
}

fq_conv
fq_num_to_double(const fq_numeric *x, double *out)
{
	switch (x->kind)
	{
		case FQ_NUM_NAN: *out = NAN; return FQ_CONV_OK;
		case FQ_NUM_PINF: *out = INFINITY; return FQ_CONV_OK;
		case FQ_NUM_NINF: *out = -INFINITY; return FQ_CONV_OK;
		default: break;
	}
	if (x->kind == FQ_NUM_SMALL && x->dscale <= 22)
	{
		u128 m = small_mag(x->small);

		/* Both operands exact: the one division is correctly rounded. */
		if (m <= ((u128) 1 << 53))
		{
			static const double exact[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
										   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
										   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
			double d = (double) (uint64_t) m / exact[x->dscale];

			*out = x->small < 0 ? -d : d;
			return FQ_CONV_OK;
		}
	}
	return text_to_double(x, out);
}

fq_conv
fq_num_to_float(const fq_numeric *x, float *out)
{
	char small[FQ_NUM_SMALL_TEXT];
	char *text = small;
	size_t len;
	fq_conv rc = FQ_CONV_OK;

	switch (x->kind)
	{
		case FQ_NUM_NAN: *out = NAN; return FQ_CONV_OK;
		case FQ_NUM_PINF: *out = INFINITY; return FQ_CONV_OK;
		case FQ_NUM_NINF: *out = -INFINITY; return FQ_CONV_OK;
		default: break;
	}
	/* float4in of numeric_out's text: rounded once, from the decimal. */
	len = fq_num_format(x, small, sizeof(small));
	if (len >= sizeof(small))
	{
		text = fq_malloc(len + 1);
		if (text == NULL)
			return FQ_CONV_NOMEM;
		fq_num_format(x, text, len + 1);
	}
	errno = 0;
	*out = fq_types_strtof(text, NULL);
	if (errno == ERANGE && (*out == 0.0f || isinf(*out)))
		rc = FQ_CONV_RANGE;
	if (text != small)
		free(text);
	return rc;
}

fq_num_status
fq_num_from_double(double d, int digits, fq_arena *a, fq_numeric *out)
{
	char sig[FQ_FLOAT_MAX_DIGITS + 1];
	int exp10;
	int n;
	int64_t dscale;
	u128 v = 0;

	if (isnan(d))
	{
		fq_num_special(FQ_NUM_NAN, out);
		return FQ_NUM_OK;
	}
	if (isinf(d))
	{
		fq_num_special(d > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, out);
		return FQ_NUM_OK;
	}
	if (d == 0)
	{
		fq_num_from_int64(0, out);
		return FQ_NUM_OK;
	}
	/* "%.*g" keeps `digits` significant digits and drops trailing zeros;
	 * numeric_in then shows (digits after the first) - exponent places. */
	exp10 = fq_types_float_digits(d, digits, sig);
	n = (int) strlen(sig);
	while (n > 1 && sig[n - 1] == '0')
		n--;
	dscale = n - 1 - exp10;
	if (dscale < 0)
		dscale = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (u128) (sig[i] - '0');
	/* U = sig * 10^(dscale - (n - 1 - exp10)) */
	{
		int64_t up = dscale - (n - 1 - exp10);
		fq_numeric t;
		mag m;
		mag r;
		uint32_t buf[SMALL_LIMBS];

		if (small_scale_up(v, (int) (up > 38 ? 39 : up), &v))
			return small_result(d < 0 ? -(fq_int128) v : (fq_int128) v, (int) dscale, out);
		mag_from_u128(v, buf, &m);
		if (!mag_shift_up(&m, up, a, &r))
			return FQ_NUM_NOMEM;
		if (pack(d < 0, (int) dscale, &r, &t) != FQ_NUM_OK)
			return FQ_NUM_OVERFLOW;
		*out = t;
		return FQ_NUM_OK;
	}
}

fq_conv
fq_num_from_base10000(const uint16_t *digits, int ndigits, int weight, bool negative, int dscale,
					  fq_arena *a, fq_numeric *out)
{
	/*
	 * U = sum digits[i] * 10000^(weight - i) * 10^dscale.  Digits past the
	 * display scale are zero in anything PostgreSQL sends; the ones that
	 * straddle it are divided down.
	 */
	int64_t frac_groups = ((int64_t) dscale + 3) / 4;   /* base-10000 places kept */
	int64_t cut = 4 * frac_groups - dscale;            /* extra decimal places */
	int64_t last = weight + frac_groups;               /* groups from the top to keep, minus 1 */
	int64_t total = last + 1;                          /* groups in the scaled integer */
	u128 v = 0;
	bool small = true;

	if (dscale < 0 || dscale > FQ_NUM_MAX_DSCALE || ndigits < 0)
		return FQ_CONV_RANGE;
	for (int i = 0; i < ndigits; i++)
		if (digits[i] > 9999)
			return FQ_CONV_RANGE;
	if (ndigits == 0 || total <= 0)
		return small_result(0, dscale, out) == FQ_NUM_OK ? FQ_CONV_OK : FQ_CONV_RANGE;
	if ((int64_t) weight * 4 + 4 > FQ_NUM_MAX_INT_DIGITS + 4)
		return FQ_CONV_RANGE;
	/* Small when the scaled integer has at most 9 groups (36 digits). */
	if (total <= 9)
	{
		for (int64_t g = 0; g < total; g++)
			v = v * 10000 + (g < ndigits ? digits[g] : 0);
		v /= pow10_u128((int) cut);
	}
	else
		small = false;
	if (small)
		return small_result(negative ? -(fq_int128) v : (fq_int128) v, dscale, out) == FQ_NUM_OK
			? FQ_CONV_OK : FQ_CONV_RANGE;
	{
		/* Through a digit string, most significant first. */
		char *s = fq_arena_alloc(a, (size_t) total * 4 + 1);
		int64_t ns = 0;
		mag m;

		if (s == NULL)
			return FQ_CONV_NOMEM;
		for (int64_t g = 0; g < total; g++)
		{
			int dg = g < ndigits ? digits[g] : 0;

			s[ns++] = (char) ('0' + dg / 1000);
			s[ns++] = (char) ('0' + dg / 100 % 10);
			s[ns++] = (char) ('0' + dg / 10 % 10);
			s[ns++] = (char) ('0' + dg % 10);
		}
		ns -= cut;
		if (!mag_from_digits(s, s + ns, ns, a, &m))
			return FQ_CONV_NOMEM;
		switch (pack(negative && m.n > 0, dscale, &m, out))
		{
			case FQ_NUM_OK: return FQ_CONV_OK;
			case FQ_NUM_NOMEM: return FQ_CONV_NOMEM;
			default: return FQ_CONV_RANGE;
		}
	}
}

int
fq_num_to_base10000(const fq_numeric *x, uint16_t *digits, int cap, int *weight)
{
	/*
	 * Base-10000 digit g of the value holds its decimal powers 4g .. 4g+3.
	 * The unscaled integer's units sit at 10^-dscale, `off` places into
	 * digit `low`; the digits are filled from the last (least significant)
	 * up, and the zeros past the last nonzero one are left off.
	 */
	int low = floor_div4(-(int64_t) x->dscale);
	int off = -x->dscale - 4 * low;
	int n;
	int k;

	*weight = 0;
	if (!fq_num_is_finite(x) || fq_num_sign(x) == 0)
		return 0;
	if (x->kind == FQ_NUM_SMALL && small_mag(x->small) <= UINT64_MAX)
	{
		/* the common case: at most 20 decimal digits, 6 base-10000 ones */
		uint64_t m = (uint64_t) small_mag(x->small);
		uint16_t tmp[8];
		int t = 0;

		tmp[t++] = (uint16_t) (m % pow10_u32[4 - off] * pow10_u32[off]);
		m /= pow10_u32[4 - off];
		while (m > 0)
		{
			tmp[t++] = (uint16_t) (m % 10000);
			m /= 10000;
		}
		*weight = low + t - 1;
		k = 0;
		while (tmp[k] == 0)
			k++;
		n = t - k;
		if (n <= cap)
			for (int i = 0; i < n; i++)
				digits[i] = tmp[t - 1 - i];
		return n;
	}
	{
		wnum w;
		int64_t nd;
		int64_t total;

		unpack(x, &w);
		nd = mag_digits(&w.m);
		total = (nd + off + 3) / 4;
		*weight = (int) (low + total - 1);
		if (total > cap)
			return (int) total;
		/* digit i from the top holds the integer's decimal digits
		 * 4 (total - 1 - i) - off .. + 3 */
		n = 0;
		for (int64_t i = 0; i < total; i++)
		{
			int64_t j0 = 4 * (total - 1 - i) - off;
			int v = 0;

			for (int j = 3; j >= 0; j--)
				v = v * 10 + mag_digit_at(&w.m, j0 + j);
			digits[i] = (uint16_t) v;
			if (v != 0)
				n = (int) i + 1;
		}
		return n;
	}
}

/* ------------------------------------------------------------------ */
/* sum()                                                               */
/* ------------------------------------------------------------------ */

void
fq_num_sum_init(fq_num_sum *s)
{
	memset(s, 0, sizeof(*s));
}

/* Makes r (in scratch) the sum's finite part, its limbs in the sum's own
 * buffer. */
static fq_num_status
sum_keep(fq_num_sum *s, fq_numeric r, fq_arena *store)
{
	if (r.kind == FQ_NUM_BIG)
	{
		/* Keep the limbs in the sum's own buffer, grown by doubling. */
		if (r.nlimbs > s->cap)
		{
			uint32_t cap = s->cap ? s->cap : 8;

			while (cap < r.nlimbs)
				cap *= 2;
			s->buf = fq_arena_alloc(store, sizeof(uint32_t) * cap);
			if (s->buf == NULL)
				return FQ_NUM_NOMEM;
			s->cap = cap;
		}
		memmove(s->buf, r.limbs, sizeof(uint32_t) * r.nlimbs);
		r.limbs = s->buf;
	}
	s->v = r;
	return FQ_NUM_OK;
}

fq_num_status
fq_num_sum_add(fq_num_sum *s, const fq_numeric *x, fq_arena *store, fq_arena *scratch)
{
	fq_numeric r;
	fq_num_status st;

	switch (x->kind)
	{
		case FQ_NUM_NAN: s->nnan++; return FQ_NUM_OK;
		case FQ_NUM_PINF: s->npinf++; return FQ_NUM_OK;
		case FQ_NUM_NINF: s->nninf++; return FQ_NUM_OK;
		default: break;
	}
	st = fq_num_add(&s->v, x, scratch, &r);
	if (st != FQ_NUM_OK)
		return st;
	/* r shows the larger of the two scales */
	if (x->dscale > s->v.dscale || s->nmax == 0)
		s->nmax = 1;
	else if (x->dscale == s->v.dscale)
		s->nmax++;
	return sum_keep(s, r, store);
}

bool
fq_num_sum_remove(fq_num_sum *s, const fq_numeric *x, fq_arena *store, fq_arena *scratch)
{
	fq_numeric r;

	switch (x->kind)
	{
		case FQ_NUM_NAN: s->nnan--; return true;
		case FQ_NUM_PINF: s->npinf--; return true;
		case FQ_NUM_NINF: s->nninf--; return true;
		default: break;
	}
	if (x->dscale == s->v.dscale && s->nmax <= 1)
		return false;
	if (fq_num_sub(&s->v, x, scratch, &r) != FQ_NUM_OK)
		return false;
	if (x->dscale == s->v.dscale)
		s->nmax--;
	return sum_keep(s, r, store) == FQ_NUM_OK;
}

void
fq_num_sum_result(const fq_num_sum *s, fq_numeric *out)
{
	if (s->nnan > 0 || (s->npinf > 0 && s->nninf > 0))
		fq_num_special(FQ_NUM_NAN, out);
	else if (s->npinf > 0)
		fq_num_special(FQ_NUM_PINF, out);
	else if (s->nninf > 0)
		fq_num_special(FQ_NUM_NINF, out);
	else
		*out = s->v;
}

/* ------------------------------------------------------------------ */
/* The public helpers of fq.h                                          */
/* ------------------------------------------------------------------ */

int
fq_numeric_to_parts(const fq_numeric *x, bool exact, fq_int128 *unscaled, int *scale)
{
	wnum w;
	int64_t zeros = 0;
	int64_t nd;
	u128 v = 0;

	if (x->kind == FQ_NUM_SMALL && !exact)
	{
		*unscaled = x->small;
		*scale = x->dscale;
		return 0;
	}
	if (!fq_num_is_finite(x) || !exact)
		return -1; /* not finite, or big at its own scale */
	unpack(x, &w);
	if (w.m.n == 0)
	{
		*unscaled = 0;
		*scale = 0;
		return 0;
	}
	while (zeros < w.dscale && mag_digit_at(&w.m, zeros) == 0)
		zeros++;
	nd = mag_digits(&w.m);
	if (nd - zeros > 38)
		return -1;
	for (int64_t i = nd - 1; i >= zeros; i--)
		v = v * 10 + (u128) mag_digit_at(&w.m, i);
	*unscaled = w.neg ? -(fq_int128) v : (fq_int128) v;
	*scale = (int) (w.dscale - zeros);
	return 0;
}

void
fq_numeric_from_parts(fq_int128 unscaled, int scale, fq_numeric *out)
{
	fq_num_from_int128(unscaled == I128_MIN ? unscaled + 1 : unscaled,
					   scale < 0 ? 0 : scale > FQ_NUM_MAX_DSCALE ? FQ_NUM_MAX_DSCALE : scale, out);
}

double
fq_numeric_to_double(const fq_numeric *x)
{
	double d = 0;

	if (fq_num_to_double(x, &d) == FQ_CONV_RANGE)
	{
		/* Beyond double's range: strtod's own overflow or underflow. */
		d = fq_num_int_digits(x) > 0 ? HUGE_VAL : 0.0;
		if (fq_num_sign(x) < 0)
			d = -d;
	}
	return d;
}

/* ------------------------------------------------------------------ */
/* Square roots, logarithms, exponentials, powers                      */
/* ------------------------------------------------------------------ */

/*
 * PostgreSQL 15's algorithms (numeric.c: sqrt_var, exp_var, ln_var,
 * log_var, power_var, power_var_int), step by step, so that every digit
 * agrees, not only the display scales: their working scales come from
 * estimates in doubles over base-10000 digits, and their intermediate
 * products are computed as PostgreSQL's mul_var computes them, leaving
 * out the partial products that fall more than two base-10000 digits
 * beyond the scale asked for (pmul).  Additions, subtractions and
 * divisions are exact and then rounded, as PostgreSQL's are; the one
 * exception is PostgreSQL's div_var_fast (in ln_var, log_var and
 * negative integer powers), which may err in its last guard digits: it
 * is taken here as the exact rounded quotient, so a quotient lying
 * within about 10^-16 of a rounding boundary at its working scale could
 * round otherwise.  Square roots are exact: floor(sqrt), then rounded,
 * which is what sqrt_var's Karatsuba square root yields.
 *
 * The work is done on fx values (a magnitude and a scale of any size, as
 * PostgreSQL's internal variables may have more places than a stored
 * numeric) in a scratch arena; `rscale` may be negative in sqrt
 * (rounding left of the point), as in PostgreSQL.
 */

/* Leading base-10000 digits of a finite nonzero value as PostgreSQL
 * stores it: weight, the first `want` digits (zeros past the last), and
 * how many digits it has after stripping trailing zero digits, capped
 * at `want` + 1. */
static void
pg_digits(const wnum *w, int want, int *weight, int *digits, int *ndigits)
{
	int first;
	int64_t top;   /* decimal power of the first base-10000 digit's units */
	int64_t low;

	base10000_lead(w, weight, &first);
	top = 4 * (int64_t) *weight;
	*ndigits = 0;
	for (int i = 0; i < want; i++)
	{
		int64_t unit = top - 4 * (int64_t) i; /* power of ten of this digit's units */
		int d = 0;

		for (int j = 3; j >= 0; j--)
			d = d * 10 + mag_digit_at(&w->m, unit + j + w->dscale);
		digits[i] = d;
		if (d != 0)
			*ndigits = i + 1;
	}
	/* any nonzero digit below those read? */
	low = top - 4 * (int64_t) (want - 1) + w->dscale;
	if (low > 0 && mag_low_nonzero(&w->m, low))
		*ndigits = want + 1;
}

/* Decimal power of the leading digit of a finite nonzero value. */
static int64_t
lead_power(const wnum *w)
{
	return mag_digits(&w->m) - 1 - (int64_t) w->dscale;
}

/* PostgreSQL's estimate_ln_dweight: about log10(|ln(x)|), 0 for x <= 0. */
static int
ln_dweight(const fq_numeric *x)
{
	static const fq_numeric lo = {.small = 9, .dscale = 1};
	static const fq_numeric hi = {.small = 11, .dscale = 1};
	wnum w;

	if (!fq_num_is_finite(x) || fq_num_sign(x) <= 0)
		return 0;
	if (fq_num_cmp(x, &lo) >= 0 && fq_num_cmp(x, &hi) <= 0)
	{
		/* ln(1 + d) ~ d: the leading digit of x - 1 */
		fq_arena *a = fq_arena_new(NULL);
		fq_numeric one;
		fq_numeric d;
		int r = 0;

		fq_num_from_int64(1, &one);
		if (a != NULL && fq_num_sub(x, &one, a, &d) == FQ_NUM_OK && fq_num_sign(&d) != 0)
		{
			unpack(&d, &w);
			r = (int) lead_power(&w);
		}
		fq_arena_free(a);
		return r;
	}
	{
		int weight;
		int dg[2];
		int nd;
		int digits;
		int dweight;
		double lnv;

		unpack(x, &w);
		pg_digits(&w, 2, &weight, dg, &nd);
		digits = dg[0];
		dweight = weight * 4;
		if (nd > 1)
		{
			digits = digits * 10000 + dg[1];
			dweight -= 4;
		}
		lnv = log((double) digits) + dweight * 2.302585092994046;
		return (int) log10(fabs(lnv));
	}
}

static int
clamp_rscale(int64_t r)
{
	return r < 0 ? 0 : r > FQ_NUM_MAX_DISPLAY_SCALE ? FQ_NUM_MAX_DISPLAY_SCALE : (int) r;
}

/* Zero shown with `dscale` places. */
static fq_num_status
zero_at(int dscale, fq_numeric *out)
{
	return small_result(0, dscale, out);
}

/* ---- integer square root ---- */

static u128
u128_isqrt(u128 v)
{
	u128 x;
	u128 y;

	if (v < 2)
		return v;
	/* An overestimate from the double, then Newton from above. */
	x = (u128) sqrt((double) v) + ((u128) 1 << 12);
	for (;;)
	{
		y = (x + v / x) / 2;
		if (y >= x)
			return x;
		x = y;
	}
}

/* A copy of m with room for `extra` more limbs; out may be m. */
static bool
mag_dup(const mag *m, int extra, fq_arena *a, mag *out)
{
	uint32_t *d = limbs_new(a, m->n + extra);

	if (d == NULL)
		return false;
	memcpy(d, m->d, sizeof(uint32_t) * (size_t) (m->n > 0 ? m->n : 0));
	out->n = m->n;
	out->d = d;
	return true;
}

/*
 * floor(sqrt(n)): the root of n's top half (recursively), scaled up and
 * rounded up, is an overestimate good to about half the digits; Newton's
 * iteration from above then needs a step or two.
 */
static bool
mag_isqrt(const mag *n, fq_arena *a, mag *out)
{
	u128 v;
	int t;
	mag hi;
	mag s;
	mag g;

	if (mag_to_u128(n, &v))
	{
		if ((out->d = limbs_new(a, SMALL_LIMBS)) == NULL)
			return false;
		mag_from_u128(u128_isqrt(v), out->d, out);
		return true;
	}
	t = n->n / 4 > 0 ? n->n / 4 : 1;
	hi.d = n->d + 2 * t;
	hi.n = n->n - 2 * t;
	if (!mag_isqrt(&hi, a, &s))
		return false;
	/* g = (s + 1) * NBASE^t */
	if ((g.d = limbs_new(a, s.n + t + 2)) == NULL)
		return false;
	memset(g.d, 0, sizeof(uint32_t) * (size_t) t);
	memcpy(g.d + t, s.d, sizeof(uint32_t) * (size_t) s.n);
	g.n = s.n + t;
	{
		mag top = {g.d + t, s.n};

		mag_increment(&top);
		g.n = t + top.n;
	}
	for (;;)
	{
		mag q;
		mag y;

		if (!mag_divmod(n, &g, a, &q, NULL))
			return false;
		if ((y.d = limbs_new(a, (q.n > g.n ? q.n : g.n) + 1)) == NULL)
			return false;
		mag_add(&g, &q, &y);
		mag_div_small(&y, 2, &y);
		if (mag_cmp(&y, &g) >= 0)
			break;
		g = y;
	}
	*out = g;
	return true;
}

/* ---- approximations: sign * m / 10^s, s of any sign ---- */

typedef struct fx
{
	bool neg;
	int64_t s;
	mag m;
} fx;

static bool
fx_from_num(const fq_numeric *x, fq_arena *a, fx *out)
{
	wnum w;

	unpack(x, &w);
	out->neg = w.neg;
	out->s = w.dscale;
	return mag_dup(&w.m, 1, a, &out->m);
}

/* x at scale s, toward zero when places are dropped. */
static bool
fx_rescale(const fx *x, int64_t s, fq_arena *a, fx *out)
{
	mag r;

	if (s >= x->s ? !mag_shift_up(&x->m, s - x->s, a, &r) : !mag_shift_down(&x->m, x->s - s, a, &r))
		return false;
	out->neg = x->neg && r.n > 0;
	out->s = s;
	out->m = r;
	return true;
}

/* floor(sqrt(x)) at scale s, for x >= 0. */
static bool
fx_sqrt(const fx *x, int64_t s, fq_arena *a, fx *out)
{
	fx n;

	/* sqrt(m / 10^xs) * 10^s = sqrt(m * 10^(2s - xs)) */
	if (!fx_rescale(x, 2 * s, a, &n))
		return false;
	if (!mag_isqrt(&n.m, a, &out->m))
		return false;
	out->neg = false;
	out->s = s;
	return true;
}

/* x + y (or x - y) at scale s. */
static bool
fx_add(const fx *x, const fx *y, bool subtract, int64_t s, fq_arena *a, fx *out)
{
	fx p;
	fx q;
	bool ny;
	mag r;

	if (!fx_rescale(x, s, a, &p) || !fx_rescale(y, s, a, &q))
		return false;
	ny = q.neg != subtract;
	if ((r.d = limbs_new(a, (p.m.n > q.m.n ? p.m.n : q.m.n) + 1)) == NULL)
		return false;
	if (p.neg == ny)
	{
		mag_add(&p.m, &q.m, &r);
		out->neg = p.neg;
	}
	else if (mag_cmp(&p.m, &q.m) >= 0)
	{
		mag_sub(&p.m, &q.m, &r);
		out->neg = p.neg;
	}
	else
	{
		mag_sub(&q.m, &p.m, &r);
		out->neg = ny;
	}
	out->neg = out->neg && r.n > 0;
	out->s = s;
	out->m = r;
	return true;
}

/* Keeps the leading `digits` significant digits (toward zero). */
static bool
fx_keep_digits(const fx *x, int64_t digits, fq_arena *a, fx *out)
{
	int64_t nd = mag_digits(&x->m);

	if (x->m.n == 0 || nd <= digits)
	{
		*out = *x;
		return true;
	}
	return fx_rescale(x, x->s - (nd - digits), a, out);
}

static int
fx_cmp_mag(const fx *x, const fx *y, fq_arena *a)
{
	fx p;
	fx q;
	int64_t s = x->s > y->s ? x->s : y->s;

	if (!fx_rescale(x, s, a, &p) || !fx_rescale(y, s, a, &q))
		return 0;
	return mag_cmp(&p.m, &q.m);
}

/*
 * The emulation works on fx values whose scale is PostgreSQL's display
 * scale of the same variable (which inside these algorithms may exceed
 * what a stored numeric allows).
 */

static bool
fx_zero(const fx *x)
{
	return x->m.n == 0;
}

static void
fx_set_int(int64_t v, uint32_t *buf, fx *out)
{
	out->neg = v < 0;
	out->s = 0;
	mag_from_u128(v < 0 ? (u128) 0 - (u128) v : (u128) v, buf, &out->m);
}

/* PostgreSQL's base-10000 weight (0 for zero). */
static int
pgw(const fx *x)
{
	if (fx_zero(x))
		return 0;
	return floor_div4(mag_digits(&x->m) - 1 - x->s);
}

static int
fx_cmp(const fx *x, const fx *y, fq_arena *a)
{
	int sx = fx_zero(x) ? 0 : x->neg ? -1 : 1;
	int sy = fx_zero(y) ? 0 : y->neg ? -1 : 1;
	int c;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	c = fx_cmp_mag(x, y, a);
	return sx < 0 ? -c : c;
}

/* numericvar_to_double_no_overflow: the double nearest the value. */
static double
fx_to_double(const fx *x, fq_arena *a)
{
	fx t;
	fq_numeric n;

	/* 40 significant digits decide the nearest double */
	if (!fx_keep_digits(x, 40, a, &t))
		return 0;
	if (t.s < 0)
	{
		double d;

		t.s = 0;
		if (pack(t.neg, 0, &t.m, &n) != FQ_NUM_OK)
			return 0;
		d = fq_numeric_to_double(&n) * pow(10.0, (double) (mag_digits(&x->m) - 40));
		return d;
	}
	if (t.s > FQ_NUM_MAX_DSCALE)
		return x->neg ? -0.0 : 0.0;
	if (pack(t.neg, (int) t.s, &t.m, &n) != FQ_NUM_OK)
		return 0;
	return fq_numeric_to_double(&n);
}

/* round_var: half away from zero at rscale places (negative: left of
 * the point); the scale becomes rscale (0 when negative). */
static bool
fx_round_to(const fx *x, int64_t rscale, fq_arena *a, fx *out)
{
	mag r;

	if (rscale >= x->s)
		return fx_rescale(x, rscale, a, out);
	if (!mag_round_to(&x->m, (int) x->s, (int) rscale, true, a, &r))
		return false;
	out->neg = x->neg && r.n > 0;
	out->m = r;
	out->s = rscale;
	if (rscale < 0)
		return fx_rescale(out, 0, a, out);
	return true;
}

/* The base-10000 digits of a nonzero x, trailing zero digits stripped. */
static bool
fx_b10k(const fx *x, fq_arena *a, uint16_t **digits, int *n, int *weight)
{
	int64_t groups;
	uint16_t *d;

	*weight = pgw(x);
	groups = (int64_t) *weight + 1 + (x->s + 3) / 4;
	if (groups < 1)
		groups = 1;
	if ((d = fq_arena_alloc(a, sizeof(uint16_t) * (size_t) groups)) == NULL)
		return false;
	*n = 0;
	for (int64_t i = 0; i < groups; i++)
	{
		int64_t unit = 4 * ((int64_t) *weight - i) + x->s; /* digit index of its units */
		int v = 0;

		for (int j = 3; j >= 0; j--)
			v = v * 10 + mag_digit_at(&x->m, unit + j);
		d[i] = (uint16_t) v;
		if (v != 0)
			*n = (int) i + 1;
	}
	*digits = d;
	return true;
}

/*
 * mul_var(x, y, rscale): the partial products of digits i1 of x and i2
 * of y (base 10000, most significant first) with i1 + i2 at most
 * res_ndigits - 3, where res_ndigits is the exact product's digit count
 * or, when less, the digits down to rscale plus two guard digits; then
 * rounded to rscale (>= 0).
 */
static bool
pmul(const fx *x, const fx *y, int rscale, fq_arena *a, fx *out)
{
	uint16_t *d1;
	uint16_t *d2;
	int n1;
	int n2;
	int w1;
	int w2;
	int rw;
	int rn;
	int maxd;
	int keepn;
	uint64_t *acc;
	char *text;
	int64_t nt = 0;
	fx t;

	if (fx_zero(x) || fx_zero(y))
	{
		out->neg = false;
		out->s = rscale;
		out->m.n = 0;
		out->m.d = limbs_new(a, 1);
		return out->m.d != NULL;
	}
	if (!fx_b10k(x, a, &d1, &n1, &w1) || !fx_b10k(y, a, &d2, &n2, &w2))
		return false;
	rw = w1 + w2 + 2;
	rn = n1 + n2 + 1;
	maxd = rw + 1 + (rscale + 4 - 1) / 4 + 2;
	if (rn > maxd)
		rn = maxd;
	/* only the digits through rscale + 1 places matter to the rounding */
	keepn = rw + 1 + (rscale + 1 + 3) / 4;
	if (keepn > rn)
		keepn = rn;
	if (rn < 3 || keepn <= 0)
	{
		out->neg = false;
		out->s = rscale;
		out->m.n = 0;
		out->m.d = limbs_new(a, 1);
		return out->m.d != NULL;
	}
	acc = fq_arena_zalloc(a, sizeof(uint64_t) * (size_t) rn);
	text = fq_arena_alloc(a, (size_t) keepn * 4 + 1);
	if (acc == NULL || text == NULL)
		return false;
	for (int i1 = 0; i1 < n1 && i1 <= rn - 3; i1++)
	{
		uint64_t v = d1[i1];

		if (v == 0)
			continue;
		for (int i2 = 0; i2 < n2 && i1 + i2 + 2 < rn; i2++)
			acc[i1 + i2 + 2] += v * d2[i2];
	}
	{
		uint64_t carry = 0;

		for (int i = rn - 1; i >= 0; i--)
		{
			uint64_t v = acc[i] + carry;

			acc[i] = v % 10000;
			carry = v / 10000;
		}
	}
	for (int i = 0; i < keepn; i++)
	{
		int g = (int) acc[i];

		text[nt++] = (char) ('0' + g / 1000);
		text[nt++] = (char) ('0' + g / 100 % 10);
		text[nt++] = (char) ('0' + g / 10 % 10);
		text[nt++] = (char) ('0' + g % 10);
	}
	/* digit group i has weight rw - i: the last kept one's units are at
	 * 10^(4 (rw - keepn + 1)) */
	if (!mag_from_digits(text, text + nt, nt, a, &t.m))
		return false;
	t.neg = x->neg != y->neg && t.m.n > 0;
	t.s = -4 * ((int64_t) rw - keepn + 1);
	return fx_round_to(&t, rscale, a, out);
}

/* div_var (and div_var_fast, div_var_int): x / y at rscale (>= 0),
 * rounded half away from zero; y is not zero. */
static bool
pdiv(const fx *x, const fx *y, int rscale, fq_arena *a, fx *out)
{
	int64_t e = (int64_t) rscale - x->s + y->s;
	mag num = x->m;
	mag den = y->m;
	mag q;
	mag r;

	if (e > 0 && !mag_shift_up(&x->m, e, a, &num))
		return false;
	if (e < 0 && !mag_shift_up(&y->m, -e, a, &den))
		return false;
	if (!mag_divmod(&num, &den, a, &q, &r))
		return false;
	if (r.n > 0)
	{
		mag twice;

		if ((twice.d = limbs_new(a, r.n + 1)) == NULL)
			return false;
		mag_add(&r, &r, &twice);
		if (mag_cmp(&twice, &den) >= 0)
		{
			if (!mag_dup(&q, 1, a, &q))
				return false;
			mag_increment(&q);
		}
	}
	out->m = q;
	out->neg = x->neg != y->neg && q.n > 0;
	out->s = rscale;
	return true;
}

static bool
pdiv_int(const fx *x, int64_t k, int rscale, fq_arena *a, fx *out)
{
	uint32_t buf[SMALL_LIMBS];
	fx d;

	fx_set_int(k, buf, &d);
	return pdiv(x, &d, rscale, a, out);
}

/* add_var and sub_var: exact, at the larger scale */
static bool
padd(const fx *x, const fx *y, bool subtract, fq_arena *a, fx *out)
{
	return fx_add(x, y, subtract, x->s > y->s ? x->s : y->s, a, out);
}

/* sqrt_var: sqrt(x) rounded to rscale places (negative: left of the
 * point), x >= 0. */
static bool
psqrt(const fx *x, int rscale, fq_arena *a, fx *out)
{
	fx root;

	if (fx_zero(x))
		return fx_rescale(x, rscale > 0 ? rscale : 0, a, out);
	return fx_sqrt(x, (int64_t) rscale + 1, a, &root) && fx_round_to(&root, rscale, a, out);
}

/* exp_var: e^x to rscale places; |x| < 6000 (the caller checks). */
static bool
exp_var(const fx *arg, int rscale, fq_arena *a, fx *out)
{
	fx x = *arg;
	fx one;
	fx res;
	fx elem;
	uint32_t buf[SMALL_LIMBS];
	double val = fx_to_double(&x, a);
	int dweight = (int) (val * 0.434294481903252);
	int ndiv2 = 0;
	int sig;
	int lr;

	fx_set_int(1, buf, &one);
	/* x / 2^ndiv2 within 0.01 of zero, for Taylor's series */
	if (fabs(val) > 0.01)
	{
		ndiv2 = 1;
		val /= 2;
		while (fabs(val) > 0.01)
		{
			ndiv2++;
			val /= 2;
		}
		if (!pdiv_int(&x, (int64_t) 1 << ndiv2, (int) x.s + ndiv2, a, &x))
			return false;
	}
	sig = 1 + dweight + rscale + (int) (ndiv2 * 0.301029995663981);
	sig = (sig > 0 ? sig : 0) + 8;
	lr = sig - 1;
	if (!padd(&one, &x, false, a, &res) || !pmul(&x, &x, lr, a, &elem) ||
		!pdiv_int(&elem, 2, lr, a, &elem))
		return false;
	for (int ni = 3; !fx_zero(&elem); ni++)
		if (!padd(&res, &elem, false, a, &res) || !pmul(&elem, &x, lr, a, &elem) ||
			!pdiv_int(&elem, ni, lr, a, &elem))
			return false;
	/* undo the halving by squaring; fewer places as the value grows */
	while (ndiv2-- > 0)
	{
		lr = sig - pgw(&res) * 2 * 4;
		if (!pmul(&res, &res, lr > 0 ? lr : 0, a, &res))
			return false;
	}
	return fx_round_to(&res, rscale, a, out);
}

/* ln_var: ln(x) to rscale places, x > 0. */
static bool
ln_var(const fx *arg, int rscale, fq_arena *a, fx *out)
{
	uint32_t b09 = 9;
	uint32_t b11 = 11;
	const fx p09 = {false, 1, {&b09, 1}};
	const fx p11 = {false, 1, {&b11, 1}};
	fx x = *arg;
	fx one;
	fx fact;
	fx res;
	fx elem;
	fx xx;
	uint32_t buf1[SMALL_LIMBS];
	uint32_t buf2[SMALL_LIMBS];
	int nsqrt = 0;
	int lr;

	fx_set_int(1, buf1, &one);
	/* square roots into 0.9 < x < 1.1, keeping about rscale + 8 digits */
	while (fx_cmp(&x, &p09, a) <= 0 || fx_cmp(&x, &p11, a) >= 0)
	{
		lr = rscale - pgw(&x) * 4 / 2 + 8;
		if (!psqrt(&x, lr, a, &x))
			return false;
		nsqrt++;
	}
	fx_set_int((int64_t) 1 << (nsqrt + 1 < 62 ? nsqrt + 1 : 62), buf2, &fact);
	/* 2 atanh(z), z = (x - 1) / (x + 1): z + z^3/3 + z^5/5 + ... */
	lr = rscale + (int) ((nsqrt + 1) * 0.301029995663981) + 8;
	if (!padd(&x, &one, true, a, &res) || !padd(&x, &one, false, a, &elem) ||
		!pdiv(&res, &elem, lr, a, &res))
		return false;
	xx = res;
	if (!pmul(&res, &res, lr, a, &x))
		return false;
	for (int ni = 3;; ni += 2)
	{
		if (!pmul(&xx, &x, lr, a, &xx) || !pdiv_int(&xx, ni, lr, a, &elem))
			return false;
		if (fx_zero(&elem))
			break;
		if (!padd(&res, &elem, false, a, &res))
			return false;
		if (pgw(&elem) < pgw(&res) - lr * 2 / 4)
			break;
	}
	return pmul(&res, &fact, rscale, a, out);
}

/* power_var_int: b^n to rscale places, n an int32. */
static fq_num_status
pow_var_int(const fx *b, int64_t n, int rscale, fq_arena *a, fx *out)
{
	fx one;
	fx prod;
	fx res;
	uint32_t buf[SMALL_LIMBS];
	int dg[4] = {0};
	int nd = 0;
	double f;
	int p;
	int sig;
	bool neg;
	uint64_t mask;

	fx_set_int(1, buf, &one);
	switch (n)
	{
		case 0: return fx_rescale(&one, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
		case 1: return fx_round_to(b, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
		case -1: return pdiv(&one, b, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
		case 2: return pmul(b, b, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
		default: break;
	}
	if (fx_zero(b))
	{
		if (n < 0)
			return FQ_NUM_DIV_ZERO;
		return fx_rescale(b, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
	}
	/* log10 of the result from the first 16 digits or so */
	{
		uint16_t *d;
		int ndig;
		int weight;

		if (!fx_b10k(b, a, &d, &ndig, &weight))
			return FQ_NUM_NOMEM;
		nd = ndig;
		for (int i = 0; i < 4 && i < ndig; i++)
			dg[i] = d[i];
		f = dg[0];
		p = weight * 4;
	}
	for (int i = 1; i < nd && i < 4; i++)
	{
		f = f * 10000 + dg[i];
		p -= 4;
	}
	f = (double) n * (log10(f) + p);
	if (f > 3 * 32767 * 4)
		return FQ_NUM_OVERFLOW;
	if (f + 1 < -rscale || f + 1 < -FQ_NUM_MAX_DISPLAY_SCALE)
	{
		/* certainly below half a unit at rscale: zero */
		fx zero = one;

		zero.m.n = 0;
		return fx_rescale(&zero, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
	}
	sig = 1 + rscale + (int) f;
	sig += (int) log(fabs((double) n)) + 8;
	neg = n < 0;
	mask = neg ? (uint64_t) -n : (uint64_t) n;
	prod = *b;
	res = (mask & 1) ? *b : one;
	while ((mask >>= 1) > 0)
	{
		int64_t lr = sig - 2 * (int64_t) pgw(&prod) * 4;

		if (lr > 2 * prod.s)
			lr = 2 * prod.s;
		if (!pmul(&prod, &prod, lr > 0 ? (int) lr : 0, a, &prod))
			return FQ_NUM_NOMEM;
		if (mask & 1)
		{
			lr = sig - ((int64_t) pgw(&prod) + pgw(&res)) * 4;
			if (lr > prod.s + res.s)
				lr = prod.s + res.s;
			if (!pmul(&prod, &res, lr > 0 ? (int) lr : 0, a, &res))
				return FQ_NUM_NOMEM;
		}
		if (pgw(&prod) > 32767 || pgw(&res) > 32767)
		{
			/* beyond numeric's range: too big, or (negative power) zero */
			if (!neg)
				return FQ_NUM_OVERFLOW;
			res.m.n = 0;
			neg = false;
			break;
		}
	}
	if (neg)
		return pdiv(&one, &res, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
	return fx_round_to(&res, rscale, a, out) ? FQ_NUM_OK : FQ_NUM_NOMEM;
}

/* An fx result as a numeric, its limbs in `to`. */
static fq_num_status
fx_result(const fx *r, fq_arena *to, fq_numeric *out)
{
	mag m;

	if (r->s < 0 || r->s > FQ_NUM_MAX_DSCALE)
		return FQ_NUM_OVERFLOW;
	if (!mag_dup(&r->m, 0, to, &m))
		return FQ_NUM_NOMEM;
	return pack(r->neg && m.n > 0, (int) r->s, &m, out);
}

/* ---- sqrt ---- */

fq_num_status
fq_num_sqrt(const fq_numeric *x, fq_arena *to, fq_numeric *out)
{
	wnum w;
	int weight;
	int first;
	int rscale;

	if (!fq_num_is_finite(x))
	{
		if (x->kind == FQ_NUM_NINF)
			return FQ_NUM_SQRT_NEGATIVE;
		*out = *x;
		return FQ_NUM_OK;
	}
	if (fq_num_sign(x) < 0)
		return FQ_NUM_SQRT_NEGATIVE;
	unpack(x, &w);
	base10000_lead(&w, &weight, &first);
	/* at least 16 significant digits: the root's weight is half the input's */
	rscale = 16 - ((weight + 1) * 4 / 2 - 1);
	if (rscale < x->dscale)
		rscale = x->dscale;
	return fq_num_sqrt_at(x, clamp_rscale(rscale), to, out);
}

fq_num_status
fq_num_sqrt_at(const fq_numeric *x, int rscale, fq_arena *to, fq_numeric *out)
{
	fq_arena *a;
	fx v;
	fx root;
	mag r;
	fq_num_status st = FQ_NUM_NOMEM;

	if (x->kind == FQ_NUM_NINF || (fq_num_is_finite(x) && fq_num_sign(x) < 0))
		return FQ_NUM_SQRT_NEGATIVE;
	if (!fq_num_is_finite(x))
	{
		*out = *x;
		return FQ_NUM_OK;
	}
	if (fq_num_sign(x) == 0)
		return zero_at(rscale, out);
	if ((a = fq_arena_new(NULL)) == NULL)
		return FQ_NUM_NOMEM;
	/* the root truncated at rscale + 1 places, then rounded there */
	if (fx_from_num(x, a, &v) && fx_sqrt(&v, rscale + 1, a, &root) &&
		mag_round_to(&root.m, rscale + 1, rscale, true, a, &r) && mag_dup(&r, 0, to, &r))
		st = pack(false, rscale, &r, out);
	fq_arena_free(a);
	return st;
}

/* ---- exp, ln, log ---- */

fq_num_status
fq_num_exp(const fq_numeric *x, fq_arena *to, fq_numeric *out)
{
	double val;
	int64_t rscale;
	fq_arena *a;
	fx v;
	fx r;
	fq_num_status st;

	if (!fq_num_is_finite(x))
	{
		if (x->kind == FQ_NUM_NINF)
			fq_num_from_int64(0, out);
		else
			*out = *x;
		return FQ_NUM_OK;
	}
	/* numeric_exp: about 16 significant digits, from the result's weight */
	val = fq_numeric_to_double(x) * 0.434294481903252;
	if (val < -FQ_NUM_MAX_RESULT_SCALE)
		val = -FQ_NUM_MAX_RESULT_SCALE;
	if (val > FQ_NUM_MAX_RESULT_SCALE)
		val = FQ_NUM_MAX_RESULT_SCALE;
	rscale = FQ_NUM_MIN_SIG_DIGITS - (int) val;
	if (rscale < x->dscale)
		rscale = x->dscale;
	rscale = clamp_rscale(rscale);
	/* exp_var's limits */
	val = fq_numeric_to_double(x);
	if (fabs(val) >= FQ_NUM_MAX_RESULT_SCALE * 3)
		return val > 0 ? FQ_NUM_OVERFLOW : zero_at((int) rscale, out);
	if ((a = fq_arena_new(NULL)) == NULL)
		return FQ_NUM_NOMEM;
	st = fx_from_num(x, a, &v) && exp_var(&v, (int) rscale, a, &r) ? fx_result(&r, to, out)
																	: FQ_NUM_NOMEM;
	fq_arena_free(a);
	return st;
}

static fq_num_status
log_checks(const fq_numeric *x)
{
	int s = fq_num_sign(x);

	return s < 0 ? FQ_NUM_LOG_NEGATIVE : s == 0 ? FQ_NUM_LOG_ZERO : FQ_NUM_OK;
}

fq_num_status
fq_num_ln(const fq_numeric *x, fq_arena *to, fq_numeric *out)
{
	int64_t rscale;
	fq_arena *a;
	fx v;
	fx r;
	fq_num_status st;

	if (!fq_num_is_finite(x))
	{
		if (x->kind == FQ_NUM_NINF)
			return FQ_NUM_LOG_NEGATIVE;
		*out = *x;
		return FQ_NUM_OK;
	}
	rscale = FQ_NUM_MIN_SIG_DIGITS - ln_dweight(x);
	if (rscale < x->dscale)
		rscale = x->dscale;
	rscale = clamp_rscale(rscale);
	if ((st = log_checks(x)) != FQ_NUM_OK)
		return st;
	if ((a = fq_arena_new(NULL)) == NULL)
		return FQ_NUM_NOMEM;
	st = fx_from_num(x, a, &v) && ln_var(&v, (int) rscale, a, &r) ? fx_result(&r, to, out)
																   : FQ_NUM_NOMEM;
	fq_arena_free(a);
	return st;
}

fq_num_status
fq_num_log(const fq_numeric *base, const fq_numeric *x, fq_arena *to, fq_numeric *out)
{
	if (!fq_num_is_finite(base) || !fq_num_is_finite(x))
	{
		int sb;
		int sx;

		if (base->kind == FQ_NUM_NAN || x->kind == FQ_NUM_NAN)
		{
			fq_num_special(FQ_NUM_NAN, out);
			return FQ_NUM_OK;
		}
		sb = fq_num_sign(base);
		sx = fq_num_sign(x);
		if (sb < 0 || sx < 0)
			return FQ_NUM_LOG_NEGATIVE;
		if (sb == 0 || sx == 0)
			return FQ_NUM_LOG_ZERO;
		if (base->kind == FQ_NUM_PINF)
		{
			/* Inf/Inf, or a finite log divided by infinity */
			if (x->kind == FQ_NUM_PINF)
				fq_num_special(FQ_NUM_NAN, out);
			else
				fq_num_from_int64(0, out);
			return FQ_NUM_OK;
		}
		fq_num_special(FQ_NUM_PINF, out);
		return FQ_NUM_OK;
	}
	/* log_var: the scale from both logarithms' estimated weights */
	{
		int db = ln_dweight(base);
		int dx = ln_dweight(x);
		int rw = dx - db;
		int64_t rscale = FQ_NUM_MIN_SIG_DIGITS - rw;
		int64_t sb;
		int64_t sx;
		fq_arena *a;
		fx vb;
		fx vx;
		fx lb;
		fx lx;
		fx r;
		fq_num_status st;

		if (rscale < base->dscale)
			rscale = base->dscale;
		if (rscale < x->dscale)
			rscale = x->dscale;
		rscale = clamp_rscale(rscale);
		/* each logarithm to more significant digits than the result */
		sb = rscale + rw - db + 8;
		sx = rscale + rw - dx + 8;
		if ((st = log_checks(base)) != FQ_NUM_OK || (st = log_checks(x)) != FQ_NUM_OK)
			return st;
		if ((a = fq_arena_new(NULL)) == NULL)
			return FQ_NUM_NOMEM;
		st = FQ_NUM_NOMEM;
		if (fx_from_num(base, a, &vb) && fx_from_num(x, a, &vx) &&
			ln_var(&vb, (int) (sb > 0 ? sb : 0), a, &lb) && ln_var(&vx, (int) (sx > 0 ? sx : 0), a, &lx))
		{
			if (fx_zero(&lb))
				st = FQ_NUM_DIV_ZERO;
			else if (pdiv(&lx, &lb, (int) rscale, a, &r))
				st = fx_result(&r, to, out);
		}
		fq_arena_free(a);
		return st;
	}
}

/* ---- power ---- */

/* Whether a finite x has no nonzero digit after the point. */
static bool
is_integral(const fq_numeric *x)
{
	wnum w;

	if (x->kind == FQ_NUM_SMALL && x->dscale == 0)
		return true;
	unpack(x, &w);
	return !mag_low_nonzero(&w.m, w.dscale);
}

/* Whether an integral x is odd. */
static bool
is_odd(const fq_numeric *x)
{
	wnum w;

	unpack(x, &w);
	return mag_digit_at(&w.m, w.dscale) & 1;
}

fq_num_status
fq_num_power(const fq_numeric *b, const fq_numeric *e, fq_arena *to, fq_numeric *out)
{
	fq_numeric one;
	int sb;
	int se;
	fq_num_status st;

	fq_num_from_int64(1, &one);
	if (!fq_num_is_finite(b) || !fq_num_is_finite(e))
	{
		/* pow(3)'s rules, as PostgreSQL follows them */
		if (b->kind == FQ_NUM_NAN)
		{
			if (fq_num_is_finite(e) && fq_num_sign(e) == 0)
				*out = one;
			else
				fq_num_special(FQ_NUM_NAN, out);
			return FQ_NUM_OK;
		}
		if (e->kind == FQ_NUM_NAN)
		{
			if (fq_num_is_finite(b) && fq_num_cmp(b, &one) == 0)
				*out = one;
			else
				fq_num_special(FQ_NUM_NAN, out);
			return FQ_NUM_OK;
		}
		sb = fq_num_sign(b);
		se = fq_num_sign(e);
		if (sb == 0 && se < 0)
			return FQ_NUM_POW_ZERO_NEGATIVE;
		/* infinities count as integers */
		if (sb < 0 && fq_num_is_finite(e) && !is_integral(e))
			return FQ_NUM_POW_COMPLEX;
		if (fq_num_is_finite(b) && fq_num_cmp(b, &one) == 0)
		{
			*out = one;
			return FQ_NUM_OK;
		}
		if (se == 0)
		{
			*out = one;
			return FQ_NUM_OK;
		}
		if (sb == 0)
		{
			fq_num_from_int64(0, out);
			return FQ_NUM_OK;
		}
		if (!fq_num_is_finite(e))
		{
			bool gt_one = true;

			if (fq_num_is_finite(b))
			{
				fq_numeric ab;

				fq_num_neg(&one, &ab);
				if (fq_num_cmp(b, &ab) == 0)
				{
					*out = one;
					return FQ_NUM_OK;
				}
				fq_num_abs(b, &ab);
				gt_one = fq_num_cmp(&ab, &one) > 0;
			}
			if (gt_one == (se > 0))
				fq_num_special(FQ_NUM_PINF, out);
			else
				fq_num_from_int64(0, out);
			return FQ_NUM_OK;
		}
		if (b->kind == FQ_NUM_PINF)
		{
			if (se > 0)
				fq_num_special(FQ_NUM_PINF, out);
			else
				fq_num_from_int64(0, out);
			return FQ_NUM_OK;
		}
		/* -Infinity to a finite power */
		if (se < 0)
			fq_num_from_int64(0, out);
		else
			fq_num_special(is_integral(e) && is_odd(e) ? FQ_NUM_NINF : FQ_NUM_PINF, out);
		return FQ_NUM_OK;
	}
	sb = fq_num_sign(b);
	se = fq_num_sign(e);
	if (sb == 0 && se < 0)
		return FQ_NUM_POW_ZERO_NEGATIVE;
	sb = fq_num_sign(b);
	se = fq_num_sign(e);
	if (sb == 0 && se < 0)
		return FQ_NUM_POW_ZERO_NEGATIVE;
	{
		fq_arena *a;
		fq_numeric ab;
		fx vb;
		fx ve;
		fx lb;
		fx ln;
		fx r;
		bool neg = false;
		int lnw;
		int lr;
		int sig;
		int64_t rscale;
		double val;

		/* an integer exponent in int32's range: power_var_int */
		if (is_integral(e))
		{
			int64_t n;

			if (fq_num_to_int(e, INT64_MIN, INT64_MAX, &n) == FQ_CONV_OK && n >= INT32_MIN &&
				n <= INT32_MAX)
			{
				rscale = FQ_NUM_MIN_SIG_DIGITS;
				if (rscale < b->dscale)
					rscale = b->dscale;
				if ((a = fq_arena_new(NULL)) == NULL)
					return FQ_NUM_NOMEM;
				st = fx_from_num(b, a, &vb) ? pow_var_int(&vb, n, clamp_rscale(rscale), a, &r)
											: FQ_NUM_NOMEM;
				if (st == FQ_NUM_OK)
					st = fx_result(&r, to, out);
				fq_arena_free(a);
				return st;
			}
		}
		if (sb == 0)
			return zero_at(FQ_NUM_MIN_SIG_DIGITS, out);
		if (sb < 0)
		{
			if (!is_integral(e))
				return FQ_NUM_POW_COMPLEX;
			neg = is_odd(e);
		}
		/* power_var: e ln|b| first to about 8 digits, for the scale */
		fq_num_abs(b, &ab);
		lnw = ln_dweight(&ab);
		lr = 8 - lnw > 0 ? 8 - lnw : 0;
		if ((a = fq_arena_new(NULL)) == NULL)
			return FQ_NUM_NOMEM;
		st = FQ_NUM_NOMEM;
		if (!fx_from_num(&ab, a, &vb) || !fx_from_num(e, a, &ve) || !ln_var(&vb, lr, a, &lb) ||
			!pmul(&lb, &ve, lr, a, &ln))
			goto done;
		val = fx_to_double(&ln, a);
		if (fabs(val) > FQ_NUM_MAX_RESULT_SCALE * 3.01)
		{
			st = val > 0 ? FQ_NUM_OVERFLOW : zero_at(FQ_NUM_MAX_DISPLAY_SCALE, out);
			goto done;
		}
		val *= 0.434294481903252;
		rscale = FQ_NUM_MIN_SIG_DIGITS - (int) val;
		if (rscale < b->dscale)
			rscale = b->dscale;
		if (rscale < e->dscale)
			rscale = e->dscale;
		rscale = clamp_rscale(rscale);
		sig = (int) rscale + (int) val;
		if (sig < 0)
			sig = 0;
		lr = sig - lnw + 8;
		if (!ln_var(&vb, lr > 0 ? lr : 0, a, &lb) || !pmul(&lb, &ve, lr > 0 ? lr : 0, a, &ln))
			goto done;
		/* exp_var's own limits */
		val = fx_to_double(&ln, a);
		if (fabs(val) >= FQ_NUM_MAX_RESULT_SCALE * 3)
		{
			st = val > 0 ? FQ_NUM_OVERFLOW : zero_at((int) rscale, out);
			goto done;
		}
		if (!exp_var(&ln, (int) rscale, a, &r))
			goto done;
		r.neg = neg && r.m.n > 0;
		st = fx_result(&r, to, out);
done:
		fq_arena_free(a);
		return st;
	}
}

/* ------------------------------------------------------------------ */
/* Integer division, gcd, lcm, factorial, scales                       */
/* ------------------------------------------------------------------ */

fq_num_status
fq_num_div_trunc(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	wnum wx;
	wnum wy;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		if (x->kind == FQ_NUM_NAN || y->kind == FQ_NUM_NAN)
			fq_num_special(FQ_NUM_NAN, out);
		else if (!fq_num_is_finite(x))
		{
			int sy = fq_num_sign(y);

			if (!fq_num_is_finite(y))
				fq_num_special(FQ_NUM_NAN, out);
			else if (sy == 0)
				return FQ_NUM_DIV_ZERO;
			else
				fq_num_special(fq_num_sign(x) * sy > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, out);
		}
		else
			fq_num_from_int64(0, out);
		return FQ_NUM_OK;
	}
	if (fq_num_sign(y) == 0)
		return FQ_NUM_DIV_ZERO;
	unpack(x, &wx);
	unpack(y, &wy);
	return finite_div(&wx, &wy, 0, false, a, out);
}

fq_num_status
fq_num_gcd(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	int dscale;
	fq_numeric p;
	fq_numeric q;
	int c;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		fq_num_special(FQ_NUM_NAN, out);
		return FQ_NUM_OK;
	}
	dscale = x->dscale > y->dscale ? x->dscale : y->dscale;
	fq_num_abs(x, &p);
	fq_num_abs(y, &q);
	if ((c = fq_num_cmp(&p, &q)) < 0)
	{
		fq_numeric t = p;

		p = q;
		q = t;
	}
	/* Euclid's algorithm, on exact decimals */
	if (c != 0 && fq_num_sign(&q) != 0)
		for (;;)
		{
			fq_numeric r;
			fq_num_status st = fq_num_mod(&p, &q, a, &r);

			if (st != FQ_NUM_OK)
				return st;
			if (fq_num_sign(&r) == 0)
			{
				p = q;
				break;
			}
			p = q;
			q = r;
		}
	return fq_num_round(&p, dscale, a, out);
}

fq_num_status
fq_num_lcm(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out)
{
	int dscale;
	fq_numeric g;
	fq_numeric r;
	fq_num_status st;

	if (!fq_num_is_finite(x) || !fq_num_is_finite(y))
	{
		fq_num_special(FQ_NUM_NAN, out);
		return FQ_NUM_OK;
	}
	dscale = x->dscale > y->dscale ? x->dscale : y->dscale;
	if (fq_num_sign(x) == 0 || fq_num_sign(y) == 0)
		return zero_at(dscale, out);
	/* |x / gcd(x, y) * y|: the quotient is an integer */
	if ((st = fq_num_gcd(x, y, a, &g)) != FQ_NUM_OK || (st = fq_num_div_trunc(x, &g, a, &r)) != FQ_NUM_OK ||
		(st = fq_num_mul(y, &r, a, &r)) != FQ_NUM_OK)
		return st;
	fq_num_abs(&r, &r);
	return fq_num_round(&r, dscale, a, out);
}

fq_num_status
fq_num_factorial(int64_t n, fq_arena *a, fq_numeric *out)
{
	mag m;
	int cap;

	if (n < 0)
		return FQ_NUM_FACTORIAL_NEGATIVE;
	if (n > 32177)
		return FQ_NUM_OVERFLOW; /* 32178! has more than 131072 digits */
	if (n <= 33)
	{
		u128 v = 1;

		for (int64_t k = 2; k <= n; k++)
			v *= (u128) k;
		return small_result((fq_int128) v, 0, out);
	}
	/* n! < n^n: n log10(n) digits */
	cap = (int) (n * log10((double) n) / NBASE_DIGITS) + 2;
	if ((m.d = limbs_new(a, cap)) == NULL)
		return FQ_NUM_NOMEM;
	m.d[0] = 1;
	m.n = 1;
	for (int64_t k = 2; k <= n; k++)
		mag_mul_small(&m, (uint32_t) k, 0, &m);
	return pack(false, 0, &m, out);
}

int
fq_num_min_scale(const fq_numeric *x)
{
	wnum w;
	int s;

	if (!fq_num_is_finite(x) || fq_num_sign(x) == 0)
		return 0;
	unpack(x, &w);
	for (s = w.dscale; s > 0 && mag_digit_at(&w.m, w.dscale - s) == 0; s--)
		;
	return s;
}

fq_num_status
fq_num_trim_scale(const fq_numeric *x, fq_arena *a, fq_numeric *out)
{
	if (!fq_num_is_finite(x))
	{
		*out = *x;
		return FQ_NUM_OK;
	}
	return fq_num_trunc(x, fq_num_min_scale(x), a, out);
}
