/*
 * strings.c — text at the ODBC boundary.
 *
 * Inside the driver every string is UTF-8.  ANSI entry points take and
 * return UTF-8 as is; W entry points take and return the driver manager's
 * SQLWCHAR, converted here: UTF-16 under unixODBC (16 bits), UCS-4 under
 * iODBC, whose SQLWCHAR is wchar_t (32 bits) and which calls a driver's W
 * functions even for an ANSI application.  Which one is decided when the
 * environment is allocated, by the library that calls (drv_wchar_detect).  Output follows ODBC's rules: the
 * full length is always reported, the copy is NUL-terminated when there is
 * room for the terminator, and a truncated copy sets 01004 in the caller.
 * Truncation never splits a UTF-8 sequence or a surrogate pair, so what an
 * application receives is always valid text.
 */
#include "driver/driver.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* drv_buf                                                             */
/* ------------------------------------------------------------------ */

void
drv_buf_reset(drv_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
drv_buf_free(drv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

bool
drv_buf_reserve(drv_buf *b, size_t extra)
{
	size_t need;
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL)
	{
		b->failed = true;
		return false;
	}
	/* A buffer is a string from its first allocation on, even if nothing
	 * is ever appended. */
	if (b->data == NULL)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return true;
}

void
drv_buf_append(drv_buf *b, const void *p, size_t n)
{
	if (!drv_buf_reserve(b, n))
		return;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
drv_buf_puts(drv_buf *b, const char *s)
{
	drv_buf_append(b, s, strlen(s));
}

void
drv_buf_printf(drv_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !drv_buf_reserve(b, (size_t) n))
	{
		b->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

/* ------------------------------------------------------------------ */
/* The driver manager's SQLWCHAR                                       */
/* ------------------------------------------------------------------ */

/* Bytes per SQLWCHAR unit: 2 (UTF-16) or 4 (UCS-4).  A process loads one
 * driver manager, so one value serves all its handles. */
static atomic_int wchar_width = 2;

size_t
drv_wchar_size(void)
{
	return (size_t) atomic_load(&wchar_width);
}

void
drv_wchar_detect(const void *caller)
{
	Dl_info info;
	const char *base;

	if (caller == NULL || dladdr(caller, &info) == 0 || info.dli_fname == NULL)
		return;
	base = strrchr(info.dli_fname, '/');
	base = base != NULL ? base + 1 : info.dli_fname;
	/* libiodbc.so.2, or a program iODBC is linked into (iodbctest). */
	if (strstr(base, "iodbc") != NULL)
		atomic_store(&wchar_width, 4);
}

/* Units are copied as bytes: an application's buffer may sit at any
 * address (pyodbc's fast_executemany packs its row-wise parameter
 * structures), and the compiler makes these plain loads where that is
 * allowed. */
uint32_t
drv_wchar_get(const void *s, size_t i)
{
	if (drv_wchar_size() == 4)
	{
		uint32_t c;

		memcpy(&c, (const char *) s + i * 4, 4);
		return c;
	}
	else
	{
		SQLWCHAR c;

		memcpy(&c, (const char *) s + i * sizeof(SQLWCHAR), sizeof(SQLWCHAR));
		return c;
	}
}

void
drv_wchar_put(void *s, size_t i, uint32_t c)
{
	if (drv_wchar_size() == 4)
		memcpy((char *) s + i * 4, &c, 4);
	else
	{
		SQLWCHAR w = (SQLWCHAR) c;

		memcpy((char *) s + i * sizeof(SQLWCHAR), &w, sizeof(SQLWCHAR));
	}
}

/* ------------------------------------------------------------------ */
/* Input strings                                                       */
/* ------------------------------------------------------------------ */

SQLLEN
drv_str_len(const SQLCHAR *s, SQLLEN len)
{
	if (s == NULL)
		return 0;
	if (len == SQL_NTS)
		return (SQLLEN) strlen((const char *) s);
	if (len < 0)
		return -1;
	return len;
}

char *
drv_str_dup(const SQLCHAR *s, SQLLEN len, bool *ok)
{
	SQLLEN n;
	char *out;

	*ok = true;
	if (s == NULL)
		return NULL;
	n = drv_str_len(s, len);
	if (n < 0)
	{
		*ok = false;
		return NULL;
	}
	/* An embedded NUL ends the string, as it would for the engine. */
	out = malloc((size_t) n + 1);
	if (out == NULL)
	{
		*ok = false;
		return NULL;
	}
	memcpy(out, s, (size_t) n);
	out[n] = '\0';
	return out;
}

char *
drv_wstr_dup(const SQLWCHAR *s, SQLLEN len, bool *ok)
{
	drv_buf b = {0};
	size_t n;

	*ok = true;
	if (s == NULL)
		return NULL;
	if (len == SQL_NTS)
	{
		n = 0;
		while (drv_wchar_get(s, n) != 0)
			n++;
	}
	else if (len < 0)
	{
		*ok = false;
		return NULL;
	}
	else
		n = (size_t) len;
	if (n == 0)
	{
		char *empty = drv_strdup("");

		*ok = empty != NULL;
		return empty;
	}
	drv_buf_reserve(&b, n * 3);
	drv_utf16_to_utf8(s, n, &b);
	if (b.failed)
	{
		drv_buf_free(&b);
		*ok = false;
		return NULL;
	}
	return b.data;
}

/* ------------------------------------------------------------------ */
/* UTF-8 <-> UTF-16                                                    */
/* ------------------------------------------------------------------ */

/*
 * Decodes one UTF-8 sequence at s (n bytes left); returns its length and
 * the code point, or 1 and U+FFFD for an invalid or overlong sequence.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len;
	uint32_t min;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
	{
		len = 2;
		c &= 0x1f;
		min = 0x80;
	}
	else if ((c & 0xf0) == 0xe0)
	{
		len = 3;
		c &= 0x0f;
		min = 0x800;
	}
	else if ((c & 0xf8) == 0xf0)
	{
		len = 4;
		c &= 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = 0xfffd;
		return 1;
	}
	if (len > n)
	{
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < len; i++)
	{
		if ((s[i] & 0xc0) != 0x80)
		{
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
	{
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return len;
}

size_t
drv_utf8_to_utf16(const char *str, size_t n, SQLWCHAR *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *) str;
	size_t i = 0;
	size_t units = 0;

	bool ucs4 = drv_wchar_size() == 4;

	while (i < n)
	{
		uint32_t cp;

		i += utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x10000 && !ucs4)
		{
			if (out != NULL && units + 1 < cap)
			{
				cp -= 0x10000;
				drv_wchar_put(out, units, 0xd800 | (cp >> 10));
				drv_wchar_put(out, units + 1, 0xdc00 | (cp & 0x3ff));
			}
			units += 2;
		}
		else
		{
			if (out != NULL && units < cap)
				drv_wchar_put(out, units, cp);
			units++;
		}
	}
	return units;
}

void
drv_utf16_to_utf8(const SQLWCHAR *s, size_t n, drv_buf *out)
{
	for (size_t i = 0; i < n; i++)
	{
		uint32_t c = drv_wchar_get(s, i);
		uint32_t next = i + 1 < n ? drv_wchar_get(s, i + 1) : 0;
		unsigned char tmp[4];
		size_t len;

		if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff)
		{
			c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
			i++;
		}
		else if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			c = 0xfffd;
		if (c < 0x80)
		{
			tmp[0] = (unsigned char) c;
			len = 1;
		}
		else if (c < 0x800)
		{
			tmp[0] = (unsigned char) (0xc0 | (c >> 6));
			tmp[1] = (unsigned char) (0x80 | (c & 0x3f));
			len = 2;
		}
		else if (c < 0x10000)
		{
			tmp[0] = (unsigned char) (0xe0 | (c >> 12));
			tmp[1] = (unsigned char) (0x80 | ((c >> 6) & 0x3f));
			tmp[2] = (unsigned char) (0x80 | (c & 0x3f));
			len = 3;
		}
		else
		{
			tmp[0] = (unsigned char) (0xf0 | (c >> 18));
			tmp[1] = (unsigned char) (0x80 | ((c >> 12) & 0x3f));
			tmp[2] = (unsigned char) (0x80 | ((c >> 6) & 0x3f));
			tmp[3] = (unsigned char) (0x80 | (c & 0x3f));
			len = 4;
		}
		drv_buf_append(out, tmp, len);
	}
}

/* ------------------------------------------------------------------ */
/* Output strings                                                      */
/* ------------------------------------------------------------------ */

/* Largest prefix of s (n bytes) of at most cap bytes ending on a UTF-8
 * character boundary. */
static size_t
utf8_cut(const char *s, size_t n, size_t cap)
{
	size_t k;

	if (n <= cap)
		return n;
	k = cap;
	/* Back up over continuation bytes to the start of the cut character. */
	while (k > 0 && (((unsigned char) s[k]) & 0xc0) == 0x80)
		k--;
	return k;
}

bool
drv_put_str(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
			SQLLEN buflen, SQLLEN *outlen)
{
	size_t n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (!wide)
	{
		if (outlen != NULL)
			*outlen = (SQLLEN) n;
		if (buf == NULL)
			return false;
		if (buflen <= 0)
			return true;	/* not even the terminator fits */
		{
			size_t k = utf8_cut(s, n, (size_t) buflen - 1);

			memcpy(buf, s, k);
			((char *) buf)[k] = '\0';
			return k < n;
		}
	}
	else
	{
		size_t width = drv_wchar_size();
		size_t units = drv_utf8_to_utf16(s, n, NULL, 0);
		SQLLEN cap = len_in_bytes ? buflen / (SQLLEN) width : buflen;
		SQLWCHAR *w = buf;

		if (outlen != NULL)
			*outlen = (SQLLEN) (len_in_bytes ? units * width : units);
		if (buf == NULL)
			return false;
		if (cap <= 0)
			return true;
		if (units <= (size_t) cap - 1)
		{
			drv_utf8_to_utf16(s, n, w, units);
			drv_wchar_put(w, units, 0);
			return false;
		}
		{
			SQLWCHAR *full = malloc((units + 1) * width);
			size_t k = (size_t) cap - 1;

			if (full == NULL)
			{
				drv_wchar_put(w, 0, 0);
				return true;
			}
			drv_utf8_to_utf16(s, n, full, units);
			/* Do not leave half a surrogate pair at the end. */
			if (k > 0 && drv_wchar_get(full, k - 1) >= 0xd800 &&
				drv_wchar_get(full, k - 1) <= 0xdbff)
				k--;
			memcpy(w, full, k * width);
			drv_wchar_put(w, k, 0);
			free(full);
		}
		return true;
	}
}

bool
drv_put_str_s(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
			  SQLLEN buflen, SQLSMALLINT *outlen)
{
	SQLLEN n;
	bool trunc = drv_put_str(s, wide, len_in_bytes, buf, buflen, &n);

	if (outlen != NULL)
		*outlen = (SQLSMALLINT) (n > 32767 ? 32767 : n);
	return trunc;
}

bool
drv_put_str_i(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
			  SQLLEN buflen, SQLINTEGER *outlen)
{
	SQLLEN n;
	bool trunc = drv_put_str(s, wide, len_in_bytes, buf, buflen, &n);

	if (outlen != NULL)
		*outlen = (SQLINTEGER) n;
	return trunc;
}

/* ------------------------------------------------------------------ */
/* Misc                                                                */
/* ------------------------------------------------------------------ */

int
drv_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++)
	{
		int ca = (unsigned char) *a;
		int cb = (unsigned char) *b;

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

char *
drv_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	p = malloc(n + 1);
	if (p != NULL)
		memcpy(p, s, n + 1);
	return p;
}
