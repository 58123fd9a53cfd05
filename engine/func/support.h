/*
 * support.h — what the function families (and the evaluator) share:
 * PostgreSQL's errors for the common failures, and small value helpers.
 */
#ifndef FQ_FUNC_SUPPORT_H
#define FQ_FUNC_SUPPORT_H

#include "func/func.h"
#include "core/strbuf.h"
#include "types/numeric.h"

/* Each raises and returns FQ_ERROR. */
extern int fq_fn_nomem(fq_fn_ctx *x);
extern int fq_fn_int_range(fq_fn_ctx *x, fq_type_id id);          /* "integer out of range" */
extern int fq_fn_ts_range(fq_fn_ctx *x, fq_type_id id);           /* "timestamp out of range" */
extern int fq_fn_div_zero(fq_fn_ctx *x);
extern int fq_fn_float_overflow(fq_fn_ctx *x);
extern int fq_fn_float_underflow(fq_fn_ctx *x);

/* What a numeric operation's status raises; FQ_OK for FQ_NUM_OK. */
extern int fq_fn_num_status(fq_fn_ctx *x, fq_num_status st);

/* A copy of p[0..n) in x's arena as res's string. */
extern int fq_fn_set_string(fq_fn_ctx *x, fq_value *res, const char *p, size_t n);
/* The text in b (freed) as res's string; raises if b ran out of memory. */
extern int fq_fn_set_strbuf(fq_fn_ctx *x, fq_value *res, fq_strbuf *b);

/* Appends v (not NULL) as its type's output function writes it: a
 * CHAR(n) with its padding, a boolean as t/f (PostgreSQL's concat). */
extern void fq_fn_output_text(const fq_value *v, fq_strbuf *out);

/*
 * timestamp ± interval (sign 1 or -1), as PostgreSQL's
 * timestamp_pl_interval: months first (the day clamped to the month's
 * end), then days and time; an infinite timestamp stays as it is.  t is
 * the type an out-of-range result names.
 */
extern int fq_fn_ts_add_interval(fq_fn_ctx *x, int64_t ts, const fq_interval *iv, int sign,
								 fq_type_id t, int64_t *out);

/* An exact number (integer or NUMERIC) as a NUMERIC. */
extern void fq_fn_as_numeric(const fq_value *v, fq_numeric *out);

/* Whether v fits integer type id (smallint, integer; bigint always). */
extern bool fq_fn_fits_int(int64_t v, fq_type_id id);

/* to_timestamp(double precision): seconds since 1970-01-01 UTC, to the
 * microsecond (datetime.c; formatting.c's to_timestamp calls it). */
extern int fq_fn_to_timestamp_epoch(fq_fn_ctx *x, const struct fq_func_expr *f,
									const fq_value *args, fq_value *res);

/* For the family tables: one signature of 0..4 arguments, a table's
 * signatures, the count of a table. */
#define S1(a, r) {1, {FQ_T_##a}, FQ_T_##r, false, NULL}
#define S2(a, b, r) {2, {FQ_T_##a, FQ_T_##b}, FQ_T_##r, false, NULL}
#define S3(a, b, c, r) {3, {FQ_T_##a, FQ_T_##b, FQ_T_##c}, FQ_T_##r, false, NULL}
#define S4(a, b, c, d, r) {4, {FQ_T_##a, FQ_T_##b, FQ_T_##c, FQ_T_##d}, FQ_T_##r, false, NULL}
#define S0(r) {0, {FQ_T_UNKNOWN}, FQ_T_##r, false, NULL}
#define NSIGS(s) ((int) (sizeof(s) / sizeof((s)[0])))
#define SIGS(s) .nsigs = NSIGS(s), .sigs = (s)

#endif /* FQ_FUNC_SUPPORT_H */
