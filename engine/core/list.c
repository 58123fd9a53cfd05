/*
 * list.c — growable pointer arrays in an arena.
 */
#include "core/list.h"

#include <string.h>

static fq_list *
ensure(fq_arena *a, fq_list *l, int extra)
{
	if (l == NULL)
	{
		l = FQ_NEW(a, fq_list);
		if (l == NULL)
			return NULL;
	}
	if (l->n + extra > l->cap)
	{
		int cap = l->cap ? l->cap : 4;
		void **items;

		while (cap < l->n + extra)
			cap *= 2;
		items = fq_arena_realloc(a, l->items, sizeof(void *) * (size_t) l->cap,
								 sizeof(void *) * (size_t) cap);
		if (items == NULL)
			return NULL;
		l->items = items;
		l->cap = cap;
	}
	return l;
}

fq_list *
fq_lappend(fq_arena *a, fq_list *l, void *x)
{
	l = ensure(a, l, 1);
	if (l == NULL)
		return NULL;
	l->items[l->n++] = x;
	return l;
}

fq_list *
fq_lprepend(fq_arena *a, fq_list *l, void *x)
{
	l = ensure(a, l, 1);
	if (l == NULL)
		return NULL;
	memmove(&l->items[1], &l->items[0], sizeof(void *) * (size_t) l->n);
	l->items[0] = x;
	l->n++;
	return l;
}

fq_list *
fq_list_copy(fq_arena *a, const fq_list *l)
{
	fq_list *c;

	if (l == NULL || l->n == 0)
		return NULL;
	c = ensure(a, NULL, l->n);
	if (c == NULL)
		return NULL;
	memcpy(c->items, l->items, sizeof(void *) * (size_t) l->n);
	c->n = l->n;
	return c;
}

fq_list *
fq_list_concat(fq_arena *a, fq_list *l, const fq_list *more)
{
	if (fq_list_len(more) == 0)
		return l;
	l = ensure(a, l, more->n);
	if (l == NULL)
		return NULL;
	memcpy(&l->items[l->n], more->items, sizeof(void *) * (size_t) more->n);
	l->n += more->n;
	return l;
}
