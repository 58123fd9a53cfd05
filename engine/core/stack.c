/*
 * stack.c — the recursion bound (see stack.h).
 *
 * State is per thread: the engine may run on several application threads
 * at once, each with its own stack.  Addresses come from
 * __builtin_frame_address, which points into the real stack even when
 * AddressSanitizer moves locals to a fake stack.
 */
#include "core/stack.h"

#include "core/diag.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

static __thread uintptr_t stack_base;   /* frame address at entry, 0 outside */
static __thread size_t stack_limit;     /* bytes allowed below stack_base */
static __thread bool stack_hit;         /* the limit was hit in this call */
static __thread bool stack_lo_known;
static __thread uintptr_t stack_lo;     /* lowest address of this thread's stack, 0 unknown */

static uintptr_t
here(void)
{
	return (uintptr_t) __builtin_frame_address(0);
}

/* The lowest usable address of the calling thread's stack, 0 if the
 * system does not say (looked up once per thread). */
static uintptr_t
thread_stack_lo(void)
{
	if (!stack_lo_known)
	{
		pthread_attr_t attr;
		void *addr;
		size_t size;

		stack_lo_known = true;
		stack_lo = 0;
#if defined(__GLIBC__)
		if (pthread_getattr_np(pthread_self(), &attr) == 0)
		{
			if (pthread_attr_getstack(&attr, &addr, &size) == 0)
				stack_lo = (uintptr_t) addr;
			pthread_attr_destroy(&attr);
		}
#else
		(void) attr;
		(void) addr;
		(void) size;
#endif
	}
	return stack_lo;
}

void
fq_stack_enter(fq_stack_mark *m)
{
	uintptr_t lo;

	m->outer = stack_base == 0;
	if (!m->outer)
		return;
	stack_base = here();
	stack_hit = false;
	stack_limit = FQ_STACK_BUDGET;
	/* A small thread stack (or one the application already used much of)
	 * leaves less: stop FQ_STACK_MARGIN short of its end. */
	lo = thread_stack_lo();
	if (lo != 0 && lo < stack_base)
	{
		size_t room = (size_t) (stack_base - lo);

		if (room < stack_limit + FQ_STACK_MARGIN)
			stack_limit = room > 2 * FQ_STACK_MARGIN ? room - FQ_STACK_MARGIN : room / 2;
	}
}

static void
raise_too_deep(fq_diags *d, int position)
{
	fq_raise(d, FQ_ERR_STATEMENT_TOO_COMPLEX, position, "stack depth limit exceeded");
	fq_diag_detail(d, "The statement nests expressions, parentheses, subqueries or set "
					  "operations more deeply than fedq can process.");
	fq_diag_hint(d, "Simplify the statement: remove needless parentheses, write a long chain "
					"of conditions as one IN list or one flat AND/OR list, or split the "
					"statement into several.");
}

int
fq_stack_leave(fq_stack_mark *m, fq_diags *d, int rc)
{
	bool hit;

	if (!m->outer)
		return rc;
	hit = stack_hit;
	stack_base = 0;
	stack_hit = false;
	if (!hit)
		return rc;
	if (d != NULL)
	{
		bool have = false;

		for (int i = 0; i < fq_diags_count(d) && !have; i++)
		{
			const fq_diag *r = fq_diags_get(d, i);

			have = r->severity == FQ_SEV_ERROR && strcmp(r->sqlstate, "54001") == 0;
		}
		if (!have)
		{
			/* A walker stopped short: whatever followed from that is moot. */
			fq_diags_clear(d);
			raise_too_deep(d, 0);
		}
	}
	return FQ_ERROR;
}

size_t
fq_stack_used(void)
{
	uintptr_t now;

	if (stack_base == 0)
		return 0;
	now = here();
	/* Stacks grow down on every platform fedq builds for; be safe anyway. */
	return now < stack_base ? (size_t) (stack_base - now) : (size_t) (now - stack_base);
}

bool
fq_stack_too_deep(void)
{
	if (stack_base == 0 || fq_stack_used() <= stack_limit)
		return false;
	stack_hit = true;
	return true;
}

int
fq_stack_check_at(fq_diags *d, int position)
{
	if (!fq_stack_too_deep())
		return FQ_OK;
	if (d != NULL && !fq_diags_has_error(d))
		raise_too_deep(d, position);
	return FQ_ERROR;
}

bool
fq_stack_overflowed(void)
{
	return stack_hit;
}
