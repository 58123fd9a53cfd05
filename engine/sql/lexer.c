/*
 * lexer.c — PostgreSQL-compatible tokenizer.
 *
 * The whole statement is tokenized up front into an array so the parser can
 * look ahead freely.  Token texts are copied into the statement's arena:
 * identifiers folded to lower case unless quoted, string constants with
 * their escapes resolved.
 */
#include "sql/lexer.h"

#include "core/chars.h"
#include "core/diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const keyword_texts[] = {
	"",
#define FQ_KEYWORD(id, text) text,
#include "sql/keywords.def"
#undef FQ_KEYWORD
};

typedef struct lexer
{
	const char *sql;
	size_t len;
	size_t pos;
	fq_arena *arena;
	fq_diags *diags;
	fq_token *toks;
	int ntok;
	int cap;
} lexer;

const char *
fq_keyword_text(fq_kw kw)
{
	if ((unsigned) kw >= FQ_KW__COUNT)
		return "?";
	return keyword_texts[kw];
}

static fq_kw
keyword_lookup(const char *s)
{
	int lo = 1;
	int hi = FQ_KW__COUNT - 1;

	while (lo <= hi)
	{
		int mid = (lo + hi) / 2;
		int c = strcmp(s, keyword_texts[mid]);

		if (c == 0)
			return (fq_kw) mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return FQ_KW_NONE;
}

int
fq_char_position(const char *sql, size_t len, int byte_offset)
{
	int chars = 0;

	if (byte_offset < 0)
		return 0;
	for (size_t i = 0; i < len && i < (size_t) byte_offset; i++)
		if (((unsigned char) sql[i] & 0xC0) != 0x80)
			chars++;
	return chars + 1;
}

static int
lex_error(lexer *lx, size_t at, const char *msg)
{
	return fq_raise(lx->diags, FQ_ERR_SYNTAX_ERROR, fq_char_position(lx->sql, lx->len, (int) at),
					"%s at or near position %d", msg,
					fq_char_position(lx->sql, lx->len, (int) at));
}

static fq_token *
push(lexer *lx, fq_tok kind, size_t start, size_t end)
{
	fq_token *t;

	if (lx->ntok == lx->cap)
	{
		int cap = lx->cap ? lx->cap * 2 : 64;
		fq_token *toks = fq_arena_realloc(lx->arena, lx->toks, sizeof(fq_token) * (size_t) lx->cap,
										  sizeof(fq_token) * (size_t) cap);

		if (toks == NULL)
		{
			fq_raise_nomem(lx->diags, lx->arena);
			return NULL;
		}
		lx->toks = toks;
		lx->cap = cap;
	}
	t = &lx->toks[lx->ntok++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = (int) start;
	t->end = (int) end;
	return t;
}

static bool
set_text(lexer *lx, fq_token *t, const char *s, size_t n)
{
	char *copy = fq_arena_strndup(lx->arena, s, n);

	if (copy == NULL)
	{
		fq_raise_nomem(lx->diags, lx->arena);
		return false;
	}
	t->text = copy;
	t->len = n;
	return true;
}

static inline bool
ident_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static inline bool
ident_cont(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static inline bool
op_char(char c)
{
	return c != '\0' && strchr("+-*/<>=~!@#%^&|`", c) != NULL;
}

/* Skips blanks and comments; fails on an unterminated block comment. */
static int
skip_space(lexer *lx, bool *saw_newline)
{
	const char *s = lx->sql;

	for (;;)
	{
		if (lx->pos >= lx->len)
			return FQ_OK;
		if (isspace((unsigned char) s[lx->pos]))
		{
			if (s[lx->pos] == '\n' && saw_newline)
				*saw_newline = true;
			lx->pos++;
		}
		else if (s[lx->pos] == '-' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '-')
		{
			while (lx->pos < lx->len && s[lx->pos] != '\n')
				lx->pos++;
		}
		else if (s[lx->pos] == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '*')
		{
			size_t start = lx->pos;
			int depth = 0;

			while (lx->pos < lx->len)
			{
				if (s[lx->pos] == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '*')
				{
					depth++;
					lx->pos += 2;
				}
				else if (s[lx->pos] == '*' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '/')
				{
					lx->pos += 2;
					if (--depth == 0)
						break;
				}
				else
					lx->pos++;
			}
			if (depth != 0)
				return lex_error(lx, start, "unterminated /* comment");
		}
		else
			return FQ_OK;
	}
}

/* Appends the UTF-8 encoding of code point cp; false if cp is invalid. */
static bool
put_utf8(char *out, size_t *n, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	if (cp < 0x80)
		out[(*n)++] = (char) cp;
	else if (cp < 0x800)
	{
		out[(*n)++] = (char) (0xC0 | (cp >> 6));
		out[(*n)++] = (char) (0x80 | (cp & 0x3F));
	}
	else if (cp < 0x10000)
	{
		out[(*n)++] = (char) (0xE0 | (cp >> 12));
		out[(*n)++] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char) (0x80 | (cp & 0x3F));
	}
	else
	{
		out[(*n)++] = (char) (0xF0 | (cp >> 18));
		out[(*n)++] = (char) (0x80 | ((cp >> 12) & 0x3F));
		out[(*n)++] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char) (0x80 | (cp & 0x3F));
	}
	return true;
}

/*
 * Reads one '...' body starting after the opening quote into out (which has
 * room for the rest of the statement plus slack); `escapes` turns on E''
 * backslash processing.
 */
static int
read_quoted(lexer *lx, bool escapes, char *out, size_t *n, size_t start)
{
	const char *s = lx->sql;

	for (;;)
	{
		char c;

		if (lx->pos >= lx->len)
			return lex_error(lx, start, "unterminated quoted string");
		c = s[lx->pos++];
		if (c == '\0')
			return lex_error(lx, lx->pos - 1, "invalid NUL character in string");
		if (c == '\'')
		{
			if (lx->pos < lx->len && s[lx->pos] == '\'')
			{
				out[(*n)++] = '\'';
				lx->pos++;
				continue;
			}
			return FQ_OK;
		}
		if (c == '\\' && escapes)
		{
			unsigned long cp = 0;
			int digits;

			if (lx->pos >= lx->len)
				return lex_error(lx, start, "unterminated quoted string");
			c = s[lx->pos++];
			switch (c)
			{
				case 'b': out[(*n)++] = '\b'; break;
				case 'f': out[(*n)++] = '\f'; break;
				case 'n': out[(*n)++] = '\n'; break;
				case 'r': out[(*n)++] = '\r'; break;
				case 't': out[(*n)++] = '\t'; break;
				case 'x':
					digits = 0;
					while (digits < 2 && lx->pos < lx->len && fq_hex_digit(s[lx->pos]) >= 0)
						cp = cp * 16 + (unsigned long) fq_hex_digit(s[lx->pos++]), digits++;
					if (digits == 0)
						out[(*n)++] = 'x';
					else if (cp == 0)
						return lex_error(lx, lx->pos - 1, "invalid byte value 0 in string");
					else
						out[(*n)++] = (char) cp;
					break;
				case 'u':
				case 'U':
					{
						int want = c == 'u' ? 4 : 8;

						for (digits = 0; digits < want; digits++)
						{
							if (lx->pos >= lx->len || fq_hex_digit(s[lx->pos]) < 0)
								return lex_error(lx, lx->pos, "invalid Unicode escape");
							cp = cp * 16 + (unsigned long) fq_hex_digit(s[lx->pos++]);
						}
						if (!put_utf8(out, n, cp))
							return lex_error(lx, lx->pos - 1, "invalid Unicode escape value");
					}
					break;
				default:
					if (c >= '0' && c <= '7')
					{
						cp = (unsigned long) (c - '0');
						for (digits = 1; digits < 3 && lx->pos < lx->len &&
							 s[lx->pos] >= '0' && s[lx->pos] <= '7'; digits++)
							cp = cp * 8 + (unsigned long) (s[lx->pos++] - '0');
						if ((cp & 0xFF) == 0)
							return lex_error(lx, lx->pos - 1, "invalid byte value 0 in string");
						out[(*n)++] = (char) (cp & 0xFF);
					}
					else
						out[(*n)++] = c;
			}
			continue;
		}
		out[(*n)++] = c;
	}
}

/* A string constant, with SQL's rule that literals separated by a newline
 * are one literal. */
static int
lex_string(lexer *lx, size_t start, bool escapes)
{
	char *buf = fq_arena_alloc(lx->arena, lx->len - lx->pos + 8);
	size_t n = 0;
	fq_token *t;

	if (buf == NULL)
		return fq_raise_nomem(lx->diags, lx->arena);
	if (read_quoted(lx, escapes, buf, &n, start) < 0)
		return FQ_ERROR;
	for (;;)
	{
		size_t save = lx->pos;
		bool newline = false;

		if (skip_space(lx, &newline) < 0)
			return FQ_ERROR;
		if (newline && lx->pos < lx->len && lx->sql[lx->pos] == '\'')
		{
			lx->pos++;
			if (read_quoted(lx, escapes, buf, &n, start) < 0)
				return FQ_ERROR;
			continue;
		}
		lx->pos = save;
		break;
	}
	buf[n] = '\0';
	t = push(lx, FQ_TOK_STRING, start, lx->pos);
	if (t == NULL)
		return FQ_ERROR;
	t->text = buf;
	t->len = n;
	return FQ_OK;
}

static int
lex_dollar_string(lexer *lx, size_t start)
{
	const char *s = lx->sql;
	size_t tag_end = lx->pos + 1;
	size_t taglen;
	fq_token *t;

	while (tag_end < lx->len && s[tag_end] != '$' && ident_cont((unsigned char) s[tag_end]))
		tag_end++;
	if (tag_end >= lx->len || s[tag_end] != '$')
		return lex_error(lx, start, "syntax error");
	taglen = tag_end - lx->pos + 1; /* $tag$ */
	lx->pos = tag_end + 1;
	for (size_t i = lx->pos; i + taglen <= lx->len; i++)
	{
		if (s[i] == '\0')
			return lex_error(lx, i, "invalid NUL character in string");
		if (s[i] == '$' && memcmp(s + i, s + start, taglen) == 0)
		{
			t = push(lx, FQ_TOK_STRING, start, i + taglen);
			if (t == NULL || !set_text(lx, t, s + lx->pos, i - lx->pos))
				return FQ_ERROR;
			lx->pos = i + taglen;
			return FQ_OK;
		}
	}
	return lex_error(lx, start, "unterminated dollar-quoted string");
}

static int
lex_number(lexer *lx, size_t start)
{
	const char *s = lx->sql;
	bool is_int = true;
	fq_token *t;

	while (lx->pos < lx->len && isdigit((unsigned char) s[lx->pos]))
		lx->pos++;
	if (lx->pos < lx->len && s[lx->pos] == '.' &&
		!(lx->pos + 1 < lx->len && s[lx->pos + 1] == '.'))
	{
		is_int = false;
		lx->pos++;
		while (lx->pos < lx->len && isdigit((unsigned char) s[lx->pos]))
			lx->pos++;
	}
	if (lx->pos < lx->len && (s[lx->pos] == 'e' || s[lx->pos] == 'E'))
	{
		size_t p = lx->pos + 1;

		if (p < lx->len && (s[p] == '+' || s[p] == '-'))
			p++;
		if (p < lx->len && isdigit((unsigned char) s[p]))
		{
			is_int = false;
			while (p < lx->len && isdigit((unsigned char) s[p]))
				p++;
			lx->pos = p;
		}
	}
	if (lx->pos < lx->len && ident_start((unsigned char) s[lx->pos]))
		return lex_error(lx, start, "trailing junk after numeric literal");
	t = push(lx, is_int ? FQ_TOK_INTEGER : FQ_TOK_NUMBER, start, lx->pos);
	if (t == NULL || !set_text(lx, t, s + start, lx->pos - start))
		return FQ_ERROR;
	return FQ_OK;
}

static int
lex_ident(lexer *lx, size_t start)
{
	const char *s = lx->sql;
	fq_token *t;
	char *folded;
	size_t n;

	while (lx->pos < lx->len && ident_cont((unsigned char) s[lx->pos]))
		lx->pos++;
	n = lx->pos - start;
	t = push(lx, FQ_TOK_IDENT, start, lx->pos);
	if (t == NULL || !set_text(lx, t, s + start, n))
		return FQ_ERROR;
	folded = (char *) t->text;
	for (size_t i = 0; i < n; i++)
		if (folded[i] >= 'A' && folded[i] <= 'Z')
			folded[i] = (char) (folded[i] - 'A' + 'a');
	t->kw = keyword_lookup(folded);
	if (t->kw != FQ_KW_NONE)
		t->kind = FQ_TOK_KEYWORD;
	return FQ_OK;
}

static int
lex_quoted_ident(lexer *lx, size_t start)
{
	const char *s = lx->sql;
	char *buf = fq_arena_alloc(lx->arena, lx->len - lx->pos + 1);
	size_t n = 0;
	fq_token *t;

	if (buf == NULL)
		return fq_raise_nomem(lx->diags, lx->arena);
	lx->pos++; /* opening quote */
	for (;;)
	{
		if (lx->pos >= lx->len)
			return lex_error(lx, start, "unterminated quoted identifier");
		if (s[lx->pos] == '\0')
			return lex_error(lx, lx->pos, "invalid NUL character in identifier");
		if (s[lx->pos] == '"')
		{
			if (lx->pos + 1 < lx->len && s[lx->pos + 1] == '"')
			{
				buf[n++] = '"';
				lx->pos += 2;
				continue;
			}
			lx->pos++;
			break;
		}
		buf[n++] = s[lx->pos++];
	}
	if (n == 0)
		return lex_error(lx, start, "zero-length delimited identifier");
	buf[n] = '\0';
	t = push(lx, FQ_TOK_IDENT, start, lx->pos);
	if (t == NULL)
		return FQ_ERROR;
	t->text = buf;
	t->len = n;
	t->quoted = true;
	return FQ_OK;
}

static int
lex_operator(lexer *lx, size_t start)
{
	const char *s = lx->sql;
	size_t end = lx->pos;
	fq_token *t;

	while (end < lx->len && op_char(s[end]))
	{
		/* A comment starts here, not more operator. */
		if (end > lx->pos && end + 1 < lx->len &&
			((s[end] == '-' && s[end + 1] == '-') || (s[end] == '/' && s[end + 1] == '*')))
			break;
		end++;
	}
	/*
	 * As PostgreSQL: a multi-character operator may not end in + or -
	 * unless it contains one of ~ ! @ # % ^ & | `, so that "a<-1" reads as
	 * "a < -1".
	 */
	if (end - lx->pos > 1)
	{
		bool special = false;

		for (size_t i = lx->pos; i < end; i++)
			if (strchr("~!@#%^&|`", s[i]) != NULL)
				special = true;
		if (!special)
			while (end - lx->pos > 1 && (s[end - 1] == '+' || s[end - 1] == '-'))
				end--;
	}
	t = push(lx, FQ_TOK_OP, start, end);
	if (t == NULL || !set_text(lx, t, s + lx->pos, end - lx->pos))
		return FQ_ERROR;
	/* != is another spelling of <> */
	if (strcmp(t->text, "!=") == 0)
		t->text = "<>";
	lx->pos = end;
	return FQ_OK;
}

int
fq_lex(const char *sql, size_t len, fq_arena *a, fq_token **out, int *ntok, fq_diags *d)
{
	lexer lx = {.sql = sql, .len = len, .arena = a, .diags = d};

	for (;;)
	{
		size_t start;
		char c;
		fq_token *t;
		int rc = FQ_OK;

		if (skip_space(&lx, NULL) < 0)
			return FQ_ERROR;
		start = lx.pos;
		if (lx.pos >= len)
			break;
		c = sql[lx.pos];
		if (c == '\0')
			return lex_error(&lx, start, "invalid NUL character");
		if ((c == 'e' || c == 'E') && lx.pos + 1 < len && sql[lx.pos + 1] == '\'')
		{
			lx.pos += 2;
			rc = lex_string(&lx, start, true);
		}
		else if ((c == 'n' || c == 'N') && lx.pos + 1 < len && sql[lx.pos + 1] == '\'')
		{
			lx.pos += 2;
			rc = lex_string(&lx, start, false);
		}
		else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'u' || c == 'U') &&
				 lx.pos + 1 < len && (sql[lx.pos + 1] == '\'' || sql[lx.pos + 1] == '&'))
		{
			if (sql[lx.pos + 1] == '&' && (c == 'u' || c == 'U') && lx.pos + 2 < len &&
				(sql[lx.pos + 2] == '\'' || sql[lx.pos + 2] == '"'))
			{
				fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, fq_char_position(sql, len, (int) start),
						 "Unicode-escape literals and identifiers (U&'...') are not supported");
				return FQ_ERROR;
			}
			else if (sql[lx.pos + 1] == '&')
				rc = lex_ident(&lx, start);
			else
			{
				fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, fq_char_position(sql, len, (int) start),
						 "bit-string and Unicode-escape literals are not supported");
				return FQ_ERROR;
			}
		}
		else if (ident_start((unsigned char) c))
			rc = lex_ident(&lx, start);
		else if (isdigit((unsigned char) c) ||
				 (c == '.' && lx.pos + 1 < len && isdigit((unsigned char) sql[lx.pos + 1])))
			rc = lex_number(&lx, start);
		else if (c == '\'')
		{
			lx.pos++;
			rc = lex_string(&lx, start, false);
		}
		else if (c == '"')
			rc = lex_quoted_ident(&lx, start);
		else if (c == '$')
		{
			if (lx.pos + 1 < len && isdigit((unsigned char) sql[lx.pos + 1]))
			{
				long n = 0;

				lx.pos++;
				while (lx.pos < len && isdigit((unsigned char) sql[lx.pos]))
				{
					n = n * 10 + (sql[lx.pos++] - '0');
					if (n > 65535)
						return lex_error(&lx, start, "parameter number too large");
				}
				t = push(&lx, FQ_TOK_PARAM, start, lx.pos);
				if (t == NULL)
					return FQ_ERROR;
				t->param_no = (int) n;
				t->text = "$";
				if (n == 0)
					return lex_error(&lx, start, "parameter number must be at least 1");
			}
			else
				rc = lex_dollar_string(&lx, start);
		}
		else if (c == '?')
		{
			lx.pos++;
			t = push(&lx, FQ_TOK_PARAM, start, lx.pos);
			if (t == NULL)
				return FQ_ERROR;
			t->text = "?";
		}
		else if (c == ':' && lx.pos + 1 < len && sql[lx.pos + 1] == ':')
		{
			lx.pos += 2;
			t = push(&lx, FQ_TOK_CAST, start, lx.pos);
			if (t == NULL)
				return FQ_ERROR;
			t->text = "::";
		}
		else if (strchr("(),;.[]", c) != NULL)
		{
			static const fq_tok kinds[] = {FQ_TOK_LPAREN, FQ_TOK_RPAREN, FQ_TOK_COMMA,
										   FQ_TOK_SEMICOLON, FQ_TOK_DOT, FQ_TOK_LBRACKET,
										   FQ_TOK_RBRACKET};
			static const char *const texts[] = {"(", ")", ",", ";", ".", "[", "]"};
			int k = (int) (strchr("(),;.[]", c) - "(),;.[]");

			lx.pos++;
			t = push(&lx, kinds[k], start, lx.pos);
			if (t == NULL)
				return FQ_ERROR;
			t->text = texts[k];
			t->len = 1;
		}
		else if (op_char(c))
			rc = lex_operator(&lx, start);
		else
			return lex_error(&lx, start, "syntax error: unexpected character");
		if (rc < 0)
			return FQ_ERROR;
	}
	{
		fq_token *t = push(&lx, FQ_TOK_EOF, len, len);

		if (t == NULL)
			return FQ_ERROR;
		t->text = "end of input";
	}
	*out = lx.toks;
	*ntok = lx.ntok;
	return FQ_OK;
}
