/*
 * check_driver.c — unit tests of the driver's pure parts: connection
 * strings, UTF-8/UTF-16 at the boundary, ODBC's output-string rules,
 * decimal and datetime text.  No driver manager, engine or server needed.
 */
#include "driver/driver.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---- connection strings ---- */

START_TEST(connstr_basic)
{
	drv_kvlist l = {0};
	const char *err;

	ck_assert(drv_connstr_parse("DSN=fedq;UID=bob; PWD = secret ;", &l, &err));
	ck_assert_int_eq(l.n, 3);
	ck_assert_str_eq(drv_kv_get(&l, "dsn"), "fedq");
	ck_assert_str_eq(drv_kv_get(&l, "Uid"), "bob");
	ck_assert_str_eq(drv_kv_get(&l, "PWD"), "secret");
	ck_assert_ptr_null(drv_kv_get(&l, "Server"));
	drv_kv_free(&l);
}
END_TEST

START_TEST(connstr_braces)
{
	drv_kvlist l = {0};
	const char *err;

	ck_assert(drv_connstr_parse("DRIVER={fedq};PWD={a;b=c}};d};Server= {  x }", &l, &err));
	ck_assert_str_eq(drv_kv_get(&l, "driver"), "fedq");
	ck_assert_str_eq(drv_kv_get(&l, "pwd"), "a;b=c};d");
	ck_assert_str_eq(drv_kv_get(&l, "server"), "  x ");
	drv_kv_free(&l);
}
END_TEST

START_TEST(connstr_last_wins)
{
	drv_kvlist l = {0};
	const char *err;

	ck_assert(drv_connstr_parse("Port=1;port=2;PORT=3", &l, &err));
	ck_assert_int_eq(l.n, 1);
	ck_assert_str_eq(drv_kv_get(&l, "Port"), "3");
	drv_kv_free(&l);
}
END_TEST

START_TEST(connstr_errors)
{
	drv_kvlist l = {0};
	const char *err = NULL;

	ck_assert(!drv_connstr_parse("DSN=x;junk", &l, &err));
	ck_assert_ptr_nonnull(err);
	drv_kv_free(&l);
	ck_assert(!drv_connstr_parse("PWD={never closed", &l, &err));
	drv_kv_free(&l);
	ck_assert(!drv_connstr_parse("PWD={a}b", &l, &err));
	drv_kv_free(&l);
	ck_assert(!drv_connstr_parse("=x", &l, &err));
	drv_kv_free(&l);
	ck_assert(drv_connstr_parse("", &l, &err));
	ck_assert_int_eq(l.n, 0);
	ck_assert(drv_connstr_parse(";;", &l, &err));
	drv_kv_free(&l);
}
END_TEST

START_TEST(connstr_roundtrip)
{
	drv_buf b = {0};
	drv_kvlist l = {0};
	const char *err;

	drv_connstr_append(&b, "PWD", "p;w}d");
	drv_connstr_append(&b, "UID", "plain");
	drv_connstr_append(&b, "X", " lead");
	ck_assert_str_eq(b.data, "PWD={p;w}}d};UID=plain;X={ lead};");
	ck_assert(drv_connstr_parse(b.data, &l, &err));
	ck_assert_str_eq(drv_kv_get(&l, "PWD"), "p;w}d");
	ck_assert_str_eq(drv_kv_get(&l, "X"), " lead");
	drv_kv_free(&l);
	drv_buf_free(&b);
}
END_TEST

/* ---- UTF-8 / UTF-16 ---- */

START_TEST(utf16_roundtrip)
{
	/* a, e-acute, euro, grinning face (a surrogate pair) */
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	SQLWCHAR w[16];
	size_t n = drv_utf8_to_utf16(s, strlen(s), w, 16);
	drv_buf b = {0};

	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(w[0], 'a');
	ck_assert_uint_eq(w[1], 0xe9);
	ck_assert_uint_eq(w[2], 0x20ac);
	ck_assert_uint_eq(w[3], 0xd83d);
	ck_assert_uint_eq(w[4], 0xde00);
	drv_utf16_to_utf8(w, n, &b);
	ck_assert_uint_eq(b.len, strlen(s));
	ck_assert_mem_eq(b.data, s, b.len);
	drv_buf_free(&b);
}
END_TEST

START_TEST(utf8_invalid)
{
	SQLWCHAR w[8];
	size_t n = drv_utf8_to_utf16("\xff" "a" "\xc3", 3, w, 8);
	SQLWCHAR lone[1] = {0xd800};
	drv_buf b = {0};

	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(w[0], 0xfffd);
	ck_assert_uint_eq(w[1], 'a');
	ck_assert_uint_eq(w[2], 0xfffd);
	drv_utf16_to_utf8(lone, 1, &b);
	ck_assert_str_eq(b.data, "\xef\xbf\xbd");
	drv_buf_free(&b);
}
END_TEST

START_TEST(wstr_dup)
{
	SQLWCHAR w[] = {'S', 'E', 'L', 0xe9, 0};
	bool ok;
	char *s = drv_wstr_dup(w, SQL_NTS, &ok);

	ck_assert(ok);
	ck_assert_str_eq(s, "SEL\xc3\xa9");
	free(s);
	s = drv_wstr_dup(w, 2, &ok);
	ck_assert_str_eq(s, "SE");
	free(s);
	ck_assert_ptr_null(drv_wstr_dup(NULL, SQL_NTS, &ok));
	ck_assert(ok);
	drv_wstr_dup(w, -5, &ok);
	ck_assert(!ok);
}
END_TEST

/* Zero-length wide strings, as pyodbc passes '' (length 0) and C callers
 * L"" (SQL_NTS): an empty, terminated string, never an unwritten buffer. */
START_TEST(wstr_dup_empty)
{
	SQLWCHAR empty[] = {0, 'x', 'y', 0};
	SQLWCHAR junk[] = {'j', 'u', 'n', 'k', 0};
	bool ok = false;
	char *s = drv_wstr_dup(empty, SQL_NTS, &ok);

	ck_assert(ok);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
	ok = false;
	s = drv_wstr_dup(junk, 0, &ok);
	ck_assert(ok);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* A buffer that was only reserved reads as the empty string. */
START_TEST(buf_reserved_is_empty)
{
	drv_buf b = {0};

	ck_assert(drv_buf_reserve(&b, 10));
	ck_assert_str_eq(b.data, "");
	drv_buf_free(&b);
}
END_TEST

/* ---- output strings ---- */

START_TEST(put_str_ansi)
{
	char buf[8];
	SQLLEN n = -1;

	ck_assert(!drv_put_str("fedq", false, false, buf, sizeof(buf), &n));
	ck_assert_str_eq(buf, "fedq");
	ck_assert_int_eq(n, 4);
	/* Truncation keeps room for the terminator and reports the full length. */
	ck_assert(drv_put_str("abcdefghij", false, false, buf, 4, &n));
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(n, 10);
	/* Never half a character: "é" is two bytes. */
	ck_assert(drv_put_str("ab\xc3\xa9", false, false, buf, 4, &n));
	ck_assert_str_eq(buf, "ab");
	/* NULL buffer: length only, no truncation. */
	ck_assert(!drv_put_str("abc", false, false, NULL, 0, &n));
	ck_assert_int_eq(n, 3);
	/* Zero-length buffer: nothing written, truncated. */
	buf[0] = 'X';
	ck_assert(drv_put_str("abc", false, false, buf, 0, &n));
	ck_assert_int_eq(buf[0], 'X');
}
END_TEST

START_TEST(put_str_wide)
{
	SQLWCHAR w[8];
	SQLLEN n;

	ck_assert(!drv_put_str("h\xc3\xa9", true, false, w, 8, &n));
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(w[1], 0xe9);
	ck_assert_uint_eq(w[2], 0);
	/* Lengths in bytes (SQLGetInfoW, SQLColAttributeW). */
	ck_assert(!drv_put_str("abc", true, true, w, 16, &n));
	ck_assert_int_eq(n, 6);
	ck_assert(drv_put_str("abcdef", true, true, w, 6, &n));
	ck_assert_int_eq(n, 12);
	ck_assert_uint_eq(w[1], 'b');
	ck_assert_uint_eq(w[2], 0);
	/* A surrogate pair is not split: room for 2 units + NUL. */
	ck_assert(drv_put_str("a\xf0\x9f\x98\x80", true, false, w, 3, &n));
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(w[0], 'a');
	ck_assert_uint_eq(w[1], 0);
}
END_TEST

/* ---- decimals ---- */

static void
check_dec(const char *text, int want_scale, int rc, const char *formatted)
{
	fq_int128 v = 0;
	int scale = -1;
	char buf[48];

	ck_assert_msg(drv_dec_parse(text, strlen(text), want_scale, &v, &scale) == rc,
				  "parse of '%s'", text);
	if (rc == 0)
	{
		drv_dec_format(v, scale, buf);
		ck_assert_msg(strcmp(buf, formatted) == 0, "'%s' gave '%s', want '%s'",
					  text, buf, formatted);
	}
}

START_TEST(decimal_parse)
{
	check_dec("123.45", -1, 0, "123.45");
	check_dec(" -0.5 ", -1, 0, "-0.5");
	check_dec("+7", -1, 0, "7");
	check_dec("1e3", -1, 0, "1000");
	check_dec("1.5e-2", -1, 0, "0.015");
	check_dec("0012.3400", -1, 0, "12.34");
	check_dec(".25", -1, 0, "0.25");
	check_dec("2.345", 2, 0, "2.35");
	check_dec("-2.345", 2, 0, "-2.35");
	check_dec("2.344", 2, 0, "2.34");
	check_dec("5", 3, 0, "5.000");
	check_dec("99999999999999999999999999999999999999", -1, 0,
			  "99999999999999999999999999999999999999");
	check_dec("999999999999999999999999999999999999999", -1, -2, NULL);
	check_dec("abc", -1, -1, NULL);
	check_dec("1.2.3", -1, -1, NULL);
	check_dec("", -1, -1, NULL);
	check_dec("-", -1, -1, NULL);
	check_dec("1e", -1, -1, NULL);
}
END_TEST

START_TEST(decimal_format)
{
	char buf[48];

	drv_dec_format(12345, 2, buf);
	ck_assert_str_eq(buf, "123.45");
	drv_dec_format(-5, 3, buf);
	ck_assert_str_eq(buf, "-0.005");
	drv_dec_format(0, 0, buf);
	ck_assert_str_eq(buf, "0");
	drv_dec_format(-((fq_int128) 1 << 126), 0, buf);
	ck_assert_str_eq(buf, "-85070591730234615865843651857942052864");
}
END_TEST

/* ---- dates and times ---- */

START_TEST(datetime_parse)
{
	fq_timestamp_parts p;
	bool d, t;

	ck_assert(drv_parse_datetime("2024-02-29", 10, &p, &d, &t));
	ck_assert(d && !t);
	ck_assert_int_eq(p.year, 2024);
	ck_assert_int_eq(p.month, 2);
	ck_assert_int_eq(p.day, 29);
	ck_assert(!drv_parse_datetime("2023-02-29", 10, &p, &d, &t));
	ck_assert(drv_parse_datetime("13:45:30.123456", 15, &p, &d, &t));
	ck_assert(!d && t);
	ck_assert_int_eq(p.usec, 123456);
	ck_assert(drv_parse_datetime("2024-02-29 13:45:30.5", 21, &p, &d, &t));
	ck_assert(d && t);
	ck_assert_int_eq(p.usec, 500000);
	ck_assert(drv_parse_datetime("2024-02-29T01:02:03", 19, &p, &d, &t));
	ck_assert_int_eq(p.hour, 1);
	{
		const char *s = "{ts '2024-01-02 03:04:05'}";

		ck_assert(drv_parse_datetime(s, strlen(s), &p, &d, &t));
		ck_assert_int_eq(p.day, 2);
		ck_assert_int_eq(p.second, 5);
	}
	{
		const char *s = "{d '2024-01-02'}";

		ck_assert(drv_parse_datetime(s, strlen(s), &p, &d, &t));
		ck_assert(d && !t);
	}
	ck_assert(!drv_parse_datetime("25:00:00", 8, &p, &d, &t));
	ck_assert(!drv_parse_datetime("yesterday", 9, &p, &d, &t));
	ck_assert(!drv_parse_datetime("", 0, &p, &d, &t));
}
END_TEST

/* ODBC escapes: each form, nesting, literals and comments untouched. */
typedef struct esc_case
{
	const char *in;
	const char *out;  /* NULL: an error */
	bool unsupported;
} esc_case;

static const esc_case esc_cases[] = {
	{"SELECT 1", "SELECT 1", false},
	{"SELECT {d '2024-01-31'}, {t '13:45:00'}, {ts '2024-01-31 13:45:00'}",
	 "SELECT DATE '2024-01-31', TIME '13:45:00', TIMESTAMP '2024-01-31 13:45:00'", false},
	{"SELECT {fn UCASE({fn LTRIM(x)})} FROM t", "SELECT upper(ltrim(x)) FROM t", false},
	{"SELECT {fn CONCAT(a, 'b,c')}", "SELECT ((a) || ('b,c'))", false},
	/* arguments keep their grouping; a call is one call, not f(a) + g(b) */
	{"SELECT {fn MOD(a + 1, b - 1)}", "SELECT ((a + 1) % (b - 1))", false},
	{"SELECT {fn LOG(x)}, {fn LOG10(x)}, {fn PI()}, {fn RAND()}, {fn POWER(a, 2)}",
	 "SELECT ln(x), log10(x), pi(), random(), power(a, 2)", false},
	{"SELECT {fn LENGTH(a) + LENGTH(b)}", "SELECT LENGTH(a) + LENGTH(b)", false},
	{"SELECT {fn F(1,2,3,4,5,6,7,8,9,10)}", "SELECT F(1,2,3,4,5,6,7,8,9,10)", false},
	{"SELECT {fn LENGTH(x)}, {fn LOCATE('a', x)}", "SELECT length(rtrim(x)), strpos(x, 'a')", false},
	{"SELECT {fn CONVERT(x, SQL_BIGINT)}, {fn convert(y,sql_varchar)}",
	 "SELECT CAST(x AS bigint), CAST(y AS varchar)", false},
	{"SELECT {fn SUBSTRING(s, 2, f(a, b))}", "SELECT substring(s FROM 2 FOR f(a, b))", false},
	{"SELECT {fn DAYOFWEEK(d)}, {fn CURDATE()}, {fn NOW()}",
	 "SELECT (extract(dow FROM d) + 1), current_date, current_timestamp", false},
	{"SELECT {fn MYFUNC(1, 2)}", "SELECT MYFUNC(1, 2)", false},
	{"SELECT {fn TIMESTAMPADD(SQL_TSI_QUARTER, 2, {ts '2024-01-31 10:00:00'})}",
	 "SELECT ((TIMESTAMP '2024-01-31 10:00:00') + (2) * INTERVAL '3 months')", false},
	{"SELECT {fn TIMESTAMPADD( sql_tsi_week , -n, f(d, 1))}",
	 "SELECT ((f(d, 1)) + (-n) * INTERVAL '7 days')", false},
	{"SELECT {fn TIMESTAMPADD(SQL_TSI_FRAC_SECOND, 1, t)}", NULL, true},
	{"SELECT {fn TIMESTAMPADD(DAY, 1, t)}", NULL, false},
	{"SELECT {fn TIMESTAMPDIFF(SQL_TSI_YEAR, a, b)}",
	 "SELECT CAST(extract(year FROM age(CAST((b) AS timestamp), CAST((a) AS timestamp))) AS bigint)",
	 false},
	{"SELECT {fn TIMESTAMPDIFF(SQL_TSI_HOUR, a, f(b, 2))}",
	 "SELECT CAST(trunc(extract(epoch FROM (CAST((f(b, 2)) AS timestamp) - CAST((a) AS timestamp))) / "
	 "3600) AS bigint)", false},
	{"SELECT {fn TIMESTAMPDIFF(SQL_TSI_FRAC_SECOND, a, b)}", NULL, true},
	{"SELECT {fn TIMESTAMPDIFF(SQL_TSI_CENTURY, a, b)}", NULL, false},
	{"SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x = b.y}",
	 "SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.y", false},
	{"SELECT x LIKE 'a\\_%' {escape '\\'}", "SELECT x LIKE 'a\\_%' ESCAPE '\\'", false},
	{"SELECT {guid 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'}",
	 "SELECT CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid)", false},
	{"SELECT {INTERVAL '3' DAY}", "SELECT INTERVAL '3' DAY", false},
	/* braces in literals, identifiers, comments and dollar quotes stay */
	{"SELECT '{d 1}', \"{x}\" -- {fn y}\n/* {z */ $q${ts}$q$",
	 "SELECT '{d 1}', \"{x}\" -- {fn y}\n/* {z */ $q${ts}$q$", false},
	{"SELECT 'it''s {', {d '2024-01-01'}", "SELECT 'it''s {', DATE '2024-01-01'", false},
	{"{call p(1)}", NULL, true},
	{"{?= call p(1)}", NULL, true},
	{"SELECT {d '2024-01-01'", NULL, false},
	{"SELECT {nope 1}", NULL, false},
	{"SELECT {fn CONVERT(x, SQL_NOTHING)}", NULL, false},
};

START_TEST(escapes)
{
	const esc_case *c = &esc_cases[_i];
	const char *err = NULL;
	bool unsupported = true;
	char *out = drv_translate_escapes(c->in, &err, &unsupported);

	if (c->out == NULL)
	{
		ck_assert_msg(out == NULL, "%s: translated to %s", c->in, out ? out : "");
		ck_assert_ptr_nonnull(err);
		ck_assert_int_eq(unsupported, c->unsupported);
	}
	else
	{
		ck_assert_msg(out != NULL, "%s: %s", c->in, err ? err : "");
		ck_assert_str_eq(out, c->out);
	}
	free(out);
}
END_TEST

static Suite *
driver_suite(void)
{
	Suite *s = suite_create("driver");
	TCase *tc;

	tc = tcase_create("connstr");
	tcase_add_test(tc, connstr_basic);
	tcase_add_test(tc, connstr_braces);
	tcase_add_test(tc, connstr_last_wins);
	tcase_add_test(tc, connstr_errors);
	tcase_add_test(tc, connstr_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("unicode");
	tcase_add_test(tc, utf16_roundtrip);
	tcase_add_test(tc, utf8_invalid);
	tcase_add_test(tc, wstr_dup);
	tcase_add_test(tc, wstr_dup_empty);
	tcase_add_test(tc, buf_reserved_is_empty);
	tcase_add_test(tc, put_str_ansi);
	tcase_add_test(tc, put_str_wide);
	suite_add_tcase(s, tc);

	tc = tcase_create("escapes");
	tcase_add_loop_test(tc, escapes, 0, (int) (sizeof(esc_cases) / sizeof(esc_cases[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, decimal_parse);
	tcase_add_test(tc, decimal_format);
	tcase_add_test(tc, datetime_parse);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(driver_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
