/*
 * rewrite.c — moves filter conditions as close to the tables as they can
 * go, before pushdown decides what each source runs.
 *
 * A WHERE conjunct above a join goes:
 *   - into the input it reads alone, when that input's rows are not
 *     NULL-extended by the join (either input of an inner or cross join,
 *     the left of a LEFT join, the right of a RIGHT join);
 *   - into the join condition when it reads both inputs of an inner or
 *     cross join (a cross join with one becomes an inner join, so
 *     `FROM a, b WHERE a.x = b.y` is a hash join);
 *   - nowhere otherwise (it stays above the join).
 * A join condition conjunct that reads only the input whose rows the join
 * may drop (either input of an inner join, the right of a LEFT join, the
 * left of a RIGHT join, the subquery side of EXISTS/IN) moves into that
 * input.  SEMI and ANTI joins (EXISTS, IN and their negations) pass the
 * left input's rows through, so WHERE conditions on it go below them.
 *
 * An OR that reads both inputs also leaves, in each input it may go to,
 * the weaker OR it implies there (implied_or).
 *
 * A Filter also goes below a Project (its columns replaced by their
 * expressions), into every input of a UNION ALL, and below an Aggregate
 * for the conjuncts that read only grouping columns: conditions written
 * on a subquery in FROM reach the tables inside it.
 *
 * Once a table's conditions sit right on it, pushdown sends them to its
 * source with the table, however the join itself runs.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/exec.h"
#include "func/func.h"
#include "sql/ast.h"
#include "types/types.h"

#include <string.h>

typedef struct rw
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	bool failed;
} rw;

static bool
push(rw *r, fq_list **l, fq_expr *e)
{
	if ((*l = fq_lappend(r->a, *l, e)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return false;
	}
	return true;
}

static bool
conjuncts(rw *r, fq_expr *e, fq_list **out)
{
	if (!fq_expr_conjuncts(r->a, e, out))
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return false;
	}
	return true;
}

/* AND of a list (NULL for an empty one). */
static fq_expr *
and_of(rw *r, fq_list *l)
{
	fq_expr *e = fq_make_and(r->a, l);

	if (e == NULL && fq_list_len(l) > 0)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
	}
	return e;
}

/* Puts `conds` on top of p (merging into a Filter already there). */
static fq_plan *
add_filter(rw *r, fq_plan *p, fq_list *conds)
{
	fq_plan_filter *f;

	if (fq_list_len(conds) == 0)
		return p;
	if (FQ_IS(p, FQ_N_PLAN_FILTER))
	{
		/* The Filter's own conditions first: they may guard the new ones
		 * (`b <> 0` before `a / b > 1`), and AND skips the rows they drop. */
		fq_list *all = NULL;
		fq_expr *c;

		f = (fq_plan_filter *) p;
		if (!conjuncts(r, f->pred, &all))
			return NULL;
		FQ_LIST_FOREACH(c, conds)
			if (!push(r, &all, c))
				return NULL;
		f->pred = and_of(r, all);
		return r->failed ? NULL : p;
	}
	f = FQ_MAKE_PLAN(r->a, fq_plan_filter, FQ_N_PLAN_FILTER, p->nout);
	if (f == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	f->p.left = p;
	memcpy(f->p.out, p->out, sizeof(fq_plan_col) * (size_t) p->nout);
	f->pred = and_of(r, conds);
	return r->failed ? NULL : &f->p;
}

static fq_plan *rewrite(rw *r, fq_plan *p);
static fq_plan *fold_join(rw *r, fq_plan_join *j);

/*
 * From an OR that reads both sides, the weaker condition on one side it
 * implies: each arm's conjuncts that read only that side, ORed; NULL when
 * some arm has none.  `(n1.name = 'FRANCE' AND n2.name = 'GERMANY') OR
 * (n1.name = 'GERMANY' AND n2.name = 'FRANCE')` gives `n1.name = 'FRANCE'
 * OR n1.name = 'GERMANY'` for n1: a row the OR keeps passes it, so it can
 * go down to the table (and its source) while the OR stays where it was.
 */
static fq_expr *
implied_or(rw *r, fq_expr *c, const fq_plan *side)
{
	fq_bool_expr *or;
	fq_bool_expr *out;

	if (!FQ_IS(c, FQ_N_EXPR_BOOL) || ((fq_bool_expr *) c)->kind != FQ_BOOL_OR)
		return NULL;
	or = (fq_bool_expr *) c;
	out = FQ_MAKE_NODE(r->a, fq_bool_expr, FQ_N_EXPR_BOOL);
	if (out == NULL || (out->args = FQ_NEW_ARRAY(r->a, fq_expr *, or->nargs)) == NULL)
		goto nomem;
	out->e.type = c->type;
	out->kind = FQ_BOOL_OR;
	out->nargs = or->nargs;
	for (int i = 0; i < or->nargs; i++)
	{
		fq_list *arm = NULL;
		fq_list *mine = NULL;
		fq_expr *x;

		if (!conjuncts(r, or->args[i], &arm))
			return NULL;
		FQ_LIST_FOREACH(x, arm)
		{
			fq_expr *copy;

			/* not a source's own function: it would run twice */
			if (!fq_plan_provides(side, x) || fq_expr_calls_source(x, NULL))
				continue;
			if ((copy = fq_expr_copy(r->a, x)) == NULL)
				goto nomem;
			if (!push(r, &mine, copy))
				return NULL;
		}
		if (fq_list_len(mine) == 0)
			return NULL;
		if ((out->args[i] = and_of(r, mine)) == NULL)
			return NULL;
	}
	return &out->e;

nomem:
	fq_raise_nomem(r->d, r->a);
	r->failed = true;
	return NULL;
}

/* Adds the OR-implied condition of c on `side` (if any) to *to. */
static void
push_implied(rw *r, fq_list **to, fq_expr *c, const fq_plan *side)
{
	fq_expr *e = implied_or(r, c, side);

	if (e != NULL)
		push(r, to, e);
}

/* ---- Equalities to a constant carried across a join ---- */

/* Whether e compares two expressions of one type with = (args out). */
static bool
is_equality(const fq_expr *e, fq_expr **a, fq_expr **b)
{
	const fq_func_expr *f = (const fq_func_expr *) e;

	if (!FQ_IS(e, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ || f->nargs != 2 ||
		f->args[0]->type.id != f->args[1]->type.id)
		return false;
	*a = f->args[0];
	*b = f->args[1];
	return true;
}

/* A value the same for every row: a constant or a parameter, nothing
 * volatile, no subquery. */
static bool
is_fixed(fq_expr *e)
{
	return fq_expr_is_constant(e) && !fq_expr_is_volatile(e) && !fq_expr_has_sublink(e);
}

/*
 * The constant every row of p has for e (an expression over p's
 * outputs), from `e = k` conditions on the way down, or NULL: through
 * filters, inner joins, the preserved side of outer, semi and anti
 * joins, projections and grouping columns, sorts and limits.  *eq gets
 * the equality it came from.
 */
static fq_expr *
fixed_value(const fq_plan *p, const fq_expr *e, const fq_expr **eq)
{
	for (;;)
	{
		const fq_expr *c;
		const fq_var *v = (const fq_var *) e;

		if (fq_stack_too_deep())
			return NULL;
		switch (FQ_TAG(p))
		{
			case FQ_N_PLAN_FILTER:
				{
					const fq_expr *pred = ((const fq_plan_filter *) p)->pred;
					const fq_bool_expr *b = (const fq_bool_expr *) pred;
					int n = 1;
					const fq_expr *const *conj = &pred;

					if (FQ_IS(pred, FQ_N_EXPR_BOOL) && b->kind == FQ_BOOL_AND)
					{
						conj = (const fq_expr *const *) b->args;
						n = b->nargs;
					}
					for (int i = 0; i < n; i++)
					{
						fq_expr *x;
						fq_expr *y;

						c = conj[i];
						if (!is_equality(c, &x, &y))
							continue;
						if (fq_expr_equal(x, e) && is_fixed(y))
							return *eq = c, y;
						if (fq_expr_equal(y, e) && is_fixed(x))
							return *eq = c, x;
					}
					p = p->left;
					continue;
				}
			case FQ_N_PLAN_JOIN:
				{
					int type = ((const fq_plan_join *) p)->type;
					bool l = fq_plan_provides(p->left, e);

					if (l && type != FQ_JOIN_RIGHT && type != FQ_JOIN_FULL)
						p = p->left;
					else if (!l && fq_plan_provides(p->right, e) &&
							 (type == FQ_JOIN_INNER || type == FQ_JOIN_CROSS ||
							  type == FQ_JOIN_RIGHT))
						p = p->right;
					else
						return NULL;
					continue;
				}
			case FQ_N_PLAN_PROJECT:
				if (!FQ_IS(e, FQ_N_EXPR_VAR) || v->rel != ((const fq_plan_project *) p)->rel ||
					(e = fq_plan_project_expr((const fq_plan_project *) p, v->col)) == NULL)
					return NULL;
				p = p->left;
				continue;
			case FQ_N_PLAN_AGG:
				{
					const fq_plan_agg *g = (const fq_plan_agg *) p;

					/* grouping sets NULL the columns a set leaves out */
					if (!FQ_IS(e, FQ_N_EXPR_VAR) || v->rel != g->group_rel || g->nsets > 0 ||
						v->col < 0 || v->col >= g->ngroups)
						return NULL;
					e = g->groups[v->col];
					p = p->left;
					continue;
				}
			case FQ_N_PLAN_WINDOW:
				if (fq_expr_refers_to((fq_expr *) e, ((const fq_plan_window *) p)->rel))
					return NULL;
				p = p->left;
				continue;
			case FQ_N_PLAN_SORT:
			case FQ_N_PLAN_LIMIT:
			case FQ_N_PLAN_UNIQUE:
				p = p->left;
				continue;
			default:
				return NULL;
		}
	}
}

/*
 * `x = k` on one input of a join whose condition has `x = y` means the
 * other input's rows can match only where `y = k`: that condition goes
 * to the other input too (PostgreSQL's equivalence classes), so that
 * `WHERE ss.year = 2000` over `ss LEFT JOIN ws ON ws.year = ss.year`
 * reaches the tables under ws (TPC-DS q78).  It is carried into an input
 * only where dropping its rows that fail it cannot change the join's
 * result: either input of an inner or semi join, the NULL-extended side
 * of an outer join, the subquery side of NOT EXISTS (not of NOT IN, where
 * a NULL y counts).  Equality of one type is transitive in PostgreSQL's
 * sense (a btree equality: NaN equals NaN, 'a ' equals 'a' for CHAR),
 * so the rows kept are exactly those that could match.
 */
static bool
carry_equalities(rw *r, fq_plan_join *j, fq_list *cond, fq_list **to_left, fq_list **to_right)
{
	int type = j->type;
	bool into_right = type == FQ_JOIN_INNER || type == FQ_JOIN_CROSS || type == FQ_JOIN_LEFT ||
		type == FQ_JOIN_SEMI || (type == FQ_JOIN_ANTI && !j->null_aware);
	bool into_left = type == FQ_JOIN_INNER || type == FQ_JOIN_CROSS || type == FQ_JOIN_RIGHT ||
		type == FQ_JOIN_SEMI;
	fq_expr *c;

	FQ_LIST_FOREACH(c, cond)
	{
		fq_expr *x;
		fq_expr *y;
		const fq_expr *eq;
		const fq_expr *there;
		fq_expr *k;

		if (!is_equality(c, &x, &y) || fq_expr_is_volatile(c))
			continue;
		if (!fq_plan_provides(j->p.left, x))
		{
			fq_expr *t = x;

			x = y;
			y = t;
		}
		if (!fq_plan_provides(j->p.left, x) || !fq_plan_provides(j->p.right, y))
			continue;
		for (int side = 0; side < 2; side++)
		{
			const fq_plan *from = side == 0 ? j->p.left : j->p.right;
			const fq_plan *to = side == 0 ? j->p.right : j->p.left;
			fq_expr *known = side == 0 ? x : y;
			fq_expr *other = side == 0 ? y : x;
			fq_expr *args[2];
			fq_func_expr *carried;

			if (!(side == 0 ? into_right : into_left) || fixed_value(to, other, &there) != NULL)
				continue;
			if ((k = fixed_value(from, known, &eq)) == NULL)
			{
				/* `o.id::bigint = s.id` with `o.id = 5`: s.id = 5::bigint
				 * (a widening of an exact number keeps values apart) */
				const fq_expr *narrow = fq_expr_strip_widening(known);
				fq_cast_expr *cast;

				if (narrow == known || narrow->type.id == FQ_T_DATE ||
					(k = fixed_value(from, narrow, &eq)) == NULL)
					continue;
				if ((cast = fq_make_cast(r->a, k, known->type)) == NULL)
				{
					fq_raise_nomem(r->d, r->a);
					r->failed = true;
					return false;
				}
				k = &cast->e;
			}
			args[0] = other;
			args[1] = k;
			if ((carried = fq_make_func(r->a, FQ_F_EQ, eq->type, 2, args)) == NULL)
			{
				fq_raise_nomem(r->d, r->a);
				r->failed = true;
				return false;
			}
			if (!push(r, side == 0 ? to_right : to_left, &carried->e))
				return false;
		}
	}
	return true;
}

/* Distributes `conds` (from a Filter above, or the join's own) over j. */
static fq_plan *
distribute(rw *r, fq_plan_join *j, fq_list *above, fq_list **stay)
{
	fq_list *own = NULL;
	fq_list *to_left = NULL;
	fq_list *to_right = NULL;
	fq_list *keep_cond = NULL;
	bool inner = j->type == FQ_JOIN_INNER || j->type == FQ_JOIN_CROSS;
	/* SEMI and ANTI joins pass left rows through unchanged (or not at all). */
	bool keeps_left = inner || j->type == FQ_JOIN_LEFT || j->type == FQ_JOIN_SEMI ||
		j->type == FQ_JOIN_ANTI;
	fq_expr *c;

	/* Conditions from above: WHERE semantics. */
	FQ_LIST_FOREACH(c, above)
	{
		bool l = fq_plan_provides(j->p.left, c);
		bool rt = fq_plan_provides(j->p.right, c);

		if (l && keeps_left)
			push(r, &to_left, c);
		else if (rt && (inner || j->type == FQ_JOIN_RIGHT))
			push(r, &to_right, c);
		else
		{
			if (inner && !l && !rt && fq_expr_refers_to(c, -1))
				push(r, &keep_cond, c);
			else
				push(r, stay, c);
			if (keeps_left)
				push_implied(r, &to_left, c, j->p.left);
			if (inner || j->type == FQ_JOIN_RIGHT)
				push_implied(r, &to_right, c, j->p.right);
		}
	}
	/* The join's own condition: ON semantics. */
	if (!conjuncts(r, j->cond, &own))
		return NULL;
	FQ_LIST_FOREACH(c, own)
	{
		bool l = fq_plan_provides(j->p.left, c);
		bool rt = fq_plan_provides(j->p.right, c);

		/* A NOT IN / NOT EXISTS condition on the outer row alone decides
		 * which rows have no match: it stays in the join.  The subquery's
		 * own conditions always go into its side. */
		bool left_ok = inner || j->type == FQ_JOIN_RIGHT || j->type == FQ_JOIN_SEMI;
		bool right_ok = inner || j->type == FQ_JOIN_LEFT || j->type == FQ_JOIN_SEMI ||
			(j->type == FQ_JOIN_ANTI && !j->null_aware);

		if (l && left_ok)
			push(r, &to_left, c);
		else if (rt && right_ok)
			push(r, &to_right, c);
		else
		{
			push(r, &keep_cond, c);
			if (left_ok)
				push_implied(r, &to_left, c, j->p.left);
			if (right_ok)
				push_implied(r, &to_right, c, j->p.right);
		}
	}
	if (r->failed)
		return NULL;
	j->cond = and_of(r, keep_cond);
	if (j->cond != NULL && j->type == FQ_JOIN_CROSS)
		j->type = FQ_JOIN_INNER;
	/* what came down may have made it false (ON false AND x = y) */
	if (fold_join(r, j) == NULL)
		return NULL;
	if ((j->p.left = add_filter(r, j->p.left, to_left)) == NULL ||
		(j->p.right = add_filter(r, j->p.right, to_right)) == NULL)
		return NULL;
	/* the inputs' conditions in place, equalities to a constant cross */
	to_left = to_right = NULL;
	if (!carry_equalities(r, j, keep_cond, &to_left, &to_right) ||
		(j->p.left = add_filter(r, j->p.left, to_left)) == NULL ||
		(j->p.right = add_filter(r, j->p.right, to_right)) == NULL)
		return NULL;
	if ((j->p.left = rewrite(r, j->p.left)) == NULL || (j->p.right = rewrite(r, j->p.right)) == NULL)
		return NULL;
	return &j->p;
}

/* ---- Through projections, unions and groupings ---- */

/*
 * Replaces the columns of relation `rel` by the expressions computing
 * them: with `over`, exprs[k] computes over->out[k]; without, exprs[col]
 * computes column col (n of them).
 */
typedef struct subst_ctx
{
	rw *r;
	int rel;
	const fq_plan *over;
	fq_expr *const *exprs;
	int n;
	bool missing;
} subst_ctx;

static fq_expr *
subst_mutator(fq_expr *e, void *arg)
{
	subst_ctx *c = arg;
	const fq_var *v = (const fq_var *) e;
	fq_expr *to;
	int k;

	if (!FQ_IS(e, FQ_N_EXPR_VAR) || v->rel != c->rel)
		return e;
	k = c->over != NULL ? fq_plan_find_col(c->over, v->rel, v->col) : v->col;
	if (k < 0 || k >= c->n)
	{
		c->missing = true;
		return e;
	}
	if ((to = fq_expr_copy(c->r->a, c->exprs[k])) == NULL)
		c->r->failed = true;
	return to;
}

/* e with the columns replaced; NULL if it reads one that has no
 * expression (r->failed tells an allocation failure apart). */
static fq_expr *
substitute(rw *r, fq_expr *e, int rel, const fq_plan *over, fq_expr *const *exprs, int n)
{
	subst_ctx c = {r, rel, over, exprs, n, false};
	fq_expr *out = fq_expr_mutate(r->a, e, subst_mutator, &c);

	if (out == NULL || r->failed)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	return c.missing ? NULL : out;
}

typedef struct only_rel_ctx
{
	int rel;
	bool other;
	bool any;
} only_rel_ctx;

static bool
only_rel_walker(fq_expr *e, void *arg)
{
	only_rel_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		c->any = true;
		if (((fq_var *) e)->rel != c->rel)
			c->other = true;
		return false;
	}
	/* An aggregate's or a window's value is not a grouping column. */
	if (FQ_IS(e, FQ_N_EXPR_AGG) || FQ_IS(e, FQ_N_EXPR_SUBPLAN) || FQ_IS(e, FQ_N_EXPR_WINDOW))
	{
		c->other = true;
		return true;
	}
	return fq_expr_walk_children(e, only_rel_walker, arg);
}

/* True if e reads columns, all of them of relation rel. */
static bool
reads_only_rel(fq_expr *e, int rel)
{
	only_rel_ctx c = {rel, false, false};

	only_rel_walker(e, &c);
	return c.any && !c.other;
}

/*
 * Conjuncts that call a source's own function stay above a projection,
 * union or grouping, and so do those that would call one once the columns
 * they read are replaced by their expressions: below, they could run for
 * rows they did not run for, or twice (PostgreSQL keeps a possibly
 * volatile condition out of a subquery too).
 */
static bool
stays_above(const fq_expr *c)
{
	return fq_expr_calls_source(c, NULL);
}

/*
 * The conjuncts of Filter f over `below` split: `down` goes onto below's
 * input, `stay` stays in f (which goes when nothing stays).
 */
static fq_plan *
split_below(rw *r, fq_plan_filter *f, fq_plan *below, fq_list *down, fq_list *stay)
{
	if (r->failed)
		return NULL;
	if (down == NULL)
		return &f->p;
	if ((below->left = add_filter(r, below->left, down)) == NULL)
		return NULL;
	if (stay == NULL)
		return below;
	f->pred = and_of(r, stay);
	return r->failed ? NULL : &f->p;
}

/*
 * A Filter over a Project (a derived table's or a view's select list)
 * goes below it, its columns replaced by the expressions they name, so a
 * condition on a derived table reaches the joins and tables inside.
 */
static fq_plan *
below_project(rw *r, fq_plan_filter *f)
{
	fq_plan_project *pr = (fq_plan_project *) f->p.left;
	fq_list *all = NULL;
	fq_list *down = NULL;
	fq_list *stay = NULL;
	fq_expr *c;

	if (!conjuncts(r, f->pred, &all))
		return NULL;
	FQ_LIST_FOREACH(c, all)
	{
		fq_expr *sub = stays_above(c) ? NULL
			: substitute(r, c, pr->rel, &pr->p, pr->exprs, pr->nexprs);

		if (r->failed)
			return NULL;
		/* a column with no expression: the whole condition stays */
		if (sub == NULL && !stays_above(c))
			return &f->p;
		if (sub == NULL || stays_above(sub))
			push(r, &stay, c);
		else
			push(r, &down, sub);
	}
	return split_below(r, f, &pr->p, down, stay);
}

/*
 * A Filter over UNION ALL goes into each input, below the Project that
 * casts it to the union's types: rows of the union pass a condition
 * exactly when the input rows they come from pass it there.
 */
static fq_plan *
below_append(rw *r, fq_plan_filter *f)
{
	fq_plan_append *ap = (fq_plan_append *) f->p.left;
	fq_expr **pred = FQ_NEW_ARRAY(r->a, fq_expr *, ap->ninputs);

	if (pred == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	for (int k = 0; k < ap->ninputs; k++)
	{
		fq_plan *in = ap->inputs[k];
		fq_plan_project *arm = (fq_plan_project *) in;

		if (!FQ_IS(in, FQ_N_PLAN_PROJECT) || arm->nexprs != ap->p.nout)
			return &f->p;
		pred[k] = substitute(r, f->pred, ap->rel, &ap->p, arm->exprs, arm->nexprs);
		if (r->failed)
			return NULL;
		if (pred[k] == NULL || stays_above(pred[k]))
			return &f->p;
	}
	for (int k = 0; k < ap->ninputs; k++)
	{
		fq_plan *arm = ap->inputs[k];
		fq_list *conds = NULL;

		if (!conjuncts(r, pred[k], &conds) || (arm->left = add_filter(r, arm->left, conds)) == NULL)
			return NULL;
	}
	return &ap->p;
}

/*
 * The conjuncts of a Filter over an Aggregate (HAVING, or WHERE on a
 * grouped derived table) that read only grouping columns go below it, as
 * conditions on the grouping expressions: they keep or drop whole groups
 * either way.  Not with no GROUP BY, where a false condition below still
 * leaves one row.
 */
static fq_plan *
below_agg(rw *r, fq_plan_filter *f)
{
	fq_plan_agg *g = (fq_plan_agg *) f->p.left;
	fq_list *all = NULL;
	fq_list *down = NULL;
	fq_list *stay = NULL;
	fq_expr *c;

	/* not with grouping sets: a row a condition on a grouping column
	 * removes still counts in the sets without that column */
	if (g->ngroups == 0 || g->nsets > 0 || !conjuncts(r, f->pred, &all))
		return r->failed ? NULL : &f->p;
	FQ_LIST_FOREACH(c, all)
	{
		fq_expr *s = reads_only_rel(c, g->group_rel)
			? substitute(r, c, g->group_rel, NULL, g->groups, g->ngroups) : NULL;

		if (r->failed)
			return NULL;
		if (s != NULL && stays_above(s))
			s = NULL;
		push(r, s != NULL ? &down : &stay, s != NULL ? s : c);
	}
	return split_below(r, f, &g->p, down, stay);
}

/*
 * A Filter over a LATERAL subquery's nested loop (Apply): the conjuncts
 * that read only the rows before it go below it, into its left input (an
 * INNER or LEFT apply keeps those rows as they are), so the subquery runs
 * for the rows they keep only.
 */
static fq_plan *
below_apply(rw *r, fq_plan_filter *f)
{
	fq_plan *ap = f->p.left;
	fq_list *all = NULL;
	fq_list *down = NULL;
	fq_list *stay = NULL;
	fq_expr *c;

	if (!conjuncts(r, f->pred, &all))
		return NULL;
	FQ_LIST_FOREACH(c, all)
		push(r, !stays_above(c) && !fq_expr_is_volatile(c) && !fq_expr_has_sublink(c) &&
				 fq_plan_provides(ap->left, c) ? &down : &stay, c);
	return split_below(r, f, ap, down, stay);
}

/* The constant false a condition folds to. */
static fq_expr *
false_const(rw *r)
{
	fq_value v;
	fq_const *k;

	memset(&v, 0, sizeof(v));
	v.type = fq_type_make(FQ_T_BOOL);
	if ((k = fq_make_const(r->a, &v)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	return &k->e;
}

/*
 * A condition's conjuncts that are constants, taken in order as
 * PostgreSQL's planner folds them: true ones go; a false or NULL one
 * makes the whole condition false (*is_false), so nothing else in it is
 * ever evaluated (no error from a condition a false constant guards).  A
 * constant that fails to evaluate stays for execution to report, where
 * PostgreSQL would report it too.  Returns the conjuncts left (NULL for
 * none) in *out; false on failure (raised).
 */
static bool
fold_conjuncts(rw *r, fq_expr *pred, fq_list **out, bool *is_false)
{
	fq_list *all = NULL;
	fq_list *keep = NULL;
	fq_expr *c;
	fq_diags *scratch;

	*is_false = false;
	*out = NULL;
	if (!conjuncts(r, pred, &all))
		return false;
	if ((scratch = fq_diags_new()) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		return NULL;
	}
	FQ_LIST_FOREACH(c, all)
	{
		fq_exec_ctx ctx;
		fq_value v;

		if (fq_expr_known_at_plan_time(c))
		{
			memset(&ctx, 0, sizeof(ctx));
			ctx.st = r->st;
			ctx.arena = r->a;
			ctx.d = scratch;
			if (fq_eval_const(&ctx, c, r->a, &v) == FQ_OK)
			{
				if (!v.isnull && v.v.i != 0)
					continue; /* true: drop */
				*is_false = true;
				break;
			}
			fq_diags_clear(scratch);
		}
		push(r, &keep, c);
	}
	fq_diags_free(scratch);
	*out = keep;
	return !r->failed;
}

/* ---- constant expressions (PostgreSQL's eval_const_expressions) ---- */

static bool
is_bool_const(const fq_expr *e, int want)
{
	const fq_value *v;

	if (!FQ_IS(e, FQ_N_EXPR_CONST) || e->type.id != FQ_T_BOOL)
		return false;
	v = &((const fq_const *) e)->value;
	return want < 0 ? v->isnull : !v->isnull && (v->v.i != 0) == want;
}

static bool
is_null_const(const fq_expr *e)
{
	return FQ_IS(e, FQ_N_EXPR_CONST) && ((const fq_const *) e)->value.isnull;
}

static fq_expr *
bool_const(rw *r, bool v)
{
	fq_value val;
	fq_const *k;

	memset(&val, 0, sizeof(val));
	val.type = fq_type_make(FQ_T_BOOL);
	val.v.i = v;
	if ((k = fq_make_const(r->a, &val)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	return &k->e;
}

/* AND/OR without their neutral constants; the absorbing one decides. */
static fq_expr *
simplify_bool(rw *r, fq_bool_expr *b)
{
	bool and = b->kind == FQ_BOOL_AND;
	int k = 0;

	if (b->kind == FQ_BOOL_NOT)
	{
		if (is_bool_const(b->args[0], 1) || is_bool_const(b->args[0], 0))
			return bool_const(r, is_bool_const(b->args[0], 0));
		return &b->e;
	}
	for (int i = 0; i < b->nargs; i++)
	{
		if (is_bool_const(b->args[i], and ? 0 : 1))
			return bool_const(r, !and);
		if (is_bool_const(b->args[i], and ? 1 : 0))
			continue;
		b->args[k++] = b->args[i];
	}
	if (k == 0)
		return bool_const(r, and);
	if (k == 1)
		return b->args[0];
	b->nargs = k;
	return &b->e;
}

/* CASE without the branches a constant condition never takes. */
static fq_expr *
simplify_case(fq_case_expr *c)
{
	int k = 0;

	for (int i = 0; i < c->nwhens; i++)
	{
		if (is_bool_const(c->conds[i], 0) || is_bool_const(c->conds[i], -1))
			continue;
		if (is_bool_const(c->conds[i], 1))
		{
			/* taken by every row that gets here: the rest never are */
			if (k == 0)
				return c->results[i];
			c->else_expr = c->results[i];
			break;
		}
		c->conds[k] = c->conds[i];
		c->results[k] = c->results[i];
		k++;
	}
	if (k == 0)
		return c->else_expr;
	c->nwhens = k;
	return &c->e;
}

/* COALESCE without its NULL constants, ending at a constant that is not. */
static fq_expr *
simplify_coalesce(fq_func_expr *f)
{
	int k = 0;

	for (int i = 0; i < f->nargs; i++)
	{
		if (is_null_const(f->args[i]))
			continue;
		f->args[k++] = f->args[i];
		if (FQ_IS(f->args[i], FQ_N_EXPR_CONST))
			break;
	}
	if (k == 0)
		return f->nargs > 0 ? f->args[0] : &f->e;
	if (k == 1)
		return f->args[0];
	f->nargs = k;
	return &f->e;
}

static fq_expr *
simplify_mutator(fq_expr *e, void *arg)
{
	rw *r = arg;
	fq_exec_ctx ctx;
	fq_value v;
	fq_const *k;

	if (r->failed)
		return NULL;
	/* fq_expr_mutate gave us a node of our own when a child changed; the
	 * others are shared: copy before changing them */
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_BOOL:
			if ((e = fq_arena_memdup(r->a, e, sizeof(fq_bool_expr))) == NULL ||
				(((fq_bool_expr *) e)->args = fq_arena_memdup(
					 r->a, ((fq_bool_expr *) e)->args,
					 sizeof(fq_expr *) * (size_t) ((fq_bool_expr *) e)->nargs)) == NULL)
			{
				e = NULL; /* not a copy without its arguments */
				break;
			}
			e = simplify_bool(r, (fq_bool_expr *) e);
			break;
		case FQ_N_EXPR_CASE:
			{
				fq_case_expr *c = fq_arena_memdup(r->a, e, sizeof(fq_case_expr));

				if (c == NULL ||
					(c->conds = fq_arena_memdup(r->a, c->conds,
												sizeof(fq_expr *) * (size_t) c->nwhens)) == NULL ||
					(c->results = fq_arena_memdup(r->a, c->results,
												  sizeof(fq_expr *) * (size_t) c->nwhens)) == NULL)
				{
					e = NULL;
					break;
				}
				e = simplify_case(c);
				break;
			}
		case FQ_N_EXPR_FUNC:
			if (((fq_func_expr *) e)->fn == FQ_F_COALESCE)
			{
				fq_func_expr *f = fq_arena_memdup(r->a, e, sizeof(fq_func_expr));

				if (f == NULL || (f->args = fq_arena_memdup(r->a, f->args,
															sizeof(fq_expr *) * (size_t) f->nargs)) == NULL)
				{
					e = NULL;
					break;
				}
				e = simplify_coalesce(f);
			}
			break;
		default:
			break;
	}
	if (e == NULL)
	{
		if (!r->failed)
		{
			fq_raise_nomem(r->d, r->a);
			r->failed = true;
		}
		return NULL;
	}
	/* a constant worked out now: its error, if any, is the statement's, as
	 * PostgreSQL's planner raises it (a CASE does not guard a constant) */
	if (FQ_IS(e, FQ_N_EXPR_CONST) || !fq_expr_known_at_plan_time(e))
		return e;
	memset(&ctx, 0, sizeof(ctx));
	ctx.st = r->st;
	ctx.s = r->st->s;
	ctx.arena = r->a;
	ctx.d = r->d;
	if (fq_eval_const(&ctx, e, r->a, &v) < 0)
	{
		fq_diag_position(r->d, e->n.location + 1);
		r->failed = true;
		return NULL;
	}
	if ((k = fq_make_const(r->a, &v)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	k->e.type = e->type;
	k->e.n.location = e->n.location;
	return &k->e;
}

/* The arguments of e if it is an AND (flattened), else e alone. */
static fq_list *
and_args(rw *r, fq_expr *e)
{
	fq_list *l = NULL;

	if (!conjuncts(r, e, &l))
		return NULL;
	return l;
}

static bool
list_has_equal(fq_list *l, const fq_expr *e)
{
	fq_expr *x;

	FQ_LIST_FOREACH(x, l)
		if (fq_expr_equal(x, e))
			return true;
	return false;
}

static fq_expr *
make_bool(rw *r, int kind, fq_list *args)
{
	int n = fq_list_len(args);
	fq_bool_expr *b;
	fq_expr *x;
	int i = 0;

	if (n == 1)
		return fq_list_nth(args, 0);
	b = FQ_MAKE_NODE(r->a, fq_bool_expr, FQ_N_EXPR_BOOL);
	if (b == NULL || (b->args = FQ_NEW_ARRAY(r->a, fq_expr *, n)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	b->e.type = fq_type_make(FQ_T_BOOL);
	b->kind = kind;
	FQ_LIST_FOREACH(x, args)
	{
		/* flat: an AND in an AND (an OR in an OR) gives its arguments */
		if (FQ_IS(x, FQ_N_EXPR_BOOL) && ((fq_bool_expr *) x)->kind == kind)
		{
			fq_bool_expr *in = (fq_bool_expr *) x;
			fq_expr **grown = FQ_NEW_ARRAY(r->a, fq_expr *, n + in->nargs);

			if (grown == NULL)
			{
				fq_raise_nomem(r->d, r->a);
				r->failed = true;
				return NULL;
			}
			memcpy(grown, b->args, sizeof(fq_expr *) * (size_t) i);
			b->args = grown;
			n += in->nargs;
			for (int k = 0; k < in->nargs; k++)
				b->args[i++] = in->args[k];
			continue;
		}
		b->args[i++] = x;
	}
	b->nargs = i;
	return &b->e;
}

/*
 * PostgreSQL's canonicalize_qual (find_duplicate_ors): a condition an
 * OR's every arm has comes out of it -- (A AND B) OR (A AND C) is A AND
 * (B OR C), and (A AND B) OR A is A -- through the ANDs and ORs of a WHERE
 * or join condition.  The same answers under three-valued logic; what it
 * gives is equalities a join can use (TPC-DS's query 13 repeats its join
 * keys in each arm of an OR).
 */
static fq_expr *
factor_ors(rw *r, fq_expr *e)
{
	fq_bool_expr *b;
	fq_list *args = NULL;
	fq_list *reference = NULL;
	fq_list *winners = NULL;
	fq_list *reduced = NULL;
	fq_list **arms;
	bool degenerate = false;
	fq_expr *x;
	int n;

	if (r->failed || fq_stack_check(r->d) < 0)
	{
		r->failed = true;
		return NULL;
	}
	if (!FQ_IS(e, FQ_N_EXPR_BOOL) || ((fq_bool_expr *) e)->kind == FQ_BOOL_NOT)
		return e;
	b = (fq_bool_expr *) e;
	for (int i = 0; i < b->nargs; i++)
	{
		fq_expr *a = factor_ors(r, b->args[i]);

		if (a == NULL || !push(r, &args, a))
			return NULL;
	}
	if (b->kind == FQ_BOOL_AND)
		return make_bool(r, FQ_BOOL_AND, args);
	n = fq_list_len(args);
	if (n < 2)
		return make_bool(r, FQ_BOOL_OR, args);
	if ((arms = FQ_NEW_ARRAY(r->a, fq_list *, n)) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	/* the shortest arm's conjuncts are the candidates */
	for (int i = 0; i < n; i++)
	{
		arms[i] = and_args(r, fq_list_nth(args, i));
		if (r->failed)
			return NULL;
		if (reference == NULL || fq_list_len(arms[i]) < fq_list_len(reference))
			reference = arms[i];
	}
	FQ_LIST_FOREACH(x, reference)
	{
		bool everywhere = !list_has_equal(winners, x);

		for (int i = 0; i < n && everywhere; i++)
			everywhere = list_has_equal(arms[i], x);
		if (everywhere && !push(r, &winners, x))
			return NULL;
	}
	if (winners == NULL)
		return make_bool(r, FQ_BOOL_OR, args);
	for (int i = 0; i < n && !degenerate; i++)
	{
		fq_list *rest = NULL;

		FQ_LIST_FOREACH(x, arms[i])
			if (!list_has_equal(winners, x) && !push(r, &rest, x))
				return NULL;
		if (rest == NULL)
			degenerate = true; /* (A AND B) OR A: just A */
		else if (!push(r, &reduced, make_bool(r, FQ_BOOL_AND, rest)))
			return NULL;
	}
	if (!degenerate && !push(r, &winners, make_bool(r, FQ_BOOL_OR, reduced)))
		return NULL;
	return r->failed ? NULL : make_bool(r, FQ_BOOL_AND, winners);
}

static bool
simplify_plan(rw *r, fq_plan *p)
{
	fq_expr **groups = NULL;

	if (fq_stack_check(r->d) < 0)
		return false;
	/* Grouping sets' expressions stay as written: PostgreSQL matches them
	 * to select list items before it folds constants, so a source sent
	 * GROUP BY CUBE (COALESCE(DATE '...', ...)) folded to a literal would
	 * match a literal of the select list it must leave alone. */
	if (FQ_IS(p, FQ_N_PLAN_AGG) && ((fq_plan_agg *) p)->nsets > 0)
	{
		fq_plan_agg *g = (fq_plan_agg *) p;

		if (g->ngroups > 0 &&
			(groups = fq_arena_memdup(r->a, g->groups, sizeof(fq_expr *) * (size_t) g->ngroups)) == NULL)
		{
			fq_raise_nomem(r->d, r->a);
			return false;
		}
	}
	if (!fq_plan_mutate_exprs(r->a, p, simplify_mutator, r))
	{
		if (!r->failed)
			fq_raise_nomem(r->d, r->a);
		return false;
	}
	if (groups != NULL)
		memcpy(((fq_plan_agg *) p)->groups, groups,
			   sizeof(fq_expr *) * (size_t) ((fq_plan_agg *) p)->ngroups);
	/* conditions: common parts of OR arms out (PostgreSQL's quals only) */
	if (FQ_IS(p, FQ_N_PLAN_FILTER) &&
		(((fq_plan_filter *) p)->pred = factor_ors(r, ((fq_plan_filter *) p)->pred)) == NULL)
		return false;
	if (FQ_IS(p, FQ_N_PLAN_JOIN) && ((fq_plan_join *) p)->cond != NULL &&
		(((fq_plan_join *) p)->cond = factor_ors(r, ((fq_plan_join *) p)->cond)) == NULL)
		return false;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!simplify_plan(r, *fq_plan_input(p, i)))
			return false;
	return true;
}

static fq_plan *
fold_constants(rw *r, fq_plan_filter *f)
{
	fq_list *keep;
	bool is_false;

	if (!fold_conjuncts(r, f->pred, &keep, &is_false))
		return NULL;
	/* false: the executor's Filter then runs nothing below it, and a
	 * source gets WHERE false (PostgreSQL's One-Time Filter) */
	if (is_false)
		f->pred = false_const(r);
	else if (fq_list_len(keep) == 0)
		return f->p.left;
	else
		f->pred = and_of(r, keep);
	return r->failed ? NULL : &f->p;
}

/* An inner or semi join whose condition is false joins nothing (the
 * executor's join then runs neither side). */
static fq_plan *
fold_join(rw *r, fq_plan_join *j)
{
	fq_list *keep;
	bool is_false;

	if (j->cond == NULL ||
		!(j->type == FQ_JOIN_INNER || j->type == FQ_JOIN_CROSS || j->type == FQ_JOIN_SEMI))
		return &j->p;
	if (!fold_conjuncts(r, j->cond, &keep, &is_false))
		return NULL;
	if (is_false)
	{
		j->cond = false_const(r);
		return r->failed ? NULL : &j->p;
	}
	j->cond = fq_list_len(keep) == 0 ? NULL : and_of(r, keep);
	if (j->cond == NULL && j->type == FQ_JOIN_INNER)
		j->type = FQ_JOIN_CROSS;
	return r->failed ? NULL : &j->p;
}

/* ---- outer joins made inner by the conditions above them ---- */

/* A set of relation numbers (bindings' rel). */
typedef struct relset
{
	int n;
	int cap;
	int *rels;
} relset;

static bool
relset_has(const relset *s, int rel)
{
	for (int i = 0; i < s->n; i++)
		if (s->rels[i] == rel)
			return true;
	return false;
}

static void
relset_add(rw *r, relset *s, int rel)
{
	if (relset_has(s, rel) || r->failed)
		return;
	if (s->n == s->cap)
	{
		int cap = s->cap ? s->cap * 2 : 8;
		int *rels = fq_arena_realloc(r->a, s->rels, sizeof(int) * (size_t) s->cap,
									 sizeof(int) * (size_t) cap);

		if (rels == NULL)
		{
			fq_raise_nomem(r->d, r->a);
			r->failed = true;
			return;
		}
		s->rels = rels;
		s->cap = cap;
	}
	s->rels[s->n++] = rel;
}

static void
relset_union(rw *r, relset *into, const relset *s)
{
	for (int i = 0; i < s->n; i++)
		relset_add(r, into, s->rels[i]);
}

/*
 * The relations a NULL in any of whose columns makes e NULL or false
 * (PostgreSQL's find_nonnullable_rels): a condition above an outer join
 * that holds such a relation of the join's NULL-extended side throws away
 * every NULL-extended row, so the join may as well be inner.  At top level
 * false counts as NULL (the row goes either way); below it only NULL does.
 */
static void
nonnullable(rw *r, const fq_expr *e, bool top, relset *out)
{
	if (r->failed || fq_stack_check(r->d) < 0)
	{
		r->failed = true;
		return;
	}
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
			relset_add(r, out, ((const fq_var *) e)->rel);
			return;
		case FQ_N_EXPR_CAST:
			nonnullable(r, ((const fq_cast_expr *) e)->arg, false, out);
			return;
		case FQ_N_EXPR_IN:
			nonnullable(r, ((const fq_in_expr *) e)->arg, false, out);
			return;
		case FQ_N_EXPR_NULL_TEST:
			if (top && ((const fq_null_test *) e)->is_not)
				nonnullable(r, ((const fq_null_test *) e)->arg, false, out);
			return;
		case FQ_N_EXPR_FUNC:
			{
				const fq_func_expr *f = (const fq_func_expr *) e;
				bool strict;

				switch (f->fn)
				{
					case FQ_F_DISTINCT:
					case FQ_F_NOT_DISTINCT:
					case FQ_F_COALESCE:
					case FQ_F_NULLIF:
					case FQ_F_GREATEST:
					case FQ_F_LEAST:
					case FQ_F_CURRENT_DATE:
					case FQ_F_CURRENT_TIMESTAMP:
						strict = false;
						break;
					case FQ_F_CALL:
						strict = !(f->def->flags & FQ_FN_NONSTRICT);
						break;
					case FQ_F_SOURCE:
						strict = false; /* fedq cannot tell */
						break;
					default:
						strict = true;
						break;
				}
				for (int i = 0; strict && i < f->nargs; i++)
					nonnullable(r, f->args[i], false, out);
				return;
			}
		case FQ_N_EXPR_BOOL:
			{
				const fq_bool_expr *b = (const fq_bool_expr *) e;

				if (b->kind == FQ_BOOL_NOT)
					nonnullable(r, b->args[0], false, out);
				else if (b->kind == FQ_BOOL_AND && top)
					for (int i = 0; i < b->nargs; i++)
						nonnullable(r, b->args[i], true, out);
				else
				{
					/* OR, and AND below top level: what every arm rejects */
					relset common = {0};

					nonnullable(r, b->args[0], top, &common);
					for (int i = 1; i < b->nargs && common.n > 0; i++)
					{
						relset arm = {0};
						int k = 0;

						nonnullable(r, b->args[i], top, &arm);
						for (int j = 0; j < common.n; j++)
							if (relset_has(&arm, common.rels[j]))
								common.rels[k++] = common.rels[j];
						common.n = k;
					}
					relset_union(r, out, &common);
				}
				return;
			}
		default:
			/* CASE, constants, parameters, subqueries, aggregates: none */
			return;
	}
}

/* Whether some column of side belongs to a relation of s. */
static bool
side_in(const fq_plan *side, const relset *s)
{
	for (int i = 0; i < side->nout; i++)
		if (relset_has(s, side->out[i].rel))
			return true;
	return false;
}

/*
 * PostgreSQL's reduce_outer_joins: a LEFT (RIGHT) join whose NULL-extended
 * rows a condition above rejects is an inner join, and a FULL join a LEFT
 * or RIGHT one.  Inner joins are then free to be reordered, filtered on
 * both sides and sent to a source whole; and, as in PostgreSQL, a join
 * that cannot produce a row (`a RIGHT JOIN b ON false JOIN c ON a.k =
 * c.k`) is seen to be empty before anything above it is computed.
 * `above` holds the relations the conditions above p reject NULLs of.
 */
static bool
reduce_outer_joins(rw *r, fq_plan *p, const relset *above)
{
	relset none = {0};

	if (fq_stack_check(r->d) < 0)
		return false;
	if (FQ_IS(p, FQ_N_PLAN_FILTER))
	{
		relset s = {0};

		relset_union(r, &s, above);
		nonnullable(r, ((fq_plan_filter *) p)->pred, true, &s);
		return !r->failed && reduce_outer_joins(r, p->left, &s);
	}
	if (FQ_IS(p, FQ_N_PLAN_JOIN))
	{
		fq_plan_join *j = (fq_plan_join *) p;
		relset own = {0};
		relset both = {0};
		bool left_in = side_in(p->left, above);
		bool right_in = side_in(p->right, above);

		if (j->type == FQ_JOIN_LEFT && right_in && !j->lateral)
			j->type = FQ_JOIN_INNER;
		else if (j->type == FQ_JOIN_RIGHT && left_in)
			j->type = FQ_JOIN_INNER;
		else if (j->type == FQ_JOIN_FULL && (left_in || right_in))
			j->type = left_in && right_in ? FQ_JOIN_INNER : left_in ? FQ_JOIN_LEFT : FQ_JOIN_RIGHT;
		if (j->cond != NULL)
			nonnullable(r, j->cond, true, &own);
		relset_union(r, &both, above);
		relset_union(r, &both, &own);
		if (r->failed)
			return false;
		switch (j->type)
		{
			case FQ_JOIN_INNER:
			case FQ_JOIN_CROSS:
				return reduce_outer_joins(r, p->left, &both) && reduce_outer_joins(r, p->right, &both);
			case FQ_JOIN_LEFT:
			case FQ_JOIN_SEMI:
				/* the right side's rows count only where the condition holds */
				return reduce_outer_joins(r, p->left, above) && reduce_outer_joins(r, p->right, &own);
			case FQ_JOIN_RIGHT:
				return reduce_outer_joins(r, p->left, &own) && reduce_outer_joins(r, p->right, above);
			case FQ_JOIN_ANTI:
				return reduce_outer_joins(r, p->left, above) && reduce_outer_joins(r, p->right, &none);
			default:
				return reduce_outer_joins(r, p->left, &none) && reduce_outer_joins(r, p->right, &none);
		}
	}
	/* A projection, grouping, union, window...: its columns are new
	 * relations, conditions above it say nothing about what is below. */
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!reduce_outer_joins(r, *fq_plan_input(p, i), &none))
			return false;
	return true;
}

static fq_plan *
rewrite(rw *r, fq_plan *p)
{
	if (fq_stack_check(r->d) < 0)
	{
		r->failed = true;
		return NULL;
	}
	if (FQ_IS(p, FQ_N_PLAN_FILTER))
	{
		fq_plan *q = fold_constants(r, (fq_plan_filter *) p);

		if (q == NULL)
			return NULL;
		if (q != p)
			return rewrite(r, q);
	}
	if (FQ_IS(p, FQ_N_PLAN_FILTER) &&
		(FQ_IS(p->left, FQ_N_PLAN_PROJECT) || FQ_IS(p->left, FQ_N_PLAN_APPEND) ||
		 FQ_IS(p->left, FQ_N_PLAN_AGG)))
	{
		fq_plan_filter *f = (fq_plan_filter *) p;
		fq_plan *q = FQ_IS(p->left, FQ_N_PLAN_PROJECT) ? below_project(r, f)
			: FQ_IS(p->left, FQ_N_PLAN_APPEND) ? below_append(r, f) : below_agg(r, f);

		if (q == NULL)
			return NULL;
		if (q != p)
			return rewrite(r, q);
	}
	if (FQ_IS(p, FQ_N_PLAN_FILTER) && FQ_IS(p->left, FQ_N_PLAN_APPLY))
	{
		fq_plan *q = below_apply(r, (fq_plan_filter *) p);

		if (q == NULL)
			return NULL;
		if (q != p)
			return rewrite(r, q);
	}
	if (FQ_IS(p, FQ_N_PLAN_FILTER) && FQ_IS(p->left, FQ_N_PLAN_JOIN))
	{
		fq_plan_filter *f = (fq_plan_filter *) p;
		fq_list *above = NULL;
		fq_list *stay = NULL;

		if (!conjuncts(r, f->pred, &above) ||
			distribute(r, (fq_plan_join *) p->left, above, &stay) == NULL)
			return NULL;
		if (fq_list_len(stay) == 0)
			return p->left;
		f->pred = and_of(r, stay);
		return r->failed ? NULL : p;
	}
	if (FQ_IS(p, FQ_N_PLAN_JOIN))
	{
		fq_plan *q = fold_join(r, (fq_plan_join *) p);

		if (q == NULL)
			return NULL;
		if (q != p)
			return q;
		return distribute(r, (fq_plan_join *) p, NULL, &(fq_list *){NULL});
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		fq_plan **in = fq_plan_input(p, i);

		if ((*in = rewrite(r, *in)) == NULL)
			return NULL;
	}
	return p;
}

/*
 * What evaluating e costs per row, in PostgreSQL's units (one per function
 * or operator call; casts PostgreSQL needs none for — dropping a bound,
 * widening an integer or a float, a date met by a timestamp, which its
 * cross-type operators compare directly — are free; an IN list costs half
 * its length, as PostgreSQL estimates = ANY (array) to stop halfway).
 */
static double
qual_cost(const fq_expr *e);

static bool
cost_walker(fq_expr *e, void *ctx)
{
	*(double *) ctx += qual_cost(e);
	return false;
}

static double
qual_cost(const fq_expr *e)
{
	double c = 0;

	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_FUNC:
			c = 1;
			break;
		case FQ_N_EXPR_CAST:
			{
				const fq_cast_expr *k = (const fq_cast_expr *) e;
				fq_type_id from = k->arg->type.id;
				fq_type_id to = e->type.id;
				bool free = fq_cast_is_noop(k) ||
					(fq_type_is_integer(from) && fq_type_is_integer(to)) ||
					(from == FQ_T_FLOAT4 && to == FQ_T_FLOAT8) ||
					(from == FQ_T_DATE && (to == FQ_T_TIMESTAMP || to == FQ_T_TIMESTAMPTZ)) ||
					(from == FQ_T_VARCHAR && to == FQ_T_VARCHAR);

				c = free ? 0 : 1;
				break;
			}
		case FQ_N_EXPR_IN:
			{
				const fq_in_expr *in = (const fq_in_expr *) e;
				bool consts = true;

				for (int i = 0; i < in->nitems; i++)
					consts = consts && FQ_IS(in->items[i], FQ_N_EXPR_CONST);
				c = consts ? in->nitems * 0.5 : in->nitems;
				break;
			}
		case FQ_N_EXPR_SUBPLAN:
			c = 100; /* computed once, but PostgreSQL weighs it as heavy */
			break;
		case FQ_N_EXPR_AGG:
		case FQ_N_EXPR_WINDOW:
			return 0; /* computed by their own operators */
		default:
			break;
	}
	fq_expr_walk_children((fq_expr *) e, cost_walker, &c);
	return c;
}

/* The conjuncts in PostgreSQL's order of evaluation: cheapest first, as
 * written among equals (order_qual_clauses). */
static fq_expr *
order_conjuncts(rw *r, fq_expr *pred)
{
	fq_list *all = NULL;
	int n;
	fq_expr **items;
	double *costs;
	fq_list *sorted = NULL;

	if (pred == NULL || !conjuncts(r, pred, &all) || (n = fq_list_len(all)) < 2)
		return r->failed ? NULL : pred;
	items = FQ_NEW_ARRAY(r->a, fq_expr *, n);
	costs = FQ_NEW_ARRAY(r->a, double, n);
	if (items == NULL || costs == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	for (int i = 0; i < n; i++)
	{
		items[i] = fq_list_nth(all, i);
		costs[i] = qual_cost(items[i]);
	}
	/* insertion sort: stable */
	for (int i = 1; i < n; i++)
	{
		fq_expr *e = items[i];
		double c = costs[i];
		int j = i - 1;

		while (j >= 0 && costs[j] > c)
		{
			items[j + 1] = items[j];
			costs[j + 1] = costs[j];
			j--;
		}
		items[j + 1] = e;
		costs[j + 1] = c;
	}
	for (int i = 0; i < n; i++)
		push(r, &sorted, items[i]);
	return r->failed ? NULL : and_of(r, sorted);
}

static bool
order_quals(rw *r, fq_plan *p)
{
	if (FQ_IS(p, FQ_N_PLAN_FILTER))
		((fq_plan_filter *) p)->pred = order_conjuncts(r, ((fq_plan_filter *) p)->pred);
	else if (FQ_IS(p, FQ_N_PLAN_JOIN))
		((fq_plan_join *) p)->cond = order_conjuncts(r, ((fq_plan_join *) p)->cond);
	if (r->failed || fq_stack_check(r->d) < 0)
		return false;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!order_quals(r, *fq_plan_input(p, i)))
			return false;
	return true;
}

int
fq_rewrite_filters(fq_stmt *st, fq_plan **plan, fq_diags *d)
{
	rw r = {.st = st, .a = st->arena, .d = d};
	relset none = {0};
	fq_plan *p;

	if (!simplify_plan(&r, *plan) || !reduce_outer_joins(&r, *plan, &none) ||
		(p = rewrite(&r, *plan)) == NULL || !order_quals(&r, p))
		return FQ_ERROR;
	*plan = p;
	return FQ_OK;
}
