/*
 * odbcutil.h — connecting and reporting errors, for the benchmark's ODBC
 * clients (odbc_scan, odbc_catalog).
 *
 * An error is printed on stdout as one line that bench/run parses:
 *   error sqlstate=0A000 step=execute msg=<first diagnostic, one line>
 * and the program exits with status 3.  Any other exit status than 0 and 3
 * means the program itself failed (bad arguments, out of memory).
 */
#ifndef ODBCUTIL_H
#define ODBCUTIL_H

#include <sql.h>
#include <sqlext.h>

#define BENCH_EXIT_SQLERROR 3

/* Allocates an ODBC 3 environment and connection and connects. */
extern void bench_connect(const char *connstr, SQLHENV *env, SQLHDBC *dbc);
extern void bench_disconnect(SQLHENV env, SQLHDBC dbc);

/* Checks an ODBC return code; on error prints the diagnostics and exits
 * (after the time limit: bench_timeout_exit, status 124). */
extern void bench_check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h,
						const char *step);

/*
 * The time limit (benchutil.h): bench_odbc_watchdog starts it, first
 * thing in main; when it passes, the statement bench_odbc_watch named is
 * cancelled with SQLCancel from the watchdog's thread (the driver then
 * cancels it at the server: psqlODBC sends a cancel request, fedq cancels
 * its remote queries).  bench_odbc_watch(SQL_NULL_HSTMT) before freeing
 * the statement.  Between calls, a client loop asks bench_timed_out() and
 * ends with bench_odbc_timeout(st), which closes the cursor first.
 */
extern void bench_odbc_watchdog(void);
extern void bench_odbc_watch(SQLHSTMT st);
extern void bench_odbc_timeout(SQLHSTMT st) __attribute__((noreturn));

#endif /* ODBCUTIL_H */
