/*
 * join.c — Join: hash join on the equality conditions between the two
 * inputs, nested loop when there are none; inner, left, right, full and
 * cross joins.
 *
 * One input is built into a hash table (copied, strings included, into a
 * store arena charged to the query), the other is probed batch by batch.
 * SEMI and ANTI joins (EXISTS, IN, NOT EXISTS, NOT IN) build the subquery
 * side and return probe rows that have (or lack) a matching pair; NOT IN
 * is null-aware: a NULL among the subquery's values lets no row through,
 * and a NULL on the left passes only when the subquery is empty.
 * RIGHT joins build the left input and probe the right, so the side whose
 * unmatched rows are kept is always the probe side; FULL joins also keep
 * the build side's unmatched rows, emitted after the probe input ends.
 *
 * The join condition splits into hash keys (`probe_expr = build_expr`
 * conjuncts) and a residual evaluated on each candidate pair; a probe row
 * is "matched" only if some pair passes the residual.  Keys containing a
 * NULL never match, as SQL equality says.
 *
 *   next() returns one batch per call, in phases: pairs of the current
 *   probe batch (≤ FQ_BATCH_ROWS per call), then that batch's unmatched
 *   rows (outer joins), ...; at the end the build side's unmatched rows.
 *
 * The build input is read to its end before the probe input is opened, so
 * both may stream from the same source connection in turn.
 *
 * Grace hash join: when the build side outgrows the operator's share of
 * MemoryLimit (fq_spill_due), the rows stored so far and the rest of the
 * build input are written to JOIN_FANOUT partition files by bits of
 * their key's hash, then the probe input likewise, and the join runs one
 * partition pair at a time: matching rows share a key, so they share a
 * partition, and each partition's unmatched rows are its own.  A build
 * partition still too big is partitioned again with the next bits of the
 * hash, up to JOIN_MAX_LEVEL times.  A partition that partitioning did
 * not split (nine in ten rows went to one part: one key has them), or one
 * still too big at the last level, is joined in chunks instead: as many
 * of its build rows as fit, joined with the whole probe partition, then
 * the next rows with the probe partition read again.  A probe row's
 * match in any chunk counts (a bitmap over the probe partition's rows
 * carries them), so its outer, SEMI and ANTI rows go out with the last
 * chunk; a chunk's own unmatched build rows go out after its pass, as it
 * met every probe row.  Rows with a NULL key go
 * to partition 0, where they match nothing as before; NOT IN's NULL rules
 * look at the whole build side: a NULL there anywhere lets nothing
 * through (build_has_null), and a probe row with a NULL key is dropped
 * while partitioning (the build side is not empty).  Joins
 * without keys (cross, non-equi) and dynamic filters do not spill.
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "core/stack.h"
#include "exec/hashkey.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "plan/planner.h"
#include "sql/ast.h"
#include "types/types.h"
#include "types/types_int.h"

#include <string.h>

#define NO_ROW INT64_C(-1)

typedef enum join_phase
{
	PHASE_PROBE,
	PHASE_PROBE_UNMATCHED,
	PHASE_BUILD_UNMATCHED,
	PHASE_DONE
} join_phase;

#define JOIN_FANOUT 16
#define JOIN_FANOUT_BITS 4
#define JOIN_MAX_LEVEL 7

/* A pair of partitions waiting to be joined. */
typedef struct join_part
{
	fq_spill_file *build;
	fq_spill_file *probe;
	int level;
	bool whole;            /* partitioning did not split it: join in chunks */
} join_part;

typedef struct join_state
{
	fq_exec_node n;
	const fq_plan_join *plan;
	fq_exec_node *probe;
	fq_exec_node *build;
	const fq_plan *probe_plan;
	const fq_plan *build_plan;
	bool probe_outer;
	bool build_outer;
	bool semi;             /* SEMI: probe rows with a match, once each */
	bool anti;             /* ANTI: probe rows without one */
	bool null_aware;       /* NOT IN: a NULL key on the build side passes nothing */
	bool swapped;          /* SEMI/ANTI building the left: returns build rows */
	bool want_matched;     /* build rows returned at the end: matched or not */
	bool build_has_null;
	bool cross;            /* no keys: every build row is a candidate */
	int nkeys;
	fq_expr **probe_keys;
	fq_expr **build_keys;
	fq_expr *residual;     /* resolved against probe outputs ++ build outputs */
	int nrquals;           /* its conjuncts, taken as ExecQual does (not NOT IN's) */
	fq_expr **rquals;
	int *dyn_key;          /* per dynamic filter: its build key, -1 none */
	fq_dyn_outcome *dyn_done; /* per dynamic filter: what became of it */
	uint64_t *dyn_values;  /* and how many values it had */
	fq_plan combined;      /* outputs: probe_plan->out ++ build_plan->out */
	int *out_map;          /* join output i → column of the combined batch */

	/* build side */
	fq_arena *store;
	fq_batch *bb;          /* stored build batches */
	fq_vector **bkeys;     /* per stored batch, its key vectors */
	int nbb;
	int capbb;
	int64_t nbuild;
	uint64_t *bref;        /* global build row → batch << 16 | row */
	uint64_t *bhash;
	int64_t *next;         /* hash chains */
	int64_t *heads;
	uint32_t tsize;
	uint8_t *bmatched;
	bool built;

	/* probe progress */
	const fq_batch *pb;
	fq_vector *pkeys;
	uint64_t *phash;
	uint8_t *pnull;        /* probe row has a NULL key */
	uint8_t *pmatched;
	uint32_t prow;
	int64_t chain;         /* next candidate for prow; -2 = not started */
	bool probe_done;
	int64_t bu_pos;        /* next build row to check for being unmatched */

	join_phase phase;
	fq_arena *batch_arena; /* probe batch keys, reset per probe batch */
	fq_arena *out_arena;   /* output, reset per call */
	fq_keybuf key;
	uint32_t *pair_p;      /* probe row, UINT32_MAX = none (build unmatched) */
	int64_t *pair_b;       /* build row, NO_ROW = none (probe unmatched) */
	fq_batch out;

	/* grace hash join */
	bool can_spill;
	bool spilled;          /* the join runs partition by partition */
	int level;             /* of the partitions being made */
	fq_spill_file *bparts[JOIN_FANOUT];
	fq_spill_file *pparts[JOIN_FANOUT];
	fq_spill_file *bsrc;   /* the build partition being read, else NULL */
	fq_spill_file *psrc;   /* the probe partition being read, else NULL */
	join_part *queue;      /* a stack: a partition's parts go first, so few
	                        * files are open and waiting at a time */
	int nqueue;
	int capqueue;
	fq_type *btypes;
	int nbtypes;
	fq_type *ptypes;
	int nptypes;
	fq_arena *read_arena;  /* a build partition's batch being read */
	fq_arena *pread_arena; /* a probe partition's batch */

	/* a partition joined in chunks of its build rows */
	bool chunked;
	bool last_chunk;       /* the chunk in the table is the partition's last */
	uint64_t chunk_read;   /* the partition's build rows read so far */
	uint8_t *pseen;        /* bitmap: probe rows matched in an earlier chunk */
	uint64_t pbase;        /* the probe batch's first row in the partition */
	uint64_t pnext;
	fq_arena *chunk_arena; /* pseen, per partition */
} join_state;

static int
nomem(join_state *js, fq_arena *a)
{
	return fq_raise_nomem(js->n.ctx->d, a);
}

/* ---- splitting the condition ---- */

static bool
add_expr(fq_arena *a, fq_expr ***arr, int *n, fq_expr *e)
{
	fq_expr **grown = fq_arena_realloc(a, *arr, sizeof(fq_expr *) * (size_t) *n,
									   sizeof(fq_expr *) * (size_t) (*n + 1));

	if (grown == NULL)
		return false;
	grown[(*n)++] = e;
	*arr = grown;
	return true;
}

/* Sorts the conjuncts of cond into keys and residual ones. */
static bool
split_cond(join_state *js, fq_expr *cond, fq_expr ***pk, fq_expr ***bk, fq_expr ***rest, int *nrest)
{
	fq_arena *a = js->n.ctx->arena;

	if (cond == NULL)
		return true;
	if (fq_stack_check(js->n.ctx->d) < 0)
		return false;
	if (FQ_IS(cond, FQ_N_EXPR_BOOL) && ((fq_bool_expr *) cond)->kind == FQ_BOOL_AND)
	{
		fq_bool_expr *b = (fq_bool_expr *) cond;

		for (int i = 0; i < b->nargs; i++)
			if (!split_cond(js, b->args[i], pk, bk, rest, nrest))
				return false;
		return true;
	}
	if (FQ_IS(cond, FQ_N_EXPR_FUNC) && ((fq_func_expr *) cond)->fn == FQ_F_EQ)
	{
		fq_func_expr *f = (fq_func_expr *) cond;
		fq_expr *l = f->args[0];
		fq_expr *r = f->args[1];
		int nk = js->nkeys;

		if (fq_plan_provides(js->probe_plan, l) && fq_plan_provides(js->build_plan, r))
			return add_expr(a, pk, &nk, l) && add_expr(a, bk, &js->nkeys, r);
		if (fq_plan_provides(js->probe_plan, r) && fq_plan_provides(js->build_plan, l))
			return add_expr(a, pk, &nk, r) && add_expr(a, bk, &js->nkeys, l);
	}
	return add_expr(a, rest, nrest, cond);
}

/* ---- build ---- */

static int
store_batch(join_state *js, const fq_batch *in)
{
	fq_exec_ctx *ctx = js->n.ctx;
	fq_batch *b;

	if (js->nbb == js->capbb)
	{
		int cap = js->capbb ? js->capbb * 2 : 16;
		fq_batch *bb = fq_arena_realloc(js->store, js->bb, sizeof(fq_batch) * (size_t) js->capbb,
										sizeof(fq_batch) * (size_t) cap);
		fq_vector **bk = fq_arena_realloc(js->store, js->bkeys, sizeof(void *) * (size_t) js->capbb,
										  sizeof(void *) * (size_t) cap);

		if (bb == NULL || bk == NULL)
			return nomem(js, js->store);
		js->bb = bb;
		js->bkeys = bk;
		js->capbb = cap;
	}
	b = &js->bb[js->nbb];
	if (fq_batch_copy(b, in, js->store) < 0)
		return nomem(js, js->store);
	js->bkeys[js->nbb] = FQ_NEW_ARRAY(js->store, fq_vector, js->nkeys > 0 ? js->nkeys : 1);
	if (js->bkeys[js->nbb] == NULL)
		return nomem(js, js->store);
	/* Keys are evaluated on the stored copy, into the store. */
	for (int k = 0; k < js->nkeys; k++)
		if (fq_eval(ctx, js->build_keys[k], b, NULL, js->store, &js->bkeys[js->nbb][k]) < 0)
			return FQ_ERROR;
	js->nbb++;
	js->nbuild += in->nrows;
	return FQ_OK;
}

/* ---- grace hash join: partitions ---- */

/* The next batch of one side: its input's (node), or, once the join has
 * spilled, its partition file's (src, read into arena as types). */
static int
pull_side(join_state *js, fq_exec_node *node, fq_spill_file *src, fq_arena *arena,
		  const fq_type *types, int ntypes, const fq_batch **in)
{
	static fq_batch none;
	fq_batch *b;
	int rc;

	*in = &none;
	if (src == NULL)
		return js->spilled ? 0 : fq_exec_pull(node, in);
	fq_arena_reset(arena);
	if ((b = FQ_NEW(arena, fq_batch)) == NULL)
		return nomem(js, arena);
	rc = fq_spill_read(src, b, arena, types, ntypes, FQ_BATCH_ROWS);
	*in = rc > 0 ? b : &none;
	return rc;
}

static int
pull_build(join_state *js, const fq_batch **in)
{
	return pull_side(js, js->build, js->bsrc, js->read_arena, js->btypes, js->nbtypes, in);
}

static int
pull_probe(join_state *js, const fq_batch **in)
{
	return pull_side(js, js->probe, js->psrc, js->pread_arena, js->ptypes, js->nptypes, in);
}

/* Hashes row r's keys (from kv) into *h; false when a key is NULL. */
static int
row_hash(join_state *js, fq_keybuf *key, const fq_vector *kv, uint32_t r, uint64_t *h)
{
	bool null_key = false;

	key->len = 0;
	for (int k = 0; k < js->nkeys; k++)
	{
		if (fq_vector_is_null(&kv[k], r))
			null_key = true;
		if (!fq_key_append(key, &kv[k], r))
			return FQ_ERROR;
	}
	*h = null_key ? 0 : fq_hash_bytes(key->data, key->len);
	return null_key ? 0 : 1;
}

/* Writes every row of b (keys kv) to its partition among files[]. */
static int
partition_rows(join_state *js, fq_spill_file **files, const fq_batch *b, const fq_vector *kv,
			   bool build)
{
	fq_keybuf key = {.arena = js->batch_arena};
	int shift = 64 - JOIN_FANOUT_BITS * (js->level + 1);

	for (uint32_t r = 0; r < b->nrows; r++)
	{
		uint64_t h;
		int p;
		int rc = row_hash(js, &key, kv, r, &h);

		if (rc < 0)
			return nomem(js, js->batch_arena);
		if (rc == 0 && build)
			js->build_has_null = true;
		/* NOT IN: a NULL on the left never passes a non-empty right side */
		if (rc == 0 && !build && js->null_aware)
			continue;
		p = rc == 0 ? 0 : (int) ((h >> shift) & (JOIN_FANOUT - 1));
		if (files[p] == NULL && (files[p] = fq_spill_create(&js->n)) == NULL)
			return FQ_ERROR;
		if (fq_spill_write_row(files[p], b, r) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

/* Forgets the stored build side (its rows are in files now, or done). */
static void
reset_build(join_state *js)
{
	fq_arena_reset(js->store);
	js->key.arena = js->store;
	js->key.data = NULL;
	js->key.len = js->key.cap = 0;
	js->bb = NULL;
	js->bkeys = NULL;
	js->nbb = js->capbb = 0;
	js->nbuild = 0;
	js->bref = js->bhash = NULL;
	js->next = js->heads = NULL;
	js->tsize = 0;
	js->bmatched = NULL;
}

/*
 * Partitions the rest of one side's input (the build's or the probe's)
 * by its keys' hashes, then ends that input (or its partition file).
 */
static int
partition_input(join_state *js, bool build)
{
	fq_exec_ctx *ctx = js->n.ctx;
	fq_expr **keys = build ? js->build_keys : js->probe_keys;
	fq_spill_file **parts = build ? js->bparts : js->pparts;
	fq_spill_file **src = build ? &js->bsrc : &js->psrc;
	const fq_batch *in;
	int rc;

	while ((rc = build ? pull_build(js, &in) : pull_probe(js, &in)) > 0)
	{
		fq_vector *kv;

		if (in->nrows == 0)
			continue;
		if (!build && !fq_spill_types(ctx->arena, in, &js->ptypes, &js->nptypes))
			return nomem(js, ctx->arena);
		fq_arena_reset(js->batch_arena);
		if ((kv = FQ_NEW_ARRAY(js->batch_arena, fq_vector, js->nkeys)) == NULL)
			return nomem(js, js->batch_arena);
		for (int k = 0; k < js->nkeys; k++)
			if (fq_eval(ctx, keys[k], in, NULL, js->batch_arena, &kv[k]) < 0)
				return FQ_ERROR;
		if (partition_rows(js, parts, in, kv, build) < 0)
			return FQ_ERROR;
	}
	if (rc < 0)
		return FQ_ERROR;
	if (!js->spilled)
		fq_exec_end_node(build ? js->build : js->probe);
	else
	{
		fq_spill_close(*src);
		*src = NULL;
	}
	return FQ_OK;
}

/*
 * The build side outgrew memory: what is stored and the rest of the
 * build source go to partitions, then the whole probe source; the pairs
 * join the queue.  Reads from js->bsrc/js->psrc when repartitioning one.
 */
static int
spill_build(join_state *js)
{
	fq_exec_ctx *ctx = js->n.ctx;
	uint64_t total = 0;

	memset(js->bparts, 0, sizeof(js->bparts));
	memset(js->pparts, 0, sizeof(js->pparts));
	for (int b = 0; b < js->nbb; b++)
	{
		fq_arena_reset(js->batch_arena);
		if (partition_rows(js, js->bparts, &js->bb[b], js->bkeys[b], true) < 0)
			return FQ_ERROR;
	}
	reset_build(js);
	if (partition_input(js, true) < 0)
		return FQ_ERROR;
	/* x NOT IN (... NULL ...) is never true: the probe side need not run. */
	if (js->null_aware && js->build_has_null)
		return FQ_OK;
	if (partition_input(js, false) < 0)
		return FQ_ERROR;
	for (int p = 0; p < JOIN_FANOUT; p++)
		if (js->bparts[p] != NULL)
			total += fq_spill_rows(js->bparts[p]);
	for (int p = 0; p < JOIN_FANOUT; p++)
	{
		join_part *q;

		if (js->bparts[p] == NULL && js->pparts[p] == NULL)
			continue;
		if ((q = fq_arena_grow(ctx->arena, js->queue, sizeof(join_part), js->nqueue,
							   &js->capqueue, JOIN_FANOUT)) == NULL)
			return nomem(js, ctx->arena);
		js->queue = q;
		q = &js->queue[js->nqueue++];
		q->build = js->bparts[p];
		q->probe = js->pparts[p];
		q->level = js->level + 1;
		/* Nine in ten of them in one part: more bits of the hash would
		 * hardly split them either (one key has them), only write them
		 * again. */
		q->whole = q->build != NULL && fq_spill_rows(q->build) >= total - total / 10;
		js->bparts[p] = js->pparts[p] = NULL;
		if ((q->build != NULL && fq_spill_rewind(q->build) < 0) ||
			(q->probe != NULL && fq_spill_rewind(q->probe) < 0))
			return FQ_ERROR;
	}
	js->spilled = true;
	return FQ_OK;
}

/* Bytes the build side will hold with its hash table (about 40 a row). */
static size_t
build_bytes(const join_state *js)
{
	return fq_arena_size(js->store) + (size_t) js->nbuild * 40;
}

/* build_table's answer when the build side went to partitions instead. */
#define BUILD_SPILLED 2

/* Builds the hash table over the stored build rows. */
static int make_table(join_state *js);

/*
 * Reads the build side (the input, or a partition) into the store and
 * builds the table: FQ_OK, or BUILD_SPILLED when it outgrew memory and
 * went to partitions (queued with their probe rows).
 */
static int
build_table(join_state *js)
{
	fq_exec_ctx *ctx = js->n.ctx;
	const fq_batch *in;
	int rc;

	while ((rc = pull_build(js, &in)) > 0)
	{
		if (in->nrows == 0)
			continue;
		if (!fq_spill_types(ctx->arena, in, &js->btypes, &js->nbtypes))
			return nomem(js, ctx->arena);
		if (js->nbb >= (1 << 20))
			return fq_raise(ctx->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
							"the build side of a join is too large (more than %d batches)", 1 << 20);
		if (store_batch(js, in) < 0)
			return FQ_ERROR;
		if (js->chunked)
		{
			js->chunk_read += in->nrows;
			/* a chunk is full: the table takes what is stored, the rest
			 * waits in the file for the next chunk */
			if (fq_spill_due(ctx, build_bytes(js)) && js->chunk_read < fq_spill_rows(js->bsrc))
			{
				js->last_chunk = false;
				return make_table(js);
			}
		}
		else if (js->can_spill && fq_spill_due(ctx, build_bytes(js)))
			return spill_build(js) < 0 ? FQ_ERROR : BUILD_SPILLED;
	}
	if (rc < 0)
		return FQ_ERROR;
	js->last_chunk = true;
	/* Done with the build input: free its connection for the probe side. */
	if (!js->spilled)
		fq_exec_end_node(js->build);
	else
	{
		fq_spill_close(js->bsrc);
		js->bsrc = NULL;
	}
	return make_table(js);
}

/*
 * Loads the next partition pair whose join has rows to give: 1, or 0
 * when none is left.
 */
static int
next_partition(join_state *js)
{
	while (js->nqueue > 0)
	{
		join_part part = js->queue[--js->nqueue];
		int rc = FQ_OK;

		/* the pair before is done with */
		fq_spill_close(js->bsrc);
		fq_spill_close(js->psrc);
		reset_build(js);
		js->built = false;
		js->pb = NULL;
		js->bu_pos = 0;
		js->level = part.level;
		js->bsrc = part.build;
		js->psrc = part.probe;
		js->chunked = js->bsrc != NULL && (part.whole || js->level >= JOIN_MAX_LEVEL);
		js->can_spill = !js->chunked;
		js->chunk_read = 0;
		js->pbase = js->pnext = 0;
		js->pseen = NULL;
		fq_arena_reset(js->chunk_arena);
		if (js->chunked && js->psrc != NULL && (js->probe_outer || js->semi || js->anti))
		{
			uint64_t nprobe = fq_spill_rows(js->psrc);

			if ((js->pseen = fq_arena_zalloc(js->chunk_arena, (size_t) (nprobe / 8 + 1))) == NULL)
				return nomem(js, js->chunk_arena);
		}
		rc = js->bsrc != NULL ? build_table(js) : make_table(js);
		if (rc < 0)
			return FQ_ERROR;
		if (rc == BUILD_SPILLED)
			continue; /* its parts are queued */
		js->built = true;
		if ((js->nbuild == 0 && !(js->probe_outer || js->anti)) ||
			(js->psrc == NULL && !(js->build_outer || js->swapped)))
		{
			fq_spill_close(js->psrc);
			js->psrc = NULL;
			continue;
		}
		js->phase = PHASE_PROBE;
		return 1;
	}
	return 0;
}

/*
 * A chunked partition's next chunk: the next build rows that fit, the
 * probe partition read again from its start.
 */
static int
next_chunk(join_state *js)
{
	reset_build(js);
	js->pb = NULL;
	js->bu_pos = 0;
	js->pbase = js->pnext = 0;
	if (build_table(js) < 0)
		return FQ_ERROR;
	if (js->psrc != NULL && fq_spill_rewind(js->psrc) < 0)
		return FQ_ERROR;
	js->n.spill_passes++;
	js->phase = PHASE_PROBE;
	return FQ_OK;
}

static int
make_table(join_state *js)
{
	int64_t g = 0;

	js->bref = fq_arena_alloc(js->store, sizeof(uint64_t) * (size_t) (js->nbuild ? js->nbuild : 1));
	js->bmatched = fq_arena_zalloc(js->store, (size_t) (js->nbuild ? js->nbuild : 1));
	if (js->bref == NULL || js->bmatched == NULL)
		return nomem(js, js->store);
	for (int b = 0; b < js->nbb; b++)
		for (uint32_t r = 0; r < js->bb[b].nrows; r++)
			js->bref[g++] = ((uint64_t) b << 16) | r;
	if (!js->cross)
	{
		js->tsize = 1024;
		while ((int64_t) js->tsize < js->nbuild * 2 && js->tsize < (1u << 30))
			js->tsize *= 2;
		js->heads = fq_arena_alloc(js->store, sizeof(int64_t) * js->tsize);
		js->next = fq_arena_alloc(js->store, sizeof(int64_t) * (size_t) (js->nbuild ? js->nbuild : 1));
		js->bhash = fq_arena_alloc(js->store, sizeof(uint64_t) * (size_t) (js->nbuild ? js->nbuild : 1));
		if (js->heads == NULL || js->next == NULL || js->bhash == NULL)
			return nomem(js, js->store);
		for (uint32_t i = 0; i < js->tsize; i++)
			js->heads[i] = NO_ROW;
		g = 0;
		for (int b = 0; b < js->nbb; b++)
			for (uint32_t r = 0; r < js->bb[b].nrows; r++, g++)
			{
				bool null_key = false;
				uint32_t slot;

				js->key.len = 0;
				for (int k = 0; k < js->nkeys; k++)
				{
					if (fq_vector_is_null(&js->bkeys[b][k], r))
						null_key = true;
					if (!fq_key_append(&js->key, &js->bkeys[b][k], r))
						return nomem(js, js->store);
				}
				js->next[g] = NO_ROW;
				if (null_key)
				{
					js->build_has_null = true;
					continue; /* never equal to anything */
				}
				js->bhash[g] = fq_hash_bytes(js->key.data, js->key.len);
				slot = (uint32_t) js->bhash[g] & (js->tsize - 1);
				js->next[g] = js->heads[slot];
				js->heads[slot] = g;
			}
	}
	js->built = true;
	return FQ_OK;
}

/* ---- dynamic filters ---- */

/*
 * Limits: a build side of more rows is not scanned for its values, and a
 * key with more distinct values sends none (a million integers are about
 * 8 MB of SQL, which PostgreSQL parses and hashes in well under a second).
 */
#define DYN_MAX_ROWS (INT64_C(1) << 24)
#define DYN_MAX_VALUES 1000000u

/*
 * A timestamp beyond the type's range that is not ±infinity: a date past
 * it compared with timestamps (eval.c, for_compare).  No row holds one, so
 * it matches no probe row, and a source refuses it as a literal.
 */
static bool
no_such_timestamp(const fq_vector *v, const void *slot)
{
	int64_t t;

	if (v->type.id != FQ_T_TIMESTAMP && v->type.id != FQ_T_TIMESTAMPTZ)
		return false;
	memcpy(&t, slot, sizeof(t));
	return t != FQ_TIMESTAMP_POS_INFINITY && t != FQ_TIMESTAMP_NEG_INFINITY &&
		(t >= FQ_TIMESTAMP_END_USECS || t < FQ_TIMESTAMP_MIN_USECS);
}

/* The distinct non-NULL values of build key k (but no_such_timestamp's),
 * or *n = UINT32_MAX when there are more than DYN_MAX_VALUES. */
static int
distinct_key_values(join_state *js, int k, const void ***out, uint32_t *n)
{
	uint32_t want = js->nbuild < (int64_t) DYN_MAX_VALUES ? (uint32_t) js->nbuild : DYN_MAX_VALUES;
	uint32_t cap = 64;
	uint32_t *tab;
	const void **vals;
	fq_keybuf key = {.arena = js->store};

	while (cap < want * 2)
		cap *= 2;
	tab = fq_arena_zalloc(js->store, sizeof(uint32_t) * cap);
	vals = FQ_NEW_ARRAY(js->store, const void *, want > 0 ? want : 1);
	if (tab == NULL || vals == NULL)
		return nomem(js, js->store);
	*n = 0;
	for (int b = 0; b < js->nbb; b++)
	{
		const fq_vector *v = &js->bkeys[b][k];

		for (uint32_t r = 0; r < js->bb[b].nrows; r++)
		{
			const void *slot;
			uint32_t pos;

			if (fq_vector_is_null(v, r))
				continue;
			slot = fq_vector_slot(v, r);
			if (no_such_timestamp(v, slot))
				continue;
			key.len = 0;
			if (!fq_key_append(&key, v, r))
				return nomem(js, js->store);
			pos = (uint32_t) fq_hash_bytes(key.data, key.len) & (cap - 1);
			while (tab[pos] != 0 && fq_compare_slots(&v->type, vals[tab[pos] - 1], slot) != 0)
				pos = (pos + 1) & (cap - 1);
			if (tab[pos] != 0)
				continue;
			if (*n == want)
			{
				*n = UINT32_MAX;
				return FQ_OK;
			}
			vals[(*n)++] = slot;
			tab[pos] = *n;
		}
	}
	*out = vals;
	return FQ_OK;
}

/* Sends each dynamic filter's build key values to its RemoteQuery on the
 * probe side, before that starts. */
static int
send_dyn_filters(join_state *js)
{
	for (int i = 0; i < js->plan->ndyn; i++)
	{
		const fq_dyn_filter *df = &js->plan->dyn[i];
		fq_exec_node *target = fq_exec_find_below(js->probe, &df->target->p);
		fq_dyn_values *f;
		const void **vals = NULL;
		uint32_t n = 0;

		if (target == NULL || js->dyn_key[i] < 0)
			continue;
		if (js->nbuild > DYN_MAX_ROWS)
		{
			js->dyn_done[i] = FQ_DYN_TOO_MANY;
			continue;
		}
		if (distinct_key_values(js, js->dyn_key[i], &vals, &n) < 0)
			return FQ_ERROR;
		if (n == UINT32_MAX)
		{
			js->dyn_done[i] = FQ_DYN_TOO_MANY;
			continue;
		}
		js->dyn_values[i] = n;
		if (!fq_dyn_filter_pays(df, n))
		{
			js->dyn_done[i] = FQ_DYN_NOT_PAYING;
			continue;
		}
		js->dyn_done[i] = FQ_DYN_SENT;
		if ((f = FQ_NEW(js->store, fq_dyn_values)) == NULL)
			return nomem(js, js->store);
		f->col = df->target_col;
		f->type = js->nbb > 0 ? js->bkeys[0][js->dyn_key[i]].type : df->build_key->type;
		f->n = n;
		f->slots = vals;
		fq_exec_remote_add_filter(target, f);
	}
	return FQ_OK;
}

fq_dyn_outcome
fq_exec_join_dyn_outcome(const fq_exec_node *node, int i, uint64_t *nvalues)
{
	const join_state *js = (const join_state *) node;

	*nvalues = 0;
	if (node == NULL || !FQ_IS(node->plan, FQ_N_PLAN_JOIN) || i < 0 || i >= js->plan->ndyn)
		return FQ_DYN_UNTRIED;
	*nvalues = js->dyn_values[i];
	return js->dyn_done[i];
}

/* ---- probe ---- */

static int
start_probe_batch(join_state *js)
{
	fq_exec_ctx *ctx = js->n.ctx;
	int rc;

	for (;;)
	{
		rc = pull_probe(js, &js->pb);
		if (rc <= 0)
			return rc;
		if (js->pb->nrows > 0)
			break;
	}
	js->pbase = js->pnext;
	js->pnext += js->pb->nrows;
	fq_arena_reset(js->batch_arena);
	js->pkeys = FQ_NEW_ARRAY(js->batch_arena, fq_vector, js->nkeys > 0 ? js->nkeys : 1);
	js->phash = fq_arena_alloc(js->batch_arena, sizeof(uint64_t) * js->pb->nrows);
	js->pnull = fq_arena_zalloc(js->batch_arena, js->pb->nrows);
	js->pmatched = fq_arena_zalloc(js->batch_arena, js->pb->nrows);
	if (js->pkeys == NULL || js->phash == NULL || js->pnull == NULL || js->pmatched == NULL)
		return nomem(js, js->batch_arena);
	for (int k = 0; k < js->nkeys; k++)
		if (fq_eval(ctx, js->probe_keys[k], js->pb, NULL, js->batch_arena, &js->pkeys[k]) < 0)
			return FQ_ERROR;
	if (!js->cross)
	{
		js->key.arena = js->batch_arena;
		js->key.data = NULL;
		js->key.len = js->key.cap = 0;
		for (uint32_t r = 0; r < js->pb->nrows; r++)
		{
			js->key.len = 0;
			for (int k = 0; k < js->nkeys; k++)
			{
				if (fq_vector_is_null(&js->pkeys[k], r))
					js->pnull[r] = 1;
				if (!fq_key_append(&js->key, &js->pkeys[k], r))
					return nomem(js, js->batch_arena);
			}
			js->phash[r] = fq_hash_bytes(js->key.data, js->key.len);
		}
	}
	js->prow = 0;
	js->chain = -2;
	return 1;
}

static bool
keys_equal(join_state *js, uint32_t prow, int64_t g)
{
	uint64_t ref = js->bref[g];
	int b = (int) (ref >> 16);
	uint32_t r = (uint32_t) (ref & 0xFFFF);

	for (int k = 0; k < js->nkeys; k++)
	{
		const fq_vector *pv = &js->pkeys[k];
		const fq_vector *bv = &js->bkeys[b][k];

		if (fq_compare_slots(&pv->type, fq_vector_slot(pv, prow), fq_vector_slot(bv, r)) != 0)
			return false;
	}
	return true;
}

/* Collects up to FQ_BATCH_ROWS candidate pairs of the current probe batch. */
static uint32_t
collect_pairs(join_state *js)
{
	uint32_t n = 0;

	while (js->prow < js->pb->nrows && n < FQ_BATCH_ROWS)
	{
		uint32_t p = js->prow;

		if (js->chain == -2)
		{
			if (js->cross)
				js->chain = js->nbuild > 0 ? 0 : NO_ROW;
			else if (js->pnull[p])
				js->chain = NO_ROW;
			else
				js->chain = js->heads[(uint32_t) js->phash[p] & (js->tsize - 1)];
		}
		while (js->chain != NO_ROW && n < FQ_BATCH_ROWS)
		{
			int64_t g = js->chain;

			js->chain = js->cross ? (g + 1 < js->nbuild ? g + 1 : NO_ROW) : js->next[g];
			/* A left row already known to have a match needs no other. */
			if (js->swapped && js->bmatched[g])
				continue;
			if (!js->cross && (js->bhash[g] != js->phash[p] || !keys_equal(js, p, g)))
				continue;
			js->pair_p[n] = p;
			js->pair_b[n] = g;
			n++;
			/* EXISTS / NOT EXISTS only ask whether there is one. */
			if ((js->semi || js->anti) && js->residual == NULL)
				js->chain = NO_ROW;
		}
		if (js->chain == NO_ROW)
		{
			js->prow++;
			js->chain = -2;
		}
	}
	return n;
}

/* Builds the combined batch (probe columns, then build columns) for n
 * pairs; a missing side is NULL. */
static int
gather(join_state *js, uint32_t n, fq_batch *c)
{
	const fq_plan *pp = js->probe_plan;
	const fq_plan *bp = js->build_plan;
	fq_arena *a = js->out_arena;

	c->nrows = n;
	c->ncols = (uint32_t) (pp->nout + bp->nout);
	c->cols = FQ_NEW_ARRAY(a, fq_vector, c->ncols ? c->ncols : 1);
	if (c->cols == NULL)
		return nomem(js, a);
	for (int i = 0; i < pp->nout; i++)
	{
		fq_vector *v = &c->cols[i];
		size_t w = fq_type_size(&pp->out[i].type);

		v->type = pp->out[i].type;
		v->nulls = NULL;
		if ((v->data = fq_arena_alloc(a, w * (n ? n : 1))) == NULL)
			return nomem(js, a);
		for (uint32_t k = 0; k < n; k++)
		{
			if (js->pair_p[k] == UINT32_MAX)
			{
				if (fq_vector_set_null(v, a, n, k) < 0)
					return nomem(js, a);
				continue;
			}
			if (fq_vector_copy_row(v, k, &js->pb->cols[i], js->pair_p[k], a, n, false) < 0)
				return nomem(js, a);
		}
	}
	for (int i = 0; i < bp->nout; i++)
	{
		fq_vector *v = &c->cols[pp->nout + i];
		size_t w = fq_type_size(&bp->out[i].type);

		v->type = bp->out[i].type;
		v->nulls = NULL;
		if ((v->data = fq_arena_alloc(a, w * (n ? n : 1))) == NULL)
			return nomem(js, a);
		for (uint32_t k = 0; k < n; k++)
		{
			uint64_t ref;

			if (js->pair_b[k] == NO_ROW)
			{
				if (fq_vector_set_null(v, a, n, k) < 0)
					return nomem(js, a);
				continue;
			}
			ref = js->bref[js->pair_b[k]];
			if (fq_vector_copy_row(v, k, &js->bb[ref >> 16].cols[i], (uint32_t) (ref & 0xFFFF), a,
								   n, false) < 0)
				return nomem(js, a);
		}
	}
	return FQ_OK;
}

/* The join's outputs from the combined batch, keeping rows where keep[]. */
static int
emit(join_state *js, const fq_batch *c, const uint8_t *keep, const fq_batch **out)
{
	fq_arena *a = js->out_arena;
	uint32_t n = 0;
	uint32_t *rows = fq_arena_alloc(a, sizeof(uint32_t) * (c->nrows ? c->nrows : 1));

	if (rows == NULL)
		return nomem(js, a);
	for (uint32_t r = 0; r < c->nrows; r++)
		if (keep == NULL || keep[r])
			rows[n++] = r;
	js->out.nrows = n;
	js->out.ncols = (uint32_t) js->n.plan->nout;
	js->out.cols = FQ_NEW_ARRAY(a, fq_vector, js->out.ncols ? js->out.ncols : 1);
	if (js->out.cols == NULL)
		return nomem(js, a);
	for (uint32_t i = 0; i < js->out.ncols; i++)
	{
		const fq_vector *src = &c->cols[js->out_map[i]];
		fq_vector *dst = &js->out.cols[i];

		if (n == c->nrows)
		{
			*dst = *src;
			continue;
		}
		dst->type = src->type;
		dst->nulls = NULL;
		dst->data = fq_arena_alloc(a, fq_type_size(&src->type) * (n ? n : 1));
		if (dst->data == NULL)
			return nomem(js, a);
		for (uint32_t k = 0; k < n; k++)
			if (fq_vector_copy_row(dst, k, src, rows[k], a, n, false) < 0)
				return nomem(js, a);
	}
	*out = &js->out;
	return 1;
}

static int
join_next(fq_exec_node *node, const fq_batch **out)
{
	join_state *js = (join_state *) node;
	fq_exec_ctx *ctx = node->ctx;

	/* An inner or semi join on a condition folded to false joins nothing:
	 * neither side runs. */
	if (!js->built && fq_expr_is_false_const(js->plan->cond) &&
		(js->plan->type == FQ_JOIN_INNER || js->plan->type == FQ_JOIN_CROSS ||
		 js->plan->type == FQ_JOIN_SEMI))
		return 0;
	if (!js->built)
	{
		int rc = build_table(js);

		if (rc < 0)
			return FQ_ERROR;
		if (rc == BUILD_SPILLED)
		{
			/* x NOT IN (... NULL ...) is never true */
			if (js->null_aware && js->build_has_null)
			{
				fq_exec_end_node(js->probe);
				for (int i = 0; i < js->nqueue; i++)
				{
					fq_spill_close(js->queue[i].build);
					fq_spill_close(js->queue[i].probe);
				}
				js->nqueue = 0;
			}
			if ((rc = next_partition(js)) < 0)
				return FQ_ERROR;
			js->phase = rc > 0 ? PHASE_PROBE : PHASE_DONE;
			js->built = true;
		}
		/* x NOT IN (... NULL ...) is never true; nothing joins nothing:
		 * skip the probe side. */
		else if ((js->null_aware && js->build_has_null) ||
			(js->nbuild == 0 && (js->plan->type == FQ_JOIN_INNER ||
								 js->plan->type == FQ_JOIN_CROSS || js->semi || js->swapped)))
		{
			fq_exec_end_node(js->probe);
			js->phase = PHASE_DONE;
		}
		else if (js->plan->ndyn > 0 && send_dyn_filters(js) < 0)
			return FQ_ERROR;
	}
	for (;;)
	{
		fq_batch c;
		uint32_t n;

		/* A residual condition may reject batch after batch of pairs
		 * (a nested loop of millions) before one row goes up: cancel
		 * and QueryTimeout are checked per batch of pairs, not only per
		 * input batch. */
		if (fq_stmt_check_cancel(ctx->st, ctx->d) < 0)
			return FQ_ERROR;
		fq_arena_reset(js->out_arena);
		switch (js->phase)
		{
			case PHASE_PROBE:
				if (js->pb == NULL || js->prow >= js->pb->nrows)
				{
					int rc;

					if (js->pb != NULL && (js->probe_outer || js->semi || js->anti))
					{
						js->phase = PHASE_PROBE_UNMATCHED;
						continue;
					}
					rc = start_probe_batch(js);
					if (rc < 0)
						return FQ_ERROR;
					if (rc == 0)
					{
						js->pb = NULL;
						js->phase = js->build_outer || js->swapped ? PHASE_BUILD_UNMATCHED
							: PHASE_DONE;
						continue;
					}
				}
				n = collect_pairs(js);
				if (n == 0)
					continue;
				if (gather(js, n, &c) < 0)
					return FQ_ERROR;
				{
					uint8_t *keep = NULL;
					uint8_t *unknown = NULL;

					if (js->residual != NULL && js->nrquals > 0)
					{
						/* conjunct after conjunct, a NULL stopping the pair */
						if ((keep = fq_arena_alloc(js->out_arena, n)) == NULL)
							return nomem(js, js->out_arena);
						if (fq_eval_quals(ctx, js->rquals, js->nrquals, &c, js->out_arena, keep) < 0)
							return FQ_ERROR;
					}
					else if (js->residual != NULL)
					{
						fq_vector v;

						if (fq_eval(ctx, js->residual, &c, NULL, js->out_arena, &v) < 0)
							return FQ_ERROR;
						keep = fq_arena_alloc(js->out_arena, n);
						if (keep == NULL)
							return nomem(js, js->out_arena);
						for (uint32_t k = 0; k < n; k++)
							keep[k] = !fq_vector_is_null(&v, k) && ((const uint8_t *) v.data)[k];
						unknown = v.nulls;
					}
					for (uint32_t k = 0; k < n; k++)
						/* NOT IN: a pair whose condition is unknown (a NULL on
						 * either side) keeps the row out as a true one does */
						if (keep == NULL || keep[k] || (js->null_aware && unknown != NULL && unknown[k]))
						{
							js->pmatched[js->pair_p[k]] = 1;
							js->bmatched[js->pair_b[k]] = 1;
						}
					/* SEMI and ANTI emit probe rows when the batch is done,
					 * swapped ones build rows when the probe side is. */
					if (js->semi || js->anti || js->swapped)
						continue;
					if (emit(js, &c, keep, out) < 0)
						return FQ_ERROR;
					if (js->out.nrows == 0)
						continue;
					return 1;
				}
			case PHASE_PROBE_UNMATCHED:
				/* A chunk's matches join those of the chunks before; the
				 * rows go out with the last. */
				if (js->chunked)
				{
					for (uint32_t p = 0; p < js->pb->nrows; p++)
					{
						uint64_t bit = js->pbase + p;

						if (js->pmatched[p])
							js->pseen[bit >> 3] |= (uint8_t) (1u << (bit & 7));
						else if (js->pseen[bit >> 3] & (1u << (bit & 7)))
							js->pmatched[p] = 1;
					}
					if (!js->last_chunk)
					{
						js->phase = PHASE_PROBE;
						js->prow = js->pb->nrows;
						js->pb = NULL;
						continue;
					}
				}
				/* Outer and ANTI joins: the rows without a match; SEMI: with one. */
				n = 0;
				for (uint32_t p = 0; p < js->pb->nrows; p++)
				{
					bool want = js->semi ? js->pmatched[p] : !js->pmatched[p];

					/* NOT IN: a NULL on the left is unknown unless the right is empty */
					if (js->null_aware && js->pnull[p] && js->nbuild > 0)
						want = false;
					if (want)
					{
						js->pair_p[n] = p;
						js->pair_b[n] = NO_ROW;
						n++;
					}
				}
				/* this batch is finished: the next round fetches another */
				js->phase = PHASE_PROBE;
				js->prow = js->pb->nrows;
				if (n == 0)
				{
					js->pb = NULL;
					continue;
				}
				if (gather(js, n, &c) < 0)
					return FQ_ERROR;
				js->pb = NULL;
				return emit(js, &c, NULL, out);
			case PHASE_BUILD_UNMATCHED:
				/* Outer joins: build rows without a match; swapped SEMI:
				 * with one. */
				n = 0;
				while (js->bu_pos < js->nbuild && n < FQ_BATCH_ROWS)
				{
					if ((js->bmatched[js->bu_pos] != 0) == js->want_matched)
					{
						js->pair_p[n] = UINT32_MAX;
						js->pair_b[n] = js->bu_pos;
						n++;
					}
					js->bu_pos++;
				}
				if (js->bu_pos >= js->nbuild)
					js->phase = PHASE_DONE;
				if (n == 0)
					continue;
				if (gather(js, n, &c) < 0)
					return FQ_ERROR;
				return emit(js, &c, NULL, out);
			case PHASE_DONE:
				if (js->chunked && !js->last_chunk)
				{
					if (next_chunk(js) < 0)
						return FQ_ERROR;
					continue;
				}
				if (js->spilled)
				{
					int rc = next_partition(js);

					if (rc < 0)
						return FQ_ERROR;
					if (rc > 0)
						continue;
				}
				return 0;
		}
	}
}

static void
join_end(fq_exec_node *node)
{
	join_state *js = (join_state *) node;

	for (int p = 0; p < JOIN_FANOUT; p++)
	{
		fq_spill_close(js->bparts[p]);
		fq_spill_close(js->pparts[p]);
	}
	fq_spill_close(js->bsrc);
	fq_spill_close(js->psrc);
	js->bsrc = js->psrc = NULL;
	for (int p = 0; p < JOIN_FANOUT; p++)
		js->bparts[p] = js->pparts[p] = NULL;
	for (int i = 0; i < js->nqueue; i++)
	{
		fq_spill_close(js->queue[i].build);
		fq_spill_close(js->queue[i].probe);
	}
	js->nqueue = 0;
	fq_arena_free(js->read_arena);
	fq_arena_free(js->pread_arena);
	fq_arena_free(js->chunk_arena);
	js->read_arena = js->pread_arena = js->chunk_arena = NULL;
	fq_arena_free(js->store);
	fq_arena_free(js->batch_arena);
	fq_arena_free(js->out_arena);
	js->store = js->batch_arena = js->out_arena = NULL;
}

fq_exec_node *
fq_exec_init_join(fq_exec_ctx *ctx, const fq_plan *plan)
{
	const fq_plan_join *jp = (const fq_plan_join *) plan;
	join_state *js = (join_state *) fq_exec_new_node(ctx, plan, sizeof(join_state));
	fq_expr **pk = NULL;
	fq_expr **bk = NULL;
	fq_expr **rest = NULL;
	int nrest = 0;

	if (js == NULL)
		return NULL;
	js->plan = jp;
	js->n.next = join_next;
	js->n.end = join_end;
	js->swapped = jp->build_left && !jp->null_aware &&
		(jp->type == FQ_JOIN_SEMI || jp->type == FQ_JOIN_ANTI);
	js->want_matched = js->swapped && jp->type == FQ_JOIN_SEMI;
	js->semi = jp->type == FQ_JOIN_SEMI && !js->swapped;
	js->anti = jp->type == FQ_JOIN_ANTI && !js->swapped;
	js->null_aware = jp->null_aware;
	if ((js->n.left = fq_exec_init_node(ctx, plan->left)) == NULL ||
		(js->n.right = fq_exec_init_node(ctx, plan->right)) == NULL)
		return NULL;
	if (jp->type == FQ_JOIN_RIGHT || js->swapped)
	{
		js->probe = js->n.right;
		js->build = js->n.left;
		js->probe_plan = plan->right;
		js->build_plan = plan->left;
	}
	else
	{
		js->probe = js->n.left;
		js->build = js->n.right;
		js->probe_plan = plan->left;
		js->build_plan = plan->right;
	}
	js->probe_outer = jp->type == FQ_JOIN_LEFT || jp->type == FQ_JOIN_RIGHT || jp->type == FQ_JOIN_FULL;
	js->build_outer = jp->type == FQ_JOIN_FULL;

	if (!split_cond(js, jp->cond, &pk, &bk, &rest, &nrest))
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	js->cross = js->nkeys == 0;
	/* Dynamic filters name the build key by the condition's expression. */
	js->dyn_key = FQ_NEW_ARRAY(ctx->arena, int, jp->ndyn > 0 ? jp->ndyn : 1);
	js->dyn_done = fq_arena_zalloc(ctx->arena, sizeof(fq_dyn_outcome) * (size_t) (jp->ndyn + 1));
	js->dyn_values = fq_arena_zalloc(ctx->arena, sizeof(uint64_t) * (size_t) (jp->ndyn + 1));
	if (js->dyn_key == NULL || js->dyn_done == NULL || js->dyn_values == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	for (int i = 0; i < jp->ndyn; i++)
	{
		js->dyn_key[i] = -1;
		for (int k = 0; k < js->nkeys; k++)
			if (bk[k] == jp->dyn[i].build_key)
				js->dyn_key[i] = k;
	}
	js->probe_keys = pk;
	js->build_keys = bk;
	for (int k = 0; k < js->nkeys; k++)
		if ((js->probe_keys[k] = fq_exec_resolve(ctx, pk[k], js->probe_plan)) == NULL ||
			(js->build_keys[k] = fq_exec_resolve(ctx, bk[k], js->build_plan)) == NULL)
			return NULL;

	/* The combined layout: probe outputs, then build outputs. */
	js->combined.nout = js->probe_plan->nout + js->build_plan->nout;
	js->combined.out = FQ_NEW_ARRAY(ctx->arena, fq_plan_col, js->combined.nout > 0 ? js->combined.nout : 1);
	js->out_map = FQ_NEW_ARRAY(ctx->arena, int, plan->nout > 0 ? plan->nout : 1);
	if (js->combined.out == NULL || js->out_map == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	memcpy(js->combined.out, js->probe_plan->out, sizeof(fq_plan_col) * (size_t) js->probe_plan->nout);
	memcpy(js->combined.out + js->probe_plan->nout, js->build_plan->out,
		   sizeof(fq_plan_col) * (size_t) js->build_plan->nout);
	for (int i = 0; i < plan->nout; i++)
		if ((js->out_map[i] = fq_plan_find_col(&js->combined, plan->out[i].rel, plan->out[i].col)) < 0)
		{
			fq_raise(ctx->d, FQ_ERR_INTERNAL_ERROR, 0, "a join output is not in its inputs");
			return NULL;
		}
	/* A constant true residual (EXISTS with no condition) is no residual. */
	if (nrest == 1 && FQ_IS(rest[0], FQ_N_EXPR_CONST) && !((fq_const *) rest[0])->value.isnull &&
		((fq_const *) rest[0])->value.v.i != 0)
		nrest = 0;
	if (nrest > 0)
	{
		fq_expr *r = rest[0];

		if (nrest > 1)
		{
			fq_bool_expr *b = FQ_MAKE_NODE(ctx->arena, fq_bool_expr, FQ_N_EXPR_BOOL);

			if (b == NULL)
			{
				fq_raise_nomem(ctx->d, ctx->arena);
				return NULL;
			}
			b->e.type = rest[0]->type;
			b->kind = FQ_BOOL_AND;
			b->nargs = nrest;
			b->args = rest;
			r = &b->e;
		}
		if ((js->residual = fq_exec_resolve(ctx, r, &js->combined)) == NULL)
			return NULL;
		if (!jp->null_aware)
		{
			fq_list *conj = NULL;
			fq_expr *e;
			int i = 0;

			if (!fq_expr_conjuncts(ctx->arena, js->residual, &conj) ||
				(js->rquals = FQ_NEW_ARRAY(ctx->arena, fq_expr *, fq_list_len(conj) + 1)) == NULL)
			{
				fq_raise_nomem(ctx->d, ctx->arena);
				return NULL;
			}
			FQ_LIST_FOREACH(e, conj)
				js->rquals[i++] = e;
			js->nrquals = i;
		}
	}
	js->store = fq_arena_new(&ctx->st->acct);
	js->batch_arena = fq_arena_new(&ctx->st->acct);
	js->out_arena = fq_arena_new(&ctx->st->acct);
	js->read_arena = fq_arena_new(&ctx->st->acct);
	js->pread_arena = fq_arena_new(&ctx->st->acct);
	js->chunk_arena = fq_arena_new(&ctx->st->acct);
	js->pair_p = FQ_NEW_ARRAY(ctx->arena, uint32_t, FQ_BATCH_ROWS);
	js->pair_b = FQ_NEW_ARRAY(ctx->arena, int64_t, FQ_BATCH_ROWS);
	if (js->store == NULL || js->batch_arena == NULL || js->out_arena == NULL ||
		js->read_arena == NULL || js->pread_arena == NULL || js->chunk_arena == NULL ||
		js->pair_p == NULL || js->pair_b == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		return NULL;
	}
	js->key.arena = js->store;
	js->phase = PHASE_PROBE;
	js->can_spill = !js->cross && fq_spill_budget(ctx) > 0;
	return &js->n;
}
