/*
 * select.c — a SELECT's own clauses (PostgreSQL's analyze.c): the select
 * list and `*`, GROUP BY and aggregates (agg_rewrite), HAVING, window
 * functions, DISTINCT and DISTINCT ON, ORDER BY (by name, position or
 * expression), LIMIT and OFFSET; and VALUES lists.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- Aggregation ---- */
typedef struct agg_ctx
{
	binder *b;
	fq_plan_agg *agg;   /* groups and the aggregates found so far */
	fq_list *aggs;      /* fq_agg_expr */
	int cap_aggs;
	const void *clause_at;
	bool failed;
	const fq_expr *linked; /* the select list item being rewritten, when a
						    * GROUP BY item names it */
} agg_ctx;

static bool
folds_walker(fq_expr *e, void *arg)
{
	(void) arg;
	if (FQ_IS(e, FQ_N_EXPR_PARAM) || FQ_IS(e, FQ_N_EXPR_SUBPLAN) ||
		(FQ_IS(e, FQ_N_EXPR_FUNC) && (((fq_func_expr *) e)->fn == FQ_F_CURRENT_DATE ||
									  ((fq_func_expr *) e)->fn == FQ_F_CURRENT_TIMESTAMP)))
		return true;
	return fq_expr_walk_children(e, folds_walker, arg);
}

/*
 * Whether PostgreSQL's planner folds e to a constant before it matches
 * grouping columns: no column, aggregate, subquery, parameter, clock or
 * volatile call.
 */
static bool
folds_to_constant(fq_expr *e)
{
	return fq_expr_is_constant(e) && !folds_walker(e, NULL);
}

/*
 * Rewrites an expression to read the Aggregate's outputs: group
 * expressions become (group_rel, i), aggregates (agg_rel, j).  What is
 * left that still reads a base column is an error (42803).
 */
static fq_expr *
agg_mutator(fq_expr *e, void *arg)
{
	agg_ctx *ac = arg;
	fq_plan_agg *agg = ac->agg;

	for (int i = 0; i < agg->ngroups; i++)
		if (fq_expr_equal(e, agg->groups[i]))
		{
			fq_var *v = fq_make_var(ac->b->a, agg->group_rel, i, e->type,
									FQ_IS(e, FQ_N_EXPR_VAR) ? ((fq_var *) e)->name : NULL);

			if (v == NULL)
				return bind_nomem(ac->b);
			v->e.n.location = e->n.location;
			return &v->e;
		}
	if (FQ_IS(e, FQ_N_EXPR_AGG))
	{
		int j;

		for (j = 0; j < fq_list_len(ac->aggs); j++)
			if (fq_expr_equal(e, fq_list_nth(ac->aggs, j)))
				break;
		if (j == fq_list_len(ac->aggs) &&
			(ac->aggs = fq_lappend(ac->b->a, ac->aggs, e)) == NULL)
			return bind_nomem(ac->b);
		{
			fq_var *v = fq_make_var(ac->b->a, agg->agg_rel, j, e->type,
									fq_agg_name(((fq_agg_expr *) e)->kind));

			if (v == NULL)
				return bind_nomem(ac->b);
			return &v->e;
		}
	}
	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		fq_var *v = (fq_var *) e;

		/* (a column of an enclosing query is a constant here, as in
		 * PostgreSQL: it is not among the grouped rows' columns) */
		if (v->rel != agg->group_rel && v->rel != agg->agg_rel &&
			(agg->p.left == NULL || fq_plan_find_col(agg->p.left, v->rel, v->col) >= 0))
		{
			if (!ac->failed)
			{
				bind_fail_at(ac->b, e, FQ_ERR_GROUPING_ERROR,
							 "column \"%s\" must appear in the GROUP BY clause or be used in an "
							 "aggregate function", v->name ? v->name : "?");
				ac->failed = true;
			}
			return NULL;
		}
	}
	return e;
}

/*
 * GROUPING(a, b, ...) over the Aggregate: from its grouping-set column
 * (group_rel, ngroups), the bits of a, b, ...: grouping(gid, ngroups,
 * index of a, index of b, ...).  0 without grouping sets.
 */
static fq_expr *
grouping_call(agg_ctx *ac, fq_func_expr *f)
{
	fq_plan_agg *agg = ac->agg;
	fq_expr **args = bind_expr_array(ac->b, f->nargs + 2);
	fq_value v;
	fq_func_expr *g;

	if (args == NULL)
		return bind_nomem(ac->b);
	memset(&v, 0, sizeof(v));
	v.type = fq_type_make(FQ_T_INT4);
	for (int k = 0; k < f->nargs; k++)
	{
		int i;
		fq_const *c;

		for (i = 0; i < agg->ngroups && !fq_expr_equal(f->args[k], agg->groups[i]); i++)
			;
		if (i == agg->ngroups)
			return bind_fail_at(ac->b, f->args[k], FQ_ERR_GROUPING_ERROR,
								"arguments to GROUPING must be grouping expressions of the "
								"associated query level");
		v.v.i = i;
		if ((c = fq_make_const(ac->b->a, &v)) == NULL)
			return bind_nomem(ac->b);
		args[2 + k] = &c->e;
	}
	if (agg->nsets == 0)
	{
		fq_const *zero;

		v.v.i = 0;
		if ((zero = fq_make_const(ac->b->a, &v)) == NULL)
			return bind_nomem(ac->b);
		return &zero->e;
	}
	{
		fq_var *gid = fq_make_var(ac->b->a, agg->group_rel, agg->ngroups, v.type, "grouping");
		fq_const *n;

		v.v.i = agg->ngroups;
		if (gid == NULL || (n = fq_make_const(ac->b->a, &v)) == NULL)
			return bind_nomem(ac->b);
		args[0] = &gid->e;
		args[1] = &n->e;
	}
	g = fq_make_func(ac->b->a, FQ_F_GROUPING, v.type, f->nargs + 2, args);
	if (g == NULL)
		return bind_nomem(ac->b);
	g->e.n.location = f->e.n.location;
	return &g->e;
}

/* Aggregates must be replaced before their arguments are looked at for
 * group expressions: walk top-down for those. */
static fq_expr *
agg_rewrite(agg_ctx *ac, fq_expr *e)
{
	if (fq_stack_check(ac->b->d) < 0)
		return NULL;
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_GROUPING)
		return grouping_call(ac, (fq_func_expr *) e);
	if (FQ_IS(e, FQ_N_EXPR_AGG))
		return agg_mutator(e, ac);
	for (int i = 0; i < ac->agg->ngroups; i++)
		if (fq_expr_equal(e, ac->agg->groups[i]))
		{
			/* With grouping sets, PostgreSQL 15 folds constants before it
			 * matches expressions to grouping columns: a constant stays
			 * itself (not NULL where a set leaves its column out) unless it
			 * is the select list item a GROUP BY item names. */
			if (ac->agg->nsets > 0 && e != ac->linked && folds_to_constant(e))
				return e;
			return agg_mutator(e, ac);
		}
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		return agg_mutator(e, ac);
	{
		/* Rebuild children first (top-down), then keep this node. */
		fq_expr *copy = fq_expr_copy(ac->b->a, e);
		fq_expr **slots[64];
		int n = 0;

		if (copy == NULL)
			return bind_nomem(ac->b);
		switch (FQ_TAG(copy))
		{
			case FQ_N_EXPR_FUNC:
				for (int i = 0; i < ((fq_func_expr *) copy)->nargs && n < 64; i++)
					slots[n++] = &((fq_func_expr *) copy)->args[i];
				break;
			case FQ_N_EXPR_BOOL:
				for (int i = 0; i < ((fq_bool_expr *) copy)->nargs && n < 64; i++)
					slots[n++] = &((fq_bool_expr *) copy)->args[i];
				break;
			case FQ_N_EXPR_CASE:
				{
					fq_case_expr *c = (fq_case_expr *) copy;

					for (int i = 0; i < c->nwhens && n < 62; i++)
					{
						slots[n++] = &c->conds[i];
						slots[n++] = &c->results[i];
					}
					slots[n++] = &c->else_expr;
					break;
				}
			case FQ_N_EXPR_CAST:
				slots[n++] = &((fq_cast_expr *) copy)->arg;
				break;
			case FQ_N_EXPR_NULL_TEST:
				slots[n++] = &((fq_null_test *) copy)->arg;
				break;
			case FQ_N_EXPR_IN:
				slots[n++] = &((fq_in_expr *) copy)->arg;
				for (int i = 0; i < ((fq_in_expr *) copy)->nitems && n < 64; i++)
					slots[n++] = &((fq_in_expr *) copy)->items[i];
				break;
			case FQ_N_EXPR_WINDOW:
				/* Over grouped rows: its arguments, partition and order keys
				 * are grouping columns or aggregates too. */
				for (int i = 0; i < ((fq_window_expr *) copy)->nkids && n < 64; i++)
					slots[n++] = &((fq_window_expr *) copy)->kids[i];
				break;
			case FQ_N_EXPR_SUBLINK:
				{
					/* what a subquery reads from the grouped rows is a
					 * grouping column too */
					fq_sublink_expr *l = (fq_sublink_expr *) copy;

					if (l->lhs != NULL)
						slots[n++] = &l->lhs;
					for (int i = 0; i < l->nargs && n < 64; i++)
						slots[n++] = &l->args[i];
					break;
				}
			default:
				break;
		}
		if (n == 64)
			return bind_fail_at(ac->b, e, FQ_ERR_PROGRAM_LIMIT_EXCEEDED,
								"expression has too many arguments for an aggregate query");
		for (int i = 0; i < n; i++)
			if ((*slots[i] = agg_rewrite(ac, *slots[i])) == NULL)
				return NULL;
		return copy;
	}
}

/* ---- SELECT ---- */

/* How the select list names a column: alias, column name, function name. */
static const char *
target_name(const fq_raw_target *t, const fq_expr *e)
{
	const fq_node *n = t->expr;

	if (t->alias != NULL)
		return t->alias;
	while (FQ_IS(n, FQ_N_RAW_CAST))
		n = ((const fq_raw_cast *) n)->arg;
	if (FQ_IS(n, FQ_N_RAW_COLUMN_REF))
	{
		const fq_raw_column_ref *c = (const fq_raw_column_ref *) n;

		return fq_list_nth(c->fields, fq_list_len(c->fields) - 1);
	}
	if (FQ_IS(n, FQ_N_RAW_FUNC))
		return ((const fq_raw_func *) n)->name;
	if (FQ_IS(n, FQ_N_RAW_CAST) || (FQ_IS(t->expr, FQ_N_RAW_CAST) &&
									FQ_IS(((fq_raw_cast *) t->expr)->arg, FQ_N_RAW_CONST)))
		return ((const fq_raw_cast *) t->expr)->type->name;
	if (FQ_IS(n, FQ_N_RAW_CASE))
		return "case";
	(void) e;
	return "?column?";
}

bool
bind_add_target(binder *b, target_list *tl, fq_expr *e, const char *name)
{
	if (tl->n == tl->cap)
	{
		int cap = tl->cap ? tl->cap * 2 : 16;

		tl->exprs = fq_arena_realloc(b->a, tl->exprs, sizeof(fq_expr *) * (size_t) tl->cap,
									 sizeof(fq_expr *) * (size_t) cap);
		tl->names = fq_arena_realloc(b->a, tl->names, sizeof(char *) * (size_t) tl->cap,
									 sizeof(char *) * (size_t) cap);
		tl->base_rte = fq_arena_realloc(b->a, tl->base_rte, sizeof(void *) * (size_t) tl->cap,
										sizeof(void *) * (size_t) cap);
		tl->base_col = fq_arena_realloc(b->a, tl->base_col, sizeof(int) * (size_t) tl->cap,
										sizeof(int) * (size_t) cap);
		tl->nullable = fq_arena_realloc(b->a, tl->nullable, sizeof(int) * (size_t) tl->cap,
										sizeof(int) * (size_t) cap);
		if (tl->exprs == NULL || tl->names == NULL || tl->base_rte == NULL ||
			tl->base_col == NULL || tl->nullable == NULL)
		{
			bind_nomem(b);
			return false;
		}
		tl->cap = cap;
	}
	tl->exprs[tl->n] = e;
	tl->names[tl->n] = name;
	tl->base_rte[tl->n] = NULL;
	tl->base_col[tl->n] = -1;
	tl->nullable[tl->n] = FQ_NULLABLE_UNKNOWN;
	tl->n++;
	return true;
}

/* Records where a plain column came from, for SQLColAttribute. */
static void
note_provenance(target_list *tl, int i, scope *sc, const fq_expr *e)
{
	const fq_var *v;
	brel *r;

	if (!FQ_IS(e, FQ_N_EXPR_VAR))
		return;
	v = (const fq_var *) e;
	FQ_LIST_FOREACH(r, sc->rels)
		for (int k = 0; k < r->ncols; k++)
			if (r->rels[k] == v->rel && r->cols[k] == v->col)
			{
				tl->nullable[i] = r->nullable[k];
				if (r->rte != NULL)
				{
					tl->base_rte[i] = r->rte;
					tl->base_col[i] = k;
				}
				return;
			}
}

static bool
expand_star(binder *b, scope *sc, fq_raw_star *star, target_list *tl)
{
	brel *r;
	bool any = false;

	if (star->qualifier != NULL)
	{
		int n = fq_list_len(star->qualifier);
		const brel *q = bind_find_rel(b, sc, n >= 2 ? fq_list_nth(star->qualifier, n - 2) : NULL,
									  fq_list_nth(star->qualifier, n - 1), star);

		if (q == NULL)
			return false;
		for (int i = 0; i < q->ncols; i++)
		{
			fq_expr *v = bind_column_var(b, q, i);

			if (v == NULL || !bind_add_target(b, tl, v, q->names[i]))
				return false;
			note_provenance(tl, tl->n - 1, sc, v);
		}
		return true;
	}
	FQ_LIST_FOREACH(r, sc->rels)
	{
		for (int i = 0; i < r->ncols; i++)
		{
			fq_expr *v = bind_column_var(b, r, i);

			if (v == NULL || !bind_add_target(b, tl, v, r->names[i]))
				return false;
			note_provenance(tl, tl->n - 1, sc, v);
		}
		any = true;
	}
	if (!any)
	{
		bind_fail_at(b, star, FQ_ERR_SYNTAX_ERROR, "SELECT * with no tables specified is not valid");
		return false;
	}
	return true;
}

/* LIMIT/OFFSET: a constant or a parameter, as bigint. */
static fq_expr *
bind_count(binder *b, fq_node *n, const char *what)
{
	bind_ctx cx = {.sc = &(scope){NULL}, .where = CTX_OTHER, .clause = what};
	fq_expr *e = bind_expr(b, &cx, n);
	fq_type t = fq_type_make(FQ_T_INT8);

	if (e == NULL)
		return NULL;
	if (!fq_expr_is_constant(e))
		return bind_fail_at(b, n, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"%s must be a constant or a parameter", what);
	if (!fq_type_is_integer(e->type.id) && e->type.id != FQ_T_UNKNOWN &&
		e->type.id != FQ_T_DECIMAL && e->type.id != FQ_T_FLOAT8)
		return bind_fail_at(b, n, FQ_ERR_DATATYPE_MISMATCH,
							"argument of %s must be type bigint, not type %s",
							what, bind_type_text(b, &e->type));
	return bind_coerce(b, e, &t, false, n);
}

/* An ORDER BY or DISTINCT ON item (`clause`) among the targets: ordinal,
 * output name; -1 when it is an expression to bind (PostgreSQL's
 * findTargetlistEntrySQL92). */
static int
match_target(binder *b, target_list *tl, fq_node *n, const char *clause, bool *failed)
{
	*failed = false;
	if (FQ_IS(n, FQ_N_RAW_CONST) && ((fq_raw_const *) n)->kind != FQ_CONST_INTEGER)
	{
		bind_fail_at(b, n, FQ_ERR_SYNTAX_ERROR, "non-integer constant in %s", clause);
		*failed = true;
		return -1;
	}
	if (FQ_IS(n, FQ_N_RAW_CONST) && ((fq_raw_const *) n)->kind == FQ_CONST_INTEGER)
	{
		long k = strtol(((fq_raw_const *) n)->text, NULL, 10);

		if (k < 1 || k > tl->visible)
		{
			bind_fail_at(b, n, FQ_ERR_INVALID_COLUMN_REFERENCE,
						 "%s position %ld is not in select list", clause, k);
			*failed = true;
			return -1;
		}
		return (int) k - 1;
	}
	if (FQ_IS(n, FQ_N_RAW_COLUMN_REF) && fq_list_len(((fq_raw_column_ref *) n)->fields) == 1)
	{
		const char *name = fq_list_nth(((fq_raw_column_ref *) n)->fields, 0);
		int found = -1;

		for (int i = 0; i < tl->visible; i++)
			if (bind_name_eq(tl->names[i], name))
			{
				if (found >= 0 && !fq_expr_equal(tl->exprs[found], tl->exprs[i]))
				{
					bind_fail_at(b, n, FQ_ERR_AMBIGUOUS_COLUMN, "%s \"%s\" is ambiguous", clause,
								 name);
					*failed = true;
					return -1;
				}
				if (found < 0)
					found = i;
			}
		return found;
	}
	return -1;
}

/* Finds an ORDER BY item among the targets: ordinal, output name, or an
 * equal expression; -1 when it must be added as a hidden target. */
int
bind_match_sort_target(binder *b, target_list *tl, fq_raw_sort_by *sb, bool *failed)
{
	return match_target(b, tl, sb->expr, "ORDER BY", failed);
}

/*
 * The select-list item written as n, or -1: where fq_expr_equal cannot
 * tell two bindings of one expression equal (a subquery bound twice is
 * two plans), PostgreSQL's equal() still matches them.  Only while each
 * item is one target (no * expanded to several).
 */
static int
target_written_as(const fq_select_stmt *sel, const target_list *tl, const fq_node *n)
{
	const fq_raw_target *t;
	int i = 0;

	if (fq_list_len(sel->targets) != tl->visible)
		return -1;
	FQ_LIST_FOREACH(t, sel->targets)
	{
		if (fq_raw_equal(t->expr, n))
			return i;
		i++;
	}
	return -1;
}

fq_plan *
bind_make_project(binder *b, fq_plan *child, target_list *tl, int n)
{
	fq_plan_project *p = FQ_MAKE_PLAN(b->a, fq_plan_project, FQ_N_PLAN_PROJECT, n);

	if (p == NULL)
		return bind_nomem(b);
	p->p.left = child;
	p->rel = b->next_rel++;
	p->nexprs = n;
	p->exprs = bind_expr_array(b, n);
	if (p->exprs == NULL)
		return bind_nomem(b);
	for (int i = 0; i < n; i++)
	{
		p->exprs[i] = tl->exprs[i];
		p->p.out[i].rel = p->rel;
		p->p.out[i].col = i;
		p->p.out[i].type = tl->exprs[i]->type;
		p->p.out[i].name = tl->names[i];
		p->p.out[i].nullable = tl->nullable[i];
		p->p.out[i].base_rte = tl->base_rte[i];
		p->p.out[i].base_col = tl->base_col[i];
	}
	return &p->p;
}

static bool
window_walker(fq_expr *e, void *arg)
{
	(void) arg;
	return FQ_IS(e, FQ_N_EXPR_WINDOW) || fq_expr_walk_children(e, window_walker, NULL);
}

/* True if e calls a window function. */
static bool
has_window(fq_expr *e)
{
	return window_walker(e, NULL);
}

/*
 * An aggregate in e as PostgreSQL looks for one in a GROUP BY entry: a
 * window function's PARTITION BY, ORDER BY and frame are its window's, not
 * the call's, so an aggregate there is not seen (the window function is,
 * 42P20); one in its arguments or FILTER is (42803).
 */
static bool
agg_walker(fq_expr *e, void *arg)
{
	if (fq_stack_too_deep() || FQ_IS(e, FQ_N_EXPR_AGG))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_WINDOW))
	{
		const fq_window_expr *w = (const fq_window_expr *) e;
		int filter = w->nargs + w->npart + w->norder;

		for (int i = 0; i < w->nargs && i < w->nkids; i++)
			if (agg_walker(w->kids[i], arg))
				return true;
		return w->has_filter && filter < w->nkids && agg_walker(w->kids[filter], arg);
	}
	return fq_expr_walk_children(e, agg_walker, arg);
}

static bool
grouping_walker(fq_expr *e, void *arg)
{
	return (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_GROUPING) ||
		fq_expr_walk_children(e, grouping_walker, arg);
}

/* ---- GROUP BY ---- */

/* One GROUP BY expression: a position in the select list (GROUP BY 1), an
 * output column's name, or an expression over the FROM items. */
static fq_expr *
bind_group_expr(binder *b, fq_node *g, target_list *tl, scope *sc)
{
	fq_expr *e;

	if (FQ_IS(g, FQ_N_RAW_CONST) && ((fq_raw_const *) g)->kind != FQ_CONST_INTEGER)
		return bind_fail_at(b, g, FQ_ERR_SYNTAX_ERROR, "non-integer constant in GROUP BY");
	if (FQ_IS(g, FQ_N_RAW_CONST))
	{
		long k = strtol(((fq_raw_const *) g)->text, NULL, 10);

		if (k < 1 || k > tl->visible)
			return bind_fail_at(b, g, FQ_ERR_INVALID_COLUMN_REFERENCE,
								"GROUP BY position %ld is not in select list", k);
		e = tl->exprs[k - 1];
	}
	else
	{
		bind_ctx gcx = {.sc = sc, .where = CTX_GROUP_BY, .clause = "GROUP BY"};

		e = bind_expr(b, &gcx, g);
		if (e == NULL && FQ_IS(g, FQ_N_RAW_COLUMN_REF) &&
			fq_list_len(((fq_raw_column_ref *) g)->fields) == 1)
		{
			const char *name = fq_list_nth(((fq_raw_column_ref *) g)->fields, 0);

			for (int k = 0; k < tl->visible; k++)
				if (bind_name_eq(tl->names[k], name))
				{
					fq_diags_clear(b->d);
					e = tl->exprs[k];
					break;
				}
		}
		if (e == NULL)
			return NULL;
	}
	if (agg_walker(e, NULL))
		return bind_fail_at(b, g, FQ_ERR_GROUPING_ERROR,
							"aggregate functions are not allowed in GROUP BY");
	if (has_window(e))
		return bind_fail_at(b, g, FQ_ERR_WINDOWING_ERROR,
							"window functions are not allowed in GROUP BY");
	/* GROUP BY 2 where 2 is GROUPING(...): refused as written out */
	if (grouping_walker(e, NULL))
		return bind_fail_at(b, g, FQ_ERR_GROUPING_ERROR,
							"grouping operations are not allowed in GROUP BY");
	return e;
}

/* PostgreSQL's limit on the grouping sets of one query */
#define MAX_GROUPING_SETS 4096
/* fedq's: GROUPING() of every grouping column (the Aggregate's grouping-set
 * column) must fit an integer, as PostgreSQL's GROUPING takes 31 arguments */
#define MAX_SET_COLUMNS 31

/* Grouping sets being expanded: masks of agg->groups. */
typedef struct gset_list
{
	int n;
	uint64_t *m;
} gset_list;

typedef struct gset_ctx
{
	binder *b;
	target_list *tl;
	scope *sc;
	fq_plan_agg *agg;
	int cap;            /* room in agg->groups */
} gset_ctx;

/* The expressions a GROUP BY item names, counted (room for agg->groups);
 * -1 when nested too deep. */
static int
count_group_exprs(binder *b, fq_node *g)
{
	fq_node *item;
	int n = 0;

	if (!FQ_IS(g, FQ_N_RAW_GROUPING_SET))
		return 1;
	if (fq_stack_check(b->d) < 0)
		return -1;
	FQ_LIST_FOREACH(item, ((fq_raw_grouping_set *) g)->items)
	{
		int k = count_group_exprs(b, item);

		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

static bool
gset_alloc(gset_ctx *gc, gset_list *l, long n, const void *at)
{
	if (n > MAX_GROUPING_SETS)
	{
		fq_raise(gc->b->d, FQ_ERR_STATEMENT_TOO_COMPLEX, bind_pos(gc->b, at),
				 "too many grouping sets present (maximum %d)", MAX_GROUPING_SETS);
		return false;
	}
	l->n = 0;
	if ((l->m = FQ_NEW_ARRAY(gc->b->a, uint64_t, n > 0 ? n : 1)) == NULL)
	{
		bind_nomem(gc->b);
		return false;
	}
	return true;
}

/* The bit of a grouping expression: an equal one seen before shares it. */
static bool
group_bit(gset_ctx *gc, fq_node *raw, uint64_t *mask)
{
	fq_plan_agg *agg = gc->agg;
	fq_expr *e = bind_group_expr(gc->b, raw, gc->tl, gc->sc);
	int i;

	if (e == NULL)
		return false;
	for (i = 0; i < agg->ngroups && !fq_expr_equal(e, agg->groups[i]); i++)
		;
	if (i == agg->ngroups)
	{
		if (i == MAX_SET_COLUMNS || i == gc->cap)
		{
			fq_raise(gc->b->d, FQ_ERR_FEATURE_NOT_SUPPORTED, bind_pos(gc->b, raw),
					 "GROUPING SETS, ROLLUP and CUBE over more than %d distinct expressions "
					 "are not supported", MAX_SET_COLUMNS);
			return false;
		}
		agg->groups[agg->ngroups++] = e;
	}
	*mask |= (uint64_t) 1 << i;
	return true;
}

/* The one set of an expression, (), or a parenthesised list. */
static bool
simple_set(gset_ctx *gc, fq_node *g, uint64_t *mask)
{
	fq_node *item;

	*mask = 0;
	if (!FQ_IS(g, FQ_N_RAW_GROUPING_SET))
		return group_bit(gc, g, mask);
	FQ_LIST_FOREACH(item, ((fq_raw_grouping_set *) g)->items)
		if (!group_bit(gc, item, mask))
			return false;
	return true;
}

/*
 * The grouping sets of one GROUP BY item, as PostgreSQL expands them:
 * ROLLUP (a, b) is (a, b), (a), (); CUBE (a, b) every subset of its
 * elements; GROUPING SETS the sets of each of its elements in turn.
 */
static bool
expand_item(gset_ctx *gc, fq_node *g, gset_list *out)
{
	fq_raw_grouping_set *gs = (fq_raw_grouping_set *) g;
	int n = FQ_IS(g, FQ_N_RAW_GROUPING_SET) ? fq_list_len(gs->items) : 0;
	uint64_t *elems;
	fq_node *item;
	int k = 0;

	if (fq_stack_check(gc->b->d) < 0)
		return false;
	if (!FQ_IS(g, FQ_N_RAW_GROUPING_SET) || gs->kind == FQ_GSET_EMPTY || gs->kind == FQ_GSET_LIST)
	{
		if (!gset_alloc(gc, out, 1, g) || !simple_set(gc, g, &out->m[0]))
			return false;
		out->n = 1;
		return true;
	}
	if (gs->kind == FQ_GSET_SETS)
	{
		gset_list *parts = FQ_NEW_ARRAY(gc->b->a, gset_list, n);
		long total = 0;

		if (parts == NULL)
		{
			bind_nomem(gc->b);
			return false;
		}
		FQ_LIST_FOREACH(item, gs->items)
		{
			if (!expand_item(gc, item, &parts[k]))
				return false;
			total += parts[k++].n;
		}
		if (!gset_alloc(gc, out, total, g))
			return false;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < parts[i].n; j++)
				out->m[out->n++] = parts[i].m[j];
		return true;
	}
	/* ROLLUP, CUBE: of expressions and lists, one set each */
	if (gs->kind == FQ_GSET_CUBE && n > 12)
		return gset_alloc(gc, out, MAX_GROUPING_SETS + 1, g);
	if ((elems = FQ_NEW_ARRAY(gc->b->a, uint64_t, n)) == NULL)
	{
		bind_nomem(gc->b);
		return false;
	}
	FQ_LIST_FOREACH(item, gs->items)
		if (!simple_set(gc, item, &elems[k++]))
			return false;
	if (gs->kind == FQ_GSET_ROLLUP)
	{
		if (!gset_alloc(gc, out, n + 1, g))
			return false;
		for (int len = n; len >= 0; len--)
		{
			uint64_t m = 0;

			for (int i = 0; i < len; i++)
				m |= elems[i];
			out->m[out->n++] = m;
		}
		return true;
	}
	if (!gset_alloc(gc, out, 1L << n, g))
		return false;
	/* every subset, the whole first: bit i of `leave` leaves element i out */
	for (long leave = 0; leave < (1L << n); leave++)
	{
		uint64_t m = 0;

		for (int i = 0; i < n; i++)
			if (!(leave & (1L << i)))
				m |= elems[i];
		out->m[out->n++] = m;
	}
	return true;
}

/*
 * GROUP BY: agg->groups, and with ROLLUP, CUBE or GROUPING SETS, the
 * sets: the cross product of each item's sets, as PostgreSQL forms them
 * (GROUP BY a, ROLLUP (b) is (a, b), (a)).  Expressions that are equal
 * are one grouping column.  A query whose only set groups by every
 * column is a plain GROUP BY.
 */
static bool
bind_group_by(binder *b, fq_select_stmt *sel, target_list *tl, scope *sc, fq_plan_agg *agg)
{
	gset_ctx gc = {b, tl, sc, agg, 0};
	gset_list all;
	fq_node *g;
	bool sets = false;

	FQ_LIST_FOREACH(g, sel->group_by)
	{
		int k = count_group_exprs(b, g);

		if (k < 0)
			return false;
		gc.cap += k;
		sets |= FQ_IS(g, FQ_N_RAW_GROUPING_SET);
	}
	if ((agg->groups = bind_expr_array(b, gc.cap)) == NULL)
	{
		bind_nomem(b);
		return false;
	}
	if (!sets)
	{
		/* plain GROUP BY a, b: every expression as written */
		FQ_LIST_FOREACH(g, sel->group_by)
			if ((agg->groups[agg->ngroups++] = bind_group_expr(b, g, tl, sc)) == NULL)
				return false;
		return true;
	}
	if (!gset_alloc(&gc, &all, 1, NULL))
		return false;
	all.m[all.n++] = 0;
	FQ_LIST_FOREACH(g, sel->group_by)
	{
		gset_list item;
		gset_list prod;

		if (!expand_item(&gc, g, &item) ||
			!gset_alloc(&gc, &prod, (long) all.n * item.n, g))
			return false;
		for (int i = 0; i < all.n; i++)
			for (int j = 0; j < item.n; j++)
				prod.m[prod.n++] = all.m[i] | item.m[j];
		all = prod;
	}
	if (sel->group_distinct)
	{
		/* GROUP BY DISTINCT: a set that groups by the same columns as an
		 * earlier one is dropped */
		int n = 0;

		for (int i = 0; i < all.n; i++)
		{
			int j;

			for (j = 0; j < n && all.m[j] != all.m[i]; j++)
				;
			if (j == n)
				all.m[n++] = all.m[i];
		}
		all.n = n;
	}
	if (all.n == 1 && all.m[0] == (agg->ngroups == 0 ? 0 : (~(uint64_t) 0 >> (64 - agg->ngroups))))
		return true;
	agg->nsets = all.n;
	agg->sets = all.m;
	return true;
}

typedef struct window_ctx
{
	binder *b;
	int rel;
	fq_list *funcs;
	bool failed;
} window_ctx;

static fq_expr *
window_mutator(fq_expr *e, void *arg)
{
	window_ctx *wc = arg;
	fq_var *v;
	fq_window_expr *w;
	int j = 0;

	if (!FQ_IS(e, FQ_N_EXPR_WINDOW))
		return e;
	FQ_LIST_FOREACH(w, wc->funcs)
	{
		if (fq_expr_equal(&w->e, e))
			break;
		j++;
	}
	if (j == fq_list_len(wc->funcs) &&
		(wc->funcs = fq_lappend(wc->b->a, wc->funcs, e)) == NULL)
	{
		wc->failed = true;
		return NULL;
	}
	if ((v = fq_make_var(wc->b->a, wc->rel, j, e->type, fq_window_name((fq_window_expr *) e))) == NULL)
		wc->failed = true;
	return v != NULL ? &v->e : NULL;
}

/*
 * Takes the window functions out of the select list (and hidden sort
 * keys) into a Window node over plan; the targets read its outputs.
 */
static fq_plan *
make_window(binder *b, fq_plan *plan, target_list *tl)
{
	window_ctx wc = {.b = b, .rel = b->next_rel++};
	fq_plan_window *w;
	int n;

	for (int i = 0; i < tl->n; i++)
		if ((tl->exprs[i] = fq_expr_mutate(b->a, tl->exprs[i], window_mutator, &wc)) == NULL)
			return bind_nomem(b);
	n = fq_list_len(wc.funcs);
	w = FQ_MAKE_PLAN(b->a, fq_plan_window, FQ_N_PLAN_WINDOW, plan->nout + n);
	if (w == NULL || (w->funcs = FQ_NEW_ARRAY(b->a, fq_window_expr *, n > 0 ? n : 1)) == NULL)
		return bind_nomem(b);
	w->p.left = plan;
	w->rel = wc.rel;
	w->nfuncs = n;
	w->p.n.location = n > 0 ? ((fq_window_expr *) fq_list_nth(wc.funcs, 0))->e.n.location : 0;
	memcpy(w->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
	for (int j = 0; j < n; j++)
	{
		fq_plan_col *c = &w->p.out[plan->nout + j];

		w->funcs[j] = fq_list_nth(wc.funcs, j);
		c->rel = w->rel;
		c->col = j;
		c->type = w->funcs[j]->e.type;
		c->name = fq_window_name(w->funcs[j]);
		c->nullable = FQ_NULLABLE_UNKNOWN;
		c->base_rte = NULL;
		c->base_col = -1;
	}
	return &w->p;
}

/* A Project that passes through the first n outputs of child. */
fq_plan *
bind_make_passthrough_project(binder *b, fq_plan *child, int n)
{
	target_list tl = {0};

	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, child->out[i].rel, child->out[i].col, child->out[i].type,
								child->out[i].name);

		if (v == NULL || !bind_add_target(b, &tl, &v->e, child->out[i].name))
			return v ? NULL : bind_nomem(b);
		tl.nullable[i] = child->out[i].nullable;
		tl.base_rte[i] = child->out[i].base_rte;
		tl.base_col[i] = child->out[i].base_col;
	}
	return bind_make_project(b, child, &tl, n);
}

/* Groups by every output of plan: DISTINCT, UNION, INTERSECT, EXCEPT. */
fq_plan *
bind_make_distinct(binder *b, fq_plan *plan)
{
	fq_plan_agg *agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, plan->nout);

	if (agg == NULL)
		return bind_nomem(b);
	agg->p.left = plan;
	agg->group_rel = b->next_rel++;
	agg->agg_rel = b->next_rel++;
	agg->ngroups = plan->nout;
	agg->groups = bind_expr_array(b, plan->nout);
	if (agg->groups == NULL)
		return bind_nomem(b);
	for (int i = 0; i < plan->nout; i++)
	{
		fq_var *v = fq_make_var(b->a, plan->out[i].rel, plan->out[i].col, plan->out[i].type,
								plan->out[i].name);

		if (v == NULL)
			return bind_nomem(b);
		agg->groups[i] = &v->e;
		agg->p.out[i] = plan->out[i];
		agg->p.out[i].rel = agg->group_rel;
		agg->p.out[i].col = i;
	}
	return &agg->p;
}

/*
 * Sorts plan by keys (each expr holding the index of the output it sorts
 * by) and applies LIMIT / OFFSET.
 */
fq_plan *
bind_make_sort_limit(binder *b, fq_plan *plan, fq_sort_key *keys, int nkeys, fq_node *limit,
					 fq_node *offset)
{
	if (nkeys > 0)
	{
		fq_plan_sort *s = FQ_MAKE_PLAN(b->a, fq_plan_sort, FQ_N_PLAN_SORT, plan->nout);

		if (s == NULL)
			return bind_nomem(b);
		s->p.left = plan;
		memcpy(s->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		s->nkeys = nkeys;
		s->keys = keys;
		for (int i = 0; i < nkeys; i++)
		{
			int k = (int) (intptr_t) keys[i].expr;
			fq_var *v = fq_make_var(b->a, plan->out[k].rel, plan->out[k].col, plan->out[k].type,
									plan->out[k].name);

			if (v == NULL)
				return bind_nomem(b);
			keys[i].expr = &v->e;
		}
		plan = &s->p;
	}

	if (limit != NULL || offset != NULL)
	{
		fq_plan_limit *l = FQ_MAKE_PLAN(b->a, fq_plan_limit, FQ_N_PLAN_LIMIT, plan->nout);

		if (l == NULL)
			return bind_nomem(b);
		l->p.left = plan;
		memcpy(l->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		if (limit != NULL && (l->limit = bind_count(b, limit, "LIMIT")) == NULL)
			return NULL;
		if (offset != NULL && (l->offset = bind_count(b, offset, "OFFSET")) == NULL)
			return NULL;
		plan = &l->p;
	}
	return plan;
}

/*
 * VALUES (...), (...) as the FROM item "*VALUES*" of columns column1,
 * column2, ... (PostgreSQL's transformValuesClause): each column takes
 * the common type of its rows as UNION's columns do -- untyped literals
 * and NULLs take the others' type (text when every row has one), integers
 * widen, numeric keeps its (p,s) and a string type its length only when
 * every row has the same -- and every value is converted to it.  The
 * rows may read the enclosing queries' columns, not aggregates or window
 * functions.
 */
static fq_plan *
bind_values(binder *b, scope *sc, fq_select_stmt *sel)
{
	int nrows = fq_list_len(sel->values);
	int ncols = fq_list_len(fq_list_nth(sel->values, 0));
	bind_ctx cx = {.sc = &(scope){NULL}, .where = CTX_OTHER, .clause = "VALUES"};
	fq_plan_values *v = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, ncols);
	fq_expr **col = bind_expr_array(b, nrows);
	brel *r = bind_new_rel(b, ncols);

	if (v == NULL || col == NULL || r == NULL ||
		(v->rows = FQ_NEW_ARRAY(b->a, fq_expr **, nrows)) == NULL)
		return bind_nomem(b);
	v->rel = b->next_rel++;
	v->nrows = nrows;
	v->p.n.location = sel->n.location;
	for (int i = 0; i < nrows; i++)
	{
		fq_list *row = fq_list_nth(sel->values, i);

		if ((v->rows[i] = bind_expr_array(b, ncols)) == NULL)
			return bind_nomem(b);
		for (int c = 0; c < ncols; c++)
			if ((v->rows[i][c] = bind_expr(b, &cx, fq_list_nth(row, c))) == NULL)
				return NULL;
	}
	r->alias = "*VALUES*";
	for (int c = 0; c < ncols; c++)
	{
		fq_plan_col *pc = &v->p.out[c];
		bool same = true;
		int nulls = 0;

		for (int i = 0; i < nrows; i++)
		{
			col[i] = v->rows[i][c];
			same = same && fq_type_equal(&col[i]->type, &col[0]->type);
			if (FQ_IS(col[i], FQ_N_EXPR_CONST))
				nulls += ((fq_const *) col[i])->value.isnull ? 1 : 0;
			else
				nulls = nrows + 1; /* not known */
		}
		/* at the first row whose type does not meet the others' */
		if (!bind_common_of(b, col, nrows, "VALUES", NULL, &pc->type))
			return NULL;
		if (!same)
			pc->type = fq_type_unbounded(&pc->type);
		for (int i = 0; i < nrows; i++)
			if ((v->rows[i][c] = bind_coerce(b, col[i], &pc->type, true, col[i])) == NULL)
				return NULL;
		pc->rel = v->rel;
		pc->col = c;
		pc->name = fq_arena_printf(b->a, "column%d", c + 1);
		pc->nullable = nulls == 0 ? FQ_NULLABLE_NO
			: nulls <= nrows ? FQ_NULLABLE_YES : FQ_NULLABLE_UNKNOWN;
		pc->base_col = -1;
		if (pc->name == NULL)
			return bind_nomem(b);
		r->names[c] = pc->name;
		r->types[c] = pc->type;
		r->nullable[c] = pc->nullable;
		r->rels[c] = v->rel;
		r->cols[c] = c;
	}
	if ((sc->rels = fq_lappend(b->a, sc->rels, r)) == NULL)
		return bind_nomem(b);
	return &v->p;
}

/*
 * SELECT DISTINCT ON (d, ...) ... ORDER BY ...: the sort keys PostgreSQL
 * uses (transformDistinctOnClause), into keys[]: the ORDER BY items that
 * are DISTINCT ON items, with their directions, then the DISTINCT ON
 * items the ORDER BY leaves out (ascending), then the rest of the ORDER
 * BY; *nunique is how many of them the DISTINCT ON items make.  An ORDER
 * BY must start with the DISTINCT ON items, in any order (42P10).  The
 * items are targets (hidden ones added as for ORDER BY), matched by
 * expression.
 */
static bool
distinct_on_keys(binder *b, fq_select_stmt *sel, target_list *tl, bind_ctx *cx,
				 fq_sort_key **keys, int *nkeys, int *nunique)
{
	int nd = fq_list_len(sel->distinct_on);
	int *don = FQ_NEW_ARRAY(b->a, int, nd);
	fq_node **don_at = FQ_NEW_ARRAY(b->a, fq_node *, nd);
	fq_sort_key *out = FQ_NEW_ARRAY(b->a, fq_sort_key, nd + *nkeys);
	bool *in_prefix = FQ_NEW_ARRAY(b->a, bool, nd);
	bool skipped = false;
	int ndon = 0;
	int n = 0;
	fq_node *item;

	if (don == NULL || don_at == NULL || out == NULL || in_prefix == NULL)
	{
		bind_nomem(b);
		return false;
	}
	FQ_LIST_FOREACH(item, sel->distinct_on)
	{
		bool failed;
		int k = match_target(b, tl, item, "DISTINCT ON", &failed);
		bool dup = false;

		if (failed)
			return false;
		if (k < 0)
		{
			fq_expr *e = bind_expr(b, cx, item);

			if (e == NULL)
				return false;
			for (int j = 0; j < tl->n && k < 0; j++)
				if (fq_expr_equal(e, tl->exprs[j]))
					k = j;
			if (k < 0)
				k = target_written_as(sel, tl, item);
			if (k < 0)
			{
				if (!bind_add_target(b, tl, e, "?distinct?"))
					return false;
				k = tl->n - 1;
			}
		}
		for (int j = 0; j < ndon; j++)
			dup = dup || fq_expr_equal(tl->exprs[don[j]], tl->exprs[k]);
		if (!dup)
		{
			don_at[ndon] = item;
			in_prefix[ndon] = false;
			don[ndon++] = k;
		}
	}
	/* the ORDER BY's first items: DISTINCT ON items, then none */
	for (int i = 0; i < *nkeys; i++)
	{
		int k = (int) (intptr_t) (*keys)[i].expr;
		int d = -1;

		for (int j = 0; j < ndon && d < 0; j++)
			if (fq_expr_equal(tl->exprs[don[j]], tl->exprs[k]))
				d = j;
		if (d < 0)
		{
			skipped = true;
			continue;
		}
		/* a key already sorted on: PostgreSQL's sort list holds it once */
		if (in_prefix[d])
			continue;
		if (skipped)
		{
			bind_fail_at(b, don_at[d], FQ_ERR_INVALID_COLUMN_REFERENCE,
						 "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
			return false;
		}
		if (!in_prefix[d])
		{
			in_prefix[d] = true;
			out[n++] = (*keys)[i];
		}
	}
	for (int j = 0; j < ndon; j++)
	{
		if (in_prefix[j])
			continue;
		if (skipped)
		{
			bind_fail_at(b, don_at[j], FQ_ERR_INVALID_COLUMN_REFERENCE,
						 "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
			return false;
		}
		out[n].expr = (fq_expr *) (intptr_t) don[j];
		out[n].desc = false;
		out[n].nulls_first = false;
		n++;
	}
	*nunique = n;
	for (int i = 0; i < *nkeys; i++)
	{
		int k = (int) (intptr_t) (*keys)[i].expr;
		bool is_don = false;

		for (int j = 0; j < ndon; j++)
			is_don = is_don || fq_expr_equal(tl->exprs[don[j]], tl->exprs[k]);
		if (!is_don)
			out[n++] = (*keys)[i];
	}
	*keys = out;
	*nkeys = n;
	return true;
}

/*
 * Unique over the Sort `plan` (its first nkeys keys): the first row of
 * each run of rows equal in those keys.
 */
static fq_plan *
make_unique(binder *b, fq_plan *plan, int nkeys)
{
	const fq_plan_sort *s = (const fq_plan_sort *) plan;
	fq_plan_unique *u = FQ_MAKE_PLAN(b->a, fq_plan_unique, FQ_N_PLAN_UNIQUE, plan->nout);

	if (u == NULL || (u->keys = bind_expr_array(b, nkeys)) == NULL)
		return bind_nomem(b);
	u->p.left = plan;
	u->nkeys = nkeys;
	memcpy(u->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
	for (int i = 0; i < nkeys; i++)
		u->keys[i] = s->keys[i].expr;
	return &u->p;
}

static int bind_select_body(binder *b, fq_select_stmt *sel, fq_plan **out);
static int earlier_error(binder *b, const binder *before, int ndiags, fq_select_stmt *sel,
						 fq_plan **out);

/*
 * A SELECT, with the windows of its WINDOW clause in b->windows while it
 * is bound (each may build on an earlier one; a query's window names are
 * its own, not its subqueries').
 */
int
bind_select(binder *b, fq_select_stmt *sel, fq_plan **out)
{
	fq_list *saved = b->windows;
	fq_list *defs = NULL;
	fq_raw_window *w;
	int rc;

	FQ_LIST_FOREACH(w, sel->windows)
	{
		fq_raw_window *d;
		fq_raw_window *r;

		FQ_LIST_FOREACH(d, defs)
			if (bind_name_eq(d->name, w->name))
			{
				bind_fail_at(b, w, FQ_ERR_WINDOWING_ERROR, "window \"%s\" is already defined",
							 w->name);
				return FQ_ERROR;
			}
		if ((r = bind_resolve_window(b, w, defs)) == NULL)
			return FQ_ERROR;
		if (r != w)
		{
			/* a copy named as the definition */
			fq_raw_window *c = FQ_NEW(b->a, fq_raw_window);

			if (c == NULL)
				return fq_raise_nomem(b->d, b->a);
			*c = *r;
			c->name = w->name;
			c->n.location = w->n.location;
			r = c;
		}
		if ((defs = fq_lappend(b->a, defs, r)) == NULL)
			return fq_raise_nomem(b->d, b->a);
	}
	b->windows = defs;
	{
		binder before = *b;
		int ndiags = fq_diags_count(b->d);

		rc = bind_select_body(b, sel, out);
		if (rc < 0 && b->window_failed_at == b->depth && b->skip_windows_at == 0)
			rc = earlier_error(b, &before, ndiags, sel, out);
	}
	b->windows = saved;
	return rc;
}

/*
 * A window definition of this query failed.  PostgreSQL transforms those
 * after the select list, WHERE, GROUP BY, HAVING, ORDER BY and DISTINCT,
 * so an error of theirs comes first: the query is bound again as it was
 * before (binder `before`, ndiags records), without its window
 * definitions, up to where they would be (reached_windows); an error that
 * bind raises replaces the window's.
 */
static int
earlier_error(binder *b, const binder *before, int ndiags, fq_select_stmt *sel, fq_plan **out)
{
	fq_diags *d = b->d;
	fq_diags *first = fq_diags_new();

	if (first == NULL)
		return FQ_ERROR; /* the window's error stands */
	fq_diags_append(first, d);
	fq_diags_truncate(d, ndiags);
	*b = *before;
	b->skip_windows_at = b->depth;
	if (bind_select_body(b, sel, out) >= 0 || b->reached_windows || !fq_diags_has_error(d))
	{
		/* nothing before the windows failed: the window's error */
		fq_diags_truncate(d, 0);
		fq_diags_append(d, first);
	}
	fq_diags_free(first);
	b->skip_windows_at = 0;
	b->reached_windows = false;
	b->window_failed_at = before->window_failed_at;
	return FQ_ERROR;
}

static int
bind_select_body(binder *b, fq_select_stmt *sel, fq_plan **out)
{
	scope sc = {NULL};
	fq_plan *plan = NULL;
	fq_node *item;
	target_list tl = {0};
	fq_raw_target *t;
	bool is_agg;
	bind_ctx cx = {.sc = &sc, .where = CTX_SELECT, .clause = "the select list"};
	fq_list *saved_ctes = b->ctes;
	fq_sort_key *keys = NULL;
	int nkeys = 0;
	/* `SELECT 'x', NULL ... UNION SELECT ...`: as in PostgreSQL, the
	 * literals take the other input's types, as long as nothing in this
	 * query needs their types first. */
	bool keep_untyped = b->setop_input && !sel->distinct && sel->distinct_on == NULL &&
		sel->group_by == NULL && sel->having == NULL && sel->order_by == NULL &&
		sel->limit == NULL && sel->offset == NULL;
	int nunique = 0;

	b->setop_input = false;

	/* WITH: visible to this query and its subqueries. */
	if (bind_with(b, sel->with) < 0)
		return FQ_ERROR;

	/* VALUES: the FROM item of every column */
	if (sel->values != NULL && (plan = bind_values(b, &sc, sel)) == NULL)
		return FQ_ERROR;

	/* FROM */
	FQ_LIST_FOREACH(item, sel->from)
	{
		fq_plan *p = bind_from_item(b, &sc, item);

		if (p == NULL)
			return FQ_ERROR;
		plan = bind_attach(b, plan, p, FQ_JOIN_CROSS, NULL, item);
		if (plan == NULL)
			return FQ_ERROR;
	}
	if (plan == NULL)
	{
		/* SELECT without FROM: one empty row. */
		fq_plan_values *v = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, 0);

		if (v == NULL)
			return fq_raise_nomem(b->d, b->a);
		v->rel = b->next_rel++;
		v->nrows = 1;
		v->rows = FQ_NEW_ARRAY(b->a, fq_expr **, 1);
		if (v->rows == NULL)
			return fq_raise_nomem(b->d, b->a);
		plan = &v->p;
	}

	/* WHERE */
	if (sel->where != NULL)
	{
		fq_plan_filter *f;
		fq_expr *pred;

		if (bind_where(b, &sc, sel->where, &pred) < 0)
			return FQ_ERROR;
	  if (pred != NULL)
	  {
		f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, plan->nout);
		if (f == NULL)
			return fq_raise_nomem(b->d, b->a);
		f->p.left = plan;
		f->pred = pred;
		memcpy(f->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		plan = &f->p;
	  }
	}

	/* Select list (bound in the FROM scope; aggregates noted). */
	if (sel->values != NULL)
	{
		const brel *r = fq_list_nth(sc.rels, 0);

		for (int i = 0; i < r->ncols; i++)
		{
			fq_expr *v = bind_column_var(b, r, i);

			if (v == NULL || !bind_add_target(b, &tl, v, r->names[i]))
				return FQ_ERROR;
			tl.nullable[i] = r->nullable[i];
		}
	}
	FQ_LIST_FOREACH(t, sel->targets)
	{
		fq_expr *e;

		if (FQ_IS(t->expr, FQ_N_RAW_STAR))
		{
			if (!expand_star(b, &sc, (fq_raw_star *) t->expr, &tl))
				return FQ_ERROR;
			continue;
		}
		e = bind_expr(b, &cx, t->expr);
		if (e == NULL)
			return FQ_ERROR;
		if (e->type.id == FQ_T_UNKNOWN && !(keep_untyped && FQ_IS(e, FQ_N_EXPR_CONST)))
		{
			/* An untyped literal in the select list is text. */
			fq_type text = fq_type_varchar(-1);

			if ((e = bind_coerce(b, e, &text, true, t)) == NULL)
				return FQ_ERROR;
		}
		if (!bind_add_target(b, &tl, e, target_name(t, e)))
			return FQ_ERROR;
		note_provenance(&tl, tl.n - 1, &sc, e);
	}
	tl.visible = tl.n;

	/* ORDER BY: match targets, else bind as hidden targets. */
	if (sel->order_by != NULL)
	{
		fq_raw_sort_by *sb;
		int i = 0;

		keys = FQ_NEW_ARRAY(b->a, fq_sort_key, fq_list_len(sel->order_by));
		if (keys == NULL)
			return fq_raise_nomem(b->d, b->a);
		FQ_LIST_FOREACH(sb, sel->order_by)
		{
			bool failed;
			int k = bind_match_sort_target(b, &tl, sb, &failed);

			if (failed)
				return FQ_ERROR;
			if (k < 0)
			{
				fq_expr *e = bind_expr(b, &cx, sb->expr);

				if (e == NULL)
					return FQ_ERROR;
				for (int j = 0; j < tl.n; j++)
					if (fq_expr_equal(e, tl.exprs[j]))
						k = j;
				if (k < 0)
					k = target_written_as(sel, &tl, sb->expr);
				if (k < 0)
				{
					if (sel->distinct)
						return fq_raise(b->d, FQ_ERR_INVALID_COLUMN_REFERENCE, bind_pos(b, sb),
										"for SELECT DISTINCT, ORDER BY expressions must appear "
										"in select list");
					if (!bind_add_target(b, &tl, e, "?sort?"))
						return FQ_ERROR;
					k = tl.n - 1;
				}
			}
			keys[i].desc = sb->desc;
			/* PostgreSQL: NULLs sort as larger than everything. */
			keys[i].nulls_first = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc
				: sb->nulls == FQ_NULLS_FIRST;
			keys[i].expr = (fq_expr *) (intptr_t) k; /* target index, replaced below */
			i++;
		}
		nkeys = i;
	}

	/* DISTINCT ON: its items lead the sort (more hidden targets). */
	if (sel->distinct_on != NULL &&
		!distinct_on_keys(b, sel, &tl, &cx, &keys, &nkeys, &nunique))
		return FQ_ERROR;

	/* GROUP BY and aggregates. */
	is_agg = cx.saw_agg || sel->group_by != NULL || sel->having != NULL;
	if (!is_agg && b->skip_windows_at == b->depth)
	{
		b->reached_windows = true; /* (earlier_error) */
		return FQ_ERROR;
	}
	if (is_agg)
	{
		fq_plan_agg *agg;
		agg_ctx ac = {.b = b};
		bool *linked;
		fq_expr **orig;
		fq_expr *having = NULL;

		agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, 0);
		if (agg == NULL)
			return fq_raise_nomem(b->d, b->a);
		agg->p.left = plan;
		agg->group_rel = b->next_rel++;
		agg->agg_rel = b->next_rel++;
		if (!bind_group_by(b, sel, &tl, &sc, agg))
			return FQ_ERROR;

		if (sel->having != NULL)
		{
			cx.no_window = true;
			having = bind_to_bool(b, bind_expr(b, &cx, sel->having), "HAVING");
			cx.no_window = false;
			if (having == NULL)
				return FQ_ERROR;
		}
		if (b->skip_windows_at == b->depth)
		{
			/* (grouping errors come after the windows' too) */
			b->reached_windows = true;
			return FQ_ERROR;
		}
		ac.agg = agg;
		if ((linked = FQ_NEW_ARRAY(b->a, bool, tl.n > 0 ? tl.n : 1)) == NULL ||
			(orig = bind_expr_array(b, tl.n > 0 ? tl.n : 1)) == NULL)
			return fq_raise_nomem(b->d, b->a);
		/* the select list item each GROUP BY item names: the one it is
		 * (GROUP BY 1, an output name), else the first equal to it */
		for (int g = 0; g < agg->ngroups; g++)
		{
			int k = -1;

			for (int i = 0; i < tl.n && k < 0; i++)
				if (tl.exprs[i] == agg->groups[g])
					k = i;
			for (int i = 0; i < tl.n && k < 0; i++)
				if (fq_expr_equal(tl.exprs[i], agg->groups[g]))
					k = i;
			if (k >= 0)
				linked[k] = true;
		}
		for (int i = 0; i < tl.n; i++)
		{
			orig[i] = tl.exprs[i];
			ac.linked = linked[i] ? tl.exprs[i] : NULL;
			if ((tl.exprs[i] = agg_rewrite(&ac, tl.exprs[i])) == NULL)
				return FQ_ERROR;
		}
		ac.linked = NULL;
		if (having != NULL && (having = agg_rewrite(&ac, having)) == NULL)
			return FQ_ERROR;
		/* With grouping sets, PostgreSQL 15 drops an ORDER BY key that
		 * folds to a constant -- also a grouping column's, NULL in some
		 * rows: the rows come in the order of the other keys. */
		if (agg->nsets > 0 && nunique == 0)
		{
			int n = 0;

			for (int i = 0; i < nkeys; i++)
				if (!folds_to_constant(orig[(intptr_t) keys[i].expr]))
					keys[n++] = keys[i];
			nkeys = n;
		}
		agg->naggs = fq_list_len(ac.aggs);
		agg->aggs = FQ_NEW_ARRAY(b->a, fq_agg_expr *, agg->naggs > 0 ? agg->naggs : 1);
		agg->p.nout = agg->ngroups + agg->naggs + (agg->nsets > 0);
		agg->p.out = FQ_NEW_ARRAY(b->a, fq_plan_col, agg->p.nout > 0 ? agg->p.nout : 1);
		if (agg->aggs == NULL || agg->p.out == NULL)
			return fq_raise_nomem(b->d, b->a);
		for (int i = 0; i < agg->ngroups; i++)
		{
			agg->p.out[i].rel = agg->group_rel;
			agg->p.out[i].col = i;
			agg->p.out[i].type = agg->groups[i]->type;
			agg->p.out[i].name = FQ_IS(agg->groups[i], FQ_N_EXPR_VAR)
				? ((fq_var *) agg->groups[i])->name : "?group?";
			/* a grouping set that leaves it out shows it NULL */
			agg->p.out[i].nullable = agg->nsets > 0 ? FQ_NULLABLE_YES : FQ_NULLABLE_UNKNOWN;
		}
		if (agg->nsets > 0)
		{
			fq_plan_col *c = &agg->p.out[agg->ngroups + agg->naggs];

			c->rel = agg->group_rel;
			c->col = agg->ngroups;
			c->type = fq_type_make(FQ_T_INT4);
			c->name = "grouping";
			c->nullable = FQ_NULLABLE_NO;
		}
		for (int j = 0; j < agg->naggs; j++)
		{
			fq_plan_col *c = &agg->p.out[agg->ngroups + j];

			agg->aggs[j] = fq_list_nth(ac.aggs, j);
			c->rel = agg->agg_rel;
			c->col = j;
			c->type = agg->aggs[j]->e.type;
			c->name = fq_agg_name(agg->aggs[j]->kind);
			c->nullable = fq_agg_counts(agg->aggs[j]->kind) ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
		}
		plan = &agg->p;
		if (having != NULL)
		{
			fq_plan_filter *f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, plan->nout);

			if (f == NULL)
				return fq_raise_nomem(b->d, b->a);
			f->p.left = plan;
			f->pred = having;
			memcpy(f->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
			plan = &f->p;
		}
		/* Group columns keep their provenance for describe. */
		for (int i = 0; i < tl.n; i++)
			if (!FQ_IS(tl.exprs[i], FQ_N_EXPR_VAR) || ((fq_var *) tl.exprs[i])->rel != agg->group_rel)
			{
				tl.base_rte[i] = NULL;
				/* (an enclosing query's column, left as it is, keeps its own) */
				if (FQ_IS(tl.exprs[i], FQ_N_EXPR_VAR) && ((fq_var *) tl.exprs[i])->rel == agg->agg_rel)
					tl.nullable[i] = agg->p.out[agg->ngroups + ((fq_var *) tl.exprs[i])->col].nullable;
			}
	}

	/* Window functions: over the rows so far (grouped, if grouping). */
	if (cx.saw_window && (plan = make_window(b, plan, &tl)) == NULL)
		return FQ_ERROR;

	/* Project the select list (and hidden sort keys). */
	plan = bind_make_project(b, plan, &tl, tl.n);
	if (plan == NULL)
		return FQ_ERROR;

	/* DISTINCT: group by every visible output. */
	if (sel->distinct && (plan = bind_make_distinct(b, plan)) == NULL)
		return FQ_ERROR;

	/* DISTINCT ON: the first row of each group in the sort's order. */
	if (nunique > 0 &&
		((plan = bind_make_sort_limit(b, plan, keys, nkeys, NULL, NULL)) == NULL ||
		 (plan = make_unique(b, plan, nunique)) == NULL))
		return FQ_ERROR;
	if (nunique > 0)
		nkeys = 0;

	/* ORDER BY, LIMIT / OFFSET */
	if ((plan = bind_make_sort_limit(b, plan, keys, nkeys, sel->limit, sel->offset)) == NULL)
		return FQ_ERROR;

	/* Drop hidden sort keys. */
	if (tl.n > tl.visible && (plan = bind_make_passthrough_project(b, plan, tl.visible)) == NULL)
		return FQ_ERROR;
	b->ctes = saved_ctes;
	*out = plan;
	return FQ_OK;
}
