/*
 * check_spill.c — unit suite for engine/exec/spill: temporary files of rows.
 *
 * What it specifies: every type's values (NULLs, empty and long strings,
 * big numerics' limbs, NaN and -0 floats, intervals, UUIDs) come back from
 * a spill file exactly as written, in order, in batches of the size asked
 * for; rows of no columns still count; the file has no name in the spill
 * directory from the moment it exists; the budget is a quarter of
 * MemoryLimit and nothing with Spill=0; a write that finds no room
 * fails with 53100 naming SpillDirectory.
 */
#include "engine.h"
#include "exec/spill.h"
#include "exec/vector.h"
#include "types/types.h"

#include <check.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static fq_session *sess;
static fq_stmt *stmt;
static fq_exec_ctx ctx;
static fq_exec_node node;
static char dir[256];

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/check_spill.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sess = fq_session_new();
	ck_assert_ptr_nonnull(sess);
	ck_assert_int_eq(fq_session_set_option(sess, "SpillDirectory", dir), FQ_OK);
	stmt = calloc(1, sizeof(*stmt));
	ck_assert_ptr_nonnull(stmt);
	stmt->s = sess;
	stmt->acct.limit = 64u << 20;
	memset(&ctx, 0, sizeof(ctx));
	ctx.st = stmt;
	ctx.s = sess;
	ctx.arena = fq_arena_new(&stmt->acct);
	ctx.d = fq_diags_new();
	ck_assert_ptr_nonnull(ctx.arena);
	memset(&node, 0, sizeof(node));
	node.ctx = &ctx;
}

static void
teardown(void)
{
	fq_arena_free(ctx.arena);
	fq_diags_free(ctx.d);
	free(stmt);
	fq_session_free(sess);
	rmdir(dir);
}

/* Entries in the spill directory besides . and .. */
static int
dir_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static const fq_type_id all_types[] = {
	FQ_T_BOOL, FQ_T_INT2, FQ_T_INT4, FQ_T_INT8, FQ_T_DECIMAL, FQ_T_FLOAT4, FQ_T_FLOAT8,
	FQ_T_CHAR, FQ_T_VARCHAR, FQ_T_DATE, FQ_T_TIME, FQ_T_TIMESTAMP, FQ_T_TIMESTAMPTZ,
	FQ_T_INTERVAL, FQ_T_UUID, FQ_T_BYTEA,
};
#define NTYPES ((int) (sizeof(all_types) / sizeof(all_types[0])))
#define NROWS 5000u

static const uint32_t limbs[] = {123456789, 987654321, 5};
static char long_text[40000];

/* Row r's value of column c into the batch (every 7th value NULL). */
static void
fill_value(fq_batch *b, fq_arena *a, int c, uint32_t r, uint32_t row)
{
	fq_vector *v = &b->cols[c];
	void *slot = fq_vector_slot(v, row);

	if ((r + (uint32_t) c) % 7 == 0)
	{
		ck_assert_int_eq(fq_vector_set_null(v, a, FQ_BATCH_ROWS, row), FQ_OK);
		return;
	}
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			*(uint8_t *) slot = r & 1;
			break;
		case FQ_T_INT2:
			*(int16_t *) slot = (int16_t) (r * 3);
			break;
		case FQ_T_INT4:
		case FQ_T_DATE:
			*(int32_t *) slot = (int32_t) r * -17;
			break;
		case FQ_T_INT8:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			*(int64_t *) slot = (int64_t) r * INT64_C(1000000007);
			break;
		case FQ_T_FLOAT4:
			*(float *) slot = r % 3 == 0 ? -0.0f : (float) r / 3;
			break;
		case FQ_T_FLOAT8:
			*(double *) slot = r % 5 == 0 ? NAN : (double) r / 7;
			break;
		case FQ_T_DECIMAL:
			{
				fq_numeric x = {0};

				x.dscale = (int16_t) (r % 4);
				if (r % 3 == 0)
				{
					x.kind = FQ_NUM_BIG;
					x.limbs = limbs;
					x.nlimbs = 3;
					x.negative = 1;
				}
				else
					x.small = (fq_int128) r * 1000003;
				memcpy(slot, &x, sizeof(x));
				break;
			}
		case FQ_T_INTERVAL:
			{
				fq_interval iv = {.usecs = r, .days = (int32_t) r % 31, .months = -(int32_t) r};

				memcpy(slot, &iv, sizeof(iv));
				break;
			}
		case FQ_T_UUID:
			memset(slot, (int) (r & 0xFF), sizeof(fq_uuid));
			break;
		default:
			{
				/* strings: empty, short, and now and then longer than the buffer */
				size_t n = r % 100 == 1 ? sizeof(long_text) - 50 : r % 11;

				ck_assert_int_eq(fq_vector_set_string(v, a, row, long_text + r % 50, n), FQ_OK);
			}
	}
}

/* A batch of `n` rows from row `first`, every type. */
static void
make_batch(fq_batch *b, fq_arena *a, uint32_t first, uint32_t n)
{
	fq_type types[NTYPES];

	for (int c = 0; c < NTYPES; c++)
		types[c] = fq_type_make(all_types[c]);
	ck_assert_int_eq(fq_batch_init(b, a, types, NTYPES, FQ_BATCH_ROWS), FQ_OK);
	for (uint32_t i = 0; i < n; i++)
		for (int c = 0; c < NTYPES; c++)
			fill_value(b, a, c, first + i, i);
	b->nrows = n;
}

static void
assert_same(const fq_vector *x, uint32_t rx, const fq_vector *y, uint32_t ry)
{
	size_t w = fq_type_size(&x->type);

	ck_assert_int_eq(fq_vector_is_null(x, rx), fq_vector_is_null(y, ry));
	if (fq_vector_is_null(x, rx))
		return;
	if (x->type.id == FQ_T_DECIMAL)
	{
		fq_numeric a;
		fq_numeric b;

		memcpy(&a, fq_vector_slot(x, rx), sizeof(a));
		memcpy(&b, fq_vector_slot(y, ry), sizeof(b));
		ck_assert_int_eq(a.kind, b.kind);
		ck_assert_int_eq(a.dscale, b.dscale);
		ck_assert_int_eq(a.negative, b.negative);
		if (a.kind == FQ_NUM_BIG)
		{
			ck_assert_uint_eq(a.nlimbs, b.nlimbs);
			ck_assert_int_eq(memcmp(a.limbs, b.limbs, sizeof(uint32_t) * a.nlimbs), 0);
		}
		else
			ck_assert(a.small == b.small);
	}
	else if (x->type.id == FQ_T_CHAR || x->type.id == FQ_T_VARCHAR || x->type.id == FQ_T_BYTEA)
	{
		const fq_string *a = fq_vector_slot(x, rx);
		const fq_string *b = fq_vector_slot(y, ry);

		ck_assert_uint_eq(a->len, b->len);
		ck_assert_int_eq(memcmp(a->ptr, b->ptr, a->len), 0);
	}
	else
		/* bit for bit: NaN, -0 */
		ck_assert_int_eq(memcmp(fq_vector_slot(x, rx), fq_vector_slot(y, ry), w), 0);
}

START_TEST(round_trip_every_type)
{
	fq_arena *wa = fq_arena_new(NULL);
	fq_arena *ra = fq_arena_new(NULL);
	fq_arena *ea = fq_arena_new(NULL);
	fq_spill_file *f = fq_spill_create(&node);
	fq_type types[NTYPES];
	uint32_t seen = 0;
	fq_batch b;

	for (size_t i = 0; i < sizeof(long_text); i++)
		long_text[i] = (char) ('a' + i % 26);
	ck_assert_ptr_nonnull(f);
	/* the file never has a name */
	ck_assert_int_eq(dir_entries(), 0);
	for (uint32_t first = 0; first < NROWS; first += FQ_BATCH_ROWS)
	{
		uint32_t n = NROWS - first < FQ_BATCH_ROWS ? NROWS - first : FQ_BATCH_ROWS;

		fq_arena_reset(wa);
		make_batch(&b, wa, first, n);
		for (uint32_t r = 0; r < n; r++)
			ck_assert_int_eq(fq_spill_write_row(f, &b, r), FQ_OK);
	}
	ck_assert_uint_eq(fq_spill_rows(f), NROWS);
	ck_assert_int_eq(fq_spill_rewind(f), FQ_OK);
	ck_assert(node.spill_bytes > 0);
	ck_assert_uint_eq(node.spill_files, 1);
	for (int c = 0; c < NTYPES; c++)
		types[c] = fq_type_make(all_types[c]);
	for (;;)
	{
		fq_batch want;
		int rc;

		fq_arena_reset(ra);
		rc = fq_spill_read(f, &b, ra, types, NTYPES, 700);
		ck_assert_int_ge(rc, 0);
		if (rc == 0)
			break;
		ck_assert_uint_le(b.nrows, 700);
		fq_arena_reset(ea);
		make_batch(&want, ea, seen, b.nrows);
		for (uint32_t r = 0; r < b.nrows; r++)
			for (int c = 0; c < NTYPES; c++)
				assert_same(&want.cols[c], r, &b.cols[c], r);
		seen += b.nrows;
	}
	ck_assert_uint_eq(seen, NROWS);
	ck_assert_int_eq(fq_diags_count(ctx.d), 0);
	fq_spill_close(f);
	ck_assert_int_eq(dir_entries(), 0);
	/* the buffers went back to the account */
	ck_assert_uint_eq(stmt->acct.used, fq_arena_size(ctx.arena));
	fq_arena_free(wa);
	fq_arena_free(ra);
	fq_arena_free(ea);
}
END_TEST

START_TEST(rows_without_columns)
{
	fq_spill_file *f = fq_spill_create(&node);
	fq_arena *a = fq_arena_new(NULL);
	fq_batch b = {.nrows = 3, .ncols = 0, .cols = NULL};
	uint32_t total = 0;
	int rc;

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 3000; i++)
		ck_assert_int_eq(fq_spill_write_row(f, &b, 0), FQ_OK);
	ck_assert_int_eq(fq_spill_rewind(f), FQ_OK);
	while ((rc = fq_spill_read(f, &b, a, NULL, 0, FQ_BATCH_ROWS)) > 0)
		total += b.nrows;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(total, 3000);
	fq_spill_close(f);
	fq_arena_free(a);
}
END_TEST

START_TEST(budget)
{
	stmt->acct.limit = 8u << 20;
	ck_assert_uint_eq(fq_spill_budget(&ctx), 2u << 20);
	ck_assert(!fq_spill_due(&ctx, 100 * 1024));
	ck_assert(fq_spill_due(&ctx, 2u << 20));
	/* the arena's next block counts: 1 MB held grows to 2 */
	ck_assert(fq_spill_due(&ctx, 1u << 20));
	/* the whole query near its limit: spill what there is */
	stmt->acct.used = 7u << 20;
	ck_assert(fq_spill_due(&ctx, 300 * 1024));
	ck_assert(!fq_spill_due(&ctx, 100 * 1024));
	stmt->acct.used = 0;
	ck_assert_int_eq(fq_session_set_option(sess, "Spill", "0"), FQ_OK);
	ck_assert_uint_eq(fq_spill_budget(&ctx), 0);
	ck_assert(!fq_spill_due(&ctx, 100u << 20));
	ck_assert_int_eq(fq_session_set_option(sess, "Spill", "1"), FQ_OK);
	stmt->acct.limit = 0;
	ck_assert_uint_eq(fq_spill_budget(&ctx), 0);
}
END_TEST

/* A file size limit stands in for a full disk (EFBIG, as ENOSPC). */
START_TEST(write_failure_is_53100)
{
	struct rlimit rl = {.rlim_cur = 64 * 1024, .rlim_max = RLIM_INFINITY};
	fq_arena *a = fq_arena_new(NULL);
	fq_spill_file *f = fq_spill_create(&node);
	const fq_diag *e;
	fq_batch b;
	int rc = FQ_OK;

	for (size_t i = 0; i < sizeof(long_text); i++)
		long_text[i] = (char) ('a' + i % 26);
	ck_assert_ptr_nonnull(f);
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	make_batch(&b, a, 0, FQ_BATCH_ROWS);
	for (int round = 0; round < 100 && rc == FQ_OK; round++)
		for (uint32_t r = 0; r < b.nrows && rc == FQ_OK; r++)
			rc = fq_spill_write_row(f, &b, r);
	if (rc == FQ_OK)
		rc = fq_spill_rewind(f);
	ck_assert_int_eq(rc, FQ_ERROR);
	e = fq_diags_get(ctx.d, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->sqlstate, "53100");
	ck_assert_ptr_nonnull(strstr(e->message, "could not write to temporary file"));
	ck_assert_ptr_nonnull(e->hint);
	ck_assert_ptr_nonnull(strstr(e->hint, "SpillDirectory"));
	ck_assert_ptr_nonnull(strstr(e->hint, dir));
	fq_spill_close(f);
	fq_arena_free(a);
}
END_TEST

/* A directory that is not there: the file cannot be made. */
START_TEST(no_directory)
{
	char missing[300];

	snprintf(missing, sizeof(missing), "%s/none", dir);
	ck_assert_int_eq(fq_session_set_option(sess, "SpillDirectory", missing), FQ_OK);
	ck_assert_ptr_null(fq_spill_create(&node));
	ck_assert_ptr_nonnull(strstr(fq_diags_get(ctx.d, 0)->hint, "SpillDirectory"));
	/* a relative path is refused when set */
	ck_assert_int_eq(fq_session_set_option(sess, "SpillDirectory", "tmp"), FQ_ERROR);
}
END_TEST

static Suite *
spill_suite(void)
{
	Suite *s = suite_create("spill");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip_every_type);
	tcase_add_test(tc, rows_without_columns);
	tcase_add_test(tc, budget);
	tcase_add_test(tc, write_failure_is_53100);
	tcase_add_test(tc, no_directory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spill_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
