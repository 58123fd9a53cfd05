/*
 * pg_copyin.c — writing rows into the warehouse with COPY ... FROM STDIN
 * (INSERT ... SELECT, CREATE TABLE AS over external tables: stmt.c).
 *
 * fq_pg_copy_in_begin sends the COPY statement and waits until the server
 * takes data; fq_pg_copy_in_put queues a block of COPY text (libpq's
 * nonblocking mode: a full buffer, or every block when asked to wait, is
 * flushed with the call's waits, so a cancel or a deadline reaches it); fq_pg_copy_in_end ends the data — or,
 * with a message, makes the server fail the COPY, which undoes every row
 * it took — and reads the outcome (the rows written, or the server's
 * error: a constraint violation, a value the column cannot take).  While
 * the COPY runs the connection is busy: a read of the same server in the
 * meantime takes another connection (session.c).
 */
#include "connectors/postgres/pg_int.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/strbuf.h"

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

/* The text a value has in COPY's text format, appended to b. */
void
fq_pg_copy_value(fq_strbuf *b, const fq_vector *v, uint32_t row, char *tmp, size_t cap, char **big,
		   size_t *bigcap)
{
	size_t n;
	const char *text = tmp;

	if (v->nulls != NULL && v->nulls[row])
	{
		fq_strbuf_append(b, "\\N");
		return;
	}
	n = fq_format_value(v, row, tmp, cap, false);
	if (n >= cap)
	{
		if (n + 1 > *bigcap)
		{
			char *nb = fq_realloc(*big, n + 1);

			if (nb == NULL)
			{
				b->broken = true;
				return;
			}
			*big = nb;
			*bigcap = n + 1;
		}
		fq_format_value(v, row, *big, *bigcap, false);
		text = *big;
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
