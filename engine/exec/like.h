/*
 * like.h — SQL LIKE pattern matching.
 */
#ifndef FQ_LIKE_H
#define FQ_LIKE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Matches s against a LIKE pattern: '%' any run of characters, '_' one
 * character (a whole UTF-8 sequence), `escape` (0 for none) makes the next
 * pattern character literal.  With icase, ASCII letters match either case
 * (ILIKE); other characters match exactly.  A pattern ending in a lone
 * escape character matches nothing.
 */
bool fq_like_match(const char *s, size_t slen, const char *p, size_t plen, char escape,
				   bool icase);

#endif
