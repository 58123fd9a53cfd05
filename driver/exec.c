/*
 * exec.c — preparing and executing statements, parameters' ODBC side,
 * cancel, timeouts, and the statement's life cycle.
 *
 * States, as ODBC's state tables have them: allocated (S1), prepared
 * (S2/S3), executed with a cursor (S5-S7) or without (S4), and waiting for
 * data-at-execution parameters (S8-S10).  A statement runs on the engine
 * under its connection's session_lock; while it is inside the engine the
 * `busy` flag is set so that SQLCancel, which takes no lock, knows there is
 * something to cancel (fq_stmt_cancel returns at once; the engine call
 * ends within about a second).  SQL_ATTR_QUERY_TIMEOUT goes to the engine
 * with each call (fq_stmt_set_timeout), which ends a call past it with
 * HYT00 (timeout expired), distinct from HY008 (cancelled).
 */
#include "driver/driver.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

static void
free_cols(drv_stmt *st)
{
	for (int i = 0; i < st->ncols && st->cols != NULL; i++)
	{
		drv_col *c = &st->cols[i];

		free(c->name);
		free(c->local_type);
		free(c->base_column);
		free(c->table);
		free(c->schema);
		free(c->catalog);
	}
	free(st->cols);
	st->cols = NULL;
	st->ncols = 0;
	st->described = false;
}

static void
reset_getdata(drv_stmt *st)
{
	st->gd.col = 0;
	st->gd.done = false;
	st->gd.cached = false;
	st->gd.offset = 0;
	drv_buf_reset(&st->gd.buf);
}

static void
dae_reset(drv_stmt *st)
{
	for (int i = 0; i < st->dae.n; i++)
		drv_buf_free(&st->dae.values[i]);
	free(st->dae.values);
	free(st->dae.isnull);
	memset(&st->dae, 0, sizeof(st->dae));
	st->dae.current = -1;
}

/* Forgets where fetching stood (a new result follows, or none). */
static void
reset_fetch(drv_stmt *st)
{
	st->batch = NULL;
	st->row_batch = NULL;
	st->next_row = 0;
	st->row = 0;
	st->on_row = false;
	st->at_end = false;
	st->rows_delivered = 0;
	st->last_rowset = 0;
	reset_getdata(st);
	fq_diags_free(st->fetch_error);
	st->fetch_error = NULL;
}

void
drv_stmt_close_cursor(drv_stmt *st)
{
	/* Executed: a batch's later results may still be pending too. */
	if (st->has_cursor || st->batch != NULL || st->executed)
	{
		pthread_mutex_lock(&st->dbc->session_lock);
		fq_stmt_close(st->fq);
		pthread_mutex_unlock(&st->dbc->session_lock);
	}
	st->has_cursor = false;
	fq_diags_free(st->fetch_error);
	st->fetch_error = NULL;
	st->batch = NULL;
	st->row_batch = NULL;
	st->next_row = 0;
	st->row = 0;
	st->on_row = false;
	st->at_end = false;
	st->rows_delivered = 0;
	st->last_rowset = 0;
	reset_getdata(st);
	if (st->executed && !st->prepared_by_app)
		st->prepared = false;
	st->executed = false;
}

void
drv_stmt_reset(drv_stmt *st)
{
	drv_stmt_close_cursor(st);
	dae_reset(st);
	free_cols(st);
	st->prepared = false;
	st->prepared_by_app = false;
	st->executed = false;
	st->rowcount = -1;
}

bool
drv_stmt_check_idle(drv_stmt *st)
{
	if (st->dae.active)
	{
		drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
				  "the statement is waiting for data-at-execution parameters (SQLParamData/SQLPutData)");
		return false;
	}
	if (st->has_cursor)
	{
		drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
				  "a cursor is open on this statement; close it first (SQLCloseCursor or SQLFreeStmt SQL_CLOSE)");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Engine calls: session lock, cancel flag, query timeout              */
/* ------------------------------------------------------------------ */

int
drv_stmt_engine_call(drv_stmt *st, int (*fn)(drv_stmt *st, void *arg), void *arg)
{
	int rc;

	pthread_mutex_lock(&st->dbc->session_lock);
	fq_stmt_set_timeout(st->fq, st->query_timeout > INT_MAX ? INT_MAX : (int) st->query_timeout);
	atomic_store(&st->busy, 1);
	rc = fn(st, arg);
	atomic_store(&st->busy, 0);
	pthread_mutex_unlock(&st->dbc->session_lock);
	return rc;
}

/* Records the outcome of an engine call on the statement. */
static SQLRETURN
engine_result(drv_stmt *st, int rc)
{
	return drv_engine_diags(st->diags, fq_stmt_diags(st->fq), rc);
}

static int
call_prepare(drv_stmt *st, void *arg)
{
	const char *sql = arg;

	return fq_stmt_prepare(st->fq, sql, strlen(sql));
}

static int
call_execute(drv_stmt *st, void *arg)
{
	return fq_stmt_execute(st->fq);
}

static int
call_describe(drv_stmt *st, void *arg)
{
	return fq_stmt_describe(st->fq);
}

/* ------------------------------------------------------------------ */
/* Result metadata                                                     */
/* ------------------------------------------------------------------ */

static char *
dup_or_empty(const char *s)
{
	return drv_strdup(s != NULL ? s : "");
}

/* Copies the engine's column descriptions (valid only until the next call
 * on the statement) into the driver's own memory. */
static SQLRETURN
copy_cols(drv_stmt *st, int n)
{
	free_cols(st);
	if (n > 0)
	{
		st->cols = calloc((size_t) n, sizeof(drv_col));
		if (st->cols == NULL)
			return drv_nomem(st->diags);
	}
	for (int i = 0; i < n; i++)
	{
		const fq_column *c = fq_stmt_column(st->fq, i);
		drv_col *d = &st->cols[i];

		st->ncols = i + 1;
		if (c == NULL)
		{
			d->name = dup_or_empty("");
			d->type.id = FQ_T_VARCHAR;
			d->type.length = -1;
			d->nullable = FQ_NULLABLE_UNKNOWN;
		}
		else
		{
			d->name = dup_or_empty(c->name);
			d->type = c->type;
			d->nullable = c->nullable;
			d->local_type = dup_or_empty(c->type_name);
			d->base_column = dup_or_empty(c->base_column);
			d->table = dup_or_empty(c->table);
			d->schema = dup_or_empty(c->schema);
			d->catalog = dup_or_empty(c->catalog);
		}
		if (d->name == NULL || (c != NULL && (d->local_type == NULL ||
											  d->base_column == NULL || d->table == NULL ||
											  d->schema == NULL || d->catalog == NULL)))
			return drv_nomem(st->diags);
	}
	st->ncols = n;
	st->described = true;
	return SQL_SUCCESS;
}

SQLRETURN
drv_stmt_describe(drv_stmt *st)
{
	int n;

	if (st->described)
		return SQL_SUCCESS;
	if (!st->prepared)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "no statement has been prepared or executed");
	n = drv_stmt_engine_call(st, call_describe, NULL);
	if (n < 0)
		return engine_result(st, n);
	return copy_cols(st, n);
}

/* ------------------------------------------------------------------ */
/* Driver-built results (catalog functions, type info)                 */
/* ------------------------------------------------------------------ */

SQLRETURN
drv_stmt_begin_rows(drv_stmt *st, const fq_column *cols, int ncols)
{
	int rc;

	drv_stmt_reset(st);
	pthread_mutex_lock(&st->dbc->session_lock);
	rc = fq_stmt_begin_rows(st->fq, cols, ncols);
	pthread_mutex_unlock(&st->dbc->session_lock);
	if (engine_result(st, rc) != SQL_SUCCESS)
		return SQL_ERROR;
	/* The driver defined these columns; keep its own copy. */
	free_cols(st);
	st->cols = calloc((size_t) ncols, sizeof(drv_col));
	if (st->cols == NULL)
		return drv_nomem(st->diags);
	for (int i = 0; i < ncols; i++)
	{
		drv_col *d = &st->cols[i];

		st->ncols = i + 1;
		d->name = dup_or_empty(cols[i].name);
		d->type = cols[i].type;
		d->nullable = cols[i].nullable;
		d->local_type = dup_or_empty(cols[i].type_name);
		d->base_column = dup_or_empty("");
		d->table = dup_or_empty("");
		d->schema = dup_or_empty("");
		d->catalog = dup_or_empty("");
		if (d->name == NULL || d->local_type == NULL || d->base_column == NULL ||
			d->table == NULL || d->schema == NULL || d->catalog == NULL)
			return drv_nomem(st->diags);
	}
	st->described = true;
	return SQL_SUCCESS;
}

SQLRETURN
drv_stmt_add_row(drv_stmt *st, const fq_value *values)
{
	int rc;

	pthread_mutex_lock(&st->dbc->session_lock);
	rc = fq_stmt_add_row(st->fq, values);
	pthread_mutex_unlock(&st->dbc->session_lock);
	return engine_result(st, rc);
}

SQLRETURN
drv_stmt_rows_done(drv_stmt *st)
{
	/* The engine serves the built rows once the statement is executed. */
	int rc = drv_stmt_engine_call(st, call_execute, NULL);

	if (engine_result(st, rc) != SQL_SUCCESS)
		return SQL_ERROR;
	st->prepared = true;
	st->prepared_by_app = false;
	st->executed = true;
	st->has_cursor = true;
	st->at_end = false;
	st->rowcount = -1;
	return SQL_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Prepare and execute                                                 */
/* ------------------------------------------------------------------ */

static SQLRETURN
prepare_text(drv_stmt *st, const char *sql)
{
	int rc;
	char *text = NULL;

	if (sql == NULL)
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "the statement text is NULL");
	drv_stmt_reset(st);
	/* ODBC escapes, unless the application turned scanning off. */
	if (st->noscan != SQL_NOSCAN_ON)
	{
		const char *err;
		bool unsupported;

		if ((text = drv_translate_escapes(sql, &err, &unsupported)) == NULL)
			return drv_error(st->diags, unsupported ? FQ_ERR_FEATURE_NOT_SUPPORTED
							 : strcmp(err, "out of memory") == 0 ? FQ_ERR_OUT_OF_MEMORY
							 : FQ_ERR_SYNTAX_ERROR, "%s", err);
		sql = text;
	}
	rc = drv_stmt_engine_call(st, call_prepare, (void *) sql);
	free(text);
	if (engine_result(st, rc) != SQL_SUCCESS)
		return SQL_ERROR;
	st->prepared = true;
	return SQL_SUCCESS;
}

static SQLRETURN execute_array(drv_stmt *st, int nparams);

/* Runs the prepared statement with the bound parameters. */
static SQLRETURN
execute_prepared(drv_stmt *st)
{
	int nparams = fq_stmt_nparams(st->fq);
	int rc;
	int n;

	if (st->params_processed_ptr != NULL)
		*st->params_processed_ptr = 0;
	st->param_row = 0;
	if (st->apd->array_size > 1 && nparams > 0)
		return execute_array(st, nparams);
	if (nparams > 0 && !st->dae.active && drv_params_need_data(st, nparams))
	{
		st->dae.values = calloc((size_t) nparams, sizeof(drv_buf));
		st->dae.isnull = calloc((size_t) nparams, sizeof(bool));
		if (st->dae.values == NULL || st->dae.isnull == NULL)
		{
			dae_reset(st);
			return drv_nomem(st->diags);
		}
		st->dae.n = nparams;
		st->dae.active = true;
		st->dae.current = -1;
		return SQL_NEED_DATA;
	}
	if (!drv_params_apply(st, nparams))
	{
		dae_reset(st);
		if (st->param_status_ptr != NULL)
			st->param_status_ptr[0] = SQL_PARAM_ERROR;
		return SQL_ERROR;
	}
	dae_reset(st);

	/* A new result replaces the old one; the DM's state tables make the
	 * application close it first, but be safe. */
	drv_stmt_close_cursor(st);
	free_cols(st);
	rc = drv_stmt_engine_call(st, call_execute, NULL);
	if (st->params_processed_ptr != NULL)
		*st->params_processed_ptr = 1;
	if (engine_result(st, rc) != SQL_SUCCESS)
	{
		if (st->param_status_ptr != NULL)
			st->param_status_ptr[0] = SQL_PARAM_ERROR;
		return SQL_ERROR;
	}
	if (st->param_status_ptr != NULL)
		st->param_status_ptr[0] = SQL_PARAM_SUCCESS;
	st->executed = true;
	st->rowcount = fq_stmt_rowcount(st->fq);

	/* After execution the result shape is known without another trip. */
	pthread_mutex_lock(&st->dbc->session_lock);
	n = fq_stmt_describe(st->fq);
	pthread_mutex_unlock(&st->dbc->session_lock);
	/* Only a failure is news: a described statement answers from what it
	 * knows and its diagnostics are still those of the execution. */
	if (n < 0)
		return engine_result(st, n);
	if (copy_cols(st, n) != SQL_SUCCESS)
		return SQL_ERROR;
	st->has_cursor = n > 0;
	st->at_end = false;
	return SQL_SUCCESS;
}

/*
 * A parameter array (SQL_ATTR_PARAMSET_SIZE > 1): the statement runs once
 * per parameter set, in order, as psqlODBC runs them.  A set that fails
 * is marked SQL_PARAM_ERROR and the others still run (inside a
 * transaction, statement-level rollback undoes the failed set alone);
 * SQL_PARAM_IGNORE sets are skipped.  The row count is the sum of the
 * sets'.  The result is SQL_SUCCESS when every set ran, SQL_ERROR when
 * none did, SQL_SUCCESS_WITH_INFO otherwise, with each failure's records.
 * Statements that return rows take one set at a time (a result set per
 * set would need SQLMoreResults): they are refused before anything runs.
 */
static SQLRETURN
execute_array(drv_stmt *st, int nparams)
{
	SQLULEN n = st->apd->array_size;
	SQLULEN done = 0;
	SQLULEN failed = 0;
	int64_t total = -1;
	int ncols;
	int rc;

	for (SQLULEN r = 0; r < n; r++)
		if (st->param_status_ptr != NULL)
			st->param_status_ptr[r] = SQL_PARAM_UNUSED;
	for (SQLULEN r = 0; r < n; r++)
	{
		st->param_row = r;
		if (drv_params_need_data(st, nparams))
		{
			st->param_row = 0;
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "data at execution (SQLPutData) with an array of parameters is "
							 "not supported; bind the values, or set SQL_ATTR_PARAMSET_SIZE to 1");
		}
	}
	st->param_row = 0;
	rc = drv_stmt_engine_call(st, call_describe, NULL);
	if (rc < 0)
		return engine_result(st, rc);
	ncols = rc;
	if (ncols > 0)
		return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
						 "an array of parameters with a statement that returns rows is not "
						 "supported; execute it once per parameter set");
	drv_stmt_close_cursor(st);
	free_cols(st);
	for (SQLULEN r = 0; r < n; r++)
	{
		SQLUSMALLINT status;

		if (st->apd->array_status_ptr != NULL && st->apd->array_status_ptr[r] == SQL_PARAM_IGNORE)
			continue;
		st->param_row = r;
		if (!drv_params_apply(st, nparams))
			status = SQL_PARAM_ERROR;
		else
		{
			rc = drv_stmt_engine_call(st, call_execute, NULL);
			if (engine_result(st, rc) != SQL_SUCCESS)
				status = SQL_PARAM_ERROR;
			else
			{
				int64_t rows = fq_stmt_rowcount(st->fq);

				status = SQL_PARAM_SUCCESS;
				if (rows >= 0)
					total = (total < 0 ? 0 : total) + rows;
			}
		}
		if (status == SQL_PARAM_ERROR)
			failed++;
		done++;
		if (st->param_status_ptr != NULL)
			st->param_status_ptr[r] = status;
		if (st->params_processed_ptr != NULL)
			*st->params_processed_ptr = done;
	}
	st->param_row = 0;
	st->executed = true;
	st->rowcount = total;
	st->has_cursor = false;
	st->at_end = false;
	if (failed == 0)
		return SQL_SUCCESS;
	return failed == done ? SQL_ERROR : SQL_SUCCESS_WITH_INFO;
}

SQLRETURN
drv_prepare(drv_stmt *st, const char *sql)
{
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	rc = prepare_text(st, sql);
	if (rc == SQL_SUCCESS)
		st->prepared_by_app = true;
	return rc;
}

SQLRETURN
drv_exec_direct(drv_stmt *st, const char *sql)
{
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	rc = prepare_text(st, sql);
	if (rc != SQL_SUCCESS)
		return rc;
	return execute_prepared(st);
}

/*
 * The four text entry points (SQLPrepare, SQLExecDirect and their W
 * forms): the statement text arrives as UTF-8 (`sql`, NULL when it could
 * not be read) and one implementation runs it.
 */
static SQLRETURN
text_entry(SQLHSTMT handle, char *sql, bool ok, SQLRETURN (*impl)(drv_stmt *, const char *))
{
	drv_stmt *st;
	SQLRETURN rc;

	if (!drv_stmt_enter(handle, &st))
	{
		free(sql);
		return SQL_INVALID_HANDLE;
	}
	if (!ok)
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid statement text length");
	else
		rc = impl(st, sql);
	free(sql);
	return drv_stmt_leave(st, rc);
}

SQLRETURN SQL_API
SQLPrepare(SQLHSTMT StatementHandle, SQLCHAR *StatementText, SQLINTEGER TextLength)
{
	bool ok;
	char *sql = drv_str_dup(StatementText, TextLength, &ok);

	/* ODBC: a length of 0 is HY090 (only SQL_NTS or a positive length). */
	return text_entry(StatementHandle, sql, ok && TextLength != 0, drv_prepare);
}

SQLRETURN SQL_API
SQLPrepareW(SQLHSTMT StatementHandle, SQLWCHAR *StatementText, SQLINTEGER TextLength)
{
	bool ok;
	char *sql = drv_wstr_dup(StatementText, TextLength, &ok);

	/* ODBC: a length of 0 is HY090 (only SQL_NTS or a positive length). */
	return text_entry(StatementHandle, sql, ok && TextLength != 0, drv_prepare);
}

SQLRETURN SQL_API
SQLExecDirect(SQLHSTMT StatementHandle, SQLCHAR *StatementText, SQLINTEGER TextLength)
{
	bool ok;
	char *sql = drv_str_dup(StatementText, TextLength, &ok);

	/* ODBC: a length of 0 is HY090 (only SQL_NTS or a positive length). */
	return text_entry(StatementHandle, sql, ok && TextLength != 0, drv_exec_direct);
}

SQLRETURN SQL_API
SQLExecDirectW(SQLHSTMT StatementHandle, SQLWCHAR *StatementText, SQLINTEGER TextLength)
{
	bool ok;
	char *sql = drv_wstr_dup(StatementText, TextLength, &ok);

	/* ODBC: a length of 0 is HY090 (only SQL_NTS or a positive length). */
	return text_entry(StatementHandle, sql, ok && TextLength != 0, drv_exec_direct);
}

SQLRETURN SQL_API
SQLExecute(SQLHSTMT StatementHandle)
{
	drv_stmt *st;
	SQLRETURN rc;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->prepared_by_app)
		rc = drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
					   "no statement has been prepared (SQLPrepare)");
	else if (!drv_stmt_check_idle(st))
		rc = SQL_ERROR;
	else
		rc = execute_prepared(st);
	return drv_stmt_leave(st, rc);
}

/* ------------------------------------------------------------------ */
/* Data at execution                                                   */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLParamData(SQLHSTMT StatementHandle, SQLPOINTER *Value)
{
	drv_stmt *st;
	SQLRETURN rc;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->dae.active)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"no parameter is waiting for data"));
	for (int i = st->dae.current + 1; i < st->dae.n; i++)
	{
		if (drv_param_is_dae(st, i))
		{
			char *base = st->apd->recs[i].ptr;

			if (base != NULL && st->apd->bind_offset_ptr != NULL)
				base += *st->apd->bind_offset_ptr;
			st->dae.current = i;
			st->dae.got_data = false;
			if (Value != NULL)
				*Value = base;
			return drv_stmt_leave(st, SQL_NEED_DATA);
		}
	}
	/* Every parameter has its data: run the statement. */
	st->dae.current = st->dae.n;
	rc = execute_prepared(st);
	return drv_stmt_leave(st, rc);
}

SQLRETURN SQL_API
SQLPutData(SQLHSTMT StatementHandle, SQLPOINTER Data, SQLLEN StrLen_or_Ind)
{
	drv_stmt *st;
	const drv_col_bind *p;
	drv_buf *b;
	SQLLEN n;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->dae.active || st->dae.current < 0 || st->dae.current >= st->dae.n)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"SQLPutData without a parameter waiting for data (call SQLParamData first)"));
	p = &st->apd->recs[st->dae.current]; /* is_dae found it there */
	b = &st->dae.values[st->dae.current];
	if (StrLen_or_Ind == SQL_NULL_DATA)
	{
		if (st->dae.got_data)
			return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
												"SQL_NULL_DATA after data for the same parameter"));
		st->dae.isnull[st->dae.current] = true;
		st->dae.got_data = true;
		return drv_stmt_leave(st, SQL_SUCCESS);
	}
	if (st->dae.isnull[st->dae.current])
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"data after SQL_NULL_DATA for the same parameter"));
	if (p->ctype == SQL_C_CHAR || p->ctype == SQL_C_WCHAR || p->ctype == SQL_C_BINARY)
	{
		if (StrLen_or_Ind == SQL_NTS)
			n = p->ctype == SQL_C_WCHAR ? 0 : (Data != NULL ? (SQLLEN) strlen(Data) : 0);
		else
			n = StrLen_or_Ind;
		if (StrLen_or_Ind == SQL_NTS && p->ctype == SQL_C_WCHAR && Data != NULL)
		{
			while (drv_wchar_get(Data, (size_t) n) != 0)
				n++;
			n *= (SQLLEN) drv_wchar_size();
		}
	}
	else
	{
		if (st->dae.got_data)
			return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
												"non-character data cannot be sent in pieces"));
		n = drv_ctype_size(p->ctype);
	}
	if (n < 0)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"invalid data length %ld", (long) StrLen_or_Ind));
	if (n > 0 && Data == NULL)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
											"data pointer is NULL"));
	drv_buf_append(b, Data, (size_t) n);
	if (b->failed)
		return drv_stmt_leave(st, drv_nomem(st->diags));
	st->dae.got_data = true;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Parameters: ODBC side                                               */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLNumParams(SQLHSTMT StatementHandle, SQLSMALLINT *ParameterCount)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->prepared)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"no statement has been prepared"));
	if (ParameterCount != NULL)
		*ParameterCount = (SQLSMALLINT) fq_stmt_nparams(st->fq);
	return drv_stmt_leave(st, SQL_SUCCESS);
}

SQLRETURN SQL_API
SQLDescribeParam(SQLHSTMT StatementHandle, SQLUSMALLINT ParameterNumber,
				 SQLSMALLINT *DataType, SQLULEN *ParameterSize,
				 SQLSMALLINT *DecimalDigits, SQLSMALLINT *Nullable)
{
	drv_stmt *st;
	fq_type t;
	drv_typeinfo ti;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->prepared)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"no statement has been prepared"));
	if (ParameterNumber < 1 || ParameterNumber > fq_stmt_nparams(st->fq))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
											"parameter %u does not exist", (unsigned) ParameterNumber));
	/* A statement the warehouse runs: the types its own prepared statement
	 * gives the parameters (describing it asks once).  Any other parameter
	 * is described as text, which every type accepts. */
	if (!st->executed)
	{
		int rc = drv_stmt_engine_call(st, call_describe, NULL);

		if (rc < 0)
			return drv_stmt_leave(st, engine_result(st, rc));
	}
	t = fq_stmt_param_type(st->fq, ParameterNumber - 1);
	drv_type_info(&t, drv_odbc2(st->dbc), drv_numeric_scale(st->dbc), &ti);
	if (DataType != NULL)
		*DataType = ti.sql_type;
	if (ParameterSize != NULL)
		*ParameterSize = (SQLULEN) ti.column_size;
	if (DecimalDigits != NULL)
		*DecimalDigits = ti.decimal_digits < 0 ? 0 : ti.decimal_digits;
	if (Nullable != NULL)
		*Nullable = SQL_NULLABLE;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

SQLRETURN SQL_API
SQLBindParameter(SQLHSTMT hstmt, SQLUSMALLINT ipar, SQLSMALLINT fParamType,
				 SQLSMALLINT fCType, SQLSMALLINT fSqlType, SQLULEN cbColDef,
				 SQLSMALLINT ibScale, SQLPOINTER rgbValue, SQLLEN cbValueMax,
				 SQLLEN *pcbValue)
{
	drv_stmt *st;
	drv_param_bind *p;
	drv_col_bind *a;

	if (!drv_stmt_enter(hstmt, &st))
		return SQL_INVALID_HANDLE;
	if (ipar < 1)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
											"parameter numbers start at 1"));
	if (fParamType != SQL_PARAM_INPUT)
	{
		if (fParamType == SQL_PARAM_OUTPUT || fParamType == SQL_PARAM_INPUT_OUTPUT)
			return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
												"fedq supports input parameters only"));
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_PARAMETER_TYPE,
											"invalid InputOutputType %d", (int) fParamType));
	}
	if (!drv_valid_ctype(fCType))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
											"unsupported C type %d", (int) fCType));
	if (!drv_valid_sqltype(fSqlType))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_SQL_DATA_TYPE,
											"unsupported SQL type %d", (int) fSqlType));
	if (rgbValue == NULL && pcbValue == NULL)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
											"both the value and the length/indicator pointers are NULL"));
	if (cbValueMax < 0 && (fCType == SQL_C_CHAR || fCType == SQL_C_WCHAR || fCType == SQL_C_BINARY))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"negative BufferLength"));
	if (fCType == SQL_C_DEFAULT)
	{
		/* ODBC's default C type for the SQL type. */
		fq_type t;

		if (fSqlType == SQL_WCHAR || fSqlType == SQL_WVARCHAR || fSqlType == SQL_WLONGVARCHAR)
			fCType = SQL_C_WCHAR;
		else if (drv_fq_type_for_sql(fSqlType, cbColDef, ibScale, &t))
			fCType = drv_default_ctype(&t);
	}
	/* The C side goes to the APD in use (an explicit one too), the SQL
	 * side to the IPD. */
	if ((p = drv_ipd_rec(st, ipar, true)) == NULL || (a = drv_app_rec(st->apd, ipar, true)) == NULL)
		return drv_stmt_leave(st, drv_nomem(st->diags));
	p->bound = true;
	p->io_type = fParamType;
	p->sqltype = fSqlType;
	p->colsize = cbColDef;
	p->digits = ibScale;
	a->ctype = fCType;
	a->ptr = rgbValue;
	a->buflen = cbValueMax;
	a->ind = pcbValue;
	a->len = pcbValue;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Row count, more results, close, free, cancel                        */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLRowCount(SQLHSTMT StatementHandle, SQLLEN *RowCount)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->executed)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"the statement has not been executed"));
	/*
	 * A result set's count, as psqlODBC gives it after a SELECT: known
	 * once the result has been read to its end, or when the warehouse's
	 * result fits the first batch, which is read ahead for it (a failure
	 * there is the next fetch's); else -1, as ODBC allows (a longer
	 * result, fedq's federated queries).
	 */
	if (st->has_cursor)
	{
		int64_t n;

		drv_stmt_read_ahead(st);
		n = st->at_end ? (int64_t) st->rows_delivered : fq_stmt_rowcount(st->fq);
		if (n >= 0 && st->max_rows > 0 && (SQLULEN) n > st->max_rows)
			n = (int64_t) st->max_rows;
		if (RowCount != NULL)
			*RowCount = (SQLLEN) n;
	}
	else if (RowCount != NULL)
		*RowCount = (SQLLEN) st->rowcount;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

static int
call_more_results(drv_stmt *st, void *arg)
{
	(void) arg;
	return fq_stmt_more_results(st->fq);
}

SQLRETURN SQL_API
SQLMoreResults(SQLHSTMT StatementHandle)
{
	drv_stmt *st;
	SQLRETURN ret;
	int rc;
	int n;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (st->dae.active)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"the statement is waiting for data-at-execution parameters"));
	if (!st->executed)
		return drv_stmt_leave(st, SQL_NO_DATA);
	/* A batch the warehouse runs has a result per statement; anything
	 * else has one, and then none. */
	reset_fetch(st);
	free_cols(st);
	st->has_cursor = false;
	rc = drv_stmt_engine_call(st, call_more_results, NULL);
	/* The next statement's notices, or its error. */
	ret = engine_result(st, rc);
	if (rc <= 0)
	{
		drv_stmt_close_cursor(st);
		st->rowcount = -1;
		return drv_stmt_leave(st, rc < 0 ? ret : SQL_NO_DATA);
	}
	st->rowcount = fq_stmt_rowcount(st->fq);
	pthread_mutex_lock(&st->dbc->session_lock);
	n = fq_stmt_describe(st->fq);
	pthread_mutex_unlock(&st->dbc->session_lock);
	if (n < 0)
		return drv_stmt_leave(st, engine_result(st, n));
	if (copy_cols(st, n) != SQL_SUCCESS)
		return drv_stmt_leave(st, SQL_ERROR);
	st->has_cursor = n > 0;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

SQLRETURN SQL_API
SQLCloseCursor(SQLHSTMT StatementHandle)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (!st->has_cursor)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
											"no cursor is open on this statement"));
	drv_stmt_close_cursor(st);
	return drv_stmt_leave(st, SQL_SUCCESS);
}

SQLRETURN SQL_API
SQLFreeStmt(SQLHSTMT StatementHandle, SQLUSMALLINT Option)
{
	drv_stmt *st;

	if (Option == SQL_DROP)
		return drv_free_stmt(StatementHandle);
	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	switch (Option)
	{
		case SQL_CLOSE:
			dae_reset(st);
			drv_stmt_close_cursor(st);
			break;
		case SQL_UNBIND:
			/* ODBC: the ARD in use (an explicit one too) has no records. */
			drv_app_unbind(st->ard);
			break;
		case SQL_RESET_PARAMS:
			drv_app_unbind(st->apd);
			free(st->params);
			st->params = NULL;
			st->nparams_bound = 0;
			break;
		default:
			return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
												"invalid SQLFreeStmt option %u", (unsigned) Option));
	}
	return drv_stmt_leave(st, SQL_SUCCESS);
}

SQLRETURN SQL_API
SQLCancel(SQLHSTMT StatementHandle)
{
	drv_stmt *st = StatementHandle;

	if (st == NULL || st->magic != DRV_MAGIC_STMT)
		return SQL_INVALID_HANDLE;
	/* Inside the engine (another thread): ask it to stop.  No lock: the
	 * running call holds it, and fq_stmt_cancel is safe from any thread. */
	if (atomic_load(&st->busy))
	{
		fq_stmt_cancel(st->fq);
		return SQL_SUCCESS;
	}
	if (pthread_mutex_trylock(&st->lock) != 0)
	{
		/* Another thread is in a call on this statement but not in the
		 * engine (converting rows, say): its next engine call stops. */
		fq_stmt_cancel(st->fq);
		return SQL_SUCCESS;
	}
	fq_diags_clear(st->diags);
	if (st->dae.active)
		/* Cancelling data-at-execution returns to the prepared state. */
		dae_reset(st);
	else if (st->has_cursor)
		/* The driver manager treats this as SQLFreeStmt(SQL_CLOSE); so do
		 * we, to stay in step with its state machine. */
		drv_stmt_close_cursor(st);
	return drv_stmt_leave(st, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Cursor names                                                        */
/* ------------------------------------------------------------------ */

static SQLRETURN
set_cursor_name(drv_stmt *st, char *name)
{
	if (name == NULL)
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "the cursor name is NULL");
	/* ODBC reserves SQLCUR and SQL_CUR for names drivers make up. */
	if (name[0] == '\0' || strncmp(name, "SQLCUR", 6) == 0 ||
		strncmp(name, "SQL_CUR", 7) == 0)
	{
		SQLRETURN rc = drv_error(st->diags, FQ_ERR_INVALID_CURSOR_NAME,
								 name[0] == '\0' ? "the cursor name is empty"
								 : "cursor names starting with SQLCUR or SQL_CUR are reserved");

		free(name);
		return rc;
	}
	if (st->has_cursor)
	{
		free(name);
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
						 "a cursor is open on this statement");
	}
	free(st->cursor_name);
	st->cursor_name = name;
	return SQL_SUCCESS;
}

static SQLRETURN
get_cursor_name(drv_stmt *st, SQLPOINTER buf, SQLSMALLINT buflen,
				SQLSMALLINT *outlen, bool wide)
{
	char def[32];
	const char *name = st->cursor_name;

	if (buflen < 0)
		return drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative BufferLength");
	if (name == NULL)
	{
		/* A generated name, stable for the statement's life. */
		snprintf(def, sizeof(def), "SQL_CUR%08lx",
				 (unsigned long) ((uintptr_t) st & 0xffffffffu));
		name = def;
	}
	if (drv_put_str_s(name, wide, false, buf, buflen, outlen) && buf != NULL)
		return drv_warn(st->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
						"cursor name truncated");
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLSetCursorName(SQLHSTMT StatementHandle, SQLCHAR *CursorName, SQLSMALLINT NameLength)
{
	drv_stmt *st;
	bool ok;
	char *name;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	name = drv_str_dup(CursorName, NameLength, &ok);
	if (!ok)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"invalid name length"));
	return drv_stmt_leave(st, set_cursor_name(st, name));
}

SQLRETURN SQL_API
SQLSetCursorNameW(SQLHSTMT StatementHandle, SQLWCHAR *CursorName, SQLSMALLINT NameLength)
{
	drv_stmt *st;
	bool ok;
	char *name;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	name = drv_wstr_dup(CursorName, NameLength, &ok);
	if (!ok)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"invalid name length"));
	return drv_stmt_leave(st, set_cursor_name(st, name));
}

SQLRETURN SQL_API
SQLGetCursorName(SQLHSTMT StatementHandle, SQLCHAR *CursorName,
				 SQLSMALLINT BufferLength, SQLSMALLINT *NameLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_cursor_name(st, CursorName, BufferLength, NameLength, false));
}

SQLRETURN SQL_API
SQLGetCursorNameW(SQLHSTMT StatementHandle, SQLWCHAR *CursorName,
				  SQLSMALLINT BufferLength, SQLSMALLINT *NameLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_cursor_name(st, CursorName, BufferLength, NameLength, true));
}
