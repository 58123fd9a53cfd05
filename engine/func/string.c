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

#include <string.h>

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
			return fq_raise(x->d, FQ_ERR_DATA_EXCEPTION, 0, "negative substring length not allowed");
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
	(void) f;
	if (nd->len == 0)
	{
		res->v.i = 1;
		return FQ_OK;
	}
	hit = h->len >= nd->len ? memmem(h->ptr, h->len, nd->ptr, nd->len) : NULL;
	res->v.i = hit == NULL ? 0 : fq_utf8_count(h->ptr, (size_t) (hit - h->ptr)) + 1;
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
static const fq_func_sig trim_sigs[] = {S1(VARCHAR, VARCHAR), S2(VARCHAR, VARCHAR, VARCHAR)};
static const fq_func_sig left_sigs[] = {S2(VARCHAR, INT4, VARCHAR)};
static const fq_func_sig replace_sigs[] = {S3(VARCHAR, VARCHAR, VARCHAR, VARCHAR)};

const fq_func_def fq_string_funcs[] = {
	FN(.name = "lower", SIGS(text_text), .eval = fn_lower, .flags = FQ_FN_CASEMAP),
	FN(.name = "upper", SIGS(text_text), .eval = fn_upper, .flags = FQ_FN_CASEMAP),
	FN(.name = "length", .redshift = {"len"}, SIGS(length_sigs), .eval = fn_length),
	FN(.name = "char_length", .aliases = {"character_length"}, SIGS(char_length_sigs),
	   .eval = fn_length),
	FN(.name = "octet_length", SIGS(length_sigs), .eval = fn_octet_length),
	FN(.name = "substring", SIGS(substring_sigs), .eval = fn_substring, .check = check_substring),
	FN(.name = "substr", SIGS(substr_sigs), .eval = fn_substring),
	FN(.name = "strpos", .aliases = {"position"}, SIGS(strpos_sigs), .eval = fn_strpos),
	FN(.name = "btrim", SIGS(trim_sigs), .eval = fn_btrim),
	FN(.name = "ltrim", SIGS(trim_sigs), .eval = fn_ltrim),
	FN(.name = "rtrim", SIGS(trim_sigs), .eval = fn_rtrim),
	FN(.name = "left", SIGS(left_sigs), .eval = fn_left),
	FN(.name = "right", SIGS(left_sigs), .eval = fn_right),
	FN(.name = "replace", SIGS(replace_sigs), .eval = fn_replace),
};

const int fq_string_nfuncs = NSIGS(fq_string_funcs);
