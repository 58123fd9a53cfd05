/*
 * ast.h — the parse tree: what the statement says, before any name is
 * resolved or any type is known.
 *
 * Nodes are allocated in the statement's arena and never freed one by one.
 * Names are stored as the lexer normalised them (folded unless quoted).
 * `location` is the byte offset where the construct starts, for messages.
 */
#ifndef FQ_AST_H
#define FQ_AST_H

#include "core/list.h"
#include "core/nodes.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fq_raw_type_name
{
	fq_node n;
	const char *name; /* "integer", "character varying", "double precision" */
	int32_t mods[2];
	int nmods;
} fq_raw_type_name;

/* ---- SELECT ---- */

typedef struct fq_select_stmt
{
	fq_node n;
	fq_list *with;      /* fq_raw_cte */
	bool distinct;
	fq_list *distinct_on; /* DISTINCT ON (expressions); distinct is false */
	fq_list *targets;   /* fq_raw_target */
	fq_list *from;      /* fq_raw_range_var, fq_raw_range_subselect, fq_raw_join */
	fq_node *where;
	fq_list *group_by;  /* expressions and fq_raw_grouping_set */
	bool group_distinct; /* GROUP BY DISTINCT: each grouping set once */
	fq_node *having;
	fq_list *windows;   /* WINDOW clause: fq_raw_window with names */
	fq_list *order_by;  /* fq_raw_sort_by */
	fq_node *limit;     /* expression, NULL = none (LIMIT ALL) */
	fq_node *offset;
	bool top;           /* the limit came from Redshift's SELECT TOP n */
	/* VALUES (...), (...): the rows, each an fq_list of expressions, all
	 * of one length; the statement has no targets, FROM, WHERE, GROUP BY
	 * or HAVING then (ORDER BY, LIMIT, OFFSET and WITH it may have) */
	fq_list *values;
} fq_select_stmt;

typedef enum fq_setop_kind
{
	FQ_SETOP_UNION,
	FQ_SETOP_INTERSECT,
	FQ_SETOP_EXCEPT
} fq_setop_kind;

/*
 * inputs[0] op inputs[1] op ...: a chain of one operation, left to right.
 * The parser makes one node of a chain of UNION ALL (or of UNION), which
 * means the same as the nested pairs SQL's grammar gives, so that passes
 * over a 5,000-arm union do not recurse 5,000 times.  INTERSECT and
 * EXCEPT always have two inputs.
 */
typedef struct fq_setop_stmt
{
	fq_node n;
	fq_list *with;
	fq_setop_kind op;
	bool all;
	fq_list *inputs; /* fq_select_stmt or fq_setop_stmt, at least two */
	fq_list *order_by;
	fq_node *limit;
	fq_node *offset;
} fq_setop_stmt;

typedef struct fq_raw_cte
{
	fq_node n;
	const char *name;
	fq_list *col_names; /* const char * */
	fq_node *query;
	bool recursive;     /* in WITH RECURSIVE: may read itself */
	int materialized;   /* AS MATERIALIZED 1, AS NOT MATERIALIZED -1, else 0 */
} fq_raw_cte;

typedef struct fq_raw_target
{
	fq_node n;
	fq_node *expr;     /* may be an fq_raw_star */
	const char *alias; /* NULL when none */
} fq_raw_target;

typedef struct fq_raw_range_var
{
	fq_node n;
	const char *catalog; /* NULL when not written */
	const char *schema;  /* NULL when not written */
	const char *name;
	const char *alias;
	fq_list *col_aliases;
} fq_raw_range_var;

/* A function call in FROM: name(args) [AS] alias[(column)] */
typedef struct fq_raw_range_function
{
	fq_node n;
	fq_node *func;      /* fq_raw_func */
	const char *alias;
	fq_list *col_aliases;
} fq_raw_range_function;

typedef struct fq_raw_range_subselect
{
	fq_node n;
	fq_node *query;
	const char *alias;
	fq_list *col_aliases;
	bool lateral;       /* LATERAL (subquery): sees the FROM items before it */
} fq_raw_range_subselect;

typedef enum fq_join_type
{
	FQ_JOIN_INNER,
	FQ_JOIN_LEFT,
	FQ_JOIN_RIGHT,
	FQ_JOIN_FULL,
	FQ_JOIN_CROSS,
	FQ_JOIN_SEMI, /* planner-made, from EXISTS / IN */
	FQ_JOIN_ANTI
} fq_join_type;

typedef struct fq_raw_join
{
	fq_node n;
	fq_join_type type;
	bool natural;
	fq_node *left;
	fq_node *right;
	fq_node *quals;      /* ON condition */
	fq_list *using_cols; /* const char * */
	const char *alias;
} fq_raw_join;

enum
{
	FQ_NULLS_DEFAULT = 0,
	FQ_NULLS_FIRST,
	FQ_NULLS_LAST
};

typedef struct fq_raw_sort_by
{
	fq_node n;
	fq_node *expr;
	bool desc;
	int nulls; /* FQ_NULLS_* */
} fq_raw_sort_by;

/* ---- Expressions ---- */

typedef struct fq_raw_column_ref
{
	fq_node n;
	fq_list *fields; /* const char *: [catalog.][schema.][table.]column */
} fq_raw_column_ref;

typedef struct fq_raw_star
{
	fq_node n;
	fq_list *qualifier; /* NULL for a bare *, else [schema.]table */
} fq_raw_star;

typedef enum fq_const_kind
{
	FQ_CONST_INTEGER, /* text holds the digits */
	FQ_CONST_NUMBER,  /* text holds the literal as written */
	FQ_CONST_STRING,
	FQ_CONST_BOOL,
	FQ_CONST_NULL
} fq_const_kind;

typedef struct fq_raw_const
{
	fq_node n;
	fq_const_kind kind;
	const char *text;
	size_t len;
	bool bval;
} fq_raw_const;

typedef struct fq_raw_param
{
	fq_node n;
	int number; /* 1-based; ? markers are numbered in order of appearance */
} fq_raw_param;

/* A prefix (left NULL) or infix operator written as a symbol: = + || ... */
typedef struct fq_raw_op
{
	fq_node n;
	const char *op;
	fq_node *left;
	fq_node *right;
} fq_raw_op;

/* A row constructor: (a, b, ...) or ROW(a, ...). */
typedef struct fq_raw_row
{
	fq_node n;
	fq_list *args;
} fq_raw_row;

typedef enum fq_bool_kind
{
	FQ_BOOL_AND,
	FQ_BOOL_OR,
	FQ_BOOL_NOT
} fq_bool_kind;

typedef struct fq_raw_bool
{
	fq_node n;
	fq_bool_kind kind;
	fq_list *args;
} fq_raw_bool;

/* Frame bounds of a window: ROWS/RANGE BETWEEN start AND end. */
typedef enum fq_frame_bound
{
	FQ_BOUND_DEFAULT = 0,        /* no frame clause */
	FQ_BOUND_UNBOUNDED_PRECEDING,
	FQ_BOUND_PRECEDING,          /* offset PRECEDING */
	FQ_BOUND_CURRENT_ROW,
	FQ_BOUND_FOLLOWING,          /* offset FOLLOWING */
	FQ_BOUND_UNBOUNDED_FOLLOWING
} fq_frame_bound;

typedef enum fq_frame_kind
{
	FQ_FRAME_DEFAULT = 0,
	FQ_FRAME_ROWS,
	FQ_FRAME_RANGE,
	FQ_FRAME_GROUPS
} fq_frame_kind;

/* EXCLUDE ...: the rows a frame leaves out around the current row. */
typedef enum fq_frame_exclude
{
	FQ_EXCLUDE_NO_OTHERS = 0,
	FQ_EXCLUDE_CURRENT_ROW,
	FQ_EXCLUDE_GROUP,    /* the current row and its peers */
	FQ_EXCLUDE_TIES      /* its peers, not the row itself */
} fq_frame_exclude;

/*
 * A GROUP BY item that is not one expression: ROLLUP (...), CUBE (...),
 * GROUPING SETS (...), the empty set (), and -- among the elements of
 * those -- a parenthesised list of expressions grouped as one.
 */
typedef enum fq_gset_kind
{
	FQ_GSET_EMPTY,  /* () */
	FQ_GSET_LIST,   /* (a, b): items are expressions */
	FQ_GSET_ROLLUP, /* items: expressions or LISTs */
	FQ_GSET_CUBE,
	FQ_GSET_SETS    /* items: expressions or any of these */
} fq_gset_kind;

typedef struct fq_raw_grouping_set
{
	fq_node n;
	fq_gset_kind kind;
	fq_list *items;
} fq_raw_grouping_set;

/* OVER ([PARTITION BY ...] [ORDER BY ...] [ROWS|RANGE frame]) */
typedef struct fq_raw_window
{
	fq_node n;
	fq_list *partition_by; /* expressions */
	fq_list *order_by;     /* fq_raw_sort_by */
	fq_frame_kind frame;
	fq_frame_bound start;
	fq_frame_bound end;    /* CURRENT ROW when only a start is given */
	fq_node *start_offset;
	fq_node *end_offset;
	fq_frame_exclude exclude;
	const char *name;      /* WINDOW name AS (...): the name it defines */
	const char *refname;   /* OVER (name ...) or OVER name: the window it copies */
	bool bare;             /* OVER name, without parentheses */
} fq_raw_window;

typedef struct fq_raw_func
{
	fq_node n;
	const char *schema; /* NULL when unqualified */
	const char *name;
	fq_list *args;
	bool star;          /* count(*) */
	bool distinct;      /* count(DISTINCT x) */
	bool special;       /* CURRENT_DATE and friends: no parentheses */
	fq_list *agg_order; /* string_agg(x, ',' ORDER BY y), or WITHIN GROUP's
						 * (fq_raw_sort_by) */
	bool within_group;  /* the order came from WITHIN GROUP (ORDER BY ...) */
	fq_node *filter;    /* FILTER (WHERE ...) */
	bool over;          /* a window function call: OVER (...) */
	fq_raw_window *window;
} fq_raw_func;

typedef struct fq_raw_cast
{
	fq_node n;
	fq_node *arg;
	fq_raw_type_name *type;
} fq_raw_cast;

typedef struct fq_raw_when
{
	fq_node n;
	fq_node *cond;
	fq_node *result;
} fq_raw_when;

typedef struct fq_raw_case
{
	fq_node n;
	fq_node *arg;      /* CASE arg WHEN ...; NULL for searched CASE */
	fq_list *whens;    /* fq_raw_when */
	fq_node *else_expr;
} fq_raw_case;

typedef struct fq_raw_null_test
{
	fq_node n;
	fq_node *arg;
	bool is_not;
} fq_raw_null_test;

typedef enum fq_booltest_kind
{
	FQ_IS_TRUE,
	FQ_IS_NOT_TRUE,
	FQ_IS_FALSE,
	FQ_IS_NOT_FALSE,
	FQ_IS_UNKNOWN,
	FQ_IS_NOT_UNKNOWN
} fq_booltest_kind;

typedef struct fq_raw_bool_test
{
	fq_node n;
	fq_node *arg;
	fq_booltest_kind kind;
} fq_raw_bool_test;

typedef struct fq_raw_in
{
	fq_node n;
	fq_node *arg;
	fq_list *list;      /* x IN (a, b, c) */
	fq_node *subquery;  /* x IN (SELECT ...) */
	bool is_not;
} fq_raw_in;

typedef struct fq_raw_between
{
	fq_node n;
	fq_node *arg;
	fq_node *lo;
	fq_node *hi;
	bool is_not;
	bool symmetric;
} fq_raw_between;

typedef struct fq_raw_like
{
	fq_node n;
	fq_node *arg;
	fq_node *pattern;
	fq_node *escape;   /* NULL: the default backslash */
	bool is_not;
	bool ilike;
	bool similar;
} fq_raw_like;

typedef enum fq_sublink_kind
{
	FQ_SUBLINK_EXISTS,
	FQ_SUBLINK_SCALAR,
	FQ_SUBLINK_ANY,  /* x op ANY (SELECT ...) */
	FQ_SUBLINK_ALL
} fq_sublink_kind;

typedef struct fq_raw_sublink
{
	fq_node n;
	fq_sublink_kind kind;
	fq_node *test_expr; /* ANY/ALL: the left operand */
	const char *op;     /* ANY/ALL: the operator */
	fq_node *subquery;
	bool is_array;      /* x op ANY|ALL (ARRAY[...]): no subquery, */
	fq_list *array;     /* the array's elements (NULL for ARRAY[]) */
} fq_raw_sublink;

/* ---- fedq's own statements ---- */

typedef struct fq_create_ext_schema_stmt
{
	fq_node n;
	const char *name;
	bool if_not_exists;
	const char *database;
	const char *schema;     /* default "public" */
	const char *uri;
	int port;               /* default 5432 */
	const char *iam_role;   /* NULL, "default" or the ARN chain */
	const char *secret_arn; /* NULL, an ARN or "file:/path" */
	/* TLS to the source (fedq's extension); NULL = the connection keys'
	 * SourceSSL* defaults, else libpq's environment */
	const char *sslmode;
	const char *sslrootcert;
	const char *sslcert;
	const char *sslkey;
} fq_create_ext_schema_stmt;

typedef struct fq_drop_schema_stmt
{
	fq_node n;
	fq_list *names;  /* fq_raw_range_var with only `name` set */
	bool if_exists;
	bool cascade;
} fq_drop_schema_stmt;

/* CREATE [OR REPLACE] VIEW name [(cols)] AS query [WITH NO SCHEMA BINDING] */
typedef struct fq_create_view_stmt
{
	fq_node n;
	fq_raw_range_var *view;  /* schema NULL when not written */
	fq_list *cols;           /* const char *, NULL when not written */
	fq_node *query;
	const char *query_sql;   /* the query's text as written */
	bool or_replace;
	bool no_schema_binding;
} fq_create_view_stmt;

/* DROP [MATERIALIZED] VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT] */
typedef struct fq_drop_view_stmt
{
	fq_node n;
	fq_list *names;  /* fq_raw_range_var */
	bool if_exists;
	bool cascade;
	bool materialized;
} fq_drop_view_stmt;

/*
 * INSERT INTO t [(cols)] query, and CREATE TABLE t [(cols)] AS query
 * [WITH [NO] DATA] (create): rows of a query into a warehouse table.
 */
typedef struct fq_insert_stmt
{
	fq_node n;
	fq_raw_range_var *target;
	fq_list *cols;           /* const char *, NULL when not written */
	fq_node *query;
	bool create;
	bool no_data;            /* WITH NO DATA */
	bool matview;            /* CREATE MATERIALIZED VIEW (create is set) */
} fq_insert_stmt;

/* REFRESH MATERIALIZED VIEW name */
typedef struct fq_refresh_stmt
{
	fq_node n;
	fq_raw_range_var *view;
} fq_refresh_stmt;

typedef struct fq_explain_stmt
{
	fq_node n;
	bool analyze;
	bool verbose;
	fq_node *stmt;
} fq_explain_stmt;

/*
 * Calls fn on each direct child of a parse-tree node (expressions, clauses
 * and subqueries alike); stops and returns true as soon as fn does.
 * fn decides whether to recurse by calling fq_raw_walk_children itself.
 */
typedef bool (*fq_raw_walker)(fq_node *node, void *ctx);
bool fq_raw_walk_children(fq_node *node, fq_raw_walker fn, void *ctx);

/* Whether two parse trees are written alike (locations aside). */
bool fq_raw_equal(const fq_node *a, const fq_node *b);

#endif
