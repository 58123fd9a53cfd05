/*
 * torture.c — allocation-failure torture of the engine, as curl's torture
 * tests do it: a statement is run once to learn its result and how many
 * allocations it makes, then again with the 1st, 2nd, ... Nth allocation
 * failing (core/fault.h), and each time
 *
 *   - it must fail with 53200 (out of memory), or succeed with the same
 *     result (an allocation whose failure only costs speed, such as a
 *     cache entry, may fail quietly);
 *   - the same session must then run it again, unarmed, with the same
 *     result (the connection is still usable);
 *   - nothing may leak: in an AddressSanitizer build LeakSanitizer checks
 *     after every N (other builds: run it under valgrind, FQ_VALGRIND in
 *     tests/it/70-torture.sh), and no spill file may stay open
 *     (tests/spillfds.h).
 *
 *   torture [-o key=value]... [-a | -s SAMPLES] [SCENARIO...]
 *
 * -a tries every N (long); -s K (default 40) tries N = 1..15, the last
 * few, K spread evenly and K seeded random ones; -n N tries that N only
 * (to debug it: gdb -ex 'break fq_fault_alloc_failing' --args torture
 * ... -n N SCENARIO).  Scenarios (all by
 * default): join (a federated join with the warehouse), listing (the
 * catalog listings behind SQLTables/SQLColumns and information_schema),
 * create (CREATE EXTERNAL SCHEMA, dropped again after each success),
 * explain (EXPLAIN of the join), connect (a new session connecting to
 * the warehouse and, for the join, to the source), subplan, window and
 * rollup (fedq's own subqueries run per row, window and grouping sets
 * over rows of both), spillsort, spilljoin and spillagg (a sort, a
 * grace hash join and a hash aggregate past their share of a 1MB
 * MemoryLimit, in a session of their own, writing and reading temporary
 * files).  ${VAR} in statements comes from the
 * environment (FQ_PORT_remote).  Exit status 0 when every N passed.
 */
#include "core/fault.h"
#include "fq.h"
#include "spillfds.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

#define MAX_OPTS 32

static const char *opt_keys[MAX_OPTS];
static const char *opt_values[MAX_OPTS];
static int nopts;
static int failures;

typedef enum step_kind
{
	STEP_SQL,
	STEP_LIST_TABLES,
	STEP_LIST_COLUMNS,
	STEP_CONNECT        /* a new session: connect, run the join, free */
} step_kind;

typedef struct scenario
{
	const char *name;
	step_kind kind;
	const char *sql;     /* STEP_SQL */
	const char *undo;    /* run unarmed after each success, e.g. DROP SCHEMA */
	const char *memory_limit; /* a session of its own with this MemoryLimit */
} scenario;

#define JOIN_SQL \
	"SELECT r.r_name, count(*), sum(o.o_total) FROM rds.orders o " \
	"JOIN rds.customers c ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region " \
	"WHERE o.o_orderdate >= DATE '2024-06-01' GROUP BY r.r_name ORDER BY 1"

static const scenario scenarios[] = {
	{"join", STEP_SQL, JOIN_SQL, NULL, NULL},
	{"listing", STEP_LIST_TABLES, NULL, NULL, NULL},
	{"columns", STEP_LIST_COLUMNS, NULL, NULL, NULL},
	{"infoschema", STEP_SQL,
	 "SELECT table_schema, table_name, count(*) FROM information_schema.columns "
	 "WHERE table_schema IN ('rds', 'public') GROUP BY 1, 2 ORDER BY 1, 2", NULL, NULL},
	{"create", STEP_SQL,
	 "CREATE EXTERNAL SCHEMA tort FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' "
	 "PORT ${FQ_PORT_remote} SSLMODE 'prefer'", "DROP SCHEMA IF EXISTS tort", NULL},
	{"explain", STEP_SQL, "EXPLAIN " JOIN_SQL, NULL, NULL},
	{"connect", STEP_CONNECT, JOIN_SQL, NULL, NULL},
	/* fedq's own operators over rows of two sources: subqueries run per
	 * row, a window, grouping sets */
	{"subplan", STEP_SQL,
	 "SELECT o.o_id, (SELECT max(r.r_name) FROM public.regions r WHERE r.r_name > o.o_comment) "
	 "FROM rds.orders o WHERE o.o_id < 20 AND (o.o_status = 'F' OR EXISTS (SELECT 1 FROM "
	 "public.regions r WHERE r.r_manager > o.o_comment)) ORDER BY 1", NULL, NULL},
	{"window", STEP_SQL,
	 "SELECT r.r_name, o.o_id, row_number() OVER (PARTITION BY r.r_name ORDER BY o.o_total DESC, "
	 "o.o_id), sum(o.o_total) OVER (PARTITION BY r.r_name) FROM rds.orders o JOIN rds.customers c "
	 "ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region WHERE o.o_id < 60 "
	 "ORDER BY 1, 2", NULL, NULL},
	{"rollup", STEP_SQL,
	 "SELECT r.r_name, o.o_status, count(*), sum(o.o_total) FROM rds.orders o JOIN rds.customers c "
	 "ON c.c_id = o.o_custkey JOIN public.regions r ON r.r_code = c.c_region "
	 "GROUP BY ROLLUP (r.r_name, o.o_status) ORDER BY 1, 2", NULL, NULL},
	/* a LATERAL subquery run per row of the warehouse's, a recursive CTE
	 * run step by step in fedq: operators built and ended during the
	 * execution */
	{"lateral", STEP_SQL,
	 "SELECT r.r_code, x.n, x.top FROM public.regions r LEFT JOIN LATERAL (SELECT count(*) AS n, "
	 "max(c.c_id) AS top FROM rds.customers c WHERE c.c_region = r.r_code) x ON x.n > 0 "
	 "ORDER BY 1", NULL, NULL},
	{"recursive", STEP_SQL,
	 "WITH RECURSIVE t(n, code) AS (SELECT c_id, c_region FROM rds.customers WHERE c_id < 3 "
	 "UNION SELECT n + 1, r.r_code FROM t JOIN public.regions r ON r.r_code = t.code "
	 "WHERE n < 6) SELECT n, code FROM t ORDER BY 1, 2", NULL, NULL},
	/* operators past their share of MemoryLimit: spill files written,
	 * merged, partitioned and read back (exec/spill.c) */
	{"spillsort", STEP_SQL,
	 "SELECT o.o_id, s.s_id, o.o_comment FROM rds.orders o CROSS JOIN (SELECT s_id FROM "
	 "public.sales WHERE s_id <= 40) s ORDER BY o.o_comment DESC, s.s_id, o.o_id "
	 "LIMIT 5 OFFSET 30000", NULL, "1MB"},
	{"spilljoin", STEP_SQL,
	 "SELECT count(*), count(b.k), sum(a.k) FROM (SELECT o.o_id * 100 + s.s_id AS k, o.o_comment "
	 "FROM rds.orders o CROSS JOIN (SELECT s_id FROM public.sales WHERE s_id <= 40) s) a LEFT JOIN "
	 "(SELECT c.c_id * 300 + s.s_id AS k FROM rds.customers c CROSS JOIN (SELECT s_id FROM "
	 "public.sales WHERE s_id <= 150) s) b ON a.k = b.k", NULL, "1MB"},
	{"spillagg", STEP_SQL,
	 "SELECT count(*), sum(n), max(t) FROM (SELECT o.o_comment, s.s_id % 13, count(*) AS n, "
	 "max(o.o_priority || s.s_id) AS t FROM rds.orders o CROSS JOIN (SELECT s_id FROM "
	 "public.sales WHERE s_id <= 8) s GROUP BY 1, 2) x", NULL, "1MB"},
};

/* ---- Small helpers ---- */

static void
oom(void)
{
	fprintf(stderr, "torture: out of memory (its own)\n");
	exit(2);
}

/* sql with ${VAR} replaced from the environment (malloc'd). */
static char *
expand(const char *sql)
{
	size_t cap = strlen(sql) + 256;
	size_t len = 0;
	char *out = malloc(cap);

	if (out == NULL)
		oom();
	while (*sql)
	{
		const char *add = sql;
		size_t n = 1;
		const char *close;

		if (sql[0] == '$' && sql[1] == '{' && (close = strchr(sql, '}')) != NULL)
		{
			char name[128];
			const char *v;

			snprintf(name, sizeof(name), "%.*s", (int) (close - sql - 2), sql + 2);
			v = getenv(name);
			add = v != NULL ? v : "";
			n = strlen(add);
			sql = close + 1;
		}
		else
			sql++;
		if (len + n + 1 > cap)
		{
			char *grown = realloc(out, cap = 2 * (len + n + 1));

			if (grown == NULL)
				oom(); /* exits */
			out = grown;
		}
		memcpy(out + len, add, n);
		len += n;
	}
	out[len] = '\0';
	return out;
}

/* FNV-1a over the rows, a digest of a result. */
typedef struct digest
{
	uint64_t h;
	long rows;
} digest;

static void
digest_add(digest *g, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		g->h = (g->h ^ b[i]) * 1099511628211ULL;
}

static void
digest_str(digest *g, const char *s)
{
	digest_add(g, s != NULL ? s : "\x01", s != NULL ? strlen(s) + 1 : 1);
}

/* ---- Running one step ---- */

typedef struct outcome
{
	bool ok;
	char sqlstate[6];
	char message[512];
	digest result;
} outcome;

static void
failed_with(outcome *o, const fq_diags *d)
{
	const fq_diag *g = d != NULL && fq_diags_count(d) > 0 ? fq_diags_get(d, 0) : NULL;

	o->ok = false;
	snprintf(o->sqlstate, sizeof(o->sqlstate), "%s", g != NULL ? g->sqlstate : "?????");
	snprintf(o->message, sizeof(o->message), "%s", g != NULL ? g->message : "(no diagnostic)");
}

static void run_step(fq_session *s, const scenario *sc, outcome *o);

/* A session of its own: connect with the options, run sc->sql, free. */
static void
run_connect(const scenario *sc, outcome *o)
{
	fq_session *s = fq_session_new();
	scenario q = {sc->name, STEP_SQL, sc->sql, NULL, NULL};

	memset(o, 0, sizeof(*o));
	if (s == NULL)
	{
		snprintf(o->sqlstate, sizeof(o->sqlstate), "53200");
		snprintf(o->message, sizeof(o->message), "fq_session_new returned NULL");
		return;
	}
	for (int k = 0; k < nopts; k++)
		if (fq_session_set_option(s, opt_keys[k], opt_values[k]) < 0)
		{
			failed_with(o, fq_session_diags(s));
			fq_session_free(s);
			return;
		}
	if (fq_session_connect(s) < 0)
		failed_with(o, fq_session_diags(s));
	else
		run_step(s, &q, o);
	fq_session_free(s);
}

static void
run_step(fq_session *s, const scenario *sc, outcome *o)
{
	fq_stmt *st;
	char buf[512];

	if (sc->kind == STEP_CONNECT)
	{
		run_connect(sc, o);
		return;
	}
	st = fq_stmt_new(s);
	memset(o, 0, sizeof(*o));
	o->result.h = 14695981039346656037ULL;
	if (st == NULL)
	{
		o->ok = false;
		snprintf(o->sqlstate, sizeof(o->sqlstate), "53200");
		snprintf(o->message, sizeof(o->message), "fq_stmt_new returned NULL");
		return;
	}
	if (sc->kind == STEP_LIST_TABLES || sc->kind == STEP_LIST_COLUMNS)
	{
		const fq_table_info *t;
		const fq_column_info *c;
		size_t n;
		int rc = sc->kind == STEP_LIST_TABLES
			? fq_stmt_list_tables(st, NULL, NULL, &t, &n)
			: fq_stmt_list_columns(st, "rds", "%", NULL, &c, &n);

		if (rc < 0)
			failed_with(o, fq_stmt_diags(st));
		else
		{
			o->ok = true;
			o->result.rows = (long) n;
			for (size_t i = 0; i < n; i++)
				if (sc->kind == STEP_LIST_TABLES)
				{
					digest_str(&o->result, t[i].schema);
					digest_str(&o->result, t[i].name);
					digest_str(&o->result, t[i].kind);
				}
				else
				{
					digest_str(&o->result, c[i].table);
					digest_str(&o->result, c[i].name);
					digest_str(&o->result, c[i].type_name);
					digest_add(&o->result, &c[i].ordinal, sizeof(c[i].ordinal));
				}
		}
		fq_stmt_free(st);
		return;
	}
	{
		char *sql = expand(sc->sql);
		const fq_batch *b;
		int rc = 0;
		int ncols;

		if (fq_stmt_prepare(st, sql, strlen(sql)) < 0 || fq_stmt_execute(st) < 0 ||
			(ncols = fq_stmt_describe(st)) < 0)
		{
			failed_with(o, fq_stmt_diags(st));
			free(sql);
			fq_stmt_free(st);
			return;
		}
		free(sql);
		while (ncols > 0 && (rc = fq_stmt_fetch(st, &b)) > 0)
			for (uint32_t r = 0; r < b->nrows; r++, o->result.rows++)
				for (uint32_t k = 0; k < b->ncols; k++)
				{
					const fq_vector *v = &b->cols[k];

					if (v->nulls != NULL && v->nulls[r])
						digest_str(&o->result, NULL);
					else
					{
						fq_format_value(v, r, buf, sizeof(buf), false);
						digest_str(&o->result, buf);
					}
				}
		if (rc < 0)
			failed_with(o, fq_stmt_diags(st));
		else
			o->ok = true;
	}
	fq_stmt_free(st);
}

static void
run_undo(fq_session *s, const scenario *sc)
{
	scenario u = {"undo", STEP_SQL, sc->undo, NULL, NULL};
	outcome o;

	if (sc->undo == NULL)
		return;
	run_step(s, &u, &o);
	if (!o.ok)
	{
		fprintf(stderr, "torture: %s: the undo statement failed: [%s] %s\n", sc->name,
				o.sqlstate, o.message);
		exit(2);
	}
}

static bool
same(const outcome *a, const outcome *b)
{
	return a->ok == b->ok && a->result.h == b->result.h && a->result.rows == b->result.rows;
}

static void
problem(const scenario *sc, long n, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s N=%ld: ", sc->name, n);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

/* One N: armed run, checks, unarmed run.  False once N is past the last
 * allocation the statement makes (the armed failure never came). */
static bool
torture_one(fq_session *s, const scenario *sc, const outcome *ref, long n)
{
	outcome o;
	outcome again;
	bool fired;

	fq_fault_alloc_arm(n);
	run_step(s, sc, &o);
	fq_fault_alloc_disarm();
	fired = fq_fault_alloc_fired();
	/* the statement is freed: its spill files are closed, whatever failed */
	if (open_spill_files() > 0)
		problem(sc, n, "%d spill files still open after the statement was freed",
				open_spill_files());
	if (!o.ok && strcmp(o.sqlstate, "53200") != 0)
		problem(sc, n, "failed with [%s] %s, not 53200", o.sqlstate, o.message);
	else if (o.ok && !same(&o, ref))
		problem(sc, n, "succeeded with another result (%ld rows)", o.result.rows);
	else if (!o.ok && !fired)
		problem(sc, n, "failed with 53200 but no allocation was made to fail");
	if (o.ok)
		run_undo(s, sc);
	run_step(s, sc, &again);
	if (!same(&again, ref))
		problem(sc, n, "the next run %s", again.ok ? "gave another result"
												  : "failed");
	if (!again.ok)
		fprintf(stderr, "    [%s] %s\n", again.sqlstate, again.message);
	if (again.ok)
		run_undo(s, sc);
	if (LEAK_CHECK())
		problem(sc, n, "memory leaked (LeakSanitizer's report above)");
	return fired;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *) a;
	long y = *(const long *) b;

	return x < y ? -1 : x > y;
}

static long only_n; /* -n */

static void
torture(fq_session *s, const scenario *sc, bool all, int samples)
{
	outcome ref;
	long total;
	long tried = 0;

	run_step(s, sc, &ref);
	if (!ref.ok)
	{
		fprintf(stderr, "torture: %s does not run unarmed: [%s] %s\n", sc->name, ref.sqlstate,
				ref.message);
		failures++;
		return;
	}
	run_undo(s, sc);
	/* Count its allocations (a warm run: caches and connections as the
	 * tortured runs will find them). */
	fq_fault_alloc_arm(0);
	run_step(s, sc, &ref);
	fq_fault_alloc_disarm();
	total = fq_fault_alloc_count();
	run_undo(s, sc);
	if (only_n > 0)
	{
		torture_one(s, sc, &ref, only_n);
		tried++;
	}
	else if (all)
	{
		for (long n = 1; torture_one(s, sc, &ref, n); n++)
			tried++;
	}
	else
	{
		long *ns = malloc(sizeof(long) * (size_t) (3 * samples + 40));
		int k = 0;
		unsigned long seed = 12345;

		if (ns == NULL)
			oom();
		for (long n = 1; n <= 15 && n <= total; n++)
			ns[k++] = n;
		for (long n = total - 5; n <= total; n++)
			if (n > 15)
				ns[k++] = n;
		for (int i = 1; i <= samples; i++)
			if (total * i / (samples + 1) > 15)
				ns[k++] = total * i / (samples + 1);
		for (int i = 0; i < samples && total > 0; i++)
		{
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			ns[k++] = 1 + (long) ((seed >> 33) % (unsigned long) total);
		}
		qsort(ns, (size_t) k, sizeof(long), cmp_long);
		for (int i = 0; i < k; i++)
			if (i == 0 || ns[i] != ns[i - 1])
			{
				torture_one(s, sc, &ref, ns[i]);
				tried++;
			}
		free(ns);
	}
	printf("%s: %ld allocations, %ld tried\n", sc->name, total, tried);
	fflush(stdout);
}

/* A connected session with the -o options (and MemoryLimit, if given)
 * that sees the external schema the scenarios read; NULL after saying why. */
static fq_session *
open_session(const char *memory_limit)
{
	fq_session *s = fq_session_new();

	if (s == NULL)
		oom();
	for (int k = 0; k < nopts; k++)
		if (fq_session_set_option(s, opt_keys[k], opt_values[k]) < 0)
		{
			fprintf(stderr, "torture: %s: %s\n", opt_keys[k],
					fq_diags_get(fq_session_diags(s), 0)->message);
			fq_session_free(s);
			return NULL;
		}
	/* (fedq's own operators, not the warehouse, run the joins then) */
	if (memory_limit != NULL && (fq_session_set_option(s, "MemoryLimit", memory_limit) < 0 ||
								 fq_session_set_option(s, "ShipToWarehouse", "never") < 0))
	{
		fq_session_free(s);
		return NULL;
	}
	if (fq_session_connect(s) < 0)
	{
		fprintf(stderr, "torture: cannot connect: %s\n",
				fq_diags_get(fq_session_diags(s), 0)->message);
		fq_session_free(s);
		return NULL;
	}
	{
		/* The external schema the scenarios read. */
		scenario setup = {"setup", STEP_SQL,
						  "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' "
						  "URI '127.0.0.1' PORT ${FQ_PORT_remote}", NULL, NULL};
		outcome o;

		run_step(s, &setup, &o);
		if (!o.ok)
		{
			fprintf(stderr, "torture: setup: [%s] %s\n", o.sqlstate, o.message);
			fq_session_free(s);
			return NULL;
		}
	}
	return s;
}

int
main(int argc, char **argv)
{
	fq_session *s;
	bool all = false;
	int samples = 40;
	int i;
	bool any = false;

	for (i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && nopts < MAX_OPTS)
		{
			char *eq = strchr(argv[++i], '=');

			if (eq == NULL)
				return 2;
			*eq = '\0';
			opt_keys[nopts] = argv[i];
			opt_values[nopts++] = eq + 1;
		}
		else if (strcmp(argv[i], "-a") == 0)
			all = true;
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			samples = atoi(argv[++i]);
		else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			only_n = atol(argv[++i]);
		else
			break;
	}
	if ((s = open_session(NULL)) == NULL)
		return 2;
	for (size_t k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++)
	{
		bool wanted = i >= argc;

		for (int j = i; j < argc; j++)
			wanted = wanted || strcmp(argv[j], scenarios[k].name) == 0;
		if (!wanted)
			continue;
		any = true;
		if (scenarios[k].memory_limit != NULL)
		{
			fq_session *own = open_session(scenarios[k].memory_limit);

			if (own == NULL)
				return 2;
			torture(own, &scenarios[k], all, samples);
			fq_session_free(own);
			continue;
		}
		torture(s, &scenarios[k], all, samples);
	}
	fq_session_free(s);
	if (!any)
	{
		fprintf(stderr, "torture: no such scenario\n");
		return 2;
	}
	printf("%d failures\n", failures);
	return failures == 0 ? 0 : 1;
}
