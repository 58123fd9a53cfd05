/*
 * chars.h — character helpers shared by the lexer, text I/O, LIKE and
 * string functions.
 */
#ifndef FQ_CHARS_H
#define FQ_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of a hexadecimal digit, -1 if c is not one. */
static inline int
fq_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes of the UTF-8 sequence that starts with c (1 for a byte that
 * cannot start one, so malformed text still advances). */
static inline size_t
fq_utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1;
}

/* Characters in s (a byte that starts no sequence counts one). */
static inline int64_t
fq_utf8_count(const char *s, size_t n)
{
	int64_t c = 0;

	for (size_t i = 0; i < n; c++)
	{
		size_t l = fq_utf8_seq_len((unsigned char) s[i]);

		i += l <= n - i ? l : n - i;
	}
	return c;
}

/* Byte offset of character number k (0-based), or n when past the end. */
static inline size_t
fq_utf8_offset(const char *s, size_t n, int64_t k)
{
	size_t i = 0;

	while (k > 0 && i < n)
	{
		size_t l = fq_utf8_seq_len((unsigned char) s[i]);

		i += l <= n - i ? l : n - i;
		k--;
	}
	return i;
}

/*
 * lower() (upper when `upper`) of UTF-8 text, per character as PostgreSQL
 * with a UTF-8 libc locale (casemap.c).  Writes to out when it is not NULL
 * and returns the length of the result, which may differ from n.
 */
size_t fq_utf8_casemap(const char *s, size_t n, bool upper, char *out);

/*
 * initcap() of UTF-8 text, as PostgreSQL with a UTF-8 libc locale: a
 * character after a letter or digit (iswalnum of what it became) is
 * lowered, any other raised.  Writes to out when not NULL; returns the
 * result's length.
 */
size_t fq_utf8_initcap(const char *s, size_t n, char *out);

#endif
