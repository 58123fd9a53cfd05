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

typedef struct only_ctx
{
	const fq_plan *side;
	bool outside;
	bool any;
} only_ctx;

static bool
only_walker(fq_expr *e, void *arg)
{
	only_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		c->any = true;
		if (fq_plan_find_col(c->side, ((fq_var *) e)->rel, ((fq_var *) e)->col) < 0)
			c->outside = true;
		return false;
	}
	return fq_expr_walk_children(e, only_walker, arg);
}

/* True if e reads columns, all of them outputs of p. */
static bool
reads_only(fq_expr *e, const fq_plan *p)
{
	only_ctx c = {p, false, false};

	only_walker(e, &c);
	return c.any && !c.outside;
}

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
	if (e == NULL)
		return true;
	if (FQ_IS(e, FQ_N_EXPR_BOOL) && ((fq_bool_expr *) e)->kind == FQ_BOOL_AND)
	{
		fq_bool_expr *b = (fq_bool_expr *) e;

		for (int i = 0; i < b->nargs; i++)
			if (!conjuncts(r, b->args[i], out))
				return false;
		return true;
	}
	return push(r, out, e);
}

/* AND of a list (NULL for an empty one). */
static fq_expr *
and_of(rw *r, fq_list *l)
{
	fq_bool_expr *b;

	if (fq_list_len(l) == 0)
		return NULL;
	if (fq_list_len(l) == 1)
		return fq_list_nth(l, 0);
	b = FQ_MAKE_NODE(r->a, fq_bool_expr, FQ_N_EXPR_BOOL);
	if (b == NULL || (b->args = FQ_NEW_ARRAY(r->a, fq_expr *, fq_list_len(l))) == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
		return NULL;
	}
	b->e.type = ((fq_expr *) fq_list_nth(l, 0))->type;
	b->kind = FQ_BOOL_AND;
	b->nargs = fq_list_len(l);
	memcpy(b->args, l->items, sizeof(fq_expr *) * (size_t) b->nargs);
	return &b->e;
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
		bool l = reads_only(c, j->p.left);
		bool rt = reads_only(c, j->p.right);

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
		bool l = reads_only(c, j->p.left);
		bool rt = reads_only(c, j->p.right);

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
