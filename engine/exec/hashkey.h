/*
 * hashkey.h — hashing rows by a list of columns (GROUP BY, join keys).
 *
 * A key is the columns' values serialised into bytes so that values SQL
 * calls equal have equal bytes: a NULL flag, then the value; CHAR without
 * its trailing blanks; -0 as 0; every NaN the same.
 */
#ifndef FQ_HASHKEY_H
#define FQ_HASHKEY_H

#include "fq.h"
#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fq_keybuf
{
	uint8_t *data;
	size_t len;
	size_t cap;
	fq_arena *arena;   /* grows here */
} fq_keybuf;

/* Appends raw bytes; false when the arena runs out. */
bool fq_key_append_raw(fq_keybuf *k, const void *p, size_t n);
/* Appends row `row` of v; false when the arena runs out. */
bool fq_key_append(fq_keybuf *k, const fq_vector *v, uint32_t row);
uint64_t fq_hash_bytes(const uint8_t *p, size_t n);

#endif
