/*
 * cancel.c — SQLCancel from another thread stops a running statement
 * (HY008) and leaves it usable; SQL_ATTR_QUERY_TIMEOUT stops one with
 * HYT00; cancelling an idle statement does nothing to the next one.
 * A sort, a hash join and a hash aggregate spilling to temporary files
 * (MemoryLimit=4MB) leave none open once cancelled, nor a sort whose
 * cursor is closed after its first row; spill files are close-on-exec.
 */
#include "../spillfds.h"
#include "odbctest.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

typedef struct canceller
{
	SQLHSTMT st;
	bool when_spilling; /* cancel once a spill file is open, not after 1 s */
	SQLRETURN rc;
	int spill_files;    /* open when it cancelled */
	double at;          /* when it cancelled */
} canceller;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *
cancel_later(void *arg)
{
	canceller *c = arg;
	double t0 = now();

	if (!c->when_spilling)
		usleep(1000 * 1000);
	/* (a cancel before the statement runs would be lost: under valgrind
	 * connecting and planning alone may take more than a second) */
	while (c->when_spilling && open_spill_files() == 0 && now() - t0 < 300)
		usleep(10 * 1000);
	c->spill_files = open_spill_files();
	c->at = now();
	c->rc = SQLCancel(c->st);
	return NULL;
}

/* Runs sql while another thread cancels it (after 1 s, or once it
 * spills); the spill files open at the cancel. */
static int
cancel_during(SQLHSTMT st, const char *sql, const char *what, bool when_spilling)
{
	canceller c = {st, when_spilling, SQL_ERROR, 0, 0};
	pthread_t tid;
	double t0 = now(), t1, secs;
	SQLRETURN rc;

	pthread_create(&tid, NULL, cancel_later, &c);
	rc = SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS);
	/* A streamed result may start before the cancel: read it out. */
	while (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	t1 = now();
	pthread_join(tid, NULL);
	/* from the start: the cancel comes after 1 s; from the cancel when it
	 * waited for the spilling */
	secs = t1 - (when_spilling ? c.at : t0);
	t_ok(c.rc == SQL_SUCCESS, "%s: SQLCancel from another thread returns SQL_SUCCESS (%d)", what, (int) c.rc);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "HY008"),
		 "%s: the statement fails with HY008 (rc %d)", what, (int) rc);
	if (rc == SQL_ERROR && !t_has_state(SQL_HANDLE_STMT, st, "HY008"))
		t_diag(SQL_HANDLE_STMT, st);
	t_ok(secs < 8.0, "%s: it stopped after %.1f s, not at the end of the work", what, secs);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(strcmp(t_scalar(st, "SELECT 1"), "1") == 0, "%s: the statement runs again", what);
	return c.spill_files;
}

/* Spilling operators cancelled, and a spilled sort closed early: no
 * spill file stays open (exec/spill.c). */
static void
spill_cancel(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	/* 1000 orders x 2500 x 2500 sales rows: far more than any of them
	 * gets through before the cancel */
	static const char *const sqls[][2] = {
		{"SELECT o.o_id, s.s_id, t.s_id FROM rds.orders o CROSS JOIN public.sales s CROSS JOIN "
		 "public.sales t ORDER BY o.o_comment, s.s_region, t.s_id", "spilling sort"},
		{"SELECT count(*) FROM (SELECT o.o_id * 10000 + s.s_id AS k FROM rds.orders o CROSS JOIN "
		 "public.sales s) a JOIN (SELECT o.o_id * 10000 + s.s_id AS k FROM rds.orders o CROSS JOIN "
		 "public.sales s CROSS JOIN public.sales t) b ON a.k = b.k", "spilling hash join"},
		{"SELECT o.o_comment, s.s_id, t.s_id, count(*) FROM rds.orders o CROSS JOIN public.sales s "
		 "CROSS JOIN public.sales t GROUP BY 1, 2, 3", "spilling hash aggregate"},
	};
	SQLRETURN rc;

	t_connect_str(&env, &dbc, "DSN=fedq;MemoryLimit=4MB;ShipToWarehouse=never");
	st = t_stmt(dbc);
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++)
	{
		int at_cancel = cancel_during(st, sqls[i][0], sqls[i][1], true);

		t_ok(at_cancel > 0, "%s: it was spilling when cancelled (%d files open)", sqls[i][1],
			 at_cancel);
		t_ok(open_spill_files() == 0, "%s: no spill file open after the cancel (%d)", sqls[i][1],
			 open_spill_files());
	}
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT o.o_id, s.s_id FROM rds.orders o CROSS JOIN "
						   "(SELECT s_id FROM public.sales WHERE s_id <= 200) s "
						   "ORDER BY o.o_comment DESC, s.s_id, o.o_id", SQL_NTS);
	if (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	t_rc(rc, SQL_HANDLE_STMT, st, "a spilled sort's first row");
	t_ok(open_spill_files() > 0, "the sort spilled (%d files open)", open_spill_files());
	t_ok(count_spill_files(true) == 0, "no spill file is inherited by child processes (%d without "
		 "close-on-exec)", count_spill_files(true));
	t_rc(SQLCloseCursor(st), SQL_HANDLE_STMT, st, "SQLCloseCursor after the first row");
	t_ok(open_spill_files() == 0, "no spill file open after SQLCloseCursor (%d)",
		 open_spill_files());
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
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
	cancel_during(st, "SELECT pg_sleep(20)", "warehouse pg_sleep", false);
	/* A federated statement with a lot to do: a cross join of the remote
	 * orders with themselves three times (10^9 rows to count). */
	cancel_during(st, "SELECT count(*) FROM rds.orders a, rds.orders b, rds.orders c", "federated cross join",
				  false);

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
	spill_cancel();
	return t_done();
}
