/*
 * catalog.c — SQLTables, SQLColumns, SQLPrimaryKeys, SQLForeignKeys,
 * SQLStatistics and SQLGetTypeInfo.
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
	/* Ordinary arguments match names whatever their case, as psqlODBC's
	 * do (an application passing ORDERS finds orders); identifiers
	 * (SQL_ATTR_METADATA_ID) match exactly, after folding. */
	pthread_mutex_lock(&st->dbc->session_lock);
	fq_stmt_set_patterns_case_blind(st->fq, st->metadata_id != SQL_TRUE);
	pthread_mutex_unlock(&st->dbc->session_lock);
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

		drv_type_info(&r->type, odbc2, drv_numeric_scale(st->dbc), &ti);
		chars = ti.sql_type == SQL_CHAR || ti.sql_type == SQL_VARCHAR ||
			ti.sql_type == SQL_LONGVARCHAR || ti.sql_type == SQL_WCHAR ||
			ti.sql_type == SQL_WVARCHAR || ti.sql_type == SQL_WLONGVARCHAR ||
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
/* SQLPrimaryKeys, SQLForeignKeys, SQLStatistics                       */
/* ------------------------------------------------------------------ */

/*
 * Their name arguments are not patterns: the name as given, or with
 * SQL_ATTR_METADATA_ID an identifier (unquoted folds to lower case).
 * An empty schema means none given.
 */
static char *
key_arg(drv_stmt *st, const char *arg)
{
	char *p;
	char *w;

	if (arg == NULL)
		return NULL;
	if (arg[0] == '\0')
		return drv_strdup(""); /* names nothing: no rows */
	if (st->metadata_id != SQL_TRUE)
		return drv_strdup(arg);
	if ((p = identifier_pattern(arg)) == NULL)
		return NULL;
	/* identifier_pattern escapes LIKE characters: undo that here */
	w = p;
	for (char *r = p; *r != '\0'; r++)
	{
		if (*r == '\\' && r[1] != '\0')
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return p;
}

typedef struct keys_call
{
	fq_key_kind kind;
	const char *schema;
	const char *table;
	const char *ref_schema;
	const char *ref_table;
	const fq_key_info *list;
	size_t n;
} keys_call;

static int
call_list_keys(drv_stmt *st, void *arg)
{
	keys_call *k = arg;

	return fq_stmt_list_keys(st->fq, k->kind, k->schema, k->table, k->ref_schema, k->ref_table,
							 &k->list, &k->n);
}

/* A copy of the listing (it lives only until the next engine call, and
 * beginning a result is one); NULL when memory runs out. */
static fq_key_info *
copy_keys(const fq_key_info *list, size_t n, char ***strings)
{
	fq_key_info *c = calloc(n + 1, sizeof(*c));
	char **s = calloc(n * 11 + 1, sizeof(char *));
	size_t k = 0;

	*strings = NULL;
	if (c == NULL || s == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
	{
		const char **f[] = {&c[i].catalog, &c[i].schema, &c[i].table, &c[i].column, &c[i].name,
							&c[i].ref_catalog, &c[i].ref_schema, &c[i].ref_table,
							&c[i].ref_column, &c[i].ref_name, &c[i].filter};

		c[i] = list[i];
		for (size_t j = 0; j < sizeof(f) / sizeof(f[0]); j++)
			if (*f[j] != NULL)
			{
				if ((s[k] = drv_strdup(*f[j])) == NULL)
					goto nomem;
				*f[j] = s[k++];
			}
	}
	*strings = s;
	return c;
nomem:
	for (size_t i = 0; s != NULL && i < k; i++)
		free(s[i]);
	free(s);
	free(c);
	return NULL;
}

static void
free_keys(fq_key_info *c, char **s)
{
	for (size_t i = 0; s != NULL && s[i] != NULL; i++)
		free(s[i]);
	free(s);
	free(c);
}

/* Runs the listing; *out is a copy owned by the caller. */
static SQLRETURN
list_keys(drv_stmt *st, keys_call *k, fq_key_info **out, char ***strings, size_t *n)
{
	int erc = drv_stmt_engine_call(st, call_list_keys, k);

	*out = NULL;
	*strings = NULL;
	*n = 0;
	if (drv_engine_diags(st->diags, fq_stmt_diags(st->fq), erc) != SQL_SUCCESS)
		return SQL_ERROR;
	if ((*out = copy_keys(k->list, k->n, strings)) == NULL)
		return drv_nomem(st->diags);
	*n = k->n;
	return SQL_SUCCESS;
}

/* The keys of one table (SQLPrimaryKeys, SQLStatistics): the names as
 * key_arg reads them, listed when the catalog argument is fedq's. */
static SQLRETURN
list_table_keys(drv_stmt *st, keys_call *k, const char *cat, const char *schema,
				const char *table, const char *fn, fq_key_info **list, char ***strings, size_t *n)
{
	char *s = NULL;
	char *t = NULL;
	SQLRETURN rc;

	if (table == NULL)
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER, "%s needs a TableName", fn);
	if ((schema != NULL && schema[0] != '\0' && (s = key_arg(st, schema)) == NULL) ||
		(t = key_arg(st, table)) == NULL)
	{
		free(s);
		return drv_nomem(st->diags);
	}
	k->schema = s;
	k->table = t;
	rc = catalog_matches(st, cat) ? list_keys(st, k, list, strings, n) : SQL_SUCCESS;
	free(s);
	free(t);
	return rc;
}

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
cmp_pk_order(const void *x, const void *y)
{
	const fq_key_info *a = x;
	const fq_key_info *b = y;
	int c;

	if ((c = cmp_str(a->schema, b->schema)) != 0 || (c = cmp_str(a->table, b->table)) != 0)
		return c;
	return a->seq - b->seq;
}

SQLRETURN
drv_primary_keys(drv_stmt *st, const char *cat, const char *schema, const char *table)
{
	bool odbc2 = drv_odbc2(st->dbc);
	keys_call k = {.kind = FQ_KEYS_PRIMARY};
	fq_column cols[6];
	fq_key_info *list = NULL;
	char **strings = NULL;
	size_t n = 0;
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if ((rc = list_table_keys(st, &k, cat, schema, table, "SQLPrimaryKeys", &list, &strings,
							  &n)) != SQL_SUCCESS)
		return rc;
	qsort(list, n, sizeof(*list), cmp_pk_order);
	cols[0] = drv_col_def(odbc2 ? "TABLE_QUALIFIER" : "TABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[1] = drv_col_def(odbc2 ? "TABLE_OWNER" : "TABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[2] = drv_col_def("TABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[3] = drv_col_def("COLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[4] = drv_col_def("KEY_SEQ", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[5] = drv_col_def("PK_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	rc = drv_stmt_begin_rows(st, cols, 6);
	for (size_t i = 0; i < n && rc == SQL_SUCCESS; i++)
	{
		fq_value v[6];

		v[0] = drv_val_str(list[i].catalog);
		v[1] = drv_val_str(list[i].schema);
		v[2] = drv_val_str(list[i].table);
		v[3] = drv_val_str(list[i].column);
		v[4] = drv_val_int2(list[i].seq);
		v[5] = drv_val_str(list[i].name);
		rc = drv_stmt_add_row(st, v);
	}
	free_keys(list, strings);
	return rc != SQL_SUCCESS ? rc : drv_stmt_rows_done(st);
}

static int
rule(char r)
{
	switch (r)
	{
		case 'c': return SQL_CASCADE;
		case 'r': return SQL_RESTRICT;
		case 'n': return SQL_SET_NULL;
		case 'd': return SQL_SET_DEFAULT;
		default: return SQL_NO_ACTION;
	}
}

/* arg: true to order by the referencing table, else by the referenced */
static int
cmp_fk_order(const void *x, const void *y, void *arg)
{
	const fq_key_info *a = x;
	const fq_key_info *b = y;
	int c;

	if (*(const bool *) arg)
	{
		if ((c = cmp_str(a->schema, b->schema)) != 0 || (c = cmp_str(a->table, b->table)) != 0)
			return c;
	}
	else if ((c = cmp_str(a->ref_schema, b->ref_schema)) != 0 ||
			 (c = cmp_str(a->ref_table, b->ref_table)) != 0)
		return c;
	if ((c = cmp_str(a->name, b->name)) != 0)
		return c;
	return a->seq - b->seq;
}

SQLRETURN
drv_foreign_keys(drv_stmt *st, const char *pkcat, const char *pkschema, const char *pktable,
				 const char *fkcat, const char *fkschema, const char *fktable)
{
	bool odbc2 = drv_odbc2(st->dbc);
	keys_call k = {.kind = FQ_KEYS_FOREIGN};
	fq_column cols[14];
	fq_key_info *list = NULL;
	char **strings = NULL;
	size_t n = 0;
	SQLRETURN rc;
	char *a[4] = {NULL, NULL, NULL, NULL};
	const char *in[4] = {fkschema, fktable, pkschema, pktable};

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if ((pktable == NULL || pktable[0] == '\0') && (fktable == NULL || fktable[0] == '\0'))
		return drv_error(st->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "SQLForeignKeys needs PKTableName or FKTableName");
	for (int i = 0; i < 4; i++)
		if (in[i] != NULL && in[i][0] != '\0' && (a[i] = key_arg(st, in[i])) == NULL)
		{
			for (int j = 0; j < i; j++)
				free(a[j]);
			return drv_nomem(st->diags);
		}
	k.schema = a[0];
	k.table = a[1];
	k.ref_schema = a[2];
	k.ref_table = a[3];
	rc = catalog_matches(st, pkcat) && catalog_matches(st, fkcat)
		? list_keys(st, &k, &list, &strings, &n) : SQL_SUCCESS;
	for (int i = 0; i < 4; i++)
		free(a[i]);
	if (rc != SQL_SUCCESS)
		return rc;
	/* By the referencing table when the referenced one was named, and the
	 * other way round, as ODBC orders them. */
	{
		bool by_fk_table = pktable != NULL && pktable[0] != '\0';

		qsort_r(list, n, sizeof(*list), cmp_fk_order, &by_fk_table);
	}
	cols[0] = drv_col_def(odbc2 ? "PKTABLE_QUALIFIER" : "PKTABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[1] = drv_col_def(odbc2 ? "PKTABLE_OWNER" : "PKTABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[2] = drv_col_def("PKTABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[3] = drv_col_def("PKCOLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[4] = drv_col_def(odbc2 ? "FKTABLE_QUALIFIER" : "FKTABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[5] = drv_col_def(odbc2 ? "FKTABLE_OWNER" : "FKTABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[6] = drv_col_def("FKTABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[7] = drv_col_def("FKCOLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[8] = drv_col_def("KEY_SEQ", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[9] = drv_col_def("UPDATE_RULE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[10] = drv_col_def("DELETE_RULE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[11] = drv_col_def("FK_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[12] = drv_col_def("PK_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[13] = drv_col_def("DEFERRABILITY", FQ_T_INT2, FQ_NULLABLE_YES);
	rc = drv_stmt_begin_rows(st, cols, odbc2 ? 13 : 14);
	for (size_t i = 0; i < n && rc == SQL_SUCCESS; i++)
	{
		const fq_key_info *x = &list[i];
		fq_value v[14];

		v[0] = drv_val_str(x->ref_catalog);
		v[1] = drv_val_str(x->ref_schema);
		v[2] = drv_val_str(x->ref_table);
		v[3] = drv_val_str(x->ref_column);
		v[4] = drv_val_str(x->catalog);
		v[5] = drv_val_str(x->schema);
		v[6] = drv_val_str(x->table);
		v[7] = drv_val_str(x->column);
		v[8] = drv_val_int2(x->seq);
		v[9] = drv_val_int2(rule(x->on_update));
		v[10] = drv_val_int2(rule(x->on_delete));
		v[11] = drv_val_str(x->name);
		v[12] = x->ref_name != NULL ? drv_val_str(x->ref_name) : drv_val_null(FQ_T_VARCHAR);
		v[13] = drv_val_int2(!x->deferrable ? SQL_NOT_DEFERRABLE
							 : x->deferred ? SQL_INITIALLY_DEFERRED : SQL_INITIALLY_IMMEDIATE);
		rc = drv_stmt_add_row(st, v);
	}
	free_keys(list, strings);
	return rc != SQL_SUCCESS ? rc : drv_stmt_rows_done(st);
}

static int
cmp_index_order(const void *x, const void *y)
{
	const fq_key_info *a = x;
	const fq_key_info *b = y;
	int c;
	bool au = a->kind != 'i';
	bool bu = b->kind != 'i';

	if (au != bu)
		return au ? -1 : 1; /* NON_UNIQUE 0 first */
	if ((c = cmp_str(a->name, b->name)) != 0)
		return c;
	return a->seq - b->seq;
}

SQLRETURN
drv_statistics(drv_stmt *st, const char *cat, const char *schema, const char *table,
			   SQLUSMALLINT unique)
{
	bool odbc2 = drv_odbc2(st->dbc);
	keys_call k = {.kind = FQ_KEYS_INDEXES};
	fq_column cols[13];
	fq_key_info *list = NULL;
	char **strings = NULL;
	size_t n = 0;
	SQLRETURN rc;

	if (!drv_stmt_check_idle(st))
		return SQL_ERROR;
	if (unique != SQL_INDEX_UNIQUE && unique != SQL_INDEX_ALL)
		return drv_error(st->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
						 "Unique must be SQL_INDEX_UNIQUE or SQL_INDEX_ALL");
	if ((rc = list_table_keys(st, &k, cat, schema, table, "SQLStatistics", &list, &strings,
							  &n)) != SQL_SUCCESS)
		return rc;
	qsort(list, n, sizeof(*list), cmp_index_order);
	cols[0] = drv_col_def(odbc2 ? "TABLE_QUALIFIER" : "TABLE_CAT", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[1] = drv_col_def(odbc2 ? "TABLE_OWNER" : "TABLE_SCHEM", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[2] = drv_col_def("TABLE_NAME", FQ_T_VARCHAR, FQ_NULLABLE_NO);
	cols[3] = drv_col_def("NON_UNIQUE", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[4] = drv_col_def("INDEX_QUALIFIER", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[5] = drv_col_def("INDEX_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[6] = drv_col_def("TYPE", FQ_T_INT2, FQ_NULLABLE_NO);
	cols[7] = drv_col_def(odbc2 ? "SEQ_IN_INDEX" : "ORDINAL_POSITION", FQ_T_INT2, FQ_NULLABLE_YES);
	cols[8] = drv_col_def("COLUMN_NAME", FQ_T_VARCHAR, FQ_NULLABLE_YES);
	cols[9] = drv_col_def_len(odbc2 ? "COLLATION" : "ASC_OR_DESC", FQ_T_CHAR, FQ_NULLABLE_YES, 1);
	cols[10] = drv_col_def("CARDINALITY", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[11] = drv_col_def("PAGES", FQ_T_INT4, FQ_NULLABLE_YES);
	cols[12] = drv_col_def_len("FILTER_CONDITION", FQ_T_VARCHAR, FQ_NULLABLE_YES, 254);
	rc = drv_stmt_begin_rows(st, cols, 13);
	/* The table's own statistics row first (TYPE SQL_TABLE_STAT); its
	 * numbers come with the indexes, and are unknown without one. */
	if (rc == SQL_SUCCESS && n > 0)
	{
		fq_value v[13];

		v[0] = drv_val_str(list[0].catalog);
		v[1] = drv_val_str(list[0].schema);
		v[2] = drv_val_str(list[0].table);
		v[3] = drv_val_null(FQ_T_INT2);
		v[4] = drv_val_null(FQ_T_VARCHAR);
		v[5] = drv_val_null(FQ_T_VARCHAR);
		v[6] = drv_val_int2(SQL_TABLE_STAT);
		v[7] = drv_val_null(FQ_T_INT2);
		v[8] = drv_val_null(FQ_T_VARCHAR);
		v[9] = drv_val_null(FQ_T_CHAR);
		v[10] = list[0].table_rows >= 0 ? drv_val_int4((int32_t) list[0].table_rows)
										: drv_val_null(FQ_T_INT4);
		v[11] = drv_val_int4((int32_t) list[0].table_pages);
		v[12] = drv_val_null(FQ_T_VARCHAR);
		rc = drv_stmt_add_row(st, v);
	}
	for (size_t i = 0; i < n && rc == SQL_SUCCESS; i++)
	{
		const fq_key_info *x = &list[i];
		fq_value v[13];

		if (unique == SQL_INDEX_UNIQUE && x->kind == 'i')
			continue;
		v[0] = drv_val_str(x->catalog);
		v[1] = drv_val_str(x->schema);
		v[2] = drv_val_str(x->table);
		v[3] = drv_val_int2(x->kind == 'i' ? SQL_TRUE : SQL_FALSE);
		v[4] = drv_val_null(FQ_T_VARCHAR);
		v[5] = drv_val_str(x->name);
		v[6] = drv_val_int2(SQL_INDEX_OTHER);
		v[7] = drv_val_int2(x->seq);
		v[8] = x->column != NULL ? drv_val_str(x->column) : drv_val_null(FQ_T_VARCHAR);
		v[9] = drv_val_str(x->desc ? "D" : "A");
		v[9].type.id = FQ_T_CHAR;
		v[9].type.length = 1;
		/* distinct values: the row count for a unique index, unknown otherwise */
		v[10] = x->kind != 'i' && x->index_rows >= 0 ? drv_val_int4((int32_t) x->index_rows)
														  : drv_val_null(FQ_T_INT4);
		v[11] = drv_val_int4((int32_t) x->index_pages);
		v[12] = x->filter != NULL ? drv_val_str(x->filter) : drv_val_null(FQ_T_VARCHAR);
		rc = drv_stmt_add_row(st, v);
	}
	free_keys(list, strings);
	return rc != SQL_SUCCESS ? rc : drv_stmt_rows_done(st);
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

/* ---- SQLPrimaryKeys, SQLForeignKeys, SQLStatistics ---- */

typedef enum key_fn
{
	KEY_PRIMARY,
	KEY_STATISTICS,
	KEY_FOREIGN
} key_fn;

/* The shared body of the six entry points: arguments converted by the
 * caller (b only for SQLForeignKeys, its foreign-key side). */
static SQLRETURN
keys_entry(drv_stmt *st, key_fn fn, cat_args *a, cat_args *b, SQLUSMALLINT unique)
{
	SQLRETURN rc;

	if (!a->ok || (b != NULL && !b->ok))
		rc = drv_error(st->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH, "invalid string length");
	else if (fn == KEY_PRIMARY)
		rc = drv_primary_keys(st, a->a[0], a->a[1], a->a[2]);
	else if (fn == KEY_STATISTICS)
		rc = drv_statistics(st, a->a[0], a->a[1], a->a[2], unique);
	else
		rc = drv_foreign_keys(st, a->a[0], a->a[1], a->a[2], b->a[0], b->a[1], b->a[2]);
	cat_args_free(a);
	if (b != NULL)
		cat_args_free(b);
	return drv_stmt_leave(st, rc);
}

SQLRETURN SQL_API
SQLPrimaryKeys(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
			   SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
			   SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_ansi(&ca, CatalogName, NameLength1, SchemaName, NameLength2, TableName,
				  NameLength3, NULL, 0);
	return keys_entry(st, KEY_PRIMARY, &ca, NULL, 0);
}

SQLRETURN SQL_API
SQLPrimaryKeysW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
				SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
				SQLSMALLINT NameLength3)
{
	drv_stmt *st;
	cat_args ca;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_wide(&ca, CatalogName, NameLength1, SchemaName, NameLength2, TableName,
				  NameLength3, NULL, 0);
	return keys_entry(st, KEY_PRIMARY, &ca, NULL, 0);
}

/* Reserved (SQL_QUICK, SQL_ENSURE): the source's statistics either way. */
SQLRETURN SQL_API
SQLStatistics(SQLHSTMT StatementHandle, SQLCHAR *CatalogName, SQLSMALLINT NameLength1,
			  SQLCHAR *SchemaName, SQLSMALLINT NameLength2, SQLCHAR *TableName,
			  SQLSMALLINT NameLength3, SQLUSMALLINT Unique, SQLUSMALLINT Reserved)
{
	drv_stmt *st;
	cat_args ca;

	(void) Reserved;
	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_ansi(&ca, CatalogName, NameLength1, SchemaName, NameLength2, TableName,
				  NameLength3, NULL, 0);
	return keys_entry(st, KEY_STATISTICS, &ca, NULL, Unique);
}

SQLRETURN SQL_API
SQLStatisticsW(SQLHSTMT StatementHandle, SQLWCHAR *CatalogName, SQLSMALLINT NameLength1,
			   SQLWCHAR *SchemaName, SQLSMALLINT NameLength2, SQLWCHAR *TableName,
			   SQLSMALLINT NameLength3, SQLUSMALLINT Unique, SQLUSMALLINT Reserved)
{
	drv_stmt *st;
	cat_args ca;

	(void) Reserved;
	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_wide(&ca, CatalogName, NameLength1, SchemaName, NameLength2, TableName,
				  NameLength3, NULL, 0);
	return keys_entry(st, KEY_STATISTICS, &ca, NULL, Unique);
}

SQLRETURN SQL_API
SQLForeignKeys(SQLHSTMT StatementHandle, SQLCHAR *PKCatalogName, SQLSMALLINT NameLength1,
			   SQLCHAR *PKSchemaName, SQLSMALLINT NameLength2, SQLCHAR *PKTableName,
			   SQLSMALLINT NameLength3, SQLCHAR *FKCatalogName, SQLSMALLINT NameLength4,
			   SQLCHAR *FKSchemaName, SQLSMALLINT NameLength5, SQLCHAR *FKTableName,
			   SQLSMALLINT NameLength6)
{
	drv_stmt *st;
	cat_args pk;
	cat_args fk;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_ansi(&pk, PKCatalogName, NameLength1, PKSchemaName, NameLength2, PKTableName,
				  NameLength3, NULL, 0);
	cat_args_ansi(&fk, FKCatalogName, NameLength4, FKSchemaName, NameLength5, FKTableName,
				  NameLength6, NULL, 0);
	return keys_entry(st, KEY_FOREIGN, &pk, &fk, 0);
}

SQLRETURN SQL_API
SQLForeignKeysW(SQLHSTMT StatementHandle, SQLWCHAR *PKCatalogName, SQLSMALLINT NameLength1,
				SQLWCHAR *PKSchemaName, SQLSMALLINT NameLength2, SQLWCHAR *PKTableName,
				SQLSMALLINT NameLength3, SQLWCHAR *FKCatalogName, SQLSMALLINT NameLength4,
				SQLWCHAR *FKSchemaName, SQLSMALLINT NameLength5, SQLWCHAR *FKTableName,
				SQLSMALLINT NameLength6)
{
	drv_stmt *st;
	cat_args pk;
	cat_args fk;

	if (!drv_stmt_enter(StatementHandle, &st))
		return SQL_INVALID_HANDLE;
	cat_args_wide(&pk, PKCatalogName, NameLength1, PKSchemaName, NameLength2, PKTableName,
				  NameLength3, NULL, 0);
	cat_args_wide(&fk, FKCatalogName, NameLength4, FKSchemaName, NameLength5, FKTableName,
				  NameLength6, NULL, 0);
	return keys_entry(st, KEY_FOREIGN, &pk, &fk, 0);
}

/* ------------------------------------------------------------------ */
/* For catalog_extra.c                                                 */
/* ------------------------------------------------------------------ */

bool
drv_catalog_matches(drv_stmt *st, const char *cat)
{
	return catalog_matches(st, cat);
}

bool
drv_catalog_pattern(drv_stmt *st, const char *arg, const char *what, char **out)
{
	return arg_pattern(st, arg, what, out);
}

SQLRETURN
drv_table_key_list(drv_stmt *st, fq_key_kind kind, const char *cat, const char *schema,
				   const char *table, const char *fn, fq_key_info **list, char ***strings,
				   size_t *n)
{
	keys_call k = {.kind = kind};

	*list = NULL;
	*strings = NULL;
	*n = 0;
	return list_table_keys(st, &k, cat, schema, table, fn, list, strings, n);
}

void
drv_key_list_free(fq_key_info *list, char **strings)
{
	free_keys(list, strings);
}
