/*
 * escape.c — ODBC escape sequences to fedq's SQL (PostgreSQL's dialect).
 *
 *   {d 'v'} {t 'v'} {ts 'v'}   DATE 'v', TIME 'v', TIMESTAMP 'v'
 *   {guid 'v'}                 CAST('v' AS uuid)
 *   {oj join}                  join
 *   {escape 'c'}               ESCAPE 'c'
 *   {INTERVAL ...}             INTERVAL ...
 *   {fn name(args)}            the function as fedq spells it
 *                              (engine/func/odbc.c, the table SQLGetInfo's
 *                              function bitmasks are made from): each runs
 *                              in fedq's engine and in any PostgreSQL
 *                              warehouse; other names are passed on as
 *                              name(args)
 *   {fn CONVERT(x, SQL_type)}  CAST(x AS type)
 *   {call ...}, {?= call ...}  refused: 0A000 (no procedures)
 *
 * Escapes nest ({fn UCASE({fn LTRIM(x)})}); string literals, quoted
 * identifiers, dollar-quoted strings and comments are copied as they are.
 * Text without '{' comes back unchanged.
 */
#include "driver/driver.h"

#include "func/odbc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct esc
{
	const char *s;
	size_t n;
	size_t i;
	drv_buf out;
	const char *err;
	bool unsupported;   /* err names something fedq does not do (0A000) */
	int depth;
} esc;

static bool translate(esc *e, bool in_braces);

static void
put(esc *e, const char *p, size_t n)
{
	drv_buf_append(&e->out, p, n);
}

static void
puts_(esc *e, const char *p)
{
	put(e, p, strlen(p));
}

static bool
fail(esc *e, const char *msg)
{
	if (e->err == NULL)
		e->err = msg;
	return false;
}

/* Copies a quoted run ('...', "...") starting at e->i. */
static bool
copy_quoted(esc *e, char q)
{
	size_t start = e->i++;

	while (e->i < e->n)
	{
		if (e->s[e->i] == q)
		{
			if (e->i + 1 < e->n && e->s[e->i + 1] == q)
			{
				e->i += 2;
				continue;
			}
			e->i++;
			put(e, e->s + start, e->i - start);
			return true;
		}
		/* E'...' strings escape quotes with a backslash */
		if (q == '\'' && e->s[e->i] == '\\' && start > 0 &&
			(e->s[start - 1] == 'E' || e->s[start - 1] == 'e') && e->i + 1 < e->n)
			e->i++;
		e->i++;
	}
	/* unterminated: copy the rest, the parser reports it */
	put(e, e->s + start, e->n - start);
	e->i = e->n;
	return true;
}

/* $tag$ ... $tag$ */
static bool
copy_dollar(esc *e)
{
	size_t start = e->i;
	size_t j = e->i + 1;

	while (j < e->n && (isalnum((unsigned char) e->s[j]) || e->s[j] == '_'))
		j++;
	if (j >= e->n || e->s[j] != '$' || (j > e->i + 1 && isdigit((unsigned char) e->s[e->i + 1])))
		return false; /* a parameter like $1, or a lone $ */
	{
		size_t tag = j + 1 - start;
		const char *end = NULL;

		for (size_t k = j + 1; k + tag <= e->n; k++)
			if (memcmp(e->s + k, e->s + start, tag) == 0)
			{
				end = e->s + k + tag;
				break;
			}
		if (end == NULL)
			end = e->s + e->n;
		put(e, e->s + start, (size_t) (end - (e->s + start)));
		e->i = (size_t) (end - e->s);
	}
	return true;
}

static void
skip_blanks(esc *e)
{
	while (e->i < e->n && isspace((unsigned char) e->s[e->i]))
		e->i++;
}

/* The keyword after '{': letters (and '?' for {?= call}). */
static size_t
keyword(esc *e, char *kw, size_t cap)
{
	size_t k = 0;

	skip_blanks(e);
	if (e->i < e->n && e->s[e->i] == '?')
	{
		kw[k++] = '?';
		kw[k] = '\0';
		e->i++;
		return k;
	}
	while (e->i < e->n && (isalpha((unsigned char) e->s[e->i])) && k + 1 < cap)
		kw[k++] = (char) tolower((unsigned char) e->s[e->i++]);
	kw[k] = '\0';
	return k;
}

/* Translates up to the matching '}' into a separate buffer. */
static char *
inner_text(esc *e)
{
	esc sub = {.s = e->s, .n = e->n, .i = e->i, .depth = e->depth + 1};
	char *text;

	if (sub.depth > 64)
		return fail(e, "ODBC escapes nest too deep"), NULL;
	if (!translate(&sub, true))
	{
		drv_buf_free(&sub.out);
		e->unsupported |= sub.unsupported;
		fail(e, sub.err != NULL ? sub.err : "unterminated ODBC escape");
		return NULL;
	}
	e->i = sub.i; /* past the '}' */
	drv_buf_append(&sub.out, "", 1);
	if (sub.out.failed)
	{
		drv_buf_free(&sub.out);
		return fail(e, "out of memory"), NULL;
	}
	text = sub.out.data;
	return text;
}

/* ---- {fn ...}: the table is engine/func/odbc.c ---- */

/* The CAST target of CONVERT(x, SQL_...). */
static const char *
convert_type(const char *t)
{
	static const struct
	{
		const char *odbc;
		const char *sql;
	} types[] = {
		{"SQL_BIGINT", "bigint"}, {"SQL_INTEGER", "integer"}, {"SQL_SMALLINT", "smallint"},
		{"SQL_TINYINT", "smallint"}, {"SQL_BIT", "boolean"}, {"SQL_DECIMAL", "numeric"},
		{"SQL_NUMERIC", "numeric"}, {"SQL_DOUBLE", "double precision"},
		{"SQL_FLOAT", "double precision"}, {"SQL_REAL", "real"}, {"SQL_CHAR", "varchar"},
		{"SQL_VARCHAR", "varchar"}, {"SQL_LONGVARCHAR", "varchar"}, {"SQL_WCHAR", "varchar"},
		{"SQL_WVARCHAR", "varchar"}, {"SQL_WLONGVARCHAR", "varchar"}, {"SQL_DATE", "date"},
		{"SQL_TYPE_DATE", "date"}, {"SQL_TIME", "time"}, {"SQL_TYPE_TIME", "time"},
		{"SQL_TIMESTAMP", "timestamp"}, {"SQL_TYPE_TIMESTAMP", "timestamp"},
		{"SQL_GUID", "uuid"},
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(t, types[i].odbc) == 0)
			return types[i].sql;
	return NULL;
}

/* Splits "name(a, b, ...)" at top-level commas; name and args point
 * into text, which is cut up. */
static bool
split_call(char *text, char **name, char **args, int *nargs, int max)
{
	char *p = text;
	char *name_end;
	char *open;
	char *close;
	int depth = 0;
	int commas = 0;
	char quote = 0;

	while (isspace((unsigned char) *p))
		p++;
	*name = p;
	while (isalnum((unsigned char) *p) || *p == '_')
		p++;
	if (p == *name)
		return false;
	name_end = p;
	open = p;
	while (isspace((unsigned char) *open))
		open++;
	if (*open != '(')
		return false;
	close = open + strlen(open);
	while (close > open && isspace((unsigned char) close[-1]))
		close--;
	if (close - open < 2 || close[-1] != ')')
		return false;
	/* First look, changing nothing: the '(' must close at the end (not
	 * `f(a) + g(b)`), with at most max arguments. */
	for (p = open; p < close; p++)
	{
		if (quote)
		{
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0 && p != close - 1)
			return false;
		else if (*p == ',' && depth == 1)
			commas++;
	}
	if (depth != 0 || quote || commas + 1 > max)
		return false;
	close[-1] = '\0';
	*name_end = '\0';
	*nargs = 0;
	p = open + 1;
	while (isspace((unsigned char) *p))
		p++;
	if (*p == '\0')
		return true;
	args[(*nargs)++] = p;
	depth = 0;
	for (; *p != '\0'; p++)
	{
		if (quote)
		{
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == ',' && depth == 0)
		{
			*p = '\0';
			args[(*nargs)++] = p + 1;
		}
	}
	return true;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char) *s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char) e[-1]))
		*--e = '\0';
	return s;
}

/* A unit's error: FRAC_SECOND is one fedq cannot do, others are no unit. */
static bool
bad_unit(esc *e, bool add, const char *unit)
{
	e->unsupported = strcasecmp(unit, "SQL_TSI_FRAC_SECOND") == 0;
	if (e->unsupported)
		return fail(e, add ? "{fn TIMESTAMPADD(SQL_TSI_FRAC_SECOND, ...)} is not supported: an "
						   "interval holds microseconds, not billionths of a second"
					: "{fn TIMESTAMPDIFF(SQL_TSI_FRAC_SECOND, ...)} is not supported: an "
					  "interval holds microseconds, not billionths of a second");
	return fail(e, add ? "{fn TIMESTAMPADD(unit, n, t)} takes a unit SQL_TSI_SECOND, _MINUTE, "
					   "_HOUR, _DAY, _WEEK, _MONTH, _QUARTER or _YEAR"
				: "{fn TIMESTAMPDIFF(unit, t1, t2)} takes a unit SQL_TSI_SECOND, _MINUTE, "
				  "_HOUR, _DAY, _WEEK, _MONTH, _QUARTER or _YEAR");
}

/* A claimed function's template with its arguments: $1..$9, and the
 * unit of TIMESTAMPADD ($U) and TIMESTAMPDIFF ($D) named by the first. */
static bool
expand(esc *e, const char *tmpl, char **args, int nargs)
{
	for (const char *t = tmpl; *t != '\0'; t++)
	{
		uint32_t bit;
		const char *sub;

		if (t[0] == '$' && t[1] >= '1' && t[1] <= '9' && t[1] - '1' < nargs)
			puts_(e, args[t[1] - '1']);
		else if (t[0] == '$' && t[1] == 'U')
		{
			if ((sub = fq_odbc_tsi(args[0], &bit)) == NULL)
				return bad_unit(e, true, args[0]);
			puts_(e, sub);
		}
		else if (t[0] == '$' && t[1] == 'D')
		{
			if ((sub = fq_odbc_tsi_diff(args[0], &bit)) == NULL)
				return bad_unit(e, false, args[0]);
			if (!expand(e, sub, args, nargs))
				return false;
		}
		else
		{
			put(e, t, 1);
			continue;
		}
		t++;
	}
	return true;
}

static bool
fn_call(esc *e, char *text)
{
	char *name;
	char *args[9];
	int nargs;
	const fq_odbc_fn *fn;

	if (!split_call(text, &name, args, &nargs, 9))
	{
		/* no argument list: CURRENT_DATE and the like, or passed on */
		char *t = trim(text);

		fn = fq_odbc_fn_find(t, 0);
		puts_(e, fn != NULL ? fn->tmpl : t);
		return true;
	}
	for (int i = 0; i < nargs; i++)
		args[i] = trim(args[i]);
	if (strcasecmp(name, "convert") == 0)
	{
		const char *to = nargs == 2 ? convert_type(args[1]) : NULL;

		if (to == NULL)
			return fail(e, "{fn CONVERT(value, SQL_type)} names no type fedq knows");
		puts_(e, "CAST(");
		puts_(e, args[0]);
		puts_(e, " AS ");
		puts_(e, to);
		puts_(e, ")");
		return true;
	}
	if ((fn = fq_odbc_fn_find(name, nargs)) != NULL)
		return expand(e, fn->tmpl, args, nargs);
	/* Not one of the claimed functions: as written. */
	puts_(e, name);
	puts_(e, "(");
	for (int i = 0; i < nargs; i++)
	{
		if (i > 0)
			puts_(e, ", ");
		puts_(e, args[i]);
	}
	puts_(e, ")");
	return true;
}

/* One escape: e->i is just past '{'. */
static bool
escape(esc *e)
{
	char kw[16];
	char *text;
	bool ok = true;

	keyword(e, kw, sizeof(kw));
	if (strcmp(kw, "?") == 0 || strcmp(kw, "call") == 0)
	{
		e->unsupported = true;
		return fail(e, "ODBC procedure calls ({call ...}) are not supported: fedq has no "
					   "procedures");
	}
	if ((text = inner_text(e)) == NULL)
		return false;
	if (strcmp(kw, "d") == 0 || strcmp(kw, "t") == 0 || strcmp(kw, "ts") == 0)
	{
		puts_(e, kw[0] == 'd' ? "DATE " : kw[1] == 's' ? "TIMESTAMP " : "TIME ");
		puts_(e, trim(text));
	}
	else if (strcmp(kw, "guid") == 0)
	{
		puts_(e, "CAST(");
		puts_(e, trim(text));
		puts_(e, " AS uuid)");
	}
	else if (strcmp(kw, "oj") == 0)
		puts_(e, trim(text));
	else if (strcmp(kw, "escape") == 0)
	{
		puts_(e, "ESCAPE ");
		puts_(e, trim(text));
	}
	else if (strcmp(kw, "interval") == 0)
	{
		puts_(e, "INTERVAL ");
		puts_(e, trim(text));
	}
	else if (strcmp(kw, "fn") == 0)
		ok = fn_call(e, text);
	else
		ok = fail(e, "unknown ODBC escape sequence: use {d}, {t}, {ts}, {fn}, {oj}, {escape}, "
					 "{guid} or {INTERVAL}");
	free(text);
	return ok;
}

/*
 * Copies and translates until the end (or, in braces, a '}' that closes
 * the escape).  False with e->err on a bad escape.
 */
static bool
translate(esc *e, bool in_braces)
{
	while (e->i < e->n)
	{
		char c = e->s[e->i];

		if (c == '\'' || c == '"')
		{
			if (!copy_quoted(e, c))
				return false;
			continue;
		}
		if (c == '$' && copy_dollar(e))
			continue;
		if (c == '-' && e->i + 1 < e->n && e->s[e->i + 1] == '-')
		{
			size_t start = e->i;

			while (e->i < e->n && e->s[e->i] != '\n')
				e->i++;
			put(e, e->s + start, e->i - start);
			continue;
		}
		if (c == '/' && e->i + 1 < e->n && e->s[e->i + 1] == '*')
		{
			size_t start = e->i;
			const char *end = strstr(e->s + e->i + 2, "*/");

			e->i = end != NULL && (size_t) (end - e->s) + 2 <= e->n ? (size_t) (end - e->s) + 2
																	 : e->n;
			put(e, e->s + start, e->i - start);
			continue;
		}
		if (c == '{')
		{
			e->i++;
			if (!escape(e))
				return false;
			continue;
		}
		if (c == '}' && in_braces)
		{
			e->i++;
			return true;
		}
		put(e, &c, 1);
		e->i++;
	}
	return !in_braces || fail(e, "unterminated ODBC escape sequence: a '{' has no '}'");
}

char *
drv_translate_escapes(const char *sql, const char **err, bool *unsupported)
{
	esc e = {.s = sql, .n = strlen(sql)};

	*err = NULL;
	*unsupported = false;
	if (strchr(sql, '{') == NULL)
		return drv_strdup(sql);
	if (!translate(&e, false))
	{
		drv_buf_free(&e.out);
		*err = e.err != NULL ? e.err : "bad ODBC escape sequence";
		*unsupported = e.unsupported;
		return NULL;
	}
	drv_buf_append(&e.out, "", 1);
	if (e.out.failed)
	{
		drv_buf_free(&e.out);
		*err = "out of memory";
		return NULL;
	}
	return e.out.data;
}
