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
 * fq_pg_check_ready, fq_pg_send_cancel, fq_pg_note_status.
 */
#include "connectors/postgres/pg_int.h"

#include "core/diag.h"
#include "core/strbuf.h"

#include <ctype.h>
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
		contains(r, "server requested"))
		return CF_AUTH;
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

		if (*line != '\t' && *line != ' ' && strncmp(line, "DETAIL:", 7) != 0 &&
			strncmp(line, "HINT:", 5) != 0 && n > 0)
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

static int
raise_connect_failure(const fq_pg_target *t, PGconn *conn, fq_diags *d)
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

	f = connect_reason(conn != NULL ? PQerrorMessage(conn) : "out of memory",
					   reason, sizeof(reason));
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
			if (t->is_source)
				fq_diag_hint(d, "Check the user name and password in the external schema's "
								"secret (SECRET_ARN), or libpq's PGUSER, PGPASSWORD and "
								"~/.pgpass when it has none.");
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
		case CF_UNREACHABLE:
		case CF_OTHER:
			if (f == CF_OTHER && contains(reason, "SSL") && !contains(reason, "negotiation"))
				fq_diag_hint(d, "Check the SSL mode (%s) against what the server offers.",
							 t->sslmode != NULL && *t->sslmode ? t->sslmode : "prefer");
			else if (t->is_source)
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
	if (sev != NULL && strcmp(sev, "WARNING") == 0)
		fq_notice(c->notice_d, FQ_ERR_WARNING, "%s: %s", c->label, msg);
	else
		fq_notice(c->notice_d, FQ_ERR_SUCCESS, "%s: %s", c->label, msg);
}

/* ---- Connect and disconnect ---- */

int
fq_pg_connect(const fq_pg_target *t, fq_pg_conn **out, fq_diags *d)
{
	const char *keys[16];
	const char *vals[16];
	char port[16];
	char timeout[16];
	int n = 0;
	fq_pg_conn *c;
	PGconn *conn;
	int v;

	*out = NULL;
#define KV(k, v_) (keys[n] = (k), vals[n] = (v_), n++)
	if (t->host != NULL && *t->host != '\0')
		KV("host", t->host);
	if (t->port > 0)
	{
		snprintf(port, sizeof(port), "%d", t->port);
		KV("port", port);
	}
	if (t->dbname != NULL && *t->dbname != '\0')
		KV("dbname", t->dbname);
	if (t->user != NULL && *t->user != '\0')
		KV("user", t->user);
	if (t->password != NULL)
		KV("password", t->password);
	KV("sslmode", t->sslmode != NULL && *t->sslmode != '\0' ? t->sslmode : "prefer");
	if (t->connect_timeout > 0)
	{
		snprintf(timeout, sizeof(timeout), "%d", t->connect_timeout);
		KV("connect_timeout", timeout);
	}
	KV("application_name", "fedq");
	KV("client_encoding", "UTF8");
	KV("options", t->is_source ? SOURCE_OPTIONS : WAREHOUSE_OPTIONS);
	keys[n] = NULL;
	vals[n] = NULL;
#undef KV

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return fq_raise_nomem(d, NULL);
	c->label = strdup(t->label != NULL ? t->label : "PostgreSQL server");
	if (c->label == NULL || pthread_mutex_init(&c->cancel_lock, NULL) != 0)
	{
		free(c->label);
		free(c);
		return fq_raise_nomem(d, NULL);
	}

	/* expand_dbname = 0: a database name is a name, never a conninfo. */
	conn = PQconnectdbParams(keys, vals, 0);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		raise_connect_failure(t, conn, d);
		PQfinish(conn);
		pthread_mutex_destroy(&c->cancel_lock);
		free(c->label);
		free(c);
		return FQ_ERROR;
	}
	c->conn = conn;
	c->is_source = t->is_source;
	PQsetNoticeReceiver(conn, notice_receiver, c);
	c->cancel = PQgetCancel(conn);
	if (c->cancel == NULL)
	{
		fq_pg_disconnect(c);
		return fq_raise_nomem(d, NULL);
	}
	v = PQserverVersion(conn);
	c->server_num = v;
	if (v >= 100000)
		snprintf(c->version, sizeof(c->version), "%d.%d", v / 10000, v % 10000);
	else
		snprintf(c->version, sizeof(c->version), "%d.%d.%d", v / 10000, (v / 100) % 100,
				 v % 100);
	*out = c;
	return FQ_OK;
}

void
fq_pg_disconnect(fq_pg_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->cancel_lock);
	if (c->cancel != NULL)
		PQfreeCancel(c->cancel);
	c->cancel = NULL;
	pthread_mutex_unlock(&c->cancel_lock);
	PQfinish(c->conn);
	pthread_mutex_destroy(&c->cancel_lock);
	free(c->label);
	free(c);
}

bool
fq_pg_alive(const fq_pg_conn *c)
{
	return c != NULL && c->conn != NULL && !c->broken && PQstatus(c->conn) == CONNECTION_OK;
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

/* ---- Cancellation ---- */

void
fq_pg_send_cancel(fq_pg_conn *c)
{
	char errbuf[256];

	pthread_mutex_lock(&c->cancel_lock);
	/* PQcancel returns once the server has the request, so a cancel sent
	 * before a drain cannot hit the next query. */
	if (c->cancel != NULL)
		(void) PQcancel(c->cancel, errbuf, sizeof(errbuf));
	pthread_mutex_unlock(&c->cancel_lock);
}

void
fq_pg_cancel(fq_pg_conn *c)
{
	if (c != NULL)
		fq_pg_send_cancel(c);
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
	res = PQexec(c->conn, sql);
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

int
fq_pg_begin_read(fq_pg_conn *c, fq_diags *d)
{
	return fq_pg_command(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", d);
}

/*
 * Ends the read transaction whatever happened in it: ROLLBACK when an error
 * left it aborted, COMMIT otherwise (for a read-only transaction the two
 * are the same, but COMMIT in an aborted one would report an error).
 */
int
fq_pg_end_read(fq_pg_conn *c, fq_diags *d)
{
	if (fq_pg_check_ready(c, d) != FQ_OK)
		return FQ_ERROR;
	switch (PQtransactionStatus(c->conn))
	{
		case PQTRANS_IDLE:
			return FQ_OK;
		case PQTRANS_INERROR:
			return fq_pg_command(c, "ROLLBACK", d);
		case PQTRANS_INTRANS:
			return fq_pg_command(c, "COMMIT", d);
		case PQTRANS_ACTIVE:
			return fq_raise(d, FQ_ERR_INTERNAL_ERROR, 0,
							"the connection to %s is busy with another query", c->label);
		case PQTRANS_UNKNOWN:
		default:
			return raise_broken(c, NULL, d);
	}
}
