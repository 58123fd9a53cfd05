/*
 * sysviews.c — the system views' columns and fedq's rows of them (see
 * sysviews.h); the binder builds their plans (plan/bind/clause.c, bind_sysview).
 *
 * To add a view: its columns (with the warehouse column each comes from,
 * if it has a warehouse part), a rows function, and an entry in `views`;
 * a test in tests/sql/09-system-views.test; a line in docs/sql.md.
 */
#include "plan/sysviews.h"

#include "core/diag.h"
#include "types/types.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- Columns ---- */

#define ID(n, wh) {n, FQ_T_VARCHAR, 128, wh, NULL}
#define TXT(n, wh) {n, FQ_T_VARCHAR, -1, wh, NULL}
#define YN(n, wh) {n, FQ_T_VARCHAR, 3, wh, NULL}
#define NUM(n, wh) {n, FQ_T_INT4, 0, wh, NULL}
#define BIG(n) {n, FQ_T_INT8, 0, NULL, NULL}
#define LOCAL(n, text) {n, FQ_T_VARCHAR, 128, NULL, text}
#define NCOLS(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const fq_sysview_col schemata_cols[] = {
	ID("catalog_name", "catalog_name"), ID("schema_name", "schema_name"),
	ID("schema_owner", "schema_owner"),
	ID("default_character_set_catalog", "default_character_set_catalog"),
	ID("default_character_set_schema", "default_character_set_schema"),
	ID("default_character_set_name", "default_character_set_name"),
	TXT("sql_path", "sql_path"),
};

static const fq_sysview_col tables_cols[] = {
	ID("table_catalog", "table_catalog"), ID("table_schema", "table_schema"),
	ID("table_name", "table_name"), TXT("table_type", "table_type"),
	ID("self_referencing_column_name", "self_referencing_column_name"),
	TXT("reference_generation", "reference_generation"),
	ID("user_defined_type_catalog", "user_defined_type_catalog"),
	ID("user_defined_type_schema", "user_defined_type_schema"),
	ID("user_defined_type_name", "user_defined_type_name"),
	YN("is_insertable_into", "is_insertable_into"), YN("is_typed", "is_typed"),
	TXT("commit_action", "commit_action"),
};

static const fq_sysview_col views_cols[] = {
	ID("table_catalog", "table_catalog"), ID("table_schema", "table_schema"),
	ID("table_name", "table_name"), TXT("view_definition", "view_definition"),
	TXT("check_option", "check_option"), YN("is_updatable", "is_updatable"),
	YN("is_insertable_into", "is_insertable_into"),
	YN("is_trigger_updatable", "is_trigger_updatable"),
	YN("is_trigger_deletable", "is_trigger_deletable"),
	YN("is_trigger_insertable_into", "is_trigger_insertable_into"),
};

/* Positions in columns_cols that fedq fills for external columns. */
enum
{
	C_CATALOG, C_SCHEMA, C_TABLE, C_COLUMN, C_ORDINAL, C_DEFAULT, C_NULLABLE, C_TYPE,
	C_CHARLEN, C_OCTETLEN, C_PREC, C_RADIX, C_SCALE, C_DTPREC
};

static const fq_sysview_col columns_cols[] = {
	ID("table_catalog", "table_catalog"), ID("table_schema", "table_schema"),
	ID("table_name", "table_name"), ID("column_name", "column_name"),
	NUM("ordinal_position", "ordinal_position"), TXT("column_default", "column_default"),
	YN("is_nullable", "is_nullable"), TXT("data_type", "data_type"),
	NUM("character_maximum_length", "character_maximum_length"),
	NUM("character_octet_length", "character_octet_length"),
	NUM("numeric_precision", "numeric_precision"),
	NUM("numeric_precision_radix", "numeric_precision_radix"),
	NUM("numeric_scale", "numeric_scale"), NUM("datetime_precision", "datetime_precision"),
	TXT("interval_type", "interval_type"), NUM("interval_precision", "interval_precision"),
	ID("character_set_catalog", "character_set_catalog"),
	ID("character_set_schema", "character_set_schema"),
	ID("character_set_name", "character_set_name"),
	ID("collation_catalog", "collation_catalog"), ID("collation_schema", "collation_schema"),
	ID("collation_name", "collation_name"), ID("domain_catalog", "domain_catalog"),
	ID("domain_schema", "domain_schema"), ID("domain_name", "domain_name"),
	ID("udt_catalog", "udt_catalog"), ID("udt_schema", "udt_schema"),
	ID("udt_name", "udt_name"), ID("scope_catalog", "scope_catalog"),
	ID("scope_schema", "scope_schema"), ID("scope_name", "scope_name"),
	NUM("maximum_cardinality", "maximum_cardinality"),
	ID("dtd_identifier", "dtd_identifier"), YN("is_self_referencing", "is_self_referencing"),
	YN("is_identity", "is_identity"), TXT("identity_generation", "identity_generation"),
	TXT("identity_start", "identity_start"), TXT("identity_increment", "identity_increment"),
	TXT("identity_maximum", "identity_maximum"), TXT("identity_minimum", "identity_minimum"),
	YN("identity_cycle", "identity_cycle"), TXT("is_generated", "is_generated"),
	TXT("generation_expression", "generation_expression"), YN("is_updatable", "is_updatable"),
};

static const fq_sysview_col ext_schemas_cols[] = {
	BIG("esoid"), NUM("eskind", NULL), ID("schemaname", NULL), ID("esowner", NULL),
	ID("databasename", NULL), TXT("esoptions", NULL),
};

static const fq_sysview_col ext_tables_cols[] = {
	ID("redshift_database_name", NULL), ID("schemaname", NULL), ID("tablename", NULL),
	TXT("tabletype", NULL), TXT("location", NULL), TXT("input_format", NULL),
	TXT("output_format", NULL), TXT("serialization_lib", NULL), TXT("serde_parameters", NULL),
	NUM("compressed", NULL), TXT("parameters", NULL),
};

static const fq_sysview_col ext_columns_cols[] = {
	ID("redshift_database_name", NULL), ID("schemaname", NULL), ID("tablename", NULL),
	ID("columnname", NULL), TXT("external_type", NULL), NUM("columnnum", NULL),
	NUM("part_key", NULL), TXT("is_nullable", NULL),
};

static const fq_sysview_col all_schemas_cols[] = {
	ID("database_name", "catalog_name"), ID("schema_name", "schema_name"),
	ID("schema_owner", "schema_owner"), LOCAL("schema_type", "local"),
	TXT("schema_acl", NULL), ID("source_database", NULL), TXT("schema_option", NULL),
};

static const fq_sysview_col all_tables_cols[] = {
	ID("database_name", "table_catalog"), ID("schema_name", "table_schema"),
	ID("table_name", "table_name"), TXT("table_acl", NULL), TXT("table_type", "table_type"),
	TXT("remarks", NULL),
};

static const fq_sysview_col all_columns_cols[] = {
	ID("database_name", "table_catalog"), ID("schema_name", "table_schema"),
	ID("table_name", "table_name"), ID("column_name", "column_name"),
	NUM("ordinal_position", "ordinal_position"), TXT("column_default", "column_default"),
	YN("is_nullable", "is_nullable"), TXT("data_type", "data_type"),
	NUM("character_maximum_length", "character_maximum_length"),
	NUM("numeric_precision", "numeric_precision"), NUM("numeric_scale", "numeric_scale"),
	TXT("remarks", NULL),
};

static const fq_sysview_col fedlog_cols[] = {
	NUM("userid", NULL), BIG("xid"), NUM("pid", NULL), BIG("query"), TXT("sourcetype", NULL),
	{"recordtime", FQ_T_TIMESTAMP, 0, NULL, NULL}, TXT("querytext", NULL), BIG("num_rows"),
	BIG("num_bytes"), BIG("duration"), ID("schemaname", NULL),
};

/* ---- Building rows ---- */

fq_type
fq_sysview_col_type(const fq_sysview_col *c)
{
	if (c->type == FQ_T_VARCHAR)
		return fq_type_varchar(c->length);
	return fq_type_make(c->type);
}

/* Starts a row of NULLs. */
static fq_value *
new_row(fq_sysrows *r)
{
	const fq_sysview *v = r->view;
	fq_value *row;

	if (r->nrows == r->cap)
	{
		int cap = r->cap ? r->cap * 2 : 32;
		fq_value **grown = fq_arena_realloc(r->a, r->rows, sizeof(fq_value *) * (size_t) r->cap,
											sizeof(fq_value *) * (size_t) cap);

		if (grown == NULL)
		{
			r->nomem = true;
			return NULL;
		}
		r->rows = grown;
		r->cap = cap;
	}
	if ((row = FQ_NEW_ARRAY(r->a, fq_value, v->ncols)) == NULL)
	{
		r->nomem = true;
		return NULL;
	}
	for (int i = 0; i < v->ncols; i++)
	{
		row[i].type = fq_sysview_col_type(&v->cols[i]);
		row[i].isnull = true;
	}
	r->rows[r->nrows++] = row;
	return row;
}

static void
put_str(fq_sysrows *r, fq_value *row, int i, const char *s)
{
	if (row == NULL || s == NULL)
		return;
	if ((row[i].v.s.ptr = fq_arena_strdup(r->a, s)) == NULL)
	{
		r->nomem = true;
		return;
	}
	row[i].v.s.len = (uint32_t) strlen(s);
	/* An identifier longer than the column holds is cut, as a cast would. */
	if (row[i].type.length >= 0 && row[i].v.s.len > (uint32_t) row[i].type.length)
		row[i].v.s.len = (uint32_t) row[i].type.length;
	row[i].isnull = false;
}

static void
put_int(fq_value *row, int i, int64_t n)
{
	if (row == NULL)
		return;
	row[i].v.i = n;
	row[i].isnull = false;
}

/* ---- Type facts for information_schema.columns ---- */

static void
put_type(fq_sysrows *r, fq_value *row, const fq_type *t, int radix_col, int prec_col,
		 int scale_col, int charlen_col, int octet_col, int dtprec_col)
{
	put_str(r, row, C_TYPE, fq_type_name(t->id));
	switch (t->id)
	{
		case FQ_T_CHAR:
		case FQ_T_VARCHAR:
			{
				int n = t->length >= 0 ? t->length : FQ_VARCHAR_MAX;

				if (charlen_col >= 0)
					put_int(row, charlen_col, n);
				if (octet_col >= 0)
					put_int(row, octet_col, (int64_t) n * 4);
				break;
			}
		case FQ_T_INT2:
		case FQ_T_INT4:
		case FQ_T_INT8:
			put_int(row, prec_col, t->id == FQ_T_INT2 ? 16 : t->id == FQ_T_INT4 ? 32 : 64);
			if (radix_col >= 0)
				put_int(row, radix_col, 2);
			put_int(row, scale_col, 0);
			break;
		case FQ_T_FLOAT4:
		case FQ_T_FLOAT8:
			put_int(row, prec_col, t->id == FQ_T_FLOAT4 ? 24 : 53);
			if (radix_col >= 0)
				put_int(row, radix_col, 2);
			break;
		case FQ_T_DECIMAL:
			/* NUMERIC without (p,s) has neither, as PostgreSQL lists it */
			if (t->precision > 0)
				put_int(row, prec_col, t->precision);
			if (radix_col >= 0)
				put_int(row, radix_col, 10);
			if (t->precision > 0)
				put_int(row, scale_col, t->scale);
			break;
		case FQ_T_DATE:
			if (dtprec_col >= 0)
				put_int(row, dtprec_col, 0);
			break;
		case FQ_T_TIME:
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_INTERVAL:
			if (dtprec_col >= 0)
				put_int(row, dtprec_col, t->precision > 0 ? t->precision : 6);
			break;
		default:
			break;
	}
}

static const char *
udt_name(fq_type_id id)
{
	static const char *const names[FQ_T__COUNT] = {
		[FQ_T_BOOL] = "bool", [FQ_T_INT2] = "int2", [FQ_T_INT4] = "int4",
		[FQ_T_INT8] = "int8", [FQ_T_DECIMAL] = "numeric", [FQ_T_FLOAT4] = "float4",
		[FQ_T_FLOAT8] = "float8", [FQ_T_CHAR] = "bpchar", [FQ_T_VARCHAR] = "varchar",
		[FQ_T_DATE] = "date", [FQ_T_TIME] = "time", [FQ_T_TIMESTAMP] = "timestamp",
		[FQ_T_TIMESTAMPTZ] = "timestamptz", [FQ_T_INTERVAL] = "interval",
		[FQ_T_UUID] = "uuid", [FQ_T_BYTEA] = "bytea",
	};

	return (unsigned) id < FQ_T__COUNT ? names[id] : NULL;
}

static const char *
table_type(const char *kind, bool redshift)
{
	if (strcmp(kind, "VIEW") == 0)
		return "VIEW";
	return redshift ? "TABLE" : "BASE TABLE";
}

/* ---- Rows of each view ---- */

/* External tables, and with `views` fedq's late-binding views too. */
static int
external_tables(fq_stmt *st, bool columns, bool views, const fq_table_info **t, size_t *nt,
				const fq_column_info **c, size_t *nc)
{
	*t = NULL;
	*c = NULL;
	*nt = *nc = 0;
	return fq_stmt_list_external(st, columns, views, t, nt, columns ? c : NULL,
								 columns ? nc : NULL);
}

static const fq_ext_schema *
ext_of(fq_session *s, const char *name)
{
	return fq_store_find(&s->store, name);
}

static int
rows_schemata(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	fq_session *s = st->s;
	bool all = r->view->cols == all_schemas_cols;

	(void) d;
	for (int i = 0; i < s->store.nschemas; i++)
	{
		const fq_ext_schema *e = &s->store.schemas[i];
		fq_value *row = new_row(r);

		put_str(r, row, 0, fq_session_database(s));
		put_str(r, row, 1, e->name);
		put_str(r, row, 2, e->owner);
		if (all)
		{
			put_str(r, row, 3, "external");
			put_str(r, row, 5, e->database);
		}
	}
	return FQ_OK;
}

static int
rows_tables(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	const fq_table_info *t;
	const fq_column_info *c;
	size_t nt;
	size_t nc;
	bool all = r->view->cols == all_tables_cols;

	(void) d;
	if (external_tables(st, false, true, &t, &nt, &c, &nc) < 0)
		return FQ_ERROR;
	for (size_t k = 0; k < nt; k++)
	{
		fq_value *row = new_row(r);
		bool fedq_view = ext_of(st->s, t[k].schema) == NULL;

		put_str(r, row, 0, t[k].catalog);
		put_str(r, row, 1, t[k].schema);
		put_str(r, row, 2, t[k].name);
		if (all)
		{
			put_str(r, row, 4, fedq_view ? "VIEW"
							   : strcmp(t[k].kind, "VIEW") == 0 ? "EXTERNAL VIEW" : "EXTERNAL TABLE");
			if (t[k].remarks[0] != '\0')
				put_str(r, row, 5, t[k].remarks);
			continue;
		}
		put_str(r, row, 3, table_type(t[k].kind, false));
		put_str(r, row, 9, "NO");
		put_str(r, row, 10, "NO");
	}
	return FQ_OK;
}

static int
rows_columns(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	const fq_table_info *t;
	const fq_column_info *c;
	size_t nt;
	size_t nc;
	bool all = r->view->cols == all_columns_cols;

	(void) d;
	if (external_tables(st, true, true, &t, &nt, &c, &nc) < 0)
		return FQ_ERROR;
	for (size_t k = 0; k < nc; k++)
	{
		fq_value *row = new_row(r);

		put_str(r, row, C_CATALOG, c[k].catalog);
		put_str(r, row, C_SCHEMA, c[k].schema);
		put_str(r, row, C_TABLE, c[k].table);
		put_str(r, row, C_COLUMN, c[k].name);
		put_int(row, C_ORDINAL, c[k].ordinal);
		put_str(r, row, C_DEFAULT, c[k].default_expr);
		put_str(r, row, C_NULLABLE, c[k].nullable == FQ_NULLABLE_NO ? "NO" : "YES");
		if (all)
		{
			/* database_name .. data_type, character_maximum_length,
			 * numeric_precision, numeric_scale, remarks */
			put_type(r, row, &c[k].type, -1, 9, 10, 8, -1, -1);
			if (c[k].remarks[0] != '\0')
				put_str(r, row, 11, c[k].remarks);
			continue;
		}
		put_type(r, row, &c[k].type, C_RADIX, C_PREC, C_SCALE, C_CHARLEN, C_OCTETLEN, C_DTPREC);
		put_str(r, row, 25, fq_session_database(st->s));  /* udt_catalog */
		put_str(r, row, 26, "pg_catalog");                 /* udt_schema */
		put_str(r, row, 27, udt_name(c[k].type.id));       /* udt_name */
		put_str(r, row, 32, fq_arena_printf(r->a, "%d", c[k].ordinal)); /* dtd_identifier */
		put_str(r, row, 33, "NO");                         /* is_self_referencing */
		put_str(r, row, 34, "NO");                         /* is_identity */
		put_str(r, row, 40, "NO");                         /* identity_cycle */
		put_str(r, row, 41, "NEVER");                      /* is_generated */
		put_str(r, row, 43, "NO");                         /* is_updatable: read-only */
	}
	return FQ_OK;
}

/* fedq's late-binding views (the warehouse lists its own). */
static int
rows_views(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	fq_session *s = st->s;

	(void) d;
	for (int i = 0; i < s->store.nviews; i++)
	{
		const fq_view_def *v = &s->store.views[i];
		fq_value *row;

		if (v->materialized)
			continue; /* the warehouse's table */
		row = new_row(r);
		put_str(r, row, 0, fq_session_database(s));
		put_str(r, row, 1, v->schema);
		put_str(r, row, 2, v->name);
		put_str(r, row, 3, v->sql);
		put_str(r, row, 4, "NONE");
		for (int k = 5; k < 10; k++)
			put_str(r, row, k, "NO");
	}
	return FQ_OK;
}

static int
rows_ext_schemas(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	fq_session *s = st->s;

	for (int i = 0; i < s->store.nschemas; i++)
	{
		const fq_ext_schema *e = &s->store.schemas[i];
		fq_value *row = new_row(r);
		fq_strbuf opts = FQ_STRBUF_INIT;

		put_int(row, 0, e->oid);
		put_int(row, 1, 3); /* PostgreSQL, Redshift's code */
		put_str(r, row, 2, e->name);
		put_str(r, row, 3, e->owner);
		put_str(r, row, 4, e->database);
		/* The options as Redshift shows them; a secret's ARN is not a
		 * secret, its content never comes here. */
		fq_strbuf_append(&opts, "{\"URI\":");
		fq_strbuf_append_json(&opts, e->uri);
		fq_strbuf_printf(&opts, ",\"PORT\":%d,\"SCHEMA\":", e->port);
		fq_strbuf_append_json(&opts, e->remote_schema);
		{
			const char *names[] = {"IAM_ROLE", "SECRET_ARN", "SSLMODE", "SSLROOTCERT",
								   "SSLCERT", "SSLKEY"};
			const char *values[] = {e->iam_role, e->secret_arn, e->sslmode, e->sslrootcert,
									e->sslcert, e->sslkey};

			for (int k = 0; k < 6; k++)
				if (values[k] != NULL)
				{
					fq_strbuf_printf(&opts, ",\"%s\":", names[k]);
					fq_strbuf_append_json(&opts, values[k]);
				}
		}
		fq_strbuf_appendc(&opts, '}');
		if (!fq_strbuf_ok(&opts))
		{
			fq_strbuf_free(&opts);
			return fq_raise_nomem(d, NULL);
		}
		put_str(r, row, 5, fq_strbuf_str(&opts));
		fq_strbuf_free(&opts);
	}
	return FQ_OK;
}

static int
rows_ext_tables(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	const fq_table_info *t;
	const fq_column_info *c;
	size_t nt;
	size_t nc;

	(void) d;
	if (external_tables(st, false, false, &t, &nt, &c, &nc) < 0)
		return FQ_ERROR;
	for (size_t k = 0; k < nt; k++)
	{
		const fq_ext_schema *e = ext_of(st->s, t[k].schema);
		fq_value *row = new_row(r);

		put_str(r, row, 0, t[k].catalog);
		put_str(r, row, 1, t[k].schema);
		put_str(r, row, 2, t[k].name);
		put_str(r, row, 3, t[k].kind);
		if (e != NULL)
			put_str(r, row, 4, fq_arena_printf(r->a, "postgresql://%s:%d/%s/%s", e->uri, e->port,
											   e->database, e->remote_schema));
		put_int(row, 9, 0);
	}
	return FQ_OK;
}

static int
rows_ext_columns(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	const fq_table_info *t;
	const fq_column_info *c;
	size_t nt;
	size_t nc;

	(void) d;
	if (external_tables(st, true, false, &t, &nt, &c, &nc) < 0)
		return FQ_ERROR;
	for (size_t k = 0; k < nc; k++)
	{
		fq_value *row = new_row(r);

		put_str(r, row, 0, c[k].catalog);
		put_str(r, row, 1, c[k].schema);
		put_str(r, row, 2, c[k].table);
		put_str(r, row, 3, c[k].name);
		put_str(r, row, 4, c[k].source_type[0] != '\0' ? c[k].source_type : c[k].type_name);
		put_int(row, 5, c[k].ordinal);
		put_int(row, 6, 0);
		put_str(r, row, 7, c[k].nullable == FQ_NULLABLE_NO ? "false" : "true");
	}
	return FQ_OK;
}

static int
rows_fedlog(fq_stmt *st, fq_sysrows *r, fq_diags *d)
{
	fq_session *s = st->s;

	(void) d;
	for (int i = 0; i < s->fedlog_n; i++)
	{
		/* Oldest first. */
		int k = s->fedlog_n < FQ_FEDLOG_MAX ? i : (s->fedlog_next + i) % FQ_FEDLOG_MAX;
		const fq_fedlog_entry *e = &s->fedlog[k];
		fq_value *row = new_row(r);

		put_int(row, 2, (int64_t) getpid());
		put_int(row, 3, e->query);
		put_str(r, row, 4, "PG");
		put_int(row, 5, e->recordtime);
		put_str(r, row, 6, e->text);
		put_int(row, 7, e->rows);
		put_int(row, 8, e->bytes);
		put_int(row, 9, e->usecs);
		put_str(r, row, 10, e->source);
	}
	return FQ_OK;
}

/* ---- The views ---- */

#define VIEW(schema, name, whs, whv, needs_ext, cols, rows) \
	{schema, name, whs, whv, needs_ext, NCOLS(cols), cols, rows}

static const fq_sysview views[] = {
	VIEW("information_schema", "schemata", "information_schema", "schemata", true,
		 schemata_cols, rows_schemata),
	VIEW("information_schema", "tables", "information_schema", "tables", true, tables_cols,
		 rows_tables),
	VIEW("information_schema", "columns", "information_schema", "columns", true,
		 columns_cols, rows_columns),
	VIEW("information_schema", "views", "information_schema", "views", true, views_cols,
		 rows_views),
	VIEW(NULL, "svv_external_schemas", NULL, NULL, false, ext_schemas_cols, rows_ext_schemas),
	VIEW(NULL, "svv_external_tables", NULL, NULL, false, ext_tables_cols, rows_ext_tables),
	VIEW(NULL, "svv_external_columns", NULL, NULL, false, ext_columns_cols, rows_ext_columns),
	VIEW(NULL, "svv_all_schemas", "information_schema", "schemata", false, all_schemas_cols,
		 rows_schemata),
	VIEW(NULL, "svv_all_tables", "information_schema", "tables", false, all_tables_cols,
		 rows_tables),
	VIEW(NULL, "svv_all_columns", "information_schema", "columns", false, all_columns_cols,
		 rows_columns),
	VIEW(NULL, "svl_federated_query", NULL, NULL, false, fedlog_cols, rows_fedlog),
};

const fq_sysview *
fq_sysview_find(const char *schema, const char *name)
{
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
	{
		const fq_sysview *v = &views[i];

		if (strcasecmp(v->name, name) != 0)
			continue;
		if (v->schema != NULL ? schema != NULL && strcasecmp(schema, v->schema) == 0
							  : schema == NULL || strcasecmp(schema, "pg_catalog") == 0)
			return v;
	}
	return NULL;
}

int
fq_sysview_rows(fq_stmt *st, const fq_sysview *v, fq_sysrows *r, fq_diags *d)
{
	r->view = v;
	if (v->rows(st, r, d) < 0)
		return FQ_ERROR;
	if (r->nomem)
		return fq_raise_nomem(d, r->a);
	return FQ_OK;
}

/* ---- svl_federated_query ---- */

void
fq_fedlog_add(fq_session *s, const fq_fedlog_entry *e)
{
	fq_fedlog_entry *slot;
	char *text;
	char *source;

	if (s->fedlog == NULL && (s->fedlog = fq_calloc(FQ_FEDLOG_MAX, sizeof(fq_fedlog_entry))) == NULL)
		return; /* the view is a record, not a promise: skip under memory pressure */
	text = fq_strndup(e->text != NULL ? e->text : "", FQ_FEDLOG_TEXT);
	source = fq_strdup(e->source != NULL ? e->source : "");
	if (text == NULL || source == NULL)
	{
		free(text);
		free(source);
		return;
	}
	slot = &s->fedlog[s->fedlog_next];
	free(slot->text);
	free(slot->source);
	*slot = *e;
	slot->text = text;
	slot->source = source;
	s->fedlog_next = (s->fedlog_next + 1) % FQ_FEDLOG_MAX;
	if (s->fedlog_n < FQ_FEDLOG_MAX)
		s->fedlog_n++;
}

void
fq_fedlog_free(fq_session *s)
{
	if (s->fedlog == NULL)
		return;
	for (int i = 0; i < FQ_FEDLOG_MAX; i++)
	{
		free(s->fedlog[i].text);
		free(s->fedlog[i].source);
	}
	free(s->fedlog);
	s->fedlog = NULL;
	s->fedlog_n = s->fedlog_next = 0;
}
