/*
 * params.c — parameter values from the application's C buffers to the
 * engine.
 *
 * Each bound parameter is read in its C type, converted to the SQL type
 * the application named in SQLBindParameter (ODBC's "C to SQL" rules,
 * Appendix D) and handed to the engine with fq_stmt_set_param; the engine
 * coerces that to what the statement needs as it would a literal.  Text
 * parameters stay text so the engine's own casts decide what they mean.
 * Errors follow the appendix: 22003 out of range, 22001 lost fractional
 * digits, 22018 text that does not parse, 22008 a datetime field lost,
 * 07006 a conversion ODBC does not define.
 */
#include "driver/driver.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum cv_kind
{
	CV_DEC,		/* exact numbers, integers with scale 0 */
	CV_DBL,
	CV_STR,		/* UTF-8 text */
	CV_BIN,
	CV_DATE,
	CV_TIME,
	CV_TS,
	CV_GUID
} cv_kind;

typedef struct cval
{
	cv_kind kind;
	fq_int128 dec;
	int scale;
	double d;
	const char *s;
	size_t n;
	fq_timestamp_parts tp;
	uint8_t guid[16];
} cval;

static bool
param_error(drv_stmt *st, int i, fq_errcode code, const char *what)
{
	drv_error(st->diags, code, "parameter %d: %s", i + 1, what);
	return false;
}

/*
 * Addresses of a bound parameter's value and indicator in the parameter
 * set being read (st->param_row), with the bind offset: column-wise, each
 * array steps by its element (the C type's size, or the buffer length for
 * character and binary types) and by sizeof(SQLLEN); row-wise, both step
 * by SQL_ATTR_PARAM_BIND_TYPE, the size of the application's structure.
 */
static void *
param_addr(const drv_stmt *st, void *p, SQLLEN elem)
{
	char *a;

	if (p == NULL)
		return NULL;
	a = p;
	if (st->apd->bind_offset_ptr != NULL)
		a += *st->apd->bind_offset_ptr;
	if (st->param_row > 0)
		a += st->param_row * (st->apd->bind_type == SQL_PARAM_BIND_BY_COLUMN
							  ? (SQLULEN) elem : st->apd->bind_type);
	return a;
}

static void *
value_addr(const drv_stmt *st, const drv_col_bind *a)
{
	SQLLEN elem = drv_ctype_size(a->ctype);

	return param_addr(st, a->ptr, elem > 0 ? elem : a->buflen);
}

/*
 * The parameter's length or indicator in the set being read: NULL data
 * from SQL_DESC_INDICATOR_PTR, the length (or data at execution) from
 * SQL_DESC_OCTET_LENGTH_PTR -- one buffer when SQLBindParameter bound it;
 * a record that has only one of them gives both from it.  SQL_NTS when
 * it has neither.
 */
static SQLLEN
len_or_ind(const drv_stmt *st, const drv_col_bind *a)
{
	const void *ind = param_addr(st, a->ind, (SQLLEN) sizeof(SQLLEN));
	const void *len = param_addr(st, a->len, (SQLLEN) sizeof(SQLLEN));
	SQLLEN v;

	/* Read as bytes: row-wise arrays of packed structures (pyodbc's
	 * fast_executemany) put them at any address. */
	if (ind != NULL && (memcpy(&v, ind, sizeof(v)), v == SQL_NULL_DATA))
		return SQL_NULL_DATA;
	if (len != NULL || ind != NULL)
	{
		memcpy(&v, len != NULL ? len : ind, sizeof(v));
		return v;
	}
	return SQL_NTS;
}

/* The APD's record of parameter i (0-based) when it binds a buffer. */
static const drv_col_bind *
app_param(const drv_stmt *st, int i)
{
	const drv_col_bind *a = i < st->apd->nrecs ? &st->apd->recs[i] : NULL;

	if (a == NULL || (a->ptr == NULL && a->ind == NULL && a->len == NULL))
		return NULL;
	return a;
}

static bool
is_dae(const drv_stmt *st, int i)
{
	const drv_col_bind *a = app_param(st, i);
	SQLLEN v;

	if (a == NULL || (a->ind == NULL && a->len == NULL))
		return false;
	v = len_or_ind(st, a);
	return v == SQL_DATA_AT_EXEC || v <= SQL_LEN_DATA_AT_EXEC_OFFSET;
}

bool
drv_params_need_data(drv_stmt *st, int nparams)
{
	for (int i = 0; i < nparams; i++)
		if (is_dae(st, i))
			return true;
	return false;
}

bool
drv_param_is_dae(const drv_stmt *st, int i)
{
	return i >= 0 && is_dae(st, i);
}

/* ------------------------------------------------------------------ */
/* Reading C values                                                    */
/* ------------------------------------------------------------------ */

static bool
read_c_value(drv_stmt *st, int i, SQLSMALLINT ctype, const void *data,
			 SQLLEN len, drv_buf *tmp, cval *out)
{
	/* A value of a fixed-size C type is read from an aligned copy: an
	 * application's array of packed row structures (pyodbc's
	 * fast_executemany) may put it at any address. */
	union
	{
		SQLBIGINT b;
		SQLDOUBLE d;
		SQL_NUMERIC_STRUCT n;
		SQL_TIMESTAMP_STRUCT ts;
		SQLGUID g;
	} aligned;
	SQLLEN fixed = drv_ctype_size(ctype);

	memset(out, 0, sizeof(*out));
	if (data == NULL)
		return param_error(st, i, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						   "the value pointer is NULL");
	if (fixed > 0 && (size_t) fixed <= sizeof(aligned))
	{
		memcpy(&aligned, data, (size_t) fixed);
		data = &aligned;
	}
	switch (ctype)
	{
		case SQL_C_CHAR:
			out->kind = CV_STR;
			out->s = data;
			out->n = len == SQL_NTS ? strlen(data) : (size_t) len;
			return true;
		case SQL_C_WCHAR:
			{
				size_t units;

				if (len == SQL_NTS)
				{
					units = 0;
					while (drv_wchar_get(data, units) != 0)
						units++;
				}
				else
					units = (size_t) len / drv_wchar_size();
				drv_buf_reset(tmp);
				drv_utf16_to_utf8(data, units, tmp);
				drv_buf_append(tmp, "", 0);
				if (tmp->failed)
				{
					drv_nomem(st->diags);
					return false;
				}
				out->kind = CV_STR;
				out->s = tmp->data;
				out->n = tmp->len;
				return true;
			}
		case SQL_C_BINARY:
			out->kind = CV_BIN;
			out->s = data;
			out->n = len == SQL_NTS ? 0 : (size_t) len;
			return true;
		case SQL_C_BIT:
		case SQL_C_UTINYINT:
			out->dec = *(const SQLCHAR *) data;
			return true;
		case SQL_C_TINYINT:
		case SQL_C_STINYINT:
			out->dec = *(const SQLSCHAR *) data;
			return true;
		case SQL_C_SHORT:
		case SQL_C_SSHORT:
			out->dec = *(const SQLSMALLINT *) data;
			return true;
		case SQL_C_USHORT:
			out->dec = *(const SQLUSMALLINT *) data;
			return true;
		case SQL_C_LONG:
		case SQL_C_SLONG:
			out->dec = *(const SQLINTEGER *) data;
			return true;
		case SQL_C_ULONG:
			out->dec = *(const SQLUINTEGER *) data;
			return true;
		case SQL_C_SBIGINT:
			out->dec = *(const SQLBIGINT *) data;
			return true;
		case SQL_C_UBIGINT:
			out->dec = (fq_int128) *(const SQLUBIGINT *) data;
			return true;
		case SQL_C_FLOAT:
			out->kind = CV_DBL;
			out->d = *(const SQLREAL *) data;
			return true;
		case SQL_C_DOUBLE:
			out->kind = CV_DBL;
			out->d = *(const SQLDOUBLE *) data;
			return true;
		case SQL_C_NUMERIC:
			{
				const SQL_NUMERIC_STRUCT *ns = data;
				unsigned __int128 mag = 0;

				for (int k = SQL_MAX_NUMERIC_LEN - 1; k >= 0; k--)
					mag = (mag << 8) | ns->val[k];
				if (mag >> 126 || ns->scale > DRV_DEC_MAX_DIGITS ||
					ns->scale < -DRV_DEC_MAX_DIGITS)
					return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									   "SQL_NUMERIC_STRUCT value out of range");
				out->dec = ns->sign ? (fq_int128) mag : -(fq_int128) mag;
				out->scale = ns->scale;
				if (out->scale < 0)
				{
					/* A negative scale multiplies. */
					for (int k = 0; k < -ns->scale; k++)
						out->dec *= 10;
					out->scale = 0;
				}
				return true;
			}
		case SQL_C_TYPE_DATE:
		case SQL_C_DATE:
			{
				const SQL_DATE_STRUCT *d = data;

				out->kind = CV_DATE;
				out->tp.year = d->year;
				out->tp.month = d->month;
				out->tp.day = d->day;
				return true;
			}
		case SQL_C_TYPE_TIME:
		case SQL_C_TIME:
			{
				const SQL_TIME_STRUCT *t = data;

				out->kind = CV_TIME;
				out->tp.hour = t->hour;
				out->tp.minute = t->minute;
				out->tp.second = t->second;
				return true;
			}
		case SQL_C_TYPE_TIMESTAMP:
		case SQL_C_TIMESTAMP:
			{
				const SQL_TIMESTAMP_STRUCT *ts = data;

				out->kind = CV_TS;
				out->tp.year = ts->year;
				out->tp.month = ts->month;
				out->tp.day = ts->day;
				out->tp.hour = ts->hour;
				out->tp.minute = ts->minute;
				out->tp.second = ts->second;
				if (ts->fraction % 1000 != 0)
				{
					/* Nanoseconds below a microsecond are lost. */
					drv_warn(st->diags, FQ_ERR_FRACTIONAL_TRUNCATION,
							 "parameter %d: fractional seconds truncated to microseconds", i + 1);
				}
				out->tp.usec = (int) (ts->fraction / 1000);
				return true;
			}
		case SQL_C_GUID:
			{
				const SQLGUID *g = data;

				out->kind = CV_GUID;
				out->guid[0] = (uint8_t) (g->Data1 >> 24);
				out->guid[1] = (uint8_t) (g->Data1 >> 16);
				out->guid[2] = (uint8_t) (g->Data1 >> 8);
				out->guid[3] = (uint8_t) g->Data1;
				out->guid[4] = (uint8_t) (g->Data2 >> 8);
				out->guid[5] = (uint8_t) g->Data2;
				out->guid[6] = (uint8_t) (g->Data3 >> 8);
				out->guid[7] = (uint8_t) g->Data3;
				memcpy(out->guid + 8, g->Data4, 8);
				return true;
			}
		default:
			return param_error(st, i, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
							   "unsupported C type");
	}
}

/* ------------------------------------------------------------------ */
/* Converting to the SQL type                                          */
/* ------------------------------------------------------------------ */

static void
format_parts(const cval *c, drv_buf *out)
{
	const fq_timestamp_parts *p = &c->tp;

	drv_buf_reset(out);
	if (c->kind == CV_DATE || c->kind == CV_TS)
		drv_buf_printf(out, "%04d-%02d-%02d", p->year, p->month, p->day);
	if (c->kind == CV_TS)
		drv_buf_puts(out, " ");
	if (c->kind == CV_TIME || c->kind == CV_TS)
	{
		drv_buf_printf(out, "%02d:%02d:%02d", p->hour, p->minute, p->second);
		if (p->usec != 0)
			drv_buf_printf(out, ".%06d", p->usec);
	}
}

/* The text a value has as an SQL character parameter. */
static bool
to_text(drv_stmt *st, int i, const cval *c, drv_buf *out, fq_string *s)
{
	static const char hex[] = "0123456789abcdef";
	char num[64];

	switch (c->kind)
	{
		case CV_STR:
			s->ptr = c->s;
			s->len = (uint32_t) c->n;
			return true;
		case CV_DEC:
			drv_buf_reset(out);
			drv_dec_format(c->dec, c->scale, num);
			drv_buf_puts(out, num);
			break;
		case CV_DBL:
			drv_buf_reset(out);
			if (isnan(c->d))
				drv_buf_puts(out, "NaN");
			else if (isinf(c->d))
				drv_buf_puts(out, c->d > 0 ? "Infinity" : "-Infinity");
			else
				drv_buf_printf(out, "%.17g", c->d);
			break;
		case CV_BIN:
			drv_buf_reset(out);
			for (size_t k = 0; k < c->n; k++)
			{
				char h[2];

				h[0] = hex[((const unsigned char *) c->s)[k] >> 4];
				h[1] = hex[((const unsigned char *) c->s)[k] & 15];
				drv_buf_append(out, h, 2);
			}
			break;
		case CV_DATE:
		case CV_TIME:
		case CV_TS:
			format_parts(c, out);
			break;
		case CV_GUID:
			drv_buf_reset(out);
			for (int k = 0; k < 16; k++)
			{
				if (k == 4 || k == 6 || k == 8 || k == 10)
					drv_buf_puts(out, "-");
				drv_buf_printf(out, "%c%c", hex[c->guid[k] >> 4], hex[c->guid[k] & 15]);
			}
			break;
	}
	drv_buf_append(out, "", 0);
	if (out->failed)
	{
		drv_nomem(st->diags);
		return false;
	}
	s->ptr = out->data;
	s->len = (uint32_t) out->len;
	return true;
}

/* An exact number from any numeric-looking value. */
static bool
to_exact(drv_stmt *st, int i, const cval *c, int want_scale, fq_int128 *v,
		 int *scale)
{
	switch (c->kind)
	{
		case CV_DEC:
			*v = c->dec;
			*scale = c->scale;
			return true;
		case CV_DBL:
			{
				char buf[64];

				if (isnan(c->d) || isinf(c->d))
					return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									   "not a finite number");
				snprintf(buf, sizeof(buf), "%.17g", c->d);
				if (drv_dec_parse(buf, strlen(buf), want_scale, v, scale) != 0)
					return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									   "numeric value out of range");
				return true;
			}
		case CV_STR:
			{
				int rc = drv_dec_parse(c->s, c->n, -1, v, scale);

				if (rc == -2)
					return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									   "numeric value out of range");
				if (rc != 0)
				{
					/* Exponent forms beyond decimal reach, or words. */
					char buf[128];
					char *end;
					double d;

					if (c->n >= sizeof(buf))
						return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
										   "the text is not a number");
					memcpy(buf, c->s, c->n);
					buf[c->n] = '\0';
					d = strtod(buf, &end);
					while (*end == ' ')
						end++;
					if (end == buf || *end != '\0' || isnan(d) || isinf(d))
						return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
										   "the text is not a number");
					snprintf(buf, sizeof(buf), "%.17g", d);
					if (drv_dec_parse(buf, strlen(buf), want_scale, v, scale) != 0)
						return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
										   "numeric value out of range");
				}
				return true;
			}
		default:
			return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
							   "this C type cannot be converted to a number");
	}
}

static fq_int128
pow10i(int n)
{
	fq_int128 r = 1;

	while (n-- > 0)
		r *= 10;
	return r;
}

/* Rescales v from `from` to `to` digits, rounding half away from zero. */
static fq_int128
rescale(fq_int128 v, int from, int to, bool *lost)
{
	*lost = false;
	if (to >= from)
		return v * pow10i(to - from);
	{
		fq_int128 p = pow10i(from - to);
		fq_int128 q = v / p;
		fq_int128 r = v % p;

		*lost = r != 0;
		if (r < 0)
			r = -r;
		if (2 * r >= p)
			q += v < 0 ? -1 : 1;
		return q;
	}
}

static bool
to_integer(drv_stmt *st, int i, const cval *c, fq_int128 lo, fq_int128 hi,
		   int64_t *out)
{
	fq_int128 v;
	int scale;

	if (c->kind == CV_DBL)
	{
		double t;

		if (isnan(c->d) || isinf(c->d) || fabs(c->d) > 1e38)
			return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
							   "numeric value out of range");
		t = trunc(c->d);
		if (t != c->d)
			return param_error(st, i, FQ_ERR_STRING_DATA_RIGHT_TRUNCATION,
							   "the value has a fraction an integer cannot hold");
		v = (fq_int128) t;
	}
	else
	{
		if (!to_exact(st, i, c, -1, &v, &scale))
			return false;
		if (scale > 0)
		{
			fq_int128 p = pow10i(scale);

			if (v % p != 0)
				return param_error(st, i, FQ_ERR_STRING_DATA_RIGHT_TRUNCATION,
								   "the value has a fraction an integer cannot hold");
			v /= p;
		}
	}
	if (v < lo || v > hi)
		return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
						   "numeric value out of range for the parameter's SQL type");
	*out = (int64_t) v;
	return true;
}

static bool
text_bool(const char *s, size_t n, bool *out)
{
	static const char *const yes[] = {"1", "t", "true", "y", "yes", "on", NULL};
	static const char *const no[] = {"0", "f", "false", "n", "no", "off", NULL};
	char buf[8];
	size_t k = 0;

	while (n > 0 && s[0] == ' ')
	{
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(buf))
		return false;
	for (k = 0; k < n; k++)
		buf[k] = (char) (s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
	buf[n] = '\0';
	for (int j = 0; yes[j] != NULL; j++)
		if (strcmp(buf, yes[j]) == 0)
		{
			*out = true;
			return true;
		}
	for (int j = 0; no[j] != NULL; j++)
		if (strcmp(buf, no[j]) == 0)
		{
			*out = false;
			return true;
		}
	return false;
}

/* Date/time parts of a value; *kind says which parts exist. */
static bool
to_parts(drv_stmt *st, int i, const cval *c, fq_timestamp_parts *p,
		 bool *has_date, bool *has_time)
{
	switch (c->kind)
	{
		case CV_DATE:
			*p = c->tp;
			*has_date = true;
			*has_time = false;
			return true;
		case CV_TIME:
			*p = c->tp;
			*has_date = false;
			*has_time = true;
			return true;
		case CV_TS:
			*p = c->tp;
			*has_date = *has_time = true;
			return true;
		case CV_STR:
			if (!drv_parse_datetime(c->s, c->n, p, has_date, has_time))
				return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
								   "the text is not a date or time");
			return true;
		default:
			return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
							   "this C type cannot be converted to a date or time");
	}
}

static int
hexv(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool
convert_param(drv_stmt *st, int i, const drv_param_bind *p, const cval *c,
			  drv_buf *tmp, fq_value *val)
{
	fq_type t;

	if (!drv_fq_type_for_sql(p->sqltype, p->colsize, p->digits, &t))
		return param_error(st, i, FQ_ERR_INVALID_SQL_DATA_TYPE, "unsupported SQL type");
	memset(val, 0, sizeof(*val));
	val->type = t;
	switch (t.id)
	{
		case FQ_T_VARCHAR:
			return to_text(st, i, c, tmp, &val->v.s);
		case FQ_T_BOOL:
			if (c->kind == CV_STR)
			{
				bool b;

				if (!text_bool(c->s, c->n, &b))
					return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									   "the text is not a boolean");
				val->v.i = b;
				return true;
			}
			{
				int64_t iv;

				if (!to_integer(st, i, c, 0, 1, &iv))
					return false;
				val->v.i = iv;
				return true;
			}
		case FQ_T_INT2:
			return to_integer(st, i, c, INT16_MIN, INT16_MAX, &val->v.i);
		case FQ_T_INT4:
			return to_integer(st, i, c, INT32_MIN, INT32_MAX, &val->v.i);
		case FQ_T_INT8:
			return to_integer(st, i, c, INT64_MIN, INT64_MAX, &val->v.i);
		case FQ_T_DECIMAL:
			{
				fq_int128 v;
				int scale;
				bool lost;

				/* NUMERIC without (p,s) keeps the value's own scale. */
				if (!to_exact(st, i, c, t.precision > 0 ? t.scale : -1, &v, &scale))
					return false;
				if (t.precision > 0)
				{
					if (t.scale < 0 || t.precision > DRV_DEC_MAX_DIGITS)
						return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
										   "fedq binds numeric parameters of at most 38 digits "
										   "and a scale of 0 or more");
					v = rescale(v, scale, t.scale, &lost);
					scale = t.scale;
					if (v >= pow10i(t.precision) || v <= -pow10i(t.precision))
						return param_error(st, i, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
										   "numeric value out of range for the parameter's precision");
				}
				fq_numeric_from_parts(v, scale, &val->v.num);
				return true;
			}
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			if (c->kind == CV_DBL)
				val->v.f = c->d;
			else if (c->kind == CV_DEC)
			{
				char buf[64];

				drv_dec_format(c->dec, c->scale, buf);
				val->v.f = strtod(buf, NULL);
			}
			else if (c->kind == CV_STR)
			{
				char buf[128];
				char *end;

				if (c->n >= sizeof(buf))
					return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									   "the text is not a number");
				memcpy(buf, c->s, c->n);
				buf[c->n] = '\0';
				val->v.f = strtod(buf, &end);
				while (*end == ' ')
					end++;
				if (end == buf || *end != '\0')
					return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									   "the text is not a number");
			}
			else
				return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
								   "this C type cannot be converted to a number");
			return true;
		case FQ_T_DATE:
			{
				fq_timestamp_parts tp;
				bool hd, ht;
				int32_t days;

				if (!to_parts(st, i, c, &tp, &hd, &ht))
					return false;
				if (!hd)
					return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
									   "a time of day cannot be converted to a date");
				if (ht && (tp.hour || tp.minute || tp.second || tp.usec))
					return param_error(st, i, FQ_ERR_DATETIME_FIELD_OVERFLOW,
									   "the time of day would be lost converting to a date");
				if (fq_date_make(&tp, &days) != 0)
					return param_error(st, i, FQ_ERR_DATETIME_FIELD_OVERFLOW,
									   "invalid date");
				val->v.i = days;
				return true;
			}
		case FQ_T_TIME:
			{
				fq_timestamp_parts tp;
				bool hd, ht;

				if (!to_parts(st, i, c, &tp, &hd, &ht))
					return false;
				if (!ht)
					return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
									   "a date cannot be converted to a time");
				if (tp.hour > 23 || tp.minute > 59 || tp.second > 59)
					return param_error(st, i, FQ_ERR_DATETIME_FIELD_OVERFLOW,
									   "invalid time");
				val->v.i = ((int64_t) tp.hour * 3600 + tp.minute * 60 + tp.second) *
					INT64_C(1000000) + tp.usec;
				return true;
			}
		case FQ_T_TIMESTAMP:
			{
				fq_timestamp_parts tp;
				bool hd, ht;
				int64_t us;

				if (!to_parts(st, i, c, &tp, &hd, &ht))
					return false;
				if (!hd)
				{
					time_t now = time(NULL);
					struct tm tm;

					localtime_r(&now, &tm);
					tp.year = tm.tm_year + 1900;
					tp.month = tm.tm_mon + 1;
					tp.day = tm.tm_mday;
				}
				if (fq_timestamp_make(&tp, &us) != 0)
					return param_error(st, i, FQ_ERR_DATETIME_FIELD_OVERFLOW,
									   "invalid timestamp");
				val->v.i = us;
				return true;
			}
		case FQ_T_UUID:
			if (c->kind == CV_GUID)
				memcpy(val->v.uuid.bytes, c->guid, 16);
			else if (c->kind == CV_BIN && c->n == 16)
				memcpy(val->v.uuid.bytes, c->s, 16);
			else if (c->kind == CV_STR)
			{
				int k = 0;
				size_t j = 0;
				const char *s = c->s;
				size_t n = c->n;

				while (j < n && s[j] == ' ')
					j++;
				while (n > j && s[n - 1] == ' ')
					n--;
				if (j < n && s[j] == '{' && s[n - 1] == '}')
				{
					j++;
					n--;
				}
				for (; j < n; j++)
				{
					int hi, lo;

					if (s[j] == '-')
						continue;
					if (k == 16 || j + 1 >= n || (hi = hexv(s[j])) < 0 ||
						(lo = hexv(s[j + 1])) < 0)
						return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
										   "the text is not a UUID");
					val->v.uuid.bytes[k++] = (uint8_t) (hi << 4 | lo);
					j++;
				}
				if (k != 16)
					return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									   "the text is not a UUID");
			}
			else
				return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
								   "this C type cannot be converted to a UUID");
			return true;
		case FQ_T_BYTEA:
			if (c->kind == CV_BIN)
			{
				val->v.s.ptr = c->s;
				val->v.s.len = (uint32_t) c->n;
				return true;
			}
			if (c->kind == CV_STR)
			{
				/* ODBC: character data for a binary parameter is hex. */
				size_t n = c->n;
				const char *s = c->s;

				if (n >= 2 && s[0] == '\\' && (s[1] == 'x' || s[1] == 'X'))
				{
					s += 2;
					n -= 2;
				}
				if (n % 2 != 0)
					return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									   "binary data as text must be pairs of hex digits");
				drv_buf_reset(tmp);
				for (size_t k = 0; k < n; k += 2)
				{
					int hi = hexv(s[k]);
					int lo = hexv(s[k + 1]);
					char b;

					if (hi < 0 || lo < 0)
						return param_error(st, i, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
										   "binary data as text must be pairs of hex digits");
					b = (char) (hi << 4 | lo);
					drv_buf_append(tmp, &b, 1);
				}
				drv_buf_append(tmp, "", 0);
				if (tmp->failed)
				{
					drv_nomem(st->diags);
					return false;
				}
				val->v.s.ptr = tmp->data;
				val->v.s.len = (uint32_t) tmp->len;
				return true;
			}
			return param_error(st, i, FQ_ERR_RESTRICTED_DATA_TYPE,
							   "this C type cannot be converted to binary");
		default:
			return param_error(st, i, FQ_ERR_INVALID_SQL_DATA_TYPE, "unsupported SQL type");
	}
}

bool
drv_params_apply(drv_stmt *st, int nparams)
{
	drv_buf tmp = {0};
	drv_buf wtmp = {0};
	bool ok = true;

	for (int i = 0; i < nparams && ok; i++)
	{
		drv_param_bind *p;
		const drv_col_bind *a = app_param(st, i);
		fq_value val;
		int rc;

		if (a == NULL || i >= st->nparams_bound || st->params[i].sqltype == 0)
		{
			drv_error(st->diags, FQ_ERR_WRONG_NUMBER_OF_PARAMETERS,
					  "parameter %d is not bound (the statement has %d)%s", i + 1, nparams,
					  a != NULL ? ": its IPD record has no SQL type" : "");
			ok = false;
			break;
		}
		p = &st->params[i];
		memset(&val, 0, sizeof(val));
		if (st->dae.active && is_dae(st, i))
		{
			/* The value came in pieces through SQLPutData. */
			drv_buf *b = &st->dae.values[i];

			if (st->dae.isnull[i])
			{
				drv_fq_type_for_sql(p->sqltype, p->colsize, p->digits, &val.type);
				val.isnull = true;
			}
			else
			{
				cval c;

				drv_buf_append(b, "\0\0", 2);	/* terminate text in any form */
				b->len -= 2;
				ok = !b->failed &&
					read_c_value(st, i, a->ctype, b->data != NULL ? b->data : "",
								 (SQLLEN) b->len, &wtmp, &c) &&
					convert_param(st, i, p, &c, &tmp, &val);
				if (!ok && b->failed)
					drv_nomem(st->diags);
			}
		}
		else
		{
			SQLLEN len = len_or_ind(st, a);

			if (len == SQL_NULL_DATA)
			{
				drv_fq_type_for_sql(p->sqltype, p->colsize, p->digits, &val.type);
				val.isnull = true;
			}
			else
			{
				cval c;

				if (len < 0 && len != SQL_NTS)
				{
					drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
							  "parameter %d: invalid length/indicator %ld", i + 1, (long) len);
					ok = false;
					break;
				}
				if (len == SQL_NTS && a->ctype == SQL_C_BINARY)
					len = a->buflen;
				ok = read_c_value(st, i, a->ctype, value_addr(st, a), len, &wtmp, &c) &&
					convert_param(st, i, p, &c, &tmp, &val);
			}
		}
		if (!ok)
			break;
		pthread_mutex_lock(&st->dbc->session_lock);
		rc = fq_stmt_set_param(st->fq, i, &val);
		pthread_mutex_unlock(&st->dbc->session_lock);
		if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), rc) != SQL_SUCCESS)
			ok = false;
	}
	drv_buf_free(&tmp);
	drv_buf_free(&wtmp);
	return ok;
}
