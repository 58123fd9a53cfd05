/*
 * pgconn_test.c — the PostgreSQL connector against real servers.
 *
 * Run by tests/it/10-pg-connector.sh with the harness's environment:
 * FQ_PORT_remote (database "shop" with the fixture of
 * tests/harness/fixtures/remote.sql), FQ_PORT_warehouse (database
 * "warehouse"), FQ_PG_PASSWORD (the superuser "fedq").  Output is one line
 * per check ("ok"/"not ok"); the exit status is 1 when any check failed.
 */
#include "connectors/postgres/pg.h"
#include "core/arena.h"
#include "core/diag.h"
#include "types/types.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int failures;
static int checks;
static int port_remote;
static int port_warehouse;
static const char *password;

static void
check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void
show_diags(const fq_diags *d)
{
	for (int i = 0; i < fq_diags_count(d); i++)
	{
		const fq_diag *g = fq_diags_get(d, i);

		printf("#   [%s] %s", g->sqlstate, g->message);
		if (g->detail)
			printf(" | detail: %s", g->detail);
		if (g->hint)
			printf(" | hint: %s", g->hint);
		if (g->position)
			printf(" | position %d", g->position);
		printf("\n");
	}
}

/* The first error's record, or NULL. */
static const fq_diag *
first_error(const fq_diags *d)
{
	for (int i = 0; i < fq_diags_count(d); i++)
		if (fq_diags_get(d, i)->severity == FQ_SEV_ERROR)
			return fq_diags_get(d, i);
	return NULL;
}

static bool
has_state(const fq_diags *d, const char *state)
{
	const fq_diag *g = first_error(d);

	if (g == NULL || strcmp(g->sqlstate, state) != 0)
	{
		printf("# expected %s, got:\n", state);
		show_diags(d);
		return false;
	}
	return true;
}

static bool
message_has(const fq_diags *d, const char *what)
{
	const fq_diag *g = first_error(d);

	return g != NULL && strstr(g->message, what) != NULL;
}

static bool
any_text_has(const fq_diags *d, const char *what)
{
	for (int i = 0; i < fq_diags_count(d); i++)
	{
		const fq_diag *g = fq_diags_get(d, i);

		if (strstr(g->message, what) || (g->detail && strstr(g->detail, what)) ||
			(g->hint && strstr(g->hint, what)))
			return true;
	}
	return false;
}

static double
now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
ok_or_show(int rc, fq_diags *d)
{
	if (rc != FQ_OK)
		show_diags(d);
	return rc;
}

static fq_pg_conn *
connect_to(int port, const char *db, const char *pw, bool is_source, const char *label,
		   fq_diags *d)
{
	fq_pg_target t = {0};
	fq_pg_conn *c = NULL;

	t.host = "127.0.0.1";
	t.port = port;
	t.dbname = db;
	t.user = "fedq";
	t.password = pw;
	t.connect_timeout = 5;
	t.label = label;
	t.is_source = is_source;
	fq_diags_clear(d);
	if (fq_pg_connect(&t, &c, d) != FQ_OK)
		return NULL;
	return c;
}

/* A loopback port nothing listens on. */
static int
closed_port(void)
{
	struct sockaddr_in sa = {0};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0 ||
		getsockname(fd, (struct sockaddr *) &sa, &len) != 0)
	{
		perror("socket");
		exit(2);
	}
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* ---- Values out of vectors ---- */

static bool
is_null(const fq_batch *b, int col, uint32_t row)
{
	return b->cols[col].nulls != NULL && b->cols[col].nulls[row];
}

static int64_t
int_at(const fq_batch *b, int col, uint32_t row)
{
	const fq_vector *v = &b->cols[col];

	switch (v->type.id)
	{
		case FQ_T_BOOL:
			return ((const uint8_t *) v->data)[row];
		case FQ_T_INT2:
			return ((const int16_t *) v->data)[row];
		case FQ_T_INT4:
		case FQ_T_DATE:
			return ((const int32_t *) v->data)[row];
		default:
			return ((const int64_t *) v->data)[row];
	}
}

/* A NUMERIC value's unscaled integer at its own scale. */
static fq_int128
dec_at(const fq_batch *b, int col, uint32_t row)
{
	fq_int128 v = 0;
	int scale;

	fq_numeric_to_parts((const fq_numeric *) b->cols[col].data + row, false, &v, &scale);
	return v;
}

/* A NUMERIC value's text, as PostgreSQL prints it. */
static bool
dec_is(const fq_batch *b, int col, uint32_t row, const char *want)
{
	char got[128];

	fq_format_value(&b->cols[col], row, got, sizeof(got), false);
	if (strcmp(got, want) != 0)
	{
		printf("# column %d row %u: got %s, expected %s\n", col, row, got, want);
		return false;
	}
	return true;
}

static bool
str_is(const fq_batch *b, int col, uint32_t row, const char *s, size_t n)
{
	const fq_string *str = (const fq_string *) b->cols[col].data + row;

	if (str->len != n || memcmp(str->ptr, s, n) != 0)
	{
		printf("# column %d row %u: got \"%.*s\" (%u bytes), expected \"%.*s\"\n", col, row,
			   (int) str->len, str->ptr, str->len, (int) n, s);
		return false;
	}
	return true;
}

#define STR_IS(b, col, row, lit) str_is((b), (col), (row), (lit), sizeof(lit) - 1)

/* ---- Connecting ---- */

static void
test_connect(fq_diags *d)
{
	fq_pg_conn *c;
	int port = closed_port();
	char where[64];
	const fq_diag *g;

	c = connect_to(port_remote, "shop", password, true, "external schema \"rds\"", d);
	check(c != NULL, "connect to the remote");
	if (c == NULL)
	{
		show_diags(d);
		exit(1);
	}
	check(fq_pg_alive(c), "connection alive");
	check(fq_pg_server_version(c)[0] >= '1' && strchr(fq_pg_server_version(c), '.') != NULL,
		  "server version \"%s\"", fq_pg_server_version(c));
	check(strcmp(fq_pg_user(c), "fedq") == 0, "user");
	check(strcmp(fq_pg_database(c), "shop") == 0, "database");
	check(strcmp(fq_pg_label(c), "external schema \"rds\"") == 0, "label");
	fq_pg_disconnect(c);

	c = connect_to(port_remote, "shop", "not-the-password", true, "external schema \"rds\"", d);
	check(c == NULL && has_state(d, "28P01"), "wrong password gives 28P01");
	g = first_error(d);
	check(g != NULL && strcmp(g->odbc_state, "28000") == 0, "wrong password: ODBC state 28000");
	check(!any_text_has(d, "not-the-password") && !any_text_has(d, password),
		  "wrong password: no password in the message");
	check(message_has(d, "password authentication failed") &&
			  message_has(d, "external schema \"rds\""),
		  "wrong password: message names the failure and the schema");
	check(g != NULL && g->hint != NULL && strstr(g->hint, "secret") != NULL,
		  "wrong password: hint about the secret");
	show_diags(d);

	c = connect_to(port, "shop", password, true, "external schema \"rds\"", d);
	snprintf(where, sizeof(where), "127.0.0.1:%d", port);
	check(c == NULL && has_state(d, "08001"), "closed port gives 08001");
	check(message_has(d, where) && message_has(d, "connection refused") &&
			  message_has(d, "database \"shop\"") &&
			  message_has(d, "could not connect to external schema \"rds\""),
		  "closed port: message names host:port, database and reason");
	check(!message_has(d, "connection to server at"), "closed port: no libpq prefix");
	g = first_error(d);
	check(g != NULL && g->hint != NULL && strstr(g->hint, "PORT") != NULL,
		  "closed port: hint about URI and PORT");
	check(g != NULL && strchr(g->message, '\n') == NULL, "closed port: one line");
	show_diags(d);

	c = connect_to(port_remote, "nope_db", password, true, "external schema \"rds\"", d);
	check(c == NULL && has_state(d, "3D000"), "missing database gives 3D000");
	check(message_has(d, "nope_db"), "missing database: message names it");
	show_diags(d);

	c = connect_to(port_warehouse, "warehouse", "wrong-wh-pw", false, "the warehouse", d);
	check(c == NULL && has_state(d, "28P01") && !any_text_has(d, "wrong-wh-pw"),
		  "warehouse: wrong password");
	check(any_text_has(d, "UID and PWD"), "warehouse: hint names the connection keys");
}

/* ---- Metadata ---- */

static const fq_pg_table *
find_table(const fq_pg_table *t, size_t n, const char *schema, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].schema, schema) == 0 && strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

static const fq_pg_column *
find_col(const fq_pg_table *t, const char *name)
{
	for (int i = 0; t != NULL && i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

static bool
col_is(const fq_pg_table *t, const char *name, fq_type_id id, int32_t length, int prec,
	   int scale, bool text_cast, const char *source_type)
{
	const fq_pg_column *c = find_col(t, name);

	if (c == NULL)
	{
		printf("# no column %s\n", name);
		return false;
	}
	if (c->type.id != id || c->text_cast != text_cast ||
		strcmp(c->source_type, source_type) != 0 ||
		((id == FQ_T_CHAR || id == FQ_T_VARCHAR) && c->type.length != length) ||
		((id == FQ_T_DECIMAL || id == FQ_T_TIME || id == FQ_T_TIMESTAMP ||
		  id == FQ_T_TIMESTAMPTZ) && c->type.precision != prec) ||
		(id == FQ_T_DECIMAL && c->type.scale != scale))
	{
		printf("# column %s: id %d length %d precision %d scale %d text_cast %d source \"%s\"\n",
			   name, c->type.id, c->type.length, c->type.precision, c->type.scale,
			   c->text_cast, c->source_type);
		return false;
	}
	return true;
}

static void
test_metadata(fq_pg_conn *c, fq_diags *d)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_pg_meta_filter f = {0};
	fq_pg_table *t;
	size_t n;
	const fq_pg_table *orders;
	const fq_pg_table *all;
	const char **schemas;
	bool ok;
	int rc;

	f.schema = "public";
	fq_diags_clear(d);
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 5, "list public: 5 relations (%zu)", n);
	if (rc == FQ_OK && n == 5)
	{
		check(strcmp(t[0].name, "alltypes") == 0 && strcmp(t[1].name, "customers") == 0 &&
				  strcmp(t[2].name, "open_orders") == 0 && strcmp(t[3].name, "orders") == 0 &&
				  strcmp(t[4].name, "tags") == 0,
			  "list public: sorted names");
		check(t[0].relkind == 'r' && t[2].relkind == 'v', "list public: relkinds");
		check(t[0].ncols == 0 && t[0].cols == NULL, "list public: no columns unless asked");
		check(strcmp(t[3].schema, "public") == 0 && strcmp(t[3].remarks, "") == 0,
			  "list public: schema and empty remarks");
		/* The fixture analyses orders: the statistics' row count. */
		check(t[3].est_rows == 1000, "list public: orders has 1000 rows by its statistics (%g)",
			  t[3].est_rows);
	}

	f.want_columns = true;
	fq_arena_reset(a);
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 5, "list public with columns");
	orders = find_table(t, n, "public", "orders");
	all = find_table(t, n, "public", "alltypes");
	check(orders != NULL && orders->ncols == 7, "orders has 7 columns");
	if (orders != NULL && orders->ncols == 7)
	{
		ok = true;
		for (int i = 0; i < 7; i++)
			ok = ok && orders->cols[i].ordinal == i + 1;
		check(ok && strcmp(orders->cols[0].name, "o_id") == 0 &&
				  strcmp(orders->cols[6].name, "o_comment") == 0,
			  "orders: ordinal order");
		check(orders->cols[0].notnull && orders->cols[3].notnull && !orders->cols[5].notnull &&
				  !orders->cols[6].notnull,
			  "orders: notnull");
		check(orders->cols[0].default_expr == NULL && strcmp(orders->cols[0].remarks, "") == 0,
			  "orders: no default, no remarks");
	}
	check(col_is(orders, "o_id", FQ_T_INT4, 0, 0, 0, false, "integer"), "o_id integer");
	check(col_is(orders, "o_status", FQ_T_CHAR, 1, 0, 0, false, "character(1)"),
		  "o_status char(1)");
	check(col_is(orders, "o_total", FQ_T_DECIMAL, 0, 12, 2, false, "numeric(12,2)"),
		  "o_total numeric(12,2)");
	check(col_is(orders, "o_orderdate", FQ_T_DATE, 0, 0, 0, false, "date"), "o_orderdate date");
	check(col_is(orders, "o_priority", FQ_T_VARCHAR, -1, 0, 0, false, "text"),
		  "o_priority text");
	check(col_is(orders, "o_comment", FQ_T_VARCHAR, 79, 0, 0, false, "character varying(79)"),
		  "o_comment varchar(79)");
	check(orders != NULL && orders->cols[0].ndistinct == 0,
		  "no distinct counts unless asked for");
	check(all != NULL && all->ncols == 23, "alltypes has 23 columns");
	check(col_is(all, "c_bool", FQ_T_BOOL, 0, 0, 0, false, "boolean"), "c_bool");
	check(col_is(all, "c_int2", FQ_T_INT2, 0, 0, 0, false, "smallint"), "c_int2");
	check(col_is(all, "c_int8", FQ_T_INT8, 0, 0, 0, false, "bigint"), "c_int8");
	check(col_is(all, "c_num", FQ_T_DECIMAL, 0, 20, 4, false, "numeric(20,4)"), "c_num");
	check(col_is(all, "c_numu", FQ_T_DECIMAL, 0, 0, 0, false, "numeric"),
		  "c_numu unconstrained: NUMERIC without (p,s)");
	check(col_is(all, "c_real", FQ_T_FLOAT4, 0, 0, 0, false, "real"), "c_real");
	check(col_is(all, "c_double", FQ_T_FLOAT8, 0, 0, 0, false, "double precision"), "c_double");
	check(col_is(all, "c_char", FQ_T_CHAR, 5, 0, 0, false, "character(5)"), "c_char");
	check(col_is(all, "c_varchar", FQ_T_VARCHAR, 20, 0, 0, false, "character varying(20)"),
		  "c_varchar");
	check(col_is(all, "c_text", FQ_T_VARCHAR, -1, 0, 0, false, "text"), "c_text");
	check(col_is(all, "c_time", FQ_T_TIME, 0, 6, 0, false, "time without time zone"), "c_time");
	check(col_is(all, "c_ts", FQ_T_TIMESTAMP, 0, 6, 0, false, "timestamp without time zone"),
		  "c_ts");
	check(col_is(all, "c_tstz", FQ_T_TIMESTAMPTZ, 0, 6, 0, false, "timestamp with time zone"),
		  "c_tstz");
	check(col_is(all, "c_interval", FQ_T_INTERVAL, 0, 0, 0, false, "interval"), "c_interval");
	check(col_is(all, "c_uuid", FQ_T_UUID, 0, 0, 0, false, "uuid"), "c_uuid");
	check(col_is(all, "c_bytea", FQ_T_BYTEA, 0, 0, 0, false, "bytea"), "c_bytea");
	check(col_is(all, "c_jsonb", FQ_T_VARCHAR, -1, 0, 0, true, "jsonb"), "c_jsonb as text");
	check(col_is(all, "c_intarr", FQ_T_VARCHAR, -1, 0, 0, true, "integer[]"),
		  "c_intarr as text");
	check(col_is(all, "c_inet", FQ_T_VARCHAR, -1, 0, 0, true, "inet"), "c_inet as text");
	check(col_is(all, "c_mood", FQ_T_VARCHAR, -1, 0, 0, true, "public.mood"),
		  "c_mood (enum) as text");

	/* LIKE patterns */
	memset(&f, 0, sizeof(f));
	f.table_like = "o%";
	fq_arena_reset(a);
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 2 && strcmp(t[0].name, "open_orders") == 0 &&
			  strcmp(t[1].name, "orders") == 0,
		  "table LIKE 'o%%'");
	f.table_like = "%\\_orders";
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 1 && strcmp(t[0].name, "open_orders") == 0,
		  "table LIKE '%%\\_orders' (escaped underscore)");
	memset(&f, 0, sizeof(f));
	f.schema_like = "Mixed%";
	f.want_columns = true;
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 1 && strcmp(t[0].schema, "Mixed Case") == 0 &&
			  strcmp(t[0].name, "Items") == 0 && t[0].ncols == 2 &&
			  strcmp(t[0].cols[0].name, "ItemId") == 0,
		  "schema LIKE 'Mixed%%': \"Mixed Case\".\"Items\"");
	memset(&f, 0, sizeof(f));
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && find_table(t, n, "Mixed Case", "Items") != NULL &&
			  find_table(t, n, "pg_catalog", "pg_class") == NULL,
		  "all tables: user schemas, no pg_catalog");
	f.schema = "pg_catalog";
	f.table = "pg_class";
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 1, "pg_catalog when named exactly");
	memset(&f, 0, sizeof(f));
	f.schema = "public";
	f.table = "no_such";
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 0, "no match: empty list");
	/* Planning asks for the statistics: distinct values per column. */
	f.table = "orders";
	f.want_columns = true;
	f.want_stats = true;
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 1 && t[0].ncols == 7 && t[0].est_rows == 1000,
		  "orders with statistics");
	if (rc == FQ_OK && n == 1 && t[0].ncols == 7)
	{
		check(find_col(&t[0], "o_id")->ndistinct == 1000, "o_id: 1000 distinct (%g)",
			  find_col(&t[0], "o_id")->ndistinct);
		check(find_col(&t[0], "o_status")->ndistinct == 3, "o_status: 3 distinct (%g)",
			  find_col(&t[0], "o_status")->ndistinct);
		check(find_col(&t[0], "o_custkey")->ndistinct == 100, "o_custkey: 100 distinct (%g)",
			  find_col(&t[0], "o_custkey")->ndistinct);
	}

	rc = ok_or_show(fq_pg_list_schemas(c, NULL, false, a, &schemas, &n, d), d);
	ok = rc == FQ_OK;
	for (size_t i = 0; ok && i < n; i++)
		ok = strcmp(schemas[i], "pg_catalog") != 0 && strncmp(schemas[i], "pg_toast", 8) != 0;
	/* coll, rnd and rndw hold the collation test's words and the random
	 * tester's tables, exact and whexact the exactness fixtures
	 * (tests/harness/servers.sh). */
	{
		static const char *const want[] = {"Mixed Case", "coll", "exact", "public",
										   "rnd", "rndw", "wh", "whexact"};

		ok = ok && n == sizeof(want) / sizeof(want[0]);
		for (size_t i = 0; ok && i < n; i++)
			ok = strcmp(schemas[i], want[i]) == 0;
		check(ok, "schemas: \"Mixed Case\", coll, exact, public, rnd, rndw, wh, whexact (%zu)", n);
	}
	rc = ok_or_show(fq_pg_list_schemas(c, "pg_catalog", false, a, &schemas, &n, d), d);
	check(rc == FQ_OK && n == 1, "schemas: pg_catalog when named");
	rc = ok_or_show(fq_pg_list_schemas(c, "pub%", false, a, &schemas, &n, d), d);
	check(rc == FQ_OK && n == 1 && strcmp(schemas[0], "public") == 0, "schemas LIKE 'pub%%'");
	rc = ok_or_show(fq_pg_list_schemas(c, "PUB%", false, a, &schemas, &n, d), d);
	check(rc == FQ_OK && n == 0, "schemas LIKE 'PUB%%': none");
	rc = ok_or_show(fq_pg_list_schemas(c, "PUB%", true, a, &schemas, &n, d), d);
	check(rc == FQ_OK && n == 1 && strcmp(schemas[0], "public") == 0, "schemas ILIKE 'PUB%%'");
	rc = ok_or_show(fq_pg_list_schemas(c, "PG_CATALOG", true, a, &schemas, &n, d), d);
	check(rc == FQ_OK && n == 1, "schemas: pg_catalog when named, in any case");

	/* Partitions, domains, defaults, comments, dropped columns: made in a
	 * transaction that is rolled back, so other tests never see them. */
	rc = ok_or_show(fq_pg_command(c,
		"BEGIN;"
		"CREATE SCHEMA pgconn_t;"
		"CREATE DOMAIN pgconn_t.money2 AS numeric(10,2);"
		"CREATE DOMAIN pgconn_t.email AS varchar(64);"
		"CREATE DOMAIN pgconn_t.email2 AS pgconn_t.email;"
		"CREATE TABLE pgconn_t.events (id bigint PRIMARY KEY, gone int, at timestamp(3) DEFAULT now(),"
		" amount pgconn_t.money2, who pgconn_t.email2, big numeric(50,45), neg numeric(5,-2),"
		" t time(0), flag \"char\", tz timetz, b bit(3), x xml) PARTITION BY RANGE (id);"
		"ALTER TABLE pgconn_t.events DROP COLUMN gone;"
		"COMMENT ON TABLE pgconn_t.events IS 'all events';"
		"COMMENT ON COLUMN pgconn_t.events.amount IS 'in euros';"
		"CREATE TABLE pgconn_t.events_1 PARTITION OF pgconn_t.events FOR VALUES FROM (0) TO (100);"
		"CREATE TABLE pgconn_t.events_2 PARTITION OF pgconn_t.events FOR VALUES FROM (100) TO (200);"
		"CREATE MATERIALIZED VIEW pgconn_t.mv AS SELECT 1 AS one;"
		"CREATE TABLE pgconn_t.empty ();", d), d);
	check(rc == FQ_OK, "create partitioned table in a transaction");
	memset(&f, 0, sizeof(f));
	f.schema = "pgconn_t";
	f.want_columns = true;
	fq_arena_reset(a);
	rc = ok_or_show(fq_pg_list_tables(c, &f, a, &t, &n, d), d);
	check(rc == FQ_OK && n == 3, "partitions excluded (%zu tables)", n);
	if (rc == FQ_OK && n == 3)
	{
		const fq_pg_table *ev = find_table(t, n, "pgconn_t", "events");
		const fq_pg_table *mv = find_table(t, n, "pgconn_t", "mv");
		const fq_pg_table *em = find_table(t, n, "pgconn_t", "empty");
		const fq_pg_column *col;

		check(ev != NULL && ev->relkind == 'p' && strcmp(ev->remarks, "all events") == 0,
			  "partitioned table: relkind p, remarks");
		check(mv != NULL && mv->relkind == 'm' && mv->ncols == 1, "materialized view");
		check(em != NULL && em->ncols == 0, "table without columns");
		check(ev != NULL && ev->ncols == 11, "dropped column skipped");
		if (ev != NULL && ev->ncols == 11)
		{
			check(strcmp(ev->cols[1].name, "at") == 0 && ev->cols[1].ordinal == 2,
				  "ordinals count live columns");
			check(ev->cols[1].default_expr != NULL &&
					  strstr(ev->cols[1].default_expr, "now()") != NULL,
				  "default expression \"%s\"",
				  ev->cols[1].default_expr ? ev->cols[1].default_expr : "(null)");
			check(col_is(ev, "at", FQ_T_TIMESTAMP, 0, 3, 0, false,
						 "timestamp(3) without time zone"),
				  "timestamp(3) keeps its precision");
			col = find_col(ev, "amount");
			check(col_is(ev, "amount", FQ_T_DECIMAL, 0, 10, 2, false, "pgconn_t.money2") &&
					  strcmp(col->remarks, "in euros") == 0,
				  "domain maps as its base type, column remarks");
			check(col_is(ev, "who", FQ_T_VARCHAR, 64, 0, 0, false, "pgconn_t.email2"),
				  "domain over domain");
			check(col_is(ev, "big", FQ_T_DECIMAL, 0, 50, 45, false, "numeric(50,45)"),
				  "numeric(50,45) as declared");
			check(col_is(ev, "neg", FQ_T_DECIMAL, 0, 5, -2, false, "numeric(5,-2)"),
				  "numeric(5,-2) as declared");
			check(col_is(ev, "t", FQ_T_TIME, 0, 0, 0, false, "time(0) without time zone"),
				  "time(0)");
			check(col_is(ev, "flag", FQ_T_CHAR, 1, 0, 0, true, "\"char\""),
				  "\"char\" -> CHAR(1) via text");
			check(col_is(ev, "tz", FQ_T_VARCHAR, -1, 0, 0, true, "time(6) with time zone") ||
					  col_is(ev, "tz", FQ_T_VARCHAR, -1, 0, 0, true, "time with time zone"),
				  "timetz as text");
			check(col_is(ev, "b", FQ_T_VARCHAR, -1, 0, 0, true, "bit(3)"), "bit as text");
			check(col_is(ev, "x", FQ_T_VARCHAR, -1, 0, 0, true, "xml"), "xml as text");
			check(find_col(ev, "id")->notnull, "primary key is not null");
		}
	}
	rc = ok_or_show(fq_pg_command(c, "ROLLBACK", d), d);
	check(rc == FQ_OK, "rolled back");
	fq_arena_free(a);
}

/* ---- Scans ---- */

/* Scans select_sql to the end; returns rows, or -1 with the error in d. */
typedef void (*batch_fn)(const fq_batch *b, void *arg);

static int64_t
scan_all(fq_pg_conn *c, const char *sql, const fq_type *types, const char *const *names,
		 int ncols, batch_fn fn, void *arg, int *nbatches, fq_diags *d)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_pg_scan *s;
	fq_batch b;
	int64_t rows = 0;
	int r;

	fq_diags_clear(d);
	if (nbatches)
		*nbatches = 0;
	if (fq_pg_scan_open(c, sql, types, names, ncols, &s, d) != FQ_OK)
	{
		fq_arena_free(a);
		return -1;
	}
	while ((r = fq_pg_scan_next(s, a, &b, d)) == 1)
	{
		rows += b.nrows;
		if (nbatches)
			(*nbatches)++;
		if (fn)
			fn(&b, arg);
		fq_arena_reset(a);
	}
	if (r == 0 && (uint64_t) rows != fq_pg_scan_rows(s))
		rows = -2;
	fq_pg_scan_close(s);
	fq_arena_free(a);
	return r == 0 ? rows : -1;
}

typedef struct order_sums
{
	int64_t id;
	int64_t custkey;
	fq_int128 total;
	int64_t null_comments;
	int64_t comment_len;
	int64_t days;
	int64_t priority_len;
	int64_t status_o;
} order_sums;

static void
sum_orders(const fq_batch *b, void *arg)
{
	order_sums *s = arg;

	for (uint32_t i = 0; i < b->nrows; i++)
	{
		const fq_string *st = (const fq_string *) b->cols[2].data + i;

		s->id += int_at(b, 0, i);
		s->custkey += int_at(b, 1, i);
		if (st->len == 1 && st->ptr[0] == 'O')
			s->status_o++;
		s->total += dec_at(b, 3, i);
		s->days += int_at(b, 4, i);
		s->priority_len += ((const fq_string *) b->cols[5].data)[i].len;
		if (is_null(b, 6, i))
			s->null_comments++;
		else
			s->comment_len += ((const fq_string *) b->cols[6].data)[i].len;
	}
}

static void
test_scan_orders(fq_pg_conn *c, fq_diags *d)
{
	fq_type types[7];
	const char *names[7] = {"o_id", "o_custkey", "o_status", "o_total", "o_orderdate",
							"o_priority", "o_comment"};
	order_sums s = {0};
	int64_t rows;
	int rc;

	types[0] = fq_type_make(FQ_T_INT4);
	types[1] = fq_type_make(FQ_T_INT4);
	types[2] = fq_type_char(1);
	types[3] = fq_type_decimal(12, 2);
	types[4] = fq_type_make(FQ_T_DATE);
	types[5] = fq_type_varchar(-1);
	types[6] = fq_type_varchar(79);
	rows = scan_all(c,
					"SELECT \"o_id\", \"o_custkey\", \"o_status\", \"o_total\", \"o_orderdate\","
					" \"o_priority\", \"o_comment\" FROM \"public\".\"orders\" -- trailing comment",
					types, names, 7, sum_orders, &s, NULL, d);
	if (rows < 0)
		show_diags(d);
	check(rows == 1000, "scan orders: 1000 rows");
	check(s.id == 500500 && s.custkey == 50500, "scan orders: sum(o_id), sum(o_custkey)");
	check(s.total == 50959500, "scan orders: sum(o_total) = 509595.00");
	check(s.null_comments == 58 && s.comment_len == 19680, "scan orders: o_comment");
	check(s.days == 8947654, "scan orders: sum of dates");
	check(s.priority_len == 8400 && s.status_o == 334, "scan orders: strings");

	/* The same inside a read transaction, twice (savepoints in between). */
	rc = ok_or_show(fq_pg_begin_read(c, d), d);
	memset(&s, 0, sizeof(s));
	rows = scan_all(c, "SELECT o_id, o_custkey, o_status, o_total, o_orderdate, o_priority,"
					   " o_comment FROM public.orders", types, names, 7, sum_orders, &s, NULL, d);
	check(rc == FQ_OK && rows == 1000 && s.id == 500500, "scan in a read transaction");
	rows = scan_all(c, "SELECT o_id, o_custkey, o_status, o_total, o_orderdate, o_priority,"
					   " o_comment FROM public.orders WHERE o_id <= 10",
					types, names, 7, NULL, NULL, NULL, d);
	check(rows == 10, "second scan in the same transaction");
	rc = ok_or_show(fq_pg_end_read(c, d), d);
	check(rc == FQ_OK, "end_read commits");

	/* More rows than a batch. */
	{
		fq_type t1[2] = {fq_type_make(FQ_T_INT8), fq_type_varchar(-1)};
		const char *n1[2] = {"g", "s"};
		int nb;

		rows = scan_all(c, "SELECT g::int8, repeat('x', g % 50) FROM generate_series(1, 10000) g",
						t1, n1, 2, NULL, NULL, &nb, d);
		check(rows == 10000 && nb == 5, "10000 rows in 5 batches (%d)", nb);
	}
	/* No rows at all. */
	rows = scan_all(c, "SELECT o_id, o_custkey, o_status, o_total, o_orderdate, o_priority,"
					   " o_comment FROM public.orders WHERE false",
					types, names, 7, NULL, NULL, NULL, d);
	check(rows == 0, "empty scan");
}

static void
check_alltypes(const fq_batch *b, void *arg)
{
	static const uint8_t uuid1[16] = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8,
									  0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};
	static const uint8_t zero[16] = {0};
	int *seen = arg;
	const fq_interval *iv = b->cols[16].data;
	const fq_uuid *uu = b->cols[17].data;
	const float *fl = b->cols[7].data;
	const double *db = b->cols[8].data;
	fq_int128 big = (fq_int128) 1234567890123456789LL * 10 + 1; /* 12345678901234567891 */
	bool ok;

	check(b->nrows == 3, "alltypes: 3 rows");
	if (b->nrows != 3)
		return;
	*seen = 1;
	/* row 1 */
	check(int_at(b, 0, 0) == 1 && int_at(b, 1, 0) == 1 && int_at(b, 2, 0) == -32768 &&
			  int_at(b, 3, 0) == INT32_MIN && int_at(b, 4, 0) == INT64_MIN,
		  "row 1: bool and integer minima");
	check(dec_at(b, 5, 0) == -big, "row 1: numeric(20,4) -1234567890123456.7891");
	check(dec_is(b, 6, 0, "3.14159"), "row 1: unconstrained numeric 3.14159 with its own scale");
	check(fl[0] == 1.5f && db[0] == -2.25, "row 1: real, double");
	check(STR_IS(b, 9, 0, "ab   "), "row 1: char(5) blank-padded");
	check(STR_IS(b, 10, 0, "hello") && STR_IS(b, 11, 0, "long text \xc3\xa9"),
		  "row 1: varchar, text (UTF-8)");
	check(int_at(b, 12, 0) == 8825, "row 1: date 2024-02-29");
	check(int_at(b, 13, 0) == 49530123456LL, "row 1: time 13:45:30.123456");
	check(int_at(b, 14, 0) == 762529530500000LL, "row 1: timestamp");
	check(int_at(b, 15, 0) == 762529530000000LL, "row 1: timestamptz (UTC)");
	check(iv[0].months == 14 && iv[0].days == 3 && iv[0].usecs == 14706000000LL,
		  "row 1: interval 1 year 2 mons 3 days 04:05:06");
	check(memcmp(uu[0].bytes, uuid1, 16) == 0, "row 1: uuid");
	check(STR_IS(b, 18, 0, "\x00\xff\x10"), "row 1: bytea");
	check(STR_IS(b, 19, 0, "{\"a\": [1, 2]}"), "row 1: jsonb as text");
	check(STR_IS(b, 20, 0, "{1,2,3}") && STR_IS(b, 21, 0, "192.168.0.1/24") &&
			  STR_IS(b, 22, 0, "happy"),
		  "row 1: array, inet, enum as text");
	/* row 2 */
	check(int_at(b, 1, 1) == 0 && int_at(b, 2, 1) == 32767 && int_at(b, 3, 1) == INT32_MAX &&
			  int_at(b, 4, 1) == INT64_MAX,
		  "row 2: bool and integer maxima");
	check(dec_at(b, 5, 1) == (fq_int128) 9999999999999999999ULL * 10 + 9,
		  "row 2: numeric(20,4) 9999999999999999.9999");
	check(dec_is(b, 6, 1, "-0.5"), "row 2: unconstrained -0.5");
	check(isinf(fl[1]) && fl[1] > 0 && isnan(db[1]), "row 2: Infinity real, NaN double");
	check(STR_IS(b, 9, 1, "xyz  ") && STR_IS(b, 10, 1, "") && STR_IS(b, 11, 1, "") &&
			  !is_null(b, 10, 1),
		  "row 2: char, empty strings not NULL");
	check(int_at(b, 12, 1) == -730485, "row 2: date 0001-01-01 BC");
	check(int_at(b, 13, 1) == 0, "row 2: time 00:00:00");
	check(int_at(b, 14, 1) == INT64_MAX && int_at(b, 15, 1) == INT64_MIN,
		  "row 2: infinity, -infinity");
	check(iv[1].months == 0 && iv[1].days == -1 && iv[1].usecs == 0, "row 2: -1 days");
	check(memcmp(uu[1].bytes, zero, 16) == 0, "row 2: nil uuid");
	check(STR_IS(b, 18, 1, "") && !is_null(b, 18, 1), "row 2: empty bytea, not NULL");
	check(STR_IS(b, 19, 1, "null") && STR_IS(b, 20, 1, "{}") && STR_IS(b, 21, 1, "::1/128") &&
			  STR_IS(b, 22, 1, "sad"),
		  "row 2: text forms");
	/* row 3 */
	ok = !is_null(b, 0, 2) && int_at(b, 0, 2) == 3 && !is_null(b, 0, 0);
	for (int i = 1; i < 23; i++)
		ok = ok && is_null(b, i, 2) && !is_null(b, i, 0);
	check(ok, "row 3: NULL in every column but id");
}

static void
test_scan_alltypes(fq_pg_conn *c, fq_diags *d)
{
	fq_type types[23];
	const char *names[23] = {"id", "c_bool", "c_int2", "c_int4", "c_int8", "c_num", "c_numu",
							 "c_real", "c_double", "c_char", "c_varchar", "c_text", "c_date",
							 "c_time", "c_ts", "c_tstz", "c_interval", "c_uuid", "c_bytea",
							 "c_jsonb", "c_intarr", "c_inet", "c_mood"};
	int seen = 0;
	int64_t rows;

	types[0] = fq_type_make(FQ_T_INT4);
	types[1] = fq_type_make(FQ_T_BOOL);
	types[2] = fq_type_make(FQ_T_INT2);
	types[3] = fq_type_make(FQ_T_INT4);
	types[4] = fq_type_make(FQ_T_INT8);
	types[5] = fq_type_decimal(20, 4);
	types[6] = fq_type_decimal(38, 10);
	types[7] = fq_type_make(FQ_T_FLOAT4);
	types[8] = fq_type_make(FQ_T_FLOAT8);
	types[9] = fq_type_char(5);
	types[10] = fq_type_varchar(20);
	types[11] = fq_type_varchar(-1);
	types[12] = fq_type_make(FQ_T_DATE);
	types[13] = fq_type_make(FQ_T_TIME);
	types[14] = fq_type_make(FQ_T_TIMESTAMP);
	types[15] = fq_type_make(FQ_T_TIMESTAMPTZ);
	types[16] = fq_type_make(FQ_T_INTERVAL);
	types[17] = fq_type_make(FQ_T_UUID);
	types[18] = fq_type_make(FQ_T_BYTEA);
	for (int i = 19; i < 23; i++)
		types[i] = fq_type_varchar(-1);
	rows = scan_all(c,
					"SELECT id, c_bool, c_int2, c_int4, c_int8, c_num, c_numu, c_real, c_double,"
					" c_char, c_varchar, c_text, c_date, c_time, c_ts, c_tstz, c_interval, c_uuid,"
					" c_bytea, c_jsonb::text, c_intarr::text, c_inet::text, c_mood::text"
					" FROM public.alltypes ORDER BY id",
					types, names, 23, check_alltypes, &seen, NULL, d);
	if (rows < 0)
		show_diags(d);
	check(rows == 3 && seen, "scan alltypes");
}

typedef struct dec_case
{
	const char *sql;
	const char *expect; /* as PostgreSQL prints it */
} dec_case;

static void
dec_text(const fq_batch *b, void *arg)
{
	char *out = arg;

	fq_format_value(&b->cols[0], 0, out, 256, false);
}

/* NUMERIC arrives exactly as the source holds it: every value with its own
 * scale, any size, NaN and the infinities. */
static void
test_scan_numeric(fq_pg_conn *c, fq_diags *d)
{
	static const dec_case cases[] = {
		{"SELECT 1.23456789012345::numeric", "1.23456789012345"},
		{"SELECT -0.00005::numeric", "-0.00005"},
		{"SELECT 0.000::numeric", "0.000"},
		{"SELECT 12345678::numeric", "12345678"},
		{"SELECT 1e30::numeric", "1000000000000000000000000000000"},
		{"SELECT 99999999999999999999999999999999999999::numeric",
		 "99999999999999999999999999999999999999"},
		{"SELECT 123456789012345678901234567890123456789012345.678901234567890::numeric",
		 "123456789012345678901234567890123456789012345.678901234567890"},
		{"SELECT -0.000000000000000000000000000000000000000000000001::numeric",
		 "-0.000000000000000000000000000000000000000000000001"},
		{"SELECT 123456789012345678.9::numeric(30,1)", "123456789012345678.9"},
		{"SELECT 12.5::numeric(10,4)", "12.5000"},
		{"SELECT 'NaN'::numeric", "NaN"},
		{"SELECT 'Infinity'::numeric", "Infinity"},
		{"SELECT '-Infinity'::numeric", "-Infinity"},
		{"SELECT 1234500::numeric(5,-2)", "1234500"},
	};
	fq_type t = fq_type_make(FQ_T_DECIMAL);
	const char *name[1] = {"v"};
	int64_t rows;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char got[256] = "";

		rows = scan_all(c, cases[i].sql, &t, name, 1, dec_text, got, NULL, d);
		check(rows == 1 && strcmp(got, cases[i].expect) == 0, "%s gives %s (got %s)", cases[i].sql,
			  cases[i].expect, got);
	}
	/* Special and huge values in the middle of a long stream. */
	rows = scan_all(c, "SELECT CASE WHEN g % 1000 = 3 THEN 'NaN'::numeric WHEN g % 1000 = 4 "
					   "THEN 1e60::numeric + g ELSE g / 7.0 END FROM generate_series(1, 100000) g",
					&t, name, 1, NULL, NULL, NULL, d);
	check(rows == 100000, "100000 numerics with NaN and 61-digit values mid-stream");
}


static void
test_scan_errors(fq_pg_conn *c, fq_diags *d)
{
	fq_type t8 = fq_type_make(FQ_T_INT4);
	const char *nm[2] = {"x", "y"};
	int64_t rows;
	fq_type t2[2] = {fq_type_make(FQ_T_INT4), fq_type_make(FQ_T_INT4)};

	/* The deparser promised int4 but the server sends int8: 8 bytes. */
	rows = scan_all(c, "SELECT 1::int8 FROM generate_series(1, 5000)", &t8, nm, 1, NULL, NULL,
					NULL, d);
	check(rows < 0 && has_state(d, "XX001") && message_has(d, "\"x\""),
		  "wrong field length gives XX001");
	show_diags(d);
	check(fq_pg_command(c, "SELECT 1", d) == FQ_OK, "usable after XX001");
	rows = scan_all(c, "SELECT 1", t2, nm, 2, NULL, NULL, NULL, d);
	check(rows < 0 && first_error(d) != NULL, "column count mismatch is an error");
	check(fq_pg_command(c, "SELECT 1", d) == FQ_OK, "usable after a column count mismatch");
	rows = scan_all(c, "SELECT * FROM public.no_such_table", &t8, nm, 1, NULL, NULL, NULL, d);
	check(rows < 0 && has_state(d, "42P01") &&
			  message_has(d, "external schema \"rds\": relation \"public.no_such_table\" "
							 "does not exist"),
		  "remote error keeps SQLSTATE and names the source");
	check(first_error(d) != NULL && first_error(d)->position == 0,
		  "source errors carry no position");
	rows = scan_all(c, "SELECT 1 / (g - 3000) FROM generate_series(1, 5000) g", &t8, nm, 1,
					NULL, NULL, NULL, d);
	check(rows < 0 && has_state(d, "22012"), "division by zero mid-COPY gives 22012");
	check(fq_pg_command(c, "SELECT 1", d) == FQ_OK, "usable after a remote error");

	/* In a read transaction an error must not poison what follows. */
	check(fq_pg_begin_read(c, d) == FQ_OK, "begin read");
	rows = scan_all(c, "SELECT 1 / 0", &t8, nm, 1, NULL, NULL, NULL, d);
	check(rows < 0 && has_state(d, "22012"), "error inside a read transaction");
	rows = scan_all(c, "SELECT 7", &t8, nm, 1, NULL, NULL, NULL, d);
	check(rows == 1, "next scan in the same transaction works");
	check(ok_or_show(fq_pg_end_read(c, d), d) == FQ_OK, "end read");
}

static void
test_early_close(fq_pg_conn *c, fq_diags *d)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_type t[2] = {fq_type_make(FQ_T_INT4), fq_type_varchar(-1)};
	const char *nm[2] = {"g", "s"};
	fq_pg_scan *s;
	fq_batch b;
	double t0;
	int64_t rows;
	int r;

	fq_diags_clear(d);
	r = fq_pg_scan_open(c, "SELECT g, 'row ' || g FROM generate_series(1, 1000000) g", t, nm, 2,
						&s, d);
	check(r == FQ_OK, "open a scan of 1e6 rows");
	if (r != FQ_OK)
	{
		show_diags(d);
		return;
	}
	r = fq_pg_scan_next(s, a, &b, d);
	check(r == 1 && b.nrows == FQ_BATCH_ROWS && int_at(&b, 0, 0) == 1 &&
			  STR_IS(&b, 1, 2047, "row 2048"),
		  "first batch");
	check(fq_pg_scan_bytes(s) > 0 && fq_pg_scan_rows(s) == FQ_BATCH_ROWS, "rows and bytes");
	t0 = now_secs();
	fq_pg_scan_close(s);
	check(now_secs() - t0 < 5.0, "early close took %.2fs", now_secs() - t0);
	check(fq_pg_alive(c) && fq_pg_command(c, "SELECT 1", d) == FQ_OK,
		  "connection usable after an early close");
	rows = scan_all(c, "SELECT g FROM generate_series(1, 3) g", t, nm, 1, NULL, NULL, NULL, d);
	check(rows == 3, "a scan after an early close");

	/* The same inside a read transaction: the snapshot survives. */
	check(fq_pg_begin_read(c, d) == FQ_OK, "begin read");
	fq_arena_reset(a);
	r = fq_pg_scan_open(c, "SELECT g, 'row ' || g FROM generate_series(1, 1000000) g", t, nm, 2,
						&s, d);
	check(r == FQ_OK && fq_pg_scan_next(s, a, &b, d) == 1, "scan in a transaction");
	if (r == FQ_OK)
		fq_pg_scan_close(s);
	rows = scan_all(c, "SELECT g FROM generate_series(1, 3) g", t, nm, 1, NULL, NULL, NULL, d);
	if (rows < 0)
		show_diags(d);
	check(rows == 3, "next scan in the transaction after an early close");
	check(ok_or_show(fq_pg_end_read(c, d), d) == FQ_OK, "end read after an early close");
	/* Closing right after opening (nothing read). */
	r = fq_pg_scan_open(c, "SELECT g, 'x' FROM generate_series(1, 1000000) g", t, nm, 2, &s, d);
	if (r == FQ_OK)
		fq_pg_scan_close(s);
	check(r == FQ_OK && fq_pg_command(c, "SELECT 1", d) == FQ_OK, "close before any next");
	fq_arena_free(a);
}

typedef struct canceller
{
	fq_pg_conn *c;
	int delay_ms;
} canceller;

static void *
cancel_later(void *arg)
{
	canceller *k = arg;

	usleep((useconds_t) k->delay_ms * 1000);
	fq_pg_cancel(k->c);
	return NULL;
}

static void
test_cancel(fq_pg_conn *c, fq_diags *d)
{
	canceller k = {c, 300};
	pthread_t th;
	double t0;
	int rc;
	fq_type t = fq_type_make(FQ_T_INT4);
	const char *nm[1] = {"g"};
	int64_t rows;

	fq_diags_clear(d);
	pthread_create(&th, NULL, cancel_later, &k);
	t0 = now_secs();
	rc = fq_pg_command(c, "SELECT pg_sleep(10)", d);
	pthread_join(th, NULL);
	check(rc != FQ_OK && has_state(d, "57014"), "cancel gives 57014");
	check(now_secs() - t0 < 3.0, "cancel took %.2fs", now_secs() - t0);
	check(first_error(d) != NULL && strcmp(first_error(d)->odbc_state, "HY008") == 0,
		  "cancel: ODBC state HY008");
	check(fq_pg_command(c, "SELECT 1", d) == FQ_OK, "usable after cancel");

	pthread_create(&th, NULL, cancel_later, &k);
	t0 = now_secs();
	rows = scan_all(c, "SELECT g FROM generate_series(1, 3) g, pg_sleep(10)", &t, nm, 1, NULL,
					NULL, NULL, d);
	pthread_join(th, NULL);
	check(rows < 0 && has_state(d, "57014") && now_secs() - t0 < 3.0, "cancel a scan");
	check(fq_pg_command(c, "SELECT 1", d) == FQ_OK, "usable after a cancelled scan");
}

static void
test_broken(fq_pg_conn *c, fq_diags *d)
{
	fq_pg_conn *killer = connect_to(port_remote, "shop", password, true, "killer", d);
	fq_arena *a = fq_arena_new(NULL);
	fq_pg_result *r;
	fq_batch b;
	char sql[128];
	int pid = 0;

	if (fq_pg_exec_open(c, "SELECT pg_backend_pid()", 0, NULL, a, &r, d) == FQ_OK)
	{
		if (fq_pg_exec_next(r, a, &b, d) == 1)
			pid = (int) int_at(&b, 0, 0);
		fq_pg_exec_close(r);
	}
	check(killer != NULL && pid > 0, "backend pid %d", pid);
	if (killer == NULL || pid <= 0)
		return;
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)", pid);
	check(fq_pg_command(killer, sql, d) == FQ_OK, "terminate the backend");
	usleep(200 * 1000);
	fq_diags_clear(d);
	check(fq_pg_command(c, "SELECT 1", d) == FQ_ERROR && has_state(d, "08006") &&
			  message_has(d, "closed the connection"),
		  "terminated backend gives 08006");
	show_diags(d);
	check(first_error(d) != NULL && strcmp(first_error(d)->odbc_state, "08S01") == 0,
		  "08006 reports ODBC 08S01");
	check(!fq_pg_alive(c), "not alive after the server closed it");
	fq_diags_clear(d);
	check(fq_pg_command(c, "SELECT 1", d) == FQ_ERROR && has_state(d, "08006"),
		  "still 08006 afterwards");

	/* Terminated in the middle of a COPY. */
	{
		fq_pg_conn *v = connect_to(port_remote, "shop", password, true, "external schema \"rds\"", d);
		fq_type t[2] = {fq_type_make(FQ_T_INT4), fq_type_make(FQ_T_INT4)};
		const char *nm[2] = {"g", "pid"};
		fq_pg_scan *s = NULL;
		int rr = FQ_OK;
		int batches = 0;

		fq_arena_reset(a);
		check(v != NULL && fq_pg_scan_open(v, "SELECT g, pg_backend_pid() FROM generate_series(1, 5000000) g",
										   t, nm, 2, &s, d) == FQ_OK &&
				  fq_pg_scan_next(s, a, &b, d) == 1,
			  "scan to be terminated");
		if (s != NULL)
		{
			snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)", (int) int_at(&b, 1, 0));
			check(fq_pg_command(killer, sql, d) == FQ_OK, "terminate the scanning backend");
			while ((rr = fq_pg_scan_next(s, a, &b, d)) == 1 && batches < 100000)
			{
				batches++;
				fq_arena_reset(a);
			}
			check(rr == FQ_ERROR && has_state(d, "08006") && !fq_pg_alive(v),
				  "terminated mid-COPY: 08006, not alive (after %d batches)", batches);
			show_diags(d);
			fq_pg_scan_close(s);
		}
		if (v != NULL)
			fq_pg_disconnect(v);
	}
	fq_pg_disconnect(killer);
	fq_arena_free(a);
}

/* ---- Passthrough ---- */

typedef struct exec_out
{
	int64_t rows;
	int nbatches;
	fq_pg_result *r;
} exec_out;

/* Runs sql to the end; FQ_ERROR with the error in d. */
static int
exec_all(fq_pg_conn *c, const char *sql, int nparams, const char *const *params, fq_arena *a,
		 batch_fn fn, void *arg, exec_out *o, fq_diags *d)
{
	fq_arena *ba = fq_arena_new(NULL);
	fq_batch b;
	int r;

	memset(o, 0, sizeof(*o));
	fq_diags_clear(d);
	if (fq_pg_exec_open(c, sql, nparams, params, a, &o->r, d) != FQ_OK)
	{
		fq_arena_free(ba);
		return FQ_ERROR;
	}
	while ((r = fq_pg_exec_next(o->r, ba, &b, d)) == 1)
	{
		o->rows += b.nrows;
		o->nbatches++;
		if (fn)
			fn(&b, arg);
		fq_arena_reset(ba);
	}
	fq_arena_free(ba);
	return r == 0 ? FQ_OK : FQ_ERROR;
}

typedef struct gen_sums
{
	int64_t sum;
	int64_t nulls;
	fq_int128 qsum;
	int64_t days;
	int64_t strlen;
	int64_t ts_nonzero;
} gen_sums;

static void
sum_gen(const fq_batch *b, void *arg)
{
	gen_sums *s = arg;

	for (uint32_t i = 0; i < b->nrows; i++)
	{
		s->sum += int_at(b, 0, i);
		if (is_null(b, 1, i))
			s->nulls++;
		else
			s->strlen += ((const fq_string *) b->cols[1].data)[i].len;
		{
			/* each quotient with PostgreSQL's own scale, summed at 20 */
			fq_int128 v = 0;
			int scale = 0;

			fq_numeric_to_parts((const fq_numeric *) b->cols[2].data + i, false, &v, &scale);
			while (scale++ < 20)
				v *= 10;
			s->qsum += v;
		}
		s->days += int_at(b, 3, i);
		if (int_at(b, 4, i) != 0)
			s->ts_nonzero++;
	}
}

static void
first_int(const fq_batch *b, void *arg)
{
	int64_t *v = arg;

	if (b->nrows > 0)
		*v = int_at(b, 0, 0);
}

static void
test_passthrough(fq_pg_conn *w, fq_diags *d)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_column *cols;
	int ncols;
	int nparams;
	int rc;
	exec_out o;
	gen_sums s = {0};
	const fq_column *col;
	int64_t v;

	/* describe */
	fq_diags_clear(d);
	rc = ok_or_show(fq_pg_describe_sql(w, "SELECT r_code, r_name AS name, 1.5::numeric(5,2) AS x,"
										  " $1::int AS p, r_manager FROM public.regions"
										  " WHERE r_manager = $2",
									   a, &cols, &ncols, &nparams, d), d);
	check(rc == FQ_OK && ncols == 5 && nparams == 2, "describe: 5 columns, 2 parameters");
	if (rc == FQ_OK && ncols == 5)
	{
		check(strcmp(cols[0].name, "r_code") == 0 && cols[0].type.id == FQ_T_CHAR &&
				  cols[0].type.length == 4 && strcmp(cols[0].type_name, "character") == 0,
			  "describe: r_code character(4) (%s)", cols[0].type_name);
		check(strcmp(cols[1].name, "name") == 0 && cols[1].type.id == FQ_T_VARCHAR &&
				  cols[1].type.length == 30,
			  "describe: label and varchar(30)");
		check(cols[2].type.id == FQ_T_DECIMAL && cols[2].type.precision == 5 &&
				  cols[2].type.scale == 2 && strcmp(cols[2].type_name, "numeric") == 0,
			  "describe: numeric(5,2)");
		check(cols[3].type.id == FQ_T_INT4 && strcmp(cols[3].table, "") == 0,
			  "describe: integer expression has no base table");
		check(strcmp(cols[0].table, "regions") == 0 && strcmp(cols[0].schema, "public") == 0 &&
				  strcmp(cols[1].base_column, "r_name") == 0 &&
				  strcmp(cols[0].catalog, "warehouse") == 0,
			  "describe: base table of plain columns");
		check(cols[4].nullable == FQ_NULLABLE_UNKNOWN, "describe: nullable unknown");
	}
	rc = fq_pg_describe_sql(w, "SELECT x FROM public.nothing", a, &cols, &ncols, &nparams, d);
	check(rc == FQ_ERROR && has_state(d, "42P01") && first_error(d)->position == 15,
		  "describe error with position");
	fq_diags_clear(d);
	rc = ok_or_show(fq_pg_describe_sql(w, "SELECT 1; SELECT 2", a, &cols, &ncols, &nparams, d),
					d);
	check(rc == FQ_OK && ncols == 0, "describe of a script: no columns");
	rc = ok_or_show(fq_pg_describe_sql(w, "CREATE TEMP TABLE zz (a int)", a, &cols, &ncols,
									   &nparams, d), d);
	check(rc == FQ_OK && ncols == 0, "describe of DDL: no columns");

	/* SELECT across batch boundaries, with NULLs */
	rc = exec_all(w, "SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || i END AS s,"
					 " i::numeric / 4 AS q, date '2000-01-01' + i AS dt, now() AS ts"
					 " FROM generate_series(1, 5000) i",
				  0, NULL, a, sum_gen, &s, &o, d);
	if (rc != FQ_OK)
		show_diags(d);
	check(rc == FQ_OK && o.rows == 5000 && o.nbatches == 3, "exec: 5000 rows in 3 batches");
	check(s.sum == 12502500 && s.nulls == 714, "exec: values and NULLs");
	check(s.qsum == (fq_int128) 3125625 * 10000000000LL * 10000000000LL,
		  "exec: numeric quotients exact, each with its own scale");
	check(s.days == 12502500 && s.ts_nonzero == 5000, "exec: dates, timestamptz");
	if (o.r != NULL)
	{
		col = fq_pg_result_column(o.r, 1);
		check(fq_pg_result_ncols(o.r) == 5 && strcmp(col->name, "s") == 0 &&
				  col->type.id == FQ_T_VARCHAR && fq_pg_result_column(o.r, 9) == NULL,
			  "exec: result columns");
		check(fq_pg_result_column(o.r, 2)->type.id == FQ_T_DECIMAL &&
				  fq_pg_result_column(o.r, 2)->type.precision == 0 &&
				  fq_pg_result_column(o.r, 4)->type.id == FQ_T_TIMESTAMPTZ,
			  "exec: numeric and timestamptz columns");
		check(fq_pg_result_rowcount(o.r) == 5000, "exec: SELECT row count at the end");
		fq_pg_exec_close(o.r);
	}

	/* Parameters, NULL parameter, types read from text */
	{
		const char *params[2] = {"41", NULL};

		v = 0;
		rc = exec_all(w, "SELECT $1::int + 1, $2::text IS NULL, '\\x00ff'::bytea,"
						 " interval '1 day 2 hours', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid,"
						 " '{1,2}'::int[], 1.5::float8, true",
					  2, params, a, first_int, &v, &o, d);
		if (rc != FQ_OK)
			show_diags(d);
		check(rc == FQ_OK && o.rows == 1 && v == 42, "exec with parameters");
		if (o.r != NULL)
		{
			check(fq_pg_result_column(o.r, 5)->type.id == FQ_T_VARCHAR &&
					  fq_pg_result_column(o.r, 3)->type.id == FQ_T_INTERVAL &&
					  fq_pg_result_column(o.r, 2)->type.id == FQ_T_BYTEA,
				  "exec: interval, bytea, array columns");
			fq_pg_exec_close(o.r);
		}
	}

	/* Commands: DDL and DML with row counts, notices */
	rc = exec_all(w, "CREATE TEMP TABLE pt (a int, b text)", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_OK && o.r != NULL && fq_pg_result_ncols(o.r) == 0 &&
			  fq_pg_result_rowcount(o.r) == -1 && o.rows == 0,
		  "DDL: no columns, row count -1");
	fq_pg_exec_close(o.r);
	rc = exec_all(w, "INSERT INTO pt SELECT g, 'x' FROM generate_series(1, 10) g", 0, NULL, a,
				  NULL, NULL, &o, d);
	check(rc == FQ_OK && fq_pg_result_rowcount(o.r) == 10, "INSERT: row count 10");
	fq_pg_exec_close(o.r);
	{
		const char *params[1] = {"3"};

		rc = exec_all(w, "UPDATE pt SET b = 'y' WHERE a <= $1", 1, params, a, NULL, NULL, &o, d);
		check(rc == FQ_OK && fq_pg_result_rowcount(o.r) == 3, "UPDATE with a parameter: 3");
		fq_pg_exec_close(o.r);
	}
	rc = exec_all(w, "DROP TABLE IF EXISTS no_such_table_here", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_OK && fq_diags_count(d) >= 1 &&
			  fq_diags_get(d, 0)->severity == FQ_SEV_NOTICE &&
			  strstr(fq_diags_get(d, 0)->message, "skipping") != NULL &&
			  strcmp(fq_diags_get(d, 0)->odbc_state, "01000") == 0 &&
			  fq_diags_get(d, 0)->native_code == -1,
		  "DROP IF EXISTS: the server's notice, as SQLSTATE 01000 (native -1)");
	fq_pg_exec_close(o.r);

	/* Errors */
	rc = exec_all(w, "SELECT 1 FROM no_such_table", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "42P01") && first_error(d)->position == 15 &&
			  message_has(d, "the warehouse: relation \"no_such_table\" does not exist"),
		  "passthrough error with position 15");
	rc = exec_all(w, "SELECT 1 FROM WHERE", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "42601") && first_error(d)->position > 0,
		  "syntax error with position");
	rc = exec_all(w, "SELECT CASE WHEN g = 3000 THEN 1/0 ELSE g END FROM generate_series(1, 5000) g",
				  0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "22012"), "error after some rows");
	if (o.r)
		fq_pg_exec_close(o.r);
	rc = exec_all(w, "INSERT INTO pt VALUES ('x')", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "22P02") && first_error(d)->position > 0,
		  "bad input with position");

	/* Scripts: a result per statement, in order (fq_pg_exec_next_result) */
	{
		fq_arena *ba = fq_arena_new(NULL);
		fq_batch b;

		v = 0;
		rc = exec_all(w, "SELECT 1 AS a; SELECT 2 AS b", 0, NULL, a, first_int, &v, &o, d);
		check(rc == FQ_OK && o.rows == 1 && v == 1 &&
				  strcmp(fq_pg_result_column(o.r, 0)->name, "a") == 0,
			  "script: rows of the first statement");
		check(fq_pg_exec_next_result(o.r, a, d) == 1 &&
				  strcmp(fq_pg_result_column(o.r, 0)->name, "b") == 0 &&
				  fq_pg_exec_next(o.r, ba, &b, d) == 1 && b.nrows == 1 &&
				  fq_pg_exec_next(o.r, ba, &b, d) == 0,
			  "script: then the second statement's");
		check(fq_pg_exec_next_result(o.r, a, d) == 0 && fq_pg_result_finished(o.r),
			  "script: then none");
		fq_pg_exec_close(o.r);
		rc = exec_all(w, "CREATE TEMP TABLE m (x int); INSERT INTO m VALUES (1), (2);"
						 " SELECT x FROM m WHERE false; SELECT count(*)::int FROM m",
					  0, NULL, a, NULL, NULL, &o, d);
		check(rc == FQ_OK && fq_pg_result_ncols(o.r) == 0 && !fq_pg_result_finished(o.r),
			  "script: a command first");
		check(fq_pg_exec_next_result(o.r, a, d) == 1 && fq_pg_result_ncols(o.r) == 0 &&
				  fq_pg_result_rowcount(o.r) == 2,
			  "script: INSERT's row count");
		check(fq_pg_exec_next_result(o.r, a, d) == 1 && fq_pg_result_ncols(o.r) == 1 &&
				  fq_pg_exec_next(o.r, ba, &b, d) == 0,
			  "script: an empty result set");
		check(fq_pg_exec_next_result(o.r, a, d) == 1 && fq_pg_exec_next(o.r, ba, &b, d) == 1 &&
				  b.nrows == 1 && ((int32_t *) b.cols[0].data)[0] == 2,
			  "script: count(*) of the last statement");
		check(fq_pg_exec_next_result(o.r, a, d) == 0, "script: four results");
		fq_pg_exec_close(o.r);
		rc = exec_all(w, "INSERT INTO m VALUES (3); INSERT INTO m VALUES (4), (5)", 0, NULL, a,
					  NULL, NULL, &o, d);
		check(rc == FQ_OK && fq_pg_result_rowcount(o.r) == 1 &&
				  fq_pg_exec_next_result(o.r, a, d) == 1 && fq_pg_result_rowcount(o.r) == 2 &&
				  fq_pg_exec_next_result(o.r, a, d) == 0,
			  "script of commands: each row count");
		fq_pg_exec_close(o.r);
		rc = exec_all(w, "SELECT 1; SELECT 1/0; INSERT INTO m VALUES (6)", 0, NULL, a, NULL,
					  NULL, &o, d);
		check(rc == FQ_OK && o.rows == 1, "script: the rows before a failing statement");
		fq_diags_clear(d);
		check(fq_pg_exec_next_result(o.r, a, d) == FQ_ERROR && has_state(d, "22012"),
			  "script: the later error comes with the next result");
		check(fq_pg_exec_next_result(o.r, a, d) == 0, "script: nothing after the error");
		fq_pg_exec_close(o.r);
		check(fq_pg_command(w, "SELECT 1", d) == FQ_OK, "usable after a failed script");
		rc = exec_all(w, "SELECT g FROM generate_series(1, 5000) g; INSERT INTO m VALUES (7)",
					  0, NULL, a, NULL, NULL, &o, d);
		fq_pg_exec_close(o.r);
		v = 0;
		rc = exec_all(w, "SELECT count(*)::int FROM m WHERE x = 7", 0, NULL, a, first_int, &v,
					  &o, d);
		check(rc == FQ_OK && v == 1, "script: closing early runs the rest");
		fq_pg_exec_close(o.r);
		/* Read into memory: the connection is free, results still come. */
		rc = fq_pg_exec_open(w, "SELECT 1; SELECT g FROM generate_series(1, 3000) g; SELECT 1/0",
							 0, NULL, a, &o.r, d);
		check(rc == FQ_OK && fq_pg_exec_buffer(o.r, d) == FQ_OK &&
				  fq_pg_command(w, "SELECT 2", d) == FQ_OK,
			  "script read into memory: the connection is free");
		o.rows = 0;
		if (fq_pg_exec_next_result(o.r, a, d) == 1)
			while (fq_pg_exec_next(o.r, ba, &b, d) == 1)
				o.rows += b.nrows;
		check(o.rows == 3000, "script read into memory: the second result (%d rows)",
			  (int) o.rows);
		fq_diags_clear(d);
		check(fq_pg_exec_next_result(o.r, a, d) == FQ_ERROR && has_state(d, "22012"),
			  "script read into memory: the error after");
		fq_pg_exec_close(o.r);
		fq_arena_free(ba);
	}
	rc = exec_all(w, "COPY pt TO STDOUT", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "0A000"), "COPY TO STDOUT refused");
	rc = exec_all(w, "COPY pt FROM STDIN", 0, NULL, a, NULL, NULL, &o, d);
	check(rc == FQ_ERROR && has_state(d, "0A000"), "COPY FROM STDIN refused");
	check(fq_pg_command(w, "SELECT 1", d) == FQ_OK, "usable after COPY");

	/* Closing early: a plain SELECT is cancelled, DML is drained. */
	{
		fq_arena *ba = fq_arena_new(NULL);
		fq_pg_result *r;
		fq_batch b;
		double t0;

		rc = fq_pg_exec_open(w, "SELECT g, repeat('y', 100) FROM generate_series(1, 3000000) g",
							 0, NULL, a, &r, d);
		check(rc == FQ_OK && fq_pg_exec_next(r, ba, &b, d) == 1 && b.nrows == FQ_BATCH_ROWS,
			  "big SELECT: first batch");
		t0 = now_secs();
		if (rc == FQ_OK)
			fq_pg_exec_close(r);
		check(now_secs() - t0 < 5.0, "big SELECT closed early in %.2fs", now_secs() - t0);
		check(fq_pg_command(w, "SELECT 1", d) == FQ_OK, "usable after closing early");

		fq_arena_reset(ba);
		rc = fq_pg_exec_open(w, "INSERT INTO pt SELECT g, 'r' FROM generate_series(1, 5000) g"
								" RETURNING a",
							 0, NULL, a, &r, d);
		check(rc == FQ_OK && fq_pg_exec_next(r, ba, &b, d) == 1, "INSERT RETURNING: first batch");
		if (rc == FQ_OK)
			fq_pg_exec_close(r);
		v = 0;
		rc = exec_all(w, "SELECT count(*)::int FROM pt WHERE b = 'r'", 0, NULL, a, first_int, &v,
					  &o, d);
		check(rc == FQ_OK && v == 5000, "INSERT RETURNING closed early still inserted (%lld)",
			  (long long) v);
		fq_pg_exec_close(o.r);

		/* Inside the user's transaction: drained, the transaction lives. */
		check(fq_pg_command(w, "BEGIN", d) == FQ_OK, "BEGIN");
		fq_arena_reset(ba);
		rc = fq_pg_exec_open(w, "SELECT g FROM generate_series(1, 100000) g", 0, NULL, a, &r, d);
		check(rc == FQ_OK && fq_pg_exec_next(r, ba, &b, d) == 1, "SELECT in a transaction");
		if (rc == FQ_OK)
			fq_pg_exec_close(r);
		rc = exec_all(w, "INSERT INTO pt VALUES (-1, 'tx')", 0, NULL, a, NULL, NULL, &o, d);
		check(rc == FQ_OK, "transaction still usable after closing early");
		fq_pg_exec_close(o.r);
		check(ok_or_show(fq_pg_command(w, "COMMIT", d), d) == FQ_OK, "COMMIT");
		v = 0;
		rc = exec_all(w, "SELECT count(*)::int FROM pt WHERE b = 'tx'", 0, NULL, a, first_int, &v,
					  &o, d);
		check(rc == FQ_OK && v == 1, "committed");
		fq_pg_exec_close(o.r);
		fq_arena_free(ba);
	}

	/* Cancel a passthrough statement */
	{
		canceller k = {w, 300};
		pthread_t th;
		double t0 = now_secs();

		pthread_create(&th, NULL, cancel_later, &k);
		rc = exec_all(w, "SELECT pg_sleep(10)", 0, NULL, a, NULL, NULL, &o, d);
		pthread_join(th, NULL);
		check(rc == FQ_ERROR && has_state(d, "57014") && now_secs() - t0 < 3.0,
			  "cancel a passthrough statement");
	}
	check(fq_pg_alive(w) && fq_pg_command(w, "SELECT 1", d) == FQ_OK, "warehouse still usable");
	fq_arena_free(a);
}

static void
test_warehouse_settings(fq_pg_conn *w, fq_pg_conn *c, fq_diags *d)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_arena *ba = fq_arena_new(NULL);
	fq_pg_result *r;
	fq_batch b;

	/* The source runs with postgres_fdw's settings, the warehouse keeps its
	 * search_path and TimeZone. */
	if (fq_pg_exec_open(c, "SELECT current_setting('search_path'), current_setting('TimeZone'),"
						   " current_setting('DateStyle'), current_setting('extra_float_digits'),"
						   " current_setting('application_name')",
						0, NULL, a, &r, d) == FQ_OK)
	{
		check(fq_pg_exec_next(r, ba, &b, d) == 1 && STR_IS(&b, 0, 0, "pg_catalog") &&
				  STR_IS(&b, 1, 0, "UTC") && STR_IS(&b, 2, 0, "ISO, MDY") &&
				  STR_IS(&b, 3, 0, "3") && STR_IS(&b, 4, 0, "fedq"),
			  "source session settings");
		fq_pg_exec_close(r);
	}
	else
		show_diags(d);
	fq_arena_reset(ba);
	if (fq_pg_exec_open(w, "SELECT current_setting('search_path'), current_setting('DateStyle'),"
						   " current_setting('IntervalStyle')",
						0, NULL, a, &r, d) == FQ_OK)
	{
		check(fq_pg_exec_next(r, ba, &b, d) == 1 && STR_IS(&b, 0, 0, "\"$user\", public") &&
				  STR_IS(&b, 1, 0, "ISO, MDY") && STR_IS(&b, 2, 0, "postgres"),
			  "warehouse session settings");
		fq_pg_exec_close(r);
	}
	else
		show_diags(d);
	fq_arena_free(ba);
	fq_arena_free(a);
}

int
main(void)
{
	fq_diags *d = fq_diags_new();
	fq_pg_conn *c;
	fq_pg_conn *w;
	const char *pr = getenv("FQ_PORT_remote");
	const char *pw = getenv("FQ_PORT_warehouse");

	password = getenv("FQ_PG_PASSWORD");
	if (pr == NULL || pw == NULL || password == NULL)
	{
		fprintf(stderr, "pgconn_test: FQ_PORT_remote, FQ_PORT_warehouse and FQ_PG_PASSWORD "
						"must be set (source the harness's env.sh)\n");
		return 77;
	}
	port_remote = atoi(pr);
	port_warehouse = atoi(pw);

	test_connect(d);
	c = connect_to(port_remote, "shop", password, true, "external schema \"rds\"", d);
	w = connect_to(port_warehouse, "warehouse", password, false, "the warehouse", d);
	if (c == NULL || w == NULL)
	{
		show_diags(d);
		return 1;
	}
	test_metadata(c, d);
	test_scan_orders(c, d);
	test_scan_alltypes(c, d);
	test_scan_numeric(c, d);
	test_scan_errors(c, d);
	test_early_close(c, d);
	test_cancel(c, d);
	test_warehouse_settings(w, c, d);
	test_passthrough(w, d);
	test_broken(c, d);
	fq_pg_disconnect(c);
	fq_pg_disconnect(w);
	fq_diags_free(d);
	printf("# %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
