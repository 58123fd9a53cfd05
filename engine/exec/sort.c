/*
 * sort.c — Sort: reads its whole input, orders it, returns it in batches.
 *
 * Input batches are copied (with their strings) into the operator's store
 * arena, charged to the query's memory account so MemoryLimit stops a sort
 * that would not fit.  Rows are ordered through an array of references
 * (batch, row); keys are columns of the input (the binder makes every sort
 * key a column).  Strings order bytewise, CHAR ignoring trailing blanks,
 * NULLs last ascending and first descending unless NULLS FIRST/LAST says
 * otherwise, as in PostgreSQL.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>

typedef struct sort_key_state
{
	int col;
	bool desc;
	bool nulls_first;
} sort_key_state;

typedef struct sort_state
{
	fq_exec_node n;
	int nkeys;
	sort_key_state *keys;
	fq_arena *store;      /* copies of the input */
	fq_batch *batches;
	int nbatches;
	int cap;
	uint64_t *refs;       /* batch << 16 | row, in sorted order */
	uint64_t nrefs;
	uint64_t emitted;
	bool sorted;
	fq_arena *out_arena;
	fq_batch out;
} sort_state;

/* Keeps a copy of an input batch (strings included) in the store. */
static int
keep_batch(sort_state *ss, const fq_batch *in)
{
	fq_exec_ctx *ctx = ss->n.ctx;

	if (ss->nbatches == ss->cap)
	{
		int cap = ss->cap ? ss->cap * 2 : 16;
		fq_batch *grown = fq_arena_realloc(ss->store, ss->batches,
										   sizeof(fq_batch) * (size_t) ss->cap,
										   sizeof(fq_batch) * (size_t) cap);

		if (grown == NULL)
			return fq_raise_nomem(ctx->d, ss->store);
		ss->batches = grown;
		ss->cap = cap;
	}
	if (fq_batch_copy(&ss->batches[ss->nbatches], in, ss->store) < 0)
		return fq_raise_nomem(ctx->d, ss->store);
	ss->nbatches++;
	return FQ_OK;
}

static int
compare_refs(const void *x, const void *y, void *arg)
{
	const sort_state *ss = arg;
	uint64_t a = *(const uint64_t *) x;
	uint64_t b = *(const uint64_t *) y;
	const fq_batch *ba = &ss->batches[a >> 16];
	const fq_batch *bb = &ss->batches[b >> 16];
	uint32_t ra = (uint32_t) (a & 0xFFFF);
	uint32_t rb = (uint32_t) (b & 0xFFFF);

	for (int k = 0; k < ss->nkeys; k++)
	{
		const sort_key_state *key = &ss->keys[k];
		const fq_vector *va = &ba->cols[key->col];
		const fq_vector *vb = &bb->cols[key->col];
		bool na = fq_vector_is_null(va, ra);
		bool nb = fq_vector_is_null(vb, rb);
		int c;

		if (na || nb)
		{
			if (na && nb)
				continue;
			return na == key->nulls_first ? -1 : 1;
		}
		c = fq_compare_slots(&va->type, fq_vector_slot(va, ra), fq_vector_slot(vb, rb));
		if (c != 0)
			return key->desc ? -c : c;
	}
	return 0;
}

static int
sort_input(sort_state *ss)
{
	fq_exec_ctx *ctx = ss->n.ctx;
	const fq_batch *in;
	int rc;
	uint64_t k = 0;

	while ((rc = fq_exec_pull(ss->n.left, &in)) > 0)
	{
		if (in->nrows == 0)
			continue;
		if (ss->nbatches >= (1 << 20))
			return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
							"too many rows to sort (more than %d batches)", 1 << 20);
		if (keep_batch(ss, in) < 0)
			return FQ_ERROR;
		ss->nrefs += in->nrows;
	}
	if (rc < 0)
		return FQ_ERROR;
	/* The input is done: release it (and its remote connection) now. */
	fq_exec_end_node(ss->n.left);
	ss->refs = fq_arena_alloc(ss->store, sizeof(uint64_t) * (ss->nrefs ? ss->nrefs : 1));
	if (ss->refs == NULL)
		return fq_raise_nomem(ctx->d, ss->store);
	for (int b = 0; b < ss->nbatches; b++)
		for (uint32_t r = 0; r < ss->batches[b].nrows; r++)
			ss->refs[k++] = ((uint64_t) b << 16) | r;
	qsort_r(ss->refs, ss->nrefs, sizeof(uint64_t), compare_refs, ss);
	ss->sorted = true;
	return FQ_OK;
}

static int
sort_next(fq_exec_node *node, const fq_batch **out)
{
	sort_state *ss = (sort_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	const fq_plan *plan = node->plan;
	uint32_t n;
	fq_type *types;

	if (!ss->sorted && sort_input(ss) < 0)
		return FQ_ERROR;
	if (ss->emitted >= ss->nrefs)
		return 0;
	n = ss->nrefs - ss->emitted > FQ_BATCH_ROWS ? FQ_BATCH_ROWS : (uint32_t) (ss->nrefs - ss->emitted);
	fq_arena_reset(ss->out_arena);
	types = FQ_NEW_ARRAY(ss->out_arena, fq_type, plan->nout > 0 ? plan->nout : 1);
	if (types == NULL)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	for (int c = 0; c < plan->nout; c++)
		types[c] = plan->out[c].type;
	if (fq_batch_init(&ss->out, ss->out_arena, types, plan->nout, n) < 0)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	for (uint32_t i = 0; i < n; i++)
	{
		uint64_t ref = ss->refs[ss->emitted + i];
		const fq_batch *b = &ss->batches[ref >> 16];
		uint32_t r = (uint32_t) (ref & 0xFFFF);

		for (int c = 0; c < plan->nout; c++)
			if (fq_vector_copy_row(&ss->out.cols[c], i, &b->cols[c], r, ss->out_arena, n, false) < 0)
				return fq_raise_nomem(ctx->d, ss->out_arena);
	}
	ss->out.nrows = n;
	ss->emitted += n;
	*out = &ss->out;
	return 1;
}

static void
sort_end(fq_exec_node *node)
{
	sort_state *ss = (sort_state *) node;

	fq_arena_free(ss->store);
	fq_arena_free(ss->out_arena);
	ss->store = ss->out_arena = NULL;
}

fq_exec_node *
fq_exec_init_sort(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_sort *sp = (const fq_plan_sort *) plan;
	sort_state *ss = (sort_state *) fq_exec_new_node(ctx, plan, sizeof(sort_state));

	if (ss == NULL)
		return NULL;
	ss->n.next = sort_next;
	ss->n.end = sort_end;
	if ((ss->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	ss->nkeys = sp->nkeys;
	ss->keys = FQ_NEW_ARRAY(ctx->arena, sort_key_state, sp->nkeys > 0 ? sp->nkeys : 1);
	if (ss->keys == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int k = 0; k < sp->nkeys; k++)
	{
		const fq_expr *e = sp->keys[k].expr;
		const fq_var *v = (const fq_var *) e;

		if (!FQ_IS(e, FQ_N_EXPR_VAR) || (ss->keys[k].col = fq_plan_find_col(plan->left, v->rel, v->col)) < 0)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a sort key is not a column of the input");
			return NULL;
		}
		ss->keys[k].desc = sp->keys[k].desc;
		ss->keys[k].nulls_first = sp->keys[k].nulls_first;
	}
	ss->store = fq_arena_new(&ctx->st->acct);
	ss->out_arena = fq_arena_new(&ctx->st->acct);
	if (ss->store == NULL || ss->out_arena == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &ss->n;
}
