/*
 * types.c — every engine type, described and converted to every C type
 * an application may ask for, on the remote fixture table public.alltypes
 * (reached as rds.alltypes): one column per type, row 1 and 2 with edge
 * values, row 3 all NULL.  Conversions follow ODBC's Appendix D; those
 * ODBC does not define must fail with 07006, out-of-range numbers with
 * 22003, text that is not a number with 22018, fractional loss with 01S07.
 */
#include "odbctest.h"

#include <math.h>

static SQLHDBC dbc;
static SQLHSTMT st;

/* Fetches one value; returns SQLGetData's code (SQL_ERROR on any
 * earlier failure). */
static SQLRETURN
get(const char *col, int id, SQLSMALLINT ctype, void *buf, SQLLEN buflen, SQLLEN *ind)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT %s FROM rds.alltypes WHERE id = %d", col, id);
	SQLFreeStmt(st, SQL_CLOSE);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS)) || !SQL_SUCCEEDED(SQLFetch(st)))
	{
		t_diag(SQL_HANDLE_STMT, st);
		return SQL_ERROR;
	}
	return SQLGetData(st, 1, ctype, buf, buflen, ind);
}

static void
expect_char(const char *col, int id, const char *want)
{
	char buf[512];
	SQLLEN ind = 0;
	SQLRETURN rc = get(col, id, SQL_C_CHAR, buf, sizeof(buf), &ind);

	t_ok(rc == SQL_SUCCESS && strcmp(buf, want) == 0 && ind == (SQLLEN) strlen(want),
		 "%s row %d as SQL_C_CHAR = '%s' (got '%s', ind %ld, rc %d)", col, id, want,
		 rc == SQL_SUCCESS ? buf : "", (long) ind, (int) rc);
}

static void
expect_wchar(const char *col, int id, const SQLWCHAR *want, size_t n)
{
	SQLWCHAR buf[256];
	SQLLEN ind = 0;
	SQLRETURN rc = get(col, id, SQL_C_WCHAR, buf, sizeof(buf), &ind);

	t_ok(rc == SQL_SUCCESS && ind == (SQLLEN) (n * sizeof(SQLWCHAR)) &&
		 memcmp(buf, want, n * sizeof(SQLWCHAR)) == 0 && buf[n] == 0,
		 "%s row %d as SQL_C_WCHAR (%ld bytes, rc %d)", col, id, (long) ind, (int) rc);
}

static void
expect_int(const char *col, int id, SQLSMALLINT ctype, const char *cname, long long want,
		   const char *state)
{
	union
	{
		SQLSCHAR s8;
		SQLCHAR u8;
		SQLSMALLINT s16;
		SQLUSMALLINT u16;
		SQLINTEGER s32;
		SQLUINTEGER u32;
		SQLBIGINT s64;
		SQLUBIGINT u64;
	} v;
	long long got = 0;
	SQLLEN ind = 0;
	SQLRETURN rc;

	memset(&v, 0, sizeof(v));
	rc = get(col, id, ctype, &v, 0, &ind);
	switch (ctype)
	{
		case SQL_C_STINYINT:
			got = v.s8;
			break;
		case SQL_C_UTINYINT:
		case SQL_C_BIT:
			got = v.u8;
			break;
		case SQL_C_SSHORT:
			got = v.s16;
			break;
		case SQL_C_USHORT:
			got = v.u16;
			break;
		case SQL_C_SLONG:
			got = v.s32;
			break;
		case SQL_C_ULONG:
			got = v.u32;
			break;
		case SQL_C_SBIGINT:
			got = v.s64;
			break;
		case SQL_C_UBIGINT:
			got = (long long) v.u64;
			break;
	}
	if (state == NULL)
		t_ok(rc == SQL_SUCCESS && got == want, "%s row %d as %s = %lld (got %lld, rc %d)", col, id, cname,
			 want, got, (int) rc);
	else if (state[0] == '0' && state[1] == '1')
		t_ok(rc == SQL_SUCCESS_WITH_INFO && got == want && t_has_state(SQL_HANDLE_STMT, st, state),
			 "%s row %d as %s = %lld with %s (got %lld, rc %d)", col, id, cname, want, state, got, (int) rc);
	else
		t_fails(rc, SQL_HANDLE_STMT, st, state, col);
}

static void
expect_double(const char *col, int id, double want, double tol)
{
	SQLDOUBLE d = 0;
	SQLREAL f = 0;
	SQLLEN ind;
	SQLRETURN rc = get(col, id, SQL_C_DOUBLE, &d, 0, &ind);

	t_ok(rc == SQL_SUCCESS && fabs(d - want) <= tol, "%s row %d as SQL_C_DOUBLE = %.17g (got %.17g)", col,
		 id, want, d);
	rc = get(col, id, SQL_C_FLOAT, &f, 0, &ind);
	t_ok(rc == SQL_SUCCESS && fabs(f - want) <= fabs(want) * 1e-6 + tol,
		 "%s row %d as SQL_C_FLOAT (got %g)", col, id, (double) f);
}

static void
expect_error(const char *col, int id, SQLSMALLINT ctype, const char *state)
{
	char buf[64];
	SQLLEN ind;
	SQLRETURN rc = get(col, id, ctype, buf, sizeof(buf), &ind);
	char what[128];

	snprintf(what, sizeof(what), "%s row %d as C type %d", col, id, (int) ctype);
	t_fails(rc, SQL_HANDLE_STMT, st, state, what);
}

static void
test_describe(void)
{
	static const struct
	{
		const char *col;
		SQLSMALLINT type;
		SQLULEN size;
		SQLSMALLINT digits;
		const char *type_name;
	} want[] = {
		{"c_bool", SQL_BIT, 1, 0, "bool"},
		{"c_int2", SQL_SMALLINT, 5, 0, "int2"},
		{"c_int4", SQL_INTEGER, 10, 0, "int4"},
		{"c_int8", SQL_BIGINT, 19, 0, "int8"},
		{"c_num", SQL_NUMERIC, 20, 4, "numeric"},
		{"c_real", SQL_REAL, 7, 0, "float4"},
		{"c_double", SQL_DOUBLE, 15, 0, "float8"},
		{"c_char", SQL_WCHAR, 5, 0, "bpchar"},
		{"c_varchar", SQL_WVARCHAR, 20, 0, "varchar"},
		{"c_text", SQL_WLONGVARCHAR, 65535, 0, "text"},
		{"c_date", SQL_TYPE_DATE, 10, 0, "date"},
		{"c_time", SQL_TYPE_TIME, 15, 6, "time"},
		{"c_ts", SQL_TYPE_TIMESTAMP, 26, 6, "timestamp"},
		{"c_tstz", SQL_TYPE_TIMESTAMP, 26, 6, "timestamptz"},
		{"c_interval", SQL_WVARCHAR, 80, 0, "interval"},
		{"c_uuid", SQL_GUID, 36, 0, "uuid"},
		{"c_bytea", SQL_VARBINARY, 65535, 0, "bytea"},
		{"c_jsonb", SQL_WLONGVARCHAR, 65535, 0, "text"},
		{"c_intarr", SQL_WLONGVARCHAR, 65535, 0, "text"},
		{"c_inet", SQL_WLONGVARCHAR, 65535, 0, "text"},
		{"c_mood", SQL_WLONGVARCHAR, 65535, 0, "text"},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
	{
		char sql[128];
		SQLCHAR name[64];
		SQLSMALLINT type = 0, digits = -1, nullable;
		SQLULEN size = 0;
		char tn[64] = "";

		snprintf(sql, sizeof(sql), "SELECT %s FROM rds.alltypes", want[i].col);
		SQLFreeStmt(st, SQL_CLOSE);
		if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) sql, SQL_NTS)))
		{
			t_ok(false, "prepare %s", sql);
			t_diag(SQL_HANDLE_STMT, st);
			continue;
		}
		SQLDescribeCol(st, 1, name, sizeof(name), NULL, &type, &size, &digits, &nullable);
		SQLColAttribute(st, 1, SQL_DESC_TYPE_NAME, tn, sizeof(tn), NULL, NULL);
		t_ok(type == want[i].type && size == want[i].size && digits == want[i].digits &&
			 strcmp(tn, want[i].type_name) == 0,
			 "%s: type %d size %lu digits %d '%s' (got %d %lu %d '%s')", want[i].col, want[i].type,
			 (unsigned long) want[i].size, want[i].digits, want[i].type_name, type,
			 (unsigned long) size, digits, tn);
	}
}

static void
test_text(void)
{
	expect_char("c_bool", 1, "1");
	expect_char("c_bool", 2, "0");
	expect_char("c_int2", 1, "-32768");
	expect_char("c_int4", 1, "-2147483648");
	expect_char("c_int8", 1, "-9223372036854775808");
	expect_char("c_int8", 2, "9223372036854775807");
	expect_char("c_num", 1, "-1234567890123456.7891");
	expect_char("c_num", 2, "9999999999999999.9999");
	expect_char("c_real", 1, "1.5");
	expect_char("c_real", 2, "Infinity");
	expect_char("c_double", 1, "-2.25");
	expect_char("c_double", 2, "NaN");
	expect_char("c_char", 1, "ab   ");
	expect_char("c_char", 2, "xyz  ");
	expect_char("c_varchar", 1, "hello");
	expect_char("c_varchar", 2, "");
	expect_char("c_text", 1, "long text \xc3\xa9");
	expect_char("c_date", 1, "2024-02-29");
	expect_char("c_date", 2, "0001-01-01 BC");
	expect_char("c_time", 1, "13:45:30.123456");
	expect_char("c_time", 2, "00:00:00");
	expect_char("c_ts", 1, "2024-02-29 13:45:30.5");
	expect_char("c_ts", 2, "infinity");
	expect_char("c_interval", 1, "1 year 2 mons 3 days 04:05:06");
	expect_char("c_interval", 2, "-1 days");
	expect_char("c_uuid", 1, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"); /* capitals, as psqlODBC */
	expect_char("c_bytea", 1, "00ff10");
	expect_char("c_bytea", 2, "");
	expect_char("c_jsonb", 1, "{\"a\": [1, 2]}");
	expect_char("c_intarr", 1, "{1,2,3}");
	expect_char("c_inet", 1, "192.168.0.1/24");
	expect_char("c_mood", 1, "happy");
	{
		char buf[64];
		SQLLEN ind = 0;
		SQLRETURN rc = get("c_tstz", 1, SQL_C_CHAR, buf, sizeof(buf), &ind);

		t_ok(rc == SQL_SUCCESS && strncmp(buf, "2024-02-29 13:45:30", 19) == 0,
			 "c_tstz row 1 as text starts with the UTC time ('%s')", buf);
	}
	/* Truncation into a short buffer: 01004, full length. */
	{
		char buf[4];
		SQLLEN ind = 0;
		SQLRETURN rc = get("c_varchar", 1, SQL_C_CHAR, buf, sizeof(buf), &ind);

		t_ok(rc == SQL_SUCCESS_WITH_INFO && strcmp(buf, "hel") == 0 && ind == 5 &&
			 t_has_state(SQL_HANDLE_STMT, st, "01004"), "'hello' into 4 bytes: 'hel', 01004, length 5");
	}
	{
		static const SQLWCHAR text[] = {'l', 'o', 'n', 'g', ' ', 't', 'e', 'x', 't', ' ', 0xe9};
		static const SQLWCHAR num[] = {'-', '3', '2', '7', '6', '8'};

		expect_wchar("c_text", 1, text, 11);
		expect_wchar("c_int2", 1, num, 6);
	}
}

static void
test_numbers(void)
{
	expect_int("c_bool", 1, SQL_C_BIT, "SQL_C_BIT", 1, NULL);
	expect_int("c_bool", 2, SQL_C_BIT, "SQL_C_BIT", 0, NULL);
	expect_int("c_bool", 1, SQL_C_SLONG, "SQL_C_SLONG", 1, NULL);
	expect_int("c_int2", 1, SQL_C_SSHORT, "SQL_C_SSHORT", -32768, NULL);
	expect_int("c_int2", 2, SQL_C_USHORT, "SQL_C_USHORT", 32767, NULL);
	expect_int("c_int2", 1, SQL_C_USHORT, "SQL_C_USHORT", 0, "22003");
	expect_int("c_int2", 1, SQL_C_STINYINT, "SQL_C_STINYINT", 0, "22003");
	expect_int("c_int4", 1, SQL_C_SLONG, "SQL_C_SLONG", -2147483648LL, NULL);
	expect_int("c_int4", 2, SQL_C_ULONG, "SQL_C_ULONG", 2147483647, NULL);
	expect_int("c_int4", 1, SQL_C_SSHORT, "SQL_C_SSHORT", 0, "22003");
	expect_int("c_int4", 1, SQL_C_SBIGINT, "SQL_C_SBIGINT", -2147483648LL, NULL);
	expect_int("c_int8", 1, SQL_C_SBIGINT, "SQL_C_SBIGINT", INT64_MIN, NULL);
	expect_int("c_int8", 2, SQL_C_UBIGINT, "SQL_C_UBIGINT", INT64_MAX, NULL);
	expect_int("c_int8", 1, SQL_C_UBIGINT, "SQL_C_UBIGINT", 0, "22003");
	expect_int("c_int8", 1, SQL_C_SLONG, "SQL_C_SLONG", 0, "22003");
	expect_int("c_num", 1, SQL_C_SBIGINT, "SQL_C_SBIGINT", -1234567890123456LL, "01S07");
	expect_int("c_num", 1, SQL_C_SLONG, "SQL_C_SLONG", 0, "22003");
	expect_int("c_real", 1, SQL_C_SLONG, "SQL_C_SLONG", 1, "01S07");
	expect_int("c_real", 2, SQL_C_SLONG, "SQL_C_SLONG", 0, "22003");
	expect_int("c_double", 1, SQL_C_SSHORT, "SQL_C_SSHORT", -2, "01S07");
	expect_int("c_double", 2, SQL_C_SLONG, "SQL_C_SLONG", 0, "22003");
	expect_int("c_varchar", 1, SQL_C_SLONG, "SQL_C_SLONG", 0, "22018");
	expect_int("c_char", 1, SQL_C_SLONG, "SQL_C_SLONG", 0, "22018");
	expect_int("c_intarr", 1, SQL_C_SLONG, "SQL_C_SLONG", 0, "22018");
	expect_int("c_int2", 2, SQL_C_BIT, "SQL_C_BIT", 0, "22003");
	expect_int("c_double", 1, SQL_C_BIT, "SQL_C_BIT", 0, "22003");

	expect_double("c_int4", 1, -2147483648.0, 0);
	expect_double("c_num", 1, -1234567890123456.7891, 1.0);
	expect_double("c_numu", 1, 3.14159, 1e-12);
	expect_double("c_numu", 2, -0.5, 0);
	expect_double("c_real", 1, 1.5, 0);
	expect_double("c_double", 1, -2.25, 0);
	{
		SQLDOUBLE d;
		SQLLEN ind;

		t_ok(get("c_real", 2, SQL_C_DOUBLE, &d, 0, &ind) == SQL_SUCCESS && isinf(d) && d > 0,
			 "Infinity as SQL_C_DOUBLE");
		t_ok(get("c_double", 2, SQL_C_DOUBLE, &d, 0, &ind) == SQL_SUCCESS && isnan(d), "NaN as SQL_C_DOUBLE");
	}

	/* SQL_C_NUMERIC: precision and scale of the column, 16-byte
	 * little-endian magnitude. */
	{
		SQL_NUMERIC_STRUCT ns;
		SQLLEN ind;
		SQLRETURN rc;
		unsigned __int128 mag = 0;

		memset(&ns, 0xaa, sizeof(ns));
		rc = get("c_num", 1, SQL_C_NUMERIC, &ns, sizeof(ns), &ind);
		for (int i = 15; i >= 0; i--)
			mag = mag << 8 | ns.val[i];
		t_ok(rc == SQL_SUCCESS && ns.precision == 20 && ns.scale == 4 && ns.sign == 0 &&
			 mag == (unsigned __int128) 12345678901234567891ULL && ind == sizeof(ns),
			 "c_num row 1 as SQL_C_NUMERIC: precision %d scale %d sign %d", ns.precision, ns.scale, ns.sign);
		rc = get("c_int4", 2, SQL_C_NUMERIC, &ns, sizeof(ns), &ind);
		mag = 0;
		for (int i = 15; i >= 0; i--)
			mag = mag << 8 | ns.val[i];
		t_ok(rc == SQL_SUCCESS && ns.scale == 0 && ns.sign == 1 && mag == 2147483647,
			 "c_int4 row 2 as SQL_C_NUMERIC");
	}
	expect_error("c_date", 1, SQL_C_SLONG, "07006");
	expect_error("c_interval", 1, SQL_C_DOUBLE, "07006");
	expect_error("c_uuid", 1, SQL_C_SLONG, "07006");
	expect_error("c_bytea", 1, SQL_C_SLONG, "07006");
}

static void
test_datetimes(void)
{
	SQL_DATE_STRUCT d;
	SQL_TIME_STRUCT t;
	SQL_TIMESTAMP_STRUCT ts;
	SQLLEN ind;
	SQLRETURN rc;

	rc = get("c_date", 1, SQL_C_TYPE_DATE, &d, 0, &ind);
	t_ok(rc == SQL_SUCCESS && d.year == 2024 && d.month == 2 && d.day == 29 && ind == sizeof(d),
		 "c_date as SQL_C_TYPE_DATE 2024-02-29");
	rc = get("c_date", 1, SQL_C_DATE, &d, 0, &ind);
	t_ok(rc == SQL_SUCCESS && d.day == 29, "c_date as ODBC 2 SQL_C_DATE");
	rc = get("c_date", 1, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind);
	t_ok(rc == SQL_SUCCESS && ts.year == 2024 && ts.hour == 0 && ts.fraction == 0,
		 "c_date as SQL_C_TYPE_TIMESTAMP at midnight");
	rc = get("c_time", 1, SQL_C_TYPE_TIME, &t, 0, &ind);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t.hour == 13 && t.minute == 45 && t.second == 30 &&
		 t_has_state(SQL_HANDLE_STMT, st, "01S07"), "c_time as SQL_C_TYPE_TIME drops the fraction: 01S07");
	rc = get("c_time", 2, SQL_C_TIME, &t, 0, &ind);
	t_ok(rc == SQL_SUCCESS && t.hour == 0 && t.second == 0, "00:00:00 as SQL_C_TIME");
	rc = get("c_ts", 1, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind);
	t_ok(rc == SQL_SUCCESS && ts.year == 2024 && ts.month == 2 && ts.day == 29 && ts.hour == 13 &&
		 ts.minute == 45 && ts.second == 30 && ts.fraction == 500000000 && ind == sizeof(ts),
		 "c_ts as SQL_C_TYPE_TIMESTAMP, fraction in nanoseconds (%u)", (unsigned) ts.fraction);
	rc = get("c_ts", 1, SQL_C_TIMESTAMP, &ts, 0, &ind);
	t_ok(rc == SQL_SUCCESS && ts.fraction == 500000000, "c_ts as ODBC 2 SQL_C_TIMESTAMP");
	rc = get("c_ts", 1, SQL_C_TYPE_DATE, &d, 0, &ind);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && d.day == 29 && t_has_state(SQL_HANDLE_STMT, st, "01S07"),
		 "c_ts as SQL_C_TYPE_DATE drops the time: 01S07");
	rc = get("c_ts", 1, SQL_C_TYPE_TIME, &t, 0, &ind);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t.hour == 13 && t.second == 30, "c_ts as SQL_C_TYPE_TIME");
	rc = get("c_tstz", 1, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind);
	t_ok(rc == SQL_SUCCESS && ts.day == 29 && ts.hour == 13 && ts.minute == 45,
		 "c_tstz as SQL_C_TYPE_TIMESTAMP in UTC (%02d:%02d)", ts.hour, ts.minute);
	expect_error("c_ts", 2, SQL_C_TYPE_TIMESTAMP, "22008");
	expect_error("c_date", 1, SQL_C_TYPE_TIME, "07006");
	expect_error("c_int4", 1, SQL_C_TYPE_DATE, "07006");
	expect_error("c_varchar", 1, SQL_C_TYPE_DATE, "22018");
}

/* Runs sql and reads its first value as ctype (SQL_ERROR on any earlier
 * failure). */
static SQLRETURN
get_sql(const char *sql, SQLSMALLINT ctype, void *buf, SQLLEN buflen, SQLLEN *ind)
{
	SQLFreeStmt(st, SQL_CLOSE);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS)) || !SQL_SUCCEEDED(SQLFetch(st)))
	{
		t_diag(SQL_HANDLE_STMT, st);
		return SQL_ERROR;
	}
	return SQLGetData(st, 1, ctype, buf, buflen, ind);
}

/*
 * Years beyond the structures' SQLSMALLINT (PostgreSQL's dates reach
 * 5874897, timestamps 294276) and infinities: 22008, never a wrapped year;
 * as text they read fine.  Through the warehouse (its own result) and
 * through fedq's executor (a query on an external table).
 */
static void
test_big_years(void)
{
	static const struct
	{
		const char *value;
		const char *text;
		bool fits;
	} cases[] = {
		{"DATE '5874897-12-31'", "5874897-12-31", false},
		{"DATE '32768-01-01'", "32768-01-01", false},
		{"DATE '32767-12-31'", "32767-12-31", true},
		{"TIMESTAMP '294276-12-31 23:59:59'", "294276-12-31 23:59:59", false},
		{"TIMESTAMP '40000-01-01 00:00:00'", "40000-01-01 00:00:00", false},
		{"TIMESTAMP '32767-12-31 23:59:59'", "32767-12-31 23:59:59", true},
		{"DATE 'infinity'", "infinity", false},
		{"TIMESTAMP '-infinity'", "-infinity", false},
		{"TIMESTAMPTZ 'infinity'", "infinity", false},
	};

	for (int via = 0; via < 2; via++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		{
			char sql[256];
			char text[64];
			SQL_DATE_STRUCT d;
			SQL_TIMESTAMP_STRUCT ts;
			SQLLEN ind;
			SQLRETURN rc;
			const char *where = via == 0 ? "the warehouse" : "fedq";

			snprintf(sql, sizeof(sql), via == 0 ? "SELECT %s" : "SELECT %s FROM rds.alltypes WHERE id = 1",
					 cases[i].value);
			rc = get_sql(sql, SQL_C_CHAR, text, sizeof(text), &ind);
			t_ok(rc == SQL_SUCCESS && strcmp(text, cases[i].text) == 0,
				 "%s from %s as SQL_C_CHAR: %s", cases[i].value, where, rc == SQL_SUCCESS ? text : "?");
			memset(&ts, 0, sizeof(ts));
			rc = get_sql(sql, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind);
			if (cases[i].fits)
				t_ok(rc == SQL_SUCCESS && ts.year == 32767 && ts.month == 12 && ts.day == 31,
					 "%s from %s as SQL_C_TYPE_TIMESTAMP: year %d", cases[i].value, where, ts.year);
			else
			{
				t_fails(rc, SQL_HANDLE_STMT, st, "22008", cases[i].value);
				t_ok(strstr(t_message(SQL_HANDLE_STMT, st), "SQL_C_CHAR") != NULL,
					 "  the message says to read it as text: %s", t_message(SQL_HANDLE_STMT, st));
			}
			memset(&d, 0, sizeof(d));
			rc = get_sql(sql, SQL_C_TYPE_DATE, &d, 0, &ind);
			if (cases[i].fits)
				t_ok(SQL_SUCCEEDED(rc) && d.year == 32767 && d.month == 12 && d.day == 31,
					 "%s from %s as SQL_C_TYPE_DATE: year %d", cases[i].value, where, d.year);
			else
				t_fails(rc, SQL_HANDLE_STMT, st, "22008", cases[i].value);
		}
	SQLFreeStmt(st, SQL_CLOSE);
}

static void
test_guid_binary(void)
{
	SQLGUID g;
	unsigned char b[64];
	SQLLEN ind;
	SQLRETURN rc;
	static const unsigned char uuid[16] = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8,
										   0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};

	rc = get("c_uuid", 1, SQL_C_GUID, &g, 0, &ind);
	t_ok(rc == SQL_SUCCESS && g.Data1 == 0xa0eebc99 && g.Data2 == 0x9c0b && g.Data3 == 0x4ef8 &&
		 memcmp(g.Data4, uuid + 8, 8) == 0 && ind == sizeof(g), "c_uuid as SQL_C_GUID");
	rc = get("c_uuid", 1, SQL_C_BINARY, b, sizeof(b), &ind);
	t_ok(rc == SQL_SUCCESS && ind == 16 && memcmp(b, uuid, 16) == 0, "c_uuid as SQL_C_BINARY: 16 bytes");
	rc = get("c_bytea", 1, SQL_C_BINARY, b, sizeof(b), &ind);
	t_ok(rc == SQL_SUCCESS && ind == 3 && b[0] == 0 && b[1] == 0xff && b[2] == 0x10,
		 "c_bytea as SQL_C_BINARY: 00 ff 10");
	rc = get("c_bytea", 2, SQL_C_BINARY, b, sizeof(b), &ind);
	t_ok(rc == SQL_SUCCESS && ind == 0, "empty bytea: length 0");
	rc = get("c_text", 1, SQL_C_BINARY, b, sizeof(b), &ind);
	t_ok(rc == SQL_SUCCESS && ind == 12 && memcmp(b, "long text \xc3\xa9", 12) == 0,
		 "c_text as SQL_C_BINARY: its UTF-8 bytes");
	rc = get("c_int4", 2, SQL_C_BINARY, b, sizeof(b), &ind);
	t_ok(rc == SQL_SUCCESS && ind == 10 && memcmp(b, "2147483647", 10) == 0,
		 "c_int4 as SQL_C_BINARY: its text");
	rc = get("c_bytea", 1, SQL_C_BINARY, b, 2, &ind);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && ind == 3 && b[1] == 0xff, "bytea into 2 bytes: 01004");
	expect_error("c_int4", 1, SQL_C_GUID, "07006");
}

static void
test_nulls(void)
{
	static const char *cols[] = {"c_bool", "c_int2", "c_int4", "c_int8", "c_num", "c_numu", "c_real",
								 "c_double", "c_char", "c_varchar", "c_text", "c_date", "c_time",
								 "c_ts", "c_tstz", "c_interval", "c_uuid", "c_bytea", "c_jsonb",
								 "c_intarr", "c_inet", "c_mood"};
	int ok = 0;

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
	{
		char buf[64];
		SQLLEN ind = 0;

		if (get(cols[i], 3, SQL_C_DEFAULT, buf, sizeof(buf), &ind) == SQL_SUCCESS && ind == SQL_NULL_DATA)
			ok++;
		else
			printf("#   %s row 3 is not NULL\n", cols[i]);
	}
	t_ok(ok == (int) (sizeof(cols) / sizeof(cols[0])), "row 3 is NULL in every column (SQL_C_DEFAULT)");
	{
		SQLINTEGER v;

		t_fails(get("c_int4", 3, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st, "22002",
				"a NULL read without an indicator");
	}
}

/* SQL_C_DEFAULT gives each type's default C type. */
static void
test_default(void)
{
	SQLINTEGER i = 0;
	SQLSMALLINT s = 0;
	SQLBIGINT b = 0;
	SQLDOUBLE d = 0;
	SQL_DATE_STRUCT date;
	char text[64];
	SQLLEN ind;

	t_ok(get("c_int4", 2, SQL_C_DEFAULT, &i, 0, &ind) == SQL_SUCCESS && i == 2147483647 && ind == 4,
		 "integer SQL_C_DEFAULT is SQL_C_SLONG");
	t_ok(get("c_int2", 2, SQL_C_DEFAULT, &s, 0, &ind) == SQL_SUCCESS && s == 32767 && ind == 2,
		 "smallint SQL_C_DEFAULT is SQL_C_SSHORT");
	t_ok(get("c_int8", 2, SQL_C_DEFAULT, &b, 0, &ind) == SQL_SUCCESS && b == INT64_MAX && ind == 8,
		 "bigint SQL_C_DEFAULT is SQL_C_SBIGINT");
	t_ok(get("c_double", 1, SQL_C_DEFAULT, &d, 0, &ind) == SQL_SUCCESS && d == -2.25 && ind == 8,
		 "double SQL_C_DEFAULT is SQL_C_DOUBLE");
	t_ok(get("c_date", 1, SQL_C_DEFAULT, &date, 0, &ind) == SQL_SUCCESS && date.month == 2 && ind == 6,
		 "date SQL_C_DEFAULT is SQL_C_TYPE_DATE");
	t_ok(get("c_num", 1, SQL_C_DEFAULT, text, sizeof(text), &ind) == SQL_SUCCESS &&
		 strcmp(text, "-1234567890123456.7891") == 0, "numeric SQL_C_DEFAULT is SQL_C_CHAR");
}

/* A whole row bound as text in one fetch. */
static void
test_bound_row(void)
{
	char vals[6][64];
	SQLLEN ind[6];
	SQLRETURN rc;

	SQLFreeStmt(st, SQL_CLOSE);
	for (int i = 0; i < 6; i++)
		SQLBindCol(st, (SQLUSMALLINT) (i + 1), SQL_C_CHAR, vals[i], sizeof(vals[i]), &ind[i]);
	rc = SQLExecDirect(st, (SQLCHAR *) "SELECT c_bool, c_num, c_date, c_uuid, c_bytea, c_interval "
					   "FROM rds.alltypes ORDER BY id", SQL_NTS);
	t_rc(rc, SQL_HANDLE_STMT, st, "bound query");
	rc = SQLFetch(st);
	t_ok(rc == SQL_SUCCESS && strcmp(vals[0], "1") == 0 && strcmp(vals[1], "-1234567890123456.7891") == 0 &&
		 strcmp(vals[2], "2024-02-29") == 0 && strcmp(vals[3], "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11") == 0 &&
		 strcmp(vals[4], "00ff10") == 0 && strcmp(vals[5], "1 year 2 mons 3 days 04:05:06") == 0,
		 "row 1 bound as text");
	SQLFetch(st);
	rc = SQLFetch(st);
	t_ok(rc == SQL_SUCCESS && ind[0] == SQL_NULL_DATA && ind[5] == SQL_NULL_DATA, "row 3 bound: NULLs");
	SQLFreeStmt(st, SQL_UNBIND);
	SQLFreeStmt(st, SQL_CLOSE);
}

int
main(void)
{
	SQLHENV env;

	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	st = t_stmt(dbc);
	test_describe();
	test_text();
	test_numbers();
	test_datetimes();
	test_big_years();
	test_guid_binary();
	test_nulls();
	test_default();
	test_bound_row();
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	t_disconnect(env, dbc);
	return t_done();
}
