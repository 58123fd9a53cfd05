/*
 * odbc_catalog.c — times the ODBC catalog functions over one schema, as a BI
 * tool's table browser calls them, for the benchmarks in bench/.
 *
 *   odbc_catalog -c CONNSTR -s SCHEMA [-n REPEATS]
 *
 * In a new process and connection ("cold"), calls SQLTables(schema, "%")
 * and then SQLColumns(schema, "%", "%"), reading every row's names with
 * SQLGetData; then repeats both REPEATS times (default 5) on the same
 * connection ("cached") and reports the median.  Prints one line:
 *   tables=N columns=N connect_s=S tables_cold_s=S columns_cold_s=S
 *   tables_cached_s=S columns_cached_s=S
 * An ODBC error prints "error sqlstate=..." (odbcutil.h) and exits with 3.
 */
#include "benchutil.h"
#include "odbcutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads every row of a catalog result, fetching the name columns 3 and 4. */
static long
drain(SQLHSTMT st, int namecols)
{
	long rows = 0;
	SQLRETURN rc;

	while ((rc = SQLFetch(st)) != SQL_NO_DATA)
	{
		bench_check(rc, SQL_HANDLE_STMT, st, "fetch");
		for (int i = 0; i < namecols; i++)
		{
			char buf[512];
			SQLLEN ind;

			bench_check(SQLGetData(st, (SQLUSMALLINT) (3 + i), SQL_C_CHAR, buf,
								   sizeof(buf), &ind),
						SQL_HANDLE_STMT, st, "getdata");
		}
		rows++;
	}
	SQLCloseCursor(st);
	return rows;
}

static double
time_tables(SQLHSTMT st, const char *schema, long *rows)
{
	double t0 = bench_now();

	bench_check(SQLTables(st, NULL, 0, (SQLCHAR *) schema, SQL_NTS,
						  (SQLCHAR *) "%", SQL_NTS, NULL, 0),
				SQL_HANDLE_STMT, st, "SQLTables");
	*rows = drain(st, 1);
	return bench_now() - t0;
}

static double
time_columns(SQLHSTMT st, const char *schema, long *rows)
{
	double t0 = bench_now();

	bench_check(SQLColumns(st, NULL, 0, (SQLCHAR *) schema, SQL_NTS,
						   (SQLCHAR *) "%", SQL_NTS, (SQLCHAR *) "%", SQL_NTS),
				SQL_HANDLE_STMT, st, "SQLColumns");
	*rows = drain(st, 2);
	return bench_now() - t0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t) n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	const char *connstr = NULL;
	const char *schema = NULL;
	int repeats = 5;
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	double t0, connect_s, tables_cold, columns_cold;
	double *tcached, *ccached;
	long ntables = 0, ncolumns = 0, n;
	int c;

	while ((c = getopt(argc, argv, "c:s:n:")) != -1)
	{
		switch (c)
		{
			case 'c':
				connstr = optarg;
				break;
			case 's':
				schema = optarg;
				break;
			case 'n':
				repeats = atoi(optarg);
				break;
			default:
				connstr = NULL;
				optind = argc + 1;
				break;
		}
	}
	if (connstr == NULL || schema == NULL || optind != argc || repeats < 1)
	{
		fprintf(stderr, "usage: odbc_catalog -c CONNSTR -s SCHEMA [-n REPEATS]\n");
		return 2;
	}
	tcached = calloc((size_t) repeats, sizeof(double));
	ccached = calloc((size_t) repeats, sizeof(double));
	if (tcached == NULL || ccached == NULL)
	{
		fprintf(stderr, "odbc_catalog: out of memory\n");
		return 1;
	}

	bench_odbc_watchdog();
	t0 = bench_now();
	bench_connect(connstr, &env, &dbc);
	bench_check(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc,
				"connect");
	bench_odbc_watch(st);
	connect_s = bench_now() - t0;

	tables_cold = time_tables(st, schema, &ntables);
	columns_cold = time_columns(st, schema, &ncolumns);
	for (int i = 0; i < repeats; i++)
	{
		tcached[i] = time_tables(st, schema, &n);
		if (n != ntables)
		{
			printf("error sqlstate=HY000 step=SQLTables msg=%ld tables, then %ld\n",
				   ntables, n);
			return BENCH_EXIT_SQLERROR;
		}
		ccached[i] = time_columns(st, schema, &n);
		if (n != ncolumns)
		{
			printf("error sqlstate=HY000 step=SQLColumns msg=%ld columns, then %ld\n",
				   ncolumns, n);
			return BENCH_EXIT_SQLERROR;
		}
	}
	if (bench_timed_out())
		bench_odbc_timeout(st);
	bench_odbc_watch(SQL_NULL_HSTMT);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	bench_disconnect(env, dbc);

	printf("tables=%ld columns=%ld connect_s=%.6f tables_cold_s=%.6f "
		   "columns_cold_s=%.6f tables_cached_s=%.6f columns_cached_s=%.6f\n",
		   ntables, ncolumns, connect_s, tables_cold, columns_cold,
		   median(tcached, repeats), median(ccached, repeats));
	free(tcached);
	free(ccached);
	return 0;
}
