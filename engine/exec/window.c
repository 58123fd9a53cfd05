/*
 * window.c — Window: window functions over the rows of its input, with
 * PostgreSQL 15's semantics (nodeWindowAgg.c, windowfuncs.c).
 *
 * The operator reads its whole input into a store arena charged to the
 * query (so MemoryLimit applies, as to Sort), then computes every function
 * the plan outputs and returns the input's rows with one column per
 * function, in the order of the last window it computed.
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
 * current row's last peer) by default; ROWS bounds count rows, RANGE's
 * CURRENT ROW means the first or last peer.  Aggregates take the frame's
 * rows in frame order: they go on from the previous row's state when the
 * head stays, take rows out again when the head moves and the aggregate
 * can (aggacc.h), and start again from the new head otherwise, so float
 * sums round as PostgreSQL's do.
 *
 * Entry points: fq_exec_init_window, then next/end as every operator.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/aggacc.h"
#include "exec/vector.h"
#include "sql/ast.h"
#include "types/types.h"

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
} win_spec;

typedef struct win_func
{
	const fq_window_expr *w;
	win_spec *spec;
	fq_expr **kids;      /* w->kids resolved against the input */
	fq_aggacc_fn agg;    /* FQ_WIN_AGG */
	int64_t start_off;   /* ROWS n PRECEDING/FOLLOWING */
	int64_t end_off;
	fq_vector *res;      /* its values, one vector per stored batch */
} win_func;

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
	fq_batch out;
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
static int
read_input(win_state *ws)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	const fq_batch *in;
	int rc;

	while ((rc = fq_exec_pull(ws->n.left, &in)) > 0)
		if (in->nrows > 0 && keep_batch(ws, in) < 0)
			return FQ_ERROR;
	if (rc < 0)
		return FQ_ERROR;
	/* The input is done: release it (and its remote connection) now. */
	fq_exec_end_node(ws->n.left);
	for (int k = 0; k < ws->nkeys; k++)
	{
		win_key *key = &ws->keys[k];

		key->vecs = FQ_NEW_ARRAY(ws->store, fq_vector, ws->nbatches ? ws->nbatches : 1);
		if (key->vecs == NULL)
			return fq_raise_nomem(ctx->d, ws->store);
		for (uint32_t b = 0; b < ws->nbatches; b++)
			if (fq_eval(ctx, key->expr, &ws->batches[b], NULL, ws->store, &key->vecs[b]) < 0)
				return FQ_ERROR;
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
 * Orders refs by partition then order keys, keeping the order rows came
 * in among equals: a bottom-up merge sort through tmp.  Input already in
 * order (a window over the previous one's order) costs one pass.
 */
static void
sort_refs(const win_state *ws, const win_spec *sp, uint64_t *refs, uint64_t *tmp, uint32_t n)
{
	int nk = sp->npart + sp->norder;
	uint64_t *from = refs;
	uint64_t *to = tmp;
	uint32_t i;

	for (i = 1; i < n; i++)
		if (compare_keys(ws, sp, 0, nk, refs[i - 1], refs[i]) > 0)
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
				to[k++] = compare_keys(ws, sp, 0, nk, from[l], from[r]) <= 0 ? from[l++] : from[r++];
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

/* Sorts the rows for one window (from `prev`'s order) and finds its
 * partitions and peers. */
static int
order_spec(win_state *ws, win_spec *sp, const uint64_t *prev)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	uint32_t n = ws->nrows;
	uint64_t *tmp;
	uint32_t np = 0;

	sp->refs = fq_arena_alloc(ws->store, sizeof(uint64_t) * (n ? n : 1));
	sp->peer_start = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n ? n : 1));
	sp->peer_end = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n ? n : 1));
	sp->part_start = fq_arena_alloc(ws->store, sizeof(uint32_t) * (n + 1));
	tmp = fq_arena_alloc(ws->scratch, sizeof(uint64_t) * (n ? n : 1));
	if (sp->refs == NULL || sp->peer_start == NULL || sp->peer_end == NULL ||
		sp->part_start == NULL)
		return fq_raise_nomem(ctx->d, ws->store);
	if (tmp == NULL)
		return fq_raise_nomem(ctx->d, ws->scratch);
	memcpy(sp->refs, prev, sizeof(uint64_t) * n);
	sort_refs(ws, sp, sp->refs, tmp, n);
	for (uint32_t i = 0; i < n; i++)
	{
		bool new_part = i == 0 || compare_keys(ws, sp, 0, sp->npart, sp->refs[i - 1], sp->refs[i]) != 0;

		if (new_part)
			sp->part_start[np++] = i;
		if (new_part ||
			compare_keys(ws, sp, sp->npart, sp->npart + sp->norder, sp->refs[i - 1], sp->refs[i]) != 0)
			sp->peer_start[i] = i;
		else
			sp->peer_start[i] = sp->peer_start[i - 1];
	}
	sp->part_start[np] = n;
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

/*
 * The frame of the row at position pos, as positions [*head, *tail) of
 * the window's order (empty when *head == *tail).  ps/pe bound its
 * partition.  Offsets saturate at the partition's ends.
 */
static void
frame_of(const win_func *f, uint32_t ps, uint32_t pe, uint32_t pos, uint32_t *head, uint32_t *tail)
{
	const fq_window_expr *w = f->w;
	const win_spec *sp = f->spec;
	bool rows = w->frame == FQ_FRAME_ROWS;
	uint32_t h;
	uint32_t t;

	switch (w->frame == FQ_FRAME_DEFAULT ? FQ_BOUND_UNBOUNDED_PRECEDING : w->start)
	{
		case FQ_BOUND_PRECEDING:
			h = (uint64_t) f->start_off >= pos - ps ? ps : pos - (uint32_t) f->start_off;
			break;
		case FQ_BOUND_CURRENT_ROW:
			h = rows ? pos : sp->peer_start[pos];
			break;
		case FQ_BOUND_FOLLOWING:
			h = (uint64_t) f->start_off >= pe - pos ? pe : pos + (uint32_t) f->start_off;
			break;
		default: /* UNBOUNDED PRECEDING */
			h = ps;
			break;
	}
	switch (w->frame == FQ_FRAME_DEFAULT ? FQ_BOUND_CURRENT_ROW : w->end)
	{
		case FQ_BOUND_PRECEDING:
			t = (uint64_t) f->end_off > pos - ps ? ps : pos - (uint32_t) f->end_off + 1;
			break;
		case FQ_BOUND_FOLLOWING:
			t = (uint64_t) f->end_off >= pe - pos - 1 ? pe : pos + (uint32_t) f->end_off + 1;
			break;
		case FQ_BOUND_UNBOUNDED_FOLLOWING:
			t = pe;
			break;
		default: /* CURRENT ROW */
			t = rows ? pos + 1 : sp->peer_end[pos];
			break;
	}
	*head = h;
	*tail = t > h ? t : h;
}

/* Every 4096 positions a long computation checks for cancellation. */
static int
check_cancel(win_state *ws, uint32_t pos)
{
	return (pos & 4095) == 0 ? fq_stmt_check_cancel(ws->n.ctx->st, ws->n.ctx->d) : FQ_OK;
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
				frame_of(f, ps, pe, i, &head, &tail);
				target = w->kind == FQ_WIN_LAST_VALUE ? (int64_t) tail - 1 : (int64_t) head + n - 1;
				if (head == tail || target >= tail)
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
 * (in some frame, kept by FILTER, argument not NULL); args holds the
 * argument's values (NULL for count(*)).
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
	for (uint32_t i = ps; i < pe; i++)
	{
		uint64_t ref = sp->refs[i];
		uint32_t b = REF_BATCH(ref);
		uint32_t head;
		uint32_t tail;

		if (check_cancel(ws, i) < 0)
			return FQ_ERROR;
		frame_of(f, ps, pe, i, &head, &tail);
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
					!fq_aggacc_remove(&f->agg, &acc, args != NULL ? &args[REF_BATCH(r)] : NULL,
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

				if (fq_aggacc_add(ctx, &f->agg, &acc, args != NULL ? &args[REF_BATCH(r)] : NULL,
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
	 * sweep per partition marks their union. */
	for (uint32_t p = 0; p < sp->nparts; p++)
	{
		uint32_t ps = sp->part_start[p];
		uint32_t pe = sp->part_start[p + 1];
		uint32_t done = ps;

		for (uint32_t i = ps; i < pe; i++)
		{
			uint32_t head;
			uint32_t tail;

			frame_of(f, ps, pe, i, &head, &tail);
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
		if (eval_marked(ws, f->kids[0], in, &avecs) < 0)
			return FQ_ERROR;
		for (uint32_t b = 0; b < ws->nbatches; b++)
			for (uint32_t r = 0; in[b] != NULL && r < ws->batches[b].nrows; r++)
				if (in[b][r] && fq_vector_is_null(&avecs[b], r))
					in[b][r] = 0;
	}
	for (uint32_t p = 0; p < sp->nparts; p++)
		if (aggregate_partition(ws, f, sp->part_start[p], sp->part_start[p + 1], in, avecs) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

/* ---- the operator ---- */

/* A frame offset: a constant, not NULL, not negative (PostgreSQL checks
 * them once, before reading any row). */
static int
frame_offset(win_state *ws, win_func *f, int kid, bool start, int64_t *out)
{
	fq_exec_ctx *ctx = ws->n.ctx;
	fq_value v;

	if (fq_eval_const(ctx, f->kids[kid], ws->tmp, &v) < 0)
		return FQ_ERROR;
	if (v.isnull)
		return fq_raise(ctx->d, FQ_ERR_NULL_VALUE_NOT_ALLOWED, 0,
						"frame %s offset must not be null", start ? "starting" : "ending");
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

	if (!ws->computed)
	{
		for (int i = 0; i < ws->nfuncs; i++)
		{
			win_func *f = &ws->funcs[i];
			const fq_window_expr *w = f->w;
			int kid = w->nargs + w->npart + w->norder + (w->has_filter ? 1 : 0);

			if (w->has_start_offset && frame_offset(ws, f, kid++, true, &f->start_off) < 0)
				return FQ_ERROR;
			if (w->has_end_offset && frame_offset(ws, f, kid, false, &f->end_off) < 0)
				return FQ_ERROR;
		}
		fq_arena_reset(ws->tmp);
		if (read_input(ws) < 0 || compute(ws) < 0)
			return FQ_ERROR;
	}
	if (ws->emitted >= ws->nrows)
		return 0;
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

	fq_arena_free(ws->store);
	fq_arena_free(ws->scratch);
	fq_arena_free(ws->tmp);
	fq_arena_free(ws->out_arena);
	ws->store = ws->scratch = ws->tmp = ws->out_arena = NULL;
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
			f->agg.kind = w->agg;
			f->agg.result = w->e.type;
			if (w->nargs > 0)
				f->agg.arg = w->kids[0]->type;
			if (fq_aggacc_check(&f->agg, ctx->d) < 0)
				return NULL;
		}
		if ((f->spec = spec_of(ws, ctx, plan, w, keycap)) == NULL)
			return NULL;
	}
	ws->store = fq_arena_new(&ctx->st->acct);
	ws->scratch = fq_arena_new(&ctx->st->acct);
	ws->tmp = fq_arena_new(&ctx->st->acct);
	ws->out_arena = fq_arena_new(&ctx->st->acct);
	if (ws->store == NULL || ws->scratch == NULL || ws->tmp == NULL || ws->out_arena == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &ws->n;
}
