/*
 * limits.c — ODBC client test: long and deep statements through the
 * driver.
 *
 *   - a 5,000-branch UNION ALL over one source, a 10,000-term OR chain and
 *     a 100,000-item IN list run, each within a time limit;
 *   - 100,000 nested parentheses fail with 54001 (stack depth limit
 *     exceeded), on the main thread and on a thread with a 256 KiB stack
 *     (an application's worker thread), and the connection goes on;
 *   - SQLPrepare of the deep statement fails the same way, not later.
 */
#include "odbctest.h"

#include <pthread.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* A growing string; exits on OOM (a test). */
typedef struct sbuf
{
	char *s;
	size_t len;
	size_t cap;
} sbuf;

static void
sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t) n + 1 > b->cap)
	{
		b->cap = (b->len + (size_t) n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL)
		{
			printf("Bail out! out of memory\n");
			exit(1);
		}
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

/* Runs sql, expecting the single value `want`, within `secs` seconds. */
static void
expect_value(SQLHSTMT st, const char *what, const char *sql, const char *want, double secs)
{
	double start = now();
	const char *got = t_scalar(st, sql);
	double took = now() - start;

	t_ok(strcmp(got, want) == 0, "%s: %s (want %s)", what, got, want);
	t_ok(took < secs, "%s took %.2f s (limit %.0f s)", what, took, secs);
}

static char *deep_sql;

typedef struct thread_args
{
	SQLHDBC dbc;
	SQLRETURN rc;
	char state[6];
} thread_args;

static void *
run_deep(void *arg)
{
	thread_args *a = arg;
	SQLHSTMT st = t_stmt(a->dbc);
	SQLCHAR msg[512];
	SQLINTEGER native;
	SQLSMALLINT len;

	a->rc = SQLExecDirect(st, (SQLCHAR *) deep_sql, SQL_NTS);
	a->state[0] = '\0';
	SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *) a->state, &native, msg, sizeof(msg), &len);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return NULL;
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	sbuf b = {0};
	const int deep = 100000;

	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);

	/* 5,000 UNION ALL branches over one source. */
	sb_add(&b, "SELECT count(*), sum(o_id) FROM (");
	for (int i = 0; i < 5000; i++)
		sb_add(&b, "%sSELECT o_id FROM rds.orders WHERE o_id = %d", i ? " UNION ALL " : "",
			   i % 1000 + 1);
	sb_add(&b, ") u");
	expect_value(st, "5,000-branch UNION ALL", b.s, "5000", 60);
	b.len = 0;

	/* A 10,000-term OR chain. */
	sb_add(&b, "SELECT count(*) FROM rds.orders WHERE o_id = 0");
	for (int i = 1; i <= 10000; i++)
		sb_add(&b, " OR o_id = %d", i);
	expect_value(st, "10,000-term OR chain", b.s, "1000", 30);
	b.len = 0;

	/* A 100,000-item IN list. */
	sb_add(&b, "SELECT count(*) FROM rds.orders WHERE o_id IN (0");
	for (int i = 1; i <= 100000; i++)
		sb_add(&b, ", %d", i);
	sb_add(&b, ")");
	expect_value(st, "100,000-item IN list", b.s, "1000", 30);
	b.len = 0;

	/* 100,000 nested parentheses. */
	sb_add(&b, "SELECT count(*) FROM rds.orders WHERE o_id = ");
	for (int i = 0; i < deep; i++)
		sb_add(&b, "(");
	sb_add(&b, "1");
	for (int i = 0; i < deep; i++)
		sb_add(&b, ")");
	deep_sql = b.s;
	SQLFreeStmt(st, SQL_CLOSE);
	t_fails(SQLExecDirect(st, (SQLCHAR *) deep_sql, SQL_NTS), SQL_HANDLE_STMT, st, "54001",
			"100,000 nested parentheses");
	t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "stack depth limit exceeded") != NULL,
		 "the message says why: %s", t_message(SQL_HANDLE_STMT, st));
	t_fails(SQLPrepare(st, (SQLCHAR *) deep_sql, SQL_NTS), SQL_HANDLE_STMT, st, "54001",
			"SQLPrepare of 100,000 nested parentheses");
	{
		/* An application's worker thread with a small stack. */
		pthread_attr_t attr;
		pthread_t th;
		thread_args a = {.dbc = dbc};

		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 256 * 1024);
		t_ok(pthread_create(&th, &attr, run_deep, &a) == 0, "a thread with a 256 KiB stack");
		pthread_join(th, NULL);
		pthread_attr_destroy(&attr);
		t_ok(a.rc == SQL_ERROR && strcmp(a.state, "54001") == 0,
			 "on it, 100,000 nested parentheses fail with 54001 (rc %d, %s)", (int) a.rc, a.state);
	}
	expect_value(st, "the connection goes on", "SELECT count(*) FROM rds.orders", "1000", 30);

	free(b.s);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
