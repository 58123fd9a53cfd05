/*
 * subplan.c — subqueries run per row (fq_sublink_expr with an id; the
 * planner's pass in plan/sublink.c leaves there what no join or initplan
 * could replace).
 *
 * For a row, the values the subquery reads from it (the sublink's args)
 * go into its exec params and the subquery's plan runs to the end -- to
 * the first row for EXISTS -- in an arena of its own, as PostgreSQL runs
 * a SubPlan.  What it returned is kept, keyed by those values in their
 * text form (so 1.0 and 1.00, 'a ' and 'a' are different keys: a
 * subquery may show the difference), and a later row with the same values
 * takes the kept answer without running it again: an uncorrelated
 * subquery runs once.  The cache lives in the subplan's own arena,
 * charged to the query (MemoryLimit), and is emptied before a row's
 * lookup once past its size (trim).
 *
 * The answer, from what came back:
 *   EXISTS        whether a row came;
 *   (SELECT ...)  NULL for no row, the value for one, 21000 for more;
 *   x op ANY      true if x op v for some row, else NULL if one was
 *                 unknown (a NULL x or v), else false -- false over none;
 *   x op ALL      false if x op v is false for some row, else NULL if one
 *                 was unknown, else true -- true over none.
 */
#include "exec/exec.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/stack.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "sql/ast.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>

typedef struct sp_entry
{
	fq_chain_entry head; /* first: the table's link and key */
	uint64_t nrows;    /* rows that came (EXISTS: 0 or 1) */
	int nvals;
	fq_value *vals;    /* SCALAR: the value; ANY/ALL: each row's */
} sp_entry;

struct fq_subplan_state
{
	fq_arena *arena;   /* the cache */
	fq_arena *scratch; /* a row's long key texts, reset per row */
	fq_keybuf key;     /* a row's key, made again for each row in one buffer */
	fq_chains table;
	uint64_t runs;     /* how often the subquery ran (EXPLAIN ANALYZE) */
	uint64_t evictions; /* how often the cache was emptied */
};

static struct fq_subplan_state *
state_of(fq_exec_ctx *ctx, int id)
{
	struct fq_subplan_state *s = ctx->subplans[id];

	if (s != NULL)
		return s;
	s = fq_calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	if ((s->arena = fq_arena_new(&ctx->st->acct)) == NULL ||
		(s->scratch = fq_arena_new(&ctx->st->acct)) == NULL)
	{
		fq_arena_free(s->arena);
		free(s);
		return NULL;
	}
	s->key.arena = s->arena;
	ctx->subplans[id] = s;
	return s;
}

void
fq_exec_free_subplans(fq_exec_ctx *ctx)
{
	for (int i = 0; i < ctx->nsubplans; i++)
		if (ctx->subplans[i] != NULL)
		{
			fq_arena_free(ctx->subplans[i]->arena);
			fq_arena_free(ctx->subplans[i]->scratch);
			free(ctx->subplans[i]);
			ctx->subplans[i] = NULL;
		}
}

/* A cache's most bytes without MemoryLimit. */
#define SUBPLAN_CACHE_MAX ((size_t) 64 * 1024 * 1024)

/*
 * Empties the cache once it holds its share of MemoryLimit (counting the
 * arena's next block, as fq_spill_due does), or SUBPLAN_CACHE_MAX without
 * one.  Checked before each row's lookup, not only between batches: one
 * batch of 2048 new values took a scalar subquery's cache to 1 MB, past a
 * MemoryLimit of 1MB where PostgreSQL answers (random seed 1558).  No
 * entry is in use between rows; what a row's answer points to in the
 * cache its caller copies (eval_sublink).
 */
static void
trim(fq_exec_ctx *ctx, struct fq_subplan_state *s)
{
	size_t held = fq_arena_size(s->arena);

	if (fq_spill_budget(ctx) == 0 ? held <= SUBPLAN_CACHE_MAX : !fq_spill_due(ctx, held))
		return;
	fq_arena_reset(s->arena);
	s->table = (fq_chains) {0};
	s->key.data = NULL;
	s->key.len = s->key.cap = 0;
	s->evictions++;
}

/* The key of a row's values: type, NULL flag, text of each (texts
 * longer than the stack buffer formatted in `scratch`). */
bool
fq_exec_args_key(fq_keybuf *k, fq_arena *scratch, const fq_vector *args, int nargs, uint32_t row)
{
	char small[128];

	for (int i = 0; i < nargs; i++)
	{
		const fq_vector *v = &args[i];
		uint8_t head[2] = {(uint8_t) v->type.id, (uint8_t) fq_vector_is_null(v, row)};
		size_t n;
		uint32_t len;
		char *text = small;

		if (!fq_key_append_raw(k, head, sizeof(head)))
			return false;
		if (head[1])
			continue;
		n = fq_format_value(v, row, small, sizeof(small), false);
		if (n >= sizeof(small))
		{
			/* longer than the buffer: format it again where it fits */
			if ((text = fq_arena_alloc(scratch, n + 1)) == NULL)
				return false;
			fq_format_value(v, row, text, n + 1, false);
		}
		len = (uint32_t) n;
		if (!fq_key_append_raw(k, &len, sizeof(len)) || !fq_key_append_raw(k, text, n))
			return false;
	}
	return true;
}

/* Runs the subquery with the exec params as set, into e. */
static int
run(fq_exec_ctx *ctx, const fq_sublink_expr *l, struct fq_subplan_state *s, sp_entry *e)
{
	const fq_plan *plan = ctx->st->subplans[l->id];
	fq_arena *saved = ctx->arena;
	fq_exec_node *mark = ctx->all;
	fq_arena *tmp = fq_arena_new(&ctx->st->acct);
	fq_exec_node *n;
	const fq_batch *b;
	int rc = FQ_OK;
	int cap = 0;

	if (tmp == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	s->runs++;
	/* the subquery's operators live as long as this run */
	ctx->arena = tmp;
	n = fq_exec_init_node(ctx, plan);
	if (n == NULL)
		rc = FQ_ERROR;
	while (rc == FQ_OK && (rc = fq_exec_pull(n, &b)) > 0)
	{
		rc = FQ_OK;
		if (b->nrows == 0)
			continue;
		if (l->kind == FQ_SUBLINK_EXISTS)
		{
			e->nrows = 1;
			break;
		}
		for (uint32_t r = 0; r < b->nrows && rc == FQ_OK; r++)
		{
			fq_value *v;

			if (l->kind == FQ_SUBLINK_SCALAR && e->nrows >= 1)
			{
				rc = fq_raise(ctx->d, FQ_ERR_CARDINALITY_VIOLATION, 0,
							  "more than one row returned by a subquery used as an expression");
				break;
			}
			if (e->nvals == cap)
			{
				/* a scalar subquery keeps one value (a second is 21000) */
				int ncap = cap ? cap * 2 : l->kind == FQ_SUBLINK_SCALAR ? 1 : 4;
				fq_value *grown = fq_arena_realloc(s->arena, e->vals, sizeof(fq_value) * (size_t) cap,
												   sizeof(fq_value) * (size_t) ncap);

				if (grown == NULL)
				{
					rc = fq_raise_nomem(ctx->d, s->arena);
					break;
				}
				e->vals = grown;
				cap = ncap;
			}
			v = &e->vals[e->nvals];
			if (fq_vector_is_null(&b->cols[0], r))
			{
				memset(v, 0, sizeof(*v));
				v->type = b->cols[0].type;
				v->isnull = true;
			}
			else
			{
				fq_slot_to_value(fq_vector_slot(&b->cols[0], r), &b->cols[0].type, v);
				/* the batch goes with the run's operators */
				if (!fq_value_own(v, s->arena))
				{
					rc = fq_raise_nomem(ctx->d, s->arena);
					break;
				}
			}
			e->nvals++;
			e->nrows++;
		}
	}
	if (rc > 0)
		rc = FQ_OK;
	fq_exec_end_node(n);
	/* with those of a tree that failed half-built, before their arena goes */
	fq_exec_end_since(ctx, mark);
	ctx->arena = saved;
	fq_arena_free(tmp);
	return rc < 0 ? FQ_ERROR : FQ_OK;
}

/* x op v: 1 true, 0 false, -1 unknown. */
static int
compare(int op, const fq_value *x, const fq_value *v)
{
	uint8_t sx[FQ_SLOT_MAX];
	uint8_t sv[FQ_SLOT_MAX];
	int c;

	if (x->isnull || v->isnull)
		return -1;
	fq_value_to_slot(x, sx);
	fq_value_to_slot(v, sv);
	c = fq_compare_slots(&x->type, sx, sv);
	switch (op)
	{
		case FQ_F_EQ: return c == 0;
		case FQ_F_NE: return c != 0;
		case FQ_F_LT: return c < 0;
		case FQ_F_LE: return c <= 0;
		case FQ_F_GT: return c > 0;
		default: return c >= 0;
	}
}

int
fq_exec_sublink(fq_exec_ctx *ctx, const fq_sublink_expr *l, const fq_vector *args, uint32_t row,
				const fq_value *lhs, fq_value *res)
{
	struct fq_subplan_state *s;
	fq_keybuf *key;
	uint64_t h;
	sp_entry *e;

	if (l->id < 0 || l->id >= ctx->nsubplans || fq_stack_check(ctx->d) < 0)
		return l->id < 0 ? fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a subquery was not planned")
			: FQ_ERROR;
	if ((s = state_of(ctx, l->id)) == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	/* One buffer for every row's key: a row whose key is cached (most,
	 * for a subquery over few distinct values) leaves nothing behind, so
	 * the cache holds per distinct key, not per row. */
	trim(ctx, s);
	key = &s->key;
	key->len = 0;
	fq_arena_reset(s->scratch);
	if (!fq_exec_args_key(key, s->scratch, args, l->nargs, row))
		return fq_raise_nomem(ctx->d, s->arena);
	h = fq_hash_bytes(key->data, key->len);
	e = (sp_entry *) fq_chains_find(&s->table, key, h);
	if (e == NULL)
	{
		if ((e = (sp_entry *) fq_chains_new(&s->table, s->arena, sizeof(*e), key, h)) == NULL)
			return fq_raise_nomem(ctx->d, s->arena);
		/* the row's values are the subquery's exec params */
		for (int i = 0; i < l->nargs; i++)
		{
			fq_value *p = &ctx->xparams[l->params[i] - 1];

			if (fq_vector_is_null(&args[i], row))
			{
				memset(p, 0, sizeof(*p));
				p->type = args[i].type;
				p->isnull = true;
			}
			else
				fq_slot_to_value(fq_vector_slot(&args[i], row), &args[i].type, p);
		}
		if (run(ctx, l, s, e) < 0)
			return FQ_ERROR;
		/* in the table once its run went through */
		fq_chains_link(&s->table, &e->head);
	}
	memset(res, 0, sizeof(*res));
	res->type = l->e.type;
	switch (l->kind)
	{
		case FQ_SUBLINK_EXISTS:
			res->v.i = e->nrows > 0;
			return FQ_OK;
		case FQ_SUBLINK_SCALAR:
			if (e->nvals == 0 || e->vals[0].isnull)
				res->isnull = true;
			else
				*res = e->vals[0];
			res->type = l->e.type;
			return FQ_OK;
		default:
			{
				bool all = l->kind == FQ_SUBLINK_ALL;
				bool unknown = false;

				for (int i = 0; i < e->nvals; i++)
				{
					int c = compare(l->op, lhs, &e->vals[i]);

					if (c < 0)
						unknown = true;
					else if (c == (all ? 0 : 1))
					{
						res->v.i = !all;
						return FQ_OK;
					}
				}
				res->isnull = unknown;
				res->v.i = all;
				return FQ_OK;
			}
	}
}

uint64_t
fq_exec_subplan_runs(const fq_exec_ctx *ctx, int id)
{
	return id >= 0 && id < ctx->nsubplans && ctx->subplans[id] != NULL ? ctx->subplans[id]->runs
																		 : 0;
}
