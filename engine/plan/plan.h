/*
 * plan.h — the logical plan, which the binder builds, the optimiser
 * rewrites (pushdown) and the executor runs.
 *
 * Every plan node lists its output columns as (rel, col) bindings with
 * types and names.  Once planning is done the tree is read-only; execution
 * state lives in a separate tree (exec/exec.h).
 */
#ifndef FQ_PLAN_H
#define FQ_PLAN_H

#include "fq.h"
#include "catalog/store.h"
#include "connectors/postgres/pg.h"
#include "core/nodes.h"
#include "plan/expr.h"
#include "sql/ast.h"

/* Where a table lives. */
typedef enum fq_source_kind
{
	FQ_SOURCE_WAREHOUSE,
	FQ_SOURCE_EXTERNAL
} fq_source_kind;

typedef struct fq_source
{
	fq_source_kind kind;
	const fq_ext_schema *ext; /* EXTERNAL: the schema's definition */
	const char *key;          /* same key = same server, database and
	                           * credentials: their tables can be joined
	                           * remotely */
	const char *label;        /* for messages: external schema "rds" */
} fq_source;

/* A table (or view) of the query: what a Scan reads. */
typedef struct fq_rte
{
	int rel;
	const char *alias;        /* the name the query sees */
	const char *schema;       /* fedq's schema name (external schema name) */
	const char *remote_schema; /* the schema name at the source */
	const char *table;
	const fq_source *source;
	const fq_pg_table *meta;  /* columns, from the source's catalog */
} fq_rte;

typedef struct fq_plan_col
{
	int rel;
	int col;
	fq_type type;
	const char *name;
	int nullable;            /* FQ_NULLABLE_* */
	/* Provenance, for result descriptions. */
	const fq_rte *base_rte;  /* NULL when computed */
	int base_col;
} fq_plan_col;

typedef struct fq_plan
{
	fq_node n;
	struct fq_plan *left;  /* the input of single-input operators */
	struct fq_plan *right;
	int nout;
	fq_plan_col *out;
	double est_rows;       /* rough row estimate (for EXPLAIN), -1 unknown */
} fq_plan;

/* Reads columns of one table; out[i].col is the table column ordinal - 1. */
typedef struct fq_plan_scan
{
	fq_plan p;
	fq_rte *rte;
} fq_plan_scan;

typedef struct fq_plan_filter
{
	fq_plan p;
	fq_expr *pred;
} fq_plan_filter;

struct fq_plan_remote;

/*
 * A dynamic filter: once a hash join has read its build side, the
 * distinct values of one build key go to the RemoteQuery on the probe
 * side that produces the matching probe column, as `column = ANY(values)`,
 * so the source sends only rows that can find a match.
 */
typedef struct fq_dyn_filter
{
	const struct fq_plan_remote *target; /* on the probe side */
	int target_col;                      /* the target's output column */
	fq_expr *build_key;                  /* over the build side's outputs */
	const fq_var *probe_key;             /* the join's probe key, for EXPLAIN */
	/* The target's estimated rows, and the distinct values of its column
	 * by the source's statistics (0: they say nothing), from which the
	 * join decides whether sending the values pays (fq_dyn_filter_pays);
	 * and the values the keys are drawn from: the most distinct values
	 * either key column has in its whole table (0: unknown). */
	double target_rows;
	double target_distinct;
	double domain;
} fq_dyn_filter;

/*
 * Joins left and right: outputs are left's then right's, or left's only
 * for SEMI (EXISTS, IN) and ANTI (NOT EXISTS, NOT IN) joins.  A
 * null_aware ANTI join is NOT IN: a NULL on the right makes no row pass.
 * INNER and SEMI joins may carry dynamic filters (pushdown.c).
 *
 * A SEMI or ANTI join with build_left hashes its left input and streams
 * the right, marking the left rows that find a match, then returns the
 * marked (SEMI) or unmarked (ANTI) ones: for a small outer query with a
 * large subquery (EXPLAIN: Hash Right Semi/Anti Join).  Never null_aware.
 */
typedef struct fq_plan_join
{
	fq_plan p;
	fq_join_type type;
	fq_expr *cond;   /* NULL for CROSS */
	bool null_aware;
	bool build_left;
	bool lateral;    /* LEFT join made from a correlated aggregate subquery
	                  * (the right side grouped by the correlation keys):
	                  * a source is sent LEFT JOIN LATERAL with the
	                  * correlation inside, so it looks up each outer row's
	                  * group as it would run the subquery itself */
	int ndyn;
	fq_dyn_filter *dyn;
} fq_plan_join;

/*
 * Computes one output column per expression: exprs[k] is out[k], whose
 * binding is (rel, i) with i the expression's number when the binder made
 * it.  Pruning drops the expressions nobody reads, so i and k may differ:
 * look outputs up by binding (fq_plan_project_expr).
 */
typedef struct fq_plan_project
{
	fq_plan p;
	int rel;
	int nexprs;     /* == p.nout */
	fq_expr **exprs;
} fq_plan_project;

/* Groups by `groups` (outputs (group_rel, i)) computing `aggs` (outputs
 * (agg_rel, j)); no groups = one row over everything. */
typedef struct fq_plan_agg
{
	fq_plan p;
	int group_rel;
	int agg_rel;
	int ngroups;
	fq_expr **groups;
	int naggs;
	fq_agg_expr **aggs;
	/*
	 * GROUPING SETS, ROLLUP, CUBE: each set is a mask of groups[] (bit i
	 * for groups[i]); every input row counts in one group per set, whose
	 * other grouping columns are NULL.  A last output column (group_rel,
	 * ngroups) then holds PostgreSQL's GROUPING(every grouping column) of
	 * the row's set: bit ngroups-1-i set when groups[i] is not in it.
	 * nsets 0: one set of every group (plain GROUP BY).
	 */
	int nsets;
	uint64_t *sets;
} fq_plan_agg;

typedef struct fq_sort_key
{
	fq_expr *expr;
	bool desc;
	bool nulls_first;
} fq_sort_key;

typedef struct fq_plan_sort
{
	fq_plan p;
	int nkeys;
	fq_sort_key *keys;
} fq_plan_sort;

typedef struct fq_plan_limit
{
	fq_plan p;
	fq_expr *limit;  /* NULL = no limit; a constant or parameter */
	fq_expr *offset; /* NULL = 0 */
} fq_plan_limit;

/* A subtree that runs at one source as one SQL statement. */
typedef struct fq_plan_remote
{
	fq_plan p;
	const fq_source *source;
	const char *sql;     /* a SELECT whose output columns are p.out */
	fq_plan *pushed;     /* the subtree it replaces, for EXPLAIN */
	bool has_params;     /* sql has parameter placeholders to fill */
} fq_plan_remote;

/*
 * Literal rows (SELECT without FROM, caller-built results, EXPLAIN), or
 * fedq's rows of a system view, which are listed when the query executes
 * (sources are read then, not when it is prepared: warnings about one that
 * cannot be reached come with the rows).
 */
typedef struct fq_plan_values
{
	fq_plan p;
	int rel;
	int nrows;
	fq_expr ***rows; /* nrows arrays of nout expressions */
	const struct fq_sysview *sysview; /* not NULL: rows come from it at execution */
} fq_plan_values;

/*
 * UNION ALL: the rows of inputs[0], then of inputs[1], ...  A chain of
 * UNION ALL (or of UNION) is one Append with an input per arm, however
 * long, so no pass recurses once per arm; left and right are NULL.
 * Outputs are (rel, i); input k's out[j] is the Append's out[j], of
 * exactly its type (the binder casts each input in a Project, and inputs
 * stay Projects until pushdown, which rewrite.c relies on).  Pruning
 * keeps them lined up.  UNION, INTERSECT and EXCEPT are built on it
 * (plan/bind/setop.c, bind_setop).
 */
typedef struct fq_plan_append
{
	fq_plan p;
	int rel;
	int ninputs;
	struct fq_plan **inputs;
} fq_plan_append;

/*
 * Window functions over the input's rows: outputs are the input's, then
 * (rel, j) for funcs[j] (pruning keeps the functions read above).  A
 * Window whose rows one source holds is sent to it (deparse.c), with every
 * function in funcs; any other runs in fedq (exec/window.c).
 */
typedef struct fq_plan_window
{
	fq_plan p;
	int rel;
	int nfuncs;
	fq_window_expr **funcs;
} fq_plan_window;

/*
 * SELECT DISTINCT ON: of each run of rows equal in `keys` (NULLs equal),
 * the first.  Its input is the Sort whose first keys are `keys` (the
 * binder builds it so), so each group's rows come together and the first
 * is the one the ORDER BY puts first; a source runs the pair as SELECT
 * DISTINCT ON (keys) ... ORDER BY ....  Outputs are the input's.
 */
typedef struct fq_plan_unique
{
	fq_plan p;
	int nkeys;
	fq_expr **keys;  /* over the input's outputs */
} fq_plan_unique;

/*
 * INTERSECT ALL and EXCEPT ALL (PostgreSQL's HashSetOp): a row that the
 * left input has m times and the right n times (rows compared with NULLs
 * equal) comes out min(m, n) times for INTERSECT ALL, max(m - n, 0) times
 * for EXCEPT ALL.  left and right produce its columns by position, of
 * exactly its types (the binder's Projects, as an Append's inputs);
 * outputs are (rel, i) for input column i, and every column counts, so
 * pruning keeps them all.  INTERSECT and EXCEPT without ALL group a
 * tagged Append instead (plan/bind/setop.c).
 */
typedef struct fq_plan_setop
{
	fq_plan p;
	int rel;
	fq_setop_kind op; /* FQ_SETOP_INTERSECT or FQ_SETOP_EXCEPT */
} fq_plan_setop;

/*
 * FROM a, LATERAL (subquery) s: for each row of left, the subquery (right)
 * runs with the row's values in its exec params -- params[i] takes args[i],
 * an expression over left's outputs -- and its rows are joined to the row:
 * INNER (those where cond holds; a comma or CROSS JOIN has none) or LEFT
 * (the row with NULLs when none does).  Outputs: left's, then right's.
 * PostgreSQL's nested loop with parameters.
 */
typedef struct fq_plan_apply
{
	fq_plan p;
	fq_join_type type; /* FQ_JOIN_INNER or FQ_JOIN_LEFT */
	fq_expr *cond;     /* NULL: every row */
	int nargs;
	fq_expr **args;
	int *params;       /* exec param numbers */
} fq_plan_apply;

/*
 * A recursive CTE (WITH RECURSIVE): the rows of left (its non-recursive
 * term), then those right (its recursive term) makes from the previous
 * step's rows -- which right's WorkTable scan of the same id reads --
 * step after step until a step makes none.  UNION (all false) keeps each
 * row once over every step.  Outputs (rel, i).
 */
typedef struct fq_plan_recursive
{
	fq_plan p;
	int rel;
	int id;
	bool all;
	const char *name; /* the CTE's, for EXPLAIN and the SQL sent */
} fq_plan_recursive;

/* The previous step's rows of the recursive CTE `id`.  Outputs (rel, i). */
typedef struct fq_plan_worktable
{
	fq_plan p;
	int rel;
	int id;
	const char *name;
} fq_plan_worktable;

/*
 * generate_series(start, stop [, step]) in FROM, of integer, bigint,
 * numeric, timestamp or timestamptz (with an interval step) -- one output
 * column (rel, 0) of the result type.  Its arguments are constants,
 * parameters or exec params (the FROM items before it: an Apply).
 */
typedef struct fq_plan_funcscan
{
	fq_plan p;
	int rel;
	int nargs;
	fq_expr **args;    /* already of the signature's types */
	const char *name;  /* the function's, for EXPLAIN */
} fq_plan_funcscan;

/*
 * An external input copied into a warehouse temporary table (ship.c): the
 * RemoteQuery `input` runs at its source and its rows go, COPYed, into
 * `table`; inside the warehouse's query the node reads that table, its
 * outputs being input's (the deparser maps them to the table's columns
 * c0, c1, ...).  Only ever inside the `pushed` tree of the RemoteQuery a
 * Ship runs.
 */
typedef struct fq_plan_shipped
{
	fq_plan p;
	int id;                      /* fq_ship_<id> */
	const char *table;           /* "fq_ship_<id>" */
	const fq_source *source;     /* the warehouse's */
	fq_plan_remote *input;       /* at an external source */
} fq_plan_shipped;

/*
 * A cross-source part of the query run by the warehouse (ship.c): first
 * each shipped input is copied into its temporary table, then left -- a
 * RemoteQuery on the warehouse reading those tables and the warehouse's
 * own -- returns the rows.  Outputs are left's.
 */
typedef struct fq_plan_ship
{
	fq_plan p;
	int nship;
	fq_plan_shipped **ship;
	const char *reason;          /* why (EXPLAIN): "ShipToWarehouse=always", ... */
} fq_plan_ship;

/*
 * A reference to a CTE (WITH name AS (query)) that the statement computes
 * once (plan/cte.c): the rows of the statement's ctes[id], stored when
 * first read; out[k] is the CTE's column cols[k] (pruning drops columns
 * nobody reads).  When one source runs the CTE's whole plan, a part of the
 * query that reads it there is sent with the CTE in its WITH clause
 * (deparse.c), and the source computes it once for that statement.  From binding until fq_plan_ctes decides, left is the
 * CTE's query bound for this reference -- what the reference becomes
 * when the CTE is not computed once -- and out is left's.
 */
typedef struct fq_plan_ctescan
{
	fq_plan p;
	int id;
	const char *name;     /* the CTE's, for EXPLAIN */
	struct fq_plan **cte; /* &st->ctes[id]: its plan, once planned */
	int *cols;
	int materialized;     /* the query said AS MATERIALIZED (1), AS NOT
	                       * MATERIALIZED (-1), neither (0) */
	bool fedq_only;       /* computed in fedq, never sent along to a
	                       * source: its query calls a volatile function
	                       * (every reference must read the same rows), or
	                       * sources would compute it more than once
	                       * (st->cte_local) */
	bool top;             /* defined in the statement's own query or a
	                       * derived table of it, not in a subquery
	                       * expression */
} fq_plan_ctescan;

/* Allocates a plan node with nout output slots. */
void *fq_plan_new(fq_arena *a, size_t size, fq_node_tag tag, int nout);
#define FQ_MAKE_PLAN(a, type, tag, nout) ((type *) fq_plan_new((a), sizeof(type), (tag), (nout)))

/* An Append with nout outputs and room for ninputs inputs (all NULL). */
fq_plan_append *fq_plan_new_append(fq_arena *a, int nout, int ninputs);

/* A join of left and right: its outputs are left's, then right's unless
 * SEMI or ANTI; NULL when a runs out. */
fq_plan *fq_plan_new_join(fq_arena *a, fq_plan *left, fq_plan *right, fq_join_type type,
						  fq_expr *cond);

/*
 * The inputs of a node, for passes that treat them alike: an Append's
 * inputs, else left and right (those that are set).  Each is a slot the
 * pass may replace.
 */
int fq_plan_ninputs(const fq_plan *p);
struct fq_plan **fq_plan_input(fq_plan *p, int i);

/* Position of binding (rel, col) in a node's outputs, -1 if absent. */
int fq_plan_find_col(const fq_plan *p, int rel, int col);

/* The expression computing binding (pr->rel, col), NULL if pruned or absent. */
fq_expr *fq_plan_project_expr(const fq_plan_project *pr, int col);

/* True if e reads columns, every one of them an output of p. */
bool fq_plan_provides(const fq_plan *p, const fq_expr *e);

/* Calls fn on each expression held directly by the node (not children). */
bool fq_plan_walk_exprs(fq_plan *p, fq_expr_walker fn, void *ctx);

/* Replaces each expression held directly by the node with its
 * fq_expr_mutate(fn) copy (in a); false when that fails (out of memory). */
bool fq_plan_mutate_exprs(fq_arena *a, fq_plan *p, fq_expr_mutator fn, void *ctx);

#endif
