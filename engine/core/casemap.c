/*
 * casemap.c — lower(), upper() and initcap() of UTF-8 text as PostgreSQL
 * computes them in a UTF-8 database with a libc locale: each character
 * through towlower/towupper (and iswalnum for initcap's words).  The tables are glibc's C.UTF-8 (the harness's and a
 * typical warehouse's ctype), fixed whatever locale the host application
 * set, so the answer does not depend on where fedq runs.
 */
#include "core/chars.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <wctype.h>

static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void
open_utf8_locale(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
	if (utf8_locale == (locale_t) 0)
		utf8_locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t) 0);
}

/* The code point of a well-formed sequence at s (n bytes left), or -1. */
static int32_t
decode(const unsigned char *s, size_t n, size_t *len)
{
	size_t l = fq_utf8_seq_len(s[0]);
	int32_t c;

	*len = 1;
	if (l == 1)
		return s[0] < 0x80 ? s[0] : -1;
	if (l > n)
		return -1;
	c = s[0] & (0x7F >> l);
	for (size_t i = 1; i < l; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and beyond Unicode are not characters */
	if ((l == 2 && c < 0x80) || (l == 3 && c < 0x800) || (l == 4 && c < 0x10000) ||
		(c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return -1;
	*len = l;
	return c;
}

static size_t
encode(int32_t c, unsigned char *out)
{
	if (c < 0x80)
	{
		out[0] = (unsigned char) c;
		return 1;
	}
	if (c < 0x800)
	{
		out[0] = (unsigned char) (0xC0 | (c >> 6));
		out[1] = (unsigned char) (0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000)
	{
		out[0] = (unsigned char) (0xE0 | (c >> 12));
		out[1] = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
		out[2] = (unsigned char) (0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (unsigned char) (0xF0 | (c >> 18));
	out[1] = (unsigned char) (0x80 | ((c >> 12) & 0x3F));
	out[2] = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
	out[3] = (unsigned char) (0x80 | (c & 0x3F));
	return 4;
}

static int32_t
map_char(int32_t c, bool upper)
{
	if (c < 0x80 || utf8_locale == (locale_t) 0)
	{
		if (upper && c >= 'a' && c <= 'z')
			return c - 'a' + 'A';
		if (!upper && c >= 'A' && c <= 'Z')
			return c - 'A' + 'a';
		return c;
	}
	return (int32_t) (upper ? towupper_l((wint_t) c, utf8_locale)
							: towlower_l((wint_t) c, utf8_locale));
}

static bool
is_alnum(int32_t c)
{
	if (c < 0x80 || utf8_locale == (locale_t) 0)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return iswalnum_l((wint_t) c, utf8_locale) != 0;
}

/* How each character maps: UPPER, LOWER, or INITCAP (by the one before). */
typedef enum mapping
{
	LOWER,
	UPPER,
	INITCAP
} mapping;

static size_t
map_text(const char *s, size_t n, mapping how, char *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t at = 0;
	bool after_alnum = false;

	pthread_once(&utf8_once, open_utf8_locale);
	for (size_t i = 0; i < n;)
	{
		size_t len;
		int32_t c = decode(p + i, n - i, &len);
		unsigned char buf[4];
		size_t w;

		if (c < 0)
		{
			/* not a character: the byte as it is */
			if (out != NULL)
				out[at] = (char) p[i];
			at++;
			i++;
			continue;
		}
		if (how == INITCAP)
		{
			c = map_char(c, !after_alnum);
			after_alnum = is_alnum(c);
		}
		else
			c = map_char(c, how == UPPER);
		w = encode(c, buf);
		if (out != NULL)
			for (size_t k = 0; k < w; k++)
				out[at + k] = (char) buf[k];
		at += w;
		i += len;
	}
	return at;
}

size_t
fq_utf8_casemap(const char *s, size_t n, bool upper, char *out)
{
	return map_text(s, n, upper ? UPPER : LOWER, out);
}

size_t
fq_utf8_initcap(const char *s, size_t n, char *out)
{
	return map_text(s, n, INITCAP, out);
}
