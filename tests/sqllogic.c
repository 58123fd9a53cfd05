/*
 * sqllogic.c — runs SQL logic test files through the engine (fq.h).
 *
 *   sqllogic [-o key=value]... FILE...
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
 *   query TT compare
 *   SELECT c_region, count(*) FROM rds.customers GROUP BY 1
 *
 * A record is a directive line, SQL lines, and for `query` an optional
 * "----" followed by the expected rows (values tab-separated, NULL as
 * "NULL", booleans t/f, other values in PostgreSQL's text form).  Records
 * end at a blank line.  `rowsort` sorts rows before comparing (for queries
 * without ORDER BY).  `compare` has no expected rows: the same SQL, with
 * each "<schema>." named by -c rewritten, runs on PostgreSQL directly
 * (the connection string in $FQ_COMPARE_CONNINFO) and the results must
 * match, numbers as values.  ${VAR} is replaced from the environment.
 * `statement error` may name the SQLSTATE fedq must report (5 characters)
 * and optionally a text the message must contain.  In expected rows,
 * `<name>` stands for any text (for numbers that differ run to run, such
 * as times in EXPLAIN ANALYZE).  A line `onlyif key=value` before a record
 * runs it only when the connection key was given that value with -o (keys
 * not given count as their defaults: Pushdown=1).  `system ok` runs its
 * text with the shell between two statements and must exit 0.  ${VAR}
 * works in directives too (`statement error ${STATE}`).
 *
 * Options: -o key=value sets a connection key (Server, CatalogFile,
 * Pushdown, ...); -c ext=remote maps an external schema name to the
 * remote schema for `compare`.  Exit status: 0 when every record passed.
 * The last line printed is "N passed, N failed".
 */
#include "fq.h"

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

typedef struct rows
{
	int n;
	int cap;
	char **items;  /* each a row: values joined by tabs */
} rows;

static const char *opt_keys[MAX_OPTS];
static const char *opt_values[MAX_OPTS];
static int nopts;
static const char *map_from[MAX_OPTS];
static const char *map_to[MAX_OPTS];
static int nmaps;
static int passed;
static int failed;

static void
oom(void)
{
	fprintf(stderr, "sqllogic: out of memory\n");
	exit(2);
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

static void
rows_add(rows *r, const char *s)
{
	if (r->n == r->cap)
	{
		r->cap = r->cap ? r->cap * 2 : 16;
		if ((r->items = realloc(r->items, sizeof(char *) * (size_t) r->cap)) == NULL)
			oom();
	}
	if ((r->items[r->n++] = strdup(s)) == NULL)
		oom();
}

static void
rows_free(rows *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->items[i]);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

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

		fprintf(stderr, "    [%s] %s%s%s\n", g->sqlstate, g->message, g->detail ? " — " : "",
				g->detail ? g->detail : "");
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

/* Runs sql; on success collects its rows (when `out` is given). */
static int
run(fq_session *s, const char *sql, rows *out, const fq_diags **diags, fq_stmt **keep)
{
	fq_stmt *st = fq_stmt_new(s);
	const fq_batch *b;
	int rc;
	text row = {0};
	char buf[256];

	if (st == NULL)
		oom();
	*keep = st;
	*diags = fq_stmt_diags(st);
	if (fq_stmt_prepare(st, sql, strlen(sql)) < 0 || fq_stmt_execute(st) < 0)
		return -1;
	if (fq_stmt_describe(st) <= 0)
		return 0;
	while ((rc = fq_stmt_fetch(st, &b)) > 0)
	{
		for (uint32_t r = 0; r < b->nrows; r++)
		{
			text_reset(&row);
			for (uint32_t c = 0; c < b->ncols; c++)
			{
				const fq_vector *v = &b->cols[c];

				if (c > 0)
					text_append(&row, "\t", 1);
				if (v->nulls != NULL && v->nulls[r])
					text_append(&row, "NULL", 4);
				else
				{
					size_t need = fq_format_value(v, r, buf, sizeof(buf), false);

					if (need < sizeof(buf))
						text_append(&row, buf, need);
					else
					{
						char *big = malloc(need + 1);

						if (big == NULL)
							oom();
						fq_format_value(v, r, big, need + 1, false);
						text_append(&row, big, need);
						free(big);
					}
				}
			}
			if (out != NULL)
				rows_add(out, row.data ? row.data : "");
		}
	}
	free(row.data);
	return rc < 0 ? -1 : 0;
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
									out->data[out->len - 1] == '_')))
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

static int
run_postgres(const char *sql, rows *out)
{
	const char *conninfo = getenv("FQ_COMPARE_CONNINFO");
	PGconn *c;
	PGresult *r;
	text row = {0};

	if (conninfo == NULL)
	{
		fprintf(stderr, "    compare needs FQ_COMPARE_CONNINFO\n");
		return -1;
	}
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK)
	{
		fprintf(stderr, "    compare: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PQclear(PQexec(c, "SET extra_float_digits = 1; SET TimeZone = 'UTC'; SET DateStyle = ISO; SET IntervalStyle = postgres"));
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		fprintf(stderr, "    compare: PostgreSQL: %s", PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		return -1;
	}
	for (int i = 0; i < PQntuples(r); i++)
	{
		text_reset(&row);
		for (int j = 0; j < PQnfields(r); j++)
		{
			const char *v = PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j);

			if (j > 0)
				text_append(&row, "\t", 1);
			text_append(&row, v, strlen(v));
		}
		rows_add(out, row.data ? row.data : "");
	}
	free(row.data);
	PQclear(r);
	PQfinish(c);
	return 0;
}

/* Values equal as text, or as numbers (1.50 = 1.5, floats within 1e-9). */
static bool
value_equal(const char *a, const char *b)
{
	char *ea;
	char *eb;
	double x;
	double y;

	if (strcmp(a, b) == 0)
		return true;
	x = strtod(a, &ea);
	y = strtod(b, &eb);
	if (*ea != '\0' || *eb != '\0' || ea == a || eb == b)
		return false;
	if (isnan(x) || isnan(y))
		return isnan(x) && isnan(y);
	return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
}

/* An expected row with <placeholders> as an fnmatch pattern. */
static bool
row_matches_pattern(const char *got, const char *want)
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

static bool
row_equal(const char *a, const char *b)
{
	if (strchr(b, '<') != NULL && strchr(b, '>') != NULL && row_matches_pattern(a, b))
		return true;
	char *x = strdup(a);
	char *y = strdup(b);
	char *sx;
	char *sy;
	char *px;
	char *py;
	bool eq = true;

	if (x == NULL || y == NULL)
		oom();
	px = strtok_r(x, "\t", &sx);
	py = strtok_r(y, "\t", &sy);
	while (px != NULL || py != NULL)
	{
		if (px == NULL || py == NULL || !value_equal(px, py))
		{
			eq = false;
			break;
		}
		px = strtok_r(NULL, "\t", &sx);
		py = strtok_r(NULL, "\t", &sy);
	}
	free(x);
	free(y);
	return eq;
}

static bool
rows_equal(rows *got, rows *want, bool sort)
{
	if (sort)
	{
		qsort(got->items, (size_t) got->n, sizeof(char *), cmp_str);
		qsort(want->items, (size_t) want->n, sizeof(char *), cmp_str);
	}
	if (got->n != want->n)
		return false;
	for (int i = 0; i < got->n; i++)
		if (!row_equal(got->items[i], want->items[i]))
			return false;
	return true;
}

static void
show_rows(const char *label, const rows *r)
{
	fprintf(stderr, "    %s (%d rows):\n", label, r->n);
	for (int i = 0; i < r->n && i < 40; i++)
		fprintf(stderr, "      %s\n", r->items[i]);
	if (r->n > 40)
		fprintf(stderr, "      ...\n");
}

static void
fail_record(const char *file, int line, const char *sql, const char *why)
{
	failed++;
	fprintf(stderr, "FAIL %s:%d: %s\n    %s\n", file, line, why, sql);
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
			else if (strlen(arg2) > 6 && strstr(g->message, arg2 + 6) == NULL)
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
		bool compare = strstr(arg2, "compare") != NULL;

		rc = run(s, sql, &got, &d, &st);
		if (rc < 0)
		{
			fail_record(file, line, sql, "query failed");
			print_diags(d);
		}
		else if (compare)
		{
			rows want = {0};
			text pg = {0};

			rewrite_for_compare(sql, &pg);
			if (run_postgres(pg.data, &want) < 0)
				fail_record(file, line, sql, "the comparison query failed on PostgreSQL");
			else if (!rows_equal(&got, &want, sort))
			{
				fail_record(file, line, sql, "result differs from PostgreSQL's");
				show_rows("fedq", &got);
				show_rows("PostgreSQL", &want);
			}
			else
				passed++;
			free(pg.data);
			rows_free(&want);
		}
		else if (!has_expected)
			fail_record(file, line, sql, "query has neither expected rows nor compare");
		else if (!rows_equal(&got, expected, sort))
		{
			fail_record(file, line, sql, "result differs");
			show_rows("got", &got);
			show_rows("expected", expected);
		}
		else
			passed++;
	}
	else
		fail_record(file, line, sql, "unknown directive");
	if (st != NULL)
		fq_stmt_free(st);
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
	if (klen == 8 && strncasecmp(kv, "pushdown", 8) == 0)
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
	fq_session *s;

	if (f == NULL)
	{
		fprintf(stderr, "sqllogic: cannot open %s\n", path);
		failed++;
		return;
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
			if (directive.len > 0 && !skip_record)
			{
				char *dir;

				substitute(directive.data, &sub);
				dir = strdup(sub.data ? sub.data : "");
				substitute(sql.data ? sql.data : "", &sub);
				run_record(s, path, rec_line, dir ? dir : directive.data, sub.data ? sub.data : "",
						   &expected, has_expected);
				free(dir);
			}
			skip_record = false;
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
		if (directive.len == 0 && strncmp(line, "onlyif ", 7) == 0)
		{
			skip_record = !option_is(line + 7);
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
			rows_add(&expected, sub.data);
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
	free(line);
	free(directive.data);
	free(sql.data);
	free(sub.data);
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
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
