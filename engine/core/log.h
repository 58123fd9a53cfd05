/*
 * log.h — the driver log (connection keys LogLevel and LogFile).
 *
 *   1  errors
 *   2  + every statement and how it ran (passthrough, federated, DDL)
 *   3  + every query sent to a source, with rows, bytes and time
 *   4  + connections, metadata lookups
 *
 * Lines go to LogFile (appended, created 0600), or to stderr when none is
 * given.  Secrets are never written: passwords are not logged at all, and
 * statement text has the string after PASSWORD replaced by '***'.
 */
#ifndef FQ_LOG_H
#define FQ_LOG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct fq_log
{
	int level;
	FILE *f;        /* NULL: stderr */
	bool own;       /* f is ours to close */
} fq_log;

enum
{
	FQ_LOG_ERROR = 1,
	FQ_LOG_STATEMENT = 2,
	FQ_LOG_REMOTE = 3,
	FQ_LOG_DEBUG = 4
};

/* Opens the log; false (with errno) if the file cannot be opened. */
bool fq_log_open(fq_log *log, int level, const char *path);
void fq_log_close(fq_log *log);

static inline bool
fq_log_on(const fq_log *log, int level)
{
	return log != NULL && log->level >= level;
}

void fq_log_write(fq_log *log, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes `label: <sql>` with string literals after PASSWORD masked. */
void fq_log_sql(fq_log *log, int level, const char *label, const char *sql, size_t len);

#endif
