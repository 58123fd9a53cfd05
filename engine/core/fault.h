/*
 * fault.h — fault points for tests of failure paths.
 *
 * Named points: fq_fault("catalog-rename") is true when the environment
 * variable FQ_FAULT lists that name (comma-separated).  Tests use it to
 * make a write fail at a precise step and check that nothing is lost;
 * outside tests FQ_FAULT is unset and every call is one getenv.
 *
 * Allocation failure, as curl's torture tests do it: once armed, the
 * engine's allocations (core/alloc.h and every fq_arena_alloc) are
 * counted, and the Nth fails — that one only, so the test sees whether
 * the engine recovers.  tests/torture.c arms it around a statement for
 * each N in turn.  Disarmed (always, outside tests) each allocation
 * costs one relaxed load.  Counting is process-wide and meant for one
 * thread at a time.
 */
#ifndef FQ_FAULT_H
#define FQ_FAULT_H

#include <stdatomic.h>
#include <stdbool.h>

bool fq_fault(const char *point);

extern atomic_bool fq_fault_alloc_armed;
bool fq_fault_alloc_tick(void);

/* True when this allocation is to fail. */
static inline bool
fq_fault_alloc(void)
{
	return atomic_load_explicit(&fq_fault_alloc_armed, memory_order_relaxed) &&
		fq_fault_alloc_tick();
}

/* Counts allocations from now on; the nth fails (n >= 1), or none (0). */
void fq_fault_alloc_arm(long n);
/* Stops counting; the count and whether the failure came stay readable. */
void fq_fault_alloc_disarm(void);
/* Allocations counted since arming. */
long fq_fault_alloc_count(void);
/* Whether the armed failure happened. */
bool fq_fault_alloc_fired(void);
/* Called as the armed allocation fails (for a debugger's breakpoint). */
void fq_fault_alloc_failing(void);

#endif
