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
 *
 * Past the operator's share of MemoryLimit (fq_spill_due) no new entry
 * is made: a left row whose row is not in the table goes to one of
 * SETOP_FANOUT partition files by bits of its hash, and so does a right
 * row not in the table whose partition has left rows (one with none has
 * nothing for it to count against).  Every copy of a row not in the table
 * is in its partition, so after the table's rows come out each partition
 * pair is done in turn as if it were the inputs, partitioned again with
 * the next bits if it outgrows memory too (up to SETOP_MAX_LEVEL).  The
 * rows come out in another order then, as PostgreSQL's spilling HashSetOp
 * gives them in its own.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
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

#define SETOP_FANOUT 16
#define SETOP_FANOUT_BITS 4
#define SETOP_MAX_LEVEL 7

/* A pair of partitions waiting. */
typedef struct setop_part
{
	fq_spill_file *left;
	fq_spill_file *right;
	int level;
} setop_part;

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

	/* spilling */
	bool can_spill;     /* a budget, hash bits left */
	bool spilling;      /* no new entries: rows of others go to parts */
	int level;          /* of the partition being done (0: the inputs) */
	fq_spill_file *lparts[SETOP_FANOUT];
	fq_spill_file *rparts[SETOP_FANOUT];
	fq_spill_file *lsrc;  /* the partition pair being read, else NULL */
	fq_spill_file *rsrc;
	bool from_parts;    /* the inputs are lsrc and rsrc */
	setop_part *queue;  /* a stack */
	int nqueue;
	int capqueue;
	fq_type *ltypes;    /* each input's columns, as its partitions hold */
	fq_type *rtypes;    /* them (set by the first row written) */
	fq_arena *read_arena;
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
lookup(setop_state *ss, const fq_batch *in, uint32_t row, bool add, bool *failed, uint64_t *hash)
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
	*hash = h;
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

/* The next batch of one input: its node's, or its partition file's. */
static int
pull_input(setop_state *ss, bool left, const fq_batch **in)
{
	static fq_batch none;
	fq_spill_file *src = left ? ss->lsrc : ss->rsrc;
	fq_batch *b;
	int rc;

	*in = &none;
	if (!ss->from_parts)
		return fq_exec_pull(left ? ss->n.left : ss->n.right, in);
	if (src == NULL)
		return 0;
	fq_arena_reset(ss->read_arena);
	if ((b = FQ_NEW(ss->read_arena, fq_batch)) == NULL)
		return fq_raise_nomem(ss->n.ctx->d, ss->read_arena);
	rc = fq_spill_read(src, b, ss->read_arena, left ? ss->ltypes : ss->rtypes, ss->ncols,
					   FQ_BATCH_ROWS);
	*in = rc > 0 ? b : &none;
	return rc;
}

/* Writes row r of `in` (hash h), whose row is not in the table, to its
 * partition; a right row only where left rows went. */
static int
spill_row(setop_state *ss, const fq_batch *in, uint32_t r, uint64_t h, bool left)
{
	int shift = 64 - SETOP_FANOUT_BITS * (ss->level + 1);
	int p = (int) ((h >> shift) & (SETOP_FANOUT - 1));
	fq_spill_file **f = left ? &ss->lparts[p] : &ss->rparts[p];
	int ncols;

	if (!left && ss->lparts[p] == NULL)
		return FQ_OK;
	if (!fq_spill_types(ss->n.ctx->arena, in, left ? &ss->ltypes : &ss->rtypes, &ncols))
		return fq_raise_nomem(ss->n.ctx->d, ss->n.ctx->arena);
	if (*f == NULL && (*f = fq_spill_create(&ss->n)) == NULL)
		return FQ_ERROR;
	return fq_spill_write_row(*f, in, r);
}

/* Reads one input whole: the left adds rows and counts m, the right
 * counts n in the rows the left has; past memory, rows not in the table
 * go to partitions. */
static int
consume(setop_state *ss, bool left)
{
	const fq_batch *in;
	int rc;

	while ((rc = pull_input(ss, left, &in)) > 0)
	{
		if ((int) in->ncols != ss->ncols)
			return fq_raise(ss->n.ctx->d, FQ_ERR_INTERNAL_ERROR, 0,
							"SetOp: an input has %u columns, not %d", in->ncols, ss->ncols);
		for (uint32_t r = 0; r < in->nrows; r++)
		{
			bool failed;
			uint64_t h;
			entry *e = lookup(ss, in, r, left && !ss->spilling, &failed, &h);

			if (failed)
				return FQ_ERROR;
			if (e != NULL && left)
				e->m++;
			else if (e != NULL)
				e->n++;
			else if (ss->spilling && spill_row(ss, in, r, h, left) < 0)
				return FQ_ERROR;
		}
		if (left && ss->can_spill && !ss->spilling &&
			fq_spill_due(ss->n.ctx, fq_arena_size(ss->store)))
			ss->spilling = true;
	}
	if (rc < 0)
		return FQ_ERROR;
	if (!ss->from_parts)
		fq_exec_end_node(left ? ss->n.left : ss->n.right);
	else
	{
		fq_spill_close(left ? ss->lsrc : ss->rsrc);
		if (left)
			ss->lsrc = NULL;
		else
			ss->rsrc = NULL;
	}
	return FQ_OK;
}

/* Both inputs (or a partition pair) read: the partitions made join the
 * queue, a level deeper. */
static int
queue_parts(setop_state *ss)
{
	fq_exec_ctx *ctx = ss->n.ctx;

	for (int p = 0; p < SETOP_FANOUT; p++)
	{
		setop_part *q;

		if (ss->lparts[p] == NULL)
		{
			fq_spill_close(ss->rparts[p]);
			ss->rparts[p] = NULL;
			continue;
		}
		if ((q = fq_arena_grow(ctx->arena, ss->queue, sizeof(setop_part), ss->nqueue,
							   &ss->capqueue, SETOP_FANOUT)) == NULL)
			return fq_raise_nomem(ctx->d, ctx->arena);
		ss->queue = q;
		q = &ss->queue[ss->nqueue++];
		q->left = ss->lparts[p];
		q->right = ss->rparts[p];
		q->level = ss->level + 1;
		ss->lparts[p] = ss->rparts[p] = NULL;
		if (fq_spill_rewind(q->left) < 0 || (q->right != NULL && fq_spill_rewind(q->right) < 0))
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* Reads both inputs (or the partition pair in lsrc, rsrc) into the table. */
static int
fill_table(setop_state *ss)
{
	if (consume(ss, true) < 0 || consume(ss, false) < 0)
		return FQ_ERROR;
	if (ss->spilling && queue_parts(ss) < 0)
		return FQ_ERROR;
	ss->next = 0;
	ss->left_over = -1;
	return FQ_OK;
}

/* The table's rows are out: the next waiting partition pair takes its
 * place.  1, or 0 when none is left. */
static int
next_partition(setop_state *ss)
{
	setop_part part;

	if (ss->nqueue == 0)
		return 0;
	part = ss->queue[--ss->nqueue];
	fq_arena_reset(ss->store);
	ss->key.arena = ss->store;
	ss->key.data = NULL;
	ss->key.len = ss->key.cap = 0;
	ss->size = ss->used = 0;
	ss->table = NULL;
	ss->list = NULL;
	ss->nlist = ss->cap = 0;
	ss->from_parts = true;
	ss->lsrc = part.left;
	ss->rsrc = part.right;
	ss->level = part.level;
	ss->spilling = false;
	ss->can_spill = ss->level < SETOP_MAX_LEVEL;
	if (fill_table(ss) < 0)
		return FQ_ERROR;
	return 1;
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
		if (fill_table(ss) < 0)
			return FQ_ERROR;
		ss->input_done = true;
	}
	fq_arena_reset(ss->out_arena);
	types = FQ_NEW_ARRAY(ss->out_arena, fq_type, plan->nout > 0 ? plan->nout : 1);
	if (types == NULL)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	for (int c = 0; c < plan->nout; c++)
		types[c] = plan->out[c].type;
	if (fq_batch_init(&ss->out, ss->out_arena, types, plan->nout, FQ_BATCH_ROWS) < 0)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	while (n < FQ_BATCH_ROWS)
	{
		const entry *e;

		if (ss->next >= ss->nlist)
		{
			int rc;

			/* the batch being made shows the table's rows: return it
			 * before the table goes */
			if (n > 0)
				break;
			if ((rc = next_partition(ss)) < 0)
				return FQ_ERROR;
			if (rc == 0)
				break;
			continue;
		}
		e = ss->list[ss->next];

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

	for (int p = 0; p < SETOP_FANOUT; p++)
	{
		fq_spill_close(ss->lparts[p]);
		fq_spill_close(ss->rparts[p]);
		ss->lparts[p] = ss->rparts[p] = NULL;
	}
	fq_spill_close(ss->lsrc);
	fq_spill_close(ss->rsrc);
	ss->lsrc = ss->rsrc = NULL;
	for (int i = 0; i < ss->nqueue; i++)
	{
		fq_spill_close(ss->queue[i].left);
		fq_spill_close(ss->queue[i].right);
	}
	ss->nqueue = 0;
	fq_arena_free(ss->store);
	fq_arena_free(ss->out_arena);
	fq_arena_free(ss->read_arena);
	ss->store = ss->out_arena = ss->read_arena = NULL;
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
	ss->read_arena = fq_arena_new(&ctx->st->acct);
	if (ss->slot_off == NULL || ss->store == NULL || ss->out_arena == NULL ||
		ss->read_arena == NULL)
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
	ss->can_spill = fq_spill_budget(ctx) > 0;
	return &ss->n;
}
