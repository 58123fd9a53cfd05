/*
 * values.c — parsing and formatting values, free of ODBC handles.
 *
 * Decimal text to and from unscaled 128-bit integers, and ISO/ODBC-escape
 * date and time text to parts.  Both directions of conversion use these
 * (results to SQL_C_CHAR/SQL_C_NUMERIC, parameters from text), and they
 * are pure so the driver's unit tests drive them directly.
 */
#include "driver/driver.h"

#include <string.h>

static fq_int128
pow10_128(int n)
{
	fq_int128 r = 1;

	for (int i = 0; i < n; i++)
		r *= 10;
	return r;
}

size_t
drv_dec_format(fq_int128 v, int scale, char *buf)
{
	char digits[48];
	int n = 0;
	size_t len = 0;
	unsigned __int128 mag;

	if (v < 0)
	{
		buf[len++] = '-';
		mag = (unsigned __int128) (-(v + 1)) + 1;
	}
	else
		mag = (unsigned __int128) v;
	do
	{
		digits[n++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag > 0);
	/* At least one digit before the point. */
	while (n <= scale)
		digits[n++] = '0';
	for (int i = n - 1; i >= 0; i--)
	{
		buf[len++] = digits[i];
		if (i == scale && scale > 0)
			buf[len++] = '.';
	}
	buf[len] = '\0';
	return len;
}

int
drv_dec_parse(const char *s, size_t n, int want_scale, fq_int128 *out,
			  int *scale_out)
{
	size_t i = 0;
	bool neg = false;
	char ip[80];
	char fp[80];
	int ni = 0, nf = 0;
	long exp = 0;
	int scale;
	fq_int128 v = 0;
	bool round_up = false;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (i < n && (s[i] == '+' || s[i] == '-'))
	{
		neg = s[i] == '-';
		i++;
	}
	{
		int int_digits = 0;
		int frac_digits = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9')
		{
			/* Leading zeros add nothing. */
			if (!(ni == 0 && s[i] == '0'))
			{
				if (ni >= (int) sizeof(ip) - 1)
					return -2;
				ip[ni++] = s[i];
			}
			int_digits++;
			i++;
		}
		if (i < n && s[i] == '.')
		{
			i++;
			while (i < n && s[i] >= '0' && s[i] <= '9')
			{
				/* Digits past what we keep cannot matter at any scale
				 * that fits 38 digits. */
				if (nf < (int) sizeof(fp) - 1)
					fp[nf++] = s[i];
				frac_digits++;
				i++;
			}
		}
		if (int_digits == 0 && frac_digits == 0)
			return -1;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
	{
		bool eneg = false;
		bool any = false;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
		{
			eneg = s[i] == '-';
			i++;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9')
		{
			if (exp < 10000)
				exp = exp * 10 + (s[i] - '0');
			any = true;
			i++;
		}
		if (!any)
			return -1;
		if (eneg)
			exp = -exp;
	}
	if (i != n)
		return -1;

	/* Shift the point by the exponent. */
	while (exp > 0)
	{
		char d = '0';

		if (nf > 0)
		{
			d = fp[0];
			memmove(fp, fp + 1, (size_t) --nf);
		}
		if (!(ni == 0 && d == '0'))
		{
			if (ni >= (int) sizeof(ip) - 1)
				return -2;
			ip[ni++] = d;
		}
		exp--;
	}
	while (exp < 0)
	{
		if (nf >= (int) sizeof(fp) - 1)
			nf--;	/* the smallest digit falls off */
		memmove(fp + 1, fp, (size_t) nf);
		fp[0] = ni > 0 ? ip[--ni] : '0';
		nf++;
		exp++;
	}
	/* Trailing fractional zeros carry no value. */
	if (want_scale < 0)
		while (nf > 0 && fp[nf - 1] == '0')
			nf--;

	scale = want_scale >= 0 ? want_scale : nf;
	if (ni + scale > DRV_DEC_MAX_DIGITS)
	{
		if (want_scale >= 0 || ni > DRV_DEC_MAX_DIGITS)
			return -2;
		scale = DRV_DEC_MAX_DIGITS - ni;
	}
	for (int k = 0; k < ni; k++)
		v = v * 10 + (ip[k] - '0');
	for (int k = 0; k < scale; k++)
		v = v * 10 + (k < nf ? fp[k] - '0' : 0);
	if (scale < nf && fp[scale] >= '5')
		round_up = true;
	if (round_up)
		v += 1;
	if (v >= pow10_128(DRV_DEC_MAX_DIGITS))
		return -2;
	*out = neg ? -v : v;
	if (scale_out != NULL)
		*scale_out = scale;
	return 0;
}

static bool
parse_uint(const char **p, const char *end, int ndigits_min, int ndigits_max,
		   int *out)
{
	int v = 0;
	int k = 0;

	while (*p < end && **p >= '0' && **p <= '9' && k < ndigits_max)
	{
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*out = v;
	return k >= ndigits_min;
}

static bool
days_in_month_ok(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int lim;

	if (m < 1 || m > 12 || d < 1)
		return false;
	lim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		lim = 29;
	return d <= lim;
}

bool
drv_parse_datetime(const char *s, size_t n, fq_timestamp_parts *tp,
				   bool *has_date, bool *has_time)
{
	const char *p = s;
	const char *end = s + n;

	memset(tp, 0, sizeof(*tp));
	*has_date = *has_time = false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* ODBC escapes: {d '...'}, {t '...'}, {ts '...'} */
	if (p < end && *p == '{')
	{
		p++;
		while (p < end && *p == ' ')
			p++;
		while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '\'' || end[-1] != '}')
			return false;
		end--;
		while (end > p && end[-1] == ' ')
			end--;
		if (end <= p + 1 || end[-1] != '\'')
			return false;
		p++;
		end--;
	}
	/* A date starts with a 4-digit year and a '-'. */
	if (end - p >= 5 && p[4] == '-')
	{
		if (!parse_uint(&p, end, 4, 4, &tp->year) || p >= end || *p++ != '-' ||
			!parse_uint(&p, end, 1, 2, &tp->month) || p >= end || *p++ != '-' ||
			!parse_uint(&p, end, 1, 2, &tp->day))
			return false;
		if (!days_in_month_ok(tp->year, tp->month, tp->day))
			return false;
		*has_date = true;
		if (p < end && (*p == ' ' || *p == 'T' || *p == 't'))
		{
			p++;
			while (p < end && *p == ' ')
				p++;
		}
	}
	if (p < end)
	{
		if (!parse_uint(&p, end, 1, 2, &tp->hour) || p >= end || *p++ != ':' ||
			!parse_uint(&p, end, 1, 2, &tp->minute))
			return false;
		if (p < end && *p == ':')
		{
			p++;
			if (!parse_uint(&p, end, 1, 2, &tp->second))
				return false;
			if (p < end && *p == '.')
			{
				int digits = 0;
				int usec = 0;

				p++;
				while (p < end && *p >= '0' && *p <= '9')
				{
					if (digits < 6)
					{
						usec = usec * 10 + (*p - '0');
						digits++;
					}
					p++;
				}
				while (digits < 6)
				{
					usec *= 10;
					digits++;
				}
				tp->usec = usec;
			}
		}
		if (tp->hour > 23 || tp->minute > 59 || tp->second > 60)
			return false;
		*has_time = true;
	}
	return p == end && (*has_date || *has_time);
}

