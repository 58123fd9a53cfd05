/*
 * benchutil.c — clock, peak RSS and the order-independent result checksum
 * shared by the benchmark's clients (see benchutil.h).
 */
#include "benchutil.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* How long a client may take to end after its statement was cancelled. */
#define BENCH_CANCEL_GRACE_S 20

static bench_cancel_fn wd_cancel;
static void *wd_arg;
static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int wd_fired;
static long wd_limit;
static struct timespec wd_deadline;

static void
sleep_until(const struct timespec *t)
{
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) == EINTR)
		;
}

static void *
watchdog_main(void *unused)
{
	struct timespec grace;

	(void) unused;
	sleep_until(&wd_deadline);
	atomic_store(&wd_fired, 1);
	pthread_mutex_lock(&wd_mu);
	if (wd_cancel != NULL && wd_arg != NULL)
		wd_cancel(wd_arg);
	pthread_mutex_unlock(&wd_mu);
	grace = wd_deadline;
	grace.tv_sec += BENCH_CANCEL_GRACE_S;
	sleep_until(&grace);
	printf("timeout limit_s=%ld msg=the client did not end within %d s of cancelling its "
		   "statement\n", wd_limit, BENCH_CANCEL_GRACE_S);
	fflush(stdout);
	_exit(124);
	return NULL;
}

void
bench_watchdog_start(bench_cancel_fn cancel)
{
	const char *v = getenv("BENCH_CLIENT_TIMEOUT");
	char *end;
	pthread_t th;

	if (v == NULL || *v == '\0')
		return;
	wd_limit = strtol(v, &end, 10);
	if (*end != '\0' || wd_limit <= 0)
	{
		fprintf(stderr, "BENCH_CLIENT_TIMEOUT=%s is not a number of seconds; "
						"running without a time limit\n", v);
		return;
	}
	wd_cancel = cancel;
	clock_gettime(CLOCK_MONOTONIC, &wd_deadline);
	wd_deadline.tv_sec += wd_limit;
	if (pthread_create(&th, NULL, watchdog_main, NULL) != 0)
	{
		fprintf(stderr, "cannot start the time-limit thread; bench/run's timeout(1) "
						"still ends this client, but cannot cancel its statement\n");
		return;
	}
	pthread_detach(th);
}

void
bench_watchdog_arm(void *arg)
{
	pthread_mutex_lock(&wd_mu);
	wd_arg = arg;
	pthread_mutex_unlock(&wd_mu);
}

int
bench_timed_out(void)
{
	return atomic_load(&wd_fired);
}

void
bench_timeout_exit(void)
{
	printf("timeout limit_s=%ld msg=the statement was cancelled at the server after the "
		   "time limit\n", wd_limit);
	fflush(stdout);
	exit(124);
}

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
