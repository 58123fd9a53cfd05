/*
 * faults.c — ODBC client test: sources that stop answering, go away or
 * come back, through the fault-injection relay of tests/harness
 * (faultproxy.py), run by tests/it/60-faults.sh.  Each case must end
 * within its deadline with the right SQLSTATE, and the connection must
 * work for the next statement:
 *
 *   - a source frozen mid-scan, with QueryTimeout: HYT00 within the
 *     timeout and a second;
 *   - the same with SQLCancel from another thread: HY008 within a second;
 *   - a source black-holed at connect: QueryTimeout counts the connect
 *     (HYT00), LoginTimeout alone gives 08001;
 *   - a source whose connection is reset mid-scan: 08S01 at once;
 *   - the warehouse restarted (its connection reset): the next statement
 *     and SQLTables work; inside a transaction the loss is reported until
 *     the application rolls back;
 *   - closing a cursor, freeing a statement, disconnecting with a frozen
 *     source: a second or so, not forever;
 *   - QueryTimeout while fedq's own join works: HYT00, not HY008;
 *   - a source reset while an INSERT ... SELECT streams its rows into the
 *     warehouse: 08S01, and the target table as it was.
 *
 * Environment (60-faults.sh): FQ_PROXY_PORT_src/_blk/_wh and
 * FQ_PROXY_CTL_src/_blk/_wh, the relays in front of the remote (src, blk)
 * and the warehouse (wh); the remote has a database "faults".
 */
#include "odbctest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Sends a command to a relay's control port ("freeze", "pass", ...). */
static void
proxy(const char *name, const char *cmd)
{
	char env[64];
	char reply[128];
	struct sockaddr_in sa = {0};
	int fd;
	ssize_t n;

	snprintf(env, sizeof(env), "FQ_PROXY_CTL_%s", name);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t) atoi(t_getenv(env)));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0)
	{
		printf("Bail out! cannot reach the fault proxy %s\n", name);
		exit(1);
	}
	snprintf(reply, sizeof(reply), "%s\n", cmd);
	if (write(fd, reply, strlen(reply)) < 0 || (n = read(fd, reply, sizeof(reply) - 1)) <= 0)
	{
		printf("Bail out! the fault proxy %s did not answer\n", name);
		exit(1);
	}
	close(fd);
}

/* The first diagnostic record is `state`, and no record says the
 * statement was cancelled (a timeout is HYT00 alone, not HY008 too). */
static void
only_state(SQLHSTMT st, const char *state, const char *what)
{
	SQLCHAR first[6] = "";
	SQLCHAR msg[512];
	SQLINTEGER native;
	SQLSMALLINT len;

	SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, first, &native, msg, sizeof(msg), &len);
	t_ok(strcmp((char *) first, state) == 0 &&
		 (strcmp(state, "HY008") == 0 || !t_has_state(SQL_HANDLE_STMT, st, "HY008")),
		 "  %s: the first record is %s (%s), none is HY008", what, state, first);
}

static SQLHSTMT
timed_stmt(SQLHDBC dbc, SQLULEN timeout)
{
	SQLHSTMT st = t_stmt(dbc);

	SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER) timeout, 0);
	return st;
}

/* Starts a scan of faults.big and reads a few rows. */
static bool
start_scan(SQLHSTMT st, const char *schema)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT i, pad FROM %s.big", schema);
	if (!t_exec(st, sql))
		return false;
	for (int i = 0; i < 10; i++)
		if (!SQL_SUCCEEDED(SQLFetch(st)))
		{
			t_ok(false, "fetch the first rows of %s", sql);
			t_diag(SQL_HANDLE_STMT, st);
			return false;
		}
	return true;
}

/* Cancels a statement once it has been inside one SQLFetch for a while. */
typedef struct canceller
{
	SQLHSTMT st;
	atomic_int in_fetch;      /* a fetch is running */
	_Atomic double started;   /* when it started */
	_Atomic double cancelled; /* when SQLCancel was called, 0 not yet */
	atomic_int stop;
} canceller;

static void *
cancel_main(void *arg)
{
	canceller *k = arg;

	while (!atomic_load(&k->stop))
	{
		if (atomic_load(&k->in_fetch) && now() - atomic_load(&k->started) > 0.7)
		{
			atomic_store(&k->cancelled, now());
			SQLCancel(k->st);
			return NULL;
		}
		usleep(20 * 1000);
	}
	return NULL;
}

/* Fetches until an error (or the end): the failing call's SQLSTATE must
 * be `state`; returns how long that call took. */
static double
fetch_until_error(SQLHSTMT st, const char *state, canceller *k, const char *what)
{
	SQLRETURN rc;
	double call_start = 0;
	double t0 = now();

	do
	{
		call_start = now();
		if (k != NULL)
		{
			atomic_store(&k->started, call_start);
			atomic_store(&k->in_fetch, 1);
		}
		rc = SQLFetch(st);
		if (k != NULL)
			atomic_store(&k->in_fetch, 0);
	} while (SQL_SUCCEEDED(rc) && now() - t0 < 60);
	t_fails(rc, SQL_HANDLE_STMT, st, state, what);
	return now() - call_start;
}

static void
frozen_with_timeout(SQLHDBC dbc)
{
	SQLHSTMT st = timed_stmt(dbc, 2);
	double took;

	if (!start_scan(st, "fx"))
		return;
	proxy("src", "freeze");
	took = fetch_until_error(st, "HYT00", NULL, "a source frozen mid-scan, QueryTimeout=2");
	only_state(st, "HYT00", "frozen source");
	t_ok(took < 3.5, "  the fetch ended %.1f s after it began (timeout 2 s)", took);
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "query timeout expired") != NULL,
		 "  the message says so: %s", t_message(SQL_HANDLE_STMT, st));
	took = now();
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(now() - took < 2.0, "  closing the cursor took %.1f s", now() - took);
	proxy("src", "pass");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM fx.small"), "10") == 0,
		 "  the next statement on the connection works (it connects again)");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void
frozen_with_cancel(SQLHDBC dbc)
{
	SQLHSTMT st = timed_stmt(dbc, 0);
	canceller k = {.st = st};
	pthread_t th;
	double took;
	double end;

	if (!start_scan(st, "fx"))
		return;
	proxy("src", "freeze");
	pthread_create(&th, NULL, cancel_main, &k);
	took = fetch_until_error(st, "HY008", &k, "a source frozen mid-scan, SQLCancel");
	end = now();
	atomic_store(&k.stop, 1);
	pthread_join(th, NULL);
	t_ok(atomic_load(&k.cancelled) > 0 && end - atomic_load(&k.cancelled) < 1.5,
		 "  the fetch ended %.1f s after SQLCancel (%.1f s in all)",
		 atomic_load(&k.cancelled) > 0 ? end - atomic_load(&k.cancelled) : -1.0, took);
	SQLFreeStmt(st, SQL_CLOSE);
	proxy("src", "pass");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM fx.small"), "10") == 0,
		 "  the next statement works");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void
black_hole_at_connect(SQLHDBC dbc)
{
	SQLHENV env2;
	SQLHDBC dbc2;
	SQLHSTMT st = timed_stmt(dbc, 2);
	SQLRETURN rc;
	double t0;
	char cs[256];

	proxy("blk", "freeze");
	t0 = now();
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM fb.small", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "HYT00", "a black-holed source, QueryTimeout=2");
	only_state(st, "HYT00", "black-holed source");
	t_ok(now() - t0 < 3.5, "  QueryTimeout counts the connect: %.1f s", now() - t0);
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/* LoginTimeout alone. */
	snprintf(cs, sizeof(cs), "DSN=fedq;LoginTimeout=2");
	t_connect_str(&env2, &dbc2, cs);
	st = t_stmt(dbc2);
	t0 = now();
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM fb.small", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "08001", "a black-holed source, LoginTimeout=2");
	t_ok(now() - t0 < 3.5, "  LoginTimeout ends the connect: %.1f s", now() - t0);
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "LoginTimeout") != NULL,
		 "  the message names LoginTimeout: %s", t_message(SQL_HANDLE_STMT, st));
	proxy("blk", "pass");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM fb.small"), "10") == 0,
		 "  once the source answers, the same connection reaches it");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env2, dbc2);
}

static void
reset_mid_scan(SQLHDBC dbc)
{
	SQLHSTMT st = timed_stmt(dbc, 0);
	double took;

	if (!start_scan(st, "fx"))
		return;
	proxy("src", "reset");
	took = fetch_until_error(st, "08S01", NULL, "a source's connection reset mid-scan");
	t_ok(took < 2.0, "  at once (%.1f s)", took);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM fx.small"), "10") == 0,
		 "  the next statement works");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Resets the source's connection after a moment (the INSERT is then
 * streaming rows into the warehouse). */
static void *
reset_later(void *arg)
{
	(void) arg;
	usleep(300000);
	proxy("src", "reset");
	return NULL;
}

static void
source_dies_mid_insert(SQLHDBC dbc)
{
	SQLHSTMT st = timed_stmt(dbc, 0);
	pthread_t th;
	SQLRETURN rc;

	if (!t_exec(st, "DROP TABLE IF EXISTS public.fault_ins") ||
		!t_exec(st, "CREATE TABLE public.fault_ins (i integer, pad text)") ||
		!t_exec(st, "INSERT INTO public.fault_ins VALUES (0, 'before')"))
		return;
	pthread_create(&th, NULL, reset_later, NULL);
	rc = SQLExecDirect(st, (SQLCHAR *) "INSERT INTO public.fault_ins SELECT b.i * 100 + s.i, "
									   "b.pad FROM fx.big b, fx.small s", SQL_NTS);
	pthread_join(th, NULL);
	t_ok(rc == SQL_ERROR && t_has_state(SQL_HANDLE_STMT, st, "08S01"),
		 "a source reset mid-INSERT ... SELECT: 08S01 (rc %d)", (int) rc);
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.fault_ins"), "1") == 0,
		 "  the target table is as it was");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM fx.small"), "10") == 0,
		 "  the next statement reaches the source again");
	t_exec(st, "DROP TABLE public.fault_ins");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void
warehouse_restarted(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	char cs[256];
	SQLRETURN rc;
	int n = 0;

	snprintf(cs, sizeof(cs), "DSN=fedq;Port=%s", t_getenv("FQ_PROXY_PORT_wh"));
	t_connect_str(&env, &dbc, cs);
	st = t_stmt(dbc);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.regions"), "4") == 0,
		 "the warehouse through a relay");
	proxy("wh", "reset");
	usleep(200 * 1000);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.regions"), "4") == 0,
		 "after its connection was reset, the next warehouse statement works");
	proxy("wh", "reset");
	usleep(200 * 1000);
	rc = SQLTables(st, NULL, 0, (SQLCHAR *) "public", SQL_NTS, (SQLCHAR *) "regions", SQL_NTS,
				   NULL, 0);
	while (SQL_SUCCEEDED(rc) && SQL_SUCCEEDED(SQLFetch(st)))
		n++;
	t_ok(SQL_SUCCEEDED(rc) && n == 1, "and SQLTables (rc %d, %d rows)", (int) rc, n);
	if (!SQL_SUCCEEDED(rc))
		t_diag(SQL_HANDLE_STMT, st);
	SQLFreeStmt(st, SQL_CLOSE);

	/* Inside a transaction the loss is not hidden. */
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER) SQL_AUTOCOMMIT_OFF, 0);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.regions"), "4") == 0,
		 "a statement in a warehouse transaction");
	proxy("wh", "reset");
	usleep(200 * 1000);
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM public.regions", SQL_NTS);
	t_fails(rc, SQL_HANDLE_STMT, st, "08S01", "after the reset, inside the transaction");
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "transaction") != NULL,
		 "  saying the transaction is lost: %s", t_message(SQL_HANDLE_STMT, st));
	rc = SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
	t_ok(rc == SQL_SUCCESS, "SQLEndTran(ROLLBACK) ends it (rc %d)", (int) rc);
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.regions"), "4") == 0,
		 "then the next statement works");
	SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
}

static void
close_free_disconnect_frozen(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	double t0;

	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);
	if (!start_scan(st, "fx"))
		return;
	proxy("src", "freeze");
	t0 = now();
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_ok(now() - t0 < 2.0, "SQLFreeHandle of a statement reading a frozen source: %.1f s",
		 now() - t0);
	proxy("src", "pass");
	st = t_stmt(dbc);
	if (!start_scan(st, "fx"))
		return;
	proxy("src", "freeze");
	t0 = now();
	SQLDisconnect(dbc);
	t_ok(now() - t0 < 2.5, "SQLDisconnect with a result reading a frozen source: %.1f s",
		 now() - t0);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	proxy("src", "pass");
}

static void
timeout_in_fedq(SQLHDBC dbc)
{
	SQLHSTMT st = timed_stmt(dbc, 1);
	double t0 = now();
	SQLRETURN rc;

	/* Two sources: fedq joins 100,000 rows with 2,500 by a condition no
	 * hash can use, minutes of work for its own nested loop. */
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM rds.orders o, rds.customers c, "
									   "public.sales s WHERE o.o_total + s.s_amount > c.c_balance "
									   "+ 1000000", SQL_NTS);
	if (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	t_fails(rc, SQL_HANDLE_STMT, st, "HYT00", "QueryTimeout=1 while fedq joins");
	only_state(st, "HYT00", "fedq's own join");
	t_ok(now() - t0 < 2.5, "  within %.1f s", now() - t0);
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/* A condition on all four tables rejects every pair: one probe batch
	 * against a side of 100,000 rows is hundreds of millions of pairs
	 * before the join returns a row (25 s when QueryTimeout was checked
	 * only between input batches). */
	st = timed_stmt(dbc, 1);
	t0 = now();
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM rds.orders o, rds.customers c, "
									   "public.sales s, (SELECT s_id FROM public.sales WHERE "
									   "s_id <= 40) z WHERE o.o_total + s.s_amount + c.c_balance "
									   "+ z.s_id < -1000000000", SQL_NTS);
	if (SQL_SUCCEEDED(rc))
		rc = SQLFetch(st);
	t_fails(rc, SQL_HANDLE_STMT, st, "HYT00", "QueryTimeout=1 while fedq's join rejects every pair");
	t_ok(now() - t0 < 2.5, "  within %.1f s", now() - t0);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	char sql[512];

	t_connect(&env, &dbc, "fedq");
	st = t_stmt(dbc);
	snprintf(sql, sizeof(sql),
			 "CREATE EXTERNAL SCHEMA fx FROM POSTGRES DATABASE 'faults' URI '127.0.0.1' PORT %s",
			 t_getenv("FQ_PROXY_PORT_src"));
	if (!t_exec(st, sql))
		return t_done();
	snprintf(sql, sizeof(sql),
			 "CREATE EXTERNAL SCHEMA fb FROM POSTGRES DATABASE 'faults' URI '127.0.0.1' PORT %s",
			 t_getenv("FQ_PROXY_PORT_blk"));
	if (!t_exec(st, sql) || !t_external_schema(dbc, "rds", "public"))
		return t_done();
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	frozen_with_timeout(dbc);
	frozen_with_cancel(dbc);
	black_hole_at_connect(dbc);
	reset_mid_scan(dbc);
	source_dies_mid_insert(dbc);
	warehouse_restarted();
	close_free_disconnect_frozen();
	timeout_in_fedq(dbc);
	t_disconnect(env, dbc);
	return t_done();
}
