/*
 * cancel.c — SQLCancel from another thread stops a running statement
 * (HY008) and leaves it usable; SQL_ATTR_QUERY_TIMEOUT stops one with
 * HYT00; cancelling an idle statement does nothing to the next one.
 */
#include "odbctest.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

typedef struct canceller
{
	SQLHSTMT st;
	int delay_ms;
	SQLRETURN rc;
} canceller;

static void *
cancel_later(void *arg)
{
	canceller *c = arg;

	usleep((useconds_t) c->delay_ms * 1000);
	c->rc = SQLCancel(c->st);
	return NULL;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs sql while another thread cancels it after delay_ms. */
static void
cancel_during(SQLHSTMT st, const char *sql, const char *what)
{
	canceller c = {st, 1000, SQL_ERROR};
	pthread_t tid;
	double t0 = now(), secs;
	SQLRETURN rc;

	pthread_create(&tid, NULL, cancel_later, &c);
	rc = SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS);
	/* A streamed result may start before the cancel: read it out. */
	while (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	secs = now() - t0;
	pthread_join(tid, NULL);
	t_ok(c.rc == SQL_SUCCESS, "%s: SQLCancel from another thread returns SQL_SUCCESS (%d)", what, (int) c.rc);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "HY008"),
		 "%s: the statement fails with HY008 (rc %d)", what, (int) rc);
	if (rc == SQL_ERROR && !t_has_state(SQL_HANDLE_STMT, st, "HY008"))
		t_diag(SQL_HANDLE_STMT, st);
	t_ok(secs < 8.0, "%s: it stopped after %.1f s, not at the end of the work", what, secs);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(strcmp(t_scalar(st, "SELECT 1"), "1") == 0, "%s: the statement runs again", what);
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	SQLRETURN rc;
	double t0;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);

	/* A warehouse statement that sleeps. */
	cancel_during(st, "SELECT pg_sleep(20)", "warehouse pg_sleep");
	/* A federated statement with a lot to do: a cross join of the remote
	 * orders with themselves three times (10^9 rows to count). */
	cancel_during(st, "SELECT count(*) FROM rds.orders a, rds.orders b, rds.orders c", "federated cross join");

	/* Cancelling an idle statement is harmless. */
	t_rc(SQLCancel(st), SQL_HANDLE_STMT, st, "SQLCancel with nothing running");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM rds.customers"), "100") == 0,
		 "the next statement is not cancelled");

	/* The query timeout. */
	SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 1, 0);
	t0 = now();
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT pg_sleep(20)", SQL_NTS);
	while (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "HYT00"),
		 "SQL_ATTR_QUERY_TIMEOUT 1 stops pg_sleep(20) with HYT00 (rc %d)", (int) rc);
	if (!t_has_state(SQL_HANDLE_STMT, st, "HYT00"))
		t_diag(SQL_HANDLE_STMT, st);
	t_ok(now() - t0 < 8.0, "after %.1f s", now() - t0);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(strcmp(t_scalar(st, "SELECT 2"), "2") == 0, "quick statements finish within the timeout");
	SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) 0, 0);

	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
