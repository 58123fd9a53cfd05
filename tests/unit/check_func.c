/*
 * check_func.c — unit suite for engine/func: the function registry.
 *
 * What it specifies: a call resolves to the signature PostgreSQL 15 picks
 * for the same argument types (the expected choices are PostgreSQL's, from
 * pg_typeof of the calls), Redshift's extensions only where PostgreSQL has
 * nothing; the registry is well formed (every name once, every function
 * evaluable); and the registry, docs/sql.md, the tests and the ODBC escape
 * table agree: every function and spelling is listed in docs/sql.md's
 * function table and has a `compare` query in tests/sql/ (run with
 * Pushdown 1 and 0), every name the table lists is a function or a special
 * form the binder knows, and every ODBC escape is written with functions
 * that exist.  A function PostgreSQL lacks (a Redshift spelling, or an
 * entry whose signatures are all extensions) needs a query record of any
 * kind, since PostgreSQL cannot run it to compare.
 */
#include "func/func.h"
#include "func/odbc.h"
#include "types/types.h"

#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Names docs/sql.md lists among functions that the binder or the parser
 * handles as special forms, not registry functions. */
static const char *const special_forms[] = {
	"trim", "current_date", "current_timestamp", "now", "getdate", "sysdate", "localtimestamp",
	"coalesce", "nvl", "nullif", "greatest", "least", "cast",
};

static bool
is_special(const char *name)
{
	for (size_t i = 0; i < N_ELEMS(special_forms); i++)
		if (strcmp(special_forms[i], name) == 0)
			return true;
	return false;
}

/* Every spelling of every function: name, aliases, Redshift names. */
typedef struct spelling
{
	const char *name;
	const fq_func_def *def;
	bool redshift; /* PostgreSQL has no such function */
} spelling;

/* Whether all of def's signatures are Redshift's extensions. */
static bool
extension_only(const fq_func_def *def)
{
	for (int s = 0; s < def->nsigs; s++)
		if (!def->sigs[s].extension)
			return false;
	return true;
}

static int
spellings(spelling *out, int cap)
{
	const fq_func_def *def;
	int n = 0;

	for (int i = 0; (def = fq_func_nth(i)) != NULL; i++)
	{
		bool ext = extension_only(def);

		if (n < cap)
			out[n++] = (spelling) {def->name, def, ext};
		for (int a = 0; a < 4 && def->aliases[a] != NULL; a++)
			if (n < cap)
				out[n++] = (spelling) {def->aliases[a], def, ext};
		for (int a = 0; a < 2 && def->redshift[a] != NULL; a++)
			if (n < cap)
				out[n++] = (spelling) {def->redshift[a], def, true};
	}
	return n;
}

/* ---- resolution ---- */

typedef struct resolve_case
{
	const char *fn;
	int nargs;
	fq_type_id in[4];
	fq_func_match match;
	fq_type_id result; /* of the chosen signature */
	fq_type_id arg0;   /* its first argument */
} resolve_case;

#define U FQ_T_UNKNOWN

static const resolve_case resolve_cases[] = {
	/* exact matches */
	{"abs", 1, {FQ_T_INT2}, FQ_FUNC_MATCH, FQ_T_INT2, FQ_T_INT2},
	{"abs", 1, {FQ_T_DECIMAL}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"abs", 1, {FQ_T_FLOAT4}, FQ_FUNC_MATCH, FQ_T_FLOAT4, FQ_T_FLOAT4},
	/* an untyped literal takes the preferred type of the category */
	{"abs", 1, {U}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"round", 1, {U}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"length", 1, {U}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_VARCHAR},
	{"lower", 1, {U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	/* a conversion: to the preferred type where one is possible */
	{"round", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"ceil", 1, {FQ_T_INT8}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"ceil", 1, {FQ_T_FLOAT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"round", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"round", 2, {FQ_T_INT8, U}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"date_trunc", 2, {U, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_VARCHAR},
	{"date_trunc", 2, {U, FQ_T_TIMESTAMP}, FQ_FUNC_MATCH, FQ_T_TIMESTAMP, FQ_T_VARCHAR},
	{"extract", 2, {U, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_VARCHAR},
	/* CHAR(n) has its own length and octet_length; elsewhere it is text */
	{"length", 1, {FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_CHAR},
	{"octet_length", 1, {FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_CHAR},
	{"length", 1, {FQ_T_VARCHAR}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_VARCHAR},
	{"upper", 1, {FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	/* Redshift's round(double precision, n), only where PostgreSQL has
	 * nothing */
	{"round", 2, {FQ_T_FLOAT8, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_FLOAT8},
	{"trunc", 2, {FQ_T_FLOAT4, FQ_T_INT2}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_FLOAT8},
	/* as PostgreSQL: two untyped arguments of date_trunc are ambiguous
	 * (timestamp, timestamptz or interval) */
	{"date_trunc", 2, {U, U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"extract", 2, {U, U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	/* the math functions (PostgreSQL 15's pg_typeof of each call) */
	{"sqrt", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"sqrt", 1, {FQ_T_DECIMAL}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"exp", 1, {FQ_T_INT8}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"ln", 1, {U}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"log", 1, {U}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"log", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"log", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"power", 2, {FQ_T_INT4, FQ_T_DECIMAL}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"power", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"pow", 2, {FQ_T_DECIMAL, FQ_T_FLOAT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"sign", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"mod", 2, {FQ_T_INT2, FQ_T_INT2}, FQ_FUNC_MATCH, FQ_T_INT2, FQ_T_INT2},
	{"mod", 2, {FQ_T_INT2, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_INT4},
	{"mod", 2, {FQ_T_INT8, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT8, FQ_T_INT8},
	{"div", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
	{"gcd", 2, {FQ_T_INT2, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_INT4},
	{"lcm", 2, {FQ_T_INT8, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT8, FQ_T_INT8},
	{"factorial", 1, {FQ_T_INT2}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_INT8},
	{"width_bucket", 4, {FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT4,
	 FQ_T_FLOAT8},
	{"width_bucket", 4, {FQ_T_DECIMAL, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT4,
	 FQ_T_DECIMAL},
	{"scale", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_INT4, FQ_T_DECIMAL},
	{"pi", 0, {0}, FQ_FUNC_MATCH, FQ_T_FLOAT8, U},
	{"random", 0, {0}, FQ_FUNC_MATCH, FQ_T_FLOAT8, U},
	/* as PostgreSQL: gcd(smallint, smallint) fits integer and bigint alike */
	{"gcd", 2, {FQ_T_INT2, FQ_T_INT2}, FQ_FUNC_AMBIGUOUS, 0, 0},
	/* as PostgreSQL: a time converts to an interval implicitly */
	{"date_trunc", 2, {U, FQ_T_TIME}, FQ_FUNC_MATCH, FQ_T_INTERVAL, FQ_T_VARCHAR},
	/* no signature */
	{"log10", 2, {FQ_T_DECIMAL, FQ_T_DECIMAL}, FQ_FUNC_NO_MATCH, 0, 0},
	{"lower", 1, {FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	{"round", 2, {FQ_T_VARCHAR, FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	{"abs", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	/* VARIADIC "any": one or more arguments of any type, untyped ones as
	 * text */
	{"concat", 1, {U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARIADIC_ANY},
	{"concat", 3, {FQ_T_INT4, FQ_T_BOOL, FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_VARCHAR,
	 FQ_T_VARIADIC_ANY},
	{"concat", 0, {0}, FQ_FUNC_NO_MATCH, 0, 0},
	{"concat_ws", 2, {U, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	{"concat_ws", 1, {U}, FQ_FUNC_NO_MATCH, 0, 0},
	{"concat_ws", 2, {FQ_T_INT4, FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	/* anyelement beside text: text for strings and untyped literals */
	{"quote_literal", 1, {U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	{"quote_literal", 1, {FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	{"quote_literal", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_ANY},
	{"quote_nullable", 1, {FQ_T_BOOL}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_ANY},
	/* text beside bytea; integers of two widths */
	{"md5", 1, {U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	{"md5", 1, {FQ_T_BYTEA}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_BYTEA},
	{"to_hex", 1, {FQ_T_INT2}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"to_hex", 1, {U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"to_hex", 1, {FQ_T_INT8}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_INT8},
	{"lpad", 3, {FQ_T_CHAR, FQ_T_INT2, U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_VARCHAR},
	{"encode", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_BYTEA},
	{"decode", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_BYTEA, FQ_T_VARCHAR},
	/* age(xid), which fedq lacks, keeps an untyped age('...') ambiguous;
	 * a date takes the timestamptz forms (the preferred type) */
	{"age", 1, {U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"age", 1, {FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_INTERVAL, FQ_T_TIMESTAMPTZ},
	{"age", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_INTERVAL, FQ_T_TIMESTAMPTZ},
	{"age", 2, {FQ_T_TIMESTAMP, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_INTERVAL, FQ_T_TIMESTAMP},
	{"isfinite", 1, {U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"isfinite", 1, {FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_BOOL, FQ_T_DATE},
	{"date_bin", 3, {U, FQ_T_DATE, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_INTERVAL},
	{"date_bin", 3, {U, FQ_T_TIMESTAMP, U}, FQ_FUNC_MATCH, FQ_T_TIMESTAMP, FQ_T_INTERVAL},
	{"to_timestamp", 1, {U}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_FLOAT8},
	{"to_timestamp", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_FLOAT8},
	{"make_interval", 0, {0}, FQ_FUNC_MATCH, FQ_T_INTERVAL, FQ_T_INT4},
	{"make_time", 3, {FQ_T_INT2, FQ_T_INT8, FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	{"make_date", 3, {U, U, U}, FQ_FUNC_MATCH, FQ_T_DATE, FQ_T_INT4},
	/* to_char: a smallint is double precision's (the preferred number
	 * type), a date timestamptz's; an untyped value is ambiguous */
	{"to_char", 2, {FQ_T_INT2, U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_FLOAT8},
	{"to_char", 2, {FQ_T_DATE, U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_TIMESTAMPTZ},
	{"to_char", 2, {FQ_T_INT4, U}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_INT4},
	{"to_char", 2, {FQ_T_DECIMAL, FQ_T_CHAR}, FQ_FUNC_MATCH, FQ_T_VARCHAR, FQ_T_DECIMAL},
	{"to_char", 2, {U, U}, FQ_FUNC_AMBIGUOUS, 0, 0},
	{"to_char", 2, {FQ_T_VARCHAR, U}, FQ_FUNC_NO_MATCH, 0, 0},
	{"to_timestamp", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_VARCHAR},
	{"to_date", 2, {FQ_T_CHAR, U}, FQ_FUNC_MATCH, FQ_T_DATE, FQ_T_VARCHAR},
	{"to_number", 2, {U, U}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_VARCHAR},
	/* Redshift's functions, by PostgreSQL's rules over their signatures
	 * (PostgreSQL has none to ask): a date stays a date, an untyped
	 * literal takes timestamptz, the preferred date/time type */
	{"dateadd", 3, {U, FQ_T_INT4, FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_TIMESTAMP, FQ_T_VARCHAR},
	{"date_add", 3, {U, FQ_T_INT2, U}, FQ_FUNC_MATCH, FQ_T_TIMESTAMPTZ, FQ_T_VARCHAR},
	{"dateadd", 3, {U, FQ_T_INT8, FQ_T_DATE}, FQ_FUNC_NO_MATCH, 0, 0},
	{"datediff", 3, {U, FQ_T_DATE, FQ_T_TIMESTAMP}, FQ_FUNC_MATCH, FQ_T_INT8, FQ_T_VARCHAR},
	{"add_months", 2, {FQ_T_DATE, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_TIMESTAMP, FQ_T_DATE},
	{"add_months", 2, {FQ_T_TIMESTAMPTZ, FQ_T_INT4}, FQ_FUNC_NO_MATCH, 0, 0},
	{"months_between", 2, {FQ_T_DATE, FQ_T_TIMESTAMP}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_TIMESTAMP},
	{"last_day", 1, {FQ_T_TIMESTAMPTZ}, FQ_FUNC_MATCH, FQ_T_DATE, FQ_T_TIMESTAMPTZ},
	/* trunc: math.c's for numbers, Redshift's date truncation only where
	 * PostgreSQL's has nothing */
	{"trunc", 1, {FQ_T_DATE}, FQ_FUNC_MATCH, FQ_T_DATE, FQ_T_DATE},
	{"trunc", 1, {FQ_T_TIMESTAMP}, FQ_FUNC_MATCH, FQ_T_DATE, FQ_T_TIMESTAMP},
	{"trunc", 1, {FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_FLOAT8, FQ_T_FLOAT8},
	{"trunc", 2, {FQ_T_DECIMAL, FQ_T_INT4}, FQ_FUNC_MATCH, FQ_T_DECIMAL, FQ_T_DECIMAL},
};

START_TEST(test_resolve)
{
	const resolve_case *c = &resolve_cases[_i];
	const fq_func_def *def = fq_func_lookup(c->fn);
	fq_type in[4];
	const fq_func_sig *sig = NULL;
	fq_func_match m;

	ck_assert_msg(def != NULL, "%s is not in the registry", c->fn);
	for (int i = 0; i < c->nargs; i++)
		in[i] = fq_type_make(c->in[i]);
	m = fq_func_resolve(def, in, c->nargs, &sig);
	ck_assert_msg(m == c->match, "case %d, %s: match %d, want %d", _i, c->fn, m, c->match);
	if (m == FQ_FUNC_MATCH)
	{
		ck_assert_msg(sig->result == c->result, "case %d, %s: result %s, want %s", _i, c->fn,
					  fq_type_name(sig->result), fq_type_name(c->result));
		ck_assert_msg(sig->args[0] == c->arg0, "case %d, %s: argument %s, want %s", _i, c->fn,
					  fq_type_name(sig->args[0]), fq_type_name(c->arg0));
	}
}
END_TEST

/* ---- the registry itself ---- */

START_TEST(test_well_formed)
{
	spelling all[256];
	int n = spellings(all, 256);

	ck_assert_int_lt(n, 256);
	for (int i = 0; i < n; i++)
	{
		const fq_func_def *d = all[i].def;
		bool first = true;

		/* a name is one entry's, unless a later one adds only Redshift's
		 * signatures to it (trunc of a timestamp beside math's trunc) */
		for (int j = 0; j < i; j++)
			if (strcmp(all[i].name, all[j].name) == 0)
			{
				ck_assert_msg(all[j].def != d && extension_only(d),
							  "%s twice, and not as extensions of the first", all[i].name);
				first = false;
			}
		ck_assert_msg(!first || fq_func_lookup(all[i].name) == d, "%s finds another function",
					  all[i].name);
		for (const char *p = all[i].name; *p; p++)
			ck_assert_msg(islower((unsigned char) *p) || *p == '_' ||
							  (p > all[i].name && isdigit((unsigned char) *p)),
						  "%s: lower case only", all[i].name);
		ck_assert_msg(d->eval != NULL && d->nsigs > 0, "%s: no evaluation or signature", d->name);
		for (int s = 0; s < d->nsigs; s++)
		{
			ck_assert_int_le(d->sigs[s].nargs, FQ_FUNC_MAX_ARGS);
			ck_assert_msg(!d->sigs[s].extension || d->sigs[s].remote != NULL,
						  "%s: an extension needs the SQL PostgreSQL sources run", d->name);
		}
	}
	ck_assert_ptr_null(fq_func_lookup("no_such_function"));
}
END_TEST

/* ---- agreement with docs/sql.md, tests/sql and the ODBC table ---- */

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t) n, f), n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static const char *
srcdir(void)
{
	const char *s = getenv("srcdir");

	return s != NULL ? s : ".";
}

/* The names docs/sql.md's function table lists in the row of `family`:
 * each `backticked` item's leading word, lower case. */
static int
doc_names(const char *doc, const char *family, char names[][40], int cap)
{
	char head[64];
	const char *row;
	const char *end;
	int n = 0;

	snprintf(head, sizeof(head), "\n| %s |", family);
	row = strstr(doc, head);
	ck_assert_msg(row != NULL, "docs/sql.md has no function row for %s", family);
	row += strlen(head);
	end = strchr(row, '\n');
	for (const char *p = row; p < end; p++)
	{
		int k = 0;

		if (*p != '`')
			continue;
		p++;
		while (p < end && (isalnum((unsigned char) *p) || *p == '_') && k < 39)
			names[n][k++] = (char) tolower((unsigned char) *p++);
		names[n][k] = '\0';
		while (p < end && *p != '`')
			p++;
		if (k > 0 && n < cap - 1)
			n++;
	}
	return n;
}

START_TEST(test_docs)
{
	char path[4096];
	char *doc;
	char names[128][40];
	spelling all[256];
	int n = spellings(all, 256);

	snprintf(path, sizeof(path), "%s/docs/sql.md", srcdir());
	doc = slurp(path);
	for (int f = FQ_FAMILY_MATH; f <= FQ_FAMILY_FORMAT; f++)
	{
		int nd = doc_names(doc, fq_func_family_name((fq_func_family) f), names, 128);

		for (int i = 0; i < n; i++)
		{
			bool found = false;

			if (all[i].def->family != (fq_func_family) f)
				continue;
			for (int j = 0; j < nd && !found; j++)
				found = strcmp(names[j], all[i].name) == 0;
			ck_assert_msg(found, "docs/sql.md does not list %s among the %s functions",
						  all[i].name, fq_func_family_name((fq_func_family) f));
		}
		for (int j = 0; j < nd; j++)
			ck_assert_msg(fq_func_lookup(names[j]) != NULL || is_special(names[j]),
						  "docs/sql.md lists %s, which fedq does not have", names[j]);
	}
	free(doc);
}
END_TEST

/* Whether sql calls name( (any case, not as part of a longer word). */
static bool
calls(const char *sql, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = sql; *p; p++)
	{
		const char *q = p + len;

		if (strncasecmp(p, name, len) != 0 ||
			(p > sql && (isalnum((unsigned char) p[-1]) || p[-1] == '_' || p[-1] == '.')))
			continue;
		while (*q == ' ')
			q++;
		if (*q == '(')
			return true;
	}
	return false;
}

/* Whether a record of a tests/sql file calls name: a `query ... compare`
 * record, or (any_record) any query or statement. */
static bool
tested(const char *name, bool any_record)
{
	char dir[4096];
	DIR *d;
	struct dirent *de;
	bool found = false;

	snprintf(dir, sizeof(dir), "%s/tests/sql", srcdir());
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot read %s", dir);
	while (!found && (de = readdir(d)) != NULL)
	{
		char path[8192];
		char *text;
		char *line;
		char *save = NULL;
		bool take = false;
		size_t l = strlen(de->d_name);

		if (l < 5 || strcmp(de->d_name + l - 5, ".test") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = slurp(path);
		for (line = strtok_r(text, "\n", &save); line != NULL && !found;
			 line = strtok_r(NULL, "\n", &save))
		{
			if (strncmp(line, "query ", 6) == 0)
				take = any_record || strstr(line, " compare") != NULL;
			else if (strncmp(line, "statement ", 10) == 0)
				take = any_record;
			else if (take && strncmp(line, "----", 4) == 0)
				take = false;
			else if (take && line[0] != '#')
				found = calls(line, name);
		}
		free(text);
	}
	closedir(d);
	return found;
}

START_TEST(test_compare_queries)
{
	spelling all[256];
	int n = spellings(all, 256);

	for (int i = 0; i < n; i++)
		ck_assert_msg(tested(all[i].name, all[i].redshift),
					  "%s has no %s in tests/sql/", all[i].name,
					  all[i].redshift ? "query" : "compare query");
}
END_TEST

/* Every name(...) of an escape's template is a function or special form. */
static void
check_template(const char *escape, const char *tmpl)
{
	const char *p = tmpl;

	while (*p)
	{
		char word[40];
		int k = 0;

		if (!isalpha((unsigned char) *p) ||
			(p > tmpl && (isalnum((unsigned char) p[-1]) || p[-1] == '_')))
		{
			p++;
			continue;
		}
		while ((isalnum((unsigned char) *p) || *p == '_') && k < 39)
			word[k++] = (char) tolower((unsigned char) *p++);
		word[k] = '\0';
		if (*p == '(')
			ck_assert_msg(fq_func_lookup(word) != NULL || is_special(word),
						  "{fn %s} uses %s, which fedq does not have", escape, word);
	}
}

START_TEST(test_odbc_escapes)
{
	static const char *const units[] = {"SQL_TSI_SECOND", "SQL_TSI_MINUTE", "SQL_TSI_HOUR",
										"SQL_TSI_DAY", "SQL_TSI_WEEK", "SQL_TSI_MONTH",
										"SQL_TSI_QUARTER", "SQL_TSI_YEAR"};
	const fq_odbc_fn *fn;
	uint32_t seen[4] = {0};
	uint32_t bit;
	uint32_t add = 0;
	uint32_t diff = 0;

	for (int i = 0; (fn = fq_odbc_fn_nth(i)) != NULL; i++)
	{
		ck_assert_ptr_eq(fq_odbc_fn_find(fn->name, fn->nargs), fn);
		seen[fn->family] |= fn->bit;
		check_template(fn->name, fn->tmpl);
	}
	for (int f = FQ_ODBC_STRING; f <= FQ_ODBC_SYSTEM; f++)
		ck_assert_uint_eq(fq_odbc_fn_mask((fq_odbc_family) f), seen[f]);
	ck_assert_ptr_null(fq_odbc_fn_find("UCASE", 2));
	ck_assert_ptr_nonnull(fq_odbc_fn_find("ucase", 1));
	/* TIMESTAMPADD's and TIMESTAMPDIFF's units: each claimed bit has one */
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
	{
		ck_assert_ptr_nonnull(fq_odbc_tsi(units[i], &bit));
		add |= bit;
		ck_assert_ptr_nonnull(fq_odbc_tsi_diff(units[i], &bit));
		diff |= bit;
		check_template("TIMESTAMPDIFF", fq_odbc_tsi_diff(units[i], &bit));
	}
	ck_assert_ptr_null(fq_odbc_tsi("SQL_TSI_FRAC_SECOND", &bit));
	ck_assert_uint_eq(bit, add);
	ck_assert_ptr_null(fq_odbc_tsi_diff("SQL_TSI_FRAC_SECOND", &bit));
	ck_assert_uint_eq(bit, diff);
}
END_TEST

static Suite *
func_suite(void)
{
	Suite *s = suite_create("func");
	TCase *tc = tcase_create("registry");

	tcase_add_loop_test(tc, test_resolve, 0, N_ELEMS(resolve_cases));
	tcase_add_test(tc, test_well_formed);
	tcase_add_test(tc, test_docs);
	tcase_add_test(tc, test_compare_queries);
	tcase_add_test(tc, test_odbc_escapes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(func_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
