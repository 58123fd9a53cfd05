/*
 * iodbc.c — fedq under the iODBC driver manager (Debian's libiodbc2).
 *
 * The program loads libiodbc.so.2 itself (its headers and unixODBC's
 * cannot both be installed; the ANSI functions' ABI is the same) and, as
 * an ANSI application, connects through a DSN and DSN-less, runs a
 * federated join, reads diagnostics, prepares and describes, and reads the
 * catalog.  Exit 77 when libiodbc.so.2 is not installed.
 *
 *   iodbc            (ODBCINI and ODBCINSTINI name iODBC's files)
 */
#include "odbctest.h"

#include <dlfcn.h>
#include <locale.h>
#include <wchar.h>

#define FN(ret, name, args) static ret(*p_##name) args
FN(SQLRETURN, SQLAllocHandle, (SQLSMALLINT, SQLHANDLE, SQLHANDLE *));
FN(SQLRETURN, SQLFreeHandle, (SQLSMALLINT, SQLHANDLE));
FN(SQLRETURN, SQLSetEnvAttr, (SQLHENV, SQLINTEGER, SQLPOINTER, SQLINTEGER));
FN(SQLRETURN, SQLDriverConnect, (SQLHDBC, SQLHWND, SQLCHAR *, SQLSMALLINT, SQLCHAR *, SQLSMALLINT,
								 SQLSMALLINT *, SQLUSMALLINT));
FN(SQLRETURN, SQLDisconnect, (SQLHDBC));
FN(SQLRETURN, SQLExecDirect, (SQLHSTMT, SQLCHAR *, SQLINTEGER));
FN(SQLRETURN, SQLPrepare, (SQLHSTMT, SQLCHAR *, SQLINTEGER));
FN(SQLRETURN, SQLNumResultCols, (SQLHSTMT, SQLSMALLINT *));
FN(SQLRETURN, SQLDescribeCol, (SQLHSTMT, SQLUSMALLINT, SQLCHAR *, SQLSMALLINT, SQLSMALLINT *,
							   SQLSMALLINT *, SQLULEN *, SQLSMALLINT *, SQLSMALLINT *));
FN(SQLRETURN, SQLFetch, (SQLHSTMT));
FN(SQLRETURN, SQLGetData, (SQLHSTMT, SQLUSMALLINT, SQLSMALLINT, SQLPOINTER, SQLLEN, SQLLEN *));
FN(SQLRETURN, SQLFreeStmt, (SQLHSTMT, SQLUSMALLINT));
FN(SQLRETURN, SQLGetDiagRec, (SQLSMALLINT, SQLHANDLE, SQLSMALLINT, SQLCHAR *, SQLINTEGER *, SQLCHAR *,
							  SQLSMALLINT, SQLSMALLINT *));
FN(SQLRETURN, SQLTables, (SQLHSTMT, SQLCHAR *, SQLSMALLINT, SQLCHAR *, SQLSMALLINT, SQLCHAR *,
						  SQLSMALLINT, SQLCHAR *, SQLSMALLINT));
FN(SQLRETURN, SQLGetInfo, (SQLHDBC, SQLUSMALLINT, SQLPOINTER, SQLSMALLINT, SQLSMALLINT *));

static bool
load(void)
{
	void *h = dlopen("libiodbc.so.2", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return false;
#define LOAD(name) \
	if ((*(void **) &p_##name = dlsym(h, #name)) == NULL) \
		return false
	LOAD(SQLAllocHandle);
	LOAD(SQLFreeHandle);
	LOAD(SQLSetEnvAttr);
	LOAD(SQLDriverConnect);
	LOAD(SQLDisconnect);
	LOAD(SQLExecDirect);
	LOAD(SQLPrepare);
	LOAD(SQLNumResultCols);
	LOAD(SQLDescribeCol);
	LOAD(SQLFetch);
	LOAD(SQLGetData);
	LOAD(SQLFreeStmt);
	LOAD(SQLGetDiagRec);
	LOAD(SQLTables);
	LOAD(SQLGetInfo);
	return true;
}

/* The first diagnostic record: "STATE message" ("" when none). */
static const char *
diag(SQLSMALLINT type, SQLHANDLE h)
{
	static char out[2100];
	SQLCHAR state[6] = "";
	SQLCHAR msg[2048] = "";
	SQLINTEGER native = 0;
	SQLSMALLINT len = 0;

	out[0] = '\0';
	if (SQL_SUCCEEDED(p_SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof(msg), &len)))
		snprintf(out, sizeof(out), "%s %s", (char *) state, (char *) msg);
	return out;
}

/* Rows of a result as "a|b; c|d" (all columns as text). */
static const char *
rows(SQLHSTMT st)
{
	static char out[4096];
	SQLSMALLINT n = 0;

	out[0] = '\0';
	p_SQLNumResultCols(st, &n);
	while (SQL_SUCCEEDED(p_SQLFetch(st)))
	{
		if (out[0] != '\0')
			strcat(out, "; ");
		for (SQLSMALLINT c = 1; c <= n; c++)
		{
			char v[256];
			SQLLEN ind = 0;

			if (!SQL_SUCCEEDED(p_SQLGetData(st, (SQLUSMALLINT) c, SQL_C_CHAR, v, sizeof(v), &ind)))
				strcpy(v, "<ERR>");
			else if (ind == SQL_NULL_DATA)
				strcpy(v, "<NULL>");
			if (c > 1)
				strcat(out, "|");
			strncat(out, v, sizeof(out) - strlen(out) - 1);
		}
	}
	p_SQLFreeStmt(st, SQL_CLOSE);
	return out;
}

static void
session(const char *connstr, const char *label)
{
	SQLHENV env = SQL_NULL_HENV;
	SQLHDBC dbc = SQL_NULL_HDBC;
	SQLHSTMT st = SQL_NULL_HSTMT;
	char out[1024];
	char sql[512];
	SQLSMALLINT outlen = 0;
	SQLRETURN rc;
	const char *r;

	p_SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	p_SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);
	p_SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	rc = p_SQLDriverConnect(dbc, NULL, (SQLCHAR *) connstr, SQL_NTS, (SQLCHAR *) out, sizeof(out),
							&outlen, SQL_DRIVER_NOPROMPT);
	t_ok(SQL_SUCCEEDED(rc), "%s: SQLDriverConnect (rc %d) %s", label, (int) rc,
		 SQL_SUCCEEDED(rc) ? out : diag(SQL_HANDLE_DBC, dbc));
	if (!SQL_SUCCEEDED(rc))
		goto done;
	{
		char name[64] = "";
		SQLSMALLINT l = 0;

		p_SQLGetInfo(dbc, SQL_DBMS_NAME, name, sizeof(name), &l);
		t_ok(strcmp(name, "fedq") == 0, "%s: SQL_DBMS_NAME %s", label, name);
	}
	p_SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	snprintf(sql, sizeof(sql),
			 "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT %s",
			 t_getenv("FQ_PORT_remote"));
	rc = p_SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS);
	t_ok(SQL_SUCCEEDED(rc), "%s: CREATE EXTERNAL SCHEMA (rc %d) %s", label, (int) rc,
		 SQL_SUCCEEDED(rc) ? "" : diag(SQL_HANDLE_STMT, st));
	p_SQLFreeStmt(st, SQL_CLOSE);
	rc = p_SQLExecDirect(st, (SQLCHAR *) "SELECT r.r_name, count(*) FROM rds.customers c "
						 "JOIN public.regions r ON r.r_code = c.c_region GROUP BY r.r_name ORDER BY 1",
						 SQL_NTS);
	r = SQL_SUCCEEDED(rc) ? rows(st) : diag(SQL_HANDLE_STMT, st);
	t_ok(SQL_SUCCEEDED(rc) && strcmp(r, "Africa|25; Asia|25; Europe|25; United States|25") == 0,
		 "%s: a federated join [%s]", label, r);
	/* SQL_C_WCHAR is iODBC's wchar_t: UCS-4. */
	rc = p_SQLExecDirect(st, (SQLCHAR *) "SELECT 'a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e'", SQL_NTS);
	{
		wchar_t w[16];
		SQLLEN ind = 0;
		static const wchar_t want[] = {L'a', 0xe9, 0x20ac, 0x1d11e, 0};

		memset(w, 0xff, sizeof(w));
		if (SQL_SUCCEEDED(rc) && SQL_SUCCEEDED(p_SQLFetch(st)))
			rc = p_SQLGetData(st, 1, SQL_C_WCHAR, w, sizeof(w), &ind);
		t_ok(SQL_SUCCEEDED(rc) && ind == 4 * (SQLLEN) sizeof(wchar_t) && wcscmp(w, want) == 0,
			 "%s: SQL_C_WCHAR as wchar_t, terminated (rc %d, length %ld bytes, %x %x %x %x %x) %s", label,
			 (int) rc, (long) ind, (unsigned) w[0], (unsigned) w[1], (unsigned) w[2], (unsigned) w[3],
			 (unsigned) w[4], SQL_SUCCEEDED(rc) ? "" : diag(SQL_HANDLE_STMT, st));
	}
	p_SQLFreeStmt(st, SQL_CLOSE);
	/* Diagnostics come through as text. */
	rc = p_SQLExecDirect(st, (SQLCHAR *) "SELECT nosuch FROM rds.customers", SQL_NTS);
	r = diag(SQL_HANDLE_STMT, st);
	t_ok(rc == SQL_ERROR && strncmp(r, "42703 ", 6) == 0 && strstr(r, "nosuch") != NULL,
		 "%s: an error's SQLSTATE and message [%s]", label, r);
	p_SQLFreeStmt(st, SQL_CLOSE);
	/* Prepare and describe. */
	rc = p_SQLPrepare(st, (SQLCHAR *) "SELECT c_id, c_name FROM rds.customers WHERE c_id = 1", SQL_NTS);
	{
		char name[64] = "";
		SQLSMALLINT type = 0, digits = 0, nullable = 0, n = 0;
		SQLULEN size = 0;

		p_SQLNumResultCols(st, &n);
		p_SQLDescribeCol(st, 2, (SQLCHAR *) name, sizeof(name), NULL, &type, &size, &digits, &nullable);
		t_ok(SQL_SUCCEEDED(rc) && n == 2 && strcmp(name, "c_name") == 0,
			 "%s: prepared and described: %d columns, column 2 %s (type %d)", label, (int) n, name,
			 (int) type);
	}
	p_SQLFreeStmt(st, SQL_CLOSE);
	/* The catalog. */
	rc = p_SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "customers", SQL_NTS, NULL, 0);
	r = SQL_SUCCEEDED(rc) ? rows(st) : diag(SQL_HANDLE_STMT, st);
	t_ok(SQL_SUCCEEDED(rc) && strstr(r, "rds|customers|TABLE") != NULL, "%s: SQLTables [%s]", label, r);
	p_SQLFreeHandle(SQL_HANDLE_STMT, st);
	p_SQLDisconnect(dbc);
done:
	p_SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	p_SQLFreeHandle(SQL_HANDLE_ENV, env);
}

int
main(int argc, char **argv)
{
	/* iODBC hands an ANSI application's strings to the driver's W
	 * functions, converted with the process's locale: a UTF-8 one, as a
	 * BI tool runs in, keeps non-ASCII text. */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (!load())
	{
		printf("libiodbc.so.2 is not installed (Debian: apt-get install libiodbc2)\n");
		return 77;
	}
	session("DSN=fedq", "through a DSN");
	if (argc > 1)
		session(argv[1], "DSN-less");
	return t_done();
}
