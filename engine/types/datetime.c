/*
 * datetime.c — calendar arithmetic for DATE and TIMESTAMP: proleptic
 * Gregorian dates as days since 2000-01-01, and splitting values into parts
 * and back (the public fq_*_split / fq_*_make of fq.h).
 *
 * Years are astronomical: year 0 is 1 BC and year -1 is 2 BC, as in
 * PostgreSQL's internal representation; only the text form says "BC".
 */
#include "types/types.h"
#include "types/types_int.h"

/*
 * Counting each year from March puts the leap day at the very end of the
 * counted year.  Then a year's length depends on one leap test, month
 * lengths from March follow a fixed 153-days-per-5-months pattern, and
 * 400-year cycles of 146097 days repeat exactly.
 */
#define DAYS_PER_CYCLE 146097
/* From 0000-03-01 (day 0 of cycle 0) to 2000-01-01. */
#define MARCH0_TO_2000 730425
/* 2000-01-01 was a Saturday. */
#define DOW_2000 6

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static bool
is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
fq_types_month_days(int64_t year, int month)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return len[month - 1];
}

/* Days from the start of March-year 0 of a cycle to March-year y (0..400). */
static int64_t
cycle_days_before(int64_t y)
{
	return 365 * y + y / 4 - y / 100 + y / 400;
}

/* Days from March 1 to the first day of a month counted from March (0..11). */
static int
march_days_before(int mar)
{
	return (153 * mar + 2) / 5;
}

int64_t
fq_types_days_from_civil(int64_t year, int month, int day)
{
	/* January and February belong to the previous March-year. */
	int64_t y = year - (month <= 2 ? 1 : 0);
	int mar = month >= 3 ? month - 3 : month + 9;
	int64_t cycle = floor_div(y, 400);
	int64_t in_cycle = y - cycle * 400;

	return cycle * DAYS_PER_CYCLE + cycle_days_before(in_cycle) +
		march_days_before(mar) + (day - 1) - MARCH0_TO_2000;
}

int32_t
fq_date_from_ymd(int year, int month, int day)
{
	int64_t days = fq_types_days_from_civil(year, month, day);

	/* Only valid dates have a meaning; keep the rest off the infinities. */
	if (days <= INT32_MIN)
		return INT32_MIN + 1;
	if (days >= INT32_MAX)
		return INT32_MAX - 1;
	return (int32_t) days;
}

void
fq_date_to_ymd(int32_t days, int *year, int *month, int *day)
{
	int64_t n = (int64_t) days + MARCH0_TO_2000;
	int64_t cycle = floor_div(n, DAYS_PER_CYCLE);
	int64_t in_cycle = n - cycle * DAYS_PER_CYCLE; /* 0..146096 */
	int64_t y = in_cycle / 365;
	int64_t doy;
	int mar;

	/*
	 * Dividing by 365 ignores the leap days before the year, at most 97,
	 * so the estimate is either right or one too high.
	 */
	if (cycle_days_before(y) > in_cycle)
		y--;
	doy = in_cycle - cycle_days_before(y);
	/* Inverse of march_days_before: which month holds day doy. */
	mar = (int) ((5 * doy + 2) / 153);
	*day = (int) (doy - march_days_before(mar)) + 1;
	*month = mar < 10 ? mar + 3 : mar - 9;
	*year = (int) (cycle * 400 + y + (*month <= 2 ? 1 : 0));
}

bool
fq_date_valid(int year, int month, int day)
{
	int64_t days;

	if (month < 1 || month > 12 || day < 1 ||
		day > fq_types_month_days(year, month))
		return false;
	if (year < FQ_DATE_MIN_YEAR || year > FQ_DATE_MAX_YEAR)
		return false;
	days = fq_types_days_from_civil(year, month, day);
	return days >= FQ_DATE_MIN_DAYS && days < FQ_DATE_END_DAYS;
}

int
fq_date_dow(int32_t days)
{
	return (int) (((int64_t) days % 7 + 7 + DOW_2000) % 7);
}

int
fq_date_split(int32_t days, fq_timestamp_parts *out)
{
	if (days == FQ_DATE_NEG_INFINITY || days == FQ_DATE_POS_INFINITY)
		return FQ_ERROR;
	fq_date_to_ymd(days, &out->year, &out->month, &out->day);
	out->hour = 0;
	out->minute = 0;
	out->second = 0;
	out->usec = 0;
	return FQ_OK;
}

void
fq_time_split(int64_t usecs, fq_timestamp_parts *out)
{
	out->year = 0;
	out->month = 0;
	out->day = 0;
	out->hour = (int) (usecs / (3600 * FQ_USECS_PER_SEC));
	usecs -= (int64_t) out->hour * 3600 * FQ_USECS_PER_SEC;
	out->minute = (int) (usecs / (60 * FQ_USECS_PER_SEC));
	usecs -= (int64_t) out->minute * 60 * FQ_USECS_PER_SEC;
	out->second = (int) (usecs / FQ_USECS_PER_SEC);
	out->usec = (int) (usecs % FQ_USECS_PER_SEC);
}

int
fq_timestamp_split(int64_t usecs, fq_timestamp_parts *out)
{
	int64_t days;
	int64_t tod;

	if (usecs == FQ_TIMESTAMP_NEG_INFINITY || usecs == FQ_TIMESTAMP_POS_INFINITY)
		return FQ_ERROR;
	days = floor_div(usecs, FQ_USECS_PER_DAY);
	tod = usecs - days * FQ_USECS_PER_DAY;
	fq_time_split(tod, out);
	fq_date_to_ymd((int32_t) days, &out->year, &out->month, &out->day);
	return FQ_OK;
}

int
fq_date_make(const fq_timestamp_parts *p, int32_t *days)
{
	if (!fq_date_valid(p->year, p->month, p->day))
		return FQ_ERROR;
	*days = fq_date_from_ymd(p->year, p->month, p->day);
	return FQ_OK;
}

int
fq_timestamp_make(const fq_timestamp_parts *p, int64_t *usecs)
{
	int32_t days;
	int64_t v;

	if (!fq_date_valid(p->year, p->month, p->day))
		return FQ_ERROR;
	if (p->hour < 0 || p->hour > 23 || p->minute < 0 || p->minute > 59 ||
		p->second < 0 || p->second > 59 || p->usec < 0 ||
		p->usec >= FQ_USECS_PER_SEC)
		return FQ_ERROR;
	/* Dates reach further than timestamps: check before multiplying. */
	days = fq_date_from_ymd(p->year, p->month, p->day);
	if (days >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY)
		return FQ_ERROR;
	v = (int64_t) days * FQ_USECS_PER_DAY;
	v += ((int64_t) p->hour * 3600 + p->minute * 60 + p->second) * FQ_USECS_PER_SEC +
		p->usec;
	if (v >= FQ_TIMESTAMP_END_USECS)
		return FQ_ERROR;
	*usecs = v;
	return FQ_OK;
}
