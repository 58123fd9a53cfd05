/*
 * textio.c — the text forms of every engine type, as PostgreSQL reads and
 * prints them: fq_parse_text, fq_format_text and the public
 * fq_format_value.
 *
 * Output follows PostgreSQL with DateStyle=ISO, IntervalStyle=postgres,
 * TimeZone=UTC, extra_float_digits=1 and bytea_output=hex, so that values
 * fedq computes itself and values a source computed look the same.
 *
 * fq_format_value is on the ODBC SQLGetData path: values of fixed-width
 * types are written into a stack buffer, never the heap.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strtod_l, strtof_l, newlocale */
#endif

#include "types/types.h"
#include "types/numeric.h"
#include "core/chars.h"
#include "types/types_int.h"
#include "core/alloc.h"

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text of a fixed-width value (an extreme interval is ~70). */
#define FIXED_TEXT_MAX 128

#define USECS_PER_MINUTE (60 * FQ_USECS_PER_SEC)
#define USECS_PER_HOUR (3600 * FQ_USECS_PER_SEC)
/* Largest time zone displacement PostgreSQL accepts, in hours. */
#define MAX_TZ_HOURS 15

/* ------------------------------------------------------------------ */
/* Locale-independent float conversion                                 */
/* ------------------------------------------------------------------ */

static locale_t c_locale = (locale_t) 0;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t) 0);
}

double
fq_types_strtod(const char *s, char **end)
{
	pthread_once(&c_locale_once, c_locale_init);
	/* Without a locale object (no memory) the process's locale is all
	 * there is; it is "C" unless the application changed it. */
	if (c_locale == (locale_t) 0)
		return strtod(s, end);
	return strtod_l(s, end, c_locale);
}

float
fq_types_strtof(const char *s, char **end)
{
	pthread_once(&c_locale_once, c_locale_init);
	if (c_locale == (locale_t) 0)
		return strtof(s, end);
	return strtof_l(s, end, c_locale);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
fq_types_float_digits(double d, int ndigits, char *digits)
{
	char buf[64];
	const char *p;
	int k = 0;

	if (ndigits < 1)
		ndigits = 1;
	if (ndigits > FQ_FLOAT_MAX_DIGITS)
		ndigits = FQ_FLOAT_MAX_DIGITS;
	/*
	 * printf rounds correctly; only the digits and the exponent are taken
	 * from its output, so whatever radix character the locale uses is
	 * skipped.
	 */
	snprintf(buf, sizeof(buf), "%.*e", ndigits - 1, fabs(d));
	for (p = buf; *p != '\0' && *p != 'e' && *p != 'E'; p++)
	{
		if (is_digit(*p) && k < ndigits)
			digits[k++] = *p;
	}
	while (k < ndigits)
		digits[k++] = '0';
	digits[k] = '\0';
	return *p != '\0' ? (int) strtol(p + 1, NULL, 10) : 0;
}

/* ------------------------------------------------------------------ */
/* Scanning helpers                                                    */
/* ------------------------------------------------------------------ */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

static void
trim(const char **s, size_t *n)
{
	const char *p = *s;
	const char *end = p + *n;

	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	*s = p;
	*n = (size_t) (end - p);
}

/* Case-blind comparison of s[0..n) with a lower-case word. */
static bool
equal_ci(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (word[i] == '\0' || lower(s[i]) != word[i])
			return false;
	}
	return word[i] == '\0';
}

/* True when s[0..n) is a case-blind prefix of word at least min long. */
static bool
prefix_ci(const char *s, size_t n, const char *word, size_t min)
{
	if (n < min || n > strlen(word))
		return false;
	for (size_t i = 0; i < n; i++)
	{
		if (lower(s[i]) != word[i])
			return false;
	}
	return true;
}

/* A cursor over text that is not NUL-terminated. */
typedef struct scan
{
	const char *p;
	const char *end;
} scan;

static bool
sc_done(const scan *sc)
{
	return sc->p >= sc->end;
}

static char
sc_peek(const scan *sc)
{
	return sc->p < sc->end ? *sc->p : '\0';
}

static char
sc_peek_at(const scan *sc, size_t off)
{
	return (size_t) (sc->end - sc->p) > off ? sc->p[off] : '\0';
}

static bool
sc_skip_blanks(scan *sc)
{
	const char *start = sc->p;

	while (sc->p < sc->end && is_blank(*sc->p))
		sc->p++;
	return sc->p != start;
}

/*
 * Reads up to maxd (at most 18) decimal digits into *v; returns how many
 * were read, 0 when there is no digit.  Further digits are left unread.
 */
static int
sc_uint(scan *sc, int maxd, int64_t *v)
{
	int nd = 0;

	*v = 0;
	while (nd < maxd && sc->p < sc->end && is_digit(*sc->p))
	{
		*v = *v * 10 + (*sc->p - '0');
		sc->p++;
		nd++;
	}
	return nd;
}

/* Reads an alphabetic word; returns its length (0 when none). */
static size_t
sc_word(scan *sc, const char **word)
{
	*word = sc->p;
	while (sc->p < sc->end && is_alpha(*sc->p))
		sc->p++;
	return (size_t) (sc->p - *word);
}

/*
 * Reads the digits of a fraction (after the point, possibly none) into a
 * double, as strtod reads ".digits" and as PostgreSQL does.  Digits past
 * the 40th are dropped: they could only matter to a value exactly half a
 * microsecond off, decided at that depth.
 */
static double
sc_fraction(scan *sc)
{
	char buf[48];
	size_t n = 0;

	buf[n++] = '0';
	buf[n++] = '.';
	while (sc->p < sc->end && is_digit(*sc->p))
	{
		if (n < sizeof(buf) - 1)
			buf[n++] = *sc->p;
		sc->p++;
	}
	buf[n] = '\0';
	return n > 2 ? fq_types_strtod(buf, NULL) : 0.0;
}

/* Rounds microseconds to `precision` fractional digits, half away from
 * zero, as PostgreSQL adjusts a time or timestamp to its typmod. */
static int64_t
round_usecs(int64_t v, int precision)
{
	static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
	int64_t sc;

	if (precision < 0 || precision >= 6)
		return v;
	sc = scales[precision];
	if (v >= 0)
		return (v + sc / 2) / sc * sc;
	return -((-v + sc / 2) / sc * sc);
}

/* ------------------------------------------------------------------ */
/* BOOL, integers, floats                                              */
/* ------------------------------------------------------------------ */

static fq_conv
parse_bool(const char *s, size_t n, uint8_t *out)
{
	trim(&s, &n);
	/* PostgreSQL's rules: any unambiguous prefix; "o" alone is not one. */
	if (prefix_ci(s, n, "true", 1) || prefix_ci(s, n, "yes", 1) ||
		prefix_ci(s, n, "on", 2) || (n == 1 && s[0] == '1'))
	{
		*out = 1;
		return FQ_CONV_OK;
	}
	if (prefix_ci(s, n, "false", 1) || prefix_ci(s, n, "no", 1) ||
		prefix_ci(s, n, "off", 2) || (n == 1 && s[0] == '0'))
	{
		*out = 0;
		return FQ_CONV_OK;
	}
	return FQ_CONV_SYNTAX;
}

static fq_conv
parse_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	const char *end;
	bool negative = false;
	bool overflow = false;
	uint64_t mag = 0;

	trim(&s, &n);
	end = s + n;
	if (s < end && (*s == '+' || *s == '-'))
	{
		negative = *s == '-';
		s++;
	}
	if (s == end)
		return FQ_CONV_SYNTAX;
	for (; s < end; s++)
	{
		if (!is_digit(*s))
			return FQ_CONV_SYNTAX;
		/* Past 2^63 nothing fits any width; keep scanning for syntax. */
		if (mag > (UINT64_C(1) << 63) / 10)
			overflow = true;
		else
			mag = mag * 10 + (uint64_t) (*s - '0');
		if (mag > (UINT64_C(1) << 63))
			overflow = true;
	}
	if (overflow)
		return FQ_CONV_RANGE;
	if (negative)
	{
		/* -(min + 1) + 1 is |min| without overflowing int64_t. */
		if (mag > (uint64_t) -(min + 1) + 1)
			return FQ_CONV_RANGE;
		*out = mag == 0 ? 0 : -(int64_t) (mag - 1) - 1;
	}
	else
	{
		if (mag > (uint64_t) max)
			return FQ_CONV_RANGE;
		*out = (int64_t) mag;
	}
	return FQ_CONV_OK;
}

/*
 * strtod wants a NUL-terminated string.  Float text is short; a longer one
 * (say, hundreds of zeros) is copied to the heap for the call.
 */
static fq_conv
parse_float(const char *s, size_t n, bool single, double *dout, float *fout)
{
	char stackbuf[128];
	char *buf = stackbuf;
	char *endp;
	fq_conv rc = FQ_CONV_OK;

	trim(&s, &n);
	if (n == 0)
		return FQ_CONV_SYNTAX;
	if (memchr(s, '\0', n) != NULL)
		return FQ_CONV_SYNTAX;
	if (n >= sizeof(stackbuf))
	{
		buf = fq_malloc(n + 1);
		if (buf == NULL)
			return FQ_CONV_NOMEM;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (single)
	{
		float f = fq_types_strtof(buf, &endp);

		if (endp != buf + n)
			rc = FQ_CONV_SYNTAX;
		/* ERANGE with a denormal result is fine, as in PostgreSQL. */
		else if (errno == ERANGE && (f == 0.0f || isinf(f)))
			rc = FQ_CONV_RANGE;
		*fout = f;
	}
	else
	{
		double d = fq_types_strtod(buf, &endp);

		if (endp != buf + n)
			rc = FQ_CONV_SYNTAX;
		else if (errno == ERANGE && (d == 0.0 || isinf(d)))
			rc = FQ_CONV_RANGE;
		*dout = d;
	}
	if (buf != stackbuf)
		free(buf);
	return rc;
}

/* Is D * 10^k exactly N * 2^q, for an odd N? */
static bool
dec_equals_bin(uint64_t D, int k, uint64_t N, int q)
{
	unsigned __int128 v;
	int t = 0;

	if (D == 0)
		return false;
	while ((D & 1) == 0)
	{
		D >>= 1;
		t++;
	}
	/* D is odd now: the powers of two must match, then the odd parts. */
	if (k >= 0)
	{
		if (q != t + k)
			return false;
		v = D;
		for (int i = 0; i < k && v <= N; i++)
			v *= 5;
		return v == N;
	}
	if (t != q - k)
		return false;
	v = N;
	for (int i = 0; i < -k && v <= D; i++)
		v *= 5;
	return v == D;
}

/*
 * Is the decimal digits * 10^(exp10 - ndig + 1) exactly half-way between
 * |d| and a neighbour?  Such a text reads back as d only thanks to
 * round-half-even, and PostgreSQL's shortest output never picks one, so
 * neither may we.  Checked exactly: the midpoints are odd * 2^q.
 */
static bool
is_tie(const char *digits, int ndig, int exp10, double d, bool single)
{
	int min_exp = single ? FLT_MIN_EXP - FLT_MANT_DIG : DBL_MIN_EXP - DBL_MANT_DIG;
	int mant = single ? FLT_MANT_DIG : DBL_MANT_DIG;
	uint64_t D = 0;
	uint64_t m;
	int bexp;
	int ulp_exp;
	double f;

	for (int i = 0; i < ndig; i++)
		D = D * 10 + (uint64_t) (digits[i] - '0');
	f = frexp(fabs(d), &bexp);
	ulp_exp = bexp - mant;
	if (ulp_exp < min_exp)
		ulp_exp = min_exp; /* subnormal: a fixed spacing */
	m = (uint64_t) ldexp(fabs(d), -ulp_exp);
	if (dec_equals_bin(D, exp10 - ndig + 1, 2 * m + 1, ulp_exp - 1))
		return true;
	/* Just above a power of two the gap below is half the gap above. */
	if (f == 0.5 && ulp_exp > min_exp)
		return dec_equals_bin(D, exp10 - ndig + 1, 4 * m - 1, ulp_exp - 2);
	return dec_equals_bin(D, exp10 - ndig + 1, 2 * m - 1, ulp_exp - 1);
}

/*
 * The shortest decimal that reads back as the same value, laid out as
 * PostgreSQL's shortest-float output does: positional notation for decimal
 * exponents from -4 up to (but excluding) 15 for double and 6 for real,
 * scientific ("1e+20", "1.5e-07") otherwise.
 */
static size_t
format_float(double d, bool single, char *buf)
{
	char digits[FQ_FLOAT_MAX_DIGITS + 1];
	char cand[40];
	int lo = single ? FLT_DIG : DBL_DIG;
	int hi = single ? 9 : FQ_FLOAT_MAX_DIGITS;
	int fixed_max = single ? FLT_DIG : DBL_DIG;
	int exp10 = 0;
	int k = 0;
	size_t len = 0;

	if (isnan(d))
		return (size_t) sprintf(buf, "NaN");
	if (isinf(d))
		return (size_t) sprintf(buf, d < 0 ? "-Infinity" : "Infinity");
	if (d == 0)
		return (size_t) sprintf(buf, signbit(d) ? "-0" : "0");

	/*
	 * Every decimal of FLT_DIG/DBL_DIG digits survives a round trip
	 * through the binary type, so if a shorter form exists the rounding to
	 * `lo` digits finds it, padded with zeros.  Subnormals carry fewer
	 * digits than that, so for them the search starts from one.
	 */
	if (fabs(d) < (single ? FLT_MIN : DBL_MIN))
		lo = 1;
	for (int nd = lo; nd <= hi; nd++)
	{
		bool same;

		exp10 = fq_types_float_digits(d, nd, digits);
		k = nd;
		while (k > 1 && digits[k - 1] == '0')
			k--;
		snprintf(cand, sizeof(cand), "%s0.%.*se%d", d < 0 ? "-" : "", k,
				 digits, exp10 + 1);
		if (single)
			same = fq_types_strtof(cand, NULL) == (float) d;
		else
			same = fq_types_strtod(cand, NULL) == d;
		if (same && (nd == hi || !is_tie(digits, k, exp10, d, single)))
			break;
	}

	if (d < 0)
		buf[len++] = '-';
	if (exp10 >= -4 && exp10 < fixed_max)
	{
		if (exp10 < 0)
		{
			buf[len++] = '0';
			buf[len++] = '.';
			for (int i = -1; i > exp10; i--)
				buf[len++] = '0';
			memcpy(buf + len, digits, (size_t) k);
			len += (size_t) k;
		}
		else
		{
			for (int i = 0; i < k || i <= exp10; i++)
			{
				if (i == exp10 + 1)
					buf[len++] = '.';
				buf[len++] = i < k ? digits[i] : '0';
			}
		}
	}
	else
	{
		buf[len++] = digits[0];
		if (k > 1)
		{
			buf[len++] = '.';
			memcpy(buf + len, digits + 1, (size_t) (k - 1));
			len += (size_t) (k - 1);
		}
		len += (size_t) sprintf(buf + len, "e%c%02d", exp10 < 0 ? '-' : '+',
								exp10 < 0 ? -exp10 : exp10);
	}
	buf[len] = '\0';
	return len;
}

/* ------------------------------------------------------------------ */
/* Dates, times, timestamps                                            */
/* ------------------------------------------------------------------ */

typedef enum dt_special
{
	DT_NONE = 0,
	DT_POS_INF,
	DT_NEG_INF,
	DT_EPOCH
} dt_special;

/* What a date/time text held, before it is turned into one type. */
typedef struct dt_fields
{
	dt_special special;
	bool has_date;
	int64_t year; /* as written: 1 = 1 AD or 1 BC */
	int month;
	int day;
	bool bc;
	bool has_time;
	int64_t tod; /* microseconds from midnight, up to 24:00:00 */
	bool has_zone;
	int32_t zone; /* seconds east of UTC */
} dt_fields;

/*
 * "H:M[:S[.f]]", the hours up to maxh digits.  Like PostgreSQL, empty
 * minutes, seconds or fraction count as zero ("12:" is noon).  The
 * fraction becomes microseconds rounded half to even, as PostgreSQL's
 * rint() does.
 */
static fq_conv
scan_time(scan *sc, int maxh, int64_t *hours, int *minutes, int *seconds,
		  int64_t *usecs)
{
	int64_t v;

	*minutes = 0;
	*seconds = 0;
	*usecs = 0;
	if (sc_uint(sc, maxh, hours) == 0)
		return FQ_CONV_SYNTAX;
	if (is_digit(sc_peek(sc)))
		return FQ_CONV_RANGE; /* more hour digits than any range allows */
	if (sc_peek(sc) != ':')
		return FQ_CONV_SYNTAX;
	sc->p++;
	sc_uint(sc, 2, &v);
	if (is_digit(sc_peek(sc)))
		return FQ_CONV_SYNTAX;
	*minutes = (int) v;
	if (sc_peek(sc) == ':')
	{
		sc->p++;
		sc_uint(sc, 2, &v);
		if (is_digit(sc_peek(sc)))
			return FQ_CONV_SYNTAX;
		*seconds = (int) v;
		if (sc_peek(sc) == '.')
		{
			sc->p++;
			*usecs = (int64_t) rint(sc_fraction(sc) * (double) FQ_USECS_PER_SEC);
		}
	}
	if (*minutes > 59 || *seconds > 60)
		return FQ_CONV_RANGE;
	return FQ_CONV_OK;
}

/* "+HH", "+HHMM", "+HH:MM", "+HH:MM:SS" (or '-'); without colons, three
 * or more digits are hours and two digits of minutes, as in PostgreSQL. */
static fq_conv
scan_zone_offset(scan *sc, int32_t *zone)
{
	bool negative = sc_peek(sc) == '-';
	int64_t h = 0;
	int64_t m = 0;
	int64_t s = 0;
	int64_t v;
	int nd;

	sc->p++;
	nd = sc_uint(sc, 9, &v);
	if (nd == 0)
		return FQ_CONV_SYNTAX;
	if (is_digit(sc_peek(sc)))
		return FQ_CONV_RANGE;
	if (nd <= 2)
	{
		h = v;
		if (sc_peek(sc) == ':')
		{
			sc->p++;
			if (sc_uint(sc, 2, &m) != 2)
				return FQ_CONV_SYNTAX;
			if (sc_peek(sc) == ':')
			{
				sc->p++;
				if (sc_uint(sc, 2, &s) != 2)
					return FQ_CONV_SYNTAX;
			}
			if (is_digit(sc_peek(sc)))
				return FQ_CONV_SYNTAX;
		}
	}
	else
	{
		h = v / 100;
		m = v % 100;
	}
	if (h > MAX_TZ_HOURS || m > 59 || s > 59)
		return FQ_CONV_RANGE;
	*zone = (int32_t) ((h * 3600 + m * 60 + s) * (negative ? -1 : 1));
	return FQ_CONV_OK;
}

/*
 * Reads "[date][ |T][time][ zone][ BC|AD]" in the ISO forms PostgreSQL
 * prints and the common input forms.  The caller decides which parts its
 * type needs.
 */
static fq_conv
scan_datetime(const char *s, size_t n, dt_fields *f)
{
	scan sc;
	fq_conv rc;

	memset(f, 0, sizeof(*f));
	trim(&s, &n);
	if (equal_ci(s, n, "infinity"))
	{
		f->special = DT_POS_INF;
		return FQ_CONV_OK;
	}
	if (equal_ci(s, n, "-infinity"))
	{
		f->special = DT_NEG_INF;
		return FQ_CONV_OK;
	}
	if (equal_ci(s, n, "epoch"))
	{
		f->special = DT_EPOCH;
		return FQ_CONV_OK;
	}
	sc.p = s;
	sc.end = s + n;

	/*
	 * A date starts with digits and a '-' ('/' and '.' are accepted too,
	 * as PostgreSQL does); a time with digits and ':'.
	 */
	{
		const char *q = sc.p;
		char sep;

		while (q < sc.end && is_digit(*q))
			q++;
		sep = q < sc.end ? *q : '\0';
		if (q > sc.p && (sep == '-' || sep == '/' || sep == '.'))
		{
			int64_t v;
			int nd = sc_uint(&sc, 10, &v);

			/* Shorter years are the other DateStyle orders, not ISO. */
			if (nd < 3)
				return FQ_CONV_SYNTAX;
			if (is_digit(sc_peek(&sc)))
				return FQ_CONV_RANGE; /* a year of more than 10 digits */
			f->year = v;
			sc.p++; /* the separator */
			if (sc_uint(&sc, 2, &v) == 0 || is_digit(sc_peek(&sc)))
				return FQ_CONV_SYNTAX;
			f->month = (int) v;
			if (sc_peek(&sc) != sep)
				return FQ_CONV_SYNTAX;
			sc.p++;
			if (sc_uint(&sc, 2, &v) == 0 || is_digit(sc_peek(&sc)))
				return FQ_CONV_SYNTAX;
			f->day = (int) v;
			f->has_date = true;
		}
	}

	/* The time: after the date past blanks or a 'T', or on its own. */
	{
		scan look = sc;
		bool sep = false;

		if (f->has_date)
		{
			if (sc_peek(&look) == 'T' || sc_peek(&look) == 't')
			{
				look.p++;
				sep = true;
				if (!is_digit(sc_peek(&look)))
					return FQ_CONV_SYNTAX;
			}
			else
				sep = sc_skip_blanks(&look);
		}
		if ((!f->has_date || sep) && is_digit(sc_peek(&look)))
		{
			int64_t h;
			int m;
			int sec;
			int64_t us;

			sc = look;
			rc = scan_time(&sc, 9, &h, &m, &sec, &us);
			if (rc != FQ_CONV_OK)
				return rc;
			if (h > 24)
				return FQ_CONV_RANGE;
			f->tod = ((h * 60 + m) * 60 + sec) * FQ_USECS_PER_SEC + us;
			if (f->tod > FQ_USECS_PER_DAY)
				return FQ_CONV_RANGE;
			f->has_time = true;
		}
	}
	if (!f->has_date && !f->has_time)
		return FQ_CONV_SYNTAX;

	/* Then a zone and an era, each at most once, in either order. */
	for (bool seen_era = false;;)
	{
		bool blanks = sc_skip_blanks(&sc);
		char c = sc_peek(&sc);

		if (sc_done(&sc))
			break;
		if ((c == '+' || c == '-') && !f->has_zone && (blanks || f->has_time))
		{
			rc = scan_zone_offset(&sc, &f->zone);
			if (rc != FQ_CONV_OK)
				return rc;
			f->has_zone = true;
		}
		else if (is_alpha(c))
		{
			const char *w;
			size_t wl;

			/* "Z" may follow the time directly, like an offset. */
			wl = sc_word(&sc, &w);
			if (!f->has_zone &&
				((f->has_time && wl == 1 && lower(w[0]) == 'z') ||
				 equal_ci(w, wl, "utc") || equal_ci(w, wl, "gmt")))
				f->has_zone = true;
			else if (!seen_era && f->has_date && equal_ci(w, wl, "bc"))
				f->bc = seen_era = true;
			else if (!seen_era && f->has_date && equal_ci(w, wl, "ad"))
				seen_era = true;
			else
				return FQ_CONV_SYNTAX;
		}
		else
			return FQ_CONV_SYNTAX;
	}
	return FQ_CONV_OK;
}

/* The astronomical year and day number of a parsed date; RANGE when the
 * date does not exist or is outside the DATE range. */
static fq_conv
dt_date_days(const dt_fields *f, int64_t *days)
{
	int64_t year;

	if (f->year == 0)
		return FQ_CONV_RANGE; /* there is no year 0 AD or BC */
	year = f->bc ? 1 - f->year : f->year;
	if (year < FQ_DATE_MIN_YEAR || year > FQ_DATE_MAX_YEAR ||
		!fq_date_valid((int) year, f->month, f->day))
		return FQ_CONV_RANGE;
	*days = fq_types_days_from_civil(year, f->month, f->day);
	return FQ_CONV_OK;
}

static fq_conv
parse_date(const char *s, size_t n, int32_t *out)
{
	dt_fields f;
	fq_conv rc = scan_datetime(s, n, &f);
	int64_t days;

	if (rc != FQ_CONV_OK)
		return rc;
	switch (f.special)
	{
		case DT_POS_INF:
			*out = FQ_DATE_POS_INFINITY;
			return FQ_CONV_OK;
		case DT_NEG_INF:
			*out = FQ_DATE_NEG_INFINITY;
			return FQ_CONV_OK;
		case DT_EPOCH:
			*out = (int32_t) fq_types_days_from_civil(1970, 1, 1);
			return FQ_CONV_OK;
		case DT_NONE:
			break;
	}
	/* A time and a zone after the date are read and ignored, as
	 * PostgreSQL's date_in does ('2024-01-01 10:00+02' is 2024-01-01). */
	if (!f.has_date)
		return FQ_CONV_SYNTAX;
	rc = dt_date_days(&f, &days);
	if (rc != FQ_CONV_OK)
		return rc;
	*out = (int32_t) days;
	return FQ_CONV_OK;
}

static fq_conv
parse_time(const char *s, size_t n, int precision, int64_t *out)
{
	dt_fields f;
	fq_conv rc = scan_datetime(s, n, &f);
	int64_t v;

	if (rc != FQ_CONV_OK)
		return rc;
	/* A date before the time is allowed and ignored, as is a zone. */
	if (f.special != DT_NONE || !f.has_time)
		return FQ_CONV_SYNTAX;
	if (f.has_date)
	{
		int64_t days;

		rc = dt_date_days(&f, &days);
		if (rc != FQ_CONV_OK)
			return rc;
	}
	v = round_usecs(f.tod, precision);
	if (v > FQ_USECS_PER_DAY)
		return FQ_CONV_RANGE;
	*out = v;
	return FQ_CONV_OK;
}

static fq_conv
parse_timestamp(const char *s, size_t n, int precision, bool with_zone,
				int64_t *out)
{
	dt_fields f;
	fq_conv rc = scan_datetime(s, n, &f);
	int64_t days;
	int64_t v;

	if (rc != FQ_CONV_OK)
		return rc;
	switch (f.special)
	{
		case DT_POS_INF:
			*out = FQ_TIMESTAMP_POS_INFINITY;
			return FQ_CONV_OK;
		case DT_NEG_INF:
			*out = FQ_TIMESTAMP_NEG_INFINITY;
			return FQ_CONV_OK;
		case DT_EPOCH:
			*out = fq_types_days_from_civil(1970, 1, 1) * FQ_USECS_PER_DAY;
			return FQ_CONV_OK;
		case DT_NONE:
			break;
	}
	if (!f.has_date)
		return FQ_CONV_SYNTAX;
	rc = dt_date_days(&f, &days);
	if (rc != FQ_CONV_OK)
		return rc;
	/* Timestamps end long before dates do; check before multiplying. */
	if (days >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY + 1)
		return FQ_CONV_RANGE;
	v = days * FQ_USECS_PER_DAY + f.tod;
	/* PostgreSQL's timestamp (without zone) ignores a zone it is given. */
	if (with_zone && f.has_zone)
		v -= (int64_t) f.zone * FQ_USECS_PER_SEC;
	v = round_usecs(v, precision);
	if (v < FQ_TIMESTAMP_MIN_USECS || v >= FQ_TIMESTAMP_END_USECS)
		return FQ_CONV_RANGE;
	*out = v;
	return FQ_CONV_OK;
}

/* Appends ".ffffff" without trailing zeros when usec is not 0. */
static size_t
put_fraction(char *buf, int usec)
{
	size_t len;

	if (usec == 0)
		return 0;
	len = (size_t) sprintf(buf, ".%06d", usec);
	while (buf[len - 1] == '0')
		len--;
	buf[len] = '\0';
	return len;
}

static size_t
format_date(int32_t days, char *buf)
{
	int y;
	int m;
	int d;

	if (days == FQ_DATE_POS_INFINITY)
		return (size_t) sprintf(buf, "infinity");
	if (days == FQ_DATE_NEG_INFINITY)
		return (size_t) sprintf(buf, "-infinity");
	fq_date_to_ymd(days, &y, &m, &d);
	if (y <= 0)
		return (size_t) sprintf(buf, "%04d-%02d-%02d BC", 1 - y, m, d);
	return (size_t) sprintf(buf, "%04d-%02d-%02d", y, m, d);
}

static size_t
format_time(int64_t usecs, char *buf)
{
	fq_timestamp_parts p;
	size_t len;

	fq_time_split(usecs, &p);
	len = (size_t) sprintf(buf, "%02d:%02d:%02d", p.hour, p.minute, p.second);
	return len + put_fraction(buf + len, p.usec);
}

static size_t
format_timestamp(int64_t usecs, bool with_zone, char *buf)
{
	fq_timestamp_parts p;
	size_t len;
	bool bc;

	if (usecs == FQ_TIMESTAMP_POS_INFINITY)
		return (size_t) sprintf(buf, "infinity");
	if (usecs == FQ_TIMESTAMP_NEG_INFINITY)
		return (size_t) sprintf(buf, "-infinity");
	fq_timestamp_split(usecs, &p);
	bc = p.year <= 0;
	len = (size_t) sprintf(buf, "%04d-%02d-%02d %02d:%02d:%02d",
						   bc ? 1 - p.year : p.year, p.month, p.day,
						   p.hour, p.minute, p.second);
	len += put_fraction(buf + len, p.usec);
	if (with_zone)
	{
		memcpy(buf + len, "+00", 4);
		len += 3;
	}
	if (bc)
	{
		memcpy(buf + len, " BC", 4);
		len += 3;
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* INTERVAL                                                            */
/* ------------------------------------------------------------------ */

/* Sums kept wide while parsing; checked against the fields at the end. */
typedef struct iv_acc
{
	int64_t months;
	int64_t days;
	int64_t usecs;
	bool overflow;
} iv_acc;

static void
acc_add(int64_t *sum, int64_t add, bool *overflow)
{
	if (__builtin_add_overflow(*sum, add, sum))
		*overflow = true;
}

static int64_t
mul_or_flag(int64_t a, int64_t b, bool *overflow)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r))
	{
		*overflow = true;
		return 0;
	}
	return r;
}

/*
 * A fraction of a unit as microseconds, rounded to nearest with exact
 * halves toward zero: that is how PostgreSQL spreads "1.5 ms".
 */
static void
acc_frac_usecs(iv_acc *acc, double frac, double unit_usecs)
{
	double v = frac * unit_usecs;
	double whole = trunc(v);

	if (!(fabs(v) < 9.2e18))
	{
		acc->overflow = true;
		return;
	}
	if (v - whole > 0.5)
		whole += 1;
	else if (v - whole < -0.5)
		whole -= 1;
	acc_add(&acc->usecs, (int64_t) whole, &acc->overflow);
}

/* Fractional days spill into time, as PostgreSQL does. */
static void
acc_frac_days(iv_acc *acc, double frac, int per_unit)
{
	double d = frac * per_unit;
	double whole = trunc(d);

	if (!(fabs(whole) < 9.2e18))
	{
		acc->overflow = true;
		return;
	}
	acc_add(&acc->days, (int64_t) whole, &acc->overflow);
	acc_frac_usecs(acc, d - whole, (double) FQ_USECS_PER_DAY);
}

typedef enum iv_unit_kind
{
	IU_MONTHS,
	IU_DAYS,
	IU_USECS
} iv_unit_kind;

/*
 * Which fields a text has set: PostgreSQL rejects a field given twice
 * ("1 day 2 days", "1 hour 01:00").  Weeks and days may be combined.
 */
enum
{
	IB_MILLENNIUM = 1 << 0,
	IB_CENTURY = 1 << 1,
	IB_DECADE = 1 << 2,
	IB_YEAR = 1 << 3,
	IB_MONTH = 1 << 4,
	IB_WEEK = 1 << 5,
	IB_DAY = 1 << 6,
	IB_HOUR = 1 << 7,
	IB_MINUTE = 1 << 8,
	IB_SECOND = 1 << 9,
	IB_MILLISECOND = 1 << 10,
	IB_MICROSECOND = 1 << 11
};

typedef struct iv_unit
{
	const char *name;
	iv_unit_kind kind;
	int64_t factor;
	unsigned bit;
} iv_unit;

static const iv_unit iv_units[] = {
	{"millennium", IU_MONTHS, 12000, IB_MILLENNIUM},
	{"millennia", IU_MONTHS, 12000, IB_MILLENNIUM},
	{"millenniums", IU_MONTHS, 12000, IB_MILLENNIUM},
	{"mil", IU_MONTHS, 12000, IB_MILLENNIUM},
	{"mils", IU_MONTHS, 12000, IB_MILLENNIUM},
	{"century", IU_MONTHS, 1200, IB_CENTURY},
	{"centuries", IU_MONTHS, 1200, IB_CENTURY},
	{"cent", IU_MONTHS, 1200, IB_CENTURY},
	{"c", IU_MONTHS, 1200, IB_CENTURY},
	{"decade", IU_MONTHS, 120, IB_DECADE},
	{"decades", IU_MONTHS, 120, IB_DECADE},
	{"dec", IU_MONTHS, 120, IB_DECADE},
	{"decs", IU_MONTHS, 120, IB_DECADE},
	{"year", IU_MONTHS, 12, IB_YEAR},
	{"years", IU_MONTHS, 12, IB_YEAR},
	{"yr", IU_MONTHS, 12, IB_YEAR},
	{"yrs", IU_MONTHS, 12, IB_YEAR},
	{"y", IU_MONTHS, 12, IB_YEAR},
	{"month", IU_MONTHS, 1, IB_MONTH},
	{"months", IU_MONTHS, 1, IB_MONTH},
	{"mon", IU_MONTHS, 1, IB_MONTH},
	{"mons", IU_MONTHS, 1, IB_MONTH},
	{"week", IU_DAYS, 7, IB_WEEK},
	{"weeks", IU_DAYS, 7, IB_WEEK},
	{"w", IU_DAYS, 7, IB_WEEK},
	{"day", IU_DAYS, 1, IB_DAY},
	{"days", IU_DAYS, 1, IB_DAY},
	{"d", IU_DAYS, 1, IB_DAY},
	{"hour", IU_USECS, 3600 * FQ_USECS_PER_SEC, IB_HOUR},
	{"hours", IU_USECS, 3600 * FQ_USECS_PER_SEC, IB_HOUR},
	{"hr", IU_USECS, 3600 * FQ_USECS_PER_SEC, IB_HOUR},
	{"hrs", IU_USECS, 3600 * FQ_USECS_PER_SEC, IB_HOUR},
	{"h", IU_USECS, 3600 * FQ_USECS_PER_SEC, IB_HOUR},
	{"minute", IU_USECS, 60 * FQ_USECS_PER_SEC, IB_MINUTE},
	{"minutes", IU_USECS, 60 * FQ_USECS_PER_SEC, IB_MINUTE},
	{"min", IU_USECS, 60 * FQ_USECS_PER_SEC, IB_MINUTE},
	{"mins", IU_USECS, 60 * FQ_USECS_PER_SEC, IB_MINUTE},
	{"m", IU_USECS, 60 * FQ_USECS_PER_SEC, IB_MINUTE}, /* "m" alone is minutes */
	{"second", IU_USECS, FQ_USECS_PER_SEC, IB_SECOND},
	{"seconds", IU_USECS, FQ_USECS_PER_SEC, IB_SECOND},
	{"sec", IU_USECS, FQ_USECS_PER_SEC, IB_SECOND},
	{"secs", IU_USECS, FQ_USECS_PER_SEC, IB_SECOND},
	{"s", IU_USECS, FQ_USECS_PER_SEC, IB_SECOND},
	{"millisecond", IU_USECS, 1000, IB_MILLISECOND},
	{"milliseconds", IU_USECS, 1000, IB_MILLISECOND},
	{"ms", IU_USECS, 1000, IB_MILLISECOND},
	{"msec", IU_USECS, 1000, IB_MILLISECOND},
	{"msecs", IU_USECS, 1000, IB_MILLISECOND},
	{"microsecond", IU_USECS, 1, IB_MICROSECOND},
	{"microseconds", IU_USECS, 1, IB_MICROSECOND},
	{"us", IU_USECS, 1, IB_MICROSECOND},
	{"usec", IU_USECS, 1, IB_MICROSECOND},
	{"usecs", IU_USECS, 1, IB_MICROSECOND},
};

static const iv_unit *
find_iv_unit(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(iv_units) / sizeof(iv_units[0]); i++)
	{
		if (equal_ci(w, n, iv_units[i].name))
			return &iv_units[i];
	}
	return NULL;
}

/* A signed number "[+-]digits[.digits]" split into whole and fraction. */
typedef struct iv_number
{
	bool negative;
	int64_t whole;
	double frac; /* 0 <= frac < 1 */
	bool has_point;
} iv_number;

static fq_conv
scan_iv_number(scan *sc, iv_number *num)
{
	bool any = false;
	bool overflow = false;

	num->negative = false;
	num->whole = 0;
	num->frac = 0;
	num->has_point = false;
	if (sc_peek(sc) == '+' || sc_peek(sc) == '-')
	{
		num->negative = sc_peek(sc) == '-';
		sc->p++;
	}
	while (!sc_done(sc) && is_digit(*sc->p))
	{
		if (__builtin_mul_overflow(num->whole, 10, &num->whole) ||
			__builtin_add_overflow(num->whole, *sc->p - '0', &num->whole))
			overflow = true;
		sc->p++;
		any = true;
	}
	if (sc_peek(sc) == '.')
	{
		sc->p++;
		num->has_point = true;
		if (is_digit(sc_peek(sc)))
			any = true;
		num->frac = sc_fraction(sc);
	}
	if (!any)
		return FQ_CONV_SYNTAX;
	return overflow ? FQ_CONV_RANGE : FQ_CONV_OK;
}

/* Adds num units of `u`, spreading fractions to the smaller fields. */
static void
iv_apply(iv_acc *acc, const iv_number *num, const iv_unit *u)
{
	int64_t sign = num->negative ? -1 : 1;
	double frac = num->negative ? -num->frac : num->frac;
	int64_t whole = num->whole * sign;

	switch (u->kind)
	{
		case IU_MONTHS:
			acc_add(&acc->months, mul_or_flag(whole, u->factor, &acc->overflow),
					&acc->overflow);
			if (frac != 0)
			{
				if (u->factor >= 12)
				{
					/* Fractions of years become whole months. */
					acc_add(&acc->months, (int64_t) rint(frac * (double) u->factor),
							&acc->overflow);
				}
				else
					acc_frac_days(acc, frac, 30);
			}
			break;
		case IU_DAYS:
			acc_add(&acc->days, mul_or_flag(whole, u->factor, &acc->overflow),
					&acc->overflow);
			if (frac != 0)
				acc_frac_days(acc, frac * (double) u->factor, 1);
			break;
		case IU_USECS:
			acc_add(&acc->usecs, mul_or_flag(whole, u->factor, &acc->overflow),
					&acc->overflow);
			if (frac != 0)
				acc_frac_usecs(acc, frac, (double) u->factor);
			break;
	}
}

/* "[+-]H:M[:S[.f]]" inside an interval; hours may be many digits. */
static fq_conv
scan_iv_time(scan *sc, iv_acc *acc)
{
	bool negative = false;
	int64_t h;
	int m;
	int s;
	int64_t us;
	int64_t v;
	fq_conv rc;

	if (sc_peek(sc) == '+' || sc_peek(sc) == '-')
	{
		negative = sc_peek(sc) == '-';
		sc->p++;
	}
	rc = scan_time(sc, 18, &h, &m, &s, &us);
	if (rc != FQ_CONV_OK)
		return rc;
	v = mul_or_flag(h, USECS_PER_HOUR, &acc->overflow);
	acc_add(&v, (m * 60 + s) * FQ_USECS_PER_SEC + us, &acc->overflow);
	acc_add(&acc->usecs, negative ? -v : v, &acc->overflow);
	return FQ_CONV_OK;
}

/* Does a time field "[+-]digits:" start here? */
static bool
at_iv_time(const scan *sc)
{
	size_t i = 0;

	if (sc_peek(sc) == '+' || sc_peek(sc) == '-')
		i++;
	if (!is_digit(sc_peek_at(sc, i)))
		return false;
	while (is_digit(sc_peek_at(sc, i)))
		i++;
	return sc_peek_at(sc, i) == ':';
}

/* ISO 8601 durations: P[nY][nM][nW][nD][T[nH][nM][nS]]; "PT" is zero. */
static fq_conv
parse_iv_iso(scan *sc, iv_acc *acc)
{
	bool in_time = false;

	sc->p++; /* 'P' */
	if (sc_done(sc))
		return FQ_CONV_SYNTAX;
	while (!sc_done(sc))
	{
		iv_number num;
		const iv_unit *u;
		char c;
		fq_conv rc;

		if (sc_peek(sc) == 'T' && !in_time)
		{
			sc->p++;
			in_time = true;
			continue;
		}
		rc = scan_iv_number(sc, &num);
		if (rc != FQ_CONV_OK)
			return rc;
		if (sc_done(sc))
			return FQ_CONV_SYNTAX;
		c = *sc->p++;
		if (!in_time && c == 'Y')
			u = find_iv_unit("year", 4);
		else if (!in_time && c == 'M')
			u = find_iv_unit("month", 5);
		else if (!in_time && c == 'W')
			u = find_iv_unit("week", 4);
		else if (!in_time && c == 'D')
			u = find_iv_unit("day", 3);
		else if (in_time && c == 'H')
			u = find_iv_unit("hour", 4);
		else if (in_time && c == 'M')
			u = find_iv_unit("minute", 6);
		else if (in_time && c == 'S')
			u = find_iv_unit("second", 6);
		else
			return FQ_CONV_SYNTAX;
		iv_apply(acc, &num, u);
	}
	return FQ_CONV_OK;
}

/* Claims a field for the duplicate check; false when already set. */
static bool
iv_claim(unsigned *mask, unsigned bits)
{
	if ((*mask & bits) != 0)
		return false;
	*mask |= bits;
	return true;
}

static fq_conv
iv_field(iv_acc *acc, unsigned *mask, const iv_number *num, const iv_unit *u)
{
	unsigned bits = u->bit;

	/* Fractional seconds also fill the millisecond and microsecond fields. */
	if (u->bit == IB_SECOND && num->frac != 0)
		bits |= IB_MILLISECOND | IB_MICROSECOND;
	if (!iv_claim(mask, bits))
		return FQ_CONV_SYNTAX;
	iv_apply(acc, num, u);
	return FQ_CONV_OK;
}

/*
 * PostgreSQL's own interval syntax: "[@] quantity unit [quantity unit...]
 * [hh:mm[:ss[.f]]] [ago]".  A number without a unit is days when a time
 * follows it and seconds at the end; "y-m" is years and months.
 */
static fq_conv
parse_iv_postgres(scan *sc, iv_acc *acc, bool *ago)
{
	unsigned mask = 0;

	if (sc_peek(sc) == '@')
	{
		sc->p++;
		sc_skip_blanks(sc);
	}
	while (!sc_done(sc))
	{
		iv_number num;
		fq_conv rc = FQ_CONV_OK;
		const char *w;
		size_t wl;

		if (is_alpha(sc_peek(sc)))
		{
			wl = sc_word(sc, &w);
			if (!equal_ci(w, wl, "ago") || mask == 0)
				return FQ_CONV_SYNTAX;
			*ago = true;
		}
		else if (*ago)
			return FQ_CONV_SYNTAX; /* "ago" comes last */
		else if (at_iv_time(sc))
		{
			if (!iv_claim(&mask, IB_HOUR | IB_MINUTE | IB_SECOND))
				return FQ_CONV_SYNTAX;
			rc = scan_iv_time(sc, acc);
		}
		else
		{
			rc = scan_iv_number(sc, &num);
			if (rc != FQ_CONV_OK)
				return rc;
			if (sc_peek(sc) == '-' && !num.has_point && is_digit(sc_peek_at(sc, 1)))
			{
				/* SQL-standard "years-months" */
				iv_number mons;

				sc->p++;
				rc = scan_iv_number(sc, &mons);
				if (rc != FQ_CONV_OK)
					return rc;
				if (mons.has_point || !iv_claim(&mask, IB_YEAR | IB_MONTH))
					return FQ_CONV_SYNTAX;
				if (mons.whole > 11)
					return FQ_CONV_RANGE;
				mons.negative = num.negative;
				iv_apply(acc, &num, find_iv_unit("year", 4));
				iv_apply(acc, &mons, find_iv_unit("month", 5));
			}
			else
			{
				scan after = *sc;
				const iv_unit *u = NULL;

				sc_skip_blanks(&after);
				if (is_alpha(sc_peek(&after)))
				{
					scan word = after;

					wl = sc_word(&word, &w);
					u = find_iv_unit(w, wl);
					if (u != NULL)
						*sc = word;
				}
				if (u == NULL)
				{
					/* A bare number: days before a time, seconds at the end. */
					if (at_iv_time(&after))
						u = find_iv_unit("day", 3);
					else if (sc_done(&after))
						u = find_iv_unit("second", 6);
					else
						return FQ_CONV_SYNTAX;
				}
				rc = iv_field(acc, &mask, &num, u);
			}
		}
		if (rc != FQ_CONV_OK)
			return rc;
		/* Fields are separated by blanks. */
		if (!sc_done(sc) && !sc_skip_blanks(sc))
			return FQ_CONV_SYNTAX;
	}
	return mask != 0 ? FQ_CONV_OK : FQ_CONV_SYNTAX;
}

static fq_conv
parse_interval(const char *s, size_t n, fq_interval *out)
{
	iv_acc acc = {0, 0, 0, false};
	bool ago = false;
	scan sc;
	fq_conv rc;

	trim(&s, &n);
	sc.p = s;
	sc.end = s + n;
	if (sc_peek(&sc) == 'P')
		rc = parse_iv_iso(&sc, &acc);
	else
		rc = parse_iv_postgres(&sc, &acc, &ago);
	if (rc != FQ_CONV_OK)
		return rc;
	if (acc.overflow)
		return FQ_CONV_RANGE;
	if (ago)
	{
		acc.months = -acc.months;
		acc.days = -acc.days;
		if (acc.usecs == INT64_MIN)
			return FQ_CONV_RANGE;
		acc.usecs = -acc.usecs;
	}
	if (acc.months < INT32_MIN || acc.months > INT32_MAX ||
		acc.days < INT32_MIN || acc.days > INT32_MAX)
		return FQ_CONV_RANGE;
	out->months = (int32_t) acc.months;
	out->days = (int32_t) acc.days;
	out->usecs = acc.usecs;
	return FQ_CONV_OK;
}

/*
 * IntervalStyle=postgres: "1 year 2 mons 3 days 04:05:06".  A positive
 * field right after a negative one gets an explicit '+', so that
 * "-1 days +02:00:00" reads back as it was.
 */
static size_t
put_iv_part(char *buf, int64_t v, const char *unit, bool *first,
			bool *prev_negative)
{
	size_t len;

	if (v == 0)
		return 0;
	len = (size_t) sprintf(buf, "%s%s%lld %s%s", *first ? "" : " ",
						   (*prev_negative && v > 0) ? "+" : "", (long long) v,
						   unit, v != 1 ? "s" : "");
	*prev_negative = v < 0;
	*first = false;
	return len;
}

static size_t
format_interval(const fq_interval *iv, char *buf)
{
	bool first = true;
	bool prev_negative = false;
	size_t len = 0;

	buf[0] = '\0';
	len += put_iv_part(buf + len, iv->months / 12, "year", &first, &prev_negative);
	len += put_iv_part(buf + len, iv->months % 12, "mon", &first, &prev_negative);
	len += put_iv_part(buf + len, iv->days, "day", &first, &prev_negative);
	if (first || iv->usecs != 0)
	{
		bool negative = iv->usecs < 0;
		uint64_t mag = negative ? (uint64_t) 0 - (uint64_t) iv->usecs
			: (uint64_t) iv->usecs;
		uint64_t hours = mag / (uint64_t) USECS_PER_HOUR;
		uint64_t rest = mag % (uint64_t) USECS_PER_HOUR;

		len += (size_t) sprintf(buf + len, "%s%s%02llu:%02d:%02d",
								first ? "" : " ",
								negative ? "-" : (prev_negative ? "+" : ""),
								(unsigned long long) hours,
								(int) (rest / (uint64_t) USECS_PER_MINUTE),
								(int) (rest % (uint64_t) USECS_PER_MINUTE /
									   (uint64_t) FQ_USECS_PER_SEC));
		len += put_fraction(buf + len, (int) (rest % (uint64_t) FQ_USECS_PER_SEC));
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* UUID, BYTEA, strings                                                */
/* ------------------------------------------------------------------ */

/* 32 hex digits, a '-' allowed after any group of four, optional {}. */
static fq_conv
parse_uuid(const char *s, size_t n, fq_uuid *out)
{
	const char *end;
	bool brace = false;
	int nd = 0;

	trim(&s, &n);
	end = s + n;
	if (s < end && *s == '{')
	{
		brace = true;
		s++;
	}
	while (nd < 32)
	{
		int hi;
		int lo;

		if (end - s < 2)
			return FQ_CONV_SYNTAX;
		hi = fq_hex_digit(s[0]);
		lo = fq_hex_digit(s[1]);
		if (hi < 0 || lo < 0)
			return FQ_CONV_SYNTAX;
		out->bytes[nd / 2] = (uint8_t) (hi << 4 | lo);
		nd += 2;
		s += 2;
		if (nd % 4 == 0 && nd < 32 && s < end && *s == '-')
			s++;
	}
	if (brace)
	{
		if (s == end || *s != '}')
			return FQ_CONV_SYNTAX;
		s++;
	}
	return s == end ? FQ_CONV_OK : FQ_CONV_SYNTAX;
}

static size_t
format_uuid(const fq_uuid *u, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0;

	for (int i = 0; i < 16; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[len++] = '-';
		buf[len++] = hex[u->bytes[i] >> 4];
		buf[len++] = hex[u->bytes[i] & 0xf];
	}
	buf[len] = '\0';
	return len;
}

static fq_conv
store_bytes(const char *bytes, size_t n, fq_string *out, fq_arena *a)
{
	char *copy;

	if (n > UINT32_MAX)
		return FQ_CONV_RANGE;
	copy = fq_arena_alloc(a, n ? n : 1);
	if (copy == NULL)
		return FQ_CONV_NOMEM;
	if (n > 0)
		memcpy(copy, bytes, n);
	out->ptr = copy;
	out->len = (uint32_t) n;
	return FQ_CONV_OK;
}

/* Hex ("\x0aff", blanks allowed between bytes) or escape format. */
static fq_conv
parse_bytea(const char *s, size_t n, fq_string *out, fq_arena *a)
{
	char *buf;
	size_t len = 0;

	if (n > UINT32_MAX)
		return FQ_CONV_RANGE;
	buf = fq_arena_alloc(a, n ? n : 1);
	if (buf == NULL)
		return FQ_CONV_NOMEM;
	if (n >= 2 && s[0] == '\\' && s[1] == 'x')
	{
		for (size_t i = 2; i < n;)
		{
			int hi;
			int lo;

			if (is_blank(s[i]))
			{
				i++;
				continue;
			}
			if (i + 1 >= n)
				return FQ_CONV_SYNTAX;
			hi = fq_hex_digit(s[i]);
			lo = fq_hex_digit(s[i + 1]);
			if (hi < 0 || lo < 0)
				return FQ_CONV_SYNTAX;
			buf[len++] = (char) (hi << 4 | lo);
			i += 2;
		}
	}
	else
	{
		for (size_t i = 0; i < n;)
		{
			if (s[i] != '\\')
				buf[len++] = s[i++];
			else if (i + 1 < n && s[i + 1] == '\\')
			{
				buf[len++] = '\\';
				i += 2;
			}
			else if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' &&
					 s[i + 2] >= '0' && s[i + 2] <= '7' &&
					 s[i + 3] >= '0' && s[i + 3] <= '7')
			{
				buf[len++] = (char) ((s[i + 1] - '0') << 6 |
									 (s[i + 2] - '0') << 3 | (s[i + 3] - '0'));
				i += 4;
			}
			else
				return FQ_CONV_SYNTAX;
		}
	}
	out->ptr = buf;
	out->len = (uint32_t) len;
	return FQ_CONV_OK;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

/*
 * Allocation failure (strings, BYTEA, a very long float text) is reported
 * as FQ_CONV_NOMEM; fq_arena_failure(a) tells whether the query's memory
 * limit or the machine ran out.
 */
fq_conv
fq_parse_text(const char *s, size_t n, const fq_type *t, void *slot,
			  fq_arena *a)
{
	fq_conv rc;

	switch (t->id)
	{
		case FQ_T_BOOL:
		{
			uint8_t v;

			rc = parse_bool(s, n, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
		{
			int64_t v;

			if (t->id == FQ_T_INT2)
				rc = parse_int(s, n, INT16_MIN, INT16_MAX, &v);
			else if (t->id == FQ_T_INT4)
				rc = parse_int(s, n, INT32_MIN, INT32_MAX, &v);
			else
				rc = parse_int(s, n, INT64_MIN, INT64_MAX, &v);
			if (rc != FQ_CONV_OK)
				return rc;
			if (t->id == FQ_T_INT2)
			{
				int16_t w = (int16_t) v;

				memcpy(slot, &w, sizeof(w));
			}
			else if (t->id == FQ_T_INT4)
			{
				int32_t w = (int32_t) v;

				memcpy(slot, &w, sizeof(w));
			}
			else
				memcpy(slot, &v, sizeof(v));
			return FQ_CONV_OK;
		}
		case FQ_T_DECIMAL:
		{
			fq_numeric v;

			rc = fq_num_parse(s, n, a, &v);
			if (rc == FQ_CONV_OK)
				rc = fq_num_typmod(&v, t->precision, t->scale, a, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_FLOAT4:
		{
			float f = 0;

			rc = parse_float(s, n, true, NULL, &f);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &f, sizeof(f));
			return rc;
		}
		case FQ_T_FLOAT8:
		{
			double d = 0;

			rc = parse_float(s, n, false, &d, NULL);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &d, sizeof(d));
			return rc;
		}
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
		{
			fq_string str;

			rc = store_bytes(s, n, &str, a);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &str, sizeof(str));
			return rc;
		}
		case FQ_T_BYTEA:
		{
			fq_string str;

			rc = parse_bytea(s, n, &str, a);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &str, sizeof(str));
			return rc;
		}
		case FQ_T_DATE:
		{
			int32_t v;

			rc = parse_date(s, n, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_TIME:
		{
			int64_t v;

			rc = parse_time(s, n, t->precision, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		{
			int64_t v;

			rc = parse_timestamp(s, n, t->precision, t->id == FQ_T_TIMESTAMPTZ, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_INTERVAL:
		{
			fq_interval v;

			rc = parse_interval(s, n, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T_UUID:
		{
			fq_uuid v;

			rc = parse_uuid(s, n, &v);
			if (rc == FQ_CONV_OK)
				memcpy(slot, &v, sizeof(v));
			return rc;
		}
		case FQ_T__COUNT:
			break;
	}
	return FQ_CONV_SYNTAX; /* an unrecognised type has no text form */
}

/*
 * Text of a value of a fixed-width type into buf (FIXED_TEXT_MAX bytes),
 * NUL-terminated; returns the length.  Slots are read with memcpy, so
 * they need no particular alignment.
 */
static size_t
format_fixed(const void *slot, const fq_type *t, bool bool_digits, char *buf)
{
	switch (t->id)
	{
		case FQ_T_BOOL:
		{
			uint8_t v;

			memcpy(&v, slot, sizeof(v));
			buf[0] = bool_digits ? (v ? '1' : '0') : (v ? 't' : 'f');
			buf[1] = '\0';
			return 1;
		}
		case FQ_T_INT2:
		{
			int16_t v;

			memcpy(&v, slot, sizeof(v));
			return (size_t) sprintf(buf, "%d", (int) v);
		}
		case FQ_T_INT4:
		{
			int32_t v;

			memcpy(&v, slot, sizeof(v));
			return (size_t) sprintf(buf, "%d", (int) v);
		}
		case FQ_T_INT8:
		{
			int64_t v;

			memcpy(&v, slot, sizeof(v));
			return (size_t) sprintf(buf, "%lld", (long long) v);
		}
		case FQ_T_DECIMAL:
		{
			/* Callers format DECIMAL themselves (its text has no bound);
			 * this serves small values only. */
			fq_numeric v;
			size_t len;

			memcpy(&v, slot, sizeof(v));
			len = fq_num_format(&v, buf, FIXED_TEXT_MAX);
			if (len >= FIXED_TEXT_MAX)
				len = 0;
			buf[len] = '\0';
			return len;
		}
		case FQ_T_FLOAT4:
		{
			float f;

			memcpy(&f, slot, sizeof(f));
			return format_float(f, true, buf);
		}
		case FQ_T_FLOAT8:
		{
			double d;

			memcpy(&d, slot, sizeof(d));
			return format_float(d, false, buf);
		}
		case FQ_T_DATE:
		{
			int32_t v;

			memcpy(&v, slot, sizeof(v));
			return format_date(v, buf);
		}
		case FQ_T_TIME:
		{
			int64_t v;

			memcpy(&v, slot, sizeof(v));
			return format_time(v, buf);
		}
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		{
			int64_t v;

			memcpy(&v, slot, sizeof(v));
			return format_timestamp(v, t->id == FQ_T_TIMESTAMPTZ, buf);
		}
		case FQ_T_INTERVAL:
		{
			fq_interval v;

			memcpy(&v, slot, sizeof(v));
			return format_interval(&v, buf);
		}
		case FQ_T_UUID:
		{
			fq_uuid v;

			memcpy(&v, slot, sizeof(v));
			return format_uuid(&v, buf);
		}
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
		case FQ_T_BYTEA:
		case FQ_T__COUNT:
			break;
	}
	buf[0] = '\0'; /* variable-width and unrecognised types: not here */
	return 0;
}

static bool
is_text_type(fq_type_id id)
{
	return id == FQ_T_CHAR || id == FQ_T_VARCHAR || id == FQ_T_UNKNOWN;
}

/* Writes "\x" and the hex digits of bytes [from, ...) of s into dst,
 * at most room characters; returns how many were written. */
static size_t
put_bytea_hex(const fq_string *s, char *dst, size_t room)
{
	static const char hex[] = "0123456789abcdef";
	size_t w = 0;

	if (w < room)
		dst[w++] = '\\';
	if (w < room)
		dst[w++] = 'x';
	for (uint32_t i = 0; i < s->len && w < room; i++)
	{
		uint8_t b = (uint8_t) s->ptr[i];

		dst[w++] = hex[b >> 4];
		if (w < room)
			dst[w++] = hex[b & 0xf];
	}
	return w;
}

void
fq_format_text(const void *slot, const fq_type *t, bool bool_digits,
			   fq_strbuf *out)
{
	if (is_text_type(t->id))
	{
		fq_string s;

		memcpy(&s, slot, sizeof(s));
		fq_strbuf_appendn(out, s.ptr, s.len);
	}
	else if (t->id == FQ_T_DECIMAL)
	{
		fq_numeric x;

		memcpy(&x, slot, sizeof(x));
		fq_num_append(&x, out);
	}
	else if (t->id == FQ_T_BYTEA)
	{
		fq_string s;
		size_t need;

		memcpy(&s, slot, sizeof(s));
		need = 2 + 2 * (size_t) s.len;
		if (!fq_strbuf_reserve(out, need))
			return;
		put_bytea_hex(&s, out->data + out->len, need);
		out->len += need;
		out->data[out->len] = '\0';
	}
	else
	{
		char buf[FIXED_TEXT_MAX];
		size_t len = format_fixed(slot, t, bool_digits, buf);

		fq_strbuf_appendn(out, buf, len);
	}
}

size_t
fq_format_value(const fq_vector *v, uint32_t row, char *buf, size_t cap,
				bool bool_digits)
{
	const char *slot = (const char *) v->data + fq_type_size(&v->type) * row;
	size_t room = cap > 0 ? cap - 1 : 0;
	size_t need;

	if (is_text_type(v->type.id))
	{
		fq_string s;

		memcpy(&s, slot, sizeof(s));
		need = s.len;
		if (cap > 0)
		{
			size_t w = need < room ? need : room;

			if (w > 0)
				memcpy(buf, s.ptr, w);
			buf[w] = '\0';
		}
	}
	else if (v->type.id == FQ_T_DECIMAL)
	{
		fq_numeric x;

		memcpy(&x, slot, sizeof(x));
		need = fq_num_format(&x, NULL, 0);
		if (need < cap)
			fq_num_format(&x, buf, cap);
		else if (cap > 0)
		{
			/* Cut to fit, as for text: the full text on the heap first. */
			char *full = fq_malloc(need + 1);

			if (full != NULL)
				fq_num_format(&x, full, need + 1);
			memcpy(buf, full != NULL ? full : "", full != NULL ? room : 0);
			buf[full != NULL ? room : 0] = '\0';
			free(full);
		}
	}
	else if (v->type.id == FQ_T_BYTEA)
	{
		fq_string s;

		memcpy(&s, slot, sizeof(s));
		need = 2 + 2 * (size_t) s.len;
		if (cap > 0)
			buf[put_bytea_hex(&s, buf, room)] = '\0';
	}
	else
	{
		char tmp[FIXED_TEXT_MAX];

		need = format_fixed(slot, &v->type, bool_digits, tmp);
		if (cap > 0)
		{
			size_t w = need < room ? need : room;

			memcpy(buf, tmp, w);
			buf[w] = '\0';
		}
	}
	return need;
}
