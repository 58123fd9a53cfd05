/*
 * connstr.c — ODBC connection strings.
 *
 * Grammar (ODBC's SQLDriverConnect): attributes separated by ';', each
 * "key=value"; a value may be enclosed in braces to carry ';', '=' or
 * leading blanks, and "}}" inside braces stands for one '}'.  Keys are
 * case-blind and trimmed; unbraced values are trimmed.  A key given twice
 * keeps its last value.  This parser is pure (no ODBC or engine calls) so
 * the fuzz and unit tests can drive it directly.
 */
#include "driver/driver.h"

#include <stdlib.h>
#include <string.h>

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *
dup_trimmed(const char *s, size_t n)
{
	char *out;

	while (n > 0 && is_blank(*s))
	{
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	out = malloc(n + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

const char *
drv_kv_get(const drv_kvlist *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (drv_strcasecmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

/* Takes ownership of key and value. */
static bool
kv_put(drv_kvlist *l, char *key, char *value)
{
	for (int i = 0; i < l->n; i++)
	{
		if (drv_strcasecmp(l->items[i].key, key) == 0)
		{
			free(l->items[i].value);
			free(key);
			l->items[i].value = value;
			return true;
		}
	}
	if (l->n == l->cap)
	{
		int cap = l->cap ? l->cap * 2 : 8;
		drv_kv *items = realloc(l->items, (size_t) cap * sizeof(*items));

		if (items == NULL)
		{
			free(key);
			free(value);
			return false;
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n].key = key;
	l->items[l->n].value = value;
	l->n++;
	return true;
}

bool
drv_kv_set(drv_kvlist *l, const char *key, const char *value)
{
	char *k = drv_strdup(key);
	char *v = drv_strdup(value != NULL ? value : "");

	if (k == NULL || v == NULL)
	{
		free(k);
		free(v);
		return false;
	}
	return kv_put(l, k, v);
}

void
drv_kv_free(drv_kvlist *l)
{
	for (int i = 0; i < l->n; i++)
	{
		free(l->items[i].key);
		free(l->items[i].value);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

bool
drv_connstr_parse(const char *s, drv_kvlist *out, const char **err)
{
	const char *p = s;

	*err = NULL;
	if (s == NULL)
		return true;
	while (*p != '\0')
	{
		const char *kstart;
		const char *eq;
		char *key;
		char *value;

		/* Skip separators and blanks between attributes. */
		while (*p == ';' || is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		kstart = p;
		while (*p != '\0' && *p != '=' && *p != ';')
			p++;
		if (*p != '=')
		{
			*err = "connection string attribute without '='";
			return false;
		}
		eq = p;
		key = dup_trimmed(kstart, (size_t) (eq - kstart));
		if (key == NULL)
		{
			*err = "out of memory";
			return false;
		}
		if (key[0] == '\0')
		{
			free(key);
			*err = "connection string attribute with an empty name";
			return false;
		}
		p = eq + 1;
		while (is_blank(*p))
			p++;
		if (*p == '{')
		{
			drv_buf b = {0};

			p++;
			for (;;)
			{
				if (*p == '\0')
				{
					drv_buf_free(&b);
					free(key);
					*err = "unterminated '{' in connection string";
					return false;
				}
				if (*p == '}')
				{
					if (p[1] == '}')
					{
						drv_buf_append(&b, "}", 1);
						p += 2;
						continue;
					}
					p++;
					break;
				}
				drv_buf_append(&b, p, 1);
				p++;
			}
			/* Only blanks may follow the closing brace. */
			while (is_blank(*p))
				p++;
			if (*p != ';' && *p != '\0')
			{
				drv_buf_free(&b);
				free(key);
				*err = "unexpected characters after '}' in connection string";
				return false;
			}
			if (b.failed)
			{
				drv_buf_free(&b);
				free(key);
				*err = "out of memory";
				return false;
			}
			value = b.data != NULL ? b.data : drv_strdup("");
		}
		else
		{
			const char *vstart = p;

			while (*p != '\0' && *p != ';')
				p++;
			value = dup_trimmed(vstart, (size_t) (p - vstart));
		}
		if (value == NULL)
		{
			free(key);
			*err = "out of memory";
			return false;
		}
		if (!kv_put(out, key, value))
		{
			*err = "out of memory";
			return false;
		}
	}
	return true;
}

void
drv_connstr_append(drv_buf *out, const char *key, const char *value)
{
	bool brace = false;

	if (value == NULL)
		value = "";
	if (strpbrk(value, ";{}=") != NULL || (value[0] != '\0' &&
										   (is_blank(value[0]) || is_blank(value[strlen(value) - 1]))))
		brace = true;
	drv_buf_puts(out, key);
	drv_buf_puts(out, "=");
	if (brace)
	{
		drv_buf_puts(out, "{");
		for (const char *c = value; *c != '\0'; c++)
		{
			if (*c == '}')
				drv_buf_puts(out, "}}");
			else
				drv_buf_append(out, c, 1);
		}
		drv_buf_puts(out, "}");
	}
	else
		drv_buf_puts(out, value);
	drv_buf_puts(out, ";");
}
