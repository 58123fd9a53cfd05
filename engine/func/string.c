/*
 * string.c — the string functions (func.h), as PostgreSQL 15 computes them
 * in a UTF-8 database: lengths and positions count characters, lower() and
 * upper() map every Unicode letter (core/casemap.c).  A CHAR(n) argument
 * keeps its padding only where PostgreSQL has a bpchar signature (length
 * ignores trailing blanks, octet_length counts them); elsewhere it becomes
 * text, without them.
 */
#include "func/func.h"
#include "func/support.h"

#include "core/chars.h"
#include "core/strbuf.h"
#include "plan/expr.h"
#include "types/types.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FN(...) {.family = FQ_FAMILY_STRING, __VA_ARGS__}

static int
casemap(fq_fn_ctx *x, const fq_value *in, fq_value *res, bool upper)
{
	size_t n = fq_utf8_casemap(in->v.s.ptr, in->v.s.len, upper, NULL);
	char *p = fq_arena_alloc(x->a, n ? n : 1);

	if (p == NULL)
		return fq_fn_nomem(x);
	fq_utf8_casemap(in->v.s.ptr, in->v.s.len, upper, p);
	res->v.s.ptr = p;
	res->v.s.len = (uint32_t) n;
	return FQ_OK;
}

static int
fn_lower(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	return casemap(x, &args[0], res, false);
}

static int
fn_upper(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	return casemap(x, &args[0], res, true);
}

/* Characters; of a CHAR(n) without its trailing blanks (bpcharlen); of
 * bytea, bytes. */
static int
fn_length(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	size_t n = s->len;

	(void) x;
	(void) f;
	if (args[0].type.id == FQ_T_BYTEA)
	{
		res->v.i = (int64_t) n;
		return FQ_OK;
	}
	if (args[0].type.id == FQ_T_CHAR)
		while (n > 0 && s->ptr[n - 1] == ' ')
			n--;
	res->v.i = fq_utf8_count(s->ptr, n);
	return FQ_OK;
}

static int
fn_octet_length(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	res->v.i = args[0].v.s.len;
	return FQ_OK;
}

/* substring(s, from [, count]): characters (bytes of bytea) numbered from
 * 1; a start before 1 shortens what a count takes. */
static int
fn_substring(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const char *s = args[0].v.s.ptr;
	size_t n = args[0].v.s.len;
	bool bytes = args[0].type.id == FQ_T_BYTEA;
	int64_t from = args[1].v.i;
	int64_t endc;
	size_t b;
	size_t e;

	if (f->nargs == 3)
	{
		if (args[2].v.i < 0)
			return fq_raise(x->d, FQ_ERR_SUBSTRING_ERROR, 0, "negative substring length not allowed");
		endc = from + args[2].v.i;
	}
	else
		endc = INT64_MAX;
	if (from < 1)
		from = 1;
	if (endc <= from)
	{
		res->v.s.ptr = s;
		res->v.s.len = 0;
		return FQ_OK;
	}
	if (bytes)
	{
		b = (uint64_t) (from - 1) < n ? (size_t) (from - 1) : n;
		e = endc == INT64_MAX || (uint64_t) (endc - 1) >= n ? n : (size_t) (endc - 1);
	}
	else
	{
		b = fq_utf8_offset(s, n, from - 1);
		e = endc == INT64_MAX ? n : fq_utf8_offset(s, n, endc - 1);
	}
	res->v.s.ptr = s + b;
	res->v.s.len = (uint32_t) (e > b ? e - b : 0);
	return FQ_OK;
}

/* substring(s, pattern) is PostgreSQL's POSIX regular expression match. */
static int
check_substring(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	(void) a;
	if (f->sig->args[1] == FQ_T_VARCHAR)
		return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						"substring(text, pattern) with a regular expression is not supported yet");
	return FQ_OK;
}

/* strpos(haystack, needle): the character position of the first match,
 * 1 for an empty needle, 0 for none. */
static int
fn_strpos(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *h = &args[0].v.s;
	const fq_string *nd = &args[1].v.s;
	const char *hit;

	(void) x;
	if (nd->len == 0)
	{
		res->v.i = 1;
		return FQ_OK;
	}
	hit = h->len >= nd->len ? memmem(h->ptr, h->len, nd->ptr, nd->len) : NULL;
	/* bytea counts bytes, text characters */
	res->v.i = hit == NULL ? 0
		: f->args[0]->type.id == FQ_T_BYTEA ? (hit - h->ptr) + 1
		: fq_utf8_count(h->ptr, (size_t) (hit - h->ptr)) + 1;
	return FQ_OK;
}

static bool
in_set(const char *set, size_t setlen, const char *c, size_t clen)
{
	for (size_t i = 0; i < setlen;)
	{
		size_t l = fq_utf8_seq_len((unsigned char) set[i]);

		if (l == clen && memcmp(set + i, c, clen) == 0)
			return true;
		i += l;
	}
	return false;
}

/* Strips the characters of the set (a blank by default) from the start
 * (left), the end (right) or both. */
static int
trim(const fq_func_expr *f, const fq_value *args, fq_value *res, bool left, bool right)
{
	const char *s = args[0].v.s.ptr;
	size_t n = args[0].v.s.len;
	const char *set = f->nargs > 1 ? args[1].v.s.ptr : " ";
	size_t setlen = f->nargs > 1 ? args[1].v.s.len : 1;
	size_t start = 0;
	size_t end = n;

	if (left)
		while (start < end)
		{
			size_t l = fq_utf8_seq_len((unsigned char) s[start]);

			if (l > end - start || !in_set(set, setlen, s + start, l))
				break;
			start += l;
		}
	if (right)
		while (end > start)
		{
			size_t b = end - 1;

			while (b > start && ((unsigned char) s[b] & 0xC0) == 0x80)
				b--;
			if (!in_set(set, setlen, s + b, end - b))
				break;
			end = b;
		}
	res->v.s.ptr = s + start;
	res->v.s.len = (uint32_t) (end - start);
	return FQ_OK;
}

static int
fn_btrim(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	return trim(f, args, res, true, true);
}

static int
fn_ltrim(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	return trim(f, args, res, true, false);
}

static int
fn_rtrim(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	return trim(f, args, res, false, true);
}

/* left(s, n) / right(s, n): n characters, or all but -n of them. */
static int
left_right(const fq_value *args, fq_value *res, bool left)
{
	const fq_string *s = &args[0].v.s;
	int64_t total = fq_utf8_count(s->ptr, s->len);
	int64_t n = args[1].v.i;
	int64_t take = n >= 0 ? (n < total ? n : total) : (total + n > 0 ? total + n : 0);

	if (left)
	{
		res->v.s.ptr = s->ptr;
		res->v.s.len = (uint32_t) fq_utf8_offset(s->ptr, s->len, take);
	}
	else
	{
		size_t b = fq_utf8_offset(s->ptr, s->len, total - take);

		res->v.s.ptr = s->ptr + b;
		res->v.s.len = (uint32_t) (s->len - b);
	}
	return FQ_OK;
}

static int
fn_left(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	return left_right(args, res, true);
}

static int
fn_right(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) x;
	(void) f;
	return left_right(args, res, false);
}

/* replace(s, from, to): every occurrence, left to right; an empty `from`
 * changes nothing. */
static int
fn_replace(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	const fq_string *from = &args[1].v.s;
	const fq_string *to = &args[2].v.s;
	fq_strbuf b = FQ_STRBUF_INIT;
	size_t i = 0;
	int rc;

	(void) f;
	if (from->len == 0)
	{
		res->v.s = *s;
		return FQ_OK;
	}
	while (i < s->len)
	{
		if (s->len - i >= from->len && memcmp(s->ptr + i, from->ptr, from->len) == 0)
		{
			fq_strbuf_appendn(&b, to->ptr, to->len);
			i += from->len;
		}
		else
			fq_strbuf_appendc(&b, s->ptr[i++]);
	}
	if (!fq_strbuf_ok(&b))
	{
		fq_strbuf_free(&b);
		return fq_fn_nomem(x);
	}
	rc = fq_fn_set_string(x, res, fq_strbuf_str(&b), b.len);
	fq_strbuf_free(&b);
	return rc;
}

/* ---- concat, concat_ws: each argument as its output function writes it,
 * NULLs skipped ---- */

static int
concat_args(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, int from,
			const fq_string *sep, fq_value *res)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	bool any = false;

	for (int i = from; i < f->nargs; i++)
	{
		if (args[i].isnull)
			continue;
		if (sep != NULL && any)
			fq_strbuf_appendn(&b, sep->ptr, sep->len);
		fq_fn_output_text(&args[i], &b);
		any = true;
	}
	return fq_fn_set_strbuf(x, res, &b);
}

static int
fn_concat(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return concat_args(x, f, args, 0, NULL, res);
}

/* concat_ws(separator, ...): NULL when the separator is. */
static int
fn_concat_ws(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	if (args[0].isnull)
	{
		res->isnull = true;
		return FQ_OK;
	}
	return concat_args(x, f, args, 1, &args[0].v.s, res);
}

/* ---- lpad, rpad, repeat ---- */

/* PostgreSQL's limit on what a function may build: 1 GB less a byte,
 * with the 4-byte header (AllocSizeIsValid). */
#define MAX_ALLOC INT64_C(0x3fffffff)

static int
too_large(fq_fn_ctx *x)
{
	return fq_raise(x->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0, "requested length too large");
}

/* lpad/rpad(s, len [, fill]): s cut or padded to len characters with the
 * fill repeated (a blank by default); an empty fill does not pad. */
static int
pad(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res, bool left)
{
	const fq_string *s = &args[0].v.s;
	const char *fill = f->nargs > 2 ? args[2].v.s.ptr : " ";
	size_t filllen = f->nargs > 2 ? args[2].v.s.len : 1;
	int64_t len = args[1].v.i < 0 ? 0 : args[1].v.i;
	int64_t slen = fq_utf8_count(s->ptr, s->len);
	size_t keep;
	fq_strbuf b = FQ_STRBUF_INIT;
	size_t fi = 0;

	if (slen > len)
		slen = len;
	if (filllen == 0)
		len = slen;
	/* the worst case, 4 bytes a character, must fit (as PostgreSQL) */
	if (len * 4 + 4 > MAX_ALLOC)
		return too_large(x);
	keep = fq_utf8_offset(s->ptr, s->len, slen);
	if (!left)
		fq_strbuf_appendn(&b, s->ptr, keep);
	for (int64_t m = len - slen; m > 0; m--)
	{
		size_t l = fq_utf8_seq_len((unsigned char) fill[fi]);

		if (l > filllen - fi)
			l = filllen - fi;
		fq_strbuf_appendn(&b, fill + fi, l);
		fi += l;
		if (fi >= filllen)
			fi = 0;
	}
	if (left)
		fq_strbuf_appendn(&b, s->ptr, keep);
	return fq_fn_set_strbuf(x, res, &b);
}

static int
fn_lpad(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return pad(x, f, args, res, true);
}

static int
fn_rpad(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	return pad(x, f, args, res, false);
}

static int
fn_repeat(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	int64_t count = args[1].v.i < 0 ? 0 : args[1].v.i;
	char *p;

	(void) f;
	if (count * (int64_t) s->len + 4 > MAX_ALLOC)
		return too_large(x);
	p = fq_arena_alloc(x->a, (size_t) (count * s->len) + 1);
	if (p == NULL)
		return fq_fn_nomem(x);
	for (int64_t i = 0; i < count; i++)
		memcpy(p + i * s->len, s->ptr, s->len);
	res->v.s.ptr = p;
	res->v.s.len = (uint32_t) (count * s->len);
	return FQ_OK;
}

/* reverse(s): its characters in the opposite order. */
static int
fn_reverse(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	char *p = fq_arena_alloc(x->a, s->len ? s->len : 1);
	size_t at = s->len;

	(void) f;
	if (p == NULL)
		return fq_fn_nomem(x);
	for (size_t i = 0; i < s->len;)
	{
		size_t l = fq_utf8_seq_len((unsigned char) s->ptr[i]);

		if (l > s->len - i)
			l = s->len - i;
		at -= l;
		memcpy(p + at, s->ptr + i, l);
		i += l;
	}
	res->v.s.ptr = p;
	res->v.s.len = s->len;
	return FQ_OK;
}

/* split_part(s, delimiter, n): field n, counted from the end when
 * negative (PostgreSQL 14); '' past the last. */
static int
fn_split_part(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	const fq_string *d = &args[1].v.s;
	int64_t n = args[2].v.i;
	size_t start = 0;
	const char *hit;

	(void) f;
	if (n == 0)
		return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "field position must not be zero");
	res->v.s.ptr = s->ptr;
	res->v.s.len = 0;
	if (s->len == 0)
		return FQ_OK;
	hit = d->len > 0 && d->len <= s->len ? memmem(s->ptr, s->len, d->ptr, d->len) : NULL;
	if (hit == NULL)
	{
		/* one field: the whole string */
		if (n == 1 || n == -1)
			res->v.s.len = s->len;
		return FQ_OK;
	}
	if (n < 0)
	{
		int64_t fields = 1;

		for (const char *p = hit; p != NULL;
			 p = memmem(p + d->len, s->len - (size_t) (p + d->len - s->ptr), d->ptr, d->len))
			fields++;
		n += fields + 1;
		if (n <= 0)
			return FQ_OK;
	}
	for (int64_t k = 1; k < n; k++)
	{
		if (hit == NULL)
			return FQ_OK;
		start = (size_t) (hit - s->ptr) + d->len;
		hit = memmem(s->ptr + start, s->len - start, d->ptr, d->len);
	}
	res->v.s.ptr = s->ptr + start;
	res->v.s.len = (uint32_t) ((hit != NULL ? (size_t) (hit - s->ptr) : s->len) - start);
	return FQ_OK;
}

static int
fn_initcap(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	size_t n = fq_utf8_initcap(s->ptr, s->len, NULL);
	char *p = fq_arena_alloc(x->a, n ? n : 1);

	(void) f;
	if (p == NULL)
		return fq_fn_nomem(x);
	fq_utf8_initcap(s->ptr, s->len, p);
	res->v.s.ptr = p;
	res->v.s.len = (uint32_t) n;
	return FQ_OK;
}

/* Byte length of the character at s (n bytes left). */
static size_t
char_len(const char *s, size_t n)
{
	size_t l = fq_utf8_seq_len((unsigned char) *s);

	return l <= n ? l : n;
}

/* translate(s, from, to): each character of `from` becomes the one at the
 * same place in `to`, or goes when `to` is shorter. */
static int
fn_translate(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	const fq_string *from = &args[1].v.s;
	const fq_string *to = &args[2].v.s;
	fq_strbuf b = FQ_STRBUF_INIT;

	(void) f;
	for (size_t i = 0; i < s->len;)
	{
		size_t l = char_len(s->ptr + i, s->len - i);
		size_t j = 0;
		int64_t k = 0;

		while (j < from->len)
		{
			size_t fl = char_len(from->ptr + j, from->len - j);

			if (fl == l && memcmp(from->ptr + j, s->ptr + i, l) == 0)
				break;
			j += fl;
			k++;
		}
		if (j < from->len)
		{
			size_t t = fq_utf8_offset(to->ptr, to->len, k);

			if (t < to->len)
				fq_strbuf_appendn(&b, to->ptr + t, char_len(to->ptr + t, to->len - t));
		}
		else
			fq_strbuf_appendn(&b, s->ptr + i, l);
		i += l;
	}
	return fq_fn_set_strbuf(x, res, &b);
}

/* ascii(s): the code point of the first character, 0 for ''. */
static int
fn_ascii(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const unsigned char *p = (const unsigned char *) args[0].v.s.ptr;
	size_t n = args[0].v.s.len;
	size_t l;
	int64_t c;

	(void) x;
	(void) f;
	if (n == 0)
	{
		res->v.i = 0;
		return FQ_OK;
	}
	l = char_len((const char *) p, n);
	c = l == 1 ? p[0] : p[0] & (0x7F >> l);
	for (size_t i = 1; i < l; i++)
		c = (c << 6) | (p[i] & 0x3F);
	res->v.i = c;
	return FQ_OK;
}

/* chr(n): the character of code point n. */
static int
fn_chr(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	int64_t c = args[0].v.i;
	char buf[4];
	size_t n;

	(void) f;
	if (c < 0)
		return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "character number must be positive");
	if (c == 0)
		return fq_raise(x->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0, "null character not permitted");
	if (c > 0x10FFFF)
		return fq_raise(x->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"requested character too large for encoding: %lld", (long long) c);
	if (c >= 0xD800 && c <= 0xDFFF)
		return fq_raise(x->d, FQ_ERR_PROGRAM_LIMIT_EXCEEDED, 0,
						"requested character not valid for encoding: %lld", (long long) c);
	if (c < 0x80)
	{
		buf[0] = (char) c;
		n = 1;
	}
	else if (c < 0x800)
	{
		buf[0] = (char) (0xC0 | (c >> 6));
		buf[1] = (char) (0x80 | (c & 0x3F));
		n = 2;
	}
	else if (c < 0x10000)
	{
		buf[0] = (char) (0xE0 | (c >> 12));
		buf[1] = (char) (0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char) (0x80 | (c & 0x3F));
		n = 3;
	}
	else
	{
		buf[0] = (char) (0xF0 | (c >> 18));
		buf[1] = (char) (0x80 | ((c >> 12) & 0x3F));
		buf[2] = (char) (0x80 | ((c >> 6) & 0x3F));
		buf[3] = (char) (0x80 | (c & 0x3F));
		n = 4;
	}
	return fq_fn_set_string(x, res, buf, n);
}

/* md5(text | bytea): the digest of the bytes, in lower-case hex. */
static int
fn_md5(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[2 * EVP_MAX_MD_SIZE];
	static const char digits[] = "0123456789abcdef";

	(void) f;
	if (EVP_Digest(args[0].v.s.ptr, args[0].v.s.len, md, &mdlen, EVP_md5(), NULL) != 1)
		return fq_raise(x->d, FQ_ERR_INTERNAL_ERROR, 0, "could not compute MD5 hash");
	for (unsigned int i = 0; i < mdlen; i++)
	{
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	return fq_fn_set_string(x, res, hex, 2 * (size_t) mdlen);
}

/* to_hex(n): the bits of an integer (of its own width) in hex. */
static int
fn_to_hex(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	uint64_t v = args[0].type.id == FQ_T_INT4 ? (uint64_t) (uint32_t) args[0].v.i
											  : (uint64_t) args[0].v.i;
	char buf[16];
	size_t n = 0;

	(void) f;
	do
	{
		buf[15 - n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v != 0);
	return fq_fn_set_string(x, res, buf + 16 - n, n);
}

static int
fn_starts_with(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	const fq_string *p = &args[1].v.s;

	(void) x;
	(void) f;
	res->v.i = p->len <= s->len && memcmp(s->ptr, p->ptr, p->len) == 0;
	return FQ_OK;
}

/* PostgreSQL 15's keywords that are not unreserved (pg_get_keywords(),
 * catcode C, T or R): quote_ident quotes them. */
static const char *const quoted_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
	"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
	"char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date", "current_role",
	"current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
	"default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
	"extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
	"int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
	"leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
	"natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
	"offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references", "returning", "right", "row",
	"select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
	"table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim",
	"true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
	"when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
	"xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

static int
keyword_cmp(const void *key, const void *elem)
{
	const fq_string *k = key;
	const char *w = *(const char *const *) elem;
	size_t wl = strlen(w);
	int c = memcmp(k->ptr, w, k->len < wl ? k->len : wl);

	return c != 0 ? c : (k->len > wl) - (k->len < wl);
}

/* quote_ident(s): s as it is when it is a lower-case name that is no
 * reserved word, else in double quotes (inner ones doubled). */
static int
fn_quote_ident(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *s = &args[0].v.s;
	bool safe = s->len > 0 && ((s->ptr[0] >= 'a' && s->ptr[0] <= 'z') || s->ptr[0] == '_');
	fq_strbuf b = FQ_STRBUF_INIT;

	(void) f;
	for (size_t i = 0; i < s->len && safe; i++)
	{
		char c = s->ptr[i];

		safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
	}
	if (safe && bsearch(s, quoted_keywords, sizeof(quoted_keywords) / sizeof(quoted_keywords[0]),
						sizeof(quoted_keywords[0]), keyword_cmp) != NULL)
		safe = false;
	if (safe)
	{
		res->v.s = *s;
		return FQ_OK;
	}
	fq_strbuf_appendc(&b, '"');
	for (size_t i = 0; i < s->len; i++)
	{
		if (s->ptr[i] == '"')
			fq_strbuf_appendc(&b, '"');
		fq_strbuf_appendc(&b, s->ptr[i]);
	}
	fq_strbuf_appendc(&b, '"');
	return fq_fn_set_strbuf(x, res, &b);
}

/* s as an SQL string literal: quotes and backslashes doubled, E'...'
 * when there is a backslash. */
static int
quote_literal(fq_fn_ctx *x, const fq_string *s, fq_value *res)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	if (memchr(s->ptr, '\\', s->len) != NULL)
		fq_strbuf_appendc(&b, 'E');
	fq_strbuf_appendc(&b, '\'');
	for (size_t i = 0; i < s->len; i++)
	{
		if (s->ptr[i] == '\'' || s->ptr[i] == '\\')
			fq_strbuf_appendc(&b, s->ptr[i]);
		fq_strbuf_appendc(&b, s->ptr[i]);
	}
	fq_strbuf_appendc(&b, '\'');
	return fq_fn_set_strbuf(x, res, &b);
}

static int
fn_quote_literal(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	return quote_literal(x, &args[0].v.s, res);
}

/* quote_nullable(x): quote_literal, or the word NULL. */
static int
fn_quote_nullable(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	if (args[0].isnull)
		return fq_fn_set_string(x, res, "NULL", 4);
	return quote_literal(x, &args[0].v.s, res);
}

/* quote_literal(anyelement) is PostgreSQL's quote_literal($1::text): the
 * argument becomes text by its cast. */
static int
check_quote(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	fq_cast_expr *c;

	if (f->sig->args[0] != FQ_T_ANY || fq_type_is_string(f->args[0]->type.id))
		return FQ_OK;
	if ((c = fq_make_cast(a, f->args[0], fq_type_varchar(-1))) == NULL)
		return fq_raise_nomem(d, a);
	c->e.n.location = f->args[0]->n.location;
	f->args[0] = &c->e;
	return FQ_OK;
}

/* ---- encode, decode: bytea as text in PostgreSQL's formats ---- */

typedef enum coding
{
	HEX,
	BASE64,
	ESCAPE
} coding;

static int
coding_of(fq_fn_ctx *x, const fq_string *name, coding *out)
{
	static const char *const names[] = {"hex", "base64", "escape"};

	for (int i = 0; i < 3; i++)
		if (name->len == strlen(names[i]) && strncasecmp(name->ptr, names[i], name->len) == 0)
		{
			*out = (coding) i;
			return FQ_OK;
		}
	return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "unrecognized encoding: \"%.*s\"",
					(int) name->len, name->ptr);
}

static const char b64digits[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* encode(bytes, format): hex, base64 (a line break after every 76
 * characters), or escape (NUL, high bytes as \ooo, \ doubled). */
static int
fn_encode(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const unsigned char *p = (const unsigned char *) args[0].v.s.ptr;
	size_t n = args[0].v.s.len;
	fq_strbuf b = FQ_STRBUF_INIT;
	coding c;

	(void) f;
	if (coding_of(x, &args[1].v.s, &c) < 0)
		return FQ_ERROR;
	if (c == HEX)
		for (size_t i = 0; i < n; i++)
		{
			fq_strbuf_appendc(&b, "0123456789abcdef"[p[i] >> 4]);
			fq_strbuf_appendc(&b, "0123456789abcdef"[p[i] & 15]);
		}
	else if (c == BASE64)
	{
		size_t line = 0;
		size_t i = 0;

		for (; i + 3 <= n; i += 3)
		{
			uint32_t v = (uint32_t) p[i] << 16 | (uint32_t) p[i + 1] << 8 | p[i + 2];

			for (int k = 3; k >= 0; k--)
				fq_strbuf_appendc(&b, b64digits[(v >> (6 * k)) & 63]);
			if ((line += 4) >= 76)
			{
				fq_strbuf_appendc(&b, '\n');
				line = 0;
			}
		}
		if (i < n)
		{
			uint32_t v = (uint32_t) p[i] << 16 | (i + 1 < n ? (uint32_t) p[i + 1] << 8 : 0);

			fq_strbuf_appendc(&b, b64digits[(v >> 18) & 63]);
			fq_strbuf_appendc(&b, b64digits[(v >> 12) & 63]);
			fq_strbuf_appendc(&b, i + 1 < n ? b64digits[(v >> 6) & 63] : '=');
			fq_strbuf_appendc(&b, '=');
		}
	}
	else
		for (size_t i = 0; i < n; i++)
		{
			if (p[i] == 0 || p[i] >= 0x80)
				fq_strbuf_printf(&b, "\\%03o", p[i]);
			else if (p[i] == '\\')
				fq_strbuf_append(&b, "\\\\");
			else
				fq_strbuf_appendc(&b, (char) p[i]);
		}
	return fq_fn_set_strbuf(x, res, &b);
}

static bool
blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The character at `at` is no digit of the format (hex or base64). */
static int
bad_symbol(fq_fn_ctx *x, bool hex, const char *at, size_t left, fq_strbuf *b)
{
	int l = (int) char_len(at, left);

	fq_strbuf_free(b);
	if (hex)
		return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
						"invalid hexadecimal digit: \"%.*s\"", l, at);
	return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
					"invalid symbol \"%.*s\" found while decoding base64 sequence", l, at);
}

static int
decode_hex(fq_fn_ctx *x, const char *s, size_t n, fq_strbuf *b)
{
	for (size_t i = 0; i < n;)
	{
		int hi;
		int lo;

		if (blank(s[i]))
		{
			i++;
			continue;
		}
		if ((hi = fq_hex_digit(s[i])) < 0)
			return bad_symbol(x, true, s + i, n - i, b);
		if (++i >= n)
		{
			fq_strbuf_free(b);
			return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
							"invalid hexadecimal data: odd number of digits");
		}
		if ((lo = fq_hex_digit(s[i])) < 0)
			return bad_symbol(x, true, s + i, n - i, b);
		i++;
		fq_strbuf_appendc(b, (char) (hi << 4 | lo));
	}
	return FQ_OK;
}

static int
decode_base64(fq_fn_ctx *x, const char *s, size_t n, fq_strbuf *b)
{
	uint32_t buf = 0;
	int pos = 0;
	int end = 0;

	for (size_t i = 0; i < n; i++)
	{
		int v = 0;

		if (blank(s[i]))
			continue;
		if (s[i] == '=')
		{
			/* padding: two after two digits, one after three */
			if (end == 0)
			{
				if (pos == 2)
					end = 1;
				else if (pos == 3)
					end = 2;
				else
				{
					fq_strbuf_free(b);
					return fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
									"unexpected \"=\" while decoding base64 sequence");
				}
			}
		}
		else
		{
			const char *d = s[i] != '\0' ? strchr(b64digits, s[i]) : NULL;

			if (d == NULL)
				return bad_symbol(x, false, s + i, n - i, b);
			v = (int) (d - b64digits);
		}
		buf = (buf << 6) + (uint32_t) v;
		if (++pos == 4)
		{
			fq_strbuf_appendc(b, (char) (buf >> 16));
			if (end == 0 || end > 1)
				fq_strbuf_appendc(b, (char) (buf >> 8));
			if (end == 0 || end > 2)
				fq_strbuf_appendc(b, (char) buf);
			buf = 0;
			pos = 0;
		}
	}
	if (pos != 0)
	{
		fq_strbuf_free(b);
		fq_raise(x->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "invalid base64 end sequence");
		fq_diag_hint(x->d, "Input data is missing padding, is truncated, or is otherwise corrupted.");
		return FQ_ERROR;
	}
	return FQ_OK;
}

static bool
octal(char c, char hi)
{
	return c >= '0' && c <= hi;
}

static int
decode_escape(fq_fn_ctx *x, const char *s, size_t n, fq_strbuf *b)
{
	for (size_t i = 0; i < n;)
	{
		if (s[i] != '\\')
			fq_strbuf_appendc(b, s[i++]);
		else if (i + 3 < n && octal(s[i + 1], '3') && octal(s[i + 2], '7') && octal(s[i + 3], '7'))
		{
			fq_strbuf_appendc(b, (char) ((s[i + 1] - '0') << 6 | (s[i + 2] - '0') << 3 |
										 (s[i + 3] - '0')));
			i += 4;
		}
		else if (i + 1 < n && s[i + 1] == '\\')
		{
			fq_strbuf_appendc(b, '\\');
			i += 2;
		}
		else
		{
			fq_strbuf_free(b);
			return fq_raise(x->d, FQ_ERR_INVALID_TEXT_REPRESENTATION, 0,
							"invalid input syntax for type bytea");
		}
	}
	return FQ_OK;
}

static int
fn_decode(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const char *s = args[0].v.s.ptr;
	size_t n = args[0].v.s.len;
	fq_strbuf b = FQ_STRBUF_INIT;
	coding c;
	int rc;

	(void) f;
	if (coding_of(x, &args[1].v.s, &c) < 0)
		return FQ_ERROR;
	rc = c == HEX ? decode_hex(x, s, n, &b) : c == BASE64 ? decode_base64(x, s, n, &b)
		: decode_escape(x, s, n, &b);
	if (rc < 0)
		return rc;
	return fq_fn_set_strbuf(x, res, &b);
}

static const fq_func_sig text_text[] = {S1(VARCHAR, VARCHAR)};
static const fq_func_sig length_sigs[] = {S1(VARCHAR, INT4), S1(CHAR, INT4), S1(BYTEA, INT4)};
static const fq_func_sig char_length_sigs[] = {S1(VARCHAR, INT4), S1(CHAR, INT4)};
static const fq_func_sig substring_sigs[] = {
	S2(VARCHAR, INT4, VARCHAR), S3(VARCHAR, INT4, INT4, VARCHAR),
	S2(BYTEA, INT4, BYTEA), S3(BYTEA, INT4, INT4, BYTEA),
	S2(VARCHAR, VARCHAR, VARCHAR), /* the regular expression form: refused */
};
static const fq_func_sig substr_sigs[] = {
	S2(VARCHAR, INT4, VARCHAR), S3(VARCHAR, INT4, INT4, VARCHAR),
	S2(BYTEA, INT4, BYTEA), S3(BYTEA, INT4, INT4, BYTEA),
};
static const fq_func_sig strpos_sigs[] = {S2(VARCHAR, VARCHAR, INT4)};
/* position(b IN a), PostgreSQL's textpos and byteapos (strpos has no
 * bytea form) */
static const fq_func_sig position_sigs[] = {
	{2, {FQ_T_VARCHAR, FQ_T_VARCHAR}, FQ_T_INT4, false, "strpos($1, $2)"},
	{2, {FQ_T_BYTEA, FQ_T_BYTEA}, FQ_T_INT4, false, "position($2 IN $1)"},
};
static const fq_func_sig trim_sigs[] = {S1(VARCHAR, VARCHAR), S2(VARCHAR, VARCHAR, VARCHAR)};
static const fq_func_sig left_sigs[] = {S2(VARCHAR, INT4, VARCHAR)};
static const fq_func_sig replace_sigs[] = {S3(VARCHAR, VARCHAR, VARCHAR, VARCHAR)};
static const fq_func_sig concat_sigs[] = {S1(VARIADIC_ANY, VARCHAR)};
static const fq_func_sig concat_ws_sigs[] = {S2(VARCHAR, VARIADIC_ANY, VARCHAR)};
static const fq_func_sig pad_sigs[] = {S2(VARCHAR, INT4, VARCHAR), S3(VARCHAR, INT4, VARCHAR, VARCHAR)};
static const fq_func_sig split_part_sigs[] = {S3(VARCHAR, VARCHAR, INT4, VARCHAR)};
static const fq_func_sig ascii_sigs[] = {S1(VARCHAR, INT4)};
static const fq_func_sig chr_sigs[] = {S1(INT4, VARCHAR)};
static const fq_func_sig md5_sigs[] = {S1(VARCHAR, VARCHAR), S1(BYTEA, VARCHAR)};
static const fq_func_sig to_hex_sigs[] = {S1(INT4, VARCHAR), S1(INT8, VARCHAR)};
static const fq_func_sig starts_with_sigs[] = {S2(VARCHAR, VARCHAR, BOOL)};
static const fq_func_sig quote_sigs[] = {S1(VARCHAR, VARCHAR), S1(ANY, VARCHAR)};
static const fq_func_sig encode_sigs[] = {S2(BYTEA, VARCHAR, VARCHAR)};
static const fq_func_sig decode_sigs[] = {S2(VARCHAR, VARCHAR, BYTEA)};

const fq_func_def fq_string_funcs[] = {
	FN(.name = "lower", SIGS(text_text), .eval = fn_lower, .flags = FQ_FN_CASEMAP),
	FN(.name = "upper", SIGS(text_text), .eval = fn_upper, .flags = FQ_FN_CASEMAP),
	FN(.name = "length", .redshift = {"len"}, SIGS(length_sigs), .eval = fn_length),
	FN(.name = "char_length", .aliases = {"character_length"}, SIGS(char_length_sigs),
	   .eval = fn_length),
	FN(.name = "octet_length", SIGS(length_sigs), .eval = fn_octet_length),
	FN(.name = "substring", SIGS(substring_sigs), .eval = fn_substring, .check = check_substring),
	FN(.name = "substr", SIGS(substr_sigs), .eval = fn_substring),
	FN(.name = "strpos", SIGS(strpos_sigs), .eval = fn_strpos),
	FN(.name = "position", SIGS(position_sigs), .eval = fn_strpos),
	FN(.name = "btrim", SIGS(trim_sigs), .eval = fn_btrim),
	FN(.name = "ltrim", SIGS(trim_sigs), .eval = fn_ltrim),
	FN(.name = "rtrim", SIGS(trim_sigs), .eval = fn_rtrim),
	FN(.name = "left", SIGS(left_sigs), .eval = fn_left),
	FN(.name = "right", SIGS(left_sigs), .eval = fn_right),
	FN(.name = "replace", SIGS(replace_sigs), .eval = fn_replace),
	FN(.name = "concat", SIGS(concat_sigs), .eval = fn_concat, .flags = FQ_FN_NONSTRICT),
	FN(.name = "concat_ws", SIGS(concat_ws_sigs), .eval = fn_concat_ws, .flags = FQ_FN_NONSTRICT),
	FN(.name = "lpad", SIGS(pad_sigs), .eval = fn_lpad),
	FN(.name = "rpad", SIGS(pad_sigs), .eval = fn_rpad),
	FN(.name = "repeat", SIGS(left_sigs), .eval = fn_repeat),
	FN(.name = "reverse", SIGS(text_text), .eval = fn_reverse),
	FN(.name = "split_part", SIGS(split_part_sigs), .eval = fn_split_part),
	FN(.name = "initcap", SIGS(text_text), .eval = fn_initcap, .flags = FQ_FN_CASEMAP),
	FN(.name = "translate", SIGS(replace_sigs), .eval = fn_translate),
	FN(.name = "ascii", SIGS(ascii_sigs), .eval = fn_ascii),
	FN(.name = "chr", SIGS(chr_sigs), .eval = fn_chr),
	FN(.name = "md5", SIGS(md5_sigs), .eval = fn_md5),
	FN(.name = "to_hex", SIGS(to_hex_sigs), .eval = fn_to_hex),
	FN(.name = "starts_with", SIGS(starts_with_sigs), .eval = fn_starts_with),
	FN(.name = "quote_ident", SIGS(text_text), .eval = fn_quote_ident),
	FN(.name = "quote_literal", SIGS(quote_sigs), .eval = fn_quote_literal, .check = check_quote),
	FN(.name = "quote_nullable", SIGS(quote_sigs), .eval = fn_quote_nullable,
	   .check = check_quote, .flags = FQ_FN_NONSTRICT),
	FN(.name = "encode", SIGS(encode_sigs), .eval = fn_encode),
	FN(.name = "decode", SIGS(decode_sigs), .eval = fn_decode),
};

const int fq_string_nfuncs = NSIGS(fq_string_funcs);
