/*
 * diag.h — raising errors and notices inside the engine.
 *
 * Engine functions that can fail return FQ_ERROR (or NULL) after recording
 * why in the fq_diags of the call in progress; the caller passes it on
 * unchanged.  fq_raise returns FQ_ERROR so a failure reads
 *
 *     if (n < 0)
 *         return fq_raise(d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
 *                         "value %d out of range for column \"%s\"", n, col);
 *
 * Every message says what went wrong; a hint says what to do when that is
 * not obvious.  Secrets never go into a message.
 */
#ifndef FQ_DIAG_H
#define FQ_DIAG_H

#include "fq.h"
#include "core/arena.h"

#include <stdarg.h>

int fq_raise(fq_diags *d, fq_errcode code, int position, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int fq_vraise(fq_diags *d, fq_severity sev, fq_errcode code, int position,
			  const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* An error a source reported, with its own SQLSTATE kept. */
int fq_raise_state(fq_diags *d, const char *sqlstate, int position,
				   const char *message);
void fq_notice(fq_diags *d, fq_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Detail, hint and native code of the record raised last. */
void fq_diag_detail(fq_diags *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fq_diag_hint(fq_diags *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fq_diag_native(fq_diags *d, int native_code);
/* Marks the record raised last as a server's own words (fq_diag.verbatim). */
void fq_diag_verbatim(fq_diags *d);
/* Sets the position of the record raised last, if it has none. */
void fq_diag_position(fq_diags *d, int position);
/* Prefixes the message of the record raised last (adds context). */
void fq_diag_prefix(fq_diags *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Drops the records after the first n (an error a caller replaces with
 * the one that should have come first). */
void fq_diags_truncate(fq_diags *d, int n);

/*
 * Raises 53200 after an allocation from `a` failed, naming MemoryLimit when
 * the query's limit was the cause.  `a` may be NULL (plain malloc failed).
 */
int fq_raise_nomem(fq_diags *d, const fq_arena *a);

#endif
