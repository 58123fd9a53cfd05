/*
 * catalog_extra.c — the catalog functions tools call besides the common
 * ones: SQLSpecialColumns(W), SQLProcedures(W), SQLProcedureColumns(W),
 * SQLTablePrivileges(W), SQLColumnPrivileges(W).
 *
 * - SQLSpecialColumns(SQL_BEST_ROWID): the columns that identify a row,
 *   read from the source that holds the table as SQLPrimaryKeys and
 *   SQLStatistics are: the primary key, else the first unique index (by
 *   name) over plain columns without a WHERE (with SQL_NO_NULLS, one whose
 *   columns are all NOT NULL); scope SQL_SCOPE_SESSION, as psqlODBC
 *   reports.  SQL_ROWVER: no rows — fedq shows no column a source changes
 *   on every update (psqlODBC shows xmin only with RowVersioning=1).
 * - SQLProcedures, SQLProcedureColumns: results with ODBC's columns and no
 *   rows.  fedq has no procedures to call: `{call ...}` is refused and
 *   SQL_PROCEDURES says "N"; a warehouse's functions are reached as
 *   functions in SELECT.
 * - SQLTablePrivileges, SQLColumnPrivileges: the warehouse's grants, from
 *   its information_schema (the statement is sent to it as SQL, as
 *   psqlODBC does).  Tables of external schemas have no rows: fedq reads
 *   them with SELECT only, and whether that is allowed is the source's
 *   decision when the query runs.  Without a warehouse, no rows.
 */
#include "driver/driver.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

typedef struct args4
{
	char *a[4];
	bool ok;
} args4;

static void
args_ansi(args4 *x, SQLCHAR *s1, SQLSMALLINT n1, SQLCHAR *s2, SQLSMALLINT n2,
		  SQLCHAR *s3, SQLSMALLINT n3, SQLCHAR *s4, SQLSMALLINT n4)
{
	bool ok[4];

	x->a[0] = drv_str_dup(s1, n1, &ok[0]);
	x->a[1] = drv_str_dup(s2, n2, &ok[1]);
	x->a[2] = drv_str_dup(s3, n3, &ok[2]);
	x->a[3] = drv_str_dup(s4, n4, &ok[3]);
	x->ok = ok[0] && ok[1] && ok[2] && ok[3];
}

static void
args_wide(args4 *x, SQLWCHAR *s1, SQLSMALLINT n1, SQLWCHAR *s2, SQLSMALLINT n2,
		  SQLWCHAR *s3, SQLSMALLINT n3, SQLWCHAR *s4, SQLSMALLINT n4)
{
	bool ok[4];

	x->a[0] = drv_wstr_dup(s1, n1, &ok[0]);
	x->a[1] = drv_wstr_dup(s2, n2, &ok[1]);
	x->a[2] = drv_wstr_dup(s3, n3, &ok[2]);
	x->a[3] = drv_wstr_dup(s4, n4, &ok[3]);
	x->ok = ok[0] && ok[1] && ok[2] && ok[3];
}

static void
args_free(args4 *x)
{
	for (int i = 0; i < 4; i++)
		free(x->a[i]);
}

/* A name as a LIKE pattern matching only itself. */
static char *
literal_pattern(const char *s)
{
	drv_buf b = {0};

	for (; *s != '\0'; s++)
	{
		if (*s == '%' || *s == '_' || *s == '\\')
			drv_buf_append(&b, "\\", 1);
		drv_buf_append(&b, s, 1);
	}
	drv_buf_append(&b, "", 0);
	if (b.failed)
	{
		drv_buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* ------------------------------------------------------------------ */
/* SQLSpecialColumns                                                   */
/* ------------------------------------------------------------------ */

typedef struct cols_call
{
	const char *schema;
	const char *table;
	const fq_column_info *list;
	size_t n;
} cols_call;

static int
call_list_columns(drv_stmt *st, void *arg)
{
	cols_call *c = arg;

	return fq_stmt_list_columns(st->fq, c->schema, c->table, NULL, &c->list, &c->n);
}

/* One row of the result, its column's description copied. */
typedef struct special_row
{
	char *name;
	fq_type type;
	int nullable;
} special_row;

static void
free_special(special_row *r, size_t n)
{
	for (size_t i = 0; r != NULL && i < n; i++)
		free(r[i].name);
	free(r);
}

static int
cmp_key(const void *x, const void *y)
{
	const fq_key_info *a = x;
	const fq_key_info *b = y;
	int c = strcmp(a->name != NULL ? a->name : "", b->name != NULL ? b->name : "");

	return c != 0 ? c : a->seq - b->seq;
}

/* The column `name` among the table's columns, or NULL. */
static const fq_column_info *
find_column(const fq_column_info *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i].name != NULL && strcmp(cols[i].name, name) == 0)
			return &cols[i];
	return NULL;
}

/*
 * The rows for key entries [from, to) of keys: false when one of them is
 * not a plain column of the table, or (no_nulls) may be NULL.
 */
static bool
key_rows(const fq_key_info *keys, size_t from, size_t to, const fq_column_info *cols,
		 size_t ncols, bool no_nulls, special_row **out, size_t *nout)
{
	special_row *r;

	*out = NULL;
	*nout = 0;
	for (size_t i = from; i < to; i++)
	{
		const fq_column_info *c;

		if (keys[i].column == NULL || keys[i].filter != NULL ||
			(c = find_column(cols, ncols, keys[i].column)) == NULL ||
			(no_nulls && c->nullable != FQ_NULLABLE_NO))
			return false;
	}
	if ((r = calloc(to - from + 1, sizeof(*r))) == NULL)
		return true; /* *out NULL with *nout 0 < to - from: out of memory */
	for (size_t i = from; i < to; i++)
	{
		const fq_column_info *c = find_column(cols, ncols, keys[i].column);

		r[i - from].type = c->type;
		r[i - from].nullable = c->nullable;
		if ((r[i - from].name = drv_strdup(c->name)) == NULL)
		{
			free_special(r, to - from);
			return true;
		}
	}
	*out = r;
	*nout = to - from;
	return true;
}

/* Picks the row identifier of the table: the primary key, else the first
 * usable unique index.  *rows NULL with rc SQL_SUCCESS: none. */
static SQLRETURN
best_rowid(drv_stmt *st, const char *cat, const char *schema, const char *table,
		   bool no_nulls, special_row **rows, size_t *nrows)
{
	fq_key_info *keys = NULL;
	char **strings = NULL;
	size_t n = 0;
	cols_call cc = {0};
	char *sp = NULL;
	char *tp = NULL;
	SQLRETURN rc;
	bool primary = true;
	int erc;

	*rows = NULL;
	*nrows = 0;
	rc = drv_table_key_list(st, FQ_KEYS_PRIMARY, cat, schema, table, "SQLSpecialColumns",
							&keys, &strings, &n);
	if (rc == SQL_SUCCESS && n == 0)
	{
		drv_key_list_free(keys, strings);
		primary = false;
		rc = drv_table_key_list(st, FQ_KEYS_INDEXES, cat, schema, table, "SQLSpecialColumns",
								&keys, &strings, &n);
	}
	if (rc != SQL_SUCCESS || n == 0)
	{
		drv_key_list_free(keys, strings);
		return rc;
	}
	qsort(keys, n, sizeof(*keys), cmp_key);
	/* The table's columns, for their types and nullability. */
	sp = literal_pattern(keys[0].schema != NULL ? keys[0].schema : "");
	tp = literal_pattern(keys[0].table != NULL ? keys[0].table : "");
	if (sp == NULL || tp == NULL)
	{
		free(sp);
		free(tp);
		drv_key_list_free(keys, strings);
		return drv_nomem(st->diags);
	}
	cc.schema = sp;
	cc.table = tp;
	erc = drv_stmt_engine_call(st, call_list_columns, &cc);
	free(sp);
	free(tp);
	if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), erc) != SQL_SUCCESS)
	{
		drv_key_list_free(keys, strings);
		return SQL_ERROR;
	}
	for (size_t from = 0; from < n && *rows == NULL;)
	{
		size_t to = from + 1;

		while (to < n && strcmp(keys[to].name != NULL ? keys[to].name : "",
								keys[from].name != NULL ? keys[from].name : "") == 0)
			to++;
		if ((primary || keys[from].kind == 'u' || keys[from].kind == 'p') &&
			key_rows(keys, from, to, cc.list, cc.n, no_nulls && !primary, rows, nrows) &&
			*rows == NULL)
		{
			drv_key_list_free(keys, strings);
			return drv_nomem(st->diags);
		}
		from = to;
	}
	drv_key_list_free(keys, strings);
	return SQL_SUCCESS;
}

SQLRETURN
drv_special_columns(drv_stmt *st, SQLUSMALLINT idtype, const char *cat, const char *schema,
					const char *table, SQLUSMALLINT scope, SQLUSMALLINT nullable)
{
	bool odbc2 = drv_odbc2(st->dbc);
	fq_column cols[8];
	special_row *rows = NULL;
	size_t n = 0;
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if (idtype != SQL_BEST_ROWID && idtype != SQL_ROWVER)
		return drv_error(st->diags, FQ_ERR_INVALID_COLUMN_TYPE,
						 "IdentifierType must be SQL_BEST_ROWID or SQL_ROWVER");
	if (scope != SQL_SCOPE_CURROW && scope != SQL_SCOPE_TRANSACTION && scope != SQL_SCOPE_SESSION)
		return drv_error(st->diags, FQ_ERR_INVALID_SCOPE_TYPE,
						 "Scope must be SQL_SCOPE_CURROW, SQL_SCOPE_TRANSACTION or SQL_SCOPE_SESSION");
	if (nullable != SQL_NO_NULLS && nullable != SQL_NULLABLE)
		return drv_error(st->diags, FQ_ERR_INVALID_NULLABLE_TYPE,
						 "Nullable must be SQL_NO_NULLS or SQL_NULLABLE");
	if (table == NULL)
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "SQLSpecialColumns needs a TableName");
	if (idtype == SQL_BEST_ROWID &&
		(rc = best_rowid(st, cat, schema, table, nullable == SQL_NO_NULLS, &rows, &n)) != SQL_SUCCESS)
		return rc;
	cols[0] = drv_col_def("SCOPE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[1] = drv_col_def("COLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[2] = drv_col_def("DATA_TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[3] = drv_col_def_len("TYPE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO, 32);
	cols[4] = drv_col_def(odbc2 ? "PRECISION" : "COLUMN_SIZE", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[5] = drv_col_def(odbc2 ? "LENGTH" : "BUFFER_LENGTH", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[6] = drv_col_def(odbc2 ? "SCALE" : "DECIMAL_DIGITS", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[7] = drv_col_def("PSEUDO_COLUMN", FQ_T_INT2, FQ_NULLABLE_YES);
	rc = drv_stmt_begin_rows(st, cols, 8);
	for (size_t i = 0; i < n && rc == SQL_SUCCESS; i++)
	{
		drv_typeinfo ti;
		fq_value v[8];

		drv_type_info(&rows[i].type, odbc2, drv_numeric_scale(st->dbc), &ti);
		v[0] = drv_val_int2(SQL_SCOPE_SESSION);
		v[1] = drv_val_str(rows[i].name);
		v[2] = drv_val_int2(ti.sql_type);
		v[3] = drv_val_str(ti.type_name);
		v[4] = drv_val_int4((int32_t) ti.column_size);
		v[5] = drv_val_int4((int32_t) ti.octet_length);
		v[6] = ti.decimal_digits >= 0 ? drv_val_int2(ti.decimal_digits) : drv_val_null(FQ_T_INT2);
		v[7] = drv_val_int2(SQL_PC_NOT_PSEUDO);
		rc = drv_stmt_add_row(st, v);
	}
	free_special(rows, n);
	return rc != SQL_SUCCESS ? rc : drv_stmt_rows_done(st);
}

/* ------------------------------------------------------------------ */
/* SQLProcedures, SQLProcedureColumns                                  */
/* ------------------------------------------------------------------ */

typedef struct coldef
{
	const char *name;
	const char *odbc2_name; /* NULL: the same */
	fq_type_id type;
	int nullable;
	int32_t length; /* VARCHAR only; 0: identifier length */
} coldef;

static SQLRETURN
no_rows(drv_stmt *st, const coldef *defs, int n)
{
	fq_column cols[20];
	bool odbc2 = drv_odbc2(st->dbc);
	SQLRETURN rc;

	for (int i = 0; i < n; i++)
	{
		const char *name = odbc2 && defs[i].odbc2_name != NULL ? defs[i].odbc2_name : defs[i].name;

		cols[i] = defs[i].length > 0 ?
			drv_col_def_len(name, defs[i].type, defs[i].nullable, defs[i].length) :
			drv_col_def(name, defs[i].type, defs[i].nullable);
	}
	rc = drv_stmt_begin_rows(st, cols, n);
	return rc != SQL_SUCCESS ? rc : drv_stmt_rows_done(st);
}

static const coldef procedure_cols[] = {
	{"PROCEDURE_CAT", "PROCEDURE_QUALIFIER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"PROCEDURE_SCHEM", "PROCEDURE_OWNER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"PROCEDURE_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"NUM_INPUT_PARAMS", NULL, FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"NUM_OUTPUT_PARAMS", NULL, FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"NUM_RESULT_SETS", NULL, FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"REMARKS", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 254},
	{"PROCEDURE_TYPE", NULL, FQ_T_INT2, FQ_NULLABLE_YES, 0},
};

static const coldef procedure_column_cols[] = {
	{"PROCEDURE_CAT", "PROCEDURE_QUALIFIER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"PROCEDURE_SCHEM", "PROCEDURE_OWNER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"PROCEDURE_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"COLUMN_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"COLUMN_TYPE", NULL, FQ_T_INT2, FQ_NULLABLE_NO, 0},
	{"DATA_TYPE", NULL, FQ_T_INT2, FQ_NULLABLE_NO, 0},
	{"TYPE_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 32},
	{"COLUMN_SIZE", "PRECISION", FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"BUFFER_LENGTH", "LENGTH", FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"DECIMAL_DIGITS", "SCALE", FQ_T_INT2, FQ_NULLABLE_YES, 0},
	{"NUM_PREC_RADIX", "RADIX", FQ_T_INT2, FQ_NULLABLE_YES, 0},
	{"NULLABLE", NULL, FQ_T_INT2, FQ_NULLABLE_NO, 0},
	{"REMARKS", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 254},
	{"COLUMN_DEF", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 254},
	{"SQL_DATA_TYPE", NULL, FQ_T_INT2, FQ_NULLABLE_NO, 0},
	{"SQL_DATETIME_SUB", NULL, FQ_T_INT2, FQ_NULLABLE_YES, 0},
	{"CHAR_OCTET_LENGTH", NULL, FQ_T_INT4, FQ_NULLABLE_YES, 0},
	{"ORDINAL_POSITION", NULL, FQ_T_INT4, FQ_NULLABLE_NO, 0},
	{"IS_NULLABLE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 3},
};

#define NDEFS(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* No procedures (see the top of this file); the arguments are still
 * checked as for any catalog function. */
static SQLRETURN
procedures(drv_stmt *st, args4 *x, bool columns)
{
	char *p[3] = {NULL, NULL, NULL};
	SQLRETURN rc = SQL_SUCCESS;

	if (!x->ok)
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH, "invalid string length");
	else if (!drv_stmt_check_idle(st))
		rc = SQL_ERROR;
	else if (!drv_catalog_pattern(st, x->a[1], "SchemaName", &p[0]) ||
			 !drv_catalog_pattern(st, x->a[2], "ProcName", &p[1]) ||
			 (columns && !drv_catalog_pattern(st, x->a[3], "ColumnName", &p[2])))
		rc = SQL_ERROR;
	for (int i = 0; i < 3; i++)
		free(p[i]);
	args_free(x);
	if (rc != SQL_SUCCESS)
		return rc;
	return columns ? no_rows(st, procedure_column_cols, NDEFS(procedure_column_cols)) :
		no_rows(st, procedure_cols, NDEFS(procedure_cols));
}

/* ------------------------------------------------------------------ */
/* SQLTablePrivileges, SQLColumnPrivileges                             */
/* ------------------------------------------------------------------ */

static const coldef table_priv_cols[] = {
	{"TABLE_CAT", "TABLE_QUALIFIER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"TABLE_SCHEM", "TABLE_OWNER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"TABLE_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"GRANTOR", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"GRANTEE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"PRIVILEGE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"IS_GRANTABLE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 3},
};

static const coldef column_priv_cols[] = {
	{"TABLE_CAT", "TABLE_QUALIFIER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"TABLE_SCHEM", "TABLE_OWNER", FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"TABLE_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"COLUMN_NAME", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"GRANTOR", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 0},
	{"GRANTEE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"PRIVILEGE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_NO, 0},
	{"IS_GRANTABLE", NULL, FQ_T_VARCHAR, FQ_NULLABLE_YES, 3},
};

/* Appends a string literal (standard_conforming_strings: only quotes
 * double). */
static void
put_literal(drv_buf *b, const char *s)
{
	drv_buf_puts(b, "'");
	for (; *s != '\0'; s++)
	{
		if (*s == '\'')
			drv_buf_puts(b, "''");
		else
			drv_buf_append(b, s, 1);
	}
	drv_buf_puts(b, "'");
}

/* AND <column> LIKE <pattern> (nothing for NULL: any). */
static void
put_like(drv_buf *b, const char *column, const char *pattern)
{
	if (pattern == NULL)
		return;
	drv_buf_printf(b, " AND %s LIKE ", column);
	put_literal(b, pattern);
}

static SQLRETURN
privileges(drv_stmt *st, args4 *x, bool columns)
{
	char *sp = NULL;
	char *tp = NULL;
	char *cp = NULL;
	drv_buf q = {0};
	SQLRETURN rc = SQL_SUCCESS;
	const coldef *defs = columns ? column_priv_cols : table_priv_cols;
	int ndefs = columns ? NDEFS(column_priv_cols) : NDEFS(table_priv_cols);

	if (!x->ok)
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH, "invalid string length");
	else if (!drv_stmt_check_idle(st))
		rc = SQL_ERROR;
	else if (columns && x->a[2] == NULL)
		rc = drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
					   "SQLColumnPrivileges needs a TableName");
	else if (columns)
	{
		/* Schema and table are names here (identifiers with
		 * SQL_ATTR_METADATA_ID), the column a pattern. */
		bool schema_given = x->a[1] != NULL && x->a[1][0] != '\0';

		if (!drv_catalog_pattern(st, x->a[3], "ColumnName", &cp))
			rc = SQL_ERROR;
		else if (st->metadata_id == SQL_TRUE)
		{
			if ((schema_given && !drv_catalog_pattern(st, x->a[1], "SchemaName", &sp)) ||
				!drv_catalog_pattern(st, x->a[2], "TableName", &tp))
				rc = SQL_ERROR;
		}
		else if ((schema_given && (sp = literal_pattern(x->a[1])) == NULL) ||
				 (tp = literal_pattern(x->a[2])) == NULL)
			rc = drv_nomem(st->diags);
	}
	else if (!drv_catalog_pattern(st, x->a[1], "SchemaName", &sp) ||
			 !drv_catalog_pattern(st, x->a[2], "TableName", &tp))
		rc = SQL_ERROR;
	if (rc == SQL_SUCCESS && (!st->dbc->has_warehouse || !drv_catalog_matches(st, x->a[0])))
		rc = no_rows(st, defs, ndefs);
	else if (rc == SQL_SUCCESS)
	{
		drv_buf_printf(&q, "SELECT CAST(table_catalog AS varchar) AS \"%s\", "
					   "CAST(table_schema AS varchar) AS \"%s\", "
					   "CAST(table_name AS varchar) AS \"TABLE_NAME\", ",
					   drv_odbc2(st->dbc) ? "TABLE_QUALIFIER" : "TABLE_CAT",
					   drv_odbc2(st->dbc) ? "TABLE_OWNER" : "TABLE_SCHEM");
		if (columns)
			drv_buf_puts(&q, "CAST(column_name AS varchar) AS \"COLUMN_NAME\", ");
		drv_buf_printf(&q, "CAST(grantor AS varchar) AS \"GRANTOR\", "
					   "CAST(grantee AS varchar) AS \"GRANTEE\", "
					   "CAST(privilege_type AS varchar) AS \"PRIVILEGE\", "
					   "CAST(is_grantable AS varchar) AS \"IS_GRANTABLE\" "
					   "FROM information_schema.%s WHERE true",
					   columns ? "column_privileges" : "table_privileges");
		put_like(&q, "table_schema", sp);
		put_like(&q, "table_name", tp);
		if (columns)
			put_like(&q, "column_name", cp);
		drv_buf_printf(&q, " ORDER BY 2, 3, %s", columns ? "4, 7" : "6");
		drv_buf_append(&q, "", 0);
		rc = q.failed ? drv_nomem(st->diags) : drv_exec_direct(st, q.data);
	}
	drv_buf_free(&q);
	free(sp);
	free(tp);
	free(cp);
	args_free(x);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static SQLRETURN
special_entry(drv_stmt *st, SQLUSMALLINT idtype, args4 *x, SQLUSMALLINT scope,
			  SQLUSMALLINT nullable)
{
	SQLRETURN rc;

	if (!x->ok)
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH, "invalid string length");
	else
		rc = drv_special_columns(st, idtype, x->a[0], x->a[1], x->a[2], scope, nullable);
	args_free(x);
	return drv_stmt_leave(st, rc);
}

SQLRETURN SQL_API
SQLSpecialColumns(SQLHSTMT StatementHandle, SQLUSMALLINT IdentifierType,
				  SQLCHAR *CatalogName, SQLSMALLINT NameLength1, SQLCHAR *SchemaName,
				  SQLSMALLINT NameLength2, SQLCHAR *TableName, SQLSMALLINT NameLength3,
				  SQLUSMALLINT Scope, SQLUSMALLINT Nullable)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_ansi(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  NULL, 0);
	return special_entry(st, IdentifierType, &x, Scope, Nullable);
}

SQLRETURN SQL_API
SQLSpecialColumnsW(SQLHSTMT StatementHandle, SQLUSMALLINT IdentifierType,
				   SQLWCHAR *CatalogName, SQLSMALLINT NameLength1, SQLWCHAR *SchemaName,
				   SQLSMALLINT NameLength2, SQLWCHAR *TableName, SQLSMALLINT NameLength3,
				   SQLUSMALLINT Scope, SQLUSMALLINT Nullable)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_wide(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  NULL, 0);
	return special_entry(st, IdentifierType, &x, Scope, Nullable);
}

SQLRETURN SQL_API
SQLProcedures(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
			  SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *ProcName,
			  SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_ansi(&x, CatalogName, NameLength1, SchemaName, NameLength2, ProcName, NameLength3,
			  NULL, 0);
	return drv_stmt_leave(st, procedures(st, &x, false));
}

SQLRETURN SQL_API
SQLProceduresW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
			   SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *ProcName,
			   SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_wide(&x, CatalogName, NameLength1, SchemaName, NameLength2, ProcName, NameLength3,
			  NULL, 0);
	return drv_stmt_leave(st, procedures(st, &x, false));
}

SQLRETURN SQL_API
SQLProcedureColumns(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
					SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *ProcName,
					SQLSMALLINT NameLength3, SQLCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_ansi(&x, CatalogName, NameLength1, SchemaName, NameLength2, ProcName, NameLength3,
			  ColumnName, NameLength4);
	return drv_stmt_leave(st, procedures(st, &x, true));
}

SQLRETURN SQL_API
SQLProcedureColumnsW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
					 SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *ProcName,
					 SQLSMALLINT NameLength3, SQLWCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_wide(&x, CatalogName, NameLength1, SchemaName, NameLength2, ProcName, NameLength3,
			  ColumnName, NameLength4);
	return drv_stmt_leave(st, procedures(st, &x, true));
}

SQLRETURN SQL_API
SQLTablePrivileges(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
				   SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
				   SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_ansi(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  NULL, 0);
	return drv_stmt_leave(st, privileges(st, &x, false));
}

SQLRETURN SQL_API
SQLTablePrivilegesW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
					SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
					SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_wide(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  NULL, 0);
	return drv_stmt_leave(st, privileges(st, &x, false));
}

SQLRETURN SQL_API
SQLColumnPrivileges(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
					SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
					SQLSMALLINT NameLength3, SQLCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_ansi(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  ColumnName, NameLength4);
	return drv_stmt_leave(st, privileges(st, &x, true));
}

SQLRETURN SQL_API
SQLColumnPrivilegesW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
					 SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
					 SQLSMALLINT NameLength3, SQLWCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	args4 x;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	args_wide(&x, CatalogName, NameLength1, SchemaName, NameLength2, TableName, NameLength3,
			  ColumnName, NameLength4);
	return drv_stmt_leave(st, privileges(st, &x, true));
}
