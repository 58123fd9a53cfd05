/*
 * list.h — a growable array of pointers in an arena (PostgreSQL's List,
 * simplified).  A NULL list is the empty list.
 */
#ifndef FQ_LIST_H
#define FQ_LIST_H

#include "core/arena.h"

typedef struct fq_list
{
	int n;
	int cap;
	void **items;
} fq_list;

/* Returns the list with x appended (a new list if l is NULL); NULL on OOM. */
fq_list *fq_lappend(fq_arena *a, fq_list *l, void *x);
fq_list *fq_lprepend(fq_arena *a, fq_list *l, void *x);
/* A shallow copy; NULL for an empty list (check `l && !copy` for OOM). */
fq_list *fq_list_copy(fq_arena *a, const fq_list *l);
fq_list *fq_list_concat(fq_arena *a, fq_list *l, const fq_list *more);

static inline int
fq_list_len(const fq_list *l)
{
	return l != NULL ? l->n : 0;
}

static inline void *
fq_list_nth(const fq_list *l, int i)
{
	return l->items[i];
}

#define FQ_LIST_FOREACH(var, l) \
	for (int var##_i = 0; var##_i < fq_list_len(l) && ((var) = (l)->items[var##_i], 1); var##_i++)

#endif
