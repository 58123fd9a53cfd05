/*
 * rescmp.c — compares two query results written by `odbc_scan -o`, as
 * fedq's differential tests do: numbers as values with a tolerance (or
 * exactly, but for floating-point columns), row order only where the
 * query's ORDER BY fixes it.
 *
 *   rescmp [-k KEYS] [-e EPS] [-t TYPESFILE] [-l LIMIT] EXPECTED ACTUAL
 *
 * KEYS lists the 1-based result columns of the ORDER BY ("2,1"); an item
 * "5-4" is the difference of columns 5 and 4 (an ORDER BY sum_sales -
 * avg_sales over output columns); empty or absent means no order at all
 * (the rows are compared as a multiset).  Rows whose keys are equal form a
 * group that may come in any order, but groups must come in the expected
 * order.  Two values are equal when their texts are, or when both are
 * numbers that agree to the precision of the less precise one (half a unit
 * in its last decimal place) or within EPS (default 1e-12) relative to the
 * larger of 1 and their magnitudes.
 *
 * With -t, TYPESFILE (odbc_scan -y of the expected result) gives each
 * column's SQL type: values of REAL, FLOAT and DOUBLE columns are compared
 * as above, every other value exactly, as text ("1.5" and "1.50" differ).
 * With -l, when both results have LIMIT rows, the rows of the last group
 * (those tied on the keys with the last row, some of which the LIMIT may
 * have cut off) are compared on their keys only: which of the tied rows a
 * LIMIT keeps is not defined.
 *
 * Prints "same: N rows" and exits 0, or the first difference and exits 1;
 * 2 for usage or I/O errors.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row
{
	int ncols;
	char **cols;
	char *canon; /* sort key within a group */
} row;

typedef struct result
{
	int nrows;
	row *rows;
} result;

static double eps = 1e-12;

/* By column (0-based): compared with a tolerance; all columns without -t. */
static bool *approx;
static int napprox = -1; /* -1: every column */

static bool
column_approx(int col)
{
	return napprox < 0 || (col < napprox && approx[col]);
}

/* An ORDER BY key: a column, or the difference of two (b >= 0). */
typedef struct key
{
	int a, b;
} key;

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
	{
		fprintf(stderr, "rescmp: out of memory\n");
		exit(2);
	}
	return p;
}

static bool
as_number(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

/* Decimal places a number is written with ("12.50" 2, "3" 0, "1.5e-3" 4). */
static int
scale_of(const char *s)
{
	const char *dot = strchr(s, '.');
	const char *e = strpbrk(s, "eE");
	int scale = 0;

	if (dot != NULL)
		scale = (int) ((e != NULL ? e : s + strlen(s)) - dot - 1);
	if (e != NULL)
		scale -= atoi(e + 1);
	return scale;
}

/*
 * Numbers are equal within half a unit in the last place of the less
 * precise of the two (one engine may print an average with 6 decimals,
 * another with 20; "405873.1120" and "405874.1120" still differ), or within
 * EPS relative to the larger magnitude (floating-point noise).
 */
static bool
value_eq(const char *a, const char *b, bool tolerant)
{
	double x, y;

	if (strcmp(a, b) == 0)
		return true;
	if (tolerant && as_number(a, &x) && as_number(b, &y))
	{
		int scale = scale_of(a) < scale_of(b) ? scale_of(a) : scale_of(b);
		double ulp_half = 0.5 * pow(10.0, -scale) * (1 + 1e-9);
		double rel = eps * fmax(1.0, fmax(fabs(x), fabs(y)));

		return fabs(x - y) <= fmax(ulp_half, rel);
	}
	return false;
}

/* Text for ordering rows inside a group: numbers rounded, so near-equal sort alike. */
static char *
canonical(const row *r)
{
	size_t cap = 64, len = 0;
	char *s = xrealloc(NULL, cap);

	for (int i = 0; i < r->ncols; i++)
	{
		char num[64];
		const char *v = r->cols[i];
		double d;
		size_t n;

		if (column_approx(i) && as_number(v, &d))
		{
			snprintf(num, sizeof(num), "%.5e", d);
			v = num;
		}
		n = strlen(v);
		while (len + n + 2 > cap)
			cap *= 2;
		s = xrealloc(s, cap);
		memcpy(s + len, v, n);
		len += n;
		s[len++] = '\t';
	}
	s[len] = '\0';
	return s;
}

static void
load(const char *path, result *res)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
	{
		fprintf(stderr, "rescmp: cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	res->nrows = 0;
	res->rows = NULL;
	while ((n = getline(&line, &cap, f)) >= 0)
	{
		row *r;
		char *p;

		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		res->rows = xrealloc(res->rows, sizeof(row) * (size_t) (res->nrows + 1));
		r = &res->rows[res->nrows++];
		r->ncols = 0;
		r->cols = NULL;
		p = strdup(line);
		if (p == NULL)
			exit(2);
		for (;;)
		{
			char *tab = strchr(p, '\t');

			r->cols = xrealloc(r->cols, sizeof(char *) * (size_t) (r->ncols + 1));
			r->cols[r->ncols++] = p;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		r->canon = canonical(r);
	}
	free(line);
	fclose(f);
}

static void
unload(result *res)
{
	for (int r = 0; r < res->nrows; r++)
	{
		free(res->rows[r].cols[0]); /* the line all columns point into */
		free(res->rows[r].cols);
		free(res->rows[r].canon);
	}
	free(res->rows);
}

static int
cmp_canon(const void *a, const void *b)
{
	return strcmp(((const row *) a)->canon, ((const row *) b)->canon);
}

/* A key that is a difference of two columns, as a number (NaN when not one). */
static double
key_diff(const row *r, const key *k)
{
	double x, y;

	if (k->a >= r->ncols || k->b >= r->ncols || !as_number(r->cols[k->a], &x) ||
		!as_number(r->cols[k->b], &y))
		return NAN;
	return x - y;
}

static bool
key_eq(const row *a, const row *b, const key *k)
{
	if (k->b >= 0)
	{
		double x = key_diff(a, k), y = key_diff(b, k);

		if (isnan(x) || isnan(y))
			return isnan(x) && isnan(y);
		return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
	}
	return k->a < a->ncols && k->a < b->ncols &&
		value_eq(a->cols[k->a], b->cols[k->a], column_approx(k->a));
}

static bool
keys_eq(const row *a, const row *b, const key *keys, int nkeys)
{
	for (int i = 0; i < nkeys; i++)
		if (!key_eq(a, b, &keys[i]))
			return false;
	return true;
}

static void
differ(int rownum, int col, const char *note, const char *exp, const char *act)
{
	printf("row %d column %d%s: expected '%s', got '%s'\n", rownum, col, note,
		   exp, act);
}

/* 0 when equal; otherwise prints the first difference and returns 1. */
static int
compare(result *exp, result *act, const key *keys, int nkeys, int limit)
{
	int cut = exp->nrows; /* rows from here on are compared on their keys only */

	if (exp->nrows != act->nrows)
	{
		printf("expected %d rows, got %d\n", exp->nrows, act->nrows);
		return 1;
	}
	for (int r = 0; r < exp->nrows; r++)
	{
		if (exp->rows[r].ncols != act->rows[r].ncols)
		{
			printf("row %d: expected %d columns, got %d\n", r + 1,
				   exp->rows[r].ncols, act->rows[r].ncols);
			return 1;
		}
	}

	if (limit > 0 && exp->nrows == limit)
	{
		cut = exp->nrows - 1;
		while (cut > 0 && (nkeys == 0 ||
						   keys_eq(&exp->rows[cut - 1], &exp->rows[exp->nrows - 1], keys, nkeys)))
			cut--;
	}

	/* Groups of rows with equal ORDER BY keys (all rows when there are none). */
	for (int start = 0; start < exp->nrows;)
	{
		int end = start + 1;

		while (end < exp->nrows &&
			   (nkeys == 0 || keys_eq(&exp->rows[start], &exp->rows[end], keys, nkeys)))
			end++;
		for (int r = start; r < end && nkeys > 0; r++)
		{
			if (keys_eq(&exp->rows[start], &act->rows[r], keys, nkeys))
				continue;
			for (int k = 0; k < nkeys; k++)
			{
				int c = keys[k].a;

				if (keys[k].b < 0 && c < act->rows[r].ncols && c < exp->rows[r].ncols &&
					!value_eq(exp->rows[r].cols[c], act->rows[r].cols[c], column_approx(c)))
				{
					differ(r + 1, c + 1, " (an ORDER BY key)",
						   exp->rows[r].cols[c], act->rows[r].cols[c]);
					return 1;
				}
			}
			printf("row %d: out of order\n", r + 1);
			return 1;
		}
		if (start >= cut)
			break; /* tied at the LIMIT: the keys matched */
		qsort(exp->rows + start, (size_t) (end - start), sizeof(row), cmp_canon);
		qsort(act->rows + start, (size_t) (end - start), sizeof(row), cmp_canon);
		for (int r = start; r < end; r++)
		{
			for (int c = 0; c < exp->rows[r].ncols; c++)
			{
				if (!value_eq(exp->rows[r].cols[c], act->rows[r].cols[c], column_approx(c)))
				{
					differ(r + 1, c + 1, nkeys > 0 ? "" : " (rows sorted)",
						   exp->rows[r].cols[c], act->rows[r].cols[c]);
					return 1;
				}
			}
		}
		start = end;
	}
	if (cut < exp->nrows)
		printf("same: %d rows (the last %d, tied on the ORDER BY keys at the LIMIT, "
			   "compared on their keys)\n", exp->nrows, exp->nrows - cut);
	else
		printf("same: %d rows\n", exp->nrows);
	return 0;
}

/* Reads odbc_scan -y output: which columns are floating-point. */
static void
load_types(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (f == NULL)
	{
		fprintf(stderr, "rescmp: cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	napprox = 0;
	while (fgets(line, sizeof(line), f) != NULL)
	{
		int t = atoi(line);

		approx = xrealloc(approx, sizeof(bool) * (size_t) (napprox + 1));
		/* SQL_FLOAT, SQL_REAL, SQL_DOUBLE */
		approx[napprox++] = t == 6 || t == 7 || t == 8;
	}
	fclose(f);
}

int
main(int argc, char **argv)
{
	key keys[64];
	int nkeys = 0;
	int limit = 0;
	const char *keyarg = NULL;
	result exp, act;
	int i = 1;
	int rc;

	for (; i < argc && argv[i][0] == '-'; i++)
	{
		if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
			keyarg = argv[++i];
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
			eps = atof(argv[++i]);
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			load_types(argv[++i]);
		else if (strcmp(argv[i], "-l") == 0 && i + 1 < argc)
			limit = atoi(argv[++i]);
		else
			break;
	}
	if (argc - i != 2)
	{
		fprintf(stderr, "usage: rescmp [-k KEYS] [-e EPS] [-t TYPESFILE] [-l LIMIT] EXPECTED ACTUAL\n");
		return 2;
	}
	for (const char *p = keyarg; p != NULL && *p && nkeys < 64;)
	{
		char *end;
		long k = strtol(p, &end, 10), k2 = 0;

		if (end != p && *end == '-')
		{
			const char *q = end + 1;

			k2 = strtol(q, &end, 10);
			if (end == q || k2 < 1)
				k = 0;
		}
		if (end == p || k < 1 || (*end != ',' && *end != '\0'))
		{
			fprintf(stderr, "rescmp: bad key list '%s'\n", keyarg);
			return 2;
		}
		keys[nkeys].a = (int) k - 1;
		keys[nkeys].b = (int) k2 - 1;
		nkeys++;
		p = *end == ',' ? end + 1 : end;
	}
	load(argv[i], &exp);
	load(argv[i + 1], &act);
	rc = compare(&exp, &act, keys, nkeys, limit);
	unload(&exp);
	unload(&act);
	free(approx);
	return rc;
}
