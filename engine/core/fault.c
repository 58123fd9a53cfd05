/*
 * fault.c — named fault points and counted allocation failure (see
 * fault.h).
 */
#include "core/fault.h"

#include <stdlib.h>
#include <string.h>

atomic_bool fq_fault_alloc_armed;
static long alloc_target; /* 0: count only */
static long alloc_count;
static bool alloc_fired;

bool
fq_fault(const char *point)
{
	const char *list = getenv("FQ_FAULT");
	size_t n = strlen(point);

	if (list == NULL)
		return false;
	for (const char *p = list; (p = strstr(p, point)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

/* Called when the armed allocation fails: a place for a debugger's
 * breakpoint (gdb -ex 'break fq_fault_alloc_failing' tests/torture). */
__attribute__((noinline)) void
fq_fault_alloc_failing(void)
{
	__asm__ volatile("");
}

bool
fq_fault_alloc_tick(void)
{
	if (++alloc_count != alloc_target)
		return false;
	alloc_fired = true;
	fq_fault_alloc_failing();
	return true;
}

void
fq_fault_alloc_arm(long n)
{
	alloc_target = n > 0 ? n : 0;
	alloc_count = 0;
	alloc_fired = false;
	atomic_store(&fq_fault_alloc_armed, true);
}

void
fq_fault_alloc_disarm(void)
{
	atomic_store(&fq_fault_alloc_armed, false);
}

long
fq_fault_alloc_count(void)
{
	return alloc_count;
}

bool
fq_fault_alloc_fired(void)
{
	return alloc_fired;
}
