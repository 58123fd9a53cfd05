/*
 * expr.c — bound expressions: constructors, the walker and mutator, copy,
 * equality, and a readable rendering for EXPLAIN.
 */
#include "plan/expr.h"

#include "core/stack.h"
#include "func/func.h"
#include "types/numeric.h"

#include "exec/exec.h"
#include "sql/ast.h"
#include "types/types.h"

#include <stdio.h>
#include <string.h>

static const struct
{
	const char *name;
	bool op;
} func_info[FQ_F__COUNT] = {
#define FQ_FUNC_INFO(id, name, kind) [FQ_F_##id] = {name, #kind[0] == 'O'},
	FQ_FUNCS(FQ_FUNC_INFO)
#undef FQ_FUNC_INFO
};

const char *
fq_func_name(fq_func_id fn)
{
	return (unsigned) fn < FQ_F__COUNT ? func_info[fn].name : "?";
}

const char *
fq_func_expr_name(const fq_func_expr *f)
{
	if (f->fn == FQ_F_SOURCE && f->src != NULL)
		return f->src->label;
	return f->fn == FQ_F_CALL && f->def != NULL ? f->def->name : fq_func_name(f->fn);
}

bool
fq_func_is_operator(fq_func_id fn)
{
	return (unsigned) fn < FQ_F__COUNT && func_info[fn].op;
}

const char *
fq_agg_name(fq_agg_kind kind)
{
	switch (kind)
	{
		case FQ_AGG_COUNT_STAR:
		case FQ_AGG_COUNT:
			return "count";
		case FQ_AGG_SUM:
			return "sum";
		case FQ_AGG_AVG:
			return "avg";
		case FQ_AGG_MIN:
			return "min";
		case FQ_AGG_MAX:
			return "max";
		case FQ_AGG_BOOL_AND:
			return "bool_and";
		case FQ_AGG_BOOL_OR:
			return "bool_or";
		case FQ_AGG_BIT_AND: return "bit_and";
		case FQ_AGG_BIT_OR: return "bit_or";
		case FQ_AGG_BIT_XOR: return "bit_xor";
		case FQ_AGG_VAR_POP: return "var_pop";
		case FQ_AGG_VAR_SAMP: return "var_samp";
		case FQ_AGG_STDDEV_POP: return "stddev_pop";
		case FQ_AGG_STDDEV_SAMP: return "stddev_samp";
		case FQ_AGG_CORR: return "corr";
		case FQ_AGG_COVAR_POP: return "covar_pop";
		case FQ_AGG_COVAR_SAMP: return "covar_samp";
		case FQ_AGG_REGR_AVGX: return "regr_avgx";
		case FQ_AGG_REGR_AVGY: return "regr_avgy";
		case FQ_AGG_REGR_COUNT: return "regr_count";
		case FQ_AGG_REGR_INTERCEPT: return "regr_intercept";
		case FQ_AGG_REGR_R2: return "regr_r2";
		case FQ_AGG_REGR_SLOPE: return "regr_slope";
		case FQ_AGG_REGR_SXX: return "regr_sxx";
		case FQ_AGG_REGR_SXY: return "regr_sxy";
		case FQ_AGG_REGR_SYY: return "regr_syy";
		case FQ_AGG_STRING_AGG: return "string_agg";
		case FQ_AGG_PERCENTILE_CONT: return "percentile_cont";
		case FQ_AGG_PERCENTILE_DISC: return "percentile_disc";
		case FQ_AGG_MODE: return "mode";
	}
	return "?";
}

bool
fq_agg_two_args(fq_agg_kind kind)
{
	return (kind >= FQ_AGG_CORR && kind <= FQ_AGG_REGR_SYY) || kind == FQ_AGG_STRING_AGG;
}

bool
fq_agg_ordered_set(fq_agg_kind kind)
{
	return kind == FQ_AGG_PERCENTILE_CONT || kind == FQ_AGG_PERCENTILE_DISC || kind == FQ_AGG_MODE;
}

bool
fq_agg_counts(fq_agg_kind kind)
{
	return kind == FQ_AGG_COUNT || kind == FQ_AGG_COUNT_STAR || kind == FQ_AGG_REGR_COUNT;
}

fq_var *
fq_make_var(fq_arena *a, int rel, int col, fq_type type, const char *name)
{
	fq_var *v = FQ_MAKE_NODE(a, fq_var, FQ_N_EXPR_VAR);

	if (v == NULL)
		return NULL;
	v->e.type = type;
	v->rel = rel;
	v->col = col;
	v->name = name;
	v->index = -1;
	return v;
}

fq_const *
fq_make_const(fq_arena *a, const fq_value *val)
{
	fq_const *c = FQ_MAKE_NODE(a, fq_const, FQ_N_EXPR_CONST);

	if (c == NULL)
		return NULL;
	c->e.type = val->type;
	c->value = *val;
	return c;
}

fq_const *
fq_make_null(fq_arena *a, fq_type type)
{
	fq_value v;

	memset(&v, 0, sizeof(v));
	v.type = type;
	v.isnull = true;
	return fq_make_const(a, &v);
}

fq_func_expr *
fq_make_func(fq_arena *a, fq_func_id fn, fq_type result, int nargs, fq_expr *const *args)
{
	fq_func_expr *f = FQ_MAKE_NODE(a, fq_func_expr, FQ_N_EXPR_FUNC);

	if (f == NULL)
		return NULL;
	f->e.type = result;
	f->fn = fn;
	f->nargs = nargs;
	if (nargs > 0)
	{
		f->args = FQ_NEW_ARRAY(a, fq_expr *, nargs);
		if (f->args == NULL)
			return NULL;
		memcpy(f->args, args, sizeof(fq_expr *) * (size_t) nargs);
	}
	return f;
}

fq_cast_expr *
fq_make_cast(fq_arena *a, fq_expr *arg, fq_type to)
{
	fq_cast_expr *c = FQ_MAKE_NODE(a, fq_cast_expr, FQ_N_EXPR_CAST);

	if (c == NULL)
		return NULL;
	c->e.type = to;
	c->arg = arg;
	c->e.n.location = arg->n.location;
	return c;
}

bool
fq_expr_conjuncts(fq_arena *a, fq_expr *e, fq_list **out)
{
	if (e == NULL)
		return true;
	if (fq_stack_too_deep())
		return false;
	if (FQ_IS(e, FQ_N_EXPR_BOOL) && ((fq_bool_expr *) e)->kind == FQ_BOOL_AND)
	{
		fq_bool_expr *b = (fq_bool_expr *) e;

		for (int i = 0; i < b->nargs; i++)
			if (!fq_expr_conjuncts(a, b->args[i], out))
				return false;
		return true;
	}
	return (*out = fq_lappend(a, *out, e)) != NULL;
}

fq_expr *
fq_make_and(fq_arena *a, fq_list *l)
{
	fq_bool_expr *b;
	int n = fq_list_len(l);

	if (n <= 1)
		return n == 1 ? fq_list_nth(l, 0) : NULL;
	b = FQ_MAKE_NODE(a, fq_bool_expr, FQ_N_EXPR_BOOL);
	if (b == NULL || (b->args = FQ_NEW_ARRAY(a, fq_expr *, n)) == NULL)
		return NULL;
	b->e.type = fq_type_make(FQ_T_BOOL);
	b->kind = FQ_BOOL_AND;
	b->nargs = n;
	memcpy(b->args, l->items, sizeof(fq_expr *) * (size_t) n);
	return &b->e;
}

bool
fq_expr_is_false_const(const fq_expr *e)
{
	const fq_value *v;

	if (e == NULL || !FQ_IS(e, FQ_N_EXPR_CONST) || e->type.id != FQ_T_BOOL)
		return false;
	v = &((const fq_const *) e)->value;
	return v->isnull || v->v.i == 0;
}

bool
fq_cast_is_noop(const fq_cast_expr *c)
{
	fq_type u;

	if (c->arg->type.id != c->e.type.id || c->arg->type.id == FQ_T_UNKNOWN)
		return false;
	/* varchar to text changes nothing a source sees (PostgreSQL applies
	 * text's functions and operators to varchar); text to varchar does:
	 * varchar meets CHAR as CHAR. */
	if (c->e.type.id == FQ_T_VARCHAR)
		return c->e.type.length == -1 ||
			(c->e.type.length == FQ_VARCHAR_NOLEN && c->arg->type.length != -1);
	u = fq_type_unbounded(&c->arg->type);
	return fq_type_equal(&u, &c->e.type);
}

/*
 * In a comparison, a cast that only widens an exact number (an integer or
 * DECIMAL to a wider integer or DECIMAL) changes nothing PostgreSQL
 * compares: it compares integers and numerics of any scale exactly.  Leave
 * it out so the source can use an index on the column.
 */
const fq_expr *
fq_expr_strip_widening(const fq_expr *e)
{
	while (FQ_IS(e, FQ_N_EXPR_CAST))
	{
		const fq_expr *arg = ((const fq_cast_expr *) e)->arg;
		fq_type_id from = arg->type.id;
		fq_type_id to = e->type.id;
		bool exact_from = fq_type_is_integer(from) || from == FQ_T_DECIMAL;
		bool exact_to = to == FQ_T_INT8 || to == FQ_T_INT4 || to == FQ_T_DECIMAL;

		/* A date is midnight of its day, which is how PostgreSQL compares
		 * a date with a timestamp (not with timestamptz: that depends on
		 * the session's time zone) -- without failing where the date is
		 * beyond timestamp's range, so only the comparison's own casts go,
		 * never one the query wrote. */
		if (from == FQ_T_DATE && to == FQ_T_TIMESTAMP)
		{
			if (!((const fq_cast_expr *) e)->for_compare)
				break;
			e = arg;
			continue;
		}
		if (!exact_from || !exact_to)
			break;
		if (to == FQ_T_INT4 && from != FQ_T_INT2)
			break;
		if (to == FQ_T_INT8 && from == FQ_T_DECIMAL)
			break;
		if (to == FQ_T_DECIMAL && e->type.precision != 0 &&
			(from != FQ_T_DECIMAL || arg->type.precision == 0 || arg->type.scale > e->type.scale ||
			 arg->type.precision - arg->type.scale > e->type.precision - e->type.scale))
			break; /* a narrowing, rounding cast: keep it */
		e = arg;
	}
	return e;
}

static bool
walk_array(fq_expr **items, int n, fq_expr_walker fn, void *ctx)
{
	for (int i = 0; i < n; i++)
		if (items[i] != NULL && fn(items[i], ctx))
			return true;
	return false;
}

bool
fq_expr_walk_children(fq_expr *e, fq_expr_walker fn, void *ctx)
{
	if (e == NULL)
		return false;
	/* Too deep: stop the walk; the engine call fails with 54001. */
	if (fq_stack_too_deep())
		return true;
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
		case FQ_N_EXPR_CONST:
		case FQ_N_EXPR_PARAM:
		case FQ_N_EXPR_SUBPLAN:
			return false;
		case FQ_N_EXPR_FUNC:
			return walk_array(((fq_func_expr *) e)->args, ((fq_func_expr *) e)->nargs, fn, ctx);
		case FQ_N_EXPR_BOOL:
			return walk_array(((fq_bool_expr *) e)->args, ((fq_bool_expr *) e)->nargs, fn, ctx);
		case FQ_N_EXPR_CASE:
			{
				fq_case_expr *c = (fq_case_expr *) e;

				return walk_array(c->conds, c->nwhens, fn, ctx) ||
					walk_array(c->results, c->nwhens, fn, ctx) ||
					(c->else_expr != NULL && fn(c->else_expr, ctx));
			}
		case FQ_N_EXPR_CAST:
			return fn(((fq_cast_expr *) e)->arg, ctx);
		case FQ_N_EXPR_NULL_TEST:
			return fn(((fq_null_test *) e)->arg, ctx);
		case FQ_N_EXPR_IN:
			return fn(((fq_in_expr *) e)->arg, ctx) ||
				walk_array(((fq_in_expr *) e)->items, ((fq_in_expr *) e)->nitems, fn, ctx);
		case FQ_N_EXPR_AGG:
			{
				fq_agg_expr *g = (fq_agg_expr *) e;

				return (g->arg != NULL && fn(g->arg, ctx)) ||
					(g->arg2 != NULL && fn(g->arg2, ctx)) ||
					(g->direct != NULL && fn(g->direct, ctx)) ||
					walk_array(g->order, g->norder, fn, ctx) ||
					(g->filter != NULL && fn(g->filter, ctx));
			}
		case FQ_N_EXPR_WINDOW:
			return walk_array(((fq_window_expr *) e)->kids, ((fq_window_expr *) e)->nkids, fn, ctx);
		case FQ_N_EXPR_SUBLINK:
			{
				fq_sublink_expr *l = (fq_sublink_expr *) e;

				/* the subquery is a plan of its own: only what the
				 * enclosing query computes for it is a child here */
				return (l->lhs != NULL && fn(l->lhs, ctx)) || walk_array(l->args, l->nargs, fn, ctx);
			}
		default:
			/* not an expression: nothing to walk (callers check tags) */
			return false;
	}
}

/* Mutates an array of children; copies the array only when one changed. */
static bool
mutate_array(fq_arena *a, fq_expr ***items, int n, fq_expr_mutator fn, void *ctx,
			 bool *changed, bool *failed)
{
	fq_expr **out = *items;

	for (int i = 0; i < n; i++)
	{
		fq_expr *m = fq_expr_mutate(a, (*items)[i], fn, ctx);

		if (m == NULL)
		{
			*failed = true;
			return false;
		}
		if (m != (*items)[i])
		{
			if (out == *items)
			{
				out = FQ_NEW_ARRAY(a, fq_expr *, n);
				if (out == NULL)
				{
					*failed = true;
					return false;
				}
				memcpy(out, *items, sizeof(fq_expr *) * (size_t) n);
			}
			out[i] = m;
			*changed = true;
		}
	}
	*items = out;
	return true;
}

static size_t
expr_size(fq_node_tag tag)
{
	switch (tag)
	{
		case FQ_N_EXPR_VAR: return sizeof(fq_var);
		case FQ_N_EXPR_CONST: return sizeof(fq_const);
		case FQ_N_EXPR_PARAM: return sizeof(fq_param);
		case FQ_N_EXPR_FUNC: return sizeof(fq_func_expr);
		case FQ_N_EXPR_BOOL: return sizeof(fq_bool_expr);
		case FQ_N_EXPR_CASE: return sizeof(fq_case_expr);
		case FQ_N_EXPR_CAST: return sizeof(fq_cast_expr);
		case FQ_N_EXPR_NULL_TEST: return sizeof(fq_null_test);
		case FQ_N_EXPR_IN: return sizeof(fq_in_expr);
		case FQ_N_EXPR_AGG: return sizeof(fq_agg_expr);
		case FQ_N_EXPR_SUBPLAN: return sizeof(fq_subplan_expr);
		case FQ_N_EXPR_WINDOW: return sizeof(fq_window_expr);
		case FQ_N_EXPR_SUBLINK: return sizeof(fq_sublink_expr);
		default: return 0;
	}
}

fq_expr *
fq_expr_mutate(fq_arena *a, fq_expr *e, fq_expr_mutator fn, void *ctx)
{
	fq_expr *copy;
	bool changed = false;
	bool failed = false;
	size_t size = expr_size(FQ_TAG(e));

	/* Too deep: fail like an allocation; the engine call fails with 54001. */
	if (size == 0 || fq_stack_too_deep())
		return NULL;
	copy = fq_arena_memdup(a, e, size);
	if (copy == NULL)
		return NULL;
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_FUNC:
			mutate_array(a, &((fq_func_expr *) copy)->args, ((fq_func_expr *) copy)->nargs, fn,
						 ctx, &changed, &failed);
			break;
		case FQ_N_EXPR_WINDOW:
			mutate_array(a, &((fq_window_expr *) copy)->kids, ((fq_window_expr *) copy)->nkids, fn,
						 ctx, &changed, &failed);
			break;
		case FQ_N_EXPR_SUBLINK:
			{
				fq_sublink_expr *l = (fq_sublink_expr *) copy;

				if (l->lhs != NULL)
				{
					fq_expr *m = fq_expr_mutate(a, l->lhs, fn, ctx);

					if (m == NULL)
						failed = true;
					else if (m != l->lhs)
					{
						l->lhs = m;
						changed = true;
					}
				}
				if (!failed)
					mutate_array(a, &l->args, l->nargs, fn, ctx, &changed, &failed);
				break;
			}
		case FQ_N_EXPR_BOOL:
			mutate_array(a, &((fq_bool_expr *) copy)->args, ((fq_bool_expr *) copy)->nargs, fn,
						 ctx, &changed, &failed);
			break;
		case FQ_N_EXPR_CASE:
			{
				fq_case_expr *c = (fq_case_expr *) copy;

				if (mutate_array(a, &c->conds, c->nwhens, fn, ctx, &changed, &failed) &&
					mutate_array(a, &c->results, c->nwhens, fn, ctx, &changed, &failed))
				{
					fq_expr *m = fq_expr_mutate(a, c->else_expr, fn, ctx);

					if (m == NULL)
						failed = true;
					else if (m != c->else_expr)
					{
						c->else_expr = m;
						changed = true;
					}
				}
				break;
			}
		case FQ_N_EXPR_CAST:
		case FQ_N_EXPR_NULL_TEST:
			{
				fq_expr **slot = FQ_TAG(e) == FQ_N_EXPR_CAST ? &((fq_cast_expr *) copy)->arg
															 : &((fq_null_test *) copy)->arg;
				fq_expr *m = fq_expr_mutate(a, *slot, fn, ctx);

				if (m == NULL)
					failed = true;
				else if (m != *slot)
				{
					*slot = m;
					changed = true;
				}
				break;
			}
		case FQ_N_EXPR_IN:
			{
				fq_in_expr *in = (fq_in_expr *) copy;
				fq_expr *m = fq_expr_mutate(a, in->arg, fn, ctx);

				if (m == NULL)
					failed = true;
				else
				{
					if (m != in->arg)
					{
						in->arg = m;
						changed = true;
					}
					mutate_array(a, &in->items, in->nitems, fn, ctx, &changed, &failed);
				}
				break;
			}
		case FQ_N_EXPR_AGG:
			{
				fq_agg_expr *g = (fq_agg_expr *) copy;
				fq_expr **kids[] = {&g->arg, &g->arg2, &g->direct, &g->filter};

				for (size_t k = 0; k < sizeof(kids) / sizeof(kids[0]) && !failed; k++)
				{
					fq_expr *m;

					if (*kids[k] == NULL)
						continue;
					if ((m = fq_expr_mutate(a, *kids[k], fn, ctx)) == NULL)
						failed = true;
					else if (m != *kids[k])
					{
						*kids[k] = m;
						changed = true;
					}
				}
				if (!failed)
					mutate_array(a, &g->order, g->norder, fn, ctx, &changed, &failed);
				break;
			}
		default:
			break;
	}
	if (failed)
		return NULL;
	return fn(changed ? copy : e, ctx);
}

static fq_expr *
copy_mutator(fq_expr *e, void *ctx)
{
	fq_arena *a = ctx;

	return fq_arena_memdup(a, e, expr_size(FQ_TAG(e)));
}

fq_expr *
fq_expr_copy(fq_arena *a, const fq_expr *e)
{
	return fq_expr_mutate(a, (fq_expr *) e, copy_mutator, a);
}

static bool
values_equal(const fq_value *a, const fq_value *b)
{
	if (a->isnull || b->isnull)
		return a->isnull && b->isnull;
	switch (a->type.id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			return a->v.s.len == b->v.s.len && memcmp(a->v.s.ptr, b->v.s.ptr, a->v.s.len) == 0;
		case FQ_T_DECIMAL:
			/* The same text: 1.5 and 1.50 are different expressions */
			return a->v.num.kind == b->v.num.kind && a->v.num.dscale == b->v.num.dscale &&
				fq_num_cmp(&a->v.num, &b->v.num) == 0;
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			return a->v.f == b->v.f;
		case FQ_T_INTERVAL:
			return memcmp(&a->v.iv, &b->v.iv, sizeof(fq_interval)) == 0;
		case FQ_T_UUID:
			return memcmp(&a->v.uuid, &b->v.uuid, sizeof(fq_uuid)) == 0;
		default:
			return a->v.i == b->v.i;
	}
}

static bool
arrays_equal(fq_expr **x, fq_expr **y, int n)
{
	for (int i = 0; i < n; i++)
		if (!fq_expr_equal(x[i], y[i]))
			return false;
	return true;
}

/* The same function at the same source (each call is bound apart). */
static bool
source_funcs_equal(const fq_source_func *x, const fq_source_func *y)
{
	if (x == y)
		return true;
	if (x == NULL || y == NULL || strcmp(x->name, y->name) != 0 ||
		(x->schema == NULL) != (y->schema == NULL) ||
		(x->schema != NULL && strcmp(x->schema, y->schema) != 0))
		return false;
	return x->source == y->source ||
		(x->source != NULL && y->source != NULL && strcmp(x->source->key, y->source->key) == 0);
}

bool
fq_expr_equal(const fq_expr *a, const fq_expr *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || FQ_TAG(a) != FQ_TAG(b) || !fq_type_equal(&a->type, &b->type) ||
		fq_stack_too_deep())
		return false;
	switch (FQ_TAG(a))
	{
		case FQ_N_EXPR_VAR:
			return ((const fq_var *) a)->rel == ((const fq_var *) b)->rel &&
				((const fq_var *) a)->col == ((const fq_var *) b)->col;
		case FQ_N_EXPR_CONST:
			return values_equal(&((const fq_const *) a)->value, &((const fq_const *) b)->value);
		case FQ_N_EXPR_PARAM:
			return ((const fq_param *) a)->number == ((const fq_param *) b)->number &&
				((const fq_param *) a)->exec == ((const fq_param *) b)->exec;
		case FQ_N_EXPR_SUBPLAN:
			return ((const fq_subplan_expr *) a)->id == ((const fq_subplan_expr *) b)->id;
		case FQ_N_EXPR_SUBLINK:
			{
				const fq_sublink_expr *x = (const fq_sublink_expr *) a;
				const fq_sublink_expr *y = (const fq_sublink_expr *) b;

				/* the same subquery (one plan), reading the same values */
				return x->plan == y->plan && x->kind == y->kind && x->op == y->op &&
					x->id == y->id && x->nargs == y->nargs && fq_expr_equal(x->lhs, y->lhs) &&
					arrays_equal(x->args, y->args, x->nargs);
			}
		case FQ_N_EXPR_FUNC:
			{
				const fq_func_expr *x = (const fq_func_expr *) a;
				const fq_func_expr *y = (const fq_func_expr *) b;

				if (x->fn == FQ_F_SOURCE && y->fn == FQ_F_SOURCE &&
					!source_funcs_equal(x->src, y->src))
					return false;
				return x->fn == y->fn && x->def == y->def && x->sig == y->sig && x->nargs == y->nargs &&
					arrays_equal(x->args, y->args, x->nargs);
			}
		case FQ_N_EXPR_BOOL:
			{
				const fq_bool_expr *x = (const fq_bool_expr *) a;
				const fq_bool_expr *y = (const fq_bool_expr *) b;

				return x->kind == y->kind && x->nargs == y->nargs && arrays_equal(x->args, y->args, x->nargs);
			}
		case FQ_N_EXPR_CASE:
			{
				const fq_case_expr *x = (const fq_case_expr *) a;
				const fq_case_expr *y = (const fq_case_expr *) b;

				return x->nwhens == y->nwhens && arrays_equal(x->conds, y->conds, x->nwhens) &&
					arrays_equal(x->results, y->results, x->nwhens) &&
					fq_expr_equal(x->else_expr, y->else_expr);
			}
		case FQ_N_EXPR_CAST:
			return fq_expr_equal(((const fq_cast_expr *) a)->arg, ((const fq_cast_expr *) b)->arg);
		case FQ_N_EXPR_NULL_TEST:
			return ((const fq_null_test *) a)->is_not == ((const fq_null_test *) b)->is_not &&
				fq_expr_equal(((const fq_null_test *) a)->arg, ((const fq_null_test *) b)->arg);
		case FQ_N_EXPR_IN:
			{
				const fq_in_expr *x = (const fq_in_expr *) a;
				const fq_in_expr *y = (const fq_in_expr *) b;

				return x->is_not == y->is_not && x->nitems == y->nitems &&
					fq_expr_equal(x->arg, y->arg) && arrays_equal(x->items, y->items, x->nitems);
			}
		case FQ_N_EXPR_AGG:
			{
				const fq_agg_expr *x = (const fq_agg_expr *) a;
				const fq_agg_expr *y = (const fq_agg_expr *) b;

				if (x->kind != y->kind || x->distinct != y->distinct || x->norder != y->norder ||
					x->combine != y->combine ||
					x->within_desc != y->within_desc ||
					x->within_nulls_first != y->within_nulls_first)
					return false;
				for (int i = 0; i < x->norder; i++)
					if (x->desc[i] != y->desc[i] || x->nulls_first[i] != y->nulls_first[i])
						return false;
				return fq_expr_equal(x->arg, y->arg) && fq_expr_equal(x->arg2, y->arg2) &&
					fq_expr_equal(x->direct, y->direct) &&
					arrays_equal(x->order, y->order, x->norder) &&
					fq_expr_equal(x->filter, y->filter);
			}
		case FQ_N_EXPR_WINDOW:
			{
				const fq_window_expr *x = (const fq_window_expr *) a;
				const fq_window_expr *y = (const fq_window_expr *) b;

				if (x->kind != y->kind || x->agg != y->agg || x->nargs != y->nargs ||
					x->npart != y->npart || x->norder != y->norder || x->has_filter != y->has_filter ||
					x->frame != y->frame || x->start != y->start || x->end != y->end ||
					x->has_start_offset != y->has_start_offset ||
					x->has_end_offset != y->has_end_offset || x->exclude != y->exclude ||
					x->nkids != y->nkids)
					return false;
				for (int i = 0; i < x->norder; i++)
					if (x->desc[i] != y->desc[i] || x->nulls_first[i] != y->nulls_first[i])
						return false;
				return arrays_equal(x->kids, y->kids, x->nkids);
			}
		default:
			return false;
	}
}

const char *
fq_window_name(const fq_window_expr *w)
{
	static const char *const names[] = {
		[FQ_WIN_ROW_NUMBER] = "row_number", [FQ_WIN_RANK] = "rank",
		[FQ_WIN_DENSE_RANK] = "dense_rank", [FQ_WIN_PERCENT_RANK] = "percent_rank",
		[FQ_WIN_CUME_DIST] = "cume_dist", [FQ_WIN_NTILE] = "ntile", [FQ_WIN_LAG] = "lag",
		[FQ_WIN_LEAD] = "lead", [FQ_WIN_FIRST_VALUE] = "first_value",
		[FQ_WIN_LAST_VALUE] = "last_value", [FQ_WIN_NTH_VALUE] = "nth_value",
	};

	if (w->kind == FQ_WIN_AGG)
		return w->agg == FQ_AGG_COUNT_STAR ? "count" : fq_agg_name(w->agg);
	return (unsigned) w->kind < sizeof(names) / sizeof(names[0]) ? names[w->kind] : "?";
}

const char *
fq_frame_exclude_text(int exclude)
{
	switch (exclude)
	{
		case FQ_EXCLUDE_CURRENT_ROW: return " EXCLUDE CURRENT ROW";
		case FQ_EXCLUDE_GROUP: return " EXCLUDE GROUP";
		case FQ_EXCLUDE_TIES: return " EXCLUDE TIES";
		default: return "";
	}
}

typedef struct refers_ctx
{
	int rel;
} refers_ctx;

static bool
refers_walker(fq_expr *e, void *ctx)
{
	refers_ctx *r = ctx;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
		return r->rel < 0 || ((fq_var *) e)->rel == r->rel;
	return fq_expr_walk_children(e, refers_walker, ctx);
}

bool
fq_expr_refers_to(fq_expr *e, int rel)
{
	refers_ctx r = {rel};

	return refers_walker(e, &r);
}

static bool
agg_walker(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_AGG))
		return true;
	return fq_expr_walk_children(e, agg_walker, ctx);
}

bool
fq_expr_has_agg(fq_expr *e)
{
	return agg_walker(e, NULL);
}

static bool
sublink_walker(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_SUBLINK))
		return true;
	return fq_expr_walk_children(e, sublink_walker, ctx);
}

bool
fq_expr_has_sublink(fq_expr *e)
{
	return sublink_walker(e, NULL);
}

static bool
volatile_walker(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_CALL &&
		(((fq_func_expr *) e)->def->flags & FQ_FN_VOLATILE))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_SOURCE)
		return true;
	return fq_expr_walk_children(e, volatile_walker, ctx);
}

static bool
source_walker(fq_expr *e, void *ctx)
{
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && ((fq_func_expr *) e)->fn == FQ_F_SOURCE)
	{
		if (ctx != NULL)
			*(const fq_func_expr **) ctx = (const fq_func_expr *) e;
		return true;
	}
	return fq_expr_walk_children(e, source_walker, ctx);
}

bool
fq_expr_calls_source(const fq_expr *e, const fq_func_expr **first)
{
	return e != NULL && source_walker((fq_expr *) e, (void *) first);
}

bool
fq_expr_is_volatile(fq_expr *e)
{
	return volatile_walker(e, NULL);
}

/* A volatile call (random()) and a subquery run per row are never
 * constant, even reading no column: evaluated anew for every row, never
 * folded at plan time or sent as a literal. */
bool
fq_expr_is_constant(fq_expr *e)
{
	return !fq_expr_refers_to(e, -1) && !fq_expr_has_agg(e) && !fq_expr_is_volatile(e) &&
		!fq_expr_has_sublink(e);
}

/* Parameters, initplans and the clock are constant for the statement but
 * not known while it is planned. */
static bool
not_plan_time_walker(fq_expr *e, void *ctx)
{
	/* (and window functions, computed over their partitions) */
	if (FQ_IS(e, FQ_N_EXPR_PARAM) || FQ_IS(e, FQ_N_EXPR_SUBPLAN) || FQ_IS(e, FQ_N_EXPR_WINDOW))
		return true;
	if (FQ_IS(e, FQ_N_EXPR_FUNC) && (((fq_func_expr *) e)->fn == FQ_F_CURRENT_DATE ||
									 ((fq_func_expr *) e)->fn == FQ_F_CURRENT_TIMESTAMP))
		return true;
	return fq_expr_walk_children(e, not_plan_time_walker, ctx);
}

bool
fq_expr_known_at_plan_time(fq_expr *e)
{
	return fq_expr_is_constant(e) && !not_plan_time_walker(e, NULL);
}

/* ---- Rendering ---- */

static void
explain_const(const fq_const *c, fq_strbuf *out)
{
	const fq_value *v = &c->value;
	union
	{
		int64_t i;
		fq_numeric d;
		double f;
		fq_string s;
		fq_interval iv;
		fq_uuid u;
	} slot;

	if (v->isnull)
	{
		fq_strbuf_append(out, "NULL");
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
		case FQ_T_DECIMAL:
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			fq_value_to_slot(v, &slot);
			fq_format_text(&slot, &v->type, false, out);
			return;
		default:
			{
				fq_strbuf text = FQ_STRBUF_INIT;

				if (v->type.id == FQ_T_UNKNOWN || v->type.id == FQ_T_CHAR || v->type.id == FQ_T_VARCHAR)
					fq_strbuf_appendn(&text, v->v.s.ptr, v->v.s.len);
				else
				{
					fq_value_to_slot(v, &slot);
					fq_format_text(&slot, &v->type, false, &text);
				}
				fq_strbuf_append_literal(out, fq_strbuf_str(&text), text.len);
				if (!fq_strbuf_ok(&text))
					out->broken = true;
				if (v->type.id != FQ_T_UNKNOWN && v->type.id != FQ_T_VARCHAR)
				{
					fq_strbuf_append(out, "::");
					fq_type_format(&v->type, out);
				}
				fq_strbuf_free(&text);
			}
	}
}

void
fq_expr_explain(const fq_expr *e, fq_strbuf *out)
{
	if (fq_stack_too_deep())
	{
		fq_strbuf_append(out, "...");
		return;
	}
	switch (FQ_TAG(e))
	{
		case FQ_N_EXPR_VAR:
			fq_strbuf_append(out, ((const fq_var *) e)->name ? ((const fq_var *) e)->name : "?");
			return;
		case FQ_N_EXPR_CONST:
			explain_const((const fq_const *) e, out);
			return;
		case FQ_N_EXPR_PARAM:
			/* an exec param is a subplan's value from the enclosing row */
			fq_strbuf_printf(out, ((const fq_param *) e)->exec ? "$x%d" : "$%d",
							 ((const fq_param *) e)->number);
			return;
		case FQ_N_EXPR_SUBPLAN:
			fq_strbuf_printf(out, "(InitPlan %d)", ((const fq_subplan_expr *) e)->id + 1);
			return;
		case FQ_N_EXPR_SUBLINK:
			{
				const fq_sublink_expr *l = (const fq_sublink_expr *) e;
				char sub[32];

				if (l->id >= 0)
					snprintf(sub, sizeof(sub), "SubPlan %d", l->id + 1);
				else
					snprintf(sub, sizeof(sub), "SubLink");
				if (l->kind == FQ_SUBLINK_EXISTS)
					fq_strbuf_printf(out, "EXISTS(%s)", sub);
				else if (l->kind == FQ_SUBLINK_SCALAR)
					fq_strbuf_printf(out, "(%s)", sub);
				else
				{
					fq_strbuf_appendc(out, '(');
					fq_expr_explain(l->lhs, out);
					fq_strbuf_printf(out, " %s %s (%s))", fq_func_name((fq_func_id) l->op),
									 l->kind == FQ_SUBLINK_ALL ? "ALL" : "ANY", sub);
				}
				return;
			}
		case FQ_N_EXPR_FUNC:
			{
				const fq_func_expr *f = (const fq_func_expr *) e;

				if (fq_func_is_operator(f->fn) && f->nargs >= 2)
				{
					fq_strbuf_appendc(out, '(');
					fq_expr_explain(f->args[0], out);
					fq_strbuf_printf(out, " %s ", fq_func_name(f->fn));
					fq_expr_explain(f->args[1], out);
					if (f->nargs == 3)
					{
						fq_strbuf_append(out, " ESCAPE ");
						fq_expr_explain(f->args[2], out);
					}
					fq_strbuf_appendc(out, ')');
				}
				else if (f->fn == FQ_F_GROUPING)
				{
					/* grouping(gid, n, i, ...): the grouping columns by their
					 * place among the Aggregate's, from 1 */
					fq_strbuf_append(out, "GROUPING(grouping columns ");
					for (int i = 2; i < f->nargs; i++)
						fq_strbuf_printf(out, i > 2 ? ", %lld" : "%lld",
										 (long long) ((const fq_const *) f->args[i])->value.v.i + 1);
					fq_strbuf_appendc(out, ')');
				}
				else if (fq_func_is_operator(f->fn) && f->nargs == 1)
				{
					fq_strbuf_printf(out, "(%s", fq_func_name(f->fn));
					fq_expr_explain(f->args[0], out);
					fq_strbuf_appendc(out, ')');
				}
				else
				{
					fq_strbuf_printf(out, "%s(", fq_func_expr_name(f));
					for (int i = 0; i < f->nargs; i++)
					{
						if (i > 0)
							fq_strbuf_append(out, ", ");
						fq_expr_explain(f->args[i], out);
					}
					fq_strbuf_appendc(out, ')');
				}
				return;
			}
		case FQ_N_EXPR_BOOL:
			{
				const fq_bool_expr *b = (const fq_bool_expr *) e;

				if (b->kind == FQ_BOOL_NOT)
				{
					fq_strbuf_append(out, "NOT ");
					fq_expr_explain(b->args[0], out);
					return;
				}
				fq_strbuf_appendc(out, '(');
				for (int i = 0; i < b->nargs; i++)
				{
					if (i > 0)
						fq_strbuf_append(out, b->kind == FQ_BOOL_AND ? " AND " : " OR ");
					fq_expr_explain(b->args[i], out);
				}
				fq_strbuf_appendc(out, ')');
				return;
			}
		case FQ_N_EXPR_CASE:
			{
				const fq_case_expr *c = (const fq_case_expr *) e;

				fq_strbuf_append(out, "CASE");
				for (int i = 0; i < c->nwhens; i++)
				{
					fq_strbuf_append(out, " WHEN ");
					fq_expr_explain(c->conds[i], out);
					fq_strbuf_append(out, " THEN ");
					fq_expr_explain(c->results[i], out);
				}
				fq_strbuf_append(out, " ELSE ");
				fq_expr_explain(c->else_expr, out);
				fq_strbuf_append(out, " END");
				return;
			}
		case FQ_N_EXPR_CAST:
			if (fq_cast_is_noop((const fq_cast_expr *) e))
			{
				fq_expr_explain(((const fq_cast_expr *) e)->arg, out);
				return;
			}
			fq_strbuf_appendc(out, '(');
			fq_expr_explain(((const fq_cast_expr *) e)->arg, out);
			fq_strbuf_append(out, ")::");
			fq_type_format(&e->type, out);
			return;
		case FQ_N_EXPR_NULL_TEST:
			fq_strbuf_appendc(out, '(');
			fq_expr_explain(((const fq_null_test *) e)->arg, out);
			fq_strbuf_append(out, ((const fq_null_test *) e)->is_not ? " IS NOT NULL)" : " IS NULL)");
			return;
		case FQ_N_EXPR_IN:
			{
				const fq_in_expr *in = (const fq_in_expr *) e;

				fq_strbuf_appendc(out, '(');
				fq_expr_explain(in->arg, out);
				fq_strbuf_append(out, in->is_not ? " NOT IN (" : " IN (");
				for (int i = 0; i < in->nitems; i++)
				{
					if (i > 0)
						fq_strbuf_append(out, ", ");
					fq_expr_explain(in->items[i], out);
				}
				fq_strbuf_append(out, "))");
				return;
			}
		case FQ_N_EXPR_AGG:
			{
				const fq_agg_expr *g = (const fq_agg_expr *) e;

				fq_strbuf_printf(out, "%s(", fq_agg_name(g->kind));
				if (g->kind == FQ_AGG_COUNT_STAR)
					fq_strbuf_appendc(out, '*');
				else if (fq_agg_ordered_set(g->kind))
				{
					if (g->direct != NULL)
						fq_expr_explain(g->direct, out);
					fq_strbuf_append(out, ") WITHIN GROUP (ORDER BY ");
					fq_expr_explain(g->arg, out);
					if (g->within_desc)
						fq_strbuf_append(out, " DESC");
				}
				else
				{
					if (g->distinct)
						fq_strbuf_append(out, "DISTINCT ");
					if (g->combine)
						fq_strbuf_append(out, "PARTIAL ");
					fq_expr_explain(g->arg, out);
					if (g->arg2 != NULL)
					{
						fq_strbuf_append(out, ", ");
						fq_expr_explain(g->arg2, out);
					}
					for (int i = 0; i < g->norder; i++)
					{
						fq_strbuf_append(out, i == 0 ? " ORDER BY " : ", ");
						fq_expr_explain(g->order[i], out);
						if (g->desc[i])
							fq_strbuf_append(out, " DESC");
					}
				}
				fq_strbuf_appendc(out, ')');
				if (g->filter != NULL)
				{
					fq_strbuf_append(out, " FILTER (WHERE ");
					fq_expr_explain(g->filter, out);
					fq_strbuf_appendc(out, ')');
				}
				return;
			}
		case FQ_N_EXPR_WINDOW:
			{
				const fq_window_expr *w = (const fq_window_expr *) e;
				int k = w->nargs;

				fq_strbuf_printf(out, "%s(", fq_window_name(w));
				if (w->kind == FQ_WIN_AGG && w->agg == FQ_AGG_COUNT_STAR)
					fq_strbuf_appendc(out, '*');
				for (int i = 0; i < w->nargs; i++)
				{
					if (i > 0)
						fq_strbuf_append(out, ", ");
					fq_expr_explain(w->kids[i], out);
				}
				fq_strbuf_appendc(out, ')');
				if (w->has_filter)
				{
					fq_strbuf_append(out, " FILTER (WHERE ");
					fq_expr_explain(w->kids[w->nargs + w->npart + w->norder], out);
					fq_strbuf_appendc(out, ')');
				}
				fq_strbuf_append(out, " OVER (");
				for (int i = 0; i < w->npart; i++)
				{
					fq_strbuf_append(out, i == 0 ? "PARTITION BY " : ", ");
					fq_expr_explain(w->kids[k++], out);
				}
				for (int i = 0; i < w->norder; i++)
				{
					fq_strbuf_append(out, i == 0 ? (w->npart > 0 ? " ORDER BY " : "ORDER BY ") : ", ");
					fq_expr_explain(w->kids[k++], out);
					if (w->desc[i])
						fq_strbuf_append(out, " DESC");
					if (w->nulls_first[i] != w->desc[i])
						fq_strbuf_append(out, w->nulls_first[i] ? " NULLS FIRST" : " NULLS LAST");
				}
				if (w->frame != FQ_FRAME_DEFAULT)
				{
					static const char *const bounds[] = {
						[FQ_BOUND_UNBOUNDED_PRECEDING] = "UNBOUNDED PRECEDING",
						[FQ_BOUND_PRECEDING] = "PRECEDING", [FQ_BOUND_CURRENT_ROW] = "CURRENT ROW",
						[FQ_BOUND_FOLLOWING] = "FOLLOWING",
						[FQ_BOUND_UNBOUNDED_FOLLOWING] = "UNBOUNDED FOLLOWING",
					};
					int off = w->nargs + w->npart + w->norder + (w->has_filter ? 1 : 0);

					fq_strbuf_append(out, w->npart + w->norder > 0 ? " " : "");
					fq_strbuf_append(out, w->frame == FQ_FRAME_ROWS ? "ROWS BETWEEN "
										  : w->frame == FQ_FRAME_RANGE ? "RANGE BETWEEN "
										  : "GROUPS BETWEEN ");
					for (int side = 0; side < 2; side++)
					{
						int bound = side == 0 ? w->start : w->end;

						if (side == 1)
							fq_strbuf_append(out, " AND ");
						if (side == 0 ? w->has_start_offset : w->has_end_offset)
						{
							fq_expr_explain(w->kids[off++], out);
							fq_strbuf_appendc(out, ' ');
						}
						fq_strbuf_append(out, bound > 0 && bound <= FQ_BOUND_UNBOUNDED_FOLLOWING
											  ? bounds[bound] : "?");
					}
					fq_strbuf_append(out, fq_frame_exclude_text(w->exclude));
				}
				fq_strbuf_appendc(out, ')');
				return;
			}
		default:
			fq_strbuf_printf(out, "<%s>", fq_node_tag_name(FQ_TAG(e)));
	}
}
