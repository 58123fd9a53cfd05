/*
 * remote.c — RemoteQuery: runs a pushed-down subtree at its source and
 * streams the rows back as batches.
 *
 *   init   resolves nothing remote yet (a statement may never be fetched)
 *   next   on the first call: takes the source's connection, opens the
 *          query's READ ONLY REPEATABLE READ transaction on it (once per
 *          source per query), generates the SQL with parameter values, the
 *          statement's clock and the dynamic filters hash joins above have
 *          added (fq_exec_remote_add_filter), starts the COPY; then one
 *          batch per call
 *   end    stops an unfinished COPY (cancel and drain); the query's read
 *          transaction on the source ends with the query (fq_exec_end)
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "plan/planner.h"
#include "plan/sysviews.h"

#include <string.h>
#include <time.h>

typedef struct remote_state
{
	fq_exec_node n;
	const fq_plan_remote *plan;
	fq_pg_conn *conn;
	fq_pg_scan *scan;
	bool entered;      /* registered with the statement for cancel */
	fq_arena *batch_arena;
	fq_batch batch;
	fq_dyn_values *filters;
	const char *sql;   /* the SQL actually sent */
	const char *shown; /* the same with long value lists shortened */
	int64_t opened;    /* wall clock (svl_federated_query.recordtime) */
	struct timespec started;
} remote_state;

static int
remote_open(remote_state *rs)
{
	fq_exec_ctx *ctx = rs->n.ctx;
	const fq_plan_remote *rp = rs->plan;
	int ncols = rp->p.nout;
	fq_type *types = FQ_NEW_ARRAY(ctx->arena, fq_type, ncols > 0 ? ncols : 1);
	const char **names = FQ_NEW_ARRAY(ctx->arena, const char *, ncols > 0 ? ncols : 1);

	if (types == NULL || names == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	for (int i = 0; i < ncols; i++)
	{
		types[i] = rp->p.out[i].type;
		names[i] = rp->p.out[i].name != NULL ? rp->p.out[i].name : "?column?";
	}
	rs->sql = fq_deparse_filtered(ctx->st, rp->pushed, ctx, rs->filters, false, ctx->arena,
								  ctx->d);
	if (rs->sql == NULL)
		return FQ_ERROR;
	rs->shown = rs->filters == NULL ? rs->sql
		: fq_deparse_filtered(ctx->st, rp->pushed, ctx, rs->filters, true, ctx->arena, ctx->d);
	if (rs->shown == NULL)
		return FQ_ERROR;
	if (fq_session_source_conn(ctx->s, rp->source, ctx->st, true, &rs->conn, ctx->d) < 0)
		return FQ_ERROR;
	/* Inside the user's warehouse transaction (autocommit off, or a BEGIN
	 * the application sent), read in it; otherwise in the query's own
	 * snapshot of this source. */
	if (rp->source->kind == FQ_SOURCE_WAREHOUSE &&
		(ctx->s->wh_in_tran || fq_pg_in_user_transaction(rs->conn)))
	{
		/* An error at the warehouse undoes this statement alone. */
		if (!ctx->st->svp_guarded)
		{
			int guarded = fq_session_svp_begin(ctx->s, rs->conn, NULL, ctx->d);

			if (guarded < 0)
				return FQ_ERROR;
			ctx->st->svp_guarded = guarded > 0;
		}
	}
	else if (fq_exec_begin_read(ctx, rs->conn) < 0)
		return FQ_ERROR;
	if (fq_stmt_enter_remote(ctx->st, rs->conn, ctx->d) < 0)
		return FQ_ERROR;
	rs->entered = true;
	rs->opened = fq_wall_usecs();
	clock_gettime(CLOCK_MONOTONIC, &rs->started);
	if (fq_pg_scan_open(rs->conn, rs->sql, types, names, ncols, &rs->scan, ctx->d) < 0)
	{
		rs->scan = NULL;
		return FQ_ERROR;
	}
	rs->batch_arena = fq_arena_new(&ctx->st->acct);
	if (rs->batch_arena == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	return FQ_OK;
}

static int
remote_next(fq_exec_node *node, const fq_batch **out)
{
	remote_state *rs = (remote_state *) node;
	int rc;

	if (rs->scan == NULL && remote_open(rs) < 0)
		return FQ_ERROR;
	fq_arena_reset(rs->batch_arena);
	rc = fq_pg_scan_next(rs->scan, rs->batch_arena, &rs->batch, node->ctx->d);
	node->bytes = fq_pg_scan_bytes(rs->scan);
	if (rc > 0)
		*out = &rs->batch;
	else if (rc < 0 && fq_arena_failure(rs->batch_arena) != FQ_ARENA_OK &&
			 !fq_diags_has_error(node->ctx->d))
		fq_raise_nomem(node->ctx->d, rs->batch_arena);
	return rc;
}

static void
remote_end(fq_exec_node *node)
{
	remote_state *rs = (remote_state *) node;

	if (rs->scan != NULL)
	{
		node->bytes = fq_pg_scan_bytes(rs->scan);
		fq_log_write(&node->ctx->s->log, FQ_LOG_REMOTE, "%s: %llu rows, %llu bytes: %s",
					 rs->plan->source->label, (unsigned long long) fq_pg_scan_rows(rs->scan),
					 (unsigned long long) node->bytes, rs->shown);
		if (rs->plan->source->kind == FQ_SOURCE_EXTERNAL)
		{
			struct timespec now;
			fq_fedlog_entry e = {0};

			clock_gettime(CLOCK_MONOTONIC, &now);
			e.query = node->ctx->st->query_no;
			e.recordtime = rs->opened;
			e.source = (char *) rs->plan->source->ext->name;
			e.text = (char *) rs->shown;
			e.rows = (int64_t) fq_pg_scan_rows(rs->scan);
			e.bytes = (int64_t) node->bytes;
			e.usecs = (int64_t) (now.tv_sec - rs->started.tv_sec) * 1000000 +
				(now.tv_nsec - rs->started.tv_nsec) / 1000;
			fq_fedlog_add(node->ctx->s, &e);
		}
		fq_pg_scan_close(rs->scan);
		rs->scan = NULL;
	}
	if (rs->entered)
	{
		fq_stmt_leave_remote(node->ctx->st, rs->conn);
		rs->entered = false;
	}
	fq_arena_free(rs->batch_arena);
	rs->batch_arena = NULL;
}

fq_exec_node *
fq_exec_init_remote(fq_exec_ctx *ctx, const fq_plan *plan)
{
	remote_state *rs = (remote_state *) fq_exec_new_node(ctx, plan, sizeof(remote_state));

	if (rs == NULL)
		return NULL;
	rs->plan = (const fq_plan_remote *) plan;
	rs->n.next = remote_next;
	rs->n.end = remote_end;
	return &rs->n;
}

bool
fq_exec_remote_add_filter(fq_exec_node *node, fq_dyn_values *f)
{
	remote_state *rs = (remote_state *) node;

	if (!FQ_IS(node->plan, FQ_N_PLAN_REMOTE) || rs->sql != NULL || node->done)
		return false;
	f->next = rs->filters;
	rs->filters = f;
	return true;
}

const char *
fq_exec_remote_sql(const fq_exec_node *node)
{
	return node != NULL && FQ_IS(node->plan, FQ_N_PLAN_REMOTE)
		? ((const remote_state *) node)->shown : NULL;
}
