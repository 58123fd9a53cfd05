/*
 * agg.c — aggregate calls (PostgreSQL's parse_agg.c, and the signatures
 * of pg_aggregate): which aggregates fedq has, the argument types
 * PostgreSQL accepts for each and the result type it gives, ORDER BY
 * inside the call, WITHIN GROUP, DISTINCT and FILTER, and Redshift's
 * listagg and median, bound as the PostgreSQL aggregates sources are sent
 * (string_agg, percentile_cont).  The same call bound for a window
 * (sum(x) OVER ...) is turned into a window function by func.c.
 */
#include "plan/bind/bind_int.h"

#include <string.h>

/* How a name is called. */
typedef enum agg_form
{
	AF_PLAIN,       /* f([DISTINCT] args [ORDER BY ...]) */
	AF_ORDERED_SET, /* f(direct args) WITHIN GROUP (ORDER BY key) */
	AF_LISTAGG,     /* Redshift: listagg([DISTINCT] x [, delimiter]) [WITHIN GROUP (...)] */
	AF_MEDIAN       /* Redshift: median(x) */
} agg_form;

struct bind_agg_def
{
	const char *name;
	fq_agg_kind kind;
	agg_form form;
};

static const bind_agg_def agg_defs[] = {
	{"count", FQ_AGG_COUNT, AF_PLAIN},
	{"sum", FQ_AGG_SUM, AF_PLAIN},
	{"avg", FQ_AGG_AVG, AF_PLAIN},
	{"min", FQ_AGG_MIN, AF_PLAIN},
	{"max", FQ_AGG_MAX, AF_PLAIN},
	{"bool_and", FQ_AGG_BOOL_AND, AF_PLAIN},
	{"every", FQ_AGG_BOOL_AND, AF_PLAIN},
	{"bool_or", FQ_AGG_BOOL_OR, AF_PLAIN},
	{"bit_and", FQ_AGG_BIT_AND, AF_PLAIN},
	{"bit_or", FQ_AGG_BIT_OR, AF_PLAIN},
	{"bit_xor", FQ_AGG_BIT_XOR, AF_PLAIN},
	{"var_pop", FQ_AGG_VAR_POP, AF_PLAIN},
	{"var_samp", FQ_AGG_VAR_SAMP, AF_PLAIN},
	{"variance", FQ_AGG_VAR_SAMP, AF_PLAIN},
	{"stddev_pop", FQ_AGG_STDDEV_POP, AF_PLAIN},
	{"stddev_samp", FQ_AGG_STDDEV_SAMP, AF_PLAIN},
	{"stddev", FQ_AGG_STDDEV_SAMP, AF_PLAIN},
	{"corr", FQ_AGG_CORR, AF_PLAIN},
	{"covar_pop", FQ_AGG_COVAR_POP, AF_PLAIN},
	{"covar_samp", FQ_AGG_COVAR_SAMP, AF_PLAIN},
	{"regr_avgx", FQ_AGG_REGR_AVGX, AF_PLAIN},
	{"regr_avgy", FQ_AGG_REGR_AVGY, AF_PLAIN},
	{"regr_count", FQ_AGG_REGR_COUNT, AF_PLAIN},
	{"regr_intercept", FQ_AGG_REGR_INTERCEPT, AF_PLAIN},
	{"regr_r2", FQ_AGG_REGR_R2, AF_PLAIN},
	{"regr_slope", FQ_AGG_REGR_SLOPE, AF_PLAIN},
	{"regr_sxx", FQ_AGG_REGR_SXX, AF_PLAIN},
	{"regr_sxy", FQ_AGG_REGR_SXY, AF_PLAIN},
	{"regr_syy", FQ_AGG_REGR_SYY, AF_PLAIN},
	{"string_agg", FQ_AGG_STRING_AGG, AF_PLAIN},
	{"listagg", FQ_AGG_STRING_AGG, AF_LISTAGG},
	{"percentile_cont", FQ_AGG_PERCENTILE_CONT, AF_ORDERED_SET},
	{"percentile_disc", FQ_AGG_PERCENTILE_DISC, AF_ORDERED_SET},
	{"mode", FQ_AGG_MODE, AF_ORDERED_SET},
	{"median", FQ_AGG_PERCENTILE_CONT, AF_MEDIAN},
};

const bind_agg_def *
bind_agg_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(agg_defs) / sizeof(agg_defs[0]); i++)
		if (strcmp(agg_defs[i].name, name) == 0)
			return &agg_defs[i];
	return NULL;
}

/* ---- messages ---- */

/* A type as PostgreSQL names an argument's: without its modifiers (text
 * and varchar without their lengths). */
static const char *
arg_type_text(binder *b, const fq_type *t)
{
	fq_type base = *t;

	if (t->id == FQ_T_VARCHAR)
		return t->length == -1 ? "text" : "character varying";
	base.length = -1;
	base.precision = 0;
	base.scale = 0;
	return bind_type_text(b, &base);
}

/* "name(type, type)": the function PostgreSQL looked for and did not find. */
static const char *
call_text(binder *b, const char *name, fq_expr *const *args, int nargs)
{
	fq_strbuf s = FQ_STRBUF_INIT;
	char *text;

	fq_strbuf_printf(&s, "%s(", name);
	for (int i = 0; i < nargs; i++)
		fq_strbuf_printf(&s, "%s%s", i > 0 ? ", " : "", arg_type_text(b, &args[i]->type));
	fq_strbuf_appendc(&s, ')');
	text = fq_strbuf_ok(&s) ? fq_arena_strndup(b->a, fq_strbuf_str(&s), s.len) : NULL;
	fq_strbuf_free(&s);
	return text != NULL ? text : name;
}

static void *
no_function(binder *b, const fq_raw_func *f, fq_expr *const *args, int nargs)
{
	bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s does not exist",
				 call_text(b, f->name, args, nargs));
	fq_diag_hint(b->d, "No function matches the given name and argument types. You might need "
					   "to add explicit type casts.");
	return NULL;
}

static void *
not_unique(binder *b, const fq_raw_func *f, fq_expr *const *args, int nargs)
{
	bind_fail_at(b, f, FQ_ERR_AMBIGUOUS_FUNCTION, "function %s is not unique",
				 call_text(b, f->name, args, nargs));
	fq_diag_hint(b->d, "Could not choose a best candidate function. You might need to add "
					   "explicit type casts.");
	return NULL;
}

/*
 * 42883 for a call with WITHIN GROUP that no aggregate takes: to
 * PostgreSQL the keys are arguments too (sum(x) WITHIN GROUP (ORDER BY y)
 * is sum(x, y)), so the message lists their types after args[0..nargs).
 */
static void *
no_function_keyed(binder *b, bind_ctx *cx, const fq_raw_func *f, fq_expr **args, int nargs)
{
	bool was = cx->in_agg;
	fq_raw_sort_by *sb;
	int k = nargs;

	cx->in_agg = true;
	FQ_LIST_FOREACH(sb, f->agg_order)
		if ((args[k++] = bind_expr(b, cx, sb->expr)) == NULL)
		{
			cx->in_agg = was;
			return NULL;
		}
	cx->in_agg = was;
	return no_function(b, f, args, k);
}

/* ---- argument types ---- */

static bool
is_number(fq_type_id t)
{
	return fq_type_is_integer(t) || t == FQ_T_DECIMAL || t == FQ_T_FLOAT4 || t == FQ_T_FLOAT8;
}

static fq_expr *
to_type(binder *b, fq_expr *e, fq_type t, const fq_raw_func *f)
{
	return bind_coerce(b, e, &t, true, f);
}

/*
 * The aggregated arguments brought to the signature PostgreSQL picks for
 * them, and the result type; args[] are replaced by their coerced forms.
 * NULL after raising 42883 (no signature), 42725 (several) or 42804.
 */
static bool
type_args(binder *b, const fq_raw_func *f, fq_agg_expr *g, fq_expr **args, int nargs)
{
	fq_type_id a = nargs > 0 ? args[0]->type.id : FQ_T_UNKNOWN;

	switch (g->kind)
	{
		case FQ_AGG_COUNT:
			g->e.type = fq_type_make(FQ_T_INT8);
			return true;
		case FQ_AGG_SUM:
		case FQ_AGG_AVG:
			/* an untyped argument fits the numbers' and interval's (and
			 * money's) signatures alike: 42725, as in PostgreSQL */
			if (a == FQ_T_UNKNOWN)
				return not_unique(b, f, args, nargs) != NULL;
			if (a == FQ_T_TIME)
			{
				/* sum(interval): a time converts implicitly (time_interval) */
				if ((args[0] = to_type(b, args[0], fq_type_make(FQ_T_INTERVAL), f)) == NULL)
					return false;
				a = FQ_T_INTERVAL;
			}
			if (!fq_type_is_numeric(a) && a != FQ_T_INTERVAL)
				return no_function(b, f, args, nargs) != NULL;
			if (a == FQ_T_FLOAT4 || a == FQ_T_FLOAT8 || a == FQ_T_INTERVAL)
				g->e.type = g->kind == FQ_AGG_SUM && a == FQ_T_FLOAT4 ? args[0]->type
					: a == FQ_T_INTERVAL ? args[0]->type : fq_type_make(FQ_T_FLOAT8);
			else if (g->kind == FQ_AGG_SUM && fq_type_is_integer(a) && a != FQ_T_INT8)
				g->e.type = fq_type_make(FQ_T_INT8);
			else
			{
				/* sum(bigint), sum(numeric) and avg of exact numbers are
				 * NUMERIC, each value with its own scale (avg's from
				 * numeric division), as in PostgreSQL. */
				g->e.type = fq_type_make(FQ_T_DECIMAL);
			}
			return true;
		case FQ_AGG_MIN:
		case FQ_AGG_MAX:
			/* PostgreSQL 15 has no min or max of boolean, bytea or uuid */
			if (a == FQ_T_BOOL || a == FQ_T_BYTEA || a == FQ_T_UUID)
				return no_function(b, f, args, nargs) != NULL;
			if (a == FQ_T_UNKNOWN &&
				(args[0] = to_type(b, args[0], fq_type_varchar(-1), f)) == NULL)
				return false;
			g->e.type = args[0]->type;
			/* PostgreSQL has min(text), not min(varchar): of a varchar it is
			 * text (which a CHAR then compares with as text) */
			if (a == FQ_T_VARCHAR)
				g->e.type = fq_type_varchar(-1);
			return true;
		case FQ_AGG_BOOL_AND:
		case FQ_AGG_BOOL_OR:
			/* boolean only: 42883 for any other type, as any function */
			if (a != FQ_T_BOOL && a != FQ_T_UNKNOWN)
				return no_function(b, f, args, nargs) != NULL;
			if ((args[0] = bind_to_bool(b, args[0], f->name)) == NULL)
				return false;
			g->e.type = fq_type_make(FQ_T_BOOL);
			return true;
		case FQ_AGG_BIT_AND:
		case FQ_AGG_BIT_OR:
		case FQ_AGG_BIT_XOR:
			/* smallint, integer, bigint (and bit, which fedq has not) */
			if (a == FQ_T_UNKNOWN)
				return not_unique(b, f, args, nargs) != NULL;
			if (!fq_type_is_integer(a))
				return no_function(b, f, args, nargs) != NULL;
			g->e.type = fq_type_make(a);
			return true;
		case FQ_AGG_VAR_POP:
		case FQ_AGG_VAR_SAMP:
		case FQ_AGG_STDDEV_POP:
		case FQ_AGG_STDDEV_SAMP:
			/* exact numbers in NUMERIC, floats (and untyped literals, as
			 * double precision is the preferred number type) in double */
			if (a == FQ_T_UNKNOWN || a == FQ_T_FLOAT4 || a == FQ_T_FLOAT8)
			{
				if (a == FQ_T_UNKNOWN &&
					(args[0] = to_type(b, args[0], fq_type_make(FQ_T_FLOAT8), f)) == NULL)
					return false;
				g->e.type = fq_type_make(FQ_T_FLOAT8);
				return true;
			}
			if (!fq_type_is_integer(a) && a != FQ_T_DECIMAL)
				return no_function(b, f, args, nargs) != NULL;
			g->e.type = fq_type_make(FQ_T_DECIMAL);
			return true;
		case FQ_AGG_CORR:
		case FQ_AGG_COVAR_POP:
		case FQ_AGG_COVAR_SAMP:
		case FQ_AGG_REGR_AVGX:
		case FQ_AGG_REGR_AVGY:
		case FQ_AGG_REGR_COUNT:
		case FQ_AGG_REGR_INTERCEPT:
		case FQ_AGG_REGR_R2:
		case FQ_AGG_REGR_SLOPE:
		case FQ_AGG_REGR_SXX:
		case FQ_AGG_REGR_SXY:
		case FQ_AGG_REGR_SYY:
			/* (double precision, double precision) only */
			for (int i = 0; i < 2; i++)
				if (args[i]->type.id != FQ_T_UNKNOWN && !is_number(args[i]->type.id))
					return no_function(b, f, args, nargs) != NULL;
			for (int i = 0; i < 2; i++)
				if ((args[i] = to_type(b, args[i], fq_type_make(FQ_T_FLOAT8), f)) == NULL)
					return false;
			g->e.type = fq_type_make(g->kind == FQ_AGG_REGR_COUNT ? FQ_T_INT8 : FQ_T_FLOAT8);
			return true;
		case FQ_AGG_STRING_AGG:
			{
				/* (text, text) or (bytea, bytea): CHAR and VARCHAR become
				 * text, an untyped literal takes the other's type (text when
				 * both are untyped) */
				bool text_ok = true;
				bool bytea_ok = true;
				fq_type t;

				for (int i = 0; i < 2; i++)
				{
					fq_type_id x = args[i]->type.id;

					text_ok = text_ok && (x == FQ_T_UNKNOWN || x == FQ_T_CHAR || x == FQ_T_VARCHAR);
					bytea_ok = bytea_ok && (x == FQ_T_UNKNOWN || x == FQ_T_BYTEA);
				}
				if (!text_ok && !bytea_ok)
					return no_function(b, f, args, nargs) != NULL;
				t = text_ok ? fq_type_varchar(-1) : fq_type_make(FQ_T_BYTEA);
				if (!text_ok)
					t.length = -1;
				for (int i = 0; i < 2; i++)
					if ((args[i] = to_type(b, args[i], t, f)) == NULL)
						return false;
				g->e.type = t;
				return true;
			}
		case FQ_AGG_PERCENTILE_CONT:
			/* (double precision) WITHIN GROUP (double precision | interval) */
			if (a == FQ_T_UNKNOWN && g->direct != NULL && g->direct->type.id == FQ_T_UNKNOWN)
			{
				fq_expr *both[2] = {g->direct, args[0]};

				return not_unique(b, f, both, 2) != NULL;
			}
			if (a == FQ_T_TIME)
				a = FQ_T_INTERVAL; /* converted implicitly, as for sum */
			if (a != FQ_T_INTERVAL && a != FQ_T_UNKNOWN && !is_number(a))
			{
				fq_expr *both[2] = {g->direct, args[0]};

				return no_function(b, f, both, 2) != NULL;
			}
			g->e.type = fq_type_make(a == FQ_T_INTERVAL ? FQ_T_INTERVAL : FQ_T_FLOAT8);
			if ((args[0] = to_type(b, args[0], g->e.type, f)) == NULL)
				return false;
			return true;
		case FQ_AGG_PERCENTILE_DISC:
		case FQ_AGG_MODE:
			/* anyelement: the key's own type, which must be known */
			if (a == FQ_T_UNKNOWN)
				return bind_fail_at(b, f, FQ_ERR_DATATYPE_MISMATCH,
									"could not determine polymorphic type because input has "
									"type unknown") != NULL;
			g->e.type = args[0]->type;
			return true;
		case FQ_AGG_COUNT_STAR:
			break;
	}
	return bind_fail_at(b, f, FQ_ERR_INTERNAL_ERROR, "unrecognized aggregate %s", f->name) != NULL;
}

/* The direct argument of percentile_cont/percentile_disc: the fraction, a
 * double precision constant (PostgreSQL evaluates it once per group). */
static fq_expr *
bind_fraction(binder *b, bind_ctx *cx, const fq_raw_func *f, fq_node *raw)
{
	fq_expr *e = bind_expr(b, cx, raw);

	if (e == NULL)
		return NULL;
	if ((e->type.id != FQ_T_UNKNOWN && !is_number(e->type.id)) || f->agg_order == NULL ||
		fq_list_len(f->agg_order) != 1 || fq_list_len(f->args) != 1)
		return e; /* the caller reports the call that does not exist */
	if (!fq_expr_is_constant(e) || fq_expr_is_volatile(e))
	{
		bind_fail_at(b, raw, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "fedq runs %s only with a constant fraction", f->name);
		fq_diag_hint(b->d, "Write the fraction as a literal or a parameter.");
		return NULL;
	}
	return e;
}

/*
 * listagg's empty strings are left out as Redshift documents: its
 * FILTER becomes (FILTER AND x <> ''), what sources are sent too.
 */
static fq_expr *
skip_empty(binder *b, const fq_raw_func *f, fq_expr *filter, fq_expr *arg)
{
	fq_value v;
	fq_const *empty;
	fq_expr *x = fq_expr_copy(b->a, arg);
	fq_expr *y;
	fq_expr *ne;
	fq_expr *both[2];
	fq_type common;

	memset(&v, 0, sizeof(v));
	v.type = fq_type_make(FQ_T_UNKNOWN);
	v.v.s.ptr = "";
	if (x == NULL || (empty = fq_make_const(b->a, &v)) == NULL)
		return bind_nomem(b);
	y = &empty->e;
	if (!bind_unify(b, &x, &y, "<>", f, &common))
		return NULL;
	both[0] = x;
	both[1] = y;
	if ((ne = bind_make_func(b, FQ_F_NE, fq_type_make(FQ_T_BOOL), 2, both, f)) == NULL)
		return NULL;
	if (filter == NULL)
		return ne;
	both[0] = filter;
	both[1] = ne;
	return bind_make_bool_expr(b, FQ_BOOL_AND, 2, both);
}

/*
 * ORDER BY inside the call (or listagg's WITHIN GROUP).  A key written as
 * one of the arguments is that argument as the call takes it (PostgreSQL
 * finds it in the aggregate's target list, implicit casts stripped); with
 * DISTINCT every key must be one (42P10).
 */
static bool
bind_order(binder *b, bind_ctx *cx, const fq_raw_func *f, fq_agg_expr *g, fq_expr **raw,
		   fq_expr **args, const bool *explicit_cast, int nargs, bool window)
{
	int n = fq_list_len(f->agg_order);
	bool was = cx->in_agg;
	fq_raw_sort_by *sb;
	int k = 0;

	if (n == 0)
		return true;
	if ((g->order = bind_expr_array(b, n)) == NULL ||
		(g->desc = FQ_NEW_ARRAY(b->a, bool, n)) == NULL ||
		(g->nulls_first = FQ_NEW_ARRAY(b->a, bool, n)) == NULL)
		return bind_nomem(b) != NULL;
	FQ_LIST_FOREACH(sb, f->agg_order)
	{
		fq_expr *key;
		int match = -1;

		cx->in_agg = !window;
		key = bind_expr(b, cx, sb->expr);
		cx->in_agg = was;
		if (key == NULL)
			return false;
		for (int i = 0; i < nargs && match < 0; i++)
			if ((g->distinct || !explicit_cast[i]) && fq_expr_equal(key, raw[i]))
				match = i;
		if (match >= 0)
		{
			if ((key = fq_expr_copy(b->a, args[match])) == NULL)
				return bind_nomem(b) != NULL;
		}
		else if (g->distinct)
			return bind_fail_at(b, sb->expr, FQ_ERR_INVALID_COLUMN_REFERENCE,
								"in an aggregate with DISTINCT, ORDER BY expressions must "
								"appear in argument list") != NULL;
		else if (key->type.id == FQ_T_UNKNOWN &&
				 (key = to_type(b, key, fq_type_varchar(-1), f)) == NULL)
			return false;
		g->order[k] = key;
		g->desc[k] = sb->desc;
		g->nulls_first[k] = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc : sb->nulls == FQ_NULLS_FIRST;
		k++;
	}
	g->norder = n;
	return true;
}

fq_expr *
bind_aggregate(binder *b, bind_ctx *cx, fq_raw_func *f, const bind_agg_def *def)
{
	fq_agg_expr *g;
	/* sum(x) OVER (...): typed as the aggregate, but no grouping; its
	 * argument may hold grouped aggregates (sum(count(*)) OVER ()). */
	bool window = f->over;
	bool was_in_agg = cx->in_agg;
	bool ordered_set = def->form == AF_ORDERED_SET || def->form == AF_MEDIAN;
	int nraw = fq_list_len(f->args);
	int nkeys = fq_list_len(f->agg_order);
	int nargs;
	fq_expr **raw;
	fq_expr **args;
	bool *explicit_cast;

	if (cx->where != CTX_SELECT)
		return bind_fail_at(b, f, window ? FQ_ERR_WINDOWING_ERROR : FQ_ERR_GROUPING_ERROR,
							"%s functions are not allowed in %s", window ? "window" : "aggregate",
							cx->clause);
	if (cx->in_agg && !window)
		return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR, "aggregate function calls cannot be nested");
	if (cx->in_filter && !window)
		return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR,
							"aggregate functions are not allowed in FILTER");
	if (f->within_group && f->distinct && def->form != AF_LISTAGG)
		return bind_fail_at(b, f, FQ_ERR_SYNTAX_ERROR, "cannot use DISTINCT with WITHIN GROUP");
	if (window && ordered_set)
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"OVER is not supported for ordered-set aggregate %s", f->name);
	g = FQ_MAKE_NODE(b->a, fq_agg_expr, FQ_N_EXPR_AGG);
	if (g == NULL)
		return bind_nomem(b);
	g->e.n.location = f->n.location;
	g->kind = def->kind;
	g->distinct = f->distinct;
	if (window && f->distinct)
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"DISTINCT is not implemented for window functions");
	if (window && nkeys > 0)
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"aggregate ORDER BY is not implemented for window functions");
	if (!window)
		cx->saw_agg = true;
	if (f->star)
	{
		if (def->kind != FQ_AGG_COUNT)
			return bind_fail_at(b, f, FQ_ERR_SYNTAX_ERROR, "%s(*) is not valid; only count(*)", f->name);
		if (nkeys > 0)
			return bind_fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE,
								"count(*) must be used to call a parameterless aggregate function");
		g->kind = FQ_AGG_COUNT_STAR;
		g->e.type = fq_type_make(FQ_T_INT8);
		goto filter;
	}

	/* the arguments as written (an ordered-set aggregate's are direct),
	 * with room for listagg's delimiter when it has none */
	raw = bind_expr_array(b, nraw + nkeys + 2);
	args = bind_expr_array(b, nraw + nkeys + 2);
	explicit_cast = FQ_NEW_ARRAY(b->a, bool, nraw + nkeys + 2);
	if (raw == NULL || args == NULL || explicit_cast == NULL)
		return bind_nomem(b);
	cx->in_agg = !window;
	for (int i = 0; i < nraw; i++)
	{
		fq_node *rn = fq_list_nth(f->args, i);

		raw[i] = def->form == AF_ORDERED_SET && def->kind != FQ_AGG_MODE && f->within_group
			? bind_fraction(b, cx, f, rn) : bind_expr(b, cx, rn);
		if (raw[i] == NULL)
		{
			cx->in_agg = was_in_agg;
			return NULL;
		}
		args[i] = raw[i];
	}
	cx->in_agg = was_in_agg;

	if (def->form == AF_ORDERED_SET)
	{
		int ndirect = def->kind == FQ_AGG_MODE ? 0 : 1;

		if (!f->within_group)
		{
			/* PostgreSQL finds the aggregate only when the arguments are
			 * as many as its direct and aggregated ones */
			if (nraw + nkeys == ndirect + 1)
				return bind_fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE,
									"WITHIN GROUP is required for ordered-set aggregate %s",
									f->name);
			return no_function(b, f, args, nraw);
		}
		if (nraw != ndirect || nkeys != 1)
			return no_function_keyed(b, cx, f, args, nraw);
		{
			fq_raw_sort_by *sb = fq_list_nth(f->agg_order, 0);

			g->direct = ndirect > 0 ? raw[0] : NULL;
			cx->in_agg = true;
			args[0] = bind_expr(b, cx, sb->expr);
			cx->in_agg = was_in_agg;
			if (args[0] == NULL)
				return NULL;
			g->within_desc = sb->desc;
			g->within_nulls_first =
				sb->nulls == FQ_NULLS_DEFAULT ? sb->desc : sb->nulls == FQ_NULLS_FIRST;
		}
		if (g->direct != NULL && g->direct->type.id != FQ_T_UNKNOWN &&
			!is_number(g->direct->type.id))
		{
			fq_expr *both[2] = {g->direct, args[0]};

			return no_function(b, f, both, 2);
		}
		nargs = 1;
		if (!type_args(b, f, g, args, 1))
			return NULL;
		if (g->direct != NULL &&
			(g->direct = to_type(b, g->direct, fq_type_make(FQ_T_FLOAT8), f)) == NULL)
			return NULL;
		g->arg = args[0];
		goto filter;
	}
	if (def->form == AF_MEDIAN)
	{
		/* Redshift's median(x): percentile_cont(0.5) WITHIN GROUP (ORDER BY x) */
		fq_value half;
		fq_const *c;

		if (f->within_group)
			return bind_fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE,
								"median is not an ordered-set aggregate, so it cannot have "
								"WITHIN GROUP");
		if (nkeys > 0 || f->distinct)
			return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"median takes neither DISTINCT nor ORDER BY");
		if (nraw != 1 || (args[0]->type.id != FQ_T_UNKNOWN && args[0]->type.id != FQ_T_INTERVAL &&
						  !is_number(args[0]->type.id)))
			return no_function(b, f, args, nraw);
		memset(&half, 0, sizeof(half));
		half.type = fq_type_make(FQ_T_FLOAT8);
		half.v.f = 0.5;
		if ((c = fq_make_const(b->a, &half)) == NULL)
			return bind_nomem(b);
		c->e.n.location = f->n.location;
		g->direct = &c->e;
		if (!type_args(b, f, g, args, 1))
			return NULL;
		g->arg = args[0];
		goto filter;
	}
	if (f->within_group && def->form != AF_LISTAGG)
		return no_function_keyed(b, cx, f, args, nraw);

	if (def->form == AF_LISTAGG)
	{
		/* listagg(x [, delimiter]): x as text, whatever its type, the
		 * delimiter text (none: NULL, no delimiter), as string_agg */
		fq_type text = fq_type_varchar(-1);

		if (nraw < 1 || nraw > 2)
			return no_function(b, f, args, nraw);
		if (args[0]->type.id != FQ_T_VARCHAR)
		{
			explicit_cast[0] = args[0]->type.id != FQ_T_UNKNOWN;
			if ((args[0] = bind_coerce(b, args[0], &text, false, f)) == NULL)
				return NULL;
		}
		if (nraw == 1)
		{
			fq_const *null = fq_make_null(b->a, text);

			if (null == NULL)
				return bind_nomem(b);
			args[1] = raw[1] = &null->e;
		}
		else if (args[1]->type.id != FQ_T_VARCHAR && args[1]->type.id != FQ_T_UNKNOWN &&
				 args[1]->type.id != FQ_T_CHAR)
			return no_function(b, f, args, nraw);
		nargs = 2;
	}
	else
	{
		nargs = fq_agg_two_args(def->kind) ? 2 : 1;
		if (nraw != nargs)
			return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
								nargs == 1 ? "function %s takes exactly one argument"
										   : "function %s takes exactly two arguments",
								f->name);
	}
	if (!type_args(b, f, g, args, nargs))
		return NULL;
	g->arg = args[0];
	g->arg2 = nargs > 1 ? args[1] : NULL;
	if (!bind_order(b, cx, f, g, raw, args, explicit_cast, nargs, window))
		return NULL;

filter:
	if (f->filter != NULL)
	{
		/* a window aggregate's FILTER sees the grouped rows, like its
		 * argument, but may not aggregate them (as in PostgreSQL) */
		bool was_in_filter = cx->in_filter;

		cx->in_agg = !window;
		cx->in_filter = window;
		g->filter = bind_to_bool(b, bind_expr(b, cx, f->filter), "FILTER");
		cx->in_agg = was_in_agg;
		cx->in_filter = was_in_filter;
		if (g->filter == NULL)
			return NULL;
	}
	if (def->form == AF_LISTAGG && (g->filter = skip_empty(b, f, g->filter, g->arg)) == NULL)
		return NULL;
	return &g->e;
}
