/*
 * ship.c — Ship: a cross-source part of the query that the warehouse runs
 * (plan/ship.c decides which).
 *
 *   init   the warehouse RemoteQuery (left) and each shipped input's
 *          external RemoteQuery (inputs[]) -- nothing remote yet
 *   next   on the first call, on the warehouse connection: in the query's
 *          own transaction (begun without READ ONLY, executor.c) or, inside
 *          the application's transaction, under the statement's savepoint,
 *          CREATE TEMP TABLE fq_ship_<n> (c0 type, ...) ON COMMIT DROP for
 *          each input, and COPY ... FROM STDIN (FORMAT binary: the columns
 *          are the values' own types) of its rows as its source sends
 *          them; then the warehouse's rows, batch by batch
 *   end    the warehouse query first; inside the application's transaction
 *          the tables are dropped (after an error the savepoint's rollback
 *          has removed them); in the query's own transaction they go with
 *          its end (ON COMMIT DROP, or the rollback after an error or a
 *          cancel), and with the session at worst
 *
 * Each shipped input is recorded in svl_federated_query (source: its
 * external schema; text: "SHIP TO WAREHOUSE fq_ship_<n>: <its SQL>"; the
 * bytes of COPY data sent to the warehouse) and, at LogLevel 3, the log.
 */
#include "exec/exec.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "exec/vector.h"
#include "plan/planner.h"
#include "plan/sysviews.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct ship_state
{
	fq_exec_node n;
	const fq_plan_ship *plan;
	fq_pg_conn *wc;
	bool shipped;
	bool drop;       /* inside the application's transaction: drop at the end */
	int created;     /* tables made so far */
	uint64_t bytes;  /* COPY data sent, every input */
} ship_state;

/* CREATE TEMP TABLE for one input: columns c0.. of its output types. */
static int
create_table(ship_state *ss, const fq_plan_shipped *s)
{
	fq_exec_ctx *ctx = ss->n.ctx;
	fq_strbuf b = FQ_STRBUF_INIT;
	int rc;

	fq_strbuf_append(&b, "CREATE TEMP TABLE ");
	fq_strbuf_append_ident(&b, s->table);
	fq_strbuf_append(&b, " (");
	for (int i = 0; i < s->p.nout; i++)
	{
		fq_strbuf_printf(&b, "%sc%d ", i > 0 ? ", " : "", i);
		if (s->p.out[i].type.id == FQ_T_UNKNOWN)
			fq_strbuf_append(&b, "text");
		else
			fq_type_format(&s->p.out[i].type, &b);
	}
	fq_strbuf_append(&b, ") ON COMMIT DROP");
	if (!fq_strbuf_ok(&b))
	{
		fq_strbuf_free(&b);
		return fq_raise_nomem(ctx->d, NULL);
	}
	rc = fq_pg_command(ss->wc, fq_strbuf_str(&b), ctx->d);
	fq_strbuf_free(&b);
	if (rc == FQ_OK)
		ss->created++;
	return rc;
}

/* Streams input k's rows into its table. */
static int
copy_rows(ship_state *ss, int k)
{
	fq_exec_ctx *ctx = ss->n.ctx;
	const fq_plan_shipped *s = ss->plan->ship[k];
	fq_exec_node *in = ss->n.inputs[k];
	fq_strbuf out = FQ_STRBUF_INIT;
	fq_pg_copy_enc enc;
	unsigned nbatches = 0;
	uint64_t bytes = 0;
	int64_t rows = 0;
	int64_t started = fq_wall_usecs();
	struct timespec t0;
	struct timespec t1;
	const fq_batch *b;
	const char *copy;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* The table's columns are the values' own types: binary. */
	copy = fq_arena_printf(ctx->arena, "COPY pg_temp.%s FROM STDIN%s", s->table,
						   fq_pg_copy_format_option(true));
	if (copy == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	if (fq_pg_copy_in_begin(ss->wc, copy, ctx->d) < 0)
		return FQ_ERROR;
	fq_pg_copy_enc_init(&enc, ss->wc, true, NULL);
	while ((rc = fq_exec_pull(in, &b)) > 0)
	{
		fq_strbuf_reset(&out);
		if (fq_pg_copy_enc_rows(&enc, b, s->p.nout, &out, ctx->d) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		bytes += out.len;
		/* every few batches wait until the warehouse took them: what
		 * libpq holds stays bounded */
		if (out.len > 0 &&
			fq_pg_copy_in_put(ss->wc, out.data, out.len, ++nbatches % 8 == 0, ctx->d) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
	}
	if (rc == 0)
	{
		/* binary's trailer (and header, when no row came) */
		fq_strbuf_reset(&out);
		fq_pg_copy_enc_end(&enc, &out);
		bytes += out.len;
		if (!fq_strbuf_ok(&out))
			rc = fq_raise_nomem(ctx->d, NULL);
		else if (fq_pg_copy_in_put(ss->wc, out.data, out.len, true, ctx->d) < 0)
			rc = FQ_ERROR;
	}
	fq_pg_copy_enc_free(&enc);
	fq_strbuf_free(&out);
	if (rc < 0)
	{
		(void) fq_pg_copy_in_end(ss->wc, "fedq stopped shipping rows: the query failed", &rows,
								 NULL);
		return FQ_ERROR;
	}
	if (fq_pg_copy_in_end(ss->wc, NULL, &rows, ctx->d) < 0)
		return FQ_ERROR;
	ss->bytes += bytes;
	/* The source's query is over: its own record first. */
	fq_exec_end_node(in);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		const char *sql = fq_exec_remote_sql(in) != NULL ? fq_exec_remote_sql(in) : s->input->sql;
		const char *text = fq_arena_printf(ctx->arena, "SHIP TO WAREHOUSE %s: %s", s->table, sql);
		fq_fedlog_entry e = {0};

		fq_log_write(&ctx->s->log, FQ_LOG_REMOTE,
					 "shipped %lld rows, %llu bytes of %s to the warehouse as %s",
					 (long long) rows, (unsigned long long) bytes, s->input->source->label,
					 s->table);
		e.query = ctx->st->query_no;
		e.recordtime = started;
		e.source = (char *) s->input->source->ext->name;
		e.text = (char *) (text != NULL ? text : s->table);
		e.rows = rows;
		e.bytes = (int64_t) bytes;
		e.usecs = (int64_t) (t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
		fq_fedlog_add(ctx->s, &e);
	}
	return FQ_OK;
}

static int
ship_inputs(ship_state *ss)
{
	fq_exec_ctx *ctx = ss->n.ctx;
	fq_session *s = ctx->s;
	int rc = FQ_OK;

	if (fq_session_source_conn(s, &s->warehouse_source, ctx->st, true, &ss->wc, ctx->d) < 0)
		return FQ_ERROR;
	if (s->wh_in_tran || fq_pg_in_user_transaction(ss->wc))
	{
		/* Inside the application's transaction: under the statement's
		 * savepoint, so an error takes the tables with it and leaves the
		 * transaction going on. */
		if (!ctx->st->svp_guarded)
		{
			int guarded = fq_session_svp_begin(s, ss->wc, NULL, ctx->d);

			if (guarded < 0)
				return FQ_ERROR;
			ctx->st->svp_guarded = guarded > 0;
		}
		ss->drop = true;
	}
	else if (fq_exec_begin_read_temp(ctx, ss->wc) < 0)
		return FQ_ERROR;
	if (fq_stmt_enter_remote(ctx->st, ss->wc, ctx->d) < 0)
		return FQ_ERROR;
	for (int k = 0; k < ss->plan->nship && rc == FQ_OK; k++)
		if (create_table(ss, ss->plan->ship[k]) < 0 || copy_rows(ss, k) < 0)
			rc = FQ_ERROR;
	fq_stmt_leave_remote(ctx->st, ss->wc);
	ss->n.bytes = ss->bytes;
	return rc;
}

static int
ship_next(fq_exec_node *node, const fq_batch **out)
{
	ship_state *ss = (ship_state *) node;

	if (!ss->shipped)
	{
		ss->shipped = true;
		if (ship_inputs(ss) < 0)
			return FQ_ERROR;
	}
	return fq_exec_pull(node->left, out);
}

static void
ship_end(fq_exec_node *node)
{
	ship_state *ss = (ship_state *) node;
	fq_diags *ignored;
	fq_strbuf b = FQ_STRBUF_INIT;

	/* The warehouse's query reads the tables: it ends first. */
	fq_exec_end_node(node->left);
	for (int k = 0; k < node->ninputs; k++)
		fq_exec_end_node(node->inputs[k]);
	if (!ss->drop || ss->created == 0 || ss->wc == NULL || !fq_pg_alive(ss->wc) ||
		fq_pg_txn_state(ss->wc) != FQ_PG_TXN_OPEN)
		return;
	fq_strbuf_append(&b, "DROP TABLE IF EXISTS ");
	for (int k = 0; k < ss->created; k++)
	{
		fq_strbuf_append(&b, k > 0 ? ", pg_temp." : "pg_temp.");
		fq_strbuf_append_ident(&b, ss->plan->ship[k]->table);
	}
	/* A failed drop leaves tables the transaction's end drops. */
	if (fq_strbuf_ok(&b) && (ignored = fq_diags_new()) != NULL)
	{
		(void) fq_pg_command(ss->wc, fq_strbuf_str(&b), ignored);
		fq_diags_free(ignored);
	}
	fq_strbuf_free(&b);
	ss->created = 0;
}

fq_exec_node *
fq_exec_init_ship(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_ship *sp = (const fq_plan_ship *) plan;
	ship_state *ss = (ship_state *) fq_exec_new_node(ctx, plan, sizeof(ship_state));

	if (ss == NULL)
		return NULL;
	ss->plan = sp;
	ss->n.next = ship_next;
	ss->n.end = ship_end;
	if ((ss->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	if ((ss->n.inputs = FQ_NEW_ARRAY(ctx->arena, fq_exec_node *, sp->nship)) == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int k = 0; k < sp->nship; k++)
	{
		if ((ss->n.inputs[k] = fq_exec_init_node(ctx, &sp->ship[k]->input->p)) == NULL)
			return NULL;
		ss->n.ninputs = k + 1;
	}
	return &ss->n;
}
