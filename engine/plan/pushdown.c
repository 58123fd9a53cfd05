/*
 * pushdown.c — the optimiser: column pruning, then pushdown.
 *
 * First filter conditions move down through joins (rewrite.c).  Pruning
 * then walks the plan top-down with the set of bindings each node's
 * parent needs, so a scan reads only the columns the query uses.
 *
 * Pushdown replaces every maximal subtree that one source can run (all its
 * leaves at the same source, every operator and expression expressible in
 * that source's SQL) by a RemoteQuery.  For PostgreSQL sources that is
 * filters, projections, joins, aggregates, DISTINCT, ORDER BY and LIMIT.
 * The RemoteQuery keeps the subtree: its SQL is generated at execution,
 * when parameter values and the statement's clock are known.  With the
 * connection key Pushdown=0 only column selection is pushed and fedq's
 * executor does everything else (differential testing uses this).
 */
#include "plan/planner.h"

#include "core/diag.h"

#include <string.h>

/* ---- Column pruning ---- */

typedef struct colset
{
	int n;
	int cap;
	int *rels;
	int *cols;
	fq_arena *a;
	bool nomem;
} colset;

static void
colset_add(colset *s, int rel, int col)
{
	for (int i = 0; i < s->n; i++)
		if (s->rels[i] == rel && s->cols[i] == col)
			return;
	if (s->n == s->cap)
	{
		int cap = s->cap ? s->cap * 2 : 16;
		int *rels = fq_arena_realloc(s->a, s->rels, sizeof(int) * (size_t) s->cap,
									 sizeof(int) * (size_t) cap);
		int *cols = fq_arena_realloc(s->a, s->cols, sizeof(int) * (size_t) s->cap,
									 sizeof(int) * (size_t) cap);

		if (rels == NULL || cols == NULL)
		{
			s->nomem = true;
			return;
		}
		s->rels = rels;
		s->cols = cols;
		s->cap = cap;
	}
	s->rels[s->n] = rel;
	s->cols[s->n] = col;
	s->n++;
}

static bool
colset_has(const colset *s, int rel, int col)
{
	for (int i = 0; i < s->n; i++)
		if (s->rels[i] == rel && s->cols[i] == col)
			return true;
	return false;
}

static bool
collect_vars(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		colset_add(ctx, ((fq_var *) e)->rel, ((fq_var *) e)->col);
	return fq_expr_walk_children(e, collect_vars, ctx);
}

static colset
colset_copy(const colset *s)
{
	colset c = {.a = s->a};

	for (int i = 0; i < s->n; i++)
		colset_add(&c, s->rels[i], s->cols[i]);
	c.nomem |= s->nomem;
	return c;
}

/* Keeps the outputs of p whose binding one of its children still has. */
static void
keep_child_outputs(fq_plan *p)
{
	int n = 0;

	for (int i = 0; i < p->nout; i++)
	{
		const fq_plan_col *c = &p->out[i];

		if (fq_plan_find_col(p->left, c->rel, c->col) >= 0 ||
			(p->right != NULL && fq_plan_find_col(p->right, c->rel, c->col) >= 0))
			p->out[n++] = *c;
	}
	p->nout = n;
}

static int
prune(fq_plan *p, const colset *req, fq_diags *d)
{
	colset need;

	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			{
				int n = 0;

				for (int i = 0; i < p->nout; i++)
					if (colset_has(req, p->out[i].rel, p->out[i].col))
						p->out[n++] = p->out[i];
				p->nout = n;
				return FQ_OK;
			}
		case FQ_N_PLAN_VALUES:
		case FQ_N_PLAN_REMOTE:
			return FQ_OK;
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
		case FQ_N_PLAN_JOIN:
			need = colset_copy(req);
			break;
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_AGG:
			/* Every expression is computed; what they read is needed. */
			need = (colset){.a = req->a};
			break;
		default:
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "prune: unrecognized plan node %s",
							fq_node_tag_name(FQ_TAG(p)));
	}
	fq_plan_walk_exprs(p, collect_vars, &need);
	if (need.nomem)
		return fq_raise_nomem(d, req->a);
	if (prune(p->left, &need, d) < 0 || (p->right != NULL && prune(p->right, &need, d) < 0))
		return FQ_ERROR;
	if (!FQ_IS(p, FQ_N_PLAN_PROJECT) && !FQ_IS(p, FQ_N_PLAN_AGG))
		keep_child_outputs(p);
	return FQ_OK;
}

/* ---- Pushdown ---- */

typedef struct pctx
{
	fq_stmt *st;
	fq_diags *d;
	bool full; /* Pushdown on */
} pctx;

/* Every function fedq has is a built-in PostgreSQL can run; the clock
 * and parameters become literals at execution. */
static bool
unshippable_walker(fq_expr *e, void *ctx)
{
	(void) ctx;
	return fq_expr_walk_children(e, unshippable_walker, ctx);
}

static bool
exprs_shippable(fq_plan *p)
{
	return !fq_plan_walk_exprs(p, unshippable_walker, NULL);
}

static bool
same_source(const fq_source *a, const fq_source *b)
{
	return a != NULL && b != NULL && strcmp(a->key, b->key) == 0;
}

/* The source that can run all of p, or NULL. */
static const fq_source *
runs_at(pctx *pc, fq_plan *p)
{
	const fq_source *src;

	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			return ((fq_plan_scan *) p)->rte->source;
		case FQ_N_PLAN_VALUES:
		case FQ_N_PLAN_REMOTE:
			return NULL;
		case FQ_N_PLAN_JOIN:
			{
				const fq_source *r;

				if (!pc->full)
					return NULL;
				src = runs_at(pc, p->left);
				r = runs_at(pc, p->right);
				return same_source(src, r) && exprs_shippable(p) ? src : NULL;
			}
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_AGG:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
			if (!pc->full)
				return NULL;
			src = runs_at(pc, p->left);
			return src != NULL && exprs_shippable(p) ? src : NULL;
		default:
			return NULL;
	}
}

static fq_plan *
make_remote(pctx *pc, fq_plan *p, const fq_source *src)
{
	fq_plan_remote *r = FQ_MAKE_PLAN(pc->st->arena, fq_plan_remote, FQ_N_PLAN_REMOTE, p->nout);

	if (r == NULL)
	{
		fq_raise_nomem(pc->d, pc->st->arena);
		return NULL;
	}
	memcpy(r->p.out, p->out, sizeof(fq_plan_col) * (size_t) p->nout);
	r->source = src;
	r->pushed = p;
	r->p.n.location = p->n.location;
	/* Shown by EXPLAIN; regenerated with values at execution. */
	r->sql = fq_deparse(pc->st, p, pc->d);
	if (r->sql == NULL)
		return NULL;
	return &r->p;
}

static fq_plan *
push(pctx *pc, fq_plan *p)
{
	const fq_source *src = runs_at(pc, p);

	if (src != NULL)
		return make_remote(pc, p, src);
	if (FQ_IS(p, FQ_N_PLAN_SCAN))
	{
		fq_raise(pc->d, FQ_ERR_INTERNAL_ERROR, 0, "a table scan has no source");
		return NULL;
	}
	if (p->left != NULL && (p->left = push(pc, p->left)) == NULL)
		return NULL;
	if (p->right != NULL && (p->right = push(pc, p->right)) == NULL)
		return NULL;
	return p;
}

int
fq_optimize(fq_stmt *st, fq_plan *plan, fq_plan **out, fq_diags *d)
{
	pctx pc = {.st = st, .d = d, .full = st->s->opt.pushdown};
	colset all = {.a = st->arena};

	if (fq_rewrite_filters(st, &plan, d) < 0)
		return FQ_ERROR;

	for (int i = 0; i < plan->nout; i++)
		colset_add(&all, plan->out[i].rel, plan->out[i].col);
	if (all.nomem)
		return fq_raise_nomem(d, st->arena);
	if (prune(plan, &all, d) < 0)
		return FQ_ERROR;
	if ((plan = push(&pc, plan)) == NULL)
		return FQ_ERROR;
	*out = plan;
	return FQ_OK;
}
