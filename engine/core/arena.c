/*
 * arena.c — bump allocator over a chain of malloc'd blocks.
 *
 * Small requests are carved from the current block; requests larger than a
 * quarter of the block size get a block of their own so that a few big
 * vectors do not waste a block's tail.  Every block is charged to the
 * arena's memory account, which is how MemoryLimit is enforced.  Blocks
 * come from fq_malloc, and each allocation is a fault point (core/fault.h).
 */
#include "core/arena.h"

#include "core/alloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_MIN_BLOCK (8 * 1024)
#define ARENA_MAX_BLOCK (1024 * 1024)

typedef struct arena_block
{
	struct arena_block *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	/* data follows, aligned */
} arena_block;

struct fq_arena
{
	arena_block *head;   /* current block, newest first */
	size_t next_size;    /* size of the next ordinary block */
	size_t total;        /* bytes held in blocks */
	void *last;          /* most recent allocation, for realloc in place */
	fq_mem_account *acct;
	fq_arena_fail failure;
};

#define BLOCK_HDR (((sizeof(arena_block) + ARENA_ALIGN - 1) / ARENA_ALIGN) * ARENA_ALIGN)

static inline char *
block_data(arena_block *b)
{
	return (char *) b + BLOCK_HDR;
}

static bool
charge(fq_arena *a, size_t n)
{
	fq_mem_account *acct = a->acct;

	if (acct == NULL)
		return true;
	if (acct->limit != 0 && acct->used + n > acct->limit)
	{
		a->failure = FQ_ARENA_LIMIT;
		return false;
	}
	acct->used += n;
	if (acct->used > acct->peak)
		acct->peak = acct->used;
	return true;
}

static void
uncharge(fq_arena *a, size_t n)
{
	if (a->acct != NULL)
		a->acct->used -= n;
}

static arena_block *
new_block(fq_arena *a, size_t size)
{
	arena_block *b;

	if (size > SIZE_MAX - BLOCK_HDR)
	{
		a->failure = FQ_ARENA_NOMEM;
		return NULL;
	}
	if (!charge(a, size + BLOCK_HDR))
		return NULL;
	b = fq_malloc(BLOCK_HDR + size);
	if (b == NULL)
	{
		uncharge(a, size + BLOCK_HDR);
		a->failure = FQ_ARENA_NOMEM;
		return NULL;
	}
	b->size = size;
	b->used = 0;
	a->total += size + BLOCK_HDR;
	return b;
}

fq_arena *
fq_arena_new(fq_mem_account *acct)
{
	fq_arena *a = fq_calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->acct = acct;
	a->next_size = ARENA_MIN_BLOCK;
	return a;
}

static void
free_blocks(fq_arena *a, arena_block *b)
{
	while (b != NULL)
	{
		arena_block *next = b->next;

		uncharge(a, b->size + BLOCK_HDR);
		a->total -= b->size + BLOCK_HDR;
		free(b);
		b = next;
	}
}

void
fq_arena_free(fq_arena *a)
{
	if (a == NULL)
		return;
	free_blocks(a, a->head);
	free(a);
}

void
fq_arena_reset(fq_arena *a)
{
	arena_block *keep;

	if (a == NULL || a->head == NULL)
		return;
	/* Keep the oldest block (the tail of the chain): it is an ordinary one. */
	keep = a->head;
	while (keep->next != NULL)
		keep = keep->next;
	if (keep != a->head)
	{
		arena_block *b = a->head;

		while (b->next != keep)
			b = b->next;
		b->next = NULL;
		free_blocks(a, a->head);
	}
	keep->used = 0;
	keep->next = NULL;
	a->head = keep;
	a->last = NULL;
	a->next_size = ARENA_MIN_BLOCK;
	a->failure = FQ_ARENA_OK;
}

void *
fq_arena_alloc(fq_arena *a, size_t n)
{
	arena_block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	void *p;

	/* Each allocation counts for the torture tests, not only new blocks:
	 * every caller must cope with NULL. */
	if (need < n || fq_fault_alloc())
	{
		a->failure = FQ_ARENA_NOMEM;
		return NULL;
	}
	if (need == 0)
		need = ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need)
	{
		if (need > a->next_size / 4)
		{
			/* A block of its own, linked behind the current one. */
			arena_block *big = new_block(a, need);

			if (big == NULL)
				return NULL;
			big->used = need;
			if (b == NULL)
			{
				big->next = NULL;
				a->head = big;
			}
			else
			{
				big->next = b->next;
				b->next = big;
			}
			a->last = NULL;
			return block_data(big);
		}
		b = new_block(a, a->next_size);
		if (b == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
		if (a->next_size < ARENA_MAX_BLOCK)
			a->next_size *= 2;
	}
	p = block_data(b) + b->used;
	b->used += need;
	a->last = p;
	return p;
}

void *
fq_arena_zalloc(fq_arena *a, size_t n)
{
	void *p = fq_arena_alloc(a, n);

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

void *
fq_arena_realloc(fq_arena *a, void *p, size_t oldn, size_t newn)
{
	void *q;

	if (p == NULL)
		return fq_arena_alloc(a, newn);
	if (newn <= oldn)
		return p;
	if (p == a->last && a->head != NULL)
	{
		arena_block *b = a->head;
		size_t off = (size_t) ((char *) p - block_data(b));
		size_t need = (newn + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);

		if (need >= newn && off + need <= b->size)
		{
			if (fq_fault_alloc())
			{
				a->failure = FQ_ARENA_NOMEM;
				return NULL;
			}
			b->used = off + need;
			return p;
		}
	}
	q = fq_arena_alloc(a, newn);
	if (q != NULL)
		memcpy(q, p, oldn);
	return q;
}

char *
fq_arena_strndup(fq_arena *a, const char *s, size_t n)
{
	char *p = fq_arena_alloc(a, n + 1);

	if (p != NULL)
	{
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

void *
fq_arena_grow(fq_arena *a, void *arr, size_t elem, int n, int *cap, int first)
{
	int grown = *cap > 0 ? *cap * 2 : first;
	void *q;

	if (n < *cap)
		return arr;
	if ((q = fq_arena_realloc(a, arr, elem * (size_t) *cap, elem * (size_t) grown)) == NULL)
		return NULL;
	*cap = grown;
	return q;
}

char *
fq_arena_strdup(fq_arena *a, const char *s)
{
	return fq_arena_strndup(a, s, strlen(s));
}

void *
fq_arena_memdup(fq_arena *a, const void *src, size_t n)
{
	void *p = fq_arena_alloc(a, n);

	if (p != NULL && n > 0)
		memcpy(p, src, n);
	return p;
}

char *
fq_arena_vprintf(fq_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	p = fq_arena_alloc(a, (size_t) n + 1);
	if (p != NULL)
		vsnprintf(p, (size_t) n + 1, fmt, ap);
	return p;
}

char *
fq_arena_printf(fq_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = fq_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

fq_arena_fail
fq_arena_failure(const fq_arena *a)
{
	return a->failure;
}

size_t
fq_arena_size(const fq_arena *a)
{
	return a->total;
}
