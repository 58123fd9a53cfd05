/*
 * check_diag.c — unit suite for engine/core/diag and the SQLSTATE table
 * engine/fq_errcodes.def.
 *
 * What it specifies:
 *   - the table: every entry has a 5-character SQLSTATE and ODBC state made
 *     of digits and capitals, no SQLSTATE appears twice, and the fq_errcode
 *     enumerators index it;
 *   - fq_odbc_state maps the few codes ODBC applications act on (28P01 →
 *     28000, 08006 → 08S01, 53200 → HY001, 57014 → HY008) and passes every
 *     other state, known or not, through;
 *   - a diagnostics list keeps errors before warnings before notices, raise
 *     order within a severity; detail, hint, position, native code and
 *     prefix go to the record raised last wherever it sorted;
 *   - append copies, clear empties, fq_raise returns FQ_ERROR, and
 *     fq_raise_nomem names MemoryLimit when the query's limit was the cause.
 */
#include "fq.h"
#include "core/arena.h"
#include "core/diag.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The table as the .def file spells it, independent of diag.c's copy. */
static const struct
{
	const char *name;
	const char *state;
	const char *odbc;
	const char *text;
} table[] = {
#define FQ_ERRCODE(name, state, odbc, text) {#name, state, odbc, text},
#include "fq_errcodes.def"
#undef FQ_ERRCODE
};

static fq_diags *d;

static void
setup(void)
{
	d = fq_diags_new();
	ck_assert_ptr_nonnull(d);
}

static void
teardown(void)
{
	fq_diags_free(d);
	d = NULL;
}

static bool
state_chars_ok(const char *s)
{
	if (strlen(s) != 5)
		return false;
	for (int i = 0; i < 5; i++)
		if (!isdigit((unsigned char) s[i]) && !isupper((unsigned char) s[i]))
			return false;
	return true;
}

/* The records as "E:42601 N:01000 ...", in list order. */
static const char *
order(const fq_diags *dl)
{
	static char out[1024];
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < fq_diags_count(dl); i++)
	{
		const fq_diag *r = fq_diags_get(dl, i);

		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%c:%s", i ? " " : "",
							   "EWN"[r->severity], r->message);
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* The SQLSTATE table                                                  */
/* ------------------------------------------------------------------ */

START_TEST(test_table_entries_well_formed)
{
	ck_assert_int_eq((int) N_ELEMS(table), FQ_ERR__COUNT);
	for (size_t i = 0; i < N_ELEMS(table); i++)
	{
		ck_assert_msg(state_chars_ok(table[i].state), "%s: bad sqlstate \"%s\"",
					  table[i].name, table[i].state);
		ck_assert_msg(state_chars_ok(table[i].odbc), "%s: bad odbc_state \"%s\"",
					  table[i].name, table[i].odbc);
		ck_assert_msg(table[i].text[0] != '\0', "%s has no text", table[i].name);
	}
}
END_TEST

START_TEST(test_table_no_duplicate_sqlstate)
{
	for (size_t i = 0; i < N_ELEMS(table); i++)
		for (size_t k = i + 1; k < N_ELEMS(table); k++)
			ck_assert_msg(strcmp(table[i].state, table[k].state) != 0,
						  "sqlstate %s appears for both %s and %s", table[i].state,
						  table[i].name, table[k].name);
}
END_TEST

/* The enumerators index the table, and each state maps to its odbc_state. */
START_TEST(test_table_lookup)
{
	for (size_t i = 0; i < N_ELEMS(table); i++)
	{
		ck_assert_str_eq(fq_errcode_sqlstate((fq_errcode) i), table[i].state);
		ck_assert_str_eq(fq_odbc_state(table[i].state), table[i].odbc);
	}
	ck_assert_str_eq(fq_errcode_sqlstate(FQ_ERR_SYNTAX_ERROR), "42601");
	ck_assert_str_eq(fq_errcode_sqlstate(FQ_ERR_DUPLICATE_SCHEMA), "42P06");
	ck_assert_str_eq(fq_errcode_sqlstate(FQ_ERR__COUNT), "XX000");
	ck_assert_str_eq(fq_errcode_sqlstate((fq_errcode) -1), "XX000");
}
END_TEST

START_TEST(test_odbc_state_mapping)
{
	static const struct
	{
		const char *sqlstate;
		const char *odbc;
	} cases[] = {
		{"28P01", "28000"},  /* bad password: what Tableau looks for */
		{"08006", "08S01"},  /* lost link */
		{"08P01", "08S01"},
		{"57P01", "08S01"},
		{"53200", "HY001"},  /* out of memory */
		{"57014", "HY008"},  /* cancelled */
		{"42601", "42601"},  /* PostgreSQL's codes otherwise as they are */
		{"42P01", "42P01"},
		{"P0001", "P0001"},  /* unknown (a source's RAISE): passed through */
		{"23505", "23505"},
	};

	for (size_t i = 0; i < N_ELEMS(cases); i++)
		ck_assert_str_eq(fq_odbc_state(cases[i].sqlstate), cases[i].odbc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

START_TEST(test_raise_returns_error_and_records)
{
	const fq_diag *r;

	ck_assert_int_eq(fq_diags_count(d), 0);
	ck_assert(!fq_diags_has_error(d));
	ck_assert_ptr_null(fq_diags_get(d, 0));

	ck_assert_int_eq(fq_raise(d, FQ_ERR_UNDEFINED_TABLE, 15, "relation \"%s\" does not exist",
							  "t"), FQ_ERROR);
	ck_assert_int_eq(fq_diags_count(d), 1);
	ck_assert(fq_diags_has_error(d));
	r = fq_diags_get(d, 0);
	ck_assert_int_eq(r->severity, FQ_SEV_ERROR);
	ck_assert_str_eq(r->sqlstate, "42P01");
	ck_assert_str_eq(r->odbc_state, "42P01");
	ck_assert_str_eq(r->message, "relation \"t\" does not exist");
	ck_assert_ptr_null(r->detail);
	ck_assert_ptr_null(r->hint);
	ck_assert_int_eq(r->position, 15);
	ck_assert_int_eq(r->native_code, 0);
	ck_assert_ptr_null(fq_diags_get(d, 1));
	ck_assert_ptr_null(fq_diags_get(d, -1));

	ck_assert_int_eq(fq_diags_add(d, FQ_SEV_WARNING, FQ_ERR_WARNING, "w%d", 1), FQ_ERROR);
	ck_assert_int_eq(fq_raise(NULL, FQ_ERR_INTERNAL_ERROR, 0, "nowhere"), FQ_ERROR);
}
END_TEST

/* A source's own SQLSTATE is kept; its ODBC state comes from the table. */
START_TEST(test_raise_state)
{
	ck_assert_int_eq(fq_raise_state(d, "08006", 0, "server closed the connection"), FQ_ERROR);
	ck_assert_int_eq(fq_raise_state(d, "P0001", 3, "custom"), FQ_ERROR);
	ck_assert_int_eq(fq_raise_state(d, "bad", 0, "short state"), FQ_ERROR);
	ck_assert_int_eq(fq_raise_state(d, NULL, 0, "no state"), FQ_ERROR);
	ck_assert_str_eq(fq_diags_get(d, 0)->sqlstate, "08006");
	ck_assert_str_eq(fq_diags_get(d, 0)->odbc_state, "08S01");
	ck_assert_str_eq(fq_diags_get(d, 0)->message, "server closed the connection");
	ck_assert_str_eq(fq_diags_get(d, 1)->sqlstate, "P0001");
	ck_assert_str_eq(fq_diags_get(d, 1)->odbc_state, "P0001");
	ck_assert_int_eq(fq_diags_get(d, 1)->position, 3);
	ck_assert_str_eq(fq_diags_get(d, 2)->sqlstate, "XX000");
	ck_assert_str_eq(fq_diags_get(d, 3)->sqlstate, "XX000");
	/* the message is copied */
	{
		char msg[] = "volatile";

		fq_raise_state(d, "22012", 0, msg);
		msg[0] = 'X';
		ck_assert_str_eq(fq_diags_get(d, 4)->message, "volatile");
	}
}
END_TEST

/* Errors, then warnings, then notices; raise order within each. */
START_TEST(test_severity_order)
{
	fq_notice(d, FQ_ERR_SUCCESS, "n1");
	fq_notice(d, FQ_ERR_WARNING, "w1"); /* the WARNING code makes a warning */
	fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "e1");
	fq_notice(d, FQ_ERR_SUCCESS, "n2");
	fq_diags_add(d, FQ_SEV_WARNING, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING, "w2");
	fq_raise(d, FQ_ERR_DIVISION_BY_ZERO, 0, "e2");
	fq_diags_add(d, FQ_SEV_NOTICE, FQ_ERR_SUCCESS, "n3");
	fq_diags_add(d, FQ_SEV_ERROR, FQ_ERR_INTERNAL_ERROR, "e3");
	ck_assert_str_eq(order(d), "E:e1 E:e2 E:e3 W:w1 W:w2 N:n1 N:n2 N:n3");
	ck_assert_int_eq(fq_diags_count(d), 8);
}
END_TEST

/* Notices and warnings alone are not an error. */
START_TEST(test_has_error_only_for_errors)
{
	fq_notice(d, FQ_ERR_SUCCESS, "n");
	fq_notice(d, FQ_ERR_WARNING, "w");
	ck_assert(!fq_diags_has_error(d));
	ck_assert_int_eq(fq_diags_get(d, 0)->severity, FQ_SEV_WARNING);
	ck_assert_str_eq(fq_diags_get(d, 0)->sqlstate, "01000");
	ck_assert_int_eq(fq_diags_get(d, 1)->severity, FQ_SEV_NOTICE);
	fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "e");
	ck_assert(fq_diags_has_error(d));
}
END_TEST

/* Many records: the list grows and keeps the order. */
START_TEST(test_many_records)
{
	char want[4096];
	size_t n = 0;

	for (int i = 0; i < 60; i++)
	{
		if (i % 3 == 0)
			fq_notice(d, FQ_ERR_SUCCESS, "%d", i);
		else
			fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "%d", i);
	}
	want[0] = '\0';
	for (int i = 0; i < 60; i++)
		if (i % 3 != 0)
			n += (size_t) snprintf(want + n, sizeof(want) - n, "%sE:%d", n ? " " : "", i);
	for (int i = 0; i < 60; i += 3)
		n += (size_t) snprintf(want + n, sizeof(want) - n, " N:%d", i);
	ck_assert_str_eq(order(d), want);
}
END_TEST

/* Detail, hint, native code and prefix go to the record raised last, even
 * when it sorted before or after others. */
START_TEST(test_decorations_apply_to_last_raised)
{
	fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "first error");
	fq_notice(d, FQ_ERR_SUCCESS, "a notice");
	fq_diag_detail(d, "notice detail %d", 1);
	fq_diag_hint(d, "notice hint");
	fq_diag_native(d, 7);
	fq_raise(d, FQ_ERR_IO_ERROR, 0, "second error"); /* sorts before the notice */
	fq_diag_detail(d, "error detail");
	fq_diag_hint(d, "error %s", "hint");
	fq_diag_native(d, 42);
	fq_diag_prefix(d, "while %s: ", "writing");

	ck_assert_str_eq(order(d), "E:first error E:while writing: second error N:a notice");
	ck_assert_ptr_null(fq_diags_get(d, 0)->detail);
	ck_assert_ptr_null(fq_diags_get(d, 0)->hint);
	ck_assert_int_eq(fq_diags_get(d, 0)->native_code, 0);
	ck_assert_str_eq(fq_diags_get(d, 1)->detail, "error detail");
	ck_assert_str_eq(fq_diags_get(d, 1)->hint, "error hint");
	ck_assert_int_eq(fq_diags_get(d, 1)->native_code, 42);
	ck_assert_str_eq(fq_diags_get(d, 2)->detail, "notice detail 1");
	ck_assert_str_eq(fq_diags_get(d, 2)->hint, "notice hint");
	ck_assert_int_eq(fq_diags_get(d, 2)->native_code, 7);
}
END_TEST

/* Prefixes stack, outermost first. */
START_TEST(test_prefix_stacks)
{
	fq_raise(d, FQ_ERR_IO_ERROR, 0, "disk full");
	fq_diag_prefix(d, "writing \"%s\": ", "f");
	fq_diag_prefix(d, "CREATE EXTERNAL SCHEMA: ");
	ck_assert_str_eq(fq_diags_get(d, 0)->message,
					 "CREATE EXTERNAL SCHEMA: writing \"f\": disk full");
}
END_TEST

/* fq_diag_position fills in a position only where there is none. */
START_TEST(test_position_only_when_unset)
{
	fq_raise(d, FQ_ERR_SYNTAX_ERROR, 5, "has one");
	fq_diag_position(d, 9);
	ck_assert_int_eq(fq_diags_get(d, 0)->position, 5);
	fq_raise(d, FQ_ERR_UNDEFINED_COLUMN, 0, "has none");
	fq_diag_position(d, 9);
	ck_assert_int_eq(fq_diags_get(d, 1)->position, 9);
	fq_diag_position(d, 11);
	ck_assert_int_eq(fq_diags_get(d, 1)->position, 9);
}
END_TEST

/* With no record, decorations do nothing. */
START_TEST(test_decorations_without_record)
{
	fq_diag_detail(d, "x");
	fq_diag_hint(d, "x");
	fq_diag_native(d, 1);
	fq_diag_position(d, 1);
	fq_diag_prefix(d, "x");
	ck_assert_int_eq(fq_diags_count(d), 0);
}
END_TEST

/* Appending copies every record with its strings; the source can go. */
START_TEST(test_append_copies)
{
	fq_diags *src = fq_diags_new();

	fq_notice(d, FQ_ERR_SUCCESS, "dst notice");
	fq_raise(src, FQ_ERR_UNDEFINED_TABLE, 8, "src error");
	fq_diag_detail(src, "detail %s", "text");
	fq_diag_hint(src, "src hint");
	fq_diag_native(src, 3);
	fq_notice(src, FQ_ERR_WARNING, "src warning");
	fq_diags_append(d, src);
	/* reuse src's memory: its arena hands the same bytes out again */
	fq_diags_clear(src);
	for (int i = 0; i < 4; i++)
	{
		fq_raise(src, FQ_ERR_INTERNAL_ERROR, 0, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
		fq_diag_detail(src, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
		fq_diag_hint(src, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
	}
	fq_diags_free(src);

	ck_assert_str_eq(order(d), "E:src error W:src warning N:dst notice");
	ck_assert_str_eq(fq_diags_get(d, 0)->sqlstate, "42P01");
	ck_assert_str_eq(fq_diags_get(d, 0)->odbc_state, "42P01");
	ck_assert_str_eq(fq_diags_get(d, 0)->detail, "detail text");
	ck_assert_str_eq(fq_diags_get(d, 0)->hint, "src hint");
	ck_assert_int_eq(fq_diags_get(d, 0)->position, 8);
	ck_assert_int_eq(fq_diags_get(d, 0)->native_code, 3);
	ck_assert(fq_diags_has_error(d));

	/* appending a list to itself or NULL changes nothing */
	fq_diags_append(d, d);
	fq_diags_append(d, NULL);
	fq_diags_append(NULL, d);
	ck_assert_int_eq(fq_diags_count(d), 3);
}
END_TEST

/* clear empties the list; it is usable afterwards and decorations do not
 * reach records from before the clear. */
START_TEST(test_clear)
{
	fq_raise(d, FQ_ERR_SYNTAX_ERROR, 1, "old");
	fq_notice(d, FQ_ERR_SUCCESS, "old notice");
	fq_diags_clear(d);
	ck_assert_int_eq(fq_diags_count(d), 0);
	ck_assert(!fq_diags_has_error(d));
	ck_assert_ptr_null(fq_diags_get(d, 0));
	fq_diag_hint(d, "lost");
	ck_assert_int_eq(fq_diags_count(d), 0);

	fq_raise(d, FQ_ERR_DIVISION_BY_ZERO, 0, "new");
	ck_assert_str_eq(order(d), "E:new");
	ck_assert_ptr_null(fq_diags_get(d, 0)->hint);
	fq_diags_clear(NULL);
}
END_TEST

/* Out of memory names MemoryLimit only when the query's limit was hit. */
START_TEST(test_raise_nomem)
{
	fq_mem_account acct = {0, 0, 1000};
	fq_arena *a = fq_arena_new(&acct);
	fq_arena *b = fq_arena_new(NULL);
	const fq_diag *r;

	ck_assert_ptr_null(fq_arena_alloc(a, 10));
	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_LIMIT);
	ck_assert_int_eq(fq_raise_nomem(d, a), FQ_ERROR);
	r = fq_diags_get(d, 0);
	ck_assert_str_eq(r->sqlstate, "53200");
	ck_assert_str_eq(r->odbc_state, "HY001");
	ck_assert_str_eq(r->message, "query exceeded its memory limit");
	ck_assert_ptr_nonnull(r->hint);
	ck_assert_ptr_nonnull(strstr(r->hint, "MemoryLimit"));

	/* plain malloc failure, or an arena that did not fail on its limit */
	ck_assert_int_eq(fq_raise_nomem(d, NULL), FQ_ERROR);
	ck_assert_ptr_null(fq_arena_alloc(b, SIZE_MAX));
	ck_assert_int_eq(fq_arena_failure(b), FQ_ARENA_NOMEM);
	ck_assert_int_eq(fq_raise_nomem(d, b), FQ_ERROR);
	for (int i = 1; i <= 2; i++)
	{
		r = fq_diags_get(d, i);
		ck_assert_str_eq(r->sqlstate, "53200");
		ck_assert_str_eq(r->message, "out of memory");
		ck_assert_ptr_null(r->hint);
	}
	fq_arena_free(a);
	fq_arena_free(b);
}
END_TEST

/* Messages of any length are kept whole. */
START_TEST(test_long_message)
{
	char big[30001];

	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0, "<%s>", big);
	ck_assert_uint_eq(strlen(fq_diags_get(d, 0)->message), 30002);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc;

	tc = tcase_create("errcodes");
	tcase_add_test(tc, test_table_entries_well_formed);
	tcase_add_test(tc, test_table_no_duplicate_sqlstate);
	tcase_add_test(tc, test_table_lookup);
	tcase_add_test(tc, test_odbc_state_mapping);
	suite_add_tcase(s, tc);

	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_raise_returns_error_and_records);
	tcase_add_test(tc, test_raise_state);
	tcase_add_test(tc, test_severity_order);
	tcase_add_test(tc, test_has_error_only_for_errors);
	tcase_add_test(tc, test_many_records);
	tcase_add_test(tc, test_decorations_apply_to_last_raised);
	tcase_add_test(tc, test_prefix_stacks);
	tcase_add_test(tc, test_position_only_when_unset);
	tcase_add_test(tc, test_decorations_without_record);
	tcase_add_test(tc, test_append_copies);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_raise_nomem);
	tcase_add_test(tc, test_long_message);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(diag_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
