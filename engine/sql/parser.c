/*
 * parser.c — recursive-descent parser over the token array from lexer.c.
 *
 * Each grammar rule is one function returning a node, or NULL after raising
 * an error into p->d (the first error wins; callers just propagate NULL).
 * Operator precedence follows PostgreSQL's table, lowest first:
 *
 *   OR, AND, NOT, IS/ISNULL/NOTNULL, comparison (< > = <= >= <>),
 *   BETWEEN/IN/LIKE/ILIKE/SIMILAR, other operators (||, ~~ ...), + -,
 *   * / %, ^, AT TIME ZONE, COLLATE, unary + -, :: and [ ]
 *
 * Statement kinds fedq does not parse (INSERT, SET, ...) are not errors:
 * the result says `foreign` and the session decides whether the warehouse
 * takes them.
 */
#include "sql/parser.h"

#include "core/diag.h"
#include "core/stack.h"
#include "sql/ast.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser
{
	const char *sql;
	size_t len;
	fq_token *toks;
	int ntok;
	int pos;
	fq_arena *a;
	fq_diags *d;
	int qmarks;       /* ? markers seen (numbered in order) */
	int max_dollar;   /* highest $n seen */
	bool failed;
	int depth;        /* queries open (parse_select_stmt) */
	bool into_ok;     /* the statement may be SELECT ... INTO */
	fq_raw_range_var *into; /* its target */
} parser;

static fq_node *parse_expr(parser *p);
static fq_node *parse_select_body(parser *p);
static fq_raw_range_var *parse_qualified_name(parser *p);

/* A query; the depth tells SELECT ... INTO which SELECT is the statement. */
static fq_node *
parse_select_stmt(parser *p)
{
	fq_node *q;

	p->depth++;
	q = parse_select_body(p);
	p->depth--;
	return q;
}
static fq_node *parse_primary(parser *p);
static fq_node *parse_add(parser *p);
static fq_node *parse_select_stmt(parser *p);
static fq_node *parse_table_ref(parser *p);
static fq_raw_type_name *parse_type_name(parser *p);

/* ---- Token helpers ---- */

static inline fq_token *
peek(parser *p)
{
	return &p->toks[p->pos];
}

static inline fq_token *
peek_at(parser *p, int k)
{
	int i = p->pos + k;

	return &p->toks[i < p->ntok ? i : p->ntok - 1];
}

static inline fq_token *
advance(parser *p)
{
	fq_token *t = &p->toks[p->pos];

	if (t->kind != FQ_TOK_EOF)
		p->pos++;
	return t;
}

static inline bool
is_kw(parser *p, fq_kw kw)
{
	return peek(p)->kind == FQ_TOK_KEYWORD && peek(p)->kw == kw;
}

static inline bool
accept_kw(parser *p, fq_kw kw)
{
	if (is_kw(p, kw))
	{
		p->pos++;
		return true;
	}
	return false;
}

/* A non-reserved word used as a keyword in context (never when quoted). */
static inline bool
tok_is_word(const fq_token *t, const char *word)
{
	return t->kind == FQ_TOK_IDENT && !t->quoted && strcmp(t->text, word) == 0;
}

static inline bool
is_word(parser *p, const char *word)
{
	return tok_is_word(peek(p), word);
}

static inline bool
accept_word(parser *p, const char *word)
{
	if (is_word(p, word))
	{
		p->pos++;
		return true;
	}
	return false;
}

static inline bool
is_tok(parser *p, fq_tok kind)
{
	return peek(p)->kind == kind;
}

static inline bool
accept_tok(parser *p, fq_tok kind)
{
	if (is_tok(p, kind))
	{
		p->pos++;
		return true;
	}
	return false;
}

static inline bool
is_op(parser *p, const char *op)
{
	return peek(p)->kind == FQ_TOK_OP && strcmp(peek(p)->text, op) == 0;
}

static int
position_of(parser *p, const fq_token *t)
{
	return fq_char_position(p->sql, p->len, t->start);
}

/* Raises 42601 "syntax error at or near ..." at token t. */
static void *
syntax_error_at(parser *p, const fq_token *t)
{
	if (p->failed)
		return NULL;
	p->failed = true;
	if (t->kind == FQ_TOK_EOF)
		fq_raise(p->d, FQ_ERR_SYNTAX_ERROR, position_of(p, t), "syntax error at end of input");
	else
		fq_raise(p->d, FQ_ERR_SYNTAX_ERROR, position_of(p, t), "syntax error at or near \"%.*s\"",
				 t->end - t->start, p->sql + t->start);
	return NULL;
}

static void *
syntax_error(parser *p)
{
	return syntax_error_at(p, peek(p));
}

static void *
error_at(parser *p, const fq_token *t, fq_errcode code, const char *msg)
{
	if (p->failed)
		return NULL;
	p->failed = true;
	fq_raise(p->d, code, position_of(p, t), "%s", msg);
	return NULL;
}

static void *
nomem(parser *p)
{
	if (!p->failed)
	{
		p->failed = true;
		fq_raise_nomem(p->d, p->a);
	}
	return NULL;
}

static bool
expect_tok(parser *p, fq_tok kind)
{
	if (accept_tok(p, kind))
		return true;
	syntax_error(p);
	return false;
}

static bool
expect_kw(parser *p, fq_kw kw)
{
	if (accept_kw(p, kw))
		return true;
	syntax_error(p);
	return false;
}

static bool
expect_word(parser *p, const char *word)
{
	if (accept_word(p, word))
		return true;
	syntax_error(p);
	return false;
}

static void *
make_node(parser *p, size_t size, fq_node_tag tag, const fq_token *at)
{
	fq_node *n = fq_node_new(p->a, size, tag);

	if (n == NULL)
		return nomem(p);
	n->location = at != NULL ? at->start : -1;
	return n;
}

#define MAKE(p, type, tag, at) ((type *) make_node((p), sizeof(type), (tag), (at)))

static bool
append(parser *p, fq_list **l, void *x)
{
	fq_list *nl = fq_lappend(p->a, *l, x);

	if (nl == NULL)
	{
		nomem(p);
		return false;
	}
	*l = nl;
	return true;
}

/* An identifier: any IDENT token (quoted or not). */
static const char *
parse_ident(parser *p)
{
	if (is_tok(p, FQ_TOK_IDENT))
		return advance(p)->text;
	return syntax_error(p);
}

/* A string literal's text. */
static const char *
parse_string(parser *p)
{
	if (is_tok(p, FQ_TOK_STRING))
		return advance(p)->text;
	return syntax_error(p);
}

/* Called by each rule that recurses: a statement nested too deeply for
 * the stack fails with 54001 (core/stack.h). */
static bool
enter(parser *p)
{
	if (fq_stack_too_deep() && fq_stack_check_at(p->d, position_of(p, peek(p))) < 0)
	{
		p->failed = true;
		return false;
	}
	return true;
}

static inline void
leave(parser *p)
{
	(void) p;
}

/* ---- Expressions ---- */

static fq_node *
make_op(parser *p, const fq_token *at, const char *op, fq_node *l, fq_node *r)
{
	fq_raw_op *n = MAKE(p, fq_raw_op, FQ_N_RAW_OP, at);

	if (n == NULL)
		return NULL;
	n->op = op;
	n->left = l;
	n->right = r;
	if (l != NULL)
		n->n.location = l->location;
	return &n->n;
}

static fq_node *
make_bool(parser *p, const fq_token *at, fq_bool_kind kind, fq_node *l, fq_node *r)
{
	fq_raw_bool *n;

	/* Flatten chains: a AND b AND c is one AND with three arguments. */
	if (kind != FQ_BOOL_NOT && FQ_IS(l, FQ_N_RAW_BOOL) && ((fq_raw_bool *) l)->kind == kind &&
		l->location >= 0)
	{
		n = (fq_raw_bool *) l;
		return append(p, &n->args, r) ? l : NULL;
	}
	n = MAKE(p, fq_raw_bool, FQ_N_RAW_BOOL, at);
	if (n == NULL)
		return NULL;
	n->kind = kind;
	if (!append(p, &n->args, l) || (r != NULL && !append(p, &n->args, r)))
		return NULL;
	if (l != NULL && kind != FQ_BOOL_NOT)
		n->n.location = l->location;
	return &n->n;
}

static fq_node *
make_const(parser *p, const fq_token *at, fq_const_kind kind, const char *text, size_t len)
{
	fq_raw_const *c = MAKE(p, fq_raw_const, FQ_N_RAW_CONST, at);

	if (c == NULL)
		return NULL;
	c->kind = kind;
	c->text = text;
	c->len = len;
	return &c->n;
}

static fq_node *
make_func(parser *p, const fq_token *at, const char *name, fq_list *args)
{
	fq_raw_func *f = MAKE(p, fq_raw_func, FQ_N_RAW_FUNC, at);

	if (f == NULL)
		return NULL;
	f->name = name;
	f->args = args;
	return &f->n;
}

static fq_list *
parse_expr_list(parser *p)
{
	fq_list *l = NULL;

	do
	{
		fq_node *e = parse_expr(p);

		if (e == NULL || !append(p, &l, e))
			return NULL;
	} while (accept_tok(p, FQ_TOK_COMMA));
	return l;
}

/* True if the tokens at the cursor start a query: SELECT, WITH, or
 * parentheses around one. */
static bool
starts_query(parser *p)
{
	int k = 0;

	while (peek_at(p, k)->kind == FQ_TOK_LPAREN)
		k++;
	return (peek_at(p, k)->kind == FQ_TOK_KEYWORD &&
			(peek_at(p, k)->kw == FQ_KW_SELECT || peek_at(p, k)->kw == FQ_KW_WITH)) ||
		tok_is_word(peek_at(p, k), "values");
}

/*
 * At "((": the token after the inner parenthesized group's closing
 * parenthesis; NULL when the cursor is not at two opening parentheses or
 * the inner group does not close.
 */
static const fq_token *
after_inner_parens(parser *p)
{
	int depth = 0;
	int k = 1;

	if (peek_at(p, 1)->kind != FQ_TOK_LPAREN)
		return NULL;
	for (;; k++)
	{
		const fq_token *t = peek_at(p, k);

		if (t->kind == FQ_TOK_EOF)
			return NULL;
		if (t->kind == FQ_TOK_LPAREN)
			depth++;
		else if (t->kind == FQ_TOK_RPAREN && --depth == 0)
			return peek_at(p, k + 1);
	}
}

/*
 * In an expression, "((SELECT ...) op ...)" is a parenthesized expression
 * whose first operand is a subquery, not a query in two pairs of
 * parentheses: it is one when what follows the inner subquery's closing
 * parenthesis could continue a query (a set operation, ORDER BY, LIMIT,
 * OFFSET, FETCH) or closes the outer one.
 */
static bool
parens_hold_expr(parser *p)
{
	const fq_token *t = after_inner_parens(p);

	if (t == NULL || t->kind == FQ_TOK_RPAREN || t->kind == FQ_TOK_EOF)
		return false;
	if (tok_is_word(t, "minus"))
		return false;
	if (t->kind != FQ_TOK_KEYWORD)
		return true;
	switch (t->kw)
	{
		case FQ_KW_UNION:
		case FQ_KW_INTERSECT:
		case FQ_KW_EXCEPT:
		case FQ_KW_ORDER:
		case FQ_KW_LIMIT:
		case FQ_KW_OFFSET:
		case FQ_KW_FETCH:
			return false;
		default:
			return true;
	}
}

/* A subquery where an expression may stand: "(SELECT ...)". */
static bool
starts_expr_query(parser *p)
{
	return starts_query(p) && !parens_hold_expr(p);
}

static fq_node *
parse_subquery_in_parens(parser *p)
{
	fq_node *q;

	if (!expect_tok(p, FQ_TOK_LPAREN))
		return NULL;
	q = parse_select_stmt(p);
	if (q == NULL || !expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	return q;
}

static fq_node *
parse_case(parser *p)
{
	fq_token *at = advance(p); /* CASE */
	fq_raw_case *c = MAKE(p, fq_raw_case, FQ_N_RAW_CASE, at);

	if (c == NULL)
		return NULL;
	if (!is_kw(p, FQ_KW_WHEN))
	{
		c->arg = parse_expr(p);
		if (c->arg == NULL)
			return NULL;
	}
	while (is_kw(p, FQ_KW_WHEN))
	{
		fq_raw_when *w = MAKE(p, fq_raw_when, FQ_N_RAW_WHEN, advance(p));

		if (w == NULL || (w->cond = parse_expr(p)) == NULL || !expect_kw(p, FQ_KW_THEN) ||
			(w->result = parse_expr(p)) == NULL || !append(p, &c->whens, w))
			return NULL;
	}
	if (c->whens == NULL)
		return syntax_error(p);
	if (accept_kw(p, FQ_KW_ELSE) && (c->else_expr = parse_expr(p)) == NULL)
		return NULL;
	if (!expect_kw(p, FQ_KW_END))
		return NULL;
	return &c->n;
}

/* CAST(expr AS type) */
static fq_node *
parse_cast_call(parser *p)
{
	fq_token *at = advance(p); /* CAST */
	fq_raw_cast *c = MAKE(p, fq_raw_cast, FQ_N_RAW_CAST, at);

	if (c == NULL || !expect_tok(p, FQ_TOK_LPAREN) || (c->arg = parse_expr(p)) == NULL ||
		!expect_kw(p, FQ_KW_AS) || (c->type = parse_type_name(p)) == NULL ||
		!expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	return &c->n;
}

static const char *const interval_units[] = {"year", "month", "day", "hour", "minute", "second",
											 NULL};

static bool
is_interval_unit(const fq_token *t)
{
	for (int i = 0; interval_units[i]; i++)
		if (tok_is_word(t, interval_units[i]))
			return true;
	return false;
}

/* Type names that may prefix a string literal: DATE '2024-01-01'. */
static bool
typed_literal_ahead(parser *p)
{
	static const char *const names[] = {
		"date", "time", "timestamp", "timestamptz", "interval", "numeric", "decimal", "int",
		"integer", "int2", "int4", "int8", "bigint", "smallint", "boolean", "bool", "real",
		"float", "float4", "float8", "text", "varchar", "char", "character", "uuid", "bytea",
		"double", "timetz", NULL};
	fq_token *t = peek(p);
	int k = 1;

	if (t->kind != FQ_TOK_IDENT || t->quoted)
		return false;
	for (int i = 0;; i++)
	{
		if (names[i] == NULL)
			return false;
		if (strcmp(t->text, names[i]) == 0)
			break;
	}
	/* double precision, timestamp with(out) time zone */
	if (tok_is_word(peek_at(p, 1), "precision"))
		k = 2;
	else if ((peek_at(p, 1)->kind == FQ_TOK_KEYWORD && peek_at(p, 1)->kw == FQ_KW_WITH) ||
			 tok_is_word(peek_at(p, 1), "without"))
		k = 4;
	return peek_at(p, k)->kind == FQ_TOK_STRING;
}

static fq_node *
parse_typed_literal(parser *p)
{
	fq_token *at = peek(p);
	fq_raw_cast *c = MAKE(p, fq_raw_cast, FQ_N_RAW_CAST, at);
	fq_token *s;

	if (c == NULL || (c->type = parse_type_name(p)) == NULL)
		return NULL;
	s = advance(p);
	if (s->kind != FQ_TOK_STRING)
		return syntax_error_at(p, s);
	c->arg = make_const(p, s, FQ_CONST_STRING, s->text, s->len);
	if (c->arg == NULL)
		return NULL;
	/* INTERVAL '1' DAY: fold the unit into the text. */
	if (strcmp(c->type->name, "interval") == 0 && is_interval_unit(peek(p)))
	{
		fq_token *u = advance(p);
		fq_raw_const *k = (fq_raw_const *) c->arg;

		k->text = fq_arena_printf(p->a, "%s %s", k->text, u->text);
		if (k->text == NULL)
			return nomem(p);
		k->len = strlen(k->text);
		if (accept_word(p, "to"))
			return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"interval field ranges (YEAR TO MONTH ...) are not supported");
	}
	return &c->n;
}

/* EXTRACT(field FROM expr) → extract('field', expr) */
static fq_node *
parse_extract(parser *p, fq_token *at)
{
	fq_list *args = NULL;
	fq_token *f;
	fq_node *field;
	fq_node *e;

	p->pos += 2; /* extract ( */
	f = advance(p);
	if (f->kind != FQ_TOK_IDENT && f->kind != FQ_TOK_STRING && f->kind != FQ_TOK_KEYWORD)
		return syntax_error_at(p, f);
	field = make_const(p, f, FQ_CONST_STRING, f->text, strlen(f->text));
	if (field == NULL || !expect_kw(p, FQ_KW_FROM) || (e = parse_expr(p)) == NULL ||
		!expect_tok(p, FQ_TOK_RPAREN) || !append(p, &args, field) || !append(p, &args, e))
		return NULL;
	return make_func(p, at, "extract", args);
}

/* POSITION(a IN b) → position(b, a), PostgreSQL's function (strpos).  The
 * operands bind tighter than IN, so the IN here is never read as the IN
 * operator. */
static fq_node *parse_other_op(parser *p);
static fq_node *parse_group_item(parser *p);

static fq_node *
parse_position(parser *p, fq_token *at)
{
	fq_list *args = NULL;
	fq_node *a;
	fq_node *b;

	p->pos += 2;
	if ((a = parse_other_op(p)) == NULL || !expect_kw(p, FQ_KW_IN) ||
		(b = parse_other_op(p)) == NULL || !expect_tok(p, FQ_TOK_RPAREN) ||
		!append(p, &args, b) || !append(p, &args, a))
		return NULL;
	return make_func(p, at, "position", args);
}

/* SUBSTRING(x FROM a [FOR b]) or substring(x, a [, b]) */
static fq_node *
parse_substring(parser *p, fq_token *at)
{
	fq_list *args = NULL;
	fq_node *e;

	p->pos += 2;
	if ((e = parse_expr(p)) == NULL || !append(p, &args, e))
		return NULL;
	if (accept_kw(p, FQ_KW_FROM))
	{
		if ((e = parse_expr(p)) == NULL || !append(p, &args, e))
			return NULL;
		if (accept_kw(p, FQ_KW_FOR) && ((e = parse_expr(p)) == NULL || !append(p, &args, e)))
			return NULL;
	}
	else if (accept_kw(p, FQ_KW_FOR))
	{
		fq_node *one = make_const(p, at, FQ_CONST_INTEGER, "1", 1);

		if (one == NULL || !append(p, &args, one) || (e = parse_expr(p)) == NULL ||
			!append(p, &args, e))
			return NULL;
	}
	else
	{
		while (accept_tok(p, FQ_TOK_COMMA))
			if ((e = parse_expr(p)) == NULL || !append(p, &args, e))
				return NULL;
	}
	if (!expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	return make_func(p, at, "substring", args);
}

/* TRIM([LEADING|TRAILING|BOTH] [chars] FROM x) → btrim/ltrim/rtrim(x[, chars]) */
static fq_node *
parse_trim(parser *p, fq_token *at)
{
	const char *fn = "btrim";
	fq_list *args = NULL;
	fq_node *chars = NULL;
	fq_node *e;

	p->pos += 2;
	if (accept_word(p, "leading"))
		fn = "ltrim";
	else if (accept_word(p, "trailing"))
		fn = "rtrim";
	else
		accept_word(p, "both");
	if (!accept_kw(p, FQ_KW_FROM))
	{
		if ((chars = parse_expr(p)) == NULL)
			return NULL;
		if (!accept_kw(p, FQ_KW_FROM))
		{
			/* trim(x) or trim(x, chars) */
			e = chars;
			chars = NULL;
			if (accept_tok(p, FQ_TOK_COMMA) && (chars = parse_expr(p)) == NULL)
				return NULL;
			goto done;
		}
	}
	if ((e = parse_expr(p)) == NULL)
		return NULL;
done:
	if (!expect_tok(p, FQ_TOK_RPAREN) || !append(p, &args, e) ||
		(chars != NULL && !append(p, &args, chars)))
		return NULL;
	return make_func(p, at, fn, args);
}

/* True when the token at `at` is '(' whose parentheses hold a comma at
 * their own level: a list of expressions, not one parenthesised one. */
static bool
paren_list_at(parser *p, int at)
{
	int depth = 0;

	for (int i = at;; i++)
	{
		fq_token *t = peek_at(p, i);

		if (t->kind == FQ_TOK_EOF)
			return false;
		if (t->kind == FQ_TOK_LPAREN)
			depth++;
		else if (t->kind == FQ_TOK_RPAREN && --depth == 0)
			return false;
		else if (t->kind == FQ_TOK_COMMA && depth == 1)
			return true;
	}
}

static fq_node *
make_gset(parser *p, fq_token *at, fq_gset_kind kind)
{
	fq_raw_grouping_set *g = MAKE(p, fq_raw_grouping_set, FQ_N_RAW_GROUPING_SET, at);

	if (g != NULL)
		g->kind = kind;
	return g != NULL ? &g->n : NULL;
}

/*
 * One GROUP BY item: an expression, (), ROLLUP (...), CUBE (...),
 * GROUPING SETS (...), or a parenthesised list of expressions grouped as
 * one (at the top level the same as its expressions, as in PostgreSQL).
 */
static fq_node *
parse_group_item(parser *p)
{
	fq_token *at = peek(p);
	fq_gset_kind kind;
	fq_raw_grouping_set *g;

	if (fq_stack_check(p->d) < 0)
		return NULL;
	if (at->kind == FQ_TOK_LPAREN && peek_at(p, 1)->kind == FQ_TOK_RPAREN)
	{
		p->pos += 2;
		return make_gset(p, at, FQ_GSET_EMPTY);
	}
	if (at->kind == FQ_TOK_LPAREN && paren_list_at(p, 0))
	{
		fq_node *list = make_gset(p, at, FQ_GSET_LIST);

		advance(p);
		g = (fq_raw_grouping_set *) list;
		if (g == NULL || (g->items = parse_expr_list(p)) == NULL || !expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
		return list;
	}
	if ((is_word(p, "rollup") || is_word(p, "cube")) && peek_at(p, 1)->kind == FQ_TOK_LPAREN)
		kind = is_word(p, "rollup") ? FQ_GSET_ROLLUP : FQ_GSET_CUBE;
	else if (is_word(p, "grouping") && peek_at(p, 1)->kind != FQ_TOK_LPAREN &&
			 tok_is_word(peek_at(p, 1), "sets") &&
			 peek_at(p, 2)->kind == FQ_TOK_LPAREN)
	{
		kind = FQ_GSET_SETS;
		advance(p);
	}
	else
		return parse_expr(p);
	advance(p);
	advance(p); /* ( */
	if ((g = (fq_raw_grouping_set *) make_gset(p, at, kind)) == NULL)
		return NULL;
	do
	{
		fq_token *it = peek(p);
		fq_node *item = parse_group_item(p);

		if (item == NULL || !append(p, &g->items, item))
			return NULL;
		/* ROLLUP and CUBE take expressions and lists, not sets of sets */
		if (kind != FQ_GSET_SETS && FQ_IS(item, FQ_N_RAW_GROUPING_SET) &&
			((fq_raw_grouping_set *) item)->kind != FQ_GSET_LIST &&
			((fq_raw_grouping_set *) item)->kind != FQ_GSET_EMPTY)
			return syntax_error_at(p, it);
	} while (accept_tok(p, FQ_TOK_COMMA));
	if (!expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	return &g->n;
}

/* expr [ASC|DESC] [NULLS FIRST|LAST], ... */
static bool
parse_sort_list(parser *p, fq_list **out)
{
	do
	{
		fq_raw_sort_by *sb = MAKE(p, fq_raw_sort_by, FQ_N_RAW_SORT_BY, peek(p));

		if (sb == NULL || (sb->expr = parse_expr(p)) == NULL)
			return false;
		if (accept_kw(p, FQ_KW_DESC))
			sb->desc = true;
		else if (!accept_kw(p, FQ_KW_ASC) && accept_kw(p, FQ_KW_USING))
			return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"ORDER BY ... USING is not supported"), false;
		if (accept_word(p, "nulls"))
		{
			if (accept_word(p, "first"))
				sb->nulls = FQ_NULLS_FIRST;
			else if (accept_word(p, "last"))
				sb->nulls = FQ_NULLS_LAST;
			else
				return syntax_error(p), false;
		}
		if (!append(p, out, sb))
			return false;
	} while (accept_tok(p, FQ_TOK_COMMA));
	return true;
}

/* UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING;
 * n is an arithmetic expression (-1 too: the executor says it is negative,
 * as PostgreSQL does). */
static bool
parse_frame_bound(parser *p, fq_frame_bound *bound, fq_node **offset)
{
	if (accept_word(p, "unbounded"))
	{
		if (accept_word(p, "preceding"))
			*bound = FQ_BOUND_UNBOUNDED_PRECEDING;
		else if (accept_word(p, "following"))
			*bound = FQ_BOUND_UNBOUNDED_FOLLOWING;
		else
			return syntax_error(p), false;
		return true;
	}
	if (accept_word(p, "current"))
	{
		if (!expect_word(p, "row"))
			return false;
		*bound = FQ_BOUND_CURRENT_ROW;
		return true;
	}
	if ((*offset = parse_add(p)) == NULL)
		return false;
	if (accept_word(p, "preceding"))
		*bound = FQ_BOUND_PRECEDING;
	else if (accept_word(p, "following"))
		*bound = FQ_BOUND_FOLLOWING;
	else
		return syntax_error(p), false;
	return true;
}

/*
 * ( [name] [PARTITION BY e, ...] [ORDER BY ...]
 *   [ROWS|RANGE|GROUPS [BETWEEN] bound [AND bound]
 *    [EXCLUDE CURRENT ROW|GROUP|TIES|NO OTHERS]] )
 * name: an earlier window of the WINDOW clause this one builds on.
 */
static fq_raw_window *
parse_window(parser *p)
{
	fq_raw_window *w = MAKE(p, fq_raw_window, FQ_N_RAW_WINDOW, peek(p));

	if (w == NULL || !enter(p))
		return NULL;
	advance(p); /* ( */
	if (peek(p)->kind == FQ_TOK_IDENT && !is_word(p, "partition") && !is_word(p, "rows") &&
		!is_word(p, "range") && !is_word(p, "groups"))
		w->refname = advance(p)->text;
	if (accept_word(p, "partition"))
	{
		if (!expect_kw(p, FQ_KW_BY) || (w->partition_by = parse_expr_list(p)) == NULL)
			return NULL;
	}
	if (is_kw(p, FQ_KW_ORDER))
	{
		advance(p);
		if (!expect_kw(p, FQ_KW_BY) || !parse_sort_list(p, &w->order_by))
			return NULL;
	}
	if (is_word(p, "rows") || is_word(p, "range") || is_word(p, "groups"))
	{
		w->frame = is_word(p, "rows") ? FQ_FRAME_ROWS
			: is_word(p, "range") ? FQ_FRAME_RANGE : FQ_FRAME_GROUPS;
		advance(p);
		if (accept_kw(p, FQ_KW_BETWEEN))
		{
			if (!parse_frame_bound(p, &w->start, &w->start_offset) || !expect_kw(p, FQ_KW_AND) ||
				!parse_frame_bound(p, &w->end, &w->end_offset))
				return NULL;
		}
		else
		{
			if (!parse_frame_bound(p, &w->start, &w->start_offset))
				return NULL;
			w->end = FQ_BOUND_CURRENT_ROW;
		}
		if (accept_word(p, "exclude"))
		{
			if (accept_word(p, "current"))
			{
				if (!expect_word(p, "row"))
					return NULL;
				w->exclude = FQ_EXCLUDE_CURRENT_ROW;
			}
			else if (accept_kw(p, FQ_KW_GROUP))
				w->exclude = FQ_EXCLUDE_GROUP;
			else if (accept_word(p, "ties"))
				w->exclude = FQ_EXCLUDE_TIES;
			else if (accept_word(p, "no"))
			{
				if (!expect_word(p, "others"))
					return NULL;
			}
			else
				return syntax_error(p);
		}
	}
	if (!expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	return w;
}

/* name([DISTINCT] args [ORDER BY ...]) [WITHIN GROUP (ORDER BY ...)] [FILTER (WHERE e)]
 * [OVER (...)] */
static fq_node *
parse_func_call(parser *p, const char *schema, fq_token *name_tok)
{
	fq_raw_func *f = MAKE(p, fq_raw_func, FQ_N_RAW_FUNC, name_tok);

	if (f == NULL)
		return NULL;
	f->schema = schema;
	f->name = name_tok->text;
	advance(p); /* ( */
	if (is_op(p, "*"))
	{
		advance(p);
		f->star = true;
	}
	else if (!is_tok(p, FQ_TOK_RPAREN))
	{
		if (accept_kw(p, FQ_KW_DISTINCT))
			f->distinct = true;
		else
			accept_kw(p, FQ_KW_ALL);
		if ((f->args = parse_expr_list(p)) == NULL)
			return NULL;
		/* an aggregate's input order: string_agg(x, ',' ORDER BY y) */
		if (accept_kw(p, FQ_KW_ORDER) &&
			(!expect_kw(p, FQ_KW_BY) || !parse_sort_list(p, &f->agg_order)))
			return NULL;
	}
	if (!expect_tok(p, FQ_TOK_RPAREN))
		return NULL;
	/* percentile_cont(0.5) WITHIN GROUP (ORDER BY x), as PostgreSQL's
	 * grammar takes it (its errors for the forms it refuses) */
	if (is_word(p, "within") && peek_at(p, 1)->kind == FQ_TOK_KEYWORD &&
		peek_at(p, 1)->kw == FQ_KW_GROUP)
	{
		fq_token *at = peek(p);

		if (f->agg_order != NULL)
			return error_at(p, at, FQ_ERR_SYNTAX_ERROR,
							"cannot use multiple ORDER BY clauses with WITHIN GROUP");
		/* (DISTINCT is refused by the binder: Redshift's listagg takes it) */
		if (f->star)
			return error_at(p, at, FQ_ERR_SYNTAX_ERROR, "cannot use * with WITHIN GROUP");
		p->pos += 2;
		if (!expect_tok(p, FQ_TOK_LPAREN) || !expect_kw(p, FQ_KW_ORDER) ||
			!expect_kw(p, FQ_KW_BY) || !parse_sort_list(p, &f->agg_order) ||
			!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
		f->within_group = true;
	}
	if (is_word(p, "filter") && peek_at(p, 1)->kind == FQ_TOK_LPAREN)
	{
		p->pos += 2;
		if (!expect_kw(p, FQ_KW_WHERE) || (f->filter = parse_expr(p)) == NULL ||
			!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
	}
	if (is_word(p, "over"))
	{
		advance(p);
		if (peek(p)->kind == FQ_TOK_IDENT)
		{
			/* OVER name: a window of the WINDOW clause, as it is */
			fq_raw_window *w = MAKE(p, fq_raw_window, FQ_N_RAW_WINDOW, peek(p));

			if (w == NULL)
				return NULL;
			w->refname = advance(p)->text;
			w->bare = true;
			f->window = w;
		}
		else if (!is_tok(p, FQ_TOK_LPAREN))
			return syntax_error(p);
		else if ((f->window = parse_window(p)) == NULL)
			return NULL;
		f->over = true;
	}
	return &f->n;
}

/* [schema.]name followed by ( : a function call; otherwise a column ref. */
static fq_node *
parse_name_expr(parser *p)
{
	fq_token *first = peek(p);
	fq_raw_column_ref *ref;

	if (peek_at(p, 1)->kind == FQ_TOK_LPAREN && !first->quoted)
	{
		if (strcmp(first->text, "extract") == 0)
			return parse_extract(p, first);
		if (strcmp(first->text, "position") == 0)
			return parse_position(p, first);
		if (strcmp(first->text, "substring") == 0)
			return parse_substring(p, first);
		if (strcmp(first->text, "trim") == 0)
			return parse_trim(p, first);
		if (strcmp(first->text, "overlay") == 0)
			return error_at(p, first, FQ_ERR_FEATURE_NOT_SUPPORTED, "OVERLAY is not supported");
		if (strcmp(first->text, "row") == 0)
		{
			/* ROW(a, ...), ROW() */
			fq_raw_row *r = MAKE(p, fq_raw_row, FQ_N_RAW_ROW, first);

			p->pos += 2;
			if (r == NULL || (!is_tok(p, FQ_TOK_RPAREN) && (r->args = parse_expr_list(p)) == NULL) ||
				!expect_tok(p, FQ_TOK_RPAREN))
				return NULL;
			return &r->n;
		}
	}
	if (peek_at(p, 1)->kind == FQ_TOK_LPAREN)
	{
		advance(p);
		return parse_func_call(p, NULL, first);
	}
	if (peek_at(p, 1)->kind == FQ_TOK_DOT && peek_at(p, 2)->kind == FQ_TOK_IDENT &&
		peek_at(p, 3)->kind == FQ_TOK_LPAREN)
	{
		fq_token *name;

		p->pos += 2;
		name = advance(p);
		return parse_func_call(p, first->text, name);
	}

	ref = MAKE(p, fq_raw_column_ref, FQ_N_RAW_COLUMN_REF, first);
	if (ref == NULL || !append(p, &ref->fields, (void *) advance(p)->text))
		return NULL;
	while (is_tok(p, FQ_TOK_DOT))
	{
		advance(p);
		if (is_op(p, "*"))
		{
			fq_raw_star *star = MAKE(p, fq_raw_star, FQ_N_RAW_STAR, first);

			advance(p);
			if (star == NULL)
				return NULL;
			star->qualifier = ref->fields;
			return &star->n;
		}
		if (!is_tok(p, FQ_TOK_IDENT) && !is_tok(p, FQ_TOK_KEYWORD))
			return syntax_error(p);
		if (!append(p, &ref->fields, (void *) advance(p)->text))
			return NULL;
		if (fq_list_len(ref->fields) > 4)
			return error_at(p, first, FQ_ERR_SYNTAX_ERROR,
							"improper qualified name (too many dotted names)");
	}
	return &ref->n;
}

static fq_node *
parse_param(parser *p)
{
	fq_token *t = advance(p);
	fq_raw_param *n = MAKE(p, fq_raw_param, FQ_N_RAW_PARAM, t);

	if (n == NULL)
		return NULL;
	if (t->param_no == 0)
	{
		if (p->max_dollar > 0)
			return error_at(p, t, FQ_ERR_SYNTAX_ERROR, "cannot mix ? and $n parameter markers");
		n->number = ++p->qmarks;
	}
	else
	{
		if (p->qmarks > 0)
			return error_at(p, t, FQ_ERR_SYNTAX_ERROR, "cannot mix ? and $n parameter markers");
		n->number = t->param_no;
		if (t->param_no > p->max_dollar)
			p->max_dollar = t->param_no;
	}
	return &n->n;
}

static fq_node *
parse_primary(parser *p)
{
	fq_token *t = peek(p);

	switch (t->kind)
	{
		case FQ_TOK_INTEGER:
			advance(p);
			return make_const(p, t, FQ_CONST_INTEGER, t->text, t->len);
		case FQ_TOK_NUMBER:
			advance(p);
			return make_const(p, t, FQ_CONST_NUMBER, t->text, t->len);
		case FQ_TOK_STRING:
			advance(p);
			return make_const(p, t, FQ_CONST_STRING, t->text, t->len);
		case FQ_TOK_PARAM:
			return parse_param(p);
		case FQ_TOK_LPAREN:
			if (starts_expr_query(p))
			{
				fq_raw_sublink *s = MAKE(p, fq_raw_sublink, FQ_N_RAW_SUBLINK, t);

				if (s == NULL || (s->subquery = parse_subquery_in_parens(p)) == NULL)
					return NULL;
				s->kind = FQ_SUBLINK_SCALAR;
				return &s->n;
			}
			else
			{
				fq_node *e;

				advance(p);
				if ((e = parse_expr(p)) == NULL)
					return NULL;
				if (is_tok(p, FQ_TOK_COMMA))
				{
					/* (a, b, ...): a row */
					fq_raw_row *r = MAKE(p, fq_raw_row, FQ_N_RAW_ROW, t);

					if (r == NULL || !append(p, &r->args, e))
						return NULL;
					while (accept_tok(p, FQ_TOK_COMMA))
						if ((e = parse_expr(p)) == NULL || !append(p, &r->args, e))
							return NULL;
					if (!expect_tok(p, FQ_TOK_RPAREN))
						return NULL;
					return &r->n;
				}
				if (!expect_tok(p, FQ_TOK_RPAREN))
					return NULL;
				return e;
			}
		case FQ_TOK_KEYWORD:
			switch (t->kw)
			{
				case FQ_KW_TRUE:
				case FQ_KW_FALSE:
					{
						fq_raw_const *c;

						advance(p);
						c = (fq_raw_const *) make_const(p, t, FQ_CONST_BOOL, t->text, t->len);
						if (c != NULL)
							c->bval = t->kw == FQ_KW_TRUE;
						return (fq_node *) c;
					}
				case FQ_KW_NULL:
					advance(p);
					return make_const(p, t, FQ_CONST_NULL, "NULL", 4);
				case FQ_KW_CASE:
					return parse_case(p);
				case FQ_KW_CAST:
					return parse_cast_call(p);
				case FQ_KW_LEFT:
				case FQ_KW_RIGHT:
					/* left(s, n), right(s, n): the join keywords as functions,
					 * as in PostgreSQL */
					if (peek_at(p, 1)->kind == FQ_TOK_LPAREN)
					{
						advance(p);
						return parse_func_call(p, NULL, t);
					}
					return syntax_error(p);
				case FQ_KW_EXISTS:
					{
						fq_raw_sublink *s = MAKE(p, fq_raw_sublink, FQ_N_RAW_SUBLINK, t);

						advance(p);
						if (s == NULL || (s->subquery = parse_subquery_in_parens(p)) == NULL)
							return NULL;
						s->kind = FQ_SUBLINK_EXISTS;
						return &s->n;
					}
				case FQ_KW_CURRENT_DATE:
				case FQ_KW_CURRENT_TIME:
				case FQ_KW_CURRENT_TIMESTAMP:
				case FQ_KW_CURRENT_USER:
				case FQ_KW_LOCALTIME:
				case FQ_KW_LOCALTIMESTAMP:
					{
						fq_raw_func *f;

						advance(p);
						f = (fq_raw_func *) make_func(p, t, t->text, NULL);
						if (f != NULL)
							f->special = true;
						if (is_tok(p, FQ_TOK_LPAREN))
							return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
											"a precision for CURRENT_TIME/TIMESTAMP is not supported");
						return (fq_node *) f;
					}
				default:
					return syntax_error(p);
			}
		case FQ_TOK_IDENT:
			if (typed_literal_ahead(p))
				return parse_typed_literal(p);
			return parse_name_expr(p);
		default:
			return syntax_error(p);
	}
}

/* primary { :: type | [ subscript ] } */
static fq_node *
parse_postfix(parser *p)
{
	fq_node *e = parse_primary(p);

	while (e != NULL)
	{
		if (is_tok(p, FQ_TOK_CAST))
		{
			fq_token *at = advance(p);
			fq_raw_cast *c = MAKE(p, fq_raw_cast, FQ_N_RAW_CAST, at);

			if (c == NULL || (c->type = parse_type_name(p)) == NULL)
				return NULL;
			c->arg = e;
			c->n.location = e->location;
			e = &c->n;
		}
		else if (is_tok(p, FQ_TOK_LBRACKET))
			return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"array subscripts are not supported");
		else
			break;
	}
	return e;
}

static fq_node *
parse_unary(parser *p)
{
	fq_token *t = peek(p);
	fq_node *e;

	if (t->kind == FQ_TOK_OP && (strcmp(t->text, "-") == 0 || strcmp(t->text, "+") == 0))
	{
		if (!enter(p))
			return NULL;
		advance(p);
		e = parse_unary(p);
		leave(p);
		if (e == NULL)
			return NULL;
		/* +number stays the number; + of anything else is PostgreSQL's
		 * unary plus, which the binder checks */
		if (strcmp(t->text, "+") == 0)
		{
			if (FQ_IS(e, FQ_N_RAW_CONST) &&
				(((fq_raw_const *) e)->kind == FQ_CONST_INTEGER ||
				 ((fq_raw_const *) e)->kind == FQ_CONST_NUMBER))
				return e;
			e = make_op(p, t, "+", NULL, e);
			if (e != NULL)
				e->location = t->start;
			return e;
		}
		/* Fold -literal so that -9223372036854775808 is a valid bigint. */
		if (FQ_IS(e, FQ_N_RAW_CONST) &&
			(((fq_raw_const *) e)->kind == FQ_CONST_INTEGER ||
			 ((fq_raw_const *) e)->kind == FQ_CONST_NUMBER))
		{
			fq_raw_const *c = (fq_raw_const *) e;
			const char *text = c->text[0] == '-' ? c->text + 1
												 : fq_arena_printf(p->a, "-%s", c->text);

			if (text == NULL)
				return nomem(p);
			c->text = text;
			c->len = strlen(text);
			c->n.location = t->start;
			return e;
		}
		e = make_op(p, t, "-", NULL, e);
		if (e != NULL)
			e->location = t->start;
		return e;
	}
	return parse_postfix(p);
}

/* unary [COLLATE name] [AT TIME ZONE zone] */
static fq_node *
parse_collate_at(parser *p)
{
	fq_node *e = parse_unary(p);

	if (e == NULL)
		return NULL;
	if (is_kw(p, FQ_KW_COLLATE))
	{
		fq_token *at = advance(p);
		const char *coll = parse_ident(p);

		if (coll == NULL)
			return NULL;
		/* fedq compares strings bytewise (the "C" collation) always. */
		if (strcmp(coll, "C") != 0 && strcmp(coll, "POSIX") != 0 && strcmp(coll, "default") != 0)
			return error_at(p, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"only COLLATE \"C\" is supported: fedq compares strings bytewise");
	}
	while (is_word(p, "at") && tok_is_word(peek_at(p, 1), "time") &&
		   tok_is_word(peek_at(p, 2), "zone"))
	{
		/* x AT TIME ZONE z is PostgreSQL's timezone(z, x): fedq has no
		 * time zone database, so the source computes it (a function of
		 * the source's, bind/func.c) */
		fq_token *at = advance(p);
		fq_node *zone;
		fq_list *args = NULL;

		p->pos += 2;
		if ((zone = parse_unary(p)) == NULL || !append(p, &args, zone) || !append(p, &args, e) ||
			(e = make_func(p, at, "timezone", args)) == NULL)
			return NULL;
	}
	return e;
}

static fq_node *
parse_pow(parser *p)
{
	fq_node *e = parse_collate_at(p);

	while (e != NULL && is_op(p, "^"))
	{
		fq_token *op = advance(p);
		fq_node *r = parse_collate_at(p);

		e = r ? make_op(p, op, "^", e, r) : NULL;
	}
	return e;
}

static fq_node *
parse_mul(parser *p)
{
	fq_node *e = parse_pow(p);

	while (e != NULL && (is_op(p, "*") || is_op(p, "/") || is_op(p, "%")))
	{
		fq_token *op = advance(p);
		fq_node *r = parse_pow(p);

		e = r ? make_op(p, op, op->text, e, r) : NULL;
	}
	return e;
}

static fq_node *
parse_add(parser *p)
{
	fq_node *e = parse_mul(p);

	while (e != NULL && (is_op(p, "+") || is_op(p, "-")))
	{
		fq_token *op = advance(p);
		fq_node *r = parse_mul(p);

		e = r ? make_op(p, op, op->text, e, r) : NULL;
	}
	return e;
}

static bool
is_comparison_op(const fq_token *t)
{
	static const char *const ops[] = {"=", "<>", "<", ">", "<=", ">=", NULL};

	if (t->kind != FQ_TOK_OP)
		return false;
	for (int i = 0; ops[i]; i++)
		if (strcmp(t->text, ops[i]) == 0)
			return true;
	return false;
}

/* Any other operator (||, ~~, ~, ...) binds below + and above LIKE. */
static fq_node *
parse_other_op(parser *p)
{
	fq_node *e = parse_add(p);

	while (e != NULL && is_tok(p, FQ_TOK_OP) && !is_comparison_op(peek(p)))
	{
		fq_token *op = advance(p);
		fq_node *r = parse_add(p);

		e = r ? make_op(p, op, op->text, e, r) : NULL;
	}
	return e;
}

/* x [NOT] BETWEEN / IN / LIKE / ILIKE / SIMILAR TO */
static fq_node *
parse_predicate(parser *p)
{
	fq_node *e = parse_other_op(p);
	bool neg;
	fq_token *at;

	if (e == NULL)
		return NULL;
	for (;;)
	{
		int save = p->pos;

		neg = accept_kw(p, FQ_KW_NOT);
		at = peek(p);
		if (accept_kw(p, FQ_KW_BETWEEN))
		{
			fq_raw_between *b = MAKE(p, fq_raw_between, FQ_N_RAW_BETWEEN, at);

			if (b == NULL)
				return NULL;
			b->symmetric = accept_kw(p, FQ_KW_SYMMETRIC);
			b->arg = e;
			b->is_not = neg;
			b->n.location = e->location;
			if ((b->lo = parse_other_op(p)) == NULL || !expect_kw(p, FQ_KW_AND) ||
				(b->hi = parse_other_op(p)) == NULL)
				return NULL;
			e = &b->n;
		}
		else if (accept_kw(p, FQ_KW_IN))
		{
			fq_raw_in *in = MAKE(p, fq_raw_in, FQ_N_RAW_IN, at);

			if (in == NULL)
				return NULL;
			in->arg = e;
			in->is_not = neg;
			in->n.location = e->location;
			if (starts_expr_query(p))
			{
				if ((in->subquery = parse_subquery_in_parens(p)) == NULL)
					return NULL;
			}
			else if (!expect_tok(p, FQ_TOK_LPAREN) || (in->list = parse_expr_list(p)) == NULL ||
					 !expect_tok(p, FQ_TOK_RPAREN))
				return NULL;
			e = &in->n;
		}
		else if (is_kw(p, FQ_KW_LIKE) || is_kw(p, FQ_KW_ILIKE) ||
				 (is_kw(p, FQ_KW_SIMILAR) && tok_is_word(peek_at(p, 1), "to")))
		{
			fq_raw_like *l = MAKE(p, fq_raw_like, FQ_N_RAW_LIKE, at);

			if (l == NULL)
				return NULL;
			l->ilike = is_kw(p, FQ_KW_ILIKE);
			l->similar = is_kw(p, FQ_KW_SIMILAR);
			advance(p);
			if (l->similar)
				advance(p); /* TO */
			l->arg = e;
			l->is_not = neg;
			l->n.location = e->location;
			if ((l->pattern = parse_other_op(p)) == NULL)
				return NULL;
			if (accept_word(p, "escape") && (l->escape = parse_other_op(p)) == NULL)
				return NULL;
			e = &l->n;
		}
		else
		{
			p->pos = save;
			return e;
		}
	}
}

static fq_node *
parse_comparison(parser *p)
{
	fq_node *e = parse_predicate(p);

	if (e != NULL && is_comparison_op(peek(p)))
	{
		fq_token *op = advance(p);
		fq_node *r;

		if (is_kw(p, FQ_KW_ANY) || is_kw(p, FQ_KW_SOME) || is_kw(p, FQ_KW_ALL))
		{
			fq_raw_sublink *s = MAKE(p, fq_raw_sublink, FQ_N_RAW_SUBLINK, op);
			bool all = is_kw(p, FQ_KW_ALL);

			advance(p);
			if (s == NULL)
				return NULL;
			s->kind = all ? FQ_SUBLINK_ALL : FQ_SUBLINK_ANY;
			s->test_expr = e;
			s->op = op->text;
			s->n.location = e->location;
			if (is_tok(p, FQ_TOK_LPAREN) && tok_is_word(peek_at(p, 1), "array") &&
				peek_at(p, 2)->kind == FQ_TOK_LBRACKET)
			{
				/* x op ANY (ARRAY[a, b, ...]) */
				advance(p);
				advance(p);
				advance(p);
				s->is_array = true;
				if (!is_tok(p, FQ_TOK_RBRACKET) && (s->array = parse_expr_list(p)) == NULL)
					return NULL;
				if (!expect_tok(p, FQ_TOK_RBRACKET) || !expect_tok(p, FQ_TOK_RPAREN))
					return NULL;
				return &s->n;
			}
			if (!starts_query(p))
				return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
								"ANY/ALL over an array is supported only over an array "
								"constructor, ANY (ARRAY[a, b, ...]), or a subquery");
			if ((s->subquery = parse_subquery_in_parens(p)) == NULL)
				return NULL;
			return &s->n;
		}
		if ((r = parse_predicate(p)) == NULL)
			return NULL;
		e = make_op(p, op, op->text, e, r);
		if (e != NULL && is_comparison_op(peek(p)))
			return syntax_error(p); /* a < b < c is not SQL */
	}
	return e;
}

static fq_node *
parse_is(parser *p)
{
	fq_node *e = parse_comparison(p);

	while (e != NULL)
	{
		fq_token *at = peek(p);

		if (accept_kw(p, FQ_KW_ISNULL) || accept_kw(p, FQ_KW_NOTNULL))
		{
			fq_raw_null_test *n = MAKE(p, fq_raw_null_test, FQ_N_RAW_NULL_TEST, at);

			if (n == NULL)
				return NULL;
			n->arg = e;
			n->is_not = at->kw == FQ_KW_NOTNULL;
			n->n.location = e->location;
			e = &n->n;
		}
		else if (accept_kw(p, FQ_KW_IS))
		{
			bool neg = accept_kw(p, FQ_KW_NOT);

			if (accept_kw(p, FQ_KW_NULL))
			{
				fq_raw_null_test *n = MAKE(p, fq_raw_null_test, FQ_N_RAW_NULL_TEST, at);

				if (n == NULL)
					return NULL;
				n->arg = e;
				n->is_not = neg;
				n->n.location = e->location;
				e = &n->n;
			}
			else if (is_kw(p, FQ_KW_TRUE) || is_kw(p, FQ_KW_FALSE) || is_word(p, "unknown"))
			{
				fq_raw_bool_test *b = MAKE(p, fq_raw_bool_test, FQ_N_RAW_BOOL_TEST, at);
				fq_token *w = advance(p);

				if (b == NULL)
					return NULL;
				b->arg = e;
				b->n.location = e->location;
				if (w->kind == FQ_TOK_KEYWORD && w->kw == FQ_KW_TRUE)
					b->kind = neg ? FQ_IS_NOT_TRUE : FQ_IS_TRUE;
				else if (w->kind == FQ_TOK_KEYWORD && w->kw == FQ_KW_FALSE)
					b->kind = neg ? FQ_IS_NOT_FALSE : FQ_IS_FALSE;
				else
					b->kind = neg ? FQ_IS_NOT_UNKNOWN : FQ_IS_UNKNOWN;
				e = &b->n;
			}
			else if (accept_kw(p, FQ_KW_DISTINCT))
			{
				fq_node *r;

				if (!expect_kw(p, FQ_KW_FROM) || (r = parse_comparison(p)) == NULL)
					return NULL;
				e = make_op(p, at, neg ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", e, r);
			}
			else
				return syntax_error(p);
		}
		else
			break;
	}
	return e;
}

static fq_node *
parse_not(parser *p)
{
	if (is_kw(p, FQ_KW_NOT))
	{
		fq_token *at = advance(p);
		fq_node *e;

		if (!enter(p))
			return NULL;
		e = parse_not(p);
		leave(p);
		return e ? make_bool(p, at, FQ_BOOL_NOT, e, NULL) : NULL;
	}
	return parse_is(p);
}

static fq_node *
parse_and(parser *p)
{
	fq_node *e = parse_not(p);

	while (e != NULL && is_kw(p, FQ_KW_AND))
	{
		fq_token *at = advance(p);
		fq_node *r = parse_not(p);

		e = r ? make_bool(p, at, FQ_BOOL_AND, e, r) : NULL;
	}
	return e;
}

static fq_node *
parse_expr(parser *p)
{
	fq_node *e;

	if (!enter(p))
		return NULL;
	e = parse_and(p);
	while (e != NULL && is_kw(p, FQ_KW_OR))
	{
		fq_token *at = advance(p);
		fq_node *r = parse_and(p);

		e = r ? make_bool(p, at, FQ_BOOL_OR, e, r) : NULL;
	}
	leave(p);
	return e;
}

/* ---- Type names ---- */

static fq_raw_type_name *
parse_type_name(parser *p)
{
	fq_token *at = peek(p);
	fq_raw_type_name *t = MAKE(p, fq_raw_type_name, FQ_N_RAW_TYPE_NAME, at);
	const char *name;

	if (t == NULL)
		return NULL;
	if (at->kind != FQ_TOK_IDENT)
		return syntax_error(p);
	name = advance(p)->text;
	if (at->quoted)
		;
	else if (strcmp(name, "double") == 0)
	{
		if (!expect_word(p, "precision"))
			return NULL;
		name = "double precision";
	}
	else if (strcmp(name, "character") == 0 || strcmp(name, "char") == 0 ||
			 strcmp(name, "national") == 0 || strcmp(name, "nchar") == 0)
	{
		if (strcmp(name, "national") == 0 && !accept_word(p, "character") && !accept_word(p, "char"))
			return syntax_error(p);
		name = accept_word(p, "varying") ? "character varying" : "character";
	}
	else if (strcmp(name, "bit") == 0 && accept_word(p, "varying"))
		name = "bit varying";
	/* schema-qualified names: pg_catalog.int4 */
	if (is_tok(p, FQ_TOK_DOT) && peek_at(p, 1)->kind == FQ_TOK_IDENT)
	{
		if (strcmp(name, "pg_catalog") != 0)
			return error_at(p, at, FQ_ERR_UNDEFINED_OBJECT, "user-defined types are not supported");
		p->pos++;
		name = advance(p)->text;
	}
	if (accept_tok(p, FQ_TOK_LPAREN))
	{
		do
		{
			fq_token *m = advance(p);
			long v;

			if (m->kind != FQ_TOK_INTEGER)
				return syntax_error_at(p, m);
			if (t->nmods == 2)
				return error_at(p, m, FQ_ERR_SYNTAX_ERROR, "too many type modifiers");
			errno = 0;
			v = strtol(m->text, NULL, 10);
			if (errno != 0 || v > INT32_MAX)
				return error_at(p, m, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, "type modifier is too large");
			t->mods[t->nmods++] = (int32_t) v;
		} while (accept_tok(p, FQ_TOK_COMMA));
		if (!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
	}
	if (!at->quoted && (strcmp(name, "time") == 0 || strcmp(name, "timestamp") == 0))
	{
		bool with = false;

		if (is_kw(p, FQ_KW_WITH) && tok_is_word(peek_at(p, 1), "time"))
		{
			with = true;
			p->pos++;
		}
		else if (is_word(p, "without"))
			p->pos++;
		else
			goto done;
		if (!expect_word(p, "time") || !expect_word(p, "zone"))
			return NULL;
		if (with)
			name = strcmp(name, "time") == 0 ? "time with time zone" : "timestamp with time zone";
	}
done:
	if (is_tok(p, FQ_TOK_LBRACKET))
		return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED, "array types are not supported");
	t->name = name;
	return t;
}

/* ---- FROM ---- */

/*
 * Words that may follow a select item or FROM item without AS and are not
 * aliases: Redshift's MINUS, and INTO (SELECT ... INTO, refused later).
 */
static bool
bare_alias_ok(const fq_token *t)
{
	static const char *const stop[] = {"minus", "into", NULL};

	if (t->kind != FQ_TOK_IDENT)
		return false;
	if (t->quoted)
		return true;
	for (int i = 0; stop[i]; i++)
		if (strcmp(t->text, stop[i]) == 0)
			return false;
	return true;
}

/* [AS] alias [(col, ...)] */
static bool
parse_alias(parser *p, const char **alias, fq_list **cols, bool required)
{
	bool as = accept_kw(p, FQ_KW_AS);

	if (as ? is_tok(p, FQ_TOK_IDENT) : bare_alias_ok(peek(p)))
	{
		*alias = advance(p)->text;
		if (cols != NULL && accept_tok(p, FQ_TOK_LPAREN))
		{
			do
			{
				const char *c = parse_ident(p);

				if (c == NULL || !append(p, cols, (void *) c))
					return false;
			} while (accept_tok(p, FQ_TOK_COMMA));
			if (!expect_tok(p, FQ_TOK_RPAREN))
				return false;
		}
		return true;
	}
	if (as || required)
	{
		syntax_error(p);
		return false;
	}
	return true;
}

/*
 * At "( (": is the outer parenthesis a joined table whose first item is a
 * parenthesized subquery — "((SELECT ...) s JOIN t ON ...)", which fedq's
 * own deparser writes — rather than a query in two pairs of parentheses?
 * It is when the inner group is followed by an alias or a join.
 */
static bool
parens_hold_join(parser *p)
{
	const fq_token *t = after_inner_parens(p);

	if (t == NULL)
		return false;
	if (t->kind == FQ_TOK_IDENT)
		return !tok_is_word(t, "minus"); /* Redshift's EXCEPT continues a query */
	if (t->kind == FQ_TOK_COMMA)
		return true;
	if (t->kind != FQ_TOK_KEYWORD)
		return false;
	switch (t->kw)
	{
		case FQ_KW_AS:
		case FQ_KW_JOIN:
		case FQ_KW_INNER:
		case FQ_KW_LEFT:
		case FQ_KW_RIGHT:
		case FQ_KW_FULL:
		case FQ_KW_CROSS:
		case FQ_KW_NATURAL:
			return true;
		default:
			return false;
	}
}

static fq_node *
parse_table_primary(parser *p)
{
	fq_token *at = peek(p);

	if (is_word(p, "lateral") && peek_at(p, 1)->kind == FQ_TOK_LPAREN)
	{
		/* LATERAL (subquery) alias */
		fq_raw_range_subselect *s = MAKE(p, fq_raw_range_subselect,
										 FQ_N_RAW_RANGE_SUBSELECT, at);

		advance(p);
		if (s == NULL)
			return NULL;
		if (!starts_query(p))
			return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"LATERAL is supported only before a subquery in parentheses");
		s->lateral = true;
		if ((s->query = parse_subquery_in_parens(p)) == NULL ||
			!parse_alias(p, &s->alias, &s->col_aliases, false))
			return NULL;
		return &s->n;
	}
	if (is_tok(p, FQ_TOK_LPAREN))
	{
		if (starts_query(p) && !parens_hold_join(p))
		{
			fq_raw_range_subselect *s = MAKE(p, fq_raw_range_subselect,
											 FQ_N_RAW_RANGE_SUBSELECT, at);

			if (s == NULL || (s->query = parse_subquery_in_parens(p)) == NULL)
				return NULL;
			if (!parse_alias(p, &s->alias, &s->col_aliases, false))
				return NULL;
			return &s->n;
		}
		else
		{
			fq_node *j;

			advance(p);
			if ((j = parse_table_ref(p)) == NULL || !expect_tok(p, FQ_TOK_RPAREN))
				return NULL;
			if (FQ_IS(j, FQ_N_RAW_JOIN) && !parse_alias(p, &((fq_raw_join *) j)->alias, NULL, false))
				return NULL;
			return j;
		}
	}
	if (is_tok(p, FQ_TOK_IDENT))
	{
		fq_raw_range_var *rv = MAKE(p, fq_raw_range_var, FQ_N_RAW_RANGE_VAR, at);
		const char *parts[3];
		int n = 0;
		fq_token *last;
		bool lateral = false;

		if (rv == NULL)
			return NULL;
		/* LATERAL before a function is a noise word, as in PostgreSQL: a
		 * function in FROM reads the items before it anyway */
		if (is_word(p, "lateral") && peek_at(p, 1)->kind == FQ_TOK_IDENT)
		{
			advance(p);
			lateral = true;
		}
		else if (is_word(p, "lateral"))
			return error_at(p, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"LATERAL is supported only before a subquery in parentheses or a "
							"function call");
		/* a VALUES list in FROM is in parentheses, as PostgreSQL's grammar says */
		if (is_word(p, "values") && peek_at(p, 1)->kind == FQ_TOK_LPAREN)
			return syntax_error_at(p, peek_at(p, 1));
		last = advance(p);
		parts[n++] = last->text;
		while (is_tok(p, FQ_TOK_DOT))
		{
			advance(p);
			if (n == 3)
				return error_at(p, at, FQ_ERR_SYNTAX_ERROR,
								"improper qualified name (too many dotted names)");
			if (!is_tok(p, FQ_TOK_IDENT))
				return syntax_error(p);
			last = advance(p);
			parts[n++] = last->text;
		}
		if (is_tok(p, FQ_TOK_LPAREN))
		{
			/* a function in FROM: name(args) */
			fq_raw_range_function *rf = MAKE(p, fq_raw_range_function, FQ_N_RAW_RANGE_FUNCTION, at);

			if (rf == NULL)
				return NULL;
			if (n == 3)
				return error_at(p, at, FQ_ERR_SYNTAX_ERROR,
								"improper qualified name (too many dotted names)");
			if ((rf->func = parse_func_call(p, n == 2 ? parts[0] : NULL, last)) == NULL)
				return NULL;
			if (is_kw(p, FQ_KW_WITH) && tok_is_word(peek_at(p, 1), "ordinality"))
				return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
								"WITH ORDINALITY is not supported");
			if (!parse_alias(p, &rf->alias, &rf->col_aliases, false))
				return NULL;
			return &rf->n;
		}
		if (lateral)
			return error_at(p, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"LATERAL is supported only before a subquery in parentheses or a "
							"function call");
		rv->name = parts[n - 1];
		if (n >= 2)
			rv->schema = parts[n - 2];
		if (n == 3)
			rv->catalog = parts[0];
		if (!parse_alias(p, &rv->alias, &rv->col_aliases, false))
			return NULL;
		return &rv->n;
	}
	return syntax_error(p);
}

static bool
join_ahead(parser *p, fq_join_type *type, bool *natural)
{
	int k = 0;

	*natural = false;
	if (peek_at(p, k)->kind == FQ_TOK_KEYWORD && peek_at(p, k)->kw == FQ_KW_NATURAL)
	{
		*natural = true;
		k++;
	}
	if (peek_at(p, k)->kind != FQ_TOK_KEYWORD)
		return false;
	switch (peek_at(p, k)->kw)
	{
		case FQ_KW_JOIN:
			*type = FQ_JOIN_INNER;
			break;
		case FQ_KW_INNER:
			*type = FQ_JOIN_INNER;
			k++;
			break;
		case FQ_KW_LEFT:
		case FQ_KW_RIGHT:
		case FQ_KW_FULL:
			*type = peek_at(p, k)->kw == FQ_KW_LEFT ? FQ_JOIN_LEFT
				: peek_at(p, k)->kw == FQ_KW_RIGHT ? FQ_JOIN_RIGHT : FQ_JOIN_FULL;
			k++;
			if (peek_at(p, k)->kind == FQ_TOK_KEYWORD && peek_at(p, k)->kw == FQ_KW_OUTER)
				k++;
			break;
		case FQ_KW_CROSS:
			*type = FQ_JOIN_CROSS;
			k++;
			break;
		default:
			return false;
	}
	if (peek_at(p, k)->kind != FQ_TOK_KEYWORD || peek_at(p, k)->kw != FQ_KW_JOIN)
		return false;
	p->pos += k + 1;
	return true;
}

static fq_node *
parse_table_ref(parser *p)
{
	fq_node *left;
	fq_join_type type;
	bool natural;

	if (!enter(p))
		return NULL;
	left = parse_table_primary(p);
	while (left != NULL)
	{
		fq_token *at = peek(p);
		fq_raw_join *j;

		if (!join_ahead(p, &type, &natural))
			break;
		j = MAKE(p, fq_raw_join, FQ_N_RAW_JOIN, at);
		if (j == NULL)
			return NULL;
		j->type = type;
		j->natural = natural;
		j->left = left;
		j->n.location = left->location;
		if ((j->right = parse_table_primary(p)) == NULL)
			return NULL;
		if (type != FQ_JOIN_CROSS && !natural)
		{
			if (accept_kw(p, FQ_KW_ON))
			{
				if ((j->quals = parse_expr(p)) == NULL)
					return NULL;
			}
			else if (accept_kw(p, FQ_KW_USING))
			{
				if (!expect_tok(p, FQ_TOK_LPAREN))
					return NULL;
				do
				{
					const char *c = parse_ident(p);

					if (c == NULL || !append(p, &j->using_cols, (void *) c))
						return NULL;
				} while (accept_tok(p, FQ_TOK_COMMA));
				if (!expect_tok(p, FQ_TOK_RPAREN))
					return NULL;
			}
			else
				return syntax_error(p);
		}
		left = &j->n;
	}
	leave(p);
	return left;
}

/* ---- SELECT ---- */

static fq_raw_target *
parse_target(parser *p)
{
	fq_token *at = peek(p);
	fq_raw_target *t = MAKE(p, fq_raw_target, FQ_N_RAW_TARGET, at);

	if (t == NULL)
		return NULL;
	if (is_op(p, "*"))
	{
		fq_raw_star *star = MAKE(p, fq_raw_star, FQ_N_RAW_STAR, at);

		advance(p);
		if (star == NULL)
			return NULL;
		t->expr = &star->n;
		return t;
	}
	if ((t->expr = parse_expr(p)) == NULL)
		return NULL;
	if (accept_kw(p, FQ_KW_AS))
	{
		/* Reserved words are allowed after AS, as in PostgreSQL. */
		if (is_tok(p, FQ_TOK_IDENT) || is_tok(p, FQ_TOK_KEYWORD))
			t->alias = advance(p)->text;
		else
			return syntax_error(p);
	}
	else if (bare_alias_ok(peek(p)))
		t->alias = advance(p)->text;
	return t;
}

/*
 * VALUES (a, b), (c, d) ...: a SELECT node holding the rows.  Every row
 * has as many expressions as the first (42601 at the first that has not,
 * as PostgreSQL); DEFAULT belongs to INSERT's VALUES only.
 */
static fq_node *
parse_values(parser *p)
{
	fq_token *at = advance(p);
	fq_select_stmt *s = MAKE(p, fq_select_stmt, FQ_N_STMT_SELECT, at);
	int width = -1;

	if (s == NULL)
		return NULL;
	do
	{
		fq_token *row_at = peek(p);
		fq_list *row = NULL;

		if (!expect_tok(p, FQ_TOK_LPAREN))
			return NULL;
		do
		{
			fq_node *e;

			if (is_word(p, "default") &&
				(peek_at(p, 1)->kind == FQ_TOK_COMMA || peek_at(p, 1)->kind == FQ_TOK_RPAREN))
				return error_at(p, peek(p), FQ_ERR_SYNTAX_ERROR,
								"DEFAULT is not allowed in this context");
			if ((e = parse_expr(p)) == NULL || !append(p, &row, e))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
		if (!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
		if (width < 0)
			width = fq_list_len(row);
		else if (fq_list_len(row) != width)
			return error_at(p, row_at + 1, FQ_ERR_SYNTAX_ERROR,
							"VALUES lists must all be the same length");
		if (!append(p, &s->values, row))
			return NULL;
	} while (accept_tok(p, FQ_TOK_COMMA));
	return &s->n;
}

static fq_node *
parse_select_core(parser *p)
{
	fq_token *at = peek(p);
	fq_select_stmt *s;

	if (is_tok(p, FQ_TOK_LPAREN))
	{
		fq_node *q;

		advance(p);
		if ((q = parse_select_stmt(p)) == NULL || !expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
		return q;
	}
	if (is_word(p, "values"))
		return parse_values(p);
	if (!expect_kw(p, FQ_KW_SELECT))
		return NULL;
	s = MAKE(p, fq_select_stmt, FQ_N_STMT_SELECT, at);
	if (s == NULL)
		return NULL;
	if (accept_kw(p, FQ_KW_DISTINCT))
	{
		if (accept_kw(p, FQ_KW_ON))
		{
			if (!expect_tok(p, FQ_TOK_LPAREN) || (s->distinct_on = parse_expr_list(p)) == NULL ||
				!expect_tok(p, FQ_TOK_RPAREN))
				return NULL;
		}
		else
			s->distinct = true;
	}
	else
		accept_kw(p, FQ_KW_ALL);
	/* Redshift's SELECT TOP n */
	if (is_word(p, "top") && peek_at(p, 1)->kind == FQ_TOK_INTEGER)
	{
		fq_token *n;

		advance(p);
		n = advance(p);
		if ((s->limit = make_const(p, n, FQ_CONST_INTEGER, n->text, n->len)) == NULL)
			return NULL;
		s->top = true;
	}
	do
	{
		fq_raw_target *t = parse_target(p);

		if (t == NULL || !append(p, &s->targets, t))
			return NULL;
	} while (accept_tok(p, FQ_TOK_COMMA));
	if (is_word(p, "into"))
	{
		fq_token *into = advance(p);

		if (!p->into_ok || p->depth != 1 || p->into != NULL)
			return error_at(p, into, FQ_ERR_SYNTAX_ERROR, "SELECT ... INTO is not allowed here");
		if (is_word(p, "temp") || is_word(p, "temporary") || is_word(p, "unlogged"))
			return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"SELECT ... INTO a temporary or unlogged table is not supported over "
							"external tables; use CREATE TABLE ... AS");
		accept_word(p, "table");
		if ((p->into = parse_qualified_name(p)) == NULL)
			return NULL;
	}
	if (accept_kw(p, FQ_KW_FROM))
	{
		do
		{
			fq_node *r = parse_table_ref(p);

			if (r == NULL || !append(p, &s->from, r))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
	}
	if (accept_kw(p, FQ_KW_WHERE) && (s->where = parse_expr(p)) == NULL)
		return NULL;
	if (accept_kw(p, FQ_KW_GROUP))
	{
		if (!expect_kw(p, FQ_KW_BY))
			return NULL;
		if (accept_kw(p, FQ_KW_DISTINCT))
			s->group_distinct = true;
		else
			accept_kw(p, FQ_KW_ALL);
		do
		{
			fq_node *g = parse_group_item(p);

			if (g == NULL || !append(p, &s->group_by, g))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
	}
	if (accept_kw(p, FQ_KW_HAVING) && (s->having = parse_expr(p)) == NULL)
		return NULL;
	if (accept_kw(p, FQ_KW_WINDOW))
	{
		/* WINDOW name AS (...), ... */
		do
		{
			fq_token *name = peek(p);
			fq_raw_window *w;

			if (name->kind != FQ_TOK_IDENT)
				return syntax_error(p);
			advance(p);
			if (!expect_kw(p, FQ_KW_AS))
				return NULL;
			if (!is_tok(p, FQ_TOK_LPAREN))
				return syntax_error(p);
			if ((w = parse_window(p)) == NULL)
				return NULL;
			w->name = name->text;
			w->n.location = name->start;
			if (!append(p, &s->windows, w))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
	}
	return &s->n;
}

/*
 * left op right as a set operation node.  A UNION [ALL] whose left input
 * is a plain chain of the same operation (no ORDER BY, LIMIT, OFFSET or
 * WITH of its own) takes right as one more input: the chain stays flat.
 */
static fq_node *
make_setop(parser *p, fq_token *at, fq_setop_kind kind, bool all, fq_node *left, fq_node *right)
{
	fq_setop_stmt *op;

	if (kind == FQ_SETOP_UNION && FQ_IS(left, FQ_N_STMT_SETOP))
	{
		op = (fq_setop_stmt *) left;
		if (op->op == kind && op->all == all && op->order_by == NULL && op->limit == NULL &&
			op->offset == NULL && op->with == NULL)
			return append(p, &op->inputs, right) ? left : NULL;
	}
	op = MAKE(p, fq_setop_stmt, FQ_N_STMT_SETOP, at);
	if (op == NULL || !append(p, &op->inputs, left) || !append(p, &op->inputs, right))
		return NULL;
	op->op = kind;
	op->all = all;
	op->n.location = left->location;
	return &op->n;
}

static fq_node *
parse_set_term(parser *p)
{
	fq_node *left = parse_select_core(p);

	while (left != NULL && is_kw(p, FQ_KW_INTERSECT))
	{
		fq_token *at = advance(p);
		bool all = accept_kw(p, FQ_KW_ALL);
		fq_node *right;

		if (!all)
			accept_kw(p, FQ_KW_DISTINCT);
		if ((right = parse_select_core(p)) == NULL)
			return NULL;
		left = make_setop(p, at, FQ_SETOP_INTERSECT, all, left, right);
	}
	return left;
}

static fq_node *
parse_set_expr(parser *p)
{
	fq_node *left = parse_set_term(p);

	while (left != NULL && (is_kw(p, FQ_KW_UNION) || is_kw(p, FQ_KW_EXCEPT) || is_word(p, "minus")))
	{
		fq_token *at = advance(p);
		fq_setop_kind kind = at->kind == FQ_TOK_KEYWORD && at->kw == FQ_KW_UNION ? FQ_SETOP_UNION
																				 : FQ_SETOP_EXCEPT;
		bool all = accept_kw(p, FQ_KW_ALL);
		fq_node *right;

		if (!all)
			accept_kw(p, FQ_KW_DISTINCT);
		if ((right = parse_set_term(p)) == NULL)
			return NULL;
		left = make_setop(p, at, kind, all, left, right);
	}
	return left;
}

static fq_node *
parse_count_expr(parser *p)
{
	return parse_add(p);
}

/*
 * [WITH ...] set_expr [ORDER BY ...] [LIMIT n|ALL] [OFFSET n [ROWS]]
 * [FETCH FIRST n ROWS ONLY]
 */
static fq_node *
parse_select_body(parser *p)
{
	fq_list *with = NULL;
	fq_list *order_by = NULL;
	fq_node *limit = NULL;
	fq_node *offset = NULL;
	fq_node *q;
	fq_token *clause_at = NULL;

	if (!enter(p))
		return NULL;
	if (accept_kw(p, FQ_KW_WITH))
	{
		bool recursive = accept_word(p, "recursive");

		do
		{
			fq_raw_cte *cte = MAKE(p, fq_raw_cte, FQ_N_RAW_CTE, peek(p));

			if (cte == NULL || (cte->name = parse_ident(p)) == NULL)
				return NULL;
			cte->recursive = recursive;
			if (accept_tok(p, FQ_TOK_LPAREN))
			{
				do
				{
					const char *c = parse_ident(p);

					if (c == NULL || !append(p, &cte->col_names, (void *) c))
						return NULL;
				} while (accept_tok(p, FQ_TOK_COMMA));
				if (!expect_tok(p, FQ_TOK_RPAREN))
					return NULL;
			}
			if (!expect_kw(p, FQ_KW_AS))
				return NULL;
			/* AS [NOT] MATERIALIZED (PostgreSQL 12) */
			if (is_kw(p, FQ_KW_NOT) && tok_is_word(peek_at(p, 1), "materialized"))
			{
				advance(p);
				advance(p);
				cte->materialized = -1;
			}
			else if (accept_word(p, "materialized"))
				cte->materialized = 1;
			if ((cte->query = parse_subquery_in_parens(p)) == NULL ||
				!append(p, &with, cte))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
	}
	if ((q = parse_set_expr(p)) == NULL)
		return NULL;
	if (is_kw(p, FQ_KW_ORDER))
	{
		clause_at = advance(p);
		if (!expect_kw(p, FQ_KW_BY) || !parse_sort_list(p, &order_by))
			return NULL;
	}
	for (;;)
	{
		if (is_kw(p, FQ_KW_LIMIT))
		{
			clause_at = advance(p);
			if (limit != NULL)
				return error_at(p, clause_at, FQ_ERR_SYNTAX_ERROR,
								"multiple LIMIT clauses not allowed");
			if (accept_kw(p, FQ_KW_ALL))
				continue;
			if ((limit = parse_count_expr(p)) == NULL)
				return NULL;
			if (is_tok(p, FQ_TOK_COMMA))
				return error_at(p, peek(p), FQ_ERR_SYNTAX_ERROR,
								"LIMIT #,# syntax is not supported; use separate LIMIT and OFFSET clauses");
		}
		else if (is_kw(p, FQ_KW_OFFSET))
		{
			clause_at = advance(p);
			if (offset != NULL)
				return error_at(p, clause_at, FQ_ERR_SYNTAX_ERROR,
								"multiple OFFSET clauses not allowed");
			if ((offset = parse_count_expr(p)) == NULL)
				return NULL;
			if (!accept_word(p, "rows"))
				accept_word(p, "row");
		}
		else if (is_kw(p, FQ_KW_FETCH))
		{
			clause_at = advance(p);
			if (limit != NULL)
				return error_at(p, clause_at, FQ_ERR_SYNTAX_ERROR,
								"multiple LIMIT clauses not allowed");
			if (!accept_word(p, "first") && !expect_word(p, "next"))
				return NULL;
			if (is_word(p, "row") || is_word(p, "rows"))
			{
				if ((limit = make_const(p, clause_at, FQ_CONST_INTEGER, "1", 1)) == NULL)
					return NULL;
			}
			else if ((limit = parse_count_expr(p)) == NULL)
				return NULL;
			if (!accept_word(p, "rows") && !expect_word(p, "row"))
				return NULL;
			if (!expect_word(p, "only"))
				return NULL;
		}
		else
			break;
	}
	if (order_by != NULL || limit != NULL || offset != NULL || with != NULL)
	{
		fq_list **q_order;
		fq_node **q_limit;
		fq_node **q_offset;
		fq_list **q_with;

		if (FQ_IS(q, FQ_N_STMT_SELECT))
		{
			fq_select_stmt *s = (fq_select_stmt *) q;

			q_order = &s->order_by;
			q_limit = &s->limit;
			q_offset = &s->offset;
			q_with = &s->with;
		}
		else
		{
			fq_setop_stmt *s = (fq_setop_stmt *) q;

			q_order = &s->order_by;
			q_limit = &s->limit;
			q_offset = &s->offset;
			q_with = &s->with;
		}
		if (limit != NULL && FQ_IS(q, FQ_N_STMT_SELECT) && ((fq_select_stmt *) q)->top)
			return error_at(p, clause_at ? clause_at : peek(p), FQ_ERR_SYNTAX_ERROR,
							"TOP and LIMIT (or FETCH FIRST) cannot be used together");
		if ((order_by && *q_order) || (limit && *q_limit) || (offset && *q_offset) ||
			(with && *q_with))
			return error_at(p, clause_at ? clause_at : peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
							"a parenthesized query with its own ORDER BY, LIMIT, OFFSET or "
							"WITH cannot take another one; wrap it in a subquery in FROM");
		if (order_by)
			*q_order = order_by;
		if (limit)
			*q_limit = limit;
		if (offset)
			*q_offset = offset;
		if (with)
			*q_with = with;
	}
	leave(p);
	return q;
}

/* ---- fedq's own statements ---- */

/*
 * CREATE EXTERNAL SCHEMA [IF NOT EXISTS] name FROM POSTGRES
 *   DATABASE 'db' [SCHEMA 'schema'] URI 'host' [PORT n]
 *   [IAM_ROLE { default | 'arn[,arn...]' }] [SECRET_ARN 'arn' | 'file:...']
 *   [SSLMODE 'mode'] [SSLROOTCERT 'path'] [SSLCERT 'path'] [SSLKEY 'path']
 * Clauses may come in any order, each once.  The SSL clauses are fedq's
 * own (Redshift has none); their values are checked when the statement
 * runs (stmt.c), as the ARNs are.
 */
static fq_node *
parse_create_external_schema(parser *p)
{
	fq_token *at = peek(p);
	fq_create_ext_schema_stmt *s = MAKE(p, fq_create_ext_schema_stmt,
										FQ_N_STMT_CREATE_EXT_SCHEMA, at);
	bool seen_port = false;

	if (s == NULL)
		return NULL;
	p->pos += 3; /* CREATE EXTERNAL SCHEMA */
	if (is_word(p, "if"))
	{
		advance(p);
		if (!expect_kw(p, FQ_KW_NOT) || !expect_kw(p, FQ_KW_EXISTS))
			return NULL;
		s->if_not_exists = true;
	}
	if ((s->name = parse_ident(p)) == NULL)
		return NULL;
	if (!accept_kw(p, FQ_KW_FROM))
		return error_at(p, peek(p), FQ_ERR_FEATURE_NOT_SUPPORTED,
						"external schemas FROM DATA CATALOG (the default) are not supported; "
						"write FROM POSTGRES");
	if (!is_word(p, "postgres"))
	{
		fq_token *kind = peek(p);

		if (kind->kind == FQ_TOK_IDENT)
		{
			if (!p->failed)
			{
				p->failed = true;
				fq_raise(p->d, FQ_ERR_FEATURE_NOT_SUPPORTED, position_of(p, kind),
						 "external schemas FROM %.*s are not supported; fedq supports FROM POSTGRES",
						 kind->end - kind->start, p->sql + kind->start);
			}
			return NULL;
		}
		return syntax_error(p);
	}
	advance(p);
	s->port = 5432;
	for (;;)
	{
		fq_token *clause = peek(p);
		const char **slot;

		if (is_word(p, "database"))
			slot = &s->database;
		else if (is_word(p, "schema"))
			slot = &s->schema;
		else if (is_word(p, "uri"))
			slot = &s->uri;
		else if (is_word(p, "secret_arn"))
			slot = &s->secret_arn;
		else if (is_word(p, "iam_role"))
			slot = &s->iam_role;
		else if (is_word(p, "sslmode"))
			slot = &s->sslmode;
		else if (is_word(p, "sslrootcert"))
			slot = &s->sslrootcert;
		else if (is_word(p, "sslcert"))
			slot = &s->sslcert;
		else if (is_word(p, "sslkey"))
			slot = &s->sslkey;
		else if (is_word(p, "port"))
		{
			fq_token *n;
			long v;

			advance(p);
			if (seen_port)
				return error_at(p, clause, FQ_ERR_SYNTAX_ERROR,
								"conflicting or redundant options: PORT");
			seen_port = true;
			n = advance(p);
			if (n->kind != FQ_TOK_INTEGER)
				return syntax_error_at(p, n);
			v = strtol(n->text, NULL, 10);
			if (n->len > 5 || v < 1 || v > 65535)
				return error_at(p, n, FQ_ERR_INVALID_PARAMETER_VALUE,
								"PORT must be between 1 and 65535");
			s->port = (int) v;
			continue;
		}
		else if (is_word(p, "authentication") || is_word(p, "catalog_role") ||
				 is_word(p, "create"))
		{
			if (!p->failed)
			{
				p->failed = true;
				fq_raise(p->d, FQ_ERR_FEATURE_NOT_SUPPORTED, position_of(p, clause),
						 "the %s clause is not supported for FROM POSTGRES", clause->text);
			}
			return NULL;
		}
		else
			break;
		advance(p);
		if (*slot != NULL)
		{
			if (!p->failed)
			{
				p->failed = true;
				fq_raise(p->d, FQ_ERR_SYNTAX_ERROR, position_of(p, clause),
						 "conflicting or redundant options: %s", clause->text);
			}
			return NULL;
		}
		if (slot == &s->iam_role && accept_word(p, "default"))
			s->iam_role = "default";
		else if ((*slot = parse_string(p)) == NULL)
			return NULL;
	}
	if (s->schema == NULL)
		s->schema = "public";
	if (s->database == NULL)
		return error_at(p, peek(p), FQ_ERR_SYNTAX_ERROR,
						"CREATE EXTERNAL SCHEMA ... FROM POSTGRES needs a DATABASE clause");
	if (s->uri == NULL)
		return error_at(p, peek(p), FQ_ERR_SYNTAX_ERROR,
						"CREATE EXTERNAL SCHEMA ... FROM POSTGRES needs a URI clause");
	return &s->n;
}

/* DROP SCHEMA [IF EXISTS] name [, ...] [CASCADE | RESTRICT] */
static fq_node *
parse_drop_schema(parser *p)
{
	fq_token *at = peek(p);
	fq_drop_schema_stmt *s = MAKE(p, fq_drop_schema_stmt, FQ_N_STMT_DROP_SCHEMA, at);

	if (s == NULL)
		return NULL;
	p->pos += 2; /* DROP SCHEMA */
	if (is_word(p, "if"))
	{
		advance(p);
		if (!expect_kw(p, FQ_KW_EXISTS))
			return NULL;
		s->if_exists = true;
	}
	do
	{
		fq_raw_range_var *rv = MAKE(p, fq_raw_range_var, FQ_N_RAW_RANGE_VAR, peek(p));

		if (rv == NULL || (rv->name = parse_ident(p)) == NULL || !append(p, &s->names, rv))
			return NULL;
	} while (accept_tok(p, FQ_TOK_COMMA));
	if (accept_word(p, "cascade"))
		s->cascade = true;
	else
		accept_word(p, "restrict");
	return &s->n;
}

/* A possibly qualified name: [schema .] name (a catalog is refused). */
static fq_raw_range_var *
parse_qualified_name(parser *p)
{
	fq_token *at = peek(p);
	fq_raw_range_var *rv = MAKE(p, fq_raw_range_var, FQ_N_RAW_RANGE_VAR, at);
	const char *first;

	if (rv == NULL || (first = parse_ident(p)) == NULL)
		return NULL;
	rv->name = first;
	if (accept_tok(p, FQ_TOK_DOT))
	{
		rv->schema = first;
		if ((rv->name = parse_ident(p)) == NULL)
			return NULL;
		if (is_tok(p, FQ_TOK_DOT))
			return error_at(p, at, FQ_ERR_FEATURE_NOT_SUPPORTED,
							"a view name may be qualified by its schema only, not a database");
	}
	return rv;
}

/*
 * CREATE [OR REPLACE] VIEW name [(col [, ...])] AS query
 *   [WITH NO SCHEMA BINDING]
 * The query's text is kept as written: the view is parsed and bound again
 * at each use (late binding).
 */
static fq_node *
parse_create_view(parser *p)
{
	fq_create_view_stmt *s = MAKE(p, fq_create_view_stmt, FQ_N_STMT_CREATE_VIEW, peek(p));
	fq_token *first;
	fq_token *last;

	if (s == NULL)
		return NULL;
	advance(p); /* CREATE */
	if (accept_kw(p, FQ_KW_OR))
	{
		if (!expect_word(p, "replace"))
			return NULL;
		s->or_replace = true;
	}
	if (!expect_word(p, "view") || (s->view = parse_qualified_name(p)) == NULL)
		return NULL;
	if (accept_tok(p, FQ_TOK_LPAREN))
	{
		do
		{
			const char *c = parse_ident(p);

			if (c == NULL || !append(p, &s->cols, (void *) c))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
		if (!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
	}
	if (!expect_kw(p, FQ_KW_AS))
		return NULL;
	first = peek(p);
	if ((s->query = parse_select_stmt(p)) == NULL)
		return NULL;
	last = &p->toks[p->pos - 1];
	if (is_kw(p, FQ_KW_WITH))
	{
		advance(p);
		if (!expect_word(p, "no") || !expect_word(p, "schema") || !expect_word(p, "binding"))
			return NULL;
		s->no_schema_binding = true;
	}
	s->query_sql = fq_arena_strndup(p->a, p->sql + first->start, (size_t) (last->end - first->start));
	if (s->query_sql == NULL)
		return nomem(p);
	return &s->n;
}

/* DROP VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT] */
static fq_node *
parse_drop_view(parser *p)
{
	fq_drop_view_stmt *s = MAKE(p, fq_drop_view_stmt, FQ_N_STMT_DROP_VIEW, peek(p));

	if (s == NULL)
		return NULL;
	p->pos += 2; /* DROP VIEW */
	if (is_word(p, "if"))
	{
		advance(p);
		if (!expect_kw(p, FQ_KW_EXISTS))
			return NULL;
		s->if_exists = true;
	}
	do
	{
		fq_raw_range_var *rv = parse_qualified_name(p);

		if (rv == NULL || !append(p, &s->names, rv))
			return NULL;
	} while (accept_tok(p, FQ_TOK_COMMA));
	if (accept_word(p, "cascade"))
		s->cascade = true;
	else
		accept_word(p, "restrict");
	return &s->n;
}

/*
 * Looks past "name[.name] [(ident, ...)]" from token k: the token after
 * it, or NULL when the tokens are not that shape.
 */
static fq_token *
after_target(parser *p, int k)
{
	if (peek_at(p, k)->kind != FQ_TOK_IDENT)
		return NULL;
	k++;
	if (peek_at(p, k)->kind == FQ_TOK_DOT)
	{
		if (peek_at(p, k + 1)->kind != FQ_TOK_IDENT)
			return NULL;
		k += 2;
	}
	if (peek_at(p, k)->kind == FQ_TOK_LPAREN && peek_at(p, k + 1)->kind == FQ_TOK_IDENT)
	{
		k++;
		for (;;)
		{
			if (peek_at(p, k)->kind != FQ_TOK_IDENT)
				return NULL;
			k++;
			if (peek_at(p, k)->kind == FQ_TOK_RPAREN)
				break;
			if (peek_at(p, k)->kind != FQ_TOK_COMMA)
				return NULL;
			k++;
		}
		k++;
	}
	return peek_at(p, k);
}

/* A query starts at token t (SELECT, WITH, VALUES, or parentheses around
 * one). */
static bool
query_at(parser *p, const fq_token *t)
{
	int k = (int) (t - peek(p));

	while (peek_at(p, k)->kind == FQ_TOK_LPAREN)
		k++;
	return (peek_at(p, k)->kind == FQ_TOK_KEYWORD &&
			(peek_at(p, k)->kw == FQ_KW_SELECT || peek_at(p, k)->kw == FQ_KW_WITH)) ||
		tok_is_word(peek_at(p, k), "values");
}

/*
 * INSERT INTO name [(col [, ...])] query
 * CREATE TABLE name [(col [, ...])] AS query [WITH [NO] DATA]
 * Other INSERTs (DEFAULT VALUES, ON CONFLICT, RETURNING) and CREATE
 * TABLEs are the warehouse's (the caller sees them as foreign).
 */
static fq_node *
parse_insert(parser *p, bool create, bool matview)
{
	fq_insert_stmt *s = MAKE(p, fq_insert_stmt, FQ_N_STMT_INSERT, peek(p));

	if (s == NULL)
		return NULL;
	s->create = create;
	s->matview = matview;
	p->pos += matview ? 3 : 2; /* INSERT INTO | CREATE TABLE | CREATE MATERIALIZED VIEW */
	if ((s->target = parse_qualified_name(p)) == NULL)
		return NULL;
	if (is_tok(p, FQ_TOK_LPAREN) && peek_at(p, 1)->kind == FQ_TOK_IDENT)
	{
		advance(p);
		do
		{
			const char *c = parse_ident(p);

			if (c == NULL || !append(p, &s->cols, (void *) c))
				return NULL;
		} while (accept_tok(p, FQ_TOK_COMMA));
		if (!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
	}
	if (create && !expect_kw(p, FQ_KW_AS))
		return NULL;
	if ((s->query = parse_select_stmt(p)) == NULL)
		return NULL;
	if (create && is_kw(p, FQ_KW_WITH))
	{
		advance(p);
		if (accept_word(p, "no"))
			s->no_data = true;
		if (!expect_word(p, "data"))
			return NULL;
	}
	return &s->n;
}

static fq_node *parse_statement(parser *p, bool *foreign);

/* SELECT ... INTO t ...: CREATE TABLE t AS SELECT ... */
static fq_node *
parse_select_into(parser *p)
{
	fq_node *q;
	fq_insert_stmt *s;

	p->into_ok = true;
	q = parse_select_stmt(p);
	p->into_ok = false;
	if (q == NULL || p->into == NULL)
		return q;
	if ((s = MAKE(p, fq_insert_stmt, FQ_N_STMT_INSERT, NULL)) == NULL)
		return NULL;
	s->n.location = q->location;
	s->create = true;
	s->target = p->into;
	s->query = q;
	return &s->n;
}

/* EXPLAIN [ANALYZE] [VERBOSE] stmt | EXPLAIN (option [, ...]) stmt */
static fq_node *
parse_explain(parser *p, bool *foreign)
{
	fq_explain_stmt *e = MAKE(p, fq_explain_stmt, FQ_N_STMT_EXPLAIN, peek(p));

	if (e == NULL || !enter(p))
		return NULL;
	advance(p);
	if (accept_tok(p, FQ_TOK_LPAREN))
	{
		do
		{
			fq_token *opt = advance(p);
			bool on = true;

			if (opt->kind != FQ_TOK_IDENT)
				return syntax_error_at(p, opt);
			if (is_kw(p, FQ_KW_TRUE) || is_word(p, "on") || is_kw(p, FQ_KW_ON))
				advance(p);
			else if (is_kw(p, FQ_KW_FALSE) || is_word(p, "off"))
			{
				advance(p);
				on = false;
			}
			if (strcmp(opt->text, "analyze") == 0)
				e->analyze = on;
			else if (strcmp(opt->text, "verbose") == 0)
				e->verbose = on;
			else
			{
				/* COSTS, FORMAT ...: the warehouse's business */
				*foreign = true;
				return NULL;
			}
		} while (accept_tok(p, FQ_TOK_COMMA));
		if (!expect_tok(p, FQ_TOK_RPAREN))
			return NULL;
	}
	else
	{
		if (accept_word(p, "analyze") || accept_word(p, "analyse"))
			e->analyze = true;
		if (accept_word(p, "verbose"))
			e->verbose = true;
	}
	if ((e->stmt = parse_statement(p, foreign)) == NULL)
		return NULL;
	leave(p);
	if (!FQ_IS(e->stmt, FQ_N_STMT_SELECT) && !FQ_IS(e->stmt, FQ_N_STMT_SETOP) &&
		!(FQ_IS(e->stmt, FQ_N_STMT_INSERT) && !((fq_insert_stmt *) e->stmt)->matview))
	{
		*foreign = true;
		return NULL;
	}
	return &e->n;
}

static fq_node *
parse_statement(parser *p, bool *foreign)
{
	fq_token *t = peek(p);

	if (t->kind == FQ_TOK_KEYWORD && (t->kw == FQ_KW_SELECT || t->kw == FQ_KW_WITH))
		return parse_select_into(p);
	if ((t->kind == FQ_TOK_LPAREN && starts_query(p)) || tok_is_word(t, "values"))
		return parse_select_into(p);
	if (t->kind == FQ_TOK_KEYWORD && t->kw == FQ_KW_CREATE && tok_is_word(peek_at(p, 1), "external") &&
		tok_is_word(peek_at(p, 2), "schema"))
		return parse_create_external_schema(p);
	if (tok_is_word(t, "drop") && tok_is_word(peek_at(p, 1), "schema"))
		return parse_drop_schema(p);
	if (t->kind == FQ_TOK_KEYWORD && t->kw == FQ_KW_CREATE &&
		(tok_is_word(peek_at(p, 1), "view") ||
		 (peek_at(p, 1)->kind == FQ_TOK_KEYWORD && peek_at(p, 1)->kw == FQ_KW_OR &&
		  tok_is_word(peek_at(p, 2), "replace") && tok_is_word(peek_at(p, 3), "view"))))
		return parse_create_view(p);
	if (tok_is_word(t, "drop") && tok_is_word(peek_at(p, 1), "view"))
		return parse_drop_view(p);
	if (tok_is_word(t, "insert") && tok_is_word(peek_at(p, 1), "into"))
	{
		fq_token *q = after_target(p, 2);

		if (q != NULL && query_at(p, q))
			return parse_insert(p, false, false);
	}
	if (t->kind == FQ_TOK_KEYWORD && t->kw == FQ_KW_CREATE && tok_is_word(peek_at(p, 1), "table"))
	{
		fq_token *as = after_target(p, 2);

		if (as != NULL && as->kind == FQ_TOK_KEYWORD && as->kw == FQ_KW_AS && query_at(p, as + 1))
			return parse_insert(p, true, false);
	}
	/* CREATE MATERIALIZED VIEW name [(cols)] AS query [WITH [NO] DATA] */
	if (t->kind == FQ_TOK_KEYWORD && t->kw == FQ_KW_CREATE &&
		tok_is_word(peek_at(p, 1), "materialized") && tok_is_word(peek_at(p, 2), "view"))
	{
		fq_token *as = after_target(p, 3);

		if (as != NULL && as->kind == FQ_TOK_KEYWORD && as->kw == FQ_KW_AS && query_at(p, as + 1))
			return parse_insert(p, true, true);
	}
	/* REFRESH MATERIALIZED VIEW name */
	if (tok_is_word(t, "refresh") && tok_is_word(peek_at(p, 1), "materialized") &&
		tok_is_word(peek_at(p, 2), "view") && peek_at(p, 3)->kind == FQ_TOK_IDENT &&
		(peek_at(p, 4)->kind == FQ_TOK_EOF || peek_at(p, 4)->kind == FQ_TOK_SEMICOLON ||
		 peek_at(p, 4)->kind == FQ_TOK_DOT))
	{
		fq_refresh_stmt *r = MAKE(p, fq_refresh_stmt, FQ_N_STMT_REFRESH_MATVIEW, t);

		if (r == NULL)
			return NULL;
		p->pos += 3;
		if ((r->view = parse_qualified_name(p)) == NULL)
			return NULL;
		return &r->n;
	}
	if (tok_is_word(t, "drop") && tok_is_word(peek_at(p, 1), "materialized") &&
		tok_is_word(peek_at(p, 2), "view"))
	{
		fq_drop_view_stmt *dv;

		p->pos++; /* DROP VIEW ... after it */
		dv = (fq_drop_view_stmt *) parse_drop_view(p);
		if (dv != NULL)
		{
			dv->materialized = true;
			dv->n.location = t->start;
		}
		return (fq_node *) dv;
	}
	if (tok_is_word(t, "explain"))
		return parse_explain(p, foreign);
	*foreign = true;
	return NULL;
}

static int parse(const char *sql, size_t len, fq_arena *a, fq_parse_result *out, fq_diags *d);

int
fq_parse(const char *sql, size_t len, fq_arena *a, fq_parse_result *out, fq_diags *d)
{
	fq_stack_mark mark;
	int rc;

	fq_stack_enter(&mark);
	rc = parse(sql, len, a, out, d);
	return fq_stack_leave(&mark, d, rc);
}

static int
parse(const char *sql, size_t len, fq_arena *a, fq_parse_result *out, fq_diags *d)
{
	parser p = {.sql = sql, .len = len, .a = a, .d = d};
	bool foreign = false;
	fq_node *stmt;

	memset(out, 0, sizeof(*out));
	if (fq_lex(sql, len, a, &p.toks, &p.ntok, d) < 0)
		return FQ_ERROR;
	out->tokens = p.toks;
	out->ntokens = p.ntok;
	while (accept_tok(&p, FQ_TOK_SEMICOLON))
		;
	if (is_tok(&p, FQ_TOK_EOF))
		return fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "the statement is empty");
	stmt = parse_statement(&p, &foreign);
	if (foreign && !p.failed)
	{
		out->foreign = true;
		return FQ_OK;
	}
	if (stmt == NULL)
	{
		if (!p.failed)
			syntax_error(&p);
		return FQ_ERROR;
	}
	while (accept_tok(&p, FQ_TOK_SEMICOLON))
		;
	if (!is_tok(&p, FQ_TOK_EOF))
	{
		/* A second statement, or junk after the first. */
		if (p.toks[p.pos - 1].kind == FQ_TOK_SEMICOLON)
			return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, position_of(&p, peek(&p)),
							"only one statement at a time is supported when fedq runs it");
		syntax_error(&p);
		return FQ_ERROR;
	}
	out->stmt = stmt;
	out->nparams = p.qmarks > p.max_dollar ? p.qmarks : p.max_dollar;
	return FQ_OK;
}
