/*
 * pg_int.h — what the files of the PostgreSQL connector share and nobody
 * else sees: the connection struct, error raising from libpq results,
 * cancellation, and a small SQL scanner for passthrough text.
 *
 * Only files in engine/connectors/postgres/ include this header (and with
 * it libpq-fe.h).
 */
#ifndef FQ_PG_INT_H
#define FQ_PG_INT_H

#include "connectors/postgres/pg.h"

#include <libpq-fe.h>
#include <pthread.h>

/* Type OIDs of pg_type.h that the connector reads natively. */
#define PG_OID_BOOL 16
#define PG_OID_BYTEA 17
#define PG_OID_CHAR 18
#define PG_OID_NAME 19
#define PG_OID_INT8 20
#define PG_OID_INT2 21
#define PG_OID_INT4 23
#define PG_OID_TEXT 25
#define PG_OID_FLOAT4 700
#define PG_OID_FLOAT8 701
#define PG_OID_BPCHAR 1042
#define PG_OID_VARCHAR 1043
#define PG_OID_DATE 1082
#define PG_OID_TIME 1083
#define PG_OID_TIMESTAMP 1114
#define PG_OID_TIMESTAMPTZ 1184
#define PG_OID_INTERVAL 1186
#define PG_OID_NUMERIC 1700
#define PG_OID_UUID 2950

struct fq_pg_conn
{
	PGconn *conn;
	/*
	 * fq_pg_cancel runs on any thread, possibly while fq_pg_disconnect runs
	 * on another: the PGcancel object is only touched under this lock.
	 */
	pthread_mutex_t cancel_lock;
	PGcancel *cancel;
	char *label;          /* "external schema \"rds\"" (malloc'd) */
	char version[32];     /* "15.18" */
	int server_num;       /* PQserverVersion: 150018 */
	bool is_source;
	bool broken;          /* the server closed the connection */
	bool busy;            /* a scan or passthrough result is open */
	fq_diags *notice_d;   /* where server notices go during a call */
};

/*
 * Raises the error of a failed libpq call: the server's SQLSTATE, message
 * prefixed by the label, detail and hint; with_position keeps the
 * statement position (passthrough only: it then refers to the user's
 * text).  res may be NULL (libpq failed before a result existed).  A lost
 * connection becomes 08006 and marks the connection broken.
 */
int fq_pg_raise_result(fq_pg_conn *c, const PGresult *res, bool with_position,
					   fq_diags *d);
/* Raises for a libpq call that failed without a result (PQsendQuery...). */
int fq_pg_raise_conn(fq_pg_conn *c, fq_diags *d);
/* FQ_OK when the connection can take a new query, else raises. */
int fq_pg_check_ready(fq_pg_conn *c, fq_diags *d);
/* Sends a cancel request and waits for the server to receive it. */
void fq_pg_send_cancel(fq_pg_conn *c);
/* Marks the connection broken when libpq says it is. */
void fq_pg_note_status(fq_pg_conn *c);

/*
 * The shape of a passthrough text, found without a server: how many
 * statements it holds (top-level ';' outside quotes, comments, dollar
 * quotes and parentheses) and whether its only statement is a plain read
 * (SELECT, VALUES, TABLE, SHOW, or WITH without INSERT/UPDATE/DELETE/
 * MERGE), which may be cancelled without undoing any change.
 */
typedef struct fq_pg_sql_shape
{
	int nstatements;
	bool plain_read;
} fq_pg_sql_shape;

void fq_pg_sql_shape_of(const char *sql, fq_pg_sql_shape *out);

#endif
