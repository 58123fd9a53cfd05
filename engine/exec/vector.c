/*
 * vector.c — allocating column vectors and batches in a batch arena.
 */
#include "exec/vector.h"

#include "exec/exec.h"
#include "types/types.h"

#include <string.h>

int
fq_batch_init(fq_batch *b, fq_arena *a, const fq_type *types, int ncols, uint32_t cap)
{
	b->nrows = 0;
	b->ncols = (uint32_t) ncols;
	b->cols = NULL;
	if (ncols == 0)
		return FQ_OK;
	b->cols = FQ_NEW_ARRAY(a, fq_vector, ncols);
	if (b->cols == NULL)
		return FQ_ERROR;
	for (int i = 0; i < ncols; i++)
	{
		fq_vector *v = &b->cols[i];

		v->type = types[i];
		v->nulls = NULL;
		v->data = fq_arena_alloc(a, fq_type_size(&types[i]) * (cap ? cap : 1));
		if (v->data == NULL)
			return FQ_ERROR;
	}
	return FQ_OK;
}

uint8_t *
fq_vector_nulls(fq_vector *v, fq_arena *a, uint32_t cap)
{
	if (v->nulls == NULL)
		v->nulls = fq_arena_zalloc(a, cap ? cap : 1);
	return v->nulls;
}

int
fq_vector_set_null(fq_vector *v, fq_arena *a, uint32_t cap, uint32_t row)
{
	uint8_t *nulls = fq_vector_nulls(v, a, cap);

	if (nulls == NULL)
		return FQ_ERROR;
	nulls[row] = 1;
	return FQ_OK;
}

int
fq_vector_set_string(fq_vector *v, fq_arena *a, uint32_t row, const char *s, size_t n)
{
	fq_string *str = (fq_string *) v->data + row;
	char *copy = fq_arena_alloc(a, n ? n : 1);

	if (copy == NULL)
		return FQ_ERROR;
	memcpy(copy, s, n);
	str->ptr = copy;
	str->len = (uint32_t) n;
	return FQ_OK;
}

void *
fq_vector_slot(const fq_vector *v, uint32_t row)
{
	return (char *) v->data + fq_type_size(&v->type) * row;
}

int
fq_vector_copy_row(fq_vector *dst, uint32_t to, const fq_vector *src, uint32_t from,
				   fq_arena *a, uint32_t cap, bool copy_strings)
{
	size_t width = fq_type_size(&src->type);

	if (fq_vector_is_null(src, from))
		return fq_vector_set_null(dst, a, cap, to);
	if (dst->nulls != NULL)
		dst->nulls[to] = 0;
	memcpy((char *) dst->data + width * to, (const char *) src->data + width * from, width);
	if (copy_strings && (src->type.id == FQ_T_CHAR || src->type.id == FQ_T_VARCHAR ||
						 src->type.id == FQ_T_BYTEA || src->type.id == FQ_T_UNKNOWN))
	{
		const fq_string *s = (const fq_string *) src->data + from;

		return fq_vector_set_string(dst, a, to, s->ptr, s->len);
	}
	if (copy_strings && src->type.id == FQ_T_DECIMAL &&
		!fq_slot_own(&src->type, (char *) dst->data + width * to, a))
		return FQ_ERROR;
	return FQ_OK;
}

size_t
fq_batch_bytes(const fq_batch *b)
{
	size_t n = sizeof(fq_vector) * b->ncols;

	for (uint32_t c = 0; c < b->ncols; c++)
	{
		const fq_vector *v = &b->cols[c];

		n += fq_type_size(&v->type) * b->nrows + (v->nulls != NULL ? b->nrows : 0);
		if (v->type.id == FQ_T_CHAR || v->type.id == FQ_T_VARCHAR ||
			v->type.id == FQ_T_BYTEA || v->type.id == FQ_T_UNKNOWN)
			for (uint32_t r = 0; r < b->nrows; r++)
				if (!fq_vector_is_null(v, r))
					n += ((const fq_string *) v->data)[r].len;
	}
	return n;
}

int
fq_batch_copy(fq_batch *dst, const fq_batch *src, fq_arena *a)
{
	dst->nrows = src->nrows;
	dst->ncols = src->ncols;
	dst->cols = FQ_NEW_ARRAY(a, fq_vector, src->ncols ? src->ncols : 1);
	if (dst->cols == NULL)
		return FQ_ERROR;
	for (uint32_t c = 0; c < src->ncols; c++)
	{
		const fq_vector *sv = &src->cols[c];
		fq_vector *dv = &dst->cols[c];
		size_t w = fq_type_size(&sv->type);

		dv->type = sv->type;
		dv->data = fq_arena_memdup(a, sv->data, w * (src->nrows ? src->nrows : 1));
		dv->nulls = sv->nulls != NULL ? fq_arena_memdup(a, sv->nulls, src->nrows ? src->nrows : 1)
									  : NULL;
		if (dv->data == NULL || (sv->nulls != NULL && dv->nulls == NULL))
			return FQ_ERROR;
		if (sv->type.id == FQ_T_CHAR || sv->type.id == FQ_T_VARCHAR ||
			sv->type.id == FQ_T_BYTEA || sv->type.id == FQ_T_UNKNOWN)
		{
			fq_string *s = dv->data;
			size_t total = 0;
			char *bytes;

			/* one allocation for all the batch's strings */
			for (uint32_t r = 0; r < src->nrows; r++)
				if (!fq_vector_is_null(sv, r))
					total += s[r].len;
			bytes = fq_arena_alloc(a, total ? total : 1);
			if (bytes == NULL)
				return FQ_ERROR;
			for (uint32_t r = 0; r < src->nrows; r++)
				if (!fq_vector_is_null(sv, r) && s[r].len > 0)
				{
					memcpy(bytes, s[r].ptr, s[r].len);
					s[r].ptr = bytes;
					bytes += s[r].len;
				}
		}
		if (sv->type.id == FQ_T_DECIMAL)
			for (uint32_t r = 0; r < src->nrows; r++)
				if (!fq_vector_is_null(sv, r) &&
					!fq_slot_own(&sv->type, (fq_numeric *) dv->data + r, a))
					return FQ_ERROR;
	}
	return FQ_OK;
}
