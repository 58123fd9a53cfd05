/*
 * functions.c — SQLGetFunctions must name exactly what the driver exports.
 *
 * unixODBC disables every function the driver's SQL_API_ODBC3_ALL_FUNCTIONS
 * bitmap leaves out and calls whatever it claims, so a wrong bit is either
 * a missing feature or a call into nothing.  This program loads the driver
 * library itself (no driver manager), asks it, and compares each bit with
 * the library's symbols (ANSI or W form).  The names of the library's
 * exported symbols are read from standard input (the script feeds `nm -D
 * --defined-only`), and each must be a known ODBC function.
 *
 *   functions /path/to/libfedqodbc.so < exported-names
 */
#include "odbctest.h"

#include <dlfcn.h>

typedef struct api
{
	const char *name;
	SQLUSMALLINT id;
} api;

/* Every function of ODBC 3.8 with its SQL_API_ number. */
static const api apis[] = {
	{"SQLAllocConnect", SQL_API_SQLALLOCCONNECT},
	{"SQLAllocEnv", SQL_API_SQLALLOCENV},
	{"SQLAllocHandle", SQL_API_SQLALLOCHANDLE},
	{"SQLAllocStmt", SQL_API_SQLALLOCSTMT},
	{"SQLBindCol", SQL_API_SQLBINDCOL},
	{"SQLBindParam", SQL_API_SQLBINDPARAM},
	{"SQLBindParameter", SQL_API_SQLBINDPARAMETER},
	{"SQLBrowseConnect", SQL_API_SQLBROWSECONNECT},
	{"SQLBulkOperations", SQL_API_SQLBULKOPERATIONS},
	{"SQLCancel", SQL_API_SQLCANCEL},
	{"SQLCancelHandle", SQL_API_SQLCANCELHANDLE},
	{"SQLCloseCursor", SQL_API_SQLCLOSECURSOR},
	{"SQLColAttribute", SQL_API_SQLCOLATTRIBUTE},
	{"SQLColAttributes", SQL_API_SQLCOLATTRIBUTES},
	{"SQLColumnPrivileges", SQL_API_SQLCOLUMNPRIVILEGES},
	{"SQLColumns", SQL_API_SQLCOLUMNS},
	{"SQLConnect", SQL_API_SQLCONNECT},
	{"SQLCopyDesc", SQL_API_SQLCOPYDESC},
	{"SQLDataSources", SQL_API_SQLDATASOURCES},
	{"SQLDescribeCol", SQL_API_SQLDESCRIBECOL},
	{"SQLDescribeParam", SQL_API_SQLDESCRIBEPARAM},
	{"SQLDisconnect", SQL_API_SQLDISCONNECT},
	{"SQLDriverConnect", SQL_API_SQLDRIVERCONNECT},
	{"SQLDrivers", SQL_API_SQLDRIVERS},
	{"SQLEndTran", SQL_API_SQLENDTRAN},
	{"SQLError", SQL_API_SQLERROR},
	{"SQLExecDirect", SQL_API_SQLEXECDIRECT},
	{"SQLExecute", SQL_API_SQLEXECUTE},
	{"SQLExtendedFetch", SQL_API_SQLEXTENDEDFETCH},
	{"SQLFetch", SQL_API_SQLFETCH},
	{"SQLFetchScroll", SQL_API_SQLFETCHSCROLL},
	{"SQLForeignKeys", SQL_API_SQLFOREIGNKEYS},
	{"SQLFreeConnect", SQL_API_SQLFREECONNECT},
	{"SQLFreeEnv", SQL_API_SQLFREEENV},
	{"SQLFreeHandle", SQL_API_SQLFREEHANDLE},
	{"SQLFreeStmt", SQL_API_SQLFREESTMT},
	{"SQLGetConnectAttr", SQL_API_SQLGETCONNECTATTR},
	{"SQLGetConnectOption", SQL_API_SQLGETCONNECTOPTION},
	{"SQLGetCursorName", SQL_API_SQLGETCURSORNAME},
	{"SQLGetData", SQL_API_SQLGETDATA},
	{"SQLGetDescField", SQL_API_SQLGETDESCFIELD},
	{"SQLGetDescRec", SQL_API_SQLGETDESCREC},
	{"SQLGetDiagField", SQL_API_SQLGETDIAGFIELD},
	{"SQLGetDiagRec", SQL_API_SQLGETDIAGREC},
	{"SQLGetEnvAttr", SQL_API_SQLGETENVATTR},
	{"SQLGetFunctions", SQL_API_SQLGETFUNCTIONS},
	{"SQLGetInfo", SQL_API_SQLGETINFO},
	{"SQLGetStmtAttr", SQL_API_SQLGETSTMTATTR},
	{"SQLGetStmtOption", SQL_API_SQLGETSTMTOPTION},
	{"SQLGetTypeInfo", SQL_API_SQLGETTYPEINFO},
	{"SQLMoreResults", SQL_API_SQLMORERESULTS},
	{"SQLNativeSql", SQL_API_SQLNATIVESQL},
	{"SQLNumParams", SQL_API_SQLNUMPARAMS},
	{"SQLNumResultCols", SQL_API_SQLNUMRESULTCOLS},
	{"SQLParamData", SQL_API_SQLPARAMDATA},
	{"SQLParamOptions", SQL_API_SQLPARAMOPTIONS},
	{"SQLPrepare", SQL_API_SQLPREPARE},
	{"SQLPrimaryKeys", SQL_API_SQLPRIMARYKEYS},
	{"SQLProcedureColumns", SQL_API_SQLPROCEDURECOLUMNS},
	{"SQLProcedures", SQL_API_SQLPROCEDURES},
	{"SQLPutData", SQL_API_SQLPUTDATA},
	{"SQLRowCount", SQL_API_SQLROWCOUNT},
	{"SQLSetConnectAttr", SQL_API_SQLSETCONNECTATTR},
	{"SQLSetConnectOption", SQL_API_SQLSETCONNECTOPTION},
	{"SQLSetCursorName", SQL_API_SQLSETCURSORNAME},
	{"SQLSetDescField", SQL_API_SQLSETDESCFIELD},
	{"SQLSetDescRec", SQL_API_SQLSETDESCREC},
	{"SQLSetEnvAttr", SQL_API_SQLSETENVATTR},
	{"SQLSetParam", SQL_API_SQLSETPARAM},
	{"SQLSetPos", SQL_API_SQLSETPOS},
	{"SQLSetScrollOptions", SQL_API_SQLSETSCROLLOPTIONS},
	{"SQLSetStmtAttr", SQL_API_SQLSETSTMTATTR},
	{"SQLSetStmtOption", SQL_API_SQLSETSTMTOPTION},
	{"SQLSpecialColumns", SQL_API_SQLSPECIALCOLUMNS},
	{"SQLStatistics", SQL_API_SQLSTATISTICS},
	{"SQLTablePrivileges", SQL_API_SQLTABLEPRIVILEGES},
	{"SQLTables", SQL_API_SQLTABLES},
	{"SQLTransact", SQL_API_SQLTRANSACT},
};

#define NAPIS ((int) (sizeof(apis) / sizeof(apis[0])))

typedef SQLRETURN (*alloc_fn)(SQLSMALLINT, SQLHANDLE, SQLHANDLE *);
typedef SQLRETURN (*setenv_fn)(SQLHENV, SQLINTEGER, SQLPOINTER, SQLINTEGER);
typedef SQLRETURN (*getfunc_fn)(SQLHDBC, SQLUSMALLINT, SQLUSMALLINT *);
typedef SQLRETURN (*free_fn)(SQLSMALLINT, SQLHANDLE);

static bool
exported(void *lib, const char *name)
{
	char w[64];

	snprintf(w, sizeof(w), "%sW", name);
	return dlsym(lib, name) != NULL || dlsym(lib, w) != NULL;
}

/* Is function id exported under any of its names? */
static bool
id_exported(void *lib, SQLUSMALLINT id)
{
	for (int i = 0; i < NAPIS; i++)
		if (apis[i].id == id && exported(lib, apis[i].name))
			return true;
	return false;
}

static bool
known_symbol(const char *sym)
{
	char base[64];
	size_t n = strlen(sym);

	for (int i = 0; i < NAPIS; i++)
	{
		if (strcmp(sym, apis[i].name) == 0)
			return true;
		if (n > 1 && sym[n - 1] == 'W' && n - 1 < sizeof(base))
		{
			memcpy(base, sym, n - 1);
			base[n - 1] = '\0';
			if (strcmp(base, apis[i].name) == 0)
				return true;
		}
	}
	return false;
}

int
main(int argc, char **argv)
{
	void *lib;
	alloc_fn alloc;
	setenv_fn setenv_;
	getfunc_fn getfunc;
	free_fn freeh;
	SQLHANDLE env = NULL, dbc = NULL;
	SQLUSMALLINT bitmap[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
	SQLUSMALLINT odbc2[100];
	char line[256];
	int nsyms = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: functions LIBRARY < exported-names\n");
		return 2;
	}
	/* Lazy binding: only the functions called here need to resolve. */
	lib = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
	if (lib == NULL)
	{
		printf("Bail out! %s\n", dlerror());
		return 1;
	}
	alloc = (alloc_fn) dlsym(lib, "SQLAllocHandle");
	setenv_ = (setenv_fn) dlsym(lib, "SQLSetEnvAttr");
	getfunc = (getfunc_fn) dlsym(lib, "SQLGetFunctions");
	freeh = (free_fn) dlsym(lib, "SQLFreeHandle");
	t_ok(alloc != NULL && setenv_ != NULL && getfunc != NULL && freeh != NULL,
		 "the library exports SQLAllocHandle, SQLSetEnvAttr, SQLGetFunctions, SQLFreeHandle");
	if (alloc == NULL || getfunc == NULL || setenv_ == NULL || freeh == NULL)
		return t_done();

	t_ok(alloc(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env) == SQL_SUCCESS, "driver allocates an environment");
	t_ok(setenv_(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0) == SQL_SUCCESS,
		 "driver accepts SQL_OV_ODBC3");
	t_ok(alloc(SQL_HANDLE_DBC, env, &dbc) == SQL_SUCCESS, "driver allocates a connection");

	memset(bitmap, 0xff, sizeof(bitmap));
	t_ok(getfunc(dbc, SQL_API_ODBC3_ALL_FUNCTIONS, bitmap) == SQL_SUCCESS,
		 "SQLGetFunctions(SQL_API_ODBC3_ALL_FUNCTIONS)");
	for (int i = 0; i < NAPIS; i++)
	{
		bool claimed = SQL_FUNC_EXISTS(bitmap, apis[i].id) == SQL_TRUE;
		bool there = id_exported(lib, apis[i].id);

		t_ok(claimed == there, "%s: bitmap says %s, library %s", apis[i].name,
			 claimed ? "present" : "absent", there ? "exports it" : "does not");
	}
	/* No bit for an id that is not an ODBC function at all. */
	{
		int stray = 0;

		for (int id = 0; id < SQL_API_ODBC3_ALL_FUNCTIONS_SIZE * 16; id++)
		{
			bool known = false;

			for (int i = 0; i < NAPIS; i++)
				if (apis[i].id == id)
					known = true;
			if (!known && SQL_FUNC_EXISTS(bitmap, id) == SQL_TRUE)
				stray++;
		}
		t_ok(stray == 0, "no bits for unknown function ids (%d found)", stray);
	}

	/* The ODBC 2 array and single-id answers agree with the bitmap. */
	memset(odbc2, 0xff, sizeof(odbc2));
	t_ok(getfunc(dbc, SQL_API_ALL_FUNCTIONS, odbc2) == SQL_SUCCESS,
		 "SQLGetFunctions(SQL_API_ALL_FUNCTIONS)");
	{
		int mismatch = 0;

		for (int id = 0; id < 100; id++)
			if ((odbc2[id] == SQL_TRUE) != (SQL_FUNC_EXISTS(bitmap, id) == SQL_TRUE))
				mismatch++;
		t_ok(mismatch == 0, "ODBC 2 array matches the bitmap (%d mismatches)", mismatch);
	}
	{
		int mismatch = 0;

		for (int i = 0; i < NAPIS; i++)
		{
			SQLUSMALLINT one = 99;

			getfunc(dbc, apis[i].id, &one);
			if ((one == SQL_TRUE) != (SQL_FUNC_EXISTS(bitmap, apis[i].id) == SQL_TRUE))
				mismatch++;
		}
		t_ok(mismatch == 0, "single-function answers match the bitmap (%d mismatches)", mismatch);
	}

	/* Every exported symbol is an ODBC function. */
	while (fgets(line, sizeof(line), stdin) != NULL)
	{
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		nsyms++;
		t_ok(known_symbol(line), "exported symbol %s is an ODBC function", line);
	}
	t_ok(nsyms > 40, "read %d exported symbol names", nsyms);

	freeh(SQL_HANDLE_DBC, dbc);
	freeh(SQL_HANDLE_ENV, env);
	/* dlclose is skipped: the engine may have registered exit handlers. */
	return t_done();
}
