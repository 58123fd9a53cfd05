/*
 * sublink.c — the planner's first pass: subqueries in expressions
 * (fq_sublink_expr, as plan/bind/sublink.c leaves them) become joins,
 * values computed first, or subplans run per row.
 *
 *   - A condition of a WHERE or HAVING that is EXISTS, NOT EXISTS, x IN,
 *     x NOT IN, x op ANY or x <> ALL (subquery) becomes a semi or anti
 *     join of the rows it filters with the subquery (PostgreSQL's
 *     pull_up_sublinks); a correlated subquery's conditions on the
 *     enclosing row move into the join condition.  NOT IN and <> ALL are
 *     null-aware anti joins, keeping SQL's NULL rules.
 *   - An uncorrelated scalar subquery is computed once before the query
 *     (an initplan), then it is a constant, sent to sources as a literal.
 *   - A correlated scalar subquery computing an aggregate over equality
 *     conditions on the enclosing row becomes a LEFT JOIN with the
 *     subquery grouped by the inner sides of the equalities (the count of
 *     no rows repaired to 0); when one source runs both, it gets LEFT JOIN
 *     LATERAL.
 *   - Any other subquery -- in an OR, a CASE, the select list, a join
 *     condition, correlated in any way -- stays: the statement's subplan
 *     `id`, run by the executor per distinct value of what it reads from
 *     the enclosing row (exec params), as PostgreSQL runs a SubPlan.
 *
 * The pass goes through the query, then through the initplans and
 * subplans it made (a subquery's own subqueries), before any other pass.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "sql/ast.h"
#include "types/types.h"

#include <string.h>

typedef struct sl_ctx
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	int next_rel;
	bool failed;
} sl_ctx;

static void *
nomem(sl_ctx *c)
{
	fq_raise_nomem(c->d, c->a);
	c->failed = true;
	return NULL;
}

/* ---- a sublink's exec params ---- */

typedef struct param_use
{
	const fq_sublink_expr *l;
	bool found;
} param_use;

static bool
uses_walker(fq_expr *e, void *arg)
{
	param_use *u = arg;

	if (FQ_IS(e, FQ_N_EXPR_PARAM) && ((fq_param *) e)->exec)
		for (int i = 0; i < u->l->nargs; i++)
			if (u->l->params[i] == ((fq_param *) e)->number)
				return u->found = true;
	return fq_expr_walk_children(e, uses_walker, arg);
}

/* True if e reads one of l's exec params. */
static bool
uses_params(fq_expr *e, const fq_sublink_expr *l)
{
	param_use u = {l, false};

	if (e != NULL)
		uses_walker(e, &u);
	return u.found;
}

/* True if an expression of the tree under p reads one of l's params. */
static bool
plan_uses_params(fq_plan *p, const fq_sublink_expr *l)
{
	param_use u = {l, false};

	if (fq_stack_too_deep())
		return true;
	fq_plan_walk_exprs(p, uses_walker, &u);
	for (int i = 0; i < fq_plan_ninputs(p) && !u.found; i++)
		u.found = plan_uses_params(*fq_plan_input(p, i), l);
	return u.found;
}

typedef struct subst_ctx
{
	sl_ctx *c;
	const fq_sublink_expr *l;
} subst_ctx;

static fq_expr *
subst_mutator(fq_expr *e, void *arg)
{
	subst_ctx *s = arg;

	if (FQ_IS(e, FQ_N_EXPR_PARAM) && ((fq_param *) e)->exec)
		for (int i = 0; i < s->l->nargs; i++)
			if (s->l->params[i] == ((fq_param *) e)->number)
			{
				fq_expr *copy = fq_expr_copy(s->c->a, s->l->args[i]);

				return copy != NULL ? copy : nomem(s->c);
			}
	return e;
}

/* e with l's params replaced by the enclosing row's expressions they
 * stand for. */
static fq_expr *
subst(sl_ctx *c, fq_expr *e, const fq_sublink_expr *l)
{
	subst_ctx s = {c, l};
	fq_expr *r = fq_expr_mutate(c->a, e, subst_mutator, &s);

	return r != NULL ? r : c->failed ? NULL : nomem(c);
}

typedef struct outside_ctx
{
	const fq_plan *inside;
	bool found;
} outside_ctx;

static bool
outside_walker(fq_expr *e, void *arg)
{
	outside_ctx *o = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR) &&
		fq_plan_find_col(o->inside, ((fq_var *) e)->rel, ((fq_var *) e)->col) < 0)
		return o->found = true;
	return fq_expr_walk_children(e, outside_walker, arg);
}

/* True if e reads a column that `inside` does not produce. */
static bool
reads_outside(fq_expr *e, const fq_plan *inside)
{
	outside_ctx o = {inside, false};

	outside_walker(e, &o);
	return o.found;
}

static fq_expr *
make_cmp(sl_ctx *c, fq_func_id fn, fq_expr *x, fq_expr *y)
{
	fq_expr *args[2] = {x, y};
	fq_func_expr *f = fq_make_func(c->a, fn, fq_type_make(FQ_T_BOOL), 2, args);

	return f != NULL ? &f->e : nomem(c);
}

static fq_expr *
true_const(sl_ctx *c)
{
	fq_value v;
	fq_const *k;

	memset(&v, 0, sizeof(v));
	v.type = fq_type_make(FQ_T_BOOL);
	v.v.i = 1;
	k = fq_make_const(c->a, &v);
	return k != NULL ? &k->e : nomem(c);
}

/*
 * The subquery's WHERE conjuncts split: those reading l's params (moved,
 * with the params replaced) and the others (*below becomes the subquery's
 * FROM with them).  False when the subquery is not a plain SELECT ... FROM
 * ... WHERE over its FROM, or reads the params anywhere else.
 */
static bool
pull_params(sl_ctx *c, const fq_sublink_expr *l, fq_plan *filter, fq_plan **below,
			fq_list **moved)
{
	fq_plan_filter *f = (fq_plan_filter *) filter;
	fq_list *conj = NULL;
	fq_list *keep = NULL;
	fq_expr *e;

	if (!FQ_IS(filter, FQ_N_PLAN_FILTER) || plan_uses_params(filter->left, l))
		return false;
	if (!fq_expr_conjuncts(c->a, f->pred, &conj))
		return nomem(c), false;
	FQ_LIST_FOREACH(e, conj)
	{
		bool corr = uses_params(e, l);
		fq_expr *x = corr ? subst(c, e, l) : e;

		if (x == NULL)
			return false;
		if ((corr ? (*moved = fq_lappend(c->a, *moved, x)) : (keep = fq_lappend(c->a, keep, x))) == NULL)
			return nomem(c), false;
	}
	if (keep == NULL)
		*below = filter->left;
	else
	{
		fq_plan_filter *nf = FQ_MAKE_PLAN(c->a, fq_plan_filter, FQ_N_PLAN_FILTER, filter->nout);

		if (nf == NULL || (nf->pred = fq_make_and(c->a, keep)) == NULL)
			return nomem(c), false;
		memcpy(nf->p.out, filter->out, sizeof(fq_plan_col) * (size_t) filter->nout);
		nf->p.left = filter->left;
		nf->p.n.location = filter->n.location;
		*below = &nf->p;
	}
	return true;
}

/* ---- conditions that become joins ---- */

/*
 * If cond (a conjunct of a condition over *input) is a subquery test a
 * join can decide, *input becomes that join and true is returned.
 */
static bool
to_join(sl_ctx *c, fq_plan **input, fq_expr *cond)
{
	fq_sublink_expr *l;
	bool neg = false;
	fq_join_type type;
	bool null_aware = false;
	fq_plan *inner;
	fq_expr *rhs = NULL;
	fq_list *conds = NULL;
	fq_plan_join *j;

	if (FQ_IS(cond, FQ_N_EXPR_BOOL) && ((fq_bool_expr *) cond)->kind == FQ_BOOL_NOT)
	{
		neg = true;
		cond = ((fq_bool_expr *) cond)->args[0];
	}
	if (!FQ_IS(cond, FQ_N_EXPR_SUBLINK))
		return false;
	l = (fq_sublink_expr *) cond;
	switch (l->kind)
	{
		case FQ_SUBLINK_EXISTS:
			type = neg ? FQ_JOIN_ANTI : FQ_JOIN_SEMI;
			break;
		case FQ_SUBLINK_ANY:
			/* NOT (x = ANY) is NOT IN: null-aware; NOT (x < ANY) has
			 * no join of the same NULL behaviour */
			if (neg && l->op != FQ_F_EQ)
				return false;
			type = neg ? FQ_JOIN_ANTI : FQ_JOIN_SEMI;
			null_aware = neg;
			break;
		case FQ_SUBLINK_ALL:
			/* x <> ALL is NOT (x = ANY) */
			if (neg || l->op != FQ_F_NE)
				return false;
			type = FQ_JOIN_ANTI;
			null_aware = true;
			break;
		default:
			return false;
	}
	inner = l->plan;
	if (l->correlated)
	{
		/* SELECT ... FROM ... WHERE ...: the WHERE's conditions on the
		 * enclosing row join it; the rest stays with the FROM */
		fq_plan *below;

		if (!FQ_IS(inner, FQ_N_PLAN_PROJECT) || !pull_params(c, l, inner->left, &below, &conds))
			return false;
		/* NOT IN over the rows a correlation picks: a NULL among those
		 * rows only, not the whole inner side, makes it unknown -- which
		 * the null-aware anti join does not know: it runs per row */
		if (null_aware && conds != NULL)
			return false;
		if (l->kind != FQ_SUBLINK_EXISTS)
		{
			rhs = ((fq_plan_project *) inner)->exprs[0];
			if (uses_params(rhs, l))
				return false;
		}
		inner = below;
	}
	else if (l->kind != FQ_SUBLINK_EXISTS)
	{
		fq_var *v = fq_make_var(c->a, inner->out[0].rel, inner->out[0].col, inner->out[0].type,
								inner->out[0].name);

		if (v == NULL)
			return nomem(c), false;
		rhs = &v->e;
	}
	if (rhs != NULL)
	{
		fq_expr *cmp = make_cmp(c, l->kind == FQ_SUBLINK_ALL ? FQ_F_EQ : (fq_func_id) l->op,
								fq_expr_copy(c->a, l->lhs), rhs);

		if (cmp == NULL || (conds = fq_lappend(c->a, conds, cmp)) == NULL)
			return c->failed ? false : (nomem(c), false);
	}
	j = (fq_plan_join *) fq_plan_new_join(c->a, *input, inner, type,
										  conds != NULL ? fq_make_and(c->a, conds) : true_const(c));
	if (j == NULL || j->cond == NULL)
		return c->failed ? false : (nomem(c), false);
	j->null_aware = null_aware;
	j->p.n.location = l->e.n.location;
	*input = &j->p;
	return true;
}

/* A Filter's conjuncts that are subquery tests become joins under it; the
 * Filter goes when nothing is left of it. */
static bool
filter_joins(sl_ctx *c, fq_plan **slot)
{
	fq_plan_filter *f = (fq_plan_filter *) *slot;
	fq_list *conj = NULL;
	fq_list *keep = NULL;
	fq_expr *e;

	if (!fq_expr_conjuncts(c->a, f->pred, &conj))
		return nomem(c), false;
	FQ_LIST_FOREACH(e, conj)
	{
		if (to_join(c, &f->p.left, e))
			continue;
		if (c->failed)
			return false;
		if ((keep = fq_lappend(c->a, keep, e)) == NULL)
			return nomem(c), false;
	}
	if (keep == NULL)
		*slot = f->p.left;
	else if ((f->pred = fq_make_and(c->a, keep)) == NULL)
		return nomem(c), false;
	return true;
}

/* ---- scalar subqueries ---- */

static int
add_plan(sl_ctx *c, fq_plan ***list, int *n, fq_plan *p)
{
	fq_plan **grown = fq_arena_realloc(c->a, *list, sizeof(fq_plan *) * (size_t) *n,
									   sizeof(fq_plan *) * (size_t) (*n + 1));

	if (grown == NULL)
		return nomem(c), -1;
	*list = grown;
	grown[*n] = p;
	return (*n)++;
}

/*
 * The conditions a correlated subquery's WHERE had on the enclosing row
 * (moved, params replaced), each inner expression = enclosing expression:
 * the inner sides (reading only `below`) and the enclosing sides (reading
 * only `input`).  False for any other condition.
 */
static bool
equality_keys(sl_ctx *c, const fq_plan *below, const fq_plan *input, fq_list *moved,
			  fq_list **keys_in, fq_list **keys_out)
{
	fq_expr *e;

	FQ_LIST_FOREACH(e, moved)
	{
		fq_func_expr *f = (fq_func_expr *) e;
		int inner;

		if (!FQ_IS(e, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ)
			return false;
		for (inner = 0; inner < 2; inner++)
		{
			fq_expr *in = f->args[inner];
			fq_expr *out = f->args[1 - inner];

			if (!reads_outside(in, below) && fq_expr_refers_to(in, -1) &&
				!reads_outside(out, input) && !fq_expr_has_sublink(out))
				break;
		}
		if (inner == 2)
			return false;
		if ((*keys_in = fq_lappend(c->a, *keys_in, f->args[inner])) == NULL ||
			(*keys_out = fq_lappend(c->a, *keys_out, f->args[1 - inner])) == NULL)
			return nomem(c), false;
	}
	return fq_list_len(*keys_in) > 0;
}

/*
 * A correlated scalar subquery SELECT f(agg(...)) FROM ... WHERE inner =
 * outer AND ... as a derived table grouped by the inner sides, LEFT
 * JOINed to *input on them: the value of the subquery is its column (NULL
 * where no group matched, 0 for a count).  NULL when the subquery has
 * another shape (it then runs per row).
 */
static fq_expr *
decorrelate(sl_ctx *c, fq_plan **input, fq_sublink_expr *l)
{
	fq_plan *sub = l->plan;
	fq_plan_project *proj;
	fq_plan_agg *agg;
	fq_plan *below;
	fq_list *moved = NULL;
	fq_list *keys_in = NULL;
	fq_list *keys_out = NULL;
	fq_list *conds = NULL;
	int nk;
	fq_plan_project *derived;
	fq_var *result;
	fq_expr *value;
	bool count_value = false;

	if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !FQ_IS(sub->left, FQ_N_PLAN_AGG) ||
		((fq_plan_agg *) sub->left)->ngroups > 0 ||
		((fq_plan_agg *) sub->left)->nsets > 0 || uses_params(((fq_plan_project *) sub)->exprs[0], l))
		return NULL;
	proj = (fq_plan_project *) sub;
	agg = (fq_plan_agg *) sub->left;
	/* (a percentile checks its fraction even over no rows: that needs
	 * the subquery's own group for every outer row) */
	for (int i = 0; i < agg->naggs; i++)
		if (uses_params(&agg->aggs[i]->e, l) || agg->aggs[i]->direct != NULL)
			return NULL;
	/* count() inside a larger expression would need the same repair */
	if (FQ_IS(proj->exprs[0], FQ_N_EXPR_VAR) && ((fq_var *) proj->exprs[0])->rel == agg->agg_rel)
	{
		fq_agg_expr *a = agg->aggs[((fq_var *) proj->exprs[0])->col];

		count_value = fq_agg_counts(a->kind);
	}
	else
		for (int i = 0; i < agg->naggs; i++)
			if (fq_agg_counts(agg->aggs[i]->kind))
				return NULL;
	if (!pull_params(c, l, sub->left->left, &below, &moved) ||
		!equality_keys(c, below, *input, moved, &keys_in, &keys_out))
		return NULL;
	nk = fq_list_len(keys_in);
	/* group the aggregate by the inner keys */
	{
		fq_plan_agg *g = FQ_MAKE_PLAN(c->a, fq_plan_agg, FQ_N_PLAN_AGG, nk + agg->naggs);

		if (g == NULL)
			return nomem(c);
		*g = *agg;
		g->p.out = FQ_NEW_ARRAY(c->a, fq_plan_col, nk + agg->naggs);
		g->groups = FQ_NEW_ARRAY(c->a, fq_expr *, nk > 0 ? nk : 1);
		if (g->p.out == NULL || g->groups == NULL)
			return nomem(c);
		g->p.left = below;
		g->ngroups = nk;
		g->p.nout = nk + agg->naggs;
		for (int i = 0; i < nk; i++)
		{
			g->groups[i] = fq_list_nth(keys_in, i);
			g->p.out[i].rel = agg->group_rel;
			g->p.out[i].col = i;
			g->p.out[i].type = g->groups[i]->type;
			g->p.out[i].name = "?key?";
			g->p.out[i].nullable = FQ_NULLABLE_UNKNOWN;
		}
		memcpy(g->p.out + nk, agg->p.out, sizeof(fq_plan_col) * (size_t) agg->naggs);
		agg = g;
	}
	/* the derived table: the subquery's value, then the keys */
	derived = FQ_MAKE_PLAN(c->a, fq_plan_project, FQ_N_PLAN_PROJECT, 1 + nk);
	if (derived == NULL || (derived->exprs = FQ_NEW_ARRAY(c->a, fq_expr *, 1 + nk)) == NULL)
		return nomem(c);
	derived->p.left = &agg->p;
	derived->rel = c->next_rel++;
	derived->nexprs = 1 + nk;
	derived->exprs[0] = proj->exprs[0];
	for (int i = 0; i < 1 + nk; i++)
	{
		fq_plan_col *o = &derived->p.out[i];

		if (i > 0)
		{
			fq_var *k = fq_make_var(c->a, agg->group_rel, i - 1, agg->groups[i - 1]->type, "?key?");

			if (k == NULL)
				return nomem(c);
			derived->exprs[i] = &k->e;
		}
		o->rel = derived->rel;
		o->col = i;
		o->type = derived->exprs[i]->type;
		o->name = i == 0 ? proj->p.out[0].name : "?key?";
		o->nullable = FQ_NULLABLE_YES;
	}
	for (int i = 0; i < nk; i++)
	{
		fq_expr *out = fq_list_nth(keys_out, i);
		fq_var *k = fq_make_var(c->a, derived->rel, 1 + i, derived->exprs[1 + i]->type, "?key?");
		fq_expr *cmp;

		if (k == NULL)
			return nomem(c);
		/* the equality was typed by the binder: both sides alike */
		if ((cmp = make_cmp(c, FQ_F_EQ, out, &k->e)) == NULL ||
			(conds = fq_lappend(c->a, conds, cmp)) == NULL)
			return c->failed ? NULL : nomem(c);
	}
	{
		fq_plan_join *j = (fq_plan_join *) fq_plan_new_join(
			c->a, *input, &derived->p, FQ_JOIN_LEFT,
			conds != NULL ? fq_make_and(c->a, conds) : true_const(c));

		if (j == NULL || j->cond == NULL)
			return c->failed ? NULL : nomem(c);
		j->lateral = true;
		j->p.n.location = l->e.n.location;
		*input = &j->p;
	}
	result = fq_make_var(c->a, derived->rel, 0, derived->exprs[0]->type, proj->p.out[0].name);
	if (result == NULL)
		return nomem(c);
	value = &result->e;
	if (count_value)
	{
		/* count over no rows is 0; the outer join gives NULL: put the 0 back */
		fq_value zero;
		fq_const *z;
		fq_expr *args[2];
		fq_func_expr *co;

		memset(&zero, 0, sizeof(zero));
		zero.type = fq_type_make(FQ_T_INT8);
		if ((z = fq_make_const(c->a, &zero)) == NULL)
			return nomem(c);
		args[0] = value;
		args[1] = &z->e;
		if ((co = fq_make_func(c->a, FQ_F_COALESCE, value->type, 2, args)) == NULL)
			return nomem(c);
		value = &co->e;
	}
	return value;
}

/*
 * EXISTS (SELECT ... FROM ... WHERE inner = outer AND ...) where a join
 * cannot replace the condition (in an OR, a CASE, the select list): a LEFT
 * JOIN of *input with the subquery's distinct inner keys, EXISTS being
 * whether a row matched (a "mark join") -- instead of running the
 * subquery per row.  NULL when the subquery has another shape.
 */
static fq_expr *
mark_exists(sl_ctx *c, fq_plan **input, fq_sublink_expr *l)
{
	fq_plan *sub = l->plan;
	fq_plan *below;
	fq_list *moved = NULL;
	fq_list *keys_in = NULL;
	fq_list *keys_out = NULL;
	fq_list *conds = NULL;
	fq_plan_agg *g;
	fq_plan_project *derived;
	fq_null_test *matched;
	int nk;

	if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !pull_params(c, l, sub->left, &below, &moved) ||
		!equality_keys(c, below, *input, moved, &keys_in, &keys_out))
		return NULL;
	nk = fq_list_len(keys_in);
	/* the distinct inner keys */
	g = FQ_MAKE_PLAN(c->a, fq_plan_agg, FQ_N_PLAN_AGG, nk);
	derived = FQ_MAKE_PLAN(c->a, fq_plan_project, FQ_N_PLAN_PROJECT, nk);
	if (g == NULL || derived == NULL || (g->groups = FQ_NEW_ARRAY(c->a, fq_expr *, nk)) == NULL ||
		(derived->exprs = FQ_NEW_ARRAY(c->a, fq_expr *, nk)) == NULL)
		return nomem(c);
	g->p.left = below;
	g->group_rel = c->next_rel++;
	g->agg_rel = c->next_rel++;
	g->ngroups = nk;
	derived->p.left = &g->p;
	derived->rel = c->next_rel++;
	derived->nexprs = nk;
	for (int i = 0; i < nk; i++)
	{
		fq_var *k;
		fq_var *dk;
		fq_expr *cmp;

		g->groups[i] = fq_list_nth(keys_in, i);
		g->p.out[i].rel = g->group_rel;
		g->p.out[i].col = i;
		g->p.out[i].type = g->groups[i]->type;
		g->p.out[i].name = "?key?";
		g->p.out[i].nullable = FQ_NULLABLE_UNKNOWN;
		if ((k = fq_make_var(c->a, g->group_rel, i, g->groups[i]->type, "?key?")) == NULL)
			return nomem(c);
		derived->exprs[i] = &k->e;
		derived->p.out[i] = g->p.out[i];
		derived->p.out[i].rel = derived->rel;
		derived->p.out[i].nullable = FQ_NULLABLE_YES;
		if ((dk = fq_make_var(c->a, derived->rel, i, k->e.type, "?key?")) == NULL ||
			(cmp = make_cmp(c, FQ_F_EQ, fq_list_nth(keys_out, i), &dk->e)) == NULL ||
			(conds = fq_lappend(c->a, conds, cmp)) == NULL)
			return c->failed ? NULL : nomem(c);
	}
	{
		fq_plan_join *j = (fq_plan_join *) fq_plan_new_join(c->a, *input, &derived->p,
															FQ_JOIN_LEFT, fq_make_and(c->a, conds));

		if (j == NULL || j->cond == NULL)
			return nomem(c);
		j->p.n.location = l->e.n.location;
		*input = &j->p;
	}
	/* a key that matched is not NULL (NULL keys match nothing) */
	{
		fq_var *k0 = fq_make_var(c->a, derived->rel, 0, derived->p.out[0].type, "?key?");

		matched = FQ_MAKE_NODE(c->a, fq_null_test, FQ_N_EXPR_NULL_TEST);
		if (k0 == NULL || matched == NULL)
			return nomem(c);
		matched->arg = &k0->e;
	}
	matched->e.type = fq_type_make(FQ_T_BOOL);
	matched->e.n.location = l->e.n.location;
	matched->is_not = true;
	return &matched->e;
}

/* What the expression mutator works on: the node whose expressions they
 * are, whose input a decorrelated subquery joins. */
typedef struct expr_ctx
{
	sl_ctx *c;
	fq_plan *node;
} expr_ctx;

static fq_expr *
sublink_mutator(fq_expr *e, void *arg)
{
	expr_ctx *x = arg;
	sl_ctx *c = x->c;
	fq_sublink_expr *l = (fq_sublink_expr *) e;
	fq_sublink_expr *copy;

	if (!FQ_IS(e, FQ_N_EXPR_SUBLINK) || l->id >= 0)
		return e;
	if (l->kind == FQ_SUBLINK_SCALAR && !l->correlated)
	{
		fq_subplan_expr *s = FQ_MAKE_NODE(c->a, fq_subplan_expr, FQ_N_EXPR_SUBPLAN);

		if (s == NULL)
			return nomem(c);
		s->e.type = l->e.type;
		s->e.n.location = l->e.n.location;
		if ((s->id = add_plan(c, &c->st->initplans, &c->st->ninitplans, l->plan)) < 0)
			return NULL;
		return &s->e;
	}
	if ((l->kind == FQ_SUBLINK_SCALAR || l->kind == FQ_SUBLINK_EXISTS) && l->correlated &&
		(FQ_IS(x->node, FQ_N_PLAN_FILTER) || FQ_IS(x->node, FQ_N_PLAN_PROJECT)))
	{
		bool ok = true;
		fq_expr *v;

		for (int i = 0; i < l->nargs && ok; i++)
			ok = !reads_outside(l->args[i], x->node->left) && !fq_expr_has_sublink(l->args[i]);
		if (ok && (v = l->kind == FQ_SUBLINK_SCALAR ? decorrelate(c, &x->node->left, l)
				   : mark_exists(c, &x->node->left, l)) != NULL)
			return v;
		if (c->failed)
			return NULL;
	}
	/* per row */
	if ((copy = fq_arena_memdup(c->a, l, sizeof(*l))) == NULL)
		return nomem(c);
	if ((copy->id = add_plan(c, &c->st->subplans, &c->st->nsubplans, l->plan)) < 0)
		return NULL;
	return &copy->e;
}

static bool
plan_sublinks(sl_ctx *c, fq_plan **slot)
{
	fq_plan *p;
	expr_ctx x = {c, NULL};

	if (fq_stack_check(c->d) < 0)
		return false;
	if (FQ_IS(*slot, FQ_N_PLAN_FILTER) && fq_expr_has_sublink(((fq_plan_filter *) *slot)->pred) &&
		!filter_joins(c, slot))
		return false;
	p = *slot;
	x.node = p;
	if (!fq_plan_mutate_exprs(c->a, p, sublink_mutator, &x))
		return c->failed ? false : (nomem(c), false);
	if (c->failed)
		return false;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!plan_sublinks(c, fq_plan_input(p, i)))
			return false;
	return true;
}

int
fq_plan_sublinks(fq_stmt *st, fq_plan **plan, fq_diags *d)
{
	sl_ctx c = {.st = st, .a = st->arena, .d = d};

	/* new relations (derived tables) are numbered after every existing
	 * one, subqueries' included: the binder numbered them all in turn */
	c.next_rel = st->next_rel;
	if (!plan_sublinks(&c, plan))
		return FQ_ERROR;
	for (int i = 0; i < st->nctes; i++)
		if (st->ctes[i] != NULL && !plan_sublinks(&c, &st->ctes[i]))
			return FQ_ERROR;
	/* the subqueries made initplans or subplans have their own */
	for (int i = 0; i < st->ninitplans; i++)
		if (!plan_sublinks(&c, &st->initplans[i]))
			return FQ_ERROR;
	for (int i = 0; i < st->nsubplans; i++)
		if (!plan_sublinks(&c, &st->subplans[i]))
			return FQ_ERROR;
	st->next_rel = c.next_rel;
	return FQ_OK;
}
