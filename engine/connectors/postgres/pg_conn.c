/*
 * pg_conn.c — connections to PostgreSQL servers: connect with the session
 * settings a source or the warehouse needs, map connection failures to
 * SQLSTATEs (libpq reports them as text only), raise query errors with
 * the source's SQLSTATE and name, cancel from any thread, run commands and
 * the read transactions of federated queries.
 *
 * Entry points: fq_pg_connect, fq_pg_disconnect, fq_pg_alive, the
 * fq_pg_server_version/user/database/label accessors, fq_pg_cancel,
 * fq_pg_command, fq_pg_begin_read, fq_pg_end_read; and for the other files
 * of the connector (pg_int.h) fq_pg_raise_result, fq_pg_raise_conn,
 * fq_pg_check_ready, fq_pg_send_cancel, fq_pg_note_status,
 * fq_pg_setup_refused, and the waiting primitives fq_pg_send_query
 * (fq_pg_send_catalog_query), fq_pg_get_result, fq_pg_get_copy,
 * fq_pg_exec (fq_pg_exec_results), fq_pg_drain_begin/end.
 *
 * Nothing here blocks without a bound: connections are made with
 * PQconnectPoll and used in libpq's nonblocking mode, and every wait polls
 * the socket in short slices, checking the call's interrupt between them
 * (core/interrupt.h): a frozen server or a network black hole holds a call
 * for at most its QueryTimeout (or LoginTimeout when connecting) plus the
 * grace period, after which the connection is dropped.
 */
#include "connectors/postgres/pg_int.h"

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/alloc.h"

#include <ctype.h>
#include <dlfcn.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* postgres_fdw's settings for a source: values arrive in one fixed form. */
#define SOURCE_OPTIONS \
	"-c search_path=pg_catalog -c TimeZone=UTC -c DateStyle=ISO " \
	"-c IntervalStyle=postgres -c extra_float_digits=3"
/* The warehouse keeps its search_path and TimeZone, as any client would. */
#define WAREHOUSE_OPTIONS \
	"-c DateStyle=ISO -c IntervalStyle=postgres -c extra_float_digits=3"
/*
 * PostgreSQL 14 and later check client_connection_check_interval
 * (CLIENT_CHECK_INTERVAL, pg_int.h) often whether the client is still
 * there while a query runs, and end it if not: a client that dies leaves
 * no query running at the source.  Older servers refuse the name at
 * startup, so it goes in the startup options only to a server a connection
 * of this process has already found recent enough; otherwise it travels
 * with the first query that needs it ("Session settings" below).
 */
#define CLIENT_CHECK_VERSION 140000
/* How often a wait wakes up to check its call's interrupt. */
#define WAIT_SLICE_MS 50

/* ---- Connection failures ---- */

/* What a failed connection attempt means for the caller. */
typedef enum connect_failure
{
	CF_UNREACHABLE,  /* 08001: no server answered */
	CF_PASSWORD,     /* 28P01 */
	CF_AUTH,         /* 28000 */
	CF_NO_DATABASE,  /* 3D000 */
	CF_TOO_MANY,     /* 53300: the server answered but is full */
	CF_NOT_READY,    /* 57P03: starting up, shutting down, recovering */
	CF_TLS,          /* 08001: no TLS session the settings accept */
	CF_OTHER         /* 08001 with the server's reason */
} connect_failure;

static bool
contains(const char *s, const char *what)
{
	return strstr(s, what) != NULL;
}

static connect_failure
classify_reason(const char *r)
{
	if (contains(r, "password authentication failed") ||
		contains(r, "no password supplied") ||
		contains(r, "password is required"))
		return CF_PASSWORD;
	if (contains(r, "database \"") && contains(r, "does not exist"))
		return CF_NO_DATABASE;
	if (contains(r, "no pg_hba.conf entry") ||
		(contains(r, "role \"") && contains(r, "does not exist")) ||
		contains(r, "authentication failed") ||
		contains(r, "not permitted to log in") ||
		contains(r, "permission denied for database") ||
		contains(r, "SASL authentication") ||
		contains(r, "server requested") ||
		contains(r, "requires a valid client certificate"))
		return CF_AUTH;
	if (contains(r, "certificate") || contains(r, "SSL") || contains(r, "private key") ||
		contains(r, "sslmode"))
		return CF_TLS;
	if (contains(r, "too many clients") || contains(r, "too many connections") ||
		contains(r, "remaining connection slots"))
		return CF_TOO_MANY;
	if (contains(r, "starting up") || contains(r, "shutting down") ||
		contains(r, "in recovery mode") || contains(r, "not yet accepting"))
		return CF_NOT_READY;
	if (contains(r, "Connection refused") || contains(r, "timeout expired") ||
		contains(r, "could not translate host name") ||
		contains(r, "No route to host") || contains(r, "Network is unreachable") ||
		contains(r, "No such file or directory") ||
		contains(r, "could not connect") || contains(r, "Connection timed out") ||
		contains(r, "server closed the connection"))
		return CF_UNREACHABLE;
	return CF_OTHER;
}

/* A failure that proves a server answered outranks "refused" from another
 * address of the same host name (localhost: ::1 then 127.0.0.1). */
static int
failure_rank(connect_failure f)
{
	switch (f)
	{
		case CF_PASSWORD:
		case CF_AUTH:
		case CF_NO_DATABASE:
		case CF_TOO_MANY:
		case CF_NOT_READY:
		case CF_TLS:
			return 3;
		case CF_OTHER:
			return 2;
		case CF_UNREACHABLE:
			return 1;
	}
	return 0;
}

/*
 * Picks the most telling reason out of libpq's message, which may list one
 * attempt per address ("connection to server at \"h\" (::1), port 5 failed:
 * Connection refused\n\tIs the server running...?\n...").  Continuation
 * lines (tab-indented advice, DETAIL) are dropped: fedq gives its own hint.
 * Writes the reason, without libpq's prefix and "FATAL:  ", into buf.
 */
static connect_failure
connect_reason(const char *msg, char *buf, size_t cap)
{
	connect_failure best = CF_OTHER;
	int best_rank = 0;
	const char *line = msg;

	buf[0] = '\0';
	while (line != NULL && *line != '\0')
	{
		const char *end = strchr(line, '\n');
		size_t n = end != NULL ? (size_t) (end - line) : strlen(line);
		const char *r = line;
		const char *failed;
		char tmp[512];
		connect_failure f;

		/* "Either provide the file or change sslmode ..." continues the
		 * line before it. */
		if (*line != '\t' && *line != ' ' && strncmp(line, "DETAIL:", 7) != 0 &&
			strncmp(line, "HINT:", 5) != 0 && strncmp(line, "Either ", 7) != 0 && n > 0)
		{
			if (n >= sizeof(tmp))
				n = sizeof(tmp) - 1;
			memcpy(tmp, line, n);
			tmp[n] = '\0';
			r = tmp;
			if (strncmp(r, "connection to server ", 21) == 0 &&
				(failed = strstr(r, " failed: ")) != NULL)
				r = failed + 9;
			if (strncmp(r, "FATAL:  ", 8) == 0 || strncmp(r, "ERROR:  ", 8) == 0)
				r += 8;
			if (strncmp(r, "fe_sendauth: ", 13) == 0)
				r += 13;
			f = classify_reason(r);
			/* Later attempts win ties: they are what libpq tried last. */
			if (failure_rank(f) >= best_rank)
			{
				best = f;
				best_rank = failure_rank(f);
				snprintf(buf, cap, "%s", r);
			}
		}
		line = end != NULL ? end + 1 : NULL;
	}
	if (buf[0] == '\0')
		snprintf(buf, cap, "%s", "unknown error");
	/* libpq's strerror texts are capitalised ("Connection refused"). */
	if (isupper((unsigned char) buf[0]) && islower((unsigned char) buf[1]))
		buf[0] = (char) tolower((unsigned char) buf[0]);
	return best;
}

/* Replaces every occurrence of the password with "********".  libpq does not
 * echo passwords, but a message must never carry one even by accident. */
static void
redact(char *buf, size_t cap, const char *password)
{
	size_t plen;
	char *from = buf;
	char *at;

	if (password == NULL || (plen = strlen(password)) < 3)
		return;
	while ((at = strstr(from, password)) != NULL)
	{
		char rest[1024];

		snprintf(rest, sizeof(rest), "%s", at + plen);
		snprintf(at, cap - (size_t) (at - buf), "********%s", rest);
		/* Past the stars, even if the password itself is made of them. */
		from = at + strlen("********");
		if (from >= buf + strlen(buf))
			break;
	}
}

/* What libpq used for a TLS setting, given or from its environment. */
static const char *
used_setting(PGconn *conn, const char *keyword, char *buf, size_t cap)
{
	PQconninfoOption *opts = conn != NULL ? PQconninfo(conn) : NULL;

	buf[0] = '\0';
	for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
		if (strcmp(o->keyword, keyword) == 0 && o->val != NULL)
			snprintf(buf, cap, "%s", o->val);
	PQconninfoFree(opts);
	return buf[0] != '\0' ? buf : NULL;
}

/* A hint for a TLS failure naming the settings the user can change: the
 * schema's clauses and the SourceSSL* keys for a source, the SSL* keys for
 * the warehouse. */
static void
hint_tls(const fq_pg_target *t, const char *reason, fq_diags *d)
{
	const char *mode = t->is_source ? "SSLMODE" : "SSLMode";
	const char *root = t->is_source ? "SSLROOTCERT (or the SourceSSLRootCert connection key, "
									  "or PGSSLROOTCERT)"
									: "the SSLRootCert connection key (or PGSSLROOTCERT)";
	const char *pair = t->is_source ? "SSLCERT and SSLKEY" : "SSLCert and SSLKey";

	if (contains(reason, "does not match host name"))
		fq_diag_hint(d, "%s verify-full accepts a server only under a name its certificate "
						"carries: give that name in %s (for the same server), or use %s "
						"verify-ca to check only who signed the certificate.", mode,
					 t->is_source ? "URI" : "Server", mode);
	else if (contains(reason, "root certificate file") && contains(reason, "does not exist"))
		fq_diag_hint(d, "%s verify-ca and verify-full need the certificate of the CA that "
						"signed the server's: give its file in %s.", mode, root);
	else if (contains(reason, "certificate verify failed"))
		fq_diag_hint(d, "The server's certificate is not signed by a CA in the root "
						"certificate file: give the CA that signed it in %s.", root);
	else if (contains(reason, "does not support SSL"))
		fq_diag_hint(d, "The server does not accept SSL connections: turn ssl on at the "
						"server, or choose a %s that does not require it (prefer, allow, "
						"disable).", mode);
	else if (contains(reason, "private key") || contains(reason, "certificate file") ||
			 contains(reason, "certificate present"))
		fq_diag_hint(d, "Check %s: the key must match the certificate, be readable, and be "
						"private to its owner (chmod 0600).", pair);
	else if (contains(reason, "alert"))
		fq_diag_hint(d, "The server refused the TLS session, most often the client "
						"certificate: give one signed by a CA the server trusts in %s.", pair);
	else
		fq_diag_hint(d, "Check %s, %s and %s against what the server offers.", mode, root,
					 pair);
}

static int
raise_connect_failure(const fq_pg_target *t, PGconn *conn, const char *why, fq_diags *d)
{
	const char *label = t->label != NULL ? t->label : "PostgreSQL server";
	const char *host = t->host;
	const char *db = t->dbname;
	char port[16];
	char reason[512];
	char where[512];
	connect_failure f;
	fq_errcode code;

	if ((host == NULL || *host == '\0') && conn != NULL)
		host = PQhost(conn);
	if (host == NULL || *host == '\0')
		host = "localhost";
	if (t->port > 0)
		snprintf(port, sizeof(port), "%d", t->port);
	else
		snprintf(port, sizeof(port), "%s",
				 conn != NULL && PQport(conn) != NULL && *PQport(conn) ? PQport(conn) : "5432");
	if ((db == NULL || *db == '\0') && conn != NULL)
		db = PQdb(conn);

	f = connect_reason(why != NULL ? why : conn != NULL ? PQerrorMessage(conn) : "out of memory",
					   reason, sizeof(reason));
	/* libpq names the user when the server refuses a password, not when it
	 * had none to send: without the name, a ~/.pgpass line for another
	 * user looks right and is never used. */
	if (f == CF_PASSWORD && strcmp(reason, "no password supplied") == 0)
	{
		const char *user = t->user != NULL && *t->user ? t->user
						   : conn != NULL ? PQuser(conn) : NULL;

		if (user != NULL && *user != '\0')
			snprintf(reason, sizeof(reason), "no password supplied for user \"%s\"", user);
	}
	redact(reason, sizeof(reason), t->password);
	if (db != NULL && *db != '\0')
		snprintf(where, sizeof(where), "%s:%s (database \"%s\")", host, port, db);
	else
		snprintf(where, sizeof(where), "%s:%s", host, port);
	redact(where, sizeof(where), t->password);

	switch (f)
	{
		case CF_PASSWORD:
			code = FQ_ERR_INVALID_PASSWORD;
			break;
		case CF_AUTH:
			code = FQ_ERR_INVALID_AUTHORIZATION;
			break;
		case CF_NO_DATABASE:
			code = FQ_ERR_INVALID_CATALOG_NAME;
			break;
		default:
			code = FQ_ERR_UNABLE_TO_CONNECT;
			break;
	}
	if (f == CF_TOO_MANY || f == CF_NOT_READY)
	{
		char msg[1200];

		snprintf(msg, sizeof(msg), "could not connect to %s at %s: %s", label, where, reason);
		fq_raise_state(d, f == CF_TOO_MANY ? "53300" : "57P03", 0, msg);
		fq_diag_hint(d, "The server is running but does not accept connections now; try again later.");
		return FQ_ERROR;
	}
	fq_raise(d, code, 0, "could not connect to %s at %s: %s", label, where, reason);
	switch (f)
	{
		case CF_PASSWORD:
			if (t->is_source && t->user != NULL)
				fq_diag_hint(d, "Check the user name and password in the external schema's "
								"secret (SECRET_ARN).");
			else if (t->is_source)
				fq_diag_hint(d, "The external schema has no SECRET_ARN, so libpq's defaults "
								"log in, not the DSN's UID and PWD: user PGUSER (else the "
								"operating-system user), password PGPASSWORD or the ~/.pgpass "
								"line for that host, port, database and user.");
			else
				fq_diag_hint(d, "Check the UID and PWD connection keys.");
			break;
		case CF_AUTH:
			fq_diag_hint(d, "The server refused this user: check the credentials%s and the "
							"server's pg_hba.conf.",
						 t->is_source ? " in the external schema's secret" : "");
			break;
		case CF_NO_DATABASE:
			if (t->is_source)
				fq_diag_hint(d, "Check the DATABASE of the external schema.");
			else
				fq_diag_hint(d, "Check the Database connection key.");
			break;
		case CF_TLS:
			{
				char mode[32];
				char root[512];

				hint_tls(t, reason, d);
				if (used_setting(conn, "sslmode", mode, sizeof(mode)) != NULL)
				{
					if (strncmp(mode, "verify", 6) == 0 &&
						used_setting(conn, "sslrootcert", root, sizeof(root)) != NULL)
						fq_diag_detail(d, "sslmode %s, root certificate file \"%s\".", mode,
									   root);
					else
						fq_diag_detail(d, "sslmode %s.", mode);
				}
			}
			break;
		case CF_UNREACHABLE:
		case CF_OTHER:
			if (t->is_source)
				fq_diag_hint(d, "Check the URI and PORT of the external schema, and that the "
								"server is running and accepts TCP/IP connections from this "
								"machine.");
			else
				fq_diag_hint(d, "Check the Server and Port connection keys, and that the "
								"server is running and accepts TCP/IP connections from this "
								"machine.");
			break;
		default:
			break;
	}
	return FQ_ERROR;
}

/* ---- Notices ---- */

/*
 * Server notices and warnings become diagnostics of the call in progress
 * (DROP ... IF EXISTS says "skipping"); outside a call they are dropped
 * rather than printed on the application's stderr, libpq's default.
 */
static void
notice_receiver(void *arg, const PGresult *res)
{
	fq_pg_conn *c = arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	if (c->notice_d == NULL || msg == NULL)
		return;
	if (sev == NULL)
		sev = "NOTICE";
	/* NOTICE, INFO, WARNING alike reach the application as SQLSTATE 01000
	 * with no native code (-1) and the server's words ("INFO: text"), as
	 * psqlODBC gives them: 00000 is no warning state, and clients show
	 * only warnings.  A source's notice names the source. */
	if (c->is_source)
		fq_diags_add(c->notice_d, strcmp(sev, "WARNING") == 0 ? FQ_SEV_WARNING : FQ_SEV_NOTICE,
					 FQ_ERR_WARNING, "%s: %s: %s", sev, c->label, msg);
	else
		fq_diags_add(c->notice_d, strcmp(sev, "WARNING") == 0 ? FQ_SEV_WARNING : FQ_SEV_NOTICE,
					 FQ_ERR_WARNING, "%s: %s", sev, msg);
	fq_diag_native(c->notice_d, -1);
	fq_diag_verbatim(c->notice_d);
}

/* ---- Cancel requests ---- */

struct fq_pg_cancel_ticket
{
	atomic_int refs;
	atomic_bool done;   /* PQcancel returned: the server has the request */
	PGcancel *cancel;
};

static void
ticket_release(fq_pg_cancel_ticket *t)
{
	if (t != NULL && atomic_fetch_sub(&t->refs, 1) == 1)
	{
		PQfreeCancel(t->cancel);
		free(t);
	}
}

static void *
cancel_main(void *arg)
{
	fq_pg_cancel_ticket *t = arg;
	char errbuf[256];

	(void) PQcancel(t->cancel, errbuf, sizeof(errbuf));
	atomic_store(&t->done, true);
	ticket_release(t);
	return NULL;
}

/*
 * A cancel thread may outlive the statement, the connection and the
 * driver handle that started it; the library it runs in must not be
 * unloaded under it (the driver manager dlcloses drivers).  Once a thread
 * has been started, the library stays until the process ends.
 */
static void
pin_library(void)
{
	static atomic_bool pinned;
	Dl_info info;

	if (atomic_exchange(&pinned, true))
		return;
	if (dladdr((void *) &pin_library, &info) != 0 && info.dli_fname != NULL)
		(void) dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
}

/* True if no cancel request sent on c is still on its way. */
static bool
ticket_done(const fq_pg_conn *c)
{
	bool done;

	pthread_mutex_lock((pthread_mutex_t *) &c->mu);
	done = c->ticket == NULL || atomic_load(&c->ticket->done);
	pthread_mutex_unlock((pthread_mutex_t *) &c->mu);
	return done;
}

/* True once the last cancel request sent on c has reached the server, or
 * after waiting up to wait_ms for it. */
static bool
ticket_settled(fq_pg_conn *c, int wait_ms)
{
	int64_t until = fq_now_ms() + wait_ms;

	while (!ticket_done(c))
	{
		struct timespec ts = {0, 10 * 1000 * 1000};

		if (fq_now_ms() >= until)
			return false;
		nanosleep(&ts, NULL);
	}
	return true;
}

void
fq_pg_send_cancel(fq_pg_conn *c)
{
	fq_pg_cancel_ticket *t;
	pthread_attr_t attr;
	pthread_t tid;
	bool started = false;

	pthread_mutex_lock(&c->mu);
	if (c->conn == NULL || (c->ticket != NULL && !atomic_load(&c->ticket->done)))
	{
		pthread_mutex_unlock(&c->mu);
		return;
	}
	ticket_release(c->ticket);
	c->ticket = NULL;
	if ((t = fq_calloc(1, sizeof(*t))) == NULL)
	{
		pthread_mutex_unlock(&c->mu);
		return;
	}
	/* PQgetCancel reads only what the connection learnt when it was made. */
	if ((t->cancel = PQgetCancel(c->conn)) == NULL)
	{
		pthread_mutex_unlock(&c->mu);
		free(t);
		return;
	}
	atomic_init(&t->refs, 2);
	atomic_init(&t->done, false);
	pin_library();
	if (pthread_attr_init(&attr) == 0)
	{
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		started = pthread_create(&tid, &attr, cancel_main, t) == 0;
		pthread_attr_destroy(&attr);
	}
	if (!started)
	{
		/* No thread: no cancel.  The waits still end; the connection is
		 * dropped when the grace period is over. */
		atomic_store(&t->done, true);
		ticket_release(t);
	}
	c->ticket = t;
	pthread_mutex_unlock(&c->mu);
}

void
fq_pg_cancel(fq_pg_conn *c)
{
	if (c != NULL)
		fq_pg_send_cancel(c);
}

/* Closes the connection now: the server sees the client go (and, from
 * PostgreSQL 14 on, ends a query still running within seconds). */
static void
drop(fq_pg_conn *c)
{
	PGconn *conn;

	pthread_mutex_lock(&c->mu);
	conn = c->conn;
	c->conn = NULL;
	pthread_mutex_unlock(&c->mu);
	PQfinish(conn);
	c->broken = true;
	c->busy = false;
}

void
fq_pg_drop(fq_pg_conn *c)
{
	drop(c);
}

/* ---- Waiting ---- */

/*
 * Waits for c's socket to be readable (and writable with want_write), for
 * at most one slice.  The call's interrupt is checked first: a cancel or a
 * passed deadline sends the server a cancel request (once per query) and
 * starts the grace period; a drain is bounded by drain_until.  Past the
 * bound the connection is dropped and FQ_ERROR raised (into d unless NULL).
 */
static int
pg_wait(fq_pg_conn *c, bool want_write, fq_diags *d)
{
	fq_interrupt *in = fq_interrupt_current();
	fq_interrupt_reason why = fq_interrupt_pending(in);
	int64_t now = fq_now_ms();
	int64_t until = 0;
	int64_t slice;
	struct pollfd pfd;

	if (c->conn == NULL || PQsocket(c->conn) < 0)
		return FQ_OK; /* libpq reports the trouble itself */
	if (why != FQ_INTR_NONE && !in->cleanup)
	{
		if (!c->sent_winding_down && !c->cancel_sent)
		{
			c->cancel_sent = true;
			c->stopped = why;
			fq_pg_send_cancel(c);
		}
		until = fq_interrupt_grace(in);
	}
	else if (in != NULL && in->cleanup)
		until = in->grace_end;
	if (c->drain_until > 0 && (until == 0 || c->drain_until < until))
		until = c->drain_until;
	if (until > 0 && now >= until)
	{
		const char *label = c->label;

		drop(c);
		if (d == NULL)
			return FQ_ERROR;
		if (why != FQ_INTR_NONE && !in->cleanup)
			fq_interrupt_raise(in, why, d);
		else
			fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0, "%s did not answer in time", label);
		fq_diag_detail(d, "%s did not end the query within %d ms of being asked to; fedq "
						  "closed the connection, and the next statement connects again.",
					   label, FQ_INTERRUPT_GRACE_MS);
		return FQ_ERROR;
	}
	slice = WAIT_SLICE_MS;
	if (until > 0 && until - now < slice)
		slice = until - now;
	if (why == FQ_INTR_NONE && in != NULL && in->deadline > 0 && in->deadline - now < slice)
		slice = in->deadline - now > 0 ? in->deadline - now : 0;
	pfd.fd = PQsocket(c->conn);
	pfd.events = POLLIN | (want_write ? POLLOUT : 0);
	pfd.revents = 0;
	/* Ready, a slice gone, or a poll error: the caller asks libpq, which
	 * finds what is wrong if anything is. */
	(void) poll(&pfd, 1, (int) slice);
	return FQ_OK;
}

/* Pushes what libpq has queued to the server. */
static int
flush_out(fq_pg_conn *c, fq_diags *d)
{
	int r;

	while (c->conn != NULL && (r = PQflush(c->conn)) == 1)
	{
		if (pg_wait(c, true, d) < 0)
			return FQ_ERROR;
		/* The server may be sending (notices, an error) while we write. */
		if (!PQconsumeInput(c->conn))
			break;
	}
	if (c->conn == NULL)
		return fq_pg_raise_conn(c, d);
	return FQ_OK;
}

/* Notes, for the query about to be sent, how its waits may be cut short. */
static void
begin_query(fq_pg_conn *c)
{
	fq_interrupt *in = fq_interrupt_current();

	c->cancel_sent = false;
	c->stopped = FQ_INTR_NONE;
	/* Sent while its call is already winding down (a ROLLBACK after a
	 * cancelled scan): nothing to cancel, but its waits are bounded. */
	c->sent_winding_down = in != NULL && (in->grace_end != 0 || in->cleanup);
}

/* ---- Session settings ---- */

/*
 * A connection to a server of PostgreSQL 14 or later that was not known
 * to this process when it connected has client_connection_check_interval
 * still to set (setup_pending).  No statement of its own is spent on it
 * unless nothing else can carry it:
 *
 * - the catalog queries of pg_meta.c (short reads, which come first on a
 *   new connection) go without it (fq_pg_send_catalog_query);
 * - fq_pg_current_setting carries it as set_config() in the same SELECT;
 * - fq_pg_begin_read sends it in front of its BEGIN, in the same message;
 *   a transaction that then rolls back undoes it, and the next query sets
 *   it again;
 * - anything else (a passthrough statement, a COPY, a command) is
 *   preceded by the SET on its own, as every new connection once was.
 *
 * As before, a server that refuses it still serves queries: the query
 * that carried it is sent once more without it (fq_pg_setup_refused).
 */
static int send_raw(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
					bool single_row, fq_diags *d);

/* Sends the pending SET on its own; only a lost connection fails.  Inside
 * a transaction (which could undo it) it waits for a later query. */
static int
settle_setup(fq_pg_conn *c, fq_diags *d)
{
	fq_diags *ignored;

	if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		return FQ_OK;
	ignored = fq_diags_new();
	c->setup_pending = false;
	if (ignored != NULL && send_raw(c, CLIENT_CHECK_SET, 0, NULL, false, ignored) == FQ_OK)
	{
		PGresult *res = NULL;

		(void) fq_pg_exec_results(c, &res, ignored);
		PQclear(res);
		fq_pg_note_status(c);
	}
	fq_diags_free(ignored);
	if (c->broken || c->conn == NULL)
		return fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0,
						"%s closed the connection while fedq set up its session", c->label);
	return FQ_OK;
}

bool
fq_pg_setup_refused(fq_pg_conn *c)
{
	c->setup_pending = false;
	c->setup_in_txn = false;
	return c->conn != NULL && !c->broken && !c->cancel_sent &&
		PQtransactionStatus(c->conn) == PQTRANS_IDLE;
}

int
fq_pg_send_catalog_query(fq_pg_conn *c, const char *sql, int nparams,
						 const char *const *values, fq_diags *d)
{
	return send_raw(c, sql, nparams, values, false, d);
}

int
fq_pg_send_query(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
				 bool single_row, fq_diags *d)
{
	if (c->conn != NULL && c->setup_pending && settle_setup(c, d) < 0)
		return FQ_ERROR;
	return send_raw(c, sql, nparams, values, single_row, d);
}

/* Sends a query as it is (fq_pg_send_query without the pending settings). */
static int
send_raw(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
		 bool single_row, fq_diags *d)
{
	int ok;

	if (c->conn == NULL)
		return fq_pg_raise_conn(c, d);
	begin_query(c);
	if (nparams == 0)
		ok = PQsendQuery(c->conn, sql);
	else
		ok = PQsendQueryParams(c->conn, sql, nparams, NULL, values, NULL, NULL, 0);
	if (!ok)
		return fq_pg_raise_conn(c, d);
	/* Before anything reads input (flushing may). */
	if (single_row)
		(void) PQsetSingleRowMode(c->conn);
	return flush_out(c, d);
}

int
fq_pg_flush(fq_pg_conn *c, fq_diags *d)
{
	return flush_out(c, d);
}

int
fq_pg_sent(fq_pg_conn *c, fq_diags *d)
{
	begin_query(c);
	return flush_out(c, d);
}

int
fq_pg_get_result(fq_pg_conn *c, PGresult **res, fq_diags *d)
{
	*res = NULL;
	for (;;)
	{
		if (c->conn == NULL)
			return FQ_OK; /* dropped earlier: no more results */
		if (!PQisBusy(c->conn))
		{
			*res = PQgetResult(c->conn);
			return FQ_OK;
		}
		if (pg_wait(c, false, d) < 0)
			return FQ_ERROR;
		if (c->conn != NULL && !PQconsumeInput(c->conn))
		{
			/* Lost: libpq now returns the error as a result. */
			*res = PQgetResult(c->conn);
			return FQ_OK;
		}
	}
}

int
fq_pg_get_copy(fq_pg_conn *c, char **buf, int *len, fq_diags *d)
{
	*buf = NULL;
	for (;;)
	{
		if (c->conn == NULL)
		{
			*len = -2;
			return FQ_OK;
		}
		*len = PQgetCopyData(c->conn, buf, 1);
		if (*len != 0)
			return FQ_OK;
		if (pg_wait(c, false, d) < 0)
			return FQ_ERROR;
		if (c->conn != NULL && !PQconsumeInput(c->conn))
		{
			*len = PQgetCopyData(c->conn, buf, 1);
			if (*len == 0)
				*len = -2;
			return FQ_OK;
		}
	}
}

int
fq_pg_exec(fq_pg_conn *c, const char *sql, int nparams, const char *const *values,
		   PGresult **last, fq_diags *d)
{
	*last = NULL;
	if (fq_pg_send_query(c, sql, nparams, values, false, d) < 0)
		return FQ_ERROR;
	return fq_pg_exec_results(c, last, d);
}

int
fq_pg_exec_results(fq_pg_conn *c, PGresult **last, fq_diags *d)
{
	PGresult *res;

	*last = NULL;
	for (;;)
	{
		if (fq_pg_get_result(c, &res, d) < 0)
		{
			PQclear(*last);
			*last = NULL;
			return FQ_ERROR;
		}
		if (res == NULL)
			break;
		/* As PQexec: an error result is kept over what follows it. */
		if (*last != NULL && PQresultStatus(*last) == PGRES_FATAL_ERROR)
			PQclear(res);
		else
		{
			PQclear(*last);
			*last = res;
		}
		/* COPY cannot be finished here; the caller sees its state. */
		if (PQresultStatus(*last) == PGRES_COPY_IN || PQresultStatus(*last) == PGRES_COPY_OUT ||
			PQresultStatus(*last) == PGRES_COPY_BOTH)
			break;
	}
	return FQ_OK;
}

void
fq_pg_drain_begin(fq_pg_conn *c)
{
	c->drain_until = fq_now_ms() + FQ_INTERRUPT_GRACE_MS;
}

void
fq_pg_drain_end(fq_pg_conn *c)
{
	c->drain_until = 0;
}

/* ---- Servers seen by this process ---- */

/*
 * The version of each server (host, port, database) this process has
 * connected to: the next connection there passes the settings that
 * version has in its startup options instead of a SET of its own.
 */
#define KNOWN_SERVERS 64
#define KNOWN_KEY_LEN 400

typedef struct known_server
{
	char key[KNOWN_KEY_LEN];
	int server_num;  /* PQserverVersion */
	bool refused;    /* refused client_connection_check_interval at startup */
} known_server;

static known_server known[KNOWN_SERVERS];
static int nknown;
static int known_next;  /* the entry replaced next once all are used */
static pthread_mutex_t known_mu = PTHREAD_MUTEX_INITIALIZER;

/* t's key, false when too long to keep (that server is not remembered). */
static bool
known_key(const fq_pg_target *t, char *buf)
{
	int n = snprintf(buf, KNOWN_KEY_LEN, "%s\n%d\n%s", t->host != NULL ? t->host : "", t->port,
					 t->dbname != NULL ? t->dbname : "");

	return n > 0 && n < KNOWN_KEY_LEN;
}

/* Whether t's server, as last seen, takes client_connection_check_interval
 * in its startup options. */
static bool
known_has_check(const fq_pg_target *t)
{
	char key[KNOWN_KEY_LEN];
	bool has = false;

	if (!known_key(t, key))
		return false;
	pthread_mutex_lock(&known_mu);
	for (int i = 0; i < nknown; i++)
		if (strcmp(known[i].key, key) == 0)
			has = known[i].server_num >= CLIENT_CHECK_VERSION && !known[i].refused;
	pthread_mutex_unlock(&known_mu);
	return has;
}

/* Notes t's server's version (server_num > 0), or that it refused the
 * setting at startup (server_num 0): then it is never passed there again. */
static void
known_set(const fq_pg_target *t, int server_num)
{
	char key[KNOWN_KEY_LEN];
	int i;

	if (!known_key(t, key))
		return;
	pthread_mutex_lock(&known_mu);
	for (i = 0; i < nknown; i++)
		if (strcmp(known[i].key, key) == 0)
			break;
	if (i == nknown)
	{
		if (nknown < KNOWN_SERVERS)
			i = nknown++;
		else
		{
			i = known_next;
			known_next = (known_next + 1) % KNOWN_SERVERS;
		}
		memcpy(known[i].key, key, sizeof(key));
		known[i].refused = false;
	}
	if (server_num > 0)
		known[i].server_num = server_num;
	else
		known[i].refused = true;
	pthread_mutex_unlock(&known_mu);
}

/*
 * Appends " -c name=value" to libpq's options, escaping as libpq splits
 * them: a space or a backslash in the value is preceded by a backslash.
 */
static void
append_setting(fq_strbuf *b, const char *name, const char *value)
{
	fq_strbuf_printf(b, " -c %s=", name);
	for (const char *p = value; *p; p++)
	{
		if (*p == ' ' || *p == '\\')
			fq_strbuf_appendc(b, '\\');
		fq_strbuf_appendc(b, *p);
	}
}

/* ---- Connect and disconnect ---- */

/* A connection attempt in progress, not waited for (fq_pg_connect_start). */
struct fq_pg_pending
{
	PGconn *conn;
	PostgresPollingStatusType st;
	bool with_check; /* client_connection_check_interval in its options */
};

/* The events PQconnectPoll waits for in state st. */
static short
poll_events(PostgresPollingStatusType st)
{
	return st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
}

/* Whether an attempt is still under way and has a socket to poll; with
 * `answered`, only once its server has answered (not a host that is down
 * or drops packets). */
static bool
pollable(const fq_pg_pending *pd, bool answered)
{
	return pd != NULL && pd->st != PGRES_POLLING_OK && pd->st != PGRES_POLLING_FAILED &&
		PQsocket(pd->conn) >= 0 && !(answered && PQstatus(pd->conn) == CONNECTION_STARTED);
}

/* Adds an attempt's socket to a poll set (with[] says whose each is). */
static void
add_polled(fq_pg_pending *pd, struct pollfd *pfd, fq_pg_pending **with, int *npfd)
{
	with[*npfd] = pd;
	pfd[*npfd].fd = PQsocket(pd->conn);
	pfd[*npfd].events = poll_events(pd->st);
	pfd[*npfd].revents = 0;
	(*npfd)++;
}

/*
 * PQconnectPoll until the connection is made or fails, LoginTimeout
 * passes, or the call in progress is interrupted (its deadline counts:
 * QueryTimeout includes connecting).  *why says which stopped it.
 * Attempts of `others` (nothers of them, NULL ones skipped) advance in
 * the same waits, without being waited for.
 */
static void
poll_until(PGconn *conn, PostgresPollingStatusType st, int login_timeout,
		   fq_pg_pending *const *others, int nothers, fq_interrupt_reason *stopped,
		   bool *timed_out)
{
	fq_interrupt *in = fq_interrupt_current();
	int64_t login_end = login_timeout > 0 ? fq_now_ms() + (int64_t) login_timeout * 1000 : 0;

	*stopped = FQ_INTR_NONE;
	*timed_out = false;
	for (;;)
	{
		struct pollfd pfd[1 + FQ_PG_MAX_BESIDE];
		fq_pg_pending *with[1 + FQ_PG_MAX_BESIDE];
		int npfd = 1;
		int64_t now;
		int64_t slice = WAIT_SLICE_MS;

		if (st == PGRES_POLLING_OK || st == PGRES_POLLING_FAILED)
			return;
		if ((*stopped = fq_interrupt_pending(in)) != FQ_INTR_NONE && !in->cleanup)
			return;
		*stopped = FQ_INTR_NONE;
		now = fq_now_ms();
		if (login_end > 0 && now >= login_end)
		{
			*timed_out = true;
			return;
		}
		if (login_end > 0 && login_end - now < slice)
			slice = login_end - now;
		if (in != NULL && in->deadline > 0 && in->deadline - now < slice)
			slice = in->deadline - now > 0 ? in->deadline - now : 0;
		pfd[0].fd = PQsocket(conn);
		pfd[0].events = poll_events(st);
		pfd[0].revents = 0;
		for (int i = 0; i < nothers && npfd < 1 + FQ_PG_MAX_BESIDE; i++)
		{
			if (pollable(others[i], false))
				add_polled(others[i], pfd, with, &npfd);
		}
		if (pfd[0].fd < 0)
		{
			st = PQconnectPoll(conn);
			continue;
		}
		if (poll(pfd, (nfds_t) npfd, (int) slice) <= 0)
			continue;
		for (int i = 1; i < npfd; i++)
			if (pfd[i].revents != 0)
				with[i]->st = PQconnectPoll(with[i]->conn);
		if (pfd[0].revents != 0)
			st = PQconnectPoll(conn);
	}
}

/* libpq's keyword/value arrays for t, and the options they point to. */
typedef struct conn_params
{
	const char *keys[20];
	const char *vals[20];
	char port[16];
	int opt_at;
	fq_strbuf opts;
	bool with_check;
} conn_params;

/* False when memory ran out. */
static bool
params_init(conn_params *p, const fq_pg_target *t)
{
	int n = 0;

#define KV(k, v_) (p->keys[n] = (k), p->vals[n] = (v_), n++)
	if (t->host != NULL && *t->host != '\0')
		KV("host", t->host);
	if (t->port > 0)
	{
		snprintf(p->port, sizeof(p->port), "%d", t->port);
		KV("port", p->port);
	}
	if (t->dbname != NULL && *t->dbname != '\0')
		KV("dbname", t->dbname);
	if (t->user != NULL && *t->user != '\0')
		KV("user", t->user);
	if (t->password != NULL)
		KV("password", t->password);
	/* TLS settings not given are libpq's to find (PGSSLMODE, ...). */
	if (t->sslmode != NULL && *t->sslmode != '\0')
		KV("sslmode", t->sslmode);
	if (t->sslrootcert != NULL && *t->sslrootcert != '\0')
		KV("sslrootcert", t->sslrootcert);
	if (t->sslcert != NULL && *t->sslcert != '\0')
		KV("sslcert", t->sslcert);
	if (t->sslkey != NULL && *t->sslkey != '\0')
		KV("sslkey", t->sslkey);
	KV("application_name", "fedq");
	KV("client_encoding", "UTF8");
	/* Filled in below: with or without the settings of a known version. */
	p->opt_at = n;
	KV("options", NULL);
	/*
	 * A peer that vanishes (host down, network cut) is noticed within a
	 * minute even while waiting for a long query's first row; the cancel
	 * requests libpq sends use the same settings.
	 */
	KV("keepalives", "1");
	KV("keepalives_idle", "30");
	KV("keepalives_interval", "10");
	KV("keepalives_count", "3");
	p->keys[n] = NULL;
	p->vals[n] = NULL;
#undef KV
	fq_strbuf_init(&p->opts);
	fq_strbuf_append(&p->opts, t->is_source ? SOURCE_OPTIONS : WAREHOUSE_OPTIONS);
	p->with_check = known_has_check(t);
	if (p->with_check)
		append_setting(&p->opts, "client_connection_check_interval", CLIENT_CHECK_INTERVAL);
	if (!fq_strbuf_ok(&p->opts))
	{
		fq_strbuf_free(&p->opts);
		return false;
	}
	p->vals[p->opt_at] = fq_strbuf_str(&p->opts);
	return true;
}

/* expand_dbname = 0: a database name is a name, never a conninfo. */
static PGconn *
params_start(const conn_params *p)
{
	return PQconnectStartParams(p->keys, p->vals, 0);
}

/*
 * The end of an attempt at t with p's settings: conn made it, or what
 * stopped it (stopped, timed_out, its own failure) is raised.  A server
 * this process saw before that refuses client_connection_check_interval
 * now is tried once more without it.  Frees conn when it failed.
 */
static int
connect_done(const fq_pg_target *t, conn_params *p, PGconn *conn, fq_interrupt_reason stopped,
			 bool timed_out, int64_t started, fq_pg_conn **out, fq_diags *d)
{
	fq_pg_conn *c;
	int v;

	/*
	 * The server this process saw before refuses the setting now (another
	 * server answers at that address): forget what was known and connect
	 * as to an unknown one, within what is left of LoginTimeout.
	 */
	if (p->with_check && conn != NULL && PQstatus(conn) != CONNECTION_OK &&
		stopped == FQ_INTR_NONE && !timed_out &&
		strstr(PQerrorMessage(conn), "client_connection_check_interval") != NULL)
	{
		int left = t->connect_timeout;

		if (left > 0)
		{
			left -= (int) ((fq_now_ms() - started) / 1000);
			if (left < 1)
				left = 1;
		}
		PQfinish(conn);
		known_set(t, 0);
		p->with_check = false;
		p->vals[p->opt_at] = t->is_source ? SOURCE_OPTIONS : WAREHOUSE_OPTIONS;
		conn = params_start(p);
		if (conn != NULL && PQstatus(conn) != CONNECTION_BAD)
			poll_until(conn, PGRES_POLLING_WRITING, left, NULL, 0, &stopped, &timed_out);
	}
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		const char *label = t->label != NULL ? t->label : "PostgreSQL server";

		if (stopped != FQ_INTR_NONE)
		{
			fq_interrupt_raise(fq_interrupt_current(), stopped, d);
			fq_diag_detail(d, "It happened while connecting to %s.", label);
		}
		else if (timed_out)
		{
			char why[128];

			snprintf(why, sizeof(why), "timeout expired after %d second%s (%s)",
					 t->connect_timeout, t->connect_timeout == 1 ? "" : "s",
					 t->timeout_key != NULL ? t->timeout_key : "LoginTimeout");
			raise_connect_failure(t, conn, why, d);
		}
		else
			raise_connect_failure(t, conn, NULL, d);
		PQfinish(conn);
		return FQ_ERROR;
	}
	c = fq_calloc(1, sizeof(*c));
	if (c == NULL)
	{
		PQfinish(conn);
		return fq_raise_nomem(d, NULL);
	}
	c->label = fq_strdup(t->label != NULL ? t->label : "PostgreSQL server");
	if (c->label == NULL || pthread_mutex_init(&c->mu, NULL) != 0)
	{
		PQfinish(conn);
		free(c->label);
		free(c);
		return fq_raise_nomem(d, NULL);
	}
	c->conn = conn;
	c->is_source = t->is_source;
	PQsetNoticeReceiver(conn, notice_receiver, c);
	if (PQsetnonblocking(conn, 1) != 0)
	{
		fq_raise(d, FQ_ERR_UNABLE_TO_CONNECT, 0, "%s: %s", c->label, PQerrorMessage(conn));
		fq_pg_disconnect(c);
		return FQ_ERROR;
	}
	v = PQserverVersion(conn);
	c->server_num = v;
	if (v >= 100000)
		snprintf(c->version, sizeof(c->version), "%d.%d", v / 10000, v % 10000);
	else
		snprintf(c->version, sizeof(c->version), "%d.%d.%d", v / 10000, (v / 100) % 100,
				 v % 100);
	known_set(t, v);
	/* Not in the startup options: set with the first query that needs it. */
	c->setup_pending = v >= CLIENT_CHECK_VERSION && !p->with_check;
	*out = c;
	return FQ_OK;
}

int
fq_pg_connect_beside(const fq_pg_target *t, fq_pg_pending *const *others, int nothers,
					 fq_pg_conn **out, fq_diags *d)
{
	conn_params p;
	PGconn *conn;
	fq_interrupt_reason stopped = FQ_INTR_NONE;
	bool timed_out = false;
	int64_t started;
	int rc;

	*out = NULL;
	if (!params_init(&p, t))
		return fq_raise_nomem(d, NULL);
	started = fq_now_ms();
	conn = params_start(&p);
	if (conn != NULL && PQstatus(conn) != CONNECTION_BAD)
		poll_until(conn, PGRES_POLLING_WRITING, t->connect_timeout, others, nothers, &stopped,
				   &timed_out);
	rc = connect_done(t, &p, conn, stopped, timed_out, started, out, d);
	fq_strbuf_free(&p.opts);
	return rc;
}

int
fq_pg_connect(const fq_pg_target *t, fq_pg_conn **out, fq_diags *d)
{
	return fq_pg_connect_beside(t, NULL, 0, out, d);
}

fq_pg_pending *
fq_pg_connect_start(const fq_pg_target *t)
{
	conn_params p;
	fq_pg_pending *pd;

	if (!params_init(&p, t))
		return NULL;
	pd = fq_calloc(1, sizeof(*pd));
	if (pd != NULL)
	{
		pd->with_check = p.with_check;
		pd->conn = params_start(&p);
		pd->st = PGRES_POLLING_WRITING;
		if (pd->conn == NULL || PQstatus(pd->conn) == CONNECTION_BAD)
		{
			PQfinish(pd->conn);
			free(pd);
			pd = NULL;
		}
	}
	fq_strbuf_free(&p.opts);
	return pd;
}

void
fq_pg_connect_advance(fq_pg_pending *pd)
{
	struct pollfd pfd;

	if (pd == NULL || pd->st == PGRES_POLLING_OK || pd->st == PGRES_POLLING_FAILED)
		return;
	pfd.fd = PQsocket(pd->conn);
	pfd.events = poll_events(pd->st);
	pfd.revents = 0;
	if (pfd.fd < 0 || poll(&pfd, 1, 0) > 0)
		pd->st = PQconnectPoll(pd->conn);
}

void
fq_pg_connect_settle(fq_pg_pending *const *pds, int n, int max_ms)
{
	int64_t end = fq_now_ms() + max_ms;

	for (;;)
	{
		struct pollfd pfd[FQ_PG_MAX_BESIDE];
		fq_pg_pending *with[FQ_PG_MAX_BESIDE];
		int npfd = 0;
		int64_t left = end - fq_now_ms();

		for (int i = 0; i < n && npfd < FQ_PG_MAX_BESIDE; i++)
		{
			/* only those whose server has answered */
			if (pollable(pds[i], true))
				add_polled(pds[i], pfd, with, &npfd);
		}
		if (npfd == 0 || left <= 0)
			return;
		if (poll(pfd, (nfds_t) npfd, (int) (left < WAIT_SLICE_MS ? left : WAIT_SLICE_MS)) <= 0)
			continue;
		for (int i = 0; i < npfd; i++)
			if (pfd[i].revents != 0)
				with[i]->st = PQconnectPoll(with[i]->conn);
	}
}

void
fq_pg_connect_abandon(fq_pg_pending *pd)
{
	if (pd == NULL)
		return;
	PQfinish(pd->conn);
	free(pd);
}

int
fq_pg_connect_finish(fq_pg_pending *pd, const fq_pg_target *t, fq_pg_conn **out, bool *afresh,
					 fq_diags *d)
{
	conn_params p;
	fq_interrupt_reason stopped = FQ_INTR_NONE;
	bool timed_out = false;
	PGconn *conn = pd->conn;
	int rc;

	*out = NULL;
	*afresh = false;
	fq_pg_connect_advance(pd);
	/*
	 * An attempt that failed (the server was down, refused the password,
	 * or the setting a known server took before) says nothing sure about
	 * now: connect afresh, as without it.
	 */
	if (pd->st == PGRES_POLLING_FAILED || PQstatus(conn) == CONNECTION_BAD)
	{
		fq_pg_connect_abandon(pd);
		*afresh = true;
		return fq_pg_connect(t, out, d);
	}
	if (!params_init(&p, t))
	{
		fq_pg_connect_abandon(pd);
		return fq_raise_nomem(d, NULL);
	}
	p.with_check = pd->with_check;
	/* What is left to wait for gets a LoginTimeout of its own, as a new
	 * attempt would. */
	poll_until(conn, pd->st, t->connect_timeout, NULL, 0, &stopped, &timed_out);
	free(pd);
	if (stopped == FQ_INTR_NONE && !timed_out && PQstatus(conn) != CONNECTION_OK)
	{
		PQfinish(conn);
		*afresh = true;
		rc = fq_pg_connect(t, out, d);
	}
	else if ((rc = connect_done(t, &p, conn, stopped, timed_out, fq_now_ms(), out, d)) == FQ_OK &&
			 !fq_pg_alive(*out))
	{
		/* Made long ago and closed since (the server's idle timeout, a
		 * restart): as a pooled connection found closed, connect afresh. */
		fq_pg_disconnect(*out);
		*out = NULL;
		*afresh = true;
		rc = fq_pg_connect(t, out, d);
	}
	fq_strbuf_free(&p.opts);
	return rc;
}

void
fq_pg_disconnect(fq_pg_conn *c)
{
	if (c == NULL)
		return;
	PQfinish(c->conn);
	ticket_release(c->ticket);
	pthread_mutex_destroy(&c->mu);
	free(c->label);
	free(c);
}

bool
fq_pg_busy(const fq_pg_conn *c)
{
	return c != NULL && c->busy;
}

bool
fq_pg_alive(const fq_pg_conn *c)
{
	/* A cancel request still on its way could hit the next query: one that
	 * does not arrive within the grace period makes the connection one to
	 * replace rather than reuse. */
	fq_pg_conn *m = (fq_pg_conn *) c;

	if (c == NULL || c->conn == NULL || c->broken || PQstatus(c->conn) != CONNECTION_OK)
		return false;
	/*
	 * An idle connection has nothing to read unless the server said
	 * something on its own: usually that it is going away (a restart, an
	 * idle timeout).  Reading that now lets the caller connect afresh
	 * instead of failing the statement it is about to send.
	 */
	if (!c->busy && PQtransactionStatus(c->conn) != PQTRANS_ACTIVE)
	{
		struct pollfd pfd = {.fd = PQsocket(c->conn), .events = POLLIN};

		if (pfd.fd >= 0 && poll(&pfd, 1, 0) > 0)
		{
			(void) PQconsumeInput(m->conn);
			if (PQstatus(c->conn) != CONNECTION_OK)
			{
				m->broken = true;
				return false;
			}
		}
	}
	return ticket_settled(m, FQ_INTERRUPT_GRACE_MS);
}

const char *
fq_pg_server_version(const fq_pg_conn *c)
{
	return c->version;
}

const char *
fq_pg_user(const fq_pg_conn *c)
{
	const char *u = PQuser(c->conn);

	return u != NULL ? u : "";
}

const char *
fq_pg_database(const fq_pg_conn *c)
{
	const char *db = PQdb(c->conn);

	return db != NULL ? db : "";
}

const char *
fq_pg_label(const fq_pg_conn *c)
{
	return c->label;
}

/* ---- Errors ---- */

void
fq_pg_note_status(fq_pg_conn *c)
{
	if (PQstatus(c->conn) == CONNECTION_BAD)
		c->broken = true;
}

/* The first line of libpq's own message, for errors without a result. */
static void
first_line(const char *msg, char *buf, size_t cap)
{
	size_t n;

	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	while (*msg == '\n')
		msg++;
	/* A server's FATAL that libpq only saw as text. */
	if (strncmp(msg, "FATAL:  ", 8) == 0 || strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	n = strcspn(msg, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
}

static int
raise_broken(fq_pg_conn *c, const PGresult *res, fq_diags *d)
{
	const char *primary = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char line[512];

	c->broken = true;
	if (primary != NULL)
		snprintf(line, sizeof(line), "%s", primary);
	else if (c->conn == NULL)
		snprintf(line, sizeof(line), "fedq closed it");
	else
		first_line(PQerrorMessage(c->conn), line, sizeof(line));
	fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0, "%s closed the connection: %s", c->label, line);
	fq_diag_hint(d, "The statement did not complete.  The server may have been restarted, "
					"or an administrator or a timeout ended the session.");
	return FQ_ERROR;
}

int
fq_pg_raise_result(fq_pg_conn *c, const PGresult *res, bool with_position, fq_diags *d)
{
	const char *sev;
	const char *state;
	const char *primary;
	const char *detail;
	const char *hint;
	const char *pos;
	int position = 0;
	char line[512];

	if (PQstatus(c->conn) == CONNECTION_BAD)
		return raise_broken(c, res, d);
	if (res == NULL)
		return fq_pg_raise_conn(c, d);
	/* A FATAL error ends the session even if libpq has not yet seen the
	 * socket close (pg_terminate_backend, shutdown, idle timeouts). */
	sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (sev != NULL && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0))
		return raise_broken(c, res, d);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* The server ended the query because fedq asked it to: say why. */
	if (c->stopped != FQ_INTR_NONE && state != NULL && strcmp(state, "57014") == 0 &&
		fq_interrupt_current() != NULL)
		return fq_interrupt_raise(fq_interrupt_current(), c->stopped, d);
	primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	if (primary == NULL)
	{
		const char *m = PQresultErrorMessage(res);

		first_line(m != NULL && *m ? m : PQerrorMessage(c->conn), line, sizeof(line));
		primary = line;
	}
	if (with_position && pos != NULL)
		position = atoi(pos);
	/* libpq-made errors (out of memory, protocol trouble) have no state. */
	fq_raise_state(d, state != NULL ? state : "08P01", position, primary);
	fq_diag_prefix(d, "%s: ", c->label);
	if (detail != NULL)
		fq_diag_detail(d, "%s", detail);
	if (hint != NULL)
		fq_diag_hint(d, "%s", hint);
	return FQ_ERROR;
}

int
fq_pg_raise_conn(fq_pg_conn *c, fq_diags *d)
{
	char line[512];

	if (PQstatus(c->conn) == CONNECTION_BAD)
		return raise_broken(c, NULL, d);
	first_line(PQerrorMessage(c->conn), line, sizeof(line));
	return fq_raise(d, FQ_ERR_CONNECTION_EXCEPTION, 0, "%s: %s", c->label, line);
}

int
fq_pg_check_ready(fq_pg_conn *c, fq_diags *d)
{
	/* A cancel request still on its way could hit this query. */
	if (!c->broken && !ticket_settled(c, FQ_INTERRUPT_GRACE_MS))
		drop(c);
	if (c->broken || PQstatus(c->conn) != CONNECTION_OK)
	{
		c->broken = true;
		fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0, "%s closed the connection", c->label);
		return FQ_ERROR;
	}
	if (c->busy)
		return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
						"the connection to %s is busy with another query", c->label);
	return FQ_OK;
}

/* ---- Commands and read transactions ---- */

int
fq_pg_command(fq_pg_conn *c, const char *sql, fq_diags *d)
{
	PGresult *res;
	int rc = FQ_OK;

	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	c->notice_d = d;
	if (fq_pg_exec(c, sql, 0, NULL, &res, d) < 0)
	{
		c->notice_d = NULL;
		return FQ_ERROR;
	}
	c->notice_d = NULL;
	switch (res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR)
	{
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_EMPTY_QUERY:
			break;
		default:
			rc = fq_pg_raise_result(c, res, false, d);
			break;
	}
	PQclear(res);
	fq_pg_note_status(c);
	return rc;
}

/*
 * BEGIN, with the pending SET in front of it in one message: the two run
 * as one transaction (the SET's implicit one becomes the BEGIN's), so
 * only a rollback of the read transaction undoes the SET (fq_pg_end_read
 * notes that).  A refused SET fails the message: BEGIN is sent again
 * alone.
 */
static int
begin_with_setup(fq_pg_conn *c, const char *begin, fq_diags *d)
{
	if (c->setup_pending && fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	if (c->setup_pending && PQtransactionStatus(c->conn) == PQTRANS_IDLE)
	{
		fq_strbuf q = FQ_STRBUF_INIT;
		int before = fq_diags_count(d);
		int rc;

		fq_strbuf_printf(&q, "%s; %s", CLIENT_CHECK_SET, begin);
		if (!fq_strbuf_ok(&q))
		{
			fq_strbuf_free(&q);
			return fq_raise_nomem(d, NULL);
		}
		c->setup_pending = false;
		rc = fq_pg_command(c, fq_strbuf_str(&q), d);
		fq_strbuf_free(&q);
		if (rc == FQ_OK)
		{
			c->setup_in_txn = true;
			return FQ_OK;
		}
		if (!fq_pg_setup_refused(c))
			return FQ_ERROR;
		fq_diags_truncate(d, before);
	}
	return fq_pg_command(c, begin, d);
}

int
fq_pg_begin_read(fq_pg_conn *c, fq_diags *d)
{
	if (begin_with_setup(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", d) < 0)
		return FQ_ERROR;
	c->own_read = true;
	return FQ_OK;
}

int
fq_pg_begin_read_temp(fq_pg_conn *c, fq_diags *d)
{
	if (begin_with_setup(c, "BEGIN ISOLATION LEVEL REPEATABLE READ", d) < 0)
		return FQ_ERROR;
	c->own_read = true;
	return FQ_OK;
}

bool
fq_pg_in_user_transaction(const fq_pg_conn *c)
{
	PGTransactionStatusType t;

	if (c == NULL || c->conn == NULL || c->own_read)
		return false;
	t = PQtransactionStatus(c->conn);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

fq_pg_txn
fq_pg_txn_state(const fq_pg_conn *c)
{
	if (c == NULL || c->conn == NULL)
		return FQ_PG_TXN_OTHER;
	switch (PQtransactionStatus(c->conn))
	{
		case PQTRANS_IDLE:
			return FQ_PG_TXN_IDLE;
		case PQTRANS_INTRANS:
			return FQ_PG_TXN_OPEN;
		case PQTRANS_INERROR:
			return FQ_PG_TXN_FAILED;
		default:
			return FQ_PG_TXN_OTHER;
	}
}

/*
 * Ends the read transaction whatever happened in it: ROLLBACK when an error
 * left it aborted, COMMIT otherwise (for a read-only transaction the two
 * are the same, but COMMIT in an aborted one would report an error).
 */
int
fq_pg_end_read(fq_pg_conn *c, fq_diags *d)
{
	bool setup = c->setup_in_txn;
	int rc;

	c->own_read = false;
	c->setup_in_txn = false;
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	switch (PQtransactionStatus(c->conn))
	{
		case PQTRANS_IDLE:
			/* ended by something else: the SET in it may be undone */
			c->setup_pending = c->setup_pending || setup;
			return FQ_OK;
		case PQTRANS_INERROR:
			/* (pending only after the ROLLBACK: not a SET in front of it) */
			rc = fq_pg_command(c, "ROLLBACK", d);
			c->setup_pending = c->setup_pending || setup;
			return rc;
		case PQTRANS_INTRANS:
			rc = fq_pg_command(c, "COMMIT", d);
			c->setup_pending = c->setup_pending || (setup && rc < 0);
			return rc;
		case PQTRANS_ACTIVE:
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
							"the connection to %s is busy with another query", c->label);
		case PQTRANS_UNKNOWN:
		default:
			return raise_broken(c, NULL, d);
	}
}
