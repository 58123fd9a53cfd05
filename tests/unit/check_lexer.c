/*
 * check_lexer.c — unit suite for engine/sql/lexer: how statement text
 * becomes tokens, following PostgreSQL's lexical rules.
 *
 * What it specifies:
 *   - identifiers fold to lower case (ASCII only) unless double-quoted;
 *     "" inside a quoted identifier is one quote; "" alone is an error;
 *   - reserved words (keywords.def) are KEYWORD tokens, every other word —
 *     DATE, SCHEMA, FIRST ... — an identifier;
 *   - numbers: integers, decimals, exponents, .5 and 1.; junk right after a
 *     number (1abc) is an error;
 *   - strings: '' escapes; E'' backslash escapes (\n \t \x41 \101 \u00e9
 *     \U0001F600 ...), invalid escapes and any NUL rejected; literals
 *     separated by whitespace containing a newline are one literal, by
 *     spaces only two; dollar quoting with and without a tag;
 *   - comments: -- to end of line, nested block comments, unterminated ones 42601
 *     with their position;
 *   - operators: longest match, except that a multi-character operator
 *     ends in + or - only if it holds one of ~ ! @ # % ^ & | `, so a<-1 is
 *     a < -1; != is <>; :: is the cast token;
 *   - parameters ? and $n; byte offsets for every token, and
 *     fq_char_position turning them into 1-based character positions.
 *
 * Tokens are compared as a compact description, one word per token:
 * id[x] qid[X] kw[x] int[1] num[1.5] str[x] param[?] param[$3] op[<>] and
 * punctuation as itself.  Bytes outside printable ASCII in str[] appear as
 * <0A>, except UTF-8 sequences, which appear as they are.
 */
#include "fq.h"
#include "core/arena.h"
#include "sql/lexer.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static fq_arena *arena;
static fq_diags *diags;
static fq_token *toks;
static int ntok;

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
lex_n(const char *sql, size_t len)
{
	toks = NULL;
	ntok = 0;
	fq_diags_clear(diags);
	return fq_lex(sql, len, arena, &toks, &ntok, diags);
}

static int
lex(const char *sql)
{
	return lex_n(sql, strlen(sql));
}

static const char *
first_message(void)
{
	const fq_diag *r = fq_diags_get(diags, 0);

	return r != NULL ? r->message : "(no diagnostic)";
}

static void
put_text(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < len && *n + 8 < cap; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 || c == 0x7F)
			*n += (size_t) snprintf(out + *n, cap - *n, "<%02X>", c);
		else
			out[(*n)++] = (char) c;
	}
	out[*n] = '\0';
}

/* The tokens before EOF as one line (see the header comment). */
static const char *
describe(void)
{
	static char out[4096];
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < ntok && toks[i].kind != FQ_TOK_EOF; i++)
	{
		const fq_token *t = &toks[i];
		const char *tag = NULL;

		if (n > 0)
			out[n++] = ' ';
		switch (t->kind)
		{
			case FQ_TOK_IDENT:
				tag = t->quoted ? "qid" : "id";
				break;
			case FQ_TOK_KEYWORD:
				tag = "kw";
				break;
			case FQ_TOK_INTEGER:
				tag = "int";
				break;
			case FQ_TOK_NUMBER:
				tag = "num";
				break;
			case FQ_TOK_STRING:
				tag = "str";
				break;
			case FQ_TOK_OP:
				tag = "op";
				break;
			case FQ_TOK_PARAM:
				if (t->param_no == 0)
					n += (size_t) snprintf(out + n, sizeof(out) - n, "param[?]");
				else
					n += (size_t) snprintf(out + n, sizeof(out) - n, "param[$%d]", t->param_no);
				continue;
			case FQ_TOK_LPAREN:
			case FQ_TOK_RPAREN:
			case FQ_TOK_COMMA:
			case FQ_TOK_SEMICOLON:
			case FQ_TOK_DOT:
			case FQ_TOK_LBRACKET:
			case FQ_TOK_RBRACKET:
			case FQ_TOK_CAST:
				n += (size_t) snprintf(out + n, sizeof(out) - n, "%s", t->text);
				continue;
			default:
				n += (size_t) snprintf(out + n, sizeof(out) - n, "?kind%d", (int) t->kind);
				continue;
		}
		n += (size_t) snprintf(out + n, sizeof(out) - n, "%s[", tag);
		put_text(out, sizeof(out), &n, t->text,
				 t->kind == FQ_TOK_STRING || t->kind == FQ_TOK_IDENT ? t->len : strlen(t->text));
		n += (size_t) snprintf(out + n, sizeof(out) - n, "]");
	}
	return out;
}

/* Token i's offsets as "start-end". */
static const char *
span(int i)
{
	static char out[32];

	snprintf(out, sizeof(out), "%d-%d", toks[i].start, toks[i].end);
	return out;
}

/* ------------------------------------------------------------------ */
/* Successful tokenization, table-driven                               */
/* ------------------------------------------------------------------ */

typedef struct lex_case
{
	const char *sql;
	const char *tokens;
} lex_case;

static const lex_case ident_cases[] = {
	{"SELECT Foo, \"Foo\"", "kw[select] id[foo] , qid[Foo]"},
	{"MixedCase _x1 a$b x9", "id[mixedcase] id[_x1] id[a$b] id[x9]"},
	{"\"a\"\"b\"", "qid[a\"b]"},
	{"\"\"\"\"", "qid[\"]"},
	{"\"my col\"", "qid[my col]"},
	{"\"select\"", "qid[select]"},     /* a quoted keyword is a name */
	{"ÄÖ café", "id[ÄÖ] id[café]"},   /* only ASCII folds */
	{"CAFÉ", "id[cafÉ]"},
	{"\"Ä\"", "qid[Ä]"},
	{"a.b.\"C\"", "id[a] . id[b] . qid[C]"},
	{"u&x", "id[u] op[&] id[x]"},
};

static const lex_case keyword_cases[] = {
	{"select SeLeCt FROM", "kw[select] kw[select] kw[from]"},
	/* non-reserved: recognised by the parser in context */
	{"date schema first position values explain drop",
	 "id[date] id[schema] id[first] id[position] id[values] id[explain] id[drop]"},
	/* near misses of reserved words */
	{"selects sel isnullx current_dates notnul", "id[selects] id[sel] id[isnullx] id[current_dates] id[notnul]"},
	{"is isnull not notnull null", "kw[is] kw[isnull] kw[not] kw[notnull] kw[null]"},
};

static const lex_case number_cases[] = {
	{"42", "int[42]"},
	{"007", "int[007]"},
	{"3.14", "num[3.14]"},
	{".5", "num[.5]"},
	{"1.", "num[1.]"},
	{"1e10", "num[1e10]"},
	{"1E+10", "num[1E+10]"},
	{"2.5e-3", "num[2.5e-3]"},
	{".5e2", "num[.5e2]"},
	{"1.e3", "num[1.e3]"},
	{"99999999999999999999999", "int[99999999999999999999999]"},
	{"1+2", "int[1] op[+] int[2]"},
	{"-1", "op[-] int[1]"},
	{"1.5.6", "num[1.5] num[.6]"},
	{"a.5", "id[a] num[.5]"},
	{"(1)", "( int[1] )"},
};

static const lex_case string_cases[] = {
	{"'abc'", "str[abc]"},
	{"''", "str[]"},
	{"'it''s'", "str[it's]"},
	{"''''", "str[']"},
	{"'a\\nb'", "str[a\\nb]"},          /* no escapes outside E'' */
	{"'café'", "str[café]"},
	{"N'abc'", "str[abc]"},
	{"n'x'", "str[x]"},
	/* E'' escapes */
	{"E'a\\nb\\tc'", "str[a<0A>b<09>c]"},
	{"e'\\b\\f\\r'", "str[<08><0C><0D>]"},
	{"E'\\x41\\101\\u00e9\\U0001F600'", "str[AAé😀]"},
	{"E'\\u20AC'", "str[€]"},
	{"E'\\''", "str[']"},
	{"E'\\\\'", "str[\\]"},
	{"E'\\q\\%'", "str[q%]"},           /* other characters stand for themselves */
	{"E'\\xZ'", "str[xZ]"},             /* \x without digits is x */
	{"E'\\x4'", "str[<04>]"},
	{"E'\\x414'", "str[A4]"},           /* at most two hex digits */
	{"E'\\1011'", "str[A1]"},           /* at most three octal digits */
	{"E'\\7'", "str[<07>]"},
	{"E'it''s'", "str[it's]"},
	/* adjacent literals: a newline between them makes one literal */
	{"'a'\n'b'", "str[ab]"},
	{"'a'  \n  'b'", "str[ab]"},
	{"'a'\r\n'b'", "str[ab]"},
	{"'a'\n'b'\n'c'", "str[abc]"},
	{"'a' -- comment\n'b'", "str[ab]"},
	{"'a'\n'b' 'c'", "str[ab] str[c]"},
	{"E'a'\n'\\t'", "str[a<09>]"},      /* the continuation keeps E'' rules */
	{"'a'\n'\\t'", "str[a\\t]"},
	/* ... spaces only make two */
	{"'a' 'b'", "str[a] str[b]"},
	{"'a'\t'b'", "str[a] str[b]"},
	{"'a''b'", "str[a'b]"},
	{"'a'\nx", "str[a] id[x]"},
	/* dollar quoting */
	{"$$it's$$", "str[it's]"},
	{"$$$$", "str[]"},
	{"$$a\\nb$$", "str[a\\nb]"},
	{"$tag$a$$b$tag$", "str[a$$b]"},
	{"$a$x$b$y$a$", "str[x$b$y]"},
	{"$_1$q$_1$", "str[q]"},
	{"$$a$$ $$b$$", "str[a] str[b]"},
	{"$$ -- not a comment $$", "str[ -- not a comment ]"},
};

static const lex_case comment_cases[] = {
	{"SELECT -- hi\n1", "kw[select] int[1]"},
	{"SELECT 1 -- to the end", "kw[select] int[1]"},
	{"--only a comment", ""},
	{"", ""},
	{"  \t\r\n\f ", ""},
	{"SELECT /* a /* nested */ still comment */ 1", "kw[select] int[1]"},
	{"1/*x*/2", "int[1] int[2]"},
	{"/**/x", "id[x]"},
	{"a/* * / */b", "id[a] id[b]"},
	{"'--not' \"/*not*/\"", "str[--not] qid[/*not*/]"},
};

static const lex_case operator_cases[] = {
	{"a<-1", "id[a] op[<] op[-] int[1]"},
	{"a<=b a>=b a<>b a=b", "id[a] op[<=] id[b] id[a] op[>=] id[b] id[a] op[<>] id[b] id[a] op[=] id[b]"},
	{"a!=b", "id[a] op[<>] id[b]"},
	{"a||b", "id[a] op[||] id[b]"},
	{"a~~b a!~~*b", "id[a] op[~~] id[b] id[a] op[!~~*] id[b]"},
	{"a+-b", "id[a] op[+] op[-] id[b]"},
	{"a*-1", "id[a] op[*] op[-] int[1]"},
	{"a=-1", "id[a] op[=] op[-] int[1]"},
	{"a@-b", "id[a] op[@-] id[b]"},      /* @ lets it end in - */
	{"a|-b", "id[a] op[|-] id[b]"},
	{"a-/*c*/b", "id[a] op[-] id[b]"},
	{"a--b\nc", "id[a] id[c]"},
	{"a+--b\nc", "id[a] op[+] id[c]"},
	{"a::int", "id[a] :: id[int]"},
	{"'1'::date", "str[1] :: id[date]"},
	{"a % b ^ c / d", "id[a] op[%] id[b] op[^] id[c] op[/] id[d]"},
	{"(a, b); x.y [1]", "( id[a] , id[b] ) ; id[x] . id[y] [ int[1] ]"},
	{"count(*)", "id[count] ( op[*] )"},
};

static const lex_case param_cases[] = {
	{"? $1 $3 $12", "param[?] param[$1] param[$3] param[$12]"},
	{"a=?", "id[a] op[=] param[?]"},
	{"$65535", "param[$65535]"},
	{"($1)", "( param[$1] )"},
};

START_TEST(test_idents)
{
	ck_assert_int_eq(lex(ident_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), ident_cases[_i].tokens);
}
END_TEST

START_TEST(test_keywords)
{
	ck_assert_int_eq(lex(keyword_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), keyword_cases[_i].tokens);
}
END_TEST

START_TEST(test_numbers)
{
	ck_assert_int_eq(lex(number_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), number_cases[_i].tokens);
}
END_TEST

START_TEST(test_strings)
{
	ck_assert_msg(lex(string_cases[_i].sql) == FQ_OK, "%s: %s", string_cases[_i].sql,
				  first_message());
	ck_assert_str_eq(describe(), string_cases[_i].tokens);
}
END_TEST

START_TEST(test_comments)
{
	ck_assert_int_eq(lex(comment_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), comment_cases[_i].tokens);
}
END_TEST

START_TEST(test_operators)
{
	ck_assert_int_eq(lex(operator_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), operator_cases[_i].tokens);
}
END_TEST

START_TEST(test_params)
{
	ck_assert_int_eq(lex(param_cases[_i].sql), FQ_OK);
	ck_assert_str_eq(describe(), param_cases[_i].tokens);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors, table-driven                                                */
/* ------------------------------------------------------------------ */

typedef struct err_case
{
	const char *sql;
	size_t len; /* 0: strlen */
	const char *sqlstate;
	int position; /* 1-based character */
	const char *message; /* a part of the message */
} err_case;

static const err_case error_cases[] = {
	/* identifiers */
	{"\"\"", 0, "42601", 1, "zero-length delimited identifier"},
	{"x \"\"", 0, "42601", 3, "zero-length delimited identifier"},
	{"\"abc", 0, "42601", 1, "unterminated quoted identifier"},
	{"a \"b\"\"", 0, "42601", 3, "unterminated quoted identifier"},
	/* numbers */
	{"1abc", 0, "42601", 1, "trailing junk after numeric literal"},
	{"SELECT 12x", 0, "42601", 8, "trailing junk"},
	{"1e", 0, "42601", 1, "trailing junk"},
	{"1.5e+", 0, "42601", 1, "trailing junk"},
	{"0x1F", 0, "42601", 1, "trailing junk"},
	{"1e5e", 0, "42601", 1, "trailing junk"},
	{"1_000", 0, "42601", 1, "trailing junk"},
	{"3.x", 0, "42601", 1, "trailing junk"},
	/* strings */
	{"'abc", 0, "42601", 1, "unterminated quoted string"},
	{"SELECT 'abc", 0, "42601", 8, "unterminated quoted string"},
	{"E'abc\\'", 0, "42601", 1, "unterminated quoted string"},
	{"E'abc\\", 0, "42601", 1, "unterminated quoted string"},
	{"'a'\n'b", 0, "42601", 1, "unterminated quoted string"},
	{"E'\\u12'", 0, "42601", 0, "invalid Unicode escape"},
	{"E'\\u12", 0, "42601", 0, "invalid Unicode escape"},
	{"E'\\U0001F60'", 0, "42601", 0, "invalid Unicode escape"},
	{"E'\\uD800'", 0, "42601", 0, "invalid Unicode escape value"},
	{"E'\\U00110000'", 0, "42601", 0, "invalid Unicode escape value"},
	{"E'\\u0000'", 0, "42601", 0, "invalid Unicode escape value"},
	{"E'\\0'", 0, "42601", 0, "invalid byte value 0"},
	{"E'\\x00'", 0, "42601", 0, "invalid byte value 0"},
	{"E'\\000'", 0, "42601", 0, "invalid byte value 0"},
	{"E'\\400'", 0, "42601", 0, "invalid byte value 0"},
	{"X'1F'", 0, "0A000", 1, "not supported"},
	{"b'101'", 0, "0A000", 1, "not supported"},
	{"U&'d\\0061t'", 0, "0A000", 1, "not supported"},
	/* NUL bytes are rejected wherever they are, also inside quotes */
	{"SELECT \0 1", 10, "42601", 8, "NUL"},
	{"'a\0b'", 5, "42601", 0, ""},
	{"E'a\0b'", 6, "42601", 0, ""},
	{"\"a\0b\"", 5, "42601", 0, ""},
	{"$$a\0b$$", 7, "42601", 0, ""},
	/* dollar quoting */
	{"$$abc", 0, "42601", 1, "unterminated dollar-quoted string"},
	{"x $tag$ abc $TAG$", 0, "42601", 3, "unterminated dollar-quoted string"},
	{"$a$ abc $a", 0, "42601", 1, "unterminated dollar-quoted string"},
	{"$x", 0, "42601", 1, "syntax error"},
	/* comments */
	{"SELECT /* unterminated", 0, "42601", 8, "unterminated /* comment"},
	{"/* a /* b */", 0, "42601", 1, "unterminated /* comment"},
	{"é /* x", 0, "42601", 3, "unterminated /* comment"},
	/* characters that start nothing */
	{"a : b", 0, "42601", 3, "unexpected character"},
	{"{", 0, "42601", 1, "unexpected character"},
	{"a \\ b", 0, "42601", 3, "unexpected character"},
	/* parameters */
	{"$0", 0, "42601", 1, "at least 1"},
	{"a = $65536", 0, "42601", 5, "too large"},
	{"$99999999999999999999", 0, "42601", 1, "too large"},
};

START_TEST(test_errors)
{
	const err_case *c = &error_cases[_i];
	const fq_diag *r;

	size_t len = c->len ? c->len : strlen(c->sql);

	if (lex_n(c->sql, len) != FQ_ERROR)
	{
		char shown[256];
		size_t n = 0;

		put_text(shown, sizeof(shown), &n, c->sql, len);
		ck_abort_msg("%s: accepted as %s", shown, describe());
	}
	ck_assert_int_eq(fq_diags_count(diags), 1);
	r = fq_diags_get(diags, 0);
	ck_assert_str_eq(r->sqlstate, c->sqlstate);
	ck_assert_msg(strstr(r->message, c->message) != NULL, "%s: message \"%s\"", c->sql,
				  r->message);
	if (c->position > 0)
		ck_assert_int_eq(r->position, c->position);
	else
		ck_assert_int_gt(r->position, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Single facts                                                        */
/* ------------------------------------------------------------------ */

/* Every reserved word is found, in any case, as its own keyword — which
 * also checks that keywords.def is sorted for the binary search. */
START_TEST(test_every_keyword)
{
	for (int kw = 1; kw < FQ_KW__COUNT; kw++)
	{
		char upper[64];
		const char *text = fq_keyword_text((fq_kw) kw);

		ck_assert_int_eq(lex(text), FQ_OK);
		ck_assert_int_eq(ntok, 2);
		ck_assert_msg(toks[0].kind == FQ_TOK_KEYWORD && toks[0].kw == (fq_kw) kw,
					  "\"%s\" is not keyword %d", text, kw);
		ck_assert_str_eq(toks[0].text, text);
		snprintf(upper, sizeof(upper), "%s", text);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char) (*p - 'a' + 'A');
		ck_assert_int_eq(lex(upper), FQ_OK);
		ck_assert_int_eq(toks[0].kw, (fq_kw) kw);
		/* sorted, as the binary search needs */
		if (kw > 1)
			ck_assert_msg(strcmp(fq_keyword_text((fq_kw) (kw - 1)), text) < 0,
						  "keywords.def is not sorted at \"%s\"", text);
	}
	ck_assert_str_eq(fq_keyword_text(FQ_KW_NONE), "");
	ck_assert_str_eq(fq_keyword_text(FQ_KW__COUNT), "?");
	ck_assert_int_eq(lex("\"select\""), FQ_OK);
	ck_assert_int_eq(toks[0].kw, FQ_KW_NONE);
}
END_TEST

/* Unquoted identifiers are not marked quoted; quoted ones keep their text
 * length even with doubled quotes. */
START_TEST(test_ident_fields)
{
	ck_assert_int_eq(lex("Abc \"X\"\"Y\""), FQ_OK);
	ck_assert(!toks[0].quoted);
	ck_assert_uint_eq(toks[0].len, 3);
	ck_assert(toks[1].quoted);
	ck_assert_str_eq(toks[1].text, "X\"Y");
	ck_assert_uint_eq(toks[1].len, 3);
	ck_assert_str_eq(span(1), "4-10");
}
END_TEST

/* The array always ends with EOF at the end of the text. */
START_TEST(test_eof_token)
{
	ck_assert_int_eq(lex(""), FQ_OK);
	ck_assert_int_eq(ntok, 1);
	ck_assert_int_eq(toks[0].kind, FQ_TOK_EOF);
	ck_assert_str_eq(span(0), "0-0");

	ck_assert_int_eq(lex("SELECT 1  "), FQ_OK);
	ck_assert_int_eq(ntok, 3);
	ck_assert_int_eq(toks[2].kind, FQ_TOK_EOF);
	ck_assert_str_eq(span(2), "10-10");

	/* only len bytes are read */
	ck_assert_int_eq(lex_n("SELECT 1; garbage '", 8), FQ_OK);
	ck_assert_str_eq(describe(), "kw[select] int[1]");
}
END_TEST

/* Many tokens: the array grows. */
START_TEST(test_many_tokens)
{
	size_t n = 5000;
	char *sql = malloc(n * 2 + 1);

	for (size_t i = 0; i < n; i++)
	{
		sql[2 * i] = 'x';
		sql[2 * i + 1] = ',';
	}
	sql[2 * n] = '\0';
	ck_assert_int_eq(lex(sql), FQ_OK);
	ck_assert_int_eq(ntok, (int) (2 * n + 1));
	ck_assert_int_eq(toks[2 * n - 2].kind, FQ_TOK_IDENT);
	ck_assert_int_eq(toks[2 * n - 2].start, (int) (2 * n - 2));
	ck_assert_int_eq(toks[2 * n - 1].kind, FQ_TOK_COMMA);
	free(sql);
}
END_TEST

/* Token offsets are bytes; fq_char_position counts characters. */
START_TEST(test_positions)
{
	const char *sql = "SELECT é, 'x''y' AS \"ü\" -- c\n FROM t";
	size_t len = strlen(sql);

	ck_assert_int_eq(lex(sql), FQ_OK);
	ck_assert_str_eq(describe(), "kw[select] id[é] , str[x'y] kw[as] qid[ü] kw[from] id[t]");
	ck_assert_str_eq(span(0), "0-6");
	ck_assert_str_eq(span(1), "7-9");   /* é is two bytes */
	ck_assert_str_eq(span(2), "9-10");
	ck_assert_str_eq(span(3), "11-17");
	ck_assert_str_eq(span(4), "18-20");
	ck_assert_str_eq(span(5), "21-25"); /* "ü" */
	ck_assert_str_eq(span(6), "32-36");
	ck_assert_str_eq(span(7), "37-38");
	ck_assert_str_eq(span(8), "38-38");

	ck_assert_int_eq(fq_char_position(sql, len, 0), 1);
	ck_assert_int_eq(fq_char_position(sql, len, 7), 8);
	ck_assert_int_eq(fq_char_position(sql, len, 9), 9);   /* after é: one character */
	ck_assert_int_eq(fq_char_position(sql, len, 11), 11);
	ck_assert_int_eq(fq_char_position(sql, len, 32), 31); /* é and ü saved two */
	ck_assert_int_eq(fq_char_position(sql, len, (int) len), (int) len - 1);
	ck_assert_int_eq(fq_char_position(sql, len, 1000), (int) len - 1);
	ck_assert_int_eq(fq_char_position(sql, len, -1), 0);
}
END_TEST

START_TEST(test_char_position_utf8_widths)
{
	const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"; /* a é € 😀 z */
	size_t len = strlen(s);

	ck_assert_int_eq(fq_char_position(s, len, 0), 1);
	ck_assert_int_eq(fq_char_position(s, len, 1), 2);
	ck_assert_int_eq(fq_char_position(s, len, 3), 3);
	ck_assert_int_eq(fq_char_position(s, len, 6), 4);
	ck_assert_int_eq(fq_char_position(s, len, 10), 5);
	ck_assert_int_eq(fq_char_position(s, len, 11), 6);
}
END_TEST

/* A continued literal spans all its parts. */
START_TEST(test_string_continuation_span)
{
	ck_assert_int_eq(lex("x 'a'\n  'b' y"), FQ_OK);
	ck_assert_str_eq(describe(), "id[x] str[ab] id[y]");
	ck_assert_str_eq(span(1), "2-11");
	ck_assert_uint_eq(toks[1].len, 2);
	ck_assert_str_eq(span(2), "12-13");
}
END_TEST

/* Parameter tokens carry their number; ? is 0. */
START_TEST(test_param_fields)
{
	ck_assert_int_eq(lex("$7 ?"), FQ_OK);
	ck_assert_int_eq(toks[0].kind, FQ_TOK_PARAM);
	ck_assert_int_eq(toks[0].param_no, 7);
	ck_assert_str_eq(span(0), "0-2");
	ck_assert_int_eq(toks[1].param_no, 0);
	ck_assert_str_eq(span(1), "3-4");
}
END_TEST

/* ------------------------------------------------------------------ */

static void
add_loop(TCase *tc, const TTest *test, size_t n)
{
	tcase_add_loop_test(tc, test, 0, (int) n);
}

static Suite *
lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc;

	tc = tcase_create("tokens");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_idents, N_ELEMS(ident_cases));
	add_loop(tc, test_keywords, N_ELEMS(keyword_cases));
	add_loop(tc, test_numbers, N_ELEMS(number_cases));
	add_loop(tc, test_strings, N_ELEMS(string_cases));
	add_loop(tc, test_comments, N_ELEMS(comment_cases));
	add_loop(tc, test_operators, N_ELEMS(operator_cases));
	add_loop(tc, test_params, N_ELEMS(param_cases));
	tcase_add_test(tc, test_every_keyword);
	tcase_add_test(tc, test_ident_fields);
	tcase_add_test(tc, test_eof_token);
	tcase_add_test(tc, test_many_tokens);
	tcase_add_test(tc, test_string_continuation_span);
	tcase_add_test(tc, test_param_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_loop(tc, test_errors, N_ELEMS(error_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("positions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_positions);
	tcase_add_test(tc, test_char_position_utf8_widths);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lexer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
