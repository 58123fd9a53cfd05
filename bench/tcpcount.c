/*
 * tcpcount.c — a TCP relay on loopback that counts the bytes it carries, so
 * the benchmarks can say how many bytes each engine received from a source
 * for the same query (fedq, postgres_fdw and psqlODBC alike, without
 * relying on any engine's own counters).
 *
 *   tcpcount -l LISTEN_PORT -t TARGET_PORT -s STATSFILE
 *
 * Accepts connections on 127.0.0.1:LISTEN_PORT and relays each to
 * 127.0.0.1:TARGET_PORT.  Whenever a connection opens or closes it rewrites
 * STATSFILE (atomically) with one line:
 *   active=N connections=N to_client=BYTES to_server=BYTES
 * where to_client counts what the source sent to its clients.  A reader
 * waits for active=0, then takes the difference of two readings.  Runs
 * until killed; relays are only used in the bytes pass, never while timing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 128
#define HALF_BUF 65536

/* One direction of a relayed connection. */
typedef struct half
{
	int from;
	int to;
	size_t off;
	size_t len;
	bool eof;
	uint64_t *counter;
	char buf[HALF_BUF];
} half;

typedef struct relay
{
	bool used;
	half up;   /* client -> source */
	half down; /* source -> client */
} relay;

static relay relays[MAX_CONNS];
static uint64_t to_client, to_server, connections;
static int active;
static const char *statsfile;

static void
write_stats(void)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", statsfile);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f, "active=%d connections=%" PRIu64 " to_client=%" PRIu64
			" to_server=%" PRIu64 "\n",
			active, connections, to_client, to_server);
	if (fclose(f) == 0)
		rename(tmp, statsfile);
}

static int
listen_on(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *) &a, sizeof(a)) != 0 || listen(fd, 64) != 0)
	{
		close(fd);
		return -1;
	}
	return fd;
}

static int
connect_to(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *) &a, sizeof(a)) != 0)
	{
		close(fd);
		return -1;
	}
	return fd;
}

static void
setup(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void
init_half(half *h, int from, int to, uint64_t *counter)
{
	h->from = from;
	h->to = to;
	h->off = 0;
	h->len = 0;
	h->eof = false;
	h->counter = counter;
}

static void
close_relay(relay *r)
{
	close(r->up.from);
	close(r->up.to);
	r->used = false;
	active--;
	write_stats();
}

/* Moves what can be moved in one direction; false when the relay is done. */
static bool
pump(half *h, short revents_from, short revents_to)
{
	if (h->len == 0 && !h->eof && (revents_from & (POLLIN | POLLHUP | POLLERR)))
	{
		ssize_t n = read(h->from, h->buf, sizeof(h->buf));

		if (n > 0)
		{
			h->off = 0;
			h->len = (size_t) n;
			*h->counter += (uint64_t) n;
		}
		else if (n == 0 || (errno != EAGAIN && errno != EINTR))
			h->eof = true;
	}
	if (h->len > 0 && (revents_to & (POLLOUT | POLLHUP | POLLERR)))
	{
		ssize_t n = write(h->to, h->buf + h->off, h->len);

		if (n > 0)
		{
			h->off += (size_t) n;
			h->len -= (size_t) n;
		}
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
	}
	return !(h->eof && h->len == 0);
}

int
main(int argc, char **argv)
{
	int lport = 0, tport = 0, lfd, c;

	while ((c = getopt(argc, argv, "l:t:s:")) != -1)
	{
		switch (c)
		{
			case 'l':
				lport = atoi(optarg);
				break;
			case 't':
				tport = atoi(optarg);
				break;
			case 's':
				statsfile = optarg;
				break;
			default:
				lport = 0;
				break;
		}
	}
	if (lport <= 0 || tport <= 0 || statsfile == NULL || optind != argc)
	{
		fprintf(stderr, "usage: tcpcount -l LISTEN_PORT -t TARGET_PORT -s STATSFILE\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(lport);
	if (lfd < 0)
	{
		fprintf(stderr, "tcpcount: cannot listen on port %d: %s\n", lport, strerror(errno));
		return 1;
	}
	write_stats();

	for (;;)
	{
		struct pollfd fds[1 + 2 * MAX_CONNS];
		int idx[MAX_CONNS][2];
		int nfds = 1;

		fds[0].fd = lfd;
		fds[0].events = POLLIN;
		for (int i = 0; i < MAX_CONNS; i++)
		{
			relay *r = &relays[i];

			if (!r->used)
				continue;
			/* client socket: readable for up, writable for down */
			idx[i][0] = nfds;
			fds[nfds].fd = r->up.from;
			fds[nfds].events = (short) ((r->up.len == 0 && !r->up.eof ? POLLIN : 0) |
										(r->down.len > 0 ? POLLOUT : 0));
			nfds++;
			idx[i][1] = nfds;
			fds[nfds].fd = r->down.from;
			fds[nfds].events = (short) ((r->down.len == 0 && !r->down.eof ? POLLIN : 0) |
										(r->up.len > 0 ? POLLOUT : 0));
			nfds++;
		}
		if (poll(fds, (nfds_t) nfds, -1) < 0)
		{
			if (errno == EINTR)
				continue;
			perror("tcpcount: poll");
			return 1;
		}
		for (int i = 0; i < MAX_CONNS; i++)
		{
			relay *r = &relays[i];
			short cre, sre;
			bool up_ok, down_ok;

			if (!r->used)
				continue;
			cre = fds[idx[i][0]].revents;
			sre = fds[idx[i][1]].revents;
			up_ok = pump(&r->up, cre, sre);
			down_ok = pump(&r->down, sre, cre);
			/* Either side closing ends the session (the protocol has no half-close). */
			if (!up_ok || !down_ok)
				close_relay(r);
		}
		if (fds[0].revents & POLLIN)
		{
			int cfd = accept(lfd, NULL, NULL);
			int sfd;
			int slot = -1;

			if (cfd < 0)
				continue;
			for (int i = 0; i < MAX_CONNS && slot < 0; i++)
				if (!relays[i].used)
					slot = i;
			sfd = slot >= 0 ? connect_to(tport) : -1;
			if (sfd < 0)
			{
				close(cfd);
				continue;
			}
			setup(cfd);
			setup(sfd);
			init_half(&relays[slot].up, cfd, sfd, &to_server);
			init_half(&relays[slot].down, sfd, cfd, &to_client);
			relays[slot].used = true;
			connections++;
			active++;
			write_stats();
		}
	}
}
