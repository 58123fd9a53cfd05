/*
 * numdiff.c — differential test of engine/types/numeric.c against
 * PostgreSQL: random NUMERIC values (huge, tiny, many places, zeros with a
 * scale, NaN, ±Infinity) through every operation fedq computes itself —
 * arithmetic, rounding, casts, sum/avg, and the math functions (sqrt, exp,
 * ln, log, log10, log(b, x), power with integer, half, fractional and
 * huge exponents, div, gcd, lcm, factorial, min_scale, trim_scale) —
 * each checked against what PostgreSQL prints for the same expression, or
 * the same SQLSTATE when PostgreSQL refuses it.
 *
 *   numdiff [-s SEED] [-n CASES] CONNINFO
 *
 * Prints each disagreement and, last, "N agreed, N disagreed".  Exit
 * status 0 when nothing disagreed.
 */
#include "types/numeric.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64: deterministic from the seed on every platform */
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int
rnd_int(int lo, int hi)
{
	return lo + (int) (rnd() % (uint64_t) (hi - lo + 1));
}

/* A random numeric literal's text. */
static void
random_numeric(char *out, size_t cap)
{
	int r = rnd_int(0, 99);
	int ni;
	int nf;
	size_t at = 0;

	if (r < 4)
	{
		snprintf(out, cap, "NaN");
		return;
	}
	if (r < 7)
	{
		snprintf(out, cap, "Infinity");
		return;
	}
	if (r < 10)
	{
		snprintf(out, cap, "-Infinity");
		return;
	}
	/* Mostly everyday sizes, sometimes beyond 128 bits. */
	ni = rnd_int(0, 99) < 80 ? rnd_int(0, 12) : rnd_int(0, 60);
	nf = rnd_int(0, 99) < 70 ? rnd_int(0, 8) : rnd_int(0, 40);
	if (rnd_int(0, 1))
		out[at++] = '-';
	if (rnd_int(0, 9) == 0)
	{
		/* zero with a scale */
		out[at++] = '0';
		if (nf > 0)
			out[at++] = '.';
		for (int i = 0; i < nf; i++)
			out[at++] = '0';
		out[at] = '\0';
		return;
	}
	if (ni == 0)
		out[at++] = '0';
	for (int i = 0; i < ni; i++)
		out[at++] = (char) ('0' + (i == 0 ? rnd_int(1, 9) : rnd_int(0, 9) < 2 ? 0 : rnd_int(0, 9)));
	if (nf > 0)
	{
		out[at++] = '.';
		for (int i = 0; i < nf; i++)
			out[at++] = (char) ('0' + (rnd_int(0, 4) == 0 ? 0 : rnd_int(0, 9)));
	}
	if (ni == 0 && nf == 0)
		out[at++] = '1';
	out[at] = '\0';
	(void) cap;
}

/* A value for the math functions: mostly positive, sometimes near 1,
 * sometimes a short decimal, sometimes anything random_numeric makes. */
static void
random_math_arg(char *out, size_t cap)
{
	int r = rnd_int(0, 99);

	if (r < 45)
	{
		random_numeric(out, cap);
		if (out[0] == '-' && rnd_int(0, 2) > 0)
			memmove(out, out + 1, strlen(out));
	}
	else if (r < 60)
	{
		/* 1 +- a little: ln's tiny results */
		int zeros = rnd_int(0, 30);
		int at = snprintf(out, cap, "%s", rnd_int(0, 1) ? "1." : "0.");

		for (int i = 0; i < zeros; i++)
			out[at++] = out[0] == '1' ? '0' : '9';
		for (int i = rnd_int(1, 6); i > 0; i--)
			out[at++] = (char) ('0' + rnd_int(0, 9));
		out[at] = '\0';
	}
	else if (r < 85)
		snprintf(out, cap, "%d.%0*d", rnd_int(0, 99), rnd_int(1, 4), rnd_int(0, 9999));
	else if (r < 95)
		snprintf(out, cap, "%d", rnd_int(-1000, 1000000));
	else
		snprintf(out, cap, "%se%d", rnd_int(0, 1) ? "1.5" : "7", rnd_int(-400, 400));
}

/* An exponent for power(): small integers (with or without places),
 * halves and short fractions, big integers, anything. */
static void
random_exponent(char *out, size_t cap)
{
	int r = rnd_int(0, 99);

	if (r < 30)
		snprintf(out, cap, "%d", rnd_int(-40, 40));
	else if (r < 38)
		snprintf(out, cap, "%d.000", rnd_int(-20, 20));
	else if (r < 60)
		snprintf(out, cap, "%s%d.%d", rnd_int(0, 1) ? "-" : "", rnd_int(0, 12), rnd_int(1, 99));
	else if (r < 70)
		snprintf(out, cap, "%s%d.5", rnd_int(0, 3) ? "" : "-", rnd_int(0, 30));
	else if (r < 78)
	{
		/* (results of 10^5 digits and more are as slow for PostgreSQL) */
		static const char *const big[] = {"2147483647", "2147483648", "-2147483649", "3000",
										  "-3000", "9999999999", "1234567", "2048"};

		snprintf(out, cap, "%s", big[rnd_int(0, 7)]);
	}
	else if (r < 82)
		snprintf(out, cap, "%s", rnd_int(0, 2) == 0 ? "NaN" : rnd_int(0, 1) ? "Infinity" : "-Infinity");
	else
		random_numeric(out, cap);
}

static int agreed;
static int disagreed;
static PGconn *conn;
static fq_arena *arena;

/* What PostgreSQL gives for `expr`: its text, or "ERROR <sqlstate>". */
static void
pg_eval(const char *expr, char *out, size_t cap)
{
	char sql[8192];
	PGresult *r;

	snprintf(sql, sizeof(sql), "SELECT (%s)::text", expr);
	r = PQexec(conn, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		snprintf(out, cap, "%s", PQgetisnull(r, 0, 0) ? "NULL" : PQgetvalue(r, 0, 0));
	else
	{
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		snprintf(out, cap, "ERROR %s", st ? st : "?????");
	}
	PQclear(r);
}

static void
check(const char *expr, const char *ours)
{
	static char theirs[262144];

	pg_eval(expr, theirs, sizeof(theirs));
	if (strcmp(theirs, ours) == 0)
		agreed++;
	else
	{
		disagreed++;
		if (disagreed <= 50)
			fprintf(stderr, "DIFF %s\n  fedq:       %.300s\n  PostgreSQL: %.300s\n", expr, ours,
					theirs);
	}
}

static void
num_text(const fq_numeric *x, char *out, size_t cap)
{
	if (fq_num_format(x, out, cap) >= cap)
		snprintf(out, cap, "(too long)");
}

static void
status_text(fq_num_status st, const fq_numeric *r, char *out, size_t cap)
{
	switch (st)
	{
		case FQ_NUM_OK: num_text(r, out, cap); break;
		case FQ_NUM_OVERFLOW: snprintf(out, cap, "ERROR 22003"); break;
		case FQ_NUM_DIV_ZERO: snprintf(out, cap, "ERROR 22012"); break;
		case FQ_NUM_NOMEM: snprintf(out, cap, "ERROR 53200"); break;
		case FQ_NUM_SQRT_NEGATIVE:
		case FQ_NUM_POW_ZERO_NEGATIVE:
		case FQ_NUM_POW_COMPLEX: snprintf(out, cap, "ERROR 2201F"); break;
		case FQ_NUM_LOG_ZERO:
		case FQ_NUM_LOG_NEGATIVE: snprintf(out, cap, "ERROR 2201E"); break;
		case FQ_NUM_FACTORIAL_NEGATIVE: snprintf(out, cap, "ERROR 22003"); break;
	}
}

static bool
parse(const char *s, fq_numeric *out)
{
	if (fq_num_parse(s, strlen(s), arena, out) != FQ_CONV_OK)
	{
		fprintf(stderr, "cannot parse %s\n", s);
		disagreed++;
		return false;
	}
	return true;
}

typedef fq_num_status (*binop)(const fq_numeric *, const fq_numeric *, fq_arena *, fq_numeric *);

static void
one_case(void)
{
	static char a[256], b[256], expr[4096], ours[262144];
	fq_numeric x, y, r;
	int op = rnd_int(0, 31);

	random_numeric(a, sizeof(a));
	random_numeric(b, sizeof(b));
	if (!parse(a, &x) || !parse(b, &y))
		return;
	switch (op)
	{
		case 0: case 1: case 2: case 3: case 4:
			{
				static const char *const names[] = {"+", "-", "*", "/", "%"};
				static const binop fns[] = {fq_num_add, fq_num_sub, fq_num_mul, fq_num_div, fq_num_mod};

				/* Divisors are zero less often than by chance alone. */
				snprintf(expr, sizeof(expr), "'%s'::numeric %s '%s'::numeric", a, names[op], b);
				status_text(fns[op](&x, &y, arena, &r), &r, ours, sizeof(ours));
				break;
			}
		case 5:
		case 6:
			{
				int s = rnd_int(-6, 30);

				snprintf(expr, sizeof(expr), "%s('%s'::numeric, %d)", op == 5 ? "round" : "trunc", a, s);
				status_text(op == 5 ? fq_num_round(&x, s, arena, &r) : fq_num_trunc(&x, s, arena, &r), &r,
							ours, sizeof(ours));
				break;
			}
		case 7:
			snprintf(expr, sizeof(expr), "ceil('%s'::numeric)", a);
			status_text(fq_num_ceil(&x, arena, &r), &r, ours, sizeof(ours));
			break;
		case 8:
			snprintf(expr, sizeof(expr), "floor('%s'::numeric)", a);
			status_text(fq_num_floor(&x, arena, &r), &r, ours, sizeof(ours));
			break;
		case 9:
			snprintf(expr, sizeof(expr), "-('%s'::numeric)", a);
			fq_num_neg(&x, &r);
			num_text(&r, ours, sizeof(ours));
			break;
		case 10:
			{
				int c = fq_num_cmp(&x, &y);

				snprintf(expr, sizeof(expr),
						 "CASE WHEN '%s'::numeric < '%s'::numeric THEN -1 WHEN '%s'::numeric = '%s'::numeric THEN 0 ELSE 1 END",
						 a, b, a, b);
				snprintf(ours, sizeof(ours), "%d", c);
				break;
			}
		case 11:
			{
				int p = rnd_int(1, 40);
				int s = rnd_int(0, p);
				fq_conv c;

				snprintf(expr, sizeof(expr), "'%s'::numeric(%d,%d)", a, p, s);
				c = fq_num_typmod(&x, p, s, arena, &r);
				if (c == FQ_CONV_OK)
					num_text(&r, ours, sizeof(ours));
				else
					snprintf(ours, sizeof(ours), "ERROR 22003");
				break;
			}
		case 12:
			{
				double d;
				fq_conv c = fq_num_to_double(&x, &d);

				snprintf(expr, sizeof(expr), "'%s'::numeric::float8 = %s", a, "'%.17g'::float8");
				if (c != FQ_CONV_OK)
				{
					snprintf(expr, sizeof(expr), "'%s'::numeric::float8", a);
					snprintf(ours, sizeof(ours), "ERROR 22003");
				}
				else
				{
					/* Compare bit patterns through PostgreSQL's shortest text. */
					snprintf(expr, sizeof(expr), "'%s'::numeric::float8 = '%.17g'::float8", a, d);
					snprintf(ours, sizeof(ours), "true");
				}
				break;
			}
		case 13:
			{
				/* A random double (bit pattern) to numeric with 15 digits. */
				double d;
				uint64_t bits = rnd();
				char lit[64];

				memcpy(&d, &bits, sizeof(d));
				if (rnd_int(0, 3) == 0)
					d = (double) rnd_int(-100000, 100000) / (double) rnd_int(1, 1000);
				snprintf(lit, sizeof(lit), "%.17g", d);
				if (isnan(d))
					snprintf(lit, sizeof(lit), "NaN");
				else if (isinf(d))
					snprintf(lit, sizeof(lit), d > 0 ? "Infinity" : "-Infinity");
				snprintf(expr, sizeof(expr), "'%s'::float8::numeric", lit);
				status_text(fq_num_from_double(d, 15, arena, &r), &r, ours, sizeof(ours));
				break;
			}
		case 14:
			{
				int64_t v;
				fq_conv c;

				snprintf(expr, sizeof(expr), "'%s'::numeric::int8", a);
				if (x.kind == FQ_NUM_NAN || x.kind == FQ_NUM_PINF || x.kind == FQ_NUM_NINF)
					snprintf(ours, sizeof(ours), "ERROR 0A000");
				else if ((c = fq_num_to_int(&x, INT64_MIN, INT64_MAX, &v)) == FQ_CONV_OK)
					snprintf(ours, sizeof(ours), "%lld", (long long) v);
				else
					snprintf(ours, sizeof(ours), "ERROR 22003");
				break;
			}
		case 16:
		case 17:
		case 18:
		case 19:
			{
				/* one-argument math functions */
				static const char *const names[] = {"sqrt", "ln", "log", "log10"};

				random_math_arg(a, sizeof(a));
				if (!parse(a, &x))
					return;
				snprintf(expr, sizeof(expr), "%s('%s'::numeric)", names[op - 16], a);
				switch (op)
				{
					case 16: status_text(fq_num_sqrt(&x, arena, &r), &r, ours, sizeof(ours)); break;
					case 17: status_text(fq_num_ln(&x, arena, &r), &r, ours, sizeof(ours)); break;
					default:
						{
							fq_numeric ten;

							fq_num_from_int64(10, &ten);
							status_text(fq_num_log(&ten, &x, arena, &r), &r, ours, sizeof(ours));
						}
				}
				break;
			}
		case 20:
		case 21:
			{
				/* exp: mostly arguments whose result has digits to show */
				if (rnd_int(0, 4) == 0)
					random_numeric(a, sizeof(a));
				else
					snprintf(a, sizeof(a), "%s%d.%0*d", rnd_int(0, 1) ? "-" : "",
							 rnd_int(0, 9) == 0 ? rnd_int(0, 7000) : rnd_int(0, 60), rnd_int(1, 12),
							 rnd_int(0, 999999));
				if (!parse(a, &x))
					return;
				snprintf(expr, sizeof(expr), "exp('%s'::numeric)", a);
				status_text(fq_num_exp(&x, arena, &r), &r, ours, sizeof(ours));
				break;
			}
		case 22:
		case 23:
		case 24:
		case 25:
			{
				random_math_arg(a, sizeof(a));
				if (rnd_int(0, 4) == 0 && a[0] >= '0' && a[0] <= '9')
				{
					/* negative bases too */
					memmove(a + 1, a, strlen(a) + 1);
					a[0] = '-';
				}
				random_exponent(b, sizeof(b));
				if (!parse(a, &x) || !parse(b, &y))
					return;
				snprintf(expr, sizeof(expr), "power('%s'::numeric, '%s'::numeric)", a, b);
				status_text(fq_num_power(&x, &y, arena, &r), &r, ours, sizeof(ours));
				break;
			}
		case 26:
			random_math_arg(a, sizeof(a));
			random_math_arg(b, sizeof(b));
			if (!parse(a, &x) || !parse(b, &y))
				return;
			snprintf(expr, sizeof(expr), "log('%s'::numeric, '%s'::numeric)", a, b);
			status_text(fq_num_log(&x, &y, arena, &r), &r, ours, sizeof(ours));
			break;
		case 27:
			snprintf(expr, sizeof(expr), "div('%s'::numeric, '%s'::numeric)", a, b);
			status_text(fq_num_div_trunc(&x, &y, arena, &r), &r, ours, sizeof(ours));
			break;
		case 28:
			snprintf(expr, sizeof(expr), "%s('%s'::numeric, '%s'::numeric)", rnd_int(0, 1) ? "gcd" : "lcm", a, b);
			status_text(expr[0] == 'g' ? fq_num_gcd(&x, &y, arena, &r) : fq_num_lcm(&x, &y, arena, &r),
						&r, ours, sizeof(ours));
			break;
		case 29:
			{
				int n = rnd_int(0, 9) == 0 ? rnd_int(-3, 12000) : rnd_int(-2, 60);

				snprintf(expr, sizeof(expr), "factorial(%d::int8)", n);
				status_text(fq_num_factorial(n, arena, &r), &r, ours, sizeof(ours));
				break;
			}
		case 30:
			snprintf(expr, sizeof(expr), "min_scale('%s'::numeric)::text || ' ' || trim_scale('%s'::numeric)::text", a, a);
			if (!fq_num_is_finite(&x))
				snprintf(ours, sizeof(ours), "NULL");
			else
			{
				int k = snprintf(ours, sizeof(ours), "%d ", fq_num_min_scale(&x));

				status_text(fq_num_trim_scale(&x, arena, &r), &r, ours + k, sizeof(ours) - (size_t) k);
			}
			break;
		default:
			{
				/* sum and avg over a few values */
				fq_num_sum s;
				int n = rnd_int(1, 6);
				size_t at;
				fq_numeric cnt;
				static char avg[262144];

				fq_num_sum_init(&s);
				at = (size_t) snprintf(expr, sizeof(expr), "(SELECT sum(v)::text || ' ' || avg(v)::text FROM (VALUES ");
				for (int i = 0; i < n; i++)
				{
					fq_numeric v;

					random_numeric(a, sizeof(a));
					if (!parse(a, &v))
						return;
					if (fq_num_sum_add(&s, &v, arena, arena) != FQ_NUM_OK)
						return;
					at += (size_t) snprintf(expr + at, sizeof(expr) - at, "%s('%s'::numeric)",
											i ? "," : "", a);
				}
				snprintf(expr + at, sizeof(expr) - at, ") t(v))");
				fq_num_sum_result(&s, &r);
				num_text(&r, ours, sizeof(ours));
				fq_num_from_int64(n, &cnt);
				{
					fq_numeric q;
					fq_num_status st = fq_num_div(&r, &cnt, arena, &q);

					status_text(st, &q, avg, sizeof(avg));
				}
				strncat(ours, " ", sizeof(ours) - strlen(ours) - 1);
				strncat(ours, avg, sizeof(ours) - strlen(ours) - 1);
				break;
			}
	}
	check(expr, ours);
}

int
main(int argc, char **argv)
{
	uint64_t seed = 1;
	long cases = 20000;
	int i;

	for (i = 1; i + 1 < argc; i += 2)
	{
		if (strcmp(argv[i], "-s") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-n") == 0)
			cases = strtol(argv[i + 1], NULL, 10);
		else
			break;
	}
	if (i >= argc)
	{
		fprintf(stderr, "usage: numdiff [-s SEED] [-n CASES] CONNINFO\n");
		return 2;
	}
	rng_state = seed;
	conn = PQconnectdb(argv[i]);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "numdiff: %s", PQerrorMessage(conn));
		return 2;
	}
	arena = fq_arena_new(NULL);
	for (long c = 0; c < cases; c++)
	{
		one_case();
		if (c % 256 == 255)
			fq_arena_reset(arena);
	}
	printf("%d agreed, %d disagreed\n", agreed, disagreed);
	fq_arena_free(arena);
	PQfinish(conn);
	return disagreed == 0 && agreed > 0 ? 0 : 1;
}
