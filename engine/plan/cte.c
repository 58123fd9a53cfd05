/*
 * cte.c — which CTEs the statement computes once (PostgreSQL's CTE Scan),
 * and which it inlines as derived tables.
 *
 * The binder leaves every reference to a (not recursive) CTE a CTE Scan
 * over the CTE's query bound for that reference.  Before any other pass,
 * fq_plan_ctes decides per CTE:
 *
 *   - computed once: the first reference's query becomes the statement's
 *     ctes[id], planned on its own (pushdown and all); every reference
 *     reads its stored rows.  For a CTE that calls a volatile function
 *     (random()) -- every reference must see the same rows, as in
 *     PostgreSQL -- for AS MATERIALIZED, and for a CTE read more than once
 *     where no reference has a condition that would reach the tables
 *     inside it (TPC-H Q15's revenue: an aggregate read by a join and by
 *     max(); computed twice before);
 *   - inlined: each reference is its own derived table, so the conditions
 *     on it go into it, down to the tables and the sources (TPC-DS q04's
 *     year_total, read six times, each for one sale type and one year).
 *     A CTE read once, AS NOT MATERIALIZED (unless volatile), and one
 *     that reads the enclosing query's columns (it differs per outer row).
 *
 * A CTE computed once whose plan one source runs whole is also sent, in
 * a WITH clause, with each part of the query that reads it at that source
 * (deparse.c): a statement one source runs whole reads it there, computed
 * once by that source.
 *
 * "Would reach the tables": a WHERE or ON conjunct that reads only one
 * reference's columns, traced down through the CTE's query as rewrite.c
 * would move it -- through projections, filters and joins, into a UNION
 * ALL, below an aggregate on its grouping columns -- and not stopped by
 * an aggregate's result, a window function, ORDER BY, LIMIT or DISTINCT
 * ON.  A condition stopped at the CTE's top reads its stored rows as well
 * (TPC-DS q47's `v1.d_year = 1999`, stopped by the window functions).
 *
 * Not computed once (PostgreSQL would): a volatile CTE defined inside a
 * subquery expression, which PostgreSQL computes again each time the
 * subquery runs -- fedq inlines it.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "func/func.h"
#include "types/types.h"

#include <string.h>

typedef struct cte_info
{
	int refs;
	bool deep_filter;   /* a reference has a condition that reaches inside */
	bool is_volatile;
	bool correlated;    /* reads columns from outside its query */
	bool top;
	int materialized;   /* AS [NOT] MATERIALIZED */
	bool once;          /* the decision: computed once */
	bool seen;          /* the properties of its query are known */
	double bytes;       /* estimated: its rows as fedq would keep them */
} cte_info;

typedef struct cte_ctx
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	cte_info *info;
	/* the CTE Scans found, for the conditions over them */
	int nscans;
	int capscans;
	fq_plan_ctescan **scans;
	/* the CTE Scans a walk is inside (a CTE's own conditions are not
	 * conditions on it) */
	int ninside;
	fq_plan_ctescan *inside[64];
	struct body *body;  /* describe_body's */
	bool failed;
} cte_ctx;

static bool
nomem(cte_ctx *c)
{
	fq_raise_nomem(c->d, c->a);
	c->failed = true;
	return false;
}

/* ---- every plan of the statement, subqueries in expressions included ---- */

typedef bool (*plan_fn)(cte_ctx *c, fq_plan *p);

typedef struct walk_arg
{
	cte_ctx *c;
	plan_fn fn;
	bool stop;
} walk_arg;

static bool walk_plan(cte_ctx *c, fq_plan *p, plan_fn fn);

static bool
sublink_walker(fq_expr *e, void *arg)
{
	walk_arg *w = arg;

	if (fq_stack_check(w->c->d) < 0)
	{
		w->c->failed = true;
		w->stop = true;
		return true;
	}
	if (FQ_IS(e, FQ_N_EXPR_SUBLINK) && !walk_plan(w->c, ((fq_sublink_expr *) e)->plan, w->fn))
	{
		w->stop = true;
		return true;
	}
	return fq_expr_walk_children(e, sublink_walker, arg);
}

/* fn on p, then on every node below it and in its subqueries; false stops. */
static bool
walk_plan(cte_ctx *c, fq_plan *p, plan_fn fn)
{
	walk_arg w = {c, fn, false};
	bool ok;

	if (fq_stack_check(c->d) < 0)
		return !(c->failed = true);
	if (!fn(c, p))
		return false;
	fq_plan_walk_exprs(p, sublink_walker, &w);
	if (w.stop || c->failed)
		return false;
	if (FQ_IS(p, FQ_N_PLAN_CTESCAN))
	{
		if (c->ninside == (int) (sizeof(c->inside) / sizeof(c->inside[0])))
		{
			fq_raise(c->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
					 "CTEs read inside one another more than %d deep", c->ninside);
			fq_diag_hint(c->d, "Write some of the CTEs as one: fewer WITH queries, each "
							   "reading more tables.");
			return !(c->failed = true);
		}
		c->inside[c->ninside++] = (fq_plan_ctescan *) p;
	}
	ok = true;
	for (int i = 0; i < fq_plan_ninputs(p) && ok; i++)
		ok = walk_plan(c, *fq_plan_input(p, i), fn);
	if (FQ_IS(p, FQ_N_PLAN_CTESCAN))
		c->ninside--;
	return ok;
}

/* ---- what a CTE's query is ---- */

typedef struct rels
{
	int n;
	int cap;
	int *v;
	fq_arena *a;
	bool nomem;
} rels;

static void
rels_add(rels *r, int rel)
{
	for (int i = 0; i < r->n; i++)
		if (r->v[i] == rel)
			return;
	if (r->n == r->cap)
	{
		int cap = r->cap ? r->cap * 2 : 16;
		int *v = fq_arena_realloc(r->a, r->v, sizeof(int) * (size_t) r->cap,
								  sizeof(int) * (size_t) cap);

		if (v == NULL)
		{
			r->nomem = true;
			return;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = rel;
}

static bool
rels_has(const rels *r, int rel)
{
	for (int i = 0; i < r->n; i++)
		if (r->v[i] == rel)
			return true;
	return false;
}

typedef struct body
{
	rels defined;    /* every relation a node of the query makes */
	rels read;       /* every relation an expression of it reads */
	bool is_volatile;
	bool exec_param; /* an exec param (LATERAL's outer values) */
} body;

static bool
body_expr_walker(fq_expr *e, void *arg)
{
	body *b = arg;

	if (fq_stack_too_deep())
	{
		b->exec_param = true; /* too deep to tell: as if correlated (inlined) */
		return true;
	}
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		rels_add(&b->read, ((fq_var *) e)->rel);
	else if (FQ_IS(e, FQ_N_EXPR_PARAM) && ((fq_param *) e)->exec)
		b->exec_param = true;
	else if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_CALL &&
			 (((fq_func_expr *) e)->def->flags & FQ_FN_VOLATILE))
		b->is_volatile = true;
	return fq_expr_walk_children(e, body_expr_walker, arg);
}

static bool
body_node(cte_ctx *c, fq_plan *p)
{
	body *b = c->body;

	for (int i = 0; i < p->nout; i++)
		rels_add(&b->defined, p->out[i].rel);
	fq_plan_walk_exprs(p, body_expr_walker, b);
	return !b->defined.nomem && !b->read.nomem;
}

/* Whether the CTE's query calls a volatile function, reads columns of the
 * enclosing query. */
static bool
describe_body(cte_ctx *c, fq_plan *q, cte_info *info)
{
	body b = {.defined.a = c->a, .read.a = c->a};
	body *saved = c->body;
	int saved_inside = c->ninside;
	bool ok;

	c->body = &b;
	ok = walk_plan(c, q, body_node);
	c->body = saved;
	c->ninside = saved_inside;
	if (!ok)
		return c->failed ? false : nomem(c);
	info->is_volatile = b.is_volatile;
	info->correlated = b.exec_param;
	for (int i = 0; i < b.read.n && !info->correlated; i++)
		info->correlated = !rels_has(&b.defined, b.read.v[i]);
	return true;
}

/* ---- the references ---- */

static bool
count_ref(cte_ctx *c, fq_plan *p)
{
	fq_plan_ctescan *cs = (fq_plan_ctescan *) p;
	cte_info *info;

	if (!FQ_IS(p, FQ_N_PLAN_CTESCAN) || p->left == NULL)
		return true;
	info = &c->info[cs->id];
	info->refs++;
	info->top = cs->top;
	info->materialized = cs->materialized;
	if (c->nscans == c->capscans)
	{
		int cap = c->capscans ? c->capscans * 2 : 8;
		fq_plan_ctescan **v = fq_arena_realloc(c->a, c->scans,
											   sizeof(*v) * (size_t) c->capscans,
											   sizeof(*v) * (size_t) cap);

		if (v == NULL)
			return nomem(c);
		c->scans = v;
		c->capscans = cap;
	}
	c->scans[c->nscans++] = cs;
	if (!info->seen)
	{
		double width = 16;

		info->seen = true;
		/* what keeping its rows would take: slots and ~32-byte strings */
		for (int i = 0; i < p->nout; i++)
			width += (double) fq_type_size(&p->out[i].type) +
				(fq_type_is_string(p->out[i].type.id) ? 32 : 0);
		info->bytes = fq_est_rows(c->st, p->left) * width;
		return describe_body(c, p->left, info);
	}
	return true;
}

/*
 * Whether a condition on output (rel, col) of p would move below p's top
 * (rewrite.c's moves): through Projects of plain columns and Filters;
 * below an Aggregate for a grouping column; into joins, UNION ALL and
 * table scans.  An aggregate's result, a window function's, a Sort,
 * Limit, DISTINCT ON and the rest keep it above.  Unsure: it would.
 */
static bool
reaches_inside(const fq_plan *p, int rel, int col)
{
	for (int depth = 0; depth < 1000; depth++)
		switch (FQ_TAG(p))
		{
			case FQ_N_PLAN_PROJECT:
				{
					const fq_plan_project *pr = (const fq_plan_project *) p;
					const fq_expr *e = rel == pr->rel ? fq_plan_project_expr(pr, col) : NULL;

					if (e == NULL || !FQ_IS(e, FQ_N_EXPR_VAR))
						return true;
					rel = ((const fq_var *) e)->rel;
					col = ((const fq_var *) e)->col;
					p = p->left;
					break;
				}
			case FQ_N_PLAN_FILTER:
			case FQ_N_PLAN_CTESCAN:
				if (p->left == NULL)
					return false;
				p = p->left;
				break;
			case FQ_N_PLAN_AGG:
				{
					const fq_plan_agg *g = (const fq_plan_agg *) p;

					return rel == g->group_rel && g->nsets == 0 && g->ngroups > 0;
				}
			case FQ_N_PLAN_SCAN:
			case FQ_N_PLAN_JOIN:
			case FQ_N_PLAN_APPEND:
				return true;
			default:
				return false;
		}
	return true;
}

typedef struct cond_arg
{
	cte_ctx *c;
	fq_plan_ctescan *only; /* the one reference read, NULL none yet */
	bool other;            /* something else is read too */
	bool deep;
} cond_arg;

static fq_plan_ctescan *
scan_of(cte_ctx *c, int rel, int col, int *pos)
{
	for (int i = 0; i < c->nscans; i++)
	{
		int k = fq_plan_find_col(&c->scans[i]->p, rel, col);

		if (k >= 0)
		{
			*pos = k;
			return c->scans[i];
		}
	}
	return NULL;
}

static bool
cond_var_walker(fq_expr *e, void *arg)
{
	cond_arg *ca = arg;

	if (fq_stack_too_deep())
	{
		ca->other = true; /* too deep to tell: no condition on one reference */
		return true;
	}
	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		const fq_var *v = (const fq_var *) e;
		int k;
		fq_plan_ctescan *cs = scan_of(ca->c, v->rel, v->col, &k);

		if (cs == NULL || (ca->only != NULL && ca->only != cs))
			ca->other = true;
		else
		{
			ca->only = cs;
			if (reaches_inside(cs->p.left, v->rel, v->col))
				ca->deep = true;
		}
	}
	return fq_expr_walk_children(e, cond_var_walker, arg);
}

/* A conjunct reading one reference's columns only that would go inside
 * it marks its CTE. */
static void
check_conjunct(cte_ctx *c, fq_expr *e)
{
	cond_arg ca = {.c = c};

	/* what rewrite.c never moves: a subquery, a volatile call */
	if (fq_expr_has_sublink(e) || fq_expr_is_volatile(e))
		return;
	cond_var_walker(e, &ca);
	if (ca.only == NULL || ca.other || !ca.deep)
		return;
	for (int i = 0; i < c->ninside; i++)
		if (c->inside[i] == ca.only)
			return;
	c->info[ca.only->id].deep_filter = true;
}

static bool
check_conds(cte_ctx *c, fq_plan *p)
{
	fq_expr *pred = FQ_IS(p, FQ_N_PLAN_FILTER) ? ((fq_plan_filter *) p)->pred
		: FQ_IS(p, FQ_N_PLAN_JOIN) ? ((fq_plan_join *) p)->cond : NULL;
	fq_list *conj = NULL;
	fq_expr *e;

	if (pred == NULL)
		return true;
	if (!fq_expr_conjuncts(c->a, pred, &conj))
		return nomem(c);
	FQ_LIST_FOREACH(e, conj)
		check_conjunct(c, e);
	return true;
}

/* ---- the decision, applied ---- */

static bool apply(cte_ctx *c, fq_plan **slot);

static bool
apply_walker(fq_expr *e, void *arg)
{
	cte_ctx *c = arg;

	if (fq_stack_check(c->d) < 0)
	{
		c->failed = true;
		return true;
	}
	if (FQ_IS(e, FQ_N_EXPR_SUBLINK) && !apply(c, &((fq_sublink_expr *) e)->plan))
		return true;
	return fq_expr_walk_children(e, apply_walker, arg);
}

static bool
apply(cte_ctx *c, fq_plan **slot)
{
	fq_plan *p = *slot;

	if (fq_stack_check(c->d) < 0)
		return !(c->failed = true);
	if (FQ_IS(p, FQ_N_PLAN_CTESCAN) && p->left != NULL)
	{
		fq_plan_ctescan *cs = (fq_plan_ctescan *) p;

		if (!c->info[cs->id].once)
		{
			*slot = p->left;
			return apply(c, slot);
		}
		if (c->st->ctes[cs->id] == NULL)
		{
			c->st->ctes[cs->id] = p->left;
			c->st->cte_names[cs->id] = cs->name;
			if (!apply(c, &c->st->ctes[cs->id]))
				return false;
		}
		if ((cs->cols = FQ_NEW_ARRAY(c->a, int, p->nout > 0 ? p->nout : 1)) == NULL)
			return nomem(c);
		for (int i = 0; i < p->nout; i++)
			cs->cols[i] = i;
		cs->cte = &c->st->ctes[cs->id];
		/* in fedq only: every reference reads the same rows */
		cs->fedq_only = c->info[cs->id].is_volatile ||
			(c->st->cte_local != NULL && cs->id < c->st->ncte_local &&
			 c->st->cte_local[cs->id]);
		p->left = NULL;
		return true;
	}
	fq_plan_walk_exprs(p, apply_walker, c);
	if (c->failed)
		return false;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!apply(c, fq_plan_input(p, i)))
			return false;
	return true;
}

int
fq_plan_ctes(fq_stmt *st, fq_plan **plan, fq_diags *d)
{
	cte_ctx c = {.st = st, .a = st->arena, .d = d};
	size_t budget;

	if (st->nctes == 0)
		return FQ_OK;
	if ((c.info = FQ_NEW_ARRAY(st->arena, cte_info, st->nctes)) == NULL ||
		(st->ctes = FQ_NEW_ARRAY(st->arena, fq_plan *, st->nctes)) == NULL ||
		(st->cte_names = FQ_NEW_ARRAY(st->arena, const char *, st->nctes)) == NULL)
		return fq_raise_nomem(d, st->arena);
	if (!walk_plan(&c, *plan, count_ref))
		return FQ_ERROR;
	c.ninside = 0;
	if (!walk_plan(&c, *plan, check_conds))
		return FQ_ERROR;
	budget = st->s->opt.spill && st->s->opt.memory_limit > 0 ? st->s->opt.memory_limit / 4 : 0;
	for (int i = 0; i < st->nctes; i++)
	{
		cte_info *info = &c.info[i];

		if (info->correlated)
			info->once = false;
		else if (info->is_volatile)
			info->once = info->top;
		else
			info->once = info->materialized > 0 ||
				(info->refs > 1 && info->materialized == 0 && !info->deep_filter &&
				 /* under MemoryLimit, rows that would not fit its share:
				  * inlined, each reference streams from its sources rather
				  * than the rows going to a file and back (ctescan.c) */
				 (budget == 0 || info->bytes <= (double) budget));
	}
	if (!apply(&c, plan))
		return FQ_ERROR;
	return FQ_OK;
}

/* ---- after planning: where each CTE is computed ---- */

/*
 * Rows a CTE may have for fedq to compute it once and move them, rather
 * than let each remote query that reads it compute it again: about what
 * fedq moves in a tenth of a second.
 */
#define CTE_MOVE_ROWS 100000.0

/* Where each CTE is computed: per CTE, the remote queries that send it
 * along (remote), and whether fedq reads it (local). */
typedef struct readers
{
	int n;
	int *remote;
	bool *local;
	bool *in;      /* scratch: the CTEs one remote query reads */
	bool deep;
} readers;

static void
pushed_ctes(const fq_plan *p, readers *r)
{
	if (fq_stack_too_deep())
	{
		r->deep = true;
		return;
	}
	if (FQ_IS(p, FQ_N_PLAN_CTESCAN) && ((const fq_plan_ctescan *) p)->id < r->n)
		r->in[((const fq_plan_ctescan *) p)->id] = true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		pushed_ctes(*fq_plan_input((fq_plan *) p, i), r);
}

/* The plan as fedq runs it: a RemoteQuery's part is its source's. */
static void
final_readers(const fq_plan *p, readers *r)
{
	if (fq_stack_too_deep())
	{
		r->deep = true;
		return;
	}
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
	{
		const fq_plan *pushed = ((const fq_plan_remote *) p)->pushed;

		if (pushed == NULL)
			return;
		memset(r->in, 0, sizeof(bool) * (size_t) r->n);
		pushed_ctes(pushed, r);
		for (int k = 0; k < r->n; k++)
			r->remote[k] += r->in[k];
		return;
	}
	if (FQ_IS(p, FQ_N_PLAN_SHIP))
		for (int i = 0; i < ((const fq_plan_ship *) p)->nship; i++)
			final_readers(&((const fq_plan_ship *) p)->ship[i]->input->p, r);
	if (FQ_IS(p, FQ_N_PLAN_CTESCAN) && ((const fq_plan_ctescan *) p)->id < r->n)
		r->local[((const fq_plan_ctescan *) p)->id] = true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		final_readers(*fq_plan_input((fq_plan *) p, i), r);
}

/* Every plan of the statement; a CTE's own only when fedq computes it.
 * (A subplan a remote query sends inline counts as fedq's: safe.) */
static int
all_readers(fq_stmt *st, readers *r, fq_diags *d)
{
	bool *walked;

	r->n = st->nctes;
	r->remote = FQ_NEW_ARRAY(st->arena, int, st->nctes + 1);
	r->local = FQ_NEW_ARRAY(st->arena, bool, st->nctes + 1);
	r->in = FQ_NEW_ARRAY(st->arena, bool, st->nctes + 1);
	walked = FQ_NEW_ARRAY(st->arena, bool, st->nctes + 1);
	if (r->remote == NULL || r->local == NULL || r->in == NULL || walked == NULL)
		return fq_raise_nomem(d, st->arena);
	if (st->plan != NULL)
		final_readers(st->plan, r);
	for (int i = 0; i < st->ninitplans; i++)
		final_readers(st->initplans[i], r);
	for (int i = 0; i < st->nsubplans; i++)
		final_readers(st->subplans[i], r);
	/* CTEs fedq computes, and the CTEs their plans read, in turn */
	for (bool more = true; more;)
	{
		more = false;
		for (int k = 0; k < st->nctes; k++)
			if (r->local[k] && !walked[k] && st->ctes[k] != NULL)
			{
				walked[k] = more = true;
				final_readers(st->ctes[k], r);
			}
	}
	return FQ_OK;
}

int
fq_ctes_to_fedq(fq_stmt *st, fq_diags *d)
{
	readers r = {0};
	int again = 0;

	if (st->nctes == 0)
		return 0;
	if (all_readers(st, &r, d) < 0)
		return FQ_ERROR;
	if (st->cte_local == NULL || st->ncte_local < st->nctes)
	{
		bool *l = FQ_NEW_ARRAY(st->arena, bool, st->nctes);

		if (l == NULL)
			return fq_raise_nomem(d, st->arena);
		for (int k = 0; k < st->ncte_local; k++)
			l[k] = st->cte_local[k];
		st->cte_local = l;
		st->ncte_local = st->nctes;
	}
	for (int k = 0; k < st->nctes; k++)
		if (st->ctes[k] != NULL && !st->cte_local[k] &&
			r.remote[k] + (r.local[k] ? 1 : 0) > 1 &&
			fq_est_rows(st, st->ctes[k]) <= CTE_MOVE_ROWS)
			st->cte_local[k] = true, again = 1;
	return again;
}

bool
fq_cte_read_in_fedq(fq_stmt *st, int id)
{
	readers r = {0};
	fq_diags *ignored = fq_diags_new();
	bool local;

	local = ignored != NULL && all_readers(st, &r, ignored) == FQ_OK && id < r.n ? r.local[id]
																		  : true;
	fq_diags_free(ignored);
	return local || r.deep;
}
