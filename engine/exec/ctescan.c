/*
 * ctescan.c — CTEs computed once (fq_plan_ctescan, plan/cte.c), as
 * PostgreSQL's CTE Scan reads its tuplestore.
 *
 * A CTE's plan runs when one of its CTE Scans first reads it, a batch at a
 * time, as far as the furthest reader has read: each batch is kept
 * (copied, in an arena of its own counted against MemoryLimit), and every
 * CTE Scan of the CTE reads them from the start, each at its own pace,
 * the columns it needs only.  A CTE no scan reads never runs; one read
 * only in part (a LIMIT above) computes no further, as in PostgreSQL, so
 * an error past that point is not raised.  The rows live until the
 * statement's execution ends.
 *
 * Rows past the operator's share of MemoryLimit (spill.h) go to a spill
 * file, after those kept in memory: each CTE Scan reads the batches in
 * memory, then the file from its start through a reader of its own
 * (fq_spill_reader), up to the rows written so far, and past them makes
 * the plan run on as before.
 */
#include "exec/exec.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "exec/spill.h"
#include "exec/vector.h"

#include <string.h>

struct fq_cte_store
{
	fq_arena *arena;
	int nbatches;
	int cap;
	fq_batch *batches;
	fq_exec_node *tree; /* the plan's operators, for EXPLAIN ANALYZE */
	bool done;          /* the plan returned its last row */
	bool busy;          /* a batch is being pulled from it */
	fq_spill_file *file; /* the rows after the batches, once they outgrew memory */
	uint64_t frows;     /* rows in it */
	fq_type *types;     /* its columns' */
	int ntypes;
	struct fq_cte_store *next_dead;
};

/* The store of CTE id, its plan's operators built on the first read. */
static struct fq_cte_store *
cte_store(fq_exec_ctx *ctx, int id)
{
	struct fq_cte_store *cs = ctx->ctes[id];
	fq_arena *a;
	fq_arena *saved;

	if (cs != NULL)
		return cs;
	/* The store and the plan's operators in an arena of their own: the
	 * first read may come from a subquery's run, whose arena goes when
	 * the run ends. */
	if ((a = fq_arena_new(&ctx->st->acct)) == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	if ((cs = FQ_NEW(a, struct fq_cte_store)) == NULL)
	{
		fq_arena_free(a);
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	cs->arena = a;
	ctx->ctes[id] = cs;
	saved = ctx->arena;
	ctx->arena = a;
	cs->tree = fq_exec_init_node(ctx, ctx->st->ctes[id]);
	ctx->arena = saved;
	if (cs->tree == NULL)
		return NULL;
	return cs;
}

/*
 * The CTE's next batch, stored: *added false at its end.  A failure
 * leaves the CTE as if never read (its store kept until the execution
 * ends: a reader may still hold a batch of it), so a read again -- the
 * Filter looking for the failing row -- fails the same way.
 */
static int
cte_more(fq_exec_ctx *ctx, int id, struct fq_cte_store *cs, bool *added)
{
	fq_arena *saved = ctx->arena;
	const fq_batch *b;
	int rc;

	*added = false;
	if (cs->busy)
		return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "CTE %d reads its own rows", id + 1);
	cs->busy = true;
	ctx->arena = cs->arena;
	do
		rc = fq_exec_pull(cs->tree, &b);
	while (rc > 0 && b->nrows == 0);
	ctx->arena = saved;
	cs->busy = false;
	/* Past the share of memory: to the file, flushed for the readers. */
	if (rc > 0 && cs->file == NULL && cs->nbatches > 0 &&
		fq_spill_due(ctx, fq_arena_size(cs->arena)))
	{
		if (!fq_spill_types(cs->arena, b, &cs->types, &cs->ntypes))
			rc = fq_raise_nomem(ctx->d, cs->arena);
		else if ((cs->file = fq_spill_create(cs->tree)) == NULL)
			rc = FQ_ERROR;
	}
	if (rc > 0 && cs->file != NULL)
	{
		for (uint32_t r = 0; r < b->nrows && rc > 0; r++)
			if (fq_spill_write_row(cs->file, b, r) < 0)
				rc = FQ_ERROR;
		if (rc > 0 && fq_spill_flush(cs->file) < 0)
			rc = FQ_ERROR;
		if (rc > 0)
		{
			cs->frows += b->nrows;
			*added = true;
			return FQ_OK;
		}
	}
	if (rc > 0 && cs->nbatches == cs->cap)
	{
		int cap = cs->cap ? cs->cap * 2 : 16;
		fq_batch *grown = fq_arena_realloc(cs->arena, cs->batches,
										   sizeof(fq_batch) * (size_t) cs->cap,
										   sizeof(fq_batch) * (size_t) cap);

		if (grown == NULL)
			rc = fq_raise_nomem(ctx->d, cs->arena);
		else
		{
			cs->batches = grown;
			cs->cap = cap;
		}
	}
	if (rc > 0 && fq_batch_copy(&cs->batches[cs->nbatches], b, cs->arena) < 0)
		rc = fq_raise_nomem(ctx->d, cs->arena);
	if (rc < 0)
	{
		fq_exec_end_node(cs->tree);
		ctx->ctes[id] = NULL;
		cs->next_dead = ctx->dead_ctes;
		ctx->dead_ctes = cs;
		return FQ_ERROR;
	}
	if (rc == 0)
	{
		/* its remote queries end now, not with the statement */
		cs->done = true;
		fq_exec_end_node(cs->tree);
		return FQ_OK;
	}
	cs->nbatches++;
	*added = true;
	return FQ_OK;
}

typedef struct ctescan_state
{
	fq_exec_node n;
	const fq_plan_ctescan *plan;
	int next;       /* the stored batch to read next */
	fq_batch out;   /* the columns read, over a stored batch */
	fq_spill_file *rd; /* then the store's file, through this reader */
	uint64_t rrows; /* rows read from it */
	fq_arena *ra;   /* the batch read from it */
} ctescan_state;

/* The next batch from the store's file (it has rows this scan has not
 * read), over which *b is set. */
static int
read_file(ctescan_state *cs, struct fq_cte_store *st, const fq_batch **b)
{
	fq_exec_ctx *ctx = cs->n.ctx;
	uint64_t left = st->frows - cs->rrows;
	fq_batch *rb;
	int rc;

	if (cs->rd == NULL)
	{
		if ((cs->ra = fq_arena_new(&ctx->st->acct)) == NULL)
			return fq_raise_nomem(ctx->d, NULL);
		if ((cs->rd = fq_spill_reader(st->file, &cs->n)) == NULL)
			return FQ_ERROR;
	}
	fq_arena_reset(cs->ra);
	if ((rb = FQ_NEW(cs->ra, fq_batch)) == NULL)
		return fq_raise_nomem(ctx->d, cs->ra);
	rc = fq_spill_read(cs->rd, rb, cs->ra, st->types, st->ntypes,
					   left < FQ_BATCH_ROWS ? (uint32_t) left : FQ_BATCH_ROWS);
	if (rc < 0)
		return FQ_ERROR;
	if (rc == 0 || rb->nrows == 0)
		return fq_raise(ctx->d, FQ_ERR_IO_ERROR, 0, "temporary file of a CTE's rows ended early");
	cs->rrows += rb->nrows;
	*b = rb;
	return FQ_OK;
}

/* Reads the stored rows, and past them makes the CTE's plan run on (as
 * PostgreSQL's CTE Scan: what no reader reaches is never computed). */
static int
ctescan_next(fq_exec_node *node, const fq_batch **out)
{
	ctescan_state *cs = (ctescan_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	struct fq_cte_store *st = cte_store(ctx, cs->plan->id);
	const fq_batch *b = NULL;

	if (st == NULL)
		return FQ_ERROR;
	while (cs->next >= st->nbatches && (st->file == NULL || cs->rrows >= st->frows))
	{
		bool added;

		if (st->done)
			return 0;
		if (cte_more(ctx, cs->plan->id, st, &added) < 0)
			return FQ_ERROR;
		if (!added)
			return 0;
	}
	if (cs->next < st->nbatches)
		b = &st->batches[cs->next++];
	else if (read_file(cs, st, &b) < 0)
		return FQ_ERROR;
	cs->out.nrows = b->nrows;
	for (int k = 0; k < cs->plan->p.nout; k++)
		cs->out.cols[k] = b->cols[cs->plan->cols[k]];
	*out = &cs->out;
	return 1;
}

static void
ctescan_end(fq_exec_node *node)
{
	ctescan_state *cs = (ctescan_state *) node;

	fq_spill_close(cs->rd);
	cs->rd = NULL;
	fq_arena_free(cs->ra);
	cs->ra = NULL;
}

fq_exec_node *
fq_exec_init_ctescan(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_ctescan *p = (const fq_plan_ctescan *) plan;
	ctescan_state *cs = (ctescan_state *) fq_exec_new_node(ctx, plan, sizeof(ctescan_state));

	if (cs == NULL)
		return NULL;
	if (p->id < 0 || p->id >= ctx->nctes || ctx->st->ctes[p->id] == NULL || p->cols == NULL)
	{
		fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "CTE \"%s\" was not planned", p->name);
		return NULL;
	}
	for (int k = 0; k < plan->nout; k++)
		if (p->cols[k] < 0 || p->cols[k] >= ctx->st->ctes[p->id]->nout)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "CTE \"%s\" has no column %d", p->name,
					 p->cols[k] + 1);
			return NULL;
		}
	cs->plan = p;
	cs->out.ncols = (uint32_t) plan->nout;
	if ((cs->out.cols = FQ_NEW_ARRAY(ctx->arena, fq_vector, plan->nout ? plan->nout : 1)) == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	cs->n.next = ctescan_next;
	cs->n.end = ctescan_end;
	return &cs->n;
}

/* Room for the CTEs' rows; each is computed when first read. */
int
fq_exec_prepare_ctes(fq_exec_ctx *ctx)
{
	if (ctx->st->nctes == 0)
		return FQ_OK;
	if ((ctx->ctes = FQ_NEW_ARRAY(ctx->arena, struct fq_cte_store *, ctx->st->nctes)) == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	ctx->nctes = ctx->st->nctes;
	return FQ_OK;
}

fq_exec_node *
fq_exec_cte_tree(const fq_exec_ctx *ctx, int id)
{
	return id >= 0 && id < ctx->nctes && ctx->ctes[id] != NULL ? ctx->ctes[id]->tree : NULL;
}

void
fq_exec_free_ctes(fq_exec_ctx *ctx)
{
	for (int i = 0; i < ctx->nctes; i++)
		if (ctx->ctes[i] != NULL)
		{
			fq_spill_close(ctx->ctes[i]->file);
			fq_arena_free(ctx->ctes[i]->arena);
			ctx->ctes[i] = NULL;
		}
	while (ctx->dead_ctes != NULL)
	{
		struct fq_cte_store *next = ctx->dead_ctes->next_dead;

		fq_spill_close(ctx->dead_ctes->file);
		fq_arena_free(ctx->dead_ctes->arena);
		ctx->dead_ctes = next;
	}
}
