/*
 * fuzz_textio.c — libFuzzer target: text input of every engine type.
 *
 * The first byte picks a type (and a DECIMAL scale or string length);
 * the rest is the text.  Parsing may fail but never crash; a value that
 * parses prints, and what it prints parses back to the same value (dates,
 * times, intervals, numbers, UUIDs, bytea: the round trip fedq relies on
 * when it sends values to sources as literals).
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "types/types.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fq_compare_slots(const fq_type *t, const void *a, const void *b);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fq_type_id ids[] = {FQ_T_BOOL, FQ_T_INT2, FQ_T_INT4, FQ_T_INT8, FQ_T_DECIMAL,
		FQ_T_FLOAT4, FQ_T_FLOAT8, FQ_T_CHAR, FQ_T_VARCHAR, FQ_T_DATE, FQ_T_TIME,
		FQ_T_TIMESTAMP, FQ_T_TIMESTAMPTZ, FQ_T_INTERVAL, FQ_T_UUID, FQ_T_BYTEA};
	fq_arena *a;
	fq_type t;
	unsigned char slot[64];
	unsigned char again[64];
	fq_strbuf out = FQ_STRBUF_INIT;

	if (size < 1)
		return 0;
	if ((a = fq_arena_new(NULL)) == NULL)
		abort();
	t = fq_type_make(ids[data[0] % (sizeof(ids) / sizeof(ids[0]))]);
	/* NUMERIC without (p,s) or with: the value must keep its text */
	if (t.id == FQ_T_DECIMAL && (data[0] & 0x80) == 0)
	{
		t = fq_type_decimal(1 + (data[0] >> 4) % 38, 0);
		t.scale = (int16_t) ((data[0] >> 2) % (t.precision + 1));
	}
	if (t.id == FQ_T_CHAR || t.id == FQ_T_VARCHAR)
		t.length = -1;
	if (t.id == FQ_T_TIME || t.id == FQ_T_TIMESTAMP || t.id == FQ_T_TIMESTAMPTZ)
		t.precision = 6;
	memset(slot, 0, sizeof(slot));
	if (fq_parse_text((const char *) data + 1, size - 1, &t, slot, a) == FQ_CONV_OK)
	{
		fq_format_text(slot, &t, false, &out);
		if (!fq_strbuf_ok(&out))
			abort();
		memset(again, 0, sizeof(again));
		if (fq_parse_text(fq_strbuf_str(&out), out.len, &t, again, a) != FQ_CONV_OK)
			abort(); /* what fedq prints, it must read */
		if ((t.id == FQ_T_FLOAT4 && isnan(*(float *) slot)) ||
			(t.id == FQ_T_FLOAT8 && isnan(*(double *) slot)))
			; /* NaN equals NaN only by fedq's ordering, checked below too */
		if (fq_compare_slots(&t, slot, again) != 0)
			abort(); /* and read back the same value */
		if (t.id == FQ_T_DECIMAL)
		{
			fq_strbuf twice = FQ_STRBUF_INIT;

			fq_format_text(again, &t, false, &twice);
			if (!fq_strbuf_ok(&twice) || strcmp(fq_strbuf_str(&twice), fq_strbuf_str(&out)) != 0)
				abort(); /* with the same places */
			fq_strbuf_free(&twice);
		}
	}
	fq_strbuf_free(&out);
	fq_arena_free(a);
	return 0;
}
