/*
 * executor.c — builds the execution-state tree and pulls batches through it.
 *
 * fq_exec_init_node dispatches on the plan tag to each operator's init; an
 * operator's next() pulls its inputs with fq_exec_pull, which also checks
 * for cancellation between batches and keeps the EXPLAIN ANALYZE counts.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/vector.h"

#include <string.h>
#include <time.h>

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

fq_exec_node *
fq_exec_init_node(fq_exec_ctx *ctx, const fq_plan *plan)
{
	fq_exec_node *n;

	if (fq_stack_check(ctx->d) < 0)
		return NULL;
	switch (FQ_TAG(plan))
	{
		case FQ_N_PLAN_REMOTE:
			n = fq_exec_init_remote(ctx, plan);
			break;
		case FQ_N_PLAN_SHIP:
			n = fq_exec_init_ship(ctx, plan);
			break;
		case FQ_N_PLAN_FILTER:
			n = fq_exec_init_filter(ctx, plan);
			break;
		case FQ_N_PLAN_PROJECT:
			n = fq_exec_init_project(ctx, plan);
			break;
		case FQ_N_PLAN_SORT:
			n = fq_exec_init_sort(ctx, plan);
			break;
		case FQ_N_PLAN_LIMIT:
			n = fq_exec_init_limit(ctx, plan);
			break;
		case FQ_N_PLAN_VALUES:
			n = fq_exec_init_values(ctx, plan);
			break;
		case FQ_N_PLAN_AGG:
			n = fq_exec_init_agg(ctx, plan);
			break;
		case FQ_N_PLAN_JOIN:
			n = fq_exec_init_join(ctx, plan);
			break;
		case FQ_N_PLAN_APPEND:
			n = fq_exec_init_append(ctx, plan);
			break;
		case FQ_N_PLAN_WINDOW:
			n = fq_exec_init_window(ctx, plan);
			break;
		case FQ_N_PLAN_UNIQUE:
			n = fq_exec_init_unique(ctx, plan);
			break;
		case FQ_N_PLAN_SETOP:
			n = fq_exec_init_setop(ctx, plan);
			break;
		case FQ_N_PLAN_APPLY:
			n = fq_exec_init_apply(ctx, plan);
			break;
		case FQ_N_PLAN_RECURSIVE:
			n = fq_exec_init_recursive(ctx, plan);
			break;
		case FQ_N_PLAN_WORKTABLE:
			n = fq_exec_init_worktable(ctx, plan);
			break;
		case FQ_N_PLAN_CTESCAN:
			n = fq_exec_init_ctescan(ctx, plan);
			break;
		case FQ_N_PLAN_FUNCSCAN:
			n = fq_exec_init_funcscan(ctx, plan);
			break;
		default:
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "the executor cannot run plan node %s",
					 fq_node_tag_name(FQ_TAG(plan)));
			return NULL;
	}
	return n;
}

int
fq_exec_pull(fq_exec_node *node, const fq_batch **out)
{
	double start = 0;
	int rc;

	*out = NULL;
	if (node->done)
		return 0;
	if (fq_stmt_check_cancel(node->ctx->st, node->ctx->d) < 0 ||
		fq_stack_check(node->ctx->d) < 0)
		return FQ_ERROR;
	if (node->ctx->analyze)
		start = now_seconds();
	node->started = true;
	rc = node->next(node, out);
	if (node->ctx->analyze)
		node->seconds += now_seconds() - start;
	if (rc > 0)
	{
		node->rows += (*out)->nrows;
		node->batches++;
	}
	else if (rc == 0)
		node->done = true;
	return rc;
}

/*
 * Cleanup must not fail, so it has no stack check: the tree was built
 * under fq_exec_init_node's, with frames larger than this one's.
 */
static void
end_tree(fq_exec_node *n)
{
	if (n == NULL)
		return;
	if (n->end != NULL)
		n->end(n);
	n->end = NULL;
	end_tree(n->left);
	end_tree(n->right);
	for (int i = 0; i < n->ninputs; i++)
		end_tree(n->inputs[i]);
}

void
fq_exec_end_since(fq_exec_ctx *ctx, fq_exec_node *mark)
{
	while (ctx->all != NULL && ctx->all != mark)
	{
		fq_exec_node *n = ctx->all;

		if (n->end != NULL)
		{
			n->end(n);
			n->end = NULL;
		}
		ctx->all = n->all_next;
	}
}

fq_exec_node *
fq_exec_init_run(fq_exec_ctx *ctx, const fq_plan *plan, fq_arena *arena, fq_exec_node **nodes,
				 fq_exec_node **end)
{
	fq_arena *saved = ctx->arena;
	fq_exec_node *root;

	*end = ctx->all;
	ctx->arena = arena;
	root = fq_exec_init_node(ctx, plan);
	ctx->arena = saved;
	/* what it made (all of it, when it failed half-way) is the run's */
	*nodes = ctx->all;
	ctx->all = *end;
	return root;
}

void
fq_exec_end_run(fq_exec_node *nodes, fq_exec_node *end)
{
	while (nodes != NULL && nodes != end)
	{
		fq_exec_node *next = nodes->all_next;

		if (nodes->end != NULL)
		{
			nodes->end(nodes);
			nodes->end = NULL;
		}
		nodes = next;
	}
}

int
fq_exec_pull_run(fq_exec_node *root, fq_arena *arena, const fq_batch **out)
{
	fq_exec_ctx *ctx = root->ctx;
	fq_arena *saved = ctx->arena;
	int rc;

	ctx->arena = arena;
	rc = fq_exec_pull(root, out);
	ctx->arena = saved;
	return rc;
}

void
fq_exec_end_node(fq_exec_node *node)
{
	end_tree(node);
	if (node != NULL)
		node->done = true;
}

/*
 * The value of uncorrelated scalar subquery `id` (an initplan), running it
 * the first time it is asked for, as PostgreSQL runs an initplan when its
 * value is first needed: one that only a CASE branch no row takes reads
 * (TPC-DS q09's fifteen) never runs, nor raises its error.  Its single
 * value: NULL over no rows, 21000 over more than one.  One initplan may
 * read another's value; that one then runs first.
 */
int
fq_exec_initplan(fq_exec_ctx *ctx, int id, const fq_value **out)
{
	fq_stmt *st = ctx->st;
	fq_value *v;
	fq_exec_node *n;
	const fq_batch *b;
	uint64_t rows = 0;
	int rc;

	if (id < 0 || id >= ctx->ninit)
		return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "there is no subquery %d", id + 1);
	v = &ctx->initvals[id];
	if (ctx->initdone[id])
	{
		*out = v;
		return FQ_OK;
	}
	if (ctx->initnodes[id] != NULL)
		return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
						"subquery %d reads its own value", id + 1);
	if ((n = fq_exec_init_node(ctx, st->initplans[id])) == NULL)
		return FQ_ERROR;
	ctx->initnodes[id] = n;
	v->type = st->initplans[id]->out[0].type;
	v->isnull = true;
	while ((rc = fq_exec_pull(n, &b)) > 0)
	{
		if (b->nrows == 0)
			continue;
		rows += b->nrows;
		if (rows > 1)
		{
			end_tree(n);
			return fq_raise(ctx->d, FQ_ERR_CARDINALITY_VIOLATION, 0,
							"more than one row returned by a subquery used as an expression");
		}
		if (b->cols[0].nulls == NULL || !b->cols[0].nulls[0])
		{
			fq_slot_to_value(fq_vector_slot(&b->cols[0], 0), &b->cols[0].type, v);
			/* the batch goes away with the subquery's operators */
			if (!fq_value_own(v, ctx->arena))
			{
				end_tree(n);
				return fq_raise_nomem(ctx->d, ctx->arena);
			}
		}
	}
	end_tree(n);
	if (rc < 0)
		return FQ_ERROR;
	ctx->initdone[id] = true;
	*out = v;
	return FQ_OK;
}

/* Room for the initplans' values; each runs when first read. */
static int
prepare_initplans(fq_exec_state *es)
{
	fq_exec_ctx *ctx = &es->ctx;
	int n = ctx->st->ninitplans;

	if (n == 0)
		return FQ_OK;
	ctx->initvals = FQ_NEW_ARRAY(ctx->arena, fq_value, n);
	ctx->initnodes = FQ_NEW_ARRAY(ctx->arena, fq_exec_node *, n);
	ctx->initdone = FQ_NEW_ARRAY(ctx->arena, bool, n);
	if (ctx->initvals == NULL || ctx->initnodes == NULL || ctx->initdone == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	for (int i = 0; i < n; i++)
	{
		ctx->initnodes[i] = NULL;
		ctx->initdone[i] = false;
	}
	ctx->ninit = n;
	return FQ_OK;
}

int
fq_exec_start(fq_stmt *st, const fq_plan *plan, bool analyze, fq_exec_state **out, fq_diags *d)
{
	fq_exec_state *es = FQ_NEW(st->exec_arena, fq_exec_state);

	*out = NULL;
	if (es == NULL)
		return fq_raise_nomem(d, st->exec_arena);
	/* The caller ends es (fq_exec_end) whether or not starting it worked. */
	es->ctx.st = st;
	es->ctx.s = st->s;
	es->ctx.arena = st->exec_arena;
	es->ctx.d = d;
	es->ctx.params = st->params;
	es->ctx.nparams = st->nparams;
	es->ctx.now_usecs = fq_wall_usecs();
	es->ctx.analyze = analyze;
	st->query_no = ++st->s->nqueries;
	*out = es;
	/* per-row subqueries: their exec params (NULL until a row sets them)
	 * and caches */
	if ((st->nxparams > 0 &&
		 (es->ctx.xparams = FQ_NEW_ARRAY(es->ctx.arena, fq_value, st->nxparams)) == NULL) ||
		(st->nsubplans > 0 &&
		 (es->ctx.subplans = FQ_NEW_ARRAY(es->ctx.arena, struct fq_subplan_state *,
										  st->nsubplans)) == NULL) ||
		(st->nworktables > 0 &&
		 (es->ctx.worktables = FQ_NEW_ARRAY(es->ctx.arena, struct fq_worktable *,
											st->nworktables)) == NULL))
		return fq_raise_nomem(d, es->ctx.arena);
	es->ctx.nworktables = st->nworktables;
	/* (counted only once there are arrays: fq_exec_end reads them) */
	es->ctx.nxparams = st->nxparams;
	es->ctx.nsubplans = st->nsubplans;
	for (int i = 0; i < st->nxparams; i++)
		es->ctx.xparams[i].isnull = true;
	if (prepare_initplans(es) < 0 || fq_exec_prepare_ctes(&es->ctx) < 0)
		return FQ_ERROR;
	es->root = fq_exec_init_node(&es->ctx, plan);
	if (es->root == NULL)
		return FQ_ERROR;
	return FQ_OK;
}

int
fq_exec_next(fq_exec_state *es, const fq_batch **out)
{
	int rc;

	/* Empty batches carry nothing for the caller: skip them. */
	do
		rc = fq_exec_pull(es->root, out);
	while (rc > 0 && (*out)->nrows == 0);
	/* A row is out: the query can no longer start again elsewhere. */
	if (rc > 0)
		es->ctx.spill_defer = false;
	return rc;
}

/*
 * Opens the query's transaction on c, once: READ ONLY, except on the
 * warehouse connection of a query that ships inputs there (plan/ship.c),
 * which creates its temporary tables in it (temp: the Ship's own).
 */
static int
begin_read(fq_exec_ctx *ctx, fq_pg_conn *c, bool temp)
{
	for (int i = 0; i < ctx->nreads; i++)
		if (ctx->reads[i] == c)
			return FQ_OK;
	if (ctx->nreads == (int) (sizeof(ctx->reads) / sizeof(ctx->reads[0])))
		return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"a query may read from at most %d sources",
						(int) (sizeof(ctx->reads) / sizeof(ctx->reads[0])));
	if (ctx->st->nships > 0 && c == ctx->s->warehouse)
		temp = true;
	if ((temp ? fq_pg_begin_read_temp(c, ctx->d) : fq_pg_begin_read(c, ctx->d)) < 0)
		return FQ_ERROR;
	ctx->reads[ctx->nreads++] = c;
	return FQ_OK;
}

int
fq_exec_begin_read(fq_exec_ctx *ctx, fq_pg_conn *c)
{
	return begin_read(ctx, c, false);
}

int
fq_exec_begin_read_temp(fq_exec_ctx *ctx, fq_pg_conn *c)
{
	return begin_read(ctx, c, true);
}

void
fq_exec_end(fq_exec_state *es)
{
	fq_diags *ignored;

	if (es == NULL)
		return;
	end_tree(es->root);
	for (int i = 0; i < es->ctx.ninit; i++)
		end_tree(es->ctx.initnodes[i]);
	/* Operators of a tree whose building failed before it was whole
	 * (and those of the CTEs computed once). */
	fq_exec_end_since(&es->ctx, NULL);
	fq_exec_free_subplans(&es->ctx);
	fq_exec_free_ctes(&es->ctx);
	/* Read-only transactions: a failed COMMIT loses nothing, and a broken
	 * connection is noticed and replaced on next use. */
	ignored = fq_diags_new();
	for (int i = 0; i < es->ctx.nreads; i++)
		fq_pg_end_read(es->ctx.reads[i], ignored);
	es->ctx.nreads = 0;
	fq_diags_free(ignored);
	fq_session_release_conns(es->ctx.s, es->ctx.st);
}

fq_exec_node *
fq_exec_find_below(fq_exec_node *n, const fq_plan *plan)
{
	fq_exec_node *r;

	if (n == NULL || fq_stack_too_deep())
		return NULL;
	if (n->plan == plan)
		return n;
	if ((r = fq_exec_find_below(n->left, plan)) != NULL ||
		(r = fq_exec_find_below(n->right, plan)) != NULL)
		return r;
	for (int i = 0; i < n->ninputs; i++)
		if ((r = fq_exec_find_below(n->inputs[i], plan)) != NULL)
			return r;
	return NULL;
}

const fq_exec_node *
fq_exec_find(const fq_exec_state *es, const fq_plan *plan)
{
	const fq_exec_node *n;

	if (es == NULL)
		return NULL;
	if ((n = fq_exec_find_below(es->root, plan)) != NULL)
		return n;
	for (int i = 0; i < es->ctx.ninit; i++)
		if ((n = fq_exec_find_below(es->ctx.initnodes[i], plan)) != NULL)
			return n;
	for (int i = 0; i < es->ctx.nctes; i++)
		if ((n = fq_exec_find_below(fq_exec_cte_tree(&es->ctx, i), plan)) != NULL)
			return n;
	return NULL;
}

/* ---- Resolving bindings to batch positions ---- */

typedef struct resolve_ctx
{
	fq_exec_ctx *ctx;
	const fq_plan *input;
	bool failed;
} resolve_ctx;

static fq_expr *
resolve_mutator(fq_expr *e, void *arg)
{
	resolve_ctx *rc = arg;

	if (FQ_IS(e, FQ_N_EXPR_VAR))
	{
		fq_var *v = fq_arena_memdup(rc->ctx->arena, e, sizeof(fq_var));
		int idx;

		if (v == NULL)
		{
			fq_raise_nomem(rc->ctx->d, rc->ctx->arena);
			return NULL;
		}
		idx = rc->input != NULL ? fq_plan_find_col(rc->input, v->rel, v->col) : -1;
		if (idx < 0)
		{
			if (!rc->failed)
				fq_raise(rc->ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
						 "column %s (%d.%d) is not in the operator's input",
						 v->name ? v->name : "?", v->rel, v->col);
			rc->failed = true;
			return NULL;
		}
		v->index = idx;
		return &v->e;
	}
	return e;
}

fq_expr *
fq_exec_resolve(fq_exec_ctx *ctx, const fq_expr *e, const fq_plan *input)
{
	resolve_ctx rc = {.ctx = ctx, .input = input};
	fq_expr *r = fq_expr_mutate(ctx->arena, (fq_expr *) e, resolve_mutator, &rc);

	if (r == NULL && !rc.failed && !fq_diags_has_error(ctx->d))
		fq_raise_nomem(ctx->d, ctx->arena);
	return r;
}

/* Common to every operator: the state node. */
fq_exec_node *
fq_exec_new_node(fq_exec_ctx *ctx, const fq_plan *plan, size_t size)
{
	fq_exec_node *n = fq_arena_zalloc(ctx->arena, size);

	if (n == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	n->plan = plan;
	n->ctx = ctx;
	n->all_next = ctx->all;
	ctx->all = n;
	return n;
}
