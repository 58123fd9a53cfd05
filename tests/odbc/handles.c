/*
 * handles.c — handle life cycle, function sequence errors, connection and
 * statement attributes, as an application sees them through the driver
 * manager.
 */
#include "odbctest.h"

static void
test_lifecycle(void)
{
	SQLHENV env = SQL_NULL_HENV;
	SQLHDBC dbc = SQL_NULL_HDBC;
	SQLHSTMT st = SQL_NULL_HSTMT;
	SQLRETURN rc;
	SQLUINTEGER u = 0;

	t_rc(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env), SQL_HANDLE_ENV, env, "allocate environment");
	t_rc(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0), SQL_HANDLE_ENV, env,
		 "SQL_ATTR_ODBC_VERSION = 3");
	t_rc(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc), SQL_HANDLE_ENV, env, "allocate connection");

	/* Before connecting: no statements. */
	rc = SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "08003", "SQLAllocHandle(STMT) on an unconnected handle");

	/* Attributes set before connecting are kept (pyodbc sets these). */
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_PACKET_SIZE, (SQLPOINTER) 8192, 0), SQL_HANDLE_DBC, dbc,
		 "SQL_ATTR_PACKET_SIZE before connecting");
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER) 20, 0), SQL_HANDLE_DBC, dbc,
		 "SQL_ATTR_LOGIN_TIMEOUT before connecting");

	t_rc(SQLConnect(dbc, (SQLCHAR *) "fedq", SQL_NTS, NULL, 0, NULL, 0), SQL_HANDLE_DBC, dbc,
		 "SQLConnect to DSN fedq");
	SQLGetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, &u, sizeof(u), NULL);
	t_ok(u == 20, "SQL_ATTR_LOGIN_TIMEOUT kept (%u)", (unsigned) u);

	rc = SQLConnect(dbc, (SQLCHAR *) "fedq", SQL_NTS, NULL, 0, NULL, 0);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "08002", "connecting twice");

	t_rc(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc, "allocate statement");

	/* Function sequence errors. */
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "HY010", "SQLExecute before SQLPrepare");
	t_fails(SQLFetch(st), SQL_HANDLE_STMT, st, "HY010", "SQLFetch before executing");
	t_fails(SQLCloseCursor(st), SQL_HANDLE_STMT, st, "24000", "SQLCloseCursor without a cursor");
	t_fails(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_HANDLE_DBC, dbc, "HY010",
			"freeing a connected connection");

	t_rc(SQLExecDirect(st, (SQLCHAR *) "SELECT 1", SQL_NTS), SQL_HANDLE_STMT, st, "SELECT 1");
	{
		SQLINTEGER v = 0;
		SQLLEN ind;

		t_fails(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st, "24000",
				"SQLGetData before SQLFetch");
		t_fails(SQLExecDirect(st, (SQLCHAR *) "SELECT 2", SQL_NTS), SQL_HANDLE_STMT, st, "24000",
				"executing over an open cursor");
		t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "fetch the row");
		t_rc(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st, "read it");
		t_ok(v == 1 && ind == sizeof(SQLINTEGER), "SELECT 1 gives 1 (%d, ind %ld)", (int) v, (long) ind);
		t_ok(SQLFetch(st) == SQL_NO_DATA, "then SQL_NO_DATA");
		t_fails(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st, "24000",
				"SQLGetData after the last row");
		t_ok(SQLMoreResults(st) == SQL_NO_DATA, "SQLMoreResults: one result per statement");
		t_fails(SQLCloseCursor(st), SQL_HANDLE_STMT, st, "24000",
				"SQLCloseCursor after SQLMoreResults closed the cursor");
	}

	/* SQLFetchScroll is forward-only. */
	t_rc(SQLExecDirect(st, (SQLCHAR *) "SELECT 1", SQL_NTS), SQL_HANDLE_STMT, st, "SELECT 1 again");
	t_fails(SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, st, "HY106",
			"SQLFetchScroll(SQL_FETCH_FIRST)");
	t_rc(SQLFetchScroll(st, SQL_FETCH_NEXT, 0), SQL_HANDLE_STMT, st, "SQLFetchScroll(SQL_FETCH_NEXT)");
	t_rc(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st, "SQLFreeStmt(SQL_CLOSE)");
	t_rc(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st, "SQL_CLOSE without a cursor is fine");

	/* Prepared statements run again and again. */
	t_rc(SQLPrepare(st, (SQLCHAR *) "SELECT count(*) FROM public.regions", SQL_NTS), SQL_HANDLE_STMT, st,
		 "SQLPrepare");
	for (int i = 0; i < 3; i++)
	{
		SQLINTEGER n = 0;

		t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute");
		SQLFetch(st);
		SQLGetData(st, 1, SQL_C_SLONG, &n, 0, NULL);
		t_ok(n == 4, "execution %d counts 4 regions (%d)", i + 1, (int) n);
		SQLCloseCursor(st);
	}

	/* SQLRowCount of a statement that was never executed. */
	{
		SQLHSTMT st2 = t_stmt(dbc);
		SQLLEN n;

		t_fails(SQLRowCount(st2, &n), SQL_HANDLE_STMT, st2, "HY010", "SQLRowCount before executing");
		t_fails(SQLNumResultCols(st2, NULL), SQL_HANDLE_STMT, st2, "HY010",
				"SQLNumResultCols before preparing");
		/* Left allocated on purpose: SQLDisconnect frees it. */
	}

	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_rc(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc, "SQLDisconnect with a statement still allocated");
	t_fails(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc, "08003", "disconnecting twice");
	/* The same handle connects again. */
	t_rc(SQLConnect(dbc, (SQLCHAR *) "fedq_nowh", SQL_NTS, NULL, 0, NULL, 0), SQL_HANDLE_DBC, dbc,
		 "reconnect the same handle to fedq_nowh");
	t_rc(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc, "disconnect again");
	t_rc(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_HANDLE_DBC, dbc, "free connection");
	t_rc(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_HANDLE_ENV, env, "free environment");
}

static void
test_odbc2_shims(void)
{
	SQLHENV env = SQL_NULL_HENV;
	SQLHDBC dbc = SQL_NULL_HDBC;
	SQLHSTMT st = SQL_NULL_HSTMT;

	/* The ODBC 2 way, as isql does it. */
	t_rc(SQLAllocEnv(&env), SQL_HANDLE_ENV, env, "SQLAllocEnv");
	t_rc(SQLAllocConnect(env, &dbc), SQL_HANDLE_ENV, env, "SQLAllocConnect");
	t_rc(SQLConnect(dbc, (SQLCHAR *) "fedq", SQL_NTS, NULL, 0, NULL, 0), SQL_HANDLE_DBC, dbc,
		 "SQLConnect (ODBC 2 application)");
	t_rc(SQLAllocStmt(dbc, &st), SQL_HANDLE_DBC, dbc, "SQLAllocStmt");
	t_rc(SQLFreeStmt(st, SQL_DROP), SQL_HANDLE_STMT, st, "SQLFreeStmt(SQL_DROP)");
	t_rc(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc, "SQLDisconnect");
	t_rc(SQLFreeConnect(dbc), SQL_HANDLE_DBC, dbc, "SQLFreeConnect");
	t_rc(SQLFreeEnv(env), SQL_HANDLE_ENV, env, "SQLFreeEnv");
}

static void
test_connect_attrs(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLUINTEGER u = 99;
	char buf[128];
	SQLINTEGER len = 0;
	SQLRETURN rc;

	t_connect(&env, &dbc, "fedq");
	SQLGetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, &u, 0, NULL);
	t_ok(u == SQL_AUTOCOMMIT_ON, "autocommit is on by default");
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_OFF, 0), SQL_HANDLE_DBC,
		 dbc, "autocommit off");
	SQLGetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, &u, 0, NULL);
	t_ok(u == SQL_AUTOCOMMIT_OFF, "autocommit reads back off");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc, "SQLEndTran(COMMIT)");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc, "SQLEndTran(ROLLBACK)");
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_ON, 0), SQL_HANDLE_DBC,
		 dbc, "autocommit on");
	t_fails(SQLEndTran(SQL_HANDLE_DBC, dbc, 7), SQL_HANDLE_DBC, dbc, "HY012", "SQLEndTran(7)");

	u = 99;
	t_rc(SQLGetConnectAttr(dbc, SQL_ATTR_CONNECTION_DEAD, &u, 0, NULL), SQL_HANDLE_DBC, dbc,
		 "SQL_ATTR_CONNECTION_DEAD");
	t_ok(u == SQL_CD_FALSE, "connection is alive");
	u = 0;
	SQLGetConnectAttr(dbc, SQL_ATTR_TXN_ISOLATION, &u, 0, NULL);
	t_ok(u == SQL_TXN_READ_COMMITTED, "isolation READ COMMITTED (%u)", (unsigned) u);
	t_fails(SQLSetConnectAttr(dbc, SQL_ATTR_TXN_ISOLATION, (SQLPOINTER) SQL_TXN_SERIALIZABLE, 0),
			SQL_HANDLE_DBC, dbc, "HYC00", "SERIALIZABLE isolation");
	rc = SQLGetConnectAttr(dbc, SQL_ATTR_CURRENT_CATALOG, buf, sizeof(buf), &len);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQL_ATTR_CURRENT_CATALOG");
	t_ok(strcmp(buf, "warehouse") == 0 && len == 9, "current catalog is 'warehouse' ('%s', %d)", buf, (int) len);
	rc = SQLSetConnectAttr(dbc, SQL_ATTR_CONNECTION_TIMEOUT, (SQLPOINTER) 5, 0);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_DBC, dbc, "01S02"),
		 "SQL_ATTR_CONNECTION_TIMEOUT 5 gives 01S02");
	u = 99;
	SQLGetConnectAttr(dbc, SQL_ATTR_CONNECTION_TIMEOUT, &u, 0, NULL);
	t_ok(u == 0, "and reads back 0");
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_ACCESS_MODE, (SQLPOINTER) SQL_MODE_READ_ONLY, 0), SQL_HANDLE_DBC,
		 dbc, "SQL_ATTR_ACCESS_MODE read-only (a hint)");
	t_fails(SQLSetConnectAttr(dbc, 12345, (SQLPOINTER) 1, 0), SQL_HANDLE_DBC, dbc, "HY092",
			"unknown connection attribute");

	/* SQLNativeSql returns the text with its ODBC escapes translated. */
	{
		const char *sql = "SELECT {fn UCASE('x')} FROM t WHERE a = ? AND d = {d '2024-01-31'}";
		const char *want = "SELECT upper('x') FROM t WHERE a = ? AND d = DATE '2024-01-31'";
		SQLCHAR out[128];
		SQLINTEGER n = 0;

		t_rc(SQLNativeSql(dbc, (SQLCHAR *) sql, SQL_NTS, out, sizeof(out), &n), SQL_HANDLE_DBC, dbc,
			 "SQLNativeSql");
		t_ok(strcmp((char *) out, want) == 0 && n == (SQLINTEGER) strlen(want),
			 "escapes translated");
		rc = SQLNativeSql(dbc, (SQLCHAR *) sql, SQL_NTS, out, 10, &n);
		t_ok(rc == SQL_SUCCESS_WITH_INFO && strlen((char *) out) == 9 && n == (SQLINTEGER) strlen(want),
			 "truncated SQLNativeSql gives 01004 and the full length");
		t_fails(SQLNativeSql(dbc, (SQLCHAR *) "{call p}", SQL_NTS, out, sizeof(out), &n),
				SQL_HANDLE_DBC, dbc, "0A000", "SQLNativeSql of {call}");
	}
	t_disconnect(env, dbc);
}

static void
test_stmt_attrs(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	SQLULEN v = 0;
	SQLRETURN rc;

	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);

	t_rc(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 25, 0), SQL_HANDLE_STMT, st,
		 "SQL_ATTR_ROW_ARRAY_SIZE 25");
	SQLGetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, &v, 0, NULL);
	t_ok(v == 25, "row array size reads back 25 (%lu)", (unsigned long) v);
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 1, 0), SQL_HANDLE_STMT, st,
		 "back to 1");

	rc = SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER) SQL_CURSOR_STATIC, 0);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_STMT, st, "01S02"),
		 "a static cursor is refused with 01S02");
	v = 99;
	SQLGetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, &v, 0, NULL);
	t_ok(v == SQL_CURSOR_FORWARD_ONLY, "the cursor stays forward-only");
	rc = SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, (SQLPOINTER) SQL_CONCUR_LOCK, 0);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_STMT, st, "01S02"),
		 "locking concurrency is refused with 01S02");
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 10, 0), SQL_HANDLE_STMT, st,
		 "parameter arrays (tests/odbc/params.c runs them)");
	t_fails(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 0, 0), SQL_HANDLE_STMT, st, "HY024",
			"a parameter set size of 0");
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 1, 0);
	t_fails(SQLSetStmtAttr(st, SQL_ATTR_USE_BOOKMARKS, (SQLPOINTER) SQL_UB_VARIABLE, 0), SQL_HANDLE_STMT, st,
			"HYC00", "bookmarks");
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 30, 0), SQL_HANDLE_STMT, st,
		 "SQL_ATTR_QUERY_TIMEOUT 30");
	SQLGetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, &v, 0, NULL);
	t_ok(v == 30, "query timeout reads back 30");
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 0, 0), SQL_HANDLE_STMT, st, "timeout off");

	/* MAX_ROWS limits what is fetched. */
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, (SQLPOINTER) 3, 0), SQL_HANDLE_STMT, st, "SQL_ATTR_MAX_ROWS 3");
	if (t_exec(st, "SELECT s_id FROM public.sales ORDER BY s_id"))
	{
		int n = 0;

		while (SQL_SUCCEEDED(SQLFetch(st)))
			n++;
		t_ok(n == 3, "MAX_ROWS 3 fetches 3 of 2500 rows (%d)", n);
	}
	SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, (SQLPOINTER) 0, 0);

	/* SQLGetData needs a one-row rowset on a forward-only cursor. */
	{
		SQLINTEGER ids[2];
		SQLLEN ind[2];
		SQLINTEGER x;

		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 2, 0);
		SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
		if (t_exec(st, "SELECT s_id, s_amount FROM public.sales ORDER BY s_id"))
		{
			t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "fetch a 2-row rowset");
			t_ok(ids[0] == 1 && ids[1] == 2, "rows 1 and 2");
			t_fails(SQLGetData(st, 2, SQL_C_SLONG, &x, 0, NULL), SQL_HANDLE_STMT, st, "HY109",
					"SQLGetData with a 2-row rowset");
			/* SQLSetPos(SQL_POSITION) picks the row SQLGetData reads. */
			t_rc(SQLSetPos(st, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st,
				 "SQLSetPos(2, SQL_POSITION)");
			x = 0;
			t_ok(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SLONG, &x, 0, NULL)) && x == 2,
				 "SQLGetData reads row 2 of the rowset (%d)", (int) x);
			{
				SQLULEN rownum = 0;

				SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &rownum, 0, NULL);
				t_ok(rownum == 2, "SQL_ATTR_ROW_NUMBER is 2 (%lu)", (unsigned long) rownum);
			}
			t_rc(SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st,
				 "SQLSetPos(1, SQL_POSITION)");
			t_ok(SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SLONG, &x, 0, NULL)) && x == 1,
				 "and row 1 (%d)", (int) x);
			t_fails(SQLSetPos(st, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st, "HY107",
					"SQLSetPos past the rowset");
			t_fails(SQLSetPos(st, 0, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st, "HY109",
					"SQLSetPos(0, SQL_POSITION)");
			t_fails(SQLSetPos(st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st, "HYC00",
					"SQLSetPos(SQL_UPDATE)");
			t_fails(SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_EXCLUSIVE), SQL_HANDLE_STMT, st, "HYC00",
					"SQLSetPos with SQL_LOCK_EXCLUSIVE");
		}
		SQLFreeStmt(st, SQL_UNBIND);
		/* Rowsets of 3 over 2500 rows: the engine's batches end somewhere
		 * inside one; every row still held can be positioned on. */
		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 3, 0);
		{
			SQLINTEGER ids3[3];
			SQLLEN ind3[3];
			SQLULEN got = 0;
			int rowsets = 0, wrong = 0, last_ok = 0, released = 0;

			SQLBindCol(st, 1, SQL_C_SLONG, ids3, 0, ind3);
			SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &got, 0);
			if (t_exec(st, "SELECT s_id FROM public.sales ORDER BY s_id"))
			{
				while (SQL_SUCCEEDED(SQLFetch(st)))
				{
					rowsets++;
					for (SQLULEN r = 1; r <= got; r++)
					{
						SQLRETURN prc = SQLSetPos(st, r, SQL_POSITION, SQL_LOCK_NO_CHANGE);

						x = -1;
						if (SQL_SUCCEEDED(prc))
						{
							if (!SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SLONG, &x, 0, NULL)) ||
								x != ids3[r - 1])
							{
								wrong++;
								printf("# rowset %d row %lu: %d, bound %d\n", rowsets, (unsigned long) r,
									   (int) x, (int) ids3[r - 1]);
							}
							else if (r == got)
								last_ok++;
						}
						else if (t_has_state(SQL_HANDLE_STMT, st, "HY109"))
							released++;
						else
						{
							wrong++;
							printf("# rowset %d row %lu: SQLSetPos rc %d\n", rowsets, (unsigned long) r,
								   (int) prc);
							t_diag(SQL_HANDLE_STMT, st);
						}
					}
				}
			}
			/* 2500 = 833 * 3 + 1: the last rowset ends the result. */
			t_ok(rowsets == 834 && wrong == 0 && last_ok == rowsets - 1 && released < 10,
				 "every full rowset's last row and every row held read right (%d rowsets, %d wrong, %d "
				 "from released batches)", rowsets, wrong, released);
			SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, NULL, 0);
		}
		SQLFreeStmt(st, SQL_UNBIND);
		/* ODBC 2's SQLExtendedFetch: SQL_ROWSET_SIZE rows, count and
		 * statuses through its arguments. */
		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 2, 0);
		SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, ind);
		if (t_exec(st, "SELECT s_id FROM public.sales WHERE s_id <= 3 ORDER BY s_id"))
		{
			SQLULEN count = 0;
			SQLUSMALLINT status[2] = {99, 99};
			SQLRETURN xrc = SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &count, status);

			t_ok(SQL_SUCCEEDED(xrc) && count == 2 && ids[0] == 1 && ids[1] == 2 &&
				 status[0] == SQL_ROW_SUCCESS && status[1] == SQL_ROW_SUCCESS,
				 "SQLExtendedFetch: 2 rows (rc %d, %lu)", (int) xrc, (unsigned long) count);
			xrc = SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &count, status);
			t_ok(SQL_SUCCEEDED(xrc) && count == 1 && ids[0] == 3 && status[1] == SQL_ROW_NOROW,
				 "then the last row (rc %d, %lu)", (int) xrc, (unsigned long) count);
			xrc = SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &count, status);
			t_ok(xrc == SQL_NO_DATA, "then SQL_NO_DATA (rc %d)", (int) xrc);
			t_fails(SQLExtendedFetch(st, SQL_FETCH_PRIOR, 0, &count, status), SQL_HANDLE_STMT, st,
					"HY106", "SQLExtendedFetch(SQL_FETCH_PRIOR)");
		}
		SQLFreeStmt(st, SQL_UNBIND);
		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 1, 0);
	}
	SQLFreeStmt(st, SQL_CLOSE);

	/* SQL_ATTR_ROWS_FETCHED_PTR survives SQLPrepare. */
	{
		SQLULEN fetched = 12345;
		SQLULEN *p = NULL;

		SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
		t_rc(SQLPrepare(st, (SQLCHAR *) "SELECT r_code FROM public.regions", SQL_NTS), SQL_HANDLE_STMT, st,
			 "prepare after setting ROWS_FETCHED_PTR");
		SQLGetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &p, 0, NULL);
		t_ok(p == &fetched, "SQLPrepare keeps SQL_ATTR_ROWS_FETCHED_PTR");
		SQLExecute(st);
		SQLFetch(st);
		t_ok(fetched == 1, "rows fetched is written (%lu)", (unsigned long) fetched);
		SQLFreeStmt(st, SQL_CLOSE);
		SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, NULL, 0);
	}

	/* Cursor names. */
	{
		SQLCHAR name[64];
		SQLSMALLINT len;

		t_rc(SQLGetCursorName(st, name, sizeof(name), &len), SQL_HANDLE_STMT, st, "generated cursor name");
		t_ok(strncmp((char *) name, "SQL_CUR", 7) == 0, "starts with SQL_CUR (%s)", name);
		t_rc(SQLSetCursorName(st, (SQLCHAR *) "my_cursor", SQL_NTS), SQL_HANDLE_STMT, st, "SQLSetCursorName");
		SQLGetCursorName(st, name, sizeof(name), &len);
		t_ok(strcmp((char *) name, "my_cursor") == 0 && len == 9, "name reads back");
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
}

int
main(void)
{
	t_getenv("ODBCINI");
	test_lifecycle();
	test_odbc2_shims();
	test_connect_attrs();
	test_stmt_attrs();
	return t_done();
}
