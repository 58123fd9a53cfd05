/*
 * setop.c — SetOp (INTERSECT ALL, EXCEPT ALL), hashed as PostgreSQL's
 * HashSetOp: the left input's rows are grouped into a table of distinct
 * rows, each with its count m; the right input's rows only count, n, in
 * the groups they find; then each group's row comes out min(m, n) times
 * (INTERSECT ALL) or max(m - n, 0) times (EXCEPT ALL), groups in the order
 * the left input first had them.
 *
 * Rows compare as GROUP BY compares them (exec/hashkey.h): NULLs equal,
 * CHAR without trailing blanks, 1.5 equal to 1.50 (the left input's first
 * such row is the one that comes out).  The table, one entry per distinct
 * left row, lives in a store arena charged to the query, so MemoryLimit
 * bounds it; the right input is streamed.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/hashkey.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

typedef struct entry
{
	uint64_t hash;
	uint32_t keylen;
	const uint8_t *key;
	uint8_t *slots;   /* the row, each column fq_type_size wide at slot_off */
	uint8_t *nulls;
	int64_t m;        /* copies in the left input */
	int64_t n;        /* in the right input */
} entry;

typedef struct setop_state
{
	fq_exec_node n;
	const fq_plan_setop *plan;
	int ncols;          /* the inputs' columns */
	size_t *slot_off;
	size_t slots_size;
	fq_arena *store;
	fq_arena *out_arena;
	uint32_t size;      /* open addressing, a power of two */
	uint32_t used;
	entry **table;
	entry **list;       /* in the order the left input first had them */
	uint32_t nlist;
	uint32_t cap;
	bool input_done;
	uint32_t next;      /* the entry being emitted */
	int64_t left_over;  /* its copies still to come (-1: not counted yet) */
	fq_keybuf key;
	fq_batch out;
} setop_state;

static bool
table_grow(setop_state *ss)
{
	uint32_t size = ss->size ? ss->size * 2 : 1024;
	entry **items = fq_arena_zalloc(ss->store, sizeof(entry *) * size);

	if (items == NULL)
		return false;
	for (uint32_t i = 0; i < ss->size; i++)
	{
		uint32_t j;

		if (ss->table[i] == NULL)
			continue;
		for (j = (uint32_t) ss->table[i]->hash & (size - 1); items[j] != NULL; j = (j + 1) & (size - 1))
			;
		items[j] = ss->table[i];
	}
	ss->table = items;
	ss->size = size;
	return true;
}

/* Row `row` of `in`: its entry, added (left input) or not (right); NULL
 * with *failed on OOM. */
static entry *
lookup(setop_state *ss, const fq_batch *in, uint32_t row, bool add, bool *failed)
{
	uint64_t h;
	uint32_t j;
	entry *e;

	*failed = false;
	ss->key.len = 0;
	for (int c = 0; c < ss->ncols; c++)
		if (!fq_key_append(&ss->key, &in->cols[c], row))
			goto nomem;
	h = fq_hash_bytes(ss->key.data, ss->key.len);
	if (ss->used * 2 >= ss->size && !table_grow(ss))
		goto nomem;
	for (j = (uint32_t) h & (ss->size - 1); ss->table[j] != NULL; j = (j + 1) & (ss->size - 1))
	{
		e = ss->table[j];
		if (e->hash == h && e->keylen == ss->key.len &&
			memcmp(e->key, ss->key.data, ss->key.len) == 0)
			return e;
	}
	if (!add)
		return NULL;
	e = fq_arena_zalloc(ss->store, sizeof(entry));
	if (e == NULL)
		goto nomem;
	e->hash = h;
	e->keylen = (uint32_t) ss->key.len;
	e->key = fq_arena_memdup(ss->store, ss->key.data, ss->key.len ? ss->key.len : 1);
	e->slots = fq_arena_zalloc(ss->store, ss->slots_size ? ss->slots_size : 1);
	e->nulls = fq_arena_zalloc(ss->store, ss->ncols ? (size_t) ss->ncols : 1);
	if (e->key == NULL || e->slots == NULL || e->nulls == NULL)
		goto nomem;
	for (int c = 0; c < ss->ncols; c++)
	{
		const fq_vector *v = &in->cols[c];
		uint8_t *slot = e->slots + ss->slot_off[c];

		if (fq_vector_is_null(v, row))
		{
			e->nulls[c] = 1;
			continue;
		}
		memcpy(slot, fq_vector_slot(v, row), fq_type_size(&v->type));
		if (!fq_slot_own(&v->type, slot, ss->store))
			goto nomem;
	}
	ss->table[j] = e;
	ss->used++;
	if (ss->nlist == ss->cap)
	{
		uint32_t cap = ss->cap ? ss->cap * 2 : 256;
		entry **list = fq_arena_realloc(ss->store, ss->list, sizeof(entry *) * ss->cap,
										sizeof(entry *) * cap);

		if (list == NULL)
			goto nomem;
		ss->list = list;
		ss->cap = cap;
	}
	ss->list[ss->nlist++] = e;
	return e;
nomem:
	*failed = true;
	fq_raise_nomem(ss->n.ctx->d, ss->store);
	return NULL;
}

/* Reads one input whole: the left adds rows and counts m, the right
 * counts n in the rows the left has. */
static int
consume(setop_state *ss, fq_exec_node *input, bool left)
{
	const fq_batch *in;
	int rc;

	while ((rc = fq_exec_pull(input, &in)) > 0)
	{
		if ((int) in->ncols != ss->ncols)
			return fq_raise(ss->n.ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
							"SetOp: an input has %u columns, not %d", in->ncols, ss->ncols);
		for (uint32_t r = 0; r < in->nrows; r++)
		{
			bool failed;
			entry *e = lookup(ss, in, r, left, &failed);

			if (failed)
				return FQ_ERROR;
			if (e != NULL && left)
				e->m++;
			else if (e != NULL)
				e->n++;
		}
	}
	if (rc < 0)
		return FQ_ERROR;
	fq_exec_end_node(input);
	return FQ_OK;
}

/* How many times an entry's row comes out. */
static int64_t
copies(const setop_state *ss, const entry *e)
{
	if (ss->plan->op == FQ_SETOP_INTERSECT)
		return e->m < e->n ? e->m : e->n;
	return e->m > e->n ? e->m - e->n : 0;
}

static int
setop_next(fq_exec_node *node, const fq_batch **out)
{
	setop_state *ss = (setop_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	const fq_plan *plan = node->plan;
	uint32_t n = 0;
	fq_type *types;

	if (!ss->input_done)
	{
		if (consume(ss, node->left, true) < 0 || consume(ss, node->right, false) < 0)
			return FQ_ERROR;
		ss->input_done = true;
		ss->left_over = -1;
	}
	fq_arena_reset(ss->out_arena);
	types = FQ_NEW_ARRAY(ss->out_arena, fq_type, plan->nout > 0 ? plan->nout : 1);
	if (types == NULL)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	for (int c = 0; c < plan->nout; c++)
		types[c] = plan->out[c].type;
	if (fq_batch_init(&ss->out, ss->out_arena, types, plan->nout, FQ_BATCH_ROWS) < 0)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	while (n < FQ_BATCH_ROWS && ss->next < ss->nlist)
	{
		const entry *e = ss->list[ss->next];

		if (ss->left_over < 0)
			ss->left_over = copies(ss, e);
		if (ss->left_over == 0)
		{
			ss->next++;
			ss->left_over = -1;
			continue;
		}
		for (int c = 0; c < plan->nout; c++)
		{
			int k = plan->out[c].col; /* the input column */
			fq_vector *v = &ss->out.cols[c];

			if (e->nulls[k])
			{
				if (fq_vector_set_null(v, ss->out_arena, FQ_BATCH_ROWS, n) < 0)
					return fq_raise_nomem(ctx->d, ss->out_arena);
			}
			else
				memcpy(fq_vector_slot(v, n), e->slots + ss->slot_off[k], fq_type_size(&v->type));
		}
		n++;
		ss->left_over--;
	}
	if (n == 0)
		return 0;
	ss->out.nrows = n;
	*out = &ss->out;
	return 1;
}

static void
setop_end(fq_exec_node *node)
{
	setop_state *ss = (setop_state *) node;

	fq_arena_free(ss->store);
	fq_arena_free(ss->out_arena);
	ss->store = ss->out_arena = NULL;
}

fq_exec_node *
fq_exec_init_setop(fq_exec_ctx *ctx, const fq_plan *plan)
{
	setop_state *ss = (setop_state *) fq_exec_new_node(ctx, plan, sizeof(setop_state));

	if (ss == NULL)
		return NULL;
	ss->plan = (const fq_plan_setop *) plan;
	ss->n.next = setop_next;
	ss->n.end = setop_end;
	if ((ss->n.left = fq_exec_init_node(ctx, plan->left)) == NULL ||
		(ss->n.right = fq_exec_init_node(ctx, plan->right)) == NULL)
		return NULL;
	ss->ncols = plan->left->nout;
	ss->slot_off = FQ_NEW_ARRAY(ctx->arena, size_t, ss->ncols > 0 ? ss->ncols : 1);
	ss->store = fq_arena_new(&ctx->st->acct);
	ss->out_arena = fq_arena_new(&ctx->st->acct);
	if (ss->slot_off == NULL || ss->store == NULL || ss->out_arena == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	if (plan->right->nout != ss->ncols)
	{
		fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "SetOp: inputs of %d and %d columns",
				 ss->ncols, plan->right->nout);
		return NULL;
	}
	for (int c = 0; c < plan->nout; c++)
		if (plan->out[c].col < 0 || plan->out[c].col >= ss->ncols)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "SetOp: output %d has no input column", c);
			return NULL;
		}
	for (int c = 0; c < ss->ncols; c++)
	{
		ss->slot_off[c] = ss->slots_size;
		ss->slots_size += (fq_type_size(&plan->left->out[c].type) + 15) & ~(size_t) 15;
	}
	ss->key.arena = ss->store;
	return &ss->n;
}
