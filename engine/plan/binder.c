/*
 * binder.c — resolves a parsed query against the one catalog and builds
 * its logical plan.
 *
 * A SELECT becomes, bottom up:
 *
 *   Scan/Join (FROM) → Filter (WHERE) → Aggregate (GROUP BY, aggregates)
 *   → Filter (HAVING) → Project (select list, plus hidden ORDER BY keys)
 *   → Aggregate (DISTINCT) → Sort (ORDER BY) → Limit → Project (drops
 *   hidden keys)
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
 * names: when none is in an external schema the statement goes to the
 * warehouse as it is, and nothing is bound.
 */
#include "plan/planner.h"
#include "plan/sysviews.h"

#include "core/diag.h"
#include "exec/exec.h"
#include "func/func.h"
#include "plan/coerce.h"
#include "sql/ast.h"
#include "types/numeric.h"
#include "types/types.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A FROM item visible by name, with its columns' bindings. */
typedef struct brel
{
	const char *alias;   /* the name it is referred to by */
	const char *schema;  /* the schema of a base table (for s.t.c), or NULL */
	int ncols;
	const char **names;
	fq_type *types;
	int *nullable;
	int *rels;
	int *cols;
	const fq_rte *rte;   /* base table, for result provenance */
} brel;

typedef struct scope
{
	fq_list *rels;       /* brel */
} scope;

typedef struct binder
{
	fq_stmt *st;
	fq_session *s;
	fq_arena *a;
	fq_diags *d;
	int next_rel;
	fq_list *ctes;       /* fq_raw_cte visible here (innermost last) */
	int nparams;
	fq_type *param_types;
	/* Scopes of the queries a subquery is nested in, innermost last; a
	 * column not found in its own query is looked up there (correlation). */
	int nouter;
	struct scope *outer[32];
	int outer_refs;      /* column references resolved in an outer scope */
	bool setop_input;    /* the query being bound is an input of UNION etc.:
	                      * its untyped literals wait for the other input's
	                      * types (bind_setop) */
} binder;

/* What the expression being bound may contain. */
typedef enum expr_context
{
	CTX_WHERE,     /* no aggregates */
	CTX_SELECT,    /* aggregates allowed (they make it an aggregate query) */
	CTX_GROUP_BY,  /* no aggregates */
	CTX_OTHER      /* LIMIT, OFFSET, JOIN ON: no aggregates */
} expr_context;

typedef struct bind_ctx
{
	scope *sc;
	expr_context where;
	const char *clause; /* for messages: "WHERE", "JOIN conditions" */
	bool saw_agg;
	bool in_agg;        /* inside an aggregate's argument */
	bool in_filter;     /* inside a window aggregate's FILTER: no aggregates */
	bool saw_window;
	bool in_window;     /* inside a window function's argument or OVER */
	bool no_window;     /* HAVING: aggregates yes, window functions no */
	/* The query's FROM plan, which a correlated scalar subquery extends
	 * with a join (NULL where that is not possible). */
	fq_plan **from;
} bind_ctx;

static fq_expr *bind_expr(binder *b, bind_ctx *cx, fq_node *n);
static int bind_query(binder *b, fq_node *q, fq_plan **out);
static fq_expr *bind_column_ref_missing(binder *b, bind_ctx *cx, fq_raw_column_ref *ref);
static fq_expr *bind_scalar_sublink(binder *b, bind_ctx *cx, fq_raw_sublink *sl);

/* ---- helpers ---- */

static int
pos(binder *b, const void *node)
{
	int loc = node != NULL ? ((const fq_node *) node)->location : -1;

	return loc < 0 ? 0 : fq_char_position(b->st->sql, b->st->sql_len, loc);
}

static void *
nomem(binder *b)
{
	fq_raise_nomem(b->d, b->a);
	return NULL;
}

static void *
fail_at(binder *b, const void *node, fq_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void *
fail_at(binder *b, const void *node, fq_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fq_vraise(b->d, FQ_SEV_ERROR, code, pos(b, node), fmt, ap);
	va_end(ap);
	return NULL;
}

static const char *
type_text(binder *b, const fq_type *t)
{
	fq_strbuf sb = FQ_STRBUF_INIT;
	const char *s;

	if (t->id == FQ_T_UNKNOWN)
		return "unknown";
	fq_type_format(t, &sb);
	s = fq_strbuf_ok(&sb) ? fq_arena_strdup(b->a, fq_strbuf_str(&sb)) : NULL;
	fq_strbuf_free(&sb);
	return s != NULL ? s : "?";
}

static fq_expr **
expr_array(binder *b, int n)
{
	return FQ_NEW_ARRAY(b->a, fq_expr *, n > 0 ? n : 1);
}

static fq_const *
make_bool_const(binder *b, bool v)
{
	fq_value val;

	memset(&val, 0, sizeof(val));
	val.type = fq_type_make(FQ_T_BOOL);
	val.v.i = v;
	return fq_make_const(b->a, &val);
}

/* ---- Coercion ---- */

/*
 * Converts e to type `to`: constants are converted now (an untyped literal
 * is parsed), other expressions get a cast node.  `implicit` rejects
 * conversions that need an explicit CAST.
 */
static fq_expr *
coerce(binder *b, fq_expr *e, const fq_type *to, bool implicit, const void *at)
{
	if (e == NULL)
		return NULL;
	if (fq_type_equal(&e->type, to))
		return e;
	/* Widening a CHAR/VARCHAR length or numeric precision needs no cast
	 * where the value stays the same; keep it explicit anyway, it is cheap
	 * and it tells the deparser. */
	if (!implicit && !fq_can_cast(&e->type, to))
		return fail_at(b, at ? at : &e->n, FQ_ERR_CANNOT_COERCE, "cannot cast type %s to %s",
					   type_text(b, &e->type), type_text(b, to));
	if (implicit && !fq_can_coerce(&e->type, to))
		return fail_at(b, at ? at : &e->n, FQ_ERR_DATATYPE_MISMATCH,
					   "cannot convert %s to %s%s", type_text(b, &e->type), type_text(b, to),
					   fq_can_cast(&e->type, to) ? " without an explicit CAST" : "");
	if (FQ_IS(e, FQ_N_EXPR_PARAM) && e->type.id == FQ_T_UNKNOWN)
	{
		fq_param *p = (fq_param *) e;

		/* The parameter's type is what its first context wants. */
		if (p->number <= b->nparams && b->param_types[p->number - 1].id == FQ_T_UNKNOWN)
			b->param_types[p->number - 1] = *to;
	}
	{
		fq_cast_expr *c = fq_make_cast(b->a, e, *to);

		if (c == NULL)
			return nomem(b);
		c->e.n.location = e->n.location;
		if (FQ_IS(e, FQ_N_EXPR_CONST))
		{
			/* Fold now: bad literals fail at prepare with their position. */
			fq_exec_ctx ctx;
			fq_value v;

			memset(&ctx, 0, sizeof(ctx));
			ctx.st = b->st;
			ctx.s = b->s;
			ctx.arena = b->a;
			ctx.d = b->d;
			if (fq_eval_const(&ctx, &c->e, b->a, &v) < 0)
			{
				fq_diag_position(b->d, pos(b, at ? at : &e->n));
				return NULL;
			}
			{
				fq_const *k = fq_make_const(b->a, &v);

				if (k == NULL)
					return nomem(b);
				k->e.n.location = e->n.location;
				return &k->e;
			}
		}
		return &c->e;
	}
}

/* Brings both operands to their common type; fails with 42883 naming the
 * operator when there is none. */
static bool
unify(binder *b, fq_expr **x, fq_expr **y, const char *op, const void *at, fq_type *common)
{
	if (!fq_compare_type(&(*x)->type, &(*y)->type, common))
	{
		fail_at(b, at, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s",
				type_text(b, &(*x)->type), op, type_text(b, &(*y)->type));
		fq_diag_hint(b->d, "No operator matches the given name and argument types. You "
						   "might need to add explicit type casts.");
		return false;
	}
	for (int i = 0; i < 2; i++)
	{
		fq_expr **side = i == 0 ? x : y;
		fq_expr *before = *side;

		if ((*side = coerce(b, before, common, true, at)) == NULL)
			return false;
		/* the date this comparison brought to a timestamp (not one the
		 * query cast itself) */
		if (*side != before && FQ_IS(*side, FQ_N_EXPR_CAST) &&
			((fq_cast_expr *) *side)->arg == before && before->type.id == FQ_T_DATE)
			((fq_cast_expr *) *side)->for_compare = true;
	}
	return true;
}

static fq_expr *
make_func(binder *b, fq_func_id fn, fq_type result, int nargs, fq_expr **args, const void *at)
{
	fq_func_expr *f = fq_make_func(b->a, fn, result, nargs, args);

	if (f == NULL)
		return nomem(b);
	f->e.n.location = at ? ((const fq_node *) at)->location : -1;
	return &f->e;
}

static fq_expr *
make_bool_expr(binder *b, int kind, int nargs, fq_expr **args)
{
	fq_bool_expr *e = FQ_MAKE_NODE(b->a, fq_bool_expr, FQ_N_EXPR_BOOL);

	if (e == NULL)
		return nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->kind = kind;
	e->nargs = nargs;
	e->args = expr_array(b, nargs);
	if (e->args == NULL)
		return nomem(b);
	memcpy(e->args, args, sizeof(fq_expr *) * (size_t) nargs);
	return &e->e;
}

static fq_expr *
to_bool(binder *b, fq_expr *e, const char *clause)
{
	if (e == NULL)
		return NULL;
	if (e->type.id == FQ_T_BOOL)
		return e;
	if (e->type.id == FQ_T_UNKNOWN)
	{
		fq_type t = fq_type_make(FQ_T_BOOL);

		return coerce(b, e, &t, true, NULL);
	}
	return fail_at(b, e, FQ_ERR_DATATYPE_MISMATCH, "argument of %s must be type boolean, not type %s",
				   clause, type_text(b, &e->type));
}

/* ---- Columns ---- */

static bool
name_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static fq_expr *
column_var(binder *b, const brel *r, int i)
{
	fq_var *v = fq_make_var(b->a, r->rels[i], r->cols[i], r->types[i], r->names[i]);

	if (v == NULL)
		return nomem(b);
	return &v->e;
}

/* Finds the FROM item a qualifier names: [schema.]table or alias.  With
 * quiet, a missing one is no error (NULL without raising). */
static const brel *
find_rel_in(binder *b, scope *sc, const char *schema, const char *table, const void *at,
			bool quiet)
{
	const brel *found = NULL;
	brel *r;

	FQ_LIST_FOREACH(r, sc->rels)
	{
		if (!name_eq(r->alias, table))
			continue;
		if (schema != NULL && !name_eq(r->schema, schema))
			continue;
		if (found != NULL)
			return fail_at(b, at, FQ_ERR_AMBIGUOUS_ALIAS, "table reference \"%s\" is ambiguous",
						   table);
		found = r;
	}
	if (found == NULL && !quiet)
	{
		if (schema != NULL)
			fail_at(b, at, FQ_ERR_UNDEFINED_TABLE,
					"missing FROM-clause entry for table \"%s.%s\"", schema, table);
		else
			fail_at(b, at, FQ_ERR_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"",
					table);
	}
	return found;
}

static const brel *
find_rel(binder *b, scope *sc, const char *schema, const char *table, const void *at)
{
	return find_rel_in(b, sc, schema, table, at, false);
}

/*
 * Looks a column reference up in one scope: 1 found (*out set), 0 not
 * there, -1 on an error raised (ambiguity, a missing column of a table
 * that is there).
 */
static int
lookup_column(binder *b, scope *sc, fq_raw_column_ref *ref, fq_expr **out)
{
	int n = fq_list_len(ref->fields);
	const char *col = fq_list_nth(ref->fields, n - 1);
	const brel *r = NULL;
	int found_col = -1;

	if (n >= 2)
	{
		const char *table = fq_list_nth(ref->fields, n - 2);
		const char *schema = n >= 3 ? fq_list_nth(ref->fields, n - 3) : NULL;

		r = find_rel_in(b, sc, schema, table, ref, true);
		if (r == NULL)
			return fq_diags_has_error(b->d) ? -1 : 0;
		for (int i = 0; i < r->ncols; i++)
			if (name_eq(r->names[i], col))
			{
				found_col = i;
				break;
			}
		if (found_col < 0)
		{
			fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column %s.%s does not exist", table, col);
			return -1;
		}
	}
	else
	{
		brel *cand;

		FQ_LIST_FOREACH(cand, sc->rels)
			for (int i = 0; i < cand->ncols; i++)
				if (name_eq(cand->names[i], col))
				{
					if (r != NULL && (r->rels[found_col] != cand->rels[i] ||
									  r->cols[found_col] != cand->cols[i]))
					{
						fail_at(b, ref, FQ_ERR_AMBIGUOUS_COLUMN,
								"column reference \"%s\" is ambiguous", col);
						return -1;
					}
					r = cand;
					found_col = i;
				}
		if (r == NULL)
			return 0;
	}
	*out = column_var(b, r, found_col);
	return *out != NULL ? 1 : -1;
}

static fq_expr *
bind_column_ref(binder *b, bind_ctx *cx, fq_raw_column_ref *ref)
{
	fq_expr *e = NULL;
	int rc;

	if (fq_list_len(ref->fields) == 4 &&
		!name_eq(fq_list_nth(ref->fields, 0), fq_session_database(b->s)))
		return fail_at(b, ref, FQ_ERR_FEATURE_NOT_SUPPORTED,
					   "cross-database references are not implemented: %s.%s.%s.%s",
					   (char *) fq_list_nth(ref->fields, 0), (char *) fq_list_nth(ref->fields, 1),
					   (char *) fq_list_nth(ref->fields, 2), (char *) fq_list_nth(ref->fields, 3));
	rc = lookup_column(b, cx->sc, ref, &e);

	if (rc > 0)
		return e;
	if (rc < 0)
		return NULL;
	/* Not in this query: a correlated reference to an enclosing one? */
	for (int i = b->nouter - 1; i >= 0; i--)
	{
		rc = lookup_column(b, b->outer[i], ref, &e);
		if (rc > 0)
		{
			b->outer_refs++;
			return e;
		}
		if (rc < 0)
			return NULL;
	}
	return bind_column_ref_missing(b, cx, ref);
}

/* Raises the error for a column reference found nowhere. */
static fq_expr *
bind_column_ref_missing(binder *b, bind_ctx *cx, fq_raw_column_ref *ref)
{
	int n = fq_list_len(ref->fields);
	const char *col = fq_list_nth(ref->fields, n - 1);
	brel *cand;

	if (n >= 2)
	{
		/* the table is not there (or this raises about it) */
		if (find_rel(b, cx->sc, n >= 3 ? fq_list_nth(ref->fields, n - 3) : NULL,
					 fq_list_nth(ref->fields, n - 2), ref) != NULL)
			fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column %s.%s does not exist",
					(const char *) fq_list_nth(ref->fields, n - 2), col);
		return NULL;
	}
	fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column \"%s\" does not exist", col);
	/* A near miss in case only: say so, it is the usual cause. */
	FQ_LIST_FOREACH(cand, cx->sc->rels)
		for (int i = 0; i < cand->ncols; i++)
			if (strcasecmp(cand->names[i], col) == 0)
			{
				fq_diag_hint(b->d, "Perhaps you meant to reference the column \"%s\".\"%s\" "
								   "(names are case-sensitive when quoted).", cand->alias,
							 cand->names[i]);
				return NULL;
			}
	return NULL;
}

/* ---- Literals and parameters ---- */

static fq_expr *
bind_const(binder *b, fq_raw_const *c)
{
	fq_value v;
	fq_const *k;

	memset(&v, 0, sizeof(v));
	switch (c->kind)
	{
		case FQ_CONST_NULL:
			v.type = fq_type_make(FQ_T_UNKNOWN);
			v.isnull = true;
			break;
		case FQ_CONST_BOOL:
			v.type = fq_type_make(FQ_T_BOOL);
			v.v.i = c->bval;
			break;
		case FQ_CONST_STRING:
			v.type = fq_type_make(FQ_T_UNKNOWN);
			v.v.s.ptr = c->text;
			v.v.s.len = (uint32_t) c->len;
			break;
		case FQ_CONST_INTEGER:
			{
				long long n;
				char *end;

				errno = 0;
				n = strtoll(c->text, &end, 10);
				if (errno == 0 && *end == '\0')
				{
					v.type = fq_type_make(n >= INT32_MIN && n <= INT32_MAX ? FQ_T_INT4 : FQ_T_INT8);
					v.v.i = n;
					break;
				}
			}
			/* fall through: too big for bigint, try numeric */
			/* FALLTHROUGH */
		case FQ_CONST_NUMBER:
			{
				/* A number with a point or an exponent, or beyond bigint, is
				 * NUMERIC with the digits it shows, as in PostgreSQL. */
				fq_conv rc = fq_num_parse(c->text, c->len, b->a, &v.v.num);

				if (rc == FQ_CONV_NOMEM)
					return nomem(b);
				if (rc != FQ_CONV_OK)
					return fail_at(b, c, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
								   "value overflows numeric format");
				v.type = fq_type_make(FQ_T_DECIMAL);
				break;
			}
	}
	k = fq_make_const(b->a, &v);
	if (k == NULL)
		return nomem(b);
	k->e.n.location = c->n.location;
	return &k->e;
}

static fq_expr *
bind_param(binder *b, fq_raw_param *rp)
{
	fq_param *p = FQ_MAKE_NODE(b->a, fq_param, FQ_N_EXPR_PARAM);

	if (p == NULL)
		return nomem(b);
	if (rp->number > b->nparams)
		return fail_at(b, rp, FQ_ERR_UNDEFINED_PARAMETER, "there is no parameter $%d", rp->number);
	p->number = rp->number;
	p->e.type = b->param_types[rp->number - 1];
	p->e.n.location = rp->n.location;
	return &p->e;
}

/* ---- Operators ---- */

static bool
is_cmp(fq_func_id fn)
{
	return fn >= FQ_F_EQ && fn <= FQ_F_NOT_DISTINCT;
}

static fq_func_id
op_func(const char *op, bool unary)
{
	static const struct
	{
		const char *op;
		fq_func_id fn;
	} ops[] = {
		{"=", FQ_F_EQ}, {"<>", FQ_F_NE}, {"<", FQ_F_LT}, {"<=", FQ_F_LE}, {">", FQ_F_GT},
		{">=", FQ_F_GE}, {"IS DISTINCT FROM", FQ_F_DISTINCT},
		{"IS NOT DISTINCT FROM", FQ_F_NOT_DISTINCT}, {"+", FQ_F_ADD}, {"-", FQ_F_SUB},
		{"*", FQ_F_MUL}, {"/", FQ_F_DIV}, {"%", FQ_F_MOD}, {"||", FQ_F_CONCAT},
		{"~~", FQ_F_LIKE}, {"!~~", FQ_F_NOT_LIKE}, {"~~*", FQ_F_ILIKE}, {"!~~*", FQ_F_NOT_ILIKE},
	};

	if (unary)
		return strcmp(op, "-") == 0 ? FQ_F_NEG : FQ_F__COUNT;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].op, op) == 0)
			return ops[i].fn;
	return FQ_F__COUNT;
}

static fq_expr *
bind_arith(binder *b, fq_func_id fn, fq_expr *x, fq_expr *y, const void *at, const char *op)
{
	fq_type_id a = x->type.id;
	fq_type_id c = y->type.id;
	fq_type common;
	fq_type result;
	fq_expr *args[2];

	/* Dates and times first: date + integer, date - date, +- interval. */
	if (fn == FQ_F_ADD || fn == FQ_F_SUB)
	{
		fq_type tint = fq_type_make(FQ_T_INT4);
		fq_type tiv = fq_type_make(FQ_T_INTERVAL);

		if (a == FQ_T_DATE && (fq_type_is_integer(c) || c == FQ_T_UNKNOWN) &&
			!(c == FQ_T_UNKNOWN && fn == FQ_F_SUB && FQ_IS(y, FQ_N_EXPR_CONST) && 0))
		{
			if (c == FQ_T_UNKNOWN && fn == FQ_F_SUB)
			{
				/* date - 'literal': PostgreSQL reads the literal as a date */
				fq_type td = fq_type_make(FQ_T_DATE);

				y = coerce(b, y, &td, true, at);
				if (y == NULL)
					return NULL;
				args[0] = x;
				args[1] = y;
				return make_func(b, FQ_F_SUB, tint, 2, args, at);
			}
			y = coerce(b, y, &tint, true, at);
			if (y == NULL)
				return NULL;
			args[0] = x;
			args[1] = y;
			return make_func(b, fn, x->type, 2, args, at);
		}
		if (fn == FQ_F_ADD && fq_type_is_integer(a) && c == FQ_T_DATE)
			return bind_arith(b, fn, y, x, at, op);
		if (fn == FQ_F_SUB && a == FQ_T_DATE && c == FQ_T_DATE)
		{
			args[0] = x;
			args[1] = y;
			return make_func(b, fn, tint, 2, args, at);
		}
		if ((fq_type_is_datetime(a) || a == FQ_T_INTERVAL) &&
			(c == FQ_T_INTERVAL || (c == FQ_T_UNKNOWN && a != FQ_T_INTERVAL && fn == FQ_F_ADD)))
		{
			y = coerce(b, y, &tiv, true, at);
			if (y == NULL)
				return NULL;
			args[0] = x;
			args[1] = y;
			result = a == FQ_T_DATE ? fq_type_make(FQ_T_TIMESTAMP) : x->type;
			return make_func(b, fn, result, 2, args, at);
		}
		if (fn == FQ_F_ADD && a == FQ_T_INTERVAL && fq_type_is_datetime(c))
			return bind_arith(b, fn, y, x, at, op);
		if (fn == FQ_F_SUB && (a == FQ_T_TIMESTAMP || a == FQ_T_TIMESTAMPTZ) && a == c)
		{
			args[0] = x;
			args[1] = y;
			return make_func(b, fn, tiv, 2, args, at);
		}
	}
	if (!(fq_type_is_numeric(a) || a == FQ_T_UNKNOWN) ||
		!(fq_type_is_numeric(c) || c == FQ_T_UNKNOWN) || (a == FQ_T_UNKNOWN && c == FQ_T_UNKNOWN))
	{
		fail_at(b, at, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s",
				type_text(b, &x->type), op, type_text(b, &y->type));
		fq_diag_hint(b->d, "No operator matches the given name and argument types. You might "
						   "need to add explicit type casts.");
		return NULL;
	}
	/*
	 * PostgreSQL's operators: REAL only with REAL (anything else with a
	 * REAL computes in DOUBLE PRECISION), no % on floats, and NUMERIC
	 * results without (p,s): each value carries its own scale.
	 */
	{
		fq_type t8 = fq_type_make(FQ_T_FLOAT8);
		bool real_mix = (a == FQ_T_FLOAT4 && c != FQ_T_FLOAT4 && c != FQ_T_UNKNOWN) ||
			(c == FQ_T_FLOAT4 && a != FQ_T_FLOAT4 && a != FQ_T_UNKNOWN);

		if (real_mix && ((x = coerce(b, x, &t8, true, at)) == NULL ||
						 (y = coerce(b, y, &t8, true, at)) == NULL))
			return NULL;
	}
	if (!unify(b, &x, &y, op, at, &common))
		return NULL;
	if (fn == FQ_F_MOD && (common.id == FQ_T_FLOAT4 || common.id == FQ_T_FLOAT8))
	{
		fail_at(b, at, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s",
				type_text(b, &x->type), op, type_text(b, &y->type));
		fq_diag_hint(b->d, "No operator matches the given name and argument types. You might "
						   "need to add explicit type casts.");
		return NULL;
	}
	result = common;
	if (common.id == FQ_T_DECIMAL)
		result = fq_type_make(FQ_T_DECIMAL);
	args[0] = x;
	args[1] = y;
	return make_func(b, fn, result, 2, args, at);
}

static fq_expr *
bind_op(binder *b, bind_ctx *cx, fq_raw_op *op)
{
	fq_func_id fn = op_func(op->op, op->left == NULL);
	fq_expr *x;
	fq_expr *y;
	fq_expr *args[2];
	fq_type common;

	if (fn == FQ_F__COUNT)
	{
		fail_at(b, op, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s", op->op);
		fq_diag_hint(b->d, "fedq supports the comparison, arithmetic, || and LIKE (~~) "
						   "operators on external tables.");
		return NULL;
	}
	if (fn == FQ_F_NEG)
	{
		x = bind_expr(b, cx, op->right);
		if (x == NULL)
			return NULL;
		if (x->type.id == FQ_T_UNKNOWN)
		{
			fq_type t = fq_type_make(FQ_T_FLOAT8);

			x = coerce(b, x, &t, true, op);
			if (x == NULL)
				return NULL;
		}
		if (!fq_type_is_numeric(x->type.id) && x->type.id != FQ_T_INTERVAL)
			return fail_at(b, op, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: - %s",
						   type_text(b, &x->type));
		args[0] = x;
		return make_func(b, fn, x->type.id == FQ_T_DECIMAL ? fq_type_make(FQ_T_DECIMAL) : x->type, 1,
						 args, op);
	}
	x = bind_expr(b, cx, op->left);
	y = x ? bind_expr(b, cx, op->right) : NULL;
	if (y == NULL)
		return NULL;
	if (is_cmp(fn))
	{
		if (!unify(b, &x, &y, op->op, op, &common))
			return NULL;
		args[0] = x;
		args[1] = y;
		return make_func(b, fn, fq_type_make(FQ_T_BOOL), 2, args, op);
	}
	if (fn == FQ_F_CONCAT)
	{
		fq_type text = fq_type_varchar(-1);

		/* Anything concatenates as its text form. */
		x = coerce(b, x, &text, false, op);
		y = x ? coerce(b, y, &text, false, op) : NULL;
		if (y == NULL)
			return NULL;
		args[0] = x;
		args[1] = y;
		return make_func(b, fn, text, 2, args, op);
	}
	if (fn >= FQ_F_LIKE && fn <= FQ_F_NOT_ILIKE)
	{
		fq_type text = fq_type_varchar(-1);

		/* LIKE sees a CHAR(n)'s padding (PostgreSQL's bpcharlike) */
		if (x->type.id != FQ_T_CHAR)
			x = coerce(b, x, &text, true, op);
		y = x ? coerce(b, y, &text, true, op) : NULL;
		if (y == NULL)
			return NULL;
		args[0] = x;
		args[1] = y;
		return make_func(b, fn, fq_type_make(FQ_T_BOOL), 2, args, op);
	}
	return bind_arith(b, fn, x, y, op, op->op);
}

static fq_expr *
bind_like(binder *b, bind_ctx *cx, fq_raw_like *l)
{
	fq_type text = fq_type_varchar(-1);
	fq_expr *args[3];
	int nargs = 2;
	fq_func_id fn;

	if (l->similar)
		return fail_at(b, l, FQ_ERR_FEATURE_NOT_SUPPORTED, "SIMILAR TO is not supported");
	/* LIKE sees a CHAR(n)'s padding (PostgreSQL's bpcharlike) */
	args[0] = bind_expr(b, cx, l->arg);
	if (args[0] != NULL && args[0]->type.id != FQ_T_CHAR)
		args[0] = coerce(b, args[0], &text, true, l);
	args[1] = args[0] ? coerce(b, bind_expr(b, cx, l->pattern), &text, true, l) : NULL;
	if (args[1] == NULL)
		return NULL;
	if (l->escape != NULL)
	{
		fq_expr *esc = coerce(b, bind_expr(b, cx, l->escape), &text, true, l);

		if (esc == NULL)
			return NULL;
		if (!FQ_IS(esc, FQ_N_EXPR_CONST) || ((fq_const *) esc)->value.isnull ||
			((fq_const *) esc)->value.v.s.len > 1)
			return fail_at(b, l->escape, FQ_ERR_INVALID_ESCAPE_SEQUENCE,
						   "ESCAPE must be a literal of zero or one character");
		args[nargs++] = esc;
	}
	fn = l->ilike ? (l->is_not ? FQ_F_NOT_ILIKE : FQ_F_ILIKE)
				  : (l->is_not ? FQ_F_NOT_LIKE : FQ_F_LIKE);
	return make_func(b, fn, fq_type_make(FQ_T_BOOL), nargs, args, l);
}

static fq_expr *
bind_between(binder *b, bind_ctx *cx, fq_raw_between *bt)
{
	fq_expr *x = bind_expr(b, cx, bt->arg);
	fq_expr *lo = x ? bind_expr(b, cx, bt->lo) : NULL;
	fq_expr *hi = lo ? bind_expr(b, cx, bt->hi) : NULL;
	fq_expr *x2;
	fq_expr *args[2];
	fq_expr *both[2];
	fq_expr *e;
	fq_type t;

	if (hi == NULL)
		return NULL;
	if (bt->symmetric)
		return fail_at(b, bt, FQ_ERR_FEATURE_NOT_SUPPORTED, "BETWEEN SYMMETRIC is not supported");
	/* x BETWEEN lo AND hi  →  x >= lo AND x <= hi, each comparison typed
	 * on its own, as PostgreSQL rewrites it */
	if ((x2 = fq_expr_copy(b->a, x)) == NULL)
		return nomem(b);
	if (!unify(b, &x, &lo, ">=", bt, &t) || !unify(b, &x2, &hi, "<=", bt, &t))
		return NULL;
	args[0] = x;
	args[1] = lo;
	both[0] = make_func(b, FQ_F_GE, fq_type_make(FQ_T_BOOL), 2, args, bt);
	args[0] = x2;
	args[1] = hi;
	both[1] = make_func(b, FQ_F_LE, fq_type_make(FQ_T_BOOL), 2, args, bt);
	if (both[0] == NULL || both[1] == NULL)
		return NULL;
	e = make_bool_expr(b, FQ_BOOL_AND, 2, both);
	if (e != NULL && bt->is_not)
		e = make_bool_expr(b, FQ_BOOL_NOT, 1, &e);
	return e;
}

static fq_expr *
bind_in(binder *b, bind_ctx *cx, fq_raw_in *in)
{
	fq_in_expr *e;
	fq_expr *x;
	fq_type t;
	int i = 0;
	fq_node *item;

	if (in->subquery != NULL)
		return fail_at(b, in, FQ_ERR_FEATURE_NOT_SUPPORTED,
					   "IN (SELECT ...) is supported as a condition of WHERE (joined with AND), "
					   "not inside other expressions yet");
	x = bind_expr(b, cx, in->arg);
	if (x == NULL)
		return NULL;
	e = FQ_MAKE_NODE(b->a, fq_in_expr, FQ_N_EXPR_IN);
	if (e == NULL || (e->items = expr_array(b, fq_list_len(in->list))) == NULL)
		return nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->e.n.location = in->n.location;
	e->is_not = in->is_not;
	/* One item compares as x = item does; a list meets in the common type
	 * of x and the items, x first (PostgreSQL's = ANY (ARRAY[...])). */
	t = x->type;
	FQ_LIST_FOREACH(item, in->list)
	{
		fq_expr *v = bind_expr(b, cx, item);
		fq_type nt;

		if (v == NULL)
			return NULL;
		if (!(fq_list_len(in->list) == 1 ? fq_compare_type(&t, &v->type, &nt)
										 : fq_common_type(&t, &v->type, &nt)))
		{
			fail_at(b, item, FQ_ERR_DATATYPE_MISMATCH, "IN types %s and %s cannot be matched",
					type_text(b, &t), type_text(b, &v->type));
			return NULL;
		}
		t = nt;
		e->items[i++] = v;
	}
	e->nitems = i;
	e->arg = coerce(b, x, &t, true, in);
	if (e->arg == NULL)
		return NULL;
	for (i = 0; i < e->nitems; i++)
		if ((e->items[i] = coerce(b, e->items[i], &t, true, in)) == NULL)
			return NULL;
	return &e->e;
}

/*
 * The type a list of expressions meets in, as PostgreSQL's
 * select_common_type: untyped literals take no part (and drop the others'
 * length, (p,s) or precision, having none), the earlier inputs win where
 * both convert either way.  All untyped: text.  False (raised, naming
 * `what`) when two inputs do not meet.
 */
static bool
common_of(binder *b, fq_expr *const *items, int n, const char *what, const void *at, fq_type *out)
{
	fq_type t = fq_type_make(FQ_T_UNKNOWN);
	bool untyped = false;

	for (int i = 0; i < n; i++)
	{
		fq_type nt;

		if (items[i]->type.id == FQ_T_UNKNOWN)
		{
			untyped = true;
			continue;
		}
		if (t.id == FQ_T_UNKNOWN)
		{
			t = items[i]->type;
			continue;
		}
		if (!fq_common_type(&t, &items[i]->type, &nt))
		{
			fail_at(b, at, FQ_ERR_DATATYPE_MISMATCH, "%s types %s and %s cannot be matched", what,
					type_text(b, &t), type_text(b, &items[i]->type));
			return false;
		}
		t = nt;
	}
	if (t.id == FQ_T_UNKNOWN)
		t = fq_type_varchar(-1);
	else if (untyped)
		t = fq_type_unbounded(&t);
	*out = t;
	return true;
}

static fq_expr *
bind_case(binder *b, bind_ctx *cx, fq_raw_case *rc)
{
	fq_case_expr *c = FQ_MAKE_NODE(b->a, fq_case_expr, FQ_N_EXPR_CASE);
	fq_expr *arg = NULL;
	fq_raw_when *w;
	fq_type t = fq_type_make(FQ_T_UNKNOWN);
	int i = 0;

	if (c == NULL)
		return nomem(b);
	c->e.n.location = rc->n.location;
	c->nwhens = fq_list_len(rc->whens);
	c->conds = expr_array(b, c->nwhens);
	c->results = expr_array(b, c->nwhens);
	if (c->conds == NULL || c->results == NULL)
		return nomem(b);
	if (rc->arg != NULL && (arg = bind_expr(b, cx, rc->arg)) == NULL)
		return NULL;
	FQ_LIST_FOREACH(w, rc->whens)
	{
		fq_expr *cond = bind_expr(b, cx, w->cond);
		fq_expr *res;

		if (cond == NULL)
			return NULL;
		if (arg != NULL)
		{
			/* CASE x WHEN v → CASE WHEN x = v */
			fq_expr *lhs = fq_expr_copy(b->a, arg);
			fq_expr *args[2];
			fq_type common;

			if (lhs == NULL)
				return nomem(b);
			if (!unify(b, &lhs, &cond, "=", w, &common))
				return NULL;
			args[0] = lhs;
			args[1] = cond;
			cond = make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, args, w);
		}
		c->conds[i] = to_bool(b, cond, "CASE/WHEN");
		res = c->conds[i] ? bind_expr(b, cx, w->result) : NULL;
		if (res == NULL)
			return NULL;
		c->results[i++] = res;
	}
	if (rc->else_expr != NULL && (c->else_expr = bind_expr(b, cx, rc->else_expr)) == NULL)
		return NULL;
	{
		/* PostgreSQL weighs the ELSE first, then the THENs in order */
		fq_expr **all = expr_array(b, c->nwhens + 1);
		int n = 0;

		if (all == NULL)
			return nomem(b);
		if (c->else_expr != NULL)
			all[n++] = c->else_expr;
		for (int k = 0; k < c->nwhens; k++)
			all[n++] = c->results[k];
		if (!common_of(b, all, n, "CASE", rc, &t))
			return NULL;
	}
	for (i = 0; i < c->nwhens; i++)
		if ((c->results[i] = coerce(b, c->results[i], &t, true, rc)) == NULL)
			return NULL;
	if (c->else_expr == NULL)
		c->else_expr = &fq_make_null(b->a, t)->e;
	else
		c->else_expr = coerce(b, c->else_expr, &t, true, rc);
	if (c->else_expr == NULL)
		return NULL;
	c->e.type = t;
	return &c->e;
}

static fq_expr *
bind_cast(binder *b, bind_ctx *cx, fq_raw_cast *rc)
{
	fq_expr *arg = bind_expr(b, cx, rc->arg);
	fq_type to;

	if (arg == NULL)
		return NULL;
	if (!fq_type_from_name(rc->type->name, rc->type->mods, rc->type->nmods, &to))
	{
		if (strcmp(rc->type->name, "time with time zone") == 0 ||
			strcmp(rc->type->name, "timetz") == 0)
			return fail_at(b, rc->type, FQ_ERR_FEATURE_NOT_SUPPORTED,
						   "type time with time zone is not supported");
		return fail_at(b, rc->type, FQ_ERR_UNDEFINED_OBJECT, "type \"%s\" does not exist",
					   rc->type->name);
	}
	if (FQ_IS(arg, FQ_N_EXPR_PARAM) && arg->type.id == FQ_T_UNKNOWN)
	{
		fq_param *p = (fq_param *) arg;

		b->param_types[p->number - 1] = to;
		arg->type = to;
		return arg;
	}
	return coerce(b, arg, &to, false, rc);
}

static fq_expr *
bind_null_test(binder *b, bind_ctx *cx, fq_raw_null_test *nt)
{
	fq_null_test *e = FQ_MAKE_NODE(b->a, fq_null_test, FQ_N_EXPR_NULL_TEST);

	if (e == NULL)
		return nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->e.n.location = nt->n.location;
	e->is_not = nt->is_not;
	e->arg = bind_expr(b, cx, nt->arg);
	if (e->arg == NULL)
		return NULL;
	if (e->arg->type.id == FQ_T_UNKNOWN)
	{
		fq_type t = fq_type_varchar(-1);

		if ((e->arg = coerce(b, e->arg, &t, true, nt)) == NULL)
			return NULL;
	}
	return &e->e;
}

/* x IS [NOT] TRUE/FALSE/UNKNOWN in terms of NOT, AND and IS NULL. */
static fq_expr *
bind_bool_test(binder *b, bind_ctx *cx, fq_raw_bool_test *bt)
{
	fq_expr *x = to_bool(b, bind_expr(b, cx, bt->arg), "IS TRUE");
	fq_null_test *nn;
	fq_expr *args[2];
	fq_expr *e;

	if (x == NULL)
		return NULL;
	nn = FQ_MAKE_NODE(b->a, fq_null_test, FQ_N_EXPR_NULL_TEST);
	if (nn == NULL)
		return nomem(b);
	nn->e.type = fq_type_make(FQ_T_BOOL);
	nn->arg = x;
	nn->is_not = true;
	switch (bt->kind)
	{
		case FQ_IS_UNKNOWN:
		case FQ_IS_NOT_UNKNOWN:
			nn->is_not = bt->kind == FQ_IS_NOT_UNKNOWN;
			return &nn->e;
		case FQ_IS_TRUE:
		case FQ_IS_NOT_TRUE:
			args[0] = &nn->e;
			args[1] = fq_expr_copy(b->a, x);
			break;
		case FQ_IS_FALSE:
		case FQ_IS_NOT_FALSE:
			args[0] = &nn->e;
			args[1] = fq_expr_copy(b->a, x);
			if (args[1] == NULL)
				return nomem(b);
			args[1] = make_bool_expr(b, FQ_BOOL_NOT, 1, &args[1]);
			break;
		default:
			return fail_at(b, bt, FQ_ERR_INTERNAL_ERROR, "unrecognized boolean test");
	}
	if (args[1] == NULL)
		return nomem(b);
	e = make_bool_expr(b, FQ_BOOL_AND, 2, args);
	if (e != NULL && (bt->kind == FQ_IS_NOT_TRUE || bt->kind == FQ_IS_NOT_FALSE))
		e = make_bool_expr(b, FQ_BOOL_NOT, 1, &e);
	return e;
}

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
		return fail_at(b, f, window ? FQ_ERR_WINDOWING_ERROR : FQ_ERR_GROUPING_ERROR,
					   "%s functions are not allowed in %s", window ? "window" : "aggregate",
					   cx->clause);
	if (cx->in_agg && !window)
		return fail_at(b, f, FQ_ERR_GROUPING_ERROR, "aggregate function calls cannot be nested");
	if (cx->in_filter && !window)
		return fail_at(b, f, FQ_ERR_GROUPING_ERROR, "aggregate functions are not allowed in FILTER");
	g = FQ_MAKE_NODE(b->a, fq_agg_expr, FQ_N_EXPR_AGG);
	if (g == NULL)
		return nomem(b);
	g->e.n.location = f->n.location;
	g->kind = kind;
	g->distinct = f->distinct;
	if (window && f->distinct)
		return fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
					   "DISTINCT is not implemented for window functions");
	if (!window)
		cx->saw_agg = true;
	if (f->star)
	{
		if (kind != FQ_AGG_COUNT)
			return fail_at(b, f, FQ_ERR_SYNTAX_ERROR, "%s(*) is not valid; only count(*)", f->name);
		g->kind = FQ_AGG_COUNT_STAR;
		g->e.type = fq_type_make(FQ_T_INT8);
	}
	else
	{
		if (fq_list_len(f->args) != 1)
			return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
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

						g->arg = coerce(b, g->arg, &t, true, f);
						if (g->arg == NULL)
							return NULL;
						a = FQ_T_FLOAT8;
					}
					if (!fq_type_is_numeric(a) && a != FQ_T_INTERVAL)
						return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
									   "function %s(%s) does not exist", f->name,
									   type_text(b, &g->arg->type));
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

					if ((g->arg = coerce(b, g->arg, &t, true, f)) == NULL)
						return NULL;
				}
				g->e.type = g->arg->type;
				break;
			case FQ_AGG_BOOL_AND:
			case FQ_AGG_BOOL_OR:
				if ((g->arg = to_bool(b, g->arg, f->name)) == NULL)
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
		g->filter = to_bool(b, bind_expr(b, cx, f->filter), "FILTER");
		cx->in_agg = was_in_agg;
		cx->in_filter = was_in_filter;
		if (g->filter == NULL)
			return NULL;
	}
	return &g->e;
}

/* ---- Window functions ---- */

static bool fname(const fq_raw_func *f, const char *name);

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
static fq_expr *bind_window_over(binder *b, bind_ctx *cx, fq_raw_func *f, fq_win_kind kind,
								 fq_agg_kind agg, fq_expr **args, int nargs, fq_expr *filter,
								 fq_type type);

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
		return fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "window functions are not allowed in %s",
					   cx->no_window ? "HAVING" : cx->clause);
	if (cx->in_window)
		return fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "window function calls cannot be nested");
	if (cx->in_agg)
		return fail_at(b, f, FQ_ERR_GROUPING_ERROR,
					   "aggregate function calls cannot contain window function calls");
	if (f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0)
		return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s.%s does not exist",
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
			return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
						   "function %s takes %d to %d arguments", f->name, funcs[i].min,
						   funcs[i].max);
		if (f->filter != NULL)
			return fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
						   "FILTER is not implemented for non-aggregate window functions");
		if (f->distinct)
			return fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
						   "DISTINCT is not implemented for window functions");
		if ((args = expr_array(b, nargs > 0 ? nargs : 1)) == NULL)
			return nomem(b);
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

					if ((args[0] = coerce(b, args[0], &t, true, f)) == NULL)
						return NULL;
					type = fq_type_make(FQ_T_INT4);
					break;
				}
			default:
				/* anyelement: an untyped literal has no type to give the
				 * result (lag(x, n, default) is anycompatible: see below) */
				if (args[0]->type.id == FQ_T_UNKNOWN && nargs < 3)
					return fail_at(b, f, FQ_ERR_DATATYPE_MISMATCH,
								   "could not determine polymorphic type because input has type "
								   "unknown");
				type = args[0]->type;
				if (funcs[i].kind == FQ_WIN_NTH_VALUE || ((funcs[i].kind == FQ_WIN_LAG ||
														   funcs[i].kind == FQ_WIN_LEAD) &&
														  nargs >= 2))
				{
					fq_type t = fq_type_make(FQ_T_INT4);

					if ((args[1] = coerce(b, args[1], &t, true, f)) == NULL)
						return NULL;
				}
				if (nargs == 3)
				{
					/* The default and the value meet in their common type, as
					 * PostgreSQL's anycompatible does (the value first). */
					fq_type common;
					fq_expr *pair[2] = {args[0], args[2]};

					if (!common_of(b, pair, 2, f->name, f, &common))
						return NULL;
					if ((args[0] = coerce(b, args[0], &common, true, f)) == NULL ||
						(args[2] = coerce(b, args[2], &common, true, f)) == NULL)
						return NULL;
					type = common;
				}
				break;
		}
		return bind_window_over(b, cx, f, funcs[i].kind, FQ_AGG_COUNT, args, nargs, NULL, type);
	}
	return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "window function %s does not exist", f->name);
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
		return nomem(b);
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
	if ((w->kids = expr_array(b, n > 0 ? n : 1)) == NULL ||
		(w->desc = FQ_NEW_ARRAY(b->a, bool, norder > 0 ? norder : 1)) == NULL ||
		(w->nulls_first = FQ_NEW_ARRAY(b->a, bool, norder > 0 ? norder : 1)) == NULL)
		return nomem(b);
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
		fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED,
				"RANGE frames with an offset are not supported; use ROWS");
		goto fail;
	}
	if (rw->start == FQ_BOUND_UNBOUNDED_FOLLOWING || rw->end == FQ_BOUND_UNBOUNDED_PRECEDING ||
		(rw->start == FQ_BOUND_FOLLOWING &&
		 (rw->end == FQ_BOUND_PRECEDING || rw->end == FQ_BOUND_CURRENT_ROW)) ||
		(rw->start == FQ_BOUND_CURRENT_ROW && rw->end == FQ_BOUND_PRECEDING))
	{
		fail_at(b, f, FQ_ERR_WINDOWING_ERROR, "frame starting after it ends");
		goto fail;
	}
	for (int side = 0; side < 2; side++)
	{
		fq_node *off = side == 0 ? rw->start_offset : rw->end_offset;
		fq_expr *e;
		fq_type t = fq_type_make(FQ_T_INT8);

		if (off == NULL)
			continue;
		if ((e = bind_expr(b, cx, off)) == NULL || (e = coerce(b, e, &t, true, off)) == NULL)
			goto fail;
		if (!fq_expr_is_constant(e))
		{
			fail_at(b, off, FQ_ERR_WINDOWING_ERROR,
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
		fq_strbuf_printf(&s, "%s%s", i > 0 ? ", " : "", type_text(b, &args[i]->type));
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
	fq_type types[FQ_FUNC_MAX_ARGS] = {{0}};
	const fq_func_sig *sig = NULL;
	fq_func_match m = FQ_FUNC_NO_MATCH;
	fq_func_expr *call;

	if (nargs <= FQ_FUNC_MAX_ARGS)
	{
		for (int i = 0; i < nargs; i++)
			types[i] = args[i]->type;
		m = fq_func_resolve(def, types, nargs, &sig);
	}
	if (m != FQ_FUNC_MATCH)
	{
		bool ambiguous = m == FQ_FUNC_AMBIGUOUS;

		fail_at(b, f, ambiguous ? FQ_ERR_AMBIGUOUS_FUNCTION : FQ_ERR_UNDEFINED_FUNCTION,
				ambiguous ? "function %s is not unique" : "function %s does not exist",
				call_text(b, f, args, nargs));
		fq_diag_hint(b->d, ambiguous ? "Could not choose a best candidate function. You might "
									   "need to add explicit type casts."
						 : "No function matches the given name and argument types. You might "
						   "need to add explicit type casts.");
		return NULL;
	}
	for (int i = 0; i < nargs; i++)
	{
		fq_type t = fq_func_sig_type(sig->args[i]);

		/* VARCHAR(n), CHAR(n) and NUMERIC(p,s) are what a text, bpchar or
		 * numeric parameter takes as they are */
		if (args[i]->type.id != sig->args[i] && (args[i] = coerce(b, args[i], &t, true, f)) == NULL)
			return NULL;
	}
	call = (fq_func_expr *) make_func(b, FQ_F_CALL, fq_func_sig_type(sig->result), nargs, args, f);
	if (call == NULL)
		return NULL;
	call->def = def;
	call->sig = sig;
	if (def->check != NULL && def->check(call, b->a, b->d) < 0)
	{
		fq_diag_position(b->d, pos(b, f));
		return NULL;
	}
	return &call->e;
}

static fq_expr *
bind_func(binder *b, bind_ctx *cx, fq_raw_func *f)
{
	int nargs = fq_list_len(f->args);
	fq_expr **args;
	fq_agg_kind agg;

	if (f->over)
		return bind_window(b, cx, f);
	if (f->schema != NULL && strcmp(f->schema, "pg_catalog") != 0)
		return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s.%s does not exist",
					   f->schema, f->name);
	if (agg_kind_of(f, &agg))
		return bind_aggregate(b, cx, f, agg);
	if (f->star || f->distinct || f->filter != NULL)
		return fail_at(b, f, FQ_ERR_WRONG_OBJECT_TYPE, "%s is not an aggregate function", f->name);

	if (f->special || fname(f, "now") || fname(f, "getdate") || fname(f, "sysdate"))
	{
		if (nargs != 0)
			return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s takes no arguments",
						   f->name);
		if (fname(f, "current_date"))
			return make_func(b, FQ_F_CURRENT_DATE, fq_type_make(FQ_T_DATE), 0, NULL, f);
		if (fname(f, "current_timestamp") || fname(f, "now"))
			return make_func(b, FQ_F_CURRENT_TIMESTAMP, fq_type_make(FQ_T_TIMESTAMPTZ), 0, NULL, f);
		if (fname(f, "getdate") || fname(f, "sysdate") || fname(f, "localtimestamp"))
			return make_func(b, FQ_F_CURRENT_TIMESTAMP, fq_type_make(FQ_T_TIMESTAMP), 0, NULL, f);
		return fail_at(b, f, FQ_ERR_FEATURE_NOT_SUPPORTED, "%s is not supported yet", f->name);
	}

	args = expr_array(b, nargs);
	if (args == NULL)
		return nomem(b);
	for (int i = 0; i < nargs; i++)
		if ((args[i] = bind_expr(b, cx, fq_list_nth(f->args, i))) == NULL)
			return NULL;

#define NARGS(lo, hi) \
	do { if (nargs < (lo) || nargs > (hi)) goto bad_args; } while (0)

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
				if (!unify(b, &x, &y, "=", f, &ct))
					return NULL;
				args[0] = x;
			}
			x = fq_expr_copy(b->a, args[0]);
			y = args[1];
			if (c == NULL || x == NULL)
				return nomem(b);
			if (!unify(b, &x, &y, "=", f, &ct))
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
					return nomem(b);
			}
			c->e.n.location = f->n.location;
			c->nwhens = 1;
			c->conds = expr_array(b, 1);
			c->results = expr_array(b, 1);
			if (c->conds == NULL || c->results == NULL)
				return nomem(b);
			if ((c->conds[0] = make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, eq, f)) == NULL)
				return NULL;
			if ((null = fq_make_null(b->a, args[0]->type)) == NULL)
				return nomem(b);
			c->results[0] = &null->e;
			c->else_expr = args[0];
			c->e.type = args[0]->type;
			return &c->e;
		}
		NARGS(1, 100);
		if (!common_of(b, args, nargs, f->name, f, &t))
			return NULL;
		for (int i = 0; i < nargs; i++)
			if ((args[i] = coerce(b, args[i], &t, true, f)) == NULL)
				return NULL;
		return make_func(b, fn, t, nargs, args, f);
	}
#undef NARGS
	{
		const fq_func_def *def = fq_func_lookup(f->name);

		if (def != NULL)
			return bind_call(b, f, def, args, nargs);
	}
	fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION, "function %s does not exist", f->name);
	fq_diag_hint(b->d, "docs/sql.md lists the functions fedq runs on external tables.");
	return NULL;
bad_args:
	return fail_at(b, f, FQ_ERR_UNDEFINED_FUNCTION,
				   "function %s does not take %d argument%s", f->name, nargs, nargs == 1 ? "" : "s");
}

static fq_expr *
bind_expr(binder *b, bind_ctx *cx, fq_node *n)
{
	switch (FQ_TAG(n))
	{
		case FQ_N_RAW_COLUMN_REF:
			return bind_column_ref(b, cx, (fq_raw_column_ref *) n);
		case FQ_N_RAW_CONST:
			return bind_const(b, (fq_raw_const *) n);
		case FQ_N_RAW_PARAM:
			return bind_param(b, (fq_raw_param *) n);
		case FQ_N_RAW_OP:
			return bind_op(b, cx, (fq_raw_op *) n);
		case FQ_N_RAW_BOOL:
			{
				fq_raw_bool *rb = (fq_raw_bool *) n;
				int nargs = fq_list_len(rb->args);
				fq_expr **args = expr_array(b, nargs);

				if (args == NULL)
					return nomem(b);
				for (int i = 0; i < nargs; i++)
				{
					args[i] = to_bool(b, bind_expr(b, cx, fq_list_nth(rb->args, i)),
									  rb->kind == FQ_BOOL_AND ? "AND" : rb->kind == FQ_BOOL_OR ? "OR" : "NOT");
					if (args[i] == NULL)
						return NULL;
				}
				return make_bool_expr(b, rb->kind, nargs, args);
			}
		case FQ_N_RAW_FUNC:
			return bind_func(b, cx, (fq_raw_func *) n);
		case FQ_N_RAW_CAST:
			return bind_cast(b, cx, (fq_raw_cast *) n);
		case FQ_N_RAW_CASE:
			return bind_case(b, cx, (fq_raw_case *) n);
		case FQ_N_RAW_NULL_TEST:
			return bind_null_test(b, cx, (fq_raw_null_test *) n);
		case FQ_N_RAW_BOOL_TEST:
			return bind_bool_test(b, cx, (fq_raw_bool_test *) n);
		case FQ_N_RAW_IN:
			return bind_in(b, cx, (fq_raw_in *) n);
		case FQ_N_RAW_BETWEEN:
			return bind_between(b, cx, (fq_raw_between *) n);
		case FQ_N_RAW_LIKE:
			return bind_like(b, cx, (fq_raw_like *) n);
		case FQ_N_RAW_SUBLINK:
			if (((fq_raw_sublink *) n)->kind == FQ_SUBLINK_SCALAR)
				return bind_scalar_sublink(b, cx, (fq_raw_sublink *) n);
			return fail_at(b, n, FQ_ERR_FEATURE_NOT_SUPPORTED,
						   "EXISTS and ANY/ALL subqueries are supported as conditions of WHERE "
						   "(joined with AND), not inside other expressions yet");
		case FQ_N_RAW_STAR:
			return fail_at(b, n, FQ_ERR_SYNTAX_ERROR, "* is only allowed in the select list");
		default:
			return fail_at(b, n, FQ_ERR_INTERNAL_ERROR, "unrecognized expression node %s",
						   fq_node_tag_name(FQ_TAG(n)));
	}
}

/* ---- FROM ---- */

static brel *
new_brel(binder *b, int ncols)
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
		if (name_eq(other->alias, r->alias) && name_eq(other->schema, r->schema))
		{
			fail_at(b, at, FQ_ERR_DUPLICATE_ALIAS, "table name \"%s\" specified more than once",
					r->alias);
			return false;
		}
	if ((sc->rels = fq_lappend(b->a, sc->rels, r)) == NULL)
	{
		nomem(b);
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

	if (rv->catalog != NULL && !name_eq(rv->catalog, fq_session_database(s)))
	{
		fail_at(b, rv, FQ_ERR_FEATURE_NOT_SUPPORTED,
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
			fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", schema,
					rv->name);
			fq_diag_hint(b->d, "\"%s\" is not an external schema, and this connection has no "
							   "warehouse (no Server connection key).", schema);
			return FQ_ERROR;
		}
		if (fq_session_lookup_table(s, src, remote_schema, rv->name, &t, b->d) < 0)
			return FQ_ERROR;
		if (t == NULL)
		{
			fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", schema,
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
		for (int i = 0; i < s->nsearch && t == NULL; i++)
		{
			const fq_ext_schema *ext = fq_store_find(&s->store, s->search_path[i]);

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
				remote_schema = s->search_path[i];
			}
			else
				continue;
			if (fq_session_lookup_table(s, src, remote_schema, rv->name, &t, b->d) < 0)
				return FQ_ERROR;
			schema = s->search_path[i];
		}
		if (t == NULL)
		{
			fail_at(b, rv, FQ_ERR_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->name);
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

		if (name_eq(c->name, name))
			return c;
	}
	return NULL;
}

/* A derived table (subquery or CTE): a brel over the subplan's outputs. */
static fq_plan *
bind_derived(binder *b, scope *sc, fq_node *query, const char *alias, fq_list *col_aliases,
			 const void *at)
{
	fq_plan *sub;
	brel *r;

	if (bind_query(b, query, &sub) < 0)
		return NULL;
	if (fq_list_len(col_aliases) > sub->nout)
		return fail_at(b, at, FQ_ERR_INVALID_COLUMN_REFERENCE,
					   "table \"%s\" has %d columns available but %d columns specified",
					   alias, sub->nout, fq_list_len(col_aliases));
	r = new_brel(b, sub->nout);
	if (r == NULL)
		return nomem(b);
	r->alias = alias;
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

static fq_plan *bind_sysview(binder *b, scope *sc, fq_raw_range_var *rv,
							 const fq_sysview *v);

/* A Scan of every column of rte's table; outputs (rte->rel, i). */
static fq_plan_scan *
make_scan(binder *b, fq_rte *rte)
{
	const fq_pg_table *t = rte->meta;
	fq_plan_scan *scan = FQ_MAKE_PLAN(b->a, fq_plan_scan, FQ_N_PLAN_SCAN, t->ncols);

	if (scan == NULL)
		return nomem(b);
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
		fq_raw_cte *cte = find_cte(b, rv->name);

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
					return nomem(b);
			p = bind_derived(b, sc, cte->query, rv->alias ? rv->alias : rv->name,
							 rv->col_aliases ? rv->col_aliases : cte->col_names, rv);
			b->ctes = saved;
			return p;
		}
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
		return fail_at(b, rv, FQ_ERR_INVALID_COLUMN_REFERENCE,
					   "table \"%s\" has %d columns available but %d columns specified",
					   rte->alias, t->ncols, fq_list_len(rv->col_aliases));
	scan = make_scan(b, rte);
	r = new_brel(b, t->ncols);
	if (scan == NULL || r == NULL)
		return nomem(b);
	scan->p.n.location = rv->n.location;
	r->alias = rte->alias;
	r->schema = rv->alias == NULL ? rte->schema : NULL;
	r->rte = rte;
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

static fq_plan *bind_from_item(binder *b, scope *sc, fq_node *item);

static fq_plan *
make_join(binder *b, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond)
{
	bool semi = type == FQ_JOIN_SEMI || type == FQ_JOIN_ANTI;
	fq_plan_join *j = FQ_MAKE_PLAN(b->a, fq_plan_join, FQ_N_PLAN_JOIN,
								   left->nout + (semi ? 0 : right->nout));

	if (j == NULL)
		return nomem(b);
	j->p.left = left;
	j->p.right = right;
	j->type = type;
	j->cond = cond;
	memcpy(j->p.out, left->out, sizeof(fq_plan_col) * (size_t) left->nout);
	if (!semi)
		memcpy(j->p.out + left->nout, right->out, sizeof(fq_plan_col) * (size_t) right->nout);
	/* The outer side of an outer join can produce NULLs. */
	for (int i = 0; i < j->p.nout; i++)
		if ((i < left->nout && (type == FQ_JOIN_RIGHT || type == FQ_JOIN_FULL)) ||
			(i >= left->nout && (type == FQ_JOIN_LEFT || type == FQ_JOIN_FULL)))
			j->p.out[i].nullable = FQ_NULLABLE_YES;
	return &j->p;
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
		const brel *rrel = fq_list_len(inner.rels) >= 2 ? fq_list_nth(inner.rels, fq_list_len(inner.rels) - 1) : NULL;
		fq_expr **eqs;
		int neq = 0;

		if (lrel == NULL || fq_list_len(inner.rels) != 2)
			return fail_at(b, rj, FQ_ERR_FEATURE_NOT_SUPPORTED,
						   "USING and NATURAL joins over nested joins are not supported; "
						   "write ON conditions");
		if (rj->natural)
		{
			names = NULL;
			for (int i = 0; i < lrel->ncols; i++)
				for (int k = 0; k < rrel->ncols; k++)
					if (name_eq(lrel->names[i], rrel->names[k]))
						if ((names = fq_lappend(b->a, names, (void *) lrel->names[i])) == NULL)
							return nomem(b);
		}
		eqs = expr_array(b, fq_list_len(names));
		if (eqs == NULL)
			return nomem(b);
		for (int n = 0; n < fq_list_len(names); n++)
		{
			const char *name = fq_list_nth(names, n);
			int li = -1;
			int ri = -1;
			fq_expr *args[2];
			fq_type common;

			for (int i = 0; i < lrel->ncols; i++)
				if (name_eq(lrel->names[i], name))
					li = i;
			for (int i = 0; i < rrel->ncols; i++)
				if (name_eq(rrel->names[i], name))
					ri = i;
			if (li < 0 || ri < 0)
				return fail_at(b, rj, FQ_ERR_UNDEFINED_COLUMN,
							   "column \"%s\" specified in USING clause does not exist in %s table",
							   name, li < 0 ? "left" : "right");
			args[0] = column_var(b, lrel, li);
			args[1] = column_var(b, rrel, ri);
			if (args[0] == NULL || args[1] == NULL || !unify(b, &args[0], &args[1], "=", rj, &common))
				return NULL;
			eqs[neq++] = make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, args, rj);
			if (eqs[neq - 1] == NULL)
				return NULL;
		}
		cond = neq == 0 ? &make_bool_const(b, true)->e
			: neq == 1 ? eqs[0] : make_bool_expr(b, FQ_BOOL_AND, neq, eqs);
		if (cond == NULL)
			return nomem(b);
	}
	else if (rj->quals != NULL)
	{
		bind_ctx cx = {.sc = &inner, .where = CTX_OTHER, .clause = "JOIN conditions"};

		cond = to_bool(b, bind_expr(b, &cx, rj->quals), "JOIN/ON");
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
		return fail_at(b, rj, FQ_ERR_FEATURE_NOT_SUPPORTED, "an alias for a join is not supported");
	return make_join(b, left, right, rj->type, cond);
}

static fq_plan *
bind_from_item(binder *b, scope *sc, fq_node *item)
{
	switch (FQ_TAG(item))
	{
		case FQ_N_RAW_RANGE_VAR:
			return bind_range_var(b, sc, (fq_raw_range_var *) item);
		case FQ_N_RAW_RANGE_SUBSELECT:
			{
				fq_raw_range_subselect *rs = (fq_raw_range_subselect *) item;

				if (rs->alias == NULL)
					return fail_at(b, rs, FQ_ERR_SYNTAX_ERROR,
								   "subquery in FROM must have an alias");
				return bind_derived(b, sc, rs->query, rs->alias, rs->col_aliases, rs);
			}
		case FQ_N_RAW_JOIN:
			return bind_join(b, sc, (fq_raw_join *) item);
		default:
			return fail_at(b, item, FQ_ERR_INTERNAL_ERROR, "unrecognized FROM item %s",
						   fq_node_tag_name(FQ_TAG(item)));
	}
}

/* ---- Aggregation ---- */

typedef struct agg_ctx
{
	binder *b;
	fq_plan_agg *agg;   /* groups and the aggregates found so far */
	fq_list *aggs;      /* fq_agg_expr */
	int cap_aggs;
	const void *clause_at;
	bool failed;
} agg_ctx;

/*
 * Rewrites an expression to read the Aggregate's outputs: group
 * expressions become (group_rel, i), aggregates (agg_rel, j).  What is
 * left that still reads a base column is an error (42803).
 */
static fq_expr *
agg_mutator(fq_expr *e, void *arg)
{
	agg_ctx *ac = arg;
	fq_plan_agg *agg = ac->agg;

	for (int i = 0; i < agg->ngroups; i++)
		if (fq_expr_equal(e, agg->groups[i]))
		{
			fq_var *v = fq_make_var(ac->b->a, agg->group_rel, i, e->type,
									FQ_IS(e, FQ_N_EXPR_VAR) ? ((fq_var *) e)->name : NULL);

			if (v == NULL)
				return nomem(ac->b);
			v->e.n.location = e->n.location;
			return &v->e;
		}
	if (FQ_IS(e, FQ_N_EXPR_AGG))
	{
		int j;

		for (j = 0; j < fq_list_len(ac->aggs); j++)
			if (fq_expr_equal(e, fq_list_nth(ac->aggs, j)))
				break;
		if (j == fq_list_len(ac->aggs) &&
			(ac->aggs = fq_lappend(ac->b->a, ac->aggs, e)) == NULL)
			return nomem(ac->b);
		{
			fq_var *v = fq_make_var(ac->b->a, agg->agg_rel, j, e->type,
									fq_agg_name(((fq_agg_expr *) e)->kind));

			if (v == NULL)
				return nomem(ac->b);
			return &v->e;
		}
	}
	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		fq_var *v = (fq_var *) e;

		if (v->rel != agg->group_rel && v->rel != agg->agg_rel)
		{
			if (!ac->failed)
			{
				fail_at(ac->b, e, FQ_ERR_GROUPING_ERROR,
						"column \"%s\" must appear in the GROUP BY clause or be used in an "
						"aggregate function", v->name ? v->name : "?");
				ac->failed = true;
			}
			return NULL;
		}
	}
	return e;
}

/* Aggregates must be replaced before their arguments are looked at for
 * group expressions: walk top-down for those. */
static fq_expr *
agg_rewrite(agg_ctx *ac, fq_expr *e)
{
	if (FQ_IS(e, FQ_N_EXPR_AGG))
		return agg_mutator(e, ac);
	for (int i = 0; i < ac->agg->ngroups; i++)
		if (fq_expr_equal(e, ac->agg->groups[i]))
			return agg_mutator(e, ac);
	if (FQ_IS(e, FQ_N_EXPR_VAR))
		return agg_mutator(e, ac);
	{
		/* Rebuild children first (top-down), then keep this node. */
		fq_expr *copy = fq_expr_copy(ac->b->a, e);
		fq_expr **slots[64];
		int n = 0;

		if (copy == NULL)
			return nomem(ac->b);
		switch (FQ_TAG(copy))
		{
			case FQ_N_EXPR_FUNC:
				for (int i = 0; i < ((fq_func_expr *) copy)->nargs && n < 64; i++)
					slots[n++] = &((fq_func_expr *) copy)->args[i];
				break;
			case FQ_N_EXPR_BOOL:
				for (int i = 0; i < ((fq_bool_expr *) copy)->nargs && n < 64; i++)
					slots[n++] = &((fq_bool_expr *) copy)->args[i];
				break;
			case FQ_N_EXPR_CASE:
				{
					fq_case_expr *c = (fq_case_expr *) copy;

					for (int i = 0; i < c->nwhens && n < 62; i++)
					{
						slots[n++] = &c->conds[i];
						slots[n++] = &c->results[i];
					}
					slots[n++] = &c->else_expr;
					break;
				}
			case FQ_N_EXPR_CAST:
				slots[n++] = &((fq_cast_expr *) copy)->arg;
				break;
			case FQ_N_EXPR_NULL_TEST:
				slots[n++] = &((fq_null_test *) copy)->arg;
				break;
			case FQ_N_EXPR_IN:
				slots[n++] = &((fq_in_expr *) copy)->arg;
				for (int i = 0; i < ((fq_in_expr *) copy)->nitems && n < 64; i++)
					slots[n++] = &((fq_in_expr *) copy)->items[i];
				break;
			case FQ_N_EXPR_WINDOW:
				/* Over grouped rows: its arguments, partition and order keys
				 * are grouping columns or aggregates too. */
				for (int i = 0; i < ((fq_window_expr *) copy)->nkids && n < 64; i++)
					slots[n++] = &((fq_window_expr *) copy)->kids[i];
				break;
			default:
				break;
		}
		if (n == 64)
			return fail_at(ac->b, e, FQ_ERR_PROGRAM_LIMIT_EXCEEDED,
						   "expression has too many arguments for an aggregate query");
		for (int i = 0; i < n; i++)
			if ((*slots[i] = agg_rewrite(ac, *slots[i])) == NULL)
				return NULL;
		return copy;
	}
}

/* ---- Subqueries ---- */

/* Binds a subquery that may refer to the columns of `outer`. */
static int
bind_subquery(binder *b, scope *outer, fq_node *q, fq_plan **out, bool *correlated)
{
	int before = b->outer_refs;
	int rc;

	if (b->nouter == (int) (sizeof(b->outer) / sizeof(b->outer[0])))
		return fq_raise(b->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, pos(b, q),
						"subqueries are nested too deeply");
	b->outer[b->nouter++] = outer;
	rc = bind_query(b, q, out);
	b->nouter--;
	*correlated = b->outer_refs > before;
	return rc;
}

typedef struct outside_ctx
{
	const fq_plan *inside;
	const fq_plan *inside2; /* a join's second input, or NULL */
	bool found;
} outside_ctx;

static bool
outside_walker(fq_expr *e, void *arg)
{
	outside_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		int rel = ((fq_var *) e)->rel;
		int col = ((fq_var *) e)->col;

		if (fq_plan_find_col(c->inside, rel, col) < 0 &&
			(c->inside2 == NULL || fq_plan_find_col(c->inside2, rel, col) < 0))
		{
			c->found = true;
			return true;
		}
		return false;
	}
	return fq_expr_walk_children(e, outside_walker, arg);
}

/* True if e reads a column that `inside` does not produce. */
static bool
reads_outside(fq_expr *e, const fq_plan *inside)
{
	outside_ctx c = {inside, NULL, false};

	outside_walker(e, &c);
	return c.found;
}

/* True if e reads columns, all of them produced by `inside`. */
static bool
reads_only_inner(fq_expr *e, const fq_plan *inside)
{
	return fq_expr_refers_to(e, -1) && !reads_outside(e, inside);
}

typedef struct inner_ctx
{
	const fq_plan *inside;
	bool found;
} inner_ctx;

static bool
inner_walker(fq_expr *e, void *arg)
{
	inner_ctx *c = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR) &&
		fq_plan_find_col(c->inside, ((fq_var *) e)->rel, ((fq_var *) e)->col) >= 0)
		c->found = true;
	return c->found || fq_expr_walk_children(e, inner_walker, arg);
}

/* True if e reads columns, none of them produced by `inside`. */
static bool
reads_only_outer(fq_expr *e, const fq_plan *inside)
{
	inner_ctx c = {inside, false};

	inner_walker(e, &c);
	return fq_expr_refers_to(e, -1) && !c.found;
}

/* True if an expression of the tree under p reads a column that none of
 * its inputs produce: a reference to an enclosing query. */
static bool
plan_reads_outer(fq_plan *p)
{
	outside_ctx c = {p->left, p->right, false};

	if (FQ_IS(p, FQ_N_PLAN_SCAN) || FQ_IS(p, FQ_N_PLAN_VALUES))
		return false;
	fq_plan_walk_exprs(p, outside_walker, &c);
	return c.found || plan_reads_outer(p->left) ||
		(p->right != NULL && plan_reads_outer(p->right));
}

static fq_expr *
and_list(binder *b, fq_list *l)
{
	fq_expr *e = fq_make_and(b->a, l);

	return e == NULL && fq_list_len(l) > 0 ? nomem(b) : e;
}

static bool
split_and(binder *b, fq_expr *e, fq_list **out)
{
	if (!fq_expr_conjuncts(b->a, e, out))
	{
		nomem(b);
		return false;
	}
	return true;
}

/*
 * Separates a correlated subquery's WHERE conditions that read the
 * enclosing query from the rest: *filter becomes the rest (its Filter
 * node removed when nothing is left), *moved the others.
 */
static bool
pull_correlated(binder *b, fq_plan **filter, fq_list **moved)
{
	fq_plan_filter *f = (fq_plan_filter *) *filter;
	fq_list *conj = NULL;
	fq_list *keep = NULL;
	fq_expr *c;

	if (!split_and(b, f->pred, &conj))
		return false;
	FQ_LIST_FOREACH(c, conj)
	{
		fq_list **to = reads_outside(c, f->p.left) ? moved : &keep;

		if ((*to = fq_lappend(b->a, *to, c)) == NULL)
		{
			nomem(b);
			return false;
		}
	}
	if (keep == NULL)
		*filter = f->p.left;
	else if ((f->pred = and_list(b, keep)) == NULL)
		return false;
	return true;
}

static void *
unsupported_correlation(binder *b, const void *at, const char *what)
{
	fail_at(b, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
			"this correlated subquery is not supported yet: %s", what);
	fq_diag_hint(b->d, "A subquery may refer to the outer query in its WHERE clause; "
					   "an aggregate subquery only through equality conditions.");
	return NULL;
}

/*
 * x IN (SELECT y ...), EXISTS (...), their negations and = ANY / <> ALL:
 * the query's FROM plan joined with the subquery (SEMI or ANTI), the
 * subquery's conditions on the outer query moved into the join condition.
 */
static fq_plan *
bind_semi_join(binder *b, bind_ctx *cx, fq_plan *from, fq_node *subq, fq_node *lhs_raw,
			   fq_join_type type, bool null_aware, const void *at)
{
	fq_plan *sub;
	fq_plan *inner;
	bool correlated;
	fq_list *conds = NULL;
	fq_expr *rhs = NULL;
	fq_plan_join *j;

	if (bind_subquery(b, cx->sc, subq, &sub, &correlated) < 0)
		return NULL;
	if (lhs_raw != NULL && sub->nout != 1)
		return fail_at(b, subq, FQ_ERR_SYNTAX_ERROR, "subquery has too %s columns",
					   sub->nout > 1 ? "many" : "few");
	inner = sub;
	if (correlated)
	{
		/* Project (Filter (FROM)) is the shape a WHERE-correlated SELECT binds to. */
		fq_plan *below;

		if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !FQ_IS(sub->left, FQ_N_PLAN_FILTER))
			return unsupported_correlation(b, subq, "it refers to the outer query outside its "
											  "WHERE clause, or has grouping, DISTINCT or LIMIT");
		below = sub->left;
		if (!pull_correlated(b, &below, &conds))
			return NULL;
		if (plan_reads_outer(below))
			return unsupported_correlation(b, subq, "it refers to the outer query outside its "
											  "WHERE clause");
		if (lhs_raw != NULL)
			rhs = ((fq_plan_project *) sub)->exprs[0];
		inner = below;
	}
	else if (lhs_raw != NULL)
	{
		fq_var *v = fq_make_var(b->a, sub->out[0].rel, sub->out[0].col, sub->out[0].type,
								sub->out[0].name);

		if (v == NULL)
			return nomem(b);
		rhs = &v->e;
	}
	if (lhs_raw != NULL)
	{
		fq_expr *lhs = bind_expr(b, cx, lhs_raw);
		fq_expr *args[2];
		fq_type common;

		if (lhs == NULL)
			return NULL;
		if (reads_outside(rhs, inner) && !correlated)
			return fail_at(b, at, FQ_ERR_INTERNAL_ERROR, "subquery output is not available");
		if (!unify(b, &lhs, &rhs, "=", at, &common))
			return NULL;
		args[0] = lhs;
		args[1] = rhs;
		if ((conds = fq_lappend(b->a, conds, make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2,
													  args, at))) == NULL)
			return nomem(b);
	}
	j = (fq_plan_join *) make_join(b, from, inner, type, and_list(b, conds));
	if (j == NULL)
		return NULL;
	if (conds == NULL)
	{
		/* EXISTS without conditions on the outer query: any row will do */
		fq_const *t = make_bool_const(b, true);

		if (t == NULL)
			return nomem(b);
		j->cond = &t->e;
	}
	j->null_aware = null_aware;
	j->p.n.location = ((const fq_node *) at)->location;
	return &j->p;
}

/* Grows the statement's list of initplans; the new one's id. */
static int
add_initplan(binder *b, fq_plan *p)
{
	fq_stmt *st = b->st;
	fq_plan **grown = fq_arena_realloc(b->a, st->initplans, sizeof(fq_plan *) * (size_t) st->ninitplans,
									   sizeof(fq_plan *) * (size_t) (st->ninitplans + 1));

	if (grown == NULL)
	{
		nomem(b);
		return -1;
	}
	st->initplans = grown;
	st->initplans[st->ninitplans] = p;
	return st->ninitplans++;
}

/*
 * A correlated scalar subquery with an aggregate, SELECT f(agg(...)) FROM
 * ... WHERE inner = outer AND ..., becomes a derived table grouped by the
 * inner sides of the correlation, LEFT JOINed to the outer query on them;
 * the subquery's value is the derived table's column (count is 0, not
 * NULL, for groups with no rows).
 */
static fq_expr *
decorrelate_scalar(binder *b, bind_ctx *cx, fq_plan *sub, const void *at)
{
	fq_plan_project *proj;
	fq_plan_agg *agg;
	fq_plan *below;
	fq_list *moved = NULL;
	fq_list *keys_in = NULL;
	fq_list *keys_out = NULL;
	fq_expr *c;
	fq_list *conds = NULL;
	int nk;
	fq_plan_project *derived;
	fq_var *result;
	fq_expr *value;

	if (cx->from == NULL)
		return unsupported_correlation(b, at, "correlated subqueries are allowed in WHERE and "
											  "the select list");
	if (!FQ_IS(sub, FQ_N_PLAN_PROJECT) || !FQ_IS(sub->left, FQ_N_PLAN_AGG) ||
		((fq_plan_agg *) sub->left)->ngroups > 0 || !FQ_IS(sub->left->left, FQ_N_PLAN_FILTER))
		return unsupported_correlation(b, at, "a correlated scalar subquery must compute one "
											  "aggregate without GROUP BY, HAVING or LIMIT");
	proj = (fq_plan_project *) sub;
	agg = (fq_plan_agg *) sub->left;
	below = sub->left->left;
	if (!pull_correlated(b, &below, &moved))
		return NULL;
	if (plan_reads_outer(below))
		return unsupported_correlation(b, at, "it refers to the outer query outside its WHERE clause");
	/* Each moved condition must be inner_expr = outer_expr. */
	FQ_LIST_FOREACH(c, moved)
	{
		fq_func_expr *f = (fq_func_expr *) c;
		fq_expr *in;
		fq_expr *out;

		if (!FQ_IS(c, FQ_N_EXPR_FUNC) || f->fn != FQ_F_EQ)
			return unsupported_correlation(b, at, "only equality conditions may refer to the "
												  "outer query in an aggregate subquery");
		if (reads_only_inner(f->args[0], below) && reads_only_outer(f->args[1], below))
		{
			in = f->args[0];
			out = f->args[1];
		}
		else if (reads_only_inner(f->args[1], below) && reads_only_outer(f->args[0], below))
		{
			in = f->args[1];
			out = f->args[0];
		}
		else
			return unsupported_correlation(b, at, "each condition on the outer query must compare "
												  "one of its expressions with one of the subquery's");
		if (reads_outside(out, *cx->from))
			return unsupported_correlation(b, at, "it refers to a query further out");
		if ((keys_in = fq_lappend(b->a, keys_in, in)) == NULL ||
			(keys_out = fq_lappend(b->a, keys_out, out)) == NULL)
			return nomem(b);
	}
	nk = fq_list_len(keys_in);
	/* Group the aggregate by the inner keys. */
	agg->p.left = below;
	agg->ngroups = nk;
	agg->groups = expr_array(b, nk);
	{
		fq_plan_col *out = FQ_NEW_ARRAY(b->a, fq_plan_col, nk + agg->naggs);

		if (agg->groups == NULL || out == NULL)
			return nomem(b);
		for (int i = 0; i < nk; i++)
		{
			agg->groups[i] = fq_list_nth(keys_in, i);
			out[i].rel = agg->group_rel;
			out[i].col = i;
			out[i].type = agg->groups[i]->type;
			out[i].name = "?key?";
			out[i].nullable = FQ_NULLABLE_UNKNOWN;
		}
		memcpy(out + nk, agg->p.out, sizeof(fq_plan_col) * (size_t) agg->naggs);
		agg->p.out = out;
		agg->p.nout = nk + agg->naggs;
	}
	/* The derived table: the subquery's value, then the keys. */
	derived = FQ_MAKE_PLAN(b->a, fq_plan_project, FQ_N_PLAN_PROJECT, 1 + nk);
	if (derived == NULL || (derived->exprs = expr_array(b, 1 + nk)) == NULL)
		return nomem(b);
	derived->p.left = &agg->p;
	derived->rel = b->next_rel++;
	derived->nexprs = 1 + nk;
	derived->exprs[0] = proj->exprs[0];
	for (int i = 0; i < 1 + nk; i++)
	{
		fq_plan_col *o = &derived->p.out[i];

		if (i > 0)
		{
			fq_var *k = fq_make_var(b->a, agg->group_rel, i - 1, agg->groups[i - 1]->type, "?key?");

			if (k == NULL)
				return nomem(b);
			derived->exprs[i] = &k->e;
		}
		o->rel = derived->rel;
		o->col = i;
		o->type = derived->exprs[i]->type;
		o->name = i == 0 ? proj->p.out[0].name : "?key?";
		o->nullable = FQ_NULLABLE_YES;
	}
	for (int i = 0; i < nk; i++)
	{
		fq_var *k = fq_make_var(b->a, derived->rel, 1 + i, derived->exprs[1 + i]->type, "?key?");
		fq_expr *args[2];
		fq_type common;

		if (k == NULL)
			return nomem(b);
		args[0] = fq_list_nth(keys_out, i);
		args[1] = &k->e;
		if (!unify(b, &args[0], &args[1], "=", at, &common) ||
			(conds = fq_lappend(b->a, conds, make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2,
													  args, at))) == NULL)
			return conds == NULL && !fq_diags_has_error(b->d) ? nomem(b) : NULL;
	}
	if ((*cx->from = make_join(b, *cx->from, &derived->p, FQ_JOIN_LEFT, and_list(b, conds))) == NULL)
		return NULL;
	((fq_plan_join *) *cx->from)->lateral = true;
	result = fq_make_var(b->a, derived->rel, 0, derived->exprs[0]->type, proj->p.out[0].name);
	if (result == NULL)
		return nomem(b);
	value = &result->e;
	/* count over no rows is 0; the outer join gives NULL: put the 0 back. */
	if (FQ_IS(proj->exprs[0], FQ_N_EXPR_VAR) && ((fq_var *) proj->exprs[0])->rel == agg->agg_rel)
	{
		fq_agg_expr *a = agg->aggs[((fq_var *) proj->exprs[0])->col];

		if (a->kind == FQ_AGG_COUNT || a->kind == FQ_AGG_COUNT_STAR)
		{
			fq_value zero;
			fq_const *z;
			fq_expr *args[2];

			memset(&zero, 0, sizeof(zero));
			zero.type = fq_type_make(FQ_T_INT8);
			if ((z = fq_make_const(b->a, &zero)) == NULL)
				return nomem(b);
			args[0] = value;
			args[1] = &z->e;
			value = make_func(b, FQ_F_COALESCE, value->type, 2, args, at);
		}
	}
	else
	{
		/* count inside a larger expression would need the same repair */
		for (int i = 0; i < agg->naggs; i++)
			if (agg->aggs[i]->kind == FQ_AGG_COUNT || agg->aggs[i]->kind == FQ_AGG_COUNT_STAR)
				return unsupported_correlation(b, at, "count() inside an expression of a "
													  "correlated subquery");
	}
	return value;
}

/* (SELECT ...) used as a value. */
static fq_expr *
bind_scalar_sublink(binder *b, bind_ctx *cx, fq_raw_sublink *sl)
{
	fq_plan *sub;
	bool correlated;

	if (bind_subquery(b, cx->sc, sl->subquery, &sub, &correlated) < 0)
		return NULL;
	if (sub->nout != 1)
		return fail_at(b, sl, FQ_ERR_SYNTAX_ERROR, "subquery must return only one column");
	if (correlated)
		return decorrelate_scalar(b, cx, sub, sl);
	{
		fq_subplan_expr *e = FQ_MAKE_NODE(b->a, fq_subplan_expr, FQ_N_EXPR_SUBPLAN);

		if (e == NULL)
			return nomem(b);
		e->e.type = sub->out[0].type;
		e->e.n.location = sl->n.location;
		if ((e->id = add_initplan(b, sub)) < 0)
			return NULL;
		return &e->e;
	}
}

/*
 * A WHERE clause: conjuncts that are EXISTS / IN (SELECT) / = ANY and
 * their negations become semi and anti joins on the FROM plan; the rest
 * is the filter's predicate (NULL when nothing is left).
 */
static bool
collect_raw_and(binder *b, fq_node *n, fq_list **out)
{
	if (FQ_IS(n, FQ_N_RAW_BOOL) && ((fq_raw_bool *) n)->kind == FQ_BOOL_AND)
	{
		fq_node *a;

		FQ_LIST_FOREACH(a, ((fq_raw_bool *) n)->args)
			if (!collect_raw_and(b, a, out))
				return false;
		return true;
	}
	if ((*out = fq_lappend(b->a, *out, n)) == NULL)
	{
		nomem(b);
		return false;
	}
	return true;
}

static int
bind_where(binder *b, scope *sc, fq_node *where, fq_plan **plan, fq_expr **pred)
{
	fq_list *conj = NULL;
	fq_list *preds = NULL;
	fq_node *c;

	*pred = NULL;
	if (!collect_raw_and(b, where, &conj))
		return FQ_ERROR;
	FQ_LIST_FOREACH(c, conj)
	{
		bind_ctx cx = {.sc = sc, .where = CTX_WHERE, .clause = "WHERE", .from = plan};
		fq_node *x = c;
		bool neg = false;
		fq_plan *j = NULL;
		bool handled = true;

		if (FQ_IS(x, FQ_N_RAW_BOOL) && ((fq_raw_bool *) x)->kind == FQ_BOOL_NOT)
		{
			neg = true;
			x = fq_list_nth(((fq_raw_bool *) x)->args, 0);
		}
		if (FQ_IS(x, FQ_N_RAW_SUBLINK) && ((fq_raw_sublink *) x)->kind == FQ_SUBLINK_EXISTS)
			j = bind_semi_join(b, &cx, *plan, ((fq_raw_sublink *) x)->subquery, NULL,
							   neg ? FQ_JOIN_ANTI : FQ_JOIN_SEMI, false, x);
		else if (FQ_IS(x, FQ_N_RAW_IN) && ((fq_raw_in *) x)->subquery != NULL)
		{
			fq_raw_in *in = (fq_raw_in *) x;
			bool not_in = in->is_not != neg;

			j = bind_semi_join(b, &cx, *plan, in->subquery, in->arg,
							   not_in ? FQ_JOIN_ANTI : FQ_JOIN_SEMI, not_in, x);
		}
		else if (FQ_IS(x, FQ_N_RAW_SUBLINK) && !neg &&
				 ((((fq_raw_sublink *) x)->kind == FQ_SUBLINK_ANY &&
				   strcmp(((fq_raw_sublink *) x)->op, "=") == 0) ||
				  (((fq_raw_sublink *) x)->kind == FQ_SUBLINK_ALL &&
				   strcmp(((fq_raw_sublink *) x)->op, "<>") == 0)))
		{
			fq_raw_sublink *sl = (fq_raw_sublink *) x;
			bool all = sl->kind == FQ_SUBLINK_ALL;

			j = bind_semi_join(b, &cx, *plan, sl->subquery, sl->test_expr,
							   all ? FQ_JOIN_ANTI : FQ_JOIN_SEMI, all, x);
		}
		else
			handled = false;
		if (handled)
		{
			if (j == NULL)
				return FQ_ERROR;
			*plan = j;
			continue;
		}
		{
			fq_expr *e = to_bool(b, bind_expr(b, &cx, c), "WHERE");

			if (e == NULL)
				return FQ_ERROR;
			if ((preds = fq_lappend(b->a, preds, e)) == NULL)
				return fq_raise_nomem(b->d, b->a);
		}
	}
	if (preds != NULL && (*pred = and_list(b, preds)) == NULL)
		return FQ_ERROR;
	return FQ_OK;
}

/* ---- SELECT ---- */

/* How the select list names a column: alias, column name, function name. */
static const char *
target_name(const fq_raw_target *t, const fq_expr *e)
{
	const fq_node *n = t->expr;

	if (t->alias != NULL)
		return t->alias;
	while (FQ_IS(n, FQ_N_RAW_CAST))
		n = ((const fq_raw_cast *) n)->arg;
	if (FQ_IS(n, FQ_N_RAW_COLUMN_REF))
	{
		const fq_raw_column_ref *c = (const fq_raw_column_ref *) n;

		return fq_list_nth(c->fields, fq_list_len(c->fields) - 1);
	}
	if (FQ_IS(n, FQ_N_RAW_FUNC))
		return ((const fq_raw_func *) n)->name;
	if (FQ_IS(n, FQ_N_RAW_CAST) || (FQ_IS(t->expr, FQ_N_RAW_CAST) &&
									FQ_IS(((fq_raw_cast *) t->expr)->arg, FQ_N_RAW_CONST)))
		return ((const fq_raw_cast *) t->expr)->type->name;
	if (FQ_IS(n, FQ_N_RAW_CASE))
		return "case";
	(void) e;
	return "?column?";
}

typedef struct target_list
{
	int n;
	int cap;
	fq_expr **exprs;
	const char **names;
	const fq_rte **base_rte; /* provenance of plain columns */
	int *base_col;
	int *nullable;
	int visible;             /* the first `visible` are the select list */
} target_list;

static bool
add_target(binder *b, target_list *tl, fq_expr *e, const char *name)
{
	if (tl->n == tl->cap)
	{
		int cap = tl->cap ? tl->cap * 2 : 16;

		tl->exprs = fq_arena_realloc(b->a, tl->exprs, sizeof(fq_expr *) * (size_t) tl->cap,
									 sizeof(fq_expr *) * (size_t) cap);
		tl->names = fq_arena_realloc(b->a, tl->names, sizeof(char *) * (size_t) tl->cap,
									 sizeof(char *) * (size_t) cap);
		tl->base_rte = fq_arena_realloc(b->a, tl->base_rte, sizeof(void *) * (size_t) tl->cap,
										sizeof(void *) * (size_t) cap);
		tl->base_col = fq_arena_realloc(b->a, tl->base_col, sizeof(int) * (size_t) tl->cap,
										sizeof(int) * (size_t) cap);
		tl->nullable = fq_arena_realloc(b->a, tl->nullable, sizeof(int) * (size_t) tl->cap,
										sizeof(int) * (size_t) cap);
		if (tl->exprs == NULL || tl->names == NULL || tl->base_rte == NULL ||
			tl->base_col == NULL || tl->nullable == NULL)
		{
			nomem(b);
			return false;
		}
		tl->cap = cap;
	}
	tl->exprs[tl->n] = e;
	tl->names[tl->n] = name;
	tl->base_rte[tl->n] = NULL;
	tl->base_col[tl->n] = -1;
	tl->nullable[tl->n] = FQ_NULLABLE_UNKNOWN;
	tl->n++;
	return true;
}

/* Records where a plain column came from, for SQLColAttribute. */
static void
note_provenance(target_list *tl, int i, scope *sc, const fq_expr *e)
{
	const fq_var *v;
	brel *r;

	if (!FQ_IS(e, FQ_N_EXPR_VAR))
		return;
	v = (const fq_var *) e;
	FQ_LIST_FOREACH(r, sc->rels)
		for (int k = 0; k < r->ncols; k++)
			if (r->rels[k] == v->rel && r->cols[k] == v->col)
			{
				tl->nullable[i] = r->nullable[k];
				if (r->rte != NULL)
				{
					tl->base_rte[i] = r->rte;
					tl->base_col[i] = k;
				}
				return;
			}
}

static bool
expand_star(binder *b, scope *sc, fq_raw_star *star, target_list *tl)
{
	brel *r;
	bool any = false;

	if (star->qualifier != NULL)
	{
		int n = fq_list_len(star->qualifier);
		const brel *q = find_rel(b, sc, n >= 2 ? fq_list_nth(star->qualifier, n - 2) : NULL,
								 fq_list_nth(star->qualifier, n - 1), star);

		if (q == NULL)
			return false;
		for (int i = 0; i < q->ncols; i++)
		{
			fq_expr *v = column_var(b, q, i);

			if (v == NULL || !add_target(b, tl, v, q->names[i]))
				return false;
			note_provenance(tl, tl->n - 1, sc, v);
		}
		return true;
	}
	FQ_LIST_FOREACH(r, sc->rels)
	{
		for (int i = 0; i < r->ncols; i++)
		{
			fq_expr *v = column_var(b, r, i);

			if (v == NULL || !add_target(b, tl, v, r->names[i]))
				return false;
			note_provenance(tl, tl->n - 1, sc, v);
		}
		any = true;
	}
	if (!any)
	{
		fail_at(b, star, FQ_ERR_SYNTAX_ERROR, "SELECT * with no tables specified is not valid");
		return false;
	}
	return true;
}

/* LIMIT/OFFSET: a constant or a parameter, as bigint. */
static fq_expr *
bind_count(binder *b, fq_node *n, const char *what)
{
	bind_ctx cx = {.sc = &(scope){NULL}, .where = CTX_OTHER, .clause = what};
	fq_expr *e = bind_expr(b, &cx, n);
	fq_type t = fq_type_make(FQ_T_INT8);

	if (e == NULL)
		return NULL;
	if (!fq_expr_is_constant(e))
		return fail_at(b, n, FQ_ERR_FEATURE_NOT_SUPPORTED,
					   "%s must be a constant or a parameter", what);
	if (!fq_type_is_integer(e->type.id) && e->type.id != FQ_T_UNKNOWN &&
		e->type.id != FQ_T_DECIMAL && e->type.id != FQ_T_FLOAT8)
		return fail_at(b, n, FQ_ERR_DATATYPE_MISMATCH, "argument of %s must be type bigint, not type %s",
					   what, type_text(b, &e->type));
	return coerce(b, e, &t, false, n);
}

/* Finds an ORDER BY item among the targets: ordinal, output name, or an
 * equal expression; -1 when it must be added as a hidden target. */
static int
match_sort_target(binder *b, target_list *tl, fq_raw_sort_by *sb, bool *failed)
{
	fq_node *n = sb->expr;

	*failed = false;
	if (FQ_IS(n, FQ_N_RAW_CONST) && ((fq_raw_const *) n)->kind != FQ_CONST_INTEGER)
	{
		fail_at(b, n, FQ_ERR_SYNTAX_ERROR, "non-integer constant in ORDER BY");
		*failed = true;
		return -1;
	}
	if (FQ_IS(n, FQ_N_RAW_CONST) && ((fq_raw_const *) n)->kind == FQ_CONST_INTEGER)
	{
		long k = strtol(((fq_raw_const *) n)->text, NULL, 10);

		if (k < 1 || k > tl->visible)
		{
			fail_at(b, n, FQ_ERR_INVALID_COLUMN_REFERENCE, "ORDER BY position %ld is not in select list",
					k);
			*failed = true;
			return -1;
		}
		return (int) k - 1;
	}
	if (FQ_IS(n, FQ_N_RAW_COLUMN_REF) && fq_list_len(((fq_raw_column_ref *) n)->fields) == 1)
	{
		const char *name = fq_list_nth(((fq_raw_column_ref *) n)->fields, 0);
		int found = -1;

		for (int i = 0; i < tl->visible; i++)
			if (name_eq(tl->names[i], name))
			{
				if (found >= 0 && !fq_expr_equal(tl->exprs[found], tl->exprs[i]))
				{
					fail_at(b, n, FQ_ERR_AMBIGUOUS_COLUMN, "ORDER BY \"%s\" is ambiguous", name);
					*failed = true;
					return -1;
				}
				if (found < 0)
					found = i;
			}
		return found;
	}
	return -1;
}

static fq_plan *
make_project(binder *b, fq_plan *child, target_list *tl, int n)
{
	fq_plan_project *p = FQ_MAKE_PLAN(b->a, fq_plan_project, FQ_N_PLAN_PROJECT, n);

	if (p == NULL)
		return nomem(b);
	p->p.left = child;
	p->rel = b->next_rel++;
	p->nexprs = n;
	p->exprs = expr_array(b, n);
	if (p->exprs == NULL)
		return nomem(b);
	for (int i = 0; i < n; i++)
	{
		p->exprs[i] = tl->exprs[i];
		p->p.out[i].rel = p->rel;
		p->p.out[i].col = i;
		p->p.out[i].type = tl->exprs[i]->type;
		p->p.out[i].name = tl->names[i];
		p->p.out[i].nullable = tl->nullable[i];
		p->p.out[i].base_rte = tl->base_rte[i];
		p->p.out[i].base_col = tl->base_col[i];
	}
	return &p->p;
}

static bool
window_walker(fq_expr *e, void *arg)
{
	(void) arg;
	return FQ_IS(e, FQ_N_EXPR_WINDOW) || fq_expr_walk_children(e, window_walker, NULL);
}

/* True if e calls a window function. */
static bool
has_window(fq_expr *e)
{
	return window_walker(e, NULL);
}

typedef struct window_ctx
{
	binder *b;
	int rel;
	fq_list *funcs;
	bool failed;
} window_ctx;

static fq_expr *
window_mutator(fq_expr *e, void *arg)
{
	window_ctx *wc = arg;
	fq_var *v;
	fq_window_expr *w;
	int j = 0;

	if (!FQ_IS(e, FQ_N_EXPR_WINDOW))
		return e;
	FQ_LIST_FOREACH(w, wc->funcs)
	{
		if (fq_expr_equal(&w->e, e))
			break;
		j++;
	}
	if (j == fq_list_len(wc->funcs) &&
		(wc->funcs = fq_lappend(wc->b->a, wc->funcs, e)) == NULL)
	{
		wc->failed = true;
		return NULL;
	}
	if ((v = fq_make_var(wc->b->a, wc->rel, j, e->type, fq_window_name((fq_window_expr *) e))) == NULL)
		wc->failed = true;
	return v != NULL ? &v->e : NULL;
}

/*
 * Takes the window functions out of the select list (and hidden sort
 * keys) into a Window node over plan; the targets read its outputs.
 */
static fq_plan *
make_window(binder *b, fq_plan *plan, target_list *tl)
{
	window_ctx wc = {.b = b, .rel = b->next_rel++};
	fq_plan_window *w;
	int n;

	for (int i = 0; i < tl->n; i++)
		if ((tl->exprs[i] = fq_expr_mutate(b->a, tl->exprs[i], window_mutator, &wc)) == NULL)
			return nomem(b);
	n = fq_list_len(wc.funcs);
	w = FQ_MAKE_PLAN(b->a, fq_plan_window, FQ_N_PLAN_WINDOW, plan->nout + n);
	if (w == NULL || (w->funcs = FQ_NEW_ARRAY(b->a, fq_window_expr *, n > 0 ? n : 1)) == NULL)
		return nomem(b);
	w->p.left = plan;
	w->rel = wc.rel;
	w->nfuncs = n;
	w->p.n.location = n > 0 ? ((fq_window_expr *) fq_list_nth(wc.funcs, 0))->e.n.location : 0;
	memcpy(w->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
	for (int j = 0; j < n; j++)
	{
		fq_plan_col *c = &w->p.out[plan->nout + j];

		w->funcs[j] = fq_list_nth(wc.funcs, j);
		c->rel = w->rel;
		c->col = j;
		c->type = w->funcs[j]->e.type;
		c->name = fq_window_name(w->funcs[j]);
		c->nullable = FQ_NULLABLE_UNKNOWN;
		c->base_rte = NULL;
		c->base_col = -1;
	}
	return &w->p;
}

/* A Project that passes through the first n outputs of child. */
static fq_plan *
make_passthrough_project(binder *b, fq_plan *child, int n)
{
	target_list tl = {0};

	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, child->out[i].rel, child->out[i].col, child->out[i].type,
								child->out[i].name);

		if (v == NULL || !add_target(b, &tl, &v->e, child->out[i].name))
			return v ? NULL : nomem(b);
		tl.nullable[i] = child->out[i].nullable;
		tl.base_rte[i] = child->out[i].base_rte;
		tl.base_col[i] = child->out[i].base_col;
	}
	return make_project(b, child, &tl, n);
}

/* Groups by every output of plan: DISTINCT, UNION, INTERSECT, EXCEPT. */
static fq_plan *
make_distinct(binder *b, fq_plan *plan)
{
	fq_plan_agg *agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, plan->nout);

	if (agg == NULL)
		return nomem(b);
	agg->p.left = plan;
	agg->group_rel = b->next_rel++;
	agg->agg_rel = b->next_rel++;
	agg->ngroups = plan->nout;
	agg->groups = expr_array(b, plan->nout);
	if (agg->groups == NULL)
		return nomem(b);
	for (int i = 0; i < plan->nout; i++)
	{
		fq_var *v = fq_make_var(b->a, plan->out[i].rel, plan->out[i].col, plan->out[i].type,
								plan->out[i].name);

		if (v == NULL)
			return nomem(b);
		agg->groups[i] = &v->e;
		agg->p.out[i] = plan->out[i];
		agg->p.out[i].rel = agg->group_rel;
		agg->p.out[i].col = i;
	}
	return &agg->p;
}

/*
 * Sorts plan by keys (each expr holding the index of the output it sorts
 * by) and applies LIMIT / OFFSET.
 */
static fq_plan *
make_sort_limit(binder *b, fq_plan *plan, fq_sort_key *keys, int nkeys, fq_node *limit,
				fq_node *offset)
{
	if (nkeys > 0)
	{
		fq_plan_sort *s = FQ_MAKE_PLAN(b->a, fq_plan_sort, FQ_N_PLAN_SORT, plan->nout);

		if (s == NULL)
			return nomem(b);
		s->p.left = plan;
		memcpy(s->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		s->nkeys = nkeys;
		s->keys = keys;
		for (int i = 0; i < nkeys; i++)
		{
			int k = (int) (intptr_t) keys[i].expr;
			fq_var *v = fq_make_var(b->a, plan->out[k].rel, plan->out[k].col, plan->out[k].type,
									plan->out[k].name);

			if (v == NULL)
				return nomem(b);
			keys[i].expr = &v->e;
		}
		plan = &s->p;
	}

	if (limit != NULL || offset != NULL)
	{
		fq_plan_limit *l = FQ_MAKE_PLAN(b->a, fq_plan_limit, FQ_N_PLAN_LIMIT, plan->nout);

		if (l == NULL)
			return nomem(b);
		l->p.left = plan;
		memcpy(l->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		if (limit != NULL && (l->limit = bind_count(b, limit, "LIMIT")) == NULL)
			return NULL;
		if (offset != NULL && (l->offset = bind_count(b, offset, "OFFSET")) == NULL)
			return NULL;
		plan = &l->p;
	}
	return plan;
}

static int
bind_select(binder *b, fq_select_stmt *sel, fq_plan **out)
{
	scope sc = {NULL};
	fq_plan *plan = NULL;
	fq_node *item;
	target_list tl = {0};
	fq_raw_target *t;
	bool is_agg;
	bind_ctx cx = {.sc = &sc, .where = CTX_SELECT, .clause = "the select list"};
	fq_list *saved_ctes = b->ctes;
	fq_raw_cte *cte;
	fq_sort_key *keys = NULL;
	int nkeys = 0;
	/* `SELECT 'x', NULL ... UNION SELECT ...`: as in PostgreSQL, the
	 * literals take the other input's types, as long as nothing in this
	 * query needs their types first. */
	bool keep_untyped = b->setop_input && !sel->distinct && sel->group_by == NULL &&
		sel->having == NULL && sel->order_by == NULL && sel->limit == NULL && sel->offset == NULL;

	b->setop_input = false;

	/* WITH: visible to this query and its subqueries. */
	FQ_LIST_FOREACH(cte, sel->with)
		if ((b->ctes = fq_lappend(b->a, b->ctes, cte)) == NULL)
			return fq_raise_nomem(b->d, b->a);

	/* FROM */
	FQ_LIST_FOREACH(item, sel->from)
	{
		fq_plan *p = bind_from_item(b, &sc, item);

		if (p == NULL)
			return FQ_ERROR;
		plan = plan == NULL ? p : make_join(b, plan, p, FQ_JOIN_CROSS, NULL);
		if (plan == NULL)
			return FQ_ERROR;
	}
	if (plan == NULL)
	{
		/* SELECT without FROM: one empty row. */
		fq_plan_values *v = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, 0);

		if (v == NULL)
			return fq_raise_nomem(b->d, b->a);
		v->rel = b->next_rel++;
		v->nrows = 1;
		v->rows = FQ_NEW_ARRAY(b->a, fq_expr **, 1);
		if (v->rows == NULL)
			return fq_raise_nomem(b->d, b->a);
		plan = &v->p;
	}

	/* WHERE */
	if (sel->where != NULL)
	{
		fq_plan_filter *f;
		fq_expr *pred;

		if (bind_where(b, &sc, sel->where, &plan, &pred) < 0)
			return FQ_ERROR;
	  if (pred != NULL)
	  {
		f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, plan->nout);
		if (f == NULL)
			return fq_raise_nomem(b->d, b->a);
		f->p.left = plan;
		f->pred = pred;
		memcpy(f->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
		plan = &f->p;
	  }
	}
	cx.from = &plan;

	/* Select list (bound in the FROM scope; aggregates noted). */
	FQ_LIST_FOREACH(t, sel->targets)
	{
		fq_expr *e;

		if (FQ_IS(t->expr, FQ_N_RAW_STAR))
		{
			if (!expand_star(b, &sc, (fq_raw_star *) t->expr, &tl))
				return FQ_ERROR;
			continue;
		}
		e = bind_expr(b, &cx, t->expr);
		if (e == NULL)
			return FQ_ERROR;
		if (e->type.id == FQ_T_UNKNOWN && !(keep_untyped && FQ_IS(e, FQ_N_EXPR_CONST)))
		{
			/* An untyped literal in the select list is text. */
			fq_type text = fq_type_varchar(-1);

			if ((e = coerce(b, e, &text, true, t)) == NULL)
				return FQ_ERROR;
		}
		if (!add_target(b, &tl, e, target_name(t, e)))
			return FQ_ERROR;
		note_provenance(&tl, tl.n - 1, &sc, e);
	}
	tl.visible = tl.n;

	/* ORDER BY: match targets, else bind as hidden targets. */
	if (sel->order_by != NULL)
	{
		fq_raw_sort_by *sb;
		int i = 0;

		keys = FQ_NEW_ARRAY(b->a, fq_sort_key, fq_list_len(sel->order_by));
		if (keys == NULL)
			return fq_raise_nomem(b->d, b->a);
		FQ_LIST_FOREACH(sb, sel->order_by)
		{
			bool failed;
			int k = match_sort_target(b, &tl, sb, &failed);

			if (failed)
				return FQ_ERROR;
			if (k < 0)
			{
				fq_expr *e = bind_expr(b, &cx, sb->expr);

				if (e == NULL)
					return FQ_ERROR;
				for (int j = 0; j < tl.n; j++)
					if (fq_expr_equal(e, tl.exprs[j]))
						k = j;
				if (k < 0)
				{
					if (sel->distinct)
						return fq_raise(b->d, FQ_ERR_INVALID_COLUMN_REFERENCE, pos(b, sb),
										"for SELECT DISTINCT, ORDER BY expressions must appear "
										"in select list");
					if (!add_target(b, &tl, e, "?sort?"))
						return FQ_ERROR;
					k = tl.n - 1;
				}
			}
			keys[i].desc = sb->desc;
			/* PostgreSQL: NULLs sort as larger than everything. */
			keys[i].nulls_first = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc
				: sb->nulls == FQ_NULLS_FIRST;
			keys[i].expr = (fq_expr *) (intptr_t) k; /* target index, replaced below */
			i++;
		}
		nkeys = i;
	}

	/* GROUP BY and aggregates. */
	is_agg = cx.saw_agg || sel->group_by != NULL || sel->having != NULL;
	if (is_agg)
	{
		fq_plan_agg *agg;
		agg_ctx ac = {.b = b};
		int ngroups = fq_list_len(sel->group_by);
		fq_expr *having = NULL;
		fq_node *g;
		int gi = 0;

		agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, 0);
		if (agg == NULL)
			return fq_raise_nomem(b->d, b->a);
		agg->p.left = plan;
		agg->group_rel = b->next_rel++;
		agg->agg_rel = b->next_rel++;
		agg->groups = expr_array(b, ngroups);
		if (agg->groups == NULL)
			return fq_raise_nomem(b->d, b->a);
		FQ_LIST_FOREACH(g, sel->group_by)
		{
			fq_expr *e = NULL;

			/* GROUP BY 1 / GROUP BY alias name the select list; any other
			 * literal is an error, as in PostgreSQL. */
			if (FQ_IS(g, FQ_N_RAW_CONST) && ((fq_raw_const *) g)->kind != FQ_CONST_INTEGER)
				return fq_raise(b->d, FQ_ERR_SYNTAX_ERROR, pos(b, g), "non-integer constant in GROUP BY");
			if (FQ_IS(g, FQ_N_RAW_CONST) && ((fq_raw_const *) g)->kind == FQ_CONST_INTEGER)
			{
				long k = strtol(((fq_raw_const *) g)->text, NULL, 10);

				if (k < 1 || k > tl.visible)
					return fq_raise(b->d, FQ_ERR_INVALID_COLUMN_REFERENCE, pos(b, g),
									"GROUP BY position %ld is not in select list", k);
				e = tl.exprs[k - 1];
			}
			else
			{
				bind_ctx gcx = {.sc = &sc, .where = CTX_GROUP_BY, .clause = "GROUP BY"};

				e = bind_expr(b, &gcx, g);
				if (e == NULL && FQ_IS(g, FQ_N_RAW_COLUMN_REF) &&
					fq_list_len(((fq_raw_column_ref *) g)->fields) == 1)
				{
					const char *name = fq_list_nth(((fq_raw_column_ref *) g)->fields, 0);

					for (int k = 0; k < tl.visible; k++)
						if (name_eq(tl.names[k], name))
						{
							fq_diags_clear(b->d);
							e = tl.exprs[k];
							break;
						}
				}
				if (e == NULL)
					return FQ_ERROR;
			}
			if (fq_expr_has_agg(e))
				return fq_raise(b->d, FQ_ERR_GROUPING_ERROR, pos(b, g),
								"aggregate functions are not allowed in GROUP BY");
			if (has_window(e))
				return fq_raise(b->d, FQ_ERR_WINDOWING_ERROR, pos(b, g),
								"window functions are not allowed in GROUP BY");
			agg->groups[gi++] = e;
		}
		agg->ngroups = gi;
		if (sel->having != NULL)
		{
			cx.no_window = true;
			having = to_bool(b, bind_expr(b, &cx, sel->having), "HAVING");
			cx.no_window = false;
			if (having == NULL)
				return FQ_ERROR;
		}
		ac.agg = agg;
		for (int i = 0; i < tl.n; i++)
			if ((tl.exprs[i] = agg_rewrite(&ac, tl.exprs[i])) == NULL)
				return FQ_ERROR;
		if (having != NULL && (having = agg_rewrite(&ac, having)) == NULL)
			return FQ_ERROR;
		agg->naggs = fq_list_len(ac.aggs);
		agg->aggs = FQ_NEW_ARRAY(b->a, fq_agg_expr *, agg->naggs > 0 ? agg->naggs : 1);
		agg->p.nout = agg->ngroups + agg->naggs;
		agg->p.out = FQ_NEW_ARRAY(b->a, fq_plan_col, agg->p.nout > 0 ? agg->p.nout : 1);
		if (agg->aggs == NULL || agg->p.out == NULL)
			return fq_raise_nomem(b->d, b->a);
		for (int i = 0; i < agg->ngroups; i++)
		{
			agg->p.out[i].rel = agg->group_rel;
			agg->p.out[i].col = i;
			agg->p.out[i].type = agg->groups[i]->type;
			agg->p.out[i].name = FQ_IS(agg->groups[i], FQ_N_EXPR_VAR)
				? ((fq_var *) agg->groups[i])->name : "?group?";
			agg->p.out[i].nullable = FQ_NULLABLE_UNKNOWN;
		}
		for (int j = 0; j < agg->naggs; j++)
		{
			fq_plan_col *c = &agg->p.out[agg->ngroups + j];

			agg->aggs[j] = fq_list_nth(ac.aggs, j);
			c->rel = agg->agg_rel;
			c->col = j;
			c->type = agg->aggs[j]->e.type;
			c->name = fq_agg_name(agg->aggs[j]->kind);
			c->nullable = agg->aggs[j]->kind == FQ_AGG_COUNT ||
				agg->aggs[j]->kind == FQ_AGG_COUNT_STAR ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
		}
		plan = &agg->p;
		if (having != NULL)
		{
			fq_plan_filter *f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, plan->nout);

			if (f == NULL)
				return fq_raise_nomem(b->d, b->a);
			f->p.left = plan;
			f->pred = having;
			memcpy(f->p.out, plan->out, sizeof(fq_plan_col) * (size_t) plan->nout);
			plan = &f->p;
		}
		/* Group columns keep their provenance for describe. */
		for (int i = 0; i < tl.n; i++)
			if (!FQ_IS(tl.exprs[i], FQ_N_EXPR_VAR) || ((fq_var *) tl.exprs[i])->rel != agg->group_rel)
			{
				tl.base_rte[i] = NULL;
				if (FQ_IS(tl.exprs[i], FQ_N_EXPR_VAR))
					tl.nullable[i] = agg->p.out[agg->ngroups + ((fq_var *) tl.exprs[i])->col].nullable;
			}
	}

	/* Window functions: over the rows so far (grouped, if grouping). */
	if (cx.saw_window && (plan = make_window(b, plan, &tl)) == NULL)
		return FQ_ERROR;

	/* Project the select list (and hidden sort keys). */
	plan = make_project(b, plan, &tl, tl.n);
	if (plan == NULL)
		return FQ_ERROR;

	/* DISTINCT: group by every visible output. */
	if (sel->distinct && (plan = make_distinct(b, plan)) == NULL)
		return FQ_ERROR;

	/* ORDER BY, LIMIT / OFFSET */
	if ((plan = make_sort_limit(b, plan, keys, nkeys, sel->limit, sel->offset)) == NULL)
		return FQ_ERROR;

	/* Drop hidden sort keys. */
	if (tl.n > tl.visible && (plan = make_passthrough_project(b, plan, tl.visible)) == NULL)
		return FQ_ERROR;
	b->ctes = saved_ctes;
	*out = plan;
	return FQ_OK;
}

/* ---- UNION, INTERSECT, EXCEPT ---- */

static const char *
setop_name(fq_setop_kind op)
{
	switch (op)
	{
		case FQ_SETOP_UNION: return "UNION";
		case FQ_SETOP_INTERSECT: return "INTERSECT";
		case FQ_SETOP_EXCEPT: return "EXCEPT";
	}
	return "?";
}

/* True if output i of p is a NULL literal, as in `SELECT NULL AS x ...
 * UNION ALL SELECT y ...`: it takes the other arm's type. */
static bool
output_is_null_literal(const fq_plan *p, int i)
{
	const fq_plan_col *c = &p->out[i];

	for (;;)
	{
		const fq_plan *child = p->left;
		int k;

		if (FQ_IS(p, FQ_N_PLAN_PROJECT))
		{
			const fq_plan_project *pr = (const fq_plan_project *) p;
			const fq_expr *e;

			if (c->rel != pr->rel || (e = fq_plan_project_expr(pr, c->col)) == NULL)
				return false;
			if (FQ_IS(e, FQ_N_EXPR_CONST))
				return ((const fq_const *) e)->value.isnull;
			if (!FQ_IS(e, FQ_N_EXPR_VAR))
				return false;
			k = fq_plan_find_col(child, ((const fq_var *) e)->rel, ((const fq_var *) e)->col);
		}
		else if (FQ_IS(p, FQ_N_PLAN_SORT) || FQ_IS(p, FQ_N_PLAN_LIMIT) ||
				 FQ_IS(p, FQ_N_PLAN_FILTER))
			k = fq_plan_find_col(child, c->rel, c->col);
		else
			return false;
		if (k < 0)
			return false;
		p = child;
		c = &p->out[k];
	}
}

/*
 * Gives an input's untyped literal column (kept by bind_select) the type
 * of the operation's column, parsing the literal: `'2024-01-01'` meets a
 * DATE as a date.
 */
static bool
resolve_untyped(binder *b, fq_plan *arm, int i, const fq_type *to, const fq_setop_stmt *so)
{
	fq_plan_project *pr = (fq_plan_project *) arm;
	fq_expr *e;

	if (!FQ_IS(arm, FQ_N_PLAN_PROJECT) || arm->nout != pr->nexprs ||
		!FQ_IS(pr->exprs[i], FQ_N_EXPR_CONST))
	{
		fq_raise(b->d, FQ_ERR_INTERNAL_ERROR, pos(b, so),
				 "an untyped %s column is not a literal", setop_name(so->op));
		return false;
	}
	if ((e = coerce(b, pr->exprs[i], to, false, pr->exprs[i])) == NULL)
		return false;
	pr->exprs[i] = e;
	arm->out[i].type = *to;
	return true;
}

/*
 * One arm of a set operation as a Project onto the operation's column
 * types, plus, when tag > 0, a constant column telling the arms apart.
 */
static fq_plan *
setop_arm(binder *b, fq_plan *arm, const fq_plan_col *cols, int n, int tag,
		  const fq_setop_stmt *so)
{
	target_list tl = {0};

	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, arm->out[i].rel, arm->out[i].col, arm->out[i].type,
								arm->out[i].name);
		fq_expr *e;

		if (v == NULL)
			return nomem(b);
		/* A NULL literal arm is varchar until it meets the other arm:
		 * explicitly converted to the other arm's type. */
		e = coerce(b, &v->e, &cols[i].type, !output_is_null_literal(arm, i), so);
		if (e == NULL || !add_target(b, &tl, e, cols[i].name))
			return NULL;
		tl.nullable[i] = arm->out[i].nullable;
	}
	if (tag > 0)
	{
		fq_value val = {.type = fq_type_make(FQ_T_INT4)};
		fq_const *k;

		val.v.i = tag;
		if ((k = fq_make_const(b->a, &val)) == NULL)
			return nomem(b);
		if (!add_target(b, &tl, &k->e, "?tag?"))
			return NULL;
		tl.nullable[n] = FQ_NULLABLE_NO;
	}
	return make_project(b, arm, &tl, tl.n);
}

static fq_agg_expr *
make_tag_agg(binder *b, fq_agg_kind kind, const fq_plan_col *tag)
{
	fq_agg_expr *g = FQ_MAKE_NODE(b->a, fq_agg_expr, FQ_N_EXPR_AGG);
	fq_var *v = fq_make_var(b->a, tag->rel, tag->col, tag->type, tag->name);

	if (g == NULL || v == NULL)
		return nomem(b);
	g->kind = kind;
	g->arg = &v->e;
	g->e.type = tag->type;
	return g;
}

/*
 * INTERSECT and EXCEPT over the tagged UNION ALL of their arms: group by
 * every column, keep the groups whose tags say the row came from both arms
 * (INTERSECT: min(tag) <> max(tag)) or from the left one alone (EXCEPT:
 * max(tag) = 1), then drop the tag.  Grouping treats NULLs as equal, as
 * set operations do.
 */
static fq_plan *
intersect_except(binder *b, fq_plan *append, int n, fq_setop_kind op)
{
	fq_plan_agg *agg = FQ_MAKE_PLAN(b->a, fq_plan_agg, FQ_N_PLAN_AGG, n + 2);
	fq_plan_filter *f;
	fq_expr **args = expr_array(b, 2);
	fq_var *lo;
	fq_var *hi;
	fq_value one = {.type = fq_type_make(FQ_T_INT4)};
	fq_const *k;

	if (agg == NULL || args == NULL)
		return nomem(b);
	agg->p.left = append;
	agg->group_rel = b->next_rel++;
	agg->agg_rel = b->next_rel++;
	agg->ngroups = n;
	agg->naggs = 2;
	agg->groups = expr_array(b, n);
	agg->aggs = FQ_NEW_ARRAY(b->a, fq_agg_expr *, 2);
	if (agg->groups == NULL || agg->aggs == NULL)
		return nomem(b);
	for (int i = 0; i < n; i++)
	{
		fq_var *v = fq_make_var(b->a, append->out[i].rel, append->out[i].col,
								append->out[i].type, append->out[i].name);

		if (v == NULL)
			return nomem(b);
		agg->groups[i] = &v->e;
		agg->p.out[i] = append->out[i];
		agg->p.out[i].rel = agg->group_rel;
		agg->p.out[i].col = i;
	}
	if ((agg->aggs[0] = make_tag_agg(b, FQ_AGG_MIN, &append->out[n])) == NULL ||
		(agg->aggs[1] = make_tag_agg(b, FQ_AGG_MAX, &append->out[n])) == NULL)
		return NULL;
	for (int j = 0; j < 2; j++)
	{
		fq_plan_col *c = &agg->p.out[n + j];

		c->rel = agg->agg_rel;
		c->col = j;
		c->type = append->out[n].type;
		c->name = j == 0 ? "min" : "max";
		c->nullable = FQ_NULLABLE_NO;
		c->base_col = -1;
	}
	lo = fq_make_var(b->a, agg->agg_rel, 0, append->out[n].type, "min");
	hi = fq_make_var(b->a, agg->agg_rel, 1, append->out[n].type, "max");
	one.v.i = 1;
	k = fq_make_const(b->a, &one);
	if (lo == NULL || hi == NULL || k == NULL)
		return nomem(b);
	args[0] = op == FQ_SETOP_INTERSECT ? &lo->e : &hi->e;
	args[1] = op == FQ_SETOP_INTERSECT ? &hi->e : &k->e;
	f = FQ_MAKE_PLAN(b->a, fq_plan_filter, FQ_N_PLAN_FILTER, agg->p.nout);
	if (f == NULL)
		return nomem(b);
	f->p.left = &agg->p;
	memcpy(f->p.out, agg->p.out, sizeof(fq_plan_col) * (size_t) agg->p.nout);
	f->pred = make_func(b, op == FQ_SETOP_INTERSECT ? FQ_F_NE : FQ_F_EQ,
						fq_type_make(FQ_T_BOOL), 2, args, NULL);
	if (f->pred == NULL)
		return NULL;
	return make_passthrough_project(b, &f->p, n);
}

/*
 * left UNION [ALL] | INTERSECT | EXCEPT right [ORDER BY] [LIMIT/OFFSET].
 * Columns pair up by position and take their common type; names come from
 * the left arm.  UNION ALL is an Append; the others group it.  ORDER BY
 * names output columns (or their positions), as in PostgreSQL.
 */
static int
bind_setop(binder *b, fq_setop_stmt *so, fq_plan **out)
{
	fq_list *saved_ctes = b->ctes;
	fq_raw_cte *cte;
	fq_plan *l;
	fq_plan *r;
	fq_plan *plan;
	fq_plan_col *cols;
	fq_plan_append *ap;
	fq_sort_key *keys = NULL;
	int nkeys = 0;
	int n;
	bool tagged = so->op != FQ_SETOP_UNION;

	FQ_LIST_FOREACH(cte, so->with)
		if ((b->ctes = fq_lappend(b->a, b->ctes, cte)) == NULL)
			return fq_raise_nomem(b->d, b->a);
	if (so->all && tagged)
	{
		fq_raise(b->d, FQ_ERR_FEATURE_NOT_SUPPORTED, pos(b, so),
				 "%s ALL is not supported yet in queries on external schemas",
				 setop_name(so->op));
		fq_diag_hint(b->d, "Use %s without ALL where duplicate rows do not matter.",
					 setop_name(so->op));
		return FQ_ERROR;
	}
	b->setop_input = true;
	if (bind_query(b, so->left, &l) < 0)
		return FQ_ERROR;
	b->setop_input = true;
	if (bind_query(b, so->right, &r) < 0)
		return FQ_ERROR;
	b->setop_input = false;
	n = l->nout;
	if (r->nout != n)
		return fq_raise(b->d, FQ_ERR_SYNTAX_ERROR, pos(b, so->right),
						"each %s query must have the same number of columns",
						setop_name(so->op));
	cols = FQ_NEW_ARRAY(b->a, fq_plan_col, n > 0 ? n : 1);
	if (cols == NULL)
		return fq_raise_nomem(b->d, b->a);
	for (int i = 0; i < n; i++)
	{
		const fq_type *lt = &l->out[i].type;
		const fq_type *rt = &r->out[i].type;
		int ln = l->out[i].nullable;
		int rn = r->out[i].nullable;

		/* Untyped literals take the other input's type, without its
		 * length or (p,s) (PostgreSQL's select_common_typmod: the inputs'
		 * typmods differ), so '' meets CHAR(5) as '' and '1.234' meets
		 * NUMERIC(5,2) as 1.234; text if both are untyped. */
		if (l->out[i].type.id == FQ_T_UNKNOWN || r->out[i].type.id == FQ_T_UNKNOWN)
		{
			fq_type to = l->out[i].type.id != FQ_T_UNKNOWN ? fq_type_unbounded(lt)
				: rt->id != FQ_T_UNKNOWN ? fq_type_unbounded(rt) : fq_type_varchar(-1);

			if ((lt->id == FQ_T_UNKNOWN && !resolve_untyped(b, l, i, &to, so)) ||
				(rt->id == FQ_T_UNKNOWN && !resolve_untyped(b, r, i, &to, so)))
				return FQ_ERROR;
		}
		cols[i].name = l->out[i].name;
		cols[i].base_col = -1;
		cols[i].nullable = ln == FQ_NULLABLE_NO && rn == FQ_NULLABLE_NO ? FQ_NULLABLE_NO
			: ln == FQ_NULLABLE_YES || rn == FQ_NULLABLE_YES ? FQ_NULLABLE_YES
			: FQ_NULLABLE_UNKNOWN;
		if (fq_type_equal(lt, rt))
			cols[i].type = *lt;
		else if (output_is_null_literal(l, i) && !output_is_null_literal(r, i))
			cols[i].type = *rt;
		else if (output_is_null_literal(r, i) && !output_is_null_literal(l, i))
			cols[i].type = *lt;
		else if (!fq_common_type(lt, rt, &cols[i].type))
			return fq_raise(b->d, FQ_ERR_DATATYPE_MISMATCH, pos(b, so->right),
							"%s types %s and %s cannot be matched", setop_name(so->op),
							type_text(b, lt), type_text(b, rt));
	}
	if ((l = setop_arm(b, l, cols, n, tagged ? 1 : 0, so)) == NULL ||
		(r = setop_arm(b, r, cols, n, tagged ? 2 : 0, so)) == NULL)
		return FQ_ERROR;
	ap = FQ_MAKE_PLAN(b->a, fq_plan_append, FQ_N_PLAN_APPEND, l->nout);
	if (ap == NULL)
		return fq_raise_nomem(b->d, b->a);
	ap->p.left = l;
	ap->p.right = r;
	ap->p.n.location = so->n.location;
	ap->rel = b->next_rel++;
	for (int i = 0; i < l->nout; i++)
	{
		ap->p.out[i] = l->out[i];
		if (i < n)
			ap->p.out[i].nullable = cols[i].nullable;
		ap->p.out[i].rel = ap->rel;
		ap->p.out[i].col = i;
		ap->p.out[i].base_rte = NULL;
		ap->p.out[i].base_col = -1;
	}
	plan = &ap->p;
	if (so->op == FQ_SETOP_UNION && !so->all)
		plan = make_distinct(b, plan);
	else if (tagged)
		plan = intersect_except(b, plan, n, so->op);
	if (plan == NULL)
		return FQ_ERROR;

	/* ORDER BY: output names or positions only. */
	if (so->order_by != NULL)
	{
		target_list tl = {0};
		fq_raw_sort_by *sb;

		for (int i = 0; i < plan->nout; i++)
		{
			fq_var *v = fq_make_var(b->a, plan->out[i].rel, plan->out[i].col, plan->out[i].type,
									plan->out[i].name);

			if (v == NULL || !add_target(b, &tl, &v->e, plan->out[i].name))
				return v == NULL ? fq_raise_nomem(b->d, b->a) : FQ_ERROR;
		}
		tl.visible = tl.n;
		keys = FQ_NEW_ARRAY(b->a, fq_sort_key, fq_list_len(so->order_by));
		if (keys == NULL)
			return fq_raise_nomem(b->d, b->a);
		FQ_LIST_FOREACH(sb, so->order_by)
		{
			bool failed;
			int k = match_sort_target(b, &tl, sb, &failed);

			if (failed)
				return FQ_ERROR;
			if (k < 0)
			{
				fq_raise(b->d, FQ_ERR_FEATURE_NOT_SUPPORTED, pos(b, sb),
						 "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
				fq_diag_detail(b->d, "Only result column names can be used, not expressions "
									 "or functions.");
				fq_diag_hint(b->d, "Add the expression to each select list, or wrap the set "
								   "operation in a subquery in FROM.");
				return FQ_ERROR;
			}
			keys[nkeys].desc = sb->desc;
			keys[nkeys].nulls_first = sb->nulls == FQ_NULLS_DEFAULT ? sb->desc
				: sb->nulls == FQ_NULLS_FIRST;
			keys[nkeys].expr = (fq_expr *) (intptr_t) k;
			nkeys++;
		}
	}
	if ((plan = make_sort_limit(b, plan, keys, nkeys, so->limit, so->offset)) == NULL)
		return FQ_ERROR;
	b->ctes = saved_ctes;
	*out = plan;
	return FQ_OK;
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
		return nomem(b);
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
			if (name_eq(t->cols[k].name, vc->wh_col))
			{
				fq_var *var = fq_make_var(b->a, rte->rel, k, t->cols[k].type, t->cols[k].name);

				if (var == NULL)
					return nomem(b);
				e = coerce(b, &var->e, &to, false, at);
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
			return nomem(b);
		if (!add_target(b, &tl, e, vc->name))
			return NULL;
		tl.nullable[i] = FQ_NULLABLE_YES;
	}
	return make_project(b, &scan->p, &tl, v->ncols);
}

/*
 * A system view: fedq's rows (Values) after the warehouse's own rows of the
 * view it extends, when there is a warehouse, as UNION ALL; conditions on
 * it go to the warehouse with its part (rewrite.c).
 */
static fq_plan *
bind_sysview(binder *b, scope *sc, fq_raw_range_var *rv, const fq_sysview *v)
{
	fq_sysrows rows = {.a = b->a};
	fq_plan_values *vals;
	fq_plan *plan;
	brel *r;
	int n = v->ncols;

	if (fq_list_len(rv->col_aliases) > n)
		return fail_at(b, rv, FQ_ERR_INVALID_COLUMN_REFERENCE,
					   "table \"%s\" has %d columns available but %d columns specified",
					   rv->alias ? rv->alias : v->name, n, fq_list_len(rv->col_aliases));
	if (fq_sysview_rows(b->st, v, &rows, b->d) < 0)
		return NULL;
	vals = FQ_MAKE_PLAN(b->a, fq_plan_values, FQ_N_PLAN_VALUES, n);
	if (vals == NULL || (vals->rows = FQ_NEW_ARRAY(b->a, fq_expr **, rows.nrows > 0 ? rows.nrows : 1)) == NULL)
		return nomem(b);
	vals->rel = b->next_rel++;
	vals->nrows = rows.nrows;
	vals->p.n.location = rv->n.location;
	for (int k = 0; k < rows.nrows; k++)
	{
		if ((vals->rows[k] = expr_array(b, n)) == NULL)
			return nomem(b);
		for (int i = 0; i < n; i++)
			if ((vals->rows[k][i] = (fq_expr *) fq_make_const(b->a, &rows.rows[k][i])) == NULL)
				return nomem(b);
	}
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
	if ((plan = make_passthrough_project(b, &vals->p, n)) == NULL)
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
			if ((ap = FQ_MAKE_PLAN(b->a, fq_plan_append, FQ_N_PLAN_APPEND, n)) == NULL)
				return nomem(b);
			ap->p.left = wh;
			ap->p.right = plan;
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
	if ((r = new_brel(b, n)) == NULL)
		return nomem(b);
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

static int
bind_query(binder *b, fq_node *q, fq_plan **out)
{
	if (FQ_IS(q, FQ_N_STMT_SELECT))
		return bind_select(b, (fq_select_stmt *) q, out);
	if (FQ_IS(q, FQ_N_STMT_SETOP))
		return bind_setop(b, (fq_setop_stmt *) q, out);
	return fq_raise(b->d, FQ_ERR_INTERNAL_ERROR, pos(b, q), "unrecognized query node %s",
					fq_node_tag_name(FQ_TAG(q)));
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
		if (name_eq(cte, name))
			return true;
	return false;
}

static bool
find_external(fq_node *n, void *arg)
{
	scan_ctx *sx = arg;
	fq_session *s = sx->b->s;

	if (FQ_IS(n, FQ_N_RAW_RANGE_VAR))
	{
		fq_raw_range_var *rv = (fq_raw_range_var *) n;
		const fq_sysview *sv = rv->catalog == NULL ? fq_sysview_find(rv->schema, rv->name) : NULL;

		/* fedq's system views; information_schema only once there is an
		 * external schema to add (the warehouse's own answer is the same
		 * before).  A CTE of the name hides an unqualified one. */
		if (sv != NULL && (!sv->needs_external || s->store.nschemas > 0) &&
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
				if (name_eq(cte, rv->name))
					shadowed = true;
			/* Unqualified: only SearchPath entries before the warehouse's
			 * schemas that are external matter; resolve for real. */
			if (!shadowed && sx->unqualified)
				for (int i = 0; i < s->nsearch; i++)
				{
					const fq_ext_schema *ext = fq_store_find(&s->store, s->search_path[i]);
					const fq_pg_table *t = NULL;
					const fq_source *src;

					if (ext == NULL)
					{
						if (s->warehouse == NULL)
							continue;
						if (fq_session_lookup_table(s, &s->warehouse_source, s->search_path[i],
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

static bool
search_path_has_external(fq_session *s)
{
	for (int i = 0; i < s->nsearch; i++)
		if (fq_store_find(&s->store, s->search_path[i]) != NULL)
			return true;
	return false;
}

int
fq_bind_query(fq_stmt *st, fq_node *ast, fq_plan **out, bool *warehouse_only, fq_diags *d)
{
	binder b = {.st = st, .s = st->s, .a = st->arena, .d = d, .next_rel = 1};
	scan_ctx sx = {.b = &b};

	*out = NULL;
	*warehouse_only = false;
	if (st->s->warehouse != NULL)
	{
		collect_ctes(ast, &sx);
		if (sx.failed)
			return fq_raise_nomem(d, b.a);
		/* Without an external schema on SearchPath only qualified names can
		 * reach one: no lookups needed. */
		sx.unqualified = search_path_has_external(st->s);
		find_external(ast, &sx);
		if (sx.failed)
			return FQ_ERROR;
		if (!sx.external)
		{
			*warehouse_only = true;
			return FQ_OK;
		}
	}
	b.nparams = st->nparams;
	b.param_types = FQ_NEW_ARRAY(b.a, fq_type, b.nparams > 0 ? b.nparams : 1);
	if (b.param_types == NULL)
		return fq_raise_nomem(d, b.a);
	if (bind_query(&b, ast, out) < 0)
		return FQ_ERROR;
	return FQ_OK;
}
