/*
 * datetime.c — the date and time functions (func.h): extract() and
 * date_part() with PostgreSQL 14's fields, date_trunc().  fedq's sessions
 * are in UTC, so a timestamptz splits into fields as a timestamp does.
 */
#include "func/func.h"
#include "func/support.h"

#include "plan/expr.h"
#include "types/types.h"
#include "types/types_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FN(...) {.family = FQ_FAMILY_DATETIME, __VA_ARGS__}


/*
 * extract() and date_part() as PostgreSQL 15 computes them.  extract gives
 * NUMERIC, exact: whole fields, seconds with 6 places, milliseconds with 3,
 * the epoch of a timestamp with 6; date_part gives DOUBLE PRECISION by
 * PostgreSQL's own float formulas.  An infinite input gives ±Infinity for
 * the fields that grow with time (year, decade, century, millennium,
 * julian, isoyear, epoch) and NULL for the others.  Each type knows its own
 * fields: extract(hour FROM date) is 0A000, as there.
 */
typedef struct part
{
	fq_int128 v;   /* the exact result is v / 10^scale */
	int scale;
	double f;      /* date_part's result */
	bool has_f;    /* f was computed by its own formula */
	int inf;       /* +1/-1: an infinity; 2: NULL */
	int64_t tod;   /* scale -1 (julian of a timestamp): add tod / 86400000000;
					* scale -2: v / 10^6 by numeric division, rounded to 6 */
} part;

static void
part_int(part *r, int64_t v)
{
	r->v = v;
	r->scale = 0;
}

static void
part_frac(part *r, fq_int128 v, int scale, double f)
{
	r->v = v;
	r->scale = scale;
	r->f = f;
	r->has_f = true;
}

static bool
field_is(const char *field, const char *name)
{
	return strcmp(field, name) == 0;
}

/* Fields that grow with time: infinite at an infinite input. */
static bool
monotonic_field(const char *field)
{
	return field_is(field, "year") || field_is(field, "decade") || field_is(field, "century") ||
		field_is(field, "millennium") || field_is(field, "julian") || field_is(field, "isoyear") ||
		field_is(field, "epoch");
}

/* ISO 8601 week and year of a day (days since 2000-01-01), as PostgreSQL's
 * date2isoweek/date2isoyear: the week holding the year's first Thursday is
 * week 1. */
static void
iso_week(int32_t days, int *week, int *year)
{
	int dow = fq_date_dow(days);
	int isodow = dow == 0 ? 7 : dow;
	int32_t thursday = days - isodow + 4;
	int ty;
	int tm;
	int td;

	fq_date_to_ymd(thursday, &ty, &tm, &td);
	*week = (thursday - fq_date_from_ymd(ty, 1, 1)) / 7 + 1;
	*year = ty;
}

/* The calendar fields shared by dates and timestamps; false: not one. */
static bool
calendar_part(const char *field, const fq_timestamp_parts *p, int32_t days, part *r)
{
	int y = p->year; /* 1 BC is 0 */

	if (field_is(field, "day"))
		part_int(r, p->day);
	else if (field_is(field, "month"))
		part_int(r, p->month);
	else if (field_is(field, "quarter"))
		part_int(r, (p->month - 1) / 3 + 1);
	else if (field_is(field, "year"))
		part_int(r, y > 0 ? y : y - 1);
	else if (field_is(field, "decade"))
		part_int(r, y >= 0 ? y / 10 : -((8 - (y - 1)) / 10));
	else if (field_is(field, "century"))
		part_int(r, y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100));
	else if (field_is(field, "millennium"))
		part_int(r, y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000));
	else if (field_is(field, "dow") || field_is(field, "isodow"))
	{
		int dow = fq_date_dow(days);

		part_int(r, field_is(field, "isodow") && dow == 0 ? 7 : dow);
	}
	else if (field_is(field, "doy"))
		part_int(r, days - fq_date_from_ymd(y, 1, 1) + 1);
	else if (field_is(field, "week") || field_is(field, "isoyear"))
	{
		int week;
		int iy;

		iso_week(days, &week, &iy);
		part_int(r, field_is(field, "week") ? week : iy > 0 ? iy : iy - 1);
	}
	else
		return false;
	return true;
}

/* Seconds, milliseconds and microseconds of a time of day or interval. */
static bool
seconds_part(const char *field, int64_t sec, int64_t fsec, part *r)
{
	if (field_is(field, "microseconds"))
		part_int(r, sec * 1000000 + fsec);
	else if (field_is(field, "milliseconds"))
		part_frac(r, sec * 1000000 + fsec, 3, (double) sec * 1000.0 + (double) fsec / 1000.0);
	else if (field_is(field, "second"))
		part_frac(r, sec * 1000000 + fsec, 6, (double) sec + (double) fsec / 1000000.0);
	else
		return false;
	return true;
}

static int
unit_unsupported(fq_fn_ctx *x, const char *field, fq_type_id t)
{
	return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "unit \"%s\" not supported for type %s",
					field, fq_type_name(t));
}

static int
datetime_part(fq_fn_ctx *x, const char *field, const fq_value *v, part *r)
{
	fq_timestamp_parts p;

	memset(r, 0, sizeof(*r));
	switch (v->type.id)
	{
		case FQ_T_DATE:
			{
				int32_t days = (int32_t) v->v.i;

				if (days == FQ_DATE_NEG_INFINITY || days == FQ_DATE_POS_INFINITY)
				{
					if (!monotonic_field(field) && !calendar_part(field, &(fq_timestamp_parts){0}, 0, r))
						return unit_unsupported(x, field, FQ_T_DATE);
					r->inf = monotonic_field(field) ? (days == FQ_DATE_POS_INFINITY ? 1 : -1) : 2;
					return FQ_OK;
				}
				fq_date_split(days, &p);
				if (field_is(field, "julian"))
					part_int(r, (int64_t) days + 2451545);
				else if (field_is(field, "epoch"))
					part_int(r, ((int64_t) days + 10957) * 86400);
				else if (!calendar_part(field, &p, days, r))
					return unit_unsupported(x, field, FQ_T_DATE);
				return FQ_OK;
			}
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			{
				int64_t ts = v->v.i;
				int32_t days;

				if (ts == FQ_TIMESTAMP_NEG_INFINITY || ts == FQ_TIMESTAMP_POS_INFINITY)
				{
					r->inf = monotonic_field(field) ? (ts == FQ_TIMESTAMP_POS_INFINITY ? 1 : -1) : 2;
					return FQ_OK;
				}
				if (fq_timestamp_split(ts, &p) < 0)
					return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
				days = fq_date_from_ymd(p.year, p.month, p.day);
				if (seconds_part(field, p.second, p.usec, r) || calendar_part(field, &p, days, r))
					return FQ_OK;
				if (field_is(field, "minute"))
					part_int(r, p.minute);
				else if (field_is(field, "hour"))
					part_int(r, p.hour);
				else if (field_is(field, "julian"))
				{
					/* the day plus the part of it gone, which extract adds
					 * as a numeric quotient */
					r->v = (int64_t) days + 2451545;
					r->tod = ((int64_t) p.hour * 3600 + p.minute * 60 + p.second) * 1000000 + p.usec;
					r->scale = -1;
					r->f = (double) r->v + (double) ((((int64_t) p.hour * 60 + p.minute) * 60 + p.second) +
													 (double) p.usec / 1000000.0) / 86400.0;
					r->has_f = true;
				}
				else if (field_is(field, "epoch"))
				{
					/* (ts - 1970-01-01) / 10^6, in 128 bits near the end of
					 * time; date_part's double as PostgreSQL computes it */
					const int64_t epoch = INT64_C(-946684800000000);
					int64_t d;

					if (__builtin_sub_overflow(ts, epoch, &d))
					{
						/* PostgreSQL then divides as numerics (4 places
						 * here) and rounds to 6: the quotient's digits */
						part_frac(r, (fq_int128) ts - epoch, -2, ((double) ts - (double) epoch) / 1000000.0);
					}
					else
						part_frac(r, d, 6, (double) d / 1000000.0);
				}
				else if (v->type.id == FQ_T_TIMESTAMPTZ &&
						 (field_is(field, "timezone") || field_is(field, "timezone_hour") ||
						  field_is(field, "timezone_minute")))
					part_int(r, 0); /* fedq's sessions are in UTC */
				else
					return unit_unsupported(x, field, v->type.id);
				return FQ_OK;
			}
		case FQ_T_TIME:
			fq_time_split(v->v.i, &p);
			if (seconds_part(field, p.second, p.usec, r))
				return FQ_OK;
			if (field_is(field, "minute"))
				part_int(r, p.minute);
			else if (field_is(field, "hour"))
				part_int(r, p.hour);
			else if (field_is(field, "epoch"))
				part_frac(r, v->v.i, 6, (double) v->v.i / 1000000.0);
			else
				return unit_unsupported(x, field, FQ_T_TIME);
			return FQ_OK;
		case FQ_T_INTERVAL:
			{
				const fq_interval *iv = &v->v.iv;
				int64_t t = iv->usecs;
				int64_t hours = t / INT64_C(3600000000);
				int64_t mins;
				int64_t secs;

				t -= hours * INT64_C(3600000000);
				mins = t / 60000000;
				t -= mins * 60000000;
				secs = t / 1000000;
				t -= secs * 1000000;
				if (seconds_part(field, secs, t, r))
					return FQ_OK;
				if (field_is(field, "minute"))
					part_int(r, mins);
				else if (field_is(field, "hour"))
					part_int(r, hours);
				else if (field_is(field, "day"))
					part_int(r, iv->days);
				else if (field_is(field, "month"))
					part_int(r, iv->months % 12);
				else if (field_is(field, "quarter"))
					part_int(r, iv->months % 12 / 3 + 1);
				else if (field_is(field, "year"))
					part_int(r, iv->months / 12);
				else if (field_is(field, "decade"))
					part_int(r, iv->months / 12 / 10);
				else if (field_is(field, "century"))
					part_int(r, iv->months / 12 / 100);
				else if (field_is(field, "millennium"))
					part_int(r, iv->months / 12 / 1000);
				else if (field_is(field, "epoch"))
				{
					/* a year is 365.25 days, a month 30: in quarter days */
					int64_t day_secs = ((int64_t) 1461 * (iv->months / 12) +
										(int64_t) 120 * (iv->months % 12) + (int64_t) 4 * iv->days) * 21600;
					int64_t us;

					r->f = (double) iv->usecs / 1000000.0 + 365.25 * 86400 * (iv->months / 12) +
						30.0 * 86400 * (iv->months % 12) + 86400.0 * iv->days;
					r->has_f = true;
					if (__builtin_mul_overflow(day_secs, 1000000, &us) ||
						__builtin_add_overflow(us, iv->usecs, &us))
						return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
										"the epoch of so long an interval is beyond fedq's executor");
					r->v = us;
					r->scale = 6;
				}
				else
					return unit_unsupported(x, field, FQ_T_INTERVAL);
				return FQ_OK;
			}
		default:
			return fq_raise(x->d, FQ_ERR_INTERNAL_ERROR, 0, "extract from %s",
							fq_type_name(v->type.id));
	}
}

static int
fn_extract(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	part r;

	if (datetime_part(x, args[0].v.s.ptr, &args[1], &r) < 0)
		return FQ_ERROR;
	if (r.inf == 2)
	{
		res->isnull = true;
		return FQ_OK;
	}
	if (f->e.type.id == FQ_T_FLOAT8)
	{
		/* date_part */
		if (r.inf != 0)
			res->v.f = r.inf > 0 ? INFINITY : -INFINITY;
		else if (r.has_f)
			res->v.f = r.f;
		else
			res->v.f = (double) r.v;
		return FQ_OK;
	}
	if (r.inf != 0)
	{
		fq_num_special(r.inf > 0 ? FQ_NUM_PINF : FQ_NUM_NINF, &res->v.num);
		return FQ_OK;
	}
	if (r.scale == -2)
	{
		fq_numeric num;
		fq_numeric den;
		fq_numeric q;
		int rc;

		fq_num_from_int128(r.v, 0, &num);
		fq_num_from_int64(1000000, &den);
		if ((rc = fq_fn_num_status(x, fq_num_div(&num, &den, x->a, &q))) < 0)
			return rc;
		return fq_fn_num_status(x, fq_num_round(&q, 6, x->a, &res->v.num));
	}
	if (r.scale < 0)
	{
		/* julian of a timestamp: the day plus numeric tod / 86400000000 */
		fq_numeric day;
		fq_numeric tod;
		fq_numeric per;
		fq_numeric q;
		int rc;

		fq_num_from_int64(r.v, &day);
		fq_num_from_int64(r.tod, &tod);
		fq_num_from_int64(INT64_C(86400000000), &per);
		if ((rc = fq_fn_num_status(x, fq_num_div(&tod, &per, x->a, &q))) < 0)
			return rc;
		return fq_fn_num_status(x, fq_num_add(&day, &q, x->a, &res->v.num));
	}
	fq_num_from_int128(r.v, r.scale, &res->v.num);
	return FQ_OK;
}

static int
trunc_timestamp(fq_fn_ctx *x, const fq_value *args, fq_value *res)
{
	const char *unit = args[0].v.s.ptr;
	int64_t us = args[1].v.i;
	fq_timestamp_parts p;

	if (us == INT64_MIN || us == INT64_MAX)
	{
		res->v.i = us;
		return FQ_OK;
	}
	if (strcmp(unit, "microseconds") == 0)
	{
		res->v.i = us;
		return FQ_OK;
	}
	if (fq_timestamp_split(us, &p) < 0)
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	if (strcmp(unit, "milliseconds") == 0)
		p.usec -= p.usec % 1000;
	else
	{
		p.usec = 0;
		if (strcmp(unit, "second") != 0)
		{
			p.second = 0;
			if (strcmp(unit, "minute") != 0)
			{
				p.minute = 0;
				if (strcmp(unit, "hour") != 0)
				{
					p.hour = 0;
					if (strcmp(unit, "week") == 0)
					{
						int32_t days = fq_date_from_ymd(p.year, p.month, p.day);
						int dow = fq_date_dow(days);

						days -= dow == 0 ? 6 : dow - 1;
						fq_date_to_ymd(days, &p.year, &p.month, &p.day);
					}
					else if (strcmp(unit, "day") != 0)
					{
						p.day = 1;
						if (strcmp(unit, "quarter") == 0)
							p.month = ((p.month - 1) / 3) * 3 + 1;
						else if (strcmp(unit, "month") != 0)
						{
							p.month = 1;
							if (strcmp(unit, "decade") == 0)
								p.year = p.year - ((p.year % 10) + 10) % 10;
							/* BC (years 0 and below): the century or
							 * millennium it is in, as timestamp_trunc's
							 * formulas (4713 BC leaves the range) */
							else if (strcmp(unit, "century") == 0)
								p.year = p.year > 0 ? ((p.year - 1) / 100) * 100 + 1
									: -((99 - (p.year - 1)) / 100) * 100 + 1;
							else if (strcmp(unit, "millennium") == 0)
								p.year = p.year > 0 ? ((p.year - 1) / 1000) * 1000 + 1
									: -((999 - (p.year - 1)) / 1000) * 1000 + 1;
						}
					}
				}
			}
		}
	}
	if (fq_timestamp_make(&p, &res->v.i) < 0)
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	return FQ_OK;
}

/* date_part(field, date) is PostgreSQL's SQL function over the date as a
 * timestamp: hour 0, the epoch of midnight. */
static int
fn_date_part(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_value ts[2];

	if (args[1].type.id != FQ_T_DATE)
		return fn_extract(x, f, args, res);
	ts[0] = args[0];
	ts[1] = args[1];
	ts[1].type = fq_type_make(FQ_T_TIMESTAMP);
	if (args[1].v.i == FQ_DATE_NEG_INFINITY || args[1].v.i == FQ_DATE_POS_INFINITY)
		ts[1].v.i = args[1].v.i == FQ_DATE_NEG_INFINITY ? INT64_MIN : INT64_MAX;
	else if (args[1].v.i >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "date out of range for timestamp");
	else
		ts[1].v.i = args[1].v.i * FQ_USECS_PER_DAY;
	return fn_extract(x, f, ts, res);
}

/* date_trunc(unit, interval), as PostgreSQL's interval_trunc: the fields
 * below the unit become zero; whole years keep their months only from
 * the year unit down. */
static int
trunc_interval(const char *unit, const fq_interval *in, fq_interval *out)
{
	int64_t year = in->months / 12;
	int64_t mon = in->months % 12;
	int64_t day = in->days;
	int64_t t = in->usecs;
	int64_t hour = t / INT64_C(3600000000);
	int64_t min;
	int64_t sec;
	int64_t fsec;
	int level;
	static const char *const order[] = {"millennium", "century", "decade", "year", "quarter", "month",
										"day", "hour", "minute", "second", "milliseconds",
										"microseconds"};

	t -= hour * INT64_C(3600000000);
	min = t / 60000000;
	t -= min * 60000000;
	sec = t / 1000000;
	fsec = t - sec * 1000000;
	for (level = 0; level < 12 && strcmp(unit, order[level]) != 0; level++)
		;
	/* each case falls through to the finer ones, as there */
	if (level <= 0)
		year = (year / 1000) * 1000;
	if (level <= 1)
		year = (year / 100) * 100;
	if (level <= 2)
		year = (year / 10) * 10;
	if (level <= 3)
		mon = 0;
	if (level <= 4)
		mon = 3 * (mon / 3);
	if (level <= 5)
		day = 0;
	if (level <= 6)
		hour = 0;
	if (level <= 7)
		min = 0;
	if (level <= 8)
		sec = 0;
	if (level <= 9)
		fsec = 0;
	else if (level == 10)
		fsec = (fsec / 1000) * 1000;
	out->months = (int32_t) (year * 12 + mon);
	out->days = (int32_t) day;
	out->usecs = ((hour * 60 + min) * 60 + sec) * 1000000 + fsec;
	return FQ_OK;
}

static int
fn_date_trunc(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	if (args[1].type.id == FQ_T_INTERVAL)
		return trunc_interval(args[0].v.s.ptr, &args[1].v.iv, &res->v.iv);
	return trunc_timestamp(x, args, res);
}

/* ---- age, make_*, justify_*, date_bin, isfinite, to_timestamp ---- */

/*
 * A timestamp's fields as PostgreSQL's timestamp2tm finds them, year
 * astronomical (0 is 1 BC).  +infinity is not special there: it splits as
 * 294247-01-10 04:00:54.775807; -infinity (before Julian day 0) fails.
 */
static bool
split_as_tm(int64_t ts, fq_timestamp_parts *p)
{
	int64_t days = ts / FQ_USECS_PER_DAY;
	int64_t tod = ts - days * FQ_USECS_PER_DAY;

	if (tod < 0)
	{
		tod += FQ_USECS_PER_DAY;
		days--;
	}
	if (days + 2451545 < 0 || days + 2451545 > INT32_MAX)
		return false;
	fq_time_split(tod, p);
	fq_date_to_ymd((int32_t) days, &p->year, &p->month, &p->day);
	return true;
}

/* age(a, b): a - b in years, months, days and time, each field subtracted
 * and borrowed from the next, a month borrowed as the days of the earlier
 * value's month (PostgreSQL's timestamp_age). */
static int
fn_age(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t t1 = args[0].v.i;
	int64_t t2 = args[1].v.i;
	fq_timestamp_parts a;
	fq_timestamp_parts b;
	int64_t fsec;
	int64_t sec;
	int64_t min;
	int64_t hour;
	int64_t mday;
	int64_t mon;
	int64_t year;
	int64_t months;
	bool neg = t1 < t2;

	(void) f;
	if (!split_as_tm(t1, &a) || !split_as_tm(t2, &b))
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	fsec = a.usec - b.usec;
	sec = a.second - b.second;
	min = a.minute - b.minute;
	hour = a.hour - b.hour;
	mday = a.day - b.day;
	mon = a.month - b.month;
	year = (int64_t) a.year - b.year;
	if (neg)
	{
		fsec = -fsec;
		sec = -sec;
		min = -min;
		hour = -hour;
		mday = -mday;
		mon = -mon;
		year = -year;
	}
	for (; fsec < 0; sec--)
		fsec += 1000000;
	for (; sec < 0; min--)
		sec += 60;
	for (; min < 0; hour--)
		min += 60;
	for (; hour < 0; mday--)
		hour += 24;
	while (mday < 0)
	{
		const fq_timestamp_parts *by = neg ? &a : &b;

		mday += fq_types_month_days(by->year, by->month);
		mon--;
	}
	for (; mon < 0; year--)
		mon += 12;
	if (neg)
	{
		fsec = -fsec;
		sec = -sec;
		min = -min;
		hour = -hour;
		mday = -mday;
		mon = -mon;
		year = -year;
	}
	months = year * 12 + mon;
	if (months > INT32_MAX || months < INT32_MIN)
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	res->v.iv.months = (int32_t) months;
	res->v.iv.days = (int32_t) mday;
	res->v.iv.usecs = ((hour * 60 + min) * 60 + sec) * 1000000 + fsec;
	return FQ_OK;
}

/* age(x) is PostgreSQL's age(current_date, x): the statement's date, at
 * midnight, as a timestamp of x's type. */
static int
check_age(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	fq_type_id t = f->sig->args[0];
	fq_func_expr *today;
	fq_cast_expr *midnight;
	fq_expr **args;

	if (f->nargs != 1)
		return FQ_OK;
	today = fq_make_func(a, FQ_F_CURRENT_DATE, fq_type_make(FQ_T_DATE), 0, NULL);
	midnight = today != NULL ? fq_make_cast(a, &today->e, fq_type_make(t)) : NULL;
	args = fq_arena_alloc(a, 2 * sizeof(fq_expr *));
	if (midnight == NULL || args == NULL)
		return fq_raise_nomem(d, a);
	today->e.n.location = midnight->e.n.location = f->e.n.location;
	args[0] = &midnight->e;
	args[1] = f->args[0];
	f->args = args;
	f->nargs = 2;
	for (int s = 0; s < f->def->nsigs; s++)
		if (f->def->sigs[s].nargs == 2 && f->def->sigs[s].args[0] == t)
			f->sig = &f->def->sigs[s];
	return FQ_OK;
}

/* PostgreSQL's messages print seconds with %g, or %02g (`two`), and
 * NaN and Infinity as its own snprintf does. */
static const char *
fmt_sec(char *buf, size_t n, bool two, double sec)
{
	if (isnan(sec))
		return "NaN";
	if (isinf(sec))
		return sec > 0 ? "Infinity" : "-Infinity";
	if (two)
		snprintf(buf, n, "%02g", sec);
	else
		snprintf(buf, n, "%g", sec);
	return buf;
}

/* Whether hour:min:sec is no time of day (PostgreSQL's
 * float_time_overflows: 24:00:00 and a 60th second are allowed). */
static bool
time_overflows(int64_t hour, int64_t min, double sec)
{
	double us;

	if (hour < 0 || hour > 24 || min < 0 || min >= 60 || isnan(sec))
		return true;
	us = rint(sec * 1e6);
	if (us < 0 || us > 60e6)
		return true;
	return ((hour * 60 + min) * 60) * FQ_USECS_PER_SEC + (int64_t) us > FQ_USECS_PER_DAY;
}

static int
time_field_error(fq_fn_ctx *x, int64_t hour, int64_t min, double sec)
{
	char buf[64];

	return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "time field value out of range: %lld:%02lld:%s",
					(long long) hour, (long long) min, fmt_sec(buf, sizeof(buf), true, sec));
}

/* Julian day numbers PostgreSQL's date arithmetic accepts
 * (IS_VALID_JULIAN: from 4714-11 BC to 5874898-06, astronomical years). */
static bool
valid_julian(int64_t y, int64_t m)
{
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6));
}

/* The fields of make_date and make_timestamp as PostgreSQL's ValidateDate
 * takes them: a negative year is BC (made astronomical here), year 0 and
 * impossible months and days fail. */
static bool
valid_fields(int64_t *year, int64_t month, int64_t day)
{
	if (*year < 0)
	{
		if (*year == INT32_MIN)
			return false; /* -year does not fit: PostgreSQL's stays negative */
		*year = -*year;
		*year = -(*year - 1);
	}
	else if (*year == 0)
		return false;
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return false;
	return day <= fq_types_month_days(*year, (int) month);
}

static int
fn_make_date(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t y = args[0].v.i;
	int64_t m = args[1].v.i;
	int64_t d = args[2].v.i;
	int64_t days;

	(void) f;
	/* PostgreSQL's message shows the year as it made it astronomical */
	if (!valid_fields(&y, m, d))
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"date field value out of range: %lld-%02lld-%02lld", (long long) y,
						(long long) m, (long long) d);
	days = valid_julian(y, m) ? fq_types_days_from_civil(y, (int) m, (int) d) : INT64_MIN;
	if (days < FQ_DATE_MIN_DAYS || days >= FQ_DATE_END_DAYS)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"date out of range: %lld-%02lld-%02lld", (long long) y, (long long) m,
						(long long) d);
	res->v.i = days;
	return FQ_OK;
}

static int
fn_make_time(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t h = args[0].v.i;
	int64_t m = args[1].v.i;
	double sec = args[2].v.f;

	(void) f;
	if (time_overflows(h, m, sec))
		return time_field_error(x, h, m, sec);
	res->v.i = ((h * 60 + m) * 60) * FQ_USECS_PER_SEC + (int64_t) rint(sec * 1e6);
	return FQ_OK;
}

static int
fn_make_timestamp(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t y = args[0].v.i;
	int64_t mo = args[1].v.i;
	int64_t d = args[2].v.i;
	int64_t h = args[3].v.i;
	int64_t mi = args[4].v.i;
	double sec = args[5].v.f;
	int64_t ay = y;
	int64_t days;
	int64_t tod;
	int64_t ts;
	char buf[64];

	(void) f;
	if (!valid_fields(&ay, mo, d))
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"date field value out of range: %lld-%02lld-%02lld", (long long) y,
						(long long) mo, (long long) d);
	if (!valid_julian(ay, mo))
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"date out of range: %lld-%02lld-%02lld", (long long) y, (long long) mo,
						(long long) d);
	days = fq_types_days_from_civil(ay, (int) mo, (int) d);
	if (time_overflows(h, mi, sec))
		return time_field_error(x, h, mi, sec);
	tod = ((h * 60 + mi) * 60) * FQ_USECS_PER_SEC + (int64_t) rint(sec * 1e6);
	if (__builtin_mul_overflow(days, FQ_USECS_PER_DAY, &ts) || __builtin_add_overflow(ts, tod, &ts) ||
		ts < FQ_TIMESTAMP_MIN_USECS || ts >= FQ_TIMESTAMP_END_USECS)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
						"timestamp out of range: %lld-%02lld-%02lld %lld:%02lld:%s", (long long) y,
						(long long) mo, (long long) d, (long long) h, (long long) mi,
						fmt_sec(buf, sizeof(buf), true, sec));
	res->v.i = ts;
	return FQ_OK;
}

/* (int64) of a double as PostgreSQL's x86-64 build computes it: out of
 * range, the CPU's "integer indefinite", INT64_MIN. */
static int64_t
x86_int64(double d)
{
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t) d;
}

/* make_interval(years, months, weeks, days, hours, mins, secs), each 0
 * when left out.  PostgreSQL 15 does not check the fields' arithmetic:
 * they wrap around as its build computes them. */
static int
fn_make_interval(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t v[6] = {0};
	double secs = f->nargs > 6 ? args[6].v.f : 0.0;

	for (int i = 0; i < 6 && i < f->nargs; i++)
		v[i] = args[i].v.i;
	if (isinf(secs) || isnan(secs))
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	res->v.iv.months = (int32_t) (uint32_t) ((uint32_t) v[0] * 12u + (uint32_t) v[1]);
	res->v.iv.days = (int32_t) (uint32_t) ((uint32_t) v[2] * 7u + (uint32_t) v[3]);
	res->v.iv.usecs = (int64_t) ((uint64_t) v[4] * UINT64_C(3600000000) +
								 (uint64_t) v[5] * UINT64_C(60000000) +
								 (uint64_t) x86_int64(rint(secs * 1e6)));
	return FQ_OK;
}

/* justify_days: 30 days a month; justify_hours: 24 hours a day;
 * justify_interval both, the fields brought to one sign. */
static int
justify_days(fq_fn_ctx *x, fq_interval *iv)
{
	int32_t whole = iv->days / 30;

	iv->days -= whole * 30;
	if (__builtin_add_overflow(iv->months, whole, &iv->months))
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	return FQ_OK;
}

static void
one_sign_time(fq_interval *iv)
{
	if (iv->days > 0 && iv->usecs < 0)
	{
		iv->usecs += FQ_USECS_PER_DAY;
		iv->days--;
	}
	else if (iv->days < 0 && iv->usecs > 0)
	{
		iv->usecs -= FQ_USECS_PER_DAY;
		iv->days++;
	}
}

static int
fn_justify_days(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_interval iv = args[0].v.iv;

	(void) f;
	if (justify_days(x, &iv) < 0)
		return FQ_ERROR;
	if (iv.months > 0 && iv.days < 0)
	{
		iv.days += 30;
		iv.months--;
	}
	else if (iv.months < 0 && iv.days > 0)
	{
		iv.days -= 30;
		iv.months++;
	}
	res->v.iv = iv;
	return FQ_OK;
}

static int
fn_justify_hours(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_interval iv = args[0].v.iv;
	int64_t whole = iv.usecs / FQ_USECS_PER_DAY;

	(void) f;
	iv.usecs -= whole * FQ_USECS_PER_DAY;
	if (__builtin_add_overflow(iv.days, whole, &iv.days))
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	one_sign_time(&iv);
	res->v.iv = iv;
	return FQ_OK;
}

static int
fn_justify_interval(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	fq_interval iv = args[0].v.iv;
	int64_t whole;

	(void) f;
	/* months first when days and time share a sign, so days cannot
	 * overflow */
	if (((iv.days > 0 && iv.usecs > 0) || (iv.days < 0 && iv.usecs < 0)) && justify_days(x, &iv) < 0)
		return FQ_ERROR;
	whole = iv.usecs / FQ_USECS_PER_DAY;
	iv.usecs -= whole * FQ_USECS_PER_DAY;
	iv.days += (int32_t) whole;
	if (justify_days(x, &iv) < 0)
		return FQ_ERROR;
	if (iv.months > 0 && (iv.days < 0 || (iv.days == 0 && iv.usecs < 0)))
	{
		iv.days += 30;
		iv.months--;
	}
	else if (iv.months < 0 && (iv.days > 0 || (iv.days == 0 && iv.usecs > 0)))
	{
		iv.days -= 30;
		iv.months++;
	}
	one_sign_time(&iv);
	res->v.iv = iv;
	return FQ_OK;
}

/* date_bin(stride, ts, origin): the start of ts's bin, bins of the stride
 * laid from the origin (no months: 0A000). */
static int
fn_date_bin(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_interval *stride = &args[0].v.iv;
	int64_t ts = args[1].v.i;
	int64_t origin = args[2].v.i;
	int64_t width;
	int64_t diff;
	int64_t r;

	(void) f;
	if (ts == INT64_MIN || ts == INT64_MAX)
	{
		res->v.i = ts;
		return FQ_OK;
	}
	if (origin == INT64_MIN || origin == INT64_MAX)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "origin out of range");
	if (stride->months != 0)
		return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						"timestamps cannot be binned into intervals containing months or years");
	if (__builtin_mul_overflow((int64_t) stride->days, FQ_USECS_PER_DAY, &width) ||
		__builtin_add_overflow(width, stride->usecs, &width))
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	if (width <= 0)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "stride must be greater than zero");
	if (__builtin_sub_overflow(ts, origin, &diff))
		return fq_fn_ts_range(x, FQ_T_INTERVAL);
	r = origin + (diff - diff % width);
	/* toward -infinity when before the origin */
	if (diff % width < 0 &&
		(__builtin_sub_overflow(r, width, &r) || r < FQ_TIMESTAMP_MIN_USECS || r >= FQ_TIMESTAMP_END_USECS))
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	res->v.i = r;
	return FQ_OK;
}

static int
fn_isfinite(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	switch (args[0].type.id)
	{
		case FQ_T_DATE:
			res->v.i = args[0].v.i != FQ_DATE_NEG_INFINITY && args[0].v.i != FQ_DATE_POS_INFINITY;
			break;
		case FQ_T_INTERVAL:
			res->v.i = 1; /* PostgreSQL 15 has no infinite intervals */
			break;
		default:
			res->v.i = args[0].v.i != INT64_MIN && args[0].v.i != INT64_MAX;
			break;
	}
	return FQ_OK;
}

int
fq_fn_to_timestamp_epoch(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	double s = args[0].v.f;
	double us;
	char buf[64];

	(void) f;
	if (isnan(s))
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "timestamp cannot be NaN");
	if (isinf(s))
	{
		res->v.i = s < 0 ? INT64_MIN : INT64_MAX;
		return FQ_OK;
	}
	/* Julian days 0 to 294277-01-01, in seconds from 1970 */
	if (s < 86400.0 * (0 - 2440588) || s >= 86400.0 * (109203528 - 2440588))
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "timestamp out of range: \"%s\"",
						fmt_sec(buf, sizeof(buf), false, s));
	us = rint((s - 946684800.0) * 1e6);
	if ((int64_t) us < FQ_TIMESTAMP_MIN_USECS || (int64_t) us >= FQ_TIMESTAMP_END_USECS)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "timestamp out of range: \"%s\"",
						fmt_sec(buf, sizeof(buf), false, s));
	res->v.i = (int64_t) us;
	return FQ_OK;
}

/* ---- Redshift's date functions PostgreSQL lacks ----
 *
 * Each is an extension (func.h): PostgreSQL sources are sent a PostgreSQL
 * expression computing the same value (the signature's `remote`), and
 * fedq computes what that expression computes, step by step, its errors
 * included.  The semantics are Redshift's documented ones (Database
 * Developer Guide: DATEADD, DATEDIFF, ADD_MONTHS, MONTHS_BETWEEN,
 * LAST_DAY, TRUNC): DATEADD(year, 1, 2016-02-29) is 2017-03-01, DATEDIFF
 * counts the boundaries of the part crossed (weeks begin on Monday),
 * ADD_MONTHS keeps the last day of a month the last, MONTHS_BETWEEN
 * counts whole months by year and month and the rest in 31-day months.
 * What Redshift has no answer for, fedq defines: DATEDIFF and
 * MONTHS_BETWEEN of an infinite value are NULL.
 */

/* The date parts DATEADD and DATEDIFF take, with Redshift's spellings;
 * the first is canonical. */
enum
{
	RP_YEAR,
	RP_QUARTER,
	RP_MONTH,
	RP_WEEK,
	RP_DAY,
	RP_HOUR,
	RP_MINUTE,
	RP_SECOND,
	RP_MILLISECOND,
	RP_MICROSECOND,
	RP_COUNT
};

static const char *const rs_parts[RP_COUNT][11] = {
	{"year", "years", "y", "yr", "yrs"},
	{"quarter", "quarters", "qtr", "qtrs"},
	{"month", "months", "mon", "mons"},
	{"week", "weeks", "w"},
	{"day", "days", "d"},
	{"hour", "hours", "h", "hr", "hrs"},
	{"minute", "minutes", "m", "min", "mins"},
	{"second", "seconds", "s", "sec", "secs"},
	{"millisecond", "milliseconds", "ms", "msec", "msecs", "msecond", "mseconds", "millisec",
	 "millisecs", "millisecon"},
	{"microsecond", "microseconds", "microsec", "microsecs", "usecond", "useconds", "us", "usec",
	 "usecs"},
};

/* Redshift's other parts, which these functions of fedq's do not take. */
static const char *const rs_other_parts[] = {
	"millennium", "millennia", "mil", "mils", "century", "centuries", "c", "cent", "cents",
	"decade", "decades", "dec", "decs", "epoch", "dayofweek", "dow", "dw", "weekday", "dayofyear",
	"doy", "dy", "yearday", "timezone", "timezone_hour", "timezone_minute", NULL,
};

static int
rs_part_of(const char *s)
{
	for (int i = 0; i < RP_COUNT; i++)
		if (strcmp(s, rs_parts[i][0]) == 0)
			return i;
	return RP_DAY;
}

/* Signatures, one per part, whose `remote` computes the call at a
 * PostgreSQL source; X is the timestamp (of a date, made one). */
#define DA_YEAR(X) "(" X " + make_interval($2) + CASE WHEN EXTRACT(month FROM " X ") = 2 AND " \
	"EXTRACT(day FROM " X ") = 29 AND EXTRACT(day FROM " X " + make_interval($2)) = 28 " \
	"THEN INTERVAL '1 day' ELSE INTERVAL '0' END)"
#define DA_DAY(T, R, X) \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, "(" X " + make_interval(0, 0, 0, $2))"}
#define DA_SIGS(T, R, X) \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, DA_YEAR(X)}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, "(" X " + make_interval(0, $2 * 3))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, "(" X " + make_interval(0, $2))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, "(" X " + make_interval(0, 0, $2))"}, \
	DA_DAY(T, R, X), \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, \
	 "(" X " + make_interval(0, 0, 0, 0, $2))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, \
	 "(" X " + make_interval(0, 0, 0, 0, 0, $2))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, \
	 "(" X " + make_interval(0, 0, 0, 0, 0, 0, $2))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, \
	 "(" X " + make_interval(0, 0, 0, 0, 0, 0, CAST($2 AS double precision) / 1000))"}, \
	{3, {FQ_T_VARCHAR, FQ_T_INT4, FQ_T_##T}, FQ_T_##R, true, \
	 "(" X " + make_interval(0, 0, 0, 0, 0, 0, CAST($2 AS double precision) / 1000000))"}

static const fq_func_sig dateadd_parts[3][RP_COUNT] = {
	{DA_SIGS(DATE, TIMESTAMP, "CAST($3 AS timestamp)")},
	{DA_SIGS(TIMESTAMP, TIMESTAMP, "$3")},
	{DA_SIGS(TIMESTAMPTZ, TIMESTAMPTZ, "$3")},
};

/* The whole months from the month of a to that of b's, or the like. */
#define DD_AGE(U) "age(date_trunc('" U "', $3), date_trunc('" U "', $2))"
#define DD_DIFF(U) "(date_trunc('" U "', $3) - date_trunc('" U "', $2))"
#define DD(E) "CASE WHEN isfinite($2) AND isfinite($3) THEN CAST(" E " AS bigint) END"
#define DD_DAY(T) \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, DD("EXTRACT(day FROM " DD_DIFF("day") ")")}
#define DD_SIGS(T) \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, DD("EXTRACT(year FROM " DD_AGE("year") ")")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(year FROM " DD_AGE("quarter") ") * 4 + EXTRACT(month FROM " DD_AGE("quarter") ") / 3")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(year FROM " DD_AGE("month") ") * 12 + EXTRACT(month FROM " DD_AGE("month") ")")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, DD("EXTRACT(day FROM " DD_DIFF("week") ") / 7")}, \
	DD_DAY(T), \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(epoch FROM " DD_DIFF("hour") ") / 3600")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(epoch FROM " DD_DIFF("minute") ") / 60")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, DD("EXTRACT(epoch FROM " DD_DIFF("second") ")")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(epoch FROM " DD_DIFF("milliseconds") ") * 1000")}, \
	{3, {FQ_T_VARCHAR, FQ_T_##T, FQ_T_##T}, FQ_T_INT8, true, \
	 DD("EXTRACT(epoch FROM " DD_DIFF("microseconds") ") * 1000000")}

static const fq_func_sig datediff_parts[3][RP_COUNT] = {
	{DD_SIGS(DATE)},
	{DD_SIGS(TIMESTAMP)},
	{DD_SIGS(TIMESTAMPTZ)},
};

/* The call's signature row: by the type of its date argument. */
static int
rs_type_row(fq_type_id t)
{
	return t == FQ_T_DATE ? 0 : t == FQ_T_TIMESTAMP ? 1 : 2;
}

/* DATEADD and DATEDIFF: the part, a constant, in its canonical spelling,
 * and the signature whose remote computes that part. */
static int
check_rs_part(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	fq_const *k = FQ_IS(f->args[0], FQ_N_EXPR_CONST) ? (fq_const *) f->args[0] : NULL;
	bool add = strcmp(f->def->name, "dateadd") == 0;
	char *lower;

	if (k == NULL || k->value.isnull)
		return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "the date part of %s must be a constant",
						f->def->name);
	if ((lower = fq_arena_strndup(a, k->value.v.s.ptr, k->value.v.s.len)) == NULL)
		return fq_raise_nomem(d, a);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	for (int i = 0; i < RP_COUNT; i++)
		for (int j = 0; j < 11 && rs_parts[i][j] != NULL; j++)
			if (strcmp(lower, rs_parts[i][j]) == 0)
			{
				int row = rs_type_row(f->sig->args[add ? 2 : 1]);

				k->value.v.s.ptr = rs_parts[i][0];
				k->value.v.s.len = (uint32_t) strlen(rs_parts[i][0]);
				f->sig = add ? &dateadd_parts[row][i] : &datediff_parts[row][i];
				return FQ_OK;
			}
	for (int i = 0; rs_other_parts[i] != NULL; i++)
		if (strcmp(lower, rs_other_parts[i]) == 0)
			return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
							"date part \"%s\" is not supported by %s", lower, f->def->name);
	return fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "date part \"%s\" not recognized", lower);
}

/* CAST(date AS timestamp), as PostgreSQL: infinities stay, beyond the
 * timestamp range an error. */
static int
date_as_ts(fq_fn_ctx *x, int64_t days, int64_t *ts)
{
	if (days == FQ_DATE_NEG_INFINITY || days == FQ_DATE_POS_INFINITY)
		*ts = days == FQ_DATE_NEG_INFINITY ? INT64_MIN : INT64_MAX;
	else if (days >= FQ_TIMESTAMP_END_USECS / FQ_USECS_PER_DAY)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "date out of range for timestamp");
	else
		*ts = days * FQ_USECS_PER_DAY;
	return FQ_OK;
}

/* A date or timestamp argument as a timestamp. */
static int
as_ts(fq_fn_ctx *x, const fq_value *v, int64_t *ts)
{
	if (v->type.id == FQ_T_DATE)
		return date_as_ts(x, v->v.i, ts);
	*ts = v->v.i;
	return FQ_OK;
}

static int
add_iv(fq_fn_ctx *x, int64_t ts, int32_t months, int32_t days, int64_t usecs, fq_type_id t, int64_t *out)
{
	fq_interval iv = {usecs, days, months};

	return fq_fn_ts_add_interval(x, ts, &iv, 1, t, out);
}

static int
day_of(int64_t ts)
{
	fq_timestamp_parts p;

	if (fq_timestamp_split(ts, &p) < 0)
		return 0;
	return p.day;
}

static int
fn_dateadd(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int rp = rs_part_of(args[0].v.s.ptr);
	int64_t n = args[1].v.i;
	fq_type_id t = f->e.type.id;
	int64_t ts = 0;
	int64_t r;
	int32_t q;

	if (as_ts(x, &args[2], &ts) < 0)
		return FQ_ERROR;
	switch (rp)
	{
		case RP_YEAR:
			{
				fq_timestamp_parts p;
				/* make_interval's years * 12, unchecked in PostgreSQL 15 */
				int32_t months = (int32_t) (uint32_t) ((uint32_t) n * 12u);

				if (add_iv(x, ts, months, 0, 0, t, &r) < 0)
					return FQ_ERROR;
				/* Redshift's February 29 plus a year is March 1 */
				if (fq_timestamp_split(ts, &p) == 0 && p.month == 2 && p.day == 29 && day_of(r) == 28 &&
					add_iv(x, r, 0, 1, 0, t, &r) < 0)
					return FQ_ERROR;
				res->v.i = r;
				return FQ_OK;
			}
		case RP_QUARTER:
			if (__builtin_mul_overflow((int32_t) n, 3, &q))
				return fq_fn_int_range(x, FQ_T_INT4);
			return add_iv(x, ts, q, 0, 0, t, &res->v.i);
		case RP_MONTH:
			return add_iv(x, ts, (int32_t) n, 0, 0, t, &res->v.i);
		case RP_WEEK:
			return add_iv(x, ts, 0, (int32_t) (uint32_t) ((uint32_t) n * 7u), 0, t, &res->v.i);
		case RP_DAY:
			return add_iv(x, ts, 0, (int32_t) n, 0, t, &res->v.i);
		case RP_HOUR:
			return add_iv(x, ts, 0, 0, n * INT64_C(3600000000), t, &res->v.i);
		case RP_MINUTE:
			return add_iv(x, ts, 0, 0, n * 60000000, t, &res->v.i);
		case RP_SECOND:
			return add_iv(x, ts, 0, 0, n * 1000000, t, &res->v.i);
		case RP_MILLISECOND:
			return add_iv(x, ts, 0, 0, (int64_t) rint((double) n / 1000 * 1e6), t, &res->v.i);
		default:
			return add_iv(x, ts, 0, 0, (int64_t) rint((double) n / 1000000 * 1e6), t, &res->v.i);
	}
}

/* date_trunc(unit, x) of a date or timestamp argument, as a timestamp. */
static int
trunc_as_ts(fq_fn_ctx *x, const char *unit, const fq_value *v, int64_t *out)
{
	fq_value a[2];
	fq_value r;

	memset(a, 0, sizeof(a));
	a[0].v.s.ptr = unit;
	a[0].v.s.len = (uint32_t) strlen(unit);
	if (as_ts(x, v, &a[1].v.i) < 0 || trunc_timestamp(x, a, &r) < 0)
		return FQ_ERROR;
	*out = r.v.i;
	return FQ_OK;
}

/* age(trunc(unit, b), trunc(unit, a)) in months. */
static int
months_apart(fq_fn_ctx *x, const char *unit, const fq_value *a, const fq_value *b, int64_t *out)
{
	fq_value t[2];
	fq_value r;

	memset(t, 0, sizeof(t));
	if (trunc_as_ts(x, unit, b, &t[0].v.i) < 0 || trunc_as_ts(x, unit, a, &t[1].v.i) < 0 ||
		fn_age(x, NULL, t, &r) < 0)
		return FQ_ERROR;
	*out = r.v.iv.months;
	return FQ_OK;
}

/* trunc(unit, b) - trunc(unit, a) in microseconds: PostgreSQL 15's
 * timestamp subtraction, which wraps around at the range's ends. */
static int
usecs_apart(fq_fn_ctx *x, const char *unit, const fq_value *a, const fq_value *b, int64_t *out)
{
	int64_t ta;
	int64_t tb;

	if (trunc_as_ts(x, unit, b, &tb) < 0 || trunc_as_ts(x, unit, a, &ta) < 0)
		return FQ_ERROR;
	*out = (int64_t) ((uint64_t) tb - (uint64_t) ta);
	return FQ_OK;
}

static bool
finite_value(const fq_value *v)
{
	if (v->type.id == FQ_T_DATE)
		return v->v.i != FQ_DATE_NEG_INFINITY && v->v.i != FQ_DATE_POS_INFINITY;
	return v->v.i != INT64_MIN && v->v.i != INT64_MAX;
}

/* CAST(numeric AS bigint) of num / den (PostgreSQL's division scale,
 * rounding half away from zero). */
static int
div_to_int(fq_fn_ctx *x, const fq_numeric *num, int64_t den, int64_t *out)
{
	fq_numeric d;
	fq_numeric q;
	int rc;

	fq_num_from_int64(den, &d);
	if ((rc = fq_fn_num_status(x, fq_num_div(num, &d, x->a, &q))) < 0)
		return rc;
	if (fq_num_to_int(&q, INT64_MIN, INT64_MAX, out) != FQ_CONV_OK)
		return fq_fn_int_range(x, FQ_T_INT8);
	return FQ_OK;
}

static int
fn_datediff(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	static const char *const units[RP_COUNT] = {"year", "quarter", "month", "week", "day", "hour",
												"minute", "second", "milliseconds", "microseconds"};
	int rp = rs_part_of(args[0].v.s.ptr);
	int64_t v;
	fq_numeric n;

	(void) f;
	if (!finite_value(&args[1]) || !finite_value(&args[2]))
	{
		res->isnull = true;
		return FQ_OK;
	}
	if (rp <= RP_MONTH)
	{
		if (months_apart(x, units[rp], &args[1], &args[2], &v) < 0)
			return FQ_ERROR;
		res->v.i = rp == RP_YEAR ? v / 12 : rp == RP_QUARTER ? v / 12 * 4 + v % 12 / 3 : v;
		return FQ_OK;
	}
	if (usecs_apart(x, units[rp], &args[1], &args[2], &v) < 0)
		return FQ_ERROR;
	/* as the remote expressions compute: EXTRACT(day) of the justified
	 * difference, or its EXTRACT(epoch) (numeric, 6 places), divided or
	 * multiplied, cast to bigint */
	switch (rp)
	{
		case RP_WEEK:
			fq_num_from_int64(v / FQ_USECS_PER_DAY, &n);
			return div_to_int(x, &n, 7, &res->v.i);
		case RP_DAY:
			res->v.i = v / FQ_USECS_PER_DAY;
			return FQ_OK;
		case RP_HOUR:
		case RP_MINUTE:
		case RP_SECOND:
			fq_num_from_int128(v, 6, &n);
			return div_to_int(x, &n, rp == RP_HOUR ? 3600 : rp == RP_MINUTE ? 60 : 1, &res->v.i);
		case RP_MILLISECOND:
			{
				fq_numeric k;
				fq_numeric m;
				int rc;

				fq_num_from_int128(v, 6, &n);
				fq_num_from_int64(1000, &k);
				if ((rc = fq_fn_num_status(x, fq_num_mul(&n, &k, x->a, &m))) < 0)
					return rc;
				if (fq_num_to_int(&m, INT64_MIN, INT64_MAX, &res->v.i) != FQ_CONV_OK)
					return fq_fn_int_range(x, FQ_T_INT8);
				return FQ_OK;
			}
		default:
			res->v.i = v;
			return FQ_OK;
	}
}

/* Whether a date is the last of its month (day(d + 1) = 1); d + 1 beyond
 * the last date is PostgreSQL's "date out of range". */
static int
last_of_month(fq_fn_ctx *x, int64_t days, bool *out)
{
	int y;
	int m;
	int d;

	if (days + 1 > 2145031948)
		return fq_fn_ts_range(x, FQ_T_DATE);
	fq_date_to_ymd((int32_t) (days + 1), &y, &m, &d);
	*out = d == 1;
	return FQ_OK;
}

static int64_t
ts_days(int64_t ts)
{
	return ts / FQ_USECS_PER_DAY - (ts % FQ_USECS_PER_DAY < 0);
}

/* add_months(x, n): x plus n months; the last day of a month stays the
 * last, at x's time of day. */
static int
fn_add_months(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t ts = 0;
	int64_t n = args[1].v.i;
	bool last = false;
	int64_t r;
	int32_t n1;

	(void) f;
	if (as_ts(x, &args[0], &ts) < 0)
		return FQ_ERROR;
	if (ts == INT64_MIN || ts == INT64_MAX)
	{
		res->v.i = ts;
		return FQ_OK;
	}
	if (last_of_month(x, ts_days(ts), &last) < 0)
		return FQ_ERROR;
	if (!last)
		return add_iv(x, ts, (int32_t) n, 0, 0, FQ_T_TIMESTAMP, &res->v.i);
	/* the first of the month, n + 1 months on, a day back, x's time */
	{
		fq_value a[2];
		fq_value m;

		memset(a, 0, sizeof(a));
		a[0].v.s.ptr = "month";
		a[0].v.s.len = 5;
		a[1].v.i = ts;
		if (trunc_timestamp(x, a, &m) < 0)
			return FQ_ERROR;
		if (__builtin_add_overflow((int32_t) n, 1, &n1))
			return fq_fn_int_range(x, FQ_T_INT4);
		if (add_iv(x, m.v.i, n1, 0, 0, FQ_T_TIMESTAMP, &r) < 0 ||
			add_iv(x, r, 0, -1, 0, FQ_T_TIMESTAMP, &r) < 0 ||
			add_iv(x, r, 0, 0, ts - ts_days(ts) * FQ_USECS_PER_DAY, FQ_T_TIMESTAMP, &r) < 0)
			return FQ_ERROR;
	}
	res->v.i = r;
	return FQ_OK;
}

/* months_between(a, b): whole months by year and month; unless a and b
 * fall on the same day of the month, or both on the last, the rest in
 * 31-day months of their days and times. */
static int
fn_months_between(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_value *a = &args[0];
	const fq_value *b = &args[1];
	fq_timestamp_parts pa;
	fq_timestamp_parts pb;
	int64_t ta;
	int64_t tb;
	int64_t months;
	bool whole;

	(void) f;
	if (!finite_value(a) || !finite_value(b))
	{
		res->isnull = true;
		return FQ_OK;
	}
	/* the days of the month (EXTRACT, on a date as it is) */
	if (a->type.id == FQ_T_DATE)
	{
		fq_date_split((int32_t) a->v.i, &pa);
		fq_date_split((int32_t) b->v.i, &pb);
		ta = tb = 0;
	}
	else
	{
		fq_timestamp_split(a->v.i, &pa);
		fq_timestamp_split(b->v.i, &pb);
		ta = a->v.i - ts_days(a->v.i) * FQ_USECS_PER_DAY;
		tb = b->v.i - ts_days(b->v.i) * FQ_USECS_PER_DAY;
	}
	whole = pa.day == pb.day;
	if (!whole)
	{
		bool la = false;
		bool lb = false;
		int64_t da = a->type.id == FQ_T_DATE ? a->v.i : ts_days(a->v.i);
		int64_t db = b->type.id == FQ_T_DATE ? b->v.i : ts_days(b->v.i);

		if (last_of_month(x, da, &la) < 0 || (la && last_of_month(x, db, &lb) < 0))
			return FQ_ERROR;
		whole = la && lb;
	}
	if (months_apart(x, "month", b, a, &months) < 0)
		return FQ_ERROR;
	res->v.f = (double) months;
	if (!whole)
		res->v.f = (double) months +
			((double) (pa.day - pb.day) * 86400 + ((double) ta / 1000000.0 - (double) tb / 1000000.0)) /
			2678400;
	return FQ_OK;
}

/* last_day(x): the last day of x's month, a date. */
static int
fn_last_day(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t days = args[0].type.id == FQ_T_DATE ? args[0].v.i : args[0].v.i == INT64_MIN
		? FQ_DATE_NEG_INFINITY : args[0].v.i == INT64_MAX ? FQ_DATE_POS_INFINITY : ts_days(args[0].v.i);
	int y;
	int m;
	int d;
	int64_t next;

	(void) f;
	if (days == FQ_DATE_NEG_INFINITY || days == FQ_DATE_POS_INFINITY)
	{
		res->v.i = days;
		return FQ_OK;
	}
	/* the first of the month plus 31 days is in the next month */
	fq_date_to_ymd((int32_t) days, &y, &m, &d);
	next = days - d + 32;
	if (next > 2145031948)
		return fq_fn_ts_range(x, FQ_T_DATE);
	fq_date_to_ymd((int32_t) next, &y, &m, &d);
	res->v.i = next - d;
	return FQ_OK;
}

/* trunc(timestamp): its date (Redshift's TRUNC of a date or timestamp). */
static int
fn_trunc_date(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t v = args[0].v.i;

	(void) x;
	(void) f;
	if (args[0].type.id == FQ_T_DATE)
		res->v.i = v;
	else
		res->v.i = v == INT64_MIN ? FQ_DATE_NEG_INFINITY : v == INT64_MAX ? FQ_DATE_POS_INFINITY
			: ts_days(v);
	return FQ_OK;
}

/* ---- the field or unit argument ---- */

/* PostgreSQL's units, each with its spellings; the first is the one fedq
 * keeps (and sends). */
static const char *const units[][8] = {
	{"year", "years", "y", "yr", "yrs"},
	{"month", "months", "mon", "mons"},
	{"day", "days", "d"},
	{"hour", "hours", "h", "hr", "hrs"},
	{"minute", "minutes", "m", "min", "mins"},
	{"second", "seconds", "s", "sec", "secs"},
	{"milliseconds", "millisecond", "ms", "msec", "msecs", "mseconds"},
	{"microseconds", "microsecond", "us", "usec", "usecs", "useconds"},
	{"quarter", "qtr"},
	{"week", "weeks", "w"},
	{"decade", "decades", "dec", "decs"},
	{"century", "centuries", "c", "cent"},
	{"millennium", "millennia", "mil", "mils"},
	{"dow"}, {"isodow"}, {"doy"}, {"isoyear"}, {"epoch"}, {"julian", "j"},
	{"timezone"}, {"timezone_hour", "timezone_h"}, {"timezone_minute", "timezone_m"},
};

static const char *
sql_type_name(fq_type_id t)
{
	switch (t)
	{
		case FQ_T_TIMESTAMP: return "timestamp without time zone";
		case FQ_T_TIMESTAMPTZ: return "timestamp with time zone";
		case FQ_T_TIME: return "time without time zone";
		default: return fq_type_name(t);
	}
}

/* Argument 1, a constant, becomes the unit's canonical spelling. */
static int
canonical_unit(fq_func_expr *f, fq_arena *a, fq_diags *d, const char *what, const char **out)
{
	fq_const *k = FQ_IS(f->args[0], FQ_N_EXPR_CONST) ? (fq_const *) f->args[0] : NULL;
	char *lower;

	if (k == NULL || k->value.isnull)
		return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "the %s of %s must be a constant", what,
						f->def->name);
	if ((lower = fq_arena_strndup(a, k->value.v.s.ptr, k->value.v.s.len)) == NULL)
		return fq_raise_nomem(d, a);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		for (int j = 0; j < 8 && units[i][j] != NULL; j++)
			if (strcmp(lower, units[i][j]) == 0)
			{
				k->value.v.s.ptr = units[i][0];
				k->value.v.s.len = (uint32_t) strlen(units[i][0]);
				*out = units[i][0];
				return FQ_OK;
			}
	return fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "unit \"%s\" not recognized for type %s",
					lower, sql_type_name(f->sig->args[1]));
}

static int
check_extract(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	const char *unit;

	return canonical_unit(f, a, d, "field", &unit);
}

static int
check_date_trunc(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	static const char *const ok[] = {"microseconds", "milliseconds", "second", "minute", "hour",
									 "day", "week", "month", "quarter", "year", "decade",
									 "century", "millennium"};
	const char *unit;
	fq_type_id t = f->sig->args[1];

	if (canonical_unit(f, a, d, "unit", &unit) < 0)
		return FQ_ERROR;
	if (t == FQ_T_INTERVAL && strcmp(unit, "week") == 0)
		return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						"interval units \"%s\" not supported because months usually have "
						"fractional weeks", unit);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(unit, ok[i]) == 0)
			return FQ_OK;
	return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "unit \"%s\" not supported for type %s",
					unit, sql_type_name(t));
}

/* EXTRACT is NUMERIC from PostgreSQL 14 on; the cast makes an older
 * source's double a numeric (through its 15 digits). */
#define EXTRACT(t) {2, {FQ_T_VARCHAR, FQ_T_##t}, FQ_T_DECIMAL, false, \
	"CAST(EXTRACT($K1 FROM $2) AS numeric)"}

static const fq_func_sig extract_sigs[] = {
	EXTRACT(DATE), EXTRACT(TIME), EXTRACT(TIMESTAMP), EXTRACT(TIMESTAMPTZ), EXTRACT(INTERVAL),
};

static const fq_func_sig date_part_sigs[] = {
	S2(VARCHAR, DATE, FLOAT8), S2(VARCHAR, TIME, FLOAT8), S2(VARCHAR, TIMESTAMP, FLOAT8),
	S2(VARCHAR, TIMESTAMPTZ, FLOAT8), S2(VARCHAR, INTERVAL, FLOAT8),
};

static const fq_func_sig date_trunc_sigs[] = {
	S2(VARCHAR, TIMESTAMP, TIMESTAMP), S2(VARCHAR, TIMESTAMPTZ, TIMESTAMPTZ),
	S2(VARCHAR, INTERVAL, INTERVAL),
};

static const fq_func_sig age_sigs[] = {
	S2(TIMESTAMP, TIMESTAMP, INTERVAL), S2(TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL),
	S1(TIMESTAMP, INTERVAL), S1(TIMESTAMPTZ, INTERVAL),
	S1(OTHER, INT4), /* age(xid): fedq has no xid, but PostgreSQL weighs it */
};
static const fq_func_sig make_date_sigs[] = {S3(INT4, INT4, INT4, DATE)};
static const fq_func_sig make_time_sigs[] = {S3(INT4, INT4, FLOAT8, TIME)};
static const fq_func_sig make_timestamp_sigs[] = {
	{6, {FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_FLOAT8}, FQ_T_TIMESTAMP, false,
	 NULL},
};
/* make_interval's arguments all have defaults: each shorter call is one */
#define MI(n) {n, {FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_INT4, FQ_T_FLOAT8}, \
	FQ_T_INTERVAL, false, NULL}
static const fq_func_sig make_interval_sigs[] = {MI(0), MI(1), MI(2), MI(3), MI(4), MI(5), MI(6), MI(7)};
static const fq_func_sig interval_interval[] = {S1(INTERVAL, INTERVAL)};
static const fq_func_sig date_bin_sigs[] = {
	S3(INTERVAL, TIMESTAMP, TIMESTAMP, TIMESTAMP), S3(INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ),
};
static const fq_func_sig isfinite_sigs[] = {
	S1(DATE, BOOL), S1(TIMESTAMP, BOOL), S1(TIMESTAMPTZ, BOOL), S1(INTERVAL, BOOL),
};

/* Redshift's: what PostgreSQL sources are sent is each signature's
 * remote (DATEADD and DATEDIFF: the part's, picked by check_rs_part). */
#define AM_LAST(X) "EXTRACT(day FROM CAST(" X " AS date) + 1) = 1"
#define AM(X) "CASE WHEN " AM_LAST(X) " THEN date_trunc('month', " X ") + make_interval(0, $2 + 1) " \
	"- INTERVAL '1 day' + (" X " - date_trunc('day', " X ")) ELSE " X " + make_interval(0, $2) END"
static const fq_func_sig add_months_sigs[] = {
	{2, {FQ_T_DATE, FQ_T_INT4}, FQ_T_TIMESTAMP, true, AM("CAST($1 AS timestamp)")},
	{2, {FQ_T_TIMESTAMP, FQ_T_INT4}, FQ_T_TIMESTAMP, true, AM("$1")},
};
#define MB_WHOLE "CAST(EXTRACT(year FROM age(date_trunc('month', $1), date_trunc('month', $2))) * 12 " \
	"+ EXTRACT(month FROM age(date_trunc('month', $1), date_trunc('month', $2))) AS double precision)"
#define MB_DAY(A) "EXTRACT(day FROM " A ")"
#define MB_LAST(D) "EXTRACT(day FROM " D " + 1) = 1"
#define MB_TOD(A) "date_part('epoch', " A " - date_trunc('day', " A "))"
#define MB(DA, DB, TA, TB) "CASE WHEN isfinite($1) AND isfinite($2) THEN CASE WHEN " MB_DAY("$1") " = " \
	MB_DAY("$2") " OR (" MB_LAST(DA) " AND " MB_LAST(DB) ") THEN " MB_WHOLE " ELSE " MB_WHOLE \
	" + (CAST(" MB_DAY("$1") " - " MB_DAY("$2") " AS double precision) * 86400 + (" TA " - " TB \
	")) / 2678400 END END"
static const fq_func_sig months_between_sigs[] = {
	{2, {FQ_T_DATE, FQ_T_DATE}, FQ_T_FLOAT8, true, MB("$1", "$2", "0", "0")},
	{2, {FQ_T_TIMESTAMP, FQ_T_TIMESTAMP}, FQ_T_FLOAT8, true,
	 MB("CAST($1 AS date)", "CAST($2 AS date)", MB_TOD("$1"), MB_TOD("$2"))},
	{2, {FQ_T_TIMESTAMPTZ, FQ_T_TIMESTAMPTZ}, FQ_T_FLOAT8, true,
	 MB("CAST($1 AS date)", "CAST($2 AS date)", MB_TOD("$1"), MB_TOD("$2"))},
};
#define LD(D) "CASE WHEN isfinite($1) THEN " D " - CAST(EXTRACT(day FROM " D ") AS int) + 32 - " \
	"CAST(EXTRACT(day FROM " D " - CAST(EXTRACT(day FROM " D ") AS int) + 32) AS int) ELSE " D " END"
static const fq_func_sig last_day_sigs[] = {
	{1, {FQ_T_DATE}, FQ_T_DATE, true, LD("$1")},
	{1, {FQ_T_TIMESTAMP}, FQ_T_DATE, true, LD("CAST($1 AS date)")},
	{1, {FQ_T_TIMESTAMPTZ}, FQ_T_DATE, true, LD("CAST($1 AS date)")},
};
static const fq_func_sig trunc_sigs[] = {
	{1, {FQ_T_DATE}, FQ_T_DATE, true, "$1"},
	{1, {FQ_T_TIMESTAMP}, FQ_T_DATE, true, "CAST($1 AS date)"},
	{1, {FQ_T_TIMESTAMPTZ}, FQ_T_DATE, true, "CAST($1 AS date)"},
};
/* as resolution sees them (the day part's); check_rs_part picks the part */
static const fq_func_sig dateadd_sigs[] = {
	DA_DAY(DATE, TIMESTAMP, "CAST($3 AS timestamp)"), DA_DAY(TIMESTAMP, TIMESTAMP, "$3"),
	DA_DAY(TIMESTAMPTZ, TIMESTAMPTZ, "$3"),
};
static const fq_func_sig datediff_sigs[] = {DD_DAY(DATE), DD_DAY(TIMESTAMP), DD_DAY(TIMESTAMPTZ)};

const fq_func_def fq_datetime_funcs[] = {
	FN(.name = "extract", SIGS(extract_sigs), .eval = fn_extract, .check = check_extract),
	FN(.name = "date_part", SIGS(date_part_sigs), .eval = fn_date_part, .check = check_extract),
	FN(.name = "date_trunc", SIGS(date_trunc_sigs), .eval = fn_date_trunc,
	   .check = check_date_trunc),
	FN(.name = "age", SIGS(age_sigs), .eval = fn_age, .check = check_age),
	FN(.name = "make_date", SIGS(make_date_sigs), .eval = fn_make_date),
	FN(.name = "make_time", SIGS(make_time_sigs), .eval = fn_make_time),
	FN(.name = "make_timestamp", SIGS(make_timestamp_sigs), .eval = fn_make_timestamp),
	FN(.name = "make_interval", SIGS(make_interval_sigs), .eval = fn_make_interval),
	FN(.name = "justify_days", SIGS(interval_interval), .eval = fn_justify_days),
	FN(.name = "justify_hours", SIGS(interval_interval), .eval = fn_justify_hours),
	FN(.name = "justify_interval", SIGS(interval_interval), .eval = fn_justify_interval),
	FN(.name = "date_bin", SIGS(date_bin_sigs), .eval = fn_date_bin),
	FN(.name = "isfinite", SIGS(isfinite_sigs), .eval = fn_isfinite),
	FN(.name = "dateadd", .redshift = {"date_add"}, SIGS(dateadd_sigs), .eval = fn_dateadd,
	   .check = check_rs_part, .flags = FQ_FN_PART_WORD),
	FN(.name = "datediff", SIGS(datediff_sigs), .eval = fn_datediff, .check = check_rs_part,
	   .flags = FQ_FN_PART_WORD),
	FN(.name = "add_months", SIGS(add_months_sigs), .eval = fn_add_months),
	FN(.name = "months_between", SIGS(months_between_sigs), .eval = fn_months_between),
	FN(.name = "last_day", SIGS(last_day_sigs), .eval = fn_last_day),
	/* Redshift's TRUNC of a timestamp, beside math.c's trunc of a number */
	FN(.name = "trunc", SIGS(trunc_sigs), .eval = fn_trunc_date),
};

const int fq_datetime_nfuncs = NSIGS(fq_datetime_funcs);
