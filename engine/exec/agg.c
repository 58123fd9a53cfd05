/*
 * agg.c — Aggregate: hash aggregation (GROUP BY, DISTINCT, aggregates).
 *
 * Each input row's group values are serialised into a key (NULL flag, then
 * the value; CHAR without trailing blanks and floats with -0 and NaN made
 * canonical, so that values SQL calls equal share a key), hashed, and
 * looked up in an open-addressing table of groups.  A group holds its
 * first row's values (for output) and one state per aggregate (aggacc.h),
 * fed each row's inputs: the aggregate's arguments, then the keys of an
 * ORDER BY inside the call.  DISTINCT aggregates keep a second table of
 * the (group, aggregate, value) triples already counted, unless their
 * input is ordered (string_agg(DISTINCT ...), DISTINCT floats): those
 * sort their rows and drop repeats themselves, as PostgreSQL does.  All of it lives in a store arena charged to the query,
 * so MemoryLimit bounds a GROUP BY with too many groups.
 *
 * Without GROUP BY there is exactly one group, even over no rows (count 0,
 * other aggregates NULL), as SQL requires.
 *
 * With grouping sets (ROLLUP, CUBE, GROUPING SETS) each row counts once in
 * every set: the key is the set's number, then the values of the columns
 * it groups by; the others are NULL in its groups.  A set of no columns
 * has its one group even over no rows, as a plain aggregate does.
 *
 * Spilling: when the store grows past the operator's share of MemoryLimit
 * (fq_spill_due), no new group is made.  The groups in memory go on
 * taking their rows; a row of any other group is written, whole, to one
 * of AGG_FANOUT partition files chosen by bits of its key's hash.  After
 * the input, the groups in memory are returned, then each partition is
 * aggregated in turn as if it were the input (the same way, with the next
 * bits of the hash, if it outgrows memory too).  Since whole input rows
 * are partitioned, not aggregate states, every aggregate (ordered,
 * DISTINCT, string_agg, percentiles) sees exactly its group's rows, as
 * without spilling.  One group cannot be split: an aggregate of ordered
 * input (percentiles, string_agg(... ORDER BY)) sends its group's rows to
 * a file of their own past its share (aggacc.h), so that one group (no
 * GROUP BY, or a few big groups) gets its answer too.
 *
 * With grouping sets the same holds set by set: a row whose group is in
 * memory in some sets and not in others counts in the first at once and
 * is written once for each of the others, with the set's number in an
 * extra last column; a partition's rows then count only in the group of
 * the set they carry (the key, which starts with the set's number, is
 * hashed, so one set's group stays in one partition).  A group is either
 * made before spilling starts, and then takes all its rows in memory, or
 * made from a partition, which holds all of its rows.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/aggacc.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

typedef struct group
{
	int32_t gid;      /* GROUPING() of every column for its grouping set */
	uint64_t hash;
	uint32_t keylen;
	const uint8_t *key;
	uint8_t *slots;   /* group values, physical form, each fq_type_size wide */
	uint8_t *nulls;
	struct group **up; /* grouping sets: the group, in each set whose
	                    * rows are looked up from this set's (from[]), of
	                    * this group's rows */
	fq_aggacc accs[]; /* one per aggregate */
} group;

typedef struct hash_table
{
	uint32_t size;    /* power of two */
	uint32_t used;
	void **items;     /* group * or distinct key records */
} hash_table;

typedef struct distinct_key
{
	uint64_t hash;
	uint32_t len;
	uint8_t bytes[];
} distinct_key;

/* Partitions per spill, and hash bits each level of them takes (from the
 * top: the group table uses the low bits). */
#define AGG_FANOUT 16
#define AGG_FANOUT_BITS 4
#define AGG_MAX_LEVEL 8

typedef struct agg_part
{
	fq_spill_file *f;
	int level;
} agg_part;

typedef struct agg_state
{
	fq_exec_node n;
	const fq_plan_agg *plan;
	int ngroups;
	fq_expr **groups;
	int nsets;          /* grouping sets; 0: one of every group column */
	const uint64_t *sets;
	int *walk;          /* the sets, most columns first */
	int *from;          /* per set: a set before it in walk holding its
	                     * columns, whose groups point to its, else -1 */
	int *upidx;         /* per set: its place in those groups' up[] */
	int *nups;          /* per set: how many sets it is from[] for */
	group **row_groups; /* scratch: a row's group in each set */
	bool *fresh;        /* scratch: made for this row */
	int naggs;
	fq_expr ***ins;     /* each aggregate's inputs: arguments, then ORDER BY keys */
	int *nins;          /* how many (0 for count(*)) */
	fq_expr **filters;  /* NULL when none */
	fq_agg_expr **aggs;
	fq_aggacc_fn *fns;  /* what each aggregate computes */
	size_t *slot_off;   /* offset of group column i in group.slots */
	size_t slots_size;
	fq_arena *store;
	fq_arena *batch_arena;
	fq_arena *out_arena;
	hash_table table;
	hash_table distinct;
	group **list;       /* groups in creation order */
	uint32_t nlist;
	uint32_t cap;
	bool input_done;
	uint32_t emitted;
	fq_keybuf key;      /* scratch for the key being looked up */
	fq_batch out;
	/* spilling */
	bool can_spill;     /* GROUP BY, a budget, hash bits left */
	bool spilling;      /* no new groups: rows of others go to parts */
	int level;          /* of the partition being aggregated (0: the input) */
	uint64_t last_hash; /* of the key find_or_add_group looked up last */
	fq_spill_file *parts[AGG_FANOUT];
	agg_part *queue;    /* partitions waiting, a stack: a partition's own
	                     * parts go next, so few files wait at a time */
	int nqueue;
	int capqueue;
	fq_type *in_types;  /* the input's columns, as partitions hold them */
	int in_ncols;
	fq_arena *read_arena;
	fq_batch tagged;    /* grouping sets: the input batch being consumed,
	                     * with a last column for a spilled row's set */
	fq_aggacc_spill *sorted_spills; /* groups' ordered input in files */
} agg_state;

static bool
table_grow(agg_state *as, hash_table *t)
{
	uint32_t size = t->size ? t->size * 2 : 1024;
	void **items = fq_arena_zalloc(as->store, sizeof(void *) * size);

	if (items == NULL)
		return false;
	for (uint32_t i = 0; i < t->size; i++)
	{
		uint64_t h;
		uint32_t j;

		if (t->items[i] == NULL)
			continue;
		h = t == &as->table ? ((group *) t->items[i])->hash : ((distinct_key *) t->items[i])->hash;
		for (j = (uint32_t) h & (size - 1); items[j] != NULL; j = (j + 1) & (size - 1))
			;
		items[j] = t->items[i];
	}
	t->items = items;
	t->size = size;
	return true;
}

/* ---- keys ---- */

/* Whether grouping set `set` groups by column i (without sets, all do). */
static inline bool
in_set(const agg_state *as, int set, int i)
{
	return as->nsets == 0 || (as->sets[set] >> i) & 1;
}

/* The group of row `row` in grouping set `set` (0 without sets); while
 * spilling, NULL with *absent set when the row's group is not in memory.
 * *created says whether it is new (created may be NULL). */
static group *
lookup_group(agg_state *as, const fq_vector *gvecs, uint32_t row, int set, bool *absent,
			 bool *created)
{
	fq_diags *d = as->n.ctx->d;
	size_t len;
	uint64_t h;
	uint32_t j;
	group *g;

	as->key.len = 0;
	if (as->nsets > 0 && !fq_key_append_raw(&as->key, &set, sizeof(set)))
		goto nomem;
	for (int i = 0; i < as->ngroups; i++)
		if (in_set(as, set, i) && !fq_key_append(&as->key, &gvecs[i], row))
			goto nomem;
	len = as->key.len;
	h = fq_hash_bytes(as->key.data, len);
	as->last_hash = h;
	if (as->table.used * 2 >= as->table.size && !table_grow(as, &as->table))
		goto nomem;
	for (j = (uint32_t) h & (as->table.size - 1); as->table.items[j] != NULL;
		 j = (j + 1) & (as->table.size - 1))
	{
		g = as->table.items[j];
		if (g->hash == h && g->keylen == len && memcmp(g->key, as->key.data, len) == 0)
		{
			if (created != NULL)
				*created = false;
			return g;
		}
	}
	/* Past the budget: no new group (one batch may make thousands). */
	if (!as->spilling && as->can_spill && fq_spill_due(as->n.ctx, fq_arena_size(as->store)))
		as->spilling = true;
	if (as->spilling)
	{
		*absent = true;
		return NULL;
	}
	g = fq_arena_zalloc(as->store, sizeof(group) + sizeof(fq_aggacc) * (size_t) as->naggs);
	if (g == NULL)
		goto nomem;
	g->hash = h;
	g->keylen = (uint32_t) len;
	g->key = fq_arena_memdup(as->store, as->key.data, len ? len : 1);
	g->slots = fq_arena_zalloc(as->store, as->slots_size ? as->slots_size : 1);
	g->nulls = fq_arena_zalloc(as->store, as->ngroups ? (size_t) as->ngroups : 1);
	if (g->key == NULL || g->slots == NULL || g->nulls == NULL)
		goto nomem;
	if (as->nsets > 0 && as->nups[set] > 0 &&
		(g->up = fq_arena_zalloc(as->store, sizeof(group *) * (size_t) as->nups[set])) == NULL)
		goto nomem;
	for (int i = 0; i < as->ngroups; i++)
	{
		const fq_vector *v;
		uint8_t *slot = g->slots + as->slot_off[i];

		if (!in_set(as, set, i))
		{
			g->gid |= 1 << (as->ngroups - 1 - i);
			g->nulls[i] = 1;
			continue;
		}
		v = &gvecs[i];
		if (fq_vector_is_null(v, row))
		{
			g->nulls[i] = 1;
			continue;
		}
		memcpy(slot, fq_vector_slot(v, row), fq_type_size(&v->type));
		if (!fq_slot_own(&v->type, slot, as->store))
			goto nomem;
	}
	as->table.items[j] = g;
	as->table.used++;
	if (as->nlist == as->cap)
	{
		uint32_t cap = as->cap ? as->cap * 2 : 256;
		group **list = fq_arena_realloc(as->store, as->list, sizeof(group *) * as->cap,
										sizeof(group *) * cap);

		if (list == NULL)
			goto nomem;
		as->list = list;
		as->cap = cap;
	}
	as->list[as->nlist++] = g;
	if (created != NULL)
		*created = true;
	return g;
nomem:
	fq_raise_nomem(d, as->store);
	return NULL;
}

static group *
find_or_add_group(agg_state *as, const fq_vector *gvecs, uint32_t row, int set, bool *absent)
{
	return lookup_group(as, gvecs, row, set, absent, NULL);
}

/*
 * Accumulates row r into its group of every grouping set.  The sets are
 * visited most columns first; a set's group is looked up only when the
 * row's group in its from[] set is new, else that group points to it (a
 * group's rows share their values in fewer columns too): a row of an
 * existing group of ROLLUP's full set takes one lookup, not one per set.
 */
static int accumulate(agg_state *as, group *g, uint32_t r, fq_vector *const *avecs,
					  const fq_vector *fvecs);

static int spill_set_row(agg_state *as, const fq_batch *in, uint32_t r, int set);

static int
accumulate_sets(agg_state *as, const fq_batch *in, const fq_vector *gvecs, uint32_t r,
				fq_vector *const *avecs, const fq_vector *fvecs)
{
	for (int w = 0; w < as->nsets; w++)
	{
		int t = as->walk[w];
		int c = as->from[t];
		bool absent = false;
		group **link = c >= 0 && as->row_groups[c] != NULL ? &as->row_groups[c]->up[as->upidx[t]]
			: NULL;
		group *g;

		if (link != NULL && !as->fresh[c] && *link != NULL)
		{
			g = *link;
			as->fresh[t] = false;
		}
		else
		{
			if ((g = lookup_group(as, gvecs, r, t, &absent, &as->fresh[t])) == NULL && !absent)
				return FQ_ERROR;
			if (link != NULL)
				*link = g;
		}
		as->row_groups[t] = g;
		if (g == NULL)
		{
			/* spilling, and the row's group in this set is not in memory */
			if (spill_set_row(as, in, r, t) < 0)
				return FQ_ERROR;
			continue;
		}
		if (accumulate(as, g, r, avecs, fvecs) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* True the first time (group, aggregate, values of its nv arguments) is
 * seen; -1 on OOM. */
static int
distinct_first(agg_state *as, const group *g, int agg, const fq_vector *v, int nv, uint32_t row)
{
	uint64_t h;
	uint32_t j;
	distinct_key *k;

	/* the values, then which group and aggregate they count for */
	as->key.len = 0;
	for (int i = 0; i < nv; i++)
		if (!fq_key_append(&as->key, &v[i], row))
			return -1;
	if (!fq_key_append_raw(&as->key, &g, sizeof(g)) ||
		!fq_key_append_raw(&as->key, &agg, sizeof(agg)))
		return -1;
	h = fq_hash_bytes(as->key.data, as->key.len);
	if (as->distinct.used * 2 >= as->distinct.size && !table_grow(as, &as->distinct))
		return -1;
	for (j = (uint32_t) h & (as->distinct.size - 1); as->distinct.items[j] != NULL;
		 j = (j + 1) & (as->distinct.size - 1))
	{
		k = as->distinct.items[j];
		if (k->hash == h && k->len == as->key.len && memcmp(k->bytes, as->key.data, k->len) == 0)
			return 0;
	}
	k = fq_arena_alloc(as->store, sizeof(distinct_key) + as->key.len);
	if (k == NULL)
		return -1;
	k->hash = h;
	k->len = (uint32_t) as->key.len;
	memcpy(k->bytes, as->key.data, as->key.len);
	as->distinct.items[j] = k;
	as->distinct.used++;
	return 1;
}

/* ---- accumulation ---- */

/* One row as PostgreSQL's Agg takes it: the group keys, then each
 * aggregate's FILTER and, where it holds, its argument. */
static int
eval_agg_row(fq_exec_ctx *ctx, const fq_batch *in, uint32_t r, fq_arena *a, void *arg)
{
	const agg_state *as = arg;

	for (int i = 0; i < as->ngroups; i++)
		if (fq_eval_row(ctx, as->groups[i], in, r, a, NULL) < 0)
			return FQ_ERROR;
	for (int j = 0; j < as->naggs; j++)
	{
		fq_value keep = {.v.i = 1};

		if (as->filters[j] != NULL && fq_eval_row(ctx, as->filters[j], in, r, a, &keep) < 0)
			return FQ_ERROR;
		for (int k = 0; k < as->nins[j] && !keep.isnull && keep.v.i; k++)
			if (fq_eval_row(ctx, as->ins[j][k], in, r, a, NULL) < 0)
				return FQ_ERROR;
	}
	return FQ_OK;
}

static int consume_batch(agg_state *as, const fq_batch *in);

/* ---- spilling ---- */

/* Writes row r of `in`, whose group is not in memory, to its partition. */
static int
spill_row(agg_state *as, const fq_batch *in, uint32_t r)
{
	fq_exec_ctx *ctx = as->n.ctx;
	int shift = 64 - AGG_FANOUT_BITS * (as->level + 1);
	int p = (int) ((as->last_hash >> shift) & (AGG_FANOUT - 1));

	if (!fq_spill_types(ctx->arena, in, &as->in_types, &as->in_ncols))
		return fq_raise_nomem(ctx->d, ctx->arena);
	if (as->parts[p] == NULL && (as->parts[p] = fq_spill_create(&as->n)) == NULL)
		return FQ_ERROR;
	return fq_spill_write_row(as->parts[p], in, r);
}

/*
 * Grouping sets: row r of the input, whose group in `set` is not in
 * memory, to its partition with the set's number, in a copy of the
 * input batch's columns with one more (made once per batch).
 */
static int
spill_set_row(agg_state *as, const fq_batch *in, uint32_t r, int set)
{
	fq_batch *t = &as->tagged;

	if (t->cols == NULL)
	{
		fq_vector *cols = FQ_NEW_ARRAY(as->batch_arena, fq_vector, in->ncols + 1);
		int32_t *sets = FQ_NEW_ARRAY(as->batch_arena, int32_t, in->nrows ? in->nrows : 1);

		if (cols == NULL || sets == NULL)
			return fq_raise_nomem(as->n.ctx->d, as->batch_arena);
		memcpy(cols, in->cols, sizeof(fq_vector) * in->ncols);
		cols[in->ncols].type = fq_type_make(FQ_T_INT4);
		cols[in->ncols].data = sets;
		cols[in->ncols].nulls = NULL;
		t->cols = cols;
		t->ncols = in->ncols + 1;
		t->nrows = in->nrows;
	}
	((int32_t *) t->cols[in->ncols].data)[r] = set;
	return spill_row(as, t, r);
}

/* Past the budget: stop making groups (checked after each batch). */
static void
check_spill(agg_state *as)
{
	if (as->can_spill && !as->spilling && fq_spill_due(as->n.ctx, fq_arena_size(as->store)))
		as->spilling = true;
}

/* The pass is over: its partitions join the queue, a level deeper. */
static int
queue_parts(agg_state *as)
{
	fq_exec_ctx *ctx = as->n.ctx;

	for (int p = 0; p < AGG_FANOUT; p++)
	{
		fq_spill_file *f = as->parts[p];
		agg_part *q;

		if (f == NULL)
			continue;
		if ((q = fq_arena_grow(ctx->arena, as->queue, sizeof(agg_part), as->nqueue,
							   &as->capqueue, AGG_FANOUT)) == NULL)
			return fq_raise_nomem(ctx->d, ctx->arena);
		as->queue = q;
		as->queue[as->nqueue].f = f;
		as->queue[as->nqueue].level = as->level + 1;
		as->nqueue++;
		as->parts[p] = NULL;
		if (fq_spill_rewind(f) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* Forgets every group (what was returned is no longer needed) and
 * aggregates the next waiting partition: 1, or 0 when none is left. */
static int
next_partition(agg_state *as)
{
	agg_part part;
	fq_batch b;
	int rc;

	if (as->nqueue == 0)
		return 0;
	part = as->queue[--as->nqueue];
	fq_aggacc_close_spills(&as->sorted_spills);
	fq_arena_reset(as->store);
	memset(&as->table, 0, sizeof(as->table));
	memset(&as->distinct, 0, sizeof(as->distinct));
	as->key.data = NULL;
	as->key.len = as->key.cap = 0;
	as->list = NULL;
	as->nlist = as->cap = as->emitted = 0;
	as->level = part.level;
	as->spilling = false;
	as->can_spill = as->level < AGG_MAX_LEVEL;
	for (;;)
	{
		fq_arena_reset(as->read_arena);
		rc = fq_spill_read(part.f, &b, as->read_arena, as->in_types, as->in_ncols, FQ_BATCH_ROWS);
		if (rc <= 0)
			break;
		if (consume_batch(as, &b) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		check_spill(as);
	}
	fq_spill_close(part.f);
	if (rc < 0 || queue_parts(as) < 0)
		return FQ_ERROR;
	return 1;
}

/* Row r into group g's aggregates: avecs their arguments, fvecs their
 * FILTERs. */
static int
accumulate(agg_state *as, group *g, uint32_t r, fq_vector *const *avecs, const fq_vector *fvecs)
{
	fq_exec_ctx *ctx = as->n.ctx;

	for (int a = 0; a < as->naggs; a++)
	{
		if (as->filters[a] != NULL &&
			(fq_vector_is_null(&fvecs[a], r) || !((const uint8_t *) fvecs[a].data)[r]))
			continue;
		if (as->nins[a] > 0)
		{
			if (!fq_aggacc_takes(&as->fns[a], avecs[a], r))
				continue;
			/* (an aggregate taking ordered input drops repeats itself) */
			if (as->aggs[a]->distinct && !as->fns[a].sorted)
			{
				int first = distinct_first(as, g, a, avecs[a], as->fns[a].nargs, r);

				if (first < 0)
					return fq_raise_nomem(ctx->d, as->store);
				if (first == 0)
					continue;
			}
		}
		if (fq_aggacc_add(ctx, &as->fns[a], &g->accs[a], as->nins[a] > 0 ? avecs[a] : NULL, r,
						  as->store, as->batch_arena, as->store) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/*
 * The vectorised evaluation of a batch failed: the rows before the one
 * PostgreSQL would fail on are aggregated first (they may fail first, an
 * overflowing sum), then its error is raised (fq_eval_failing_row).
 */
static int
first_error(agg_state *as, const fq_batch *in, int before)
{
	fq_exec_ctx *ctx = as->n.ctx;
	fq_diags *pending;
	int bad = fq_eval_failing_row(ctx, in, before, eval_agg_row, as, &pending);
	fq_batch prefix;

	if (bad < 0)
		return FQ_ERROR;
	if (fq_stack_check(ctx->d) < 0)
	{
		fq_diags_free(pending);
		return FQ_ERROR;
	}
	prefix = *in;
	prefix.nrows = (uint32_t) bad;
	if (bad > 0 && consume_batch(as, &prefix) < 0)
	{
		fq_diags_free(pending);
		return FQ_ERROR;
	}
	return fq_eval_raise_pending(ctx, &pending);
}

static int
consume_batch(agg_state *as, const fq_batch *in)
{
	fq_exec_ctx *ctx = as->n.ctx;
	fq_vector *gvecs = NULL;
	fq_vector **avecs;
	fq_vector *fvecs;
	int before;

	fq_arena_reset(as->batch_arena);
	memset(&as->tagged, 0, sizeof(as->tagged));
	if (as->ngroups > 0)
		gvecs = FQ_NEW_ARRAY(as->batch_arena, fq_vector, as->ngroups);
	avecs = FQ_NEW_ARRAY(as->batch_arena, fq_vector *, as->naggs > 0 ? as->naggs : 1);
	fvecs = FQ_NEW_ARRAY(as->batch_arena, fq_vector, as->naggs > 0 ? as->naggs : 1);
	if ((as->ngroups > 0 && gvecs == NULL) || avecs == NULL || fvecs == NULL)
		return fq_raise_nomem(ctx->d, as->batch_arena);
	before = fq_diags_count(ctx->d);
	for (int i = 0; i < as->ngroups; i++)
		if (fq_eval(ctx, as->groups[i], in, NULL, as->batch_arena, &gvecs[i]) < 0)
			return first_error(as, in, before);
	for (int a = 0; a < as->naggs; a++)
	{
		/* The argument only for the rows FILTER keeps: for the others it
		 * may fail (a division by zero the filter guards), as PostgreSQL
		 * never computes it there. */
		uint8_t *sel = NULL;

		if (as->filters[a] != NULL)
		{
			if (fq_eval(ctx, as->filters[a], in, NULL, as->batch_arena, &fvecs[a]) < 0)
				return first_error(as, in, before);
			if ((sel = fq_arena_alloc(as->batch_arena, in->nrows ? in->nrows : 1)) == NULL)
				return fq_raise_nomem(ctx->d, as->batch_arena);
			for (uint32_t r = 0; r < in->nrows; r++)
				sel[r] = !fq_vector_is_null(&fvecs[a], r) && ((const uint8_t *) fvecs[a].data)[r];
		}
		if ((avecs[a] = FQ_NEW_ARRAY(as->batch_arena, fq_vector,
									 as->nins[a] > 0 ? as->nins[a] : 1)) == NULL)
			return fq_raise_nomem(ctx->d, as->batch_arena);
		for (int k = 0; k < as->nins[a]; k++)
			if (fq_eval(ctx, as->ins[a][k], in, sel, as->batch_arena, &avecs[a][k]) < 0)
				return first_error(as, in, before);
	}
	for (uint32_t r = 0; r < in->nrows; r++)
	{
		if (as->nsets == 0 || as->level > 0)
		{
			/* a partition's row counts in the grouping set it carries */
			int set = as->nsets == 0 ? 0 : ((const int32_t *) in->cols[in->ncols - 1].data)[r];
			bool absent = false;
			group *g = as->ngroups == 0 ? as->list[0] : find_or_add_group(as, gvecs, r, set, &absent);

			if (absent)
			{
				if (spill_row(as, in, r) < 0)
					return FQ_ERROR;
				continue;
			}
			if (g == NULL || accumulate(as, g, r, avecs, fvecs) < 0)
				return FQ_ERROR;
			continue;
		}
		if (accumulate_sets(as, in, gvecs, r, avecs, fvecs) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* ---- results ---- */

static int
agg_next(fq_exec_node *node, const fq_batch **out)
{
	agg_state *as = (agg_state *) node;
	fq_exec_ctx *ctx = node->ctx;
	const fq_plan *plan = node->plan;
	uint32_t n;
	fq_type *types;

	if (!as->input_done)
	{
		const fq_batch *in;
		int rc;

		while ((rc = fq_exec_pull(node->left, &in)) > 0)
		{
			if (in->nrows > 0 && consume_batch(as, in) < 0)
				return FQ_ERROR;
			check_spill(as);
		}
		if (rc < 0)
			return FQ_ERROR;
		fq_exec_end_node(node->left);
		as->input_done = true;
		if (queue_parts(as) < 0)
			return FQ_ERROR;
	}
	while (as->emitted >= as->nlist)
	{
		int rc = next_partition(as);

		if (rc <= 0)
			return rc;
	}
	n = as->nlist - as->emitted > FQ_BATCH_ROWS ? FQ_BATCH_ROWS : as->nlist - as->emitted;
	fq_arena_reset(as->out_arena);
	types = FQ_NEW_ARRAY(as->out_arena, fq_type, plan->nout > 0 ? plan->nout : 1);
	if (types == NULL)
		return fq_raise_nomem(ctx->d, as->out_arena);
	for (int c = 0; c < plan->nout; c++)
		types[c] = plan->out[c].type;
	if (fq_batch_init(&as->out, as->out_arena, types, plan->nout, n) < 0)
		return fq_raise_nomem(ctx->d, as->out_arena);
	for (uint32_t i = 0; i < n; i++)
	{
		const group *g = as->list[as->emitted + i];

		for (int c = 0; c < as->ngroups; c++)
		{
			fq_vector *v = &as->out.cols[c];

			if (g->nulls[c])
			{
				if (fq_vector_set_null(v, as->out_arena, n, i) < 0)
					return fq_raise_nomem(ctx->d, as->out_arena);
			}
			else
				memcpy(fq_vector_slot(v, i), g->slots + as->slot_off[c], fq_type_size(&v->type));
		}
		for (int a = 0; a < as->naggs; a++)
			if (fq_aggacc_finish(ctx, &as->fns[a], &g->accs[a], &as->out.cols[as->ngroups + a], i,
								 n, as->out_arena) < 0)
				return FQ_ERROR;
		if (as->nsets > 0)
		{
			fq_value gid = {.type = fq_type_make(FQ_T_INT4), .v.i = g->gid};

			fq_value_to_slot(&gid, fq_vector_slot(&as->out.cols[as->ngroups + as->naggs], i));
		}
	}
	as->out.nrows = n;
	as->emitted += n;
	*out = &as->out;
	return 1;
}

static void
agg_end(fq_exec_node *node)
{
	agg_state *as = (agg_state *) node;

	for (int p = 0; p < AGG_FANOUT; p++)
	{
		fq_spill_close(as->parts[p]);
		as->parts[p] = NULL;
	}
	for (int i = 0; i < as->nqueue; i++)
		fq_spill_close(as->queue[i].f);
	as->nqueue = 0;
	fq_aggacc_close_spills(&as->sorted_spills);
	fq_arena_free(as->read_arena);
	as->read_arena = NULL;
	fq_arena_free(as->store);
	fq_arena_free(as->batch_arena);
	fq_arena_free(as->out_arena);
	as->store = as->batch_arena = as->out_arena = NULL;
}

/* Whether grouping set a holds every column of set b. */
static bool
set_holds(uint64_t a, uint64_t b)
{
	return (b & ~a) == 0;
}

/*
 * The order accumulate_sets visits the sets in (most columns first, else
 * as written) and each set's from[]: of the sets before it holding its
 * columns, the one with the fewest columns (ROLLUP's: the set just
 * before).
 */
static int
plan_set_walk(agg_state *as, fq_exec_ctx *ctx)
{
	int n = as->nsets;

	as->walk = FQ_NEW_ARRAY(ctx->arena, int, n);
	as->from = FQ_NEW_ARRAY(ctx->arena, int, n);
	as->upidx = FQ_NEW_ARRAY(ctx->arena, int, n);
	as->nups = fq_arena_zalloc(ctx->arena, sizeof(int) * (size_t) n);
	as->row_groups = FQ_NEW_ARRAY(ctx->arena, group *, n);
	as->fresh = FQ_NEW_ARRAY(ctx->arena, bool, n);
	if (as->walk == NULL || as->from == NULL || as->upidx == NULL || as->nups == NULL ||
		as->row_groups == NULL || as->fresh == NULL)
		return fq_raise_nomem(ctx->d, ctx->arena);
	/* a stable insertion sort by column count, descending */
	for (int s = 0; s < n; s++)
	{
		int w = s;

		while (w > 0 && __builtin_popcountll(as->sets[as->walk[w - 1]]) < __builtin_popcountll(as->sets[s]))
		{
			as->walk[w] = as->walk[w - 1];
			w--;
		}
		as->walk[w] = s;
	}
	for (int w = 0; w < n; w++)
	{
		int t = as->walk[w];
		int best = -1;

		for (int v = 0; v < w; v++)
		{
			int c = as->walk[v];

			if (set_holds(as->sets[c], as->sets[t]) &&
				(best < 0 || __builtin_popcountll(as->sets[c]) < __builtin_popcountll(as->sets[best])))
				best = c;
		}
		as->from[t] = best;
		as->upidx[t] = best >= 0 ? as->nups[best]++ : -1;
	}
	return FQ_OK;
}

fq_exec_node *
fq_exec_init_agg(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_agg *ap = (const fq_plan_agg *) plan;
	agg_state *as = (agg_state *) fq_exec_new_node(ctx, plan, sizeof(agg_state));

	if (as == NULL)
		return NULL;
	as->plan = ap;
	as->n.next = agg_next;
	as->n.end = agg_end;
	if ((as->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	as->ngroups = ap->ngroups;
	as->nsets = ap->nsets;
	as->sets = ap->sets;
	as->naggs = ap->naggs;
	as->groups = FQ_NEW_ARRAY(ctx->arena, fq_expr *, ap->ngroups > 0 ? ap->ngroups : 1);
	as->slot_off = FQ_NEW_ARRAY(ctx->arena, size_t, ap->ngroups > 0 ? ap->ngroups : 1);
	as->ins = FQ_NEW_ARRAY(ctx->arena, fq_expr **, ap->naggs > 0 ? ap->naggs : 1);
	as->nins = FQ_NEW_ARRAY(ctx->arena, int, ap->naggs > 0 ? ap->naggs : 1);
	as->filters = FQ_NEW_ARRAY(ctx->arena, fq_expr *, ap->naggs > 0 ? ap->naggs : 1);
	as->fns = FQ_NEW_ARRAY(ctx->arena, fq_aggacc_fn, ap->naggs > 0 ? ap->naggs : 1);
	as->aggs = ap->aggs;
	as->store = fq_arena_new(&ctx->st->acct);
	as->batch_arena = fq_arena_new(&ctx->st->acct);
	as->out_arena = fq_arena_new(&ctx->st->acct);
	as->read_arena = fq_arena_new(&ctx->st->acct);
	as->key.arena = as->store;
	if (as->groups == NULL || as->slot_off == NULL || as->ins == NULL || as->nins == NULL ||
		as->filters == NULL ||
		as->fns == NULL || as->store == NULL || as->batch_arena == NULL || as->out_arena == NULL ||
		as->read_arena == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int i = 0; i < ap->ngroups; i++)
	{
		if ((as->groups[i] = fq_exec_resolve(ctx, ap->groups[i], plan->left)) == NULL)
			return NULL;
		as->slot_off[i] = as->slots_size;
		as->slots_size += (fq_type_size(&ap->groups[i]->type) + 15) & ~(size_t) 15;
	}
	for (int a = 0; a < ap->naggs; a++)
	{
		const fq_agg_expr *g = ap->aggs[a];
		int n;

		if (fq_aggacc_fn_init(ctx, &as->fns[a], g, ctx->arena) < 0)
			return NULL;
		/* a group's ordered input past its share goes to a file */
		if (fq_spill_budget(ctx) > 0)
		{
			as->fns[a].spill_node = &as->n;
			as->fns[a].spills = &as->sorted_spills;
		}
		n = as->nins[a] = fq_aggacc_ninputs(&as->fns[a]);
		if ((as->ins[a] = FQ_NEW_ARRAY(ctx->arena, fq_expr *, n > 0 ? n : 1)) == NULL)
		{
			fq_raise_nomem(ctx->d, ctx->arena);
			return NULL;
		}
		for (int k = 0; k < n; k++)
		{
			/* the arguments, then the ORDER BY keys */
			const fq_expr *e = k == 0 ? g->arg
				: k == 1 && as->fns[a].nargs > 1 ? g->arg2 : g->order[k - as->fns[a].nargs];

			if ((as->ins[a][k] = fq_exec_resolve(ctx, e, plan->left)) == NULL)
				return NULL;
		}
		if (g->filter != NULL &&
			(as->filters[a] = fq_exec_resolve(ctx, g->filter, plan->left)) == NULL)
			return NULL;
	}
	if (as->nsets > 0 && plan_set_walk(as, ctx) < 0)
		return NULL;
	for (int s = 0; s < as->nsets; s++)
	{
		bool absent = false;

		if (as->sets[s] == 0 && find_or_add_group(as, NULL, 0, s, &absent) == NULL)
			return NULL;
	}
	/* (One group cannot be split: an aggregate without GROUP BY does not
	 * spill.) */
	as->can_spill = as->ngroups > 0 && fq_spill_budget(ctx) > 0;
	if (as->ngroups == 0 && as->nsets == 0)
	{
		/* One group, present even when no row arrives. */
		group *g = fq_arena_zalloc(as->store, sizeof(group) + sizeof(fq_aggacc) * (size_t) as->naggs);

		as->list = fq_arena_alloc(as->store, sizeof(group *));
		if (g == NULL || as->list == NULL)
		{
			fq_raise_nomem(ctx->d, as->store);
			return NULL;
		}
		as->list[0] = g;
		as->nlist = 1;
		as->cap = 1;
	}
	return &as->n;
}
