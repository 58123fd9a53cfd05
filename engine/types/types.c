/*
 * types.c — type properties: constructors, physical sizes, SQL names, and
 * resolving a type name written in SQL (with PostgreSQL's and Redshift's
 * aliases) into an fq_type.
 */
#include "types/types.h"

#include <string.h>
#include <strings.h>

/* PostgreSQL's limit on a declared character length. */
#define FQ_CHAR_MAX_LENGTH 10485760
/* Default and largest fractional-second precision of TIME/TIMESTAMP. */
#define FQ_TIME_MAX_PREC 6

fq_type
fq_type_make(fq_type_id id)
{
	fq_type t;

	t.id = id;
	t.length = -1;
	t.precision = 0;
	t.scale = 0;
	switch (id)
	{
		case FQ_T_DECIMAL:
			/* precision 0: NUMERIC without modifiers, as PostgreSQL's */
			break;
		case FQ_T_CHAR:
			/* CHAR without a length is CHAR(1) in SQL. */
			t.length = 1;
			break;
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			t.precision = FQ_TIME_MAX_PREC;
			break;
		default:
			break;
	}
	return t;
}

fq_type
fq_type_decimal(int precision, int scale)
{
	fq_type t = fq_type_make(FQ_T_DECIMAL);

	t.precision = (int16_t) precision;
	t.scale = (int16_t) scale;
	return t;
}

fq_type
fq_type_unbounded(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_CHAR:
			return fq_type_char(-1);
		case FQ_T_VARCHAR:
			/* text stays text; varchar(n) loses its n */
			return fq_type_varchar(t->length == -1 ? -1 : FQ_VARCHAR_NOLEN);
		case FQ_T_BYTEA:
			{
				fq_type u = *t;

				u.length = -1;
				return u;
			}
		case FQ_T_DECIMAL:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			return fq_type_make(t->id);
		default:
			return *t;
	}
}

fq_type
fq_type_varchar(int32_t length)
{
	fq_type t = fq_type_make(FQ_T_VARCHAR);

	t.length = length;
	return t;
}

fq_type
fq_type_char(int32_t length)
{
	fq_type t = fq_type_make(FQ_T_CHAR);

	t.length = length;
	return t;
}

size_t
fq_type_size(const fq_type *t)
{
	switch (t->id)
	{
		case FQ_T_BOOL:
			return sizeof(uint8_t);
		case FQ_T_INT2:
			return sizeof(int16_t);
		case FQ_T_INT4:
			return sizeof(int32_t);
		case FQ_T_INT8:
			return sizeof(int64_t);
		case FQ_T_DECIMAL:
			return sizeof(fq_numeric);
		case FQ_T_FLOAT4:
			return sizeof(float);
		case FQ_T_FLOAT8:
			return sizeof(double);
		case FQ_T_DATE:
			return sizeof(int32_t);
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			return sizeof(int64_t);
		case FQ_T_INTERVAL:
			return sizeof(fq_interval);
		case FQ_T_UUID:
			return sizeof(fq_uuid);
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
		case FQ_T_UNKNOWN: /* untyped literals are text */
			return sizeof(fq_string);
		case FQ_T__COUNT:
			break;
	}
	/* An unrecognised id: the widest slot keeps a stray caller in bounds. */
	return sizeof(fq_int128);
}

bool
fq_type_equal(const fq_type *a, const fq_type *b)
{
	if (a->id != b->id)
		return false;
	/* Only the modifiers that mean something for the type take part. */
	switch (a->id)
	{
		case FQ_T_DECIMAL:
			return a->precision == b->precision && a->scale == b->scale;
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
		case FQ_T_BYTEA:
			return a->length == b->length;
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			return a->precision == b->precision;
		default:
			return true;
	}
}

bool
fq_type_is_integer(fq_type_id id)
{
	return id == FQ_T_INT2 || id == FQ_T_INT4 || id == FQ_T_INT8;
}

bool
fq_type_is_numeric(fq_type_id id)
{
	return fq_type_is_integer(id) || id == FQ_T_DECIMAL ||
		id == FQ_T_FLOAT4 || id == FQ_T_FLOAT8;
}

bool
fq_type_is_string(fq_type_id id)
{
	return id == FQ_T_CHAR || id == FQ_T_VARCHAR;
}

bool
fq_type_is_datetime(fq_type_id id)
{
	return id == FQ_T_DATE || id == FQ_T_TIME || id == FQ_T_TIMESTAMP ||
		id == FQ_T_TIMESTAMPTZ;
}

const char *
fq_type_name(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_UNKNOWN:
			return "unknown";
		case FQ_T_BOOL:
			return "boolean";
		case FQ_T_INT2:
			return "smallint";
		case FQ_T_INT4:
			return "integer";
		case FQ_T_INT8:
			return "bigint";
		case FQ_T_DECIMAL:
			return "numeric";
		case FQ_T_FLOAT4:
			return "real";
		case FQ_T_FLOAT8:
			return "double precision";
		case FQ_T_CHAR:
			return "character";
		case FQ_T_VARCHAR:
			return "character varying";
		case FQ_T_DATE:
			return "date";
		case FQ_T_TIME:
			return "time without time zone";
		case FQ_T_TIMESTAMP:
			return "timestamp without time zone";
		case FQ_T_TIMESTAMPTZ:
			return "timestamp with time zone";
		case FQ_T_INTERVAL:
			return "interval";
		case FQ_T_UUID:
			return "uuid";
		case FQ_T_BYTEA:
			return "bytea";
		case FQ_T__COUNT:
			break;
	}
	return "unknown";
}

void
fq_type_format(const fq_type *t, fq_strbuf *out)
{
	switch (t->id)
	{
		case FQ_T_DECIMAL:
			if (t->precision == 0)
				fq_strbuf_append(out, "numeric");
			else
				fq_strbuf_printf(out, "numeric(%d,%d)", t->precision, t->scale);
			return;
		case FQ_T_CHAR:
			/* PostgreSQL spells a length-less blank-padded string bpchar. */
			if (t->length < 0)
				fq_strbuf_append(out, "bpchar");
			else
				fq_strbuf_printf(out, "character(%d)", (int) t->length);
			return;
		case FQ_T_VARCHAR:
			if (t->length == -1)
				fq_strbuf_append(out, "text");
			else if (t->length < 0)
				fq_strbuf_append(out, "character varying");
			else
				fq_strbuf_printf(out, "character varying(%d)", (int) t->length);
			return;
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			if (t->precision != FQ_TIME_MAX_PREC)
			{
				fq_strbuf_printf(out, "%s(%d) %s",
								 t->id == FQ_T_TIME ? "time" : "timestamp",
								 t->precision,
								 t->id == FQ_T_TIMESTAMPTZ ? "with time zone"
								 : "without time zone");
				return;
			}
			break;
		default:
			break;
	}
	fq_strbuf_append(out, fq_type_name(t->id));
}

/* How a name's modifiers are read. */
typedef enum name_mods
{
	MODS_NONE,      /* no modifiers allowed */
	MODS_NUMERIC,   /* (precision[, scale]) */
	MODS_CHAR,      /* (length), default 1 */
	MODS_BPCHAR,    /* (length), default unbounded */
	MODS_VARCHAR,   /* (length), default unbounded */
	MODS_TEXT,      /* none; unbounded VARCHAR */
	MODS_VARBYTE,   /* (length), default unbounded */
	MODS_TIME,      /* (fractional digits) */
	MODS_FLOAT,     /* float(p): p picks REAL or DOUBLE PRECISION */
	MODS_INTERVAL   /* interval(p): accepted, ignored */
} name_mods;

typedef struct type_alias
{
	const char *name;
	fq_type_id id;
	name_mods mods;
} type_alias;

static const type_alias type_aliases[] = {
	{"bool", FQ_T_BOOL, MODS_NONE},
	{"boolean", FQ_T_BOOL, MODS_NONE},
	{"int2", FQ_T_INT2, MODS_NONE},
	{"smallint", FQ_T_INT2, MODS_NONE},
	{"int", FQ_T_INT4, MODS_NONE},
	{"int4", FQ_T_INT4, MODS_NONE},
	{"integer", FQ_T_INT4, MODS_NONE},
	{"int8", FQ_T_INT8, MODS_NONE},
	{"bigint", FQ_T_INT8, MODS_NONE},
	{"numeric", FQ_T_DECIMAL, MODS_NUMERIC},
	{"decimal", FQ_T_DECIMAL, MODS_NUMERIC},
	{"dec", FQ_T_DECIMAL, MODS_NUMERIC},
	{"float4", FQ_T_FLOAT4, MODS_NONE},
	{"real", FQ_T_FLOAT4, MODS_NONE},
	{"float8", FQ_T_FLOAT8, MODS_NONE},
	{"float", FQ_T_FLOAT8, MODS_FLOAT},
	{"double precision", FQ_T_FLOAT8, MODS_NONE},
	{"char", FQ_T_CHAR, MODS_CHAR},
	{"character", FQ_T_CHAR, MODS_CHAR},
	{"nchar", FQ_T_CHAR, MODS_CHAR},
	{"national character", FQ_T_CHAR, MODS_CHAR},
	{"bpchar", FQ_T_CHAR, MODS_BPCHAR},
	{"varchar", FQ_T_VARCHAR, MODS_VARCHAR},
	{"character varying", FQ_T_VARCHAR, MODS_VARCHAR},
	{"char varying", FQ_T_VARCHAR, MODS_VARCHAR},
	{"nvarchar", FQ_T_VARCHAR, MODS_VARCHAR},
	{"national character varying", FQ_T_VARCHAR, MODS_VARCHAR},
	{"text", FQ_T_VARCHAR, MODS_TEXT},
	{"string", FQ_T_VARCHAR, MODS_TEXT},
	{"date", FQ_T_DATE, MODS_NONE},
	{"time", FQ_T_TIME, MODS_TIME},
	{"time without time zone", FQ_T_TIME, MODS_TIME},
	{"timestamp", FQ_T_TIMESTAMP, MODS_TIME},
	{"timestamp without time zone", FQ_T_TIMESTAMP, MODS_TIME},
	{"timestamptz", FQ_T_TIMESTAMPTZ, MODS_TIME},
	{"timestamp with time zone", FQ_T_TIMESTAMPTZ, MODS_TIME},
	{"interval", FQ_T_INTERVAL, MODS_INTERVAL},
	{"uuid", FQ_T_UUID, MODS_NONE},
	{"bytea", FQ_T_BYTEA, MODS_NONE},
	{"varbyte", FQ_T_BYTEA, MODS_VARBYTE},
	{"varbinary", FQ_T_BYTEA, MODS_VARBYTE},
	{"binary varying", FQ_T_BYTEA, MODS_VARBYTE},
};

static bool
length_mod(const int32_t *mods, int nmods, int32_t dflt, int32_t *out)
{
	if (nmods == 0)
	{
		*out = dflt;
		return true;
	}
	if (nmods != 1 || mods[0] < 1 || mods[0] > FQ_CHAR_MAX_LENGTH)
		return false;
	*out = mods[0];
	return true;
}

bool
fq_type_from_name(const char *name, const int32_t *mods, int nmods,
				  fq_type *out)
{
	const type_alias *alias = NULL;
	fq_type t;

	if (name == NULL || nmods < 0 || nmods > 2 || (nmods > 0 && mods == NULL))
		return false;
	for (size_t i = 0; i < sizeof(type_aliases) / sizeof(type_aliases[0]); i++)
	{
		if (strcasecmp(name, type_aliases[i].name) == 0)
		{
			alias = &type_aliases[i];
			break;
		}
	}
	if (alias == NULL)
		return false;

	t = fq_type_make(alias->id);
	switch (alias->mods)
	{
		case MODS_NONE:
		case MODS_TEXT:
			if (nmods != 0)
				return false;
			break;
		case MODS_NUMERIC:
			if (nmods >= 1)
			{
				/* PostgreSQL 15's ranges: scale may be negative or exceed
				 * the precision. */
				if (mods[0] < 1 || mods[0] > FQ_NUMERIC_MAX_PREC)
					return false;
				t.precision = (int16_t) mods[0];
				t.scale = 0;
			}
			if (nmods == 2)
			{
				if (mods[1] < -FQ_NUMERIC_MAX_PREC || mods[1] > FQ_NUMERIC_MAX_PREC)
					return false;
				t.scale = (int16_t) mods[1];
			}
			break;
		case MODS_CHAR:
			if (!length_mod(mods, nmods, 1, &t.length))
				return false;
			break;
		case MODS_VARCHAR:
			if (!length_mod(mods, nmods, FQ_VARCHAR_NOLEN, &t.length))
				return false;
			break;
		case MODS_BPCHAR:
		case MODS_VARBYTE:
			if (!length_mod(mods, nmods, -1, &t.length))
				return false;
			break;
		case MODS_TIME:
			if (nmods > 1)
				return false;
			if (nmods == 1)
			{
				if (mods[0] < 0 || mods[0] > FQ_TIME_MAX_PREC)
					return false;
				t.precision = (int16_t) mods[0];
			}
			break;
		case MODS_FLOAT:
			/* SQL's float(p) counts binary digits of the mantissa. */
			if (nmods > 1)
				return false;
			if (nmods == 1)
			{
				if (mods[0] < 1 || mods[0] > 53)
					return false;
				t = fq_type_make(mods[0] <= 24 ? FQ_T_FLOAT4 : FQ_T_FLOAT8);
			}
			break;
		case MODS_INTERVAL:
			/* fq_interval always keeps microseconds; a precision only
			 * limits what PostgreSQL stores, so it is checked and dropped. */
			if (nmods > 1)
				return false;
			if (nmods == 1 && (mods[0] < 0 || mods[0] > FQ_TIME_MAX_PREC))
				return false;
			break;
	}
	*out = t;
	return true;
}
