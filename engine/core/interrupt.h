/*
 * interrupt.h — cancellation and deadlines of an engine call.
 *
 * Every call into the engine that may wait on a source or work long
 * (fq_stmt_prepare, _describe, _execute, _fetch, the catalog listings,
 * closing a result) runs under an fq_interrupt: a flag fq_stmt_cancel sets
 * from any thread, and a deadline from the statement's QueryTimeout.  The
 * engine's own loops check it between batches (fq_interrupt_check); the
 * PostgreSQL connector polls its sockets in short slices and checks it
 * between them, so a frozen source cannot hold a call past its deadline.
 *
 * Acting on an interrupt starts a grace period of FQ_INTERRUPT_GRACE_MS:
 * the connector sends the source a cancel request and waits that long for
 * the query to end; then it closes the connection (the next statement
 * connects afresh).  A call that only cleans up (closing a result, freeing
 * a statement) runs under fq_interrupt_cleanup: no deadline, but every wait
 * ends within the grace period.
 *
 * The interrupt of the call in progress on a thread is found with
 * fq_interrupt_current (a thread-local pointer), so the connector needs no
 * extra argument on every path that reaches it.
 */
#ifndef FQ_INTERRUPT_H
#define FQ_INTERRUPT_H

#include "fq.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* How long a source may take to end a query after fedq asks it to. */
#define FQ_INTERRUPT_GRACE_MS 1000

typedef struct fq_interrupt
{
	atomic_bool cancel;   /* set by fq_stmt_cancel, from any thread */
	int timeout;          /* seconds, 0 none: the deadline of each call */
	int64_t deadline;     /* fq_now_ms() when the current call must end; 0 none */
	int64_t grace_end;    /* when waiting for sources to stop ends; 0 not begun */
	bool cleanup;         /* a cleanup call: waits bounded, nothing to cancel */
} fq_interrupt;

/* Milliseconds of a monotonic clock. */
int64_t fq_now_ms(void);
/* The wall clock in microseconds since 2000-01-01 UTC (a timestamptz
 * value: current_timestamp, svl_federated_query.recordtime). */
int64_t fq_wall_usecs(void);

/*
 * Makes `in` the thread's current interrupt for a call (unless a call is
 * already in progress on this thread: nested calls share the outer one's),
 * starting the deadline from in->timeout.  *saved restores on leave.
 */
void fq_interrupt_enter(fq_interrupt *in, fq_interrupt **saved);
/* The same for a call that only cleans up (its own interrupt in *in). */
void fq_interrupt_enter_cleanup(fq_interrupt *in, fq_interrupt **saved);
void fq_interrupt_leave(fq_interrupt *saved);

/* The interrupt of the call in progress on this thread, or NULL. */
fq_interrupt *fq_interrupt_current(void);

typedef enum fq_interrupt_reason
{
	FQ_INTR_NONE = 0,
	FQ_INTR_CANCEL,   /* fq_stmt_cancel */
	FQ_INTR_TIMEOUT   /* the deadline passed */
} fq_interrupt_reason;

/* Why `in` (NULL: none) asks the call to stop, if it does. */
fq_interrupt_reason fq_interrupt_pending(const fq_interrupt *in);
/*
 * Raises the error for `reason`: 57014 "canceling statement due to user
 * request" (ODBC HY008) or HYT00 "query timeout expired after N seconds".
 */
int fq_interrupt_raise(const fq_interrupt *in, fq_interrupt_reason reason, fq_diags *d);
/* FQ_OK, or raises as above when `in` asks the call to stop. */
int fq_interrupt_check(const fq_interrupt *in, fq_diags *d);

/*
 * Starts the grace period of `in` if it has not begun, and returns when
 * it ends (fq_now_ms time).
 */
int64_t fq_interrupt_grace(fq_interrupt *in);

#endif
