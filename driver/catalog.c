/*
 * catalog.c — SQLTables, SQLColumns and SQLGetTypeInfo.
 *
 * Catalog functions are answered from the engine's listings
 * (fq_stmt_list_schemas/tables/columns, which cover warehouse, external
 * and system schemas alike) and returned as an ordinary result built with
 * fq_stmt_begin_rows/fq_stmt_add_row, so fetching, binding and SQLGetData
 * work exactly as for a query.  Result columns have the names and types
 * ODBC specifies (SMALLINT columns are SQL_SMALLINT, INTEGER columns
 * SQL_INTEGER), with ODBC 2 names for ODBC 2 applications.
 *
 * fedq has one catalog per connection (the warehouse database): TABLE_CAT
 * carries its name, but SQL_CATALOG_NAME is "N" so tools never qualify
 * names with it.
 */
#include "driver/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

/*
 * With SQL_ATTR_METADATA_ID true, arguments are identifiers, not
 * patterns: a quoted identifier keeps its case, an unquoted one folds to
 * lower case (SQL_IDENTIFIER_CASE is SQL_IC_LOWER), and LIKE characters
 * are escaped so they match themselves.
 */
static char *
identifier_pattern(const char *s)
{
	drv_buf b = {0};
	size_t n = strlen(s);
	bool quoted = false;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ')
	{
		s++;
		n--;
	}
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
	{
		quoted = true;
		s++;
		n -= 2;
	}
	for (size_t i = 0; i < n; i++)
	{
		char c = s[i];

		if (quoted && c == '"' && i + 1 < n && s[i + 1] == '"')
			i++;
		else if (!quoted && c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c == '%' || c == '_' || c == '\\')
			drv_buf_append(&b, "\\", 1);
		drv_buf_append(&b, &c, 1);
	}
	drv_buf_append(&b, "", 0);
	if (b.failed)
	{
		drv_buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* The pattern to give the engine: NULL matches everything. */
static bool
arg_pattern(drv_stmt *st, const char *arg, const char *what, char **out)
{
	*out = NULL;
	if (st->metadata_id == SQL_TRUE)
	{
		if (arg == NULL)
		{
			drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
					  "%s is NULL but SQL_ATTR_METADATA_ID is SQL_TRUE", what);
			return false;
		}
		*out = identifier_pattern(arg);
		if (*out == NULL)
		{
			drv_nomem(st->diags);
			return false;
		}
		return true;
	}
	if (arg == NULL || strcmp(arg, "%") == 0)
		return true;
	*out = drv_strdup(arg);
	if (*out == NULL)
	{
		drv_nomem(st->diags);
		return false;
	}
	return true;
}

/* Does the catalog argument select fedq's one catalog? */
static bool
catalog_matches(drv_stmt *st, const char *cat)
{
	const char *db = fq_session_database(st->dbc->session);

	if (cat == NULL || cat[0] == '\0' || strcmp(cat, "%") == 0)
		return true;
	if (db == NULL)
		db = "";
	if (st->metadata_id == SQL_TRUE)
	{
		char *p = identifier_pattern(cat);
		bool eq = false;

		if (p != NULL)
		{
			/* Unescape: the database name has no LIKE characters that
			 * matter for an equality test. */
			char *w = p;

			for (char *r = p; *r != '\0'; r++)
			{
				if (*r == '\\' && r[1] != '\0')
					r++;
				*w++ = *r;
			}
			*w = '\0';
			eq = strcmp(p, db) == 0;
		}
		free(p);
		return eq;
	}
	/* A pattern: '%' and '_' would match anything; fedq only has one. */
	if (strchr(cat, '%') != NULL || strchr(cat, '_') != NULL)
		return true;
	return strcmp(cat, db) == 0;
}

/* ------------------------------------------------------------------ */
/* SQLTables                                                           */
/* ------------------------------------------------------------------ */

static const char *const table_types[] = {"TABLE", "VIEW", "SYSTEM TABLE", "SYSTEM VIEW"};

static SQLRETURN
begin_tables_result(drv_stmt *st)
{
	bool odbc2 = drv_odbc2(st->dbc);
	fq_column cols[5];

	cols[0] = drv_col_def(odbc2 ? "TABLE_QUALIFIER" : "TABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[1] = drv_col_def(odbc2 ? "TABLE_OWNER" : "TABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[2] = drv_col_def("TABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[3] = drv_col_def_len("TABLE_TYPE", FQ_T_VARCHAR, FQ_NULLABLE_YES, 32);
	cols[4] = drv_col_def_len("REMARKS", FQ_T_VARCHAR, FQ_NULLABLE_YES, 254);
	return drv_stmt_begin_rows(st, cols, 5);
}

static SQLRETURN
add_table_row(drv_stmt *st, const char *cat, const char *schema,
			  const char *name, const char *type, const char *remarks)
{
	fq_value v[5];

	v[0] = drv_val_str(cat);
	v[1] = drv_val_str(schema);
	v[2] = drv_val_str(name);
	v[3] = drv_val_str(type);
	v[4] = drv_val_str(remarks);
	return drv_stmt_add_row(st, v);
}

/*
 * The table-type filter: "TABLE,VIEW" or "'TABLE','VIEW'", case-blind.
 * Returns false when the list names no type at all (then all types).
 */
static bool
type_wanted(const char *filter, const char *kind)
{
	const char *p = filter;

	while (*p != '\0')
	{
		const char *start;
		size_t n;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',')
			p++;
		n = (size_t) (p - start);
		while (n > 0 && start[n - 1] == ' ')
			n--;
		if (n >= 2 && (start[0] == '\'' || start[0] == '"') && start[n - 1] == start[0])
		{
			start++;
			n -= 2;
		}
		if (n == strlen(kind))
		{
			size_t i;

			for (i = 0; i < n; i++)
			{
				char a = start[i], b = kind[i];

				if (a >= 'a' && a <= 'z')
					a = (char) (a - 32);
				if (a != b)
					break;
			}
			if (i == n)
				return true;
		}
	}
	return false;
}

static bool
filter_empty(const char *filter)
{
	if (filter == NULL)
		return true;
	for (const char *p = filter; *p != '\0'; p++)
		if (*p != ' ' && *p != ',' && *p != '\'')
			return strcmp(filter, "%") == 0;
	return true;
}

typedef struct table_ref
{
	const fq_table_info *t;
	int type_rank;
} table_ref;

static int
table_type_rank(const char *kind)
{
	/* Ordered by TABLE_TYPE as ODBC asks: alphabetical. */
	return kind == NULL ? 99 : strcmp(kind, "SYSTEM TABLE") == 0 ? 1 :
		strcmp(kind, "SYSTEM VIEW") == 0 ? 2 : strcmp(kind, "TABLE") == 0 ? 3 :
		strcmp(kind, "VIEW") == 0 ? 4 : 5;
}

static int
cmp_tables(const void *a, const void *b)
{
	const table_ref *x = a;
	const table_ref *y = b;
	int c;

	if (x->type_rank != y->type_rank)
		return x->type_rank - y->type_rank;
	if (x->type_rank == 5 && (c = strcmp(x->t->kind, y->t->kind)) != 0)
		return c;
	if ((c = strcmp(x->t->schema, y->t->schema)) != 0)
		return c;
	return strcmp(x->t->name, y->t->name);
}

static int
call_list_tables(drv_stmt *st, void *arg)
{
	void **a = arg;

	return fq_stmt_list_tables(st->fq, a[0], a[1], (const fq_table_info **) a[2], a[3]);
}

static int
call_list_schemas(drv_stmt *st, void *arg)
{
	void **a = arg;

	return fq_stmt_list_schemas(st->fq, a[0], (const fq_schema_info **) a[1], a[2]);
}

SQLRETURN
drv_tables(drv_stmt *st, const char *cat, const char *schema,
		   const char *table, const char *types)
{
	const char *db = fq_session_database(st->dbc->session);
	char *spat = NULL;
	char *tpat = NULL;
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if (db == NULL)
		db = "";

	/* Special cases: lists of catalogs, schemas, table types. */
	if (cat != NULL && strcmp(cat, SQL_ALL_CATALOGS) == 0 &&
		schema != NULL && schema[0] == '\0' && table != NULL && table[0] == '\0')
	{
		if ((rc = begin_tables_result(st)) != SQL_SUCCESS)
			return rc;
		if ((rc = add_table_row(st, db, NULL, NULL, NULL, NULL)) != SQL_SUCCESS)
			return rc;
		return drv_stmt_rows_done(st);
	}
	if (schema != NULL && strcmp(schema, SQL_ALL_SCHEMAS) == 0 &&
		cat != NULL && cat[0] == '\0' && table != NULL && table[0] == '\0')
	{
		const fq_schema_info *list = NULL;
		size_t n = 0;
		void *args[3] = {NULL, &list, &n};
		int erc = drv_stmt_engine_call(st, call_list_schemas, args);

		if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), erc) != SQL_SUCCESS)
			return SQL_ERROR;
		/* Copy out: the list lives until the next call on the statement,
		 * and begin_rows is one. */
		{
			char **names = calloc(n + 1, sizeof(char *));
			size_t k;

			if (names == NULL)
				return drv_nomem(st->diags);
			for (k = 0; k < n; k++)
				if ((names[k] = drv_strdup(list[k].name)) == NULL)
					break;
			rc = k < n ? drv_nomem(st->diags) : begin_tables_result(st);
			for (size_t j = 0; j < n && rc == SQL_SUCCESS; j++)
				rc = add_table_row(st, db, names[j], NULL, NULL, NULL);
			for (size_t j = 0; j < n; j++)
				free(names[j]);
			free(names);
			if (rc != SQL_SUCCESS)
				return rc;
		}
		return drv_stmt_rows_done(st);
	}
	if (types != NULL && strcmp(types, SQL_ALL_TABLE_TYPES) == 0 &&
		(cat == NULL || cat[0] == '\0') && (schema == NULL || schema[0] == '\0') &&
		(table == NULL || table[0] == '\0'))
	{
		if ((rc = begin_tables_result(st)) != SQL_SUCCESS)
			return rc;
		for (size_t i = 0; i < sizeof(table_types) / sizeof(table_types[0]); i++)
			if ((rc = add_table_row(st, NULL, NULL, NULL, table_types[i], NULL)) != SQL_SUCCESS)
				return rc;
		return drv_stmt_rows_done(st);
	}

	if (!arg_pattern(st, schema, "SchemaName", &spat) ||
		!arg_pattern(st, table, "TableName", &tpat))
	{
		free(spat);
		free(tpat);
		return SQL_ERROR;
	}
	{
		const fq_table_info *list = NULL;
		size_t n = 0;
		void *args[4] = {spat, tpat, &list, &n};
		int erc;
		table_ref *refs = NULL;
		size_t nrefs = 0;
		bool all_types = filter_empty(types);
		bool cat_ok = catalog_matches(st, cat);

		erc = drv_stmt_engine_call(st, call_list_tables, args);
		free(spat);
		free(tpat);
		if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), erc) != SQL_SUCCESS)
			return SQL_ERROR;
		if (n > 0 && cat_ok)
		{
			refs = calloc(n, sizeof(*refs));
			if (refs == NULL)
				return drv_nomem(st->diags);
			for (size_t i = 0; i < n; i++)
			{
				if (!all_types && !type_wanted(types, list[i].kind))
					continue;
				refs[nrefs].t = &list[i];
				refs[nrefs].type_rank = table_type_rank(list[i].kind);
				nrefs++;
			}
			qsort(refs, nrefs, sizeof(*refs), cmp_tables);
		}
		/* The listing must outlive begin_rows: copy it. */
		{
			char **copy = calloc(nrefs * 5 + 1, sizeof(char *));
			bool oom = copy == NULL;

			for (size_t i = 0; i < nrefs && !oom; i++)
			{
				const fq_table_info *t = refs[i].t;
				const char *f[5] = {t->catalog != NULL && t->catalog[0] != '\0' ? t->catalog : db,
									t->schema, t->name, t->kind, t->remarks};

				for (int k = 0; k < 5 && !oom; k++)
					if ((copy[i * 5 + k] = drv_strdup(f[k] != NULL ? f[k] : "")) == NULL)
						oom = true;
			}
			free(refs);
			rc = oom ? drv_nomem(st->diags) : begin_tables_result(st);
			for (size_t i = 0; i < nrefs && rc == SQL_SUCCESS; i++)
				rc = add_table_row(st, copy[i * 5], copy[i * 5 + 1], copy[i * 5 + 2],
								   copy[i * 5 + 3], copy[i * 5 + 4]);
			for (size_t i = 0; copy != NULL && i < nrefs * 5; i++)
				free(copy[i]);
			free(copy);
			if (rc != SQL_SUCCESS)
				return rc;
		}
	}
	return drv_stmt_rows_done(st);
}

/* ------------------------------------------------------------------ */
/* SQLColumns                                                          */
/* ------------------------------------------------------------------ */

static int
call_list_columns(drv_stmt *st, void *arg)
{
	void **a = arg;

	return fq_stmt_list_columns(st->fq, a[0], a[1], a[2],
								(const fq_column_info **) a[3], a[4]);
}

/* One SQLColumns row, copied out of the engine's listing. */
typedef struct col_row
{
	char *cat, *schema, *table, *name, *def, *remarks;
	fq_type type;
	int nullable;
	int ordinal;
} col_row;

static void
free_col_rows(col_row *rows, size_t n)
{
	for (size_t i = 0; rows != NULL && i < n; i++)
	{
		free(rows[i].cat);
		free(rows[i].schema);
		free(rows[i].table);
		free(rows[i].name);
		free(rows[i].def);
		free(rows[i].remarks);
	}
	free(rows);
}

SQLRETURN
drv_columns(drv_stmt *st, const char *cat, const char *schema,
			const char *table, const char *column)
{
	bool odbc2 = drv_odbc2(st->dbc);
	const char *db = fq_session_database(st->dbc->session);
	char *spat = NULL, *tpat = NULL, *cpat = NULL;
	const fq_column_info *list = NULL;
	size_t n = 0;
	col_row *rows = NULL;
	fq_column cols[18];
	SQLRETURN rc;
	int erc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if (db == NULL)
		db = "";
	if (!arg_pattern(st, schema, "SchemaName", &spat) ||
		!arg_pattern(st, table, "TableName", &tpat) ||
		!arg_pattern(st, column, "ColumnName", &cpat))
	{
		free(spat);
		free(tpat);
		free(cpat);
		return SQL_ERROR;
	}
	{
		void *args[5] = {spat, tpat, cpat, &list, &n};

		erc = drv_stmt_engine_call(st, call_list_columns, args);
	}
	free(spat);
	free(tpat);
	free(cpat);
	if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), erc) != SQL_SUCCESS)
		return SQL_ERROR;
	if (!catalog_matches(st, cat))
		n = 0;
	if (n > 0)
	{
		rows = calloc(n, sizeof(*rows));
		if (rows == NULL)
			return drv_nomem(st->diags);
		for (size_t i = 0; i < n; i++)
		{
			const fq_column_info *c = &list[i];
			col_row *r = &rows[i];

			r->cat = drv_strdup(c->catalog != NULL && c->catalog[0] != '\0' ? c->catalog : db);
			r->schema = drv_strdup(c->schema != NULL ? c->schema : "");
			r->table = drv_strdup(c->table != NULL ? c->table : "");
			r->name = drv_strdup(c->name != NULL ? c->name : "");
			r->def = c->default_expr != NULL ? drv_strdup(c->default_expr) : NULL;
			r->remarks = drv_strdup(c->remarks != NULL ? c->remarks : "");
			r->type = c->type;
			r->nullable = c->nullable;
			r->ordinal = c->ordinal;
			if (r->cat == NULL || r->schema == NULL || r->table == NULL ||
				r->name == NULL || r->remarks == NULL ||
				(c->default_expr != NULL && r->def == NULL))
			{
				free_col_rows(rows, n);
				return drv_nomem(st->diags);
			}
		}
	}

	cols[0] = drv_col_def(odbc2 ? "TABLE_QUALIFIER" : "TABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[1] = drv_col_def(odbc2 ? "TABLE_OWNER" : "TABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[2] = drv_col_def("TABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[3] = drv_col_def("COLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[4] = drv_col_def("DATA_TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[5] = drv_col_def_len("TYPE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO, 32);
	cols[6] = drv_col_def(odbc2 ? "PRECISION" : "COLUMN_SIZE", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[7] = drv_col_def(odbc2 ? "LENGTH" : "BUFFER_LENGTH", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[8] = drv_col_def(odbc2 ? "SCALE" : "DECIMAL_DIGITS", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[9] = drv_col_def(odbc2 ? "RADIX" : "NUM_PREC_RADIX", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[10] = drv_col_def("NULLABLE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[11] = drv_col_def_len("REMARKS", FQ_T_VARCHAR, FQ_NULLABLE_YES, 254);
	cols[12] = drv_col_def_len("COLUMN_DEF", FQ_T_VARCHAR, FQ_NULLABLE_YES, 254);
	cols[13] = drv_col_def("SQL_DATA_TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[14] = drv_col_def("SQL_DATETIME_SUB", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[15] = drv_col_def("CHAR_OCTET_LENGTH", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[16] = drv_col_def("ORDINAL_POSITION", FQ_T_INT4, FQ_NULLABLE_NO);
	cols[17] = drv_col_def_len("IS_NULLABLE", FQ_T_VARCHAR, FQ_NULLABLE_YES, 3);
	rc = drv_stmt_begin_rows(st, cols, 18);
	for (size_t i = 0; i < n && rc == SQL_SUCCESS; i++)
	{
		const col_row *r = &rows[i];
		drv_typeinfo ti;
		fq_value v[18];
		bool chars;

		drv_type_info(&r->type, odbc2, &ti);
		chars = ti.sql_type == SQL_CHAR || ti.sql_type == SQL_VARCHAR ||
			ti.sql_type == SQL_VARBINARY;
		v[0] = drv_val_str(r->cat);
		v[1] = drv_val_str(r->schema);
		v[2] = drv_val_str(r->table);
		v[3] = drv_val_str(r->name);
		v[4] = drv_val_int2(ti.sql_type);
		v[5] = drv_val_str(ti.type_name);
		v[6] = drv_val_int4((int32_t) ti.column_size);
		v[7] = drv_val_int4((int32_t) ti.octet_length);
		v[8] = ti.decimal_digits >= 0 ? drv_val_int2(ti.decimal_digits) : drv_val_null(FQ_T_INT2);
		v[9] = ti.radix != 0 ? drv_val_int2(ti.radix) : drv_val_null(FQ_T_INT2);
		v[10] = drv_val_int2(r->nullable == FQ_NULLABLE_NO ? SQL_NO_NULLS :
							 r->nullable == FQ_NULLABLE_YES ? SQL_NULLABLE : SQL_NULLABLE_UNKNOWN);
		v[11] = drv_val_str(r->remarks);
		v[12] = drv_val_str(r->def);
		v[13] = drv_val_int2(ti.verbose_type);
		v[14] = ti.datetime_sub != 0 ? drv_val_int2(ti.datetime_sub) : drv_val_null(FQ_T_INT2);
		v[15] = chars ? drv_val_int4((int32_t) ti.octet_length) : drv_val_null(FQ_T_INT4);
		v[16] = drv_val_int4(r->ordinal);
		v[17] = drv_val_str(r->nullable == FQ_NULLABLE_NO ? "NO" :
							r->nullable == FQ_NULLABLE_YES ? "YES" : "");
		rc = drv_stmt_add_row(st, v);
	}
	free_col_rows(rows, n);
	if (rc != SQL_SUCCESS)
		return rc;
	return drv_stmt_rows_done(st);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

typedef struct cat_args
{
	char *a[4];
	bool ok;
} cat_args;

static void
cat_args_ansi(cat_args *ca, SQLCHAR *s1, SQLSMALLINT n1, SQLCHAR *s2,
			  SQLSMALLINT n2, SQLCHAR *s3, SQLSMALLINT n3, SQLCHAR *s4,
			  SQLSMALLINT n4)
{
	bool ok1, ok2, ok3, ok4;

	ca->a[0] = drv_str_dup(s1, n1, &ok1);
	ca->a[1] = drv_str_dup(s2, n2, &ok2);
	ca->a[2] = drv_str_dup(s3, n3, &ok3);
	ca->a[3] = drv_str_dup(s4, n4, &ok4);
	ca->ok = ok1 && ok2 && ok3 && ok4;
}

static void
cat_args_wide(cat_args *ca, SQLWCHAR *s1, SQLSMALLINT n1, SQLWCHAR *s2,
			  SQLSMALLINT n2, SQLWCHAR *s3, SQLSMALLINT n3, SQLWCHAR *s4,
			  SQLSMALLINT n4)
{
	bool ok1, ok2, ok3, ok4;

	ca->a[0] = drv_wstr_dup(s1, n1, &ok1);
	ca->a[1] = drv_wstr_dup(s2, n2, &ok2);
	ca->a[2] = drv_wstr_dup(s3, n3, &ok3);
	ca->a[3] = drv_wstr_dup(s4, n4, &ok4);
	ca->ok = ok1 && ok2 && ok3 && ok4;
}

static void
cat_args_free(cat_args *ca)
{
	for (int i = 0; i < 4; i++)
		free(ca->a[i]);
}

static SQLRETURN
run_catalog(drv_stmt *st, cat_args *ca, bool columns)
{
	SQLRETURN rc;

	if (!ca->ok)
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid string length");
	else if (columns)
		rc = drv_columns(st, ca->a[0], ca->a[1], ca->a[2], ca->a[3]);
	else
		rc = drv_tables(st, ca->a[0], ca->a[1], ca->a[2], ca->a[3]);
	cat_args_free(ca);
	return rc;
}

SQLRETURN SQL_API
SQLTables(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
		  SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
		  SQLSMALLINT NameLength3, SQLCHAR *TableType, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_ansi(&ca, CatalogName, NameLength1, SchemaName, NameLength2,
				  TableName, NameLength3, TableType, NameLength4);
	return drv_stmt_leave(st, run_catalog(st, &ca, false));
}

SQLRETURN SQL_API
SQLTablesW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
		   SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
		   SQLSMALLINT NameLength3, SQLWCHAR *TableType, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_wide(&ca, CatalogName, NameLength1, SchemaName, NameLength2,
				  TableName, NameLength3, TableType, NameLength4);
	return drv_stmt_leave(st, run_catalog(st, &ca, false));
}

SQLRETURN SQL_API
SQLColumns(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
		   SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
		   SQLSMALLINT NameLength3, SQLCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_ansi(&ca, CatalogName, NameLength1, SchemaName, NameLength2,
				  TableName, NameLength3, ColumnName, NameLength4);
	return drv_stmt_leave(st, run_catalog(st, &ca, true));
}

SQLRETURN SQL_API
SQLColumnsW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
			SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
			SQLSMALLINT NameLength3, SQLWCHAR *ColumnName, SQLSMALLINT NameLength4)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_wide(&ca, CatalogName, NameLength1, SchemaName, NameLength2,
				  TableName, NameLength3, ColumnName, NameLength4);
	return drv_stmt_leave(st, run_catalog(st, &ca, true));
}

static SQLRETURN
get_type_info(drv_stmt *st, SQLSMALLINT type)
{
	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	return drv_type_info_result(st, type);
}

SQLRETURN SQL_API
SQLGetTypeInfo(SQLHSTMT StatementHandle, SQLSMALLINT DataType)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_type_info(st, DataType));
}

SQLRETURN SQL_API
SQLGetTypeInfoW(SQLHSTMT StatementHandle, SQLSMALLINT DataType)
{
	drv_stmt *st;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	return drv_stmt_leave(st, get_type_info(st, DataType));
}
