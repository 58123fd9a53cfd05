/*
 * types.h — the engine's type system: names, properties, text input and
 * output, decimal and date/time arithmetic helpers.
 *
 * The types themselves (fq_type, fq_type_id, physical representations) are
 * public and live in fq.h.  Everything here is engine-private.
 *
 * Parsing functions return an fq_conv status rather than raising, because
 * only the caller knows the context an error message needs (which column,
 * which literal, which source).
 */
#ifndef FQ_TYPES_H
#define FQ_TYPES_H

#include "fq.h"
#include "core/arena.h"
#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fq_conv
{
	FQ_CONV_OK = 0,
	FQ_CONV_SYNTAX, /* not a valid text form of the type (22P02/22007) */
	FQ_CONV_RANGE,  /* valid, but out of the type's range (22003/22008) */
	FQ_CONV_NOMEM   /* memory ran out (raise with fq_raise_nomem) */
} fq_conv;

/* ---- Type properties ---- */

/* A type with default modifiers (VARCHAR unbounded, NUMERIC without
 * modifiers, TIMESTAMP(6), ...). */
fq_type fq_type_make(fq_type_id id);
fq_type fq_type_decimal(int precision, int scale);
fq_type fq_type_varchar(int32_t length); /* -1 = unbounded */
/* t without the modifiers that bound its values (length, (p,s),
 * fractional digits): what PostgreSQL calls typmod -1. */
fq_type fq_type_unbounded(const fq_type *t);
fq_type fq_type_char(int32_t length);

/* Bytes of one value in a vector (see fq.h for the representations). */
size_t fq_type_size(const fq_type *t);
bool fq_type_equal(const fq_type *a, const fq_type *b);
bool fq_type_is_integer(fq_type_id id);  /* INT2, INT4, INT8 */
bool fq_type_is_numeric(fq_type_id id);  /* integers, DECIMAL, FLOAT4/8 */
bool fq_type_is_string(fq_type_id id);   /* CHAR, VARCHAR */
bool fq_type_is_datetime(fq_type_id id); /* DATE, TIME, TIMESTAMP[TZ] */
/*
 * The SQL name fedq reports for a type, as PostgreSQL spells it without
 * modifiers: "boolean", "smallint", "integer", "bigint", "numeric", "real",
 * "double precision", "character", "character varying", "date",
 * "time without time zone", "timestamp without time zone",
 * "timestamp with time zone", "interval", "uuid", "bytea".
 */
const char *fq_type_name(fq_type_id id);
/* The full name with modifiers: "numeric(12,2)", "character varying(25)". */
void fq_type_format(const fq_type *t, fq_strbuf *out);

/*
 * Resolves a type name as written in SQL (CAST(x AS name(mods)) or
 * x::name), case-blind, with PostgreSQL's and Redshift's aliases:
 * int/int4/integer, int2/smallint, int8/bigint, numeric/decimal,
 * float4/real, float8/float/double precision, bool/boolean,
 * char/character/bpchar/nchar, varchar/character varying/nvarchar/text/
 * string, date, time [without time zone], timestamp [without time zone],
 * timestamptz/timestamp with time zone, interval, uuid, bytea/varbyte.
 * Multi-word names are passed joined by single spaces.  nmods is 0, 1 or
 * 2.  Returns false for an unknown name or invalid modifiers.
 */
bool fq_type_from_name(const char *name, const int32_t *mods, int nmods,
					   fq_type *out);

/* DECIMAL's arithmetic is in types/numeric.h. */

/* ---- Dates and times ---- */

#define FQ_USECS_PER_DAY INT64_C(86400000000)
#define FQ_USECS_PER_SEC INT64_C(1000000)

/* Days since 2000-01-01 of a proleptic Gregorian date (year 0 = 1 BC). */
int32_t fq_date_from_ymd(int year, int month, int day);
void fq_date_to_ymd(int32_t days, int *year, int *month, int *day);
bool fq_date_valid(int year, int month, int day);
/* Day of week, 0 = Sunday. */
int fq_date_dow(int32_t days);

/* ---- Text input: PostgreSQL's text forms ---- */

/*
 * Parses the text form of a value of type t into *slot (the type's physical
 * representation, fq_type_size(t) bytes).  Strings and BYTEA are copied
 * into `a`.  Accepts what PostgreSQL prints (DateStyle ISO, IntervalStyle
 * postgres, bytea hex and escape formats, 'infinity' dates, "BC" suffix,
 * time zone offsets on TIMESTAMPTZ) and the usual input forms
 * (true/false/t/f/yes/no/on/off/1/0; ISO 8601 'T' separator).  CHAR and
 * VARCHAR are not length-checked here.  Leading and trailing blanks are
 * ignored except for strings.
 */
fq_conv fq_parse_text(const char *s, size_t n, const fq_type *t, void *slot,
					  fq_arena *a);

/*
 * Writes the text form of one value (physical representation at `slot`) as
 * PostgreSQL prints it with DateStyle=ISO, IntervalStyle=postgres,
 * extra_float_digits=1 (shortest exact float), bytea_output=hex; booleans
 * as "t"/"f", or "1"/"0" when bool_digits.  Appends to `out`.
 */
void fq_format_text(const void *slot, const fq_type *t, bool bool_digits,
					fq_strbuf *out);

#endif
