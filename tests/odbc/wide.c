/*
 * wide.c — the W (UTF-16) entry points, as iusql, pyodbc and Windows-style
 * applications call them: connecting, executing, describing, reading
 * SQL_C_WCHAR, diagnostics and catalog functions, with non-ASCII text.
 */
#include "odbctest.h"

/* UTF-16 copy of an ASCII string (static buffer, one at a time). */
static SQLWCHAR *
W(const char *s)
{
	static SQLWCHAR buf[4][512];
	static int k;
	SQLWCHAR *w = buf[k++ % 4];
	size_t i;

	for (i = 0; s[i] != '\0' && i < 511; i++)
		w[i] = (SQLWCHAR) (unsigned char) s[i];
	w[i] = 0;
	return w;
}

static bool
weq(const SQLWCHAR *w, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (w[i] != (SQLWCHAR) (unsigned char) s[i])
			return false;
	return w[i] == 0;
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	SQLWCHAR out[1024];
	SQLSMALLINT outlen = 0;
	SQLRETURN rc;

	t_getenv("ODBCINI");
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);
	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);

	rc = SQLDriverConnectW(dbc, NULL, W("DSN=fedq"), SQL_NTS, out, 1024, &outlen, SQL_DRIVER_NOPROMPT);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLDriverConnectW");
	t_ok(outlen > 9 && out[0] == 'D' && out[4] == 'f' && out[outlen] == 0,
		 "out string in UTF-16, length %d characters", (int) outlen);
	if (!SQL_SUCCEEDED(rc))
		return t_done();
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();

	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	rc = SQLExecDirectW(st, W("SELECT c_text, c_varchar AS \"h\xe9llo\" FROM rds.alltypes WHERE id = 1"),
						SQL_NTS);
	t_rc(rc, SQL_HANDLE_STMT, st, "SQLExecDirectW with a non-ASCII alias");
	{
		SQLWCHAR name[64];
		SQLSMALLINT namelen = 0, type = 0;
		SQLULEN size = 0;
		SQLWCHAR attr[64];
		SQLSMALLINT attrlen = 0;
		SQLWCHAR v[64];
		SQLLEN ind = 0;

		SQLDescribeColW(st, 2, name, 64, &namelen, &type, &size, NULL, NULL);
		t_ok(namelen == 5 && name[1] == 0xe9 && name[5] == 0 && type == SQL_WVARCHAR,
			 "SQLDescribeColW: the alias in UTF-16 (%d characters)", (int) namelen);
		SQLColAttributeW(st, 2, SQL_DESC_LABEL, attr, sizeof(attr), &attrlen, NULL);
		t_ok(attrlen == 10 && attr[1] == 0xe9, "SQLColAttributeW counts bytes (%d)", (int) attrlen);
		SQLColAttributeW(st, 1, SQL_DESC_TYPE_NAME, attr, sizeof(attr), &attrlen, NULL);
		t_ok(weq(attr, "text"), "SQLColAttributeW type name");
		SQLFetch(st);
		rc = SQLGetData(st, 1, SQL_C_WCHAR, v, sizeof(v), &ind);
		t_ok(rc == SQL_SUCCESS && ind == 22 && v[10] == 0xe9 && v[11] == 0,
			 "SQL_C_WCHAR 'long text \\u00e9': 22 bytes (%ld)", (long) ind);
		/* A short buffer: whole characters, NUL-terminated, 01004. */
		SQLFreeStmt(st, SQL_CLOSE);
		SQLExecDirectW(st, W("SELECT c_text FROM rds.alltypes WHERE id = 1"), SQL_NTS);
		SQLFetch(st);
		rc = SQLGetData(st, 1, SQL_C_WCHAR, v, 9, &ind);
		t_ok(rc == SQL_SUCCESS_WITH_INFO && ind == 22 && v[3] == 0 && v[2] == 'n',
			 "SQL_C_WCHAR into 9 bytes: 3 characters and a NUL, 01004");
		SQLFreeStmt(st, SQL_CLOSE);
	}

	/* Diagnostics in UTF-16. */
	rc = SQLExecDirectW(st, W("SELECT * FROM rds.no_such_table"), SQL_NTS);
	{
		SQLWCHAR state[6], msg[512];
		SQLINTEGER native;
		SQLSMALLINT len = 0;

		t_ok(rc == SQL_ERROR, "an error through SQLExecDirectW");
		rc = SQLGetDiagRecW(SQL_HANDLE_STMT, st, 1, state, &native, msg, 512, &len);
		t_ok(SQL_SUCCEEDED(rc) && weq(state, "42P01") && len > 10 && msg[len] == 0,
			 "SQLGetDiagRecW: 42P01 and a message of %d characters", (int) len);
	}

	/* Prepared, with a W parameter. */
	{
		SQLWCHAR p[] = {'c', 'o', 'm', 'm', 'e', 'n', 't', ' ', 'f', 'o', 'r', ' ', 'o', 'r', 'd', 'e', 'r',
						' ', '8', 0};
		SQLLEN nts = SQL_NTS;
		SQLINTEGER id = 0;

		rc = SQLPrepareW(st, W("SELECT o_id FROM rds.orders WHERE o_comment = ?"), SQL_NTS);
		t_rc(rc, SQL_HANDLE_STMT, st, "SQLPrepareW");
		SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 79, 0, p, sizeof(p), &nts);
		if (SQL_SUCCEEDED(SQLExecute(st)) && SQL_SUCCEEDED(SQLFetch(st)))
			SQLGetData(st, 1, SQL_C_SLONG, &id, 0, NULL);
		t_ok(id == 8, "W parameter finds order 8 (%d)", (int) id);
		SQLFreeStmt(st, SQL_CLOSE);
		SQLFreeStmt(st, SQL_RESET_PARAMS);
	}

	/* Catalog functions. */
	{
		SQLWCHAR name[64];
		SQLLEN ind;
		int n = 0;

		rc = SQLTablesW(st, NULL, 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS, NULL, 0);
		t_rc(rc, SQL_HANDLE_STMT, st, "SQLTablesW");
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			SQLGetData(st, 3, SQL_C_WCHAR, name, sizeof(name), &ind);
			if (weq(name, "orders"))
				n++;
		}
		t_ok(n == 1, "SQLTablesW finds rds.orders");
		SQLFreeStmt(st, SQL_CLOSE);
		n = 0;
		rc = SQLColumnsW(st, NULL, 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS, W("o\\_%"), SQL_NTS);
		t_rc(rc, SQL_HANDLE_STMT, st, "SQLColumnsW");
		while (SQL_SUCCEEDED(SQLFetch(st)))
			n++;
		t_ok(n == 7, "SQLColumnsW: 7 columns (%d)", n);
		SQLFreeStmt(st, SQL_CLOSE);
		t_rc(SQLGetTypeInfoW(st, SQL_INTEGER), SQL_HANDLE_STMT, st, "SQLGetTypeInfoW");
		SQLFetch(st);
		SQLGetData(st, 1, SQL_C_WCHAR, name, sizeof(name), &ind);
		t_ok(weq(name, "int4"), "integer type name");
		SQLFreeStmt(st, SQL_CLOSE);
	}

	/* Connection-level W functions. */
	{
		SQLWCHAR buf[64];
		SQLINTEGER len = 0;
		SQLSMALLINT slen = 0;

		rc = SQLGetConnectAttrW(dbc, SQL_ATTR_CURRENT_CATALOG, buf, sizeof(buf), &len);
		t_ok(SQL_SUCCEEDED(rc) && weq(buf, "warehouse") && len == 18,
			 "SQLGetConnectAttrW(CURRENT_CATALOG) in bytes (%d)", (int) len);
		rc = SQLGetInfoW(dbc, SQL_DATABASE_NAME, buf, sizeof(buf), &slen);
		t_ok(SQL_SUCCEEDED(rc) && weq(buf, "warehouse") && slen == 18, "SQLGetInfoW(SQL_DATABASE_NAME)");
		rc = SQLNativeSqlW(dbc, W("SELECT 1"), SQL_NTS, buf, 64, &len);
		t_ok(SQL_SUCCEEDED(rc) && weq(buf, "SELECT 1") && len == 8, "SQLNativeSqlW (characters: %d)", (int) len);
	}

	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLDisconnect(dbc);

	/* SQLConnectW. */
	rc = SQLConnectW(dbc, W("fedq"), SQL_NTS, NULL, 0, NULL, 0);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLConnectW");
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return t_done();
}
