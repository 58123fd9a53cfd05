/*
 * math.c — the number functions (func.h), as PostgreSQL 15 computes them:
 * doubles through the C library (as PostgreSQL's float.c, with its checks
 * for overflow, underflow and arguments out of range, and its exact
 * degree-based trigonometry), NUMERIC through types/numeric.c, integers
 * with int.c's and int8.c's rules for the most negative value.
 */
#include "func/func.h"
#include "func/support.h"

#include "plan/expr.h"
#include "types/types.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define FN(...) {.family = FQ_FAMILY_MATH, __VA_ARGS__}

/* abs keeps its argument's type; an integer's most negative value has no
 * absolute value in it. */
static int
fn_abs(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	switch (args[0].type.id)
	{
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			res->v.f = fabs(args[0].v.f);
			return FQ_OK;
		case FQ_T_DECIMAL:
			fq_num_abs(&args[0].v.num, &res->v.num);
			return FQ_OK;
		default:
			if (args[0].v.i == INT64_MIN || !fq_fn_fits_int(llabs(args[0].v.i), args[0].type.id))
				return fq_fn_int_range(x, args[0].type.id);
			res->v.i = args[0].v.i < 0 ? -args[0].v.i : args[0].v.i;
			return FQ_OK;
	}
}

typedef enum rounding
{
	ROUND,
	TRUNC,
	CEIL,
	FLOOR
} rounding;

/*
 * round/trunc/ceil/floor of a double stay double (round is half to even,
 * as rint); of a NUMERIC stay NUMERIC, to n places (negative: left of the
 * point).  Redshift's round(double, n) reads the double as a NUMERIC
 * through its 15 significant digits, as PostgreSQL's float8-to-numeric
 * cast does.
 */
static int
rounded(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res, rounding how)
{
	fq_numeric v;
	int64_t n = f->nargs == 2 ? args[1].v.i : 0;
	fq_num_status st;

	if (f->e.type.id == FQ_T_FLOAT8)
	{
		double d = args[0].v.f;

		res->v.f = how == ROUND ? rint(d) : how == TRUNC ? trunc(d) : how == CEIL ? ceil(d) : floor(d);
		return FQ_OK;
	}
	if (args[0].type.id == FQ_T_FLOAT8)
	{
		st = fq_num_from_double(args[0].v.f, 15, x->a, &v);
		if (st != FQ_NUM_OK)
			return fq_fn_num_status(x, st);
	}
	else
		fq_fn_as_numeric(&args[0], &v);
	if (n > INT32_MAX)
		n = INT32_MAX;
	if (n < INT32_MIN)
		n = INT32_MIN;
	switch (how)
	{
		case ROUND: st = fq_num_round(&v, (int) n, x->a, &res->v.num); break;
		case TRUNC: st = fq_num_trunc(&v, (int) n, x->a, &res->v.num); break;
		case CEIL: st = fq_num_ceil(&v, x->a, &res->v.num); break;
		default: st = fq_num_floor(&v, x->a, &res->v.num); break;
	}
	return fq_fn_num_status(x, st);
}

static int
fn_round(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, ROUND);
}

static int
fn_trunc(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, TRUNC);
}

static int
fn_ceil(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, CEIL);
}

static int
fn_floor(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return rounded(x, f, args, res, FLOOR);
}


/* ---- errors of the float functions (float.c) ---- */

static int
out_of_range(fq_fn_ctx *x)
{
	return fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "input is out of range");
}

static int
log_error(fq_fn_ctx *x, double v)
{
	return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_LOG, 0, v == 0.0 ? "cannot take logarithm of zero"
										: "cannot take logarithm of a negative number");
}

static int
power_error(fq_fn_ctx *x, const char *msg)
{
	return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_POWER_FUNCTION, 0, "%s", msg);
}

/* float.c's check after most functions: infinity from a finite input is
 * overflow; zero from an input that does not give zero is underflow. */
static int
checked(fq_fn_ctx *x, double r, bool inf_input, bool zero_expected, fq_value *res)
{
	if (isinf(r) && !inf_input)
		return fq_fn_float_overflow(x);
	if (r == 0.0 && !zero_expected)
		return fq_fn_float_underflow(x);
	res->v.f = r;
	return FQ_OK;
}

static void
num_arg(const fq_value *v, fq_numeric *n)
{
	fq_fn_as_numeric(v, n);
}

/* ---- sqrt, cbrt, exp, ln, log ---- */

static int
fn_sqrt(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric n;
	double a = args[0].v.f;

	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &n);
		return fq_fn_num_status(x, fq_num_sqrt(&n, x->a, &res->v.num));
	}
	if (a < 0)
		return power_error(x, "cannot take square root of a negative number");
	return checked(x, sqrt(a), isinf(a), a == 0.0, res);
}

static int
fn_cbrt(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	double a = args[0].v.f;

	(void) f;
	return checked(x, cbrt(a), isinf(a), a == 0.0, res);
}

static int
fn_exp(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric n;
	double a = args[0].v.f;
	double r;

	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &n);
		return fq_fn_num_status(x, fq_num_exp(&n, x->a, &res->v.num));
	}
	if (isnan(a) || isinf(a))
	{
		/* exp(-Infinity) is 0 */
		res->v.f = isinf(a) && a < 0 ? 0.0 : a;
		return FQ_OK;
	}
	errno = 0;
	r = exp(a);
	if (errno == ERANGE && r != 0.0)
		return fq_fn_float_overflow(x);
	return checked(x, r, false, false, res);
}

/* ln or log10 of a double */
static int
float_log(fq_fn_ctx *x, double a, bool ten, fq_value *res)
{
	if (a == 0.0 || a < 0)
		return log_error(x, a);
	return checked(x, ten ? log10(a) : log(a), isinf(a), a == 1.0, res);
}

static int
fn_ln(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric n;

	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &n);
		return fq_fn_num_status(x, fq_num_ln(&n, x->a, &res->v.num));
	}
	return float_log(x, args[0].v.f, false, res);
}

/* log(x) and log10(x): base 10; log(b, x) for NUMERIC */
static int
fn_log(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric b;
	fq_numeric n;

	if (f->e.type.id != FQ_T_DECIMAL)
		return float_log(x, args[0].v.f, true, res);
	if (f->nargs == 2)
	{
		num_arg(&args[0], &b);
		num_arg(&args[1], &n);
	}
	else
	{
		fq_num_from_int64(10, &b);
		num_arg(&args[0], &n);
	}
	return fq_fn_num_status(x, fq_num_log(&b, &n, x->a, &res->v.num));
}

/* ---- power ---- */

/* dpow: POSIX's pow() with NaN and infinities decided here, and
 * PostgreSQL's errors for a zero or negative base */
static int
fn_power(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric nb;
	fq_numeric ne;
	double a = args[0].v.f;
	double b = args[1].v.f;
	double r;

	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &nb);
		num_arg(&args[1], &ne);
		return fq_fn_num_status(x, fq_num_power(&nb, &ne, x->a, &res->v.num));
	}
	if (isnan(a))
	{
		res->v.f = isnan(b) || b != 0.0 ? NAN : 1.0;
		return FQ_OK;
	}
	if (isnan(b))
	{
		res->v.f = a != 1.0 ? NAN : 1.0;
		return FQ_OK;
	}
	if (a == 0 && b < 0)
		return power_error(x, "zero raised to a negative power is undefined");
	if (a < 0 && floor(b) != b)
		return power_error(x, "a negative number raised to a non-integer power yields a complex result");
	if (isinf(b))
	{
		double absx = fabs(a);

		if (absx == 1.0)
			r = 1.0;
		else if (b > 0)
			r = absx > 1.0 ? b : 0.0;
		else
			r = absx > 1.0 ? 0.0 : -b;
	}
	else if (isinf(a))
	{
		if (b == 0.0)
			r = 1.0;
		else if (a > 0)
			r = b > 0 ? a : 0.0;
		else
		{
			double half = b / 2;
			bool odd = floor(half) != half;

			if (b > 0)
				r = odd ? a : -a;
			else
				r = odd ? -0.0 : 0.0;
		}
	}
	else
	{
		errno = 0;
		r = pow(a, b);
		if (errno == EDOM || isnan(r))
		{
			/* old C libraries for |b| beyond 2^63 */
			double absx = fabs(a);

			if (a == 0.0)
				r = 0.0;
			else if (absx == 1.0)
				r = 1.0;
			else if (b >= 0.0 ? absx > 1.0 : absx < 1.0)
				return fq_fn_float_overflow(x);
			else
				return fq_fn_float_underflow(x);
		}
		else if (errno == ERANGE)
			return r != 0.0 ? fq_fn_float_overflow(x) : fq_fn_float_underflow(x);
		else
			return checked(x, r, false, a == 0.0, res);
	}
	res->v.f = r;
	return FQ_OK;
}

/* ---- sign, pi, mod, div ---- */

static int
fn_sign(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric n;

	(void) x;
	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &n);
		if (n.kind == FQ_NUM_NAN)
			res->v.num = n;
		else
			fq_num_from_int64(fq_num_sign(&n), &res->v.num);
		return FQ_OK;
	}
	/* NaN and -0 are neither above nor below zero */
	res->v.f = args[0].v.f > 0 ? 1.0 : args[0].v.f < 0 ? -1.0 : 0.0;
	return FQ_OK;
}

static int
fn_pi(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	(void) args;
	res->v.f = M_PI;
	return FQ_OK;
}

static int
fn_mod(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric a;
	fq_numeric b;

	if (f->e.type.id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &a);
		num_arg(&args[1], &b);
		return fq_fn_num_status(x, fq_num_mod(&a, &b, x->a, &res->v.num));
	}
	if (args[1].v.i == 0)
		return fq_fn_div_zero(x);
	/* the most negative value % -1 is 0, not a trap */
	res->v.i = args[1].v.i == -1 ? 0 : args[0].v.i % args[1].v.i;
	return FQ_OK;
}

static int
fn_div(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_numeric a;
	fq_numeric b;

	(void) f;
	num_arg(&args[0], &a);
	num_arg(&args[1], &b);
	return fq_fn_num_status(x, fq_num_div_trunc(&a, &b, x->a, &res->v.num));
}

/* ---- degrees, radians and trigonometry ---- */

#define RADIANS_PER_DEGREE 0.0174532925199432957692

static int
fn_degrees(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	double a = args[0].v.f;

	(void) f;
	/* float8_div by a nonzero finite constant */
	return checked(x, a / RADIANS_PER_DEGREE, isinf(a), a == 0.0, res);
}

static int
fn_radians(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	double a = args[0].v.f;

	(void) f;
	return checked(x, a * RADIANS_PER_DEGREE, isinf(a), a == 0.0, res);
}

typedef enum trig
{
	T_SIN, T_COS, T_TAN, T_COT, T_ASIN, T_ACOS, T_ATAN, T_ATAN2,
} trig;

static int
trig_radians(fq_fn_ctx *x, trig t, const fq_value *args, fq_value *res)
{
	double a = args[0].v.f;
	double r;

	if (isnan(a) || (t == T_ATAN2 && isnan(args[1].v.f)))
	{
		res->v.f = NAN;
		return FQ_OK;
	}
	switch (t)
	{
		case T_ASIN:
		case T_ACOS:
			if (a < -1.0 || a > 1.0)
				return out_of_range(x);
			r = t == T_ASIN ? asin(a) : acos(a);
			break;
		case T_ATAN: r = atan(a); break;
		case T_ATAN2: r = atan2(a, args[1].v.f); break;
		default:
			/* infinite inputs are out of range, as is what the C library
			 * reports through errno */
			errno = 0;
			r = t == T_SIN ? sin(a) : t == T_COS ? cos(a) : tan(a);
			if (errno != 0 || isinf(a))
				return out_of_range(x);
			if (t == T_COT)
				r = 1.0 / r;
			if (t == T_TAN || t == T_COT)
			{
				/* tan(pi/2) and cot(0) may be infinite */
				res->v.f = r;
				return FQ_OK;
			}
			break;
	}
	if (isinf(r))
		return fq_fn_float_overflow(x);
	res->v.f = r;
	return FQ_OK;
}

/*
 * The degree variants give exact results at the angles whose sines and
 * cosines are 0, 1/2 and 1, by scaling with constants computed at run
 * time by the same C library (as float.c's init_degree_constants; a
 * compiler folding sin(constant) itself could round differently).
 */
static volatile double deg_30 = 30.0;
static volatile double deg_45 = 45.0;
static volatile double deg_60 = 60.0;
static volatile double deg_half = 0.5;
static volatile double deg_one = 1.0;

typedef struct degree_consts
{
	double sin_30;
	double one_minus_cos_60;
	double asin_0_5;
	double acos_0_5;
	double atan_1_0;
	double tan_45;
	double cot_45;
} degree_consts;

static double sind_q1(const degree_consts *k, double v);
static double cosd_q1(const degree_consts *k, double v);

static const degree_consts *
degree_constants(void)
{
	static degree_consts k;
	static volatile int ready;

	if (!ready)
	{
		/* idempotent: racing threads compute the same values */
		degree_consts t;

		t.sin_30 = sin(deg_30 * RADIANS_PER_DEGREE);
		t.one_minus_cos_60 = 1.0 - cos(deg_60 * RADIANS_PER_DEGREE);
		t.asin_0_5 = asin(deg_half);
		t.acos_0_5 = acos(deg_half);
		t.atan_1_0 = atan(deg_one);
		t.tan_45 = sind_q1(&t, deg_45) / cosd_q1(&t, deg_45);
		t.cot_45 = cosd_q1(&t, deg_45) / sind_q1(&t, deg_45);
		k = t;
		ready = 1;
	}
	return &k;
}

static double
sind_0_to_30(const degree_consts *k, double v)
{
	volatile double s = sin(v * RADIANS_PER_DEGREE);

	return (s / k->sin_30) / 2.0;
}

static double
cosd_0_to_60(const degree_consts *k, double v)
{
	volatile double c = 1.0 - cos(v * RADIANS_PER_DEGREE);

	return 1.0 - (c / k->one_minus_cos_60) / 2.0;
}

static double
sind_q1(const degree_consts *k, double v)
{
	return v <= 30.0 ? sind_0_to_30(k, v) : cosd_0_to_60(k, 90.0 - v);
}

static double
cosd_q1(const degree_consts *k, double v)
{
	return v <= 60.0 ? cosd_0_to_60(k, v) : sind_0_to_30(k, 90.0 - v);
}

static double
asind_q1(const degree_consts *k, double v)
{
	if (v <= 0.5)
	{
		volatile double s = asin(v);

		return (s / k->asin_0_5) * 30.0;
	}
	else
	{
		volatile double c = acos(v);

		return 90.0 - (c / k->acos_0_5) * 60.0;
	}
}

static double
acosd_q1(const degree_consts *k, double v)
{
	if (v <= 0.5)
	{
		volatile double s = asin(v);

		return 90.0 - (s / k->asin_0_5) * 30.0;
	}
	else
	{
		volatile double c = acos(v);

		return (c / k->acos_0_5) * 60.0;
	}
}

static int
trig_degrees(fq_fn_ctx *x, trig t, const fq_value *args, fq_value *res)
{
	const degree_consts *k;
	double a = args[0].v.f;
	double r;
	int sign = 1;

	if (isnan(a) || (t == T_ATAN2 && isnan(args[1].v.f)))
	{
		res->v.f = NAN;
		return FQ_OK;
	}
	k = degree_constants();
	switch (t)
	{
		case T_ASIN:
		case T_ACOS:
			if (a < -1.0 || a > 1.0)
				return out_of_range(x);
			if (t == T_ASIN)
				r = a >= 0.0 ? asind_q1(k, a) : -asind_q1(k, -a);
			else
				r = a >= 0.0 ? acosd_q1(k, a) : 90.0 + asind_q1(k, -a);
			break;
		case T_ATAN:
		case T_ATAN2:
			{
				volatile double at = t == T_ATAN ? atan(a) : atan2(a, args[1].v.f);

				r = (at / k->atan_1_0) * 45.0;
				break;
			}
		default:
			if (isinf(a))
				return out_of_range(x);
			/* into [0, 90] by the symmetries of each function */
			a = fmod(a, 360.0);
			if (a < 0.0)
			{
				a = -a;
				if (t != T_COS)
					sign = -sign;
			}
			if (a > 180.0)
			{
				a = 360.0 - a;
				if (t != T_COS)
					sign = -sign;
			}
			if (a > 90.0)
			{
				a = 180.0 - a;
				if (t != T_SIN)
					sign = -sign;
			}
			if (t == T_SIN)
				r = sign * sind_q1(k, a);
			else if (t == T_COS)
				r = sign * cosd_q1(k, a);
			else
			{
				volatile double q = t == T_TAN ? sind_q1(k, a) / cosd_q1(k, a)
											   : cosd_q1(k, a) / sind_q1(k, a);

				r = sign * (q / (t == T_TAN ? k->tan_45 : k->cot_45));
				/* no -0 (tand(180), cotd(270)); tand(90) is infinite */
				if (r == 0.0)
					r = 0.0;
				res->v.f = r;
				return FQ_OK;
			}
			break;
	}
	if (isinf(r))
		return fq_fn_float_overflow(x);
	res->v.f = r;
	return FQ_OK;
}

#define TRIG(name, t)                                                                     \
	static int fn_##name(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args,        \
						 fq_value *res)                                                    \
	{                                                                                      \
		(void) f;                                                                          \
		return trig_radians(x, t, args, res);                                              \
	}                                                                                      \
	static int fn_##name##d(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args,     \
							fq_value *res)                                                 \
	{                                                                                      \
		(void) f;                                                                          \
		return trig_degrees(x, t, args, res);                                              \
	}

TRIG(sin, T_SIN)
TRIG(cos, T_COS)
TRIG(tan, T_TAN)
TRIG(cot, T_COT)
TRIG(asin, T_ASIN)
TRIG(acos, T_ACOS)
TRIG(atan, T_ATAN)
TRIG(atan2, T_ATAN2)

/* ---- gcd, lcm, factorial ---- */

/* int4gcd/int8gcd: false when the result (2^31 or 2^63) does not fit */
static bool
gcd_int(int64_t a, int64_t b, int64_t min, int64_t *out)
{
	/* the larger magnitude first, compared as negatives (min has none) */
	if ((a < 0 ? a : -a) > (b < 0 ? b : -b))
	{
		int64_t t = a;

		a = b;
		b = t;
	}
	if (a == min)
	{
		if (b == 0 || b == min)
			return false;
		if (b == -1)
		{
			*out = 1;
			return true;
		}
	}
	while (b != 0)
	{
		int64_t t = b;

		b = a % b;
		a = t;
	}
	*out = a < 0 ? -a : a;
	return true;
}

static int
fn_gcd(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_type_id id = f->e.type.id;
	fq_numeric a;
	fq_numeric b;

	if (id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &a);
		num_arg(&args[1], &b);
		return fq_fn_num_status(x, fq_num_gcd(&a, &b, x->a, &res->v.num));
	}
	if (!gcd_int(args[0].v.i, args[1].v.i, id == FQ_T_INT4 ? INT32_MIN : INT64_MIN, &res->v.i))
		return fq_fn_int_range(x, id);
	return FQ_OK;
}

static int
fn_lcm(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_type_id id = f->e.type.id;
	int64_t min = id == FQ_T_INT4 ? INT32_MIN : INT64_MIN;
	int64_t g;
	int64_t r;
	fq_numeric a;
	fq_numeric b;

	if (id == FQ_T_DECIMAL)
	{
		num_arg(&args[0], &a);
		num_arg(&args[1], &b);
		return fq_fn_num_status(x, fq_num_lcm(&a, &b, x->a, &res->v.num));
	}
	if (args[0].v.i == 0 || args[1].v.i == 0)
	{
		res->v.i = 0;
		return FQ_OK;
	}
	/* |x / gcd(x, y) * y|, which must fit (and not be the most negative) */
	if (!gcd_int(args[0].v.i, args[1].v.i, min, &g) ||
		__builtin_mul_overflow(args[0].v.i / g, args[1].v.i, &r) || !fq_fn_fits_int(r, id) ||
		r == min)
		return fq_fn_int_range(x, id);
	res->v.i = r < 0 ? -r : r;
	return FQ_OK;
}

static int
fn_factorial(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	return fq_fn_num_status(x, fq_num_factorial(args[0].v.i, x->a, &res->v.num));
}

/* ---- width_bucket ---- */

static int
bucket_error(fq_fn_ctx *x, const char *msg)
{
	return fq_raise(x->d, FQ_ERR_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, 0, "%s", msg);
}

/* A double's conversion to int32 as x86-64 does it (PostgreSQL assigns
 * the bucket's double to an int32): the most negative value when it does
 * not fit. */
static int64_t
to_int32(double d)
{
	if (!(d >= -2147483648.0 && d < 2147483648.0))
		return INT32_MIN;
	return (int32_t) d;
}

static int
fn_width_bucket(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t count = args[3].v.i;

	if (count <= 0)
		return bucket_error(x, "count must be greater than zero");
	if (args[0].type.id == FQ_T_DECIMAL)
	{
		const fq_numeric *op = &args[0].v.num;
		const fq_numeric *b1 = &args[1].v.num;
		const fq_numeric *b2 = &args[2].v.num;
		fq_numeric cnt;
		fq_numeric one;
		fq_numeric num;
		fq_numeric den;
		fq_numeric r;
		int c;
		fq_num_status st = FQ_NUM_OK;

		if (op->kind == FQ_NUM_NAN || b1->kind == FQ_NUM_NAN || b2->kind == FQ_NUM_NAN)
			return bucket_error(x, "operand, lower bound, and upper bound cannot be NaN");
		if (!fq_num_is_finite(b1) || !fq_num_is_finite(b2))
			return bucket_error(x, "lower and upper bounds must be finite");
		fq_num_from_int64(count, &cnt);
		fq_num_from_int64(1, &one);
		if ((c = fq_num_cmp(b1, b2)) == 0)
			return bucket_error(x, "lower bound cannot equal upper bound");
		if (c < 0 ? fq_num_cmp(op, b1) < 0 : fq_num_cmp(op, b1) > 0)
			fq_num_from_int64(0, &r);
		else if (c < 0 ? fq_num_cmp(op, b2) >= 0 : fq_num_cmp(op, b2) <= 0)
			fq_num_from_int64(count + 1, &r);
		else
		{
			/* floor(count (op - b1) / (b2 - b1) + 1), the quotient at
			 * numeric division's own scale */
			if ((st = c < 0 ? fq_num_sub(op, b1, x->a, &num) : fq_num_sub(b1, op, x->a, &num)) ==
					FQ_NUM_OK &&
				(st = c < 0 ? fq_num_sub(b2, b1, x->a, &den) : fq_num_sub(b1, b2, x->a, &den)) ==
					FQ_NUM_OK &&
				(st = fq_num_mul(&num, &cnt, x->a, &num)) == FQ_NUM_OK &&
				(st = fq_num_div(&num, &den, x->a, &r)) == FQ_NUM_OK &&
				(st = fq_num_add(&r, &one, x->a, &r)) == FQ_NUM_OK)
				st = fq_num_floor(&r, x->a, &r);
			if (st != FQ_NUM_OK)
				return fq_fn_num_status(x, st);
		}
		if (fq_num_to_int(&r, INT32_MIN, INT32_MAX, &res->v.i) != FQ_CONV_OK)
			return fq_fn_int_range(x, FQ_T_INT4);
		return FQ_OK;
	}
	{
		double op = args[0].v.f;
		double b1 = args[1].v.f;
		double b2 = args[2].v.f;

		(void) f;
		if (isnan(op) || isnan(b1) || isnan(b2))
			return bucket_error(x, "operand, lower bound, and upper bound cannot be NaN");
		if (isinf(b1) || isinf(b2))
			return bucket_error(x, "lower and upper bounds must be finite");
		if (b1 == b2)
			return bucket_error(x, "lower bound cannot equal upper bound");
		if (b1 < b2 ? op < b1 : op > b1)
			res->v.i = 0;
		else if (b1 < b2 ? op >= b2 : op <= b2)
		{
			if (count == INT32_MAX)
				return fq_fn_int_range(x, FQ_T_INT4);
			res->v.i = count + 1;
		}
		else if (b1 < b2)
			res->v.i = to_int32(((double) count * (op - b1) / (b2 - b1)) + 1);
		else
			res->v.i = to_int32(((double) count * (b1 - op) / (b1 - b2)) + 1);
		return FQ_OK;
	}
}

/* ---- scales ---- */

static int
fn_scale(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	if (!fq_num_is_finite(&args[0].v.num))
		res->isnull = true;
	else
		res->v.i = args[0].v.num.dscale;
	return FQ_OK;
}

static int
fn_min_scale(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	if (!fq_num_is_finite(&args[0].v.num))
		res->isnull = true;
	else
		res->v.i = fq_num_min_scale(&args[0].v.num);
	return FQ_OK;
}

static int
fn_trim_scale(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	return fq_fn_num_status(x, fq_num_trim_scale(&args[0].v.num, x->a, &res->v.num));
}

/* ---- random ---- */

/*
 * random(): uniform in [0, 1) with 53 random bits, from a per-thread
 * xoshiro256** seeded from the kernel's entropy (the time and process
 * when there is none).  PostgreSQL's values cannot be matched, and need
 * not be; setseed() is not offered.
 */
static uint64_t
rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

static int
fn_random(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	static _Thread_local uint64_t st[4];
	static _Thread_local bool seeded;
	uint64_t r;
	uint64_t t;

	(void) x;
	(void) f;
	(void) args;
	if (!seeded)
	{
		if (getrandom(st, sizeof(st), 0) != (ssize_t) sizeof(st))
		{
			uint64_t z = (uint64_t) time(NULL) ^ ((uint64_t) getpid() << 32) ^ (uint64_t) (uintptr_t) &t;

			for (int i = 0; i < 4; i++)
			{
				/* splitmix64 */
				uint64_t v = (z += UINT64_C(0x9e3779b97f4a7c15));

				v = (v ^ (v >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
				v = (v ^ (v >> 27)) * UINT64_C(0x94d049bb133111eb);
				st[i] = v ^ (v >> 31);
			}
		}
		if ((st[0] | st[1] | st[2] | st[3]) == 0)
			st[0] = 1;
		seeded = true;
	}
	r = rotl(st[1] * 5, 7) * 9;
	t = st[1] << 17;
	st[2] ^= st[0];
	st[3] ^= st[1];
	st[1] ^= st[2];
	st[0] ^= st[3];
	st[2] ^= t;
	st[3] = rotl(st[3], 45);
	res->v.f = (double) (r >> 11) * 0x1.0p-53;
	return FQ_OK;
}

/* ---- the table ---- */

static const fq_func_sig abs_sigs[] = {
	S1(INT2, INT2), S1(INT4, INT4), S1(INT8, INT8),
	S1(FLOAT4, FLOAT4), S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL),
};

static const fq_func_sig ceil_sigs[] = {S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL)};

static const fq_func_sig round_sigs[] = {
	S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL), S2(DECIMAL, INT4, DECIMAL),
	/* Redshift's */
	{2, {FQ_T_FLOAT8, FQ_T_INT4}, FQ_T_DECIMAL, true, "round(CAST($1 AS numeric), $2)"},
};

static const fq_func_sig trunc_sigs[] = {
	S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL), S2(DECIMAL, INT4, DECIMAL),
	{2, {FQ_T_FLOAT8, FQ_T_INT4}, FQ_T_DECIMAL, true, "trunc(CAST($1 AS numeric), $2)"},
	/* trunc(macaddr): never called, but it makes trunc('x') ambiguous,
	 * as in PostgreSQL */
	S1(OTHER, OTHER),
};

/* double precision or NUMERIC, one argument */
static const fq_func_sig fn_sigs[] = {S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL)};
static const fq_func_sig f_sigs[] = {S1(FLOAT8, FLOAT8)};
static const fq_func_sig ff_sigs[] = {S2(FLOAT8, FLOAT8, FLOAT8)};
static const fq_func_sig none_sigs[] = {S0(FLOAT8)};
static const fq_func_sig log_sigs[] = {S1(FLOAT8, FLOAT8), S1(DECIMAL, DECIMAL),
									   S2(DECIMAL, DECIMAL, DECIMAL)};
static const fq_func_sig power_sigs[] = {S2(FLOAT8, FLOAT8, FLOAT8),
										 S2(DECIMAL, DECIMAL, DECIMAL)};
static const fq_func_sig mod_sigs[] = {S2(INT2, INT2, INT2), S2(INT4, INT4, INT4),
									   S2(INT8, INT8, INT8), S2(DECIMAL, DECIMAL, DECIMAL)};
static const fq_func_sig div_sigs[] = {S2(DECIMAL, DECIMAL, DECIMAL)};
static const fq_func_sig gcd_sigs[] = {S2(INT4, INT4, INT4), S2(INT8, INT8, INT8),
									   S2(DECIMAL, DECIMAL, DECIMAL)};
static const fq_func_sig factorial_sigs[] = {S1(INT8, DECIMAL)};
static const fq_func_sig width_bucket_sigs[] = {S4(FLOAT8, FLOAT8, FLOAT8, INT4, INT4),
												S4(DECIMAL, DECIMAL, DECIMAL, INT4, INT4)};
static const fq_func_sig scale_sigs[] = {S1(DECIMAL, INT4)};
static const fq_func_sig trim_scale_sigs[] = {S1(DECIMAL, DECIMAL)};

const fq_func_def fq_math_funcs[] = {
	FN(.name = "abs", SIGS(abs_sigs), .eval = fn_abs),
	FN(.name = "ceil", .aliases = {"ceiling"}, SIGS(ceil_sigs), .eval = fn_ceil),
	FN(.name = "floor", SIGS(ceil_sigs), .eval = fn_floor),
	FN(.name = "round", SIGS(round_sigs), .eval = fn_round),
	FN(.name = "trunc", SIGS(trunc_sigs), .eval = fn_trunc),
	FN(.name = "sqrt", SIGS(fn_sigs), .eval = fn_sqrt),
	FN(.name = "cbrt", SIGS(f_sigs), .eval = fn_cbrt),
	FN(.name = "exp", SIGS(fn_sigs), .eval = fn_exp),
	FN(.name = "ln", SIGS(fn_sigs), .eval = fn_ln),
	FN(.name = "log", SIGS(log_sigs), .eval = fn_log),
	FN(.name = "log10", SIGS(fn_sigs), .eval = fn_log),
	FN(.name = "power", .aliases = {"pow"}, SIGS(power_sigs), .eval = fn_power),
	FN(.name = "sign", SIGS(fn_sigs), .eval = fn_sign),
	FN(.name = "pi", SIGS(none_sigs), .eval = fn_pi),
	FN(.name = "mod", SIGS(mod_sigs), .eval = fn_mod),
	FN(.name = "div", SIGS(div_sigs), .eval = fn_div),
	FN(.name = "degrees", SIGS(f_sigs), .eval = fn_degrees),
	FN(.name = "radians", SIGS(f_sigs), .eval = fn_radians),
	FN(.name = "sin", SIGS(f_sigs), .eval = fn_sin),
	FN(.name = "cos", SIGS(f_sigs), .eval = fn_cos),
	FN(.name = "tan", SIGS(f_sigs), .eval = fn_tan),
	FN(.name = "cot", SIGS(f_sigs), .eval = fn_cot),
	FN(.name = "asin", SIGS(f_sigs), .eval = fn_asin),
	FN(.name = "acos", SIGS(f_sigs), .eval = fn_acos),
	FN(.name = "atan", SIGS(f_sigs), .eval = fn_atan),
	FN(.name = "atan2", SIGS(ff_sigs), .eval = fn_atan2),
	FN(.name = "sind", SIGS(f_sigs), .eval = fn_sind),
	FN(.name = "cosd", SIGS(f_sigs), .eval = fn_cosd),
	FN(.name = "tand", SIGS(f_sigs), .eval = fn_tand),
	FN(.name = "cotd", SIGS(f_sigs), .eval = fn_cotd),
	FN(.name = "asind", SIGS(f_sigs), .eval = fn_asind),
	FN(.name = "acosd", SIGS(f_sigs), .eval = fn_acosd),
	FN(.name = "atand", SIGS(f_sigs), .eval = fn_atand),
	FN(.name = "atan2d", SIGS(ff_sigs), .eval = fn_atan2d),
	FN(.name = "gcd", SIGS(gcd_sigs), .eval = fn_gcd),
	FN(.name = "lcm", SIGS(gcd_sigs), .eval = fn_lcm),
	FN(.name = "factorial", SIGS(factorial_sigs), .eval = fn_factorial),
	FN(.name = "width_bucket", SIGS(width_bucket_sigs), .eval = fn_width_bucket),
	FN(.name = "scale", SIGS(scale_sigs), .eval = fn_scale),
	FN(.name = "min_scale", SIGS(scale_sigs), .eval = fn_min_scale),
	FN(.name = "trim_scale", SIGS(trim_scale_sigs), .eval = fn_trim_scale),
	FN(.name = "random", SIGS(none_sigs), .eval = fn_random, .flags = FQ_FN_VOLATILE),
};

const int fq_math_nfuncs = NSIGS(fq_math_funcs);
