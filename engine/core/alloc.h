/*
 * alloc.h — the engine's heap allocations, which a torture test can make
 * fail one at a time (core/fault.h, tests/torture.c).
 *
 * Everything the engine takes from the heap outside arenas goes through
 * these (arenas use them for their blocks and count each fq_arena_alloc
 * as well), so that "the Nth allocation fails" reaches every place that
 * must cope with NULL.  Memory from them is released with free().
 * Libraries (libpq, libcurl, OpenSSL, cJSON) allocate on their own.
 */
#ifndef FQ_ALLOC_H
#define FQ_ALLOC_H

#include "core/fault.h"

#include <stdlib.h>
#include <string.h>

static inline void *
fq_malloc(size_t n)
{
	return fq_fault_alloc() ? NULL : malloc(n);
}

static inline void *
fq_calloc(size_t n, size_t size)
{
	return fq_fault_alloc() ? NULL : calloc(n, size);
}

static inline void *
fq_realloc(void *p, size_t n)
{
	return fq_fault_alloc() ? NULL : realloc(p, n);
}

static inline char *
fq_strdup(const char *s)
{
	return fq_fault_alloc() ? NULL : strdup(s);
}

static inline char *
fq_strndup(const char *s, size_t n)
{
	return fq_fault_alloc() ? NULL : strndup(s, n);
}

#endif
