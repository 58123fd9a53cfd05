/*
 * params.c — input parameters: the common C types converted to the SQL
 * type the application names, NULL, data at execution (SQLParamData/
 * SQLPutData, which pyodbc uses for long values), SQLNumParams and
 * SQLDescribeParam (the warehouse's own types for a statement it runs),
 * arrays of parameters (SQL_ATTR_PARAMSET_SIZE > 1: column- and row-wise,
 * status array, processed count, ignored sets, a failing set), and the
 * errors for unbound or unconvertible values.
 */
#include "odbctest.h"

static SQLHDBC dbc;

/* Executes a prepared statement and returns column 1 of row 1 as text. */
static const char *
run(SQLHSTMT st)
{
	static char buf[256];
	SQLLEN ind;
	SQLRETURN rc = SQLExecute(st);

	strcpy(buf, "<ERROR>");
	if (SQL_SUCCEEDED(rc))
	{
		rc = SQLFetch(st);
		if (rc == SQL_NO_DATA)
			strcpy(buf, "<NO ROW>");
		else if (SQL_SUCCEEDED(rc) && SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof(buf), &ind)))
		{
			if (ind == SQL_NULL_DATA)
				strcpy(buf, "<NULL>");
		}
	}
	if (strcmp(buf, "<ERROR>") == 0)
		t_diag(SQL_HANDLE_STMT, st);
	SQLFreeStmt(st, SQL_CLOSE);
	return buf;
}

static void
prepare(SQLHSTMT st, const char *sql)
{
	SQLFreeStmt(st, SQL_CLOSE);
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) sql, SQL_NTS)))
	{
		t_ok(false, "prepare %s", sql);
		t_diag(SQL_HANDLE_STMT, st);
	}
}

static void
test_numbers(SQLHSTMT st)
{
	SQLINTEGER i32 = 42;
	SQLSMALLINT i16 = 42;
	SQLBIGINT i64 = 42;
	SQLDOUBLE d = 42.0;
	char text[32] = "42";
	SQLLEN ind = SQL_NTS;
	SQL_NUMERIC_STRUCT ns;
	SQLSMALLINT n = -1;

	prepare(st, "SELECT o_id FROM rds.orders WHERE o_id = ?");
	SQLNumParams(st, &n);
	t_ok(n == 1, "SQLNumParams = 1 (%d)", (int) n);
	{
		SQLSMALLINT type = 0, digits = -1, nullable = -1;
		SQLULEN size = 0;

		t_rc(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st,
			 "SQLDescribeParam");
		t_ok(type == SQL_INTEGER || type == SQL_WVARCHAR, "parameter type %d", (int) type);
		t_fails(SQLDescribeParam(st, 2, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st, "07009",
				"SQLDescribeParam of parameter 2");
	}

	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &i32, 0, NULL);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_SLONG parameter");
	i32 = 43;
	t_ok(strcmp(run(st), "43") == 0, "the bound buffer is read at each execution");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SSHORT, SQL_SMALLINT, 0, 0, &i16, 0, NULL);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_SSHORT parameter");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &i64, 0, NULL);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_SBIGINT parameter");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &d, 0, NULL);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_DOUBLE parameter");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_INTEGER, 0, 0, text, sizeof(text), &ind);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_CHAR '42' as SQL_INTEGER");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, text, sizeof(text), &ind);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_CHAR '42' as SQL_VARCHAR");
	memset(&ns, 0, sizeof(ns));
	ns.precision = 2;
	ns.sign = 1;
	ns.val[0] = 42;
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_NUMERIC, SQL_NUMERIC, 10, 0, &ns, sizeof(ns), NULL);
	t_ok(strcmp(run(st), "42") == 0, "SQL_C_NUMERIC parameter");

	/* Decimals, as pyodbc sends them: text with the SQL type NUMERIC(p,s). */
	prepare(st, "SELECT o_id FROM rds.orders WHERE o_total = ?");
	{
		char total[16];
		long cents = t_order_total_cents(3);

		snprintf(total, sizeof(total), "%ld.%02ld", cents / 100, cents % 100);
		SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_NUMERIC, 12, 2, total, sizeof(total), &ind);
		t_ok(strcmp(run(st), "3") == 0, "NUMERIC(12,2) text parameter %s finds order 3", total);
	}

	/* Conversion errors. */
	prepare(st, "SELECT o_id FROM rds.orders WHERE o_id = ?");
	strcpy(text, "forty-two");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_INTEGER, 0, 0, text, sizeof(text), &ind);
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "22018", "'forty-two' as SQL_INTEGER");
	i64 = 5000000000LL;
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_INTEGER, 0, 0, &i64, 0, NULL);
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "22003", "5000000000 as SQL_INTEGER");
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "07002", "executing with the parameter unbound");
}

static void
test_other_types(SQLHSTMT st)
{
	SQL_DATE_STRUCT date = {2024, 1, 14};
	SQL_TIMESTAMP_STRUCT ts = {2024, 2, 29, 13, 45, 30, 500000000};
	SQLGUID g = {0xa0eebc99, 0x9c0b, 0x4ef8, {0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}};
	unsigned char bytes[3] = {0x00, 0xff, 0x10};
	SQLLEN blen = 3;
	SQLCHAR bit = 1;
	SQLWCHAR wtext[] = {'c', 'o', 'm', 'm', 'e', 'n', 't', ' ', 'f', 'o', 'r', ' ', 'o', 'r', 'd', 'e', 'r',
						' ', '5', 0};
	SQLLEN nts = SQL_NTS;
	SQLLEN null_ind = SQL_NULL_DATA;
	SQLINTEGER dummy = 0;

	/* Order 1 is dated 2024-01-14. */
	prepare(st, "SELECT min(o_id) FROM rds.orders WHERE o_orderdate = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_DATE, 10, 0, &date, 0, NULL);
	t_ok(strcmp(run(st), "1") == 0, "SQL_C_TYPE_DATE parameter");
	prepare(st, "SELECT id FROM rds.alltypes WHERE c_ts = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6, &ts, 0, NULL);
	t_ok(strcmp(run(st), "1") == 0, "SQL_C_TYPE_TIMESTAMP parameter with a fraction");
	prepare(st, "SELECT id FROM rds.alltypes WHERE c_uuid = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_GUID, SQL_GUID, 16, 0, &g, 0, NULL);
	t_ok(strcmp(run(st), "1") == 0, "SQL_C_GUID parameter");
	prepare(st, "SELECT id FROM rds.alltypes WHERE c_bytea = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_BINARY, SQL_VARBINARY, 3, 0, bytes, 3, &blen);
	t_ok(strcmp(run(st), "1") == 0, "SQL_C_BINARY parameter");
	prepare(st, "SELECT id FROM rds.alltypes WHERE c_bool = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_BIT, SQL_BIT, 1, 0, &bit, 0, NULL);
	t_ok(strcmp(run(st), "1") == 0, "SQL_C_BIT parameter");
	prepare(st, "SELECT o_id FROM rds.orders WHERE o_comment = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 79, 0, wtext, sizeof(wtext), &nts);
	t_ok(strcmp(run(st), "5") == 0, "SQL_C_WCHAR parameter");

	/* NULL. */
	prepare(st, "SELECT count(*) FROM rds.orders WHERE o_comment = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_VARCHAR, 0, 0, &dummy, 0, &null_ind);
	t_ok(strcmp(run(st), "0") == 0, "a NULL parameter matches nothing");
	prepare(st, "SELECT CAST(? AS integer) IS NULL");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, NULL, 0, &null_ind);
	t_ok(strcmp(run(st), "1") == 0, "NULL with a NULL value pointer");

	/* Parameters of a warehouse (passthrough) statement. */
	prepare(st, "SELECT count(*) FROM public.sales WHERE s_region = ? AND s_id <= ?");
	{
		char region[8] = "EU";
		SQLINTEGER max = 100;

		SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_CHAR, 4, 0, region, sizeof(region), &nts);
		SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &max, 0, NULL);
		t_ok(strcmp(run(st), "25") == 0, "warehouse statement with two parameters");
	}
}

/* Data at execution, in pieces. */
static void
test_data_at_exec(SQLHSTMT st)
{
	SQLLEN ind = SQL_LEN_DATA_AT_EXEC(19);
	SQLINTEGER token = 1;
	SQLPOINTER got = NULL;
	SQLRETURN rc;

	prepare(st, "SELECT o_id FROM rds.orders WHERE o_comment = ?");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 79, 0, &token, 0, &ind);
	rc = SQLExecute(st);
	t_ok(rc == SQL_NEED_DATA, "SQLExecute asks for data (rc %d)", (int) rc);
	rc = SQLParamData(st, &got);
	t_ok(rc == SQL_NEED_DATA && got == &token, "SQLParamData names the parameter by its buffer");
	t_rc(SQLPutData(st, "comment ", 8), SQL_HANDLE_STMT, st, "SQLPutData piece 1");
	t_rc(SQLPutData(st, "for order", SQL_NTS), SQL_HANDLE_STMT, st, "SQLPutData piece 2");
	t_rc(SQLPutData(st, " 7", 2), SQL_HANDLE_STMT, st, "SQLPutData piece 3");
	rc = SQLParamData(st, &got);
	t_rc(rc, SQL_HANDLE_STMT, st, "the last SQLParamData executes");
	{
		char buf[16] = "";

		if (SQL_SUCCEEDED(SQLFetch(st)))
			SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof(buf), NULL);
		t_ok(strcmp(buf, "7") == 0, "the pieces made 'comment for order 7' (%s)", buf);
	}
	SQLFreeStmt(st, SQL_CLOSE);

	/* SQLExecDirect asks too; SQLCancel abandons it. */
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	ind = SQL_DATA_AT_EXEC;
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 79, 0, &token, 0, &ind);
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT o_id FROM rds.orders WHERE o_comment = ?", SQL_NTS);
	t_ok(rc == SQL_NEED_DATA, "SQLExecDirect asks for data (rc %d)", (int) rc);
	t_fails(SQLFetch(st), SQL_HANDLE_STMT, st, "HY010", "SQLFetch while data is awaited");
	t_rc(SQLCancel(st), SQL_HANDLE_STMT, st, "SQLCancel abandons the data");
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	t_ok(strcmp(t_scalar(st, "SELECT 1"), "1") == 0, "and the statement runs again");
}

/* Sum and count of the rows of public.arr_t, as text. */
static const char *
arr_rows(SQLHSTMT st)
{
	return t_scalar(st, "SELECT count(*) || ':' || coalesce(sum(a), 0) || ':' || "
						"coalesce(string_agg(b, ',' ORDER BY a), '') FROM public.arr_t");
}

static void
test_arrays(SQLHSTMT st)
{
	SQLINTEGER a[4] = {1, 2, 3, 4};
	char b[4][8] = {"one", "two", "three", "four"};
	SQLLEN aind[4] = {0, 0, 0, 0};
	SQLLEN bind[4] = {SQL_NTS, SQL_NTS, SQL_NULL_DATA, SQL_NTS};
	SQLUSMALLINT status[4];
	SQLUSMALLINT ops[4] = {SQL_PARAM_PROCEED, SQL_PARAM_IGNORE, SQL_PARAM_PROCEED, SQL_PARAM_PROCEED};
	SQLULEN processed = 0;
	SQLLEN count = 0;
	SQLSMALLINT type = 0, digits = -1, nullable = -1;
	SQLULEN size = 0;
	struct row
	{
		SQLINTEGER a;
		SQLLEN aind;
		char b[6];
		SQLLEN bind;
	} rows[3] = {{10, 0, "x", SQL_NTS}, {10, 0, "dup", SQL_NTS}, {12, 0, "z", SQL_NTS}};

	SQLFreeStmt(st, SQL_CLOSE);
	t_exec(st, "DROP TABLE IF EXISTS public.arr_t");
	t_exec(st, "CREATE TABLE public.arr_t (a integer PRIMARY KEY, b varchar(8), n numeric(12,2))");

	/* SQLDescribeParam: a statement the warehouse runs is described with
	 * the types the warehouse gives its parameters. */
	prepare(st, "INSERT INTO public.arr_t (a, b, n) VALUES (?, ?, ?)");
	t_rc(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st,
		 "SQLDescribeParam 1");
	t_ok(type == SQL_INTEGER, "integer column's parameter: type %d", (int) type);
	t_rc(SQLDescribeParam(st, 2, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st,
		 "SQLDescribeParam 2");
	t_ok(type == SQL_VARCHAR || type == SQL_WVARCHAR || type == SQL_LONGVARCHAR ||
		 type == SQL_WLONGVARCHAR, "varchar column's parameter: type %d", (int) type);
	t_rc(SQLDescribeParam(st, 3, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st,
		 "SQLDescribeParam 3");
	t_ok(type == SQL_NUMERIC || type == SQL_DECIMAL, "numeric column's parameter: type %d", (int) type);

	/* Column-wise: four sets, the second ignored, a NULL in the third. */
	prepare(st, "INSERT INTO public.arr_t (a, b) VALUES (?, ?)");
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER) SQL_PARAM_BIND_BY_COLUMN, 0);
	t_rc(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 4, 0), SQL_HANDLE_STMT, st,
		 "SQL_ATTR_PARAMSET_SIZE 4");
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, ops, 0);
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, a, 0, aind);
	SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 8, 0, b, sizeof(b[0]), bind);
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "column-wise array");
	t_ok(processed == 3, "3 sets processed (%lu)", (unsigned long) processed);
	t_ok(status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_UNUSED &&
		 status[2] == SQL_PARAM_SUCCESS && status[3] == SQL_PARAM_SUCCESS,
		 "status %d %d %d %d", status[0], status[1], status[2], status[3]);
	t_rc(SQLRowCount(st, &count), SQL_HANDLE_STMT, st, "SQLRowCount");
	t_ok(count == 3, "row count of the array is the sum of the sets' (%ld)", (long) count);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, NULL, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 1, 0);
	t_ok(strcmp(arr_rows(st), "3:8:one,four") == 0, "rows after column-wise array: %s", arr_rows(st));

	/* Row-wise, with a set that fails (a duplicate key): the others run. */
	prepare(st, "INSERT INTO public.arr_t (a, b) VALUES (?, ?)");
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER) sizeof(struct row), 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 3, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &rows[0].a, 0,
					 &rows[0].aind);
	SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 8, 0, rows[0].b,
					 sizeof(rows[0].b), &rows[0].bind);
	{
		SQLRETURN rc = SQLExecute(st);

		t_ok(rc == SQL_SUCCESS_WITH_INFO, "row-wise array with a failing set: rc %d", (int) rc);
		t_ok(t_has_state(SQL_HANDLE_STMT, st, "23505"), "the failing set's 23505 is reported");
	}
	t_ok(processed == 3 && status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_ERROR &&
		 status[2] == SQL_PARAM_SUCCESS, "row-wise status %d %d %d, processed %lu", status[0],
		 status[1], status[2], (unsigned long) processed);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 1, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER) SQL_PARAM_BIND_BY_COLUMN, 0);
	t_ok(strcmp(arr_rows(st), "5:30:one,four,x,z") == 0, "rows after row-wise array: %s",
		 arr_rows(st));

	/* Every set failing is SQL_ERROR; data at execution and statements
	 * returning rows are refused with an array. */
	prepare(st, "INSERT INTO public.arr_t (a) VALUES (?)");
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 2, 0);
	a[1] = 3;
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, a, 0, NULL);
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "23505", "every set failing");
	t_ok(status[0] == SQL_PARAM_ERROR && status[1] == SQL_PARAM_ERROR, "both sets failed");
	prepare(st, "SELECT a FROM public.arr_t WHERE a = ?");
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 2, 0);
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, a, 0, NULL);
	t_fails(SQLExecute(st), SQL_HANDLE_STMT, st, "HYC00", "an array with a query");
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER) 1, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, NULL, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, NULL, 0);
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	t_exec(st, "DROP TABLE public.arr_t");
}

int
main(void)
{
	SQLHENV env;
	SQLHSTMT st;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);
	test_numbers(st);
	test_other_types(st);
	test_data_at_exec(st);
	test_arrays(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
