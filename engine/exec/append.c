/*
 * append.c — Append (UNION ALL): every batch of its first input, then
 * every batch of the next, and so on.
 *
 * Every input produces the Append's columns in its order and types (the
 * binder casts each arm), so batches go up unchanged.  An input is not
 * started before the one before it is done: two arms at one source never
 * stream at the same time, and a LIMIT above that the first arms satisfy
 * never starts the others.
 */
#include "exec/exec.h"

#include "core/diag.h"

typedef struct append_state
{
	fq_exec_node n;
	int cur; /* the input being read */
} append_state;

static int
append_next(fq_exec_node *node, const fq_batch **out)
{
	append_state *as = (append_state *) node;

	*out = NULL;
	while (as->cur < node->ninputs)
	{
		fq_exec_node *in = node->inputs[as->cur];
		int rc = fq_exec_pull(in, out);

		if (rc != 0)
			return rc;
		/* This input is spent: let its remote work go before the next
		 * one's starts. */
		fq_exec_end_node(in);
		as->cur++;
	}
	return 0;
}

fq_exec_node *
fq_exec_init_append(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_append *ap = (const fq_plan_append *) plan;
	fq_exec_node *n = fq_exec_new_node(ctx, plan, sizeof(append_state));

	if (n == NULL)
		return NULL;
	n->next = append_next;
	n->ninputs = ap->ninputs;
	n->inputs = FQ_NEW_ARRAY(ctx->arena, fq_exec_node *, ap->ninputs > 0 ? ap->ninputs : 1);
	if (n->inputs == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int i = 0; i < ap->ninputs; i++)
		if ((n->inputs[i] = fq_exec_init_node(ctx, ap->inputs[i])) == NULL)
			return NULL;
	return n;
}
