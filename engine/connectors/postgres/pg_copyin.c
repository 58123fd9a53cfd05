/*
 * pg_copyin.c — writing rows into the warehouse with COPY ... FROM STDIN
 * (INSERT ... SELECT, CREATE TABLE AS over external tables: stmt.c;
 * inputs shipped to the warehouse: exec/ship.c).
 *
 * fq_pg_copy_in_begin sends the COPY statement and waits until the server
 * takes data; fq_pg_copy_in_put queues a block of COPY data (libpq's
 * nonblocking mode: a full buffer, or every block when asked to wait, is
 * flushed with the call's waits, so a cancel or a deadline reaches it); fq_pg_copy_in_end ends the data — or,
 * with a message, makes the server fail the COPY, which undoes every row
 * it took — and reads the outcome (the rows written, or the server's
 * error: a constraint violation, a value the column cannot take).  While
 * the COPY runs the connection is busy: a read of the same server in the
 * meantime takes another connection (session.c).
 *
 * The data: fq_pg_copy_enc turns batches into COPY's binary format (each
 * value as its type's send function makes it: the mirror of pg_scan.c's
 * decoding) or, where a column's type is not exactly the value's, its text
 * format.  Binary skips the server's text parsing (numeric, timestamps)
 * and fedq's formatting: the warehouse reads the values as fast as they
 * come.
 */
#include "connectors/postgres/pg_int.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "types/numeric.h"
#include "types/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
fq_pg_copy_in_begin(fq_pg_conn *c, const char *copy_sql, fq_diags *d)
{
	PGresult *res;
	int rc = FQ_OK;

	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	c->notice_d = d;
	if (fq_pg_send_query(c, copy_sql, 0, NULL, false, d) < 0 ||
		fq_pg_get_result(c, &res, d) < 0)
	{
		c->notice_d = NULL;
		return FQ_ERROR;
	}
	c->notice_d = NULL;
	if (res != NULL && PQresultStatus(res) == PGRES_COPY_IN)
	{
		PQclear(res);
		c->busy = true;
		return FQ_OK;
	}
	rc = fq_pg_raise_result(c, res, false, d);
	PQclear(res);
	/* the statement's other results, if any */
	while (c->conn != NULL && fq_pg_get_result(c, &res, NULL) == FQ_OK && res != NULL)
		PQclear(res);
	return rc;
}

int
fq_pg_copy_in_put(fq_pg_conn *c, const char *buf, size_t len, bool wait, fq_diags *d)
{
	while (len > 0)
	{
		int chunk = len > (1 << 20) ? (1 << 20) : (int) len;
		int r;

		if (c->conn == NULL)
			return fq_pg_raise_conn(c, d);
		r = PQputCopyData(c->conn, buf, chunk);
		if (r < 0)
			return fq_pg_raise_conn(c, d);
		if (r == 0)
		{
			/* libpq's buffer is full: let the server take some. */
			if (fq_pg_flush(c, d) < 0)
				return FQ_ERROR;
			continue;
		}
		buf += chunk;
		len -= (size_t) chunk;
	}
	/* With `wait`, all sent before the next block is made, so libpq's
	 * buffer holds what the blocks since the last wait made, whatever the
	 * rows (memory flat, the warehouse sets the pace); without, what the
	 * socket takes now. */
	if (wait)
		return fq_pg_flush(c, d);
	if (c->conn != NULL && PQflush(c->conn) < 0)
		return fq_pg_raise_conn(c, d);
	return FQ_OK;
}

int
fq_pg_copy_in_end(fq_pg_conn *c, const char *abort_msg, int64_t *rows, fq_diags *d)
{
	/* An abort raises nothing: what went wrong is the caller's error. */
	fq_diags *scratch = abort_msg != NULL ? fq_diags_new() : NULL;
	fq_diags *dd = abort_msg != NULL ? scratch : d;
	PGresult *res;
	int rc = FQ_OK;
	int r = -1;

	*rows = 0;
	if (dd == NULL)
	{
		/* no memory even for the scratch record: drop the connection,
		 * which ends the COPY without its rows */
		fq_pg_drop(c);
		c->busy = false;
		return FQ_OK;
	}
	if (c->conn != NULL)
		while ((r = PQputCopyEnd(c->conn, abort_msg)) == 0)
			if (fq_pg_flush(c, dd) < 0)
				break;
	if (r < 0 || fq_pg_flush(c, dd) < 0)
		rc = fq_pg_raise_conn(c, dd);
	c->notice_d = dd;
	while (rc == FQ_OK)
	{
		if (fq_pg_get_result(c, &res, dd) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		if (res == NULL)
			break;
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			*rows = strtoll(PQcmdTuples(res), NULL, 10);
		else if (abort_msg == NULL)
			rc = fq_pg_raise_result(c, res, false, dd);
		PQclear(res);
	}
	/* the rest of the results after an error */
	while (rc != FQ_OK && c->conn != NULL && fq_pg_get_result(c, &res, dd) == FQ_OK && res != NULL)
		PQclear(res);
	c->notice_d = NULL;
	c->busy = false;
	fq_pg_note_status(c);
	fq_diags_free(scratch);
	return abort_msg != NULL ? FQ_OK : rc;
}

/* ---- Encoding rows ---- */

void
fq_pg_copy_enc_init(fq_pg_copy_enc *e, const fq_pg_conn *c, bool binary,
					const char *const *names)
{
	memset(e, 0, sizeof(*e));
	e->binary = binary;
	e->numeric_inf = c == NULL || c->server_num >= PG_NUMERIC_INF_VERSION;
	e->names = names;
	e->digits = e->small_digits;
	e->digcap = (int) (sizeof(e->small_digits) / sizeof(e->small_digits[0]));
}

void
fq_pg_copy_enc_free(fq_pg_copy_enc *e)
{
	free(e->big);
	if (e->digits != e->small_digits)
		free(e->digits);
	e->big = NULL;
	e->digits = e->small_digits;
}

const char *
fq_pg_copy_format_option(bool binary)
{
	return binary ? " (FORMAT binary)" : "";
}

bool
fq_pg_copy_binary_fits(const fq_type *value, const fq_pg_column *col)
{
	fq_strbuf f = FQ_STRBUF_INIT;
	bool same;

	if (col->text_cast || col->source_type == NULL)
		return false;
	/* The column is what fedq maps it to, nothing wider or narrower. */
	fq_type_format(&col->type, &f);
	same = fq_strbuf_ok(&f) && strcmp(fq_strbuf_str(&f), col->source_type) == 0;
	fq_strbuf_free(&f);
	if (!same)
		return false;
	if (fq_type_equal(value, &col->type))
		return true;
	/* varchar_recv and bpcharrecv run varchar_in's and bpcharin's own
	 * code with the column's typmod: the same checks, the same padding. */
	return fq_type_is_string(value->id) && fq_type_is_string(col->type.id);
}

/* The text a value has in COPY's text format, appended to b. */
static void
text_value(fq_pg_copy_enc *e, fq_strbuf *b, const fq_vector *v, uint32_t row)
{
	const size_t cap = sizeof(e->tmp);
	size_t n;
	const char *text = e->tmp;

	if (v->nulls != NULL && v->nulls[row])
	{
		fq_strbuf_append(b, "\\N");
		return;
	}
	n = fq_format_value(v, row, e->tmp, cap, false);
	if (n >= cap)
	{
		if (n + 1 > e->bigcap)
		{
			char *nb = fq_realloc(e->big, n + 1);

			if (nb == NULL)
			{
				b->broken = true;
				return;
			}
			e->big = nb;
			e->bigcap = n + 1;
		}
		fq_format_value(v, row, e->big, e->bigcap, false);
		text = e->big;
	}
	/* Most values have nothing to escape: one append. */
	{
		size_t i = 0;

		while (i < n && text[i] != '\\' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
			i++;
		if (i == n)
		{
			fq_strbuf_appendn(b, text, n);
			return;
		}
	}
	for (size_t i = 0; i < n; i++)
	{
		char c = text[i];

		switch (c)
		{
			case '\\': fq_strbuf_append(b, "\\\\"); break;
			case '\t': fq_strbuf_append(b, "\\t"); break;
			case '\n': fq_strbuf_append(b, "\\n"); break;
			case '\r': fq_strbuf_append(b, "\\r"); break;
			default: fq_strbuf_appendc(b, c); break;
		}
	}
}

/* n more bytes at the end of b (its length moved past them), or NULL
 * when memory ran out (b broken). */
static inline uint8_t *
grow(fq_strbuf *b, size_t n)
{
	uint8_t *p;

	if (b->cap - b->len <= n && !fq_strbuf_reserve(b, n))
		return NULL;
	p = (uint8_t *) b->data + b->len;
	b->len += n;
	return p;
}

/* A field of n bytes: its length word, then room for the bytes. */
static inline uint8_t *
field(fq_strbuf *b, size_t n)
{
	uint8_t *p = grow(b, 4 + n);

	if (p == NULL)
		return NULL;
	fq_pg_wr32(p, (uint32_t) n);
	return p + 4;
}

static int
raise_no_infinity(fq_pg_copy_enc *e, int col, const fq_numeric *x, fq_diags *d)
{
	char name[16];
	const char *cn = e->names != NULL && e->names[col] != NULL ? e->names[col] : NULL;

	if (cn == NULL)
	{
		snprintf(name, sizeof(name), "#%d", col + 1);
		cn = name;
	}
	fq_raise(d, FQ_ERR_INVALID_TEXT_REPRESENTATION, 0,
			 "invalid input syntax for type numeric: \"%s\" (column \"%s\")",
			 x->kind == FQ_NUM_PINF ? "Infinity" : "-Infinity", cn);
	fq_diag_detail(d, "The warehouse's numeric has no infinity before PostgreSQL 14.");
	return FQ_ERROR;
}

/* numeric_send's form of x. */
static int
bin_numeric(fq_pg_copy_enc *e, fq_strbuf *b, int col, const fq_numeric *x, fq_diags *d)
{
	uint16_t sign;
	int nd = 0;
	int weight = 0;
	int dscale = 0;
	uint8_t *p;

	switch (x->kind)
	{
		case FQ_NUM_NAN:
			sign = PG_NUMERIC_NAN;
			break;
		case FQ_NUM_PINF:
		case FQ_NUM_NINF:
			if (!e->numeric_inf)
				return raise_no_infinity(e, col, x, d);
			sign = x->kind == FQ_NUM_PINF ? PG_NUMERIC_PINF : PG_NUMERIC_NINF;
			break;
		default:
			nd = fq_num_to_base10000(x, e->digits, e->digcap, &weight);
			if (nd > e->digcap)
			{
				uint16_t *nb = fq_malloc(sizeof(uint16_t) * (size_t) nd);

				if (nb == NULL)
				{
					b->broken = true;
					return fq_raise_nomem(d, NULL);
				}
				if (e->digits != e->small_digits)
					free(e->digits);
				e->digits = nb;
				e->digcap = nd;
				nd = fq_num_to_base10000(x, e->digits, e->digcap, &weight);
			}
			sign = fq_num_sign(x) < 0 ? PG_NUMERIC_NEG : PG_NUMERIC_POS;
			dscale = x->dscale;
			break;
	}
	if ((p = field(b, 8 + 2 * (size_t) nd)) == NULL)
		return fq_raise_nomem(d, NULL);
	fq_pg_wr16(p, (uint16_t) nd);
	fq_pg_wr16(p + 2, (uint16_t) (int16_t) weight);
	fq_pg_wr16(p + 4, sign);
	fq_pg_wr16(p + 6, (uint16_t) dscale);
	for (int i = 0; i < nd; i++)
		fq_pg_wr16(p + 8 + 2 * i, e->digits[i]);
	return FQ_OK;
}

/* One value in the binary format (the send function's bytes). */
static inline int
bin_value(fq_pg_copy_enc *e, fq_strbuf *b, int col, const fq_vector *v, uint32_t row,
		  fq_diags *d)
{
	uint8_t *p;

	if (v->nulls != NULL && v->nulls[row])
	{
		if ((p = grow(b, 4)) == NULL)
			return fq_raise_nomem(d, NULL);
		fq_pg_wr32(p, (uint32_t) -1);
		return FQ_OK;
	}
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			if ((p = field(b, 1)) == NULL)
				break;
			p[0] = ((const uint8_t *) v->data)[row] != 0;
			return FQ_OK;
		case FQ_T_INT2:
			if ((p = field(b, 2)) == NULL)
				break;
			fq_pg_wr16(p, (uint16_t) ((const int16_t *) v->data)[row]);
			return FQ_OK;
		case FQ_T_INT4:
		case FQ_T_DATE: /* days since 2000-01-01, ±infinity INT32_MIN/MAX as PostgreSQL's */
			if ((p = field(b, 4)) == NULL)
				break;
			fq_pg_wr32(p, (uint32_t) ((const int32_t *) v->data)[row]);
			return FQ_OK;
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ: /* µs since 2000-01-01 (UTC), ±infinity INT64_MIN/MAX */
			if ((p = field(b, 8)) == NULL)
				break;
			fq_pg_wr64(p, (uint64_t) ((const int64_t *) v->data)[row]);
			return FQ_OK;
		case FQ_T_FLOAT4:
		{
			uint32_t bits;

			if ((p = field(b, 4)) == NULL)
				break;
			memcpy(&bits, (const float *) v->data + row, 4);
			fq_pg_wr32(p, bits);
			return FQ_OK;
		}
		case FQ_T_FLOAT8:
		{
			uint64_t bits;

			if ((p = field(b, 8)) == NULL)
				break;
			memcpy(&bits, (const double *) v->data + row, 8);
			fq_pg_wr64(p, bits);
			return FQ_OK;
		}
		case FQ_T_INTERVAL:
		{
			const fq_interval *iv = (const fq_interval *) v->data + row;

			if ((p = field(b, 16)) == NULL)
				break;
			fq_pg_wr64(p, (uint64_t) iv->usecs);
			fq_pg_wr32(p + 8, (uint32_t) iv->days);
			fq_pg_wr32(p + 12, (uint32_t) iv->months);
			return FQ_OK;
		}
		case FQ_T_UUID:
			if ((p = field(b, 16)) == NULL)
				break;
			memcpy(p, ((const fq_uuid *) v->data)[row].bytes, 16);
			return FQ_OK;
		case FQ_T_DECIMAL:
			return bin_numeric(e, b, col, (const fq_numeric *) v->data + row, d);
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN: /* an untyped literal: text (the column is text) */
		{
			const fq_string *str = (const fq_string *) v->data + row;

			if ((p = field(b, str->len)) == NULL)
				break;
			if (str->len > 0)
				memcpy(p, str->ptr, str->len);
			return FQ_OK;
		}
		case FQ_T__COUNT:
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognised type %d in a COPY",
							(int) v->type.id);
	}
	return fq_raise_nomem(d, NULL);
}

static void
bin_header(fq_pg_copy_enc *e, fq_strbuf *b)
{
	uint8_t *p = grow(b, PG_COPY_HEADER_LEN);

	if (p == NULL)
		return;
	memcpy(p, PG_COPY_SIGNATURE, PG_COPY_SIGNATURE_LEN);
	fq_pg_wr32(p + PG_COPY_SIGNATURE_LEN, 0);     /* flags: no OIDs */
	fq_pg_wr32(p + PG_COPY_SIGNATURE_LEN + 4, 0); /* no header extension */
	e->started = true;
}

int
fq_pg_copy_enc_rows(fq_pg_copy_enc *e, const fq_batch *b, int ncols, fq_strbuf *out,
					fq_diags *d)
{
	if (!e->binary)
	{
		for (uint32_t r = 0; r < b->nrows; r++)
		{
			for (int c = 0; c < ncols; c++)
			{
				if (c > 0)
					fq_strbuf_appendc(out, '\t');
				text_value(e, out, &b->cols[c], r);
			}
			fq_strbuf_appendc(out, '\n');
		}
		return fq_strbuf_ok(out) ? FQ_OK : fq_raise_nomem(d, NULL);
	}
	if (!e->started)
		bin_header(e, out);
	for (uint32_t r = 0; r < b->nrows; r++)
	{
		uint8_t *p = grow(out, 2);

		if (p == NULL)
			return fq_raise_nomem(d, NULL);
		fq_pg_wr16(p, (uint16_t) ncols);
		for (int c = 0; c < ncols; c++)
			if (bin_value(e, out, c, &b->cols[c], r, d) != FQ_OK)
				return FQ_ERROR;
	}
	if (!fq_strbuf_ok(out))
		return fq_raise_nomem(d, NULL);
	out->data[out->len] = '\0'; /* grow() leaves it off */
	return FQ_OK;
}

void
fq_pg_copy_enc_end(fq_pg_copy_enc *e, fq_strbuf *out)
{
	uint8_t *p;

	if (!e->binary)
		return;
	if (!e->started)
		bin_header(e, out);
	if ((p = grow(out, 2)) != NULL)
	{
		fq_pg_wr16(p, (uint16_t) PG_COPY_TRAILER);
		out->data[out->len] = '\0';
	}
}
