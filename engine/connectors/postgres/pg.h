/*
 * pg.h — the PostgreSQL connector: connections to the warehouse and to the
 * sources of external schemas, their metadata, streaming scans decoded into
 * column vectors, passthrough statements, cancellation.
 *
 * Only this folder includes libpq-fe.h.  Every error it raises names the
 * source (`label`), keeps the server's SQLSTATE, and never contains a
 * password.
 */
#ifndef FQ_PG_H
#define FQ_PG_H

#include "fq.h"
#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>

/* Where to connect and as whom.  NULL fields take libpq's defaults
 * (PGUSER, PGPASSWORD, ~/.pgpass, ...). */
typedef struct fq_pg_target
{
	const char *host;
	int port;               /* 0 = libpq's default */
	const char *dbname;
	const char *user;
	const char *password;
	/* TLS: NULL leaves each to libpq's environment (PGSSLMODE,
	 * PGSSLROOTCERT, PGSSLCERT, PGSSLKEY) and defaults (prefer,
	 * ~/.postgresql/root.crt, ...) */
	const char *sslmode;
	const char *sslrootcert;
	const char *sslcert;
	const char *sslkey;
	int connect_timeout;    /* seconds, 0 = none */
	/* What set connect_timeout, for its message; NULL = "LoginTimeout". */
	const char *timeout_key;
	/* Who this is, for messages: "external schema \"rds\"", "the warehouse". */
	const char *label;
	/*
	 * Sources of external schemas get postgres_fdw's session settings
	 * (search_path=pg_catalog, TimeZone=UTC, DateStyle=ISO,
	 * IntervalStyle=postgres, extra_float_digits=3); the warehouse keeps its
	 * own search_path and TimeZone, as a client connection would.
	 */
	bool is_source;
} fq_pg_target;

typedef struct fq_pg_conn fq_pg_conn;

/*
 * Connects.  Failures: 08001 naming host, port and database for a server
 * that cannot be reached; 28P01 for a wrong password; 28000 for other
 * authentication refusals; 3D000 for a missing database.
 */
int fq_pg_connect(const fq_pg_target *t, fq_pg_conn **out, fq_diags *d);
/*
 * Connections made ahead of need (the sources of external schemas, while
 * the session connects to the warehouse): fq_pg_connect_start begins an
 * attempt at t and returns without waiting (NULL when it could not even
 * begin; nothing is raised).  It advances while fq_pg_connect_beside
 * waits for another connection (up to FQ_PG_MAX_BESIDE attempts beside
 * it), or by fq_pg_connect_advance, which never waits.
 * fq_pg_connect_finish takes the attempt over, for t again: it waits for
 * the rest of it within t's connect_timeout (from now, as for a new
 * attempt), and raises what fq_pg_connect would; an attempt that failed
 * already is dropped and fq_pg_connect tries afresh (*afresh), so a
 * source that was down or refused then is asked again now.  fq_pg_connect_abandon
 * drops an attempt not needed.
 */
#define FQ_PG_MAX_BESIDE 8
typedef struct fq_pg_pending fq_pg_pending;
fq_pg_pending *fq_pg_connect_start(const fq_pg_target *t);
void fq_pg_connect_advance(fq_pg_pending *p);
int fq_pg_connect_beside(const fq_pg_target *t, fq_pg_pending *const *others, int nothers,
						 fq_pg_conn **out, fq_diags *d);
int fq_pg_connect_finish(fq_pg_pending *p, const fq_pg_target *t, fq_pg_conn **out,
						 bool *afresh, fq_diags *d);
/* Advances the attempts pds (n) until each is made or failed, for at most
 * max_ms; one no server has answered yet is not waited for. */
void fq_pg_connect_settle(fq_pg_pending *const *pds, int n, int max_ms);
void fq_pg_connect_abandon(fq_pg_pending *p);
void fq_pg_disconnect(fq_pg_conn *c);
/* False once the connection is broken (the caller reconnects). */
bool fq_pg_alive(const fq_pg_conn *c);
/* True while a scan or passthrough result is open on it. */
bool fq_pg_busy(const fq_pg_conn *c);
const char *fq_pg_server_version(const fq_pg_conn *c); /* "15.18" */
const char *fq_pg_user(const fq_pg_conn *c);
const char *fq_pg_database(const fq_pg_conn *c);
const char *fq_pg_label(const fq_pg_conn *c);

/*
 * Thread-safe: asks the server to cancel whatever this connection is
 * running.  May be called while another thread is inside a fq_pg_* call
 * on the same connection.
 */
void fq_pg_cancel(fq_pg_conn *c);

/* Runs a statement that returns no rows (BEGIN, COMMIT, SET ...). */
int fq_pg_command(fq_pg_conn *c, const char *sql, fq_diags *d);
/* "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" / "COMMIT". */
int fq_pg_begin_read(fq_pg_conn *c, fq_diags *d);
/* The same without READ ONLY: the query's own snapshot, in which it may
 * still create (and fill) temporary tables (plan/ship.c). */
int fq_pg_begin_read_temp(fq_pg_conn *c, fq_diags *d);
int fq_pg_end_read(fq_pg_conn *c, fq_diags *d);
/* True while the connection is in a transaction fedq did not begin for a
 * read: the application's, opened by a BEGIN it sent through. */
bool fq_pg_in_user_transaction(const fq_pg_conn *c);
/* The connection's transaction state as the server last reported it. */
typedef enum fq_pg_txn
{
	FQ_PG_TXN_IDLE,    /* no transaction */
	FQ_PG_TXN_OPEN,    /* in a transaction, idle */
	FQ_PG_TXN_FAILED,  /* in a transaction an error aborted */
	FQ_PG_TXN_OTHER    /* busy, or the connection is broken */
} fq_pg_txn;
fq_pg_txn fq_pg_txn_state(const fq_pg_conn *c);

/* ---- Metadata ---- */

/*
 * A value of a source's statistics (most common values, histogram
 * bounds), for estimates only: numbers, dates and times as a number
 * (dates and timestamps in days, times in seconds), anything else as its
 * text (CHAR without its trailing blanks).
 */
typedef struct fq_pg_statval
{
	bool is_num;
	double num;
	const char *str;   /* !is_num: the text form, NUL-terminated in the
	                    * metadata (a constant's in estimate.c is not) */
	size_t len;        /* its length */
} fq_pg_statval;

/* How a remote column is read: natively (binary) or as its text form. */
typedef struct fq_pg_column
{
	const char *name;
	int ordinal;            /* 1-based position among live columns */
	fq_type type;           /* the engine type it maps to */
	const char *source_type; /* format_type(): "numeric(12,2)", "jsonb" */
	bool text_cast;         /* true: select "col"::text (non-native types) */
	bool notnull;
	const char *default_expr; /* NULL when none */
	const char *remarks;      /* "" when none */
	double ndistinct;         /* distinct values by the source's statistics
	                           * (pg_stats); 0 unknown or not asked for */
	/* The rest of pg_stats, when statistics were asked for: the fraction
	 * of NULLs (-1 unknown), the most common values with their
	 * frequencies, the histogram's bounds (ascending, the most common
	 * values left out). */
	double null_frac;
	int nmcv;
	fq_pg_statval *mcv;
	double *mcv_freq;
	int nhist;
	fq_pg_statval *hist;
	bool case_ok;             /* lower()/upper() of it at the source are
	                           * fedq's: a libc UTF-8 collation (not Turkish),
	                           * or a type without one */
} fq_pg_column;

typedef struct fq_pg_table
{
	const char *schema;
	const char *name;
	char relkind;           /* 'r', 'p', 'v', 'm', 'f' */
	const char *remarks;    /* "" when none */
	double est_rows;        /* pg_class.reltuples: the row count the
	                         * source's statistics last saw; -1 unknown */
	bool est_explained;     /* est_rows is the source's EXPLAIN estimate
	                         * (no statistics, a view, a foreign table) */
	int ncols;              /* 0 unless columns were asked for */
	fq_pg_column *cols;
	/* With statistics: its valid indexes without a predicate, each the
	 * positions in cols of its key columns, in order (-1 for an
	 * expression). */
	int nindexes;
	struct fq_pg_index *indexes;
} fq_pg_table;

typedef struct fq_pg_index
{
	bool unique;
	int nkeys;
	int *keys;
} fq_pg_index;

/*
 * Tables, views, materialized views, foreign and partitioned tables (not
 * partitions) whose schema and name match.  `schema`/`table` are exact
 * names or NULL (any); `schema_like`/`table_like` are LIKE patterns or NULL;
 * `schemas`/`tables` lists of exact names (nschemas/ntables of them, 0 for
 * none), any of which may match: every pair of a schema and a table of
 * the lists is looked up, as if each were asked alone.
 * With want_columns, fills cols in ordinal order.  Results sorted by
 * schema, name; all memory from `a`.  Excludes pg_catalog,
 * information_schema and pg_toast* unless named exactly.
 */
typedef struct fq_pg_meta_filter
{
	const char *schema;
	const char *schema_like;
	const char *table;
	const char *table_like;
	const char *const *schemas;
	int nschemas;
	const char *const *tables;
	int ntables;
	bool want_columns;
	bool want_stats;   /* with want_columns: each column's statistics
	                    * (pg_stats) and the table's indexes */
	bool case_blind;   /* the _like patterns ignore case (ILIKE) */
} fq_pg_meta_filter;

int fq_pg_list_tables(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_arena *a,
					  fq_pg_table **out, size_t *n, fq_diags *d);
/*
 * The same in two halves, so that several sources work on their listings
 * at once: _send sends the query and returns without waiting; _recv (with
 * the same filter) waits for the answer and reads it.  After a successful
 * _send, _recv must follow before anything else uses the connection.
 * Both raise as fq_pg_list_tables does; cancellation and timeouts act on
 * _recv's waits.
 */
int fq_pg_list_tables_send(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_diags *d);
int fq_pg_list_tables_recv(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_arena *a,
						   fq_pg_table **out, size_t *n, fq_diags *d);

/* Keys and indexes of tables at a source (SQLPrimaryKeys, SQLForeignKeys,
 * SQLStatistics): one entry per key column. */
typedef enum fq_pg_key_kind
{
	FQ_PG_KEYS_PRIMARY,   /* the primary key of (schema, table) */
	FQ_PG_KEYS_FOREIGN,   /* foreign keys from (schema, table) and/or to
	                       * (ref_schema, ref_table); NULL = any */
	FQ_PG_KEYS_INDEXES    /* the indexes of (schema, table) */
} fq_pg_key_kind;

typedef struct fq_pg_keycol
{
	const char *name;       /* constraint or index name */
	char kind;              /* 'p' primary, 'f' foreign, 'u' unique index,
	                         * 'i' other index */
	int seq;                /* position in the key, from 1 */
	const char *column;     /* NULL for an index expression */
	const char *schema;     /* the table holding the key */
	const char *table;
	/* foreign keys: the referenced column, its table and key's name */
	const char *ref_schema;
	const char *ref_table;
	const char *ref_column;
	const char *ref_name;
	char on_update;         /* pg_constraint.confupdtype: a r c n d */
	char on_delete;
	bool deferrable;
	bool deferred;
	/* indexes */
	bool desc;
	const char *filter;     /* a partial index's predicate */
	double table_rows, table_pages, index_rows, index_pages;
} fq_pg_keycol;

int fq_pg_list_keys(fq_pg_conn *c, fq_pg_key_kind kind, const char *schema, const char *table,
					const char *ref_schema, const char *ref_table, fq_arena *a,
					fq_pg_keycol **out, size_t *n, fq_diags *d);

/* Schema names matching a LIKE pattern (NULL = all), sorted. */
int fq_pg_list_schemas(fq_pg_conn *c, const char *schema_like, bool case_blind, fq_arena *a,
					   const char ***out, size_t *n, fq_diags *d);

/* The server's setting `name` (current_setting), in a. */
int fq_pg_current_setting(fq_pg_conn *c, const char *name, fq_arena *a, const char **out,
						  fq_diags *d);

/*
 * Whether the server's own lookup of each table name alone (tables[i]:
 * its search_path, temporary tables first) finds the table
 * schemas[i].tables[i], for n names: *same is false when one differs.
 */
int fq_pg_lookup_finds(fq_pg_conn *c, const char *const *schemas, const char *const *tables,
					   int n, bool *same, fq_diags *d);

/*
 * Maps a PostgreSQL type (oid, typmod) to an engine type.  Sets *text_cast
 * when the value must be fetched as text (the engine type is then VARCHAR).
 * base_oid is the domain's base type or the oid itself.
 */
void fq_pg_map_type(uint32_t oid, int32_t typmod, fq_type *out, bool *text_cast);

/* ---- Function calls fedq does not know ---- */

typedef enum fq_pg_call_kind
{
	FQ_PG_CALL_PLAIN,      /* one value per row: what fedq sends */
	FQ_PG_CALL_AGGREGATE,  /* an aggregate at the source */
	FQ_PG_CALL_SET         /* returns a set of rows */
} fq_pg_call_kind;

/* What a source makes of a call (fq_pg_describe_call). */
typedef struct fq_pg_call_desc
{
	fq_pg_call_kind kind;
	fq_type type;          /* the engine type its result maps to */
	bool text_cast;        /* read as its text form (json, arrays, ...) */
	/* The function giving that text form where a cast to text gives
	 * another ("inet_out": '::1'::inet::text is '::1/128'); NULL when the
	 * cast does. */
	const char *out_func;
} fq_pg_call_desc;

/*
 * What the server makes of `call`, the SQL of one function call whose
 * arguments are typed parameters ($1::integer) or untyped literals, without
 * running it or reading any data: its result type (prepared as the unnamed
 * statement `SELECT call` and described), mapped as a column of that type
 * is (fq_pg_map_type), and whether it is a plain function, an aggregate or
 * a set-returning one (`SELECT 1 WHERE (call) IS NULL` is refused for
 * those, 42803 and 0A000).  When the server cannot run the call (no such
 * function, ambiguous, ...) its error is raised with its SQLSTATE, named
 * after the source.  Inside a transaction (the warehouse's, in the user's
 * open transaction) it runs under a savepoint, so a refusal leaves the
 * transaction as it was.
 */
int fq_pg_describe_call(fq_pg_conn *c, const char *call, fq_pg_call_desc *out, fq_diags *d);

/* ---- Scans ---- */

typedef struct fq_pg_scan fq_pg_scan;

/*
 * Streams the rows of `select_sql` with COPY (select_sql) TO STDOUT
 * (FORMAT binary).  The SELECT's output columns must already have the
 * engine types `types` on the server side (the deparser adds ::text and
 * other casts); `names` are used in messages only.  A value that does not
 * fit its engine type raises 22003 naming the column.
 */
int fq_pg_scan_open(fq_pg_conn *c, const char *select_sql, const fq_type *types,
					const char *const *names, int ncols, fq_pg_scan **out,
					fq_diags *d);
/*
 * Fills `out` with up to FQ_BATCH_ROWS rows, vectors and strings allocated
 * in `a` (the caller resets `a` between batches).  Returns 1 with rows, 0
 * at the end (nothing in `out`), FQ_ERROR on failure.
 */
int fq_pg_scan_next(fq_pg_scan *s, fq_arena *a, fq_batch *out, fq_diags *d);
/* Ends the scan; cancels and drains an unfinished COPY so the connection
 * stays usable.  Always frees the scan. */
void fq_pg_scan_close(fq_pg_scan *s);
/* Rows and bytes received so far (for EXPLAIN ANALYZE and statistics). */
uint64_t fq_pg_scan_rows(const fq_pg_scan *s);
uint64_t fq_pg_scan_bytes(const fq_pg_scan *s);

/* ---- Passthrough (statements run by the warehouse as they are) ---- */

typedef struct fq_pg_result fq_pg_result;

/*
 * The result shape of `sql` without running it (unnamed prepared statement
 * and Describe).  Columns are allocated from `a`; *nparams receives the
 * number of parameters the server found.
 */
/*
 * COPY ... FROM STDIN (pg_copyin.c): begin with the COPY statement, put
 * COPY text in blocks (with `wait` everything queued is sent before the
 * call returns, else what the socket takes now), end it — with abort_msg the server fails the COPY
 * and keeps none of its rows (nothing is raised then) — getting the rows
 * written.  The connection is busy in between.
 */
int fq_pg_copy_in_begin(fq_pg_conn *c, const char *copy_sql, fq_diags *d);
int fq_pg_copy_in_put(fq_pg_conn *c, const char *buf, size_t len, bool wait, fq_diags *d);
int fq_pg_copy_in_end(fq_pg_conn *c, const char *abort_msg, int64_t *rows, fq_diags *d);
/*
 * The rows a COPY ... FROM STDIN takes, in the format its statement names:
 * text (tab-separated, escaped, \N for NULL) or binary (FORMAT binary: each
 * value as the column type's receive function reads it).  Binary needs
 * every value's type to be exactly the column's: fedq's engine types for
 * the tables it creates itself; see fq_pg_copy_binary_fits for others.
 *
 *   fq_pg_copy_enc e;
 *   fq_pg_copy_enc_init(&e, conn, binary, names);
 *   for each batch: fq_pg_copy_enc_rows(&e, batch, ncols, &buf, d), put buf
 *   fq_pg_copy_enc_end(&e, &buf), put buf; fq_pg_copy_enc_free(&e)
 *
 * The encoder holds only scratch room for long values; the caller's
 * buffer takes the rows and may be emptied between calls.
 */
typedef struct fq_pg_copy_enc
{
	bool binary;
	bool numeric_inf;    /* the server's numeric has ±Infinity (PostgreSQL 14) */
	bool started;        /* binary: the header is written */
	const char *const *names; /* column names for messages, or NULL */
	char tmp[256];       /* text: a short value's text */
	char *big;           /* text: a longer one's (fq_realloc) */
	size_t bigcap;
	uint16_t *digits;    /* binary: a numeric's base-10000 digits */
	int digcap;
	uint16_t small_digits[16];
} fq_pg_copy_enc;

void fq_pg_copy_enc_init(fq_pg_copy_enc *e, const fq_pg_conn *c, bool binary,
						 const char *const *names);
/* Appends rows 0 .. b->nrows - 1 of b's first ncols vectors to out.
 * FQ_ERROR raises: memory (out broken), or a value the server's type
 * cannot hold (numeric ±Infinity before PostgreSQL 14), 22P02. */
struct fq_strbuf;
int fq_pg_copy_enc_rows(fq_pg_copy_enc *e, const fq_batch *b, int ncols, struct fq_strbuf *out,
						fq_diags *d);
/* Appends what ends the data (binary: the header if no row came, and the
 * trailer); text has nothing to add. */
void fq_pg_copy_enc_end(fq_pg_copy_enc *e, struct fq_strbuf *out);
void fq_pg_copy_enc_free(fq_pg_copy_enc *e);
/* The COPY statement's option for the format: " (FORMAT binary)" or "". */
const char *fq_pg_copy_format_option(bool binary);
/*
 * Whether binary COPY writes a value of engine type `value` into a column
 * of the warehouse exactly as text COPY would (and so as PostgreSQL's
 * INSERT converts it): the column is that very type with the same
 * modifiers — format_type() says so, not a domain, `name`, an interval
 * with fields, or a type fedq reads as text — or both are character
 * strings, which both formats hand to the same input routine with the
 * column's length.
 */
bool fq_pg_copy_binary_fits(const fq_type *value, const fq_pg_column *col);

int fq_pg_describe_sql(fq_pg_conn *c, const char *sql, fq_arena *a,
					   fq_column **cols, int *ncols, int *nparams, fq_diags *d);
/* The same, and the types the server gives the parameters (*param_types,
 * from `a`, *nparams of them; NULL when there are none). */
int fq_pg_describe_statement(fq_pg_conn *c, const char *sql, fq_arena *a, fq_column **cols,
							 int *ncols, int *nparams, fq_type **param_types, fq_diags *d);

/*
 * Runs `sql` with text parameters (NULL entries are SQL NULL) in
 * single-row mode.  Afterwards the result's columns are known; rows are
 * pulled with fq_pg_exec_next.  Statements that return no rows complete
 * here and report their row count.  A script of several statements gives
 * one result per statement, in order: fq_pg_exec_next_result moves on.
 */
int fq_pg_exec_open(fq_pg_conn *c, const char *sql, int nparams,
					const char *const *param_text, fq_arena *a,
					fq_pg_result **out, fq_diags *d);
int fq_pg_result_ncols(const fq_pg_result *r);
const fq_column *fq_pg_result_column(const fq_pg_result *r, int i);
/* Rows affected (INSERT/UPDATE/DELETE/...), -1 when not applicable. */
int64_t fq_pg_result_rowcount(const fq_pg_result *r);
/* As fq_pg_scan_next; text values parsed into the columns' engine types. */
int fq_pg_exec_next(fq_pg_result *r, fq_arena *a, fq_batch *out, fq_diags *d);
/*
 * The next statement's result of a script (what is left of the current
 * one is read and dropped): 1, 0 when there is none, FQ_ERROR when that
 * statement failed (the server runs none after it).
 */
int fq_pg_exec_next_result(fq_pg_result *r, fq_arena *a, fq_diags *d);
/* Reads every result still to come into memory (libpq's), so that the
 * connection is free for other work; the result reads on from there. */
int fq_pg_exec_buffer(fq_pg_result *r, fq_diags *d);
bool fq_pg_result_script(const fq_pg_result *r);   /* several statements */
bool fq_pg_result_finished(const fq_pg_result *r); /* no result follows */
void fq_pg_exec_close(fq_pg_result *r);

#endif
