/*
 * interrupt.c — cancellation and deadlines of an engine call (see
 * interrupt.h).
 */
#include "core/interrupt.h"

#include "core/diag.h"

#include <time.h>

static __thread fq_interrupt *current;

int64_t
fq_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
fq_wall_usecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t) ts.tv_sec - INT64_C(946684800)) * INT64_C(1000000) + ts.tv_nsec / 1000;
}

void
fq_interrupt_enter(fq_interrupt *in, fq_interrupt **saved)
{
	*saved = current;
	if (current != NULL)
		return;
	in->deadline = in->timeout > 0 ? fq_now_ms() + (int64_t) in->timeout * 1000 : 0;
	in->grace_end = 0;
	in->cleanup = false;
	current = in;
}

void
fq_interrupt_enter_cleanup(fq_interrupt *in, fq_interrupt **saved)
{
	*saved = current;
	if (current != NULL)
		return;
	atomic_init(&in->cancel, false);
	in->timeout = 0;
	in->deadline = 0;
	in->grace_end = fq_now_ms() + FQ_INTERRUPT_GRACE_MS;
	in->cleanup = true;
	current = in;
}

void
fq_interrupt_leave(fq_interrupt *saved)
{
	current = saved;
}

fq_interrupt *
fq_interrupt_current(void)
{
	return current;
}

fq_interrupt_reason
fq_interrupt_pending(const fq_interrupt *in)
{
	if (in == NULL)
		return FQ_INTR_NONE;
	if (atomic_load(&in->cancel))
		return FQ_INTR_CANCEL;
	if (in->deadline > 0 && fq_now_ms() >= in->deadline)
		return FQ_INTR_TIMEOUT;
	return FQ_INTR_NONE;
}

int
fq_interrupt_raise(const fq_interrupt *in, fq_interrupt_reason reason, fq_diags *d)
{
	if (reason == FQ_INTR_TIMEOUT)
	{
		fq_raise(d, FQ_ERR_TIMEOUT_EXPIRED, 0, "query timeout expired after %d second%s",
				 in->timeout, in->timeout == 1 ? "" : "s");
		fq_diag_hint(d, "Raise QueryTimeout (SQL_ATTR_QUERY_TIMEOUT), or make the statement "
						"read less.");
		return FQ_ERROR;
	}
	return fq_raise(d, FQ_ERR_QUERY_CANCELED, 0, "canceling statement due to user request");
}

int
fq_interrupt_check(const fq_interrupt *in, fq_diags *d)
{
	fq_interrupt_reason r = fq_interrupt_pending(in);

	return r == FQ_INTR_NONE ? FQ_OK : fq_interrupt_raise(in, r, d);
}

int64_t
fq_interrupt_grace(fq_interrupt *in)
{
	if (in->grace_end == 0)
		in->grace_end = fq_now_ms() + FQ_INTERRUPT_GRACE_MS;
	return in->grace_end;
}
