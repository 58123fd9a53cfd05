/*
 * setop.c — UNION [ALL], INTERSECT [ALL], EXCEPT [ALL] (and MINUS): inputs
 * paired by position at their common type, untyped literals typed by the
 * other input, INTERSECT and EXCEPT as a tagged Append grouped, their ALL
 * forms as a SetOp node counting each row's copies.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- UNION, INTERSECT, EXCEPT ---- */
static const char *
setop_name(fq_setop_kind op)
{
	switch (op)
	{
		case FQ_SETOP_UNION: return "UNION";
		case FQ_SETOP_INTERSECT: return "INTERSECT";
		case FQ_SETOP_EXCEPT: return "EXCEPT";
	}
	return "?";
}

/* True if output i of p is a NULL literal, as in `SELECT NULL AS x ...
 * UNION ALL SELECT y ...`: it takes the other arm's type. */
static bool
output_is_null_literal(const fq_plan *p, int i)
{
	const fq_plan_col *c = &p->out[i];

	for (;;)
	{
		const fq_plan *child = p->left;
		int k;

		if (FQ_IS(p, FQ_N_PLAN_PROJECT))
		{
			const fq_plan_project *pr = (const fq_plan_project *) p;
			const fq_expr *e;

			if (c->rel != pr->rel || (e = fq_plan_project_expr(pr, c->col)) == NULL)
				return false;
			if (FQ_IS(e, FQ_N_EXPR_CONST))
				return ((const fq_const *) e)->value.isnull;
			if (!FQ_IS(e, FQ_N_EXPR_VAR))
				return false;
			k = fq_plan_find_col(child, ((const fq_var *) e)->rel, ((const fq_var *) e)->col);
		}
		else if (FQ_IS(p, FQ_N_PLAN_SORT) || FQ_IS(p, FQ_N_PLAN_LIMIT) ||
				 FQ_IS(p, FQ_N_PLAN_FILTER))
			k = fq_plan_find_col(child, c->rel, c->col);
		else
			return false;
		if (k < 0)
			return false;
		p = child;
		c = &p->out[k];
	}
}

/*
 * Gives an input's untyped literal column (kept by bind_select) the type
 * of the operation's column, parsing the literal: `'2024-01-01'` meets a
 * DATE as a date.
 */
static bool
resolve_untyped(binder *b, fq_plan *arm, int i, const fq_type *to, const fq_setop_stmt *so)
{
	fq_plan_project *pr = (fq_plan_project *) arm;
	fq_expr *e;

	if (!FQ_IS(arm, FQ_N_PLAN_PROJECT) || arm->nout != pr->nexprs ||
		!FQ_IS(pr->exprs[i], FQ_N_EXPR_CONST))
	{
		fq_raise(b->d, FQ_ERR_INTERNAL_ERROR, bind_pos(b, so),
				 "an untyped %s column is not a literal", setop_name(so->op));
		return false;
	}
	if ((e = bind_coerce(b, pr->exprs[i], to, false, pr->exprs[i])) == NULL)
		return false;
	pr->exprs[i] = e;
	arm->out[i].type = *to;
	return true;
}

/*
 * One arm of a set operation as a Project onto the operation's column
 * types, plus, when tag > 0, a constant column telling the arms apart.
 */
static fq_plan *
setop_arm(binder *b, fq_plan *arm, const fq_plan_col *cols, int n, int tag,
		  const fq_setop_stmt *so)
{
	target_list tl = {0};

	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, arm->out[i].rel, arm->out[i].col, arm->out[i].type,
								arm->out[i].name);
		fq_expr *e;

		if (v == NULL)
			return bind_nomem(b);
		/* A NULL literal arm is varchar until it meets the other arm:
		 * explicitly converted to the other arm's type. */
		e = bind_coerce(b, &v->e, &cols[i].type, !output_is_null_literal(arm, i), so);
		if (e == NULL || !bind_add_target(b, &tl, e, cols[i].name))
			return NULL;
		tl.nullable[i] = arm->out[i].nullable;
	}
	if (tag > 0)
	{
		fq_value val = {.type = fq_type_make(FQ_T_INT4)};
		fq_const *k;

		val.v.i = tag;
		if ((k = fq_make_const(b->a, &val)) == NULL)
			return bind_nomem(b);
		if (!bind_add_target(b, &tl, &k->e, "?tag?"))
			return NULL;
		tl.nullable[n] = FQ_NULLABLE_NO;
	}
	return bind_make_project(b, arm, &tl, tl.n);
}

static fq_agg_expr *
make_tag_agg(binder *b, fq_agg_kind kind, const fq_plan_col *tag)
{
	fq_agg_expr *g = FQ_MAKE_NODE(b->a, fq_agg_expr, FQ_N_EXPR_AGG);
	fq_var *v = fq_make_var(b->a, tag->rel, tag->col, tag->type, tag->name);

	if (g == NULL || v == NULL)
		return bind_nomem(b);
	g->kind = kind;
	g->arg = &v->e;
	g->e.type = tag->type;
	return g;
}

/*
 * INTERSECT and EXCEPT over the tagged UNION ALL of their arms: group by
 * every column, keep the groups whose tags say the row came from both arms
 * (INTERSECT: min(tag) <> max(tag)) or from the left one alone (EXCEPT:
 * max(tag) = 1), then drop the tag.  Grouping treats NULLs as equal, as
 * set operations do.
 */
static fq_plan *
intersect_except(binder *b, fq_plan *append, int n, fq_setop_kind op)
{
	fq_plan_agg *agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, n + 2);
	fq_plan_filter *f;
	fq_expr **args = bind_expr_array(b, 2);
	fq_var *lo;
	fq_var *hi;
	fq_value one = {.type = fq_type_make(FQ_T_INT4)};
	fq_const *k;

	if (agg == NULL || args == NULL)
		return bind_nomem(b);
	agg->p.left = append;
	agg->group_rel = b->next_rel++;
	agg->agg_rel = b->next_rel++;
	agg->ngroups = n;
	agg->naggs = 2;
	agg->groups = bind_expr_array(b, n);
	agg->aggs = FQ_NEW_ARRAY(b->a, fq_agg_expr *, 2);
	if (agg->groups == NULL || agg->aggs == NULL)
		return bind_nomem(b);
	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, append->out[i].rel, append->out[i].col,
								append->out[i].type, append->out[i].name);

		if (v == NULL)
			return bind_nomem(b);
		agg->groups[i] = &v->e;
		agg->p.out[i] = append->out[i];
		agg->p.out[i].rel = agg->group_rel;
		agg->p.out[i].col = i;
	}
	if ((agg->aggs[0] = make_tag_agg(b, FQ_AGG_MIN, &append->out[n])) == NULL ||
		(agg->aggs[1] = make_tag_agg(b, FQ_AGG_MAX, &append->out[n])) == NULL)
		return NULL;
	for (int j = 0; j < 2; j++)
	{
		fq_plan_col *c = &agg->p.out[n + j];

		c->rel = agg->agg_rel;
		c->col = j;
		c->type = append->out[n].type;
		c->name = j == 0 ? "min" : "max";
		c->nullable = FQ_NULLABLE_NO;
		c->base_col = -1;
	}
	lo = fq_make_var(b->a, agg->agg_rel, 0, append->out[n].type, "min");
	hi = fq_make_var(b->a, agg->agg_rel, 1, append->out[n].type, "max");
	one.v.i = 1;
	k = fq_make_const(b->a, &one);
	if (lo == NULL || hi == NULL || k == NULL)
		return bind_nomem(b);
	args[0] = op == FQ_SETOP_INTERSECT ? &lo->e : &hi->e;
	args[1] = op == FQ_SETOP_INTERSECT ? &hi->e : &k->e;
	f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, agg->p.nout);
	if (f == NULL)
		return bind_nomem(b);
	f->p.left = &agg->p;
	memcpy(f->p.out, agg->p.out, sizeof(fq_plan_col) * (size_t) agg->p.nout);
	f->pred = bind_make_func(b, op == FQ_SETOP_INTERSECT ? FQ_F_NE : FQ_F_EQ,
							 fq_type_make(FQ_T_BOOL), 2, args, NULL);
	if (f->pred == NULL)
		return NULL;
	return bind_make_passthrough_project(b, &f->p, n);
}

/* The Append of the arms (their first n columns are the operation's). */
static fq_plan *
append_of(binder *b, fq_plan_append *ap, fq_plan **arms, int narms, const fq_plan_col *cols,
		  int n, const fq_setop_stmt *so)
{
	memcpy(ap->inputs, arms, sizeof(fq_plan *) * (size_t) narms);
	ap->p.n.location = so->n.location;
	ap->rel = b->next_rel++;
	for (int i = 0; i < arms[0]->nout; i++)
	{
		ap->p.out[i] = arms[0]->out[i];
		if (i < n)
			ap->p.out[i].nullable = cols[i].nullable;
		ap->p.out[i].rel = ap->rel;
		ap->p.out[i].col = i;
		ap->p.out[i].base_rte = NULL;
		ap->p.out[i].base_col = -1;
	}
	return &ap->p;
}

/*
 * INTERSECT ALL and EXCEPT ALL: a SetOp over the two arms, which count
 * each row's copies (in fedq, or at the source that runs both arms).
 */
static fq_plan *
counted_setop(binder *b, fq_plan *left, fq_plan *right, const fq_plan_col *cols, int n,
			  const fq_setop_stmt *so)
{
	fq_plan_setop *s = FQ_MAKE_PLAN(b->a, fq_plan_setop, FQ_N_PLAN_SETOP, n);

	if (s == NULL)
		return bind_nomem(b);
	s->p.left = left;
	s->p.right = right;
	s->p.n.location = so->n.location;
	s->rel = b->next_rel++;
	s->op = so->op;
	for (int i = 0; i < n; i++)
	{
		s->p.out[i] = left->out[i];
		/* EXCEPT ALL's rows are the left input's */
		s->p.out[i].nullable = so->op == FQ_SETOP_EXCEPT ? left->out[i].nullable : cols[i].nullable;
		s->p.out[i].rel = s->rel;
		s->p.out[i].col = i;
		s->p.out[i].base_rte = NULL;
		s->p.out[i].base_col = -1;
	}
	return &s->p;
}

/*
 * in0 UNION [ALL] in1 UNION [ALL] in2 ... | in0 INTERSECT | EXCEPT in1
 * [ORDER BY] [LIMIT/OFFSET].  Columns pair up by position and take their
 * common type, found pairwise from the left as for the nested pairs SQL's
 * grammar makes of a chain: input k is converted to the type the chain
 * has after it, then (one more Project) to the final type; names come
 * from the first input.  UNION ALL is one Append over every input, bound
 * in a loop however long the chain; UNION, INTERSECT and EXCEPT group it;
 * INTERSECT ALL and EXCEPT ALL are a SetOp of their two inputs.  ORDER BY names
 * output columns (or their positions), as in PostgreSQL.
 */
int
bind_setop(binder *b, fq_setop_stmt *so, fq_plan **out)
{
	fq_list *saved_ctes = b->ctes;
	int narms = fq_list_len(so->inputs);
	fq_plan **arms;
	fq_plan_col **step;  /* step[k]: the column types after input k (k >= 1) */
	fq_plan *plan;
	fq_plan_col *cols;
	fq_plan_append *ap;
	fq_sort_key *keys = NULL;
	int nkeys = 0;
	int n;
	bool counted = so->op != FQ_SETOP_UNION && so->all;
	bool tagged = so->op != FQ_SETOP_UNION && !so->all;

	if (fq_stack_check(b->d) < 0)
		return FQ_ERROR;
	if (bind_with(b, so->with) < 0)
		return FQ_ERROR;
	if (narms < 2 || (so->op != FQ_SETOP_UNION && narms != 2))
		return fq_raise(b->d, FQ_ERR_INTERNAL_ERROR, bind_pos(b, so), "%s with %d inputs",
						setop_name(so->op), narms);
	arms = FQ_NEW_ARRAY(b->a, fq_plan *, narms);
	step = FQ_NEW_ARRAY(b->a, fq_plan_col *, narms);
	if (arms == NULL || step == NULL)
		return fq_raise_nomem(b->d, b->a);
	for (int k = 0; k < narms; k++)
	{
		b->setop_input = true;
		if (bind_query(b, fq_list_nth(so->inputs, k), &arms[k]) < 0)
			return FQ_ERROR;
	}
	b->setop_input = false;
	n = arms[0]->nout;
	cols = FQ_NEW_ARRAY(b->a, fq_plan_col, n > 0 ? n : 1);
	if (cols == NULL)
		return fq_raise_nomem(b->d, b->a);
	for (int i = 0; i < n; i++)
	{
		cols[i] = arms[0]->out[i];
		cols[i].base_rte = NULL;
		cols[i].base_col = -1;
	}
	for (int k = 1; k < narms; k++)
	{
		fq_plan *l = arms[k - 1]; /* stands for the chain so far */
		fq_plan *r = arms[k];
		const fq_node *at = fq_list_nth(so->inputs, k);
		bool changed = false;

		if (r->nout != n)
			return fq_raise(b->d, FQ_ERR_SYNTAX_ERROR, bind_pos(b, at),
							"each %s query must have the same number of columns",
							setop_name(so->op));
		for (int i = 0; i < n; i++)
		{
			fq_type lt = cols[i].type;
			const fq_type *rt = &r->out[i].type;
			int ln = cols[i].nullable;
			int rn = r->out[i].nullable;
			/* Only the first input can be a NULL or untyped literal: the
			 * chain so far never is. */
			bool l_null = k == 1 && output_is_null_literal(l, i);
			bool r_null = output_is_null_literal(r, i);

			/* Untyped literals take the other input's type, without its
			 * length or (p,s) (PostgreSQL's select_common_typmod: the
			 * inputs' typmods differ), so '' meets CHAR(5) as '' and
			 * '1.234' meets NUMERIC(5,2) as 1.234; text if both are
			 * untyped. */
			if (lt.id == FQ_T_UNKNOWN || rt->id == FQ_T_UNKNOWN)
			{
				fq_type to = lt.id != FQ_T_UNKNOWN ? fq_type_unbounded(&lt)
					: rt->id != FQ_T_UNKNOWN ? fq_type_unbounded(rt) : fq_type_varchar(-1);

				if ((lt.id == FQ_T_UNKNOWN && !resolve_untyped(b, l, i, &to, so)) ||
					(rt->id == FQ_T_UNKNOWN && !resolve_untyped(b, r, i, &to, so)))
					return FQ_ERROR;
				if (lt.id == FQ_T_UNKNOWN)
					lt = to;
			}
			cols[i].nullable = ln == FQ_NULLABLE_NO && rn == FQ_NULLABLE_NO ? FQ_NULLABLE_NO
				: ln == FQ_NULLABLE_YES || rn == FQ_NULLABLE_YES ? FQ_NULLABLE_YES
				: FQ_NULLABLE_UNKNOWN;
			if (fq_type_equal(&lt, rt))
				cols[i].type = lt;
			else if (l_null && !r_null)
				cols[i].type = *rt;
			else if (r_null && !l_null)
				cols[i].type = lt;
			else if (!fq_common_type(&lt, rt, &cols[i].type))
			{
				bind_no_common_type(b, at, setop_name(so->op), &lt, rt);
				return FQ_ERROR;
			}
			changed = changed || k == 1 || !fq_type_equal(&cols[i].type, &step[k - 1][i].type);
		}
		/* Types change seldom along a chain: share the unchanged ones. */
		if (!changed)
			step[k] = step[k - 1];
		else if ((step[k] = fq_arena_memdup(b->a, cols,
											sizeof(fq_plan_col) * (size_t) (n > 0 ? n : 1))) == NULL)
			return fq_raise_nomem(b->d, b->a);
	}
	step[0] = step[1];
	for (int k = 0; k < narms; k++)
	{
		if ((arms[k] = setop_arm(b, arms[k], step[k], n, tagged ? k + 1 : 0, so)) == NULL)
			return FQ_ERROR;
		if (step[k] != step[narms - 1] &&
			(arms[k] = setop_arm(b, arms[k], cols, n, 0, so)) == NULL)
			return FQ_ERROR;
	}
	if (counted)
		plan = counted_setop(b, arms[0], arms[1], cols, n, so);
	else if ((ap = fq_plan_new_append(b->a, arms[0]->nout, narms)) == NULL)
		return fq_raise_nomem(b->d, b->a);
	else
		plan = append_of(b, ap, arms, narms, cols, n, so);
	if (plan == NULL)
		return FQ_ERROR;
	if (so->op == FQ_SETOP_UNION && !so->all)
		plan = bind_make_distinct(b, plan);
	else if (tagged)
		plan = intersect_except(b, plan, n, so->op);
	if (plan == NULL)
		return FQ_ERROR;


	/* ORDER BY: output names or positions only. */
	if (so->order_by != NULL)
	{
		target_list tl = {0};
		fq_raw_sort_by *sb;

		for (int i = 0; i < plan->nout; i++)
		{
			fq_var *v = fq_make_var(b->a, plan->out[i].rel, plan->out[i].col, plan->out[i].type,
									plan->out[i].name);

			if (v == NULL || !bind_add_target(b, &tl, &v->e, plan->out[i].name))
				return v == NULL ? fq_raise_nomem(b->d, b->a) : FQ_ERROR;
		}
		tl.visible = tl.n;
		keys = FQ_NEW_ARRAY(b->a, fq_sort_key, fq_list_len(so->order_by));
		if (keys == NULL)
			return fq_raise_nomem(b->d, b->a);
		FQ_LIST_FOREACH(sb, so->order_by)
		{
			bool failed;
			int k = bind_match_sort_target(b, &tl, sb, &failed);

			if (failed)
				return FQ_ERROR;
			if (k < 0)
			{
				fq_raise(b->d, FQ_ERR_FEATURE_NOT_SUPPORTED, bind_pos(b, sb),
						 "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
				fq_diag_detail(b->d, "Only result column names can be used, not expressions "
									 "or functions.");
				fq_diag_hint(b->d, "Add the expression to each select list, or wrap the set "
								   "operation in a subquery in FROM.");
				return FQ_ERROR;
			}
			keys[nkeys].desc = sb->desc;
			keys[nkeys].nulls_first = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc
				: sb->nulls == FQ_NULLS_FIRST;
			keys[nkeys].expr = (fq_expr *) (intptr_t) k;
			nkeys++;
		}
	}
	if ((plan = bind_make_sort_limit(b, plan, keys, nkeys, so->limit, so->offset)) == NULL)
		return FQ_ERROR;
	b->ctes = saved_ctes;
	*out = plan;
	return FQ_OK;
}

/* ---- WITH RECURSIVE ---- */

typedef struct name_use
{
	const char *name;
	bool found;
} name_use;

static bool
reads_name_walker(fq_node *n, void *arg)
{
	name_use *u = arg;

	if (fq_stack_too_deep())
		return true; /* (the binder then fails with 54001 on its own) */
	if (FQ_IS(n, FQ_N_RAW_RANGE_VAR))
	{
		const fq_raw_range_var *rv = (const fq_raw_range_var *) n;

		if (rv->schema == NULL && rv->catalog == NULL && bind_name_eq(rv->name, u->name))
			return u->found = true;
	}
	return fq_raw_walk_children(n, reads_name_walker, arg);
}

/* Whether raw query q reads a table called `name` (no schema). */
static bool
reads_name(fq_node *q, const char *name)
{
	name_use u = {name, false};

	if (q != NULL && !fq_stack_too_deep())
		reads_name_walker(q, &u);
	return u.found;
}

bool
bind_cte_is_recursive(const fq_raw_cte *cte)
{
	return cte->recursive && reads_name(cte->query, cte->name);
}

static bool
plan_has_worktable(const fq_plan *p, int id)
{
	if (p == NULL || fq_stack_too_deep())
		return false;
	if (FQ_IS(p, FQ_N_PLAN_WORKTABLE))
		return id < 0 || ((const fq_plan_worktable *) p)->id == id;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (plan_has_worktable(*fq_plan_input((fq_plan *) p, i), id))
			return true;
	return false;
}

/*
 * An outer join of a recursive term cannot read its recursive reference
 * on a side that gets NULLs (42P19, as PostgreSQL).
 */
bool
bind_check_outer_join_recursion(binder *b, const fq_plan *left, const fq_plan *right,
								fq_join_type type, const void *at)
{
	const bind_worktable *wt;

	if (fq_list_len(b->worktables) == 0)
		return true;
	if (((type == FQ_JOIN_LEFT || type == FQ_JOIN_FULL) && plan_has_worktable(right, -1)) ||
		((type == FQ_JOIN_RIGHT || type == FQ_JOIN_FULL) && plan_has_worktable(left, -1)))
	{
		wt = fq_list_nth(b->worktables, fq_list_len(b->worktables) - 1);
		bind_fail_at(b, at, FQ_ERR_INVALID_RECURSION,
					 "recursive reference to query \"%s\" must not appear within an outer join",
					 wt->name);
		return false;
	}
	return true;
}

/*
 * A reference to the recursive CTE being bound, from its recursive term:
 * a WorkTable scan of the previous step's rows.  NULL with nothing raised
 * when `name` is not such a CTE.
 */
fq_plan *
bind_worktable_ref(binder *b, const char *name, const void *at, bool *failed)
{
	bind_worktable *wt = NULL;
	fq_plan_worktable *w;

	*failed = false;
	for (int i = fq_list_len(b->worktables) - 1; i >= 0 && wt == NULL; i--)
	{
		bind_worktable *c = fq_list_nth(b->worktables, i);

		if (bind_name_eq(c->name, name))
			wt = c;
	}
	if (wt == NULL)
		return NULL;
	*failed = true;
	if (b->nouter != wt->depth)
		return bind_fail_at(b, at, FQ_ERR_INVALID_RECURSION,
							"recursive reference to query \"%s\" must not appear within a subquery",
							wt->name);
	if (++wt->refs > 1)
		return bind_fail_at(b, at, FQ_ERR_INVALID_RECURSION,
							"recursive reference to query \"%s\" must not appear more than once",
							wt->name);
	if ((w = FQ_MAKE_PLAN(b->a, fq_plan_worktable, FQ_N_PLAN_WORKTABLE, wt->ncols)) == NULL)
		return bind_nomem(b);
	w->rel = b->next_rel++;
	w->id = wt->id;
	w->name = wt->name;
	w->p.n.location = ((const fq_node *) at)->location;
	for (int i = 0; i < wt->ncols; i++)
	{
		w->p.out[i] = wt->cols[i];
		w->p.out[i].rel = w->rel;
		w->p.out[i].col = i;
		w->p.out[i].nullable = FQ_NULLABLE_UNKNOWN;
		w->p.out[i].base_rte = NULL;
		w->p.out[i].base_col = -1;
	}
	*failed = false;
	return &w->p;
}

/* Whether an Aggregate of the recursive term reads the recursive reference. */
static bool
aggregates_worktable(const fq_plan *p, int id)
{
	if (p == NULL || fq_stack_too_deep())
		return false;
	/* (GROUP BY and DISTINCT alone are allowed: an Aggregate of no
	 * aggregates) */
	if (FQ_IS(p, FQ_N_PLAN_AGG) && ((const fq_plan_agg *) p)->naggs > 0 &&
		plan_has_worktable(p->left, id))
		return true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (aggregates_worktable(*fq_plan_input((fq_plan *) p, i), id))
			return true;
	return false;
}

/*
 * A recursive CTE, as PostgreSQL forms it: non-recursive-term UNION [ALL]
 * recursive-term (the last input of the chain; the inputs before it are
 * the non-recursive term).  The non-recursive term's columns fix the
 * CTE's types: the recursive term is converted to them, 42804 when their
 * common type is another.  Its recursive reference may appear once, not in
 * a subquery, an outer join's nullable side or under an aggregate (42P19).
 */
int
bind_recursive_cte(binder *b, const fq_raw_cte *cte, fq_plan **out)
{
	fq_setop_stmt *so = (fq_setop_stmt *) cte->query;
	fq_list *saved_ctes = b->ctes;
	fq_raw_cte *inner;
	fq_node *nonrec_raw;
	fq_node *rec_raw;
	fq_plan *left;
	fq_plan *right;
	fq_plan_col *cols;
	fq_plan_recursive *ru;
	bind_worktable *wt;
	int narms;
	int n;
	int rc;

	if (!FQ_IS(cte->query, FQ_N_STMT_SETOP) || so->op != FQ_SETOP_UNION)
		return fq_raise(b->d, FQ_ERR_INVALID_RECURSION, bind_pos(b, cte),
						"recursive query \"%s\" does not have the form non-recursive-term "
						"UNION [ALL] recursive-term", cte->name);
	if (so->order_by != NULL || so->limit != NULL || so->offset != NULL)
		return fq_raise(b->d, FQ_ERR_FEATURE_NOT_SUPPORTED, bind_pos(b, cte),
						"%s in a recursive query is not implemented",
						so->order_by != NULL ? "ORDER BY" : so->limit != NULL ? "LIMIT" : "OFFSET");
	narms = fq_list_len(so->inputs);
	rec_raw = fq_list_nth(so->inputs, narms - 1);
	if (narms == 2)
		nonrec_raw = fq_list_nth(so->inputs, 0);
	else
	{
		fq_setop_stmt *first = fq_arena_memdup(b->a, so, sizeof(*so));

		if (first == NULL)
			return fq_raise_nomem(b->d, b->a);
		first->with = NULL;
		first->inputs = NULL;
		for (int i = 0; i < narms - 1; i++)
			if ((first->inputs = fq_lappend(b->a, first->inputs, fq_list_nth(so->inputs, i))) == NULL)
				return fq_raise_nomem(b->d, b->a);
		nonrec_raw = &first->n;
	}
	if (reads_name(nonrec_raw, cte->name))
		return fq_raise(b->d, FQ_ERR_INVALID_RECURSION, bind_pos(b, cte),
						"recursive reference to query \"%s\" must not appear within its "
						"non-recursive term", cte->name);
	FQ_LIST_FOREACH(inner, so->with)
		if ((b->ctes = fq_lappend(b->a, b->ctes, inner)) == NULL)
			return fq_raise_nomem(b->d, b->a);

	/* the non-recursive term: the CTE's columns */
	b->depth++;
	rc = bind_query(b, nonrec_raw, &left);
	if (rc < 0)
	{
		b->depth--;
		return FQ_ERROR;
	}
	n = left->nout;
	if (fq_list_len(cte->col_names) > n)
	{
		b->depth--;
		return fq_raise(b->d, FQ_ERR_INVALID_COLUMN_REFERENCE, bind_pos(b, cte),
						"WITH query \"%s\" has %d columns available but %d columns specified",
						cte->name, n, fq_list_len(cte->col_names));
	}
	cols = FQ_NEW_ARRAY(b->a, fq_plan_col, n > 0 ? n : 1);
	wt = FQ_NEW(b->a, bind_worktable);
	if (cols == NULL || wt == NULL)
	{
		b->depth--;
		return fq_raise_nomem(b->d, b->a);
	}
	for (int i = 0; i < n; i++)
	{
		cols[i] = left->out[i];
		if (i < fq_list_len(cte->col_names))
			cols[i].name = fq_list_nth(cte->col_names, i);
		cols[i].base_rte = NULL;
		cols[i].base_col = -1;
		cols[i].nullable = FQ_NULLABLE_UNKNOWN;
	}
	wt->name = cte->name;
	wt->id = b->st->nworktables++;
	wt->depth = b->nouter;
	wt->ncols = n;
	wt->cols = cols;

	/* the recursive term, its reference a WorkTable scan */
	if ((b->worktables = fq_lappend(b->a, b->worktables, wt)) == NULL)
	{
		b->depth--;
		return fq_raise_nomem(b->d, b->a);
	}
	b->setop_input = true;
	rc = bind_query(b, rec_raw, &right);
	b->setop_input = false;
	b->worktables->n--;
	b->depth--;
	b->ctes = saved_ctes;
	if (rc < 0)
		return FQ_ERROR;
	if (aggregates_worktable(right, wt->id))
		return fq_raise(b->d, FQ_ERR_INVALID_RECURSION, bind_pos(b, rec_raw),
						"aggregate functions are not allowed in a recursive query's recursive "
						"term");
	if (right->nout != n)
		return fq_raise(b->d, FQ_ERR_SYNTAX_ERROR, bind_pos(b, rec_raw),
						"each UNION query must have the same number of columns");
	for (int i = 0; i < n; i++)
	{
		const fq_type *lt = &cols[i].type;
		fq_type common;

		if (right->out[i].type.id == FQ_T_UNKNOWN)
		{
			if (!resolve_untyped(b, right, i, lt, so))
				return FQ_ERROR;
			continue;
		}
		if (fq_type_equal(lt, &right->out[i].type))
			continue;
		if (!fq_common_type(lt, &right->out[i].type, &common))
		{
			bind_no_common_type(b, rec_raw, "UNION", lt, &right->out[i].type);
			return FQ_ERROR;
		}
		if (!fq_type_equal(lt, &common))
		{
			fq_raise(b->d, FQ_ERR_DATATYPE_MISMATCH, bind_pos(b, rec_raw),
					 "recursive query \"%s\" column %d has type %s in non-recursive term but "
					 "type %s overall", cte->name, i + 1, bind_type_text(b, lt),
					 bind_type_text(b, &common));
			fq_diag_hint(b->d, "Cast the output of the non-recursive term to the correct type.");
			return FQ_ERROR;
		}
	}
	if ((left = setop_arm(b, left, cols, n, 0, so)) == NULL ||
		(right = setop_arm(b, right, cols, n, 0, so)) == NULL)
		return FQ_ERROR;
	if ((ru = FQ_MAKE_PLAN(b->a, fq_plan_recursive, FQ_N_PLAN_RECURSIVE, n)) == NULL)
		return fq_raise_nomem(b->d, b->a);
	ru->rel = b->next_rel++;
	ru->id = wt->id;
	ru->all = so->all;
	ru->name = cte->name;
	ru->p.n.location = cte->n.location;
	ru->p.left = left;
	ru->p.right = right;
	for (int i = 0; i < n; i++)
	{
		ru->p.out[i] = cols[i];
		ru->p.out[i].rel = ru->rel;
		ru->p.out[i].col = i;
	}
	*out = &ru->p;
	return FQ_OK;
}
