/*
 * sort.c — Sort: reads its whole input, orders it, returns it in batches;
 * its engine is the sorter (sorter.h), which aggregates of ordered input
 * use too.
 *
 * Input batches are copied (with their strings) into the operator's store
 * arena, charged to the query's memory account so MemoryLimit stops a sort
 * that would not fit.  Rows are ordered through an array of references
 * (batch, row); keys are columns of the input (the binder makes every sort
 * key a column).  Strings order bytewise, CHAR ignoring trailing blanks,
 * NULLs last ascending and first descending unless NULLS FIRST/LAST says
 * otherwise, as in PostgreSQL.  The sort is stable: rows with equal keys
 * come out in their input order.
 *
 * External sort: when the store grows past the operator's share of
 * MemoryLimit (fq_spill_due), its rows are sorted and written to a spill
 * file (a run), and the store starts again.  At the end the runs are
 * merged, at most `fanin` at a time (more runs take several passes, each
 * merging neighbours into one run); equal keys take the earlier run's row
 * first, so the order is the in-memory sort's.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/sorter.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>


/* Rows read back from a run at a time. */
#define RUN_READ_ROWS 256

/* One run being merged: its current batch and row. */
typedef struct run_reader
{
	fq_spill_file *f;
	fq_arena *a;
	fq_batch b;
	uint32_t row;
	int order;            /* position of its run: breaks ties */
} run_reader;

struct fq_sorter
{
	fq_exec_node *node;   /* whose spill files (EXPLAIN ANALYZE) */
	int nkeys;
	const fq_sort_col *keys; /* the caller's */
	fq_arena *store;      /* copies of the input */
	fq_batch *batches;
	int nbatches;
	int cap;
	uint64_t *refs;       /* batch << 16 | row, in sorted order */
	uint64_t nrefs;
	uint64_t emitted;
	bool spills;          /* a budget: the store may go to runs */
	fq_arena *out_arena;
	fq_batch out;
	/* spilling */
	fq_type *types;       /* of the input (the runs' columns) */
	int ncols;
	fq_spill_file **runs;
	int nruns;
	int caprun;
	int fanin;
	uint32_t read_rows;  /* rows a merge reader reads at a time */
	uint32_t out_rows;   /* rows of a merged output batch */
	uint64_t in_bytes;   /* the input's bytes (fq_batch_bytes), for the */
	uint64_t in_rows;    /* rows' average width */
	run_reader *readers;  /* the final merge */
	int nreaders;
	int *heap;            /* readers by their current row, smallest first */
	int nheap;
};

typedef fq_sorter sort_state;

/* Keeps a copy of an input batch (strings included) in the store. */
static int
keep_batch(sort_state *ss, const fq_batch *in)
{
	fq_exec_ctx *ctx = ss->node->ctx;

	if (ss->nbatches == ss->cap)
	{
		int cap = ss->cap ? ss->cap * 2 : 16;
		fq_batch *grown = fq_arena_realloc(ss->store, ss->batches,
										   sizeof(fq_batch) * (size_t) ss->cap,
										   sizeof(fq_batch) * (size_t) cap);

		if (grown == NULL)
			return fq_raise_nomem(ctx->d, ss->store);
		ss->batches = grown;
		ss->cap = cap;
	}
	if (fq_batch_copy(&ss->batches[ss->nbatches], in, ss->store) < 0)
		return fq_raise_nomem(ctx->d, ss->store);
	ss->nbatches++;
	return FQ_OK;
}

/* Row ra of ba against row rb of bb, by the sort keys. */
static int
compare_rows(const sort_state *ss, const fq_batch *ba, uint32_t ra, const fq_batch *bb,
			 uint32_t rb)
{
	for (int k = 0; k < ss->nkeys; k++)
	{
		const fq_sort_col *key = &ss->keys[k];
		const fq_vector *va = &ba->cols[key->col];
		const fq_vector *vb = &bb->cols[key->col];
		bool na = fq_vector_is_null(va, ra);
		bool nb = fq_vector_is_null(vb, rb);
		int c;

		if (na || nb)
		{
			if (na && nb)
				continue;
			return na == key->nulls_first ? -1 : 1;
		}
		c = fq_compare_slots(&va->type, fq_vector_slot(va, ra), fq_vector_slot(vb, rb));
		if (c != 0)
			return key->desc ? -c : c;
	}
	return 0;
}

static int
compare_refs(const void *x, const void *y, void *arg)
{
	const sort_state *ss = arg;
	uint64_t a = *(const uint64_t *) x;
	uint64_t b = *(const uint64_t *) y;
	int c = compare_rows(ss, &ss->batches[a >> 16], (uint32_t) (a & 0xFFFF),
						 &ss->batches[b >> 16], (uint32_t) (b & 0xFFFF));

	/* Equal keys keep their input order: a ref grows with it. */
	if (c != 0)
		return c;
	return a < b ? -1 : a > b;
}

/* Orders the refs of what the store holds. */
static int
sort_store(sort_state *ss)
{
	uint64_t k = 0;

	ss->refs = fq_arena_alloc(ss->store, sizeof(uint64_t) * (ss->nrefs ? ss->nrefs : 1));
	if (ss->refs == NULL)
		return fq_raise_nomem(ss->node->ctx->d, ss->store);
	for (int b = 0; b < ss->nbatches; b++)
		for (uint32_t r = 0; r < ss->batches[b].nrows; r++)
			ss->refs[k++] = ((uint64_t) b << 16) | r;
	qsort_r(ss->refs, ss->nrefs, sizeof(uint64_t), compare_refs, ss);
	return FQ_OK;
}

static int
add_run(sort_state *ss, fq_spill_file *f)
{
	fq_exec_ctx *ctx = ss->node->ctx;

	if (ss->nruns == ss->caprun)
	{
		int cap = ss->caprun ? ss->caprun * 2 : 16;
		fq_spill_file **grown = fq_arena_realloc(ctx->arena, ss->runs,
												 sizeof(void *) * (size_t) ss->caprun,
												 sizeof(void *) * (size_t) cap);

		if (grown == NULL)
		{
			fq_spill_close(f);
			return fq_raise_nomem(ctx->d, ctx->arena);
		}
		ss->runs = grown;
		ss->caprun = cap;
	}
	ss->runs[ss->nruns++] = f;
	return FQ_OK;
}

/* Sorts the store's rows into a new run and empties the store. */
static int
write_run(sort_state *ss)
{
	fq_spill_file *f;

	if (sort_store(ss) < 0)
		return FQ_ERROR;
	if ((f = fq_spill_create(ss->node)) == NULL)
		return FQ_ERROR;
	if (add_run(ss, f) < 0)
		return FQ_ERROR;
	for (uint64_t i = 0; i < ss->nrefs; i++)
	{
		uint64_t ref = ss->refs[i];

		if (fq_spill_write_row(f, &ss->batches[ref >> 16], (uint32_t) (ref & 0xFFFF)) < 0)
			return FQ_ERROR;
	}
	if (fq_spill_rewind(f) < 0)
		return FQ_ERROR;
	fq_arena_reset(ss->store);
	ss->batches = NULL;
	ss->nbatches = ss->cap = 0;
	ss->refs = NULL;
	ss->nrefs = 0;
	return FQ_OK;
}

/*
 * Writes input batch `in`, too big to keep beside what the store holds,
 * straight to a run of its own: its rows ordered by refs, nothing copied
 * (its vectors stay valid until the next pull).
 */
static int
write_batch_run(sort_state *ss, const fq_batch *in)
{
	fq_batch one = *in;
	int rc;

	ss->batches = &one;
	ss->nbatches = 1;
	ss->nrefs = in->nrows;
	rc = write_run(ss);
	/* (write_run forgets the store when it succeeds) */
	ss->batches = NULL;
	ss->nbatches = ss->cap = 0;
	ss->refs = NULL;
	ss->nrefs = 0;
	return rc;
}

/* ---- merging runs ---- */

/* Reader i's current row sorts before reader j's (ties: earlier run). */
static bool
reader_less(const sort_state *ss, const run_reader *rd, int i, int j)
{
	int c = compare_rows(ss, &rd[i].b, rd[i].row, &rd[j].b, rd[j].row);

	return c < 0 || (c == 0 && rd[i].order < rd[j].order);
}

static void
sift_down(sort_state *ss, const run_reader *rd, int *heap, int n, int at)
{
	for (;;)
	{
		int l = 2 * at + 1;
		int m = at;
		int t;

		if (l < n && reader_less(ss, rd, heap[l], heap[m]))
			m = l;
		if (l + 1 < n && reader_less(ss, rd, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == at)
			return;
		t = heap[at];
		heap[at] = heap[m];
		heap[m] = t;
		at = m;
	}
}

/* Reads the reader's next rows: 1, or 0 when its run is done. */
static int
reader_fill(sort_state *ss, run_reader *r)
{
	fq_arena_reset(r->a);
	r->row = 0;
	return fq_spill_read(r->f, &r->b, r->a, ss->types, ss->ncols, ss->read_rows);
}

/* Opens readers over runs [lo, hi) into rd and heap; *n gets how many
 * have rows. */
static int
open_readers(sort_state *ss, int lo, int hi, run_reader *rd, int *heap, int *n)
{
	*n = 0;
	for (int i = lo; i < hi; i++)
	{
		run_reader *r = &rd[i - lo];
		int rc;

		/* the reader owns the run now */
		r->f = ss->runs[i];
		ss->runs[i] = NULL;
		r->order = i;
		if ((r->a = fq_arena_new(&ss->node->ctx->st->acct)) == NULL)
			return fq_raise_nomem(ss->node->ctx->d, NULL);
		if ((rc = reader_fill(ss, r)) < 0)
			return FQ_ERROR;
		if (rc > 0)
			heap[(*n)++] = i - lo;
	}
	for (int i = *n / 2 - 1; i >= 0; i--)
		sift_down(ss, rd, heap, *n, i);
	return FQ_OK;
}

/* After taking the top reader's row: moves it on, keeps the heap. */
static int
advance_top(sort_state *ss, run_reader *rd, int *heap, int *n)
{
	run_reader *r = &rd[heap[0]];

	if (++r->row >= r->b.nrows)
	{
		int rc = reader_fill(ss, r);

		if (rc < 0)
			return FQ_ERROR;
		if (rc == 0)
		{
			heap[0] = heap[--*n];
			fq_arena_free(r->a);
			r->a = NULL;
			fq_spill_close(r->f);
			r->f = NULL;
		}
	}
	if (*n > 0)
		sift_down(ss, rd, heap, *n, 0);
	return FQ_OK;
}

static void
close_readers(run_reader *rd, int n)
{
	for (int i = 0; i < n; i++)
	{
		fq_arena_free(rd[i].a);
		rd[i].a = NULL;
		fq_spill_close(rd[i].f);
		rd[i].f = NULL;
	}
}

/* One pass: neighbouring groups of `fanin` runs each merged into one. */
static int
merge_pass(sort_state *ss)
{
	fq_exec_ctx *ctx = ss->node->ctx;
	int nout = 0;
	run_reader *rd = FQ_NEW_ARRAY(ctx->arena, run_reader, ss->fanin);
	int *heap = FQ_NEW_ARRAY(ctx->arena, int, ss->fanin);

	if (rd == NULL || heap == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	for (int lo = 0; lo < ss->nruns; lo += ss->fanin)
	{
		int hi = lo + ss->fanin < ss->nruns ? lo + ss->fanin : ss->nruns;
		int n;
		fq_spill_file *f;

		if (hi - lo == 1)
		{
			fq_spill_file *alone = ss->runs[lo];

			ss->runs[lo] = NULL;
			ss->runs[nout++] = alone;
			continue;
		}
		memset(rd, 0, sizeof(run_reader) * (size_t) ss->fanin);
		if ((f = fq_spill_create(ss->node)) == NULL)
			return FQ_ERROR;
		if (open_readers(ss, lo, hi, rd, heap, &n) < 0)
		{
			close_readers(rd, hi - lo);
			fq_spill_close(f);
			return FQ_ERROR;
		}
		while (n > 0)
		{
			run_reader *r = &rd[heap[0]];

			if (fq_spill_write_row(f, &r->b, r->row) < 0 || advance_top(ss, rd, heap, &n) < 0)
			{
				close_readers(rd, hi - lo);
				fq_spill_close(f);
				return FQ_ERROR;
			}
		}
		close_readers(rd, hi - lo);
		/* the merged run takes the place of its parts, in order */
		ss->runs[nout++] = f;
		if (fq_spill_rewind(f) < 0)
			return FQ_ERROR;
	}
	ss->nruns = nout;
	return FQ_OK;
}

/* Merges passes until the runs fit one merge, then opens that one. */
static int
start_merge(sort_state *ss)
{
	fq_exec_ctx *ctx = ss->node->ctx;

	while (ss->nruns > ss->fanin)
		if (merge_pass(ss) < 0)
			return FQ_ERROR;
	ss->readers = FQ_NEW_ARRAY(ctx->arena, run_reader, ss->nruns);
	ss->heap = FQ_NEW_ARRAY(ctx->arena, int, ss->nruns);
	if (ss->readers == NULL || ss->heap == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	ss->nreaders = ss->nruns;
	return open_readers(ss, 0, ss->nruns, ss->readers, ss->heap, &ss->nheap);
}

/* The next batch of the final merge; 0 when it is done. */
static int
merge_next(sort_state *ss, const fq_batch **out)
{
	fq_exec_ctx *ctx = ss->node->ctx;
	uint32_t n = 0;

	if (ss->nheap == 0)
		return 0;
	fq_arena_reset(ss->out_arena);
	if (fq_batch_init(&ss->out, ss->out_arena, ss->types, ss->ncols, FQ_BATCH_ROWS) < 0)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	while (n < ss->out_rows && ss->nheap > 0)
	{
		run_reader *r = &ss->readers[ss->heap[0]];

		/* strings copied: the reader's batch goes at its next fill */
		for (int c = 0; c < ss->ncols; c++)
			if (fq_vector_copy_row(&ss->out.cols[c], n, &r->b.cols[c], r->row, ss->out_arena,
								   FQ_BATCH_ROWS, true) < 0)
				return fq_raise_nomem(ctx->d, ss->out_arena);
		n++;
		if (advance_top(ss, ss->readers, ss->heap, &ss->nheap) < 0)
			return FQ_ERROR;
	}
	ss->out.nrows = n;
	ss->emitted += n;
	*out = &ss->out;
	return 1;
}

/*
 * Takes one input batch: copied into the store, or, past the sorter's
 * share of MemoryLimit, what the store holds goes to a run first.
 */
int
fq_sorter_put(fq_sorter *ss, const fq_batch *in)
{
	fq_exec_ctx *ctx = ss->node->ctx;
	size_t incoming = 0;

	if (in->nrows == 0)
		return FQ_OK;
	if (!fq_spill_types(ctx->arena, in, &ss->types, &ss->ncols))
		return fq_raise_nomem(ctx->d, ctx->arena);
	if (ss->nbatches >= (1 << 20))
		return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"too many rows to sort (more than %d batches)", 1 << 20);
	/* Past its share of MemoryLimit with this batch (and the refs, 8
	 * bytes a row, yet to come), the sort spills what it holds first;
	 * a batch too big for the share alone goes to a run of its own
	 * uncopied (wide rows under a small limit).  (A batch's bytes are
	 * counted only where the sort may spill.) */
	if (ss->spills)
	{
		incoming = fq_batch_bytes(in) + in->nrows * sizeof(uint64_t);
		ss->in_bytes += incoming;
		ss->in_rows += in->nrows;
	}
	if (ss->spills &&
		fq_spill_due(ctx, fq_arena_size(ss->store) + ss->nrefs * sizeof(uint64_t) + incoming))
	{
		if (ss->nrefs > 0 && write_run(ss) < 0)
			return FQ_ERROR;
		if (fq_spill_due(ctx, incoming))
			return write_batch_run(ss, in);
	}
	if (keep_batch(ss, in) < 0)
		return FQ_ERROR;
	ss->nrefs += in->nrows;
	return FQ_OK;
}

/* The input is over: orders what the store holds, or starts merging. */
int
fq_sorter_done(fq_sorter *ss)
{
	fq_exec_ctx *ctx = ss->node->ctx;

	if (ss->nruns > 0)
	{
		size_t budget = fq_spill_budget(ctx);

		/* Each merged run holds a read buffer and a few hundred rows. */
		ss->fanin = (int) (budget / (64 * 1024));
		if (ss->fanin < 2)
			ss->fanin = 2;
		if (ss->fanin > 64)
			ss->fanin = 64;
		/* Wide rows: readers and output batches of fewer rows, so that
		 * the merge stays within the share too. */
		{
			uint64_t width = ss->in_rows > 0 ? ss->in_bytes / ss->in_rows + 1 : 1;
			uint64_t rr = budget / (4 * (uint64_t) ss->fanin * width);
			uint64_t orows = budget / (4 * width);

			ss->read_rows = rr < 16 ? 16 : rr > RUN_READ_ROWS ? RUN_READ_ROWS : (uint32_t) rr;
			ss->out_rows = orows < 16 ? 16 : orows > FQ_BATCH_ROWS ? FQ_BATCH_ROWS : (uint32_t) orows;
		}
		if (ss->nrefs > 0 && write_run(ss) < 0)
			return FQ_ERROR;
		return start_merge(ss);
	}
	return sort_store(ss);
}

int
fq_sorter_next(fq_sorter *ss, const fq_batch **out)
{
	fq_exec_ctx *ctx = ss->node->ctx;
	uint32_t n;

	if (ss->readers != NULL)
		return merge_next(ss, out);
	if (ss->emitted >= ss->nrefs)
		return 0;
	n = ss->nrefs - ss->emitted > FQ_BATCH_ROWS ? FQ_BATCH_ROWS : (uint32_t) (ss->nrefs - ss->emitted);
	fq_arena_reset(ss->out_arena);
	if (fq_batch_init(&ss->out, ss->out_arena, ss->types, ss->ncols, n) < 0)
		return fq_raise_nomem(ctx->d, ss->out_arena);
	for (uint32_t i = 0; i < n; i++)
	{
		uint64_t ref = ss->refs[ss->emitted + i];
		const fq_batch *b = &ss->batches[ref >> 16];
		uint32_t r = (uint32_t) (ref & 0xFFFF);

		for (int c = 0; c < ss->ncols; c++)
			if (fq_vector_copy_row(&ss->out.cols[c], i, &b->cols[c], r, ss->out_arena, n, false) < 0)
				return fq_raise_nomem(ctx->d, ss->out_arena);
	}
	ss->out.nrows = n;
	ss->emitted += n;
	*out = &ss->out;
	return 1;
}

void
fq_sorter_free(fq_sorter *ss)
{
	if (ss == NULL)
		return;
	if (ss->readers != NULL)
	{
		close_readers(ss->readers, ss->nreaders);
		ss->readers = NULL;
	}
	for (int i = 0; i < ss->nruns; i++)
	{
		fq_spill_close(ss->runs[i]);
		ss->runs[i] = NULL;
	}
	ss->nruns = 0;
	fq_arena_free(ss->store);
	fq_arena_free(ss->out_arena);
	ss->store = ss->out_arena = NULL;
}

fq_sorter *
fq_sorter_new(fq_exec_node *node, const fq_sort_col *keys, int nkeys)
{
	fq_exec_ctx *ctx = node->ctx;
	fq_sorter *ss = fq_arena_zalloc(ctx->arena, sizeof(fq_sorter));

	if (ss == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	ss->node = node;
	ss->keys = keys;
	ss->nkeys = nkeys;
	ss->spills = fq_spill_budget(ctx) > 0;
	ss->store = fq_arena_new(&ctx->st->acct);
	ss->out_arena = fq_arena_new(&ctx->st->acct);
	if (ss->store == NULL || ss->out_arena == NULL)
	{
		fq_arena_free(ss->store);
		fq_arena_free(ss->out_arena);
		ss->store = ss->out_arena = NULL;
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return ss;
}

/* ---- the Sort operator ---- */

typedef struct sort_node
{
	fq_exec_node n;
	fq_sorter *s;
	bool sorted;
} sort_node;

static int
sort_next(fq_exec_node *node, const fq_batch **out)
{
	sort_node *sn = (sort_node *) node;

	if (!sn->sorted)
	{
		const fq_batch *in;
		int rc;

		while ((rc = fq_exec_pull(node->left, &in)) > 0)
			if (fq_sorter_put(sn->s, in) < 0)
				return FQ_ERROR;
		if (rc < 0)
			return FQ_ERROR;
		/* The input is done: release it (and its remote connection) now. */
		fq_exec_end_node(node->left);
		if (fq_sorter_done(sn->s) < 0)
			return FQ_ERROR;
		sn->sorted = true;
	}
	return fq_sorter_next(sn->s, out);
}

static void
sort_end(fq_exec_node *node)
{
	sort_node *sn = (sort_node *) node;

	fq_sorter_free(sn->s);
}

fq_exec_node *
fq_exec_init_sort(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_sort *sp = (const fq_plan_sort *) plan;
	sort_node *sn = (sort_node *) fq_exec_new_node(ctx, plan, sizeof(sort_node));
	fq_sort_col *keys;

	if (sn == NULL)
		return NULL;
	sn->n.next = sort_next;
	sn->n.end = sort_end;
	if ((sn->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	if ((keys = FQ_NEW_ARRAY(ctx->arena, fq_sort_col, sp->nkeys > 0 ? sp->nkeys : 1)) == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int k = 0; k < sp->nkeys; k++)
	{
		const fq_expr *e = sp->keys[k].expr;
		const fq_var *v = (const fq_var *) e;

		if (!FQ_IS(e, FQ_N_EXPR_VAR) || (keys[k].col = fq_plan_find_col(plan->left, v->rel, v->col)) < 0)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a sort key is not a column of the input");
			return NULL;
		}
		keys[k].desc = sp->keys[k].desc;
		keys[k].nulls_first = sp->keys[k].nulls_first;
	}
	if ((sn->s = fq_sorter_new(&sn->n, keys, sp->nkeys)) == NULL)
		return NULL;
	return &sn->n;
}
