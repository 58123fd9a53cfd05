/*
 * info.c — SQLGetInfo and SQLGetFunctions.
 *
 * SQLGetInfo answers every InfoType of ODBC 3.8 (and 180,
 * SQL_RETURN_ESCAPE_CLAUSE, which Power BI asks of every driver), with
 * values that describe what fedq really does today; anything else is
 * HY096.  The escape-clause function bitmasks (SQL_STRING_FUNCTIONS,
 * SQL_NUMERIC_FUNCTIONS, ...) and SQL_CONVERT_* claim exactly what
 * escape.c translates into SQL that both fedq's engine and a PostgreSQL
 * warehouse run: tools that believe them generate SQL that must work.
 * Capabilities that exist only because statements pass through
 * to the warehouse (DDL, indexes, INSERT) are reported only when the
 * connection has a warehouse.
 *
 * SQLGetFunctions reports exactly the functions this library exports:
 * unixODBC disables whatever the bitmap leaves out, and calls a function
 * the bitmap claims.  Keep `exported` in step with the SQL* definitions
 * (tests/odbc/functions.c checks it against the library's symbols).
 */
#include "driver/driver.h"

#include "func/odbc.h"

#include <stdio.h>
#include <string.h>

/* SQL_RETURN_ESCAPE_CLAUSE (ODBC 4.0); not in unixODBC's headers. */
#define DRV_SQL_RETURN_ESCAPE_CLAUSE 180

/* CONVERT targets (SQL_CONVERT_*) fedq's CAST handles. */
#define CVT_NUMBERS (SQL_CVT_BIGINT | SQL_CVT_INTEGER | SQL_CVT_SMALLINT | SQL_CVT_TINYINT | \
					 SQL_CVT_DECIMAL | SQL_CVT_NUMERIC | SQL_CVT_DOUBLE | SQL_CVT_FLOAT | SQL_CVT_REAL)
#define CVT_STRINGS (SQL_CVT_CHAR | SQL_CVT_VARCHAR | SQL_CVT_LONGVARCHAR | SQL_CVT_WCHAR | \
					 SQL_CVT_WVARCHAR | SQL_CVT_WLONGVARCHAR)

/* ------------------------------------------------------------------ */
/* SQLGetFunctions                                                     */
/* ------------------------------------------------------------------ */

static const SQLUSMALLINT exported[] = {
	SQL_API_SQLALLOCCONNECT,
	SQL_API_SQLALLOCENV,
	SQL_API_SQLALLOCHANDLE,
	SQL_API_SQLALLOCSTMT,
	SQL_API_SQLBINDCOL,
	SQL_API_SQLBINDPARAMETER,
	SQL_API_SQLBROWSECONNECT,
	SQL_API_SQLCANCEL,
	SQL_API_SQLCLOSECURSOR,
	SQL_API_SQLCOLATTRIBUTE,
	SQL_API_SQLCOLUMNPRIVILEGES,
	SQL_API_SQLCOLUMNS,
	SQL_API_SQLCONNECT,
	SQL_API_SQLCOPYDESC,
	SQL_API_SQLDESCRIBECOL,
	SQL_API_SQLDESCRIBEPARAM,
	SQL_API_SQLDISCONNECT,
	SQL_API_SQLDRIVERCONNECT,
	SQL_API_SQLENDTRAN,
	SQL_API_SQLEXECDIRECT,
	SQL_API_SQLEXECUTE,
	SQL_API_SQLEXTENDEDFETCH,
	SQL_API_SQLFETCH,
	SQL_API_SQLFETCHSCROLL,
	SQL_API_SQLFOREIGNKEYS,
	SQL_API_SQLFREECONNECT,
	SQL_API_SQLFREEENV,
	SQL_API_SQLFREEHANDLE,
	SQL_API_SQLFREESTMT,
	SQL_API_SQLGETCONNECTATTR,
	SQL_API_SQLGETCURSORNAME,
	SQL_API_SQLGETDATA,
	SQL_API_SQLGETDESCFIELD,
	SQL_API_SQLGETDESCREC,
	SQL_API_SQLGETDIAGFIELD,
	SQL_API_SQLGETDIAGREC,
	SQL_API_SQLGETENVATTR,
	SQL_API_SQLGETFUNCTIONS,
	SQL_API_SQLGETINFO,
	SQL_API_SQLGETSTMTATTR,
	SQL_API_SQLGETTYPEINFO,
	SQL_API_SQLMORERESULTS,
	SQL_API_SQLNATIVESQL,
	SQL_API_SQLNUMPARAMS,
	SQL_API_SQLNUMRESULTCOLS,
	SQL_API_SQLPARAMDATA,
	SQL_API_SQLPREPARE,
	SQL_API_SQLPRIMARYKEYS,
	SQL_API_SQLPROCEDURECOLUMNS,
	SQL_API_SQLPROCEDURES,
	SQL_API_SQLPUTDATA,
	SQL_API_SQLROWCOUNT,
	SQL_API_SQLSETCONNECTATTR,
	SQL_API_SQLSETCURSORNAME,
	SQL_API_SQLSETDESCFIELD,
	SQL_API_SQLSETDESCREC,
	SQL_API_SQLSETENVATTR,
	SQL_API_SQLSETPOS,
	SQL_API_SQLSETSTMTATTR,
	SQL_API_SQLSPECIALCOLUMNS,
	SQL_API_SQLSTATISTICS,
	SQL_API_SQLTABLEPRIVILEGES,
	SQL_API_SQLTABLES,
};

#define NEXPORTED ((int) (sizeof(exported) / sizeof(exported[0])))

static bool
function_exported(SQLUSMALLINT id)
{
	for (int i = 0; i < NEXPORTED; i++)
		if (exported[i] == id)
			return true;
	return false;
}

SQLRETURN SQL_API
SQLGetFunctions(SQLHDBC ConnectionHandle, SQLUSMALLINT FunctionId,
				SQLUSMALLINT *Supported)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	if (Supported == NULL)
		return drv_dbc_leave(dbc, drv_error(dbc->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
											"SupportedPtr is NULL"));
	if (FunctionId == SQL_API_ODBC3_ALL_FUNCTIONS)
	{
		memset(Supported, 0, SQL_API_ODBC3_ALL_FUNCTIONS_SIZE * sizeof(SQLUSMALLINT));
		for (int i = 0; i < NEXPORTED; i++)
			Supported[exported[i] >> 4] |= (SQLUSMALLINT) (1 << (exported[i] & 0xf));
	}
	else if (FunctionId == SQL_API_ALL_FUNCTIONS)
	{
		/* ODBC 2 form: one flag per function id below 100. */
		memset(Supported, 0, 100 * sizeof(SQLUSMALLINT));
		for (int i = 0; i < NEXPORTED; i++)
			if (exported[i] < 100)
				Supported[exported[i]] = SQL_TRUE;
	}
	else
		*Supported = function_exported(FunctionId) ? SQL_TRUE : SQL_FALSE;
	return drv_dbc_leave(dbc, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* SQLGetInfo                                                          */
/* ------------------------------------------------------------------ */

typedef enum info_kind
{
	I_STR,
	I_U16,
	I_U32,
	I_ULEN
} info_kind;

typedef struct info_val
{
	info_kind kind;
	const char *s;
	SQLUINTEGER u;
	SQLULEN ulen;
} info_val;

/* "##.##.#### fedq x.y.z" from fq_version() ("fedq 0.1.0"). */
static void
dbms_version(char *buf, size_t cap)
{
	const char *v = fq_version();
	int major = 0, minor = 0, patch = 0;
	const char *p = v != NULL ? strchr(v, ' ') : NULL;

	if (p != NULL)
		sscanf(p + 1, "%d.%d.%d", &major, &minor, &patch);
	snprintf(buf, cap, "%02d.%02d.%04d %s", major, minor, patch,
			 v != NULL ? v : "fedq");
}

static bool
lookup_info(drv_dbc *dbc, SQLUSMALLINT type, info_val *iv, char *scratch,
			size_t cap)
{
	bool wh = dbc->has_warehouse;
	bool conn = dbc->connected && dbc->session != NULL;

	memset(iv, 0, sizeof(*iv));
	iv->kind = I_U32;
	switch (type)
	{
			/* ---- Driver and data source ---- */
		case SQL_DRIVER_NAME:
			iv->kind = I_STR;
			iv->s = DRV_DRIVER_NAME;
			break;
		case SQL_DRIVER_VER:
			iv->kind = I_STR;
			iv->s = DRV_DRIVER_VER;
			break;
		case SQL_DRIVER_ODBC_VER:
			iv->kind = I_STR;
			iv->s = DRV_DRIVER_ODBC_VER;
			break;
		case SQL_ODBC_VER:
			iv->kind = I_STR;
			iv->s = DRV_DRIVER_ODBC_VER;
			break;
		case SQL_DBMS_NAME:
			iv->kind = I_STR;
			iv->s = "fedq";
			break;
		case SQL_DBMS_VER:
			iv->kind = I_STR;
			dbms_version(scratch, cap);
			iv->s = scratch;
			break;
		case SQL_DATA_SOURCE_NAME:
			iv->kind = I_STR;
			iv->s = dbc->dsn != NULL ? dbc->dsn : "";
			break;
		case SQL_SERVER_NAME:
			iv->kind = I_STR;
			/* The warehouse host; "" when there is no warehouse. */
			iv->s = dbc->server != NULL ? dbc->server : "";
			break;
		case SQL_DATABASE_NAME:
			iv->kind = I_STR;
			iv->s = conn ? fq_session_database(dbc->session) : "";
			break;
		case SQL_USER_NAME:
			iv->kind = I_STR;
			iv->s = conn ? fq_session_user(dbc->session) : "";
			break;
		case SQL_DATA_SOURCE_READ_ONLY:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_ACCESSIBLE_PROCEDURES:
		case SQL_ACCESSIBLE_TABLES:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_DRIVER_HDBC:
			iv->kind = I_ULEN;
			iv->ulen = (SQLULEN) (uintptr_t) dbc;
			break;
		case SQL_DRIVER_HENV:
			iv->kind = I_ULEN;
			iv->ulen = (SQLULEN) (uintptr_t) dbc->env;
			break;
		case SQL_XOPEN_CLI_YEAR:
			iv->kind = I_STR;
			iv->s = "1995";
			break;

			/* ---- Conformance ---- */
		case SQL_ODBC_INTERFACE_CONFORMANCE:
			iv->u = SQL_OIC_CORE;
			break;
		case SQL_SQL_CONFORMANCE:
			iv->u = SQL_SC_SQL92_ENTRY;
			break;
		case SQL_STANDARD_CLI_CONFORMANCE:
			iv->u = 0;
			break;
		case SQL_ODBC_API_CONFORMANCE:
			iv->kind = I_U16;
			iv->u = SQL_OAC_NONE;	/* no SQLSpecialColumns/SQLStatistics */
			break;
		case SQL_ODBC_SQL_CONFORMANCE:
			iv->kind = I_U16;
			iv->u = SQL_OSC_CORE;
			break;
		case SQL_ODBC_SAG_CLI_CONFORMANCE:
			iv->kind = I_U16;
			iv->u = SQL_OSCC_NOT_COMPLIANT;
			break;

			/* ---- Limits ---- */
		case SQL_MAX_CONCURRENT_ACTIVITIES:
			/* No limit: the engine gives each open result its own source
			 * connections and buffers a warehouse result another statement
			 * needs the connection for (fq.h, fq_stmt_describe). */
			iv->kind = I_U16;
			iv->u = 0;
			break;
		case SQL_MAX_DRIVER_CONNECTIONS:
		case SQL_ACTIVE_ENVIRONMENTS:
		case SQL_MAX_COLUMNS_IN_GROUP_BY:
		case SQL_MAX_COLUMNS_IN_INDEX:
		case SQL_MAX_COLUMNS_IN_ORDER_BY:
		case SQL_MAX_COLUMNS_IN_SELECT:
		case SQL_MAX_TABLES_IN_SELECT:
		case SQL_MAX_PROCEDURE_NAME_LEN:
		case SQL_MAX_CATALOG_NAME_LEN:
			iv->kind = I_U16;
			iv->u = 0;
			break;
		case SQL_MAX_COLUMNS_IN_TABLE:
			iv->kind = I_U16;
			iv->u = 1600;
			break;
		case SQL_MAX_COLUMN_NAME_LEN:
		case SQL_MAX_SCHEMA_NAME_LEN:
		case SQL_MAX_TABLE_NAME_LEN:
		case SQL_MAX_USER_NAME_LEN:
		case SQL_MAX_CURSOR_NAME_LEN:
		case SQL_MAX_IDENTIFIER_LEN:
			iv->kind = I_U16;
			iv->u = DRV_MAX_IDENTIFIER_LEN;
			break;
		case SQL_MAX_BINARY_LITERAL_LEN:
		case SQL_MAX_CHAR_LITERAL_LEN:
		case SQL_MAX_INDEX_SIZE:
		case SQL_MAX_ROW_SIZE:
		case SQL_MAX_STATEMENT_LEN:
		case SQL_MAX_ASYNC_CONCURRENT_STATEMENTS:
			iv->u = 0;
			break;
		case SQL_MAX_ROW_SIZE_INCLUDES_LONG:
			iv->kind = I_STR;
			iv->s = "Y";
			break;

			/* ---- Names and identifiers ---- */
		case SQL_IDENTIFIER_CASE:
			iv->kind = I_U16;
			iv->u = SQL_IC_LOWER;
			break;
		case SQL_QUOTED_IDENTIFIER_CASE:
			iv->kind = I_U16;
			iv->u = SQL_IC_SENSITIVE;
			break;
		case SQL_IDENTIFIER_QUOTE_CHAR:
			iv->kind = I_STR;
			iv->s = "\"";
			break;
		case SQL_SPECIAL_CHARACTERS:
			iv->kind = I_STR;
			iv->s = "$";
			break;
		case SQL_SEARCH_PATTERN_ESCAPE:
			iv->kind = I_STR;
			iv->s = "\\";
			break;
		case SQL_KEYWORDS:
			iv->kind = I_STR;
			/* Reserved words beyond ODBC's list (PostgreSQL/Redshift). */
			iv->s = "ANALYSE,ANALYZE,ARRAY,ASYMMETRIC,BOTH,DO,EXTERNAL,ILIKE,"
				"INITIALLY,ISNULL,LATERAL,LEADING,LIMIT,LOCALTIME,LOCALTIMESTAMP,"
				"NOTNULL,OFFSET,PLACING,RETURNING,SIMILAR,SYMMETRIC,TRAILING,"
				"VARIADIC,VERBOSE,WINDOW";
			break;
		case SQL_CATALOG_NAME:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_CATALOG_NAME_SEPARATOR:
		case SQL_CATALOG_TERM:
			iv->kind = I_STR;
			iv->s = "";
			break;
		case SQL_CATALOG_LOCATION:
			iv->kind = I_U16;
			iv->u = 0;
			break;
		case SQL_CATALOG_USAGE:
			iv->u = 0;
			break;
		case SQL_SCHEMA_TERM:
			iv->kind = I_STR;
			iv->s = "schema";
			break;
		case SQL_SCHEMA_USAGE:
			iv->u = SQL_SU_DML_STATEMENTS | SQL_SU_TABLE_DEFINITION |
				SQL_SU_INDEX_DEFINITION | SQL_SU_PRIVILEGE_DEFINITION;
			break;
		case SQL_TABLE_TERM:
			iv->kind = I_STR;
			iv->s = "table";
			break;
		case SQL_PROCEDURE_TERM:
			iv->kind = I_STR;
			iv->s = "";
			break;
		case SQL_PROCEDURES:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_COLLATION_SEQ:
			/* Strings sort by bytes, as Redshift's default collation. */
			iv->kind = I_STR;
			iv->s = "C";
			break;
		case SQL_DESCRIBE_PARAMETER:
			iv->kind = I_STR;
			iv->s = "Y";
			break;
		case SQL_COLUMN_ALIAS:
		case SQL_EXPRESSIONS_IN_ORDERBY:
			iv->kind = I_STR;
			iv->s = "Y";
			break;
		case SQL_ORDER_BY_COLUMNS_IN_SELECT:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_INTEGRITY:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_LIKE_ESCAPE_CLAUSE:
			/* LIKE ... ESCAPE, and {escape '...'} (escape.c) */
			iv->kind = I_STR;
			iv->s = "Y";
			break;
		case SQL_MULT_RESULT_SETS:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_MULTIPLE_ACTIVE_TXN:
			iv->kind = I_STR;
			iv->s = "Y";
			break;
		case SQL_NEED_LONG_DATA_LEN:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_ROW_UPDATES:
			iv->kind = I_STR;
			iv->s = "N";
			break;
		case SQL_OUTER_JOINS:
			iv->kind = I_STR;
			iv->s = "Y";
			break;

			/* ---- Transactions and cursors ---- */
		case SQL_TXN_CAPABLE:
			/* Warehouse statements run in warehouse transactions (DDL
			 * included: PostgreSQL's DDL is transactional); without a
			 * warehouse every statement reads in its own snapshot. */
			iv->kind = I_U16;
			iv->u = wh ? SQL_TC_ALL : SQL_TC_NONE;
			break;
		case SQL_TXN_ISOLATION_OPTION:
		case SQL_DEFAULT_TXN_ISOLATION:
			iv->u = SQL_TXN_READ_COMMITTED;
			break;
		case SQL_CURSOR_COMMIT_BEHAVIOR:
		case SQL_CURSOR_ROLLBACK_BEHAVIOR:
			iv->kind = I_U16;
			iv->u = SQL_CB_CLOSE;
			break;
		case SQL_CURSOR_SENSITIVITY:
			iv->u = SQL_UNSPECIFIED;
			break;
		case SQL_SCROLL_OPTIONS:
			iv->u = SQL_SO_FORWARD_ONLY;
			break;
		case SQL_SCROLL_CONCURRENCY:
			iv->u = SQL_SCCO_READ_ONLY;
			break;
		case SQL_FETCH_DIRECTION:
			iv->u = SQL_FD_FETCH_NEXT;
			break;
		case SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1:
			iv->u = SQL_CA1_NEXT | SQL_CA1_POS_POSITION;
			break;
		case SQL_POS_OPERATIONS:
			iv->u = SQL_POS_POSITION;
			break;
		case SQL_LOCK_TYPES:
			iv->u = SQL_LCK_NO_CHANGE;
			break;
		case SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2:
			iv->u = SQL_CA2_READ_ONLY_CONCURRENCY | SQL_CA2_MAX_ROWS_SELECT |
				SQL_CA2_MAX_ROWS_CATALOG;
			break;
		case SQL_DYNAMIC_CURSOR_ATTRIBUTES1:
		case SQL_DYNAMIC_CURSOR_ATTRIBUTES2:
		case SQL_KEYSET_CURSOR_ATTRIBUTES1:
		case SQL_KEYSET_CURSOR_ATTRIBUTES2:
		case SQL_STATIC_CURSOR_ATTRIBUTES1:
		case SQL_STATIC_CURSOR_ATTRIBUTES2:
		case SQL_POSITIONED_STATEMENTS:
		case SQL_STATIC_SENSITIVITY:
		case SQL_BOOKMARK_PERSISTENCE:
			iv->u = 0;
			break;
		case SQL_GETDATA_EXTENSIONS:
			iv->u = SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND;
			break;
		case SQL_ASYNC_MODE:
			iv->u = SQL_AM_NONE;
			break;
		case SQL_ASYNC_DBC_FUNCTIONS:
			iv->u = SQL_ASYNC_DBC_NOT_CAPABLE;
			break;
		case SQL_ASYNC_NOTIFICATION:
			iv->u = SQL_ASYNC_NOTIFICATION_NOT_CAPABLE;
			break;
		case SQL_DRIVER_AWARE_POOLING_SUPPORTED:
			iv->u = SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE;
			break;
		case SQL_BATCH_ROW_COUNT:
		case SQL_BATCH_SUPPORT:
			iv->u = 0;
			break;
		case SQL_PARAM_ARRAY_ROW_COUNTS:
			iv->u = SQL_PARC_NO_BATCH;
			break;
		case SQL_PARAM_ARRAY_SELECTS:
			iv->u = SQL_PAS_NO_SELECT;
			break;
		case SQL_FILE_USAGE:
			iv->kind = I_U16;
			iv->u = SQL_FILE_NOT_SUPPORTED;
			break;

			/* ---- SQL language ---- */
		case SQL_NULL_COLLATION:
			iv->kind = I_U16;
			iv->u = SQL_NC_HIGH;
			break;
		case SQL_CONCAT_NULL_BEHAVIOR:
			iv->kind = I_U16;
			iv->u = SQL_CB_NULL;
			break;
		case SQL_CORRELATION_NAME:
			iv->kind = I_U16;
			iv->u = SQL_CN_ANY;
			break;
		case SQL_GROUP_BY:
			iv->kind = I_U16;
			iv->u = SQL_GB_NO_RELATION;
			break;
		case SQL_NON_NULLABLE_COLUMNS:
			iv->kind = I_U16;
			iv->u = SQL_NNC_NON_NULL;
			break;
		case SQL_OJ_CAPABILITIES:
			iv->u = SQL_OJ_LEFT | SQL_OJ_RIGHT | SQL_OJ_FULL | SQL_OJ_NESTED |
				SQL_OJ_NOT_ORDERED | SQL_OJ_INNER | SQL_OJ_ALL_COMPARISON_OPS;
			break;
		case SQL_SQL92_RELATIONAL_JOIN_OPERATORS:
			iv->u = SQL_SRJO_CROSS_JOIN | SQL_SRJO_FULL_OUTER_JOIN |
				SQL_SRJO_INNER_JOIN | SQL_SRJO_LEFT_OUTER_JOIN |
				SQL_SRJO_RIGHT_OUTER_JOIN;
			break;
		case SQL_AGGREGATE_FUNCTIONS:
			iv->u = SQL_AF_ALL | SQL_AF_AVG | SQL_AF_COUNT | SQL_AF_DISTINCT |
				SQL_AF_MAX | SQL_AF_MIN | SQL_AF_SUM;
			break;
		case SQL_SUBQUERIES:
			iv->u = SQL_SQ_COMPARISON | SQL_SQ_EXISTS | SQL_SQ_IN |
				SQL_SQ_CORRELATED_SUBQUERIES;
			break;
		case SQL_UNION:
			iv->u = SQL_U_UNION | SQL_U_UNION_ALL;
			break;
		case SQL_SQL92_PREDICATES:
			iv->u = SQL_SP_BETWEEN | SQL_SP_COMPARISON | SQL_SP_EXISTS |
				SQL_SP_IN | SQL_SP_ISNOTNULL | SQL_SP_ISNULL | SQL_SP_LIKE;
			break;
		case SQL_SQL92_VALUE_EXPRESSIONS:
			iv->u = SQL_SVE_CASE | SQL_SVE_CAST | SQL_SVE_COALESCE | SQL_SVE_NULLIF;
			break;
		case SQL_DATETIME_LITERALS:
			iv->u = SQL_DL_SQL92_DATE | SQL_DL_SQL92_TIME | SQL_DL_SQL92_TIMESTAMP;
			break;
		case SQL_INFO_SCHEMA_VIEWS:
			iv->u = SQL_ISV_SCHEMATA | SQL_ISV_TABLES | SQL_ISV_COLUMNS | SQL_ISV_VIEWS;
			break;

			/* ---- Escape functions ({fn ...}, escape.c): what it translates
			 * into functions fedq's engine and a PostgreSQL warehouse both run */
		case SQL_STRING_FUNCTIONS:
			iv->u = fq_odbc_fn_mask(FQ_ODBC_STRING);
			break;
		case SQL_NUMERIC_FUNCTIONS:
			iv->u = fq_odbc_fn_mask(FQ_ODBC_NUMERIC);
			break;
		case SQL_TIMEDATE_FUNCTIONS:
			iv->u = fq_odbc_fn_mask(FQ_ODBC_TIMEDATE);
			break;
		case SQL_SYSTEM_FUNCTIONS:
			iv->u = fq_odbc_fn_mask(FQ_ODBC_SYSTEM);
			break;
		case SQL_CONVERT_FUNCTIONS:
			iv->u = SQL_FN_CVT_CONVERT | SQL_FN_CVT_CAST;
			break;
			/* ---- CONVERT: which targets each source type converts to ---- */
		case SQL_CONVERT_BIGINT:
		case SQL_CONVERT_INTEGER:
		case SQL_CONVERT_SMALLINT:
		case SQL_CONVERT_TINYINT:
		case SQL_CONVERT_DECIMAL:
		case SQL_CONVERT_NUMERIC:
		case SQL_CONVERT_DOUBLE:
		case SQL_CONVERT_FLOAT:
		case SQL_CONVERT_REAL:
			iv->u = CVT_NUMBERS | CVT_STRINGS;
			break;
		case SQL_CONVERT_CHAR:
		case SQL_CONVERT_VARCHAR:
		case SQL_CONVERT_LONGVARCHAR:
		case SQL_CONVERT_WCHAR:
		case SQL_CONVERT_WVARCHAR:
		case SQL_CONVERT_WLONGVARCHAR:
			iv->u = CVT_NUMBERS | CVT_STRINGS | SQL_CVT_DATE | SQL_CVT_TIME | SQL_CVT_TIMESTAMP |
				SQL_CVT_GUID;
			break;
		case SQL_CONVERT_DATE:
			iv->u = CVT_STRINGS | SQL_CVT_DATE | SQL_CVT_TIMESTAMP;
			break;
		case SQL_CONVERT_TIMESTAMP:
			iv->u = CVT_STRINGS | SQL_CVT_DATE | SQL_CVT_TIME | SQL_CVT_TIMESTAMP;
			break;
		case SQL_CONVERT_TIME:
			iv->u = CVT_STRINGS | SQL_CVT_TIME;
			break;
		case SQL_CONVERT_GUID:
			iv->u = CVT_STRINGS | SQL_CVT_GUID;
			break;

		case SQL_TIMEDATE_ADD_INTERVALS:
		case SQL_TIMEDATE_DIFF_INTERVALS:
			{
				uint32_t units;

				if (type == SQL_TIMEDATE_ADD_INTERVALS)
					(void) fq_odbc_tsi(NULL, &units);
				else
					(void) fq_odbc_tsi_diff(NULL, &units);
				iv->u = units;
			}
			break;

			/* ---- not yet ---- */
		case SQL_SQL92_STRING_FUNCTIONS:
		case SQL_SQL92_NUMERIC_VALUE_FUNCTIONS:
		case SQL_SQL92_DATETIME_FUNCTIONS:
		case SQL_SQL92_ROW_VALUE_CONSTRUCTOR:
		case SQL_SQL92_FOREIGN_KEY_DELETE_RULE:
		case SQL_SQL92_FOREIGN_KEY_UPDATE_RULE:
		case SQL_SQL92_GRANT:
		case SQL_SQL92_REVOKE:
		case SQL_CONVERT_BINARY:
		case SQL_CONVERT_BIT:
		case SQL_CONVERT_VARBINARY:
		case SQL_CONVERT_LONGVARBINARY:
		case SQL_CONVERT_INTERVAL_DAY_TIME:
		case SQL_CONVERT_INTERVAL_YEAR_MONTH:
		case DRV_SQL_RETURN_ESCAPE_CLAUSE:
			iv->u = 0;
			break;

			/* ---- DDL: passed through to the warehouse ---- */
		case SQL_ALTER_TABLE:
			iv->u = wh ? (SQL_AT_ADD_COLUMN_SINGLE | SQL_AT_ADD_COLUMN_DEFAULT |
						  SQL_AT_DROP_COLUMN_CASCADE | SQL_AT_DROP_COLUMN_RESTRICT) : 0;
			break;
		case SQL_CREATE_TABLE:
			iv->u = wh ? (SQL_CT_CREATE_TABLE | SQL_CT_COLUMN_CONSTRAINT |
						  SQL_CT_COLUMN_DEFAULT | SQL_CT_TABLE_CONSTRAINT |
						  SQL_CT_CONSTRAINT_NAME_DEFINITION) : 0;
			break;
		case SQL_CREATE_VIEW:
			iv->u = wh ? SQL_CV_CREATE_VIEW : 0;
			break;
		case SQL_DROP_TABLE:
			iv->u = wh ? (SQL_DT_DROP_TABLE | SQL_DT_RESTRICT | SQL_DT_CASCADE) : 0;
			break;
		case SQL_DROP_VIEW:
			iv->u = wh ? (SQL_DV_DROP_VIEW | SQL_DV_RESTRICT | SQL_DV_CASCADE) : 0;
			break;
		case SQL_CREATE_SCHEMA:
			/* CREATE EXTERNAL SCHEMA works with or without a warehouse. */
			iv->u = SQL_CS_CREATE_SCHEMA;
			break;
		case SQL_DROP_SCHEMA:
			iv->u = SQL_DS_DROP_SCHEMA | SQL_DS_RESTRICT | SQL_DS_CASCADE;
			break;
		case SQL_DDL_INDEX:
			iv->u = wh ? (SQL_DI_CREATE_INDEX | SQL_DI_DROP_INDEX) : 0;
			break;
		case SQL_INDEX_KEYWORDS:
			iv->u = wh ? SQL_IK_ALL : SQL_IK_NONE;
			break;
		case SQL_INSERT_STATEMENT:
			iv->u = wh ? (SQL_IS_INSERT_LITERALS | SQL_IS_INSERT_SEARCHED |
						  SQL_IS_SELECT_INTO) : 0;
			break;
		case SQL_ALTER_DOMAIN:
		case SQL_CREATE_ASSERTION:
		case SQL_CREATE_CHARACTER_SET:
		case SQL_CREATE_COLLATION:
		case SQL_CREATE_DOMAIN:
		case SQL_CREATE_TRANSLATION:
		case SQL_DROP_ASSERTION:
		case SQL_DROP_CHARACTER_SET:
		case SQL_DROP_COLLATION:
		case SQL_DROP_DOMAIN:
		case SQL_DROP_TRANSLATION:
			iv->u = 0;
			break;
		default:
			return false;
	}
	return true;
}

static SQLRETURN
get_info(drv_dbc *dbc, SQLUSMALLINT type, SQLPOINTER value, SQLSMALLINT buflen,
		 SQLSMALLINT *outlen, bool wide)
{
	info_val iv;
	char scratch[128];

	if (!lookup_info(dbc, type, &iv, scratch, sizeof(scratch)))
		return drv_error(dbc->diags, FQ_ERR_INVALID_INFO_TYPE,
						 "unknown InfoType %u", (unsigned) type);
	switch (iv.kind)
	{
		case I_STR:
			if (buflen < 0 && value != NULL)
				return drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
								 "negative BufferLength");
			if (drv_put_str_s(iv.s != NULL ? iv.s : "", wide, true, value, buflen, outlen) &&
				value != NULL)
				return drv_warn(dbc->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
								"InfoType %u value truncated", (unsigned) type);
			break;
		case I_U16:
			if (value != NULL)
				*(SQLUSMALLINT *) value = (SQLUSMALLINT) iv.u;
			if (outlen != NULL)
				*outlen = sizeof(SQLUSMALLINT);
			break;
		case I_U32:
			if (value != NULL)
				*(SQLUINTEGER *) value = iv.u;
			if (outlen != NULL)
				*outlen = sizeof(SQLUINTEGER);
			break;
		case I_ULEN:
			if (value != NULL)
				*(SQLULEN *) value = iv.ulen;
			if (outlen != NULL)
				*outlen = sizeof(SQLULEN);
			break;
	}
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLGetInfo(SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType, SQLPOINTER InfoValue,
		   SQLSMALLINT BufferLength, SQLSMALLINT *StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, get_info(dbc, InfoType, InfoValue, BufferLength,
									   StringLength, false));
}

SQLRETURN SQL_API
SQLGetInfoW(SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType, SQLPOINTER InfoValue,
			SQLSMALLINT BufferLength, SQLSMALLINT *StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, get_info(dbc, InfoType, InfoValue, BufferLength,
									   StringLength, true));
}
