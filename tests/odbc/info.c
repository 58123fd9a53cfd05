/*
 * info.c — SQLGetInfo values and SQLGetFunctions through the driver
 * manager.  The values are the ones fedq documents (driver/README.md);
 * unknown InfoTypes must be HY096, as Tableau and Power BI rely on.
 */
#include "odbctest.h"

static SQLHDBC dbc;

static void
check_str(SQLUSMALLINT type, const char *name, const char *want)
{
	char buf[1024];
	SQLSMALLINT len = -1;
	SQLRETURN rc = SQLGetInfo(dbc, type, buf, sizeof(buf), &len);

	t_ok(SQL_SUCCEEDED(rc) && strcmp(buf, want) == 0 && len == (SQLSMALLINT) strlen(want),
		 "%s = '%s' (got '%s', len %d, rc %d)", name, want, SQL_SUCCEEDED(rc) ? buf : "",
		 (int) len, (int) rc);
}

static void
check_u16(SQLUSMALLINT type, const char *name, SQLUSMALLINT want)
{
	SQLUSMALLINT v = 0xbeef;
	SQLSMALLINT len = -1;
	SQLRETURN rc = SQLGetInfo(dbc, type, &v, sizeof(v), &len);

	t_ok(rc == SQL_SUCCESS && v == want && len == 2, "%s = %u (got %u, len %d)", name,
		 (unsigned) want, (unsigned) v, (int) len);
}

static void
check_u32(SQLUSMALLINT type, const char *name, SQLUINTEGER want)
{
	SQLUINTEGER v = 0xdeadbeef;
	SQLSMALLINT len = -1;
	SQLRETURN rc = SQLGetInfo(dbc, type, &v, sizeof(v), &len);

	t_ok(rc == SQL_SUCCESS && v == want && len == 4, "%s = 0x%x (got 0x%x, len %d)", name,
		 (unsigned) want, (unsigned) v, (int) len);
}

int
main(void)
{
	SQLHENV env;
	char buf[256];
	SQLSMALLINT len;
	SQLRETURN rc;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");

	check_str(SQL_DBMS_NAME, "SQL_DBMS_NAME", "fedq");
	check_str(SQL_DRIVER_NAME, "SQL_DRIVER_NAME", "libfedqodbc.so");
	check_str(SQL_DRIVER_VER, "SQL_DRIVER_VER", "00.01.0000");
	check_str(SQL_DRIVER_ODBC_VER, "SQL_DRIVER_ODBC_VER", "03.51");
	check_str(SQL_IDENTIFIER_QUOTE_CHAR, "SQL_IDENTIFIER_QUOTE_CHAR", "\"");
	check_str(SQL_CATALOG_NAME, "SQL_CATALOG_NAME", "N");
	check_str(SQL_CATALOG_NAME_SEPARATOR, "SQL_CATALOG_NAME_SEPARATOR", "");
	check_str(SQL_SCHEMA_TERM, "SQL_SCHEMA_TERM", "schema");
	check_str(SQL_TABLE_TERM, "SQL_TABLE_TERM", "table");
	check_str(SQL_DATA_SOURCE_READ_ONLY, "SQL_DATA_SOURCE_READ_ONLY", "N");
	check_str(SQL_SEARCH_PATTERN_ESCAPE, "SQL_SEARCH_PATTERN_ESCAPE", "\\");
	check_str(SQL_ORDER_BY_COLUMNS_IN_SELECT, "SQL_ORDER_BY_COLUMNS_IN_SELECT", "N");
	check_str(SQL_DATABASE_NAME, "SQL_DATABASE_NAME", "warehouse");
	check_str(SQL_USER_NAME, "SQL_USER_NAME", "fedq");
	check_str(SQL_DATA_SOURCE_NAME, "SQL_DATA_SOURCE_NAME", "fedq");
	check_str(SQL_SERVER_NAME, "SQL_SERVER_NAME", "127.0.0.1");
	check_str(SQL_DESCRIBE_PARAMETER, "SQL_DESCRIBE_PARAMETER", "Y");
	check_str(SQL_MULT_RESULT_SETS, "SQL_MULT_RESULT_SETS", "N");
	check_str(SQL_PROCEDURES, "SQL_PROCEDURES", "N");

	/* ##.##.#### with fedq's own version after it. */
	rc = SQLGetInfo(dbc, SQL_DBMS_VER, buf, sizeof(buf), &len);
	t_ok(SQL_SUCCEEDED(rc) && strlen(buf) >= 10 && buf[2] == '.' && buf[5] == '.' &&
		 strspn(buf, "0123456789") == 2 && strspn(buf + 6, "0123456789") == 4,
		 "SQL_DBMS_VER has the ##.##.#### form ('%s')", buf);

	check_u16(SQL_MAX_COLUMN_NAME_LEN, "SQL_MAX_COLUMN_NAME_LEN", 127);
	check_u16(SQL_MAX_TABLE_NAME_LEN, "SQL_MAX_TABLE_NAME_LEN", 127);
	check_u16(SQL_MAX_SCHEMA_NAME_LEN, "SQL_MAX_SCHEMA_NAME_LEN", 127);
	/* One open warehouse result per connection at a time. */
	check_u16(SQL_MAX_CONCURRENT_ACTIVITIES, "SQL_ACTIVE_STATEMENTS (no limit)", 0);
	check_u16(SQL_TXN_CAPABLE, "SQL_TXN_CAPABLE", SQL_TC_ALL);
	check_u16(SQL_CURSOR_COMMIT_BEHAVIOR, "SQL_CURSOR_COMMIT_BEHAVIOR", SQL_CB_CLOSE);
	check_u16(SQL_CURSOR_ROLLBACK_BEHAVIOR, "SQL_CURSOR_ROLLBACK_BEHAVIOR", SQL_CB_CLOSE);
	check_u16(SQL_NULL_COLLATION, "SQL_NULL_COLLATION", SQL_NC_HIGH);
	check_u16(SQL_IDENTIFIER_CASE, "SQL_IDENTIFIER_CASE", SQL_IC_LOWER);
	check_u16(SQL_QUOTED_IDENTIFIER_CASE, "SQL_QUOTED_IDENTIFIER_CASE", SQL_IC_SENSITIVE);
	check_u16(SQL_CONCAT_NULL_BEHAVIOR, "SQL_CONCAT_NULL_BEHAVIOR", SQL_CB_NULL);

	check_u32(SQL_CATALOG_USAGE, "SQL_CATALOG_USAGE", 0);
	check_u32(SQL_SCHEMA_USAGE, "SQL_SCHEMA_USAGE",
			  SQL_SU_DML_STATEMENTS | SQL_SU_TABLE_DEFINITION | SQL_SU_INDEX_DEFINITION |
			  SQL_SU_PRIVILEGE_DEFINITION);
	check_u32(SQL_GETDATA_EXTENSIONS, "SQL_GETDATA_EXTENSIONS",
			  SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND);
	check_u32(SQL_SCROLL_OPTIONS, "SQL_SCROLL_OPTIONS", SQL_SO_FORWARD_ONLY);
	/* What escape.c translates, no more (tests/python checks they run). */
	check_u32(SQL_STRING_FUNCTIONS, "SQL_STRING_FUNCTIONS",
			  SQL_FN_STR_CONCAT | SQL_FN_STR_LCASE | SQL_FN_STR_UCASE | SQL_FN_STR_LENGTH |
			  SQL_FN_STR_CHAR_LENGTH | SQL_FN_STR_CHARACTER_LENGTH | SQL_FN_STR_OCTET_LENGTH |
			  SQL_FN_STR_LEFT | SQL_FN_STR_RIGHT | SQL_FN_STR_LTRIM | SQL_FN_STR_RTRIM |
			  SQL_FN_STR_REPLACE | SQL_FN_STR_SUBSTRING | SQL_FN_STR_LOCATE_2);
	check_u32(SQL_NUMERIC_FUNCTIONS, "SQL_NUMERIC_FUNCTIONS",
			  SQL_FN_NUM_ABS | SQL_FN_NUM_CEILING | SQL_FN_NUM_FLOOR | SQL_FN_NUM_ROUND |
			  SQL_FN_NUM_TRUNCATE | SQL_FN_NUM_MOD | SQL_FN_NUM_SQRT | SQL_FN_NUM_EXP |
			  SQL_FN_NUM_LOG | SQL_FN_NUM_LOG10 | SQL_FN_NUM_POWER | SQL_FN_NUM_SIGN |
			  SQL_FN_NUM_PI | SQL_FN_NUM_DEGREES | SQL_FN_NUM_RADIANS | SQL_FN_NUM_SIN |
			  SQL_FN_NUM_COS | SQL_FN_NUM_TAN | SQL_FN_NUM_COT | SQL_FN_NUM_ASIN |
			  SQL_FN_NUM_ACOS | SQL_FN_NUM_ATAN | SQL_FN_NUM_ATAN2 | SQL_FN_NUM_RAND);
	check_u32(SQL_TIMEDATE_FUNCTIONS, "SQL_TIMEDATE_FUNCTIONS",
			  SQL_FN_TD_CURDATE | SQL_FN_TD_CURRENT_DATE | SQL_FN_TD_NOW |
			  SQL_FN_TD_CURRENT_TIMESTAMP | SQL_FN_TD_YEAR | SQL_FN_TD_MONTH | SQL_FN_TD_QUARTER |
			  SQL_FN_TD_WEEK | SQL_FN_TD_DAYOFMONTH | SQL_FN_TD_DAYOFYEAR | SQL_FN_TD_DAYOFWEEK |
			  SQL_FN_TD_HOUR | SQL_FN_TD_MINUTE | SQL_FN_TD_SECOND | SQL_FN_TD_TIMESTAMPADD |
			  SQL_FN_TD_TIMESTAMPDIFF);
	check_u32(SQL_SYSTEM_FUNCTIONS, "SQL_SYSTEM_FUNCTIONS", SQL_FN_SYS_IFNULL);
	check_u32(SQL_CONVERT_FUNCTIONS, "SQL_CONVERT_FUNCTIONS", SQL_FN_CVT_CONVERT | SQL_FN_CVT_CAST);
	check_u32(SQL_CONVERT_BINARY, "SQL_CONVERT_BINARY", 0);
	check_u32(SQL_TIMEDATE_ADD_INTERVALS, "SQL_TIMEDATE_ADD_INTERVALS",
			  SQL_FN_TSI_SECOND | SQL_FN_TSI_MINUTE | SQL_FN_TSI_HOUR | SQL_FN_TSI_DAY |
			  SQL_FN_TSI_WEEK | SQL_FN_TSI_MONTH | SQL_FN_TSI_QUARTER | SQL_FN_TSI_YEAR);
	check_u32(SQL_TIMEDATE_DIFF_INTERVALS, "SQL_TIMEDATE_DIFF_INTERVALS",
			  SQL_FN_TSI_SECOND | SQL_FN_TSI_MINUTE | SQL_FN_TSI_HOUR | SQL_FN_TSI_DAY |
			  SQL_FN_TSI_WEEK | SQL_FN_TSI_MONTH | SQL_FN_TSI_QUARTER | SQL_FN_TSI_YEAR);
	check_u32(SQL_ODBC_INTERFACE_CONFORMANCE, "SQL_ODBC_INTERFACE_CONFORMANCE", SQL_OIC_CORE);
	check_u32(SQL_SQL_CONFORMANCE, "SQL_SQL_CONFORMANCE", SQL_SC_SQL92_ENTRY);
	check_u32(SQL_ASYNC_MODE, "SQL_ASYNC_MODE", SQL_AM_NONE);
	check_u32(SQL_BATCH_SUPPORT, "SQL_BATCH_SUPPORT", 0);
	check_u32(SQL_PARAM_ARRAY_ROW_COUNTS, "SQL_PARAM_ARRAY_ROW_COUNTS", SQL_PARC_NO_BATCH);
	check_u32(SQL_PARAM_ARRAY_SELECTS, "SQL_PARAM_ARRAY_SELECTS", SQL_PAS_NO_SELECT);
	check_u32(SQL_TXN_ISOLATION_OPTION, "SQL_TXN_ISOLATION_OPTION", SQL_TXN_READ_COMMITTED);
	check_u32(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1, "SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1",
			  SQL_CA1_NEXT | SQL_CA1_POS_POSITION);
	check_u32(SQL_POS_OPERATIONS, "SQL_POS_OPERATIONS", SQL_POS_POSITION);
	check_u32(SQL_LOCK_TYPES, "SQL_LOCK_TYPES", SQL_LCK_NO_CHANGE);
	check_u32(SQL_STATIC_CURSOR_ATTRIBUTES1, "SQL_STATIC_CURSOR_ATTRIBUTES1", 0);
	/* Power BI asks InfoType 180 (SQL_RETURN_ESCAPE_CLAUSE, ODBC 4). */
	check_u32(180, "InfoType 180", 0);

	/* Unknown InfoTypes are HY096. */
	rc = SQLGetInfo(dbc, 9999, buf, sizeof(buf), &len);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "HY096", "InfoType 9999");
	rc = SQLGetInfo(dbc, 1750, buf, sizeof(buf), &len);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "HY096", "InfoType 1750");

	/* Truncation: 01004 and the full length. */
	rc = SQLGetInfo(dbc, SQL_DRIVER_NAME, buf, 5, &len);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_DBC, dbc, "01004") &&
		 strcmp(buf, "libf") == 0 && len == 14, "truncated SQL_DRIVER_NAME: '%s', len %d", buf, (int) len);
	/* A NULL buffer still reports the length. */
	len = 0;
	rc = SQLGetInfo(dbc, SQL_DBMS_NAME, NULL, 0, &len);
	t_ok(SQL_SUCCEEDED(rc) && len == 4, "SQL_DBMS_NAME length with a NULL buffer (%d)", (int) len);

	/* The W form counts bytes. */
	{
		SQLWCHAR w[32];

		rc = SQLGetInfoW(dbc, SQL_DBMS_NAME, w, sizeof(w), &len);
		t_ok(SQL_SUCCEEDED(rc) && len == 8 && w[0] == 'f' && w[3] == 'q' && w[4] == 0,
			 "SQLGetInfoW(SQL_DBMS_NAME) is 8 bytes of UTF-16 (%d)", (int) len);
	}

	/* SQLGetFunctions through the driver manager. */
	{
		SQLUSMALLINT bits[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
		SQLUSMALLINT one = 0;

		t_rc(SQLGetFunctions(dbc, SQL_API_ODBC3_ALL_FUNCTIONS, bits), SQL_HANDLE_DBC, dbc,
			 "SQLGetFunctions(ODBC3_ALL_FUNCTIONS)");
		t_ok(SQL_FUNC_EXISTS(bits, SQL_API_SQLFETCH) && SQL_FUNC_EXISTS(bits, SQL_API_SQLTABLES) &&
			 SQL_FUNC_EXISTS(bits, SQL_API_SQLCOLUMNS) && SQL_FUNC_EXISTS(bits, SQL_API_SQLGETTYPEINFO) &&
			 SQL_FUNC_EXISTS(bits, SQL_API_SQLBINDPARAMETER) &&
			 SQL_FUNC_EXISTS(bits, SQL_API_SQLMORERESULTS),
			 "core functions are there");
		t_ok(SQL_FUNC_EXISTS(bits, SQL_API_SQLPRIMARYKEYS) &&
			 SQL_FUNC_EXISTS(bits, SQL_API_SQLFOREIGNKEYS) && SQL_FUNC_EXISTS(bits, SQL_API_SQLSTATISTICS),
			 "key and index functions are there");
		t_ok(SQL_FUNC_EXISTS(bits, SQL_API_SQLSETPOS) && SQL_FUNC_EXISTS(bits, SQL_API_SQLGETDESCFIELD) &&
			 SQL_FUNC_EXISTS(bits, SQL_API_SQLSPECIALCOLUMNS),
			 "SQLSetPos, the descriptor functions and SQLSpecialColumns are there");
		t_ok(!SQL_FUNC_EXISTS(bits, SQL_API_SQLBULKOPERATIONS) &&
			 !SQL_FUNC_EXISTS(bits, SQL_API_SQLCANCELHANDLE),
			 "unimplemented functions are not claimed");
		SQLGetFunctions(dbc, SQL_API_SQLPROCEDURES, &one);
		t_ok(one == SQL_TRUE, "SQLProcedures is claimed");
	}
	t_disconnect(env, dbc);

	/* Without a warehouse there are no warehouse transactions. */
	t_connect(&env, &dbc, "fedq_nowh");
	check_u16(SQL_TXN_CAPABLE, "SQL_TXN_CAPABLE without a warehouse", SQL_TC_NONE);
	check_str(SQL_SERVER_NAME, "SQL_SERVER_NAME without a warehouse", "");
	check_u16(SQL_MAX_CONCURRENT_ACTIVITIES, "SQL_ACTIVE_STATEMENTS without a warehouse", 0);
	check_str(SQL_DBMS_NAME, "SQL_DBMS_NAME without a warehouse", "fedq");
	t_disconnect(env, dbc);
	return t_done();
}
