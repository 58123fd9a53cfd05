/*
 * hashkey.c — key serialisation and hashing (see hashkey.h).
 */
#include "exec/hashkey.h"

#include "types/numeric.h"
#include "types/types.h"

#include <math.h>
#include <string.h>

uint64_t
fq_hash_bytes(const uint8_t *p, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < n; i++)
	{
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	/* finalise: tables index with the low bits */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

static bool
reserve(fq_keybuf *k, size_t extra)
{
	size_t need = k->len + extra;
	size_t cap;
	uint8_t *p;

	if (need <= k->cap)
		return true;
	cap = k->cap ? k->cap * 2 : 256;
	while (cap < need)
		cap *= 2;
	p = fq_arena_alloc(k->arena, cap);
	if (p == NULL)
		return false;
	if (k->len > 0)
		memcpy(p, k->data, k->len);
	k->data = p;
	k->cap = cap;
	return true;
}

bool
fq_key_append_raw(fq_keybuf *k, const void *p, size_t n)
{
	if (!reserve(k, n))
		return false;
	if (n > 0)
		memcpy(k->data + k->len, p, n);
	k->len += n;
	return true;
}

bool
fq_key_append(fq_keybuf *k, const fq_vector *v, uint32_t row)
{
	size_t w = fq_type_size(&v->type);

	if (!reserve(k, 1 + 4 + w))
		return false;
	if (v->nulls != NULL && v->nulls[row])
	{
		k->data[k->len++] = 1;
		return true;
	}
	k->data[k->len++] = 0;
	switch (v->type.id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN:
			{
				const fq_string *s = (const fq_string *) v->data + row;
				uint32_t n = s->len;

				if (v->type.id == FQ_T_CHAR)
					while (n > 0 && s->ptr[n - 1] == ' ')
						n--;
				if (!reserve(k, 4 + n))
					return false;
				memcpy(k->data + k->len, &n, 4);
				if (n > 0)
					memcpy(k->data + k->len + 4, s->ptr, n);
				k->len += 4 + n;
				return true;
			}
		case FQ_T_FLOAT4:
			{
				float f = ((const float *) v->data)[row];

				if (f == 0)
					f = 0;
				if (isnan(f))
					f = NAN;
				memcpy(k->data + k->len, &f, sizeof(f));
				k->len += sizeof(f);
				return true;
			}
		case FQ_T_FLOAT8:
			{
				double f = ((const double *) v->data)[row];

				if (f == 0)
					f = 0;
				if (isnan(f))
					f = NAN;
				memcpy(k->data + k->len, &f, sizeof(f));
				k->len += sizeof(f);
				return true;
			}
		case FQ_T_DECIMAL:
			{
				/* 1.5 and 1.50 share a key; a length keeps the columns apart */
				fq_numeric x;
				uint32_t n;

				memcpy(&x, (const char *) v->data + w * row, sizeof(x));
				n = (uint32_t) fq_num_key(&x, NULL, 0);
				if (!reserve(k, 4 + n))
					return false;
				memcpy(k->data + k->len, &n, 4);
				fq_num_key(&x, k->data + k->len + 4, n);
				k->len += 4 + n;
				return true;
			}
		case FQ_T_INTERVAL:
			{
				/* equal spans are equal intervals ('1 day' = '24 hours') */
				const fq_interval *iv = (const fq_interval *) v->data + row;
				fq_int128 span = ((fq_int128) iv->months * 30 + iv->days) * FQ_USECS_PER_DAY + iv->usecs;

				memcpy(k->data + k->len, &span, sizeof(span));
				k->len += sizeof(span);
				return true;
			}
		default:
			memcpy(k->data + k->len, (const char *) v->data + w * row, w);
			k->len += w;
			return true;
	}
}

/* ---- Chained hash tables ---- */

fq_chain_entry *
fq_chains_find(const fq_chains *c, const fq_keybuf *k, uint64_t h)
{
	fq_chain_entry *e;

	if (c->nbuckets == 0)
		return NULL;
	for (e = c->buckets[h & (c->nbuckets - 1)]; e != NULL; e = e->next)
		if (e->hash == h && e->keylen == k->len &&
			(k->len == 0 || memcmp(e->key, k->data, k->len) == 0))
			return e;
	return NULL;
}

/* Doubles the buckets, relinking the entries; false when a ran out. */
static bool
chains_grow(fq_chains *c, fq_arena *a)
{
	uint32_t size = c->nbuckets ? c->nbuckets * 2 : 64;
	fq_chain_entry **b = fq_arena_zalloc(a, sizeof(fq_chain_entry *) * size);

	if (b == NULL)
		return false;
	for (uint32_t i = 0; i < c->nbuckets; i++)
		for (fq_chain_entry *e = c->buckets[i], *next; e != NULL; e = next)
		{
			next = e->next;
			e->next = b[e->hash & (size - 1)];
			b[e->hash & (size - 1)] = e;
		}
	c->buckets = b;
	c->nbuckets = size;
	return true;
}

fq_chain_entry *
fq_chains_new(fq_chains *c, fq_arena *a, size_t size, const fq_keybuf *k, uint64_t h)
{
	fq_chain_entry *e;

	if ((c->n + 1) * 2 > c->nbuckets && !chains_grow(c, a))
		return NULL;
	if ((e = fq_arena_zalloc(a, size)) == NULL ||
		(k->len > 0 && (e->key = fq_arena_memdup(a, k->data, k->len)) == NULL))
		return NULL;
	e->hash = h;
	e->keylen = k->len;
	return e;
}

void
fq_chains_link(fq_chains *c, fq_chain_entry *e)
{
	e->next = c->buckets[e->hash & (c->nbuckets - 1)];
	c->buckets[e->hash & (c->nbuckets - 1)] = e;
	c->n++;
}
