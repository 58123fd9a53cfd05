/*
 * vector.h — allocating column vectors and batches.
 *
 * A batch's vectors, NULL flags and string bytes all come from one arena
 * whose lifetime is the batch (the producer resets it before building the
 * next batch).  fq_vector and fq_batch themselves are defined in fq.h.
 */
#ifndef FQ_VECTOR_H
#define FQ_VECTOR_H

#include "fq.h"
#include "core/arena.h"

/*
 * Sets up `b` with ncols vectors of the given types and room for `cap`
 * rows, nrows = 0, no NULL flags yet.  Returns FQ_ERROR only when `a` runs
 * out (the caller raises with fq_raise_nomem).
 */
int fq_batch_init(fq_batch *b, fq_arena *a, const fq_type *types, int ncols,
				  uint32_t cap);

/* The vector's NULL flags, allocated zeroed (all not-NULL) on first use. */
uint8_t *fq_vector_nulls(fq_vector *v, fq_arena *a, uint32_t cap);

static inline bool
fq_vector_is_null(const fq_vector *v, uint32_t row)
{
	return v->nulls != NULL && v->nulls[row];
}

/* Marks row NULL (allocating the flags if needed); FQ_ERROR on OOM. */
int fq_vector_set_null(fq_vector *v, fq_arena *a, uint32_t cap, uint32_t row);

/* Copies a string into `a` and stores it at row; FQ_ERROR on OOM. */
int fq_vector_set_string(fq_vector *v, fq_arena *a, uint32_t row,
						 const char *s, size_t n);

/* Pointer to row's slot in a vector's data. */
void *fq_vector_slot(const fq_vector *v, uint32_t row);

/* Copies row `from` of src to row `to` of dst (same type).  dst's NULL
 * flags come from `a`; string bytes and big numerics' limbs are shared
 * with src unless copy_strings, in which case they are copied into `a`. */
int fq_vector_copy_row(fq_vector *dst, uint32_t to, const fq_vector *src,
					   uint32_t from, fq_arena *a, uint32_t cap,
					   bool copy_strings);

/*
 * Copies src into dst, strings included, all in `a` (for operators that
 * keep their input: sort, join, buffered results).  FQ_ERROR on OOM.
 */
int fq_batch_copy(fq_batch *dst, const fq_batch *src, fq_arena *a);
/* About the bytes fq_batch_copy of b takes (big numerics' limbs aside). */
size_t fq_batch_bytes(const fq_batch *b);

#endif
