/*
 * eager.c — aggregation before a cross-source join (eager aggregation).
 *
 * A query that joins a large table of one source (facts) with tables of
 * others (dimensions) on their keys, and aggregates, would have the source
 * send every fact row for fedq to join and group:
 *
 *   SELECT d.week, sum(f.price) FROM f JOIN ext.d ON d.key = f.dkey GROUP BY d.week
 *
 * When each fact row finds at most one row of the other side (the join
 * is on a key unique there: a unique index, or a grouped subquery's
 * GROUP BY), every fact row of one value of the fact columns the rest of
 * the query reads (f.dkey here) joins the same row, or none.  So the
 * source may first group its rows by those columns, computing each
 * aggregate's partial result per group, and fedq joins the few groups and
 * finishes the aggregates over them:
 *
 *   Aggregate (d.week; sum(PARTIAL s))
 *     -> Join (d.key = f.dkey)
 *          -> [at f's source] SELECT dkey, sum(price) AS s FROM f GROUP BY dkey
 *          -> d
 *
 * What combines how (the final step has the original's result type):
 *   count(x), count(*)  partial counts, added up (0 over no rows)
 *   sum(x)              partial sums, summed (NULL when every one is)
 *   min(x), max(x)      partial minima, maxima, by themselves
 *   avg(x) of exact numbers: partial sums and counts, the sum of the sums
 *                       divided by the sum of the counts as avg divides
 * An argument over the other side's columns too is taken when it is
 *   CASE WHEN c1 THEN x1 ... ELSE xn END, each xi of fact columns only:
 *     per group the conditions have one value (they read the other
 *     side's row and grouped fact columns), so the aggregate is that of
 *     CASE WHEN c1 THEN partial(x1) ... END (a count's NULL branch 0);
 *   min/max(y) or count(y) of any y: y too has one value per group
 *     (count: CASE WHEN y IS NOT NULL THEN the group's count(*) ELSE 0).
 * Not for DISTINCT, ORDER BY inside the call, FILTER over the other
 * side's columns, grouping sets, the other aggregates (whose parts would
 * not combine into PostgreSQL's exact value), avg of floats (PostgreSQL's
 * float avg fails on overflows its partial sums would not see), volatile
 * expressions or subqueries.  The first step evaluates its arguments on
 * every fact row, also those the join drops, where PostgreSQL evaluates
 * none: only arguments that cannot fail go there (can_fail: no integer
 * or float arithmetic, no division but by a constant, no cast that may
 * not fit).  And the fact columns grouped by must be of types whose equal
 * values are one value (not NUMERIC: 1.5 and 1.50).
 *
 * The fact part is the largest subtree one source runs that is reached
 * from the Aggregate through inner joins (and filters) each of whose
 * other side is unique on its equalities with the fact side.  It is done
 * only where it pays: with Pushdown on (the partial aggregate is sent to
 * the source), and when the statistics (estimate.c) say the groups are at
 * most a fifth of the rows the source would send otherwise.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "types/numeric.h"
#include "types/types.h"

#include <string.h>

/* Groups at most this fraction of the fact part's rows. */
#define EAGER_MAX_FRACTION 0.2
/* Joins between the Aggregate and the fact part, and key columns looked
 * at, at most. */
#define MAX_PATH 16
#define MAX_BINDS 32

typedef struct binds
{
	int n;
	int rel[MAX_BINDS];
	int col[MAX_BINDS];
} binds;

static void
binds_add(binds *b, int rel, int col)
{
	for (int i = 0; i < b->n; i++)
		if (b->rel[i] == rel && b->col[i] == col)
			return;
	if (b->n < MAX_BINDS)
	{
		b->rel[b->n] = rel;
		b->col[b->n++] = col;
	}
}

static bool
binds_has(const binds *b, int rel, int col)
{
	for (int i = 0; i < b->n; i++)
		if (b->rel[i] == rel && b->col[i] == col)
			return true;
	return false;
}

/* ---- Which side matches at most once ---- */

/*
 * The columns of `side` that an equality of cond compares with an
 * expression over `other`'s columns alone (widening casts stripped: they
 * keep distinct values distinct).
 */
static void
equated_cols(fq_stmt *st, const fq_expr *cond, const fq_plan *side, const fq_plan *other,
			 binds *out)
{
	fq_list *conj = NULL;
	const fq_expr *c;

	out->n = 0;
	if (!fq_expr_conjuncts(st->arena, (fq_expr *) cond, &conj))
		return;
	FQ_LIST_FOREACH(c, conj)
	{
		const fq_func_expr *f = (const fq_func_expr *) c;

		if (!FQ_IS(c, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ || f->nargs != 2)
			continue;
		for (int i = 0; i < 2; i++)
		{
			const fq_expr *s = fq_expr_strip_widening(f->args[i]);
			const fq_var *v = (const fq_var *) s;

			if (FQ_IS(s, FQ_N_EXPR_VAR) && fq_plan_find_col(side, v->rel, v->col) >= 0 &&
				fq_plan_provides(other, f->args[1 - i]) && !fq_expr_is_volatile(f->args[1 - i]))
				binds_add(out, v->rel, v->col);
		}
	}
}

/*
 * Whether p returns at most one row for each combination of values of
 * the bindings k (rows with a NULL among them aside: they match no
 * equality): a unique index of a table on some of them, a GROUP BY of
 * them, and what keeps that -- filters, sorts, projections of the
 * columns, an inner join whose other side matches each row at most once.
 */
static bool
unique_on(fq_stmt *st, const fq_plan *p, const binds *k)
{
	if (fq_stack_too_deep() || k->n == 0)
		return false;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			{
				const fq_rte *rte = ((const fq_plan_scan *) p)->rte;

				if (rte->meta == NULL)
					return false;
				for (int i = 0; i < rte->meta->nindexes; i++)
				{
					const fq_pg_index *ix = &rte->meta->indexes[i];
					bool all = ix->unique && ix->nkeys > 0;

					for (int m = 0; m < ix->nkeys && all; m++)
						all = ix->keys[m] >= 0 && binds_has(k, rte->rel, ix->keys[m]);
					if (all)
						return true;
				}
				return false;
			}
		case FQ_N_PLAN_FILTER:
		case FQ_N_PLAN_SORT:
		case FQ_N_PLAN_LIMIT:
			return unique_on(st, p->left, k);
		case FQ_N_PLAN_REMOTE:
			return unique_on(st, ((const fq_plan_remote *) p)->pushed, k);
		case FQ_N_PLAN_PROJECT:
			{
				const fq_plan_project *pr = (const fq_plan_project *) p;
				binds below = {0};

				for (int i = 0; i < k->n; i++)
				{
					const fq_expr *e = k->rel[i] == pr->rel ? fq_plan_project_expr(pr, k->col[i])
															 : NULL;

					if (e != NULL && FQ_IS((e = fq_expr_strip_widening(e)), FQ_N_EXPR_VAR))
						binds_add(&below, ((const fq_var *) e)->rel, ((const fq_var *) e)->col);
				}
				return unique_on(st, p->left, &below);
			}
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				if (g->nsets > 0)
					return false;
				for (int i = 0; i < g->ngroups; i++)
					if (fq_expr_refers_to(g->groups[i], -1) && !binds_has(k, g->group_rel, i))
						return false;
				return true;
			}
		case FQ_N_PLAN_JOIN:
			{
				const fq_plan_join *j = (const fq_plan_join *) p;
				binds kl = {0};
				binds kr = {0};
				binds eq;

				if (j->type != FQ_JOIN_INNER || j->cond == NULL)
					return false;
				for (int i = 0; i < k->n; i++)
				{
					if (fq_plan_find_col(p->left, k->rel[i], k->col[i]) >= 0)
						binds_add(&kl, k->rel[i], k->col[i]);
					else if (fq_plan_find_col(p->right, k->rel[i], k->col[i]) >= 0)
						binds_add(&kr, k->rel[i], k->col[i]);
				}
				if (unique_on(st, p->left, &kl))
				{
					equated_cols(st, j->cond, p->right, p->left, &eq);
					if (unique_on(st, p->right, &eq))
						return true;
				}
				if (unique_on(st, p->right, &kr))
				{
					equated_cols(st, j->cond, p->left, p->right, &eq);
					if (unique_on(st, p->left, &eq))
						return true;
				}
				return false;
			}
		default:
			return false;
	}
}

/* ---- The two steps of each aggregate ---- */

typedef struct eager
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	int *next_rel;
	const fq_plan *f;   /* the fact part */
	int group_rel;      /* the first step's outputs */
	int agg_rel;
	int nparts;
	fq_agg_expr **parts; /* the first step's aggregates */
	int cap;
	bool refuse;        /* not an aggregate this can split */
	bool nomem;
} eager;

/* A Var that is not an output of the fact part. */
static bool
other_walker(fq_expr *e, void *ctx)
{
	const eager *eg = ctx;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
		return fq_plan_find_col(eg->f, ((fq_var *) e)->rel, ((fq_var *) e)->col) < 0;
	return fq_expr_walk_children(e, other_walker, ctx);
}

static bool
reads_other(const eager *eg, const fq_expr *e)
{
	return e != NULL && other_walker((fq_expr *) e, (void *) eg);
}

/* Neither per row nor per group: what must not be evaluated once per
 * group instead of once per row, or away from its place. */
static bool
unsafe(const fq_expr *e)
{
	return e != NULL && (fq_expr_is_volatile((fq_expr *) e) || fq_expr_has_sublink((fq_expr *) e) ||
						 fq_expr_calls_source(e, NULL));
}

static bool can_fail(const fq_expr *e);

static bool
fail_walker(fq_expr *e, void *ctx)
{
	(void) ctx;
	return can_fail(e);
}

/* A constant divisor that is not 0 (nor -1 for an integer division,
 * which overflows on the smallest integer). */
static bool
safe_divisor(const fq_expr *e, bool integer_div)
{
	const fq_value *v;

	if (!FQ_IS(e, FQ_N_EXPR_CONST))
		return false;
	v = &((const fq_const *) e)->value;
	if (v->isnull)
		return true;
	if (fq_type_is_integer(v->type.id))
		return v->v.i != 0 && !(integer_div && v->v.i == -1);
	return v->type.id == FQ_T_DECIMAL && fq_num_sign(&v->v.num) != 0;
}

/* A cast that never fails: one that changes no value or widens an exact
 * number or a date, an integer to a float, a NUMERIC of few digits to a
 * float. */
static bool
safe_cast(const fq_cast_expr *c)
{
	fq_type_id to = c->e.type.id;
	const fq_type *from = &c->arg->type;

	if (fq_cast_is_noop(c) || fq_expr_strip_widening(&c->e) != &c->e)
		return true;
	if (to != FQ_T_FLOAT4 && to != FQ_T_FLOAT8)
		return false;
	if (fq_type_is_integer(from->id) || (from->id == FQ_T_FLOAT4 && to == FQ_T_FLOAT8))
		return true;
	return from->id == FQ_T_DECIMAL && from->precision > 0 &&
		from->precision <= (to == FQ_T_FLOAT4 ? 38 : 300);
}

/*
 * Whether e could fail on some row: an overflow, a division by zero, a
 * cast that does not fit, a function's domain, a malformed pattern.  The
 * first step runs at the source over every fact row, also those the join
 * drops, where PostgreSQL never evaluates the aggregate's argument: only
 * what cannot fail goes there.  Arithmetic on NUMERIC does not overflow.
 */
static bool
can_fail(const fq_expr *e)
{
	if (e == NULL)
		return false;
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
		case FQ_N_EXPR_CONST:
		case FQ_N_EXPR_PARAM:
			return false;
		case FQ_N_EXPR_BOOL:
		case FQ_N_EXPR_NULL_TEST:
		case FQ_N_EXPR_CASE:
		case FQ_N_EXPR_IN:
			break;
		case FQ_N_EXPR_CAST:
			if (!safe_cast((const fq_cast_expr *) e))
				return true;
			break;
		case FQ_N_EXPR_FUNC:
			{
				const fq_func_expr *f = (const fq_func_expr *) e;

				switch (f->fn)
				{
					case FQ_F_EQ:
					case FQ_F_NE:
					case FQ_F_LT:
					case FQ_F_LE:
					case FQ_F_GT:
					case FQ_F_GE:
					case FQ_F_DISTINCT:
					case FQ_F_NOT_DISTINCT:
					case FQ_F_COALESCE:
					case FQ_F_NULLIF:
					case FQ_F_GREATEST:
					case FQ_F_LEAST:
						break;
					case FQ_F_ADD:
					case FQ_F_SUB:
					case FQ_F_MUL:
					case FQ_F_NEG:
						if (e->type.id != FQ_T_DECIMAL)
							return true;
						break;
					case FQ_F_DIV:
					case FQ_F_MOD:
						if (f->nargs != 2 ||
							(e->type.id != FQ_T_DECIMAL && !fq_type_is_integer(e->type.id)) ||
							!safe_divisor(f->args[1], f->fn == FQ_F_DIV &&
										  fq_type_is_integer(e->type.id)))
							return true;
						break;
					case FQ_F_LIKE:
					case FQ_F_NOT_LIKE:
						{
							/* a pattern ending in the escape character fails */
							const fq_value *v = f->nargs == 2 && FQ_IS(f->args[1], FQ_N_EXPR_CONST)
								? &((const fq_const *) f->args[1])->value : NULL;

							if (v == NULL || (!v->isnull && (!fq_type_is_string(v->type.id) ||
															 (v->v.s.len > 0 &&
															  v->v.s.ptr[v->v.s.len - 1] == '\\'))))
								return true;
							break;
						}
					default:
						return true;
				}
				break;
			}
		default:
			return true;
	}
	return fq_expr_walk_children((fq_expr *) e, fail_walker, NULL);
}

/* Key types whose equal values are the same value: grouping them at the
 * source (bytewise for text) changes nothing that reads them.  Not
 * NUMERIC (1.5 and 1.50), floats (0 and -0), intervals ('1 day' and '24
 * hours'). */
static bool
key_type(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_BOOL:
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_DATE:
		case FQ_T_TIMESTAMP:
		case FQ_T_UUID:
			return true;
		default:
			return false;
	}
}

static bool
is_null_const(const fq_expr *e)
{
	while (FQ_IS(e, FQ_N_EXPR_CAST))
		e = ((const fq_cast_expr *) e)->arg;
	return FQ_IS(e, FQ_N_EXPR_CONST) && ((const fq_const *) e)->value.isnull;
}

/* The first step's aggregate kind(arg) FILTER (filter) of type t (one
 * such is computed once however often it is asked for): its output. */
static fq_expr *
partial(eager *eg, fq_agg_kind kind, const fq_expr *arg, const fq_expr *filter, fq_type t)
{
	fq_agg_expr *pa;
	fq_strbuf b = FQ_STRBUF_INIT;
	fq_var *v;
	int m;

	if (can_fail(arg) || can_fail(filter))
	{
		eg->refuse = true;
		return NULL;
	}
	if ((pa = FQ_MAKE_NODE(eg->a, fq_agg_expr, FQ_N_EXPR_AGG)) == NULL)
		goto nomem;
	pa->kind = kind;
	pa->e.type = t;
	if ((arg != NULL && (pa->arg = fq_expr_copy(eg->a, arg)) == NULL) ||
		(filter != NULL && (pa->filter = fq_expr_copy(eg->a, filter)) == NULL))
		goto nomem;
	for (m = 0; m < eg->nparts; m++)
		if (fq_expr_equal(&eg->parts[m]->e, &pa->e))
			break;
	if (m == eg->nparts)
	{
		if (eg->nparts == eg->cap)
		{
			int cap = eg->cap ? eg->cap * 2 : 8;
			fq_agg_expr **grown = fq_arena_realloc(eg->a, eg->parts,
												   sizeof(fq_agg_expr *) * (size_t) eg->cap,
												   sizeof(fq_agg_expr *) * (size_t) cap);

			if (grown == NULL)
				goto nomem;
			eg->parts = grown;
			eg->cap = cap;
		}
		eg->parts[eg->nparts++] = pa;
	}
	fq_expr_explain(&eg->parts[m]->e, &b);
	if (!fq_strbuf_ok(&b))
		goto nomem;
	v = fq_make_var(eg->a, eg->agg_rel, m, t, fq_arena_strdup(eg->a, fq_strbuf_str(&b)));
	fq_strbuf_free(&b);
	if (v == NULL || v->name == NULL)
		goto nomem;
	return &v->e;

nomem:
	fq_strbuf_free(&b);
	eg->nomem = true;
	return NULL;
}

/* The type of sum(x) for an exact x (PostgreSQL's): bigint for smaller
 * integers, NUMERIC for bigint and NUMERIC. */
static bool
exact_sum_type(const fq_type *t, fq_type *out)
{
	switch (t->id)
	{
		case FQ_T_INT2:
		case FQ_T_INT4:
			*out = fq_type_make(FQ_T_INT8);
			return true;
		case FQ_T_INT8:
		case FQ_T_DECIMAL:
			*out = fq_type_make(FQ_T_DECIMAL);
			return true;
		default:
			return false;
	}
}

static fq_expr *
int8_const(eager *eg, int64_t n)
{
	fq_value v = {0};
	fq_const *c;

	v.type = fq_type_make(FQ_T_INT8);
	v.v.i = n;
	if ((c = fq_make_const(eg->a, &v)) == NULL)
	{
		eg->nomem = true;
		return NULL;
	}
	return &c->e;
}

/*
 * CASE WHEN c1 THEN part(x1) ... ELSE part(xn) END of type t: each
 * branch's value the first step's kind(xi); a NULL branch NULL, or with
 * zero_fill (counts) 0.  avg asks twice: its sums', its counts'.
 */
static fq_expr *
case_of_parts(eager *eg, const fq_case_expr *c, fq_agg_kind kind, fq_type t, bool zero_fill)
{
	fq_case_expr *r = FQ_MAKE_NODE(eg->a, fq_case_expr, FQ_N_EXPR_CASE);

	if (r == NULL || (r->conds = FQ_NEW_ARRAY(eg->a, fq_expr *, c->nwhens)) == NULL ||
		(r->results = FQ_NEW_ARRAY(eg->a, fq_expr *, c->nwhens)) == NULL)
	{
		eg->nomem = true;
		return NULL;
	}
	r->e.type = t;
	r->nwhens = c->nwhens;
	for (int i = 0; i <= c->nwhens; i++)
	{
		const fq_expr *x = i < c->nwhens ? c->results[i] : c->else_expr;
		fq_expr *v;

		if (is_null_const(x))
		{
			if (zero_fill)
				v = int8_const(eg, 0);
			else
			{
				fq_const *n = fq_make_null(eg->a, t);

				v = n != NULL ? &n->e : NULL;
				eg->nomem = eg->nomem || n == NULL;
			}
		}
		else
			v = partial(eg, kind, x, NULL, t);
		if (v == NULL)
			return NULL;
		if (i == c->nwhens)
			r->else_expr = v;
		else if ((r->conds[i] = fq_expr_copy(eg->a, c->conds[i])) == NULL)
		{
			eg->nomem = true;
			return NULL;
		}
		else
			r->results[i] = v;
	}
	return &r->e;
}

/* Whether e is a CASE whose results read the fact part's columns only. */
static bool
fact_case(const eager *eg, const fq_expr *e)
{
	const fq_case_expr *c = (const fq_case_expr *) e;

	if (!FQ_IS(e, FQ_N_EXPR_CASE))
		return false;
	for (int i = 0; i < c->nwhens; i++)
		if (reads_other(eg, c->results[i]))
			return false;
	return !reads_other(eg, c->else_expr);
}

/*
 * The final step of aggregate a, over the first step's outputs and the
 * other side's columns (and fact columns the first step groups by); NULL
 * with eg->refuse when a cannot be split (or eg->nomem).
 */
static fq_agg_expr *
split_one(eager *eg, const fq_agg_expr *a)
{
	fq_agg_expr *f = FQ_MAKE_NODE(eg->a, fq_agg_expr, FQ_N_EXPR_AGG);
	fq_type t8 = fq_type_make(FQ_T_INT8);
	fq_type st;
	bool other = reads_other(eg, a->arg);

	if (f == NULL)
	{
		eg->nomem = true;
		return NULL;
	}
	f->e.type = a->e.type;
	f->kind = a->kind;
	if (a->distinct || a->norder > 0 || a->direct != NULL || a->arg2 != NULL || unsafe(a->arg) ||
		unsafe(a->filter) || reads_other(eg, a->filter) || (other && a->filter != NULL))
		goto refuse;
	switch (a->kind)
	{
		case FQ_AGG_COUNT_STAR:
			f->kind = FQ_AGG_COUNT;
			f->combine = true;
			f->arg = partial(eg, FQ_AGG_COUNT_STAR, NULL, a->filter, t8);
			break;
		case FQ_AGG_COUNT:
			f->combine = true;
			if (!other)
				f->arg = partial(eg, FQ_AGG_COUNT, a->arg, a->filter, t8);
			else if (fact_case(eg, a->arg))
				f->arg = case_of_parts(eg, (const fq_case_expr *) a->arg, FQ_AGG_COUNT, t8, true);
			else
			{
				/* one value per group: the group's rows count when it is
				 * not NULL */
				fq_case_expr *c = FQ_MAKE_NODE(eg->a, fq_case_expr, FQ_N_EXPR_CASE);
				fq_null_test *nt = FQ_MAKE_NODE(eg->a, fq_null_test, FQ_N_EXPR_NULL_TEST);

				if (c == NULL || nt == NULL || (c->conds = FQ_NEW(eg->a, fq_expr *)) == NULL ||
					(c->results = FQ_NEW(eg->a, fq_expr *)) == NULL ||
					(nt->arg = fq_expr_copy(eg->a, a->arg)) == NULL)
				{
					eg->nomem = true;
					return NULL;
				}
				nt->e.type = fq_type_make(FQ_T_BOOL);
				nt->is_not = true;
				c->e.type = t8;
				c->nwhens = 1;
				c->conds[0] = &nt->e;
				if ((c->results[0] = partial(eg, FQ_AGG_COUNT_STAR, NULL, NULL, t8)) == NULL ||
					(c->else_expr = int8_const(eg, 0)) == NULL)
					return NULL;
				f->arg = &c->e;
			}
			break;
		case FQ_AGG_SUM:
			if (!other)
				f->arg = partial(eg, FQ_AGG_SUM, a->arg, a->filter, a->e.type);
			else if (fact_case(eg, a->arg))
				f->arg = case_of_parts(eg, (const fq_case_expr *) a->arg, FQ_AGG_SUM, a->e.type,
									   false);
			else
				goto refuse;
			break;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			if (!other)
				f->arg = partial(eg, a->kind, a->arg, a->filter, a->e.type);
			else if (fact_case(eg, a->arg))
				f->arg = case_of_parts(eg, (const fq_case_expr *) a->arg, a->kind, a->e.type, false);
			else if ((f->arg = fq_expr_copy(eg->a, a->arg)) == NULL)
				eg->nomem = true;
			break;
		case FQ_AGG_AVG:
			if (!exact_sum_type(&a->arg->type, &st))
				goto refuse;
			f->combine = true;
			if (!other)
			{
				f->arg = partial(eg, FQ_AGG_SUM, a->arg, a->filter, st);
				f->arg2 = partial(eg, FQ_AGG_COUNT, a->arg, a->filter, t8);
			}
			else if (fact_case(eg, a->arg))
			{
				f->arg = case_of_parts(eg, (const fq_case_expr *) a->arg, FQ_AGG_SUM, st, false);
				f->arg2 = case_of_parts(eg, (const fq_case_expr *) a->arg, FQ_AGG_COUNT, t8, true);
			}
			else
				goto refuse;
			if (f->arg2 == NULL)
				return NULL;
			break;
		default:
			goto refuse;
	}
	return f->arg != NULL ? f : NULL;

refuse:
	eg->refuse = true;
	return NULL;
}

/* ---- The rewrite ---- */

/* Fact columns an expression reads: the first step groups by them. */
typedef struct key_ctx
{
	const eager *eg;
	binds *keys;
	bool too_many;
} key_ctx;

static bool
key_walker(fq_expr *e, void *arg)
{
	key_ctx *k = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		const fq_var *v = (const fq_var *) e;

		if (fq_plan_find_col(k->eg->f, v->rel, v->col) >= 0)
		{
			if (!binds_has(k->keys, v->rel, v->col) && k->keys->n == MAX_BINDS)
				k->too_many = true;
			binds_add(k->keys, v->rel, v->col);
		}
		return false;
	}
	return fq_expr_walk_children(e, key_walker, arg);
}

/* Fact columns renamed to the first step's grouping outputs. */
typedef struct rename_ctx
{
	const binds *keys;
	int group_rel;
} rename_ctx;

static fq_expr *
rename_mutator(fq_expr *e, void *arg)
{
	const rename_ctx *r = arg;
	fq_var *v = (fq_var *) e;

	if (!FQ_IS(e, FQ_N_EXPR_VAR))
		return e;
	for (int i = 0; i < r->keys->n; i++)
		if (r->keys->rel[i] == v->rel && r->keys->col[i] == v->col)
		{
			/* e is the copy fq_expr_copy made */
			v->rel = r->group_rel;
			v->col = i;
			break;
		}
	return e;
}

static fq_expr *
renamed(eager *eg, const fq_expr *e, const binds *keys)
{
	rename_ctx r = {keys, eg->group_rel};
	fq_expr *copy;

	if (e == NULL)
		return NULL;
	if ((copy = fq_expr_copy(eg->a, e)) == NULL ||
		(copy = fq_expr_mutate(eg->a, copy, rename_mutator, &r)) == NULL)
		eg->nomem = true;
	return copy;
}

static bool
unsafe_walker(fq_expr *e, void *ctx)
{
	(void) ctx;
	return unsafe(e);
}

/* The joins and filters from the Aggregate down to the fact part. */
typedef struct path
{
	int n;
	fq_plan *node[MAX_PATH];
	int side[MAX_PATH];  /* the input the fact part is under */
	fq_plan *fact;
	const fq_source *src;
} path;

/*
 * From the Aggregate's input down through filters and inner joins whose
 * other side matches each row at most once (the larger side when both
 * do), to the first part one source runs.  False when there is none, or
 * no join on the way.
 */
static bool
find_fact(fq_stmt *st, fq_plan *p, path *pa)
{
	bool joined = false;

	pa->n = 0;
	for (;;)
	{
		const fq_source *src = fq_plan_runs_at(p, true);
		int side;

		if (src != NULL)
		{
			pa->fact = p;
			pa->src = src;
			return joined;
		}
		if (pa->n == MAX_PATH || fq_plan_walk_exprs(p, unsafe_walker, NULL))
			return false;
		if (FQ_IS(p, FQ_N_PLAN_FILTER))
			side = 0;
		else if (FQ_IS(p, FQ_N_PLAN_JOIN) && ((fq_plan_join *) p)->type == FQ_JOIN_INNER &&
				 ((fq_plan_join *) p)->cond != NULL)
		{
			const fq_expr *cond = ((fq_plan_join *) p)->cond;
			binds eq;
			bool left_fact;
			bool right_fact;

			equated_cols(st, cond, p->right, p->left, &eq);
			left_fact = unique_on(st, p->right, &eq);
			equated_cols(st, cond, p->left, p->right, &eq);
			right_fact = unique_on(st, p->left, &eq);
			if (left_fact && right_fact)
				side = fq_est_rows(st, p->left) >= fq_est_rows(st, p->right) ? 0 : 1;
			else if (left_fact || right_fact)
				side = left_fact ? 0 : 1;
			else
				return false;
			joined = true;
		}
		else
			return false;
		pa->node[pa->n] = p;
		pa->side[pa->n++] = side;
		p = side == 0 ? p->left : p->right;
	}
}

/*
 * The path rebuilt over the first step `part` with the fact columns
 * renamed, from the bottom up: new joins and filters (the old ones stay as
 * they were).
 */
static fq_plan *
rebuild_path(eager *eg, const path *pa, fq_plan *part, const binds *keys)
{
	fq_plan *below = part;

	for (int i = pa->n - 1; i >= 0; i--)
	{
		fq_plan *p = pa->node[i];

		if (FQ_IS(p, FQ_N_PLAN_FILTER))
		{
			fq_plan_filter *f = FQ_MAKE_PLAN(eg->a, fq_plan_filter, FQ_N_PLAN_FILTER,
											  below->nout);

			if (f == NULL || (f->pred = renamed(eg, ((fq_plan_filter *) p)->pred, keys)) == NULL)
				return NULL;
			memcpy(f->p.out, below->out, sizeof(fq_plan_col) * (size_t) below->nout);
			f->p.left = below;
			f->p.n.location = p->n.location;
			below = &f->p;
		}
		else
		{
			/* fedq hashes the right input: the smaller, now that the fact
			 * side's rows are groups */
			const fq_plan_join *j = (const fq_plan_join *) p;
			fq_plan *other = pa->side[i] == 0 ? p->right : p->left;
			bool fact_left = fq_est_rows(eg->st, below) >= fq_est_rows(eg->st, other);
			fq_expr *cond = renamed(eg, j->cond, keys);
			fq_plan *nj = cond == NULL ? NULL
				: fq_plan_new_join(eg->a, fact_left ? below : other, fact_left ? other : below,
								   j->type, cond);

			if (nj == NULL)
				return NULL;
			nj->n.location = p->n.location;
			below = nj;
		}
	}
	return below;
}

/*
 * Aggregate g over a cross-source join: split in two when it can be and
 * pays (see the top of the file).  g keeps its outputs.
 */
static int
eager_agg(fq_stmt *st, fq_plan_agg *g, int *next_rel, fq_diags *d)
{
	eager eg = {.st = st, .a = st->arena, .d = d, .next_rel = next_rel};
	path pa;
	binds keys = {0};
	key_ctx kc = {&eg, &keys, false};
	fq_agg_expr **finals;
	fq_plan_agg *part;
	fq_plan *top;
	double rows;
	double groups;

	if (g->nsets > 0 || fq_plan_walk_exprs(&g->p, unsafe_walker, NULL) ||
		fq_plan_runs_at(g->p.left, true) != NULL || !find_fact(st, g->p.left, &pa))
		return FQ_OK;
	eg.f = pa.fact;
	eg.group_rel = *next_rel + 1;
	eg.agg_rel = *next_rel + 2;
	if ((finals = FQ_NEW_ARRAY(eg.a, fq_agg_expr *, g->naggs > 0 ? g->naggs : 1)) == NULL)
		return fq_raise_nomem(d, eg.a);
	for (int j = 0; j < g->naggs; j++)
		if ((finals[j] = split_one(&eg, g->aggs[j])) == NULL)
		{
			if (eg.nomem)
				return fq_raise_nomem(d, eg.a);
			return FQ_OK;
		}

	/* What the first step groups by: every fact column read above it
	 * other than inside a partial aggregate. */
	for (int i = 0; i < pa.n; i++)
		fq_plan_walk_exprs(pa.node[i], key_walker, &kc);
	for (int i = 0; i < g->ngroups; i++)
		key_walker(g->groups[i], &kc);
	for (int j = 0; j < g->naggs; j++)
		key_walker(&finals[j]->e, &kc);
	if (kc.too_many)
		return FQ_OK;
	for (int i = 0; i < keys.n; i++)
		if (!key_type(&pa.fact->out[fq_plan_find_col(pa.fact, keys.rel[i], keys.col[i])].type))
			return FQ_OK;

	part = FQ_MAKE_PLAN(eg.a, fq_plan_agg, FQ_N_PLAN_AGG, keys.n + eg.nparts);
	if (part == NULL ||
		(part->groups = FQ_NEW_ARRAY(eg.a, fq_expr *, keys.n > 0 ? keys.n : 1)) == NULL)
		return fq_raise_nomem(d, eg.a);
	part->p.left = pa.fact;
	part->p.n.location = g->p.n.location;
	part->group_rel = eg.group_rel;
	part->agg_rel = eg.agg_rel;
	part->ngroups = keys.n;
	part->naggs = eg.nparts;
	part->aggs = eg.parts;
	for (int i = 0; i < keys.n; i++)
	{
		const fq_plan_col *c = &pa.fact->out[fq_plan_find_col(pa.fact, keys.rel[i], keys.col[i])];
		fq_var *v = fq_make_var(eg.a, c->rel, c->col, c->type, c->name);

		if (v == NULL)
			return fq_raise_nomem(d, eg.a);
		part->groups[i] = &v->e;
		part->p.out[i] = *c;
		part->p.out[i].rel = eg.group_rel;
		part->p.out[i].col = i;
	}
	for (int m = 0; m < eg.nparts; m++)
	{
		fq_plan_col *c = &part->p.out[keys.n + m];
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_expr_explain(&eg.parts[m]->e, &b);
		c->name = fq_strbuf_ok(&b) ? fq_arena_strdup(eg.a, fq_strbuf_str(&b)) : NULL;
		fq_strbuf_free(&b);
		if (c->name == NULL)
			return fq_raise_nomem(d, eg.a);
		c->rel = eg.agg_rel;
		c->col = m;
		c->type = eg.parts[m]->e.type;
		c->nullable = fq_agg_counts(eg.parts[m]->kind) ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
		c->base_rte = NULL;
		c->base_col = -1;
	}

	/* Only where the source sends far fewer rows. */
	rows = fq_est_rows(st, pa.fact);
	groups = fq_est_rows(st, &part->p);
	if (groups >= rows * EAGER_MAX_FRACTION)
		return FQ_OK;

	if ((top = rebuild_path(&eg, &pa, &part->p, &keys)) == NULL)
		return fq_raise_nomem(d, eg.a);
	for (int i = 0; i < g->ngroups; i++)
		if ((g->groups[i] = renamed(&eg, g->groups[i], &keys)) == NULL)
			return fq_raise_nomem(d, eg.a);
	for (int j = 0; j < g->naggs; j++)
		if ((g->aggs[j] = (fq_agg_expr *) renamed(&eg, &finals[j]->e, &keys)) == NULL)
			return fq_raise_nomem(d, eg.a);
	g->p.left = top;
	*next_rel += 2;
	return FQ_OK;
}

int
fq_eager_aggs(fq_stmt *st, fq_plan *p, int *next_rel, fq_diags *d)
{
	if (FQ_IS(p, FQ_N_PLAN_SCAN) || FQ_IS(p, FQ_N_PLAN_VALUES) || FQ_IS(p, FQ_N_PLAN_REMOTE))
		return FQ_OK;
	if (fq_stack_check(d) < 0)
		return FQ_ERROR;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (fq_eager_aggs(st, *fq_plan_input(p, i), next_rel, d) < 0)
			return FQ_ERROR;
	if (FQ_IS(p, FQ_N_PLAN_AGG))
		return eager_agg(st, (fq_plan_agg *) p, next_rel, d);
	return FQ_OK;
}
