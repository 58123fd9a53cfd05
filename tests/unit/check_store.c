/*
 * check_store.c — unit suite for engine/catalog/store: the JSON file that
 * holds the external schemas, shared by every process that uses it.
 *
 * What it specifies, each test in a fresh temporary directory:
 *   - a missing file is an empty catalog, and reading creates nothing;
 *   - add, find, drop; IF NOT EXISTS; a duplicate name is 42P06;
 *   - the file is JSON in the documented format, mode 0600, in parent
 *     directories created 0700 (whatever the umask);
 *   - another fq_store on the same file (another process) sees changes
 *     after fq_store_refresh;
 *   - oids are never reused and survive reloads;
 *   - a corrupt file (invalid JSON, wrong "format", duplicate names, wrong
 *     field types, newer version) is F0000 naming the file, with the byte
 *     offset for JSON errors, and is never overwritten;
 *   - a failed write (FQ_FAULT=catalog-rename) is 58030 "the catalog is
 *     unchanged", leaves the old file and no temporary file;
 *   - concurrent writers in several processes all land (the lock works);
 *   - fq_store_default_path follows XDG_DATA_HOME, then HOME.
 */
#include "fq.h"
#include "catalog/store.h"
#include "core/fault.h"

#include <cJSON.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char basedir[200]; /* made by main, removed by main even after failures */
static char tmpdir[256];  /* one per test, in basedir */
static char dir[512];     /* tmpdir/a/b: created by the store */
static char path[1024];   /* dir/catalog.json */
static fq_diags *d;

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t_XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(dir, sizeof(dir), "%s/a/b", tmpdir);
	snprintf(path, sizeof(path), "%s/catalog.json", dir);
	d = fq_diags_new();
	ck_assert_ptr_nonnull(d);
	unsetenv("FQ_FAULT");
}

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(p);
}

static void
teardown(void)
{
	unsetenv("FQ_FAULT");
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	fq_diags_free(d);
	d = NULL;
}

/* ---- helpers ---- */

static fq_ext_schema
schema(const char *name)
{
	fq_ext_schema s = {
		.name = name,
		.source = "postgres",
		.database = "shop",
		.remote_schema = "public",
		.uri = "db.example.com",
		.port = 5432,
		.owner = "alice",
	};

	return s;
}

static const char *
state(void)
{
	const fq_diag *r = fq_diags_get(d, 0);

	return r != NULL ? r->sqlstate : "(none)";
}

static const char *
message(void)
{
	const fq_diag *r = fq_diags_get(d, 0);

	return r != NULL ? r->message : "(no diagnostic)";
}

#define ASSERT_OK(call) \
	do { \
		fq_diags_clear(d); \
		ck_assert_msg((call) == FQ_OK, "%s: %s %s", #call, state(), message()); \
	} while (0)

#define ASSERT_FAILS(call, sqlstate) \
	do { \
		fq_diags_clear(d); \
		ck_assert_msg((call) == FQ_ERROR, "%s succeeded", #call); \
		ck_assert_msg(strcmp(state(), (sqlstate)) == 0, "%s: %s %s, want %s", #call, \
					  state(), message(), (sqlstate)); \
	} while (0)

static void
add_ok(fq_store *st, const char *name)
{
	fq_ext_schema s = schema(name);
	bool existed = true;

	ASSERT_OK(fq_store_add(st, &s, false, &existed, d));
	ck_assert(!existed);
}

/* The file's bytes, NUL-terminated (malloc'd), or NULL if it is missing. */
static char *
slurp(const char *p, size_t *lenp)
{
	FILE *f = fopen(p, "rb");
	char *buf;
	long len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t) len, f), (size_t) len);
	buf[len] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = (size_t) len;
	return buf;
}

static void
spit(const char *p, const char *content)
{
	char sub[PATH_MAX];
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/a", tmpdir);
	mkdir(sub, 0700);
	mkdir(dir, 0700);
	f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(content, 1, strlen(content), f), strlen(content));
	ck_assert_int_eq(fclose(f), 0);
}

/* Names in dir that contain `part`. */
static int
count_files(const char *part)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL)
		if (strstr(e->d_name, part) != NULL)
			n++;
	closedir(dp);
	return n;
}

static bool
exists(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0;
}

static mode_t
mode_of(const char *p)
{
	struct stat sb;

	ck_assert_msg(stat(p, &sb) == 0, "%s: %s", p, strerror(errno));
	return sb.st_mode & 07777;
}

/* ------------------------------------------------------------------ */
/* Basic operations                                                    */
/* ------------------------------------------------------------------ */

/* No file is an empty catalog, and opening or refreshing creates nothing. */
START_TEST(test_missing_file_is_empty)
{
	fq_store st;
	char sub[PATH_MAX];

	ASSERT_OK(fq_store_open(&st, path, d));
	ck_assert_int_eq(st.nschemas, 0);
	ck_assert_ptr_null(fq_store_find(&st, "anything"));
	ASSERT_OK(fq_store_refresh(&st, d));
	ck_assert_int_eq(st.nschemas, 0);
	snprintf(sub, sizeof(sub), "%s/a", tmpdir);
	ck_assert(!exists(sub));
	fq_store_close(&st);
}
END_TEST

START_TEST(test_add_find_drop)
{
	fq_store st;
	fq_ext_schema s = schema("rds");
	const fq_ext_schema *f;
	bool existed = true;
	bool found = false;

	s.remote_schema = "sales";
	s.port = 5433;
	s.iam_role = "default";
	s.secret_arn = "file:/run/secret.json";
	ASSERT_OK(fq_store_open(&st, path, d));
	ASSERT_OK(fq_store_add(&st, &s, false, &existed, d));
	ck_assert(!existed);

	f = fq_store_find(&st, "rds");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "rds");
	ck_assert_str_eq(f->source, "postgres");
	ck_assert_str_eq(f->database, "shop");
	ck_assert_str_eq(f->remote_schema, "sales");
	ck_assert_str_eq(f->uri, "db.example.com");
	ck_assert_int_eq(f->port, 5433);
	ck_assert_str_eq(f->iam_role, "default");
	ck_assert_str_eq(f->secret_arn, "file:/run/secret.json");
	ck_assert_str_eq(f->owner, "alice");
	ck_assert_int_eq(f->oid, 100001);
	/* created: ISO 8601 UTC, e.g. 2026-11-21T10:00:00Z */
	ck_assert_ptr_nonnull(f->created);
	ck_assert_uint_eq(strlen(f->created), 20);
	ck_assert_int_eq(f->created[10], 'T');
	ck_assert_int_eq(f->created[19], 'Z');
	/* lookup is exact: names are stored folded, as the parser folds */
	ck_assert_ptr_null(fq_store_find(&st, "RDS"));
	ck_assert_ptr_null(fq_store_find(&st, "rd"));

	ASSERT_OK(fq_store_drop(&st, "rds", &found, d));
	ck_assert(found);
	ck_assert_ptr_null(fq_store_find(&st, "rds"));
	ck_assert_int_eq(st.nschemas, 0);
	/* dropping what is not there succeeds and says so */
	found = true;
	ASSERT_OK(fq_store_drop(&st, "rds", &found, d));
	ck_assert(!found);
	fq_store_close(&st);
}
END_TEST

/* Dropping from an empty catalog writes no file. */
START_TEST(test_drop_missing_writes_nothing)
{
	fq_store st;
	bool found = true;

	ASSERT_OK(fq_store_open(&st, path, d));
	ASSERT_OK(fq_store_drop(&st, "x", &found, d));
	ck_assert(!found);
	ck_assert(!exists(path));
	fq_store_close(&st);
}
END_TEST

START_TEST(test_if_not_exists_and_duplicate)
{
	fq_store st;
	fq_ext_schema s = schema("rds");
	bool existed = false;
	char *before;
	char *after;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "rds");
	before = slurp(path, NULL);
	s.database = "other";

	ASSERT_OK(fq_store_add(&st, &s, true, &existed, d));
	ck_assert(existed);
	ck_assert_int_eq(fq_diags_count(d), 0);
	ck_assert_str_eq(fq_store_find(&st, "rds")->database, "shop");

	existed = false;
	ASSERT_FAILS(fq_store_add(&st, &s, false, &existed, d), "42P06");
	ck_assert(existed);
	ck_assert_str_eq(message(), "schema \"rds\" already exists");

	after = slurp(path, NULL);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(st.nschemas, 1);
	free(before);
	free(after);
	fq_store_close(&st);
}
END_TEST

/* The file is the documented JSON. */
START_TEST(test_file_format)
{
	fq_store st;
	fq_ext_schema s = schema("b");
	bool existed;
	char *text;
	cJSON *root;
	cJSON *list;
	cJSON *e;

	s.iam_role = "arn:aws:iam::123456789012:role/R";
	s.secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s";
	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	ASSERT_OK(fq_store_add(&st, &s, false, &existed, d));
	fq_store_close(&st);

	text = slurp(path, NULL);
	ck_assert_ptr_nonnull(text);
	root = cJSON_Parse(text);
	ck_assert_msg(root != NULL, "not JSON: %s", text);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(root, "format")->valuestring,
					 "fedq-catalog");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 1);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "next_oid")->valueint, 100003);
	list = cJSON_GetObjectItemCaseSensitive(root, "external_schemas");
	ck_assert(cJSON_IsArray(list));
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);

	e = cJSON_GetArrayItem(list, 0);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, "a");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "source")->valuestring, "postgres");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "database")->valuestring, "shop");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "schema")->valuestring, "public");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "uri")->valuestring, "db.example.com");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(e, "port")->valueint, 5432);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "iam_role")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "secret_arn")));
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(e, "oid")->valueint, 100001);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "owner")->valuestring, "alice");
	ck_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "created")));

	e = cJSON_GetArrayItem(list, 1);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, "b");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "iam_role")->valuestring,
					 "arn:aws:iam::123456789012:role/R");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "secret_arn")->valuestring,
					 "arn:aws:secretsmanager:us-east-1:123456789012:secret:s");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(e, "oid")->valueint, 100002);
	cJSON_Delete(root);
	free(text);
}
END_TEST

/* The SSL clauses are kept; a file holding them is version 2 (an older
 * fedq refuses it rather than connect without TLS), and back to version 1
 * once no schema has them. */
START_TEST(test_tls_fields)
{
	fq_store st;
	fq_ext_schema s = schema("t");
	const fq_ext_schema *got;
	bool existed;
	bool found;
	char *text;
	cJSON *root;
	cJSON *e;

	s.sslmode = "verify-full";
	s.sslrootcert = "/etc/ssl/ca.pem";
	s.sslcert = "/home/a/client.crt";
	s.sslkey = "/home/a/client.key";
	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "plain");
	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 1);
	e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "external_schemas"), 0);
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(e, "sslmode"));
	cJSON_Delete(root);
	free(text);

	ASSERT_OK(fq_store_add(&st, &s, false, &existed, d));
	fq_store_close(&st);
	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 2);
	e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "external_schemas"), 1);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "sslmode")->valuestring, "verify-full");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "sslkey")->valuestring,
					 "/home/a/client.key");
	cJSON_Delete(root);
	free(text);

	ASSERT_OK(fq_store_open(&st, path, d));
	got = fq_store_find(&st, "t");
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got->sslmode, "verify-full");
	ck_assert_str_eq(got->sslrootcert, "/etc/ssl/ca.pem");
	ck_assert_str_eq(got->sslcert, "/home/a/client.crt");
	ck_assert_str_eq(got->sslkey, "/home/a/client.key");
	ck_assert_ptr_null(fq_store_find(&st, "plain")->sslmode);
	ASSERT_OK(fq_store_drop(&st, "t", &found, d));
	fq_store_close(&st);
	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 1);
	cJSON_Delete(root);
	free(text);
}
END_TEST

/* Late-binding views: added, replaced (keeping the oid), dropped; a file
 * holding one is version 3 (an older fedq would drop the views on its next
 * write, so it must refuse the file), back to the older version without. */
START_TEST(test_views)
{
	fq_store st;
	fq_store other;
	fq_view_def v;
	const char *cols[] = {"a", "b"};
	const fq_view_def *got;
	const char *schemas[] = {"public", "s2", "public"};
	const char *names[] = {"v1", "v2", "missing"};
	/* (names[2] becomes the materialized view's below) */
	bool found[3];
	bool replaced;
	int64_t oid;
	char *text;
	cJSON *root;

	memset(&v, 0, sizeof(v));
	v.schema = "public";
	v.name = "v1";
	v.sql = "SELECT x, y FROM rds.t";
	v.ncols = 2;
	v.cols = cols;
	v.owner = "alice";
	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "plain");
	ASSERT_OK(fq_store_add_view(&st, &v, false, &replaced, d));
	ck_assert(!replaced);
	ASSERT_FAILS(fq_store_add_view(&st, &v, false, &replaced, d), "42P07");
	got = fq_store_find_view(&st, "public", "v1");
	ck_assert_ptr_nonnull(got);
	oid = got->oid;
	ck_assert_int_eq(got->ncols, 2);
	ck_assert_str_eq(got->cols[1], "b");
	ck_assert_ptr_null(fq_store_find_view(&st, "other", "v1"));
	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 3);
	cJSON_Delete(root);
	free(text);

	/* Replaced: the same oid, the new text, seen by another process. */
	v.sql = "SELECT x FROM rds.t";
	v.ncols = 0;
	v.cols = NULL;
	ASSERT_OK(fq_store_add_view(&st, &v, true, &replaced, d));
	ck_assert(replaced);
	v.schema = "s2";
	v.name = "v2";
	ASSERT_OK(fq_store_add_view(&st, &v, false, &replaced, d));
	ASSERT_OK(fq_store_open(&other, path, d));
	ck_assert_int_eq(other.nviews, 2);
	got = fq_store_find_view(&other, "public", "v1");
	ck_assert_int_eq(got->oid, oid);
	ck_assert_int_eq(got->ncols, 0);
	ck_assert_str_eq(got->sql, "SELECT x FROM rds.t");
	ck_assert_int_gt(fq_store_find_view(&other, "s2", "v2")->oid, oid);
	ck_assert_ptr_nonnull(fq_store_find(&other, "plain"));
	fq_store_close(&other);

	/* A materialized view's flag is kept. */
	v.schema = "public";
	v.name = "mv";
	v.materialized = true;
	ASSERT_OK(fq_store_add_view(&st, &v, false, &replaced, d));
	ASSERT_OK(fq_store_open(&other, path, d));
	ck_assert(fq_store_find_view(&other, "public", "mv")->materialized);
	ck_assert(!fq_store_find_view(&other, "public", "v1")->materialized);
	fq_store_close(&other);
	names[2] = "mv";
	ASSERT_OK(fq_store_drop_views(&st, 3, schemas, names, found, d));
	ck_assert(found[0] && found[1] && found[2]);
	ck_assert_int_eq(st.nviews, 0);
	fq_store_close(&st);
	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(root, "version")->valueint, 1);
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(root, "views"));
	cJSON_Delete(root);
	free(text);
}
END_TEST

/* The file is 0600 and the directories made for it 0700, even with umask 0;
 * a file someone loosened is private again after the next write. */
START_TEST(test_file_and_directory_modes)
{
	fq_store st;
	char sub[PATH_MAX];
	mode_t old = umask(0);

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	snprintf(sub, sizeof(sub), "%s/a", tmpdir);
	ck_assert_msg(mode_of(sub) == 0700, "%s: mode %o", sub, (unsigned) mode_of(sub));
	ck_assert_msg(mode_of(dir) == 0700, "%s: mode %o", dir, (unsigned) mode_of(dir));
	ck_assert_msg(mode_of(path) == 0600, "%s: mode %o", path, (unsigned) mode_of(path));

	ck_assert_int_eq(chmod(path, 0644), 0);
	add_ok(&st, "b");
	ck_assert_msg(mode_of(path) == 0600, "%s: mode %o", path, (unsigned) mode_of(path));
	umask(old);
	fq_store_close(&st);
}
END_TEST

/* Writing leaves no temporary file behind. */
START_TEST(test_no_temporary_files_left)
{
	fq_store st;
	bool found;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	add_ok(&st, "b");
	ASSERT_OK(fq_store_drop(&st, "a", &found, d));
	ck_assert_int_eq(count_files(".tmp"), 0);
	ck_assert_int_eq(count_files("catalog.json"), 2); /* the file and its .lock */
	fq_store_close(&st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Sharing                                                             */
/* ------------------------------------------------------------------ */

/* A second store on the same file (another process) sees each change after
 * a refresh; a refresh with no change does not reload. */
START_TEST(test_second_store_sees_changes)
{
	fq_store a;
	fq_store b;
	uint64_t v;
	bool found;

	ASSERT_OK(fq_store_open(&a, path, d));
	ASSERT_OK(fq_store_open(&b, path, d));

	add_ok(&a, "x");
	ASSERT_OK(fq_store_refresh(&b, d));
	ck_assert_ptr_nonnull(fq_store_find(&b, "x"));
	ck_assert_int_eq(fq_store_find(&b, "x")->oid, fq_store_find(&a, "x")->oid);

	v = b.version;
	ASSERT_OK(fq_store_refresh(&b, d));
	ck_assert_uint_eq(b.version, v);

	add_ok(&b, "y");
	ck_assert_ptr_null(fq_store_find(&a, "y")); /* not before the refresh */
	ASSERT_OK(fq_store_refresh(&a, d));
	ck_assert_ptr_nonnull(fq_store_find(&a, "y"));
	ck_assert_int_eq(a.nschemas, 2);

	ASSERT_OK(fq_store_drop(&a, "x", &found, d));
	ck_assert(found);
	ASSERT_OK(fq_store_refresh(&b, d));
	ck_assert_ptr_null(fq_store_find(&b, "x"));
	ck_assert_uint_gt(b.version, v);

	/* a writer decides on the latest file, not on what it loaded last */
	add_ok(&a, "z");
	{
		fq_ext_schema s = schema("z");
		bool existed = false;

		ASSERT_FAILS(fq_store_add(&b, &s, false, &existed, d), "42P06");
		ck_assert(existed);
	}

	fq_store_close(&a);
	fq_store_close(&b);
}
END_TEST

/* The file deleted behind the store's back is an empty catalog again. */
START_TEST(test_file_removed_externally)
{
	fq_store st;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "x");
	ck_assert_int_eq(unlink(path), 0);
	ASSERT_OK(fq_store_refresh(&st, d));
	ck_assert_int_eq(st.nschemas, 0);
	ck_assert_ptr_null(fq_store_find(&st, "x"));
	fq_store_close(&st);
}
END_TEST

/* oids increase, are never reused after a drop, and survive reloads. */
START_TEST(test_oids_stable_and_increasing)
{
	fq_store st;
	bool found;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	add_ok(&st, "b");
	ck_assert_int_eq(fq_store_find(&st, "a")->oid, 100001);
	ck_assert_int_eq(fq_store_find(&st, "b")->oid, 100002);
	ASSERT_OK(fq_store_drop(&st, "a", &found, d));
	add_ok(&st, "c");
	ck_assert_int_eq(fq_store_find(&st, "c")->oid, 100003);
	ck_assert_int_eq(fq_store_find(&st, "b")->oid, 100002);
	fq_store_close(&st);

	ASSERT_OK(fq_store_open(&st, path, d));
	ck_assert_int_eq(fq_store_find(&st, "b")->oid, 100002);
	ck_assert_int_eq(fq_store_find(&st, "c")->oid, 100003);
	ASSERT_OK(fq_store_drop(&st, "b", &found, d));
	ASSERT_OK(fq_store_drop(&st, "c", &found, d));
	ck_assert_int_eq(st.nschemas, 0);
	fq_store_close(&st);

	/* even an emptied catalog remembers the next oid */
	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	ck_assert_int_eq(fq_store_find(&st, "a")->oid, 100004);
	fq_store_close(&st);
}
END_TEST

/* A file without next_oid (written by hand) continues after its largest
 * oid. */
START_TEST(test_oid_after_hand_written_file)
{
	fq_store st;

	spit(path, "{\"format\": \"fedq-catalog\", \"version\": 1, \"external_schemas\": ["
			   "{\"name\": \"h\", \"source\": \"postgres\", \"database\": \"d\", "
			   "\"schema\": \"public\", \"uri\": \"h\", \"port\": 5432, \"oid\": 100500}]}\n");
	ASSERT_OK(fq_store_open(&st, path, d));
	ck_assert_int_eq(st.nschemas, 1);
	ck_assert_ptr_null(fq_store_find(&st, "h")->iam_role);
	ck_assert_ptr_null(fq_store_find(&st, "h")->owner);
	add_ok(&st, "n");
	ck_assert_int_eq(fq_store_find(&st, "n")->oid, 100501);
	fq_store_close(&st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Corrupt files                                                       */
/* ------------------------------------------------------------------ */

#define VALID_ENTRY \
	"{\"name\": \"e\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"public\", " \
	"\"uri\": \"h\", \"port\": 5432, \"oid\": 100001}"
#define DOC(entries) \
	"{\"format\": \"fedq-catalog\", \"version\": 1, \"next_oid\": 100002, " \
	"\"external_schemas\": [" entries "]}\n"

#define ANY_OFFSET (-1) /* "at byte N", N not checked */
#define NO_OFFSET (-2)  /* not a JSON syntax error */

static const struct
{
	const char *content;
	const char *message; /* a part of the message */
	long offset;         /* the byte offset named for JSON syntax errors */
} corrupt_cases[] = {
	{"{not json}", "invalid JSON", ANY_OFFSET},
	{"{\"a\": tru}", "invalid JSON at byte 6", 6},
	{"", "invalid JSON at byte 0", 0},
	{DOC(VALID_ENTRY) "x", "invalid JSON", ANY_OFFSET},
	{"{\"format\": \"fedq-catalog\"", "invalid JSON", ANY_OFFSET},
	{"[]", "\"format\": \"fedq-catalog\"", NO_OFFSET},
	{"{\"format\": \"other\", \"version\": 1, \"external_schemas\": []}",
	 "\"format\": \"fedq-catalog\"", NO_OFFSET},
	{"{\"version\": 1, \"external_schemas\": []}", "\"format\": \"fedq-catalog\"", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"external_schemas\": []}", "\"version\"", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": \"1\", \"external_schemas\": []}", "\"version\"",
	 NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 4, \"external_schemas\": []}",
	 "newer than this fedq understands", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 3, \"external_schemas\": [], \"views\": {}}",
	 "\"views\" is not a list", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 3, \"external_schemas\": [], \"views\": "
	 "[{\"schema\": \"public\", \"name\": \"v\", \"oid\": 100001}]}",
	 "view entry 1 lacks a required field", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 3, \"external_schemas\": [], \"views\": "
	 "[{\"schema\": \"public\", \"name\": \"v\", \"sql\": \"SELECT 1\", \"oid\": 100001, "
	 "\"columns\": [1]}]}",
	 "view entry 1 lacks a required field", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 3, \"external_schemas\": [], \"views\": "
	 "[{\"schema\": \"public\", \"name\": \"v\", \"sql\": \"SELECT 1\", \"oid\": 100001}, "
	 "{\"schema\": \"public\", \"name\": \"v\", \"sql\": \"SELECT 2\", \"oid\": 100002}]}",
	 "a view name appears twice", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 5432, \"oid\": 100002, \"sslmode\": true}"),
	 "entry 1 lacks a required field", NO_OFFSET},
	{"{\"format\": \"fedq-catalog\", \"version\": 1, \"external_schemas\": {}}",
	 "\"external_schemas\" is not a list", NO_OFFSET},
	{DOC(VALID_ENTRY ", " VALID_ENTRY), "appears twice", NO_OFFSET},
	{DOC("5"), "not an object", NO_OFFSET},
	{DOC("{\"name\": 5, \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 5432, \"oid\": 100001}"),
	 "entry 1 lacks a required field or has one of the wrong type", NO_OFFSET},
	{DOC(VALID_ENTRY ", {\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", "
					 "\"schema\": \"p\", \"uri\": \"h\", \"port\": \"5432\", \"oid\": 100002}"),
	 "entry 2 lacks a required field or has one of the wrong type", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"port\": 5432, \"oid\": 100002}"),
	 "entry 1 lacks a required field", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 5432, \"oid\": 1.5}"),
	 "entry 1 lacks a required field", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 70000, \"oid\": 100002}"),
	 "entry 1 lacks a required field", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"postgres\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 5432, \"oid\": 100002, \"iam_role\": 7}"),
	 "entry 1 lacks a required field", NO_OFFSET},
	{DOC("{\"name\": \"f\", \"source\": \"mysql\", \"database\": \"d\", \"schema\": \"p\", "
		 "\"uri\": \"h\", \"port\": 5432, \"oid\": 100002}"),
	 "source \"mysql\"", NO_OFFSET},
};

/* A corrupt file is F0000 naming the file; adding and dropping fail and the
 * file keeps every byte. */
START_TEST(test_corrupt_file)
{
	const char *content = corrupt_cases[_i].content;
	fq_store st;
	fq_ext_schema s = schema("new");
	bool existed;
	bool found;
	char *after;
	char at[64];

	spit(path, content);
	ASSERT_FAILS(fq_store_open(&st, path, d), "F0000");
	ck_assert_msg(strstr(message(), path) != NULL, "message does not name the file: %s",
				  message());
	ck_assert_msg(strstr(message(), corrupt_cases[_i].message) != NULL, "message: %s",
				  message());
	if (corrupt_cases[_i].offset == ANY_OFFSET)
		ck_assert_msg(strstr(message(), "at byte ") != NULL, "message: %s", message());
	else if (corrupt_cases[_i].offset != NO_OFFSET)
	{
		snprintf(at, sizeof(at), "at byte %ld", corrupt_cases[_i].offset);
		ck_assert_msg(strstr(message(), at) != NULL, "message: %s", message());
	}

	ASSERT_FAILS(fq_store_add(&st, &s, false, &existed, d), "F0000");
	ASSERT_FAILS(fq_store_add(&st, &s, true, &existed, d), "F0000");
	ASSERT_FAILS(fq_store_drop(&st, "e", &found, d), "F0000");
	after = slurp(path, NULL);
	ck_assert_str_eq(after, content);
	ck_assert_int_eq(count_files(".tmp"), 0);
	free(after);
	fq_store_close(&st);
}
END_TEST

/* A file that goes bad after it was loaded: refresh reports it, the last
 * good catalog stays in memory, and writes still refuse to touch it. */
START_TEST(test_file_corrupted_after_load)
{
	fq_store st;
	fq_ext_schema s = schema("new");
	bool existed;
	char *after;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "good");
	spit(path, "{ garbage");
	ASSERT_FAILS(fq_store_refresh(&st, d), "F0000");
	ck_assert_ptr_nonnull(fq_store_find(&st, "good"));
	ASSERT_FAILS(fq_store_add(&st, &s, false, &existed, d), "F0000");
	after = slurp(path, NULL);
	ck_assert_str_eq(after, "{ garbage");
	free(after);
	fq_store_close(&st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Failed writes                                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_failed_write_keeps_old_file)
{
	fq_store st;
	fq_ext_schema s = schema("b");
	bool existed;
	bool found;
	char *before;
	char *after;

	ASSERT_OK(fq_store_open(&st, path, d));
	add_ok(&st, "a");
	before = slurp(path, NULL);

	setenv("FQ_FAULT", "catalog-rename", 1);
	ASSERT_FAILS(fq_store_add(&st, &s, false, &existed, d), "58030");
	ck_assert_msg(strstr(message(), "the catalog is unchanged") != NULL, "%s", message());
	ck_assert_msg(strstr(message(), path) != NULL, "%s", message());
	after = slurp(path, NULL);
	ck_assert_str_eq(after, before);
	free(after);
	ck_assert_int_eq(count_files(".tmp"), 0);
	ck_assert_ptr_null(fq_store_find(&st, "b"));
	ck_assert_ptr_nonnull(fq_store_find(&st, "a"));

	ASSERT_FAILS(fq_store_drop(&st, "a", &found, d), "58030");
	ck_assert_msg(strstr(message(), "the catalog is unchanged") != NULL, "%s", message());
	after = slurp(path, NULL);
	ck_assert_str_eq(after, before);
	free(after);
	ck_assert_int_eq(count_files(".tmp"), 0);

	/* once the fault is gone, writing works again and builds on the old file */
	unsetenv("FQ_FAULT");
	add_ok(&st, "b");
	ck_assert_int_eq(st.nschemas, 2);
	ck_assert_int_eq(fq_store_find(&st, "b")->oid, 100002);
	free(before);
	fq_store_close(&st);
}
END_TEST

/* Fault names match whole entries of a comma-separated list. */
START_TEST(test_fault_names)
{
	static const struct
	{
		const char *env;
		bool on;
	} cases[] = {
		{"catalog-rename", true},
		{"x,catalog-rename", true},
		{"catalog-rename,y", true},
		{"a,catalog-rename,b", true},
		{"catalog-renamed", false},
		{"xcatalog-rename", false},
		{"catalog", false},
		{"", false},
	};

	unsetenv("FQ_FAULT");
	ck_assert(!fq_fault("catalog-rename"));
	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		setenv("FQ_FAULT", cases[i].env, 1);
		ck_assert_msg(fq_fault("catalog-rename") == cases[i].on, "FQ_FAULT=%s", cases[i].env);
	}
	unsetenv("FQ_FAULT");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Concurrency                                                         */
/* ------------------------------------------------------------------ */

#define WRITERS 4
#define PER_WRITER 25

/* Several processes add schemas at once: every one lands, oids are unique,
 * and the file stays valid. */
START_TEST(test_concurrent_writers)
{
	pid_t pids[WRITERS];
	fq_store st;
	char *text;
	cJSON *root;
	int64_t seen[WRITERS * PER_WRITER];

	for (int w = 0; w < WRITERS; w++)
	{
		pids[w] = fork();
		ck_assert_int_ge(pids[w], 0);
		if (pids[w] == 0)
		{
			fq_diags *cd = fq_diags_new();
			fq_store cst;
			int bad = 0;

			if (fq_store_open(&cst, path, cd) < 0)
				_exit(100);
			for (int i = 0; i < PER_WRITER; i++)
			{
				char name[32];
				fq_ext_schema s;
				bool existed;

				snprintf(name, sizeof(name), "w%d_%d", w, i);
				s = schema(name);
				if (fq_store_add(&cst, &s, false, &existed, cd) < 0)
				{
					if (bad++ == 0) /* the first failure tells why */
						fprintf(stderr, "writer %d: %s\n", w, fq_diags_get(cd, 0)->message);
					fq_diags_clear(cd);
				}
			}
			fq_store_close(&cst);
			fq_diags_free(cd);
			_exit(bad == 0 ? 0 : 1);
		}
	}
	for (int w = 0; w < WRITERS; w++)
	{
		int status;

		ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
					  "writer %d failed (status %d)", w, status);
	}

	ASSERT_OK(fq_store_open(&st, path, d));
	ck_assert_int_eq(st.nschemas, WRITERS * PER_WRITER);
	for (int w = 0; w < WRITERS; w++)
		for (int i = 0; i < PER_WRITER; i++)
		{
			char name[32];
			const fq_ext_schema *s;

			snprintf(name, sizeof(name), "w%d_%d", w, i);
			s = fq_store_find(&st, name);
			ck_assert_msg(s != NULL, "%s is missing", name);
			ck_assert_int_ge(s->oid, 100001);
			ck_assert_int_le(s->oid, 100000 + WRITERS * PER_WRITER);
			seen[w * PER_WRITER + i] = s->oid;
		}
	for (int i = 0; i < WRITERS * PER_WRITER; i++)
		for (int k = i + 1; k < WRITERS * PER_WRITER; k++)
			ck_assert_msg(seen[i] != seen[k], "oid %lld given twice", (long long) seen[i]);
	fq_store_close(&st);

	text = slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "external_schemas")),
					 WRITERS * PER_WRITER);
	cJSON_Delete(root);
	free(text);
	ck_assert_int_eq(count_files(".tmp"), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Default path                                                        */
/* ------------------------------------------------------------------ */

static void
set_or_unset(const char *name, const char *value)
{
	if (value != NULL)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

START_TEST(test_default_path)
{
	static const struct
	{
		const char *xdg;
		const char *home;
		const char *path; /* NULL: from the password database */
	} cases[] = {
		{"/x/data", "/home/u", "/x/data/fedq/catalog.json"},
		{"/x/data", NULL, "/x/data/fedq/catalog.json"},
		{NULL, "/home/u", "/home/u/.local/share/fedq/catalog.json"},
		{"", "/home/u", "/home/u/.local/share/fedq/catalog.json"},
		{"relative/dir", "/home/u", "/home/u/.local/share/fedq/catalog.json"},
		{NULL, "", NULL},
		{NULL, NULL, NULL},
	};
	char *saved_xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
	char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	struct passwd *pw = getpwuid(getuid());
	char from_pw[PATH_MAX];

	ck_assert_ptr_nonnull(pw);
	snprintf(from_pw, sizeof(from_pw), "%s/.local/share/fedq/catalog.json", pw->pw_dir);
	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		char *p;

		set_or_unset("XDG_DATA_HOME", cases[i].xdg);
		set_or_unset("HOME", cases[i].home);
		p = fq_store_default_path();
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p, cases[i].path != NULL ? cases[i].path : from_pw);
		free(p);
	}
	set_or_unset("XDG_DATA_HOME", saved_xdg);
	set_or_unset("HOME", saved_home);
	free(saved_xdg);
	free(saved_home);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_file_is_empty);
	tcase_add_test(tc, test_add_find_drop);
	tcase_add_test(tc, test_drop_missing_writes_nothing);
	tcase_add_test(tc, test_if_not_exists_and_duplicate);
	tcase_add_test(tc, test_file_format);
	tcase_add_test(tc, test_tls_fields);
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_file_and_directory_modes);
	tcase_add_test(tc, test_no_temporary_files_left);
	tcase_add_test(tc, test_default_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("sharing");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_second_store_sees_changes);
	tcase_add_test(tc, test_file_removed_externally);
	tcase_add_test(tc, test_oids_stable_and_increasing);
	tcase_add_test(tc, test_oid_after_hand_written_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("corrupt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_corrupt_file, 0, (int) N_ELEMS(corrupt_cases));
	tcase_add_test(tc, test_file_corrupted_after_load);
	suite_add_tcase(s, tc);

	tc = tcase_create("failures");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_failed_write_keeps_old_file);
	tcase_add_test(tc, test_fault_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("concurrency");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_concurrent_writers);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	SRunner *sr;
	int failed;

	if (base == NULL || base[0] != '/' || strlen(base) > 150)
		base = "/tmp";
	snprintf(basedir, sizeof(basedir), "%s/fq_check_store_XXXXXX", base);
	if (mkdtemp(basedir) == NULL)
	{
		perror(basedir);
		return EXIT_FAILURE;
	}
	sr = srunner_create(store_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(basedir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
