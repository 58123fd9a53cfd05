/*
 * stmtattr.c — statement attributes (SQLSetStmtAttr, SQLGetStmtAttr).
 *
 * The cursor is forward-only and read-only: asking for another kind gets
 * 01S02 and the attribute keeps the value fedq provides, as ODBC
 * prescribes.  Parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1) run in
 * exec.c.  The descriptor attributes name the statement's implicit
 * descriptors (desc.c).
 * SQL_ATTR_QUERY_TIMEOUT is honoured by the watchdog in exec.c.
 */
#include "driver/driver.h"

#include <string.h>

SQLRETURN
drv_set_stmt_attr(drv_stmt *st, SQLINTEGER attr, SQLPOINTER value)
{
	SQLULEN v = (SQLULEN) (uintptr_t) value;

	switch (attr)
	{
		case SQL_ATTR_ROW_ARRAY_SIZE:
		case SQL_ROWSET_SIZE:
			if (v == 0)
				return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "the row array size must be at least 1");
			st->ard->array_size = v;
			return SQL_SUCCESS;
		case SQL_ATTR_ROW_BIND_TYPE:
			st->ard->bind_type = v;
			return SQL_SUCCESS;
		case SQL_ATTR_ROW_BIND_OFFSET_PTR:
			st->ard->bind_offset_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_ROWS_FETCHED_PTR:
			st->rows_fetched_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_ROW_STATUS_PTR:
			st->row_status_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_ROW_OPERATION_PTR:
			/* Kept for the ARD's SQL_DESC_ARRAY_STATUS_PTR; SQLSetPos
			 * offers only SQL_POSITION, which does not read it. */
			st->ard->array_status_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_CURSOR_TYPE:
			if (v != SQL_CURSOR_FORWARD_ONLY)
				return drv_warn(st->diags, FQ_ERR_OPTION_VALUE_CHANGED,
								"only forward-only cursors are supported; SQL_ATTR_CURSOR_TYPE stays SQL_CURSOR_FORWARD_ONLY");
			return SQL_SUCCESS;
		case SQL_ATTR_CONCURRENCY:
			if (v != SQL_CONCUR_READ_ONLY)
				return drv_warn(st->diags, FQ_ERR_OPTION_VALUE_CHANGED,
								"cursors are read-only; SQL_ATTR_CONCURRENCY stays SQL_CONCUR_READ_ONLY");
			return SQL_SUCCESS;
		case SQL_ATTR_CURSOR_SCROLLABLE:
			if (v != SQL_NONSCROLLABLE)
				return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "scrollable cursors are not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_CURSOR_SENSITIVITY:
			if (v == SQL_SENSITIVE)
				return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "sensitive cursors are not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_KEYSET_SIZE:
			if (v != 0)
				return drv_warn(st->diags, FQ_ERR_OPTION_VALUE_CHANGED,
								"keyset cursors are not supported; SQL_ATTR_KEYSET_SIZE stays 0");
			return SQL_SUCCESS;
		case SQL_ATTR_SIMULATE_CURSOR:
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "positioned updates are not supported");
		case SQL_ATTR_MAX_ROWS:
			st->max_rows = v;
			return SQL_SUCCESS;
		case SQL_ATTR_MAX_LENGTH:
			st->max_length = v;
			return SQL_SUCCESS;
		case SQL_ATTR_QUERY_TIMEOUT:
			st->query_timeout = v;
			return SQL_SUCCESS;
		case SQL_ATTR_NOSCAN:
			if (v != SQL_NOSCAN_ON && v != SQL_NOSCAN_OFF)
				return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_NOSCAN value");
			st->noscan = v;
			return SQL_SUCCESS;
		case SQL_ATTR_RETRIEVE_DATA:
			if (v != SQL_RD_ON && v != SQL_RD_OFF)
				return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_RETRIEVE_DATA value");
			st->retrieve_data = v;
			return SQL_SUCCESS;
		case SQL_ATTR_USE_BOOKMARKS:
			if (v != SQL_UB_OFF)
				return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "bookmarks are not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_FETCH_BOOKMARK_PTR:
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "bookmarks are not supported");
		case SQL_ATTR_PARAMSET_SIZE:
			if (v == 0)
				return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "the parameter set size must be at least 1");
			st->apd->array_size = v;
			return SQL_SUCCESS;
		case SQL_ATTR_PARAM_BIND_TYPE:
			st->apd->bind_type = v;
			return SQL_SUCCESS;
		case SQL_ATTR_PARAM_BIND_OFFSET_PTR:
			st->apd->bind_offset_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_PARAMS_PROCESSED_PTR:
			st->params_processed_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_PARAM_STATUS_PTR:
			st->param_status_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_PARAM_OPERATION_PTR:
			st->apd->array_status_ptr = value;
			return SQL_SUCCESS;
		case SQL_ATTR_METADATA_ID:
			if (v != SQL_TRUE && v != SQL_FALSE)
				return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_METADATA_ID value");
			st->metadata_id = v;
			return SQL_SUCCESS;
		case SQL_ATTR_ASYNC_ENABLE:
			if (v != SQL_ASYNC_ENABLE_OFF)
				return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "asynchronous execution is not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_ENABLE_AUTO_IPD:
			if (v != SQL_FALSE)
				return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "automatic parameter description is not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_APP_ROW_DESC:
		case SQL_ATTR_APP_PARAM_DESC:
			/* An explicitly allocated descriptor, or SQL_NULL_HDESC (or
			 * the statement's own) for the implicit one (desc.c). */
			return drv_stmt_use_desc(st, attr == SQL_ATTR_APP_ROW_DESC, value);
		case SQL_ATTR_IMP_ROW_DESC:
		case SQL_ATTR_IMP_PARAM_DESC:
			return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_AUTO_DESC,
							 "the implementation descriptors of a statement cannot be replaced");
		case SQL_ATTR_ROW_NUMBER:
			return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "SQL_ATTR_ROW_NUMBER is read-only");
		default:
			return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "unknown statement attribute %d", (int) attr);
	}
}

SQLRETURN SQL_API
SQLSetStmtAttr(SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value,
			   SQLINTEGER StringLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, drv_set_stmt_attr(st, Attribute, Value));
}

SQLRETURN SQL_API
SQLSetStmtAttrW(SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value,
				SQLINTEGER StringLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, drv_set_stmt_attr(st, Attribute, Value));
}

/* Writes an integer attribute in the width the application asked for:
 * SQLULEN unless BufferLength says a 32- or 16-bit integer. */
static void
put_ulen(SQLPOINTER out, SQLINTEGER buflen, SQLINTEGER *outlen, SQLULEN v)
{
	if (out != NULL)
	{
		if (buflen == SQL_IS_UINTEGER || buflen == SQL_IS_INTEGER)
			*(SQLUINTEGER *) out = (SQLUINTEGER) v;
		else if (buflen == SQL_IS_USMALLINT || buflen == SQL_IS_SMALLINT)
			*(SQLUSMALLINT *) out = (SQLUSMALLINT) v;
		else
			*(SQLULEN *) out = v;
	}
	if (outlen != NULL)
		*outlen = (buflen == SQL_IS_UINTEGER || buflen == SQL_IS_INTEGER) ?
			(SQLINTEGER) sizeof(SQLUINTEGER) : (SQLINTEGER) sizeof(SQLULEN);
}

static void
put_ptr(SQLPOINTER out, SQLINTEGER *outlen, void *p)
{
	if (out != NULL)
		*(SQLPOINTER *) out = p;
	if (outlen != NULL)
		*outlen = sizeof(SQLPOINTER);
}

static SQLRETURN
get_stmt_attr(drv_stmt *st, SQLINTEGER attr, SQLPOINTER out, SQLINTEGER buflen,
			  SQLINTEGER *outlen)
{
	switch (attr)
	{
		case SQL_ATTR_ROW_ARRAY_SIZE:
		case SQL_ROWSET_SIZE:
			put_ulen(out, buflen, outlen, st->ard->array_size);
			break;
		case SQL_ATTR_ROW_BIND_TYPE:
			put_ulen(out, buflen, outlen, st->ard->bind_type);
			break;
		case SQL_ATTR_ROW_BIND_OFFSET_PTR:
			put_ptr(out, outlen, st->ard->bind_offset_ptr);
			break;
		case SQL_ATTR_ROWS_FETCHED_PTR:
			put_ptr(out, outlen, st->rows_fetched_ptr);
			break;
		case SQL_ATTR_ROW_STATUS_PTR:
			put_ptr(out, outlen, st->row_status_ptr);
			break;
		case SQL_ATTR_ROW_OPERATION_PTR:
			put_ptr(out, outlen, st->ard->array_status_ptr);
			break;
		case SQL_ATTR_PARAM_OPERATION_PTR:
			put_ptr(out, outlen, st->apd->array_status_ptr);
			break;
		case SQL_ATTR_CURSOR_TYPE:
			put_ulen(out, buflen, outlen, SQL_CURSOR_FORWARD_ONLY);
			break;
		case SQL_ATTR_CONCURRENCY:
			put_ulen(out, buflen, outlen, SQL_CONCUR_READ_ONLY);
			break;
		case SQL_ATTR_CURSOR_SCROLLABLE:
			put_ulen(out, buflen, outlen, SQL_NONSCROLLABLE);
			break;
		case SQL_ATTR_CURSOR_SENSITIVITY:
			put_ulen(out, buflen, outlen, SQL_UNSPECIFIED);
			break;
		case SQL_ATTR_KEYSET_SIZE:
			put_ulen(out, buflen, outlen, 0);
			break;
		case SQL_ATTR_SIMULATE_CURSOR:
			put_ulen(out, buflen, outlen, SQL_SC_UNIQUE);
			break;
		case SQL_ATTR_MAX_ROWS:
			put_ulen(out, buflen, outlen, st->max_rows);
			break;
		case SQL_ATTR_MAX_LENGTH:
			put_ulen(out, buflen, outlen, st->max_length);
			break;
		case SQL_ATTR_QUERY_TIMEOUT:
			put_ulen(out, buflen, outlen, st->query_timeout);
			break;
		case SQL_ATTR_NOSCAN:
			put_ulen(out, buflen, outlen, st->noscan);
			break;
		case SQL_ATTR_RETRIEVE_DATA:
			put_ulen(out, buflen, outlen, st->retrieve_data);
			break;
		case SQL_ATTR_USE_BOOKMARKS:
			put_ulen(out, buflen, outlen, SQL_UB_OFF);
			break;
		case SQL_ATTR_PARAMSET_SIZE:
			put_ulen(out, buflen, outlen, st->apd->array_size);
			break;
		case SQL_ATTR_PARAM_BIND_TYPE:
			put_ulen(out, buflen, outlen, st->apd->bind_type);
			break;
		case SQL_ATTR_PARAM_BIND_OFFSET_PTR:
			put_ptr(out, outlen, st->apd->bind_offset_ptr);
			break;
		case SQL_ATTR_PARAMS_PROCESSED_PTR:
			put_ptr(out, outlen, st->params_processed_ptr);
			break;
		case SQL_ATTR_PARAM_STATUS_PTR:
			put_ptr(out, outlen, st->param_status_ptr);
			break;
		case SQL_ATTR_METADATA_ID:
			put_ulen(out, buflen, outlen, st->metadata_id);
			break;
		case SQL_ATTR_ASYNC_ENABLE:
			put_ulen(out, buflen, outlen, SQL_ASYNC_ENABLE_OFF);
			break;
		case SQL_ATTR_ENABLE_AUTO_IPD:
			put_ulen(out, buflen, outlen, SQL_FALSE);
			break;
		case SQL_ATTR_ROW_NUMBER:
			if (!st->on_row)
				return drv_error(st->diags, FQ_ERR_INVALID_CURSOR_STATE,
								 "the cursor is not positioned on a row");
			put_ulen(out, buflen, outlen,
					 (SQLULEN) (st->rows_delivered - st->last_rowset + 1 + st->pos_slot));
			break;
		case SQL_ATTR_APP_ROW_DESC:
			put_ptr(out, outlen, st->ard_desc != NULL ? st->ard_desc : &st->desc[DRV_ARD]);
			break;
		case SQL_ATTR_APP_PARAM_DESC:
			put_ptr(out, outlen, st->apd_desc != NULL ? st->apd_desc : &st->desc[DRV_APD]);
			break;
		case SQL_ATTR_IMP_ROW_DESC:
			put_ptr(out, outlen, &st->desc[DRV_IRD]);
			break;
		case SQL_ATTR_IMP_PARAM_DESC:
			put_ptr(out, outlen, &st->desc[DRV_IPD]);
			break;
		case SQL_ATTR_FETCH_BOOKMARK_PTR:
			return drv_error(st->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "bookmarks are not supported");
		default:
			return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "unknown statement attribute %d", (int) attr);
	}
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLGetStmtAttr(SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value,
			   SQLINTEGER BufferLength, SQLINTEGER *StringLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_stmt_attr(st, Attribute, Value, BufferLength, StringLength));
}

SQLRETURN SQL_API
SQLGetStmtAttrW(SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value,
				SQLINTEGER BufferLength, SQLINTEGER *StringLength)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_stmt_attr(st, Attribute, Value, BufferLength, StringLength));
}
