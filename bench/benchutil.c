/*
 * benchutil.c — clock, peak RSS and the order-independent result checksum
 * shared by the benchmark's clients (see benchutil.h).
 */
#include "benchutil.h"

#include <stdbool.h>
#include <sys/resource.h>
#include <time.h>

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

long
bench_maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

void
bench_row_start(bench_row *r)
{
	r->h = FNV_OFFSET;
}

size_t
bench_norm_len(const char *v, size_t len)
{
	size_t i = 0;
	bool digits = false;
	size_t dot;

	while (len > 0 && v[len - 1] == ' ')
		len--;
	/* A plain decimal number: [-]digits.digits */
	if (i < len && v[i] == '-')
		i++;
	while (i < len && v[i] >= '0' && v[i] <= '9')
	{
		i++;
		digits = true;
	}
	if (!digits || i >= len || v[i] != '.')
		return len;
	dot = i++;
	while (i < len && v[i] >= '0' && v[i] <= '9')
		i++;
	if (i != len)
		return len;
	while (len > dot + 1 && v[len - 1] == '0')
		len--;
	if (len == dot + 1)
		len = dot;
	return len;
}

void
bench_row_value(bench_row *r, const char *v, size_t len)
{
	uint64_t h = r->h;

	len = bench_norm_len(v, len);
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char) v[i]) * FNV_PRIME;
	/* a separator no value contains */
	r->h = (h ^ 0x1f) * FNV_PRIME;
}

void
bench_row_null(bench_row *r)
{
	r->h = ((r->h ^ 0x1e) * FNV_PRIME ^ 0x1f) * FNV_PRIME;
}

uint64_t
bench_row_end(bench_row *r)
{
	uint64_t z = r->h;

	/* Mix, so that summing rows does not cancel structure. */
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}
