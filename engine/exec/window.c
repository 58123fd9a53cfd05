/*
 * window.c — Window: window functions over the rows of its input, with
 * PostgreSQL 15's semantics (nodeWindowAgg.c, windowfuncs.c).
 *
 * The operator reads its whole input into a store arena charged to the
 * query (so MemoryLimit applies, as to Sort), then computes every function
 * the plan outputs and returns the input's rows with one column per
 * function, in the order of the last window it computed.  Past its share
 * of MemoryLimit, windows that all partition by some same keys go on by
 * partition files ("Spilling" below).
 *
 * Rows are ordered once per distinct window (PARTITION BY, then ORDER BY
 * with its directions and NULLS placement), by a stable merge sort that
 * starts from the previous window's order, as each of PostgreSQL's
 * WindowAggs sorts the one before's output.  PostgreSQL's sort is not
 * stable, so the order of peers (rows equal on every key) is its own: what
 * reads it (row_number among peers, a ROWS frame's edge) is PostgreSQL's
 * answer only where the ORDER BY orders rows completely.  Partition and
 * order keys are computed for every row as the rows arrive, as PostgreSQL's
 * plan computes them below WindowAgg.  Peers are rows of a partition equal
 * on every ORDER BY key (all of the partition without ORDER BY).
 *
 * A function's arguments are computed only for the rows PostgreSQL
 * computes them on, so an argument that fails on a row nobody reads fails
 * in neither: an aggregate's FILTER for the rows of some frame and its
 * argument for those FILTER keeps, lag/lead's value on the row it reaches
 * and the default on the row that reaches outside its partition,
 * first_value/last_value/nth_value's on the frame row it returns, ntile's
 * on a partition's rows until one is not NULL.  The others (lag/lead's
 * offset, nth_value's n) are computed on every row.  Rows whose values are
 * needed are marked per batch and evaluated together (fq_eval's `sel`).
 *
 * Frames are PostgreSQL's: RANGE UNBOUNDED PRECEDING to CURRENT ROW (the
 * current row's last peer) by default; ROWS bounds count rows, GROUPS
 * bounds peer groups, RANGE's CURRENT ROW means the first or last peer and
 * its offsets reach the rows whose ORDER BY key is within the offset of
 * the current row's (in_range: PostgreSQL's rules for NULLs, NaN,
 * infinities and overflow, per type).  Each function's frames are worked
 * out for every row first (compute_frames), as PostgreSQL's head and tail
 * only move forward within a partition.  EXCLUDE takes the current row,
 * its peers, or its other peers out of the frame.  Aggregates take the
 * frame's rows in frame order: they go on from the previous row's state
 * when the head stays, take rows out again when the head moves and the
 * aggregate can (aggacc.h), and start again from the new head otherwise
 * (and for every row when the frame excludes rows), so float sums round
 * as PostgreSQL's do.
 *
 * Entry points: fq_exec_init_window, then next/end as every operator.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/aggacc.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "func/support.h"
#include "sql/ast.h"
#include "types/numeric.h"
#include "types/types.h"
#include "types/types_int.h"

#include <math.h>
#include <stdlib.h>

#include <string.h>

/* A row of the store: batch << 16 | row (batches hold at most 2048 rows). */
#define REF_BATCH(ref) ((uint32_t) ((ref) >> 16))
#define REF_ROW(ref) ((uint32_t) ((ref) & 0xFFFFu))

/* Stored batches, like Sort's limit: row positions then fit 32 bits. */
#define MAX_BATCHES (1 << 20)

/* A PARTITION BY or ORDER BY expression, computed for every row. */
typedef struct win_key
{
	const fq_expr *bound;  /* as the plan has it, to share equal keys */
	fq_expr *expr;         /* resolved against the input */
	fq_vector *vecs;       /* one per stored batch */
} win_key;

/* One ordering of the rows: a window's PARTITION BY and ORDER BY. */
typedef struct win_spec
{
	const fq_window_expr *w; /* the first function over it */
	int npart;
	int norder;
	int *keys;               /* npart + norder indexes of win_state.keys */
	uint64_t *refs;          /* the rows in this order */
	uint32_t nparts;
	uint32_t *part_start;    /* nparts + 1 positions in refs */
	uint32_t *peer_start;    /* per position: its first peer */
	uint32_t *peer_end;      /* per position: one past its last peer */
	uint32_t *group;         /* per position: its peer group, counted over all partitions */
	uint32_t *group_start;   /* per group: its first position; then one past the end */
} win_spec;

typedef struct win_func
{
	const fq_window_expr *w;
	win_spec *spec;
	fq_expr **kids;      /* w->kids resolved against the input */
	fq_aggacc_fn agg;    /* FQ_WIN_AGG */
	int64_t start_off;   /* ROWS and GROUPS n PRECEDING/FOLLOWING */
	int64_t end_off;
	fq_value start_val;  /* RANGE's offsets */
	fq_value end_val;
	uint32_t *heads;     /* per position: its frame, [heads, tails) (compute_frames) */
	uint32_t *tails;
	fq_vector *res;      /* its values, one vector per stored batch */
} win_func;

/* Partition files per spill, hash bits each level takes, and levels. */
#define WIN_FANOUT 16
#define WIN_FANOUT_BITS 4
#define WIN_MAX_LEVEL 7

typedef struct win_part
{
	fq_spill_file *f;
	int level;
	bool whole;          /* partitioning hardly split it: no more levels */
} win_part;

typedef struct win_state
{
	fq_exec_node n;
	int nkeys;
	win_key *keys;
	int nspecs;
	win_spec *specs;
	int nfuncs;
	win_func *funcs;     /* the functions the plan outputs */
	int *src;            /* per output column: input column, or -1 - function */
	fq_arena *store;     /* input, keys, arguments and results */
	fq_arena *scratch;   /* one function's marks and positions */
	fq_arena *tmp;       /* one row's intermediate values */
	fq_arena *out_arena;
	fq_batch *batches;
	uint32_t nbatches;
	uint32_t cap;
	uint32_t nrows;
	const uint64_t *order; /* rows in output order */
	uint32_t emitted;
	bool computed;
	bool started;        /* the frame offsets are computed */
	fq_batch out;

	/* spilling: keys every window partitions by (and maybe others) */
	int npkeys;          /* those keys (indexes of keys), 0: no spilling */
	int *pkeys;
	bool can_spill;      /* for the rows being read: a budget, bits left */
	bool spilled;        /* the rows are in partition files */
	int level;           /* of the partition file being read (0: the input) */
	fq_spill_file *parts[WIN_FANOUT];
	fq_spill_file *rfile; /* the partition file being read, else NULL */
	win_part *queue;     /* a stack of files waiting */
	int nqueue;
	int capqueue;
	fq_type *in_types;   /* the input's columns, as the files hold them */
	int in_ncols;
	fq_arena *part_arena; /* a batch's partition keys, a file's batch */
} win_state;

/* Rows marked for evaluation: per batch, NULL until one of its rows is. */
typedef uint8_t **win_marks;

/* ---- reading the input ---- */

static int
keep_batch(win_state *ws, const fq_batch *in)
{
	fq_exec_ctx *ctx = ws->n.ctx;

	if (ws->nbatches >= MAX_BATCHES)
		return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"too many rows for window functions (more than %d batches)", MAX_BATCHES);
	if (ws->nbatches == ws->cap)
	{
		uint32_t cap = ws->cap ? ws->cap * 2 : 16;
		fq_batch *grown = fq_arena_realloc(ws->store, ws->batches, sizeof(fq_batch) * ws->cap,
										   sizeof(fq_batch) * cap);

		if (grown == NULL)
			return fq_raise_nomem(ctx->d, ws->store);
		ws->batches = grown;
		ws->cap = cap;
	}
	if (fq_batch_copy(&ws->batches[ws->nbatches], in, ws->store) < 0)
		return fq_raise_nomem(ctx->d, ws->store);
	ws->nbatches++;
	ws->nrows += in->nrows;
	return FQ_OK;
}

/* Reads the input, then computes every key for every row. */
/*
 * A CHAR key's values without their trailing blanks, which comparing
 * ignores: the sort then compares them as they are instead of finding
 * each value's end again (two char(50) values per comparison, millions
 * of comparisons, in TPC-DS q67's rank() over categories).  The key's
 * own copy of the slots; the rows keep their values as they were.  The
 * trimmed values compare bytewise as VARCHAR does, so the key is typed
 * so (no trailing blanks left to look for); keys are only compared (a
 * RANGE offset's key is never CHAR).
 */
static bool
trim_char_key(fq_vector *v, uint32_t nrows, fq_arena *a)
{
	fq_string *trimmed = fq_arena_alloc(a, sizeof(fq_string) * (nrows ? nrows : 1));

	if (trimmed == NULL)
		return false;
	memcpy(trimmed, v->data, sizeof(fq_string) * nrows);
	for (uint32_t r = 0; r < nrows; r++)
		if (!fq_vector_is_null(v, r))
			trimmed[r].len = (uint32_t) fq_bpchar_len(&trimmed[r]);
	v->data = trimmed;
	v->type.id = FQ_T_VARCHAR;
	return true;
}

/*
 * Spilling.  When every window partitions by some same keys (PARTITION BY
 * a and PARTITION BY a, b: a) and the rows outgrow the operator's share
 * of MemoryLimit, the rows (those stored and the rest of the input) go to
 * WIN_FANOUT files by bits of the hash of those keys, so that each
 * partition of every window is in one file;
 * then each file is read and computed in turn as if it were the input
 * (partitioned again with the next bits if it outgrows memory too).  The
 * rows come out file by file, each file's in its windows' order.  One
 * window partition past the share cannot be split: it is read whole, and
 * fails with 53200 only past MemoryLimit itself.
 */

/* The next batch of rows: the input's, or the partition file's. */
static int
pull_rows(win_state *ws, const fq_batch **in)
{
	static fq_batch none;
	fq_batch *b;
	int rc;

	*in = &none;
	if (ws->rfile == NULL)
		return ws->spilled ? 0 : fq_exec_pull(ws->n.left, in);
	fq_arena_reset(ws->part_arena);
	if ((b = FQ_NEW(ws->part_arena, fq_batch)) == NULL)
		return fq_raise_nomem(ws->n.ctx->d, ws->part_arena);
	rc = fq_spill_read(ws->rfile, b, ws->part_arena, ws->in_types, ws->in_ncols, FQ_BATCH_ROWS);
	*in = rc > 0 ? b : &none;
	return rc;
}

/* Writes every row of b to its partition file by its partition keys. */
static int
partition_batch(win_state *ws, const fq_batch *b, fq_arena *a)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	fq_vector *kv = FQ_NEW_ARRAY(a, fq_vector, ws->npkeys);
	fq_keybuf key = {.arena = a};
	int shift = 64 - WIN_FANOUT_BITS * (ws->level + 1);

	if (kv == NULL)
		return fq_raise_nomem(ctx->d, a);
	if (!fq_spill_types(ctx->arena, b, &ws->in_types, &ws->in_ncols))
		return fq_raise_nomem(ctx->d, ctx->arena);
	for (int k = 0; k < ws->npkeys; k++)
		if (fq_eval(ctx, ws->keys[ws->pkeys[k]].expr, b, NULL, a, &kv[k]) < 0)
			return FQ_ERROR;
	for (uint32_t r = 0; r < b->nrows; r++)
	{
		uint64_t h;
		int p;

		key.len = 0;
		for (int k = 0; k < ws->npkeys; k++)
			if (!fq_key_append(&key, &kv[k], r))
				return fq_raise_nomem(ctx->d, a);
		h = fq_hash_bytes(key.data, key.len);
		p = (int) ((h >> shift) & (WIN_FANOUT - 1));
		if (ws->parts[p] == NULL && (ws->parts[p] = fq_spill_create(&ws->n)) == NULL)
			return FQ_ERROR;
		if (fq_spill_write_row(ws->parts[p], b, r) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* The rows' source is read: the input ends (releasing its remote
 * connection now), or the partition file closes. */
static void
end_rows(win_state *ws)
{
	if (ws->rfile == NULL)
		fq_exec_end_node(ws->n.left);
	fq_spill_close(ws->rfile);
	ws->rfile = NULL;
}

/* Forgets the rows read (and all computed over them). */
static void
reset_rows(win_state *ws)
{
	fq_arena_reset(ws->store);
	ws->batches = NULL;
	ws->nbatches = ws->cap = 0;
	ws->nrows = 0;
	ws->order = NULL;
	ws->emitted = 0;
}

/* The rows stored and the rest of the source go to partition files,
 * queued a level deeper. */
static int
spill_rows(win_state *ws)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	fq_arena *a = fq_arena_new(&ctx->st->acct);
	const fq_batch *in;
	uint64_t total = 0;
	int rc = FQ_OK;

	if (a == NULL)
		return fq_raise_nomem(ctx->d, NULL);
	memset(ws->parts, 0, sizeof(ws->parts));
	for (uint32_t b = 0; b < ws->nbatches && rc == FQ_OK; b++)
	{
		fq_arena_reset(a);
		rc = partition_batch(ws, &ws->batches[b], a);
	}
	reset_rows(ws);
	while (rc == FQ_OK && (rc = pull_rows(ws, &in)) > 0)
	{
		fq_arena_reset(a);
		rc = in->nrows > 0 ? partition_batch(ws, in, a) : FQ_OK;
	}
	fq_arena_free(a);
	if (rc < 0)
		return FQ_ERROR;
	end_rows(ws);
	ws->spilled = true;
	for (int p = 0; p < WIN_FANOUT; p++)
		if (ws->parts[p] != NULL)
			total += fq_spill_rows(ws->parts[p]);
	for (int p = 0; p < WIN_FANOUT; p++)
	{
		win_part *q;

		if (ws->parts[p] == NULL)
			continue;
		if ((q = fq_arena_grow(ctx->arena, ws->queue, sizeof(win_part), ws->nqueue,
							   &ws->capqueue, WIN_FANOUT)) == NULL)
			return fq_raise_nomem(ctx->d, ctx->arena);
		ws->queue = q;
		q = &ws->queue[ws->nqueue++];
		q->f = ws->parts[p];
		q->level = ws->level + 1;
		/* nine in ten rows in one file: one partition has them */
		q->whole = fq_spill_rows(q->f) >= total - total / 10;
		ws->parts[p] = NULL;
		if (fq_spill_rewind(q->f) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* The next partition file becomes the rows' source: 1, or 0 when none is
 * left. */
static int
next_file(win_state *ws)
{
	win_part part;

	if (ws->nqueue == 0)
		return 0;
	part = ws->queue[--ws->nqueue];
	reset_rows(ws);
	ws->rfile = part.f;
	ws->level = part.level;
	ws->can_spill = !part.whole && ws->level < WIN_MAX_LEVEL;
	return 1;
}

/*
 * The query stopped at MemoryLimit (53200) with this window holding more
 * than its share, which it could not write to partition files: says why
 * in the error's detail, when spilling was on.
 */
static void
why_not_spilled(win_state *ws)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	int n = fq_diags_count(ctx->d);
	const fq_diag *g = n > 0 ? fq_diags_get(ctx->d, n - 1) : NULL;
	size_t budget = fq_spill_budget(ctx);

	if (g == NULL || strcmp(g->sqlstate, "53200") != 0 || g->detail != NULL || budget == 0 ||
		fq_arena_size(ws->store) < budget)
		return;
	if (ws->npkeys == 0)
		fq_diag_detail(ctx->d, "Window functions hold every row of a window partition; windows "
							   "without PARTITION BY, or with no partition key in common, cannot "
							   "go to temporary files in parts.");
	else
		fq_diag_detail(ctx->d, "One window partition holds more rows than MemoryLimit allows.");
}

/* read_input's answer when the rows went to partition files instead. */
#define ROWS_SPILLED 2

/* Reads the rows (the input, or a partition file), then computes every
 * key for every row; ROWS_SPILLED when they went to files instead. */
static int
read_input(win_state *ws)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const fq_batch *in;
	int rc;

	while ((rc = pull_rows(ws, &in)) > 0)
	{
		if (in->nrows > 0 && keep_batch(ws, in) < 0)
			return FQ_ERROR;
		if (ws->can_spill && fq_spill_due(ctx, fq_arena_size(ws->store)))
			return spill_rows(ws) < 0 ? FQ_ERROR : ROWS_SPILLED;
	}
	if (rc < 0)
		return FQ_ERROR;
	end_rows(ws);
	for (int k = 0; k < ws->nkeys; k++)
	{
		win_key *key = &ws->keys[k];

		key->vecs = FQ_NEW_ARRAY(ws->store, fq_vector, ws->nbatches ? ws->nbatches : 1);
		if (key->vecs == NULL)
			return fq_raise_nomem(ctx->d, ws->store);
		for (uint32_t b = 0; b < ws->nbatches; b++)
		{
			if (fq_eval(ctx, key->expr, &ws->batches[b], NULL, ws->store, &key->vecs[b]) < 0)
				return FQ_ERROR;
			if (key->vecs[b].type.id == FQ_T_CHAR &&
				!trim_char_key(&key->vecs[b], ws->batches[b].nrows, ws->store))
				return fq_raise_nomem(ctx->d, ws->store);
		}
	}
	return FQ_OK;
}

/* ---- ordering ---- */

/* Compares two rows on keys [from, to) of a window; NULLs sort last
 * ascending and first descending unless the ORDER BY says otherwise. */
static int
compare_keys(const win_state *ws, const win_spec *sp, int from, int to, uint64_t a, uint64_t b)
{
	for (int i = from; i < to; i++)
	{
		const win_key *key = &ws->keys[sp->keys[i]];
		const fq_vector *va = &key->vecs[REF_BATCH(a)];
		const fq_vector *vb = &key->vecs[REF_BATCH(b)];
		bool is_order = i >= sp->npart;
		bool desc = is_order && sp->w->desc[i - sp->npart];
		bool nulls_first = is_order && sp->w->nulls_first[i - sp->npart];
		bool na = fq_vector_is_null(va, REF_ROW(a));
		bool nb = fq_vector_is_null(vb, REF_ROW(b));
		int c;

		if (na || nb)
		{
			if (na && nb)
				continue;
			return na == nulls_first ? -1 : 1;
		}
		c = fq_compare_slots(&va->type, fq_vector_slot(va, REF_ROW(a)),
							 fq_vector_slot(vb, REF_ROW(b)));
		if (c != 0)
			return desc ? -c : c;
	}
	return 0;
}

/*
 * Orders refs[lo, hi) by keys [from, to) of the window, keeping the order
 * rows came in among equals: a bottom-up merge sort through tmp.
 */
static void
merge_sort(const win_state *ws, const win_spec *sp, int kfrom, int kto, uint64_t *refs,
		   uint64_t *tmp, uint32_t n)
{
	uint64_t *from = refs;
	uint64_t *to = tmp;
	uint32_t i;

	for (i = 1; i < n; i++)
		if (compare_keys(ws, sp, kfrom, kto, refs[i - 1], refs[i]) > 0)
			break;
	if (i >= n)
		return;
	for (uint32_t width = 1; width < n; width *= 2)
	{
		for (uint32_t lo = 0; lo < n; lo += 2 * width)
		{
			uint32_t mid = lo + width < n ? lo + width : n;
			uint32_t hi = mid + width < n ? mid + width : n;
			uint32_t l = lo;
			uint32_t r = mid;
			uint32_t k = lo;

			while (l < mid && r < hi)
				to[k++] = compare_keys(ws, sp, kfrom, kto, from[l], from[r]) <= 0 ? from[l++]
					: from[r++];
			while (l < mid)
				to[k++] = from[l++];
			while (r < hi)
				to[k++] = from[r++];
		}
		{
			uint64_t *t = from;

			from = to;
			to = t;
		}
	}
	if (from != refs)
		memcpy(refs, from, sizeof(uint64_t) * n);
}

/* A partition met by sort_refs: its number, in the order first met. */
typedef struct part_entry
{
	fq_chain_entry head;
	uint32_t id;
} part_entry;

typedef struct part_order
{
	const win_state *ws;
	const win_spec *sp;
	const uint64_t *first;
} part_order;

static int
compare_parts(const void *x, const void *y, void *arg)
{
	const part_order *po = arg;
	uint32_t a = *(const uint32_t *) x;
	uint32_t b = *(const uint32_t *) y;
	int c = compare_keys(po->ws, po->sp, 0, po->sp->npart, po->first[a], po->first[b]);

	return c != 0 ? c : (a > b) - (a < b);
}

/*
 * Orders refs by partition then order keys, keeping the order rows came
 * in among equals.  Input already in order (a window over the previous
 * one's order) costs one pass.  With PARTITION BY, each row's partition
 * is found by hashing its keys, the partitions are put in key order
 * (those comparing equal taking one place), the rows bucketed by it in
 * the order they came, and each bucket sorted by the ORDER BY keys alone:
 * the same order, without comparing the partition keys of two rows of one
 * partition again and again (q67's rank() over a few char(50) categories:
 * 520,000 rows, each comparison first found the categories equal).
 */
static int
sort_refs(win_state *ws, const win_spec *sp, uint64_t *refs, uint64_t *tmp, uint32_t n)
{
	fq_diags *d = ws->n.ctx->d;
	int nk = sp->npart + sp->norder;
	fq_chains parts = {0};
	fq_keybuf key = {.arena = ws->scratch};
	uint32_t *pid;
	uint64_t *first;
	uint32_t np = 0;
	uint32_t cap = 64;
	uint32_t *order;
	uint32_t *rank;
	uint32_t *start;
	uint32_t nr = 0;
	part_order po = {ws, sp, NULL};
	uint32_t i;

	for (i = 1; i < n; i++)
		if (compare_keys(ws, sp, 0, nk, refs[i - 1], refs[i]) > 0)
			break;
	if (i >= n)
		return FQ_OK;
	if (sp->npart == 0)
	{
		merge_sort(ws, sp, 0, nk, refs, tmp, n);
		return FQ_OK;
	}
	pid = FQ_NEW_ARRAY(ws->scratch, uint32_t, n);
	first = FQ_NEW_ARRAY(ws->scratch, uint64_t, cap);
	if (pid == NULL || first == NULL)
		return fq_raise_nomem(d, ws->scratch);
	for (i = 0; i < n; i++)
	{
		uint64_t h;
		part_entry *e;

		key.len = 0;
		for (int k = 0; k < sp->npart; k++)
		{
			const fq_vector *v = &ws->keys[sp->keys[k]].vecs[REF_BATCH(refs[i])];

			if (!fq_key_append(&key, v, REF_ROW(refs[i])))
				return fq_raise_nomem(d, ws->scratch);
		}
		h = fq_hash_bytes(key.data, key.len);
		e = (part_entry *) fq_chains_find(&parts, &key, h);
		if (e == NULL)
		{
			if (np == cap)
			{
				uint64_t *grown = fq_arena_realloc(ws->scratch, first, sizeof(uint64_t) * cap,
												   sizeof(uint64_t) * cap * 2);

				if (grown == NULL)
					return fq_raise_nomem(d, ws->scratch);
				first = grown;
				cap *= 2;
			}
			e = (part_entry *) fq_chains_new(&parts, ws->scratch, sizeof(part_entry), &key, h);
			if (e == NULL)
				return fq_raise_nomem(d, ws->scratch);
			e->id = np;
			first[np++] = refs[i];
			fq_chains_link(&parts, &e->head);
		}
		pid[i] = e->id;
	}
	/* the partitions in key order; equal ones take one rank */
	order = FQ_NEW_ARRAY(ws->scratch, uint32_t, np);
	rank = FQ_NEW_ARRAY(ws->scratch, uint32_t, np);
	start = fq_arena_zalloc(ws->scratch, sizeof(uint32_t) * (np + 1));
	if (order == NULL || rank == NULL || start == NULL)
		return fq_raise_nomem(d, ws->scratch);
	for (uint32_t p = 0; p < np; p++)
		order[p] = p;
	po.first = first;
	qsort_r(order, np, sizeof(uint32_t), compare_parts, &po);
	for (uint32_t p = 0; p < np; p++)
	{
		if (p > 0 && compare_keys(ws, sp, 0, sp->npart, first[order[p - 1]], first[order[p]]) != 0)
			nr++;
		rank[order[p]] = nr;
	}
	nr++;
	/* the rows bucketed by rank, in the order they came */
	for (i = 0; i < n; i++)
		start[rank[pid[i]] + 1]++;
	for (uint32_t r = 0; r < nr; r++)
		start[r + 1] += start[r];
	for (i = 0; i < n; i++)
		tmp[start[rank[pid[i]]]++] = refs[i];
	memcpy(refs, tmp, sizeof(uint64_t) * n);
	/* start[r] is now bucket r's end */
	for (uint32_t r = 0, lo = 0; r < nr; lo = start[r++])
		if (sp->norder > 0)
			merge_sort(ws, sp, sp->npart, nk, refs + lo, tmp + lo, start[r] - lo);
	return FQ_OK;
}

/* Sorts the rows for one window (from `prev`'s order) and finds its
 * partitions and peers. */
static int
order_spec(win_state *ws, win_spec *sp, const uint64_t *prev)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	uint32_t n = ws->nrows;
	uint64_t *tmp;
	uint32_t np = 0;

	uint32_t ng = 0;

	sp->refs = fq_arena_alloc(ws->store, sizeof(uint64_t) * (n ? n : 1));
	sp->peer_start = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n ? n : 1));
	sp->peer_end = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n ? n : 1));
	sp->part_start = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n + 1));
	sp->group = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n ? n : 1));
	sp->group_start = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n + 1));
	tmp = fq_arena_alloc(ws->scratch, sizeof(uint64_t) * (n ? n : 1));
	if (sp->refs == NULL || sp->peer_start == NULL || sp->peer_end == NULL ||
		sp->part_start == NULL || sp->group == NULL || sp->group_start == NULL)
		return fq_raise_nomem(ctx->d, ws->store);
	if (tmp == NULL)
		return fq_raise_nomem(ctx->d, ws->scratch);
	memcpy(sp->refs, prev, sizeof(uint64_t) * n);
	if (sort_refs(ws, sp, sp->refs, tmp, n) < 0)
		return FQ_ERROR;
	for (uint32_t i = 0; i < n; i++)
	{
		bool new_part = i == 0 || compare_keys(ws, sp, 0, sp->npart, sp->refs[i - 1], sp->refs[i]) != 0;

		if (new_part)
			sp->part_start[np++] = i;
		if (new_part ||
			compare_keys(ws, sp, sp->npart, sp->npart + sp->norder, sp->refs[i - 1], sp->refs[i]) != 0)
		{
			sp->peer_start[i] = i;
			sp->group_start[ng++] = i;
		}
		else
			sp->peer_start[i] = sp->peer_start[i - 1];
		sp->group[i] = ng - 1;
	}
	sp->part_start[np] = n;
	sp->group_start[ng] = n;
	sp->nparts = np;
	for (uint32_t i = n; i-- > 0;)
		sp->peer_end[i] = i + 1 < n && sp->peer_start[i + 1] == sp->peer_start[i]
			? sp->peer_end[i + 1] : i + 1;
	return FQ_OK;
}

/* ---- evaluation on marked rows ---- */

static win_marks
new_marks(win_state *ws)
{
	win_marks m = FQ_NEW_ARRAY(ws->scratch, uint8_t *, ws->nbatches ? ws->nbatches : 1);

	if (m == NULL)
		fq_raise_nomem(ws->n.ctx->d, ws->scratch);
	return m;
}

static int
mark(win_state *ws, win_marks m, uint64_t ref)
{
	uint32_t b = REF_BATCH(ref);

	if (m[b] == NULL && (m[b] = fq_arena_zalloc(ws->scratch, ws->batches[b].nrows)) == NULL)
		return fq_raise_nomem(ws->n.ctx->d, ws->scratch);
	m[b][REF_ROW(ref)] = 1;
	return FQ_OK;
}

static bool
marked(win_marks m, uint64_t ref)
{
	return m[REF_BATCH(ref)] != NULL && m[REF_BATCH(ref)][REF_ROW(ref)];
}

/* e on the marked rows of every batch (m NULL: on every row); a batch
 * without marks gets a vector without data. */
static int
eval_marked(win_state *ws, const fq_expr *e, win_marks m, fq_vector **out)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	fq_vector *vecs = FQ_NEW_ARRAY(ws->store, fq_vector, ws->nbatches ? ws->nbatches : 1);

	if (vecs == NULL)
		return fq_raise_nomem(ctx->d, ws->store);
	for (uint32_t b = 0; b < ws->nbatches; b++)
	{
		vecs[b].type = e->type;
		if (m != NULL && m[b] == NULL)
			continue;
		if (fq_eval(ctx, e, &ws->batches[b], m != NULL ? m[b] : NULL, ws->store, &vecs[b]) < 0)
			return FQ_ERROR;
	}
	*out = vecs;
	return FQ_OK;
}

/* e on one row (ntile's argument, read row by row), into ws->tmp. */
static int
eval_row(win_state *ws, const fq_expr *e, uint64_t ref, fq_vector *out)
{
	const fq_batch *b = &ws->batches[REF_BATCH(ref)];
	uint32_t r = REF_ROW(ref);
	fq_vector *cols = FQ_NEW_ARRAY(ws->tmp, fq_vector, b->ncols ? b->ncols : 1);
	fq_batch one;

	if (cols == NULL)
		return fq_raise_nomem(ws->n.ctx->d, ws->tmp);
	/* a one-row view of the stored batch */
	for (uint32_t c = 0; c < b->ncols; c++)
	{
		cols[c].type = b->cols[c].type;
		cols[c].data = fq_vector_slot(&b->cols[c], r);
		cols[c].nulls = b->cols[c].nulls != NULL ? b->cols[c].nulls + r : NULL;
	}
	one.nrows = 1;
	one.ncols = b->ncols;
	one.cols = cols;
	return fq_eval(ws->n.ctx, e, &one, NULL, ws->tmp, out);
}

/* ---- results ---- */

static int
set_null(win_state *ws, win_func *f, uint64_t ref)
{
	uint32_t b = REF_BATCH(ref);

	if (fq_vector_set_null(&f->res[b], ws->store, ws->batches[b].nrows, REF_ROW(ref)) < 0)
		return fq_raise_nomem(ws->n.ctx->d, ws->store);
	return FQ_OK;
}

/* The result at ref is the value of `src` (a vector per batch) at from. */
static int
set_value(win_state *ws, win_func *f, uint64_t ref, const fq_vector *src, uint64_t from)
{
	uint32_t b = REF_BATCH(ref);

	if (fq_vector_copy_row(&f->res[b], REF_ROW(ref), &src[REF_BATCH(from)], REF_ROW(from),
						   ws->store, ws->batches[b].nrows, false) < 0)
		return fq_raise_nomem(ws->n.ctx->d, ws->store);
	return FQ_OK;
}

static void
set_int8(win_func *f, uint64_t ref, int64_t v)
{
	((int64_t *) f->res[REF_BATCH(ref)].data)[REF_ROW(ref)] = v;
}

static void
set_float8(win_func *f, uint64_t ref, double v)
{
	((double *) f->res[REF_BATCH(ref)].data)[REF_ROW(ref)] = v;
}

/* ---- frames ---- */

/* Every 4096 positions a long computation checks for cancellation. */
static int
check_cancel(win_state *ws, uint32_t pos)
{
	return (pos & 4095) == 0 ? fq_stmt_check_cancel(ws->n.ctx->st, ws->n.ctx->d) : FQ_OK;
}


/* The frame of the row at position pos: positions [*head, *tail) of the
 * window's order (empty when *head == *tail), before exclusions. */
static inline void
frame_of(const win_func *f, uint32_t pos, uint32_t *head, uint32_t *tail)
{
	*head = f->heads[pos];
	*tail = f->tails[pos];
}

/* Whether the frame of the row at pos leaves out the row at j (EXCLUDE). */
static inline bool
excluded(const win_func *f, uint32_t pos, uint32_t j)
{
	switch (f->w->exclude)
	{
		case FQ_EXCLUDE_CURRENT_ROW:
			return j == pos;
		case FQ_EXCLUDE_GROUP:
			return j >= f->spec->peer_start[pos] && j < f->spec->peer_end[pos];
		case FQ_EXCLUDE_TIES:
			return j != pos && j >= f->spec->peer_start[pos] && j < f->spec->peer_end[pos];
		default:
			return false;
	}
}

static int
bad_size(win_state *ws)
{
	return fq_raise(ws->n.ctx->d, FQ_ERR_INVALID_PRECEDING_OR_FOLLOWING_SIZE, 0,
					"invalid preceding or following size in window function");
}

/* An interval's sign as PostgreSQL compares intervals (a month is 30 days). */
static int
interval_sign(const fq_interval *iv)
{
	__int128 span = ((__int128) iv->months * 30 + iv->days) * FQ_USECS_PER_DAY + iv->usecs;

	return span < 0 ? -1 : span > 0;
}

/* A date as the timestamp PostgreSQL's date2timestamp makes of it. */
static int
date_as_timestamp(win_state *ws, int64_t d, int64_t *out)
{
	if (d == FQ_DATE_NEG_INFINITY || d == FQ_DATE_POS_INFINITY)
		*out = d == FQ_DATE_NEG_INFINITY ? INT64_MIN : INT64_MAX;
	else if (d >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY)
		return fq_raise(ws->n.ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"date out of range for timestamp");
	else
		*out = d * FQ_USECS_PER_DAY;
	return FQ_OK;
}

/* PostgreSQL's in_range_numeric_numeric for NaN and the infinities; -1
 * when val, base and offset are all finite (the sum decides). */
static int
numeric_in_range_special(const fq_numeric *val, const fq_numeric *base, const fq_numeric *off,
						 bool sub, bool less)
{
	if (val->kind == FQ_NUM_NAN)
		return base->kind == FQ_NUM_NAN ? 1 : !less;
	if (base->kind == FQ_NUM_NAN)
		return less;
	if (off->kind == FQ_NUM_PINF)
	{
		/* base ± Infinity would be NaN: every value is in range */
		if (sub ? base->kind == FQ_NUM_PINF : base->kind == FQ_NUM_NINF)
			return 1;
		if (sub)
			return less ? val->kind == FQ_NUM_NINF : 1;
		return less ? 1 : val->kind == FQ_NUM_PINF;
	}
	if (val->kind == FQ_NUM_PINF)
		return base->kind == FQ_NUM_PINF ? 1 : !less;
	if (val->kind == FQ_NUM_NINF)
		return base->kind == FQ_NUM_NINF ? 1 : less;
	if (base->kind == FQ_NUM_NINF)
		return !less;
	if (base->kind == FQ_NUM_PINF)
		return less;
	return -1;
}

/*
 * PostgreSQL's in_range support functions: whether val <= base ± off
 * (less) or val >= base ± off (not less), sub choosing the minus; off is
 * the offset of the frame bound, in the type the binder chose for the
 * ORDER BY key's type (range_offset_type in bind/func.c).
 */
static int
in_range(win_state *ws, const fq_value *val, const fq_value *base, const fq_value *off, bool sub,
		 bool less, bool *out)
{
	fq_exec_ctx *ctx = ws->n.ctx;

	switch (base->type.id)
	{
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
			{
				/* exact: PostgreSQL's answer when the sum overflows too */
				__int128 sum;

				if (off->v.i < 0)
					return bad_size(ws);
				sum = (__int128) base->v.i + (sub ? -(__int128) off->v.i : (__int128) off->v.i);
				*out = less ? val->v.i <= sum : val->v.i >= sum;
				return FQ_OK;
			}
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			{
				double v = val->v.f;
				double b = base->v.f;
				double o = off->v.f;
				double sum;

				if (isnan(o) || o < 0)
					return bad_size(ws);
				/* NaN sorts after every other value */
				if (isnan(v))
					*out = isnan(b) ? true : !less;
				else if (isnan(b))
					*out = less;
				else if (isinf(o) && isinf(b) && (sub ? b > 0 : b < 0))
					*out = true;
				else
				{
					sum = sub ? b - o : b + o;
					*out = less ? v <= sum : v >= sum;
				}
				return FQ_OK;
			}
		case FQ_T_DECIMAL:
			{
				fq_numeric sum;
				int special;

				if (off->v.num.kind == FQ_NUM_NAN || off->v.num.kind == FQ_NUM_NINF ||
					fq_num_sign(&off->v.num) < 0)
					return bad_size(ws);
				special = numeric_in_range_special(&val->v.num, &base->v.num, &off->v.num, sub, less);
				if (special >= 0)
				{
					*out = special;
					return FQ_OK;
				}
				{
					fq_num_status st = sub ? fq_num_sub(&base->v.num, &off->v.num, ws->tmp, &sum)
										   : fq_num_add(&base->v.num, &off->v.num, ws->tmp, &sum);
					fq_fn_ctx fx = {ctx->d, ws->tmp, ctx->now_usecs};

					if (st != FQ_NUM_OK)
						return fq_fn_num_status(&fx, st);
				}
				*out = less ? fq_num_cmp(&val->v.num, &sum) <= 0 : fq_num_cmp(&val->v.num, &sum) >= 0;
				return FQ_OK;
			}
		case FQ_T_DATE:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			{
				fq_fn_ctx fx = {ctx->d, ws->tmp, ctx->now_usecs};
				fq_type_id t = base->type.id == FQ_T_TIMESTAMPTZ ? FQ_T_TIMESTAMPTZ : FQ_T_TIMESTAMP;
				int64_t v = val->v.i;
				int64_t b = base->v.i;
				int64_t sum;

				if (interval_sign(&off->v.iv) < 0)
					return bad_size(ws);
				if (base->type.id == FQ_T_DATE &&
					(date_as_timestamp(ws, val->v.i, &v) < 0 || date_as_timestamp(ws, base->v.i, &b) < 0))
					return FQ_ERROR;
				if (fq_fn_ts_add_interval(&fx, b, &off->v.iv, sub ? -1 : 1, t, &sum) < 0)
					return FQ_ERROR;
				*out = less ? v <= sum : v >= sum;
				return FQ_OK;
			}
		case FQ_T_TIME:
			{
				/* the offset's time part only, without wrapping at midnight */
				int64_t sum;

				if (off->v.iv.usecs < 0)
					return bad_size(ws);
				sum = (int64_t) ((uint64_t) base->v.i + (sub ? -(uint64_t) off->v.iv.usecs
														  : (uint64_t) off->v.iv.usecs));
				*out = less ? val->v.i <= sum : val->v.i >= sum;
				return FQ_OK;
			}
		case FQ_T_INTERVAL:
			{
				fq_value sum = *base;
				int64_t sign = sub ? -1 : 1;
				uint8_t sa[FQ_SLOT_MAX];
				uint8_t sb[FQ_SLOT_MAX];
				int c;

				if (interval_sign(&off->v.iv) < 0)
					return bad_size(ws);
				if (__builtin_add_overflow(base->v.iv.usecs, sign * off->v.iv.usecs, &sum.v.iv.usecs) ||
					__builtin_add_overflow(base->v.iv.days, (int32_t) sign * off->v.iv.days,
										   &sum.v.iv.days) ||
					__builtin_add_overflow(base->v.iv.months, (int32_t) sign * off->v.iv.months,
										   &sum.v.iv.months))
					return fq_raise(ctx->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "interval out of range");
				fq_value_to_slot(val, sa);
				fq_value_to_slot(&sum, sb);
				c = fq_compare_slots(&base->type, sa, sb);
				*out = less ? c <= 0 : c >= 0;
				return FQ_OK;
			}
		default:
			return fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "RANGE offset over an unexpected type");
	}
}

/* The ORDER BY key of the row at position pos (RANGE with offsets has one). */
static void
range_key(const win_state *ws, const win_func *f, uint32_t pos, fq_value *out)
{
	const win_spec *sp = f->spec;
	const win_key *key = &ws->keys[sp->keys[sp->npart]];
	uint64_t ref = sp->refs[pos];

	fq_slot_to_value(fq_vector_slot(&key->vecs[REF_BATCH(ref)], REF_ROW(ref)), &key->vecs[0].type, out);
	out->isnull = fq_vector_is_null(&key->vecs[REF_BATCH(ref)], REF_ROW(ref));
}

/*
 * A RANGE bound with an offset over one partition, as PostgreSQL's
 * update_frameheadpos/update_frametailpos advance it: from the previous
 * row's position, forward while the row there is before the bound.  A
 * NULL key is where NULLS FIRST/LAST puts it: the NULLs are each other's
 * frame.
 */
static int
range_bound(win_state *ws, win_func *f, uint32_t ps, uint32_t pe, bool head, uint32_t *out)
{
	const fq_window_expr *w = f->w;
	bool preceding = (head ? w->start : w->end) == FQ_BOUND_PRECEDING;
	const fq_value *off = head ? &f->start_val : &f->end_val;
	bool sub = preceding;
	bool less = !head;
	bool nulls_first = w->nulls_first[0];
	uint32_t at = ps;

	if (w->desc[0])
	{
		/* a descending key: the other way round */
		sub = !sub;
		less = !less;
	}
	for (uint32_t i = ps; i < pe; i++)
	{
		fq_value cur;

		range_key(ws, f, i, &cur);
		for (; at < pe; at++)
		{
			fq_value v;
			bool in = false;

			range_key(ws, f, at, &v);
			if (v.isnull || cur.isnull)
			{
				if (head ? (nulls_first ? (!v.isnull || cur.isnull) : (v.isnull || !cur.isnull))
						 : (nulls_first ? !v.isnull : !cur.isnull))
					break;
				continue;
			}
			fq_arena_reset(ws->tmp);
			if (in_range(ws, &v, &cur, off, sub, less, &in) < 0)
				return FQ_ERROR;
			/* the head is the first row in range, the tail the first past it */
			if (head ? in : !in)
				break;
		}
		out[i] = at;
	}
	return FQ_OK;
}

/*
 * Every row's frame, f->heads and f->tails, before exclusions.  ROWS
 * offsets count rows and GROUPS offsets peer groups, both stopping at the
 * partition's ends; RANGE's offsets compare ORDER BY keys (range_bound).
 */
static int
compute_frames(win_state *ws, win_func *f)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const fq_window_expr *w = f->w;
	const win_spec *sp = f->spec;
	int start = w->frame == FQ_FRAME_DEFAULT ? FQ_BOUND_UNBOUNDED_PRECEDING : w->start;
	int end = w->frame == FQ_FRAME_DEFAULT ? FQ_BOUND_CURRENT_ROW : w->end;
	uint32_t n = ws->nrows;

	f->heads = fq_arena_alloc(ws->scratch, sizeof(uint32_t) * (n ? n : 1));
	f->tails = fq_arena_alloc(ws->scratch, sizeof(uint32_t) * (n ? n : 1));
	if (f->heads == NULL || f->tails == NULL)
		return fq_raise_nomem(ctx->d, ws->scratch);
	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];
		uint32_t first_group = sp->group[ps];
		uint32_t last_group = sp->group[pe - 1];

		if (w->frame == FQ_FRAME_RANGE && start != FQ_BOUND_UNBOUNDED_PRECEDING &&
			start != FQ_BOUND_CURRENT_ROW && range_bound(ws, f, ps, pe, true, f->heads) < 0)
			return FQ_ERROR;
		if (w->frame == FQ_FRAME_RANGE && end != FQ_BOUND_UNBOUNDED_FOLLOWING &&
			end != FQ_BOUND_CURRENT_ROW && range_bound(ws, f, ps, pe, false, f->tails) < 0)
			return FQ_ERROR;
		for (uint32_t pos = ps; pos < pe; pos++)
		{
			uint32_t g = sp->group[pos];
			uint32_t h;
			uint32_t t;

			if (check_cancel(ws, pos) < 0)
				return FQ_ERROR;
			switch (start)
			{
				case FQ_BOUND_PRECEDING:
					if (w->frame == FQ_FRAME_ROWS)
						h = (uint64_t) f->start_off >= pos - ps ? ps : pos - (uint32_t) f->start_off;
					else if (w->frame == FQ_FRAME_GROUPS)
						h = (uint64_t) f->start_off >= g - first_group
							? ps : sp->group_start[g - (uint32_t) f->start_off];
					else
						h = f->heads[pos];
					break;
				case FQ_BOUND_CURRENT_ROW:
					h = w->frame == FQ_FRAME_ROWS ? pos : sp->peer_start[pos];
					break;
				case FQ_BOUND_FOLLOWING:
					if (w->frame == FQ_FRAME_ROWS)
						h = (uint64_t) f->start_off >= pe - pos ? pe : pos + (uint32_t) f->start_off;
					else if (w->frame == FQ_FRAME_GROUPS)
						h = (uint64_t) f->start_off > last_group - g
							? pe : sp->group_start[g + (uint32_t) f->start_off];
					else
						h = f->heads[pos];
					break;
				default: /* UNBOUNDED PRECEDING */
					h = ps;
					break;
			}
			switch (end)
			{
				case FQ_BOUND_PRECEDING:
					if (w->frame == FQ_FRAME_ROWS)
						t = (uint64_t) f->end_off > pos - ps ? ps : pos - (uint32_t) f->end_off + 1;
					else if (w->frame == FQ_FRAME_GROUPS)
						t = (uint64_t) f->end_off > g - first_group
							? ps : sp->group_start[g - (uint32_t) f->end_off + 1];
					else
						t = f->tails[pos];
					break;
				case FQ_BOUND_FOLLOWING:
					if (w->frame == FQ_FRAME_ROWS)
						t = (uint64_t) f->end_off >= pe - pos - 1 ? pe : pos + (uint32_t) f->end_off + 1;
					else if (w->frame == FQ_FRAME_GROUPS)
						t = (uint64_t) f->end_off >= last_group - g
							? pe : sp->group_start[g + (uint32_t) f->end_off + 1];
					else
						t = f->tails[pos];
					break;
				case FQ_BOUND_UNBOUNDED_FOLLOWING:
					t = pe;
					break;
				default: /* CURRENT ROW */
					t = w->frame == FQ_FRAME_ROWS ? pos + 1 : sp->peer_end[pos];
					break;
			}
			f->heads[pos] = h;
			f->tails[pos] = t > h ? t : h;
		}
	}
	return FQ_OK;
}

/* ---- ranking ---- */

static void
compute_rank(win_func *f)
{
	const win_spec *sp = f->spec;

	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];
		int64_t dense = 0;

		for (uint32_t i = ps; i < pe; i++)
		{
			uint64_t ref = sp->refs[i];
			int64_t rank = (int64_t) (sp->peer_start[i] - ps) + 1;

			if (sp->peer_start[i] == i)
				dense++;
			switch (f->w->kind)
			{
				case FQ_WIN_ROW_NUMBER:
					set_int8(f, ref, (int64_t) (i - ps) + 1);
					break;
				case FQ_WIN_RANK:
					set_int8(f, ref, rank);
					break;
				case FQ_WIN_DENSE_RANK:
					set_int8(f, ref, dense);
					break;
				case FQ_WIN_PERCENT_RANK:
					/* 0 for a partition of one row, as the standard says */
					set_float8(f, ref, pe - ps > 1 ? (double) (rank - 1) / (double) (pe - ps - 1) : 0.0);
					break;
				default: /* CUME_DIST: rows up to the last peer */
					set_float8(f, ref, (double) (sp->peer_end[i] - ps) / (double) (pe - ps));
					break;
			}
		}
	}
}

/*
 * ntile(n): n is read on a partition's first row, and on the next ones
 * while it is NULL (their result is NULL); from the row where it is not,
 * rows go into n buckets as PostgreSQL's window_ntile counts them, the
 * first (total % n) buckets one row larger, total being the whole
 * partition's rows.
 */
static int
compute_ntile(win_state *ws, win_func *f)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const win_spec *sp = f->spec;

	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];
		int64_t total = pe - ps;
		int64_t boundary;
		int64_t remainder = 0;
		int64_t in_bucket = 0;
		int32_t bucket = 1;
		int32_t nb = 0;
		uint32_t i = ps;

		for (; i < pe; i++)
		{
			fq_vector v;
			bool isnull;

			fq_arena_reset(ws->tmp);
			if (eval_row(ws, f->kids[0], sp->refs[i], &v) < 0)
				return FQ_ERROR;
			isnull = fq_vector_is_null(&v, 0);
			nb = isnull ? 0 : ((const int32_t *) v.data)[0];
			if (!isnull)
				break;
			if (set_null(ws, f, sp->refs[i]) < 0)
				return FQ_ERROR;
		}
		if (i == pe)
			continue;
		if (nb <= 0)
			return fq_raise(ctx->d, FQ_ERR_INVALID_ARGUMENT_FOR_NTILE, 0,
							"argument of ntile must be greater than zero");
		boundary = total / nb;
		if (boundary <= 0)
			boundary = 1;
		else if ((remainder = total % nb) != 0)
			boundary++;
		for (; i < pe; i++)
		{
			if (++in_bucket > boundary)
			{
				if (remainder != 0 && bucket == remainder)
				{
					remainder = 0;
					boundary--;
				}
				bucket++;
				in_bucket = 1;
			}
			((int32_t *) f->res[REF_BATCH(sp->refs[i])].data)[REF_ROW(sp->refs[i])] = bucket;
		}
	}
	return FQ_OK;
}

/* ---- values of other rows ---- */

/*
 * The row `relpos` rows into the frame of the row at pos (first_value,
 * nth_value), stepping over the rows EXCLUDE leaves out as PostgreSQL's
 * WinGetFuncArgInFrame does; the caller checks that the row it lands on
 * is in the frame.
 */
static int64_t
frame_head_row(const win_func *f, uint32_t pos, int64_t relpos)
{
	const win_spec *sp = f->spec;
	int64_t head = f->heads[pos];
	int64_t at = head + relpos;
	int64_t gh = sp->peer_start[pos];
	int64_t gt = sp->peer_end[pos];

	switch (f->w->exclude)
	{
		case FQ_EXCLUDE_CURRENT_ROW:
			if (at >= pos && pos >= head)
				at++;
			break;
		case FQ_EXCLUDE_GROUP:
			if (at >= gh && gt > head)
				at += gt - (gh > head ? gh : head);
			break;
		case FQ_EXCLUDE_TIES:
			if (at >= gh && gt > head)
			{
				int64_t overlap = gh > head ? gh : head;

				at = at == overlap ? pos : at + gt - overlap - 1;
			}
			break;
		default:
			break;
	}
	return at;
}

/* The frame's last row for the row at pos (last_value), likewise. */
static int64_t
frame_tail_row(const win_func *f, uint32_t pos)
{
	const win_spec *sp = f->spec;
	int64_t tail = f->tails[pos];
	int64_t at = tail - 1;
	int64_t gh = sp->peer_start[pos];
	int64_t gt = sp->peer_end[pos];

	switch (f->w->exclude)
	{
		case FQ_EXCLUDE_CURRENT_ROW:
			if (at <= pos && pos < tail)
				at--;
			break;
		case FQ_EXCLUDE_GROUP:
			if (at < gt && gh < tail)
				at -= (gt < tail ? gt : tail) - gh;
			break;
		case FQ_EXCLUDE_TIES:
			if (at < gt && gh < tail)
			{
				int64_t overlap_end = gt < tail ? gt : tail;

				at = at == overlap_end - 1 ? pos : at - (overlap_end - 1 - gh);
			}
			break;
		default:
			break;
	}
	return at;
}

/* Where a row's value comes from: a position, or one of these. */
#define FROM_NULL (-1)    /* NULL */
#define FROM_DEFAULT (-2) /* lag/lead's default, on the row itself */

/*
 * lag/lead: the value `offset` rows before/after in the partition (1 when
 * not given; NULL when it is NULL), else the default (NULL when none).
 * first_value/last_value: the frame's first/last row; nth_value: its n-th
 * (n > 0, else 22016; NULL n gives NULL).  An empty frame gives NULL.
 */
static int
compute_value(win_state *ws, win_func *f)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const fq_window_expr *w = f->w;
	const win_spec *sp = f->spec;
	bool leadlag = w->kind == FQ_WIN_LAG || w->kind == FQ_WIN_LEAD;
	fq_vector *nvecs = NULL;  /* lag/lead's offset, nth_value's n */
	fq_vector *vvecs = NULL;
	fq_vector *dvecs = NULL;
	int64_t *from = fq_arena_alloc(ws->scratch, sizeof(int64_t) * (ws->nrows ? ws->nrows : 1));
	win_marks vm = new_marks(ws);
	win_marks dm = new_marks(ws);

	if (from == NULL)
		return fq_raise_nomem(ctx->d, ws->scratch);
	if (vm == NULL || dm == NULL)
		return FQ_ERROR;
	if (((leadlag && w->nargs >= 2) || w->kind == FQ_WIN_NTH_VALUE) &&
		eval_marked(ws, f->kids[1], NULL, &nvecs) < 0)
		return FQ_ERROR;
	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];

		for (uint32_t i = ps; i < pe; i++)
		{
			uint64_t ref = sp->refs[i];
			int64_t n = 1;
			int64_t target;
			uint32_t head;
			uint32_t tail;

			if (nvecs != NULL)
			{
				const fq_vector *nv = &nvecs[REF_BATCH(ref)];

				if (fq_vector_is_null(nv, REF_ROW(ref)))
				{
					from[i] = FROM_NULL;
					continue;
				}
				n = ((const int32_t *) nv->data)[REF_ROW(ref)];
			}
			if (leadlag)
			{
				target = w->kind == FQ_WIN_LEAD ? (int64_t) i + n : (int64_t) i - n;
				if (target < ps || target >= pe)
				{
					from[i] = w->nargs == 3 ? FROM_DEFAULT : FROM_NULL;
					if (w->nargs == 3 && mark(ws, dm, ref) < 0)
						return FQ_ERROR;
					continue;
				}
			}
			else
			{
				if (w->kind == FQ_WIN_NTH_VALUE && n <= 0)
					return fq_raise(ctx->d, FQ_ERR_INVALID_ARGUMENT_FOR_NTH_VALUE, 0,
									"argument of nth_value must be greater than zero");
				frame_of(f, i, &head, &tail);
				target = w->kind == FQ_WIN_LAST_VALUE ? frame_tail_row(f, i)
					: frame_head_row(f, i, n - 1);
				/* outside the partition, the frame, or excluded: NULL */
				if (target < ps || target >= pe || target < head || target >= tail ||
					excluded(f, i, (uint32_t) target))
				{
					from[i] = FROM_NULL;
					continue;
				}
			}
			from[i] = target;
			if (mark(ws, vm, sp->refs[target]) < 0)
				return FQ_ERROR;
		}
	}
	if (eval_marked(ws, f->kids[0], vm, &vvecs) < 0 ||
		(leadlag && w->nargs == 3 && eval_marked(ws, f->kids[2], dm, &dvecs) < 0))
		return FQ_ERROR;
	for (uint32_t i = 0; i < ws->nrows; i++)
	{
		uint64_t ref = sp->refs[i];
		int rc = from[i] == FROM_NULL ? set_null(ws, f, ref)
			: from[i] == FROM_DEFAULT ? set_value(ws, f, ref, dvecs, ref)
			: set_value(ws, f, ref, vvecs, sp->refs[from[i]]);

		if (rc < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* ---- aggregates ---- */

/*
 * One partition of a window aggregate.  `in` marks the rows it counts
 * (in some frame, kept by FILTER, arguments taken); args holds the
 * arguments' values, nargs vectors per stored batch (NULL for count(*)).
 */
static int
aggregate_partition(win_state *ws, win_func *f, uint32_t ps, uint32_t pe, win_marks in,
					const fq_vector *args)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const win_spec *sp = f->spec;
	bool invertible = fq_aggacc_invertible(&f->agg);
	fq_aggacc acc;
	bool started = false;
	uint32_t acc_head = ps; /* acc holds the counted rows of [acc_head, acc_tail) */
	uint32_t acc_tail = ps;
	uint32_t prev_head = 0;
	uint32_t prev_tail = 0;

	memset(&acc, 0, sizeof(acc));
	int nargs = f->agg.nargs;

	for (uint32_t i = ps; i < pe; i++)
	{
		uint64_t ref = sp->refs[i];
		uint32_t b = REF_BATCH(ref);
		uint32_t head;
		uint32_t tail;

		if (check_cancel(ws, i) < 0)
			return FQ_ERROR;
		frame_of(f, i, &head, &tail);
		if (f->w->exclude != FQ_EXCLUDE_NO_OTHERS)
		{
			/* rows left out inside the frame: PostgreSQL aggregates the
			 * frame anew for every row */
			fq_aggacc_reset(&f->agg, &acc);
			for (uint32_t j = head; j < tail; j++)
			{
				uint64_t r = sp->refs[j];

				/* (a row's arguments: nargs vectors per batch) */
				if (marked(in, r) && !excluded(f, i, j) &&
					fq_aggacc_add(ctx, &f->agg, &acc,
								  args != NULL ? &args[REF_BATCH(r) * (uint32_t) nargs] : NULL,
								  REF_ROW(r), ws->store, ws->tmp, NULL) < 0)
					return FQ_ERROR;
			}
			if (fq_aggacc_finish(ctx, &f->agg, &acc, &f->res[b], REF_ROW(ref),
								 ws->batches[b].nrows, ws->store) < 0)
				return FQ_ERROR;
			fq_arena_reset(ws->tmp);
			continue;
		}
		if (started && head == prev_head && tail == prev_tail)
		{
			/* the same frame (peers, a whole partition): the same value */
			if (set_value(ws, f, ref, f->res, sp->refs[i - 1]) < 0)
				return FQ_ERROR;
			continue;
		}
		if (started && head != acc_head && invertible && head <= acc_tail)
		{
			/* the rows the head left behind go out again */
			for (; acc_head < head; acc_head++)
			{
				uint64_t r = sp->refs[acc_head];

				if (marked(in, r) &&
					!fq_aggacc_remove(&f->agg, &acc,
									  args != NULL ? &args[REF_BATCH(r) * (uint32_t) nargs] : NULL,
									  REF_ROW(r), ws->store, ws->tmp))
				{
					started = false; /* it cannot: start again */
					break;
				}
			}
		}
		if (!started || head != acc_head)
		{
			/* PostgreSQL restarts the aggregate from the frame's head */
			fq_aggacc_reset(&f->agg, &acc);
			acc_head = acc_tail = head;
		}
		for (; acc_tail < tail; acc_tail++)
			if (marked(in, sp->refs[acc_tail]))
			{
				uint64_t r = sp->refs[acc_tail];

				if (fq_aggacc_add(ctx, &f->agg, &acc,
								  args != NULL ? &args[REF_BATCH(r) * (uint32_t) nargs] : NULL,
								  REF_ROW(r), ws->store, ws->tmp, NULL) < 0)
					return FQ_ERROR;
			}
		if (fq_aggacc_finish(ctx, &f->agg, &acc, &f->res[b], REF_ROW(ref), ws->batches[b].nrows,
							 ws->store) < 0)
			return FQ_ERROR;
		fq_arena_reset(ws->tmp);
		started = true;
		prev_head = head;
		prev_tail = tail;
	}
	return FQ_OK;
}

static int
compute_aggregate(win_state *ws, win_func *f)
{
	const fq_window_expr *w = f->w;
	const win_spec *sp = f->spec;
	win_marks in = new_marks(ws);
	fq_vector *fvecs = NULL;
	fq_vector *avecs = NULL;

	if (in == NULL)
		return FQ_ERROR;
	/* The rows of some frame: heads and tails only move forward, so one
	 * sweep per partition marks their union (with EXCLUDE, the rows some
	 * frame does not leave out). */
	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];
		uint32_t done = ps;

		for (uint32_t i = ps; i < pe; i++)
		{
			uint32_t head;
			uint32_t tail;

			frame_of(f, i, &head, &tail);
			if (w->exclude != FQ_EXCLUDE_NO_OTHERS)
			{
				if (check_cancel(ws, i) < 0)
					return FQ_ERROR;
				for (uint32_t j = head; j < tail; j++)
					if (!excluded(f, i, j) && !marked(in, sp->refs[j]) &&
						mark(ws, in, sp->refs[j]) < 0)
						return FQ_ERROR;
				continue;
			}
			for (uint32_t j = head > done ? head : done; j < tail; j++)
				if (mark(ws, in, sp->refs[j]) < 0)
					return FQ_ERROR;
			if (tail > done)
				done = tail;
		}
	}
	/* FILTER on those rows, then the argument on the rows it keeps. */
	if (w->has_filter)
	{
		if (eval_marked(ws, f->kids[w->nargs + w->npart + w->norder], in, &fvecs) < 0)
			return FQ_ERROR;
		for (uint32_t b = 0; b < ws->nbatches; b++)
			for (uint32_t r = 0; in[b] != NULL && r < ws->batches[b].nrows; r++)
				if (in[b][r] && (fq_vector_is_null(&fvecs[b], r) || !((const uint8_t *) fvecs[b].data)[r]))
					in[b][r] = 0;
	}
	if (w->nargs > 0)
	{
		/* each argument for the rows FILTER keeps, laid out batch by
		 * batch, then the rows the aggregate takes */
		uint32_t n = (uint32_t) w->nargs;

		if ((avecs = FQ_NEW_ARRAY(ws->store, fq_vector, ws->nbatches ? ws->nbatches * n : 1)) == NULL)
			return fq_raise_nomem(ws->n.ctx->d, ws->store);
		for (uint32_t k = 0; k < n; k++)
		{
			fq_vector *vecs;

			if (eval_marked(ws, f->kids[k], in, &vecs) < 0)
				return FQ_ERROR;
			for (uint32_t b = 0; b < ws->nbatches; b++)
				avecs[b * n + k] = vecs[b];
		}
		for (uint32_t b = 0; b < ws->nbatches; b++)
			for (uint32_t r = 0; in[b] != NULL && r < ws->batches[b].nrows; r++)
				if (in[b][r] && !fq_aggacc_takes(&f->agg, &avecs[b * n], r))
					in[b][r] = 0;
	}
	for (uint32_t p = 0; p < sp->nparts; p++)
		if (aggregate_partition(ws, f, sp->part_start[p], sp->part_start[p + 1], in, avecs) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

/* ---- the operator ---- */

/* A frame offset: a constant, not NULL, for ROWS and GROUPS not negative
 * (PostgreSQL checks them once, before reading any row; RANGE's sign when
 * it compares), into *out or, for RANGE, *val. */
static int
frame_offset(win_state *ws, win_func *f, int kid, bool start, int64_t *out, fq_value *val)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	fq_value v;

	/* a RANGE offset outlives the rows (spilled, they are read again) */
	if (fq_eval_const(ctx, f->kids[kid], f->w->frame == FQ_FRAME_RANGE ? ctx->arena : ws->tmp,
					  &v) < 0)
		return FQ_ERROR;
	if (v.isnull)
		return fq_raise(ctx->d, FQ_ERR_NULL_VALUE_NOT_ALLOWED, 0,
						"frame %s offset must not be null", start ? "starting" : "ending");
	if (f->w->frame == FQ_FRAME_RANGE)
	{
		*val = v;
		return FQ_OK;
	}
	if (v.v.i < 0)
		return fq_raise(ctx->d, FQ_ERR_INVALID_PRECEDING_OR_FOLLOWING_SIZE, 0,
						"frame %s offset must not be negative", start ? "starting" : "ending");
	*out = v.v.i;
	return FQ_OK;
}

static int
compute(win_state *ws)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	uint64_t *input = fq_arena_alloc(ws->store, sizeof(uint64_t) * (ws->nrows ? ws->nrows : 1));
	const uint64_t *prev = input;
	uint32_t k = 0;

	if (input == NULL)
		return fq_raise_nomem(ctx->d, ws->store);
	for (uint32_t b = 0; b < ws->nbatches; b++)
		for (uint32_t r = 0; r < ws->batches[b].nrows; r++)
			input[k++] = ((uint64_t) b << 16) | r;
	for (int s = 0; s < ws->nspecs; s++)
	{
		win_spec *sp = &ws->specs[s];

		fq_arena_reset(ws->scratch);
		if (order_spec(ws, sp, prev) < 0)
			return FQ_ERROR;
		prev = sp->refs;
		for (int i = 0; i < ws->nfuncs; i++)
		{
			win_func *f = &ws->funcs[i];
			int rc;

			if (f->spec != sp)
				continue;
			f->res = FQ_NEW_ARRAY(ws->store, fq_vector, ws->nbatches ? ws->nbatches : 1);
			if (f->res == NULL)
				return fq_raise_nomem(ctx->d, ws->store);
			for (uint32_t b = 0; b < ws->nbatches; b++)
			{
				f->res[b].type = f->w->e.type;
				f->res[b].data = fq_arena_alloc(ws->store, fq_type_size(&f->w->e.type) *
														   ws->batches[b].nrows);
				if (f->res[b].data == NULL)
					return fq_raise_nomem(ctx->d, ws->store);
			}
			fq_arena_reset(ws->scratch);
			if (compute_frames(ws, f) < 0)
				return FQ_ERROR;
			switch (f->w->kind)
			{
				case FQ_WIN_ROW_NUMBER:
				case FQ_WIN_RANK:
				case FQ_WIN_DENSE_RANK:
				case FQ_WIN_PERCENT_RANK:
				case FQ_WIN_CUME_DIST:
					compute_rank(f);
					rc = FQ_OK;
					break;
				case FQ_WIN_NTILE:
					rc = compute_ntile(ws, f);
					break;
				case FQ_WIN_LAG:
				case FQ_WIN_LEAD:
				case FQ_WIN_FIRST_VALUE:
				case FQ_WIN_LAST_VALUE:
				case FQ_WIN_NTH_VALUE:
					rc = compute_value(ws, f);
					break;
				case FQ_WIN_AGG:
					rc = compute_aggregate(ws, f);
					break;
				default:
					rc = fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized window function");
					break;
			}
			if (rc < 0)
				return FQ_ERROR;
		}
	}
	fq_arena_reset(ws->scratch);
	ws->order = prev;
	ws->computed = true;
	return FQ_OK;
}

static int
window_next(fq_exec_node *node, const fq_batch **out)
{
	win_state *ws = (win_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	const fq_plan *plan = node->plan;
	uint32_t n;
	fq_type *types;

	for (;;)
	{
		int rc;

		if (ws->computed && ws->emitted < ws->nrows)
			break;
		/* all out: the next partition file, if the rows spilled */
		if (ws->computed && (!ws->spilled || next_file(ws) == 0))
			return 0;
		if (!ws->started)
		{
			for (int i = 0; i < ws->nfuncs; i++)
			{
				win_func *f = &ws->funcs[i];
				const fq_window_expr *w = f->w;
				int kid = w->nargs + w->npart + w->norder + (w->has_filter ? 1 : 0);

				if (w->has_start_offset &&
					frame_offset(ws, f, kid++, true, &f->start_off, &f->start_val) < 0)
					return FQ_ERROR;
				if (w->has_end_offset &&
					frame_offset(ws, f, kid, false, &f->end_off, &f->end_val) < 0)
					return FQ_ERROR;
			}
			ws->started = true;
		}
		fq_arena_reset(ws->tmp);
		if ((rc = read_input(ws)) < 0)
		{
			why_not_spilled(ws);
			return FQ_ERROR;
		}
		if (rc == ROWS_SPILLED)
		{
			if (next_file(ws) == 0)
				return 0;
			ws->computed = false;
			continue;
		}
		if (compute(ws) < 0)
		{
			why_not_spilled(ws);
			return FQ_ERROR;
		}
	}
	n = ws->nrows - ws->emitted > FQ_BATCH_ROWS ? FQ_BATCH_ROWS : ws->nrows - ws->emitted;
	fq_arena_reset(ws->out_arena);
	types = FQ_NEW_ARRAY(ws->out_arena, fq_type, plan->nout > 0 ? plan->nout : 1);
	if (types == NULL)
		return fq_raise_nomem(ctx->d, ws->out_arena);
	for (int c = 0; c < plan->nout; c++)
		types[c] = plan->out[c].type;
	if (fq_batch_init(&ws->out, ws->out_arena, types, plan->nout, n) < 0)
		return fq_raise_nomem(ctx->d, ws->out_arena);
	for (uint32_t i = 0; i < n; i++)
	{
		uint64_t ref = ws->order[ws->emitted + i];
		uint32_t b = REF_BATCH(ref);

		for (int c = 0; c < plan->nout; c++)
		{
			const fq_vector *src = ws->src[c] >= 0 ? &ws->batches[b].cols[ws->src[c]]
												   : &ws->funcs[-1 - ws->src[c]].res[b];

			if (fq_vector_copy_row(&ws->out.cols[c], i, src, REF_ROW(ref), ws->out_arena, n, false) < 0)
				return fq_raise_nomem(ctx->d, ws->out_arena);
		}
	}
	ws->out.nrows = n;
	ws->emitted += n;
	*out = &ws->out;
	return 1;
}

static void
window_end(fq_exec_node *node)
{
	win_state *ws = (win_state *) node;

	for (int p = 0; p < WIN_FANOUT; p++)
	{
		fq_spill_close(ws->parts[p]);
		ws->parts[p] = NULL;
	}
	fq_spill_close(ws->rfile);
	ws->rfile = NULL;
	for (int i = 0; i < ws->nqueue; i++)
		fq_spill_close(ws->queue[i].f);
	ws->nqueue = 0;
	fq_arena_free(ws->store);
	fq_arena_free(ws->scratch);
	fq_arena_free(ws->tmp);
	fq_arena_free(ws->out_arena);
	fq_arena_free(ws->part_arena);
	ws->store = ws->scratch = ws->tmp = ws->out_arena = ws->part_arena = NULL;
}

/* The index of the key computing e, added if new; -1 on failure. */
static int
key_of(win_state *ws, fq_exec_ctx *ctx, const fq_plan *plan, const fq_expr *e, int cap)
{
	for (int k = 0; k < ws->nkeys; k++)
		if (fq_expr_equal(ws->keys[k].bound, e))
			return k;
	if (ws->nkeys == cap)
	{
		fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "too many window keys");
		return -1;
	}
	ws->keys[ws->nkeys].bound = e;
	if ((ws->keys[ws->nkeys].expr = fq_exec_resolve(ctx, e, plan->left)) == NULL)
		return -1;
	return ws->nkeys++;
}

/* The window (ordering) function w runs over, added if new. */
static win_spec *
spec_of(win_state *ws, fq_exec_ctx *ctx, const fq_plan *plan, const fq_window_expr *w, int keycap)
{
	int nk = w->npart + w->norder;
	win_spec *sp;

	for (int s = 0; s < ws->nspecs; s++)
	{
		const fq_window_expr *o = ws->specs[s].w;
		bool same = o->npart == w->npart && o->norder == w->norder;

		for (int i = 0; same && i < nk; i++)
			same = fq_expr_equal(o->kids[o->nargs + i], w->kids[w->nargs + i]);
		for (int i = 0; same && i < w->norder; i++)
			same = o->desc[i] == w->desc[i] && o->nulls_first[i] == w->nulls_first[i];
		if (same)
			return &ws->specs[s];
	}
	sp = &ws->specs[ws->nspecs++];
	sp->w = w;
	sp->npart = w->npart;
	sp->norder = w->norder;
	if ((sp->keys = FQ_NEW_ARRAY(ctx->arena, int, nk > 0 ? nk : 1)) == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int i = 0; i < nk; i++)
		if ((sp->keys[i] = key_of(ws, ctx, plan, w->kids[w->nargs + i], keycap)) < 0)
			return NULL;
	return sp;
}

/* Whether the window partitions by key (an index of win_state.keys). */
static bool
part_key_in(const win_spec *sp, int key)
{
	for (int j = 0; j < sp->npart; j++)
		if (sp->keys[j] == key)
			return true;
	return false;
}

fq_exec_node *
fq_exec_init_window(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_window *wp = (const fq_plan_window *) plan;
	win_state *ws = (win_state *) fq_exec_new_node(ctx, plan, sizeof(win_state));
	int keycap = 0;

	if (ws == NULL)
		return NULL;
	ws->n.next = window_next;
	ws->n.end = window_end;
	if ((ws->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	for (int j = 0; j < wp->nfuncs; j++)
		keycap += wp->funcs[j]->npart + wp->funcs[j]->norder;
	ws->src = FQ_NEW_ARRAY(ctx->arena, int, plan->nout > 0 ? plan->nout : 1);
	ws->funcs = FQ_NEW_ARRAY(ctx->arena, win_func, wp->nfuncs > 0 ? wp->nfuncs : 1);
	ws->specs = FQ_NEW_ARRAY(ctx->arena, win_spec, wp->nfuncs > 0 ? wp->nfuncs : 1);
	ws->keys = FQ_NEW_ARRAY(ctx->arena, win_key, keycap > 0 ? keycap : 1);
	if (ws->src == NULL || ws->funcs == NULL || ws->specs == NULL || ws->keys == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	/* Only the functions read above are computed: PostgreSQL drops a
	 * subquery's unused window functions too, errors and all. */
	for (int c = 0; c < plan->nout; c++)
	{
		const fq_plan_col *col = &plan->out[c];
		const fq_window_expr *w;
		win_func *f;

		if (col->rel != wp->rel)
		{
			if ((ws->src[c] = fq_plan_find_col(plan->left, col->rel, col->col)) < 0)
			{
				fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a window output is not in its input");
				return NULL;
			}
			continue;
		}
		if (col->col < 0 || col->col >= wp->nfuncs)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a window output has no function");
			return NULL;
		}
		w = wp->funcs[col->col];
		f = &ws->funcs[ws->nfuncs];
		ws->src[c] = -1 - ws->nfuncs++;
		f->w = w;
		if ((f->kids = FQ_NEW_ARRAY(ctx->arena, fq_expr *, w->nkids > 0 ? w->nkids : 1)) == NULL)
		{
			fq_raise_nomem(ctx->d, ctx->arena);
			return NULL;
		}
		for (int k = 0; k < w->nkids; k++)
			if ((f->kids[k] = fq_exec_resolve(ctx, w->kids[k], plan->left)) == NULL)
				return NULL;
		if (w->kind == FQ_WIN_AGG)
		{
			fq_type types[2];

			for (int k = 0; k < w->nargs && k < 2; k++)
				types[k] = w->kids[k]->type;
			if (fq_aggacc_fn_window(ctx, &f->agg, w->agg, &w->e.type, types, w->nargs) < 0)
				return NULL;
		}
		if ((f->spec = spec_of(ws, ctx, plan, w, keycap)) == NULL)
			return NULL;
	}
	ws->store = fq_arena_new(&ctx->st->acct);
	ws->scratch = fq_arena_new(&ctx->st->acct);
	ws->tmp = fq_arena_new(&ctx->st->acct);
	ws->out_arena = fq_arena_new(&ctx->st->acct);
	ws->part_arena = fq_arena_new(&ctx->st->acct);
	if (ws->store == NULL || ws->scratch == NULL || ws->tmp == NULL || ws->out_arena == NULL ||
		ws->part_arena == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	/* Spilling by partition files needs partition keys every window
	 * partitions by (then each window partition is in one file). */
	if (fq_spill_budget(ctx) > 0 && ws->nspecs > 0 && ws->specs[0].npart > 0)
	{
		const win_spec *first = &ws->specs[0];

		if ((ws->pkeys = FQ_NEW_ARRAY(ctx->arena, int, first->npart)) == NULL)
		{
			fq_raise_nomem(ctx->d, ctx->arena);
			return NULL;
		}
		for (int i = 0; i < first->npart; i++)
		{
			bool everywhere = true;

			for (int s = 1; s < ws->nspecs && everywhere; s++)
				everywhere = part_key_in(&ws->specs[s], first->keys[i]);
			if (everywhere)
				ws->pkeys[ws->npkeys++] = first->keys[i];
		}
		ws->can_spill = ws->npkeys > 0;
	}
	return &ws->n;
}
