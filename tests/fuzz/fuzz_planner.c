/*
 * fuzz_planner.c — libFuzzer target: any bytes as a statement through the
 * engine's prepare — parse, bind, plan, pushdown and deparse — over a
 * fixture catalog, with no server anywhere.
 *
 * The session has no warehouse and a catalog file with three external
 * schemas: rds and rds2 on one source (so joins between them go to it
 * whole) and far on another (so joins with it happen in fedq).  Their
 * tables come from a fixture (fq_session_pin_tables), shaped like
 * tests/harness/fixtures/remote.sql, with row counts and distinct counts
 * for the join planner; nothing connects (the sources' addresses refuse
 * connections, and no statement that reads rows is executed).
 *
 * Properties beyond "no crash, hang or leak":
 *   - a failure has a diagnostic, and a prepared query has a plan;
 *   - every RemoteQuery's SQL, what fedq would send a source (deparsed as
 *     execution does, parameters and subquery values in place), parses
 *     with fedq's own parser as one SELECT (the deparse round trip; SQL
 *     the parser knows but declines, 0A000 such as LATERAL, passes, and
 *     a select list of no columns, "SELECT  FROM t" or "(SELECT )", is read
 *     as one), and
 *     deparsing its subtree for EXPLAIN gives the text the plan holds;
 *   - EXPLAIN of the plan works, and an EXPLAIN statement (not ANALYZE)
 *     executes and fetches.
 */
#include "engine.h"

#include "core/diag.h"
#include "core/strbuf.h"
#include "exec/exec.h"
#include "plan/planner.h"
#include "sql/parser.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* PostgreSQL type OIDs the fixture's columns have. */
enum
{
	BOOLOID = 16, BYTEAOID = 17, INT8OID = 20, INT2OID = 21, INT4OID = 23, TEXTOID = 25,
	FLOAT4OID = 700, FLOAT8OID = 701, BPCHAROID = 1042, VARCHAROID = 1043, DATEOID = 1082,
	TIMEOID = 1083, TIMESTAMPOID = 1114, TIMESTAMPTZOID = 1184, INTERVALOID = 1186,
	NUMERICOID = 1700, UUIDOID = 2950, JSONBOID = 3802
};

typedef struct fixture_col
{
	const char *name;
	uint32_t oid;
	int32_t typmod; /* -1, or PostgreSQL's: n+4 for (var)char(n), (p<<16|s)+4 */
	const char *source_type;
	bool notnull;
	double ndistinct;
} fixture_col;

typedef struct fixture_table
{
	const char *name;
	double rows;
	const fixture_col *cols;
} fixture_table;

#define NUM(p, s) ((((p) << 16) | (s)) + 4)

static const fixture_col customers[] = {
	{"c_id", INT4OID, -1, "integer", true, 100},
	{"c_name", VARCHAROID, 25 + 4, "character varying(25)", true, 100},
	{"c_region", BPCHAROID, 4 + 4, "character(4)", true, 4},
	{"c_balance", NUMERICOID, NUM(12, 2), "numeric(12,2)", false, 90},
	{NULL, 0, 0, NULL, false, 0}};
static const fixture_col orders[] = {
	{"o_id", INT4OID, -1, "integer", true, 1000},
	{"o_custkey", INT4OID, -1, "integer", true, 100},
	{"o_status", BPCHAROID, 1 + 4, "character(1)", true, 3},
	{"o_total", NUMERICOID, NUM(12, 2), "numeric(12,2)", true, 990},
	{"o_orderdate", DATEOID, -1, "date", true, 365},
	{"o_priority", TEXTOID, -1, "text", false, 5},
	{"o_comment", VARCHAROID, 79 + 4, "character varying(79)", false, 1000},
	{NULL, 0, 0, NULL, false, 0}};
static const fixture_col alltypes[] = {
	{"id", INT4OID, -1, "integer", true, 3},
	{"c_bool", BOOLOID, -1, "boolean", false, 2},
	{"c_int2", INT2OID, -1, "smallint", false, 2},
	{"c_int4", INT4OID, -1, "integer", false, 2},
	{"c_int8", INT8OID, -1, "bigint", false, 2},
	{"c_num", NUMERICOID, NUM(20, 4), "numeric(20,4)", false, 2},
	{"c_numu", NUMERICOID, -1, "numeric", false, 2},
	{"c_real", FLOAT4OID, -1, "real", false, 2},
	{"c_double", FLOAT8OID, -1, "double precision", false, 2},
	{"c_char", BPCHAROID, 5 + 4, "character(5)", false, 2},
	{"c_varchar", VARCHAROID, 20 + 4, "character varying(20)", false, 2},
	{"c_text", TEXTOID, -1, "text", false, 2},
	{"c_date", DATEOID, -1, "date", false, 2},
	{"c_time", TIMEOID, -1, "time without time zone", false, 2},
	{"c_ts", TIMESTAMPOID, -1, "timestamp without time zone", false, 2},
	{"c_tstz", TIMESTAMPTZOID, -1, "timestamp with time zone", false, 2},
	{"c_interval", INTERVALOID, -1, "interval", false, 2},
	{"c_uuid", UUIDOID, -1, "uuid", false, 2},
	{"c_bytea", BYTEAOID, -1, "bytea", false, 2},
	{"c_jsonb", JSONBOID, -1, "jsonb", false, 2},
	{NULL, 0, 0, NULL, false, 0}};
static const fixture_col tags[] = {
	{"t_id", INT4OID, -1, "integer", true, 60},
	{"t_label", TEXTOID, -1, "text", false, 10},
	{"t_code", BPCHAROID, 6 + 4, "character(6)", false, 3},
	{NULL, 0, 0, NULL, false, 0}};
static const fixture_col regions[] = {
	{"r_code", BPCHAROID, 4 + 4, "character(4)", true, 4},
	{"r_name", VARCHAROID, 30 + 4, "character varying(30)", true, 4},
	{"r_manager", TEXTOID, -1, "text", false, 3},
	{NULL, 0, 0, NULL, false, 0}};
static const fixture_col sales[] = {
	{"s_id", INT8OID, -1, "bigint", true, 2500},
	{"s_region", BPCHAROID, 4 + 4, "character(4)", true, 4},
	{"s_amount", NUMERICOID, NUM(14, 2), "numeric(14,2)", true, 500},
	{"s_day", DATEOID, -1, "date", true, 90},
	{NULL, 0, 0, NULL, false, 0}};

static const fixture_table shop_tables[] = {
	{"alltypes", 3, alltypes},
	{"customers", 100, customers},
	{"orders", 1000, orders},
	{"tags", 60, tags},
	{NULL, 0, NULL}};
static const fixture_table far_tables[] = {
	{"regions", 4, regions},
	{"sales", 2500, sales},
	{NULL, 0, NULL}};

static fq_session *session;
static fq_arena *fixture_arena;
static char catalog_path[4096];

static void
remove_catalog(void)
{
	unlink(catalog_path);
}

static void
die(const char *what, const fq_diags *d)
{
	const fq_diag *g = d != NULL && fq_diags_count(d) > 0 ? fq_diags_get(d, 0) : NULL;

	fprintf(stderr, "fuzz_planner: %s: %s\n", what, g != NULL ? g->message : "?");
	abort();
}

/* The fixture's tables as the connector would have listed them. */
static fq_pg_table *
make_tables(const fixture_table *ft, size_t *n)
{
	size_t count = 0;
	fq_pg_table *t;

	while (ft[count].name != NULL)
		count++;
	t = FQ_NEW_ARRAY(fixture_arena, fq_pg_table, count);
	for (size_t i = 0; i < count; i++)
	{
		int ncols = 0;

		while (ft[i].cols[ncols].name != NULL)
			ncols++;
		t[i].schema = "public";
		t[i].name = ft[i].name;
		t[i].relkind = 'r';
		t[i].remarks = "";
		t[i].est_rows = ft[i].rows;
		t[i].ncols = ncols;
		t[i].cols = FQ_NEW_ARRAY(fixture_arena, fq_pg_column, ncols);
		for (int c = 0; c < ncols; c++)
		{
			const fixture_col *fc = &ft[i].cols[c];
			fq_pg_column *pc = &t[i].cols[c];

			pc->name = fc->name;
			pc->ordinal = c + 1;
			fq_pg_map_type(fc->oid, fc->typmod, &pc->type, &pc->text_cast);
			pc->source_type = fc->source_type;
			pc->notnull = fc->notnull;
			pc->remarks = "";
			pc->ndistinct = fc->ndistinct;
			pc->case_ok = true;
		}
	}
	*n = count;
	return t;
}

static void
run_setup(const char *sql)
{
	fq_stmt *st = fq_stmt_new(session);

	if (st == NULL || fq_stmt_prepare(st, sql, strlen(sql)) < 0 || fq_stmt_execute(st) < 0)
		die(sql, st != NULL ? fq_stmt_diags(st) : NULL);
	fq_stmt_free(st);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *path = catalog_path;
	fq_diags *d = fq_diags_new();
	fq_pg_table *t;
	size_t n;

	(void) argc;
	(void) argv;
	/* A catalog file of its own in the working directory (run.sh runs the
	 * targets in their temporary directory), made afresh. */
	if (getcwd(path, sizeof(catalog_path) - 64) == NULL)
		strcpy(path, ".");
	snprintf(path + strlen(path), 64, "/fuzz-planner-catalog.%ld.json", (long) getpid());
	unlink(path);
	atexit(remove_catalog);
	if ((session = fq_session_new()) == NULL || (fixture_arena = fq_arena_new(NULL)) == NULL ||
		d == NULL)
		abort();
	if (fq_session_set_option(session, "CatalogFile", path) < 0 ||
		fq_session_set_option(session, "LoginTimeout", "1") < 0 ||
		fq_session_set_option(session, "UID", "fuzz") < 0 ||
		fq_session_connect(session) < 0)
		die("connect", fq_session_diags(session));
	run_setup("CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT 1");
	run_setup("CREATE EXTERNAL SCHEMA rds2 FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT 1");
	run_setup("CREATE EXTERNAL SCHEMA far FROM POSTGRES DATABASE 'wh' URI '127.0.0.2' PORT 1");
	t = make_tables(shop_tables, &n);
	if (fq_session_pin_tables(session, "rds", t, n, d) < 0 ||
		fq_session_pin_tables(session, "rds2", t, n, d) < 0)
		die("fixture", d);
	t = make_tables(far_tables, &n);
	if (fq_session_pin_tables(session, "far", t, n, d) < 0)
		die("fixture", d);
	fq_diags_free(d);
	return 0;
}

/*
 * A block that needs no column from its rows is deparsed "SELECT  FROM
 * ..." (a row of no columns without FROM, "(SELECT )") -- a select list of
 * no columns, which PostgreSQL takes (9.4 and later) and fedq's parser
 * does not: read it as one NULL column, which keeps the rest of the text
 * checked.
 */
static char *
no_empty_select_lists(fq_arena *a, const char *sql)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	const char *at;
	char *out;

	for (;;)
	{
		const char *from = strstr(sql, "SELECT  FROM ");
		const char *bare = strstr(sql, "(SELECT )"); /* a row of no columns, no FROM */

		at = from != NULL && (bare == NULL || from < bare) ? from : bare;
		if (at == NULL)
			break;
		fq_strbuf_appendn(&b, sql, (size_t) (at - sql));
		fq_strbuf_append(&b, at == from ? "SELECT NULL FROM " : "(SELECT NULL)");
		sql = at + strlen(at == from ? "SELECT  FROM " : "(SELECT )");
	}
	fq_strbuf_append(&b, sql);
	if (!fq_strbuf_ok(&b) || (out = fq_arena_strdup(a, fq_strbuf_str(&b))) == NULL)
		abort();
	fq_strbuf_free(&b);
	return out;
}

static void
must_parse(const fq_plan_remote *r, const char *sent, const char *what)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_diags *d = fq_diags_new();
	fq_parse_result res;
	const char *sql;

	if (a == NULL || d == NULL)
		abort();
	sql = no_empty_select_lists(a, sent);
	if (fq_parse(sql, strlen(sql), a, &res, d) < 0)
	{
		const fq_diag *g = fq_diags_count(d) > 0 ? fq_diags_get(d, 0) : NULL;

		/* PostgreSQL syntax fedq itself declines to run (LATERAL): the
		 * parser knew it and said so; anything else is a deparse bug. */
		if (g != NULL && strcmp(g->sqlstate, "0A000") == 0)
		{
			fq_diags_free(d);
			fq_arena_free(a);
			return;
		}
	}
	if (fq_diags_has_error(d) || res.stmt == NULL || res.foreign ||
		(!FQ_IS(res.stmt, FQ_N_STMT_SELECT) && !FQ_IS(res.stmt, FQ_N_STMT_SETOP)))
	{
		const fq_diag *g = fq_diags_count(d) > 0 ? fq_diags_get(d, 0) : NULL;

		fprintf(stderr, "fuzz_planner: %s for %s does not parse as a SELECT: %s\n%s\n", what,
				r->source->label, g != NULL ? g->message : "(no error)", sql);
		abort();
	}
	fq_diags_free(d);
	fq_arena_free(a);
}

/*
 * What a source would be sent — the statement deparsed as execution does
 * it, with parameters and subquery values (NULLs here) in place — parses
 * as one SELECT; and deparsing the subtree again for EXPLAIN gives the
 * text the plan holds.
 */
static void
check_remote(fq_stmt *st, const fq_plan_remote *r)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_diags *d = fq_diags_new();
	fq_exec_ctx ctx;
	fq_value *params;
	const char *sql;

	if (a == NULL || d == NULL)
		abort();
	if (r->sql == NULL || r->pushed == NULL)
		abort(); /* a RemoteQuery without its statement */
	if ((sql = fq_deparse(st, r->pushed, d)) != NULL && strcmp(sql, r->sql) != 0)
	{
		fprintf(stderr, "fuzz_planner: deparsing again differs:\n%s\n%s\n", r->sql, sql);
		abort();
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.st = st;
	ctx.s = st->s;
	ctx.arena = a;
	ctx.d = d;
	ctx.now_usecs = 788918400000000; /* 2025-01-01 */
	ctx.nparams = st->nparams;
	ctx.params = params = FQ_NEW_ARRAY(a, fq_value, st->nparams > 0 ? st->nparams : 1);
	ctx.ninit = st->ninitplans;
	ctx.initvals = FQ_NEW_ARRAY(a, fq_value, st->ninitplans > 0 ? st->ninitplans : 1);
	ctx.initdone = FQ_NEW_ARRAY(a, bool, st->ninitplans > 0 ? st->ninitplans : 1);
	if (ctx.params == NULL || ctx.initvals == NULL || ctx.initdone == NULL)
		abort();
	for (int i = 0; i < st->nparams; i++)
		params[i].isnull = true;
	/* the initplans' values, as if computed (NULL): no source runs them */
	for (int i = 0; i < st->ninitplans; i++)
	{
		ctx.initvals[i].type = st->initplans[i]->out[0].type;
		ctx.initvals[i].isnull = true;
		ctx.initdone[i] = true;
	}
	fq_diags_clear(d);
	if ((sql = fq_deparse_remote(st, r->pushed, &ctx, a, d)) != NULL)
		must_parse(r, sql, "the SQL sent");
	else if (!fq_diags_has_error(d))
		abort(); /* no SQL and no reason */
	fq_diags_free(d);
	fq_arena_free(a);
}

static void
walk_plan(fq_stmt *st, fq_plan *p)
{
	if (p == NULL)
		return;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
	{
		check_remote(st, (const fq_plan_remote *) p);
		return;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		walk_plan(st, *fq_plan_input(p, i));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fq_stmt *st = fq_stmt_new(session);
	char *sql = malloc(size + 1);

	if (st == NULL || sql == NULL)
		abort();
	memcpy(sql, data, size);
	sql[size] = '\0';
	if (fq_stmt_prepare(st, sql, size) < 0)
	{
		if (!fq_diags_has_error(fq_stmt_diags(st)))
			abort(); /* a failure must say why */
	}
	else if (st->kind == FQ_STMT_QUERY || st->kind == FQ_STMT_EXPLAIN)
	{
		fq_list *lines = NULL;

		if (st->plan == NULL)
			abort();
		if (fq_stmt_describe(st) < 0 && !fq_diags_has_error(fq_stmt_diags(st)))
			abort();
		walk_plan(st, st->plan);
		for (int i = 0; i < st->ninitplans; i++)
			walk_plan(st, st->initplans[i]);
		/* EXPLAIN of the plan, as the statement would show it. */
		if (st->exec_arena == NULL && (st->exec_arena = fq_arena_new(&st->acct)) == NULL)
			abort();
		if (fq_explain(st, st->plan, NULL, &lines, st->diags) < 0 &&
			!fq_diags_has_error(fq_stmt_diags(st)))
			abort();
		fq_arena_free(st->exec_arena);
		st->exec_arena = NULL;
		/* EXPLAIN without ANALYZE reads no source: run it whole. */
		if (st->kind == FQ_STMT_EXPLAIN && !st->explain_analyze && fq_stmt_execute(st) == FQ_OK)
		{
			const fq_batch *b;
			int rc;

			while ((rc = fq_stmt_fetch(st, &b)) > 0)
				;
			if (rc < 0 && !fq_diags_has_error(fq_stmt_diags(st)))
				abort();
		}
	}
	free(sql);
	fq_stmt_free(st);
	return 0;
}
