/*
 * fetch.c — getting rows out: bound column arrays (column-wise and
 * row-wise, with bind offsets, rows-fetched and row-status arrays), the
 * 1000 remote orders in one fetch, rowsets that do not divide the result,
 * and SQLGetData reading long values in pieces (CHAR, WCHAR, BINARY) that
 * continue where the last piece stopped and end with SQL_NO_DATA.
 */
#include "odbctest.h"

#define NORDERS 1000

static SQLHENV env;
static SQLHDBC dbc;

/* The order date of order i: 2024-01-01 + (i*13) % 366 days (2024 is a
 * leap year, so the dates stay in 2024). */
static void
order_date(long i, int *month, int *day)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int doy = (int) ((i * 13) % 366);
	int m = 0;

	while (doy >= mdays[m])
		doy -= mdays[m++];
	*month = m + 1;
	*day = doy + 1;
}

static long
parse_cents(const char *s)
{
	long whole = 0, frac = 0;

	sscanf(s, "%ld.%ld", &whole, &frac);
	return whole * 100 + frac;
}

/* Checks row values of order `id`; returns false (and says why) when wrong. */
static bool
check_order(long id, SQLINTEGER got_id, const char *total, const char *status,
			const SQL_DATE_STRUCT *date, const char *comment, SQLLEN comment_ind)
{
	int m, d;
	char want_comment[64];
	const char *want_status = id % 3 == 0 ? "F" : id % 3 == 1 ? "O" : "P";

	order_date(id, &m, &d);
	snprintf(want_comment, sizeof(want_comment), "comment for order %ld", id);
	if (got_id != id || parse_cents(total) != t_order_total_cents(id) ||
		strcmp(status, want_status) != 0 || date->year != 2024 || date->month != m ||
		date->day != d ||
		(id % 17 == 0 ? comment_ind != SQL_NULL_DATA :
		 (comment_ind != (SQLLEN) strlen(want_comment) || strcmp(comment, want_comment) != 0)))
	{
		printf("#   order %ld: got %d %s %s %d-%d-%d '%s' (%ld)\n", id, (int) got_id, total, status,
			   date->year, date->month, date->day, comment_ind == SQL_NULL_DATA ? "NULL" : comment,
			   (long) comment_ind);
		return false;
	}
	return true;
}

static const char *orders_sql =
	"SELECT o_id, o_total, o_status, o_orderdate, o_comment FROM rds.orders ORDER BY o_id";

static void
test_column_wise(void)
{
	static SQLINTEGER ids[NORDERS];
	static SQLLEN id_ind[NORDERS];
	static char totals[NORDERS][16];
	static SQLLEN total_ind[NORDERS];
	static char status[NORDERS][2];
	static SQLLEN status_ind[NORDERS];
	static SQL_DATE_STRUCT dates[NORDERS];
	static SQLLEN date_ind[NORDERS];
	static char comments[NORDERS][80];
	static SQLLEN comment_ind[NORDERS];
	static SQLUSMALLINT rowstatus[NORDERS];
	SQLULEN fetched = 0;
	SQLHSTMT st = t_stmt(dbc);
	long sum_ids = 0, sum_cents = 0, want_cents = 0;
	bool rows_ok = true;

	SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, (SQLPOINTER) SQL_BIND_BY_COLUMN, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) NORDERS, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, rowstatus, 0);
	t_rc(SQLPrepare(st, (SQLCHAR *) orders_sql, SQL_NTS), SQL_HANDLE_STMT, st, "prepare the orders query");
	SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, id_ind);
	SQLBindCol(st, 2, SQL_C_CHAR, totals, sizeof(totals[0]), total_ind);
	SQLBindCol(st, 3, SQL_C_CHAR, status, sizeof(status[0]), status_ind);
	SQLBindCol(st, 4, SQL_C_TYPE_DATE, dates, 0, date_ind);
	SQLBindCol(st, 5, SQL_C_CHAR, comments, sizeof(comments[0]), comment_ind);
	t_rc(SQLExecute(st), SQL_HANDLE_STMT, st, "execute");
	t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "fetch 1000 rows at once (column-wise)");
	t_ok(fetched == NORDERS, "rows fetched: %lu", (unsigned long) fetched);
	for (long i = 0; i < (long) fetched && i < NORDERS; i++)
	{
		sum_ids += ids[i];
		sum_cents += parse_cents(totals[i]);
		if (rowstatus[i] != SQL_ROW_SUCCESS ||
			!check_order(i + 1, ids[i], totals[i], status[i], &dates[i], comments[i], comment_ind[i]))
			rows_ok = false;
	}
	for (long i = 1; i <= NORDERS; i++)
		want_cents += t_order_total_cents(i);
	t_ok(rows_ok, "every row has the fixture's values");
	t_ok(sum_ids == 500500, "sum of o_id = 500500 (%ld)", sum_ids);
	t_ok(sum_cents == want_cents, "sum of o_total = %ld.%02ld (%ld cents)", want_cents / 100,
		 want_cents % 100, sum_cents);
	t_ok(id_ind[0] == sizeof(SQLINTEGER) && date_ind[0] == sizeof(SQL_DATE_STRUCT),
		 "fixed-size indicators are the C sizes");
	fetched = 77;
	t_ok(SQLFetch(st) == SQL_NO_DATA, "then SQL_NO_DATA");
	t_ok(fetched == 0, "with 0 rows fetched (%lu)", (unsigned long) fetched);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

typedef struct order_row
{
	SQLINTEGER id;
	SQLLEN id_ind;
	char total[16];
	SQLLEN total_ind;
	char status[2];
	SQLLEN status_ind;
	SQL_DATE_STRUCT date;
	SQLLEN date_ind;
	char comment[80];
	SQLLEN comment_ind;
} order_row;

static void
bind_rows(SQLHSTMT st, order_row *r)
{
	SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, (SQLPOINTER) sizeof(order_row), 0);
	SQLBindCol(st, 1, SQL_C_SLONG, &r->id, 0, &r->id_ind);
	SQLBindCol(st, 2, SQL_C_CHAR, r->total, sizeof(r->total), &r->total_ind);
	SQLBindCol(st, 3, SQL_C_CHAR, r->status, sizeof(r->status), &r->status_ind);
	SQLBindCol(st, 4, SQL_C_TYPE_DATE, &r->date, 0, &r->date_ind);
	SQLBindCol(st, 5, SQL_C_CHAR, r->comment, sizeof(r->comment), &r->comment_ind);
}

static void
test_row_wise(void)
{
	static order_row rows[NORDERS];
	SQLULEN fetched = 0;
	SQLHSTMT st = t_stmt(dbc);
	long sum_ids = 0;
	bool ok = true;

	SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) NORDERS, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
	bind_rows(st, rows);
	t_ok(t_exec(st, orders_sql), "execute the orders query");
	t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "fetch 1000 rows at once (row-wise)");
	t_ok(fetched == NORDERS, "rows fetched: %lu", (unsigned long) fetched);
	for (long i = 0; i < (long) fetched && i < NORDERS; i++)
	{
		sum_ids += rows[i].id;
		if (!check_order(i + 1, rows[i].id, rows[i].total, rows[i].status, &rows[i].date,
						 rows[i].comment, rows[i].comment_ind))
			ok = false;
	}
	t_ok(ok && sum_ids == 500500, "row-wise rows are right (sum of ids %ld)", sum_ids);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Rowsets of 7 rows through a bind offset that walks a 1000-row array. */
static void
test_offsets(void)
{
	static order_row rows[NORDERS + 7];
	static SQLUSMALLINT rowstatus[7];
	SQLULEN fetched = 0;
	SQLULEN offset = 0;
	SQLHSTMT st = t_stmt(dbc);
	SQLULEN total = 0;
	int fetches = 0;
	bool ok = true;
	SQLRETURN rc;

	SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 7, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, rowstatus, 0);
	SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_OFFSET_PTR, &offset, 0);
	bind_rows(st, rows);
	t_ok(t_exec(st, orders_sql), "execute the orders query");
	while ((rc = SQLFetch(st)) == SQL_SUCCESS)
	{
		total += fetched;
		fetches++;
		offset = total * sizeof(order_row);
		if (fetched < 7)
		{
			for (SQLULEN k = fetched; k < 7; k++)
				if (rowstatus[k] != SQL_ROW_NOROW)
					ok = false;
			t_ok(ok, "the short last rowset marks its unused slots SQL_ROW_NOROW");
		}
	}
	t_ok(rc == SQL_NO_DATA, "ends with SQL_NO_DATA (rc %d)", (int) rc);
	t_ok(total == NORDERS && fetches == 143, "143 rowsets of 7 rows, the last of 6 (%lu rows, %d fetches)",
		 (unsigned long) total, fetches);
	ok = true;
	for (long i = 0; i < NORDERS; i++)
		if (!check_order(i + 1, rows[i].id, rows[i].total, rows[i].status, &rows[i].date,
						 rows[i].comment, rows[i].comment_ind))
			ok = false;
	t_ok(ok, "the bind offset put each rowset after the previous one");
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/* Column-wise binding honours the offset too. */
	{
		struct
		{
			SQLINTEGER id[10];
			SQLLEN ind[10];
		} copies[2];
		SQLULEN off = sizeof(copies[0]);

		memset(copies, 0, sizeof(copies));
		st = t_stmt(dbc);
		SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER) 10, 0);
		SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_OFFSET_PTR, &off, 0);
		SQLBindCol(st, 1, SQL_C_SLONG, copies[0].id, 0, copies[0].ind);
		t_exec(st, "SELECT o_id FROM rds.orders ORDER BY o_id");
		t_rc(SQLFetch(st), SQL_HANDLE_STMT, st, "column-wise fetch with a bind offset");
		t_ok(copies[0].id[0] == 0 && copies[1].id[0] == 1 && copies[1].id[9] == 10 &&
			 copies[1].ind[9] == sizeof(SQLINTEGER),
			 "column-wise data and indicators land at the offset (%d %d %d)", (int) copies[0].id[0],
			 (int) copies[1].id[0], (int) copies[1].id[9]);
		SQLFreeHandle(SQL_HANDLE_STMT, st);
	}
}

/* Reads a long value with SQLGetData in pieces of `piece` bytes. */
static bool
read_pieces(SQLHSTMT st, SQLSMALLINT ctype, SQLLEN piece, const void *want, size_t want_len,
			const char *what)
{
	char *buf = malloc((size_t) piece);
	char *got = malloc(want_len + 64);
	size_t have = 0;
	int calls = 0;
	SQLRETURN rc;
	SQLLEN ind;
	size_t term = ctype == SQL_C_CHAR ? 1 : ctype == SQL_C_WCHAR ? sizeof(SQLWCHAR) : 0;
	bool ok = true;

	while ((rc = SQLGetData(st, 1, ctype, buf, piece, &ind)) != SQL_NO_DATA)
	{
		size_t n;

		calls++;
		if (!SQL_SUCCEEDED(rc) || calls > 10000)
		{
			t_diag(SQL_HANDLE_STMT, st);
			ok = false;
			break;
		}
		/* The indicator is what remains, this piece included. */
		if (ind != (SQLLEN) (want_len - have))
		{
			printf("#   call %d: indicator %ld, %zu bytes remain\n", calls, (long) ind, want_len - have);
			ok = false;
		}
		if (rc == SQL_SUCCESS_WITH_INFO)
		{
			n = (size_t) piece - term;
			if (ctype == SQL_C_WCHAR)
				n &= ~(size_t) 1;
			if (!t_has_state(SQL_HANDLE_STMT, st, "01004"))
				ok = false;
		}
		else
			n = (size_t) ind;
		if (have + n > want_len)
		{
			ok = false;
			break;
		}
		memcpy(got + have, buf, n);
		have += n;
	}
	t_ok(ok && have == want_len && memcmp(got, want, want_len) == 0,
		 "%s: %zu bytes in %d pieces, then SQL_NO_DATA", what, have, calls);
	t_ok(SQLGetData(st, 1, ctype, buf, piece, &ind) == SQL_NO_DATA, "%s: stays SQL_NO_DATA", what);
	free(buf);
	free(got);
	return ok;
}

static void
test_getdata_pieces(void)
{
	SQLHSTMT st = t_stmt(dbc);
	char *want = malloc(20001);
	SQLLEN ind;
	char small[8];
	SQLRETURN rc;

	/* 10,000 ASCII characters from the warehouse. */
	for (int i = 0; i < 10000; i++)
		want[i] = (char) ('0' + i % 10);
	if (t_exec(st, "SELECT repeat('0123456789', 1000)") && SQL_SUCCEEDED(SQLFetch(st)))
	{
		/* Asking the length first does not consume anything. */
		rc = SQLGetData(st, 1, SQL_C_CHAR, small, 0, &ind);
		t_ok(rc == SQL_SUCCESS_WITH_INFO && ind == 10000, "a zero-length buffer gives the length (%ld)",
			 (long) ind);
		read_pieces(st, SQL_C_CHAR, 1001, want, 10000, "SQL_C_CHAR in 1000-byte pieces");
	}
	/* Odd piece sizes. */
	if (t_exec(st, "SELECT repeat('0123456789', 1000)") && SQL_SUCCEEDED(SQLFetch(st)))
		read_pieces(st, SQL_C_CHAR, 777, want, 10000, "SQL_C_CHAR in 776-byte pieces");
	if (t_exec(st, "SELECT repeat('0123456789', 1000)") && SQL_SUCCEEDED(SQLFetch(st)))
		read_pieces(st, SQL_C_BINARY, 4096, want, 10000, "SQL_C_BINARY of text in 4096-byte pieces");

	/* Multibyte text read as UTF-16: e-acute, euro, and a character
	 * outside the BMP (a surrogate pair that may straddle two pieces). */
	{
		SQLWCHAR *w = (SQLWCHAR *) want;
		size_t n = 0;

		for (int i = 0; i < 500; i++)
		{
			w[n++] = 0xe9;
			w[n++] = 0x20ac;
			w[n++] = 0xd83d;
			w[n++] = 0xde00;
		}
		if (t_exec(st, "SELECT repeat(chr(233) || chr(8364) || chr(128512), 500)") && SQL_SUCCEEDED(SQLFetch(st)))
			read_pieces(st, SQL_C_WCHAR, 1001, want, n * sizeof(SQLWCHAR),
						"SQL_C_WCHAR in 998-byte pieces");
		if (t_exec(st, "SELECT repeat(chr(233) || chr(8364) || chr(128512), 500)") && SQL_SUCCEEDED(SQLFetch(st)))
		{
			/* The same value as UTF-8 text: 9 bytes per repetition. */
			const char *rep = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

			for (int i = 0; i < 500; i++)
				memcpy(want + 9 * i, rep, 9);
			read_pieces(st, SQL_C_CHAR, 100, want, 4500, "UTF-8 SQL_C_CHAR in 99-byte pieces");
		}
	}

	/* Binary: 6000 bytes of bytea. */
	for (int i = 0; i < 6000; i++)
		want[i] = (char) (i % 2 == 0 ? 0x00 : 0xff);
	if (t_exec(st, "SELECT decode(repeat('00ff', 3000), 'hex')") && SQL_SUCCEEDED(SQLFetch(st)))
		read_pieces(st, SQL_C_BINARY, 1000, want, 6000, "SQL_C_BINARY bytea in 1000-byte pieces");

	/* Columns in any order; SQLGetData on a bound column. */
	if (t_exec(st, "SELECT o_id, o_comment, o_status FROM rds.orders WHERE o_id = 5"))
	{
		SQLINTEGER bound = 0, id = 0;
		char c[64], s[4];

		SQLFreeStmt(st, SQL_CLOSE);
		SQLBindCol(st, 1, SQL_C_SLONG, &bound, 0, NULL);
		t_exec(st, "SELECT o_id, o_comment, o_status FROM rds.orders WHERE o_id = 5");
		SQLFetch(st);
		SQLGetData(st, 3, SQL_C_CHAR, s, sizeof(s), &ind);
		SQLGetData(st, 2, SQL_C_CHAR, c, sizeof(c), &ind);
		SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind);
		t_ok(bound == 5 && id == 5 && strcmp(c, "comment for order 5") == 0 && strcmp(s, "P") == 0,
			 "columns 3, 2, 1 in that order, column 1 also bound (%d %d '%s' '%s')", (int) bound,
			 (int) id, c, s);
		t_ok(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind) == SQL_NO_DATA,
			 "a fixed-size column read twice gives SQL_NO_DATA");
		SQLFreeStmt(st, SQL_UNBIND);
	}

	/* NULL needs an indicator. */
	if (t_exec(st, "SELECT o_comment FROM rds.orders WHERE o_id = 17") && SQL_SUCCEEDED(SQLFetch(st)))
	{
		char c[32];

		t_fails(SQLGetData(st, 1, SQL_C_CHAR, c, sizeof(c), NULL), SQL_HANDLE_STMT, st, "22002",
				"a NULL without an indicator");
		SQLFreeStmt(st, SQL_CLOSE);
		t_exec(st, "SELECT o_comment FROM rds.orders WHERE o_id = 17");
		SQLFetch(st);
		ind = 0;
		t_rc(SQLGetData(st, 1, SQL_C_CHAR, c, sizeof(c), &ind), SQL_HANDLE_STMT, st, "NULL with an indicator");
		t_ok(ind == SQL_NULL_DATA, "indicator SQL_NULL_DATA");
	}
	free(want);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* A result larger than one engine batch (2048 rows), one row at a time. */
static void
test_many_batches(void)
{
	SQLHSTMT st = t_stmt(dbc);
	SQLBIGINT id, sum = 0;
	long n = 0;

	SQLBindCol(st, 1, SQL_C_SBIGINT, &id, 0, NULL);
	if (t_exec(st, "SELECT s_id FROM public.sales"))
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			sum += id;
			n++;
		}
	t_ok(n == 2500 && sum == 2500L * 2501 / 2, "2500 warehouse rows one at a time (%ld, sum %lld)", n,
		 (long long) sum);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int
main(void)
{
	t_getenv("ODBCINI");
	t_connect(&env, &dbc, "fedq");
	if (!t_external_schema(dbc, "rds", "public"))
		return t_done();
	test_column_wise();
	test_row_wise();
	test_offsets();
	test_getdata_pieces();
	test_many_batches();
	t_disconnect(env, dbc);
	return t_done();
}
