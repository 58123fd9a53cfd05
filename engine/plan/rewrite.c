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
 * Once a table's conditions sit right on it, pushdown sends them to its
 * source with the table, however the join itself runs.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "sql/ast.h"

#include <string.h>

typedef struct rw
{
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
		f = (fq_plan_filter *) p;
		if (!conjuncts(r, f->pred, &conds))
			return NULL;
		f->pred = and_of(r, conds);
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
		else if (inner && !l && !rt && fq_expr_refers_to(c, -1))
			push(r, &keep_cond, c);
		else
			push(r, stay, c);
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
		if (l && (inner || j->type == FQ_JOIN_RIGHT || j->type == FQ_JOIN_SEMI))
			push(r, &to_left, c);
		else if (rt && (inner || j->type == FQ_JOIN_LEFT || j->type == FQ_JOIN_SEMI ||
						(j->type == FQ_JOIN_ANTI && !j->null_aware)))
			push(r, &to_right, c);
		else
			push(r, &keep_cond, c);
	}
	if (r->failed)
		return NULL;
	j->cond = and_of(r, keep_cond);
	if (j->cond != NULL && j->type == FQ_JOIN_CROSS)
		j->type = FQ_JOIN_INNER;
	if ((j->p.left = add_filter(r, j->p.left, to_left)) == NULL ||
		(j->p.right = add_filter(r, j->p.right, to_right)) == NULL)
		return NULL;
	if ((j->p.left = rewrite(r, j->p.left)) == NULL || (j->p.right = rewrite(r, j->p.right)) == NULL)
		return NULL;
	return &j->p;
}

static fq_plan *
rewrite(rw *r, fq_plan *p)
{
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
		return distribute(r, (fq_plan_join *) p, NULL, &(fq_list *){NULL});
	if (p->left != NULL && (p->left = rewrite(r, p->left)) == NULL)
		return NULL;
	if (p->right != NULL && (p->right = rewrite(r, p->right)) == NULL)
		return NULL;
	return p;
}

int
fq_rewrite_filters(fq_stmt *st, fq_plan **plan, fq_diags *d)
{
	rw r = {.a = st->arena, .d = d};
	fq_plan *p = rewrite(&r, *plan);

	if (p == NULL)
		return FQ_ERROR;
	*plan = p;
	return FQ_OK;
}
