/*
 * concurrent.c — several statements of one connection with results open
 * at once, as BI tools and pyodbc cursors have them: fetching from one,
 * running others (warehouse, external, federated, catalog functions) in
 * between, then finishing the first.  Every row must still arrive, in
 * order, exactly once.
 */
#include "odbctest.h"

/* Fetches n rows of a one-integer-column result; the sum of the values. */
static long long
fetch_sum(SQLHSTMT st, int n, int *got)
{
	long long sum = 0;
	SQLBIGINT v;
	SQLLEN ind;

	*got = 0;
	while ((n < 0 || *got < n) && SQL_SUCCEEDED(SQLFetch(st)))
	{
		if (SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SBIGINT, &v, 0, &ind)) && ind != SQL_NULL_DATA)
			sum += v;
		(*got)++;
	}
	return sum;
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT a;
	SQLHSTMT b;
	SQLHSTMT c;
	char sql[512];
	int got1;
	int got2;
	long long s1;
	long long s2;
	const char *port = t_getenv("FQ_PORT_remote");

	t_connect(&env, &dbc, "fedq");
	a = t_stmt(dbc);
	b = t_stmt(dbc);
	c = t_stmt(dbc);
	snprintf(sql, sizeof(sql),
			 "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' "
			 "URI '127.0.0.1' PORT %s", port);
	t_ok(t_exec(a, sql), "external schema created");

	/* A warehouse result (2500 rows, several batches) left open ... */
	t_ok(t_exec(a, "SELECT s_id FROM public.sales ORDER BY s_id"), "warehouse select on a");
	s1 = fetch_sum(a, 10, &got1);
	t_ok(got1 == 10 && s1 == 55, "a: first 10 rows (sum %lld)", s1);
	/* ... while b uses the warehouse: a's rest is kept in memory. */
	t_ok(t_exec(b, "SELECT count(*) FROM public.regions"), "warehouse query on b while a is open");
	s2 = fetch_sum(b, -1, &got2);
	t_ok(got2 == 1 && s2 == 4, "b: 4 regions (%lld)", s2);
	/* ... and an external result open on b, c federating both. */
	t_ok(t_exec(b, "SELECT o_id FROM rds.orders ORDER BY o_id"), "external select on b");
	s2 = fetch_sum(b, 5, &got2);
	t_ok(got2 == 5 && s2 == 15, "b: first 5 orders (sum %lld)", s2);
	t_ok(t_exec(c, "SELECT count(*) FROM rds.orders o JOIN public.regions r ON r.r_code = 'EU'"),
		 "federated query on c while a and b are open");
	s2 = fetch_sum(c, -1, &got2);
	t_ok(got2 == 1 && s2 == 1000, "c: federated count (%lld)", s2);
	SQLFreeStmt(c, SQL_CLOSE);
	t_rc(SQLTables(c, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "%", SQL_NTS, NULL, 0),
		 SQL_HANDLE_STMT, c, "SQLTables on c while a and b are open");
	SQLFreeStmt(c, SQL_CLOSE);

	/* Now finish both: nothing lost, nothing repeated. */
	s1 += fetch_sum(a, -1, &got1);
	t_ok(got1 == 2490 && s1 == 2500LL * 2501 / 2, "a: the other 2490 rows (sum %lld)", s1);
	s2 = fetch_sum(b, -1, &got2);
	t_ok(got2 == 995 && s2 == 1000LL * 1001 / 2 - 15, "b: the other 995 orders (sum %lld)", s2);

	/* Two external results of the same source open at once. */
	t_ok(t_exec(a, "SELECT o_id FROM rds.orders WHERE o_id <= 100"), "external select on a");
	t_ok(t_exec(b, "SELECT c_id FROM rds.customers"), "external select on b, same source");
	s1 = fetch_sum(a, -1, &got1);
	s2 = fetch_sum(b, -1, &got2);
	t_ok(got1 == 100 && s1 == 5050 && got2 == 100 && s2 == 5050,
		 "both complete (%d rows sum %lld, %d rows sum %lld)", got1, s1, got2, s2);

	SQLFreeHandle(SQL_HANDLE_STMT, a);
	SQLFreeHandle(SQL_HANDLE_STMT, b);
	SQLFreeHandle(SQL_HANDLE_STMT, c);
	t_disconnect(env, dbc);
	printf("1..%d\n", t_count);
	return t_failed ? 1 : 0;
}
