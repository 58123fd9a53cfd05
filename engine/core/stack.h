/*
 * stack.h — a bound on how deep the engine recurses (PostgreSQL's
 * check_stack_depth).
 *
 * The driver runs on the application's threads, whose stacks may be much
 * smaller than a main thread's 8 MiB.  Every pass that recurses over a
 * tree the user's statement decides the shape of (parser, binder,
 * rewrites, join ordering, pushdown, deparser, executor, EXPLAIN, the
 * expression walkers) calls fq_stack_check (or, where it has no fq_diags,
 * fq_stack_too_deep) once per level, and a statement nested too deeply
 * fails with 54001 instead of overflowing the stack.
 *
 * The engine's entry points (fq_stmt_prepare, _describe, _execute,
 * _fetch, fq_parse) bracket their work with fq_stack_enter/fq_stack_leave,
 * which record the frame address at entry; usage is measured from there
 * and limited to FQ_STACK_BUDGET, or less when the thread's own stack
 * (pthread_getattr_np) leaves less room below the entry point.  Outside an
 * entered call nothing is checked.
 *
 * Walkers that cannot raise (fq_expr_walk_children and friends) stop when
 * fq_stack_too_deep() says so; it also sets a flag that the entry point's
 * fq_stack_leave turns into the 54001 error of the whole call, whatever
 * the stopped walker made its caller conclude.
 */
#ifndef FQ_STACK_H
#define FQ_STACK_H

#include "fq.h"

#include <stdbool.h>
#include <stddef.h>

/* Stack the engine may use below its entry point. */
#define FQ_STACK_BUDGET ((size_t) 1024 * 1024)
/* Room kept free below the limit for what runs without checks (libpq,
 * printf, qsort, the C library's own frames). */
#define FQ_STACK_MARGIN ((size_t) 64 * 1024)

typedef struct fq_stack_mark
{
	bool outer; /* this call recorded the entry point */
} fq_stack_mark;

void fq_stack_enter(fq_stack_mark *m);
/*
 * Ends an entered call.  When the outermost call ends after the limit
 * was hit, d holds a 54001 error (d's other records are replaced unless
 * it already has one) and the result is FQ_ERROR; otherwise rc.  d may
 * be NULL (then only the result says it).
 */
int fq_stack_leave(fq_stack_mark *m, fq_diags *d, int rc);

/* True (and the call marked as failed) if the stack is used beyond the
 * limit.  Cheap: compares one address. */
bool fq_stack_too_deep(void);
/* fq_stack_too_deep raising 54001 into d (unless d holds an error
 * already): FQ_ERROR or FQ_OK.  _at gives the statement position. */
int fq_stack_check_at(fq_diags *d, int position);
#define fq_stack_check(d) fq_stack_check_at((d), 0)
/* The limit was hit during the current entered call. */
bool fq_stack_overflowed(void);

/* Bytes in use below the entry point (0 outside an entered call). */
size_t fq_stack_used(void);

#endif
