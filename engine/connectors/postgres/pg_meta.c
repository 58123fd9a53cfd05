/*
 * pg_meta.c — what a PostgreSQL source holds: its schemas, tables and
 * columns, and how each PostgreSQL type maps to an engine type.
 *
 * BI tools list thousands of tables at once, so a listing is one catalog
 * query (tables and, when asked, all their columns in the same query),
 * never one query per table.  Names and patterns travel as parameters.
 *
 * The tables one statement names are looked up together, one query per
 * source, and fq_pg_list_tables_send/_recv let the caller keep several
 * sources working at once.
 *
 * Entry points: fq_pg_map_type, fq_pg_list_tables (and its two halves),
 * fq_pg_list_schemas, fq_pg_list_keys, fq_pg_lookup_finds,
 * fq_pg_current_setting.
 */
#include "connectors/postgres/pg_int.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "types/numeric.h"
#include "types/types.h"

#include <stdlib.h>
#include <string.h>

/* ---- Type mapping ---- */

static fq_type
text_type(bool *text_cast)
{
	*text_cast = true;
	return fq_type_varchar(-1);
}

/* Fractional second digits of time/timestamp typmods (-1 = default 6). */
static int16_t
time_precision(int32_t typmod)
{
	if (typmod < 0 || typmod > 6)
		return 6;
	return (int16_t) typmod;
}

/* numeric(p,s) as declared (PostgreSQL 15's scale may be negative or
 * above p); numeric without modifiers stays without. */
static fq_type
numeric_type(int32_t typmod)
{
	int32_t p;
	int32_t s;

	if (typmod < 4)
		return fq_type_make(FQ_T_DECIMAL);
	p = ((typmod - 4) >> 16) & 0xffff;
	/* An 11-bit signed scale since PostgreSQL 15; older servers only
	 * have 0..1000, which reads the same way. */
	s = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
	if (p < 1 || p > FQ_NUMERIC_MAX_PREC)
		return fq_type_make(FQ_T_DECIMAL);
	return fq_type_decimal(p, s);
}

void
fq_pg_map_type(uint32_t oid, int32_t typmod, fq_type *out,
			   bool *text_cast)
{
	fq_type t;

	*text_cast = false;
	switch (oid)
	{
		case PG_OID_BOOL:
			t = fq_type_make(FQ_T_BOOL);
			break;
		case PG_OID_INT2:
			t = fq_type_make(FQ_T_INT2);
			break;
		case PG_OID_INT4:
			t = fq_type_make(FQ_T_INT4);
			break;
		case PG_OID_INT8:
			t = fq_type_make(FQ_T_INT8);
			break;
		case PG_OID_NUMERIC:
			t = numeric_type(typmod);
			break;
		case PG_OID_FLOAT4:
			t = fq_type_make(FQ_T_FLOAT4);
			break;
		case PG_OID_FLOAT8:
			t = fq_type_make(FQ_T_FLOAT8);
			break;
		case PG_OID_BPCHAR:
			/* bpchar without a length (a cast result, a CASE over char and
			 * text) pads nothing but still compares without its trailing
			 * blanks. */
			t = fq_type_char(typmod > 4 ? typmod - 4 : -1);
			break;
		case PG_OID_VARCHAR:
			t = fq_type_varchar(typmod > 4 ? typmod - 4 : FQ_VARCHAR_NOLEN);
			break;
		case PG_OID_TEXT:
		case PG_OID_NAME:
			/* Binary text and name are their bytes: no cast needed. */
			t = fq_type_varchar(-1);
			break;
		case PG_OID_CHAR:
			/* "char" is one raw byte in binary, not necessarily UTF-8. */
			t = fq_type_char(1);
			*text_cast = true;
			break;
		case PG_OID_DATE:
			t = fq_type_make(FQ_T_DATE);
			break;
		case PG_OID_TIME:
			t = fq_type_make(FQ_T_TIME);
			t.precision = time_precision(typmod);
			break;
		case PG_OID_TIMESTAMP:
			t = fq_type_make(FQ_T_TIMESTAMP);
			t.precision = time_precision(typmod);
			break;
		case PG_OID_TIMESTAMPTZ:
			t = fq_type_make(FQ_T_TIMESTAMPTZ);
			t.precision = time_precision(typmod);
			break;
		case PG_OID_INTERVAL:
			t = fq_type_make(FQ_T_INTERVAL);
			break;
		case PG_OID_UUID:
			t = fq_type_make(FQ_T_UUID);
			break;
		case PG_OID_BYTEA:
			t = fq_type_make(FQ_T_BYTEA);
			t.length = -1;
			break;
		default:
			/* json, jsonb, arrays, enums, inet, money, xml, ranges, timetz,
			 * bit, oid and reg* types, extension types: their text form. */
			t = text_type(text_cast);
			break;
	}
	*out = t;
}

/* ---- Listing tables ---- */

/* Parameters of a catalog query, numbered as they are added; the array
 * is the heap's, freed when the query is sent (send_catalog_query). */
typedef struct query_params
{
	const char **values;
	int n;
	int cap;
	bool nomem;
} query_params;

static int
add_param(query_params *p, const char *v)
{
	if (p->n == p->cap)
	{
		int cap = p->cap > 0 ? p->cap * 2 : 8;
		const char **grown = fq_realloc(p->values, sizeof(char *) * (size_t) cap);

		if (grown == NULL)
		{
			p->nomem = true;
			return 0;
		}
		p->values = grown;
		p->cap = cap;
	}
	p->values[p->n] = v;
	return ++p->n;
}

/* A list of names (n > 0) as parameters: the number of the first. */
static int
add_list_params(query_params *p, const char *const *names, int n)
{
	int first = p->n + 1;

	for (int i = 0; i < n; i++)
		add_param(p, names[i]);
	return first;
}

/* " AND col IN ($first, ..., $(first + n - 1))" */
static void
append_in_list(fq_strbuf *q, const char *col, int first, int n)
{
	fq_strbuf_printf(q, " AND %s IN (", col);
	for (int i = 0; i < n; i++)
		fq_strbuf_printf(q, "%s$%d", i > 0 ? ", " : "", first + i);
	fq_strbuf_appendc(q, ')');
}

/* Whether the filter names "pg_temp", the session's temporary schema
 * (pg_my_temp_schema(): its real name is pg_temp_<n>). */
static bool
asks_temp(const fq_pg_meta_filter *f)
{
	if (f->schema != NULL)
		return strcmp(f->schema, "pg_temp") == 0;
	for (int i = 0; i < f->nschemas; i++)
		if (strcmp(f->schemas[i], "pg_temp") == 0)
			return true;
	return false;
}

/* The parameters of a filter's lists of names (0: no list). */
typedef struct list_params
{
	int schemas;
	int tables;
} list_params;

/*
 * The WHERE clause shared by the table listing: relation kinds, no
 * partitions (their parent is listed), system schemas only when named.
 */
static void
append_filter(fq_strbuf *q, const fq_pg_conn *c, const fq_pg_meta_filter *f,
			  const list_params *lp, query_params *p)
{
	fq_strbuf_append(q, " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')");
	if (c->server_num >= 100000)
		fq_strbuf_append(q, " AND NOT c.relispartition");
	if (f->schema != NULL && strcmp(f->schema, "pg_temp") == 0)
		fq_strbuf_append(q, " AND n.oid = pg_catalog.pg_my_temp_schema()");
	else if (f->schema != NULL)
		fq_strbuf_printf(q, " AND n.nspname = $%d", add_param(p, f->schema));
	else if (f->nschemas > 0)
	{
		bool temp = asks_temp(f);

		fq_strbuf_append(q, temp ? " AND (true" : "");
		append_in_list(q, "n.nspname", lp->schemas, f->nschemas);
		fq_strbuf_append(q, temp ? " OR n.oid = pg_catalog.pg_my_temp_schema())" : "");
	}
	else
		fq_strbuf_append(q, " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
							" AND n.nspname NOT LIKE 'pg\\_toast%'"
							" AND n.nspname NOT LIKE 'pg\\_temp\\_%'");
	if (f->schema_like != NULL)
		fq_strbuf_printf(q, " AND n.nspname %s $%d", f->case_blind ? "ILIKE" : "LIKE",
						 add_param(p, f->schema_like));
	if (f->table != NULL)
		fq_strbuf_printf(q, " AND c.relname = $%d", add_param(p, f->table));
	if (f->ntables > 0)
		append_in_list(q, "c.relname", lp->tables, f->ntables);
	if (f->table_like != NULL)
		fq_strbuf_printf(q, " AND c.relname %s $%d", f->case_blind ? "ILIKE" : "LIKE",
						 add_param(p, f->table_like));
}

/*
 * One query lists the tables and, with want_columns, all their live
 * columns: one row per column (one row with NULL attnum for a table
 * without columns).  Domains are read as their base type (two levels of
 * domains over domains; deeper ones fall back to their text form).
 */
static void
build_list_query(fq_strbuf *q, const fq_pg_conn *c, const fq_pg_meta_filter *f,
				 query_params *p)
{
	list_params lp = {
		.schemas = f->nschemas > 0 ? add_list_params(p, f->schemas, f->nschemas) : 0,
		.tables = f->ntables > 0 ? add_list_params(p, f->tables, f->ntables) : 0,
	};

	/* The session's temporary schema answers to "pg_temp", as PostgreSQL
	 * resolves that name in a query. */
	if (asks_temp(f))
		fq_strbuf_append(q,
			"SELECT CASE WHEN n.oid = pg_catalog.pg_my_temp_schema() THEN 'pg_temp'"
			" ELSE n.nspname END, c.relname, c.relkind,"
			" coalesce(td.description, '')");
	else
		fq_strbuf_append(q,
			"SELECT n.nspname, c.relname, c.relkind,"
			" coalesce(td.description, '')");
	if (f->want_columns)
		fq_strbuf_append(q,
			", a.attnum, a.attname,"
			" pg_catalog.format_type(a.atttypid, a.atttypmod),"
			" CASE WHEN t.typtype <> 'd' THEN t.oid"
			"      WHEN bt.typtype <> 'd' THEN bt.oid ELSE bt.typbasetype END,"
			" CASE WHEN t.typtype <> 'd' THEN a.atttypmod"
			"      WHEN t.typtypmod <> -1 OR bt.typtype <> 'd' THEN t.typtypmod"
			"      ELSE bt.typtypmod END,"
			" a.attnotnull,"
			" pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),"
			" coalesce(cd.description, '')");
	/* Last, so the column positions above do not depend on it; an integer,
	 * because strtod would follow the client application's locale. */
	fq_strbuf_append(q, ", c.reltuples::pg_catalog.int8");
	/*
	 * pg_stats (the statistics the user may read), the row of the whole
	 * tree for partitioned and inheritance parents: the distinct values
	 * (a negative n_distinct is a fraction of the rows), the fraction of
	 * NULLs in millionths (integers again), the most common values and
	 * their frequencies, the histogram's bounds; then the table's indexes
	 * (STAT_COLS columns in all).
	 */
	if (f->want_columns && f->want_stats)
	{
		fq_strbuf_append(q,
			", pg_catalog.round(CASE WHEN s.n_distinct >= 0 THEN s.n_distinct"
			"   ELSE -s.n_distinct * GREATEST(c.reltuples, 0) END)::pg_catalog.int8,"
			" pg_catalog.round(s.null_frac * 1000000)::pg_catalog.int8,"
			" s.most_common_vals::pg_catalog.text, s.most_common_freqs::pg_catalog.text,"
			" s.histogram_bounds::pg_catalog.text,"
			/* "u1 2;i3": unique or not, the key columns' attnums (0: an
			 * expression); indkey, an int2vector, is subscripted from 0 */
			" (SELECT pg_catalog.string_agg(CASE WHEN i.indisunique THEN 'u' ELSE 'i' END"
			"   || pg_catalog.array_to_string((i.indkey::pg_catalog.int2[])[0:");
		fq_strbuf_append(q, c->server_num >= 110000 ? "i.indnkeyatts" : "i.indnatts");
		fq_strbuf_append(q,
			" - 1], ' '), ';' ORDER BY i.indexrelid)"
			"   FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisvalid"
			"   AND i.indpred IS NULL)");
	}
	/*
	 * Whether lower() and upper() of the column at the source map letters
	 * as fedq does (glibc's UTF-8 tables): its collation, or the
	 * database's for the default one, is a libc UTF-8 locale other than
	 * Turkish and Azeri.  ICU (PostgreSQL 15's datlocprovider 'i') and "C"
	 * map otherwise.  Last of all, so nothing above moves.
	 */
	if (f->want_columns)
	{
		fq_strbuf_append(q,
			", CASE WHEN a.attcollation = 0 THEN true"
			"  WHEN a.attcollation = 100 THEN (SELECT d.datctype ~* '[.]utf-?8$'"
			"   AND d.datctype !~ '^(tr|az)_'");
		if (c->server_num >= 150000)
			fq_strbuf_append(q, " AND d.datlocprovider = 'c'");
		fq_strbuf_append(q,
			"   FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())"
			"  ELSE coalesce((SELECT co.collprovider = 'c' AND co.collctype ~* '[.]utf-?8$'"
			"   AND co.collctype !~ '^(tr|az)_' FROM pg_catalog.pg_collation co"
			"   WHERE co.oid = a.attcollation), false) END");
	}
	fq_strbuf_append(q,
		" FROM pg_catalog.pg_class c"
		" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
		" LEFT JOIN pg_catalog.pg_description td ON td.objoid = c.oid"
		"  AND td.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
		"  AND td.objsubid = 0");
	if (f->want_columns)
		fq_strbuf_append(q,
			" LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
			"  AND a.attnum > 0 AND NOT a.attisdropped"
			" LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
			" LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
			" LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid"
			"  AND ad.adnum = a.attnum"
			" LEFT JOIN pg_catalog.pg_description cd ON cd.objoid = c.oid"
			"  AND cd.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
			"  AND cd.objsubid = a.attnum");
	if (f->want_columns && f->want_stats)
	{
		fq_strbuf_append(q,
			" LEFT JOIN pg_catalog.pg_stats s ON s.schemaname = n.nspname"
			"  AND s.tablename = c.relname AND s.attname = a.attname"
			"  AND s.inherited = c.relhassubclass");
		/*
		 * The lists again, on pg_stats' own columns: the planner carries
		 * an equality (n.nspname = $1) over to the other side of the join,
		 * but not an IN list, and without it reads the statistics of
		 * every table the user may see (3 ms instead of 1 for two tables
		 * of a TPC-DS source).
		 */
		if (lp.schemas > 0)
			append_in_list(q, "s.schemaname", lp.schemas, f->nschemas);
		if (lp.tables > 0)
			append_in_list(q, "s.tablename", lp.tables, f->ntables);
	}
	append_filter(q, c, f, &lp, p);
	/* name compares bytewise, fedq's order. */
	fq_strbuf_append(q, " ORDER BY 1, 2");
	if (f->want_columns)
		fq_strbuf_append(q, ", a.attnum");
}

/* Sends the catalog query built in q and its parameters, freeing both;
 * raises on failure (out of memory building it, too). */
static int
send_catalog_query(fq_pg_conn *c, fq_strbuf *q, query_params *p, fq_diags *d)
{
	int rc;

	if (!fq_strbuf_ok(q) || p->nomem)
		rc = fq_raise_nomem(d, NULL);
	else if ((rc = fq_pg_check_ready(c, d)) == FQ_OK)
		rc = fq_pg_send_catalog_query(c, fq_strbuf_str(q), p->n, p->values, d);
	fq_strbuf_free(q);
	free(p->values);
	p->values = NULL;
	return rc;
}

/* The rows of the catalog query sent last; raises and returns NULL on
 * failure. */
static PGresult *
catalog_result(fq_pg_conn *c, fq_diags *d)
{
	PGresult *res;

	if (fq_pg_exec_results(c, &res, d) < 0)
		return NULL;
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		fq_pg_raise_result(c, res, false, d);
		PQclear(res);
		fq_pg_note_status(c);
		return NULL;
	}
	return res;
}

/* send_catalog_query and catalog_result. */
static PGresult *
run_catalog_query(fq_pg_conn *c, fq_strbuf *q, query_params *p, fq_diags *d)
{
	if (send_catalog_query(c, q, p, d) < 0)
		return NULL;
	return catalog_result(c, d);
}

static bool
same_table(const PGresult *res, int a, int b)
{
	return strcmp(PQgetvalue(res, a, 0), PQgetvalue(res, b, 0)) == 0 &&
		   strcmp(PQgetvalue(res, a, 1), PQgetvalue(res, b, 1)) == 0;
}

/* Result columns of the listing with columns: the table's row count,
 * then with statistics STAT_COLS more, then the case-mapping flag. */
#define COL_RELTUPLES 12
#define COL_NDISTINCT 13
#define COL_NULL_FRAC 14
#define COL_MCV 15
#define COL_MCV_FREQ 16
#define COL_HIST 17
#define COL_INDEXES 18
#define STAT_COLS 6

/* ---- Statistics ---- */

/*
 * A real as PostgreSQL prints it ("0.0123", "1e-05"), read without the
 * C library, whose strtod follows the application's locale.
 */
static double
parse_real(const char *s, const char **end)
{
	double v = 0;
	double scale = 1;
	int exp = 0;
	bool neg = false;
	bool eneg = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			v += (*s - '0') * (scale /= 10);
	if (*s == 'e' || *s == 'E')
	{
		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		while (*s >= '0' && *s <= '9' && exp < 400)
			exp = exp * 10 + (*s++ - '0');
		while (exp-- > 0)
			v = eneg ? v / 10 : v * 10;
	}
	if (end != NULL)
		*end = s;
	return neg ? -v : v;
}

/*
 * The elements of an array's text form ({a,"b c",NULL}), unquoted, into
 * *out (NULL elements left out).  -1 when `a` runs out, else the count;
 * 0 for text that is not an array.
 */
static int
split_array(const char *s, fq_arena *a, char ***out)
{
	int n = 0;
	int cap = 0;
	char **items = NULL;
	size_t len = strlen(s);
	char *buf;

	*out = NULL;
	if (*s++ != '{')
		return 0;
	/* each element's text is no longer than its form in s */
	if ((buf = fq_arena_alloc(a, len + 1)) == NULL)
		return -1;
	while (*s != '\0' && *s != '}')
	{
		char *w = buf;
		bool quoted = false;

		while (*s == ' ')
			s++;
		if (*s == '"')
		{
			quoted = true;
			for (s++; *s != '\0' && *s != '"'; s++)
				*w++ = *s == '\\' && s[1] != '\0' ? *++s : *s;
			if (*s == '"')
				s++;
		}
		else
			while (*s != '\0' && *s != ',' && *s != '}')
				*w++ = *s++;
		*w = '\0';
		if (*s == ',')
			s++;
		if (!quoted && strcmp(buf, "NULL") == 0)
			continue;
		if (n == cap)
		{
			char **grown = fq_arena_realloc(a, items, sizeof(char *) * (size_t) cap,
											sizeof(char *) * (size_t) (cap ? cap * 2 : 16));

			if (grown == NULL)
				return -1;
			items = grown;
			cap = cap ? cap * 2 : 16;
		}
		if ((items[n++] = fq_arena_strdup(a, buf)) == NULL)
			return -1;
	}
	*out = items;
	return n;
}

/* One statistics value of a column of type t (read as text: text_cast). */
static bool
to_statval(const char *text, const fq_type *t, bool text_cast, fq_arena *a, fq_pg_statval *v)
{
	union
	{
		uint8_t b;
		int16_t i2;
		int32_t i4;
		int64_t i8;
		float f4;
		double f8;
		fq_numeric num;
	} slot;
	size_t n = strlen(text);

	v->is_num = false;
	v->str = text;
	v->len = n;
	if (text_cast)
		return true;
	switch (t->id)
	{
		case FQ_T_CHAR:
			while (n > 0 && text[n - 1] == ' ')
				n--;
			if ((v->str = fq_arena_strndup(a, text, n)) == NULL)
				return false;
			v->len = n;
			return true;
		case FQ_T_BOOL:
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
		case FQ_T_DECIMAL:
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
		case FQ_T_DATE:
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
			break;
		default:
			return true;
	}
	switch (fq_parse_text(text, n, t, &slot, a))
	{
		case FQ_CONV_OK:
			break;
		case FQ_CONV_NOMEM:
			return false;
		default:
			return true; /* kept as text */
	}
	v->is_num = true;
	switch (t->id)
	{
		case FQ_T_BOOL:
			v->num = slot.b;
			break;
		case FQ_T_INT2:
			v->num = slot.i2;
			break;
		case FQ_T_INT4:
			v->num = slot.i4;
			break;
		case FQ_T_INT8:
			v->num = (double) slot.i8;
			break;
		case FQ_T_DECIMAL:
			v->is_num = fq_num_to_double(&slot.num, &v->num) == FQ_CONV_OK;
			break;
		case FQ_T_FLOAT4:
			v->num = slot.f4;
			break;
		case FQ_T_FLOAT8:
			v->num = slot.f8;
			break;
		case FQ_T_DATE:
			v->num = slot.i4;
			break;
		case FQ_T_TIME:
			v->num = (double) slot.i8 / FQ_USECS_PER_SEC;
			break;
		default: /* TIMESTAMP[TZ] */
			v->num = (double) slot.i8 / (double) FQ_USECS_PER_DAY;
			break;
	}
	return true;
}

/* An array of statistics values (most common values, histogram bounds). */
static bool
statvals(const PGresult *res, int row, int col, const fq_pg_column *c, fq_arena *a,
		 fq_pg_statval **out, int *n)
{
	char **items;
	int k;

	*out = NULL;
	*n = 0;
	if (PQgetisnull(res, row, col))
		return true;
	if ((k = split_array(PQgetvalue(res, row, col), a, &items)) < 0)
		return false;
	if (k == 0)
		return true;
	if ((*out = FQ_NEW_ARRAY(a, fq_pg_statval, k)) == NULL)
		return false;
	for (int i = 0; i < k; i++)
		if (!to_statval(items[i], &c->type, c->text_cast, a, &(*out)[i]))
			return false;
	*n = k;
	return true;
}

/* The column's pg_stats: null fraction, most common values, histogram. */
static bool
fill_stats(const PGresult *res, int row, fq_arena *a, fq_pg_column *col)
{
	int nfreq = 0;
	char **freqs = NULL;

	col->ndistinct = !PQgetisnull(res, row, COL_NDISTINCT)
		? (double) strtoll(PQgetvalue(res, row, COL_NDISTINCT), NULL, 10) : 0;
	col->null_frac = !PQgetisnull(res, row, COL_NULL_FRAC)
		? (double) strtoll(PQgetvalue(res, row, COL_NULL_FRAC), NULL, 10) / 1e6 : -1;
	if (!statvals(res, row, COL_MCV, col, a, &col->mcv, &col->nmcv) ||
		!statvals(res, row, COL_HIST, col, a, &col->hist, &col->nhist))
		return false;
	if (!PQgetisnull(res, row, COL_MCV_FREQ) &&
		(nfreq = split_array(PQgetvalue(res, row, COL_MCV_FREQ), a, &freqs)) < 0)
		return false;
	/* frequencies pair with the values; without them, no values */
	if (nfreq != col->nmcv)
		col->nmcv = 0;
	if (col->nmcv > 0)
	{
		if ((col->mcv_freq = FQ_NEW_ARRAY(a, double, col->nmcv)) == NULL)
			return false;
		for (int i = 0; i < col->nmcv; i++)
			col->mcv_freq[i] = parse_real(freqs[i], NULL);
	}
	return true;
}

/*
 * The table's indexes from their text ("u1 2;i3", attnums) with attnums
 * mapped to positions in cols (attnums has each column's attnum).
 */
static bool
fill_indexes(const char *text, const int *attnums, fq_arena *a, fq_pg_table *t)
{
	int n = 1;

	t->nindexes = 0;
	t->indexes = NULL;
	if (text == NULL || *text == '\0')
		return true;
	for (const char *p = text; *p != '\0'; p++)
		n += *p == ';';
	if ((t->indexes = FQ_NEW_ARRAY(a, fq_pg_index, n)) == NULL)
		return false;
	for (const char *p = text; *p != '\0';)
	{
		fq_pg_index *ix = &t->indexes[t->nindexes];
		int nk = 1;

		ix->unique = *p == 'u';
		for (const char *q = ++p; *q != '\0' && *q != ';'; q++)
			nk += *q == ' ';
		if ((ix->keys = FQ_NEW_ARRAY(a, int, nk)) == NULL)
			return false;
		ix->nkeys = 0;
		while (*p != '\0' && *p != ';')
		{
			char *end;
			long attnum = strtol(p, &end, 10);
			int k = -1;

			if (end == p)
				break;
			for (int i = 0; i < t->ncols && attnum > 0; i++)
				if (attnums[i] == attnum)
					k = i;
			ix->keys[ix->nkeys++] = k;
			p = *end == ' ' ? end + 1 : end;
		}
		if (ix->nkeys > 0)
			t->nindexes++;
		while (*p != '\0' && *p != ';')
			p++;
		if (*p == ';')
			p++;
	}
	return true;
}

static int
fill_column(fq_pg_conn *c, const PGresult *res, int row, fq_arena *a, fq_pg_column *col,
			int ordinal, bool stats)
{
	col->case_ok = strcmp(PQgetvalue(res, row, COL_RELTUPLES + 1 + (stats ? STAT_COLS : 0)),
						  "t") == 0;
	const char *typmod = PQgetvalue(res, row, 8);
	uint32_t oid = (uint32_t) strtoul(PQgetvalue(res, row, 7), NULL, 10);

	col->name = fq_arena_strdup(a, PQgetvalue(res, row, 5));
	col->ordinal = ordinal;
	col->source_type = fq_arena_strdup(a, PQgetvalue(res, row, 6));
	fq_pg_map_type(oid, (int32_t) strtol(typmod, NULL, 10), &col->type,
				   &col->text_cast);
	col->notnull = strcmp(PQgetvalue(res, row, 9), "t") == 0;
	col->default_expr = PQgetisnull(res, row, 10)
		? NULL : fq_arena_strdup(a, PQgetvalue(res, row, 10));
	col->remarks = fq_arena_strdup(a, PQgetvalue(res, row, 11));
	if (col->name == NULL || col->source_type == NULL || col->remarks == NULL ||
		(!PQgetisnull(res, row, 10) && col->default_expr == NULL))
		return FQ_ERROR;
	col->ndistinct = 0;
	col->null_frac = -1;
	col->nmcv = col->nhist = 0;
	col->mcv = col->hist = NULL;
	col->mcv_freq = NULL;
	if (stats && !fill_stats(res, row, a, col))
		return FQ_ERROR;
	return FQ_OK;
}

/*
 * A table the source has no count for (never analyzed: reltuples -1), a
 * view or a foreign table: the source's planner's estimate of its rows,
 * from EXPLAIN, as postgres_fdw's use_remote_estimate asks it.  Only
 * outside a transaction block (a failed EXPLAIN there would abort the
 * application's transaction); nothing is known when it fails, and the
 * error is not the query's.
 */
static void
explain_rows(fq_pg_conn *c, fq_pg_table *t)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	PGresult *res = NULL;
	const char *rows;

	if (t->est_rows >= 0 && t->relkind != 'v' && t->relkind != 'f')
		return;
	if (c->conn == NULL || PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		return;
	fq_strbuf_append(&q, "EXPLAIN SELECT 1 FROM ");
	fq_strbuf_append_ident(&q, t->schema);
	fq_strbuf_appendc(&q, '.');
	fq_strbuf_append_ident(&q, t->name);
	if (fq_strbuf_ok(&q) &&
		fq_pg_exec(c, fq_strbuf_str(&q), 0, NULL, &res, NULL) >= 0 && res != NULL &&
		PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
		(rows = strstr(PQgetvalue(res, 0, 0), " rows=")) != NULL)
	{
		/* "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)" */
		long long n = strtoll(rows + 6, NULL, 10);

		if (n >= 0)
		{
			t->est_rows = (double) n;
			t->est_explained = true;
		}
	}
	PQclear(res);
	fq_strbuf_free(&q);
}

int
fq_pg_list_tables(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_arena *a,
				  fq_pg_table **out, size_t *n, fq_diags *d)
{
	*out = NULL;
	*n = 0;
	if (fq_pg_list_tables_send(c, f, d) < 0)
		return FQ_ERROR;
	return fq_pg_list_tables_recv(c, f, a, out, n, d);
}

int
fq_pg_list_tables_send(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_diags *d)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	query_params p = {0};

	build_list_query(&q, c, f, &p);
	return send_catalog_query(c, &q, &p, d);
}

int
fq_pg_list_tables_recv(fq_pg_conn *c, const fq_pg_meta_filter *f, fq_arena *a,
					   fq_pg_table **out, size_t *n, fq_diags *d)
{
	PGresult *res;
	fq_pg_table *tables;
	size_t ntables = 0;
	int nrows;
	int row;
	int est_col = f->want_columns ? COL_RELTUPLES : 4;

	*out = NULL;
	*n = 0;
	if ((res = catalog_result(c, d)) == NULL)
		return FQ_ERROR;

	nrows = PQntuples(res);
	for (row = 0; row < nrows; row++)
		if (row == 0 || !same_table(res, row - 1, row))
			ntables++;
	tables = FQ_NEW_ARRAY(a, fq_pg_table, ntables ? ntables : 1);
	if (tables == NULL)
		goto nomem;

	ntables = 0;
	row = 0;
	while (row < nrows)
	{
		fq_pg_table *t = &tables[ntables++];
		int first = row;
		int ncols = 0;

		while (row < nrows && same_table(res, first, row))
		{
			if (f->want_columns && !PQgetisnull(res, row, 4))
				ncols++;
			row++;
		}
		t->schema = fq_arena_strdup(a, PQgetvalue(res, first, 0));
		t->name = fq_arena_strdup(a, PQgetvalue(res, first, 1));
		t->relkind = PQgetvalue(res, first, 2)[0];
		t->remarks = fq_arena_strdup(a, PQgetvalue(res, first, 3));
		t->est_rows = PQgetisnull(res, first, est_col)
			? -1 : (double) strtoll(PQgetvalue(res, first, est_col), NULL, 10);
		if (t->schema == NULL || t->name == NULL || t->remarks == NULL)
			goto nomem;
		t->est_explained = false;
		t->ncols = ncols;
		t->cols = NULL;
		t->nindexes = 0;
		t->indexes = NULL;
		if (ncols > 0)
		{
			int k = 0;
			int *attnums = FQ_NEW_ARRAY(a, int, ncols);

			t->cols = FQ_NEW_ARRAY(a, fq_pg_column, ncols);
			if (t->cols == NULL || attnums == NULL)
				goto nomem;
			for (int r = first; r < row; r++)
			{
				if (PQgetisnull(res, r, 4))
					continue;
				/* Ordinals count live columns, not attnums (dropped
				 * columns leave gaps in attnum). */
				if (fill_column(c, res, r, a, &t->cols[k], k + 1, f->want_stats) != FQ_OK)
					goto nomem;
				attnums[k++] = atoi(PQgetvalue(res, r, 4));
			}
			if (f->want_stats &&
				!fill_indexes(PQgetisnull(res, first, COL_INDEXES) ? NULL
							  : PQgetvalue(res, first, COL_INDEXES), attnums, a, t))
				goto nomem;
		}
	}
	PQclear(res);
	if (f->want_stats)
		for (size_t i = 0; i < ntables; i++)
			explain_rows(c, &tables[i]);
	*out = tables;
	*n = ntables;
	return FQ_OK;

nomem:
	PQclear(res);
	return fq_raise_nomem(d, a);
}

int
fq_pg_list_schemas(fq_pg_conn *c, const char *schema_like, bool case_blind, fq_arena *a,
				   const char ***out, size_t *n, fq_diags *d)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	query_params p = {0};
	PGresult *res;
	const char **names;
	int nrows;

	*out = NULL;
	*n = 0;
	fq_strbuf_append(&q, "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE ");
	if (schema_like != NULL)
	{
		int k = add_param(&p, schema_like);

		/* System schemas only when the pattern names one exactly. */
		if (case_blind)
			fq_strbuf_printf(&q, "n.nspname ILIKE $%d AND (lower(n.nspname) = lower($%d) OR (",
							 k, k);
		else
			fq_strbuf_printf(&q, "n.nspname LIKE $%d AND (n.nspname = $%d OR (", k, k);
	}
	else
		fq_strbuf_append(&q, "((");
	fq_strbuf_append(&q, "n.nspname NOT IN ('pg_catalog', 'information_schema')"
						 " AND n.nspname NOT LIKE 'pg\\_toast%'"
						 " AND n.nspname NOT LIKE 'pg\\_temp\\_%'))"
						 " ORDER BY 1");
	if ((res = run_catalog_query(c, &q, &p, d)) == NULL)
		return FQ_ERROR;
	nrows = PQntuples(res);
	names = FQ_NEW_ARRAY(a, const char *, nrows ? nrows : 1);
	if (names == NULL)
	{
		PQclear(res);
		return fq_raise_nomem(d, a);
	}
	for (int i = 0; i < nrows; i++)
	{
		names[i] = fq_arena_strdup(a, PQgetvalue(res, i, 0));
		if (names[i] == NULL)
		{
			PQclear(res);
			return fq_raise_nomem(d, a);
		}
	}
	PQclear(res);
	*out = names;
	*n = (size_t) nrows;
	return FQ_OK;
}

/* ---- Keys and indexes ---- */

/* One row per key column, in (constraint, position) order. */
static const char *const keys_sql =
	"SELECT con.conname, con.contype, k.i, a.attname, tn.nspname, tc.relname,"
	" fn.nspname, fc.relname, fa.attname, con.confupdtype, con.confdeltype,"
	" con.condeferrable, con.condeferred, pk.conname"
	" FROM pg_catalog.pg_constraint con"
	" JOIN pg_catalog.pg_class tc ON tc.oid = con.conrelid"
	" JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace"
	" CROSS JOIN LATERAL pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)"
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
	" LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
	" LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
	" LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid"
	"  AND fa.attnum = con.confkey[k.i]"
	/* the referenced side's own primary key or unique constraint name */
	" LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = con.confrelid"
	"  AND pk.contype IN ('p', 'u') AND pk.conindid = con.conindid"
	" WHERE ";

static const char *const indexes_sql =
	"SELECT ic.relname, NOT ix.indisunique, k.i, a.attname,"
	" (ix.indoption[k.i - 1] & 1) = 1, tc.reltuples::pg_catalog.int8, tc.relpages,"
	" pg_catalog.pg_get_expr(ix.indpred, ix.indrelid), ix.indisprimary,"
	" ic.reltuples::pg_catalog.int8, ic.relpages"
	" FROM pg_catalog.pg_index ix"
	" JOIN pg_catalog.pg_class tc ON tc.oid = ix.indrelid"
	" JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace"
	" JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid"
	" CROSS JOIN LATERAL pg_catalog.unnest(ix.indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, i)"
	" LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum"
	" WHERE tn.nspname = $1 AND tc.relname = $2 AND k.i <= ix.indnkeyatts";

static const char *
dup_or_null(fq_arena *a, const PGresult *res, int row, int col, bool *oom)
{
	const char *s;

	if (PQgetisnull(res, row, col))
		return NULL;
	if ((s = fq_arena_strdup(a, PQgetvalue(res, row, col))) == NULL)
		*oom = true;
	return s;
}

int
fq_pg_list_keys(fq_pg_conn *c, fq_pg_key_kind kind, const char *schema, const char *table,
				const char *ref_schema, const char *ref_table, fq_arena *a,
				fq_pg_keycol **out, size_t *n, fq_diags *d)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	query_params p = {0};
	PGresult *res;
	fq_pg_keycol *k;
	int nrows;
	bool oom = false;

	*out = NULL;
	*n = 0;
	if (kind == FQ_PG_KEYS_INDEXES)
	{
		fq_strbuf_append(&q, indexes_sql);
		add_param(&p, schema);
		add_param(&p, table);
		fq_strbuf_append(&q, " ORDER BY NOT ix.indisunique, ic.relname, k.i");
	}
	else
	{
		fq_strbuf_append(&q, keys_sql);
		if (kind == FQ_PG_KEYS_PRIMARY)
		{
			fq_strbuf_printf(&q, "con.contype = 'p' AND tn.nspname = $%d", add_param(&p, schema));
			fq_strbuf_printf(&q, " AND tc.relname = $%d", add_param(&p, table));
		}
		else
		{
			/* Foreign keys of the referencing table, of the referenced
			 * one, or both. */
			fq_strbuf_append(&q, "con.contype = 'f'");
			/* not the copies PostgreSQL makes for each partition of the
			 * referenced table */
			if (c->server_num >= 110000)
				fq_strbuf_append(&q, " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pc"
									 " WHERE pc.oid = con.conparentid"
									 " AND pc.conrelid = con.conrelid)");
			if (schema != NULL)
				fq_strbuf_printf(&q, " AND tn.nspname = $%d", add_param(&p, schema));
			if (table != NULL)
				fq_strbuf_printf(&q, " AND tc.relname = $%d", add_param(&p, table));
			if (ref_schema != NULL)
				fq_strbuf_printf(&q, " AND fn.nspname = $%d", add_param(&p, ref_schema));
			if (ref_table != NULL)
				fq_strbuf_printf(&q, " AND fc.relname = $%d", add_param(&p, ref_table));
		}
		fq_strbuf_append(&q, " ORDER BY tn.nspname, tc.relname, con.conname, k.i");
	}
	if ((res = run_catalog_query(c, &q, &p, d)) == NULL)
		return FQ_ERROR;
	nrows = PQntuples(res);
	if ((k = FQ_NEW_ARRAY(a, fq_pg_keycol, nrows > 0 ? nrows : 1)) == NULL)
	{
		PQclear(res);
		return fq_raise_nomem(d, a);
	}
	for (int r = 0; r < nrows; r++)
	{
		fq_pg_keycol *x = &k[r];

		if (kind == FQ_PG_KEYS_INDEXES)
		{
			x->name = dup_or_null(a, res, r, 0, &oom);
			x->kind = strcmp(PQgetvalue(res, r, 8), "t") == 0 ? 'p'
				: strcmp(PQgetvalue(res, r, 1), "t") == 0 ? 'i' : 'u';
			x->seq = atoi(PQgetvalue(res, r, 2));
			x->column = dup_or_null(a, res, r, 3, &oom); /* NULL: an expression */
			x->desc = strcmp(PQgetvalue(res, r, 4), "t") == 0;
			x->table_rows = (double) strtoll(PQgetvalue(res, r, 5), NULL, 10);
			x->table_pages = (double) strtoll(PQgetvalue(res, r, 6), NULL, 10);
			x->filter = dup_or_null(a, res, r, 7, &oom);
			x->index_rows = (double) strtoll(PQgetvalue(res, r, 9), NULL, 10);
			x->index_pages = (double) strtoll(PQgetvalue(res, r, 10), NULL, 10);
			x->schema = schema;
			x->table = table;
			continue;
		}
		x->name = dup_or_null(a, res, r, 0, &oom);
		x->kind = PQgetvalue(res, r, 1)[0];
		x->seq = atoi(PQgetvalue(res, r, 2));
		x->column = dup_or_null(a, res, r, 3, &oom);
		x->schema = dup_or_null(a, res, r, 4, &oom);
		x->table = dup_or_null(a, res, r, 5, &oom);
		x->ref_schema = dup_or_null(a, res, r, 6, &oom);
		x->ref_table = dup_or_null(a, res, r, 7, &oom);
		x->ref_column = dup_or_null(a, res, r, 8, &oom);
		x->on_update = PQgetisnull(res, r, 9) ? 'a' : PQgetvalue(res, r, 9)[0];
		x->on_delete = PQgetisnull(res, r, 10) ? 'a' : PQgetvalue(res, r, 10)[0];
		x->deferrable = strcmp(PQgetvalue(res, r, 11), "t") == 0;
		x->deferred = strcmp(PQgetvalue(res, r, 12), "t") == 0;
		x->ref_name = dup_or_null(a, res, r, 13, &oom);
	}
	PQclear(res);
	if (oom)
		return fq_raise_nomem(d, a);
	*out = k;
	*n = (size_t) nrows;
	return FQ_OK;
}

int
fq_pg_lookup_finds(fq_pg_conn *c, const char *const *schemas, const char *const *tables,
				   int n, bool *same, fq_diags *d)
{
	fq_strbuf q = FQ_STRBUF_INIT;
	query_params p = {0};
	PGresult *res;

	*same = true;
	if (n <= 0)
		return FQ_OK;
	fq_strbuf_append(&q, "SELECT pg_catalog.bool_and(pg_catalog.to_regclass(pg_catalog.quote_ident(t))"
						 " IS NOT DISTINCT FROM pg_catalog.to_regclass(pg_catalog.quote_ident(s)"
						 " || '.' || pg_catalog.quote_ident(t))) FROM (VALUES ");
	for (int i = 0; i < n; i++)
	{
		fq_strbuf_append(&q, i > 0 ? ", (" : "(");
		fq_strbuf_append_literal(&q, schemas[i], strlen(schemas[i]));
		fq_strbuf_append(&q, "::pg_catalog.text, ");
		fq_strbuf_append_literal(&q, tables[i], strlen(tables[i]));
		fq_strbuf_append(&q, "::pg_catalog.text)");
	}
	fq_strbuf_append(&q, ") AS v(s, t)");
	if ((res = run_catalog_query(c, &q, &p, d)) == NULL)
		return FQ_ERROR;
	*same = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return FQ_OK;
}

int
fq_pg_current_setting(fq_pg_conn *c, const char *name, fq_arena *a, const char **out,
					  fq_diags *d)
{
	const char *reported = c->conn != NULL ? PQparameterStatus(c->conn, name) : NULL;
	int before = fq_diags_count(d);
	PGresult *res = NULL;

	*out = NULL;
	/* A setting the server reports (ParameterStatus) costs no query. */
	if (reported != NULL)
	{
		if ((*out = fq_arena_strdup(a, reported)) == NULL)
			return fq_raise_nomem(d, a);
		return FQ_OK;
	}
	/* The session setting still to make goes in the same query; refused
	 * (as a SET would have been), the query goes again without it. */
	for (int attempt = 0; attempt < 2 && res == NULL; attempt++)
	{
		fq_strbuf q = FQ_STRBUF_INIT;
		query_params p = {0};
		bool with_setup = c->setup_pending && c->conn != NULL &&
			PQtransactionStatus(c->conn) == PQTRANS_IDLE;

		fq_strbuf_printf(&q, "SELECT pg_catalog.current_setting($%d)", add_param(&p, name));
		if (with_setup)
		{
			fq_strbuf_append(&q, ", pg_catalog.set_config('client_connection_check_interval', ");
			fq_strbuf_append_literal(&q, CLIENT_CHECK_INTERVAL, strlen(CLIENT_CHECK_INTERVAL));
			fq_strbuf_append(&q, ", false)");
			c->setup_pending = false;
		}
		if ((res = run_catalog_query(c, &q, &p, d)) != NULL)
			break;
		if (!with_setup || !fq_pg_setup_refused(c))
			return FQ_ERROR;
		fq_diags_truncate(d, before);
	}
	if (res == NULL)
		return FQ_ERROR;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) &&
		(*out = fq_arena_strdup(a, PQgetvalue(res, 0, 0))) == NULL)
	{
		PQclear(res);
		return fq_raise_nomem(d, a);
	}
	PQclear(res);
	return FQ_OK;
}
