/*
 * types.c — engine types as ODBC sees them, and SQLGetTypeInfo.
 *
 * One table decides everything a client learns about a type: the SQL type
 * code (by the application's ODBC version: SQL_TYPE_DATE 91 for ODBC 3,
 * SQL_DATE 9 for ODBC 2), COLUMN_SIZE, DECIMAL_DIGITS, DISPLAY_SIZE and
 * OCTET_LENGTH by the rules of ODBC's Appendix D, and the TYPE_NAME that
 * SQLDescribeCol/SQL_DESC_TYPE_NAME, SQLColumns and SQLGetTypeInfo all
 * report, so a tool matching them up (Power BI does) always finds a match;
 * the names are PostgreSQL's own (pg_type.typname: int4, float8, bpchar,
 * text, ...), as psqlODBC gives them.
 *
 * Mapping choices (see driver/README.md):
 *   BOOLEAN -> SQL_BIT; SMALLINT/INTEGER/BIGINT -> SQL_SMALLINT/INTEGER/
 *   BIGINT; DECIMAL(p,s) -> SQL_NUMERIC (as psqlODBC and Redshift's driver);
 *   REAL/DOUBLE -> SQL_REAL/SQL_DOUBLE; CHAR(n) -> SQL_WCHAR; VARCHAR(n) ->
 *   SQL_WVARCHAR, unbounded VARCHAR (text) -> SQL_WLONGVARCHAR of 65535
 *   (Redshift's longest VARCHAR), as psqlODBC's Unicode driver reports
 *   them (TextAsLongVarchar), the ANSI codes to ODBC 2 applications; DATE,
 *   TIME, TIMESTAMP and TIMESTAMPTZ -> the datetime types; INTERVAL ->
 *   SQL_VARCHAR holding PostgreSQL's text (ODBC's interval types are
 *   poorly supported by clients); UUID -> SQL_GUID; BYTEA ->
 *   SQL_VARBINARY.  Strings are UTF-8, so a character may take 4 bytes:
 *   OCTET_LENGTH of VARCHAR(n) is 4n.
 */
#include "driver/driver.h"

#include <stdlib.h>
#include <string.h>

/* Longest PostgreSQL text form of an interval is 66 characters
 * ("-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808");
 * leave room. */
#define DRV_INTERVAL_SIZE 80

SQLSMALLINT
drv_sql_type_for_version(SQLSMALLINT t, bool odbc2)
{
	if (odbc2)
	{
		switch (t)
		{
			case SQL_TYPE_DATE:
				return SQL_DATE;
			case SQL_TYPE_TIME:
				return SQL_TIME;
			case SQL_TYPE_TIMESTAMP:
				return SQL_TIMESTAMP;
		}
	}
	else
	{
		switch (t)
		{
			case SQL_DATE:
				return SQL_TYPE_DATE;
			case SQL_TIME:
				return SQL_TYPE_TIME;
			case SQL_TIMESTAMP:
				return SQL_TYPE_TIMESTAMP;
		}
	}
	return t;
}

static int
fraction_digits(const fq_type *t)
{
	if (t->precision < 0 || t->precision > 6)
		return 6;
	return t->precision;
}

int
drv_numeric_scale(const drv_dbc *dbc)
{
	return dbc->session != NULL ? fq_session_numeric_scale(dbc->session) : 10;
}

void
drv_type_info(const fq_type *t, bool odbc2, int numeric_scale, drv_typeinfo *o)
{
	memset(o, 0, sizeof(*o));
	o->decimal_digits = -1;
	o->searchable = SQL_PRED_BASIC;
	o->radix = 0;
	switch (t->id)
	{
		case FQ_T_BOOL:
			o->sql_type = SQL_BIT;
			o->column_size = 1;
			o->display_size = 1;
			o->octet_length = 1;
			o->c_type = SQL_C_BIT;
			o->type_name = "bool";
			break;
		case FQ_T_INT2:
			o->sql_type = SQL_SMALLINT;
			o->column_size = 5;
			o->decimal_digits = 0;
			o->display_size = 6;
			o->octet_length = 2;
			o->radix = 10;
			o->c_type = SQL_C_SSHORT;
			o->type_name = "int2";
			break;
		case FQ_T_INT4:
			o->sql_type = SQL_INTEGER;
			o->column_size = 10;
			o->decimal_digits = 0;
			o->display_size = 11;
			o->octet_length = 4;
			o->radix = 10;
			o->c_type = SQL_C_SLONG;
			o->type_name = "int4";
			break;
		case FQ_T_INT8:
			o->sql_type = SQL_BIGINT;
			o->column_size = 19;
			o->decimal_digits = 0;
			o->display_size = 20;
			o->octet_length = 8;
			o->radix = 10;
			o->c_type = SQL_C_SBIGINT;
			o->type_name = "int8";
			break;
		case FQ_T_DECIMAL:
			{
				/* NUMERIC without (p,s): 38 digits, NumericScale places,
				 * as Redshift's DECIMAL(38, s) would show */
				int p = t->precision > 0 ? t->precision : DRV_DEC_MAX_DIGITS;
				int s = t->precision > 0 ? (t->scale > 0 ? t->scale : 0) : numeric_scale;

				o->sql_type = SQL_NUMERIC;
				o->column_size = p;
				o->decimal_digits = (SQLSMALLINT) s;
				/* sign, digits, and the point when there is a fraction */
				o->display_size = p + 1 + (s > 0 ? 1 : 0);
				o->octet_length = p + 2;
				o->radix = 10;
				o->c_type = SQL_C_CHAR;
				o->type_name = "numeric";
				break;
			}
		case FQ_T_FLOAT4:
			o->sql_type = SQL_REAL;
			o->column_size = 7;
			o->display_size = 14;
			o->octet_length = 4;
			o->radix = 10;
			o->c_type = SQL_C_FLOAT;
			o->type_name = "float4";
			break;
		case FQ_T_FLOAT8:
			o->sql_type = SQL_DOUBLE;
			o->column_size = 15;
			o->display_size = 24;
			o->octet_length = 8;
			o->radix = 10;
			o->c_type = SQL_C_DOUBLE;
			o->type_name = "float8";
			break;
		case FQ_T_CHAR:
			{
				SQLLEN n = t->length > 0 ? t->length : FQ_VARCHAR_MAX;

				o->sql_type = odbc2 ? SQL_CHAR : SQL_WCHAR;
				o->column_size = n;
				o->display_size = n;
				o->octet_length = 4 * n;
				o->c_type = odbc2 ? SQL_C_CHAR : SQL_C_WCHAR;
				o->case_sensitive = true;
				o->searchable = SQL_SEARCHABLE;
				o->type_name = "bpchar";
				o->literal_prefix = "'";
				o->literal_suffix = "'";
				break;
			}
		case FQ_T_VARCHAR:
		case FQ_T_UNKNOWN:
			{
				/* Without a length (text, varchar, and the types that
				 * arrive as their text: json, arrays, ...): a long type,
				 * as psqlODBC's TextAsLongVarchar, so that clients apply
				 * their long-data rules (DBD::ODBC's LongReadLen). */
				bool bounded = t->id == FQ_T_VARCHAR && t->length > 0;
				SQLLEN n = bounded ? t->length : FQ_VARCHAR_MAX;

				if (bounded || t->id == FQ_T_UNKNOWN)
					o->sql_type = odbc2 ? SQL_VARCHAR : SQL_WVARCHAR;
				else
					o->sql_type = odbc2 ? SQL_LONGVARCHAR : SQL_WLONGVARCHAR;
				o->column_size = n;
				o->display_size = n;
				o->octet_length = 4 * n;
				o->c_type = odbc2 ? SQL_C_CHAR : SQL_C_WCHAR;
				o->case_sensitive = true;
				o->searchable = SQL_SEARCHABLE;
				o->type_name = bounded || t->id == FQ_T_UNKNOWN ? "varchar" : "text";
				o->literal_prefix = "'";
				o->literal_suffix = "'";
				break;
			}
		case FQ_T_DATE:
			o->sql_type = SQL_TYPE_DATE;
			o->verbose_type = SQL_DATETIME;
			o->datetime_sub = SQL_CODE_DATE;
			o->column_size = 10;
			o->display_size = 10;
			o->octet_length = sizeof(SQL_DATE_STRUCT);
			o->c_type = SQL_C_TYPE_DATE;
			o->type_name = "date";
			o->literal_prefix = "'";
			o->literal_suffix = "'";
			break;
		case FQ_T_TIME:
			{
				int f = fraction_digits(t);

				o->sql_type = SQL_TYPE_TIME;
				o->verbose_type = SQL_DATETIME;
				o->datetime_sub = SQL_CODE_TIME;
				o->column_size = 8 + (f > 0 ? 1 + f : 0);
				o->decimal_digits = (SQLSMALLINT) f;
				o->display_size = o->column_size;
				o->octet_length = sizeof(SQL_TIME_STRUCT);
				o->c_type = SQL_C_TYPE_TIME;
				o->type_name = "time";
				o->literal_prefix = "'";
				o->literal_suffix = "'";
				break;
			}
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			{
				int f = fraction_digits(t);

				o->sql_type = SQL_TYPE_TIMESTAMP;
				o->verbose_type = SQL_DATETIME;
				o->datetime_sub = SQL_CODE_TIMESTAMP;
				o->column_size = 19 + (f > 0 ? 1 + f : 0);
				o->decimal_digits = (SQLSMALLINT) f;
				o->display_size = o->column_size;
				o->octet_length = sizeof(SQL_TIMESTAMP_STRUCT);
				o->c_type = SQL_C_TYPE_TIMESTAMP;
				o->type_name = t->id == FQ_T_TIMESTAMP ? "timestamp" : "timestamptz";
				o->literal_prefix = "'";
				o->literal_suffix = "'";
				break;
			}
		case FQ_T_INTERVAL:
			o->sql_type = odbc2 ? SQL_VARCHAR : SQL_WVARCHAR;
			o->column_size = DRV_INTERVAL_SIZE;
			o->display_size = DRV_INTERVAL_SIZE;
			o->octet_length = DRV_INTERVAL_SIZE;
			o->c_type = SQL_C_CHAR;
			o->type_name = "interval";
			o->literal_prefix = "'";
			o->literal_suffix = "'";
			break;
		case FQ_T_UUID:
			o->sql_type = SQL_GUID;
			o->column_size = 36;
			o->display_size = 36;
			o->octet_length = 16;
			o->c_type = SQL_C_GUID;
			o->type_name = "uuid";
			o->literal_prefix = "'";
			o->literal_suffix = "'";
			break;
		case FQ_T_BYTEA:
			{
				SQLLEN n = t->length > 0 ? t->length : FQ_VARCHAR_MAX;

				o->sql_type = SQL_VARBINARY;
				o->column_size = n;
				o->display_size = 2 * n;
				o->octet_length = n;
				o->c_type = SQL_C_BINARY;
				o->type_name = "bytea";
				o->literal_prefix = "'\\x";
				o->literal_suffix = "'";
				break;
			}
		default:
			/* A type this driver does not know: its text. */
			o->sql_type = odbc2 ? SQL_LONGVARCHAR : SQL_WLONGVARCHAR;
			o->column_size = FQ_VARCHAR_MAX;
			o->display_size = FQ_VARCHAR_MAX;
			o->octet_length = 4 * FQ_VARCHAR_MAX;
			o->c_type = odbc2 ? SQL_C_CHAR : SQL_C_WCHAR;
			o->type_name = "text";
			break;
	}
	if (o->verbose_type == 0)
		o->verbose_type = o->sql_type;
	else if (odbc2)
		/* ODBC 2 has no verbose datetime type: SQL_DESC_TYPE is the
		 * concise ODBC 2 code. */
		o->verbose_type = drv_sql_type_for_version(o->sql_type, true);
	o->sql_type = drv_sql_type_for_version(o->sql_type, odbc2);
}

bool
drv_fq_type_for_sql(SQLSMALLINT sql_type, SQLULEN colsize, SQLSMALLINT digits,
					fq_type *out)
{
	memset(out, 0, sizeof(*out));
	out->length = -1;
	switch (sql_type)
	{
		case SQL_CHAR:
		case SQL_VARCHAR:
		case SQL_LONGVARCHAR:
		case SQL_WCHAR:
		case SQL_WVARCHAR:
		case SQL_WLONGVARCHAR:
			/* The engine coerces text to the parameter's type as it would
			 * an untyped literal. */
			out->id = FQ_T_VARCHAR;
			return true;
		case SQL_DECIMAL:
		case SQL_NUMERIC:
			out->id = FQ_T_DECIMAL;
			/* A bound size the application gave; none means NUMERIC
			 * without (p,s), keeping each value's own places. */
			if (colsize >= 1 && colsize <= FQ_NUMERIC_MAX_PREC)
			{
				out->precision = (int16_t) colsize;
				out->scale = (int16_t) (digits >= 0 && digits <= out->precision ? digits : 0);
			}
			return true;
		case SQL_BIT:
			out->id = FQ_T_BOOL;
			return true;
		case SQL_TINYINT:
		case SQL_SMALLINT:
			out->id = FQ_T_INT2;
			return true;
		case SQL_INTEGER:
			out->id = FQ_T_INT4;
			return true;
		case SQL_BIGINT:
			out->id = FQ_T_INT8;
			return true;
		case SQL_REAL:
			out->id = FQ_T_FLOAT4;
			return true;
		case SQL_FLOAT:
		case SQL_DOUBLE:
			out->id = FQ_T_FLOAT8;
			return true;
		case SQL_TYPE_DATE:
		case SQL_DATE:
			out->id = FQ_T_DATE;
			return true;
		case SQL_TYPE_TIME:
		case SQL_TIME:
			out->id = FQ_T_TIME;
			out->precision = 6;
			return true;
		case SQL_TYPE_TIMESTAMP:
		case SQL_TIMESTAMP:
			out->id = FQ_T_TIMESTAMP;
			out->precision = 6;
			return true;
		case SQL_GUID:
			out->id = FQ_T_UUID;
			return true;
		case SQL_BINARY:
		case SQL_VARBINARY:
		case SQL_LONGVARBINARY:
			out->id = FQ_T_BYTEA;
			return true;
		default:
			return false;
	}
}

bool
drv_valid_sqltype(SQLSMALLINT t)
{
	fq_type dummy;

	return drv_fq_type_for_sql(t, 0, 0, &dummy);
}

SQLLEN
drv_ctype_size(SQLSMALLINT ctype)
{
	switch (ctype)
	{
		case SQL_C_CHAR:
		case SQL_C_WCHAR:
		case SQL_C_BINARY:
			return 0;
		case SQL_C_BIT:
		case SQL_C_TINYINT:
		case SQL_C_STINYINT:
		case SQL_C_UTINYINT:
			return 1;
		case SQL_C_SHORT:
		case SQL_C_SSHORT:
		case SQL_C_USHORT:
			return sizeof(SQLSMALLINT);
		case SQL_C_LONG:
		case SQL_C_SLONG:
		case SQL_C_ULONG:
			return sizeof(SQLINTEGER);
		case SQL_C_SBIGINT:
		case SQL_C_UBIGINT:
			return sizeof(SQLBIGINT);
		case SQL_C_FLOAT:
			return sizeof(SQLREAL);
		case SQL_C_DOUBLE:
			return sizeof(SQLDOUBLE);
		case SQL_C_NUMERIC:
			return sizeof(SQL_NUMERIC_STRUCT);
		case SQL_C_TYPE_DATE:
		case SQL_C_DATE:
			return sizeof(SQL_DATE_STRUCT);
		case SQL_C_TYPE_TIME:
		case SQL_C_TIME:
			return sizeof(SQL_TIME_STRUCT);
		case SQL_C_TYPE_TIMESTAMP:
		case SQL_C_TIMESTAMP:
			return sizeof(SQL_TIMESTAMP_STRUCT);
		case SQL_C_GUID:
			return sizeof(SQLGUID);
		default:
			return -1;
	}
}

bool
drv_valid_ctype(SQLSMALLINT ctype)
{
	return ctype == SQL_C_DEFAULT || drv_ctype_size(ctype) >= 0;
}

SQLSMALLINT
drv_default_ctype(const fq_type *t)
{
	drv_typeinfo ti;

	drv_type_info(t, false, 0, &ti);
	return ti.c_type;
}

/* ------------------------------------------------------------------ */
/* Helpers to build driver results                                     */
/* ------------------------------------------------------------------ */

fq_value
drv_val_str(const char *s)
{
	fq_value v;

	memset(&v, 0, sizeof(v));
	v.type.id = FQ_T_VARCHAR;
	v.type.length = -1;
	if (s == NULL)
		v.isnull = true;
	else
	{
		v.v.s.ptr = s;
		v.v.s.len = (uint32_t) strlen(s);
	}
	return v;
}

fq_value
drv_val_int2(int i)
{
	fq_value v;

	memset(&v, 0, sizeof(v));
	v.type.id = FQ_T_INT2;
	v.v.i = i;
	return v;
}

fq_value
drv_val_int4(int32_t i)
{
	fq_value v;

	memset(&v, 0, sizeof(v));
	v.type.id = FQ_T_INT4;
	v.v.i = i;
	return v;
}

fq_value
drv_val_null(fq_type_id id)
{
	fq_value v;

	memset(&v, 0, sizeof(v));
	v.type.id = id;
	v.type.length = -1;
	v.isnull = true;
	return v;
}

fq_column
drv_col_def(const char *name, fq_type_id id, int nullable)
{
	/* Names are at most 128 characters; other text columns of catalog
	 * results are short labels or remarks. */
	return drv_col_def_len(name, id, nullable, id == FQ_T_VARCHAR ? 128 : -1);
}

fq_column
drv_col_def_len(const char *name, fq_type_id id, int nullable, int32_t length)
{
	fq_column c;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.type.id = id;
	c.type.length = length;
	c.nullable = nullable;
	c.type_name = id == FQ_T_INT2 ? "smallint" : id == FQ_T_INT4 ? "integer" : "varchar";
	c.base_column = "";
	c.table = "";
	c.schema = "";
	c.catalog = "";
	return c;
}

/* ------------------------------------------------------------------ */
/* SQLGetTypeInfo                                                      */
/* ------------------------------------------------------------------ */

typedef struct type_row
{
	fq_type type;
	const char *create_params;
	int min_scale; /* -1 = NULL */
	int max_scale;
} type_row;

/* One row per engine type, in the order ODBC wants within one DATA_TYPE:
 * the closest match first. */
static const type_row type_rows[] = {
	{{FQ_T_UUID, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_BOOL, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_INT8, -1, 0, 0}, NULL, 0, 0},
	{{FQ_T_BYTEA, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_CHAR, -1, 0, 0}, "length", -1, -1},
	{{FQ_T_DECIMAL, -1, FQ_NUMERIC_MAX_PREC, 0}, "precision,scale", 0, FQ_NUMERIC_MAX_PREC},
	{{FQ_T_INT4, -1, 0, 0}, NULL, 0, 0},
	{{FQ_T_INT2, -1, 0, 0}, NULL, 0, 0},
	{{FQ_T_FLOAT4, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_FLOAT8, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_VARCHAR, FQ_VARCHAR_MAX, 0, 0}, "max length", -1, -1},
	{{FQ_T_VARCHAR, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_INTERVAL, -1, 6, 0}, NULL, -1, -1},
	{{FQ_T_DATE, -1, 0, 0}, NULL, -1, -1},
	{{FQ_T_TIME, -1, 6, 0}, NULL, 0, 6},
	{{FQ_T_TIMESTAMP, -1, 6, 0}, NULL, 0, 6},
	{{FQ_T_TIMESTAMPTZ, -1, 6, 0}, NULL, 0, 6},
};

#define NTYPE_ROWS ((int) (sizeof(type_rows) / sizeof(type_rows[0])))

/* The ANSI code of a wide character type (0 for other types). */
static SQLSMALLINT
ansi_twin(SQLSMALLINT t)
{
	switch (t)
	{
		case SQL_WCHAR:
			return SQL_CHAR;
		case SQL_WVARCHAR:
			return SQL_VARCHAR;
		case SQL_WLONGVARCHAR:
			return SQL_LONGVARCHAR;
		default:
			return 0;
	}
}

/* A row of SQLGetTypeInfo's result: a type under one DATA_TYPE.  The
 * character types are listed under their wide code and their ANSI one,
 * as psqlODBC's Unicode driver lists them, so an application asking for
 * SQL_VARCHAR finds varchar. */
typedef struct type_entry
{
	const type_row *row;
	SQLSMALLINT sql_type;
	int key;
} type_entry;

SQLRETURN
drv_type_info_result(drv_stmt *st, SQLSMALLINT data_type)
{
	bool odbc2 = drv_odbc2(st->dbc);
	type_entry order[2 * NTYPE_ROWS];
	int n = 0;
	fq_column cols[19];
	SQLRETURN rc;

	if (data_type != SQL_ALL_TYPES && !drv_valid_sqltype(data_type))
		return drv_error(st->diags, FQ_ERR_INVALID_SQL_DATA_TYPE,
						 "invalid SQL data type %d", (int) data_type);

	cols[0] = drv_col_def_len("TYPE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO, 32);
	cols[1] = drv_col_def("DATA_TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[2] = drv_col_def(odbc2 ? "PRECISION" : "COLUMN_SIZE", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[3] = drv_col_def_len("LITERAL_PREFIX", FQ_T_VARCHAR, FQ_NULLABLE_YES, 8);
	cols[4] = drv_col_def_len("LITERAL_SUFFIX", FQ_T_VARCHAR, FQ_NULLABLE_YES, 8);
	cols[5] = drv_col_def_len("CREATE_PARAMS", FQ_T_VARCHAR, FQ_NULLABLE_YES, 32);
	cols[6] = drv_col_def("NULLABLE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[7] = drv_col_def("CASE_SENSITIVE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[8] = drv_col_def("SEARCHABLE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[9] = drv_col_def("UNSIGNED_ATTRIBUTE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[10] = drv_col_def(odbc2 ? "MONEY" : "FIXED_PREC_SCALE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[11] = drv_col_def(odbc2 ? "AUTO_INCREMENT" : "AUTO_UNIQUE_VALUE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[12] = drv_col_def_len("LOCAL_TYPE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES, 32);
	cols[13] = drv_col_def("MINIMUM_SCALE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[14] = drv_col_def("MAXIMUM_SCALE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[15] = drv_col_def("SQL_DATA_TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[16] = drv_col_def("SQL_DATETIME_SUB", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[17] = drv_col_def("NUM_PREC_RADIX", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[18] = drv_col_def("INTERVAL_PRECISION", FQ_T_INT2, FQ_NULLABLE_YES);
	rc = drv_stmt_begin_rows(st, cols, 19);
	if (rc != SQL_SUCCESS)
		return rc;

	/* Insertion sort by DATA_TYPE, then the table's order (closest match
	 * first): a few dozen rows. */
	for (int i = 0; i < NTYPE_ROWS; i++)
	{
		drv_typeinfo ti;
		SQLSMALLINT codes[2];
		int ncodes = 1;

		drv_type_info(&type_rows[i].type, odbc2, 0, &ti);
		codes[0] = ti.sql_type;
		if (ansi_twin(ti.sql_type) != 0)
			codes[ncodes++] = ansi_twin(ti.sql_type);
		for (int k = 0; k < ncodes; k++)
		{
			type_entry e = {&type_rows[i], codes[k], codes[k] * 100 + i};
			int j = n++;

			while (j > 0 && order[j - 1].key > e.key)
			{
				order[j] = order[j - 1];
				j--;
			}
			order[j] = e;
		}
	}

	for (int i = 0; i < n; i++)
	{
		const type_row *r = order[i].row;
		drv_typeinfo ti;
		fq_value v[19];
		bool numeric;
		SQLLEN size;

		drv_type_info(&r->type, odbc2, 0, &ti);
		if (ti.sql_type != order[i].sql_type)
			ti.sql_type = ti.verbose_type = order[i].sql_type;
		if (data_type != SQL_ALL_TYPES &&
			drv_sql_type_for_version(data_type, odbc2) != ti.sql_type)
			continue;
		numeric = ti.radix != 0;
		/* COLUMN_SIZE is the largest size the type allows. */
		size = ti.column_size;
		v[0] = drv_val_str(ti.type_name);
		v[1] = drv_val_int2(ti.sql_type);
		v[2] = drv_val_int4((int32_t) size);
		v[3] = drv_val_str(ti.literal_prefix);
		v[4] = drv_val_str(ti.literal_suffix);
		v[5] = drv_val_str(r->create_params);
		v[6] = drv_val_int2(SQL_NULLABLE);
		v[7] = drv_val_int2(ti.case_sensitive ? SQL_TRUE : SQL_FALSE);
		v[8] = drv_val_int2(ti.searchable);
		v[9] = numeric ? drv_val_int2(SQL_FALSE) : drv_val_null(FQ_T_INT2);
		v[10] = drv_val_int2(SQL_FALSE);
		v[11] = numeric ? drv_val_int2(SQL_FALSE) : drv_val_null(FQ_T_INT2);
		v[12] = drv_val_str(ti.type_name);
		v[13] = r->min_scale >= 0 ? drv_val_int2(r->min_scale) : drv_val_null(FQ_T_INT2);
		v[14] = r->max_scale >= 0 ? drv_val_int2(r->max_scale) : drv_val_null(FQ_T_INT2);
		v[15] = drv_val_int2(ti.verbose_type);
		v[16] = ti.datetime_sub ? drv_val_int2(ti.datetime_sub) : drv_val_null(FQ_T_INT2);
		v[17] = numeric ? drv_val_int4(ti.radix) : drv_val_null(FQ_T_INT4);
		v[18] = drv_val_null(FQ_T_INT2);
		rc = drv_stmt_add_row(st, v);
		if (rc != SQL_SUCCESS)
			return rc;
	}
	return drv_stmt_rows_done(st);
}
