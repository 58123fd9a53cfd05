/*
 * sqllogic.c — runs SQL logic test files through the engine (fq.h).
 *
 *   sqllogic [-o key=value]... [-c ext=remote]... FILE...
 *
 * File format (sqllogictest, as DuckDB uses it):
 *
 *   # comment
 *   statement ok
 *   CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT ${FQ_PORT_remote}
 *
 *   statement error 42P01
 *   SELECT * FROM rds.nope
 *
 *   query II rowsort
 *   SELECT o_id, o_custkey FROM rds.orders WHERE o_id < 3
 *   ----
 *   1	8
 *   2	15
 *
 *   query TI compare
 *   SELECT c_region, count(*) FROM rds.customers GROUP BY 1
 *
 * A record is a directive line, SQL lines, and for `query` an optional
 * "----" followed by the expected rows.  Records end at a blank line.
 *
 * Expected rows: values separated by tabs, split on every tab (an empty
 * field is an empty string; `(empty)` also stands for one, for a row of a
 * single empty value), `NULL` for SQL NULL, every other value in
 * PostgreSQL's text form (booleans t/f, dates ISO, bytea hex).  In an
 * expected value `<name>` stands for any text (for numbers that differ run
 * to run, such as times in EXPLAIN ANALYZE).
 *
 * The oracle is exact.  Values are compared as text, except in columns of
 * type real and double precision, which compare as numbers within a
 * relative tolerance (1e-6 for real, 1e-12 for double precision), since
 * the last digits of a float sum depend on the order rows are added in:
 * NaN equals NaN, infinities only themselves, and -0 differs from 0 (they
 * print differently in PostgreSQL).  The number of columns must match, and
 * NULL only equals NULL (never the text 'NULL').
 *
 * Type letters after `query`, one per column, must match the result's
 * column types: I integer types, R real/double precision, N numeric, B
 * boolean, T character types (and uuid, bytea and every type fedq shows
 * as text), D date, time, timestamp[tz] and interval.  They are checked
 * against fedq's column types for records with expected rows, and against
 * PostgreSQL's for `compare` records; `*` as the letters skips the check
 * (generated records).
 *
 * `rowsort` sorts rows before comparing (for queries without ORDER BY).
 * `compare` has no expected rows: the same SQL, with each "<schema>."
 * named by -c rewritten, runs on PostgreSQL directly (the connection string
 * in $FQ_COMPARE_CONNINFO) and fedq's result must equal PostgreSQL's:
 * same column count, the same type for each column (PostgreSQL's types as
 * fedq maps them: text and varchar are both VARCHAR, json, arrays, enums
 * and other types fedq shows as text are VARCHAR), the same rows.  When
 * PostgreSQL fails, fedq must fail with the same SQLSTATE; when fedq
 * fails, PostgreSQL must fail with the same SQLSTATE.
 *
 * ${VAR} is replaced from the environment, in directives too (`statement
 * error ${STATE}`).  `statement error` may name the SQLSTATE fedq must
 * report (5 characters) and optionally a text the message, its detail or
 * its hint must contain.
 * `statement ok compare` also runs the statement, rewritten as for
 * `compare` and with Redshift's "WITH NO SCHEMA BINDING" left out, on the
 * comparison PostgreSQL, where it must succeed too (the views a test
 * queries exist on both sides); `statement ok oracle` runs it there only
 * (to make a table an external schema shows: write it with the external
 * schema's name, which -c maps).
 * A line `onlyif key=value` before a record runs it only when the
 * connection key was given that value with -o (keys not given count as
 * their defaults: Pushdown=1, Spill=1).  `system ok` runs its text with the shell
 * between two statements and must exit 0.
 *
 * A line `option key=value` before a file's first record sets a
 * connection key for that file (after the -o ones, so it wins; onlyif
 * sees it too).
 *
 * A line `knownfail CLASS` before a record marks a wrong answer fedq gives
 * today (CLASS names the bug class, as tests/random/README.md lists them):
 * the record is skipped and reported, unless -k is given; with -k it runs,
 * and one that passes is reported as XPASS so its mark can go.
 *
 * After every record no spill file may be open (tests/spillfds.h): none
 * once its statement failed, none once it was freed.
 *
 * Failures are printed as "FAIL file:line: reason" with the reason
 * starting with a fixed phrase (tests/random/ classifies them by it).
 *
 * Options: -o key=value sets a connection key (Server, CatalogFile,
 * Pushdown, ...); -c ext=remote maps an external schema name to the
 * remote schema for `compare`; -k runs records marked knownfail; -E skips
 * records whose SQL begins with EXPLAIN (for runs with keys that change
 * plans on purpose, such as ShipToWarehouse=always).  Exit
 * status: 0 when every record that ran passed.  The last line printed is
 * "N passed, N failed" (plus the known failures skipped, if any).
 */
#include "fq.h"
#include "spillfds.h"

#include <ctype.h>
#include <fnmatch.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_OPTS 32

typedef struct text
{
	char *data;
	size_t len;
	size_t cap;
} text;

/* One row: ncols values, each a NUL-terminated text or SQL NULL. */
typedef struct row
{
	int ncols;
	char **vals; /* NULL entry = SQL NULL */
} row;

typedef struct rows
{
	int n;
	int cap;
	row *items;
	int ncols;           /* result columns */
	fq_type_id *types;   /* ncols column types, when known */
} rows;

static const char *opt_keys[MAX_OPTS];
static const char *opt_values[MAX_OPTS];
static int nopts;
/* `option` lines of the file being run: the last file_nopts of opt_keys. */
static char *file_opts[MAX_OPTS];
static int file_nopts;
static const char *map_from[MAX_OPTS];
static const char *map_to[MAX_OPTS];
static int nmaps;
static int passed;
static int failed;
static int known_skipped;
static bool run_known;
static bool skip_explain;
static int explain_skipped;
static PGconn *pg;
/* Spill files open when run() last saw its statement fail. */
static int spill_files_at_error;

static void
oom(void)
{
	fprintf(stderr, "sqllogic: out of memory\n");
	exit(2);
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		oom();
	return d;
}

static void
text_append(text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap)
	{
		size_t cap = t->cap ? t->cap * 2 : 256;

		while (cap < t->len + n + 1)
			cap *= 2;
		if ((t->data = realloc(t->data, cap)) == NULL)
			oom();
		t->cap = cap;
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
}

static void
text_reset(text *t)
{
	t->len = 0;
	if (t->data)
		t->data[0] = '\0';
}

/* Appends an empty row of ncols values and returns it. */
static row *
rows_new_row(rows *r, int ncols)
{
	row *w;

	if (r->n == r->cap)
	{
		r->cap = r->cap ? r->cap * 2 : 16;
		if ((r->items = realloc(r->items, sizeof(row) * (size_t) r->cap)) == NULL)
			oom();
	}
	w = &r->items[r->n++];
	w->ncols = ncols;
	w->vals = calloc((size_t) (ncols > 0 ? ncols : 1), sizeof(char *));
	if (w->vals == NULL)
		oom();
	return w;
}

/* An expected row: split on every tab; "NULL" is SQL NULL. */
static void
rows_add_expected(rows *r, const char *line)
{
	int ncols = 1;
	row *w;
	const char *p = line;

	for (const char *q = line; *q; q++)
		if (*q == '\t')
			ncols++;
	w = rows_new_row(r, ncols);
	for (int i = 0; i < ncols; i++)
	{
		const char *tab = strchr(p, '\t');
		size_t n = tab ? (size_t) (tab - p) : strlen(p);

		if (n == 4 && strncmp(p, "NULL", 4) == 0)
			w->vals[i] = NULL;
		else if (n == 7 && strncmp(p, "(empty)", 7) == 0)
			w->vals[i] = xstrdup("");
		else
		{
			if ((w->vals[i] = strndup(p, n)) == NULL)
				oom();
		}
		p += n + (tab ? 1 : 0);
	}
}

static void
rows_free(rows *r)
{
	for (int i = 0; i < r->n; i++)
	{
		for (int j = 0; j < r->items[i].ncols; j++)
			free(r->items[i].vals[j]);
		free(r->items[i].vals);
	}
	free(r->items);
	free(r->types);
	memset(r, 0, sizeof(*r));
}

/* Row order for rowsort: value by value, NULL after every text. */
static int
cmp_row(const void *a, const void *b)
{
	const row *x = a;
	const row *y = b;

	for (int i = 0; i < x->ncols && i < y->ncols; i++)
	{
		const char *u = x->vals[i];
		const char *v = y->vals[i];
		int c;

		if (u == NULL || v == NULL)
		{
			if (u == NULL && v == NULL)
				continue;
			return u == NULL ? 1 : -1;
		}
		if ((c = strcmp(u, v)) != 0)
			return c;
	}
	return x->ncols - y->ncols;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

static const char *
type_name(fq_type_id t)
{
	switch (t)
	{
		case FQ_T_BOOL: return "boolean";
		case FQ_T_INT2: return "smallint";
		case FQ_T_INT4: return "integer";
		case FQ_T_INT8: return "bigint";
		case FQ_T_DECIMAL: return "numeric";
		case FQ_T_FLOAT4: return "real";
		case FQ_T_FLOAT8: return "double precision";
		case FQ_T_CHAR: return "char";
		case FQ_T_VARCHAR: return "varchar";
		case FQ_T_DATE: return "date";
		case FQ_T_TIME: return "time";
		case FQ_T_TIMESTAMP: return "timestamp";
		case FQ_T_TIMESTAMPTZ: return "timestamptz";
		case FQ_T_INTERVAL: return "interval";
		case FQ_T_UUID: return "uuid";
		case FQ_T_BYTEA: return "bytea";
		case FQ_T_UNKNOWN: return "unknown";
		default: return "?";
	}
}

/* The type letter of a column type (see the header comment). */
static char
type_letter(fq_type_id t)
{
	switch (t)
	{
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
			return 'I';
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			return 'R';
		case FQ_T_DECIMAL:
			return 'N';
		case FQ_T_BOOL:
			return 'B';
		case FQ_T_DATE:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_INTERVAL:
			return 'D';
		default:
			return 'T';
	}
}

/*
 * fedq's type for a PostgreSQL result column (RowDescription reports a
 * domain as its base type).  Types fedq has no counterpart for arrive as
 * VARCHAR text.
 */
static fq_type_id
pg_type(Oid oid)
{
	switch (oid)
	{
		case 16: return FQ_T_BOOL;
		case 21: return FQ_T_INT2;
		case 23: return FQ_T_INT4;
		case 20: return FQ_T_INT8;
		case 1700: return FQ_T_DECIMAL;
		case 700: return FQ_T_FLOAT4;
		case 701: return FQ_T_FLOAT8;
		case 1042: return FQ_T_CHAR;
		case 1082: return FQ_T_DATE;
		case 1083: return FQ_T_TIME;
		case 1114: return FQ_T_TIMESTAMP;
		case 1184: return FQ_T_TIMESTAMPTZ;
		case 1186: return FQ_T_INTERVAL;
		case 2950: return FQ_T_UUID;
		case 17: return FQ_T_BYTEA;
		default: return FQ_T_VARCHAR; /* text, varchar, name, json, ... */
	}
}

/* ------------------------------------------------------------------ */
/* Running statements                                                  */
/* ------------------------------------------------------------------ */

/* ${VAR} from the environment. */
static void
substitute(const char *in, text *out)
{
	text_reset(out);
	while (*in)
	{
		if (in[0] == '$' && in[1] == '{')
		{
			const char *end = strchr(in, '}');

			if (end != NULL)
			{
				char name[128];
				size_t n = (size_t) (end - in - 2);
				const char *v;

				if (n < sizeof(name))
				{
					memcpy(name, in + 2, n);
					name[n] = '\0';
					v = getenv(name);
					text_append(out, v ? v : "", v ? strlen(v) : 0);
					in = end + 1;
					continue;
				}
			}
		}
		text_append(out, in, 1);
		in++;
	}
}

static void
print_diags(const fq_diags *d)
{
	for (int i = 0; i < fq_diags_count(d); i++)
	{
		const fq_diag *g = fq_diags_get(d, i);

		fprintf(stderr, "    [%s] %s%s%s%s%s\n", g->sqlstate, g->message, g->detail ? " — " : "",
				g->detail ? g->detail : "", g->hint ? " HINT: " : "", g->hint ? g->hint : "");
	}
}

static fq_session *
open_session(void)
{
	fq_session *s = fq_session_new();

	if (s == NULL)
		oom();
	for (int i = 0; i < nopts; i++)
		if (fq_session_set_option(s, opt_keys[i], opt_values[i]) < 0)
		{
			print_diags(fq_session_diags(s));
			exit(2);
		}
	if (fq_session_connect(s) < 0)
	{
		fprintf(stderr, "sqllogic: cannot connect:\n");
		print_diags(fq_session_diags(s));
		exit(2);
	}
	return s;
}

/* A statement that failed has closed its result, spill files with it
 * (checked by check_spill_files). */
static int
failed_run(void)
{
	spill_files_at_error = open_spill_files();
	return -1;
}

/* Runs sql; on success collects its columns and rows (when `out` is given). */
static int
run(fq_session *s, const char *sql, rows *out, const fq_diags **diags, fq_stmt **keep)
{
	fq_stmt *st = fq_stmt_new(s);
	const fq_batch *b;
	int rc;
	int ncols;
	char buf[256];

	if (st == NULL)
		oom();
	*keep = st;
	*diags = fq_stmt_diags(st);
	if (fq_stmt_prepare(st, sql, strlen(sql)) < 0 || fq_stmt_execute(st) < 0)
		return failed_run();
	if ((ncols = fq_stmt_describe(st)) <= 0)
		return ncols < 0 ? failed_run() : 0;
	if (out != NULL)
	{
		out->ncols = ncols;
		if ((out->types = calloc((size_t) ncols, sizeof(fq_type_id))) == NULL)
			oom();
		for (int i = 0; i < ncols; i++)
			out->types[i] = fq_stmt_column(st, i)->type.id;
	}
	while ((rc = fq_stmt_fetch(st, &b)) > 0)
	{
		if (out == NULL)
			continue;
		for (uint32_t r = 0; r < b->nrows; r++)
		{
			row *w = rows_new_row(out, (int) b->ncols);

			for (uint32_t c = 0; c < b->ncols; c++)
			{
				const fq_vector *v = &b->cols[c];
				size_t need;

				if (v->nulls != NULL && v->nulls[r])
					continue;
				need = fq_format_value(v, r, buf, sizeof(buf), false);
				if ((w->vals[c] = malloc(need + 1)) == NULL)
					oom();
				if (need < sizeof(buf))
					memcpy(w->vals[c], buf, need + 1);
				else
					fq_format_value(v, r, w->vals[c], need + 1, false);
			}
		}
	}
	return rc < 0 ? failed_run() : 0;
}

/* The SQL with external schema names rewritten for PostgreSQL. */
static void
rewrite_for_compare(const char *sql, text *out)
{
	text_reset(out);
	while (*sql)
	{
		bool done = false;

		for (int i = 0; i < nmaps && !done; i++)
		{
			size_t n = strlen(map_from[i]);

			if (strncmp(sql, map_from[i], n) == 0 && sql[n] == '.' &&
				(out->len == 0 || !(isalnum((unsigned char) out->data[out->len - 1]) ||
									out->data[out->len - 1] == '_' ||
									out->data[out->len - 1] == '.')))
			{
				text_append(out, map_to[i], strlen(map_to[i]));
				sql += n;
				done = true;
			}
		}
		if (!done)
			text_append(out, sql++, 1);
	}
}

/* The comparison connection, opened once and kept while it is healthy. */
static PGconn *
pg_conn(void)
{
	const char *conninfo = getenv("FQ_COMPARE_CONNINFO");

	if (pg != NULL && PQstatus(pg) == CONNECTION_OK)
		return pg;
	if (pg != NULL)
		PQfinish(pg);
	pg = NULL;
	if (conninfo == NULL)
	{
		fprintf(stderr, "    compare needs FQ_COMPARE_CONNINFO\n");
		return NULL;
	}
	pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK)
	{
		fprintf(stderr, "    compare: %s", PQerrorMessage(pg));
		PQfinish(pg);
		pg = NULL;
		return NULL;
	}
	/* The text forms fedq prints (engine/types/textio.c). */
	PQclear(PQexec(pg, "SET extra_float_digits = 1; SET TimeZone = 'UTC'; SET DateStyle = ISO; "
					   "SET IntervalStyle = postgres; SET bytea_output = hex"));
	if (getenv("FQ_COMPARE_TIMEOUT") != NULL)
	{
		text set = {0};

		text_append(&set, "SET statement_timeout = '", 25);
		text_append(&set, getenv("FQ_COMPARE_TIMEOUT"), strlen(getenv("FQ_COMPARE_TIMEOUT")));
		text_append(&set, "s'", 2);
		PQclear(PQexec(pg, set.data));
		free(set.data);
	}
	return pg;
}

/*
 * Runs sql on PostgreSQL: 0 with its columns and rows, 1 when PostgreSQL
 * raised an error (its SQLSTATE and message in state/msg), -1 when it
 * could not be asked.
 */
static int
run_postgres(const char *sql, rows *out, char state[6], text *msg)
{
	PGconn *c = pg_conn();
	PGresult *r;

	if (c == NULL)
		return -1;
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		int rc = st != NULL ? 1 : -1;

		if (rc < 0)
			fprintf(stderr, "    compare: PostgreSQL: %s", PQerrorMessage(c));
		snprintf(state, 6, "%s", st ? st : "?????");
		text_reset(msg);
		if (m != NULL)
			text_append(msg, m, strlen(m));
		PQclear(r);
		return rc;
	}
	out->ncols = PQnfields(r);
	if ((out->types = calloc((size_t) (out->ncols > 0 ? out->ncols : 1), sizeof(fq_type_id))) ==
		NULL)
		oom();
	for (int j = 0; j < out->ncols; j++)
		out->types[j] = pg_type(PQftype(r, j));
	for (int i = 0; i < PQntuples(r); i++)
	{
		row *w = rows_new_row(out, out->ncols);

		for (int j = 0; j < out->ncols; j++)
			if (!PQgetisnull(r, i, j))
				w->vals[j] = xstrdup(PQgetvalue(r, i, j));
	}
	PQclear(r);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Comparing                                                           */
/* ------------------------------------------------------------------ */

/* A float's text as a double: the whole text must parse. */
static bool
parse_float(const char *s, double *out)
{
	char *end;

	if (*s == '\0' || isspace((unsigned char) *s))
		return false;
	*out = strtod(s, &end);
	return *end == '\0';
}

/* Two values of a real/double precision column (see the header). */
static bool
float_equal(const char *a, const char *b, fq_type_id t)
{
	double x;
	double y;
	double tol = t == FQ_T_FLOAT4 ? 1e-6 : 1e-12;

	if (strcmp(a, b) == 0)
		return true;
	if (!parse_float(a, &x) || !parse_float(b, &y))
		return false;
	if (isnan(x) || isnan(y))
		return isnan(x) && isnan(y);
	if (isinf(x) || isinf(y))
		return x == y;
	if (x == 0 || y == 0)
		return x == y && signbit(x) == signbit(y);
	if (signbit(x) != signbit(y))
		return false;
	return fabs(x - y) <= tol * fmax(fabs(x), fabs(y));
}

/* An expected value with <placeholders>, as an fnmatch pattern. */
static bool
value_matches_pattern(const char *got, const char *want)
{
	text pat = {0};
	bool m;

	for (const char *p = want; *p; p++)
	{
		if (*p == '<' && strchr(p, '>') != NULL)
		{
			text_append(&pat, "*", 1);
			p = strchr(p, '>');
			continue;
		}
		if (*p == '*' || *p == '?' || *p == '[' || *p == '\\')
			text_append(&pat, "\\", 1);
		text_append(&pat, p, 1);
	}
	m = fnmatch(pat.data ? pat.data : "", got, 0) == 0;
	free(pat.data);
	return m;
}

/* got's value against want's (expected rows may hold <placeholders>). */
static bool
value_equal(const char *got, const char *want, fq_type_id t, bool patterns)
{
	if (got == NULL || want == NULL)
		return got == NULL && want == NULL;
	if (t == FQ_T_FLOAT4 || t == FQ_T_FLOAT8)
		return float_equal(got, want, t);
	if (strcmp(got, want) == 0)
		return true;
	return patterns && strchr(want, '<') != NULL && strchr(want, '>') != NULL &&
		   value_matches_pattern(got, want);
}

/*
 * Rows equal under the column types `types` (the reference's).  On a
 * difference, *bad_row and *bad_col say where (col -1: the number of
 * values).
 */
static bool
rows_equal(rows *got, rows *want, const fq_type_id *types, int ncols, bool sort, bool patterns,
		   int *bad_row, int *bad_col)
{
	/* (no rows: no array to sort, and qsort may not be given NULL) */
	if (sort && got->n > 0)
		qsort(got->items, (size_t) got->n, sizeof(row), cmp_row);
	if (sort && want->n > 0)
		qsort(want->items, (size_t) want->n, sizeof(row), cmp_row);
	*bad_row = *bad_col = -1;
	for (int i = 0; i < got->n && i < want->n; i++)
	{
		row *g = &got->items[i];
		row *w = &want->items[i];

		*bad_row = i;
		if (g->ncols != w->ncols)
			return false;
		for (int j = 0; j < g->ncols; j++)
			if (!value_equal(g->vals[j], w->vals[j], j < ncols ? types[j] : FQ_T_VARCHAR,
							 patterns))
			{
				*bad_col = j;
				return false;
			}
	}
	*bad_row = got->n < want->n ? got->n : want->n;
	return got->n == want->n;
}

static void
show_rows(const char *label, const rows *r, int mark)
{
	fprintf(stderr, "    %s (%d rows):\n", label, r->n);
	for (int i = 0; i < r->n && i < 40; i++)
	{
		fprintf(stderr, "     %c", i == mark ? '>' : ' ');
		for (int j = 0; j < r->items[i].ncols; j++)
		{
			const char *v = r->items[i].vals[j];

			fprintf(stderr, "%s%s", j > 0 ? "\t" : "", v == NULL ? "NULL" : v);
			if (v != NULL && (strcmp(v, "NULL") == 0 || *v == '\0'))
				fprintf(stderr, "%s", *v == '\0' ? "(empty)" : "(text)");
		}
		fputc('\n', stderr);
	}
	if (r->n > 40)
		fprintf(stderr, "      ...\n");
}

/* A value for a one-line message: NULL bare, texts that could be taken
 * for something else ('', 'NULL', blanks at either end) quoted. */
static const char *
show_value(const char *v, char *buf, size_t cap)
{
	size_t n;

	if (v == NULL)
		return "NULL";
	n = strlen(v);
	if (n == 0 || strcmp(v, "NULL") == 0 || isspace((unsigned char) v[0]) ||
		isspace((unsigned char) v[n - 1]))
		snprintf(buf, cap, "'%s'", v);
	else
		snprintf(buf, cap, "%s", v);
	return buf;
}

static void
show_types(const char *label, const rows *r)
{
	fprintf(stderr, "    %s types:", label);
	for (int i = 0; i < r->ncols; i++)
		fprintf(stderr, " %s", type_name(r->types[i]));
	fputc('\n', stderr);
}

static void
fail_record(const char *file, int line, const char *sql, const char *why)
{
	failed++;
	fprintf(stderr, "FAIL %s:%d: %s\n    %s\n", file, line, why, sql);
}

/* After a record's statement is freed: no spill file of it is open, nor
 * was one when it failed (exec/spill.c unlinks them at once, so only
 * their descriptors could be left). */
static void
check_spill_files(const char *file, int line, const char *sql)
{
	int at_error = spill_files_at_error;
	int now = open_spill_files();
	char why[128];

	spill_files_at_error = 0;
	if (at_error > 0)
	{
		snprintf(why, sizeof(why), "%d spill files still open after the statement failed",
				 at_error);
		fail_record(file, line, sql, why);
	}
	if (now > 0)
	{
		snprintf(why, sizeof(why), "%d spill files still open after the statement was freed",
				 now);
		fail_record(file, line, sql, why);
	}
}

/* The letters a result's types call for, in buf. */
static void
letters_of(const rows *r, char *buf, size_t cap)
{
	int i;

	for (i = 0; i < r->ncols && (size_t) i + 1 < cap; i++)
		buf[i] = type_letter(r->types[i]);
	buf[i] = '\0';
}

/* True when the record's letters fit ref's column types (or are "*"). */
static bool
letters_ok(const char *file, int line, const char *sql, const char *letters, const rows *ref,
		   const char *whose)
{
	char want[256];
	char why[512];

	if (strcmp(letters, "*") == 0)
		return true;
	letters_of(ref, want, sizeof(want));
	if (strcmp(letters, want) == 0)
		return true;
	snprintf(why, sizeof(why), "type letters %s do not match %s column types: %s", letters, whose,
			 want);
	fail_record(file, line, sql, why);
	show_types(whose, ref);
	return false;
}

static const char *
first_state(const fq_diags *d)
{
	return fq_diags_count(d) > 0 ? fq_diags_get(d, 0)->sqlstate : "?????";
}

static const char *
first_message(const fq_diags *d)
{
	return fq_diags_count(d) > 0 ? fq_diags_get(d, 0)->message : "(no diagnostic record)";
}

/* A statement on the comparison PostgreSQL: 0 when it succeeded. */
static int
run_postgres_statement(const char *sql)
{
	PGconn *c = pg_conn();
	text pgsql = {0};
	const char *drop = " WITH NO SCHEMA BINDING";
	PGresult *r;
	char *at;
	int rc = 0;

	if (c == NULL)
		return -1;
	rewrite_for_compare(sql, &pgsql);
	/* PostgreSQL's views are bound when created; the clause is Redshift's. */
	while ((at = strcasestr(pgsql.data, drop)) != NULL)
		memmove(at, at + strlen(drop), strlen(at + strlen(drop)) + 1);
	r = PQexec(c, pgsql.data);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		fprintf(stderr, "    PostgreSQL: %s", PQerrorMessage(c));
		rc = -1;
	}
	PQclear(r);
	free(pgsql.data);
	return rc;
}

/* A `compare` record: fedq's outcome against PostgreSQL's. */
static void
run_compare(fq_session *s, const char *file, int line, const char *sql, const char *letters,
			bool sort)
{
	const fq_diags *d;
	fq_stmt *st = NULL;
	rows got = {0};
	rows want = {0};
	text pgsql = {0};
	text pgmsg = {0};
	char pgstate[6] = "";
	char why[1024];
	int frc;
	int prc;
	int bad_row;
	int bad_col;

	frc = run(s, sql, &got, &d, &st);
	rewrite_for_compare(sql, &pgsql);
	prc = run_postgres(pgsql.data, &want, pgstate, &pgmsg);
	if (prc < 0)
		fail_record(file, line, sql, "the comparison query could not run on PostgreSQL");
	else if (prc > 0 && frc < 0)
	{
		if (strcmp(first_state(d), pgstate) == 0)
			passed++;
		else
		{
			snprintf(why, sizeof(why),
					 "both failed with different SQLSTATEs: fedq %s, PostgreSQL %s (%s)",
					 first_state(d), pgstate, pgmsg.data ? pgmsg.data : "");
			fail_record(file, line, sql, why);
			print_diags(d);
		}
	}
	else if (prc > 0)
	{
		snprintf(why, sizeof(why), "PostgreSQL failed where fedq succeeded: %s %s", pgstate,
				 pgmsg.data ? pgmsg.data : "");
		fail_record(file, line, sql, why);
		show_rows("fedq", &got, -1);
	}
	else if (frc < 0)
	{
		snprintf(why, sizeof(why), "fedq failed where PostgreSQL succeeded: %s %s",
				 first_state(d), first_message(d));
		fail_record(file, line, sql, why);
		print_diags(d);
	}
	else if (got.ncols != want.ncols)
	{
		snprintf(why, sizeof(why), "column count differs: fedq %d, PostgreSQL %d", got.ncols,
				 want.ncols);
		fail_record(file, line, sql, why);
	}
	else if (letters_ok(file, line, sql, letters, &want, "PostgreSQL"))
	{
		int bad = -1;

		/* text and varchar are one type to fedq; CHAR results of
		 * expressions PostgreSQL types as text are a difference. */
		for (int i = 0; i < got.ncols && bad < 0; i++)
			if (got.types[i] != want.types[i])
				bad = i;
		if (bad >= 0)
		{
			snprintf(why, sizeof(why), "column types differ: column %d is %s in fedq, %s in PostgreSQL",
					 bad + 1, type_name(got.types[bad]), type_name(want.types[bad]));
			fail_record(file, line, sql, why);
			show_types("fedq", &got);
			show_types("PostgreSQL", &want);
		}
		else if (!rows_equal(&got, &want, want.types, want.ncols, sort, false, &bad_row, &bad_col))
		{
			if (bad_col >= 0)
			{
				char a[200];
				char b[200];

				snprintf(why, sizeof(why),
						 "result differs from PostgreSQL's: row %d column %d (%s): fedq %s, PostgreSQL %s",
						 bad_row + 1, bad_col + 1, type_name(want.types[bad_col]),
						 show_value(got.items[bad_row].vals[bad_col], a, sizeof(a)),
						 show_value(want.items[bad_row].vals[bad_col], b, sizeof(b)));
			}
			else
				snprintf(why, sizeof(why),
						 "result differs from PostgreSQL's: fedq has %d rows, PostgreSQL %d", got.n,
						 want.n);
			fail_record(file, line, sql, why);
			show_rows("fedq", &got, bad_row);
			show_rows("PostgreSQL", &want, bad_row);
		}
		else
			passed++;
	}
	if (st != NULL)
		fq_stmt_free(st);
	check_spill_files(file, line, sql);
	free(pgsql.data);
	free(pgmsg.data);
	rows_free(&got);
	rows_free(&want);
}

static void
run_record(fq_session *s, const char *file, int line, const char *directive, const char *sql,
		   rows *expected, bool has_expected)
{
	const fq_diags *d;
	fq_stmt *st = NULL;
	rows got = {0};
	char kind[32] = "";
	char arg1[64] = "";
	char arg2[256] = "";
	int rc;

	sscanf(directive, "%31s %63s %255[^\n]", kind, arg1, arg2);
	if (strcmp(kind, "system") == 0)
	{
		/* A shell command between statements (changing a server under the
		 * session, say); it must succeed. */
		int status;

		fflush(NULL);
		status = system(sql);
		if (strcmp(arg1, "ok") != 0)
			fail_record(file, line, sql, "unknown system directive");
		else if (status != 0)
			fail_record(file, line, sql, "the command failed");
		else
			passed++;
		return;
	}
	if (strcmp(kind, "statement") == 0 && strcmp(arg1, "ok") == 0 && strcmp(arg2, "oracle") == 0)
	{
		if (run_postgres_statement(sql) < 0)
			fail_record(file, line, sql, "the statement failed on PostgreSQL");
		else
			passed++;
		return;
	}
	if (strcmp(kind, "statement") == 0)
	{
		rc = run(s, sql, NULL, &d, &st);
		if (strcmp(arg1, "ok") == 0)
		{
			if (rc < 0)
			{
				fail_record(file, line, sql, "statement failed");
				print_diags(d);
			}
			else if (strcmp(arg2, "compare") == 0 && run_postgres_statement(sql) < 0)
				fail_record(file, line, sql, "the statement failed on PostgreSQL");
			else
				passed++;
		}
		else if (strcmp(arg1, "error") == 0)
		{
			const fq_diag *g = fq_diags_count(d) > 0 ? fq_diags_get(d, 0) : NULL;

			if (rc == 0)
				fail_record(file, line, sql, "statement succeeded but should have failed");
			else if (g == NULL)
				fail_record(file, line, sql, "statement failed without a diagnostic record");
			else if (arg2[0] != '\0' && strlen(arg2) >= 5 &&
					 strncmp(g->sqlstate, arg2, 5) != 0)
			{
				char why[128];

				snprintf(why, sizeof(why), "expected SQLSTATE %.5s, got %s", arg2, g->sqlstate);
				fail_record(file, line, sql, why);
				print_diags(d);
			}
			else if (strlen(arg2) > 6 && strstr(g->message, arg2 + 6) == NULL &&
					 (g->detail == NULL || strstr(g->detail, arg2 + 6) == NULL) &&
					 (g->hint == NULL || strstr(g->hint, arg2 + 6) == NULL))
			{
				fail_record(file, line, sql, "error message lacks the expected text");
				print_diags(d);
			}
			else
				passed++;
		}
		else
			fail_record(file, line, sql, "unknown statement directive");
	}
	else if (strcmp(kind, "query") == 0)
	{
		bool sort = strstr(arg2, "rowsort") != NULL;
		int bad_row;
		int bad_col;

		if (strstr(arg2, "compare") != NULL)
		{
			if (has_expected)
				fail_record(file, line, sql, "a compare record has expected rows");
			else
				run_compare(s, file, line, sql, arg1, sort);
			return;
		}
		rc = run(s, sql, &got, &d, &st);
		if (rc < 0)
		{
			fail_record(file, line, sql, "query failed");
			print_diags(d);
		}
		else if (!has_expected)
			fail_record(file, line, sql, "query has neither expected rows nor compare");
		else if (!letters_ok(file, line, sql, arg1, &got, "fedq"))
			;
		else if (!rows_equal(&got, expected, got.types, got.ncols, sort, true, &bad_row, &bad_col))
		{
			char why[128];

			if (bad_col >= 0)
				snprintf(why, sizeof(why), "result differs: row %d column %d", bad_row + 1,
						 bad_col + 1);
			else if (bad_row >= 0 && bad_row < got.n && bad_row < expected->n)
				snprintf(why, sizeof(why), "result differs: row %d has %d values, expected %d",
						 bad_row + 1, got.items[bad_row].ncols, expected->items[bad_row].ncols);
			else
				snprintf(why, sizeof(why), "result differs: %d rows, expected %d", got.n,
						 expected->n);
			fail_record(file, line, sql, why);
			show_rows("got", &got, bad_row);
			show_rows("expected", expected, bad_row);
		}
		else
			passed++;
	}
	else
		fail_record(file, line, sql, "unknown directive");
	if (st != NULL)
		fq_stmt_free(st);
	check_spill_files(file, line, sql);
	rows_free(&got);
}

/* True if "key=value" matches the -o options (Pushdown defaults to 1). */
static bool
option_is(const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t klen = eq ? (size_t) (eq - kv) : strlen(kv);
	const char *want = eq ? eq + 1 : "";

	for (int i = nopts - 1; i >= 0; i--)
		if (strlen(opt_keys[i]) == klen && strncasecmp(opt_keys[i], kv, klen) == 0)
			return strcmp(opt_values[i], want) == 0;
	if ((klen == 8 && strncasecmp(kv, "pushdown", 8) == 0) ||
		(klen == 5 && strncasecmp(kv, "spill", 5) == 0))
		return strcmp(want, "1") == 0;
	return false;
}

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	int rec_line = 0;
	text directive = {0};
	text sql = {0};
	text sub = {0};
	rows expected = {0};
	bool in_expected = false;
	bool has_expected = false;
	bool skip_record = false;
	text known = {0};
	fq_session *s;

	if (f == NULL)
	{
		fprintf(stderr, "sqllogic: cannot open %s\n", path);
		failed++;
		return;
	}
	/* The file's own connection keys, before its first record. */
	{
		int saved_nopts = nopts;

		while ((n = getline(&line, &cap, f)) >= 0)
		{
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			if (n == 0 || line[0] == '#')
				continue;
			if (strncmp(line, "option ", 7) != 0)
				break;
			if (strchr(line + 7, '=') != NULL && nopts < MAX_OPTS)
			{
				char *kv = xstrdup(line + 7);
				char *eq = strchr(kv, '=');

				*eq = '\0';
				file_opts[nopts - saved_nopts] = kv;
				opt_keys[nopts] = kv;
				opt_values[nopts++] = eq + 1;
			}
		}
		rewind(f);
		file_nopts = nopts - saved_nopts;
	}
	s = open_session();
	for (;;)
	{
		n = getline(&line, &cap, f);
		if (n >= 0)
		{
			lineno++;
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
		}
		if (n < 0 || n == 0)
		{
			if (directive.len > 0 && !skip_record && known.len > 0 && !run_known)
			{
				known_skipped++;
				printf("known failure skipped: %s:%d [%s]\n", path, rec_line, known.data);
			}
			else if (directive.len > 0 && !skip_record && skip_explain && sql.data != NULL &&
					 strncasecmp(sql.data, "explain", 7) == 0)
				explain_skipped++;
			else if (directive.len > 0 && !skip_record)
			{
				char *dir;
				int failed_before = failed;

				substitute(directive.data, &sub);
				dir = xstrdup(sub.data ? sub.data : "");
				substitute(sql.data ? sql.data : "", &sub);
				run_record(s, path, rec_line, dir, sub.data ? sub.data : "", &expected,
						   has_expected);
				if (known.len > 0 && failed == failed_before)
					printf("XPASS %s:%d [%s]: passes now; remove its knownfail line\n", path,
						   rec_line, known.data);
				free(dir);
			}
			skip_record = false;
			text_reset(&known);
			text_reset(&directive);
			text_reset(&sql);
			rows_free(&expected);
			in_expected = has_expected = false;
			if (n < 0)
				break;
			continue;
		}
		if (line[0] == '#' && directive.len == 0)
			continue;
		if (directive.len == 0 && strncmp(line, "option ", 7) == 0)
			continue;
		if (directive.len == 0 && strncmp(line, "onlyif ", 7) == 0)
		{
			skip_record = skip_record || !option_is(line + 7);
			continue;
		}
		if (directive.len == 0 && strncmp(line, "knownfail ", 10) == 0)
		{
			if (known.len > 0)
				text_append(&known, ", ", 2);
			text_append(&known, line + 10, strlen(line + 10));
			continue;
		}
		if (directive.len == 0)
		{
			text_append(&directive, line, (size_t) n);
			rec_line = lineno;
			continue;
		}
		if (strcmp(line, "----") == 0)
		{
			in_expected = has_expected = true;
			continue;
		}
		if (in_expected)
		{
			substitute(line, &sub);
			rows_add_expected(&expected, sub.data ? sub.data : "");
		}
		else
		{
			if (sql.len > 0)
				text_append(&sql, "\n", 1);
			text_append(&sql, line, (size_t) n);
		}
	}
	fq_session_free(s);
	fclose(f);
	nopts -= file_nopts;
	for (int i = 0; i < file_nopts; i++)
		free(file_opts[i]);
	file_nopts = 0;
	free(line);
	free(directive.data);
	free(sql.data);
	free(sub.data);
	free(known.data);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && nopts < MAX_OPTS)
		{
			char *eq = strchr(argv[++i], '=');

			if (eq == NULL)
				return 2;
			*eq = '\0';
			opt_keys[nopts] = argv[i];
			opt_values[nopts++] = eq + 1;
		}
		else if (strcmp(argv[i], "-k") == 0)
			run_known = true;
		else if (strcmp(argv[i], "-E") == 0)
			skip_explain = true;
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc && nmaps < MAX_OPTS)
		{
			char *eq = strchr(argv[++i], '=');

			if (eq == NULL)
				return 2;
			*eq = '\0';
			map_from[nmaps] = argv[i];
			map_to[nmaps++] = eq + 1;
		}
		else
			break;
	}
	for (; i < argc; i++)
		run_file(argv[i]);
	if (pg != NULL)
		PQfinish(pg);
	if (explain_skipped > 0)
		printf("%d EXPLAIN records skipped (-E)\n", explain_skipped);
	if (known_skipped > 0)
		printf("%d passed, %d failed, %d known failures skipped (-k runs them)\n", passed, failed,
			   known_skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 && (passed > 0 || known_skipped > 0) ? 0 : 1;
}
