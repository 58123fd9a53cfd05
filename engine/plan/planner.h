/*
 * planner.h — from parse tree to an executable plan.
 *
 *   fq_bind_query   resolve names against the one catalog, type every
 *                   expression, build the logical plan (plan/bind/)
 *   fq_plan_sublinks subqueries in expressions → joins, initplans,
 *                   subplans (sublink.c)
 *   fq_optimize     push work down to the sources: every maximal subtree
 *                   one source can run becomes a RemoteQuery (pushdown.c,
 *                   with the SQL from deparse.c)
 *   fq_explain      the plan as text lines (explain.c)
 */
#ifndef FQ_PLANNER_H
#define FQ_PLANNER_H

#include "engine.h"
#include "plan/plan.h"

/*
 * Binds a SELECT or set operation.  *warehouse_only is set when every table
 * it reads lives in the warehouse (the caller then sends the original text
 * to the warehouse instead of planning it); with warehouse_only NULL such
 * a query is bound too.
 */
int fq_bind_query(fq_stmt *st, fq_node *ast, fq_plan **out, bool *warehouse_only,
				  fq_diags *d);

/*
 * The late-binding view (or with `materialized` the materialized view) of
 * the catalog store a table name names, or *out NULL: a written schema
 * names it there; an unqualified name is the view of the first SearchPath
 * schema that has a view of that kind or a table of that name.
 */
int fq_find_view(fq_session *s, const char *schema, const char *name, bool materialized,
				 fq_arena *a, const fq_view_def **out, fq_diags *d);

/*
 * A view's output columns (names, types, nullability), by binding its
 * definition as a query would: what catalog listings show.  Leaves st's
 * prepared statement as it was.
 */
int fq_bind_view_columns(fq_stmt *st, const fq_view_def *v, fq_arena *a, fq_plan_col **cols,
						 int *ncols, fq_diags *d);

/*
 * Which CTEs the statement computes once (their plans in st->ctes, read
 * by CTE Scans) and which it inlines (cte.c): the first pass after
 * binding.
 */
int fq_plan_ctes(fq_stmt *st, fq_plan **plan, fq_diags *d);
/*
 * After planning: whether a CTE sent along to sources would be computed
 * more than once (by several remote queries, or by them and fedq) though
 * its rows are few enough to move (plan/cte.c); those are marked in
 * st->cte_local, and the statement should be planned again.  -1 when
 * memory runs out.
 */
int fq_ctes_to_fedq(fq_stmt *st, fq_diags *d);
/* Whether fedq itself reads CTE id (a CTE Scan outside remote queries):
 * EXPLAIN shows its plan then. */
bool fq_cte_read_in_fedq(fq_stmt *st, int id);

/*
 * Subqueries in expressions become joins, initplans or per-row subplans
 * (sublink.c): the first pass after binding, before fq_optimize.
 */
int fq_plan_sublinks(fq_stmt *st, fq_plan **plan, fq_diags *d);

/* Moves filter conditions down through joins (rewrite.c). */
int fq_rewrite_filters(fq_stmt *st, fq_plan **plan, fq_diags *d);

/*
 * Reorders each region of inner and cross joins: tables of one source
 * linked by conditions are joined together first, then the parts join
 * largest first, smaller ones as hash join build sides (joinorder.c).
 */
int fq_order_joins(fq_stmt *st, fq_plan **plan, bool pushdown, fq_diags *d);

/*
 * Estimates from the sources' statistics (estimate.c), for the planner's
 * choices only: the rows p returns; the fraction of the rows of `inputs`
 * (of the cross product of several) that pred keeps, rows[i] being
 * inputs[i]'s; the distinct values of e over p's rows.  st may be NULL
 * (no constant expression is then evaluated).
 */
double fq_est_rows(fq_stmt *st, const fq_plan *p);
double fq_est_sel(fq_stmt *st, const fq_plan *const *inputs, const double *rows, int ninputs,
				  const fq_expr *pred);
double fq_est_distinct(fq_stmt *st, const fq_plan *p, double rows, const fq_expr *e);
/* The distinct values of p's output column k by the source's statistics
 * (at most p's estimated rows), 0 when they say nothing about it. */
double fq_est_col_distinct(fq_stmt *st, const fq_plan *p, int k);
/*
 * Whether a dynamic filter of nvalues distinct values pays: what the
 * source would not send (the target's rows whose value is none of them,
 * if those values are among the column's) against the cost of the
 * values.  A few values always go: they cost nothing, and the statistics
 * may be out of date.
 */
bool fq_dyn_filter_pays(const fq_dyn_filter *df, double nvalues);
/* The distinct values a target row's key is taken to be one of. */
double fq_dyn_filter_domain(const fq_dyn_filter *df);
/* The distinct values column e of p's outputs has in its whole table by
 * the source's statistics, 0 when unknown. */
double fq_est_domain(fq_stmt *st, const fq_plan *p, const fq_expr *e);
/*
 * Whether a source should run inner (a grouped side, LEFT-joined to outer
 * on cond: a correlated aggregate subquery) per outer row, correlated
 * again as LEFT JOIN LATERAL: only when an index of its table serves the
 * correlation columns and the outer rows' lookups read fewer rows than
 * grouping inner once.
 */
bool fq_est_lateral_pays(fq_stmt *st, const fq_plan *outer, const fq_plan *inner,
						 const fq_expr *cond);
/*
 * A source's reads of leaf when it is one table (filtered or not): the
 * rows of the table it reads whole (-1 when not one table, or unknown);
 * the rows one lookup reads through the table's best index whose leading columns
 * the equalities eqs bind (each with one side a column of leaf, the other
 * reading none of leaf's), or -1 when no index serves them or leaf is not
 * one table.
 */
double fq_est_table_rows(const fq_plan *leaf);
double fq_est_index_lookup(const fq_plan *leaf, fq_expr *const *eqs, int neqs);

/* The source that can run all of p (with pushdown off, only a lone
 * table scan runs at a source), or NULL. */
const fq_source *fq_plan_runs_at(fq_plan *p, bool pushdown);
/* Both non-NULL and the same server, database and credentials. */
bool fq_same_source(const fq_source *a, const fq_source *b);
/* True if p reads no table (a VALUES list and what is computed over it)
 * and any source could run it: it runs_at no source, but a join with
 * condition, a UNION ALL, INTERSECT ALL or EXCEPT ALL with a part one
 * source runs runs there whole. */
bool fq_plan_floats(fq_plan *p);

/*
 * Eager aggregation (eager.c): an Aggregate over a join of one source's
 * part with others that match its rows at most once is split in two, the
 * first step grouped at that source, when the statistics say it sends far
 * fewer rows.  New relations are numbered from *next_rel + 1.  With
 * Pushdown on only.
 */
int fq_eager_aggs(fq_stmt *st, fq_plan *plan, int *next_rel, fq_diags *d);

int fq_optimize(fq_stmt *st, fq_plan *plan, fq_plan **out, fq_diags *d);

/*
 * ShipToWarehouse (ship.c): after pushdown, each cross-source part of the
 * plan that the decision sends to the warehouse becomes a Ship node -- its
 * external inputs copied into warehouse temporary tables, the rest one
 * RemoteQuery on the warehouse.
 */
int fq_ship_plan(fq_stmt *st, fq_plan **plan, fq_diags *d);
/*
 * The same for a plan that ran out of MemoryLimit before returning a row
 * under ShipToWarehouse=auto: every cross-source part the warehouse can
 * run ships.  *shipped tells whether one did (the plan is unchanged if
 * not).
 */
int fq_ship_plan_after_limit(fq_stmt *st, fq_plan **plan, bool *shipped, fq_diags *d);
int fq_finish_remote_sql(fq_stmt *st, fq_diags *d);

/*
 * PostgreSQL's SQL for a subtree that runs at one source, its output
 * columns in plan->out order.  fq_deparse prints parameters as $n and the
 * clock as CURRENT_TIMESTAMP (for EXPLAIN before execution);
 * fq_deparse_remote, given the execution context, sends their values.
 */
const char *fq_deparse(fq_stmt *st, const fq_plan *plan, fq_diags *d);
struct fq_exec_ctx;
struct fq_dyn_values;
const char *fq_deparse_remote(fq_stmt *st, const fq_plan *plan, struct fq_exec_ctx *ctx,
							  fq_arena *a, fq_diags *d);
/*
 * The same with dynamic filters (exec.h) added as `column = ANY(array)`
 * conditions; with `shorten`, for EXPLAIN and the log, arrays of more than
 * a few values show the first ones and the count (not valid SQL then).
 */
const char *fq_deparse_filtered(fq_stmt *st, const fq_plan *plan, struct fq_exec_ctx *ctx,
								const struct fq_dyn_values *filters, bool shorten,
								fq_arena *a, fq_diags *d);

/*
 * The call fq_pg_describe_call asks a source about, for a source's own
 * function (expr.h, fq_source_func) with these arguments: each a typed
 * parameter of the type the call will send it as ($1::integer), an
 * untyped literal as written.  NULL when `a` runs out.
 */
const char *fq_deparse_source_probe(fq_arena *a, const fq_source_func *fn, fq_expr *const *args,
									int nargs);

/* Appends the plan's EXPLAIN lines (const char *) to *lines. */
typedef struct fq_exec_state fq_exec_state;
int fq_explain(fq_stmt *st, const fq_plan *plan, const fq_exec_state *analyzed,
			   fq_list **lines, fq_diags *d);

#endif
