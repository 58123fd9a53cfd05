/*
 * sublink.c — subqueries in expressions (PostgreSQL's parse_expr.c,
 * transformSubLink): EXISTS, (SELECT ...) as a value, x op ANY/ALL, IN
 * and NOT IN, wherever an expression may stand.  Each becomes an
 * fq_sublink_expr whose subquery reads the enclosing queries' columns
 * through exec params: the columns become the sublink's `args`, bound in
 * the enclosing query (so grouping checks and rewrites see them, as
 * PostgreSQL's SubLink testexpr and args).  The planner's pass
 * (plan/sublink.c) then makes joins or initplans of those it can.
 */
#include "plan/bind/bind_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Binds a subquery that may refer to the columns of `outer`. */
int
bind_subquery(binder *b, scope *outer, fq_node *q, fq_plan **out)
{
	int rc;

	if (b->nouter == (int) (sizeof(b->outer) / sizeof(b->outer[0])))
		return fq_raise(b->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, bind_pos(b, q),
						"subqueries are nested too deeply");
	b->outer[b->nouter++] = outer;
	rc = bind_query(b, q, out);
	b->nouter--;
	return rc;
}

/* ---- the enclosing queries' columns become exec params ---- */

typedef struct param_ctx
{
	binder *b;
	int nrels;          /* relations the subquery's own nodes produce */
	int caprels;
	int *rels;
	fq_sublink_expr *l; /* args and params grow as columns are found */
	int cap;
	bool failed;
} param_ctx;

static bool
own_rel(const param_ctx *pc, int rel)
{
	for (int i = 0; i < pc->nrels; i++)
		if (pc->rels[i] == rel)
			return true;
	return false;
}

static bool
collect_rels(param_ctx *pc, fq_plan *p)
{
	if (fq_stack_check(pc->b->d) < 0)
		return false;
	for (int i = 0; i < p->nout; i++)
	{
		if (own_rel(pc, p->out[i].rel))
			continue;
		if (pc->nrels == pc->caprels)
		{
			int cap = pc->caprels ? pc->caprels * 2 : 16;
			int *rels = fq_arena_realloc(pc->b->a, pc->rels, sizeof(int) * (size_t) pc->caprels,
										 sizeof(int) * (size_t) cap);

			if (rels == NULL)
				return bind_nomem(pc->b), false;
			pc->rels = rels;
			pc->caprels = cap;
		}
		pc->rels[pc->nrels++] = p->out[i].rel;
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!collect_rels(pc, *fq_plan_input(p, i)))
			return false;
	return true;
}

/* A column of an enclosing query: the exec param it becomes (one per
 * column, however often the subquery reads it). */
static fq_expr *
param_mutator(fq_expr *e, void *arg)
{
	param_ctx *pc = arg;
	fq_sublink_expr *l = pc->l;
	fq_var *v = (fq_var *) e;
	fq_param *p;
	int i;

	if (!FQ_IS(e, FQ_N_EXPR_VAR) || own_rel(pc, v->rel))
		return e;
	for (i = 0; i < l->nargs; i++)
		if (((fq_var *) l->args[i])->rel == v->rel && ((fq_var *) l->args[i])->col == v->col)
			break;
	if (i == l->nargs)
	{
		if (l->nargs == pc->cap)
		{
			int cap = pc->cap ? pc->cap * 2 : 4;
			fq_expr **args = fq_arena_realloc(pc->b->a, l->args, sizeof(fq_expr *) * (size_t) pc->cap,
											  sizeof(fq_expr *) * (size_t) cap);
			int *params = fq_arena_realloc(pc->b->a, l->params, sizeof(int) * (size_t) pc->cap,
										   sizeof(int) * (size_t) cap);

			if (args == NULL || params == NULL)
			{
				pc->failed = true;
				return bind_nomem(pc->b);
			}
			l->args = args;
			l->params = params;
			pc->cap = cap;
		}
		l->args[i] = e;
		l->params[i] = ++pc->b->st->nxparams;
		l->nargs++;
	}
	p = FQ_MAKE_NODE(pc->b->a, fq_param, FQ_N_EXPR_PARAM);
	if (p == NULL)
	{
		pc->failed = true;
		return bind_nomem(pc->b);
	}
	p->e.type = e->type;
	p->e.n.location = e->n.location;
	p->number = l->params[i];
	p->exec = true;
	return &p->e;
}

static bool
make_params(param_ctx *pc, fq_plan *p)
{
	if (fq_stack_check(pc->b->d) < 0)
		return false;
	if (!fq_plan_mutate_exprs(pc->b->a, p, param_mutator, pc) || pc->failed)
		return pc->failed ? false : (bind_nomem(pc->b), false);
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!make_params(pc, *fq_plan_input(p, i)))
			return false;
	return true;
}

/*
 * A LATERAL subquery's columns of the FROM items before it (and of the
 * enclosing queries) become exec params, as a sublink's do: *args are the
 * columns, *params the param numbers.
 */
bool
bind_lateral_params(binder *b, fq_plan *sub, int *nargs, fq_expr ***args, int **params)
{
	fq_sublink_expr *l = FQ_MAKE_NODE(b->a, fq_sublink_expr, FQ_N_EXPR_SUBLINK);
	param_ctx pc = {.b = b, .l = l};

	if (l == NULL)
		return bind_nomem(b), false;
	if (!collect_rels(&pc, sub) || !make_params(&pc, sub))
		return false;
	*nargs = l->nargs;
	*args = l->args;
	*params = l->params;
	return true;
}

/* ---- binding ---- */

fq_expr *
bind_sublink(binder *b, bind_ctx *cx, fq_sublink_kind kind, const char *op, fq_node *lhs_raw,
			 fq_node *subq, const void *at)
{
	fq_sublink_expr *l = FQ_MAKE_NODE(b->a, fq_sublink_expr, FQ_N_EXPR_SUBLINK);
	param_ctx pc = {.b = b, .l = l};
	fq_plan *sub;

	if (l == NULL)
		return bind_nomem(b);
	if (lhs_raw != NULL && FQ_IS(lhs_raw, FQ_N_RAW_ROW))
		return bind_fail_at(b, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"a row constructor compared with a subquery is not supported; "
							"compare the columns one by one (EXISTS with equalities)");
	l->e.n.location = ((const fq_node *) at)->location;
	l->kind = kind;
	l->id = -1;
	l->e.type = fq_type_make(FQ_T_BOOL);
	if (bind_subquery(b, cx->sc, subq, &sub) < 0)
		return NULL;
	if (kind != FQ_SUBLINK_EXISTS && sub->nout != 1)
		return bind_fail_at(b, subq, FQ_ERR_SYNTAX_ERROR,
							kind == FQ_SUBLINK_SCALAR ? "subquery must return only one column"
							: sub->nout > 1 ? "subquery has too many columns"
							: "subquery has too few columns");
	if (kind == FQ_SUBLINK_SCALAR)
		l->e.type = sub->out[0].type;
	if (kind == FQ_SUBLINK_ANY || kind == FQ_SUBLINK_ALL)
	{
		fq_func_id fn = bind_op_func(op);
		fq_expr *lhs = bind_expr(b, cx, lhs_raw);
		fq_var *col = fq_make_var(b->a, sub->out[0].rel, sub->out[0].col, sub->out[0].type,
								  sub->out[0].name);
		fq_expr *rhs = &col->e;
		fq_type common;

		if (lhs == NULL)
			return NULL;
		if (col == NULL)
			return bind_nomem(b);
		if (fn != FQ_F_EQ && fn != FQ_F_NE && fn != FQ_F_LT && fn != FQ_F_LE && fn != FQ_F_GT &&
			fn != FQ_F_GE)
			return bind_fail_at(b, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
								"%s %s (subquery) is not supported: only comparison operators",
								op, kind == FQ_SUBLINK_ANY ? "ANY" : "ALL");
		if (!bind_unify(b, &lhs, &rhs, op, at, &common))
			return NULL;
		if (rhs != &col->e)
		{
			/* the subquery's column meets the comparison's type in a
			 * projection of its own */
			fq_plan_project *pr = FQ_MAKE_PLAN(b->a, fq_plan_project, FQ_N_PLAN_PROJECT, 1);

			if (pr == NULL || (pr->exprs = bind_expr_array(b, 1)) == NULL)
				return bind_nomem(b);
			pr->p.left = sub;
			pr->rel = b->next_rel++;
			pr->nexprs = 1;
			pr->exprs[0] = rhs;
			pr->p.out[0] = sub->out[0];
			pr->p.out[0].rel = pr->rel;
			pr->p.out[0].col = 0;
			pr->p.out[0].type = rhs->type;
			sub = &pr->p;
		}
		l->op = fn;
		l->lhs = lhs;
	}
	l->plan = sub;
	if (!collect_rels(&pc, sub) || !make_params(&pc, sub))
		return NULL;
	l->correlated = l->nargs > 0;
	return &l->e;
}
