/*
 * inlist.c — x IN (c1, ..., cn) over a long list of constants: a sorted
 * copy of the constants, built once per execution, searched by bisection.
 *
 * eval.c's general IN evaluates every item as a vector per batch and
 * compares each row with each item: memory and time grow with rows times
 * items, which for the 100,000-item lists BI tools send is gigabytes per
 * batch.  Here a batch costs rows times log(items), and nothing per item.
 * Comparison is fq_compare_slots in the argument's type, as there, so the
 * answers are the same; a NULL item makes a row that matches nothing
 * unknown (NULL), as SQL says.
 */
#include "exec/inlist.h"

#include "core/diag.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>

struct fq_inlist
{
	struct fq_inlist *next;
	const fq_in_expr *in;
	fq_type type;
	int n;             /* non-NULL items */
	const void **slots; /* sorted */
	bool has_null;
};

static int
cmp_slots(const void *a, const void *b, void *type)
{
	return fq_compare_slots(type, *(const void *const *) a, *(const void *const *) b);
}

/* True if every item is a constant of the argument's type. */
static bool
constant_list(const fq_in_expr *in)
{
	if (in->nitems < FQ_INLIST_MIN)
		return false;
	for (int i = 0; i < in->nitems; i++)
		if (!FQ_IS(in->items[i], FQ_N_EXPR_CONST) ||
			!fq_type_equal(&in->items[i]->type, &in->arg->type))
			return false;
	return true;
}

const fq_inlist *
fq_inlist_get(fq_exec_ctx *ctx, const fq_in_expr *in, bool *failed)
{
	fq_inlist *l;
	size_t size;
	char *data;

	*failed = false;
	for (l = ctx->inlists; l != NULL; l = l->next)
		if (l->in == in)
			return l;
	if (!constant_list(in))
		return NULL;
	size = fq_type_size(&in->arg->type);
	l = FQ_NEW(ctx->arena, fq_inlist);
	data = fq_arena_alloc(ctx->arena, size * (size_t) in->nitems);
	if (l == NULL || data == NULL ||
		(l->slots = FQ_NEW_ARRAY(ctx->arena, const void *, in->nitems)) == NULL)
	{
		fq_raise_nomem(ctx->d, ctx->arena);
		*failed = true;
		return NULL;
	}
	l->in = in;
	l->type = in->arg->type;
	for (int i = 0; i < in->nitems; i++)
	{
		const fq_value *v = &((const fq_const *) in->items[i])->value;

		if (v->isnull)
		{
			l->has_null = true;
			continue;
		}
		fq_value_to_slot(v, data + size * (size_t) l->n);
		l->slots[l->n] = data + size * (size_t) l->n;
		l->n++;
	}
	qsort_r(l->slots, (size_t) l->n, sizeof(void *), cmp_slots, &l->type);
	l->next = ctx->inlists;
	ctx->inlists = l;
	return l;
}

bool
fq_inlist_has_null(const fq_inlist *l)
{
	return l->has_null;
}

bool
fq_inlist_contains(const fq_inlist *l, const void *slot)
{
	int lo = 0;
	int hi = l->n - 1;

	while (lo <= hi)
	{
		int mid = lo + (hi - lo) / 2;
		int c = fq_compare_slots(&l->type, slot, l->slots[mid]);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return false;
}
