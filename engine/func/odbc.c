/*
 * odbc.c — the ODBC escape functions (odbc.h).
 */
#include "func/odbc.h"

#include <sql.h>
#include <sqlext.h>
#include <stddef.h>
#include <strings.h>

#define STR(name, n, tmpl, bit) {name, n, tmpl, FQ_ODBC_STRING, SQL_FN_STR_##bit}
#define NUM(name, n, tmpl, bit) {name, n, tmpl, FQ_ODBC_NUMERIC, SQL_FN_NUM_##bit}
#define TD(name, n, tmpl, bit) {name, n, tmpl, FQ_ODBC_TIMEDATE, SQL_FN_TD_##bit}

static const fq_odbc_fn fns[] = {
	STR("CONCAT", 2, "(($1) || ($2))", CONCAT),
	STR("LCASE", 1, "lower($1)", LCASE),
	STR("UCASE", 1, "upper($1)", UCASE),
	STR("LENGTH", 1, "length(rtrim($1))", LENGTH), /* ODBC: without trailing blanks */
	STR("CHAR_LENGTH", 1, "char_length($1)", CHAR_LENGTH),
	STR("CHARACTER_LENGTH", 1, "char_length($1)", CHARACTER_LENGTH),
	STR("OCTET_LENGTH", 1, "octet_length($1)", OCTET_LENGTH),
	STR("LEFT", 2, "left($1, $2)", LEFT),
	STR("RIGHT", 2, "right($1, $2)", RIGHT),
	STR("LTRIM", 1, "ltrim($1)", LTRIM),
	STR("RTRIM", 1, "rtrim($1)", RTRIM),
	STR("REPLACE", 3, "replace($1, $2, $3)", REPLACE),
	STR("SUBSTRING", 3, "substring($1 FROM $2 FOR $3)", SUBSTRING),
	STR("SUBSTRING", 2, "substring($1 FROM $2)", SUBSTRING),
	STR("LOCATE", 2, "strpos($2, $1)", LOCATE_2),
	NUM("ABS", 1, "abs($1)", ABS),
	NUM("CEILING", 1, "ceil($1)", CEILING),
	NUM("FLOOR", 1, "floor($1)", FLOOR),
	NUM("ROUND", 2, "round($1, $2)", ROUND),
	NUM("ROUND", 1, "round($1)", ROUND),
	NUM("TRUNCATE", 2, "trunc($1, $2)", TRUNCATE),
	NUM("MOD", 2, "(($1) % ($2))", MOD),
	NUM("SQRT", 1, "sqrt($1)", SQRT),
	NUM("EXP", 1, "exp($1)", EXP),
	NUM("LOG", 1, "ln($1)", LOG), /* ODBC: the natural logarithm */
	NUM("LOG10", 1, "log10($1)", LOG10),
	NUM("POWER", 2, "power($1, $2)", POWER),
	NUM("SIGN", 1, "sign($1)", SIGN),
	NUM("PI", 0, "pi()", PI),
	NUM("DEGREES", 1, "degrees($1)", DEGREES),
	NUM("RADIANS", 1, "radians($1)", RADIANS),
	NUM("SIN", 1, "sin($1)", SIN),
	NUM("COS", 1, "cos($1)", COS),
	NUM("TAN", 1, "tan($1)", TAN),
	NUM("COT", 1, "cot($1)", COT),
	NUM("ASIN", 1, "asin($1)", ASIN),
	NUM("ACOS", 1, "acos($1)", ACOS),
	NUM("ATAN", 1, "atan($1)", ATAN),
	NUM("ATAN2", 2, "atan2($1, $2)", ATAN2),
	NUM("RAND", 0, "random()", RAND), /* not RAND(seed): no setseed */
	TD("CURDATE", 0, "current_date", CURDATE),
	TD("CURRENT_DATE", 0, "current_date", CURRENT_DATE),
	TD("NOW", 0, "current_timestamp", NOW),
	TD("CURRENT_TIMESTAMP", 0, "current_timestamp", CURRENT_TIMESTAMP),
	TD("YEAR", 1, "extract(year FROM $1)", YEAR),
	TD("MONTH", 1, "extract(month FROM $1)", MONTH),
	TD("QUARTER", 1, "extract(quarter FROM $1)", QUARTER),
	TD("WEEK", 1, "extract(week FROM $1)", WEEK),
	TD("DAYOFMONTH", 1, "extract(day FROM $1)", DAYOFMONTH),
	TD("DAYOFYEAR", 1, "extract(doy FROM $1)", DAYOFYEAR),
	TD("DAYOFWEEK", 1, "(extract(dow FROM $1) + 1)", DAYOFWEEK), /* ODBC: Sunday is 1 */
	TD("HOUR", 1, "extract(hour FROM $1)", HOUR),
	TD("MINUTE", 1, "extract(minute FROM $1)", MINUTE),
	TD("SECOND", 1, "floor(extract(second FROM $1))", SECOND),
	/* $U: one of the first argument's SQL_TSI_* units (fq_odbc_tsi), $D
	 * the whole units from $2 to $3 (fq_odbc_tsi_diff) */
	TD("TIMESTAMPADD", 3, "(($3) + ($2) * $U)", TIMESTAMPADD),
	TD("TIMESTAMPDIFF", 3, "$D", TIMESTAMPDIFF),
	{"IFNULL", 2, "coalesce($1, $2)", FQ_ODBC_SYSTEM, SQL_FN_SYS_IFNULL},
};

const fq_odbc_fn *
fq_odbc_fn_nth(int i)
{
	return i >= 0 && (size_t) i < sizeof(fns) / sizeof(fns[0]) ? &fns[i] : NULL;
}

const fq_odbc_fn *
fq_odbc_fn_find(const char *name, int nargs)
{
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i].nargs == nargs && strcasecmp(fns[i].name, name) == 0)
			return &fns[i];
	return NULL;
}

/*
 * TIMESTAMPADD adds n times the unit's interval.  TIMESTAMPDIFF counts the
 * whole units by which $3 is past $2 (negative when it is before,
 * truncated toward zero, as MySQL's TIMESTAMPDIFF): seconds to weeks from
 * the difference's seconds, months to years from age()'s years and months
 * (2024-01-31 to 2024-03-01 is one month).
 */
#define DIFF_SECS "extract(epoch FROM (CAST(($3) AS timestamp) - CAST(($2) AS timestamp)))"
#define DIFF_AGE "age(CAST(($3) AS timestamp), CAST(($2) AS timestamp))"
#define DIFF_MONTHS "(extract(year FROM " DIFF_AGE ") * 12 + extract(month FROM " DIFF_AGE "))"

typedef struct tsi_unit
{
	const char *name;
	const char *interval;  /* TIMESTAMPADD's */
	const char *diff;      /* TIMESTAMPDIFF's template */
	uint32_t bit;
} tsi_unit;

static const tsi_unit units[] = {
	{"SQL_TSI_SECOND", "INTERVAL '1 second'", "CAST(trunc(" DIFF_SECS ") AS bigint)",
	 SQL_FN_TSI_SECOND},
	{"SQL_TSI_MINUTE", "INTERVAL '1 minute'", "CAST(trunc(" DIFF_SECS " / 60) AS bigint)",
	 SQL_FN_TSI_MINUTE},
	{"SQL_TSI_HOUR", "INTERVAL '1 hour'", "CAST(trunc(" DIFF_SECS " / 3600) AS bigint)",
	 SQL_FN_TSI_HOUR},
	{"SQL_TSI_DAY", "INTERVAL '1 day'", "CAST(trunc(" DIFF_SECS " / 86400) AS bigint)",
	 SQL_FN_TSI_DAY},
	{"SQL_TSI_WEEK", "INTERVAL '7 days'", "CAST(trunc(" DIFF_SECS " / 604800) AS bigint)",
	 SQL_FN_TSI_WEEK},
	{"SQL_TSI_MONTH", "INTERVAL '1 month'", "CAST(" DIFF_MONTHS " AS bigint)", SQL_FN_TSI_MONTH},
	{"SQL_TSI_QUARTER", "INTERVAL '3 months'", "CAST(trunc(" DIFF_MONTHS " / 3) AS bigint)",
	 SQL_FN_TSI_QUARTER},
	{"SQL_TSI_YEAR", "INTERVAL '1 year'", "CAST(extract(year FROM " DIFF_AGE ") AS bigint)",
	 SQL_FN_TSI_YEAR},
};

/* The unit named (any case) and its bit, else NULL and every unit's bit. */
static const tsi_unit *
find_unit(const char *name, uint32_t *bit)
{
	uint32_t all = 0;

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
	{
		if (name != NULL && strcasecmp(name, units[i].name) == 0)
		{
			*bit = units[i].bit;
			return &units[i];
		}
		all |= units[i].bit;
	}
	*bit = all;
	return NULL;
}

const char *
fq_odbc_tsi(const char *unit, uint32_t *bit)
{
	const tsi_unit *u = find_unit(unit, bit);

	return u != NULL ? u->interval : NULL;
}

const char *
fq_odbc_tsi_diff(const char *unit, uint32_t *bit)
{
	const tsi_unit *u = find_unit(unit, bit);

	return u != NULL ? u->diff : NULL;
}

uint32_t
fq_odbc_fn_mask(fq_odbc_family f)
{
	uint32_t m = 0;

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i].family == f)
			m |= fns[i].bit;
	return m;
}
