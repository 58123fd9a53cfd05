/*
 * descriptors.c — the implicit descriptors (ARD, APD, IRD, IPD) and the
 * functions that read and write them: SQLGetDescField, SQLSetDescField,
 * SQLGetDescRec, SQLSetDescRec, SQLCopyDesc.  What SQLBindCol and
 * SQLBindParameter bind must show in the descriptors and the reverse: a
 * column bound through the ARD is filled by SQLFetch, a parameter bound
 * through the APD and IPD is sent, a copied ARD binds the other statement;
 * explicitly allocated descriptors shared by statements (test_explicit),
 * also by statements on two threads (test_shared_threads).
 */
#include "odbctest.h"

#include <pthread.h>
#include <stdatomic.h>

static SQLHDESC
desc_of(SQLHSTMT st, SQLINTEGER attr)
{
	SQLHDESC d = SQL_NULL_HDESC;
	SQLRETURN rc = SQLGetStmtAttr(st, attr, &d, SQL_IS_POINTER, NULL);

	if (!SQL_SUCCEEDED(rc) || d == SQL_NULL_HDESC)
	{
		t_ok(false, "SQLGetStmtAttr(%d) gives a descriptor (rc %d)", (int) attr, (int) rc);
		t_diag(SQL_HANDLE_STMT, st);
	}
	return d;
}

static SQLSMALLINT
small_field(SQLHDESC d, SQLSMALLINT rec, SQLSMALLINT field)
{
	SQLSMALLINT v = -999;

	if (!SQL_SUCCEEDED(SQLGetDescField(d, rec, field, &v, SQL_IS_SMALLINT, NULL)))
		t_diag(SQL_HANDLE_DESC, d);
	return v;
}

static SQLLEN
len_field(SQLHDESC d, SQLSMALLINT rec, SQLSMALLINT field)
{
	SQLLEN v = -999;

	if (!SQL_SUCCEEDED(SQLGetDescField(d, rec, field, &v, 0, NULL)))
		t_diag(SQL_HANDLE_DESC, d);
	return v;
}

static void *
ptr_field(SQLHDESC d, SQLSMALLINT rec, SQLSMALLINT field)
{
	SQLPOINTER v = (SQLPOINTER) 1;

	if (!SQL_SUCCEEDED(SQLGetDescField(d, rec, field, &v, SQL_IS_POINTER, NULL)))
		t_diag(SQL_HANDLE_DESC, d);
	return v;
}

/* SQLBindCol shows in the ARD; the ARD binds for SQLFetch. */
static void
test_ard(SQLHDBC dbc)
{
	SQLHSTMT st = t_stmt(dbc);
	SQLHDESC ard = desc_of(st, SQL_ATTR_APP_ROW_DESC);
	SQLINTEGER a = 0;
	SQLLEN a_ind = 0;
	char b[16] = "";
	SQLLEN b_ind = 0;
	SQLLEN c_ind = 0, c_len = -5;
	SQLINTEGER c = 7;
	SQLLEN b_len = -5, b_ind2 = -5;
	SQLSMALLINT n = -1;

	t_ok(small_field(ard, 0, SQL_DESC_COUNT) == 0, "a new statement's ARD has no records");
	t_ok(small_field(ard, 0, SQL_DESC_ALLOC_TYPE) == SQL_DESC_ALLOC_AUTO,
		 "the ARD is allocated automatically");

	/* SQLBindCol -> ARD. */
	SQLBindCol(st, 2, SQL_C_CHAR, b, sizeof(b), &b_ind);
	t_ok(small_field(ard, 0, SQL_DESC_COUNT) == 2, "SQLBindCol(2) makes SQL_DESC_COUNT 2");
	t_ok(small_field(ard, 2, SQL_DESC_CONCISE_TYPE) == SQL_C_CHAR, "CONCISE_TYPE is the bound C type");
	t_ok(small_field(ard, 2, SQL_DESC_TYPE) == SQL_C_CHAR, "TYPE is the bound C type");
	t_ok(ptr_field(ard, 2, SQL_DESC_DATA_PTR) == b, "DATA_PTR is the bound buffer");
	t_ok(ptr_field(ard, 2, SQL_DESC_INDICATOR_PTR) == &b_ind, "INDICATOR_PTR is the bound indicator");
	t_ok(ptr_field(ard, 2, SQL_DESC_OCTET_LENGTH_PTR) == &b_ind, "OCTET_LENGTH_PTR is the same buffer");
	t_ok(len_field(ard, 2, SQL_DESC_OCTET_LENGTH) == (SQLLEN) sizeof(b), "OCTET_LENGTH is BufferLength");
	t_ok(SQLGetDescField(ard, 3, SQL_DESC_CONCISE_TYPE, &n, SQL_IS_SMALLINT, NULL) == SQL_NO_DATA,
		 "a record past SQL_DESC_COUNT is SQL_NO_DATA");

	/* ARD -> SQLFetch: column 1 bound with SQLSetDescField only. */
	t_rc(SQLSetDescField(ard, 1, SQL_DESC_TYPE, (SQLPOINTER) SQL_C_SLONG, 0), SQL_HANDLE_DESC, ard,
		 "SQLSetDescField TYPE");
	t_rc(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, &a_ind, 0), SQL_HANDLE_DESC, ard,
		 "SQLSetDescField INDICATOR_PTR");
	t_rc(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &a, 0), SQL_HANDLE_DESC, ard,
		 "SQLSetDescField DATA_PTR");
	/* Column 3: separate indicator and length buffers. */
	t_rc(SQLSetDescRec(ard, 3, SQL_C_SLONG, 0, sizeof(c), 0, 0, &c, &c_len, &c_ind),
		 SQL_HANDLE_DESC, ard, "SQLSetDescRec column 3");
	t_ok(small_field(ard, 0, SQL_DESC_COUNT) == 3, "SQL_DESC_COUNT follows the records set (3)");
	if (t_exec(st, "SELECT 42 AS a, 'forty-two' AS b, CAST(NULL AS integer) AS c"))
	{
		SQLRETURN rc = SQLFetch(st);

		t_rc(rc, SQL_HANDLE_STMT, st, "SQLFetch into descriptor-bound buffers");
		t_ok(a == 42 && a_ind == 0,
			 "column 1 bound through the ARD, with an indicator and no length buffer: %d (indicator %ld)",
			 (int) a, (long) a_ind);
		t_ok(strcmp(b, "forty-two") == 0 && b_ind == 9,
			 "column 2 bound with SQLBindCol: '%s' (%ld)", b, (long) b_ind);
		t_ok(c_ind == SQL_NULL_DATA && c == 7, "NULL goes to the indicator buffer (%ld)", (long) c_ind);
		SQLFreeStmt(st, SQL_CLOSE);
	}

	/* Separate buffers with a value: indicator 0, length in the other. */
	SQLFreeStmt(st, SQL_UNBIND);
	t_ok(small_field(ard, 0, SQL_DESC_COUNT) == 0, "SQLFreeStmt(SQL_UNBIND) empties the ARD");
	SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER) SQL_C_CHAR, 0);
	SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH, (SQLPOINTER) (SQLLEN) sizeof(b), 0);
	SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, &b_ind2, 0);
	SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH_PTR, &b_len, 0);
	t_rc(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, b, 0), SQL_HANDLE_DESC, ard, "bind column 1 as text");
	if (t_exec(st, "SELECT 'abc'"))
	{
		t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "SQLFetch");
		t_ok(strcmp(b, "abc") == 0 && b_ind2 == 0 && b_len == 3,
			 "value '%s', indicator %ld, length %ld", b, (long) b_ind2, (long) b_len);
		SQLFreeStmt(st, SQL_CLOSE);
	}

	/* Setting another field unbinds the data pointer (ODBC). */
	SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER) SQL_C_CHAR, 0);
	t_ok(ptr_field(ard, 1, SQL_DESC_DATA_PTR) == NULL, "setting TYPE unbinds DATA_PTR");

	/* The consistency check when DATA_PTR is set. */
	SQLSetDescField(ard, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER) 12345, 0);
	t_fails(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, b, 0), SQL_HANDLE_DESC, ard, "HY021",
			"DATA_PTR on a record of an unknown C type");

	/* Header fields are the statement attributes. */
	{
		SQLULEN fetched = 0, size = 0;
		SQLUSMALLINT status[4];
		SQLHDESC ird = desc_of(st, SQL_ATTR_IMP_ROW_DESC);

		t_rc(SQLSetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER) 4, 0), SQL_HANDLE_DESC, ard,
			 "ARD SQL_DESC_ARRAY_SIZE 4");
		SQLGetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, &size, 0, NULL);
		t_ok(size == 4, "SQL_ATTR_ROW_ARRAY_SIZE is 4 (%lu)", (unsigned long) size);
		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 1, 0);
		t_ok(len_field(ard, 0, SQL_DESC_ARRAY_SIZE) == 1, "and back through the statement attribute");
		t_rc(SQLSetDescField(ird, 0, SQL_DESC_ROWS_PROCESSED_PTR, &fetched, 0), SQL_HANDLE_DESC, ird,
			 "IRD SQL_DESC_ROWS_PROCESSED_PTR");
		t_rc(SQLSetDescField(ird, 0, SQL_DESC_ARRAY_STATUS_PTR, status, 0), SQL_HANDLE_DESC, ird,
			 "IRD SQL_DESC_ARRAY_STATUS_PTR");
		{
			SQLPOINTER p = NULL;

			SQLGetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &p, SQL_IS_POINTER, NULL);
			t_ok(p == &fetched, "SQL_ATTR_ROWS_FETCHED_PTR is the IRD's ROWS_PROCESSED_PTR");
		}
		SQLFreeStmt(st, SQL_UNBIND);
		SQLSetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER) 4, 0);
		if (t_exec(st, "SELECT g FROM generate_series(1, 3) g"))
		{
			SQLRETURN rc = SQLFetch(st);

			t_ok(SQL_SUCCEEDED(rc) && fetched == 3 && status[0] == SQL_ROW_SUCCESS &&
				 status[3] == SQL_ROW_NOROW, "rows fetched %lu, status %u..%u", (unsigned long) fetched,
				 (unsigned) status[0], (unsigned) status[3]);
			SQLFreeStmt(st, SQL_CLOSE);
		}
		SQLSetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER) 1, 0);
		SQLSetDescField(ird, 0, SQL_DESC_ROWS_PROCESSED_PTR, NULL, 0);
		SQLSetDescField(ird, 0, SQL_DESC_ARRAY_STATUS_PTR, NULL, 0);
	}
	t_fails(SQLSetDescField(ard, 0, SQL_DESC_ROWS_PROCESSED_PTR, NULL, 0), SQL_HANDLE_DESC, ard, "HY091",
			"SQL_DESC_ROWS_PROCESSED_PTR of an ARD");
	t_ok(strstr(t_message(SQL_HANDLE_DESC, ard), "application row") != NULL,
		 "the descriptor's diagnostic says which descriptor: %s", t_message(SQL_HANDLE_DESC, ard));
	t_fails(SQLGetDescField(ard, 0, SQL_DESC_COUNT + 5000, &n, 0, NULL), SQL_HANDLE_DESC, ard, "HY091",
			"an unknown field");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* The IRD describes the result as SQLDescribeCol does; it is read-only. */
static void
test_ird(SQLHDBC dbc)
{
	SQLHSTMT st = t_stmt(dbc);
	SQLHDESC ird = desc_of(st, SQL_ATTR_IMP_ROW_DESC);
	SQLSMALLINT n = -1;
	char name[64];
	SQLSMALLINT namelen = 0, type = 0, sub = -1, prec = -1, scale = -1, nullable = -1;
	SQLLEN len = -1;
	SQLINTEGER sl = 0;

	t_fails(SQLGetDescField(ird, 0, SQL_DESC_COUNT, &n, 0, NULL), SQL_HANDLE_DESC, ird, "HY007",
			"the IRD of an unprepared statement");
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) "SELECT o_id, o_total, o_orderdate FROM rds.orders WHERE o_id < 3",
								  SQL_NTS)))
	{
		t_ok(false, "prepare");
		t_diag(SQL_HANDLE_STMT, st);
		return;
	}
	t_ok(small_field(ird, 0, SQL_DESC_COUNT) == 3, "IRD SQL_DESC_COUNT = 3 after SQLPrepare");
	t_rc(SQLGetDescField(ird, 2, SQL_DESC_NAME, name, sizeof(name), &sl), SQL_HANDLE_DESC, ird,
		 "IRD SQL_DESC_NAME");
	t_ok(strcmp(name, "o_total") == 0 && sl == 7, "column 2 is o_total (%s, %d)", name, (int) sl);
	t_ok(small_field(ird, 2, SQL_DESC_CONCISE_TYPE) == SQL_NUMERIC, "o_total is SQL_NUMERIC");
	t_ok(small_field(ird, 3, SQL_DESC_TYPE) == SQL_DATETIME &&
		 small_field(ird, 3, SQL_DESC_DATETIME_INTERVAL_CODE) == SQL_CODE_DATE &&
		 small_field(ird, 3, SQL_DESC_CONCISE_TYPE) == SQL_TYPE_DATE,
		 "a date: TYPE SQL_DATETIME, code SQL_CODE_DATE, concise SQL_TYPE_DATE");
	t_rc(SQLGetDescRec(ird, 2, (SQLCHAR *) name, sizeof(name), &namelen, &type, &sub, &len, &prec,
					   &scale, &nullable), SQL_HANDLE_DESC, ird, "SQLGetDescRec on the IRD");
	{
		SQLSMALLINT dtype = 0, ddigits = -1, dnull = -1;
		SQLULEN dsize = 0;
		char dname[64];

		SQLDescribeCol(st, 2, (SQLCHAR *) dname, sizeof(dname), NULL, &dtype, &dsize, &ddigits, &dnull);
		t_ok(strcmp(name, dname) == 0 && namelen == 7 && type == dtype && prec == (SQLSMALLINT) dsize &&
			 scale == ddigits && nullable == dnull,
			 "SQLGetDescRec agrees with SQLDescribeCol (%s %d %d,%d %d)", name, (int) type, (int) prec,
			 (int) scale, (int) nullable);
	}
	t_ok(SQLGetDescRec(ird, 4, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL) == SQL_NO_DATA,
		 "SQLGetDescRec past the last column is SQL_NO_DATA");
	t_fails(SQLSetDescField(ird, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER) SQL_INTEGER, 0), SQL_HANDLE_DESC, ird,
			"HY016", "SQLSetDescField on the IRD");
	t_fails(SQLGetDescField(ird, 1, SQL_DESC_DATA_PTR, name, 0, NULL), SQL_HANDLE_DESC, ird, "HY091",
			"SQL_DESC_DATA_PTR of the IRD");
	t_fails(SQLSetStmtAttr(st, SQL_ATTR_IMP_ROW_DESC, ird, 0), SQL_HANDLE_STMT, st, "HY017",
			"replacing the IRD");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLBindParameter shows in the APD and IPD; binding through them sends
 * the parameter (pyodbc's fast_executemany binds decimals this way). */
static void
test_params(SQLHDBC dbc)
{
	SQLHSTMT st = t_stmt(dbc);
	SQLHDESC apd = desc_of(st, SQL_ATTR_APP_PARAM_DESC);
	SQLHDESC ipd = desc_of(st, SQL_ATTR_IMP_PARAM_DESC);
	SQLINTEGER v = 5;
	SQLLEN v_ind = 0;
	SQL_NUMERIC_STRUCT ns;
	SQLLEN ns_ind = sizeof(ns);
	char out[64] = "";
	SQLLEN out_ind = 0;

	SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0, &v_ind);
	t_ok(small_field(apd, 0, SQL_DESC_COUNT) == 1, "SQLBindParameter makes the APD's count 1");
	t_ok(small_field(apd, 1, SQL_DESC_CONCISE_TYPE) == SQL_C_SLONG, "APD CONCISE_TYPE is the C type");
	t_ok(ptr_field(apd, 1, SQL_DESC_DATA_PTR) == &v, "APD DATA_PTR is the bound buffer");
	t_ok(ptr_field(apd, 1, SQL_DESC_INDICATOR_PTR) == &v_ind, "APD INDICATOR_PTR");
	t_ok(small_field(ipd, 0, SQL_DESC_COUNT) == 1, "the IPD's count is 1");
	t_ok(small_field(ipd, 1, SQL_DESC_CONCISE_TYPE) == SQL_INTEGER, "IPD CONCISE_TYPE is the SQL type");
	t_ok(small_field(ipd, 1, SQL_DESC_PARAMETER_TYPE) == SQL_PARAM_INPUT, "IPD PARAMETER_TYPE is input");
	t_fails(SQLSetDescField(ipd, 1, SQL_DESC_PARAMETER_TYPE, (SQLPOINTER) SQL_PARAM_OUTPUT, 0),
			SQL_HANDLE_DESC, ipd, "HYC00", "an output parameter through the IPD");
	SQLFreeStmt(st, SQL_RESET_PARAMS);
	t_ok(small_field(apd, 0, SQL_DESC_COUNT) == 0, "SQL_RESET_PARAMS empties the APD");

	/* A decimal bound through the descriptors only. */
	memset(&ns, 0, sizeof(ns));
	ns.precision = 10;
	ns.scale = 2;
	ns.sign = 1;
	ns.val[0] = 0x39; /* 12345 = 0x3039 -> 123.45 */
	ns.val[1] = 0x30;
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) "SELECT CAST(? AS numeric(10,2)) + 1", SQL_NTS)))
		t_diag(SQL_HANDLE_STMT, st);
	t_rc(SQLSetDescField(ipd, 1, SQL_DESC_TYPE, (SQLPOINTER) SQL_NUMERIC, 0), SQL_HANDLE_DESC, ipd,
		 "IPD TYPE SQL_NUMERIC");
	SQLSetDescField(ipd, 1, SQL_DESC_PRECISION, (SQLPOINTER) 10, 0);
	SQLSetDescField(ipd, 1, SQL_DESC_SCALE, (SQLPOINTER) 2, 0);
	t_rc(SQLSetDescField(apd, 1, SQL_DESC_TYPE, (SQLPOINTER) SQL_C_NUMERIC, 0), SQL_HANDLE_DESC, apd,
		 "APD TYPE SQL_C_NUMERIC");
	SQLSetDescField(apd, 1, SQL_DESC_PRECISION, (SQLPOINTER) 10, 0);
	SQLSetDescField(apd, 1, SQL_DESC_SCALE, (SQLPOINTER) 2, 0);
	SQLSetDescField(apd, 1, SQL_DESC_INDICATOR_PTR, &ns_ind, 0);
	t_rc(SQLSetDescField(apd, 1, SQL_DESC_DATA_PTR, &ns, 0), SQL_HANDLE_DESC, apd, "APD DATA_PTR");
	t_ok(small_field(ipd, 1, SQL_DESC_PRECISION) == 10 && small_field(ipd, 1, SQL_DESC_SCALE) == 2,
		 "the IPD keeps precision 10, scale 2");
	SQLBindCol(st, 1, SQL_C_CHAR, out, sizeof(out), &out_ind);
	if (SQL_SUCCEEDED(SQLExecute(st)) && SQL_SUCCEEDED(SQLFetch(st)))
		t_ok(strcmp(out, "124.45") == 0, "the parameter bound through the descriptors: %s", out);
	else
	{
		t_ok(false, "execute with descriptor-bound parameter");
		t_diag(SQL_HANDLE_STMT, st);
	}
	SQLFreeStmt(st, SQL_CLOSE);
	/* Separate length and indicator buffers: the length from one, NULL
	 * from the other. */
	{
		char in[16] = "abcdef";
		SQLLEN in_len = 3;
		SQLLEN in_ind = 0;

		SQLFreeStmt(st, SQL_RESET_PARAMS);
		if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) "SELECT CAST(? AS varchar(10)) || '!'", SQL_NTS)))
			t_diag(SQL_HANDLE_STMT, st);
		SQLSetDescField(ipd, 1, SQL_DESC_CONCISE_TYPE, (SQLPOINTER) SQL_VARCHAR, 0);
		SQLSetDescField(ipd, 1, SQL_DESC_LENGTH, (SQLPOINTER) 10, 0);
		t_rc(SQLSetDescRec(apd, 1, SQL_C_CHAR, 0, sizeof(in), 0, 0, in, &in_len, &in_ind),
			 SQL_HANDLE_DESC, apd, "SQLSetDescRec with separate length and indicator buffers");
		t_ok(ptr_field(apd, 1, SQL_DESC_OCTET_LENGTH_PTR) == &in_len &&
			 ptr_field(apd, 1, SQL_DESC_INDICATOR_PTR) == &in_ind, "the APD keeps both pointers");
		if (SQL_SUCCEEDED(SQLExecute(st)) && SQL_SUCCEEDED(SQLFetch(st)))
			t_ok(strcmp(out, "abc!") == 0, "the length came from the length buffer: %s", out);
		else
		{
			t_ok(false, "execute with separate length and indicator");
			t_diag(SQL_HANDLE_STMT, st);
		}
		SQLFreeStmt(st, SQL_CLOSE);
		in_ind = SQL_NULL_DATA;
		if (SQL_SUCCEEDED(SQLExecute(st)) && SQL_SUCCEEDED(SQLFetch(st)))
			t_ok(out_ind == SQL_NULL_DATA, "NULL came from the indicator buffer (%ld)", (long) out_ind);
		else
		{
			t_ok(false, "execute with a NULL indicator");
			t_diag(SQL_HANDLE_STMT, st);
		}
		SQLFreeStmt(st, SQL_CLOSE);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* SQLCopyDesc: an ARD copied to another statement binds its columns. */
static void
test_copy(SQLHDBC dbc)
{
	SQLHSTMT s1 = t_stmt(dbc);
	SQLHSTMT s2 = t_stmt(dbc);
	SQLHDESC ard1 = desc_of(s1, SQL_ATTR_APP_ROW_DESC);
	SQLHDESC ard2 = desc_of(s2, SQL_ATTR_APP_ROW_DESC);
	SQLHDESC ird1 = desc_of(s1, SQL_ATTR_IMP_ROW_DESC);
	SQLHDESC ird2 = desc_of(s2, SQL_ATTR_IMP_ROW_DESC);
	SQLBIGINT id = 0;
	SQLLEN id_ind = 0;
	char txt[32] = "";
	SQLLEN txt_ind = 0;

	SQLBindCol(s1, 1, SQL_C_SBIGINT, &id, 0, &id_ind);
	SQLBindCol(s1, 2, SQL_C_CHAR, txt, sizeof(txt), &txt_ind);
	t_rc(SQLCopyDesc(ard1, ard2), SQL_HANDLE_DESC, ard2, "SQLCopyDesc ARD -> ARD");
	t_ok(small_field(ard2, 0, SQL_DESC_COUNT) == 2 && ptr_field(ard2, 2, SQL_DESC_DATA_PTR) == txt,
		 "the copy has both records");
	if (t_exec(s2, "SELECT c_id, c_name FROM rds.customers WHERE c_id = 3"))
	{
		t_rc(SQLFetch(s2), SQL_HANDLE_STMT, s2, "SQLFetch on the statement with the copied ARD");
		t_ok(id == 3 && txt_ind > 0, "the other statement filled the buffers: %lld '%s'", (long long) id, txt);
		SQLFreeStmt(s2, SQL_CLOSE);
	}
	t_fails(SQLCopyDesc(ard1, ird2), SQL_HANDLE_DESC, ird2, "HY016", "SQLCopyDesc into an IRD");
	t_fails(SQLCopyDesc(ird1, ard2), SQL_HANDLE_DESC, ard2, "HY007",
			"SQLCopyDesc from the IRD of an unprepared statement");
	/* IRD -> ARD: the types come along, the pointers do not. */
	if (SQL_SUCCEEDED(SQLPrepare(s1, (SQLCHAR *) "SELECT c_id FROM rds.customers", SQL_NTS)))
	{
		t_rc(SQLCopyDesc(ird1, ard2), SQL_HANDLE_DESC, ard2, "SQLCopyDesc IRD -> ARD");
		t_ok(small_field(ard2, 0, SQL_DESC_COUNT) == 1 && ptr_field(ard2, 1, SQL_DESC_DATA_PTR) == NULL,
			 "one record, unbound");
	}
	SQLFreeHandle(SQL_HANDLE_STMT, s1);
	SQLFreeHandle(SQL_HANDLE_STMT, s2);
}

static void
test_handles(SQLHDBC dbc)
{
	SQLHSTMT st = t_stmt(dbc);
	SQLHSTMT other = t_stmt(dbc);
	SQLHDESC ard = desc_of(st, SQL_ATTR_APP_ROW_DESC);

	t_rc(SQLSetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, SQL_NULL_HDESC, 0), SQL_HANDLE_STMT, st,
		 "SQL_ATTR_APP_ROW_DESC = SQL_NULL_HDESC keeps the implicit ARD");
	t_ok(desc_of(st, SQL_ATTR_APP_ROW_DESC) == ard, "the same ARD afterwards");
	t_fails(SQLSetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, desc_of(other, SQL_ATTR_APP_ROW_DESC), 0),
			SQL_HANDLE_STMT, st, "HY017", "another statement's implicit ARD as this one's ARD");
	t_fails(SQLSetStmtAttr(st, SQL_ATTR_APP_PARAM_DESC, desc_of(st, SQL_ATTR_IMP_PARAM_DESC), 0),
			SQL_HANDLE_STMT, st, "HY017", "the IPD as the APD");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLFreeHandle(SQL_HANDLE_STMT, other);
}

/*
 * Explicitly allocated descriptors: one ARD serving two statements (a
 * change through either shows in both), one as APD, SQLBindCol writing
 * into the explicit ARD, SQLCopyDesc to and from one, and freeing one
 * turning its statements back to their implicit descriptors.  One is left
 * allocated for SQLDisconnect to free (valgrind would see a leak).
 */
static void
test_explicit(SQLHDBC dbc)
{
	SQLHSTMT s1 = t_stmt(dbc);
	SQLHSTMT s2 = t_stmt(dbc);
	SQLHSTMT s3 = t_stmt(dbc);
	SQLHDESC own1 = desc_of(s1, SQL_ATTR_APP_ROW_DESC);
	SQLHDESC rows = SQL_NULL_HDESC;
	SQLHDESC pars = SQL_NULL_HDESC;
	SQLHDESC left = SQL_NULL_HDESC;
	SQLBIGINT id = 0;
	SQLLEN id_ind = 0;
	char name[32] = "";
	SQLLEN name_ind = 0;
	SQLINTEGER p = 0;
	SQLLEN p_ind = 0;
	SQLINTEGER r = 0;
	SQLLEN r_ind = 0;
	SQLSMALLINT alloc = 0;

	if (!t_rc(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &rows), SQL_HANDLE_DBC, dbc,
			  "SQLAllocHandle(SQL_HANDLE_DESC)"))
		return;
	t_rc(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &pars), SQL_HANDLE_DBC, dbc, "a second one");
	t_rc(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &left), SQL_HANDLE_DBC, dbc, "a third one");
	SQLGetDescField(rows, 0, SQL_DESC_ALLOC_TYPE, &alloc, SQL_IS_SMALLINT, NULL);
	t_ok(alloc == SQL_DESC_ALLOC_USER, "SQL_DESC_ALLOC_TYPE is SQL_DESC_ALLOC_USER (%d)", alloc);
	t_ok(len_field(rows, 0, SQL_DESC_ARRAY_SIZE) == 1 && small_field(rows, 0, SQL_DESC_COUNT) == 0,
		 "a new one has ARRAY_SIZE 1 and no records");
	t_fails(SQLSetDescField(rows, 0, SQL_DESC_ROWS_PROCESSED_PTR, NULL, 0), SQL_HANDLE_DESC, rows,
			"HY091", "an implementation field on an application descriptor");
	{
		SQLINTEGER nrec = 0;
		SQLRETURN drc = 0;
		SQLCHAR server[64] = "";
		SQLSMALLINT sl = 0;

		SQLGetDiagField(SQL_HANDLE_DESC, rows, 0, SQL_DIAG_NUMBER, &nrec, 0, NULL);
		SQLGetDiagField(SQL_HANDLE_DESC, rows, 0, SQL_DIAG_RETURNCODE, &drc, 0, NULL);
		SQLGetDiagField(SQL_HANDLE_DESC, rows, 1, SQL_DIAG_SERVER_NAME, server, sizeof(server), &sl);
		t_ok(nrec == 1 && drc == SQL_ERROR && strcmp((char *) server, "fedq") == 0,
			 "SQLGetDiagField on an explicit descriptor: %d record, rc %d, server '%s'", (int) nrec,
			 (int) drc, server);
	}

	/* Records first, then the association. */
	t_rc(SQLSetDescRec(rows, 1, SQL_C_SBIGINT, 0, 0, 0, 0, &id, &id_ind, &id_ind), SQL_HANDLE_DESC,
		 rows, "SQLSetDescRec record 1 of the explicit ARD");
	t_rc(SQLSetStmtAttr(s1, SQL_ATTR_APP_ROW_DESC, rows, 0), SQL_HANDLE_STMT, s1,
		 "SQL_ATTR_APP_ROW_DESC = the explicit descriptor");
	t_rc(SQLSetStmtAttr(s2, SQL_ATTR_APP_ROW_DESC, rows, 0), SQL_HANDLE_STMT, s2,
		 "the same descriptor for a second statement");
	t_ok(desc_of(s1, SQL_ATTR_APP_ROW_DESC) == rows, "SQLGetStmtAttr gives the explicit descriptor");
	/* SQLBindCol on one statement writes into the shared descriptor. */
	t_rc(SQLBindCol(s1, 2, SQL_C_CHAR, name, sizeof(name), &name_ind), SQL_HANDLE_STMT, s1,
		 "SQLBindCol on a statement with an explicit ARD");
	t_ok(small_field(rows, 0, SQL_DESC_COUNT) == 2 && ptr_field(rows, 2, SQL_DESC_DATA_PTR) == name,
		 "SQLBindCol wrote into the explicit descriptor");
	t_ok(small_field(own1, 0, SQL_DESC_COUNT) == 0, "and not into the implicit ARD");
	if (t_exec(s1, "SELECT c_id, c_name FROM rds.customers WHERE c_id = 4"))
	{
		t_rc(SQLFetch(s1), SQL_HANDLE_STMT, s1, "SQLFetch through the explicit ARD");
		t_ok(id == 4 && name_ind > 0, "both columns arrived: %lld '%s'", (long long) id, name);
		SQLFreeStmt(s1, SQL_CLOSE);
	}
	id = 0;
	name[0] = '\0';
	if (t_exec(s2, "SELECT c_id, c_name FROM rds.customers WHERE c_id = 5"))
	{
		t_rc(SQLFetch(s2), SQL_HANDLE_STMT, s2, "SQLFetch on the second statement");
		t_ok(id == 5 && name_ind > 0, "the second statement fills the same buffers: %lld '%s'",
			 (long long) id, name);
		SQLFreeStmt(s2, SQL_CLOSE);
	}

	/* An explicit APD; the IPD stays the statement's own. */
	t_rc(SQLSetStmtAttr(s3, SQL_ATTR_APP_PARAM_DESC, pars, 0), SQL_HANDLE_STMT, s3,
		 "SQL_ATTR_APP_PARAM_DESC = an explicit descriptor");
	t_rc(SQLBindParameter(s3, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &p, 0, &p_ind),
		 SQL_HANDLE_STMT, s3, "SQLBindParameter with an explicit APD");
	t_ok(small_field(pars, 0, SQL_DESC_COUNT) == 1 && ptr_field(pars, 1, SQL_DESC_DATA_PTR) == &p,
		 "SQLBindParameter wrote the C side into the explicit APD");
	SQLBindCol(s3, 1, SQL_C_SLONG, &r, 0, &r_ind);
	p = 41;
	if (t_exec(s3, "SELECT CAST(? AS integer) + 1"))
	{
		t_rc(SQLFetch(s3), SQL_HANDLE_STMT, s3, "fetch with the explicit APD");
		t_ok(r == 42, "the parameter came from the explicit APD: %d", (int) r);
		SQLFreeStmt(s3, SQL_CLOSE);
	}
	/* Changed through the descriptor itself: seen at the next execution. */
	{
		SQLINTEGER q = 99;

		t_rc(SQLSetDescField(pars, 1, SQL_DESC_DATA_PTR, &q, 0), SQL_HANDLE_DESC, pars,
			 "SQLSetDescField DATA_PTR on the explicit APD");
		if (t_exec(s3, "SELECT CAST(? AS integer) + 1"))
		{
			SQLFetch(s3);
			t_ok(r == 100, "the statement read the new buffer: %d", (int) r);
			SQLFreeStmt(s3, SQL_CLOSE);
		}
	}

	/* SQLCopyDesc: explicit -> implicit, implicit -> explicit. */
	t_rc(SQLCopyDesc(rows, desc_of(s3, SQL_ATTR_APP_ROW_DESC)), SQL_HANDLE_DESC,
		 desc_of(s3, SQL_ATTR_APP_ROW_DESC), "SQLCopyDesc explicit ARD -> implicit ARD");
	t_ok(ptr_field(desc_of(s3, SQL_ATTR_APP_ROW_DESC), 2, SQL_DESC_DATA_PTR) == name,
		 "the implicit ARD has the explicit one's records");
	t_rc(SQLCopyDesc(desc_of(s3, SQL_ATTR_IMP_PARAM_DESC), left), SQL_HANDLE_DESC, left,
		 "SQLCopyDesc IPD -> explicit");
	t_ok(small_field(left, 0, SQL_DESC_COUNT) == 1, "the explicit descriptor has the IPD's record");

	/* Freeing the shared ARD: both statements go back to their own. */
	t_rc(SQLFreeHandle(SQL_HANDLE_DESC, rows), SQL_HANDLE_DESC, rows, "SQLFreeHandle(SQL_HANDLE_DESC)");
	t_ok(desc_of(s1, SQL_ATTR_APP_ROW_DESC) == own1,
		 "the statement's ARD is its implicit one again");
	id = -1;
	if (t_exec(s2, "SELECT c_id FROM rds.customers WHERE c_id = 6"))
	{
		t_rc(SQLFetch(s2), SQL_HANDLE_STMT, s2, "fetch after the descriptor was freed");
		t_ok(id == -1, "nothing is written into the freed descriptor's buffers");
		SQLFreeStmt(s2, SQL_CLOSE);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, s1);
	SQLFreeHandle(SQL_HANDLE_STMT, s2);
	SQLFreeHandle(SQL_HANDLE_STMT, s3);
	SQLFreeHandle(SQL_HANDLE_DESC, pars);
	/* `left` stays allocated: SQLDisconnect frees it. */
}

/* test_shared_threads: the statement fetching through the shared ARD. */
typedef struct fetcher
{
	SQLHSTMT st;
	atomic_int done;
	int runs;
	long rows;
} fetcher;

static void *
fetch_runs(void *arg)
{
	fetcher *f = arg;

	for (int i = 0; i < 20; i++)
	{
		if (!SQL_SUCCEEDED(SQLExecDirect(f->st, (SQLCHAR *) "SELECT generate_series(1, 5000)",
										 SQL_NTS)))
			break;
		while (SQL_SUCCEEDED(SQLFetch(f->st)))
			f->rows++;
		SQLFreeStmt(f->st, SQL_CLOSE);
		f->runs++;
	}
	atomic_store(&f->done, 1);
	return NULL;
}

/*
 * One explicit ARD serving two statements, one fetching on a thread of its
 * own while this one unbinds the descriptor through the other statement
 * (SQLFreeStmt(SQL_UNBIND) frees its records) and gives it records again
 * (SQL_DESC_COUNT reallocates them): the fetch must never read records
 * being freed or moved (AddressSanitizer, valgrind), which it did while a
 * call on a statement held only the statement's lock.
 */
static void
test_shared_threads(SQLHDBC dbc)
{
	SQLHSTMT s1 = t_stmt(dbc);
	SQLHSTMT s2 = t_stmt(dbc);
	SQLHDESC d = SQL_NULL_HDESC;
	fetcher f = {s1, 0, 0, 0};
	SQLINTEGER v = 0;
	SQLLEN ind = 0;
	pthread_t tid;
	long changes = 0;

	if (!t_rc(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &d), SQL_HANDLE_DBC, dbc,
			  "an explicit descriptor for two threads"))
		return;
	SQLSetStmtAttr(s1, SQL_ATTR_APP_ROW_DESC, d, 0);
	SQLSetStmtAttr(s2, SQL_ATTR_APP_ROW_DESC, d, 0);
	SQLBindCol(s1, 1, SQL_C_SLONG, &v, 0, &ind);
	pthread_create(&tid, NULL, fetch_runs, &f);
	while (!atomic_load(&f.done))
	{
		SQLFreeStmt(s2, SQL_UNBIND);
		SQLSetDescField(d, 0, SQL_DESC_COUNT, (SQLPOINTER) 64, 0);
		changes++;
	}
	pthread_join(tid, NULL);
	t_ok(f.runs == 20 && f.rows == 20 * 5000,
		 "fetching through a descriptor another thread changes %ld times: %d runs, %ld rows",
		 changes, f.runs, f.rows);
	SQLFreeHandle(SQL_HANDLE_STMT, s1);
	SQLFreeHandle(SQL_HANDLE_STMT, s2);
	SQLFreeHandle(SQL_HANDLE_DESC, d);
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	SQLUSMALLINT fn = SQL_FALSE;

	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	SQLGetFunctions(dbc, SQL_API_SQLCOPYDESC, &fn);
	t_ok(fn == SQL_TRUE, "SQLGetFunctions claims SQLCopyDesc");
	test_ard(dbc);
	test_ird(dbc);
	test_params(dbc);
	test_copy(dbc);
	test_handles(dbc);
	test_explicit(dbc);
	test_shared_threads(dbc);
	t_disconnect(env, dbc);
	return t_done();
}
