/*
 * fuzz_parser.c — libFuzzer target: the lexer and parser on any bytes.
 *
 * Every input must parse or fail with a diagnostic, never crash, hang or
 * leak; a parse tree is then walked whole (each node's children reached
 * through the one walker), as the binder would.
 */
#include "core/arena.h"
#include "core/diag.h"
#include "sql/ast.h"
#include "sql/parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool
walk(fq_node *n, void *arg)
{
	(*(int *) arg)++;
	return fq_raw_walk_children(n, walk, arg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_diags *d = fq_diags_new();
	fq_parse_result res;
	char *sql = malloc(size + 1);
	int nodes = 0;

	if (a == NULL || d == NULL || sql == NULL)
		abort();
	memcpy(sql, data, size);
	sql[size] = '\0';
	if (fq_parse(sql, size, a, &res, d) == FQ_OK)
	{
		if (res.stmt == NULL && !res.foreign)
			abort(); /* success must give a statement or say it is foreign */
		if (res.stmt != NULL)
			walk(res.stmt, &nodes);
	}
	else if (fq_diags_count(d) == 0)
		abort(); /* a failure must say why */
	free(sql);
	fq_diags_free(d);
	fq_arena_free(a);
	return 0;
}
