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

#include "core/interrupt.h"

#include <endian.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

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

/*
 * COPY's binary format, which pg_scan.c reads and pg_copyin.c writes: a
 * header (the signature, 32-bit flags, a 32-bit extension length, then
 * the extension), rows (a 16-bit field count, then each field as a 32-bit
 * length, -1 for NULL, and the value's bytes as the type's send function
 * makes them), a trailer (field count -1).  Integers are big-endian.
 */
#define PG_COPY_SIGNATURE "PGCOPY\n\377\r\n" /* and its NUL: 11 bytes */
#define PG_COPY_SIGNATURE_LEN 11
#define PG_COPY_HEADER_LEN 19
#define PG_COPY_FLAG_OIDS (1u << 16)
#define PG_COPY_TRAILER (-1)

/* numeric's binary form: ndigits, weight, this sign word, dscale, then
 * ndigits base-10000 digits (16 bits each), the first worth
 * 10000^weight.  The infinities are PostgreSQL 14's. */
#define PG_NUMERIC_POS 0x0000
#define PG_NUMERIC_NEG 0x4000
#define PG_NUMERIC_NAN 0xC000
#define PG_NUMERIC_PINF 0xD000
#define PG_NUMERIC_NINF 0xF000
#define PG_NUMERIC_INF_VERSION 140000

/* Big-endian reads and writes of the binary formats. */
static inline uint16_t
fq_pg_rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return be16toh(v);
}

static inline uint32_t
fq_pg_rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static inline uint64_t
fq_pg_rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

static inline void
fq_pg_wr16(uint8_t *p, uint16_t v)
{
	v = htobe16(v);
	memcpy(p, &v, 2);
}

static inline void
fq_pg_wr32(uint8_t *p, uint32_t v)
{
	v = htobe32(v);
	memcpy(p, &v, 4);
}

static inline void
fq_pg_wr64(uint8_t *p, uint64_t v)
{
	v = htobe64(v);
	memcpy(p, &v, 8);
}

/* A cancel request on its way (pg_conn.c): shared by the connection and
 * the thread sending it, freed by whichever lets go last. */
typedef struct fq_pg_cancel_ticket fq_pg_cancel_ticket;

struct fq_pg_conn
{
	PGconn *conn;         /* NULL once dropped (broken is then set) */
	/* fq_pg_cancel may run on another thread: `ticket`, and `conn` going
	 * NULL, are changed under this lock. */
	pthread_mutex_t mu;
	char *label;          /* "external schema \"rds\"" (malloc'd) */
	char version[32];     /* "15.18" */
	int server_num;       /* PQserverVersion: 150018 */
	bool is_source;
	bool broken;          /* the server closed the connection */
	bool busy;            /* a scan or passthrough result is open */
	bool own_read;        /* in a read transaction of fedq's (fq_pg_begin_read) */
	fq_diags *notice_d;   /* where server notices go during a call */
	/* Interrupting the query in progress (pg_conn.c, fq_pg_wait). */
	fq_pg_cancel_ticket *ticket; /* the last cancel request sent */
	bool cancel_sent;     /* for the query in progress */
	bool sent_winding_down; /* the query was sent after its call was interrupted */
	fq_interrupt_reason stopped; /* why fedq asked the source to stop */
	int64_t drain_until;  /* a drain's waits end then (fq_now_ms), 0 none */
	/*
	 * client_connection_check_interval is not set yet (a server of 14 or
	 * later not known to this process when connecting): it goes with the
	 * next query fedq sends there, folded into it where that query allows
	 * (pg_conn.c, "Session settings").
	 */
	bool setup_pending;
	bool setup_in_txn;    /* set by the BEGIN of the read transaction in progress */
};

/* What client_connection_check_interval is set to (pg_conn.c). */
#define CLIENT_CHECK_INTERVAL "5s"
#define CLIENT_CHECK_SET "SET client_connection_check_interval = '" CLIENT_CHECK_INTERVAL "'"

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
/*
 * Asks the server to cancel the query in progress, without waiting for
 * it: a thread sends the request (PQcancel may block on an unreachable
 * host).  A connection whose cancel request has not arrived yet is not
 * given a new query (fq_pg_alive is false, fq_pg_check_ready waits a
 * little), so a late cancel never hits the wrong query.
 */
void fq_pg_send_cancel(fq_pg_conn *c);

/*
 * Waiting on the server.  The connection is in libpq's nonblocking mode;
 * every wait polls its socket in short slices and, between them, checks
 * the interrupt of the call in progress (core/interrupt.h).  When the call
 * is cancelled or its deadline passes, the server gets a cancel request
 * and the grace period to end the query; after that, or when a drain
 * (fq_pg_drain_begin) takes longer than the grace period, the connection
 * is dropped (PQfinish; broken) and the wait fails, raising the interrupt's
 * error (57014 / HYT00), or 08006 for a drain, into d (when not NULL).
 */
/* Sends a query (and its parameters), in single-row mode if asked,
 * flushing it with waits. */
int fq_pg_send_query(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
					 bool single_row, fq_diags *d);
/* fq_pg_send_query for a catalog query (pg_meta.c): a short read that
 * goes without the session settings still pending. */
int fq_pg_send_catalog_query(fq_pg_conn *c, const char *sql, int nparams,
							 const char *const *values, fq_diags *d);
/* After a query that carried the pending session settings failed: they
 * are given up (a server that refuses them still serves queries), and
 * true when the query should be sent again without them (the connection
 * is idle and was not cancelled). */
bool fq_pg_setup_refused(fq_pg_conn *c);
/* After a PQsend* call fq_pg_send_query does not make (Prepare,
 * Describe): notes the query and flushes it with waits. */
int fq_pg_sent(fq_pg_conn *c, fq_diags *d);
/* Closes the connection now (broken; the next statement connects again). */
void fq_pg_drop(fq_pg_conn *c);
/* Flushes what libpq has queued, with waits (data of a COPY FROM STDIN). */
int fq_pg_flush(fq_pg_conn *c, fq_diags *d);
/* The next result of the query in progress (*res NULL after the last). */
int fq_pg_get_result(fq_pg_conn *c, PGresult **res, fq_diags *d);
/* The next COPY OUT message: *len > 0 with *buf (PQfreemem it), -1 at the
 * end of the data, -2 when libpq failed (PQgetCopyData's codes). */
int fq_pg_get_copy(fq_pg_conn *c, char **buf, int *len, fq_diags *d);
/* PQexec with waits: the last result (NULL and FQ_ERROR when a wait
 * failed, raised into d). */
int fq_pg_exec(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
			   PGresult **last, fq_diags *d);
/* Its second half, after fq_pg_send_query: waits for the results and
 * keeps the last (as PQexec, an error over what follows it). */
int fq_pg_exec_results(fq_pg_conn *c, PGresult **last, fq_diags *d);
/* Bounds the waits of a drain (reading a cancelled query's rest) by the
 * grace period; fq_pg_drain_end lifts the bound. */
void fq_pg_drain_begin(fq_pg_conn *c);
void fq_pg_drain_end(fq_pg_conn *c);
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
