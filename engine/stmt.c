/*
 * stmt.c — fq_stmt: prepare (parse, classify, bind, plan), describe,
 * execute, fetch, cancel, catalog listings and caller-built rows.
 *
 * Classification decides who runs a statement:
 *   - CREATE EXTERNAL SCHEMA, DROP SCHEMA of external schemas: fedq, on
 *     the catalog store;
 *   - SELECT and EXPLAIN that read an external table: fedq's planner and
 *     executor;
 *   - everything else, when there is a warehouse: the warehouse, as text
 *     (passthrough) — including statements fedq cannot parse, as long as
 *     they name no external schema.
 */
#include "engine.h"

#include "aws/aws.h"
#include "core/diag.h"
#include "core/interrupt.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "exec/exec.h"
#include "exec/like.h"
#include "exec/vector.h"
#include "plan/planner.h"
#include "sql/ast.h"
#include "types/types.h"
#include "core/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

fq_stmt *
fq_stmt_new(fq_session *s)
{
	fq_stmt *st = fq_calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->s = s;
	st->diags = fq_diags_new();
	st->arena = fq_arena_new(NULL);
	st->list_arena = fq_arena_new(NULL);
	if (st->diags == NULL || st->arena == NULL || st->list_arena == NULL)
	{
		fq_diags_free(st->diags);
		fq_arena_free(st->arena);
		fq_arena_free(st->list_arena);
		free(st);
		return NULL;
	}
	st->rowcount = -1;
	atomic_init(&st->intr.cancel, false);
	st->intr.timeout = s->opt.query_timeout;
	return st;
}

const fq_diags *
fq_stmt_diags(const fq_stmt *st)
{
	return st->diags;
}

static void
close_result(fq_stmt *st)
{
	if (st->exec != NULL)
	{
		fq_exec_end(st->exec);
		st->exec = NULL;
	}
	if (st->pt != NULL)
	{
		fq_pg_exec_close(st->pt);
		st->pt = NULL;
	}
	fq_arena_free(st->batch_arena);
	st->batch_arena = NULL;
	fq_arena_free(st->exec_arena);
	st->exec_arena = NULL;
	fq_arena_free(st->buf_arena);
	st->buf_arena = NULL;
	st->buf = NULL;
	st->nbuf = st->capbuf = st->buf_pos = 0;
	st->cur_valid = false;
	st->buffered = false;
	fq_diags_free(st->buf_error);
	st->buf_error = NULL;
	st->open = false;
	fq_session_release_conns(st->s, st);
	atomic_store(&st->intr.cancel, false);
}

/*
 * Every engine call on a statement runs between call_begin and call_end:
 * the stack-depth bound (core/stack.h) and the call's interrupt, its
 * cancel flag and QueryTimeout deadline (core/interrupt.h).
 */
typedef struct call
{
	fq_stack_mark stack;
	fq_interrupt *saved;
	fq_interrupt cleanup; /* for calls that only clean up */
} call;

static void
call_begin(fq_stmt *st, call *c)
{
	fq_stack_enter(&c->stack);
	fq_interrupt_enter(&st->intr, &c->saved);
}

/* Closing and freeing: no deadline, but no wait on a source lasts longer
 * than the grace period (a frozen source is let go). */
static void
cleanup_begin(call *c)
{
	fq_stack_enter(&c->stack);
	fq_interrupt_enter_cleanup(&c->cleanup, &c->saved);
}

static int
call_end(fq_stmt *st, call *c, int rc)
{
	fq_interrupt_leave(c->saved);
	return fq_stack_leave(&c->stack, st != NULL ? st->diags : NULL, rc);
}

void
fq_stmt_set_timeout(fq_stmt *st, int seconds)
{
	st->intr.timeout = seconds > 0 ? seconds : 0;
}

void
fq_stmt_close(fq_stmt *st)
{
	call c;

	cleanup_begin(&c);
	close_result(st);
	call_end(NULL, &c, FQ_OK);
}

/* Forgets the prepared statement. */
/* Forgets the plan of the statement and what planning counted. */
static void
forget_plan(fq_stmt *st)
{
	st->plan = NULL;
	st->ninitplans = 0;
	st->initplans = NULL;
	st->nsubplans = 0;
	st->subplans = NULL;
	st->nxparams = 0;
	st->nworktables = 0;
	st->nctes = 0;
	st->ctes = NULL;
	st->cte_names = NULL;
	st->nships = 0;
	st->ndecorrelated = 0;
	st->next_rel = 0;
}

static void
reset(fq_stmt *st)
{
	close_result(st);
	fq_arena_reset(st->arena);
	st->kind = FQ_STMT_NONE;
	st->sql = NULL;
	st->sql_len = 0;
	memset(&st->parsed, 0, sizeof(st->parsed));
	st->ast = NULL;
	st->cte_local = NULL;
	st->ncte_local = 0;
	st->refresh_schema = NULL;
	st->refresh_name = NULL;
	forget_plan(st);
	st->explain_analyze = false;
	st->explain_width = 0;
	st->passthrough_sql = NULL;
	st->sets_search_path = false;
	st->ends_transaction = false;
	st->changes_tables = false;
	st->nparams = 0;
	st->params = NULL;
	st->param_set = NULL;
	st->nparam_types = 0;
	st->param_types = NULL;
	st->described = false;
	st->ncols = 0;
	st->cols = NULL;
	st->rowcount = -1;
	st->rows = NULL;
	st->rows_cap = 0;
}

void
fq_stmt_free(fq_stmt *st)
{
	call c;

	if (st == NULL)
		return;
	cleanup_begin(&c);
	reset(st);
	call_end(NULL, &c, FQ_OK);
	fq_diags_free(st->diags);
	fq_arena_free(st->arena);
	fq_arena_free(st->list_arena);
	free(st);
}

/* ---- Cancellation ---- */

/* From any thread: the call in progress (or the next fetch) stops, within
 * the grace period when it waits on a source (core/interrupt.h). */
void
fq_stmt_cancel(fq_stmt *st)
{
	atomic_store(&st->intr.cancel, true);
}

int
fq_stmt_enter_remote(fq_stmt *st, fq_pg_conn *c, fq_diags *d)
{
	(void) c;
	return fq_stmt_check_cancel(st, d);
}

void
fq_stmt_leave_remote(fq_stmt *st, fq_pg_conn *c)
{
	(void) st;
	(void) c;
}

/* The statement's cancel flag, and the interrupt of the call in progress
 * (another statement's, when this one's result is read on its behalf). */
int
fq_stmt_check_cancel(fq_stmt *st, fq_diags *d)
{
	fq_interrupt *in = fq_interrupt_current();

	if (atomic_load(&st->intr.cancel))
		return fq_interrupt_raise(&st->intr, FQ_INTR_CANCEL, d);
	return fq_interrupt_check(in, d);
}

/* The warehouse connection, for st's use now; with `hold`, kept until st's
 * result closes.  Another statement's open result on it is buffered. */
static int
warehouse(fq_stmt *st, bool hold, fq_pg_conn **c)
{
	return fq_session_source_conn(st->s, &st->s->warehouse_source, st, hold, c, st->diags);
}

/* ---- Prepare ---- */

static bool
is_external_name(fq_stmt *st, const char *name)
{
	return fq_store_find(&st->s->store, name) != NULL;
}

/* True if the tokens qualify any name with an external schema ("rds.x"),
 * or name one of fedq's views (qualified, or after FROM or JOIN). */
static bool
tokens_name_external(fq_stmt *st, const fq_token *toks, int n)
{
	fq_session *s = st->s;

	for (int i = 0; i + 1 < n; i++)
	{
		if (toks[i].kind != FQ_TOK_IDENT)
			continue;
		if (toks[i + 1].kind == FQ_TOK_DOT && is_external_name(st, toks[i].text))
			return true;
		if (s->store.nviews == 0)
			continue;
		if (toks[i + 1].kind == FQ_TOK_DOT && i + 2 < n && toks[i + 2].kind == FQ_TOK_IDENT)
		{
			const fq_view_def *v = fq_store_find_view(&s->store, toks[i].text, toks[i + 2].text);

			if (v != NULL && !v->materialized)
				return true;
		}
		if (i > 0 && toks[i - 1].kind == FQ_TOK_KEYWORD &&
			(toks[i - 1].kw == FQ_KW_FROM || toks[i - 1].kw == FQ_KW_JOIN) &&
			toks[i + 1].kind != FQ_TOK_DOT)
		{
			const fq_view_def *v = NULL;
			fq_diags *ignored = fq_diags_new();
			bool found = ignored != NULL &&
				fq_find_view(s, NULL, toks[i].text, false, st->arena, &v, ignored) == FQ_OK && v != NULL;

			fq_diags_free(ignored);
			if (found)
				return true;
		}
	}
	return false;
}

/* CREATE EXTERNAL SCHEMA is fedq's own statement, whatever its errors. */
static bool
tokens_fedq_statement(const fq_token *toks, int n)
{
	return n >= 3 && toks[0].kind == FQ_TOK_KEYWORD && toks[0].kw == FQ_KW_CREATE &&
		toks[1].kind == FQ_TOK_IDENT && !toks[1].quoted && strcmp(toks[1].text, "external") == 0 &&
		toks[2].kind == FQ_TOK_IDENT && !toks[2].quoted && strcmp(toks[2].text, "schema") == 0;
}

/* True if the tokens hold several statements (a ';' with more after it);
 * the lexer has skipped strings, comments and dollar quotes. */
static bool
tokens_batch(const fq_token *toks, int n)
{
	bool after_semicolon = false;

	for (int i = 0; i < n; i++)
	{
		if (toks[i].kind == FQ_TOK_SEMICOLON)
			after_semicolon = i > 0;
		else if (toks[i].kind == FQ_TOK_EOF)
			break;
		else if (after_semicolon)
			return true;
	}
	return false;
}

/*
 * A batch of several statements goes to the warehouse whole, where it runs
 * as one implicit transaction with a result per statement.  fedq's own
 * statements cannot join that transaction (they read external schemas
 * over connections of their own), so a batch that holds one is refused
 * rather than run with other rules.
 */
static int
batch_with_fedq_statements(fq_stmt *st)
{
	fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
			 "a batch of several statements cannot include one that fedq runs itself "
			 "(reading an external schema or one of fedq's views, CREATE EXTERNAL SCHEMA)");
	fq_diag_hint(st->diags, "Send that statement on its own; a batch of statements on "
							"warehouse tables alone runs at the warehouse, a result per "
							"statement.");
	return FQ_ERROR;
}

/* The text with ? markers rewritten to $1, $2, ... for the warehouse. */
static const char *
passthrough_text(fq_stmt *st)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	int last = 0;
	int qn = 0;
	char *out;

	if (st->parsed.tokens == NULL)
		return fq_arena_strndup(st->arena, st->sql, st->sql_len);
	for (int i = 0; i < st->parsed.ntokens; i++)
	{
		const fq_token *t = &st->parsed.tokens[i];

		if (t->kind != FQ_TOK_PARAM || t->param_no != 0)
			continue;
		fq_strbuf_appendn(&b, st->sql + last, (size_t) (t->start - last));
		fq_strbuf_printf(&b, "$%d", ++qn);
		last = t->end;
	}
	fq_strbuf_appendn(&b, st->sql + last, st->sql_len - (size_t) last);
	if (!fq_strbuf_ok(&b))
	{
		fq_strbuf_free(&b);
		return NULL;
	}
	out = fq_arena_strdup(st->arena, fq_strbuf_str(&b));
	fq_strbuf_free(&b);
	if (st->nparams < qn)
		st->nparams = qn;
	return out;
}

/*
 * Whether statement text may change the warehouse's search_path (*sets:
 * SET or RESET of it, RESET ALL, SET SCHEMA, set_config, DISCARD -- or
 * text fedq could not even split into tokens), whether it may end a
 * transaction, which undoes a SET made in it (*ends: a statement that
 * begins with COMMIT, ROLLBACK, END or ABORT), and whether it may change
 * the warehouse's tables (*ddl: one that begins with CREATE, DROP, ALTER,
 * TRUNCATE, GRANT, REVOKE, COMMENT or IMPORT, SELECT ... INTO, or one
 * that ends a transaction, which may undo one).
 */
static void
scan_search_path_tokens(const fq_token *toks, int n, bool *sets, bool *ends, bool *ddl)
{
	static const char *const ddl_words[] = {"create", "drop", "alter", "truncate", "grant",
											"revoke", "comment", "import"};
	bool select = false;

	*sets = toks == NULL;
	*ends = toks == NULL;
	*ddl = toks == NULL;
	for (int i = 0; toks != NULL && i < n; i++)
	{
		const char *w = toks[i].text;
		const char *next = i + 1 < n ? toks[i + 1].text : NULL;

		if ((toks[i].kind != FQ_TOK_IDENT && toks[i].kind != FQ_TOK_KEYWORD) || toks[i].quoted ||
			w == NULL)
			continue;
		if (strcasecmp(w, "search_path") == 0 || strcasecmp(w, "set_config") == 0 ||
			strcasecmp(w, "discard") == 0)
			*sets = true;
		if (next != NULL && ((strcasecmp(w, "set") == 0 && strcasecmp(next, "schema") == 0) ||
							 (strcasecmp(w, "reset") == 0 && strcasecmp(next, "all") == 0)))
			*sets = true;
		if ((i == 0 || toks[i - 1].kind == FQ_TOK_SEMICOLON) &&
			(strcasecmp(w, "commit") == 0 || strcasecmp(w, "rollback") == 0 ||
			 strcasecmp(w, "end") == 0 || strcasecmp(w, "abort") == 0))
			*ends = *ddl = true;
		if (i == 0 || toks[i - 1].kind == FQ_TOK_SEMICOLON)
		{
			select = strcasecmp(w, "select") == 0 || strcasecmp(w, "with") == 0;
			for (size_t k = 0; k < sizeof(ddl_words) / sizeof(ddl_words[0]); k++)
				if (strcasecmp(w, ddl_words[k]) == 0)
					*ddl = true;
		}
		if (select && strcasecmp(w, "into") == 0)
			*ddl = true;
	}
}

static int
prepare_passthrough(fq_stmt *st)
{
	st->kind = FQ_STMT_PASSTHROUGH;
	scan_search_path_tokens(st->parsed.tokens, st->parsed.ntokens, &st->sets_search_path,
							&st->ends_transaction, &st->changes_tables);
	st->passthrough_sql = passthrough_text(st);
	if (st->passthrough_sql == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	return FQ_OK;
}

static int
no_warehouse(fq_stmt *st)
{
	fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
			 "this connection has no warehouse, and fedq itself runs only SELECT and EXPLAIN "
			 "on external schemas, CREATE EXTERNAL SCHEMA, DROP SCHEMA and its views "
			 "(CREATE VIEW, DROP VIEW)");
	fq_diag_hint(st->diags, "Set the Server connection key to send other statements to a "
							"warehouse.");
	return FQ_ERROR;
}

static int
prepare_drop(fq_stmt *st, fq_drop_schema_stmt *drop)
{
	int nexternal = 0;
	fq_raw_range_var *rv;

	FQ_LIST_FOREACH(rv, drop->names)
		if (is_external_name(st, rv->name))
			nexternal++;
	if (nexternal == fq_list_len(drop->names))
	{
		st->kind = FQ_STMT_DROP_EXT;
		return FQ_OK;
	}
	if (nexternal > 0)
		return fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, drop->n.location + 1,
						"DROP SCHEMA cannot drop external and warehouse schemas in one "
						"statement; drop them separately");
	if (st->s->warehouse != NULL)
		return prepare_passthrough(st);
	/* No warehouse and no such external schema: decided at execution. */
	st->kind = FQ_STMT_DROP_EXT;
	return FQ_OK;
}

static void quote_ident(fq_strbuf *b, const char *name);

static bool
is_system_schema_name(const char *name)
{
	return strcmp(name, "information_schema") == 0 || strncmp(name, "pg_", 3) == 0;
}

/*
 * CREATE VIEW over external tables is fedq's (a late-binding view in the
 * catalog store); over warehouse tables only, the warehouse's, as before.
 * The query is bound now to check it; it is bound again at each use.
 */
static int
prepare_create_view(fq_stmt *st, fq_create_view_stmt *c)
{
	bool warehouse_only = false;
	fq_plan *plan;

	if (c->view->schema != NULL && is_external_name(st, c->view->schema))
	{
		fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, c->view->n.location + 1,
				 "external schemas are read-only: a view cannot be created in \"%s\"",
				 c->view->schema);
		fq_diag_hint(st->diags, "Create the view in a warehouse schema (public, say); it may "
								"read the external tables.");
		return FQ_ERROR;
	}
	if (fq_bind_query(st, c->query, &plan, &warehouse_only, st->diags) < 0)
		return FQ_ERROR;
	if (warehouse_only && st->s->warehouse != NULL)
	{
		const fq_view_def *v = NULL;

		fq_diags_clear(st->diags);
		if (fq_find_view(st->s, c->view->schema, c->view->name, false, st->arena, &v, st->diags) < 0)
			return FQ_ERROR;
		if (v != NULL)
		{
			fq_raise(st->diags, FQ_ERR_DUPLICATE_TABLE, c->view->n.location + 1,
					 "fedq's view \"%s.%s\" already has this name", v->schema, v->name);
			fq_diag_hint(st->diags, "This view reads only warehouse tables and would be "
									"created in the warehouse: DROP VIEW fedq's first, or "
									"choose another name.");
			return FQ_ERROR;
		}
		return prepare_passthrough(st);
	}
	if (st->nparams > 0)
		return fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, c->n.location + 1,
						"a view's query cannot have parameters");
	if (fq_list_len(c->cols) > plan->nout)
		return fq_raise(st->diags, FQ_ERR_SYNTAX_ERROR, c->n.location + 1,
						"CREATE VIEW specifies more column names than columns");
	for (int k = 0; k < plan->nout; k++)
	{
		const char *name = k < fq_list_len(c->cols) ? fq_list_nth(c->cols, k) : plan->out[k].name;

		for (int j = 0; j < k; j++)
		{
			const char *other = j < fq_list_len(c->cols) ? fq_list_nth(c->cols, j)
														 : plan->out[j].name;

			if (name != NULL && other != NULL && strcmp(name, other) == 0)
			{
				fq_raise(st->diags, FQ_ERR_DUPLICATE_COLUMN, c->n.location + 1,
						 "column \"%s\" specified more than once", name);
				fq_diag_hint(st->diags, "Give the columns distinct names, in the select list "
										"(AS) or in a column list after the view's name.");
				return FQ_ERROR;
			}
		}
	}
	st->kind = FQ_STMT_CREATE_VIEW;
	return FQ_OK;
}

/* DROP VIEW of fedq's views; the warehouse's go to the warehouse. */
static int
prepare_drop_view(fq_stmt *st, fq_drop_view_stmt *drop)
{
	int nfedq = 0;
	fq_raw_range_var *rv;

	FQ_LIST_FOREACH(rv, drop->names)
	{
		const fq_view_def *v;

		if (fq_find_view(st->s, rv->schema, rv->name, drop->materialized, st->arena, &v,
						 st->diags) < 0)
			return FQ_ERROR;
		if (v != NULL)
			nfedq++;
	}
	if (nfedq == 0 && st->s->warehouse != NULL)
		return prepare_passthrough(st);
	st->kind = FQ_STMT_DROP_VIEW;
	return FQ_OK;
}

/* The planner's passes over a bound query, into st->plan. */
static int
plan_bound_once(fq_stmt *st, fq_plan *plan)
{
	if (fq_plan_ctes(st, &plan, st->diags) < 0 || fq_plan_sublinks(st, &plan, st->diags) < 0)
		return FQ_ERROR;
	/* a CTE computed once first: its estimates are its readers' */
	for (int i = 0; i < st->nctes; i++)
		if (st->ctes[i] != NULL && fq_optimize(st, st->ctes[i], &st->ctes[i], st->diags) < 0)
			return FQ_ERROR;
	if (fq_optimize(st, plan, &st->plan, st->diags) < 0)
		return FQ_ERROR;
	for (int i = 0; i < st->ninitplans; i++)
		if (fq_optimize(st, st->initplans[i], &st->initplans[i], st->diags) < 0)
			return FQ_ERROR;
	for (int i = 0; i < st->nsubplans; i++)
		if (fq_optimize(st, st->subplans[i], &st->subplans[i], st->diags) < 0)
			return FQ_ERROR;
	if (st->nsubplans > 0 && fq_finish_remote_sql(st, st->diags) < 0)
		return FQ_ERROR;
	return FQ_OK;
}

/*
 * plan_bound_once, and again (query, the AST bound, bound anew) when a CTE
 * sent along to sources would be computed by more than one of them while
 * its rows are few: then fedq computes it once and moves its rows
 * (fq_ctes_to_fedq).
 */
static int
plan_bound(fq_stmt *st, fq_plan *plan, fq_node *query)
{
	int again;

	if (plan_bound_once(st, plan) < 0)
		return FQ_ERROR;
	if ((again = fq_ctes_to_fedq(st, st->diags)) <= 0)
		return again;
	forget_plan(st);
	st->nparams = st->parsed.nparams;
	if (fq_bind_query(st, query, &plan, NULL, st->diags) < 0)
		return FQ_ERROR;
	return plan_bound_once(st, plan);
}

static int
read_only_external(fq_stmt *st, int position)
{
	fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, position,
			 "external schemas are read-only, and fedq runs only SELECT and EXPLAIN on them "
			 "and on its views");
	fq_diag_hint(st->diags, "Write into a warehouse table: INSERT INTO wh_table SELECT ... FROM "
							"the external tables.");
	return FQ_ERROR;
}

/*
 * INSERT INTO t SELECT / CREATE TABLE t AS SELECT: a query over warehouse
 * tables only is the warehouse's, as before; one that reads external
 * tables fedq runs, streaming its rows into the warehouse table (COPY).
 */
static int
prepare_insert(fq_stmt *st, fq_insert_stmt *ins)
{
	bool warehouse_only = false;
	fq_plan *plan;
	const fq_view_def *v;

	if (ins->target->schema != NULL && is_external_name(st, ins->target->schema))
		return read_only_external(st, ins->target->n.location + 1);
	if (fq_find_view(st->s, ins->target->schema, ins->target->name, false, st->arena, &v,
					 st->diags) < 0)
		return FQ_ERROR;
	if (v != NULL && ins->create)
		return fq_raise(st->diags, FQ_ERR_DUPLICATE_TABLE, ins->target->n.location + 1,
						"relation \"%s.%s\" already exists: a view of fedq's", v->schema,
						v->name);
	if (v != NULL)
	{
		fq_raise(st->diags, FQ_ERR_WRONG_OBJECT_TYPE, ins->target->n.location + 1,
				 "cannot insert into view \"%s.%s\"", v->schema, v->name);
		fq_diag_detail(st->diags, "fedq's late-binding views are read-only.");
		return FQ_ERROR;
	}
	if (fq_bind_query(st, ins->query, &plan, &warehouse_only, st->diags) < 0)
		return FQ_ERROR;
	if (warehouse_only && st->s->warehouse != NULL)
	{
		fq_diags_clear(st->diags);
		return prepare_passthrough(st);
	}
	if (st->s->warehouse == NULL)
	{
		fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, ins->n.location + 1,
				 "this connection has no warehouse to write the rows into");
		fq_diag_hint(st->diags, "Set the Server connection key to the warehouse; external "
								"schemas are read-only.");
		return FQ_ERROR;
	}
	if (plan_bound(st, plan, ins->query) < 0)
		return FQ_ERROR;
	st->kind = FQ_STMT_INSERT;
	return FQ_OK;
}

/* EXPLAIN INSERT ... SELECT / CREATE TABLE AS: the query's plan under a
 * line naming the target (the warehouse's own EXPLAIN when it runs it). */
static int
prepare_explain_insert(fq_stmt *st, fq_explain_stmt *e)
{
	fq_insert_stmt *ins = (fq_insert_stmt *) e->stmt;

	if (prepare_insert(st, ins) < 0)
		return FQ_ERROR;
	if (st->kind != FQ_STMT_INSERT)
		return FQ_OK; /* the warehouse's */
	if (e->analyze)
		return fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, e->n.location + 1,
						"EXPLAIN ANALYZE of a statement that writes external rows into the "
						"warehouse is not supported: it would write them");
	st->kind = FQ_STMT_EXPLAIN;
	return FQ_OK;
}

/*
 * REFRESH MATERIALIZED VIEW of one of fedq's: its definition, parsed and
 * bound now, becomes CREATE TABLE name__fedq_refresh AS query, which
 * exec_insert swaps in for the old table before it commits.
 */
static int
prepare_refresh(fq_stmt *st, fq_refresh_stmt *r)
{
	const fq_view_def *v;
	fq_parse_result pr;
	fq_insert_stmt *ins;
	fq_raw_range_var *target;

	if (fq_find_view(st->s, r->view->schema, r->view->name, true, st->arena, &v, st->diags) < 0)
		return FQ_ERROR;
	if (v == NULL)
	{
		if (st->s->warehouse != NULL)
			return prepare_passthrough(st);
		fq_raise(st->diags, FQ_ERR_UNDEFINED_TABLE, r->view->n.location + 1,
				 "materialized view \"%s\" does not exist", r->view->name);
		return FQ_ERROR;
	}
	if (st->s->warehouse == NULL)
		return no_warehouse(st);
	if (fq_parse(v->sql, strlen(v->sql), st->arena, &pr, st->diags) < 0 || pr.stmt == NULL)
	{
		if (fq_diags_count(st->diags) == 0)
			fq_raise(st->diags, FQ_ERR_INVALID_OBJECT_DEFINITION, 0, "its definition is no query");
		fq_diag_prefix(st->diags, "materialized view \"%s.%s\": ", v->schema, v->name);
		return FQ_ERROR;
	}
	ins = FQ_NEW(st->arena, fq_insert_stmt);
	target = FQ_NEW(st->arena, fq_raw_range_var);
	if (ins == NULL || target == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	ins->n = r->n;
	ins->n.tag = FQ_N_STMT_INSERT;
	target->n = r->view->n;
	target->schema = fq_arena_strdup(st->arena, v->schema);
	target->name = fq_arena_printf(st->arena, "%s__fedq_refresh", v->name);
	st->refresh_schema = target->schema;
	st->refresh_name = fq_arena_strdup(st->arena, v->name);
	if (target->schema == NULL || target->name == NULL || st->refresh_name == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	for (int i = 0; i < v->ncols; i++)
	{
		const char *c = fq_arena_strdup(st->arena, v->cols[i]);

		if (c == NULL || (ins->cols = fq_lappend(st->arena, ins->cols, (void *) c)) == NULL)
			return fq_raise_nomem(st->diags, st->arena);
	}
	ins->target = target;
	ins->query = pr.stmt;
	ins->create = true;
	st->ast = &ins->n;
	if (prepare_insert(st, ins) < 0)
	{
		fq_diag_prefix(st->diags, "materialized view \"%s.%s\": ", v->schema, v->name);
		return FQ_ERROR;
	}
	if (st->kind != FQ_STMT_INSERT)
	{
		/* Its query reads warehouse tables only now: fedq still refreshes
		 * it, but only as a statement of its own. */
		return fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, r->n.location + 1,
						"materialized view \"%s.%s\" reads no external table any more",
						v->schema, v->name);
	}
	return FQ_OK;
}

/* Whether q has a subquery expression (not EXISTS) with a WHERE clause,
 * which may be a correlated aggregate. */
static bool
has_filtered_sublink(fq_node *q, void *ctx)
{
	if (q->tag == FQ_N_RAW_SUBLINK)
	{
		const fq_raw_sublink *l = (const fq_raw_sublink *) q;

		if (l->kind != FQ_SUBLINK_EXISTS && l->subquery != NULL &&
			l->subquery->tag == FQ_N_STMT_SELECT &&
			((const fq_select_stmt *) l->subquery)->where != NULL)
			return true;
	}
	return fq_raw_walk_children(q, has_filtered_sublink, ctx);
}

/* The tables a plan reads, as schema and name at their source. */
typedef struct plan_tables
{
	int n;
	int cap;
	const char **schemas;
	const char **names;
} plan_tables;

/* Adds the tables p reads to t; false when one is a system catalog's (a
 * client's metadata query), or on running out of memory or stack. */
static bool
collect_tables(fq_stmt *st, const fq_plan *p, plan_tables *t)
{
	if (fq_stack_too_deep())
		return false;
	if (FQ_IS(p, FQ_N_PLAN_SCAN))
	{
		const fq_rte *rte = ((const fq_plan_scan *) p)->rte;

		if (rte->remote_schema == NULL || rte->table == NULL ||
			is_system_schema_name(rte->remote_schema))
			return false;
		if (t->n == t->cap)
		{
			int cap = t->cap > 0 ? t->cap * 2 : 8;
			const char **s = fq_arena_realloc(st->arena, t->schemas, sizeof(char *) * (size_t) t->cap,
											  sizeof(char *) * (size_t) cap);
			const char **n = s == NULL ? NULL
				: fq_arena_realloc(st->arena, t->names, sizeof(char *) * (size_t) t->cap,
								   sizeof(char *) * (size_t) cap);

			if (n == NULL)
				return false;
			t->schemas = s;
			t->names = n;
			t->cap = cap;
		}
		t->schemas[t->n] = rte->remote_schema;
		t->names[t->n++] = rte->table;
		return true;
	}
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
		return collect_tables(st, ((const fq_plan_remote *) p)->pushed, t);
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!collect_tables(st, *fq_plan_input((fq_plan *) p, i), t))
			return false;
	return true;
}

/*
 * Whether p is one statement at the warehouse, maybe under projections,
 * over tables that are, at the warehouse, the ones its names find there:
 * fedq bound them by its SearchPath, the warehouse looks names up by its
 * own search_path (which a SET the application sent may have changed),
 * temporary tables first.  Not inside the application's transaction,
 * where a warehouse without to_regclass (Redshift) would abort it.
 */
static bool
whole_at_warehouse(fq_stmt *st, const fq_plan *p)
{
	plan_tables t = {0};
	fq_pg_conn *wc;
	bool same = false;

	while (FQ_IS(p, FQ_N_PLAN_PROJECT))
		p = p->left;
	if (!FQ_IS(p, FQ_N_PLAN_REMOTE) ||
		((const fq_plan_remote *) p)->source->kind != FQ_SOURCE_WAREHOUSE ||
		!collect_tables(st, p, &t) || st->s->wh_in_tran || warehouse(st, false, &wc) < 0 ||
		fq_pg_in_user_transaction(wc))
		return false;
	return fq_pg_lookup_finds(wc, t.schemas, t.names, t.n, &same, st->diags) == FQ_OK && same;
}

/*
 * A query over warehouse tables only is the warehouse's, sent as its
 * text.  But PostgreSQL runs a correlated aggregate subquery once per
 * outer row, over the whole of its table when no index serves the
 * correlation (TPC-H Q17 on tables without secondary indexes: hours at
 * scale 1).  When fedq's planner groups such a subquery once and joins
 * it instead (joinorder.c, choose_lateral), and the plan is then one
 * statement at the warehouse, fedq sends that statement.  Anything else
 * -- a subquery fedq would run per row, a part fedq would compute, a
 * query fedq cannot bind (the warehouse's own syntax, functions or types)
 * -- goes as its text, as before.  True when st now holds fedq's plan.
 */
static bool
decorrelated_for_warehouse(fq_stmt *st, fq_node *query, bool explain)
{
	fq_plan *plan;

	if (!has_filtered_sublink(query, NULL))
		return false;
	if (fq_bind_query(st, query, &plan, NULL, st->diags) == FQ_OK &&
		plan_bound(st, plan, query) == FQ_OK &&
		st->ndecorrelated > 0 && st->ninitplans == 0 && st->nsubplans == 0 && st->nships == 0 &&
		whole_at_warehouse(st, st->plan))
	{
		st->kind = explain ? FQ_STMT_EXPLAIN : FQ_STMT_QUERY;
		return true;
	}
	fq_diags_clear(st->diags);
	forget_plan(st);
	st->nparams = st->parsed.nparams;
	return false;
}

static int
prepare_query(fq_stmt *st, fq_node *query, bool explain)
{
	bool warehouse_only = false;
	fq_plan *plan;

	if (fq_bind_query(st, query, &plan, &warehouse_only, st->diags) < 0)
		return FQ_ERROR;
	if (warehouse_only && st->s->warehouse != NULL)
	{
		fq_diags_clear(st->diags);
		if (decorrelated_for_warehouse(st, query, explain))
			return FQ_OK;
		return prepare_passthrough(st);
	}
	if (plan_bound(st, plan, query) < 0)
		return FQ_ERROR;
	st->kind = explain ? FQ_STMT_EXPLAIN : FQ_STMT_QUERY;
	return FQ_OK;
}

static const char *
kind_text(fq_stmt_kind k)
{
	switch (k)
	{
		case FQ_STMT_PASSTHROUGH: return "runs at the warehouse";
		case FQ_STMT_QUERY: return "federated query";
		case FQ_STMT_EXPLAIN: return "explain";
		case FQ_STMT_CREATE_EXT: return "create external schema";
		case FQ_STMT_DROP_EXT: return "drop external schema";
		case FQ_STMT_CREATE_VIEW: return "create view";
		case FQ_STMT_INSERT: return "insert into the warehouse";
		case FQ_STMT_DROP_VIEW: return "drop view";
		case FQ_STMT_ROWS: return "catalog rows";
		case FQ_STMT_NONE: break;
	}
	return "none";
}

/* Logs the first error of a failed call. */
static int
log_failure(fq_stmt *st, const char *what)
{
	const fq_diag *e = fq_diags_count(st->diags) > 0 ? fq_diags_get(st->diags, 0) : NULL;

	fq_log_write(&st->s->log, FQ_LOG_ERROR, "%s failed: [%s] %s", what, e ? e->sqlstate : "?",
				 e ? e->message : "?");
	return FQ_ERROR;
}

static int prepare(fq_stmt *st, const char *sql, size_t len);

int
fq_stmt_prepare(fq_stmt *st, const char *sql, size_t len)
{
	call c;
	int rc;

	fq_log_sql(&st->s->log, FQ_LOG_STATEMENT, "statement", sql, len);
	call_begin(st, &c);
	rc = prepare(st, sql, len);
	if (call_end(st, &c, rc) < 0)
	{
		/* A plan built while a walker stopped short is not to be run. */
		if (rc >= 0)
			reset(st);
		return log_failure(st, "prepare");
	}
	fq_log_write(&st->s->log, FQ_LOG_STATEMENT, "  %s", kind_text(st->kind));
	return FQ_OK;
}

static int
prepare(fq_stmt *st, const char *sql, size_t len)
{
	fq_session *s = st->s;
	fq_node *ast;

	fq_diags_clear(st->diags);
	reset(st);
	if (!s->connected)
		return fq_raise(st->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST, 0, "not connected");
	if (fq_store_refresh(&s->store, st->diags) < 0)
		return FQ_ERROR;
	if (s->search_path_stale)
		fq_session_sync_search_path(s, st);
	st->sql = fq_arena_strndup(st->arena, sql, len);
	if (st->sql == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	st->sql_len = len;

	if (fq_parse(st->sql, len, st->arena, &st->parsed, st->diags) < 0)
	{
		/*
		 * fedq could not parse it.  If it names no external schema the
		 * warehouse may know better (its own syntax, functions, ...), and
		 * will report its own error if not.  Not when memory ran out:
		 * the text may well be fedq's, half read.
		 */
		const fq_diag *why = fq_diags_get(st->diags, 0);
		bool external = why != NULL && strcmp(why->sqlstate, "53200") == 0;

		external = external || (st->parsed.tokens != NULL &&
			(tokens_name_external(st, st->parsed.tokens, st->parsed.ntokens) ||
			 tokens_fedq_statement(st->parsed.tokens, st->parsed.ntokens)));

		if (external && st->parsed.tokens != NULL &&
			tokens_batch(st->parsed.tokens, st->parsed.ntokens) &&
			(why == NULL || strcmp(why->sqlstate, "53200") != 0))
		{
			fq_diags_clear(st->diags);
			return batch_with_fedq_statements(st);
		}
		if (s->warehouse == NULL || external)
			return FQ_ERROR;
		fq_diags_clear(st->diags);
		return prepare_passthrough(st);
	}
	if (st->parsed.foreign)
	{
		if (tokens_name_external(st, st->parsed.tokens, st->parsed.ntokens))
		{
			if (tokens_batch(st->parsed.tokens, st->parsed.ntokens))
				return batch_with_fedq_statements(st);
			return read_only_external(st, 1);
		}
		if (s->warehouse == NULL)
			return no_warehouse(st);
		return prepare_passthrough(st);
	}
	ast = st->parsed.stmt;
	st->ast = ast;
	st->nparams = st->parsed.nparams;
	switch (FQ_TAG(ast))
	{
		case FQ_N_STMT_CREATE_EXT_SCHEMA:
			st->kind = FQ_STMT_CREATE_EXT;
			return FQ_OK;
		case FQ_N_STMT_DROP_SCHEMA:
			return prepare_drop(st, (fq_drop_schema_stmt *) ast);
		case FQ_N_STMT_CREATE_VIEW:
			return prepare_create_view(st, (fq_create_view_stmt *) ast);
		case FQ_N_STMT_DROP_VIEW:
			return prepare_drop_view(st, (fq_drop_view_stmt *) ast);
		case FQ_N_STMT_INSERT:
			return prepare_insert(st, (fq_insert_stmt *) ast);
		case FQ_N_STMT_REFRESH_MATVIEW:
			return prepare_refresh(st, (fq_refresh_stmt *) ast);
		case FQ_N_STMT_EXPLAIN:
			st->explain_analyze = ((fq_explain_stmt *) ast)->analyze;
			if (FQ_IS(((fq_explain_stmt *) ast)->stmt, FQ_N_STMT_INSERT))
				return prepare_explain_insert(st, (fq_explain_stmt *) ast);
			return prepare_query(st, ((fq_explain_stmt *) ast)->stmt, true);
		case FQ_N_STMT_SELECT:
		case FQ_N_STMT_SETOP:
			return prepare_query(st, ast, false);
		default:
			return fq_raise(st->diags, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized statement node %s",
							fq_node_tag_name(FQ_TAG(ast)));
	}
}

/* ---- Parameters ---- */

int
fq_stmt_nparams(const fq_stmt *st)
{
	return st->nparams;
}

fq_type
fq_stmt_param_type(const fq_stmt *st, int i)
{
	fq_type t = {FQ_T_UNKNOWN, -1, 0, 0};

	/* A statement the warehouse runs: the types it inferred (known once
	 * described); fedq's own statements take any type. */
	if (st->param_types != NULL && i >= 0 && i < st->nparam_types)
		return st->param_types[i];
	return t;
}

int
fq_stmt_set_param(fq_stmt *st, int i, const fq_value *value)
{
	fq_diags_clear(st->diags);
	if (i < 0 || i >= st->nparams)
		return fq_raise(st->diags, FQ_ERR_INVALID_DESCRIPTOR_INDEX, 0,
						"parameter %d does not exist: the statement has %d", i + 1, st->nparams);
	if (st->params == NULL)
	{
		st->params = FQ_NEW_ARRAY(st->arena, fq_value, st->nparams);
		st->param_set = FQ_NEW_ARRAY(st->arena, bool, st->nparams);
		if (st->params == NULL || st->param_set == NULL)
			return fq_raise_nomem(st->diags, st->arena);
	}
	st->params[i] = *value;
	if (!fq_value_own(&st->params[i], st->arena))
		return fq_raise_nomem(st->diags, st->arena);
	st->param_set[i] = true;
	return FQ_OK;
}

static int
check_params(fq_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		if (st->param_set == NULL || !st->param_set[i])
			return fq_raise(st->diags, FQ_ERR_WRONG_NUMBER_OF_PARAMETERS, 0,
							"parameter %d has no value: the statement has %d parameters", i + 1,
							st->nparams);
	return FQ_OK;
}

/* ---- Describe ---- */

static int
describe_plan(fq_stmt *st)
{
	const fq_plan *p = st->plan;

	st->ncols = p->nout;
	st->cols = FQ_NEW_ARRAY(st->arena, fq_column, p->nout > 0 ? p->nout : 1);
	if (st->cols == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	for (int i = 0; i < p->nout; i++)
	{
		const fq_plan_col *c = &p->out[i];
		fq_column *col = &st->cols[i];

		col->name = c->name != NULL ? c->name : "?column?";
		col->type = c->type;
		col->nullable = c->nullable;
		col->type_name = fq_type_name(c->type.id);
		col->base_column = "";
		col->table = "";
		col->schema = "";
		col->catalog = fq_session_database(st->s);
		if (c->base_rte != NULL)
		{
			col->base_column = c->base_rte->meta->cols[c->base_col].name;
			col->table = c->base_rte->table;
			col->schema = c->base_rte->schema;
		}
	}
	return FQ_OK;
}

static int
describe_explain(fq_stmt *st)
{
	st->ncols = 1;
	st->cols = FQ_NEW(st->arena, fq_column);
	if (st->cols == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	st->cols[0].name = "QUERY PLAN";
	st->cols[0].type = fq_type_varchar(st->explain_width > 0 ? st->explain_width : -1);
	st->cols[0].nullable = FQ_NULLABLE_NO;
	st->cols[0].type_name = fq_type_name(FQ_T_VARCHAR);
	st->cols[0].base_column = st->cols[0].table = st->cols[0].schema = "";
	st->cols[0].catalog = "";
	return FQ_OK;
}

static int
fq_stmt_describe_impl(fq_stmt *st)
{
	int nparams;

	fq_diags_clear(st->diags);
	if (st->described)
		return st->ncols;
	switch (st->kind)
	{
		case FQ_STMT_NONE:
			return fq_raise(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR, 0,
							"no statement has been prepared");
		case FQ_STMT_QUERY:
			if (describe_plan(st) < 0)
				return FQ_ERROR;
			break;
		case FQ_STMT_EXPLAIN:
			if (describe_explain(st) < 0)
				return FQ_ERROR;
			break;
		case FQ_STMT_PASSTHROUGH:
			if (st->pt != NULL)
			{
				/* Executed: the result knows its shape. */
				st->ncols = fq_pg_result_ncols(st->pt);
				st->cols = FQ_NEW_ARRAY(st->arena, fq_column, st->ncols > 0 ? st->ncols : 1);
				if (st->cols == NULL)
					return fq_raise_nomem(st->diags, st->arena);
				for (int i = 0; i < st->ncols; i++)
					st->cols[i] = *fq_pg_result_column(st->pt, i);
				break;
			}
			{
				fq_pg_conn *c;
				int guarded;

				if (warehouse(st, false, &c) < 0)
					return FQ_ERROR;
				/* A statement the warehouse refuses to prepare aborts its
				 * transaction: undo the describe alone, as a statement. */
				guarded = fq_session_svp_begin(st->s, c, NULL, st->diags);
				if (guarded < 0)
					return FQ_ERROR;
				if (fq_pg_describe_statement(c, st->passthrough_sql, st->arena, &st->cols,
											 &st->ncols, &nparams, &st->param_types,
											 st->diags) < 0)
				{
					if (guarded > 0)
						fq_session_svp_failed(st->s, st->diags);
					return FQ_ERROR;
				}
			}
			if (nparams > st->nparams)
				st->nparams = nparams;
			st->nparam_types = st->param_types != NULL ? nparams : 0;
			break;
		case FQ_STMT_ROWS:
			st->ncols = st->rows->p.nout;
			break;
		case FQ_STMT_CREATE_EXT:
		case FQ_STMT_DROP_EXT:
		case FQ_STMT_CREATE_VIEW:
		case FQ_STMT_DROP_VIEW:
		case FQ_STMT_INSERT:
			st->ncols = 0;
			break;
	}
	st->described = true;
	return st->ncols;
}

int
fq_stmt_describe(fq_stmt *st)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = fq_stmt_describe_impl(st);
	return call_end(st, &c, rc);
}

const fq_column *
fq_stmt_column(const fq_stmt *st, int i)
{
	if (!st->described || i < 0 || i >= st->ncols)
		return NULL;
	return &st->cols[i];
}

int64_t
fq_stmt_rowcount(const fq_stmt *st)
{
	return st->rowcount;
}

/* ---- Execute ---- */

/* Seconds CREATE EXTERNAL SCHEMA waits for its source (LoginTimeout when
 * shorter): long enough for a server across the world, short enough for a
 * statement. */
#define CREATE_CHECK_SECONDS 5

/*
 * Tries the source of an external schema just created, so a mistake in
 * its address, credentials or SCHEMA shows where it was made rather than
 * at the first query.  The definition is kept either way, as Redshift keeps it
 * (a source may be down for now): a failure is a warning (01000) carrying
 * the error and what to do.
 */
static void
check_new_source(fq_stmt *st, const fq_ext_schema *ext)
{
	fq_diags *why = fq_diags_new();
	const fq_diag *e;

	if (why == NULL)
		return;
	if (fq_session_check_source(st->s, ext, CREATE_CHECK_SECONDS, st->exec_arena, why) == FQ_OK ||
		fq_diags_count(why) == 0)
	{
		fq_diags_free(why);
		return;
	}
	e = fq_diags_get(why, 0);
	/* A cancel or QueryTimeout during the check ends the statement as it
	 * would any other: the schema is stored, and the error says why. */
	if (strncmp(e->sqlstate, "57014", 5) == 0 || strcmp(e->odbc_state, "HYT00") == 0 ||
		strcmp(e->odbc_state, "HY008") == 0)
	{
		fq_notice(st->diags, FQ_ERR_WARNING,
				  "external schema \"%s\" was created; checking its source was stopped: %s",
				  ext->name, e->message);
		fq_diags_free(why);
		return;
	}
	if (strcmp(e->sqlstate, "3F000") == 0)
		fq_notice(st->diags, FQ_ERR_WARNING, "external schema \"%s\" was created, but %s",
				  ext->name, e->message);
	else
		fq_notice(st->diags, FQ_ERR_WARNING,
				  "external schema \"%s\" was created, but its source cannot be reached with "
				  "it now (SQLSTATE %s): %s",
				  ext->name, e->sqlstate, e->message);
	if ((strcmp(e->sqlstate, "28P01") == 0 || strcmp(e->sqlstate, "28000") == 0) &&
		ext->secret_arn == NULL)
		/* Short enough for isql, which shows 511 characters of a message. */
		fq_diag_hint(st->diags,
					 "Not the DSN's UID and PWD: libpq's PGUSER (else the system user), "
					 "PGPASSWORD or ~/.pgpass log in to the source, or DROP SCHEMA %s and "
					 "create it with SECRET_ARN 'file:/path/secret.json' ({\"username\": ..., "
					 "\"password\": ...}).", ext->name);
	else if (strcmp(e->sqlstate, "3F000") == 0)
		fq_diag_hint(st->diags, "%s  The definition is kept: DROP SCHEMA %s and create it again "
								"to change it.", e->hint != NULL ? e->hint : "", ext->name);
	else
		fq_diag_hint(st->diags,
					 "%s%sThe definition is kept (the source may be down for now): DROP SCHEMA "
					 "%s and create it again to change it.  CheckSources=0 skips this check.",
					 e->hint != NULL ? e->hint : "", e->hint != NULL ? "  " : "", ext->name);
	fq_diags_free(why);
}

static int
exec_create(fq_stmt *st)
{
	fq_create_ext_schema_stmt *c = (fq_create_ext_schema_stmt *) st->ast;
	fq_session *s = st->s;
	fq_ext_schema def;
	bool existed;

	if (s->warehouse != NULL)
	{
		const char **names;
		size_t n;
		fq_strbuf pat = FQ_STRBUF_INIT;
		fq_pg_conn *wc;
		int rc;

		if (warehouse(st, false, &wc) < 0)
			return FQ_ERROR;
		/* The name must not hide a warehouse schema. */
		for (const char *p = c->name; *p; p++)
		{
			if (*p == '%' || *p == '_' || *p == '\\')
				fq_strbuf_appendc(&pat, '\\');
			fq_strbuf_appendc(&pat, *p);
		}
		if (!fq_strbuf_ok(&pat))
			return fq_raise_nomem(st->diags, NULL);
		rc = fq_pg_list_schemas(wc, fq_strbuf_str(&pat), false, st->exec_arena, &names, &n,
								st->diags);
		fq_strbuf_free(&pat);
		if (rc < 0)
			return FQ_ERROR;
		if (n > 0)
		{
			if (c->if_not_exists)
			{
				fq_notice(st->diags, FQ_ERR_DUPLICATE_SCHEMA,
						  "schema \"%s\" already exists in the warehouse, skipping", c->name);
				return FQ_OK;
			}
			fq_raise(st->diags, FQ_ERR_DUPLICATE_SCHEMA, c->n.location + 1,
					 "schema \"%s\" already exists in the warehouse", c->name);
			fq_diag_hint(st->diags, "Choose another name for the external schema.");
			return FQ_ERROR;
		}
	}
	if (strcmp(c->name, "information_schema") == 0 || strncmp(c->name, "pg_", 3) == 0)
		return fq_raise(st->diags, FQ_ERR_DUPLICATE_SCHEMA, c->n.location + 1,
						"\"%s\" is a system schema name", c->name);
	if (fq_check_uri(s, NULL, c->uri, st->diags) < 0 ||
		(c->sslmode != NULL && fq_check_ssl_value("SSLMODE", c->sslmode, st->diags) < 0) ||
		(c->sslrootcert != NULL &&
		 fq_check_ssl_value("SSLROOTCERT", c->sslrootcert, st->diags) < 0) ||
		(c->sslcert != NULL && fq_check_ssl_value("SSLCERT", c->sslcert, st->diags) < 0) ||
		(c->sslkey != NULL && fq_check_ssl_value("SSLKEY", c->sslkey, st->diags) < 0))
	{
		fq_diag_position(st->diags, c->n.location + 1);
		return FQ_ERROR;
	}
	if ((c->sslcert == NULL) != (c->sslkey == NULL))
	{
		fq_raise(st->diags, FQ_ERR_INVALID_PARAMETER_VALUE, c->n.location + 1,
				 "%s without %s", c->sslcert != NULL ? "SSLCERT" : "SSLKEY",
				 c->sslcert != NULL ? "SSLKEY" : "SSLCERT");
		fq_diag_hint(st->diags, "A client certificate needs its private key: give both "
								"SSLCERT and SSLKEY.");
		return FQ_ERROR;
	}
	/* A relative path (or ~) would be read from each program's own working
	 * directory: it works where the schema was made and nowhere else. */
	if (c->secret_arn != NULL && strncmp(c->secret_arn, "file:", 5) == 0 &&
		c->secret_arn[5] != '/')
	{
		fq_raise(st->diags, FQ_ERR_INVALID_PARAMETER_VALUE, c->n.location + 1,
				 "SECRET_ARN '%s' does not name an absolute path", c->secret_arn);
		fq_diag_hint(st->diags, "Write 'file:/full/path/secret.json': every program that uses "
								"this catalog reads the file, each from its own working "
								"directory, and ~ is not expanded.");
		return FQ_ERROR;
	}
	if ((c->secret_arn != NULL && strncmp(c->secret_arn, "file:", 5) != 0 &&
		 !fq_aws_check_secret_arn(c->secret_arn, st->diags)) ||
		(c->iam_role != NULL && !fq_aws_check_role(c->iam_role, st->diags)))
	{
		fq_diag_position(st->diags, c->n.location + 1);
		return FQ_ERROR;
	}
	memset(&def, 0, sizeof(def));
	def.name = c->name;
	def.source = "postgres";
	def.database = c->database;
	def.remote_schema = c->schema;
	def.uri = c->uri;
	def.port = c->port;
	def.iam_role = c->iam_role;
	def.secret_arn = c->secret_arn;
	/* SSLMODE as libpq spells it, whatever the case it was written in. */
	def.sslmode = c->sslmode != NULL ? fq_arena_strdup(st->exec_arena, c->sslmode) : NULL;
	if (def.sslmode != NULL)
		for (char *p = (char *) def.sslmode; *p; p++)
			*p = (char) tolower((unsigned char) *p);
	def.sslrootcert = c->sslrootcert;
	def.sslcert = c->sslcert;
	def.sslkey = c->sslkey;
	def.owner = s->user;
	if (c->sslmode != NULL && def.sslmode == NULL)
		return fq_raise_nomem(st->diags, st->exec_arena);
	if (fq_store_add(&s->store, &def, c->if_not_exists, &existed, st->diags) < 0)
		return FQ_ERROR;
	if (existed)
		fq_notice(st->diags, FQ_ERR_DUPLICATE_SCHEMA, "schema \"%s\" already exists, skipping",
				  c->name);
	else
	{
		const fq_ext_schema *added = fq_store_find(&s->store, c->name);
		const fq_source *src = added ? fq_session_ext_source(s, added, st->exec_arena) : NULL;

		if (src != NULL)
			fq_session_forget_meta(s, src->key);
		if (added != NULL && s->opt.check_sources)
			check_new_source(st, added);
	}
	return FQ_OK;
}

static int
exec_drop(fq_stmt *st)
{
	fq_drop_schema_stmt *drop = (fq_drop_schema_stmt *) st->ast;
	fq_session *s = st->s;
	fq_raw_range_var *rv;

	/* Check all first, so a missing one drops nothing. */
	FQ_LIST_FOREACH(rv, drop->names)
		if (!is_external_name(st, rv->name) && !drop->if_exists)
			return fq_raise(st->diags, FQ_ERR_INVALID_SCHEMA_NAME, rv->n.location + 1,
							"schema \"%s\" does not exist", rv->name);
	FQ_LIST_FOREACH(rv, drop->names)
	{
		const fq_ext_schema *ext = fq_store_find(&s->store, rv->name);
		const fq_source *src = ext ? fq_session_ext_source(s, ext, st->exec_arena) : NULL;
		bool found;

		if (ext == NULL)
		{
			fq_notice(st->diags, FQ_ERR_INVALID_SCHEMA_NAME,
					  "schema \"%s\" does not exist, skipping", rv->name);
			continue;
		}
		if (src == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
		fq_session_forget_meta(s, src->key);
		if (fq_store_drop(&s->store, rv->name, &found, st->diags) < 0)
			return FQ_ERROR;
		if (!found)
			fq_notice(st->diags, FQ_ERR_INVALID_SCHEMA_NAME,
					  "schema \"%s\" does not exist, skipping", rv->name);
	}
	return FQ_OK;
}

/* Does the warehouse have schema `name`? */
static int
warehouse_has_schema(fq_stmt *st, const char *name, bool *has)
{
	const char **names;
	size_t n;
	fq_strbuf pat = FQ_STRBUF_INIT;
	fq_pg_conn *wc;
	int rc;

	*has = false;
	if (warehouse(st, false, &wc) < 0)
		return FQ_ERROR;
	for (const char *p = name; *p; p++)
	{
		if (*p == '%' || *p == '_' || *p == '\\')
			fq_strbuf_appendc(&pat, '\\');
		fq_strbuf_appendc(&pat, *p);
	}
	if (!fq_strbuf_ok(&pat))
		return fq_raise_nomem(st->diags, NULL);
	rc = fq_pg_list_schemas(wc, fq_strbuf_str(&pat), false, st->exec_arena, &names, &n, st->diags);
	fq_strbuf_free(&pat);
	if (rc < 0)
		return FQ_ERROR;
	*has = n > 0;
	return FQ_OK;
}

/*
 * The schema an unqualified CREATE VIEW creates in: as PostgreSQL, the
 * first SearchPath schema that exists in the warehouse (external schemas
 * are read-only); without a warehouse, public.
 */
static int
view_schema(fq_stmt *st, const char **out)
{
	fq_session *s = st->s;

	*out = NULL;
	if (s->warehouse == NULL)
	{
		*out = "public";
		return FQ_OK;
	}
	for (int i = 0; i < s->nsearch; i++)
	{
		bool has;

		if (is_external_name(st, s->search_path[i]))
			continue;
		if (warehouse_has_schema(st, s->search_path[i], &has) < 0)
			return FQ_ERROR;
		if (has)
		{
			*out = s->search_path[i];
			return FQ_OK;
		}
	}
	fq_raise(st->diags, FQ_ERR_INVALID_SCHEMA_NAME, 0, "no schema has been selected to create in");
	fq_diag_hint(st->diags, "Qualify the view's name with a warehouse schema, or put one on the "
							"SearchPath connection key.");
	return FQ_ERROR;
}

static int
exec_create_view(fq_stmt *st)
{
	fq_create_view_stmt *c = (fq_create_view_stmt *) st->ast;
	fq_session *s = st->s;
	fq_view_def def;
	const char *schema = c->view->schema;
	bool replaced;
	int k = 0;
	const char *col;

	if (schema == NULL && view_schema(st, &schema) < 0)
		return FQ_ERROR;
	if (is_external_name(st, schema))
		return fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, c->view->n.location + 1,
						"external schemas are read-only: a view cannot be created in \"%s\"",
						schema);
	if (is_system_schema_name(schema))
		return fq_raise(st->diags, FQ_ERR_INSUFFICIENT_PRIVILEGE, c->view->n.location + 1,
						"views cannot be created in system schema \"%s\"", schema);
	if (s->warehouse != NULL)
	{
		bool has;
		const fq_pg_table *t = NULL;

		if (warehouse_has_schema(st, schema, &has) < 0)
			return FQ_ERROR;
		if (!has)
		{
			fq_raise(st->diags, FQ_ERR_INVALID_SCHEMA_NAME, c->view->n.location + 1,
					 "schema \"%s\" does not exist", schema);
			fq_diag_hint(st->diags, "fedq keeps the view in its catalog, under a schema of the "
									"warehouse: create the schema there first.");
			return FQ_ERROR;
		}
		/* Fresh: a table created a moment ago must be seen. */
		fq_session_forget_meta(s, s->warehouse_source.key);
		if (fq_session_lookup_table(s, &s->warehouse_source, schema, c->view->name, &t,
									st->diags) < 0)
			return FQ_ERROR;
		if (t != NULL)
		{
			fq_raise(st->diags, FQ_ERR_DUPLICATE_TABLE, c->view->n.location + 1,
					 "relation \"%s.%s\" already exists in the warehouse", schema,
					 c->view->name);
			fq_diag_hint(st->diags, "Choose another name for the view.");
			return FQ_ERROR;
		}
	}
	memset(&def, 0, sizeof(def));
	def.schema = schema;
	def.name = c->view->name;
	def.ncols = fq_list_len(c->cols);
	def.cols = FQ_NEW_ARRAY(st->exec_arena, const char *, def.ncols > 0 ? def.ncols : 1);
	if (def.cols == NULL)
		return fq_raise_nomem(st->diags, st->exec_arena);
	FQ_LIST_FOREACH(col, c->cols)
		def.cols[k++] = col;
	def.sql = c->query_sql;
	def.owner = s->user;
	return fq_store_add_view(&s->store, &def, c->or_replace, &replaced, st->diags);
}

/*
 * A write of fedq's into the warehouse: in autocommit its own transaction,
 * inside the application's a savepoint (the application's transaction
 * opened first when autocommit is off).  *own tells which.
 */
static int
wh_write_begin(fq_stmt *st, fq_pg_conn *wc, bool *own)
{
	fq_session *s = st->s;

	*own = s->autocommit && !fq_pg_in_user_transaction(wc);
	if (!*own && !s->wh_in_tran && !fq_pg_in_user_transaction(wc))
	{
		if (fq_pg_command(wc, "BEGIN", st->diags) < 0)
			return FQ_ERROR;
		s->wh_in_tran = true;
	}
	return fq_pg_command(wc, *own ? "BEGIN" : "SAVEPOINT fedq_write", st->diags);
}

/* Commits the write (ok) or undoes it, leaving the application's
 * transaction going on; errors of the undo add nothing to the first. */
static int
wh_write_end(fq_stmt *st, fq_pg_conn *wc, bool own, bool ok)
{
	fq_diags *ignored;

	if (ok)
		return fq_pg_command(wc, own ? "COMMIT" : "RELEASE SAVEPOINT fedq_write", st->diags);
	if (!fq_pg_alive(wc) || (ignored = fq_diags_new()) == NULL)
		return FQ_ERROR;
	if (own)
		(void) fq_pg_command(wc, "ROLLBACK", ignored);
	else if (fq_pg_command(wc, "ROLLBACK TO SAVEPOINT fedq_write", ignored) == FQ_OK)
		(void) fq_pg_command(wc, "RELEASE SAVEPOINT fedq_write", ignored);
	fq_diags_free(ignored);
	return FQ_ERROR;
}

/* DROP MATERIALIZED VIEW of fedq's: their tables dropped and their
 * definitions removed, in one warehouse transaction. */
static int
drop_matviews(fq_stmt *st, int m, const char **schemas, const char **names, bool *found)
{
	fq_pg_conn *wc;
	bool own;
	int rc = FQ_OK;

	if (warehouse(st, false, &wc) < 0 || wh_write_begin(st, wc, &own) < 0)
		return FQ_ERROR;
	if (!own)
	{
		fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
				 "DROP MATERIALIZED VIEW runs only in autocommit mode");
		fq_diag_hint(st->diags, "Commit or roll back the transaction and turn autocommit on.");
		return wh_write_end(st, wc, own, false);
	}
	for (int i = 0; i < m && rc == FQ_OK; i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_append(&b, "DROP TABLE IF EXISTS ");
		quote_ident(&b, schemas[i]);
		fq_strbuf_appendc(&b, '.');
		quote_ident(&b, names[i]);
		if (!fq_strbuf_ok(&b))
			rc = fq_raise_nomem(st->diags, NULL);
		else
			rc = fq_pg_command(wc, b.data, st->diags);
		fq_strbuf_free(&b);
	}
	if (rc == FQ_OK)
		rc = fq_store_drop_views(&st->s->store, m, schemas, names, found, st->diags);
	return wh_write_end(st, wc, own, rc == FQ_OK);
}

static int
exec_drop_view(fq_stmt *st)
{
	fq_drop_view_stmt *drop = (fq_drop_view_stmt *) st->ast;
	fq_session *s = st->s;
	int n = fq_list_len(drop->names);
	const char **schemas = FQ_NEW_ARRAY(st->exec_arena, const char *, n);
	const char **names = FQ_NEW_ARRAY(st->exec_arena, const char *, n);
	bool *found = FQ_NEW_ARRAY(st->exec_arena, bool, n);
	int m = 0;
	fq_raw_range_var *rv;

	if (schemas == NULL || names == NULL || found == NULL)
		return fq_raise_nomem(st->diags, st->exec_arena);
	/* Check all first, so a missing one drops nothing. */
	FQ_LIST_FOREACH(rv, drop->names)
	{
		const fq_view_def *v;

		if (fq_find_view(s, rv->schema, rv->name, drop->materialized, st->exec_arena, &v,
						 st->diags) < 0)
			return FQ_ERROR;
		if (v == NULL)
		{
			if (!drop->if_exists)
			{
				fq_raise(st->diags, FQ_ERR_UNDEFINED_TABLE, rv->n.location + 1,
						 "%sview \"%s\" does not exist in fedq's catalog",
						 drop->materialized ? "materialized " : "", rv->name);
				if (s->warehouse != NULL)
					fq_diag_hint(st->diags, "fedq's views and the warehouse's cannot be dropped "
											"in one statement: drop a warehouse view with a "
											"DROP VIEW of its own.");
				else
					fq_diag_hint(st->diags, "fedq's views are listed by SQLTables and "
											"information_schema.views.");
				return FQ_ERROR;
			}
			fq_notice(st->diags, FQ_ERR_UNDEFINED_TABLE, "view \"%s\" does not exist, skipping",
					  rv->name);
			continue;
		}
		schemas[m] = v->schema;
		names[m] = v->name;
		m++;
	}
	if (m == 0)
		return FQ_OK;
	/* The names point into the store, which the drop reloads: copy them. */
	for (int i = 0; i < m; i++)
	{
		schemas[i] = fq_arena_strdup(st->exec_arena, schemas[i]);
		names[i] = fq_arena_strdup(st->exec_arena, names[i]);
		if (schemas[i] == NULL || names[i] == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
	}
	if (drop->materialized)
		return drop_matviews(st, m, schemas, names, found);
	if (fq_store_drop_views(&s->store, m, schemas, names, found, st->diags) < 0)
		return FQ_ERROR;
	for (int i = 0; i < m; i++)
		if (!found[i] && !drop->if_exists)
			fq_notice(st->diags, FQ_ERR_UNDEFINED_TABLE,
					  "view \"%s.%s\" was dropped meanwhile by another process", schemas[i],
					  names[i]);
	return FQ_OK;
}

/* "name" quoted as PostgreSQL wants an identifier. */
static void
quote_ident(fq_strbuf *b, const char *name)
{
	fq_strbuf_appendc(b, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"')
			fq_strbuf_appendc(b, '"');
		fq_strbuf_appendc(b, *p);
	}
	fq_strbuf_appendc(b, '"');
}

/*
 * Whether a value of type `from`, written in its text form, is read by a
 * column of type `to` as PostgreSQL's assignment cast would convert it
 * (INSERT ... SELECT converts that way).  Where the two could differ
 * (float4 to float8, boolean or char(n) to text, a time zone to apply),
 * fedq asks for an explicit CAST instead of guessing.
 */
static bool
copies_as_assignment(const fq_type *from, const fq_type *to)
{
	if (from->id == to->id)
		return true;
	/* (a narrower integer fails on overflow either way, 22003) */
	if (fq_type_is_integer(from->id))
		return fq_type_is_integer(to->id) || to->id == FQ_T_DECIMAL || to->id == FQ_T_FLOAT8 ||
			to->id == FQ_T_FLOAT4;
	/* an untyped literal (or NULL) is read by the column's own input, as
	 * PostgreSQL resolves it for the column */
	if (from->id == FQ_T_UNKNOWN)
		return true;
	if (from->id == FQ_T_VARCHAR)
		return to->id == FQ_T_CHAR || to->id == FQ_T_VARCHAR;
	if (from->id == FQ_T_DECIMAL)
		return to->id == FQ_T_FLOAT8 || to->id == FQ_T_FLOAT4;
	if (from->id == FQ_T_DATE)
		return to->id == FQ_T_TIMESTAMP;
	return false;
}

/*
 * The target of an INSERT (it must exist) or CREATE TABLE AS (it must
 * not): its schema, and for INSERT its description.
 */
static int
insert_target(fq_stmt *st, fq_insert_stmt *ins, const char **schema, const fq_pg_table **t)
{
	fq_session *s = st->s;
	const char *name = ins->target->name;
	int pos = ins->target->n.location + 1;

	*schema = ins->target->schema;
	*t = NULL;
	/* What the warehouse has now, not what fedq saw a minute ago. */
	fq_session_forget_meta(s, s->warehouse_source.key);
	if (*schema != NULL)
	{
		if (fq_session_lookup_table(s, &s->warehouse_source, *schema, name, t, st->diags) < 0)
			return FQ_ERROR;
	}
	else
		for (int i = 0; i < s->nrel_search && *t == NULL; i++)
		{
			if (is_external_name(st, s->rel_search[i]))
				continue;
			if (fq_session_lookup_table(s, &s->warehouse_source, s->rel_search[i], name, t,
										st->diags) < 0)
				return FQ_ERROR;
			if (*t != NULL)
				*schema = s->rel_search[i];
		}
	if (ins->create)
	{
		if (*t != NULL)
		{
			fq_raise(st->diags, FQ_ERR_DUPLICATE_TABLE, pos, "relation \"%s\" already exists",
					 name);
			fq_diag_hint(st->diags, "Use INSERT INTO to add rows to it, or choose another name.");
			return FQ_ERROR;
		}
		if (*schema == NULL && view_schema(st, schema) < 0)
			return FQ_ERROR;
		return FQ_OK;
	}
	if (*t == NULL)
	{
		fq_raise(st->diags, FQ_ERR_UNDEFINED_TABLE, pos, "relation \"%s%s%s\" does not exist",
				 ins->target->schema ? ins->target->schema : "", ins->target->schema ? "." : "",
				 name);
		fq_diag_hint(st->diags, "INSERT writes into a warehouse table; create it first (or use "
								"CREATE TABLE ... AS SELECT).");
		return FQ_ERROR;
	}
	if ((*t)->relkind != 'r' && (*t)->relkind != 'p')
		return fq_raise(st->diags, FQ_ERR_WRONG_OBJECT_TYPE, pos,
						"\"%s.%s\" is not a table: fedq writes the rows of a query over external "
						"tables only into warehouse tables", *schema, name);
	return FQ_OK;
}

/*
 * Whether select-list item i of the INSERT's query is an untyped string
 * literal or NULL: PostgreSQL leaves those unknown in INSERT ... SELECT and
 * the target column's type reads them, as COPY's text does here.
 */
static bool
untyped_target(const fq_insert_stmt *ins, int i)
{
	const fq_select_stmt *sel;
	const fq_raw_target *t;
	const fq_raw_const *k;

	if (!FQ_IS(ins->query, FQ_N_STMT_SELECT))
		return false;
	sel = (const fq_select_stmt *) ins->query;
	if (sel->values != NULL || i >= fq_list_len(sel->targets))
		return false;
	for (int j = 0; j <= i; j++)
	{
		t = fq_list_nth(sel->targets, j);
		if (FQ_IS(t->expr, FQ_N_RAW_STAR))
			return false; /* positions past a * are not the list's */
	}
	t = fq_list_nth(sel->targets, i);
	if (!FQ_IS(t->expr, FQ_N_RAW_CONST))
		return false;
	k = (const fq_raw_const *) t->expr;
	return k->kind == FQ_CONST_STRING || k->kind == FQ_CONST_NULL;
}

/*
 * The COPY statement (and for CREATE TABLE AS the CREATE TABLE first), and
 * its format: binary into a table made of the values' own types (CREATE
 * TABLE AS), or into one whose every column is the type of its value
 * (fq_pg_copy_binary_fits); text otherwise, whose values the columns'
 * input functions convert as PostgreSQL's INSERT would.  *names receives
 * the target columns, in the query's order.
 */
static int
insert_sql(fq_stmt *st, fq_insert_stmt *ins, const char *schema, const fq_pg_table *t,
		   fq_strbuf *create, fq_strbuf *copy, bool *binary, const char ***out_names)
{
	const fq_plan *p = st->plan;
	int ncols = fq_list_len(ins->cols);
	const char **names = FQ_NEW_ARRAY(st->exec_arena, const char *, p->nout > 0 ? p->nout : 1);
	int pos = ins->n.location + 1;

	*binary = true;
	*out_names = names;
	if (names == NULL)
		return fq_raise_nomem(st->diags, st->exec_arena);
	if (ins->create)
	{
		if (ncols > p->nout)
			return fq_raise(st->diags, FQ_ERR_SYNTAX_ERROR, pos,
							"CREATE TABLE AS specifies too many column names");
		for (int i = 0; i < p->nout; i++)
			names[i] = i < ncols ? fq_list_nth(ins->cols, i)
				: p->out[i].name != NULL ? p->out[i].name : "?column?";
	}
	else
	{
		if (ncols == 0)
		{
			if (p->nout > t->ncols)
				return fq_raise(st->diags, FQ_ERR_SYNTAX_ERROR, pos,
								"INSERT has more expressions than target columns");
			for (int i = 0; i < p->nout; i++)
				names[i] = t->cols[i].name;
		}
		else
		{
			if (p->nout != ncols)
				return fq_raise(st->diags, FQ_ERR_SYNTAX_ERROR, pos, "INSERT has more %s",
								p->nout > ncols ? "expressions than target columns"
												: "target columns than expressions");
			for (int i = 0; i < ncols; i++)
				names[i] = fq_list_nth(ins->cols, i);
		}
		for (int i = 0; i < p->nout; i++)
		{
			int k = -1;

			for (int j = 0; j < t->ncols && k < 0; j++)
				if (strcmp(t->cols[j].name, names[i]) == 0)
					k = j;
			if (k < 0)
				return fq_raise(st->diags, FQ_ERR_UNDEFINED_COLUMN, pos,
								"column \"%s\" of relation \"%s\" does not exist", names[i],
								t->name);
			if (!untyped_target(ins, i) &&
				!copies_as_assignment(&p->out[i].type, &t->cols[k].type))
			{
				fq_strbuf from = FQ_STRBUF_INIT;
				fq_strbuf to = FQ_STRBUF_INIT;

				fq_type_format(&p->out[i].type, &from);
				fq_type_format(&t->cols[k].type, &to);
				fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, pos,
						 "column \"%s\" is of type %s but expression %d is of type %s, which "
						 "fedq converts only with an explicit cast", names[i], fq_strbuf_str(&to),
						 i + 1, fq_strbuf_str(&from));
				fq_diag_hint(st->diags, "Write CAST(expression AS %s) in the select list.",
							 fq_strbuf_str(&to));
				fq_strbuf_free(&from);
				fq_strbuf_free(&to);
				return FQ_ERROR;
			}
			if (!fq_pg_copy_binary_fits(&p->out[i].type, &t->cols[k]))
				*binary = false;
		}
	}
	for (int i = 0; i < p->nout; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return fq_raise(st->diags, FQ_ERR_DUPLICATE_COLUMN, pos,
								"column \"%s\" specified more than once", names[i]);
	if (ins->create)
	{
		fq_strbuf_append(create, "CREATE TABLE ");
		quote_ident(create, schema);
		fq_strbuf_appendc(create, '.');
		quote_ident(create, ins->target->name);
		fq_strbuf_append(create, " (");
		for (int i = 0; i < p->nout; i++)
		{
			const fq_type *ty = &p->out[i].type;

			if (i > 0)
				fq_strbuf_append(create, ", ");
			quote_ident(create, names[i]);
			fq_strbuf_appendc(create, ' ');
			if (ty->id == FQ_T_UNKNOWN)
				fq_strbuf_append(create, "text");
			else
				fq_type_format(ty, create);
		}
		fq_strbuf_appendc(create, ')');
	}
	fq_strbuf_append(copy, "COPY ");
	quote_ident(copy, schema);
	fq_strbuf_appendc(copy, '.');
	quote_ident(copy, ins->target->name);
	fq_strbuf_append(copy, " (");
	for (int i = 0; i < p->nout; i++)
	{
		if (i > 0)
			fq_strbuf_append(copy, ", ");
		quote_ident(copy, names[i]);
	}
	fq_strbuf_append(copy, ") FROM STDIN");
	fq_strbuf_append(copy, fq_pg_copy_format_option(*binary));
	if (!fq_strbuf_ok(create) || !fq_strbuf_ok(copy))
		return fq_raise_nomem(st->diags, NULL);
	return FQ_OK;
}

/* Runs the plan, its rows written into the COPY in progress on wc in
 * the format its statement named. */
static int
insert_rows(fq_stmt *st, fq_pg_conn *wc, bool binary, const char *const *names)
{
	const fq_plan *p = st->plan;
	fq_exec_state *es = NULL;
	const fq_batch *b;
	fq_strbuf out = FQ_STRBUF_INIT;
	fq_pg_copy_enc enc;
	unsigned nbatches = 0;
	int rc;

	if (fq_exec_start(st, st->plan, false, &es, st->diags) < 0)
	{
		fq_exec_end(es);
		return FQ_ERROR;
	}
	fq_pg_copy_enc_init(&enc, wc, binary, names);
	while ((rc = fq_exec_next(es, &b)) > 0)
	{
		fq_strbuf_reset(&out);
		if (fq_pg_copy_enc_rows(&enc, b, p->nout, &out, st->diags) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
		/* every few batches wait until the warehouse took them: what
		 * libpq holds stays bounded */
		if (fq_pg_copy_in_put(wc, out.data, out.len, ++nbatches % 8 == 0, st->diags) < 0 ||
			fq_stmt_check_cancel(st, st->diags) < 0)
		{
			rc = FQ_ERROR;
			break;
		}
	}
	if (rc == 0)
	{
		/* binary's trailer (and header, when no row came) */
		fq_strbuf_reset(&out);
		fq_pg_copy_enc_end(&enc, &out);
		if (!fq_strbuf_ok(&out))
			rc = fq_raise_nomem(st->diags, NULL);
		else if (out.len > 0 && fq_pg_copy_in_put(wc, out.data, out.len, true, st->diags) < 0)
			rc = FQ_ERROR;
	}
	fq_pg_copy_enc_free(&enc);
	fq_strbuf_free(&out);
	fq_exec_end(es);
	return rc < 0 ? FQ_ERROR : FQ_OK;
}

/*
 * What a materialized view's statement does before it commits: CREATE
 * keeps the definition in the catalog store; REFRESH puts the new table
 * in the old one's place (readers see the old rows until the commit).
 */
static int
matview_finish(fq_stmt *st, fq_pg_conn *wc, fq_insert_stmt *ins, const char *schema)
{
	fq_session *s = st->s;

	if (ins->matview)
	{
		fq_view_def def;
		int k = 0;
		const char *col;
		bool replaced;

		memset(&def, 0, sizeof(def));
		def.schema = schema;
		def.name = ins->target->name;
		def.ncols = fq_list_len(ins->cols);
		def.cols = FQ_NEW_ARRAY(st->exec_arena, const char *, def.ncols > 0 ? def.ncols : 1);
		if (def.cols == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
		FQ_LIST_FOREACH(col, ins->cols)
			def.cols[k++] = col;
		def.sql = fq_arena_strndup(st->exec_arena, st->sql + ins->query->location,
								   st->sql_len - (size_t) ins->query->location);
		if (def.sql == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
		/* without a trailing WITH [NO] DATA and semicolons */
		{
			const fq_token *tk = st->parsed.tokens;
			int last = st->parsed.ntokens - 1;

			while (last >= 0 && (tk[last].kind == FQ_TOK_EOF || tk[last].kind == FQ_TOK_SEMICOLON))
				last--;
			if (last >= 2 && tk[last].kind == FQ_TOK_IDENT && strcmp(tk[last].text, "data") == 0)
			{
				int w = last - 1;

				if (tk[w].kind == FQ_TOK_IDENT && strcmp(tk[w].text, "no") == 0)
					w--;
				if (tk[w].kind == FQ_TOK_KEYWORD && tk[w].kw == FQ_KW_WITH)
					last = w - 1;
			}
			if (last >= 0 && tk[last].end > ins->query->location)
				((char *) def.sql)[tk[last].end - ins->query->location] = '\0';
		}
		def.materialized = true;
		def.owner = s->user;
		return fq_store_add_view(&s->store, &def, false, &replaced, st->diags);
	}
	if (st->refresh_name != NULL)
	{
		fq_strbuf b = FQ_STRBUF_INIT;
		const char *old = fq_arena_printf(st->exec_arena, "%s__fedq_old", st->refresh_name);
		int rc;

		if (old == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
		fq_strbuf_append(&b, "ALTER TABLE ");
		quote_ident(&b, schema);
		fq_strbuf_appendc(&b, '.');
		quote_ident(&b, st->refresh_name);
		fq_strbuf_append(&b, " RENAME TO ");
		quote_ident(&b, old);
		fq_strbuf_append(&b, "; ALTER TABLE ");
		quote_ident(&b, schema);
		fq_strbuf_appendc(&b, '.');
		quote_ident(&b, ins->target->name);
		fq_strbuf_append(&b, " RENAME TO ");
		quote_ident(&b, st->refresh_name);
		fq_strbuf_append(&b, "; DROP TABLE ");
		quote_ident(&b, schema);
		fq_strbuf_appendc(&b, '.');
		quote_ident(&b, old);
		if (!fq_strbuf_ok(&b))
		{
			fq_strbuf_free(&b);
			return fq_raise_nomem(st->diags, NULL);
		}
		rc = fq_pg_command(wc, b.data, st->diags);
		fq_strbuf_free(&b);
		return rc;
	}
	return FQ_OK;
}

/*
 * INSERT ... SELECT / CREATE TABLE AS / CREATE MATERIALIZED VIEW / REFRESH
 * over external tables: in one warehouse transaction (autocommit makes
 * one; inside the application's a savepoint), the table made (CREATE
 * TABLE AS), then COPY ... FROM STDIN fed with the query's rows as fedq
 * computes them, batch by batch.  Any failure (a source, a constraint, a
 * cancel) ends the COPY without its rows and rolls the transaction (or
 * savepoint) back: the target is as it was, and the application's
 * transaction goes on.
 */
static int
exec_insert(fq_stmt *st)
{
	fq_insert_stmt *ins = (fq_insert_stmt *) st->ast;
	fq_session *s = st->s;
	const char *schema;
	const fq_pg_table *t;
	fq_strbuf create = FQ_STRBUF_INIT;
	fq_strbuf copy = FQ_STRBUF_INIT;
	fq_pg_conn *wc;
	bool own_tran;
	bool copying = false;
	bool binary = false;
	const char **names = NULL;
	int64_t rows = 0;
	int rc;

	if (warehouse(st, true, &wc) < 0 || insert_target(st, ins, &schema, &t) < 0 ||
		insert_sql(st, ins, schema, t, &create, &copy, &binary, &names) < 0 ||
		wh_write_begin(st, wc, &own_tran) < 0)
	{
		fq_strbuf_free(&create);
		fq_strbuf_free(&copy);
		return FQ_ERROR;
	}
	/* The catalog store has no transactions: a materialized view's
	 * definition must not outlive a rollback of its table. */
	if (ins->matview && !own_tran)
	{
		fq_raise(st->diags, FQ_ERR_FEATURE_NOT_SUPPORTED, ins->n.location + 1,
				 "CREATE MATERIALIZED VIEW runs only in autocommit mode");
		fq_diag_hint(st->diags, "Commit or roll back the transaction and turn autocommit on.");
		wh_write_end(st, wc, own_tran, false);
		fq_strbuf_free(&create);
		fq_strbuf_free(&copy);
		return FQ_ERROR;
	}
	/* The query may read the warehouse meanwhile, on another connection:
	 * the transaction is fedq's own, not the application's. */
	s->wh_own_write = own_tran;
	rc = FQ_OK;
	if (ins->create && fq_pg_command(wc, create.data, st->diags) < 0)
		rc = FQ_ERROR;
	if (rc == FQ_OK && !(ins->create && ins->no_data))
	{
		if (fq_pg_copy_in_begin(wc, copy.data, st->diags) < 0)
			rc = FQ_ERROR;
		else
		{
			copying = true;
			s->wh_copying = true;
			rc = insert_rows(st, wc, binary, names);
			s->wh_copying = false;
		}
	}
	if (copying)
	{
		if (rc < 0)
			(void) fq_pg_copy_in_end(wc, "fedq stopped the INSERT: the query failed", &rows, NULL);
		else if (fq_pg_copy_in_end(wc, NULL, &rows, st->diags) < 0)
			rc = FQ_ERROR;
	}
	s->wh_own_write = false;
	fq_strbuf_free(&create);
	fq_strbuf_free(&copy);
	if (rc == FQ_OK)
		rc = matview_finish(st, wc, ins, schema);
	if (wh_write_end(st, wc, own_tran, rc == FQ_OK) < 0)
	{
		/* The commit failed after the definition was kept: forget it. */
		if (rc == FQ_OK && ins->matview)
		{
			const char *sn[1] = {schema};
			const char *nn[1] = {ins->target->name};
			bool found;
			fq_diags *ignored = fq_diags_new();

			if (ignored != NULL)
				(void) fq_store_drop_views(&s->store, 1, sn, nn, &found, ignored);
			fq_diags_free(ignored);
		}
		return FQ_ERROR;
	}
	/* The metadata cache saw the new table absent (insert_target): the
	 * next statement must find it. */
	if (ins->create)
		fq_session_forget_meta(s, s->warehouse_source.key);
	st->rowcount = rows;
	return FQ_OK;
}

static int
exec_passthrough(fq_stmt *st)
{
	fq_session *s = st->s;
	const char **texts = NULL;
	fq_pg_conn *wc;
	int rc;

	/* Read the search_path again after a statement that may set it, and,
	 * once one has, after a transaction's end (fq_session_sync_search_path). */
	s->search_path_touched = s->search_path_touched || st->sets_search_path;
	s->search_path_stale = s->search_path_stale || st->sets_search_path ||
		(s->search_path_touched && st->ends_transaction);

	if (st->nparams > 0)
	{
		texts = FQ_NEW_ARRAY(st->exec_arena, const char *, st->nparams);
		if (texts == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
		for (int i = 0; i < st->nparams; i++)
		{
			const fq_value *v = &st->params[i];
			fq_strbuf b = FQ_STRBUF_INIT;
			union
			{
				int64_t i;
				fq_numeric d;
				double f;
				fq_string s;
				fq_interval iv;
				fq_uuid u;
			} slot;

			if (v->isnull)
				continue;
			if (v->type.id == FQ_T_UNKNOWN)
			{
				texts[i] = fq_arena_strndup(st->exec_arena, v->v.s.ptr, v->v.s.len);
				if (texts[i] == NULL)
					return fq_raise_nomem(st->diags, st->exec_arena);
				continue;
			}
			fq_value_to_slot(v, &slot);
			fq_format_text(&slot, &v->type, false, &b);
			if (!fq_strbuf_ok(&b))
			{
				fq_strbuf_free(&b);
				return fq_raise_nomem(st->diags, NULL);
			}
			texts[i] = fq_arena_strdup(st->exec_arena, fq_strbuf_str(&b));
			fq_strbuf_free(&b);
			if (texts[i] == NULL)
				return fq_raise_nomem(st->diags, st->exec_arena);
		}
	}
	if (warehouse(st, true, &wc) < 0)
		return FQ_ERROR;
	if (!s->autocommit && !s->wh_in_tran)
	{
		if (fq_pg_command(wc, "BEGIN", st->diags) < 0)
			return FQ_ERROR;
		s->wh_in_tran = true;
	}
	rc = fq_session_svp_begin(s, wc, st->passthrough_sql, st->diags);
	if (rc < 0)
		return FQ_ERROR;
	st->svp_guarded = rc > 0;
	if (fq_stmt_enter_remote(st, wc, st->diags) < 0)
		return FQ_ERROR;
	rc = fq_pg_exec_open(wc, st->passthrough_sql, st->nparams,
						 (const char *const *) texts, st->exec_arena, &st->pt, st->diags);
	fq_stmt_leave_remote(st, wc);
	/* What the metadata cache knows of the warehouse's tables (a name
	 * found missing, too) may be out of date now: asked again next time. */
	if (st->changes_tables)
		fq_session_forget_meta(s, s->warehouse_source.key);
	if (rc < 0)
	{
		st->pt = NULL;
		return FQ_ERROR;
	}
	st->rowcount = fq_pg_result_rowcount(st->pt);
	/* The executed statement knows its own shape; forget a stale describe. */
	st->described = false;
	if (fq_pg_result_ncols(st->pt) > 0)
	{
		st->batch_arena = fq_arena_new(&st->acct);
		if (st->batch_arena == NULL)
			return fq_raise_nomem(st->diags, NULL);
		st->open = true;
	}
	else if (fq_pg_result_finished(st->pt))
	{
		fq_pg_exec_close(st->pt);
		st->pt = NULL;
		st->ncols = 0;
		st->described = true;
		fq_session_release_conns(s, st);
	}
	else
	{
		/* A command of a batch that has more results: they keep the
		 * warehouse connection (fq_stmt_more_results). */
		st->ncols = 0;
		st->described = true;
	}
	return FQ_OK;
}

/* The next result of a batch the warehouse runs. */
static int
more_results(fq_stmt *st)
{
	int rc;

	fq_diags_clear(st->diags);
	if (st->pt == NULL)
	{
		close_result(st);
		return 0;
	}
	rc = fq_pg_exec_next_result(st->pt, st->exec_arena, st->diags);
	if (rc <= 0)
	{
		close_result(st);
		return rc;
	}
	st->rowcount = fq_pg_result_rowcount(st->pt);
	st->described = false;
	st->cur_valid = false;
	if (fq_pg_result_ncols(st->pt) > 0)
	{
		if (st->batch_arena == NULL && (st->batch_arena = fq_arena_new(&st->acct)) == NULL)
			return fq_raise_nomem(st->diags, NULL);
		st->open = true;
		return 1;
	}
	st->open = false;
	st->ncols = 0;
	st->described = true;
	if (fq_pg_result_finished(st->pt))
	{
		/* The last result: the connection is free. */
		int64_t rows = st->rowcount;

		close_result(st);
		st->rowcount = rows;
	}
	return 1;
}

int
fq_stmt_more_results(fq_stmt *st)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = more_results(st);
	if (rc < 0 && st->svp_guarded)
		fq_session_svp_failed(st->s, st->diags);
	if ((rc = call_end(st, &c, rc)) < 0)
	{
		close_result(st);
		return log_failure(st, "the next result");
	}
	return rc;
}

static int execute(fq_stmt *st);

int
fq_stmt_execute(fq_stmt *st)
{
	call c;
	int rc;

	call_begin(st, &c);
	st->svp_guarded = false;
	rc = execute(st);
	if (rc < 0 && st->svp_guarded)
		fq_session_svp_failed(st->s, st->diags);
	if (call_end(st, &c, rc) < 0)
	{
		if (rc >= 0)
			close_result(st);
		return log_failure(st, "execute");
	}
	return FQ_OK;
}

/* EXPLAIN of an INSERT ... SELECT: "Insert into s.t (COPY FROM STDIN)"
 * over the query's plan, as PostgreSQL shows "Insert on t". */
static int
explain_insert_lines(fq_stmt *st, fq_list **lines)
{
	fq_insert_stmt *ins;
	fq_list *out = NULL;
	const char *head;

	if (!FQ_IS(st->ast, FQ_N_STMT_EXPLAIN) ||
		!FQ_IS(((fq_explain_stmt *) st->ast)->stmt, FQ_N_STMT_INSERT))
		return FQ_OK;
	ins = (fq_insert_stmt *) ((fq_explain_stmt *) st->ast)->stmt;
	head = fq_arena_printf(st->exec_arena, "%s %s%s%s (COPY FROM STDIN)",
						   ins->create ? "Create table" : "Insert into",
						   ins->target->schema ? ins->target->schema : "",
						   ins->target->schema ? "." : "", ins->target->name);
	if (head == NULL || (out = fq_lappend(st->exec_arena, out, (void *) head)) == NULL)
		return fq_raise_nomem(st->diags, st->exec_arena);
	for (int i = 0; i < fq_list_len(*lines); i++)
	{
		const char *l = fq_arena_printf(st->exec_arena, "%s%s", i == 0 ? "  ->  " : "      ",
										(const char *) fq_list_nth(*lines, i));

		if (l == NULL || (out = fq_lappend(st->exec_arena, out, (void *) l)) == NULL)
			return fq_raise_nomem(st->diags, st->exec_arena);
	}
	*lines = out;
	return FQ_OK;
}

static int
execute(fq_stmt *st)
{
	fq_diags_clear(st->diags);
	close_result(st);
	if (st->kind == FQ_STMT_NONE)
		return fq_raise(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR, 0,
						"no statement has been prepared");
	if (!st->s->connected)
		return fq_raise(st->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST, 0, "not connected");
	if (check_params(st) < 0)
		return FQ_ERROR;
	st->rowcount = -1;
	st->returned_rows = false;
	st->ship_retried = false;
	st->acct.used = 0;
	st->acct.peak = 0;
	st->acct.limit = st->s->opt.memory_limit;
	st->exec_arena = fq_arena_new(&st->acct);
	if (st->exec_arena == NULL)
		return fq_raise_nomem(st->diags, NULL);
	switch (st->kind)
	{
		case FQ_STMT_CREATE_EXT:
			return exec_create(st);
		case FQ_STMT_DROP_EXT:
			return exec_drop(st);
		case FQ_STMT_CREATE_VIEW:
			return exec_create_view(st);
		case FQ_STMT_DROP_VIEW:
			return exec_drop_view(st);
		case FQ_STMT_INSERT:
			{
				int rc = exec_insert(st);

				close_result(st);
				return rc;
			}
		case FQ_STMT_PASSTHROUGH:
			return exec_passthrough(st);
		case FQ_STMT_QUERY:
		case FQ_STMT_ROWS:
			if (fq_exec_start(st, st->kind == FQ_STMT_ROWS ? &st->rows->p : st->plan, false,
							  &st->exec, st->diags) < 0)
			{
				close_result(st);
				return FQ_ERROR;
			}
			/* Past MemoryLimit before the first row, the warehouse is
			 * tried before spilling (ship_after_limit). */
			st->exec->ctx.spill_defer = st->kind == FQ_STMT_QUERY && st->s->opt.spill &&
				st->acct.limit != 0 && st->s->opt.ship_to_warehouse == FQ_SHIP_AUTO &&
				st->s->opt.server != NULL && st->s->opt.pushdown;
			st->open = true;
			return FQ_OK;
		case FQ_STMT_EXPLAIN:
			{
				fq_list *lines = NULL;
				fq_exec_state *es = NULL;
				fq_plan_values *v;
				fq_type vt = fq_type_varchar(-1);
				int rc;

				if (st->explain_analyze)
				{
					const fq_batch *b;

					/* Run the query to the end, keeping the per-node counts. */
					if (fq_exec_start(st, st->plan, true, &es, st->diags) < 0)
					{
						fq_exec_end(es);
						close_result(st);
						return FQ_ERROR;
					}
					while ((rc = fq_exec_next(es, &b)) > 0)
						;
					if (rc < 0)
					{
						fq_exec_end(es);
						close_result(st);
						return FQ_ERROR;
					}
				}
				rc = fq_explain(st, st->plan, es, &lines, st->diags);
				if (es != NULL)
					fq_exec_end(es);
				if (rc < 0 || explain_insert_lines(st, &lines) < 0)
					return FQ_ERROR;
				v = FQ_MAKE_PLAN(st->exec_arena, fq_plan_values, FQ_N_PLAN_VALUES, 1);
				if (v == NULL)
					return fq_raise_nomem(st->diags, st->exec_arena);
				/* As wide as the longest line, so clients size the column to it. */
				vt.length = 1;
				for (int i = 0; i < fq_list_len(lines); i++)
				{
					int32_t n = (int32_t) strlen(fq_list_nth(lines, i));

					if (n > vt.length)
						vt.length = n;
				}
				st->explain_width = vt.length;
				if (st->described && st->cols != NULL)
					st->cols[0].type = vt;
				v->p.out[0].type = vt;
				v->p.out[0].name = "QUERY PLAN";
				v->nrows = fq_list_len(lines);
				v->rows = FQ_NEW_ARRAY(st->exec_arena, fq_expr **, v->nrows > 0 ? v->nrows : 1);
				if (v->rows == NULL)
					return fq_raise_nomem(st->diags, st->exec_arena);
				for (int i = 0; i < v->nrows; i++)
				{
					const char *line = fq_list_nth(lines, i);
					fq_value val = {.type = vt};
					fq_const *c;

					val.v.s.ptr = line;
					val.v.s.len = (uint32_t) strlen(line);
					c = fq_make_const(st->exec_arena, &val);
					v->rows[i] = FQ_NEW_ARRAY(st->exec_arena, fq_expr *, 1);
					if (c == NULL || v->rows[i] == NULL)
						return fq_raise_nomem(st->diags, st->exec_arena);
					v->rows[i][0] = &c->e;
				}
				if (fq_exec_start(st, &v->p, false, &st->exec, st->diags) < 0)
				{
					close_result(st);
					return FQ_ERROR;
				}
				st->open = true;
				return FQ_OK;
			}
		case FQ_STMT_NONE:
			break;
	}
	return fq_raise(st->diags, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized statement kind");
}

/*
 * ShipToWarehouse=auto, when a query reached MemoryLimit (53200) before
 * its first row -- a hash table the estimates said would fit: if a
 * cross-source part of its plan can run in the warehouse, the part goes
 * there (plan/ship.c) and the query starts again, once.  Nothing was
 * written and no row returned, so the application sees only the second
 * run.  The statement keeps the shipping plan for its next executions.
 * When the limit was an operator about to spill (exec/spill.c,
 * spill_defer) and nothing can ship, the query starts again as it was,
 * spilling this time.  True when the query runs again (st->exec is the
 * new one).
 */
static bool
ship_after_limit(fq_stmt *st)
{
	const fq_diag *g = fq_diags_count(st->diags) > 0 ? fq_diags_get(st->diags, 0) : NULL;
	fq_diags *scratch;
	bool shipped = false;
	bool deferred = st->exec != NULL && st->exec->ctx.spill_deferred;
	int rc;

	if (st->kind != FQ_STMT_QUERY || st->returned_rows || st->ship_retried || g == NULL ||
		strcmp(g->sqlstate, "53200") != 0 || st->acct.limit == 0 ||
		st->s->opt.ship_to_warehouse != FQ_SHIP_AUTO || st->s->opt.server == NULL)
		return false;
	st->ship_retried = true;
	if ((scratch = fq_diags_new()) == NULL)
		return false;
	/* The first run's state goes before its plan changes. */
	fq_exec_end(st->exec);
	st->exec = NULL;
	rc = fq_ship_plan_after_limit(st, &st->plan, &shipped, scratch);
	fq_diags_free(scratch);
	if (rc < 0 || (!shipped && !deferred))
		return false;
	fq_log_write(&st->s->log, FQ_LOG_STATEMENT, shipped
				 ? "  MemoryLimit reached before the first row: shipping to the warehouse"
				 : "  MemoryLimit reached before the first row, nothing to ship: spilling");
	fq_diags_clear(st->diags);
	fq_arena_free(st->exec_arena);
	st->acct.used = 0;
	st->acct.peak = 0;
	if ((st->exec_arena = fq_arena_new(&st->acct)) == NULL)
	{
		fq_raise_nomem(st->diags, NULL);
		return false;
	}
	if (fq_exec_start(st, st->plan, false, &st->exec, st->diags) < 0)
		return false;
	return true;
}

/* The next batch from the live result (no buffer), errors into st->diags. */
static int
fetch_live(fq_stmt *st, const fq_batch **out)
{
	int rc;

	if (fq_stmt_check_cancel(st, st->diags) < 0)
	{
		close_result(st);
		return FQ_ERROR;
	}
	if (st->pt != NULL)
	{
		fq_pg_conn *wc = st->s->warehouse;

		fq_arena_reset(st->batch_arena);
		if (fq_stmt_enter_remote(st, wc, st->diags) < 0)
		{
			close_result(st);
			return FQ_ERROR;
		}
		rc = fq_pg_exec_next(st->pt, st->batch_arena, &st->batch, st->diags);
		fq_stmt_leave_remote(st, wc);
		if (rc > 0)
		{
			/* Known once the batch holds the result's last row. */
			st->rowcount = fq_pg_result_rowcount(st->pt);
			*out = &st->batch;
			return 1;
		}
		if (rc == 0)
		{
			st->rowcount = fq_pg_result_rowcount(st->pt);
			st->open = false;
			/* A batch's later results keep the connection. */
			if (!fq_pg_result_finished(st->pt))
				return 0;
			fq_pg_exec_close(st->pt);
			st->pt = NULL;
			fq_session_release_conns(st->s, st);
			return 0;
		}
		close_result(st);
		return FQ_ERROR;
	}
	rc = fq_exec_next(st->exec, out);
	if (rc < 0 && ship_after_limit(st))
		rc = fq_exec_next(st->exec, out);
	if (rc < 0)
	{
		close_result(st);
		return FQ_ERROR;
	}
	if (rc > 0)
		st->returned_rows = true;
	if (rc == 0)
	{
		/* Finish remote reads now (commit, give connections back). */
		fq_exec_end(st->exec);
		st->exec = NULL;
		st->open = false;
	}
	return rc;
}

int
fq_stmt_buffer_rest(fq_stmt *st, fq_diags *d)
{
	const fq_batch *b;
	int rc;

	if (st->pt != NULL && fq_pg_result_script(st->pt))
	{
		/* A batch: every result still to come is read into memory, and
		 * the statement reads on from there. */
		if (fq_pg_exec_buffer(st->pt, st->diags) < 0)
		{
			const fq_diag *why = fq_diags_count(st->diags) > 0 ? fq_diags_get(st->diags, 0)
															   : NULL;

			fq_raise(d, FQ_ERR_INSUFFICIENT_RESOURCES, 0,
					 "another statement's batch of results had to be read into memory to "
					 "free the warehouse connection, and that failed: %s",
					 why ? why->message : "unknown error");
			/* That statement reports the error when it next reads. */
			fq_pg_exec_close(st->pt);
			st->pt = NULL;
			st->buf_error = fq_diags_new();
			if (st->buf_error != NULL)
				fq_diags_append(st->buf_error, st->diags);
			st->buffered = true;
			st->open = true;
			st->buf_pos = 0;
			fq_session_release_conns(st->s, st);
			return FQ_ERROR;
		}
		fq_session_release_conns(st->s, st);
		return FQ_OK;
	}
	if (!st->open || st->buffered)
	{
		fq_session_release_conns(st->s, st);
		return FQ_OK;
	}
	st->buf_arena = fq_arena_new(&st->acct);
	if (st->buf_arena == NULL)
		return fq_raise_nomem(d, NULL);
	/*
	 * The caller may still be reading the batch it fetched last, and
	 * fetching more reuses that batch's memory: copy it into the buffer
	 * first, behind the header the caller points at (st->cur).
	 */
	if (st->cur_valid)
	{
		fq_batch copy;

		if (fq_batch_copy(&copy, &st->cur, st->buf_arena) < 0)
			return fq_raise_nomem(d, st->buf_arena);
		st->cur = copy;
	}
	while ((rc = fetch_live(st, &b)) > 0)
	{
		if (st->nbuf == st->capbuf)
		{
			int cap = st->capbuf ? st->capbuf * 2 : 16;
			fq_batch *grown = fq_arena_realloc(st->buf_arena, st->buf,
											   sizeof(fq_batch) * (size_t) st->capbuf,
											   sizeof(fq_batch) * (size_t) cap);

			if (grown == NULL)
			{
				rc = fq_raise_nomem(st->diags, st->buf_arena);
				break;
			}
			st->buf = grown;
			st->capbuf = cap;
		}
		if (fq_batch_copy(&st->buf[st->nbuf], b, st->buf_arena) < 0)
		{
			rc = fq_raise_nomem(st->diags, st->buf_arena);
			break;
		}
		st->nbuf++;
	}
	if (rc < 0)
	{
		/* The other statement's result is lost; it reports why when it
		 * next fetches, and this statement says why it had to be read. */
		const fq_diag *why = fq_diags_count(st->diags) > 0 ? fq_diags_get(st->diags, 0) : NULL;

		fq_raise(d, why && strcmp(why->sqlstate, "53200") == 0 ? FQ_ERR_OUT_OF_MEMORY
															  : FQ_ERR_INSUFFICIENT_RESOURCES, 0,
				 "another statement's open result had to be read into memory to free the "
				 "warehouse connection, and that failed: %s", why ? why->message : "unknown error");
		fq_diag_hint(d, "Fetch or close the other statement's result before running this one.");
		/* The other statement gets the rows read so far, then the error. */
		st->buf_error = fq_diags_new();
		if (st->buf_error != NULL)
			fq_diags_append(st->buf_error, st->diags);
		st->buffered = true;
		st->open = true;
		st->buf_pos = 0;
		return FQ_ERROR;
	}
	st->buffered = true;
	st->open = true;
	st->buf_pos = 0;
	return FQ_OK;
}

int
fq_stmt_fetch(fq_stmt *st, const fq_batch **out)
{
	call c;
	int rc;

	fq_diags_clear(st->diags);
	*out = NULL;
	if (st->buffered)
	{
		if (st->buf_pos < st->nbuf)
		{
			*out = &st->buf[st->buf_pos++];
			return 1;
		}
		if (st->buf_error != NULL)
		{
			fq_diags_append(st->diags, st->buf_error);
			close_result(st);
			return FQ_ERROR;
		}
		close_result(st);
		return 0;
	}
	if (!st->open)
		return fq_raise(st->diags, FQ_ERR_INVALID_CURSOR_STATE, 0, "no result is open");
	call_begin(st, &c);
	rc = fetch_live(st, out);
	if ((rc = call_end(st, &c, rc)) < 0)
	{
		if (st->open)
			close_result(st);
		*out = NULL;
		log_failure(st, "fetch");
	}
	st->cur_valid = rc > 0;
	if (rc > 0)
	{
		st->cur = **out;
		*out = &st->cur;
	}
	return rc;
}

/* ---- Caller-built rows ---- */

int
fq_stmt_begin_rows(fq_stmt *st, const fq_column *cols, int ncols)
{
	fq_plan_values *v;

	fq_diags_clear(st->diags);
	reset(st);
	v = FQ_MAKE_PLAN(st->arena, fq_plan_values, FQ_N_PLAN_VALUES, ncols);
	st->cols = FQ_NEW_ARRAY(st->arena, fq_column, ncols > 0 ? ncols : 1);
	if (v == NULL || st->cols == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	for (int i = 0; i < ncols; i++)
	{
		fq_column *c = &st->cols[i];

		*c = cols[i];
		c->name = fq_arena_strdup(st->arena, cols[i].name ? cols[i].name : "");
		c->type_name = fq_arena_strdup(st->arena, cols[i].type_name ? cols[i].type_name
																	 : fq_type_name(cols[i].type.id));
		c->base_column = c->table = c->schema = c->catalog = "";
		if (c->name == NULL || c->type_name == NULL)
			return fq_raise_nomem(st->diags, st->arena);
		v->p.out[i].name = c->name;
		v->p.out[i].type = c->type;
		v->p.out[i].nullable = c->nullable;
	}
	st->rows = v;
	st->ncols = ncols;
	st->described = true;
	st->kind = FQ_STMT_ROWS;
	return FQ_OK;
}

int
fq_stmt_add_row(fq_stmt *st, const fq_value *values)
{
	fq_plan_values *v = st->rows;
	fq_expr **row;

	fq_diags_clear(st->diags);
	if (st->kind != FQ_STMT_ROWS)
		return fq_raise(st->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR, 0,
						"fq_stmt_add_row without fq_stmt_begin_rows");
	if (v->nrows == st->rows_cap)
	{
		int cap = st->rows_cap ? st->rows_cap * 2 : 16;
		fq_expr ***rows = fq_arena_realloc(st->arena, v->rows,
										   sizeof(fq_expr **) * (size_t) st->rows_cap,
										   sizeof(fq_expr **) * (size_t) cap);

		if (rows == NULL)
			return fq_raise_nomem(st->diags, st->arena);
		v->rows = rows;
		st->rows_cap = cap;
	}
	row = FQ_NEW_ARRAY(st->arena, fq_expr *, v->p.nout > 0 ? v->p.nout : 1);
	if (row == NULL)
		return fq_raise_nomem(st->diags, st->arena);
	for (int i = 0; i < v->p.nout; i++)
	{
		fq_value val = values[i];
		fq_const *c;

		val.type = v->p.out[i].type;
		c = fq_make_const(st->arena, &val);
		if (c == NULL)
			return fq_raise_nomem(st->diags, st->arena);
		if (!fq_value_own(&c->value, st->arena))
			return fq_raise_nomem(st->diags, st->arena);
		row[i] = &c->e;
	}
	v->rows[v->nrows++] = row;
	return FQ_OK;
}

/* ---- Catalog listings ---- */

static bool
matches(const fq_stmt *st, const char *pattern, const char *s)
{
	return pattern == NULL ||
		fq_like_match(s, strlen(s), pattern, strlen(pattern), '\\', st->patterns_case_blind);
}

void
fq_stmt_set_patterns_case_blind(fq_stmt *st, bool on)
{
	st->patterns_case_blind = on;
}

static int
cmp_schema_info(const void *a, const void *b)
{
	return strcmp(((const fq_schema_info *) a)->name, ((const fq_schema_info *) b)->name);
}

static int
cmp_table_info(const void *a, const void *b)
{
	const fq_table_info *x = a;
	const fq_table_info *y = b;
	int c = strcmp(x->schema, y->schema);

	return c != 0 ? c : strcmp(x->name, y->name);
}

static int
cmp_column_info(const void *a, const void *b)
{
	const fq_column_info *x = a;
	const fq_column_info *y = b;
	int c = strcmp(x->schema, y->schema);

	if (c == 0)
		c = strcmp(x->table, y->table);
	return c != 0 ? c : x->ordinal - y->ordinal;
}

/* A growable array in the listing arena. */
typedef struct growing
{
	void *items;
	size_t n;
	size_t cap;
	size_t size;
} growing;

static void *
grow(fq_stmt *st, growing *g)
{
	if (g->n == g->cap)
	{
		size_t cap = g->cap ? g->cap * 2 : 64;
		void *items = fq_arena_realloc(st->list_arena, g->items, g->size * g->cap,
									   g->size * cap);

		if (items == NULL)
			return NULL;
		g->items = items;
		g->cap = cap;
	}
	return (char *) g->items + g->size * g->n++;
}

static const char *
table_kind(char relkind, bool system)
{
	if (relkind == 'v' || relkind == 'm')
		return system ? "SYSTEM VIEW" : "VIEW";
	return system ? "SYSTEM TABLE" : "TABLE";
}


/*
 * A source that cannot be listed (down, credentials) does not hide the
 * rest: its schema is reported as a warning and skipped.  Running out of
 * memory is not the source's fault: the listing fails (false), lest a
 * short list pass for the whole one.
 */
static bool
listing_warning(fq_stmt *st, fq_diags *tmp, const char *schema)
{
	const fq_diag *e = fq_diags_count(tmp) > 0 ? fq_diags_get(tmp, 0) : NULL;

	if (e != NULL && strcmp(e->sqlstate, "53200") == 0)
	{
		fq_diags_append(st->diags, tmp);
		fq_diags_clear(tmp);
		return false;
	}
	fq_notice(st->diags, FQ_ERR_WARNING, "external schema \"%s\" is not listed: %s", schema,
			  e != NULL ? e->message : "unknown error");
	fq_diags_clear(tmp);
	return true;
}

static int
fq_stmt_list_schemas_impl(fq_stmt *st, const char *schema_pattern, const fq_schema_info **out,
					 size_t *n)
{
	fq_session *s = st->s;
	growing g = {.size = sizeof(fq_schema_info)};
	const char *db = fq_session_database(s);

	fq_diags_clear(st->diags);
	fq_arena_reset(st->list_arena);
	if (fq_store_refresh(&s->store, st->diags) < 0)
		return FQ_ERROR;
	if (s->warehouse != NULL)
	{
		const char **names;
		size_t nn;
		fq_pg_conn *wc;

		if (warehouse(st, false, &wc) < 0 ||
			fq_pg_list_schemas(wc, schema_pattern, st->patterns_case_blind, st->list_arena, &names,
							   &nn, st->diags) < 0)
			return FQ_ERROR;
		for (size_t i = 0; i < nn; i++)
		{
			fq_schema_info *si = grow(st, &g);

			if (si == NULL)
				return fq_raise_nomem(st->diags, st->list_arena);
			si->catalog = db;
			si->name = names[i];
			si->kind = is_system_schema_name(names[i]) ? "system" : "local";
		}
		/*
		 * A list of all schemas includes the system ones (their tables are
		 * listed only when the schema is named).  Every PostgreSQL and
		 * Redshift database has these two.
		 */
		for (int k = 0; k < 2; k++)
		{
			const char *sys = k == 0 ? "information_schema" : "pg_catalog";
			bool listed = false;
			fq_schema_info *si;

			for (size_t i = 0; i < nn; i++)
				listed |= strcmp(names[i], sys) == 0;
			if (listed || !matches(st, schema_pattern, sys))
				continue;
			if ((si = grow(st, &g)) == NULL)
				return fq_raise_nomem(st->diags, st->list_arena);
			si->catalog = db;
			si->name = sys;
			si->kind = "system";
		}
	}
	for (int i = 0; i < s->store.nschemas; i++)
	{
		const fq_ext_schema *ext = &s->store.schemas[i];
		fq_schema_info *si;

		if (!matches(st, schema_pattern, ext->name))
			continue;
		if ((si = grow(st, &g)) == NULL)
			return fq_raise_nomem(st->diags, st->list_arena);
		si->catalog = db;
		si->name = fq_arena_strdup(st->list_arena, ext->name);
		si->kind = "external";
		if (si->name == NULL)
			return fq_raise_nomem(st->diags, st->list_arena);
	}
	if (g.n > 1)
		qsort(g.items, g.n, g.size, cmp_schema_info);
	*out = g.items;
	*n = g.n;
	return FQ_OK;
}

int
fq_stmt_list_schemas(fq_stmt *st, const char *schema_pattern, const fq_schema_info **out,
					 size_t *n)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = fq_stmt_list_schemas_impl(st, schema_pattern, out, n);
	return call_end(st, &c, rc);
}

/* Lists (tables and optionally columns) of every external schema matching. */
static int
list_external(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
			  const char *column_pattern, growing *tables, growing *columns)
{
	fq_session *s = st->s;
	const char *db = fq_session_database(s);
	fq_diags *tmp = fq_diags_new();

	if (tmp == NULL)
		return fq_raise_nomem(st->diags, NULL);
	for (int i = 0; i < s->store.nschemas; i++)
	{
		const fq_ext_schema *ext = &s->store.schemas[i];
		const fq_source *src;
		const fq_pg_table *t;
		size_t nt;
		const char *schema;

		if (!matches(st, schema_pattern, ext->name))
			continue;
		src = fq_session_ext_source(s, ext, st->list_arena);
		schema = fq_arena_strdup(st->list_arena, ext->name);
		if (src == NULL || schema == NULL)
			goto nomem;
		if (fq_session_list_source_tables(s, src, ext->remote_schema, &t, &nt, tmp) < 0)
		{
			if (!listing_warning(st, tmp, ext->name))
			{
				fq_diags_free(tmp);
				return FQ_ERROR;
			}
			continue;
		}
		for (size_t k = 0; k < nt; k++)
		{
			const char *tname;

			if (!matches(st, table_pattern, t[k].name))
				continue;
			tname = fq_arena_strdup(st->list_arena, t[k].name);
			if (tname == NULL)
				goto nomem;
			if (tables != NULL)
			{
				fq_table_info *ti = grow(st, tables);

				if (ti == NULL)
					goto nomem;
				ti->catalog = db;
				ti->schema = schema;
				ti->name = tname;
				ti->kind = table_kind(t[k].relkind, false);
				ti->remarks = fq_arena_strdup(st->list_arena, t[k].remarks ? t[k].remarks : "");
				if (ti->remarks == NULL)
					goto nomem;
			}
			if (columns != NULL)
			{
				for (int c = 0; c < t[k].ncols; c++)
				{
					const fq_pg_column *pc = &t[k].cols[c];
					fq_column_info *ci;

					if (!matches(st, column_pattern, pc->name))
						continue;
					if ((ci = grow(st, columns)) == NULL)
						goto nomem;
					ci->catalog = db;
					ci->schema = schema;
					ci->table = tname;
					ci->name = fq_arena_strdup(st->list_arena, pc->name);
					ci->type = pc->type;
					ci->type_name = fq_type_name(pc->type.id);
					ci->source_type = fq_arena_strdup(st->list_arena,
													  pc->source_type ? pc->source_type : "");
					ci->nullable = pc->notnull ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
					ci->ordinal = pc->ordinal;
					ci->default_expr = pc->default_expr
						? fq_arena_strdup(st->list_arena, pc->default_expr) : NULL;
					ci->remarks = fq_arena_strdup(st->list_arena, pc->remarks ? pc->remarks : "");
					if (ci->name == NULL || ci->source_type == NULL || ci->remarks == NULL ||
						(pc->default_expr != NULL && ci->default_expr == NULL))
						goto nomem;
				}
			}
		}
	}
	fq_diags_free(tmp);
	return FQ_OK;
nomem:
	fq_diags_free(tmp);
	return fq_raise_nomem(st->diags, st->list_arena);
}

/*
 * Lists fedq's late-binding views (and their columns, which binding each
 * view's query tells: a view that no longer binds is left out of the
 * columns, with a warning, as an unreachable source's tables are).
 */
static int
list_views(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
		   const char *column_pattern, growing *tables, growing *columns)
{
	fq_session *s = st->s;
	const char *db = fq_session_database(s);
	fq_diags *tmp;

	if (s->store.nviews == 0)
		return FQ_OK;
	if ((tmp = fq_diags_new()) == NULL)
		return fq_raise_nomem(st->diags, NULL);
	for (int i = 0; i < s->store.nviews; i++)
	{
		const fq_view_def *v = &s->store.views[i];
		const char *schema;
		const char *name;
		fq_plan_col *cols;
		int ncols;

		/* (a materialized view is the warehouse's table, listed as such) */
		if (v->materialized)
			continue;
		if (!matches(st, schema_pattern, v->schema) || !matches(st, table_pattern, v->name))
			continue;
		schema = fq_arena_strdup(st->list_arena, v->schema);
		name = fq_arena_strdup(st->list_arena, v->name);
		if (schema == NULL || name == NULL)
			goto nomem;
		if (tables != NULL)
		{
			fq_table_info *ti = grow(st, tables);

			if (ti == NULL)
				goto nomem;
			ti->catalog = db;
			ti->schema = schema;
			ti->name = name;
			ti->kind = "VIEW";
			ti->remarks = "";
		}
		if (columns == NULL)
			continue;
		if (fq_bind_view_columns(st, v, st->list_arena, &cols, &ncols, tmp) < 0)
		{
			const fq_diag *e = fq_diags_count(tmp) > 0 ? fq_diags_get(tmp, 0) : NULL;

			if (e != NULL && strcmp(e->sqlstate, "53200") == 0)
			{
				fq_diags_append(st->diags, tmp);
				fq_diags_free(tmp);
				return FQ_ERROR;
			}
			fq_notice(st->diags, FQ_ERR_WARNING, "the columns of view \"%s.%s\" are not listed: %s",
					  v->schema, v->name, e != NULL ? e->message : "unknown error");
			fq_diags_clear(tmp);
			continue;
		}
		for (int c = 0; c < ncols; c++)
		{
			fq_column_info *ci;

			if (!matches(st, column_pattern, cols[c].name))
				continue;
			if ((ci = grow(st, columns)) == NULL)
				goto nomem;
			ci->catalog = db;
			ci->schema = schema;
			ci->table = name;
			ci->name = cols[c].name;
			ci->type = cols[c].type;
			ci->type_name = fq_type_name(cols[c].type.id);
			ci->source_type = fq_type_name(cols[c].type.id);
			ci->nullable = cols[c].nullable;
			ci->ordinal = c + 1;
			ci->default_expr = NULL;
			ci->remarks = "";
		}
	}
	fq_diags_free(tmp);
	return FQ_OK;
nomem:
	fq_diags_free(tmp);
	return fq_raise_nomem(st->diags, st->list_arena);
}

/* Lists warehouse tables (and columns). */
static int
list_warehouse(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
			   const char *column_pattern, growing *tables, growing *columns)
{
	fq_session *s = st->s;
	const char *db = fq_session_database(s);
	fq_pg_meta_filter f = {.schema_like = schema_pattern, .table_like = table_pattern,
						   .want_columns = columns != NULL,
						   .case_blind = st->patterns_case_blind};
	fq_pg_table *t;
	size_t nt;
	fq_pg_conn *wc;

	if (s->warehouse == NULL)
		return FQ_OK;
	if (warehouse(st, false, &wc) < 0 ||
		fq_pg_list_tables(wc, &f, st->list_arena, &t, &nt, st->diags) < 0)
		return FQ_ERROR;
	for (size_t k = 0; k < nt; k++)
	{
		bool system = is_system_schema_name(t[k].schema);

		if (tables != NULL)
		{
			fq_table_info *ti = grow(st, tables);

			if (ti == NULL)
				return fq_raise_nomem(st->diags, st->list_arena);
			ti->catalog = db;
			ti->schema = t[k].schema;
			ti->name = t[k].name;
			ti->kind = table_kind(t[k].relkind, system);
			ti->remarks = t[k].remarks ? t[k].remarks : "";
		}
		if (columns != NULL)
			for (int c = 0; c < t[k].ncols; c++)
			{
				const fq_pg_column *pc = &t[k].cols[c];
				fq_column_info *ci;

				if (!matches(st, column_pattern, pc->name))
					continue;
				if ((ci = grow(st, columns)) == NULL)
					return fq_raise_nomem(st->diags, st->list_arena);
				ci->catalog = db;
				ci->schema = t[k].schema;
				ci->table = t[k].name;
				ci->name = pc->name;
				ci->type = pc->type;
				ci->type_name = fq_type_name(pc->type.id);
				ci->source_type = pc->source_type ? pc->source_type : "";
				ci->nullable = pc->notnull ? FQ_NULLABLE_NO : FQ_NULLABLE_YES;
				ci->ordinal = pc->ordinal;
				ci->default_expr = pc->default_expr;
				ci->remarks = pc->remarks ? pc->remarks : "";
			}
	}
	return FQ_OK;
}

/* ---- Keys and indexes (SQLPrimaryKeys, SQLForeignKeys, SQLStatistics) ---- */

/*
 * Where (schema, table) lives: its source, the schema name there, and the
 * name fedq shows.  A NULL schema is looked up along SearchPath.  *src is
 * NULL when the table is not found.
 */
static int
key_table(fq_stmt *st, const char *schema, const char *table, const fq_source **src,
		  const char **remote_schema, const char **shown)
{
	fq_session *s = st->s;

	*src = NULL;
	for (int i = schema != NULL ? -1 : 0; i < (schema != NULL ? 0 : s->nsearch); i++)
	{
		const char *name = i < 0 ? schema : s->search_path[i];
		const fq_ext_schema *ext = fq_store_find(&s->store, name);
		const fq_source *cand;
		const char *rs;
		const fq_pg_table *t = NULL;

		if (ext != NULL)
		{
			if ((cand = fq_session_ext_source(s, ext, st->list_arena)) == NULL)
				return fq_raise_nomem(st->diags, st->list_arena);
			rs = ext->remote_schema;
		}
		else if (s->warehouse != NULL)
		{
			cand = &s->warehouse_source;
			rs = name;
		}
		else
			continue;
		if (fq_session_lookup_table(s, cand, rs, table, &t, st->diags) < 0)
			return FQ_ERROR;
		if (t != NULL)
		{
			*src = cand;
			*remote_schema = rs;
			*shown = fq_arena_strdup(st->list_arena, name);
			return *shown != NULL ? FQ_OK : fq_raise_nomem(st->diags, st->list_arena);
		}
	}
	return FQ_OK;
}

/* The schema fedq shows for a source's schema: itself in the warehouse,
 * an external schema on that source and remote schema (the preferred one
 * first), NULL when none shows it. */
static const char *
shown_schema(fq_stmt *st, const fq_source *src, const char *remote, const char *preferred)
{
	fq_session *s = st->s;
	const fq_ext_schema *pe;

	if (src->kind == FQ_SOURCE_WAREHOUSE)
		return remote;
	pe = preferred != NULL ? fq_store_find(&s->store, preferred) : NULL;
	if (pe != NULL && strcmp(pe->remote_schema, remote) == 0)
		return preferred;
	for (int i = 0; i < s->store.nschemas; i++)
	{
		const fq_ext_schema *e = &s->store.schemas[i];
		const fq_source *o;

		if (strcmp(e->remote_schema, remote) != 0 ||
			(o = fq_session_ext_source(s, e, st->list_arena)) == NULL || !fq_same_source(o, src))
			continue;
		return e->name;
	}
	return NULL;
}

static int
fq_stmt_list_keys_impl(fq_stmt *st, fq_key_kind kind, const char *schema, const char *table,
				  const char *ref_schema, const char *ref_table, const fq_key_info **out,
				  size_t *n)
{
	fq_session *s = st->s;
	growing g = {.size = sizeof(fq_key_info)};
	const char *db = fq_session_database(s);
	const fq_source *src = NULL;
	const fq_source *ref_src = NULL;
	const char *rs = NULL;
	const char *shown = NULL;
	const char *ref_rs = NULL;
	const char *ref_shown = NULL;
	fq_pg_keycol *k;
	size_t nk;
	fq_pg_conn *c;

	fq_diags_clear(st->diags);
	fq_arena_reset(st->list_arena);
	*out = NULL;
	*n = 0;
	if (fq_store_refresh(&s->store, st->diags) < 0)
		return FQ_ERROR;
	if (table != NULL && key_table(st, schema, table, &src, &rs, &shown) < 0)
		return FQ_ERROR;
	if (kind == FQ_KEYS_FOREIGN && ref_table != NULL &&
		key_table(st, ref_schema, ref_table, &ref_src, &ref_rs, &ref_shown) < 0)
		return FQ_ERROR;
	/* A table that is not there has no keys; two tables of different
	 * sources reference nothing of each other. */
	if ((table != NULL && src == NULL) || (ref_table != NULL && ref_src == NULL) ||
		(src != NULL && ref_src != NULL && !fq_same_source(src, ref_src)))
		return FQ_OK;
	if (src == NULL)
		src = ref_src;
	if (src == NULL)
		return FQ_OK;
	if ((src->kind == FQ_SOURCE_WAREHOUSE ? warehouse(st, false, &c)
			: fq_session_source_conn(s, src, NULL, false, &c, st->diags)) < 0)
		return FQ_ERROR;
	if (fq_pg_list_keys(c, kind == FQ_KEYS_PRIMARY ? FQ_PG_KEYS_PRIMARY
						   : kind == FQ_KEYS_FOREIGN ? FQ_PG_KEYS_FOREIGN : FQ_PG_KEYS_INDEXES,
						rs, table, ref_rs, ref_table, st->list_arena, &k, &nk, st->diags) < 0)
		return FQ_ERROR;
	for (size_t i = 0; i < nk; i++)
	{
		fq_key_info *ki;
		const char *sch = kind == FQ_KEYS_FOREIGN ? shown_schema(st, src, k[i].schema, shown)
												  : shown;
		const char *rsch = kind == FQ_KEYS_FOREIGN
			? shown_schema(st, src, k[i].ref_schema, ref_shown != NULL ? ref_shown : shown) : NULL;

		/* A key to or from a table fedq does not show is left out; a
		 * schema named without its table still filters. */
		if (sch == NULL || (kind == FQ_KEYS_FOREIGN && rsch == NULL))
			continue;
		if (kind == FQ_KEYS_FOREIGN &&
			((table == NULL && schema != NULL && strcmp(sch, schema) != 0) ||
			 (ref_table == NULL && ref_schema != NULL && strcmp(rsch, ref_schema) != 0)))
			continue;
		if ((ki = grow(st, &g)) == NULL)
			return fq_raise_nomem(st->diags, st->list_arena);
		memset(ki, 0, sizeof(*ki));
		ki->catalog = db;
		ki->schema = sch;
		ki->table = k[i].table;
		ki->column = k[i].column;
		ki->seq = k[i].seq;
		ki->name = k[i].name;
		ki->kind = k[i].kind;
		if (kind == FQ_KEYS_FOREIGN)
		{
			ki->ref_catalog = db;
			ki->ref_schema = rsch;
			ki->ref_table = k[i].ref_table;
			ki->ref_column = k[i].ref_column;
			ki->ref_name = k[i].ref_name;
			ki->on_update = k[i].on_update;
			ki->on_delete = k[i].on_delete;
			ki->deferrable = k[i].deferrable;
			ki->deferred = k[i].deferred;
		}
		ki->desc = k[i].desc;
		ki->filter = k[i].filter;
		ki->table_rows = k[i].table_rows;
		ki->table_pages = k[i].table_pages;
		ki->index_rows = k[i].index_rows;
		ki->index_pages = k[i].index_pages;
	}
	*out = g.items;
	*n = g.n;
	return FQ_OK;
}

int
fq_stmt_list_keys(fq_stmt *st, fq_key_kind kind, const char *schema, const char *table,
				  const char *ref_schema, const char *ref_table, const fq_key_info **out,
				  size_t *n)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = fq_stmt_list_keys_impl(st, kind, schema, table, ref_schema, ref_table, out, n);
	return call_end(st, &c, rc);
}

int
fq_stmt_list_external(fq_stmt *st, bool with_columns, bool with_views,
					  const fq_table_info **tables,
					  size_t *ntables, const fq_column_info **cols, size_t *ncols)
{
	growing t = {.size = sizeof(fq_table_info)};
	growing c = {.size = sizeof(fq_column_info)};

	if (fq_store_refresh(&st->s->store, st->diags) < 0 ||
		list_external(st, NULL, NULL, NULL, &t, with_columns ? &c : NULL) < 0 ||
		(with_views && list_views(st, NULL, NULL, NULL, &t, with_columns ? &c : NULL) < 0))
		return FQ_ERROR;
	*tables = t.items;
	*ntables = t.n;
	if (cols != NULL)
	{
		*cols = c.items;
		*ncols = c.n;
	}
	return FQ_OK;
}

static int
fq_stmt_list_tables_impl(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
					const fq_table_info **out, size_t *n)
{
	growing g = {.size = sizeof(fq_table_info)};

	fq_diags_clear(st->diags);
	fq_arena_reset(st->list_arena);
	if (fq_store_refresh(&st->s->store, st->diags) < 0)
		return FQ_ERROR;
	if (list_warehouse(st, schema_pattern, table_pattern, NULL, &g, NULL) < 0 ||
		list_external(st, schema_pattern, table_pattern, NULL, &g, NULL) < 0 ||
		list_views(st, schema_pattern, table_pattern, NULL, &g, NULL) < 0)
		return FQ_ERROR;
	if (g.n > 1)
		qsort(g.items, g.n, g.size, cmp_table_info);
	*out = g.items;
	*n = g.n;
	return FQ_OK;
}

int
fq_stmt_list_tables(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
					const fq_table_info **out, size_t *n)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = fq_stmt_list_tables_impl(st, schema_pattern, table_pattern, out, n);
	return call_end(st, &c, rc);
}

static int
fq_stmt_list_columns_impl(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
					 const char *column_pattern, const fq_column_info **out, size_t *n)
{
	growing g = {.size = sizeof(fq_column_info)};

	fq_diags_clear(st->diags);
	fq_arena_reset(st->list_arena);
	if (fq_store_refresh(&st->s->store, st->diags) < 0)
		return FQ_ERROR;
	if (list_warehouse(st, schema_pattern, table_pattern, column_pattern, NULL, &g) < 0 ||
		list_external(st, schema_pattern, table_pattern, column_pattern, NULL, &g) < 0 ||
		list_views(st, schema_pattern, table_pattern, column_pattern, NULL, &g) < 0)
		return FQ_ERROR;
	if (g.n > 1)
		qsort(g.items, g.n, g.size, cmp_column_info);
	*out = g.items;
	*n = g.n;
	return FQ_OK;
}

int
fq_stmt_list_columns(fq_stmt *st, const char *schema_pattern, const char *table_pattern,
					 const char *column_pattern, const fq_column_info **out, size_t *n)
{
	call c;
	int rc;

	call_begin(st, &c);
	rc = fq_stmt_list_columns_impl(st, schema_pattern, table_pattern, column_pattern, out, n);
	return call_end(st, &c, rc);
}
