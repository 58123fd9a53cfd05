/*
 * sorter.h — ordering rows within MemoryLimit: Sort's engine (sort.c), for
 * any operator that needs its rows in order.
 *
 * Rows go in by batches (copied), then come out in order by batches.  The
 * order is stable: rows with equal keys come out in the order they went
 * in.  Past the operator's share of MemoryLimit (fq_spill_due) what the
 * sorter holds goes to a sorted run in a spill file, and the runs are
 * merged at the end (spill.h; Spill=0 or no MemoryLimit: everything in
 * memory, and MemoryLimit stops it with 53200).
 */
#ifndef FQ_SORTER_H
#define FQ_SORTER_H

#include "exec/exec.h"

typedef struct fq_sorter fq_sorter;

/* A sort key: a column of the rows; NULLs sort last ascending and first
 * descending unless nulls_first says otherwise; strings bytewise, CHAR
 * without trailing blanks. */
typedef struct fq_sort_col
{
	int col;
	bool desc;
	bool nulls_first;
} fq_sort_col;

/* A sorter for `node` (its spill files count in its EXPLAIN ANALYZE),
 * made in the query's arena, ordering by keys (kept, not copied: they
 * live as long as the sorter); NULL after raising. */
fq_sorter *fq_sorter_new(fq_exec_node *node, const fq_sort_col *keys, int nkeys);

/* Takes the rows of `in` (every batch of the same column types). */
int fq_sorter_put(fq_sorter *s, const fq_batch *in);

/* No more rows: ordering (or merging) starts. */
int fq_sorter_done(fq_sorter *s);

/* The next batch in order (valid until the next call): 1, 0 at the end,
 * FQ_ERROR after raising. */
int fq_sorter_next(fq_sorter *s, const fq_batch **out);

/* Closes its files and frees its memory; NULL is ignored. */
void fq_sorter_free(fq_sorter *s);

#endif
