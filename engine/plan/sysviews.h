/*
 * sysviews.h — fedq's system views: the one catalog as tables.
 *
 *   information_schema.schemata, .tables, .columns
 *                 the warehouse's own rows (read from its view of the same
 *                 name, with the conditions of the query) plus a row for
 *                 every external schema, table and column — Redshift lists
 *                 none of those
 *   svv_external_schemas, svv_external_tables, svv_external_columns,
 *   svv_all_schemas, svv_all_tables, svv_all_columns
 *                 Redshift's views, columns as Redshift documents them
 *   svl_federated_query
 *                 the statements this session sent to external sources
 *
 * The binder (bind_sysview) turns a view into a plan: Values holding
 * fedq's rows, appended to a Project over the warehouse view when the view
 * has a warehouse part and the session a warehouse.  With no external
 * schema, information_schema queries go to the warehouse as they are.
 */
#ifndef FQ_SYSVIEWS_H
#define FQ_SYSVIEWS_H

#include "engine.h"

typedef struct fq_sysview_col
{
	const char *name;
	fq_type_id type;
	int length;         /* VARCHAR length, -1 unbounded */
	const char *wh_col; /* the warehouse view's column it comes from, or NULL */
	const char *wh_const; /* or a constant text for every warehouse row */
} fq_sysview_col;

/* fedq's rows of a view: nrows arrays of ncols values, in an arena. */
typedef struct fq_sysrows
{
	fq_arena *a;
	const struct fq_sysview *view;
	int nrows;
	int cap;
	fq_value **rows;
	bool nomem;
} fq_sysrows;

typedef struct fq_sysview
{
	const char *schema;     /* "information_schema", or NULL: pg_catalog, and
	                         * found unqualified */
	const char *name;
	const char *wh_schema;  /* the warehouse relation whose rows come first */
	const char *wh_view;
	bool needs_external;    /* with no external schema the warehouse answers */
	int ncols;
	const fq_sysview_col *cols;
	int (*rows)(fq_stmt *st, fq_sysrows *r, fq_diags *d);
} fq_sysview;

/* The view a (schema, name) reference means, NULL if none (names are
 * compared case-blind; schema NULL for an unqualified name). */
const fq_sysview *fq_sysview_find(const char *schema, const char *name);

/* The column's engine type. */
fq_type fq_sysview_col_type(const fq_sysview_col *c);

/* Computes fedq's rows of v into r (r->a and r->view set by the caller). */
int fq_sysview_rows(fq_stmt *st, const fq_sysview *v, fq_sysrows *r, fq_diags *d);

/* ---- svl_federated_query: what the session sent to its sources ---- */

#define FQ_FEDLOG_MAX 1000
#define FQ_FEDLOG_TEXT 4000

typedef struct fq_fedlog_entry
{
	int64_t query;       /* the session's statement number */
	int64_t recordtime;  /* microseconds since 2000-01-01 UTC, at the start */
	char *source;        /* the external schema */
	char *text;          /* at most FQ_FEDLOG_TEXT bytes */
	int64_t rows;
	int64_t bytes;
	int64_t usecs;
} fq_fedlog_entry;

/* Records one remote statement (keeps the last FQ_FEDLOG_MAX). */
void fq_fedlog_add(fq_session *s, const fq_fedlog_entry *e);
void fq_fedlog_free(fq_session *s);

#endif
