/*
 * values.c — Values: literal rows (SELECT without FROM, results built by
 * the caller such as catalog listings, EXPLAIN output), and fedq's rows of
 * a system view, listed here, when the query executes.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "plan/sysviews.h"
#include "types/types.h"

#include <string.h>

typedef struct values_state
{
	fq_exec_node n;
	const fq_plan_values *plan;
	int next_row;
	int nrows;
	fq_value **listed;    /* a system view's rows (nrows of them) */
	fq_arena *arena;
	fq_batch out;
} values_state;

static int
values_next(fq_exec_node *node, const fq_batch **out)
{
	values_state *vs = (values_state *) node;
	const fq_plan_values *vp = vs->plan;
	int ncols = vp->p.nout;
	fq_type *types;
	uint32_t n;

	if (vs->next_row >= vs->nrows)
		return 0;
	n = (uint32_t) (vs->nrows - vs->next_row);
	if (n > FQ_BATCH_ROWS)
		n = FQ_BATCH_ROWS;
	fq_arena_reset(vs->arena);
	types = FQ_NEW_ARRAY(vs->arena, fq_type, ncols > 0 ? ncols : 1);
	if (types == NULL)
		return fq_raise_nomem(node->ctx->d, vs->arena);
	for (int c = 0; c < ncols; c++)
		types[c] = vp->p.out[c].type;
	if (fq_batch_init(&vs->out, vs->arena, types, ncols, n) < 0)
		return fq_raise_nomem(node->ctx->d, vs->arena);
	for (uint32_t r = 0; r < n; r++)
	{
		fq_expr **row = vs->listed == NULL ? vp->rows[vs->next_row + (int) r] : NULL;

		for (int c = 0; c < ncols; c++)
		{
			fq_vector *v = &vs->out.cols[c];
			fq_value val;

			if (row == NULL)
				val = vs->listed[vs->next_row + (int) r][c];
			else if (FQ_IS(row[c], FQ_N_EXPR_CONST))
				val = ((const fq_const *) row[c])->value;
			else if (fq_eval_const(node->ctx, row[c], vs->arena, &val) < 0)
				return FQ_ERROR;
			if (val.isnull)
			{
				if (fq_vector_set_null(v, vs->arena, n, r) < 0)
					return fq_raise_nomem(node->ctx->d, vs->arena);
				continue;
			}
			val.type = types[c];
			fq_value_to_slot(&val, fq_vector_slot(v, r));
		}
	}
	vs->out.nrows = n;
	vs->next_row += (int) n;
	*out = &vs->out;
	return 1;
}

static void
values_end(fq_exec_node *node)
{
	values_state *vs = (values_state *) node;

	fq_arena_free(vs->arena);
	vs->arena = NULL;
}

fq_exec_node *
fq_exec_init_values(fq_exec_ctx *ctx, const fq_plan *plan)
{
	values_state *vs = (values_state *) fq_exec_new_node(ctx, plan, sizeof(values_state));

	if (vs == NULL)
		return NULL;
	vs->plan = (const fq_plan_values *) plan;
	vs->nrows = vs->plan->nrows;
	vs->n.next = values_next;
	vs->n.end = values_end;
	if ((vs->arena = fq_arena_new(&ctx->st->acct)) == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	if (vs->plan->sysview != NULL)
	{
		/* Listed now: the sources are read (and a warning raised for one
		 * that cannot be) when the query runs. */
		fq_sysrows rows = {.a = ctx->arena};

		if (fq_sysview_rows(ctx->st, vs->plan->sysview, &rows, ctx->d) < 0)
			return NULL;
		vs->listed = rows.rows;
		vs->nrows = rows.nrows;
	}
	return &vs->n;
}
