/*
 * apply.c — a LATERAL subquery joined to the rows before it
 * (fq_plan_apply): PostgreSQL's nested loop with parameters.
 *
 * For each row of the left input, the row's values go into the subquery's
 * exec params and the subquery's operators (the right plan) are built and
 * run to the end, each batch of theirs joined to the row: the row's
 * columns repeated beside the subquery's, kept where the join condition
 * holds.  A LEFT apply gives the row with NULLs when no subquery row was
 * kept.  Every run builds its operators in an arena of its own, freed when
 * the run ends; they are kept off the execution's list of operators (a run
 * lives across calls, while other runs come and go), ended here.
 *
 * A subquery that calls no volatile function (nor a source's own, nor
 * reads a recursive CTE's step) gives the same rows for the same values:
 * its rows are kept per distinct values of the arguments (keyed as a
 * per-row subquery's cache is, by their text: 0 and -0 apart), and a row
 * whose values were seen reads them again instead of running it
 * (PostgreSQL's Memoize).  Past an operator's share of MemoryLimit (a
 * quarter; 64 MB without one) the kept rows are dropped and kept anew.
 */
#include "exec/exec.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/stack.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

/* The rows of the subquery for one set of argument values. */
typedef struct memo_entry
{
	fq_chain_entry head;     /* first: the table's link and key */
	int nbatches;
	int cap;
	fq_batch *batches;
	bool complete;          /* the run ended: batches are all its rows */
} memo_entry;

/* The most bytes the kept rows take without MemoryLimit. */
#define MEMO_MAX ((size_t) 64 * 1024 * 1024)

typedef struct apply_state
{
	fq_exec_node n;
	const fq_plan_apply *plan;
	fq_plan combined;       /* the left outputs, then the right's */
	int *out_map;           /* plan output -> combined column */
	fq_expr **args;         /* over the left input's outputs */
	fq_expr **quals;        /* the condition's conjuncts, over `combined` */
	int nquals;
	fq_arena *batch_arena;  /* the current left batch's argument values */
	fq_arena *out_arena;    /* the batch returned */
	const fq_batch *outer;  /* the current left batch */
	uint32_t row;           /* its row being joined */
	fq_vector *argv;        /* args over `outer` */
	/* the run of the subquery for that row */
	fq_arena *run_arena;
	fq_exec_node *run;      /* its root */
	fq_exec_node *run_nodes; /* its operators, newest first, ... */
	fq_exec_node *run_end;   /* ... up to this one (not theirs) */
	bool matched;           /* the run gave a row the condition kept */
	uint64_t loops;         /* runs, for EXPLAIN ANALYZE */
	fq_batch out;
	/* Memoize: the subquery's rows by argument values */
	bool memo;              /* the subquery gives the same rows for them */
	fq_arena *memo_arena;
	fq_arena *memo_scratch;
	fq_chains memo_table;
	memo_entry *filling;    /* the entry the current run fills */
	memo_entry *replay;     /* the entry read for the current row */
	int replay_next;
	uint64_t hits;
} apply_state;

/* Ends the run's operators and frees what they were built in. */
static void
close_run(apply_state *as)
{
	fq_exec_end_run(as->run_nodes, as->run_end);
	as->run = NULL;
	as->run_nodes = NULL;
	as->run_end = NULL;
	if (as->run_arena != NULL)
		fq_arena_free(as->run_arena);
	as->run_arena = NULL;
}

/* Sets the exec params from the current row and builds the run. */
static int
open_run(apply_state *as)
{
	fq_exec_ctx *ctx = as->n.ctx;

	for (int i = 0; i < as->plan->nargs; i++)
	{
		fq_value *p = &ctx->xparams[as->plan->params[i] - 1];
		const fq_vector *v = &as->argv[i];

		if (fq_vector_is_null(v, as->row))
		{
			memset(p, 0, sizeof(*p));
			p->type = v->type;
			p->isnull = true;
		}
		else
			fq_slot_to_value(fq_vector_slot(v, as->row), &v->type, p);
	}
	if ((as->run_arena = fq_arena_new(&ctx->st->acct)) == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	as->run = fq_exec_init_run(ctx, as->plan->p.right, as->run_arena, &as->run_nodes,
							   &as->run_end);
	as->matched = false;
	as->loops++;
	if (as->run == NULL)
	{
		close_run(as);
		return FQ_ERROR;
	}
	return FQ_OK;
}

static int
nomem(apply_state *as)
{
	return fq_raise_nomem(as->n.ctx->d, as->out_arena);
}

/* ---- Memoize ---- */

/* Whether the kept rows reached their most: an operator's share of
 * MemoryLimit counting the arena's next block, as fq_spill_due counts it
 * (the share itself let the arena's last block take it to twice the
 * share, and a LATERAL join over 2000 rows stopped with 53200 under
 * MemoryLimit=1MB where PostgreSQL answers, random seed 1558), or MEMO_MAX
 * without one. */
static bool
memo_full(const apply_state *as)
{
	size_t held = fq_arena_size(as->memo_arena);

	return fq_spill_budget(as->n.ctx) == 0 ? held > MEMO_MAX : fq_spill_due(as->n.ctx, held);
}

/*
 * For the current row: the entry of its argument values when complete
 * (as->replay), else a new one the run is to fill (as->filling).  Kept
 * rows past the budget are dropped first (between rows only: no entry is
 * in use then).
 */
static int
memo_lookup(apply_state *as)
{
	fq_exec_ctx *ctx = as->n.ctx;
	fq_keybuf k;
	uint64_t h;
	memo_entry *e;

	as->replay = as->filling = NULL;
	if (memo_full(as))
	{
		fq_arena_reset(as->memo_arena);
		as->memo_table = (fq_chains) {0};
	}
	fq_arena_reset(as->memo_scratch);
	k = (fq_keybuf) {.arena = as->memo_scratch};
	if (!fq_exec_args_key(&k, as->memo_scratch, as->argv, as->plan->nargs, as->row))
		return fq_raise_nomem(ctx->d, as->memo_scratch);
	h = fq_hash_bytes(k.data, k.len);
	e = (memo_entry *) fq_chains_find(&as->memo_table, &k, h);
	if (e != NULL && e->complete)
	{
		as->replay = e;
		as->replay_next = 0;
		as->matched = false;
		as->hits++;
		return FQ_OK;
	}
	if (e != NULL)
	{
		/* an earlier run stopped filling it: fill it again */
		e->nbatches = 0;
		as->filling = e;
		return FQ_OK;
	}
	if ((e = (memo_entry *) fq_chains_new(&as->memo_table, as->memo_arena, sizeof(*e), &k, h)) == NULL)
		return fq_raise_nomem(ctx->d, as->memo_arena);
	fq_chains_link(&as->memo_table, &e->head);
	as->filling = e;
	return FQ_OK;
}

/* A batch of the run, kept in the entry it fills (past the budget, the
 * entry stays incomplete: the next row of its values runs again). */
static int
memo_keep(apply_state *as, const fq_batch *rb)
{
	memo_entry *e = as->filling;

	if (e == NULL)
		return FQ_OK;
	if (memo_full(as))
	{
		as->filling = NULL;
		return FQ_OK;
	}
	if (e->nbatches == e->cap)
	{
		int cap = e->cap ? e->cap * 2 : 4;
		fq_batch *grown = fq_arena_realloc(as->memo_arena, e->batches,
										   sizeof(fq_batch) * (size_t) e->cap,
										   sizeof(fq_batch) * (size_t) cap);

		if (grown == NULL)
			return fq_raise_nomem(as->n.ctx->d, as->memo_arena);
		e->batches = grown;
		e->cap = cap;
	}
	if (fq_batch_copy(&e->batches[e->nbatches], rb, as->memo_arena) < 0)
		return fq_raise_nomem(as->n.ctx->d, as->memo_arena);
	e->nbatches++;
	return FQ_OK;
}

/* Whether p's rows may differ for the same argument values: a volatile
 * call (or a source's own function) anywhere in it, its per-row subplans
 * and its remote queries' parts, or a recursive CTE's step. */
typedef struct vol_ctx
{
	const fq_stmt *st;
	bool found;
} vol_ctx;

static bool plan_varies(const fq_stmt *st, const fq_plan *p);

static bool
vol_walker(fq_expr *e, void *arg)
{
	vol_ctx *v = arg;

	if (fq_stack_too_deep() || fq_expr_is_volatile(e))
		return v->found = true;
	if (FQ_IS(e, FQ_N_EXPR_SUBLINK))
	{
		const fq_sublink_expr *l = (const fq_sublink_expr *) e;
		const fq_plan *sub = l->id >= 0 && l->id < v->st->nsubplans ? v->st->subplans[l->id]
																	 : l->plan;

		if (sub == NULL || plan_varies(v->st, sub))
			return v->found = true;
	}
	return fq_expr_walk_children(e, vol_walker, arg);
}

static bool
plan_varies(const fq_stmt *st, const fq_plan *p)
{
	vol_ctx v = {st, false};

	if (fq_stack_too_deep() || FQ_IS(p, FQ_N_PLAN_WORKTABLE))
		return true;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE) && ((const fq_plan_remote *) p)->pushed != NULL &&
		plan_varies(st, ((const fq_plan_remote *) p)->pushed))
		return true;
	fq_plan_walk_exprs((fq_plan *) p, vol_walker, &v);
	if (v.found)
		return true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (plan_varies(st, *fq_plan_input((fq_plan *) p, i)))
			return true;
	return false;
}

/*
 * The current row beside each row of the run's batch rb (NULL: beside one
 * row of NULLs, a LEFT apply's row that nothing joined): left's columns,
 * then right's, as `combined` lays them out.
 */
static int
combine(apply_state *as, const fq_batch *rb, fq_batch *c)
{
	fq_arena *a = as->out_arena;
	const fq_plan *lp = as->plan->p.left;
	uint32_t n = rb != NULL ? rb->nrows : 1;

	c->nrows = n;
	c->ncols = (uint32_t) as->combined.nout;
	c->cols = FQ_NEW_ARRAY(a, fq_vector, c->ncols ? c->ncols : 1);
	if (c->cols == NULL)
		return nomem(as);
	for (int i = 0; i < as->combined.nout; i++)
	{
		fq_vector *v = &c->cols[i];

		if (i >= lp->nout && rb != NULL)
		{
			*v = rb->cols[i - lp->nout];
			continue;
		}
		v->type = as->combined.out[i].type;
		v->nulls = NULL;
		if ((v->data = fq_arena_alloc(a, fq_type_size(&v->type) * n)) == NULL)
			return nomem(as);
		for (uint32_t k = 0; k < n; k++)
			if ((i < lp->nout
				 ? fq_vector_copy_row(v, k, &as->outer->cols[i], as->row, a, n, false)
				 : fq_vector_set_null(v, a, n, k)) < 0)
				return nomem(as);
	}
	return FQ_OK;
}

/* The apply's outputs from the combined batch c, its rows where keep[]
 * (NULL: all). */
static int
emit(apply_state *as, const fq_batch *c, const uint8_t *keep, const fq_batch **out)
{
	fq_arena *a = as->out_arena;
	uint32_t *rows = fq_arena_alloc(a, sizeof(uint32_t) * (c->nrows ? c->nrows : 1));
	uint32_t m = 0;

	if (rows == NULL)
		return nomem(as);
	for (uint32_t r = 0; r < c->nrows; r++)
		if (keep == NULL || keep[r])
			rows[m++] = r;
	as->out.nrows = m;
	as->out.ncols = (uint32_t) as->plan->p.nout;
	as->out.cols = FQ_NEW_ARRAY(a, fq_vector, as->out.ncols ? as->out.ncols : 1);
	if (as->out.cols == NULL)
		return nomem(as);
	for (uint32_t i = 0; i < as->out.ncols; i++)
	{
		const fq_vector *src = &c->cols[as->out_map[i]];
		fq_vector *dst = &as->out.cols[i];

		if (m == c->nrows)
		{
			*dst = *src;
			continue;
		}
		dst->type = src->type;
		dst->nulls = NULL;
		if ((dst->data = fq_arena_alloc(a, fq_type_size(&src->type) * (m ? m : 1))) == NULL)
			return nomem(as);
		for (uint32_t k = 0; k < m; k++)
			if (fq_vector_copy_row(dst, k, src, rows[k], a, m, false) < 0)
				return nomem(as);
	}
	*out = &as->out;
	return 1;
}

static int
apply_next(fq_exec_node *node, const fq_batch **out)
{
	apply_state *as = (apply_state *) node;
	fq_exec_ctx *ctx = node->ctx;

	for (;;)
	{
		if (as->run != NULL || as->replay != NULL)
		{
			const fq_batch *rb = NULL;
			int rc;

			if (as->replay != NULL)
			{
				/* the kept rows of these argument values */
				rc = as->replay_next < as->replay->nbatches;
				if (rc)
					rb = &as->replay->batches[as->replay_next++];
			}
			else
			{
				rc = fq_exec_pull_run(as->run, as->run_arena, &rb);
				if (rc > 0 && as->filling != NULL && memo_keep(as, rb) < 0)
					return FQ_ERROR;
			}
			if (rc < 0)
				return FQ_ERROR;
			if (rc > 0)
			{
				fq_batch c;
				uint8_t *pass = NULL;
				uint32_t kept = rb->nrows;

				if (rb->nrows == 0)
					continue;
				fq_arena_reset(as->out_arena);
				if (combine(as, rb, &c) < 0)
					return FQ_ERROR;
				if (as->nquals > 0)
				{
					if ((pass = fq_arena_alloc(as->out_arena, rb->nrows)) == NULL)
						return nomem(as);
					if (fq_eval_quals(ctx, as->quals, as->nquals, &c, as->out_arena, pass) < 0)
						return FQ_ERROR;
					kept = 0;
					for (uint32_t r = 0; r < rb->nrows; r++)
						kept += pass[r] != 0;
				}
				if (kept == 0)
					continue;
				as->matched = true;
				return emit(as, &c, pass, out);
			}
			/* the run is over: the row is done, with NULLs for a LEFT
			 * apply when nothing joined it */
			if (as->replay != NULL)
				as->replay = NULL;
			else
			{
				if (as->filling != NULL)
					as->filling->complete = true;
				as->filling = NULL;
				close_run(as);
			}
			if (as->plan->type == FQ_JOIN_LEFT && !as->matched)
			{
				fq_batch c;

				fq_arena_reset(as->out_arena);
				rc = combine(as, NULL, &c) < 0 ? FQ_ERROR : emit(as, &c, NULL, out);
				as->row++;
				return rc;
			}
			as->row++;
			continue;
		}
		if (as->outer == NULL || as->row >= as->outer->nrows)
		{
			int rc = fq_exec_pull(node->left, &as->outer);

			if (rc <= 0)
			{
				as->outer = NULL;
				return rc;
			}
			fq_arena_reset(as->batch_arena);
			for (int i = 0; i < as->plan->nargs; i++)
				if (fq_eval(ctx, as->args[i], as->outer, NULL, as->batch_arena, &as->argv[i]) < 0)
					return FQ_ERROR;
			as->row = 0;
			continue;
		}
		if (as->memo)
		{
			if (memo_lookup(as) < 0)
				return FQ_ERROR;
			if (as->replay != NULL)
				continue;
		}
		if (open_run(as) < 0)
			return FQ_ERROR;
	}
}

static void
apply_end(fq_exec_node *node)
{
	apply_state *as = (apply_state *) node;

	close_run(as);
	if (as->batch_arena != NULL)
		fq_arena_free(as->batch_arena);
	if (as->out_arena != NULL)
		fq_arena_free(as->out_arena);
	if (as->memo_arena != NULL)
		fq_arena_free(as->memo_arena);
	if (as->memo_scratch != NULL)
		fq_arena_free(as->memo_scratch);
	as->batch_arena = as->out_arena = as->memo_arena = as->memo_scratch = NULL;
	as->replay = as->filling = NULL;
	as->memo_table = (fq_chains) {0};
}

uint64_t
fq_exec_apply_loops(const fq_exec_node *node)
{
	return node != NULL && FQ_IS(node->plan, FQ_N_PLAN_APPLY) ? ((const apply_state *) node)->loops
																: 0;
}

uint64_t
fq_exec_apply_hits(const fq_exec_node *node)
{
	return node != NULL && FQ_IS(node->plan, FQ_N_PLAN_APPLY) ? ((const apply_state *) node)->hits
																: 0;
}

fq_exec_node *
fq_exec_init_apply(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_apply *ap = (const fq_plan_apply *) plan;
	apply_state *as = (apply_state *) fq_exec_new_node(ctx, plan, sizeof(apply_state));
	const fq_plan *lp = plan->left;
	const fq_plan *rp = plan->right;

	if (as == NULL)
		return NULL;
	as->plan = ap;
	as->n.next = apply_next;
	as->n.end = apply_end;
	if ((as->n.left = fq_exec_init_node(ctx, lp)) == NULL)
		return NULL;
	as->combined.nout = lp->nout + rp->nout;
	as->combined.out = FQ_NEW_ARRAY(ctx->arena, fq_plan_col, as->combined.nout ? as->combined.nout : 1);
	as->out_map = FQ_NEW_ARRAY(ctx->arena, int, plan->nout ? plan->nout : 1);
	as->args = FQ_NEW_ARRAY(ctx->arena, fq_expr *, ap->nargs ? ap->nargs : 1);
	as->argv = FQ_NEW_ARRAY(ctx->arena, fq_vector, ap->nargs ? ap->nargs : 1);
	if (as->combined.out == NULL || as->out_map == NULL || as->args == NULL || as->argv == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	memcpy(as->combined.out, lp->out, sizeof(fq_plan_col) * (size_t) lp->nout);
	memcpy(as->combined.out + lp->nout, rp->out, sizeof(fq_plan_col) * (size_t) rp->nout);
	for (int i = 0; i < plan->nout; i++)
		if ((as->out_map[i] = fq_plan_find_col(&as->combined, plan->out[i].rel, plan->out[i].col)) < 0)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a lateral join output is not in its inputs");
			return NULL;
		}
	for (int i = 0; i < ap->nargs; i++)
	{
		if (ap->params[i] < 1 || ap->params[i] > ctx->nxparams)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a lateral subquery's parameter is missing");
			return NULL;
		}
		if ((as->args[i] = fq_exec_resolve(ctx, ap->args[i], lp)) == NULL)
			return NULL;
	}
	if (ap->cond != NULL)
	{
		fq_expr *cond = fq_exec_resolve(ctx, ap->cond, &as->combined);
		fq_list *conj = NULL;
		fq_expr *e;

		if (cond == NULL)
			return NULL;
		if (!fq_expr_conjuncts(ctx->arena, cond, &conj) ||
			(as->quals = FQ_NEW_ARRAY(ctx->arena, fq_expr *, fq_list_len(conj) + 1)) == NULL)
		{
			fq_raise_nomem(ctx->d, ctx->arena);
			return NULL;
		}
		FQ_LIST_FOREACH(e, conj)
			as->quals[as->nquals++] = e;
	}
	as->batch_arena = fq_arena_new(&ctx->st->acct);
	as->out_arena = fq_arena_new(&ctx->st->acct);
	if (as->batch_arena == NULL || as->out_arena == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	as->memo = ap->nargs > 0 && !plan_varies(ctx->st, rp);
	if (as->memo && ((as->memo_arena = fq_arena_new(&ctx->st->acct)) == NULL ||
					 (as->memo_scratch = fq_arena_new(&ctx->st->acct)) == NULL))
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &as->n;
}
