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
#include "types/types.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

/* Strings of a batch share buffers growing from 32 kB to 1 MB; a value
 * larger than a quarter of the next buffer gets its own allocation. */
#define STR_CHUNK_MIN (32 * 1024)
#define STR_CHUNK_MAX (1024 * 1024)

/* "PGCOPY\n\377\r\n\0", flags, header extension length. */
static const char copy_signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
#define COPY_HEADER_LEN 19
#define COPY_FLAG_OIDS (1u << 16)

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

/* ---- Big-endian reads ---- */

static inline uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return be16toh(v);
}

static inline uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static inline uint64_t
rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

/* ---- numeric ---- */

typedef enum num_status
{
	NUM_OK,
	NUM_CORRUPT,
	NUM_RANGE,
	NUM_NAN,
	NUM_PINF,
	NUM_NINF
} num_status;

static const int pow10_small[5] = {1, 10, 100, 1000, 10000};

/* 10^0 .. 10^38 */
static const fq_int128 pow10_tab[FQ_DECIMAL_MAX_PREC + 1] = {
	1,
	10,
	100,
	1000,
	10000,
	100000,
	1000000,
	10000000,
	100000000,
	1000000000,
	INT64_C(10000000000),
	INT64_C(100000000000),
	INT64_C(1000000000000),
	INT64_C(10000000000000),
	INT64_C(100000000000000),
	INT64_C(1000000000000000),
	INT64_C(10000000000000000),
	INT64_C(100000000000000000),
	INT64_C(1000000000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(100000000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(1000000000000000000),
	(fq_int128) UINT64_C(10000000000000000000) * UINT64_C(10000000000000000000),
};

/*
 * Converts PostgreSQL's binary numeric (ndigits, weight, sign, dscale, then
 * base-10000 digits, the first worth 10000^weight) into an unscaled value
 * with `scale` fractional digits, rounding half away from zero.  Anything
 * that needs more than `precision` digits is NUM_RANGE; the running value
 * is kept below 10^precision, so it never overflows.
 */
static num_status
decode_numeric(const uint8_t *p, uint32_t len, int precision, int scale, fq_int128 *out)
{
	const fq_int128 limit = pow10_tab[precision] - 1;
	fq_int128 acc = 0;
	int ndigits;
	int weight;
	int sign;
	int acc_scale;

	if (len < 8)
		return NUM_CORRUPT;
	ndigits = (int16_t) rd16(p);
	weight = (int16_t) rd16(p + 2);
	sign = rd16(p + 4);
	switch (sign)
	{
		case 0x0000:
		case 0x4000:
			break;
		case 0xC000:
			return NUM_NAN;
		case 0xD000:
			return NUM_PINF;
		case 0xF000:
			return NUM_NINF;
		default:
			return NUM_CORRUPT;
	}
	if (ndigits < 0 || len != 8 + 2 * (uint32_t) ndigits)
		return NUM_CORRUPT;

	/* acc holds the digits read so far, scaled by 10^acc_scale. */
	acc_scale = -4 * (weight + 1);
	for (int i = 0; i < ndigits; i++)
	{
		int dig = rd16(p + 8 + 2 * i);

		if (dig >= 10000)
			return NUM_CORRUPT;
		if (acc_scale + 4 <= scale)
		{
			/* acc * 10000 + dig > limit, without overflow (and without
			 * dividing a negative number when dig alone exceeds it). */
			if (dig > limit || acc > (limit - dig) / 10000)
				return NUM_RANGE;
			acc = acc * 10000 + dig;
			acc_scale += 4;
			continue;
		}
		if (acc_scale <= scale)
		{
			/* This digit straddles the scale: keep its top digits, round
			 * on the first one dropped. */
			int keep = scale - acc_scale;
			int drop = 4 - keep;
			int kept = dig / pow10_small[drop];
			int next = (dig / pow10_small[drop - 1]) % 10;

			if (kept > limit || acc > (limit - kept) / pow10_small[keep])
				return NUM_RANGE;
			acc = acc * pow10_small[keep] + kept;
			acc_scale = scale;
			if (next >= 5)
			{
				if (acc == limit)
					return NUM_RANGE;
				acc++;
			}
		}
		/* Otherwise the digit lies wholly past the first dropped position,
		 * which was an implied zero: round down. */
		break;
	}
	if (acc_scale < scale && acc != 0)
	{
		int m = scale - acc_scale;

		if (m > FQ_DECIMAL_MAX_PREC || acc > limit / pow10_tab[m])
			return NUM_RANGE;
		acc *= pow10_tab[m];
	}
	*out = sign == 0x4000 ? -acc : acc;
	return NUM_OK;
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

static int
raise_numeric(fq_pg_scan *s, int col, num_status st, fq_diags *d)
{
	fq_strbuf tb = FQ_STRBUF_INIT;

	if (st == NUM_CORRUPT)
		return raise_corrupt(s, "invalid numeric value", d);
	s->failed = true;
	fq_type_format(&s->types[col], &tb);
	fq_raise(d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
			 "%s: value in column \"%s\" does not fit %s", s->c->label, s->names[col],
			 fq_strbuf_str(&tb));
	fq_strbuf_free(&tb);
	switch (st)
	{
		case NUM_NAN:
			fq_diag_detail(d, "The value is NaN, which DECIMAL cannot hold.");
			break;
		case NUM_PINF:
			fq_diag_detail(d, "The value is Infinity, which DECIMAL cannot hold.");
			break;
		case NUM_NINF:
			fq_diag_detail(d, "The value is -Infinity, which DECIMAL cannot hold.");
			break;
		default:
			fq_diag_detail(d, "The value has more digits before the decimal point than "
							  "the type allows.");
			break;
	}
	fq_diag_hint(d, "Cast the column to double precision or text in the query, or declare "
					"it with a precision and scale that fit; unconstrained numeric columns "
					"use the NumericScale setting.");
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

	if (s->msglen < COPY_HEADER_LEN || memcmp(p, copy_signature, sizeof(copy_signature)) != 0)
		return raise_corrupt(s, "no binary COPY signature", d);
	flags = rd32(p + 11);
	extlen = rd32(p + 15);
	if ((flags & COPY_FLAG_OIDS) != 0)
		return raise_corrupt(s, "rows carry OIDs", d);
	if (extlen > s->msglen - COPY_HEADER_LEN)
		return raise_corrupt(s, "header extension longer than the message", d);
	s->msgpos = COPY_HEADER_LEN + extlen;
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
			((int16_t *) v->data)[row] = (int16_t) rd16(p);
			return FQ_OK;
		case FQ_T_INT4:
		case FQ_T_DATE:
			if (len != 4)
				return raise_field_length(s, col, 4, (int32_t) len, d);
			((int32_t *) v->data)[row] = (int32_t) rd32(p);
			return FQ_OK;
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			if (len != 8)
				return raise_field_length(s, col, 8, (int32_t) len, d);
			((int64_t *) v->data)[row] = (int64_t) rd64(p);
			return FQ_OK;
		case FQ_T_FLOAT4:
		{
			uint32_t bits;

			if (len != 4)
				return raise_field_length(s, col, 4, (int32_t) len, d);
			bits = rd32(p);
			memcpy((float *) v->data + row, &bits, 4);
			return FQ_OK;
		}
		case FQ_T_FLOAT8:
		{
			uint64_t bits;

			if (len != 8)
				return raise_field_length(s, col, 8, (int32_t) len, d);
			bits = rd64(p);
			memcpy((double *) v->data + row, &bits, 8);
			return FQ_OK;
		}
		case FQ_T_INTERVAL:
		{
			fq_interval *iv = (fq_interval *) v->data + row;

			if (len != 16)
				return raise_field_length(s, col, 16, (int32_t) len, d);
			iv->usecs = (int64_t) rd64(p);
			iv->days = (int32_t) rd32(p + 8);
			iv->months = (int32_t) rd32(p + 12);
			return FQ_OK;
		}
		case FQ_T_UUID:
			if (len != 16)
				return raise_field_length(s, col, 16, (int32_t) len, d);
			memcpy(((fq_uuid *) v->data)[row].bytes, p, 16);
			return FQ_OK;
		case FQ_T_DECIMAL:
		{
			fq_int128 val;
			num_status st = decode_numeric(p, len, v->type.precision, v->type.scale, &val);

			if (st != NUM_OK)
				return raise_numeric(s, col, st, d);
			if (fq_type_decimal_is64(&v->type))
				((int64_t *) v->data)[row] = (int64_t) val;
			else
				((fq_int128 *) v->data)[row] = val;
			return FQ_OK;
		}
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
	nf = (int16_t) rd16(p);
	p += 2;
	if (nf == -1)
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
		len = (int32_t) rd32(p);
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

/* The decoder indexes tables by DECIMAL precision: check types up front. */
static bool
scannable(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_DECIMAL:
			return t->precision >= 1 && t->precision <= FQ_DECIMAL_MAX_PREC &&
				   t->scale >= 0 && t->scale <= t->precision;
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
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return fq_raise_nomem(d, NULL);
	s->c = c;
	s->ncols = ncols;
	s->types = malloc(sizeof(fq_type) * (size_t) (ncols ? ncols : 1));
	s->widths = malloc(sizeof(size_t) * (size_t) (ncols ? ncols : 1));
	s->names = calloc((size_t) (ncols ? ncols : 1), sizeof(char *));
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
		s->names[i] = strdup(name);
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
