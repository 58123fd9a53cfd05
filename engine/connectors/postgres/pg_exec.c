/*
 * pg_exec.c — passthrough: statements the warehouse runs as they are
 * written (DDL, DML, queries on warehouse tables only).  Describe without
 * running, run in single-row mode, parse the text values into batches.
 *
 * Statement texts.  Without parameters a text is sent with the simple
 * query protocol, so a script of several statements runs as psql would run
 * it (one implicit transaction unless it says otherwise); with parameters
 * it is one statement (extended protocol).  A script gives one result per
 * statement, in order, as psqlODBC gives them: rows (streamed), or a
 * command's row count; fq_pg_exec_next_result moves to the next one, and
 * an error in a later statement is raised there (the server runs nothing
 * after it).  At the end of each result the next one is read ahead, so the
 * connection is known to be idle after the last.  Describing a script
 * gives no columns.
 *
 * Closing early.  Rows not fetched are either cancelled or read and
 * dropped.  A cancel aborts the statement's transaction, so it is used only
 * when that undoes nothing: a single plain read (SELECT, VALUES, TABLE,
 * SHOW, WITH without data-modifying parts) outside a transaction block.
 * Everything else (INSERT ... RETURNING, scripts, anything inside the
 * user's open transaction) is drained, so its effects and the user's
 * transaction survive the close.
 *
 * Entry points: fq_pg_describe_sql, fq_pg_describe_call (what a source
 * makes of a function call fedq does not know), fq_pg_exec_open,
 * fq_pg_result_ncols, fq_pg_result_column, fq_pg_result_rowcount,
 * fq_pg_exec_next, fq_pg_exec_next_result, fq_pg_exec_buffer,
 * fq_pg_exec_close; fq_pg_sql_shape_of for the connector.
 */
#include "connectors/postgres/pg_int.h"

#include "core/diag.h"
#include "core/strbuf.h"
#include "exec/vector.h"
#include "types/types.h"
#include "core/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STR_CHUNK_MIN (32 * 1024)
#define STR_CHUNK_MAX (1024 * 1024)

struct fq_pg_result
{
	fq_pg_conn *c;
	int ncols;          /* the current result's */
	fq_column *cols;    /* in the caller's arena */
	fq_type *types;     /* the columns' types, for fq_batch_init */
	int64_t rowcount;
	PGresult *pending;  /* rows of the current result not yet delivered */
	int pending_row;
	PGresult *next;     /* the next statement's first result, read ahead */
	bool have_next;
	bool set_done;      /* the current result has no more rows */
	bool finished;      /* every result has been read */
	bool failed;
	bool may_cancel;    /* closing early may cancel (see the file comment) */
	bool with_position; /* errors point into the user's text */
	bool script;        /* several statements */
	bool detached;      /* the rest was read into `queue`: c is not used again */
	PGresult **queue;
	int nqueue;
	int qpos;
	PGresult *queued_failure; /* in the queue: the statement that failed, */
	fq_diags *failure;        /* and its error, raised while c was there */
	char *label;              /* c's, which may be gone once detached */
	char *sbuf;
	size_t sleft;
	size_t snext;
};

/* ---- The shape of a statement text ---- */

static bool
ident_start(unsigned char ch)
{
	return isalpha(ch) || ch == '_' || ch >= 0x80;
}

static bool
ident_char(unsigned char ch)
{
	return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80;
}

/* Skips a '...' literal starting at p (the quote); backslashes escape in
 * E'' literals. */
static const char *
skip_string(const char *p, bool backslash)
{
	p++;
	while (*p != '\0')
	{
		if (backslash && *p == '\\' && p[1] != '\0')
			p += 2;
		else if (*p == '\'' && p[1] == '\'')
			p += 2;
		else if (*p == '\'')
			return p + 1;
		else
			p++;
	}
	return p;
}

/* At a '$': skips a dollar-quoted string, or a parameter like $1. */
static const char *
skip_dollar(const char *p)
{
	const char *t = p + 1;
	size_t taglen;

	if (*t != '$' && !(ident_start((unsigned char) *t)))
	{
		while (isdigit((unsigned char) *t))
			t++;
		return t > p + 1 ? t : p + 1;
	}
	while (*t != '$' && *t != '\0' && ident_char((unsigned char) *t) && *t != '$')
		t++;
	if (*t != '$')
		return t; /* not a dollar quote after all */
	taglen = (size_t) (t - p) + 1; /* "$tag$" */
	t++;
	while (*t != '\0')
	{
		if (*t == '$' && strncmp(t, p, taglen) == 0)
			return t + taglen;
		t++;
	}
	return t;
}

void
fq_pg_sql_shape_of(const char *sql, fq_pg_sql_shape *out)
{
	const char *p = sql;
	int depth = 0;
	int nstmts = 0;
	bool in_stmt = false;
	char first[16] = "";
	bool modifies = false;

	while (*p != '\0')
	{
		unsigned char ch = (unsigned char) *p;

		if (isspace(ch))
		{
			p++;
			continue;
		}
		if (ch == '-' && p[1] == '-')
		{
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		}
		if (ch == '/' && p[1] == '*')
		{
			int nest = 1;

			p += 2;
			while (*p != '\0' && nest > 0)
			{
				if (*p == '/' && p[1] == '*')
				{
					nest++;
					p += 2;
				}
				else if (*p == '*' && p[1] == '/')
				{
					nest--;
					p += 2;
				}
				else
					p++;
			}
			continue;
		}
		if (ch == ';' && depth == 0)
		{
			if (in_stmt)
				nstmts++;
			in_stmt = false;
			p++;
			continue;
		}
		in_stmt = true;
		if (ch == '\'')
			p = skip_string(p, false);
		else if (ch == '"')
		{
			p++;
			while (*p != '\0' && !(*p == '"' && p[1] != '"'))
				p += (*p == '"') ? 2 : 1;
			if (*p == '"')
				p++;
		}
		else if (ch == '$')
			p = skip_dollar(p);
		else if (ident_start(ch))
		{
			const char *w = p;
			size_t n;

			while (ident_char((unsigned char) *p))
				p++;
			n = (size_t) (p - w);
			if (n == 1 && (*w == 'E' || *w == 'e') && *p == '\'')
			{
				p = skip_string(p, true);
				continue;
			}
			if (nstmts == 0 && first[0] == '\0' && n < sizeof(first))
			{
				for (size_t i = 0; i < n; i++)
					first[i] = (char) toupper((unsigned char) w[i]);
				first[n] = '\0';
			}
			if ((n == 6 && (strncasecmp(w, "insert", 6) == 0 || strncasecmp(w, "update", 6) == 0 ||
							strncasecmp(w, "delete", 6) == 0)) ||
				(n == 5 && strncasecmp(w, "merge", 5) == 0))
				modifies = true;
		}
		else
		{
			if (ch == '(')
				depth++;
			else if (ch == ')' && depth > 0)
				depth--;
			p++;
		}
	}
	if (in_stmt)
		nstmts++;
	out->nstatements = nstmts;
	out->plain_read = nstmts == 1 &&
		(strcmp(first, "SELECT") == 0 || strcmp(first, "VALUES") == 0 ||
		 strcmp(first, "TABLE") == 0 || strcmp(first, "SHOW") == 0 ||
		 (strcmp(first, "WITH") == 0 && !modifies));
}

/* ---- Columns ---- */

static int
columns_from(fq_pg_conn *c, const PGresult *res, fq_arena *a, fq_column **cols_out,
			 fq_type **types_out, int *ncols_out, fq_diags *d)
{
	int n = PQnfields(res);
	fq_column *cols;
	fq_type *types;

	*cols_out = NULL;
	*ncols_out = 0;
	if (types_out != NULL)
		*types_out = NULL;
	if (n <= 0)
		return FQ_OK;
	cols = FQ_NEW_ARRAY(a, fq_column, n);
	types = FQ_NEW_ARRAY(a, fq_type, n);
	if (cols == NULL || types == NULL)
		return fq_raise_nomem(d, a);
	for (int i = 0; i < n; i++)
	{
		fq_column *col = &cols[i];
		const char *name = PQfname(res, i);
		bool text_cast;

		col->name = fq_arena_strdup(a, name != NULL ? name : "");
		if (col->name == NULL)
			return fq_raise_nomem(d, a);
		fq_pg_map_type(PQftype(res, i), PQfmod(res, i), &col->type,
					   &text_cast);
		col->nullable = FQ_NULLABLE_UNKNOWN;
		col->type_name = fq_type_name(col->type.id);
		col->base_column = "";
		col->table = "";
		col->schema = "";
		col->catalog = "";
		types[i] = col->type;
	}
	*cols_out = cols;
	*ncols_out = n;
	if (types_out != NULL)
		*types_out = types;
	return FQ_OK;
}

/*
 * Fills base table, schema and column names for columns that come straight
 * from a table, in one catalog query.  Best effort: on any failure the
 * columns keep "".
 */
static void
lookup_base_columns(fq_pg_conn *c, const PGresult *desc, fq_column *cols, int ncols,
					fq_arena *a)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	PGresult *res;
	int found = 0;
	const char *db;

	/* A failed catalog query would abort the user's transaction. */
	if (PQtransactionStatus(c->conn) == PQTRANS_INERROR)
		return;
	fq_strbuf_append(&q, "SELECT a.attrelid, a.attnum, n.nspname, c.relname, a.attname"
						 " FROM pg_catalog.pg_attribute a"
						 " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
						 " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
						 " WHERE a.attnum > 0 AND a.attrelid IN (");
	for (int i = 0; i < ncols; i++)
	{
		Oid t = PQftable(desc, i);

		if (t == InvalidOid || PQftablecol(desc, i) <= 0)
			continue;
		fq_strbuf_printf(&q, "%s%u", found ? ", " : "", (unsigned) t);
		found++;
	}
	fq_strbuf_append(&q, ")");
	if (found == 0 || !fq_strbuf_ok(&q))
	{
		fq_strbuf_free(&q);
		return;
	}
	if (fq_pg_exec(c, fq_strbuf_str(&q), 0, NULL, &res, NULL) < 0)
	{
		fq_strbuf_free(&q);
		return;
	}
	fq_strbuf_free(&q);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQnfields(res) != 5)
	{
		PQclear(res);
		fq_pg_note_status(c);
		return;
	}
	db = fq_arena_strdup(a, fq_pg_database(c));
	for (int i = 0; i < ncols; i++)
	{
		Oid t = PQftable(desc, i);
		int col = PQftablecol(desc, i);

		if (t == InvalidOid || col <= 0)
			continue;
		for (int r = 0; r < PQntuples(res); r++)
		{
			const char *schema;
			const char *table;
			const char *name;

			if (strtoul(PQgetvalue(res, r, 0), NULL, 10) != t ||
				atoi(PQgetvalue(res, r, 1)) != col)
				continue;
			schema = fq_arena_strdup(a, PQgetvalue(res, r, 2));
			table = fq_arena_strdup(a, PQgetvalue(res, r, 3));
			name = fq_arena_strdup(a, PQgetvalue(res, r, 4));
			if (schema != NULL && table != NULL && name != NULL && db != NULL)
			{
				cols[i].schema = schema;
				cols[i].table = table;
				cols[i].base_column = name;
				cols[i].catalog = db;
			}
			break;
		}
	}
	PQclear(res);
}

/* The result of one asynchronous command (Prepare or Describe): the last
 * result, an error kept over what follows it. */
static int
command_result(fq_pg_conn *c, PGresult **out, fq_diags *d)
{
	PGresult *res;

	*out = NULL;
	for (;;)
	{
		if (fq_pg_get_result(c, &res, d) < 0)
		{
			PQclear(*out);
			*out = NULL;
			return FQ_ERROR;
		}
		if (res == NULL)
			return FQ_OK;
		if (*out != NULL && PQresultStatus(*out) == PGRES_FATAL_ERROR)
			PQclear(res);
		else
		{
			PQclear(*out);
			*out = res;
		}
	}
}

/*
 * PQprepare of the unnamed statement, then PQdescribePrepared, with waits:
 * *res is the description.  A failure is raised (the prepare's with the
 * statement position for the warehouse when `sql` is the user's text).
 */
static int
prepare_and_describe(fq_pg_conn *c, const char *sql, bool user_text, PGresult **res,
					 fq_diags *d)
{
	int rc;

	*res = NULL;
	if (!PQsendPrepare(c->conn, "", sql, 0, NULL))
		return fq_pg_raise_conn(c, d);
	if (fq_pg_sent(c, d) < 0 || command_result(c, res, d) < 0)
		return FQ_ERROR;
	if (*res == NULL || PQresultStatus(*res) != PGRES_COMMAND_OK)
	{
		rc = fq_pg_raise_result(c, *res, user_text && !c->is_source, d);
		PQclear(*res);
		*res = NULL;
		fq_pg_note_status(c);
		return rc;
	}
	PQclear(*res);
	*res = NULL;
	if (!PQsendDescribePrepared(c->conn, ""))
		return fq_pg_raise_conn(c, d);
	if (fq_pg_sent(c, d) < 0 || command_result(c, res, d) < 0)
		return FQ_ERROR;
	if (*res == NULL || PQresultStatus(*res) != PGRES_COMMAND_OK)
	{
		rc = fq_pg_raise_result(c, *res, false, d);
		PQclear(*res);
		*res = NULL;
		fq_pg_note_status(c);
		return rc;
	}
	return FQ_OK;
}

int
fq_pg_describe_sql(fq_pg_conn *c, const char *sql, fq_arena *a, fq_column **cols,
				   int *ncols, int *nparams, fq_diags *d)
{
	return fq_pg_describe_statement(c, sql, a, cols, ncols, nparams, NULL, d);
}

int
fq_pg_describe_statement(fq_pg_conn *c, const char *sql, fq_arena *a, fq_column **cols,
						 int *ncols, int *nparams, fq_type **param_types, fq_diags *d)
{
	fq_pg_sql_shape shape;
	PGresult *res;
	int rc;

	*cols = NULL;
	*ncols = 0;
	*nparams = 0;
	if (param_types != NULL)
		*param_types = NULL;
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	fq_pg_sql_shape_of(sql, &shape);
	if (shape.nstatements > 1)
		return FQ_OK;

	c->notice_d = d;
	rc = prepare_and_describe(c, sql, true, &res, d);
	c->notice_d = NULL;
	if (rc < 0)
		return FQ_ERROR;
	*nparams = PQnparams(res);
	if (param_types != NULL && *nparams > 0)
	{
		/* The types the server inferred for $1..$n (no typmod: a numeric
		 * parameter has no precision of its own). */
		*param_types = FQ_NEW_ARRAY(a, fq_type, *nparams);
		if (*param_types == NULL)
		{
			PQclear(res);
			return fq_raise_nomem(d, a);
		}
		for (int i = 0; i < *nparams; i++)
		{
			bool text_cast;

			fq_pg_map_type(PQparamtype(res, i), -1, &(*param_types)[i], &text_cast);
		}
	}
	rc = columns_from(c, res, a, cols, NULL, ncols, d);
	if (rc == FQ_OK && *ncols > 0)
		lookup_base_columns(c, res, *cols, *ncols, a);
	PQclear(res);
	return rc;
}

/* ---- Function calls fedq does not know ---- */

/* Type OIDs whose cast to text differs from their output form. */
#define PG_OID_CIDR 650
#define PG_OID_INET 869

/* Prepares `sql` as the unnamed statement; *res is the failure's result
 * (NULL when it succeeded or libpq failed: then raised). */
static int
prepare_only(fq_pg_conn *c, const char *sql, PGresult **failed, fq_diags *d)
{
	PGresult *res;

	*failed = NULL;
	if (!PQsendPrepare(c->conn, "", sql, 0, NULL))
		return fq_pg_raise_conn(c, d);
	if (fq_pg_sent(c, d) < 0 || command_result(c, &res, d) < 0)
		return FQ_ERROR;
	if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK)
	{
		PQclear(res);
		return FQ_OK;
	}
	*failed = res;
	return FQ_ERROR;
}

/* The two probes of fq_pg_describe_call; errors raised into d. */
static int
describe_call(fq_pg_conn *c, const char *call, fq_pg_call_desc *out, fq_diags *d)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	PGresult *res = NULL;
	const char *state;
	int rc;

	fq_strbuf_printf(&q, "SELECT %s", call);
	if (!fq_strbuf_ok(&q))
	{
		fq_strbuf_free(&q);
		return fq_raise_nomem(d, NULL);
	}
	rc = prepare_and_describe(c, fq_strbuf_str(&q), false, &res, d);
	fq_strbuf_free(&q);
	if (rc < 0)
		return FQ_ERROR;
	if (PQnfields(res) != 1)
	{
		int n = PQnfields(res);

		PQclear(res);
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "%s describes a function call as %d columns",
						c->label, n);
	}
	fq_pg_map_type(PQftype(res, 0), PQfmod(res, 0), &out->type, &out->text_cast);
	out->out_func = PQftype(res, 0) == PG_OID_INET ? "inet_out"
		: PQftype(res, 0) == PG_OID_CIDR ? "cidr_out" : NULL;
	PQclear(res);

	/* Aggregates and set-returning functions are refused in WHERE, after
	 * the select list was accepted: the SQLSTATE says which it is. */
	out->kind = FQ_PG_CALL_PLAIN;
	fq_strbuf_printf(&q, "SELECT 1 WHERE (%s) IS NULL", call);
	if (!fq_strbuf_ok(&q))
	{
		fq_strbuf_free(&q);
		return fq_raise_nomem(d, NULL);
	}
	rc = prepare_only(c, fq_strbuf_str(&q), &res, d);
	fq_strbuf_free(&q);
	if (rc == FQ_OK)
		return FQ_OK;
	if (res == NULL)
		return FQ_ERROR;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL && strcmp(state, "42803") == 0)
		out->kind = FQ_PG_CALL_AGGREGATE;
	else if (state != NULL && strcmp(state, "0A000") == 0)
		out->kind = FQ_PG_CALL_SET;
	else
	{
		rc = fq_pg_raise_result(c, res, false, d);
		PQclear(res);
		fq_pg_note_status(c);
		return rc;
	}
	PQclear(res);
	return FQ_OK;
}

int
fq_pg_describe_call(fq_pg_conn *c, const char *call, fq_pg_call_desc *out, fq_diags *d)
{
	bool savepoint;
	int rc;

	memset(out, 0, sizeof(*out));
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	savepoint = PQtransactionStatus(c->conn) == PQTRANS_INTRANS;
	if (savepoint && fq_pg_command(c, "SAVEPOINT fq_describe", d) < 0)
		return FQ_ERROR;
	c->notice_d = d;
	rc = describe_call(c, call, out, d);
	c->notice_d = NULL;
	if (savepoint && fq_pg_alive(c))
	{
		/* A refusal (of the call, or of the aggregate or set-returning
		 * one in WHERE) aborted the subtransaction: back to the savepoint. */
		const char *end = PQtransactionStatus(c->conn) == PQTRANS_INERROR
			? "ROLLBACK TO SAVEPOINT fq_describe; RELEASE SAVEPOINT fq_describe"
			: "RELEASE SAVEPOINT fq_describe";
		fq_diags *scratch = rc < 0 ? fq_diags_new() : NULL;

		/* after an error, a second one would only hide the first */
		if (rc < 0 && scratch == NULL)
			return FQ_ERROR;
		if (fq_pg_command(c, end, rc < 0 ? scratch : d) < 0)
			rc = FQ_ERROR;
		fq_diags_free(scratch);
	}
	return rc;
}

/* ---- Running ---- */

static int64_t
cmd_tuples(const PGresult *res)
{
	const char *n = PQcmdTuples((PGresult *) res);

	if (n == NULL || *n == '\0')
		return -1;
	return strtoll(n, NULL, 10);
}

/* Notices go to d while c is used (never once detached). */
static void
set_notices(fq_pg_result *r, fq_diags *d)
{
	if (!r->detached)
		r->c->notice_d = d;
}

static void
drain_begin(fq_pg_result *r)
{
	if (!r->detached)
		fq_pg_drain_begin(r->c);
}

static void
drain_end(fq_pg_result *r)
{
	if (!r->detached)
		fq_pg_drain_end(r->c);
}

/* Raises a failed result: the server's error, or the one kept when the
 * result was read into memory. */
static int
raise_res(fq_pg_result *r, PGresult *res, fq_diags *d)
{
	if (res != NULL && res == r->queued_failure)
	{
		if (d != NULL && r->failure != NULL)
			fq_diags_append(d, r->failure);
		else if (d != NULL)
			fq_raise_nomem(d, NULL);
		return FQ_ERROR;
	}
	return fq_pg_raise_result(r->c, res, r->with_position, d);
}

/* The next result: from the server, or from memory once detached. */
static int
next_res(fq_pg_result *r, PGresult **res, fq_diags *d)
{
	if (r->detached)
	{
		*res = r->qpos < r->nqueue ? r->queue[r->qpos++] : NULL;
		return FQ_OK;
	}
	return fq_pg_get_result(r->c, res, d);
}

/* Every result has been read: the connection is idle. */
static void
finish(fq_pg_result *r)
{
	r->finished = true;
	r->set_done = true;
	if (!r->detached)
	{
		r->c->busy = false;
		fq_pg_note_status(r->c);
	}
}

/* COPY to or from the client cannot go through fedq's interface. */
static int
refuse_copy(fq_pg_result *r, PGresult *res, fq_diags *d)
{
	if (r->detached)
		; /* dealt with on the connection when it was read */
	else if (PQresultStatus(res) == PGRES_COPY_OUT)
	{
		char *buf;
		int len;

		while (fq_pg_get_copy(r->c, &buf, &len, NULL) == FQ_OK && len > 0)
			PQfreemem(buf);
	}
	else if (PQresultStatus(res) == PGRES_COPY_IN)
	{
		(void) PQputCopyEnd(r->c->conn, "COPY FROM STDIN is not supported through fedq");
		(void) fq_pg_sent(r->c, NULL);
	}
	else
		r->c->broken = true; /* COPY BOTH: replication; no way back */
	if (PQresultStatus(res) == PGRES_COPY_BOTH)
	{
		if (d != NULL)
			fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
					 "%s: replication commands are not supported", r->label);
		return FQ_ERROR;
	}
	if (d != NULL)
	{
		fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
				 "%s: COPY to or from the client is not supported through fedq", r->label);
		fq_diag_hint(d, "Use INSERT ... SELECT, or COPY with a server-side file or "
						"program, or load the data with psql.");
	}
	return FQ_ERROR;
}

/* A result read only to be dropped; its error raised when *rc is still
 * FQ_OK and d is given. */
static void
drop_result(fq_pg_result *r, PGresult *res, int *rc, fq_diags *d)
{
	switch (PQresultStatus(res))
	{
		case PGRES_SINGLE_TUPLE:
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
		case PGRES_EMPTY_QUERY:
			break;
		case PGRES_COPY_OUT:
		case PGRES_COPY_IN:
		case PGRES_COPY_BOTH:
			if (refuse_copy(r, res, *rc == FQ_OK ? d : NULL) != FQ_OK)
				*rc = FQ_ERROR;
			break;
		default:
			if (*rc == FQ_OK && d != NULL)
				raise_res(r, res, d);
			*rc = FQ_ERROR;
			break;
	}
	PQclear(res);
}

/*
 * Reads every remaining result and drops rows; raises the first error when
 * d is given.  Afterwards the connection is idle.
 */
static int
drain_rest(fq_pg_result *r, fq_diags *d)
{
	PGresult *res;
	int rc = FQ_OK;

	if (r->pending != NULL)
	{
		PQclear(r->pending);
		r->pending = NULL;
	}
	if (r->have_next)
	{
		r->have_next = false;
		if (r->next != NULL)
			drop_result(r, r->next, &rc, d);
		r->next = NULL;
	}
	while (!r->finished && (r->detached || !r->c->broken))
	{
		if (next_res(r, &res, d) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		if (res == NULL)
			break;
		drop_result(r, res, &rc, d);
	}
	finish(r);
	return rc;
}

/*
 * Makes res (not NULL) the current result: 1, or FQ_ERROR when it is the
 * statement's failure (res is consumed either way).
 */
static int
take_result(fq_pg_result *r, PGresult *res, fq_arena *a, fq_diags *d)
{
	int rc;

	if (r->pending != NULL)
		PQclear(r->pending);
	r->pending = NULL;
	r->ncols = 0;
	r->cols = NULL;
	r->types = NULL;
	r->rowcount = -1;
	switch (PQresultStatus(res))
	{
		case PGRES_SINGLE_TUPLE:
		case PGRES_TUPLES_OK:
			/* A result set: its rows are streamed (TUPLES_OK ends it). */
			if (columns_from(r->c, res, a, &r->cols, &r->types, &r->ncols, d) != FQ_OK)
			{
				PQclear(res);
				return FQ_ERROR;
			}
			r->pending = res;
			r->pending_row = 0;
			r->set_done = false;
			return 1;
		case PGRES_COMMAND_OK:
		case PGRES_EMPTY_QUERY:
			if (PQresultStatus(res) == PGRES_COMMAND_OK)
				r->rowcount = cmd_tuples(res);
			r->set_done = true;
			PQclear(res);
			return 1;
		case PGRES_COPY_OUT:
		case PGRES_COPY_IN:
		case PGRES_COPY_BOTH:
			rc = refuse_copy(r, res, d);
			PQclear(res);
			return rc;
		default:
			raise_res(r, res, d);
			PQclear(res);
			return FQ_ERROR;
	}
}

/* At the end of the current result, the next one is read (the server runs
 * the next statement), so that the connection is known to be idle after
 * the last; a failure there is kept for fq_pg_exec_next_result. */
static int
read_ahead(fq_pg_result *r, fq_diags *d)
{
	PGresult *res;

	if (r->have_next || r->finished)
		return FQ_OK;
	if (next_res(r, &res, d) < 0)
	{
		r->failed = true;
		finish(r);
		return FQ_ERROR;
	}
	if (res == NULL)
	{
		finish(r);
		return FQ_OK;
	}
	r->next = res;
	r->have_next = true;
	return FQ_OK;
}

/* The next statement's result becomes the current one: 1, 0 when there is
 * none, FQ_ERROR when that statement failed (the server ran no more). */
static int
advance(fq_pg_result *r, fq_arena *a, fq_diags *d)
{
	PGresult *res;

	if (r->have_next)
	{
		res = r->next;
		r->next = NULL;
		r->have_next = false;
	}
	else if (r->finished)
		return 0;
	else if (next_res(r, &res, d) < 0)
	{
		r->failed = true;
		finish(r);
		return FQ_ERROR;
	}
	if (res == NULL)
	{
		finish(r);
		return 0;
	}
	if (take_result(r, res, a, d) < 0)
	{
		drain_begin(r);
		(void) drain_rest(r, NULL);
		drain_end(r);
		r->ncols = 0;
		r->failed = true;
		return FQ_ERROR;
	}
	if (r->set_done && read_ahead(r, d) < 0)
		return FQ_ERROR;
	return 1;
}

int
fq_pg_exec_open(fq_pg_conn *c, const char *sql, int nparams, const char *const *param_text,
				fq_arena *a, fq_pg_result **out, fq_diags *d)
{
	fq_pg_result *r;
	fq_pg_sql_shape shape;
	int rc;

	*out = NULL;
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	if (nparams < 0 || (nparams > 0 && param_text == NULL) || nparams > 65535)
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "passthrough with %d parameters", nparams);
	r = fq_calloc(1, sizeof(*r));
	if (r == NULL)
		return fq_raise_nomem(d, NULL);
	r->c = c;
	r->label = fq_strdup(c->label != NULL ? c->label : "the warehouse");
	if (r->label == NULL)
	{
		free(r);
		return fq_raise_nomem(d, NULL);
	}
	r->rowcount = -1;
	r->with_position = !c->is_source;
	fq_pg_sql_shape_of(sql, &shape);
	r->script = shape.nstatements > 1;
	r->may_cancel = PQtransactionStatus(c->conn) == PQTRANS_IDLE && shape.plain_read;

	c->notice_d = d;
	if (fq_pg_send_query(c, sql, nparams, param_text, true, d) < 0)
	{
		c->notice_d = NULL;
		free(r->label);
		free(r);
		return FQ_ERROR;
	}
	c->busy = true;
	rc = advance(r, a, d);
	c->notice_d = NULL;
	if (rc < 0)
	{
		fq_pg_exec_close(r);
		return FQ_ERROR;
	}
	if (rc == 0)
		r->set_done = true; /* an empty text: no result at all */
	*out = r;
	return FQ_OK;
}

int
fq_pg_exec_next_result(fq_pg_result *r, fq_arena *a, fq_diags *d)
{
	int rc = FQ_OK;

	if (r->failed)
		return 0;
	set_notices(r, d);
	/* What is left of the current result is read and dropped. */
	if (r->pending != NULL && PQresultStatus(r->pending) == PGRES_TUPLES_OK)
		r->set_done = true;
	if (r->pending != NULL)
		PQclear(r->pending);
	r->pending = NULL;
	while (!r->set_done)
	{
		PGresult *res;

		if (next_res(r, &res, d) < 0)
		{
			r->failed = true;
			finish(r);
			set_notices(r, NULL);
			return FQ_ERROR;
		}
		if (res == NULL)
		{
			finish(r);
			break;
		}
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			r->set_done = true;
		else if (PQresultStatus(res) != PGRES_SINGLE_TUPLE)
		{
			/* The current statement failed after its first rows. */
			drop_result(r, res, &rc, d);
			drain_begin(r);
			(void) drain_rest(r, NULL);
			drain_end(r);
			r->failed = true;
			set_notices(r, NULL);
			return FQ_ERROR;
		}
		PQclear(res);
	}
	if (read_ahead(r, d) < 0)
		rc = FQ_ERROR;
	else
		rc = advance(r, a, d);
	set_notices(r, NULL);
	return rc;
}

int
fq_pg_exec_buffer(fq_pg_result *r, fq_diags *d)
{
	int cap = 0;

	if (r->detached || r->finished)
		return FQ_OK;
	r->may_cancel = false;
	set_notices(r, d);
	for (;;)
	{
		PGresult *res;

		if (fq_pg_get_result(r->c, &res, d) < 0)
		{
			set_notices(r, NULL);
			r->failed = true;
			finish(r);
			return FQ_ERROR;
		}
		if (res == NULL)
			break;
		if (PQresultStatus(res) == PGRES_COPY_OUT || PQresultStatus(res) == PGRES_COPY_IN ||
			PQresultStatus(res) == PGRES_COPY_BOTH)
			(void) refuse_copy(r, res, NULL);
		else if (r->queued_failure == NULL && PQresultStatus(res) != PGRES_SINGLE_TUPLE &&
				 PQresultStatus(res) != PGRES_TUPLES_OK &&
				 PQresultStatus(res) != PGRES_COMMAND_OK &&
				 PQresultStatus(res) != PGRES_EMPTY_QUERY)
		{
			/* Raised now, while the connection can explain it. */
			r->queued_failure = res;
			r->failure = fq_diags_new();
			if (r->failure != NULL)
				(void) fq_pg_raise_result(r->c, res, r->with_position, r->failure);
		}
		if (r->nqueue == cap)
		{
			int ncap = cap > 0 ? cap * 2 : 64;
			PGresult **grown = fq_realloc(r->queue, sizeof(PGresult *) * (size_t) ncap);

			if (grown == NULL)
			{
				PQclear(res);
				set_notices(r, NULL);
				drain_begin(r);
				(void) drain_rest(r, NULL);
				drain_end(r);
				r->failed = true;
				return fq_raise_nomem(d, NULL);
			}
			r->queue = grown;
			cap = ncap;
		}
		r->queue[r->nqueue++] = res;
	}
	set_notices(r, NULL);
	r->c->busy = false;
	fq_pg_note_status(r->c);
	r->detached = true;
	r->c = NULL;
	return FQ_OK;
}

bool
fq_pg_result_script(const fq_pg_result *r)
{
	return r->script;
}

bool
fq_pg_result_finished(const fq_pg_result *r)
{
	return r->finished;
}

int
fq_pg_result_ncols(const fq_pg_result *r)
{
	return r->ncols;
}

const fq_column *
fq_pg_result_column(const fq_pg_result *r, int i)
{
	if (i < 0 || i >= r->ncols)
		return NULL;
	return &r->cols[i];
}

int64_t
fq_pg_result_rowcount(const fq_pg_result *r)
{
	return r->rowcount;
}

static char *
str_space(fq_pg_result *r, fq_arena *a, size_t n)
{
	char *p;

	if (n <= r->sleft)
	{
		p = r->sbuf;
		r->sbuf += n;
		r->sleft -= n;
		return p;
	}
	if (n > r->snext / 4)
		return fq_arena_alloc(a, n);
	p = fq_arena_alloc(a, r->snext);
	if (p == NULL)
		return NULL;
	r->sbuf = p + n;
	r->sleft = r->snext - n;
	if (r->snext < STR_CHUNK_MAX)
		r->snext *= 2;
	return p;
}

static int
raise_value(fq_pg_result *r, int col, fq_conv conv, const char *val, int len, fq_diags *d)
{
	fq_strbuf tb = FQ_STRBUF_INIT;

	if (conv == FQ_CONV_NOMEM)
		return fq_raise_nomem(d, NULL);
	fq_type_format(&r->types[col], &tb);
	if (conv == FQ_CONV_RANGE)
		fq_raise(d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
				 "%s: value in column \"%s\" does not fit %s", r->label,
				 r->cols[col].name, fq_strbuf_str(&tb));
	else
		fq_raise(d, FQ_ERR_INVALID_TEXT_REPRESENTATION, 0,
				 "%s: could not read the value of column \"%s\" as %s", r->label,
				 r->cols[col].name, fq_strbuf_str(&tb));
	fq_diag_detail(d, "The value is \"%.*s\"%s.", len > 100 ? 100 : len, val,
				   len > 100 ? "..." : "");
	fq_strbuf_free(&tb);
	return FQ_ERROR;
}

/* Appends row `row` of res to the batch; text values are parsed. */
static int
add_row(fq_pg_result *r, const PGresult *res, int row, fq_batch *out, fq_arena *a,
		fq_diags *d)
{
	uint32_t at = out->nrows;

	for (int j = 0; j < r->ncols; j++)
	{
		fq_vector *v = &out->cols[j];
		const char *val;
		int len;

		if (PQgetisnull(res, row, j))
		{
			if (fq_vector_set_null(v, a, FQ_BATCH_ROWS, at) != FQ_OK)
				return fq_raise_nomem(d, a);
			memset(fq_vector_slot(v, at), 0, fq_type_size(&v->type));
			continue;
		}
		val = PQgetvalue(res, row, j);
		len = PQgetlength(res, row, j);
		if (v->type.id == FQ_T_VARCHAR || v->type.id == FQ_T_CHAR)
		{
			fq_string *s = (fq_string *) v->data + at;
			char *dst = len > 0 ? str_space(r, a, (size_t) len) : NULL;

			if (len > 0 && dst == NULL)
				return fq_raise_nomem(d, a);
			if (len > 0)
				memcpy(dst, val, (size_t) len);
			s->ptr = len > 0 ? dst : "";
			s->len = (uint32_t) len;
		}
		else
		{
			fq_conv conv = fq_parse_text(val, (size_t) len, &v->type, fq_vector_slot(v, at), a);

			if (conv != FQ_CONV_OK)
			{
				if (fq_arena_failure(a) != FQ_ARENA_OK)
					return fq_raise_nomem(d, a);
				return raise_value(r, j, conv, val, len, d);
			}
		}
	}
	out->nrows++;
	return FQ_OK;
}

int
fq_pg_exec_next(fq_pg_result *r, fq_arena *a, fq_batch *out, fq_diags *d)
{
	out->nrows = 0;
	out->ncols = (uint32_t) r->ncols;
	out->cols = NULL;
	if (r->failed)
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "the result from %s has already failed",
						r->label);
	if (r->set_done && r->pending == NULL)
		return 0;
	if (fq_batch_init(out, a, r->types, r->ncols, FQ_BATCH_ROWS) != FQ_OK)
		return fq_raise_nomem(d, a);
	r->sbuf = NULL;
	r->sleft = 0;
	r->snext = STR_CHUNK_MIN;
	set_notices(r, d);
	while (out->nrows < FQ_BATCH_ROWS && !r->set_done)
	{
		PGresult *res;

		if (r->pending != NULL)
		{
			int n = PQntuples(r->pending);

			if (PQnfields(r->pending) != r->ncols)
			{
				fq_raise(d, FQ_ERR_PROTOCOL_VIOLATION, 0,
						 "%s changed the number of columns within a result", r->label);
				goto fail;
			}
			while (r->pending_row < n && out->nrows < FQ_BATCH_ROWS)
				if (add_row(r, r->pending, r->pending_row++, out, a, d) != FQ_OK)
					goto fail;
			if (r->pending_row >= n)
			{
				/* TUPLES_OK closes a result set (in single-row mode it has
				 * no rows of its own). */
				if (PQresultStatus(r->pending) == PGRES_TUPLES_OK)
				{
					r->rowcount = cmd_tuples(r->pending);
					r->set_done = true;
				}
				PQclear(r->pending);
				r->pending = NULL;
			}
			continue;
		}
		if (next_res(r, &res, d) < 0)
		{
			r->set_done = true;
			r->finished = true;
			goto fail;
		}
		if (res == NULL)
		{
			finish(r);
			break;
		}
		switch (PQresultStatus(res))
		{
			case PGRES_SINGLE_TUPLE:
			case PGRES_TUPLES_OK:
				r->pending = res;
				r->pending_row = 0;
				break;
			case PGRES_FATAL_ERROR:
			case PGRES_NONFATAL_ERROR:
			case PGRES_BAD_RESPONSE:
			default:
				raise_res(r, res, d);
				PQclear(res);
				/* The statement is over on the server: nothing to cancel. */
				r->set_done = true;
				goto fail;
		}
	}
	/* The set has ended: see whether another statement's result follows. */
	if (r->set_done && read_ahead(r, d) < 0)
		goto fail;
	set_notices(r, NULL);
	if (out->nrows == 0)
	{
		out->cols = NULL;
		return 0;
	}
	return 1;

fail:
	set_notices(r, NULL);
	r->failed = true;
	out->nrows = 0;
	out->cols = NULL;
	/* A value fedq could not read leaves the server sending rows. */
	if (r->may_cancel && !r->set_done && !r->detached)
		fq_pg_send_cancel(r->c);
	drain_begin(r);
	(void) drain_rest(r, NULL);
	drain_end(r);
	return FQ_ERROR;
}

void
fq_pg_exec_close(fq_pg_result *r)
{
	if (r == NULL)
		return;
	if (!r->finished || r->have_next)
	{
		if (r->may_cancel && !r->set_done && !r->detached)
			fq_pg_send_cancel(r->c);
		/* Bounded: a statement that may not be cancelled (a write) is read
		 * to its end, but a source that does not answer is let go. */
		if (r->may_cancel)
			drain_begin(r);
		(void) drain_rest(r, NULL);
		drain_end(r);
	}
	if (r->pending != NULL)
		PQclear(r->pending);
	for (int i = r->qpos; i < r->nqueue; i++)
		PQclear(r->queue[i]);
	free(r->queue);
	fq_diags_free(r->failure);
	free(r->label);
	free(r);
}
