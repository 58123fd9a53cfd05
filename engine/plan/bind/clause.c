/*
 * clause.c — FROM and WHERE (PostgreSQL's parse_clause.c): tables resolved
 * along the search path, CTEs, derived tables, joins with ON and USING,
 * system views, and WHERE with its EXISTS/IN conjuncts.
 */
#include "plan/bind/bind_int.h"
#include "sql/lexer.h"
#include "sql/parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static fq_plan *bind_sysview(binder *b, scope *sc, fq_raw_range_var *rv, const fq_sysview *v);

/* ---- FROM ---- */
brel *
bind_new_rel(binder *b, int ncols)
{
	brel *r = FQ_NEW(b->a, brel);

	if (r == NULL)
		return NULL;
	r->ncols = ncols;
	r->names = FQ_NEW_ARRAY(b->a, const char *, ncols > 0 ? ncols : 1);
	r->types = FQ_NEW_ARRAY(b->a, fq_type, ncols > 0 ? ncols : 1);
	r->nullable = FQ_NEW_ARRAY(b->a, int, ncols > 0 ? ncols : 1);
	r->rels = FQ_NEW_ARRAY(b->a, int, ncols > 0 ? ncols : 1);
	r->cols = FQ_NEW_ARRAY(b->a, int, ncols > 0 ? ncols : 1);
	if (r->names == NULL || r->types == NULL || r->nullable == NULL || r->rels == NULL ||
		r->cols == NULL)
		return NULL;
	return r;
}

static bool
add_rel(binder *b, scope *sc, brel *r, const void *at)
{
	brel *other;

	FQ_LIST_FOREACH(other, sc->rels)
		if (bind_name_eq(other->alias, r->alias) && bind_name_eq(other->schema, r->schema))
		{
			bind_fail_at(b, at, FQ_ERR_DUPLICATE_ALIAS, "table name \"%s\" specified more than once",
						 r->alias);
			return false;
		}
	if ((sc->rels = fq_lappend(b->a, sc->rels, r)) == NULL)
	{
		bind_nomem(b);
		return false;
	}
	return true;
}

/* Resolves a table name to its source and description. */
static int
resolve_table(binder *b, const fq_raw_range_var *rv, fq_rte **out)
{
	fq_session *s = b->s;
	const fq_pg_table *t = NULL;
	const fq_source *src = NULL;
	const char *schema = rv->schema;
	const char *remote_schema = NULL;
	fq_rte *rte;

	if (rv->catalog != NULL && !bind_name_eq(rv->catalog, fq_session_database(s)))
	{
		bind_fail_at(b, rv, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "cross-database references are not implemented: \"%s.%s.%s\"", rv->catalog,
					 rv->schema, rv->name);
		return FQ_ERROR;
	}
	if (schema != NULL)
	{
		const fq_ext_schema *ext = fq_store_find(&s->store, schema);

		if (ext != NULL)
		{
			src = fq_session_ext_source(s, ext, b->a);
			if (src == NULL)
				return fq_raise_nomem(b->d, b->a);
			remote_schema = ext->remote_schema;
		}
		else if (s->warehouse != NULL)
		{
			src = &s->warehouse_source;
			remote_schema = schema;
		}
		else
		{
			bind_fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", schema,
						 rv->name);
			fq_diag_hint(b->d, "\"%s\" is not an external schema, and this connection has no "
							   "warehouse (no Server connection key).", schema);
			return FQ_ERROR;
		}
		if (fq_session_lookup_table(s, src, remote_schema, rv->name, &t, b->d) < 0)
			return FQ_ERROR;
		if (t == NULL)
		{
			bind_fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", schema,
						 rv->name);
			if (ext != NULL)
				fq_diag_hint(b->d, "External schema \"%s\" is schema \"%s\" of database \"%s\" "
								   "at %s:%d.", schema, ext->remote_schema, ext->database,
							 ext->uri, ext->port);
			return FQ_ERROR;
		}
	}
	else
	{
		for (int i = 0; i < s->nrel_search && t == NULL; i++)
		{
			const fq_ext_schema *ext = fq_store_find(&s->store, s->rel_search[i]);

			if (ext != NULL)
			{
				src = fq_session_ext_source(s, ext, b->a);
				if (src == NULL)
					return fq_raise_nomem(b->d, b->a);
				remote_schema = ext->remote_schema;
			}
			else if (s->warehouse != NULL)
			{
				src = &s->warehouse_source;
				remote_schema = s->rel_search[i];
			}
			else
				continue;
			if (fq_session_lookup_table(s, src, remote_schema, rv->name, &t, b->d) < 0)
				return FQ_ERROR;
			schema = s->rel_search[i];
		}
		if (t == NULL)
		{
			bind_fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->name);
			if (s->warehouse == NULL)
				fq_diag_hint(b->d, "Qualify the table with its external schema, or add the "
								   "schema to the SearchPath connection key.");
			return FQ_ERROR;
		}
	}
	rte = FQ_NEW(b->a, fq_rte);
	if (rte == NULL)
		return fq_raise_nomem(b->d, b->a);
	rte->meta = fq_pg_table_copy(b->a, t);
	rte->schema = fq_arena_strdup(b->a, schema);
	rte->remote_schema = fq_arena_strdup(b->a, remote_schema);
	rte->table = rte->meta ? rte->meta->name : NULL;
	rte->source = src;
	rte->alias = rv->alias != NULL ? rv->alias : rv->name;
	rte->rel = b->next_rel++;
	if (rte->meta == NULL || rte->schema == NULL || rte->remote_schema == NULL)
		return fq_raise_nomem(b->d, b->a);
	*out = rte;
	return FQ_OK;
}

static fq_raw_cte *
find_cte(binder *b, const char *name)
{
	for (int i = fq_list_len(b->ctes) - 1; i >= 0; i--)
	{
		fq_raw_cte *c = fq_list_nth(b->ctes, i);

		if (bind_name_eq(c->name, name))
			return c;
	}
	return NULL;
}

int
bind_with(binder *b, fq_list *with)
{
	fq_raw_cte *cte;

	FQ_LIST_FOREACH(cte, with)
	{
		bind_cte *def = FQ_NEW(b->a, bind_cte);

		if (def == NULL || (b->ctes = fq_lappend(b->a, b->ctes, cte)) == NULL ||
			(b->cte_defs = fq_lappend(b->a, b->cte_defs, def)) == NULL)
			return fq_raise_nomem(b->d, b->a);
		def->raw = cte;
		def->id = -1;
		def->nouter = b->nouter;
	}
	return FQ_OK;
}

/*
 * A reference to a (not recursive) CTE: its query bound for the reference
 * (sub), under a CTE Scan that fq_plan_ctes (plan/cte.c) either turns
 * into a read of the CTE's rows computed once or replaces with sub.
 */
static fq_plan *
bind_cte_ref(binder *b, const fq_raw_cte *cte, fq_plan *sub)
{
	bind_cte *def = NULL;
	bind_cte *c;
	fq_plan_ctescan *cs;

	FQ_LIST_FOREACH(c, b->cte_defs)
		if (c->raw == cte)
			def = c;
	if (def == NULL)
		return sub; /* not from a WITH the binder saw: inline */
	if (def->id < 0)
		def->id = b->st->nctes++;
	if ((cs = FQ_MAKE_PLAN(b->a, fq_plan_ctescan, FQ_N_PLAN_CTESCAN, sub->nout)) == NULL)
		return bind_nomem(b);
	cs->p.left = sub;
	memcpy(cs->p.out, sub->out, sizeof(fq_plan_col) * (size_t) sub->nout);
	cs->p.est_rows = -1;
	cs->id = def->id;
	cs->name = cte->name;
	cs->materialized = cte->materialized;
	cs->top = def->nouter == 0;
	return &cs->p;
}

/* A brel over the outputs of sub, a FROM item called alias. */
static fq_plan *
bind_plan_rel(binder *b, scope *sc, fq_plan *sub, const char *alias, fq_list *col_aliases,
			  const void *at)
{
	brel *r;

	if (fq_list_len(col_aliases) > sub->nout)
		return bind_fail_at(b, at, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has %d columns available but %d columns specified",
							alias, sub->nout, fq_list_len(col_aliases));
	r = bind_new_rel(b, sub->nout);
	if (r == NULL)
		return bind_nomem(b);
	r->alias = alias;
	r->source = bind_plan_source(sub);
	for (int i = 0; i < sub->nout; i++)
	{
		r->names[i] = i < fq_list_len(col_aliases) ? fq_list_nth(col_aliases, i) : sub->out[i].name;
		r->types[i] = sub->out[i].type;
		r->nullable[i] = sub->out[i].nullable;
		r->rels[i] = sub->out[i].rel;
		r->cols[i] = sub->out[i].col;
	}
	if (!add_rel(b, sc, r, at))
		return NULL;
	return sub;
}

/* A derived table (subquery or CTE): a brel over the subplan's outputs. */
static fq_plan *
bind_derived(binder *b, scope *sc, fq_node *query, const char *alias, fq_list *col_aliases,
			 const void *at)
{
	fq_plan *sub;

	if (bind_query(b, query, &sub) < 0)
		return NULL;
	return bind_plan_rel(b, sc, sub, alias, col_aliases, at);
}

/*
 * LATERAL (subquery) alias: bound with the FROM items before it (those in
 * `sc`) as an enclosing query, so their columns become its exec params.
 * Correlated, it is an Apply whose left input bind_attach sets; otherwise
 * a derived table like any other.
 */
static fq_plan *
bind_lateral(binder *b, scope *sc, fq_raw_range_subselect *rs)
{
	fq_plan *sub;
	fq_plan_apply *ap;
	brel *r;

	if (bind_subquery(b, sc, rs->query, &sub) < 0)
		return NULL;
	if (fq_list_len(rs->col_aliases) > sub->nout)
		return bind_fail_at(b, rs, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has %d columns available but %d columns specified",
							rs->alias, sub->nout, fq_list_len(rs->col_aliases));
	if ((ap = FQ_MAKE_PLAN(b->a, fq_plan_apply, FQ_N_PLAN_APPLY, 0)) == NULL ||
		(r = bind_new_rel(b, sub->nout)) == NULL)
		return bind_nomem(b);
	if (!bind_lateral_params(b, sub, &ap->nargs, &ap->args, &ap->params))
		return NULL;
	r->alias = rs->alias;
	r->source = bind_plan_source(sub);
	for (int i = 0; i < sub->nout; i++)
	{
		r->names[i] = i < fq_list_len(rs->col_aliases) ? fq_list_nth(rs->col_aliases, i)
													   : sub->out[i].name;
		r->types[i] = sub->out[i].type;
		r->nullable[i] = sub->out[i].nullable;
		r->rels[i] = sub->out[i].rel;
		r->cols[i] = sub->out[i].col;
	}
	if (!add_rel(b, sc, r, rs))
		return NULL;
	if (ap->nargs == 0)
		return sub;
	ap->p.n.location = rs->n.location;
	ap->p.right = sub;
	return &ap->p;
}

/*
 * The signature of generate_series PostgreSQL picks for these argument
 * types: integer, bigint or numeric series (start, stop [, step]), or a
 * timestamp or timestamptz one with an interval step -- timestamp when
 * start or stop is one exactly, timestamptz (the preferred type) when
 * they are dates, timestamptz or untyped.  FQ_T_UNKNOWN when none fits.
 */
static fq_type_id
series_type(fq_expr *const *args, int nargs)
{
	bool datetime = false;
	bool exact_ts = false;
	bool has_int8 = false;
	bool has_num = false;

	for (int i = 0; i < nargs; i++)
		switch (args[i]->type.id)
		{
			case FQ_T_UNKNOWN:
			case FQ_T_INT2:
			case FQ_T_INT4:
				break;
			case FQ_T_INT8:
				has_int8 = true;
				break;
			case FQ_T_DECIMAL:
				has_num = true;
				break;
			case FQ_T_TIMESTAMP:
				exact_ts = exact_ts || i < 2;
				datetime = true;
				break;
			case FQ_T_DATE:
			case FQ_T_TIMESTAMPTZ:
				datetime = i < 2 || datetime;
				if (i == 2)
					return FQ_T_UNKNOWN;
				break;
			case FQ_T_INTERVAL:
				if (i != 2)
					return FQ_T_UNKNOWN;
				datetime = true;
				break;
			default:
				return FQ_T_UNKNOWN;
		}
	if (datetime)
	{
		bool tstz = false;

		if (nargs != 3)
			return FQ_T_UNKNOWN;
		for (int i = 0; i < 2; i++)
			tstz = tstz || args[i]->type.id == FQ_T_TIMESTAMPTZ;
		if (has_int8 || has_num)
			return FQ_T_UNKNOWN;
		/* integers cannot meet a timestamp */
		for (int i = 0; i < nargs; i++)
			if (fq_type_is_integer(args[i]->type.id))
				return FQ_T_UNKNOWN;
		return exact_ts && !tstz ? FQ_T_TIMESTAMP : FQ_T_TIMESTAMPTZ;
	}
	/* three untyped arguments could be any of them (PostgreSQL: not unique) */
	if (nargs == 3 && args[0]->type.id == FQ_T_UNKNOWN && args[1]->type.id == FQ_T_UNKNOWN &&
		args[2]->type.id == FQ_T_UNKNOWN)
		return FQ_T__COUNT;
	return has_num ? FQ_T_DECIMAL : has_int8 ? FQ_T_INT8 : FQ_T_INT4;
}

/*
 * A function in FROM: generate_series, computed by fedq (and sent to a
 * source with the rest of a query it runs).  Its arguments may read the
 * FROM items before it, as in PostgreSQL (LATERAL is implied): they are
 * then its exec params, and it is an Apply's inner side.
 */
static fq_plan *
bind_range_function(binder *b, scope *sc, fq_raw_range_function *rf)
{
	fq_raw_func *f = (fq_raw_func *) rf->func;
	int nargs = fq_list_len(f->args);
	scope none = {NULL};
	bind_ctx cx = {.sc = &none, .where = CTX_OTHER, .clause = "functions in FROM"};
	fq_plan_funcscan *fs;
	fq_plan_apply *ap;
	fq_expr **args;
	fq_type_id t;
	fq_type rt;
	brel *r;
	const char *alias;

	if (!bind_name_eq(f->name, "generate_series") ||
		(f->schema != NULL && !bind_name_eq(f->schema, "pg_catalog")))
	{
		bind_fail_at(b, rf, FQ_ERR_FEATURE_NOT_SUPPORTED,
					 "function %s%s%s in FROM is not supported", f->schema ? f->schema : "",
					 f->schema ? "." : "", f->name);
		fq_diag_hint(b->d, "fedq runs generate_series in FROM; other set-returning functions "
						   "are not sent to sources.");
		return NULL;
	}
	if (f->star || f->distinct || f->agg_order != NULL || f->filter != NULL || f->over)
		return bind_fail_at(b, rf, FQ_ERR_SYNTAX_ERROR, "syntax error in a function in FROM");
	if (nargs < 2 || nargs > 3)
		return bind_fail_at(b, rf, FQ_ERR_UNDEFINED_FUNCTION,
							"function generate_series with %d arguments does not exist", nargs);
	if ((args = bind_expr_array(b, nargs)) == NULL)
		return bind_nomem(b);
	/* the items before it are an enclosing query to its arguments */
	if (b->nouter == (int) (sizeof(b->outer) / sizeof(b->outer[0])))
		return bind_fail_at(b, rf, FQ_ERR_PROGRAM_LIMIT_EXCEEDED,
							"subqueries are nested too deeply");
	b->outer[b->nouter++] = sc;
	for (int i = 0; i < nargs; i++)
		if ((args[i] = bind_expr(b, &cx, fq_list_nth(f->args, i))) == NULL)
		{
			b->nouter--;
			return NULL;
		}
	b->nouter--;
	t = series_type(args, nargs);
	if (t == FQ_T__COUNT)
		return bind_fail_at(b, rf, FQ_ERR_AMBIGUOUS_FUNCTION,
							"function generate_series(unknown, unknown, unknown) is not unique");
	if (t == FQ_T_UNKNOWN)
	{
		fq_strbuf sig = FQ_STRBUF_INIT;

		for (int i = 0; i < nargs; i++)
			fq_strbuf_printf(&sig, i > 0 ? ", %s" : "%s", bind_type_text(b, &args[i]->type));
		bind_fail_at(b, rf, FQ_ERR_UNDEFINED_FUNCTION, "function generate_series(%s) does not exist",
					 fq_strbuf_ok(&sig) ? fq_strbuf_str(&sig) : "...");
		fq_strbuf_free(&sig);
		return NULL;
	}
	rt = fq_type_make(t);
	for (int i = 0; i < nargs; i++)
	{
		fq_type at = i == 2 && (t == FQ_T_TIMESTAMP || t == FQ_T_TIMESTAMPTZ)
			? fq_type_make(FQ_T_INTERVAL) : rt;

		if ((args[i] = bind_coerce(b, args[i], &at, true, rf)) == NULL)
			return NULL;
	}
	if ((fs = FQ_MAKE_PLAN(b->a, fq_plan_funcscan, FQ_N_PLAN_FUNCSCAN, 1)) == NULL ||
		(r = bind_new_rel(b, 1)) == NULL || (ap = FQ_MAKE_PLAN(b->a, fq_plan_apply, FQ_N_PLAN_APPLY, 0)) == NULL)
		return bind_nomem(b);
	alias = rf->alias != NULL ? rf->alias : "generate_series";
	fs->rel = b->next_rel++;
	fs->nargs = nargs;
	fs->args = args;
	fs->name = "generate_series";
	fs->p.n.location = rf->n.location;
	fs->p.out[0].rel = fs->rel;
	fs->p.out[0].col = 0;
	fs->p.out[0].type = rt;
	fs->p.out[0].name = fq_list_len(rf->col_aliases) > 0 ? fq_list_nth(rf->col_aliases, 0) : alias;
	fs->p.out[0].nullable = FQ_NULLABLE_NO;
	fs->p.out[0].base_col = -1;
	if (fq_list_len(rf->col_aliases) > 1)
		return bind_fail_at(b, rf, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has 1 columns available but %d columns specified",
							alias, fq_list_len(rf->col_aliases));
	if (!bind_lateral_params(b, &fs->p, &ap->nargs, &ap->args, &ap->params))
		return NULL;
	r->alias = alias;
	r->names[0] = fs->p.out[0].name;
	r->types[0] = rt;
	r->nullable[0] = FQ_NULLABLE_NO;
	r->rels[0] = fs->rel;
	r->cols[0] = 0;
	if (!add_rel(b, sc, r, rf))
		return NULL;
	if (ap->nargs == 0)
		return &fs->p;
	ap->p.n.location = rf->n.location;
	ap->p.right = &fs->p;
	return &ap->p;
}

/*
 * left joined with right: a Join, or, when right is a correlated LATERAL
 * subquery (an Apply still without its left input), that Apply over left
 * -- over one empty row when nothing comes before it.
 */
fq_plan *
bind_attach(binder *b, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond,
			const void *at)
{
	fq_plan_apply *ap = (fq_plan_apply *) right;
	fq_plan_apply *j;
	fq_plan *sub;

	if (!FQ_IS(right, FQ_N_PLAN_APPLY) || right->left != NULL)
		return left == NULL ? right : bind_make_join(b, left, right, type, cond);
	if (type != FQ_JOIN_INNER && type != FQ_JOIN_CROSS && type != FQ_JOIN_LEFT)
	{
		bind_fail_at(b, at, FQ_ERR_INVALID_COLUMN_REFERENCE,
					 "invalid reference to FROM-clause entry from a LATERAL subquery");
		fq_diag_detail(b->d, "The combining JOIN type must be INNER or LEFT for a LATERAL "
							 "reference.");
		return NULL;
	}
	if (left == NULL)
	{
		/* SELECT ... FROM LATERAL (...) s: what it reads is the enclosing
		 * query's, over one row */
		fq_plan_values *v = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, 0);

		if (v == NULL)
			return bind_nomem(b);
		v->nrows = 1;
		v->rel = b->next_rel++;
		if ((v->rows = FQ_NEW_ARRAY(b->a, fq_expr **, 1)) == NULL)
			return bind_nomem(b);
		left = &v->p;
	}
	sub = right->right;
	if ((j = FQ_MAKE_PLAN(b->a, fq_plan_apply, FQ_N_PLAN_APPLY, left->nout + sub->nout)) == NULL)
		return bind_nomem(b);
	j->p.n.location = right->n.location;
	j->p.left = left;
	j->p.right = sub;
	j->type = type == FQ_JOIN_LEFT ? FQ_JOIN_LEFT : FQ_JOIN_INNER;
	j->cond = cond;
	j->nargs = ap->nargs;
	j->args = ap->args;
	j->params = ap->params;
	memcpy(j->p.out, left->out, sizeof(fq_plan_col) * (size_t) left->nout);
	memcpy(j->p.out + left->nout, sub->out, sizeof(fq_plan_col) * (size_t) sub->nout);
	if (type == FQ_JOIN_LEFT)
		for (int i = left->nout; i < j->p.nout; i++)
			j->p.out[i].nullable = FQ_NULLABLE_YES;
	return &j->p;
}

/* Every node of a view's parse tree placed at the statement's mention of
 * the view: positions in errors are the statement's, not the view text's. */
static bool
relocate(fq_node *n, void *arg)
{
	n->location = *(const int *) arg;
	return fq_raw_walk_children(n, relocate, arg);
}

fq_plan *
bind_view_query(binder *b, const fq_view_def *v, int at, const char ***names)
{
	fq_parse_result pr;
	fq_plan *sub = NULL;
	fq_list *saved_ctes = b->ctes;
	fq_list *saved_windows = b->windows;
	fq_list *saved_worktables = b->worktables;
	int saved_nouter = b->nouter;
	int saved_refs = b->outer_refs;
	bool saved_setop = b->setop_input;
	const char **out;
	int rc;

	if (fq_stack_check(b->d) < 0)
		return NULL;
	for (int i = 0; i < b->nviews; i++)
		if (b->views[i] == v)
		{
			fq_raise(b->d, FQ_ERR_INVALID_OBJECT_DEFINITION,
					 at < 0 ? 0 : fq_char_position(b->st->sql, b->st->sql_len, at),
					 "infinite recursion detected in view \"%s.%s\": it reads itself", v->schema,
					 v->name);
			fq_diag_hint(b->d, "Replace one of the views it reads with CREATE OR REPLACE VIEW.");
			return NULL;
		}
	if (b->nviews == (int) (sizeof(b->views) / sizeof(b->views[0])))
	{
		fq_raise(b->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
				 "views nested more than %d deep (view \"%s.%s\")", b->nviews, v->schema,
				 v->name);
		return NULL;
	}
	if (fq_parse(v->sql, strlen(v->sql), b->a, &pr, b->d) < 0 || pr.stmt == NULL ||
		(!FQ_IS(pr.stmt, FQ_N_STMT_SELECT) && !FQ_IS(pr.stmt, FQ_N_STMT_SETOP)))
	{
		if (fq_diags_count(b->d) == 0)
			fq_raise(b->d, FQ_ERR_INVALID_OBJECT_DEFINITION, 0, "its definition is no query");
		fq_diag_prefix(b->d, "view \"%s.%s\": ", v->schema, v->name);
		fq_diag_hint(b->d, "Recreate it with CREATE OR REPLACE VIEW.");
		return NULL;
	}
	relocate(pr.stmt, &at);
	b->views[b->nviews++] = v;
	b->ctes = NULL;
	b->windows = NULL;
	b->worktables = NULL;
	b->nouter = 0;
	b->outer_refs = 0;
	b->setop_input = false;
	rc = bind_query(b, pr.stmt, &sub);
	b->nviews--;
	b->ctes = saved_ctes;
	b->windows = saved_windows;
	b->worktables = saved_worktables;
	b->nouter = saved_nouter;
	b->outer_refs = saved_refs;
	b->setop_input = saved_setop;
	if (rc < 0)
	{
		const fq_diag *e = fq_diags_count(b->d) > 0 ? fq_diags_get(b->d, fq_diags_count(b->d) - 1)
													 : NULL;

		fq_diag_prefix(b->d, "view \"%s.%s\": ", v->schema, v->name);
		if (e != NULL && (strcmp(e->sqlstate, "42P01") == 0 || strcmp(e->sqlstate, "42703") == 0) &&
			e->detail == NULL)
			fq_diag_detail(b->d, "The view is bound when it is used (WITH NO SCHEMA BINDING): "
								 "what it reads changed since it was created.  Recreate it with "
								 "CREATE OR REPLACE VIEW, or drop it.");
		return NULL;
	}
	if (v->ncols > sub->nout)
	{
		fq_raise(b->d, FQ_ERR_UNDEFINED_COLUMN, 0,
				 "view \"%s.%s\" names %d columns, but its query now returns %d", v->schema,
				 v->name, v->ncols, sub->nout);
		if (at >= 0)
			fq_diag_position(b->d, fq_char_position(b->st->sql, b->st->sql_len, at));
		fq_diag_hint(b->d, "Recreate it with CREATE OR REPLACE VIEW.");
		return NULL;
	}
	out = FQ_NEW_ARRAY(b->a, const char *, sub->nout > 0 ? sub->nout : 1);
	if (out == NULL)
		return bind_nomem(b);
	for (int i = 0; i < sub->nout; i++)
		out[i] = i < v->ncols ? v->cols[i] : sub->out[i].name;
	*names = out;
	return sub;
}

/* A late-binding view in FROM: its query, bound now, as a derived table. */
static fq_plan *
bind_view(binder *b, scope *sc, fq_raw_range_var *rv, const fq_view_def *v)
{
	fq_plan *sub;
	const char **names;
	brel *r;

	if ((sub = bind_view_query(b, v, rv->n.location, &names)) == NULL)
		return NULL;
	if (fq_list_len(rv->col_aliases) > sub->nout)
		return bind_fail_at(b, rv, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has %d columns available but %d columns specified",
							rv->alias ? rv->alias : rv->name, sub->nout,
							fq_list_len(rv->col_aliases));
	r = bind_new_rel(b, sub->nout);
	if (r == NULL)
		return bind_nomem(b);
	r->alias = rv->alias != NULL ? rv->alias : v->name;
	r->schema = rv->alias == NULL ? v->schema : NULL;
	r->source = bind_plan_source(sub);
	for (int i = 0; i < sub->nout; i++)
	{
		r->names[i] = i < fq_list_len(rv->col_aliases) ? fq_list_nth(rv->col_aliases, i) : names[i];
		r->types[i] = sub->out[i].type;
		r->nullable[i] = sub->out[i].nullable;
		r->rels[i] = sub->out[i].rel;
		r->cols[i] = sub->out[i].col;
	}
	if (!add_rel(b, sc, r, rv))
		return NULL;
	return sub;
}

/* A Scan of every column of rte's table; outputs (rte->rel, i). */
static fq_plan_scan *
make_scan(binder *b, fq_rte *rte)
{
	const fq_pg_table *t = rte->meta;
	fq_plan_scan *scan = FQ_MAKE_PLAN(b->a, fq_plan_scan, FQ_N_PLAN_SCAN, t->ncols);

	if (scan == NULL)
		return bind_nomem(b);
	scan->rte = rte;
	for (int i = 0; i < t->ncols; i++)
	{
		fq_plan_col *c = &scan->p.out[i];

		c->rel = rte->rel;
		c->col = i;
		c->type = t->cols[i].type;
		c->name = t->cols[i].name;
		c->nullable = t->cols[i].notnull ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
		c->base_rte = rte;
		c->base_col = i;
	}
	return scan;
}

static fq_plan *
bind_range_var(binder *b, scope *sc, fq_raw_range_var *rv)
{
	fq_rte *rte = NULL;
	fq_plan_scan *scan;
	brel *r;
	const fq_pg_table *t;

	if (rv->schema == NULL && rv->catalog == NULL)
	{
		fq_raw_cte *cte;
		bool failed;
		fq_plan *w = bind_worktable_ref(b, rv->name, rv, &failed);

		if (failed)
			return NULL;
		if (w != NULL)
			return bind_plan_rel(b, sc, w, rv->alias ? rv->alias : rv->name, rv->col_aliases, rv);
		cte = find_cte(b, rv->name);
		if (cte != NULL && bind_cte_is_recursive(cte))
		{
			fq_plan *ru;

			if (bind_recursive_cte(b, cte, &ru) < 0)
				return NULL;
			return bind_plan_rel(b, sc, ru, rv->alias ? rv->alias : rv->name,
								 rv->col_aliases, rv);
		}
		if (cte != NULL)
		{
			fq_list *saved = b->ctes;
			fq_plan *p;
			int idx = -1;

			/* A CTE sees only the CTEs before it. */
			for (int i = 0; i < fq_list_len(b->ctes); i++)
				if (fq_list_nth(b->ctes, i) == cte)
					idx = i;
			b->ctes = NULL;
			for (int i = 0; i < idx; i++)
				if ((b->ctes = fq_lappend(b->a, b->ctes, fq_list_nth(saved, i))) == NULL)
					return bind_nomem(b);
			if (bind_query(b, cte->query, &p) < 0)
				p = NULL;
			b->ctes = saved;
			if (p == NULL || (p = bind_cte_ref(b, cte, p)) == NULL)
				return NULL;
			return bind_plan_rel(b, sc, p, rv->alias ? rv->alias : rv->name,
								 rv->col_aliases ? rv->col_aliases : cte->col_names, rv);
		}
	}
	if (rv->catalog == NULL && b->s->store.nviews > 0)
	{
		const fq_view_def *v;

		if (fq_find_view(b->s, rv->schema, rv->name, false, b->a, &v, b->d) < 0)
			return NULL;
		if (v != NULL)
			return bind_view(b, sc, rv, v);
	}
	if (rv->catalog == NULL)
	{
		const fq_sysview *sv = fq_sysview_find(rv->schema, rv->name);

		if (sv != NULL)
			return bind_sysview(b, sc, rv, sv);
	}
	if (resolve_table(b, rv, &rte) < 0)
		return NULL;
	t = rte->meta;
	if (fq_list_len(rv->col_aliases) > t->ncols)
		return bind_fail_at(b, rv, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has %d columns available but %d columns specified",
							rte->alias, t->ncols, fq_list_len(rv->col_aliases));
	scan = make_scan(b, rte);
	r = bind_new_rel(b, t->ncols);
	if (scan == NULL || r == NULL)
		return bind_nomem(b);
	scan->p.n.location = rv->n.location;
	r->alias = rte->alias;
	r->schema = rv->alias == NULL ? rte->schema : NULL;
	r->rte = rte;
	r->source = rte->source;
	for (int i = 0; i < t->ncols; i++)
	{
		const fq_plan_col *c = &scan->p.out[i];

		r->names[i] = i < fq_list_len(rv->col_aliases) ? fq_list_nth(rv->col_aliases, i) : c->name;
		r->types[i] = c->type;
		r->nullable[i] = c->nullable;
		r->rels[i] = rte->rel;
		r->cols[i] = i;
	}
	if (!add_rel(b, sc, r, rv))
		return NULL;
	return &scan->p;
}

fq_plan *
bind_make_join(binder *b, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond)
{
	fq_plan *j = fq_plan_new_join(b->a, left, right, type, cond);

	return j != NULL ? j : bind_nomem(b);
}

static fq_plan *
bind_join(binder *b, scope *sc, fq_raw_join *rj)
{
	scope inner = {NULL};
	fq_plan *left;
	fq_plan *right;
	fq_expr *cond = NULL;
	brel *r;

	/* Bind both sides into a scope of their own, then expose them. */
	left = bind_from_item(b, &inner, rj->left);
	right = left ? bind_from_item(b, &inner, rj->right) : NULL;
	if (right == NULL)
		return NULL;
	if (rj->natural || rj->using_cols != NULL)
	{
		/* USING (a, b) / NATURAL: equality on the named common columns. */
		fq_list *names = rj->using_cols;
		const brel *lrel = fq_list_len(inner.rels) >= 2 ? fq_list_nth(inner.rels, 0) : NULL;
		const brel *rrel = fq_list_len(inner.rels) >= 2
			? fq_list_nth(inner.rels, fq_list_len(inner.rels) - 1) : NULL;
		fq_expr **eqs;
		int neq = 0;

		if (lrel == NULL || fq_list_len(inner.rels) != 2)
			return bind_fail_at(b, rj, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"USING and NATURAL joins over nested joins are not supported; "
								"write ON conditions");
		if (rj->natural)
		{
			names = NULL;
			for (int i = 0; i < lrel->ncols; i++)
				for (int k = 0; k < rrel->ncols; k++)
					if (bind_name_eq(lrel->names[i], rrel->names[k]))
						if ((names = fq_lappend(b->a, names, (void *) lrel->names[i])) == NULL)
							return bind_nomem(b);
		}
		eqs = bind_expr_array(b, fq_list_len(names));
		if (eqs == NULL)
			return bind_nomem(b);
		for (int n = 0; n < fq_list_len(names); n++)
		{
			const char *name = fq_list_nth(names, n);
			int li = -1;
			int ri = -1;
			fq_expr *args[2];
			fq_type common;

			for (int i = 0; i < lrel->ncols; i++)
				if (bind_name_eq(lrel->names[i], name))
					li = i;
			for (int i = 0; i < rrel->ncols; i++)
				if (bind_name_eq(rrel->names[i], name))
					ri = i;
			if (li < 0 || ri < 0)
				return bind_fail_at(b, rj, FQ_ERR_UNDEFINED_COLUMN,
									"column \"%s\" specified in USING clause does not exist in %s table",
									name, li < 0 ? "left" : "right");
			args[0] = bind_column_var(b, lrel, li);
			args[1] = bind_column_var(b, rrel, ri);
			if (args[0] == NULL || args[1] == NULL || !bind_unify(b, &args[0], &args[1], "=", rj, &common))
				return NULL;
			eqs[neq++] = bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, args, rj);
			if (eqs[neq - 1] == NULL)
				return NULL;
		}
		cond = neq == 0 ? &bind_make_bool_const(b, true)->e
			: neq == 1 ? eqs[0] : bind_make_bool_expr(b, FQ_BOOL_AND, neq, eqs);
		if (cond == NULL)
			return bind_nomem(b);
	}
	else if (rj->quals != NULL)
	{
		bind_ctx cx = {.sc = &inner, .where = CTX_OTHER, .clause = "JOIN conditions"};

		cond = bind_to_bool(b, bind_expr(b, &cx, rj->quals), "JOIN/ON");
		if (cond == NULL)
			return NULL;
	}
	FQ_LIST_FOREACH(r, inner.rels)
	{
		if (rj->type == FQ_JOIN_LEFT || rj->type == FQ_JOIN_RIGHT || rj->type == FQ_JOIN_FULL)
			for (int i = 0; i < r->ncols; i++)
				r->nullable[i] = FQ_NULLABLE_YES;
		if (!add_rel(b, sc, r, rj))
			return NULL;
	}
	if (rj->alias != NULL)
		return bind_fail_at(b, rj, FQ_ERR_FEATURE_NOT_SUPPORTED, "an alias for a join is not supported");
	if (!bind_check_outer_join_recursion(b, left, right, rj->type, rj))
		return NULL;
	if (FQ_IS(left, FQ_N_PLAN_APPLY) && left->left == NULL)
		left = bind_attach(b, NULL, left, FQ_JOIN_CROSS, NULL, rj);
	return left == NULL ? NULL : bind_attach(b, left, right, rj->type, cond, rj);
}

fq_plan *
bind_from_item(binder *b, scope *sc, fq_node *item)
{
	if (fq_stack_check(b->d) < 0)
		return NULL;
	switch (FQ_TAG(item))
	{
		case FQ_N_RAW_RANGE_VAR:
			return bind_range_var(b, sc, (fq_raw_range_var *) item);
		case FQ_N_RAW_RANGE_SUBSELECT:
			{
				fq_raw_range_subselect *rs = (fq_raw_range_subselect *) item;

				if (rs->alias == NULL && FQ_IS(rs->query, FQ_N_STMT_SELECT) &&
					((fq_select_stmt *) rs->query)->values != NULL)
				{
					bind_fail_at(b, rs, FQ_ERR_SYNTAX_ERROR, "VALUES in FROM must have an alias");
					fq_diag_hint(b->d, "For example, FROM (VALUES ...) [AS] foo.");
					return NULL;
				}
				if (rs->alias == NULL)
					return bind_fail_at(b, rs, FQ_ERR_SYNTAX_ERROR,
										"subquery in FROM must have an alias");
				if (rs->lateral)
					return bind_lateral(b, sc, rs);
				return bind_derived(b, sc, rs->query, rs->alias, rs->col_aliases, rs);
			}
		case FQ_N_RAW_JOIN:
			return bind_join(b, sc, (fq_raw_join *) item);
		case FQ_N_RAW_RANGE_FUNCTION:
			return bind_range_function(b, sc, (fq_raw_range_function *) item);
		default:
			return bind_fail_at(b, item, FQ_ERR_INTERNAL_ERROR, "unrecognized FROM item %s",
								fq_node_tag_name(FQ_TAG(item)));
	}
}

/* WHERE: one boolean expression.  Its EXISTS and IN conditions become
 * joins in the planner's pass (plan/sublink.c). */
int
bind_where(binder *b, scope *sc, fq_node *where, fq_expr **pred)
{
	bind_ctx cx = {.sc = sc, .where = CTX_WHERE, .clause = "WHERE"};

	*pred = bind_to_bool(b, bind_expr(b, &cx, where), "WHERE");
	return *pred != NULL ? FQ_OK : FQ_ERROR;
}

/* ---- System views (plan/sysviews.h) ---- */

/* The warehouse's own rows of the view v extends, as v's columns: a
 * Project over a scan of it; NULL with *absent when it has no such view. */
static fq_plan *
warehouse_view(binder *b, const fq_sysview *v, const void *at, bool *absent)
{
	fq_session *s = b->s;
	const fq_pg_table *t = NULL;
	fq_rte *rte;
	fq_plan_scan *scan;
	target_list tl = {0};

	*absent = false;
	if (fq_session_lookup_table(s, &s->warehouse_source, v->wh_schema, v->wh_view, &t, b->d) < 0)
		return NULL;
	if (t == NULL)
	{
		*absent = true;
		return NULL;
	}
	rte = FQ_NEW(b->a, fq_rte);
	if (rte == NULL || (rte->meta = fq_pg_table_copy(b->a, t)) == NULL)
		return bind_nomem(b);
	rte->schema = rte->remote_schema = v->wh_schema;
	rte->table = rte->meta->name;
	rte->source = &s->warehouse_source;
	rte->alias = v->wh_view;
	rte->rel = b->next_rel++;
	if ((scan = make_scan(b, rte)) == NULL)
		return NULL;
	for (int i = 0; i < v->ncols; i++)
	{
		const fq_sysview_col *vc = &v->cols[i];
		fq_type to = fq_sysview_col_type(vc);
		fq_expr *e = NULL;

		for (int k = 0; vc->wh_col != NULL && k < t->ncols && e == NULL; k++)
			if (bind_name_eq(t->cols[k].name, vc->wh_col))
			{
				fq_var *var = fq_make_var(b->a, rte->rel, k, t->cols[k].type, t->cols[k].name);

				if (var == NULL)
					return bind_nomem(b);
				e = bind_coerce(b, &var->e, &to, false, at);
				if (e == NULL)
					return NULL;
			}
		if (e == NULL && vc->wh_const != NULL)
		{
			fq_value val = {.type = to};

			val.v.s.ptr = vc->wh_const;
			val.v.s.len = (uint32_t) strlen(vc->wh_const);
			e = (fq_expr *) fq_make_const(b->a, &val);
		}
		else if (e == NULL)
			e = (fq_expr *) fq_make_null(b->a, to);
		if (e == NULL)
			return bind_nomem(b);
		if (!bind_add_target(b, &tl, e, vc->name))
			return NULL;
		tl.nullable[i] = FQ_NULLABLE_YES;
	}
	return bind_make_project(b, &scan->p, &tl, v->ncols);
}

/*
 * A system view: fedq's rows (Values) after the warehouse's own rows of the
 * view it extends, when there is a warehouse, as UNION ALL; conditions on
 * it go to the warehouse with its part (rewrite.c).
 */
static fq_plan *
bind_sysview(binder *b, scope *sc, fq_raw_range_var *rv, const fq_sysview *v)
{
	fq_plan_values *vals;
	fq_plan *plan;
	brel *r;
	int n = v->ncols;

	if (fq_list_len(rv->col_aliases) > n)
		return bind_fail_at(b, rv, FQ_ERR_INVALID_COLUMN_REFERENCE,
							"table \"%s\" has %d columns available but %d columns specified",
							rv->alias ? rv->alias : v->name, n, fq_list_len(rv->col_aliases));
	/* The rows are listed when the query executes (exec/values.c). */
	vals = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, n);
	if (vals == NULL)
		return bind_nomem(b);
	vals->rel = b->next_rel++;
	vals->sysview = v;
	vals->p.n.location = rv->n.location;
	for (int i = 0; i < n; i++)
	{
		fq_plan_col *c = &vals->p.out[i];

		c->rel = vals->rel;
		c->col = i;
		c->type = fq_sysview_col_type(&v->cols[i]);
		c->name = v->cols[i].name;
		c->nullable = FQ_NULLABLE_YES;
		c->base_col = -1;
	}
	/* Inputs of an Append are Projects (pushdown.c prunes them by position). */
	if ((plan = bind_make_passthrough_project(b, &vals->p, n)) == NULL)
		return NULL;
	if (v->wh_view != NULL && b->s->warehouse != NULL)
	{
		bool absent;
		fq_plan *wh = warehouse_view(b, v, rv, &absent);
		fq_plan_append *ap;

		if (wh == NULL && !absent)
			return NULL;
		if (wh != NULL)
		{
			if ((ap = fq_plan_new_append(b->a, n, 2)) == NULL)
				return bind_nomem(b);
			ap->inputs[0] = wh;
			ap->inputs[1] = plan;
			ap->p.n.location = rv->n.location;
			ap->rel = b->next_rel++;
			for (int i = 0; i < n; i++)
			{
				ap->p.out[i] = plan->out[i];
				ap->p.out[i].rel = ap->rel;
				ap->p.out[i].col = i;
				ap->p.out[i].base_rte = NULL;
				ap->p.out[i].base_col = -1;
			}
			plan = &ap->p;
		}
	}
	if ((r = bind_new_rel(b, n)) == NULL)
		return bind_nomem(b);
	r->alias = rv->alias != NULL ? rv->alias : v->name;
	r->schema = rv->alias == NULL ? v->schema : NULL;
	for (int i = 0; i < n; i++)
	{
		r->names[i] = i < fq_list_len(rv->col_aliases) ? fq_list_nth(rv->col_aliases, i)
													   : plan->out[i].name;
		r->types[i] = plan->out[i].type;
		r->nullable[i] = plan->out[i].nullable;
		r->rels[i] = plan->out[i].rel;
		r->cols[i] = plan->out[i].col;
	}
	if (!add_rel(b, sc, r, rv))
		return NULL;
	return plan;
}
