/*
 * decimal.c — DECIMAL(p,s) arithmetic helpers on 128-bit unscaled integers:
 * powers of ten, digit counts, text input and output, rescaling and
 * conversion to and from double.
 *
 * Rounding is half away from zero everywhere, as PostgreSQL's numeric does.
 * Magnitudes are handled as unsigned 128-bit values so that no step can
 * overflow a signed type, whatever the input.
 */
#include "types/types.h"
#include "types/types_int.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 dec_u128;

#define E19 ((dec_u128) UINT64_C(10000000000000000000))

static const dec_u128 pow10_tab[FQ_DECIMAL_MAX_PREC + 1] = {
	1,
	10,
	100,
	1000,
	10000,
	100000,
	1000000,
	10000000,
	100000000,
	1000000000,
	10000000000,
	100000000000,
	1000000000000,
	10000000000000,
	100000000000000,
	1000000000000000,
	10000000000000000,
	100000000000000000,
	1000000000000000000,
	E19,
	E19 * 10,
	E19 * 100,
	E19 * 1000,
	E19 * 10000,
	E19 * 100000,
	E19 * 1000000,
	E19 * 10000000,
	E19 * 100000000,
	E19 * 1000000000,
	E19 * 10000000000,
	E19 * 100000000000,
	E19 * 1000000000000,
	E19 * 10000000000000,
	E19 * 100000000000000,
	E19 * 1000000000000000,
	E19 * 10000000000000000,
	E19 * 100000000000000000,
	E19 * 1000000000000000000,
	E19 * E19,
};

fq_int128
fq_dec_pow10(int n)
{
	if (n < 0 || n > FQ_DECIMAL_MAX_PREC)
		return 0;
	return (fq_int128) pow10_tab[n];
}

static dec_u128
magnitude(fq_int128 v)
{
	/* Negating in unsigned arithmetic is defined even for the minimum. */
	return v < 0 ? (dec_u128) 0 - (dec_u128) v : (dec_u128) v;
}

static fq_int128
with_sign(dec_u128 mag, bool negative)
{
	/* Callers keep mag within 38 digits, far below 2^127. */
	return negative ? -(fq_int128) mag : (fq_int128) mag;
}

static int
udigits(dec_u128 m)
{
	int lo = 1;
	int hi = FQ_DECIMAL_MAX_PREC;

	if (m >= pow10_tab[FQ_DECIMAL_MAX_PREC])
		return FQ_DECIMAL_MAX_PREC + 1;
	/* Smallest d with m < 10^d, by bisection over the table. */
	while (lo < hi)
	{
		int mid = (lo + hi) / 2;

		if (m < pow10_tab[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int
fq_dec_digits(fq_int128 v)
{
	return udigits(magnitude(v));
}

static bool
valid_typmod(int precision, int scale)
{
	return precision >= 1 && precision <= FQ_DECIMAL_MAX_PREC &&
		scale >= 0 && scale <= FQ_DECIMAL_MAX_PREC;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The digit string is read twice: once to find its shape (where the
 * significant digits start and end, where the point is, the exponent),
 * then to accumulate only the digits that survive rounding.  That way any
 * length of input is handled without a big-number buffer.
 */
fq_conv
fq_dec_parse(const char *s, size_t n, int precision, int scale,
			 fq_int128 *out)
{
	const char *end = s + n;
	const char *p;
	const char *mant_start;
	const char *mant_end;
	bool negative = false;
	int64_t ndigits = 0;   /* digits in the mantissa, point excluded */
	int64_t nfrac = 0;     /* of which after the point */
	int64_t first_sig = -1; /* index of the first nonzero digit */
	int64_t exp10 = 0;
	int64_t shift;
	int64_t kept;
	bool seen_point = false;
	dec_u128 acc = 0;
	bool round_up = false;
	int64_t idx;

	while (s < end && is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		end--;
	p = s;
	if (p < end && (*p == '+' || *p == '-'))
	{
		negative = *p == '-';
		p++;
	}
	mant_start = p;
	for (; p < end; p++)
	{
		if (is_digit(*p))
		{
			if (first_sig < 0 && *p != '0')
				first_sig = ndigits;
			ndigits++;
			if (seen_point)
				nfrac++;
		}
		else if (*p == '.' && !seen_point)
			seen_point = true;
		else
			break;
	}
	mant_end = p;
	if (ndigits == 0)
		return FQ_CONV_SYNTAX;
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		bool eneg = false;
		bool any = false;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
		{
			eneg = *p == '-';
			p++;
		}
		for (; p < end && is_digit(*p); p++)
		{
			any = true;
			/* Saturate: anything this large is out of range or zero. */
			if (exp10 < INT64_C(1000000000))
				exp10 = exp10 * 10 + (*p - '0');
		}
		if (!any)
			return FQ_CONV_SYNTAX;
		if (eneg)
			exp10 = -exp10;
	}
	if (p != end)
		return FQ_CONV_SYNTAX;
	if (!valid_typmod(precision, scale))
		return FQ_CONV_RANGE;
	if (first_sig < 0)
	{
		*out = 0;
		return FQ_CONV_OK;
	}

	/*
	 * The value is digits[first_sig..ndigits) * 10^(exp10 - nfrac); its
	 * unscaled form at `scale` multiplies that by 10^scale.  `kept` is how
	 * many of the significant digits stay before the unit position.
	 */
	shift = exp10 - nfrac + scale;
	kept = (ndigits - first_sig) + shift;
	if (kept > precision)
		return FQ_CONV_RANGE;

	idx = 0;
	for (p = mant_start; p < mant_end; p++)
	{
		int64_t rel;

		if (*p == '.')
			continue;
		rel = idx - first_sig; /* position among the significant digits */
		idx++;
		if (rel < 0)
			continue;
		if (rel < kept)
			acc = acc * 10 + (dec_u128) (*p - '0');
		else
		{
			/* The first dropped digit decides; half rounds away. */
			if (rel == kept)
				round_up = *p >= '5';
			break;
		}
	}
	/* kept <= precision with at least one significant digit: shift < 38 */
	if (shift > 0 && shift <= FQ_DECIMAL_MAX_PREC)
		acc *= pow10_tab[shift];
	if (round_up)
		acc++;
	if (acc != 0 && udigits(acc) > precision)
		return FQ_CONV_RANGE;
	*out = with_sign(acc, negative);
	return FQ_CONV_OK;
}

fq_conv
fq_dec_rescale(fq_int128 v, int from_scale, int to_scale, int precision,
			   fq_int128 *out)
{
	dec_u128 mag = magnitude(v);
	bool negative = v < 0;

	if (!valid_typmod(precision, from_scale) || to_scale < 0 ||
		to_scale > FQ_DECIMAL_MAX_PREC)
		return FQ_CONV_RANGE;
	if (to_scale >= from_scale)
	{
		int up = to_scale - from_scale;

		/* Checking the digit count first keeps the multiply in range. */
		if (mag != 0 && udigits(mag) + up > precision)
			return FQ_CONV_RANGE;
		mag *= pow10_tab[up];
	}
	else
	{
		dec_u128 div = pow10_tab[from_scale - to_scale];
		dec_u128 rem = mag % div;

		mag /= div;
		/* rem >= div / 2, written so that nothing can overflow */
		if (rem >= div - rem)
			mag++;
		if (mag != 0 && udigits(mag) > precision)
			return FQ_CONV_RANGE;
	}
	*out = with_sign(mag, negative);
	return FQ_CONV_OK;
}

size_t
fq_dec_format(fq_int128 v, int scale, char *buf)
{
	char digits[FQ_DECIMAL_MAX_PREC + 2];
	dec_u128 mag = magnitude(v);
	int nd = 0;
	size_t len = 0;

	if (scale < 0)
		scale = 0;
	if (scale > FQ_DECIMAL_MAX_PREC)
		scale = FQ_DECIMAL_MAX_PREC;
	/* Least significant first. */
	do
	{
		digits[nd++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag != 0);
	/* Leading zeros so that at least one digit precedes the point. */
	while (nd < scale + 1)
		digits[nd++] = '0';
	if (v < 0)
		buf[len++] = '-';
	for (int i = nd - 1; i >= 0; i--)
	{
		if (i == scale - 1)
			buf[len++] = '.';
		buf[len++] = digits[i];
	}
	buf[len] = '\0';
	return len;
}

double
fq_dec_to_double(fq_int128 v, int scale)
{
	dec_u128 mag = magnitude(v);
	char buf[48];

	/*
	 * Both operands exact in a double makes the one division correctly
	 * rounded; otherwise let strtod round the decimal text exactly.
	 */
	if (mag <= ((dec_u128) 1 << 53) && scale >= 0 && scale <= 22)
	{
		static const double exact_pow10[] = {
			1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
			1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
		double d = (double) (uint64_t) mag / exact_pow10[scale];

		return v < 0 ? -d : d;
	}
	fq_dec_format(v, scale, buf);
	return fq_types_strtod(buf, NULL);
}

fq_conv
fq_dec_from_double(double d, int precision, int scale, fq_int128 *out)
{
	char digits[FQ_FLOAT_MAX_DIGITS + 1];
	char buf[64];
	int exp10;
	int len;

	if (!isfinite(d))
		return FQ_CONV_RANGE;

	/*
	 * Like PostgreSQL, go through 15 significant digits (DBL_DIG): 0.1
	 * becomes exactly 0.1, and 2.675 rounds to 2.68 at scale 2 as a user
	 * expects, not to the 2.67 its binary value would give.
	 */
	exp10 = fq_types_float_digits(d, DBL_DIG, digits);
	len = snprintf(buf, sizeof(buf), "%s%c.%se%d", d < 0 ? "-" : "",
				   digits[0], digits + 1, exp10);
	if (len < 0 || (size_t) len >= sizeof(buf))
		return FQ_CONV_RANGE;
	return fq_dec_parse(buf, (size_t) len, precision, scale, out);
}
