/*
 * odbctest.h — helpers shared by fedq's ODBC client tests.
 *
 * The tests are ordinary ODBC applications: they link the driver manager
 * (-lodbc) and reach the driver through the DSNs of the test harness
 * (tests/harness/servers.sh: "fedq" with a warehouse, "fedq_nowh"
 * without).  Each check prints one TAP-style line; a program exits 1 when
 * any check failed, 77 when the environment it needs is missing.
 *
 * Everything here is static: each program includes it once.
 */
#ifndef FQ_ODBCTEST_H
#define FQ_ODBCTEST_H

#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_count;
static int t_failed;

static inline void
t_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void
t_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	t_count++;
	if (!ok)
		t_failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", t_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Prints every diagnostic record of a handle (to stdout, with the test). */
static inline void
t_diag(SQLSMALLINT ht, SQLHANDLE h)
{
	SQLCHAR state[6], msg[2048];
	SQLINTEGER native;
	SQLSMALLINT len;

	for (SQLSMALLINT i = 1;
		 SQLGetDiagRec(ht, h, i, state, &native, msg, sizeof(msg), &len) == SQL_SUCCESS; i++)
		printf("#   [%s] (%d) %s\n", state, (int) native, msg);
}

/* True when one of the handle's records has this SQLSTATE. */
static inline bool
t_has_state(SQLSMALLINT ht, SQLHANDLE h, const char *want)
{
	SQLCHAR state[6], msg[2048];
	SQLINTEGER native;
	SQLSMALLINT len;

	for (SQLSMALLINT i = 1;
		 SQLGetDiagRec(ht, h, i, state, &native, msg, sizeof(msg), &len) == SQL_SUCCESS; i++)
		if (strcmp((char *) state, want) == 0)
			return true;
	return false;
}

/* The first record's message ("" when none); a static buffer. */
static inline const char *
t_message(SQLSMALLINT ht, SQLHANDLE h)
{
	static SQLCHAR msg[2048];
	SQLCHAR state[6];
	SQLINTEGER native;
	SQLSMALLINT len;

	msg[0] = '\0';
	if (SQLGetDiagRec(ht, h, 1, state, &native, msg, sizeof(msg), &len) != SQL_SUCCESS)
		msg[0] = '\0';
	return (const char *) msg;
}

/* Checks rc is SQL_SUCCESS (or WITH_INFO when info_ok). */
static inline bool
t_rc(SQLRETURN rc, SQLSMALLINT ht, SQLHANDLE h, const char *what)
{
	bool ok = rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO;

	t_ok(ok, "%s (rc %d)", what, (int) rc);
	if (!ok || rc == SQL_SUCCESS_WITH_INFO)
		t_diag(ht, h);
	return ok;
}

/* Checks a call failed with the given SQLSTATE. */
static inline bool
t_fails(SQLRETURN rc, SQLSMALLINT ht, SQLHANDLE h, const char *state,
		const char *what)
{
	bool ok = rc == SQL_ERROR && t_has_state(ht, h, state);

	t_ok(ok, "%s fails with %s (rc %d)", what, state, (int) rc);
	if (!ok)
		t_diag(ht, h);
	return ok;
}

static inline const char *
t_getenv(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || v[0] == '\0')
	{
		printf("environment variable %s is not set (run under tests/harness)\n", name);
		exit(77);
	}
	return v;
}

/* An ODBC 3 environment and a connection through SQLDriverConnect. */
static inline void
t_connect_str(SQLHENV *env, SQLHDBC *dbc, const char *connstr)
{
	SQLRETURN rc;

	if (SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, env) != SQL_SUCCESS ||
		SQLSetEnvAttr(*env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0) != SQL_SUCCESS ||
		SQLAllocHandle(SQL_HANDLE_DBC, *env, dbc) != SQL_SUCCESS)
	{
		printf("Bail out! cannot allocate ODBC handles\n");
		exit(1);
	}
	rc = SQLDriverConnect(*dbc, NULL, (SQLCHAR *) connstr, SQL_NTS, NULL, 0, NULL,
						  SQL_DRIVER_NOPROMPT);
	if (!SQL_SUCCEEDED(rc))
	{
		printf("Bail out! cannot connect with '%s'\n", connstr);
		t_diag(SQL_HANDLE_DBC, *dbc);
		exit(1);
	}
}

static inline void
t_connect(SQLHENV *env, SQLHDBC *dbc, const char *dsn)
{
	char cs[256];

	snprintf(cs, sizeof(cs), "DSN=%s", dsn);
	t_connect_str(env, dbc, cs);
}

static inline void
t_disconnect(SQLHENV env, SQLHDBC dbc)
{
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
}

static inline SQLHSTMT
t_stmt(SQLHDBC dbc)
{
	SQLHSTMT st = SQL_NULL_HSTMT;

	if (SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st) != SQL_SUCCESS)
	{
		printf("Bail out! cannot allocate a statement\n");
		t_diag(SQL_HANDLE_DBC, dbc);
		exit(1);
	}
	return st;
}

/* Executes a statement, reporting failure; closes any previous cursor. */
static inline bool
t_exec(SQLHSTMT st, const char *sql)
{
	SQLRETURN rc;

	SQLFreeStmt(st, SQL_CLOSE);
	rc = SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA)
	{
		t_ok(false, "execute: %s (rc %d)", sql, (int) rc);
		t_diag(SQL_HANDLE_STMT, st);
		return false;
	}
	return true;
}

/* The first column of the first row as text ("<NULL>" for NULL). */
static inline const char *
t_scalar(SQLHSTMT st, const char *sql)
{
	static char buf[4096];
	SQLLEN ind;

	strcpy(buf, "<ERROR>");
	if (!t_exec(st, sql))
		return buf;
	if (SQL_SUCCEEDED(SQLFetch(st)) &&
		SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof(buf), &ind)))
	{
		if (ind == SQL_NULL_DATA)
			strcpy(buf, "<NULL>");
	}
	else
		t_diag(SQL_HANDLE_STMT, st);
	SQLFreeStmt(st, SQL_CLOSE);
	return buf;
}

/* Creates the external schema `name` on the remote's database "shop". */
static inline bool
t_external_schema(SQLHDBC dbc, const char *name, const char *schema)
{
	char sql[512];
	SQLHSTMT st = t_stmt(dbc);
	bool ok;

	snprintf(sql, sizeof(sql),
			 "CREATE EXTERNAL SCHEMA IF NOT EXISTS %s FROM POSTGRES DATABASE 'shop' "
			 "SCHEMA '%s' URI '127.0.0.1' PORT %s",
			 name, schema, t_getenv("FQ_PORT_remote"));
	ok = t_exec(st, sql);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return ok;
}

/* o_total of order i, in cents (fixture: round(((i*3719)%100000)/100.0+10, 2)). */
static inline long
t_order_total_cents(long i)
{
	return (i * 3719) % 100000 + 1000;
}

static inline int
t_done(void)
{
	printf("1..%d\n", t_count);
	if (t_failed > 0)
		printf("# %d of %d checks failed\n", t_failed, t_count);
	return t_failed > 0 ? 1 : 0;
}

#endif
