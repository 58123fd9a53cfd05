/*
 * common.c — what every part of the binder uses: errors with a position, type
 * names for messages, implicit conversions (coerce, unify), small node makers.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */
int
bind_pos(binder *b, const void *node)
{
	int loc = node != NULL ? ((const fq_node *) node)->location : -1;

	return loc < 0 ? 0 : fq_char_position(b->st->sql, b->st->sql_len, loc);
}

void *
bind_nomem(binder *b)
{
	fq_raise_nomem(b->d, b->a);
	return NULL;
}

void *
bind_fail_at(binder *b, const void *node, fq_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fq_vraise(b->d, FQ_SEV_ERROR, code, bind_pos(b, node), fmt, ap);
	va_end(ap);
	return NULL;
}

const char *
bind_type_text(binder *b, const fq_type *t)
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

fq_expr **
bind_expr_array(binder *b, int n)
{
	return FQ_NEW_ARRAY(b->a, fq_expr *, n > 0 ? n : 1);
}

fq_const *
bind_make_bool_const(binder *b, bool v)
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
fq_expr *
bind_coerce(binder *b, fq_expr *e, const fq_type *to, bool implicit, const void *at)
{
	if (e == NULL)
		return NULL;
	if (fq_type_equal(&e->type, to))
		return e;
	/* Widening a CHAR/VARCHAR length or numeric precision needs no cast
	 * where the value stays the same; keep it explicit anyway, it is cheap
	 * and it tells the deparser. */
	if (!implicit && !fq_can_cast(&e->type, to))
		return bind_fail_at(b, at ? at : &e->n, FQ_ERR_CANNOT_COERCE, "cannot cast type %s to %s",
							bind_type_text(b, &e->type), bind_type_text(b, to));
	if (implicit && !fq_can_coerce(&e->type, to))
		return bind_fail_at(b, at ? at : &e->n, FQ_ERR_DATATYPE_MISMATCH,
							"cannot convert %s to %s%s", bind_type_text(b, &e->type), bind_type_text(b, to),
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
			return bind_nomem(b);
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
				fq_diag_position(b->d, bind_pos(b, at ? at : &e->n));
				return NULL;
			}
			{
				fq_const *k = fq_make_const(b->a, &v);

				if (k == NULL)
					return bind_nomem(b);
				k->e.n.location = e->n.location;
				return &k->e;
			}
		}
		return &c->e;
	}
}

/*
 * PostgreSQL's select_common_type failing for `what` (CASE, COALESCE,
 * UNION, ...) at `later`, after the inputs before it met in `t`: 42804
 * when the two are of different categories; within one category (date
 * and time, uuid and bytea) it keeps t and fails converting the later one
 * to it, 42846.
 */
void *
bind_no_common_type(binder *b, const void *at, const char *what, const fq_type *t,
					const fq_type *later)
{
	if (fq_func_type_category(t->id) == fq_func_type_category(later->id))
		return bind_fail_at(b, at, FQ_ERR_CANNOT_COERCE, "%s could not convert type %s to %s", what,
							bind_type_text(b, later), bind_type_text(b, t));
	return bind_fail_at(b, at, FQ_ERR_DATATYPE_MISMATCH, "%s types %s and %s cannot be matched",
						what, bind_type_text(b, t), bind_type_text(b, later));
}

/* PostgreSQL's 42883 for a binary operator with no entry for x op y. */
void *
bind_no_operator(binder *b, const void *at, const fq_expr *x, const char *op, const fq_expr *y)
{
	bind_fail_at(b, at, FQ_ERR_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s",
				 bind_type_text(b, &x->type), op, bind_type_text(b, &y->type));
	fq_diag_hint(b->d, "No operator matches the given name and argument types. You "
					   "might need to add explicit type casts.");
	return NULL;
}

/* Brings both operands to their common type; fails with 42883 naming the
 * operator when there is none. */
bool
bind_unify(binder *b, fq_expr **x, fq_expr **y, const char *op, const void *at, fq_type *common)
{
	if (!fq_compare_type(&(*x)->type, &(*y)->type, common))
	{
		bind_no_operator(b, at, *x, op, *y);
		return false;
	}
	for (int i = 0; i < 2; i++)
	{
		fq_expr **side = i == 0 ? x : y;
		fq_expr *before = *side;

		if ((*side = bind_coerce(b, before, common, true, at)) == NULL)
			return false;
		/* the date this comparison brought to a timestamp (not one the
		 * query cast itself) */
		if (*side != before && FQ_IS(*side, FQ_N_EXPR_CAST) &&
			((fq_cast_expr *) *side)->arg == before && before->type.id == FQ_T_DATE)
			((fq_cast_expr *) *side)->for_compare = true;
	}
	return true;
}

fq_expr *
bind_make_func(binder *b, fq_func_id fn, fq_type result, int nargs, fq_expr **args, const void *at)
{
	fq_func_expr *f = fq_make_func(b->a, fn, result, nargs, args);

	if (f == NULL)
		return bind_nomem(b);
	f->e.n.location = at ? ((const fq_node *) at)->location : -1;
	return &f->e;
}

fq_expr *
bind_make_bool_expr(binder *b, int kind, int nargs, fq_expr **args)
{
	fq_bool_expr *e = FQ_MAKE_NODE(b->a, fq_bool_expr, FQ_N_EXPR_BOOL);

	if (e == NULL)
		return bind_nomem(b);
	e->e.type = fq_type_make(FQ_T_BOOL);
	e->kind = kind;
	e->nargs = nargs;
	e->args = bind_expr_array(b, nargs);
	if (e->args == NULL)
		return bind_nomem(b);
	memcpy(e->args, args, sizeof(fq_expr *) * (size_t) nargs);
	return &e->e;
}

fq_expr *
bind_to_bool(binder *b, fq_expr *e, const char *clause)
{
	if (e == NULL)
		return NULL;
	if (e->type.id == FQ_T_BOOL)
		return e;
	if (e->type.id == FQ_T_UNKNOWN)
	{
		fq_type t = fq_type_make(FQ_T_BOOL);

		return bind_coerce(b, e, &t, true, NULL);
	}
	return bind_fail_at(b, e, FQ_ERR_DATATYPE_MISMATCH,
						"argument of %s must be type boolean, not type %s",
						clause, bind_type_text(b, &e->type));
}

/* ---- Columns ---- */
bool
bind_name_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

fq_expr *
bind_column_var(binder *b, const brel *r, int i)
{
	fq_var *v = fq_make_var(b->a, r->rels[i], r->cols[i], r->types[i], r->names[i]);

	if (v == NULL)
		return bind_nomem(b);
	return &v->e;
}

fq_expr *
bind_and_list(binder *b, fq_list *l)
{
	fq_expr *e = fq_make_and(b->a, l);

	return e == NULL && fq_list_len(l) > 0 ? bind_nomem(b) : e;
}

bool
bind_split_and(binder *b, fq_expr *e, fq_list **out)
{
	if (!fq_expr_conjuncts(b->a, e, out))
	{
		bind_nomem(b);
		return false;
	}
	return true;
}

const fq_source *
bind_plan_source(const fq_plan *p)
{
	const fq_source *src = NULL;

	if (FQ_IS(p, FQ_N_PLAN_SCAN))
		return ((const fq_plan_scan *) p)->rte->source;
	if (FQ_IS(p, FQ_N_PLAN_VALUES) || fq_plan_ninputs(p) == 0 || fq_stack_too_deep())
		return NULL;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		const fq_source *in = bind_plan_source(*fq_plan_input((fq_plan *) p, i));

		if (in == NULL || (src != NULL && !fq_same_source(src, in)))
			return NULL;
		src = in;
	}
	return src;
}
