/*
 * like.c — LIKE matching with backtracking on the last '%' only, which is
 * linear for the patterns people write ('abc%', '%abc%', 'a%b%c') and never
 * worse than O(len(s) * len(p)).
 */
#include "exec/like.h"

#include "core/chars.h"

#include <stdint.h>

static inline unsigned char
fold(unsigned char c, bool icase)
{
	return icase && c >= 'A' && c <= 'Z' ? (unsigned char) (c - 'A' + 'a') : c;
}

bool
fq_like_match(const char *s, size_t slen, const char *p, size_t plen, char escape, bool icase)
{
	size_t si = 0;
	size_t pi = 0;
	size_t star_p = SIZE_MAX; /* pattern position after the last % */
	size_t star_s = 0;        /* string position that % currently covers to */

	while (si < slen)
	{
		if (pi < plen && p[pi] == '%')
		{
			while (pi < plen && p[pi] == '%')
				pi++;
			if (pi == plen)
				return true;
			star_p = pi;
			star_s = si;
			continue;
		}
		if (pi < plen)
		{
			if (p[pi] == '_')
			{
				size_t n = fq_utf8_seq_len((unsigned char) s[si]);

				si += n <= slen - si ? n : slen - si;
				pi++;
				continue;
			}
			{
				size_t at = pi;
				bool ok;

				if (escape != '\0' && p[at] == escape)
				{
					if (at + 1 >= plen)
						return false;
					at++;
				}
				ok = fold((unsigned char) p[at], icase) == fold((unsigned char) s[si], icase);
				if (ok)
				{
					si++;
					pi = at + 1;
					continue;
				}
			}
		}
		/* Mismatch: let the last % swallow one more character. */
		if (star_p == SIZE_MAX)
			return false;
		star_s += fq_utf8_seq_len((unsigned char) s[star_s]);
		if (star_s > slen)
			return false;
		si = star_s;
		pi = star_p;
	}
	while (pi < plen && p[pi] == '%')
		pi++;
	return pi == plen;
}
