/*
 * unique.c — Unique (SELECT DISTINCT ON): of each run of rows whose keys
 * are equal, the first.
 *
 * The input is sorted with the keys first (the binder puts a Sort below),
 * so a group's rows arrive one after another and the first of them is
 * the one the ORDER BY puts first.  Keys compare as GROUP BY compares
 * them (exec/hashkey.h: NULLs equal, CHAR without trailing blanks, 1.5
 * equal to 1.50): each row's key is serialised and compared with the
 * last kept row's, which is all the state carried from batch to batch.
 * Rows that stay are copied into a compact batch (strings shared with
 * the input's, valid until the next pull), or the batch goes up as it is
 * when every row stays.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/hashkey.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

typedef struct unique_state
{
	fq_exec_node n;
	int nkeys;
	fq_expr **keys;     /* resolved against the input */
	fq_arena *arena;    /* per batch */
	fq_arena *store;    /* the last kept row's key */
	fq_keybuf prev;
	bool have_prev;
	fq_batch out;
} unique_state;

/* The rows keep[0..n) of `in`, into a batch of the state's arena. */
static int
compact(unique_state *us, const fq_batch *in, const uint32_t *keep, uint32_t n)
{
	fq_exec_ctx *ctx = us->n.ctx;

	us->out.nrows = n;
	us->out.ncols = in->ncols;
	us->out.cols = FQ_NEW_ARRAY(us->arena, fq_vector, in->ncols ? in->ncols : 1);
	if (us->out.cols == NULL)
		return fq_raise_nomem(ctx->d, us->arena);
	for (uint32_t c = 0; c < in->ncols; c++)
	{
		const fq_vector *src = &in->cols[c];
		fq_vector *dst = &us->out.cols[c];
		size_t w = fq_type_size(&src->type);
		char *data = fq_arena_alloc(us->arena, w * n);

		if (data == NULL)
			return fq_raise_nomem(ctx->d, us->arena);
		dst->type = src->type;
		dst->data = data;
		dst->nulls = NULL;
		for (uint32_t i = 0; i < n; i++)
			memcpy(data + w * i, (const char *) src->data + w * keep[i], w);
		if (src->nulls != NULL)
		{
			if ((dst->nulls = fq_arena_alloc(us->arena, n)) == NULL)
				return fq_raise_nomem(ctx->d, us->arena);
			for (uint32_t i = 0; i < n; i++)
				dst->nulls[i] = src->nulls[keep[i]];
		}
	}
	return FQ_OK;
}

static int
unique_next(fq_exec_node *node, const fq_batch **out)
{
	unique_state *us = (unique_state *) node;
	fq_exec_ctx *ctx = node->ctx;

	for (;;)
	{
		const fq_batch *in;
		fq_vector *kv;
		uint32_t *keep;
		fq_keybuf key = {0};
		uint32_t n = 0;
		int rc;

		if ((rc = fq_exec_pull(node->left, &in)) <= 0)
			return rc;
		fq_arena_reset(us->arena);
		key.arena = us->arena;
		kv = FQ_NEW_ARRAY(us->arena, fq_vector, us->nkeys > 0 ? us->nkeys : 1);
		keep = FQ_NEW_ARRAY(us->arena, uint32_t, in->nrows ? in->nrows : 1);
		if (kv == NULL || keep == NULL)
			return fq_raise_nomem(ctx->d, us->arena);
		for (int i = 0; i < us->nkeys; i++)
			if (fq_eval(ctx, us->keys[i], in, NULL, us->arena, &kv[i]) < 0)
				return FQ_ERROR;
		for (uint32_t r = 0; r < in->nrows; r++)
		{
			key.len = 0;
			for (int i = 0; i < us->nkeys; i++)
				if (!fq_key_append(&key, &kv[i], r))
					return fq_raise_nomem(ctx->d, us->arena);
			if (us->have_prev && key.len == us->prev.len &&
				(key.len == 0 || memcmp(key.data, us->prev.data, key.len) == 0))
				continue;
			keep[n++] = r;
			us->prev.len = 0;
			if (!fq_key_append_raw(&us->prev, key.data, key.len))
				return fq_raise_nomem(ctx->d, us->store);
			us->have_prev = true;
		}
		if (n == 0)
			continue;
		if (n == in->nrows)
		{
			*out = in;
			return 1;
		}
		if (compact(us, in, keep, n) < 0)
			return FQ_ERROR;
		*out = &us->out;
		return 1;
	}
}

static void
unique_end(fq_exec_node *node)
{
	unique_state *us = (unique_state *) node;

	fq_arena_free(us->arena);
	fq_arena_free(us->store);
	us->arena = us->store = NULL;
}

fq_exec_node *
fq_exec_init_unique(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_unique *up = (const fq_plan_unique *) plan;
	unique_state *us = (unique_state *) fq_exec_new_node(ctx, plan, sizeof(unique_state));

	if (us == NULL)
		return NULL;
	us->n.next = unique_next;
	us->n.end = unique_end;
	if ((us->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	us->nkeys = up->nkeys;
	us->keys = FQ_NEW_ARRAY(ctx->arena, fq_expr *, up->nkeys > 0 ? up->nkeys : 1);
	us->arena = fq_arena_new(&ctx->st->acct);
	us->store = fq_arena_new(&ctx->st->acct);
	if (us->keys == NULL || us->arena == NULL || us->store == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	us->prev.arena = us->store;
	for (int i = 0; i < up->nkeys; i++)
		if ((us->keys[i] = fq_exec_resolve(ctx, up->keys[i], plan->left)) == NULL)
			return NULL;
	return &us->n;
}
