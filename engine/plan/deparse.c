/*
 * deparse.c — PostgreSQL SQL for a plan subtree that runs at one source.
 *
 * The subtree is folded bottom-up into "blocks", each one SELECT:
 *
 *   [DISTINCT ON (...)] FROM <scans, joins, VALUES lists> WHERE ...
 *   GROUP BY ... HAVING ... ORDER BY ... LIMIT ... OFFSET ...
 *
 * A block maps every binding its parent may read to SQL text.  An operator
 * merges into its input's block when SQL's clause order allows (a Filter
 * below an Aggregate is WHERE, above it HAVING; a Project just rewrites the
 * map), and otherwise wraps the block as a subquery in FROM.
 *
 * What is sent is exact and self-describing: every identifier quoted,
 * every literal cast to its type, every implicit conversion the binder made
 * written as a CAST, text comparisons and text sort keys in COLLATE "C" so
 * the source orders as fedq does, and every output column cast to the
 * engine type the scan decodes (COPY binary carries no types).
 * Parameters and current_date/current_timestamp become literals, which is
 * why the text is produced at execution.
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "exec/exec.h"
#include "func/func.h"
#include "sql/ast.h"
#include "types/types.h"

#include <string.h>

typedef struct dp_map
{
	int n;
	int *rels;
	int *cols;
	const char **texts;
	bool *plain;   /* a column the source sends in the engine type already */
} dp_map;

typedef struct dp_block
{
	const char *from;
	fq_list *where;   /* const char * conjuncts */
	fq_list *group;
	bool grouped;     /* aggregation happened in this block */
	/* ... without GROUP BY: one row, which a select list without its
	 * aggregates would not keep (SELECT 7 FROM t is t's rows) */
	bool one_group;
	int agg_rel;      /* then: the rel of the aggregates' values */
	fq_list *having;
	fq_list *order;
	const char *limit;
	const char *offset;
	bool projected;   /* the map holds computed expressions */
	bool windowed;    /* the map holds window functions */
	fq_list *distinct_on; /* DISTINCT ON: the first ORDER BY keys' texts */
	/* The map holds a source's own function (FQ_F_SOURCE): what reads it
	 * again, other than the select list, ORDER BY or a plain column
	 * reference, reads it from a subquery, so the source evaluates it once
	 * per row (PostgreSQL keeps a subquery whose select list may be
	 * volatile apart), as fedq promises. */
	bool calls_source;
	dp_map map;
} dp_block;

/* An exec param a subquery written inline reads: the outer column's text. */
typedef struct dp_param
{
	int number;
	const char *text;
	const struct dp_param *next;
} dp_param;

typedef struct deparser
{
	fq_stmt *st;
	fq_arena *a;
	fq_diags *d;
	fq_exec_ctx *ctx;   /* NULL: print parameters as $n (EXPLAIN) */
	int nsub;
	const dp_param *params; /* inside an inlined subquery */
	/* CTEs computed once that the statement reads (block_ctescan): the
	 * WITH clause in front of it, q<id> each */
	int nctes;
	int ncte_refs;
	const fq_plan_ctescan *ctes[16];
	int cur_cte;          /* the CTE whose SQL is being written, -1 none */
	bool reads[16][16];   /* reads[i][k]: CTE i's SQL reads CTE k */
	bool failed;
} deparser;

static bool dp_expr(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out);
static bool dp_sublink(deparser *dp, const dp_map *m, const fq_sublink_expr *l, fq_strbuf *out);

static void *
dp_nomem(deparser *dp)
{
	if (!dp->failed)
		fq_raise_nomem(dp->d, dp->a);
	dp->failed = true;
	return NULL;
}

static const char *
dp_finish(deparser *dp, fq_strbuf *b)
{
	const char *s;

	if (!fq_strbuf_ok(b))
	{
		fq_strbuf_free(b);
		return dp_nomem(dp);
	}
	s = fq_arena_strdup(dp->a, fq_strbuf_str(b));
	fq_strbuf_free(b);
	return s != NULL ? s : dp_nomem(dp);
}

static int
map_find(const dp_map *m, int rel, int col)
{
	for (int i = 0; i < m->n; i++)
		if (m->rels[i] == rel && m->cols[i] == col)
			return i;
	return -1;
}

static const char *
map_lookup(const dp_map *m, int rel, int col)
{
	int i = map_find(m, rel, col);

	return i >= 0 ? m->texts[i] : NULL;
}

/*
 * True if the SQL dp_expr writes for e already ends in a cast to e's type
 * (aggregates, arithmetic, rounding, EXTRACT, CAST), so the output column
 * needs no further cast.
 */
static bool
deparsed_with_cast(const fq_expr *e)
{
	if (FQ_IS(e, FQ_N_EXPR_CAST) || FQ_IS(e, FQ_N_EXPR_AGG))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_FUNC))
		switch (((const fq_func_expr *) e)->fn)
		{
			case FQ_F_ADD: case FQ_F_SUB: case FQ_F_MUL: case FQ_F_DIV: case FQ_F_MOD:
			case FQ_F_CONCAT:
				return true;
			case FQ_F_CALL:
				/* the signature is PostgreSQL's: its result is e's type */
			case FQ_F_SOURCE:
				/* cast by dp_source_call */
				return true;
			default:
				return false;
		}
	return false;
}

/*
 * True when PostgreSQL gives e exactly fedq's type with no cast: NUMERIC
 * without (p,s) from numeric arithmetic, rounding, sum and avg, which the
 * binder types as PostgreSQL does.  Their casts would change nothing.
 */
static bool
numeric_native(const fq_expr *e)
{
	if (e->type.id != FQ_T_DECIMAL || e->type.precision != 0)
		return false;
	if (FQ_IS(e, FQ_N_EXPR_AGG))
	{
		const fq_agg_expr *g = (const fq_agg_expr *) e;

		return (g->kind == FQ_AGG_SUM || g->kind == FQ_AGG_AVG || g->kind == FQ_AGG_VAR_POP ||
				g->kind == FQ_AGG_VAR_SAMP || g->kind == FQ_AGG_STDDEV_POP ||
				g->kind == FQ_AGG_STDDEV_SAMP) && g->arg != NULL &&
			(g->arg->type.id == FQ_T_DECIMAL || fq_type_is_integer(g->arg->type.id));
	}
	if (FQ_IS(e, FQ_N_EXPR_FUNC))
		switch (((const fq_func_expr *) e)->fn)
		{
			case FQ_F_ADD: case FQ_F_SUB: case FQ_F_MUL: case FQ_F_DIV: case FQ_F_MOD:
			case FQ_F_CALL:
				return true;
			default:
				return false;
		}
	return false;
}

/* True if e is a column reference the map holds as a plain column. */
static bool
plain_var(const dp_map *m, const fq_expr *e)
{
	int i;

	if (!FQ_IS(e, FQ_N_EXPR_VAR))
		return false;
	i = map_find(m, ((const fq_var *) e)->rel, ((const fq_var *) e)->col);
	return i >= 0 && m->plain[i];
}

static bool
map_init(deparser *dp, dp_map *m, int n)
{
	m->n = n;
	m->rels = FQ_NEW_ARRAY(dp->a, int, n > 0 ? n : 1);
	m->cols = FQ_NEW_ARRAY(dp->a, int, n > 0 ? n : 1);
	m->texts = FQ_NEW_ARRAY(dp->a, const char *, n > 0 ? n : 1);
	m->plain = FQ_NEW_ARRAY(dp->a, bool, n > 0 ? n : 1);
	if (m->rels == NULL || m->cols == NULL || m->texts == NULL || m->plain == NULL)
	{
		dp_nomem(dp);
		return false;
	}
	return true;
}

/*
 * The map of a FROM item the SQL names `alias` whose columns are c<n>,
 * one per output of p: n is cols[i] when given, else i with by_position,
 * else p's out[i].col.  Its values arrive in fedq's types (plain).
 */
static bool
map_columns(deparser *dp, dp_map *m, const fq_plan *p, const char *alias, const int *cols,
			bool by_position)
{
	if (alias == NULL)
	{
		dp_nomem(dp);
		return false;
	}
	if (!map_init(dp, m, p->nout))
		return false;
	for (int i = 0; i < p->nout; i++)
	{
		int c = cols != NULL ? cols[i] : by_position ? i : p->out[i].col;

		m->rels[i] = p->out[i].rel;
		m->cols[i] = p->out[i].col;
		m->plain[i] = true;
		if ((m->texts[i] = fq_arena_printf(dp->a, "%s.c%d", alias, c)) == NULL)
		{
			dp_nomem(dp);
			return false;
		}
	}
	return true;
}

/* ---- Types and literals ---- */

static void
dp_type(const fq_type *t, fq_strbuf *out)
{
	if (t->id == FQ_T_UNKNOWN)
		fq_strbuf_append(out, "text");
	else
		fq_type_format(t, out);
}

static void
dp_literal(const fq_value *v, fq_strbuf *out)
{
	union
	{
		int64_t i;
		fq_numeric d;
		double f;
		fq_string s;
		fq_interval iv;
		fq_uuid u;
	} slot;
	fq_strbuf text = FQ_STRBUF_INIT;

	if (v->isnull)
	{
		fq_strbuf_append(out, "NULL::");
		dp_type(&v->type, out);
		return;
	}
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			fq_strbuf_append(out, v->v.i ? "true" : "false");
			return;
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
			if (v->v.i < 0)
				fq_strbuf_printf(out, "(%lld)", (long long) v->v.i);
			else
				fq_strbuf_printf(out, "%lld", (long long) v->v.i);
			if (v->type.id != FQ_T_INT4)
				fq_strbuf_append(out, v->type.id == FQ_T_INT2 ? "::smallint" : "::bigint");
			return;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
		case FQ_T_BYTEA:
			if (v->type.id == FQ_T_BYTEA)
			{
				fq_value_to_slot(v, &slot);
				fq_format_text(&slot, &v->type, false, &text);
				fq_strbuf_append_literal(out, fq_strbuf_str(&text), text.len);
			}
			else
				fq_strbuf_append_literal(out, v->v.s.ptr, v->v.s.len);
			break;
		default:
			fq_value_to_slot(v, &slot);
			fq_format_text(&slot, &v->type, false, &text);
			fq_strbuf_append_literal(out, fq_strbuf_str(&text), text.len);
			break;
	}
	/* A literal that could not be written must not go out as '' */
	if (!fq_strbuf_ok(&text))
		out->broken = true;
	fq_strbuf_free(&text);
	fq_strbuf_append(out, "::");
	dp_type(&v->type, out);
}

/* ---- Expressions ---- */

static bool
is_text(const fq_expr *e)
{
	return fq_type_is_string(e->type.id);
}

static bool dp_operand(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out);

static bool
dp_args(deparser *dp, const dp_map *m, fq_expr **args, int n, fq_strbuf *out)
{
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			fq_strbuf_append(out, ", ");
		if (!dp_operand(dp, m, args[i], out))
			return false;
	}
	return true;
}

/*
 * An operand of ||, =, LIKE, IN, a CASE result or a function's,
 * aggregate's or window function's argument, where PostgreSQL combines
 * its operands' collations (`lead(upper(t), k, least('abc', v))`, random
 * seed 1432; `string_agg(upper(t), least(...))`).  Text fedq orders
 * bytewise goes in COLLATE "C" (LEAST/GREATEST's arguments, min/max's,
 * mode's), and PostgreSQL passes that explicit collation up through every
 * call, cast and CASE over it, into whatever holds it as a column of a
 * block; beside another explicit one (the database's on lower()'s
 * argument) the two clash, 42P21 where PostgreSQL answers (`least(...) ||
 * lower(x)`, seed 755; `CAST(greatest(c5, t) AS text) || lower(t)`,
 * `greatest(...) = lower(t)`, seed 775).  Such an operand takes the
 * database's collation again: every ordering fedq sends states "C" itself
 * (dp_collated, sort keys), and equality, LIKE and the text functions
 * answer alike in both.  Only fedq writes COLLATE "C", so its text tells
 * (a COLLATE "C" that stays inside, a comparison's, only costs a needless
 * wrap).  Not on a LEAST/GREATEST standing alone: PostgreSQL moves a
 * COLLATE under a cast, out of sight of a GROUP BY holding it, random seed
 * 414; an operand is never a whole GROUP BY key.
 */
static bool
dp_operand(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out)
{
	fq_strbuf t = FQ_STRBUF_INIT;
	bool c;

	if (!is_text(e))
		return dp_expr(dp, m, e, out);
	if (!dp_expr(dp, m, e, &t))
	{
		fq_strbuf_free(&t);
		return false;
	}
	if (!fq_strbuf_ok(&t))
		out->broken = true;
	c = strstr(fq_strbuf_str(&t), "COLLATE \"C\"") != NULL;
	if (c)
		fq_strbuf_appendc(out, '(');
	fq_strbuf_appendn(out, fq_strbuf_str(&t), t.len);
	if (c)
		fq_strbuf_append(out, " COLLATE \"default\")");
	fq_strbuf_free(&t);
	return true;
}

/* Operand of a text ordering comparison, in the "C" collation. */
static bool
dp_collated(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out)
{
	fq_strbuf_appendc(out, '(');
	if (!dp_expr(dp, m, e, out))
		return false;
	fq_strbuf_append(out, " COLLATE \"C\")");
	return true;
}

/*
 * An argument of upper(), lower(), initcap() or ILIKE, in the database's
 * collation when it is text.  Text that fedq orders is sent in COLLATE
 * "C" (LEAST, GREATEST, min, max, string_agg(DISTINCT), mode: their
 * results, and derived tables' columns of them, keep "C"), and over a
 * value in "C" these change or match ASCII letters only: upper('é') stays
 * 'é' where PostgreSQL over the column itself gives 'É'.  (The argument
 * is wrapped rather than the "C" result, whose COLLATE PostgreSQL would
 * move under a cast, out of sight of a GROUP BY holding the expression.)
 */
static bool untyped_literal(const fq_expr *e);

static bool
dp_casemap_arg(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out)
{
	if (!is_text(e) || untyped_literal(e))
		return dp_expr(dp, m, e, out);
	fq_strbuf_appendc(out, '(');
	if (!dp_expr(dp, m, e, out))
		return false;
	fq_strbuf_append(out, " COLLATE \"default\")");
	return true;
}

/*
 * A text argument of string_agg(DISTINCT ...) and its ORDER BY keys, in
 * COLLATE "C" outside a cast to text: PostgreSQL finds the keys among the
 * arguments only when both are spelled alike, and the cast it would add
 * to a varchar inside the COLLATE would set them apart.
 */
static bool
dp_collated_text(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out)
{
	fq_strbuf_append(out, "(CAST(");
	if (!dp_expr(dp, m, e, out))
		return false;
	fq_strbuf_append(out, " AS text) COLLATE \"C\")");
	return true;
}

/* A sort key: text bytewise, as fedq orders it, when `collate` (a
 * DISTINCT string_agg's key as its argument is spelled). */
static bool
dp_sort_key(deparser *dp, const dp_map *m, const fq_expr *e, bool desc, bool nulls_first,
			int collate, fq_strbuf *out)
{
	bool ok = !is_text(e) || collate == 0 ? dp_expr(dp, m, e, out)
		: collate == 2 ? dp_collated_text(dp, m, e, out) : dp_collated(dp, m, e, out);

	if (!ok)
		return false;
	fq_strbuf_append(out, desc ? " DESC" : " ASC");
	fq_strbuf_append(out, nulls_first ? " NULLS FIRST" : " NULLS LAST");
	return true;
}

/*
 * An aggregate call as PostgreSQL writes it (Redshift's median and
 * listagg as the percentile_cont and string_agg they are bound as), cast
 * to fedq's type unless PostgreSQL's is it.  Text orders bytewise, as in
 * fedq: min/max of text, text keys of ORDER BY and WITHIN GROUP, and the
 * text arguments of string_agg(DISTINCT ...) (its sort orders them) are
 * sent in COLLATE "C".
 */
static bool
dp_agg(deparser *dp, const dp_map *m, const fq_agg_expr *g, fq_strbuf *out)
{
	bool cast = !numeric_native(&g->e);

	/* The final step over partial results (eager.c): counts are added up,
	 * 0 over none; avg is the sum of the sums over the sum of the counts,
	 * both NUMERIC, PostgreSQL's numeric_div as in its own avg. */
	if (g->combine && g->kind == FQ_AGG_COUNT)
	{
		fq_strbuf_append(out, "CAST(COALESCE(sum(");
		if (!dp_expr(dp, m, g->arg, out))
			return false;
		fq_strbuf_append(out, "), 0) AS bigint)");
		return true;
	}
	if (g->combine && g->kind == FQ_AGG_AVG)
	{
		fq_strbuf_append(out, "(CAST(sum(");
		if (!dp_expr(dp, m, g->arg, out))
			return false;
		fq_strbuf_append(out, ") AS numeric) / CAST(sum(");
		if (!dp_expr(dp, m, g->arg2, out))
			return false;
		fq_strbuf_append(out, ") AS numeric))");
		return true;
	}
	if (g->combine)
	{
		fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot deparse the final step of %s",
				 fq_agg_name(g->kind));
		dp->failed = true;
		return false;
	}
	fq_strbuf_printf(out, "%s%s(", cast ? "CAST(" : "", fq_agg_name(g->kind));
	if (g->kind == FQ_AGG_COUNT_STAR)
		fq_strbuf_appendc(out, '*');
	else if (fq_agg_ordered_set(g->kind))
	{
		if (g->direct != NULL && !dp_expr(dp, m, g->direct, out))
			return false;
		fq_strbuf_append(out, ") WITHIN GROUP (ORDER BY ");
		if (!dp_sort_key(dp, m, g->arg, g->within_desc, g->within_nulls_first, 1, out))
			return false;
	}
	else
	{
		const fq_expr *args[2] = {g->arg, g->arg2};
		/* with DISTINCT the keys are arguments, and spelled as they are */
		bool distinct_text = g->distinct && g->kind == FQ_AGG_STRING_AGG;
		bool collate_args = g->kind == FQ_AGG_MIN || g->kind == FQ_AGG_MAX;
		/* min and max of text need no DISTINCT (equal text is the same
		 * value), whose keys PostgreSQL would not find among collated
		 * varchar arguments */
		bool distinct = g->distinct && !(collate_args && is_text(g->arg));

		if (distinct)
			fq_strbuf_append(out, "DISTINCT ");
		for (int i = 0; i < 2 && args[i] != NULL; i++)
		{
			bool ok;

			if (i > 0)
				fq_strbuf_append(out, ", ");
			if (is_text(args[i]) && distinct_text)
				ok = dp_collated_text(dp, m, args[i], out);
			else if (is_text(args[i]) && collate_args)
				ok = dp_collated(dp, m, args[i], out);
			else
				ok = dp_operand(dp, m, args[i], out);
			if (!ok)
				return false;
		}
		for (int i = 0; i < g->norder; i++)
		{
			fq_strbuf_append(out, i == 0 ? " ORDER BY " : ", ");
			if (!dp_sort_key(dp, m, g->order[i], g->desc[i], g->nulls_first[i],
							 distinct_text ? 2 : !distinct || collate_args ? 1 : 0, out))
				return false;
		}
	}
	fq_strbuf_appendc(out, ')');
	if (g->filter != NULL)
	{
		fq_strbuf_append(out, " FILTER (WHERE ");
		if (!dp_expr(dp, m, g->filter, out))
			return false;
		fq_strbuf_appendc(out, ')');
	}
	if (cast)
	{
		fq_strbuf_append(out, " AS ");
		dp_type(&g->e.type, out);
		fq_strbuf_appendc(out, ')');
	}
	return true;
}

/*
 * A registry function: name(args), or its signature's template for
 * PostgreSQL sources ($n an argument, $Kn a constant argument's text as a
 * keyword: one of the names the function's check allows).
 */
static bool
dp_call(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out)
{
	const char *t = f->sig->remote;
	bool casemap = (f->def->flags & FQ_FN_CASEMAP) != 0;

	if (t == NULL)
	{
		fq_strbuf_printf(out, "%s(", f->def->name);
		for (int i = 0; i < f->nargs; i++)
		{
			if (i > 0)
				fq_strbuf_append(out, ", ");
			if (!(casemap ? dp_casemap_arg(dp, m, f->args[i], out)
						  : dp_operand(dp, m, f->args[i], out)))
				return false;
		}
		fq_strbuf_appendc(out, ')');
		return true;
	}
	for (; *t != '\0'; t++)
	{
		bool keyword = t[0] == '$' && t[1] == 'K';
		const char *d = keyword ? t + 2 : t + 1;
		int i = *d - '1';

		if (t[0] != '$' || i < 0 || i >= f->nargs)
		{
			fq_strbuf_appendc(out, *t);
			continue;
		}
		if (keyword)
		{
			const fq_const *k = (const fq_const *) f->args[i];

			if (!FQ_IS(f->args[i], FQ_N_EXPR_CONST) || k->value.isnull)
			{
				fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: %s needs a constant", f->def->name);
				dp->failed = true;
				return false;
			}
			fq_strbuf_appendn(out, k->value.v.s.ptr, k->value.v.s.len);
		}
		else if (!(casemap ? dp_casemap_arg(dp, m, f->args[i], out)
						   : dp_operand(dp, m, f->args[i], out)))
			return false;
		t = d;
	}
	return true;
}

static bool dp_grouping(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out);

/* "schema"."name" of a source's own function (just "name" unqualified). */
static void
source_func_name(const fq_source_func *fn, fq_strbuf *out)
{
	if (fn->schema != NULL)
	{
		fq_strbuf_append_ident(out, fn->schema);
		fq_strbuf_appendc(out, '.');
	}
	fq_strbuf_append_ident(out, fn->name);
}

/* An untyped literal as the query wrote it: the source gives it a type as
 * PostgreSQL does the query's. */
static bool
untyped_literal(const fq_expr *e)
{
	return FQ_IS(e, FQ_N_EXPR_CONST) && e->type.id == FQ_T_UNKNOWN;
}

static void
dp_untyped(const fq_const *k, fq_strbuf *out)
{
	if (k->value.isnull)
		fq_strbuf_append(out, "NULL");
	else
		fq_strbuf_append_literal(out, k->value.v.s.ptr, k->value.v.s.len);
}

/* The type argument i goes to a source's own function as: its column's
 * type at the source, or fedq's type of it. */
static void
arg_type(const fq_source_func *fn, fq_expr *const *args, int i, fq_strbuf *out)
{
	if (fn->arg_types != NULL && fn->arg_types[i] != NULL)
		fq_strbuf_append(out, fn->arg_types[i]);
	else
		dp_type(&args[i]->type, out);
}

/* One argument of a source's function or operator, as it was described. */
static bool
dp_source_arg(deparser *dp, const dp_map *m, const fq_func_expr *f, int i, fq_strbuf *out)
{
	if (untyped_literal(f->args[i]))
	{
		dp_untyped((const fq_const *) f->args[i], out);
		return true;
	}
	fq_strbuf_append(out, "CAST(");
	if (!dp_expr(dp, m, f->args[i], out))
		return false;
	fq_strbuf_append(out, " AS ");
	arg_type(f->src, f->args, i, out);
	fq_strbuf_appendc(out, ')');
	return true;
}

/* An operator of the source's (a ~ b, a SIMILAR TO b ESCAPE c): boolean. */
static bool
dp_source_op(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out)
{
	fq_strbuf_appendc(out, '(');
	if (!dp_source_arg(dp, m, f, 0, out))
		return false;
	fq_strbuf_printf(out, " %s ", f->src->op);
	if (!dp_source_arg(dp, m, f, 1, out))
		return false;
	if (f->nargs == 3)
	{
		fq_strbuf_append(out, " ESCAPE ");
		if (!dp_source_arg(dp, m, f, 2, out))
			return false;
	}
	fq_strbuf_appendc(out, ')');
	return true;
}

/*
 * A source's own function (FQ_F_SOURCE): its name with each argument cast
 * to the type it was described with (fq_deparse_source_probe), so the
 * source picks the function it described; the result cast to fedq's type
 * of it (its text form for the types fedq reads as text).
 */
static bool
dp_source_call(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out)
{
	const fq_source_func *fn = f->src;

	if (fn->op != NULL)
		return dp_source_op(dp, m, f, out);
	fq_strbuf_append(out, "CAST(");
	if (fn->out_func != NULL)
		fq_strbuf_printf(out, "%s(", fn->out_func);
	source_func_name(fn, out);
	fq_strbuf_appendc(out, '(');
	for (int i = 0; i < f->nargs; i++)
	{
		if (i > 0)
			fq_strbuf_append(out, ", ");
		if (!dp_source_arg(dp, m, f, i, out))
			return false;
	}
	fq_strbuf_append(out, fn->out_func != NULL ? ")) AS " : ") AS ");
	dp_type(&f->e.type, out);
	fq_strbuf_appendc(out, ')');
	return true;
}

const char *
fq_deparse_source_probe(fq_arena *a, const fq_source_func *fn, fq_expr *const *args, int nargs)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	const char *s;
	int nparams = 0;

	if (fn->op == NULL)
	{
		source_func_name(fn, &b);
		fq_strbuf_appendc(&b, '(');
	}
	for (int i = 0; i < nargs; i++)
	{
		if (i > 0 && fn->op == NULL)
			fq_strbuf_append(&b, ", ");
		else if (i > 0)
			fq_strbuf_printf(&b, " %s ", i == 1 ? fn->op : "ESCAPE");
		if (untyped_literal(args[i]))
			dp_untyped((const fq_const *) args[i], &b);
		else
		{
			fq_strbuf_printf(&b, "$%d::", ++nparams);
			arg_type(fn, args, i, &b);
		}
	}
	if (fn->op == NULL)
		fq_strbuf_appendc(&b, ')');
	s = fq_strbuf_ok(&b) ? fq_arena_strdup(a, fq_strbuf_str(&b)) : NULL;
	fq_strbuf_free(&b);
	return s;
}

static bool
dp_func(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out)
{
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
			{
				bool collate = is_text(f->args[0]) && f->fn >= FQ_F_LT && f->fn <= FQ_F_GE;
				const fq_expr *x = fq_expr_strip_widening(f->args[0]);
				const fq_expr *y = fq_expr_strip_widening(f->args[1]);

				fq_strbuf_appendc(out, '(');
				if (!(collate ? dp_collated(dp, m, x, out) : dp_operand(dp, m, x, out)))
					return false;
				fq_strbuf_printf(out, " %s ", fq_func_name(f->fn));
				if (!(collate ? dp_collated(dp, m, y, out) : dp_operand(dp, m, y, out)))
					return false;
				fq_strbuf_appendc(out, ')');
				return true;
			}
		case FQ_F_ADD:
		case FQ_F_SUB:
		case FQ_F_MUL:
		case FQ_F_DIV:
		case FQ_F_MOD:
		case FQ_F_CONCAT:
			/* The result is cast to fedq's type, unless PostgreSQL's is
			 * the same for certain. */
			fq_strbuf_append(out, numeric_native(&f->e) ? "(" : "CAST((");
			if (!dp_operand(dp, m, f->args[0], out))
				return false;
			fq_strbuf_printf(out, " %s ", fq_func_name(f->fn));
			if (!dp_operand(dp, m, f->args[1], out))
				return false;
			fq_strbuf_appendc(out, ')');
			if (!numeric_native(&f->e))
			{
				fq_strbuf_append(out, " AS ");
				dp_type(&f->e.type, out);
				fq_strbuf_appendc(out, ')');
			}
			return true;
		case FQ_F_NEG:
			fq_strbuf_append(out, "(- ");
			if (!dp_expr(dp, m, f->args[0], out))
				return false;
			fq_strbuf_appendc(out, ')');
			return true;
		case FQ_F_LIKE:
		case FQ_F_NOT_LIKE:
		case FQ_F_ILIKE:
		case FQ_F_NOT_ILIKE:
			{
				bool ci = f->fn == FQ_F_ILIKE || f->fn == FQ_F_NOT_ILIKE;

				fq_strbuf_appendc(out, '(');
				if (!(ci ? dp_casemap_arg(dp, m, f->args[0], out) : dp_operand(dp, m, f->args[0], out)))
					return false;
				fq_strbuf_printf(out, " %s ", fq_func_name(f->fn));
				if (!(ci ? dp_casemap_arg(dp, m, f->args[1], out) : dp_operand(dp, m, f->args[1], out)))
					return false;
			}
			if (f->nargs == 3)
			{
				fq_strbuf_append(out, " ESCAPE ");
				if (!dp_expr(dp, m, f->args[2], out))
					return false;
			}
			fq_strbuf_appendc(out, ')');
			return true;
		case FQ_F_GREATEST:
		case FQ_F_LEAST:
			fq_strbuf_printf(out, "%s(", fq_func_name(f->fn));
			for (int i = 0; i < f->nargs; i++)
			{
				if (i > 0)
					fq_strbuf_append(out, ", ");
				if (!(is_text(f->args[i]) ? dp_collated(dp, m, f->args[i], out)
										  : dp_expr(dp, m, f->args[i], out)))
					return false;
			}
			fq_strbuf_appendc(out, ')');
			return true;
		case FQ_F_CURRENT_DATE:
		case FQ_F_CURRENT_TIMESTAMP:
			/* handled as constants by dp_expr */
			break;
		case FQ_F_CALL:
			return dp_call(dp, m, f, out);
		case FQ_F_GROUPING:
			return dp_grouping(dp, m, f, out);
		case FQ_F_SOURCE:
			return dp_source_call(dp, m, f, out);
		default:
			fq_strbuf_printf(out, "%s(", fq_func_name(f->fn));
			if (!dp_args(dp, m, f->args, f->nargs, out))
				return false;
			fq_strbuf_appendc(out, ')');
			return true;
	}
	fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot deparse function %s", fq_func_name(f->fn));
	dp->failed = true;
	return false;
}

/* Constant subexpressions holding parameters or the clock are evaluated
 * now and sent as literals. */
/* The text of an exec param an inlined subquery reads, or NULL. */
static const char *
param_text(const deparser *dp, const fq_expr *e)
{
	if (!FQ_IS(e, FQ_N_EXPR_PARAM) || !((const fq_param *) e)->exec)
		return NULL;
	for (const dp_param *p = dp->params; p != NULL; p = p->next)
		if (p->number == ((const fq_param *) e)->number)
			return p->text;
	return NULL;
}

static bool
mapped_param_walker(fq_expr *e, void *ctx)
{
	return param_text(ctx, e) != NULL || fq_expr_walk_children(e, mapped_param_walker, ctx);
}

static bool
needs_eval(const fq_expr *e)
{
	if (FQ_IS(e, FQ_N_EXPR_PARAM) || FQ_IS(e, FQ_N_EXPR_SUBPLAN))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && (((const fq_func_expr *) e)->fn == FQ_F_CURRENT_DATE ||
									 ((const fq_func_expr *) e)->fn == FQ_F_CURRENT_TIMESTAMP))
		return true;
	return false;
}

static bool
contains_eval_walker(fq_expr *e, void *ctx)
{
	return needs_eval(e) || fq_expr_walk_children(e, contains_eval_walker, ctx);
}

static bool
dp_expr(deparser *dp, const dp_map *m, const fq_expr *e, fq_strbuf *out)
{
	if (fq_stack_check(dp->d) < 0)
	{
		dp->failed = true;
		return false;
	}
	if (fq_expr_is_constant((fq_expr *) e) && contains_eval_walker((fq_expr *) e, NULL) &&
		!(dp->params != NULL && mapped_param_walker((fq_expr *) e, dp)))
	{
		if (dp->ctx == NULL)
		{
			/* EXPLAIN before execution: show the placeholder. */
			if (FQ_IS(e, FQ_N_EXPR_PARAM))
			{
				/* an exec param: the row's value each run sends */
				fq_strbuf_printf(out, ((const fq_param *) e)->exec ? "$x%d" : "$%d",
								 ((const fq_param *) e)->number);
				return true;
			}
			if (FQ_IS(e, FQ_N_EXPR_SUBPLAN))
			{
				fq_strbuf_printf(out, "(InitPlan %d)", ((const fq_subplan_expr *) e)->id + 1);
				return true;
			}
			if (needs_eval(e))
			{
				fq_strbuf_append(out, ((const fq_func_expr *) e)->fn == FQ_F_CURRENT_DATE
									  ? "CURRENT_DATE" : "CURRENT_TIMESTAMP");
				return true;
			}
		}
		else
		{
			fq_value v;

			if (fq_eval_const(dp->ctx, e, dp->a, &v) < 0)
			{
				dp->failed = true;
				return false;
			}
			dp_literal(&v, out);
			return true;
		}
	}
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
			{
				const fq_var *v = (const fq_var *) e;
				const char *text = map_lookup(m, v->rel, v->col);

				if (text == NULL)
				{
					fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0,
							 "deparse: column %s (%d.%d) is not available", v->name ? v->name : "?",
							 v->rel, v->col);
					dp->failed = true;
					return false;
				}
				fq_strbuf_append(out, text);
				return true;
			}
		case FQ_N_EXPR_CONST:
			dp_literal(&((const fq_const *) e)->value, out);
			return true;
		case FQ_N_EXPR_PARAM:
			if (param_text(dp, e) != NULL)
			{
				/* an outer column, in a subquery written inline */
				fq_strbuf_append(out, param_text(dp, e));
				return true;
			}
			fq_strbuf_printf(out, "$%d", ((const fq_param *) e)->number);
			return true;
		case FQ_N_EXPR_SUBLINK:
			return dp_sublink(dp, m, (const fq_sublink_expr *) e, out);
		case FQ_N_EXPR_FUNC:
			return dp_func(dp, m, (const fq_func_expr *) e, out);
		case FQ_N_EXPR_BOOL:
			{
				const fq_bool_expr *b = (const fq_bool_expr *) e;

				if (b->kind == FQ_BOOL_NOT)
				{
					fq_strbuf_append(out, "(NOT ");
					if (!dp_expr(dp, m, b->args[0], out))
						return false;
					fq_strbuf_appendc(out, ')');
					return true;
				}
				fq_strbuf_appendc(out, '(');
				for (int i = 0; i < b->nargs; i++)
				{
					const char *text = FQ_IS(b->args[i], FQ_N_EXPR_VAR)
						? map_lookup(m, ((const fq_var *) b->args[i])->rel,
									 ((const fq_var *) b->args[i])->col)
						: NULL;

					if (i > 0)
						fq_strbuf_append(out, b->kind == FQ_BOOL_AND ? " AND " : " OR ");
					/* PostgreSQL's grammar merges an AND (OR) standing
					 * first in another into it, so a column computed as
					 * (x OR y), a GROUP BY key, would be lost in
					 * ((x OR y) OR z) and the source find x ungrouped
					 * (42803, random seed 1193): a cast keeps it whole. */
					if (i == 0 && text != NULL && text[0] == '(')
					{
						fq_strbuf_printf(out, "CAST(%s AS boolean)", text);
						continue;
					}
					if (!dp_expr(dp, m, b->args[i], out))
						return false;
				}
				fq_strbuf_appendc(out, ')');
				return true;
			}
		case FQ_N_EXPR_CASE:
			{
				const fq_case_expr *c = (const fq_case_expr *) e;

				fq_strbuf_append(out, "(CASE");
				for (int i = 0; i < c->nwhens; i++)
				{
					fq_strbuf_append(out, " WHEN ");
					if (!dp_expr(dp, m, c->conds[i], out))
						return false;
					fq_strbuf_append(out, " THEN ");
					if (!dp_operand(dp, m, c->results[i], out))
						return false;
				}
				fq_strbuf_append(out, " ELSE ");
				if (!dp_operand(dp, m, c->else_expr, out))
					return false;
				fq_strbuf_append(out, " END)");
				return true;
			}
		case FQ_N_EXPR_CAST:
			{
				const fq_cast_expr *c = (const fq_cast_expr *) e;

				if (fq_cast_is_noop(c))
					return dp_expr(dp, m, c->arg, out);
				fq_strbuf_append(out, "CAST(");
				if (!dp_expr(dp, m, c->arg, out))
					return false;
				fq_strbuf_append(out, " AS ");
				dp_type(&e->type, out);
				fq_strbuf_appendc(out, ')');
				return true;
			}
		case FQ_N_EXPR_NULL_TEST:
			fq_strbuf_appendc(out, '(');
			if (!dp_expr(dp, m, ((const fq_null_test *) e)->arg, out))
				return false;
			fq_strbuf_append(out, ((const fq_null_test *) e)->is_not ? " IS NOT NULL)" : " IS NULL)");
			return true;
		case FQ_N_EXPR_IN:
			{
				const fq_in_expr *in = (const fq_in_expr *) e;

				fq_strbuf_appendc(out, '(');
				if (!dp_operand(dp, m, in->arg, out))
					return false;
				fq_strbuf_append(out, in->is_not ? " NOT IN (" : " IN (");
				if (!dp_args(dp, m, in->items, in->nitems, out))
					return false;
				fq_strbuf_append(out, "))");
				return true;
			}
		case FQ_N_EXPR_AGG:
			return dp_agg(dp, m, (const fq_agg_expr *) e, out);
		default:
			fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot deparse expression node %s",
					 fq_node_tag_name(FQ_TAG(e)));
			dp->failed = true;
			return false;
	}
}

static const char *
expr_text(deparser *dp, const dp_map *m, const fq_expr *e)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	if (!dp_expr(dp, m, e, &b))
	{
		fq_strbuf_free(&b);
		return NULL;
	}
	return dp_finish(dp, &b);
}

/* ---- Blocks ---- */

static void
append_list(fq_strbuf *b, const fq_list *l, const char *sep)
{
	for (int i = 0; i < fq_list_len(l); i++)
	{
		if (i > 0)
			fq_strbuf_append(b, sep);
		fq_strbuf_append(b, fq_list_nth(l, i));
	}
}

/*
 * An arm of a set operation (UNION [ALL], INTERSECT ALL, EXCEPT ALL, a
 * recursive CTE's terms): PostgreSQL combines the arms' collations column
 * by column as it does an operator's operands, so a text column carrying
 * COLLATE "C" takes the database's again, as dp_operand gives an operand
 * (LEAST(t, 'a') EXCEPT lower(t) was 42P21, random seed 1188).  Only the
 * select list changes: the arm's GROUP BY and ORDER BY are written
 * already.
 */
static bool
arm_collations(deparser *dp, dp_block *arm, const fq_plan *in)
{
	for (int i = 0; i < arm->map.n && i < in->nout; i++)
		if (fq_type_is_string(in->out[i].type.id) &&
			strstr(arm->map.texts[i], "COLLATE \"C\"") != NULL &&
			(arm->map.texts[i] = fq_arena_printf(dp->a, "(%s COLLATE \"default\")",
												 arm->map.texts[i])) == NULL)
			return dp_nomem(dp);
	return true;
}

/*
 * The block as a SELECT.  Output columns are the map's, each as `text` or,
 * with `types`, cast to the engine type the scan decodes; with `aliases`,
 * named c0, c1, ... for a wrapping query.
 */
static const char *
block_sql(deparser *dp, const dp_block *blk, const fq_plan_col *types, bool aliases)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append(&b, "SELECT ");
	if (blk->distinct_on != NULL)
	{
		fq_strbuf_append(&b, "DISTINCT ON (");
		append_list(&b, blk->distinct_on, ", ");
		fq_strbuf_append(&b, ") ");
		/* a select list it may not leave empty (count(*) over it reads
		 * no column): one nobody reads */
		if (blk->map.n == 0)
			fq_strbuf_append(&b, "NULL");
	}
	for (int i = 0; i < blk->map.n; i++)
	{
		const char *text = blk->map.texts[i];

		if (i > 0)
			fq_strbuf_append(&b, ", ");
		if (types != NULL && !blk->map.plain[i])
		{
			fq_strbuf_append(&b, "CAST(");
			fq_strbuf_append(&b, text);
			fq_strbuf_append(&b, " AS ");
			dp_type(&types[i].type, &b);
			fq_strbuf_appendc(&b, ')');
		}
		else
			fq_strbuf_append(&b, text);
		if (aliases)
			fq_strbuf_printf(&b, " AS c%d", i);
	}
	if (blk->from != NULL)
	{
		fq_strbuf_append(&b, " FROM ");
		fq_strbuf_append(&b, blk->from);
	}
	if (blk->where != NULL)
	{
		fq_strbuf_append(&b, " WHERE ");
		append_list(&b, blk->where, " AND ");
	}
	if (blk->group != NULL)
	{
		fq_strbuf_append(&b, " GROUP BY ");
		append_list(&b, blk->group, ", ");
	}
	if (blk->having != NULL)
	{
		fq_strbuf_append(&b, " HAVING ");
		append_list(&b, blk->having, " AND ");
	}
	if (blk->order != NULL)
	{
		fq_strbuf_append(&b, " ORDER BY ");
		append_list(&b, blk->order, ", ");
	}
	if (blk->limit != NULL)
		fq_strbuf_printf(&b, " LIMIT %s", blk->limit);
	if (blk->offset != NULL)
		fq_strbuf_printf(&b, " OFFSET %s", blk->offset);
	return dp_finish(dp, &b);
}

/* Turns blk into a subquery in FROM of a fresh block. */
static bool
wrap(deparser *dp, dp_block *blk)
{
	const char *inner = block_sql(dp, blk, NULL, true);
	dp_map m;
	int sub = ++dp->nsub;
	fq_strbuf b = FQ_STRBUF_INIT;

	if (inner == NULL || !map_init(dp, &m, blk->map.n))
		return false;
	for (int i = 0; i < blk->map.n; i++)
	{
		m.rels[i] = blk->map.rels[i];
		m.cols[i] = blk->map.cols[i];
		m.texts[i] = fq_arena_printf(dp->a, "s%d.c%d", sub, i);
		m.plain[i] = blk->map.plain[i];
		if (m.texts[i] == NULL)
			return dp_nomem(dp);
	}
	fq_strbuf_printf(&b, "(%s) s%d", inner, sub);
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	return blk->from != NULL;
}

/* Before an operator reads blk's map where a source's own function could
 * be evaluated again (see dp_block.calls_source). */
static bool
read_once(deparser *dp, dp_block *blk)
{
	return !blk->calls_source || wrap(dp, blk);
}

static bool
reads_rel_walker(fq_expr *e, void *arg)
{
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		return ((const fq_var *) e)->rel == *(const int *) arg;
	return fq_expr_walk_children(e, reads_rel_walker, arg);
}

/*
 * After an aggregate without GROUP BY, a Project that reads none of its
 * values (they were pruned: nobody reads them) would make the block a
 * plain SELECT, one row per input row: the aggregate stays, in a subquery.
 */
static bool
keep_one_group(deparser *dp, dp_block *blk, const fq_plan_project *pr)
{
	if (!blk->one_group || blk->having != NULL)
		return true;
	for (int i = 0; i < pr->nexprs; i++)
		if (reads_rel_walker(pr->exprs[i], &blk->agg_rel))
			return true;
	return wrap(dp, blk);
}

/* Whether a Project only passes columns on, each once. */
static bool
passes_columns(const fq_plan_project *pr)
{
	for (int i = 0; i < pr->nexprs; i++)
	{
		if (!FQ_IS(pr->exprs[i], FQ_N_EXPR_VAR))
			return false;
		for (int k = 0; k < i; k++)
			if (fq_expr_equal(pr->exprs[i], pr->exprs[k]))
				return false;
	}
	return true;
}

/*
 * A GROUP BY or ORDER BY key as the source must read it: PostgreSQL takes
 * a bare integer there for a select-list position and refuses any other
 * bare literal, so a key that deparsed as one (a constant output column,
 * say) goes in a cast, which groups and sorts by its value.
 */
static const char *
sort_key_text(deparser *dp, const char *text, const fq_type *t)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	bool digit = false;

	if (text == NULL)
		return NULL;
	/* a number, its signs and parentheses: "7", "(- 0)", "(-1.5)" (PostgreSQL
	 * folds a minus into the constant) */
	for (const char *p = text; *p != '\0'; p++)
	{
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (strchr("-+.() ", *p) == NULL)
		{
			digit = false;
			break;
		}
	}
	if (!digit && strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
		return text;
	fq_strbuf_printf(&b, "CAST(%s AS ", text);
	dp_type(t, &b);
	fq_strbuf_appendc(&b, ')');
	return dp_finish(dp, &b);
}

/* An ORDER BY (or DISTINCT ON) key: text in the "C" collation. */
static const char *
sort_expr_text(deparser *dp, const dp_map *m, const fq_expr *k)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	if (is_text(k) ? !dp_collated(dp, m, k, &b) : !dp_expr(dp, m, k, &b))
	{
		fq_strbuf_free(&b);
		return NULL;
	}
	return sort_key_text(dp, dp_finish(dp, &b), &k->type);
}

static bool
push_text(deparser *dp, fq_list **l, const char *text)
{
	if (text == NULL)
		return false;
	if ((*l = fq_lappend(dp->a, *l, (void *) text)) == NULL)
		return dp_nomem(dp);
	return true;
}

/* Splits AND chains so each conjunct can go where it belongs. */
static bool
push_conjuncts(deparser *dp, const dp_map *m, fq_list **l, const fq_expr *pred)
{
	if (fq_stack_check(dp->d) < 0)
	{
		dp->failed = true;
		return false;
	}
	if (FQ_IS(pred, FQ_N_EXPR_BOOL) && ((const fq_bool_expr *) pred)->kind == FQ_BOOL_AND)
	{
		const fq_bool_expr *b = (const fq_bool_expr *) pred;

		for (int i = 0; i < b->nargs; i++)
			if (!push_conjuncts(dp, m, l, b->args[i]))
				return false;
		return true;
	}
	return push_text(dp, l, expr_text(dp, m, pred));
}

static bool dp_block_of(deparser *dp, const fq_plan *p, dp_block *blk);
static bool map_outputs(deparser *dp, dp_block *blk, const fq_plan *plan);

static bool
block_scan(deparser *dp, const fq_plan_scan *s, dp_block *blk)
{
	const fq_rte *rte = s->rte;
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append_ident(&b, rte->remote_schema);
	fq_strbuf_appendc(&b, '.');
	fq_strbuf_append_ident(&b, rte->table);
	fq_strbuf_printf(&b, " r%d", rte->rel);
	memset(blk, 0, sizeof(*blk));
	if ((blk->from = dp_finish(dp, &b)) == NULL || !map_init(dp, &blk->map, s->p.nout))
		return false;
	for (int i = 0; i < s->p.nout; i++)
	{
		const fq_pg_column *c = &rte->meta->cols[s->p.out[i].col];
		fq_strbuf t = FQ_STRBUF_INIT;

		/*
		 * Types fedq reads as text are compared and sorted as text too.  The
		 * text is the type's output form; inet and cidr have a cast to text
		 * that differs from it ('::1'::inet::text is '::1/128'), so they go
		 * through their output function.
		 */
		if (c->text_cast && c->source_type != NULL &&
			(strcmp(c->source_type, "inet") == 0 || strcmp(c->source_type, "cidr") == 0))
		{
			fq_strbuf_printf(&t, "%s_out(r%d.", c->source_type, rte->rel);
			fq_strbuf_append_ident(&t, c->name);
			fq_strbuf_append(&t, ")::text");
		}
		else
		{
			fq_strbuf_printf(&t, "r%d.", rte->rel);
			fq_strbuf_append_ident(&t, c->name);
			if (c->text_cast)
				fq_strbuf_append(&t, "::text");
		}
		blk->map.rels[i] = s->p.out[i].rel;
		blk->map.cols[i] = s->p.out[i].col;
		blk->map.plain[i] = true;
		if ((blk->map.texts[i] = dp_finish(dp, &t)) == NULL)
			return false;
	}
	return true;
}

/*
 * An external input shipped into a warehouse temporary table (ship.c):
 * the table's columns c0, c1, ... hold its outputs in order, already of
 * their engine types.
 */
static bool
block_shipped(deparser *dp, const fq_plan_shipped *s, dp_block *blk)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append(&b, "pg_temp.");
	fq_strbuf_append_ident(&b, s->table);
	fq_strbuf_printf(&b, " fq_s%d", s->id);
	memset(blk, 0, sizeof(*blk));
	if ((blk->from = dp_finish(dp, &b)) == NULL || !map_init(dp, &blk->map, s->p.nout))
		return false;
	for (int i = 0; i < s->p.nout; i++)
	{
		fq_strbuf t = FQ_STRBUF_INIT;

		fq_strbuf_printf(&t, "fq_s%d.c%d", s->id, i);
		blk->map.rels[i] = s->p.out[i].rel;
		blk->map.cols[i] = s->p.out[i].col;
		blk->map.plain[i] = true;
		if ((blk->map.texts[i] = dp_finish(dp, &t)) == NULL)
			return false;
	}
	return true;
}

typedef struct in_map_ctx
{
	const dp_map *m;
	bool missing;
} in_map_ctx;

static bool
in_map_walker(fq_expr *e, void *arg)
{
	in_map_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR) && map_find(c->m, ((fq_var *) e)->rel, ((fq_var *) e)->col) < 0)
		c->missing = true;
	return c->missing || fq_expr_walk_children(e, in_map_walker, arg);
}

/* True if every column e reads is in m. */
static bool
reads_map(const dp_map *m, const fq_expr *e)
{
	in_map_ctx c = {m, false};

	in_map_walker((fq_expr *) e, &c);
	return !c.missing;
}

/*
 * EXISTS / IN / NOT EXISTS / NOT IN: the left block filtered by
 * [NOT] EXISTS (SELECT 1 FROM (right) sN WHERE cond); a null-aware anti
 * join (NOT IN) keeps its NULL semantics as x NOT IN (SELECT y FROM ...).
 */
static bool
block_semi(deparser *dp, const fq_plan_join *j, dp_block *l, dp_block *r, dp_block *blk)
{
	dp_map both;
	fq_strbuf b = FQ_STRBUF_INIT;

	if ((l->grouped || l->order || l->limit || l->offset || l->windowed || l->calls_source) &&
		!wrap(dp, l))
		return false;
	if (!wrap(dp, r) || !map_init(dp, &both, l->map.n + r->map.n))
		return false;
	for (int i = 0; i < l->map.n; i++)
	{
		both.rels[i] = l->map.rels[i];
		both.cols[i] = l->map.cols[i];
		both.texts[i] = l->map.texts[i];
	}
	for (int i = 0; i < r->map.n; i++)
	{
		both.rels[l->map.n + i] = r->map.rels[i];
		both.cols[l->map.n + i] = r->map.cols[i];
		both.texts[l->map.n + i] = r->map.texts[i];
	}
	if (j->null_aware)
	{
		const fq_func_expr *eq = (const fq_func_expr *) j->cond;
		int rside;
		const char *x;
		const char *y;

		if (!FQ_IS(j->cond, FQ_N_EXPR_FUNC) || eq->fn != FQ_F_EQ)
		{
			fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "NOT IN without its equality");
			dp->failed = true;
			return false;
		}
		/* the operand that reads the outer side is x, the other y */
		rside = reads_map(&l->map, eq->args[0]) ? 1 : 0;
		x = expr_text(dp, &both, eq->args[1 - rside]);
		y = expr_text(dp, &both, eq->args[rside]);
		if (x == NULL || y == NULL)
			return false;
		fq_strbuf_printf(&b, "(%s NOT IN (SELECT %s FROM %s))", x, y, r->from);
	}
	else
	{
		const char *cond = j->cond != NULL ? expr_text(dp, &both, j->cond) : "true";

		if (cond == NULL)
			return false;
		fq_strbuf_printf(&b, "(%sEXISTS (SELECT 1 FROM %s WHERE %s))",
						 j->type == FQ_JOIN_ANTI ? "NOT " : "", r->from, cond);
	}
	*blk = *l;
	return push_text(dp, &blk->where, dp_finish(dp, &b));
}

/*
 * A correlated aggregate subquery, decorrelated into a LEFT JOIN with its
 * rows grouped by the correlation keys, goes back to being correlated
 * when its source runs it: the join's key equalities join the grouped
 * side's WHERE (before it is wrapped) and the join becomes LATERAL, so the
 * source computes each outer row's group through its indexes instead of
 * every group.
 */
static bool
correlate(deparser *dp, const fq_plan_join *j, const dp_block *l, dp_block *r)
{
	dp_map both;
	fq_list *conds = NULL;
	const fq_expr *c;

	if (!map_init(dp, &both, l->map.n + r->map.n))
		return false;
	for (int i = 0; i < l->map.n + r->map.n; i++)
	{
		const dp_map *from = i < l->map.n ? &l->map : &r->map;
		int k = i < l->map.n ? i : i - l->map.n;

		both.rels[i] = from->rels[k];
		both.cols[i] = from->cols[k];
		both.texts[i] = from->texts[k];
		both.plain[i] = from->plain[k];
	}
	if (!fq_expr_conjuncts(dp->a, j->cond, &conds))
		return dp_nomem(dp);
	FQ_LIST_FOREACH(c, conds)
		if (!push_text(dp, &r->where, expr_text(dp, &both, c)))
			return false;
	return true;
}

/* Whether a map text is a column of a relation in FROM (rN."name" of a
 * scan, sN.cK of a subquery), not a value computed from some. */
static bool
column_text(const char *t)
{
	const char *p = t;

	if (*p != 'r' && *p != 's')
		return false;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	if (p == t + 1 || *p++ != '.')
		return false;
	if (*p == 'c')
	{
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		return *p == '\0' && p[-1] != 'c';
	}
	if (*p++ != '"')
		return false;
	for (; *p != '\0'; p++)
		if (*p == '"' && *++p != '"')
			return *p == '\0';
	return false;
}

/* Whether a side of a join writes a binding as a computed value. */
static bool
computes(const dp_block *b)
{
	for (int i = 0; i < b->map.n; i++)
		if (!column_text(b->map.texts[i]))
			return true;
	return false;
}

static bool
block_join(deparser *dp, const fq_plan_join *j, dp_block *blk)
{
	dp_block l;
	dp_block r;
	dp_map m;
	fq_strbuf b = FQ_STRBUF_INIT;
	static const char *const kw[] = {
		[FQ_JOIN_INNER] = "JOIN", [FQ_JOIN_LEFT] = "LEFT JOIN", [FQ_JOIN_RIGHT] = "RIGHT JOIN",
		[FQ_JOIN_FULL] = "FULL JOIN", [FQ_JOIN_CROSS] = "CROSS JOIN",
	};
	bool left_where_ok = j->type == FQ_JOIN_INNER || j->type == FQ_JOIN_CROSS ||
		j->type == FQ_JOIN_LEFT;
	bool right_where_ok = j->type == FQ_JOIN_INNER || j->type == FQ_JOIN_CROSS ||
		j->type == FQ_JOIN_RIGHT;
	bool lateral;

	if (!dp_block_of(dp, j->p.left, &l) || !dp_block_of(dp, j->p.right, &r))
		return false;
	if (j->type == FQ_JOIN_SEMI || j->type == FQ_JOIN_ANTI)
		return block_semi(dp, j, &l, &r, blk);
	/* A side with grouping, ordering or limits, or WHERE conditions the
	 * join type would change the meaning of, becomes a subquery. */
	/* A windowed side too: its windows see its own rows, not the join's. */
	if ((l.grouped || l.order || l.limit || l.offset || l.windowed || l.calls_source ||
		 (l.where && !left_where_ok)) &&
		!wrap(dp, &l))
		return false;
	/* A side the join fills with NULLs where it has no match: a value it
	 * computes (a constant, COALESCE, x IS NULL) written above the join
	 * would not be NULL there, so that side becomes a subquery. */
	if ((j->type == FQ_JOIN_RIGHT || j->type == FQ_JOIN_FULL) && computes(&l) && !wrap(dp, &l))
		return false;
	lateral = j->lateral && j->type == FQ_JOIN_LEFT && r.grouped && !r.limit && !r.offset &&
		!r.windowed && !r.calls_source;
	if (lateral && !correlate(dp, j, &l, &r))
		return false;
	if ((r.grouped || r.order || r.limit || r.offset || r.windowed || r.calls_source ||
		 (r.where && !right_where_ok)) &&
		!wrap(dp, &r))
		return false;
	if ((j->type == FQ_JOIN_LEFT || j->type == FQ_JOIN_FULL) && !lateral && computes(&r) &&
		!wrap(dp, &r))
		return false;
	if (!map_init(dp, &m, l.map.n + r.map.n))
		return false;
	for (int i = 0; i < l.map.n; i++)
	{
		m.rels[i] = l.map.rels[i];
		m.cols[i] = l.map.cols[i];
		m.texts[i] = l.map.texts[i];
		m.plain[i] = l.map.plain[i];
	}
	for (int i = 0; i < r.map.n; i++)
	{
		m.rels[l.map.n + i] = r.map.rels[i];
		m.cols[l.map.n + i] = r.map.cols[i];
		m.texts[l.map.n + i] = r.map.texts[i];
		m.plain[l.map.n + i] = r.map.plain[i];
	}
	fq_strbuf_printf(&b, "(%s %s%s %s", l.from, kw[j->type], lateral ? " LATERAL" : "", r.from);
	if (j->type != FQ_JOIN_CROSS)
	{
		const char *cond = j->cond ? expr_text(dp, &m, j->cond) : "true";

		if (cond == NULL)
		{
			fq_strbuf_free(&b);
			return false;
		}
		fq_strbuf_printf(&b, " ON %s", cond);
	}
	fq_strbuf_appendc(&b, ')');
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	blk->where = fq_list_concat(dp->a, fq_list_copy(dp->a, l.where), r.where);
	if ((l.where || r.where) && blk->where == NULL)
		return dp_nomem(dp);
	return blk->from != NULL;
}

/*
 * A LATERAL subquery joined to the rows before it (fq_plan_apply), all at
 * one source: (left [LEFT] JOIN LATERAL (subquery) sN ON cond), the
 * subquery's exec params written as the left columns they stand for.
 */
static bool
block_apply(deparser *dp, const fq_plan_apply *ap, dp_block *blk)
{
	const dp_param *saved = dp->params;
	dp_param *params = NULL;
	dp_block l;
	dp_block r;
	dp_map m;
	fq_strbuf b = FQ_STRBUF_INIT;
	const char *cond;

	if (!dp_block_of(dp, ap->p.left, &l))
		return false;
	if ((l.grouped || l.order || l.limit || l.offset || l.windowed || l.calls_source) &&
		!wrap(dp, &l))
		return false;
	if (ap->nargs > 0 && (params = FQ_NEW_ARRAY(dp->a, dp_param, ap->nargs)) == NULL)
		return dp_nomem(dp);
	for (int i = 0; i < ap->nargs; i++)
	{
		params[i].number = ap->params[i];
		params[i].next = i + 1 < ap->nargs ? &params[i + 1] : saved;
		if ((params[i].text = expr_text(dp, &l.map, ap->args[i])) == NULL)
			return false;
	}
	if (params != NULL)
		dp->params = params;
	if (!dp_block_of(dp, ap->p.right, &r) || !map_outputs(dp, &r, ap->p.right) || !wrap(dp, &r))
	{
		dp->params = saved;
		return false;
	}
	dp->params = saved;
	if (!map_init(dp, &m, l.map.n + r.map.n))
		return false;
	for (int i = 0; i < l.map.n + r.map.n; i++)
	{
		const dp_map *from = i < l.map.n ? &l.map : &r.map;
		int k = i < l.map.n ? i : i - l.map.n;

		m.rels[i] = from->rels[k];
		m.cols[i] = from->cols[k];
		m.texts[i] = from->texts[k];
		m.plain[i] = from->plain[k];
	}
	cond = ap->cond != NULL ? expr_text(dp, &m, ap->cond) : "true";
	if (cond == NULL)
		return false;
	fq_strbuf_printf(&b, "(%s %s LATERAL %s ON %s)", l.from,
					 ap->type == FQ_JOIN_LEFT ? "LEFT JOIN" : "JOIN", r.from, cond);
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	blk->where = l.where;
	return blk->from != NULL;
}

/*
 * A recursive CTE whose tables are all at one source:
 * (WITH RECURSIVE wN(c0, ...) AS (non-recursive UNION [ALL] recursive)
 * SELECT c0, ... FROM wN) sM, its WorkTable scan reading wN -- each term's
 * columns cast to the CTE's types, which the source then checks as
 * PostgreSQL does.
 */
static bool
block_recursive(deparser *dp, const fq_plan_recursive *ru, dp_block *blk)
{
	dp_block l;
	dp_block r;
	const char *lsql;
	const char *rsql;
	fq_strbuf b = FQ_STRBUF_INIT;
	dp_map m;
	int sub;

	/* The terms keep every column (prune), which the CTE's own types are:
	 * what its parent reads of them may be fewer. */
	const fq_plan_col *types = ru->p.left->out;
	int width = ru->p.left->nout;

	if (!dp_block_of(dp, ru->p.left, &l) || !map_outputs(dp, &l, ru->p.left) ||
		!dp_block_of(dp, ru->p.right, &r) || !map_outputs(dp, &r, ru->p.right))
		return false;
	/* Every column cast, a plain one too (varchar(10) read as text): the
	 * source types the CTE by its terms' columns, as fedq did; not again
	 * what is deparsed as a cast already. */
	for (int i = 0; i < l.map.n; i++)
		l.map.plain[i] = strncmp(l.map.texts[i], "CAST(", 5) == 0;
	for (int i = 0; i < r.map.n; i++)
		r.map.plain[i] = strncmp(r.map.texts[i], "CAST(", 5) == 0;
	if (!arm_collations(dp, &l, ru->p.left) || !arm_collations(dp, &r, ru->p.right))
		return false;
	if ((lsql = block_sql(dp, &l, types, false)) == NULL ||
		(rsql = block_sql(dp, &r, types, false)) == NULL)
		return false;
	sub = ++dp->nsub;
	fq_strbuf_printf(&b, "(WITH RECURSIVE w%d(", ru->id);
	for (int i = 0; i < width; i++)
		fq_strbuf_printf(&b, i > 0 ? ", c%d" : "c%d", i);
	fq_strbuf_printf(&b, ") AS ((%s) UNION %s(%s)) SELECT ", lsql, ru->all ? "ALL " : "", rsql);
	for (int i = 0; i < ru->p.nout; i++)
		fq_strbuf_printf(&b, i > 0 ? ", c%d" : "c%d", ru->p.out[i].col);
	if (ru->p.nout == 0)
		fq_strbuf_append(&b, "NULL");
	fq_strbuf_printf(&b, " FROM w%d) s%d", ru->id, sub);
	if (!map_columns(dp, &m, &ru->p, fq_arena_printf(dp->a, "s%d", sub), NULL, false))
		return false;
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	return blk->from != NULL;
}

/* generate_series(...) in FROM, inside a source's statement. */
static bool
block_funcscan(deparser *dp, const fq_plan_funcscan *fs, dp_block *blk)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	dp_map m;
	dp_map none;
	int sub = ++dp->nsub;

	if (!map_init(dp, &none, 0))
		return false;
	fq_strbuf_printf(&b, "pg_catalog.%s(", fs->name);
	for (int i = 0; i < fs->nargs; i++)
	{
		const char *arg = expr_text(dp, &none, fs->args[i]);

		if (arg == NULL)
		{
			fq_strbuf_free(&b);
			return false;
		}
		fq_strbuf_append(&b, i > 0 ? ", CAST(" : "CAST(");
		fq_strbuf_append(&b, arg);
		fq_strbuf_append(&b, " AS ");
		dp_type(&fs->args[i]->type, &b);
		fq_strbuf_appendc(&b, ')');
	}
	fq_strbuf_printf(&b, ") s%d(c0)", sub);
	if (!map_columns(dp, &m, &fs->p, fq_arena_printf(dp->a, "s%d", sub), NULL, true))
	{
		fq_strbuf_free(&b);
		return false;
	}
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	return blk->from != NULL;
}

/* The previous step's rows of a recursive CTE sent whole: its wN. */
static bool
block_worktable(deparser *dp, const fq_plan_worktable *w, dp_block *blk)
{
	dp_map m;

	if (!map_columns(dp, &m, &w->p, fq_arena_printf(dp->a, "w%d", w->id), NULL, false))
		return false;
	memset(blk, 0, sizeof(*blk));
	if ((blk->from = fq_arena_printf(dp->a, "w%d", w->id)) == NULL)
		return dp_nomem(dp);
	blk->map = m;
	return true;
}

/* A CTE computed once, read from the statement's WITH clause: q<id>, its
 * columns c0, c1, ... (with_ctes writes the clause). */
static bool
block_ctescan(deparser *dp, const fq_plan_ctescan *cs, dp_block *blk)
{
	dp_map m;
	int ref = ++dp->ncte_refs;
	int known = -1;

	for (int i = 0; i < dp->nctes; i++)
		if (dp->ctes[i]->id == cs->id)
			known = i;
	if (known < 0)
	{
		if (dp->nctes == (int) (sizeof(dp->ctes) / sizeof(dp->ctes[0])))
		{
			fq_raise(dp->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
					 "a remote query would read more than %d CTEs", dp->nctes);
			fq_diag_hint(dp->d, "Read fewer CTEs in one statement, or join some of them "
								"in one WITH query.");
			dp->failed = true;
			return false;
		}
		known = dp->nctes;
		dp->ctes[dp->nctes++] = cs;
	}
	if (dp->cur_cte >= 0)
		dp->reads[dp->cur_cte][known] = true;
	if (!map_columns(dp, &m, &cs->p, fq_arena_printf(dp->a, "q%d_%d", cs->id, ref), cs->cols,
					 false))
		return false;
	memset(blk, 0, sizeof(*blk));
	if ((blk->from = fq_arena_printf(dp->a, "q%d q%d_%d", cs->id, cs->id, ref)) == NULL)
		return dp_nomem(dp);
	blk->map = m;
	return true;
}

/* Appends CTE i of the WITH clause after the ones its SQL reads. */
static void
with_one(deparser *dp, fq_strbuf *b, const char *const *texts, bool *done, int i)
{
	const fq_plan_ctescan *cs = dp->ctes[i];

	if (done[i] || fq_stack_too_deep())
		return;
	done[i] = true;
	for (int k = 0; k < dp->nctes; k++)
		if (dp->reads[i][k])
			with_one(dp, b, texts, done, k);
	fq_strbuf_printf(b, "%sq%d(", b->len > 5 ? ", " : "", cs->id);
	for (int k = 0; k < (*cs->cte)->nout; k++)
		fq_strbuf_printf(b, "%sc%d", k > 0 ? ", " : "", k);
	fq_strbuf_printf(b, ") AS (%s)", texts[i]);
}

/*
 * WITH q<id>(c0, ...) AS (the CTE's SQL), ... in front of sql, for the
 * CTEs it reads (a CTE's own SQL may read others: they come first).  No
 * MATERIALIZED: PostgreSQL computes a CTE read twice once anyway, one
 * read once is better inlined, and servers before 12 refuse the word.
 */
static const char *
with_ctes(deparser *dp, const char *sql)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	const char *texts[16];
	bool done[16] = {false};

	if (dp->nctes == 0 || sql == NULL)
		return sql;
	/* each CTE's SQL, which may add the CTEs it reads to the list */
	for (int n = 0; n < dp->nctes; n++)
	{
		const fq_plan_remote *r = (const fq_plan_remote *) *dp->ctes[n]->cte;
		dp_block blk;
		bool ok;

		dp->cur_cte = n;
		ok = dp_block_of(dp, r->pushed, &blk) && map_outputs(dp, &blk, r->pushed) &&
			(texts[n] = block_sql(dp, &blk, r->pushed->out, false)) != NULL;
		dp->cur_cte = -1;
		if (!ok)
			return NULL;
	}
	fq_strbuf_append(&b, "WITH ");
	for (int i = 0; i < dp->nctes; i++)
		with_one(dp, &b, texts, done, i);
	fq_strbuf_appendc(&b, ' ');
	fq_strbuf_append(&b, sql);
	return dp_finish(dp, &b);
}

/* Reorders blk's map to plan's outputs (the columns a SELECT of the block
 * returns, in order); false and an error if one is missing. */
static bool
map_outputs(deparser *dp, dp_block *blk, const fq_plan *plan)
{
	dp_map m;

	if (!map_init(dp, &m, plan->nout))
		return false;
	for (int i = 0; i < plan->nout; i++)
	{
		int k = map_find(&blk->map, plan->out[i].rel, plan->out[i].col);

		if (k < 0)
		{
			fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: output %d is not available", i);
			dp->failed = true;
			return false;
		}
		m.rels[i] = plan->out[i].rel;
		m.cols[i] = plan->out[i].col;
		m.texts[i] = blk->map.texts[k];
		m.plain[i] = blk->map.plain[k];
	}
	blk->map = m;
	return true;
}

/*
 * UNION ALL: `((SELECT ...) UNION ALL (SELECT ...) UNION ALL ...) sN`, one
 * flat list however many inputs, each input's columns in the Append's
 * order and cast to its types, so the source's own rules for a union's
 * column types never come into it.
 */
static bool
block_append(deparser *dp, const fq_plan_append *ap, dp_block *blk)
{
	const fq_plan *p = &ap->p;
	int sub;
	dp_map m;
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append(&b, "(");
	for (int k = 0; k < ap->ninputs; k++)
	{
		const fq_plan *in = ap->inputs[k];
		const char *arm;
		dp_block ib;

		if (in->nout != p->nout)
		{
			fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0,
					 "deparse: an Append input has %d columns, not %d", in->nout, p->nout);
			dp->failed = true;
			fq_strbuf_free(&b);
			return false;
		}
		if (!dp_block_of(dp, in, &ib) || !map_outputs(dp, &ib, in))
		{
			fq_strbuf_free(&b);
			return false;
		}
		for (int i = 0; i < in->nout; i++)
			ib.map.plain[i] = ib.map.plain[i] && fq_type_equal(&in->out[i].type, &p->out[i].type);
		if (!arm_collations(dp, &ib, in) || (arm = block_sql(dp, &ib, p->out, true)) == NULL)
		{
			fq_strbuf_free(&b);
			return false;
		}
		fq_strbuf_append(&b, k > 0 ? " UNION ALL (" : "(");
		fq_strbuf_append(&b, arm);
		fq_strbuf_appendc(&b, ')');
	}
	sub = ++dp->nsub;
	if (!map_columns(dp, &m, p, fq_arena_printf(dp->a, "s%d", sub), NULL, true))
	{
		fq_strbuf_free(&b);
		return false;
	}
	fq_strbuf_printf(&b, ") s%d", sub);
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	return blk->from != NULL;
}

/*
 * A VALUES list: `(VALUES (v, ...), ...) sN(c0, ...)`, every value
 * written with its type (a literal's own cast, CAST() around anything
 * else), so the source's columns are fedq's types.
 */
static bool
block_values(deparser *dp, const fq_plan_values *v, dp_block *blk)
{
	const fq_plan *p = &v->p;
	int sub = ++dp->nsub;
	fq_strbuf b = FQ_STRBUF_INIT;

	memset(blk, 0, sizeof(*blk));
	if (v->sysview != NULL || p->nout == 0 || v->nrows == 0)
	{
		fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: Values without a VALUES list");
		dp->failed = true;
		return false;
	}
	fq_strbuf_append(&b, "(VALUES ");
	for (int r = 0; r < v->nrows; r++)
	{
		fq_strbuf_append(&b, r > 0 ? ", (" : "(");
		for (int c = 0; c < p->nout; c++)
		{
			const fq_expr *e = v->rows[r][c];
			bool cast = !FQ_IS(e, FQ_N_EXPR_CONST);

			if (c > 0)
				fq_strbuf_append(&b, ", ");
			if (cast)
				fq_strbuf_append(&b, "CAST(");
			if (!dp_expr(dp, &blk->map, e, &b))
			{
				fq_strbuf_free(&b);
				return false;
			}
			if (cast)
			{
				fq_strbuf_append(&b, " AS ");
				dp_type(&e->type, &b);
				fq_strbuf_appendc(&b, ')');
			}
		}
		fq_strbuf_appendc(&b, ')');
	}
	fq_strbuf_printf(&b, ") s%d(", sub);
	for (int c = 0; c < p->nout; c++)
		fq_strbuf_printf(&b, "%sc%d", c > 0 ? ", " : "", c);
	fq_strbuf_appendc(&b, ')');
	if ((blk->from = dp_finish(dp, &b)) == NULL || !map_init(dp, &blk->map, p->nout))
		return false;
	for (int c = 0; c < p->nout; c++)
	{
		blk->map.rels[c] = p->out[c].rel;
		blk->map.cols[c] = p->out[c].col;
		blk->map.plain[c] = true;
		if ((blk->map.texts[c] = fq_arena_printf(dp->a, "s%d.c%d", sub, c)) == NULL)
			return dp_nomem(dp);
	}
	return true;
}

/*
 * DISTINCT ON over the Sort below it: that Sort's block, its first keys'
 * texts (as its ORDER BY writes them, which PostgreSQL requires of
 * DISTINCT ON's expressions) as DISTINCT ON.
 */
static bool
block_unique(deparser *dp, const fq_plan_unique *u, dp_block *blk)
{
	const fq_plan_sort *s = (const fq_plan_sort *) u->p.left;

	if (!FQ_IS(u->p.left, FQ_N_PLAN_SORT) || s->nkeys < u->nkeys)
	{
		fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: DISTINCT ON without its sort");
		dp->failed = true;
		return false;
	}
	for (int i = 0; i < u->nkeys; i++)
		if (!fq_expr_equal(u->keys[i], s->keys[i].expr))
		{
			fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0,
					 "deparse: DISTINCT ON keys are not its sort's first keys");
			dp->failed = true;
			return false;
		}
	if (!dp_block_of(dp, u->p.left, blk))
		return false;
	for (int i = 0; i < u->nkeys; i++)
		if (!push_text(dp, &blk->distinct_on, sort_expr_text(dp, &blk->map, u->keys[i])))
			return false;
	return true;
}

/*
 * INTERSECT ALL, EXCEPT ALL: `((SELECT ...) INTERSECT ALL (SELECT ...))
 * sN`, each input's columns in order and cast to its types, as
 * block_append writes a union's inputs.  Output (rel, i) is column i.
 */
static bool
block_setop(deparser *dp, const fq_plan_setop *so, dp_block *blk)
{
	const fq_plan *p = &so->p;
	int sub;
	int ncols = p->left->nout;
	dp_map m;
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append(&b, "(");
	for (int k = 0; k < 2; k++)
	{
		const fq_plan *in = k == 0 ? p->left : p->right;
		const char *arm;
		dp_block ib;

		if (in->nout != ncols || !dp_block_of(dp, in, &ib) || !map_outputs(dp, &ib, in) ||
			!arm_collations(dp, &ib, in) || (arm = block_sql(dp, &ib, in->out, true)) == NULL)
		{
			if (in->nout != ncols && !dp->failed)
			{
				fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: SetOp inputs of %d and %d columns",
						 ncols, in->nout);
				dp->failed = true;
			}
			fq_strbuf_free(&b);
			return false;
		}
		if (k > 0)
			fq_strbuf_append(&b, so->op == FQ_SETOP_INTERSECT ? " INTERSECT ALL " : " EXCEPT ALL ");
		fq_strbuf_printf(&b, "(%s)", arm);
	}
	sub = ++dp->nsub;
	fq_strbuf_printf(&b, ") s%d", sub);
	if (!map_columns(dp, &m, p, fq_arena_printf(dp->a, "s%d", sub), NULL, false))
	{
		fq_strbuf_free(&b);
		return false;
	}
	memset(blk, 0, sizeof(*blk));
	blk->from = dp_finish(dp, &b);
	blk->map = m;
	return blk->from != NULL;
}

/* fn(args) OVER (PARTITION BY ... ORDER BY ... frame), cast to the
 * engine type. */
static const char *
window_text(deparser *dp, const dp_map *m, const fq_window_expr *w)
{
	static const char *const bounds[] = {
		[FQ_BOUND_UNBOUNDED_PRECEDING] = "UNBOUNDED PRECEDING",
		[FQ_BOUND_PRECEDING] = "PRECEDING", [FQ_BOUND_CURRENT_ROW] = "CURRENT ROW",
		[FQ_BOUND_FOLLOWING] = "FOLLOWING",
		[FQ_BOUND_UNBOUNDED_FOLLOWING] = "UNBOUNDED FOLLOWING",
	};
	fq_strbuf b = FQ_STRBUF_INIT;
	int k = 0;
	int off = w->nargs + w->npart + w->norder + (w->has_filter ? 1 : 0);

	fq_strbuf_printf(&b, "CAST(%s(", fq_window_name(w));
	if (w->kind == FQ_WIN_AGG && w->agg == FQ_AGG_COUNT_STAR)
		fq_strbuf_appendc(&b, '*');
	for (int i = 0; i < w->nargs; i++, k++)
	{
		/* min/max of text: bytewise, as fedq orders */
		bool collate = w->kind == FQ_WIN_AGG && (w->agg == FQ_AGG_MIN || w->agg == FQ_AGG_MAX) &&
			is_text(w->kids[k]);

		if (i > 0)
			fq_strbuf_append(&b, ", ");
		if (!(collate ? dp_collated(dp, m, w->kids[k], &b) : dp_operand(dp, m, w->kids[k], &b)))
			goto fail;
	}
	fq_strbuf_appendc(&b, ')');
	if (w->has_filter)
	{
		fq_strbuf_append(&b, " FILTER (WHERE ");
		if (!dp_expr(dp, m, w->kids[w->nargs + w->npart + w->norder], &b))
			goto fail;
		fq_strbuf_appendc(&b, ')');
	}
	fq_strbuf_append(&b, " OVER (");
	for (int i = 0; i < w->npart; i++, k++)
	{
		fq_strbuf_append(&b, i == 0 ? "PARTITION BY " : ", ");
		if (is_text(w->kids[k]) ? !dp_collated(dp, m, w->kids[k], &b) : !dp_expr(dp, m, w->kids[k], &b))
			goto fail;
	}
	for (int i = 0; i < w->norder; i++, k++)
	{
		fq_strbuf_append(&b, i == 0 ? (w->npart > 0 ? " ORDER BY " : "ORDER BY ") : ", ");
		if (is_text(w->kids[k]) ? !dp_collated(dp, m, w->kids[k], &b) : !dp_expr(dp, m, w->kids[k], &b))
			goto fail;
		fq_strbuf_append(&b, w->desc[i] ? " DESC" : " ASC");
		fq_strbuf_append(&b, w->nulls_first[i] ? " NULLS FIRST" : " NULLS LAST");
	}
	if (w->frame != FQ_FRAME_DEFAULT)
	{
		fq_strbuf_append(&b, w->frame == FQ_FRAME_ROWS ? " ROWS BETWEEN "
							 : w->frame == FQ_FRAME_RANGE ? " RANGE BETWEEN " : " GROUPS BETWEEN ");
		for (int side = 0; side < 2; side++)
		{
			int bound = side == 0 ? w->start : w->end;
			bool has_off = side == 0 ? w->has_start_offset : w->has_end_offset;

			if (side == 1)
				fq_strbuf_append(&b, " AND ");
			if (has_off)
			{
				if (!dp_expr(dp, m, w->kids[off++], &b))
					goto fail;
				fq_strbuf_appendc(&b, ' ');
			}
			fq_strbuf_append(&b, bounds[bound]);
		}
		fq_strbuf_append(&b, fq_frame_exclude_text(w->exclude));
	}
	fq_strbuf_append(&b, ") AS ");
	dp_type(&w->e.type, &b);
	fq_strbuf_appendc(&b, ')');
	return dp_finish(dp, &b);
fail:
	fq_strbuf_free(&b);
	return NULL;
}

/*
 * GROUP BY GROUPING SETS ((a, b), (a), ()) for an Aggregate's sets, and
 * its grouping-set column as GROUPING(a, b): m holds the grouping
 * columns' texts.
 */
static bool
grouping_sets_text(deparser *dp, const fq_plan_agg *g, dp_map *m, dp_block *blk)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	fq_strbuf gid = FQ_STRBUF_INIT;
	int k = g->ngroups + g->naggs;

	fq_strbuf_append(&b, "GROUPING SETS (");
	for (int s = 0; s < g->nsets; s++)
	{
		bool first = true;

		fq_strbuf_append(&b, s > 0 ? ", (" : "(");
		for (int i = 0; i < g->ngroups; i++)
			if ((g->sets[s] >> i) & 1)
			{
				const char *t = sort_key_text(dp, m->texts[i], &g->groups[i]->type);

				if (t == NULL)
				{
					fq_strbuf_free(&b);
					return false;
				}
				fq_strbuf_printf(&b, first ? "%s" : ", %s", t);
				first = false;
			}
		fq_strbuf_appendc(&b, ')');
	}
	fq_strbuf_appendc(&b, ')');
	if (!push_text(dp, &blk->group, dp_finish(dp, &b)))
		return false;
	/* GROUPING takes arguments: with no grouping column it is always 0 */
	if (g->ngroups == 0)
		fq_strbuf_append(&gid, "0");
	else
	{
		fq_strbuf_append(&gid, "GROUPING(");
		for (int i = 0; i < g->ngroups; i++)
			fq_strbuf_printf(&gid, i > 0 ? ", %s" : "%s",
							 sort_key_text(dp, m->texts[i], &g->groups[i]->type));
		fq_strbuf_appendc(&gid, ')');
	}
	m->rels[k] = g->group_rel;
	m->cols[k] = g->ngroups;
	m->plain[k] = true;
	return (m->texts[k] = dp_finish(dp, &gid)) != NULL;
}

/*
 * grouping(gid, n, i, ...) (GROUPING over grouping sets): the bits of the
 * grouping-set column's value, which reads GROUPING(every column) at the
 * source -- or, when the arguments are every column in order, the value.
 */
static bool
dp_grouping(deparser *dp, const dp_map *m, const fq_func_expr *f, fq_strbuf *out)
{
	const char *gid = expr_text(dp, m, f->args[0]);
	int64_t n = ((const fq_const *) f->args[1])->value.v.i;
	bool whole = f->nargs - 2 == n;

	if (gid == NULL)
		return false;
	for (int k = 2; k < f->nargs && whole; k++)
		whole = ((const fq_const *) f->args[k])->value.v.i == k - 2;
	if (whole)
	{
		fq_strbuf_printf(out, "(%s)", gid);
		return true;
	}
	/* (gid >> shift & 1) << place, for each argument, or'ed */
	fq_strbuf_appendc(out, '(');
	for (int k = 2; k < f->nargs; k++)
	{
		int shift = (int) (n - 1 - ((const fq_const *) f->args[k])->value.v.i);
		int place = f->nargs - 1 - k;

		if (k > 2)
			fq_strbuf_append(out, " | ");
		if (place > 0)
			fq_strbuf_appendc(out, '(');
		if (shift > 0)
			fq_strbuf_printf(out, "((%s) >> %d & 1)", gid, shift);
		else
			fq_strbuf_printf(out, "((%s) & 1)", gid);
		if (place > 0)
			fq_strbuf_printf(out, " << %d)", place);
	}
	fq_strbuf_appendc(out, ')');
	return true;
}

/* Window functions go into the block's select list, after its WHERE,
 * GROUP BY and HAVING and before its ORDER BY and LIMIT. */
static bool
block_window(deparser *dp, const fq_plan_window *w, dp_block *blk)
{
	dp_map m;
	int n;
	bool filtered = false;

	for (int j = 0; j < w->nfuncs; j++)
		filtered = filtered || w->funcs[j]->has_filter;
	if (!dp_block_of(dp, w->p.left, blk))
		return false;
	/* (an aggregate's value may be a window function's argument or key,
	 * not inside its FILTER: PostgreSQL refuses aggregates there) */
	if ((blk->order || blk->limit || blk->offset || blk->windowed || blk->calls_source ||
		 (blk->grouped && filtered)) &&
		!wrap(dp, blk))
		return false;
	n = blk->map.n;
	if (!map_init(dp, &m, n + w->nfuncs))
		return false;
	for (int i = 0; i < n; i++)
	{
		m.rels[i] = blk->map.rels[i];
		m.cols[i] = blk->map.cols[i];
		m.texts[i] = blk->map.texts[i];
		m.plain[i] = blk->map.plain[i];
	}
	for (int j = 0; j < w->nfuncs; j++)
	{
		m.rels[n + j] = w->rel;
		m.cols[n + j] = j;
		m.plain[n + j] = true; /* cast to its type */
		if ((m.texts[n + j] = window_text(dp, &blk->map, w->funcs[j])) == NULL)
			return false;
	}
	blk->map = m;
	blk->windowed = true;
	return true;
}

static bool
dp_block_of(deparser *dp, const fq_plan *p, dp_block *blk)
{
	if (fq_stack_check(dp->d) < 0)
	{
		dp->failed = true;
		return false;
	}
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_SCAN:
			return block_scan(dp, (const fq_plan_scan *) p, blk);
		case FQ_N_PLAN_SHIPPED:
			return block_shipped(dp, (const fq_plan_shipped *) p, blk);
		case FQ_N_PLAN_VALUES:
			/* the one empty row of a query without FROM (pushdown.c,
			 * rowless_at): a SELECT without FROM; else a VALUES list */
			if (p->nout != 0 || ((const fq_plan_values *) p)->nrows != 1)
				return block_values(dp, (const fq_plan_values *) p, blk);
			memset(blk, 0, sizeof(*blk));
			return map_init(dp, &blk->map, 0);
		case FQ_N_PLAN_APPEND:
			return block_append(dp, (const fq_plan_append *) p, blk);
		case FQ_N_PLAN_WINDOW:
			return block_window(dp, (const fq_plan_window *) p, blk);
		case FQ_N_PLAN_UNIQUE:
			return block_unique(dp, (const fq_plan_unique *) p, blk);
		case FQ_N_PLAN_SETOP:
			return block_setop(dp, (const fq_plan_setop *) p, blk);
		case FQ_N_PLAN_JOIN:
			return block_join(dp, (const fq_plan_join *) p, blk);
		case FQ_N_PLAN_FILTER:
			{
				const fq_plan_filter *f = (const fq_plan_filter *) p;

				if (!dp_block_of(dp, p->left, blk))
					return false;
				/* A condition on a window function's value is applied after
				 * it, one on DISTINCT ON's rows after those are chosen. */
				if ((blk->limit || blk->offset || blk->windowed || blk->distinct_on) &&
					!wrap(dp, blk))
					return false;
				if (!read_once(dp, blk))
					return false;
				return push_conjuncts(dp, &blk->map, blk->grouped ? &blk->having : &blk->where,
									  f->pred);
			}
		case FQ_N_PLAN_PROJECT:
			{
				const fq_plan_project *pr = (const fq_plan_project *) p;
				dp_map m;
				bool computed = false;

				bool calls_source = false;

				for (int i = 0; i < pr->nexprs; i++)
					computed = computed || !FQ_IS(pr->exprs[i], FQ_N_EXPR_VAR);
				if (!dp_block_of(dp, p->left, blk))
					return false;
				if (!keep_one_group(dp, blk, pr))
					return false;
				if (!passes_columns(pr) && !read_once(dp, blk))
					return false;
				/* An expression over DISTINCT ON's rows is computed for
				 * them only (it could fail on the others). */
				if (computed && blk->distinct_on != NULL && !wrap(dp, blk))
					return false;
				if (!map_init(dp, &m, pr->nexprs))
					return false;
				for (int i = 0; i < pr->nexprs; i++)
				{
					calls_source = calls_source || fq_expr_calls_source(pr->exprs[i], NULL);
					m.rels[i] = pr->rel;
					m.cols[i] = pr->p.out[i].col;
					m.plain[i] = plain_var(&blk->map, pr->exprs[i]) ||
						deparsed_with_cast(pr->exprs[i]);
					if ((m.texts[i] = expr_text(dp, &blk->map, pr->exprs[i])) == NULL)
						return false;
				}
				blk->map = m;
				blk->projected = true;
				blk->calls_source = blk->calls_source || calls_source;
				return true;
			}
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;
				dp_map m;

				if (!dp_block_of(dp, p->left, blk))
					return false;
				if ((blk->grouped || blk->limit || blk->offset || blk->windowed || blk->distinct_on ||
					 blk->calls_source) &&
					!wrap(dp, blk))
					return false;
				if (!map_init(dp, &m, g->ngroups + g->naggs + (g->nsets > 0)))
					return false;
				for (int i = 0; i < g->ngroups; i++)
				{
					m.rels[i] = g->group_rel;
					m.cols[i] = i;
					m.plain[i] = plain_var(&blk->map, g->groups[i]) ||
						deparsed_with_cast(g->groups[i]);
					if ((m.texts[i] = expr_text(dp, &blk->map, g->groups[i])) == NULL ||
						(g->nsets == 0 &&
						 !push_text(dp, &blk->group,
									sort_key_text(dp, m.texts[i], &g->groups[i]->type))))
						return false;
				}
				if (g->nsets > 0 && !grouping_sets_text(dp, g, &m, blk))
					return false;
				for (int j = 0; j < g->naggs; j++)
				{
					m.rels[g->ngroups + j] = g->agg_rel;
					m.cols[g->ngroups + j] = j;
					m.plain[g->ngroups + j] = true; /* aggregates are cast to their type */
					if ((m.texts[g->ngroups + j] = expr_text(dp, &blk->map, &g->aggs[j]->e)) == NULL)
						return false;
				}
				/* An ORDER BY below a GROUP BY means nothing: drop it. */
				blk->order = NULL;
				blk->map = m;
				blk->grouped = true;
				blk->one_group = g->ngroups == 0 && g->nsets == 0;
				blk->agg_rel = g->agg_rel;
				return true;
			}
		case FQ_N_PLAN_SORT:
			{
				const fq_plan_sort *s = (const fq_plan_sort *) p;

				if (!dp_block_of(dp, p->left, blk))
					return false;
				if ((blk->limit || blk->offset || blk->distinct_on) && !wrap(dp, blk))
					return false;
				blk->order = NULL;
				for (int i = 0; i < s->nkeys; i++)
				{
					const char *key = sort_expr_text(dp, &blk->map, s->keys[i].expr);
					fq_strbuf full = FQ_STRBUF_INIT;

					if (key == NULL)
						return false;
					fq_strbuf_append(&full, key);
					fq_strbuf_append(&full, s->keys[i].desc ? " DESC" : " ASC");
					fq_strbuf_append(&full, s->keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
					if (!push_text(dp, &blk->order, dp_finish(dp, &full)))
						return false;
				}
				return true;
			}
		case FQ_N_PLAN_LIMIT:
			{
				const fq_plan_limit *l = (const fq_plan_limit *) p;

				if (!dp_block_of(dp, p->left, blk))
					return false;
				if ((blk->limit || blk->offset) && !wrap(dp, blk))
					return false;
				if (l->limit != NULL && (blk->limit = expr_text(dp, &blk->map, l->limit)) == NULL)
					return false;
				if (l->offset != NULL && (blk->offset = expr_text(dp, &blk->map, l->offset)) == NULL)
					return false;
				return true;
			}
		case FQ_N_PLAN_APPLY:
			return block_apply(dp, (const fq_plan_apply *) p, blk);
		case FQ_N_PLAN_RECURSIVE:
			return block_recursive(dp, (const fq_plan_recursive *) p, blk);
		case FQ_N_PLAN_WORKTABLE:
			return block_worktable(dp, (const fq_plan_worktable *) p, blk);
		case FQ_N_PLAN_CTESCAN:
			return block_ctescan(dp, (const fq_plan_ctescan *) p, blk);
		case FQ_N_PLAN_FUNCSCAN:
			return block_funcscan(dp, (const fq_plan_funcscan *) p, blk);
		default:
			break;
	}
	fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot deparse plan node %s",
			 fq_node_tag_name(FQ_TAG(p)));
	dp->failed = true;
	return false;
}

/* The element type of a dynamic filter's array: no modifiers, so no
 * value is rounded or cut to fit. */
static const char *
array_elem_type(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_BOOL: return "boolean";
		case FQ_T_INT2: return "smallint";
		case FQ_T_INT4: return "integer";
		case FQ_T_INT8: return "bigint";
		case FQ_T_DECIMAL: return "numeric";
		case FQ_T_CHAR: return "bpchar";
		case FQ_T_VARCHAR: return "text";
		case FQ_T_DATE: return "date";
		case FQ_T_TIMESTAMP: return "timestamp";
		case FQ_T_TIMESTAMPTZ: return "timestamptz";
		case FQ_T_UUID: return "uuid";
		default: return NULL;
	}
}

/* Values shown per dynamic filter when shortened. */
#define SHORT_VALUES 8

/* `column = ANY ('{v1,v2,...}'::type[])` for one dynamic filter. */
static const char *
dyn_filter_text(deparser *dp, const dp_block *blk, const fq_plan *plan,
				const fq_dyn_values *f, bool shorten)
{
	const fq_plan_col *c = &plan->out[f->col];
	int k = map_find(&blk->map, c->rel, c->col);
	const char *elem = array_elem_type(f->type.id);
	fq_strbuf arr = FQ_STRBUF_INIT;
	fq_strbuf text = FQ_STRBUF_INIT;
	fq_strbuf b = FQ_STRBUF_INIT;
	uint32_t shown = shorten && f->n > SHORT_VALUES ? SHORT_VALUES : f->n;
	bool quote = !fq_type_is_integer(f->type.id) && f->type.id != FQ_T_DECIMAL;

	if (k < 0 || elem == NULL)
	{
		fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "deparse: no column for a dynamic filter");
		dp->failed = true;
		return NULL;
	}
	fq_strbuf_appendc(&arr, '{');
	for (uint32_t i = 0; i < shown; i++)
	{
		fq_strbuf_reset(&text);
		fq_format_text(f->slots[i], &f->type, false, &text);
		/* (the next reset would forget it) */
		if (!fq_strbuf_ok(&text))
			arr.broken = true;
		if (i > 0)
			fq_strbuf_appendc(&arr, ',');
		/* Numbers as they are; anything else quoted, so "NULL" is a
		 * string and commas, braces and blanks are data. */
		if (quote)
			fq_strbuf_appendc(&arr, '"');
		for (size_t j = 0; j < text.len; j++)
		{
			char ch = fq_strbuf_str(&text)[j];

			if (ch == '"' || ch == '\\')
				fq_strbuf_appendc(&arr, '\\');
			fq_strbuf_appendc(&arr, ch);
		}
		if (quote)
			fq_strbuf_appendc(&arr, '"');
	}
	if (shown < f->n)
		fq_strbuf_append(&arr, ",...");
	fq_strbuf_appendc(&arr, '}');

	if (blk->map.plain[k])
		fq_strbuf_append(&b, blk->map.texts[k]);
	else
	{
		fq_strbuf_printf(&b, "CAST(%s AS ", blk->map.texts[k]);
		dp_type(&c->type, &b);
		fq_strbuf_appendc(&b, ')');
	}
	fq_strbuf_append(&b, " = ANY (");
	fq_strbuf_append_literal(&b, fq_strbuf_str(&arr), arr.len);
	fq_strbuf_printf(&b, "::%s[])", elem);
	if (shown < f->n)
		fq_strbuf_printf(&b, " /* %u values */", f->n);
	if (!fq_strbuf_ok(&arr) || !fq_strbuf_ok(&text))
		b.broken = true; /* dp_finish reports it */
	fq_strbuf_free(&arr);
	fq_strbuf_free(&text);
	return dp_finish(dp, &b);
}

/*
 * A subquery fedq would run per row, written into the statement of the
 * source that runs it (pushdown.c decides it can): EXISTS (...),
 * (...) as a value, lhs op ANY|ALL (...), the outer values it reads (its
 * exec params) written as the outer columns they are.
 */
static bool
dp_sublink(deparser *dp, const dp_map *m, const fq_sublink_expr *l, fq_strbuf *out)
{
	const fq_plan *sub;
	const dp_param *saved = dp->params;
	dp_param *params = NULL;
	dp_block blk;
	const char *sql;

	if (l->id < 0 || l->id >= dp->st->nsubplans)
	{
		fq_raise(dp->d, FQ_ERR_INTERNAL_ERROR, 0, "cannot deparse a subquery with no subplan");
		dp->failed = true;
		return false;
	}
	sub = dp->st->subplans[l->id];
	if (FQ_IS(sub, FQ_N_PLAN_REMOTE))
		sub = ((const fq_plan_remote *) sub)->pushed;
	if (l->nargs > 0 && (params = FQ_NEW_ARRAY(dp->a, dp_param, l->nargs)) == NULL)
		return dp_nomem(dp) != NULL;
	for (int i = 0; i < l->nargs; i++)
	{
		params[i].number = l->params[i];
		params[i].next = i + 1 < l->nargs ? &params[i + 1] : saved;
		if ((params[i].text = expr_text(dp, m, l->args[i])) == NULL)
			return false;
	}
	if (params != NULL)
		dp->params = params;
	sql = dp_block_of(dp, sub, &blk) && map_outputs(dp, &blk, sub)
		? block_sql(dp, &blk, sub->out, false) : NULL;
	dp->params = saved;
	if (sql == NULL)
		return false;
	switch (l->kind)
	{
		case FQ_SUBLINK_EXISTS:
			fq_strbuf_printf(out, "EXISTS (%s)", sql);
			return true;
		case FQ_SUBLINK_SCALAR:
			fq_strbuf_printf(out, "(%s)", sql);
			return true;
		default:
			fq_strbuf_appendc(out, '(');
			if (!(is_text(l->lhs) ? dp_collated(dp, m, l->lhs, out) : dp_expr(dp, m, l->lhs, out)))
				return false;
			fq_strbuf_printf(out, " %s %s (%s))", fq_func_name((fq_func_id) l->op),
							 l->kind == FQ_SUBLINK_ALL ? "ALL" : "ANY", sql);
			return true;
	}
}

/*
 * The SQL for `plan` (whose leaves are all at one source).  `ctx` gives
 * parameter values and the statement's clock; without it parameters print
 * as $n (for EXPLAIN before execution).  Output columns follow plan->out.
 */
const char *
fq_deparse_filtered(fq_stmt *st, const fq_plan *plan, fq_exec_ctx *ctx,
					const fq_dyn_values *filters, bool shorten, fq_arena *a, fq_diags *d)
{
	deparser dp = {.st = st, .a = a, .d = d, .ctx = ctx, .cur_cte = -1};
	dp_block blk;

	if (!dp_block_of(&dp, plan, &blk))
	{
		if (!fq_diags_has_error(d))
			fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "could not generate the remote query");
		return NULL;
	}
	/* Dynamic filters restrict the block's output rows: in its WHERE, or
	 * around it when it groups or limits. */
	if (filters != NULL && (blk.grouped || blk.limit != NULL || blk.offset != NULL || blk.windowed ||
							blk.distinct_on != NULL || blk.calls_source) &&
		!wrap(&dp, &blk))
		return NULL;
	/* no column: DISTINCT ON's placeholder one goes in a subquery */
	if (blk.distinct_on != NULL && plan->nout == 0 && !wrap(&dp, &blk))
		return NULL;
	for (const fq_dyn_values *f = filters; f != NULL; f = f->next)
		if (!push_text(&dp, &blk.where, dyn_filter_text(&dp, &blk, plan, f, shorten)))
			return NULL;
	/* The block's outputs, in the plan's output order. */
	if (!map_outputs(&dp, &blk, plan))
		return NULL;
	return with_ctes(&dp, block_sql(&dp, &blk, plan->out, false));
}

const char *
fq_deparse_remote(fq_stmt *st, const fq_plan *plan, fq_exec_ctx *ctx, fq_arena *a, fq_diags *d)
{
	return fq_deparse_filtered(st, plan, ctx, NULL, false, a, d);
}

const char *
fq_deparse(fq_stmt *st, const fq_plan *plan, fq_diags *d)
{
	return fq_deparse_remote(st, plan, NULL, st->arena, d);
}
