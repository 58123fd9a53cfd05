/*
 * spill.h — temporary files for the operators that hold their input
 * (sort.c, agg.c, join.c) when it outgrows their share of MemoryLimit.
 *
 * A spill file is a stream of rows written once, then read once (or
 * more, after fq_spill_rewind) from the start.  It is made with mkostemp
 * (close-on-exec) in SpillDirectory ($TMPDIR, else /tmp) and unlinked at
 * once, so only its descriptor names it: nothing is left behind after the
 * query ends, fails, is cancelled or the process dies.  Its I/O buffer is charged to
 * the query's memory account.
 *
 * Rows are written one after another, each column a NULL flag, then the
 * value: fixed-width types as their slot's bytes, strings (CHAR, VARCHAR,
 * BYTEA) as a length and the bytes, numerics as their slot and, when big,
 * their limbs.  Reading gives batches whose strings and limbs live in the
 * arena the caller passes.
 *
 * Write failures (a full disk) raise 53100 "could not write to temporary
 * file" naming SpillDirectory; the query ends, the connection stays usable.
 */
#ifndef FQ_SPILL_H
#define FQ_SPILL_H

#include "exec/exec.h"

typedef struct fq_spill_file fq_spill_file;

/*
 * The most bytes one operator may hold before it spills: a quarter of
 * MemoryLimit, since one query may run several memory-holding operators
 * at once (a join's build side under a sort under an aggregate), and the
 * rest must cover batches in flight and the spill buffers themselves.
 * 0 when nothing spills (Spill=0 or no MemoryLimit).
 */
size_t fq_spill_budget(const fq_exec_ctx *ctx);

/*
 * Whether an operator that holds `held` bytes (what it would hold at its
 * next step, its own estimate) should spill now: when its store's next
 * block would take it past its budget, or past an eighth of it while the
 * whole query is near its limit.
 */
bool fq_spill_due(const fq_exec_ctx *ctx, size_t held);

/* A new empty spill file for `node` (counted in its EXPLAIN ANALYZE
 * figures); NULL after raising.  While the query may still go to the
 * warehouse (fq_exec_ctx.spill_defer), 53200 instead: stmt.c then ships
 * it, or runs it again with spilling. */
fq_spill_file *fq_spill_create(fq_exec_node *node);

/*
 * Records b's column types in *types (made in a) and their count in
 * *ncols, once: what an operator's spill files hold, to read them back
 * with.  Nothing when already recorded; false when a runs out.
 */
bool fq_spill_types(fq_arena *a, const fq_batch *b, fq_type **types, int *ncols);

/* Appends row `row` of b (the file's column types). */
int fq_spill_write_row(fq_spill_file *f, const fq_batch *b, uint32_t row);

/* Ends writing (flushing) and positions the file at its start for
 * reading; the write buffer is released until the first read. */
int fq_spill_rewind(fq_spill_file *f);

/*
 * Reads up to `max` (≤ FQ_BATCH_ROWS) rows into b, whose vectors,
 * strings and limbs come from `a`: 1 with rows, 0 at the end, FQ_ERROR
 * after raising.
 */
int fq_spill_read(fq_spill_file *f, fq_batch *b, fq_arena *a, const fq_type *types, int ncols,
				  uint32_t max);

/*
 * Writes out what is buffered, so that readers see every row written so
 * far; the file stays open for writing.
 */
int fq_spill_flush(fq_spill_file *f);

/*
 * A reader of w's rows for `node`, from the first, at its own position
 * and with its own buffer, while w is still written (a CTE's rows read by
 * each of its scans at its own pace).  It reads what w had flushed: ask
 * fq_spill_read for no more rows than that.  Closing it leaves w open;
 * it must close before w.
 */
fq_spill_file *fq_spill_reader(fq_spill_file *w, fq_exec_node *node);

/* Rows written so far. */
uint64_t fq_spill_rows(const fq_spill_file *f);

/* Closes (and so deletes) the file and frees it: whoever held it drops
 * its pointer.  NULL is ignored. */
void fq_spill_close(fq_spill_file *f);

#endif
