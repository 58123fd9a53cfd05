/*
 * check_numeric.c — engine/types/numeric.c without a server: results
 * PostgreSQL 15 prints (copied from psql), and properties of long division
 * checked over many big operands built to hit its rare corrections.
 * tests/numdiff.c compares random cases with a live PostgreSQL.
 */
#include "types/numeric.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fq_arena *arena;

static void
setup(void)
{
	arena = fq_arena_new(NULL);
}

static void
teardown(void)
{
	fq_arena_free(arena);
}

static fq_numeric
num(const char *s)
{
	fq_numeric x;

	ck_assert_msg(fq_num_parse(s, strlen(s), arena, &x) == FQ_CONV_OK, "parse %s", s);
	return x;
}

static const char *
text(const fq_numeric *x)
{
	size_t n = fq_num_format(x, NULL, 0);
	char *buf = fq_arena_alloc(arena, n + 1);

	fq_num_format(x, buf, n + 1);
	return buf;
}

typedef fq_num_status (*binop)(const fq_numeric *, const fq_numeric *, fq_arena *, fq_numeric *);

static const char *
apply(binop f, const char *a, const char *b)
{
	fq_numeric x = num(a);
	fq_numeric y = num(b);
	fq_numeric r;

	switch (f(&x, &y, arena, &r))
	{
		case FQ_NUM_OK: return text(&r);
		case FQ_NUM_DIV_ZERO: return "division by zero";
		case FQ_NUM_OVERFLOW: return "overflow";
		default: return "nomem";
	}
}

/* A math function's text, or its error. */
static const char *
math_status(fq_num_status st, const fq_numeric *r)
{
	switch (st)
	{
		case FQ_NUM_OK: return text(r);
		case FQ_NUM_DIV_ZERO: return "division by zero";
		case FQ_NUM_OVERFLOW: return "overflow";
		case FQ_NUM_SQRT_NEGATIVE: return "sqrt of negative";
		case FQ_NUM_LOG_ZERO: return "log of zero";
		case FQ_NUM_LOG_NEGATIVE: return "log of negative";
		case FQ_NUM_POW_ZERO_NEGATIVE: return "zero to negative";
		case FQ_NUM_POW_COMPLEX: return "complex";
		case FQ_NUM_FACTORIAL_NEGATIVE: return "factorial of negative";
		default: return "nomem";
	}
}

START_TEST(parse_and_print)
{
	static const char *const cases[][2] = {
		{"1.50", "1.50"}, {" +1.5e3 ", "1500"}, {"1.", "1"}, {".5", "0.5"}, {"0.000", "0.000"},
		{"-0.00", "0.00"}, {"1e-5", "0.00001"}, {"12.5e-1", "1.25"}, {"inf", "Infinity"},
		{"-INFINITY", "-Infinity"}, {"nan", "NaN"}, {"00012.3400", "12.3400"},
		{"170141183460469231731687303715884105727", "170141183460469231731687303715884105727"},
		{"-170141183460469231731687303715884105728", "-170141183460469231731687303715884105728"},
		{"123456789012345678901234567890.123456789012345", "123456789012345678901234567890.123456789012345"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		fq_numeric x = num(cases[i][0]);

		ck_assert_str_eq(text(&x), cases[i][1]);
	}
	{
		fq_numeric x;

		ck_assert_int_eq(fq_num_parse("abc", 3, arena, &x), FQ_CONV_SYNTAX);
		ck_assert_int_eq(fq_num_parse(".", 1, arena, &x), FQ_CONV_SYNTAX);
		ck_assert_int_eq(fq_num_parse("1e", 2, arena, &x), FQ_CONV_SYNTAX);
		ck_assert_int_eq(fq_num_parse("-nan", 4, arena, &x), FQ_CONV_SYNTAX);
		ck_assert_int_eq(fq_num_parse("1e-20000", 8, arena, &x), FQ_CONV_RANGE);
	}
}
END_TEST

START_TEST(arithmetic_as_postgresql)
{
	/* Each from PostgreSQL 15. */
	ck_assert_str_eq(apply(fq_num_div, "1", "3"), "0.33333333333333333333");
	ck_assert_str_eq(apply(fq_num_div, "10", "4"), "2.5000000000000000");
	ck_assert_str_eq(apply(fq_num_div, "1", "3e20"), "0.0000000000000000000033333333333333333333");
	ck_assert_str_eq(apply(fq_num_div, "7e30", "3"), "2333333333333333333333333333333");
	ck_assert_str_eq(apply(fq_num_div, "2", "3.00000"), "0.66666666666666666667");
	ck_assert_str_eq(apply(fq_num_div, "1.0000000000000000000000", "7"), "0.1428571428571428571429");
	ck_assert_str_eq(apply(fq_num_div, "0.5", "0.0001"), "5000.0000000000000000");
	ck_assert_str_eq(apply(fq_num_mul, "1.50", "2.0"), "3.000");
	ck_assert_str_eq(apply(fq_num_mul, "9999999999999999999.99", "1000000000000000000000.0001"),
					 "9999999999999999999990000999999999999999.999999");
	ck_assert_str_eq(apply(fq_num_mod, "5.5", "2"), "1.5");
	ck_assert_str_eq(apply(fq_num_mod, "-5.5", "2"), "-1.5");
	ck_assert_str_eq(apply(fq_num_mod, "5", "-2.25"), "0.50");
	ck_assert_str_eq(apply(fq_num_mod, "Infinity", "2"), "NaN");
	ck_assert_str_eq(apply(fq_num_mod, "2", "Infinity"), "2");
	ck_assert_str_eq(apply(fq_num_div, "Infinity", "0"), "division by zero");
	ck_assert_str_eq(apply(fq_num_div, "NaN", "0"), "NaN");
	ck_assert_str_eq(apply(fq_num_div, "1", "Infinity"), "0");
	ck_assert_str_eq(apply(fq_num_mul, "Infinity", "0"), "NaN");
	ck_assert_str_eq(apply(fq_num_add, "Infinity", "-Infinity"), "NaN");
	ck_assert_str_eq(apply(fq_num_sub, "Infinity", "-Infinity"), "Infinity");
	ck_assert_str_eq(apply(fq_num_mul, "1e131071", "10"), "overflow");
}
END_TEST

START_TEST(rounding)
{
	fq_numeric r;
	fq_numeric x = num("123.456");

	ck_assert_int_eq(fq_num_round(&x, -1, arena, &r), FQ_NUM_OK);
	ck_assert_str_eq(text(&r), "120");
	x = num("-2.5");
	fq_num_round(&x, 0, arena, &r);
	ck_assert_str_eq(text(&r), "-3");
	x = num("-2.57");
	fq_num_trunc(&x, 1, arena, &r);
	ck_assert_str_eq(text(&r), "-2.5");
	x = num("-0.5");
	fq_num_ceil(&x, arena, &r);
	ck_assert_str_eq(text(&r), "0");
	fq_num_floor(&x, arena, &r);
	ck_assert_str_eq(text(&r), "-1");
	x = num("1.5");
	fq_num_round(&x, 3, arena, &r);
	ck_assert_str_eq(text(&r), "1.500");
	x = num("123.456");
	ck_assert_int_eq(fq_num_typmod(&x, 4, 2, arena, &r), FQ_CONV_RANGE);
	ck_assert_int_eq(fq_num_typmod(&x, 5, 2, arena, &r), FQ_CONV_OK);
	ck_assert_str_eq(text(&r), "123.46");
	x = num("Infinity");
	ck_assert_int_eq(fq_num_typmod(&x, 5, 2, arena, &r), FQ_CONV_RANGE);
	x = num("NaN");
	ck_assert_int_eq(fq_num_typmod(&x, 5, 2, arena, &r), FQ_CONV_OK);
	/* a scale above the precision (PostgreSQL 15): numeric(3,5) holds
	 * up to 0.00999, its leading zeros after the point count */
	x = num("-0.00001");
	ck_assert_int_eq(fq_num_typmod(&x, 3, 5, arena, &r), FQ_CONV_OK);
	ck_assert_str_eq(text(&r), "-0.00001");
	x = num("0.009994");
	ck_assert_int_eq(fq_num_typmod(&x, 3, 5, arena, &r), FQ_CONV_OK);
	ck_assert_str_eq(text(&r), "0.00999");
	x = num("0.009995");
	ck_assert_int_eq(fq_num_typmod(&x, 3, 5, arena, &r), FQ_CONV_RANGE);
	x = num("0");
	ck_assert_int_eq(fq_num_typmod(&x, 3, 5, arena, &r), FQ_CONV_OK);
	ck_assert_str_eq(text(&r), "0.00000");
	/* and a negative scale: numeric(6,-3) rounds to thousands */
	x = num("123456499.9");
	ck_assert_int_eq(fq_num_typmod(&x, 6, -3, arena, &r), FQ_CONV_OK);
	ck_assert_str_eq(text(&r), "123456000");
	x = num("999999500");
	ck_assert_int_eq(fq_num_typmod(&x, 6, -3, arena, &r), FQ_CONV_RANGE);
}
END_TEST

START_TEST(order_and_keys)
{
	static const char *const ascending[] = {"-Infinity", "-1e40", "-2", "-1.5", "0", "0.00001",
											"1.5", "1e40", "1.000000000000000000000000000000000000000001e40",
											"Infinity", "NaN"};
	size_t n = sizeof(ascending) / sizeof(ascending[0]);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
		{
			fq_numeric x = num(ascending[i]);
			fq_numeric y = num(ascending[j]);
			int want = i < j ? -1 : i > j;

			ck_assert_msg(fq_num_cmp(&x, &y) == want, "%s vs %s", ascending[i], ascending[j]);
		}
	{
		/* Equal values, whatever their scale or form, share key bytes. */
		static const char *const same[] = {"1.5", "1.50", "1.500000000000000000000000000000000000000000"};
		uint8_t k0[128];
		uint8_t k[128];
		fq_numeric x = num(same[0]);
		size_t n0 = fq_num_key(&x, k0, sizeof(k0));

		for (size_t i = 1; i < 3; i++)
		{
			fq_numeric y = num(same[i]);
			size_t len = fq_num_key(&y, k, sizeof(k));

			ck_assert_uint_eq(len, n0);
			ck_assert(memcmp(k, k0, len) == 0);
			ck_assert_int_eq(fq_num_cmp(&x, &y), 0);
		}
	}
}
END_TEST

/* A big operand of limbs drawn from values that make long division's
 * estimates wrong: 0, 1, NBASE-1, NBASE/2 and neighbours. */
static void
structured(char *buf, int limbs, unsigned *seed)
{
	static const char *const pieces[] = {"000000000", "000000001", "999999999", "500000000",
										 "499999999", "500000001", "123456789"};
	size_t at = 0;

	buf[at++] = (char) ('1' + rand_r(seed) % 9);
	for (int i = 0; i < limbs; i++)
	{
		const char *p = pieces[rand_r(seed) % 7];

		memcpy(buf + at, p, 9);
		at += 9;
	}
	buf[at] = '\0';
}

START_TEST(long_division_properties)
{
	unsigned seed = 12345;
	char a[1024];
	char b[1024];

	for (int i = 0; i < 20000; i++)
	{
		fq_numeric x, y, r, q, qy, back, diff;

		structured(a, 1 + rand_r(&seed) % 12, &seed);
		structured(b, 1 + rand_r(&seed) % 6, &seed);
		x = num(a);
		y = num(b);
		/* x = trunc(x / y) * y + x % y, with 0 <= x % y < y */
		ck_assert_int_eq(fq_num_mod(&x, &y, arena, &r), FQ_NUM_OK);
		ck_assert_int_eq(fq_num_sub(&x, &r, arena, &diff), FQ_NUM_OK);
		ck_assert_int_eq(fq_num_div(&diff, &y, arena, &q), FQ_NUM_OK);
		ck_assert_int_eq(fq_num_trunc(&q, 0, arena, &q), FQ_NUM_OK);
		ck_assert_int_eq(fq_num_mul(&q, &y, arena, &qy), FQ_NUM_OK);
		ck_assert_int_eq(fq_num_add(&qy, &r, arena, &back), FQ_NUM_OK);
		ck_assert_msg(fq_num_cmp(&back, &x) == 0, "%s / %s", a, b);
		ck_assert(fq_num_sign(&r) >= 0 && fq_num_cmp(&r, &y) < 0);
		if (i % 500 == 499)
			fq_arena_reset(arena);
	}
}
END_TEST

START_TEST(sums_grow)
{
	fq_num_sum s;
	fq_numeric big = num("99999999999999999999999999999999999999.5");
	fq_numeric r;

	fq_num_sum_init(&s);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(fq_num_sum_add(&s, &big, arena, arena), FQ_NUM_OK);
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "99999999999999999999999999999999999999500.0");
	r = num("-Infinity");
	fq_num_sum_add(&s, &r, arena, arena);
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "-Infinity");
	r = num("Infinity");
	fq_num_sum_add(&s, &r, arena, arena);
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "NaN");
}
END_TEST

/* Values go out of a sum again (moving window frames) while the sum keeps
 * its scale; the last value at that scale cannot, as in PostgreSQL. */
START_TEST(sums_remove)
{
	fq_num_sum s;
	fq_numeric v[] = {num("1.50"), num("2.5"), num("99999999999999999999999999999999999999.5"),
					  num("NaN"), num("1.25"), num("-Infinity")};
	fq_numeric r;

	fq_num_sum_init(&s);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_int_eq(fq_num_sum_add(&s, &v[i], arena, arena), FQ_NUM_OK);
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "NaN");
	ck_assert(fq_num_sum_remove(&s, &v[3], arena, arena));
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "-Infinity");
	ck_assert(fq_num_sum_remove(&s, &v[5], arena, arena));
	ck_assert(fq_num_sum_remove(&s, &v[2], arena, arena));
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "5.25");
	ck_assert(fq_num_sum_remove(&s, &v[0], arena, arena));
	fq_num_sum_result(&s, &r);
	ck_assert_str_eq(text(&r), "3.75");
	/* 1.25 is the last value with two decimals: 2.5 alone shows one */
	ck_assert(!fq_num_sum_remove(&s, &v[4], arena, arena));
}
END_TEST

START_TEST(conversions)
{
	fq_numeric r;
	int64_t v;
	double d;

	fq_num_from_double(1e20, 15, arena, &r);
	ck_assert_str_eq(text(&r), "100000000000000000000");
	fq_num_from_double(1.5e-7, 15, arena, &r);
	ck_assert_str_eq(text(&r), "0.00000015");
	fq_num_from_double(-0.0, 15, arena, &r);
	ck_assert_str_eq(text(&r), "0");
	fq_num_from_double(0.1f, 6, arena, &r);
	ck_assert_str_eq(text(&r), "0.1");
	r = num("-2.5");
	ck_assert_int_eq(fq_num_to_int(&r, INT32_MIN, INT32_MAX, &v), FQ_CONV_OK);
	ck_assert_int_eq(v, -3);
	r = num("40000");
	ck_assert_int_eq(fq_num_to_int(&r, INT16_MIN, INT16_MAX, &v), FQ_CONV_RANGE);
	r = num("1e400");
	ck_assert_int_eq(fq_num_to_double(&r, &d), FQ_CONV_RANGE);
	r = num("1e-400");
	ck_assert_int_eq(fq_num_to_double(&r, &d), FQ_CONV_RANGE);
	r = num("0.1");
	ck_assert_int_eq(fq_num_to_double(&r, &d), FQ_CONV_OK);
	ck_assert(d == 0.1);
	{
		/* PostgreSQL's binary form: 12345.678 is weight 1, digits 1 2345 6780 */
		static const uint16_t digits[] = {1, 2345, 6780};

		ck_assert_int_eq(fq_num_from_base10000(digits, 3, 1, true, 3, arena, &r), FQ_CONV_OK);
		ck_assert_str_eq(text(&r), "-12345.678");
	}
}
END_TEST

/* PostgreSQL 15's answers (each checked with psql); tests/numdiff compares
 * thousands more against a live server. */
START_TEST(math_as_postgresql)
{
	static const char *const cases[][4] = {
		/* the scale: 16 significant digits, at least the argument's */
		{"sqrt", "2", NULL, "1.414213562373095"},
		{"sqrt", "0", NULL, "0.000000000000000"},
		{"sqrt", "1e-20", NULL, "0.0000000001000000000000000"},
		{"sqrt", "-1", NULL, "sqrt of negative"},
		{"sqrt", "-Infinity", NULL, "sqrt of negative"},
		{"exp", "1", NULL, "2.7182818284590452"},
		{"exp", "1e-20", NULL, "1.00000000000000000001"},
		{"exp", "6000", NULL, "overflow"},
		{"exp", "-Infinity", NULL, "0"},
		{"ln", "2", NULL, "0.6931471805599453"},
		{"ln", "1.0000000000000000000001", NULL, "0.00000000000000000000010000000000000000"},
		{"ln", "0", NULL, "log of zero"},
		{"ln", "-1", NULL, "log of negative"},
		{"log", "10", "2", "0.3010299956639812"},
		{"log", "2", "8", "3.0000000000000000"},
		{"log", "1", "8", "division by zero"},
		{"log", "Infinity", "Infinity", "NaN"},
		/* integer exponents: exact products, then rounded half away */
		{"power", "2", "-17", "0.0000076293945313"},
		{"power", "0.5", "17", "0.0000076293945313"},
		{"power", "-2", "3", "-8.0000000000000000"},
		{"power", "0", "0.5", "0.0000000000000000"},
		{"power", "0", "-1", "zero to negative"},
		{"power", "-2", "0.5", "complex"},
		{"power", "NaN", "0", "1"},
		{"power", "-Infinity", "3", "-Infinity"},
		/* PostgreSQL's own digits where the true value is a hair past a
		 * half (...11825000...0004): its truncated products decide, and
		 * fedq computes them the same way */
		{"power", "1.0000000000000000000000473", "2.5", "1.0000000000000000000001182"},
		{"div", "7.5", "-2", "-3"},
		{"gcd", "1.5", "1", "0.5"},
		{"lcm", "1.5", "1", "3.0"},
		{"gcd", "NaN", "1", "NaN"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *fn = cases[i][0];
		fq_numeric x = num(cases[i][1]);
		fq_numeric y = cases[i][2] ? num(cases[i][2]) : x;
		fq_numeric r;
		fq_num_status st;

		if (strcmp(fn, "sqrt") == 0)
			st = fq_num_sqrt(&x, arena, &r);
		else if (strcmp(fn, "exp") == 0)
			st = fq_num_exp(&x, arena, &r);
		else if (strcmp(fn, "ln") == 0)
			st = fq_num_ln(&x, arena, &r);
		else if (strcmp(fn, "log") == 0)
			st = fq_num_log(&x, &y, arena, &r);
		else if (strcmp(fn, "power") == 0)
			st = fq_num_power(&x, &y, arena, &r);
		else if (strcmp(fn, "div") == 0)
			st = fq_num_div_trunc(&x, &y, arena, &r);
		else if (strcmp(fn, "gcd") == 0)
			st = fq_num_gcd(&x, &y, arena, &r);
		else
			st = fq_num_lcm(&x, &y, arena, &r);
		ck_assert_msg(strcmp(math_status(st, &r), cases[i][3]) == 0, "%s(%s%s%s) = %s, want %s", fn,
					  cases[i][1], cases[i][2] ? ", " : "", cases[i][2] ? cases[i][2] : "",
					  math_status(st, &r), cases[i][3]);
	}
}
END_TEST

START_TEST(factorial_and_scales)
{
	fq_numeric r;
	fq_numeric x = num("1.2300");

	ck_assert_int_eq(fq_num_factorial(25, arena, &r), FQ_NUM_OK);
	ck_assert_str_eq(text(&r), "15511210043330985984000000");
	ck_assert_int_eq(fq_num_factorial(0, arena, &r), FQ_NUM_OK);
	ck_assert_str_eq(text(&r), "1");
	ck_assert_int_eq(fq_num_factorial(-1, arena, &r), FQ_NUM_FACTORIAL_NEGATIVE);
	ck_assert_int_eq(fq_num_factorial(32178, arena, &r), FQ_NUM_OVERFLOW);
	/* 1000! has 2568 digits */
	ck_assert_int_eq(fq_num_factorial(1000, arena, &r), FQ_NUM_OK);
	ck_assert_int_eq(fq_num_int_digits(&r), 2568);
	ck_assert_int_eq(fq_num_min_scale(&x), 2);
	ck_assert_int_eq(fq_num_trim_scale(&x, arena, &r), FQ_NUM_OK);
	ck_assert_str_eq(text(&r), "1.23");
	x = num("-0.000");
	ck_assert_int_eq(fq_num_min_scale(&x), 0);
	ck_assert_int_eq(fq_num_trim_scale(&x, arena, &r), FQ_NUM_OK);
	ck_assert_str_eq(text(&r), "0");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("numeric");
	TCase *tc = tcase_create("numeric");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parse_and_print);
	tcase_add_test(tc, arithmetic_as_postgresql);
	tcase_add_test(tc, rounding);
	tcase_add_test(tc, order_and_keys);
	tcase_add_test(tc, long_division_properties);
	tcase_add_test(tc, sums_grow);
	tcase_add_test(tc, sums_remove);
	tcase_add_test(tc, conversions);
	tcase_add_test(tc, math_as_postgresql);
	tcase_add_test(tc, factorial_and_scales);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
