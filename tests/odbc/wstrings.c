/*
 * wstrings.c — every W entry point with empty, NULL and SQL_NTS strings,
 * explicit lengths over unterminated buffers, and zero or tiny output
 * buffers.  Run under valgrind by 20-odbc-wstrings.sh: a zero-length wide
 * string once came back from drv_wstr_dup as an unwritten buffer, so
 * SQLTablesW(catalog '') read uninitialised memory and failed with random
 * bytes in a 22021 message (pyodbc's cursor.tables(catalog='')).
 */
#include "odbctest.h"

/* UTF-16 copy of an ASCII string, in one of a few rotating buffers; the
 * slots after the terminator hold junk, so an explicit length shorter
 * than the text is not accidentally terminated. */
static SQLWCHAR *
W(const char *s)
{
	static SQLWCHAR buf[8][1024];
	static int k;
	SQLWCHAR *w = buf[k++ % 8];
	size_t i;

	for (i = 0; s[i] != '\0' && i < 1000; i++)
		w[i] = (SQLWCHAR) (unsigned char) s[i];
	w[i] = 0;
	for (size_t j = i + 1; j < i + 8; j++)
		w[j] = 'Z';
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

/* The first diagnostic's message is clean ASCII text (no stray bytes). */
static bool
clean_message(SQLSMALLINT ht, SQLHANDLE h)
{
	SQLWCHAR state[6], msg[1024];
	SQLINTEGER native;
	SQLSMALLINT len = -1;

	if (SQLGetDiagRecW(ht, h, 1, state, &native, msg, 1024, &len) != SQL_SUCCESS)
		return true; /* no record */
	for (int i = 0; i < len; i++)
		if (msg[i] < 0x20 && msg[i] != '\n')
			return false;
	return len >= 0 && msg[len] == 0;
}

/* Fetches every row of a result, counting them (-1 on error); with
 * `find`, *found tells whether column `col` held that text in a row. */
static int
count_rows_find(SQLHSTMT st, int col, const char *find, bool *found)
{
	int n = 0;
	SQLRETURN rc;

	while ((rc = SQLFetch(st)) == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO)
	{
		char buf[256];
		SQLLEN ind;

		n++;
		if (find != NULL &&
			SQL_SUCCEEDED(SQLGetData(st, (SQLUSMALLINT) col, SQL_C_CHAR, buf, sizeof(buf), &ind)) &&
			ind != SQL_NULL_DATA && strcmp(buf, find) == 0)
			*found = true;
	}
	SQLFreeStmt(st, SQL_CLOSE);
	return rc == SQL_NO_DATA ? n : -1;
}

static int
count_rows(SQLHSTMT st)
{
	return count_rows_find(st, 1, NULL, NULL);
}

static void
catalog_calls(SQLHSTMT st)
{
	SQLRETURN rc;
	int n;

	/* pyodbc's cursor.tables(catalog='', schema='%', table=''), lengths 0:
	 * ODBC's request for the list of schemas. */
	bool found = false;

	rc = SQLTablesW(st, W(""), 0, W("%"), SQL_NTS, W(""), 0, NULL, 0);
	t_ok(rc == SQL_SUCCESS, "SQLTablesW catalog '' (length 0), schema '%%', table '' (rc %d)", (int) rc);
	if (rc != SQL_SUCCESS)
		t_diag(SQL_HANDLE_STMT, st);
	n = count_rows_find(st, 2, "rds", &found);
	t_ok(n >= 2 && found, "  lists the schemas, rds among them (%d rows)", n);
	found = false;
	rc = SQLTablesW(st, W(""), SQL_NTS, W("%"), SQL_NTS, W(""), SQL_NTS, W(""), SQL_NTS);
	n = rc == SQL_SUCCESS ? count_rows_find(st, 2, "public", &found) : -1;
	t_ok(n >= 2 && found, "SQLTablesW with '' as SQL_NTS lists the schemas (%d rows)", n);
	rc = SQLTablesW(st, NULL, 0, W("rds"), SQL_NTS, W(""), SQL_NTS, NULL, 0);
	t_ok(rc == SQL_SUCCESS && count_rows(st) == 0,
		 "SQLTablesW with table '' matches no table (rc %d)", (int) rc);
	rc = SQLTablesW(st, NULL, 0, W("rds"), SQL_NTS, NULL, 0, NULL, 0);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n > 3, "SQLTablesW with NULLs lists the external tables (%d)", n);
	/* Explicit lengths over unterminated text: "rdsXX" with length 3. */
	rc = SQLTablesW(st, NULL, 0, W("rdsXX"), 3, W("orders_and_more"), 6, NULL, 0);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n == 1, "SQLTablesW with explicit lengths finds rds.orders (%d)", n);
	rc = SQLTablesW(st, NULL, 0, W("rds"), -7, NULL, 0, NULL, 0);
	t_ok(rc == SQL_ERROR, "SQLTablesW with length -7 fails (rc %d)", (int) rc);
	t_ok(clean_message(SQL_HANDLE_STMT, st), "  with a clean message");
	SQLFreeStmt(st, SQL_CLOSE);

	rc = SQLColumnsW(st, W(""), 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS, W(""), 0);
	t_ok(rc == SQL_SUCCESS && count_rows(st) == 0, "SQLColumnsW column '' (rc %d)", (int) rc);
	rc = SQLColumnsW(st, NULL, 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS, NULL, 0);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n == 7, "SQLColumnsW with NULL column name lists 7 columns (%d)", n);
	rc = SQLColumnsW(st, W(""), SQL_NTS, W(""), SQL_NTS, W(""), SQL_NTS, W(""), SQL_NTS);
	t_ok(rc == SQL_SUCCESS && count_rows(st) == 0, "SQLColumnsW all '' (rc %d)", (int) rc);

	rc = SQLPrimaryKeysW(st, W(""), 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n == 1, "SQLPrimaryKeysW catalog '' (length 0) (%d rows)", n);
	rc = SQLPrimaryKeysW(st, NULL, 0, W(""), SQL_NTS, W(""), 0);
	t_ok(SQL_SUCCEEDED(rc) || rc == SQL_ERROR, "SQLPrimaryKeysW table '' returns (rc %d)", (int) rc);
	t_ok(rc != SQL_ERROR || clean_message(SQL_HANDLE_STMT, st), "  with a clean message");
	SQLFreeStmt(st, SQL_CLOSE);
	rc = SQLForeignKeysW(st, W(""), 0, W("rds"), SQL_NTS, W("customers"), SQL_NTS, W(""), 0,
						 W(""), 0, W(""), 0);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n >= 0, "SQLForeignKeysW with '' foreign-key names (%d rows, rc %d)", n, (int) rc);
	if (n < 0)
		t_diag(SQL_HANDLE_STMT, st);
	rc = SQLStatisticsW(st, W(""), 0, W("rds"), SQL_NTS, W("orders"), SQL_NTS, SQL_INDEX_ALL,
						SQL_QUICK);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n >= 1, "SQLStatisticsW catalog '' (%d rows)", n);
	rc = SQLGetTypeInfoW(st, SQL_ALL_TYPES);
	n = rc == SQL_SUCCESS ? count_rows(st) : -1;
	t_ok(n > 10, "SQLGetTypeInfoW (%d types)", n);
}

static void
statement_calls(SQLHDBC dbc, SQLHSTMT st)
{
	SQLWCHAR out[256];
	SQLINTEGER outlen = -1;
	SQLSMALLINT slen = -1;
	SQLRETURN rc;
	SQLLEN ind;
	SQLINTEGER v = 0;
	SQLULEN timeout = 99;

	SQLSMALLINT ncols = -1;

	/* The warehouse takes an empty statement as PostgreSQL does: no rows. */
	rc = SQLExecDirectW(st, W(""), SQL_NTS);
	if (rc == SQL_SUCCESS)
		SQLNumResultCols(st, &ncols);
	t_ok(rc == SQL_SUCCESS && ncols == 0,
		 "SQLExecDirectW '' runs, with no result columns (rc %d, %d)", (int) rc, (int) ncols);
	SQLFreeStmt(st, SQL_CLOSE);
	rc = SQLExecDirectW(st, W("SELECT 1"), 0);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "HY090"),
		 "SQLExecDirectW with length 0 fails with HY090 (rc %d)", (int) rc);
	t_ok(clean_message(SQL_HANDLE_STMT, st), "  with a clean message: %s",
		 t_message(SQL_HANDLE_STMT, st));
	rc = SQLExecDirectW(st, NULL, SQL_NTS);
	t_ok(rc == SQL_ERROR, "SQLExecDirectW(NULL) fails (rc %d)", (int) rc);
	/* "SELECT 42" out of "SELECT 42; junk" by its length. */
	rc = SQLExecDirectW(st, W("SELECT 42; junk"), 9);
	if (rc == SQL_SUCCESS && SQLFetch(st) == SQL_SUCCESS)
		SQLGetData(st, 1, SQL_C_SLONG, &v, 0, &ind);
	t_ok(rc == SQL_SUCCESS && v == 42,
		 "SQLExecDirectW with an explicit length runs just that text (%d)", (int) v);
	SQLFreeStmt(st, SQL_CLOSE);
	rc = SQLPrepareW(st, W(""), SQL_NTS);
	t_ok(rc == SQL_SUCCESS, "SQLPrepareW '' (rc %d)", (int) rc);
	rc = SQLPrepareW(st, W("SELECT 1"), 0);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "HY090"),
		 "SQLPrepareW with length 0 fails with HY090 (rc %d)", (int) rc);
	rc = SQLPrepareW(st, W("SELECT 7 AS x"), SQL_NTS);
	t_ok(rc == SQL_SUCCESS, "SQLPrepareW SQL_NTS (rc %d)", (int) rc);

	/* Describing into no room, and into a one-character buffer. */
	rc = SQLDescribeColW(st, 1, NULL, 0, &slen, NULL, NULL, NULL, NULL);
	t_ok(rc == SQL_SUCCESS && slen == 1, "SQLDescribeColW with no name buffer: length %d",
		 (int) slen);
	out[0] = 'Q';
	rc = SQLDescribeColW(st, 1, out, 1, &slen, NULL, NULL, NULL, NULL);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && out[0] == 0 && slen == 1,
		 "SQLDescribeColW into one character: 01004, empty and terminated (rc %d)", (int) rc);
	rc = SQLColAttributeW(st, 1, SQL_DESC_LABEL, out, 0, &slen, NULL);
	t_ok(SQL_SUCCEEDED(rc) && slen == 2, "SQLColAttributeW label with no room: %d bytes",
		 (int) slen);
	rc = SQLColAttributeW(st, 1, SQL_DESC_NAME, NULL, 0, &slen, NULL);
	t_ok(SQL_SUCCEEDED(rc), "SQLColAttributeW with a NULL buffer (rc %d)", (int) rc);
	SQLFreeStmt(st, SQL_CLOSE);

	/* Cursor names. */
	rc = SQLSetCursorNameW(st, W(""), SQL_NTS);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "34000"),
		 "SQLSetCursorNameW '' fails with 34000 (rc %d)", (int) rc);
	rc = SQLSetCursorNameW(st, W("abc"), 0);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "34000"),
		 "SQLSetCursorNameW with length 0 fails with 34000 (rc %d)", (int) rc);
	rc = SQLSetCursorNameW(st, W("curXYZ"), 3);
	t_ok(rc == SQL_SUCCESS, "SQLSetCursorNameW with an explicit length (rc %d)", (int) rc);
	rc = SQLGetCursorNameW(st, out, 0, &slen);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && slen == 3, "SQLGetCursorNameW into no room: 01004, length %d",
		 (int) slen);
	rc = SQLGetCursorNameW(st, out, 256, &slen);
	t_ok(rc == SQL_SUCCESS && weq(out, "cur"), "SQLGetCursorNameW: the name set");

	/* SQLNativeSqlW */
	out[0] = 'Q';
	rc = SQLNativeSqlW(dbc, W(""), SQL_NTS, out, 256, &outlen);
	t_ok(SQL_SUCCEEDED(rc) && outlen == 0 && out[0] == 0, "SQLNativeSqlW '': '' (rc %d, %d)",
		 (int) rc, (int) outlen);
	rc = SQLNativeSqlW(dbc, W("SELECT {fn UCASE('a')} x"), 22, out, 256, &outlen);
	t_ok(SQL_SUCCEEDED(rc) && weq(out, "SELECT upper('a')"), "SQLNativeSqlW with an explicit length");
	rc = SQLNativeSqlW(dbc, W("SELECT 1"), SQL_NTS, NULL, 0, &outlen);
	t_ok(SQL_SUCCEEDED(rc) && outlen == 8, "SQLNativeSqlW with no output buffer: length %d",
		 (int) outlen);

	/* Statement attributes: none are strings; the W form still answers. */
	rc = SQLGetStmtAttrW(st, SQL_ATTR_QUERY_TIMEOUT, &timeout, 0, NULL);
	t_ok(rc == SQL_SUCCESS && timeout == 0, "SQLGetStmtAttrW (rc %d)", (int) rc);
	rc = SQLSetStmtAttrW(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 0, 0);
	t_ok(rc == SQL_SUCCESS, "SQLSetStmtAttrW (rc %d)", (int) rc);
}

static void
connection_calls(SQLHDBC dbc)
{
	SQLWCHAR out[256];
	SQLSMALLINT slen = -1;
	SQLINTEGER ilen = -1;
	SQLRETURN rc;

	rc = SQLGetInfoW(dbc, SQL_DBMS_NAME, out, 0, &slen);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && slen == 8, "SQLGetInfoW into no room: 01004, %d bytes",
		 (int) slen);
	rc = SQLGetInfoW(dbc, SQL_DBMS_NAME, NULL, 0, &slen);
	t_ok(SQL_SUCCEEDED(rc) && slen == 8, "SQLGetInfoW with a NULL buffer: %d bytes", (int) slen);
	rc = SQLGetInfoW(dbc, SQL_DBMS_NAME, out, 4, &slen);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && out[0] == 'f' && out[1] == 0,
		 "SQLGetInfoW into 4 bytes: one character, terminated");
	rc = SQLGetConnectAttrW(dbc, SQL_ATTR_CURRENT_CATALOG, out, 0, &ilen);
	t_ok(SQL_SUCCEEDED(rc) && ilen == 18, "SQLGetConnectAttrW catalog into no room: %d bytes",
		 (int) ilen);
	rc = SQLSetConnectAttrW(dbc, SQL_ATTR_CURRENT_CATALOG, W(""), SQL_NTS);
	t_ok(rc == SQL_ERROR && clean_message(SQL_HANDLE_DBC, dbc),
		 "SQLSetConnectAttrW catalog '' fails cleanly (rc %d)", (int) rc);
	rc = SQLSetConnectAttrW(dbc, SQL_ATTR_CURRENT_CATALOG, W("warehouseXX"), 18);
	t_ok(rc == SQL_SUCCESS, "SQLSetConnectAttrW catalog by byte length (rc %d)", (int) rc);
	if (rc != SQL_SUCCESS)
		t_diag(SQL_HANDLE_DBC, dbc);
	rc = SQLSetConnectAttrW(dbc, SQL_ATTR_CURRENT_CATALOG, W("warehouse"), 0);
	t_ok(rc == SQL_ERROR && clean_message(SQL_HANDLE_DBC, dbc),
		 "SQLSetConnectAttrW catalog with length 0 fails cleanly (rc %d)", (int) rc);
}

static void
diag_calls(SQLHSTMT st)
{
	SQLWCHAR state[6], msg[64];
	SQLINTEGER native;
	SQLSMALLINT len = -1;
	SQLRETURN rc;

	SQLExecDirectW(st, W("SELECT * FROM rds.no_such_table"), SQL_NTS);
	rc = SQLGetDiagRecW(SQL_HANDLE_STMT, st, 1, state, &native, NULL, 0, &len);
	t_ok(rc == SQL_SUCCESS && len > 10 && weq(state, "42P01"),
		 "SQLGetDiagRecW with no message buffer: state and length %d", (int) len);
	msg[0] = 'Q';
	rc = SQLGetDiagRecW(SQL_HANDLE_STMT, st, 1, state, &native, msg, 1, &len);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && msg[0] == 0, "SQLGetDiagRecW into one character");
	rc = SQLGetDiagFieldW(SQL_HANDLE_STMT, st, 1, SQL_DIAG_MESSAGE_TEXT, msg, 0, &len);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && len > 20, "SQLGetDiagFieldW into no room: %d bytes",
		 (int) len);
	rc = SQLGetDiagFieldW(SQL_HANDLE_STMT, st, 1, SQL_DIAG_SQLSTATE, msg, 64, &len);
	t_ok(rc == SQL_SUCCESS && weq(msg, "42P01"), "SQLGetDiagFieldW SQLSTATE");
	SQLFreeStmt(st, SQL_CLOSE);
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	SQLWCHAR out[512];
	SQLSMALLINT outlen = -1;
	SQLRETURN rc;

	t_getenv("ODBCINI");
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);
	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);

	/* SQLConnectW: empty user and password mean the DSN's. */
	rc = SQLConnectW(dbc, W("fedq"), SQL_NTS, W(""), SQL_NTS, W(""), 0);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLConnectW with '' user and password");
	SQLDisconnect(dbc);
	rc = SQLConnectW(dbc, W("fedqXYZ"), 4, NULL, 0, NULL, 0);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLConnectW with an explicit DSN length and NULLs");
	SQLDisconnect(dbc);
	rc = SQLConnectW(dbc, W("fedq"), SQL_NTS, W("fedqXX"), 4, W(""), SQL_NTS);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLConnectW with the user by length");
	SQLDisconnect(dbc);

	/* SQLDriverConnectW: explicit length, no output buffer, no room. */
	rc = SQLDriverConnectW(dbc, NULL, W("DSN=fedq;junk that is not read"), 8, NULL, 0, &outlen,
						   SQL_DRIVER_NOPROMPT);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLDriverConnectW by length, no output buffer");
	t_ok(outlen > 8, "  the output length is still reported (%d)", (int) outlen);
	SQLDisconnect(dbc);
	out[0] = 'Q';
	rc = SQLDriverConnectW(dbc, NULL, W("DSN=fedq"), SQL_NTS, out, 1, &outlen, SQL_DRIVER_NOPROMPT);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && out[0] == 0,
		 "SQLDriverConnectW into one character: 01004, empty, terminated (rc %d)", (int) rc);
	if (!SQL_SUCCEEDED(rc))
	{
		t_diag(SQL_HANDLE_DBC, dbc);
		return t_done();
	}
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	connection_calls(dbc);
	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	catalog_calls(st);
	statement_calls(dbc, st);
	diag_calls(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return t_done();
}
