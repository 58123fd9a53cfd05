/*
 * func.c — function calls (PostgreSQL's parse_func.c and parse_agg.c):
 * registry functions by PostgreSQL's resolution (func/func.h), the special
 * forms (COALESCE, NULLIF, GREATEST, LEAST, the clock), window functions
 * and their frames; aggregates are agg.c's.
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
	const bind_agg_def *agg;
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
	if ((agg = bind_agg_lookup(f->name)) != NULL)
	{
		fq_agg_expr *g;
		fq_expr *arg[2];
		int n = 0;

		cx->in_window = true;
		g = (fq_agg_expr *) bind_aggregate(b, cx, f, agg);
		cx->in_window = was;
		if (g == NULL)
			return NULL;
		if (g->arg != NULL)
			arg[n++] = g->arg;
		if (g->arg2 != NULL)
			arg[n++] = g->arg2;
		return bind_window_over(b, cx, f, FQ_WIN_AGG, g->kind, arg, n, g->filter, g->e.type);
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
		if (f->agg_order != NULL)
			return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"aggregate ORDER BY is not implemented for window functions");
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
					 * PostgreSQL's anycompatible does (the value first);
					 * when they have none no signature fits (42883). */
					fq_type common;
					fq_expr *pair[2] = {args[0], args[2]};

					if (args[0]->type.id != FQ_T_UNKNOWN && args[2]->type.id != FQ_T_UNKNOWN &&
						!fq_common_type(&args[0]->type, &args[2]->type, &common))
					{
						bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
									 "function %s(%s, %s, %s) does not exist", f->name,
									 bind_type_text(b, &args[0]->type),
									 bind_type_text(b, &args[1]->type),
									 bind_type_text(b, &args[2]->type));
						fq_diag_hint(b->d, "No function matches the given name and argument "
										   "types. You might need to add explicit type casts.");
						return NULL;
					}
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

/*
 * The window an OVER clause or a WINDOW clause definition writes, with
 * the named window it builds on (looked up in defs, already resolved)
 * folded in, by PostgreSQL's rules: OVER name is that window; OVER (name
 * ...) takes its PARTITION BY and its ORDER BY (adding one only when it
 * has none), never its frame.
 */
fq_raw_window *
bind_resolve_window(binder *b, fq_raw_window *rw, fq_list *defs)
{
	fq_raw_window *ref = NULL;
	fq_raw_window *w;
	fq_raw_window *d;

	if (rw->refname == NULL)
		return rw;
	FQ_LIST_FOREACH(d, defs)
		if (bind_name_eq(d->name, rw->refname))
			ref = d;
	if (ref == NULL)
		return bind_fail_at(b, rw, FQ_ERR_UNDEFINED_OBJECT, "window \"%s\" does not exist",
							rw->refname);
	if (rw->bare)
		return ref;
	if (rw->partition_by != NULL)
		return bind_fail_at(b, rw, FQ_ERR_WINDOWING_ERROR,
							"cannot override PARTITION BY clause of window \"%s\"", rw->refname);
	if (rw->order_by != NULL && ref->order_by != NULL)
		return bind_fail_at(b, rw, FQ_ERR_WINDOWING_ERROR,
							"cannot override ORDER BY clause of window \"%s\"", rw->refname);
	if (ref->frame != FQ_FRAME_DEFAULT)
	{
		bind_fail_at(b, rw, FQ_ERR_WINDOWING_ERROR,
					 "cannot copy window \"%s\" because it has a frame clause", rw->refname);
		if (rw->order_by == NULL && rw->frame == FQ_FRAME_DEFAULT)
			fq_diag_hint(b->d, "Omit the parentheses in this OVER clause.");
		return NULL;
	}
	if ((w = FQ_NEW(b->a, fq_raw_window)) == NULL)
		return bind_nomem(b);
	*w = *rw;
	w->refname = NULL;
	w->partition_by = ref->partition_by;
	if (w->order_by == NULL)
		w->order_by = ref->order_by;
	return w;
}

/*
 * The type a RANGE frame's offset takes over an ORDER BY key of type
 * `key`, as PostgreSQL picks the in_range support function: the offset's
 * own type (an untyped literal: the key's) when one takes it, else the one
 * it converts to implicitly.
 */
static bool
range_offset_type(binder *b, const fq_type *key, const fq_type *off, const void *at, fq_type *out)
{
	static const fq_type_id ints[] = {FQ_T_INT8, FQ_T_INT4, FQ_T_INT2};
	static const fq_type_id int8[] = {FQ_T_INT8};
	static const fq_type_id float8[] = {FQ_T_FLOAT8};
	static const fq_type_id numeric[] = {FQ_T_DECIMAL};
	static const fq_type_id interval[] = {FQ_T_INTERVAL};
	const fq_type_id *cand;
	int ncand;
	fq_type_id preferred = off->id != FQ_T_UNKNOWN ? off->id : key->id;
	int nmatch = 0;

	switch (key->id)
	{
		case FQ_T_INT2:
		case FQ_T_INT4:
			cand = ints, ncand = 3;
			break;
		case FQ_T_INT8:
			cand = int8, ncand = 1;
			break;
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			cand = float8, ncand = 1;
			break;
		case FQ_T_DECIMAL:
			cand = numeric, ncand = 1;
			break;
		case FQ_T_DATE:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_TIME:
		case FQ_T_INTERVAL:
			cand = interval, ncand = 1;
			break;
		default:
			bind_fail_at(b, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
						 "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
						 bind_type_text(b, key));
			return false;
	}
	for (int i = 0; i < ncand; i++)
	{
		fq_type c = fq_type_make(cand[i]);

		if (cand[i] == preferred)
		{
			*out = c;
			return true;
		}
		if (fq_can_coerce(off, &c) && nmatch++ == 0)
			*out = c;
	}
	if (nmatch == 0)
	{
		bind_fail_at(b, at, FQ_ERR_UNDEFINED_FUNCTION,
					 "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s "
					 "and offset type %s", bind_type_text(b, key), bind_type_text(b, off));
		fq_diag_hint(b->d, "Cast the offset value to an appropriate type.");
		return false;
	}
	if (nmatch > 1)
	{
		bind_fail_at(b, at, FQ_ERR_AMBIGUOUS_FUNCTION,
					 "RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for "
					 "column type %s and offset type %s", bind_type_text(b, key),
					 bind_type_text(b, off));
		fq_diag_hint(b->d, "Cast the offset value to the exact intended type.");
		return false;
	}
	return true;
}

/* The OVER (...) part: partition and order expressions, the frame. */
static fq_expr *
bind_window_over(binder *b, bind_ctx *cx, fq_raw_func *f, fq_win_kind kind, fq_agg_kind agg,
				 fq_expr **args, int nargs, fq_expr *filter, fq_type type)
{
	fq_raw_window *rw = bind_resolve_window(b, f->window, b->windows);
	fq_window_expr *w = FQ_MAKE_NODE(b->a, fq_window_expr, FQ_N_EXPR_WINDOW);
	int npart;
	int norder;
	int n;
	int k = 0;
	fq_node *pe;
	fq_raw_sort_by *sb;
	bool was = cx->in_window;

	if (rw == NULL)
		return NULL;
	if (w == NULL)
		return bind_nomem(b);
	npart = fq_list_len(rw->partition_by);
	norder = fq_list_len(rw->order_by);
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
	if (b->skip_windows_at == b->depth)
	{
		/* finding an error PostgreSQL raises before this definition's:
		 * the call alone (bind_select) */
		w->npart = w->norder = 0;
		w->frame = FQ_FRAME_DEFAULT;
		w->start = w->end = FQ_BOUND_DEFAULT;
		if (filter != NULL)
		{
			w->kids[k++] = filter;
			w->has_filter = true;
		}
		w->nkids = k;
		return &w->e;
	}
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
	if (rw->frame == FQ_FRAME_GROUPS && norder == 0)
	{
		bind_fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause");
		goto fail;
	}
	if (rw->frame == FQ_FRAME_RANGE && (rw->start_offset != NULL || rw->end_offset != NULL) &&
		norder != 1)
	{
		bind_fail_at(b, f, FQ_ERR_WINDOWING_ERROR,
					 "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
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
		if ((e = bind_expr(b, cx, off)) == NULL)
			goto fail;
		if (rw->frame == FQ_FRAME_RANGE &&
			!range_offset_type(b, &w->kids[nargs + npart]->type, &e->type, off, &t))
			goto fail;
		if ((e = bind_coerce(b, e, &t, true, off)) == NULL)
			goto fail;
		if (!fq_expr_is_constant(e))
		{
			bind_fail_at(b, off, FQ_ERR_WINDOWING_ERROR, "argument of %s must not contain variables",
						 rw->frame == FQ_FRAME_ROWS ? "ROWS"
						 : rw->frame == FQ_FRAME_RANGE ? "RANGE" : "GROUPS");
			goto fail;
		}
		w->kids[k++] = e;
		if (side == 0)
			w->has_start_offset = true;
		else
			w->has_end_offset = true;
	}
	w->exclude = rw->exclude;
	cx->in_window = was;
	return &w->e;
fail:
	cx->in_window = was;
	if (b->window_failed_at == 0)
		b->window_failed_at = b->depth;
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

/* ---- Functions fedq does not know ---- */

/* The FROM item a column reference of the query, or of an enclosing one,
 * reads; NULL if none. */
static const brel *
var_rel(binder *b, bind_ctx *cx, const fq_var *v)
{
	const brel *r;

	for (int level = b->nouter; level >= 0; level--)
	{
		const scope *sc = level == b->nouter ? cx->sc : b->outer[level];

		FQ_LIST_FOREACH(r, sc->rels)
			for (int k = 0; k < r->ncols; k++)
				if (r->rels[k] == v->rel && r->cols[k] == v->col)
					return r;
	}
	return NULL;
}

/* Where the columns a call's arguments read come from. */
typedef struct arg_sources
{
	binder *b;
	bind_ctx *cx;
	const fq_source *src;   /* the first source */
	const fq_source *other; /* a second one */
	const char *computed;   /* a column fedq computes */
} arg_sources;

static bool
arg_sources_walker(fq_expr *e, void *ctx)
{
	arg_sources *w = ctx;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		const brel *r = var_rel(w->b, w->cx, (const fq_var *) e);

		if (r == NULL || r->source == NULL)
			w->computed = ((const fq_var *) e)->name != NULL ? ((const fq_var *) e)->name : "?";
		else if (w->src == NULL)
			w->src = r->source;
		else if (!fq_same_source(w->src, r->source))
			w->other = r->source;
		return false;
	}
	return fq_expr_walk_children(e, arg_sources_walker, ctx);
}

/* The one source every FROM item of the query reads, or NULL. */
static const fq_source *
scope_source(const scope *sc)
{
	const fq_source *src = NULL;
	const brel *r;

	FQ_LIST_FOREACH(r, sc->rels)
	{
		if (r->source == NULL || (src != NULL && !fq_same_source(src, r->source)))
			return NULL;
		src = r->source;
	}
	return src;
}

/*
 * A call of a function fedq does not have (or one qualified with the
 * schema of a source): bound as the source's own function (FQ_F_SOURCE),
 * sent to the source by name, typed by the source's description of the
 * call.  Its source is the one whose columns the arguments read; with
 * constant arguments only, the one the query's FROM items all read; a
 * schema qualifying it names its source (an external schema: its schema
 * at the source; a warehouse schema: the warehouse).  Unqualified, an
 * external source looks it up in pg_catalog only (its sessions have
 * search_path=pg_catalog, as postgres_fdw's).
 */
static fq_expr *
bind_source_call_as(binder *b, bind_ctx *cx, fq_raw_func *f, const char *op, fq_expr **args,
					int nargs)
{
	fq_session *s = b->s;
	const fq_source *at = NULL;
	const char *schema = NULL;
	arg_sources w = {b, cx, NULL, NULL, NULL};
	fq_source_func *fn;
	const char *probe;
	fq_pg_call_desc desc;
	fq_func_expr *call;
	int ndiags = fq_diags_count(b->d);

	if (f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0)
	{
		const fq_ext_schema *ext = fq_store_find(&s->store, f->schema);

		if (ext != NULL)
		{
			if ((at = fq_session_ext_source(s, ext, b->a)) == NULL)
				return bind_nomem(b);
			schema = ext->remote_schema;
		}
		else if (s->warehouse != NULL)
		{
			at = &s->warehouse_source;
			schema = f->schema;
		}
		else
		{
			bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s.%s does not exist",
						 f->schema, f->name);
			fq_diag_hint(b->d, "\"%s\" is not an external schema, and this connection has no "
							   "warehouse (no Server connection key).", f->schema);
			return NULL;
		}
	}
	else if (f->schema != NULL)
		schema = "pg_catalog";
	fn = FQ_NEW(b->a, fq_source_func);
	if (fn == NULL ||
		(fn->label = f->schema != NULL ? fq_arena_printf(b->a, "%s.%s", f->schema, f->name)
									   : f->name) == NULL)
		return bind_nomem(b);
	fn->schema = schema;
	fn->name = f->name;
	fn->op = op;

	for (int i = 0; i < nargs; i++)
	{
		/* a column fedq reads as text goes back to its own type */
		const brel *r = FQ_IS(args[i], FQ_N_EXPR_VAR)
			? var_rel(b, cx, (const fq_var *) args[i]) : NULL;
		int col = r != NULL ? ((const fq_var *) args[i])->col : -1;

		if (r != NULL && r->rte != NULL && ((const fq_var *) args[i])->rel == r->rte->rel &&
			col >= 0 && col < r->rte->meta->ncols && r->rte->meta->cols[col].text_cast &&
			r->rte->meta->cols[col].source_type != NULL)
		{
			if (fn->arg_types == NULL &&
				(fn->arg_types = FQ_NEW_ARRAY(b->a, const char *, nargs)) == NULL)
				return bind_nomem(b);
			((const char **) fn->arg_types)[i] = r->rte->meta->cols[col].source_type;
		}
		arg_sources_walker(args[i], &w);
		if (args[i]->type.id == FQ_T_UNKNOWN && !FQ_IS(args[i], FQ_N_EXPR_CONST))
		{
			if (FQ_IS(args[i], FQ_N_EXPR_PARAM))
				return bind_fail_at(b, args[i], FQ_ERR_INDETERMINATE_DATATYPE,
									"could not determine data type of parameter $%d",
									((const fq_param *) args[i])->number);
			return bind_fail_at(b, args[i], FQ_ERR_INDETERMINATE_DATATYPE,
								"could not determine the data type of argument %d of %s", i + 1,
								fn->label);
		}
	}
	if (w.computed != NULL)
	{
		bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "%s %s is not one fedq can compute, and column \"%s\" of its "
					 "arguments is not read from one source",
					 fq_source_func_kind(fn), fn->label, w.computed);
		fq_diag_hint(b->d, "fedq sends a function it does not have to the source whose tables "
						   "its arguments read: apply it where the column comes from that source "
						   "(inside each input of a UNION, or in a subquery over one source's "
						   "tables).");
		return NULL;
	}
	if (w.other != NULL)
	{
		bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "%s %s is not one fedq can compute, and its arguments read columns "
					 "of %s and of %s",
					 fq_source_func_kind(fn), fn->label, w.src->label, w.other->label);
		fq_diag_hint(b->d, "fedq sends a function it does not have to the one source whose "
						   "tables its arguments read.");
		return NULL;
	}
	if (at != NULL && w.src != NULL && !fq_same_source(at, w.src))
	{
		bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "%s %s runs at %s, and its arguments read columns of %s",
					 fq_source_func_kind(fn), fn->label,
					 at->label, w.src->label);
		fq_diag_hint(b->d, "A function of a source's schema takes columns of that source's "
						   "tables.");
		return NULL;
	}
	fn->source = at != NULL ? at : w.src != NULL ? w.src : scope_source(cx->sc);
	if (fn->source == NULL)
	{
		if (op != NULL)
			bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "operator %s is not one fedq can "
						 "compute", op);
		else
			bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s does not exist",
						 call_text(b, f, args, nargs));
		fq_diag_hint(b->d, "fedq does not have it, and sends a function it does not have to a "
						   "source only when its arguments read columns of that source's tables "
						   "(constant arguments: when the query reads tables of one source "
						   "only). docs/sql.md lists the functions fedq runs.");
		return NULL;
	}
	if (f->star)
		return bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"%s(*) is an aggregate fedq does not have; fedq computes only the "
							"aggregates docs/sql.md lists", fn->label);

	if ((probe = fq_deparse_source_probe(b->a, fn, args, nargs)) == NULL)
		return bind_nomem(b);
	if (fq_session_describe_call(s, fn->source, probe, &desc, b->d) < 0)
	{
		const fq_diag *e = fq_diags_count(b->d) > ndiags ? fq_diags_get(b->d, ndiags) : NULL;

		fq_diag_position(b->d, bind_pos(b, f));
		if (e != NULL && strcmp(e->sqlstate, "42883") == 0 && f->schema == NULL &&
			fn->source->kind == FQ_SOURCE_EXTERNAL)
			fq_diag_hint(b->d, "fedq does not have this function, and %s has none of that name "
							   "and argument types in pg_catalog, where a source looks up a name "
							   "without a schema. Call a function of the source's own schema "
							   "with its external schema's name: %s.%s(...).",
						 fn->source->label, fn->source->ext->name, f->name);
		return NULL;
	}
	if (desc.kind != FQ_PG_CALL_PLAIN)
	{
		bind_fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED, "function %s is %s at %s; fedq sends "
					 "a source only functions that return one value per row",
					 fn->label, desc.kind == FQ_PG_CALL_AGGREGATE ? "an aggregate"
					 : "set-returning", fn->source->label);
		fq_diag_hint(b->d, desc.kind == FQ_PG_CALL_AGGREGATE
					 ? "fedq computes only the aggregates docs/sql.md lists."
					 : "A set-returning function in the select list makes rows fedq cannot "
					   "plan for.");
		return NULL;
	}
	if (f->distinct || f->filter != NULL)
		return bind_fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE,
							"%s specified, but %s is not an aggregate function",
							f->distinct ? "DISTINCT" : "FILTER", fn->label);
	fn->text_cast = desc.text_cast;
	fn->out_func = desc.out_func;
	call = (fq_func_expr *) bind_make_func(b, FQ_F_SOURCE, desc.type, nargs, args, f);
	if (call == NULL)
		return NULL;
	call->src = fn;
	return &call->e;
}

static fq_expr *
bind_source_call(binder *b, bind_ctx *cx, fq_raw_func *f, fq_expr **args, int nargs)
{
	return bind_source_call_as(b, cx, f, NULL, args, nargs);
}

/*
 * An operator fedq does not compute itself (the regular expression
 * operators, SIMILAR TO): like a function fedq does not have, sent to the
 * source its arguments read, written between them, and typed boolean by
 * that source's description of it.
 */
fq_expr *
bind_source_op(binder *b, bind_ctx *cx, const fq_node *at, const char *op, fq_expr **args,
			   int nargs)
{
	fq_raw_func *f = FQ_NEW(b->a, fq_raw_func);

	if (f == NULL)
		return bind_nomem(b);
	f->n.tag = FQ_N_RAW_FUNC;
	f->n.location = at->location;
	f->name = op;
	return bind_source_call_as(b, cx, f, op, args, nargs);
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

/* A raw call name(args) at f's place. */
static fq_raw_func *
raw_call(binder *b, const fq_raw_func *f, const char *name, fq_list *args)
{
	fq_raw_func *c = FQ_NEW(b->a, fq_raw_func);

	if (c == NULL)
		return bind_nomem(b);
	c->n = f->n;
	c->name = name;
	c->args = args;
	return c;
}

/*
 * Redshift's CONVERT_TIMEZONE(['source',] 'target', ts): ts read as a
 * timestamp in the source zone (UTC when not given), shown in the target
 * zone -- PostgreSQL's timezone(target, timezone(source, ts::timestamp)),
 * which the source computes (fedq has no time zone database).
 */
static fq_expr *
bind_convert_timezone(binder *b, bind_ctx *cx, fq_raw_func *f)
{
	int nargs = fq_list_len(f->args);
	fq_raw_cast *ts;
	fq_raw_type_name *t;
	fq_raw_const *utc;
	fq_node *src;
	fq_raw_func *inner;
	fq_raw_func *outer;
	fq_list *args = NULL;

	if (fq_stack_check(b->d) < 0)
		return NULL;
	if (nargs < 2 || nargs > 3)
		return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
							"function convert_timezone takes 2 or 3 arguments");
	ts = FQ_NEW(b->a, fq_raw_cast);
	t = FQ_NEW(b->a, fq_raw_type_name);
	utc = FQ_NEW(b->a, fq_raw_const);
	if (ts == NULL || t == NULL || utc == NULL)
		return bind_nomem(b);
	ts->n = f->n;
	ts->n.tag = FQ_N_RAW_CAST;
	t->n = f->n;
	t->n.tag = FQ_N_RAW_TYPE_NAME;
	t->name = "timestamp without time zone";
	ts->type = t;
	ts->arg = fq_list_nth(f->args, nargs - 1);
	utc->n = f->n;
	utc->n.tag = FQ_N_RAW_CONST;
	utc->kind = FQ_CONST_STRING;
	utc->text = "UTC";
	utc->len = 3;
	src = nargs == 3 ? fq_list_nth(f->args, 0) : &utc->n;
	if ((args = fq_lappend(b->a, args, src)) == NULL || (args = fq_lappend(b->a, args, ts)) == NULL ||
		(inner = raw_call(b, f, "timezone", args)) == NULL)
		return bind_nomem(b);
	args = NULL;
	if ((args = fq_lappend(b->a, args, fq_list_nth(f->args, nargs - 2))) == NULL ||
		(args = fq_lappend(b->a, args, inner)) == NULL ||
		(outer = raw_call(b, f, "timezone", args)) == NULL)
		return bind_nomem(b);
	return bind_func(b, cx, outer);
}

fq_expr *
bind_func(binder *b, bind_ctx *cx, fq_raw_func *f)
{
	int nargs = fq_list_len(f->args);
	fq_expr **args;
	const bind_agg_def *agg;
	bool own;
	bool known;

	if (f->over)
		return bind_window(b, cx, f);
	/* a source's own schema: its function, whatever fedq has of the name */
	own = f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0;
	if (!own && (agg = bind_agg_lookup(f->name)) != NULL)
		return bind_aggregate(b, cx, f, agg);
	if (!own && fname(f, "convert_timezone") && !f->star && !f->distinct && f->filter == NULL &&
		f->agg_order == NULL && !f->within_group)
		return bind_convert_timezone(b, cx, f);
	known = !own && (f->special || fq_func_lookup(f->name) != NULL || fname(f, "now") ||
					 fname(f, "getdate") || fname(f, "sysdate") || fname(f, "grouping") ||
					 fname(f, "coalesce") || fname(f, "nvl") || fname(f, "greatest") ||
					 fname(f, "least") || fname(f, "nullif"));
	if (known && (f->star || f->distinct || f->filter != NULL || f->agg_order != NULL ||
				  f->within_group))
		return bind_fail_at(b, f, f->within_group ? FQ_ERR_UNDEFINED_FUNCTION
								  : FQ_ERR_WRONG_OBJECT_TYPE,
							f->within_group ? "function %s does not exist"
								  : "%s is not an aggregate function", f->name);
	if (!known && (f->agg_order != NULL || f->within_group))
	{
		/* an ordered aggregate fedq does not have: not sent to a source */
		bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "aggregate %s%s%s does not exist",
					 f->schema != NULL ? f->schema : "", f->schema != NULL ? "." : "", f->name);
		fq_diag_hint(b->d, "fedq computes only the aggregates docs/sql.md lists; a source's own "
						   "aggregates are not sent to it.");
		return NULL;
	}
	if (!known)
	{
		/* a function fedq does not have: perhaps the source's */
		if ((args = bind_expr_array(b, nargs)) == NULL)
			return bind_nomem(b);
		for (int i = 0; i < nargs; i++)
			if ((args[i] = bind_expr(b, cx, fq_list_nth(f->args, i))) == NULL)
				return NULL;
		return bind_source_call(b, cx, f, args, nargs);
	}

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
				/* varchar has no = of its own: PostgreSQL compares it as
				 * text (texteq), so NULLIF(varchar, varchar) is text, and
				 * beside a CHAR it compares as text, not as CHAR, with
				 * NULLIF(NULLIF(v, v), c) text too (random seed 1109,
				 * ShipToWarehouse=always, typed CHAR). */
				if (args[0]->type.id == FQ_T_VARCHAR && args[0]->type.length != -1 &&
					ct.id == FQ_T_VARCHAR)
				{
					fq_type text = fq_type_varchar(-1);

					if ((args[0] = bind_coerce(b, args[0], &text, true, f)) == NULL)
						return NULL;
				}
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
	return bind_call(b, f, fq_func_lookup(f->name), args, nargs);
bad_args:
	return bind_fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
						"function %s does not take %d argument%s", f->name, nargs, nargs == 1 ? "" : "s");
}
