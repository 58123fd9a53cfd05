/*
 * bimeta.c — a BI tool's metadata sequence asks no source for rows.
 *
 * Tableau (and others) learn a custom query's columns by preparing and
 * describing it without executing it, or by running it wrapped as
 * `SELECT * FROM (...) t WHERE 1=0` or with `LIMIT 0`.  None of that may
 * run the query at the sources: what each server received is read from
 * its own log (the harness logs every statement), and the statements fedq
 * sends to read a source's rows name its tables ("public"."orders").
 * Executing the same statement for real does send them (the check can
 * fail).
 */
#include "odbctest.h"

#include <sys/stat.h>

static long
log_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long) sb.st_size : -1;
}

/* Whether the log received `needle` after byte `mark`. */
static bool
log_has(const char *path, long mark, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	bool found = false;

	if (f == NULL)
		return false;
	if (fseek(f, mark, SEEK_SET) == 0)
		while (!found && fgets(line, sizeof(line), f) != NULL)
			found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

typedef struct marks
{
	long remote;
	long warehouse;
} marks;

static const char *remote_log;
static const char *warehouse_log;

static marks
mark(void)
{
	marks m = {log_size(remote_log), log_size(warehouse_log)};

	return m;
}

/* Whether the sources were asked for rows since m. */
static bool
sources_read(marks m)
{
	return log_has(remote_log, m.remote, "\"public\".\"orders\"") ||
		log_has(remote_log, m.remote, "\"public\".\"customers\"") ||
		log_has(warehouse_log, m.warehouse, "\"public\".\"regions\"");
}

#define FEDERATED \
	"SELECT o.o_id, o.o_total, c.c_name, r.r_name FROM rds.orders o " \
	"JOIN rds.customers c ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region"

static void
describe_all(SQLHSTMT st, const char *what, SQLSMALLINT want)
{
	SQLSMALLINT n = 0;
	bool ok = true;

	SQLNumResultCols(st, &n);
	for (SQLSMALLINT i = 1; i <= n; i++)
	{
		char name[64];
		SQLSMALLINT type = 0, digits = 0, nullable = 0;
		SQLULEN size = 0;
		SQLLEN dsize = 0;

		ok = ok && SQL_SUCCEEDED(SQLDescribeCol(st, (SQLUSMALLINT) i, (SQLCHAR *) name, sizeof(name), NULL,
												&type, &size, &digits, &nullable)) &&
			SQL_SUCCEEDED(SQLColAttribute(st, (SQLUSMALLINT) i, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL,
										  &dsize));
	}
	t_ok(ok && n == want, "%s: %d columns described (%d expected)", what, (int) n, (int) want);
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLHSTMT st;
	marks m;
	static const char *const wrapped[] = {
		"SELECT * FROM (" FEDERATED ") t WHERE 1=0",
		"SELECT * FROM (" FEDERATED ") t LIMIT 0",
		"SELECT * FROM (SELECT o_id, o_status FROM rds.orders) t WHERE 1=0",
		"SELECT * FROM (SELECT o_id, o_status FROM rds.orders) t LIMIT 0",
		"SELECT * FROM (SELECT r_code, r_name FROM public.regions r JOIN rds.customers c ON c.c_region = r.r_code) t WHERE 1 = 0",
	};

	remote_log = t_getenv("FQ_REMOTE_LOG");
	warehouse_log = t_getenv("FQ_WAREHOUSE_LOG");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);

	/* Prepare and describe, no execute. */
	m = mark();
	t_rc(SQLPrepare(st, (SQLCHAR *) FEDERATED, SQL_NTS), SQL_HANDLE_STMT, st, "SQLPrepare of a federated join");
	describe_all(st, "prepared, not executed", 4);
	t_ok(!sources_read(m), "preparing and describing asked no source for rows");
	/* Executing it does (the log check sees it). */
	m = mark();
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute");
	while (SQL_SUCCEEDED(SQLFetch(st)))
		;
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(sources_read(m), "executing it does");

	for (size_t i = 0; i < sizeof(wrapped) / sizeof(wrapped[0]); i++)
	{
		SQLSMALLINT n = 0;
		SQLRETURN rc;

		m = mark();
		if (!t_exec(st, wrapped[i]))
			continue;
		SQLNumResultCols(st, &n);
		describe_all(st, wrapped[i], n > 0 ? n : -1);
		rc = SQLFetch(st);
		t_ok(rc == SQL_NO_DATA, "no rows (rc %d)", (int) rc);
		SQLFreeStmt(st, SQL_CLOSE);
		t_ok(!sources_read(m), "no source was asked for rows: %s", wrapped[i]);
	}

	/* Aggregates over nothing still answer as PostgreSQL does. */
	m = mark();
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM rds.orders WHERE 1=0"), "0") == 0,
		 "count(*) ... WHERE 1=0 is one row, 0");
	t_ok(!sources_read(m), "and asked no source");

	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
