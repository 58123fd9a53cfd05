/*
 * parser.h — recursive-descent parser for fedq's SQL (PostgreSQL/Redshift
 * dialect): SELECT with joins, subqueries, set operations, CTEs, GROUP BY,
 * ORDER BY, LIMIT/OFFSET/FETCH; CREATE EXTERNAL SCHEMA; DROP SCHEMA;
 * EXPLAIN.  Anything else is reported as "not a fedq statement" so the
 * caller can hand it to the warehouse.
 */
#ifndef FQ_PARSER_H
#define FQ_PARSER_H

#include "fq.h"
#include "core/arena.h"
#include "core/nodes.h"
#include "sql/lexer.h"

typedef struct fq_parse_result
{
	fq_node *stmt;      /* the statement; NULL on error */
	fq_token *tokens;   /* the token array (EOF-terminated), for callers that
	                     * classify text they do not parse */
	int ntokens;
	int nparams;        /* highest parameter number */
	bool foreign;       /* the statement is not one fedq parses (e.g. INSERT);
	                     * stmt is NULL and no error was raised */
} fq_parse_result;

/*
 * Parses exactly one statement (trailing semicolons allowed).  Syntax
 * errors raise 42601 with the 1-based character position; a statement
 * kind fedq does not parse sets `foreign` without raising.
 */
int fq_parse(const char *sql, size_t len, fq_arena *a, fq_parse_result *out,
			 fq_diags *d);

#endif
