/*
 * estimate.c — how many rows a plan node returns, and what fraction of
 * rows a condition keeps, from the sources' statistics: the planner's
 * choices (join order and where each join runs, hash join build sides,
 * LATERAL or grouped subqueries) rest on these numbers, never its
 * answers.
 *
 * The statistics are those the metadata cache holds for each table a
 * query reads (fq_pg_table, loaded once per cache lifetime):
 * pg_class.reltuples, and per column pg_stats' n_distinct, null_frac,
 * most common values with their frequencies and histogram bounds, plus
 * the table's unique indexes.  The formulas are PostgreSQL's
 * (selfuncs.c), simplified:
 *
 *   col = const        its frequency among the most common values, else
 *                      the rest of the rows spread over the other
 *                      distinct values (var_eq_const)
 *   col < const ...    the most common values below it, plus the
 *                      histogram's fraction below it (linear within a
 *                      bucket) of the other rows; a lower and an upper
 *                      bound on one column combine (lo + hi - 1)
 *   col LIKE pattern   the most common values and histogram bounds that
 *                      match, else 0.2 per fixed character
 *   a = b (join)       (1 - nulls of a)(1 - nulls of b) / max(distinct a,
 *                      distinct b), each at most its input's rows; with
 *                      both columns' most common values, PostgreSQL's
 *                      matching of the two lists (eqjoinsel_inner)
 *   EXISTS / IN        (1 - nulls) * min(1, distinct inner / distinct
 *                      outer) (eqjoinsel_semi)
 *   GROUP BY a, b      distinct a * distinct b, at most the input's rows
 *   a UNION ALL column  in a join condition, the most distinct values of
 *                      any input's column (inputs usually share a domain:
 *                      store_sales' and store_returns' store keys); as a
 *                      GROUP BY key, at most their sum
 *   AND, OR, NOT       as independent events
 * and without statistics PostgreSQL's defaults: 1/200 for an equality,
 * 1/3 for an inequality, 1/200 for a range, 1000 rows for a table whose
 * size nobody knows, and a join column taken for its input's key.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/exec.h"
#include "exec/like.h"
#include "sql/ast.h"
#include "types/numeric.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>

#define UNKNOWN_ROWS 1000.0
#define DEFAULT_EQ_SEL 0.005
#define DEFAULT_INEQ_SEL (1.0 / 3.0)
#define DEFAULT_RANGE_SEL 0.005
#define DEFAULT_NULL_SEL 0.005
#define DEFAULT_BOOL_SEL 0.5
#define DEFAULT_SEMI_SEL 0.5
#define FIXED_CHAR_SEL 0.2
#define ANY_CHAR_SEL 0.9
#define FULL_WILDCARD_SEL 5.0
/* Most common values matched between two columns' lists, and conjuncts
 * of one AND paired into ranges, at most. */
#define MAX_MCV_MATCH 1024
#define MAX_PAIRED 64
/* Distinct values of an expression nothing is known about. */
#define DEFAULT_NUM_DISTINCT 200.0

static double at_least_one(double r);

static double
clamp01(double s)
{
	return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* ---- Columns and their statistics ---- */

/* What is known of a column read from one input. */
typedef struct colstat
{
	const fq_pg_column *col; /* NULL: nothing (but `distinct`) */
	double table_rows;       /* its table's rows, -1 unknown */
	bool unique;             /* a unique index on it alone */
	double rows;             /* rows of the input it is read from */
	/* without col, the distinct values of a column of a UNION ALL whose
	 * every input's column has statistics: the most of any input (the
	 * inputs of a union usually draw from one domain, store_sales'
	 * and store_returns' store keys); 0 unknown */
	double distinct;
} colstat;

/* The rows a table's statistics count, or the source's EXPLAIN estimates
 * where it has none; -1 when unknown (a view's or foreign table's
 * reltuples say nothing). */
static double
table_rows(const fq_pg_table *t)
{
	if (t == NULL || t->est_rows < 0 ||
		(t->relkind != 'r' && t->relkind != 'p' && t->relkind != 'm' && !t->est_explained))
		return -1;
	return t->est_rows;
}

/* Casts change a column's values, not how many there are or (between
 * numbers, dates and times) their order: estimates look through them. */
static const fq_expr *
strip_casts(const fq_expr *e)
{
	while (FQ_IS(e, FQ_N_EXPR_CAST))
		e = ((const fq_cast_expr *) e)->arg;
	return e;
}

/*
 * The table column that binding (rel, col) of p is, unchanged: through
 * filters, sorts, joins, projections and grouping of plain columns.
 * When the way down ends at an output column of a UNION ALL, that node
 * and column go to *append (when asked for) instead.
 */
static const fq_pg_table *
base_column(const fq_plan *p, int rel, int col, int *colno,
			const fq_plan_append **append, int *append_col)
{
	if (append != NULL)
		*append = NULL;
	for (;;)
	{
		const fq_plan *next = NULL;
		const fq_expr *e;

		if (fq_stack_too_deep())
			return NULL;
		switch (FQ_TAG(p))
		{
			case FQ_N_PLAN_SCAN:
				{
					const fq_rte *rte = ((const fq_plan_scan *) p)->rte;

					if (rte->rel != rel || rte->meta == NULL || col < 0 || col >= rte->meta->ncols)
						return NULL;
					*colno = col;
					return rte->meta;
				}
			case FQ_N_PLAN_REMOTE:
				p = ((const fq_plan_remote *) p)->pushed;
				continue;
			case FQ_N_PLAN_SHIPPED:
				p = &((const fq_plan_shipped *) p)->input->p;
				continue;
			case FQ_N_PLAN_CTESCAN:
				{
					/* a CTE computed once: the column of its plan */
					const fq_plan_ctescan *cs = (const fq_plan_ctescan *) p;
					int k = fq_plan_find_col(p, rel, col);

					if (k < 0 || cs->cte == NULL || *cs->cte == NULL ||
						cs->cols[k] >= (*cs->cte)->nout)
						return NULL;
					p = *cs->cte;
					rel = p->out[cs->cols[k]].rel;
					col = p->out[cs->cols[k]].col;
					continue;
				}
			case FQ_N_PLAN_PROJECT:
				if (rel == ((const fq_plan_project *) p)->rel)
				{
					e = fq_plan_project_expr((const fq_plan_project *) p, col);
					if (e == NULL || !FQ_IS((e = strip_casts(e)), FQ_N_EXPR_VAR))
						return NULL;
					rel = ((const fq_var *) e)->rel;
					col = ((const fq_var *) e)->col;
					p = p->left;
					continue;
				}
				break;
			case FQ_N_PLAN_AGG:
				{
					const fq_plan_agg *g = (const fq_plan_agg *) p;

					if (rel == g->agg_rel)
						return NULL;
					if (rel == g->group_rel)
					{
						if (col < 0 || col >= g->ngroups ||
							!FQ_IS((e = strip_casts(g->groups[col])), FQ_N_EXPR_VAR))
							return NULL;
						rel = ((const fq_var *) e)->rel;
						col = ((const fq_var *) e)->col;
						p = p->left;
						continue;
					}
					break;
				}
			case FQ_N_PLAN_WINDOW:
				if (rel == ((const fq_plan_window *) p)->rel)
					return NULL;
				break;
			case FQ_N_PLAN_APPEND:
				if (append != NULL && rel == ((const fq_plan_append *) p)->rel &&
					col >= 0 && col < p->nout)
				{
					*append = (const fq_plan_append *) p;
					*append_col = col;
				}
				return NULL;
			case FQ_N_PLAN_SETOP:
			case FQ_N_PLAN_VALUES:
				return NULL;
			default:
				break;
		}
		for (int i = 0; i < fq_plan_ninputs(p) && next == NULL; i++)
		{
			const fq_plan *in = *fq_plan_input((fq_plan *) p, i);

			if (fq_plan_find_col(in, rel, col) >= 0)
				next = in;
		}
		if (next == NULL)
			return NULL;
		p = next;
	}
}

static double table_distinct(const colstat *cs);

static colstat
var_stats(const fq_plan *in, double rows, const fq_var *v)
{
	colstat cs = {NULL, -1, false, rows, 0};
	int k = -1;
	const fq_plan_append *ap = NULL;
	int apcol = -1;
	const fq_pg_table *t = base_column(in, v->rel, v->col, &k, &ap, &apcol);

	if (t == NULL && ap != NULL && !fq_stack_too_deep())
	{
		double most = 0;

		for (int i = 0; i < ap->ninputs; i++)
		{
			const fq_plan *x = ap->inputs[i];
			fq_var xv = {.rel = x->out[apcol].rel, .col = x->out[apcol].col, .index = -1};
			colstat xs = var_stats(x, -1, &xv);
			double nd = table_distinct(&xs);

			if (nd <= 0)
				return cs;
			if (nd > most)
				most = nd;
		}
		cs.distinct = most;
		return cs;
	}
	if (t == NULL)
		return cs;
	cs.col = &t->cols[k];
	cs.table_rows = table_rows(t);
	for (int i = 0; i < t->nindexes; i++)
		if (t->indexes[i].unique && t->indexes[i].nkeys == 1 && t->indexes[i].keys[0] == k)
			cs.unique = true;
	return cs;
}

/* The column's distinct values in its table, 0 when unknown. */
static double
table_distinct(const colstat *cs)
{
	if (cs->col == NULL)
		return cs->distinct;
	if (cs->unique && cs->table_rows > 0)
		return cs->table_rows;
	return cs->col->ndistinct;
}

/* Distinct values among the input's rows: at most its rows; unknown,
 * as if the column were the input's key. */
static double
input_distinct(const colstat *cs)
{
	double nd = table_distinct(cs);

	if (nd <= 0 || nd > cs->rows)
		nd = cs->rows;
	return nd > 1 ? nd : 1;
}

static double
null_frac(const colstat *cs)
{
	return cs->col != NULL && cs->col->null_frac >= 0 ? cs->col->null_frac : 0;
}

static double
mcv_total(const fq_pg_column *c)
{
	double t = 0;

	for (int i = 0; i < c->nmcv; i++)
		t += c->mcv_freq[i];
	return t;
}

/* ---- Constants ---- */

typedef struct est
{
	fq_stmt *st;
	const fq_plan *const *inputs;
	const double *rows;
	int ninputs;
} est;

/* The value of e, a constant known at plan time. */
static bool
plan_time_value(const est *es, const fq_expr *e, fq_value *out)
{
	(void) es;
	/* Constant folding (rewrite.c) has already made every expression
	 * known at plan time a constant: nothing is evaluated here (an
	 * estimate allocates nothing, see statval_of). */
	if (FQ_IS(e, FQ_N_EXPR_CONST))
	{
		*out = ((const fq_const *) e)->value;
		return true;
	}
	return false;
}

/* A constant as the statistics hold values (see fq_pg_statval). */
static bool
statval_of(const est *es, const fq_value *v, fq_pg_statval *sv)
{
	if (v->isnull)
		return false;
	sv->is_num = true;
	sv->str = NULL;
	switch (v->type.id)
	{
		case FQ_T_BOOL:
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
		case FQ_T_DATE:
			sv->num = (double) v->v.i;
			return true;
		case FQ_T_TIME:
			sv->num = (double) v->v.i / FQ_USECS_PER_SEC;
			return true;
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			sv->num = (double) v->v.i / (double) FQ_USECS_PER_DAY;
			return true;
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			sv->num = v->v.f;
			return true;
		case FQ_T_DECIMAL:
			return fq_num_to_double(&v->v.num, &sv->num) == FQ_CONV_OK;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
			{
				size_t n = v->v.s.len;

				if (v->type.id == FQ_T_CHAR)
					while (n > 0 && v->v.s.ptr[n - 1] == ' ')
						n--;
				/* no copy: an estimate allocates nothing, so that it
				 * cannot depend on memory (the allocation-failure
				 * torture compares EXPLAIN's text) */
				sv->is_num = false;
				sv->str = v->v.s.ptr;
				sv->len = n;
				return true;
			}
		default:
			return false;
	}
}

/* Compares two statistics values: <0, 0, >0, or *ok false when they are
 * of different kinds. */
static int
statval_cmp(const fq_pg_statval *a, const fq_pg_statval *b, bool *ok)
{
	if (a->is_num != b->is_num)
	{
		*ok = false;
		return 0;
	}
	*ok = true;
	if (a->is_num)
		return a->num < b->num ? -1 : a->num > b->num;
	{
		int c = memcmp(a->str, b->str, a->len < b->len ? a->len : b->len);

		return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
	}
}

/* ---- Conditions on one column ---- */

/* col = k (k NULL: a value not known at plan time). */
static double
eq_sel(const colstat *cs, const fq_pg_statval *k)
{
	const fq_pg_column *c = cs->col;
	double nd = table_distinct(cs);
	double rest;
	double least = 1;

	if (c == NULL || (nd <= 0 && c->nmcv == 0))
		return DEFAULT_EQ_SEL;
	if (cs->unique && cs->table_rows > 0)
		return 1 / (cs->table_rows > 1 ? cs->table_rows : 1);
	for (int i = 0; i < c->nmcv; i++)
	{
		bool ok;

		if (k != NULL && statval_cmp(&c->mcv[i], k, &ok) == 0 && ok)
			return c->mcv_freq[i];
		if (c->mcv_freq[i] < least)
			least = c->mcv_freq[i];
	}
	rest = clamp01(1 - mcv_total(c) - null_frac(cs));
	if (nd > c->nmcv + 1)
		rest /= nd - c->nmcv;
	/* a value not among the most common is no more common than they */
	if (c->nmcv > 0 && rest > least)
		rest = least;
	return rest;
}

/* The fraction of the histogram's values below k, -1 without one. */
static double
hist_below(const fq_pg_column *c, const fq_pg_statval *k)
{
	int n = c->nhist;
	bool ok;

	if (n < 2)
		return -1;
	if (statval_cmp(k, &c->hist[0], &ok) <= 0)
		return ok ? 0 : -1;
	if (statval_cmp(k, &c->hist[n - 1], &ok) >= 0)
		return ok ? 1 : -1;
	for (int i = 0; i + 1 < n; i++)
		if (statval_cmp(k, &c->hist[i + 1], &ok) < 0)
		{
			double within = 0.5;

			if (k->is_num && c->hist[i + 1].num > c->hist[i].num)
				within = (k->num - c->hist[i].num) / (c->hist[i + 1].num - c->hist[i].num);
			return (i + within) / (n - 1);
		}
	return 1;
}

/* col < k (below) or col > k (!below); *guess when no statistics said. */
static double
ineq_sel(const colstat *cs, const fq_pg_statval *k, bool below, bool *guess)
{
	const fq_pg_column *c = cs->col;
	double mcv = 0;
	double frac;

	*guess = c == NULL || k == NULL;
	if (*guess)
		return DEFAULT_INEQ_SEL;
	for (int i = 0; i < c->nmcv; i++)
	{
		bool ok;
		int r = statval_cmp(&c->mcv[i], k, &ok);

		if (ok && (below ? r < 0 : r > 0))
			mcv += c->mcv_freq[i];
	}
	frac = hist_below(c, k);
	if (frac < 0)
	{
		if (c->nmcv == 0)
		{
			*guess = true;
			return DEFAULT_INEQ_SEL;
		}
		frac = DEFAULT_INEQ_SEL;
	}
	else if (!below)
		frac = 1 - frac;
	return clamp01(mcv + frac * clamp01(1 - mcv_total(c) - null_frac(cs)));
}

/* PostgreSQL's like_selectivity: what a pattern's characters keep. */
static double
pattern_guess(const char *p, size_t n)
{
	double s = 1;

	for (size_t i = 0; i < n; i++)
	{
		if (p[i] == '%')
			s *= FULL_WILDCARD_SEL;
		else if (p[i] == '_')
			s *= ANY_CHAR_SEL;
		else
		{
			if (p[i] == '\\' && i + 1 < n)
				i++;
			s *= FIXED_CHAR_SEL;
		}
	}
	return s > 1 ? 1 : s;
}

static double
like_sel(const colstat *cs, const char *pat, size_t n, bool icase)
{
	const fq_pg_column *c = cs->col;
	double mcv = 0;
	int hits = 0;
	int texts = 0;

	if (c == NULL)
		return pattern_guess(pat, n);
	for (int i = 0; i < c->nmcv; i++)
		if (!c->mcv[i].is_num &&
			fq_like_match(c->mcv[i].str, c->mcv[i].len, pat, n, '\\', icase))
			mcv += c->mcv_freq[i];
	for (int i = 0; i < c->nhist; i++)
		if (!c->hist[i].is_num)
		{
			texts++;
			hits += fq_like_match(c->hist[i].str, c->hist[i].len, pat, n, '\\', icase);
		}
	/* Too few bounds say little: PostgreSQL's heuristic then. */
	return clamp01(mcv + (texts >= 10 ? (hits + 0.5) / (texts + 1) : pattern_guess(pat, n)) *
		clamp01(1 - mcv_total(c) - null_frac(cs)));
}

/* ---- Conditions ---- */

/* The input whose outputs have v's column, -1 if none. */
static int
input_of(const est *es, const fq_var *v)
{
	for (int i = 0; i < es->ninputs; i++)
		if (fq_plan_find_col(es->inputs[i], v->rel, v->col) >= 0)
			return i;
	return -1;
}

/* e, through casts, as a column of an input: its statistics. */
static bool
as_column(const est *es, const fq_expr *e, colstat *cs, int *which)
{
	int i;

	/* (cleared when it is not a column: a NOT IN's selectivity still
	 * asks for the null fraction, which is then none) */
	memset(cs, 0, sizeof(*cs));
	e = strip_casts(e);
	if (!FQ_IS(e, FQ_N_EXPR_VAR) || (i = input_of(es, (const fq_var *) e)) < 0)
		return false;
	*cs = var_stats(es->inputs[i], es->rows[i], (const fq_var *) e);
	if (which != NULL)
		*which = i;
	return true;
}

/* The statistics value of e, a constant (NULL when not known now). */
static const fq_pg_statval *
as_value(const est *es, const fq_expr *e, fq_pg_statval *buf, bool *is_null)
{
	fq_value v;

	*is_null = false;
	if (!plan_time_value(es, e, &v))
		return NULL;
	if (v.isnull)
	{
		*is_null = true;
		return NULL;
	}
	return statval_of(es, &v, buf) ? buf : NULL;
}

/* Equality of two columns (of two inputs, or of one). */
static double
eqjoin_sel(const colstat *a, const colstat *b)
{
	double nda = input_distinct(a);
	double ndb = input_distinct(b);
	double nfa = null_frac(a);
	double nfb = null_frac(b);
	const fq_pg_column *ca = a->col;
	const fq_pg_column *cb = b->col;

	if (ca != NULL && cb != NULL && ca->nmcv > 0 && cb->nmcv > 0 && !a->unique && !b->unique)
	{
		/* PostgreSQL's eqjoinsel_inner with both lists of most common
		 * values */
		double match_prod = 0;
		double match_a = 0;
		double match_b = 0;
		double sum_a = mcv_total(ca);
		double sum_b = mcv_total(cb);
		double other_a = clamp01(1 - nfa - sum_a);
		double other_b = clamp01(1 - nfb - sum_b);
		int nmatch = 0;
		double sel_a;
		double sel_b;
		/* on the stack: an estimate must not depend on memory (the
		 * allocation-failure torture compares EXPLAIN's text) */
		bool hit_b[MAX_MCV_MATCH] = {false};
		int nb = cb->nmcv < MAX_MCV_MATCH ? cb->nmcv : MAX_MCV_MATCH;

		for (int i = 0; i < ca->nmcv; i++)
			for (int j = 0; j < nb; j++)
			{
				bool ok;

				if (!hit_b[j] && statval_cmp(&ca->mcv[i], &cb->mcv[j], &ok) == 0 && ok)
				{
					hit_b[j] = true;
					match_prod += ca->mcv_freq[i] * cb->mcv_freq[j];
					match_a += ca->mcv_freq[i];
					match_b += cb->mcv_freq[j];
					nmatch++;
					break;
				}
			}
		sel_a = match_prod;
		sel_b = match_prod;
		if (ndb > cb->nmcv)
			sel_a += (sum_a - match_a) * other_b / (ndb - cb->nmcv);
		if (ndb > nmatch)
			sel_a += other_a * (other_b + sum_b - match_b) / (ndb - nmatch);
		if (nda > ca->nmcv)
			sel_b += (sum_b - match_b) * other_a / (nda - ca->nmcv);
		if (nda > nmatch)
			sel_b += other_b * (other_a + sum_a - match_a) / (nda - nmatch);
		return clamp01(sel_a < sel_b ? sel_a : sel_b);
	}
	return (1 - nfa) * (1 - nfb) / (nda > ndb ? nda : ndb);
}

/*
 * The distinct values of binding (rel, col) of p when it is a column of a
 * UNION ALL (through filters, projections of it, joins): at most the sum
 * of its inputs' (each by its statistics, or its rows), as no statistics
 * describe a union.  -1 when it is not one.
 */
static double
union_distinct(fq_stmt *st, const fq_plan *p, int rel, int col)
{
	const fq_plan_append *ap = NULL;
	int colno = -1;
	int k = -1;
	double sum = 0;

	/* the way down to the union, as to a table's column */
	if (base_column(p, rel, col, &colno, &ap, &k) != NULL || ap == NULL)
		return -1;
	for (int i = 0; i < ap->ninputs; i++)
	{
		const fq_plan *in = ap->inputs[i];
		fq_var v = {.index = -1};
		double r = fq_est_rows(st, in);
		colstat cs;

		if (k >= in->nout)
			return -1;
		v.rel = in->out[k].rel;
		v.col = in->out[k].col;
		cs = var_stats(in, r, &v);
		sum += table_distinct(&cs) > 0 ? input_distinct(&cs) : r;
	}
	return sum;
}

/* Distinct values of an expression over the inputs' rows. */
static double
expr_distinct(const est *es, const fq_expr *e)
{
	colstat cs;
	int i;

	if (as_column(es, e, &cs, &i))
	{
		const fq_var *v = (const fq_var *) strip_casts(e);
		double u = cs.col == NULL ? union_distinct(es->st, es->inputs[i], v->rel, v->col) : -1;

		if (u > 0)
			return u < cs.rows ? at_least_one(u) : at_least_one(cs.rows);
		return input_distinct(&cs);
	}
	return DEFAULT_NUM_DISTINCT;
}

static double sel_of(const est *es, const fq_expr *e);

/* A comparison: column op constant, column op column, or anything. */
static double
compare_sel(const est *es, fq_func_id fn, const fq_expr *l, const fq_expr *r)
{
	colstat cs;
	colstat cs2;
	fq_pg_statval buf;
	const fq_pg_statval *k;
	bool is_null;
	bool guess;
	int il;
	int ir;

	if (!as_column(es, l, &cs, &il))
	{
		/* the column on the left */
		static const fq_func_id flip[] = {[FQ_F_LT] = FQ_F_GT, [FQ_F_LE] = FQ_F_GE,
										  [FQ_F_GT] = FQ_F_LT, [FQ_F_GE] = FQ_F_LE};
		const fq_expr *t = l;

		if (!as_column(es, r, &cs, &il))
		{
			/* no column on either side: an expression of one */
			if (fn == FQ_F_EQ || fn == FQ_F_NOT_DISTINCT)
			{
				double nl = expr_distinct(es, l);
				double nr = expr_distinct(es, r);

				return fq_expr_refers_to((fq_expr *) l, -1) && fq_expr_refers_to((fq_expr *) r, -1)
					? 1 / (nl > nr ? nl : nr) : DEFAULT_EQ_SEL;
			}
			return fn == FQ_F_NE || fn == FQ_F_DISTINCT ? 1 - DEFAULT_EQ_SEL : DEFAULT_INEQ_SEL;
		}
		l = r;
		r = t;
		if (fn >= FQ_F_LT && fn <= FQ_F_GE)
			fn = flip[fn];
	}
	if (as_column(es, r, &cs2, &ir))
	{
		/* two columns */
		double s = eqjoin_sel(&cs, &cs2);

		switch (fn)
		{
			case FQ_F_EQ:
			case FQ_F_NOT_DISTINCT:
				return s;
			case FQ_F_NE:
			case FQ_F_DISTINCT:
				return clamp01(1 - s);
			default:
				return DEFAULT_INEQ_SEL;
		}
	}
	if (fq_expr_refers_to((fq_expr *) r, -1))
	{
		/* column op expression over other columns */
		if (fn == FQ_F_EQ || fn == FQ_F_NOT_DISTINCT)
		{
			double n1 = input_distinct(&cs);
			double n2 = expr_distinct(es, r);

			return (1 - null_frac(&cs)) / (n1 > n2 ? n1 : n2);
		}
		return fn == FQ_F_NE || fn == FQ_F_DISTINCT ? 1 - DEFAULT_EQ_SEL : DEFAULT_INEQ_SEL;
	}
	k = as_value(es, r, &buf, &is_null);
	switch (fn)
	{
		case FQ_F_EQ:
			return is_null ? 0 : eq_sel(&cs, k);
		case FQ_F_NOT_DISTINCT:
			return is_null ? (cs.col != NULL ? null_frac(&cs) : DEFAULT_NULL_SEL) : eq_sel(&cs, k);
		case FQ_F_NE:
			return is_null ? 0 : clamp01(1 - eq_sel(&cs, k) - null_frac(&cs));
		case FQ_F_DISTINCT:
			return is_null ? 1 - null_frac(&cs) : clamp01(1 - eq_sel(&cs, k));
		case FQ_F_LT:
		case FQ_F_LE:
			return is_null ? 0 : ineq_sel(&cs, k, true, &guess);
		default:
			return is_null ? 0 : ineq_sel(&cs, k, false, &guess);
	}
}

/*
 * A range bound on one column (col < k, k <= col, ...): which column,
 * whether it bounds from above, and the fraction it keeps.
 */
typedef struct bound
{
	int input;
	int rel;
	int col;
	bool upper;
	bool guess;
	double sel;
} bound;

static bool
as_bound(const est *es, const fq_expr *e, bound *b)
{
	const fq_func_expr *f = (const fq_func_expr *) e;
	const fq_expr *x;
	const fq_expr *k;
	colstat cs;
	fq_pg_statval buf;
	const fq_pg_statval *v;
	bool is_null;
	bool upper;

	if (!FQ_IS(e, FQ_N_EXPR_FUNC) || f->nargs != 2 || f->fn < FQ_F_LT || f->fn > FQ_F_GE)
		return false;
	upper = f->fn == FQ_F_LT || f->fn == FQ_F_LE;
	if (as_column(es, f->args[0], &cs, &b->input))
	{
		x = f->args[0];
		k = f->args[1];
	}
	else if (as_column(es, f->args[1], &cs, &b->input))
	{
		x = f->args[1];
		k = f->args[0];
		upper = !upper;
	}
	else
		return false;
	if (fq_expr_refers_to((fq_expr *) k, -1))
		return false;
	x = strip_casts(x);
	b->rel = ((const fq_var *) x)->rel;
	b->col = ((const fq_var *) x)->col;
	b->upper = upper;
	v = as_value(es, k, &buf, &is_null);
	b->guess = v == NULL;
	b->sel = is_null ? 0 : ineq_sel(&cs, v, upper, &b->guess);
	return true;
}

/* e an equality of two columns of different inputs, each a table's column
 * unchanged: the tables and their column numbers. */
static bool
eq_columns(const est *es, const fq_expr *e, const fq_pg_table **t, int *col)
{
	const fq_func_expr *f = (const fq_func_expr *) e;

	if (!FQ_IS(e, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ || f->nargs != 2)
		return false;
	for (int i = 0; i < 2; i++)
	{
		const fq_expr *side = strip_casts(f->args[i]);
		int in;

		if (!FQ_IS(side, FQ_N_EXPR_VAR) || (in = input_of(es, (const fq_var *) side)) < 0 ||
			(t[i] = base_column(es->inputs[in], ((const fq_var *) side)->rel,
								((const fq_var *) side)->col, &col[i], NULL, NULL)) == NULL)
			return false;
		if (i == 1 && in == input_of(es, (const fq_var *) strip_casts(f->args[0])))
			return false;
	}
	return true;
}

/* True if the columns cols (n) of t hold every column of a unique index. */
static bool
covers_unique(const fq_pg_table *t, const int *cols, int n)
{
	for (int i = 0; i < t->nindexes; i++)
	{
		const fq_pg_index *ix = &t->indexes[i];
		int m = 0;

		if (!ix->unique)
			continue;
		while (m < ix->nkeys && ix->keys[m] >= 0)
		{
			int k = 0;

			while (k < n && cols[k] != ix->keys[m])
				k++;
			if (k == n)
				break;
			m++;
		}
		if (m > 0 && m == ix->nkeys)
			return true;
	}
	return false;
}

/*
 * Equalities joining the same two tables whose columns on one side hold
 * a unique key of its table: each row of the other matches at most one
 * row there, and the rest (a foreign key's further columns: TPC-DS's
 * returns joined to their sales on item, ticket and customer) follow from
 * the key rather than being independent of it.  Multiplied as independent
 * they estimated 287,000 matching rows at one.  Their selectivity, at
 * least one over that table's rows; done marks the conjuncts taken.
 */
static double
key_groups_sel(const est *es, fq_expr *const *args, int n, bool *done)
{
	double s = 1;

	for (int i = 0; i < n; i++)
	{
		const fq_pg_table *ti[2];
		int ci[2];
		int member[MAX_PAIRED];
		int cols[2][MAX_PAIRED];
		int nm = 0;
		double prod = 1;
		double floor = -1;

		if (done[i] || !eq_columns(es, args[i], ti, ci) || ti[0] == ti[1])
			continue;
		for (int j = i; j < n && nm < MAX_PAIRED; j++)
		{
			const fq_pg_table *tj[2];
			int cj[2];
			int flip;

			if (done[j] || !eq_columns(es, args[j], tj, cj))
				continue;
			if (tj[0] == ti[0] && tj[1] == ti[1])
				flip = 0;
			else if (tj[0] == ti[1] && tj[1] == ti[0])
				flip = 1;
			else
				continue;
			cols[0][nm] = cj[flip];
			cols[1][nm] = cj[1 - flip];
			member[nm++] = j;
		}
		if (nm < 2)
			continue;
		for (int side = 0; side < 2 && floor < 0; side++)
			if (table_rows(ti[side]) > 0 && covers_unique(ti[side], cols[side], nm))
				floor = 1 / table_rows(ti[side]);
		if (floor < 0)
			continue;
		for (int m = 0; m < nm; m++)
		{
			prod *= sel_of(es, args[member[m]]);
			done[member[m]] = true;
		}
		s *= prod > floor ? prod : floor;
	}
	return s;
}

/* A conjunction: independent conjuncts, but a lower and an upper bound on
 * one column as the range between them (clauselist_selectivity). */
static double
and_sel(const est *es, fq_expr *const *args, int n)
{
	double s = 1;
	/* on the stack (see eqjoin_sel); conjuncts past MAX_PAIRED are taken
	 * alone */
	bound bs[MAX_PAIRED];
	bool paired[MAX_PAIRED] = {false};
	bool is_bound[MAX_PAIRED] = {false};
	bool keyed[MAX_PAIRED] = {false};
	int np = n < MAX_PAIRED ? n : MAX_PAIRED;

	for (int i = np; i < n; i++)
		s *= sel_of(es, args[i]);
	n = np;
	s *= key_groups_sel(es, args, n, keyed);
	for (int i = 0; i < n; i++)
		is_bound[i] = !keyed[i] && as_bound(es, args[i], &bs[i]);
	for (int i = 0; i < n; i++)
	{
		int j;

		if (paired[i] || keyed[i])
			continue;
		if (!is_bound[i])
		{
			s *= sel_of(es, args[i]);
			continue;
		}
		for (j = i + 1; j < n; j++)
			if (is_bound[j] && !paired[j] && bs[j].input == bs[i].input && bs[j].rel == bs[i].rel &&
				bs[j].col == bs[i].col && bs[j].upper != bs[i].upper)
				break;
		if (j == n)
		{
			s *= bs[i].sel;
			continue;
		}
		paired[j] = true;
		if (bs[i].guess || bs[j].guess)
			s *= DEFAULT_RANGE_SEL;
		else
		{
			double r = bs[i].sel + bs[j].sel - 1;

			s *= r > 0 ? r : 1e-10;
		}
	}
	return s;
}

static double
sel_of(const est *es, const fq_expr *e)
{
	if (e == NULL)
		return 1;
	if (fq_stack_too_deep())
		return DEFAULT_BOOL_SEL;
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_BOOL:
			{
				const fq_bool_expr *b = (const fq_bool_expr *) e;
				double s;

				switch (b->kind)
				{
					case FQ_BOOL_AND:
						return and_sel(es, b->args, b->nargs);
					case FQ_BOOL_OR:
						s = 0;
						for (int i = 0; i < b->nargs; i++)
						{
							double t = sel_of(es, b->args[i]);

							s = s + t - s * t;
						}
						return s;
					default:
						return clamp01(1 - sel_of(es, b->args[0]));
				}
			}
		case FQ_N_EXPR_CONST:
			{
				const fq_value *v = &((const fq_const *) e)->value;

				return !v->isnull && v->v.i != 0 ? 1 : 0;
			}
		case FQ_N_EXPR_VAR:
			{
				/* a boolean column: as = true */
				colstat cs;
				fq_pg_statval t = {true, 1, NULL, 0};

				return as_column(es, e, &cs, NULL) && cs.col != NULL ? eq_sel(&cs, &t)
																	  : DEFAULT_BOOL_SEL;
			}
		case FQ_N_EXPR_NULL_TEST:
			{
				const fq_null_test *t = (const fq_null_test *) e;
				colstat cs;

				if (!as_column(es, t->arg, &cs, NULL) || cs.col == NULL || cs.col->null_frac < 0)
					return t->is_not ? 1 - DEFAULT_NULL_SEL : DEFAULT_NULL_SEL;
				return t->is_not ? 1 - cs.col->null_frac : cs.col->null_frac;
			}
		case FQ_N_EXPR_IN:
			{
				const fq_in_expr *in = (const fq_in_expr *) e;
				double s = 0;
				colstat cs;

				if (!as_column(es, in->arg, &cs, NULL))
					s = in->nitems * DEFAULT_EQ_SEL;
				else
					for (int i = 0; i < in->nitems; i++)
					{
						fq_pg_statval buf;
						bool is_null;
						const fq_pg_statval *k = as_value(es, in->items[i], &buf, &is_null);

						if (!is_null)
							s += eq_sel(&cs, k);
					}
				s = clamp01(s);
				return in->is_not ? clamp01(1 - s - null_frac(&cs)) : s;
			}
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
						return compare_sel(es, f->fn, f->args[0], f->args[1]);
					case FQ_F_LIKE:
					case FQ_F_NOT_LIKE:
					case FQ_F_ILIKE:
					case FQ_F_NOT_ILIKE:
						{
							colstat cs = {NULL, -1, false, 1, 0};
							fq_value v;
							double s = DEFAULT_EQ_SEL;
							bool icase = f->fn == FQ_F_ILIKE || f->fn == FQ_F_NOT_ILIKE;

							/* (an ESCAPE clause makes three arguments: the
							 * default guess then) */
							if (f->nargs == 2 && plan_time_value(es, f->args[1], &v) && !v.isnull &&
								(v.type.id == FQ_T_VARCHAR || v.type.id == FQ_T_CHAR ||
								 v.type.id == FQ_T_UNKNOWN))
							{
								if (!as_column(es, f->args[0], &cs, NULL))
									cs.col = NULL;
								s = like_sel(&cs, v.v.s.ptr, v.v.s.len, icase);
							}
							return f->fn == FQ_F_LIKE || f->fn == FQ_F_ILIKE ? s
								: clamp01(1 - s - null_frac(&cs));
						}
					default:
						return DEFAULT_BOOL_SEL;
				}
			}
		default:
			return DEFAULT_BOOL_SEL;
	}
}

double
fq_est_sel(fq_stmt *st, const fq_plan *const *inputs, const double *rows, int ninputs,
		   const fq_expr *pred)
{
	est es = {st, inputs, rows, ninputs};

	return clamp01(sel_of(&es, pred));
}

/* ---- Rows ---- */

static double
at_least_one(double r)
{
	return r > 1 ? r : 1;
}

/*
 * The fraction of the left rows a semi join keeps: the best of its
 * equalities between the sides (eqjoinsel_semi), else PostgreSQL's
 * default.
 */
static double
semi_sel(fq_stmt *st, const fq_plan *l, double lrows, const fq_plan *r, double rrows,
		 fq_expr *cond)
{
	const fq_plan *in[2] = {l, r};
	double rows[2] = {lrows, rrows};
	est es = {st, in, rows, 2};
	fq_list *conj = NULL;
	const fq_expr *c;
	double best = -1;

	if (st == NULL || !fq_expr_conjuncts(st->arena, cond, &conj))
		return DEFAULT_SEMI_SEL;
	FQ_LIST_FOREACH(c, conj)
	{
		const fq_func_expr *f = (const fq_func_expr *) c;
		colstat a;
		colstat b;
		int ia;
		int ib;
		double s;

		if (!FQ_IS(c, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ || !as_column(&es, f->args[0], &a, &ia) ||
			!as_column(&es, f->args[1], &b, &ib) || ia == ib)
			continue;
		if (ia == 1)
		{
			colstat t = a;

			a = b;
			b = t;
		}
		s = (1 - null_frac(&a)) * (input_distinct(&b) < input_distinct(&a)
								   ? input_distinct(&b) / input_distinct(&a) : 1);
		if (best < 0 || s < best)
			best = s;
	}
	return best >= 0 ? best : DEFAULT_SEMI_SEL;
}

/* Whether e, through casts, is column (rel, col). */
static bool
is_column(const fq_expr *e, int rel, int col)
{
	e = strip_casts(e);
	return FQ_IS(e, FQ_N_EXPR_VAR) && ((const fq_var *) e)->rel == rel &&
		((const fq_var *) e)->col == col;
}

/* Whether condition c can hold only where column (rel, col) is not NULL:
 * it is a side of one of c's equalities (a conjunct). */
static bool
needs_column(const fq_expr *c, int rel, int col)
{
	if (fq_stack_too_deep())
		return false;
	if (FQ_IS(c, FQ_N_EXPR_BOOL) && ((const fq_bool_expr *) c)->kind == FQ_BOOL_AND)
	{
		const fq_bool_expr *b = (const fq_bool_expr *) c;

		for (int i = 0; i < b->nargs; i++)
			if (needs_column(b->args[i], rel, col))
				return true;
		return false;
	}
	if (FQ_IS(c, FQ_N_EXPR_FUNC) && ((const fq_func_expr *) c)->fn == FQ_F_EQ &&
		((const fq_func_expr *) c)->nargs == 2)
	{
		const fq_func_expr *f = (const fq_func_expr *) c;

		return is_column(f->args[0], rel, col) || is_column(f->args[1], rel, col);
	}
	return false;
}

/* Whether conjunct c of a filter over LEFT join j says "no match": a
 * column of the right input that the join condition needs, IS NULL. */
static bool
says_unmatched(const fq_plan_join *j, const fq_expr *c)
{
	const fq_null_test *t = (const fq_null_test *) c;
	const fq_var *v;

	if (!FQ_IS(c, FQ_N_EXPR_NULL_TEST) || t->is_not || !FQ_IS(strip_casts(t->arg), FQ_N_EXPR_VAR))
		return false;
	v = (const fq_var *) strip_casts(t->arg);
	return fq_plan_find_col(j->p.right, v->rel, v->col) >= 0 &&
		needs_column(j->cond, v->rel, v->col);
}

/*
 * `a LEFT JOIN b ON a.x = b.y WHERE b.y IS NULL` keeps the rows of a
 * that match nothing, an anti join (PostgreSQL plans it as one): its rows
 * are the left's that the semi join would drop, not the few whose b.y
 * the statistics call NULL.  The filter's other conjuncts apply on top.
 * False when f is not of that shape.
 */
static bool
anti_join_rows(fq_stmt *st, const fq_plan_filter *f, double in, double *rows)
{
	const fq_plan_join *j = (const fq_plan_join *) f->p.left;
	const fq_plan *inputs[1] = {f->p.left};
	const fq_expr *const *conj = (const fq_expr *const *) &f->pred;
	int n = 1;
	int which = -1;
	double l;
	double out;

	if (!FQ_IS(f->p.left, FQ_N_PLAN_JOIN) || j->type != FQ_JOIN_LEFT || j->cond == NULL)
		return false;
	if (FQ_IS(f->pred, FQ_N_EXPR_BOOL) && ((const fq_bool_expr *) f->pred)->kind == FQ_BOOL_AND)
	{
		conj = (const fq_expr *const *) ((const fq_bool_expr *) f->pred)->args;
		n = ((const fq_bool_expr *) f->pred)->nargs;
	}
	for (int i = 0; i < n && which < 0; i++)
		if (says_unmatched(j, conj[i]))
			which = i;
	if (which < 0)
		return false;
	l = fq_est_rows(st, j->p.left);
	out = l * (1 - semi_sel(st, j->p.left, l, j->p.right, fq_est_rows(st, j->p.right),
							j->cond));
	for (int i = 0; i < n; i++)
		if (i != which)
			out *= fq_est_sel(st, inputs, &in, 1, (fq_expr *) conj[i]);
	*rows = out;
	return true;
}

/* Groups of an Aggregate: the grouping columns' distinct values
 * multiplied, at most the input's rows (estimate_num_groups). */
static double
group_rows(fq_stmt *st, const fq_plan_agg *g, double in)
{
	const fq_plan *inputs[1] = {g->p.left};
	double rows[1] = {in};
	est es = {st, inputs, rows, 1};
	double n = 1;

	for (int i = 0; i < g->ngroups; i++)
	{
		if (!fq_expr_refers_to(g->groups[i], -1))
			continue;
		n *= expr_distinct(&es, g->groups[i]);
		if (n >= in)
			break;
	}
	if (g->nsets > 0)
		n *= g->nsets;
	return at_least_one(n < in ? n : in);
}

double
fq_est_rows(fq_stmt *st, const fq_plan *p)
{
	double l;
	double r;

	if (p == NULL || fq_stack_too_deep())
		return UNKNOWN_ROWS;
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_FUNCSCAN:
			{
				/* generate_series of integers with constant bounds (and
				 * step): its count, as PostgreSQL's support function
				 * estimates it; else PostgreSQL's 1000 for a function */
				const fq_plan_funcscan *f = (const fq_plan_funcscan *) p;
				double v[3] = {0, 0, 1};

				for (int i = 0; i < f->nargs && i < 3; i++)
				{
					const fq_value *c = FQ_IS(f->args[i], FQ_N_EXPR_CONST)
						? &((const fq_const *) f->args[i])->value : NULL;

					if (c == NULL || c->isnull ||
						(c->type.id != FQ_T_INT4 && c->type.id != FQ_T_INT8))
						return UNKNOWN_ROWS;
					v[i] = (double) c->v.i;
				}
				if (f->nargs < 2 || v[2] == 0)
					return UNKNOWN_ROWS;
				return at_least_one((v[1] - v[0]) / v[2] + 1);
			}
		case FQ_N_PLAN_WORKTABLE:
			/* the rows of one step of a recursive CTE: unknown */
			return UNKNOWN_ROWS;
		case FQ_N_PLAN_CTESCAN:
			{
				const fq_plan_ctescan *cs = (const fq_plan_ctescan *) p;

				return cs->cte != NULL && *cs->cte != NULL ? fq_est_rows(st, *cs->cte)
					: p->left != NULL ? fq_est_rows(st, p->left) : UNKNOWN_ROWS;
			}
		case FQ_N_PLAN_RECURSIVE:
			/* its first rows and (at least) one step's */
			return at_least_one(fq_est_rows(st, p->left) + fq_est_rows(st, p->right));
		case FQ_N_PLAN_APPLY:
			{
				/* a LATERAL subquery's rows per left row: its own estimate */
				const fq_plan_apply *ap = (const fq_plan_apply *) p;
				const fq_plan *in[2] = {p->left, p->right};
				double rows[2];
				double inner;

				l = rows[0] = fq_est_rows(st, p->left);
				r = rows[1] = fq_est_rows(st, p->right);
				inner = l * r * (ap->cond != NULL ? fq_est_sel(st, in, rows, 2, ap->cond) : 1);
				return at_least_one(ap->type == FQ_JOIN_LEFT && inner < l ? l : inner);
			}
		case FQ_N_PLAN_SCAN:
			{
				double t = table_rows(((const fq_plan_scan *) p)->rte->meta);

				return t < 0 ? UNKNOWN_ROWS : at_least_one(t);
			}
		case FQ_N_PLAN_FILTER:
			l = fq_est_rows(st, p->left);
			if (anti_join_rows(st, (const fq_plan_filter *) p, l, &r))
				return at_least_one(r);
			return at_least_one(l * fq_est_sel(st, (const fq_plan *const *) &p->left, &l, 1,
											   ((const fq_plan_filter *) p)->pred));
		case FQ_N_PLAN_JOIN:
			{
				const fq_plan_join *j = (const fq_plan_join *) p;
				const fq_plan *in[2] = {p->left, p->right};
				double rows[2];
				double inner;

				l = rows[0] = fq_est_rows(st, p->left);
				r = rows[1] = fq_est_rows(st, p->right);
				if (j->type == FQ_JOIN_SEMI || j->type == FQ_JOIN_ANTI)
				{
					double s = semi_sel(st, p->left, l, p->right, r, j->cond);

					return at_least_one(l * (j->type == FQ_JOIN_SEMI ? s : 1 - s));
				}
				inner = l * r * (j->cond != NULL ? fq_est_sel(st, in, rows, 2, j->cond) : 1);
				switch (j->type)
				{
					case FQ_JOIN_LEFT:
						return at_least_one(inner > l ? inner : l);
					case FQ_JOIN_RIGHT:
						return at_least_one(inner > r ? inner : r);
					case FQ_JOIN_FULL:
						return at_least_one(inner > l && inner > r ? inner : l > r ? l : r);
					default:
						return at_least_one(inner);
				}
			}
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				if (g->ngroups == 0)
					return g->nsets > 0 ? g->nsets : 1;
				return group_rows(st, g, fq_est_rows(st, p->left));
			}
		case FQ_N_PLAN_LIMIT:
			{
				const fq_expr *lim = ((const fq_plan_limit *) p)->limit;
				const fq_value *v = lim != NULL && FQ_IS(lim, FQ_N_EXPR_CONST)
					? &((const fq_const *) lim)->value : NULL;

				l = fq_est_rows(st, p->left);
				if (v != NULL && !v->isnull && v->type.id == FQ_T_INT8 && (double) v->v.i < l)
					l = (double) v->v.i;
				return at_least_one(l);
			}
		case FQ_N_PLAN_VALUES:
			return at_least_one(((const fq_plan_values *) p)->nrows);
		case FQ_N_PLAN_REMOTE:
			return fq_est_rows(st, ((const fq_plan_remote *) p)->pushed);
		case FQ_N_PLAN_SHIPPED:
			return fq_est_rows(st, &((const fq_plan_shipped *) p)->input->p);
		case FQ_N_PLAN_APPEND:
			{
				const fq_plan_append *ap = (const fq_plan_append *) p;

				l = 0;
				for (int i = 0; i < ap->ninputs; i++)
					l += fq_est_rows(st, ap->inputs[i]);
				return at_least_one(l);
			}
		case FQ_N_PLAN_SETOP:
			l = fq_est_rows(st, p->left);
			r = fq_est_rows(st, p->right);
			return ((const fq_plan_setop *) p)->op == FQ_SETOP_INTERSECT && r < l ? r : l;
		default: /* PROJECT, SORT, WINDOW, UNIQUE */
			return fq_est_rows(st, p->left);
	}
}

double
fq_est_distinct(fq_stmt *st, const fq_plan *p, double rows, const fq_expr *e)
{
	est es = {st, &p, &rows, 1};

	return expr_distinct(&es, e);
}

double
fq_est_col_distinct(fq_stmt *st, const fq_plan *p, int k)
{
	double rows = fq_est_rows(st, p);
	fq_var v = {.rel = p->out[k].rel, .col = p->out[k].col, .index = -1};
	colstat cs = var_stats(p, rows, &v);

	return table_distinct(&cs) > 0 ? input_distinct(&cs) : 0;
}

double
fq_est_domain(fq_stmt *st, const fq_plan *p, const fq_expr *e)
{
	colstat cs;

	(void) st;
	e = strip_casts(e);
	if (!FQ_IS(e, FQ_N_EXPR_VAR))
		return 0;
	cs = var_stats(p, -1, (const fq_var *) e);
	return table_distinct(&cs);
}

/* ---- LATERAL or grouped once ---- */

/* A source's cost of finding one row through an index (its descent), and
 * of fetching a row that way, in rows it reads in sequence; reading a
 * row in sequence costs SEQ_ROW of grouping one. */
#define C_INDEX_DESCENT 4.0
#define C_INDEX_FETCH 2.0
#define C_SEQ_ROW 0.1
#define MAX_LOOKUP_COLS 32

typedef struct lookup_cols
{
	int n;
	const fq_pg_table *t[MAX_LOOKUP_COLS];
	int col[MAX_LOOKUP_COLS];
} lookup_cols;

/* The table column the inner side of equality e is (e's other side reads
 * the outer row), recorded in lc. */
static void
lookup_col(const fq_plan *inner, const fq_expr *e, lookup_cols *lc)
{
	const fq_func_expr *f = (const fq_func_expr *) e;

	if (!FQ_IS(e, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ || f->nargs != 2)
		return;
	for (int i = 0; i < 2 && lc->n < MAX_LOOKUP_COLS; i++)
	{
		const fq_expr *side = strip_casts(f->args[i]);
		const fq_var *v = (const fq_var *) side;
		const fq_pg_table *t;
		int k = -1;

		if (!FQ_IS(side, FQ_N_EXPR_VAR) || fq_plan_find_col(inner, v->rel, v->col) < 0)
			continue;
		if ((t = base_column(inner, v->rel, v->col, &k, NULL, NULL)) != NULL)
		{
			lc->t[lc->n] = t;
			lc->col[lc->n++] = k;
		}
	}
}

static bool
looked_up(const lookup_cols *lc, const fq_pg_table *t, int col)
{
	for (int i = 0; i < lc->n; i++)
		if (lc->t[i] == t && lc->col[i] == col)
			return true;
	return false;
}

/* The fewest rows one lookup through an index of t on the bound columns
 * reads (its leading key columns bound), or -1 when no index serves. */
static double
index_lookup_rows(const lookup_cols *lc, const fq_pg_table *t)
{
	double best = -1;
	double trows = table_rows(t);

	if (trows < 0)
		trows = UNKNOWN_ROWS;
	for (int i = 0; i < t->nindexes; i++)
	{
		const fq_pg_index *ix = &t->indexes[i];
		double per = trows;
		int m = 0;

		while (m < ix->nkeys && ix->keys[m] >= 0 && looked_up(lc, t, ix->keys[m]))
		{
			double nd = t->cols[ix->keys[m]].ndistinct;

			per /= nd > 0 ? nd : DEFAULT_NUM_DISTINCT;
			m++;
		}
		if (m == 0)
			continue;
		if (ix->unique && m == ix->nkeys)
			per = 1;
		per = per > 1 ? per : 1;
		if (best < 0 || per < best)
			best = per;
	}
	return best;
}

bool
fq_est_lateral_pays(fq_stmt *st, const fq_plan *outer, const fq_plan *inner, const fq_expr *cond)
{
	lookup_cols lc = {0};
	const fq_plan *below = inner;
	double per = -1;
	double once;
	double outer_rows;

	if (cond == NULL || fq_stack_too_deep())
		return false;
	if (FQ_IS(cond, FQ_N_EXPR_BOOL) && ((const fq_bool_expr *) cond)->kind == FQ_BOOL_AND)
	{
		const fq_bool_expr *b = (const fq_bool_expr *) cond;

		for (int i = 0; i < b->nargs; i++)
			lookup_col(inner, b->args[i], &lc);
	}
	else
		lookup_col(inner, cond, &lc);
	for (int i = 0; i < lc.n; i++)
	{
		double r = index_lookup_rows(&lc, lc.t[i]);

		if (r >= 0 && (per < 0 || r < per))
			per = r;
	}
	if (per < 0)
		return false;
	/* The grouped side computed once: its input read (in sequence) and
	 * grouped, against each outer row's lookup. */
	while (FQ_IS(below, FQ_N_PLAN_PROJECT) || FQ_IS(below, FQ_N_PLAN_FILTER) ||
		   FQ_IS(below, FQ_N_PLAN_SORT))
		below = below->left;
	if (FQ_IS(below, FQ_N_PLAN_AGG))
		below = below->left;
	once = fq_est_rows(st, below);
	for (int i = 0; i < lc.n; i++)
	{
		double t = table_rows(lc.t[i]);
		bool seen = false;

		for (int j = 0; j < i; j++)
			seen = seen || lc.t[j] == lc.t[i];
		if (!seen)
			once += C_SEQ_ROW * (t < 0 ? UNKNOWN_ROWS : t);
	}
	outer_rows = fq_est_rows(st, outer);
	return outer_rows * (C_INDEX_DESCENT + C_INDEX_FETCH * per) < once;
}

/* ---- A source's reads of one table: whole, or through an index ---- */

/* The table leaf reads when it is one table's rows, filtered or not
 * (what a source can read through the table's indexes), else NULL. */
static const fq_pg_table *
leaf_table(const fq_plan *p)
{
	for (;;)
	{
		if (fq_stack_too_deep())
			return NULL;
		switch (FQ_TAG(p))
		{
			case FQ_N_PLAN_SCAN:
				return ((const fq_plan_scan *) p)->rte->meta;
			case FQ_N_PLAN_REMOTE:
				p = ((const fq_plan_remote *) p)->pushed;
				continue;
			case FQ_N_PLAN_FILTER:
			case FQ_N_PLAN_PROJECT:
				p = p->left;
				continue;
			default:
				return NULL;
		}
	}
}

double
fq_est_table_rows(const fq_plan *leaf)
{
	return table_rows(leaf_table(leaf));
}

double
fq_est_index_lookup(const fq_plan *leaf, fq_expr *const *eqs, int neqs)
{
	const fq_pg_table *t = leaf_table(leaf);
	lookup_cols lc = {0};

	if (t == NULL || t->nindexes == 0)
		return -1;
	for (int i = 0; i < neqs; i++)
		lookup_col(leaf, eqs[i], &lc);
	for (int i = 0; i < lc.n; i++)
		if (lc.t[i] != t)
			return -1;
	return lc.n > 0 ? index_lookup_rows(&lc, t) : -1;
}
