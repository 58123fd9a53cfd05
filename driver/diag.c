/*
 * diag.c — diagnostic records: posting them and SQLGetDiagRec/Field.
 *
 * Each handle keeps an fq_diags list, cleared when an entry point starts
 * (except the diagnostic functions themselves).  The driver's own errors
 * (HY010, 07009, 22003, ...) go into the same list as the engine's, so the
 * application reads them all the same way.  What an application sees as
 * the message is "[fedq]" + the engine's message, with the statement
 * position, DETAIL and HINT appended when present; the SQLSTATE is the
 * record's ODBC state (28000 for a wrong password, HY008 for a cancel,
 * PostgreSQL's own code otherwise) and the native error its native code.
 */
#include "driver/driver.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SQLRETURN
drv_error(fq_diags *d, fq_errcode code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fq_diags_add(d, FQ_SEV_ERROR, code, "%s", msg);
	return SQL_ERROR;
}

SQLRETURN
drv_warn(fq_diags *d, fq_errcode code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fq_diags_add(d, FQ_SEV_WARNING, code, "%s", msg);
	return SQL_SUCCESS_WITH_INFO;
}

SQLRETURN
drv_nomem(fq_diags *d)
{
	return drv_error(d, FQ_ERR_MEMORY_ALLOCATION_ERROR,
					 "out of memory in the ODBC driver");
}

SQLRETURN
drv_engine_diags(fq_diags *d, const fq_diags *engine, int rc)
{
	if (engine != NULL)
		fq_diags_append(d, engine);
	if (rc < 0)
	{
		/* A failure the engine did not explain is still a failure. */
		if (!fq_diags_has_error(d))
			drv_error(d, FQ_ERR_GENERAL_ERROR, "the engine failed without a message");
		return SQL_ERROR;
	}
	return SQL_SUCCESS;
}

void
drv_diag_message(const fq_diag *rec, drv_buf *out)
{
	drv_buf_reset(out);
	if (!rec->verbatim)
		drv_buf_puts(out, DRV_MSG_PREFIX);
	drv_buf_puts(out, rec->message != NULL ? rec->message : "");
	if (rec->position > 0)
		drv_buf_printf(out, " (position %d)", rec->position);
	if (rec->detail != NULL && rec->detail[0] != '\0')
	{
		drv_buf_puts(out, "\nDETAIL: ");
		drv_buf_puts(out, rec->detail);
	}
	if (rec->hint != NULL && rec->hint[0] != '\0')
	{
		drv_buf_puts(out, "\nHINT: ");
		drv_buf_puts(out, rec->hint);
	}
}

/* ODBC-specific subclasses (SQL_DIAG_SUBCLASS_ORIGIN "ODBC 3.0"). */
static bool
odbc_subclass(const char *state)
{
	static const char *const odbc[] = {
		"01S00", "01S01", "01S02", "01S06", "01S07", "07S01", "08S01",
		"21S01", "21S02", "25S01", "25S02", "25S03", "42S01", "42S02",
		"42S11", "42S12", "42S21", "42S22", "HY095", "HY097", "HY098",
		"HY099", "HY100", "HY101", "HY105", "HY107", "HY109", "HY110",
		"HY111", "HYT00", "HYT01", NULL
	};

	if (strncmp(state, "IM", 2) == 0)
		return true;
	for (int i = 0; odbc[i] != NULL; i++)
		if (strcmp(state, odbc[i]) == 0)
			return true;
	return false;
}

static SQLRETURN
get_diag_rec(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT recno,
			 SQLPOINTER state, SQLINTEGER *native, SQLPOINTER msg,
			 SQLSMALLINT buflen, SQLSMALLINT *textlen, bool wide)
{
	fq_diags *d;
	pthread_mutex_t *lock;
	const fq_diag *rec;
	drv_buf text = {0};
	SQLRETURN rc = SQL_SUCCESS;

	if (!drv_handle_lock(type, handle, &d, &lock))
		return SQL_INVALID_HANDLE;
	if (recno <= 0 || buflen < 0)
	{
		pthread_mutex_unlock(lock);
		return SQL_ERROR;
	}
	if (recno > fq_diags_count(d))
	{
		pthread_mutex_unlock(lock);
		return SQL_NO_DATA;
	}
	rec = fq_diags_get(d, recno - 1);
	if (state != NULL)
	{
		if (wide)
		{
			for (int i = 0; i < 6; i++)
				drv_wchar_put(state, (size_t) i, (unsigned char) rec->odbc_state[i]);
		}
		else
			memcpy(state, rec->odbc_state, 6);
	}
	if (native != NULL)
		*native = rec->native_code;
	drv_diag_message(rec, &text);
	if (text.failed)
		rc = SQL_ERROR;
	else if (drv_put_str_s(text.data, wide, false, msg, buflen, textlen) &&
			 msg != NULL)
		rc = SQL_SUCCESS_WITH_INFO;
	drv_buf_free(&text);
	pthread_mutex_unlock(lock);
	return rc;
}

SQLRETURN SQL_API
SQLGetDiagRec(SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber,
			  SQLCHAR *Sqlstate, SQLINTEGER *NativeError, SQLCHAR *MessageText,
			  SQLSMALLINT BufferLength, SQLSMALLINT *TextLength)
{
	return get_diag_rec(HandleType, Handle, RecNumber, Sqlstate, NativeError,
						MessageText, BufferLength, TextLength, false);
}

SQLRETURN SQL_API
SQLGetDiagRecW(SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber,
			   SQLWCHAR *Sqlstate, SQLINTEGER *NativeError,
			   SQLWCHAR *MessageText, SQLSMALLINT BufferLength,
			   SQLSMALLINT *TextLength)
{
	return get_diag_rec(HandleType, Handle, RecNumber, Sqlstate, NativeError,
						MessageText, BufferLength, TextLength, true);
}

/* Returns a string field; BufferLength and *StringLength are in bytes for
 * both SQLGetDiagField and SQLGetDiagFieldW. */
static SQLRETURN
put_field_str(const char *s, bool wide, SQLPOINTER buf, SQLSMALLINT buflen,
			  SQLSMALLINT *outlen)
{
	if (buflen < 0 && buf != NULL)
		return SQL_ERROR;
	if (drv_put_str_s(s, wide, true, buf, buflen, outlen) && buf != NULL)
		return SQL_SUCCESS_WITH_INFO;
	return SQL_SUCCESS;
}

static SQLRETURN
get_diag_field(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT recno,
			   SQLSMALLINT field, SQLPOINTER info, SQLSMALLINT buflen,
			   SQLSMALLINT *outlen, bool wide)
{
	fq_diags *d;
	pthread_mutex_t *lock;
	SQLRETURN rc = SQL_SUCCESS;
	SQLRETURN last_rc = SQL_SUCCESS;
	const char *server = "";
	drv_stmt *st = NULL;

	if (!drv_handle_lock(type, handle, &d, &lock))
		return SQL_INVALID_HANDLE;
	switch (type)
	{
		case SQL_HANDLE_ENV:
			last_rc = ((drv_env *) handle)->last_rc;
			break;
		case SQL_HANDLE_DBC:
			last_rc = ((drv_dbc *) handle)->last_rc;
			if (((drv_dbc *) handle)->dsn != NULL)
				server = ((drv_dbc *) handle)->dsn;
			break;
		case SQL_HANDLE_STMT:
			st = handle;
			last_rc = st->last_rc;
			if (st->dbc->dsn != NULL)
				server = st->dbc->dsn;
			break;
		case SQL_HANDLE_DESC:
			{
				drv_desc *dd = handle;
				/* An explicitly allocated descriptor has no statement. */
				drv_dbc *ddbc = dd->kind == DRV_EXPLICIT ? dd->dbc : dd->st->dbc;

				last_rc = dd->last_rc;
				if (ddbc->dsn != NULL)
					server = ddbc->dsn;
				break;
			}
	}

	/* Header fields. */
	switch (field)
	{
		case SQL_DIAG_NUMBER:
			if (info != NULL)
				*(SQLINTEGER *) info = fq_diags_count(d);
			goto out;
		case SQL_DIAG_RETURNCODE:
			if (info != NULL)
				*(SQLRETURN *) info = last_rc;
			goto out;
		case SQL_DIAG_ROW_COUNT:
		case SQL_DIAG_CURSOR_ROW_COUNT:
		case SQL_DIAG_DYNAMIC_FUNCTION:
		case SQL_DIAG_DYNAMIC_FUNCTION_CODE:
			if (st == NULL)
			{
				rc = SQL_ERROR;
				goto out;
			}
			if (field == SQL_DIAG_ROW_COUNT)
			{
				if (info != NULL)
					*(SQLLEN *) info = st->executed && !st->has_cursor ?
						(SQLLEN) st->rowcount : 0;
			}
			else if (field == SQL_DIAG_CURSOR_ROW_COUNT)
			{
				/* The cursor's size is not known before it is read. */
				if (info != NULL)
					*(SQLLEN *) info = 0;
			}
			else if (field == SQL_DIAG_DYNAMIC_FUNCTION)
				rc = put_field_str("", wide, info, buflen, outlen);
			else if (info != NULL)
				*(SQLINTEGER *) info = SQL_DIAG_UNKNOWN_STATEMENT;
			goto out;
		default:
			break;
	}

	/* Record fields. */
	if (recno <= 0)
	{
		rc = SQL_ERROR;
		goto out;
	}
	if (recno > fq_diags_count(d))
	{
		rc = SQL_NO_DATA;
		goto out;
	}
	{
		const fq_diag *rec = fq_diags_get(d, recno - 1);

		switch (field)
		{
			case SQL_DIAG_SQLSTATE:
				rc = put_field_str(rec->odbc_state, wide, info, buflen, outlen);
				break;
			case SQL_DIAG_NATIVE:
				if (info != NULL)
					*(SQLINTEGER *) info = rec->native_code;
				break;
			case SQL_DIAG_MESSAGE_TEXT:
				{
					drv_buf text = {0};

					drv_diag_message(rec, &text);
					rc = text.failed ? SQL_ERROR :
						put_field_str(text.data, wide, info, buflen, outlen);
					drv_buf_free(&text);
					break;
				}
			case SQL_DIAG_CLASS_ORIGIN:
				rc = put_field_str(strncmp(rec->odbc_state, "IM", 2) == 0 ?
								   "ODBC 3.0" : "ISO 9075",
								   wide, info, buflen, outlen);
				break;
			case SQL_DIAG_SUBCLASS_ORIGIN:
				rc = put_field_str(odbc_subclass(rec->odbc_state) ?
								   "ODBC 3.0" : "ISO 9075",
								   wide, info, buflen, outlen);
				break;
			case SQL_DIAG_CONNECTION_NAME:
				rc = put_field_str("", wide, info, buflen, outlen);
				break;
			case SQL_DIAG_SERVER_NAME:
				rc = put_field_str(server, wide, info, buflen, outlen);
				break;
			case SQL_DIAG_COLUMN_NUMBER:
				if (st == NULL)
					rc = SQL_ERROR;
				else if (info != NULL)
					*(SQLINTEGER *) info = SQL_COLUMN_NUMBER_UNKNOWN;
				break;
			case SQL_DIAG_ROW_NUMBER:
				if (st == NULL)
					rc = SQL_ERROR;
				else if (info != NULL)
					*(SQLLEN *) info = SQL_ROW_NUMBER_UNKNOWN;
				break;
			default:
				rc = SQL_ERROR;
				break;
		}
	}
out:
	pthread_mutex_unlock(lock);
	return rc;
}

SQLRETURN SQL_API
SQLGetDiagField(SQLSMALLINT HandleType, SQLHANDLE Handle,
				SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier,
				SQLPOINTER DiagInfo, SQLSMALLINT BufferLength,
				SQLSMALLINT *StringLength)
{
	return get_diag_field(HandleType, Handle, RecNumber, DiagIdentifier,
						  DiagInfo, BufferLength, StringLength, false);
}

SQLRETURN SQL_API
SQLGetDiagFieldW(SQLSMALLINT HandleType, SQLHANDLE Handle,
				 SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier,
				 SQLPOINTER DiagInfo, SQLSMALLINT BufferLength,
				 SQLSMALLINT *StringLength)
{
	return get_diag_field(HandleType, Handle, RecNumber, DiagIdentifier,
						  DiagInfo, BufferLength, StringLength, true);
}
