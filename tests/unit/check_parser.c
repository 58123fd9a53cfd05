/*
 * check_parser.c — unit suite for engine/sql/parser (and the parse tree of
 * sql/ast.h): what fedq's SQL means, construct by construct.
 *
 * What it specifies:
 *   - expressions and their precedence (PostgreSQL's table), every
 *     predicate, CASE, CAST and :: with multi-word types, typed literals,
 *     the special-syntax functions, aggregates, parameters;
 *   - SELECT: target lists, DISTINCT [ON], FROM with qualified names,
 *     aliases and column aliases, every join, subqueries, VALUES lists,
 *     WHERE/GROUP BY/HAVING, ORDER BY, LIMIT/OFFSET/FETCH/TOP, set
 *     operations (ALL too) and their precedence, WITH;
 *   - fedq's own statements: CREATE EXTERNAL SCHEMA (every clause, any
 *     order, defaults, the errors), DROP SCHEMA, EXPLAIN;
 *   - errors: 42601 with the 1-based character position of the offending
 *     token, 0A000 for what fedq does not support, two statements, the
 *     stack depth limit (54001) — and statements fedq does not parse coming
 *     back as `foreign` without an error.
 *
 * Expressions are compared as S-expressions printed from the tree:
 *   (op left right)  (- x) for a prefix operator   (AND a b c)  (NOT a)
 *   (:: arg type)    f(a, b)  count(*)  count(DISTINCT a)  f(a) FILTER cond
 *   (CASE [arg] (WHEN c r)... (ELSE e))  (IS [NOT] NULL a)  (IS TRUE a) ...
 *   ([NOT] IN a (x y))  ([NOT] BETWEEN [SYMMETRIC] a lo hi)
 *   ([NOT] LIKE|ILIKE|SIMILAR a p [ESCAPE e])  (EXISTS <select>)
 *   (SUBQUERY <select>)  (= ANY a <select>)  columns t.a, constants 1 'x'
 *   true NULL, parameters $n; FROM items as t AS x(a, b) and
 *   (left TYPE JOIN right ON cond | USING (k)).
 */
#include "fq.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "sql/ast.h"
#include "sql/parser.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static fq_arena *arena;
static fq_diags *diags;
static fq_parse_result res;

static void
setup(void)
{
	arena = fq_arena_new(NULL);
	diags = fq_diags_new();
	ck_assert_ptr_nonnull(arena);
	ck_assert_ptr_nonnull(diags);
}

static void
teardown(void)
{
	fq_diags_free(diags);
	fq_arena_free(arena);
}

static int
parse(const char *sql)
{
	fq_diags_clear(diags);
	return fq_parse(sql, strlen(sql), arena, &res, diags);
}

static const char *
first_message(void)
{
	const fq_diag *r = fq_diags_get(diags, 0);

	return r != NULL ? r->message : "(no diagnostic)";
}

/* Parses a statement that must succeed and returns it. */
static fq_node *
parse_ok(const char *sql)
{
	ck_assert_msg(parse(sql) == FQ_OK, "%s: %s", sql, first_message());
	ck_assert_msg(!res.foreign, "%s: parsed as foreign", sql);
	ck_assert_ptr_nonnull(res.stmt);
	ck_assert_int_eq(fq_diags_count(diags), 0);
	return res.stmt;
}

static const char *target_desc(const fq_select_stmt *s);
static fq_explain_stmt *explain_ok(const char *sql);
static const char *order_desc(const fq_list *l);

static fq_select_stmt *
select_ok(const char *sql)
{
	fq_node *n = parse_ok(sql);

	ck_assert_msg(FQ_IS(n, FQ_N_STMT_SELECT), "%s: a %s, not a SELECT", sql,
				  fq_node_tag_name(FQ_TAG(n)));
	return (fq_select_stmt *) n;
}

/* ------------------------------------------------------------------ */
/* Printing trees                                                      */
/* ------------------------------------------------------------------ */

static void pr(fq_strbuf *b, const fq_node *n);

static void
pr_list(fq_strbuf *b, const fq_list *l, const char *sep)
{
	fq_node *x;

	FQ_LIST_FOREACH(x, l)
	{
		if (x_i > 0)
			fq_strbuf_append(b, sep);
		pr(b, x);
	}
}

static void
pr_names(fq_strbuf *b, const fq_list *l, const char *sep)
{
	const char *s;

	FQ_LIST_FOREACH(s, l)
	{
		if (s_i > 0)
			fq_strbuf_append(b, sep);
		fq_strbuf_append(b, s);
	}
}

static void
pr_type(fq_strbuf *b, const fq_raw_type_name *t)
{
	fq_strbuf_append(b, t->name);
	if (t->nmods == 1)
		fq_strbuf_printf(b, "(%d)", t->mods[0]);
	else if (t->nmods == 2)
		fq_strbuf_printf(b, "(%d,%d)", t->mods[0], t->mods[1]);
}

static void
pr_alias(fq_strbuf *b, const char *alias, const fq_list *cols)
{
	if (alias == NULL)
		return;
	fq_strbuf_printf(b, " AS %s", alias);
	if (cols != NULL)
	{
		fq_strbuf_append(b, "(");
		pr_names(b, cols, ", ");
		fq_strbuf_append(b, ")");
	}
}

static void
pr(fq_strbuf *b, const fq_node *n)
{
	static const char *const join_names[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS",
											  "SEMI", "ANTI"};
	static const char *const booltests[] = {"IS TRUE", "IS NOT TRUE", "IS FALSE",
											"IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"};

	if (n == NULL)
	{
		fq_strbuf_append(b, "<null>");
		return;
	}
	switch (FQ_TAG(n))
	{
		case FQ_N_STMT_SELECT:
			if (((const fq_select_stmt *) n)->values != NULL)
			{
				const fq_list *rows = ((const fq_select_stmt *) n)->values;

				fq_strbuf_printf(b, "<values %dx%d>", fq_list_len(rows),
								 fq_list_len(fq_list_nth(rows, 0)));
				break;
			}
			fq_strbuf_append(b, "<select>");
			break;
		case FQ_N_STMT_SETOP:
			fq_strbuf_append(b, "<setop>");
			break;
		case FQ_N_RAW_COLUMN_REF:
			pr_names(b, ((const fq_raw_column_ref *) n)->fields, ".");
			break;
		case FQ_N_RAW_STAR:
			{
				const fq_raw_star *s = (const fq_raw_star *) n;

				if (s->qualifier != NULL)
				{
					pr_names(b, s->qualifier, ".");
					fq_strbuf_append(b, ".");
				}
				fq_strbuf_append(b, "*");
				break;
			}
		case FQ_N_RAW_CONST:
			{
				const fq_raw_const *c = (const fq_raw_const *) n;

				switch (c->kind)
				{
					case FQ_CONST_INTEGER:
					case FQ_CONST_NUMBER:
						fq_strbuf_append(b, c->text);
						break;
					case FQ_CONST_STRING:
						fq_strbuf_printf(b, "'%s'", c->text);
						break;
					case FQ_CONST_BOOL:
						fq_strbuf_append(b, c->bval ? "true" : "false");
						break;
					case FQ_CONST_NULL:
						fq_strbuf_append(b, "NULL");
						break;
				}
				break;
			}
		case FQ_N_RAW_PARAM:
			fq_strbuf_printf(b, "$%d", ((const fq_raw_param *) n)->number);
			break;
		case FQ_N_RAW_OP:
			{
				const fq_raw_op *o = (const fq_raw_op *) n;

				fq_strbuf_printf(b, "(%s ", o->op);
				if (o->left != NULL)
				{
					pr(b, o->left);
					fq_strbuf_append(b, " ");
				}
				pr(b, o->right);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_BOOL:
			{
				const fq_raw_bool *o = (const fq_raw_bool *) n;

				fq_strbuf_printf(b, "(%s ", o->kind == FQ_BOOL_AND ? "AND"
											: o->kind == FQ_BOOL_OR ? "OR" : "NOT");
				pr_list(b, o->args, " ");
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_FUNC:
			{
				const fq_raw_func *f = (const fq_raw_func *) n;

				if (f->schema != NULL)
					fq_strbuf_printf(b, "%s.", f->schema);
				fq_strbuf_append(b, f->name);
				if (f->special)
					break;
				fq_strbuf_append(b, "(");
				if (f->star)
					fq_strbuf_append(b, "*");
				if (f->distinct)
					fq_strbuf_append(b, "DISTINCT ");
				pr_list(b, f->args, ", ");
				if (f->agg_order != NULL)
				{
					const fq_raw_sort_by *sb;

					fq_strbuf_append(b, f->within_group ? ") WITHIN GROUP (" : " ORDER BY");
					FQ_LIST_FOREACH(sb, f->agg_order)
					{
						fq_strbuf_append(b, " ");
						pr(b, sb->expr);
						if (sb->desc)
							fq_strbuf_append(b, " DESC");
						if (sb->nulls == FQ_NULLS_FIRST)
							fq_strbuf_append(b, " NULLS FIRST");
					}
				}
				fq_strbuf_append(b, ")");
				if (f->filter != NULL)
				{
					fq_strbuf_append(b, " FILTER ");
					pr(b, f->filter);
				}
				break;
			}
		case FQ_N_RAW_CAST:
			{
				const fq_raw_cast *c = (const fq_raw_cast *) n;

				fq_strbuf_append(b, "(:: ");
				pr(b, c->arg);
				fq_strbuf_append(b, " ");
				pr_type(b, c->type);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_CASE:
			{
				const fq_raw_case *c = (const fq_raw_case *) n;
				const fq_raw_when *w;

				fq_strbuf_append(b, "(CASE");
				if (c->arg != NULL)
				{
					fq_strbuf_append(b, " ");
					pr(b, c->arg);
				}
				FQ_LIST_FOREACH(w, c->whens)
				{
					fq_strbuf_append(b, " (WHEN ");
					pr(b, w->cond);
					fq_strbuf_append(b, " ");
					pr(b, w->result);
					fq_strbuf_append(b, ")");
				}
				if (c->else_expr != NULL)
				{
					fq_strbuf_append(b, " (ELSE ");
					pr(b, c->else_expr);
					fq_strbuf_append(b, ")");
				}
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_NULL_TEST:
			{
				const fq_raw_null_test *t = (const fq_raw_null_test *) n;

				fq_strbuf_append(b, t->is_not ? "(IS NOT NULL " : "(IS NULL ");
				pr(b, t->arg);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_BOOL_TEST:
			{
				const fq_raw_bool_test *t = (const fq_raw_bool_test *) n;

				fq_strbuf_printf(b, "(%s ", booltests[t->kind]);
				pr(b, t->arg);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_IN:
			{
				const fq_raw_in *in = (const fq_raw_in *) n;

				fq_strbuf_append(b, in->is_not ? "(NOT IN " : "(IN ");
				pr(b, in->arg);
				if (in->subquery != NULL)
				{
					fq_strbuf_append(b, " ");
					pr(b, in->subquery);
				}
				else
				{
					fq_strbuf_append(b, " (");
					pr_list(b, in->list, " ");
					fq_strbuf_append(b, ")");
				}
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_BETWEEN:
			{
				const fq_raw_between *bt = (const fq_raw_between *) n;

				fq_strbuf_printf(b, "(%sBETWEEN%s ", bt->is_not ? "NOT " : "",
								 bt->symmetric ? " SYMMETRIC" : "");
				pr(b, bt->arg);
				fq_strbuf_append(b, " ");
				pr(b, bt->lo);
				fq_strbuf_append(b, " ");
				pr(b, bt->hi);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_LIKE:
			{
				const fq_raw_like *l = (const fq_raw_like *) n;

				fq_strbuf_printf(b, "(%s%s ", l->is_not ? "NOT " : "",
								 l->similar ? "SIMILAR" : l->ilike ? "ILIKE" : "LIKE");
				pr(b, l->arg);
				fq_strbuf_append(b, " ");
				pr(b, l->pattern);
				if (l->escape != NULL)
				{
					fq_strbuf_append(b, " ESCAPE ");
					pr(b, l->escape);
				}
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_SUBLINK:
			{
				const fq_raw_sublink *s = (const fq_raw_sublink *) n;

				switch (s->kind)
				{
					case FQ_SUBLINK_EXISTS:
						fq_strbuf_append(b, "(EXISTS ");
						break;
					case FQ_SUBLINK_SCALAR:
						fq_strbuf_append(b, "(SUBQUERY ");
						break;
					case FQ_SUBLINK_ANY:
					case FQ_SUBLINK_ALL:
						fq_strbuf_printf(b, "(%s %s ", s->op,
										 s->kind == FQ_SUBLINK_ANY ? "ANY" : "ALL");
						pr(b, s->test_expr);
						fq_strbuf_append(b, " ");
						break;
				}
				pr(b, s->subquery);
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_ROW:
			fq_strbuf_append(b, "(ROW");
			if (((const fq_raw_row *) n)->args != NULL)
			{
				fq_strbuf_append(b, " ");
				pr_list(b, ((const fq_raw_row *) n)->args, " ");
			}
			fq_strbuf_append(b, ")");
			break;
		case FQ_N_RAW_GROUPING_SET:
			{
				static const char *const kinds[] = {"", "", "ROLLUP ", "CUBE ", "SETS "};
				const fq_raw_grouping_set *g = (const fq_raw_grouping_set *) n;

				fq_strbuf_printf(b, "(%s", kinds[g->kind]);
				pr_list(b, g->items, ", ");
				fq_strbuf_append(b, ")");
				break;
			}
		case FQ_N_RAW_RANGE_VAR:
			{
				const fq_raw_range_var *rv = (const fq_raw_range_var *) n;

				if (rv->catalog != NULL)
					fq_strbuf_printf(b, "%s.", rv->catalog);
				if (rv->schema != NULL)
					fq_strbuf_printf(b, "%s.", rv->schema);
				fq_strbuf_append(b, rv->name);
				pr_alias(b, rv->alias, rv->col_aliases);
				break;
			}
		case FQ_N_RAW_RANGE_SUBSELECT:
			{
				const fq_raw_range_subselect *s = (const fq_raw_range_subselect *) n;

				fq_strbuf_append(b, "(");
				pr(b, s->query);
				fq_strbuf_append(b, ")");
				pr_alias(b, s->alias, s->col_aliases);
				break;
			}
		case FQ_N_RAW_JOIN:
			{
				const fq_raw_join *j = (const fq_raw_join *) n;

				fq_strbuf_append(b, "(");
				pr(b, j->left);
				fq_strbuf_printf(b, " %s%s JOIN ", j->natural ? "NATURAL " : "",
								 join_names[j->type]);
				pr(b, j->right);
				if (j->quals != NULL)
				{
					fq_strbuf_append(b, " ON ");
					pr(b, j->quals);
				}
				if (j->using_cols != NULL)
				{
					fq_strbuf_append(b, " USING (");
					pr_names(b, j->using_cols, ", ");
					fq_strbuf_append(b, ")");
				}
				fq_strbuf_append(b, ")");
				pr_alias(b, j->alias, NULL);
				break;
			}
		default:
			fq_strbuf_printf(b, "?%s", fq_node_tag_name(FQ_TAG(n)));
			break;
	}
}

static const char *
show(const fq_node *n)
{
	static char out[8192];
	fq_strbuf b = FQ_STRBUF_INIT;

	pr(&b, n);
	ck_assert(fq_strbuf_ok(&b));
	snprintf(out, sizeof(out), "%s", fq_strbuf_str(&b));
	fq_strbuf_free(&b);
	return out;
}

static const char *
show_list(const fq_list *l, const char *sep)
{
	static char out[8192];
	fq_strbuf b = FQ_STRBUF_INIT;

	pr_list(&b, l, sep);
	ck_assert(fq_strbuf_ok(&b));
	snprintf(out, sizeof(out), "%s", fq_strbuf_str(&b));
	fq_strbuf_free(&b);
	return out;
}

/* The tree of "SELECT <expr>". */
static const char *
expr_tree(const char *expr)
{
	char sql[1024];
	fq_select_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT %s", expr);
	s = select_ok(sql);
	ck_assert_int_eq(fq_list_len(s->targets), 1);
	return show(((fq_raw_target *) fq_list_nth(s->targets, 0))->expr);
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */
/* ------------------------------------------------------------------ */

typedef struct expr_case
{
	const char *expr;
	const char *tree;
} expr_case;

static const expr_case precedence_cases[] = {
	{"a + b * c", "(+ a (* b c))"},
	{"a * b + c", "(+ (* a b) c)"},
	{"a - b - c", "(- (- a b) c)"},
	{"a / b % c", "(% (/ a b) c)"},
	{"a * b ^ c", "(* a (^ b c))"},
	{"2 ^ 3 ^ 2", "(^ (^ 2 3) 2)"},
	{"(a + b) * c", "(* (+ a b) c)"},
	{"NOT a = b", "(NOT (= a b))"},
	{"NOT NOT a", "(NOT (NOT a))"},
	{"NOT a AND b", "(AND (NOT a) b)"},
	{"a OR b AND c", "(OR a (AND b c))"},
	{"a AND b OR c", "(OR (AND a b) c)"},
	{"a AND b AND c", "(AND a b c)"},
	{"a OR b OR c OR d", "(OR a b c d)"},
	{"(a OR b) AND c", "(AND (OR a b) c)"},
	{"-2::int", "(- (:: 2 int))"},
	{"-2", "-2"},
	{"- 2.5", "-2.5"},
	{"-(-2)", "2"},
	{"-a", "(- a)"},
	{"+a", "(+ a)"}, /* PostgreSQL's unary plus: numbers only, checked when bound */
	{"+2", "2"},
	{"-a ^ 2", "(^ (- a) 2)"},
	{"-a * b", "(* (- a) b)"},
	{"a::int::text", "(:: (:: a int) text)"},
	{"a::text || 'x'", "(|| (:: a text) 'x')"},
	{"a || b = c", "(= (|| a b) c)"},
	{"a + b || c", "(|| (+ a b) c)"},
	{"a || b + c", "(|| a (+ b c))"},
	{"a = b LIKE c", "(= a (LIKE b c))"},
	{"a = b IS NULL", "(IS NULL (= a b))"},
	{"a < b AND c >= d", "(AND (< a b) (>= c d))"},
	{"a <> b", "(<> a b)"},
	{"a != b", "(<> a b)"},
	{"a <= -1", "(<= a -1)"},
	{"a<-1", "(< a -1)"},
	{"a ~~ b", "(~~ a b)"},
};

static const expr_case predicate_cases[] = {
	{"a BETWEEN 1 AND 2", "(BETWEEN a 1 2)"},
	{"a NOT BETWEEN 1 AND 2", "(NOT BETWEEN a 1 2)"},
	{"a BETWEEN SYMMETRIC 2 AND 1", "(BETWEEN SYMMETRIC a 2 1)"},
	{"a BETWEEN 1 AND 2 AND b", "(AND (BETWEEN a 1 2) b)"},
	{"a BETWEEN b + 1 AND c * 2", "(BETWEEN a (+ b 1) (* c 2))"},
	{"a IN (1, 2, 3)", "(IN a (1 2 3))"},
	{"a NOT IN ('x')", "(NOT IN a ('x'))"},
	{"a + 1 IN (b)", "(IN (+ a 1) (b))"},
	{"a IN (SELECT b FROM t)", "(IN a <select>)"},
	{"(a, b) = (1, 2)", "(= (ROW a b) (ROW 1 2))"},
	{"ROW(a) < ROW(1, b + 1)", "(< (ROW a) (ROW 1 (+ b 1)))"},
	{"ROW() IS NULL", "(IS NULL (ROW))"},
	{"a AT TIME ZONE 'UTC' AT TIME ZONE b", "timezone(b, timezone('UTC', a))"},
	{"-a AT TIME ZONE 'UTC' + 1", "(+ timezone('UTC', (- a)) 1)"},
	{"(a, b) IN ((1, 2), (3, 4))", "(IN (ROW a b) ((ROW 1 2) (ROW 3 4)))"},
	{"a NOT IN (SELECT b FROM t UNION SELECT c FROM u)", "(NOT IN a <setop>)"},
	{"a LIKE 'x%'", "(LIKE a 'x%')"},
	{"a NOT LIKE 'x%'", "(NOT LIKE a 'x%')"},
	{"a LIKE 'x!%' ESCAPE '!'", "(LIKE a 'x!%' ESCAPE '!')"},
	{"a ILIKE 'x%'", "(ILIKE a 'x%')"},
	{"a NOT ILIKE b ESCAPE ''", "(NOT ILIKE a b ESCAPE '')"},
	{"a SIMILAR TO 'x'", "(SIMILAR a 'x')"},
	{"a LIKE b || '%'", "(LIKE a (|| b '%'))"},
	{"a IS NULL", "(IS NULL a)"},
	{"a IS NOT NULL", "(IS NOT NULL a)"},
	{"a ISNULL", "(IS NULL a)"},
	{"a NOTNULL", "(IS NOT NULL a)"},
	{"a IS TRUE", "(IS TRUE a)"},
	{"a IS NOT TRUE", "(IS NOT TRUE a)"},
	{"a IS FALSE", "(IS FALSE a)"},
	{"a IS NOT FALSE", "(IS NOT FALSE a)"},
	{"a IS UNKNOWN", "(IS UNKNOWN a)"},
	{"a IS NOT UNKNOWN", "(IS NOT UNKNOWN a)"},
	{"a IS NULL IS NOT TRUE", "(IS NOT TRUE (IS NULL a))"},
	{"a IS DISTINCT FROM b", "(IS DISTINCT FROM a b)"},
	{"a IS NOT DISTINCT FROM b + 1", "(IS NOT DISTINCT FROM a (+ b 1))"},
	{"EXISTS (SELECT 1)", "(EXISTS <select>)"},
	{"NOT EXISTS (SELECT 1 FROM t)", "(NOT (EXISTS <select>))"},
	{"(SELECT max(a) FROM t)", "(SUBQUERY <select>)"},
	{"((SELECT 1))", "(SUBQUERY <select>)"},
	{"a = ANY (SELECT b FROM t)", "(= ANY a <select>)"},
	{"a = SOME (SELECT b FROM t)", "(= ANY a <select>)"},
	{"a > ALL (SELECT b FROM t)", "(> ALL a <select>)"},
};

static const expr_case case_cast_cases[] = {
	{"CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END",
	 "(CASE (WHEN (> a 0) 'pos') (WHEN (< a 0) 'neg') (ELSE 'zero'))"},
	{"CASE a WHEN 1 THEN 'one' END", "(CASE a (WHEN 1 'one'))"},
	{"CASE a + 1 WHEN b THEN c ELSE NULL END", "(CASE (+ a 1) (WHEN b c) (ELSE NULL))"},
	{"CAST(a AS integer)", "(:: a integer)"},
	{"CAST(a + 1 AS double precision)", "(:: (+ a 1) double precision)"},
	{"a::double precision", "(:: a double precision)"},
	{"CAST(a AS character varying(10))", "(:: a character varying(10))"},
	{"CAST(a AS char varying)", "(:: a character varying)"},
	{"a::varchar(10)", "(:: a varchar(10))"},
	{"a::char(3)", "(:: a character(3))"},
	{"a::character", "(:: a character)"},
	{"a::national character varying(5)", "(:: a character varying(5))"},
	{"a::numeric(10, 2)", "(:: a numeric(10,2))"},
	{"a::timestamp with time zone", "(:: a timestamp with time zone)"},
	{"a::timestamp without time zone", "(:: a timestamp)"},
	{"a::timestamp(3) with time zone", "(:: a timestamp with time zone(3))"},
	{"a::time with time zone", "(:: a time with time zone)"},
	{"a::pg_catalog.int4", "(:: a int4)"},
	{"a::\"MyType\"", "(:: a MyType)"},
	{"CAST(a AS timestamp with time zone) + b", "(+ (:: a timestamp with time zone) b)"},
	/* typed literals */
	{"DATE '2024-01-01'", "(:: '2024-01-01' date)"},
	{"timestamp '2024-01-01 10:00'", "(:: '2024-01-01 10:00' timestamp)"},
	{"timestamp with time zone '2024-01-01 10:00+02'",
	 "(:: '2024-01-01 10:00+02' timestamp with time zone)"},
	{"time without time zone '10:00'", "(:: '10:00' time)"},
	{"double precision '1.5'", "(:: '1.5' double precision)"},
	{"INTERVAL '1' DAY", "(:: '1 day' interval)"},
	{"interval '3' MONTH + d", "(+ (:: '3 month' interval) d)"},
	{"INTERVAL '2 hours'", "(:: '2 hours' interval)"},
	{"int '42'", "(:: '42' int)"},
	{"boolean 't'", "(:: 't' boolean)"},
	/* the same words as plain names */
	{"date", "date"},
	{"date + 1", "(+ date 1)"},
	{"interval", "interval"},
	{"timestamp", "timestamp"},
};

static const expr_case function_cases[] = {
	{"EXTRACT(year FROM d)", "extract('year', d)"},
	{"extract(EPOCH from d + 1)", "extract('epoch', (+ d 1))"},
	{"EXTRACT('month' FROM d)", "extract('month', d)"},
	{"POSITION('b' IN s)", "position(s, 'b')"},
	{"POSITION('b' IN 'abc')", "position('abc', 'b')"},
	{"position(a || 'x' IN b || 'y')", "position((|| b 'y'), (|| a 'x'))"},
	{"SUBSTRING(s FROM 2 FOR 3)", "substring(s, 2, 3)"},
	{"SUBSTRING(s FROM 2)", "substring(s, 2)"},
	{"SUBSTRING(s FOR 3)", "substring(s, 1, 3)"},
	{"substring(s, 2, 3)", "substring(s, 2, 3)"},
	{"TRIM(s)", "btrim(s)"},
	{"TRIM(BOTH 'x' FROM s)", "btrim(s, 'x')"},
	{"TRIM(BOTH FROM s)", "btrim(s)"},
	{"TRIM(LEADING FROM s)", "ltrim(s)"},
	{"TRIM(LEADING 'x' FROM s)", "ltrim(s, 'x')"},
	{"TRIM(TRAILING 'x' FROM s)", "rtrim(s, 'x')"},
	{"TRIM('x' FROM s)", "btrim(s, 'x')"},
	{"trim(s, 'xy')", "btrim(s, 'xy')"},
	{"count(*)", "count(*)"},
	{"count(DISTINCT a)", "count(DISTINCT a)"},
	{"count(ALL a)", "count(a)"},
	{"sum(a) FILTER (WHERE a > 0)", "sum(a) FILTER (> a 0)"},
	{"count(*) FILTER (WHERE b)", "count(*) FILTER b"},
	{"string_agg(a, ',' ORDER BY b DESC, c)", "string_agg(a, ',' ORDER BY b DESC c)"},
	{"count(DISTINCT a ORDER BY a NULLS FIRST)", "count(DISTINCT a ORDER BY a NULLS FIRST)"},
	{"percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC) FILTER (WHERE b)",
	 "percentile_cont(0.5) WITHIN GROUP ( x DESC) FILTER b"},
	{"mode() within group (order by x)", "mode() WITHIN GROUP ( x)"},
	{"listagg(DISTINCT x, ',') WITHIN GROUP (ORDER BY x)",
	 "listagg(DISTINCT x, ',') WITHIN GROUP ( x)"},
	{"now()", "now()"},
	{"coalesce(a, b, 1)", "coalesce(a, b, 1)"},
	{"pg_catalog.upper(a)", "pg_catalog.upper(a)"},
	{"\"Upper\"(a)", "Upper(a)"},
	{"f(g(h(a)), -1)", "f(g(h(a)), -1)"},
	{"CURRENT_DATE", "current_date"},
	{"current_timestamp", "current_timestamp"},
	{"CURRENT_TIME", "current_time"},
	{"CURRENT_USER", "current_user"},
	{"LOCALTIMESTAMP", "localtimestamp"},
	{"localtime", "localtime"},
};

static const expr_case primary_cases[] = {
	{"a", "a"},
	{"T.A", "t.a"},
	{"s.t.a", "s.t.a"},
	{"c.s.t.a", "c.s.t.a"},
	{"\"T\".\"A b\"", "T.A b"},
	{"t.select", "t.select"},   /* after a dot any word is a name */
	{"'it''s'", "'it's'"},
	{"TRUE", "true"},
	{"false", "false"},
	{"NULL", "NULL"},
	{"42", "42"},
	{"1.5e3", "1.5e3"},
	{".5", ".5"},
	{"$2", "$2"},
	{"?", "$1"},
	{"9223372036854775808", "9223372036854775808"},
	{"-9223372036854775808", "-9223372036854775808"},
	{"a COLLATE \"C\"", "a"},
};

START_TEST(test_precedence)
{
	ck_assert_str_eq(expr_tree(precedence_cases[_i].expr), precedence_cases[_i].tree);
}
END_TEST

START_TEST(test_predicates)
{
	ck_assert_str_eq(expr_tree(predicate_cases[_i].expr), predicate_cases[_i].tree);
}
END_TEST

START_TEST(test_case_and_cast)
{
	ck_assert_str_eq(expr_tree(case_cast_cases[_i].expr), case_cast_cases[_i].tree);
}
END_TEST

START_TEST(test_functions)
{
	ck_assert_str_eq(expr_tree(function_cases[_i].expr), function_cases[_i].tree);
}
END_TEST

START_TEST(test_primaries)
{
	ck_assert_str_eq(expr_tree(primary_cases[_i].expr), primary_cases[_i].tree);
}
END_TEST

/* Nodes record where they start (byte offsets), operators at their left
 * operand. */
START_TEST(test_locations)
{
	fq_select_stmt *s = select_ok("SELECT  é || b, -x FROM t");
	fq_raw_op *op = (fq_raw_op *) ((fq_raw_target *) fq_list_nth(s->targets, 0))->expr;
	fq_node *neg = ((fq_raw_target *) fq_list_nth(s->targets, 1))->expr;

	ck_assert_int_eq(s->n.location, 0);
	ck_assert_int_eq(op->n.location, 8);
	ck_assert_int_eq(op->right->location, 14); /* é is two bytes */
	ck_assert_int_eq(neg->location, 17);
	ck_assert_int_eq(((fq_node *) fq_list_nth(s->from, 0))->location, 25);
}
END_TEST

/* ? markers are numbered in order; nparams is the highest number. */
START_TEST(test_parameters)
{
	fq_select_stmt *s = select_ok("SELECT ?, ? FROM t WHERE a = ?");

	ck_assert_int_eq(res.nparams, 3);
	ck_assert_str_eq(target_desc(s), "$1, $2");
	ck_assert_str_eq(show(s->where), "(= a $3)");
	s = select_ok("SELECT $2 + $5");
	ck_assert_int_eq(res.nparams, 5);
	select_ok("SELECT 1");
	ck_assert_int_eq(res.nparams, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* SELECT                                                              */
/* ------------------------------------------------------------------ */

static const char *
target_desc(const fq_select_stmt *s)
{
	static char out[2048];
	size_t n = 0;
	fq_raw_target *t;

	out[0] = '\0';
	FQ_LIST_FOREACH(t, s->targets)
	{
		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%s", n ? ", " : "", show(t->expr));
		if (t->alias != NULL)
			n += (size_t) snprintf(out + n, sizeof(out) - n, " AS %s", t->alias);
	}
	return out;
}

/* A VALUES list as VALUES(row | row ...), each row its expressions. */
static const char *
values_desc(const fq_select_stmt *s)
{
	static char out[2048];
	size_t n = (size_t) snprintf(out, sizeof(out), "VALUES(");
	const fq_list *row;

	FQ_LIST_FOREACH(row, s->values)
		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%s", row_i > 0 ? " | " : "",
							   show_list(row, ", "));
	snprintf(out + n, sizeof(out) - n, ")");
	return out;
}

START_TEST(test_select_list)
{
	fq_select_stmt *s = select_ok("SELECT a, b AS x, c y, *, t.*, s.t.*, 1 AS \"From\", "
								  "2 AS from, d \"Q\" FROM t");

	ck_assert_str_eq(target_desc(s),
					 "a, b AS x, c AS y, *, t.*, s.t.*, 1 AS From, 2 AS from, d AS Q");
	ck_assert(!s->distinct);
	ck_assert_ptr_null(s->distinct_on);
	ck_assert(select_ok("SELECT DISTINCT a FROM t")->distinct);
	ck_assert_ptr_null(select_ok("SELECT DISTINCT a FROM t")->distinct_on);
	ck_assert(!select_ok("SELECT ALL a FROM t")->distinct);
	/* DISTINCT ON (...): its expressions, and not plain DISTINCT */
	s = select_ok("SELECT DISTINCT ON (a, b + 1, 2) a, c FROM t ORDER BY a");
	ck_assert(!s->distinct);
	ck_assert_str_eq(show_list(s->distinct_on, ", "), "a, (+ b 1), 2");
	ck_assert_str_eq(target_desc(s), "a, c");
	ck_assert_str_eq(order_desc(s->order_by), "a");
	s = select_ok("SELECT 1");
	ck_assert_ptr_null(s->from);
	ck_assert_ptr_null(s->where);
}
END_TEST

static const expr_case from_cases[] = {
	{"t", "t"},
	{"s.t", "s.t"},
	{"c.s.t", "c.s.t"},
	{"\"My\".\"Tab\"", "My.Tab"},
	{"MySchema.MyTab", "myschema.mytab"},
	{"t AS x", "t AS x"},
	{"t x", "t AS x"},
	{"s.t AS x(a, b)", "s.t AS x(a, b)"},
	{"t x(\"A\")", "t AS x(A)"},
	{"a, b", "a | b"},
	{"a JOIN b ON a.x = b.x", "(a INNER JOIN b ON (= a.x b.x))"},
	{"a INNER JOIN b USING (x, y)", "(a INNER JOIN b USING (x, y))"},
	{"a LEFT JOIN b ON true", "(a LEFT JOIN b ON true)"},
	{"a LEFT OUTER JOIN b ON true", "(a LEFT JOIN b ON true)"},
	{"a RIGHT JOIN b ON true", "(a RIGHT JOIN b ON true)"},
	{"a RIGHT OUTER JOIN b USING (k)", "(a RIGHT JOIN b USING (k))"},
	{"a FULL JOIN b USING (k)", "(a FULL JOIN b USING (k))"},
	{"a FULL OUTER JOIN b ON p AND q", "(a FULL JOIN b ON (AND p q))"},
	{"a CROSS JOIN b", "(a CROSS JOIN b)"},
	{"a NATURAL JOIN b", "(a NATURAL INNER JOIN b)"},
	{"a NATURAL INNER JOIN b", "(a NATURAL INNER JOIN b)"},
	{"a NATURAL LEFT JOIN b", "(a NATURAL LEFT JOIN b)"},
	{"a NATURAL FULL OUTER JOIN b", "(a NATURAL FULL JOIN b)"},
	{"a JOIN b ON p JOIN c ON q", "((a INNER JOIN b ON p) INNER JOIN c ON q)"},
	{"a JOIN (b JOIN c ON q) ON p", "(a INNER JOIN (b INNER JOIN c ON q) ON p)"},
	{"(a JOIN b ON p) AS j", "(a INNER JOIN b ON p) AS j"},
	{"(a CROSS JOIN b)", "(a CROSS JOIN b)"},
	{"a x JOIN s.b y ON x.k = y.k", "(a AS x INNER JOIN s.b AS y ON (= x.k y.k))"},
	{"a, b JOIN c ON p", "a | (b INNER JOIN c ON p)"},
	{"(SELECT 1 AS one) AS s(x)", "(<select>) AS s(x)"},
	{"(SELECT 1) s", "(<select>) AS s"},
	{"(SELECT 1)", "(<select>)"},
	{"(SELECT 1 UNION SELECT 2) u", "(<setop>) AS u"},
	{"(VALUES (1, 'a'), (2, 'b')) AS v(x, y)", "(<values 2x2>) AS v(x, y)"},
	{"(VALUES (1)) v", "(<values 1x1>) AS v"},
	{"((VALUES (1))) v", "(<values 1x1>) AS v"},
	{"a JOIN (VALUES (1)) v(k) USING (k)", "(a INNER JOIN (<values 1x1>) AS v(k) USING (k))"},
	{"a JOIN (SELECT 1 AS k) s USING (k)", "(a INNER JOIN (<select>) AS s USING (k))"},
	/* a joined table in parentheses that starts with a subquery, as the
	 * deparser writes it; and queries in two pairs of parentheses */
	{"((SELECT 1 AS k) s JOIN b ON p)", "((<select>) AS s INNER JOIN b ON p)"},
	{"((SELECT 1 AS k) AS s LEFT JOIN b ON p) j", "((<select>) AS s LEFT JOIN b ON p) AS j"},
	{"(((SELECT 1 AS k)) s CROSS JOIN b)", "((<select>) AS s CROSS JOIN b)"},
	{"((SELECT 1)) s", "(<select>) AS s"},
	{"((SELECT 1) UNION (SELECT 2)) u", "(<setop>) AS u"},
	{"((SELECT 1) MINUS (SELECT 2)) u", "(<setop>) AS u"},
	{"((SELECT 1) ORDER BY 1) u", "(<select>) AS u"},
};

START_TEST(test_from)
{
	char sql[512];
	fq_select_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT * FROM %s", from_cases[_i].expr);
	s = select_ok(sql);
	ck_assert_str_eq(show_list(s->from, " | "), from_cases[_i].tree);
}
END_TEST

START_TEST(test_where_group_having)
{
	fq_select_stmt *s = select_ok("SELECT a, count(*) FROM t WHERE b > 1 AND c IS NOT NULL "
								  "GROUP BY a, d + 1 HAVING count(*) > 2");

	ck_assert_str_eq(show(s->where), "(AND (> b 1) (IS NOT NULL c))");
	ck_assert_str_eq(show_list(s->group_by, ", "), "a, (+ d 1)");
	ck_assert_str_eq(show(s->having), "(> count(*) 2)");
}
END_TEST

START_TEST(test_grouping_sets)
{
	fq_select_stmt *s = select_ok("SELECT a FROM t GROUP BY a, ROLLUP (b, (c, d)), "
								  "CUBE (e), GROUPING SETS (f, (), (g, h), ROLLUP (i), "
								  "GROUPING SETS (j)), (k, l), (m), ()");

	ck_assert_str_eq(show_list(s->group_by, ", "),
					 "a, (ROLLUP b, (c, d)), (CUBE e), "
					 "(SETS f, (), (g, h), (ROLLUP i), (SETS j)), (k, l), m, ()");
	ck_assert(!s->group_distinct);
	/* not keywords elsewhere: a function rollup(), a column cube */
	s = select_ok("SELECT rollup(x), cube FROM t GROUP BY rollup(x), cube, grouping(y)");
	ck_assert_str_eq(show_list(s->group_by, ", "), "(ROLLUP x), cube, grouping(y)");
	s = select_ok("SELECT a FROM t GROUP BY DISTINCT ROLLUP (a)");
	ck_assert(s->group_distinct);
	s = select_ok("SELECT a FROM t GROUP BY ALL a");
	ck_assert(!s->group_distinct);
}
END_TEST

static const char *
order_desc(const fq_list *l)
{
	static char out[1024];
	size_t n = 0;
	fq_raw_sort_by *sb;

	out[0] = '\0';
	FQ_LIST_FOREACH(sb, l)
		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s%s%s%s", n ? ", " : "",
							   show(sb->expr), sb->desc ? " DESC" : "",
							   sb->nulls == FQ_NULLS_FIRST  ? " NULLS FIRST"
							   : sb->nulls == FQ_NULLS_LAST ? " NULLS LAST"
															: "");
	return out;
}

START_TEST(test_order_by)
{
	fq_select_stmt *s = select_ok("SELECT a FROM t ORDER BY a DESC NULLS LAST, b ASC, "
								  "c NULLS FIRST, d, e + 1 DESC");

	ck_assert_str_eq(order_desc(s->order_by),
					 "a DESC NULLS LAST, b, c NULLS FIRST, d, (+ e 1) DESC");
}
END_TEST

/* LIMIT, OFFSET, FETCH FIRST and TOP all end up in limit/offset. */
START_TEST(test_limit_offset_fetch_top)
{
	static const struct
	{
		const char *tail;
		const char *limit;
		const char *offset;
	} cases[] = {
		{"LIMIT 10", "10", "<null>"},
		{"LIMIT 10 OFFSET 5", "10", "5"},
		{"OFFSET 5 LIMIT 10", "10", "5"},
		{"LIMIT ALL", "<null>", "<null>"},
		{"LIMIT ALL OFFSET 2", "<null>", "2"},
		{"OFFSET 5 ROWS", "<null>", "5"},
		{"OFFSET 1 ROW FETCH FIRST 3 ROWS ONLY", "3", "1"},
		{"FETCH FIRST 3 ROWS ONLY", "3", "<null>"},
		{"FETCH NEXT 1 ROW ONLY", "1", "<null>"},
		{"FETCH FIRST ROW ONLY", "1", "<null>"},
		{"FETCH FIRST ROWS ONLY", "1", "<null>"},
		{"LIMIT ? OFFSET ?", "$1", "$2"},
		{"LIMIT 2 + 3", "(+ 2 3)", "<null>"},
		{"ORDER BY a LIMIT 1", "1", "<null>"},
	};
	char sql[256];

	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		fq_select_stmt *s;

		snprintf(sql, sizeof(sql), "SELECT a FROM t %s", cases[i].tail);
		s = select_ok(sql);
		ck_assert_msg(strcmp(show(s->limit), cases[i].limit) == 0, "%s: limit %s", sql,
					  show(s->limit));
		ck_assert_msg(strcmp(show(s->offset), cases[i].offset) == 0, "%s: offset %s", sql,
					  show(s->offset));
	}
	/* Redshift's TOP n */
	{
		fq_select_stmt *s = select_ok("SELECT TOP 5 a, b FROM t");

		ck_assert_str_eq(show(s->limit), "5");
		ck_assert_str_eq(target_desc(s), "a, b");
	}
}
END_TEST

/* INTERSECT binds tighter than UNION and EXCEPT, which associate left;
 * a chain of UNION ALL (or of UNION) is one node with an input per arm;
 * each SELECT is shown as its target list. */
static const expr_case setop_cases[] = {
	{"SELECT 1 UNION SELECT 2", "(UNION 1 2)"},
	{"SELECT 1 UNION ALL SELECT 2", "(UNION ALL 1 2)"},
	{"SELECT 1 UNION DISTINCT SELECT 2", "(UNION 1 2)"},
	{"SELECT 1 UNION SELECT 2 INTERSECT SELECT 3", "(UNION 1 (INTERSECT 2 3))"},
	{"SELECT 1 INTERSECT SELECT 2 UNION SELECT 3", "(UNION (INTERSECT 1 2) 3)"},
	{"SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3", "(UNION ALL (EXCEPT 1 2) 3)"},
	{"SELECT 1 UNION SELECT 2 EXCEPT SELECT 3", "(EXCEPT (UNION 1 2) 3)"},
	{"SELECT 1 INTERSECT ALL SELECT 2 INTERSECT SELECT 3", "(INTERSECT (INTERSECT ALL 1 2) 3)"},
	{"(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3", "(INTERSECT (UNION 1 2) 3)"},
	{"SELECT 1 EXCEPT (SELECT 2 EXCEPT SELECT 3)", "(EXCEPT 1 (EXCEPT 2 3))"},
	{"SELECT a FROM t WHERE b UNION SELECT c FROM u", "(UNION a c)"},
	{"SELECT a FROM t UNION SELECT c FROM u", "(UNION a c)"},
	/* Redshift's MINUS is EXCEPT */
	{"SELECT a FROM t WHERE b MINUS SELECT c FROM u", "(EXCEPT a c)"},
	{"SELECT a FROM t MINUS SELECT c FROM u", "(EXCEPT a c)"},
	{"SELECT 1 MINUS SELECT 2", "(EXCEPT 1 2)"},
	{"SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4", "(UNION ALL 1 2 3 4)"},
	{"SELECT 1 UNION SELECT 2 UNION SELECT 3", "(UNION 1 2 3)"},
	{"SELECT 1 UNION ALL SELECT 2 UNION SELECT 3", "(UNION (UNION ALL 1 2) 3)"},
	{"SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4",
	 "(UNION ALL (UNION 1 2) 3 4)"},
	{"(SELECT 1 UNION ALL SELECT 2) UNION ALL SELECT 3", "(UNION ALL 1 2 3)"},
	{"SELECT 1 UNION ALL (SELECT 2 UNION ALL SELECT 3)", "(UNION ALL 1 (UNION ALL 2 3))"},
	{"(SELECT 1 UNION ALL SELECT 2 LIMIT 1) UNION ALL SELECT 3", "(UNION ALL (UNION ALL 1 2) 3)"},
	{"SELECT 1 EXCEPT SELECT 2 EXCEPT SELECT 3", "(EXCEPT (EXCEPT 1 2) 3)"},
	/* the ALL forms: INTERSECT ALL binds tighter too */
	{"SELECT 1 UNION ALL SELECT 2 INTERSECT ALL SELECT 3", "(UNION ALL 1 (INTERSECT ALL 2 3))"},
	{"SELECT 1 EXCEPT ALL SELECT 2 INTERSECT ALL SELECT 3", "(EXCEPT ALL 1 (INTERSECT ALL 2 3))"},
	{"SELECT 1 INTERSECT ALL SELECT 2 EXCEPT ALL SELECT 3", "(EXCEPT ALL (INTERSECT ALL 1 2) 3)"},
	{"SELECT 1 EXCEPT ALL SELECT 2 EXCEPT ALL SELECT 3", "(EXCEPT ALL (EXCEPT ALL 1 2) 3)"},
	{"SELECT 1 EXCEPT ALL SELECT 2 UNION SELECT 3", "(UNION (EXCEPT ALL 1 2) 3)"},
	{"SELECT 1 INTERSECT ALL SELECT 2 INTERSECT ALL SELECT 3",
	 "(INTERSECT ALL (INTERSECT ALL 1 2) 3)"},
	{"SELECT 1 MINUS ALL SELECT 2", "(EXCEPT ALL 1 2)"},
	{"SELECT 1 INTERSECT DISTINCT SELECT 2", "(INTERSECT 1 2)"},
	/* VALUES lists as inputs */
	{"VALUES (1) UNION ALL SELECT 2", "(UNION ALL VALUES(1) 2)"},
	{"SELECT 1 INTERSECT ALL VALUES (1), (2) EXCEPT VALUES (3)",
	 "(EXCEPT (INTERSECT ALL 1 VALUES(1 | 2)) VALUES(3))"},
	{"(VALUES (1, 2)) UNION (VALUES (3, 4), (5, 6))", "(UNION VALUES(1, 2) VALUES(3, 4 | 5, 6))"},
};

static void
pr_setop(fq_strbuf *b, const fq_node *n)
{
	static const char *const names[] = {"UNION", "INTERSECT", "EXCEPT"};
	const fq_setop_stmt *o = (const fq_setop_stmt *) n;

	ck_assert_ptr_nonnull(n);
	if (FQ_TAG(n) == FQ_N_STMT_SELECT && ((const fq_select_stmt *) n)->values != NULL)
	{
		fq_strbuf_append(b, values_desc((const fq_select_stmt *) n));
		return;
	}
	if (FQ_TAG(n) == FQ_N_STMT_SELECT)
	{
		fq_strbuf_append(b, target_desc((const fq_select_stmt *) n));
		return;
	}
	ck_assert_msg(FQ_TAG(n) == FQ_N_STMT_SETOP, "unexpected %s", fq_node_tag_name(FQ_TAG(n)));
	ck_assert_int_ge(fq_list_len(o->inputs), 2);
	fq_strbuf_printf(b, "(%s%s", names[o->op], o->all ? " ALL" : "");
	for (int i = 0; i < fq_list_len(o->inputs); i++)
	{
		fq_strbuf_append(b, " ");
		pr_setop(b, fq_list_nth(o->inputs, i));
	}
	fq_strbuf_append(b, ")");
}

START_TEST(test_set_operations)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	pr_setop(&b, parse_ok(setop_cases[_i].expr));
	ck_assert_str_eq(fq_strbuf_str(&b), setop_cases[_i].tree);
	fq_strbuf_free(&b);
}
END_TEST

/* ORDER BY, LIMIT and OFFSET after a set operation belong to it. */
START_TEST(test_set_operation_clauses)
{
	fq_node *n = parse_ok("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 DESC LIMIT 5 OFFSET 1");
	fq_setop_stmt *o = (fq_setop_stmt *) n;

	ck_assert(FQ_IS(n, FQ_N_STMT_SETOP));
	ck_assert_str_eq(order_desc(o->order_by), "1 DESC");
	ck_assert_str_eq(show(o->limit), "5");
	ck_assert_str_eq(show(o->offset), "1");
	ck_assert_ptr_null(((fq_select_stmt *) fq_list_nth(o->inputs, 1))->order_by);
	ck_assert_ptr_null(((fq_select_stmt *) fq_list_nth(o->inputs, 1))->limit);

	/* a parenthesised branch keeps its own */
	o = (fq_setop_stmt *) parse_ok("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT b FROM u");
	ck_assert_str_eq(order_desc(((fq_select_stmt *) fq_list_nth(o->inputs, 0))->order_by), "a");
	ck_assert_str_eq(show(((fq_select_stmt *) fq_list_nth(o->inputs, 0))->limit), "1");
	ck_assert_ptr_null(o->limit);
}
END_TEST

START_TEST(test_with)
{
	fq_select_stmt *s = select_ok("WITH x (a, b) AS (SELECT 1, 2), y AS (SELECT 3 AS c) "
								  "SELECT * FROM x, y");
	fq_raw_cte *c1;
	fq_raw_cte *c2;

	ck_assert_int_eq(fq_list_len(s->with), 2);
	c1 = fq_list_nth(s->with, 0);
	c2 = fq_list_nth(s->with, 1);
	ck_assert_str_eq(c1->name, "x");
	ck_assert_int_eq(fq_list_len(c1->col_names), 2);
	ck_assert_str_eq((const char *) fq_list_nth(c1->col_names, 0), "a");
	ck_assert_str_eq((const char *) fq_list_nth(c1->col_names, 1), "b");
	ck_assert_str_eq(target_desc((fq_select_stmt *) c1->query), "1, 2");
	ck_assert_str_eq(c2->name, "y");
	ck_assert_ptr_null(c2->col_names);
	ck_assert_str_eq(target_desc((fq_select_stmt *) c2->query), "3 AS c");
	ck_assert_str_eq(show_list(s->from, " | "), "x | y");

	/* WITH over a set operation belongs to the set operation */
	{
		fq_node *n = parse_ok("WITH q AS (SELECT 1) SELECT * FROM q UNION SELECT 2");

		ck_assert(FQ_IS(n, FQ_N_STMT_SETOP));
		ck_assert_int_eq(fq_list_len(((fq_setop_stmt *) n)->with), 1);
		ck_assert_ptr_null(
			((fq_select_stmt *) fq_list_nth(((fq_setop_stmt *) n)->inputs, 0))->with);
	}
	/* a CTE can hold a set operation, and a subquery its own WITH */
	c1 = fq_list_nth(select_ok("WITH u AS (SELECT 1 UNION SELECT 2) SELECT * FROM u")->with, 0);
	ck_assert(FQ_IS(c1->query, FQ_N_STMT_SETOP));
	select_ok("SELECT * FROM (WITH v AS (SELECT 1) SELECT * FROM v) s");
}
END_TEST

/* Trailing and leading semicolons are allowed around one statement. */
START_TEST(test_semicolons)
{
	select_ok("SELECT 1;");
	select_ok("SELECT 1;;;");
	select_ok(";SELECT 1");
	select_ok("  SELECT 1 ; -- done\n");
}
END_TEST

/* The walker visits every direct child; recursing through it reaches every
 * column reference in the statement. */
static bool
count_columns(fq_node *n, void *ctx)
{
	if (FQ_IS(n, FQ_N_RAW_COLUMN_REF))
		++*(int *) ctx;
	return fq_raw_walk_children(n, count_columns, ctx);
}

static bool
stop_at_const(fq_node *n, void *ctx)
{
	if (FQ_IS(n, FQ_N_RAW_CONST))
	{
		*(fq_node **) ctx = n;
		return true;
	}
	return fq_raw_walk_children(n, stop_at_const, ctx);
}

START_TEST(test_walker)
{
	int n = 0;
	fq_node *found = NULL;
	fq_node *stmt = parse_ok(
		"WITH w AS (SELECT c1 FROM t0) "
		"SELECT c2, f(c3) FILTER (WHERE c4), CASE c5 WHEN c6 THEN c7 ELSE c8 END "
		"FROM t1 JOIN (SELECT c9 FROM t2) s ON c10 = c11 "
		"WHERE c12 IN (c13) AND c14 BETWEEN c15 AND c16 AND c17 LIKE c18 ESCAPE c19 "
		"AND c20 IS NULL AND c21 IS TRUE AND EXISTS (SELECT c22) AND c23 = ANY (SELECT c24) "
		"AND CAST(c25 AS int) > 0 AND NOT c26 AND -c27 < 0 "
		"GROUP BY c28 HAVING c29 > 0 ORDER BY c30 LIMIT 1 OFFSET 2");

	count_columns(stmt, &n);
	ck_assert_int_eq(n, 30);
	n = 0;
	count_columns(parse_ok("SELECT x FROM t UNION SELECT y FROM u ORDER BY z"), &n);
	ck_assert_int_eq(n, 3);
	n = 0;
	count_columns(parse_ok("EXPLAIN SELECT x FROM t"), &n);
	ck_assert_int_eq(n, 1);

	/* returning true stops the walk and is passed up */
	ck_assert(fq_raw_walk_children(parse_ok("SELECT a, 7, 8"), stop_at_const, &found));
	ck_assert_str_eq(show(found), "7");
	ck_assert(!fq_raw_walk_children(NULL, stop_at_const, &found));
}
END_TEST

/* VALUES lists: a SELECT node with the rows (and no select list), alone,
 * with ORDER BY/LIMIT/OFFSET/WITH of its own, in FROM, IN and WITH. */
START_TEST(test_values)
{
	fq_select_stmt *s = select_ok("VALUES (1, 'a'), (2 + 3, NULL), (f(x), -4)");
	fq_raw_cte *c;
	fq_raw_in *in;

	ck_assert_str_eq(values_desc(s), "VALUES(1, 'a' | (+ 2 3), NULL | f(x), -4)");
	ck_assert_ptr_null(s->targets);
	ck_assert_ptr_null(s->from);
	s = select_ok("VALUES (3), (1) ORDER BY 1 DESC LIMIT 1 OFFSET 1");
	ck_assert_str_eq(values_desc(s), "VALUES(3 | 1)");
	ck_assert_str_eq(order_desc(s->order_by), "1 DESC");
	ck_assert_str_eq(show(s->limit), "1");
	ck_assert_str_eq(show(s->offset), "1");
	s = select_ok("WITH w AS (SELECT 1) VALUES ((SELECT * FROM w))");
	ck_assert_int_eq(fq_list_len(s->with), 1);
	ck_assert_str_eq(values_desc(s), "VALUES((SUBQUERY <select>))");
	ck_assert(FQ_IS(parse_ok("(VALUES (1))"), FQ_N_STMT_SELECT));
	ck_assert(FQ_IS(parse_ok("values (1);"), FQ_N_STMT_SELECT));
	/* in WITH, IN (...) and EXPLAIN */
	s = select_ok("WITH v (x, y) AS (VALUES (1, 2)) SELECT * FROM v");
	c = fq_list_nth(s->with, 0);
	ck_assert_str_eq(values_desc((fq_select_stmt *) c->query), "VALUES(1, 2)");
	s = select_ok("SELECT a FROM t WHERE a IN (VALUES (1), (2)) AND b NOT IN (VALUES ('x'))");
	in = fq_list_nth(((fq_raw_bool *) s->where)->args, 0);
	ck_assert(FQ_IS(in, FQ_N_RAW_IN));
	ck_assert_str_eq(values_desc((fq_select_stmt *) in->subquery), "VALUES(1 | 2)");
	in = fq_list_nth(((fq_raw_bool *) s->where)->args, 1);
	ck_assert(in->is_not);
	ck_assert_str_eq(values_desc((fq_select_stmt *) in->subquery), "VALUES('x')");
	ck_assert(FQ_IS(explain_ok("EXPLAIN VALUES (1)")->stmt, FQ_N_STMT_SELECT));
	/* the walker reaches the rows' expressions */
	{
		int n = 0;

		count_columns(parse_ok("VALUES (a, b + c), (d, (SELECT e FROM t WHERE f))"), &n);
		ck_assert_int_eq(n, 6);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* CREATE EXTERNAL SCHEMA, DROP SCHEMA, EXPLAIN                        */
/* ------------------------------------------------------------------ */

static fq_create_ext_schema_stmt *
ces_ok(const char *sql)
{
	fq_node *n = parse_ok(sql);

	ck_assert_msg(FQ_IS(n, FQ_N_STMT_CREATE_EXT_SCHEMA), "%s: a %s", sql,
				  fq_node_tag_name(FQ_TAG(n)));
	return (fq_create_ext_schema_stmt *) n;
}

START_TEST(test_create_external_schema_all_clauses)
{
	fq_create_ext_schema_stmt *s = ces_ok(
		"CREATE EXTERNAL SCHEMA apg FROM POSTGRES DATABASE 'database-1' SCHEMA 'myschema' "
		"URI 'db.example.com' PORT 5433 "
		"IAM_ROLE 'arn:aws:iam::123456789012:role/R1,arn:aws:iam::123456789012:role/R2' "
		"SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s'");

	ck_assert_str_eq(s->name, "apg");
	ck_assert(!s->if_not_exists);
	ck_assert_str_eq(s->database, "database-1");
	ck_assert_str_eq(s->schema, "myschema");
	ck_assert_str_eq(s->uri, "db.example.com");
	ck_assert_int_eq(s->port, 5433);
	ck_assert_str_eq(s->iam_role,
					 "arn:aws:iam::123456789012:role/R1,arn:aws:iam::123456789012:role/R2");
	ck_assert_str_eq(s->secret_arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:s");
	ck_assert_ptr_null(s->sslmode);
	ck_assert_ptr_null(s->sslrootcert);
}
END_TEST

/* fedq's TLS clauses, in any order among the others. */
START_TEST(test_create_external_schema_ssl_clauses)
{
	fq_create_ext_schema_stmt *s = ces_ok(
		"CREATE EXTERNAL SCHEMA t FROM POSTGRES SSLKEY '/k.pem' DATABASE 'd' "
		"SSLMODE 'verify-full' URI 'h' SSLROOTCERT '/ca.pem' SSLCERT '/c.pem'");

	ck_assert_str_eq(s->sslmode, "verify-full");
	ck_assert_str_eq(s->sslrootcert, "/ca.pem");
	ck_assert_str_eq(s->sslcert, "/c.pem");
	ck_assert_str_eq(s->sslkey, "/k.pem");
	ck_assert_str_eq(s->uri, "h");
}
END_TEST

START_TEST(test_create_external_schema_defaults_and_order)
{
	fq_create_ext_schema_stmt *s = ces_ok("create external schema \"Mixed\" from postgres "
										  "uri 'h' database 'd'");

	ck_assert_str_eq(s->name, "Mixed");
	ck_assert_str_eq(s->schema, "public");
	ck_assert_int_eq(s->port, 5432);
	ck_assert_ptr_null(s->iam_role);
	ck_assert_ptr_null(s->secret_arn);
	ck_assert(!s->if_not_exists);

	s = ces_ok("CREATE EXTERNAL SCHEMA IF NOT EXISTS x FROM POSTGRES IAM_ROLE default "
			   "SECRET_ARN 'file:/run/secret.json' PORT 1 URI 'h' SCHEMA 's' DATABASE 'd';");
	ck_assert_str_eq(s->name, "x");
	ck_assert(s->if_not_exists);
	ck_assert_str_eq(s->iam_role, "default");
	ck_assert_str_eq(s->secret_arn, "file:/run/secret.json");
	ck_assert_int_eq(s->port, 1);
	ck_assert_str_eq(s->schema, "s");
	ck_assert_str_eq(s->database, "d");
	ck_assert_str_eq(s->uri, "h");

	s = ces_ok("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT 65535 "
			   "IAM_ROLE 'default'");
	ck_assert_int_eq(s->port, 65535);
	ck_assert_str_eq(s->iam_role, "default");
}
END_TEST

START_TEST(test_drop_schema)
{
	fq_drop_schema_stmt *s = (fq_drop_schema_stmt *) parse_ok("DROP SCHEMA a");
	fq_raw_range_var *rv;

	ck_assert(FQ_IS(s, FQ_N_STMT_DROP_SCHEMA));
	ck_assert_int_eq(fq_list_len(s->names), 1);
	rv = fq_list_nth(s->names, 0);
	ck_assert(FQ_IS(rv, FQ_N_RAW_RANGE_VAR));
	ck_assert_str_eq(rv->name, "a");
	ck_assert(!s->if_exists);
	ck_assert(!s->cascade);

	s = (fq_drop_schema_stmt *) parse_ok("drop schema if exists a, \"B\", c CASCADE");
	ck_assert(s->if_exists);
	ck_assert(s->cascade);
	ck_assert_str_eq(show_list(s->names, ", "), "a, B, c");

	s = (fq_drop_schema_stmt *) parse_ok("DROP SCHEMA a RESTRICT;");
	ck_assert(!s->cascade);
}
END_TEST

/* CREATE [OR REPLACE] VIEW keeps the query's text as written (the view is
 * parsed again at each use); DROP VIEW takes qualified names. */
START_TEST(test_create_drop_view)
{
	fq_create_view_stmt *c = (fq_create_view_stmt *) parse_ok(
		"CREATE VIEW lineitem_all AS SELECT a FROM t UNION ALL SELECT a FROM apg.t "
		"WITH NO SCHEMA BINDING;");
	fq_drop_view_stmt *dv;
	fq_raw_range_var *rv;

	ck_assert(FQ_IS(c, FQ_N_STMT_CREATE_VIEW));
	ck_assert_ptr_null(c->view->schema);
	ck_assert_str_eq(c->view->name, "lineitem_all");
	ck_assert(!c->or_replace);
	ck_assert(c->no_schema_binding);
	ck_assert(FQ_IS(c->query, FQ_N_STMT_SETOP));
	ck_assert_str_eq(c->query_sql, "SELECT a FROM t UNION ALL SELECT a FROM apg.t");

	c = (fq_create_view_stmt *) parse_ok(
		"create or replace view S.\"V\" (x, \"Y\") as (select 1, 2) order by 1");
	ck_assert(c->or_replace);
	ck_assert(!c->no_schema_binding);
	ck_assert_str_eq(c->view->schema, "s");
	ck_assert_str_eq(c->view->name, "V");
	ck_assert_int_eq(fq_list_len(c->cols), 2);
	ck_assert_str_eq(fq_list_nth(c->cols, 1), "Y");
	ck_assert_str_eq(c->query_sql, "(select 1, 2) order by 1");

	dv = (fq_drop_view_stmt *) parse_ok("DROP VIEW IF EXISTS a, s.b CASCADE");
	ck_assert(FQ_IS(dv, FQ_N_STMT_DROP_VIEW));
	ck_assert(dv->if_exists);
	ck_assert(dv->cascade);
	rv = fq_list_nth(dv->names, 1);
	ck_assert_str_eq(rv->schema, "s");
	ck_assert_str_eq(rv->name, "b");
}
END_TEST

/* INSERT INTO t [(cols)] query, CREATE TABLE t AS query, SELECT ... INTO t:
 * one statement kind, rows of a query into a table. */
START_TEST(test_insert_select)
{
	fq_insert_stmt *s = (fq_insert_stmt *) parse_ok("INSERT INTO s.t (a, b) SELECT x, y FROM rds.u");

	ck_assert(FQ_IS(s, FQ_N_STMT_INSERT));
	ck_assert(!s->create);
	ck_assert_str_eq(s->target->schema, "s");
	ck_assert_str_eq(s->target->name, "t");
	ck_assert_int_eq(fq_list_len(s->cols), 2);
	ck_assert(FQ_IS(s->query, FQ_N_STMT_SELECT));

	s = (fq_insert_stmt *) parse_ok("insert into t (select 1 union select 2)");
	ck_assert_ptr_null(s->cols);
	ck_assert(FQ_IS(s->query, FQ_N_STMT_SETOP));

	s = (fq_insert_stmt *) parse_ok("CREATE TABLE t (a) AS WITH w AS (SELECT 1) SELECT * FROM w "
									"WITH NO DATA");
	ck_assert(s->create);
	ck_assert(s->no_data);
	ck_assert_int_eq(fq_list_len(s->cols), 1);

	s = (fq_insert_stmt *) parse_ok("SELECT a, b INTO TABLE x.y FROM rds.u WHERE a > 1");
	ck_assert(FQ_IS(s, FQ_N_STMT_INSERT));
	ck_assert(s->create);
	ck_assert_str_eq(s->target->name, "y");
	ck_assert(FQ_IS(s->query, FQ_N_STMT_SELECT));
	ck_assert_ptr_nonnull(((fq_select_stmt *) s->query)->where);

	s = (fq_insert_stmt *) parse_ok("CREATE MATERIALIZED VIEW mv (a) AS SELECT x FROM rds.u");
	ck_assert(s->create && s->matview);
	ck_assert_str_eq(s->target->name, "mv");
	{
		fq_refresh_stmt *r = (fq_refresh_stmt *) parse_ok("REFRESH MATERIALIZED VIEW s.mv;");
		fq_drop_view_stmt *dv = (fq_drop_view_stmt *) parse_ok(
			"DROP MATERIALIZED VIEW IF EXISTS mv, s.mv2");

		ck_assert(FQ_IS(r, FQ_N_STMT_REFRESH_MATVIEW));
		ck_assert_str_eq(r->view->schema, "s");
		ck_assert(FQ_IS(dv, FQ_N_STMT_DROP_VIEW));
		ck_assert(dv->materialized && dv->if_exists);
		ck_assert_int_eq(fq_list_len(dv->names), 2);
	}
}
END_TEST

static fq_explain_stmt *
explain_ok(const char *sql)
{
	fq_node *n = parse_ok(sql);

	ck_assert_msg(FQ_IS(n, FQ_N_STMT_EXPLAIN), "%s: a %s", sql, fq_node_tag_name(FQ_TAG(n)));
	return (fq_explain_stmt *) n;
}

/* fq_raw_equal: trees written alike are equal wherever they were written;
 * any difference of name, constant, operator or flag makes them unequal. */
START_TEST(test_raw_equal)
{
	static const char *const alike[][2] = {
		{"SELECT (SELECT max(b.k) FROM t b WHERE b.k < a.g)",
		 "SELECT   (SELECT max(b.k)   FROM t b WHERE b.k<a.g)"},
		{"SELECT a.g IN (SELECT k FROM t WHERE false)", "SELECT a.g in (select k from t where FALSE)"},
		{"SELECT CASE WHEN x THEN 1 ELSE -2.5 END", "SELECT CASE WHEN x THEN 1 ELSE -2.5 END"},
		{"SELECT count(DISTINCT x) FILTER (WHERE y)", "SELECT COUNT(distinct x) filter (where y)"},
	};
	static const char *const unlike[][2] = {
		{"SELECT (SELECT max(b.k) FROM t b WHERE b.k < a.g)",
		 "SELECT (SELECT max(b.k) FROM t b WHERE b.k <= a.g)"},
		{"SELECT (SELECT max(b.k) FROM t b)", "SELECT (SELECT min(b.k) FROM t b)"},
		{"SELECT 'a'", "SELECT 'b'"},
		{"SELECT x IS NULL", "SELECT x IS NOT NULL"},
		{"SELECT count(DISTINCT x)", "SELECT count(x)"},
		{"SELECT CAST(x AS varchar(3))", "SELECT CAST(x AS varchar(4))"},
		{"SELECT \"X\"", "SELECT x"},
	};

	for (size_t i = 0; i < sizeof(alike) / sizeof(alike[0]); i++)
	{
		fq_select_stmt *a = select_ok(alike[i][0]);
		fq_select_stmt *b = select_ok(alike[i][1]);

		ck_assert_msg(fq_raw_equal(&a->n, &b->n), "%s vs %s", alike[i][0], alike[i][1]);
	}
	for (size_t i = 0; i < sizeof(unlike) / sizeof(unlike[0]); i++)
	{
		fq_select_stmt *a = select_ok(unlike[i][0]);
		fq_select_stmt *b = select_ok(unlike[i][1]);

		ck_assert_msg(!fq_raw_equal(&a->n, &b->n), "%s vs %s", unlike[i][0], unlike[i][1]);
	}
}
END_TEST

START_TEST(test_explain)
{
	static const struct
	{
		const char *sql;
		bool analyze;
		bool verbose;
	} cases[] = {
		{"EXPLAIN SELECT 1", false, false},
		{"EXPLAIN ANALYZE SELECT 1", true, false},
		{"EXPLAIN ANALYSE SELECT 1", true, false},
		{"EXPLAIN VERBOSE SELECT 1", false, true},
		{"EXPLAIN ANALYZE VERBOSE SELECT 1", true, true},
		{"EXPLAIN (ANALYZE) SELECT 1", true, false},
		{"EXPLAIN (VERBOSE, ANALYZE) SELECT 1", true, true},
		{"EXPLAIN (ANALYZE true, VERBOSE off) SELECT 1", true, false},
		{"EXPLAIN (ANALYZE on) SELECT 1", true, false},
		{"EXPLAIN (ANALYZE false, VERBOSE) SELECT 1", false, true},
	};

	for (size_t i = 0; i < N_ELEMS(cases); i++)
	{
		fq_explain_stmt *e = explain_ok(cases[i].sql);

		ck_assert_msg(e->analyze == cases[i].analyze && e->verbose == cases[i].verbose,
					  "%s: analyze %d verbose %d", cases[i].sql, e->analyze, e->verbose);
		ck_assert(FQ_IS(e->stmt, FQ_N_STMT_SELECT));
	}
	ck_assert(FQ_IS(explain_ok("EXPLAIN SELECT 1 UNION SELECT 2")->stmt, FQ_N_STMT_SETOP));
	ck_assert(FQ_IS(explain_ok("EXPLAIN WITH a AS (SELECT 1) SELECT * FROM a")->stmt,
					FQ_N_STMT_SELECT));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Foreign statements                                                  */
/* ------------------------------------------------------------------ */

static const char *const foreign_cases[] = {
	"INSERT INTO t DEFAULT VALUES",
	"INSERT INTO t (a, b + 1) VALUES (1)",
	"CREATE TABLE t (a int) ",
	"CREATE TABLE t DISTKEY(a) AS SELECT 1",
	"UPDATE t SET a = 1",
	"DELETE FROM t",
	"SET search_path = x",
	"SHOW search_path",
	"CREATE TABLE t (a int)",
	"CREATE SCHEMA s",
	"CREATE TEMP VIEW v AS SELECT 1",
	"CREATE MATERIALIZED VIEW v WITH (fillfactor=10) AS SELECT 1",
	"REFRESH MATERIALIZED VIEW CONCURRENTLY v",
	"CREATE EXTERNAL TABLE s.t (a int)",
	"DROP TABLE t",
	"BEGIN",
	"COMMIT;",
	"ANALYZE t",
	"EXPLAIN (COSTS OFF) SELECT 1",
	"EXPLAIN (FORMAT JSON) SELECT 1",
	"EXPLAIN INSERT INTO t DEFAULT VALUES",
	"EXPLAIN ANALYZE UPDATE t SET a = 1",
	"GRANT SELECT ON t TO u",
	"INSERT garbage (((",
};

/* Statements fedq does not parse come back `foreign`, with no error, no
 * statement, and the tokens for the caller to look at. */
START_TEST(test_foreign)
{
	const char *sql = foreign_cases[_i];

	ck_assert_msg(parse(sql) == FQ_OK, "%s: %s", sql, first_message());
	ck_assert(res.foreign);
	ck_assert_ptr_null(res.stmt);
	ck_assert_int_eq(fq_diags_count(diags), 0);
	ck_assert_ptr_nonnull(res.tokens);
	ck_assert_int_ge(res.ntokens, 2);
	ck_assert_int_eq(res.tokens[res.ntokens - 1].kind, FQ_TOK_EOF);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

typedef struct err_case
{
	const char *sql;
	const char *sqlstate;
	int position;        /* 1-based character; 0 = not checked, -1 = none */
	const char *message; /* exact when it starts with '=', else a part */
} err_case;

static const err_case error_cases[] = {
	/* syntax errors name the token and its character position */
	{"SELECT a FROM FROM", "42601", 15, "=syntax error at or near \"FROM\""},
	{"select a from from", "42601", 15, "=syntax error at or near \"from\""},
	{"SELECT a FROM", "42601", 14, "=syntax error at end of input"},
	{"SELECT 'héllo' FROM FROM", "42601", 21, "=syntax error at or near \"FROM\""},
	{"SELECT \"ü\", é FROM t WHERE", "42601", 27, "=syntax error at end of input"},
	{"SELECT a, FROM t", "42601", 11, "=syntax error at or near \"FROM\""},
	{"SELECT (1", "42601", 10, "at end of input"},
	{"SELECT 1 +", "42601", 11, "at end of input"},
	{"SELECT a < b < c", "42601", 14, "=syntax error at or near \"<\""},
	{"SELECT 1 SELECT 2", "42601", 10, "=syntax error at or near \"SELECT\""},
	{"SELECT CASE END", "42601", 13, "\"END\""},
	{"SELECT CASE a END", "42601", 15, "\"END\""},
	{"SELECT CAST(a integer)", "42601", 15, "\"integer\""},
	{"SELECT a::", "42601", 11, "at end of input"},
	{"SELECT a IS 5", "42601", 13, "\"5\""},
	{"SELECT 'x' 'y'", "42601", 12, "\"'y'\""},
	{"SELECT * FROM a JOIN b", "42601", 23, "at end of input"},
	{"SELECT * FROM a JOIN b WHERE x", "42601", 24, "\"WHERE\""},
	{"SELECT * FROM a NATURAL JOIN b ON p", "42601", 32, "\"ON\""},
	{"SELECT * FROM a CROSS JOIN b USING (k)", "42601", 30, "\"USING\""},
	{"SELECT a FROM t ORDER a", "42601", 23, "\"a\""},
	{"SELECT a FROM t ORDER BY a NULLS", "42601", 33, "at end of input"},
	{"SELECT a FROM t GROUP a", "42601", 23, "\"a\""},
	{"SELECT a FROM t LIMIT 1 LIMIT 2", "42601", 25, "multiple LIMIT clauses"},
	{"SELECT a FROM t LIMIT 1 FETCH FIRST 2 ROWS ONLY", "42601", 25, "multiple LIMIT clauses"},
	{"SELECT a FROM t OFFSET 1 OFFSET 2", "42601", 26, "multiple OFFSET clauses"},
	{"SELECT a FROM t LIMIT 1, 2", "42601", 24, "LIMIT #,#"},
	{"SELECT a FROM t FETCH FIRST 2 ROWS", "42601", 35, "at end of input"},
	{"SELECT ?, $1", "42601", 11, "cannot mix"},
	{"SELECT $1, ?", "42601", 12, "cannot mix"},
	{"SELECT a.b.c.d.e FROM t", "42601", 8, "improper qualified name"},
	{"SELECT a FROM a.b.c.d", "42601", 15, "improper qualified name"},
	{"SELECT a::int(1, 2, 3)", "42601", 21, "too many type modifiers"},
	{"SELECT", "42601", 7, "at end of input"},
	{"", "42601", 0, "empty"},
	{";", "42601", 0, "empty"},
	{"  -- nothing\n", "42601", 0, "empty"},
	/* lexer errors come through unchanged */
	{"SELECT 'abc", "42601", 8, "unterminated quoted string"},
	{"SELECT 1abc", "42601", 8, "trailing junk"},
	/* VALUES lists: rows of one length, expressions only; DISTINCT ON (...) */
	{"VALUES (1, 2), (3)", "42601", 17, "VALUES lists must all be the same length"},
	{"SELECT * FROM (VALUES (1), (2, 3), (4)) v", "42601", 29, "must all be the same length"},
	{"VALUES (1), (2) UNION VALUES (3, 4), (5)", "42601", 39, "must all be the same length"},
	{"VALUES (DEFAULT)", "42601", 9, "DEFAULT is not allowed in this context"},
	{"VALUES (1, default)", "42601", 12, "DEFAULT is not allowed"},
	{"VALUES ()", "42601", 9, "syntax error"},
	{"VALUES 1", "42601", 8, "syntax error"},
	{"VALUES (1) (2)", "42601", 12, "syntax error"},
	{"SELECT * FROM VALUES (1) v", "42601", 22, "syntax error"},
	{"SELECT DISTINCT ON a FROM t", "42601", 20, "syntax error"},
	{"SELECT DISTINCT ON () a FROM t", "42601", 21, "syntax error"},
	{"SELECT DISTINCT ON (a) FROM t", "42601", 24, "syntax error"},
	/* two statements */
	{"SELECT 1; SELECT 2", "0A000", 11, "only one statement"},
	{"SELECT 1;\nINSERT INTO t VALUES (1)", "0A000", 11, "only one statement"},
	/* not supported */
	{"SELECT sum(a) OVER (ORDER BY a ROWS 1 PRECEDING EXCLUDE ALL) FROM t", "42601", 57, "syntax error"},
	{"SELECT sum(a) OVER w FROM t WINDOW w (ORDER BY a)", "42601", 38, "syntax error"},
	{"SELECT sum(a) OVER (ROWS BETWEEN 1 AND 2) FROM t", "42601", 0, "syntax error"},
	/* EXCLUDE belongs to a frame clause */
	{"SELECT sum(a) OVER (w EXCLUDE GROUP) FROM t", "42601", 23, "syntax error"},
	/* ROLLUP and CUBE hold expressions and lists, not sets */
	{"SELECT a FROM t GROUP BY ROLLUP (a, GROUPING SETS (b))", "42601", 37, "syntax error"},
	{"SELECT a FROM t GROUP BY CUBE (a, CUBE (b))", "42601", 35, "syntax error"},
	{"SELECT a FROM t GROUP BY ROLLUP (a", "42601", 35, "at end of input"},
	{"SELECT (SELECT a INTO n FROM t)", "42601", 18, "INTO is not allowed here"},
	{"SELECT a INTO TEMP n FROM t", "0A000", 15, "temporary"},
	{"SELECT * FROM generate_series(1, 3) WITH ORDINALITY", "0A000", 37, "WITH ORDINALITY"},
	{"SELECT * FROM lateral (1)", "0A000", 23, "LATERAL is supported only"},
	{"SELECT * FROM lateral t", "0A000", 15, "LATERAL is supported only"},
	{"SELECT arr[1] FROM t", "0A000", 11, "array subscripts"},
	{"SELECT a::int[]", "0A000", 14, "array types"},
	{"SELECT (1, 2", "42601", 13, "at end of input"},
	{"SELECT ROW(1, 2", "42601", 16, "at end of input"},
	{"SELECT a COLLATE \"de_DE\"", "0A000", 10, "COLLATE"},
	{"SELECT a AT TIME ZONE", "42601", 22, "at end of input"},
	{"SELECT a = ANY ('{1}')", "0A000", 16, "ANY/ALL over an array"},
	{"SELECT a = ANY (ARRAY[1)", "42601", 24, "syntax error"},
	{"SELECT string_agg(a, ',' ORDER BY a) WITHIN GROUP (ORDER BY a) FROM t", "42601", 38,
	 "cannot use multiple ORDER BY clauses with WITHIN GROUP"},
	{"SELECT mode() WITHIN GROUP (a) FROM t", "42601", 29, "syntax error"},
	{"SELECT INTERVAL '1' YEAR TO MONTH", "0A000", 29, "interval field ranges"},
	{"SELECT current_timestamp(3)", "0A000", 25, "precision"},
	{"SELECT overlay(a placing b from 1)", "0A000", 8, "OVERLAY"},
	{"SELECT a FROM t ORDER BY a USING <", "0A000", 34, "USING"},
	{"(SELECT a FROM t LIMIT 1) LIMIT 2", "0A000", 27, "parenthesized query"},
	{"SELECT a::myschema.mytype", "42704", 11, "user-defined types"},
	{"SELECT a::int(99999999999)", "22003", 15, "type modifier is too large"},
};

START_TEST(test_errors)
{
	const err_case *c = &error_cases[_i];
	const fq_diag *r;

	ck_assert_msg(parse(c->sql) == FQ_ERROR, "%s: accepted%s", c->sql,
				  res.foreign ? " as foreign" : "");
	ck_assert_ptr_null(res.stmt);
	ck_assert(!res.foreign);
	ck_assert_int_eq(fq_diags_count(diags), 1);
	r = fq_diags_get(diags, 0);
	ck_assert_msg(strcmp(r->sqlstate, c->sqlstate) == 0, "%s: %s \"%s\", want %s", c->sql,
				  r->sqlstate, r->message, c->sqlstate);
	if (c->message[0] == '=')
		ck_assert_str_eq(r->message, c->message + 1);
	else
		ck_assert_msg(strstr(r->message, c->message) != NULL, "%s: message \"%s\"", c->sql,
					  r->message);
	if (c->position > 0)
		ck_assert_msg(r->position == c->position, "%s: position %d, want %d", c->sql,
					  r->position, c->position);
}
END_TEST

static const err_case ces_error_cases[] = {
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' DATABASE 'b' URI 'h'", "42601", 53,
	 "conflicting or redundant options"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' uri 'i'", "42601", 61,
	 "conflicting or redundant options"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' SSLKEY '/a' SSLKEY '/b'", "42601",
	 73, "conflicting or redundant options: sslkey"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' SSLMODE require", "42601",
	 69, "syntax error"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' PORT 1 PORT 2", "42601", 68,
	 "conflicting or redundant options: PORT"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' IAM_ROLE default "
	 "IAM_ROLE 'r'", "42601", 78, "conflicting or redundant options"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'a' URI 'h' SCHEMA 'p' SCHEMA 'q'", "42601",
	 72, "conflicting or redundant options"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES SECRET_ARN 'a' SECRET_ARN 'b' DATABASE 'a' URI 'h'",
	 "42601", 55, "conflicting or redundant options"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES URI 'h'", "42601", 0, "needs a DATABASE clause"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd'", "42601", 0, "needs a URI clause"},
	{"CREATE EXTERNAL SCHEMA x FROM MYSQL DATABASE 'd' URI 'h'", "0A000", 31, "MYSQL"},
	{"CREATE EXTERNAL SCHEMA x FROM DATA CATALOG DATABASE 'd'", "0A000", 31, "not supported"},
	{"CREATE EXTERNAL SCHEMA x DATABASE 'd' URI 'h'", "0A000", 26, "FROM POSTGRES"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT 0", "22023", 66,
	 "PORT must be between 1 and 65535"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT 65536", "22023", 66,
	 "PORT must be between 1 and 65535"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT 99999999999999999999",
	 "22023", 66, "PORT must be between 1 and 65535"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT '5432'", "42601", 66,
	 "\"'5432'\""},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT -1", "42601", 66,
	 "\"-\""},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE d URI 'h'", "42601", 49, "\"d\""},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' AUTHENTICATION mtls",
	 "0A000", 61, "authentication clause is not supported"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' CATALOG_ROLE 'r'", "0A000",
	 61, "not supported"},
	{"CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' REGION 'x'", "42601", 61,
	 "\"REGION\""},
	{"CREATE EXTERNAL SCHEMA IF EXISTS x FROM POSTGRES DATABASE 'd' URI 'h'", "42601", 27,
	 "\"EXISTS\""},
	{"CREATE EXTERNAL SCHEMA FROM POSTGRES DATABASE 'd' URI 'h'", "42601", 24, "\"FROM\""},
	{"DROP SCHEMA", "42601", 12, "at end of input"},
	{"DROP SCHEMA a b", "42601", 15, "\"b\""},
	{"DROP SCHEMA IF a", "42601", 16, "\"a\""},
	{"DROP SCHEMA a, ", "42601", 16, "at end of input"},
	{"EXPLAIN (ANALYZE SELECT 1", "42601", 18, "\"SELECT\""},
};

START_TEST(test_own_statement_errors)
{
	const err_case *c = &ces_error_cases[_i];
	const fq_diag *r;

	ck_assert_msg(parse(c->sql) == FQ_ERROR, "%s: accepted%s", c->sql,
				  res.foreign ? " as foreign" : "");
	ck_assert(!res.foreign);
	ck_assert_int_eq(fq_diags_count(diags), 1);
	r = fq_diags_get(diags, 0);
	ck_assert_msg(strcmp(r->sqlstate, c->sqlstate) == 0, "%s: %s \"%s\", want %s", c->sql,
				  r->sqlstate, r->message, c->sqlstate);
	ck_assert_msg(strstr(r->message, c->message) != NULL, "%s: message \"%s\"", c->sql,
				  r->message);
	if (c->position > 0)
		ck_assert_msg(r->position == c->position, "%s: position %d, want %d", c->sql,
					  r->position, c->position);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Nesting depth                                                       */
/* ------------------------------------------------------------------ */

/* SELECT <prefix x depth> <middle> <suffix x depth> */
static char *
nested(const char *head, const char *prefix, const char *middle, const char *suffix, int depth)
{
	size_t len = strlen(head) + strlen(middle) +
		(size_t) depth * (strlen(prefix) + strlen(suffix)) + 1;
	char *s = malloc(len);
	size_t n = 0;

	ck_assert_ptr_nonnull(s);
	n += (size_t) sprintf(s + n, "%s", head);
	for (int i = 0; i < depth; i++)
		n += (size_t) sprintf(s + n, "%s", prefix);
	n += (size_t) sprintf(s + n, "%s", middle);
	for (int i = 0; i < depth; i++)
		n += (size_t) sprintf(s + n, "%s", suffix);
	return s;
}

static const struct
{
	const char *head;
	const char *prefix;
	const char *middle;
	const char *suffix;
} deep_cases[] = {
	{"SELECT ", "(", "1", ")"},
	{"SELECT ", "NOT ", "a", ""},
	{"SELECT ", "- ", "a", ""},
	{"SELECT ", "f(", "1", ")"},
	{"SELECT ", "CASE WHEN a THEN ", "1", " END"},
	{"SELECT ", "(SELECT ", "1", ")"},
	{"SELECT * FROM ", "(SELECT * FROM ", "t", ") s"},
	{"SELECT * FROM ", "(", "a JOIN b ON p", ")"},
	{"", "(", "SELECT 1", ")"},
	{"SELECT ", "a IN (", "1", ")"},
	{"SELECT ", "EXISTS (SELECT ", "1", ")"},
};

/* 100,000 levels of anything fail with 54001 (the stack depth limit,
 * core/stack.h), without crashing. */
START_TEST(test_nesting_limit)
{
	char *sql = nested(deep_cases[_i].head, deep_cases[_i].prefix, deep_cases[_i].middle,
					   deep_cases[_i].suffix, 100000);
	const fq_diag *r;

	ck_assert_int_eq(parse(sql), FQ_ERROR);
	ck_assert_int_eq(fq_diags_count(diags), 1);
	r = fq_diags_get(diags, 0);
	ck_assert_msg(strcmp(r->sqlstate, "54001") == 0, "%s: %s", r->sqlstate, r->message);
	ck_assert_str_eq(r->message, "stack depth limit exceeded");
	ck_assert_ptr_nonnull(r->hint);
	ck_assert_int_gt(r->position, 0);
	free(sql);
}
END_TEST

/* Ordinary nesting is far from the limit. */
START_TEST(test_moderate_nesting_ok)
{
	char *sql = nested("SELECT ", "(", "1", ")", 200);

	ck_assert_str_eq(show(((fq_raw_target *) fq_list_nth(select_ok(sql)->targets, 0))->expr),
					 "1");
	free(sql);
	sql = nested("SELECT * FROM ", "(SELECT * FROM ", "t", ") s", 100);
	select_ok(sql);
	free(sql);
}
END_TEST

/* EXPLAIN nests statements too; a long chain of it fails cleanly. */
START_TEST(test_explain_chain_does_not_crash)
{
	char *sql = nested("", "EXPLAIN ", "SELECT 1", "", 200000);
	int rc = parse(sql);

	ck_assert_msg(rc == FQ_ERROR ? strcmp(fq_diags_get(diags, 0)->sqlstate, "54001") == 0
								 : res.foreign,
				  "rc %d foreign %d", rc, res.foreign);
	free(sql);
}
END_TEST

/* ------------------------------------------------------------------ */

static void
add_loop(TCase *tc, const TTest *test, size_t n)
{
	tcase_add_loop_test(tc, test, 0, (int) n);
}

/* OVER (PARTITION BY ... ORDER BY ... frame) parses into the call's window. */
START_TEST(test_window)
{
	fq_select_stmt *s = select_ok("SELECT rank() OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST "
								  "ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING), "
								  "sum(x) FILTER (WHERE y) OVER (), "
								  "avg(z) OVER (ORDER BY z ROWS UNBOUNDED PRECEDING) FROM t");
	fq_raw_func *f = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 0))->expr;
	fq_raw_func *g = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 1))->expr;
	fq_raw_func *h = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 2))->expr;
	fq_raw_sort_by *sb;

	ck_assert(FQ_IS(f, FQ_N_RAW_FUNC) && f->over && f->window != NULL);
	ck_assert_int_eq(fq_list_len(f->window->partition_by), 2);
	ck_assert_int_eq(fq_list_len(f->window->order_by), 1);
	sb = fq_list_nth(f->window->order_by, 0);
	ck_assert(sb->desc && sb->nulls == FQ_NULLS_LAST);
	ck_assert_int_eq(f->window->frame, FQ_FRAME_ROWS);
	ck_assert_int_eq(f->window->start, FQ_BOUND_PRECEDING);
	ck_assert_ptr_nonnull(f->window->start_offset);
	ck_assert_int_eq(f->window->end, FQ_BOUND_UNBOUNDED_FOLLOWING);
	ck_assert(g->over && g->filter != NULL && g->window->frame == FQ_FRAME_DEFAULT &&
			  g->window->partition_by == NULL && g->window->order_by == NULL);
	/* ROWS start alone: the frame ends at the current row */
	ck_assert(h->window->frame == FQ_FRAME_ROWS && h->window->start == FQ_BOUND_UNBOUNDED_PRECEDING &&
			  h->window->end == FQ_BOUND_CURRENT_ROW);
	/* an offset with a cast, as the deparser sends it to a source */
	s = select_ok("SELECT max(x) OVER (ORDER BY z ROWS BETWEEN 1::bigint PRECEDING AND "
				  "2::bigint FOLLOWING) FROM t");
	f = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 0))->expr;
	ck_assert(FQ_IS(f->window->start_offset, FQ_N_RAW_CAST) &&
			  FQ_IS(f->window->end_offset, FQ_N_RAW_CAST));
	ck_assert(f->window->start == FQ_BOUND_PRECEDING && f->window->end == FQ_BOUND_FOLLOWING);
}
END_TEST

/* GROUPS and RANGE offsets, EXCLUDE, named windows and the WINDOW clause. */
START_TEST(test_window_frames)
{
	fq_select_stmt *s = select_ok("SELECT count(*) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND "
								  "2 FOLLOWING EXCLUDE TIES), "
								  "count(*) OVER w, count(*) OVER (w2 ORDER BY b RANGE '1 day' "
								  "PRECEDING EXCLUDE CURRENT ROW), "
								  "count(*) OVER (ROWS CURRENT ROW EXCLUDE NO OTHERS) "
								  "FROM t WINDOW w AS (PARTITION BY c), w2 AS (w) "
								  "ORDER BY 1");
	fq_raw_func *f = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 0))->expr;
	fq_raw_func *g = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 1))->expr;
	fq_raw_func *h = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 2))->expr;
	fq_raw_func *k = (fq_raw_func *) ((fq_raw_target *) fq_list_nth(s->targets, 3))->expr;
	fq_raw_window *w;
	fq_raw_window *w2;

	ck_assert_int_eq(f->window->frame, FQ_FRAME_GROUPS);
	ck_assert_int_eq(f->window->exclude, FQ_EXCLUDE_TIES);
	ck_assert(g->window->bare && strcmp(g->window->refname, "w") == 0);
	ck_assert(!h->window->bare && strcmp(h->window->refname, "w2") == 0);
	ck_assert_int_eq(h->window->frame, FQ_FRAME_RANGE);
	ck_assert_int_eq(h->window->exclude, FQ_EXCLUDE_CURRENT_ROW);
	ck_assert_int_eq(fq_list_len(h->window->order_by), 1);
	ck_assert_int_eq(k->window->exclude, FQ_EXCLUDE_NO_OTHERS);
	ck_assert_ptr_null(k->window->refname);
	ck_assert_int_eq(fq_list_len(s->windows), 2);
	w = fq_list_nth(s->windows, 0);
	w2 = fq_list_nth(s->windows, 1);
	ck_assert_str_eq(w->name, "w");
	ck_assert_int_eq(fq_list_len(w->partition_by), 1);
	ck_assert_str_eq(w2->name, "w2");
	ck_assert_str_eq(w2->refname, "w");
	ck_assert_int_eq(fq_list_len(s->order_by), 1);
}
END_TEST

static Suite *
parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc;

	tc = tcase_create("expressions");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_precedence, N_ELEMS(precedence_cases));
	add_loop(tc, test_predicates, N_ELEMS(predicate_cases));
	add_loop(tc, test_case_and_cast, N_ELEMS(case_cast_cases));
	add_loop(tc, test_functions, N_ELEMS(function_cases));
	add_loop(tc, test_primaries, N_ELEMS(primary_cases));
	tcase_add_test(tc, test_locations);
	tcase_add_test(tc, test_parameters);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_window_frames);
	suite_add_tcase(s, tc);

	tc = tcase_create("select");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_select_list);
	add_loop(tc, test_from, N_ELEMS(from_cases));
	tcase_add_test(tc, test_where_group_having);
	tcase_add_test(tc, test_grouping_sets);
	tcase_add_test(tc, test_order_by);
	tcase_add_test(tc, test_limit_offset_fetch_top);
	add_loop(tc, test_set_operations, N_ELEMS(setop_cases));
	tcase_add_test(tc, test_set_operation_clauses);
	tcase_add_test(tc, test_with);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_semicolons);
	tcase_add_test(tc, test_walker);
	suite_add_tcase(s, tc);

	tc = tcase_create("own_statements");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_external_schema_all_clauses);
	tcase_add_test(tc, test_create_external_schema_ssl_clauses);
	tcase_add_test(tc, test_create_external_schema_defaults_and_order);
	tcase_add_test(tc, test_drop_schema);
	tcase_add_test(tc, test_create_drop_view);
	tcase_add_test(tc, test_insert_select);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_raw_equal);
	add_loop(tc, test_own_statement_errors, N_ELEMS(ces_error_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("foreign");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_foreign, N_ELEMS(foreign_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_errors, N_ELEMS(error_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("depth");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_nesting_limit, N_ELEMS(deep_cases));
	tcase_add_test(tc, test_moderate_nesting_ok);
	tcase_add_test(tc, test_explain_chain_does_not_crash);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(parser_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
