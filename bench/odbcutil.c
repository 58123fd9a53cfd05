/*
 * odbcutil.c — connection and error reporting shared by the benchmark's
 * ODBC clients (see odbcutil.h).
 */
#include "odbcutil.h"

#include "benchutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Diagnostics as one line: newlines and tabs become blanks. */
static void
print_diags(SQLSMALLINT type, SQLHANDLE h, const char *step)
{
	SQLCHAR state[6] = "HY000";
	SQLCHAR msg[2048];
	SQLINTEGER native = 0;
	SQLSMALLINT len = 0;

	if (h == SQL_NULL_HANDLE ||
		!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, state, &native, msg,
									 (SQLSMALLINT) sizeof(msg), &len)))
		strcpy((char *) msg, "(no diagnostics: invalid handle or driver failure)");
	for (char *p = (char *) msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	printf("error sqlstate=%s step=%s msg=%s\n", (char *) state, step, (char *) msg);
	fflush(stdout);
}

void
bench_check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char *step)
{
	if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA)
		return;
	/* The call failed because the watchdog cancelled it. */
	if (bench_timed_out())
	{
		bench_odbc_watch(SQL_NULL_HSTMT);
		bench_timeout_exit();
	}
	/* SQL_INVALID_HANDLE too: the driver manager may have left a diagnostic */
	print_diags(type, h, step);
	exit(BENCH_EXIT_SQLERROR);
}

void
bench_connect(const char *connstr, SQLHENV *env, SQLHDBC *dbc)
{
	SQLCHAR out[1024];
	SQLSMALLINT outlen;

	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, env)))
	{
		printf("error sqlstate=HY001 step=connect msg=cannot allocate an environment\n");
		exit(BENCH_EXIT_SQLERROR);
	}
	bench_check(SQLSetEnvAttr(*env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0),
				SQL_HANDLE_ENV, *env, "connect");
	bench_check(SQLAllocHandle(SQL_HANDLE_DBC, *env, dbc), SQL_HANDLE_ENV, *env,
				"connect");
	bench_check(SQLDriverConnect(*dbc, NULL, (SQLCHAR *) connstr, SQL_NTS, out,
								 (SQLSMALLINT) sizeof(out), &outlen,
								 SQL_DRIVER_NOPROMPT),
				SQL_HANDLE_DBC, *dbc, "connect");
}

void
bench_disconnect(SQLHENV env, SQLHDBC dbc)
{
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
}

static void
cancel_stmt(void *st)
{
	(void) SQLCancel((SQLHSTMT) st);
}

void
bench_odbc_watchdog(void)
{
	bench_watchdog_start(cancel_stmt);
}

void
bench_odbc_watch(SQLHSTMT st)
{
	bench_watchdog_arm(st);
}

void
bench_odbc_timeout(SQLHSTMT st)
{
	bench_odbc_watch(SQL_NULL_HSTMT);
	/* A query still running is stopped; an open cursor is closed (fedq
	 * cancels the remote scans it still reads). */
	(void) SQLCancel(st);
	(void) SQLCloseCursor(st);
	bench_timeout_exit();
}
