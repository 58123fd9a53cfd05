/*
 * joinorder.c — orders inner joins by cost: which parts join first, which
 * joins a source runs and which fedq runs, and which side of each hash
 * join fedq builds.
 *
 * The binder joins FROM items in the order written.  When tables of
 * different sources interleave (`FROM lineitem, supplier, orders` with
 * lineitem and orders at one source and supplier at another), no subtree
 * has all its tables at one source, so pushdown cannot send the
 * lineitem-orders join and fedq pulls both tables whole; and a written
 * order may join two tables on an inequality alone, a product of both.
 *
 * A region of INNER and CROSS joins may be reordered freely (filter
 * conditions have already moved down onto the tables, rewrite.c).  Its
 * leaves (tables, subqueries, outer and semi joins: reordered inside on
 * their own) and the conjuncts of its join conditions are collected.  A
 * region one source can run whole keeps its written order (the source
 * plans it); otherwise:
 *
 *   1. Parts join only on an equality between them (a hash join key)
 *      while one links them: never on an inequality alone, nor as a
 *      product, while an equi-join to another part is still to be made.
 *      Up to DP_MAX leaves every such bushy order is costed (dynamic
 *      programming over the subsets of leaves, PostgreSQL's
 *      join_search_one_level without its left-deep restriction); beyond,
 *      the pair giving the fewest rows joins first (greedy).
 *   2. Parts no equality links then join on their other conditions,
 *      fewest rows first, and as products last.
 *
 * A join of two parts one source runs (or a VALUES list, which reads no
 * table, with a part of any source) is a join that source runs: pushdown
 * sends it.  The cost of a plan counts the rows sources read (whole
 * tables, or what an index finds), the rows they send to fedq, the rows
 * fedq hashes and probes, the rows sources join (by hash, or looking one
 * side's rows up in an index of the other's table), and the pairs a
 * nested loop compares (see C_XFER ...); a hash join fedq runs builds the
 * side that makes it cheapest, and a small build side's keys cut the
 * probe side's rows at its source (a dynamic filter) -- and what that
 * source then reads and joins below it.  Row counts come from the
 * sources' statistics (estimate.c): a table's rows, what its filters
 * keep, what the join conditions between two tables keep of the product
 * (together, so a key they make up is seen).
 *
 * Each conjunct goes to the lowest join that has all its columns.
 *
 * With Pushdown=0 no source runs a join: every table is a part of its
 * own (no part has a source), and the same costs order them.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"

#include <stdint.h>
#include <string.h>

/* Regions with more leaves keep their written order. */
#define MAX_LEAVES 64
/* Joins of at most this many leaves are ordered by dynamic programming
 * over every split; larger ones greedily. */
#define DP_MAX 12

/*
 * The cost model, in units of one row a source sends to fedq.  A source
 * joins rows more cheaply than it sends them; fedq's hash join hashes its
 * build rows and probes the others; a join with no equality is a nested
 * loop over every pair.  A build side of at most DYN_ROWS rows sends its
 * keys to the probe side's source (a dynamic filter, pushdown.c), which
 * then sends only the rows that can match, for the cost of the values.
 */
#define C_XFER 1.0
#define C_BUILD 1.0
#define C_PROBE 0.5
#define C_OUT 0.2
#define C_NL 0.05
#define C_SRC_IN 0.2
#define C_SRC_OUT 0.1
#define C_SRC_NL 0.01
#define C_DYN_VALUE 0.1
/*
 * A source reading a table's row in sequence, and finding rows through an
 * index: a descent per value looked up, a fetch per row found.  A table
 * read whole costs its rows in sequence; a dynamic filter on a column an
 * index leads reads only what the values find (when that costs less), and
 * a join at a source may look each row of one side up in the other's
 * index (a nested loop with an inner index scan) instead of hashing.
 * TPC-DS q50 and q93: store_returns, cut down by a dimension's keys, joined
 * to store_sales through its key at the warehouse reads a few thousand
 * rows; fedq joining them itself sends the warehouse store_sales' keys of
 * the returns, which it can only check by reading all of store_sales.
 */
#define C_SRC_SCAN 0.1
#define C_SRC_DESCENT 0.4
#define C_SRC_FETCH 0.2
/* Equalities between two parts an index lookup binds, at most. */
#define MAX_LOOKUP_EQS 16
#define DYN_ROWS 1000000.0
/* A dynamic filter of at most this many values is sent whatever the
 * statistics say. */
#define DYN_FEW_VALUES 1000.0

double
fq_dyn_filter_domain(const fq_dyn_filter *df)
{
	return df->domain > df->target_distinct ? df->domain : df->target_distinct;
}

/*
 * A target row's key is taken as any of the domain's values: 3,360 keys
 * of customer_demographics' 1.9 million for web returns holding 3,565
 * distinct ones keep few of them (TPC-DS q85: 80 of 2,872 rows), not the
 * 94% that comparing the two counts alone said.
 */
bool
fq_dyn_filter_pays(const fq_dyn_filter *df, double nvalues)
{
	double keep;

	if (nvalues <= DYN_FEW_VALUES || df->target_distinct <= 0)
		return true;
	keep = nvalues / fq_dyn_filter_domain(df);
	if (keep >= 1)
		return false;
	return C_XFER * df->target_rows * (1 - keep) > C_DYN_VALUE * nvalues;
}

typedef struct region
{
	fq_stmt *st;
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
	double scan[MAX_LEAVES]; /* its source reading it whole */
	fq_list *conds;   /* fq_expr * */
	int ncond;
	uint64_t *mask;   /* per condition: the leaves it reads */
	/* per condition: an equality whose sides read disjoint leaves (a hash
	 * join key): each side's leaves; else 0 */
	uint64_t *lmask;
	uint64_t *rmask;
	double *sel;      /* per condition: the fraction of rows it keeps */
	bool *used;       /* per condition: attached to a join */
	const struct part *parts; /* the dynamic programming's table, or NULL */
	/* The order a source's joins are written in, or NULL: see reorder. */
	const struct part *text_parts;
} region;

/* A part of the region: some of its leaves joined, and how. */
typedef struct part
{
	uint64_t mask;
	double rows;
	double cost;
	const fq_source *src; /* the source running it all, or NULL */
	bool floats;          /* reads no table */
	bool valid;
	/* a join: the probe (left) and build (right) parts' leaves */
	uint64_t probe;
	uint64_t build;
} part;

static fq_plan *order(region *outer, fq_plan *p);
static double filtered_cost(const region *r, const part *p, const part *q, double keep);

static bool
is_inner(const fq_plan *p)
{
	return FQ_IS(p, FQ_N_PLAN_JOIN) &&
		(((const fq_plan_join *) p)->type == FQ_JOIN_INNER ||
		 ((const fq_plan_join *) p)->type == FQ_JOIN_CROSS);
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

static uint64_t
leaves_of(const region *r, fq_expr *e)
{
	mask_ctx mc = {r, 0};

	mask_walker(e, &mc);
	return mc.mask;
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

/* ---- Costs ---- */

static bool
subset(uint64_t a, uint64_t b)
{
	return (a & ~b) == 0;
}

/* True if an equality between parts a and b can be a hash join key. */
static bool
equi_linked(const region *r, uint64_t a, uint64_t b)
{
	for (int k = 0; k < r->ncond; k++)
		if (r->lmask[k] != 0 &&
			((subset(r->lmask[k], a) && subset(r->rmask[k], b)) ||
			 (subset(r->lmask[k], b) && subset(r->rmask[k], a))))
			return true;
	return false;
}

/* True if some condition reads both parts and nothing else. */
static bool
linked(const region *r, uint64_t a, uint64_t b)
{
	for (int k = 0; k < r->ncond; k++)
	{
		uint64_t m = r->mask[k];

		if (m != UINT64_MAX && (m & a) != 0 && (m & b) != 0 && subset(m, a | b))
			return true;
	}
	return false;
}

/* Estimated rows of the leaves in mask joined by every condition among
 * them (the same whatever the order). */
static double
rows_of(const region *r, uint64_t mask)
{
	double rows = 1;

	for (int i = 0; i < r->nleaves; i++)
		if ((mask >> i) & 1)
			rows *= r->est[i];
	for (int k = 0; k < r->ncond; k++)
		if (r->mask[k] != 0 && r->mask[k] != UINT64_MAX && subset(r->mask[k], mask))
			rows *= r->sel[k];
	return rows > 1 ? rows : 1;
}

/*
 * The equalities joining parts a and b whose b side reads leaf i alone
 * (b's key columns in it), at most max of them; their number.
 */
static int
leaf_keys(const region *r, uint64_t a, int i, fq_expr **eqs, int max)
{
	uint64_t bit = UINT64_C(1) << i;
	int n = 0;

	for (int k = 0; k < r->ncond && n < max; k++)
		if (r->lmask[k] != 0 &&
			((subset(r->lmask[k], a) && r->rmask[k] == bit) ||
			 (subset(r->rmask[k], a) && r->lmask[k] == bit)))
			eqs[n++] = fq_list_nth(r->conds, k);
	return n;
}

/* The single leaf a part is, or -1. */
static int
only_leaf(const part *p)
{
	return (p->mask & (p->mask - 1)) == 0 ? __builtin_ctzll(p->mask) : -1;
}

/*
 * A source joining outer to inner, a single leaf, by looking each outer
 * row up in an index of inner's table on the joining columns: its cost
 * (inner not read whole), or -1 when no index serves.
 */
static double
index_join_cost(const region *r, const part *outer, const part *inner)
{
	fq_expr *eqs[MAX_LOOKUP_EQS];
	int i = only_leaf(inner);
	int n;
	double per;

	if (i < 0 || (n = leaf_keys(r, outer->mask, i, eqs, MAX_LOOKUP_EQS)) == 0 ||
		(per = fq_est_index_lookup(r->leaf[i], eqs, n)) < 0)
		return -1;
	return outer->cost + outer->rows * (C_SRC_DESCENT + C_SRC_FETCH * per);
}

/*
 * The part made of a and b joined (out->rows already set): by their
 * source when one runs both and a condition joins them, else by fedq,
 * building the side that costs least.  equi: an equality joins them.
 */
static void
join_cost(const region *r, const part *a, const part *b, bool equi, bool cond, part *out)
{
	const fq_source *src = NULL;
	bool floats = false;

	/* Where costs tie, the written order: a's leaves first. */
	if ((b->mask & -b->mask) < (a->mask & -a->mask))
	{
		const part *t = a;

		a = b;
		b = t;
	}
	out->valid = true;
	out->mask = a->mask | b->mask;
	if (a->src != NULL && fq_same_source(a->src, b->src))
		src = a->src;
	else if (cond && a->src != NULL && b->floats)
		src = a->src;
	else if (cond && b->src != NULL && a->floats)
		src = b->src;
	else if (a->floats && b->floats)
		floats = true;
	out->src = src;
	out->floats = floats;
	/* a product at a source: fedq makes it instead (pushdown.c) */
	if (src != NULL && cond)
	{
		double c = a->cost + b->cost +
			(equi ? C_SRC_IN * (a->rows + b->rows) : C_SRC_NL * a->rows * b->rows);

		if (equi)
		{
			double inl = index_join_cost(r, a, b);

			if (inl >= 0 && inl < c)
				c = inl;
			if ((inl = index_join_cost(r, b, a)) >= 0 && inl < c)
				c = inl;
		}
		out->cost = c + C_SRC_OUT * out->rows;
		out->probe = a->mask;
		out->build = b->mask;
		return;
	}
	out->src = NULL;
	out->cost = -1;
	for (int side = 0; side < 2; side++)
	{
		const part *p = side == 0 ? a : b; /* probe */
		const part *q = side == 0 ? b : a; /* build */
		double keep = 1;
		double pcost = p->cost;
		double c;

		/* a dynamic filter of the build keys */
		if (equi && q->rows <= DYN_ROWS && p->src != NULL && out->rows < p->rows)
		{
			keep = out->rows / p->rows;
			pcost = filtered_cost(r, p, q, keep);
		}
		c = pcost + q->cost + C_OUT * out->rows;
		if (q->src != NULL)
			c += C_XFER * q->rows;
		if (p->src != NULL)
			c += C_XFER * p->rows * keep + (keep < 1 ? C_DYN_VALUE * q->rows : 0);
		c += equi ? C_BUILD * q->rows + C_PROBE * p->rows * keep : C_NL * p->rows * q->rows;
		if (out->cost < 0 || c < out->cost)
		{
			out->cost = c;
			out->probe = p->mask;
			out->build = q->mask;
		}
	}
}

/*
 * What leaf i of a source part costs its source when a dynamic filter of
 * nvalues values, carried by the equalities eqs, cuts its rows: a lookup
 * per value where an index of its table leads with a filtered column and
 * that reads less, else the whole table.
 */
static double
filtered_scan(const region *r, int i, fq_expr *const *eqs, int n, double nvalues)
{
	double c = r->src[i] != NULL ? r->scan[i] : 0;

	for (int k = 0; k < n; k++)
	{
		double per = fq_est_index_lookup(r->leaf[i], &eqs[k], 1);
		double look = nvalues * (C_SRC_DESCENT + C_SRC_FETCH * per);

		if (per >= 0 && look < c)
			c = look;
	}
	return c;
}

/*
 * Source part `mask` of the dynamic programming's table as it joins, its
 * leaf i cut to `keep` of its rows by a dynamic filter (eqs, nvalues):
 * each join above that leaf has fewer rows, and may then look them up in
 * an index instead of hashing a whole table.
 */
static void
recost(const region *r, uint64_t mask, int i, fq_expr *const *eqs, int n, double keep,
	   double nvalues, part *out)
{
	const part *p = &r->parts[mask];
	part a;
	part b;

	*out = *p;
	/* (as deep as the region has leaves: a depth check for the audit) */
	if (!((mask >> i) & 1) || fq_stack_too_deep())
		return;
	out->rows = p->rows * keep > 1 ? p->rows * keep : 1;
	if (mask == UINT64_C(1) << i)
	{
		out->cost = filtered_scan(r, i, eqs, n, nvalues);
		return;
	}
	recost(r, p->probe, i, eqs, n, keep, nvalues, &a);
	recost(r, p->build, i, eqs, n, keep, nvalues, &b);
	join_cost(r, &a, &b, true, true, out);
}

/*
 * The cost of source part p when fedq's hash join with q sends it q's
 * keys (a dynamic filter keeping `keep` of its rows): the cut goes to the
 * leaf p's side of a joining equality reads; a part the dynamic
 * programming did not make keeps its cost.
 */
static double
filtered_cost(const region *r, const part *p, const part *q, double keep)
{
	fq_expr *eqs[MAX_LOOKUP_EQS];
	double nvalues = q->rows;
	part out;

	for (int i = 0; i < r->nleaves; i++)
	{
		int n;

		if (!((p->mask >> i) & 1) ||
			(n = leaf_keys(r, q->mask, i, eqs, MAX_LOOKUP_EQS)) == 0)
			continue;
		if (p->mask == UINT64_C(1) << i)
			return filtered_scan(r, i, eqs, n, nvalues);
		if (r->parts == NULL || !r->parts[p->mask].valid ||
			r->parts[p->mask].cost != p->cost)
			return p->cost;
		recost(r, p->mask, i, eqs, n, keep, nvalues, &out);
		return out.cost < p->cost ? out.cost : p->cost;
	}
	return p->cost;
}

static part
leaf_part(const region *r, int i)
{
	part p = {UINT64_C(1) << i, r->est[i], r->src[i] != NULL ? r->scan[i] : 0, r->src[i],
			  r->floats[i], true, 0, 0};

	return p;
}

/* ---- Ordering ---- */

/* The plan of part mask as the table of parts says it joins. */
static fq_plan *
build(region *r, const part *parts, uint64_t mask)
{
	const part *p;
	fq_plan *l;
	fq_plan *b;

	if (fq_stack_check(r->d) < 0)
	{
		r->failed = true;
		return NULL;
	}
	if ((mask & (mask - 1)) == 0)
	{
		int i = 0;

		while (!((mask >> i) & 1))
			i++;
		return r->leaf[i];
	}
	p = &parts[mask];
	if (p->src != NULL && parts != r->text_parts && r->text_parts != NULL &&
		r->text_parts[mask].valid && r->text_parts[mask].src != NULL)
	{
		parts = r->text_parts;
		p = &parts[mask];
	}
	if ((l = build(r, parts, p->probe)) == NULL || (b = build(r, parts, p->build)) == NULL)
		return NULL;
	return join(r, l, p->probe, b, p->build);
}

/*
 * Dynamic programming over the subsets of at most DP_MAX leaves: the
 * cheapest plan of each subset an equality joins, from two smaller ones.
 * parts has 2^nleaves entries.
 */
static void
dp(region *r, part *parts)
{
	uint64_t all = all_leaves(r);

	for (int i = 0; i < r->nleaves; i++)
		parts[UINT64_C(1) << i] = leaf_part(r, i);
	for (uint64_t s = 1; s <= all; s++)
	{
		double rows;

		if ((s & (s - 1)) == 0)
			continue;
		rows = rows_of(r, s);
		for (uint64_t s1 = (s - 1) & s; s1 > 0; s1 = (s1 - 1) & s)
		{
			uint64_t s2 = s ^ s1;
			part cand;

			/* each split once */
			if (s1 < s2 || !parts[s1].valid || !parts[s2].valid || !equi_linked(r, s1, s2))
				continue;
			cand.rows = rows;
			join_cost(r, &parts[s1], &parts[s2], true, true, &cand);
			if (!parts[s].valid || cand.cost < parts[s].cost)
				parts[s] = cand;
		}
	}
}

/*
 * Joins the parts in list (n of them) into one, a pair at a time: of the
 * pairs an equality links, then of those another condition links, then
 * of all, the one giving the fewest rows.  Each part's plan is in plans.
 */
static fq_plan *
greedy(region *r, part *list, fq_plan **plans, int n)
{
	while (n > 1)
	{
		int bi = -1;
		int bj = -1;
		int tier = 3;
		part best = {0};

		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
			{
				int t = equi_linked(r, list[i].mask, list[j].mask) ? 0
					: linked(r, list[i].mask, list[j].mask) ? 1 : 2;
				part cand;

				if (t > tier)
					continue;
				cand.rows = rows_of(r, list[i].mask | list[j].mask);
				join_cost(r, &list[i], &list[j], t == 0, t < 2, &cand);
				if (t < tier || cand.rows < best.rows ||
					(cand.rows == best.rows && cand.cost < best.cost))
				{
					tier = t;
					bi = i;
					bj = j;
					best = cand;
				}
			}
		if (best.probe == list[bj].mask)
		{
			/* the probe side on the left */
			int t = bi;

			bi = bj;
			bj = t;
		}
		if ((plans[bi] = join(r, plans[bi], list[bi].mask, plans[bj], list[bj].mask)) == NULL)
			return NULL;
		list[bi] = best;
		list[bj] = list[n - 1];
		plans[bj] = plans[n - 1];
		n--;
	}
	return plans[0];
}

/*
 * The parts the dynamic programming joined, covering every leaf: the
 * largest subsets it has a plan for, first.
 */
static int
dp_components(region *r, const part *parts, part *list, fq_plan **plans)
{
	uint64_t left = all_leaves(r);
	int n = 0;

	while (left != 0)
	{
		uint64_t best = 0;
		int best_n = 0;

		for (uint64_t s = left; s > 0; s = (s - 1) & left)
		{
			int k = __builtin_popcountll(s);

			if (parts[s].valid &&
				(k > best_n || (k == best_n && parts[s].cost < parts[best].cost)))
			{
				best = s;
				best_n = k;
			}
		}
		list[n] = parts[best];
		if ((plans[n] = build(r, parts, best)) == NULL)
			return -1;
		n++;
		left &= ~best;
	}
	return n;
}

/*
 * The equalities joining the same two leaves, estimated together: one
 * table's key they may make up (estimate.c's key_groups_sel) is seen only
 * in their conjunction.  The first carries their selectivity, the others
 * keep every row.
 */
static bool
pair_sel(region *r, bool *changed)
{
	for (int k = 0; k < r->ncond; k++)
	{
		uint64_t pair = r->lmask[k] | r->rmask[k];
		fq_list *group = NULL;
		fq_expr *all;
		bool first = true;
		int n = 0;

		if (r->lmask[k] == 0 || __builtin_popcountll(pair) != 2)
			continue;
		for (int m = 0; m < r->ncond && first; m++)
			if (r->lmask[m] != 0 && (r->lmask[m] | r->rmask[m]) == pair)
			{
				/* each pair once, from its first equality */
				first = m >= k;
				if ((group = fq_lappend(r->a, group, fq_list_nth(r->conds, m))) == NULL)
					return false;
				n++;
			}
		if (!first || n < 2)
			continue;
		if ((all = fq_make_and(r->a, group)) == NULL)
			return false;
		r->sel[k] = fq_est_sel(r->st, (const fq_plan *const *) r->leaf, r->est, r->nleaves, all);
		for (int m = k + 1; m < r->ncond; m++)
			if (r->lmask[m] != 0 && (r->lmask[m] | r->rmask[m]) == pair)
				r->sel[m] = 1;
		*changed = true;
	}
	return true;
}

/* Replaces the region rooted at root by its reordered joins. */
static fq_plan *
reorder(region *r, fq_plan *root)
{
	int ncond = fq_list_len(r->conds);
	part list[MAX_LEAVES];
	fq_plan *plans[MAX_LEAVES];
	fq_plan *plan;
	bool one_source = true;
	bool paired = false;
	double *own_sel;
	int n;

	r->ncond = ncond;
	r->mask = FQ_NEW_ARRAY(r->a, uint64_t, ncond ? ncond : 1);
	r->lmask = FQ_NEW_ARRAY(r->a, uint64_t, ncond ? ncond : 1);
	r->rmask = FQ_NEW_ARRAY(r->a, uint64_t, ncond ? ncond : 1);
	r->sel = FQ_NEW_ARRAY(r->a, double, ncond ? ncond : 1);
	r->used = FQ_NEW_ARRAY(r->a, bool, ncond ? ncond : 1);
	if (r->mask == NULL || r->lmask == NULL || r->rmask == NULL || r->sel == NULL ||
		r->used == NULL)
	{
		fq_raise_nomem(r->d, r->a);
		return NULL;
	}
	for (int i = 0; i < r->nleaves; i++)
	{
		double table_rows;

		r->src[i] = r->pushdown ? fq_plan_runs_at(r->leaf[i], true) : NULL;
		r->floats[i] = r->src[i] == NULL && fq_plan_floats(r->leaf[i]);
		r->est[i] = fq_est_rows(r->st, r->leaf[i]);
		/* a table read whole, or what the leaf (a subquery) returns */
		table_rows = fq_est_table_rows(r->leaf[i]);
		r->scan[i] = C_SRC_SCAN * (table_rows >= 0 ? table_rows : r->est[i]);
		one_source = one_source && fq_same_source(r->src[0], r->src[i]);
	}
	/* One source runs it all: pushdown sends the joins as written. */
	if (one_source && r->pushdown)
		return root;
	for (int k = 0; k < ncond; k++)
	{
		fq_expr *c = fq_list_nth(r->conds, k);
		const fq_func_expr *f = (const fq_func_expr *) c;

		r->mask[k] = leaves_of(r, c);
		r->used[k] = false;
		r->lmask[k] = r->rmask[k] = 0;
		if (FQ_IS(c, FQ_N_EXPR_FUNC) && f->fn == FQ_F_EQ && f->nargs == 2)
		{
			uint64_t lm = leaves_of(r, f->args[0]);
			uint64_t rm = leaves_of(r, f->args[1]);

			if (lm != 0 && rm != 0 && lm != UINT64_MAX && rm != UINT64_MAX && (lm & rm) == 0)
			{
				r->lmask[k] = lm;
				r->rmask[k] = rm;
			}
		}
		r->sel[k] = fq_est_sel(r->st, (const fq_plan *const *) r->leaf, r->est, r->nleaves, c);
	}

	if ((own_sel = FQ_NEW_ARRAY(r->a, double, ncond ? ncond : 1)) == NULL)
		goto nomem;
	memcpy(own_sel, r->sel, sizeof(double) * (size_t) ncond);
	if (!pair_sel(r, &paired))
		goto nomem;
	if (r->nleaves <= DP_MAX)
	{
		part *parts = FQ_NEW_ARRAY(r->a, part, (size_t) 1 << r->nleaves);

		if (parts == NULL)
		{
			fq_raise_nomem(r->d, r->a);
			return NULL;
		}
		/*
		 * Which joins a source runs, and their cost, come from the
		 * conditions between two tables estimated together; the order
		 * its joins are written in, from each condition's own estimate,
		 * as PostgreSQL multiplies them.  The source plans the join
		 * again, and its planner is not indifferent to the written
		 * order where its estimates nearly tie: TPC-H Q9's part,
		 * lineitem and partsupp written part-lineitem first made the
		 * warehouse look up each of 6 million lineitems in part (12 s,
		 * against 0.8 s written as its own estimates order them).
		 */
		if (paired)
		{
			part *text_parts = FQ_NEW_ARRAY(r->a, part, (size_t) 1 << r->nleaves);
			double *sel = r->sel;

			if (text_parts == NULL)
				goto nomem;
			r->sel = own_sel;
			r->parts = text_parts;
			dp(r, text_parts);
			r->sel = sel;
			r->text_parts = text_parts;
		}
		r->parts = parts;
		dp(r, parts);
		if ((n = dp_components(r, parts, list, plans)) < 0)
			return NULL;
	}
	else
	{
		n = r->nleaves;
		for (int i = 0; i < n; i++)
		{
			list[i] = leaf_part(r, i);
			plans[i] = r->leaf[i];
		}
	}
	if ((plan = greedy(r, list, plans, n)) == NULL)
		return NULL;

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
choose_build_side(fq_stmt *st, fq_plan *p)
{
	fq_plan_join *j = (fq_plan_join *) p;

	if (!FQ_IS(p, FQ_N_PLAN_JOIN) || j->null_aware ||
		(j->type != FQ_JOIN_SEMI && j->type != FQ_JOIN_ANTI))
		return;
	j->build_left = fq_est_rows(st, p->right) > fq_est_rows(st, p->left);
}

/*
 * A LEFT join made from a correlated aggregate subquery (sublink.c) goes
 * to its source as LEFT JOIN LATERAL, each outer row's group looked up,
 * only when an index there serves the correlation columns and that costs
 * less than grouping the subquery's rows once and joining them by hash
 * (TPC-H Q20 without an index on lineitem's correlation columns ran the
 * aggregate over all of lineitem per outer row).
 */
static void
choose_lateral(fq_stmt *st, fq_plan *p)
{
	fq_plan_join *j = (fq_plan_join *) p;

	if (FQ_IS(p, FQ_N_PLAN_JOIN) && j->lateral &&
		!(j->lateral = fq_est_lateral_pays(st, p->left, p->right, j->cond)))
		st->ndecorrelated++;
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
		choose_build_side(outer->st, p);
		choose_lateral(outer->st, p);
		return p;
	}
	/* A region is large: in the arena, not in every frame of the recursion. */
	if ((r = FQ_NEW(outer->a, region)) == NULL)
	{
		fq_raise_nomem(outer->d, outer->a);
		return NULL;
	}
	r->st = outer->st;
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
	region top = {.st = st, .a = st->arena, .d = d, .pushdown = pushdown};
	fq_plan *p = order(&top, *plan);

	if (p == NULL)
		return FQ_ERROR;
	*plan = p;
	return FQ_OK;
}
