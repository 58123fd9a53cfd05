/*
 * expr.h — bound expressions: names resolved, types known.
 *
 * A column reference is a (rel, col) binding: `rel` numbers a relation of
 * the query (a table scan, or the output of a projection or aggregation)
 * and `col` a column of it.  Bindings survive plan rewrites; just before
 * execution each operator's expressions are copied with `index` set to the
 * column's position in the operator's input batch (plan/physical.c).
 *
 * Operators are functions (fq_func_expr with an fq_func_id), as in
 * PostgreSQL: the binder picks the function from the operator and the
 * argument types, inserting casts; the executor and the deparser switch on
 * the function id.
 */
#ifndef FQ_EXPR_H
#define FQ_EXPR_H

#include "fq.h"
#include "core/list.h"
#include "core/nodes.h"
#include "core/strbuf.h"

typedef struct fq_expr
{
	fq_node n;
	fq_type type;
} fq_expr;

typedef struct fq_var
{
	fq_expr e;
	int rel;
	int col;
	const char *name; /* for messages and EXPLAIN */
	int index;        /* position in the input batch; -1 until resolved */
} fq_var;

typedef struct fq_const
{
	fq_expr e;
	fq_value value; /* value.type == e.type; strings in the plan's arena */
} fq_const;

typedef struct fq_param
{
	fq_expr e;
	int number; /* 1-based */
	bool exec;  /* an exec param: a correlated subplan's outer value
				 * (fq_sublink_expr), not the statement's $n */
} fq_param;

/*
 * Operators and special forms.  X(id, sql name, kind):
 *   kind OP: an infix/prefix operator printed as `name`
 *   kind FN: a special form printed as name(args)
 * Functions are FQ_F_CALL with their entry in the registry (func/func.h).
 */
#define FQ_FUNCS(X) \
	X(EQ, "=", OP) \
	X(NE, "<>", OP) \
	X(LT, "<", OP) \
	X(LE, "<=", OP) \
	X(GT, ">", OP) \
	X(GE, ">=", OP) \
	X(DISTINCT, "IS DISTINCT FROM", OP) \
	X(NOT_DISTINCT, "IS NOT DISTINCT FROM", OP) \
	X(ADD, "+", OP) \
	X(SUB, "-", OP) \
	X(MUL, "*", OP) \
	X(DIV, "/", OP) \
	X(MOD, "%", OP) \
	X(NEG, "-", OP) \
	X(CONCAT, "||", OP) \
	X(LIKE, "LIKE", OP) \
	X(NOT_LIKE, "NOT LIKE", OP) \
	X(ILIKE, "ILIKE", OP) \
	X(NOT_ILIKE, "NOT ILIKE", OP) \
	X(COALESCE, "coalesce", FN) \
	X(NULLIF, "nullif", FN) \
	X(GREATEST, "greatest", FN) \
	X(LEAST, "least", FN) \
	X(CURRENT_DATE, "current_date", FN) \
	X(CURRENT_TIMESTAMP, "current_timestamp", FN) \
	X(GROUPING, "grouping", FN) \
	X(CALL, "call", FN) \
	X(SOURCE, "source function", FN)

typedef enum fq_func_id
{
#define FQ_FUNC_ENUM(id, name, kind) FQ_F_##id,
	FQ_FUNCS(FQ_FUNC_ENUM)
#undef FQ_FUNC_ENUM
	FQ_F__COUNT
} fq_func_id;

struct fq_func_def;
struct fq_func_sig;
struct fq_source;

/*
 * A function fedq does not know, which a source runs (FQ_F_SOURCE): the
 * binder found its arguments read columns of that source only and asked
 * the source for its result type (plan/bind/func.c).  fedq never computes
 * it: only a query the source runs whole can hold it (pushdown.c refuses
 * any other plan, 0A000), and fedq's planner treats it as volatile (never
 * folded, never duplicated nor moved across a filter by fedq).
 */
typedef struct fq_source_func
{
	const struct fq_source *source;
	const char *schema;   /* the schema qualifying it at the source, or NULL */
	const char *name;     /* its name at the source */
	const char *label;    /* as the query wrote it, for messages ("rds.f") */
	/* An operator fedq does not have, written between its arguments: ~,
	 * ~*, !~, !~* (two), SIMILAR TO, NOT SIMILAR TO (two, or three with
	 * ESCAPE); NULL for a function call. */
	const char *op;
	/* Per argument: the source's own type of a table column fedq reads as
	 * text (jsonb, arrays, ...), which the call casts it back to; NULL
	 * entries (or none at all) for the arguments sent in fedq's types. */
	const char *const *arg_types;
	bool text_cast;       /* its result is read as text (json, arrays, ...) */
	const char *out_func; /* text_cast through this function (inet_out), or NULL */
} fq_source_func;

/* "function" or "operator", for messages */
static inline const char *
fq_source_func_kind(const fq_source_func *fn)
{
	return fn->op != NULL ? "operator" : "function";
}

typedef struct fq_func_expr
{
	fq_expr e;
	fq_func_id fn;
	const struct fq_func_def *def; /* FQ_F_CALL: the function */
	const struct fq_func_sig *sig; /* FQ_F_CALL: its signature PostgreSQL would pick */
	const fq_source_func *src;     /* FQ_F_SOURCE: the function and its source */
	int nargs;
	fq_expr **args;
} fq_func_expr;

typedef struct fq_bool_expr
{
	fq_expr e;
	int kind; /* FQ_BOOL_AND, FQ_BOOL_OR, FQ_BOOL_NOT (sql/ast.h) */
	int nargs;
	fq_expr **args;
} fq_bool_expr;

typedef struct fq_case_expr
{
	fq_expr e;
	int nwhens;
	fq_expr **conds;   /* boolean conditions (simple CASE is rewritten) */
	fq_expr **results;
	fq_expr *else_expr; /* never NULL: a NULL constant when absent */
} fq_case_expr;

typedef struct fq_cast_expr
{
	fq_expr e;   /* e.type is the target */
	fq_expr *arg;
	/* A date brought to a timestamp to be compared with one: beyond the
	 * timestamp range it counts as ±infinity, as PostgreSQL's cross-type
	 * comparisons do, where a real cast fails. */
	bool for_compare;
} fq_cast_expr;

typedef struct fq_null_test
{
	fq_expr e;
	fq_expr *arg;
	bool is_not;
} fq_null_test;

typedef struct fq_in_expr
{
	fq_expr e;
	fq_expr *arg;
	int nitems;
	fq_expr **items; /* all of arg's type */
	bool is_not;
} fq_in_expr;

typedef enum fq_agg_kind
{
	FQ_AGG_COUNT_STAR,
	FQ_AGG_COUNT,
	FQ_AGG_SUM,
	FQ_AGG_AVG,
	FQ_AGG_MIN,
	FQ_AGG_MAX,
	FQ_AGG_BOOL_AND,
	FQ_AGG_BOOL_OR,
	FQ_AGG_BIT_AND,
	FQ_AGG_BIT_OR,
	FQ_AGG_BIT_XOR,
	FQ_AGG_VAR_POP,
	FQ_AGG_VAR_SAMP,     /* variance */
	FQ_AGG_STDDEV_POP,
	FQ_AGG_STDDEV_SAMP,  /* stddev */
	/* (Y, X): float8_regr_accum's */
	FQ_AGG_CORR,
	FQ_AGG_COVAR_POP,
	FQ_AGG_COVAR_SAMP,
	FQ_AGG_REGR_AVGX,
	FQ_AGG_REGR_AVGY,
	FQ_AGG_REGR_COUNT,
	FQ_AGG_REGR_INTERCEPT,
	FQ_AGG_REGR_R2,
	FQ_AGG_REGR_SLOPE,
	FQ_AGG_REGR_SXX,
	FQ_AGG_REGR_SXY,
	FQ_AGG_REGR_SYY,
	FQ_AGG_STRING_AGG,   /* string_agg (and Redshift's listagg) */
	/* ordered-set aggregates: WITHIN GROUP (ORDER BY arg) */
	FQ_AGG_PERCENTILE_CONT, /* (and Redshift's median) */
	FQ_AGG_PERCENTILE_DISC,
	FQ_AGG_MODE
} fq_agg_kind;

/*
 * An aggregate call.  `arg` is what it aggregates (for two-argument
 * aggregates the first: corr's Y, string_agg's value; for an ordered-set
 * aggregate the WITHIN GROUP key, sorted by `within_desc` and
 * `within_nulls_first`), `arg2` the second (corr's X, string_agg's
 * delimiter), `direct` an ordered-set aggregate's direct argument (the
 * percentile's fraction, a constant).  `order` is the ORDER BY inside the
 * call (string_agg(x, ',' ORDER BY y)): the order the values are
 * aggregated in.
 */
typedef struct fq_agg_expr
{
	fq_expr e;
	fq_agg_kind kind;
	fq_expr *arg;     /* NULL for count(*) */
	bool distinct;
	fq_expr *filter;  /* FILTER (WHERE ...), NULL when none */
	fq_expr *arg2;    /* NULL for one-argument aggregates */
	fq_expr *direct;  /* NULL but for percentile_cont/percentile_disc */
	int norder;
	fq_expr **order;
	bool *desc;       /* norder of each */
	bool *nulls_first;
	bool within_desc;
	bool within_nulls_first;
	/*
	 * The final step of an aggregate computed in two (eager.c): `arg`
	 * holds the first step's results, one row per group of it.  count and
	 * count(*) (kind COUNT) add up partial counts, 0 over no rows; avg
	 * divides the sum of the partial sums (arg, of sum's type for the
	 * argument) by the sum of the partial counts (arg2), as avg divides
	 * its own sum and count.
	 */
	bool combine;
} fq_agg_expr;

/* Aggregates of two aggregated arguments (corr(y, x), string_agg(x, d)). */
bool fq_agg_two_args(fq_agg_kind kind);
/* Ordered-set aggregates: called with WITHIN GROUP, never as windows. */
bool fq_agg_ordered_set(fq_agg_kind kind);
/* count(*), count(x) and regr_count: 0 over no rows, never NULL. */
bool fq_agg_counts(fq_agg_kind kind);

/*
 * The value of an uncorrelated scalar subquery: the statement's initplan
 * number `id` (engine.h), computed once before the query runs and then a
 * constant, sent to sources as a literal.
 */
typedef struct fq_subplan_expr
{
	fq_expr e;
	int id;
} fq_subplan_expr;

/*
 * A subquery in an expression: EXISTS (sub), (sub) as a value, and lhs op
 * ANY/ALL (sub) -- IN is = ANY, NOT IN its negation.  The binder leaves
 * `plan` reading the enclosing queries' columns as plain fq_vars
 * (correlation).  The planner's pass (plan/sublink.c) turns most into
 * joins (EXISTS and IN conditions of a WHERE) or values computed first
 * (initplans); the rest stay, numbered (`id`, the statement's
 * subplans[id]), the enclosing columns they read replaced by exec params:
 * the executor runs the subquery once per distinct value of `args`
 * (args[i] sets exec param params[i]), as PostgreSQL runs a SubPlan.
 */
typedef struct fq_sublink_expr
{
	fq_expr e;             /* boolean, or the subquery's column for SCALAR */
	int kind;              /* fq_sublink_kind (sql/ast.h) */
	int op;                /* ANY/ALL: the comparison, an fq_func_id (EQ..GE) */
	fq_expr *lhs;          /* ANY/ALL: the left operand, of the column's type */
	struct fq_plan *plan;  /* the subquery; SCALAR/ANY/ALL: one column */
	bool correlated;
	int id;                /* once planned: the statement's subplan; -1 before */
	int nargs;
	fq_expr **args;        /* the enclosing query's expressions it reads */
	int *params;           /* the exec param (1-based) each sets */
} fq_sublink_expr;

/*
 * A window function call: fn(args) OVER (PARTITION BY ... ORDER BY ...
 * frame).  Every sub-expression is in kids, in this order: the arguments,
 * the PARTITION BY expressions, the ORDER BY keys, the FILTER condition
 * (has_filter), the frame's start and end offsets (has_*_offset), so the
 * one walker and mutator see them all.  An aggregate used as a window
 * function (sum(x) OVER ...) has kind FQ_WIN_AGG and `agg`; it is not an
 * fq_agg_expr, so grouping never takes it for one of its own.
 */
typedef enum fq_win_kind
{
	FQ_WIN_ROW_NUMBER,
	FQ_WIN_RANK,
	FQ_WIN_DENSE_RANK,
	FQ_WIN_PERCENT_RANK,
	FQ_WIN_CUME_DIST,
	FQ_WIN_NTILE,
	FQ_WIN_LAG,
	FQ_WIN_LEAD,
	FQ_WIN_FIRST_VALUE,
	FQ_WIN_LAST_VALUE,
	FQ_WIN_NTH_VALUE,
	FQ_WIN_AGG
} fq_win_kind;

typedef struct fq_window_expr
{
	fq_expr e;
	fq_win_kind kind;
	fq_agg_kind agg;      /* FQ_WIN_AGG */
	int nargs;
	int npart;
	int norder;
	bool *desc;           /* norder of each */
	bool *nulls_first;
	bool has_filter;
	int frame;            /* fq_frame_kind (sql/ast.h) */
	int start;            /* fq_frame_bound */
	int end;
	bool has_start_offset;
	bool has_end_offset;
	int exclude;          /* fq_frame_exclude */
	int nkids;
	fq_expr **kids;
} fq_window_expr;

/* The SQL name of a window function ("row_number", "sum", ...). */
const char *fq_window_name(const fq_window_expr *w);
/* " EXCLUDE CURRENT ROW" and the like for a frame's exclusion ("" for
 * none). */
const char *fq_frame_exclude_text(int exclude);

const char *fq_func_name(fq_func_id fn);
/* The name a call prints with: a function's, or its operator's. */
const char *fq_func_expr_name(const fq_func_expr *f);
bool fq_func_is_operator(fq_func_id fn);
const char *fq_agg_name(fq_agg_kind kind);

/* Constructors (arena-allocated, NULL on OOM). */
fq_var *fq_make_var(fq_arena *a, int rel, int col, fq_type type, const char *name);
fq_const *fq_make_const(fq_arena *a, const fq_value *v);
fq_const *fq_make_null(fq_arena *a, fq_type type);
fq_func_expr *fq_make_func(fq_arena *a, fq_func_id fn, fq_type result, int nargs,
						   fq_expr *const *args);
fq_cast_expr *fq_make_cast(fq_arena *a, fq_expr *arg, fq_type to);

/* Appends e's conjuncts (the arguments of nested ANDs; e itself when it
 * is not an AND; nothing for NULL) to *out.  False when out of memory. */
bool fq_expr_conjuncts(fq_arena *a, fq_expr *e, fq_list **out);
/* The AND of a list's expressions: the one item of a one-item list, NULL
 * for an empty list or when out of memory. */
fq_expr *fq_make_and(fq_arena *a, fq_list *l);

/*
 * Calls fn on each direct child expression; stops and returns true as soon
 * as fn does.  The one walker for bound expressions.
 */
typedef bool (*fq_expr_walker)(fq_expr *e, void *ctx);
bool fq_expr_walk_children(fq_expr *e, fq_expr_walker fn, void *ctx);

/*
 * Rebuilds an expression bottom-up: fn is called on every node after its
 * children were rebuilt and returns the node to use (itself, or a
 * replacement), or NULL on failure (OOM raised by fn).  Nodes are copied
 * only when a child changed.
 */
typedef fq_expr *(*fq_expr_mutator)(fq_expr *e, void *ctx);
fq_expr *fq_expr_mutate(fq_arena *a, fq_expr *e, fq_expr_mutator fn, void *ctx);

/*
 * e without the casts that only widen an exact number (an integer or
 * DECIMAL to a wider integer or DECIMAL) or make a date a timestamp:
 * PostgreSQL compares integers and numerics of any scale exactly, and a
 * date with a timestamp as its midnight, so a comparison sent without
 * them means the same and can use an index on the column.
 */
const fq_expr *fq_expr_strip_widening(const fq_expr *e);

/*
 * True for a cast that only drops what bounds its argument's values
 * (CHAR(5) to bpchar, NUMERIC(12,2) to NUMERIC, TIMESTAMP(0) to TIMESTAMP):
 * it changes no value, so it is neither run nor sent to a source.
 */
bool fq_cast_is_noop(const fq_cast_expr *c);

/* True for the constant false (or NULL) boolean. */
bool fq_expr_is_false_const(const fq_expr *e);

/* A deep copy. */
fq_expr *fq_expr_copy(fq_arena *a, const fq_expr *e);
/* Structural equality (for GROUP BY matching). */
bool fq_expr_equal(const fq_expr *a, const fq_expr *b);
/* True if any Var of `rel` (or any Var when rel < 0) occurs. */
bool fq_expr_refers_to(fq_expr *e, int rel);
/* True if an aggregate occurs. */
bool fq_expr_has_agg(fq_expr *e);
/* True if a subquery (fq_sublink_expr) occurs. */
bool fq_expr_has_sublink(fq_expr *e);
/* True if every value of the expression is the same for the statement
 * (no Var, no aggregate, no subquery): constants, parameters,
 * current_date. */
bool fq_expr_is_constant(fq_expr *e);
/* Constant, and with a value known while the statement is planned: no
 * parameter, initplan or clock in it (constant folding evaluates it). */
bool fq_expr_known_at_plan_time(fq_expr *e);
/* Whether e calls a volatile function (random()) or a source's own
 * function (FQ_F_SOURCE: fedq cannot tell). */
bool fq_expr_is_volatile(fq_expr *e);
/* Whether e calls a source's own function (FQ_F_SOURCE); the first such
 * call in *first when not NULL. */
bool fq_expr_calls_source(const fq_expr *e, const fq_func_expr **first);

/* Appends a readable rendering (for EXPLAIN and messages). */
void fq_expr_explain(const fq_expr *e, fq_strbuf *out);

#endif
