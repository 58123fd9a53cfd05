/*
 * recursive.c — WITH RECURSIVE (fq_plan_recursive, fq_plan_worktable), as
 * PostgreSQL's RecursiveUnion and WorkTableScan run it.
 *
 * The non-recursive term's rows go up and into the work table; then, step
 * after step, the recursive term's operators are built afresh and run to
 * the end, its WorkTable scan reading the previous step's rows, and what
 * it makes goes up and becomes the next step's work table -- until a step
 * makes no row.  UNION (not ALL) lets a row through only the first time
 * it comes, over every step (rows equal as GROUP BY finds them equal:
 * NULLs alike).  A recursion that never ends runs until QueryTimeout,
 * MemoryLimit or a cancel stops it, as in PostgreSQL.
 */
#include "exec/exec.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "exec/hashkey.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

/* One step's rows. */
struct fq_worktable
{
	int nbatches;
	int cap;
	fq_batch *batches;
};


typedef struct recursive_state
{
	fq_exec_node n;
	const fq_plan_recursive *plan;
	struct fq_worktable prev; /* what the running step reads */
	struct fq_worktable cur;  /* what this step made */
	fq_arena *prev_arena;
	fq_arena *cur_arena;
	bool left_done;
	bool done;
	/* the recursive term's run for this step */
	fq_arena *run_arena;
	fq_exec_node *run;
	fq_exec_node *run_nodes;
	fq_exec_node *run_end;
	uint64_t steps;
	/* UNION: every row let through */
	fq_arena *seen_arena;
	fq_chains seen;
	fq_arena *tmp;            /* per batch */
} recursive_state;

static int
nomem(recursive_state *rs, fq_arena *a)
{
	return fq_raise_nomem(rs->n.ctx->d, a);
}

/* UNION: whether row r of b is new (remembering it); -1 out of memory. */
static int
first_time(recursive_state *rs, const fq_batch *b, uint32_t r)
{
	fq_keybuf k = {.arena = rs->tmp};
	uint64_t h;
	fq_chain_entry *e;

	for (uint32_t c = 0; c < b->ncols; c++)
		if (!fq_key_append(&k, &b->cols[c], r))
			return -1;
	h = fq_hash_bytes(k.data, k.len);
	if (fq_chains_find(&rs->seen, &k, h) != NULL)
		return 0;
	if ((e = fq_chains_new(&rs->seen, rs->seen_arena, sizeof(*e), &k, h)) == NULL)
		return -1;
	fq_chains_link(&rs->seen, e);
	return 1;
}

/*
 * The rows of `in` that go up (UNION: those not seen before), copied into
 * the step's work table; *out is that copy, NULL when no row goes up.
 */
static int
keep(recursive_state *rs, const fq_batch *in, const fq_batch **out)
{
	uint32_t *rows = fq_arena_alloc(rs->tmp, sizeof(uint32_t) * (in->nrows ? in->nrows : 1));
	uint32_t n = 0;
	fq_batch *b;

	*out = NULL;
	if (rows == NULL)
		return nomem(rs, rs->tmp);
	for (uint32_t r = 0; r < in->nrows; r++)
	{
		int isnew = rs->plan->all ? 1 : first_time(rs, in, r);

		if (isnew < 0)
			return nomem(rs, rs->seen_arena);
		if (isnew)
			rows[n++] = r;
	}
	if (n == 0)
		return FQ_OK;
	if (rs->cur.nbatches == rs->cur.cap)
	{
		int cap = rs->cur.cap ? rs->cur.cap * 2 : 8;
		fq_batch *grown = fq_arena_realloc(rs->cur_arena, rs->cur.batches,
										   sizeof(fq_batch) * (size_t) rs->cur.cap,
										   sizeof(fq_batch) * (size_t) cap);

		if (grown == NULL)
			return nomem(rs, rs->cur_arena);
		rs->cur.batches = grown;
		rs->cur.cap = cap;
	}
	b = &rs->cur.batches[rs->cur.nbatches];
	b->nrows = n;
	b->ncols = in->ncols;
	if ((b->cols = FQ_NEW_ARRAY(rs->cur_arena, fq_vector, in->ncols ? in->ncols : 1)) == NULL)
		return nomem(rs, rs->cur_arena);
	for (uint32_t c = 0; c < in->ncols; c++)
	{
		fq_vector *dst = &b->cols[c];

		dst->type = in->cols[c].type;
		dst->nulls = NULL;
		if ((dst->data = fq_arena_alloc(rs->cur_arena, fq_type_size(&dst->type) * n)) == NULL)
			return nomem(rs, rs->cur_arena);
		for (uint32_t k = 0; k < n; k++)
			if (fq_vector_copy_row(dst, k, &in->cols[c], rows[k], rs->cur_arena, n, true) < 0)
				return nomem(rs, rs->cur_arena);
	}
	rs->cur.nbatches++;
	*out = b;
	return FQ_OK;
}

static void
close_run(recursive_state *rs)
{
	fq_exec_end_run(rs->run_nodes, rs->run_end);
	rs->run = NULL;
	rs->run_nodes = rs->run_end = NULL;
	if (rs->run_arena != NULL)
		fq_arena_free(rs->run_arena);
	rs->run_arena = NULL;
}

/*
 * The step just made becomes the one the next step reads, and the next
 * step starts -- unless the last made no row.
 */
static int
next_step(recursive_state *rs)
{
	fq_exec_ctx *ctx = rs->n.ctx;
	fq_arena *a;

	close_run(rs);
	if (rs->cur.nbatches == 0)
	{
		rs->done = true;
		return FQ_OK;
	}
	/* the rows two steps back are no one's now */
	a = rs->prev_arena;
	fq_arena_reset(a);
	rs->prev_arena = rs->cur_arena;
	rs->prev = rs->cur;
	rs->cur_arena = a;
	memset(&rs->cur, 0, sizeof(rs->cur));
	ctx->worktables[rs->plan->id] = &rs->prev;
	if ((rs->run_arena = fq_arena_new(&ctx->st->acct)) == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	rs->steps++;
	rs->run = fq_exec_init_run(ctx, rs->plan->p.right, rs->run_arena, &rs->run_nodes, &rs->run_end);
	if (rs->run == NULL)
	{
		close_run(rs);
		return FQ_ERROR;
	}
	return FQ_OK;
}

static int
recursive_next(fq_exec_node *node, const fq_batch **out)
{
	recursive_state *rs = (recursive_state *) node;

	for (;;)
	{
		const fq_batch *in;
		int rc;

		if (rs->done)
			return 0;
		if (!rs->left_done)
			rc = fq_exec_pull(node->left, &in);
		else
			rc = fq_exec_pull_run(rs->run, rs->run_arena, &in);
		if (rc < 0)
			return FQ_ERROR;
		if (rc == 0)
		{
			rs->left_done = true;
			if (next_step(rs) < 0)
				return FQ_ERROR;
			continue;
		}
		if (in->nrows == 0)
			continue;
		fq_arena_reset(rs->tmp);
		if (keep(rs, in, out) < 0)
			return FQ_ERROR;
		if (*out != NULL)
			return 1;
	}
}

static void
recursive_end(fq_exec_node *node)
{
	recursive_state *rs = (recursive_state *) node;

	close_run(rs);
	if (node->ctx->worktables != NULL && node->ctx->worktables[rs->plan->id] == &rs->prev)
		node->ctx->worktables[rs->plan->id] = NULL;
	fq_arena_free(rs->prev_arena);
	fq_arena_free(rs->cur_arena);
	fq_arena_free(rs->seen_arena);
	fq_arena_free(rs->tmp);
	rs->prev_arena = rs->cur_arena = rs->seen_arena = rs->tmp = NULL;
}

uint64_t
fq_exec_recursive_steps(const fq_exec_node *node)
{
	return node != NULL && FQ_IS(node->plan, FQ_N_PLAN_RECURSIVE)
		? ((const recursive_state *) node)->steps : 0;
}

fq_exec_node *
fq_exec_init_recursive(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_recursive *rp = (const fq_plan_recursive *) plan;
	recursive_state *rs = (recursive_state *) fq_exec_new_node(ctx, plan, sizeof(recursive_state));

	if (rs == NULL)
		return NULL;
	rs->plan = rp;
	rs->n.next = recursive_next;
	rs->n.end = recursive_end;
	if (rp->id < 0 || rp->id >= ctx->nworktables)
	{
		fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a recursive query has no work table");
		return NULL;
	}
	rs->prev_arena = fq_arena_new(&ctx->st->acct);
	rs->cur_arena = fq_arena_new(&ctx->st->acct);
	rs->seen_arena = fq_arena_new(&ctx->st->acct);
	rs->tmp = fq_arena_new(&ctx->st->acct);
	if (rs->prev_arena == NULL || rs->cur_arena == NULL || rs->seen_arena == NULL ||
		rs->tmp == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	if ((rs->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	return &rs->n;
}

/* ---- WorkTable Scan ---- */

typedef struct worktable_state
{
	fq_exec_node n;
	int id;
	int next;
} worktable_state;

static int
worktable_next(fq_exec_node *node, const fq_batch **out)
{
	worktable_state *ws = (worktable_state *) node;
	const struct fq_worktable *wt = node->ctx->worktables[ws->id];

	if (wt == NULL || ws->next >= wt->nbatches)
		return 0;
	*out = &wt->batches[ws->next++];
	return 1;
}

fq_exec_node *
fq_exec_init_worktable(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_worktable *wp = (const fq_plan_worktable *) plan;
	worktable_state *ws = (worktable_state *) fq_exec_new_node(ctx, plan, sizeof(worktable_state));

	if (ws == NULL)
		return NULL;
	if (wp->id < 0 || wp->id >= ctx->nworktables)
	{
		fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a recursive reference has no work table");
		return NULL;
	}
	ws->id = wp->id;
	ws->n.next = worktable_next;
	return &ws->n;
}
