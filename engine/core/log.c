/*
 * log.c — the driver log (see log.h).
 */
#include "core/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

bool
fq_log_open(fq_log *log, int level, const char *path)
{
	log->level = level;
	log->f = NULL;
	log->own = false;
	if (level <= 0 || path == NULL || path[0] == '\0')
		return true;
	{
		int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

		if (fd < 0)
			return false;
		log->f = fdopen(fd, "a");
		if (log->f == NULL)
		{
			int e = errno;

			close(fd);
			errno = e;
			return false;
		}
		log->own = true;
	}
	return true;
}

void
fq_log_close(fq_log *log)
{
	if (log->own && log->f != NULL)
		fclose(log->f);
	log->f = NULL;
	log->own = false;
	log->level = 0;
}

static void
prefix(FILE *f)
{
	struct timeval tv;
	struct tm tm;
	char when[32];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(f, "%s.%03d UTC [%ld] fedq: ", when, (int) (tv.tv_usec / 1000), (long) getpid());
}

void
fq_log_write(fq_log *log, int level, const char *fmt, ...)
{
	FILE *f;
	va_list ap;

	if (!fq_log_on(log, level))
		return;
	f = log->f != NULL ? log->f : stderr;
	flockfile(f);
	prefix(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
	funlockfile(f);
}

void
fq_log_sql(fq_log *log, int level, const char *label, const char *sql, size_t len)
{
	FILE *f;
	bool mask_next = false;

	if (!fq_log_on(log, level))
		return;
	f = log->f != NULL ? log->f : stderr;
	flockfile(f);
	prefix(f);
	fprintf(f, "%s: ", label);
	/* Masks the quoted string that follows the word PASSWORD (CREATE USER
	 * ... PASSWORD '...', ALTER USER ... PASSWORD '...'). */
	for (size_t i = 0; i < len;)
	{
		if (sql[i] == '\'')
		{
			size_t j = i + 1;

			while (j < len && !(sql[j] == '\'' && (j + 1 >= len || sql[j + 1] != '\'')))
				j += sql[j] == '\'' ? 2 : 1;
			if (mask_next)
				fputs("'***'", f);
			else
				fwrite(sql + i, 1, (j < len ? j + 1 : len) - i, f);
			mask_next = false;
			i = j < len ? j + 1 : len;
			continue;
		}
		if ((i == 0 || !(isalnum((unsigned char) sql[i - 1]) || sql[i - 1] == '_')) &&
			len - i >= 8 && strncasecmp(sql + i, "password", 8) == 0 &&
			(len - i == 8 || !(isalnum((unsigned char) sql[i + 8]) || sql[i + 8] == '_')))
			mask_next = true;
		else if (!isspace((unsigned char) sql[i]) && mask_next && sql[i] != '\'')
			mask_next = isalnum((unsigned char) sql[i]) ? mask_next : false;
		fputc(sql[i] == '\n' ? ' ' : sql[i], f);
		i++;
	}
	fputc('\n', f);
	fflush(f);
	funlockfile(f);
}
