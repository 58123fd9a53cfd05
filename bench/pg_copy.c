/*
 * pg_copy.c — the physical floor of moving rows out of PostgreSQL: one
 * `COPY (query) TO STDOUT` through libpq, for the benchmarks in bench/.
 *
 *   pg_copy -d CONNINFO -q SQL [-x]
 *
 * Reads the whole text-format COPY stream.  Unless -x is given it also
 * parses every field (COPY's escapes, \N for NULL) into benchutil.h's
 * checksum, so its result is comparable with odbc_scan's; with -x it only
 * counts bytes, which is the floor the scan targets are measured against.
 * Prints one line:
 *   rows=N cols=N checksum=HEX connect_s=S exec_s=S fetch_s=S seconds=S
 *   maxrss_kb=N bytes=N
 * A server error prints "error sqlstate=... msg=..." and exits with 3.
 * Under BENCH_CLIENT_TIMEOUT (benchutil.h) a run that passes it has its
 * COPY cancelled at the server (PQcancel), prints "timeout ..." and exits
 * with 124.
 */
#include "benchutil.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The watchdog's way to stop the COPY at the server. */
static void
cancel_copy(void *cancel)
{
	char why[256];

	(void) PQcancel((PGcancel *) cancel, why, sizeof(why));
}

static void
fail(PGconn *conn, const PGresult *res, const char *step)
{
	if (bench_timed_out())
		bench_timeout_exit();
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char *msg = strdup(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));

	for (char *p = msg; p && *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	printf("error sqlstate=%s step=%s msg=%s\n", state ? state : "08001", step,
		   msg ? msg : "");
	exit(3);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescapes one COPY text field in place; returns its length. */
static size_t
unescape(char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++)
	{
		char c = s[i];

		if (c != '\\' || i + 1 >= len)
		{
			s[o++] = c;
			continue;
		}
		c = s[++i];
		switch (c)
		{
			case 'b':
				s[o++] = '\b';
				break;
			case 'f':
				s[o++] = '\f';
				break;
			case 'n':
				s[o++] = '\n';
				break;
			case 'r':
				s[o++] = '\r';
				break;
			case 't':
				s[o++] = '\t';
				break;
			case 'v':
				s[o++] = '\v';
				break;
			case 'x':
				{
					int v = 0, n = 0;

					while (n < 2 && i + 1 < len && hexval(s[i + 1]) >= 0)
					{
						v = v * 16 + hexval(s[++i]);
						n++;
					}
					s[o++] = (char) v;
					break;
				}
			default:
				if (c >= '0' && c <= '7')
				{
					int v = c - '0', n = 1;

					while (n < 3 && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7')
					{
						v = v * 8 + (s[++i] - '0');
						n++;
					}
					s[o++] = (char) v;
				}
				else
					s[o++] = c;
		}
	}
	return o;
}

/* One COPY line (without its newline) into the checksum. */
static uint64_t
hash_line(char *line, size_t len, int *ncols)
{
	bench_row row;
	size_t start = 0;
	int cols = 0;

	bench_row_start(&row);
	for (size_t i = 0; i <= len; i++)
	{
		if (i < len && line[i] != '\t')
			continue;
		if (i - start == 2 && line[start] == '\\' && line[start + 1] == 'N')
			bench_row_null(&row);
		else
			bench_row_value(&row, line + start, unescape(line + start, i - start));
		cols++;
		start = i + 1;
	}
	*ncols = cols;
	return bench_row_end(&row);
}

int
main(int argc, char **argv)
{
	const char *conninfo = NULL;
	const char *query = NULL;
	bool parse = true;
	char *copy;
	PGconn *conn;
	PGcancel *cancel;
	PGresult *res;
	double t0, t1, t2, t3;
	long rows = 0;
	int ncols = 0;
	uint64_t sum = 0, bytes = 0;
	char *buf;
	int n, c;

	while ((c = getopt(argc, argv, "d:q:x")) != -1)
	{
		switch (c)
		{
			case 'd':
				conninfo = optarg;
				break;
			case 'q':
				query = optarg;
				break;
			case 'x':
				parse = false;
				break;
			default:
				conninfo = NULL;
				break;
		}
	}
	if (conninfo == NULL || query == NULL || optind != argc)
	{
		fprintf(stderr, "usage: pg_copy -d CONNINFO -q SQL [-x]\n");
		return 2;
	}
	copy = malloc(strlen(query) + 32);
	if (copy == NULL)
		return 1;
	sprintf(copy, "COPY (%s) TO STDOUT", query);

	bench_watchdog_start(cancel_copy);
	t0 = bench_now();
	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK)
		fail(conn, NULL, "connect");
	cancel = PQgetCancel(conn);
	bench_watchdog_arm(cancel);
	t1 = bench_now();
	res = PQexec(conn, copy);
	if (PQresultStatus(res) != PGRES_COPY_OUT)
		fail(conn, res, "execute");
	PQclear(res);
	t2 = bench_now();
	while ((n = PQgetCopyData(conn, &buf, 0)) > 0)
	{
		bytes += (uint64_t) n;
		rows++;
		if (parse)
		{
			int cols;

			sum += hash_line(buf, (size_t) (buf[n - 1] == '\n' ? n - 1 : n), &cols);
			ncols = cols;
		}
		PQfreemem(buf);
	}
	if (n == -2)
		fail(conn, NULL, "fetch");
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail(conn, res, "fetch");
	PQclear(res);
	t3 = bench_now();
	bench_watchdog_arm(NULL);
	PQfreeCancel(cancel);
	PQfinish(conn);

	printf("rows=%ld cols=%d checksum=%016" PRIx64 " connect_s=%.6f exec_s=%.6f "
		   "fetch_s=%.6f seconds=%.6f maxrss_kb=%ld bytes=%" PRIu64 "\n",
		   rows, ncols, sum, t1 - t0, t2 - t1, t3 - t2, t3 - t1,
		   bench_maxrss_kb(), bytes);
	free(copy);
	return 0;
}
