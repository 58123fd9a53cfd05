/*
 * bind_int.h — what the parts of the binder share (plan/bind/): the
 * binder's state, scopes of FROM items, the context an expression is bound
 * in, and the functions one part calls in another.  Nothing outside
 * plan/bind/ includes it: the binder's interface is fq_bind_query
 * (planner.h).
 */
#ifndef FQ_BIND_INT_H
#define FQ_BIND_INT_H

#include "plan/planner.h"
#include "plan/sysviews.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/exec.h"
#include "func/func.h"
#include "plan/coerce.h"
#include "sql/ast.h"
#include "types/numeric.h"
#include "types/types.h"

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
	/* The one source whose tables its rows come from; NULL when fedq
	 * computes them (VALUES, system views, rows of several sources).  A
	 * function fedq does not know goes to the source of its columns. */
	const fq_source *source;
} brel;

typedef struct scope
{
	fq_list *rels;       /* brel */
} scope;

/* A recursive CTE whose recursive term is being bound: its name reads
 * the rows of the previous step (a WorkTable Scan). */
typedef struct bind_worktable
{
	const char *name;
	int id;              /* the statement's worktable number */
	int depth;           /* b->nouter of its recursive term: deeper, the
	                      * reference is in a subquery expression */
	int refs;            /* references seen (one is allowed) */
	int ncols;
	const fq_plan_col *cols; /* names and types: the non-recursive term's */
} bind_worktable;

/* A CTE of a WITH clause the binder has seen: its number, once a
 * reference gives it one, and how deep in subquery expressions the
 * WITH is. */
typedef struct bind_cte
{
	const fq_raw_cte *raw;
	int id;              /* fq_plan_ctescan.id, -1 until referenced */
	int nouter;          /* b->nouter where it is defined */
} bind_cte;

typedef struct binder
{
	fq_stmt *st;
	fq_session *s;
	fq_arena *a;
	fq_diags *d;
	int next_rel;
	fq_list *ctes;       /* fq_raw_cte visible here (innermost last) */
	fq_list *cte_defs;   /* bind_cte: every WITH's CTEs seen so far */
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
	fq_list *windows;    /* the WINDOW clause of the query being bound, each
	                      * window with what it copies folded in */
	int depth;           /* queries being bound, one inside another */
	fq_list *worktables; /* bind_worktable: recursive terms being bound */
	/* Late-binding views being expanded (clause.c, bind_view), outermost
	 * first: a view that reads itself is an error, not a loop. */
	int nviews;
	const fq_view_def *views[32];
	/* PostgreSQL transforms a query's window definitions (PARTITION BY,
	 * ORDER BY, the frame) after its other clauses, so their errors come
	 * second: the depth of the query whose window definition failed, and
	 * the depth whose definitions are being skipped to find an earlier
	 * error (bind_select); 0 for none. */
	int window_failed_at;
	int skip_windows_at;
	bool reached_windows;  /* the skipping bind got as far as windows */
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
} bind_ctx;

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

/* common.c */
int bind_pos(binder *b, const void *node);
void *bind_nomem(binder *b);
void *bind_fail_at(binder *b, const void *node, fq_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *bind_type_text(binder *b, const fq_type *t);
fq_expr **bind_expr_array(binder *b, int n);
fq_const *bind_make_bool_const(binder *b, bool v);
fq_expr *bind_coerce(binder *b, fq_expr *e, const fq_type *to, bool implicit, const void *at);
void *bind_no_common_type(binder *b, const void *at, const char *what, const fq_type *t,
						  const fq_type *later);
void *bind_no_operator(binder *b, const void *at, const fq_expr *x, const char *op,
					   const fq_expr *y);
bool bind_unify(binder *b, fq_expr **x, fq_expr **y, const char *op, const void *at,
		fq_type *common);
fq_expr *bind_make_func(binder *b, fq_func_id fn, fq_type result, int nargs, fq_expr **args,
		const void *at);
fq_expr *bind_make_bool_expr(binder *b, int kind, int nargs, fq_expr **args);
fq_expr *bind_to_bool(binder *b, fq_expr *e, const char *clause);
bool bind_name_eq(const char *a, const char *b);
fq_expr *bind_column_var(binder *b, const brel *r, int i);
fq_expr *bind_and_list(binder *b, fq_list *l);
bool bind_split_and(binder *b, fq_expr *e, fq_list **out);
/* The one source whose tables p reads, NULL when none or several (or p
 * has rows fedq makes: VALUES, system views). */
const fq_source *bind_plan_source(const fq_plan *p);

/* expr.c */
const brel *bind_find_rel(binder *b, scope *sc, const char *schema, const char *table,
		const void *at);
bool bind_common_of(binder *b, fq_expr *const *items, int n, const char *what, const void *at,
		fq_type *out);
fq_expr *bind_expr(binder *b, bind_ctx *cx, fq_node *n);
/* The function of a binary operator's name (FQ_F__COUNT if none). */
fq_func_id bind_op_func(const char *op);

/* func.c */
fq_expr *bind_func(binder *b, bind_ctx *cx, fq_raw_func *f);
fq_expr *bind_source_op(binder *b, bind_ctx *cx, const fq_node *at, const char *op,
					   fq_expr **args, int nargs);
fq_raw_window *bind_resolve_window(binder *b, fq_raw_window *rw, fq_list *defs);

/* agg.c */
typedef struct bind_agg_def bind_agg_def;
/* The aggregate a name calls (plain or as a window function), or NULL. */
const bind_agg_def *bind_agg_lookup(const char *name);
fq_expr *bind_aggregate(binder *b, bind_ctx *cx, fq_raw_func *f, const bind_agg_def *def);

/* clause.c */
brel *bind_new_rel(binder *b, int ncols);
fq_plan *bind_make_join(binder *b, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond);
fq_plan *bind_from_item(binder *b, scope *sc, fq_node *item);
fq_plan *bind_attach(binder *b, fq_plan *left, fq_plan *right, fq_join_type type, fq_expr *cond,
					 const void *at);
int bind_subquery(binder *b, scope *outer, fq_node *q, fq_plan **out);
/* setop.c: WITH RECURSIVE */
bool bind_cte_is_recursive(const fq_raw_cte *cte);
int bind_recursive_cte(binder *b, const fq_raw_cte *cte, fq_plan **out);
fq_plan *bind_worktable_ref(binder *b, const char *name, const void *at, bool *failed);
bool bind_check_outer_join_recursion(binder *b, const fq_plan *left, const fq_plan *right,
									 fq_join_type type, const void *at);
bool bind_lateral_params(binder *b, fq_plan *sub, int *nargs, fq_expr ***args, int **params);
int bind_where(binder *b, scope *sc, fq_node *where, fq_expr **pred);
/* A late-binding view's query bound on its own (no outer columns, no CTEs
 * of the statement), every error placed at byte `at` of the statement and
 * naming the view; *names the output names its column list gives. */
fq_plan *bind_view_query(binder *b, const fq_view_def *v, int at, const char ***names);

/* sublink.c */
fq_expr *bind_sublink(binder *b, bind_ctx *cx, fq_sublink_kind kind, const char *op,
					  fq_node *lhs_raw, fq_node *subq, const void *at);

/* select.c */
bool bind_add_target(binder *b, target_list *tl, fq_expr *e, const char *name);
int bind_match_sort_target(binder *b, target_list *tl, fq_raw_sort_by *sb, bool *failed);
fq_plan *bind_make_project(binder *b, fq_plan *child, target_list *tl, int n);
fq_plan *bind_make_passthrough_project(binder *b, fq_plan *child, int n);
fq_plan *bind_make_distinct(binder *b, fq_plan *plan);
fq_plan *bind_make_sort_limit(binder *b, fq_plan *plan, fq_sort_key *keys, int nkeys,
		fq_node *limit, fq_node *offset);
int bind_select(binder *b, fq_select_stmt *sel, fq_plan **out);

/* setop.c */
int bind_setop(binder *b, fq_setop_stmt *so, fq_plan **out);

/* bind.c */
int bind_query(binder *b, fq_node *q, fq_plan **out);
/* A WITH clause's CTEs become visible (to the query and its subqueries). */
int bind_with(binder *b, fq_list *with);

#endif /* FQ_BIND_INT_H */
