/*
 * store.c — the catalog store file: load, validate, and replace atomically.
 *
 * File format (version 1):
 *   {"format": "fedq-catalog", "version": 1, "next_oid": 100002,
 *    "external_schemas": [{"name": "rds", "source": "postgres",
 *        "database": "shop", "schema": "public", "uri": "db.example.com",
 *        "port": 5432, "iam_role": null, "secret_arn": null,
 *        "oid": 100001, "owner": "alice", "created": "2026-11-21T10:00:00Z"}]}
 *
 * Version 2 adds "sslmode", "sslrootcert", "sslcert" and "sslkey" to an
 * entry.  A file is written as version 2 only when some schema has one of
 * them: a fedq that does not know them then refuses the file ("newer than
 * this fedq understands") instead of connecting without the TLS the
 * schema asks for.
 *
 * Version 3 adds "views", late-binding views (CREATE VIEW over external
 * tables):
 *   "views": [{"schema": "public", "name": "lineitem_all",
 *              "columns": null, "sql": "SELECT ... FROM apg.lineitem",
 *              "oid": 100003, "owner": "alice", "created": "..."}]
 * ("columns" is the list CREATE VIEW v (a, b) gave, or null; a
 * materialized view, whose rows are the warehouse table of its name, has
 * "materialized": true).  A file is
 * written as version 3 only when it holds a view: an older fedq would drop
 * the views on its next write, so it must refuse the file instead.  Files
 * of versions 1 and 2 are read as before.
 */
#include "catalog/store.h"

#include "core/diag.h"
#include "core/fault.h"
#include "core/strbuf.h"
#include "core/alloc.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STORE_FORMAT "fedq-catalog"
#define STORE_VERSION 3 /* the newest this fedq reads */
#define FIRST_OID 100001
#define MAX_FILE_SIZE (64 * 1024 * 1024)

char *
fq_store_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct passwd pw;
	struct passwd *res = NULL;
	char buf[4096];
	fq_strbuf path = FQ_STRBUF_INIT;

	if (xdg != NULL && xdg[0] == '/')
		fq_strbuf_printf(&path, "%s/fedq/catalog.json", xdg);
	else
	{
		if (home == NULL || home[0] == '\0')
		{
			if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
			{
				errno = ENOENT;
				return NULL;
			}
			home = pw.pw_dir;
		}
		fq_strbuf_printf(&path, "%s/.local/share/fedq/catalog.json", home);
	}
	if (!fq_strbuf_ok(&path))
	{
		fq_strbuf_free(&path);
		errno = ENOMEM;
		return NULL;
	}
	return path.data;
}

static int
corrupt(fq_store *st, fq_diags *d, const char *what, long offset)
{
	if (offset >= 0)
		fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0,
				 "catalog file \"%s\" is corrupt: %s at byte %ld", st->path, what, offset);
	else
		fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0, "catalog file \"%s\" is corrupt: %s",
				 st->path, what);
	fq_diag_hint(d, "fedq will not overwrite it.  Repair the file or move it aside "
					"(fedq then starts with an empty catalog), or point the CatalogFile "
					"connection key at another file.");
	return FQ_ERROR;
}

static const char *
json_string(cJSON *obj, const char *key, bool required, bool *bad)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL || cJSON_IsNull(v))
	{
		if (required)
			*bad = true;
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL)
	{
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

static bool
json_int(cJSON *obj, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL || !cJSON_IsNumber(v) || v->valuedouble != (double) (int64_t) v->valuedouble)
		return false;
	if ((int64_t) v->valuedouble < lo || (int64_t) v->valuedouble > hi)
		return false;
	*out = (int64_t) v->valuedouble;
	return true;
}

static int
bad_view(fq_store *st, fq_diags *d, int i)
{
	fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0,
			 "catalog file \"%s\" is corrupt: view entry %d lacks a required field or has "
			 "one of the wrong type", st->path, i + 1);
	fq_diag_hint(d, "fedq will not overwrite it.  Repair the file or move it aside.");
	return FQ_ERROR;
}

/* The "views" list (version 3; absent before). */
static int
load_views(fq_store *st, cJSON *root, fq_arena *a, int64_t *next_oid, fq_diags *d)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "views");
	fq_view_def *views;
	int n;

	st->views = NULL;
	st->nviews = 0;
	if (list == NULL || cJSON_IsNull(list))
		return FQ_OK;
	if (!cJSON_IsArray(list))
		return corrupt(st, d, "\"views\" is not a list", -1);
	n = cJSON_GetArraySize(list);
	views = FQ_NEW_ARRAY(a, fq_view_def, n > 0 ? n : 1);
	if (views == NULL)
		return fq_raise_nomem(d, a);
	for (int i = 0; i < n; i++)
	{
		cJSON *o = cJSON_GetArrayItem(list, i);
		cJSON *cols;
		fq_view_def *v = &views[i];
		bool bad = false;
		const char *fields[6];

		if (!cJSON_IsObject(o))
			return bad_view(st, d, i);
		fields[0] = json_string(o, "schema", true, &bad);
		fields[1] = json_string(o, "name", true, &bad);
		fields[2] = json_string(o, "sql", true, &bad);
		fields[3] = json_string(o, "owner", false, &bad);
		fields[4] = json_string(o, "created", false, &bad);
		fields[5] = NULL;
		if (bad || !json_int(o, "oid", 1, INT64_MAX / 2, &v->oid))
			return bad_view(st, d, i);
		for (int f = 0; f < 5; f++)
			if (fields[f] != NULL && (fields[f] = fq_arena_strdup(a, fields[f])) == NULL)
				return fq_raise_nomem(d, a);
		v->schema = fields[0];
		v->name = fields[1];
		v->sql = fields[2];
		v->owner = fields[3];
		v->created = fields[4];
		{
			cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "materialized");

			if (m != NULL && !cJSON_IsBool(m))
				return bad_view(st, d, i);
			v->materialized = m != NULL && cJSON_IsTrue(m);
		}
		cols = cJSON_GetObjectItemCaseSensitive(o, "columns");
		if (cols != NULL && !cJSON_IsNull(cols))
		{
			if (!cJSON_IsArray(cols))
				return bad_view(st, d, i);
			v->ncols = cJSON_GetArraySize(cols);
			v->cols = FQ_NEW_ARRAY(a, const char *, v->ncols > 0 ? v->ncols : 1);
			if (v->cols == NULL)
				return fq_raise_nomem(d, a);
			for (int c = 0; c < v->ncols; c++)
			{
				cJSON *cn = cJSON_GetArrayItem(cols, c);

				if (!cJSON_IsString(cn) || cn->valuestring == NULL)
					return bad_view(st, d, i);
				if ((v->cols[c] = fq_arena_strdup(a, cn->valuestring)) == NULL)
					return fq_raise_nomem(d, a);
			}
		}
		for (int j = 0; j < i; j++)
			if (strcmp(views[j].schema, v->schema) == 0 && strcmp(views[j].name, v->name) == 0)
				return corrupt(st, d, "a view name appears twice", -1);
		if (v->oid >= *next_oid)
			*next_oid = v->oid + 1;
	}
	st->views = views;
	st->nviews = n;
	return FQ_OK;
}

/* Copies a validated document into the store's arena. */
static int
load_document(fq_store *st, cJSON *root, fq_arena *a, fq_diags *d)
{
	cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	cJSON *list;
	int64_t version;
	int64_t next_oid = FIRST_OID;
	int n;
	fq_ext_schema *schemas;

	if (!cJSON_IsObject(root) || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, STORE_FORMAT) != 0)
		return corrupt(st, d, "it lacks \"format\": \"" STORE_FORMAT "\"", -1);
	if (!json_int(root, "version", 1, INT32_MAX, &version))
		return corrupt(st, d, "\"version\" is missing", -1);
	if (version > STORE_VERSION)
	{
		fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0,
				 "catalog file \"%s\" has format version %lld, newer than this fedq "
				 "understands (%d)", st->path, (long long) version, STORE_VERSION);
		fq_diag_hint(d, "Use a newer fedq with this catalog, or point CatalogFile elsewhere.");
		return FQ_ERROR;
	}
	json_int(root, "next_oid", FIRST_OID, INT64_MAX / 2, &next_oid);
	list = cJSON_GetObjectItemCaseSensitive(root, "external_schemas");
	if (!cJSON_IsArray(list))
		return corrupt(st, d, "\"external_schemas\" is not a list", -1);
	n = cJSON_GetArraySize(list);
	schemas = FQ_NEW_ARRAY(a, fq_ext_schema, n > 0 ? n : 1);
	if (schemas == NULL)
		return fq_raise_nomem(d, a);
	for (int i = 0; i < n; i++)
	{
		cJSON *o = cJSON_GetArrayItem(list, i);
		fq_ext_schema *s = &schemas[i];
		bool bad = false;
		int64_t port;
		const char *fields[13];

		if (!cJSON_IsObject(o))
			return corrupt(st, d, "an entry of \"external_schemas\" is not an object", -1);
		fields[0] = json_string(o, "name", true, &bad);
		fields[1] = json_string(o, "source", true, &bad);
		fields[2] = json_string(o, "database", true, &bad);
		fields[3] = json_string(o, "schema", true, &bad);
		fields[4] = json_string(o, "uri", true, &bad);
		fields[5] = json_string(o, "iam_role", false, &bad);
		fields[6] = json_string(o, "secret_arn", false, &bad);
		fields[7] = json_string(o, "owner", false, &bad);
		fields[8] = json_string(o, "created", false, &bad);
		fields[9] = json_string(o, "sslmode", false, &bad);
		fields[10] = json_string(o, "sslrootcert", false, &bad);
		fields[11] = json_string(o, "sslcert", false, &bad);
		fields[12] = json_string(o, "sslkey", false, &bad);
		if (bad || !json_int(o, "port", 1, 65535, &port) ||
			!json_int(o, "oid", 1, INT64_MAX / 2, &s->oid))
		{
			fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0,
					 "catalog file \"%s\" is corrupt: external schema entry %d lacks a "
					 "required field or has one of the wrong type", st->path, i + 1);
			fq_diag_hint(d, "fedq will not overwrite it.  Repair the file or move it aside.");
			return FQ_ERROR;
		}
		for (int f = 0; f < 13; f++)
			if (fields[f] != NULL && (fields[f] = fq_arena_strdup(a, fields[f])) == NULL)
				return fq_raise_nomem(d, a);
		s->name = fields[0];
		s->source = fields[1];
		s->database = fields[2];
		s->remote_schema = fields[3];
		s->uri = fields[4];
		s->iam_role = fields[5];
		s->secret_arn = fields[6];
		s->owner = fields[7];
		s->created = fields[8];
		s->sslmode = fields[9];
		s->sslrootcert = fields[10];
		s->sslcert = fields[11];
		s->sslkey = fields[12];
		s->port = (int) port;
		if (strcmp(s->source, "postgres") != 0)
		{
			fq_raise(d, FQ_ERR_CONFIG_FILE_ERROR, 0,
					 "catalog file \"%s\": external schema \"%s\" has source \"%s\", which "
					 "this fedq does not support", st->path, s->name, s->source);
			return FQ_ERROR;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(schemas[j].name, s->name) == 0)
				return corrupt(st, d, "an external schema name appears twice", -1);
		if (s->oid >= next_oid)
			next_oid = s->oid + 1;
	}
	st->schemas = schemas;
	st->nschemas = n;
	if (load_views(st, root, a, &next_oid, d) < 0)
		return FQ_ERROR;
	st->next_oid = next_oid;
	return FQ_OK;
}

static int64_t
stat_mtime_ns(const struct stat *sb)
{
	return (int64_t) sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

static bool
same_file(const fq_store *st, const struct stat *sb)
{
	return st->existed && st->dev == sb->st_dev && st->ino == sb->st_ino &&
		st->size == sb->st_size && st->mtime_ns == stat_mtime_ns(sb);
}

/* (Re)reads the file.  `force` reloads even if it looks unchanged. */
static int
load(fq_store *st, bool force, fq_diags *d)
{
	struct stat sb;
	int fd;
	char *buf;
	ssize_t got = 0;
	cJSON *root;
	const char *end = NULL;
	fq_arena *a;
	int rc;

	fd = open(st->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		if (errno != ENOENT)
			return fq_raise(d, FQ_ERR_IO_ERROR, 0, "could not open catalog file \"%s\": %s",
							st->path, strerror(errno));
		/* No file yet: an empty catalog. */
		if (st->loaded && !st->existed)
			return FQ_OK;
		fq_arena_free(st->arena);
		st->arena = NULL;
		st->schemas = NULL;
		st->nschemas = 0;
		st->views = NULL;
		st->nviews = 0;
		st->next_oid = FIRST_OID;
		st->existed = false;
		st->loaded = true;
		st->version++;
		return FQ_OK;
	}
	if (fstat(fd, &sb) < 0)
	{
		close(fd);
		return fq_raise(d, FQ_ERR_IO_ERROR, 0, "could not stat catalog file \"%s\": %s",
						st->path, strerror(errno));
	}
	if (!force && st->loaded && same_file(st, &sb))
	{
		close(fd);
		return FQ_OK;
	}
	if (sb.st_size > MAX_FILE_SIZE)
	{
		close(fd);
		return corrupt(st, d, "it is larger than 64 MB", -1);
	}
	buf = fq_malloc((size_t) sb.st_size + 1);
	if (buf == NULL)
	{
		close(fd);
		return fq_raise_nomem(d, NULL);
	}
	while (got < sb.st_size)
	{
		ssize_t r = read(fd, buf + got, (size_t) (sb.st_size - got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	close(fd);
	if (got != sb.st_size)
	{
		free(buf);
		return fq_raise(d, FQ_ERR_IO_ERROR, 0, "could not read catalog file \"%s\"", st->path);
	}
	buf[got] = '\0';
	/* cJSON counts the terminating NUL in the length it is given. */
	root = cJSON_ParseWithLengthOpts(buf, (size_t) got + 1, &end, 1);
	if (root == NULL)
	{
		long off = end != NULL ? (long) (end - buf) : -1;

		free(buf);
		return corrupt(st, d, "invalid JSON", off);
	}
	free(buf);
	a = fq_arena_new(NULL);
	if (a == NULL)
	{
		cJSON_Delete(root);
		return fq_raise_nomem(d, NULL);
	}
	rc = load_document(st, root, a, d);
	cJSON_Delete(root);
	if (rc < 0)
	{
		fq_arena_free(a);
		return FQ_ERROR;
	}
	fq_arena_free(st->arena);
	st->arena = a;
	st->existed = true;
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	st->size = sb.st_size;
	st->mtime_ns = stat_mtime_ns(&sb);
	st->loaded = true;
	st->version++;
	return FQ_OK;
}

int
fq_store_open(fq_store *st, const char *path, fq_diags *d)
{
	memset(st, 0, sizeof(*st));
	st->path = fq_strdup(path);
	if (st->path == NULL)
		return fq_raise_nomem(d, NULL);
	st->next_oid = FIRST_OID;
	return load(st, true, d);
}

void
fq_store_close(fq_store *st)
{
	fq_arena_free(st->arena);
	free(st->path);
	memset(st, 0, sizeof(*st));
}

int
fq_store_refresh(fq_store *st, fq_diags *d)
{
	return load(st, false, d);
}

const fq_ext_schema *
fq_store_find(const fq_store *st, const char *name)
{
	for (int i = 0; i < st->nschemas; i++)
		if (strcmp(st->schemas[i].name, name) == 0)
			return &st->schemas[i];
	return NULL;
}

const fq_view_def *
fq_store_find_view(const fq_store *st, const char *schema, const char *name)
{
	for (int i = 0; i < st->nviews; i++)
		if (strcmp(st->views[i].schema, schema) == 0 && strcmp(st->views[i].name, name) == 0)
			return &st->views[i];
	return NULL;
}

/* mkdir -p of the file's directory, private to the user. */
static int
make_parent_dirs(const char *path, fq_diags *d)
{
	char dir[PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(dir))
		return fq_raise(d, FQ_ERR_IO_ERROR, 0, "catalog file path is too long");
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p; p++)
	{
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return fq_raise(d, FQ_ERR_IO_ERROR, 0,
							"could not create directory \"%s\" for the catalog file: %s", dir,
							strerror(errno));
		*p = '/';
	}
	return FQ_OK;
}

static int
lock_store(const fq_store *st, fq_diags *d)
{
	char lockpath[PATH_MAX];
	int fd;

	if (make_parent_dirs(st->path, d) < 0)
		return -1;
	if (snprintf(lockpath, sizeof(lockpath), "%s.lock", st->path) >= (int) sizeof(lockpath))
	{
		fq_raise(d, FQ_ERR_IO_ERROR, 0, "catalog file path is too long");
		return -1;
	}
	fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
	{
		fq_raise(d, FQ_ERR_IO_ERROR, 0, "could not open catalog lock file \"%s\": %s", lockpath,
				 strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0)
	{
		if (errno == EINTR)
			continue;
		fq_raise(d, FQ_ERR_IO_ERROR, 0, "could not lock catalog file \"%s\": %s", lockpath,
				 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
unlock_store(int fd)
{
	flock(fd, LOCK_UN);
	close(fd);
}

static bool
add_str(cJSON *o, const char *key, const char *value)
{
	return (value != NULL ? cJSON_AddStringToObject(o, key, value)
						  : cJSON_AddNullToObject(o, key)) != NULL;
}

static cJSON *
schema_to_json(const fq_ext_schema *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return NULL;
	if (!add_str(o, "name", s->name) || !add_str(o, "source", s->source) ||
		!add_str(o, "database", s->database) || !add_str(o, "schema", s->remote_schema) ||
		!add_str(o, "uri", s->uri) || cJSON_AddNumberToObject(o, "port", s->port) == NULL ||
		!add_str(o, "iam_role", s->iam_role) || !add_str(o, "secret_arn", s->secret_arn) ||
		cJSON_AddNumberToObject(o, "oid", (double) s->oid) == NULL ||
		!add_str(o, "owner", s->owner) || !add_str(o, "created", s->created))
	{
		cJSON_Delete(o);
		return NULL;
	}
	/* Only when set, so a file without them stays readable by version 1. */
	if ((s->sslmode != NULL && !add_str(o, "sslmode", s->sslmode)) ||
		(s->sslrootcert != NULL && !add_str(o, "sslrootcert", s->sslrootcert)) ||
		(s->sslcert != NULL && !add_str(o, "sslcert", s->sslcert)) ||
		(s->sslkey != NULL && !add_str(o, "sslkey", s->sslkey)))
	{
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool
uses_tls(const fq_ext_schema *s)
{
	return s->sslmode != NULL || s->sslrootcert != NULL || s->sslcert != NULL ||
		s->sslkey != NULL;
}

static cJSON *
view_to_json(const fq_view_def *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *cols;

	if (o == NULL)
		return NULL;
	if (!add_str(o, "schema", v->schema) || !add_str(o, "name", v->name))
		goto fail;
	if (v->ncols > 0)
	{
		if ((cols = cJSON_AddArrayToObject(o, "columns")) == NULL)
			goto fail;
		for (int i = 0; i < v->ncols; i++)
		{
			cJSON *c = cJSON_CreateString(v->cols[i]);

			if (c == NULL)
				goto fail;
			cJSON_AddItemToArray(cols, c);
		}
	}
	else if (cJSON_AddNullToObject(o, "columns") == NULL)
		goto fail;
	if (v->materialized && cJSON_AddTrueToObject(o, "materialized") == NULL)
		goto fail;
	if (!add_str(o, "sql", v->sql) || cJSON_AddNumberToObject(o, "oid", (double) v->oid) == NULL ||
		!add_str(o, "owner", v->owner) || !add_str(o, "created", v->created))
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/* What write_store writes: the store's entries but the skipped ones, plus
 * one extra of each kind. */
typedef struct store_change
{
	int skip_schema;                 /* index, or -1 */
	const fq_ext_schema *extra_schema;
	const bool *skip_views;          /* per view of the store, or NULL */
	const fq_view_def *extra_view;
} store_change;

/* Writes the store with `ch` applied to a temporary file and renames it
 * over the store. */
static int
write_store(fq_store *st, const store_change *ch, int64_t next_oid, fq_diags *d)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list;
	cJSON *vlist;
	char *text = NULL;
	char tmp[PATH_MAX];
	char dir[PATH_MAX];
	char *slash;
	int fd = -1;
	size_t len;
	size_t off = 0;
	int version = ch->extra_schema != NULL && uses_tls(ch->extra_schema) ? 2 : 1;
	int nviews = ch->extra_view != NULL ? 1 : 0;

	for (int i = 0; i < st->nschemas; i++)
		if (i != ch->skip_schema && uses_tls(&st->schemas[i]))
			version = 2;
	for (int i = 0; i < st->nviews; i++)
		if (ch->skip_views == NULL || !ch->skip_views[i])
			nviews++;
	if (nviews > 0)
		version = 3;
	if (root == NULL || cJSON_AddStringToObject(root, "format", STORE_FORMAT) == NULL ||
		cJSON_AddNumberToObject(root, "version", version) == NULL ||
		cJSON_AddNumberToObject(root, "next_oid", (double) next_oid) == NULL ||
		(list = cJSON_AddArrayToObject(root, "external_schemas")) == NULL)
		goto nomem;
	for (int i = 0; i < st->nschemas; i++)
	{
		cJSON *o;

		if (i == ch->skip_schema)
			continue;
		if ((o = schema_to_json(&st->schemas[i])) == NULL)
			goto nomem;
		cJSON_AddItemToArray(list, o);
	}
	if (ch->extra_schema != NULL)
	{
		cJSON *o = schema_to_json(ch->extra_schema);

		if (o == NULL)
			goto nomem;
		cJSON_AddItemToArray(list, o);
	}
	/* Only with views, so a file without them stays readable by version 2. */
	if (nviews > 0)
	{
		if ((vlist = cJSON_AddArrayToObject(root, "views")) == NULL)
			goto nomem;
		for (int i = 0; i < st->nviews; i++)
		{
			cJSON *o;

			if (ch->skip_views != NULL && ch->skip_views[i])
				continue;
			if ((o = view_to_json(&st->views[i])) == NULL)
				goto nomem;
			cJSON_AddItemToArray(vlist, o);
		}
		if (ch->extra_view != NULL)
		{
			cJSON *o = view_to_json(ch->extra_view);

			if (o == NULL)
				goto nomem;
			cJSON_AddItemToArray(vlist, o);
		}
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	root = NULL;
	if (text == NULL)
		goto nomem;
	len = strlen(text);

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", st->path, (long) getpid()) >= (int) sizeof(tmp))
	{
		free(text);
		return fq_raise(d, FQ_ERR_IO_ERROR, 0, "catalog file path is too long");
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto io_error;
	while (off < len)
	{
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto io_error;
		off += (size_t) w;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) < 0)
		goto io_error;
	if (close(fd) < 0)
	{
		fd = -1;
		goto io_error;
	}
	fd = -1;
	if (fq_fault("catalog-rename"))
	{
		errno = EIO;
		goto io_error;
	}
	if (rename(tmp, st->path) < 0)
		goto io_error;
	free(text);
	/* Make the rename itself durable. */
	snprintf(dir, sizeof(dir), "%s", st->path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
	{
		int dfd;

		*slash = '\0';
		dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0)
		{
			fsync(dfd);
			close(dfd);
		}
	}
	return FQ_OK;

nomem:
	cJSON_Delete(root);
	free(text);
	return fq_raise_nomem(d, NULL);
io_error:
	{
		int err = errno;

		if (fd >= 0)
			close(fd);
		unlink(tmp);
		free(text);
		fq_raise(d, FQ_ERR_IO_ERROR, 0,
				 "could not write catalog file \"%s\": %s; the catalog is unchanged",
				 st->path, strerror(err));
		fq_diag_hint(d, "Check that the directory is writable and the disk has space.");
		return FQ_ERROR;
	}
}

/*
 * Reads back what was just written.  The change is made (the file is
 * renamed into place): a reload that fails for lack of memory must not
 * report the statement as failed.  The copy in memory then stays the
 * old one, and since the file's identity no longer matches it, the next
 * fq_store_refresh reads the file again.
 */
static void
reload_after_write(fq_store *st)
{
	fq_diags *ignored = fq_diags_new();

	if (ignored == NULL || load(st, true, ignored) < 0)
		st->existed = false; /* compare unequal to whatever is on disk */
	fq_diags_free(ignored);
}

int
fq_store_add(fq_store *st, const fq_ext_schema *s, bool if_not_exists, bool *existed,
			 fq_diags *d)
{
	fq_ext_schema copy = *s;
	char created[32];
	time_t now = time(NULL);
	struct tm tm;
	int lock;
	int rc;

	*existed = false;
	lock = lock_store(st, d);
	if (lock < 0)
		return FQ_ERROR;
	/* Another process may have changed the file: decide on the latest
	 * (reread even if it looks unchanged: inodes are reused, mtimes coarse). */
	if (load(st, true, d) < 0)
	{
		unlock_store(lock);
		return FQ_ERROR;
	}
	if (fq_store_find(st, s->name) != NULL)
	{
		unlock_store(lock);
		*existed = true;
		if (if_not_exists)
			return FQ_OK;
		return fq_raise(d, FQ_ERR_DUPLICATE_SCHEMA, 0, "schema \"%s\" already exists", s->name);
	}
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	copy.oid = st->next_oid;
	copy.created = created;
	{
		store_change ch = {.skip_schema = -1, .extra_schema = &copy};

		rc = write_store(st, &ch, st->next_oid + 1, d);
	}
	if (rc == FQ_OK)
		reload_after_write(st);
	unlock_store(lock);
	return rc;
}

int
fq_store_drop(fq_store *st, const char *name, bool *found, fq_diags *d)
{
	int lock;
	int rc = FQ_OK;

	*found = false;
	lock = lock_store(st, d);
	if (lock < 0)
		return FQ_ERROR;
	if (load(st, true, d) < 0)
	{
		unlock_store(lock);
		return FQ_ERROR;
	}
	for (int i = 0; i < st->nschemas; i++)
	{
		if (strcmp(st->schemas[i].name, name) != 0)
			continue;
		*found = true;
		{
			store_change ch = {.skip_schema = i};

			rc = write_store(st, &ch, st->next_oid, d);
		}
		if (rc == FQ_OK)
			reload_after_write(st);
		break;
	}
	unlock_store(lock);
	return rc;
}

int
fq_store_add_view(fq_store *st, const fq_view_def *v, bool or_replace, bool *replaced,
				  fq_diags *d)
{
	fq_view_def copy = *v;
	char created[32];
	time_t now = time(NULL);
	struct tm tm;
	bool *skip = NULL;
	int64_t next_oid;
	int lock;
	int rc;

	*replaced = false;
	lock = lock_store(st, d);
	if (lock < 0)
		return FQ_ERROR;
	if (load(st, true, d) < 0)
	{
		unlock_store(lock);
		return FQ_ERROR;
	}
	next_oid = st->next_oid;
	copy.oid = next_oid++;
	for (int i = 0; i < st->nviews; i++)
	{
		if (strcmp(st->views[i].schema, v->schema) != 0 || strcmp(st->views[i].name, v->name) != 0)
			continue;
		if (!or_replace)
		{
			unlock_store(lock);
			fq_raise(d, FQ_ERR_DUPLICATE_TABLE, 0, "relation \"%s.%s\" already exists",
					 v->schema, v->name);
			fq_diag_hint(d, "Use CREATE OR REPLACE VIEW to change the view, or DROP VIEW "
							"first.");
			return FQ_ERROR;
		}
		skip = fq_calloc((size_t) st->nviews, sizeof(bool));
		if (skip == NULL)
		{
			unlock_store(lock);
			return fq_raise_nomem(d, NULL);
		}
		skip[i] = true;
		copy.oid = st->views[i].oid; /* the same view, a new definition */
		next_oid = st->next_oid;
		*replaced = true;
	}
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	copy.created = created;
	{
		store_change ch = {.skip_schema = -1, .skip_views = skip, .extra_view = &copy};

		rc = write_store(st, &ch, next_oid, d);
	}
	free(skip);
	if (rc == FQ_OK)
		reload_after_write(st);
	unlock_store(lock);
	return rc;
}

int
fq_store_drop_views(fq_store *st, int n, const char *const *schemas, const char *const *names,
					bool *found, fq_diags *d)
{
	bool *skip;
	bool any = false;
	int lock;
	int rc = FQ_OK;

	for (int k = 0; k < n; k++)
		found[k] = false;
	lock = lock_store(st, d);
	if (lock < 0)
		return FQ_ERROR;
	if (load(st, true, d) < 0)
	{
		unlock_store(lock);
		return FQ_ERROR;
	}
	skip = fq_calloc((size_t) (st->nviews > 0 ? st->nviews : 1), sizeof(bool));
	if (skip == NULL)
	{
		unlock_store(lock);
		return fq_raise_nomem(d, NULL);
	}
	for (int i = 0; i < st->nviews; i++)
		for (int k = 0; k < n; k++)
			if (strcmp(st->views[i].schema, schemas[k]) == 0 &&
				strcmp(st->views[i].name, names[k]) == 0)
			{
				skip[i] = true;
				found[k] = true;
				any = true;
			}
	if (any)
	{
		store_change ch = {.skip_schema = -1, .skip_views = skip};

		rc = write_store(st, &ch, st->next_oid, d);
		if (rc == FQ_OK)
			reload_after_write(st);
	}
	free(skip);
	unlock_store(lock);
	return rc;
}
