/*
 * plan.c — plan node allocation and helpers shared by the planner stages.
 */
#include "plan/plan.h"

#include <string.h>

void *
fq_plan_new(fq_arena *a, size_t size, fq_node_tag tag, int nout)
{
	fq_plan *p = fq_node_new(a, size, tag);

	if (p == NULL)
		return NULL;
	p->nout = nout;
	p->est_rows = -1;
	p->out = FQ_NEW_ARRAY(a, fq_plan_col, nout > 0 ? nout : 1);
	if (p->out == NULL)
		return NULL;
	return p;
}

fq_plan_append *
fq_plan_new_append(fq_arena *a, int nout, int ninputs)
{
	fq_plan_append *ap = FQ_MAKE_PLAN(a, fq_plan_append, FQ_N_PLAN_APPEND, nout);

	if (ap == NULL)
		return NULL;
	ap->ninputs = ninputs;
	ap->inputs = FQ_NEW_ARRAY(a, fq_plan *, ninputs > 0 ? ninputs : 1);
	return ap->inputs != NULL ? ap : NULL;
}

int
fq_plan_ninputs(const fq_plan *p)
{
	if (FQ_IS(p, FQ_N_PLAN_APPEND))
		return ((const fq_plan_append *) p)->ninputs;
	return p->left == NULL ? 0 : p->right == NULL ? 1 : 2;
}

fq_plan **
fq_plan_input(fq_plan *p, int i)
{
	if (FQ_IS(p, FQ_N_PLAN_APPEND))
		return &((fq_plan_append *) p)->inputs[i];
	return i == 0 ? &p->left : &p->right;
}

int
fq_plan_find_col(const fq_plan *p, int rel, int col)
{
	for (int i = 0; i < p->nout; i++)
		if (p->out[i].rel == rel && p->out[i].col == col)
			return i;
	return -1;
}

fq_expr *
fq_plan_project_expr(const fq_plan_project *pr, int col)
{
	int k = fq_plan_find_col(&pr->p, pr->rel, col);

	return k >= 0 ? pr->exprs[k] : NULL;
}

typedef struct provides_ctx
{
	const fq_plan *p;
	bool outside;
	bool any;
} provides_ctx;

static bool
provides_walker(fq_expr *e, void *arg)
{
	provides_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		c->any = true;
		if (fq_plan_find_col(c->p, ((fq_var *) e)->rel, ((fq_var *) e)->col) < 0)
			c->outside = true;
		return false;
	}
	return fq_expr_walk_children(e, provides_walker, arg);
}

bool
fq_plan_provides(const fq_plan *p, const fq_expr *e)
{
	provides_ctx c = {p, false, false};

	provides_walker((fq_expr *) e, &c);
	return c.any && !c.outside;
}

static bool
walk_array(fq_expr **items, int n, fq_expr_walker fn, void *ctx)
{
	for (int i = 0; i < n; i++)
		if (items[i] != NULL && fn(items[i], ctx))
			return true;
	return false;
}

bool
fq_plan_walk_exprs(fq_plan *p, fq_expr_walker fn, void *ctx)
{
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_FILTER:
			return fn(((fq_plan_filter *) p)->pred, ctx);
		case FQ_N_PLAN_JOIN:
			return ((fq_plan_join *) p)->cond != NULL && fn(((fq_plan_join *) p)->cond, ctx);
		case FQ_N_PLAN_PROJECT:
			return walk_array(((fq_plan_project *) p)->exprs, ((fq_plan_project *) p)->nexprs, fn, ctx);
		case FQ_N_PLAN_AGG:
			{
				fq_plan_agg *g = (fq_plan_agg *) p;

				if (walk_array(g->groups, g->ngroups, fn, ctx))
					return true;
				for (int i = 0; i < g->naggs; i++)
					if (fn(&g->aggs[i]->e, ctx))
						return true;
				return false;
			}
		case FQ_N_PLAN_SORT:
			{
				fq_plan_sort *s = (fq_plan_sort *) p;

				for (int i = 0; i < s->nkeys; i++)
					if (fn(s->keys[i].expr, ctx))
						return true;
				return false;
			}
		case FQ_N_PLAN_LIMIT:
			{
				fq_plan_limit *l = (fq_plan_limit *) p;

				return (l->limit != NULL && fn(l->limit, ctx)) ||
					(l->offset != NULL && fn(l->offset, ctx));
			}
		case FQ_N_PLAN_VALUES:
			{
				fq_plan_values *v = (fq_plan_values *) p;

				for (int r = 0; r < v->nrows; r++)
					if (walk_array(v->rows[r], v->p.nout, fn, ctx))
						return true;
				return false;
			}
		case FQ_N_PLAN_WINDOW:
			{
				fq_plan_window *w = (fq_plan_window *) p;

				for (int i = 0; i < w->nfuncs; i++)
					if (fn(&w->funcs[i]->e, ctx))
						return true;
				return false;
			}
		case FQ_N_PLAN_UNIQUE:
			return walk_array(((fq_plan_unique *) p)->keys, ((fq_plan_unique *) p)->nkeys, fn, ctx);
		case FQ_N_PLAN_APPLY:
			{
				fq_plan_apply *ap = (fq_plan_apply *) p;

				return (ap->cond != NULL && fn(ap->cond, ctx)) ||
					walk_array(ap->args, ap->nargs, fn, ctx);
			}
		case FQ_N_PLAN_FUNCSCAN:
			return walk_array(((fq_plan_funcscan *) p)->args, ((fq_plan_funcscan *) p)->nargs, fn,
							  ctx);
		case FQ_N_PLAN_SCAN:
		case FQ_N_PLAN_REMOTE:
		case FQ_N_PLAN_APPEND:
		case FQ_N_PLAN_SETOP:
		case FQ_N_PLAN_CTESCAN:
			return false;
		default:
			return false;
	}
}

static bool
mutate_one(fq_arena *a, fq_expr **slot, fq_expr_mutator fn, void *ctx)
{
	fq_expr *m;

	if (*slot == NULL)
		return true;
	if ((m = fq_expr_mutate(a, *slot, fn, ctx)) == NULL)
		return false;
	*slot = m;
	return true;
}

static bool
mutate_array(fq_arena *a, fq_expr **items, int n, fq_expr_mutator fn, void *ctx)
{
	for (int i = 0; i < n; i++)
		if (!mutate_one(a, &items[i], fn, ctx))
			return false;
	return true;
}

bool
fq_plan_mutate_exprs(fq_arena *a, fq_plan *p, fq_expr_mutator fn, void *ctx)
{
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_FILTER:
			return mutate_one(a, &((fq_plan_filter *) p)->pred, fn, ctx);
		case FQ_N_PLAN_JOIN:
			return mutate_one(a, &((fq_plan_join *) p)->cond, fn, ctx);
		case FQ_N_PLAN_PROJECT:
			return mutate_array(a, ((fq_plan_project *) p)->exprs, ((fq_plan_project *) p)->nexprs,
								fn, ctx);
		case FQ_N_PLAN_AGG:
			{
				fq_plan_agg *g = (fq_plan_agg *) p;

				if (!mutate_array(a, g->groups, g->ngroups, fn, ctx))
					return false;
				for (int i = 0; i < g->naggs; i++)
				{
					fq_expr *e = &g->aggs[i]->e;

					if (!mutate_one(a, &e, fn, ctx))
						return false;
					g->aggs[i] = (fq_agg_expr *) e;
				}
				return true;
			}
		case FQ_N_PLAN_SORT:
			{
				fq_plan_sort *s = (fq_plan_sort *) p;

				for (int i = 0; i < s->nkeys; i++)
					if (!mutate_one(a, &s->keys[i].expr, fn, ctx))
						return false;
				return true;
			}
		case FQ_N_PLAN_LIMIT:
			return mutate_one(a, &((fq_plan_limit *) p)->limit, fn, ctx) &&
				mutate_one(a, &((fq_plan_limit *) p)->offset, fn, ctx);
		case FQ_N_PLAN_UNIQUE:
			return mutate_array(a, ((fq_plan_unique *) p)->keys, ((fq_plan_unique *) p)->nkeys,
								fn, ctx);
		case FQ_N_PLAN_FUNCSCAN:
			return mutate_array(a, ((fq_plan_funcscan *) p)->args, ((fq_plan_funcscan *) p)->nargs,
								fn, ctx);
		case FQ_N_PLAN_APPLY:
			return mutate_one(a, &((fq_plan_apply *) p)->cond, fn, ctx) &&
				mutate_array(a, ((fq_plan_apply *) p)->args, ((fq_plan_apply *) p)->nargs, fn, ctx);
		case FQ_N_PLAN_VALUES:
			{
				fq_plan_values *v = (fq_plan_values *) p;

				for (int r = 0; r < v->nrows; r++)
					if (!mutate_array(a, v->rows[r], v->p.nout, fn, ctx))
						return false;
				return true;
			}
		case FQ_N_PLAN_WINDOW:
			{
				fq_plan_window *w = (fq_plan_window *) p;

				for (int i = 0; i < w->nfuncs; i++)
				{
					fq_expr *e = &w->funcs[i]->e;

					if (!mutate_one(a, &e, fn, ctx))
						return false;
					w->funcs[i] = (fq_window_expr *) e;
				}
				return true;
			}
		default:
			return true;
	}
}

fq_plan *
fq_plan_new_join(fq_arena *a, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond)
{
	bool semi = type == FQ_JOIN_SEMI || type == FQ_JOIN_ANTI;
	fq_plan_join *j = FQ_MAKE_PLAN(a, fq_plan_join, FQ_N_PLAN_JOIN,
								   left->nout + (semi ? 0 : right->nout));

	if (j == NULL)
		return NULL;
	j->p.left = left;
	j->p.right = right;
	j->type = type;
	j->cond = cond;
	memcpy(j->p.out, left->out, sizeof(fq_plan_col) * (size_t) left->nout);
	if (!semi)
		memcpy(j->p.out + left->nout, right->out, sizeof(fq_plan_col) * (size_t) right->nout);
	/* The outer side of an outer join can produce NULLs. */
	for (int i = 0; i < j->p.nout; i++)
		if ((i < left->nout && (type == FQ_JOIN_RIGHT || type == FQ_JOIN_FULL)) ||
			(i >= left->nout && (type == FQ_JOIN_LEFT || type == FQ_JOIN_FULL)))
			j->p.out[i].nullable = FQ_NULLABLE_YES;
	return &j->p;
}
