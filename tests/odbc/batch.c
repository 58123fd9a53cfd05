/*
 * batch.c — a batch of several statements in one SQLExecDirect: one result
 * per statement through SQLMoreResults, as psqlODBC gives them (row sets,
 * and row counts of commands in between), SQLNumResultCols and SQLRowCount
 * per result, an error in a later statement reported at SQLMoreResults
 * with the results before it intact, batches left unread, a batch read
 * into memory when another statement needs the warehouse connection, and
 * the refusal of batches holding statements fedq runs itself; and
 * SQLRowCount right after a SELECT.
 */
#include "odbctest.h"

static SQLHENV env;
static SQLHDBC dbc;

/* The current result: columns, and the first column of each row joined
 * with ',' (rows > 0), or its row count. */
static bool
result_is(SQLHSTMT st, int want_cols, const char *want, const char *what)
{
	SQLSMALLINT ncols = -1;
	char got[512] = "";
	bool ok;

	if (!SQL_SUCCEEDED(SQLNumResultCols(st, &ncols)))
	{
		t_ok(false, "%s: SQLNumResultCols", what);
		t_diag(SQL_HANDLE_STMT, st);
		return false;
	}
	if (ncols > 0)
	{
		SQLRETURN rc;

		while (SQL_SUCCEEDED(rc = SQLFetch(st)))
		{
			char v[64];
			SQLLEN ind;

			SQLGetData(st, 1, SQL_C_CHAR, v, sizeof(v), &ind);
			if (got[0] != '\0')
				strcat(got, ",");
			strcat(got, ind == SQL_NULL_DATA ? "NULL" : v);
		}
		if (rc != SQL_NO_DATA)
		{
			t_diag(SQL_HANDLE_STMT, st);
			strcat(got, "<fetch failed>");
		}
	}
	else
	{
		SQLLEN n = -2;

		SQLRowCount(st, &n);
		snprintf(got, sizeof(got), "count %ld", (long) n);
	}
	ok = ncols == want_cols && strcmp(got, want) == 0;
	t_ok(ok, "%s: %d columns, %s", what, want_cols, want);
	if (!ok)
		printf("#   got %d columns, %s\n", (int) ncols, got);
	return ok;
}

static bool
more(SQLHSTMT st, SQLRETURN want, const char *what)
{
	SQLRETURN rc = SQLMoreResults(st);

	t_ok(rc == want, "%s: SQLMoreResults returns %d (%d)", what, (int) want, (int) rc);
	if (rc != want)
		t_diag(SQL_HANDLE_STMT, st);
	return rc == want;
}

static void
test_results(SQLHSTMT st)
{
	SQLCHAR name[64];
	SQLSMALLINT len;

	if (t_exec(st, "SELECT 1 AS a; SELECT 2 AS b, 3 AS c"))
	{
		result_is(st, 1, "1", "first SELECT");
		more(st, SQL_SUCCESS, "second SELECT");
		SQLDescribeCol(st, 2, name, sizeof(name), &len, NULL, NULL, NULL, NULL);
		t_ok(strcmp((char *) name, "c") == 0, "second result described: column 2 is c (%s)",
			 name);
		result_is(st, 2, "2", "second SELECT");
		more(st, SQL_NO_DATA, "after the last result");
		more(st, SQL_NO_DATA, "once more");
	}
	/* Commands in between, with their row counts, as psqlODBC. */
	if (t_exec(st, "CREATE TEMP TABLE bt (x int); INSERT INTO bt VALUES (1), (2), (3);"
				   " SELECT x FROM bt ORDER BY x; UPDATE bt SET x = x + 10 WHERE x > 1;"
				   " SELECT x FROM bt WHERE false; DELETE FROM bt"))
	{
		result_is(st, 0, "count -1", "CREATE TABLE");
		more(st, SQL_SUCCESS, "INSERT");
		result_is(st, 0, "count 3", "INSERT");
		more(st, SQL_SUCCESS, "SELECT");
		result_is(st, 1, "1,2,3", "SELECT");
		more(st, SQL_SUCCESS, "UPDATE");
		result_is(st, 0, "count 2", "UPDATE");
		more(st, SQL_SUCCESS, "empty SELECT");
		result_is(st, 1, "", "empty SELECT");
		more(st, SQL_SUCCESS, "DELETE");
		result_is(st, 0, "count 3", "DELETE");
		more(st, SQL_NO_DATA, "after DELETE");
	}
	/* A command first: the SELECT after it is the second result. */
	if (t_exec(st, "SET search_path = public; SELECT count(*) FROM regions"))
	{
		result_is(st, 0, "count -1", "SET");
		more(st, SQL_SUCCESS, "SELECT after SET");
		result_is(st, 1, "4", "SELECT after SET");
		more(st, SQL_NO_DATA, "after SELECT");
	}
	/* Semicolons inside strings, comments and dollar quotes separate
	 * nothing. */
	if (t_exec(st, "SELECT 'a;b' AS s /* ; */; -- ;\nSELECT $q$c;d$q$"))
	{
		result_is(st, 1, "a;b", "string with ';'");
		more(st, SQL_SUCCESS, "dollar-quoted");
		result_is(st, 1, "c;d", "dollar-quoted with ';'");
		more(st, SQL_NO_DATA, "after two");
	}
	/* A result not read to its end is dropped by SQLMoreResults. */
	if (t_exec(st, "SELECT g FROM generate_series(1, 5000) g; SELECT 'next'"))
	{
		SQLFetch(st);
		more(st, SQL_SUCCESS, "skipping 4999 rows");
		result_is(st, 1, "next", "the result after a skipped one");
		more(st, SQL_NO_DATA, "after skipping");
	}
	/* Closing the cursor drops the later results (and runs their
	 * statements, as the warehouse does). */
	if (t_exec(st, "SELECT 1; INSERT INTO bt VALUES (7)"))
	{
		SQLFreeStmt(st, SQL_CLOSE);
		t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM bt WHERE x = 7"), "1") == 0,
			 "SQL_CLOSE ran the rest of the batch");
	}
	/* A single statement: one result, then none. */
	if (t_exec(st, "SELECT 5"))
	{
		result_is(st, 1, "5", "single statement");
		more(st, SQL_NO_DATA, "single statement");
	}
	if (t_exec(st, "INSERT INTO bt VALUES (8), (9)"))
	{
		result_is(st, 0, "count 2", "single INSERT");
		more(st, SQL_NO_DATA, "single INSERT");
	}
}

static void
test_errors(SQLHSTMT st)
{
	/* An error in the second statement: the first result is intact, the
	 * error comes at SQLMoreResults, and the third never runs. */
	if (t_exec(st, "SELECT 1 AS a; SELECT 1/0; INSERT INTO bt VALUES (100)"))
	{
		result_is(st, 1, "1", "first result before the error");
		t_fails(SQLMoreResults(st), SQL_HANDLE_STMT, st, "22012",
				"SQLMoreResults at the failed statement");
		t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "division by zero") != NULL,
			 "the warehouse's message: %s", t_message(SQL_HANDLE_STMT, st));
		more(st, SQL_NO_DATA, "after the error");
	}
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM bt WHERE x = 100"), "0") == 0,
		 "the statement after the error did not run");
	/* The first statement failing fails SQLExecDirect. */
	SQLFreeStmt(st, SQL_CLOSE);
	t_fails(SQLExecDirect(st, (SQLCHAR *) "SELECT * FROM no_such_table; SELECT 1", SQL_NTS),
			SQL_HANDLE_STMT, st, "42P01", "a batch whose first statement fails");
	/* An error after some rows of the first result: at the fetch. */
	if (t_exec(st, "SELECT CASE WHEN g = 100000 THEN 1/(g - g) ELSE g END FROM generate_series(1, 200000) g;"
				   " SELECT 2"))
	{
		SQLRETURN rc;

		while (SQL_SUCCEEDED(rc = SQLFetch(st)))
			;
		t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "22012"),
			 "an error within the first result: at SQLFetch (rc %d)", (int) rc);
		more(st, SQL_NO_DATA, "after a failed result");
	}
	t_ok(strcmp(t_scalar(st, "SELECT 42"), "42") == 0, "the connection is usable after");
	/* A batch with statements fedq runs itself is refused. */
	t_ok(t_external_schema(dbc, "rds", "public"), "CREATE EXTERNAL SCHEMA rds");
	SQLFreeStmt(st, SQL_CLOSE);
	t_fails(SQLExecDirect(st, (SQLCHAR *) "SELECT 1; SELECT count(*) FROM rds.orders", SQL_NTS),
			SQL_HANDLE_STMT, st, "0A000", "a batch reading an external schema");
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "a batch of several statements") != NULL,
		 "its message: %s", t_message(SQL_HANDLE_STMT, st));
	t_fails(SQLExecDirect(st, (SQLCHAR *) "SET search_path = public; SELECT * FROM rds.orders",
						  SQL_NTS),
			SQL_HANDLE_STMT, st, "0A000", "a batch beginning with a warehouse command");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM rds.orders; SELECT 1", SQL_NTS),
			SQL_HANDLE_STMT, st, "0A000", "a batch beginning with fedq's query");
	/* One statement and a trailing semicolon is no batch. */
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM rds.orders WHERE o_id <= 3;;"), "3") == 0,
		 "a federated query with trailing semicolons");
	t_ok(strcmp(t_scalar(st, "SELECT ';' AS s FROM rds.orders WHERE o_id = 1 -- ; SELECT 2"),
				";") == 0,
		 "a federated query with ';' in a string and a comment");
}

/* Another statement needs the warehouse while a batch is being read: the
 * batch's remaining results are read into memory, and still arrive. */
static void
test_other_statement(SQLHSTMT st)
{
	SQLHSTMT other = t_stmt(dbc);

	if (t_exec(st, "SELECT g FROM generate_series(1, 3000) g WHERE g <= 3 OR g > 2998;"
				   " INSERT INTO bt VALUES (50), (51); SELECT 'third'"))
	{
		SQLINTEGER v = 0;

		SQLFetch(st);
		SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL);
		t_ok(strcmp(t_scalar(other, "SELECT 'other'"), "other") == 0,
			 "another statement runs while the batch is open");
		t_ok(v == 1, "first row before (%d)", (int) v);
		result_is(st, 1, "2,3,2999,3000", "the rest of the first result");
		more(st, SQL_SUCCESS, "INSERT, read into memory");
		result_is(st, 0, "count 2", "INSERT, read into memory");
		more(st, SQL_SUCCESS, "third, read into memory");
		result_is(st, 1, "third", "third, read into memory");
		more(st, SQL_NO_DATA, "after the buffered batch");
	}
	/* The same while the batch stands at a command. */
	if (t_exec(st, "INSERT INTO bt VALUES (60); SELECT 'after'"))
	{
		t_ok(strcmp(t_scalar(other, "SELECT count(*) FROM bt WHERE x = 60"), "1") == 0,
			 "another statement sees the batch's insert");
		result_is(st, 0, "count 1", "INSERT before the other statement");
		more(st, SQL_SUCCESS, "the SELECT after");
		result_is(st, 1, "after", "the SELECT after");
		more(st, SQL_NO_DATA, "end");
	}
	SQLFreeHandle(SQL_HANDLE_STMT, other);
}

static long
rowcount(SQLHSTMT st)
{
	SQLLEN n = -2;

	if (!SQL_SUCCEEDED(SQLRowCount(st, &n)))
		t_diag(SQL_HANDLE_STMT, st);
	return (long) n;
}

static long
fetch_all(SQLHSTMT st, long *sum)
{
	long n = 0;

	*sum = 0;
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		SQLINTEGER v = 0;

		SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL);
		*sum += v;
		n++;
	}
	return n;
}

/* SQLRowCount right after a SELECT, as psqlODBC gives it, where fedq
 * knows the count: a warehouse result that fits the first batch. */
static void
test_rowcount_select(SQLHSTMT st)
{
	long sum;
	long n;

	if (t_exec(st, "SELECT g FROM generate_series(1, 100) g"))
	{
		t_ok(rowcount(st) == 100, "SQLRowCount right after a SELECT of 100 rows");
		t_ok(rowcount(st) == 100, "asked again, the same");
		n = fetch_all(st, &sum);
		t_ok(n == 100 && sum == 5050, "every row still fetched after (%ld rows, sum %ld)", n,
			 sum);
		t_ok(rowcount(st) == 100, "and the count at the end");
	}
	if (t_exec(st, "SELECT g FROM generate_series(1, 5000) g"))
	{
		t_ok(rowcount(st) == -1, "a longer result: -1 before it is read (%ld)", rowcount(st));
		n = fetch_all(st, &sum);
		t_ok(n == 5000 && rowcount(st) == 5000, "5000 once read (%ld)", rowcount(st));
	}
	if (t_exec(st, "SELECT 1 WHERE false"))
		t_ok(rowcount(st) == 0 && SQLFetch(st) == SQL_NO_DATA, "an empty result: 0");
	SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, (SQLPOINTER) 3, 0);
	if (t_exec(st, "SELECT g FROM generate_series(1, 10) g"))
	{
		t_ok(rowcount(st) == 3, "SQL_ATTR_MAX_ROWS 3: 3 (%ld)", rowcount(st));
		t_ok(fetch_all(st, &sum) == 3, "and 3 rows");
	}
	SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, (SQLPOINTER) 0, 0);
	if (t_exec(st, "SELECT 1 AS a; SELECT g FROM generate_series(1, 7) g"))
	{
		t_ok(rowcount(st) == 1, "a batch's first result: 1");
		more(st, SQL_SUCCESS, "to the second");
		t_ok(rowcount(st) == 7, "a batch's second result: 7 (%ld)", rowcount(st));
	}
	/* A failure in the batch read ahead is the fetch's. */
	if (t_exec(st, "SELECT 10 / (3 - g) FROM generate_series(1, 5) g"))
	{
		SQLRETURN rc;

		t_ok(rowcount(st) == -1, "a result failing in its first batch: -1 (%ld)", rowcount(st));
		while (SQL_SUCCEEDED(rc = SQLFetch(st)))
			;
		t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "22012"),
			 "its error at SQLFetch (rc %d)", (int) rc);
	}
	SQLFreeStmt(st, SQL_CLOSE);
	/* fedq's own queries stream without knowing their count. */
	if (t_exec(st, "SELECT o_id FROM rds.orders WHERE o_id <= 5"))
	{
		t_ok(rowcount(st) == -1, "a federated query: -1 before it is read");
		n = fetch_all(st, &sum);
		t_ok(n == 5 && rowcount(st) == 5, "5 once read (%ld)", rowcount(st));
	}
	SQLFreeStmt(st, SQL_CLOSE);
}

int
main(void)
{
	SQLHSTMT st;

	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);
	test_results(st);
	test_errors(st);
	test_other_statement(st);
	test_rowcount_select(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
