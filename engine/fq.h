/*
 * fq.h — the public interface of the fedq engine.
 *
 * The ODBC driver (driver/) and the test programs reach the engine only
 * through this header: open a session, prepare and execute statements, pull
 * results as batches of column vectors, cancel, close.  The engine knows
 * nothing about ODBC; the driver knows nothing about libpq.
 *
 * Conventions
 *   - Functions that can fail return FQ_OK (0) or FQ_ERROR (-1); the reason
 *     is in the handle's diagnostics (fq_session_diags, fq_stmt_diags),
 *     which each call clears first.  Warnings and notices may be present
 *     after FQ_OK.
 *   - Strings are UTF-8.  Returned pointers stay valid until the next call
 *     on the same handle that could change them (documented per function).
 *   - A handle is used by one thread at a time, except fq_stmt_cancel, which
 *     any thread may call at any time.
 */
#ifndef FQ_H
#define FQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FQ_OK 0
#define FQ_ERROR (-1)

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

/*
 * Engine types follow Amazon Redshift, plus TIME, INTERVAL, UUID and BYTEA.
 * Every PostgreSQL type without a native counterpart arrives as VARCHAR
 * holding its text form.
 */
typedef enum fq_type_id
{
	FQ_T_UNKNOWN = 0, /* an untyped literal or NULL, before binding */
	FQ_T_BOOL,
	FQ_T_INT2,
	FQ_T_INT4,
	FQ_T_INT8,
	FQ_T_DECIMAL,
	FQ_T_FLOAT4,
	FQ_T_FLOAT8,
	FQ_T_CHAR,
	FQ_T_VARCHAR,
	FQ_T_DATE,
	FQ_T_TIME,
	FQ_T_TIMESTAMP,
	FQ_T_TIMESTAMPTZ,
	FQ_T_INTERVAL,
	FQ_T_UUID,
	FQ_T_BYTEA,
	FQ_T__COUNT
} fq_type_id;

/* Declared maximum of an unbounded VARCHAR (text, json, ...), as Redshift. */
#define FQ_VARCHAR_MAX 65535
/*
 * The length of PostgreSQL's character varying without a length.  A VARCHAR
 * of length -1 is text: the two hold the same values but PostgreSQL types
 * and resolves operators on them apart (CHAR compares with varchar as CHAR,
 * with text as text), so fedq keeps them apart too.
 */
#define FQ_VARCHAR_NOLEN (-2)
/* Largest precision of DECIMAL(p,s) (NUMERIC), as PostgreSQL's. */
#define FQ_NUMERIC_MAX_PREC 1000

typedef struct fq_type
{
	fq_type_id id;
	int32_t length;    /* CHAR/VARCHAR/BYTEA: declared length in characters
	                    * (bytes for BYTEA), -1 when unbounded (VARCHAR:
	                    * text), FQ_VARCHAR_NOLEN for character varying */
	int16_t precision; /* DECIMAL: 1..1000, or 0 for NUMERIC without
	                    * modifiers; TIME/TIMESTAMP[TZ]: fractional digits
	                    * 0..6 */
	int16_t scale;     /* DECIMAL(p,s): -1000..1000 */
} fq_type;

/*
 * Physical representation of one value in a vector, by type:
 *   BOOL                 uint8_t (0 or 1)
 *   INT2, INT4, INT8     int16_t, int32_t, int64_t
 *   DECIMAL              fq_numeric (each value with its own display scale,
 *                        which a DECIMAL(p,s) column's values all share)
 *   FLOAT4, FLOAT8       float, double
 *   CHAR, VARCHAR, BYTEA fq_string (not NUL-terminated; CHAR is blank-padded
 *                        as the source sent it)
 *   DATE                 int32_t days since 2000-01-01
 *   TIME                 int64_t microseconds since midnight
 *   TIMESTAMP[TZ]        int64_t microseconds since 2000-01-01 00:00:00
 *                        (UTC for TIMESTAMPTZ)
 *   INTERVAL             fq_interval
 *   UUID                 fq_uuid (16 bytes, network order)
 * DATE and TIMESTAMP use INT32_MIN/INT32_MAX and INT64_MIN/INT64_MAX for
 * -infinity/infinity, as PostgreSQL does.
 */
typedef __int128 fq_int128;

typedef struct fq_string
{
	const char *ptr;
	uint32_t len;
} fq_string;

typedef struct fq_interval
{
	int64_t usecs;
	int32_t days;
	int32_t months;
} fq_interval;

typedef struct fq_uuid
{
	uint8_t bytes[16];
} fq_uuid;

/*
 * A NUMERIC value, exact, as PostgreSQL's: value = unscaled / 10^dscale,
 * where dscale is the number of digits the value shows after the point
 * (1.50 and 1.5 are equal but print differently).  The unscaled integer is
 * `small` while it fits 127 bits, else `limbs` (its magnitude in base
 * 10^9, least significant limb first, in the arena of the vector or value
 * that holds it) with the sign in `negative`.  NaN and ±Infinity are
 * values of their own.
 */
typedef enum fq_numeric_kind
{
	FQ_NUM_SMALL = 0,
	FQ_NUM_BIG,
	FQ_NUM_NAN,
	FQ_NUM_PINF,
	FQ_NUM_NINF
} fq_numeric_kind;

typedef struct fq_numeric
{
	fq_int128 small;
	const uint32_t *limbs;
	uint32_t nlimbs;
	int16_t dscale;
	uint8_t kind;     /* fq_numeric_kind */
	uint8_t negative; /* FQ_NUM_BIG only */
} fq_numeric;

#define FQ_DATE_NEG_INFINITY INT32_MIN
#define FQ_DATE_POS_INFINITY INT32_MAX
#define FQ_TIMESTAMP_NEG_INFINITY INT64_MIN
#define FQ_TIMESTAMP_POS_INFINITY INT64_MAX

/* ------------------------------------------------------------------ */
/* Results: batches of column vectors                                  */
/* ------------------------------------------------------------------ */

/* Most rows in one batch. */
#define FQ_BATCH_ROWS 2048

typedef struct fq_vector
{
	fq_type type;
	void *data;     /* nrows values of the type's physical representation */
	uint8_t *nulls; /* nrows flags, 1 = NULL; NULL pointer = no NULLs */
} fq_vector;

typedef struct fq_batch
{
	uint32_t nrows;
	uint32_t ncols;
	fq_vector *cols;
} fq_batch;

enum
{
	FQ_NULLABLE_NO = 0,
	FQ_NULLABLE_YES = 1,
	FQ_NULLABLE_UNKNOWN = 2
};

/* One column of a result. */
typedef struct fq_column
{
	const char *name;      /* output label */
	fq_type type;
	int nullable;          /* FQ_NULLABLE_* */
	const char *type_name; /* SQL type name: "integer", "varchar", ... */
	const char *base_column; /* "" when not a plain column */
	const char *table;       /* base table, or "" */
	const char *schema;      /* base table's schema, or "" */
	const char *catalog;     /* database name, or "" */
} fq_column;

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

typedef enum fq_severity
{
	FQ_SEV_ERROR = 0,
	FQ_SEV_WARNING,
	FQ_SEV_NOTICE
} fq_severity;

typedef struct fq_diag
{
	fq_severity severity;
	char sqlstate[6];     /* as raised: PostgreSQL/Redshift code, e.g. 28P01 */
	char odbc_state[6];   /* what an ODBC 3 application expects, e.g. 28000 */
	const char *message;  /* never NULL */
	const char *detail;   /* NULL when none */
	const char *hint;     /* NULL when none */
	int position;         /* 1-based character offset in the statement, 0 */
	int native_code;      /* 0 unless a source gave one */
	bool verbatim;        /* a server's notice as the server worded it
	                       * ("INFO: ..."): shown without fedq's prefix */
} fq_diag;

/* Every SQLSTATE fedq raises, from one table (fq_errcodes.def). */
typedef enum fq_errcode
{
#define FQ_ERRCODE(name, state, odbc, text) FQ_ERR_##name,
#include "fq_errcodes.def"
#undef FQ_ERRCODE
	FQ_ERR__COUNT
} fq_errcode;

const char *fq_errcode_sqlstate(fq_errcode code);
/* The ODBC state for any SQLSTATE, including those a source sent. */
const char *fq_odbc_state(const char *sqlstate);

/* A list of diagnostic records; errors first in the order raised. */
typedef struct fq_diags fq_diags;

fq_diags *fq_diags_new(void); /* NULL only when memory is exhausted */
void fq_diags_free(fq_diags *diags);
void fq_diags_clear(fq_diags *diags);
int fq_diags_count(const fq_diags *diags);
const fq_diag *fq_diags_get(const fq_diags *diags, int i);
/* True when the list holds a record of severity FQ_SEV_ERROR. */
bool fq_diags_has_error(const fq_diags *diags);
/* Adds a record; returns FQ_ERROR so callers can `return fq_diags_add(...)`. */
int fq_diags_add(fq_diags *diags, fq_severity sev, fq_errcode code,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends copies of all of src's records to dst. */
void fq_diags_append(fq_diags *dst, const fq_diags *src);

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

typedef struct fq_session fq_session;
typedef struct fq_stmt fq_stmt;

/* A new, unconnected session; NULL only when memory is exhausted. */
fq_session *fq_session_new(void);

/*
 * Sets a connection key before fq_session_connect (keys are case-blind:
 * Server, Port, Database, UID, PWD, SSLMode, SSLRootCert, SSLCert, SSLKey,
 * SourceSSLMode, SourceSSLRootCert, SourceSSLCert, SourceSSLKey,
 * AllowAnyURI, CatalogFile, SearchPath,
 * MemoryLimit, Spill, SpillDirectory, QueryTimeout, LoginTimeout,
 * MetadataCacheSeconds, LogLevel,
 * LogFile, NumericScale, Pushdown, CheckSources, ConnectSourcesEarly,
 * AWSProfile, AWSRegion,
 * AWSSecretCacheSeconds; README.md documents them).  Unknown keys are
 * ignored and reported by fq_session_is_known_key so callers can warn.  Fails on a value
 * that does not parse.
 */
int fq_session_set_option(fq_session *s, const char *key, const char *value);
bool fq_session_is_known_key(const char *key);

/*
 * Loads the catalog store and, when Server is set, connects to the warehouse.
 * On failure the session may be configured again and retried.
 */
int fq_session_connect(fq_session *s);
void fq_session_disconnect(fq_session *s);
bool fq_session_connected(const fq_session *s);
void fq_session_free(fq_session *s);
const fq_diags *fq_session_diags(const fq_session *s);

/*
 * Transactions.  Autocommit is on by default.  With it off, statements the
 * warehouse runs (passthrough) share one warehouse transaction until
 * fq_session_end_tran; external schemas are read-only and each query reads
 * them in its own snapshot, whatever the mode.
 */
int fq_session_set_autocommit(fq_session *s, bool on);
bool fq_session_autocommit(const fq_session *s);
int fq_session_end_tran(fq_session *s, bool commit);

/* Session facts a client asks about. */
const char *fq_session_database(const fq_session *s); /* "" if none */
const char *fq_session_user(const fq_session *s);     /* "" if none */
const char *fq_session_server_version(const fq_session *s); /* warehouse's */
/* QueryTimeout in seconds (0 = none): the default statement timeout. */
int fq_session_query_timeout(const fq_session *s);
/* NumericScale: the scale ODBC metadata gives NUMERIC without (p,s),
 * whose values each show their own. */
int fq_session_numeric_scale(const fq_session *s);

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

fq_stmt *fq_stmt_new(fq_session *s); /* NULL only when memory is exhausted */
void fq_stmt_free(fq_stmt *st);
const fq_diags *fq_stmt_diags(const fq_stmt *st);

/*
 * Parses, binds and plans one statement.  Statements that fedq does not
 * execute itself and that touch no external schema are kept as text for the
 * warehouse.  Parameters are written '?' or '$n'.
 */
int fq_stmt_prepare(fq_stmt *st, const char *sql, size_t len);

/* Parameters: count and types known after prepare (FQ_T_UNKNOWN = any). */
int fq_stmt_nparams(const fq_stmt *st);
fq_type fq_stmt_param_type(const fq_stmt *st, int i);

/* A scalar value passed in or built by a caller. */
typedef struct fq_value
{
	fq_type type;
	bool isnull;
	union
	{
		int64_t i;     /* BOOL, INT2, INT4, INT8, DATE, TIME, TIMESTAMP[TZ] */
		fq_numeric num; /* DECIMAL: big limbs are copied by the callee */
		double f;      /* FLOAT4, FLOAT8 */
		fq_string s;   /* CHAR, VARCHAR, BYTEA: copied by the callee */
		fq_interval iv;
		fq_uuid uuid;
	} v;
} fq_value;

/* Sets parameter i (0-based) for the next fq_stmt_execute; copied. */
int fq_stmt_set_param(fq_stmt *st, int i, const fq_value *value);

/*
 * Result shape without executing (may ask the warehouse for passthrough
 * statements).  Returns the number of columns, 0 for statements that return
 * no rows, FQ_ERROR on failure.
 *
 * Several statements of a session may have results open at once: each
 * reads external schemas over connections of its own, and when one needs
 * the warehouse connection while another's result is streaming from it,
 * the other's remaining rows are read into memory first (charged to its
 * MemoryLimit).
 */
int fq_stmt_describe(fq_stmt *st);
const fq_column *fq_stmt_column(const fq_stmt *st, int i);

/*
 * Runs the prepared statement.  Afterwards fq_stmt_describe gives the result
 * shape, fq_stmt_fetch the rows and fq_stmt_rowcount the rows a command
 * changed (-1 when not known); of a result set the warehouse sends, its
 * number of rows once a fetch has read its last row.  An open result is
 * closed first.
 */
int fq_stmt_execute(fq_stmt *st);
int64_t fq_stmt_rowcount(const fq_stmt *st);

/*
 * Next batch of the result: 1 with *out set, 0 at the end, FQ_ERROR on
 * failure.  The batch stays valid until the next fetch or close.
 */
int fq_stmt_fetch(fq_stmt *st, const fq_batch **out);

/*
 * A batch of several statements the warehouse runs (text without
 * parameters) has one result per statement, in order.  This moves to the
 * next one, dropping what is left of the current one: 1 when there is
 * another (fq_stmt_describe, fq_stmt_rowcount and fq_stmt_fetch give it),
 * 0 when none is left (then the result is closed), FQ_ERROR when the next
 * statement failed (the warehouse ran none after it).  Other statements
 * have one result: 0.
 */
int fq_stmt_more_results(fq_stmt *st);

/* Closes the open result (cancelling remote work); keeps the statement. */
void fq_stmt_close(fq_stmt *st);

/*
 * Asks the running statement to stop, from any thread, returning at once:
 * the current call (or the next fetch) fails with 57014.  A call waiting
 * on a source asks it to cancel the query and waits a grace period of a
 * second for it; a source that does not answer loses its connection (the
 * next statement connects again).
 */
void fq_stmt_cancel(fq_stmt *st);

/*
 * QueryTimeout for each later call on the statement (prepare, describe,
 * execute, each fetch, catalog listings), in seconds, 0 = none; it
 * starts as the session's QueryTimeout.  A call past it fails with HYT00,
 * whether it waits on a source (connecting included) or works in fedq's
 * own operators, within about a second of the deadline.
 */
void fq_stmt_set_timeout(fq_stmt *st, int seconds);

/* ------------------------------------------------------------------ */
/* Catalog listings (for SQLTables, SQLColumns and friends)            */
/* ------------------------------------------------------------------ */

/*
 * Patterns are SQL LIKE patterns ('%', '_', escape '\'); NULL matches all.
 * Listings cover the warehouse, the external schemas and the system
 * schemas, sorted by schema then table (then ordinal).  The arrays stay
 * valid until the next call on the statement.
 */
typedef struct fq_schema_info
{
	const char *catalog;
	const char *name;
	const char *kind; /* "local", "external", "system" */
} fq_schema_info;

typedef struct fq_table_info
{
	const char *catalog;
	const char *schema;
	const char *name;
	const char *kind;    /* "TABLE", "VIEW", "SYSTEM TABLE", "SYSTEM VIEW" */
	const char *remarks; /* "" when none */
} fq_table_info;

typedef struct fq_column_info
{
	const char *catalog;
	const char *schema;
	const char *table;
	const char *name;
	fq_type type;
	const char *type_name;   /* fedq's SQL type name */
	const char *source_type; /* the source's own type name */
	int nullable;            /* FQ_NULLABLE_* */
	int ordinal;             /* from 1 */
	const char *default_expr; /* NULL when none */
	const char *remarks;      /* "" when none */
} fq_column_info;

/* Catalog patterns ignore case (ODBC's ordinary arguments, as psqlODBC
 * matches them) or not (identifiers, SQL_ATTR_METADATA_ID); off by
 * default. */
void fq_stmt_set_patterns_case_blind(fq_stmt *st, bool on);
int fq_stmt_list_schemas(fq_stmt *st, const char *schema_pattern,
						 const fq_schema_info **out, size_t *n);
int fq_stmt_list_tables(fq_stmt *st, const char *schema_pattern,
						const char *table_pattern, const fq_table_info **out,
						size_t *n);
int fq_stmt_list_columns(fq_stmt *st, const char *schema_pattern,
						 const char *table_pattern, const char *column_pattern,
						 const fq_column_info **out, size_t *n);

/* Keys and indexes, for SQLPrimaryKeys, SQLForeignKeys and SQLStatistics. */
typedef enum fq_key_kind
{
	FQ_KEYS_PRIMARY,
	FQ_KEYS_FOREIGN,
	FQ_KEYS_INDEXES
} fq_key_kind;

typedef struct fq_key_info
{
	const char *catalog;
	const char *schema;       /* as fedq shows it (an external schema's name) */
	const char *table;        /* FOREIGN: the referencing table */
	const char *column;       /* NULL for an index on an expression */
	int seq;                  /* position in the key, from 1 */
	const char *name;         /* the constraint or index */
	char kind;                /* 'p' primary, 'f' foreign, 'u' unique, 'i' index */
	/* FOREIGN: the referenced table's key column */
	const char *ref_catalog;
	const char *ref_schema;
	const char *ref_table;
	const char *ref_column;
	const char *ref_name;
	char on_update;           /* 'a' no action, 'r' restrict, 'c' cascade,
	                           * 'n' set null, 'd' set default */
	char on_delete;
	bool deferrable;
	bool deferred;
	/* INDEXES */
	bool desc;
	const char *filter;       /* a partial index's condition */
	double table_rows;
	double table_pages;
	double index_rows;
	double index_pages;
} fq_key_info;

/*
 * PRIMARY and INDEXES: of (schema, table).  FOREIGN: the foreign keys of
 * the referencing table (schema, table) and/or those that reference
 * (ref_schema, ref_table); NULL names any.  A NULL schema is the table as
 * SearchPath finds it.  Keys are read from the table's source; ones that
 * lead to a table fedq does not show are left out.
 */
int fq_stmt_list_keys(fq_stmt *st, fq_key_kind kind, const char *schema, const char *table,
					  const char *ref_schema, const char *ref_table, const fq_key_info **out,
					  size_t *n);

/*
 * A result built by the caller (catalog functions, type info): begin with
 * the columns, add the rows (values are copied), then fq_stmt_execute and
 * fetch it like any other result.
 */
int fq_stmt_begin_rows(fq_stmt *st, const fq_column *cols, int ncols);
int fq_stmt_add_row(fq_stmt *st, const fq_value *values);

/* ------------------------------------------------------------------ */
/* Values as text and as parts                                         */
/* ------------------------------------------------------------------ */

/*
 * Writes row `row` of vector `v` in PostgreSQL's text form (dates ISO,
 * booleans 't'/'f' as PostgreSQL prints them unless `bool_digits`, which
 * prints 1/0 as ODBC wants).  Returns the length the full text needs; writes
 * at most cap-1 bytes plus a NUL.  The value must not be NULL.
 */
size_t fq_format_value(const fq_vector *v, uint32_t row, char *buf,
					   size_t cap, bool bool_digits);

/*
 * A NUMERIC as 128-bit parts: its unscaled integer at the smallest scale
 * (>= 0) that still shows it exactly, 1.50 giving 150 and 2 when exact is
 * false, 15 and 1 when true (trailing zeros dropped).  Returns -1 when the
 * value has no such form: more than 38 significant digits, NaN, infinity.
 */
int fq_numeric_to_parts(const fq_numeric *x, bool exact, fq_int128 *unscaled, int *scale);
/* A NUMERIC showing `scale` places (0..16383) from 128-bit parts. */
void fq_numeric_from_parts(fq_int128 unscaled, int scale, fq_numeric *out);
/* The nearest double (NaN and the infinities as theirs, ±HUGE_VAL and 0
 * beyond double's range). */
double fq_numeric_to_double(const fq_numeric *x);

typedef struct fq_timestamp_parts
{
	int year, month, day;
	int hour, minute, second;
	int usec;
} fq_timestamp_parts;

/* Splits a DATE/TIME/TIMESTAMP value; fails (-1) for +-infinity. */
int fq_date_split(int32_t days, fq_timestamp_parts *out);
int fq_timestamp_split(int64_t usecs, fq_timestamp_parts *out);
void fq_time_split(int64_t usecs, fq_timestamp_parts *out);
/* Builds a value from parts; fails (-1) when a part is out of range. */
int fq_date_make(const fq_timestamp_parts *p, int32_t *days);
int fq_timestamp_make(const fq_timestamp_parts *p, int64_t *usecs);

/* The engine's version string, e.g. "fedq 0.1.0". */
const char *fq_version(void);

#ifdef __cplusplus
}
#endif

#endif /* FQ_H */
