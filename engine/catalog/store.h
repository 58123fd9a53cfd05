/*
 * store.h — the catalog store: external schema definitions and late-binding
 * views in a JSON file (CatalogFile), shared by every process that uses it.
 *
 * Readers reload the file whenever it changed on disk (cheap stat per
 * statement).  Writers take an advisory lock (flock on "<file>.lock"),
 * reload, check, write a temporary file (mode 0600), fsync it, rename it
 * over the old one and fsync the directory: a crash or a failed write
 * leaves the previous catalog intact.  A file that does not parse is
 * reported (F0000) and never overwritten.  Secrets are never stored: only
 * where to fetch them (SECRET_ARN).
 */
#ifndef FQ_STORE_H
#define FQ_STORE_H

#include "fq.h"
#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct fq_ext_schema
{
	const char *name;          /* as created: folded unless it was quoted */
	const char *source;        /* "postgres" */
	const char *database;
	const char *remote_schema; /* the SCHEMA clause, default "public" */
	const char *uri;           /* host name */
	int port;
	const char *iam_role;      /* NULL, "default" or the ARN chain */
	const char *secret_arn;    /* NULL, an ARN or "file:/path" */
	/* TLS to the source (fedq's own clauses); NULL when not given */
	const char *sslmode;       /* libpq's sslmode: disable ... verify-full */
	const char *sslrootcert;   /* absolute paths */
	const char *sslcert;
	const char *sslkey;
	int64_t oid;               /* stable number (svv_external_schemas.esoid) */
	const char *owner;         /* the user that created it */
	const char *created;       /* ISO 8601 UTC */
} fq_ext_schema;

/* A late-binding view: its SELECT text, parsed and bound at every use. */
typedef struct fq_view_def
{
	const char *schema;        /* folded unless quoted, as the parser folds */
	const char *name;
	int ncols;                 /* names given in CREATE VIEW v (a, b), else 0 */
	const char **cols;
	const char *sql;           /* the SELECT as written */
	bool materialized;         /* a materialized view: its rows are a
	                            * warehouse table of the same name, which
	                            * REFRESH recomputes from sql */
	int64_t oid;
	const char *owner;
	const char *created;       /* ISO 8601 UTC */
} fq_view_def;

typedef struct fq_store
{
	char *path;
	fq_arena *arena;          /* holds the schemas of the last load */
	fq_ext_schema *schemas;
	int nschemas;
	fq_view_def *views;
	int nviews;
	int64_t next_oid;
	uint64_t version;         /* bumped on every (re)load, for caches */
	bool loaded;
	/* identity of the file last loaded, to notice changes */
	bool existed;
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
} fq_store;

/* The default path: $XDG_DATA_HOME/fedq/catalog.json or
 * ~/.local/share/fedq/catalog.json.  Returns a malloc'd string, or NULL
 * with errno ENOMEM (out of memory) or ENOENT (no home directory). */
char *fq_store_default_path(void);

/* Opens (loads) the store at path; a missing file is an empty catalog. */
int fq_store_open(fq_store *st, const char *path, fq_diags *d);
void fq_store_close(fq_store *st);
/* Reloads if the file changed since the last load. */
int fq_store_refresh(fq_store *st, fq_diags *d);

/* Name lookup is exact (names are stored folded as the parser folds). */
const fq_ext_schema *fq_store_find(const fq_store *st, const char *name);

/*
 * Adds a schema.  If one with the name exists: with if_not_exists sets
 * *existed and succeeds without change, else raises 42P06.  The stored
 * copy gets a fresh oid and creation time.
 */
int fq_store_add(fq_store *st, const fq_ext_schema *s, bool if_not_exists, bool *existed,
				 fq_diags *d);
/* Removes a schema: *found tells whether it existed (caller decides what a
 * missing one means). */
int fq_store_drop(fq_store *st, const char *name, bool *found, fq_diags *d);

/* The view (late-binding or materialized) schema.name, or NULL. */
const fq_view_def *fq_store_find_view(const fq_store *st, const char *schema, const char *name);

/*
 * Adds a view, or replaces the one of the name when or_replace (keeping
 * its oid); otherwise a view of the name is 42P07.  *replaced tells which.
 */
int fq_store_add_view(fq_store *st, const fq_view_def *v, bool or_replace, bool *replaced,
					  fq_diags *d);
/* Removes the views named (schemas[i].names[i]) in one write; each found[i]
 * says whether it was there.  Nothing is written when none was. */
int fq_store_drop_views(fq_store *st, int n, const char *const *schemas,
						const char *const *names, bool *found, fq_diags *d);

#endif
