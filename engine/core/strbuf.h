/*
 * strbuf.h — a growable string on the heap.
 *
 * Appends never fail loudly: the first allocation failure makes the buffer
 * "broken", further appends do nothing, and fq_strbuf_ok() tells the caller
 * once at the end (the idea of curl's dynbuf).  The text is always
 * NUL-terminated when the buffer is not broken.
 */
#ifndef FQ_STRBUF_H
#define FQ_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fq_strbuf
{
	char *data;
	size_t len;
	size_t cap;
	bool broken;
} fq_strbuf;

#define FQ_STRBUF_INIT {NULL, 0, 0, false}

void fq_strbuf_init(fq_strbuf *b);
void fq_strbuf_free(fq_strbuf *b);
void fq_strbuf_reset(fq_strbuf *b); /* empties, keeps the memory */
bool fq_strbuf_reserve(fq_strbuf *b, size_t extra);
void fq_strbuf_append(fq_strbuf *b, const char *s);
void fq_strbuf_appendn(fq_strbuf *b, const char *s, size_t n);
void fq_strbuf_appendc(fq_strbuf *b, char c);
void fq_strbuf_printf(fq_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s as a SQL identifier, always double-quoted. */
void fq_strbuf_append_ident(fq_strbuf *b, const char *s);
/* Appends s as a SQL string literal ('...', quotes doubled, E'' if needed). */
void fq_strbuf_append_literal(fq_strbuf *b, const char *s, size_t n);
/* Appends s (UTF-8) as a JSON string, quoted and escaped. */
void fq_strbuf_append_json(fq_strbuf *b, const char *s);
static inline bool
fq_strbuf_ok(const fq_strbuf *b)
{
	return !b->broken;
}
static inline const char *
fq_strbuf_str(const fq_strbuf *b)
{
	return b->data != NULL ? b->data : "";
}

#endif
