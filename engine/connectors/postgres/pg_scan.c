/*
 * pg_scan.c — streaming scans: COPY (query) TO STDOUT (FORMAT binary),
 * decoded straight into the column vectors of a batch.
 *
 * This is the hot path of every federated query.  Each CopyData message
 * libpq hands over is parsed in place: no per-value allocation (strings go
 * into one bulk buffer per batch), no text parsing.  Every byte comes from
 * the network and is treated as hostile: lengths are checked against the
 * message and the type, and a mismatch is an error (XX001), never a read
 * out of bounds.
 *
 * Transaction state: when the scan runs inside a transaction block (the
 * query's REPEATABLE READ snapshot), the COPY is wrapped in SAVEPOINT
 * fq_scan ... RELEASE SAVEPOINT fq_scan, sent in the same round trip.  A
 * scan closed early is cancelled on the server, which aborts the
 * subtransaction only; fq_pg_scan_close rolls back to the savepoint, so the
 * transaction and its snapshot stay usable for the next scan.  Outside a
 * transaction block there is nothing to keep.  Either way, after
 * fq_pg_scan_close the connection is idle and fq_pg_end_read ends the
 * transaction (ROLLBACK if anything still left it aborted).
 *
 * Entry points: fq_pg_scan_open, fq_pg_scan_next, fq_pg_scan_close,
 * fq_pg_scan_rows, fq_pg_scan_bytes.
 */
#include "connectors/postgres/pg_int.h"

#include "core/diag.h"
#include "core/strbuf.h"
#include "exec/vector.h"
#include "types/numeric.h"
#include "types/types.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Strings of a batch share buffers growing from 32 kB to 1 MB; a value
 * larger than a quarter of the next buffer gets its own allocation. */
#define STR_CHUNK_MIN (32 * 1024)
#define STR_CHUNK_MAX (1024 * 1024)

struct fq_pg_scan
{
	fq_pg_conn *c;
	int ncols;
	fq_type *types;
	size_t *widths;     /* bytes of one value per column */
	char **names;       /* for messages */
	bool savepoint;     /* the COPY runs under SAVEPOINT fq_scan */
	bool header_done;
	bool trailer_seen;
	bool copy_done;     /* PQgetCopyData said the data ended */
	bool finished;      /* every result consumed: the connection is idle */
	bool failed;
	char *msg;          /* current CopyData message (libpq's), or NULL */
	size_t msglen;
	size_t msgpos;
	uint64_t rows;
	uint64_t bytes;
	/* the current batch's string buffer */
	char *sbuf;
	size_t sleft;
	size_t snext;
};

/* ---- numeric ---- */

/*
 * PostgreSQL's binary numeric: ndigits, weight, sign (or NaN/±Infinity),
 * dscale, then base-10000 digits, the first worth 10000^weight.  The value
 * keeps the display scale the source gave it.
 */
static bool
decode_numeric(const uint8_t *p, uint32_t len, fq_arena *a, fq_numeric *out)
{
	uint16_t small[64];
	uint16_t *digits = small;
	int ndigits;
	int weight;
	int sign;
	int dscale;

	if (len < 8)
		return false;
	ndigits = (int16_t) fq_pg_rd16(p);
	weight = (int16_t) fq_pg_rd16(p + 2);
	sign = fq_pg_rd16(p + 4);
	dscale = fq_pg_rd16(p + 6);
	switch (sign)
	{
		case PG_NUMERIC_POS:
		case PG_NUMERIC_NEG:
			break;
		case PG_NUMERIC_NAN:
			fq_num_special(FQ_NUM_NAN, out);
			return true;
		case PG_NUMERIC_PINF:
			fq_num_special(FQ_NUM_PINF, out);
			return true;
		case PG_NUMERIC_NINF:
			fq_num_special(FQ_NUM_NINF, out);
			return true;
		default:
			return false;
	}
	if (ndigits < 0 || len != 8 + 2 * (uint32_t) ndigits)
		return false;
	if (ndigits > (int) (sizeof(small) / sizeof(small[0])) &&
		(digits = fq_arena_alloc(a, sizeof(uint16_t) * (size_t) ndigits)) == NULL)
		return false;
	for (int i = 0; i < ndigits; i++)
		digits[i] = fq_pg_rd16(p + 8 + 2 * i);
	return fq_num_from_base10000(digits, ndigits, weight, sign == PG_NUMERIC_NEG, dscale, a, out) ==
		FQ_CONV_OK;
}

/* ---- Errors ---- */

static int
raise_corrupt(fq_pg_scan *s, const char *what, fq_diags *d)
{
	s->failed = true;
	return fq_raise(d, FQ_ERR_DATA_CORRUPTED, 0, "%s sent malformed COPY data: %s",
					s->c->label, what);
}

static int
raise_field_length(fq_pg_scan *s, int col, size_t expected, int32_t got, fq_diags *d)
{
	fq_strbuf tb = FQ_STRBUF_INIT;

	s->failed = true;
	fq_type_format(&s->types[col], &tb);
	fq_raise(d, FQ_ERR_DATA_CORRUPTED, 0,
			 "%s sent a value of %d bytes for column \"%s\" of type %s, which takes %zu",
			 s->c->label, (int) got, s->names[col], fq_strbuf_str(&tb), expected);
	fq_strbuf_free(&tb);
	return FQ_ERROR;
}

/* ---- Results ---- */

/*
 * Consumes the results that follow the COPY data (COPY's own, the
 * savepoint's release) and raises the first error.  A result still in a
 * COPY state means libpq cannot go on: the connection is given up.
 */
static int
finish_results(fq_pg_scan *s, fq_diags *d)
{
	PGresult *res;
	int rc = FQ_OK;

	for (;;)
	{
		ExecStatusType st;

		if (fq_pg_get_result(s->c, &res, d) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		if (res == NULL)
			break;
		st = PQresultStatus(res);
		if (st == PGRES_COPY_OUT || st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
		{
			PQclear(res);
			s->c->broken = true;
			if (rc == FQ_OK && d != NULL)
				rc = fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0,
							  "%s: the COPY could not be ended; the connection is closed",
							  s->c->label);
			break;
		}
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY &&
			rc == FQ_OK)
		{
			if (d != NULL)
				fq_pg_raise_result(s->c, res, false, d);
			rc = FQ_ERROR;
		}
		PQclear(res);
	}
	s->finished = true;
	fq_pg_note_status(s->c);
	return rc;
}

/* Gets the next CopyData message: 1 got one, 0 the data ended, FQ_ERROR. */
static int
next_message(fq_pg_scan *s, fq_diags *d)
{
	char *buf = NULL;
	int r;

	if (s->msg != NULL)
	{
		PQfreemem(s->msg);
		s->msg = NULL;
	}
	if (fq_pg_get_copy(s->c, &buf, &r, d) < 0)
	{
		s->failed = true;
		s->copy_done = true;
		s->finished = true;
		return FQ_ERROR;
	}
	if (r > 0)
	{
		s->msg = buf;
		s->msglen = (size_t) r;
		s->msgpos = 0;
		s->bytes += (uint64_t) r;
		return 1;
	}
	s->copy_done = true;
	if (finish_results(s, d) != FQ_OK)
	{
		s->failed = true;
		return FQ_ERROR;
	}
	if (r == -2)
	{
		s->failed = true;
		return fq_pg_raise_conn(s->c, d);
	}
	if (!s->trailer_seen)
		return raise_corrupt(s, "the data ended without its trailer", d);
	return 0;
}

static int
read_header(fq_pg_scan *s, fq_diags *d)
{
	const uint8_t *p = (const uint8_t *) s->msg;
	uint32_t flags;
	uint32_t extlen;

	if (s->msglen < PG_COPY_HEADER_LEN ||
		memcmp(p, PG_COPY_SIGNATURE, PG_COPY_SIGNATURE_LEN) != 0)
		return raise_corrupt(s, "no binary COPY signature", d);
	flags = fq_pg_rd32(p + 11);
	extlen = fq_pg_rd32(p + 15);
	if ((flags & PG_COPY_FLAG_OIDS) != 0)
		return raise_corrupt(s, "rows carry OIDs", d);
	if (extlen > s->msglen - PG_COPY_HEADER_LEN)
		return raise_corrupt(s, "header extension longer than the message", d);
	s->msgpos = PG_COPY_HEADER_LEN + extlen;
	s->header_done = true;
	return FQ_OK;
}

/* ---- Decoding ---- */

/* Room for n string bytes in the current batch's arena. */
static char *
str_space(fq_pg_scan *s, fq_arena *a, size_t n)
{
	char *p;

	if (n <= s->sleft)
	{
		p = s->sbuf;
		s->sbuf += n;
		s->sleft -= n;
		return p;
	}
	if (n > s->snext / 4)
		return fq_arena_alloc(a, n);
	p = fq_arena_alloc(a, s->snext);
	if (p == NULL)
		return NULL;
	s->sbuf = p + n;
	s->sleft = s->snext - n;
	if (s->snext < STR_CHUNK_MAX)
		s->snext *= 2;
	return p;
}

/* Decodes one non-NULL field into row `row` of v; FQ_ERROR raises. */
static inline int
decode_field(fq_pg_scan *s, int col, fq_vector *v, uint32_t row, const uint8_t *p,
			 uint32_t len, fq_arena *a, fq_diags *d)
{
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			if (len != 1)
				return raise_field_length(s, col, 1, (int32_t) len, d);
			((uint8_t *) v->data)[row] = p[0] != 0;
			return FQ_OK;
		case FQ_T_INT2:
			if (len != 2)
				return raise_field_length(s, col, 2, (int32_t) len, d);
			((int16_t *) v->data)[row] = (int16_t) fq_pg_rd16(p);
			return FQ_OK;
		case FQ_T_INT4:
		case FQ_T_DATE:
			if (len != 4)
				return raise_field_length(s, col, 4, (int32_t) len, d);
			((int32_t *) v->data)[row] = (int32_t) fq_pg_rd32(p);
			return FQ_OK;
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			if (len != 8)
				return raise_field_length(s, col, 8, (int32_t) len, d);
			((int64_t *) v->data)[row] = (int64_t) fq_pg_rd64(p);
			return FQ_OK;
		case FQ_T_FLOAT4:
		{
			uint32_t bits;

			if (len != 4)
				return raise_field_length(s, col, 4, (int32_t) len, d);
			bits = fq_pg_rd32(p);
			memcpy((float *) v->data + row, &bits, 4);
			return FQ_OK;
		}
		case FQ_T_FLOAT8:
		{
			uint64_t bits;

			if (len != 8)
				return raise_field_length(s, col, 8, (int32_t) len, d);
			bits = fq_pg_rd64(p);
			memcpy((double *) v->data + row, &bits, 8);
			return FQ_OK;
		}
		case FQ_T_INTERVAL:
		{
			fq_interval *iv = (fq_interval *) v->data + row;

			if (len != 16)
				return raise_field_length(s, col, 16, (int32_t) len, d);
			iv->usecs = (int64_t) fq_pg_rd64(p);
			iv->days = (int32_t) fq_pg_rd32(p + 8);
			iv->months = (int32_t) fq_pg_rd32(p + 12);
			return FQ_OK;
		}
		case FQ_T_UUID:
			if (len != 16)
				return raise_field_length(s, col, 16, (int32_t) len, d);
			memcpy(((fq_uuid *) v->data)[row].bytes, p, 16);
			return FQ_OK;
		case FQ_T_DECIMAL:
			if (!decode_numeric(p, len, a, (fq_numeric *) v->data + row))
			{
				if (fq_arena_failure(a) != FQ_ARENA_OK)
					return fq_raise_nomem(d, a);
				return raise_corrupt(s, "invalid numeric value", d);
			}
			return FQ_OK;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		{
			fq_string *str = (fq_string *) v->data + row;
			char *dst;

			if (len == 0)
			{
				str->ptr = "";
				str->len = 0;
				return FQ_OK;
			}
			dst = str_space(s, a, len);
			if (dst == NULL)
			{
				s->failed = true;
				return fq_raise_nomem(d, a);
			}
			memcpy(dst, p, len);
			str->ptr = dst;
			str->len = len;
			return FQ_OK;
		}
		case FQ_T_UNKNOWN:
		case FQ_T__COUNT:
			break;
	}
	/* scannable() let no such type in. */
	s->failed = true;
	return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognised type %d in column \"%s\"",
					(int) v->type.id, s->names[col]);
}

/*
 * Decodes the tuple at msgpos into row out->nrows.  Returns 1 for a row,
 * 0 for the trailer, FQ_ERROR.
 */
static int
decode_tuple(fq_pg_scan *s, fq_batch *out, fq_arena *a, fq_diags *d)
{
	const uint8_t *p = (const uint8_t *) s->msg + s->msgpos;
	const uint8_t *end = (const uint8_t *) s->msg + s->msglen;
	uint32_t row = out->nrows;
	int nf;

	if (end - p < 2)
		return raise_corrupt(s, "truncated row", d);
	nf = (int16_t) fq_pg_rd16(p);
	p += 2;
	if (nf == PG_COPY_TRAILER)
	{
		if (p != end)
			return raise_corrupt(s, "data after the trailer", d);
		s->trailer_seen = true;
		s->msgpos = s->msglen;
		return 0;
	}
	if (s->trailer_seen)
		return raise_corrupt(s, "data after the trailer", d);
	if (nf != s->ncols)
		return raise_corrupt(s, "a row has the wrong number of fields", d);
	for (int i = 0; i < nf; i++)
	{
		fq_vector *v = &out->cols[i];
		int32_t len;

		if (end - p < 4)
			return raise_corrupt(s, "truncated row", d);
		len = (int32_t) fq_pg_rd32(p);
		p += 4;
		if (len == -1)
		{
			uint8_t *nulls = v->nulls != NULL ? v->nulls
				: fq_vector_nulls(v, a, FQ_BATCH_ROWS);

			if (nulls == NULL)
			{
				s->failed = true;
				return fq_raise_nomem(d, a);
			}
			nulls[row] = 1;
			/* Keep NULL slots defined: consumers may copy them. */
			memset((char *) v->data + s->widths[i] * row, 0, s->widths[i]);
			continue;
		}
		if (len < 0 || len > end - p)
			return raise_corrupt(s, "a field is longer than its row", d);
		if (decode_field(s, i, v, row, p, (uint32_t) len, a, d) != FQ_OK)
			return FQ_ERROR;
		p += len;
	}
	s->msgpos = (size_t) (p - (const uint8_t *) s->msg);
	out->nrows++;
	s->rows++;
	return 1;
}

/* ---- Open, next, close ---- */

static void scan_drain(fq_pg_scan *s);

static void
scan_free(fq_pg_scan *s)
{
	if (s->msg != NULL)
		PQfreemem(s->msg);
	if (s->names != NULL)
		for (int i = 0; i < s->ncols; i++)
			free(s->names[i]);
	free(s->names);
	free(s->types);
	free(s->widths);
	free(s);
}

static bool
scannable(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_UNKNOWN:
		case FQ_T__COUNT:
			return false;
		default:
			return (unsigned) t->id < (unsigned) FQ_T__COUNT;
	}
}

int
fq_pg_scan_open(fq_pg_conn *c, const char *select_sql, const fq_type *types,
				const char *const *names, int ncols, fq_pg_scan **out, fq_diags *d)
{
	fq_pg_scan *s;
	fq_strbuf q = FQ_STRBUF_INIT;
	PGresult *res;
	bool copying = false;
	int rc = FQ_OK;

	*out = NULL;
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	if (ncols < 0 || ncols > 1600)
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "a scan of %d columns", ncols);
	s = fq_calloc(1, sizeof(*s));
	if (s == NULL)
		return fq_raise_nomem(d, NULL);
	s->c = c;
	s->ncols = ncols;
	s->types = fq_malloc(sizeof(fq_type) * (size_t) (ncols ? ncols : 1));
	s->widths = fq_malloc(sizeof(size_t) * (size_t) (ncols ? ncols : 1));
	s->names = fq_calloc((size_t) (ncols ? ncols : 1), sizeof(char *));
	if (s->types == NULL || s->widths == NULL || s->names == NULL)
		goto nomem;
	for (int i = 0; i < ncols; i++)
	{
		char buf[16];
		const char *name = names != NULL && names[i] != NULL ? names[i] : NULL;

		if (name == NULL)
		{
			snprintf(buf, sizeof(buf), "#%d", i + 1);
			name = buf;
		}
		s->types[i] = types[i];
		s->widths[i] = fq_type_size(&types[i]);
		s->names[i] = fq_strdup(name);
		if (s->names[i] == NULL)
			goto nomem;
		if (!scannable(&types[i]))
		{
			rc = fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
						  "column \"%s\" of a scan of %s has a type a scan cannot read",
						  name, c->label);
			scan_free(s);
			return rc;
		}
	}

	/* The newlines keep a trailing "--" comment in the query harmless. */
	s->savepoint = PQtransactionStatus(c->conn) == PQTRANS_INTRANS;
	if (s->savepoint)
		fq_strbuf_append(&q, "SAVEPOINT fq_scan; ");
	fq_strbuf_append(&q, "COPY (\n");
	fq_strbuf_append(&q, select_sql);
	fq_strbuf_append(&q, "\n) TO STDOUT (FORMAT binary)");
	if (s->savepoint)
		fq_strbuf_append(&q, "; RELEASE SAVEPOINT fq_scan");
	if (!fq_strbuf_ok(&q))
		goto nomem;

	c->notice_d = d;
	c->busy = true;
	if (fq_pg_send_query(c, fq_strbuf_str(&q), 0, NULL, false, d) < 0)
	{
		c->notice_d = NULL;
		c->busy = false;
		fq_strbuf_free(&q);
		scan_free(s);
		return FQ_ERROR;
	}
	fq_strbuf_free(&q);

	/* SAVEPOINT's result, then COPY's: data follows. */
	while (!copying)
	{
		if (fq_pg_get_result(c, &res, d) < 0)
		{
			/* Interrupted and dropped: nothing left to drain. */
			c->notice_d = NULL;
			c->busy = false;
			scan_free(s);
			return FQ_ERROR;
		}
		if (res == NULL)
			break;
		switch (PQresultStatus(res))
		{
			case PGRES_COMMAND_OK:
				break;
			case PGRES_COPY_OUT:
				copying = true;
				if (PQnfields(res) != ncols || !PQbinaryTuples(res))
					rc = fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
								  "%s: the remote query returns %d columns, expected %d",
								  c->label, PQnfields(res), ncols);
				break;
			default:
				if (rc == FQ_OK)
					rc = fq_pg_raise_result(c, res, false, d);
				break;
		}
		PQclear(res);
	}
	c->notice_d = NULL;
	if (!copying)
	{
		/* An error ended the query string: everything is consumed. */
		s->copy_done = true;
		s->finished = true;
		if (rc == FQ_OK)
			rc = fq_raise(d, FQ_ERR_PROTOCOL_VIOLATION, 0,
						  "%s did not start sending COPY data", c->label);
	}
	if (rc != FQ_OK)
	{
		scan_drain(s);
		c->busy = false;
		scan_free(s);
		return FQ_ERROR;
	}
	*out = s;
	return FQ_OK;

nomem:
	fq_strbuf_free(&q);
	scan_free(s);
	return fq_raise_nomem(d, NULL);
}

int
fq_pg_scan_next(fq_pg_scan *s, fq_arena *a, fq_batch *out, fq_diags *d)
{
	out->nrows = 0;
	out->ncols = (uint32_t) s->ncols;
	out->cols = NULL;
	if (s->failed)
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "the scan of %s has already failed",
						s->c->label);
	if (s->finished)
		return 0;
	if (fq_batch_init(out, a, s->types, s->ncols, FQ_BATCH_ROWS) != FQ_OK)
	{
		s->failed = true;
		return fq_raise_nomem(d, a);
	}
	s->sbuf = NULL;
	s->sleft = 0;
	s->snext = STR_CHUNK_MIN;
	s->c->notice_d = d;
	while (out->nrows < FQ_BATCH_ROWS)
	{
		int r;

		if (s->msg == NULL || s->msgpos >= s->msglen)
		{
			r = next_message(s, d);
			if (r == 0)
				break;
			if (r < 0)
				goto fail;
			if (!s->header_done && read_header(s, d) != FQ_OK)
				goto fail;
			continue;
		}
		if (decode_tuple(s, out, a, d) < 0)
			goto fail;
	}
	s->c->notice_d = NULL;
	if (out->nrows == 0)
	{
		out->cols = NULL;
		return 0;
	}
	return 1;

fail:
	s->c->notice_d = NULL;
	s->failed = true;
	out->nrows = 0;
	return FQ_ERROR;
}

/*
 * Leaves the connection idle: an unfinished COPY is cancelled and its data
 * and results read to the end; under a savepoint an aborted subtransaction
 * is rolled back so the transaction stays usable.
 */
static void
scan_drain(fq_pg_scan *s)
{
	if (s->msg != NULL)
	{
		PQfreemem(s->msg);
		s->msg = NULL;
	}
	/* Waits here end within the grace period: past it, the connection is
	 * dropped rather than waited for (a frozen source). */
	fq_pg_drain_begin(s->c);
	if (!s->copy_done)
	{
		char *buf;
		int r;

		/* After the trailer the server is done: nothing to cancel. */
		if (!s->trailer_seen)
			fq_pg_send_cancel(s->c);
		while (fq_pg_get_copy(s->c, &buf, &r, NULL) == FQ_OK && r > 0)
			PQfreemem(buf);
		s->copy_done = true;
	}
	if (!s->finished)
		(void) finish_results(s, NULL);
	if (s->savepoint && !s->c->broken && PQtransactionStatus(s->c->conn) == PQTRANS_INERROR)
	{
		PGresult *res;

		if (fq_pg_exec(s->c, "ROLLBACK TO SAVEPOINT fq_scan; RELEASE SAVEPOINT fq_scan", 0, NULL,
					   &res, NULL) == FQ_OK)
			PQclear(res);
	}
	fq_pg_drain_end(s->c);
	fq_pg_note_status(s->c);
}

void
fq_pg_scan_close(fq_pg_scan *s)
{
	if (s == NULL)
		return;
	scan_drain(s);
	s->c->busy = false;
	scan_free(s);
}

uint64_t
fq_pg_scan_rows(const fq_pg_scan *s)
{
	return s->rows;
}

uint64_t
fq_pg_scan_bytes(const fq_pg_scan *s)
{
	return s->bytes;
}
