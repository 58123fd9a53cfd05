/*
 * odbc_scan.c — runs one query through any ODBC driver and reads every value
 * the way a client application does, for the benchmarks in bench/.
 *
 *   odbc_scan -c CONNSTR (-q SQL | -f FILE) [-m array|getdata] [-n ROWS]
 *             [-t] [-w BYTES] [-o DUMPFILE] [-y TYPESFILE]
 *   odbc_scan -c CONNSTR (-q SQL | -f FILE) -e
 *
 *   -m array    bound columns, column-wise, ROWS rows per SQLFetch (default
 *               1000), as BI tools fetch: SQL_C_CHAR buffers sized from
 *               SQLDescribeCol, or with -t typed buffers (integers as
 *               SQL_C_SBIGINT, floats as SQL_C_DOUBLE, dates and timestamps
 *               as their structs, everything else as SQL_C_CHAR)
 *   -m getdata  SQLFetch one row at a time and SQLGetData(SQL_C_CHAR) per
 *               value with a 4,096-byte buffer, continued while truncated,
 *               as pyodbc reads
 *   -w BYTES    largest SQL_C_CHAR buffer per value in array mode (8192);
 *               longer values are counted as truncated
 *   -o FILE     also write the rows, tab-separated, NULL as \N, trailing
 *               blanks removed (for bench/rescmp)
 *   -y FILE     also write the result's columns, one a line: the SQL type
 *               number SQLDescribeCol gives, a tab, the name (for rescmp -t)
 *   -e          execute a statement without a result set (DDL) and print
 *               "done rowcount=N"
 *
 * Prints one line:
 *   rows=N cols=N checksum=HEX connect_s=S exec_s=S fetch_s=S seconds=S
 *   maxrss_kb=N truncated=N
 * where seconds = exec_s + fetch_s (the query, without connecting) and the
 * checksum is benchutil.h's, equal across drivers for equal data.  An ODBC
 * error prints "error sqlstate=..." (odbcutil.h) and exits with status 3.
 * Under BENCH_CLIENT_TIMEOUT (benchutil.h) a run that passes it has its
 * statement cancelled (SQLCancel), prints "timeout ..." and exits with 124.
 */
#include "benchutil.h"
#include "odbcutil.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct column
{
	SQLSMALLINT sqltype;
	SQLULEN size;
	SQLSMALLINT ctype;  /* the C type bound */
	SQLLEN width;       /* bytes per value in the bound buffer */
	char *data;         /* rows * width */
	SQLLEN *ind;        /* rows */
} column;

static FILE *dump;
static long truncated;

static void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
	{
		fprintf(stderr, "odbc_scan: out of memory\n");
		exit(1);
	}
	return p;
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t cap = 4096, len = 0, n;
	char *s = xmalloc(cap);

	if (f == NULL)
	{
		fprintf(stderr, "odbc_scan: cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((n = fread(s + len, 1, cap - len - 1, f)) > 0)
	{
		len += n;
		if (cap - len < 2)
		{
			cap *= 2;
			s = realloc(s, cap);
			if (s == NULL)
			{
				fprintf(stderr, "odbc_scan: out of memory\n");
				exit(1);
			}
		}
	}
	fclose(f);
	s[len] = '\0';
	return s;
}

/* Drops trailing blanks and one trailing semicolon: not every driver takes it. */
static void
trim_sql(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' ||
					   s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (len > 0 && s[len - 1] == ';')
		len--;
	s[len] = '\0';
}

static void
dump_value(const char *v, size_t len)
{
	while (len > 0 && v[len - 1] == ' ')
		len--;
	for (size_t i = 0; i < len; i++)
	{
		switch (v[i])
		{
			case '\t':
				fputs("\\t", dump);
				break;
			case '\n':
				fputs("\\n", dump);
				break;
			case '\\':
				fputs("\\\\", dump);
				break;
			default:
				putc(v[i], dump);
		}
	}
}

/* One value of the current row, as text; v == NULL for NULL. */
static void
emit(bench_row *r, int col, const char *v, size_t len)
{
	if (v == NULL)
		bench_row_null(r);
	else
		bench_row_value(r, v, len);
	if (dump != NULL)
	{
		if (col > 0)
			putc('\t', dump);
		if (v == NULL)
			fputs("\\N", dump);
		else
			dump_value(v, len);
	}
}

static bool
is_char_type(SQLSMALLINT t)
{
	return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_LONGVARCHAR ||
		t == SQL_WCHAR || t == SQL_WVARCHAR || t == SQL_WLONGVARCHAR;
}

/* The C type and buffer width a BI tool would bind for a column. */
static void
choose_binding(column *c, bool typed, SQLLEN maxw)
{
	switch (typed ? c->sqltype : SQL_UNKNOWN_TYPE)
	{
		case SQL_BIT:
		case SQL_TINYINT:
		case SQL_SMALLINT:
		case SQL_INTEGER:
		case SQL_BIGINT:
			c->ctype = SQL_C_SBIGINT;
			c->width = sizeof(SQLBIGINT);
			return;
		case SQL_REAL:
		case SQL_FLOAT:
		case SQL_DOUBLE:
			c->ctype = SQL_C_DOUBLE;
			c->width = sizeof(SQLDOUBLE);
			return;
		case SQL_TYPE_DATE:
			c->ctype = SQL_C_TYPE_DATE;
			c->width = sizeof(SQL_DATE_STRUCT);
			return;
		case SQL_TYPE_TIMESTAMP:
			c->ctype = SQL_C_TYPE_TIMESTAMP;
			c->width = sizeof(SQL_TIMESTAMP_STRUCT);
			return;
		default:
			break;
	}
	c->ctype = SQL_C_CHAR;
	if (is_char_type(c->sqltype))
		c->width = c->size > 0 && c->size < (SQLULEN) maxw ? (SQLLEN) c->size * 4 + 1 : maxw;
	else
		c->width = (SQLLEN) c->size + 3 > 40 ? (SQLLEN) c->size + 3 : 40;
	if (c->width > maxw)
		c->width = maxw;
	/* keep every value aligned */
	c->width = (c->width + 7) & ~(SQLLEN) 7;
}

/* A typed value formatted as PostgreSQL's text output would show it. */
static size_t
format_typed(const column *c, const char *p, char *out, size_t outsz)
{
	int n = 0;

	switch (c->ctype)
	{
		case SQL_C_SBIGINT:
			{
				SQLBIGINT v;

				memcpy(&v, p, sizeof(v));
				n = snprintf(out, outsz, "%lld", (long long) v);
				break;
			}
		case SQL_C_DOUBLE:
			{
				SQLDOUBLE v;

				memcpy(&v, p, sizeof(v));
				n = snprintf(out, outsz, "%.17g", v);
				break;
			}
		case SQL_C_TYPE_DATE:
			{
				SQL_DATE_STRUCT d;

				memcpy(&d, p, sizeof(d));
				n = snprintf(out, outsz, "%04d-%02u-%02u", (int) d.year,
							 (unsigned) d.month, (unsigned) d.day);
				break;
			}
		case SQL_C_TYPE_TIMESTAMP:
			{
				SQL_TIMESTAMP_STRUCT t;

				memcpy(&t, p, sizeof(t));
				n = snprintf(out, outsz, "%04d-%02u-%02u %02u:%02u:%02u",
							 (int) t.year, (unsigned) t.month, (unsigned) t.day,
							 (unsigned) t.hour, (unsigned) t.minute,
							 (unsigned) t.second);
				if (t.fraction != 0 && n > 0 && (size_t) n < outsz)
				{
					int m = snprintf(out + n, outsz - (size_t) n, ".%06u",
									 (unsigned) (t.fraction / 1000));

					n += m;
					while (n > 0 && out[n - 1] == '0')
						n--;
				}
				break;
			}
		default:
			break;
	}
	if (n < 0)
		n = 0;
	if ((size_t) n >= outsz)
		n = (int) outsz - 1;
	return (size_t) n;
}

static uint64_t
fetch_array(SQLHSTMT st, column *cols, int ncols, SQLULEN nrows, bool typed,
			SQLLEN maxw, long *rows)
{
	SQLULEN fetched = 0;
	SQLUSMALLINT *status = xmalloc(nrows * sizeof(SQLUSMALLINT));
	uint64_t sum = 0;
	SQLRETURN rc;

	for (int i = 0; i < ncols; i++)
	{
		column *c = &cols[i];

		choose_binding(c, typed, maxw);
		c->data = xmalloc((size_t) c->width * nrows);
		c->ind = xmalloc(sizeof(SQLLEN) * nrows);
		bench_check(SQLBindCol(st, (SQLUSMALLINT) (i + 1), c->ctype, c->data,
							   c->width, c->ind),
					SQL_HANDLE_STMT, st, "bind");
	}
	bench_check(SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE,
							   (SQLPOINTER) SQL_BIND_BY_COLUMN, 0),
				SQL_HANDLE_STMT, st, "bind");
	bench_check(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) nrows, 0),
				SQL_HANDLE_STMT, st, "bind");
	bench_check(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0),
				SQL_HANDLE_STMT, st, "bind");
	bench_check(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0),
				SQL_HANDLE_STMT, st, "bind");

	while ((rc = SQLFetch(st)) != SQL_NO_DATA)
	{
		bench_check(rc, SQL_HANDLE_STMT, st, "fetch");
		if (bench_timed_out())
			bench_odbc_timeout(st);
		for (SQLULEN r = 0; r < fetched; r++)
		{
			bench_row row;

			if (status[r] == SQL_ROW_ERROR || status[r] == SQL_ROW_NOROW)
			{
				printf("error sqlstate=HY000 step=fetch msg=row status %u in row %ld\n",
					   (unsigned) status[r], *rows + (long) r + 1);
				exit(BENCH_EXIT_SQLERROR);
			}
			bench_row_start(&row);
			for (int i = 0; i < ncols; i++)
			{
				column *c = &cols[i];
				const char *p = c->data + (size_t) c->width * r;
				SQLLEN ind = c->ind[r];

				if (ind == SQL_NULL_DATA)
					emit(&row, i, NULL, 0);
				else if (c->ctype == SQL_C_CHAR)
				{
					size_t len = (size_t) ind;

					if (ind == SQL_NO_TOTAL || ind >= c->width)
					{
						truncated++;
						len = strlen(p);
					}
					emit(&row, i, p, len);
				}
				else
				{
					char text[64];
					size_t len = format_typed(c, p, text, sizeof(text));

					emit(&row, i, text, len);
				}
			}
			if (dump != NULL)
				putc('\n', dump);
			sum += bench_row_end(&row);
		}
		*rows += (long) fetched;
	}
	for (int i = 0; i < ncols; i++)
	{
		free(cols[i].data);
		free(cols[i].ind);
	}
	free(status);
	return sum;
}

static uint64_t
fetch_getdata(SQLHSTMT st, int ncols, long *rows)
{
	size_t cap = 4096;
	char *val = xmalloc(cap);
	uint64_t sum = 0;
	SQLRETURN rc;

	while ((rc = SQLFetch(st)) != SQL_NO_DATA)
	{
		bench_row row;

		bench_check(rc, SQL_HANDLE_STMT, st, "fetch");
		if (bench_timed_out())
			bench_odbc_timeout(st);
		bench_row_start(&row);
		for (int i = 0; i < ncols; i++)
		{
			size_t len = 0;
			bool null = false;

			/* pyodbc's loop: 4 kB at a time while the driver says 01004 */
			for (;;)
			{
				char chunk[4096];
				SQLLEN ind = 0;
				size_t got;

				rc = SQLGetData(st, (SQLUSMALLINT) (i + 1), SQL_C_CHAR, chunk,
								sizeof(chunk), &ind);
				if (rc == SQL_NO_DATA)
					break;
				bench_check(rc, SQL_HANDLE_STMT, st, "getdata");
				if (ind == SQL_NULL_DATA)
				{
					null = true;
					break;
				}
				got = (ind == SQL_NO_TOTAL || ind >= (SQLLEN) sizeof(chunk))
					? sizeof(chunk) - 1 : (size_t) ind;
				if (len + got + 1 > cap)
				{
					while (len + got + 1 > cap)
						cap *= 2;
					val = realloc(val, cap);
					if (val == NULL)
					{
						fprintf(stderr, "odbc_scan: out of memory\n");
						exit(1);
					}
				}
				memcpy(val + len, chunk, got);
				len += got;
				if (rc == SQL_SUCCESS)
					break;
			}
			emit(&row, i, null ? NULL : val, len);
		}
		if (dump != NULL)
			putc('\n', dump);
		sum += bench_row_end(&row);
		(*rows)++;
	}
	free(val);
	return sum;
}

static void
usage(void)
{
	fprintf(stderr,
			"usage: odbc_scan -c CONNSTR (-q SQL | -f FILE) [-m array|getdata]\n"
			"                 [-n ROWS] [-t] [-w BYTES] [-o DUMPFILE] [-y TYPESFILE]\n"
			"       odbc_scan -c CONNSTR (-q SQL | -f FILE) -e\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *connstr = NULL;
	const char *dumpfile = NULL;
	const char *typesfile = NULL;
	FILE *types = NULL;
	char *sql = NULL;
	bool getdata = false;
	bool typed = false;
	bool exec_only = false;
	long nrows = 1000;
	long maxw = 8192;
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	SQLSMALLINT ncols = 0;
	column *cols;
	double t0, t1, t2, t3;
	long rows = 0;
	uint64_t sum;
	int c;

	while ((c = getopt(argc, argv, "c:q:f:m:n:tw:o:y:e")) != -1)
	{
		switch (c)
		{
			case 'c':
				connstr = optarg;
				break;
			case 'q':
				sql = strdup(optarg);
				break;
			case 'f':
				sql = read_file(optarg);
				break;
			case 'm':
				if (strcmp(optarg, "getdata") == 0)
					getdata = true;
				else if (strcmp(optarg, "array") != 0)
					usage();
				break;
			case 'n':
				nrows = atol(optarg);
				break;
			case 't':
				typed = true;
				break;
			case 'w':
				maxw = atol(optarg);
				break;
			case 'o':
				dumpfile = optarg;
				break;
			case 'y':
				typesfile = optarg;
				break;
			case 'e':
				exec_only = true;
				break;
			default:
				usage();
		}
	}
	if (connstr == NULL || sql == NULL || optind != argc || nrows < 1 || maxw < 16)
		usage();
	trim_sql(sql);
	if (dumpfile != NULL)
	{
		dump = fopen(dumpfile, "w");
		if (dump == NULL)
		{
			fprintf(stderr, "odbc_scan: cannot create %s: %s\n", dumpfile, strerror(errno));
			return 1;
		}
	}

	bench_odbc_watchdog();
	t0 = bench_now();
	bench_connect(connstr, &env, &dbc);
	bench_check(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc,
				"connect");
	bench_odbc_watch(st);
	t1 = bench_now();
	bench_check(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS), SQL_HANDLE_STMT, st,
				"execute");
	if (exec_only)
	{
		SQLLEN count = -1;

		bench_check(SQLRowCount(st, &count), SQL_HANDLE_STMT, st, "execute");
		bench_odbc_watch(SQL_NULL_HSTMT);
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		bench_disconnect(env, dbc);
		printf("done rowcount=%ld\n", (long) count);
		free(sql);
		return 0;
	}
	bench_check(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st, "describe");
	if (ncols <= 0)
	{
		printf("error sqlstate=HY000 step=describe msg=the statement returned no result set\n");
		return BENCH_EXIT_SQLERROR;
	}
	cols = xmalloc(sizeof(column) * (size_t) ncols);
	if (typesfile != NULL && (types = fopen(typesfile, "w")) == NULL)
	{
		fprintf(stderr, "odbc_scan: cannot create %s: %s\n", typesfile, strerror(errno));
		return 1;
	}
	for (int i = 0; i < ncols; i++)
	{
		SQLCHAR name[256];
		SQLSMALLINT namelen, digits, nullable;

		bench_check(SQLDescribeCol(st, (SQLUSMALLINT) (i + 1), name, sizeof(name),
								   &namelen, &cols[i].sqltype, &cols[i].size,
								   &digits, &nullable),
					SQL_HANDLE_STMT, st, "describe");
		if (types != NULL)
			fprintf(types, "%d\t%.*s\n", (int) cols[i].sqltype,
					(int) (namelen < (SQLSMALLINT) sizeof(name) ? namelen : (SQLSMALLINT) sizeof(name) - 1),
					(char *) name);
	}
	if (types != NULL && fclose(types) != 0)
	{
		fprintf(stderr, "odbc_scan: cannot write %s\n", typesfile);
		return 1;
	}
	t2 = bench_now();
	if (getdata)
		sum = fetch_getdata(st, ncols, &rows);
	else
		sum = fetch_array(st, cols, ncols, (SQLULEN) nrows, typed, maxw, &rows);
	t3 = bench_now();

	if (bench_timed_out())
		bench_odbc_timeout(st);
	bench_odbc_watch(SQL_NULL_HSTMT);
	SQLCloseCursor(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	bench_disconnect(env, dbc);
	if (dump != NULL && fclose(dump) != 0)
	{
		fprintf(stderr, "odbc_scan: cannot write %s\n", dumpfile);
		return 1;
	}
	printf("rows=%ld cols=%d checksum=%016" PRIx64 " connect_s=%.6f exec_s=%.6f "
		   "fetch_s=%.6f seconds=%.6f maxrss_kb=%ld truncated=%ld\n",
		   rows, (int) ncols, sum, t1 - t0, t2 - t1, t3 - t2, t3 - t1,
		   bench_maxrss_kb(), truncated);
	free(cols);
	free(sql);
	return 0;
}
