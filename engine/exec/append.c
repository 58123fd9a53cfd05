/*
 * append.c — Append (UNION ALL): every batch of the left input, then every
 * batch of the right.
 *
 * Both inputs produce the Append's columns in its order and types (the
 * binder casts each arm), so batches go up unchanged.  The right input is
 * not started before the left one is done: two arms at one source never
 * stream at the same time, and a LIMIT above that is satisfied by the left
 * arm never starts the right one.
 */
#include "exec/exec.h"

static int
append_next(fq_exec_node *node, const fq_batch **out)
{
	int rc;

	if (!node->left->done)
	{
		rc = fq_exec_pull(node->left, out);
		if (rc != 0)
			return rc;
		/* The left arm is spent: let its remote work go before the right
		 * arm's starts. */
		fq_exec_end_node(node->left);
	}
	return fq_exec_pull(node->right, out);
}

fq_exec_node *
fq_exec_init_append(fq_exec_ctx *ctx, const fq_plan *plan)
{
	fq_exec_node *n = fq_exec_new_node(ctx, plan, sizeof(fq_exec_node));

	if (n == NULL)
		return NULL;
	n->next = append_next;
	if ((n->left = fq_exec_init_node(ctx, plan->left)) == NULL ||
		(n->right = fq_exec_init_node(ctx, plan->right)) == NULL)
		return NULL;
	return n;
}
