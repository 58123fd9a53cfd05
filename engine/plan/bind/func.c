/*
 * func.c — function calls (PostgreSQL's parse_func.c and parse_agg.c):
 * registry functions by PostgreSQL's resolution (func/func.h), the special
 * forms (COALESCE, NULLIF, GREATEST, LEAST, the clock), aggregates with
 * FILTER and DISTINCT, window functions and their frames.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static fq_expr *bind_window_over(binder *b, bind_ctx *cx, fq_raw_func *f, fq_win_kind kind,
								 fq_agg_kind agg, fq_expr **args, int nargs, fq_expr *filter,
								 fq_type type);
static bool fname(const fq_raw_func *f, const char *name);

/* ---- Functions ---- */
static fq_expr *
bind_aggregate(binder *b, bind_ctx *cx, fq_raw_func *f, fq_agg_kind kind)
{
	fq_agg_expr *g;
	/* sum(x) OVER (...): typed as the aggregate, but no grouping; its
	 * argument may hold grouped aggregates (sum(count(*)) OVER ()). */
	bool window = f->over;
	bool was_in_agg = cx->in_agg;

	if (cx->where != CTX_SELECT)
		return bind_fail_at(b, f, window ? FQ_ERR_WINDOWING_ERROR : FQ_ERR_GROUPING_ERROR,
							"%s functions are not allowed in %s", window ? "window" : "aggregate",
							cx->clause);
	if (cx->in_agg && !window)
		return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR, "aggregate function calls cannot be nested");
	if (cx->in_filter && !window)
		return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR,
							"aggregate functions are not allowed in FILTER");
	g = FQ_MAKE_NODE(b->a, fq_agg_expr, FQ_N_EXPR_AGG);
	if (g == NULL)
		return bind_nomem(b);
	g->e.n.location = f->n.location;
	g->kind = kind;
	g->distinct = f->distinct;
	if (window && f->distinct)
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"DISTINCT is not implemented for window functions");
	if (!window)
		cx->saw_agg = true;
	if (f->star)
	{
		if (kind != FQ_AGG_COUNT)
			return bind_fail_at(b, f, FQ_ERR_SYNTAX_ERROR, "%s(*) is not valid; only count(*)", f->name);
		g->kind = FQ_AGG_COUNT_STAR;
		g->e.type = fq_type_make(FQ_T_INT8);
	}
	else
	{
		if (fq_list_len(f->args) != 1)
			return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
								"function %s takes exactly one argument", f->name);
		cx->in_agg = !window;
		g->arg = bind_expr(b, cx, fq_list_nth(f->args, 0));
		cx->in_agg = was_in_agg;
		if (g->arg == NULL)
			return NULL;
		switch (kind)
		{
			case FQ_AGG_COUNT:
				g->e.type = fq_type_make(FQ_T_INT8);
				break;
			case FQ_AGG_SUM:
			case FQ_AGG_AVG:
				{
					fq_type_id a = g->arg->type.id;

					if (a == FQ_T_UNKNOWN)
					{
						fq_type t = fq_type_make(FQ_T_FLOAT8);

						g->arg = bind_coerce(b, g->arg, &t, true, f);
						if (g->arg == NULL)
							return NULL;
						a = FQ_T_FLOAT8;
					}
					if (!fq_type_is_numeric(a) && a != FQ_T_INTERVAL)
						return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
											"function %s(%s) does not exist", f->name,
											bind_type_text(b, &g->arg->type));
					if (a == FQ_T_FLOAT4 || a == FQ_T_FLOAT8 || a == FQ_T_INTERVAL)
						g->e.type = kind == FQ_AGG_SUM && a == FQ_T_FLOAT4 ? g->arg->type
							: a == FQ_T_INTERVAL ? g->arg->type : fq_type_make(FQ_T_FLOAT8);
					else if (kind == FQ_AGG_SUM && fq_type_is_integer(a) && a != FQ_T_INT8)
						g->e.type = fq_type_make(FQ_T_INT8);
					else
					{
						/* sum(bigint), sum(numeric) and avg of exact numbers
						 * are NUMERIC, each value with its own scale (avg's
						 * from numeric division), as in PostgreSQL. */
						g->e.type = fq_type_make(FQ_T_DECIMAL);
					}
					break;
				}
			case FQ_AGG_MIN:
			case FQ_AGG_MAX:
				if (g->arg->type.id == FQ_T_UNKNOWN)
				{
					fq_type t = fq_type_varchar(-1);

					if ((g->arg = bind_coerce(b, g->arg, &t, true, f)) == NULL)
						return NULL;
				}
				g->e.type = g->arg->type;
				break;
			case FQ_AGG_BOOL_AND:
			case FQ_AGG_BOOL_OR:
				if ((g->arg = bind_to_bool(b, g->arg, f->name)) == NULL)
					return NULL;
				g->e.type = fq_type_make(FQ_T_BOOL);
				break;
			case FQ_AGG_COUNT_STAR:
				break;
		}
	}
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
	return &g->e;
}

/* The aggregate f names, plain or as a window function. */
static bool
agg_kind_of(const fq_raw_func *f, fq_agg_kind *kind)
{
	static const struct
	{
		const char *name;
		fq_agg_kind kind;
	} aggs[] = {
		{"count", FQ_AGG_COUNT}, {"sum", FQ_AGG_SUM}, {"avg", FQ_AGG_AVG}, {"min", FQ_AGG_MIN},
		{"max", FQ_AGG_MAX}, {"bool_and", FQ_AGG_BOOL_AND}, {"every", FQ_AGG_BOOL_AND},
		{"bool_or", FQ_AGG_BOOL_OR},
	};

	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++)
		if (fname(f, aggs[i].name))
		{
			*kind = aggs[i].kind;
			return true;
		}
	return false;
}

/*
 * fn(args) OVER (...): ranking, value and aggregate functions.  Results
 * are typed as PostgreSQL's: bigint ranks, double precision fractions, the
 * argument's type for lag/lead/first_value/last_value/nth_value, the
 * aggregate's for aggregates.
 */
static fq_expr *
bind_window(binder *b, bind_ctx *cx, fq_raw_func *f)
{
	static const struct
	{
		const char *name;
		fq_win_kind kind;
		int min;
		int max;
	} funcs[] = {
		{"row_number", FQ_WIN_ROW_NUMBER, 0, 0}, {"rank", FQ_WIN_RANK, 0, 0},
		{"dense_rank", FQ_WIN_DENSE_RANK, 0, 0}, {"percent_rank", FQ_WIN_PERCENT_RANK, 0, 0},
		{"cume_dist", FQ_WIN_CUME_DIST, 0, 0}, {"ntile", FQ_WIN_NTILE, 1, 1},
		{"lag", FQ_WIN_LAG, 1, 3}, {"lead", FQ_WIN_LEAD, 1, 3},
		{"first_value", FQ_WIN_FIRST_VALUE, 1, 1}, {"last_value", FQ_WIN_LAST_VALUE, 1, 1},
		{"nth_value", FQ_WIN_NTH_VALUE, 2, 2},
	};
	int nargs = fq_list_len(f->args);
	fq_expr **args;
	fq_agg_kind agg;
	bool was = cx->in_window;

	if (cx->where != CTX_SELECT || cx->no_window)
		return bind_fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "window functions are not allowed in %s",
							cx->no_window ? "HAVING" : cx->clause);
	if (cx->in_window)
		return bind_fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "window function calls cannot be nested");
	if (cx->in_agg)
		return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR,
							"aggregate function calls cannot contain window function calls");
	if (f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0)
		return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s.%s does not exist",
							f->schema, f->name);
	cx->saw_window = true;
	if (agg_kind_of(f, &agg))
		{
			fq_agg_expr *g;
			fq_expr *arg[1];

			cx->in_window = true;
			g = (fq_agg_expr *) bind_aggregate(b, cx, f, agg);
			cx->in_window = was;
			if (g == NULL)
				return NULL;
			arg[0] = g->arg;
			return bind_window_over(b, cx, f, FQ_WIN_AGG, g->kind, arg, g->arg != NULL ? 1 : 0,
									g->filter, g->e.type);
		}
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
	{
		fq_type type;

		if (!fname(f, funcs[i].name))
			continue;
		/* As PostgreSQL: fn(*) is fn() (row_number(*) counts rows), the
		 * function must exist before DISTINCT or FILTER is refused. */
		if (nargs < funcs[i].min || nargs > funcs[i].max)
			return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
								"function %s takes %d to %d arguments", f->name, funcs[i].min,
								funcs[i].max);
		if (f->filter != NULL)
			return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"FILTER is not implemented for non-aggregate window functions");
		if (f->distinct)
			return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"DISTINCT is not implemented for window functions");
		if ((args = bind_expr_array(b, nargs > 0 ? nargs : 1)) == NULL)
			return bind_nomem(b);
		cx->in_window = true;
		for (int k = 0; k < nargs; k++)
			if ((args[k] = bind_expr(b, cx, fq_list_nth(f->args, k))) == NULL)
			{
				cx->in_window = was;
				return NULL;
			}
		cx->in_window = was;
		switch (funcs[i].kind)
		{
			case FQ_WIN_ROW_NUMBER:
			case FQ_WIN_RANK:
			case FQ_WIN_DENSE_RANK:
				type = fq_type_make(FQ_T_INT8);
				break;
			case FQ_WIN_PERCENT_RANK:
			case FQ_WIN_CUME_DIST:
				type = fq_type_make(FQ_T_FLOAT8);
				break;
			case FQ_WIN_NTILE:
				{
					fq_type t = fq_type_make(FQ_T_INT4);

					if ((args[0] = bind_coerce(b, args[0], &t, true, f)) == NULL)
						return NULL;
					type = fq_type_make(FQ_T_INT4);
					break;
				}
			default:
				/* anyelement: an untyped literal has no type to give the
				 * result (lag(x, n, default) is anycompatible: see below) */
				if (args[0]->type.id == FQ_T_UNKNOWN && nargs < 3)
					return bind_fail_at(b, f, FQ_ERR_DATATYPE_MISMATCH,
										"could not determine polymorphic type because input has "
										"type unknown");
				type = args[0]->type;
				if (funcs[i].kind == FQ_WIN_NTH_VALUE || ((funcs[i].kind == FQ_WIN_LAG ||
														   funcs[i].kind == FQ_WIN_LEAD) &&
														  nargs >= 2))
				{
					fq_type t = fq_type_make(FQ_T_INT4);

					if ((args[1] = bind_coerce(b, args[1], &t, true, f)) == NULL)
						return NULL;
				}
				if (nargs == 3)
				{
					/* The default and the value meet in their common type, as
					 * PostgreSQL's anycompatible does (the value first). */
					fq_type common;
					fq_expr *pair[2] = {args[0], args[2]};

					if (!bind_common_of(b, pair, 2, f->name, f, &common))
						return NULL;
					if ((args[0] = bind_coerce(b, args[0], &common, true, f)) == NULL ||
						(args[2] = bind_coerce(b, args[2], &common, true, f)) == NULL)
						return NULL;
					type = common;
				}
				break;
		}
		return bind_window_over(b, cx, f, funcs[i].kind, FQ_AGG_COUNT, args, nargs, NULL, type);
	}
	return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "window function %s does not exist", f->name);
}

/* The OVER (...) part: partition and order expressions, the frame. */
static fq_expr *
bind_window_over(binder *b, bind_ctx *cx, fq_raw_func *f, fq_win_kind kind, fq_agg_kind agg,
				 fq_expr **args, int nargs, fq_expr *filter, fq_type type)
{
	fq_raw_window *rw = f->window;
	fq_window_expr *w = FQ_MAKE_NODE(b->a, fq_window_expr, FQ_N_EXPR_WINDOW);
	int npart = fq_list_len(rw->partition_by);
	int norder = fq_list_len(rw->order_by);
	int n;
	int k = 0;
	fq_node *pe;
	fq_raw_sort_by *sb;
	bool was = cx->in_window;

	if (w == NULL)
		return bind_nomem(b);
	n = nargs + npart + norder + (filter != NULL) + (rw->start_offset != NULL) +
		(rw->end_offset != NULL);
	w->e.n.location = f->n.location;
	w->e.type = type;
	w->kind = kind;
	w->agg = agg;
	w->nargs = nargs;
	w->npart = npart;
	w->norder = norder;
	w->frame = rw->frame;
	w->start = rw->start;
	w->end = rw->end;
	w->nkids = n;
	if ((w->kids = bind_expr_array(b, n > 0 ? n : 1)) == NULL ||
		(w->desc = FQ_NEW_ARRAY(b->a, bool, norder > 0 ? norder : 1)) == NULL ||
		(w->nulls_first = FQ_NEW_ARRAY(b->a, bool, norder > 0 ? norder : 1)) == NULL)
		return bind_nomem(b);
	for (int i = 0; i < nargs; i++)
		w->kids[k++] = args[i];
	cx->in_window = true;
	FQ_LIST_FOREACH(pe, rw->partition_by)
		if ((w->kids[k++] = bind_expr(b, cx, pe)) == NULL)
			goto fail;
	FQ_LIST_FOREACH(sb, rw->order_by)
	{
		int i = k - nargs - npart;

		if ((w->kids[k++] = bind_expr(b, cx, sb->expr)) == NULL)
			goto fail;
		w->desc[i] = sb->desc;
		w->nulls_first[i] = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc : sb->nulls == FQ_NULLS_FIRST;
	}
	if (filter != NULL)
	{
		w->kids[k++] = filter;
		w->has_filter = true;
	}
	if (rw->frame == FQ_FRAME_RANGE && (rw->start_offset != NULL || rw->end_offset != NULL))
	{
		bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "RANGE frames with an offset are not supported; use ROWS");
		goto fail;
	}
	if (rw->start == FQ_BOUND_UNBOUNDED_FOLLOWING || rw->end == FQ_BOUND_UNBOUNDED_PRECEDING ||
		(rw->start == FQ_BOUND_FOLLOWING &&
		 (rw->end == FQ_BOUND_PRECEDING || rw->end == FQ_BOUND_CURRENT_ROW)) ||
		(rw->start == FQ_BOUND_CURRENT_ROW && rw->end == FQ_BOUND_PRECEDING))
	{
		bind_fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "frame starting after it ends");
		goto fail;
	}
	for (int side = 0; side < 2; side++)
	{
		fq_node *off = side == 0 ? rw->start_offset : rw->end_offset;
		fq_expr *e;
		fq_type t = fq_type_make(FQ_T_INT8);

		if (off == NULL)
			continue;
		if ((e = bind_expr(b, cx, off)) == NULL || (e = bind_coerce(b, e, &t, true, off)) == NULL)
			goto fail;
		if (!fq_expr_is_constant(e))
		{
			bind_fail_at(b, off, FQ_ERR_WINDOWING_ERROR,
						 "argument of ROWS must not contain variables");
			goto fail;
		}
		w->kids[k++] = e;
		if (side == 0)
			w->has_start_offset = true;
		else
			w->has_end_offset = true;
	}
	cx->in_window = was;
	return &w->e;
fail:
	cx->in_window = was;
	return NULL;
}

static bool
fname(const fq_raw_func *f, const char *name)
{
	return strcmp(f->name, name) == 0;
}

/* "name(type, type)" for messages about a call. */
static const char *
call_text(binder *b, const fq_raw_func *f, fq_expr *const *args, int nargs)
{
	fq_strbuf s = FQ_STRBUF_INIT;
	char *text;

	fq_strbuf_printf(&s, "%s(", f->name);
	for (int i = 0; i < nargs; i++)
		fq_strbuf_printf(&s, "%s%s", i > 0 ? ", " : "", bind_type_text(b, &args[i]->type));
	fq_strbuf_appendc(&s, ')');
	text = fq_arena_strndup(b->a, fq_strbuf_ok(&s) ? fq_strbuf_str(&s) : f->name,
							fq_strbuf_ok(&s) ? s.len : strlen(f->name));
	fq_strbuf_free(&s);
	return text != NULL ? text : f->name;
}

/*
 * A call of a registry function (func/func.h): the signature PostgreSQL
 * would pick for these argument types, the arguments brought to it, the
 * function's own checks of constant arguments.
 */
static fq_expr *
bind_call(binder *b, fq_raw_func *f, const fq_func_def *def, fq_expr **args, int nargs)
{
	fq_type *types = nargs > 0 ? fq_arena_alloc(b->a, sizeof(fq_type) * (size_t) nargs) : NULL;
	const fq_func_sig *sig = NULL;
	fq_func_match m;
	fq_func_expr *call;

	if (nargs > FQ_FUNC_MAX_CALL_ARGS)
		return bind_fail_at(b, f, FQ_ERR_TOO_MANY_ARGUMENTS,
							"cannot pass more than %d arguments to a function", FQ_FUNC_MAX_CALL_ARGS);
	if (nargs > 0 && types == NULL)
		return bind_nomem(b);
	for (int i = 0; i < nargs; i++)
		types[i] = args[i]->type;
	m = fq_func_resolve(def, types, nargs, &sig);
	if (m != FQ_FUNC_MATCH)
	{
		bool ambiguous = m == FQ_FUNC_AMBIGUOUS;

		bind_fail_at(b, f, ambiguous ? FQ_ERR_AMBIGUOUS_FUNCTION : FQ_ERR_UNDEFINED_FUNCTION,
					 ambiguous ? "function %s is not unique" : "function %s does not exist",
					 call_text(b, f, args, nargs));
		fq_diag_hint(b->d, ambiguous ? "Could not choose a best candidate function. You might "
									   "need to add explicit type casts."
						 : "No function matches the given name and argument types. You might "
						   "need to add explicit type casts.");
		return NULL;
	}
	/* the signature may be one another family adds to the name */
	def = fq_func_sig_owner(def, sig);
	for (int i = 0; i < nargs; i++)
	{
		fq_type_id want = fq_func_sig_arg(sig, i);
		fq_type t = fq_func_sig_type(want == FQ_T_ANY ? FQ_T_VARCHAR : want);

		/* VARCHAR(n), CHAR(n) and NUMERIC(p,s) are what a text, bpchar or
		 * numeric parameter takes as they are; "any" takes every type as
		 * it is, an untyped literal as text */
		if (want == FQ_T_ANY && args[i]->type.id != FQ_T_UNKNOWN)
			continue;
		if (args[i]->type.id != want && (args[i] = bind_coerce(b, args[i], &t, true, f)) == NULL)
			return NULL;
	}
	call = (fq_func_expr *) bind_make_func(b, FQ_F_CALL, fq_func_sig_type(sig->result), nargs,
										   args, f);
	if (call == NULL)
		return NULL;
	call->def = def;
	call->sig = sig;
	if (def->check != NULL && def->check(call, b->a, b->d) < 0)
	{
		fq_diag_position(b->d, bind_pos(b, f));
		return NULL;
	}
	return &call->e;
}

/* Redshift's DATEADD(day, 1, d): a bare word where a date part goes. */
static bool
is_part_word(const fq_raw_func *f, const fq_node *raw)
{
	const fq_func_def *def = fq_func_lookup(f->name);

	return def != NULL && (def->flags & FQ_FN_PART_WORD) && FQ_TAG(raw) == FQ_N_RAW_COLUMN_REF &&
		fq_list_len(((const fq_raw_column_ref *) raw)->fields) == 1;
}

/* The word as an untyped literal, as if it had been quoted. */
static fq_expr *
part_word(binder *b, const fq_raw_column_ref *c)
{
	const char *word = fq_list_nth(c->fields, 0);
	fq_value v;
	fq_const *k;

	memset(&v, 0, sizeof(v));
	v.type = fq_type_make(FQ_T_UNKNOWN);
	v.v.s.ptr = word;
	v.v.s.len = (uint32_t) strlen(word);
	if ((k = fq_make_const(b->a, &v)) == NULL)
		return bind_nomem(b);
	k->e.n.location = c->n.location;
	return &k->e;
}

fq_expr *
bind_func(binder *b, bind_ctx *cx, fq_raw_func *f)
{
	int nargs = fq_list_len(f->args);
	fq_expr **args;
	fq_agg_kind agg;

	if (f->over)
		return bind_window(b, cx, f);
	if (f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0)
		return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s.%s does not exist",
							f->schema, f->name);
	if (agg_kind_of(f, &agg))
		return bind_aggregate(b, cx, f, agg);
	if (f->star || f->distinct || f->filter != NULL)
		return bind_fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE, "%s is not an aggregate function", f->name);

	if (f->special || fname(f, "now") || fname(f, "getdate") || fname(f, "sysdate"))
	{
		if (nargs != 0)
			return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s takes no arguments",
								f->name);
		if (fname(f, "current_date"))
			return bind_make_func(b, FQ_F_CURRENT_DATE, fq_type_make(FQ_T_DATE), 0, NULL, f);
		if (fname(f, "current_timestamp") || fname(f, "now"))
			return bind_make_func(b, FQ_F_CURRENT_TIMESTAMP, fq_type_make(FQ_T_TIMESTAMPTZ), 0, NULL, f);
		if (fname(f, "getdate") || fname(f, "sysdate") || fname(f, "localtimestamp"))
			return bind_make_func(b, FQ_F_CURRENT_TIMESTAMP, fq_type_make(FQ_T_TIMESTAMP), 0, NULL, f);
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED, "%s is not supported yet", f->name);
	}

	args = bind_expr_array(b, nargs);
	if (args == NULL)
		return bind_nomem(b);
	for (int i = 0; i < nargs; i++)
	{
		fq_node *raw = fq_list_nth(f->args, i);

		if (i == 0 && is_part_word(f, raw))
			args[i] = part_word(b, (fq_raw_column_ref *) raw);
		else
			args[i] = bind_expr(b, cx, raw);
		if (args[i] == NULL)
			return NULL;
	}

#define NARGS(lo, hi) \
	do { if (nargs < (lo) || nargs > (hi)) goto bad_args; } while (0)

	if (fname(f, "grouping"))
	{
		/* GROUPING(a, ...): which of the arguments the row's grouping set
		 * leaves out, as bits; its arguments must be grouping columns,
		 * which grouping checks (select.c, agg_rewrite) */
		if (nargs < 1 || nargs > 31)
			return bind_fail_at(b, f, FQ_ERR_TOO_MANY_ARGUMENTS,
								"GROUPING must have fewer than 32 arguments");
		if (cx->in_agg || cx->where == CTX_WHERE || cx->where == CTX_GROUP_BY ||
			cx->where == CTX_OTHER)
			return bind_fail_at(b, f, FQ_ERR_GROUPING_ERROR,
								"grouping operations are not allowed in %s",
								cx->in_agg ? "aggregate function arguments" : cx->clause);
		cx->saw_agg = true;
		return bind_make_func(b, FQ_F_GROUPING, fq_type_make(FQ_T_INT4), nargs, args, f);
	}

	if (fname(f, "coalesce") || fname(f, "nvl") || fname(f, "greatest") || fname(f, "least") ||
		fname(f, "nullif"))
	{
		fq_type t;
		fq_func_id fn = fname(f, "greatest") ? FQ_F_GREATEST : fname(f, "least") ? FQ_F_LEAST
			: fname(f, "nullif") ? FQ_F_NULLIF : FQ_F_COALESCE;

		if (fn == FQ_F_NULLIF)
		{
			/* NULLIF(a, b) is CASE WHEN a = b THEN NULL ELSE a END, with
			 * a's type (PostgreSQL's NullIfExpr) */
			fq_case_expr *c = FQ_MAKE_NODE(b->a, fq_case_expr, FQ_N_EXPR_CASE);
			fq_const *null;
			fq_expr *x;
			fq_expr *y;
			fq_type ct;
			fq_expr *eq[2];

			NARGS(2, 2);
			/* an untyped first argument takes the comparison's type */
			if (args[0]->type.id == FQ_T_UNKNOWN)
			{
				x = args[0];
				y = args[1];
				if (!bind_unify(b, &x, &y, "=", f, &ct))
					return NULL;
				args[0] = x;
			}
			x = fq_expr_copy(b->a, args[0]);
			y = args[1];
			if (c == NULL || x == NULL)
				return bind_nomem(b);
			if (!bind_unify(b, &x, &y, "=", f, &ct))
				return NULL;
			eq[0] = x;
			eq[1] = y;
			/* The result is a as the = operator takes it: unchanged where
			 * PostgreSQL has a cross-type operator (integers, floats, dates
			 * and timestamps), else brought to the comparison's type. */
			{
				fq_type_id ta = args[0]->type.id;
				fq_type_id tb = args[1]->type.id;
				bool cross = ta == tb || (fq_type_is_integer(ta) && fq_type_is_integer(tb)) ||
					((ta == FQ_T_FLOAT4 || ta == FQ_T_FLOAT8) && (tb == FQ_T_FLOAT4 || tb == FQ_T_FLOAT8)) ||
					(ta == FQ_T_FLOAT4 && fq_type_is_numeric(tb)) || /* float48eq */
					((ta == FQ_T_DATE || ta == FQ_T_TIMESTAMP || ta == FQ_T_TIMESTAMPTZ) &&
					 (tb == FQ_T_DATE || tb == FQ_T_TIMESTAMP || tb == FQ_T_TIMESTAMPTZ));

				if (!cross && (args[0] = fq_expr_copy(b->a, x)) == NULL)
					return bind_nomem(b);
			}
			c->e.n.location = f->n.location;
			c->nwhens = 1;
			c->conds = bind_expr_array(b, 1);
			c->results = bind_expr_array(b, 1);
			if (c->conds == NULL || c->results == NULL)
				return bind_nomem(b);
			if ((c->conds[0] = bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, eq, f)) == NULL)
				return NULL;
			if ((null = fq_make_null(b->a, args[0]->type)) == NULL)
				return bind_nomem(b);
			c->results[0] = &null->e;
			c->else_expr = args[0];
			c->e.type = args[0]->type;
			return &c->e;
		}
		NARGS(1, 100);
		if (!bind_common_of(b, args, nargs, f->name, f, &t))
			return NULL;
		for (int i = 0; i < nargs; i++)
			if ((args[i] = bind_coerce(b, args[i], &t, true, f)) == NULL)
				return NULL;
		return bind_make_func(b, fn, t, nargs, args, f);
	}
#undef NARGS
	{
		const fq_func_def *def = fq_func_lookup(f->name);

		if (def != NULL)
			return bind_call(b, f, def, args, nargs);
	}
	bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s does not exist", f->name);
	fq_diag_hint(b->d, "docs/sql.md lists the functions fedq runs on external tables.");
	return NULL;
bad_args:
	return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
						"function %s does not take %d argument%s", f->name, nargs, nargs == 1 ? "" : "s");
}
