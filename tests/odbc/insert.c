/*
 * insert.c — INSERT ... SELECT, CREATE TABLE AS and SELECT ... INTO over
 * external tables, through the driver manager: SQLRowCount gives the rows
 * written, parameters reach the query, and every failure half-way (a
 * duplicate key, an error at the source after rows were sent, a query
 * timeout) leaves the target as it was and the connection usable, in
 * autocommit and inside the application's transaction (SQLEndTran).
 */
#include "odbctest.h"

#include <pthread.h>
#include <stdatomic.h>

static SQLHENV env;
static SQLHDBC dbc;

/* SQLExecDirect and SQLRowCount: the rows the statement wrote, -2 when it
 * failed. */
static long
run_count(SQLHSTMT st, const char *sql)
{
	SQLLEN n = -3;

	SQLFreeStmt(st, SQL_CLOSE);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS)))
	{
		t_diag(SQL_HANDLE_STMT, st);
		return -2;
	}
	if (!SQL_SUCCEEDED(SQLRowCount(st, &n)))
		return -3;
	return (long) n;
}

static long
count_rows(SQLHSTMT st, const char *table)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return atol(t_scalar(st, sql));
}

static void
test_autocommit(SQLHSTMT st)
{
	SQLINTEGER lo = 100;
	SQLINTEGER hi = 199;
	SQLLEN ind = 0;
	SQLLEN n = -1;

	t_exec(st, "DROP TABLE IF EXISTS public.t_ins, public.t_ctas, public.t_into");
	t_exec(st, "CREATE TABLE public.t_ins (id integer PRIMARY KEY, total numeric(12,2), "
			   "day date)");
	t_ok(run_count(st, "INSERT INTO public.t_ins SELECT o_id, o_total, o_orderdate "
					   "FROM rds.orders WHERE o_id <= 50") == 50,
		 "INSERT ... SELECT: SQLRowCount is 50");
	t_ok(count_rows(st, "public.t_ins") == 50, "50 rows in the table");

	/* Parameters, prepared once and executed twice. */
	SQLFreeStmt(st, SQL_CLOSE);
	t_rc(SQLPrepare(st, (SQLCHAR *) "INSERT INTO public.t_ins (id, total) SELECT o_id, o_total "
									"FROM rds.orders WHERE o_id BETWEEN ? AND ?", SQL_NTS),
		 SQL_HANDLE_STMT, st, "prepare with parameters");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &lo, 0, &ind);
	SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &hi, 0, &ind);
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "execute with parameters");
	SQLRowCount(st, &n);
	t_ok(n == 100, "rows 100..199 written (%ld)", (long) n);
	lo = 300;
	hi = 304;
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "execute again with other values");
	SQLRowCount(st, &n);
	t_ok(n == 5, "rows 300..304 written (%ld)", (long) n);
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(count_rows(st, "public.t_ins") == 155, "155 rows in the table");

	/* A duplicate key after many rows went through: none of them stay. */
	t_fails(SQLExecDirect(st, (SQLCHAR *) "INSERT INTO public.t_ins (id) SELECT o_id + 250 "
										  "FROM rds.orders ORDER BY o_id", SQL_NTS),
			SQL_HANDLE_STMT, st, "23505", "a duplicate key half-way");
	t_ok(count_rows(st, "public.t_ins") == 155, "the table is as it was");

	/* The source fails after sending rows (division by zero at row 700). */
	t_fails(SQLExecDirect(st, (SQLCHAR *) "INSERT INTO public.t_ins (id, total) SELECT o_id + "
										  "2000, 1 / (o_id - 700) FROM rds.orders", SQL_NTS),
			SQL_HANDLE_STMT, st, "22012", "an error at the source half-way");
	t_ok(count_rows(st, "public.t_ins") == 155, "the table is as it was");

	/* A query timeout: a long query stopped, nothing kept. */
	SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 1, 0);
	t_fails(SQLExecDirect(st, (SQLCHAR *) "INSERT INTO public.t_ins (id) SELECT a.o_id * 100000 "
										  "+ b.o_id * 100 + c.o_id % 100 FROM rds.orders a, "
										  "rds.orders b, rds.orders c", SQL_NTS),
			SQL_HANDLE_STMT, st, "HYT00", "QueryTimeout stops a long INSERT");
	SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 0, 0);
	t_ok(count_rows(st, "public.t_ins") == 155, "the table is as it was after the timeout");

	/* CREATE TABLE AS and SELECT INTO, joined with a warehouse table. */
	t_ok(run_count(st, "CREATE TABLE public.t_ctas AS SELECT c.c_id, c.c_name, r.r_name FROM "
					   "rds.customers c JOIN public.regions r ON r.r_code = c.c_region") == 100,
		 "CREATE TABLE AS: SQLRowCount is 100");
	t_ok(strcmp(t_scalar(st, "SELECT r_name FROM public.t_ctas WHERE c_id = 4"), "Europe") == 0,
		 "its rows are there");
	t_ok(run_count(st, "SELECT o_status, count(*) AS n INTO public.t_into FROM rds.orders "
					   "GROUP BY 1") == 3, "SELECT INTO: SQLRowCount is 3");
	t_ok(strcmp(t_scalar(st, "SELECT sum(n) FROM public.t_into"), "1000") == 0,
		 "SELECT INTO wrote the groups");
	/* A CREATE TABLE AS whose query fails leaves no table. */
	t_fails(SQLExecDirect(st, (SQLCHAR *) "CREATE TABLE public.t_fail AS SELECT 1 / (o_id - 900) "
										  "AS x FROM rds.orders", SQL_NTS),
			SQL_HANDLE_STMT, st, "22012", "CREATE TABLE AS over a failing query");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM information_schema.tables WHERE table_name "
							 "= 't_fail'"), "0") == 0, "no table is left behind");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "INSERT INTO rds.orders SELECT * FROM rds.orders",
						  SQL_NTS), SQL_HANDLE_STMT, st, "0A000", "external schemas are read-only");

	/* A materialized view: made, refreshed, read as a table, dropped. */
	t_ok(run_count(st, "CREATE MATERIALIZED VIEW public.t_mv AS SELECT o_status, count(*) AS n "
					   "FROM rds.orders GROUP BY 1") == 3, "CREATE MATERIALIZED VIEW: 3 rows");
	t_ok(run_count(st, "REFRESH MATERIALIZED VIEW public.t_mv") == 3, "REFRESH: 3 rows");
	t_ok(strcmp(t_scalar(st, "SELECT sum(n) FROM public.t_mv"), "1000") == 0,
		 "its rows are the warehouse table's");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "CREATE MATERIALIZED VIEW public.t_mv AS SELECT 1 AS a "
										  "FROM rds.orders", SQL_NTS),
			SQL_HANDLE_STMT, st, "42P07", "a second materialized view of the name");
	t_ok(strcmp(t_scalar(st, "SELECT sum(n) FROM public.t_mv"), "1000") == 0,
		 "the first is untouched");
	t_exec(st, "DROP MATERIALIZED VIEW public.t_mv");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "SELECT * FROM public.t_mv", SQL_NTS), SQL_HANDLE_STMT,
			st, "42P01", "dropped with its table");
}

/* REFRESH on one connection while another reads the view: every read
 * sees the old rows or, once the refresh committed, all the new ones. */
typedef struct refresher
{
	SQLHDBC dbc;
	atomic_int done;
	long rows;
} refresher;

static void *
refresh_main(void *arg)
{
	refresher *r = arg;
	SQLHSTMT st = t_stmt(r->dbc);

	r->rows = run_count(st, "REFRESH MATERIALIZED VIEW public.t_mvr");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	atomic_store(&r->done, 1);
	return NULL;
}

static void
test_refresh_readers(SQLHSTMT st)
{
	SQLHENV env2;
	refresher r = {0};
	pthread_t th;
	int reads = 0;
	int old = 0;
	int bad = 0;
	char last[64] = "";

	t_exec(st, "DROP TABLE IF EXISTS public.t_keys");
	t_exec(st, "CREATE TABLE public.t_keys (k integer)");
	t_exec(st, "INSERT INTO public.t_keys SELECT generate_series(1, 10)");
	if (!t_exec(st, "CREATE MATERIALIZED VIEW public.t_mvr AS SELECT a.o_id, b.o_total FROM "
					"rds.orders a JOIN public.t_keys k ON k.k = a.o_id % 1000 CROSS JOIN "
					"rds.orders b WHERE b.o_id <= 200"))
		return;
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.t_mvr"), "2000") == 0,
		 "materialized view over a warehouse table and a source: 2000 rows");
	t_exec(st, "INSERT INTO public.t_keys SELECT generate_series(11, 1000)");
	t_connect(&env2, &r.dbc, "fedq");
	pthread_create(&th, NULL, refresh_main, &r);
	while (!atomic_load(&r.done))
	{
		const char *n = t_scalar(st, "SELECT count(*) FROM public.t_mvr");

		reads++;
		if (strcmp(n, "2000") == 0)
			old++;
		else if (strcmp(n, "199800") != 0)
			bad++;
		snprintf(last, sizeof(last), "%s", n);
	}
	pthread_join(th, NULL);
	t_ok(r.rows == 199800, "REFRESH wrote 199800 rows (%ld)", r.rows);
	t_ok(bad == 0, "%d reads during the refresh saw the old rows (%d) or all the new (last %s), "
				   "%d saw others", reads, old, last, bad);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.t_mvr"), "199800") == 0,
		 "after it, the new rows");
	t_disconnect(env2, r.dbc);
	t_exec(st, "DROP MATERIALIZED VIEW public.t_mvr");
	t_exec(st, "DROP TABLE public.t_keys");
}

/* Inside the application's transaction: the statement's failure undoes
 * only the statement; SQLEndTran decides about the rest. */
static void
test_transaction(SQLHSTMT st)
{
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_OFF, 0);
	t_ok(run_count(st, "INSERT INTO public.t_ins (id) SELECT o_id + 5000 FROM rds.orders "
					   "WHERE o_id <= 10") == 10, "INSERT in a transaction");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "INSERT INTO public.t_ins (id) SELECT o_id + 4990 "
										  "FROM rds.orders WHERE o_id <= 20", SQL_NTS),
			SQL_HANDLE_STMT, st, "23505", "a failing INSERT in the transaction");
	t_ok(count_rows(st, "public.t_ins") == 165, "the first INSERT's rows are still there");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc, "rollback");
	t_ok(count_rows(st, "public.t_ins") == 155, "rolled back");
	t_ok(run_count(st, "INSERT INTO public.t_ins (id) SELECT o_id + 6000 FROM rds.orders "
					   "WHERE o_id <= 7") == 7, "INSERT in another transaction");
	t_fails(SQLExecDirect(st, (SQLCHAR *) "CREATE MATERIALIZED VIEW public.t_mv2 AS SELECT o_id "
										  "FROM rds.orders", SQL_NTS),
			SQL_HANDLE_STMT, st, "0A000", "CREATE MATERIALIZED VIEW inside a transaction");
	t_rc(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc, "commit");
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_ON, 0);
	t_ok(count_rows(st, "public.t_ins") == 162, "committed");
	t_exec(st, "DROP TABLE public.t_ins, public.t_ctas, public.t_into");
}

int
main(void)
{
	SQLHSTMT st;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);
	test_autocommit(st);
	test_refresh_readers(st);
	test_transaction(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
