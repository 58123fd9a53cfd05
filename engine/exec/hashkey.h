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

/*
 * A chained hash table of entries keyed by a key's bytes (the caches of
 * Memoize and of subqueries run per row, a recursive UNION's rows seen).
 * An entry starts with fq_chain_entry; the table doubles to keep at most
 * one entry per two buckets.  Zeroed, a table is empty.
 */
typedef struct fq_chain_entry
{
	struct fq_chain_entry *next;
	uint64_t hash;
	size_t keylen;
	uint8_t *key;
} fq_chain_entry;

typedef struct fq_chains
{
	fq_chain_entry **buckets;
	uint32_t nbuckets;  /* a power of two, or 0 */
	uint32_t n;
} fq_chains;

/* The entry whose key is k's bytes (hashed to h), or NULL. */
fq_chain_entry *fq_chains_find(const fq_chains *c, const fq_keybuf *k, uint64_t h);
/* A new entry of `size` bytes, zeroed but for its head, which holds a
 * copy of k's bytes, in a, with room made for it in the table; not in it
 * until fq_chains_link.  NULL when a runs out. */
fq_chain_entry *fq_chains_new(fq_chains *c, fq_arena *a, size_t size, const fq_keybuf *k,
							  uint64_t h);
void fq_chains_link(fq_chains *c, fq_chain_entry *e);

#endif
