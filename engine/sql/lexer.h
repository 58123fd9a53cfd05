/*
 * lexer.h — splits a statement into tokens (PostgreSQL's lexical rules).
 *
 * Unquoted identifiers are folded to lower case; quoted ones keep their
 * case.  String constants arrive unescaped ('' → ', E'\n' escapes,
 * dollar quoting).  Positions are byte offsets in the original text.
 */
#ifndef FQ_LEXER_H
#define FQ_LEXER_H

#include "fq.h"
#include "core/arena.h"

#include <stdbool.h>

typedef enum fq_tok
{
	FQ_TOK_EOF = 0,
	FQ_TOK_IDENT,    /* identifier or non-reserved keyword: see `quoted` */
	FQ_TOK_KEYWORD,  /* a reserved word: `kw` says which */
	FQ_TOK_INTEGER,  /* digits only */
	FQ_TOK_NUMBER,   /* digits with a point or an exponent */
	FQ_TOK_STRING,
	FQ_TOK_PARAM,    /* ? or $n */
	FQ_TOK_OP,       /* operator: + - * / % ^ < > = <= >= <> != || ~~ ... */
	FQ_TOK_LPAREN,
	FQ_TOK_RPAREN,
	FQ_TOK_COMMA,
	FQ_TOK_SEMICOLON,
	FQ_TOK_DOT,
	FQ_TOK_LBRACKET,
	FQ_TOK_RBRACKET,
	FQ_TOK_CAST      /* :: */
} fq_tok;

/* Reserved words: they cannot be used as names unless quoted. */
typedef enum fq_kw
{
	FQ_KW_NONE = 0,
#define FQ_KEYWORD(id, text) FQ_KW_##id,
#include "sql/keywords.def"
#undef FQ_KEYWORD
	FQ_KW__COUNT
} fq_kw;

typedef struct fq_token
{
	fq_tok kind;
	fq_kw kw;
	const char *text; /* NUL-terminated; identifiers folded, strings unescaped */
	size_t len;       /* bytes in text (strings may hold NULs? never: rejected) */
	int start;        /* byte offset of the first character */
	int end;          /* byte offset just past the token */
	bool quoted;      /* a "quoted identifier" */
	int param_no;     /* $n: n; ?: 0 */
} fq_token;

/*
 * Tokenizes sql[0..len).  The array ends with an FQ_TOK_EOF token.
 * Errors (unterminated string or comment, bad character) raise 42601 with
 * the position.
 */
int fq_lex(const char *sql, size_t len, fq_arena *a, fq_token **out, int *ntok,
		   fq_diags *d);

/* 1-based character (not byte) position of a byte offset, for messages. */
int fq_char_position(const char *sql, size_t len, int byte_offset);

const char *fq_keyword_text(fq_kw kw);

#endif
