/*
 * check_types.c — unit suite for engine/types/: type properties and names,
 * DECIMAL arithmetic, calendar arithmetic, the public split/make functions,
 * and the text form of every type.
 *
 * Expected texts are what PostgreSQL 15 prints for the same input with
 * DateStyle=ISO, IntervalStyle=postgres, TimeZone=UTC; the cases were
 * checked against a running server.
 */
#include "types/numeric.h"
#include "types/types.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define DEF (-999)

static fq_arena *arena;

static void
setup(void)
{
	arena = fq_arena_new(NULL);
	ck_assert_ptr_nonnull(arena);
}

static void
teardown(void)
{
	fq_arena_free(arena);
	arena = NULL;
}

/* A type with modifiers; DEF keeps fq_type_make's default. */
static fq_type
mktype(fq_type_id id, int a, int b)
{
	fq_type t = fq_type_make(id);

	if (id == FQ_T_DECIMAL && a != DEF)
		t = fq_type_decimal(a, b == DEF ? 0 : b);
	else if ((id == FQ_T_TIME || id == FQ_T_TIMESTAMP || id == FQ_T_TIMESTAMPTZ) &&
			 a != DEF)
		t.precision = (int16_t) a;
	else if ((id == FQ_T_CHAR || id == FQ_T_VARCHAR) && a != DEF)
		t.length = a;
	return t;
}

/* Formats a slot with fq_format_text into a static buffer. */
static const char *
fmt(const void *slot, const fq_type *t, bool bool_digits)
{
	static char out[512];
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_format_text(slot, t, bool_digits, &b);
	ck_assert(fq_strbuf_ok(&b));
	snprintf(out, sizeof(out), "%s", fq_strbuf_str(&b));
	fq_strbuf_free(&b);
	return out;
}

static fq_conv
parse(const char *s, const fq_type *t, void *slot)
{
	return fq_parse_text(s, strlen(s), t, slot, arena);
}

/* ------------------------------------------------------------------ */
/* Type properties                                                     */
/* ------------------------------------------------------------------ */

START_TEST(test_type_make_defaults)
{
	fq_type t;

	t = fq_type_make(FQ_T_DECIMAL);
	ck_assert_int_eq(t.precision, 0); /* NUMERIC without (p,s) */
	ck_assert_int_eq(t.scale, 0);
	t = fq_type_make(FQ_T_VARCHAR);
	ck_assert_int_eq(t.length, -1);
	t = fq_type_make(FQ_T_CHAR);
	ck_assert_int_eq(t.length, 1);
	t = fq_type_make(FQ_T_TIMESTAMP);
	ck_assert_int_eq(t.precision, 6);
	t = fq_type_make(FQ_T_TIME);
	ck_assert_int_eq(t.precision, 6);
	t = fq_type_decimal(12, 2);
	ck_assert_int_eq(t.id, FQ_T_DECIMAL);
	ck_assert_int_eq(t.precision, 12);
	ck_assert_int_eq(t.scale, 2);
	t = fq_type_varchar(25);
	ck_assert_int_eq(t.id, FQ_T_VARCHAR);
	ck_assert_int_eq(t.length, 25);
	t = fq_type_char(3);
	ck_assert_int_eq(t.id, FQ_T_CHAR);
	ck_assert_int_eq(t.length, 3);
}
END_TEST

static const struct
{
	fq_type_id id;
	int a;
	int b;
	size_t size;
} size_cases[] = {
	{FQ_T_BOOL, DEF, DEF, 1},
	{FQ_T_INT2, DEF, DEF, 2},
	{FQ_T_INT4, DEF, DEF, 4},
	{FQ_T_INT8, DEF, DEF, 8},
	{FQ_T_DECIMAL, 18, 2, sizeof(fq_numeric)},
	{FQ_T_DECIMAL, 1000, 0, sizeof(fq_numeric)},
	{FQ_T_DECIMAL, DEF, DEF, sizeof(fq_numeric)},
	{FQ_T_FLOAT4, DEF, DEF, 4},
	{FQ_T_FLOAT8, DEF, DEF, 8},
	{FQ_T_CHAR, 5, DEF, sizeof(fq_string)},
	{FQ_T_VARCHAR, DEF, DEF, sizeof(fq_string)},
	{FQ_T_BYTEA, DEF, DEF, sizeof(fq_string)},
	{FQ_T_UNKNOWN, DEF, DEF, sizeof(fq_string)},
	{FQ_T_DATE, DEF, DEF, 4},
	{FQ_T_TIME, DEF, DEF, 8},
	{FQ_T_TIMESTAMP, DEF, DEF, 8},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, 8},
	{FQ_T_INTERVAL, DEF, DEF, 16},
	{FQ_T_UUID, DEF, DEF, 16},
};

START_TEST(test_type_size)
{
	fq_type t = mktype(size_cases[_i].id, size_cases[_i].a, size_cases[_i].b);

	ck_assert_msg(fq_type_size(&t) == size_cases[_i].size,
				  "type %s: size %zu, expected %zu", fq_type_name(t.id),
				  fq_type_size(&t), size_cases[_i].size);
}
END_TEST

START_TEST(test_type_equal_and_predicates)
{
	fq_type a = fq_type_decimal(10, 2);
	fq_type b = fq_type_decimal(10, 2);
	fq_type c = fq_type_decimal(10, 3);
	fq_type v1 = fq_type_varchar(10);
	fq_type v2 = fq_type_varchar(-1);
	fq_type i1 = fq_type_make(FQ_T_INT4);
	fq_type i2 = {FQ_T_INT4, 77, 3, 1}; /* modifiers mean nothing for INT4 */
	fq_type ts0 = mktype(FQ_T_TIMESTAMP, 0, DEF);
	fq_type ts6 = fq_type_make(FQ_T_TIMESTAMP);

	ck_assert(fq_type_equal(&a, &b));
	ck_assert(!fq_type_equal(&a, &c));
	ck_assert(!fq_type_equal(&v1, &v2));
	ck_assert(fq_type_equal(&i1, &i2));
	ck_assert(!fq_type_equal(&ts0, &ts6));
	ck_assert(!fq_type_equal(&i1, &v1));

	ck_assert(fq_type_is_integer(FQ_T_INT2));
	ck_assert(fq_type_is_integer(FQ_T_INT8));
	ck_assert(!fq_type_is_integer(FQ_T_DECIMAL));
	ck_assert(fq_type_is_numeric(FQ_T_DECIMAL));
	ck_assert(fq_type_is_numeric(FQ_T_FLOAT4));
	ck_assert(fq_type_is_numeric(FQ_T_INT4));
	ck_assert(!fq_type_is_numeric(FQ_T_BOOL));
	ck_assert(fq_type_is_string(FQ_T_CHAR));
	ck_assert(fq_type_is_string(FQ_T_VARCHAR));
	ck_assert(!fq_type_is_string(FQ_T_BYTEA));
	ck_assert(fq_type_is_datetime(FQ_T_DATE));
	ck_assert(fq_type_is_datetime(FQ_T_TIMESTAMPTZ));
	ck_assert(!fq_type_is_datetime(FQ_T_INTERVAL));
}
END_TEST

static const struct
{
	fq_type_id id;
	const char *name;
} name_cases[] = {
	{FQ_T_BOOL, "boolean"},
	{FQ_T_INT2, "smallint"},
	{FQ_T_INT4, "integer"},
	{FQ_T_INT8, "bigint"},
	{FQ_T_DECIMAL, "numeric"},
	{FQ_T_FLOAT4, "real"},
	{FQ_T_FLOAT8, "double precision"},
	{FQ_T_CHAR, "character"},
	{FQ_T_VARCHAR, "character varying"},
	{FQ_T_DATE, "date"},
	{FQ_T_TIME, "time without time zone"},
	{FQ_T_TIMESTAMP, "timestamp without time zone"},
	{FQ_T_TIMESTAMPTZ, "timestamp with time zone"},
	{FQ_T_INTERVAL, "interval"},
	{FQ_T_UUID, "uuid"},
	{FQ_T_BYTEA, "bytea"},
	{FQ_T_UNKNOWN, "unknown"},
};

START_TEST(test_type_name)
{
	ck_assert_str_eq(fq_type_name(name_cases[_i].id), name_cases[_i].name);
}
END_TEST

static const struct
{
	fq_type_id id;
	int a;
	int b;
	const char *text;
} format_cases[] = {
	{FQ_T_DECIMAL, 12, 2, "numeric(12,2)"},
	{FQ_T_DECIMAL, 38, 0, "numeric(38,0)"},
	{FQ_T_VARCHAR, 25, DEF, "character varying(25)"},
	{FQ_T_VARCHAR, DEF, DEF, "text"},
	{FQ_T_VARCHAR, FQ_VARCHAR_NOLEN, DEF, "character varying"},
	{FQ_T_CHAR, 1, DEF, "character(1)"},
	{FQ_T_CHAR, -1, DEF, "bpchar"},
	{FQ_T_TIMESTAMP, 3, DEF, "timestamp(3) without time zone"},
	{FQ_T_TIMESTAMP, 6, DEF, "timestamp without time zone"},
	{FQ_T_TIMESTAMPTZ, 0, DEF, "timestamp(0) with time zone"},
	{FQ_T_TIMESTAMPTZ, 6, DEF, "timestamp with time zone"},
	{FQ_T_TIME, 2, DEF, "time(2) without time zone"},
	{FQ_T_TIME, DEF, DEF, "time without time zone"},
	{FQ_T_INT4, DEF, DEF, "integer"},
	{FQ_T_BYTEA, DEF, DEF, "bytea"},
	{FQ_T_INTERVAL, DEF, DEF, "interval"},
};

START_TEST(test_type_format)
{
	fq_type t = mktype(format_cases[_i].id, format_cases[_i].a, format_cases[_i].b);
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_type_format(&t, &b);
	ck_assert(fq_strbuf_ok(&b));
	ck_assert_str_eq(fq_strbuf_str(&b), format_cases[_i].text);
	fq_strbuf_free(&b);
}
END_TEST

static const struct
{
	const char *name;
	int nmods;
	int32_t m0;
	int32_t m1;
	bool ok;
	fq_type_id id;
	int32_t length;
	int precision;
	int scale;
} from_name_cases[] = {
	{"int", 0, 0, 0, true, FQ_T_INT4, -1, 0, 0},
	{"INT4", 0, 0, 0, true, FQ_T_INT4, -1, 0, 0},
	{"Integer", 0, 0, 0, true, FQ_T_INT4, -1, 0, 0},
	{"int2", 0, 0, 0, true, FQ_T_INT2, -1, 0, 0},
	{"smallint", 0, 0, 0, true, FQ_T_INT2, -1, 0, 0},
	{"int8", 0, 0, 0, true, FQ_T_INT8, -1, 0, 0},
	{"bigint", 0, 0, 0, true, FQ_T_INT8, -1, 0, 0},
	{"numeric", 0, 0, 0, true, FQ_T_DECIMAL, -1, 0, 0},
	{"numeric", 2, 1000, -1000, true, FQ_T_DECIMAL, -1, 1000, -1000},
	{"numeric", 1, 1001, 0, false, FQ_T_DECIMAL, -1, 0, 0},
	{"decimal", 1, 10, 0, true, FQ_T_DECIMAL, -1, 10, 0},
	{"numeric", 2, 12, 2, true, FQ_T_DECIMAL, -1, 12, 2},
	{"numeric", 2, 38, 38, true, FQ_T_DECIMAL, -1, 38, 38},
	{"numeric", 2, 1, 0, true, FQ_T_DECIMAL, -1, 1, 0},
	{"numeric", 1, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"numeric", 1, 39, 0, true, FQ_T_DECIMAL, -1, 39, 0},
	{"numeric", 2, 5, 6, true, FQ_T_DECIMAL, -1, 5, 6},
	{"numeric", 2, 5, -1, true, FQ_T_DECIMAL, -1, 5, -1},
	{"float4", 0, 0, 0, true, FQ_T_FLOAT4, -1, 0, 0},
	{"real", 0, 0, 0, true, FQ_T_FLOAT4, -1, 0, 0},
	{"float8", 0, 0, 0, true, FQ_T_FLOAT8, -1, 0, 0},
	{"float", 0, 0, 0, true, FQ_T_FLOAT8, -1, 0, 0},
	{"float", 1, 24, 0, true, FQ_T_FLOAT4, -1, 0, 0},
	{"float", 1, 25, 0, true, FQ_T_FLOAT8, -1, 0, 0},
	{"float", 1, 54, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"double precision", 0, 0, 0, true, FQ_T_FLOAT8, -1, 0, 0},
	{"bool", 0, 0, 0, true, FQ_T_BOOL, -1, 0, 0},
	{"boolean", 0, 0, 0, true, FQ_T_BOOL, -1, 0, 0},
	{"boolean", 1, 1, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"char", 0, 0, 0, true, FQ_T_CHAR, 1, 0, 0},
	{"character", 1, 10, 0, true, FQ_T_CHAR, 10, 0, 0},
	{"bpchar", 0, 0, 0, true, FQ_T_CHAR, -1, 0, 0},
	{"nchar", 1, 3, 0, true, FQ_T_CHAR, 3, 0, 0},
	{"char", 1, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"varchar", 0, 0, 0, true, FQ_T_VARCHAR, FQ_VARCHAR_NOLEN, 0, 0},
	{"character varying", 0, 0, 0, true, FQ_T_VARCHAR, FQ_VARCHAR_NOLEN, 0, 0},
	{"varchar", 1, 25, 0, true, FQ_T_VARCHAR, 25, 0, 0},
	{"character varying", 1, 5, 0, true, FQ_T_VARCHAR, 5, 0, 0},
	{"nvarchar", 1, 5, 0, true, FQ_T_VARCHAR, 5, 0, 0},
	{"text", 0, 0, 0, true, FQ_T_VARCHAR, -1, 0, 0},
	{"string", 0, 0, 0, true, FQ_T_VARCHAR, -1, 0, 0},
	{"text", 1, 5, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"varchar", 1, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"varchar", 2, 5, 5, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"date", 0, 0, 0, true, FQ_T_DATE, -1, 0, 0},
	{"time", 0, 0, 0, true, FQ_T_TIME, -1, 6, 0},
	{"time without time zone", 1, 3, 0, true, FQ_T_TIME, -1, 3, 0},
	{"time", 1, 7, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"timestamp", 0, 0, 0, true, FQ_T_TIMESTAMP, -1, 6, 0},
	{"timestamp", 1, 0, 0, true, FQ_T_TIMESTAMP, -1, 0, 0},
	{"timestamp without time zone", 0, 0, 0, true, FQ_T_TIMESTAMP, -1, 6, 0},
	{"timestamp", 1, -1, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"timestamptz", 0, 0, 0, true, FQ_T_TIMESTAMPTZ, -1, 6, 0},
	{"timestamp with time zone", 1, 3, 0, true, FQ_T_TIMESTAMPTZ, -1, 3, 0},
	{"TIMESTAMPTZ", 1, 7, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"interval", 0, 0, 0, true, FQ_T_INTERVAL, -1, 0, 0},
	{"interval", 1, 3, 0, true, FQ_T_INTERVAL, -1, 0, 0},
	{"interval", 1, 7, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"uuid", 0, 0, 0, true, FQ_T_UUID, -1, 0, 0},
	{"bytea", 0, 0, 0, true, FQ_T_BYTEA, -1, 0, 0},
	{"varbyte", 1, 100, 0, true, FQ_T_BYTEA, 100, 0, 0},
	{"json", 0, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"timetz", 0, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"double", 0, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
	{"", 0, 0, 0, false, FQ_T_UNKNOWN, 0, 0, 0},
};

START_TEST(test_type_from_name)
{
	int32_t mods[2] = {from_name_cases[_i].m0, from_name_cases[_i].m1};
	fq_type t;
	bool ok = fq_type_from_name(from_name_cases[_i].name, mods,
								from_name_cases[_i].nmods, &t);

	ck_assert_msg(ok == from_name_cases[_i].ok, "\"%s\" with %d mods: %s",
				  from_name_cases[_i].name, from_name_cases[_i].nmods,
				  ok ? "accepted" : "rejected");
	if (!ok)
		return;
	ck_assert_int_eq(t.id, from_name_cases[_i].id);
	if (t.id == FQ_T_CHAR || t.id == FQ_T_VARCHAR || t.id == FQ_T_BYTEA)
		ck_assert_int_eq(t.length, from_name_cases[_i].length);
	if (t.id == FQ_T_DECIMAL || t.id == FQ_T_TIME || t.id == FQ_T_TIMESTAMP ||
		t.id == FQ_T_TIMESTAMPTZ)
		ck_assert_int_eq(t.precision, from_name_cases[_i].precision);
	if (t.id == FQ_T_DECIMAL)
		ck_assert_int_eq(t.scale, from_name_cases[_i].scale);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Calendar                                                            */
/* ------------------------------------------------------------------ */

static const struct
{
	int y;
	int m;
	int d;
	int32_t days;
	int dow;
} ymd_cases[] = {
	{2000, 1, 1, 0, 6},
	{1999, 12, 31, -1, 5},
	{1970, 1, 1, -10957, 4},
	{2024, 2, 29, 8825, 4},
	{2024, 3, 1, 8826, 5},
	{1900, 3, 1, -36465, 4},
	{1900, 2, 28, -36466, 3},
	{2000, 2, 29, 59, 2},
	{2000, 3, 1, 60, 3},
	{1, 1, 1, -730119, 1},
	{0, 12, 31, -730120, 0},      /* 1 BC */
	{0, 1, 1, -730485, 6},        /* 0001-01-01 BC */
	{0, 2, 29, -730426, 2},       /* 1 BC was a leap year */
	{-4713, 11, 24, -2451545, 1}, /* Julian day 0 */
	{5874897, 12, 31, 2145031948, 2},
	{294276, 12, 31, 106751982, 0},
	{1582, 10, 4, -152395, 1},
	{1582, 10, 15, -152384, 5},
};

START_TEST(test_date_ymd)
{
	int y;
	int m;
	int d;

	ck_assert(fq_date_valid(ymd_cases[_i].y, ymd_cases[_i].m, ymd_cases[_i].d));
	ck_assert_int_eq(fq_date_from_ymd(ymd_cases[_i].y, ymd_cases[_i].m, ymd_cases[_i].d),
					 ymd_cases[_i].days);
	fq_date_to_ymd(ymd_cases[_i].days, &y, &m, &d);
	ck_assert_int_eq(y, ymd_cases[_i].y);
	ck_assert_int_eq(m, ymd_cases[_i].m);
	ck_assert_int_eq(d, ymd_cases[_i].d);
	ck_assert_int_eq(fq_date_dow(ymd_cases[_i].days), ymd_cases[_i].dow);
}
END_TEST

START_TEST(test_date_valid)
{
	ck_assert(!fq_date_valid(1900, 2, 29));
	ck_assert(fq_date_valid(2000, 2, 29));
	ck_assert(fq_date_valid(2024, 2, 29));
	ck_assert(!fq_date_valid(2023, 2, 29));
	ck_assert(!fq_date_valid(2100, 2, 29));
	ck_assert(fq_date_valid(-4, 2, 29)); /* 5 BC */
	ck_assert(!fq_date_valid(-5, 2, 29));
	ck_assert(!fq_date_valid(2024, 0, 1));
	ck_assert(!fq_date_valid(2024, 13, 1));
	ck_assert(!fq_date_valid(2024, 1, 0));
	ck_assert(!fq_date_valid(2024, 1, 32));
	ck_assert(!fq_date_valid(2024, 4, 31));
	ck_assert(fq_date_valid(2024, 4, 30));
	/* the supported range */
	ck_assert(fq_date_valid(-4713, 11, 24));
	ck_assert(!fq_date_valid(-4713, 11, 23));
	ck_assert(!fq_date_valid(-4714, 12, 31));
	ck_assert(fq_date_valid(5874897, 12, 31));
	ck_assert(!fq_date_valid(5874898, 1, 1));
}
END_TEST

/* Every day over +-3000 years converts both ways and steps by one. */
START_TEST(test_date_roundtrip_sweep)
{
	int py;
	int pm;
	int pd;

	fq_date_to_ymd(-1100000, &py, &pm, &pd);
	for (int32_t days = -1099999; days <= 1100000; days++)
	{
		int y;
		int m;
		int d;

		fq_date_to_ymd(days, &y, &m, &d);
		if (!fq_date_valid(y, m, d) || fq_date_from_ymd(y, m, d) != days)
			ck_abort_msg("day %d gives %d-%d-%d", days, y, m, d);
		/* the next day of the previous one */
		if (!((y == py && m == pm && d == pd + 1) ||
			  (y == py && m == pm + 1 && d == 1 && pd >= 28) ||
			  (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31)))
			ck_abort_msg("day %d: %d-%d-%d follows %d-%d-%d", days, y, m, d, py, pm, pd);
		if (fq_date_dow(days) != (fq_date_dow(days - 1) + 1) % 7)
			ck_abort_msg("day %d: day of week", days);
		py = y;
		pm = m;
		pd = d;
	}
}
END_TEST

START_TEST(test_split_make)
{
	fq_timestamp_parts p;
	int32_t days;
	int64_t ts;

	ck_assert_int_eq(fq_date_split(0, &p), FQ_OK);
	ck_assert_int_eq(p.year, 2000);
	ck_assert_int_eq(p.month, 1);
	ck_assert_int_eq(p.day, 1);
	ck_assert_int_eq(p.hour, 0);
	ck_assert_int_eq(fq_date_split(FQ_DATE_POS_INFINITY, &p), FQ_ERROR);
	ck_assert_int_eq(fq_date_split(FQ_DATE_NEG_INFINITY, &p), FQ_ERROR);
	ck_assert_int_eq(fq_date_split(-730485, &p), FQ_OK);
	ck_assert_int_eq(p.year, 0); /* 1 BC */

	ck_assert_int_eq(fq_timestamp_split(-1, &p), FQ_OK);
	ck_assert_int_eq(p.year, 1999);
	ck_assert_int_eq(p.month, 12);
	ck_assert_int_eq(p.day, 31);
	ck_assert_int_eq(p.hour, 23);
	ck_assert_int_eq(p.minute, 59);
	ck_assert_int_eq(p.second, 59);
	ck_assert_int_eq(p.usec, 999999);
	ck_assert_int_eq(fq_timestamp_split(FQ_TIMESTAMP_POS_INFINITY, &p), FQ_ERROR);
	ck_assert_int_eq(fq_timestamp_split(FQ_TIMESTAMP_NEG_INFINITY, &p), FQ_ERROR);

	fq_time_split(FQ_USECS_PER_DAY, &p);
	ck_assert_int_eq(p.hour, 24);
	ck_assert_int_eq(p.minute, 0);
	fq_time_split(INT64_C(45296789012), &p); /* 12:34:56.789012 */
	ck_assert_int_eq(p.hour, 12);
	ck_assert_int_eq(p.minute, 34);
	ck_assert_int_eq(p.second, 56);
	ck_assert_int_eq(p.usec, 789012);

	p = (fq_timestamp_parts) {2024, 2, 29, 13, 45, 30, 500000};
	ck_assert_int_eq(fq_date_make(&p, &days), FQ_OK);
	ck_assert_int_eq(days, 8825);
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_OK);
	ck_assert(ts == INT64_C(8825) * FQ_USECS_PER_DAY + INT64_C(49530500000));
	ck_assert_int_eq(fq_timestamp_split(ts, &p), FQ_OK);
	ck_assert_int_eq(p.usec, 500000);
	ck_assert_int_eq(p.second, 30);

	p = (fq_timestamp_parts) {2023, 2, 29, 0, 0, 0, 0};
	ck_assert_int_eq(fq_date_make(&p, &days), FQ_ERROR);
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {2024, 1, 1, 24, 0, 0, 0};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {2024, 1, 1, 0, 60, 0, 0};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {2024, 1, 1, 0, 0, 60, 0};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {2024, 1, 1, 0, 0, 0, 1000000};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {2024, 1, 1, 0, 0, 0, -1};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	/* dates reach further than timestamps */
	p = (fq_timestamp_parts) {294277, 1, 1, 0, 0, 0, 0};
	ck_assert_int_eq(fq_date_make(&p, &days), FQ_OK);
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {5874897, 12, 31, 0, 0, 0, 0};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_ERROR);
	p = (fq_timestamp_parts) {294276, 12, 31, 23, 59, 59, 999999};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_OK);
	ck_assert(ts == INT64_C(9223371331199999999));
	p = (fq_timestamp_parts) {-4713, 11, 24, 0, 0, 0, 0};
	ck_assert_int_eq(fq_timestamp_make(&p, &ts), FQ_OK);
	ck_assert(ts == INT64_C(-211813488000000000));
	ck_assert_int_eq(fq_timestamp_split(ts, &p), FQ_OK);
	ck_assert_int_eq(p.year, -4713);
	ck_assert_int_eq(p.month, 11);
	ck_assert_int_eq(p.day, 24);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Text forms                                                          */
/* ------------------------------------------------------------------ */

typedef struct text_case
{
	fq_type_id id;
	int a;          /* DECIMAL precision, TIME/TIMESTAMP precision, length */
	int b;          /* DECIMAL scale */
	const char *in;
	fq_conv conv;
	const char *out; /* the text when conv is OK; NULL: same as in */
} text_case;

#define OK FQ_CONV_OK
#define SYN FQ_CONV_SYNTAX
#define RNG FQ_CONV_RANGE

static const text_case bool_cases[] = {
	{FQ_T_BOOL, DEF, DEF, "true", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "TRUE", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, " t ", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "yes", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "y", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "On", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "1", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "tru", OK, "t"},
	{FQ_T_BOOL, DEF, DEF, "false", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "  FaLsE\t", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "f", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "no", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "N", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "off", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "of", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "0", OK, "f"},
	{FQ_T_BOOL, DEF, DEF, "o", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "2", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "truex", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "yess", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "t rue", SYN, NULL},
	{FQ_T_BOOL, DEF, DEF, "01", SYN, NULL},
};

static const text_case int_cases[] = {
	{FQ_T_INT2, DEF, DEF, "32767", OK, NULL},
	{FQ_T_INT2, DEF, DEF, "-32768", OK, NULL},
	{FQ_T_INT2, DEF, DEF, "32768", RNG, NULL},
	{FQ_T_INT2, DEF, DEF, "-32769", RNG, NULL},
	{FQ_T_INT2, DEF, DEF, " +12 ", OK, "12"},
	{FQ_T_INT2, DEF, DEF, "-0", OK, "0"},
	{FQ_T_INT2, DEF, DEF, "00012", OK, "12"},
	{FQ_T_INT2, DEF, DEF, "", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, " ", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "-", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "+", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "1.0", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "1e3", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "12a", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "--1", SYN, NULL},
	{FQ_T_INT2, DEF, DEF, "1 2", SYN, NULL},
	{FQ_T_INT4, DEF, DEF, "2147483647", OK, NULL},
	{FQ_T_INT4, DEF, DEF, "-2147483648", OK, NULL},
	{FQ_T_INT4, DEF, DEF, "2147483648", RNG, NULL},
	{FQ_T_INT4, DEF, DEF, "-2147483649", RNG, NULL},
	{FQ_T_INT4, DEF, DEF, "0", OK, NULL},
	{FQ_T_INT4, DEF, DEF, "-0001", OK, "-1"},
	{FQ_T_INT8, DEF, DEF, "9223372036854775807", OK, NULL},
	{FQ_T_INT8, DEF, DEF, "-9223372036854775808", OK, NULL},
	{FQ_T_INT8, DEF, DEF, "9223372036854775808", RNG, NULL},
	{FQ_T_INT8, DEF, DEF, "-9223372036854775809", RNG, NULL},
	{FQ_T_INT8, DEF, DEF, "18446744073709551616", RNG, NULL},
	{FQ_T_INT8, DEF, DEF, "99999999999999999999999", RNG, NULL},
	{FQ_T_INT8, DEF, DEF, "00000000000000000000001", OK, "1"},
	{FQ_T_INT8, DEF, DEF, "99999999999999999999999x", SYN, NULL},
};

static const text_case decimal_cases[] = {
	{FQ_T_DECIMAL, 5, 2, "123.45", OK, NULL},
	{FQ_T_DECIMAL, 5, 2, "  7  ", OK, "7.00"},
	{FQ_T_DECIMAL, 5, 2, "-0.005", OK, "-0.01"},
	{FQ_T_DECIMAL, 5, 2, "999.995", RNG, NULL},
	{FQ_T_DECIMAL, 5, 2, "abc", SYN, NULL},
	{FQ_T_DECIMAL, 18, 0, "999999999999999999", OK, NULL},
	{FQ_T_DECIMAL, 18, 0, "-999999999999999999", OK, NULL},
	{FQ_T_DECIMAL, 18, 0, "1000000000000000000", RNG, NULL},
	{FQ_T_DECIMAL, 18, 4, "12345678901234.5678", OK, NULL},
	{FQ_T_DECIMAL, 19, 0, "9999999999999999999", OK, NULL},
	{FQ_T_DECIMAL, 38, 10, "-1234567890123456789012345678.0123456789", OK, NULL},
	{FQ_T_DECIMAL, 38, 0, "99999999999999999999999999999999999999", OK, NULL},
	{FQ_T_DECIMAL, 38, 0, "-99999999999999999999999999999999999999", OK, NULL},
	{FQ_T_DECIMAL, 38, 0, "100000000000000000000000000000000000000", RNG, NULL},
	{FQ_T_DECIMAL, 38, 2, "0.125", OK, "0.13"},
	{FQ_T_DECIMAL, 38, 2, "-0.125", OK, "-0.13"},
	{FQ_T_DECIMAL, 10, 3, "1.5e2", OK, "150.000"},
	/* NUMERIC without (p,s): each value its own scale, any size */
	{FQ_T_DECIMAL, DEF, DEF, "1.50", OK, NULL},
	{FQ_T_DECIMAL, DEF, DEF, "-0.000", OK, "0.000"},
	{FQ_T_DECIMAL, DEF, DEF, "NaN", OK, NULL},
	{FQ_T_DECIMAL, DEF, DEF, "-inf", OK, "-Infinity"},
	{FQ_T_DECIMAL, DEF, DEF, "123456789012345678901234567890123456789012345.6789", OK, NULL},
	{FQ_T_DECIMAL, 5, 2, "Infinity", RNG, NULL},
	{FQ_T_DECIMAL, 5, 2, "NaN", OK, NULL},
	{FQ_T_DECIMAL, DEF, DEF, "1e-20000", RNG, NULL},
};

static const text_case float_cases[] = {
	{FQ_T_FLOAT8, DEF, DEF, "0.1", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "1e20", OK, "1e+20"},
	{FQ_T_FLOAT8, DEF, DEF, "1e-7", OK, "1e-07"},
	{FQ_T_FLOAT8, DEF, DEF, "123456789.0", OK, "123456789"},
	{FQ_T_FLOAT8, DEF, DEF, "1e15", OK, "1e+15"},
	{FQ_T_FLOAT8, DEF, DEF, "1e14", OK, "100000000000000"},
	{FQ_T_FLOAT8, DEF, DEF, "0.0001", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "0.00001", OK, "1e-05"},
	{FQ_T_FLOAT8, DEF, DEF, "1.5", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "-0", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "0", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "100", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, " 3.25 ", OK, "3.25"},
	{FQ_T_FLOAT8, DEF, DEF, "0.30000000000000004", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "123456789012345678", OK, "1.2345678901234568e+17"},
	{FQ_T_FLOAT8, DEF, DEF, "1.7976931348623157e308", OK, "1.7976931348623157e+308"},
	{FQ_T_FLOAT8, DEF, DEF, "2.2250738585072014e-308", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "5e-324", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "-123.456e-10", OK, "-1.23456e-08"},
	{FQ_T_FLOAT8, DEF, DEF, "9.999999999999999e14", OK, "999999999999999.9"},
	{FQ_T_FLOAT8, DEF, DEF, "0.000123456789", OK, NULL},
	/* the 16-digit text would be a tie; PostgreSQL prints 17 digits */
	{FQ_T_FLOAT8, DEF, DEF, "5.299064834871378e+16", OK, "5.2990648348713776e+16"},
	{FQ_T_FLOAT8, DEF, DEF, "NaN", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "nan", OK, "NaN"},
	{FQ_T_FLOAT8, DEF, DEF, "Infinity", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "-Infinity", OK, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "inf", OK, "Infinity"},
	{FQ_T_FLOAT8, DEF, DEF, "-INF", OK, "-Infinity"},
	{FQ_T_FLOAT8, DEF, DEF, "  -infinity  ", OK, "-Infinity"},
	{FQ_T_FLOAT8, DEF, DEF, "1e309", RNG, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "-1e309", RNG, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "1e-400", RNG, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "abc", SYN, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "", SYN, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "1.5x", SYN, NULL},
	{FQ_T_FLOAT8, DEF, DEF, "1_000", SYN, NULL},
	{FQ_T_FLOAT8, DEF, DEF,
	 "0.0000000000000000000000000000000000000000000000000000000000000000000000"
	 "0000000000000000000000000000000000000000000000000000000000000000000000015",
	 OK, "1.5e-142"},
	{FQ_T_FLOAT4, DEF, DEF, "0.1", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "3.4028235e38", OK, "3.4028235e+38"},
	{FQ_T_FLOAT4, DEF, DEF, "1e6", OK, "1e+06"},
	{FQ_T_FLOAT4, DEF, DEF, "123456", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "1234567", OK, "1.234567e+06"},
	{FQ_T_FLOAT4, DEF, DEF, "16777217", OK, "1.6777216e+07"},
	{FQ_T_FLOAT4, DEF, DEF, "3.14159265", OK, "3.1415927"},
	{FQ_T_FLOAT4, DEF, DEF, "1.17549435e-38", OK, "1.1754944e-38"},
	{FQ_T_FLOAT4, DEF, DEF, "1e-45", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "1.1", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "-0", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "NaN", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "-Infinity", OK, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "1e39", RNG, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "1e-50", RNG, NULL},
	{FQ_T_FLOAT4, DEF, DEF, "x", SYN, NULL},
};

static const text_case string_cases[] = {
	{FQ_T_VARCHAR, DEF, DEF, "hello", OK, NULL},
	{FQ_T_VARCHAR, DEF, DEF, " x ", OK, NULL},
	{FQ_T_VARCHAR, DEF, DEF, "", OK, NULL},
	{FQ_T_VARCHAR, 2, DEF, "not length-checked", OK, NULL},
	{FQ_T_VARCHAR, DEF, DEF, "caf\xc3\xa9 \\ 'q'", OK, NULL},
	{FQ_T_CHAR, 5, DEF, "ab   ", OK, NULL},
	{FQ_T_CHAR, 5, DEF, "  ab", OK, NULL},
	{FQ_T_UNKNOWN, DEF, DEF, " 42 ", OK, NULL},
};

static const text_case date_cases[] = {
	{FQ_T_DATE, DEF, DEF, "2024-02-29", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "2000-02-29", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "2023-02-29", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "1900-02-29", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "0001-01-01 BC", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "0001-12-31 BC", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "0004-02-29 BC", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "0005-02-29 BC", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "1000-01-01 bc", OK, "1000-01-01 BC"},
	{FQ_T_DATE, DEF, DEF, "2024-01-01BC", OK, "2024-01-01 BC"},
	{FQ_T_DATE, DEF, DEF, "2024-01-01 AD", OK, "2024-01-01"},
	{FQ_T_DATE, DEF, DEF, "4714-11-24 BC", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "4714-11-23 BC", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "5874897-12-31", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "5874898-01-01", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "10000-01-01", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "0099-01-01", OK, NULL},
	{FQ_T_DATE, DEF, DEF, " 2024-2-9 ", OK, "2024-02-09"},
	{FQ_T_DATE, DEF, DEF, "2024/01/02", OK, "2024-01-02"},
	{FQ_T_DATE, DEF, DEF, "1582-10-10", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "infinity", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "-infinity", OK, NULL},
	{FQ_T_DATE, DEF, DEF, "INFINITY", OK, "infinity"},
	{FQ_T_DATE, DEF, DEF, "epoch", OK, "1970-01-01"},
	{FQ_T_DATE, DEF, DEF, "0000-01-01", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-13-01", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-00-10", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-04-31", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "abc", SYN, NULL},
	{FQ_T_DATE, DEF, DEF, "", SYN, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-01", SYN, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-01/02", SYN, NULL},
	/* a time and a zone after a date are read and ignored, as date_in */
	{FQ_T_DATE, DEF, DEF, "2024-01-01 12:00", OK, "2024-01-01"},
	{FQ_T_DATE, DEF, DEF, "2024-01-01T12:00:00.5+02", OK, "2024-01-01"},
	{FQ_T_DATE, DEF, DEF, "2024-01-01 25:00", RNG, NULL},
	{FQ_T_DATE, DEF, DEF, "2024-01-01 BC AD", SYN, NULL},
};

static const text_case time_cases[] = {
	{FQ_T_TIME, DEF, DEF, "04:05:06", OK, NULL},
	{FQ_T_TIME, DEF, DEF, "04:05", OK, "04:05:00"},
	{FQ_T_TIME, DEF, DEF, "4:5:6", OK, "04:05:06"},
	{FQ_T_TIME, DEF, DEF, "00:00", OK, "00:00:00"},
	{FQ_T_TIME, DEF, DEF, "23:59:59.999999", OK, NULL},
	{FQ_T_TIME, DEF, DEF, "24:00:00", OK, NULL},
	{FQ_T_TIME, DEF, DEF, "23:59:60", OK, "24:00:00"},
	{FQ_T_TIME, DEF, DEF, "13:45:30.500", OK, "13:45:30.5"},
	{FQ_T_TIME, DEF, DEF, "00:00:00.0000015", OK, "00:00:00.000002"},
	{FQ_T_TIME, DEF, DEF, "00:00:00.0000025", OK, "00:00:00.000002"},
	{FQ_T_TIME, DEF, DEF, "23:59:59.9999995", OK, "24:00:00"},
	{FQ_T_TIME, DEF, DEF, "12:00:00+05", OK, "12:00:00"},
	{FQ_T_TIME, DEF, DEF, "2024-01-01 12:34:56", OK, "12:34:56"},
	{FQ_T_TIME, DEF, DEF, "12:", OK, "12:00:00"},
	{FQ_T_TIME, DEF, DEF, "24:00:01", RNG, NULL},
	{FQ_T_TIME, DEF, DEF, "25:00", RNG, NULL},
	{FQ_T_TIME, DEF, DEF, "12:60", RNG, NULL},
	{FQ_T_TIME, DEF, DEF, "123:00", RNG, NULL},
	{FQ_T_TIME, DEF, DEF, "abc", SYN, NULL},
	{FQ_T_TIME, DEF, DEF, "12", SYN, NULL},
	{FQ_T_TIME, DEF, DEF, "", SYN, NULL},
	{FQ_T_TIME, 0, DEF, "12:00:00.5", OK, "12:00:01"},
	{FQ_T_TIME, 0, DEF, "12:00:00.4", OK, "12:00:00"},
	{FQ_T_TIME, 0, DEF, "23:59:59.5", OK, "24:00:00"},
	{FQ_T_TIME, 2, DEF, "12:00:00.125", OK, "12:00:00.13"},
	{FQ_T_TIME, 2, DEF, "12:00:00.1249", OK, "12:00:00.12"},
};

static const text_case timestamp_cases[] = {
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-02-29 13:45:30.5", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-02-29T13:45:30.5", OK, "2024-02-29 13:45:30.5"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01t12:00", OK, "2024-01-01 12:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01   12:00", OK, "2024-01-01 12:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-02-29", OK, "2024-02-29 00:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-02-29 13:45", OK, "2024-02-29 13:45:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 24:00:00", OK, "2024-01-02 00:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 23:59:60", OK, "2024-01-02 00:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "1970-01-01 00:00:00.000001", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "1999-12-31 23:59:59.9999995", OK, "2000-01-01 00:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00.1234567", OK, "2024-01-01 12:00:00.123457"},
	{FQ_T_TIMESTAMP, DEF, DEF, "0001-01-01 00:00:00 BC", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00 BC", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "4714-11-24 00:00:00 BC", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "4714-11-23 23:59:59 BC", RNG, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "294276-12-31 23:59:59.999999", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "294277-01-01 00:00:00", RNG, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "5874897-12-31", RNG, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "infinity", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "-infinity", OK, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "epoch", OK, "1970-01-01 00:00:00"},
	/* timestamp without time zone ignores a zone, as PostgreSQL does */
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00+05", OK, "2024-01-01 12:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00Z", OK, "2024-01-01 12:00:00"},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-02-30 00:00", RNG, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00 xyz", SYN, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01T", SYN, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "2024-01-01 12:00:00 BC BC", SYN, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "12:00:00", SYN, NULL},
	{FQ_T_TIMESTAMP, DEF, DEF, "+infinity", SYN, NULL},
	{FQ_T_TIMESTAMP, 0, DEF, "2024-01-01 12:00:00.5", OK, "2024-01-01 12:00:01"},
	{FQ_T_TIMESTAMP, 0, DEF, "2024-01-01 12:00:00.4", OK, "2024-01-01 12:00:00"},
	/* PostgreSQL rounds the value, which counts from 2000: halves before
	 * 2000 go down */
	{FQ_T_TIMESTAMP, 0, DEF, "1999-12-31 23:59:59.5", OK, "1999-12-31 23:59:59"},
	{FQ_T_TIMESTAMP, 0, DEF, "1999-12-31 23:59:59.6", OK, "2000-01-01 00:00:00"},
	{FQ_T_TIMESTAMP, 3, DEF, "2024-01-01 12:00:00.1235", OK, "2024-01-01 12:00:00.124"},
	{FQ_T_TIMESTAMP, 3, DEF, "2024-01-01 12:00:00.1234", OK, "2024-01-01 12:00:00.123"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30+00", OK, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30.5+02", OK, "2024-02-29 11:45:30.5+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30Z", OK, "2024-02-29 13:45:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00:00z", OK, "2024-01-01 12:00:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29T13:45:30-0530", OK, "2024-02-29 19:15:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30 -05:30", OK, "2024-02-29 19:15:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30+05:30:15", OK, "2024-02-29 08:15:15+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30 UTC", OK, "2024-02-29 13:45:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30 gmt", OK, "2024-02-29 13:45:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-02-29 13:45:30", OK, "2024-02-29 13:45:30+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-03-01 01:00:00+02", OK, "2024-02-29 23:00:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 00:00:00+1", OK, "2023-12-31 23:00:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 +05", OK, "2023-12-31 19:00:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00 +1530", OK, "2023-12-31 20:30:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00:00+123", OK, "2024-01-01 10:37:00+00"},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "0001-01-01 00:00:00+00 BC", OK, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "4714-11-24 00:00:00+01 BC", RNG, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "294276-12-31 23:59:59-01", RNG, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00+16", RNG, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00+05:60", RNG, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00+5x", SYN, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00 -", SYN, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "2024-01-01 12:00 Mars/Base", SYN, NULL},
	{FQ_T_TIMESTAMPTZ, DEF, DEF, "infinity", OK, NULL},
	{FQ_T_TIMESTAMPTZ, 0, DEF, "2024-01-01 12:00:00.5+01", OK, "2024-01-01 11:00:01+00"},
};

static const text_case interval_cases[] = {
	/* PostgreSQL's own output reads back as it was */
	{FQ_T_INTERVAL, DEF, DEF, "1 year 2 mons 3 days 04:05:06.5", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-1 days", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 day -02:00:00", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-1 days +02:00:00", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-1 years -2 mons +3 days -04:05:06", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 mon -1 days", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "00:00:00", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "100:00:00", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-04:05:06.5", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-00:00:00.000001", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "2147483647 days", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-2147483648 days", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "178956970 years", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "-178956970 years -8 mons", OK, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "2562047788:00:54.775807", OK, NULL},
	/* other input forms */
	{FQ_T_INTERVAL, DEF, DEF, "0", OK, "00:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "5", OK, "00:00:05"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5", OK, "00:00:01.5"},
	{FQ_T_INTERVAL, DEF, DEF, "1 day 5", OK, "1 day 00:00:05"},
	{FQ_T_INTERVAL, DEF, DEF, "@ 1 hour ago", OK, "-01:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "@1 hour", OK, "01:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "@ 1 hour 2 min ago", OK, "-01:02:00"},
	{FQ_T_INTERVAL, DEF, DEF, "2 years ago", OK, "-2 years"},
	{FQ_T_INTERVAL, DEF, DEF, "-1 day -12:00:00 ago", OK, "1 day 12:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 years", OK, "1 year 6 mons"},
	{FQ_T_INTERVAL, DEF, DEF, "0.1 years", OK, "1 mon"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 mons", OK, "1 mon 15 days"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 weeks", OK, "10 days 12:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 days", OK, "1 day 12:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "-1.5 days", OK, "-1 days -12:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1.0000005 days", OK, "1 day 00:00:00.0432"},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 ms", OK, "00:00:00.0015"},
	{FQ_T_INTERVAL, DEF, DEF, "0.0000015 s", OK, "00:00:00.000001"},
	{FQ_T_INTERVAL, DEF, DEF, "1 12:00", OK, "1 day 12:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1-2", OK, "1 year 2 mons"},
	{FQ_T_INTERVAL, DEF, DEF, "-1-2", OK, "-1 years -2 mons"},
	{FQ_T_INTERVAL, DEF, DEF, "1d 2h 3m 4s", OK, "1 day 02:03:04"},
	{FQ_T_INTERVAL, DEF, DEF, "1 y", OK, "1 year"},
	{FQ_T_INTERVAL, DEF, DEF, "1 yr 1 hr", OK, "1 year 01:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1day", OK, "1 day"},
	{FQ_T_INTERVAL, DEF, DEF, "1 DAY", OK, "1 day"},
	{FQ_T_INTERVAL, DEF, DEF, "2 hours 30 minutes", OK, "02:30:00"},
	{FQ_T_INTERVAL, DEF, DEF, "10 ms", OK, "00:00:00.01"},
	{FQ_T_INTERVAL, DEF, DEF, "7 us", OK, "00:00:00.000007"},
	{FQ_T_INTERVAL, DEF, DEF, "1 ms 1 us", OK, "00:00:00.001001"},
	{FQ_T_INTERVAL, DEF, DEF, "1 week 1 day", OK, "8 days"},
	{FQ_T_INTERVAL, DEF, DEF, "12 mons", OK, "1 year"},
	{FQ_T_INTERVAL, DEF, DEF, "-14 mons", OK, "-1 years -2 mons"},
	{FQ_T_INTERVAL, DEF, DEF, "1 decade 1 century", OK, "110 years"},
	{FQ_T_INTERVAL, DEF, DEF, "1 millennium", OK, "1000 years"},
	{FQ_T_INTERVAL, DEF, DEF, "1:2", OK, "01:02:00"},
	{FQ_T_INTERVAL, DEF, DEF, "1:2:3.25", OK, "01:02:03.25"},
	{FQ_T_INTERVAL, DEF, DEF, "P1Y2M3DT4H5M6S", OK, "1 year 2 mons 3 days 04:05:06"},
	{FQ_T_INTERVAL, DEF, DEF, "P1Y2M3DT4H5M6.5S", OK, "1 year 2 mons 3 days 04:05:06.5"},
	{FQ_T_INTERVAL, DEF, DEF, "PT0.5S", OK, "00:00:00.5"},
	{FQ_T_INTERVAL, DEF, DEF, "P1W", OK, "7 days"},
	{FQ_T_INTERVAL, DEF, DEF, "P-1D", OK, "-1 days"},
	{FQ_T_INTERVAL, DEF, DEF, "P1.5Y", OK, "1 year 6 mons"},
	{FQ_T_INTERVAL, DEF, DEF, "PT1.5H", OK, "01:30:00"},
	{FQ_T_INTERVAL, DEF, DEF, "PT36H", OK, "36:00:00"},
	{FQ_T_INTERVAL, DEF, DEF, "P1M", OK, "1 mon"},
	{FQ_T_INTERVAL, DEF, DEF, "PT1M", OK, "00:01:00"},
	{FQ_T_INTERVAL, DEF, DEF, "PT", OK, "00:00:00"},
	/* errors */
	{FQ_T_INTERVAL, DEF, DEF, "", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "@", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "ago", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "P", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "p1d", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "P1D2H", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 foo", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 2", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "5 ago", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 day 1 day", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 mon 1 month", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 hour 01:00", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "01:00 02:00", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1.5 s 1 ms", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1 12:00 1 day", SYN, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "2147483648 days", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "178956971 years", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "2562047788:00:54.775808", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "99999999999999999999 days", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1:60", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1:59:61", RNG, NULL},
	{FQ_T_INTERVAL, DEF, DEF, "1-13", RNG, NULL},
};

static const text_case uuid_cases[] = {
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", OK, NULL},
	{FQ_T_UUID, DEF, DEF, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "a0eebc999c0b4ef8bb6d6bb9bd380a11", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "{a0eebc999c0b4ef8bb6d6bb9bd380a11}", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11", OK,
	 "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{FQ_T_UUID, DEF, DEF, "00000000-0000-0000-0000-000000000000", OK, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", SYN, NULL},
	{FQ_T_UUID, DEF, DEF, "", SYN, NULL},
};

static const text_case bytea_cases[] = {
	{FQ_T_BYTEA, DEF, DEF, "\\x", OK, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\x0aff", OK, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\xDEADbeef", OK, "\\xdeadbeef"},
	{FQ_T_BYTEA, DEF, DEF, "\\x 0a ff ", OK, "\\x0aff"},
	{FQ_T_BYTEA, DEF, DEF, "abc", OK, "\\x616263"},
	{FQ_T_BYTEA, DEF, DEF, " ab", OK, "\\x206162"},
	{FQ_T_BYTEA, DEF, DEF, "a\\\\b", OK, "\\x615c62"},
	{FQ_T_BYTEA, DEF, DEF, "\\001\\377", OK, "\\x01ff"},
	{FQ_T_BYTEA, DEF, DEF, "\\000", OK, "\\x00"},
	{FQ_T_BYTEA, DEF, DEF, "", OK, "\\x"},
	{FQ_T_BYTEA, DEF, DEF, "\\x0", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\x0 a", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\xzz", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\x0a\\x0b", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\X0A", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\400", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\12", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "\\", SYN, NULL},
	{FQ_T_BYTEA, DEF, DEF, "a\\", SYN, NULL},
};

/* Equal values: same bytes for fixed types, same contents for strings. */
static bool
same_value(const void *a, const void *b, const fq_type *t)
{
	if (t->id == FQ_T_CHAR || t->id == FQ_T_VARCHAR || t->id == FQ_T_BYTEA ||
		t->id == FQ_T_UNKNOWN)
	{
		const fq_string *x = a;
		const fq_string *y = b;

		return x->len == y->len && (x->len == 0 || memcmp(x->ptr, y->ptr, x->len) == 0);
	}
	if (t->id == FQ_T_DECIMAL)
	{
		const fq_numeric *x = a;
		const fq_numeric *y = b;

		return x->kind == y->kind && x->dscale == y->dscale && fq_num_cmp(x, y) == 0;
	}
	if (t->id == FQ_T_FLOAT8 && isnan(*(const double *) a))
		return isnan(*(const double *) b);
	if (t->id == FQ_T_FLOAT4 && isnan(*(const float *) a))
		return isnan(*(const float *) b);
	return memcmp(a, b, fq_type_size(t)) == 0;
}

/*
 * One case: the conversion status, the text printed, and that the printed
 * text reads back as the same value and prints the same again.
 */
static void
check_text_case(const text_case *c)
{
	fq_type t = mktype(c->id, c->a, c->b);
	fq_int128 slot[2];
	fq_int128 again[2];
	const char *want = c->out != NULL ? c->out : c->in;
	char text[512];
	fq_conv rc;

	memset(slot, 0, sizeof(slot));
	memset(again, 0, sizeof(again));
	rc = parse(c->in, &t, slot);
	ck_assert_msg(rc == c->conv, "%s \"%s\": conv %d, expected %d",
				  fq_type_name(t.id), c->in, rc, c->conv);
	if (rc != FQ_CONV_OK)
		return;
	snprintf(text, sizeof(text), "%s", fmt(slot, &t, false));
	ck_assert_msg(strcmp(text, want) == 0, "%s \"%s\": printed \"%s\", expected \"%s\"",
				  fq_type_name(t.id), c->in, text, want);
	rc = parse(text, &t, again);
	ck_assert_msg(rc == FQ_CONV_OK, "%s: output \"%s\" does not read back",
				  fq_type_name(t.id), text);
	ck_assert_msg(same_value(slot, again, &t), "%s: \"%s\" reads back as another value",
				  fq_type_name(t.id), text);
	ck_assert_str_eq(fmt(again, &t, false), text);
}

#define TEXT_TEST(name, table) \
	START_TEST(name) \
	{ \
		check_text_case(&(table)[_i]); \
	} \
	END_TEST

TEXT_TEST(test_text_bool, bool_cases)
TEXT_TEST(test_text_int, int_cases)
TEXT_TEST(test_text_decimal, decimal_cases)
TEXT_TEST(test_text_float, float_cases)
TEXT_TEST(test_text_string, string_cases)
TEXT_TEST(test_text_date, date_cases)
TEXT_TEST(test_text_time, time_cases)
TEXT_TEST(test_text_timestamp, timestamp_cases)
TEXT_TEST(test_text_interval, interval_cases)
TEXT_TEST(test_text_uuid, uuid_cases)
TEXT_TEST(test_text_bytea, bytea_cases)

START_TEST(test_text_physical_values)
{
	fq_type t;
	int16_t i2;
	int32_t i4;
	int64_t i8;
	uint8_t b;
	fq_interval iv;
	fq_uuid u;
	fq_string s;
	fq_numeric num;
	fq_int128 d128;
	int scale;

	t = fq_type_make(FQ_T_BOOL);
	ck_assert_int_eq(parse("yes", &t, &b), FQ_CONV_OK);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(parse("off", &t, &b), FQ_CONV_OK);
	ck_assert_int_eq(b, 0);
	t = fq_type_make(FQ_T_INT2);
	ck_assert_int_eq(parse("-32768", &t, &i2), FQ_CONV_OK);
	ck_assert_int_eq(i2, INT16_MIN);
	t = fq_type_make(FQ_T_INT4);
	ck_assert_int_eq(parse("2147483647", &t, &i4), FQ_CONV_OK);
	ck_assert_int_eq(i4, INT32_MAX);
	t = fq_type_make(FQ_T_INT8);
	ck_assert_int_eq(parse("-9223372036854775808", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == INT64_MIN);

	/* DECIMAL is an fq_numeric of any precision, keeping its scale */
	t = fq_type_decimal(18, 2);
	ck_assert_int_eq(parse("123.45", &t, &num), FQ_CONV_OK);
	ck_assert_int_eq(fq_numeric_to_parts(&num, true, &d128, &scale), 0);
	ck_assert(d128 == 12345 && scale == 2);
	t = fq_type_decimal(38, 2);
	ck_assert_int_eq(parse("-123.45", &t, &num), FQ_CONV_OK);
	ck_assert_int_eq(fq_numeric_to_parts(&num, true, &d128, &scale), 0);
	ck_assert(d128 == -12345 && scale == 2);

	t = fq_type_make(FQ_T_DATE);
	ck_assert_int_eq(parse("2000-01-02", &t, &i4), FQ_CONV_OK);
	ck_assert_int_eq(i4, 1);
	ck_assert_int_eq(parse("infinity", &t, &i4), FQ_CONV_OK);
	ck_assert_int_eq(i4, FQ_DATE_POS_INFINITY);
	ck_assert_int_eq(parse("-infinity", &t, &i4), FQ_CONV_OK);
	ck_assert_int_eq(i4, FQ_DATE_NEG_INFINITY);
	ck_assert_int_eq(parse("0001-01-01 BC", &t, &i4), FQ_CONV_OK);
	ck_assert_int_eq(i4, fq_date_from_ymd(0, 1, 1));

	t = fq_type_make(FQ_T_TIME);
	ck_assert_int_eq(parse("00:00:01.5", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == 1500000);
	t = fq_type_make(FQ_T_TIMESTAMP);
	ck_assert_int_eq(parse("2000-01-01 00:00:00.000001", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == 1);
	ck_assert_int_eq(parse("infinity", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == FQ_TIMESTAMP_POS_INFINITY);
	ck_assert_int_eq(parse("-infinity", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == FQ_TIMESTAMP_NEG_INFINITY);
	t = fq_type_make(FQ_T_TIMESTAMPTZ);
	ck_assert_int_eq(parse("2000-01-01 01:00:00+01", &t, &i8), FQ_CONV_OK);
	ck_assert(i8 == 0);

	t = fq_type_make(FQ_T_INTERVAL);
	ck_assert_int_eq(parse("1 year 2 mons 3 days 04:05:06.5", &t, &iv), FQ_CONV_OK);
	ck_assert_int_eq(iv.months, 14);
	ck_assert_int_eq(iv.days, 3);
	ck_assert(iv.usecs == INT64_C(14706500000));
	ck_assert_int_eq(parse("1 day -02:00:00", &t, &iv), FQ_CONV_OK);
	ck_assert_int_eq(iv.days, 1);
	ck_assert(iv.usecs == INT64_C(-7200000000));

	t = fq_type_make(FQ_T_UUID);
	ck_assert_int_eq(parse("{000102030405060708090A0B0C0D0E0F}", &t, &u), FQ_CONV_OK);
	for (int i = 0; i < 16; i++)
		ck_assert_int_eq(u.bytes[i], i);

	t = fq_type_make(FQ_T_BYTEA);
	ck_assert_int_eq(parse("\\x00ff10", &t, &s), FQ_CONV_OK);
	ck_assert_uint_eq(s.len, 3);
	ck_assert(memcmp(s.ptr, "\x00\xff\x10", 3) == 0);

	/* strings are copied into the arena, not pointed at */
	{
		char src[] = "copied";

		t = fq_type_make(FQ_T_VARCHAR);
		ck_assert_int_eq(parse(src, &t, &s), FQ_CONV_OK);
		src[0] = 'X';
		ck_assert_uint_eq(s.len, 6);
		ck_assert(memcmp(s.ptr, "copied", 6) == 0);
	}

	/* n bounds the input; text need not be NUL-terminated */
	t = fq_type_make(FQ_T_INT4);
	ck_assert_int_eq(fq_parse_text("12345", 3, &t, &i4, arena), FQ_CONV_OK);
	ck_assert_int_eq(i4, 123);
	t = fq_type_make(FQ_T_DATE);
	ck_assert_int_eq(fq_parse_text("2024-01-015", 10, &t, &i4, arena), FQ_CONV_OK);
	ck_assert_int_eq(i4, fq_date_from_ymd(2024, 1, 1));
}
END_TEST

/* Values that do not come from text: extremes of each representation. */
START_TEST(test_text_format_extremes)
{
	fq_type t;
	fq_interval iv;
	double d;
	float f;
	uint8_t b = 1;
	int32_t days;
	int64_t ts;

	t = fq_type_make(FQ_T_BOOL);
	ck_assert_str_eq(fmt(&b, &t, false), "t");
	ck_assert_str_eq(fmt(&b, &t, true), "1");
	b = 0;
	ck_assert_str_eq(fmt(&b, &t, false), "f");
	ck_assert_str_eq(fmt(&b, &t, true), "0");

	t = fq_type_make(FQ_T_FLOAT8);
	d = 0.1;
	ck_assert_str_eq(fmt(&d, &t, false), "0.1");
	d = 1e20;
	ck_assert_str_eq(fmt(&d, &t, false), "1e+20");
	d = 1e-7;
	ck_assert_str_eq(fmt(&d, &t, false), "1e-07");
	d = 123456789.0;
	ck_assert_str_eq(fmt(&d, &t, false), "123456789");
	d = DBL_MAX;
	ck_assert_str_eq(fmt(&d, &t, false), "1.7976931348623157e+308");
	d = -DBL_MIN;
	ck_assert_str_eq(fmt(&d, &t, false), "-2.2250738585072014e-308");
	d = 1.0 / 3;
	ck_assert_str_eq(fmt(&d, &t, false), "0.3333333333333333");
	d = NAN;
	ck_assert_str_eq(fmt(&d, &t, false), "NaN");
	d = -INFINITY;
	ck_assert_str_eq(fmt(&d, &t, false), "-Infinity");
	d = -0.0;
	ck_assert_str_eq(fmt(&d, &t, false), "-0");

	t = fq_type_make(FQ_T_FLOAT4);
	f = FLT_MAX;
	ck_assert_str_eq(fmt(&f, &t, false), "3.4028235e+38");
	f = 0.1f;
	ck_assert_str_eq(fmt(&f, &t, false), "0.1");
	f = 1e-7f;
	ck_assert_str_eq(fmt(&f, &t, false), "1e-07");
	f = 100000.0f;
	ck_assert_str_eq(fmt(&f, &t, false), "100000");
	f = INFINITY;
	ck_assert_str_eq(fmt(&f, &t, false), "Infinity");

	t = fq_type_make(FQ_T_INTERVAL);
	iv = (fq_interval) {0, 0, 0};
	ck_assert_str_eq(fmt(&iv, &t, false), "00:00:00");
	iv = (fq_interval) {INT64_MIN, INT32_MIN, INT32_MIN};
	ck_assert_str_eq(fmt(&iv, &t, false),
					 "-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808");
	iv = (fq_interval) {INT64_MAX, INT32_MAX, INT32_MAX};
	ck_assert_str_eq(fmt(&iv, &t, false),
					 "178956970 years 7 mons 2147483647 days 2562047788:00:54.775807");
	iv = (fq_interval) {1, 0, 1};
	ck_assert_str_eq(fmt(&iv, &t, false), "1 mon 00:00:00.000001");

	t = fq_type_make(FQ_T_DATE);
	days = fq_date_from_ymd(0, 12, 31);
	ck_assert_str_eq(fmt(&days, &t, false), "0001-12-31 BC");
	days = fq_date_from_ymd(-1, 1, 1);
	ck_assert_str_eq(fmt(&days, &t, false), "0002-01-01 BC");

	t = fq_type_make(FQ_T_TIMESTAMPTZ);
	ts = INT64_C(-63082281600000000); /* 0001-01-01 00:00:00 */
	ck_assert_str_eq(fmt(&ts, &t, false), "0001-01-01 00:00:00+00");
	ts -= 1;
	ck_assert_str_eq(fmt(&ts, &t, false), "0001-12-31 23:59:59.999999+00 BC");
	ts = FQ_TIMESTAMP_NEG_INFINITY;
	ck_assert_str_eq(fmt(&ts, &t, false), "-infinity");
}
END_TEST

/* ------------------------------------------------------------------ */
/* fq_format_value                                                     */
/* ------------------------------------------------------------------ */

START_TEST(test_format_value_rows)
{
	int32_t ints[3] = {7, -123456, 42};
	uint8_t bools[2] = {1, 0};
	fq_numeric decs[2];
	fq_string strs[2] = {{"hello world", 11}, {"", 0}};
	fq_vector v;
	char buf[64];

	v = (fq_vector) {fq_type_make(FQ_T_INT4), ints, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 1, buf, sizeof(buf), false), 7);
	ck_assert_str_eq(buf, "-123456");
	ck_assert_uint_eq(fq_format_value(&v, 2, buf, sizeof(buf), false), 2);
	ck_assert_str_eq(buf, "42");

	v = (fq_vector) {fq_type_make(FQ_T_BOOL), bools, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, sizeof(buf), false), 1);
	ck_assert_str_eq(buf, "t");
	ck_assert_uint_eq(fq_format_value(&v, 1, buf, sizeof(buf), true), 1);
	ck_assert_str_eq(buf, "0");
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, sizeof(buf), true), 1);
	ck_assert_str_eq(buf, "1");

	fq_numeric_from_parts(-12345, 3, &decs[0]);
	fq_numeric_from_parts(5, 3, &decs[1]);
	v = (fq_vector) {fq_type_decimal(30, 3), decs, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, sizeof(buf), false), 7);
	ck_assert_str_eq(buf, "-12.345");
	ck_assert_uint_eq(fq_format_value(&v, 1, buf, sizeof(buf), false), 5);
	ck_assert_str_eq(buf, "0.005");

	v = (fq_vector) {fq_type_make(FQ_T_VARCHAR), strs, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, sizeof(buf), false), 11);
	ck_assert_str_eq(buf, "hello world");
	ck_assert_uint_eq(fq_format_value(&v, 1, buf, sizeof(buf), false), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_format_value_truncation)
{
	int64_t big = INT64_C(-9223372036854775807) - 1;
	fq_string str = {"abcdef", 6};
	fq_string bin = {"\x01\xab\xff", 3};
	double d = 0.1;
	fq_vector v;
	char buf[16];

	v = (fq_vector) {fq_type_make(FQ_T_INT8), &big, NULL};
	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 5, false), 20);
	ck_assert_str_eq(buf, "-922");
	ck_assert_int_eq(buf[5], 'Z'); /* nothing past cap */
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 1, false), 20);
	ck_assert_str_eq(buf, "");
	/* cap 0: only the length; the buffer is not touched */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 0, false), 20);
	ck_assert_int_eq(buf[0], 'Z');
	ck_assert_uint_eq(fq_format_value(&v, 0, NULL, 0, false), 20);

	v = (fq_vector) {fq_type_make(FQ_T_VARCHAR), &str, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 4, false), 6);
	ck_assert_str_eq(buf, "abc");
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 7, false), 6);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_uint_eq(fq_format_value(&v, 0, NULL, 0, false), 6);

	v = (fq_vector) {fq_type_make(FQ_T_BYTEA), &bin, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, sizeof(buf), false), 8);
	ck_assert_str_eq(buf, "\\x01abff");
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 6, false), 8);
	ck_assert_str_eq(buf, "\\x01a");
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 2, false), 8);
	ck_assert_str_eq(buf, "\\");

	v = (fq_vector) {fq_type_make(FQ_T_FLOAT8), &d, NULL};
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 3, false), 3);
	ck_assert_str_eq(buf, "0.");
	ck_assert_uint_eq(fq_format_value(&v, 0, buf, 4, false), 3);
	ck_assert_str_eq(buf, "0.1");
}
END_TEST

/* fq_format_value and fq_format_text agree for every type. */
START_TEST(test_format_value_matches_text)
{
	static const struct
	{
		fq_type_id id;
		int a;
		int b;
		const char *in;
	} cases[] = {
		{FQ_T_BOOL, DEF, DEF, "t"},
		{FQ_T_INT2, DEF, DEF, "-32768"},
		{FQ_T_INT4, DEF, DEF, "2147483647"},
		{FQ_T_INT8, DEF, DEF, "-9223372036854775808"},
		{FQ_T_DECIMAL, 18, 4, "-12345678901234.5678"},
		{FQ_T_DECIMAL, 38, 10, "1234567890123456789012345678.0123456789"},
		{FQ_T_FLOAT4, DEF, DEF, "3.4028235e+38"},
		{FQ_T_FLOAT8, DEF, DEF, "-1.2345678901234568e-300"},
		{FQ_T_CHAR, 4, DEF, "ab  "},
		{FQ_T_VARCHAR, DEF, DEF, "some text"},
		{FQ_T_UNKNOWN, DEF, DEF, "untyped"},
		{FQ_T_DATE, DEF, DEF, "4714-11-24 BC"},
		{FQ_T_TIME, DEF, DEF, "23:59:59.999999"},
		{FQ_T_TIMESTAMP, DEF, DEF, "294276-12-31 23:59:59.999999"},
		{FQ_T_TIMESTAMPTZ, DEF, DEF, "0001-01-01 00:00:00+00 BC"},
		{FQ_T_INTERVAL, DEF, DEF, "-178956970 years -8 mons -2147483648 days -00:00:00.000001"},
		{FQ_T_UUID, DEF, DEF, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{FQ_T_BYTEA, DEF, DEF, "\\x00112233445566778899aabbccddeeff"},
	};

	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		fq_type t = mktype(cases[i].id, cases[i].a, cases[i].b);
		fq_numeric slots[3];
		fq_vector v = {t, slots, NULL};
		char *row2 = (char *) slots + 2 * fq_type_size(&t);
		char buf[128];
		size_t len;

		ck_assert_int_eq(parse(cases[i].in, &t, row2), FQ_CONV_OK);
		len = fq_format_value(&v, 2, buf, sizeof(buf), false);
		ck_assert_str_eq(buf, cases[i].in);
		ck_assert_uint_eq(len, strlen(cases[i].in));
		ck_assert_str_eq(fmt(row2, &t, false), cases[i].in);
	}
}
END_TEST

/* fq_format_text appends to what the buffer holds. */
START_TEST(test_format_text_appends)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	fq_type t = fq_type_make(FQ_T_INT4);
	fq_type bt = fq_type_make(FQ_T_BYTEA);
	int32_t v = 5;
	fq_string bin = {"\x7f", 1};

	fq_strbuf_append(&b, "x=");
	fq_format_text(&v, &t, false, &b);
	fq_strbuf_append(&b, ",");
	fq_format_text(&bin, &bt, false, &b);
	ck_assert(fq_strbuf_ok(&b));
	ck_assert_str_eq(fq_strbuf_str(&b), "x=5,\\x7f");
	ck_assert_uint_eq(b.len, 8);
	fq_strbuf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */

static void
add_loop(TCase *tc, const TTest *test, size_t n)
{
	tcase_add_loop_test(tc, test, 0, (int) n);
}

static Suite *
types_suite(void)
{
	Suite *s = suite_create("types");
	TCase *tc;

	tc = tcase_create("properties");
	tcase_add_test(tc, test_type_make_defaults);
	add_loop(tc, test_type_size, N_ELEMS(size_cases));
	tcase_add_test(tc, test_type_equal_and_predicates);
	add_loop(tc, test_type_name, N_ELEMS(name_cases));
	add_loop(tc, test_type_format, N_ELEMS(format_cases));
	add_loop(tc, test_type_from_name, N_ELEMS(from_name_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("calendar");
	add_loop(tc, test_date_ymd, N_ELEMS(ymd_cases));
	tcase_add_test(tc, test_date_valid);
	tcase_add_test(tc, test_date_roundtrip_sweep);
	tcase_add_test(tc, test_split_make);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_text_bool, N_ELEMS(bool_cases));
	add_loop(tc, test_text_int, N_ELEMS(int_cases));
	add_loop(tc, test_text_decimal, N_ELEMS(decimal_cases));
	add_loop(tc, test_text_float, N_ELEMS(float_cases));
	add_loop(tc, test_text_string, N_ELEMS(string_cases));
	add_loop(tc, test_text_date, N_ELEMS(date_cases));
	add_loop(tc, test_text_time, N_ELEMS(time_cases));
	add_loop(tc, test_text_timestamp, N_ELEMS(timestamp_cases));
	add_loop(tc, test_text_interval, N_ELEMS(interval_cases));
	add_loop(tc, test_text_uuid, N_ELEMS(uuid_cases));
	add_loop(tc, test_text_bytea, N_ELEMS(bytea_cases));
	tcase_add_test(tc, test_text_physical_values);
	tcase_add_test(tc, test_text_format_extremes);
	suite_add_tcase(s, tc);

	tc = tcase_create("format_value");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_format_value_rows);
	tcase_add_test(tc, test_format_value_truncation);
	tcase_add_test(tc, test_format_value_matches_text);
	tcase_add_test(tc, test_format_text_appends);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(types_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
