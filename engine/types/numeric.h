/*
 * numeric.h — NUMERIC as PostgreSQL has it: exact decimals of any size up
 * to PostgreSQL's limits, each value with its own display scale, plus NaN
 * and ±Infinity.  The value type, fq_numeric, is public (fq.h); this is the
 * engine's arithmetic on it.
 *
 * Results follow PostgreSQL 15's numeric.c exactly: + and - keep the larger
 * display scale, * adds them, / and avg() compute select_div_scale's scale
 * (at least 16 significant digits) and round half away from zero, % is
 * exact, round/trunc set the scale they are asked for.  The special values
 * behave as PostgreSQL's (Inf - Inf is NaN, x / Inf is 0, NaN equals NaN
 * and sorts above everything).
 *
 * Functions that can fail return an fq_num_status and never raise: the
 * caller knows what to name in the message.  Big values (those whose
 * unscaled integer does not fit 127 bits) keep their limbs in the arena
 * passed in; small ones need no memory at all.
 */
#ifndef FQ_NUMERIC_H
#define FQ_NUMERIC_H

#include "fq.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "types/types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PostgreSQL's limits. */
#define FQ_NUM_MAX_DSCALE 16383        /* digits after the point a value keeps */
#define FQ_NUM_MAX_INT_DIGITS 131072   /* digits before the point */
#define FQ_NUM_MAX_DISPLAY_SCALE 1000  /* most a division shows after the point */
#define FQ_NUM_MAX_RESULT_SCALE 2000   /* exp() clamps its result's weight here */
#define FQ_NUM_MIN_ROUND_SCALE (-131073) /* round()/trunc(): -(NUMERIC_WEIGHT_MAX + 1) * 4 - 1 */
#define FQ_NUM_MIN_SIG_DIGITS 16       /* a quotient keeps at least this many */
#define FQ_NUM_MAX_PRECISION 1000      /* numeric(p, s) */

typedef enum fq_num_status
{
	FQ_NUM_OK = 0,
	FQ_NUM_OVERFLOW, /* beyond numeric's range: 22003 "value overflows numeric format" */
	FQ_NUM_DIV_ZERO, /* 22012 "division by zero" */
	FQ_NUM_NOMEM,    /* the arena ran out */
	/* the math functions' own (numeric_sqrt, numeric_ln, numeric_power ...) */
	FQ_NUM_SQRT_NEGATIVE,      /* 2201F "cannot take square root of a negative number" */
	FQ_NUM_LOG_ZERO,           /* 2201E "cannot take logarithm of zero" */
	FQ_NUM_LOG_NEGATIVE,       /* 2201E "cannot take logarithm of a negative number" */
	FQ_NUM_POW_ZERO_NEGATIVE,  /* 2201F "zero raised to a negative power is undefined" */
	FQ_NUM_POW_COMPLEX,        /* 2201F "a negative number raised to a non-integer power ..." */
	FQ_NUM_FACTORIAL_NEGATIVE  /* 22003 "factorial of a negative number is undefined" */
} fq_num_status;

/* ---- making and looking ---- */

void fq_num_from_int64(int64_t v, fq_numeric *out);
void fq_num_from_int128(fq_int128 v, int dscale, fq_numeric *out);
void fq_num_special(fq_numeric_kind kind, fq_numeric *out); /* NAN, PINF, NINF */

static inline bool
fq_num_is_finite(const fq_numeric *x)
{
	return x->kind == FQ_NUM_SMALL || x->kind == FQ_NUM_BIG;
}

/* -1, 0 or 1 (±Infinity count as ±1; NaN as 0). */
int fq_num_sign(const fq_numeric *x);

/* Decimal digits before the point (0 for |x| < 1) of a finite value. */
int fq_num_int_digits(const fq_numeric *x);

/* ---- text ---- */

/*
 * PostgreSQL's numeric_in: blanks around, an optional sign, digits with at
 * most one point, an optional exponent; NaN, [+-]Infinity and [+-]inf in
 * any case.  The display scale is the digits after the point minus the
 * exponent (not below 0).  SYNTAX for anything else, RANGE beyond
 * numeric's limits (PostgreSQL's "value overflows numeric format").
 */
fq_conv fq_num_parse(const char *s, size_t n, fq_arena *a, fq_numeric *out);

/*
 * PostgreSQL's numeric_out: "-123.4500", "NaN", "Infinity", "-Infinity".
 * Returns the length the text needs; writes it NUL-terminated when cap is
 * larger than that, else nothing.  Small values need at most
 * FQ_NUM_SMALL_TEXT bytes.
 */
#define FQ_NUM_SMALL_TEXT 48
size_t fq_num_format(const fq_numeric *x, char *buf, size_t cap);
/* Appends the text form. */
void fq_num_append(const fq_numeric *x, fq_strbuf *out);

/* ---- arithmetic ---- */

fq_num_status fq_num_add(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_sub(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_mul(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
/* x / y at select_div_scale's scale, rounded half away from zero. */
fq_num_status fq_num_div(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
/* x - trunc(x / y) * y: the sign of x, the larger display scale. */
fq_num_status fq_num_mod(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
/* Limbs are shared with x. */
void fq_num_neg(const fq_numeric *x, fq_numeric *out);
void fq_num_abs(const fq_numeric *x, fq_numeric *out);

/* round(x, scale) and trunc(x, scale): the display scale becomes
 * max(scale, 0); scale is clamped to FQ_NUM_MIN_ROUND_SCALE ..
 * FQ_NUM_MAX_DSCALE, as PostgreSQL 15's numeric_round does. */
fq_num_status fq_num_round(const fq_numeric *x, int scale, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_trunc(const fq_numeric *x, int scale, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_ceil(const fq_numeric *x, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_floor(const fq_numeric *x, fq_arena *a, fq_numeric *out);

/*
 * PostgreSQL's apply_typmod for numeric(precision, scale): rounds to
 * scale, then RANGE when more than precision - scale digits remain before
 * the point, or the value is infinite (NaN passes).  precision 0 means no
 * typmod: x unchanged.
 */
fq_conv fq_num_typmod(const fq_numeric *x, int precision, int scale, fq_arena *a,
					  fq_numeric *out);

/* ---- math functions (PostgreSQL 15's numeric_sqrt, numeric_exp ...) ---- */

/*
 * Each result is PostgreSQL's, digit for digit: its display scale comes
 * from the same estimates, sqrt is the exact root rounded half away from
 * zero, and exp, ln, log and power run PostgreSQL's own algorithms with
 * its working scales and its truncated multiplication (numeric.c says
 * where they could differ: a division inside ln or log landing within
 * about 10^-16 of a rounding boundary).  NaN and the infinities follow
 * PostgreSQL's rules, errors its SQLSTATEs (the statuses above).  Big
 * results' limbs are allocated in `a`; the work is done in an arena of
 * its own.
 */
fq_num_status fq_num_sqrt(const fq_numeric *x, fq_arena *a, fq_numeric *out);
/* sqrt_var: the root rounded to rscale (>= 0) places, as stddev's final
 * step takes it at its variance's scale. */
fq_num_status fq_num_sqrt_at(const fq_numeric *x, int rscale, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_exp(const fq_numeric *x, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_ln(const fq_numeric *x, fq_arena *a, fq_numeric *out);
/* log(base, x); PostgreSQL's log(x) and log10(x) are log(10, x). */
fq_num_status fq_num_log(const fq_numeric *base, const fq_numeric *x, fq_arena *a,
						 fq_numeric *out);
/* numeric_power: integer exponents in int32's range by power_var_int's
 * rules (scale max(16, base's)), others as exp(e ln|b|). */
fq_num_status fq_num_power(const fq_numeric *b, const fq_numeric *e, fq_arena *a,
						   fq_numeric *out);
/* div(x, y): the quotient truncated to an integer (numeric_div_trunc). */
fq_num_status fq_num_div_trunc(const fq_numeric *x, const fq_numeric *y, fq_arena *a,
							   fq_numeric *out);
/* gcd and lcm of exact decimals, at the larger display scale; NaN when
 * either is not finite. */
fq_num_status fq_num_gcd(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
fq_num_status fq_num_lcm(const fq_numeric *x, const fq_numeric *y, fq_arena *a, fq_numeric *out);
/* n! (numeric_fac) */
fq_num_status fq_num_factorial(int64_t n, fq_arena *a, fq_numeric *out);
/* The fewest places that show a finite x exactly (0 for others), and x
 * shown with them. */
int fq_num_min_scale(const fq_numeric *x);
fq_num_status fq_num_trim_scale(const fq_numeric *x, fq_arena *a, fq_numeric *out);

/* ---- comparison and hashing ---- */

/* Three-way, PostgreSQL's order: -Infinity < finite < Infinity < NaN, and
 * NaN equals NaN; 1.5 equals 1.50. */
int fq_num_cmp(const fq_numeric *x, const fq_numeric *y);

/*
 * Bytes that are equal exactly when the values compare equal (1.5 and
 * 1.50 give the same bytes), for hash keys.  Returns the length needed;
 * writes when cap is enough.
 */
size_t fq_num_key(const fq_numeric *x, uint8_t *buf, size_t cap);

/* ---- conversions ---- */

/*
 * To an integer, rounding half away from zero; RANGE when it does not fit
 * [min, max].  The caller checks for NaN and infinity first (PostgreSQL
 * says "cannot convert NaN to integer", 0A000).
 */
fq_conv fq_num_to_int(const fq_numeric *x, int64_t min, int64_t max, int64_t *out);
/* The unscaled value at `scale` (rounded half away from zero) as 128 bits;
 * RANGE when it does not fit or x is not finite. */
fq_conv fq_num_to_int128(const fq_numeric *x, int scale, fq_int128 *out);

/*
 * As PostgreSQL's numeric_float8 (and float4): the nearest double to the
 * decimal text; NaN and ±Infinity map to theirs.  RANGE when the value is
 * beyond double's range or so small it would read as zero.
 */
fq_conv fq_num_to_double(const fq_numeric *x, double *out);
fq_conv fq_num_to_float(const fq_numeric *x, float *out);

/*
 * As PostgreSQL's float8_numeric/float4_numeric: the float printed with
 * `digits` significant digits (15 for double, 6 for real, like "%.*g"),
 * read back as numeric.  NaN and infinities become numeric's own.
 */
fq_num_status fq_num_from_double(double d, int digits, fq_arena *a, fq_numeric *out);

/*
 * From base-10000 digits as PostgreSQL's binary format carries them:
 * value = sum digits[i] * 10000^(weight - i), with display scale dscale.
 * RANGE for a digit above 9999 or a value beyond numeric's limits.
 */
fq_conv fq_num_from_base10000(const uint16_t *digits, int ndigits, int weight, bool negative,
							  int dscale, fq_arena *a, fq_numeric *out);

/*
 * The mirror of fq_num_from_base10000 for a finite x (NaN and the
 * infinities give 0 digits): its base-10000 digits, most significant
 * first, without the zero digits past the last nonzero one (none at all
 * for zero), and in *weight the power of 10000 of the first.  Returns how
 * many there are, written to digits; when more than cap would be needed,
 * the room needed instead, and nothing is written
 * (FQ_NUM_SMALL_BASE10000 always suffice for a small value).
 */
#define FQ_NUM_SMALL_BASE10000 11
int fq_num_to_base10000(const fq_numeric *x, uint16_t *digits, int cap, int *weight);

/* ---- sum() ---- */

/*
 * A running sum that reuses its own memory, for aggregates: adding a
 * value allocates only when the sum outgrows 127 bits, and then by
 * doubling.  Infinities and NaN are counted as PostgreSQL's numeric
 * accumulator counts them.  The sum shows the largest scale of the finite
 * values summed, as PostgreSQL's sum does.
 */
typedef struct fq_num_sum
{
	fq_numeric v;      /* the finite part */
	uint32_t *buf;     /* v's limbs when big (capacity `cap`) */
	uint32_t cap;
	int64_t nnan;      /* NaN and infinities summed */
	int64_t npinf;
	int64_t nninf;
	int64_t nmax;      /* finite values summed at v's scale */
} fq_num_sum;

void fq_num_sum_init(fq_num_sum *s);
/* `store` keeps the sum's memory; `scratch` may be reset between calls. */
fq_num_status fq_num_sum_add(fq_num_sum *s, const fq_numeric *x, fq_arena *store,
							 fq_arena *scratch);
/*
 * Takes x, added before, out of the sum again (a moving window frame).
 * False when the sum cannot tell what it is without x: x is the last value
 * at the sum's scale, which would shrink to the next largest (PostgreSQL's
 * numeric_accum_inv gives up there too), or memory ran out; the caller
 * then sums the values again.
 */
bool fq_num_sum_remove(fq_num_sum *s, const fq_numeric *x, fq_arena *store, fq_arena *scratch);
/* The sum (limbs shared with s). */
void fq_num_sum_result(const fq_num_sum *s, fq_numeric *out);

#endif
