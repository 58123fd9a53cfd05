/*
 * bind.c — the binder's entry (fq_bind_query): resolves a parsed query
 * against the one catalog and builds its logical plan.  Its parts, split
 * as PostgreSQL splits its parser: select.c (a SELECT's clauses), setop.c
 * (UNION and the like), clause.c (FROM and WHERE), sublink.c (subqueries),
 * expr.c (expressions), func.c (function calls, aggregates, windows),
 * common.c (what they share); bind_int.h holds their common state.
 *
 * A SELECT becomes, bottom up:
 *
 *   Scan/Join/Values (FROM, or a VALUES list) → Filter (WHERE) → Aggregate
 *   (GROUP BY, aggregates) → Filter (HAVING) → Project (select list, plus
 *   hidden ORDER BY and DISTINCT ON keys) → Aggregate (DISTINCT) → Sort
 *   (ORDER BY) → Unique (DISTINCT ON) → Limit → Project (drops hidden
 *   keys)
 *
 * Names resolve as PostgreSQL does: unquoted identifiers were folded by the
 * lexer, a column name must be unambiguous among the FROM items in scope,
 * a table name is looked up in the named schema or along SearchPath.
 * Expressions are typed as they are bound; implicit conversions become
 * explicit cast nodes, so the executor and the deparser see every
 * conversion.  Untyped literals are parsed into the type their context
 * needs at bind time.
 *
 * Before binding, a cheap pre-pass looks at every table the statement
 * names: when none is in an external schema (and no function is qualified
 * with one) the statement goes to the warehouse as it is, and nothing is
 * bound.  Before a statement is bound (or the pre-pass looks names up),
 * every table name it has is looked up at once, one catalog query per
 * source (prefetch_tables), instead of one query per name and schema.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
bind_query(binder *b, fq_node *q, fq_plan **out)
{
	int rc;

	if (fq_stack_check(b->d) < 0)
		return FQ_ERROR;
	b->depth++;
	if (FQ_IS(q, FQ_N_STMT_SELECT))
		rc = bind_select(b, (fq_select_stmt *) q, out);
	else if (FQ_IS(q, FQ_N_STMT_SETOP))
		rc = bind_setop(b, (fq_setop_stmt *) q, out);
	else
		rc = fq_raise(b->d, FQ_ERR_INTERNAL_ERROR, bind_pos(b, q), "unrecognized query node %s",
					  fq_node_tag_name(FQ_TAG(q)));
	b->depth--;
	return rc;
}

/* ---- Pre-pass: does the statement read any external table? ---- */
typedef struct scan_ctx
{
	binder *b;
	fq_list *ctes;   /* every CTE name defined anywhere (names only shadow) */
	bool unqualified; /* SearchPath has an external schema: resolve bare names */
	bool external;
	bool failed;
} scan_ctx;

static bool
collect_ctes(fq_node *n, void *arg)
{
	scan_ctx *sx = arg;

	if (FQ_IS(n, FQ_N_RAW_CTE))
		if ((sx->ctes = fq_lappend(sx->b->a, sx->ctes, (void *) ((fq_raw_cte *) n)->name)) == NULL)
		{
			sx->failed = true;
			return true;
		}
	return fq_raw_walk_children(n, collect_ctes, arg);
}

static bool
is_cte_name(scan_ctx *sx, const char *name)
{
	const char *cte;

	FQ_LIST_FOREACH(cte, sx->ctes)
		if (bind_name_eq(cte, name))
			return true;
	return false;
}

static bool
find_external(fq_node *n, void *arg)
{
	scan_ctx *sx = arg;
	fq_session *s = sx->b->s;

	/* a function of an external schema's source (func.c) */
	if (FQ_IS(n, FQ_N_RAW_FUNC) && ((fq_raw_func *) n)->schema != NULL &&
		fq_store_find(&s->store, ((fq_raw_func *) n)->schema) != NULL)
	{
		sx->external = true;
		return true;
	}
	if (FQ_IS(n, FQ_N_RAW_RANGE_VAR))
	{
		fq_raw_range_var *rv = (fq_raw_range_var *) n;
		const fq_sysview *sv = rv->catalog == NULL ? fq_sysview_find(rv->schema, rv->name) : NULL;

		/* fedq's system views; information_schema only once there is an
		 * external schema to add (the warehouse's own answer is the same
		 * before).  A CTE of the name hides an unqualified one. */
		const fq_view_def *view = NULL;

		/* A late-binding view of fedq's catalog store: fedq expands it. */
		if (rv->catalog == NULL && s->store.nviews > 0 &&
			(rv->schema != NULL || !is_cte_name(sx, rv->name)))
		{
			if (fq_find_view(s, rv->schema, rv->name, false, sx->b->a, &view, sx->b->d) < 0)
			{
				sx->failed = true;
				return true;
			}
		}
		if (view != NULL)
			sx->external = true;
		else if (sv != NULL && (!sv->needs_external || s->store.nschemas > 0 ||
								s->store.nviews > 0) &&
			(rv->schema != NULL || !is_cte_name(sx, rv->name)))
			sx->external = true;
		else if (rv->schema != NULL)
		{
			if (fq_store_find(&s->store, rv->schema) != NULL)
				sx->external = true;
		}
		else
		{
			const char *cte;
			bool shadowed = false;

			FQ_LIST_FOREACH(cte, sx->ctes)
				if (bind_name_eq(cte, rv->name))
					shadowed = true;
			/* Unqualified: only SearchPath entries before the warehouse's
			 * schemas that are external matter; resolve for real. */
			if (!shadowed && sx->unqualified)
				for (int i = 0; i < s->nrel_search; i++)
				{
					const fq_ext_schema *ext = fq_store_find(&s->store, s->rel_search[i]);
					const fq_pg_table *t = NULL;
					const fq_source *src;

					if (ext == NULL)
					{
						if (s->warehouse == NULL)
							continue;
						if (fq_session_lookup_table(s, &s->warehouse_source, s->rel_search[i],
													rv->name, &t, sx->b->d) < 0)
						{
							sx->failed = true;
							return true;
						}
						if (t != NULL)
							break; /* the warehouse's: stays local */
						continue;
					}
					src = fq_session_ext_source(s, ext, sx->b->a);
					if (src == NULL ||
						fq_session_lookup_table(s, src, ext->remote_schema, rv->name, &t,
												sx->b->d) < 0)
					{
						sx->failed = true;
						return true;
					}
					if (t != NULL)
					{
						sx->external = true;
						break;
					}
				}
		}
		if (sx->external)
			return true;
	}
	return fq_raw_walk_children(n, find_external, arg);
}

/* ---- Prefetch: the tables the statement may read, asked at once ---- */
typedef struct want_ctx
{
	scan_ctx *sx;
	fq_meta_want *w;
	int n;
	int cap;
	bool failed;
} want_ctx;

static void
add_want(want_ctx *wc, const fq_source *src, const char *remote_schema, const char *table,
		 bool speculative)
{
	if (wc->n == wc->cap)
	{
		int cap = wc->cap > 0 ? wc->cap * 2 : 16;
		fq_meta_want *grown = fq_arena_realloc(wc->sx->b->a, wc->w,
											   sizeof(*grown) * (size_t) wc->cap,
											   sizeof(*grown) * (size_t) cap);

		if (grown == NULL)
		{
			wc->failed = true;
			return;
		}
		wc->w = grown;
		wc->cap = cap;
	}
	wc->w[wc->n++] = (fq_meta_want){.src = src, .remote_schema = remote_schema, .table = table,
									.speculative = speculative};
}

/* Where schema (a name the statement or SearchPath gives) is looked up:
 * its source and the schema's name there; false when nowhere. */
static bool
schema_source(want_ctx *wc, const char *schema, const fq_source **src, const char **remote)
{
	fq_session *s = wc->sx->b->s;
	const fq_ext_schema *ext = fq_store_find(&s->store, schema);

	if (ext != NULL)
	{
		if ((*src = fq_session_ext_source(s, ext, wc->sx->b->a)) == NULL)
			wc->failed = true;
		*remote = ext->remote_schema;
		return *src != NULL;
	}
	*src = &s->warehouse_source;
	*remote = schema;
	return s->warehouse != NULL;
}

/* Whether rv may name a table: not another database's (the binder refuses
 * those), nor one of fedq's system views. */
static bool
may_name_table(fq_session *s, const fq_raw_range_var *rv)
{
	if (rv->catalog != NULL)
		return bind_name_eq(rv->catalog, fq_session_database(s));
	return fq_sysview_find(rv->schema, rv->name) == NULL;
}

/*
 * Each table name as resolve_table (clause.c) and fq_find_view look it up:
 * a qualified one in its schema, an unqualified one along SearchPath,
 * where only the first schema is certain to be asked.  A CTE's name is
 * not a table's.
 */
static bool
collect_wants(fq_node *n, void *arg)
{
	want_ctx *wc = arg;
	fq_session *s = wc->sx->b->s;
	fq_raw_range_var *rv = FQ_IS(n, FQ_N_RAW_RANGE_VAR) ? (fq_raw_range_var *) n : NULL;
	const fq_source *src;
	const char *remote;

	if (wc->failed)
		return true;
	if (rv != NULL && may_name_table(s, rv) && rv->schema != NULL)
	{
		if (schema_source(wc, rv->schema, &src, &remote))
			add_want(wc, src, remote, rv->name, false);
	}
	else if (rv != NULL && may_name_table(s, rv) && !is_cte_name(wc->sx, rv->name))
	{
		bool first = true;

		for (int i = 0; i < s->nrel_search && !wc->failed; i++)
			if (schema_source(wc, s->rel_search[i], &src, &remote))
			{
				add_want(wc, src, remote, rv->name, !first);
				/* the temporary schema, rarely holding the name, leaves
				 * the next schema as sure to be asked */
				first = first && strcmp(s->rel_search[i], "pg_temp") == 0;
			}
	}
	return fq_raw_walk_children(n, collect_wants, arg);
}

/*
 * Looks up every table the statement names, one catalog query per source
 * (fq_session_prefetch_tables), so that the lookups of binding find them
 * cached.  Only an optimisation: binding looks each name up as before.
 */
static int
prefetch_tables(scan_ctx *sx, fq_node *ast)
{
	want_ctx wc = {.sx = sx};

	collect_wants(ast, &wc);
	if (wc.failed)
		return fq_raise_nomem(sx->b->d, sx->b->a);
	return fq_session_prefetch_tables(sx->b->s, wc.w, wc.n, sx->b->d);
}

/* schema.name if it is a view of the kind asked for. */
static const fq_view_def *
view_of_kind(fq_session *s, const char *schema, const char *name, bool materialized)
{
	const fq_view_def *v = fq_store_find_view(&s->store, schema, name);

	return v != NULL && v->materialized == materialized ? v : NULL;
}

int
fq_find_view(fq_session *s, const char *schema, const char *name, bool materialized,
			 fq_arena *a, const fq_view_def **out, fq_diags *d)
{
	bool any = false;

	*out = NULL;
	for (int i = 0; i < s->store.nviews && !any; i++)
		any = strcmp(s->store.views[i].name, name) == 0 &&
			s->store.views[i].materialized == materialized;
	if (!any)
		return FQ_OK;
	if (schema != NULL)
	{
		*out = view_of_kind(s, schema, name, materialized);
		return FQ_OK;
	}
	/* Along SearchPath, as a table is found: the first schema that has a
	 * view or a table of the name decides. */
	for (int i = 0; i < s->nrel_search; i++)
	{
		const char *sp = s->rel_search[i];
		const fq_ext_schema *ext = fq_store_find(&s->store, sp);
		const fq_source *src;
		const char *remote = sp;
		const fq_pg_table *t = NULL;

		if (ext == NULL && (*out = view_of_kind(s, sp, name, materialized)) != NULL)
			return FQ_OK;
		if (ext != NULL)
		{
			if ((src = fq_session_ext_source(s, ext, a)) == NULL)
				return fq_raise_nomem(d, a);
			remote = ext->remote_schema;
		}
		else if (s->warehouse != NULL)
			src = &s->warehouse_source;
		else
			continue;
		if (fq_session_lookup_table(s, src, remote, name, &t, d) < 0)
			return FQ_ERROR;
		if (t != NULL)
			return FQ_OK;
	}
	return FQ_OK;
}

int
fq_bind_view_columns(fq_stmt *st, const fq_view_def *v, fq_arena *a, fq_plan_col **cols,
					 int *ncols, fq_diags *d)
{
	binder b = {.st = st, .s = st->s, .a = a, .d = d, .next_rel = 1};
	int saved_nx = st->nxparams;
	int saved_nctes = st->nctes;
	fq_plan *p;
	const char **names;

	*cols = NULL;
	*ncols = 0;
	b.param_types = FQ_NEW_ARRAY(a, fq_type, 1);
	if (b.param_types == NULL)
		return fq_raise_nomem(d, a);
	p = bind_view_query(&b, v, -1, &names);
	st->nxparams = saved_nx;
	st->nctes = saved_nctes;
	if (p == NULL)
		return FQ_ERROR;
	for (int i = 0; i < p->nout; i++)
		p->out[i].name = names[i];
	*cols = p->out;
	*ncols = p->nout;
	return FQ_OK;
}

static bool
search_path_has_external(fq_session *s)
{
	for (int i = 0; i < s->nsearch; i++)
		if (fq_store_find(&s->store, s->search_path[i]) != NULL)
			return true;
	return false;
}

static int
bind_statement(binder *b, scan_ctx *sx, fq_node *ast, fq_plan **out, bool *warehouse_only)
{
	fq_stmt *st = b->st;
	bool prefetched = false;

	collect_ctes(ast, sx);
	if (sx->failed)
		return fq_raise_nomem(b->d, b->a);
	if (st->s->warehouse != NULL && warehouse_only != NULL)
	{
		/* Without an external schema on SearchPath only qualified names can
		 * reach one: no lookups needed. */
		sx->unqualified = search_path_has_external(st->s);
		/* With one, finding out looks names up: all at once. */
		if (sx->unqualified)
		{
			if (prefetch_tables(sx, ast) < 0)
				return FQ_ERROR;
			prefetched = true;
		}
		find_external(ast, sx);
		if (sx->failed)
			return FQ_ERROR;
		if (!sx->external)
		{
			*warehouse_only = true;
			return FQ_OK;
		}
	}
	if (!prefetched && prefetch_tables(sx, ast) < 0)
		return FQ_ERROR;
	b->nparams = st->nparams;
	b->param_types = FQ_NEW_ARRAY(b->a, fq_type, b->nparams > 0 ? b->nparams : 1);
	if (b->param_types == NULL)
		return fq_raise_nomem(b->d, b->a);
	if (bind_query(b, ast, out) < 0)
		return FQ_ERROR;
	st->next_rel = b->next_rel;
	return FQ_OK;
}

int
fq_bind_query(fq_stmt *st, fq_node *ast, fq_plan **out, bool *warehouse_only, fq_diags *d)
{
	binder b = {.st = st, .s = st->s, .a = st->arena, .d = d, .next_rel = 1};
	scan_ctx sx = {.b = &b};
	int rc;

	*out = NULL;
	if (warehouse_only != NULL)
		*warehouse_only = false;
	rc = bind_statement(&b, &sx, ast, out, warehouse_only);
	/* What the prefetch could not ask is asked again by the next one. */
	fq_session_prefetch_done(st->s);
	return rc;
}
