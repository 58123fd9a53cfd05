/*
 * exec.h — the vectorised pull executor.
 *
 * fq_exec_start builds an execution-state tree parallel to the (read-only)
 * plan: one state per plan node, each with the same three functions
 * (next, end, and the init done here).  Each next() returns a batch of up
 * to FQ_BATCH_ROWS rows as column vectors.  Batches are valid until the
 * next call on the same operator; scans stream, so memory stays flat while
 * rows flow (sort and window are the exceptions: they hold their input).
 *
 * Operators: remote.c (RemoteQuery and Scan), filter.c, project.c,
 * sort.c, limit.c, values.c, agg.c, join.c, append.c, window.c,
 * unique.c (DISTINCT ON), setop.c (INTERSECT ALL, EXCEPT ALL), apply.c
 * (LATERAL), recursive.c (WITH RECURSIVE), funcscan.c (generate_series),
 * ship.c (inputs COPYed into the warehouse, which runs the rest).
 * Expressions: eval.c; aggregate accumulators (agg.c, window.c): aggacc.c.
 */
#ifndef FQ_EXEC_H
#define FQ_EXEC_H

#include "engine.h"
#include "plan/plan.h"

typedef struct fq_exec_node fq_exec_node;

/* Shared by every operator of one execution. */
typedef struct fq_exec_ctx
{
	fq_stmt *st;
	fq_session *s;
	fq_arena *arena;        /* execution lifetime */
	fq_diags *d;
	const fq_value *params;
	int nparams;
	int64_t now_usecs;      /* current_timestamp, fixed for the statement */
	bool analyze;           /* count rows and time per operator */
	/* Sources this query opened a read transaction on: one snapshot per
	 * source for the whole query, ended by fq_exec_end. */
	int nreads;
	fq_pg_conn *reads[8];
	/* Values of the statement's uncorrelated scalar subqueries (initplans),
	 * each computed when first read (fq_exec_initplan). */
	int ninit;
	fq_value *initvals;
	struct fq_exec_node **initnodes; /* their state trees, for EXPLAIN ANALYZE
									  * (NULL: not run) */
	bool *initdone;                  /* initvals[i] is computed */
	struct fq_inlist *inlists; /* sorted long IN lists (inlist.c) */
	/* Subqueries run per row (subplan.c): the exec params their rows'
	 * values go into, and each one's cache of answers. */
	int nxparams;
	fq_value *xparams;
	int nsubplans;
	struct fq_subplan_state **subplans;
	/* WITH RECURSIVE (recursive.c): each recursive CTE's previous step,
	 * which its WorkTable scans read. */
	int nworktables;
	struct fq_worktable **worktables;
	/* CTEs computed once (ctescan.c): each one's stored rows, made when
	 * a CTE Scan first reads them. */
	int nctes;
	struct fq_cte_store **ctes;
	struct fq_cte_store *dead_ctes; /* failed part-way, freed at the end */
	/* ShipToWarehouse=auto may still send the query to the warehouse
	 * (stmt.c, ship_after_limit): until its first row, the first operator
	 * about to spill fails with 53200 instead (spill_deferred), and the
	 * query runs again there -- or here, spilling, when nothing ships. */
	bool spill_defer;
	bool spill_deferred;
	/* Every operator state made, newest first (through all_next): what
	 * fq_exec_end ends even when building the tree failed half-way and
	 * the root never came to be. */
	struct fq_exec_node *all;
} fq_exec_ctx;

struct fq_exec_node
{
	const fq_plan *plan;
	fq_exec_ctx *ctx;
	fq_exec_node *left;
	fq_exec_node *right;
	/* An Append's inputs (left and right are NULL then). */
	int ninputs;
	fq_exec_node **inputs;
	/* 1 with *out, 0 at the end, FQ_ERROR on failure. */
	int (*next)(fq_exec_node *node, const fq_batch **out);
	void (*end)(fq_exec_node *node);
	fq_exec_node *all_next; /* fq_exec_ctx.all */
	bool done;
	bool started;           /* next() was called */
	/* EXPLAIN ANALYZE */
	uint64_t rows;
	uint64_t batches;
	double seconds;
	uint64_t bytes;         /* remote operators: bytes received */
	uint64_t spill_bytes;   /* sort, join, aggregate: written to temporary files */
	uint32_t spill_files;
	uint32_t spill_passes;  /* join: extra passes over a probe partition
	                         * (a partition joined in chunks) */
};

struct fq_exec_state
{
	fq_exec_ctx ctx;
	fq_exec_node *root;
};

int fq_exec_start(fq_stmt *st, const fq_plan *plan, bool analyze, fq_exec_state **out,
				  fq_diags *d);
int fq_exec_next(fq_exec_state *es, const fq_batch **out);
/* Ends every operator (cancelling unfinished remote work). */
void fq_exec_end(fq_exec_state *es);

/* The SQL a RemoteQuery state sent (NULL if not a remote or not opened);
 * long dynamic filter value lists are shortened. */
const char *fq_exec_remote_sql(const fq_exec_node *node);
/* The state node for a plan node, for EXPLAIN ANALYZE (NULL if none). */
const fq_exec_node *fq_exec_find(const fq_exec_state *es, const fq_plan *plan);

/* ---- used by operators ---- */

fq_exec_node *fq_exec_init_node(fq_exec_ctx *ctx, const fq_plan *plan);
/* The value of initplan `id`, computed the first time it is asked for. */
int fq_exec_initplan(fq_exec_ctx *ctx, int id, const fq_value **out);
/* Allocates an operator's state (size bytes, starting with fq_exec_node). */
fq_exec_node *fq_exec_new_node(fq_exec_ctx *ctx, const fq_plan *plan, size_t size);
/* Next batch of an input (counts rows, checks for cancel). */
int fq_exec_pull(fq_exec_node *node, const fq_batch **out);
/* Ends a subtree early (a LIMIT that has its rows closes its input). */
void fq_exec_end_node(fq_exec_node *node);
/* Ends every operator made since ctx->all was `mark` and forgets them
 * (a subquery's operators, built in an arena about to be freed). */
void fq_exec_end_since(fq_exec_ctx *ctx, fq_exec_node *mark);

/* The state node of `plan` in n's subtree, NULL if none. */
fq_exec_node *fq_exec_find_below(fq_exec_node *n, const fq_plan *plan);

fq_exec_node *fq_exec_init_remote(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_ship(fq_exec_ctx *ctx, const fq_plan *plan);

/*
 * The values a dynamic filter lets through (plan.h, fq_dyn_filter): the
 * RemoteQuery's output column `col` must equal one of n distinct,
 * non-NULL values of `type`, given as vector slots (vector.h).
 */
typedef struct fq_dyn_values
{
	int col;
	fq_type type;
	uint32_t n;
	const void *const *slots;
	struct fq_dyn_values *next;
} fq_dyn_values;

/*
 * Adds a dynamic filter to a RemoteQuery that has not started; the values
 * must stay valid until the node ends.  False (and nothing added) once it
 * has started.
 */
bool fq_exec_remote_add_filter(fq_exec_node *node, fq_dyn_values *f);

/* What a hash join did with its dynamic filter i (EXPLAIN ANALYZE). */
typedef enum fq_dyn_outcome
{
	FQ_DYN_UNTRIED,    /* the probe side never started, or the join spilled */
	FQ_DYN_SENT,       /* *nvalues values went to the source */
	FQ_DYN_NOT_PAYING, /* *nvalues would filter too few rows (fq_dyn_filter_pays) */
	FQ_DYN_TOO_MANY,   /* more values, or build rows, than a filter takes */
} fq_dyn_outcome;

fq_dyn_outcome fq_exec_join_dyn_outcome(const fq_exec_node *node, int i, uint64_t *nvalues);
fq_exec_node *fq_exec_init_filter(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_project(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_sort(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_limit(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_values(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_agg(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_join(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_append(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_window(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_unique(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_setop(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_apply(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_recursive(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_worktable(fq_exec_ctx *ctx, const fq_plan *plan);
fq_exec_node *fq_exec_init_ctescan(fq_exec_ctx *ctx, const fq_plan *plan);
/* The key of row's values of args (nargs vectors) as a per-row subquery's
 * cache finds them: type, NULL flag and text of each, so that only values
 * that print alike share one (0 and -0, 'a' and 'a  ' do not).  False when
 * memory runs out. */
struct fq_keybuf;
bool fq_exec_args_key(struct fq_keybuf *k, fq_arena *scratch, const fq_vector *args, int nargs,
					  uint32_t row);
/* Room for the statement's CTEs computed once; their rows freed. */
int fq_exec_prepare_ctes(fq_exec_ctx *ctx);
void fq_exec_free_ctes(fq_exec_ctx *ctx);
/* The operators CTE id ran with (EXPLAIN ANALYZE), NULL if it did not. */
fq_exec_node *fq_exec_cte_tree(const fq_exec_ctx *ctx, int id);
fq_exec_node *fq_exec_init_funcscan(fq_exec_ctx *ctx, const fq_plan *plan);
/* How many steps a recursive CTE took (EXPLAIN ANALYZE). */
uint64_t fq_exec_recursive_steps(const fq_exec_node *node);
/* Builds plan's operators for a run of their own (an Apply's per row, a
 * recursive CTE's per step) in `arena`, off the execution's list of
 * operators: *nodes gets them, newest first, up to (not including) *end;
 * fq_exec_end_run ends them.  NULL (and what was made in *nodes) on
 * failure. */
fq_exec_node *fq_exec_init_run(fq_exec_ctx *ctx, const fq_plan *plan, fq_arena *arena,
							   fq_exec_node **nodes, fq_exec_node **end);
void fq_exec_end_run(fq_exec_node *nodes, fq_exec_node *end);
/* Pulls a run's root with its arena current (what it makes lives there). */
int fq_exec_pull_run(fq_exec_node *root, fq_arena *arena, const fq_batch **out);
/* How often an Apply ran its subquery, and how often it read the rows
 * kept for the same values instead (EXPLAIN ANALYZE). */
uint64_t fq_exec_apply_loops(const fq_exec_node *node);
uint64_t fq_exec_apply_hits(const fq_exec_node *node);

/* Opens the query's read transaction on c unless it is open already. */
int fq_exec_begin_read(fq_exec_ctx *ctx, fq_pg_conn *c);
/* The same without READ ONLY: a Ship creates its temporary tables in it
 * (a transaction already open on c stays as it is). */
int fq_exec_begin_read_temp(fq_exec_ctx *ctx, fq_pg_conn *c);

/*
 * Copies `e` with every Var's index set to its binding's position in
 * `input`'s outputs; raises XX000 if a binding is missing.
 */
fq_expr *fq_exec_resolve(fq_exec_ctx *ctx, const fq_expr *e, const fq_plan *input);

/* Evaluates e over the rows of `in` into a fresh vector in `a` (rows not
 * in `sel`, when given, are left undefined). */
int fq_eval(fq_exec_ctx *ctx, const fq_expr *e, const fq_batch *in, const uint8_t *sel,
			fq_arena *a, fq_vector *out);
/* Evaluates a constant expression (no Vars) to a value. */
int fq_eval_const(fq_exec_ctx *ctx, const fq_expr *e, fq_arena *a, fq_value *out);

/* interval * factor or interval / factor, PostgreSQL 15's interval_mul and
 * interval_div (eval.c); false when a product overflows. */
bool fq_interval_scale(const fq_interval *iv, double factor, bool divide, fq_interval *out);

/*
 * The value of a subquery run per row (subplan.c) for row `row`: args are
 * the sublink's args evaluated over the batch, lhs the ANY/ALL left
 * operand's value for the row (else NULL).  A cache past its size (an
 * operator's share of MemoryLimit, else SUBPLAN_CACHE_MAX) is emptied
 * before the row's lookup, since a subquery over ever new values (one per
 * row) would keep growing: a value given out (a string's bytes, a big
 * numeric's) lives only until the next call, and the caller copies it.
 * fq_exec_free_subplans drops the caches at the end of the execution.
 */
int fq_exec_sublink(fq_exec_ctx *ctx, const fq_sublink_expr *l, const fq_vector *args,
					uint32_t row, const fq_value *lhs, fq_value *res);
void fq_exec_free_subplans(fq_exec_ctx *ctx);
uint64_t fq_exec_subplan_runs(const fq_exec_ctx *ctx, int id);

/*
 * A list of conditions as PostgreSQL's ExecQual takes one (a WHERE's or a
 * join's conjuncts): each only for the rows every earlier one held true
 * for, NULL stopping a row as false does.  pass[r] (in->nrows of them)
 * tells which rows every one held true for.
 */
int fq_eval_quals(fq_exec_ctx *ctx, fq_expr *const *quals, int n, const fq_batch *in,
				  fq_arena *a, uint8_t *pass);

/* e for one row of `in` (out may be NULL: only whether it fails). */
int fq_eval_row(fq_exec_ctx *ctx, const fq_expr *e, const fq_batch *in, uint32_t row,
				fq_arena *a, fq_value *out);

/*
 * The error PostgreSQL raises first.  fq_eval computes an expression for
 * every row of a batch before the next expression (and an operator's
 * arguments for every row before the operator); PostgreSQL takes row
 * after row through the whole plan, each row's expressions left to right.
 * So when the vectorised evaluation of a batch fails with a data exception
 * (class 22; `before` = the count of ctx's diagnostics before it began),
 * fq_eval_failing_row runs `fn` on one row after another: it returns the
 * first row that fails, with its error moved out of ctx into *pending (the
 * vectorised one dropped), or -1 when the error is not one to look again
 * for (it then stands).  The operator passes the rows before the failing
 * one on as if nothing happened -- the operators above may fail on them
 * first, as in PostgreSQL -- and raises *pending on its next call
 * (fq_eval_raise_pending).  fq_eval_failing_row_of is the common case:
 * exprs, each in turn, for every row.
 */
typedef int (*fq_row_eval)(fq_exec_ctx *ctx, const fq_batch *in, uint32_t row, fq_arena *a,
						   void *arg);
int fq_eval_failing_row(fq_exec_ctx *ctx, const fq_batch *in, int before, fq_row_eval fn,
						void *arg, fq_diags **pending);
int fq_eval_failing_row_of(fq_exec_ctx *ctx, fq_expr *const *exprs, int nexprs,
						   const fq_batch *in, int before, fq_diags **pending);
int fq_eval_raise_pending(fq_exec_ctx *ctx, fq_diags **pending);

/* Bytes of the widest slot of any type (fq_type_size never exceeds it). */
#define FQ_SLOT_MAX 32
_Static_assert(sizeof(fq_numeric) <= FQ_SLOT_MAX && sizeof(fq_interval) <= FQ_SLOT_MAX,
			   "a slot type outgrew FQ_SLOT_MAX");

/* Writes a value's physical representation into a vector slot and back. */
void fq_value_to_slot(const fq_value *v, void *slot);
void fq_slot_to_value(const void *slot, const fq_type *t, fq_value *v);

/*
 * Gives a non-NULL slot (or value) its own copy, in `a`, of what it points
 * to outside itself — string bytes, a big numeric's limbs — so that it
 * outlives the batch it came from.  False when `a` ran out.
 */
bool fq_slot_own(const fq_type *t, void *slot, fq_arena *a);
bool fq_value_own(fq_value *v, fq_arena *a);

/* Three-way comparison of two non-NULL values of the same type (strings
 * bytewise; CHAR ignoring trailing blanks). */
int fq_compare_slots(const fq_type *t, const void *a, const void *b);
/* Length of a CHAR value without its trailing blanks. */
size_t fq_bpchar_len(const fq_string *s);

#endif
