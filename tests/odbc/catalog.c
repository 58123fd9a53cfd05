/*
 * catalog.c — SQLTables, SQLColumns and SQLGetTypeInfo over the warehouse
 * and external schemas: ODBC's result columns with their names and C
 * types, the special listings (catalogs, schemas, table types), patterns
 * and SQL_ATTR_METADATA_ID, type codes by ODBC version, and type names
 * that match SQL_DESC_TYPE_NAME.
 */
#include "odbctest.h"

static SQLHENV env;
static SQLHDBC dbc;

/* Collects column `col` of every row as "a,b,c" (NULL as "-"). */
static const char *
column_list(SQLHSTMT st, int col)
{
	static char out[16384];
	char v[256];
	SQLLEN ind;

	out[0] = '\0';
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		if (!SQL_SUCCEEDED(SQLGetData(st, (SQLUSMALLINT) col, SQL_C_CHAR, v, sizeof(v), &ind)))
			strcpy(v, "?");
		else if (ind == SQL_NULL_DATA)
			strcpy(v, "-");
		if (out[0] != '\0')
			strncat(out, ",", sizeof(out) - strlen(out) - 1);
		strncat(out, v, sizeof(out) - strlen(out) - 1);
	}
	SQLFreeStmt(st, SQL_CLOSE);
	return out;
}

/* Schema.table of every SQLTables row. */
static const char *
table_list(SQLHSTMT st)
{
	static char out[16384];
	char s[128], t[128];
	SQLLEN i1, i2;

	out[0] = '\0';
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		SQLGetData(st, 2, SQL_C_CHAR, s, sizeof(s), &i1);
		SQLGetData(st, 3, SQL_C_CHAR, t, sizeof(t), &i2);
		strncat(out, " ", sizeof(out) - strlen(out) - 1);
		strncat(out, s, sizeof(out) - strlen(out) - 1);
		strncat(out, ".", sizeof(out) - strlen(out) - 1);
		strncat(out, t, sizeof(out) - strlen(out) - 1);
	}
	strncat(out, " ", sizeof(out) - strlen(out) - 1);
	SQLFreeStmt(st, SQL_CLOSE);
	return out;
}

static void
check_result_columns(SQLHSTMT st, const char *what, const char *const *names,
					 const SQLSMALLINT *types, int n)
{
	SQLSMALLINT ncols = 0;
	bool ok = true;

	SQLNumResultCols(st, &ncols);
	if (ncols != n)
		ok = false;
	for (int i = 0; i < n && ok; i++)
	{
		SQLCHAR name[64];
		SQLSMALLINT type;

		SQLDescribeCol(st, (SQLUSMALLINT) (i + 1), name, sizeof(name), NULL, &type, NULL, NULL, NULL);
		if (strcmp((char *) name, names[i]) != 0 || type != types[i])
		{
			printf("#   column %d: %s %d, want %s %d\n", i + 1, name, type, names[i], types[i]);
			ok = false;
		}
	}
	t_ok(ok, "%s result columns: names and SQL types (%d columns)", what, (int) ncols);
}

static void
test_tables(SQLHSTMT st)
{
	static const char *const names[] = {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"};
	static const SQLSMALLINT types[] = {SQL_WVARCHAR, SQL_WVARCHAR, SQL_WVARCHAR, SQL_WVARCHAR, SQL_WVARCHAR};
	const char *l;

	t_rc(SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "TABLE", SQL_NTS), SQL_HANDLE_STMT, st,
		 "SQLTables of type TABLE");
	check_result_columns(st, "SQLTables", names, types, 5);
	l = table_list(st);
	t_ok(strstr(l, " public.regions ") && strstr(l, " public.sales ") && strstr(l, " finance.budgets ") &&
		 strstr(l, " rds.orders ") && strstr(l, " rds.customers ") && strstr(l, " rds.alltypes "),
		 "warehouse and external tables are listed:%s", l);
	t_ok(strstr(l, " rds.open_orders ") == NULL, "views are not TABLEs");

	SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "'TABLE','VIEW'", SQL_NTS);
	l = table_list(st);
	t_ok(strstr(l, " rds.open_orders ") != NULL && strstr(l, " rds.orders ") != NULL,
		 "quoted list 'TABLE','VIEW' includes the remote view");
	SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "VIEW", SQL_NTS);
	l = table_list(st);
	t_ok(strstr(l, " rds.open_orders ") != NULL && strstr(l, " rds.orders ") == NULL, "VIEW only");

	/* TABLE_CAT is the database; rows ordered by type, schema, name. */
	SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, NULL, 0, NULL, 0);
	l = column_list(st, 1);
	t_ok(strncmp(l, "warehouse,", 10) == 0, "TABLE_CAT is the database name (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, NULL, 0, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "alltypes,customers,orders,tags,open_orders") == 0,
		 "rds: tables sorted by type then name, then the view (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "ord%", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "orders") == 0, "pattern ord%% (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "open\\_orders", SQL_NTS, NULL, 0);
	l = column_list(st, 4);
	t_ok(strcmp(l, "VIEW") == 0, "escaped pattern open\\_orders is a VIEW (%s)", l);

	/* Patterns ignore case, as psqlODBC's: ORDERS finds orders (in the
	 * warehouse and in an external schema), O_ID its column. */
	SQLTables(st, NULL, 0, (SQLCHAR *) "RDS", SQL_NTS, (SQLCHAR *) "ORD%", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "orders") == 0, "pattern ORD%% in RDS finds orders (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "Public", SQL_NTS, (SQLCHAR *) "REGIONS", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "regions") == 0, "REGIONS in Public finds the warehouse's regions (%s)", l);
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "Orders", SQL_NTS,
			   (SQLCHAR *) "O_ID", SQL_NTS);
	l = column_list(st, 4);
	t_ok(strcmp(l, "o_id") == 0, "column O_ID of Orders (%s)", l);
	SQLColumns(st, NULL, 0, (SQLCHAR *) "PUBLIC", SQL_NTS, (SQLCHAR *) "SALES", SQL_NTS,
			   (SQLCHAR *) "S_I%", SQL_NTS);
	l = column_list(st, 4);
	t_ok(strcmp(l, "s_id") == 0, "column S_I%% of PUBLIC.SALES (%s)", l);

	/* Special listings. */
	SQLTables(st, (SQLCHAR *) SQL_ALL_CATALOGS, SQL_NTS, (SQLCHAR *) "", SQL_NTS, (SQLCHAR *) "", SQL_NTS,
			  NULL, 0);
	l = column_list(st, 1);
	t_ok(strcmp(l, "warehouse") == 0, "catalog list: one catalog (%s)", l);
	SQLTables(st, (SQLCHAR *) "", SQL_NTS, (SQLCHAR *) SQL_ALL_SCHEMAS, SQL_NTS, (SQLCHAR *) "", SQL_NTS,
			  NULL, 0);
	l = column_list(st, 2);
	t_ok(strstr(l, "public") && strstr(l, "finance") && strstr(l, "rds") && strstr(l, "information_schema"),
		 "schema list has local, external and system schemas (%s)", l);
	SQLTables(st, (SQLCHAR *) "", SQL_NTS, (SQLCHAR *) "", SQL_NTS, (SQLCHAR *) "", SQL_NTS,
			  (SQLCHAR *) SQL_ALL_TABLE_TYPES, SQL_NTS);
	l = column_list(st, 4);
	t_ok(strcmp(l, "TABLE,VIEW,SYSTEM TABLE,SYSTEM VIEW") == 0, "table type list (%s)", l);

	/* SQL_ATTR_METADATA_ID: identifiers, not patterns. */
	SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER) SQL_TRUE, 0);
	SQLTables(st, NULL, 0, (SQLCHAR *) "RDS", SQL_NTS, (SQLCHAR *) "ORDERS", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "orders") == 0, "unquoted identifiers fold to lower case (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "ord%", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(l[0] == '\0', "'%%' is not a wildcard (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "mixed", SQL_NTS, (SQLCHAR *) "\"Items\"", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(strcmp(l, "Items") == 0, "a quoted identifier keeps its case (%s)", l);
	SQLTables(st, NULL, 0, (SQLCHAR *) "mixed", SQL_NTS, (SQLCHAR *) "Items", SQL_NTS, NULL, 0);
	l = column_list(st, 3);
	t_ok(l[0] == '\0', "unquoted Items is items, which does not exist (%s)", l);
	t_fails(SQLTables(st, NULL, 0, NULL, 0, (SQLCHAR *) "orders", SQL_NTS, NULL, 0), SQL_HANDLE_STMT, st,
			"HY009", "a NULL schema with SQL_ATTR_METADATA_ID");
	SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER) SQL_FALSE, 0);
}

typedef struct col_expect
{
	const char *name;
	SQLSMALLINT data_type;
	const char *type_name;
	SQLINTEGER size;
	SQLSMALLINT digits;  /* -1 = NULL */
	SQLSMALLINT nullable;
} col_expect;

static void
check_columns(SQLHSTMT st, const char *schema, const char *table, const col_expect *want, int n)
{
	int row = 0;
	bool ok = true;

	if (!SQL_SUCCEEDED(SQLColumns(st, NULL, 0, (SQLCHAR *) schema, SQL_NTS, (SQLCHAR *) table, SQL_NTS,
								  NULL, 0)))
	{
		t_ok(false, "SQLColumns %s.%s", schema, table);
		t_diag(SQL_HANDLE_STMT, st);
		return;
	}
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		char name[128], tname[64], isn[8];
		SQLSMALLINT dt = 0, digits = 0, nullable = 0, sqldt = 0;
		SQLINTEGER size = 0, ord = 0;
		SQLLEN dind, sind;

		SQLGetData(st, 4, SQL_C_CHAR, name, sizeof(name), NULL);
		SQLGetData(st, 5, SQL_C_SSHORT, &dt, 0, NULL);
		SQLGetData(st, 6, SQL_C_CHAR, tname, sizeof(tname), NULL);
		SQLGetData(st, 7, SQL_C_SLONG, &size, 0, &sind);
		SQLGetData(st, 9, SQL_C_SSHORT, &digits, 0, &dind);
		SQLGetData(st, 11, SQL_C_SSHORT, &nullable, 0, NULL);
		SQLGetData(st, 14, SQL_C_SSHORT, &sqldt, 0, NULL);
		SQLGetData(st, 17, SQL_C_SLONG, &ord, 0, NULL);
		SQLGetData(st, 18, SQL_C_CHAR, isn, sizeof(isn), NULL);
		if (row >= n || strcmp(name, want[row].name) != 0 || dt != want[row].data_type ||
			strcmp(tname, want[row].type_name) != 0 || size != want[row].size ||
			(want[row].digits < 0 ? dind != SQL_NULL_DATA : digits != want[row].digits) ||
			nullable != want[row].nullable || ord != row + 1 ||
			strcmp(isn, nullable == SQL_NO_NULLS ? "NO" : "YES") != 0 ||
			(dt == SQL_TYPE_DATE && sqldt != SQL_DATETIME))
		{
			printf("#   %s.%s row %d: %s %d '%s' %d %d %d ord %d %s\n", schema, table, row + 1, name, dt,
				   tname, (int) size, dind == SQL_NULL_DATA ? -1 : digits, nullable, (int) ord, isn);
			ok = false;
		}
		row++;
	}
	SQLFreeStmt(st, SQL_CLOSE);
	t_ok(ok && row == n, "SQLColumns %s.%s: %d columns with ODBC types (%d rows)", schema, table, n, row);
}

static void
test_columns(SQLHSTMT st)
{
	static const char *const names[] = {
		"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
		"BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
		"SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE"};
	static const SQLSMALLINT types[] = {
		SQL_WVARCHAR, SQL_WVARCHAR, SQL_WVARCHAR, SQL_WVARCHAR, SQL_SMALLINT, SQL_WVARCHAR, SQL_INTEGER,
		SQL_INTEGER, SQL_SMALLINT, SQL_SMALLINT, SQL_SMALLINT, SQL_WVARCHAR, SQL_WVARCHAR, SQL_SMALLINT,
		SQL_SMALLINT, SQL_INTEGER, SQL_INTEGER, SQL_WVARCHAR};
	static const col_expect orders[] = {
		{"o_id", SQL_INTEGER, "int4", 10, 0, SQL_NO_NULLS},
		{"o_custkey", SQL_INTEGER, "int4", 10, 0, SQL_NO_NULLS},
		{"o_status", SQL_WCHAR, "bpchar", 1, -1, SQL_NO_NULLS},
		{"o_total", SQL_NUMERIC, "numeric", 12, 2, SQL_NO_NULLS},
		{"o_orderdate", SQL_TYPE_DATE, "date", 10, -1, SQL_NO_NULLS},
		{"o_priority", SQL_WLONGVARCHAR, "text", 65535, -1, SQL_NULLABLE},
		{"o_comment", SQL_WVARCHAR, "varchar", 79, -1, SQL_NULLABLE},
	};
	static const col_expect sales[] = {
		{"s_id", SQL_BIGINT, "int8", 19, 0, SQL_NO_NULLS},
		{"s_region", SQL_WCHAR, "bpchar", 4, -1, SQL_NO_NULLS},
		{"s_amount", SQL_NUMERIC, "numeric", 14, 2, SQL_NO_NULLS},
		{"s_day", SQL_TYPE_DATE, "date", 10, -1, SQL_NO_NULLS},
	};

	t_rc(SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "orders", SQL_NTS, NULL, 0),
		 SQL_HANDLE_STMT, st, "SQLColumns rds.orders");
	check_result_columns(st, "SQLColumns", names, types, 18);
	SQLFreeStmt(st, SQL_CLOSE);
	check_columns(st, "rds", "orders", orders, 7);
	check_columns(st, "public", "sales", sales, 4);

	/* Types beyond Redshift's keep their ODBC types. */
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "alltypes", SQL_NTS,
			   (SQLCHAR *) "c_uuid", SQL_NTS);
	t_ok(strcmp(column_list(st, 5), "-11") == 0, "c_uuid is SQL_GUID");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "alltypes", SQL_NTS,
			   (SQLCHAR *) "c_bytea", SQL_NTS);
	t_ok(strcmp(column_list(st, 5), "-3") == 0, "c_bytea is SQL_VARBINARY");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "alltypes", SQL_NTS,
			   (SQLCHAR *) "c_interval", SQL_NTS);
	t_ok(strcmp(column_list(st, 6), "interval") == 0, "c_interval TYPE_NAME interval");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "alltypes", SQL_NTS,
			   (SQLCHAR *) "c_t%", SQL_NTS);
	t_ok(strcmp(column_list(st, 4), "c_text,c_time,c_ts,c_tstz") == 0, "column pattern c_t%%");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "alltypes", SQL_NTS,
			   (SQLCHAR *) "c_tstz", SQL_NTS);
	t_ok(strcmp(column_list(st, 5), "93") == 0, "c_tstz is SQL_TYPE_TIMESTAMP (93)");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "orders", SQL_NTS,
			   (SQLCHAR *) "o_comment", SQL_NTS);
	t_ok(strcmp(column_list(st, 16), "316") == 0, "o_comment CHAR_OCTET_LENGTH 316 (4 bytes a character)");
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "orders", SQL_NTS,
			   (SQLCHAR *) "o_orderdate", SQL_NTS);
	t_ok(strcmp(column_list(st, 15), "1") == 0, "o_orderdate SQL_DATETIME_SUB SQL_CODE_DATE");
}

static void
test_type_info(SQLHSTMT st)
{
	int n = 0, prev = -1000;
	bool sorted = true, sizes = true;
	const char *l;

	t_rc(SQLGetTypeInfo(st, SQL_ALL_TYPES), SQL_HANDLE_STMT, st, "SQLGetTypeInfo(SQL_ALL_TYPES)");
	{
		SQLSMALLINT type;

		SQLDescribeCol(st, 2, NULL, 0, NULL, &type, NULL, NULL, NULL);
		t_ok(type == SQL_SMALLINT, "DATA_TYPE is SQL_SMALLINT");
		SQLDescribeCol(st, 3, NULL, 0, NULL, &type, NULL, NULL, NULL);
		t_ok(type == SQL_INTEGER, "COLUMN_SIZE is SQL_INTEGER");
	}
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		SQLSMALLINT dt;
		SQLINTEGER size;
		char name[64];

		SQLGetData(st, 1, SQL_C_CHAR, name, sizeof(name), NULL);
		SQLGetData(st, 2, SQL_C_SSHORT, &dt, 0, NULL);
		SQLGetData(st, 3, SQL_C_SLONG, &size, 0, NULL);
		if (dt < prev)
			sorted = false;
		prev = dt;
		if (size <= 0)
		{
			printf("#   %s has COLUMN_SIZE %d\n", name, (int) size);
			sizes = false;
		}
		n++;
	}
	SQLFreeStmt(st, SQL_CLOSE);
	/* the character types under their wide and their ANSI codes */
	t_ok(n == 21, "one row per engine type, and per code of a character type (%d)", n);
	t_ok(sorted, "sorted by DATA_TYPE");
	t_ok(sizes, "every COLUMN_SIZE is positive (never -4)");

	SQLGetTypeInfo(st, SQL_TYPE_TIMESTAMP);
	l = column_list(st, 1);
	t_ok(strcmp(l, "timestamp,timestamptz") == 0, "SQL_TYPE_TIMESTAMP: %s", l);
	SQLGetTypeInfo(st, SQL_TYPE_TIMESTAMP);
	l = column_list(st, 3);
	t_ok(strcmp(l, "26,26") == 0, "timestamp COLUMN_SIZE 26 (%s)", l);
	SQLGetTypeInfo(st, SQL_VARCHAR);
	l = column_list(st, 1);
	t_ok(strcmp(l, "varchar,interval") == 0, "SQL_VARCHAR: varchar first (%s)", l);
	SQLGetTypeInfo(st, SQL_LONGVARCHAR);
	l = column_list(st, 1);
	t_ok(strcmp(l, "text") == 0, "SQL_LONGVARCHAR: text (%s)", l);
	SQLGetTypeInfo(st, SQL_WLONGVARCHAR);
	l = column_list(st, 1);
	t_ok(strcmp(l, "text") == 0, "SQL_WLONGVARCHAR: text (%s)", l);
	SQLGetTypeInfo(st, SQL_NUMERIC);
	l = column_list(st, 6);
	t_ok(strcmp(l, "precision,scale") == 0, "numeric CREATE_PARAMS (%s)", l);
	SQLGetTypeInfo(st, SQL_CHAR);
	l = column_list(st, 4);
	t_ok(strcmp(l, "'") == 0, "char LITERAL_PREFIX (%s)", l);
	SQLGetTypeInfo(st, SQL_WVARCHAR);
	l = column_list(st, 1);
	t_ok(strcmp(l, "varchar,interval") == 0, "SQL_WVARCHAR: varchar first (%s)", l);

	/* Every SQL_DESC_TYPE_NAME a query reports is a SQLGetTypeInfo name. */
	SQLGetTypeInfo(st, SQL_ALL_TYPES);
	{
		char all[2048];
		static const char *cols = "c_bool, c_int2, c_int4, c_int8, c_num, c_real, c_double, c_char, "
			"c_varchar, c_date, c_time, c_ts, c_tstz, c_interval, c_uuid, c_bytea";
		char sql[512];
		SQLSMALLINT ncols = 0;
		bool ok = true;

		snprintf(all, sizeof(all), ",%s,", column_list(st, 1));
		snprintf(sql, sizeof(sql), "SELECT %s FROM rds.alltypes", cols);
		SQLPrepare(st, (SQLCHAR *) sql, SQL_NTS);
		SQLNumResultCols(st, &ncols);
		for (SQLSMALLINT c = 1; c <= ncols; c++)
		{
			char tn[64], needle[70];

			SQLColAttribute(st, (SQLUSMALLINT) c, SQL_DESC_TYPE_NAME, tn, sizeof(tn), NULL, NULL);
			snprintf(needle, sizeof(needle), ",%s,", tn);
			if (strstr(all, needle) == NULL)
			{
				printf("#   column %d TYPE_NAME '%s' not in SQLGetTypeInfo\n", c, tn);
				ok = false;
			}
		}
		t_ok(ok && ncols == 16, "SQL_DESC_TYPE_NAME values all appear in SQLGetTypeInfo");
		SQLFreeStmt(st, SQL_CLOSE);
	}
}

/* An ODBC 2 application sees ODBC 2 date codes and column names. */
static void
test_odbc2(void)
{
	SQLHENV env2;
	SQLHDBC dbc2;
	SQLHSTMT st;
	SQLSMALLINT type = 0;
	SQLCHAR name[64];
	const char *l;

	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env2);
	SQLSetEnvAttr(env2, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC2, 0);
	SQLAllocHandle(SQL_HANDLE_DBC, env2, &dbc2);
	if (!SQL_SUCCEEDED(SQLConnect(dbc2, (SQLCHAR *) "fedq", SQL_NTS, NULL, 0, NULL, 0)))
	{
		t_ok(false, "ODBC 2 connection");
		t_diag(SQL_HANDLE_DBC, dbc2);
		return;
	}
	SQLAllocHandle(SQL_HANDLE_STMT, dbc2, &st);
	SQLColumns(st, NULL, 0, (SQLCHAR *) "rds", SQL_NTS, (SQLCHAR *) "orders", SQL_NTS,
			   (SQLCHAR *) "o_orderdate", SQL_NTS);
	SQLDescribeCol(st, 7, name, sizeof(name), NULL, NULL, NULL, NULL, NULL);
	t_ok(strcmp((char *) name, "PRECISION") == 0, "ODBC 2 SQLColumns column 7 is PRECISION (%s)", name);
	l = column_list(st, 5);
	t_ok(strcmp(l, "9") == 0, "ODBC 2: a date column is SQL_DATE (9), got %s", l);
	SQLPrepare(st, (SQLCHAR *) "SELECT o_orderdate, CAST(o_orderdate AS timestamp) FROM rds.orders",
			   SQL_NTS);
	SQLDescribeCol(st, 1, NULL, 0, NULL, &type, NULL, NULL, NULL);
	t_ok(type == SQL_DATE, "ODBC 2: SQLDescribeCol gives SQL_DATE (%d)", type);
	SQLDescribeCol(st, 2, NULL, 0, NULL, &type, NULL, NULL, NULL);
	t_ok(type == SQL_TIMESTAMP, "ODBC 2: SQLDescribeCol gives SQL_TIMESTAMP (%d)", type);
	SQLFreeStmt(st, SQL_CLOSE);
	SQLGetTypeInfo(st, SQL_DATE);
	l = column_list(st, 2);
	t_ok(strcmp(l, "9") == 0, "ODBC 2: SQLGetTypeInfo(SQL_DATE) DATA_TYPE 9 (%s)", l);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLDisconnect(dbc2);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc2);
	SQLFreeHandle(SQL_HANDLE_ENV, env2);
}

/* fedq's late-binding views: listed as VIEW with their columns, queried
 * with parameters, gone after DROP VIEW. */
static void
test_fedq_views(SQLHSTMT st)
{
	const char *l;
	SQLINTEGER cust = 8;
	SQLLEN ind = 0;
	SQLINTEGER n = 0;

	if (!t_exec(st, "CREATE VIEW public.cust_totals (cust, orders, total) AS "
					"SELECT o_custkey, count(*), sum(o_total) FROM rds.orders GROUP BY 1 "
					"WITH NO SCHEMA BINDING"))
		return;
	SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "VIEW", SQL_NTS);
	l = table_list(st);
	t_ok(strstr(l, " public.cust_totals ") != NULL && strstr(l, " rds.open_orders ") != NULL,
		 "SQLTables VIEW lists fedq's view and the remote view:%s", l);
	SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "TABLE", SQL_NTS);
	l = table_list(st);
	t_ok(strstr(l, " public.cust_totals ") == NULL, "fedq's view is no TABLE");
	SQLTables(st, NULL, 0, (SQLCHAR *) "public", SQL_NTS, (SQLCHAR *) "cust%", SQL_NTS, NULL, 0);
	l = column_list(st, 4);
	t_ok(strcmp(l, "VIEW") == 0, "TABLE_TYPE of fedq's view (%s)", l);
	SQLColumns(st, NULL, 0, (SQLCHAR *) "public", SQL_NTS, (SQLCHAR *) "cust_totals", SQL_NTS, NULL,
			   0);
	l = column_list(st, 4);
	t_ok(strcmp(l, "cust,orders,total") == 0, "SQLColumns of fedq's view (%s)", l);
	SQLColumns(st, NULL, 0, (SQLCHAR *) "public", SQL_NTS, (SQLCHAR *) "cust_totals", SQL_NTS, NULL,
			   0);
	l = column_list(st, 6);
	t_ok(strcmp(l, "int4,int8,numeric") == 0, "TYPE_NAME of its columns (%s)", l);

	SQLFreeStmt(st, SQL_CLOSE);
	t_rc(SQLPrepare(st, (SQLCHAR *) "SELECT orders FROM public.cust_totals WHERE cust = ?",
					SQL_NTS), SQL_HANDLE_STMT, st, "prepare over the view");
	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &cust, 0, &ind);
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "execute with a parameter");
	SQLBindCol(st, 1, SQL_C_SLONG, &n, 0, NULL);
	t_ok(SQL_SUCCEEDED(SQLFetch(st)) && n == 10, "customer 8 has 10 orders through the view (%d)",
		 (int) n);
	SQLFreeStmt(st, SQL_CLOSE);
	SQLFreeStmt(st, SQL_UNBIND);
	SQLFreeStmt(st, SQL_RESET_PARAMS);

	t_fails(SQLExecDirect(st, (SQLCHAR *) "CREATE VIEW public.regions AS SELECT 1 FROM rds.orders",
						  SQL_NTS), SQL_HANDLE_STMT, st, "42P07", "a warehouse table's name");
	t_ok(strcmp(t_scalar(st, "SELECT count(*) FROM public.cust_totals"), "100") == 0,
		 "the connection goes on after an error");
	t_exec(st, "DROP VIEW public.cust_totals");
	SQLTables(st, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "VIEW", SQL_NTS);
	l = table_list(st);
	t_ok(strstr(l, " public.cust_totals ") == NULL, "dropped");
}

int
main(void)
{
	SQLHSTMT st;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public") || !t_external_schema(dbc, "mixed", "Mixed Case"))
		return t_done();
	st = t_stmt(dbc);
	test_tables(st);
	test_columns(st);
	test_type_info(st);
	test_fedq_views(st);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	test_odbc2();
	t_disconnect(env, dbc);
	return t_done();
}
