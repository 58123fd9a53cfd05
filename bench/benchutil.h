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
