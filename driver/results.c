/*
 * results.c — result sets: describing columns, binding, fetching,
 * SQLGetData.
 *
 * The engine delivers rows in batches of column vectors; SQLFetch walks
 * them row by row and fills the application's bound buffers for a whole
 * rowset (SQL_ATTR_ROW_ARRAY_SIZE rows), column-wise or row-wise, with
 * SQL_ATTR_ROW_BIND_OFFSET_PTR applied in both layouts.  A rowset may span
 * two batches: values are converted as they are reached, so only the
 * current batch needs to stay valid.  SQLGetData reads the current row
 * (rowset size 1; the cursor is forward-only and SQL_GD_BLOCK is not
 * offered) and keeps its place inside long values between calls.
 */
#include "driver/driver.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Describing                                                          */
/* ------------------------------------------------------------------ */

/* Checks the statement has a result shape and col (1-based) is in it. */
static SQLRETURN
check_col(drv_stmt *st, SQLUSMALLINT col)
{
	if (!st->prepared)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "no statement has been prepared or executed");
	if (drv_stmt_describe(st) != SQL_SUCCESS)
		return SQL_ERROR;
	if (col < 1 || col > st->ncols)
		return drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
						 "column %u does not exist (the result has %d)",
						 (unsigned) col, st->ncols);
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLNumResultCols(SQLHSTMT StatementHandle, SQLSMALLINT *ColumnCount)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (st->dae.active)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"the statement is waiting for data-at-execution parameters"));
	if (!st->prepared)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"no statement has been prepared or executed"));
	if (drv_stmt_describe(st) != SQL_SUCCESS)
		return drv_stmt_leave(st, SQL_ERROR);
	if (ColumnCount != NULL)
		*ColumnCount = (SQLSMALLINT) st->ncols;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

static SQLSMALLINT
odbc_nullable(int n)
{
	switch (n)
	{
		case FQ_NULLABLE_NO:
			return SQL_NO_NULLS;
		case FQ_NULLABLE_YES:
			return SQL_NULLABLE;
		default:
			return SQL_NULLABLE_UNKNOWN;
	}
}

static SQLRETURN
describe_col(drv_stmt *st, SQLUSMALLINT col, SQLPOINTER name, SQLSMALLINT buflen,
			 SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size,
			 SQLSMALLINT *digits, SQLSMALLINT *nullable, bool wide)
{
	const drv_col *c;
	drv_typeinfo ti;
	SQLRETURN rc = SQL_SUCCESS;

	if (st->dae.active)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	if (check_col(st, col) != SQL_SUCCESS)
		return SQL_ERROR;
	if (buflen < 0)
		return drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative BufferLength");
	c = &st->cols[col - 1];
	drv_type_info(&c->type, drv_odbc2(st->dbc), drv_numeric_scale(st->dbc), &ti);
	if (drv_put_str_s(c->name, wide, false, name, buflen, namelen) && name != NULL)
		rc = drv_warn(st->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
					  "column name truncated");
	if (type != NULL)
		*type = ti.sql_type;
	if (size != NULL)
		*size = (SQLULEN) ti.column_size;
	if (digits != NULL)
		*digits = ti.decimal_digits < 0 ? 0 : ti.decimal_digits;
	if (nullable != NULL)
		*nullable = odbc_nullable(c->nullable);
	return rc;
}

SQLRETURN SQL_API
SQLDescribeCol(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber,
			   SQLCHAR *ColumnName, SQLSMALLINT BufferLength,
			   SQLSMALLINT *NameLength, SQLSMALLINT *DataType,
			   SQLULEN *ColumnSize, SQLSMALLINT *DecimalDigits,
			   SQLSMALLINT *Nullable)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, describe_col(st, ColumnNumber, ColumnName, BufferLength,
										   NameLength, DataType, ColumnSize,
										   DecimalDigits, Nullable, false));
}

SQLRETURN SQL_API
SQLDescribeColW(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber,
				SQLWCHAR *ColumnName, SQLSMALLINT BufferLength,
				SQLSMALLINT *NameLength, SQLSMALLINT *DataType,
				SQLULEN *ColumnSize, SQLSMALLINT *DecimalDigits,
				SQLSMALLINT *Nullable)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, describe_col(st, ColumnNumber, ColumnName, BufferLength,
										   NameLength, DataType, ColumnSize,
										   DecimalDigits, Nullable, true));
}

SQLRETURN
drv_col_attribute(drv_stmt *st, SQLUSMALLINT col, SQLUSMALLINT field,
			  SQLPOINTER charattr, SQLSMALLINT buflen, SQLSMALLINT *strlen_out,
			  SQLLEN *numattr, bool wide)
{
	const drv_col *c;
	drv_typeinfo ti;
	const char *str = NULL;
	SQLLEN num = 0;
	bool numeric;

	if (st->dae.active)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	if (field == SQL_DESC_COUNT || field == SQL_COLUMN_COUNT)
	{
		if (!st->prepared)
			return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
							 "no statement has been prepared or executed");
		if (drv_stmt_describe(st) != SQL_SUCCESS)
			return SQL_ERROR;
		if (numattr != NULL)
			*numattr = st->ncols;
		return SQL_SUCCESS;
	}
	if (check_col(st, col) != SQL_SUCCESS)
		return SQL_ERROR;
	c = &st->cols[col - 1];
	drv_type_info(&c->type, drv_odbc2(st->dbc), drv_numeric_scale(st->dbc), &ti);
	numeric = ti.radix != 0;

	switch (field)
	{
		case SQL_DESC_AUTO_UNIQUE_VALUE:
			num = SQL_FALSE;
			break;
		case SQL_DESC_BASE_COLUMN_NAME:
			str = c->base_column != NULL ? c->base_column : "";
			break;
		case SQL_DESC_BASE_TABLE_NAME:
		case SQL_DESC_TABLE_NAME:
			str = c->table != NULL ? c->table : "";
			break;
		case SQL_DESC_CASE_SENSITIVE:
			num = ti.case_sensitive ? SQL_TRUE : SQL_FALSE;
			break;
		case SQL_DESC_CATALOG_NAME:
			str = c->catalog != NULL ? c->catalog : "";
			break;
		case SQL_DESC_CONCISE_TYPE:
			num = ti.sql_type;
			break;
		case SQL_DESC_DISPLAY_SIZE:
			num = ti.display_size;
			break;
		case SQL_DESC_FIXED_PREC_SCALE:
			num = SQL_FALSE;
			break;
		case SQL_DESC_LABEL:
		case SQL_DESC_NAME:
		case SQL_COLUMN_NAME:
			str = c->name;
			break;
		case SQL_DESC_LENGTH:
			num = ti.column_size;
			break;
		case SQL_COLUMN_LENGTH:
			/* ODBC 2: bytes transferred in the default C type. */
			num = ti.octet_length;
			break;
		case SQL_DESC_LITERAL_PREFIX:
			str = ti.literal_prefix != NULL ? ti.literal_prefix : "";
			break;
		case SQL_DESC_LITERAL_SUFFIX:
			str = ti.literal_suffix != NULL ? ti.literal_suffix : "";
			break;
		case SQL_DESC_LOCAL_TYPE_NAME:
			str = c->local_type != NULL && c->local_type[0] != '\0' ?
				c->local_type : ti.type_name;
			break;
		case SQL_DESC_NULLABLE:
		case SQL_COLUMN_NULLABLE:
			num = odbc_nullable(c->nullable);
			break;
		case SQL_DESC_NUM_PREC_RADIX:
			num = ti.radix;
			break;
		case SQL_DESC_OCTET_LENGTH:
			num = ti.octet_length;
			break;
		case SQL_DESC_PRECISION:
			/* Digits for numbers, fractional digits for datetimes. */
			if (ti.datetime_sub != 0)
				num = ti.decimal_digits < 0 ? 0 : ti.decimal_digits;
			else
				num = ti.column_size;
			break;
		case SQL_COLUMN_PRECISION:
			num = ti.column_size;
			break;
		case SQL_DESC_SCALE:
		case SQL_COLUMN_SCALE:
			num = numeric && ti.decimal_digits > 0 ? ti.decimal_digits :
				(ti.datetime_sub != 0 && ti.decimal_digits > 0 ? ti.decimal_digits : 0);
			break;
		case SQL_DESC_SCHEMA_NAME:
			str = c->schema != NULL ? c->schema : "";
			break;
		case SQL_DESC_SEARCHABLE:
			num = ti.searchable;
			break;
		case SQL_DESC_TYPE:
			num = ti.verbose_type;
			break;
		case SQL_DESC_DATETIME_INTERVAL_CODE:
			num = ti.datetime_sub;
			break;
		case SQL_DESC_DATETIME_INTERVAL_PRECISION:
			num = 0;
			break;
		case SQL_DESC_TYPE_NAME:
			str = ti.type_name;
			break;
		case SQL_DESC_UNNAMED:
			num = c->name != NULL && c->name[0] != '\0' ? SQL_NAMED : SQL_UNNAMED;
			break;
		case SQL_DESC_UNSIGNED:
			num = numeric ? SQL_FALSE : SQL_TRUE;
			break;
		case SQL_DESC_UPDATABLE:
			/* Positioned updates are not supported; whether the SQL
			 * behind a column can be updated is not known. */
			num = SQL_ATTR_READWRITE_UNKNOWN;
			break;
		default:
			return drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_FIELD,
							 "unknown column attribute %u", (unsigned) field);
	}
	if (str != NULL)
	{
		if (buflen < 0 && charattr != NULL)
			return drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
							 "negative BufferLength");
		/* SQLColAttributeW counts bytes. */
		if (drv_put_str_s(str, wide, true, charattr, buflen, strlen_out) &&
			charattr != NULL)
			return drv_warn(st->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
							"attribute value truncated");
		return SQL_SUCCESS;
	}
	if (numattr != NULL)
		*numattr = num;
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLColAttribute(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber,
				SQLUSMALLINT FieldIdentifier, SQLPOINTER CharacterAttribute,
				SQLSMALLINT BufferLength, SQLSMALLINT *StringLength,
				SQLLEN *NumericAttribute)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, drv_col_attribute(st, ColumnNumber, FieldIdentifier,
											CharacterAttribute, BufferLength,
											StringLength, NumericAttribute, false));
}

SQLRETURN SQL_API
SQLColAttributeW(SQLHSTMT hstmt, SQLUSMALLINT iCol, SQLUSMALLINT iField,
				 SQLPOINTER pCharAttr, SQLSMALLINT cbCharAttrMax,
				 SQLSMALLINT *pcbCharAttr, SQLLEN *pNumAttr)
{
	drv_stmt *st;

	if (!drv_stmt_enter(hstmt, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, drv_col_attribute(st, iCol, iField, pCharAttr, cbCharAttrMax,
											pcbCharAttr, pNumAttr, true));
}

/* ------------------------------------------------------------------ */
/* Binding                                                             */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLBindCol(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber,
		   SQLSMALLINT TargetType, SQLPOINTER TargetValue,
		   SQLLEN BufferLength, SQLLEN *StrLen_or_Ind)
{
	drv_stmt *st;
	drv_col_bind *b;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (ColumnNumber < 1)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
											"bookmark columns are not supported; columns start at 1"));
	if (TargetValue == NULL && StrLen_or_Ind == NULL)
	{
		/* Unbinding. */
		if (ColumnNumber <= st->ard->nrecs)
		{
			st->ard->recs[ColumnNumber - 1].ptr = NULL;
			st->ard->recs[ColumnNumber - 1].ind = NULL;
			st->ard->recs[ColumnNumber - 1].len = NULL;
		}
		return drv_stmt_leave(st, SQL_SUCCESS);
	}
	if (!drv_valid_ctype(TargetType))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
											"unsupported C type %d", (int) TargetType));
	if (BufferLength < 0)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"negative BufferLength"));
	if (st->described && st->has_cursor && ColumnNumber > st->ncols)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
											"column %u does not exist (the result has %d)",
											(unsigned) ColumnNumber, st->ncols));
	if ((b = drv_app_rec(st->ard, ColumnNumber, true)) == NULL)
		return drv_stmt_leave(st, drv_nomem(st->diags));
	b->ctype = TargetType;
	b->ptr = TargetValue;
	b->buflen = BufferLength;
	b->ind = StrLen_or_Ind;
	b->len = StrLen_or_Ind;
	b->precision = 0;
	b->scale = 0;
	return drv_stmt_leave(st, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Fetching                                                            */
/* ------------------------------------------------------------------ */

typedef struct fetch_arg
{
	const fq_batch *out;
} fetch_arg;

static int
call_fetch(drv_stmt *st, void *arg)
{
	fetch_arg *fa = arg;

	return fq_stmt_fetch(st->fq, &fa->out);
}

void
drv_stmt_read_ahead(drv_stmt *st)
{
	fetch_arg fa = {NULL};
	int rc;

	if (!st->has_cursor || st->at_end || st->batch != NULL || st->rows_delivered > 0 ||
		st->fetch_error != NULL)
		return;
	rc = drv_stmt_engine_call(st, call_fetch, &fa);
	if (rc < 0)
	{
		/* The error belongs to the fetch that would have read it. */
		st->fetch_error = fq_diags_new();
		if (st->fetch_error != NULL)
			fq_diags_append(st->fetch_error, fq_stmt_diags(st->fq));
		else
			st->at_end = true;
		return;
	}
	drv_engine_diags(st->diags, fq_stmt_diags(st->fq), FQ_OK);
	if (rc == 0 || fa.out == NULL)
	{
		st->at_end = true;
		st->batch = NULL;
		return;
	}
	st->batch = fa.out;
	st->next_row = 0;
}

/* Writes row `row` of the current batch into rowset slot `slot`. */
static SQLUSMALLINT
put_row(drv_stmt *st, uint32_t row, SQLULEN slot)
{
	SQLULEN offset = st->ard->bind_offset_ptr != NULL ? *st->ard->bind_offset_ptr : 0;
	bool info = false;
	bool error = false;
	int ncols = st->ncols < (int) st->batch->ncols ? st->ncols : (int) st->batch->ncols;

	for (int c = 0; c < ncols && c < st->ard->nrecs; c++)
	{
		drv_col_bind *b = &st->ard->recs[c];
		SQLSMALLINT ctype = b->ctype;
		char *data = NULL;
		SQLLEN *ind = NULL;
		SQLLEN *len = NULL;
		SQLLEN got = 0;
		drv_conv rc;

		if (b->ptr == NULL && b->ind == NULL && b->len == NULL)
			continue;
		if (ctype == SQL_C_DEFAULT)
			ctype = drv_default_ctype(&st->batch->cols[c].type);
		if (st->ard->bind_type == SQL_BIND_BY_COLUMN)
		{
			SQLLEN elem = drv_ctype_size(ctype);

			if (elem <= 0)
				elem = b->buflen;
			if (b->ptr != NULL)
				data = (char *) b->ptr + offset + slot * (SQLULEN) elem;
			if (b->ind != NULL)
				ind = (SQLLEN *) ((char *) b->ind + offset + slot * sizeof(SQLLEN));
			if (b->len != NULL)
				len = (SQLLEN *) ((char *) b->len + offset + slot * sizeof(SQLLEN));
		}
		else
		{
			if (b->ptr != NULL)
				data = (char *) b->ptr + offset + slot * st->ard->bind_type;
			if (b->ind != NULL)
				ind = (SQLLEN *) ((char *) b->ind + offset + slot * st->ard->bind_type);
			if (b->len != NULL)
				len = (SQLLEN *) ((char *) b->len + offset + slot * st->ard->bind_type);
		}
		if (b->ind == b->len)
			rc = drv_convert(st, &st->batch->cols[c], row, c + 1, ctype, data,
							 b->buflen, ind, NULL);
		else
		{
			/* Separate indicator and length buffers (set through the
			 * ARD): NULL goes to the indicator, a length to the other. */
			rc = drv_convert(st, &st->batch->cols[c], row, c + 1, ctype, data,
							 b->buflen, &got, NULL);
			if (rc != DRV_CONV_ERROR && got == SQL_NULL_DATA)
			{
				if (ind != NULL)
					*ind = SQL_NULL_DATA;
				else
				{
					drv_error(st->diags, FQ_ERR_NULL_VALUE_NO_INDICATOR,
							  "column %d is NULL and has no indicator buffer", c + 1);
					rc = DRV_CONV_ERROR;
				}
			}
			else if (rc != DRV_CONV_ERROR)
			{
				if (ind != NULL)
					*ind = 0;
				if (len != NULL)
					*len = got;
			}
		}
		if (rc == DRV_CONV_ERROR)
			error = true;
		else if (rc != DRV_CONV_OK)
			info = true;
	}
	if (error)
		return SQL_ROW_ERROR;
	return info ? SQL_ROW_SUCCESS_WITH_INFO : SQL_ROW_SUCCESS;
}

static SQLRETURN
fetch_rowset(drv_stmt *st)
{
	SQLULEN size = st->ard->array_size > 0 ? st->ard->array_size : 1;
	SQLULEN n = 0;
	SQLULEN nerr = 0;
	SQLULEN ninfo = 0;
	bool engine_failed = false;
	bool fresh = false;

	if (st->dae.active)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	if (!st->executed)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement has not been executed");
	if (!st->has_cursor)
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
						 "the statement did not produce a result set");

	/* A new row: SQLGetData starts over. */
	st->gd.col = 0;
	st->gd.done = false;
	st->gd.cached = false;
	st->gd.offset = 0;
	st->on_row = false;
	st->positioned = false;
	st->pos_slot = 0;
	st->rs_slot = 0;
	st->rs_row = 0;

	while (n < size)
	{
		uint32_t row;
		SQLUSMALLINT status;

		if (st->at_end)
			break;
		if (st->max_rows > 0 && st->rows_delivered >= st->max_rows)
		{
			st->at_end = true;
			break;
		}
		if (st->batch == NULL && st->fetch_error != NULL)
		{
			fq_diags_append(st->diags, st->fetch_error);
			fq_diags_free(st->fetch_error);
			st->fetch_error = NULL;
			engine_failed = true;
			st->at_end = true;
			break;
		}
		if (st->batch == NULL || st->next_row >= st->batch->nrows)
		{
			fetch_arg fa = {NULL};
			int rc = drv_stmt_engine_call(st, call_fetch, &fa);

			if (rc < 0)
			{
				drv_engine_diags(st->diags, fq_stmt_diags(st->fq), rc);
				engine_failed = true;
				st->at_end = true;
				st->batch = NULL;
				break;
			}
			/* Notices the engine raised while reading. */
			drv_engine_diags(st->diags, fq_stmt_diags(st->fq), FQ_OK);
			if (rc == 0 || fa.out == NULL)
			{
				st->at_end = true;
				st->batch = NULL;
				break;
			}
			st->batch = fa.out;
			st->next_row = 0;
			fresh = true;
			continue;
		}
		row = st->next_row++;
		if (n == 0 || fresh)
		{
			/* The rowset's rows from here on are in this batch (the
			 * engine may refill the same fq_batch, so a new batch is
			 * known by the fetch, not by its address). */
			st->rs_slot = n;
			st->rs_row = row;
			fresh = false;
		}
		st->row_batch = st->batch;
		if (n == 0)
			st->row = row;
		status = st->retrieve_data == SQL_RD_OFF ? SQL_ROW_SUCCESS : put_row(st, row, n);
		if (status == SQL_ROW_ERROR)
			nerr++;
		else if (status == SQL_ROW_SUCCESS_WITH_INFO)
			ninfo++;
		if (st->row_status_ptr != NULL)
			st->row_status_ptr[n] = status;
		n++;
		st->rows_delivered++;
	}
	if (st->at_end)
		st->rs_slot = n; /* the last fetch ended the result: no row is held */
	if (st->rows_fetched_ptr != NULL)
		*st->rows_fetched_ptr = n;
	if (st->row_status_ptr != NULL)
		for (SQLULEN k = n; k < size; k++)
			st->row_status_ptr[k] = SQL_ROW_NOROW;
	st->last_rowset = n;
	st->on_row = n > 0 && !engine_failed;
	if (engine_failed)
		return SQL_ERROR;
	if (n == 0)
		return SQL_NO_DATA;
	if (nerr == n)
		return SQL_ERROR;
	if (nerr > 0 || ninfo > 0)
		return SQL_SUCCESS_WITH_INFO;
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLFetch(SQLHSTMT StatementHandle)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, fetch_rowset(st));
}

SQLRETURN SQL_API
SQLFetchScroll(SQLHSTMT StatementHandle, SQLSMALLINT FetchOrientation,
			   SQLLEN FetchOffset)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (FetchOrientation != SQL_FETCH_NEXT)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FETCH_TYPE_OUT_OF_RANGE,
											"the cursor is forward-only: only SQL_FETCH_NEXT is supported"));
	return drv_stmt_leave(st, fetch_rowset(st));
}

/* ------------------------------------------------------------------ */
/* SQLGetData                                                          */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLGetData(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber,
		   SQLSMALLINT TargetType, SQLPOINTER TargetValue,
		   SQLLEN BufferLength, SQLLEN *StrLen_or_Ind)
{
	drv_stmt *st;
	drv_conv rc;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (st->dae.active)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"the statement is waiting for data-at-execution parameters"));
	if (!st->executed)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
											"the statement has not been executed"));
	if (!st->has_cursor || !st->on_row || st->row_batch == NULL)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
											"the cursor is not positioned on a row (call SQLFetch first)"));
	if (st->last_rowset > 1 && !st->positioned)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_CURSOR_POSITION,
											"SQLGetData on a rowset of several rows needs SQLSetPos(SQL_POSITION) first"));
	if (ColumnNumber < 1 || ColumnNumber > st->ncols ||
		ColumnNumber > st->row_batch->ncols)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX,
											"column %u does not exist (the result has %d)",
											(unsigned) ColumnNumber, st->ncols));
	if (!drv_valid_ctype(TargetType))
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
											"unsupported C type %d", (int) TargetType));
	if (BufferLength < 0)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
											"negative BufferLength"));
	if (st->gd.col != ColumnNumber)
	{
		/* Another column: any earlier column's place is forgotten. */
		st->gd.col = ColumnNumber;
		st->gd.done = false;
		st->gd.cached = false;
		st->gd.offset = 0;
	}
	if (st->gd.done)
		return drv_stmt_leave(st, SQL_NO_DATA);
	rc = drv_convert(st, &st->row_batch->cols[ColumnNumber - 1], st->row,
					 ColumnNumber, TargetType, TargetValue, BufferLength,
					 StrLen_or_Ind, &st->gd);
	if (rc == DRV_CONV_ERROR)
		return drv_stmt_leave(st, SQL_ERROR);
	return drv_stmt_leave(st, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* SQLSetPos (SQL_POSITION), SQLExtendedFetch                          */
/* ------------------------------------------------------------------ */

static SQLRETURN
set_pos(drv_stmt *st, SQLSETPOSIROW rownum, SQLUSMALLINT op, SQLUSMALLINT lock)
{
	SQLULEN slot;

	if (st->dae.active)
		return drv_error(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
						 "the statement is waiting for data-at-execution parameters");
	if (op != SQL_POSITION)
	{
		if (op == SQL_REFRESH || op == SQL_UPDATE || op == SQL_DELETE || op == SQL_ADD)
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "cursors are read-only: SQLSetPos supports SQL_POSITION only");
		return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
						 "invalid SQLSetPos operation %u", (unsigned) op);
	}
	if (lock != SQL_LOCK_NO_CHANGE)
	{
		if (lock == SQL_LOCK_EXCLUSIVE || lock == SQL_LOCK_UNLOCK)
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "fedq does not lock rows: LockType must be SQL_LOCK_NO_CHANGE");
		return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
						 "invalid SQLSetPos LockType %u", (unsigned) lock);
	}
	if (!st->executed || !st->has_cursor)
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
						 "the statement has no result set");
	if (st->last_rowset == 0)
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
						 "the cursor is not positioned on a rowset (call SQLFetch first)");
	if (rownum == 0)
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_POSITION,
						 "SQL_POSITION needs one row of the rowset (RowNumber from 1)");
	if (rownum > st->last_rowset)
		return drv_error(st->diags, FQ_ERR_ROW_VALUE_OUT_OF_RANGE,
						 "row %lu is not in the rowset (it has %lu)", (unsigned long) rownum,
						 (unsigned long) st->last_rowset);
	slot = rownum - 1;
	if (slot < st->rs_slot || st->batch == NULL)
		return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_POSITION,
						 "row %lu of this rowset is no longer held by fedq (the rowset crossed "
						 "one of the engine's batches of rows, or reached the end of the result); "
						 "SQLGetData reads it with a rowset of one row",
						 (unsigned long) rownum);
	st->row_batch = st->batch;
	st->row = st->rs_row + (uint32_t) (slot - st->rs_slot);
	st->on_row = true;
	st->positioned = true;
	st->pos_slot = slot;
	/* SQLGetData starts over on the new row. */
	st->gd.col = 0;
	st->gd.done = false;
	st->gd.cached = false;
	st->gd.offset = 0;
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLSetPos(SQLHSTMT StatementHandle, SQLSETPOSIROW RowNumber, SQLUSMALLINT Operation,
		  SQLUSMALLINT LockType)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, set_pos(st, RowNumber, Operation, LockType));
}

/* ODBC 2's block fetch: SQL_ROWSET_SIZE rows (the same attribute as
 * SQL_ATTR_ROW_ARRAY_SIZE here), the count and statuses in the
 * arguments rather than the statement attributes. */
SQLRETURN SQL_API
SQLExtendedFetch(SQLHSTMT StatementHandle, SQLUSMALLINT FetchOrientation, SQLLEN FetchOffset,
				 SQLULEN *RowCountPtr, SQLUSMALLINT *RowStatusArray)
{
	drv_stmt *st;
	SQLULEN *saved_fetched;
	SQLUSMALLINT *saved_status;
	SQLRETURN rc;

	(void) FetchOffset;
	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	if (FetchOrientation != SQL_FETCH_NEXT)
		return drv_stmt_leave(st, drv_error(st->diags, FQ_ERR_FETCH_TYPE_OUT_OF_RANGE,
											"the cursor is forward-only: only SQL_FETCH_NEXT is supported"));
	saved_fetched = st->rows_fetched_ptr;
	saved_status = st->row_status_ptr;
	st->rows_fetched_ptr = RowCountPtr;
	st->row_status_ptr = RowStatusArray;
	rc = fetch_rowset(st);
	st->rows_fetched_ptr = saved_fetched;
	st->row_status_ptr = saved_status;
	return drv_stmt_leave(st, rc);
}
