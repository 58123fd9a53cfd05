/*
 * sublink.c — subqueries in expressions: EXISTS and IN as semi and anti
 * joins, uncorrelated scalar subqueries computed once (initplans), and
 * correlated ones decorrelated into a LEFT JOIN over the subquery grouped
 * by its correlation keys.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- Subqueries ---- */

/* Binds a subquery that may refer to the columns of `outer`. */
static int
bind_subquery(binder *b, scope *outer, fq_node *q, fq_plan **out, bool *correlated)
{
	int before = b->outer_refs;
	int rc;

	if (b->nouter == (int) (sizeof(b->outer) / sizeof(b->outer[0])))
		return fq_raise(b->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, bind_pos(b, q),
						"subqueries are nested too deeply");
	b->outer[b->nouter++] = outer;
	rc = bind_query(b, q, out);
	b->nouter--;
	*correlated = b->outer_refs > before;
	return rc;
}

typedef struct outside_ctx
{
	const fq_plan *inside;
	const fq_plan *inside2; /* a join's second input, or NULL */
	bool found;
} outside_ctx;

static bool
outside_walker(fq_expr *e, void *arg)
{
	outside_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		int rel = ((fq_var *) e)->rel;
		int col = ((fq_var *) e)->col;

		if (fq_plan_find_col(c->inside, rel, col) < 0 &&
			(c->inside2 == NULL || fq_plan_find_col(c->inside2, rel, col) < 0))
		{
			c->found = true;
			return true;
		}
		return false;
	}
	return fq_expr_walk_children(e, outside_walker, arg);
}

/* True if e reads a column that `inside` does not produce. */
static bool
reads_outside(fq_expr *e, const fq_plan *inside)
{
	outside_ctx c = {inside, NULL, false};

	outside_walker(e, &c);
	return c.found;
}

/* True if e reads columns, all of them produced by `inside`. */
static bool
reads_only_inner(fq_expr *e, const fq_plan *inside)
{
	return fq_expr_refers_to(e, -1) && !reads_outside(e, inside);
}

typedef struct inner_ctx
{
	const fq_plan *inside;
	bool found;
} inner_ctx;

static bool
inner_walker(fq_expr *e, void *arg)
{
	inner_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR) &&
		fq_plan_find_col(c->inside, ((fq_var *) e)->rel, ((fq_var *) e)->col) >= 0)
		c->found = true;
	return c->found || fq_expr_walk_children(e, inner_walker, arg);
}

/* True if e reads columns, none of them produced by `inside`. */
static bool
reads_only_outer(fq_expr *e, const fq_plan *inside)
{
	inner_ctx c = {inside, false};

	inner_walker(e, &c);
	return fq_expr_refers_to(e, -1) && !c.found;
}

/* True if an expression of the tree under p reads a column that none of
 * its inputs produce: a reference to an enclosing query. */
static bool
plan_reads_outer(fq_plan *p)
{
	outside_ctx c = {p->left, p->right, false};

	if (FQ_IS(p, FQ_N_PLAN_SCAN) || FQ_IS(p, FQ_N_PLAN_VALUES) || fq_stack_too_deep())
		return false;
	fq_plan_walk_exprs(p, outside_walker, &c);
	for (int i = 0; i < fq_plan_ninputs(p) && !c.found; i++)
		c.found = plan_reads_outer(*fq_plan_input(p, i));
	return c.found;
}

/*
 * Separates a correlated subquery's WHERE conditions that read the
 * enclosing query from the rest: *filter becomes the rest (its Filter
 * node removed when nothing is left), *moved the others.
 */
static bool
pull_correlated(binder *b, fq_plan **filter, fq_list **moved)
{
	fq_plan_filter *f = (fq_plan_filter *) *filter;
	fq_list *conj = NULL;
	fq_list *keep = NULL;
	fq_expr *c;

	if (!bind_split_and(b, f->pred, &conj))
		return false;
	FQ_LIST_FOREACH(c, conj)
	{
		fq_list **to = reads_outside(c, f->p.left) ? moved : &keep;

		if ((*to = fq_lappend(b->a, *to, c)) == NULL)
		{
			bind_nomem(b);
			return false;
		}
	}
	if (keep == NULL)
		*filter = f->p.left;
	else if ((f->pred = bind_and_list(b, keep)) == NULL)
		return false;
	return true;
}

static void *
unsupported_correlation(binder *b, const void *at, const char *what)
{
	bind_fail_at(b, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
				 "this correlated subquery is not supported yet: %s", what);
	fq_diag_hint(b->d, "A subquery may refer to the outer query in its WHERE clause; "
					   "an aggregate subquery only through equality conditions.");
	return NULL;
}

/*
 * x IN (SELECT y ...), EXISTS (...), their negations and = ANY / <> ALL:
 * the query's FROM plan joined with the subquery (SEMI or ANTI), the
 * subquery's conditions on the outer query moved into the join condition.
 */
fq_plan *
bind_semi_join(binder *b, bind_ctx *cx, fq_plan *from, fq_node *subq, fq_node *lhs_raw,
			   fq_join_type type, bool null_aware, const void *at)
{
	fq_plan *sub;
	fq_plan *inner;
	bool correlated = false;
	fq_list *conds = NULL;
	fq_expr *rhs = NULL;
	fq_plan_join *j;

	if (bind_subquery(b, cx->sc, subq, &sub, &correlated) < 0)
		return NULL;
	if (lhs_raw != NULL && sub->nout != 1)
		return bind_fail_at(b, subq, FQ_ERR_SYNTAX_ERROR, "subquery has too %s columns",
							sub->nout > 1 ? "many" : "few");
	inner = sub;
	if (correlated)
	{
		/* Project (Filter (FROM)) is the shape a WHERE-correlated SELECT binds to. */
		fq_plan *below;

		if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !FQ_IS(sub->left, FQ_N_PLAN_FILTER))
			return unsupported_correlation(b, subq, "it refers to the outer query outside its "
											  "WHERE clause, or has grouping, DISTINCT or LIMIT");
		below = sub->left;
		if (!pull_correlated(b, &below, &conds))
			return NULL;
		if (plan_reads_outer(below))
			return unsupported_correlation(b, subq, "it refers to the outer query outside its "
											  "WHERE clause");
		if (lhs_raw != NULL)
			rhs = ((fq_plan_project *) sub)->exprs[0];
		inner = below;
	}
	else if (lhs_raw != NULL)
	{
		fq_var *v = fq_make_var(b->a, sub->out[0].rel, sub->out[0].col, sub->out[0].type,
								sub->out[0].name);

		if (v == NULL)
			return bind_nomem(b);
		rhs = &v->e;
	}
	if (lhs_raw != NULL)
	{
		fq_expr *lhs = bind_expr(b, cx, lhs_raw);
		fq_expr *args[2];
		fq_type common;

		if (lhs == NULL)
			return NULL;
		if (reads_outside(rhs, inner) && !correlated)
			return bind_fail_at(b, at, FQ_ERR_INTERNAL_ERROR, "subquery output is not available");
		if (!bind_unify(b, &lhs, &rhs, "=", at, &common))
			return NULL;
		args[0] = lhs;
		args[1] = rhs;
		if ((conds = fq_lappend(b->a, conds, bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2,
													  args, at))) == NULL)
			return bind_nomem(b);
	}
	j = (fq_plan_join *) bind_make_join(b, from, inner, type, bind_and_list(b, conds));
	if (j == NULL)
		return NULL;
	if (conds == NULL)
	{
		/* EXISTS without conditions on the outer query: any row will do */
		fq_const *t = bind_make_bool_const(b, true);

		if (t == NULL)
			return bind_nomem(b);
		j->cond = &t->e;
	}
	j->null_aware = null_aware;
	j->p.n.location = ((const fq_node *) at)->location;
	return &j->p;
}

/* Grows the statement's list of initplans; the new one's id. */
static int
add_initplan(binder *b, fq_plan *p)
{
	fq_stmt *st = b->st;
	fq_plan **grown = fq_arena_realloc(b->a, st->initplans,
									   sizeof(fq_plan *) * (size_t) st->ninitplans,
									   sizeof(fq_plan *) * (size_t) (st->ninitplans + 1));

	if (grown == NULL)
	{
		bind_nomem(b);
		return -1;
	}
	st->initplans = grown;
	st->initplans[st->ninitplans] = p;
	return st->ninitplans++;
}

/*
 * A correlated scalar subquery with an aggregate, SELECT f(agg(...)) FROM
 * ... WHERE inner = outer AND ..., becomes a derived table grouped by the
 * inner sides of the correlation, LEFT JOINed to the outer query on them;
 * the subquery's value is the derived table's column (count is 0, not
 * NULL, for groups with no rows).
 */
static fq_expr *
decorrelate_scalar(binder *b, bind_ctx *cx, fq_plan *sub, const void *at)
{
	fq_plan_project *proj;
	fq_plan_agg *agg;
	fq_plan *below;
	fq_list *moved = NULL;
	fq_list *keys_in = NULL;
	fq_list *keys_out = NULL;
	fq_expr *c;
	fq_list *conds = NULL;
	int nk;
	fq_plan_project *derived;
	fq_var *result;
	fq_expr *value;

	if (cx->from == NULL)
		return unsupported_correlation(b, at, "correlated subqueries are allowed in WHERE and "
											  "the select list");
	if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !FQ_IS(sub->left, FQ_N_PLAN_AGG) ||
		((fq_plan_agg *) sub->left)->ngroups > 0 || !FQ_IS(sub->left->left, FQ_N_PLAN_FILTER))
		return unsupported_correlation(b, at, "a correlated scalar subquery must compute one "
											  "aggregate without GROUP BY, HAVING or LIMIT");
	proj = (fq_plan_project *) sub;
	agg = (fq_plan_agg *) sub->left;
	below = sub->left->left;
	if (!pull_correlated(b, &below, &moved))
		return NULL;
	if (plan_reads_outer(below))
		return unsupported_correlation(b, at, "it refers to the outer query outside its WHERE clause");
	/* Each moved condition must be inner_expr = outer_expr. */
	FQ_LIST_FOREACH(c, moved)
	{
		fq_func_expr *f = (fq_func_expr *) c;
		fq_expr *in;
		fq_expr *out;

		if (!FQ_IS(c, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ)
			return unsupported_correlation(b, at, "only equality conditions may refer to the "
												  "outer query in an aggregate subquery");
		if (reads_only_inner(f->args[0], below) && reads_only_outer(f->args[1], below))
		{
			in = f->args[0];
			out = f->args[1];
		}
		else if (reads_only_inner(f->args[1], below) && reads_only_outer(f->args[0], below))
		{
			in = f->args[1];
			out = f->args[0];
		}
		else
			return unsupported_correlation(b, at, "each condition on the outer query must compare "
												  "one of its expressions with one of the subquery's");
		if (reads_outside(out, *cx->from))
			return unsupported_correlation(b, at, "it refers to a query further out");
		if ((keys_in = fq_lappend(b->a, keys_in, in)) == NULL ||
			(keys_out = fq_lappend(b->a, keys_out, out)) == NULL)
			return bind_nomem(b);
	}
	nk = fq_list_len(keys_in);
	/* Group the aggregate by the inner keys. */
	agg->p.left = below;
	agg->ngroups = nk;
	agg->groups = bind_expr_array(b, nk);
	{
		fq_plan_col *out = FQ_NEW_ARRAY(b->a, fq_plan_col, nk + agg->naggs);

		if (agg->groups == NULL || out == NULL)
			return bind_nomem(b);
		for (int i = 0; i < nk; i++)
		{
			agg->groups[i] = fq_list_nth(keys_in, i);
			out[i].rel = agg->group_rel;
			out[i].col = i;
			out[i].type = agg->groups[i]->type;
			out[i].name = "?key?";
			out[i].nullable = FQ_NULLABLE_UNKNOWN;
		}
		memcpy(out + nk, agg->p.out, sizeof(fq_plan_col) * (size_t) agg->naggs);
		agg->p.out = out;
		agg->p.nout = nk + agg->naggs;
	}
	/* The derived table: the subquery's value, then the keys. */
	derived = FQ_MAKE_PLAN(b->a, fq_plan_project, FQ_N_PLAN_PROJECT, 1 + nk);
	if (derived == NULL || (derived->exprs = bind_expr_array(b, 1 + nk)) == NULL)
		return bind_nomem(b);
	derived->p.left = &agg->p;
	derived->rel = b->next_rel++;
	derived->nexprs = 1 + nk;
	derived->exprs[0] = proj->exprs[0];
	for (int i = 0; i < 1 + nk; i++)
	{
		fq_plan_col *o = &derived->p.out[i];

		if (i > 0)
		{
			fq_var *k = fq_make_var(b->a, agg->group_rel, i - 1, agg->groups[i - 1]->type, "?key?");

			if (k == NULL)
				return bind_nomem(b);
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
		fq_var *k = fq_make_var(b->a, derived->rel, 1 + i, derived->exprs[1 + i]->type, "?key?");
		fq_expr *args[2];
		fq_type common;

		if (k == NULL)
			return bind_nomem(b);
		args[0] = fq_list_nth(keys_out, i);
		args[1] = &k->e;
		if (!bind_unify(b, &args[0], &args[1], "=", at, &common) ||
			(conds = fq_lappend(b->a, conds, bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2,
													  args, at))) == NULL)
			return conds == NULL && !fq_diags_has_error(b->d) ? bind_nomem(b) : NULL;
	}
	if ((*cx->from = bind_make_join(b, *cx->from, &derived->p, FQ_JOIN_LEFT,
									bind_and_list(b, conds))) == NULL)
		return NULL;
	((fq_plan_join *) *cx->from)->lateral = true;
	result = fq_make_var(b->a, derived->rel, 0, derived->exprs[0]->type, proj->p.out[0].name);
	if (result == NULL)
		return bind_nomem(b);
	value = &result->e;
	/* count over no rows is 0; the outer join gives NULL: put the 0 back. */
	if (FQ_IS(proj->exprs[0], FQ_N_EXPR_VAR) && ((fq_var *) proj->exprs[0])->rel == agg->agg_rel)
	{
		fq_agg_expr *a = agg->aggs[((fq_var *) proj->exprs[0])->col];

		if (a->kind == FQ_AGG_COUNT || a->kind == FQ_AGG_COUNT_STAR)
		{
			fq_value zero;
			fq_const *z;
			fq_expr *args[2];

			memset(&zero, 0, sizeof(zero));
			zero.type = fq_type_make(FQ_T_INT8);
			if ((z = fq_make_const(b->a, &zero)) == NULL)
				return bind_nomem(b);
			args[0] = value;
			args[1] = &z->e;
			value = bind_make_func(b, FQ_F_COALESCE, value->type, 2, args, at);
		}
	}
	else
	{
		/* count inside a larger expression would need the same repair */
		for (int i = 0; i < agg->naggs; i++)
			if (agg->aggs[i]->kind == FQ_AGG_COUNT || agg->aggs[i]->kind == FQ_AGG_COUNT_STAR)
				return unsupported_correlation(b, at, "count() inside an expression of a "
													  "correlated subquery");
	}
	return value;
}

/* (SELECT ...) used as a value. */
fq_expr *
bind_scalar_sublink(binder *b, bind_ctx *cx, fq_raw_sublink *sl)
{
	fq_plan *sub;
	bool correlated = false;

	if (bind_subquery(b, cx->sc, sl->subquery, &sub, &correlated) < 0)
		return NULL;
	if (sub->nout != 1)
		return bind_fail_at(b, sl, FQ_ERR_SYNTAX_ERROR, "subquery must return only one column");
	if (correlated)
		return decorrelate_scalar(b, cx, sub, sl);
	{
		fq_subplan_expr *e = FQ_MAKE_NODE(b->a, fq_subplan_expr, FQ_N_EXPR_SUBPLAN);

		if (e == NULL)
			return bind_nomem(b);
		e->e.type = sub->out[0].type;
		e->e.n.location = sl->n.location;
		if ((e->id = add_initplan(b, sub)) < 0)
			return NULL;
		return &e->e;
	}
}
