/*
 * limit.c — Limit: skips OFFSET rows, then passes LIMIT rows.
 *
 * Batches are sliced without copying.  Once the limit is reached the input
 * is ended at once, which cancels a remote scan that would otherwise keep
 * streaming rows nobody reads.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "types/types.h"

typedef struct limit_state
{
	fq_exec_node n;
	int64_t limit;    /* -1: none */
	int64_t skip;     /* offset rows still to skip */
	int64_t emitted;
	fq_vector *cols;
	fq_batch out;
} limit_state;

static int
limit_next(fq_exec_node *node, const fq_batch **out)
{
	limit_state *ls = (limit_state *) node;

	for (;;)
	{
		const fq_batch *in;
		uint32_t start = 0;
		uint32_t n;
		int rc;

		if (ls->limit >= 0 && ls->emitted >= ls->limit)
		{
			fq_exec_end_node(node->left);
			return 0;
		}
		rc = fq_exec_pull(node->left, &in);
		if (rc <= 0)
			return rc;
		if (ls->skip > 0)
		{
			if ((int64_t) in->nrows <= ls->skip)
			{
				ls->skip -= in->nrows;
				continue;
			}
			start = (uint32_t) ls->skip;
			ls->skip = 0;
		}
		n = in->nrows - start;
		if (ls->limit >= 0 && (int64_t) n > ls->limit - ls->emitted)
			n = (uint32_t) (ls->limit - ls->emitted);
		ls->emitted += n;
		if (start == 0 && n == in->nrows)
		{
			*out = in;
			return 1;
		}
		for (uint32_t c = 0; c < in->ncols; c++)
		{
			const fq_vector *src = &in->cols[c];

			ls->cols[c].type = src->type;
			ls->cols[c].data = (char *) src->data + fq_type_size(&src->type) * start;
			ls->cols[c].nulls = src->nulls != NULL ? src->nulls + start : NULL;
		}
		ls->out.nrows = n;
		ls->out.ncols = in->ncols;
		ls->out.cols = ls->cols;
		*out = &ls->out;
		return 1;
	}
}

static int
eval_count(fq_exec_ctx *ctx, const fq_expr *e, bool is_limit, int64_t *out)
{
	fq_value v;

	if (e == NULL)
		return FQ_OK;
	if (fq_eval_const(ctx, e, ctx->arena, &v) < 0)
		return FQ_ERROR;
	if (v.isnull)
		return FQ_OK; /* LIMIT NULL is no limit; OFFSET NULL is 0 */
	if (v.v.i < 0)
	{
		if (is_limit)
			return fq_raise(ctx->d, FQ_ERR_INVALID_ROW_COUNT_IN_LIMIT, 0,
							"LIMIT must not be negative");
		return fq_raise(ctx->d, FQ_ERR_INVALID_ROW_COUNT_IN_OFFSET, 0,
						"OFFSET must not be negative");
	}
	*out = v.v.i;
	return FQ_OK;
}

fq_exec_node *
fq_exec_init_limit(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_limit *lp = (const fq_plan_limit *) plan;
	limit_state *ls = (limit_state *) fq_exec_new_node(ctx, plan, sizeof(limit_state));

	if (ls == NULL)
		return NULL;
	ls->n.next = limit_next;
	ls->limit = -1;
	if (eval_count(ctx, lp->limit, true, &ls->limit) < 0 ||
		eval_count(ctx, lp->offset, false, &ls->skip) < 0)
		return NULL;
	ls->cols = FQ_NEW_ARRAY(ctx->arena, fq_vector, plan->nout > 0 ? plan->nout : 1);
	if (ls->cols == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	if ((ls->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	return &ls->n;
}
