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
							else if (strcmp(unit, "century") == 0)
								p.year = p.year > 0 ? ((p.year - 1) / 100) * 100 + 1 : p.year;
							else if (strcmp(unit, "millennium") == 0)
								p.year = p.year > 0 ? ((p.year - 1) / 1000) * 1000 + 1 : p.year;
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

const fq_func_def fq_datetime_funcs[] = {
	FN(.name = "extract", SIGS(extract_sigs), .eval = fn_extract, .check = check_extract),
	FN(.name = "date_part", SIGS(date_part_sigs), .eval = fn_date_part, .check = check_extract),
	FN(.name = "date_trunc", SIGS(date_trunc_sigs), .eval = fn_date_trunc,
	   .check = check_date_trunc),
};

const int fq_datetime_nfuncs = NSIGS(fq_datetime_funcs);
