/*
 * catalog_extra.c — SQLSpecialColumns (the primary key, else a unique
 * index, of warehouse and external tables), SQLProcedures and
 * SQLProcedureColumns (ODBC's columns, no rows: fedq has no procedures),
 * SQLTablePrivileges and SQLColumnPrivileges (the warehouse's grants).
 */
#include "odbctest.h"

static SQLHDBC dbc;

/* The result's rows, each as "v1|v2|..." of the given columns, joined by
 * "; " ("" for none). */
static const char *
rows_of(SQLHSTMT st, const int *cols, int ncols)
{
	static char out[4096];
	char v[256];
	SQLLEN ind;

	out[0] = '\0';
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		if (out[0] != '\0')
			strcat(out, "; ");
		for (int i = 0; i < ncols; i++)
		{
			if (!SQL_SUCCEEDED(SQLGetData(st, (SQLUSMALLINT) cols[i], SQL_C_CHAR, v, sizeof(v), &ind)))
				strcpy(v, "<ERR>");
			else if (ind == SQL_NULL_DATA)
				strcpy(v, "<NULL>");
			if (i > 0)
				strcat(out, "|");
			strncat(out, v, sizeof(out) - strlen(out) - 1);
		}
	}
	SQLFreeStmt(st, SQL_CLOSE);
	return out;
}

static const char *
col_name(SQLHSTMT st, int col)
{
	static char name[64];

	name[0] = '\0';
	SQLDescribeCol(st, (SQLUSMALLINT) col, (SQLCHAR *) name, sizeof(name), NULL, NULL, NULL, NULL,
				   NULL);
	return name;
}

static const char *
special(SQLHSTMT st, SQLUSMALLINT id, const char *schema, const char *table, SQLUSMALLINT nullable)
{
	static const int cols[] = {1, 2, 3, 4, 5, 7, 8};
	SQLRETURN rc = SQLSpecialColumns(st, id, NULL, 0, (SQLCHAR *) schema, SQL_NTS, (SQLCHAR *) table,
									 SQL_NTS, SQL_SCOPE_CURROW, nullable);

	if (!SQL_SUCCEEDED(rc))
	{
		t_diag(SQL_HANDLE_STMT, st);
		return "<ERROR>";
	}
	return rows_of(st, cols, 7);
}

static void
test_special(SQLHSTMT st)
{
	const char *r;
	SQLSMALLINT n = 0;

	t_rc(SQLSpecialColumns(st, SQL_BEST_ROWID, NULL, 0, (SQLCHAR *) "rds", SQL_NTS,
						   (SQLCHAR *) "orders", SQL_NTS, SQL_SCOPE_SESSION, SQL_NULLABLE),
		 SQL_HANDLE_STMT, st, "SQLSpecialColumns on an external table");
	SQLNumResultCols(st, &n);
	t_ok(n == 8 && strcmp(col_name(st, 1), "SCOPE") == 0 && strcmp(col_name(st, 5), "COLUMN_SIZE") == 0 &&
		 strcmp(col_name(st, 8), "PSEUDO_COLUMN") == 0, "8 columns with ODBC's names (%d)", (int) n);
	SQLFreeStmt(st, SQL_CLOSE);
	r = special(st, SQL_BEST_ROWID, "rds", "orders", SQL_NULLABLE);
	t_ok(strcmp(r, "2|o_id|4|int4|10|0|1") == 0, "rds.orders: its primary key o_id [%s]", r);
	r = special(st, SQL_BEST_ROWID, "public", "regions", SQL_NULLABLE);
	t_ok(strcmp(r, "2|r_code|-8|bpchar|4|<NULL>|1") == 0, "warehouse regions: r_code [%s]", r);
	r = special(st, SQL_BEST_ROWID, "fq_special", "two_unique", SQL_NULLABLE);
	t_ok(strcmp(r, "2|a|4|int4|10|0|1; 2|b|4|int4|10|0|1") == 0,
		 "no primary key: the first unique index by name, (a, b) [%s]", r);
	r = special(st, SQL_BEST_ROWID, "fq_special", "nullable_unique", SQL_NULLABLE);
	t_ok(strcmp(r, "2|x|4|int4|10|0|1") == 0, "a unique index of a nullable column [%s]", r);
	r = special(st, SQL_BEST_ROWID, "fq_special", "nullable_unique", SQL_NO_NULLS);
	t_ok(strcmp(r, "") == 0, "not with SQL_NO_NULLS [%s]", r);
	r = special(st, SQL_BEST_ROWID, "fq_special", "no_key", SQL_NULLABLE);
	t_ok(strcmp(r, "") == 0, "a table without a key or unique index: no rows [%s]", r);
	r = special(st, SQL_ROWVER, "rds", "orders", SQL_NULLABLE);
	t_ok(strcmp(r, "") == 0, "SQL_ROWVER: no rows [%s]", r);
	t_fails(SQLSpecialColumns(st, 99, NULL, 0, NULL, 0, (SQLCHAR *) "orders", SQL_NTS, SQL_SCOPE_SESSION,
							  SQL_NULLABLE), SQL_HANDLE_STMT, st, "HY097", "an unknown IdentifierType");
	t_fails(SQLSpecialColumns(st, SQL_BEST_ROWID, NULL, 0, NULL, 0, (SQLCHAR *) "orders", SQL_NTS, 7,
							  SQL_NULLABLE), SQL_HANDLE_STMT, st, "HY098", "an unknown Scope");
	t_fails(SQLSpecialColumns(st, SQL_BEST_ROWID, NULL, 0, NULL, 0, NULL, 0, SQL_SCOPE_SESSION,
							  SQL_NULLABLE), SQL_HANDLE_STMT, st, "HY009", "no TableName");
}

static void
test_procedures(SQLHSTMT st)
{
	SQLSMALLINT n = 0;

	t_rc(SQLProcedures(st, NULL, 0, NULL, 0, (SQLCHAR *) "%", SQL_NTS), SQL_HANDLE_STMT, st,
		 "SQLProcedures");
	SQLNumResultCols(st, &n);
	t_ok(n == 8 && strcmp(col_name(st, 3), "PROCEDURE_NAME") == 0 &&
		 strcmp(col_name(st, 8), "PROCEDURE_TYPE") == 0, "SQLProcedures: 8 columns (%d)", (int) n);
	t_ok(SQLFetch(st) == SQL_NO_DATA, "no procedures");
	SQLFreeStmt(st, SQL_CLOSE);
	t_rc(SQLProcedureColumns(st, NULL, 0, NULL, 0, (SQLCHAR *) "%", SQL_NTS, (SQLCHAR *) "%", SQL_NTS),
		 SQL_HANDLE_STMT, st, "SQLProcedureColumns");
	SQLNumResultCols(st, &n);
	t_ok(n == 19 && strcmp(col_name(st, 5), "COLUMN_TYPE") == 0 &&
		 strcmp(col_name(st, 19), "IS_NULLABLE") == 0, "SQLProcedureColumns: 19 columns (%d)", (int) n);
	t_ok(SQLFetch(st) == SQL_NO_DATA, "no procedure columns");
	SQLFreeStmt(st, SQL_CLOSE);
}

static void
test_privileges(SQLHSTMT st)
{
	static const int tcols[] = {2, 3, 5, 6};
	static const int ccols[] = {3, 4, 6, 7};
	SQLSMALLINT n = 0;
	const char *r;

	t_rc(SQLTablePrivileges(st, NULL, 0, (SQLCHAR *) "fq_special", SQL_NTS, (SQLCHAR *) "no\\_key",
							SQL_NTS), SQL_HANDLE_STMT, st, "SQLTablePrivileges");
	SQLNumResultCols(st, &n);
	t_ok(n == 7 && strcmp(col_name(st, 5), "GRANTEE") == 0 && strcmp(col_name(st, 7), "IS_GRANTABLE") == 0,
		 "SQLTablePrivileges: 7 columns (%d)", (int) n);
	r = rows_of(st, tcols, 4);
	t_ok(strstr(r, "fq_special|no_key|fedq|SELECT") != NULL &&
		 strstr(r, "fq_special|no_key|reader|SELECT") != NULL &&
		 strstr(r, "reader|INSERT") == NULL,
		 "the owner's privileges and the SELECT granted to reader [%s]", r);
	t_rc(SQLColumnPrivileges(st, NULL, 0, (SQLCHAR *) "fq_special", SQL_NTS, (SQLCHAR *) "no_key",
							 SQL_NTS, (SQLCHAR *) "%", SQL_NTS), SQL_HANDLE_STMT, st, "SQLColumnPrivileges");
	SQLNumResultCols(st, &n);
	t_ok(n == 8 && strcmp(col_name(st, 4), "COLUMN_NAME") == 0, "SQLColumnPrivileges: 8 columns (%d)", (int) n);
	r = rows_of(st, ccols, 4);
	t_ok(strstr(r, "no_key|v|reader|UPDATE") != NULL && strstr(r, "no_key|w|reader|UPDATE") == NULL,
		 "the column grant UPDATE (v) to reader [%s]", r);
	t_rc(SQLTablePrivileges(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "%", SQL_NTS),
		 SQL_HANDLE_STMT, st, "SQLTablePrivileges of an external schema");
	r = rows_of(st, tcols, 4);
	t_ok(strcmp(r, "") == 0, "no rows for external tables [%s]", r);
}

int
main(void)
{
	SQLHENV env;
	SQLUSMALLINT fn = SQL_FALSE;
	SQLHSTMT st;

	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);
	SQLGetFunctions(dbc, SQL_API_SQLSPECIALCOLUMNS, &fn);
	t_ok(fn == SQL_TRUE, "SQLGetFunctions claims SQLSpecialColumns");
	if (!t_exec(st, "DROP SCHEMA IF EXISTS fq_special CASCADE") ||
		!t_exec(st, "CREATE SCHEMA fq_special") ||
		!t_exec(st, "CREATE TABLE fq_special.two_unique (a integer NOT NULL, b integer NOT NULL, "
				"c integer NOT NULL UNIQUE, CONSTRAINT a_first UNIQUE (a, b))") ||
		!t_exec(st, "CREATE TABLE fq_special.nullable_unique (x integer UNIQUE, y text)") ||
		!t_exec(st, "CREATE TABLE fq_special.no_key (v integer, w text)") ||
		!t_exec(st, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') THEN "
				"CREATE ROLE reader; END IF; END $$") ||
		!t_exec(st, "GRANT SELECT ON fq_special.no_key TO reader") ||
		!t_exec(st, "GRANT UPDATE (v) ON fq_special.no_key TO reader"))
		return t_done();
	test_special(st);
	test_procedures(st);
	test_privileges(st);
	t_exec(st, "DROP SCHEMA fq_special CASCADE");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
