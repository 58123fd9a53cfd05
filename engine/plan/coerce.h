/*
 * coerce.h — implicit type rules: which types meet in an operator or a
 * CASE, and which conversions happen without a CAST.
 *
 * Numbers widen along SMALLINT < INTEGER < BIGINT < DECIMAL < REAL <
 * DOUBLE PRECISION as in PostgreSQL's select_common_type (two DECIMALs of
 * different (p,s) meet as NUMERIC, values unchanged); CHAR(n) and CHAR(m)
 * meet as bpchar, CHAR and VARCHAR as VARCHAR; DATE < TIMESTAMP <
 * TIMESTAMPTZ; an untyped literal or parameter takes the other side's
 * type.
 */
#ifndef FQ_COERCE_H
#define FQ_COERCE_H

#include "fq.h"

/*
 * The type both a and b convert to implicitly, as PostgreSQL's
 * select_common_type for CASE, COALESCE, UNION and the like, where a is
 * the earlier input; false if there is none.
 */
bool fq_common_type(const fq_type *a, const fq_type *b, fq_type *out);
/* The type a comparison of a and b runs in (operator resolution: CHAR
 * against VARCHAR(n) compares as CHAR, against text as text). */
bool fq_compare_type(const fq_type *a, const fq_type *b, fq_type *out);
/* True if `from` converts to `to` without an explicit CAST. */
bool fq_can_coerce(const fq_type *from, const fq_type *to);
/* True if an explicit CAST from `from` to `to` exists. */
bool fq_can_cast(const fq_type *from, const fq_type *to);

#endif
