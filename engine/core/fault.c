/*
 * fault.c — named fault points (see fault.h).
 */
#include "core/fault.h"

#include <stdlib.h>
#include <string.h>

bool
fq_fault(const char *point)
{
	const char *list = getenv("FQ_FAULT");
	size_t n = strlen(point);

	if (list == NULL)
		return false;
	for (const char *p = list; (p = strstr(p, point)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}
