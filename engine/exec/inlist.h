/*
 * inlist.h — long IN lists of constants, looked up by bisection
 * (inlist.c).
 */
#ifndef FQ_INLIST_H
#define FQ_INLIST_H

#include "exec/exec.h"

/* Lists shorter than this are compared item by item. */
#define FQ_INLIST_MIN 16

typedef struct fq_inlist fq_inlist;

/*
 * The sorted constants of `in` (built on first use, kept for the
 * execution), or NULL when its items are not all constants of its
 * argument's type (or it is short): then use the general path.  NULL
 * with *failed after an allocation failure (raised).
 */
const fq_inlist *fq_inlist_get(fq_exec_ctx *ctx, const fq_in_expr *in, bool *failed);
/* Whether a non-NULL value (a slot of the argument's type) is in the list. */
bool fq_inlist_contains(const fq_inlist *l, const void *slot);
/* Whether the list holds a NULL. */
bool fq_inlist_has_null(const fq_inlist *l);

#endif
