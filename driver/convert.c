/*
 * convert.c — result values to the application's C types.
 *
 * Reads one value of an engine column vector (representations in fq.h)
 * and writes it as the C type the application bound or asked SQLGetData
 * for, by ODBC's conversion rules (Appendix D, "Converting Data from SQL to
 * C Data Types"):
 *   - text (SQL_C_CHAR, SQL_C_WCHAR) is the value's PostgreSQL text form
 *     from fq_format_value, booleans as 1/0, bytea as hex digits;
 *   - numbers convert with range checks (22003), fractional truncation is
 *     01S07, text that is not a number is 22018;
 *   - dates and times go through fq_date_split/fq_timestamp_split;
 *   - conversions ODBC does not define are 07006.
 * Long values read with SQLGetData come in pieces: the full representation
 * is built once per column and row (drv_getdata) and each call continues
 * where the last one stopped, returning SQL_NO_DATA after the last piece.
 */
#include "driver/driver.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Reading vector values                                               */
/* ------------------------------------------------------------------ */

static bool
is_null(const fq_vector *v, uint32_t row)
{
	return v->nulls != NULL && v->nulls[row] != 0;
}

static int64_t
get_int(const fq_vector *v, uint32_t row)
{
	switch (v->type.id)
	{
		case FQ_T_BOOL:
			return ((const uint8_t *) v->data)[row];
		case FQ_T_INT2:
			return ((const int16_t *) v->data)[row];
		case FQ_T_INT4:
		case FQ_T_DATE:
			return ((const int32_t *) v->data)[row];
		default:
			return ((const int64_t *) v->data)[row];
	}
}

static const fq_numeric *
get_numeric(const fq_vector *v, uint32_t row)
{
	return (const fq_numeric *) v->data + row;
}

static fq_string
get_str(const fq_vector *v, uint32_t row)
{
	return ((const fq_string *) v->data)[row];
}

static bool
is_string_type(fq_type_id id)
{
	return id == FQ_T_CHAR || id == FQ_T_VARCHAR;
}

/* ------------------------------------------------------------------ */
/* Decimal helpers                                                     */
/* ------------------------------------------------------------------ */

static fq_int128
pow10_128(int n)
{
	fq_int128 r = 1;

	for (int i = 0; i < n; i++)
		r *= 10;
	return r;
}

/* ------------------------------------------------------------------ */
/* Text forms                                                          */
/* ------------------------------------------------------------------ */

/* The PostgreSQL text of a value (booleans 1/0, bytea as hex digits). */
static bool
value_text(const fq_vector *v, uint32_t row, drv_buf *out)
{
	drv_buf_reset(out);
	if (is_string_type(v->type.id))
	{
		fq_string s = get_str(v, row);

		drv_buf_append(out, s.ptr, s.len);
	}
	else if (v->type.id == FQ_T_BYTEA)
	{
		static const char hex[] = "0123456789abcdef";
		fq_string s = get_str(v, row);

		if (drv_buf_reserve(out, 2 * (size_t) s.len))
		{
			for (uint32_t i = 0; i < s.len; i++)
			{
				unsigned char c = (unsigned char) s.ptr[i];

				out->data[out->len++] = hex[c >> 4];
				out->data[out->len++] = hex[c & 15];
			}
			out->data[out->len] = '\0';
		}
	}
	else
	{
		size_t need;

		if (!drv_buf_reserve(out, 64))
			return false;
		need = fq_format_value(v, row, out->data, out->cap, true);
		if (need >= out->cap)
		{
			if (!drv_buf_reserve(out, need + 1))
				return false;
			need = fq_format_value(v, row, out->data, out->cap, true);
		}
		out->len = need;
	}
	if (out->data == NULL)
		drv_buf_append(out, "", 0);
	return !out->failed;
}

/* The representation of a value for a variable-length C type. */
static bool
value_rep(drv_stmt *st, const fq_vector *v, uint32_t row, SQLSMALLINT ctype,
		  drv_buf *out)
{
	if (ctype == SQL_C_BINARY &&
		(v->type.id == FQ_T_BYTEA || is_string_type(v->type.id)))
	{
		fq_string s = get_str(v, row);

		drv_buf_reset(out);
		drv_buf_append(out, s.ptr, s.len);
	}
	else if (ctype == SQL_C_BINARY && v->type.id == FQ_T_UUID)
	{
		drv_buf_reset(out);
		drv_buf_append(out, ((const fq_uuid *) v->data)[row].bytes, 16);
	}
	else if (!value_text(v, row, out))
		return false;
	else if (v->type.id == FQ_T_UUID)
	{
		/* A GUID's text in capitals, as psqlODBC (and SQL Server) give it;
		 * applications compare it with their own GUIDs' text that way. */
		for (size_t i = 0; i < out->len; i++)
			if (out->data[i] >= 'a' && out->data[i] <= 'f')
				out->data[i] = (char) (out->data[i] - 'a' + 'A');
	}

	/* SQL_ATTR_MAX_LENGTH caps character and binary columns, silently. */
	if (st->max_length > 0 && out->len > st->max_length &&
		(is_string_type(v->type.id) || v->type.id == FQ_T_BYTEA))
		out->len = st->max_length;

	if (ctype == SQL_C_WCHAR)
	{
		drv_buf w = {0};
		size_t units = drv_utf8_to_utf16(out->data, out->len, NULL, 0);

		if (!drv_buf_reserve(&w, units * drv_wchar_size() + drv_wchar_size()))
		{
			drv_buf_free(&w);
			return false;
		}
		drv_utf8_to_utf16(out->data, out->len, (SQLWCHAR *) w.data, units);
		w.len = units * drv_wchar_size();
		drv_buf_free(out);
		*out = w;
	}
	return !out->failed;
}

/* Copies (the rest of) a representation to the application. */
static drv_conv
put_var(drv_stmt *st, const drv_buf *rep, size_t offset, SQLSMALLINT ctype,
		SQLPOINTER buf, SQLLEN buflen, SQLLEN *ind, drv_getdata *gd)
{
	size_t total = rep->len - offset;
	size_t term = ctype == SQL_C_CHAR ? 1 : ctype == SQL_C_WCHAR ? drv_wchar_size() : 0;
	size_t cap = 0;
	size_t n;

	if (buf != NULL && buflen > 0 && (size_t) buflen >= term)
		cap = (size_t) buflen - term;
	if (ctype == SQL_C_WCHAR)
		cap -= cap % drv_wchar_size();
	n = total < cap ? total : cap;
	if (buf != NULL && buflen > 0 && (size_t) buflen >= term)
	{
		memcpy(buf, rep->data + offset, n);
		if (term > 0)
			memset((char *) buf + n, 0, term);
	}
	if (ind != NULL)
		*ind = (SQLLEN) total;
	if (n < total)
	{
		if (gd != NULL)
			gd->offset += n;
		drv_warn(st->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
				 "string data, right truncated");
		return DRV_CONV_TRUNC;
	}
	if (gd != NULL)
	{
		gd->offset += n;
		gd->done = true;
	}
	return DRV_CONV_OK;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

typedef enum num_kind
{
	NUM_DEC,	/* exact: dec with scale (integers have scale 0) */
	NUM_DBL
} num_kind;

typedef struct num
{
	num_kind kind;
	fq_int128 dec;
	int scale;
	double d;
	int precision; /* declared precision of a DECIMAL column, else 0 */
	bool too_big;  /* NUM_DBL standing for a NUMERIC of more than 38
					* significant digits: no exact C type holds it */
} num;

static drv_conv
conv_error(drv_stmt *st, int col, fq_errcode code, const char *what)
{
	drv_error(st->diags, code, "column %d: %s", col, what);
	return DRV_CONV_ERROR;
}

/* Reads a numeric view of any value that has one. */
static drv_conv
get_num(drv_stmt *st, const fq_vector *v, uint32_t row, int col, num *n)
{
	memset(n, 0, sizeof(*n));
	switch (v->type.id)
	{
		case FQ_T_BOOL:
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
			n->kind = NUM_DEC;
			n->dec = get_int(v, row);
			return DRV_CONV_OK;
		case FQ_T_DECIMAL:
			{
				const fq_numeric *x = get_numeric(v, row);

				n->precision = v->type.precision;
				if (fq_numeric_to_parts(x, false, &n->dec, &n->scale) == 0 ||
					fq_numeric_to_parts(x, true, &n->dec, &n->scale) == 0)
				{
					n->kind = NUM_DEC;
					return DRV_CONV_OK;
				}
				/* NaN, infinities and huge values: a double for the
				 * approximate C types, out of range for the exact ones. */
				n->kind = NUM_DBL;
				n->d = fq_numeric_to_double(x);
				n->too_big = true;
				return DRV_CONV_OK;
			}
		case FQ_T_FLOAT4:
			n->kind = NUM_DBL;
			n->d = ((const float *) v->data)[row];
			return DRV_CONV_OK;
		case FQ_T_FLOAT8:
			n->kind = NUM_DBL;
			n->d = ((const double *) v->data)[row];
			return DRV_CONV_OK;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
			{
				fq_string s = get_str(v, row);
				char tmp[128];
				char *end;

				if (drv_dec_parse(s.ptr, s.len, -1, &n->dec, &n->scale) == 0)
				{
					n->kind = NUM_DEC;
					return DRV_CONV_OK;
				}
				/* Floats in exponent form or special values. */
				if (s.len > 0 && s.len < sizeof(tmp))
				{
					memcpy(tmp, s.ptr, s.len);
					tmp[s.len] = '\0';
					n->d = strtod(tmp, &end);
					while (*end == ' ')
						end++;
					if (end != tmp && *end == '\0')
					{
						n->kind = NUM_DBL;
						return DRV_CONV_OK;
					}
				}
				return conv_error(st, col, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
								  "the text is not a number");
			}
		default:
			return conv_error(st, col, FQ_ERR_RESTRICTED_DATA_TYPE,
							  "this column cannot be converted to a numeric C type");
	}
}

static double
num_double(const num *n)
{
	char buf[64];

	if (n->kind == NUM_DBL)
		return n->d;
	if (n->scale == 0 && n->dec >= -((fq_int128) 1 << 53) && n->dec <= ((fq_int128) 1 << 53))
		return (double) n->dec;
	/* Through text: exact to the last bit strtod can give. */
	drv_dec_format(n->dec, n->scale, buf);
	return strtod(buf, NULL);
}

/* The integer part of a number; *frac says whether a fraction was cut. */
static bool
num_integer(const num *n, fq_int128 *out, bool *frac)
{
	*frac = false;
	if (n->kind == NUM_DBL)
	{
		double t;

		if (n->too_big || isnan(n->d) || isinf(n->d) || fabs(n->d) >= 1.7e38)
			return false;
		t = trunc(n->d);
		*frac = t != n->d;
		*out = (fq_int128) t;
		return true;
	}
	if (n->scale == 0)
	{
		*out = n->dec;
		return true;
	}
	{
		fq_int128 p = pow10_128(n->scale);

		*out = n->dec / p;
		*frac = n->dec % p != 0;
	}
	return true;
}

static drv_conv
to_integer(drv_stmt *st, const num *n, int col, fq_int128 lo, fq_int128 hi,
		   fq_int128 *out)
{
	bool frac;

	if (!num_integer(n, out, &frac) || *out < lo || *out > hi)
		return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
						  "numeric value out of range for the C type");
	if (frac)
	{
		drv_warn(st->diags, FQ_ERR_FRACTIONAL_TRUNCATION,
				 "column %d: fractional truncation", col);
		return DRV_CONV_FRAC;
	}
	return DRV_CONV_OK;
}

static drv_conv
to_numeric_struct(drv_stmt *st, const num *n, int col, SQL_NUMERIC_STRUCT *ns)
{
	fq_int128 dec;
	int scale;
	int precision;
	unsigned __int128 mag;
	drv_conv rc = DRV_CONV_OK;

	if (n->kind == NUM_DBL)
	{
		char buf[64];

		if (n->too_big || isnan(n->d) || isinf(n->d))
			return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
							  n->too_big && !isnan(n->d) && !isinf(n->d)
							  ? "more than 38 significant digits do not fit SQL_C_NUMERIC"
							  : "not a finite number");
		snprintf(buf, sizeof(buf), "%.15g", n->d);
		if (drv_dec_parse(buf, strlen(buf), -1, &dec, &scale) != 0)
			return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
							  "numeric value out of range for SQL_C_NUMERIC");
		precision = 0;
	}
	else
	{
		dec = n->dec;
		scale = n->scale;
		/* The column's precision when it is one SQL_C_NUMERIC can have. */
		precision = n->precision <= DRV_DEC_MAX_DIGITS ? n->precision : 0;
	}
	if (scale < 0 || scale > 127)
		return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
						  "scale out of range for SQL_C_NUMERIC");
	if (precision <= 0)
	{
		fq_int128 t = dec < 0 ? -dec : dec;

		precision = 1;
		while (t >= 10)
		{
			t /= 10;
			precision++;
		}
		if (precision < scale)
			precision = scale;
	}
	memset(ns, 0, sizeof(*ns));
	ns->precision = (SQLCHAR) precision;
	ns->scale = (SQLSCHAR) scale;
	ns->sign = dec < 0 ? 0 : 1;
	mag = dec < 0 ? (unsigned __int128) (-(dec + 1)) + 1 : (unsigned __int128) dec;
	for (int i = 0; i < SQL_MAX_NUMERIC_LEN; i++)
	{
		ns->val[i] = (SQLCHAR) (mag & 0xff);
		mag >>= 8;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Dates and times                                                     */
/* ------------------------------------------------------------------ */

typedef struct dt_value
{
	fq_timestamp_parts p;
	bool has_date;
	bool has_time;
} dt_value;

static drv_conv
get_datetime(drv_stmt *st, const fq_vector *v, uint32_t row, int col,
			 dt_value *out)
{
	memset(out, 0, sizeof(*out));
	switch (v->type.id)
	{
		case FQ_T_DATE:
			if (fq_date_split((int32_t) get_int(v, row), &out->p) != 0)
				return conv_error(st, col, FQ_ERR_DATETIME_FIELD_OVERFLOW,
								  "an infinite date has no C representation; read it as "
								  "text (SQL_C_CHAR) or exclude it (d <> 'infinity')");
			out->has_date = true;
			return DRV_CONV_OK;
		case FQ_T_TIME:
			fq_time_split(get_int(v, row), &out->p);
			out->has_time = true;
			return DRV_CONV_OK;
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			if (fq_timestamp_split(get_int(v, row), &out->p) != 0)
				return conv_error(st, col, FQ_ERR_DATETIME_FIELD_OVERFLOW,
								  "an infinite timestamp has no C representation; read it as "
								  "text (SQL_C_CHAR) or exclude it (t <> 'infinity')");
			out->has_date = out->has_time = true;
			return DRV_CONV_OK;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
			{
				fq_string s = get_str(v, row);

				if (!drv_parse_datetime(s.ptr, s.len, &out->p, &out->has_date,
										&out->has_time))
					return conv_error(st, col, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									  "the text is not a date or time");
				return DRV_CONV_OK;
			}
		default:
			return conv_error(st, col, FQ_ERR_RESTRICTED_DATA_TYPE,
							  "this column cannot be converted to a date or time C type");
	}
}

/*
 * The year fits SQL_DATE_STRUCT's and SQL_TIMESTAMP_STRUCT's SQLSMALLINT
 * (PostgreSQL's dates reach 5874897, timestamps 294276): otherwise 22008,
 * never a wrapped year.
 */
static drv_conv
check_year(drv_stmt *st, int col, const dt_value *dt)
{
	if (dt->p.year >= SHRT_MIN && dt->p.year <= SHRT_MAX)
		return DRV_CONV_OK;
	drv_error(st->diags, FQ_ERR_DATETIME_FIELD_OVERFLOW,
			  "column %d: the year %d does not fit an ODBC date or timestamp structure "
			  "(years %d to %d); read the value as text (SQL_C_CHAR)",
			  col, dt->p.year, SHRT_MIN, SHRT_MAX);
	return DRV_CONV_ERROR;
}

/* ------------------------------------------------------------------ */
/* GUID                                                                */
/* ------------------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", braces and dashes
 * optional. */
static bool
parse_uuid(const char *s, size_t n, uint8_t out[16])
{
	int k = 0;
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	if (i < n && s[i] == '{' && s[n - 1] == '}')
	{
		i++;
		n--;
	}
	for (; i < n; i++)
	{
		int hi, lo;

		if (s[i] == '-')
			continue;
		if (k == 16 || i + 1 >= n)
			return false;
		hi = hexval(s[i]);
		lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[k++] = (uint8_t) (hi << 4 | lo);
		i++;
	}
	return k == 16;
}

static void
uuid_to_guid(const uint8_t b[16], SQLGUID *g)
{
	g->Data1 = (SQLUINTEGER) b[0] << 24 | (SQLUINTEGER) b[1] << 16 |
		(SQLUINTEGER) b[2] << 8 | b[3];
	g->Data2 = (SQLUSMALLINT) (b[4] << 8 | b[5]);
	g->Data3 = (SQLUSMALLINT) (b[6] << 8 | b[7]);
	memcpy(g->Data4, b + 8, 8);
}

/* ------------------------------------------------------------------ */
/* The conversion                                                      */
/* ------------------------------------------------------------------ */

static drv_conv
convert_fixed(drv_stmt *st, const fq_vector *v, uint32_t row, int col,
			  SQLSMALLINT ctype, void *out)
{
	drv_conv rc;
	num n;
	fq_int128 iv = 0;

	switch (ctype)
	{
		case SQL_C_BIT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			{
				double d = num_double(&n);

				if (isnan(d) || d < 0 || d >= 2)
					return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									  "value out of range for SQL_C_BIT");
				*(SQLCHAR *) out = d >= 1 ? 1 : 0;
				if (d != 0 && d != 1)
				{
					drv_warn(st->diags, FQ_ERR_FRACTIONAL_TRUNCATION,
							 "column %d: fractional truncation", col);
					return DRV_CONV_FRAC;
				}
				return DRV_CONV_OK;
			}
		case SQL_C_TINYINT:
		case SQL_C_STINYINT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, -128, 127, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLSCHAR *) out = (SQLSCHAR) iv;
			return rc;
		case SQL_C_UTINYINT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, 0, 255, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLCHAR *) out = (SQLCHAR) iv;
			return rc;
		case SQL_C_SHORT:
		case SQL_C_SSHORT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, INT16_MIN, INT16_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLSMALLINT *) out = (SQLSMALLINT) iv;
			return rc;
		case SQL_C_USHORT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, 0, UINT16_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLUSMALLINT *) out = (SQLUSMALLINT) iv;
			return rc;
		case SQL_C_LONG:
		case SQL_C_SLONG:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, INT32_MIN, INT32_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLINTEGER *) out = (SQLINTEGER) iv;
			return rc;
		case SQL_C_ULONG:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, 0, UINT32_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLUINTEGER *) out = (SQLUINTEGER) iv;
			return rc;
		case SQL_C_SBIGINT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, INT64_MIN, INT64_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLBIGINT *) out = (SQLBIGINT) iv;
			return rc;
		case SQL_C_UBIGINT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			rc = to_integer(st, &n, col, 0, (fq_int128) UINT64_MAX, &iv);
			if (rc != DRV_CONV_ERROR)
				*(SQLUBIGINT *) out = (SQLUBIGINT) iv;
			return rc;
		case SQL_C_FLOAT:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			{
				double d = num_double(&n);

				if (!isnan(d) && !isinf(d) && fabs(d) > FLT_MAX)
					return conv_error(st, col, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE,
									  "value out of range for SQL_C_FLOAT");
				*(SQLREAL *) out = (SQLREAL) d;
				return DRV_CONV_OK;
			}
		case SQL_C_DOUBLE:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			*(SQLDOUBLE *) out = num_double(&n);
			return DRV_CONV_OK;
		case SQL_C_NUMERIC:
			if ((rc = get_num(st, v, row, col, &n)) != DRV_CONV_OK)
				return rc;
			return to_numeric_struct(st, &n, col, out);
		case SQL_C_TYPE_DATE:
		case SQL_C_DATE:
			{
				dt_value dt;
				SQL_DATE_STRUCT *d = out;

				if ((rc = get_datetime(st, v, row, col, &dt)) != DRV_CONV_OK)
					return rc;
				if (!dt.has_date)
					return conv_error(st, col, FQ_ERR_RESTRICTED_DATA_TYPE,
									  "a time of day cannot be converted to a date");
				if ((rc = check_year(st, col, &dt)) != DRV_CONV_OK)
					return rc;
				d->year = (SQLSMALLINT) dt.p.year;
				d->month = (SQLUSMALLINT) dt.p.month;
				d->day = (SQLUSMALLINT) dt.p.day;
				if (dt.has_time && (dt.p.hour || dt.p.minute || dt.p.second || dt.p.usec))
				{
					drv_warn(st->diags, FQ_ERR_FRACTIONAL_TRUNCATION,
							 "column %d: the time of day was truncated", col);
					return DRV_CONV_FRAC;
				}
				return DRV_CONV_OK;
			}
		case SQL_C_TYPE_TIME:
		case SQL_C_TIME:
			{
				dt_value dt;
				SQL_TIME_STRUCT *t = out;

				if ((rc = get_datetime(st, v, row, col, &dt)) != DRV_CONV_OK)
					return rc;
				if (!dt.has_time && v->type.id != FQ_T_DATE)
					return conv_error(st, col, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
									  "the text has no time of day");
				if (v->type.id == FQ_T_DATE)
					return conv_error(st, col, FQ_ERR_RESTRICTED_DATA_TYPE,
									  "a date cannot be converted to a time");
				t->hour = (SQLUSMALLINT) dt.p.hour;
				t->minute = (SQLUSMALLINT) dt.p.minute;
				t->second = (SQLUSMALLINT) dt.p.second;
				if (dt.p.usec != 0)
				{
					drv_warn(st->diags, FQ_ERR_FRACTIONAL_TRUNCATION,
							 "column %d: fractional seconds truncated", col);
					return DRV_CONV_FRAC;
				}
				return DRV_CONV_OK;
			}
		case SQL_C_TYPE_TIMESTAMP:
		case SQL_C_TIMESTAMP:
			{
				dt_value dt;
				SQL_TIMESTAMP_STRUCT *ts = out;

				if ((rc = get_datetime(st, v, row, col, &dt)) != DRV_CONV_OK)
					return rc;
				if (!dt.has_date)
				{
					/* ODBC: a time gets the current date. */
					time_t now = time(NULL);
					struct tm tm;

					localtime_r(&now, &tm);
					dt.p.year = tm.tm_year + 1900;
					dt.p.month = tm.tm_mon + 1;
					dt.p.day = tm.tm_mday;
				}
				if ((rc = check_year(st, col, &dt)) != DRV_CONV_OK)
					return rc;
				ts->year = (SQLSMALLINT) dt.p.year;
				ts->month = (SQLUSMALLINT) dt.p.month;
				ts->day = (SQLUSMALLINT) dt.p.day;
				ts->hour = (SQLUSMALLINT) dt.p.hour;
				ts->minute = (SQLUSMALLINT) dt.p.minute;
				ts->second = (SQLUSMALLINT) dt.p.second;
				ts->fraction = (SQLUINTEGER) dt.p.usec * 1000;
				return DRV_CONV_OK;
			}
		case SQL_C_GUID:
			{
				uint8_t b[16];

				if (v->type.id == FQ_T_UUID)
					memcpy(b, ((const fq_uuid *) v->data)[row].bytes, 16);
				else if (is_string_type(v->type.id))
				{
					fq_string s = get_str(v, row);

					if (!parse_uuid(s.ptr, s.len, b))
						return conv_error(st, col, FQ_ERR_INVALID_CHARACTER_VALUE_FOR_CAST,
										  "the text is not a UUID");
				}
				else
					return conv_error(st, col, FQ_ERR_RESTRICTED_DATA_TYPE,
									  "this column cannot be converted to SQL_C_GUID");
				uuid_to_guid(b, out);
				return DRV_CONV_OK;
			}
		default:
			return conv_error(st, col, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
							  "unsupported C type");
	}
}

drv_conv
drv_convert(drv_stmt *st, const fq_vector *v, uint32_t row, int col,
			SQLSMALLINT ctype, SQLPOINTER buf, SQLLEN buflen, SQLLEN *ind,
			drv_getdata *gd)
{
	if (ctype == SQL_C_DEFAULT)
		ctype = drv_default_ctype(&v->type);

	if (is_null(v, row))
	{
		if (ind == NULL)
			return conv_error(st, col, FQ_ERR_NULL_VALUE_NO_INDICATOR,
							  "the value is NULL and no indicator buffer was given");
		*ind = SQL_NULL_DATA;
		if (gd != NULL)
			gd->done = true;
		return DRV_CONV_OK;
	}

	if (ctype == SQL_C_CHAR || ctype == SQL_C_WCHAR || ctype == SQL_C_BINARY)
	{
		drv_buf *rep;
		size_t offset = 0;

		/* Every type has a text form, so every type converts. */
		if (gd != NULL)
		{
			if (!gd->cached || gd->ctype != ctype)
			{
				if (!value_rep(st, v, row, ctype, &gd->buf))
				{
					drv_nomem(st->diags);
					return DRV_CONV_ERROR;
				}
				gd->cached = true;
				gd->ctype = ctype;
				gd->offset = 0;
			}
			rep = &gd->buf;
			offset = gd->offset;
		}
		else
		{
			if (!value_rep(st, v, row, ctype, &st->scratch))
			{
				drv_nomem(st->diags);
				return DRV_CONV_ERROR;
			}
			rep = &st->scratch;
		}
		return put_var(st, rep, offset, ctype, buf, buflen, ind, gd);
	}

	{
		union
		{
			SQLCHAR c;
			SQLSMALLINT s;
			SQLINTEGER i;
			SQLBIGINT b;
			SQLREAL f;
			SQLDOUBLE d;
			SQL_NUMERIC_STRUCT n;
			SQL_DATE_STRUCT date;
			SQL_TIME_STRUCT time;
			SQL_TIMESTAMP_STRUCT ts;
			SQLGUID guid;
		} tmp;
		SQLLEN size = drv_ctype_size(ctype);
		drv_conv rc;

		if (size <= 0)
			return conv_error(st, col, FQ_ERR_INVALID_APPLICATION_BUFFER_TYPE,
							  "unsupported C type");
		memset(&tmp, 0, sizeof(tmp));
		rc = convert_fixed(st, v, row, col, ctype, &tmp);
		if (rc == DRV_CONV_ERROR)
			return rc;
		if (buf != NULL)
			memcpy(buf, &tmp, (size_t) size);
		if (ind != NULL)
			*ind = size;
		if (gd != NULL)
			gd->done = true;
		return rc;
	}
}
