/*
 * fuzz_connstr.c — libFuzzer target: ODBC connection strings.
 *
 * Any text parses or is refused with a message; a parsed list written
 * back with drv_connstr_append (braces where needed) parses to the same
 * keys and values, which is how fedq builds the OutConnectionString of
 * SQLDriverConnect.
 */
#include "driver/driver.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	drv_kvlist l = {0};
	drv_kvlist back = {0};
	drv_buf out = {0};
	const char *err = NULL;

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (drv_connstr_parse(s, &l, &err))
	{
		for (int i = 0; i < l.n; i++)
			drv_connstr_append(&out, l.items[i].key, l.items[i].value);
		drv_buf_append(&out, "", 1);
		if (out.failed || !drv_connstr_parse(out.data, &back, &err) || back.n != l.n)
			abort();
		for (int i = 0; i < l.n; i++)
		{
			const char *v = drv_kv_get(&back, l.items[i].key);

			if (v == NULL || strcmp(v, l.items[i].value) != 0)
				abort();
		}
	}
	else if (err == NULL)
		abort();
	drv_kv_free(&l);
	drv_kv_free(&back);
	drv_buf_free(&out);
	free(s);
	return 0;
}
