/*
 * desc.c — descriptors: SQLGetDescField(W), SQLSetDescField(W),
 * SQLGetDescRec(W), SQLSetDescRec, SQLCopyDesc.
 *
 * Every statement has its four implicit descriptors (SQL_ATTR_APP_ROW_DESC,
 * ..._APP_PARAM_DESC, ..._IMP_ROW_DESC, ..._IMP_PARAM_DESC).  They keep no
 * copy of anything: a descriptor field is read from, and written to, what
 * SQLBindCol, SQLBindParameter, SQLSetStmtAttr and the result description
 * keep in the statement, so binding through one is binding through the
 * other.  The map:
 *
 *   ARD  header: ARRAY_SIZE = SQL_ATTR_ROW_ARRAY_SIZE, BIND_TYPE,
 *        BIND_OFFSET_PTR, ARRAY_STATUS_PTR = SQL_ATTR_ROW_OPERATION_PTR;
 *        records: st->binds (SQLBindCol's columns)
 *   APD  header: ARRAY_SIZE = SQL_ATTR_PARAMSET_SIZE, BIND_TYPE,
 *        BIND_OFFSET_PTR, ARRAY_STATUS_PTR = SQL_ATTR_PARAM_OPERATION_PTR;
 *        records: the C side of st->params (SQLBindParameter)
 *   IRD  header: ROWS_PROCESSED_PTR = SQL_ATTR_ROWS_FETCHED_PTR,
 *        ARRAY_STATUS_PTR = SQL_ATTR_ROW_STATUS_PTR; records: the result's
 *        columns, as SQLColAttribute describes them (read-only)
 *   IPD  header: ROWS_PROCESSED_PTR = SQL_ATTR_PARAMS_PROCESSED_PTR,
 *        ARRAY_STATUS_PTR = SQL_ATTR_PARAM_STATUS_PTR; records: the SQL side
 *        of st->params (type, size, digits, input/output)
 *
 * The implicit ARD and APD handles read and write the statement's own
 * application descriptors (st->ard_own, st->apd_own), which the statement
 * uses unless SQLSetStmtAttr gave it an explicitly allocated one: a
 * drv_desc of kind DRV_EXPLICIT, owned by the connection, holding its
 * records itself (drv_desc.app), and serving as the ARD or APD of every
 * statement that points at it (st->ard, st->apd).  Parameters are
 * input-only and unnamed (HYC00).
 *
 * An implicit descriptor is guarded by its statement's lock, an explicit
 * one by its own, which every call on a statement using it also holds
 * (drv_stmt_enter, after the statement's); diagnostics are each
 * descriptor's own.
 */
#include "driver/driver.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Handles                                                             */
/* ------------------------------------------------------------------ */

bool
drv_descs_init(drv_stmt *st)
{
	for (int k = 0; k < DRV_NDESC; k++)
	{
		drv_desc *d = &st->desc[k];

		d->kind = (drv_desc_kind) k;
		d->st = st;
		d->diags = fq_diags_new();
		if (d->diags == NULL)
		{
			drv_descs_free(st);
			return false;
		}
		d->magic = DRV_MAGIC_DESC;
	}
	return true;
}

void
drv_descs_free(drv_stmt *st)
{
	for (int k = 0; k < DRV_NDESC; k++)
	{
		st->desc[k].magic = DRV_MAGIC_DEAD;
		if (st->desc[k].diags != NULL)
			fq_diags_free(st->desc[k].diags);
		st->desc[k].diags = NULL;
	}
}

pthread_mutex_t *
drv_desc_lock(drv_desc *d)
{
	return d->kind == DRV_EXPLICIT ? &d->lock : &d->st->lock;
}

bool
drv_desc_enter(SQLHDESC h, drv_desc **out)
{
	drv_desc *d = (drv_desc *) h;

	if (d == NULL || d->magic != DRV_MAGIC_DESC)
		return false;
	pthread_mutex_lock(drv_desc_lock(d));
	fq_diags_clear(d->diags);
	*out = d;
	return true;
}

/* ------------------------------------------------------------------ */
/* Explicitly allocated descriptors                                    */
/* ------------------------------------------------------------------ */

SQLRETURN
drv_alloc_desc(drv_dbc *dbc, SQLHDESC *out)
{
	drv_desc *d;

	if (out == NULL)
		return drv_error(dbc->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "OutputHandlePtr is NULL");
	*out = SQL_NULL_HDESC;
	if (!dbc->connected)
		return drv_error(dbc->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
						 "the connection is not open");
	d = calloc(1, sizeof(*d));
	if (d == NULL || (d->diags = fq_diags_new()) == NULL)
	{
		free(d);
		return drv_nomem(dbc->diags);
	}
	pthread_mutex_init(&d->lock, NULL);
	d->kind = DRV_EXPLICIT;
	d->dbc = dbc;
	/* ODBC's defaults for an application descriptor's header. */
	d->app.array_size = 1;
	d->app.bind_type = SQL_BIND_BY_COLUMN;
	d->magic = DRV_MAGIC_DESC;
	d->next = dbc->descs;
	dbc->descs = d;
	*out = d;
	return SQL_SUCCESS;
}

static void
desc_destroy(drv_desc *d)
{
	d->magic = DRV_MAGIC_DEAD;
	free(d->app.recs);
	fq_diags_free(d->diags);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

SQLRETURN
drv_free_desc(SQLHDESC h)
{
	drv_desc *d = h;
	drv_dbc *dbc;

	if (d == NULL || d->magic != DRV_MAGIC_DESC)
		return SQL_INVALID_HANDLE;
	if (d->kind != DRV_EXPLICIT)
	{
		SQLRETURN rc;

		pthread_mutex_lock(&d->st->lock);
		fq_diags_clear(d->diags);
		rc = drv_error(d->diags, FQ_ERR_INVALID_USE_OF_AUTO_DESC,
					   "a statement's own descriptor is freed with the statement");
		return drv_desc_leave(d, rc);
	}
	dbc = d->dbc;
	pthread_mutex_lock(&dbc->lock);
	/* Statements using it go back to their own descriptors (ODBC). */
	for (drv_stmt *st = dbc->stmts; st != NULL; st = st->next)
	{
		pthread_mutex_lock(&st->lock);
		if (st->ard_desc == d)
		{
			st->ard_desc = NULL;
			st->ard = &st->ard_own;
		}
		if (st->apd_desc == d)
		{
			st->apd_desc = NULL;
			st->apd = &st->apd_own;
		}
		pthread_mutex_unlock(&st->lock);
	}
	for (drv_desc **p = &dbc->descs; *p != NULL; p = &(*p)->next)
	{
		if (*p == d)
		{
			*p = d->next;
			break;
		}
	}
	pthread_mutex_unlock(&dbc->lock);
	desc_destroy(d);
	return SQL_SUCCESS;
}

void
drv_free_descs(drv_dbc *dbc)
{
	while (dbc->descs != NULL)
	{
		drv_desc *d = dbc->descs;

		dbc->descs = d->next;
		desc_destroy(d);
	}
}

SQLRETURN
drv_stmt_use_desc(drv_stmt *st, bool row, SQLHDESC h)
{
	drv_desc *d = h;
	drv_desc *own = &st->desc[row ? DRV_ARD : DRV_APD];

	if (st->dae.active)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	if (d == SQL_NULL_HDESC || d == own)
		d = NULL;
	else if (d->magic != DRV_MAGIC_DESC)
		return SQL_INVALID_HANDLE;
	else if (d->kind != DRV_EXPLICIT)
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_AUTO_DESC,
						 "another statement's descriptor, or one of the implementation "
						 "descriptors, cannot serve as this statement's %s descriptor",
						 row ? "application row" : "application parameter");
	else if (d->dbc != st->dbc)
		return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
						 "the descriptor was allocated on another connection");
	if (row)
	{
		st->ard_desc = d;
		st->ard = d != NULL ? &d->app : &st->ard_own;
	}
	else
	{
		st->apd_desc = d;
		st->apd = d != NULL ? &d->app : &st->apd_own;
	}
	return SQL_SUCCESS;
}

/* The return code the descriptor's diagnostics make of rc (as
 * drv_stmt_leave does), kept for SQL_DIAG_RETURNCODE. */
static SQLRETURN
desc_final_rc(drv_desc *d, SQLRETURN rc)
{
	if (rc != SQL_INVALID_HANDLE && rc != SQL_NO_DATA)
	{
		if (rc == SQL_SUCCESS && fq_diags_has_error(d->diags))
			rc = SQL_ERROR;
		else if (rc == SQL_SUCCESS && fq_diags_count(d->diags) > 0)
			rc = SQL_SUCCESS_WITH_INFO;
	}
	d->last_rc = rc;
	return rc;
}

SQLRETURN
drv_desc_leave(drv_desc *d, SQLRETURN rc)
{
	rc = desc_final_rc(d, rc);
	pthread_mutex_unlock(drv_desc_lock(d));
	return rc;
}

/*
 * Runs a statement-level function whose diagnostics must land on the
 * descriptor: the statement's own records (of its last call) stay as
 * they are.
 */
#define ON_DESC_DIAGS(d, expr) \
	do { \
		fq_diags *saved_ = (d)->st->diags; \
		(d)->st->diags = (d)->diags; \
		rc = (expr); \
		(d)->st->diags = saved_; \
	} while (0)

/* ------------------------------------------------------------------ */
/* Types: concise type <-> SQL_DESC_TYPE + SQL_DESC_DATETIME_INTERVAL_CODE */
/* ------------------------------------------------------------------ */

static SQLSMALLINT
verbose_of(SQLSMALLINT concise)
{
	if (concise >= SQL_TYPE_DATE && concise <= SQL_TYPE_TIMESTAMP)
		return SQL_DATETIME;
	if (concise >= SQL_INTERVAL_YEAR && concise <= SQL_INTERVAL_MINUTE_TO_SECOND)
		return SQL_INTERVAL;
	return concise;
}

static SQLSMALLINT
code_of(SQLSMALLINT concise)
{
	if (concise >= SQL_TYPE_DATE && concise <= SQL_TYPE_TIMESTAMP)
		return (SQLSMALLINT) (concise - SQL_TYPE_DATE + SQL_CODE_DATE);
	if (concise >= SQL_INTERVAL_YEAR && concise <= SQL_INTERVAL_MINUTE_TO_SECOND)
		return (SQLSMALLINT) (concise - SQL_INTERVAL_YEAR + SQL_CODE_YEAR);
	return 0;
}

/* SQL_DESC_TYPE set to `verbose`: the concise type it makes, keeping the
 * record's date/time subcode when it has one (ODBC asks applications to set
 * SQL_DESC_DATETIME_INTERVAL_CODE next). */
static SQLSMALLINT
concise_for_verbose(SQLSMALLINT verbose, SQLSMALLINT old_concise)
{
	if (verbose == SQL_DATETIME)
		return verbose_of(old_concise) == SQL_DATETIME ? old_concise :
			SQL_TYPE_TIMESTAMP;
	if (verbose == SQL_INTERVAL)
		return verbose_of(old_concise) == SQL_INTERVAL ? old_concise :
			SQL_INTERVAL_YEAR;
	return verbose;
}

static bool
concise_for_code(SQLSMALLINT concise, SQLSMALLINT code, SQLSMALLINT *out)
{
	if (verbose_of(concise) == SQL_DATETIME && code >= SQL_CODE_DATE &&
		code <= SQL_CODE_TIMESTAMP)
	{
		*out = (SQLSMALLINT) (SQL_TYPE_DATE + code - SQL_CODE_DATE);
		return true;
	}
	if (verbose_of(concise) == SQL_INTERVAL && code >= SQL_CODE_YEAR &&
		code <= SQL_CODE_MINUTE_TO_SECOND)
	{
		*out = (SQLSMALLINT) (SQL_INTERVAL_YEAR + code - SQL_CODE_YEAR);
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

static bool
col_bind_used(const drv_col_bind *b)
{
	return b->ctype != 0 || b->ptr != NULL || b->ind != NULL || b->len != NULL ||
		b->buflen != 0 || b->precision != 0 || b->scale != 0;
}

static bool
param_used(const drv_param_bind *p)
{
	return p->bound || p->sqltype != 0;
}

static int
app_count(const drv_app_desc *a)
{
	int n = a->nrecs;

	while (n > 0 && !col_bind_used(&a->recs[n - 1]))
		n--;
	return n;
}

static int
ipd_count(const drv_stmt *st)
{
	int n = st->nparams_bound;

	while (n > 0 && !param_used(&st->params[n - 1]))
		n--;
	return n;
}

drv_col_bind *
drv_app_rec(drv_app_desc *a, int rec, bool grow)
{
	if (rec > a->nrecs)
	{
		drv_col_bind *nb;

		if (!grow)
			return NULL;
		nb = realloc(a->recs, (size_t) rec * sizeof(*nb));
		if (nb == NULL)
			return NULL;
		memset(nb + a->nrecs, 0, (size_t) (rec - a->nrecs) * sizeof(*nb));
		a->recs = nb;
		a->nrecs = rec;
	}
	return &a->recs[rec - 1];
}

void
drv_app_unbind(drv_app_desc *a)
{
	free(a->recs);
	a->recs = NULL;
	a->nrecs = 0;
}

drv_param_bind *
drv_ipd_rec(drv_stmt *st, int rec, bool grow)
{
	if (rec > st->nparams_bound)
	{
		drv_param_bind *np;

		if (!grow)
			return NULL;
		np = realloc(st->params, (size_t) rec * sizeof(*np));
		if (np == NULL)
			return NULL;
		memset(np + st->nparams_bound, 0,
			   (size_t) (rec - st->nparams_bound) * sizeof(*np));
		for (int i = st->nparams_bound; i < rec; i++)
			np[i].io_type = SQL_PARAM_INPUT;
		st->params = np;
		st->nparams_bound = rec;
	}
	return &st->params[rec - 1];
}

static bool
is_app(const drv_desc *d)
{
	return d->kind == DRV_ARD || d->kind == DRV_APD || d->kind == DRV_EXPLICIT;
}

/* What an application descriptor handle holds: an explicit one's own
 * records, or its statement's own ARD or APD (st->ard_own, st->apd_own),
 * which the statement does not use while an explicit one replaces it. */
static drv_app_desc *
app_of(drv_desc *d)
{
	if (d->kind == DRV_EXPLICIT)
		return &d->app;
	return d->kind == DRV_ARD ? &d->st->ard_own : &d->st->apd_own;
}

static int
desc_count(drv_desc *d)
{
	switch (d->kind)
	{
		case DRV_ARD:
		case DRV_APD:
		case DRV_EXPLICIT:
			return app_count(app_of(d));
		case DRV_IPD:
			return ipd_count(d->st);
		case DRV_IRD:
		default:
			return d->st->ncols;
	}
}

/* The IRD needs a prepared or executed statement (HY007). */
static SQLRETURN
ird_ready(drv_desc *d)
{
	SQLRETURN rc;

	if (!d->st->prepared)
		return drv_error(d->diags, FQ_ERR_ASSOCIATED_STATEMENT_NOT_PREPARED,
						 "the statement of this implementation row descriptor has not been prepared or executed");
	ON_DESC_DIAGS(d, drv_stmt_describe(d->st));
	return rc;
}

/* ------------------------------------------------------------------ */
/* Writing a field's value                                             */
/* ------------------------------------------------------------------ */

typedef enum fkind
{
	F_SMALL, /* SQLSMALLINT */
	F_INT,   /* SQLINTEGER */
	F_LEN,   /* SQLLEN / SQLULEN */
	F_PTR,   /* SQLPOINTER */
	F_STR    /* character string */
} fkind;

/* A numeric field's value in any of its widths. */
typedef union field_value
{
	SQLLEN l;
	SQLINTEGER i;
	SQLSMALLINT s;
	SQLPOINTER p;
} field_value;

static fkind
field_kind(SQLSMALLINT field)
{
	switch (field)
	{
		case SQL_DESC_ARRAY_SIZE:
		case SQL_DESC_DISPLAY_SIZE:
		case SQL_DESC_LENGTH:
		case SQL_DESC_OCTET_LENGTH:
			return F_LEN;
		case SQL_DESC_ARRAY_STATUS_PTR:
		case SQL_DESC_BIND_OFFSET_PTR:
		case SQL_DESC_ROWS_PROCESSED_PTR:
		case SQL_DESC_DATA_PTR:
		case SQL_DESC_INDICATOR_PTR:
		case SQL_DESC_OCTET_LENGTH_PTR:
			return F_PTR;
		case SQL_DESC_BIND_TYPE:
		case SQL_DESC_AUTO_UNIQUE_VALUE:
		case SQL_DESC_CASE_SENSITIVE:
		case SQL_DESC_DATETIME_INTERVAL_PRECISION:
		case SQL_DESC_NUM_PREC_RADIX:
			return F_INT;
		case SQL_DESC_BASE_COLUMN_NAME:
		case SQL_DESC_BASE_TABLE_NAME:
		case SQL_DESC_CATALOG_NAME:
		case SQL_DESC_LABEL:
		case SQL_DESC_LITERAL_PREFIX:
		case SQL_DESC_LITERAL_SUFFIX:
		case SQL_DESC_LOCAL_TYPE_NAME:
		case SQL_DESC_NAME:
		case SQL_DESC_SCHEMA_NAME:
		case SQL_DESC_TABLE_NAME:
		case SQL_DESC_TYPE_NAME:
			return F_STR;
		default:
			return F_SMALL;
	}
}

/* A field ODBC defines (for some kind of descriptor). */
static bool
known_field(SQLSMALLINT field)
{
	switch (field)
	{
		case SQL_DESC_ALLOC_TYPE:
		case SQL_DESC_ARRAY_SIZE:
		case SQL_DESC_ARRAY_STATUS_PTR:
		case SQL_DESC_BIND_OFFSET_PTR:
		case SQL_DESC_BIND_TYPE:
		case SQL_DESC_COUNT:
		case SQL_DESC_ROWS_PROCESSED_PTR:
		case SQL_DESC_AUTO_UNIQUE_VALUE:
		case SQL_DESC_BASE_COLUMN_NAME:
		case SQL_DESC_BASE_TABLE_NAME:
		case SQL_DESC_CASE_SENSITIVE:
		case SQL_DESC_CATALOG_NAME:
		case SQL_DESC_CONCISE_TYPE:
		case SQL_DESC_DATA_PTR:
		case SQL_DESC_DATETIME_INTERVAL_CODE:
		case SQL_DESC_DATETIME_INTERVAL_PRECISION:
		case SQL_DESC_DISPLAY_SIZE:
		case SQL_DESC_FIXED_PREC_SCALE:
		case SQL_DESC_INDICATOR_PTR:
		case SQL_DESC_LABEL:
		case SQL_DESC_LENGTH:
		case SQL_DESC_LITERAL_PREFIX:
		case SQL_DESC_LITERAL_SUFFIX:
		case SQL_DESC_LOCAL_TYPE_NAME:
		case SQL_DESC_NAME:
		case SQL_DESC_NULLABLE:
		case SQL_DESC_NUM_PREC_RADIX:
		case SQL_DESC_OCTET_LENGTH:
		case SQL_DESC_OCTET_LENGTH_PTR:
		case SQL_DESC_PARAMETER_TYPE:
		case SQL_DESC_PRECISION:
		case SQL_DESC_ROWVER:
		case SQL_DESC_SCALE:
		case SQL_DESC_SCHEMA_NAME:
		case SQL_DESC_SEARCHABLE:
		case SQL_DESC_TABLE_NAME:
		case SQL_DESC_TYPE:
		case SQL_DESC_TYPE_NAME:
		case SQL_DESC_UNNAMED:
		case SQL_DESC_UNSIGNED:
		case SQL_DESC_UPDATABLE:
			return true;
		default:
			return false;
	}
}

static void
put_num(SQLSMALLINT field, SQLLEN v, SQLPOINTER out, SQLINTEGER *outlen)
{
	switch (field_kind(field))
	{
		case F_SMALL:
			if (out != NULL)
				*(SQLSMALLINT *) out = (SQLSMALLINT) v;
			if (outlen != NULL)
				*outlen = sizeof(SQLSMALLINT);
			break;
		case F_INT:
			if (out != NULL)
				*(SQLINTEGER *) out = (SQLINTEGER) v;
			if (outlen != NULL)
				*outlen = sizeof(SQLINTEGER);
			break;
		default:
			if (out != NULL)
				*(SQLLEN *) out = v;
			if (outlen != NULL)
				*outlen = sizeof(SQLLEN);
			break;
	}
}

static void
put_pointer(void *p, SQLPOINTER out, SQLINTEGER *outlen)
{
	if (out != NULL)
		*(SQLPOINTER *) out = p;
	if (outlen != NULL)
		*outlen = sizeof(SQLPOINTER);
}

static SQLRETURN
put_string(drv_desc *d, const char *s, bool wide, SQLPOINTER out,
		   SQLINTEGER buflen, SQLINTEGER *outlen)
{
	if (buflen < 0 && out != NULL)
		return drv_error(d->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative BufferLength");
	if (drv_put_str_i(s, wide, true, out, buflen, outlen) && out != NULL)
		return drv_warn(d->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
						"descriptor field value truncated");
	return SQL_SUCCESS;
}

static SQLRETURN
no_field(drv_desc *d, SQLSMALLINT field)
{
	static const char *const names[] = {"application row", "application parameter",
		"implementation row", "implementation parameter", "", "application"};

	return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
					 "field %d is not a field of an %s descriptor", (int) field,
					 names[d->kind]);
}

/* ------------------------------------------------------------------ */
/* SQLGetDescField                                                     */
/* ------------------------------------------------------------------ */

static SQLRETURN
get_header(drv_desc *d, SQLSMALLINT field, SQLPOINTER out, SQLINTEGER *outlen)
{
	drv_stmt *st = d->st;
	bool app = is_app(d);
	drv_app_desc *a = app ? app_of(d) : NULL;

	switch (field)
	{
		case SQL_DESC_ALLOC_TYPE:
			put_num(field, d->kind == DRV_EXPLICIT ? SQL_DESC_ALLOC_USER : SQL_DESC_ALLOC_AUTO,
					out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_COUNT:
			if (d->kind == DRV_IRD)
			{
				SQLRETURN rc = ird_ready(d);

				if (rc != SQL_SUCCESS)
					return rc;
			}
			put_num(field, desc_count(d), out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_ARRAY_SIZE:
			if (!app)
				return no_field(d, field);
			put_num(field, (SQLLEN) a->array_size, out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_BIND_TYPE:
			if (!app)
				return no_field(d, field);
			put_num(field, (SQLLEN) a->bind_type, out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_BIND_OFFSET_PTR:
			if (!app)
				return no_field(d, field);
			put_pointer(a->bind_offset_ptr, out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_ARRAY_STATUS_PTR:
			{
				void *p = app ? (void *) a->array_status_ptr :
					d->kind == DRV_IRD ? (void *) st->row_status_ptr :
					(void *) st->param_status_ptr;

				put_pointer(p, out, outlen);
				return SQL_SUCCESS;
			}
		case SQL_DESC_ROWS_PROCESSED_PTR:
			if (app)
				return no_field(d, field);
			put_pointer(d->kind == DRV_IRD ? (void *) st->rows_fetched_ptr :
						(void *) st->params_processed_ptr, out, outlen);
			return SQL_SUCCESS;
		default:
			return SQL_NO_DATA; /* not a header field */
	}
}

static SQLRETURN
get_app_rec(drv_desc *d, int rec, SQLSMALLINT field, SQLPOINTER out,
			SQLINTEGER *outlen)
{
	/* desc_count checked that the record exists. */
	const drv_col_bind *b = drv_app_rec(app_of(d), rec, false);
	SQLSMALLINT ctype = b->ctype;
	void *ptr = b->ptr;
	SQLLEN *ind = b->ind;
	SQLLEN *len = b->len;
	SQLLEN buflen = b->buflen;
	SQLSMALLINT precision = b->precision;
	SQLSMALLINT scale = b->scale;

	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
			put_num(field, ctype, out, outlen);
			break;
		case SQL_DESC_TYPE:
			put_num(field, verbose_of(ctype), out, outlen);
			break;
		case SQL_DESC_DATETIME_INTERVAL_CODE:
			put_num(field, code_of(ctype), out, outlen);
			break;
		case SQL_DESC_DATA_PTR:
			put_pointer(ptr, out, outlen);
			break;
		case SQL_DESC_INDICATOR_PTR:
			put_pointer(ind, out, outlen);
			break;
		case SQL_DESC_OCTET_LENGTH_PTR:
			put_pointer(len, out, outlen);
			break;
		case SQL_DESC_OCTET_LENGTH:
			put_num(field, buflen, out, outlen);
			break;
		case SQL_DESC_LENGTH:
			/* Characters a character buffer holds (its octets for the
			 * narrow type), the fixed size of other C types. */
			{
				SQLLEN fixed = drv_ctype_size(ctype);

				put_num(field, fixed > 0 ? fixed :
						(ctype == SQL_C_WCHAR ? buflen / (SQLLEN) drv_wchar_size() : buflen),
						out, outlen);
			}
			break;
		case SQL_DESC_PRECISION:
			put_num(field, precision, out, outlen);
			break;
		case SQL_DESC_SCALE:
			put_num(field, scale, out, outlen);
			break;
		case SQL_DESC_DATETIME_INTERVAL_PRECISION:
			put_num(field, 0, out, outlen);
			break;
		case SQL_DESC_NUM_PREC_RADIX:
			put_num(field, ctype == SQL_C_NUMERIC ? 10 :
					(ctype == SQL_C_FLOAT || ctype == SQL_C_DOUBLE) ? 2 : 0, out, outlen);
			break;
		default:
			return no_field(d, field);
	}
	return SQL_SUCCESS;
}

/* What the IPD says of a parameter's SQL type. */
static void
ipd_typeinfo(drv_desc *d, const drv_param_bind *p, drv_typeinfo *ti, bool *known)
{
	fq_type t;

	memset(ti, 0, sizeof(*ti));
	*known = p->sqltype != 0 && drv_fq_type_for_sql(p->sqltype, p->colsize, p->digits, &t);
	if (*known)
		drv_type_info(&t, drv_odbc2(d->st->dbc), drv_numeric_scale(d->st->dbc), ti);
}

/* Whether the SQL type's SQLBindParameter ColumnSize is a precision
 * (numbers) rather than a length. */
static bool
sized_by_precision(SQLSMALLINT sqltype)
{
	switch (sqltype)
	{
		case SQL_NUMERIC:
		case SQL_DECIMAL:
		case SQL_INTEGER:
		case SQL_SMALLINT:
		case SQL_BIGINT:
		case SQL_TINYINT:
		case SQL_FLOAT:
		case SQL_REAL:
		case SQL_DOUBLE:
		case SQL_BIT:
			return true;
		default:
			return false;
	}
}

static SQLRETURN
get_ipd_rec(drv_desc *d, int rec, SQLSMALLINT field, SQLPOINTER out,
			SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
	const drv_param_bind *p = drv_ipd_rec(d->st, rec, false);
	drv_typeinfo ti;
	bool known;
	bool dt = verbose_of(p->sqltype) == SQL_DATETIME;

	ipd_typeinfo(d, p, &ti, &known);
	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
			put_num(field, p->sqltype, out, outlen);
			break;
		case SQL_DESC_TYPE:
			put_num(field, verbose_of(p->sqltype), out, outlen);
			break;
		case SQL_DESC_DATETIME_INTERVAL_CODE:
			put_num(field, code_of(p->sqltype), out, outlen);
			break;
		case SQL_DESC_LENGTH:
			put_num(field, sized_by_precision(p->sqltype) || dt ? 0 : (SQLLEN) p->colsize,
					out, outlen);
			break;
		case SQL_DESC_OCTET_LENGTH:
			put_num(field, known ? ti.octet_length : (SQLLEN) p->colsize, out, outlen);
			break;
		case SQL_DESC_PRECISION:
			put_num(field, dt ? p->digits :
					sized_by_precision(p->sqltype) ? (SQLLEN) p->colsize : 0, out, outlen);
			break;
		case SQL_DESC_SCALE:
			put_num(field, dt ? 0 : p->digits, out, outlen);
			break;
		case SQL_DESC_PARAMETER_TYPE:
			put_num(field, p->io_type != 0 ? p->io_type : SQL_PARAM_INPUT, out, outlen);
			break;
		case SQL_DESC_NULLABLE:
			put_num(field, SQL_NULLABLE, out, outlen);
			break;
		case SQL_DESC_UNNAMED:
			put_num(field, SQL_UNNAMED, out, outlen);
			break;
		case SQL_DESC_NAME:
			return put_string(d, "", wide, out, buflen, outlen);
		case SQL_DESC_TYPE_NAME:
		case SQL_DESC_LOCAL_TYPE_NAME:
			return put_string(d, known ? ti.type_name : "", wide, out, buflen, outlen);
		case SQL_DESC_CASE_SENSITIVE:
			put_num(field, known && ti.case_sensitive ? SQL_TRUE : SQL_FALSE, out, outlen);
			break;
		case SQL_DESC_FIXED_PREC_SCALE:
		case SQL_DESC_ROWVER:
			put_num(field, SQL_FALSE, out, outlen);
			break;
		case SQL_DESC_UNSIGNED:
			put_num(field, known && ti.radix != 0 ? SQL_FALSE : SQL_TRUE, out, outlen);
			break;
		case SQL_DESC_NUM_PREC_RADIX:
			put_num(field, known ? ti.radix : 0, out, outlen);
			break;
		case SQL_DESC_DATETIME_INTERVAL_PRECISION:
			put_num(field, 0, out, outlen);
			break;
		default:
			return no_field(d, field);
	}
	return SQL_SUCCESS;
}

static SQLRETURN
get_ird_rec(drv_desc *d, int rec, SQLSMALLINT field, SQLPOINTER out,
			SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
	SQLRETURN rc;
	SQLLEN num = 0;

	switch (field)
	{
		case SQL_DESC_ROWVER:
			put_num(field, SQL_FALSE, out, outlen);
			return SQL_SUCCESS;
		case SQL_DESC_DATA_PTR:
		case SQL_DESC_INDICATOR_PTR:
		case SQL_DESC_OCTET_LENGTH_PTR:
		case SQL_DESC_PARAMETER_TYPE:
			return no_field(d, field);
		default:
			break;
	}
	if (field_kind(field) == F_STR)
	{
		SQLSMALLINT sl = 0;
		SQLSMALLINT bl = buflen > SHRT_MAX ? SHRT_MAX : (SQLSMALLINT) buflen;

		ON_DESC_DIAGS(d, drv_col_attribute(d->st, (SQLUSMALLINT) rec, (SQLUSMALLINT) field,
										   out, bl, &sl, NULL, wide));
		if (outlen != NULL && SQL_SUCCEEDED(rc))
			*outlen = sl;
		return rc;
	}
	ON_DESC_DIAGS(d, drv_col_attribute(d->st, (SQLUSMALLINT) rec, (SQLUSMALLINT) field,
									   NULL, 0, NULL, &num, wide));
	if (SQL_SUCCEEDED(rc))
		put_num(field, num, out, outlen);
	return rc;
}

static SQLRETURN
get_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER out,
		  SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
	SQLRETURN rc;

	if (!known_field(field))
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
						 "unknown descriptor field %d", (int) field);
	rc = get_header(d, field, out, outlen);

	if (rc != SQL_NO_DATA)
		return rc;
	if (rec < 0)
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 "record numbers start at 0 (the bookmark record)");
	if (rec == 0)
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 "fedq has no bookmark record (record 0)");
	if (d->kind == DRV_IRD)
	{
		rc = ird_ready(d);
		if (rc != SQL_SUCCESS)
			return rc;
	}
	if (rec > desc_count(d))
		return SQL_NO_DATA;
	switch (d->kind)
	{
		case DRV_ARD:
		case DRV_APD:
		case DRV_EXPLICIT:
			return get_app_rec(d, rec, field, out, outlen);
		case DRV_IPD:
			return get_ipd_rec(d, rec, field, out, buflen, outlen, wide);
		case DRV_IRD:
		default:
			return get_ird_rec(d, rec, field, out, buflen, outlen, wide);
	}
}

SQLRETURN SQL_API
SQLGetDescField(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber,
				SQLSMALLINT FieldIdentifier, SQLPOINTER Value,
				SQLINTEGER BufferLength, SQLINTEGER *StringLength)
{
	drv_desc *d;

	if (!drv_desc_enter(DescriptorHandle, &d))
		return SQL_INVALID_HANDLE;
	return drv_desc_leave(d, get_field(d, RecNumber, FieldIdentifier, Value,
									   BufferLength, StringLength, false));
}

SQLRETURN SQL_API
SQLGetDescFieldW(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber,
				 SQLSMALLINT FieldIdentifier, SQLPOINTER Value,
				 SQLINTEGER BufferLength, SQLINTEGER *StringLength)
{
	drv_desc *d;

	if (!drv_desc_enter(DescriptorHandle, &d))
		return SQL_INVALID_HANDLE;
	return drv_desc_leave(d, get_field(d, RecNumber, FieldIdentifier, Value,
									   BufferLength, StringLength, true));
}

/* ------------------------------------------------------------------ */
/* SQLSetDescField                                                     */
/* ------------------------------------------------------------------ */

static SQLRETURN
set_header(drv_desc *d, SQLSMALLINT field, SQLPOINTER value)
{
	drv_stmt *st = d->st;
	bool app = is_app(d);
	drv_app_desc *a = app ? app_of(d) : NULL;
	SQLULEN v = (SQLULEN) (uintptr_t) value;
	SQLINTEGER attr = 0;
	SQLRETURN rc;

	switch (field)
	{
		case SQL_DESC_ALLOC_TYPE:
			return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
							 "SQL_DESC_ALLOC_TYPE is read-only");
		case SQL_DESC_COUNT:
			{
				SQLLEN n = (SQLLEN) (intptr_t) value;

				if (n < 0)
					return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
									 "SQL_DESC_COUNT cannot be negative");
				if (app)
				{
					/* Records past the count are unbound; new ones
					 * start empty. */
					for (int i = (int) n; i < a->nrecs; i++)
						memset(&a->recs[i], 0, sizeof(drv_col_bind));
					if (n > 0 && drv_app_rec(a, (int) n, true) == NULL)
						return drv_nomem(d->diags);
				}
				else
				{
					for (int i = (int) n; i < st->nparams_bound; i++)
					{
						memset(&st->params[i], 0, sizeof(drv_param_bind));
						st->params[i].io_type = SQL_PARAM_INPUT;
					}
					if (n > 0 && drv_ipd_rec(st, (int) n, true) == NULL)
						return drv_nomem(d->diags);
				}
				return SQL_SUCCESS;
			}
		case SQL_DESC_ARRAY_SIZE:
			if (!app)
				return no_field(d, field);
			if (v == 0)
				return drv_error(d->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "SQL_DESC_ARRAY_SIZE must be at least 1");
			a->array_size = v;
			return SQL_SUCCESS;
		case SQL_DESC_BIND_TYPE:
			if (!app)
				return no_field(d, field);
			a->bind_type = v;
			return SQL_SUCCESS;
		case SQL_DESC_BIND_OFFSET_PTR:
			if (!app)
				return no_field(d, field);
			a->bind_offset_ptr = value;
			return SQL_SUCCESS;
		case SQL_DESC_ARRAY_STATUS_PTR:
			if (app)
			{
				a->array_status_ptr = value;
				return SQL_SUCCESS;
			}
			attr = d->kind == DRV_IRD ? SQL_ATTR_ROW_STATUS_PTR : SQL_ATTR_PARAM_STATUS_PTR;
			break;
		case SQL_DESC_ROWS_PROCESSED_PTR:
			if (app)
				return no_field(d, field);
			attr = d->kind == DRV_IRD ? SQL_ATTR_ROWS_FETCHED_PTR : SQL_ATTR_PARAMS_PROCESSED_PTR;
			break;
		default:
			return SQL_NO_DATA; /* not a header field */
	}
	ON_DESC_DIAGS(d, drv_set_stmt_attr(st, attr, value));
	return rc;
}

/* SQL_DESC_DATA_PTR set on an application record: ODBC's consistency
 * check (HY021) of the record it binds. */
static SQLRETURN
check_app_rec(drv_desc *d, SQLSMALLINT ctype, SQLLEN buflen)
{
	if (!drv_valid_ctype(ctype))
		return drv_error(d->diags, FQ_ERR_INCONSISTENT_DESCRIPTOR,
						 "the record's C type %d is not one fedq converts", (int) ctype);
	if (buflen < 0)
		return drv_error(d->diags, FQ_ERR_INCONSISTENT_DESCRIPTOR,
						 "the record's SQL_DESC_OCTET_LENGTH is negative");
	return SQL_SUCCESS;
}

static SQLRETURN
set_app_rec(drv_desc *d, int rec, SQLSMALLINT field, SQLPOINTER value)
{
	SQLLEN n = (SQLLEN) (intptr_t) value;
	drv_col_bind *b;

	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
		case SQL_DESC_TYPE:
		case SQL_DESC_DATETIME_INTERVAL_CODE:
		case SQL_DESC_DATA_PTR:
		case SQL_DESC_INDICATOR_PTR:
		case SQL_DESC_OCTET_LENGTH_PTR:
		case SQL_DESC_OCTET_LENGTH:
		case SQL_DESC_PRECISION:
		case SQL_DESC_SCALE:
		case SQL_DESC_LENGTH:
			break;
		default:
			return no_field(d, field);
	}
	if ((b = drv_app_rec(app_of(d), rec, true)) == NULL)
		return drv_nomem(d->diags);
	switch (field)
	{
		case SQL_DESC_DATA_PTR:
			if (value != NULL)
			{
				SQLRETURN rc = check_app_rec(d, b->ctype, b->buflen);

				if (rc != SQL_SUCCESS)
					return rc;
			}
			b->ptr = value;
			return SQL_SUCCESS;
		case SQL_DESC_INDICATOR_PTR:
			b->ind = value;
			return SQL_SUCCESS;
		case SQL_DESC_OCTET_LENGTH_PTR:
			b->len = value;
			return SQL_SUCCESS;
		default:
			break;
	}
	/* Any other field unbinds the record's data (ODBC: the application
	 * sets SQL_DESC_DATA_PTR last). */
	b->ptr = NULL;
	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
			b->ctype = (SQLSMALLINT) n;
			break;
		case SQL_DESC_TYPE:
			b->ctype = concise_for_verbose((SQLSMALLINT) n, b->ctype);
			break;
		case SQL_DESC_DATETIME_INTERVAL_CODE:
			if (!concise_for_code(b->ctype, (SQLSMALLINT) n, &b->ctype))
				return drv_error(d->diags, FQ_ERR_INCONSISTENT_DESCRIPTOR,
								 "SQL_DESC_DATETIME_INTERVAL_CODE %d does not fit the record's type %d",
								 (int) n, (int) b->ctype);
			break;
		case SQL_DESC_OCTET_LENGTH:
			b->buflen = n;
			break;
		case SQL_DESC_LENGTH:
			/* Buffers are sized by SQL_DESC_OCTET_LENGTH; a length set
			 * here becomes that size, in the record's units. */
			b->buflen = b->ctype == SQL_C_WCHAR ? n * (SQLLEN) drv_wchar_size() : n;
			break;
		case SQL_DESC_PRECISION:
			b->precision = (SQLSMALLINT) n;
			break;
		case SQL_DESC_SCALE:
			b->scale = (SQLSMALLINT) n;
			break;
		default:
			break;
	}
	return SQL_SUCCESS;
}

static SQLRETURN
set_ipd_rec(drv_desc *d, int rec, SQLSMALLINT field, SQLPOINTER value)
{
	SQLLEN n = (SQLLEN) (intptr_t) value;
	drv_param_bind *p;
	bool dt;

	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
		case SQL_DESC_TYPE:
		case SQL_DESC_DATETIME_INTERVAL_CODE:
		case SQL_DESC_LENGTH:
		case SQL_DESC_PRECISION:
		case SQL_DESC_SCALE:
		case SQL_DESC_PARAMETER_TYPE:
		case SQL_DESC_NAME:
		case SQL_DESC_UNNAMED:
		case SQL_DESC_OCTET_LENGTH:
		case SQL_DESC_NULLABLE:
			break;
		default:
			return no_field(d, field);
	}
	if ((p = drv_ipd_rec(d->st, rec, true)) == NULL)
		return drv_nomem(d->diags);
	p->bound = true;
	dt = verbose_of(p->sqltype) == SQL_DATETIME;
	switch (field)
	{
		case SQL_DESC_CONCISE_TYPE:
			if (!drv_valid_sqltype((SQLSMALLINT) n))
				return drv_error(d->diags, FQ_ERR_INVALID_SQL_DATA_TYPE,
								 "unsupported SQL type %d", (int) n);
			p->sqltype = (SQLSMALLINT) n;
			break;
		case SQL_DESC_TYPE:
			{
				SQLSMALLINT c = concise_for_verbose((SQLSMALLINT) n, p->sqltype);

				if (!drv_valid_sqltype(c))
					return drv_error(d->diags, FQ_ERR_INVALID_SQL_DATA_TYPE,
									 "unsupported SQL type %d", (int) n);
				p->sqltype = c;
			}
			break;
		case SQL_DESC_DATETIME_INTERVAL_CODE:
			{
				SQLSMALLINT c;

				if (!concise_for_code(p->sqltype, (SQLSMALLINT) n, &c) || !drv_valid_sqltype(c))
					return drv_error(d->diags, FQ_ERR_INCONSISTENT_DESCRIPTOR,
									 "SQL_DESC_DATETIME_INTERVAL_CODE %d does not fit the record's type %d",
									 (int) n, (int) p->sqltype);
				p->sqltype = c;
			}
			break;
		case SQL_DESC_LENGTH:
		case SQL_DESC_OCTET_LENGTH:
			if (!sized_by_precision(p->sqltype) && !dt)
				p->colsize = (SQLULEN) n;
			break;
		case SQL_DESC_PRECISION:
			if (dt)
				p->digits = (SQLSMALLINT) n;
			else if (sized_by_precision(p->sqltype))
				p->colsize = (SQLULEN) n;
			break;
		case SQL_DESC_SCALE:
			if (!dt)
				p->digits = (SQLSMALLINT) n;
			break;
		case SQL_DESC_PARAMETER_TYPE:
			if (n == SQL_PARAM_OUTPUT || n == SQL_PARAM_INPUT_OUTPUT)
				return drv_error(d->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "fedq supports input parameters only");
			if (n != SQL_PARAM_INPUT)
				return drv_error(d->diags, FQ_ERR_INVALID_PARAMETER_TYPE,
								 "invalid SQL_DESC_PARAMETER_TYPE %d", (int) n);
			p->io_type = SQL_PARAM_INPUT;
			break;
		case SQL_DESC_NAME:
			if (value != NULL && ((const char *) value)[0] != '\0')
				return drv_error(d->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "named parameters are not supported; parameters are bound by position");
			break;
		case SQL_DESC_UNNAMED:
			if (n != SQL_UNNAMED)
				return drv_error(d->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "named parameters are not supported; parameters are bound by position");
			break;
		case SQL_DESC_NULLABLE:
			/* ODBC: read-only in the IPD as in the IRD. */
			return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
							 "SQL_DESC_NULLABLE is read-only");
		default:
			break;
	}
	return SQL_SUCCESS;
}

static SQLRETURN
set_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value)
{
	SQLRETURN rc;

	if (!known_field(field))
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
						 "unknown descriptor field %d", (int) field);
	/* Of an IRD only the two pointers the application owns can be set. */
	if (d->kind == DRV_IRD && field != SQL_DESC_ARRAY_STATUS_PTR &&
		field != SQL_DESC_ROWS_PROCESSED_PTR)
		return drv_error(d->diags, FQ_ERR_CANNOT_MODIFY_IRD,
						 "an implementation row descriptor is read-only");
	if (d->kind != DRV_EXPLICIT && d->st->dae.active)
		return drv_error(d->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	rc = set_header(d, field, value);
	if (rc != SQL_NO_DATA)
		return rc;
	if (rec <= 0)
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 rec == 0 ? "fedq has no bookmark record (record 0)" :
						 "record numbers start at 1");
	if (d->kind == DRV_IPD)
		return set_ipd_rec(d, rec, field, value);
	return set_app_rec(d, rec, field, value);
}

static SQLRETURN
set_field_entry(SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value,
				SQLINTEGER len, bool wide)
{
	drv_desc *d;
	SQLRETURN rc;

	if (!drv_desc_enter(h, &d))
		return SQL_INVALID_HANDLE;
	if (field_kind(field) == F_STR && value != NULL)
	{
		/* Only SQL_DESC_NAME is settable among the strings; it is read as
		 * UTF-8 like every other string. */
		bool ok = true;
		char *s;

		if (len < 0 && len != SQL_NTS)
			return drv_desc_leave(d, drv_error(d->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											   "invalid string length %d", (int) len));
		s = wide ? drv_wstr_dup(value, len == SQL_NTS ? SQL_NTS :
								len / (SQLINTEGER) drv_wchar_size(), &ok) :
			drv_str_dup(value, len, &ok);
		if (!ok)
			return drv_desc_leave(d, drv_nomem(d->diags));
		rc = set_field(d, rec, field, s != NULL ? s : "");
		free(s);
		return drv_desc_leave(d, rc);
	}
	return drv_desc_leave(d, set_field(d, rec, field, value));
}

SQLRETURN SQL_API
SQLSetDescField(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber,
				SQLSMALLINT FieldIdentifier, SQLPOINTER Value,
				SQLINTEGER BufferLength)
{
	return set_field_entry(DescriptorHandle, RecNumber, FieldIdentifier, Value,
						   BufferLength, false);
}

SQLRETURN SQL_API
SQLSetDescFieldW(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber,
				 SQLSMALLINT FieldIdentifier, SQLPOINTER Value,
				 SQLINTEGER BufferLength)
{
	return set_field_entry(DescriptorHandle, RecNumber, FieldIdentifier, Value,
						   BufferLength, true);
}

/* ------------------------------------------------------------------ */
/* SQLGetDescRec, SQLSetDescRec                                        */
/* ------------------------------------------------------------------ */

static SQLRETURN
get_rec(drv_desc *d, SQLSMALLINT rec, SQLPOINTER name, SQLSMALLINT buflen,
		SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype,
		SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale,
		SQLSMALLINT *nullable, bool wide)
{
	SQLRETURN rc;
	SQLRETURN worst = SQL_SUCCESS;
	bool impl = d->kind == DRV_IRD || d->kind == DRV_IPD;
	SQLINTEGER nl = 0;
	struct
	{
		SQLSMALLINT field;
		void *out;
		bool skip;
	} f[] = {
		{SQL_DESC_TYPE, type, false},
		{SQL_DESC_DATETIME_INTERVAL_CODE, subtype, false},
		{SQL_DESC_OCTET_LENGTH, length, false},
		{SQL_DESC_PRECISION, precision, false},
		{SQL_DESC_SCALE, scale, false},
		{SQL_DESC_NULLABLE, nullable, !impl},
	};

	if (rec < 0)
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 "record numbers start at 0 (the bookmark record)");
	if (rec == 0)
		return drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 "fedq has no bookmark record (record 0)");
	if (d->kind == DRV_IRD && (rc = ird_ready(d)) != SQL_SUCCESS)
		return rc;
	if (rec > desc_count(d))
		return SQL_NO_DATA;
	if (impl)
	{
		rc = get_field(d, rec, SQL_DESC_NAME, name, buflen, &nl, wide);
		if (!SQL_SUCCEEDED(rc))
			return rc;
		if (rc != SQL_SUCCESS)
			worst = rc;
		if (namelen != NULL)
			*namelen = (SQLSMALLINT) (wide ? nl / (SQLINTEGER) drv_wchar_size() : nl);
	}
	else
	{
		/* Application descriptors have no names. */
		if (name != NULL && buflen > 0)
		{
			if (wide)
				drv_wchar_put(name, 0, 0);
			else
				*(SQLCHAR *) name = 0;
		}
		if (namelen != NULL)
			*namelen = 0;
	}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
	{
		field_value v = {0};

		if (f[i].out == NULL)
			continue;
		if (f[i].skip)
		{
			*(SQLSMALLINT *) f[i].out = SQL_NULLABLE_UNKNOWN;
			continue;
		}
		rc = get_field(d, rec, f[i].field, &v, 0, NULL, wide);
		if (!SQL_SUCCEEDED(rc))
			return rc;
		if (f[i].field == SQL_DESC_OCTET_LENGTH)
			*(SQLLEN *) f[i].out = v.l;
		else
			*(SQLSMALLINT *) f[i].out = v.s;
	}
	return worst;
}

SQLRETURN SQL_API
SQLGetDescRec(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber, SQLCHAR *Name,
			  SQLSMALLINT BufferLength, SQLSMALLINT *StringLength,
			  SQLSMALLINT *Type, SQLSMALLINT *SubType, SQLLEN *Length,
			  SQLSMALLINT *Precision, SQLSMALLINT *Scale, SQLSMALLINT *Nullable)
{
	drv_desc *d;

	if (!drv_desc_enter(DescriptorHandle, &d))
		return SQL_INVALID_HANDLE;
	return drv_desc_leave(d, get_rec(d, RecNumber, Name, BufferLength, StringLength,
									 Type, SubType, Length, Precision, Scale,
									 Nullable, false));
}

SQLRETURN SQL_API
SQLGetDescRecW(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber, SQLWCHAR *Name,
			   SQLSMALLINT BufferLength, SQLSMALLINT *StringLength,
			   SQLSMALLINT *Type, SQLSMALLINT *SubType, SQLLEN *Length,
			   SQLSMALLINT *Precision, SQLSMALLINT *Scale, SQLSMALLINT *Nullable)
{
	drv_desc *d;

	if (!drv_desc_enter(DescriptorHandle, &d))
		return SQL_INVALID_HANDLE;
	/* BufferLength counts characters here; the field functions count
	 * bytes. */
	return drv_desc_leave(d, get_rec(d, RecNumber, Name,
									 (SQLSMALLINT) (BufferLength > SHRT_MAX / 2 ? SHRT_MAX - 1 :
													BufferLength * (SQLSMALLINT) drv_wchar_size()),
									 StringLength, Type, SubType, Length, Precision,
									 Scale, Nullable, true));
}

SQLRETURN SQL_API
SQLSetDescRec(SQLHDESC DescriptorHandle, SQLSMALLINT RecNumber, SQLSMALLINT Type,
			  SQLSMALLINT SubType, SQLLEN Length, SQLSMALLINT Precision,
			  SQLSMALLINT Scale, SQLPOINTER Data, SQLLEN *StringLength,
			  SQLLEN *Indicator)
{
	drv_desc *d;
	SQLRETURN rc;
	bool impl;

	if (!drv_desc_enter(DescriptorHandle, &d))
		return SQL_INVALID_HANDLE;
	impl = d->kind == DRV_IPD;
	if (d->kind == DRV_IRD)
		return drv_desc_leave(d, drv_error(d->diags, FQ_ERR_CANNOT_MODIFY_IRD,
										   "an implementation row descriptor is read-only"));
	if (RecNumber <= 0)
		return drv_desc_leave(d, drv_error(d->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
										   RecNumber == 0 ? "fedq has no bookmark record (record 0)" :
										   "record numbers start at 1"));
	/* In ODBC's order: the type, its subcode, the sizes, then the
	 * pointers (SQL_DESC_DATA_PTR last, which checks the record). */
	rc = set_field(d, RecNumber, SQL_DESC_TYPE, (SQLPOINTER) (intptr_t) Type);
	if (SQL_SUCCEEDED(rc) && (Type == SQL_DATETIME || Type == SQL_INTERVAL))
		rc = set_field(d, RecNumber, SQL_DESC_DATETIME_INTERVAL_CODE,
					   (SQLPOINTER) (intptr_t) SubType);
	if (SQL_SUCCEEDED(rc))
		rc = set_field(d, RecNumber, SQL_DESC_OCTET_LENGTH, (SQLPOINTER) (intptr_t) Length);
	if (SQL_SUCCEEDED(rc))
		rc = set_field(d, RecNumber, SQL_DESC_PRECISION, (SQLPOINTER) (intptr_t) Precision);
	if (SQL_SUCCEEDED(rc))
		rc = set_field(d, RecNumber, SQL_DESC_SCALE, (SQLPOINTER) (intptr_t) Scale);
	if (SQL_SUCCEEDED(rc) && !impl)
	{
		rc = set_field(d, RecNumber, SQL_DESC_OCTET_LENGTH_PTR, StringLength);
		if (SQL_SUCCEEDED(rc))
			rc = set_field(d, RecNumber, SQL_DESC_INDICATOR_PTR, Indicator);
		if (SQL_SUCCEEDED(rc))
			rc = set_field(d, RecNumber, SQL_DESC_DATA_PTR, Data);
	}
	return drv_desc_leave(d, rc == SQL_SUCCESS_WITH_INFO ? SQL_SUCCESS : rc);
}

/* ------------------------------------------------------------------ */
/* SQLCopyDesc                                                         */
/* ------------------------------------------------------------------ */

/* One record as a set of field values, read from any descriptor and
 * written to any other but an IRD. */
typedef struct rec_copy
{
	SQLLEN concise, octet_length, precision, scale, length, param_type;
	SQLPOINTER data, ind, len;
} rec_copy;

static SQLRETURN
read_rec(drv_desc *d, int rec, rec_copy *r)
{
	SQLRETURN rc;
	bool app = is_app(d);

	memset(r, 0, sizeof(*r));
	r->param_type = SQL_PARAM_INPUT;
#define GET(field, dst) \
	do { \
		field_value v_ = {0}; \
		rc = get_field(d, (SQLSMALLINT) rec, field, &v_, 0, NULL, false); \
		if (!SQL_SUCCEEDED(rc)) \
			return rc; \
		r->dst = field_kind(field) == F_SMALL ? (SQLLEN) v_.s : \
			field_kind(field) == F_INT ? (SQLLEN) v_.i : v_.l; \
	} while (0)
	GET(SQL_DESC_CONCISE_TYPE, concise);
	GET(SQL_DESC_OCTET_LENGTH, octet_length);
	GET(SQL_DESC_PRECISION, precision);
	GET(SQL_DESC_SCALE, scale);
	GET(SQL_DESC_LENGTH, length);
	if (d->kind == DRV_IPD)
		GET(SQL_DESC_PARAMETER_TYPE, param_type);
#undef GET
	if (app)
	{
		rc = get_field(d, (SQLSMALLINT) rec, SQL_DESC_DATA_PTR, &r->data, 0, NULL, false);
		if (SQL_SUCCEEDED(rc))
			rc = get_field(d, (SQLSMALLINT) rec, SQL_DESC_INDICATOR_PTR, &r->ind, 0, NULL, false);
		if (SQL_SUCCEEDED(rc))
			rc = get_field(d, (SQLSMALLINT) rec, SQL_DESC_OCTET_LENGTH_PTR, &r->len, 0, NULL, false);
		if (!SQL_SUCCEEDED(rc))
			return rc;
	}
	return SQL_SUCCESS;
}

static SQLRETURN
write_rec(drv_desc *d, int rec, const rec_copy *r)
{
	if (is_app(d))
	{
		drv_col_bind *b = drv_app_rec(app_of(d), rec, true);

		if (b == NULL)
			return drv_nomem(d->diags);
		b->ctype = (SQLSMALLINT) r->concise;
		b->buflen = r->octet_length;
		b->precision = (SQLSMALLINT) r->precision;
		b->scale = (SQLSMALLINT) r->scale;
		b->ptr = r->data;
		b->ind = r->ind;
		b->len = r->len;
	}
	else
	{
		drv_param_bind *p = drv_ipd_rec(d->st, rec, true);

		if (p == NULL)
			return drv_nomem(d->diags);
		if (r->param_type != SQL_PARAM_INPUT)
			return drv_error(d->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "fedq supports input parameters only");
		p->bound = true;
		p->sqltype = (SQLSMALLINT) r->concise;
		if (verbose_of(p->sqltype) == SQL_DATETIME)
		{
			p->colsize = (SQLULEN) r->length;
			p->digits = (SQLSMALLINT) r->precision;
		}
		else
		{
			p->colsize = (SQLULEN) (sized_by_precision(p->sqltype) ? r->precision : r->length);
			p->digits = (SQLSMALLINT) r->scale;
		}
		p->io_type = SQL_PARAM_INPUT;
	}
	return SQL_SUCCESS;
}

static SQLRETURN
copy_desc(drv_desc *src, drv_desc *dst)
{
	SQLRETURN rc;
	int n;
	static const SQLSMALLINT header[] = {
		SQL_DESC_ARRAY_SIZE, SQL_DESC_BIND_TYPE, SQL_DESC_BIND_OFFSET_PTR,
		SQL_DESC_ARRAY_STATUS_PTR, SQL_DESC_ROWS_PROCESSED_PTR,
	};
	bool src_app = is_app(src);
	bool dst_app = is_app(dst);

	if (dst->kind == DRV_IRD)
		return drv_error(dst->diags, FQ_ERR_CANNOT_MODIFY_IRD,
						 "an implementation row descriptor cannot be the target of SQLCopyDesc");
	if (src == dst)
		return SQL_SUCCESS;
	if (src->kind == DRV_IRD)
	{
		rc = ird_ready(src);
		if (rc != SQL_SUCCESS)
		{
			fq_diags_append(dst->diags, src->diags);
			return rc;
		}
	}
	/* Header fields both kinds of descriptor have. */
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
	{
		SQLSMALLINT f = header[i];
		field_value v = {0};
		bool app_only = f != SQL_DESC_ARRAY_STATUS_PTR && f != SQL_DESC_ROWS_PROCESSED_PTR;

		if (f == SQL_DESC_ROWS_PROCESSED_PTR && (src_app || dst_app))
			continue;
		if (app_only && (!src_app || !dst_app))
			continue;
		rc = get_header(src, f, &v, NULL);
		if (!SQL_SUCCEEDED(rc))
			goto fail;
		rc = set_header(dst, f, f == SQL_DESC_BIND_TYPE ? (SQLPOINTER) (intptr_t) v.i :
						f == SQL_DESC_ARRAY_SIZE ? (SQLPOINTER) v.l : v.p);
		if (!SQL_SUCCEEDED(rc))
			return rc;
	}
	n = desc_count(src);
	rc = set_header(dst, SQL_DESC_COUNT, (SQLPOINTER) (intptr_t) n);
	if (!SQL_SUCCEEDED(rc))
		return rc;
	for (int i = 1; i <= n; i++)
	{
		rec_copy r;

		rc = read_rec(src, i, &r);
		if (!SQL_SUCCEEDED(rc))
			goto fail;
		if (!dst_app)
			r.data = r.ind = r.len = NULL;
		rc = write_rec(dst, i, &r);
		if (!SQL_SUCCEEDED(rc))
			return rc;
	}
	return SQL_SUCCESS;
fail:
	fq_diags_append(dst->diags, src->diags);
	return rc;
}

SQLRETURN SQL_API
SQLCopyDesc(SQLHDESC SourceDescHandle, SQLHDESC TargetDescHandle)
{
	drv_desc *src = SourceDescHandle;
	drv_desc *dst = TargetDescHandle;
	pthread_mutex_t *first;
	pthread_mutex_t *second;
	SQLRETURN rc;

	if (src == NULL || src->magic != DRV_MAGIC_DESC ||
		dst == NULL || dst->magic != DRV_MAGIC_DESC)
		return SQL_INVALID_HANDLE;
	/* Two descriptors' locks (their statements', or their own): a
	 * statement's before an explicit descriptor's, as a call on a
	 * statement takes them (drv_stmt_enter), else by address. */
	first = drv_desc_lock(src);
	second = drv_desc_lock(dst);
	if (first == second)
		second = NULL;
	else if ((src->kind == DRV_EXPLICIT) != (dst->kind == DRV_EXPLICIT)
				 ? src->kind == DRV_EXPLICIT
				 : (uintptr_t) first > (uintptr_t) second)
	{
		pthread_mutex_t *t = first;

		first = second;
		second = t;
	}
	pthread_mutex_lock(first);
	if (second != NULL)
		pthread_mutex_lock(second);
	fq_diags_clear(dst->diags);
	fq_diags_clear(src->diags);
	rc = desc_final_rc(dst, copy_desc(src, dst));
	if (second != NULL)
		pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
	return rc;
}
