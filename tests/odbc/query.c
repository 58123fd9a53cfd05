/*
 * query.c — running statements: warehouse passthrough, an external schema
 * and federated queries, result descriptions (SQLDescribeCol,
 * SQLColAttribute), row counts, transactions, and errors that leave the
 * connection usable.
 */
#include "odbctest.h"

static SQLHENV env;
static SQLHDBC dbc;

static void
test_passthrough(SQLHSTMT st)
{
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.sales"), "2500") == 0,
		 "warehouse: count(*) FROM public.sales = 2500");
	if (t_exec(st, "SELECT r_code, r_name FROM public.regions ORDER BY r_code"))
	{
		const char *want[][2] = {{"AFR ", "Africa"}, {"ASIA", "Asia"}, {"EU  ", "Europe"},
								 {"US  ", "United States"}};
		int n = 0;
		bool ok = true;

		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			char code[16], name[64];
			SQLLEN i1, i2;

			SQLGetData(st, 1, SQL_C_CHAR, code, sizeof(code), &i1);
			SQLGetData(st, 2, SQL_C_CHAR, name, sizeof(name), &i2);
			if (n >= 4 || strcmp(code, want[n][0]) != 0 || strcmp(name, want[n][1]) != 0)
			{
				printf("#   row %d: '%s' '%s'\n", n + 1, code, name);
				ok = false;
			}
			n++;
		}
		t_ok(ok && n == 4, "warehouse: regions in order, CHAR(4) blank-padded (%d rows)", n);
	}
}

static void
test_federated(SQLHSTMT st)
{
	static const int ids[] = {3, 6, 9, 12, 15};

	t_ok(t_external_schema(dbc, "rds", "public"), "CREATE EXTERNAL SCHEMA rds");
	if (t_exec(st, "SELECT o_id, o_total FROM rds.orders WHERE o_status = 'F' ORDER BY o_id LIMIT 5"))
	{
		int n = 0;
		bool ok = true;

		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			SQLINTEGER id = 0;
			char total[32], want[32];
			long cents;

			SQLGetData(st, 1, SQL_C_SLONG, &id, 0, NULL);
			SQLGetData(st, 2, SQL_C_CHAR, total, sizeof(total), NULL);
			if (n < 5)
			{
				cents = t_order_total_cents(ids[n]);
				snprintf(want, sizeof(want), "%ld.%02ld", cents / 100, cents % 100);
				if (id != ids[n] || strcmp(total, want) != 0)
				{
					printf("#   row %d: %d %s, want %d %s\n", n + 1, (int) id, total, ids[n], want);
					ok = false;
				}
			}
			n++;
		}
		t_ok(ok && n == 5, "federated: orders 3, 6, 9, 12, 15 with their totals (%d rows)", n);
	}

	/* A join across the warehouse and the remote. */
	if (t_exec(st, "SELECT r.r_name, count(*) FROM rds.customers c JOIN public.regions r "
			   "ON c.c_region = r.r_code GROUP BY r.r_name ORDER BY r.r_name"))
	{
		const char *names[] = {"Africa", "Asia", "Europe", "United States"};
		int n = 0;
		bool ok = true;

		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			char name[64];
			SQLBIGINT cnt = 0;

			SQLGetData(st, 1, SQL_C_CHAR, name, sizeof(name), NULL);
			SQLGetData(st, 2, SQL_C_SBIGINT, &cnt, 0, NULL);
			if (n >= 4 || strcmp(name, names[n]) != 0 || cnt != 25)
			{
				printf("#   row %d: %s %lld\n", n + 1, name, (long long) cnt);
				ok = false;
			}
			n++;
		}
		t_ok(ok && n == 4, "federated join: 25 customers per region (%d rows)", n);
	}

	/* Prepared federated query, executed twice.  (A cursor stays open
	 * after SQL_NO_DATA until it is closed.) */
	SQLFreeStmt(st, SQL_CLOSE);
	t_rc(SQLPrepare(st, (SQLCHAR *) "SELECT count(*) FROM rds.orders WHERE o_status = 'O'", SQL_NTS),
		 SQL_HANDLE_STMT, st, "prepare a federated count");
	for (int i = 0; i < 2; i++)
	{
		SQLBIGINT cnt = 0;

		if (SQL_SUCCEEDED(SQLExecute(st)) && SQL_SUCCEEDED(SQLFetch(st)))
			SQLGetData(st, 1, SQL_C_SBIGINT, &cnt, 0, NULL);
		else
			t_diag(SQL_HANDLE_STMT, st);
		t_ok(cnt == 334, "execution %d: 334 open orders (%lld)", i + 1, (long long) cnt);
		SQLCloseCursor(st);
	}
}

static void
test_describe(SQLHSTMT st)
{
	SQLCHAR name[64];
	SQLSMALLINT namelen, type, digits, nullable, ncols = 0;
	SQLULEN size;
	SQLLEN num;
	char str[128];
	SQLSMALLINT slen;

	/* Described after SQLPrepare, before SQLExecute. */
	SQLFreeStmt(st, SQL_CLOSE);
	t_rc(SQLPrepare(st, (SQLCHAR *) "SELECT o_id, o_total, o_status, o_orderdate, o_comment, "
					"o_total * 2 AS twice FROM rds.orders", SQL_NTS),
		 SQL_HANDLE_STMT, st, "prepare for describing");
	t_rc(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st, "SQLNumResultCols after SQLPrepare");
	t_ok(ncols == 6, "6 columns (%d)", (int) ncols);

	SQLDescribeCol(st, 1, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(strcmp((char *) name, "o_id") == 0 && namelen == 4 && type == SQL_INTEGER && size == 10 &&
		 digits == 0, "o_id: SQL_INTEGER(10) (%s %d %lu %d)", name, type, (unsigned long) size, digits);
	t_ok(nullable == SQL_NO_NULLS || nullable == SQL_NULLABLE_UNKNOWN, "o_id nullable %d", nullable);
	SQLDescribeCol(st, 2, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(type == SQL_NUMERIC && size == 12 && digits == 2, "o_total: SQL_NUMERIC(12,2) (%d %lu %d)",
		 type, (unsigned long) size, digits);
	SQLDescribeCol(st, 3, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(type == SQL_WCHAR && size == 1, "o_status: SQL_WCHAR(1) (%d %lu)", type, (unsigned long) size);
	SQLDescribeCol(st, 4, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(type == SQL_TYPE_DATE && size == 10, "o_orderdate: SQL_TYPE_DATE (%d %lu)", type,
		 (unsigned long) size);
	SQLDescribeCol(st, 5, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(type == SQL_WVARCHAR && size == 79 && nullable != SQL_NO_NULLS,
		 "o_comment: SQL_WVARCHAR(79), nullable (%d %lu %d)", type, (unsigned long) size, nullable);
	SQLDescribeCol(st, 6, name, sizeof(name), &namelen, &type, &size, &digits, &nullable);
	t_ok(strcmp((char *) name, "twice") == 0 && type == SQL_NUMERIC, "twice: a NUMERIC expression (%s %d)",
		 name, type);
	/* Truncated column name. */
	{
		SQLRETURN rc = SQLDescribeCol(st, 6, name, 3, &namelen, NULL, NULL, NULL, NULL);

		t_ok(rc == SQL_SUCCESS_WITH_INFO && strcmp((char *) name, "tw") == 0 && namelen == 5,
			 "truncated name: 01004, '%s', length %d", name, (int) namelen);
	}
	t_fails(SQLDescribeCol(st, 7, name, sizeof(name), NULL, NULL, NULL, NULL, NULL), SQL_HANDLE_STMT, st,
			"07009", "SQLDescribeCol of column 7");
	t_fails(SQLDescribeCol(st, 0, name, sizeof(name), NULL, NULL, NULL, NULL, NULL), SQL_HANDLE_STMT, st,
			"07009", "SQLDescribeCol of column 0 (no bookmarks)");

	/* SQLColAttribute. */
	num = -1;
	SQLColAttribute(st, 1, SQL_DESC_COUNT, NULL, 0, NULL, &num);
	t_ok(num == 6, "SQL_DESC_COUNT = 6");
	SQLColAttribute(st, 1, SQL_DESC_TYPE_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "int4") == 0, "o_id TYPE_NAME int4, PostgreSQL's name (%s)", str);
	SQLColAttribute(st, 2, SQL_DESC_TYPE_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "numeric") == 0, "o_total TYPE_NAME numeric (%s)", str);
	SQLColAttribute(st, 1, SQL_DESC_LABEL, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "o_id") == 0 && slen == 4, "o_id LABEL");
	SQLColAttribute(st, 1, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &num);
	t_ok(num == 11, "o_id DISPLAY_SIZE 11 (%ld)", (long) num);
	SQLColAttribute(st, 2, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &num);
	t_ok(num == 14, "o_total DISPLAY_SIZE 14 (%ld)", (long) num);
	SQLColAttribute(st, 1, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &num);
	t_ok(num == 4, "o_id OCTET_LENGTH 4 (%ld)", (long) num);
	SQLColAttribute(st, 5, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &num);
	t_ok(num == 4 * 79, "o_comment OCTET_LENGTH 316 (%ld)", (long) num);
	SQLColAttribute(st, 5, SQL_DESC_LENGTH, NULL, 0, NULL, &num);
	t_ok(num == 79, "o_comment LENGTH 79 (%ld)", (long) num);
	SQLColAttribute(st, 2, SQL_DESC_PRECISION, NULL, 0, NULL, &num);
	t_ok(num == 12, "o_total PRECISION 12 (%ld)", (long) num);
	SQLColAttribute(st, 2, SQL_DESC_SCALE, NULL, 0, NULL, &num);
	t_ok(num == 2, "o_total SCALE 2 (%ld)", (long) num);
	SQLColAttribute(st, 2, SQL_DESC_NUM_PREC_RADIX, NULL, 0, NULL, &num);
	t_ok(num == 10, "o_total NUM_PREC_RADIX 10");
	SQLColAttribute(st, 2, SQL_DESC_UNSIGNED, NULL, 0, NULL, &num);
	t_ok(num == SQL_FALSE, "o_total is signed");
	SQLColAttribute(st, 3, SQL_DESC_UNSIGNED, NULL, 0, NULL, &num);
	t_ok(num == SQL_TRUE, "o_status is not numeric (UNSIGNED true)");
	SQLColAttribute(st, 3, SQL_DESC_CASE_SENSITIVE, NULL, 0, NULL, &num);
	t_ok(num == SQL_TRUE, "o_status is case-sensitive");
	SQLColAttribute(st, 3, SQL_DESC_SEARCHABLE, NULL, 0, NULL, &num);
	t_ok(num == SQL_SEARCHABLE, "o_status SEARCHABLE");
	SQLColAttribute(st, 4, SQL_DESC_TYPE, NULL, 0, NULL, &num);
	t_ok(num == SQL_DATETIME, "o_orderdate DESC_TYPE SQL_DATETIME (%ld)", (long) num);
	SQLColAttribute(st, 4, SQL_DESC_CONCISE_TYPE, NULL, 0, NULL, &num);
	t_ok(num == SQL_TYPE_DATE, "o_orderdate CONCISE_TYPE SQL_TYPE_DATE");
	SQLColAttribute(st, 4, SQL_DESC_DATETIME_INTERVAL_CODE, NULL, 0, NULL, &num);
	t_ok(num == SQL_CODE_DATE, "o_orderdate interval code SQL_CODE_DATE");
	SQLColAttribute(st, 4, SQL_DESC_LITERAL_PREFIX, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "'") == 0, "o_orderdate LITERAL_PREFIX '");
	SQLColAttribute(st, 1, SQL_DESC_UNNAMED, NULL, 0, NULL, &num);
	t_ok(num == SQL_NAMED, "o_id is named");
	SQLColAttribute(st, 1, SQL_DESC_AUTO_UNIQUE_VALUE, NULL, 0, NULL, &num);
	t_ok(num == SQL_FALSE, "AUTO_UNIQUE_VALUE false");
	SQLColAttribute(st, 1, SQL_DESC_FIXED_PREC_SCALE, NULL, 0, NULL, &num);
	t_ok(num == SQL_FALSE, "FIXED_PREC_SCALE false");
	SQLColAttribute(st, 1, SQL_DESC_NULLABLE, NULL, 0, NULL, &num);
	t_ok(num == SQL_NO_NULLS || num == SQL_NULLABLE_UNKNOWN, "o_id NULLABLE %ld", (long) num);
	SQLColAttribute(st, 1, SQL_DESC_BASE_COLUMN_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "o_id") == 0, "o_id BASE_COLUMN_NAME (%s)", str);
	SQLColAttribute(st, 1, SQL_DESC_BASE_TABLE_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "orders") == 0, "o_id BASE_TABLE_NAME orders (%s)", str);
	SQLColAttribute(st, 1, SQL_DESC_TABLE_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "orders") == 0, "o_id TABLE_NAME orders (%s)", str);
	SQLColAttribute(st, 1, SQL_DESC_SCHEMA_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "rds") == 0, "o_id SCHEMA_NAME rds (%s)", str);
	SQLColAttribute(st, 1, SQL_DESC_CATALOG_NAME, str, sizeof(str), &slen, NULL);
	t_ok(strcmp(str, "warehouse") == 0 || str[0] == '\0', "o_id CATALOG_NAME (%s)", str);
	SQLColAttribute(st, 6, SQL_DESC_BASE_COLUMN_NAME, str, sizeof(str), &slen, NULL);
	t_ok(str[0] == '\0', "an expression has no base column ('%s')", str);
	/* ODBC 2 identifiers (what unixODBC passes for SQLColAttributes). */
	SQLColAttribute(st, 2, SQL_COLUMN_PRECISION, NULL, 0, NULL, &num);
	t_ok(num == 12, "SQL_COLUMN_PRECISION 12");
	SQLColAttribute(st, 2, SQL_COLUMN_SCALE, NULL, 0, NULL, &num);
	t_ok(num == 2, "SQL_COLUMN_SCALE 2");
	SQLColAttribute(st, 1, SQL_COLUMN_LENGTH, NULL, 0, NULL, &num);
	t_ok(num == 4, "SQL_COLUMN_LENGTH of an integer is 4 bytes");
	t_fails(SQLColAttribute(st, 1, 9999, str, sizeof(str), &slen, &num), SQL_HANDLE_STMT, st, "HY091",
			"unknown column attribute");
	SQLFreeStmt(st, SQL_CLOSE);
}

static void
test_rowcount_and_transactions(SQLHSTMT st)
{
	SQLLEN n = -7;

	t_exec(st, "DROP TABLE IF EXISTS public.odbc_t");
	t_ok(t_exec(st, "CREATE TABLE public.odbc_t (a integer, b text)"), "warehouse DDL passes through");
	t_ok(t_exec(st, "INSERT INTO public.odbc_t VALUES (1, 'x'), (2, 'y'), (3, 'z')"), "INSERT");
	SQLRowCount(st, &n);
	t_ok(n == 3, "SQLRowCount after inserting 3 rows (%ld)", (long) n);
	t_exec(st, "UPDATE public.odbc_t SET b = 'w' WHERE a >= 2");
	SQLRowCount(st, &n);
	t_ok(n == 2, "SQLRowCount after updating 2 rows (%ld)", (long) n);

	/* Transactions on the warehouse. */
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_OFF, 0), SQL_HANDLE_DBC,
		 dbc, "autocommit off");
	t_exec(st, "INSERT INTO public.odbc_t VALUES (4, 'rolled back')");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc, "rollback");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.odbc_t"), "3") == 0, "the insert was rolled back");
	t_exec(st, "INSERT INTO public.odbc_t VALUES (5, 'committed')");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc, "commit");
	t_rc(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_ON, 0), SQL_HANDLE_DBC,
		 dbc, "autocommit on");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.odbc_t"), "4") == 0, "the commit kept the insert");
	t_exec(st, "DROP TABLE public.odbc_t");
}

static void
test_errors(SQLHSTMT st)
{
	SQLRETURN rc;

	rc = SQLExecDirect(st, (SQLCHAR *) "SELEC 1", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "42601", "a syntax error");
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "[fedq]") != NULL &&
		 strstr(t_message(SQL_HANDLE_STMT, st), "position") != NULL,
		 "its message has the prefix and the position: %s", t_message(SQL_HANDLE_STMT, st));
	t_ok(strcmp(t_scalar(st, "SELECT 1"), "1") == 0, "the statement works after it");

	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT * FROM rds.no_such_table", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "42P01", "an unknown table");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM rds.customers"), "100") == 0,
		 "federated queries work after it");

	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT no_such_column FROM rds.orders", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "42703", "an unknown column");
	rc = SQLPrepare(st, (SQLCHAR *) "SELECT no_such_column FROM public.sales", SQL_NTS);
	if (rc == SQL_SUCCESS)
		rc = SQLExecute(st);
	t_fails(rc, SQL_HANDLE_STMT, st, "42703", "an unknown warehouse column");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.sales"), "2500") == 0,
		 "the warehouse works after it");

	/* Diagnostic fields. */
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT * FROM rds.no_such_table", SQL_NTS);
	{
		SQLINTEGER count = 0, native = -1;
		SQLCHAR state[6] = "";
		SQLCHAR msg[512] = "";
		SQLSMALLINT len;

		SQLGetDiagField(SQL_HANDLE_STMT, st, 0, SQL_DIAG_NUMBER, &count, 0, NULL);
		t_ok(count >= 1, "SQL_DIAG_NUMBER %d", (int) count);
		SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_SQLSTATE, state, sizeof(state), &len);
		t_ok(strcmp((char *) state, "42P01") == 0, "SQL_DIAG_SQLSTATE %s", state);
		SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_MESSAGE_TEXT, msg, sizeof(msg), &len);
		t_ok(strstr((char *) msg, "no_such_table") != NULL, "SQL_DIAG_MESSAGE_TEXT names the table");
		t_ok(SQL_SUCCEEDED(SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_NATIVE, &native, 0, NULL)),
			 "SQL_DIAG_NATIVE (%d)", (int) native);
		t_ok(SQLGetDiagField(SQL_HANDLE_STMT, st, count + 1, SQL_DIAG_SQLSTATE, state, sizeof(state), &len)
			 == SQL_NO_DATA, "no record past the last");
	}
}

int
main(void)
{
	SQLHSTMT st;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);
	test_passthrough(st);
	test_federated(st);
	test_describe(st);
	test_rowcount_and_transactions(st);
	test_errors(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);

	/* The external schema persists for a new connection (catalog store). */
	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM rds.orders"), "1000") == 0,
		 "a new connection sees rds: 1000 orders");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);

	/* Without a warehouse, external schemas still work. */
	t_connect(&env, &dbc, "fedq_nowh");
	t_ok(t_external_schema(dbc, "shop", "public"), "CREATE EXTERNAL SCHEMA without a warehouse");
	st = t_stmt(dbc);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM shop.customers WHERE c_balance IS NULL"), "10") == 0,
		 "fedq_nowh: 10 customers without a balance");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
