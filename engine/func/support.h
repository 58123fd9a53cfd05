/*
 * support.h — what the function families (and the evaluator) share:
 * PostgreSQL's errors for the common failures, and small value helpers.
 */
#ifndef FQ_FUNC_SUPPORT_H
#define FQ_FUNC_SUPPORT_H

#include "func/func.h"
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

/* An exact number (integer or NUMERIC) as a NUMERIC. */
extern void fq_fn_as_numeric(const fq_value *v, fq_numeric *out);

/* Whether v fits integer type id (smallint, integer; bigint always). */
extern bool fq_fn_fits_int(int64_t v, fq_type_id id);

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
