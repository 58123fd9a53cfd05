/*
 * types_int.h — helpers shared by the files of engine/types/ and nothing
 * else.
 *
 * The driver runs inside applications that may call setlocale(), which
 * changes the decimal point strtod() and printf() use.  SQL text always
 * uses '.', so float conversions go through these helpers.
 */
#ifndef FQ_TYPES_INT_H
#define FQ_TYPES_INT_H

#include <stdint.h>

/*
 * Supported ranges, as PostgreSQL's: dates from 4714-11-24 BC (Julian day
 * 0) to 5874897-12-31, timestamps from 4714-11-24 BC 00:00 up to but
 * excluding 294277-01-01 00:00.  *_END values are exclusive.
 */
#define FQ_DATE_MIN_DAYS (-2451545)
#define FQ_DATE_END_DAYS 2145031949
#define FQ_TIMESTAMP_MIN_USECS INT64_C(-211813488000000000)
#define FQ_TIMESTAMP_END_USECS INT64_C(9223371331200000000)
/* Year limits of those ranges (year 0 = 1 BC). */
#define FQ_DATE_MIN_YEAR (-4713)
#define FQ_DATE_MAX_YEAR 5874897
#define FQ_TIMESTAMP_MAX_YEAR 294276

/* Most significant digits a double needs to round-trip. */
#define FQ_FLOAT_MAX_DIGITS 17

/* strtod()/strtof() in the "C" locale, whatever the process's locale. */
double fq_types_strtod(const char *s, char **end);
float fq_types_strtof(const char *s, char **end);

/*
 * Rounds |d| (finite) to ndigits (1..FQ_FLOAT_MAX_DIGITS) significant
 * decimal digits, correctly rounded.  Writes them NUL-terminated to
 * `digits` (ndigits + 1 bytes) and returns the decimal exponent of the
 * first: 1234.5 with 3 digits gives "123" and 3.  Zero gives zeros and 0.
 */
int fq_types_float_digits(double d, int ndigits, char *digits);

/* Days since 2000-01-01 of any proleptic Gregorian date, without range
 * checks (64-bit, so it cannot overflow for int years). */
int64_t fq_types_days_from_civil(int64_t year, int month, int day);
/* Days in a month of a year (year 0 = 1 BC, a leap year). */
int fq_types_month_days(int64_t year, int month);

#endif
