/*
 * diag.c — diagnostic records and the SQLSTATE table.
 *
 * A record's strings live in the list's own arena, so clearing the list
 * frees them all.  If memory runs out while recording, the list remembers
 * that and reports one static out-of-memory record instead of losing the
 * failure.
 */
#include "core/diag.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fq_diags
{
	fq_arena *arena;
	fq_diag *items;
	int n;
	int cap;
	int last;  /* index of the record raised last, -1 none */
	bool lost; /* a record could not be stored for lack of memory */
};

typedef struct errcode_entry
{
	const char *state;
	const char *odbc;
	const char *text;
} errcode_entry;

static const errcode_entry errcodes[] = {
#define FQ_ERRCODE(name, state, odbc, text) {state, odbc, text},
#include "fq_errcodes.def"
#undef FQ_ERRCODE
};

static const fq_diag nomem_diag = {
	.severity = FQ_SEV_ERROR,
	.sqlstate = "53200",
	.odbc_state = "HY001",
	.message = "out of memory while reporting an error",
};

const char *
fq_errcode_sqlstate(fq_errcode code)
{
	if ((unsigned) code >= FQ_ERR__COUNT)
		return "XX000";
	return errcodes[code].state;
}

const char *
fq_odbc_state(const char *sqlstate)
{
	for (size_t i = 0; i < sizeof(errcodes) / sizeof(errcodes[0]); i++)
		if (strcmp(errcodes[i].state, sqlstate) == 0)
			return errcodes[i].odbc;
	return sqlstate;
}

fq_diags *
fq_diags_new(void)
{
	fq_diags *d = fq_calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->arena = fq_arena_new(NULL);
	if (d->arena == NULL)
	{
		free(d);
		return NULL;
	}
	d->last = -1;
	return d;
}

void
fq_diags_free(fq_diags *d)
{
	if (d == NULL)
		return;
	fq_arena_free(d->arena);
	free(d->items);
	free(d);
}

void
fq_diags_clear(fq_diags *d)
{
	if (d == NULL)
		return;
	fq_arena_reset(d->arena);
	d->n = 0;
	d->last = -1;
	d->lost = false;
}

void
fq_diags_truncate(fq_diags *d, int n)
{
	if (d == NULL || n < 0 || n >= fq_diags_count(d))
		return;
	d->n = n < d->n ? n : d->n;
	d->last = d->n - 1;
	d->lost = false;
}

int
fq_diags_count(const fq_diags *d)
{
	return d->n + (d->lost ? 1 : 0);
}

const fq_diag *
fq_diags_get(const fq_diags *d, int i)
{
	if (i >= 0 && i < d->n)
		return &d->items[i];
	if (i == d->n && d->lost)
		return &nomem_diag;
	return NULL;
}

bool
fq_diags_has_error(const fq_diags *d)
{
	if (d->lost)
		return true;
	for (int i = 0; i < d->n; i++)
		if (d->items[i].severity == FQ_SEV_ERROR)
			return true;
	return false;
}

/* Errors sort before warnings and notices; within a severity, raise order. */
static fq_diag *
new_record(fq_diags *d, fq_severity sev)
{
	fq_diag *rec;
	int at;

	if (d->n == d->cap)
	{
		int cap = d->cap ? d->cap * 2 : 4;
		fq_diag *items = fq_realloc(d->items, (size_t) cap * sizeof(*items));

		if (items == NULL)
		{
			d->lost = true;
			return NULL;
		}
		d->items = items;
		d->cap = cap;
	}
	at = d->n;
	while (at > 0 && d->items[at - 1].severity > sev)
		at--;
	memmove(&d->items[at + 1], &d->items[at], (size_t) (d->n - at) * sizeof(fq_diag));
	d->n++;
	d->last = at;
	rec = &d->items[at];
	memset(rec, 0, sizeof(*rec));
	rec->severity = sev;
	return rec;
}

static void
set_state(fq_diag *rec, const char *state)
{
	snprintf(rec->sqlstate, sizeof(rec->sqlstate), "%s", state);
	snprintf(rec->odbc_state, sizeof(rec->odbc_state), "%s", fq_odbc_state(rec->sqlstate));
}

/* The record raised last: detail and hint calls follow the raise. */
static fq_diag *
last_record(fq_diags *d)
{
	if (d->last < 0 || d->last >= d->n)
		return NULL;
	return &d->items[d->last];
}

int
fq_vraise(fq_diags *d, fq_severity sev, fq_errcode code, int position,
		  const char *fmt, va_list ap)
{
	fq_diag *rec;

	if (d == NULL)
		return FQ_ERROR;
	rec = new_record(d, sev);
	if (rec == NULL)
		return FQ_ERROR;
	set_state(rec, fq_errcode_sqlstate(code));
	rec->position = position;
	rec->message = fq_arena_vprintf(d->arena, fmt, ap);
	if (rec->message == NULL)
	{
		rec->message = "out of memory while formatting an error message";
		d->lost = true;
	}
	return FQ_ERROR;
}

int
fq_raise(fq_diags *d, fq_errcode code, int position, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fq_vraise(d, FQ_SEV_ERROR, code, position, fmt, ap);
	va_end(ap);
	return FQ_ERROR;
}

int
fq_diags_add(fq_diags *d, fq_severity sev, fq_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fq_vraise(d, sev, code, 0, fmt, ap);
	va_end(ap);
	return FQ_ERROR;
}

void
fq_notice(fq_diags *d, fq_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fq_vraise(d, code == FQ_ERR_WARNING ? FQ_SEV_WARNING : FQ_SEV_NOTICE, code, 0, fmt, ap);
	va_end(ap);
}

int
fq_raise_state(fq_diags *d, const char *sqlstate, int position, const char *message)
{
	fq_diag *rec;

	if (d == NULL)
		return FQ_ERROR;
	rec = new_record(d, FQ_SEV_ERROR);
	if (rec == NULL)
		return FQ_ERROR;
	set_state(rec, sqlstate != NULL && strlen(sqlstate) == 5 ? sqlstate : "XX000");
	rec->position = position;
	rec->message = fq_arena_strdup(d->arena, message);
	if (rec->message == NULL)
	{
		rec->message = "out of memory while copying an error message";
		d->lost = true;
	}
	return FQ_ERROR;
}

void
fq_diags_append(fq_diags *dst, const fq_diags *src)
{
	if (dst == NULL || src == NULL || dst == src)
		return;
	for (int i = 0; i < fq_diags_count(src); i++)
	{
		const fq_diag *s = fq_diags_get(src, i);
		fq_diag *rec = new_record(dst, s->severity);

		if (rec == NULL)
			return;
		*rec = *s;
		rec->message = fq_arena_strdup(dst->arena, s->message);
		rec->detail = s->detail ? fq_arena_strdup(dst->arena, s->detail) : NULL;
		rec->hint = s->hint ? fq_arena_strdup(dst->arena, s->hint) : NULL;
		if (rec->message == NULL)
		{
			rec->message = "out of memory while copying an error message";
			dst->lost = true;
		}
	}
}

static const char *
vformat(fq_diags *d, const char *fmt, va_list ap)
{
	return fq_arena_vprintf(d->arena, fmt, ap);
}

void
fq_diag_detail(fq_diags *d, const char *fmt, ...)
{
	fq_diag *rec = last_record(d);
	va_list ap;

	if (rec == NULL)
		return;
	va_start(ap, fmt);
	rec->detail = vformat(d, fmt, ap);
	va_end(ap);
}

void
fq_diag_hint(fq_diags *d, const char *fmt, ...)
{
	fq_diag *rec = last_record(d);
	va_list ap;

	if (rec == NULL)
		return;
	va_start(ap, fmt);
	rec->hint = vformat(d, fmt, ap);
	va_end(ap);
}

void
fq_diag_native(fq_diags *d, int native_code)
{
	fq_diag *rec = last_record(d);

	if (rec != NULL)
		rec->native_code = native_code;
}

void
fq_diag_verbatim(fq_diags *d)
{
	fq_diag *rec = last_record(d);

	if (rec != NULL)
		rec->verbatim = true;
}

void
fq_diag_position(fq_diags *d, int position)
{
	fq_diag *rec = last_record(d);

	if (rec != NULL && rec->position == 0)
		rec->position = position;
}

void
fq_diag_prefix(fq_diags *d, const char *fmt, ...)
{
	fq_diag *rec = last_record(d);
	va_list ap;
	const char *prefix;
	const char *msg;

	if (rec == NULL)
		return;
	va_start(ap, fmt);
	prefix = vformat(d, fmt, ap);
	va_end(ap);
	if (prefix == NULL)
		return;
	msg = fq_arena_printf(d->arena, "%s%s", prefix, rec->message);
	if (msg != NULL)
		rec->message = msg;
}

int
fq_raise_nomem(fq_diags *d, const fq_arena *a)
{
	if (a != NULL && fq_arena_failure(a) == FQ_ARENA_LIMIT)
	{
		fq_raise(d, FQ_ERR_OUT_OF_MEMORY, 0,
				 "query exceeded its memory limit");
		fq_diag_hint(d, "Raise the MemoryLimit connection key, or make the "
						"query hold fewer rows at once (filter earlier, or "
						"sort or group fewer rows).");
		return FQ_ERROR;
	}
	return fq_raise(d, FQ_ERR_OUT_OF_MEMORY, 0, "out of memory");
}
