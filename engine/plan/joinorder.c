/*
 * joinorder.c — orders inner joins so that each source runs the joins
 * among its own tables, and fedq's hash joins build their small sides.
 *
 * The binder joins FROM items in the order written.  When tables of
 * different sources interleave (`FROM lineitem, supplier, orders` with
 * lineitem and orders at one source and supplier at another), no subtree
 * has all its tables at one source, so pushdown cannot send the
 * lineitem-orders join and fedq pulls both tables whole.
 *
 * A region of INNER and CROSS joins may be reordered freely (filter
 * conditions have already moved down onto the tables, rewrite.c).  Its
 * leaves (tables, subqueries, outer and semi joins: reordered inside on
 * their own) and the conjuncts of its join conditions are collected.  A
 * region one source can run whole keeps its written order; otherwise
 *
 *   1. parts (at first, one per leaf) at the same source that conditions
 *      link merge (a VALUES list, which reads no table, with any source's
 *      part), the pair that saves the most rows first, while the
 *      join's estimated rows are no more than the two parts' together:
 *      a source runs a join when that sends fewer rows, not when it
 *      multiplies them (customer and supplier joined on their nation);
 *   2. the part with the most estimated rows becomes the probe side; the
 *      others join it one by one, smallest linked one first, each as the
 *      build side of a hash join; a part nothing links joins last as a
 *      cross join.
 *
 * Each conjunct goes to the lowest join that has all its columns.
 * Estimates, from the sources' statistics: a table's rows
 * (pg_class.reltuples), a quarter of them per filter conjunct; an
 * equality join keeps 1/max(distinct values of either column)
 * (pg_stats.n_distinct, at most the side's rows) of the cross product,
 * any other join condition a quarter.
 *
 * With Pushdown=0 no source runs a join: every table is a part of its
 * own, and only step 2 orders them (so that no written order makes fedq
 * join two tables nothing links before the ones that link them).
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"

#include <stdint.h>
#include <string.h>

/* Regions with more leaves keep their written order. */
#define MAX_LEAVES 64

/* Rows assumed for a table whose source has no statistics. */
#define UNKNOWN_ROWS 1000.0
#define FILTER_SELECTIVITY 0.25

typedef struct region
{
	fq_arena *a;
	fq_diags *d;
	bool pushdown;
	bool failed;
	bool too_many;
	int nleaves;
	fq_plan *leaf[MAX_LEAVES];
	const fq_source *src[MAX_LEAVES];
	bool floats[MAX_LEAVES]; /* reads no table: joins any source's part */
	double est[MAX_LEAVES];
	fq_list *conds;   /* fq_expr * */
	uint64_t *mask;   /* per condition: the leaves it reads */
	double *sel;      /* per condition: the fraction of rows it keeps */
	bool *used;       /* per condition: attached to a join */
} region;

static fq_plan *order(region *outer, fq_plan *p);

static bool
is_inner(const fq_plan *p)
{
	return FQ_IS(p, FQ_N_PLAN_JOIN) &&
		(((const fq_plan_join *) p)->type == FQ_JOIN_INNER ||
		 ((const fq_plan_join *) p)->type == FQ_JOIN_CROSS);
}

static int
count_conjuncts(const fq_expr *e)
{
	int n = 0;

	if (e == NULL)
		return 0;
	if (fq_stack_too_deep())
		return 1;
	if (FQ_IS(e, FQ_N_EXPR_BOOL) && ((const fq_bool_expr *) e)->kind == FQ_BOOL_AND)
	{
		const fq_bool_expr *b = (const fq_bool_expr *) e;

		for (int i = 0; i < b->nargs; i++)
			n += count_conjuncts(b->args[i]);
		return n;
	}
	return 1;
}

/* A rough row count for p, to rank join inputs. */
static double
estimate(const fq_plan *p)
{
	double l;
	double r;

	if (p == NULL || fq_stack_too_deep())
		return UNKNOWN_ROWS; /* (a WorkTable scan: the rows of a step) */
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			{
				const fq_pg_table *t = ((const fq_plan_scan *) p)->rte->meta;

				/* A view's reltuples says nothing about its rows. */
				if (t == NULL || t->est_rows < 0 ||
					(t->relkind != 'r' && t->relkind != 'p' && t->relkind != 'm'))
					return UNKNOWN_ROWS;
				return t->est_rows > 1 ? t->est_rows : 1;
			}
		case FQ_N_PLAN_FILTER:
			{
				int n = count_conjuncts(((const fq_plan_filter *) p)->pred);

				l = estimate(p->left);
				while (n-- > 0 && l > 1)
					l *= FILTER_SELECTIVITY;
				return l > 1 ? l : 1;
			}
		case FQ_N_PLAN_JOIN:
			l = estimate(p->left);
			r = estimate(p->right);
			switch (((const fq_plan_join *) p)->type)
			{
				case FQ_JOIN_CROSS:
					return l * r;
				case FQ_JOIN_INNER:
					return l > r ? l : r;
				case FQ_JOIN_LEFT:
					return l;
				case FQ_JOIN_RIGHT:
					return r;
				case FQ_JOIN_FULL:
					return l + r;
				default: /* SEMI, ANTI */
					return l * 0.5 > 1 ? l * 0.5 : 1;
			}
		case FQ_N_PLAN_AGG:
			if (((const fq_plan_agg *) p)->ngroups == 0)
				return ((const fq_plan_agg *) p)->nsets > 0 ? ((const fq_plan_agg *) p)->nsets : 1;
			l = estimate(p->left) * 0.1;
			return l > 1 ? l : 1;
		case FQ_N_PLAN_LIMIT:
			{
				const fq_expr *lim = ((const fq_plan_limit *) p)->limit;
				const fq_value *v = lim != NULL && FQ_IS(lim, FQ_N_EXPR_CONST)
					? &((const fq_const *) lim)->value : NULL;

				l = estimate(p->left);
				if (v != NULL && !v->isnull && v->type.id == FQ_T_INT8 && (double) v->v.i < l)
					l = (double) v->v.i;
				return l > 1 ? l : 1;
			}
		case FQ_N_PLAN_VALUES:
			return ((const fq_plan_values *) p)->nrows > 1 ? ((const fq_plan_values *) p)->nrows : 1;
		case FQ_N_PLAN_REMOTE:
			return estimate(((const fq_plan_remote *) p)->pushed);
		case FQ_N_PLAN_APPEND:
			{
				const fq_plan_append *ap = (const fq_plan_append *) p;

				l = 0;
				for (int i = 0; i < ap->ninputs; i++)
					l += estimate(ap->inputs[i]);
				return l > 1 ? l : 1;
			}
		default: /* PROJECT, SORT */
			return estimate(p->left);
	}
}

/* ---- Collecting a region ---- */

static void
add_leaf(region *r, fq_plan *p)
{
	if (r->nleaves == MAX_LEAVES)
	{
		r->too_many = true;
		return;
	}
	r->leaf[r->nleaves++] = p;
}

/* The leaves and condition conjuncts of the inner-join region at p. */
static void
collect(region *r, fq_plan *p)
{
	if (fq_stack_check(r->d) < 0)
	{
		r->failed = true;
		return;
	}
	if (!is_inner(p))
	{
		add_leaf(r, p);
		return;
	}
	collect(r, p->left);
	collect(r, p->right);
	if (!fq_expr_conjuncts(r->a, ((fq_plan_join *) p)->cond, &r->conds))
	{
		fq_raise_nomem(r->d, r->a);
		r->failed = true;
	}
}

typedef struct mask_ctx
{
	const region *r;
	uint64_t mask;
} mask_ctx;

static bool
mask_walker(fq_expr *e, void *arg)
{
	mask_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		const fq_var *v = (const fq_var *) e;
		int i;

		for (i = 0; i < c->r->nleaves; i++)
			if (fq_plan_find_col(c->r->leaf[i], v->rel, v->col) >= 0)
				break;
		/* A column of no leaf: keep the condition for the top join. */
		c->mask |= i < c->r->nleaves ? UINT64_C(1) << i : UINT64_MAX;
		return false;
	}
	return fq_expr_walk_children(e, mask_walker, arg);
}

/* ---- Building joins ---- */

static uint64_t
all_leaves(const region *r)
{
	return r->nleaves == 64 ? UINT64_MAX : (UINT64_C(1) << r->nleaves) - 1;
}

/* left JOIN right ON the unused conditions they cover together. */
static fq_plan *
join(region *r, fq_plan *left, uint64_t lmask, fq_plan *right, uint64_t rmask)
{
	uint64_t both = lmask | rmask;
	fq_list *on = NULL;
	fq_plan_join *j;
	fq_expr *c;

	/* The top join takes the conditions whose columns no leaf has. */
	if (both == all_leaves(r))
		both = UINT64_MAX;
	FQ_LIST_FOREACH(c, r->conds)
	{
		if (r->used[c_i] || (r->mask[c_i] & ~both) != 0)
			continue;
		r->used[c_i] = true;
		if ((on = fq_lappend(r->a, on, c)) == NULL)
			goto nomem;
	}
	j = FQ_MAKE_PLAN(r->a, fq_plan_join, FQ_N_PLAN_JOIN, left->nout + right->nout);
	if (j == NULL)
		goto nomem;
	j->p.left = left;
	j->p.right = right;
	j->p.n.location = left->n.location;
	memcpy(j->p.out, left->out, sizeof(fq_plan_col) * (size_t) left->nout);
	memcpy(j->p.out + left->nout, right->out, sizeof(fq_plan_col) * (size_t) right->nout);
	j->cond = fq_make_and(r->a, on);
	if (j->cond == NULL && on != NULL)
		goto nomem;
	j->type = j->cond != NULL ? FQ_JOIN_INNER : FQ_JOIN_CROSS;
	return &j->p;

nomem:
	fq_raise_nomem(r->d, r->a);
	r->failed = true;
	return NULL;
}

/* True if an unused condition reads both sides (and, with within, only
 * leaves of `within`). */
static bool
linked(const region *r, uint64_t a, uint64_t b, uint64_t within)
{
	for (int i = 0; i < fq_list_len(r->conds); i++)
	{
		uint64_t m = r->mask[i];

		if (!r->used[i] && m != UINT64_MAX && (m & a) != 0 && (m & b) != 0 &&
			(m & ~within) == 0)
			return true;
	}
	return false;
}

typedef struct component
{
	uint64_t mask;
	fq_plan *plan;
	double est;
} component;

static int
first_leaf(uint64_t mask)
{
	int i = 0;

	while (!(mask & (UINT64_C(1) << i)))
		i++;
	return i;
}

/*
 * Whether parts a and b may merge into one a source runs: both at one
 * source, or one of them reading no table (a VALUES list) and so running
 * wherever the other does (pushdown.c, fq_plan_floats).
 */
static bool
mergeable(const region *r, uint64_t a, uint64_t b)
{
	const fq_source *src[2] = {NULL, NULL};
	bool floating[2] = {true, true};

	for (int i = 0; i < r->nleaves; i++)
		for (int k = 0; k < 2; k++)
			if (((k == 0 ? a : b) >> i) & 1)
			{
				if (src[k] == NULL)
					src[k] = r->src[i];
				floating[k] = floating[k] && r->floats[i];
			}
	if (src[0] != NULL && src[1] != NULL)
		return fq_same_source(src[0], src[1]);
	return (src[0] == NULL && floating[0]) || (src[1] == NULL && floating[1]);
}

/* Joins the leaves of one component, each next leaf linked to the ones
 * before when possible. */
static fq_plan *
build_component(region *r, component *c)
{
	int first = first_leaf(c->mask);
	uint64_t done;

	c->plan = r->leaf[first];
	done = UINT64_C(1) << first;
	while (done != c->mask)
	{
		int next = -1;

		for (int i = 0; i < r->nleaves && next < 0; i++)
		{
			uint64_t bit = UINT64_C(1) << i;

			if ((c->mask & bit) && !(done & bit) && linked(r, done, bit, c->mask))
				next = i;
		}
		for (int i = 0; i < r->nleaves && next < 0; i++)
			if ((c->mask & (UINT64_C(1) << i)) && !(done & (UINT64_C(1) << i)))
				next = i;
		c->plan = join(r, c->plan, done, r->leaf[next], UINT64_C(1) << next);
		if (c->plan == NULL)
			return NULL;
		done |= UINT64_C(1) << next;
	}
	return c->plan;
}

/* Distinct values of column (rel, col) of leaf i, at most its rows. */
static double
column_ndistinct(const region *r, int i, const fq_var *v)
{
	int k = fq_plan_find_col(r->leaf[i], v->rel, v->col);
	const fq_plan_col *c = k >= 0 ? &r->leaf[i]->out[k] : NULL;
	double nd = 0;

	if (c != NULL && c->base_rte != NULL && c->base_rte->meta != NULL && c->base_col >= 0 &&
		c->base_col < c->base_rte->meta->ncols)
		nd = c->base_rte->meta->cols[c->base_col].ndistinct;
	/* Unknown: as if the column were the leaf's key. */
	if (nd <= 0 || nd > r->est[i])
		nd = r->est[i];
	return nd > 1 ? nd : 1;
}

/* The leaf whose outputs have e's columns, or -1. */
static int
leaf_of(const region *r, const fq_expr *e)
{
	for (int i = 0; i < r->nleaves; i++)
		if (fq_plan_provides(r->leaf[i], e))
			return i;
	return -1;
}

/* The fraction of the cross product of its leaves that condition k keeps. */
static double
selectivity(const region *r, int k)
{
	const fq_expr *e = fq_list_nth(r->conds, k);
	const fq_func_expr *f = (const fq_func_expr *) e;

	if (r->mask[k] == 0)
		return 1;
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && f->fn == FQ_F_EQ)
	{
		const fq_expr *x = fq_expr_strip_widening(f->args[0]);
		const fq_expr *y = fq_expr_strip_widening(f->args[1]);
		int lx = leaf_of(r, x);
		int ly = leaf_of(r, y);

		if (FQ_IS(x, FQ_N_EXPR_VAR) && FQ_IS(y, FQ_N_EXPR_VAR) && lx >= 0 && ly >= 0 && lx != ly)
		{
			double nx = column_ndistinct(r, lx, (const fq_var *) x);
			double ny = column_ndistinct(r, ly, (const fq_var *) y);

			return 1 / (nx > ny ? nx : ny);
		}
	}
	return FILTER_SELECTIVITY;
}

/* Estimated rows of parts a and b joined by the conditions between them. */
static double
join_rows(const region *r, const component *a, const component *b)
{
	double rows = a->est * b->est;
	uint64_t both = a->mask | b->mask;

	for (int k = 0; k < fq_list_len(r->conds); k++)
	{
		uint64_t m = r->mask[k];

		if (m != UINT64_MAX && (m & ~both) == 0 && (m & ~a->mask) != 0 && (m & ~b->mask) != 0)
			rows *= r->sel[k];
	}
	return rows > 1 ? rows : 1;
}

/* Replaces the region rooted at root by its reordered joins. */
static fq_plan *
reorder(region *r, fq_plan *root)
{
	int ncond = fq_list_len(r->conds);
	component comp[MAX_LEAVES];
	int ncomp = 0;
	uint64_t done;
	fq_plan *plan;
	int probe = 0;
	bool one_source = true;

	r->mask = FQ_NEW_ARRAY(r->a, uint64_t, ncond ? ncond : 1);
	r->sel = FQ_NEW_ARRAY(r->a, double, ncond ? ncond : 1);
	r->used = FQ_NEW_ARRAY(r->a, bool, ncond ? ncond : 1);
	if (r->mask == NULL || r->sel == NULL || r->used == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		return NULL;
	}
	for (int i = 0; i < r->nleaves; i++)
	{
		r->src[i] = r->pushdown ? fq_plan_runs_at(r->leaf[i], true) : NULL;
		r->floats[i] = r->src[i] == NULL && fq_plan_floats(r->leaf[i]);
		r->est[i] = estimate(r->leaf[i]);
		one_source = one_source && fq_same_source(r->src[0], r->src[i]);
		comp[ncomp++] = (component) {UINT64_C(1) << i, NULL, r->est[i]};
	}
	/* One source runs it all: pushdown sends the joins as written. */
	if (one_source && r->pushdown)
		return root;
	for (int k = 0; k < ncond; k++)
	{
		mask_ctx mc = {r, 0};

		mask_walker(fq_list_nth(r->conds, k), &mc);
		r->mask[k] = mc.mask;
		r->used[k] = false;
	}
	for (int k = 0; k < ncond; k++)
		r->sel[k] = selectivity(r, k);

	/* Merge linked parts of one source while that sends fewer rows. */
	for (;;)
	{
		int bi = -1;
		int bj = -1;
		double best_gain = -1;
		double best_rows = 0;

		for (int i = 0; i < ncomp; i++)
			for (int j = i + 1; j < ncomp; j++)
			{
				double rows;
				double gain;

				if (!mergeable(r, comp[i].mask, comp[j].mask) ||
					!linked(r, comp[i].mask, comp[j].mask, comp[i].mask | comp[j].mask))
					continue;
				rows = join_rows(r, &comp[i], &comp[j]);
				gain = comp[i].est + comp[j].est - rows;
				if (gain >= 0 && gain > best_gain)
				{
					bi = i;
					bj = j;
					best_gain = gain;
					best_rows = rows;
				}
			}
		if (bi < 0)
			break;
		comp[bi].mask |= comp[bj].mask;
		comp[bi].est = best_rows;
		comp[bj] = comp[--ncomp];
	}
	/* Parts in the written order of their first leaves. */
	for (int i = 1; i < ncomp; i++)
		for (int j = i; j > 0 && first_leaf(comp[j].mask) < first_leaf(comp[j - 1].mask); j--)
		{
			component t = comp[j];

			comp[j] = comp[j - 1];
			comp[j - 1] = t;
		}
	for (int c = 0; c < ncomp; c++)
	{
		if (build_component(r, &comp[c]) == NULL)
			return NULL;
		if (comp[c].est > comp[probe].est)
			probe = c;
	}

	/* The largest probes; the smallest linked component joins next. */
	plan = comp[probe].plan;
	done = comp[probe].mask;
	comp[probe].plan = NULL;
	for (int left = ncomp - 1; left > 0; left--)
	{
		int best = -1;

		for (int pass = 0; pass < 2 && best < 0; pass++)
			for (int c = 0; c < ncomp; c++)
				if (comp[c].plan != NULL &&
					(pass == 1 || linked(r, done, comp[c].mask, UINT64_MAX)) &&
					(best < 0 || comp[c].est < comp[best].est))
					best = c;
		plan = join(r, plan, done, comp[best].plan, comp[best].mask);
		if (plan == NULL)
			return NULL;
		done |= comp[best].mask;
		comp[best].plan = NULL;
	}

	/* Conditions still unplaced (reading no column) go on the top join. */
	if (FQ_IS(plan, FQ_N_PLAN_JOIN))
	{
		fq_plan_join *top = (fq_plan_join *) plan;
		fq_list *on = NULL;

		if (!fq_expr_conjuncts(r->a, top->cond, &on))
			goto nomem;
		for (int k = 0; k < ncond; k++)
			if (!r->used[k] && (on = fq_lappend(r->a, on, fq_list_nth(r->conds, k))) == NULL)
				goto nomem;
		if ((top->cond = fq_make_and(r->a, on)) == NULL && on != NULL)
			goto nomem;
		top->type = top->cond != NULL ? FQ_JOIN_INNER : FQ_JOIN_CROSS;
		/* The region's parent sees its columns in the order it had. */
		plan->out = root->out;
		plan->nout = root->nout;
	}
	return plan;

nomem:
	fq_raise_nomem(r->d, r->a);
	return NULL;
}

/*
 * EXISTS, IN and their negations over a subquery larger than the outer
 * rows: hash the outer rows and stream the subquery (which a dynamic
 * filter of the outer keys can then cut down at its source).
 */
static void
choose_build_side(fq_plan *p)
{
	fq_plan_join *j = (fq_plan_join *) p;

	if (!FQ_IS(p, FQ_N_PLAN_JOIN) || j->null_aware ||
		(j->type != FQ_JOIN_SEMI && j->type != FQ_JOIN_ANTI))
		return;
	j->build_left = estimate(p->right) > estimate(p->left);
}

/* Reorders every inner-join region in p's subtree. */
static fq_plan *
order(region *outer, fq_plan *p)
{
	region *r;

	if (fq_stack_check(outer->d) < 0)
		return NULL;
	if (!is_inner(p))
	{
		for (int i = 0; i < fq_plan_ninputs(p); i++)
		{
			fq_plan **in = fq_plan_input(p, i);

			if ((*in = order(outer, *in)) == NULL)
				return NULL;
		}
		choose_build_side(p);
		return p;
	}
	/* A region is large: in the arena, not in every frame of the recursion. */
	if ((r = FQ_NEW(outer->a, region)) == NULL)
	{
		fq_raise_nomem(outer->d, outer->a);
		return NULL;
	}
	r->a = outer->a;
	r->d = outer->d;
	r->pushdown = outer->pushdown;
	collect(r, p);
	if (r->failed)
		return NULL;
	/* Leaves are not inner joins: order() changes them in place. */
	for (int i = 0; i < r->nleaves; i++)
		if (order(outer, r->leaf[i]) == NULL)
			return NULL;
	if (r->too_many)
		return p;
	return reorder(r, p);
}

int
fq_order_joins(fq_stmt *st, fq_plan **plan, bool pushdown, fq_diags *d)
{
	region top = {.a = st->arena, .d = d, .pushdown = pushdown};
	fq_plan *p = order(&top, *plan);

	if (p == NULL)
		return FQ_ERROR;
	*plan = p;
	return FQ_OK;
}
