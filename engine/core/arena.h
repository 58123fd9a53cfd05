/*
 * arena.h — memory arenas tied to lifetimes.
 *
 * Everything a session, statement, query or batch allocates comes from an
 * arena and is freed at once with it.  Allocation never aborts: it returns
 * NULL, and fq_arena_failure() says whether memory ran out or the query hit
 * its MemoryLimit (a shared fq_mem_account), so the caller can raise the
 * right error (see fq_raise_nomem in diag.h).
 */
#ifndef FQ_ARENA_H
#define FQ_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/* Bytes charged to a query across all its arenas; limit 0 = none. */
typedef struct fq_mem_account
{
	size_t used;
	size_t peak;
	size_t limit;
} fq_mem_account;

typedef enum fq_arena_fail
{
	FQ_ARENA_OK = 0,
	FQ_ARENA_NOMEM, /* malloc failed */
	FQ_ARENA_LIMIT  /* the account's limit would be exceeded */
} fq_arena_fail;

typedef struct fq_arena fq_arena;

/* A new arena charging `acct` (may be NULL); NULL when out of memory. */
fq_arena *fq_arena_new(fq_mem_account *acct);
void fq_arena_free(fq_arena *a);
/* Frees everything allocated so far but keeps the first block for reuse. */
void fq_arena_reset(fq_arena *a);

/* 16-byte aligned; NULL on failure. */
void *fq_arena_alloc(fq_arena *a, size_t n);
void *fq_arena_zalloc(fq_arena *a, size_t n);
/* Grows the most recent allocation in place when possible, else copies. */
void *fq_arena_realloc(fq_arena *a, void *p, size_t oldn, size_t newn);
/*
 * Room for one more in an array of *cap elements of `elem` bytes holding
 * n of them: the array as it is while n < *cap, else grown to twice *cap
 * (`first` when empty) and *cap set; NULL when the arena runs out (the
 * array and *cap as they were).
 */
void *fq_arena_grow(fq_arena *a, void *arr, size_t elem, int n, int *cap, int first);
char *fq_arena_strdup(fq_arena *a, const char *s);
char *fq_arena_strndup(fq_arena *a, const char *s, size_t n);
void *fq_arena_memdup(fq_arena *a, const void *p, size_t n);
char *fq_arena_printf(fq_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *fq_arena_vprintf(fq_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

fq_arena_fail fq_arena_failure(const fq_arena *a);
/* Bytes currently held by the arena (blocks, not just what was handed out). */
size_t fq_arena_size(const fq_arena *a);

#define FQ_NEW(arena, type) ((type *) fq_arena_zalloc((arena), sizeof(type)))
#define FQ_NEW_ARRAY(arena, type, n) \
	((type *) fq_arena_zalloc((arena), sizeof(type) * (size_t) (n)))

#endif
