/*
 * engine.h — the session and statement behind fq.h, shared by the engine's
 * modules (private to engine/).
 *
 * A session owns: its options, the catalog store, the warehouse connection,
 * a pool of connections to the sources of external schemas (one per
 * server, database and credentials), and a metadata cache.  A statement
 * owns: the SQL text, the parse tree and plan (statement arena, rebuilt by
 * each prepare), and the execution state (execution arena, rebuilt by each
 * execute, charged to the query's memory account).
 */
#ifndef FQ_ENGINE_H
#define FQ_ENGINE_H

#include "fq.h"
#include "catalog/store.h"
#include "connectors/postgres/pg.h"
#include "core/arena.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "plan/plan.h"
#include "sql/parser.h"

#include <pthread.h>
#include <time.h>

/* ShipToWarehouse (plan/ship.c). */
enum
{
	FQ_SHIP_AUTO,
	FQ_SHIP_NEVER,
	FQ_SHIP_ALWAYS
};

typedef struct fq_options
{
	const char *server;
	int port;
	const char *database;
	const char *uid;
	const char *pwd;
	const char *sslmode;      /* the warehouse's; NULL = libpq's environment */
	const char *sslrootcert;
	const char *sslcert;
	const char *sslkey;
	/* Defaults for every source whose external schema does not say
	 * (SourceSSLMode, ...); NULL = libpq's environment (PGSSLMODE, ...). */
	const char *src_sslmode;
	const char *src_sslrootcert;
	const char *src_sslcert;
	const char *src_sslkey;
	bool allow_any_uri;       /* URI may be a socket directory or host list */
	const char *catalog_file;
	const char *search_path;
	size_t memory_limit;      /* bytes, 0 = none */
	bool spill;               /* sorts, joins, aggregates past their share of
	                           * memory_limit write to temporary files */
	const char *spill_dir;    /* where; NULL = $TMPDIR, else /tmp */
	int query_timeout;        /* seconds */
	int login_timeout;        /* seconds */
	int metadata_cache_seconds;
	int log_level;
	const char *log_file;
	int numeric_scale;        /* scale of unconstrained NUMERIC */
	bool pushdown;            /* off: only columns are pushed (for tests) */
	int ship_to_warehouse;    /* FQ_SHIP_AUTO, _NEVER, _ALWAYS (ship.c) */
	bool statement_rollback;  /* an error undoes its statement, not the
	                           * transaction (a savepoint per statement) */
	const char *aws_region;   /* STS region (Secrets Manager: the ARN's) */
	const char *aws_profile;  /* shared-file profile for AWS credentials */
	int aws_secret_cache_seconds;
	bool check_sources;       /* CREATE EXTERNAL SCHEMA tries the source */
	bool connect_sources_early; /* the sources' connections begin beside
	                           * the warehouse's (ConnectSourcesEarly) */
} fq_options;

/*
 * One pooled connection to a source.  A statement whose result is open
 * holds the connections it reads from (owner); other statements get
 * another connection to the same source, so several results can be open
 * at once.  Metadata lookups use any idle one.
 */
typedef struct fq_source_conn
{
	struct fq_source_conn *next;
	char *key;
	fq_pg_conn *conn;
	fq_stmt *owner;   /* NULL when idle */
} fq_source_conn;

/* Cached remote metadata: one table, or a whole schema's listing. */
typedef struct fq_meta_entry
{
	struct fq_meta_entry *next;
	char *source_key;
	char *remote_schema;
	char *table;         /* NULL: every table of the schema, with columns */
	time_t loaded;
	fq_arena *arena;
	fq_pg_table *tables;
	size_t ntables;
	bool pinned;         /* a fixture: never expires, never reloaded */
} fq_meta_entry;

/* A function call a source described (fq_session_describe_call). */
typedef struct fq_call_entry
{
	struct fq_call_entry *next;
	char *source_key;
	char *call;
	time_t loaded;
	fq_pg_call_desc desc;
} fq_call_entry;

/* The savepoint fedq keeps in a warehouse transaction so that an error
 * undoes only its statement (StatementRollback, psqlODBC's default). */
typedef enum fq_svp_state
{
	FQ_SVP_NONE,   /* none is set */
	FQ_SVP_CLEAN,  /* set, and nothing ran since (an error was undone) */
	FQ_SVP_DIRTY   /* set before the last statement, which ran */
} fq_svp_state;

struct fq_session
{
	fq_diags *diags;
	fq_arena *arena;       /* option strings and other session-long data */
	fq_options opt;
	bool connected;
	fq_store store;
	fq_pg_conn *warehouse; /* NULL without Server */
	fq_source warehouse_source;
	bool autocommit;
	bool wh_in_tran;       /* a warehouse transaction is open (autocommit off) */
	fq_svp_state svp;      /* the statement savepoint (fq_session_svp_begin) */
	bool wh_own_write;     /* the warehouse is in fedq's own transaction of an
	                        * INSERT ... SELECT (stmt.c, exec_insert) */
	bool wh_copying;       /* a COPY FROM STDIN into it is in progress: reads
	                        * of the warehouse take another connection */
	/*
	 * The statement whose open result is reading from the warehouse
	 * connection.  The warehouse has one connection (statements share its
	 * transactions), so when another statement needs it, the owner's
	 * remaining rows are read into memory first (fq_stmt_buffer_rest).
	 */
	fq_stmt *wh_owner;
	fq_source_conn *conns;
	/* Connections to sources begun at session open (ConnectSourcesEarly),
	 * not yet needed: fq_session_source_conn takes one over. */
	struct fq_early_conn *early;
	fq_meta_entry *meta;
	/* Sources fq_session_prefetch_tables could not ask, with why: a
	 * lookup there raises the same again, until fq_session_prefetch_done. */
	struct fq_meta_failure *meta_failed;
	fq_call_entry *calls;
	int nsearch;
	const char **search_path;
	/* Where a table's unqualified name is looked for: search_path with
	 * the session's temporary schema ("pg_temp") first, as PostgreSQL
	 * looks for relations, unless search_path places it itself. */
	int nrel_search;
	const char **rel_search;
	/* A statement sent to the warehouse may have changed its search_path
	 * (SET search_path, set_config, ...): it, and from then on each
	 * transaction's end (which undoes a SET made in it), make fedq read
	 * it again before the next prepare, so that fedq looks unqualified
	 * names up as the warehouse does (fq_session_sync_search_path). */
	bool search_path_given;   /* the SearchPath key was set */
	bool search_path_touched;
	bool search_path_stale;
	fq_arena *path_arena;  /* the names read last */
	char *user;            /* the warehouse user, or the OS user */
	/* The warehouse's database and version, kept here: the connection may
	 * be made again (and the old one's strings freed) while callers hold
	 * these. */
	char *wh_database;
	char *wh_version;
	fq_log log;
	/* svl_federated_query: the last remote statements (plan/sysviews.c). */
	struct fq_fedlog_entry *fedlog;
	int fedlog_n;
	int fedlog_next;
	int64_t nqueries;      /* statements executed: their numbers */
	/* Seconds a source's connection may take while CREATE EXTERNAL SCHEMA
	 * checks it (fq_session_check_source); 0 outside that check. */
	int check_timeout;
};

typedef enum fq_stmt_kind
{
	FQ_STMT_NONE = 0,
	FQ_STMT_PASSTHROUGH,  /* the warehouse runs the text */
	FQ_STMT_QUERY,        /* fedq runs the plan */
	FQ_STMT_EXPLAIN,      /* fedq explains the plan */
	FQ_STMT_CREATE_EXT,
	FQ_STMT_DROP_EXT,
	FQ_STMT_CREATE_VIEW,  /* a late-binding view into the catalog store */
	FQ_STMT_DROP_VIEW,
	FQ_STMT_INSERT,       /* a query's rows into a warehouse table (COPY) */
	FQ_STMT_ROWS          /* caller-built rows (fq_stmt_begin_rows) */
} fq_stmt_kind;

typedef struct fq_exec_state fq_exec_state;

struct fq_stmt
{
	fq_session *s;
	fq_diags *diags;
	fq_arena *arena;       /* prepare lifetime: text, parse tree, plan */
	fq_arena *exec_arena;  /* execute lifetime: executor state */
	fq_arena *list_arena;  /* catalog listings */
	fq_mem_account acct;
	fq_stmt_kind kind;

	char *sql;
	size_t sql_len;
	fq_parse_result parsed;
	fq_node *ast;          /* the statement fedq runs (kind QUERY etc.) */
	/* REFRESH MATERIALIZED VIEW: the view whose table the new one (ast,
	 * an INSERT made from its definition) replaces; NULL otherwise */
	const char *refresh_schema;
	const char *refresh_name;
	fq_plan *plan;         /* QUERY / EXPLAIN */
	/* Uncorrelated scalar subqueries, run before the query (SubPlan ids). */
	int ninitplans;
	fq_plan **initplans;
	/* Subqueries run per row (fq_sublink_expr.id), and how many exec
	 * params their outer values take. */
	int nsubplans;
	fq_plan **subplans;
	int nxparams;
	int nworktables;        /* WITH RECURSIVE's steps (fq_plan_recursive.id) */
	/* CTEs the binder saw referenced (fq_plan_ctescan.id); the plans of
	 * those computed once (plan/cte.c), NULL for those inlined. */
	int nctes;
	fq_plan **ctes;
	const char **cte_names;
	/* CTEs to compute in fedq, never sent along to a source (a second
	 * planning, when the first had a source compute one more than once:
	 * fq_ctes_to_fedq); NULL or nctes flags, kept across forget_plan */
	bool *cte_local;
	int ncte_local;
	int nships;             /* inputs the plan ships to the warehouse (plan/ship.c) */
	/* correlated aggregate subqueries the planner groups once and joins,
	 * where LATERAL (a lookup per outer row) would cost more (joinorder.c) */
	int ndecorrelated;
	int next_rel;          /* the binder's next relation number */
	bool explain_analyze;
	int32_t explain_width;  /* the longest EXPLAIN line, once executed */
	const char *passthrough_sql; /* text for the warehouse ($n parameters) */
	bool sets_search_path;  /* it may change the warehouse's search_path */
	bool ends_transaction;  /* it may end the warehouse's transaction */
	bool changes_tables;    /* it may create, drop or alter warehouse tables */

	int nparams;
	fq_value *params;
	bool *param_set;
	int nparam_types;
	fq_type *param_types;  /* as the warehouse described them (passthrough) */

	/* Result shape, known after describe. */
	bool described;
	int ncols;
	fq_column *cols;

	/* Execution. */
	int64_t query_no;      /* this execution's number in the session */
	bool open;             /* a result is open for fetching */
	int64_t rowcount;
	bool svp_guarded;      /* this execution runs under the statement savepoint */
	bool returned_rows;    /* this execution's result gave a batch */
	bool ship_retried;     /* this execution started again shipping (stmt.c) */
	bool patterns_case_blind; /* catalog listings: patterns ignore case */
	fq_exec_state *exec;   /* QUERY, EXPLAIN, ROWS */
	fq_pg_result *pt;      /* PASSTHROUGH */
	fq_arena *batch_arena; /* PASSTHROUGH batches */
	fq_batch batch;

	/* Caller-built rows. */
	fq_plan_values *rows;
	int rows_cap;

	/* The rest of the result, read into memory because another statement
	 * needed the warehouse connection. */
	/* What the last fq_stmt_fetch returned: a header only this file
	 * writes, so a buffered result can repoint it (fq_stmt_buffer_rest). */
	fq_batch cur;
	bool cur_valid;
	bool buffered;
	fq_diags *buf_error;   /* why buffering stopped early, reported after */
	fq_arena *buf_arena;
	fq_batch *buf;
	int nbuf;
	int capbuf;
	int buf_pos;

	/* Cancellation (fq_stmt_cancel may come from another thread) and the
	 * QueryTimeout of each call. */
	fq_interrupt intr;
};

/* ---- session.c ---- */

/*
 * What is wrong with an external schema's URI, or NULL when it is one host
 * name or IP address (what libpq's host parameter means then and nothing
 * else): "a Unix-socket directory", "a list of hosts", ...
 */
const char *fq_uri_problem(const char *uri);
/* Raises 22023 for a URI that is not one host name or address (unless
 * AllowAnyURI allows what it is), naming the schema when it has one. */
int fq_check_uri(const fq_session *s, const char *schema, const char *uri, fq_diags *d);
/* Raises 22023 for a value of SSLMODE (or SSLROOTCERT, SSLCERT, SSLKEY:
 * `what`) that libpq would not take or that means different files to
 * different processes (a relative path). */
int fq_check_ssl_value(const char *what, const char *value, fq_diags *d);

/* The source object of an external schema (allocated in `a`). */
const fq_source *fq_session_ext_source(fq_session *s, const fq_ext_schema *ext, fq_arena *a);
/*
 * A connection to a source for `requester` (NULL for session-level work),
 * connecting or reconnecting as needed; with `hold` the requester keeps it
 * until fq_session_release_conns.  For the warehouse, another statement's
 * open result on the connection is buffered first.
 */
int fq_session_source_conn(fq_session *s, const fq_source *src, fq_stmt *requester, bool hold,
						   fq_pg_conn **out, fq_diags *d);
/*
 * Connects to an external schema's source (or finds a pooled connection to
 * it) within `timeout` seconds (LoginTimeout when that is shorter), for
 * the check CREATE EXTERNAL SCHEMA makes; the connection stays pooled.
 * Raises what connecting raised, or 3F000 when the source's database has
 * no schema of the external schema's SCHEMA clause.
 */
int fq_session_check_source(fq_session *s, const fq_ext_schema *ext, int timeout, fq_arena *a,
							fq_diags *d);
/* Gives back every connection `owner` holds. */
void fq_session_release_conns(fq_session *s, fq_stmt *owner);
/*
 * A table's description from the source (cached for MetadataCacheSeconds).
 * *out is NULL when the table does not exist.  What these lookups return
 * stays valid only until the next metadata call on the session: copy what
 * is kept (fq_pg_table_copy).
 */
int fq_session_lookup_table(fq_session *s, const fq_source *src, const char *remote_schema,
							const char *table, const fq_pg_table **out, fq_diags *d);
/* A table name a statement may read, and where the binder will look it
 * up (fq_session_prefetch_tables). */
typedef struct fq_meta_want
{
	const fq_source *src;
	const char *remote_schema;
	const char *table;
	/* Looked up only when the schemas before this one on the search path
	 * lack the table: asked only of a source that is asked anyway. */
	bool speculative;
} fq_meta_want;
/*
 * Fills the metadata cache with every table of `w` (n of them) that it
 * lacks, with one catalog query per source, sent to all of them before
 * any answer is read (connecting where needed in between), so that the
 * sources work at once; fq_session_lookup_table then answers from the
 * cache, a table a source lacks included.  A source of speculative names
 * only is asked only when a connection to it is open and free.  Nothing
 * is done without caching
 * (MetadataCacheSeconds=0).  A source that cannot be asked (connecting
 * failed, its query failed) is remembered: a lookup there raises the same
 * error, when the binder gets to it, instead of trying again, until
 * fq_session_prefetch_done.  Raises only when memory runs out or the call
 * was cancelled or timed out.
 */
int fq_session_prefetch_tables(fq_session *s, const fq_meta_want *w, int n, fq_diags *d);
void fq_session_prefetch_done(fq_session *s);
/* All tables (with columns) of a source's schema, cached likewise. */
int fq_session_list_source_tables(fq_session *s, const fq_source *src,
								  const char *remote_schema, const fq_pg_table **out,
								  size_t *n, fq_diags *d);
/*
 * What a source makes of a function call fedq does not know (`call` as
 * fq_deparse_source_probe writes it): fq_pg_describe_call through an idle
 * connection, cached per source and call text for MetadataCacheSeconds
 * (and dropped with the source's metadata).  The source's refusal (no such
 * function, ...) is raised and not cached.
 */
int fq_session_describe_call(fq_session *s, const fq_source *src, const char *call,
							 fq_pg_call_desc *out, fq_diags *d);
/* A deep copy of a table description into `a`; NULL on OOM. */
fq_pg_table *fq_pg_table_copy(fq_arena *a, const fq_pg_table *t);
void fq_free_meta_entry(fq_meta_entry *e);
/* Drops cached metadata of one source key (NULL: everything). */
void fq_session_forget_meta(fq_session *s, const char *source_key);
/*
 * Metadata from a fixture instead of the source (tests/fuzz/fuzz_planner.c
 * plans over it without servers): the tables of external schema `schema`
 * (its remote schema), copied, as if listed from its source; they never
 * expire.  Statements that only bind and plan then need no connection.
 */
int fq_session_pin_tables(fq_session *s, const char *schema, const fq_pg_table *tables,
						  size_t n, fq_diags *d);

/* ---- stmt.c: cancellation bookkeeping for the executor ---- */

/* Before and after reading from a connection; fails with 57014 (or
 * HYT00) if the statement was cancelled (or its call timed out). */
int fq_stmt_enter_remote(fq_stmt *st, fq_pg_conn *c, fq_diags *d);
/*
 * Statement-level rollback (session.c).  Before a statement (or a
 * describe) runs on the warehouse connection wc inside a transaction,
 * fq_session_svp_begin sets the savepoint that an error rolls back to
 * (releasing the previous statement's, or first undoing a failure that
 * came after it, a failed fetch say); `sql` is the statement's text when
 * the warehouse runs it as written (transaction control ends the
 * savepoint instead).  Returns 1 when a savepoint guards what follows, 0
 * when none is needed (autocommit, StatementRollback=0), FQ_ERROR.
 * fq_session_svp_failed, after the guarded work failed, rolls back to it.
 */
int fq_session_svp_begin(fq_session *s, fq_pg_conn *wc, const char *sql, fq_diags *d);

/* Reads the warehouse's search_path into s->search_path when it may have
 * changed (search_path_stale).  A warehouse that cannot answer (a failed
 * transaction) leaves the names as they were, and it is asked again
 * next time. */
void fq_session_sync_search_path(fq_session *s, fq_stmt *st);
void fq_session_svp_failed(fq_session *s, fq_diags *d);
void fq_stmt_leave_remote(fq_stmt *st, fq_pg_conn *c);
/* Raises 57014 if the statement was cancelled, HYT00 if the call in
 * progress is past its QueryTimeout. */
int fq_stmt_check_cancel(fq_stmt *st, fq_diags *d);
/* Reads the rest of st's open result into memory, freeing its
 * connections; errors go to d (st keeps the error for its next fetch). */
int fq_stmt_buffer_rest(fq_stmt *st, fq_diags *d);

/* The tables (and, when cols is not NULL, columns) of every external
 * schema, and with_views fedq's late-binding views, in st's listing arena;
 * sources that cannot be listed (views that no longer bind) are skipped
 * with a warning. */
int fq_stmt_list_external(fq_stmt *st, bool with_columns, bool with_views,
						  const fq_table_info **tables,
						  size_t *ntables, const fq_column_info **cols, size_t *ncols);

#endif
