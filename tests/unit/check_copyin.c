/*
 * check_copyin.c — the COPY FROM STDIN encoder (engine/connectors/postgres/
 * pg_copyin.c) without a server: every engine type in COPY's binary
 * format, byte for byte as PostgreSQL 15's send functions make it (the
 * expected bytes were printed by numeric_send, date_send, ... through
 * psql), numerics round-tripped through fq_num_to_base10000 and
 * fq_num_from_base10000 (pg_scan.c's decoding) over many random values,
 * the header and trailer, NULLs, and the text format.
 * tests/sql/24-copy-binary.test writes the same types into a real
 * warehouse and compares the tables with PostgreSQL's.
 */
#include "connectors/postgres/pg.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "exec/vector.h"
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
num_text(const fq_numeric *x)
{
	size_t n = fq_num_format(x, NULL, 0);
	char *buf = fq_arena_alloc(arena, n + 1);

	fq_num_format(x, buf, n + 1);
	return buf;
}

static const char *
hex(const char *p, size_t n)
{
	char *out = fq_arena_alloc(arena, 2 * n + 1);

	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char) p[i]);
	out[2 * n] = '\0';
	return out;
}

/* One column of one row, encoded in binary: the field's bytes after the
 * header and the field count, as hex (its length word included). */
static const char *
encode_one(const fq_vector *v, bool numeric_inf, int *rc)
{
	fq_batch b = {1, 1, (fq_vector *) v};
	fq_pg_copy_enc e;
	fq_strbuf out = FQ_STRBUF_INIT;
	fq_diags *d = fq_diags_new();
	const char *h;

	fq_pg_copy_enc_init(&e, NULL, true, NULL);
	e.numeric_inf = numeric_inf;
	*rc = fq_pg_copy_enc_rows(&e, &b, 1, &out, d);
	h = *rc == FQ_OK ? hex(out.data + 19 + 2, out.len - 19 - 2) : fq_diags_get(d, 0)->sqlstate;
	h = fq_arena_strdup(arena, h);
	fq_pg_copy_enc_free(&e);
	fq_strbuf_free(&out);
	fq_diags_free(d);
	return h;
}

static const char *
encode_numeric(const char *s)
{
	fq_numeric x = num(s);
	fq_vector v = {fq_type_make(FQ_T_DECIMAL), &x, NULL};
	int rc;
	const char *h = encode_one(&v, true, &rc);

	ck_assert_int_eq(rc, FQ_OK);
	return h;
}

/* numeric_send's bytes, after a 4-byte length. */
START_TEST(numeric_as_postgresql)
{
	static const struct
	{
		const char *in;
		const char *send;
	} cases[] = {
		{"0", "0000000000000000"},
		{"0.00", "0000000000000002"},
		{"-0.000", "0000000000000003"},
		{"1e-30", "0001fff80000001e0064"},
		{"123456789012345678901234567890.123",
		 "0009000700000003000c0d801ed204d2162e23340d801ed204ce"},
		{"-12.5", "0002000040000001000c1388"},
		{"NaN", "00000000c0000000"},
		/* (PostgreSQL sends a dscale with the infinities; its receive
		 * ignores it) */
		{"Infinity", "00000000d0000000"},
		{"-Infinity", "00000000f0000000"},
		{"10000", "00010001000000000001"},
		{"0.0001", "0001ffff000000040001"},
		{"18446744073709551616", "000500040000000007341a5802e103bb0650"},
		{"1e-1000", "0001ff06000003e80001"},
		{"-0.001", "0001ffff40000003000a"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *got = encode_numeric(cases[i].in);

		/* the length word, then numeric_send's bytes */
		ck_assert_msg(strlen(got) == 8 + strlen(cases[i].send) &&
						  strcmp(got + 8, cases[i].send) == 0 &&
						  strtoul(fq_arena_strndup(arena, got, 8), NULL, 16) ==
							  strlen(cases[i].send) / 2,
					  "%s: %s, want %s", cases[i].in, got, cases[i].send);
	}
}
END_TEST

/* Digits to base 10000 and back give the value and its scale again. */
static void
round_trip(const char *s)
{
	fq_numeric x = num(s);
	fq_numeric y;
	uint16_t small[FQ_NUM_SMALL_BASE10000];
	uint16_t *digits = small;
	int weight;
	int n = fq_num_to_base10000(&x, digits, FQ_NUM_SMALL_BASE10000, &weight);

	if (x.kind == FQ_NUM_SMALL)
		ck_assert_msg(n <= FQ_NUM_SMALL_BASE10000, "%s: %d digits", s, n);
	if (n > FQ_NUM_SMALL_BASE10000)
	{
		digits = fq_arena_alloc(arena, sizeof(uint16_t) * (size_t) n);
		n = fq_num_to_base10000(&x, digits, n, &weight);
	}
	for (int i = 0; i < n; i++)
		ck_assert_msg(digits[i] <= 9999, "%s: digit %d is %d", s, i, digits[i]);
	if (n > 0)
		ck_assert_msg(digits[0] != 0 && digits[n - 1] != 0, "%s: zero digit at an end", s);
	ck_assert_int_eq(fq_num_from_base10000(digits, n, weight, fq_num_sign(&x) < 0, x.dscale,
											arena, &y),
					 FQ_CONV_OK);
	ck_assert_str_eq(num_text(&y), num_text(&x));
	ck_assert_int_eq(fq_num_cmp(&x, &y), 0);
	ck_assert_int_eq(y.kind, x.kind);
}

START_TEST(numeric_round_trip)
{
	static const char *fixed[] = {
		"0", "0.0", "1", "-1", "9999", "10000", "99999999", "0.9999", "0.99999", "12.345",
		"-7.1234567", "100000000.000000001", "18446744073709551615", "18446744073709551616",
		"-18446744073709551615.5", "170141183460469231731687303715884105727",
		"-170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
		"0.170141183460469231731687303715884105727", "1e100", "-1e-300", "1e-16383",
		"123456789012345678901234567890123456789012345678901234567890.0000000001",
	};
	char buf[400];
	unsigned seed = 12345;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		round_trip(fixed[i]);
	/* random digits, lengths and scales: small and big, every alignment */
	for (int k = 0; k < 20000; k++)
	{
		int nint = (int) (rand_r(&seed) % 60);
		int nfrac = (int) (rand_r(&seed) % 60);
		size_t p = 0;

		if (rand_r(&seed) % 2)
			buf[p++] = '-';
		buf[p++] = (char) ('0' + rand_r(&seed) % 10);
		for (int j = 0; j < nint; j++)
			buf[p++] = (char) ('0' + (rand_r(&seed) % 4 == 0 ? 0 : rand_r(&seed) % 10));
		if (nfrac > 0)
		{
			buf[p++] = '.';
			for (int j = 0; j < nfrac; j++)
				buf[p++] = (char) ('0' + (rand_r(&seed) % 4 == 0 ? 0 : rand_r(&seed) % 10));
		}
		if (rand_r(&seed) % 5 == 0)
			p += (size_t) snprintf(buf + p, sizeof(buf) - p, "e%d",
								   (int) (rand_r(&seed) % 200) - 100);
		buf[p] = '\0';
		round_trip(buf);
	}
}
END_TEST

START_TEST(infinity_before_14)
{
	fq_numeric x = num("-Infinity");
	fq_vector v = {fq_type_make(FQ_T_DECIMAL), &x, NULL};
	int rc;

	ck_assert_str_eq(encode_one(&v, false, &rc), "22P02");
	ck_assert_int_eq(rc, FQ_ERROR);
	/* NaN is older than that */
	x = num("NaN");
	ck_assert_str_eq(encode_one(&v, false, &rc), "0000000800000000c0000000");
}
END_TEST

/* A field of a fixed-width type: its hex with the length word. */
#define FIELD(type, ctype, value, want)                                        \
	do                                                                         \
	{                                                                          \
		ctype val_ = value;                                                    \
		fq_vector v_ = {fq_type_make(type), &val_, NULL};                      \
		int rc_;                                                               \
		ck_assert_str_eq(encode_one(&v_, true, &rc_), want);                   \
	} while (0)

START_TEST(every_type_as_postgresql)
{
	fq_interval iv = {1, -3, 14};
	fq_uuid u = {{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9,
				  0xbd, 0x38, 0x0a, 0x11}};
	fq_string s;

	FIELD(FQ_T_BOOL, uint8_t, 1, "0000000101");
	FIELD(FQ_T_INT2, int16_t, -2, "00000002fffe");
	FIELD(FQ_T_INT4, int32_t, INT32_MIN, "0000000480000000");
	FIELD(FQ_T_INT8, int64_t, INT64_MAX, "000000087fffffffffffffff");
	FIELD(FQ_T_FLOAT4, float, -0.0f, "0000000480000000");
	FIELD(FQ_T_FLOAT8, double, 0.1, "000000083fb999999999999a");
	FIELD(FQ_T_FLOAT8, double, __builtin_nan(""), "000000087ff8000000000000");
	FIELD(FQ_T_DATE, int32_t, FQ_DATE_POS_INFINITY, "000000047fffffff");
	FIELD(FQ_T_DATE, int32_t, FQ_DATE_NEG_INFINITY, "0000000480000000");
	FIELD(FQ_T_DATE, int32_t, -1, "00000004ffffffff"); /* 1999-12-31 */
	FIELD(FQ_T_TIME, int64_t, FQ_USECS_PER_DAY, "00000008000000141dd76000"); /* 24:00 */
	FIELD(FQ_T_TIMESTAMP, int64_t, 1, "000000080000000000000001");
	FIELD(FQ_T_TIMESTAMPTZ, int64_t, FQ_TIMESTAMP_NEG_INFINITY, "000000088000000000000000");
	/* 1 year 2 mons -3 days 00:00:00.000001 */
	FIELD(FQ_T_INTERVAL, fq_interval, iv, "000000100000000000000001fffffffd0000000e");
	FIELD(FQ_T_UUID, fq_uuid, u, "00000010a0eebc999c0b4ef8bb6d6bb9bd380a11");
	s.ptr = "ab  ";
	s.len = 4;
	{
		fq_vector v = {fq_type_char(4), &s, NULL};
		int rc;

		ck_assert_str_eq(encode_one(&v, true, &rc), "0000000461622020");
	}
	s.ptr = "\0\377\0";
	s.len = 3;
	{
		fq_vector v = {fq_type_make(FQ_T_BYTEA), &s, NULL};
		int rc;

		ck_assert_str_eq(encode_one(&v, true, &rc), "0000000300ff00");
	}
	s.ptr = "";
	s.len = 0;
	{
		fq_vector v = {fq_type_varchar(-1), &s, NULL};
		int rc;

		ck_assert_str_eq(encode_one(&v, true, &rc), "00000000");
	}
}
END_TEST

/* Two columns, three rows with NULLs, then the end: the whole stream. */
START_TEST(header_rows_trailer)
{
	fq_type types[2] = {fq_type_make(FQ_T_INT4), fq_type_varchar(-1)};
	fq_batch b;
	fq_pg_copy_enc e;
	fq_strbuf out = FQ_STRBUF_INIT;
	fq_diags *d = fq_diags_new();

	ck_assert_int_eq(fq_batch_init(&b, arena, types, 2, 4), FQ_OK);
	((int32_t *) b.cols[0].data)[0] = 7;
	fq_vector_set_string(&b.cols[1], arena, 0, "x\ty", 3);
	fq_vector_set_null(&b.cols[0], arena, 4, 1);
	fq_vector_set_string(&b.cols[1], arena, 1, "", 0);
	((int32_t *) b.cols[0].data)[2] = -1;
	fq_vector_set_null(&b.cols[1], arena, 4, 2);
	b.nrows = 3;

	fq_pg_copy_enc_init(&e, NULL, true, NULL);
	ck_assert_int_eq(fq_pg_copy_enc_rows(&e, &b, 2, &out, d), FQ_OK);
	fq_pg_copy_enc_end(&e, &out);
	ck_assert_str_eq(hex(out.data, out.len),
					 "5047434f50590aff0d0a00" "00000000" "00000000"
					 "0002" "0000000400000007" "00000003" "780979"
					 "0002" "ffffffff" "00000000"
					 "0002" "00000004ffffffff" "ffffffff"
					 "ffff");
	fq_pg_copy_enc_free(&e);

	/* no rows at all: the header and the trailer */
	fq_strbuf_reset(&out);
	fq_pg_copy_enc_init(&e, NULL, true, NULL);
	fq_pg_copy_enc_end(&e, &out);
	ck_assert_str_eq(hex(out.data, out.len), "5047434f50590aff0d0a00" "00000000" "00000000" "ffff");
	fq_pg_copy_enc_free(&e);

	/* text: escaped, \N for NULL, nothing at the end */
	fq_strbuf_reset(&out);
	fq_pg_copy_enc_init(&e, NULL, false, NULL);
	ck_assert_int_eq(fq_pg_copy_enc_rows(&e, &b, 2, &out, d), FQ_OK);
	fq_pg_copy_enc_end(&e, &out);
	ck_assert_str_eq(fq_strbuf_str(&out), "7\tx\\ty\n\\N\t\n-1\t\\N\n");
	fq_pg_copy_enc_free(&e);

	fq_strbuf_free(&out);
	fq_diags_free(d);
}
END_TEST

/* Which INSERT targets binary COPY may write. */
START_TEST(binary_fits)
{
	fq_pg_column c;
	fq_type num152 = fq_type_decimal(15, 2);
	fq_type numu = fq_type_make(FQ_T_DECIMAL);
	fq_type v25 = fq_type_varchar(25);
	fq_type text = fq_type_varchar(-1);
	fq_type i4 = fq_type_make(FQ_T_INT4);
	fq_type i8 = fq_type_make(FQ_T_INT8);
	fq_type ts = fq_type_make(FQ_T_TIMESTAMP);

	memset(&c, 0, sizeof(c));
	c.type = num152;
	c.source_type = "numeric(15,2)";
	ck_assert(fq_pg_copy_binary_fits(&num152, &c));
	/* an unconstrained numeric into numeric(15,2): the column rounds it */
	ck_assert(!fq_pg_copy_binary_fits(&numu, &c));
	c.type = i8;
	c.source_type = "bigint";
	ck_assert(!fq_pg_copy_binary_fits(&i4, &c));
	ck_assert(fq_pg_copy_binary_fits(&i8, &c));
	/* strings into strings: the same input routine with the same length */
	c.type = fq_type_varchar(10);
	c.source_type = "character varying(10)";
	ck_assert(fq_pg_copy_binary_fits(&v25, &c));
	ck_assert(fq_pg_copy_binary_fits(&text, &c));
	c.type = fq_type_char(3);
	c.source_type = "character(3)";
	ck_assert(fq_pg_copy_binary_fits(&v25, &c));
	/* name reads as text but its receive function is not text's */
	c.type = text;
	c.source_type = "name";
	ck_assert(!fq_pg_copy_binary_fits(&text, &c));
	/* jsonb, a domain: their text form */
	c.source_type = "jsonb";
	c.text_cast = true;
	ck_assert(!fq_pg_copy_binary_fits(&text, &c));
	c.text_cast = false;
	c.type = i4;
	c.source_type = "positive_int";
	ck_assert(!fq_pg_copy_binary_fits(&i4, &c));
	c.type = ts;
	c.source_type = "timestamp without time zone";
	ck_assert(fq_pg_copy_binary_fits(&ts, &c));
	c.source_type = "timestamp(6) without time zone";
	ck_assert(!fq_pg_copy_binary_fits(&ts, &c));
	ck_assert(!fq_pg_copy_binary_fits(&i4, &c));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("copyin");
	TCase *tc = tcase_create("copyin");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, numeric_as_postgresql);
	tcase_add_test(tc, numeric_round_trip);
	tcase_add_test(tc, infinity_before_14);
	tcase_add_test(tc, every_type_as_postgresql);
	tcase_add_test(tc, header_rows_trailer);
	tcase_add_test(tc, binary_fits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
