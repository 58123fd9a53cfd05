/*
 * check_arena.c — unit suite for engine/core/arena, list and strbuf: the
 * memory every engine lifetime allocates from, the pointer lists built in
 * it, and the heap strings used to build SQL text.
 *
 * What it specifies:
 *   - arena: 16-byte alignment, zeroed allocations, big requests in a block
 *     of their own, realloc in place of the newest allocation, reset keeping
 *     one block, charging a shared account (used/peak) and refusing to pass
 *     its limit with FQ_ARENA_LIMIT, string and printf helpers;
 *   - list: append/prepend/copy/concat, NULL as the empty list, OOM as NULL,
 *     FQ_LIST_FOREACH;
 *   - strbuf: appends and printf, identifier and literal quoting, and the
 *     sticky failure that makes one check at the end enough.
 */
#include "core/arena.h"
#include "core/list.h"
#include "core/strbuf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

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

static bool
aligned(const void *p)
{
	return ((uintptr_t) p % 16) == 0;
}

/* ------------------------------------------------------------------ */
/* Arena                                                               */
/* ------------------------------------------------------------------ */

/* Every allocation is 16-byte aligned, whatever the sizes before it. */
START_TEST(test_arena_alignment)
{
	static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000, 5000, 0, 2, 70000};

	for (int round = 0; round < 20; round++)
		for (size_t i = 0; i < N_ELEMS(sizes); i++)
		{
			char *p = fq_arena_alloc(arena, sizes[i]);

			ck_assert_ptr_nonnull(p);
			ck_assert_msg(aligned(p), "size %zu gave %p", sizes[i], (void *) p);
			memset(p, 0x5A, sizes[i]); /* the whole request is usable */
		}
}
END_TEST

/* Distinct allocations never overlap. */
START_TEST(test_arena_allocations_disjoint)
{
	unsigned char *p[64];

	for (int i = 0; i < 64; i++)
	{
		p[i] = fq_arena_alloc(arena, (size_t) (i * 37 + 1));
		ck_assert_ptr_nonnull(p[i]);
		memset(p[i], i, (size_t) (i * 37 + 1));
	}
	for (int i = 0; i < 64; i++)
		for (int k = 0; k < i * 37 + 1; k++)
			ck_assert_int_eq(p[i][k], i);
}
END_TEST

/* zalloc zeroes memory that was dirty before (the first block is reused
 * after a reset, so the same bytes come back). */
START_TEST(test_arena_zalloc_zeroes)
{
	unsigned char *p = fq_arena_alloc(arena, 200);
	unsigned char *z;

	memset(p, 0xAA, 200);
	fq_arena_reset(arena);
	z = fq_arena_zalloc(arena, 200);
	ck_assert_ptr_eq(z, p);
	for (int i = 0; i < 200; i++)
		ck_assert_int_eq(z[i], 0);

	/* FQ_NEW and FQ_NEW_ARRAY are zalloc too */
	{
		struct pair { int a; long b; } *pr;
		int *arr;

		memset(fq_arena_alloc(arena, 64), 0xFF, 64);
		fq_arena_reset(arena);
		pr = FQ_NEW(arena, struct pair);
		arr = FQ_NEW_ARRAY(arena, int, 10);
		ck_assert_int_eq(pr->a, 0);
		ck_assert_int_eq(pr->b, 0);
		for (int i = 0; i < 10; i++)
			ck_assert_int_eq(arr[i], 0);
	}
}
END_TEST

/* A request bigger than a quarter of the next block gets a block of its own,
 * of its own size, and small allocations carry on in the current block. */
START_TEST(test_arena_big_allocation_own_block)
{
	char *small1 = fq_arena_alloc(arena, 16);
	size_t before = fq_arena_size(arena);
	char *big;
	char *small2;
	size_t grown;

	ck_assert_ptr_nonnull(small1);
	big = fq_arena_alloc(arena, 100000);
	ck_assert_ptr_nonnull(big);
	ck_assert(aligned(big));
	memset(big, 1, 100000);
	grown = fq_arena_size(arena) - before;
	/* exactly the request plus a block header, not a doubled block size */
	ck_assert_uint_ge(grown, 100000);
	ck_assert_uint_lt(grown, 100000 + 64);

	/* the current block is still the small one: the next small allocation
	 * follows the first */
	small2 = fq_arena_alloc(arena, 16);
	ck_assert_ptr_eq(small2, small1 + 16);
	ck_assert_uint_eq(fq_arena_size(arena), before + grown);
}
END_TEST

/* The very first allocation may be big too. */
START_TEST(test_arena_big_first_allocation)
{
	char *big = fq_arena_alloc(arena, 1 << 20);
	char *small;

	ck_assert_ptr_nonnull(big);
	memset(big, 7, 1 << 20);
	small = fq_arena_alloc(arena, 10);
	ck_assert_ptr_nonnull(small);
	ck_assert(small < big || small >= big + (1 << 20));
	ck_assert_int_eq(big[(1 << 20) - 1], 7);
}
END_TEST

/* Growing the newest allocation keeps its address while the block has room;
 * anything else copies. */
START_TEST(test_arena_realloc)
{
	char *p = fq_arena_alloc(arena, 32);
	char *q;
	char *r;
	char *other;

	memcpy(p, "0123456789abcdefghijklmnopqrstu", 32);
	q = fq_arena_realloc(arena, p, 32, 100);
	ck_assert_ptr_eq(q, p);
	ck_assert_str_eq(q, "0123456789abcdefghijklmnopqrstu");
	/* the grown size is reserved: the next allocation starts after it */
	r = fq_arena_alloc(arena, 1);
	ck_assert_uint_ge((uintptr_t) r, (uintptr_t) (p + 100));

	/* not the newest any more: a copy */
	q = fq_arena_realloc(arena, p, 100, 200);
	ck_assert_ptr_ne(q, p);
	ck_assert_str_eq(q, "0123456789abcdefghijklmnopqrstu");

	/* shrinking never moves */
	ck_assert_ptr_eq(fq_arena_realloc(arena, q, 200, 10), q);

	/* the newest allocation but no room left in the block: a copy */
	other = fq_arena_alloc(arena, 48);
	strcpy(other, "tail");
	q = fq_arena_realloc(arena, other, 48, 60000);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(q, other);
	ck_assert_str_eq(q, "tail");

	/* NULL is a plain allocation */
	q = fq_arena_realloc(arena, NULL, 0, 24);
	ck_assert_ptr_nonnull(q);
	ck_assert(aligned(q));
}
END_TEST

/* reset frees every block but one and hands out the same memory again. */
START_TEST(test_arena_reset_keeps_one_block)
{
	fq_mem_account acct = {0, 0, 0};
	fq_arena *a = fq_arena_new(&acct);
	char *first = fq_arena_alloc(a, 16);
	size_t one_block = fq_arena_size(a);

	for (int i = 0; i < 200; i++)
		ck_assert_ptr_nonnull(fq_arena_alloc(a, 3000));
	ck_assert_ptr_nonnull(fq_arena_alloc(a, 500000));
	ck_assert_uint_gt(fq_arena_size(a), 10 * one_block);

	fq_arena_reset(a);
	ck_assert_uint_eq(fq_arena_size(a), one_block);
	ck_assert_uint_eq(acct.used, one_block);
	ck_assert_ptr_eq(fq_arena_alloc(a, 16), first);

	/* resetting twice, or an arena that never allocated, is harmless */
	fq_arena_reset(a);
	fq_arena_reset(a);
	ck_assert_uint_eq(fq_arena_size(a), one_block);
	fq_arena_free(a);
	ck_assert_uint_eq(acct.used, 0);
	{
		fq_arena *empty = fq_arena_new(NULL);

		fq_arena_reset(empty);
		ck_assert_uint_eq(fq_arena_size(empty), 0);
		fq_arena_free(empty);
	}
	fq_arena_free(NULL);
}
END_TEST

/* Arenas charge every block to their account; peak remembers the high
 * water mark; freeing gives the bytes back. */
START_TEST(test_arena_accounting)
{
	fq_mem_account acct = {0, 0, 0};
	fq_arena *a = fq_arena_new(&acct);
	fq_arena *b = fq_arena_new(&acct);
	size_t peak;

	ck_assert_uint_eq(acct.used, 0);
	ck_assert_uint_eq(fq_arena_size(a), 0);
	ck_assert_ptr_nonnull(fq_arena_alloc(a, 100));
	ck_assert_uint_eq(acct.used, fq_arena_size(a));
	ck_assert_ptr_nonnull(fq_arena_alloc(b, 200000));
	ck_assert_uint_eq(acct.used, fq_arena_size(a) + fq_arena_size(b));
	ck_assert_uint_ge(acct.used, 200000 + 100);
	peak = acct.used;
	ck_assert_uint_eq(acct.peak, peak);

	fq_arena_free(b);
	ck_assert_uint_eq(acct.used, fq_arena_size(a));
	ck_assert_uint_eq(acct.peak, peak);
	fq_arena_free(a);
	ck_assert_uint_eq(acct.used, 0);
	ck_assert_uint_eq(acct.peak, peak);
}
END_TEST

/* An allocation that would pass the account's limit fails with
 * FQ_ARENA_LIMIT and charges nothing; reset clears the failure. */
START_TEST(test_arena_limit)
{
	fq_mem_account acct = {0, 0, 20000};
	fq_arena *a = fq_arena_new(&acct);
	size_t used;

	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_OK);
	ck_assert_ptr_nonnull(fq_arena_alloc(a, 100));
	used = acct.used;
	ck_assert_uint_le(used, 20000);

	ck_assert_ptr_null(fq_arena_alloc(a, 50000));
	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_LIMIT);
	ck_assert_uint_eq(acct.used, used);
	ck_assert_ptr_null(fq_arena_zalloc(a, 50000));
	ck_assert_ptr_null(fq_arena_printf(a, "%50000s", ""));
	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_LIMIT);

	/* what fits still works after a refusal */
	ck_assert_ptr_nonnull(fq_arena_alloc(a, 100));

	fq_arena_reset(a);
	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_OK);
	fq_arena_free(a);

	/* a limit smaller than one block refuses the first allocation */
	acct = (fq_mem_account) {0, 0, 1000};
	a = fq_arena_new(&acct);
	ck_assert_ptr_null(fq_arena_alloc(a, 1));
	ck_assert_int_eq(fq_arena_failure(a), FQ_ARENA_LIMIT);
	ck_assert_uint_eq(acct.used, 0);
	fq_arena_free(a);
}
END_TEST

/* A size that cannot be represented once rounded is out of memory, not a
 * tiny allocation. */
START_TEST(test_arena_size_overflow)
{
	ck_assert_ptr_null(fq_arena_alloc(arena, SIZE_MAX));
	ck_assert_int_eq(fq_arena_failure(arena), FQ_ARENA_NOMEM);
	fq_arena_reset(arena);
	ck_assert_ptr_null(fq_arena_alloc(arena, SIZE_MAX - 8));
	ck_assert_int_eq(fq_arena_failure(arena), FQ_ARENA_NOMEM);
}
END_TEST

static char *
call_vprintf(fq_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *
call_vprintf(fq_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = fq_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

START_TEST(test_arena_string_helpers)
{
	const char bytes[] = {'a', '\0', 'b'};
	char *s;
	char big[20001];

	ck_assert_str_eq(fq_arena_strdup(arena, "hello"), "hello");
	ck_assert_str_eq(fq_arena_strdup(arena, ""), "");
	ck_assert_str_eq(fq_arena_strndup(arena, "abcdef", 3), "abc");
	s = fq_arena_memdup(arena, bytes, sizeof(bytes));
	ck_assert_mem_eq(s, bytes, sizeof(bytes));
	ck_assert_str_eq(fq_arena_printf(arena, "%s-%05d-%c", "x", 42, 'z'), "x-00042-z");
	ck_assert_str_eq(call_vprintf(arena, "[%s|%d]", "héllo", -7), "[héllo|-7]");
	ck_assert_str_eq(fq_arena_printf(arena, "%s", ""), "");

	/* longer than a block */
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = fq_arena_printf(arena, "<%s>", big);
	ck_assert_uint_eq(strlen(s), 20002);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[20001], '>');
}
END_TEST

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

static int vals[200];

/* The list as "1 2 3", for comparisons. */
static const char *
show(const fq_list *l)
{
	static char out[2048];
	size_t n = 0;
	int *v;

	out[0] = '\0';
	FQ_LIST_FOREACH(v, l)
		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%d", n ? " " : "", *v);
	return out;
}

START_TEST(test_list_append_and_nth)
{
	fq_list *l = NULL;

	ck_assert_int_eq(fq_list_len(l), 0);
	for (int i = 0; i < 200; i++)
	{
		vals[i] = i;
		l = fq_lappend(arena, l, &vals[i]);
		ck_assert_ptr_nonnull(l);
		ck_assert_int_eq(fq_list_len(l), i + 1);
	}
	for (int i = 0; i < 200; i++)
		ck_assert_ptr_eq(fq_list_nth(l, i), &vals[i]);
}
END_TEST

START_TEST(test_list_prepend)
{
	fq_list *l = NULL;

	for (int i = 0; i < 10; i++)
	{
		vals[i] = i;
		l = fq_lprepend(arena, l, &vals[i]);
	}
	ck_assert_str_eq(show(l), "9 8 7 6 5 4 3 2 1 0");
	vals[10] = 10;
	l = fq_lappend(arena, l, &vals[10]);
	ck_assert_str_eq(show(l), "9 8 7 6 5 4 3 2 1 0 10");
}
END_TEST

START_TEST(test_list_copy_is_shallow_and_independent)
{
	fq_list *l = NULL;
	fq_list *c;

	for (int i = 0; i < 5; i++)
	{
		vals[i] = i;
		l = fq_lappend(arena, l, &vals[i]);
	}
	c = fq_list_copy(arena, l);
	ck_assert_ptr_ne(c, l);
	ck_assert_str_eq(show(c), "0 1 2 3 4");
	ck_assert_ptr_eq(fq_list_nth(c, 2), &vals[2]); /* same items */
	vals[5] = 5;
	c = fq_lappend(arena, c, &vals[5]);
	ck_assert_str_eq(show(c), "0 1 2 3 4 5");
	ck_assert_str_eq(show(l), "0 1 2 3 4");

	/* the empty list copies to the empty list */
	ck_assert_ptr_null(fq_list_copy(arena, NULL));
}
END_TEST

START_TEST(test_list_concat)
{
	fq_list *a = NULL;
	fq_list *b = NULL;
	fq_list *r;

	for (int i = 0; i < 6; i++)
		vals[i] = i;
	a = fq_lappend(arena, fq_lappend(arena, NULL, &vals[0]), &vals[1]);
	for (int i = 2; i < 6; i++)
		b = fq_lappend(arena, b, &vals[i]);

	r = fq_list_concat(arena, a, b);
	ck_assert_ptr_eq(r, a); /* appends in place */
	ck_assert_str_eq(show(r), "0 1 2 3 4 5");
	ck_assert_str_eq(show(b), "2 3 4 5");

	ck_assert_ptr_eq(fq_list_concat(arena, a, NULL), a);
	ck_assert_str_eq(show(fq_list_concat(arena, NULL, b)), "2 3 4 5");
	ck_assert_ptr_null(fq_list_concat(arena, NULL, NULL));

	/* a list concatenated with itself */
	r = fq_list_concat(arena, b, b);
	ck_assert_str_eq(show(r), "2 3 4 5 2 3 4 5");
}
END_TEST

START_TEST(test_list_foreach)
{
	fq_list *l = NULL;
	int *v;
	int *w;
	int sum = 0;
	int pairs = 0;

	FQ_LIST_FOREACH(v, l)
		ck_abort_msg("the empty list has no items");
	for (int i = 1; i <= 4; i++)
	{
		vals[i] = i;
		l = fq_lappend(arena, l, &vals[i]);
	}
	FQ_LIST_FOREACH(v, l)
		sum += *v;
	ck_assert_int_eq(sum, 10);
	/* nested loops over the same list with different variables */
	FQ_LIST_FOREACH(v, l)
		FQ_LIST_FOREACH(w, l)
			if (*v < *w)
				pairs++;
	ck_assert_int_eq(pairs, 6);
}
END_TEST

/* Out of memory is a NULL result, not a crash. */
START_TEST(test_list_out_of_memory)
{
	fq_mem_account acct = {0, 0, 100};
	fq_arena *a = fq_arena_new(&acct);

	ck_assert_ptr_null(fq_lappend(a, NULL, &vals[0]));
	ck_assert_ptr_null(fq_lprepend(a, NULL, &vals[0]));
	fq_arena_free(a);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Strbuf                                                              */
/* ------------------------------------------------------------------ */

START_TEST(test_strbuf_append)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	ck_assert_str_eq(fq_strbuf_str(&b), ""); /* nothing allocated yet */
	ck_assert(fq_strbuf_ok(&b));
	fq_strbuf_append(&b, "SELECT ");
	fq_strbuf_appendn(&b, "abcdef", 3);
	fq_strbuf_appendc(&b, ';');
	ck_assert_str_eq(fq_strbuf_str(&b), "SELECT abc;");
	ck_assert_uint_eq(b.len, 11);

	/* growth far beyond the first allocation */
	for (int i = 0; i < 1000; i++)
		fq_strbuf_append(&b, "0123456789");
	ck_assert(fq_strbuf_ok(&b));
	ck_assert_uint_eq(b.len, 10011);
	ck_assert_uint_eq(strlen(fq_strbuf_str(&b)), 10011);
	ck_assert_int_eq(fq_strbuf_str(&b)[10010], '9');

	/* reset empties but keeps the memory */
	{
		char *data = b.data;

		fq_strbuf_reset(&b);
		ck_assert_str_eq(fq_strbuf_str(&b), "");
		ck_assert_uint_eq(b.len, 0);
		ck_assert_ptr_eq(b.data, data);
	}
	fq_strbuf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_str_eq(fq_strbuf_str(&b), "");
}
END_TEST

START_TEST(test_strbuf_printf)
{
	fq_strbuf b;

	fq_strbuf_init(&b);
	fq_strbuf_printf(&b, "%s=%d", "port", 5432);
	fq_strbuf_printf(&b, ", %s", "ok");
	ck_assert_str_eq(fq_strbuf_str(&b), "port=5432, ok");
	fq_strbuf_printf(&b, "%3000s|", "x");
	ck_assert(fq_strbuf_ok(&b));
	ck_assert_uint_eq(b.len, 13 + 3001);
	ck_assert_int_eq(fq_strbuf_str(&b)[b.len - 1], '|');
	ck_assert_int_eq(fq_strbuf_str(&b)[b.len - 2], 'x');
	fq_strbuf_free(&b);
}
END_TEST

/* Identifiers are always double-quoted, embedded quotes doubled. */
START_TEST(test_strbuf_ident)
{
	static const struct
	{
		const char *in;
		const char *out;
	} cases[] = {
		{"abc", "\"abc\""},
		{"Mixed Case", "\"Mixed Case\""},
		{"a\"b", "\"a\"\"b\""},
		{"\"", "\"\"\"\""},
		{"", "\"\""},
		{"sélect", "\"sélect\""},
	};

	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_append_ident(&b, cases[i].in);
		ck_assert_str_eq(fq_strbuf_str(&b), cases[i].out);
		fq_strbuf_free(&b);
	}
}
END_TEST

/* Literals double their quotes; with a backslash they take the E'' form and
 * double backslashes too, so their meaning does not depend on
 * standard_conforming_strings. */
START_TEST(test_strbuf_literal)
{
	static const struct
	{
		const char *in;
		const char *out;
	} cases[] = {
		{"abc", "'abc'"},
		{"", "''"},
		{"it's", "'it''s'"},
		{"''", "''''''"},
		{"a\\b", "E'a\\\\b'"},
		{"a\\'b", "E'a\\\\''b'"},
		{"\\", "E'\\\\'"},
		{"née", "'née'"},
	};

	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_append(&b, "x = ");
		fq_strbuf_append_literal(&b, cases[i].in, strlen(cases[i].in));
		ck_assert_str_eq(fq_strbuf_str(&b) + 4, cases[i].out);
		fq_strbuf_free(&b);
	}
	/* only the first n bytes count: a backslash beyond them is not seen */
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_append_literal(&b, "ab\\c", 2);
		ck_assert_str_eq(fq_strbuf_str(&b), "'ab'");
		fq_strbuf_free(&b);
	}
}
END_TEST

/* After the first failure every append is a no-op and fq_strbuf_ok says so
 * once at the end; reset makes the buffer usable again. */
START_TEST(test_strbuf_sticky_failure)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_append(&b, "abc");
	ck_assert(!fq_strbuf_reserve(&b, SIZE_MAX - 1)); /* len + extra overflows */
	ck_assert(!fq_strbuf_ok(&b));
	fq_strbuf_append(&b, "def");
	fq_strbuf_appendc(&b, 'g');
	fq_strbuf_printf(&b, "%d", 1);
	fq_strbuf_append_ident(&b, "x");
	fq_strbuf_append_literal(&b, "y", 1);
	ck_assert(!fq_strbuf_ok(&b));
	ck_assert_uint_eq(b.len, 3);
	ck_assert(!fq_strbuf_reserve(&b, 1));

	fq_strbuf_reset(&b);
	ck_assert(fq_strbuf_ok(&b));
	fq_strbuf_append(&b, "ok");
	ck_assert_str_eq(fq_strbuf_str(&b), "ok");
	fq_strbuf_free(&b);
}
END_TEST

/* A reservation whose size cannot be represented fails for every size that
 * overflows, including SIZE_MAX itself. */
START_TEST(test_strbuf_reserve_overflow)
{
	size_t extras[] = {SIZE_MAX - 2, SIZE_MAX - 1, SIZE_MAX};

	for (size_t i = 0; i < N_ELEMS(extras); i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		bool reserved;
		bool ok;

		fq_strbuf_append(&b, "abc");
		reserved = fq_strbuf_reserve(&b, extras[i]);
		ok = fq_strbuf_ok(&b);
		fq_strbuf_free(&b);
		ck_assert_msg(!reserved, "reserve(SIZE_MAX - %zu) with 3 bytes held claimed success",
					  SIZE_MAX - extras[i]);
		ck_assert(!ok);
	}
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc;

	tc = tcase_create("arena");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_arena_alignment);
	tcase_add_test(tc, test_arena_allocations_disjoint);
	tcase_add_test(tc, test_arena_zalloc_zeroes);
	tcase_add_test(tc, test_arena_big_allocation_own_block);
	tcase_add_test(tc, test_arena_big_first_allocation);
	tcase_add_test(tc, test_arena_realloc);
	tcase_add_test(tc, test_arena_reset_keeps_one_block);
	tcase_add_test(tc, test_arena_accounting);
	tcase_add_test(tc, test_arena_limit);
	tcase_add_test(tc, test_arena_size_overflow);
	tcase_add_test(tc, test_arena_string_helpers);
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_list_append_and_nth);
	tcase_add_test(tc, test_list_prepend);
	tcase_add_test(tc, test_list_copy_is_shallow_and_independent);
	tcase_add_test(tc, test_list_concat);
	tcase_add_test(tc, test_list_foreach);
	tcase_add_test(tc, test_list_out_of_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("strbuf");
	tcase_add_test(tc, test_strbuf_append);
	tcase_add_test(tc, test_strbuf_printf);
	tcase_add_test(tc, test_strbuf_ident);
	tcase_add_test(tc, test_strbuf_literal);
	tcase_add_test(tc, test_strbuf_sticky_failure);
	tcase_add_test(tc, test_strbuf_reserve_overflow);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(arena_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
