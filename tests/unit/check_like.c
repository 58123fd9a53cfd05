/*
 * check_like.c — unit suite for engine/exec/like: SQL LIKE and ILIKE.
 *
 * What it specifies: '%' matches any run of characters (also none), '_'
 * exactly one character — a whole UTF-8 sequence, not a byte; the escape
 * character (backslash by default, any other, or none) makes the next
 * pattern character literal, and a pattern ending in a lone escape matches
 * nothing; ILIKE folds ASCII letters only; the match is anchored at both
 * ends; and patterns that make naive backtracking exponential finish fast.
 * Expected results are PostgreSQL's for the same expressions.
 */
#include "exec/like.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct like_case
{
	const char *s;
	const char *p;
	char escape;
	bool icase;
	bool match;
} like_case;

static bool
like(const char *s, const char *p, char escape, bool icase)
{
	return fq_like_match(s, strlen(s), p, strlen(p), escape, icase);
}

static const like_case cases[] = {
	/* literal text, anchored at both ends */
	{"abc", "abc", '\\', false, true},
	{"abc", "ab", '\\', false, false},
	{"ab", "abc", '\\', false, false},
	{"abc", "abd", '\\', false, false},
	{"xabc", "abc", '\\', false, false},
	/* % */
	{"abc", "%", '\\', false, true},
	{"abc", "a%", '\\', false, true},
	{"abc", "%c", '\\', false, true},
	{"abc", "%b%", '\\', false, true},
	{"abc", "a%c", '\\', false, true},
	{"ac", "a%c", '\\', false, true},
	{"abc", "a%b%c", '\\', false, true},
	{"abc", "%%%", '\\', false, true},
	{"abc", "%d%", '\\', false, false},
	{"abcabd", "%abd", '\\', false, true},
	{"abcab", "%ab", '\\', false, true},
	{"aXbXc", "a%c", '\\', false, true},
	{"abcbc", "a%bc", '\\', false, true},
	{"ab", "a%bb", '\\', false, false},
	{"mississippi", "%iss%ppi", '\\', false, true},
	{"mississippi", "%iss%ipi", '\\', false, false},
	/* _ */
	{"abc", "___", '\\', false, true},
	{"abc", "__", '\\', false, false},
	{"abc", "____", '\\', false, false},
	{"abc", "a_c", '\\', false, true},
	{"abc", "_%", '\\', false, true},
	{"a", "_%", '\\', false, true},
	{"", "_%", '\\', false, false},
	{"abc", "%_", '\\', false, true},
	{"abcd", "a_%_d", '\\', false, true},
	{"abd", "a_%_d", '\\', false, false},
	/* empty strings and patterns */
	{"", "", '\\', false, true},
	{"", "%", '\\', false, true},
	{"", "%%", '\\', false, true},
	{"", "_", '\\', false, false},
	{"a", "", '\\', false, false},
	{"", "a", '\\', false, false},
	/* the default escape, backslash */
	{"a%c", "a\\%c", '\\', false, true},
	{"abc", "a\\%c", '\\', false, false},
	{"a_c", "a\\_c", '\\', false, true},
	{"abc", "a\\_c", '\\', false, false},
	{"a\\c", "a\\\\c", '\\', false, true},
	{"abc", "\\a\\b\\c", '\\', false, true}, /* escaping an ordinary character */
	{"100%", "%\\%", '\\', false, true},
	{"100", "%\\%", '\\', false, false},
	{"50% off", "%\\%%", '\\', false, true},
	/* another escape character */
	{"a%c", "a!%c", '!', false, true},
	{"abc", "a!%c", '!', false, false},
	{"a!c", "a!!c", '!', false, true},
	{"a\\bc", "a\\%", '!', false, true}, /* backslash is ordinary now */
	{"a_c", "a#_c", '#', false, true},
	/* no escape at all */
	{"a\\c", "a\\c", '\0', false, true},
	{"a\\bc", "a\\%", '\0', false, true},
	{"a\\", "a\\", '\0', false, true},
	{"abc", "a\\%", '\0', false, false},
	/* a pattern ending in a lone escape matches nothing */
	{"a\\", "a\\", '\\', false, false},
	{"a", "a\\", '\\', false, false},
	{"abc", "%\\", '\\', false, false},
	{"", "\\", '\\', false, false},
	{"a!", "a!", '!', false, false},
	/* ILIKE folds ASCII letters */
	{"ABC", "abc", '\\', true, true},
	{"abc", "A%C", '\\', true, true},
	{"aBc", "_b_", '\\', true, true},
	{"ABC", "abc", '\\', false, false},
	{"a%C", "A\\%c", '\\', true, true},
	{"[", "{", '\\', true, false}, /* only letters fold */
	{"@", "`", '\\', true, false},
	/* ... and only ASCII: É and é are different */
	{"É", "é", '\\', true, false},
	{"é", "é", '\\', true, true},
	{"ÉCOLE", "écOLE", '\\', true, false},
	{"ÉCOLE", "%cole", '\\', true, true}, /* É is one character for % */
	{"École", "_cole", '\\', true, true},
	/* _ is one whole UTF-8 character */
	{"é", "_", '\\', false, true},        /* 2 bytes */
	{"€", "_", '\\', false, true},        /* 3 bytes */
	{"😀", "_", '\\', false, true},       /* 4 bytes */
	{"é", "__", '\\', false, false},
	{"aéb", "a_b", '\\', false, true},
	{"a€b", "a_b", '\\', false, true},
	{"a😀b", "a_b", '\\', false, true},
	{"a😀b", "a__b", '\\', false, false},
	{"😀😀", "__", '\\', false, true},
	{"naïve", "na_ve", '\\', false, true},
	{"naïve", "%ï%", '\\', false, true},
	{"naïve", "%é%", '\\', false, false},
	{"€uro", "%_uro", '\\', false, true},
	{"x€", "%_", '\\', false, true},
	{"€", "%€", '\\', false, true},
};

START_TEST(test_like_cases)
{
	const like_case *c = &cases[_i];

	ck_assert_msg(like(c->s, c->p, c->escape, c->icase) == c->match,
				  "'%s' %s '%s' ESCAPE '%c' should be %s", c->s, c->icase ? "ILIKE" : "LIKE",
				  c->p, c->escape ? c->escape : ' ', c->match ? "true" : "false");
}
END_TEST

/* Lengths are explicit: text past them is not seen, and NUL bytes inside
 * are ordinary characters. */
START_TEST(test_like_lengths)
{
	ck_assert(fq_like_match("abcdef", 3, "abc", 3, '\\', false));
	ck_assert(!fq_like_match("abcdef", 3, "abcd", 4, '\\', false));
	ck_assert(fq_like_match("abcdef", 6, "abcxyz", 3, '\\', false) == false);
	ck_assert(fq_like_match("abcdef", 6, "abc%yz", 4, '\\', false));
	ck_assert(fq_like_match("a\0b", 3, "a_b", 3, '\\', false));
	ck_assert(fq_like_match("a\0b", 3, "a\0b", 3, '\\', false));
	ck_assert(!fq_like_match("a\0b", 3, "a\0c", 3, '\\', false));
	ck_assert(fq_like_match(NULL, 0, "%", 1, '\\', false));
	ck_assert(fq_like_match("", 0, NULL, 0, '\\', false));
}
END_TEST

/* A string cut in the middle of a UTF-8 sequence still terminates. */
START_TEST(test_like_truncated_utf8)
{
	const char s[] = "a\xC3"; /* é without its second byte */

	ck_assert(fq_like_match(s, 2, "a_", 2, '\\', false));
	ck_assert(fq_like_match(s, 2, "%_", 2, '\\', false));
	ck_assert(!fq_like_match(s, 2, "a__", 3, '\\', false));
	ck_assert(!fq_like_match(s, 2, "%x", 2, '\\', false));
}
END_TEST

/* Patterns that make naive backtracking exponential finish in well under a
 * second. */
START_TEST(test_like_pathological)
{
	static const struct
	{
		const char *p;
		bool match;
	} pats[] = {
		{"%a%a%a%a%b", false},
		{"%a%a%a%a%a%a%a%a%a%a%b", false},
		{"%a%a%a%a%a", true},
		{"a%a%a%a%a%a%a%a%a%a%a%a%ab", false},
		{"%_%_%_%_%_%_%_%_b", false},
		{"%aaaaaaaaaaaaaaaaaaab", false},
	};
	size_t n = 20000;
	char *s = malloc(n + 1);
	clock_t t0 = clock();

	memset(s, 'a', n);
	s[n] = '\0';
	for (size_t i = 0; i < N_ELEMS(pats); i++)
		ck_assert_msg(fq_like_match(s, n, pats[i].p, strlen(pats[i].p), '\\', false) ==
						  pats[i].match,
					  "pattern %s", pats[i].p);
	ck_assert_msg((double) (clock() - t0) / CLOCKS_PER_SEC < 1.0, "took %.2f s",
				  (double) (clock() - t0) / CLOCKS_PER_SEC);
	free(s);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
like_suite(void)
{
	Suite *s = suite_create("like");
	TCase *tc = tcase_create("match");

	tcase_add_loop_test(tc, test_like_cases, 0, (int) N_ELEMS(cases));
	tcase_add_test(tc, test_like_lengths);
	tcase_add_test(tc, test_like_truncated_utf8);
	tcase_add_test(tc, test_like_pathological);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(like_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
