/*
 * driver.h — the ODBC driver's handles and internal interfaces.
 *
 * libfedqodbc.so is the ODBC face of the engine: it owns the environment,
 * connection and statement handles, keeps ODBC's state rules and diagnostic
 * records, converts between the application's C buffers and the engine's
 * column vectors, and talks to the engine only through fq.h.
 *
 * Every ODBC entry point has the same shape (see drv_enter/drv_leave):
 * validate the handle (SQL_INVALID_HANDLE), lock it, clear its diagnostics,
 * check the state (HY010), call the implementation, turn the diagnostics
 * into the return code, unlock.  ANSI and W entry points convert their
 * strings to UTF-8 and share one implementation.
 *
 * Locking order, to stay free of deadlocks: env->lock, then dbc->lock, then
 * stmt->lock, then dbc->session_lock.  session_lock serialises engine calls
 * on one session (the engine allows one thread per handle, and statements
 * of one session share its warehouse connection).  SQLCancel takes no lock
 * at all: it only calls fq_stmt_cancel, which the engine allows from any
 * thread.
 *
 * Names shared between the driver's files start with drv_; everything else
 * is static.  Only the SQL* entry points are exported from the library: the
 * ODBC headers are included with default visibility while the rest of the
 * code is built with -fvisibility=hidden.
 */
#ifndef FQ_DRIVER_H
#define FQ_DRIVER_H

#include "fq.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(default)
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#pragma GCC visibility pop

/* Version strings the driver reports. */
#define DRV_DRIVER_NAME "libfedqodbc.so"
#define DRV_DRIVER_VER "00.01.0000"
#define DRV_DRIVER_ODBC_VER "03.51"
#define DRV_MSG_PREFIX "[fedq]"

/* Identifier length limits fedq reports (PostgreSQL's NAMEDATALEN - 1 for
 * schemas, tables and columns; Redshift allows 127 bytes). */
#define DRV_MAX_IDENTIFIER_LEN 127

/* Handle magic numbers: a freed or foreign pointer is SQL_INVALID_HANDLE. */
#define DRV_MAGIC_ENV 0x66714556u
#define DRV_MAGIC_DBC 0x66714443u
#define DRV_MAGIC_STMT 0x66715354u
#define DRV_MAGIC_DESC 0x66714453u
#define DRV_MAGIC_DEAD 0xdeadbeefu

/* ------------------------------------------------------------------ */
/* Small growable buffer (the driver does not use engine internals)    */
/* ------------------------------------------------------------------ */

typedef struct drv_buf
{
	char *data;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; contents are incomplete */
} drv_buf;

void drv_buf_reset(drv_buf *b);
void drv_buf_free(drv_buf *b);
bool drv_buf_reserve(drv_buf *b, size_t extra);
void drv_buf_append(drv_buf *b, const void *p, size_t n);
void drv_buf_puts(drv_buf *b, const char *s);
void drv_buf_printf(drv_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Handles                                                             */
/* ------------------------------------------------------------------ */

typedef struct drv_env drv_env;
typedef struct drv_dbc drv_dbc;
typedef struct drv_stmt drv_stmt;

/* One record of an application descriptor (ARD or APD): a C buffer, as
 * SQLBindCol or SQLBindParameter (or SQLSetDescField) gives it. */
typedef struct drv_col_bind
{
	SQLSMALLINT ctype;
	SQLPOINTER ptr;
	SQLLEN buflen;
	SQLLEN *ind;  /* SQL_DESC_INDICATOR_PTR */
	SQLLEN *len;  /* SQL_DESC_OCTET_LENGTH_PTR (SQLBindCol: the same as ind) */
	SQLSMALLINT precision; /* SQL_DESC_PRECISION and SCALE, as set */
	SQLSMALLINT scale;
} drv_col_bind;

/*
 * What an application descriptor holds: its header fields and records.
 * A statement reads its ARD and APD through st->ard and st->apd, which
 * point at its own (st->ard_own, st->apd_own: the implicit descriptors)
 * or at an explicitly allocated descriptor's (drv_desc.app), which
 * several statements of a connection may share.
 */
typedef struct drv_app_desc
{
	drv_col_bind *recs; /* index = record number - 1 */
	int nrecs;          /* allocated entries */
	SQLULEN array_size; /* SQL_ATTR_ROW_ARRAY_SIZE / SQL_ATTR_PARAMSET_SIZE */
	SQLULEN bind_type;  /* SQL_ATTR_ROW_BIND_TYPE / SQL_ATTR_PARAM_BIND_TYPE */
	SQLULEN *bind_offset_ptr;
	SQLUSMALLINT *array_status_ptr; /* SQL_ATTR_ROW_/PARAM_OPERATION_PTR */
} drv_app_desc;

/*
 * A descriptor handle (desc.c).  A statement's four implicit descriptors
 * hold no records of their own but its IRD's and IPD's: each is a view of
 * the statement's bindings (ard_own, apd_own, params), its result
 * description (cols) and its attributes, so SQLBindCol and
 * SQLSetDescField on the ARD change the same thing.  An explicitly
 * allocated descriptor (SQLAllocHandle(SQL_HANDLE_DESC)) belongs to a
 * connection, holds an application descriptor (app) and serves as the
 * ARD or APD of any statements that SQLSetStmtAttr associates with it.
 */
typedef enum drv_desc_kind
{
	DRV_ARD = 0,
	DRV_APD,
	DRV_IRD,
	DRV_IPD,
	DRV_NDESC,
	DRV_EXPLICIT /* an explicitly allocated one: ARD or APD as used */
} drv_desc_kind;

typedef struct drv_desc
{
	unsigned magic;
	drv_desc_kind kind;
	drv_stmt *st;     /* implicit: the statement whose lock guards it */
	fq_diags *diags;
	SQLRETURN last_rc;
	/* Explicit descriptors only. */
	drv_dbc *dbc;     /* the connection it was allocated on */
	struct drv_desc *next; /* the connection's list */
	pthread_mutex_t lock;  /* guards app; a call on a statement using it as its
	                        * ARD or APD holds it too (drv_stmt_enter) */
	drv_app_desc app;
} drv_desc;

struct drv_env
{
	unsigned magic;
	pthread_mutex_t lock;
	fq_diags *diags;
	SQLRETURN last_rc; /* for SQL_DIAG_RETURNCODE */
	SQLINTEGER odbc_version; /* SQL_OV_ODBC2, SQL_OV_ODBC3, SQL_OV_ODBC3_80 */
	SQLUINTEGER connection_pooling;
	SQLUINTEGER cp_match;
	drv_dbc *dbcs; /* connections allocated on this environment */
};

struct drv_dbc
{
	unsigned magic;
	pthread_mutex_t lock;
	pthread_mutex_t session_lock;
	fq_diags *diags;
	SQLRETURN last_rc;
	drv_env *env;
	drv_dbc *next;
	drv_stmt *stmts;
	drv_desc *descs; /* explicitly allocated descriptors */

	fq_session *session; /* NULL until the first connect attempt */
	bool connected;
	bool has_warehouse;  /* a Server key was given */
	char *dsn;           /* data source name, "" for DSN-less */
	char *server;        /* the Server key, "" without a warehouse */

	/* Attributes (some applied to the session when it connects). */
	bool autocommit;
	SQLUINTEGER login_timeout;
	SQLUINTEGER packet_size;
	SQLUINTEGER access_mode;
	SQLUINTEGER metadata_id;
	SQLUINTEGER quiet_mode_set;

	/* SQLBrowseConnect: the keys given so far, between SQL_NEED_DATA and
	 * the connection (connect.c). */
	bool browsing;
	struct drv_kvlist *browse;
};

/* A parameter's SQL side: one record of the IPD (its C side is the
 * APD's record of the same number). */
typedef struct drv_param_bind
{
	bool bound;   /* set by SQLBindParameter or through the IPD */
	SQLSMALLINT io_type;
	SQLSMALLINT sqltype;
	SQLULEN colsize;
	SQLSMALLINT digits;
} drv_param_bind;

/* Result column metadata, copied from the engine so it outlives calls. */
typedef struct drv_col
{
	char *name;
	fq_type type;
	int nullable;
	char *local_type; /* the engine's type name */
	char *base_column;
	char *table;
	char *schema;
	char *catalog;
} drv_col;

/* Where SQLGetData stands in the current row. */
typedef struct drv_getdata
{
	int col;           /* 1-based column last read, 0 none */
	SQLSMALLINT ctype; /* C type of the cached representation */
	bool done;         /* the column was read to its end */
	bool cached;       /* buf holds the column's full representation */
	size_t offset;     /* bytes of buf already returned */
	drv_buf buf;
} drv_getdata;

/* Data-at-execution parameters collected by SQLParamData/SQLPutData. */
typedef struct drv_dae
{
	bool active;     /* between SQL_NEED_DATA and the final SQLParamData */
	int current;     /* 0-based parameter being sent, -1 before the first */
	bool got_data;   /* SQLPutData was called for the current parameter */
	drv_buf *values; /* one per parameter */
	bool *isnull;
	int n;
} drv_dae;

struct drv_stmt
{
	unsigned magic;
	pthread_mutex_t lock;
	fq_diags *diags;
	SQLRETURN last_rc;
	drv_dbc *dbc;
	drv_stmt *next;
	fq_stmt *fq;

	/* State. */
	bool prepared;    /* fq_stmt_prepare succeeded (SQLPrepare or direct) */
	bool prepared_by_app; /* SQLPrepare, so SQLExecute may run it again */
	bool executed;    /* executed since the last prepare/close */
	bool has_cursor;  /* an open result set */
	bool described;   /* cols/ncols are valid */
	int ncols;
	drv_col *cols;
	int64_t rowcount;
	atomic_int busy;     /* inside an engine call that SQLCancel may stop */

	/* Fetch position. */
	const fq_batch *batch;  /* current batch, NULL before the first */
	uint32_t next_row;      /* next row of batch to deliver */
	const fq_batch *row_batch; /* batch of the current row (SQLGetData) */
	uint32_t row;           /* current row in row_batch */
	bool on_row;            /* positioned on a row */
	bool at_end;            /* the result is exhausted */
	uint64_t rows_delivered;
	SQLULEN last_rowset;    /* rows in the last rowset (SQLGetData needs 1) */
	/* Where the rows of the last rowset that are still held begin: slot
	 * rs_slot holds row rs_row of the current batch, and the slots after
	 * it the rows after it (slots before came from an earlier batch, which
	 * the engine no longer holds).  SQLSetPos(SQL_POSITION) reads them. */
	SQLULEN rs_slot;
	uint32_t rs_row;
	bool positioned;        /* SQLSetPos chose a row of the rowset */
	SQLULEN pos_slot;       /* that row, 0-based */
	drv_getdata gd;
	fq_diags *fetch_error;  /* a read SQLRowCount made ahead failed: for the next fetch */

	/* Bindings: the application descriptors in use (the statement's own,
	 * or explicitly allocated ones: ard_desc, apd_desc), and the IPD's
	 * records. */
	drv_app_desc *ard;
	drv_app_desc *apd;
	drv_app_desc ard_own;
	drv_app_desc apd_own;
	drv_desc *ard_desc; /* the explicit descriptor serving as ARD, or NULL */
	drv_desc *apd_desc;
	drv_desc *held_descs[2]; /* the explicit ones whose locks this call holds */
	drv_param_bind *params;
	int nparams_bound;
	drv_dae dae;

	/* Statement attributes (the ARD's and APD's header fields are in
	 * *ard and *apd). */
	SQLULEN *rows_fetched_ptr;
	SQLUSMALLINT *row_status_ptr;
	SQLULEN *params_processed_ptr;
	SQLUSMALLINT *param_status_ptr;
	SQLULEN param_row;     /* the parameter set being read (arrays) */
	SQLULEN max_rows;
	SQLULEN max_length;
	SQLULEN query_timeout;
	SQLULEN noscan;
	SQLULEN retrieve_data;
	SQLULEN metadata_id;
	SQLULEN keyset_size;
	char *cursor_name;

	drv_buf scratch; /* conversions of one value */

	drv_desc desc[DRV_NDESC]; /* implicit ARD, APD, IRD, IPD */
};

/* ------------------------------------------------------------------ */
/* Entry point discipline (handles.c)                                  */
/* ------------------------------------------------------------------ */

/*
 * Validate, lock and clear diagnostics.  They return false (and do not
 * lock) for an invalid handle, in which case the entry point returns
 * SQL_INVALID_HANDLE.
 */
bool drv_env_enter(SQLHENV h, drv_env **out);
bool drv_dbc_enter(SQLHDBC h, drv_dbc **out);
bool drv_stmt_enter(SQLHSTMT h, drv_stmt **out);
/* Validate and lock without clearing (SQLGetDiagRec/Field). */
bool drv_handle_lock(SQLSMALLINT type, SQLHANDLE h, fq_diags **diags,
					 pthread_mutex_t **lock);

/*
 * Final return code: SQL_ERROR when the handle holds an error record,
 * SQL_SUCCESS_WITH_INFO when it holds warnings or notices and rc was
 * SQL_SUCCESS, rc otherwise.  Unlocks the handle.
 */
SQLRETURN drv_env_leave(drv_env *env, SQLRETURN rc);
SQLRETURN drv_dbc_leave(drv_dbc *dbc, SQLRETURN rc);
SQLRETURN drv_stmt_leave(drv_stmt *st, SQLRETURN rc);

/* The ODBC version the application asked for (decides date type codes). */
SQLINTEGER drv_odbc_version(const drv_dbc *dbc);
static inline bool
drv_odbc2(const drv_dbc *dbc)
{
	return drv_odbc_version(dbc) == SQL_OV_ODBC2;
}

/* Descriptors (desc.c): set up and tear down a statement's implicit
 * descriptors; validate and lock a descriptor handle (its statement's
 * lock) and clear its diagnostics. */
bool drv_descs_init(drv_stmt *st);
void drv_descs_free(drv_stmt *st);
bool drv_desc_enter(SQLHDESC h, drv_desc **out);
SQLRETURN drv_desc_leave(drv_desc *d, SQLRETURN rc);
/* The lock that guards a descriptor: its statement's, or its own. */
pthread_mutex_t *drv_desc_lock(drv_desc *d);
/* Explicitly allocated descriptors: SQLAllocHandle, SQLFreeHandle (which
 * turns the statements using one back to their own), and all of a
 * connection's at SQLDisconnect (its statements are gone by then). */
SQLRETURN drv_alloc_desc(drv_dbc *dbc, SQLHDESC *out);
SQLRETURN drv_free_desc(SQLHDESC h);
void drv_free_descs(drv_dbc *dbc);
/* SQLSetStmtAttr(SQL_ATTR_APP_ROW_DESC / SQL_ATTR_APP_PARAM_DESC). */
SQLRETURN drv_stmt_use_desc(drv_stmt *st, bool row, SQLHDESC h);
/*
 * Record `rec` (1-based) of an application descriptor, growing it with
 * empty records when `grow` (NULL when memory runs out); without `grow`,
 * NULL past its records.  drv_ipd_rec is the same for the IPD.
 */
drv_col_bind *drv_app_rec(drv_app_desc *a, int rec, bool grow);
drv_param_bind *drv_ipd_rec(drv_stmt *st, int rec, bool grow);
/* Empties an application descriptor's records (SQL_DESC_COUNT 0). */
void drv_app_unbind(drv_app_desc *a);

/* Forgets a browse in progress (SQLBrowseConnect). */
void drv_browse_reset(drv_dbc *dbc);

/* Allocation and release of handles (handles.c). */
SQLRETURN drv_alloc_env(SQLHENV *out);
SQLRETURN drv_alloc_dbc(drv_env *env, SQLHDBC *out);
SQLRETURN drv_alloc_stmt(drv_dbc *dbc, SQLHSTMT *out);
void drv_stmt_destroy(drv_stmt *st);
/* SQLFreeHandle(SQL_HANDLE_STMT) and SQLFreeStmt(SQL_DROP). */
SQLRETURN drv_free_stmt(SQLHSTMT h);

/* ------------------------------------------------------------------ */
/* Diagnostics (diag.c)                                                */
/* ------------------------------------------------------------------ */

/* Record a driver error/warning on a handle; return SQL_ERROR or
 * SQL_SUCCESS_WITH_INFO respectively so callers can `return drv_error(..)`. */
SQLRETURN drv_error(fq_diags *d, fq_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
SQLRETURN drv_warn(fq_diags *d, fq_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Out of memory in the driver itself. */
SQLRETURN drv_nomem(fq_diags *d);
/* Copy the engine's diagnostics of the last call; SQL_ERROR if it failed. */
SQLRETURN drv_engine_diags(fq_diags *d, const fq_diags *engine, int rc);
/* The full message of a record as the application sees it ([fedq]...). */
void drv_diag_message(const fq_diag *rec, drv_buf *out);

/* ------------------------------------------------------------------ */
/* Strings (strings.c)                                                 */
/* ------------------------------------------------------------------ */

/* Length of an input string given its length argument (SQL_NTS aware);
 * -1 when the length is invalid. */
SQLLEN drv_str_len(const SQLCHAR *s, SQLLEN len);
/* A NUL-terminated copy of an ANSI/UTF-8 argument; NULL for a NULL
 * pointer.  *ok is false only when memory ran out or len was invalid. */
char *drv_str_dup(const SQLCHAR *s, SQLLEN len, bool *ok);
/* The UTF-8 form of a UTF-16 argument (len in characters or SQL_NTS). */
char *drv_wstr_dup(const SQLWCHAR *s, SQLLEN len, bool *ok);
/*
 * The driver manager's SQLWCHAR: drv_wchar_size() bytes a unit, 2 (UTF-16,
 * unixODBC) or 4 (UCS-4, iODBC), decided by drv_wchar_detect from the
 * address of the code that allocated an environment.  "UTF-16" below
 * means that encoding; drv_wchar_get/put read and write one unit.
 */
size_t drv_wchar_size(void);
void drv_wchar_detect(const void *caller);
uint32_t drv_wchar_get(const void *s, size_t i);
void drv_wchar_put(void *s, size_t i, uint32_t c);
/* UTF-8 to UTF-16 into a buffer; returns the number of UTF-16 units the
 * whole string needs.  Invalid UTF-8 becomes U+FFFD. */
size_t drv_utf8_to_utf16(const char *s, size_t n, SQLWCHAR *out, size_t cap);
/* UTF-16 to UTF-8 appended to a buffer (unpaired surrogates -> U+FFFD). */
void drv_utf16_to_utf8(const SQLWCHAR *s, size_t n, drv_buf *out);

/*
 * Return a UTF-8 string to an application buffer as ODBC does: ANSI or
 * UTF-16, NUL-terminated when there is room, truncated on a character
 * boundary.  buflen and *outlen count bytes when len_in_bytes, characters
 * otherwise (W functions differ on this).  Returns true when the string was
 * truncated (the caller posts 01004).
 */
bool drv_put_str(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
				 SQLLEN buflen, SQLLEN *outlen);
/* The same with the three length types ODBC uses for *outlen. */
bool drv_put_str_s(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
				   SQLLEN buflen, SQLSMALLINT *outlen);
bool drv_put_str_i(const char *s, bool wide, bool len_in_bytes, SQLPOINTER buf,
				   SQLLEN buflen, SQLINTEGER *outlen);

/* Case-blind ASCII comparison. */
int drv_strcasecmp(const char *a, const char *b);
char *drv_strdup(const char *s); /* NULL-safe strdup */

/* ------------------------------------------------------------------ */
/* ODBC escape sequences (escape.c)                                    */
/* ------------------------------------------------------------------ */

/*
 * The statement text with {d ...}, {ts ...}, {fn ...}, {oj ...} and the
 * other escapes translated (malloc'd; the text itself when it has none).
 * NULL with *err set on a bad escape; *unsupported when it asks for
 * something fedq does not do ({call}).
 */
char *drv_translate_escapes(const char *sql, const char **err, bool *unsupported);

/* ------------------------------------------------------------------ */
/* Connection strings (connstr.c)                                      */
/* ------------------------------------------------------------------ */

typedef struct drv_kv
{
	char *key;
	char *value;
} drv_kv;

typedef struct drv_kvlist
{
	drv_kv *items;
	int n;
	int cap;
} drv_kvlist;

/*
 * Parses "k=v;k={v;with;semicolons};..." (braces quote, "}}" inside braces
 * is one "}").  Later keys replace earlier ones, case-blind.  Returns false
 * with *err set to a static message on a syntax error or exhausted memory.
 */
bool drv_connstr_parse(const char *s, drv_kvlist *out, const char **err);
const char *drv_kv_get(const drv_kvlist *l, const char *key);
/* Sets (replaces) a key; false when out of memory. */
bool drv_kv_set(drv_kvlist *l, const char *key, const char *value);
void drv_kv_free(drv_kvlist *l);
/* Appends "key=value;" quoting the value with braces when needed. */
void drv_connstr_append(drv_buf *out, const char *key, const char *value);

/* ------------------------------------------------------------------ */
/* Type mapping (types.c)                                              */
/* ------------------------------------------------------------------ */

/* What ODBC says about an engine type (Appendix D rules). */
typedef struct drv_typeinfo
{
	SQLSMALLINT sql_type;     /* concise type for the app's ODBC version */
	SQLSMALLINT verbose_type; /* SQL_DESC_TYPE */
	SQLSMALLINT datetime_sub; /* SQL_DESC_DATETIME_INTERVAL_CODE, 0 none */
	SQLLEN column_size;       /* SQL_DESC_PRECISION for numerics, length
	                           * in characters for strings */
	SQLSMALLINT decimal_digits; /* scale / fractional seconds, -1 = none */
	SQLLEN display_size;
	SQLLEN octet_length;      /* bytes of the default C representation */
	SQLSMALLINT radix;        /* 10, or 0 for non-numeric types */
	SQLSMALLINT c_type;       /* default C type */
	bool is_unsigned;         /* SQL_DESC_UNSIGNED */
	bool case_sensitive;
	SQLSMALLINT searchable;
	const char *type_name;    /* equals SQLGetTypeInfo's TYPE_NAME */
	const char *literal_prefix; /* NULL when none */
	const char *literal_suffix;
} drv_typeinfo;

/* numeric_scale: what NUMERIC without (p,s) reports as its scale
 * (NumericScale); its values show their own. */
void drv_type_info(const fq_type *t, bool odbc2, int numeric_scale, drv_typeinfo *out);
/* The connection's NumericScale. */
int drv_numeric_scale(const drv_dbc *dbc);
/* The SQL type code for the app's ODBC version (SQL_TYPE_DATE vs SQL_DATE). */
SQLSMALLINT drv_sql_type_for_version(SQLSMALLINT sql_type, bool odbc2);
/* The engine type fedq uses for a parameter of this SQL type; false for a
 * type fedq cannot take. */
bool drv_fq_type_for_sql(SQLSMALLINT sql_type, SQLULEN colsize,
						 SQLSMALLINT digits, fq_type *out);
/* Size of a fixed-length C type, 0 for variable-length ones (CHAR, WCHAR,
 * BINARY) and -1 for unknown types. */
SQLLEN drv_ctype_size(SQLSMALLINT ctype);
/* The C type SQL_C_DEFAULT stands for. */
SQLSMALLINT drv_default_ctype(const fq_type *t);
bool drv_valid_ctype(SQLSMALLINT ctype);
bool drv_valid_sqltype(SQLSMALLINT sqltype);

/* ------------------------------------------------------------------ */
/* Values: engine to application (convert.c)                          */
/* ------------------------------------------------------------------ */

typedef enum drv_conv
{
	DRV_CONV_OK = 0,
	DRV_CONV_TRUNC,  /* 01004: string data right truncated */
	DRV_CONV_FRAC,   /* 01S07: fractional truncation */
	DRV_CONV_ERROR   /* recorded in the handle's diagnostics */
} drv_conv;

/*
 * Convert row `row` of vector `v` (result column `col`, 1-based) to C type
 * `ctype` into buf (which may be NULL: then only *ind is set).  *ind
 * receives the length or SQL_NULL_DATA; it may be NULL only for non-NULL
 * values (22002 otherwise).  With gd (SQLGetData), variable-length values
 * are returned in pieces that continue where the previous call stopped and
 * gd->done is set after the last piece; without gd (bound columns) a value
 * is returned once, truncated to the buffer.
 */
drv_conv drv_convert(drv_stmt *st, const fq_vector *v, uint32_t row, int col,
					 SQLSMALLINT ctype, SQLPOINTER buf, SQLLEN buflen,
					 SQLLEN *ind, drv_getdata *gd);

/*
 * Parses a date, time or timestamp in ISO form ("2024-02-29",
 * "13:45:30.5", "2024-02-29 13:45:30[.ffffff]", 'T' accepted) or ODBC
 * escape form ({d '...'}, {t '...'}, {ts '...'}).  *has_date and *has_time say
 * which parts were present.  False on a syntax or range error.
 */
bool drv_parse_datetime(const char *s, size_t n, fq_timestamp_parts *p,
						bool *has_date, bool *has_time);

/* Formats an unscaled 128-bit decimal; buf needs 42 bytes. */
/* Most digits a 128-bit decimal (and SQL_NUMERIC_STRUCT) holds. */
#define DRV_DEC_MAX_DIGITS 38
size_t drv_dec_format(fq_int128 v, int scale, char *buf);
/* Parses a decimal number: digits, one '.', optional sign and exponent.
 * The result has the scale of the text (or `want_scale` >= 0, rounding
 * half away from zero).  Returns 0, or -1 syntax, -2 out of range. */
int drv_dec_parse(const char *s, size_t n, int want_scale, fq_int128 *out,
				  int *scale_out);

/* ------------------------------------------------------------------ */
/* Values: application to engine (params.c)                            */
/* ------------------------------------------------------------------ */

/* Converts the bound parameters and hands them to the engine; false after
 * recording the reason. */
bool drv_params_apply(drv_stmt *st, int nparams);
/* True when some bound parameter asks for data at execution. */
bool drv_params_need_data(drv_stmt *st, int nparams);
/* True when parameter i (0-based) asks for data at execution. */
bool drv_param_is_dae(const drv_stmt *st, int i);

/* ------------------------------------------------------------------ */
/* Statements (exec.c, results.c, catalog.c)                          */
/* ------------------------------------------------------------------ */

/* Closes the cursor (engine result and fetch state); keeps the statement. */
void drv_stmt_close_cursor(drv_stmt *st);
/* SQLRowCount of an unread result set: reads its first batch ahead. */
void drv_stmt_read_ahead(drv_stmt *st);
/* Forgets the prepared statement, result and metadata. */
void drv_stmt_reset(drv_stmt *st);
/* Reads the result shape from the engine into st->cols. */
SQLRETURN drv_stmt_describe(drv_stmt *st);
/* Sets up a result the driver builds itself (catalog functions). */
SQLRETURN drv_stmt_begin_rows(drv_stmt *st, const fq_column *cols, int ncols);
SQLRETURN drv_stmt_add_row(drv_stmt *st, const fq_value *values);
/* Marks a driver-built result as executed and open. */
SQLRETURN drv_stmt_rows_done(drv_stmt *st);
/* Runs fn under the session lock with SQLCancel and the query timeout
 * armed (busy flag, the statement's timeout given to the engine). */
int drv_stmt_engine_call(drv_stmt *st, int (*fn)(drv_stmt *st, void *arg),
						 void *arg);
/* Checks that a statement may start something new (no open cursor: 24000;
 * data-at-execution in progress: HY010). */
bool drv_stmt_check_idle(drv_stmt *st);

/* Catalog helpers shared by catalog.c and types.c. */
fq_value drv_val_str(const char *s);
fq_value drv_val_int2(int v);
fq_value drv_val_int4(int32_t v);
fq_value drv_val_null(fq_type_id id);
/* A result column of a driver-built result; VARCHAR columns are
 * VARCHAR(128) (identifiers) unless drv_col_def_len says otherwise. */
fq_column drv_col_def(const char *name, fq_type_id id, int nullable);
fq_column drv_col_def_len(const char *name, fq_type_id id, int nullable, int32_t length);

/* SQLColAttribute's answer for a described column (results.c); the IRD
 * reads its records through it. */
SQLRETURN drv_col_attribute(drv_stmt *st, SQLUSMALLINT col, SQLUSMALLINT field,
							SQLPOINTER charattr, SQLSMALLINT buflen,
							SQLSMALLINT *strlen_out, SQLLEN *numattr, bool wide);
/* SQLSetStmtAttr's implementation (stmtattr.c); the descriptors' header
 * fields set the statement attributes they stand for through it. */
SQLRETURN drv_set_stmt_attr(drv_stmt *st, SQLINTEGER attr, SQLPOINTER value);

/* What catalog.c lends catalog_extra.c: whether a catalog argument names
 * fedq's catalog; a schema/table argument as the engine's LIKE pattern
 * (NULL: any; SQL_ATTR_METADATA_ID makes it an identifier); the keys or
 * indexes of one table (a copy the caller frees). */
bool drv_catalog_matches(drv_stmt *st, const char *cat);
bool drv_catalog_pattern(drv_stmt *st, const char *arg, const char *what, char **out);
SQLRETURN drv_table_key_list(drv_stmt *st, fq_key_kind kind, const char *cat,
							 const char *schema, const char *table, const char *fn,
							 fq_key_info **list, char ***strings, size_t *n);
void drv_key_list_free(fq_key_info *list, char **strings);

/* SQLGetTypeInfo's result (types.c). */
SQLRETURN drv_type_info_result(drv_stmt *st, SQLSMALLINT data_type);

/* Implementations shared by ANSI and W entry points. */
SQLRETURN drv_exec_direct(drv_stmt *st, const char *sql);
SQLRETURN drv_prepare(drv_stmt *st, const char *sql);
SQLRETURN drv_tables(drv_stmt *st, const char *cat, const char *schema,
					 const char *table, const char *types);
SQLRETURN drv_columns(drv_stmt *st, const char *cat, const char *schema,
					  const char *table, const char *column);
SQLRETURN drv_primary_keys(drv_stmt *st, const char *cat, const char *schema, const char *table);
SQLRETURN drv_foreign_keys(drv_stmt *st, const char *pkcat, const char *pkschema,
						   const char *pktable, const char *fkcat, const char *fkschema,
						   const char *fktable);
SQLRETURN drv_special_columns(drv_stmt *st, SQLUSMALLINT idtype, const char *cat,
							  const char *schema, const char *table, SQLUSMALLINT scope,
							  SQLUSMALLINT nullable);
SQLRETURN drv_statistics(drv_stmt *st, const char *cat, const char *schema, const char *table,
						 SQLUSMALLINT unique);

#endif
