/*
 * pushdown.c — the optimiser: column pruning, then pushdown.
 *
 * First filter conditions move down through joins (rewrite.c) and, with
 * Pushdown on, inner joins are reordered so each source gets the joins
 * among its own tables (joinorder.c).  Pruning
 * then walks the plan top-down with the set of bindings each node's
 * parent needs, so a scan reads only the columns the query uses.
 *
 * Pushdown replaces every maximal subtree that one source can run (all its
 * leaves at the same source, every operator and expression expressible in
 * that source's SQL) by a RemoteQuery.  For PostgreSQL sources that is
 * filters, projections, joins, aggregates, DISTINCT, ORDER BY and LIMIT.
 * The RemoteQuery keeps the subtree: its SQL is generated at execution,
 * when parameter values and the statement's clock are known.  With the
 * connection key Pushdown=0 only column selection is pushed and fedq's
 * executor does everything else (differential testing uses this).
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "func/func.h"
#include "sql/lexer.h"
#include "types/types.h"

#include <string.h>

/* ---- Column pruning ---- */

typedef struct colset
{
	int n;
	int cap;
	int *rels;
	int *cols;
	fq_arena *a;
	bool nomem;
} colset;

static void
colset_add(colset *s, int rel, int col)
{
	for (int i = 0; i < s->n; i++)
		if (s->rels[i] == rel && s->cols[i] == col)
			return;
	if (s->n == s->cap)
	{
		int cap = s->cap ? s->cap * 2 : 16;
		int *rels = fq_arena_realloc(s->a, s->rels, sizeof(int) * (size_t) s->cap,
									 sizeof(int) * (size_t) cap);
		int *cols = fq_arena_realloc(s->a, s->cols, sizeof(int) * (size_t) s->cap,
									 sizeof(int) * (size_t) cap);

		if (rels == NULL || cols == NULL)
		{
			s->nomem = true;
			return;
		}
		s->rels = rels;
		s->cols = cols;
		s->cap = cap;
	}
	s->rels[s->n] = rel;
	s->cols[s->n] = col;
	s->n++;
}

static bool
colset_has(const colset *s, int rel, int col)
{
	for (int i = 0; i < s->n; i++)
		if (s->rels[i] == rel && s->cols[i] == col)
			return true;
	return false;
}

static bool
collect_vars(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		colset_add(ctx, ((fq_var *) e)->rel, ((fq_var *) e)->col);
	return fq_expr_walk_children(e, collect_vars, ctx);
}

static colset
colset_copy(const colset *s)
{
	colset c = {.a = s->a};

	for (int i = 0; i < s->n; i++)
		colset_add(&c, s->rels[i], s->cols[i]);
	c.nomem |= s->nomem;
	return c;
}

/*
 * Keeps the outputs of p that one of its children still has and, given
 * req, that its parent needs.  A join maps its outputs by binding, so it
 * passes up only what is needed, not its own keys; Filter, Sort and Limit
 * pass their input's batches through and keep their input's columns.
 */
static void
keep_child_outputs(fq_plan *p, const colset *req)
{
	int n = 0;

	for (int i = 0; i < p->nout; i++)
	{
		const fq_plan_col *c = &p->out[i];

		if ((req == NULL || colset_has(req, c->rel, c->col)) &&
			(fq_plan_find_col(p->left, c->rel, c->col) >= 0 ||
			 (p->right != NULL && fq_plan_find_col(p->right, c->rel, c->col) >= 0)))
			p->out[n++] = *c;
	}
	p->nout = n;
}

static int prune_append(fq_stmt *st, fq_plan *p, const colset *req, fq_diags *d);

/* Drops the expressions of a Project whose outputs nobody reads. */
static void
prune_project(fq_plan_project *pr, const colset *req)
{
	int n = 0;

	for (int i = 0; i < pr->nexprs; i++)
		if (colset_has(req, pr->p.out[i].rel, pr->p.out[i].col))
		{
			pr->exprs[n] = pr->exprs[i];
			pr->p.out[n++] = pr->p.out[i];
		}
	pr->nexprs = n;
	pr->p.nout = n;
}

/*
 * After pushdown: a RemoteQuery whose subtree ends in a Filter, Sort or
 * Limit still selects the columns only they read; it now selects just
 * what its parent needs.
 */
static int
prune_remote(fq_stmt *st, fq_plan_remote *r, const colset *req, fq_diags *d)
{
	fq_plan *top = r->pushed;
	int n = 0;

	if (FQ_IS(top, FQ_N_PLAN_PROJECT))
	{
		n = top->nout;
		prune_project((fq_plan_project *) top, req);
		if (top->nout == n)
			return FQ_OK;
		n = top->nout;
	}
	else if (FQ_IS(top, FQ_N_PLAN_APPEND))
	{
		/* Its inputs must drop the same positions. */
		n = top->nout;
		if (prune_append(st, top, req, d) < 0)
			return FQ_ERROR;
		if (top->nout == n)
			return FQ_OK;
		n = top->nout;
	}
	else
	{
		for (int i = 0; i < top->nout; i++)
			if (colset_has(req, top->out[i].rel, top->out[i].col))
				top->out[n++] = top->out[i];
		if (n == top->nout)
			return FQ_OK;
		top->nout = n;
	}
	r->p.nout = n;
	memcpy(r->p.out, top->out, sizeof(fq_plan_col) * (size_t) n);
	r->sql = fq_deparse(st, top, d);
	return r->sql != NULL ? FQ_OK : FQ_ERROR;
}

static int prune(fq_stmt *st, fq_plan *p, const colset *req, fq_diags *d);

/*
 * An Append's inputs produce its columns by position: it keeps the
 * positions its parent reads and has each input keep the same ones, so
 * `SELECT count(*) FROM (a UNION ALL b)` reads no column of a or b.
 */
static int
prune_append(fq_stmt *st, fq_plan *p, const colset *req, fq_diags *d)
{
	int n = 0;
	bool *keep = FQ_NEW_ARRAY(req->a, bool, p->nout > 0 ? p->nout : 1);

	if (keep == NULL)
		return fq_raise_nomem(d, req->a);
	for (int i = 0; i < p->nout; i++)
		if ((keep[i] = colset_has(req, p->out[i].rel, p->out[i].col)))
			n++;
	for (int k = 0; k < ((fq_plan_append *) p)->ninputs; k++)
	{
		fq_plan *in = ((fq_plan_append *) p)->inputs[k];
		colset need = {.a = req->a};

		if (in->nout != p->nout)
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
							"prune: an Append input has %d columns, not %d", in->nout, p->nout);
		for (int i = 0; i < p->nout; i++)
			if (keep[i])
				colset_add(&need, in->out[i].rel, in->out[i].col);
		if (need.nomem)
			return fq_raise_nomem(d, req->a);
		if (prune(st, in, &need, d) < 0)
			return FQ_ERROR;
		if (in->nout != n)
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
							"prune: an Append input kept %d columns, not %d", in->nout, n);
	}
	n = 0;
	for (int i = 0; i < p->nout; i++)
		if (keep[i])
			p->out[n++] = p->out[i];
	p->nout = n;
	return FQ_OK;
}

static int
prune(fq_stmt *st, fq_plan *p, const colset *req, fq_diags *d)
{
	colset need;

	if (fq_stack_check(d) < 0)
		return FQ_ERROR;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			{
				int n = 0;

				for (int i = 0; i < p->nout; i++)
					if (colset_has(req, p->out[i].rel, p->out[i].col))
						p->out[n++] = p->out[i];
				p->nout = n;
				return FQ_OK;
			}
		case FQ_N_PLAN_CTESCAN:
			{
				/* the CTE's stored columns it reads */
				fq_plan_ctescan *cs = (fq_plan_ctescan *) p;
				int n = 0;

				for (int i = 0; i < p->nout; i++)
					if (colset_has(req, p->out[i].rel, p->out[i].col))
					{
						cs->cols[n] = cs->cols[i];
						p->out[n++] = p->out[i];
					}
				p->nout = n;
				return FQ_OK;
			}
		case FQ_N_PLAN_VALUES:
		case FQ_N_PLAN_WORKTABLE:
		case FQ_N_PLAN_FUNCSCAN:
			return FQ_OK;
		case FQ_N_PLAN_REMOTE:
			return prune_remote(st, (fq_plan_remote *) p, req, d);
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
		case FQ_N_PLAN_JOIN:
		case FQ_N_PLAN_APPLY:
		case FQ_N_PLAN_UNIQUE:
			need = colset_copy(req);
			break;
		case FQ_N_PLAN_APPEND:
			return prune_append(st, p, req, d);
		case FQ_N_PLAN_SETOP:
		case FQ_N_PLAN_RECURSIVE:
			/* Every column decides which rows are equal: both inputs keep
			 * them all, and so does the node (a recursive CTE's step reads
			 * every column of the one before). */
			for (int k = 0; k < 2; k++)
			{
				fq_plan *in = k == 0 ? p->left : p->right;
				colset all = {.a = req->a};

				for (int i = 0; i < in->nout; i++)
					colset_add(&all, in->out[i].rel, in->out[i].col);
				if (all.nomem)
					return fq_raise_nomem(d, req->a);
				if (prune(st, in, &all, d) < 0)
					return FQ_ERROR;
			}
			return FQ_OK;
		case FQ_N_PLAN_WINDOW:
			{
				/* Its input's rows decide every function's value: the input
				 * keeps what the functions and the parent read; the node
				 * keeps the input's outputs that remain and the functions
				 * its parent reads.  fedq's executor computes only those,
				 * as PostgreSQL drops a subquery's unused window functions
				 * (and with them their errors). */
				fq_plan_window *w = (fq_plan_window *) p;
				int n = 0;

				need = colset_copy(req);
				fq_plan_walk_exprs(p, collect_vars, &need);
				if (need.nomem)
					return fq_raise_nomem(d, req->a);
				if (prune(st, p->left, &need, d) < 0)
					return FQ_ERROR;
				for (int i = 0; i < p->nout; i++)
					if (p->out[i].rel == w->rel ? colset_has(req, w->rel, p->out[i].col)
						: fq_plan_find_col(p->left, p->out[i].rel, p->out[i].col) >= 0)
						p->out[n++] = p->out[i];
				p->nout = n;
				return FQ_OK;
			}
		case FQ_N_PLAN_PROJECT:
			/* Only the outputs read above are computed. */
			prune_project((fq_plan_project *) p, req);
			need = (colset){.a = req->a};
			break;
		case FQ_N_PLAN_AGG:
			/* Every expression is computed; what they read is needed. */
			need = (colset){.a = req->a};
			break;
		default:
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "prune: unrecognized plan node %s",
							fq_node_tag_name(FQ_TAG(p)));
	}
	fq_plan_walk_exprs(p, collect_vars, &need);
	if (need.nomem)
		return fq_raise_nomem(d, req->a);
	if (prune(st, p->left, &need, d) < 0 ||
		(p->right != NULL && prune(st, p->right, &need, d) < 0))
		return FQ_ERROR;
	if (!FQ_IS(p, FQ_N_PLAN_PROJECT) && !FQ_IS(p, FQ_N_PLAN_AGG))
		keep_child_outputs(p, FQ_IS(p, FQ_N_PLAN_JOIN) || FQ_IS(p, FQ_N_PLAN_APPLY) ? req : NULL);
	return FQ_OK;
}

/* ---- Pushdown ---- */

typedef struct pctx
{
	fq_stmt *st;
	fq_diags *d;
	bool full; /* Pushdown on */
	bool main; /* the statement's own plan, not a subquery's */
} pctx;

/*
 * Whether a text column read by node p (a binding of one of its inputs)
 * comes straight from a source column whose lower()/upper() at the source
 * are fedq's (fq_pg_column.case_ok).  Computed text, whose collation
 * nobody tracks here, counts as not.
 */
static bool
input_case_ok(const fq_plan *p, int rel, int col)
{
	for (int k = 0; k < fq_plan_ninputs(p); k++)
	{
		const fq_plan *in = *fq_plan_input((fq_plan *) p, k);
		int i = fq_plan_find_col(in, rel, col);
		const fq_plan_col *c;

		if (i < 0)
			continue;
		c = &in->out[i];
		return c->base_rte != NULL && c->base_rte->meta != NULL &&
			c->base_col >= 0 && c->base_col < c->base_rte->meta->ncols &&
			c->base_rte->meta->cols[c->base_col].case_ok;
	}
	return false;
}

typedef struct case_check
{
	const fq_plan *p;
	bool text_var; /* a text column was seen: its collation decides */
	bool bad;
} case_check;

static bool
case_walker(fq_expr *e, void *ctx)
{
	case_check *cc = ctx;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		const fq_var *v = (const fq_var *) e;

		/* numbers, dates and the like print in ASCII: any case map agrees */
		if (fq_type_is_string(v->e.type.id))
		{
			cc->text_var = true;
			if (!input_case_ok(cc->p, v->rel, v->col))
				cc->bad = true;
		}
		return cc->bad;
	}
	return fq_expr_walk_children(e, case_walker, ctx);
}

typedef struct ship_check
{
	const fq_plan *p;
	const fq_stmt *st;       /* NULL: no subquery ships */
	const fq_source *src;    /* where p's inputs run */
} ship_check;

static const fq_source *runs_at(const fq_stmt *st, fq_plan *p, bool pushdown, bool reduced);
static bool recursive_at(const fq_stmt *st, fq_plan *p, const fq_source **src, int pass);

/* Calls fn on every expression of p's tree (a Remote's: of what it
 * replaced), stopping when fn does. */
static bool
walk_tree_exprs(fq_plan *p, fq_expr_walker fn, void *ctx)
{
	if (fq_stack_too_deep())
		return true;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
		return walk_tree_exprs(((fq_plan_remote *) p)->pushed, fn, ctx);
	if (fq_plan_walk_exprs(p, fn, ctx))
		return true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (walk_tree_exprs(*fq_plan_input(p, i), fn, ctx))
			return true;
	return false;
}

/* True at an exec param the sublink does not set. */
static bool
foreign_param_walker(fq_expr *e, void *ctx)
{
	const fq_sublink_expr *l = ctx;

	if (FQ_IS(e, FQ_N_EXPR_PARAM) && ((const fq_param *) e)->exec)
	{
		for (int i = 0; i < l->nargs; i++)
			if (l->params[i] == ((const fq_param *) e)->number)
				return false;
		return true;
	}
	return fq_expr_walk_children(e, foreign_param_walker, ctx);
}

/*
 * Whether a subquery fedq would run per row (a correlated one it could not
 * turn into a join) can go to the source inside the query around it, as a
 * subquery of its SQL: all of it runs at that source, and the outer values
 * it reads are its own exec params (deparse.c writes them as the outer
 * columns).
 */
static bool
sublink_ships(const ship_check *sc, const fq_sublink_expr *l)
{
	fq_plan *sub;
	const fq_source *at;

	if (sc->st == NULL || sc->src == NULL || l->id < 0 || l->id >= sc->st->nsubplans)
		return false;
	sub = sc->st->subplans[l->id];
	at = FQ_IS(sub, FQ_N_PLAN_REMOTE) ? ((fq_plan_remote *) sub)->source : runs_at(sc->st, sub, true, false);
	return fq_same_source(at, sc->src) && !walk_tree_exprs(sub, foreign_param_walker, (void *) l);
}

static bool
initplan_walker(fq_expr *e, void *ctx)
{
	return FQ_IS(e, FQ_N_EXPR_SUBPLAN) || fq_expr_walk_children(e, initplan_walker, ctx);
}

/*
 * Whether e reads an initplan only some rows evaluate: in a CASE branch
 * (or a later WHEN) or a later argument of COALESCE.  PostgreSQL runs an
 * initplan when a row first needs it, so one no row needs never raises
 * its error; sent to a source, its value would be a literal computed
 * beforehand.  Where the whole expression is constant, fedq computes it
 * before sending (deparse.c), lazily as well.
 */
static bool
initplan_in_branch(fq_expr *e)
{
	if (FQ_IS(e, FQ_N_EXPR_CASE))
	{
		const fq_case_expr *c = (const fq_case_expr *) e;

		for (int i = 0; i < c->nwhens; i++)
			if ((i > 0 && initplan_walker(c->conds[i], NULL)) ||
				initplan_walker(c->results[i], NULL))
				return true;
		return initplan_walker(c->else_expr, NULL);
	}
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((const fq_func_expr *) e)->fn == FQ_F_COALESCE)
	{
		const fq_func_expr *f = (const fq_func_expr *) e;

		for (int i = 1; i < f->nargs; i++)
			if (initplan_walker(f->args[i], NULL))
				return true;
	}
	return false;
}

/*
 * Every function fedq has is a built-in PostgreSQL can run; the clock and
 * parameters become literals at execution.  But lower(), upper() and
 * ILIKE follow the collation at the source: they ship only over source
 * columns that map letters as fedq does (an ICU or Turkish source would
 * give other answers than fedq's own executor).  A source's own function
 * (FQ_F_SOURCE) ships to its source only.
 */
static bool
unshippable_walker(fq_expr *e, void *ctx)
{
	ship_check *sc = ctx;

	/* a subquery fedq runs per row, unless its source can run it inside
	 * the statement it is part of */
	if (FQ_IS(e, FQ_N_EXPR_SUBLINK) && !sublink_ships(sc, (const fq_sublink_expr *) e))
		return true;
	if (!fq_expr_is_constant(e) && initplan_in_branch(e))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_FUNC))
	{
		const fq_func_expr *f = (const fq_func_expr *) e;
		int ncollated = 0;

		switch (f->fn)
		{
			case FQ_F_CALL:
				/* a volatile function's values are fedq's own, row by row */
				if (f->def->flags & FQ_FN_VOLATILE)
					return true;
				if (f->def->flags & FQ_FN_CASEMAP)
					ncollated = 1;
				break;
			case FQ_F_ILIKE:
			case FQ_F_NOT_ILIKE:
				ncollated = 2;
				break;
			case FQ_F_SOURCE:
				/* a source's own function: at that source only */
				if (!fq_same_source(f->src->source, sc->src))
					return true;
				break;
			default:
				break;
		}
		if (ncollated > 0)
		{
			case_check cc = {sc->p, false, false};

			for (int i = 0; i < ncollated && i < f->nargs && !cc.bad; i++)
				case_walker(f->args[i], &cc);
			if (cc.bad || !cc.text_var)
				return true;
		}
	}
	return fq_expr_walk_children(e, unshippable_walker, ctx);
}

static bool
exprs_shippable(const fq_stmt *st, fq_plan *p, const fq_source *src)
{
	ship_check sc = {p, st, src};

	return !fq_plan_walk_exprs(p, unshippable_walker, &sc);
}

bool
fq_same_source(const fq_source *a, const fq_source *b)
{
	return a != NULL && b != NULL && strcmp(a->key, b->key) == 0;
}

static bool
find_source_call(fq_expr *e, void *ctx)
{
	return fq_expr_calls_source(e, ctx);
}

/* The source of the first source's own function (FQ_F_SOURCE) p holds. */
static const fq_source *
called_source(fq_plan *p)
{
	const fq_func_expr *f = NULL;

	return fq_plan_walk_exprs(p, find_source_call, &f) && f != NULL ? f->src->source : NULL;
}

/*
 * Whether p is a query without FROM (its one empty row, and operators
 * over it) that src can run: `SELECT rds.f(2)` goes to the source of its
 * function.
 */
static bool
rowless_at(fq_plan *p, const fq_source *src)
{
	if (fq_stack_too_deep())
		return false;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_VALUES:
			return p->nout == 0 && ((fq_plan_values *) p)->nrows == 1 &&
				((fq_plan_values *) p)->sysview == NULL;
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_AGG:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
			return exprs_shippable(NULL, p, src) && rowless_at(p->left, src);
		default:
			return false;
	}
}

/*
 * A VALUES list and what is computed over it, every expression
 * shippable: no source of its own, it runs where what it joins does (a
 * VALUES list joined with a source's table goes to that source inside the
 * remote statement), in fedq alone.
 */
bool
fq_plan_floats(fq_plan *p)
{
	if (fq_stack_too_deep())
		return false;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_VALUES:
			{
				const fq_plan_values *v = (const fq_plan_values *) p;

				/* not a system view's rows, nor SELECT without FROM */
				return v->sysview == NULL && p->nout > 0 && exprs_shippable(NULL, p, NULL);
			}
		case FQ_N_PLAN_FUNCSCAN:
			return exprs_shippable(NULL, p, NULL);
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_AGG:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
		case FQ_N_PLAN_WINDOW:
		case FQ_N_PLAN_UNIQUE:
		case FQ_N_PLAN_JOIN:
		case FQ_N_PLAN_APPEND:
		case FQ_N_PLAN_SETOP:
			if (!exprs_shippable(NULL, p, NULL))
				return false;
			for (int i = 0; i < fq_plan_ninputs(p); i++)
				if (!fq_plan_floats(*fq_plan_input(p, i)))
					return false;
			return true;
		default:
			return false;
	}
}

/* True if p returns at most one row: an aggregate without GROUP BY, a
 * LIMIT 1, a VALUES list of one row, and what keeps their rows. */
static bool
single_row(const fq_plan *p)
{
	if (fq_stack_too_deep())
		return false;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_AGG:
			return ((const fq_plan_agg *) p)->ngroups == 0 && ((const fq_plan_agg *) p)->nsets == 0;
		case FQ_N_PLAN_VALUES:
			return ((const fq_plan_values *) p)->nrows <= 1;
		case FQ_N_PLAN_LIMIT:
			{
				const fq_expr *lim = ((const fq_plan_limit *) p)->limit;
				const fq_value *v = lim != NULL && FQ_IS(lim, FQ_N_EXPR_CONST)
					? &((const fq_const *) lim)->value : NULL;

				if (v != NULL && !v->isnull && v->type.id == FQ_T_INT8 && v->v.i <= 1)
					return true;
				return single_row(p->left);
			}
		case FQ_N_PLAN_REMOTE:
			return single_row(((const fq_plan_remote *) p)->pushed);
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_WINDOW:
		case FQ_N_PLAN_UNIQUE:
			return single_row(p->left);
		default:
			return false;
	}
}

/*
 * Where two inputs run together (a join's, a SetOp's): at their common
 * source, or where one runs when the other floats.  A floating input of
 * a join goes to the other's source only when the join has a condition:
 * a cross join would multiply the rows the source sends.
 */
static const fq_source *
runs_at_both(const fq_stmt *st, fq_plan *l, fq_plan *r, bool joined_on, bool pushdown,
			 bool reduced)
{
	const fq_source *ls = runs_at(st, l, pushdown, reduced);
	const fq_source *rs = runs_at(st, r, pushdown, reduced);

	if (ls == NULL && rs != NULL && joined_on && fq_plan_floats(l))
		return rs;
	if (rs == NULL && ls != NULL && joined_on && fq_plan_floats(r))
		return ls;
	return fq_same_source(ls, rs) ? ls : NULL;
}

const fq_source *
fq_plan_runs_at(fq_plan *p, bool pushdown)
{
	return runs_at(NULL, p, pushdown, false);
}

/*
 * fq_plan_runs_at, where st (when not NULL) lets subqueries of its
 * statement ship inside the query around them.  reduced: an aggregate or
 * a LIMIT above p (through filters, projections and sorts) shrinks p's
 * rows, so a product of p's inputs may go to their source: there it
 * costs the source the pairs, here it would cost sending both inputs
 * whole (SELECT count(*) FROM a, b).
 */
static const fq_source *
runs_at(const fq_stmt *st, fq_plan *p, bool pushdown, bool reduced)
{
	const fq_source *src;

	if (fq_stack_too_deep())
		return NULL;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			return ((fq_plan_scan *) p)->rte->source;
		case FQ_N_PLAN_CTESCAN:
			{
				/* where the CTE's whole plan runs: sent along in WITH */
				const fq_plan_ctescan *cs = (const fq_plan_ctescan *) p;
				const fq_plan *q = cs->cte != NULL ? *cs->cte : NULL;

				if (!pushdown || cs->fedq_only || q == NULL || !FQ_IS(q, FQ_N_PLAN_REMOTE))
					return NULL;
				return ((const fq_plan_remote *) q)->source;
			}
		case FQ_N_PLAN_SHIPPED:
			return ((fq_plan_shipped *) p)->source;
		case FQ_N_PLAN_VALUES:
		case FQ_N_PLAN_REMOTE:
			return NULL;
		case FQ_N_PLAN_JOIN:
			{
				const fq_plan_join *j = (const fq_plan_join *) p;
				bool		product = j->cond == NULL &&
					(j->type == FQ_JOIN_CROSS || j->type == FQ_JOIN_INNER);

				if (!pushdown)
					return NULL;
				/* A product of two sides: each sends its rows and fedq
				 * pairs them, unless one side is one row or an aggregate
				 * above shrinks the pairs. */
				if (product && !reduced && !single_row(p->left) && !single_row(p->right))
					return NULL;
				src = runs_at_both(st, p->left, p->right,
								   j->cond != NULL && j->type != FQ_JOIN_CROSS, pushdown,
								   product && reduced);
				return src != NULL && exprs_shippable(st, p, src) ? src : NULL;
			}
		case FQ_N_PLAN_SETOP:
			return pushdown ? runs_at_both(st, p->left, p->right, true, pushdown, false) : NULL;
		case FQ_N_PLAN_RECURSIVE:
			/* a recursive CTE: at the one source of every table it reads */
			if (!pushdown)
				return NULL;
			src = NULL;
			return recursive_at(st, p, &src, 0) && src != NULL && recursive_at(st, p, &src, 1)
				? src : NULL;
		case FQ_N_PLAN_APPLY:
			/* a LATERAL subquery: where the rows before it and it run */
			if (!pushdown)
				return NULL;
			src = runs_at_both(st, p->left, p->right, true, pushdown, false);
			return src != NULL && exprs_shippable(st, p, src) ? src : NULL;
		case FQ_N_PLAN_APPEND:
			{
				const fq_plan_append *ap = (const fq_plan_append *) p;

				if (!pushdown)
					return NULL;
				/* the inputs' one source; floating inputs go with them */
				src = NULL;
				for (int i = 0; i < ap->ninputs; i++)
				{
					const fq_source *in = runs_at(st, ap->inputs[i], pushdown, false);

					if (in == NULL && fq_plan_floats(ap->inputs[i]))
						continue;
					if (in == NULL || (src != NULL && !fq_same_source(src, in)))
						return NULL;
					src = in;
				}
				return src;
			}
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_PROJECT:
		case FQ_N_PLAN_AGG:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
		case FQ_N_PLAN_WINDOW:
		case FQ_N_PLAN_UNIQUE:
			if (!pushdown)
				return NULL;
			src = runs_at(st, p->left, pushdown,
						  FQ_IS(p, FQ_N_PLAN_AGG) || FQ_IS(p, FQ_N_PLAN_LIMIT) ||
						  (reduced && (FQ_IS(p, FQ_N_PLAN_FILTER) || FQ_IS(p, FQ_N_PLAN_PROJECT) ||
									   FQ_IS(p, FQ_N_PLAN_SORT))));
			/* without FROM: at the source of a function only it has */
			if (src == NULL && (src = called_source(p)) != NULL && !rowless_at(p->left, src))
				return NULL;
			return src != NULL && exprs_shippable(st, p, src) ? src : NULL;
		default:
			return NULL;
	}
}

/*
 * Whether a recursive CTE can go to one source whole: pass 0 finds the one
 * source of every table its terms read (*src); pass 1 checks that every
 * expression of theirs can run there.  Its WorkTable scans read no source;
 * no part of the CTE already runs elsewhere.
 */
static bool
recursive_at(const fq_stmt *st, fq_plan *p, const fq_source **src, int pass)
{
	if (fq_stack_too_deep())
		return false;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			if (pass == 0)
			{
				const fq_source *s = ((fq_plan_scan *) p)->rte->source;

				if (*src != NULL && !fq_same_source(*src, s))
					return false;
				*src = s;
			}
			return true;
		case FQ_N_PLAN_WORKTABLE:
			return true;
		case FQ_N_PLAN_CTESCAN:
			if (pass == 0)
			{
				const fq_source *s = runs_at(st, p, true, false);

				if (s == NULL || (*src != NULL && !fq_same_source(*src, s)))
					return false;
				*src = s;
			}
			return true;
		case FQ_N_PLAN_REMOTE:
			return false;
		case FQ_N_PLAN_VALUES:
			if (((fq_plan_values *) p)->sysview != NULL)
				return false;
			break;
		default:
			break;
	}
	if (pass == 1 && !exprs_shippable(st, p, *src))
		return false;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!recursive_at(st, *fq_plan_input(p, i), src, pass))
			return false;
	return true;
}

static fq_plan *
make_remote(pctx *pc, fq_plan *p, const fq_source *src)
{
	fq_plan_remote *r = FQ_MAKE_PLAN(pc->st->arena, fq_plan_remote, FQ_N_PLAN_REMOTE, p->nout);

	if (r == NULL)
	{
		fq_raise_nomem(pc->d, pc->st->arena);
		return NULL;
	}
	memcpy(r->p.out, p->out, sizeof(fq_plan_col) * (size_t) p->nout);
	r->source = src;
	r->pushed = p;
	r->p.n.location = p->n.location;
	/* Shown by EXPLAIN; regenerated with values at execution. */
	r->sql = fq_deparse(pc->st, p, pc->d);
	if (r->sql == NULL)
		return NULL;
	return &r->p;
}

/*
 * A condition a source cannot run whole (a subquery run per row, random())
 * over an input one source runs: its first conjuncts, in the order they
 * are evaluated (rewrite.c orders them as PostgreSQL does), up to the
 * first one the source cannot run, go to the source in a Filter of their
 * own; the rest stays.  Not beyond that first one: a later conjunct could
 * fail on rows it lets through.
 */
static int
split_filter(pctx *pc, fq_plan_filter *f)
{
	const fq_source *src = runs_at(pc->st, f->p.left, pc->full, false);
	fq_list *conj = NULL;
	fq_list *head = NULL;
	fq_list *tail = NULL;
	fq_plan_filter *lower = NULL;
	int i = 0;
	fq_expr *e;

	if (src == NULL)
		return FQ_OK;
	if (!fq_expr_conjuncts(pc->st->arena, f->pred, &conj))
		return fq_raise_nomem(pc->d, pc->st->arena);
	if (fq_list_len(conj) < 2)
		return FQ_OK;
	FQ_LIST_FOREACH(e, conj)
	{
		fq_plan_filter *try;

		if (tail == NULL)
		{
			try = FQ_MAKE_PLAN(pc->st->arena, fq_plan_filter, FQ_N_PLAN_FILTER, f->p.left->nout);
			if (try == NULL || (head = fq_lappend(pc->st->arena, head, e)) == NULL ||
				(try->pred = fq_make_and(pc->st->arena, head)) == NULL)
				return fq_raise_nomem(pc->d, pc->st->arena);
			memcpy(try->p.out, f->p.left->out, sizeof(fq_plan_col) * (size_t) f->p.left->nout);
			try->p.left = f->p.left;
			try->p.n.location = f->p.n.location;
			if (runs_at(pc->st, &try->p, pc->full, false) == src)
			{
				lower = try;
				i++;
				continue;
			}
		}
		if ((tail = fq_lappend(pc->st->arena, tail, e)) == NULL)
			return fq_raise_nomem(pc->d, pc->st->arena);
	}
	if (lower == NULL || tail == NULL)
		return FQ_OK;
	f->p.left = &lower->p;
	if ((f->pred = fq_make_and(pc->st->arena, tail)) == NULL)
		return fq_raise_nomem(pc->d, pc->st->arena);
	return FQ_OK;
}

/*
 * Whether every row of p passes, through operators of one input that fedq
 * computes itself, a filter folded to false or a LIMIT 0.  fedq's executor
 * returns no rows there without running what is below (filter.c,
 * limit.c), and an aggregate over no rows is fedq's own to compute, so
 * none of it is sent to a source: a BI tool's metadata queries (`SELECT *
 * FROM (...) t WHERE 1=0`, `... LIMIT 0`) then ask no source for anything.
 * Only for the statement's own plan: a subquery may already be counted on
 * to go to its source inside the query around it.
 */
static bool
returns_nothing(fq_plan *p)
{
	for (; p != NULL; p = p->left)
	{
		if (fq_stack_too_deep())
			return false;
		switch (FQ_TAG(p))
		{
			case FQ_N_PLAN_FILTER:
				if (fq_expr_is_false_const(((const fq_plan_filter *) p)->pred))
					return true;
				break;
			case FQ_N_PLAN_LIMIT:
				{
					const fq_expr *e = ((const fq_plan_limit *) p)->limit;
					const fq_value *v;

					if (e == NULL || !FQ_IS(e, FQ_N_EXPR_CONST))
						break;
					v = &((const fq_const *) e)->value;
					if (!v->isnull && (e->type.id == FQ_T_INT2 || e->type.id == FQ_T_INT4 ||
									   e->type.id == FQ_T_INT8) && v->v.i == 0)
						return true;
					break;
				}
			case FQ_N_PLAN_PROJECT:
			case FQ_N_PLAN_AGG:
			case FQ_N_PLAN_SORT:
			case FQ_N_PLAN_WINDOW:
			case FQ_N_PLAN_UNIQUE:
				break;
			default:
				return false;
		}
		/* what only a source computes keeps the whole at the source */
		if (fq_plan_walk_exprs(p, find_source_call, NULL))
			return false;
	}
	return false;
}

static fq_plan *
push(pctx *pc, fq_plan *p)
{
	const fq_source *src;

	if (fq_stack_check(pc->d) < 0)
		return NULL;
	src = pc->main && pc->full && returns_nothing(p) ? NULL : runs_at(pc->st, p, pc->full, false);
	if (src != NULL)
		return make_remote(pc, p, src);
	if (FQ_IS(p, FQ_N_PLAN_SCAN))
	{
		fq_raise(pc->d, FQ_ERR_INTERNAL_ERROR, 0, "a table scan has no source");
		return NULL;
	}
	if (FQ_IS(p, FQ_N_PLAN_FILTER) && split_filter(pc, (fq_plan_filter *) p) < 0)
		return NULL;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		fq_plan **in = fq_plan_input(p, i);

		if ((*in = push(pc, *in)) == NULL)
			return NULL;
	}
	return p;
}

/* ---- Dynamic filters ---- */

static bool reads_source_call(const fq_plan *below, const fq_expr *e);

/*
 * Whether binding (rel, col) of p is computed by a source's own function
 * (FQ_F_SOURCE), or from a value one computed: no dynamic filter goes to
 * such a column, which would have the source evaluate the function again.
 */
static bool
col_calls_source(const fq_plan *p, int rel, int col)
{
	if (fq_stack_too_deep())
		return true;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			return false;
		case FQ_N_PLAN_PROJECT:
			if (rel == ((const fq_plan_project *) p)->rel)
			{
				const fq_expr *e = fq_plan_project_expr((const fq_plan_project *) p, col);

				return e == NULL || reads_source_call(p->left, e);
			}
			break;
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				if (rel == g->group_rel)
					return col < g->ngroups && reads_source_call(p->left, g->groups[col]);
				if (rel == g->agg_rel)
					return col >= g->naggs || reads_source_call(p->left, &g->aggs[col]->e);
				break;
			}
		case FQ_N_PLAN_WINDOW:
			{
				const fq_plan_window *w = (const fq_plan_window *) p;

				if (rel == w->rel)
					return col >= w->nfuncs || reads_source_call(p->left, &w->funcs[col]->e);
				break;
			}
		case FQ_N_PLAN_APPEND:
			if (rel == ((const fq_plan_append *) p)->rel)
			{
				const fq_plan_append *ap = (const fq_plan_append *) p;
				int k = fq_plan_find_col(p, rel, col);

				for (int i = 0; i < ap->ninputs; i++)
					if (k < 0 || k >= ap->inputs[i]->nout ||
						col_calls_source(ap->inputs[i], ap->inputs[i]->out[k].rel,
										 ap->inputs[i]->out[k].col))
						return true;
				return false;
			}
			break;
		case FQ_N_PLAN_VALUES:
			return true;
		default:
			break;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		const fq_plan *in = *fq_plan_input((fq_plan *) p, i);

		if (fq_plan_find_col(in, rel, col) >= 0)
			return col_calls_source(in, rel, col);
	}
	return false;
}

typedef struct source_read
{
	const fq_plan *below;
	bool found;
} source_read;

static bool
source_read_walker(fq_expr *e, void *arg)
{
	source_read *r = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
		r->found = col_calls_source(r->below, ((fq_var *) e)->rel, ((fq_var *) e)->col);
	else if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_SOURCE)
		r->found = true;
	return r->found || fq_expr_walk_children(e, source_read_walker, arg);
}

/* Whether e, over the outputs of below, reads a source's own function. */
static bool
reads_source_call(const fq_plan *below, const fq_expr *e)
{
	source_read r = {below, false};

	source_read_walker((fq_expr *) e, &r);
	return r.found;
}

/* Key types whose equality means the same at a source as in fedq. */
static bool
dyn_filter_type(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_BOOL:
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
		case FQ_T_DECIMAL:
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_DATE:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_UUID:
			return true;
		default:
			return false;
	}
}

/*
 * The RemoteQuery below p whose output column *col becomes binding (rel,
 * col) of p unchanged, through operators where dropping the rows whose
 * value matches nothing only drops rows the join would drop: filters,
 * sorts, plain projections, grouping by that column, the preserved side
 * of an outer join, either side of an inner join.  Not through LIMIT.
 */
static const fq_plan_remote *
dyn_target(const fq_plan *p, int rel, int col, int *out_col)
{
	if (fq_stack_too_deep())
		return NULL;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_REMOTE:
			*out_col = fq_plan_find_col(p, rel, col);
			return *out_col >= 0 ? (const fq_plan_remote *) p : NULL;
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_SORT:
			return dyn_target(p->left, rel, col, out_col);
		case FQ_N_PLAN_PROJECT:
			{
				const fq_plan_project *pr = (const fq_plan_project *) p;
				const fq_var *v;

				const fq_expr *e = rel == pr->rel ? fq_plan_project_expr(pr, col) : NULL;

				if (e == NULL || !FQ_IS(e, FQ_N_EXPR_VAR))
					return NULL;
				v = (const fq_var *) e;
				return dyn_target(p->left, v->rel, v->col, out_col);
			}
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;
				const fq_var *v;

				if (rel != g->group_rel || col < 0 || col >= g->ngroups || g->nsets > 0 ||
					!FQ_IS(g->groups[col], FQ_N_EXPR_VAR))
					return NULL;
				v = (const fq_var *) g->groups[col];
				return dyn_target(p->left, v->rel, v->col, out_col);
			}
		case FQ_N_PLAN_JOIN:
			{
				fq_join_type t = ((const fq_plan_join *) p)->type;

				if (fq_plan_find_col(p->left, rel, col) >= 0)
					return t == FQ_JOIN_RIGHT || t == FQ_JOIN_FULL
						? NULL : dyn_target(p->left, rel, col, out_col);
				if (fq_plan_find_col(p->right, rel, col) >= 0)
					return t == FQ_JOIN_INNER || t == FQ_JOIN_CROSS || t == FQ_JOIN_RIGHT
						? dyn_target(p->right, rel, col, out_col) : NULL;
				return NULL;
			}
		default:
			return NULL;
	}
}

static int
plan_dyn_filters(fq_stmt *st, fq_plan *p, fq_diags *d)
{
	fq_plan_join *j;
	fq_list *conds = NULL;
	fq_expr *c;
	const fq_plan *probe_side;
	const fq_plan *build_side;

	if (FQ_IS(p, FQ_N_PLAN_REMOTE) || FQ_IS(p, FQ_N_PLAN_SCAN) || FQ_IS(p, FQ_N_PLAN_VALUES))
		return FQ_OK;
	if (fq_stack_check(d) < 0)
		return FQ_ERROR;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (plan_dyn_filters(st, *fq_plan_input((fq_plan *) p, i), d) < 0)
			return FQ_ERROR;
	if (!FQ_IS(p, FQ_N_PLAN_JOIN))
		return FQ_OK;
	j = (fq_plan_join *) p;
	/* Only where probe rows without a match are dropped: the left input
	 * of INNER and SEMI joins; the right input (the subquery) of SEMI and
	 * ANTI joins that build their left. */
	if (j->build_left)
	{
		probe_side = p->right;
		build_side = p->left;
	}
	else if (j->type == FQ_JOIN_INNER || j->type == FQ_JOIN_SEMI)
	{
		probe_side = p->left;
		build_side = p->right;
	}
	else
		return FQ_OK;
	if (!fq_expr_conjuncts(st->arena, j->cond, &conds))
		return fq_raise_nomem(d, st->arena);
	FQ_LIST_FOREACH(c, conds)
	{
		fq_func_expr *f = (fq_func_expr *) c;
		fq_dyn_filter *grown;
		const fq_plan_remote *target;
		fq_expr *probe;
		fq_expr *build;
		const fq_expr *var;
		double domain;
		double probe_domain;
		int col;

		if (!FQ_IS(c, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ)
			continue;
		probe = f->args[0];
		build = f->args[1];
		if (!fq_plan_provides(probe_side, probe))
		{
			probe = f->args[1];
			build = f->args[0];
		}
		/* The probe key a column, maybe widened (sent without the cast,
		 * compared with values of the wider type). */
		var = fq_expr_strip_widening(probe);
		if (!FQ_IS(var, FQ_N_EXPR_VAR) || !fq_plan_provides(probe_side, probe) ||
			!fq_plan_provides(build_side, build) || !dyn_filter_type(&build->type) ||
			probe->type.id != build->type.id)
			continue;
		target = dyn_target(probe_side, ((const fq_var *) var)->rel, ((const fq_var *) var)->col,
							&col);
		if (target == NULL ||
			col_calls_source(target->pushed, target->p.out[col].rel, target->p.out[col].col))
			continue;
		grown = fq_arena_realloc(st->arena, j->dyn, sizeof(fq_dyn_filter) * (size_t) j->ndyn,
								 sizeof(fq_dyn_filter) * (size_t) (j->ndyn + 1));
		if (grown == NULL)
			return fq_raise_nomem(d, st->arena);
		j->dyn = grown;
		domain = fq_est_domain(st, build_side, build);
		if ((probe_domain = fq_est_domain(st, probe_side, var)) > domain)
			domain = probe_domain;
		j->dyn[j->ndyn++] = (fq_dyn_filter) {
			target, col, build, (const fq_var *) var, fq_est_rows(st, &target->p),
			fq_est_col_distinct(st, &target->p, col), domain
		};
	}
	return FQ_OK;
}

/* ---- Aggregates over UNION ALL, in two steps ---- */

/* The largest relation number in the tree, for fresh ones. */
static int
max_rel(const fq_plan *p)
{
	int m = 0;

	if (p == NULL || fq_stack_too_deep())
		return 0;
	for (int i = 0; i < p->nout; i++)
		if (p->out[i].rel > m)
			m = p->out[i].rel;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_PROJECT:
			m = ((const fq_plan_project *) p)->rel > m ? ((const fq_plan_project *) p)->rel : m;
			break;
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				m = g->group_rel > m ? g->group_rel : m;
				m = g->agg_rel > m ? g->agg_rel : m;
				break;
			}
		case FQ_N_PLAN_APPEND:
			m = ((const fq_plan_append *) p)->rel > m ? ((const fq_plan_append *) p)->rel : m;
			break;
		case FQ_N_PLAN_VALUES:
			m = ((const fq_plan_values *) p)->rel > m ? ((const fq_plan_values *) p)->rel : m;
			break;
		case FQ_N_PLAN_RECURSIVE:
			m = ((const fq_plan_recursive *) p)->rel > m ? ((const fq_plan_recursive *) p)->rel : m;
			break;
		case FQ_N_PLAN_WORKTABLE:
			m = ((const fq_plan_worktable *) p)->rel > m ? ((const fq_plan_worktable *) p)->rel : m;
			break;
		case FQ_N_PLAN_FUNCSCAN:
			m = ((const fq_plan_funcscan *) p)->rel > m ? ((const fq_plan_funcscan *) p)->rel : m;
			break;
		case FQ_N_PLAN_SCAN:
			m = ((const fq_plan_scan *) p)->rte->rel > m ? ((const fq_plan_scan *) p)->rte->rel : m;
			break;
		default:
			break;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		int k = max_rel(*fq_plan_input((fq_plan *) p, i));

		m = k > m ? k : m;
	}
	return m;
}

typedef struct split_ctx
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	int next_rel;
	bool failed;
} split_ctx;

/* Renames the Append's columns to an input's: (ap_rel, c) → input out[k]. */
typedef struct rename_ctx
{
	const fq_plan *ap;
	const fq_plan *in;
	bool missing;
} rename_ctx;

static fq_expr *
rename_mutator(fq_expr *e, void *arg)
{
	rename_ctx *c = arg;
	const fq_var *v = (const fq_var *) e;
	int k;

	if (!FQ_IS(e, FQ_N_EXPR_VAR) || (k = fq_plan_find_col(c->ap, v->rel, v->col)) < 0)
		return e;
	if (k >= c->in->nout)
	{
		c->missing = true;
		return e;
	}
	((fq_var *) e)->rel = c->in->out[k].rel; /* e is the mutator's copy */
	((fq_var *) e)->col = c->in->out[k].col;
	return e;
}

static fq_expr *
rename_to_input(split_ctx *sc, fq_expr *e, const fq_plan *ap, const fq_plan *in)
{
	rename_ctx c = {ap, in, false};
	fq_expr *copy = fq_expr_copy(sc->a, e);

	if (copy == NULL || (copy = fq_expr_mutate(sc->a, copy, rename_mutator, &c)) == NULL)
	{
		fq_raise_nomem(sc->d, sc->a);
		sc->failed = true;
		return NULL;
	}
	return c.missing ? NULL : copy;
}

/* True if every aggregate of g can be computed per input and combined. */
static bool
splittable(const fq_plan_agg *g)
{
	if (g->naggs == 0 || g->nsets > 0)
		return false;
	for (int j = 0; j < g->naggs; j++)
	{
		const fq_agg_expr *a = g->aggs[j];

		if (a->distinct || a->norder > 0)
			return false;
		switch (a->kind)
		{
			case FQ_AGG_COUNT_STAR:
			case FQ_AGG_COUNT:
			case FQ_AGG_SUM:
			case FQ_AGG_MIN:
			case FQ_AGG_MAX:
			case FQ_AGG_BOOL_AND:
			case FQ_AGG_BOOL_OR:
			case FQ_AGG_BIT_AND:
			case FQ_AGG_BIT_OR:
			case FQ_AGG_BIT_XOR:
				break;
			default:
				/* avg, the statistics, string_agg, the ordered-set
				 * aggregates: over all the rows, in fedq */
				return false;
		}
	}
	return true;
}

/*
 * Aggregate(G; A) over a UNION ALL that no one source runs becomes
 * Aggregate(G; combine(A)) over the UNION ALL of Aggregate(G; A) per input:
 * each source groups its own rows and sends one row per group, not every
 * row.  count and sum are combined by summing (count keeps its bigint
 * type), min, max, bool_and, bool_or, bit_and, bit_or and bit_xor by
 * themselves; FILTER stays in the per-input step.  Not for DISTINCT
 * aggregates, nor for those whose parts would not combine into
 * PostgreSQL's exact value (avg, the variances and regressions,
 * string_agg, the ordered-set aggregates).
 */
static fq_plan *
split_agg(split_ctx *sc, fq_plan_agg *g)
{
	fq_plan *ap = g->p.left;
	int nin = ((fq_plan_append *) ap)->ninputs;
	int nk = g->ngroups + g->naggs;
	fq_plan_append *ap2;
	fq_plan **arms = FQ_NEW_ARRAY(sc->a, fq_plan *, nin);

	if (arms == NULL)
		goto nomem;
	for (int k = 0; k < nin; k++)
	{
		fq_plan *in = ((fq_plan_append *) ap)->inputs[k];
		fq_plan_agg *part = FQ_MAKE_PLAN(sc->a, fq_plan_agg, FQ_N_PLAN_AGG, nk);
		fq_plan_project *q = FQ_MAKE_PLAN(sc->a, fq_plan_project, FQ_N_PLAN_PROJECT, nk);

		if (part == NULL || q == NULL ||
			(part->groups = FQ_NEW_ARRAY(sc->a, fq_expr *, g->ngroups > 0 ? g->ngroups : 1)) == NULL ||
			(part->aggs = FQ_NEW_ARRAY(sc->a, fq_agg_expr *, g->naggs)) == NULL ||
			(q->exprs = FQ_NEW_ARRAY(sc->a, fq_expr *, nk)) == NULL)
			goto nomem;
		part->p.left = in;
		part->group_rel = ++sc->next_rel;
		part->agg_rel = ++sc->next_rel;
		part->ngroups = g->ngroups;
		part->naggs = g->naggs;
		for (int i = 0; i < g->ngroups; i++)
			if ((part->groups[i] = rename_to_input(sc, g->groups[i], ap, in)) == NULL)
				return sc->failed ? NULL : &g->p;
		for (int j = 0; j < g->naggs; j++)
		{
			fq_agg_expr *pa = (fq_agg_expr *) rename_to_input(sc, &g->aggs[j]->e, ap, in);

			if (pa == NULL)
				return sc->failed ? NULL : &g->p;
			part->aggs[j] = pa;
		}
		for (int i = 0; i < nk; i++)
		{
			fq_plan_col *c = &part->p.out[i];
			bool grp = i < g->ngroups;

			*c = g->p.out[i];
			c->rel = grp ? part->group_rel : part->agg_rel;
			c->col = grp ? i : i - g->ngroups;
			c->base_rte = NULL;
			c->base_col = -1;
			if (grp)
			{
				/* Named after the grouping expression, for EXPLAIN. */
				fq_strbuf b = FQ_STRBUF_INIT;

				fq_expr_explain(g->groups[i], &b);
				c->name = fq_strbuf_ok(&b) ? fq_arena_strdup(sc->a, fq_strbuf_str(&b)) : NULL;
				fq_strbuf_free(&b);
				if (c->name == NULL)
					goto nomem;
			}
		}
		q->p.left = &part->p;
		q->rel = ++sc->next_rel;
		q->nexprs = nk;
		for (int i = 0; i < nk; i++)
		{
			fq_var *v = fq_make_var(sc->a, part->p.out[i].rel, part->p.out[i].col,
									part->p.out[i].type, part->p.out[i].name);

			if (v == NULL)
				goto nomem;
			q->exprs[i] = &v->e;
			q->p.out[i] = part->p.out[i];
			q->p.out[i].rel = q->rel;
			q->p.out[i].col = i;
		}
		arms[k] = &q->p;
	}
	if ((ap2 = fq_plan_new_append(sc->a, nk, nin)) == NULL)
		goto nomem;
	memcpy(ap2->inputs, arms, sizeof(fq_plan *) * (size_t) nin);
	ap2->p.n.location = ap->n.location;
	ap2->rel = ++sc->next_rel;
	for (int i = 0; i < nk; i++)
	{
		ap2->p.out[i] = arms[0]->out[i];
		ap2->p.out[i].rel = ap2->rel;
		ap2->p.out[i].col = i;
		ap2->p.out[i].nullable = FQ_NULLABLE_UNKNOWN;
	}
	/* The combining step keeps g's bindings, so nothing above changes. */
	for (int i = 0; i < g->ngroups; i++)
	{
		fq_var *v = fq_make_var(sc->a, ap2->rel, i, ap2->p.out[i].type, ap2->p.out[i].name);

		if (v == NULL)
			goto nomem;
		g->groups[i] = &v->e;
	}
	for (int j = 0; j < g->naggs; j++)
	{
		const fq_agg_expr *orig = g->aggs[j];
		fq_agg_expr *f = FQ_MAKE_NODE(sc->a, fq_agg_expr, FQ_N_EXPR_AGG);
		fq_var *v = fq_make_var(sc->a, ap2->rel, g->ngroups + j, ap2->p.out[g->ngroups + j].type,
								ap2->p.out[g->ngroups + j].name);

		if (f == NULL || v == NULL)
			goto nomem;
		f->e.type = orig->e.type; /* count: the sum of bigints stays a bigint */
		f->kind = orig->kind == FQ_AGG_COUNT || orig->kind == FQ_AGG_COUNT_STAR ? FQ_AGG_SUM
																				 : orig->kind;
		f->arg = &v->e;
		g->aggs[j] = f;
	}
	g->p.left = &ap2->p;
	return &g->p;

nomem:
	fq_raise_nomem(sc->d, sc->a);
	sc->failed = true;
	return NULL;
}

/*
 * A UNION ALL that no one source runs whole, but with several inputs at
 * one source: those inputs become one Append of their own, which pushdown
 * sends to that source as one statement (and split_aggs groups there).
 * Each source's inputs keep their order; the sources come in the order of
 * their first input, then the inputs that run at no source.  UNION ALL
 * promises no order of its rows, and this is the order fedq reads them in.
 */
static fq_plan *
group_by_source(split_ctx *sc, fq_plan *p)
{
	fq_plan_append *ap = (fq_plan_append *) p;
	const fq_source **srcs;
	bool *taken;
	fq_plan **inputs;
	int n = 0;

	if (fq_stack_check(sc->d) < 0)
	{
		sc->failed = true;
		return NULL;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		fq_plan **in = fq_plan_input(p, i);

		if (!FQ_IS(*in, FQ_N_PLAN_SCAN) && !FQ_IS(*in, FQ_N_PLAN_VALUES) &&
			(*in = group_by_source(sc, *in)) == NULL)
			return NULL;
	}
	if (!FQ_IS(p, FQ_N_PLAN_APPEND) || ap->ninputs < 3 || fq_plan_runs_at(p, true) != NULL)
		return p;
	srcs = FQ_NEW_ARRAY(sc->a, const fq_source *, ap->ninputs);
	taken = FQ_NEW_ARRAY(sc->a, bool, ap->ninputs);
	inputs = FQ_NEW_ARRAY(sc->a, fq_plan *, ap->ninputs);
	if (srcs == NULL || taken == NULL || inputs == NULL)
		goto nomem;
	for (int i = 0; i < ap->ninputs; i++)
		srcs[i] = fq_plan_runs_at(ap->inputs[i], true);
	for (int i = 0; i < ap->ninputs; i++)
	{
		fq_plan_append *sub;
		int m = 0;

		if (taken[i] || srcs[i] == NULL)
			continue;
		for (int j = i; j < ap->ninputs; j++)
			if (!taken[j] && fq_same_source(srcs[i], srcs[j]))
				m++;
		if (m == 1)
		{
			taken[i] = true;
			inputs[n++] = ap->inputs[i];
			continue;
		}
		if ((sub = fq_plan_new_append(sc->a, p->nout, m)) == NULL)
			goto nomem;
		sub->rel = ++sc->next_rel;
		sub->p.n.location = p->n.location;
		for (int c = 0; c < p->nout; c++)
		{
			sub->p.out[c] = p->out[c];
			sub->p.out[c].rel = sub->rel;
			sub->p.out[c].col = c;
		}
		m = 0;
		for (int j = i; j < ap->ninputs; j++)
			if (!taken[j] && fq_same_source(srcs[i], srcs[j]))
			{
				taken[j] = true;
				sub->inputs[m++] = ap->inputs[j];
			}
		inputs[n++] = &sub->p;
	}
	for (int i = 0; i < ap->ninputs; i++)
		if (!taken[i])
			inputs[n++] = ap->inputs[i];
	ap->inputs = inputs;
	ap->ninputs = n;
	return p;

nomem:
	fq_raise_nomem(sc->d, sc->a);
	sc->failed = true;
	return NULL;
}

/* True if some input of the Append runs at a source. */
static bool
an_input_runs_at_a_source(fq_plan *p)
{
	const fq_plan_append *ap = (const fq_plan_append *) p;

	for (int i = 0; i < ap->ninputs; i++)
		if (fq_plan_runs_at(ap->inputs[i], true) != NULL)
			return true;
	return false;
}

static fq_plan *
split_aggs(split_ctx *sc, fq_plan *p)
{
	if (FQ_IS(p, FQ_N_PLAN_SCAN) || FQ_IS(p, FQ_N_PLAN_VALUES) || FQ_IS(p, FQ_N_PLAN_REMOTE))
		return p;
	if (fq_stack_check(sc->d) < 0)
	{
		sc->failed = true;
		return NULL;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		fq_plan **in = fq_plan_input(p, i);

		if ((*in = split_aggs(sc, *in)) == NULL)
			return NULL;
	}
	if (FQ_IS(p, FQ_N_PLAN_AGG) && FQ_IS(p->left, FQ_N_PLAN_APPEND) &&
		splittable((fq_plan_agg *) p) && fq_plan_runs_at(p->left, true) == NULL &&
		an_input_runs_at_a_source(p->left))
		return split_agg(sc, (fq_plan_agg *) p);
	return p;
}

/* ---- What fedq cannot compute ---- */

/*
 * A source's own function (FQ_F_SOURCE) in a part of the plan that fedq
 * runs (not inside a RemoteQuery): the query cannot run, and says why
 * before any source is read.
 */
static int
refuse_source_calls(fq_stmt *st, fq_plan *p, bool pushdown, fq_diags *d)
{
	const fq_func_expr *f = NULL;

	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
		return FQ_OK;
	if (fq_stack_check(d) < 0)
		return FQ_ERROR;
	if (fq_plan_walk_exprs(p, find_source_call, &f) && f != NULL)
	{
		const char *where = f->src->source->label;

		fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED,
				 f->e.n.location >= 0 ? fq_char_position(st->sql, st->sql_len, f->e.n.location) : 0,
				 "%s %s is not one fedq can compute; it runs only inside a query sent "
				 "whole to %s",
				 fq_source_func_kind(f->src), f->src->label, where);
		if (!pushdown)
			fq_diag_hint(d, "With Pushdown=0 fedq itself runs everything above the table scans; "
							"set Pushdown=1 to send the %s to %s.", fq_source_func_kind(f->src),
						 where);
		else
			fq_diag_hint(d, "Here fedq computes it itself: over rows of several sources or "
							"values fedq computes (a join or union across sources, an aggregate "
							"or condition fedq runs). Compute it in a subquery in FROM that reads "
							"only tables of %s, (SELECT ..., %s%s%s AS v FROM ...), which is "
							"sent to %s whole.", where, f->src->op != NULL ? "x " : "",
						 f->src->label, f->src->op != NULL ? " y" : "(...)", where);
		return FQ_ERROR;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (refuse_source_calls(st, *fq_plan_input(p, i), pushdown, d) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

/*
 * Each RemoteQuery's text is deparsed as its part is pushed, but the
 * subqueries it sends inside it (shipped sublinks) are optimized after the
 * plan around them: once every plan of the statement is final, write each
 * text again, so EXPLAIN shows what execution sends.
 */
static int
redo_remote_sql(fq_stmt *st, fq_plan *p, fq_diags *d)
{
	if (fq_stack_check(d) < 0)
		return FQ_ERROR;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
	{
		fq_plan_remote *r = (fq_plan_remote *) p;

		if ((r->sql = fq_deparse(st, r->pushed, d)) == NULL)
			return FQ_ERROR;
		return FQ_OK;
	}
	/* the inputs a Ship copies into the warehouse (ship.c) */
	if (FQ_IS(p, FQ_N_PLAN_SHIP))
		for (int i = 0; i < ((fq_plan_ship *) p)->nship; i++)
			if (redo_remote_sql(st, &((fq_plan_ship *) p)->ship[i]->input->p, d) < 0)
				return FQ_ERROR;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (redo_remote_sql(st, *fq_plan_input(p, i), d) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

int
fq_finish_remote_sql(fq_stmt *st, fq_diags *d)
{
	if (redo_remote_sql(st, st->plan, d) < 0)
		return FQ_ERROR;
	for (int i = 0; i < st->nctes; i++)
		if (st->ctes[i] != NULL && redo_remote_sql(st, st->ctes[i], d) < 0)
			return FQ_ERROR;
	for (int i = 0; i < st->ninitplans; i++)
		if (redo_remote_sql(st, st->initplans[i], d) < 0)
			return FQ_ERROR;
	for (int i = 0; i < st->nsubplans; i++)
		if (redo_remote_sql(st, st->subplans[i], d) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

int
fq_optimize(fq_stmt *st, fq_plan *plan, fq_plan **out, fq_diags *d)
{
	pctx pc = {.st = st, .d = d, .full = st->s->opt.pushdown, .main = true};
	colset all = {.a = st->arena};

	for (int i = 0; i < st->ninitplans; i++)
		pc.main = pc.main && plan != st->initplans[i];
	for (int i = 0; i < st->nsubplans; i++)
		pc.main = pc.main && plan != st->subplans[i];
	for (int i = 0; i < st->nctes; i++)
		pc.main = pc.main && plan != st->ctes[i];

	if (fq_rewrite_filters(st, &plan, d) < 0)
		return FQ_ERROR;
	if (fq_order_joins(st, &plan, pc.full, d) < 0)
		return FQ_ERROR;
	if (pc.full)
	{
		split_ctx sc = {.st = st, .a = st->arena, .d = d};

		sc.next_rel = max_rel(plan);
		for (int i = 0; i < st->ninitplans; i++)
			if (max_rel(st->initplans[i]) > sc.next_rel)
				sc.next_rel = max_rel(st->initplans[i]);
		for (int i = 0; i < st->nsubplans; i++)
			if (max_rel(st->subplans[i]) > sc.next_rel)
				sc.next_rel = max_rel(st->subplans[i]);
		for (int i = 0; i < st->nctes; i++)
		{
			if (st->ctes[i] != NULL && max_rel(st->ctes[i]) > sc.next_rel)
				sc.next_rel = max_rel(st->ctes[i]);
			/* a CTE's plan goes first, the query's plan not yet in st */
			if (st->ctes[i] != NULL && st->next_rel > sc.next_rel)
				sc.next_rel = st->next_rel;
		}
		if ((plan = group_by_source(&sc, plan)) == NULL ||
			(plan = split_aggs(&sc, plan)) == NULL)
			return FQ_ERROR;
		if (fq_eager_aggs(st, plan, &sc.next_rel, d) < 0)
			return FQ_ERROR;
	}

	for (int i = 0; i < plan->nout; i++)
		colset_add(&all, plan->out[i].rel, plan->out[i].col);
	if (all.nomem)
		return fq_raise_nomem(d, st->arena);
	if (prune(st, plan, &all, d) < 0)
		return FQ_ERROR;
	if ((plan = push(&pc, plan)) == NULL)
		return FQ_ERROR;
	/* Again, now that the sources' parts are known (see prune_remote). */
	if (prune(st, plan, &all, d) < 0)
		return FQ_ERROR;
	if (refuse_source_calls(st, plan, pc.full, d) < 0)
		return FQ_ERROR;
	/* A cross-source part too big for fedq goes to the warehouse. */
	if (pc.full && pc.main && fq_ship_plan(st, &plan, d) < 0)
		return FQ_ERROR;
	if (pc.full && plan_dyn_filters(st, plan, d) < 0)
		return FQ_ERROR;
	*out = plan;
	return FQ_OK;
}
