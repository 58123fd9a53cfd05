/*
 * browse.c — SQLBrowseConnect: asked for the warehouse (Server) until it is
 * known, with the other keys as optional ones; the keys of each call add
 * to the ones before; connected, the complete connection string; a DSN
 * that names a Server connects at once; SQLDisconnect ends a browse.
 */
#include "odbctest.h"

static SQLRETURN
browse(SQLHDBC dbc, const char *in, char *out, SQLSMALLINT outmax)
{
	SQLSMALLINT len = 0;

	out[0] = '\0';
	return SQLBrowseConnect(dbc, (SQLCHAR *) in, SQL_NTS, (SQLCHAR *) out, outmax, &len);
}

static bool
works(SQLHDBC dbc, const char *sql, const char *want)
{
	SQLHSTMT st = t_stmt(dbc);
	const char *got = t_scalar(st, sql);
	bool ok = strcmp(got, want) == 0;

	if (!ok)
		printf("# %s: got %s\n", sql, got);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return ok;
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	char out[1024];
	char in[512];
	SQLRETURN rc;
	SQLUSMALLINT fn = SQL_FALSE;

	if (SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env) != SQL_SUCCESS ||
		SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0) != SQL_SUCCESS ||
		SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc) != SQL_SUCCESS)
	{
		printf("Bail out! cannot allocate ODBC handles\n");
		return 1;
	}

	/* Step 1: the driver only; the warehouse is asked for. */
	rc = browse(dbc, "DRIVER={fedq}", out, sizeof(out));
	t_ok(rc == SQL_NEED_DATA && strstr(out, "Server:Server=?") != NULL &&
		 strstr(out, "*UID:Login ID=?") != NULL && strstr(out, "*PWD:Password=?") != NULL,
		 "DRIVER only: SQL_NEED_DATA asking for Server (rc %d) [%s]", (int) rc, out);
	if (rc != SQL_NEED_DATA)
		t_diag(SQL_HANDLE_DBC, dbc);
	/* Step 2: the asked-for keys only; the driver keeps DRIVER. */
	snprintf(in, sizeof(in), "Server=127.0.0.1;Port=%s;Database=warehouse;UID=fedq;PWD=%s",
			 t_getenv("FQ_PORT_warehouse"), t_getenv("FQ_PG_PASSWORD"));
	rc = browse(dbc, in, out, sizeof(out));
	t_ok(SQL_SUCCEEDED(rc) && strstr(out, "Server=127.0.0.1") != NULL && strstr(out, "DRIVER=") != NULL,
		 "then connected, the complete connection string (rc %d) [%s]", (int) rc, out);
	if (!SQL_SUCCEEDED(rc))
		t_diag(SQL_HANDLE_DBC, dbc);
	SQLGetFunctions(dbc, SQL_API_SQLBROWSECONNECT, &fn);
	t_ok(fn == SQL_TRUE, "SQLGetFunctions claims SQLBrowseConnect");
	t_ok(SQL_SUCCEEDED(rc) && works(dbc, "SELECT count(*) FROM public.regions", "4"),
		 "the connection reaches the warehouse");
	SQLDisconnect(dbc);

	/* An empty Server: no warehouse. */
	rc = browse(dbc, "DRIVER={fedq};Server=", out, sizeof(out));
	t_ok(SQL_SUCCEEDED(rc), "Server= (none): connected without a warehouse (rc %d) [%s]", (int) rc, out);
	if (!SQL_SUCCEEDED(rc))
		t_diag(SQL_HANDLE_DBC, dbc);
	else
	{
		SQLUSMALLINT txn = 99;

		SQLGetInfo(dbc, SQL_TXN_CAPABLE, &txn, sizeof(txn), NULL);
		t_ok(txn == SQL_TC_NONE, "no warehouse: SQL_TXN_CAPABLE is SQL_TC_NONE (%u)", (unsigned) txn);
		SQLDisconnect(dbc);
	}

	/* A DSN naming a Server connects at once. */
	rc = browse(dbc, "DSN=fedq", out, sizeof(out));
	t_ok(SQL_SUCCEEDED(rc) && strstr(out, "DSN=fedq") != NULL,
		 "a DSN with a Server: connected at once (rc %d) [%s]", (int) rc, out);
	if (SQL_SUCCEEDED(rc))
		SQLDisconnect(dbc);

	/* SQLDisconnect ends a browse; the next one starts afresh. */
	rc = browse(dbc, "DRIVER={fedq};Port=1", out, sizeof(out));
	t_ok(rc == SQL_NEED_DATA, "a browse started (rc %d)", (int) rc);
	t_rc(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc, "SQLDisconnect ends it");
	rc = browse(dbc, "DRIVER={fedq}", out, sizeof(out));
	t_ok(rc == SQL_NEED_DATA, "a new browse asks again (rc %d)", (int) rc);
	snprintf(in, sizeof(in), "Server=127.0.0.1;Port=%s;Database=warehouse;UID=fedq;PWD=%s",
			 t_getenv("FQ_PORT_warehouse"), t_getenv("FQ_PG_PASSWORD"));
	rc = browse(dbc, in, out, sizeof(out));
	t_ok(SQL_SUCCEEDED(rc) && strstr(out, "Port=1;") == NULL,
		 "the earlier browse's Port=1 was forgotten (rc %d) [%s]", (int) rc, out);
	if (SQL_SUCCEEDED(rc))
		SQLDisconnect(dbc);

	/* A wrong password: the error, and the browse is over. */
	rc = browse(dbc, "DRIVER={fedq};Server=127.0.0.1;UID=fedq;PWD=wrong;Database=warehouse", out, sizeof(out));
	t_ok(!SQL_SUCCEEDED(rc) && rc != SQL_NEED_DATA, "a refused connection is an error (rc %d)", (int) rc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return t_done();
}
