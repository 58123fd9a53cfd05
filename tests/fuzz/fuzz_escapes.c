/*
 * fuzz_escapes.c — libFuzzer target: ODBC escape translation of any text.
 *
 * Any text translates or is refused with a message; text without a '{'
 * comes back unchanged; a translation is translated again to itself when
 * it has no '{' left (escapes are gone once translated).
 */
#include "driver/driver.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *err = NULL;
	bool unsupported;
	char *out;

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	out = drv_translate_escapes(s, &err, &unsupported);
	if (out == NULL && err == NULL)
		abort();
	if (strchr(s, '{') == NULL && (out == NULL || strcmp(out, s) != 0))
		abort();
	if (out != NULL && strchr(out, '{') == NULL)
	{
		char *again = drv_translate_escapes(out, &err, &unsupported);

		if (again == NULL || strcmp(again, out) != 0)
			abort();
		free(again);
	}
	free(out);
	free(s);
	return 0;
}
