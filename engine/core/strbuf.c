/*
 * strbuf.c — growable heap string with sticky failure.
 */
#include "core/strbuf.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fq_strbuf_init(fq_strbuf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->broken = false;
}

void
fq_strbuf_free(fq_strbuf *b)
{
	free(b->data);
	fq_strbuf_init(b);
}

void
fq_strbuf_reset(fq_strbuf *b)
{
	b->len = 0;
	b->broken = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

bool
fq_strbuf_reserve(fq_strbuf *b, size_t extra)
{
	size_t need;
	size_t cap;
	char *p;

	if (b->broken)
		return false;
	if (extra > SIZE_MAX - 1 - b->len)
	{
		b->broken = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
	{
		if (cap > (size_t) -1 / 2)
		{
			cap = need;
			break;
		}
		cap *= 2;
	}
	p = fq_realloc(b->data, cap);
	if (p == NULL)
	{
		b->broken = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
fq_strbuf_appendn(fq_strbuf *b, const char *s, size_t n)
{
	if (!fq_strbuf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
fq_strbuf_append(fq_strbuf *b, const char *s)
{
	fq_strbuf_appendn(b, s, strlen(s));
}

void
fq_strbuf_appendc(fq_strbuf *b, char c)
{
	fq_strbuf_appendn(b, &c, 1);
}

void
fq_strbuf_printf(fq_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->broken)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
	{
		b->broken = true;
		return;
	}
	if (!fq_strbuf_reserve(b, (size_t) n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

void
fq_strbuf_append_ident(fq_strbuf *b, const char *s)
{
	fq_strbuf_appendc(b, '"');
	for (; *s; s++)
	{
		if (*s == '"')
			fq_strbuf_appendc(b, '"');
		fq_strbuf_appendc(b, *s);
	}
	fq_strbuf_appendc(b, '"');
}

void
fq_strbuf_append_literal(fq_strbuf *b, const char *s, size_t n)
{
	bool backslash = memchr(s, '\\', n) != NULL;

	/* E'' keeps the meaning whatever standard_conforming_strings says. */
	if (backslash)
		fq_strbuf_appendc(b, 'E');
	fq_strbuf_appendc(b, '\'');
	for (size_t i = 0; i < n; i++)
	{
		if (s[i] == '\'' || (backslash && s[i] == '\\'))
			fq_strbuf_appendc(b, s[i]);
		fq_strbuf_appendc(b, s[i]);
	}
	fq_strbuf_appendc(b, '\'');
}

void
fq_strbuf_append_json(fq_strbuf *b, const char *s)
{
	fq_strbuf_appendc(b, '"');
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		if (*p == '"' || *p == '\\')
		{
			fq_strbuf_appendc(b, '\\');
			fq_strbuf_appendc(b, (char) *p);
		}
		else if (*p < 0x20)
			fq_strbuf_printf(b, "\\u%04x", *p);
		else
			fq_strbuf_appendc(b, (char) *p);
	}
	fq_strbuf_appendc(b, '"');
}
