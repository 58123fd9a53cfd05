/*
 * expr.c — binding expressions (PostgreSQL's parse_expr.c): column
 * references (with correlation to enclosing queries), literals, parameters,
 * operators with their operand types, LIKE, BETWEEN, IN lists, CASE, casts,
 * IS [NOT] NULL/TRUE/FALSE.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static fq_expr *bind_column_ref_missing(binder *b, bind_ctx *cx, fq_raw_column_ref *ref);

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
		if (!bind_name_eq(r->alias, table))
			continue;
		if (schema != NULL && !bind_name_eq(r->schema, schema))
			continue;
		if (found != NULL)
			return bind_fail_at(b, at, FQ_ERR_AMBIGUOUS_ALIAS, "table reference \"%s\" is ambiguous",
								table);
		found = r;
	}
	if (found == NULL && !quiet)
	{
		if (schema != NULL)
			bind_fail_at(b, at, FQ_ERR_UNDEFINED_TABLE,
						 "missing FROM-clause entry for table \"%s.%s\"", schema, table);
		else
			bind_fail_at(b, at, FQ_ERR_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"",
						 table);
	}
	return found;
}

const brel *
bind_find_rel(binder *b, scope *sc, const char *schema, const char *table, const void *at)
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
			if (bind_name_eq(r->names[i], col))
			{
				found_col = i;
				break;
			}
		if (found_col < 0)
		{
			bind_fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column %s.%s does not exist", table, col);
			return -1;
		}
	}
	else
	{
		brel *cand;

		FQ_LIST_FOREACH(cand, sc->rels)
			for (int i = 0; i < cand->ncols; i++)
				if (bind_name_eq(cand->names[i], col))
				{
					if (r != NULL && (r->rels[found_col] != cand->rels[i] ||
									  r->cols[found_col] != cand->cols[i]))
					{
						bind_fail_at(b, ref, FQ_ERR_AMBIGUOUS_COLUMN,
									 "column reference \"%s\" is ambiguous", col);
						return -1;
					}
					r = cand;
					found_col = i;
				}
		if (r == NULL)
			return 0;
	}
	*out = bind_column_var(b, r, found_col);
	return *out != NULL ? 1 : -1;
}

static fq_expr *
bind_column_ref(binder *b, bind_ctx *cx, fq_raw_column_ref *ref)
{
	fq_expr *e = NULL;
	int rc;

	if (fq_list_len(ref->fields) == 4 &&
		!bind_name_eq(fq_list_nth(ref->fields, 0), fq_session_database(b->s)))
		return bind_fail_at(b, ref, FQ_ERR_FEATURE_NOT_SUPPORTED,
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
		if (bind_find_rel(b, cx->sc, n >= 3 ? fq_list_nth(ref->fields, n - 3) : NULL,
						  fq_list_nth(ref->fields, n - 2), ref) != NULL)
			bind_fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column %s.%s does not exist",
						 (const char *) fq_list_nth(ref->fields, n - 2), col);
		return NULL;
	}
	bind_fail_at(b, ref, FQ_ERR_UNDEFINED_COLUMN, "column \"%s\" does not exist", col);
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
					return bind_nomem(b);
				if (rc != FQ_CONV_OK)
					return bind_fail_at(b, c, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
										"value overflows numeric format");
				v.type = fq_type_make(FQ_T_DECIMAL);
				break;
			}
	}
	k = fq_make_const(b->a, &v);
	if (k == NULL)
		return bind_nomem(b);
	k->e.n.location = c->n.location;
	return &k->e;
}

static fq_expr *
bind_param(binder *b, fq_raw_param *rp)
{
	fq_param *p = FQ_MAKE_NODE(b->a, fq_param, FQ_N_EXPR_PARAM);

	if (p == NULL)
		return bind_nomem(b);
	if (rp->number > b->nparams)
		return bind_fail_at(b, rp, FQ_ERR_UNDEFINED_PARAMETER, "there is no parameter $%d", rp->number);
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

fq_func_id
bind_op_func(const char *op)
{
	return op_func(op, false);
}

/*
 * PostgreSQL's + and - of dates, times, timestamps and intervals
 * (pg_operator), FQ_T_OTHER for time with time zone, which fedq has no
 * values of but which PostgreSQL weighs as a candidate all the same.
 */
#define DT_OP(l, r, res) {2, {FQ_T_##l, FQ_T_##r}, FQ_T_##res, false, NULL}
static const fq_func_sig datetime_add[] = {
	DT_OP(INT4, DATE, DATE),
	DT_OP(DATE, INT4, DATE),
	DT_OP(DATE, TIME, TIMESTAMP),
	DT_OP(DATE, INTERVAL, TIMESTAMP),
	DT_OP(DATE, OTHER, TIMESTAMPTZ),
	DT_OP(TIME, DATE, TIMESTAMP),
	DT_OP(TIME, INTERVAL, TIME),
	DT_OP(TIMESTAMP, INTERVAL, TIMESTAMP),
	DT_OP(TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ),
	DT_OP(INTERVAL, DATE, TIMESTAMP),
	DT_OP(INTERVAL, TIME, TIME),
	DT_OP(INTERVAL, TIMESTAMP, TIMESTAMP),
	DT_OP(INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ),
	DT_OP(INTERVAL, INTERVAL, INTERVAL),
	DT_OP(INTERVAL, OTHER, OTHER),
	DT_OP(OTHER, DATE, TIMESTAMPTZ),
	DT_OP(OTHER, INTERVAL, OTHER),
};
static const fq_func_sig datetime_sub[] = {
	DT_OP(DATE, INT4, DATE),
	DT_OP(DATE, DATE, INT4),
	DT_OP(DATE, INTERVAL, TIMESTAMP),
	DT_OP(TIME, TIME, INTERVAL),
	DT_OP(TIME, INTERVAL, TIME),
	DT_OP(TIMESTAMP, TIMESTAMP, INTERVAL),
	DT_OP(TIMESTAMP, INTERVAL, TIMESTAMP),
	DT_OP(TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL),
	DT_OP(TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ),
	DT_OP(INTERVAL, INTERVAL, INTERVAL),
	DT_OP(OTHER, INTERVAL, OTHER),
};
#undef DT_OP

/*
 * x + y or x - y where either is a date, time, timestamp or interval: the
 * operator PostgreSQL picks (date + bigint has none, date + 'text' several,
 * d - ts is timestamp - timestamp, tm + d date + time), its operands
 * converted to what it takes, bound as the forms the evaluator and the
 * deparser know: the date, time or timestamp first, date + time as
 * date + interval and time - time as interval - interval (PostgreSQL's
 * time_interval cast: the same values).
 */
static fq_expr *
bind_datetime_arith(binder *b, fq_func_id fn, fq_expr *x, fq_expr *y, const void *at, const char *op)
{
	fq_type in[2];
	const fq_func_sig *sig = NULL;
	fq_type_id l;
	fq_type_id r;
	fq_type want;
	fq_expr *args[2];
	fq_func_match m;

	in[0] = x->type;
	in[1] = y->type;
	m = fn == FQ_F_ADD
		? fq_oper_resolve(datetime_add, (int) (sizeof(datetime_add) / sizeof(datetime_add[0])), in, &sig)
		: fq_oper_resolve(datetime_sub, (int) (sizeof(datetime_sub) / sizeof(datetime_sub[0])), in, &sig);
	if (m == FQ_FUNC_NO_MATCH)
		return bind_no_operator(b, at, x, op, y);
	if (m == FQ_FUNC_AMBIGUOUS || sig->args[0] == FQ_T_OTHER || sig->args[1] == FQ_T_OTHER)
	{
		bind_fail_at(b, at, FQ_ERR_AMBIGUOUS_FUNCTION, "operator is not unique: %s %s %s",
					 bind_type_text(b, &x->type), op, bind_type_text(b, &y->type));
		fq_diag_hint(b->d, "Could not choose a best candidate operator. You might need to add "
						   "explicit type casts.");
		return NULL;
	}
	l = sig->args[0];
	r = sig->args[1];
	if (l == FQ_T_INT4 || (l == FQ_T_INTERVAL && r != FQ_T_INTERVAL) || (l == FQ_T_TIME && r == FQ_T_DATE))
	{
		fq_expr *t = x;
		fq_type_id tid = l;

		x = y;
		y = t;
		l = r;
		r = tid;
	}
	/* the operands as the operator takes them (a literal read as its
	 * type), then a time as an interval where the evaluator wants one */
	want = fq_type_make(l);
	if ((x = bind_coerce(b, x, &want, true, at)) == NULL)
		return NULL;
	want = fq_type_make(r);
	if ((y = bind_coerce(b, y, &want, true, at)) == NULL)
		return NULL;
	want = fq_type_make(FQ_T_INTERVAL);
	if (r == FQ_T_TIME && (l == FQ_T_DATE || l == FQ_T_TIME) &&
		(y = bind_coerce(b, y, &want, true, at)) == NULL)
		return NULL;
	if (l == FQ_T_TIME && r == FQ_T_TIME && (x = bind_coerce(b, x, &want, true, at)) == NULL)
		return NULL;
	args[0] = x;
	args[1] = y;
	return bind_make_func(b, fn, fq_type_make(sig->result), 2, args, at);
}

static fq_expr *
bind_arith(binder *b, fq_func_id fn, fq_expr *x, fq_expr *y, const void *at, const char *op)
{
	fq_type_id a = x->type.id;
	fq_type_id c = y->type.id;
	fq_type common;
	fq_type result;
	fq_expr *args[2];

	/* Dates, times and intervals: PostgreSQL's operators, chosen as it does. */
	if ((fn == FQ_F_ADD || fn == FQ_F_SUB) &&
		(fq_type_is_datetime(a) || a == FQ_T_INTERVAL || fq_type_is_datetime(c) || c == FQ_T_INTERVAL))
		return bind_datetime_arith(b, fn, x, y, at, op);
	/* a time times or by a number: as an interval (time converts) */
	if ((fn == FQ_F_MUL && ((a == FQ_T_TIME && (fq_type_is_numeric(c) || c == FQ_T_UNKNOWN)) ||
							(c == FQ_T_TIME && (fq_type_is_numeric(a) || a == FQ_T_UNKNOWN)))) ||
		(fn == FQ_F_DIV && a == FQ_T_TIME && (fq_type_is_numeric(c) || c == FQ_T_UNKNOWN)))
	{
		fq_type tiv = fq_type_make(FQ_T_INTERVAL);

		if (a == FQ_T_TIME && (x = bind_coerce(b, x, &tiv, true, at)) == NULL)
			return NULL;
		if (c == FQ_T_TIME && (y = bind_coerce(b, y, &tiv, true, at)) == NULL)
			return NULL;
		a = x->type.id;
		c = y->type.id;
	}
	/* interval * number, number * interval, interval / number: in double
	 * precision, the interval first */
	if ((fn == FQ_F_MUL && ((a == FQ_T_INTERVAL && (fq_type_is_numeric(c) || c == FQ_T_UNKNOWN)) ||
							(c == FQ_T_INTERVAL && (fq_type_is_numeric(a) || a == FQ_T_UNKNOWN)))) ||
		(fn == FQ_F_DIV && a == FQ_T_INTERVAL && (fq_type_is_numeric(c) || c == FQ_T_UNKNOWN)))
	{
		fq_type t8 = fq_type_make(FQ_T_FLOAT8);
		fq_expr *iv = a == FQ_T_INTERVAL ? x : y;
		fq_expr *factor = bind_coerce(b, a == FQ_T_INTERVAL ? y : x, &t8, true, at);

		if (factor == NULL)
			return NULL;
		args[0] = iv;
		args[1] = factor;
		return bind_make_func(b, fn, iv->type, 2, args, at);
	}
	if (!(fq_type_is_numeric(a) || a == FQ_T_UNKNOWN) ||
		!(fq_type_is_numeric(c) || c == FQ_T_UNKNOWN) || (a == FQ_T_UNKNOWN && c == FQ_T_UNKNOWN))
	{
		return bind_no_operator(b, at, x, op, y);
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

		if (real_mix && ((x = bind_coerce(b, x, &t8, true, at)) == NULL ||
						 (y = bind_coerce(b, y, &t8, true, at)) == NULL))
			return NULL;
	}
	if (!bind_unify(b, &x, &y, op, at, &common))
		return NULL;
	if (fn == FQ_F_MOD && (common.id == FQ_T_FLOAT4 || common.id == FQ_T_FLOAT8))
	{
		return bind_no_operator(b, at, x, op, y);
	}
	result = common;
	if (common.id == FQ_T_DECIMAL)
		result = fq_type_make(FQ_T_DECIMAL);
	args[0] = x;
	args[1] = y;
	return bind_make_func(b, fn, result, 2, args, at);
}

static fq_expr *bind_op(binder *b, bind_ctx *cx, fq_raw_op *op);
static bool like_operand(const fq_expr *x);

/* l op r over two raw expressions, bound as any binary operator. */
static fq_expr *
bind_pair(binder *b, bind_ctx *cx, const fq_raw_op *at, const char *op, fq_node *l, fq_node *r)
{
	fq_raw_op *pair = FQ_NEW(b->a, fq_raw_op);

	if (pair == NULL)
		return bind_nomem(b);
	pair->n = at->n;
	pair->op = op;
	pair->left = l;
	pair->right = r;
	return bind_op(b, cx, pair);
}

/*
 * A comparison of two rows, as PostgreSQL's: = is every pair equal, <>
 * some pair unequal, IS [NOT] DISTINCT FROM the same with those; < <= >
 * >= compare pairs left to right, the first unequal pair deciding (a NULL
 * pair before that makes it NULL): (a, b) < (c, d) is a < c OR (a = c AND
 * b < d), which three-valued logic gives the same answers.
 */
static fq_expr *
bind_row_op(binder *b, bind_ctx *cx, fq_raw_op *op)
{
	fq_func_id fn = op_func(op->op, false);
	fq_raw_row *l = (fq_raw_row *) op->left;
	fq_raw_row *r = (fq_raw_row *) op->right;
	int n;
	fq_expr *e = NULL;
	const char *strict = fn == FQ_F_LT || fn == FQ_F_LE ? "<" : ">";

	if (fq_stack_check(b->d) < 0)
		return NULL;
	if (op->left == NULL || !FQ_IS(op->left, FQ_N_RAW_ROW) || !FQ_IS(op->right, FQ_N_RAW_ROW) ||
		fn == FQ_F__COUNT || fn > FQ_F_NOT_DISTINCT)
		return bind_fail_at(b, op, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"a row constructor is only supported compared with another "
							"(=, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM) or in an IN list");
	n = fq_list_len(l->args);
	if (n != fq_list_len(r->args))
		return bind_fail_at(b, op, FQ_ERR_SYNTAX_ERROR, "unequal number of entries in row expressions");
	if (n == 0)
		return bind_fail_at(b, op, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"cannot compare rows of zero length");
	for (int i = n - 1; i >= 0; i--)
	{
		fq_node *li = fq_list_nth(l->args, i);
		fq_node *ri = fq_list_nth(r->args, i);
		fq_expr *both[2];

		if (e == NULL || fn == FQ_F_EQ || fn == FQ_F_NE || fn == FQ_F_DISTINCT ||
			fn == FQ_F_NOT_DISTINCT)
		{
			fq_expr *c = bind_pair(b, cx, op, op->op, li, ri);

			if (c == NULL)
				return NULL;
			if (e == NULL)
			{
				e = c;
				continue;
			}
			both[0] = c;
			both[1] = e;
			e = bind_make_bool_expr(b, fn == FQ_F_EQ || fn == FQ_F_NOT_DISTINCT ? FQ_BOOL_AND
																			  : FQ_BOOL_OR, 2, both);
		}
		else
		{
			/* li strict ri OR (li = ri AND e) */
			fq_expr *lt = bind_pair(b, cx, op, strict, li, ri);
			fq_expr *eq = lt ? bind_pair(b, cx, op, "=", li, ri) : NULL;

			if (eq == NULL)
				return NULL;
			both[0] = eq;
			both[1] = e;
			if ((e = bind_make_bool_expr(b, FQ_BOOL_AND, 2, both)) == NULL)
				return NULL;
			both[0] = lt;
			both[1] = e;
			e = bind_make_bool_expr(b, FQ_BOOL_OR, 2, both);
		}
		if (e == NULL)
			return NULL;
	}
	return e;
}

/*
 * Unary +: PostgreSQL has it for the numbers only; it leaves the value as
 * it is (a NUMERIC loses its (p,s)), and an untyped operand is double
 * precision, the preferred number.
 */
static fq_expr *
bind_unary_plus(binder *b, bind_ctx *cx, fq_raw_op *op)
{
	fq_expr *x = bind_expr(b, cx, op->right);
	fq_type t;

	if (x == NULL)
		return NULL;
	if (x->type.id == FQ_T_UNKNOWN)
		t = fq_type_make(FQ_T_FLOAT8);
	else if (x->type.id == FQ_T_DECIMAL)
		t = fq_type_make(FQ_T_DECIMAL);
	else if (fq_type_is_numeric(x->type.id))
		return x;
	else
	{
		bind_fail_at(b, op, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: + %s",
					 bind_type_text(b, &x->type));
		fq_diag_hint(b->d, "No operator matches the given name and argument types. You might "
						   "need to add explicit type casts.");
		return NULL;
	}
	return bind_coerce(b, x, &t, true, op);
}

static fq_expr *
bind_op(binder *b, bind_ctx *cx, fq_raw_op *op)
{
	fq_func_id fn = op_func(op->op, op->left == NULL);
	fq_expr *x;
	fq_expr *y;
	fq_expr *args[2];
	fq_type common;

	if ((op->left != NULL && FQ_IS(op->left, FQ_N_RAW_ROW)) || FQ_IS(op->right, FQ_N_RAW_ROW))
		return bind_row_op(b, cx, op);

	if (fn == FQ_F__COUNT && op->left != NULL &&
		(strcmp(op->op, "~") == 0 || strcmp(op->op, "~*") == 0 || strcmp(op->op, "!~") == 0 ||
		 strcmp(op->op, "!~*") == 0))
	{
		/* regular expressions: the source's (fedq has no engine of
		 * PostgreSQL's exactly) */
		if ((args[0] = bind_expr(b, cx, op->left)) == NULL ||
			(args[1] = bind_expr(b, cx, op->right)) == NULL)
			return NULL;
		return bind_source_op(b, cx, &op->n, op->op, args, 2);
	}
	if (op->left == NULL && strcmp(op->op, "+") == 0)
		return bind_unary_plus(b, cx, op);
	if (op->left != NULL && strcmp(op->op, "^") == 0)
	{
		/* x ^ y: PostgreSQL's ^ has power()'s signatures and functions
		 * (dpow, numeric_power), so it is bound as that call */
		fq_raw_func *pw = FQ_NEW(b->a, fq_raw_func);

		if (pw == NULL)
			return bind_nomem(b);
		pw->n.tag = FQ_N_RAW_FUNC;
		pw->n.location = op->n.location;
		pw->name = "power";
		if ((pw->args = fq_lappend(b->a, NULL, op->left)) == NULL ||
			(pw->args = fq_lappend(b->a, pw->args, op->right)) == NULL)
			return bind_nomem(b);
		return bind_func(b, cx, pw);
	}
	if (fn == FQ_F__COUNT)
	{
		bind_fail_at(b, op, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s", op->op);
		fq_diag_hint(b->d, "fedq supports the comparison, arithmetic, ||, LIKE (~~) and "
						   "regular expression (~, sent to the source) operators on external "
						   "tables.");
		return NULL;
	}
	if (fn == FQ_F_NEG)
	{
		x = bind_expr(b, cx, op->right);
		if (x == NULL)
			return NULL;
		/* PostgreSQL has - of the numbers and of interval: an untyped
		 * operand fits both categories (42725), a time is an interval */
		if (x->type.id == FQ_T_UNKNOWN)
		{
			bind_fail_at(b, op, FQ_ERR_AMBIGUOUS_FUNCTION, "operator is not unique: - unknown");
			fq_diag_hint(b->d, "Could not choose a best candidate operator. You might need to "
							   "add explicit type casts.");
			return NULL;
		}
		if (x->type.id == FQ_T_TIME)
		{
			fq_type t = fq_type_make(FQ_T_INTERVAL);

			if ((x = bind_coerce(b, x, &t, true, op)) == NULL)
				return NULL;
		}
		if (!fq_type_is_numeric(x->type.id) && x->type.id != FQ_T_INTERVAL)
			return bind_fail_at(b, op, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: - %s",
								bind_type_text(b, &x->type));
		args[0] = x;
		return bind_make_func(b, fn, x->type.id == FQ_T_DECIMAL ? fq_type_make(FQ_T_DECIMAL) : x->type, 1,
							  args, op);
	}
	x = bind_expr(b, cx, op->left);
	y = x ? bind_expr(b, cx, op->right) : NULL;
	if (y == NULL)
		return NULL;
	if (is_cmp(fn))
	{
		if (!bind_unify(b, &x, &y, op->op, op, &common))
			return NULL;
		args[0] = x;
		args[1] = y;
		return bind_make_func(b, fn, fq_type_make(FQ_T_BOOL), 2, args, op);
	}
	if (fn == FQ_F_CONCAT)
	{
		fq_type text = fq_type_varchar(-1);
		fq_type_id a = x->type.id;
		fq_type_id c = y->type.id;
		bool sa = fq_type_is_string(a) && a != FQ_T_BYTEA;
		bool sc = fq_type_is_string(c) && c != FQ_T_BYTEA;

		/*
		 * PostgreSQL's || : bytea || bytea (an untyped side read as bytea),
		 * else text || text, text || anynonarray and anynonarray || text,
		 * each value as its text form; nothing for two operands of which
		 * neither is a string (1 || 2, interval || time).
		 */
		if ((a == FQ_T_BYTEA && (c == FQ_T_BYTEA || c == FQ_T_UNKNOWN)) ||
			(a == FQ_T_UNKNOWN && c == FQ_T_BYTEA))
		{
			fq_type bytea = fq_type_make(FQ_T_BYTEA);

			if ((x = bind_coerce(b, x, &bytea, true, op)) == NULL ||
				(y = bind_coerce(b, y, &bytea, true, op)) == NULL)
				return NULL;
			args[0] = x;
			args[1] = y;
			return bind_make_func(b, fn, bytea, 2, args, op);
		}
		if (!sa && !sc && a != FQ_T_UNKNOWN && c != FQ_T_UNKNOWN)
			return bind_no_operator(b, op, x, op->op, y);
		x = bind_coerce(b, x, &text, false, op);
		y = x ? bind_coerce(b, y, &text, false, op) : NULL;
		if (y == NULL)
			return NULL;
		args[0] = x;
		args[1] = y;
		return bind_make_func(b, fn, text, 2, args, op);
	}
	if (fn >= FQ_F_LIKE && fn <= FQ_F_NOT_ILIKE)
	{
		fq_type text = fq_type_varchar(-1);

		if (!like_operand(x) || !like_operand(y) ||
			((fn == FQ_F_ILIKE || fn == FQ_F_NOT_ILIKE) &&
			 (x->type.id == FQ_T_BYTEA || y->type.id == FQ_T_BYTEA)))
			return bind_no_operator(b, op, x, op->op, y);

		/* LIKE sees a CHAR(n)'s padding (PostgreSQL's bpcharlike) */
		if (x->type.id != FQ_T_CHAR)
			x = bind_coerce(b, x, &text, true, op);
		y = x ? bind_coerce(b, y, &text, true, op) : NULL;
		if (y == NULL)
			return NULL;
		args[0] = x;
		args[1] = y;
		return bind_make_func(b, fn, fq_type_make(FQ_T_BOOL), 2, args, op);
	}
	return bind_arith(b, fn, x, y, op, op->op);
}

/*
 * Whether x can be an operand of PostgreSQL's LIKE operators (text,
 * bpchar and name ones): a string or an untyped literal.  Anything else
 * has no operator, 42883.  (bytea's bytealike fedq does not have: it
 * stays a conversion error.)
 */
static bool
like_operand(const fq_expr *x)
{
	return fq_type_is_string(x->type.id) || x->type.id == FQ_T_UNKNOWN ||
		x->type.id == FQ_T_BYTEA;
}

static fq_expr *
bind_like(binder *b, bind_ctx *cx, fq_raw_like *l)
{
	fq_type text = fq_type_varchar(-1);
	fq_expr *args[3];
	int nargs = 2;
	fq_func_id fn;

	if (l->similar)
	{
		/* a regular expression too: the source's */
		if ((args[0] = bind_expr(b, cx, l->arg)) == NULL ||
			(args[1] = bind_expr(b, cx, l->pattern)) == NULL ||
			(l->escape != NULL && (args[nargs++] = bind_expr(b, cx, l->escape)) == NULL))
			return NULL;
		return bind_source_op(b, cx, &l->n, l->is_not ? "NOT SIMILAR TO" : "SIMILAR TO", args,
							  nargs);
	}
	/* LIKE sees a CHAR(n)'s padding (PostgreSQL's bpcharlike) */
	args[0] = bind_expr(b, cx, l->arg);
	args[1] = args[0] != NULL ? bind_expr(b, cx, l->pattern) : NULL;
	if (args[1] == NULL)
		return NULL;
	if (!like_operand(args[0]) || !like_operand(args[1]) ||
		(l->ilike && (args[0]->type.id == FQ_T_BYTEA || args[1]->type.id == FQ_T_BYTEA)))
		return bind_no_operator(b, l, args[0],
								l->ilike ? (l->is_not ? "!~~*" : "~~*") : (l->is_not ? "!~~" : "~~"),
								args[1]);
	if (args[0]->type.id != FQ_T_CHAR)
		args[0] = bind_coerce(b, args[0], &text, true, l);
	args[1] = args[0] ? bind_coerce(b, args[1], &text, true, l) : NULL;
	if (args[1] == NULL)
		return NULL;
	if (l->escape != NULL)
	{
		fq_expr *esc = bind_coerce(b, bind_expr(b, cx, l->escape), &text, true, l);

		if (esc == NULL)
			return NULL;
		if (!FQ_IS(esc, FQ_N_EXPR_CONST) || ((fq_const *) esc)->value.isnull ||
			((fq_const *) esc)->value.v.s.len > 1)
			return bind_fail_at(b, l->escape, FQ_ERR_INVALID_ESCAPE_SEQUENCE,
								"ESCAPE must be a literal of zero or one character");
		args[nargs++] = esc;
	}
	fn = l->ilike ? (l->is_not ? FQ_F_NOT_ILIKE : FQ_F_ILIKE)
				  : (l->is_not ? FQ_F_NOT_LIKE : FQ_F_LIKE);
	return bind_make_func(b, fn, fq_type_make(FQ_T_BOOL), nargs, args, l);
}

/* lo <= x AND x <= hi, each comparison typed on its own, as PostgreSQL
 * rewrites BETWEEN; x is copied (it is evaluated twice there too). */
static fq_expr *
between_pair(binder *b, const fq_raw_between *bt, fq_expr *x, fq_expr *lo, fq_expr *hi)
{
	fq_expr *x2 = fq_expr_copy(b->a, x);
	fq_expr *args[2];
	fq_expr *both[2];
	fq_type t;

	if (x2 == NULL)
		return bind_nomem(b);
	if (!bind_unify(b, &x, &lo, ">=", bt, &t) || !bind_unify(b, &x2, &hi, "<=", bt, &t))
		return NULL;
	args[0] = x;
	args[1] = lo;
	both[0] = bind_make_func(b, FQ_F_GE, fq_type_make(FQ_T_BOOL), 2, args, bt);
	args[0] = x2;
	args[1] = hi;
	both[1] = bind_make_func(b, FQ_F_LE, fq_type_make(FQ_T_BOOL), 2, args, bt);
	if (both[0] == NULL || both[1] == NULL)
		return NULL;
	return bind_make_bool_expr(b, FQ_BOOL_AND, 2, both);
}

/*
 * x BETWEEN lo AND hi, and BETWEEN SYMMETRIC: (x >= lo AND x <= hi) OR
 * (x >= hi AND x <= lo), as PostgreSQL's grammar expands it.  NOT negates
 * the whole, which under SQL's three-valued logic is PostgreSQL's
 * x < lo OR x > hi.
 */
static fq_expr *
bind_between(binder *b, bind_ctx *cx, fq_raw_between *bt)
{
	fq_expr *x = bind_expr(b, cx, bt->arg);
	fq_expr *lo = x ? bind_expr(b, cx, bt->lo) : NULL;
	fq_expr *hi = lo ? bind_expr(b, cx, bt->hi) : NULL;
	fq_expr *e;

	if (hi == NULL)
		return NULL;
	if (!bt->symmetric)
		e = between_pair(b, bt, x, lo, hi);
	else
	{
		fq_expr *x2 = fq_expr_copy(b->a, x);
		fq_expr *lo2 = fq_expr_copy(b->a, lo);
		fq_expr *hi2 = fq_expr_copy(b->a, hi);
		fq_expr *either[2];

		if (x2 == NULL || lo2 == NULL || hi2 == NULL)
			return bind_nomem(b);
		if ((either[0] = between_pair(b, bt, x, lo, hi)) == NULL ||
			(either[1] = between_pair(b, bt, x2, hi2, lo2)) == NULL)
			return NULL;
		e = bind_make_bool_expr(b, FQ_BOOL_OR, 2, either);
	}
	if (e != NULL && bt->is_not)
		e = bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &e);
	return e;
}

/*
 * x IN (items), all of which go into one list: one item compares as
 * x = item does; more meet in the common type of x and the items, x first
 * (PostgreSQL's = ANY (ARRAY[...])).
 */
static fq_expr *
in_list(binder *b, fq_expr *x, fq_expr **items, int n, const fq_raw_in *at)
{
	fq_in_expr *e = FQ_MAKE_NODE(b->a, fq_in_expr, FQ_N_EXPR_IN);
	fq_type t;

	if (e == NULL)
		return bind_nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->e.n.location = at->n.location;
	e->items = items;
	e->nitems = n;
	t = x->type;
	for (int i = 0; i < n; i++)
	{
		fq_type nt;

		/*
		 * PostgreSQL's transformAExprIn: the items meet in one type, or,
		 * when they do not, each compares as x = item: 42883 at the first
		 * that does not.
		 */
		if (!(n == 1 ? fq_compare_type(&t, &items[i]->type, &nt)
					 : fq_common_type(&t, &items[i]->type, &nt)))
		{
			int bad = i;

			for (int j = 0; j < n; j++)
				if (!fq_compare_type(&x->type, &items[j]->type, &nt))
				{
					bad = j;
					break;
				}
			return bind_no_operator(b, items[bad], x, "=", items[bad]);
		}
		t = nt;
	}
	e->arg = bind_coerce(b, x, &t, true, at);
	if (e->arg == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
		if ((e->items[i] = bind_coerce(b, e->items[i], &t, true, at)) == NULL)
			return NULL;
	return &e->e;
}

static fq_expr *
bind_in(binder *b, bind_ctx *cx, fq_raw_in *in)
{
	fq_expr *x;
	fq_expr **items;
	fq_expr **consts;
	fq_expr **parts;
	fq_expr *whole;
	int n;
	int nconsts = 0;
	int i = 0;
	fq_node *item;

	if (FQ_IS(in->arg, FQ_N_RAW_ROW) && in->subquery == NULL)
	{
		/* (a, b) IN ((1, 2), (3, 4)): some row equal; NOT IN none */
		fq_expr **eqs = bind_expr_array(b, fq_list_len(in->list));
		fq_raw_op at = {.n = in->n, .op = "="};
		fq_expr *any;

		if (eqs == NULL)
			return NULL;
		FQ_LIST_FOREACH(item, in->list)
		{
			at.left = in->arg;
			at.right = item;
			if ((eqs[i++] = bind_row_op(b, cx, &at)) == NULL)
				return NULL;
		}
		any = i == 1 ? eqs[0] : bind_make_bool_expr(b, FQ_BOOL_OR, i, eqs);
		return any == NULL || !in->is_not ? any : bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &any);
	}
	if (in->subquery != NULL)
	{
		/* x IN (SELECT ...) is x = ANY (SELECT ...), NOT IN its negation */
		fq_expr *any = bind_sublink(b, cx, FQ_SUBLINK_ANY, "=", in->arg, in->subquery, in);

		return any == NULL || !in->is_not ? any : bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &any);
	}
	x = bind_expr(b, cx, in->arg);
	n = fq_list_len(in->list);
	if (x == NULL || (items = bind_expr_array(b, n)) == NULL ||
		(parts = bind_expr_array(b, n + 1)) == NULL || (consts = bind_expr_array(b, n)) == NULL)
		return x == NULL ? NULL : bind_nomem(b);
	FQ_LIST_FOREACH(item, in->list)
	{
		if ((items[i] = bind_expr(b, cx, item)) == NULL)
			return NULL;
		if (!fq_expr_refers_to(items[i], -1))
			consts[nconsts++] = items[i];
		i++;
	}
	/*
	 * As PostgreSQL's transformAExprIn: items reading this query's columns
	 * compare one by one, x = item as written (CHAR against a text column
	 * as text), and only two or more others meet in one list; the answer
	 * is the OR of the parts (NOT IN: its negation).
	 */
	if (nconsts == n || fq_expr_is_volatile(x))
	{
		whole = in_list(b, x, items, n, in);
		if (whole != NULL)
			((fq_in_expr *) whole)->is_not = in->is_not;
		return whole;
	}
	else
	{
		int k = 0;

		if (nconsts > 1 && (parts[k++] = in_list(b, x, consts, nconsts, in)) == NULL)
			return NULL;
		for (i = 0; i < n; i++)
		{
			fq_expr *args[2];
			fq_type common;

			if (nconsts > 1 && !fq_expr_refers_to(items[i], -1))
				continue;
			args[0] = k == 0 ? x : fq_expr_copy(b->a, x);
			args[1] = items[i];
			if (args[0] == NULL)
				return bind_nomem(b);
			if (!bind_unify(b, &args[0], &args[1], "=", in, &common) ||
				(parts[k++] = bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, args, in)) == NULL)
				return NULL;
		}
		whole = k == 1 ? parts[0] : bind_make_bool_expr(b, FQ_BOOL_OR, k, parts);
	}
	return whole == NULL || !in->is_not ? whole : bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &whole);
}

/*
 * The type a list of expressions meets in, as PostgreSQL's
 * select_common_type: untyped literals take no part (and drop the others'
 * length, (p,s) or precision, having none), the earlier inputs win where
 * both convert either way.  All untyped: text.  False (raised, naming
 * `what`) when two inputs do not meet.
 */
bool
bind_common_of(binder *b, fq_expr *const *items, int n, const char *what, const void *at,
			   fq_type *out)
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
			/* (no `at`: at the item, as PostgreSQL's select_common_type) */
			bind_no_common_type(b, at != NULL ? at : items[i], what, &t, &items[i]->type);
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

/*
 * x op ANY|ALL (ARRAY[e1, e2, ...]): the elements meet in their common type
 * first, as PostgreSQL types the array (all untyped: text); then each
 * x op ei compares as written out, joined by OR for ANY and AND for ALL —
 * the three-valued answer of PostgreSQL's ScalarArrayOpExpr (ANY: true if
 * one comparison is, else NULL if one is NULL, else false).  x is copied
 * into every comparison, so it may not be volatile.
 */
static fq_expr *
bind_array_cmp(binder *b, bind_ctx *cx, fq_raw_sublink *sl)
{
	fq_func_id fn = op_func(sl->op, false);
	int n = fq_list_len(sl->array);
	fq_expr **elems;
	fq_expr **cmps;
	fq_expr *x;
	fq_type t;
	fq_node *item;
	int i = 0;

	if (n == 0)
		return bind_fail_at(b, sl, FQ_ERR_INDETERMINATE_DATATYPE,
							"cannot determine type of empty array");
	if (!is_cmp(fn))
		return bind_fail_at(b, sl, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"%s ANY/ALL (ARRAY[...]) is not supported; fedq compares an array's "
							"elements with =, <>, <, <=, > and >=", sl->op);
	if ((x = bind_expr(b, cx, sl->test_expr)) == NULL)
		return NULL;
	if (fq_expr_is_volatile(x))
		return bind_fail_at(b, sl->test_expr, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"a volatile expression compared with ANY/ALL (ARRAY[...]) is not "
							"supported");
	if ((elems = bind_expr_array(b, n)) == NULL || (cmps = bind_expr_array(b, n)) == NULL)
		return bind_nomem(b);
	FQ_LIST_FOREACH(item, sl->array)
		if ((elems[i++] = bind_expr(b, cx, item)) == NULL)
			return NULL;
	if (!bind_common_of(b, elems, n, "ARRAY", NULL, &t))
		return NULL;
	for (i = 0; i < n; i++)
	{
		fq_expr *args[2];
		fq_type common;

		args[0] = i == 0 ? x : fq_expr_copy(b->a, x);
		if (args[0] == NULL)
			return bind_nomem(b);
		if ((args[1] = bind_coerce(b, elems[i], &t, true, sl)) == NULL ||
			!bind_unify(b, &args[0], &args[1], sl->op, sl, &common) ||
			(cmps[i] = bind_make_func(b, fn, fq_type_make(FQ_T_BOOL), 2, args, sl)) == NULL)
			return NULL;
	}
	return n == 1 ? cmps[0]
		: bind_make_bool_expr(b, sl->kind == FQ_SUBLINK_ALL ? FQ_BOOL_AND : FQ_BOOL_OR, n, cmps);
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
		return bind_nomem(b);
	c->e.n.location = rc->n.location;
	c->nwhens = fq_list_len(rc->whens);
	c->conds = bind_expr_array(b, c->nwhens);
	c->results = bind_expr_array(b, c->nwhens);
	if (c->conds == NULL || c->results == NULL)
		return bind_nomem(b);
	if (rc->arg != NULL && (arg = bind_expr(b, cx, rc->arg)) == NULL)
		return NULL;
	if (arg != NULL && arg->type.id == FQ_T_UNKNOWN)
	{
		/* CASE 'x' WHEN ...: PostgreSQL's transformCaseExpr makes an
		 * untyped test expression text before comparing */
		fq_type text = fq_type_varchar(-1);

		if ((arg = bind_coerce(b, arg, &text, true, rc)) == NULL)
			return NULL;
	}
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
				return bind_nomem(b);
			if (!bind_unify(b, &lhs, &cond, "=", w, &common))
				return NULL;
			args[0] = lhs;
			args[1] = cond;
			cond = bind_make_func(b, FQ_F_EQ, fq_type_make(FQ_T_BOOL), 2, args, w);
		}
		c->conds[i] = bind_to_bool(b, cond, "CASE/WHEN");
		res = c->conds[i] ? bind_expr(b, cx, w->result) : NULL;
		if (res == NULL)
			return NULL;
		c->results[i++] = res;
	}
	if (rc->else_expr != NULL && (c->else_expr = bind_expr(b, cx, rc->else_expr)) == NULL)
		return NULL;
	{
		/* PostgreSQL weighs the ELSE first, then the THENs in order */
		fq_expr **all = bind_expr_array(b, c->nwhens + 1);
		int n = 0;

		if (all == NULL)
			return bind_nomem(b);
		if (c->else_expr != NULL)
			all[n++] = c->else_expr;
		for (int k = 0; k < c->nwhens; k++)
			all[n++] = c->results[k];
		if (!bind_common_of(b, all, n, "CASE", rc, &t))
			return NULL;
	}
	for (i = 0; i < c->nwhens; i++)
		if ((c->results[i] = bind_coerce(b, c->results[i], &t, true, rc)) == NULL)
			return NULL;
	if (c->else_expr == NULL)
		c->else_expr = &fq_make_null(b->a, t)->e;
	else
		c->else_expr = bind_coerce(b, c->else_expr, &t, true, rc);
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
			return bind_fail_at(b, rc->type, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"type time with time zone is not supported");
		return bind_fail_at(b, rc->type, FQ_ERR_UNDEFINED_OBJECT, "type \"%s\" does not exist",
							rc->type->name);
	}
	if (FQ_IS(arg, FQ_N_EXPR_PARAM) && arg->type.id == FQ_T_UNKNOWN)
	{
		fq_param *p = (fq_param *) arg;

		b->param_types[p->number - 1] = to;
		arg->type = to;
		return arg;
	}
	return bind_coerce(b, arg, &to, false, rc);
}

static fq_expr *
bind_null_test(binder *b, bind_ctx *cx, fq_raw_null_test *nt)
{
	fq_null_test *e;

	if (FQ_IS(nt->arg, FQ_N_RAW_ROW))
	{
		/* a row IS NULL when every field is, IS NOT NULL when none is */
		fq_raw_row *r = (fq_raw_row *) nt->arg;
		fq_expr **tests = bind_expr_array(b, fq_list_len(r->args) > 0 ? fq_list_len(r->args) : 1);
		fq_raw_null_test one = *nt;
		fq_node *f;
		int i = 0;

		if (tests == NULL || fq_stack_check(b->d) < 0)
			return NULL;
		FQ_LIST_FOREACH(f, r->args)
		{
			one.arg = f;
			if ((tests[i++] = bind_null_test(b, cx, &one)) == NULL)
				return NULL;
		}
		if (i == 0)
		{
			fq_const *c = bind_make_bool_const(b, true);

			return c != NULL ? &c->e : bind_nomem(b);
		}
		return i == 1 ? tests[0] : bind_make_bool_expr(b, FQ_BOOL_AND, i, tests);
	}
	e = FQ_MAKE_NODE(b->a, fq_null_test, FQ_N_EXPR_NULL_TEST);
	if (e == NULL)
		return bind_nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->e.n.location = nt->n.location;
	e->is_not = nt->is_not;
	e->arg = bind_expr(b, cx, nt->arg);
	if (e->arg == NULL)
		return NULL;
	if (e->arg->type.id == FQ_T_UNKNOWN)
	{
		fq_type t = fq_type_varchar(-1);

		if ((e->arg = bind_coerce(b, e->arg, &t, true, nt)) == NULL)
			return NULL;
	}
	return &e->e;
}

/* x IS [NOT] TRUE/FALSE/UNKNOWN in terms of NOT, AND and IS NULL. */
static fq_expr *
bind_bool_test(binder *b, bind_ctx *cx, fq_raw_bool_test *bt)
{
	fq_expr *x = bind_to_bool(b, bind_expr(b, cx, bt->arg), "IS TRUE");
	fq_null_test *nn;
	fq_expr *args[2];
	fq_expr *e;

	if (x == NULL)
		return NULL;
	nn = FQ_MAKE_NODE(b->a, fq_null_test, FQ_N_EXPR_NULL_TEST);
	if (nn == NULL)
		return bind_nomem(b);
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
				return bind_nomem(b);
			args[1] = bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &args[1]);
			break;
		default:
			return bind_fail_at(b, bt, FQ_ERR_INTERNAL_ERROR, "unrecognized boolean test");
	}
	if (args[1] == NULL)
		return bind_nomem(b);
	e = bind_make_bool_expr(b, FQ_BOOL_AND, 2, args);
	if (e != NULL && (bt->kind == FQ_IS_NOT_TRUE || bt->kind == FQ_IS_NOT_FALSE))
		e = bind_make_bool_expr(b, FQ_BOOL_NOT, 1, &e);
	return e;
}

fq_expr *
bind_expr(binder *b, bind_ctx *cx, fq_node *n)
{
	if (fq_stack_check(b->d) < 0)
		return NULL;
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
				fq_expr **args = bind_expr_array(b, nargs);

				if (args == NULL)
					return bind_nomem(b);
				for (int i = 0; i < nargs; i++)
				{
					args[i] = bind_to_bool(b, bind_expr(b, cx, fq_list_nth(rb->args, i)),
										   rb->kind == FQ_BOOL_AND ? "AND" : rb->kind == FQ_BOOL_OR ? "OR" : "NOT");
					if (args[i] == NULL)
						return NULL;
				}
				return bind_make_bool_expr(b, rb->kind, nargs, args);
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
			{
				fq_raw_sublink *sl = (fq_raw_sublink *) n;

				if (sl->is_array)
					return bind_array_cmp(b, cx, sl);
				return bind_sublink(b, cx, sl->kind, sl->op, sl->test_expr, sl->subquery, sl);
			}
		case FQ_N_RAW_STAR:
			return bind_fail_at(b, n, FQ_ERR_SYNTAX_ERROR, "* is only allowed in the select list");
		case FQ_N_RAW_ROW:
			return bind_fail_at(b, n, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"a row constructor is only supported compared with another "
								"(=, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM) or in an IN list");
		default:
			return bind_fail_at(b, n, FQ_ERR_INTERNAL_ERROR, "unrecognized expression node %s",
								fq_node_tag_name(FQ_TAG(n)));
	}
}
