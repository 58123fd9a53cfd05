/*
 * project.c — Project: computes one output column per expression.
 *
 * Plain column references share their input vector; computed columns are
 * evaluated into the operator's batch arena, reset for every batch.
 */
#include "exec/exec.h"

#include "core/diag.h"

typedef struct project_state
{
	fq_exec_node n;
	int nexprs;
	fq_expr **exprs;
	fq_arena *arena;
	fq_batch out;
	fq_diags *pending; /* an error to raise on the next call */
} project_state;

static int
project_next(fq_exec_node *node, const fq_batch **out)
{
	project_state *ps = (project_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	const fq_batch *in;
	fq_batch prefix;
	int before;
	int rc;

	if (ps->pending != NULL)
		return fq_eval_raise_pending(ctx, &ps->pending);
	if ((rc = fq_exec_pull(node->left, &in)) <= 0)
		return rc;
	for (;;)
	{
		int bad = -1;

		fq_arena_reset(ps->arena);
		ps->out.nrows = in->nrows;
		ps->out.ncols = (uint32_t) ps->nexprs;
		ps->out.cols = FQ_NEW_ARRAY(ps->arena, fq_vector, ps->nexprs > 0 ? ps->nexprs : 1);
		if (ps->out.cols == NULL)
			return fq_raise_nomem(ctx->d, ps->arena);
		before = fq_diags_count(ctx->d);
		for (int i = 0; i < ps->nexprs && bad < 0; i++)
			if (fq_eval(ctx, ps->exprs[i], in, NULL, ps->arena, &ps->out.cols[i]) < 0)
				bad = i;
		if (bad < 0)
			break;
		/* the rows before the one PostgreSQL fails on go up first */
		bad = fq_eval_failing_row_of(ctx, ps->exprs, ps->nexprs, in, before, &ps->pending);
		if (bad < 0)
			return FQ_ERROR;
		if (bad == 0)
			return fq_eval_raise_pending(ctx, &ps->pending);
		prefix = *in;
		prefix.nrows = (uint32_t) bad;
		in = &prefix;
	}
	*out = &ps->out;
	return 1;
}

static void
project_end(fq_exec_node *node)
{
	project_state *ps = (project_state *) node;

	fq_arena_free(ps->arena);
	fq_diags_free(ps->pending);
	ps->arena = NULL;
	ps->pending = NULL;
}

fq_exec_node *
fq_exec_init_project(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_project *pp = (const fq_plan_project *) plan;
	project_state *ps = (project_state *) fq_exec_new_node(ctx, plan, sizeof(project_state));

	if (ps == NULL)
		return NULL;
	ps->n.next = project_next;
	ps->n.end = project_end;
	if ((ps->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	ps->nexprs = pp->nexprs;
	ps->exprs = FQ_NEW_ARRAY(ctx->arena, fq_expr *, pp->nexprs > 0 ? pp->nexprs : 1);
	if (ps->exprs == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int i = 0; i < pp->nexprs; i++)
		if ((ps->exprs[i] = fq_exec_resolve(ctx, pp->exprs[i], plan->left)) == NULL)
			return NULL;
	if ((ps->arena = fq_arena_new(&ctx->st->acct)) == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &ps->n;
}
