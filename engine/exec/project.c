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
} project_state;

static int
project_next(fq_exec_node *node, const fq_batch **out)
{
	project_state *ps = (project_state *) node;
	const fq_batch *in;
	int rc = fq_exec_pull(node->left, &in);

	if (rc <= 0)
		return rc;
	fq_arena_reset(ps->arena);
	ps->out.nrows = in->nrows;
	ps->out.ncols = (uint32_t) ps->nexprs;
	ps->out.cols = FQ_NEW_ARRAY(ps->arena, fq_vector, ps->nexprs > 0 ? ps->nexprs : 1);
	if (ps->out.cols == NULL)
		return fq_raise_nomem(node->ctx->d, ps->arena);
	for (int i = 0; i < ps->nexprs; i++)
		if (fq_eval(node->ctx, ps->exprs[i], in, NULL, ps->arena, &ps->out.cols[i]) < 0)
			return FQ_ERROR;
	*out = &ps->out;
	return 1;
}

static void
project_end(fq_exec_node *node)
{
	project_state *ps = (project_state *) node;

	fq_arena_free(ps->arena);
	ps->arena = NULL;
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
