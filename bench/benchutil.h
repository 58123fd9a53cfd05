/*
 * benchutil.h — what the benchmark's client programs share: a clock, the
 * peak resident set size, and one checksum over result values that every
 * client computes the same way, so that a scan read through fedq, through
 * psqlODBC or by COPY gives the same number when it returned the same data.
 *
 * The checksum is independent of row order (rows arrive in any order from a
 * parallel or different plan) but not of column order.  Values are
 * normalised first: trailing blanks removed (CHAR(n) padding), and in a
 * decimal number trailing zeros of the fraction removed ("0.10" and "0.1"
 * are the same number; drivers differ in scale).  NULL differs from every
 * string, including the empty one.
 */
#ifndef BENCHUTIL_H
#define BENCHUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds on a monotonic clock. */
extern double bench_now(void);

/* Peak resident set size of this process, in kilobytes. */
extern long bench_maxrss_kb(void);

/*
 * The time limit bench/run gives a client run (BENCH_CLIENT_TIMEOUT, in
 * seconds; none when unset).  bench_watchdog_start, first thing in main,
 * starts a thread that, when the limit passes, calls cancel(arg) -- the
 * client's way to stop its statement at the server (SQLCancel, PQcancel)
 * -- so that nothing keeps running there after the client is gone; the
 * client, seeing its call fail or at its next step, calls
 * bench_timeout_exit.  A client that still has not ended 20 seconds
 * later is ended by the thread.  bench_watchdog_arm sets the argument
 * (the statement under way).
 */
typedef void (*bench_cancel_fn)(void *arg);
extern void bench_watchdog_start(bench_cancel_fn cancel);
extern void bench_watchdog_arm(void *arg);
extern int bench_timed_out(void);
/* Prints "timeout limit_s=N msg=..." and exits with 124, timeout(1)'s
 * status for a command it stopped. */
extern void bench_timeout_exit(void) __attribute__((noreturn));

/* A row being hashed. */
typedef struct bench_row
{
	uint64_t h;
} bench_row;

extern void bench_row_start(bench_row *r);
extern void bench_row_value(bench_row *r, const char *v, size_t len);
extern void bench_row_null(bench_row *r);
/* The row's contribution to the result's checksum (add them up). */
extern uint64_t bench_row_end(bench_row *r);

/*
 * The normalised length of a value: trailing blanks dropped, and trailing
 * fraction zeros of a plain decimal number ("-12.500" -> "-12.5", "3.00" ->
 * "3").
 */
extern size_t bench_norm_len(const char *v, size_t len);

#endif /* BENCHUTIL_H */
