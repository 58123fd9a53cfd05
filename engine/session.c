/*
 * session.c — fq_session: connection keys, connecting, the pool of source
 * connections, credentials, and the remote metadata cache.
 */
#include "config.h"

#include "engine.h"

#include "core/diag.h"
#include "core/strbuf.h"
#include "aws/aws.h"
#include "plan/sysviews.h"
#include "core/alloc.h"

#include <cJSON.h>
#include <openssl/crypto.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DEFAULT_NUMERIC_SCALE 10
#define DEFAULT_LOGIN_TIMEOUT 15
#define DEFAULT_METADATA_SECONDS 60
#define DEFAULT_SECRET_SECONDS 300
#define MAX_SECRET_FILE (64 * 1024)

const char *
fq_version(void)
{
	return "fedq " PACKAGE_VERSION;
}

/* The savepoint of statement-level rollback (fq_session_svp_begin). */
#define SVP_NAME "fedq_statement"

/* ---- Connection keys ---- */

typedef enum opt_kind
{
	OPT_STRING,
	OPT_INT,
	OPT_BOOL,
	OPT_BYTES,
	OPT_SSLMODE,
	OPT_PATH,    /* an absolute path */
	OPT_SHIP     /* auto | never | always */
} opt_kind;

typedef struct opt_def
{
	const char *names; /* '|'-separated, case-blind */
	opt_kind kind;
	size_t offset;
	int min;
	int max;
} opt_def;

#define OPT(names, kind, field, min, max) {names, kind, offsetof(fq_options, field), min, max}

static const opt_def opt_defs[] = {
	OPT("server|servername|host", OPT_STRING, server, 0, 0),
	OPT("port", OPT_INT, port, 1, 65535),
	OPT("database|dbname", OPT_STRING, database, 0, 0),
	OPT("uid|username|user", OPT_STRING, uid, 0, 0),
	OPT("pwd|password", OPT_STRING, pwd, 0, 0),
	OPT("sslmode", OPT_SSLMODE, sslmode, 0, 0),
	OPT("sslrootcert", OPT_PATH, sslrootcert, 0, 0),
	OPT("sslcert", OPT_PATH, sslcert, 0, 0),
	OPT("sslkey", OPT_PATH, sslkey, 0, 0),
	OPT("sourcesslmode", OPT_SSLMODE, src_sslmode, 0, 0),
	OPT("sourcesslrootcert", OPT_PATH, src_sslrootcert, 0, 0),
	OPT("sourcesslcert", OPT_PATH, src_sslcert, 0, 0),
	OPT("sourcesslkey", OPT_PATH, src_sslkey, 0, 0),
	OPT("allowanyuri", OPT_BOOL, allow_any_uri, 0, 0),
	OPT("catalogfile", OPT_STRING, catalog_file, 0, 0),
	OPT("searchpath", OPT_STRING, search_path, 0, 0),
	OPT("memorylimit", OPT_BYTES, memory_limit, 0, 0),
	OPT("spill", OPT_BOOL, spill, 0, 0),
	OPT("spilldirectory", OPT_PATH, spill_dir, 0, 0),
	OPT("querytimeout", OPT_INT, query_timeout, 0, 86400 * 365),
	OPT("logintimeout", OPT_INT, login_timeout, 0, 86400),
	OPT("metadatacacheseconds", OPT_INT, metadata_cache_seconds, 0, 86400 * 365),
	OPT("loglevel", OPT_INT, log_level, 0, 4),
	OPT("logfile", OPT_STRING, log_file, 0, 0),
	OPT("numericscale", OPT_INT, numeric_scale, 0, 38),
	OPT("pushdown", OPT_BOOL, pushdown, 0, 0),
	OPT("shiptowarehouse", OPT_SHIP, ship_to_warehouse, 0, 0),
	OPT("statementrollback", OPT_BOOL, statement_rollback, 0, 0),
	OPT("awsregion", OPT_STRING, aws_region, 0, 0),
	OPT("awsprofile", OPT_STRING, aws_profile, 0, 0),
	OPT("awssecretcacheseconds", OPT_INT, aws_secret_cache_seconds, 0, 86400 * 365),
	OPT("checksources", OPT_BOOL, check_sources, 0, 0),
	OPT("connectsourcesearly", OPT_BOOL, connect_sources_early, 0, 0),
};

static const opt_def *
find_opt(const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < sizeof(opt_defs) / sizeof(opt_defs[0]); i++)
	{
		const char *p = opt_defs[i].names;

		while (*p)
		{
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t) (bar - p) : strlen(p);

			if (n == klen && strncasecmp(p, key, n) == 0)
				return &opt_defs[i];
			p += n + (bar ? 1 : 0);
		}
	}
	return NULL;
}

bool
fq_session_is_known_key(const char *key)
{
	return find_opt(key) != NULL;
}

/* libpq's sslmode values, as libpq spells them; NULL for anything else. */
static const char *
ssl_mode_name(const char *v)
{
	static const char *const modes[] = {"disable", "allow", "prefer", "require", "verify-ca",
										"verify-full", NULL};

	for (int i = 0; modes[i]; i++)
		if (strcasecmp(v, modes[i]) == 0)
			return modes[i];
	return NULL;
}

int
fq_check_ssl_value(const char *what, const char *value, fq_diags *d)
{
	if (strcmp(what, "SSLMODE") == 0)
	{
		if (ssl_mode_name(value) != NULL)
			return FQ_OK;
		fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "invalid SSLMODE '%s'", value);
		fq_diag_hint(d, "Use 'disable', 'allow', 'prefer', 'require', 'verify-ca' or "
						"'verify-full' (libpq's sslmode).");
		return FQ_ERROR;
	}
	if (value[0] == '/')
		return FQ_OK;
	fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "%s '%s' is not an absolute path", what,
			 value);
	fq_diag_hint(d, "Give the file's absolute path: every program that uses this catalog "
					"reads it, each from its own working directory.");
	return FQ_ERROR;
}

/* ---- URIs ---- */

static bool
valid_host_name(const char *h)
{
	size_t n = strlen(h);
	size_t label = 0;

	if (n == 0 || n > 253)
		return false;
	for (const char *p = h; *p; p++)
	{
		if (*p == '.')
		{
			/* no empty label, none ending in '-'; one trailing dot is fine */
			if (label == 0 || p[-1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char) *p) && *p != '-' && *p != '_')
			return false;
		if (label == 0 && *p == '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label == 0 || h[n - 1] != '-';
}

const char *
fq_uri_problem(const char *uri)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (uri[0] == '\0')
		return "empty";
	if (uri[0] == '/' || uri[0] == '@')
		return "a Unix-socket directory, not a host name";
	if (strchr(uri, ',') != NULL)
		return "a list of hosts, not one host";
	if (strstr(uri, "://") != NULL)
		return "a URL, not a host name (write it without a protocol prefix)";
	if (inet_pton(AF_INET, uri, addr) == 1 || inet_pton(AF_INET6, uri, addr) == 1)
		return NULL;
	if (uri[0] == '[')
		return "a bracketed address (write an IPv6 address without brackets)";
	if (!valid_host_name(uri))
		return "not a host name or IP address";
	return NULL;
}

int
fq_check_uri(const fq_session *s, const char *schema, const char *uri, fq_diags *d)
{
	const char *problem = fq_uri_problem(uri);
	bool lenient_ok;

	if (problem == NULL)
		return FQ_OK;
	/* AllowAnyURI lets libpq read the host parameter its own ways (socket
	 * directories, host lists, whatever else it takes); a URL or nothing
	 * at all is never meant. */
	lenient_ok = uri[0] != '\0' && strstr(uri, "://") == NULL;
	if (s->opt.allow_any_uri && lenient_ok)
		return FQ_OK;
	if (schema != NULL)
		fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
				 "external schema \"%s\": URI '%s' is %s", schema, uri, problem);
	else
		fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "URI '%s' is %s", uri, problem);
	if (!lenient_ok)
		fq_diag_hint(d, "Give the server's host name or IP address, such as "
						"'mydb.example.com', and its port in PORT.");
	else if (schema != NULL)
		fq_diag_hint(d, "URI names one server by host name or IP address.  Create the "
						"schema again with one, or connect with AllowAnyURI=1 to let URI "
						"name a socket directory or a list of hosts.");
	else
		fq_diag_hint(d, "URI names one server by host name or IP address.  To reach a "
						"socket directory or a list of hosts, connect with AllowAnyURI=1.");
	return FQ_ERROR;
}

static bool
parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "1") || !strcasecmp(v, "on") || !strcasecmp(v, "true") ||
		!strcasecmp(v, "yes"))
		*out = true;
	else if (!strcasecmp(v, "0") || !strcasecmp(v, "off") || !strcasecmp(v, "false") ||
			 !strcasecmp(v, "no"))
		*out = false;
	else
		return false;
	return true;
}

/* "2GB", "512 MB", "1048576", "0" (no limit). */
static bool
parse_bytes(const char *v, size_t *out)
{
	char *end;
	unsigned long long n;
	unsigned long long mult = 1;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (end == v || errno != 0 || *v == '-')
		return false;
	while (*end == ' ')
		end++;
	if (*end == '\0' || !strcasecmp(end, "b"))
		mult = 1;
	else if (!strcasecmp(end, "kb") || !strcasecmp(end, "k"))
		mult = 1024ULL;
	else if (!strcasecmp(end, "mb") || !strcasecmp(end, "m"))
		mult = 1024ULL * 1024;
	else if (!strcasecmp(end, "gb") || !strcasecmp(end, "g"))
		mult = 1024ULL * 1024 * 1024;
	else if (!strcasecmp(end, "tb") || !strcasecmp(end, "t"))
		mult = 1024ULL * 1024 * 1024 * 1024;
	else
		return false;
	if (n > SIZE_MAX / mult)
		return false;
	*out = (size_t) (n * mult);
	return true;
}

static size_t
default_memory_limit(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);
	long page = sysconf(_SC_PAGESIZE);

	/* A driver shares the machine with its host application: a quarter. */
	if (pages <= 0 || page <= 0)
		return (size_t) 2 * 1024 * 1024 * 1024;
	return (size_t) pages * (size_t) page / 4;
}

fq_session *
fq_session_new(void)
{
	fq_session *s = fq_calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->diags = fq_diags_new();
	s->arena = fq_arena_new(NULL);
	if (s->diags == NULL || s->arena == NULL)
	{
		fq_diags_free(s->diags);
		fq_arena_free(s->arena);
		free(s);
		return NULL;
	}
	s->opt.port = 5432;
	s->opt.login_timeout = DEFAULT_LOGIN_TIMEOUT;
	s->opt.aws_secret_cache_seconds = DEFAULT_SECRET_SECONDS;
	s->opt.metadata_cache_seconds = DEFAULT_METADATA_SECONDS;
	s->opt.numeric_scale = DEFAULT_NUMERIC_SCALE;
	s->opt.memory_limit = default_memory_limit();
	s->opt.spill = true;
	s->opt.pushdown = true;
	s->opt.statement_rollback = true;
	s->opt.check_sources = true;
	s->opt.connect_sources_early = true;
	s->opt.search_path = "\"$user\", public";
	s->autocommit = true;
	return s;
}

int
fq_session_set_option(fq_session *s, const char *key, const char *value)
{
	const opt_def *def = find_opt(key);
	char *field;

	fq_diags_clear(s->diags);
	if (def == NULL)
		return FQ_OK;
	if (s->connected)
		return fq_raise(s->diags, FQ_ERR_ATTRIBUTE_CANNOT_BE_SET_NOW, 0,
						"connection key %s cannot change while connected", key);
	field = (char *) &s->opt + def->offset;
	switch (def->kind)
	{
		case OPT_STRING:
			{
				char *copy = fq_arena_strdup(s->arena, value);

				if (copy == NULL)
					return fq_raise_nomem(s->diags, NULL);
				/* An empty value means "not set" (DSN templates leave blanks). */
				*(const char **) field = copy[0] != '\0' ? copy : NULL;
				if (def->offset == offsetof(fq_options, search_path))
				{
					s->search_path_given = copy[0] != '\0';
					if (copy[0] == '\0')
						*(const char **) field = "\"$user\", public";
				}
				return FQ_OK;
			}
		case OPT_INT:
			{
				char *end;
				long v;

				errno = 0;
				v = strtol(value, &end, 10);
				while (*end == ' ')
					end++;
				if (value[0] == '\0' && def->offset != offsetof(fq_options, port))
					return FQ_OK;
				if (value[0] == '\0')
					return FQ_OK;
				if (errno != 0 || *end != '\0' || v < def->min || v > def->max)
				{
					fq_raise(s->diags, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
							 "invalid value \"%s\" for connection key %s", value, key);
					fq_diag_hint(s->diags, "%s takes a whole number from %d to %d.", key,
								 def->min, def->max);
					return FQ_ERROR;
				}
				*(int *) field = (int) v;
				return FQ_OK;
			}
		case OPT_BOOL:
			if (value[0] == '\0')
				return FQ_OK;
			if (!parse_bool(value, (bool *) field))
			{
				fq_raise(s->diags, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
						 "invalid value \"%s\" for connection key %s", value, key);
				fq_diag_hint(s->diags, "Use 1 or 0 (on/off, true/false, yes/no).");
				return FQ_ERROR;
			}
			return FQ_OK;
		case OPT_BYTES:
			if (value[0] == '\0')
				return FQ_OK;
			if (!parse_bytes(value, (size_t *) field))
			{
				fq_raise(s->diags, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
						 "invalid value \"%s\" for connection key %s", value, key);
				fq_diag_hint(s->diags, "Write a size such as 512MB or 2GB (0 = no limit).");
				return FQ_ERROR;
			}
			return FQ_OK;
		case OPT_SHIP:
			if (value[0] == '\0' || !strcasecmp(value, "auto"))
				*(int *) field = FQ_SHIP_AUTO;
			else if (!strcasecmp(value, "never"))
				*(int *) field = FQ_SHIP_NEVER;
			else if (!strcasecmp(value, "always"))
				*(int *) field = FQ_SHIP_ALWAYS;
			else
			{
				fq_raise(s->diags, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
						 "invalid value \"%s\" for connection key %s", value, key);
				fq_diag_hint(s->diags, "Use auto, never or always.");
				return FQ_ERROR;
			}
			return FQ_OK;
		case OPT_SSLMODE:
		case OPT_PATH:
			{
				const char *v;

				if (value[0] == '\0')
				{
					*(const char **) field = NULL;
					return FQ_OK;
				}
				if (def->kind == OPT_SSLMODE)
					v = ssl_mode_name(value);
				else
					v = value[0] == '/' ? fq_arena_strdup(s->arena, value) : NULL;
				if (v == NULL && def->kind == OPT_PATH && value[0] == '/')
					return fq_raise_nomem(s->diags, s->arena);
				if (v == NULL)
				{
					fq_raise(s->diags, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
							 "invalid value \"%s\" for connection key %s", value, key);
					if (def->kind == OPT_SSLMODE)
						fq_diag_hint(s->diags, "Use disable, allow, prefer, require, verify-ca or "
											   "verify-full.");
					else
						fq_diag_hint(s->diags, "Give an absolute path (one that starts with /).");
					return FQ_ERROR;
				}
				*(const char **) field = v;
				return FQ_OK;
			}
	}
	return fq_raise(s->diags, FQ_ERR_INTERNAL_ERROR, 0, "unrecognized option kind");
}

/* Splits a search path ("$user", public, rds) into names, in a, folding
 * unquoted ones to lower case as identifiers are. */
static int
parse_search_path(fq_session *s, const char *p, fq_arena *a)
{
	const char **names = NULL;
	int n = 0;
	int cap = 0;

	while (*p)
	{
		fq_strbuf b = FQ_STRBUF_INIT;
		const char *name;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '"')
		{
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
			{
				if (*p == '"')
					p++;
				fq_strbuf_appendc(&b, *p);
			}
			if (*p == '"')
				p++;
		}
		else
			for (; *p && *p != ',' && *p != ' '; p++)
				fq_strbuf_appendc(&b, (char) tolower((unsigned char) *p));
		if (!fq_strbuf_ok(&b))
		{
			fq_strbuf_free(&b);
			return fq_raise_nomem(s->diags, NULL);
		}
		name = fq_arena_strdup(a, fq_strbuf_str(&b));
		fq_strbuf_free(&b);
		if (name == NULL)
			return fq_raise_nomem(s->diags, a);
		if (strcmp(name, "$user") == 0)
			name = s->user;
		if (n == cap)
		{
			const char **grown;

			cap = cap ? cap * 2 : 4;
			grown = fq_arena_realloc(a, names, sizeof(char *) * (size_t) n,
									 sizeof(char *) * (size_t) cap);
			if (grown == NULL)
				return fq_raise_nomem(s->diags, a);
			names = grown;
		}
		names[n++] = name;
	}
	s->search_path = names;
	s->nsearch = n;
	s->rel_search = names;
	s->nrel_search = n;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], "pg_temp") == 0)
			return FQ_OK;
	if ((s->rel_search = FQ_NEW_ARRAY(a, const char *, (size_t) n + 1)) == NULL)
		return fq_raise_nomem(s->diags, a);
	s->rel_search[0] = "pg_temp";
	if (n > 0)
		memcpy(s->rel_search + 1, names, sizeof(char *) * (size_t) n);
	s->nrel_search = n + 1;
	return FQ_OK;
}

static char *
os_user(fq_arena *a)
{
	struct passwd pw;
	struct passwd *res = NULL;
	char buf[4096];
	const char *u = getenv("USER");

	if (u == NULL && getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res != NULL)
		u = pw.pw_name;
	return fq_arena_strdup(a, u != NULL ? u : "unknown");
}

/* How long the session's opening waits for the sources' connections begun
 * beside the warehouse's to finish, once the warehouse's has. */
#define EARLY_SETTLE_MS 250
static void start_early_sources(fq_session *s, fq_pg_pending **early, int *n);
static void drop_early_sources(fq_session *s);

/* Connects to the warehouse; the attempts of `early` (n) advance meanwhile. */
static int
connect_warehouse_beside(fq_session *s, fq_pg_pending *const *early, int n, fq_pg_conn **out,
						 fq_diags *d)
{
	fq_pg_target t = {
		.host = s->opt.server,
		.port = s->opt.port,
		.dbname = s->opt.database,
		.user = s->opt.uid,
		.password = s->opt.pwd,
		.sslmode = s->opt.sslmode,
		.sslrootcert = s->opt.sslrootcert,
		.sslcert = s->opt.sslcert,
		.sslkey = s->opt.sslkey,
		.connect_timeout = s->opt.login_timeout,
		.label = "the warehouse",
		.is_source = false,
	};

	return fq_pg_connect_beside(&t, early, n, out, d);
}

static int
connect_warehouse(fq_session *s, fq_pg_conn **out, fq_diags *d)
{
	return connect_warehouse_beside(s, NULL, 0, out, d);
}

/*
 * The warehouse connection was lost (a restart, a network cut, fedq
 * dropping a connection that did not answer).  Outside a transaction
 * nothing is lost: connect again, as for a source.  Inside one its
 * changes are gone, which the application must learn: every statement
 * fails until it ends the transaction (fq_session_end_tran).
 */
static int
warehouse_again(fq_session *s, fq_stmt *requester, fq_diags *d)
{
	fq_pg_conn *fresh;

	if (s->wh_in_tran)
	{
		fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0,
				 "the connection to the warehouse was lost inside a transaction; the "
				 "transaction's changes are gone");
		fq_diag_hint(d, "Roll the transaction back (SQLEndTran), then run its statements "
						"again: the next statement connects afresh.");
		return FQ_ERROR;
	}
	/* The requester itself reads from the old connection (an earlier part
	 * of the same query): it cannot go on; the next statement connects. */
	if (s->wh_owner != NULL && s->wh_owner == requester)
	{
		fq_raise(d, FQ_ERR_CONNECTION_FAILURE, 0,
				 "the connection to the warehouse was lost during the statement");
		fq_diag_hint(d, "Run the statement again: the next statement connects afresh.");
		return FQ_ERROR;
	}
	/* A result still reading from the old connection ends (its statement
	 * reports why when it next fetches). */
	if (s->wh_owner != NULL)
	{
		fq_diags *ignored = fq_diags_new();

		if (ignored == NULL)
			return fq_raise_nomem(d, NULL);
		(void) fq_stmt_buffer_rest(s->wh_owner, ignored);
		fq_diags_free(ignored);
	}
	if (connect_warehouse(s, &fresh, d) < 0)
		return FQ_ERROR;
	fq_pg_disconnect(s->warehouse);
	s->warehouse = fresh;
	s->wh_owner = NULL;
	fq_log_write(&s->log, FQ_LOG_DEBUG, "connected to the warehouse again, at %s:%d",
				 s->opt.server, s->opt.port);
	return FQ_OK;
}

int
fq_session_connect(fq_session *s)
{
	char *path;
	int rc;
	fq_pg_pending *early[FQ_PG_MAX_BESIDE];
	int nearly = 0;

	fq_diags_clear(s->diags);
	if (s->connected)
		return fq_raise(s->diags, FQ_ERR_CONNECTION_NAME_IN_USE, 0, "already connected");
	if (!fq_log_open(&s->log, s->opt.log_level, s->opt.log_file))
	{
		fq_raise(s->diags, FQ_ERR_IO_ERROR, 0, "cannot open LogFile \"%s\": %s", s->opt.log_file,
				 strerror(errno));
		fq_diag_hint(s->diags, "Give LogFile a writable path, or set LogLevel=0.");
		return FQ_ERROR;
	}
	errno = ENOMEM;
	path = s->opt.catalog_file != NULL ? fq_strdup(s->opt.catalog_file) : fq_store_default_path();
	if (path == NULL && errno == ENOMEM)
		return fq_raise_nomem(s->diags, NULL);
	if (path == NULL)
	{
		fq_raise(s->diags, FQ_ERR_CONFIG_FILE_ERROR, 0,
				 "cannot find a place for the catalog file: HOME is not set");
		fq_diag_hint(s->diags, "Set the CatalogFile connection key.");
		return FQ_ERROR;
	}
	rc = fq_store_open(&s->store, path, s->diags);
	free(path);
	if (rc < 0)
	{
		fq_store_close(&s->store);
		return FQ_ERROR;
	}
	/*
	 * The sources' connections begin now and advance while fedq waits for
	 * the warehouse's: the first federated statement then finds them made
	 * (or nearly), instead of connecting after its catalog query to the
	 * warehouse went out.
	 */
	if (s->opt.connect_sources_early)
		start_early_sources(s, early, &nearly);
	if (s->opt.server != NULL)
	{
		if (connect_warehouse_beside(s, early, nearly, &s->warehouse, s->diags) < 0)
		{
			const fq_diag *e = fq_diags_get(s->diags, 0);

			drop_early_sources(s);

			fq_log_write(&s->log, FQ_LOG_ERROR, "connect failed: [%s] %s", e ? e->sqlstate : "?",
						 e ? e->message : "?");
			fq_store_close(&s->store);
			fq_log_close(&s->log);
			return FQ_ERROR;
		}
		/*
		 * A source's handshake moves only while fedq polls it: one the
		 * warehouse's finished before would wait, half done, for the
		 * first statement.  The ones whose server has answered get a
		 * little longer to finish (the rest is the server's own work).
		 */
		fq_pg_connect_settle(early, nearly, EARLY_SETTLE_MS);
		fq_log_write(&s->log, FQ_LOG_DEBUG, "connected to the warehouse at %s:%d, database \"%s\", as \"%s\"",
					 s->opt.server, s->opt.port, fq_pg_database(s->warehouse), fq_pg_user(s->warehouse));
		s->user = fq_arena_strdup(s->arena, fq_pg_user(s->warehouse));
		s->wh_database = fq_arena_strdup(s->arena, fq_pg_database(s->warehouse));
		s->wh_version = fq_arena_strdup(s->arena, fq_pg_server_version(s->warehouse));
		if (s->wh_database == NULL || s->wh_version == NULL)
			goto nomem;
		s->warehouse_source.kind = FQ_SOURCE_WAREHOUSE;
		s->warehouse_source.key = fq_arena_printf(s->arena, "warehouse");
		s->warehouse_source.label = "the warehouse";
		if (s->warehouse_source.key == NULL)
			goto nomem;
	}
	else
		s->user = s->opt.uid != NULL ? fq_arena_strdup(s->arena, s->opt.uid) : os_user(s->arena);
	if (s->user == NULL)
		goto nomem;
	if (parse_search_path(s, s->opt.search_path, s->arena) < 0)
		goto fail;
	s->connected = true;
	s->wh_in_tran = false;
	s->svp = FQ_SVP_NONE;
	s->search_path_touched = false;
	/* Without SearchPath, names are looked up as the warehouse does (its
	 * role's or database's own search_path): read it first. */
	s->search_path_stale = s->warehouse != NULL && !s->search_path_given;
	fq_log_write(&s->log, FQ_LOG_STATEMENT, "session opened: catalog \"%s\", %d external schemas",
				 s->store.path, s->store.nschemas);
	return FQ_OK;

nomem:
	fq_raise_nomem(s->diags, s->arena);
fail:
	drop_early_sources(s);
	if (s->warehouse != NULL)
		fq_pg_disconnect(s->warehouse);
	s->warehouse = NULL;
	fq_store_close(&s->store);
	return FQ_ERROR;
}

void
fq_free_meta_entry(fq_meta_entry *e)
{
	if (e == NULL)
		return;
	fq_arena_free(e->arena);
	free(e);
}

void
fq_session_forget_meta(fq_session *s, const char *source_key)
{
	fq_meta_entry **pp = &s->meta;
	fq_call_entry **cp = &s->calls;

	while (*cp != NULL)
	{
		fq_call_entry *e = *cp;

		if (source_key == NULL || strcmp(e->source_key, source_key) == 0)
		{
			*cp = e->next;
			free(e->source_key);
			free(e->call);
			free(e);
		}
		else
			cp = &e->next;
	}

	while (*pp != NULL)
	{
		fq_meta_entry *e = *pp;

		if (source_key == NULL || strcmp(e->source_key, source_key) == 0)
		{
			*pp = e->next;
			fq_arena_free(e->arena);
			free(e);
		}
		else
			pp = &e->next;
	}
}

void
fq_session_disconnect(fq_session *s)
{
	fq_source_conn *c = s->conns;

	drop_early_sources(s);

	while (c != NULL)
	{
		fq_source_conn *next = c->next;

		fq_pg_disconnect(c->conn);
		free(c->key);
		free(c);
		c = next;
	}
	s->conns = NULL;
	if (s->warehouse != NULL)
	{
		/* An open transaction is rolled back, as closing a connection does. */
		fq_pg_disconnect(s->warehouse);
		s->warehouse = NULL;
	}
	fq_session_forget_meta(s, NULL);
	fq_session_prefetch_done(s);
	if (s->connected)
	{
		fq_store_close(&s->store);
		fq_log_write(&s->log, FQ_LOG_STATEMENT, "session closed");
	}
	fq_log_close(&s->log);
	s->connected = false;
	s->wh_in_tran = false;
	s->svp = FQ_SVP_NONE;
}

bool
fq_session_connected(const fq_session *s)
{
	return s->connected;
}

void
fq_session_free(fq_session *s)
{
	if (s == NULL)
		return;
	fq_session_disconnect(s);
	fq_fedlog_free(s);
	fq_diags_free(s->diags);
	fq_arena_free(s->path_arena);
	fq_arena_free(s->arena);
	free(s);
}

const fq_diags *
fq_session_diags(const fq_session *s)
{
	return s->diags;
}

const char *
fq_session_database(const fq_session *s)
{
	if (s->warehouse != NULL && s->wh_database != NULL)
		return s->wh_database;
	return s->opt.database != NULL ? s->opt.database : "";
}

const char *
fq_session_user(const fq_session *s)
{
	return s->user != NULL ? s->user : "";
}

int
fq_session_query_timeout(const fq_session *s)
{
	return s->opt.query_timeout;
}

int
fq_session_numeric_scale(const fq_session *s)
{
	return s->opt.numeric_scale;
}

const char *
fq_session_server_version(const fq_session *s)
{
	if (s->warehouse != NULL && s->wh_version != NULL)
		return s->wh_version;
	return PACKAGE_VERSION;
}

int
fq_session_set_autocommit(fq_session *s, bool on)
{
	fq_diags_clear(s->diags);
	if (on && !s->autocommit && s->wh_in_tran)
	{
		fq_pg_conn *c;

		/* ODBC: switching autocommit on commits the open transaction. */
		if (fq_session_source_conn(s, &s->warehouse_source, NULL, false, &c, s->diags) < 0 ||
			fq_pg_command(c, "COMMIT", s->diags) < 0)
			return FQ_ERROR;
		s->wh_in_tran = false;
		s->svp = FQ_SVP_NONE;
	}
	s->autocommit = on;
	return FQ_OK;
}

bool
fq_session_autocommit(const fq_session *s)
{
	return s->autocommit;
}

int
fq_session_end_tran(fq_session *s, bool commit)
{
	fq_diags_clear(s->diags);
	/* the transaction's end undoes a SET search_path made in it */
	if (s->search_path_touched)
		s->search_path_stale = true;
	if (!s->connected)
		return fq_raise(s->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST, 0, "not connected");
	if (!s->wh_in_tran)
		return FQ_OK; /* nothing was done since the last commit */
	if (!fq_pg_alive(s->warehouse))
	{
		/* The connection went with the transaction: rolling back is done,
		 * committing cannot be. */
		s->wh_in_tran = false;
		s->svp = FQ_SVP_NONE;
		if (!commit)
			return FQ_OK;
		fq_raise(s->diags, FQ_ERR_CONNECTION_FAILURE, 0,
				 "the transaction could not be committed: the connection to the warehouse "
				 "was lost, and the transaction's changes with it");
		fq_diag_hint(s->diags, "Run the transaction's statements again; the next statement "
							   "connects afresh.");
		return FQ_ERROR;
	}
	{
		fq_pg_conn *c;

		if (fq_session_source_conn(s, &s->warehouse_source, NULL, false, &c, s->diags) < 0)
			return FQ_ERROR;
		/* A failure after the last statement began (a fetch that failed)
		 * undoes that statement alone before the rest is committed. */
		if (commit && s->svp != FQ_SVP_NONE && fq_pg_txn_state(c) == FQ_PG_TXN_FAILED &&
			fq_pg_command(c, "ROLLBACK TO SAVEPOINT " SVP_NAME, s->diags) < 0)
		{
			/* The application may still roll back. */
			s->svp = FQ_SVP_NONE;
			return FQ_ERROR;
		}
		s->wh_in_tran = false;
		s->svp = FQ_SVP_NONE;
		return fq_pg_command(c, commit ? "COMMIT" : "ROLLBACK", s->diags);
	}
}

/* ---- Statement-level rollback ---- */


/* True for statements that begin or end transactions or savepoints: fedq's
 * savepoint must not sit between them and the transaction. */
static bool
is_transaction_control(const char *sql)
{
	static const char *const words[] = {"begin", "start", "commit", "end", "rollback",
										"abort", "savepoint", "release", "prepare", NULL};
	const char *p = sql;
	size_t n = 0;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '(')
		p++;
	while (isalpha((unsigned char) p[n]))
		n++;
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(p, words[i], n) == 0)
		{
			/* PREPARE name AS ... is an ordinary statement; PREPARE
			 * TRANSACTION is not. */
			if (i == 8)
			{
				const char *q = p + n;

				while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
					q++;
				return strncasecmp(q, "transaction", 11) == 0;
			}
			return true;
		}
	return false;
}

int
fq_session_svp_begin(fq_session *s, fq_pg_conn *wc, const char *sql, fq_diags *d)
{
	fq_pg_txn t;
	const char *cmd = NULL;

	if (!s->opt.statement_rollback)
		return 0;
	t = fq_pg_txn_state(wc);
	if (t != FQ_PG_TXN_OPEN && t != FQ_PG_TXN_FAILED)
	{
		s->svp = FQ_SVP_NONE;
		return 0;
	}
	if (sql != NULL && is_transaction_control(sql))
	{
		if (s->svp != FQ_SVP_NONE)
			cmd = t == FQ_PG_TXN_FAILED
				? "ROLLBACK TO SAVEPOINT " SVP_NAME "; RELEASE SAVEPOINT " SVP_NAME
				: "RELEASE SAVEPOINT " SVP_NAME;
		s->svp = FQ_SVP_NONE;
		return cmd != NULL && fq_pg_command(wc, cmd, d) < 0 ? FQ_ERROR : 0;
	}
	switch (s->svp)
	{
		case FQ_SVP_NONE:
			/* An error before any savepoint was set (in a transaction the
			 * application began with an error pending) cannot be undone
			 * alone: the statement fails as PostgreSQL says. */
			if (t == FQ_PG_TXN_FAILED)
				return 0;
			cmd = "SAVEPOINT " SVP_NAME;
			break;
		case FQ_SVP_CLEAN:
			if (t == FQ_PG_TXN_FAILED)
				cmd = "ROLLBACK TO SAVEPOINT " SVP_NAME;
			break;
		case FQ_SVP_DIRTY:
			cmd = t == FQ_PG_TXN_FAILED ? "ROLLBACK TO SAVEPOINT " SVP_NAME
										: "RELEASE SAVEPOINT " SVP_NAME "; SAVEPOINT " SVP_NAME;
			break;
	}
	if (cmd != NULL && fq_pg_command(wc, cmd, d) < 0)
	{
		s->svp = FQ_SVP_NONE;
		return FQ_ERROR;
	}
	s->svp = FQ_SVP_DIRTY;
	return 1;
}

void
fq_session_svp_failed(fq_session *s, fq_diags *d)
{
	if (s->svp != FQ_SVP_DIRTY || s->warehouse == NULL ||
		fq_pg_txn_state(s->warehouse) != FQ_PG_TXN_FAILED)
		return;
	if (fq_pg_command(s->warehouse, "ROLLBACK TO SAVEPOINT " SVP_NAME, d) < 0)
		s->svp = FQ_SVP_NONE;
	else
		s->svp = FQ_SVP_CLEAN;
}

/* ---- Sources ---- */

/* Appends one part of a pool key: its length, then the text, so no value
 * can pass for another part (a '|' in a database name, say). */
static void
key_part(fq_strbuf *b, const char *v)
{
	if (v == NULL)
		fq_strbuf_append(b, "-|");
	else
		fq_strbuf_printf(b, "%zu:%s|", strlen(v), v);
}

/* The TLS settings a source is reached with: the schema's own clauses,
 * else the SourceSSL* connection keys, else (NULL) libpq's environment. */
static const char *
src_ssl(const char *schema_value, const char *key_value)
{
	return schema_value != NULL ? schema_value : key_value;
}

const fq_source *
fq_session_ext_source(fq_session *s, const fq_ext_schema *ext, fq_arena *a)
{
	fq_source *src = FQ_NEW(a, fq_source);
	fq_strbuf key = FQ_STRBUF_INIT;

	if (src == NULL)
		return NULL;
	src->kind = FQ_SOURCE_EXTERNAL;
	src->ext = ext;
	/* Same server, database, credentials and TLS settings: one connection
	 * serves both schemas (and their metadata is shared). */
	fq_strbuf_printf(&key, "pg|%d|", ext->port);
	key_part(&key, ext->uri);
	key_part(&key, ext->database);
	key_part(&key, ext->secret_arn);
	key_part(&key, ext->iam_role);
	key_part(&key, src_ssl(ext->sslmode, s->opt.src_sslmode));
	key_part(&key, src_ssl(ext->sslrootcert, s->opt.src_sslrootcert));
	key_part(&key, src_ssl(ext->sslcert, s->opt.src_sslcert));
	key_part(&key, src_ssl(ext->sslkey, s->opt.src_sslkey));
	src->key = fq_strbuf_ok(&key) ? fq_arena_strdup(a, fq_strbuf_str(&key)) : NULL;
	fq_strbuf_free(&key);
	src->label = fq_arena_printf(a, "external schema \"%s\"", ext->name);
	if (src->key == NULL || src->label == NULL)
		return NULL;
	return src;
}

/* Reads {"username": ..., "password": ...} from a local secret file. */
static int
read_secret_file(const char *path, const char *schema, char **user, char **password,
				 fq_diags *d)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;
	cJSON *root;
	cJSON *u;
	cJSON *p;

	if (f == NULL)
	{
		int e = errno;

		fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
				 "cannot read the secret of external schema \"%s\" from \"%s\": %s", schema,
				 path, e == ENOENT ? "no such file" : e == EACCES ? "permission denied"
						: "cannot open it");
		if (path[0] != '/')
			fq_diag_hint(d, "The path is relative, so it is read from this program's working "
							"directory: DROP SCHEMA %s and create it again with "
							"SECRET_ARN 'file:/full/path/secret.json'.", schema);
		else
			fq_diag_hint(d, "SECRET_ARN 'file:/path' must name a readable JSON file with "
							"\"username\" and \"password\".");
		return FQ_ERROR;
	}
	/* On the heap: the host's thread may have a small stack. */
	if ((buf = fq_malloc(MAX_SECRET_FILE + 1)) == NULL)
	{
		fclose(f);
		return fq_raise_nomem(d, NULL);
	}
	n = fread(buf, 1, MAX_SECRET_FILE + 1, f);
	fclose(f);
	if (n > MAX_SECRET_FILE)
	{
		OPENSSL_cleanse(buf, MAX_SECRET_FILE + 1);
		free(buf);
		return fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						"the secret file \"%s\" of external schema \"%s\" is too large", path,
						schema);
	}
	buf[n] = '\0';
	root = cJSON_ParseWithLength(buf, n);
	/* Never echo the file's content: it holds a password. */
	OPENSSL_cleanse(buf, MAX_SECRET_FILE + 1);
	free(buf);
	if (root == NULL)
		return fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						"the secret file \"%s\" of external schema \"%s\" is not valid JSON",
						path, schema);
	u = cJSON_GetObjectItemCaseSensitive(root, "username");
	p = cJSON_GetObjectItemCaseSensitive(root, "password");
	if (!cJSON_IsString(u) || !cJSON_IsString(p))
	{
		cJSON_Delete(root);
		return fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						"the secret file \"%s\" of external schema \"%s\" lacks \"username\" "
						"or \"password\"", path, schema);
	}
	*user = fq_strdup(u->valuestring);
	*password = fq_strdup(p->valuestring);
	OPENSSL_cleanse(p->valuestring, strlen(p->valuestring));
	cJSON_Delete(root);
	if (*user == NULL || *password == NULL)
	{
		free(*user);
		if (*password != NULL)
			OPENSSL_cleanse(*password, strlen(*password));
		free(*password);
		*user = *password = NULL;
		return fq_raise_nomem(d, NULL);
	}
	return FQ_OK;
}

/* Seconds connecting to a source (and fetching its secret) may take:
 * LoginTimeout, shortened while CREATE EXTERNAL SCHEMA checks it. */
static int
source_timeout(const fq_session *s)
{
	int t = s->opt.login_timeout;

	if (s->check_timeout > 0 && (t == 0 || t > s->check_timeout))
		t = s->check_timeout;
	return t;
}

/* The user name and password of an external schema's secret: a local
 * file, or AWS Secrets Manager (aws/aws.h); none without SECRET_ARN. */
static int
source_secret(fq_session *s, const fq_ext_schema *ext, char **user, char **password,
			  bool *from_cache, fq_diags *d)
{
	fq_aws_opts o = {.region = s->opt.aws_region, .profile = s->opt.aws_profile,
					 .timeout = source_timeout(s),
					 .cache_seconds = s->opt.aws_secret_cache_seconds, .log = &s->log};

	*from_cache = false;
	if (ext->secret_arn == NULL)
		return FQ_OK;
	if (strncmp(ext->secret_arn, "file:", 5) == 0)
		return read_secret_file(ext->secret_arn + 5, ext->name, user, password, d);
	return fq_aws_get_secret(&o, ext->name, ext->secret_arn, ext->iam_role, user, password,
							 from_cache, d);
}

static void
wipe_secret(char **user, char **password)
{
	if (*password != NULL)
		OPENSSL_cleanse(*password, strlen(*password));
	free(*user);
	free(*password);
	*user = *password = NULL;
}

/* Where and as whom to connect for src. */
static void
source_target(fq_session *s, const fq_source *src, char *user, char *password, fq_pg_target *out)
{
	const fq_ext_schema *ext = src->ext;
	fq_pg_target t;

	memset(&t, 0, sizeof(t));
	t.host = ext->uri;
	t.sslmode = src_ssl(ext->sslmode, s->opt.src_sslmode);
	t.sslrootcert = src_ssl(ext->sslrootcert, s->opt.src_sslrootcert);
	t.sslcert = src_ssl(ext->sslcert, s->opt.src_sslcert);
	t.sslkey = src_ssl(ext->sslkey, s->opt.src_sslkey);
	t.port = ext->port;
	t.dbname = ext->database;
	t.user = user;
	t.password = password;
	t.connect_timeout = source_timeout(s);
	if (t.connect_timeout != s->opt.login_timeout)
		t.timeout_key = "the connection check of CREATE EXTERNAL SCHEMA";
	t.label = src->label;
	t.is_source = true;
	*out = t;
}

/* A connection to one source begun at session open (ConnectSourcesEarly). */
typedef struct fq_early_conn
{
	struct fq_early_conn *next;
	char *key;
	fq_pg_pending *attempt;
} fq_early_conn;

/* The attempt begun early for src's key, taken from the list; NULL when
 * there is none. */
static fq_pg_pending *
take_early(fq_session *s, const fq_source *src)
{
	for (fq_early_conn **pp = &s->early; *pp != NULL; pp = &(*pp)->next)
	{
		fq_early_conn *e = *pp;
		fq_pg_pending *attempt = e->attempt;

		if (strcmp(e->key, src->key) != 0)
			continue;
		*pp = e->next;
		free(e->key);
		free(e);
		return attempt;
	}
	return NULL;
}

static void
drop_early_sources(fq_session *s)
{
	while (s->early != NULL)
	{
		fq_early_conn *e = s->early;

		s->early = e->next;
		fq_pg_connect_abandon(e->attempt);
		free(e->key);
		free(e);
	}
}

/* Moves the attempts begun early along, without waiting. */
static void
advance_early_sources(fq_session *s)
{
	for (fq_early_conn *e = s->early; e != NULL; e = e->next)
		fq_pg_connect_advance(e->attempt);
}

/* Whether uri is an IPv4 or IPv6 address: libpq looks a host name up
 * (getaddrinfo) before it returns from PQconnectStartParams, which could
 * hold the session's opening on a slow resolver for a source it may never
 * need. */
static bool
numeric_host(const char *uri)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return uri != NULL &&
		(inet_pton(AF_INET, uri, addr) == 1 || inet_pton(AF_INET6, uri, addr) == 1);
}

/*
 * Begins a connection to the source of each external schema (one per
 * source: schemas of one server, database and credentials share it), at
 * most FQ_PG_MAX_BESIDE, into early[] (*n of them) and s->early.  Only
 * sources whose credentials are at hand: a schema whose secret lives in
 * AWS Secrets Manager is connected when first needed, as one whose URI
 * is a host name (not an address) or one this session does not allow.  Nothing here fails the session: an
 * attempt that cannot begin is no attempt, one that fails is made again
 * when the source is needed (fq_pg_connect_finish).
 */
static void
start_early_sources(fq_session *s, fq_pg_pending **early, int *n)
{
	fq_arena *a = fq_arena_new(NULL);
	fq_diags *d = fq_diags_new();

	*n = 0;
	for (int i = 0; a != NULL && d != NULL && i < s->store.nschemas && *n < FQ_PG_MAX_BESIDE; i++)
	{
		const fq_ext_schema *ext = &s->store.schemas[i];
		const fq_source *src;
		fq_early_conn *e;
		char *user = NULL;
		char *password = NULL;
		bool cached = false;
		bool dup = false;
		fq_pg_target t;

		if ((ext->secret_arn != NULL && strncmp(ext->secret_arn, "file:", 5) != 0) ||
			!numeric_host(ext->uri))
			continue;
		if ((src = fq_session_ext_source(s, ext, a)) == NULL)
			break;
		for (fq_early_conn *o = s->early; o != NULL && !dup; o = o->next)
			dup = strcmp(o->key, src->key) == 0;
		if (dup || fq_check_uri(s, ext->name, ext->uri, d) < 0 ||
			source_secret(s, ext, &user, &password, &cached, d) < 0)
		{
			fq_diags_clear(d);
			continue;
		}
		source_target(s, src, user, password, &t);
		e = fq_calloc(1, sizeof(*e));
		if (e == NULL || (e->key = fq_strdup(src->key)) == NULL ||
			(e->attempt = fq_pg_connect_start(&t)) == NULL)
		{
			if (e != NULL)
				free(e->key);
			free(e);
			wipe_secret(&user, &password);
			continue;
		}
		wipe_secret(&user, &password);
		e->next = s->early;
		s->early = e;
		early[(*n)++] = e->attempt;
		fq_log_write(&s->log, FQ_LOG_DEBUG, "connecting to %s at %s:%d, database \"%s\", ahead of need",
					 src->label, ext->uri, ext->port, ext->database);
	}
	fq_diags_free(d);
	fq_arena_free(a);
}

static int
connect_source(fq_session *s, const fq_source *src, fq_pg_conn **out, fq_diags *d)
{
	const fq_ext_schema *ext = src->ext;
	char *user = NULL;
	char *password = NULL;
	bool cached;
	fq_pg_target t;
	fq_pg_pending *early;
	bool afresh = false;
	fq_diags *first;
	int rc;

	/* The catalog file may have been written by a process that allowed
	 * what this one does not (AllowAnyURI), or by hand. */
	if (fq_check_uri(s, ext->name, ext->uri, d) < 0)
		return FQ_ERROR;
	if (source_secret(s, ext, &user, &password, &cached, d) < 0)
		return FQ_ERROR;
	source_target(s, src, user, password, &t);
	if (!cached)
	{
		/* Begun at session open, with the same target (a later CREATE
		 * EXTERNAL SCHEMA check keeps its own, shorter, timeout). */
		early = t.timeout_key == NULL ? take_early(s, src) : NULL;
		rc = early != NULL ? fq_pg_connect_finish(early, &t, out, &afresh, d)
			: fq_pg_connect(&t, out, d);
		wipe_secret(&user, &password);
		if (early != NULL && rc == FQ_OK)
			fq_log_write(&s->log, FQ_LOG_DEBUG, "%s: %s", src->label,
						 afresh ? "the attempt begun at session open failed; connected afresh"
						 : "the connection begun at session open is taken");
		return rc;
	}
	/* A cached secret the source refuses may have been rotated: fetch it
	 * again and try once more. */
	if ((first = fq_diags_new()) == NULL)
	{
		wipe_secret(&user, &password);
		return fq_raise_nomem(d, NULL);
	}
	rc = fq_pg_connect(&t, out, first);
	wipe_secret(&user, &password);
	if (rc < 0 && fq_diags_count(first) > 0 &&
		strcmp(fq_diags_get(first, 0)->sqlstate, fq_errcode_sqlstate(FQ_ERR_INVALID_PASSWORD)) == 0)
	{
		fq_log_write(&s->log, FQ_LOG_DEBUG,
					 "external schema \"%s\": the cached secret was refused; fetching it again",
					 ext->name);
		fq_aws_forget_secret(ext->secret_arn, ext->iam_role);
		if (source_secret(s, ext, &user, &password, &cached, d) < 0)
		{
			fq_diags_free(first);
			return FQ_ERROR;
		}
		t.user = user;
		t.password = password;
		rc = fq_pg_connect(&t, out, d);
		wipe_secret(&user, &password);
	}
	else if (rc < 0)
		fq_diags_append(d, first);
	fq_diags_free(first);
	return rc;
}

#define MAX_CONNS_PER_SOURCE 8

int
fq_session_source_conn(fq_session *s, const fq_source *src, fq_stmt *requester, bool hold,
					   fq_pg_conn **out, fq_diags *d)
{
	fq_source_conn *c;
	fq_source_conn *reuse = NULL;
	int count = 0;

	if (src->kind == FQ_SOURCE_WAREHOUSE)
	{
		if (s->warehouse == NULL)
			return fq_raise(d, FQ_ERR_CONNECTION_DOES_NOT_EXIST, 0,
							"this connection has no warehouse (no Server connection key)");
		if (!fq_pg_alive(s->warehouse) && warehouse_again(s, requester, d) < 0)
			return FQ_ERROR;
		/*
		 * The statement itself is reading the warehouse (the query around a
		 * subquery fedq runs per row): another connection reads for it,
		 * outside the user's transaction only -- inside one, its changes
		 * would not be seen.
		 */
		if (((requester != NULL && s->wh_owner == requester) || s->wh_copying) &&
			fq_pg_busy(s->warehouse))
		{
			if (s->wh_copying && !s->wh_own_write)
			{
				fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						 "inside a transaction fedq cannot read the warehouse while it writes "
						 "into it: this INSERT or CREATE TABLE AS reads warehouse tables too");
				fq_diag_hint(d, "Run it in autocommit mode, or load the external rows into a "
								"table of their own first and join in the warehouse.");
				return FQ_ERROR;
			}
			if (s->wh_in_tran ||
				(fq_pg_in_user_transaction(s->warehouse) && !s->wh_own_write))
			{
				fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						 "this query reads the warehouse twice at once (a subquery run per row "
						 "over warehouse tables), which fedq does inside a transaction only "
						 "through one connection");
				fq_diag_hint(d, "Run it outside the transaction (autocommit), or rewrite the "
								"subquery as a join.");
				return FQ_ERROR;
			}
			goto pooled;
		}
		if (s->wh_owner != NULL && s->wh_owner != requester &&
			fq_stmt_buffer_rest(s->wh_owner, d) < 0)
			return FQ_ERROR;
		if (hold)
			s->wh_owner = requester;
		*out = s->warehouse;
		return FQ_OK;
	}
pooled:
	for (c = s->conns; c != NULL; c = c->next)
	{
		if (strcmp(c->key, src->key) != 0)
			continue;
		count++;
		/* one the requester is reading a result from is busy: another */
		if (c->conn != NULL && fq_pg_busy(c->conn))
			continue;
		if (c->owner == requester && requester != NULL)
		{
			reuse = c; /* the requester's own: best */
			break;
		}
		if (c->owner == NULL && reuse == NULL)
			reuse = c;
	}
	if (reuse != NULL && fq_pg_alive(reuse->conn))
	{
		if (hold)
			reuse->owner = requester;
		*out = reuse->conn;
		return FQ_OK;
	}
	if (reuse == NULL)
	{
		if (count >= MAX_CONNS_PER_SOURCE)
		{
			fq_raise(d, FQ_ERR_INSUFFICIENT_RESOURCES, 0,
					 "%s already has %d open results on this connection", src->label, count);
			fq_diag_hint(d, "Fetch or close the results of other statements first.");
			return FQ_ERROR;
		}
		reuse = fq_calloc(1, sizeof(*reuse));
		if (reuse == NULL || (reuse->key = fq_strdup(src->key)) == NULL)
		{
			free(reuse);
			return fq_raise_nomem(d, NULL);
		}
		reuse->next = s->conns;
		s->conns = reuse;
	}
	else
	{
		/* The server went away since last time: connect afresh. */
		fq_pg_disconnect(reuse->conn);
		reuse->conn = NULL;
	}
	if ((src->kind == FQ_SOURCE_WAREHOUSE ? connect_warehouse(s, &reuse->conn, d)
		 : connect_source(s, src, &reuse->conn, d)) < 0)
	{
		reuse->conn = NULL;
		reuse->owner = NULL;
		return FQ_ERROR;
	}
	if (src->ext != NULL)
		fq_log_write(&s->log, FQ_LOG_DEBUG, "connected to %s at %s:%d, database \"%s\"",
					 src->label, src->ext->uri, src->ext->port, src->ext->database);
	else
		fq_log_write(&s->log, FQ_LOG_DEBUG, "connected to %s again, for a second reader",
					 src->label);
	reuse->owner = hold ? requester : NULL;
	*out = reuse->conn;
	return FQ_OK;
}

/* 3F000 when the source has no schema of the SCHEMA clause's name: a typo
 * there would otherwise show only as 42P01 at the first query. */
static int
check_remote_schema(fq_pg_conn *conn, const fq_ext_schema *ext, fq_arena *a, fq_diags *d)
{
	fq_strbuf pat = FQ_STRBUF_INIT;
	const char **names;
	size_t n;
	int rc;

	/* fq_pg_list_schemas takes a LIKE pattern: this one matches the name
	 * alone. */
	for (const char *p = ext->remote_schema; *p; p++)
	{
		if (*p == '%' || *p == '_' || *p == '\\')
			fq_strbuf_appendc(&pat, '\\');
		fq_strbuf_appendc(&pat, *p);
	}
	if (!fq_strbuf_ok(&pat))
	{
		fq_strbuf_free(&pat);
		return fq_raise_nomem(d, NULL);
	}
	rc = fq_pg_list_schemas(conn, fq_strbuf_str(&pat), false, a, &names, &n, d);
	fq_strbuf_free(&pat);
	if (rc < 0 || n > 0)
		return rc;
	fq_raise(d, FQ_ERR_INVALID_SCHEMA_NAME, 0,
			 "schema \"%s\" does not exist in database \"%s\" at %s:%d", ext->remote_schema,
			 ext->database, ext->uri, ext->port);
	fq_diag_hint(d, "Check the SCHEMA clause ('public' when there is none): it names a "
					"schema of the source's database, exactly as written.");
	return FQ_ERROR;
}

int
fq_session_check_source(fq_session *s, const fq_ext_schema *ext, int timeout, fq_arena *a,
						fq_diags *d)
{
	const fq_source *src = fq_session_ext_source(s, ext, a);
	fq_pg_conn *conn;
	int rc;

	if (src == NULL)
		return fq_raise_nomem(d, a);
	s->check_timeout = timeout;
	rc = fq_session_source_conn(s, src, NULL, false, &conn, d);
	s->check_timeout = 0;
	if (rc < 0)
		return rc;
	return check_remote_schema(conn, ext, a, d);
}

void
fq_session_release_conns(fq_session *s, fq_stmt *owner)
{
	for (fq_source_conn *c = s->conns; c != NULL; c = c->next)
		if (c->owner == owner)
			c->owner = NULL;
	if (s->wh_owner == owner)
		s->wh_owner = NULL;
}

/* ---- Metadata cache ---- */

/* A source fq_session_prefetch_tables could not ask, and why. */
typedef struct fq_meta_failure
{
	struct fq_meta_failure *next;
	char *source_key;
	fq_diags *diags;
} fq_meta_failure;

/* Raises into d again what the prefetch met at src; false when it met
 * nothing there. */
static bool
replay_failure(fq_session *s, const fq_source *src, fq_diags *d)
{
	for (fq_meta_failure *f = s->meta_failed; f != NULL; f = f->next)
		if (strcmp(f->source_key, src->key) == 0)
		{
			fq_diags_append(d, f->diags);
			return true;
		}
	return false;
}

void
fq_session_prefetch_done(fq_session *s)
{
	while (s->meta_failed != NULL)
	{
		fq_meta_failure *f = s->meta_failed;

		s->meta_failed = f->next;
		free(f->source_key);
		fq_diags_free(f->diags);
		free(f);
	}
}

static fq_meta_entry *
cache_find(fq_session *s, const char *key, const char *schema, const char *table)
{
	time_t now = time(NULL);
	fq_meta_entry **pp = &s->meta;

	while (*pp != NULL)
	{
		fq_meta_entry *e = *pp;

		if (!e->pinned && now - e->loaded >= s->opt.metadata_cache_seconds)
		{
			*pp = e->next;
			fq_arena_free(e->arena);
			free(e);
			continue;
		}
		if (strcmp(e->source_key, key) == 0 && strcmp(e->remote_schema, schema) == 0 &&
			((table == NULL && e->table == NULL) ||
			 (table != NULL && e->table != NULL && strcmp(e->table, table) == 0)))
			return e;
		pp = &e->next;
	}
	return NULL;
}

static int
cache_load(fq_session *s, const fq_source *src, const char *schema, const char *table,
		   fq_meta_entry **out, fq_diags *d)
{
	fq_pg_conn *conn;
	fq_meta_entry *e;
	/* One table is loaded for planning a query: with statistics. */
	fq_pg_meta_filter f = {.schema = schema, .table = table, .want_columns = true,
						   .want_stats = table != NULL};

	if (replay_failure(s, src, d))
		return FQ_ERROR;
	if (fq_session_source_conn(s, src, NULL, false, &conn, d) < 0)
		return FQ_ERROR;
	fq_log_write(&s->log, FQ_LOG_DEBUG, "metadata query to %s: %s.%s", src->label, schema,
				 table != NULL ? table : "*");
	e = fq_calloc(1, sizeof(*e));
	if (e == NULL || (e->arena = fq_arena_new(NULL)) == NULL)
	{
		free(e);
		return fq_raise_nomem(d, NULL);
	}
	e->source_key = fq_arena_strdup(e->arena, src->key);
	e->remote_schema = fq_arena_strdup(e->arena, schema);
	e->table = table ? fq_arena_strdup(e->arena, table) : NULL;
	if (e->source_key == NULL || e->remote_schema == NULL || (table && e->table == NULL))
	{
		fq_arena_free(e->arena);
		free(e);
		return fq_raise_nomem(d, NULL);
	}
	if (fq_pg_list_tables(conn, &f, e->arena, &e->tables, &e->ntables, d) < 0)
	{
		fq_arena_free(e->arena);
		free(e);
		return FQ_ERROR;
	}
	e->loaded = time(NULL);
	if (s->opt.metadata_cache_seconds > 0)
	{
		e->next = s->meta;
		s->meta = e;
	}
	*out = e;
	return FQ_OK;
}

static fq_pg_statval *
copy_statvals(fq_arena *a, const fq_pg_statval *from, int n)
{
	fq_pg_statval *to = FQ_NEW_ARRAY(a, fq_pg_statval, n);

	if (to == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
	{
		to[i] = from[i];
		if (from[i].str != NULL && (to[i].str = fq_arena_strdup(a, from[i].str)) == NULL)
			return NULL;
	}
	return to;
}

fq_pg_table *
fq_pg_table_copy(fq_arena *a, const fq_pg_table *t)
{
	fq_pg_table *c = FQ_NEW(a, fq_pg_table);

	if (c == NULL)
		return NULL;
	*c = *t;
	c->schema = fq_arena_strdup(a, t->schema);
	c->name = fq_arena_strdup(a, t->name);
	c->remarks = fq_arena_strdup(a, t->remarks ? t->remarks : "");
	c->cols = FQ_NEW_ARRAY(a, fq_pg_column, t->ncols > 0 ? t->ncols : 1);
	if (c->schema == NULL || c->name == NULL || c->remarks == NULL || c->cols == NULL)
		return NULL;
	for (int i = 0; i < t->ncols; i++)
	{
		const fq_pg_column *from = &t->cols[i];
		fq_pg_column *to = &c->cols[i];

		*to = *from;
		to->name = fq_arena_strdup(a, from->name);
		to->source_type = fq_arena_strdup(a, from->source_type ? from->source_type : "");
		to->default_expr = from->default_expr ? fq_arena_strdup(a, from->default_expr) : NULL;
		to->remarks = fq_arena_strdup(a, from->remarks ? from->remarks : "");
		if (to->name == NULL || to->source_type == NULL || to->remarks == NULL ||
			(from->default_expr && to->default_expr == NULL))
			return NULL;
		if ((from->nmcv > 0 &&
			 ((to->mcv = copy_statvals(a, from->mcv, from->nmcv)) == NULL ||
			  (to->mcv_freq = fq_arena_memdup(a, from->mcv_freq,
											  sizeof(double) * (size_t) from->nmcv)) == NULL)) ||
			(from->nhist > 0 && (to->hist = copy_statvals(a, from->hist, from->nhist)) == NULL))
			return NULL;
	}
	if (t->nindexes > 0)
	{
		if ((c->indexes = FQ_NEW_ARRAY(a, fq_pg_index, t->nindexes)) == NULL)
			return NULL;
		for (int i = 0; i < t->nindexes; i++)
		{
			c->indexes[i] = t->indexes[i];
			c->indexes[i].keys = fq_arena_memdup(a, t->indexes[i].keys,
												 sizeof(int) * (size_t) t->indexes[i].nkeys);
			if (c->indexes[i].keys == NULL)
				return NULL;
		}
	}
	return c;
}

int
fq_session_describe_call(fq_session *s, const fq_source *src, const char *call,
						 fq_pg_call_desc *out, fq_diags *d)
{
	time_t now = time(NULL);
	fq_call_entry **pp = &s->calls;
	fq_call_entry *e;
	fq_pg_conn *conn;

	while ((e = *pp) != NULL)
	{
		if (now - e->loaded >= s->opt.metadata_cache_seconds)
		{
			*pp = e->next;
			free(e->source_key);
			free(e->call);
			free(e);
			continue;
		}
		if (strcmp(e->source_key, src->key) == 0 && strcmp(e->call, call) == 0)
		{
			*out = e->desc;
			return FQ_OK;
		}
		pp = &e->next;
	}
	if (fq_session_source_conn(s, src, NULL, false, &conn, d) < 0 ||
		fq_pg_describe_call(conn, call, out, d) < 0)
		return FQ_ERROR;
	if (s->opt.metadata_cache_seconds <= 0)
		return FQ_OK;
	e = fq_calloc(1, sizeof(*e));
	if (e == NULL || (e->source_key = fq_strdup(src->key)) == NULL ||
		(e->call = fq_strdup(call)) == NULL)
	{
		if (e != NULL)
			free(e->source_key);
		free(e);
		return fq_raise_nomem(d, NULL);
	}
	e->loaded = now;
	e->desc = *out;
	e->next = s->calls;
	s->calls = e;
	return FQ_OK;
}

/*
 * Without caching (MetadataCacheSeconds=0) an entry still lives until the
 * next lookup, so the pointers handed out stay valid until then (callers
 * copy what they keep; see engine.h).
 */
static void
keep_uncached(fq_session *s, fq_meta_entry *e)
{
	if (s->opt.metadata_cache_seconds > 0)
		return;
	e->next = s->meta;
	e->loaded = 0; /* expired: dropped by the next cache_find */
	s->meta = e;
}

/* True when a cached listing of the schema says it has no such table (a
 * table it has is loaded on its own, with the statistics planning uses). */
static bool
listing_lacks(fq_session *s, const char *key, const char *remote_schema, const char *table)
{
	fq_meta_entry *e = cache_find(s, key, remote_schema, NULL);

	if (e == NULL)
		return false;
	for (size_t i = 0; i < e->ntables; i++)
		if (strcmp(e->tables[i].name, table) == 0)
			return false;
	return true;
}

int
fq_session_lookup_table(fq_session *s, const fq_source *src, const char *remote_schema,
						const char *table, const fq_pg_table **out, fq_diags *d)
{
	fq_meta_entry *e;

	*out = NULL;
	if (listing_lacks(s, src->key, remote_schema, table))
		return FQ_OK;
	e = cache_find(s, src->key, remote_schema, table);
	if (e == NULL)
	{
		if (cache_load(s, src, remote_schema, table, &e, d) < 0)
			return FQ_ERROR;
		keep_uncached(s, e);
	}
	if (e->ntables > 0)
		*out = &e->tables[0];
	return FQ_OK;
}

int
fq_session_list_source_tables(fq_session *s, const fq_source *src, const char *remote_schema,
							  const fq_pg_table **out, size_t *n, fq_diags *d)
{
	fq_meta_entry *e = cache_find(s, src->key, remote_schema, NULL);

	if (e == NULL)
	{
		if (cache_load(s, src, remote_schema, NULL, &e, d) < 0)
			return FQ_ERROR;
		keep_uncached(s, e);
	}
	*out = e->tables;
	*n = e->ntables;
	return FQ_OK;
}

/* A cache entry holding copies of `tables`: `table` NULL for the schema's
 * listing; pinned ones never expire. */
static int
add_entry(fq_session *s, const char *key, const char *remote_schema, const char *table,
		  const fq_pg_table *tables, size_t n, bool pinned, fq_diags *d)
{
	fq_meta_entry *e = fq_calloc(1, sizeof(*e));

	if (e == NULL || (e->arena = fq_arena_new(NULL)) == NULL)
	{
		fq_free_meta_entry(e);
		return fq_raise_nomem(d, NULL);
	}
	e->source_key = fq_arena_strdup(e->arena, key);
	e->remote_schema = fq_arena_strdup(e->arena, remote_schema);
	e->table = table != NULL ? fq_arena_strdup(e->arena, table) : NULL;
	e->tables = FQ_NEW_ARRAY(e->arena, fq_pg_table, n > 0 ? n : 1);
	if (e->source_key == NULL || e->remote_schema == NULL || (table != NULL && e->table == NULL) ||
		e->tables == NULL)
	{
		fq_free_meta_entry(e);
		return fq_raise_nomem(d, NULL);
	}
	for (size_t i = 0; i < n; i++)
	{
		fq_pg_table *c = fq_pg_table_copy(e->arena, &tables[i]);

		if (c == NULL)
		{
			fq_free_meta_entry(e);
			return fq_raise_nomem(d, NULL);
		}
		e->tables[i] = *c;
	}
	e->ntables = n;
	e->loaded = time(NULL);
	e->pinned = pinned;
	e->next = s->meta;
	s->meta = e;
	return FQ_OK;
}

int
fq_session_pin_tables(fq_session *s, const char *schema, const fq_pg_table *tables, size_t n,
					  fq_diags *d)
{
	const fq_ext_schema *ext = fq_store_find(&s->store, schema);
	fq_arena *a;
	const fq_source *src;
	int rc = FQ_OK;

	if (ext == NULL)
		return fq_raise(d, FQ_ERR_INVALID_SCHEMA_NAME, 0, "external schema \"%s\" does not exist",
						schema);
	if ((a = fq_arena_new(NULL)) == NULL)
		return fq_raise_nomem(d, NULL);
	if ((src = fq_session_ext_source(s, ext, a)) == NULL)
		rc = fq_raise_nomem(d, a);
	/* The schema's listing, and each table on its own as a lookup finds it. */
	if (rc == FQ_OK)
		rc = add_entry(s, src->key, ext->remote_schema, NULL, tables, n, true, d);
	for (size_t i = 0; rc == FQ_OK && i < n; i++)
		rc = add_entry(s, src->key, ext->remote_schema, tables[i].name, &tables[i], 1, true, d);
	fq_arena_free(a);
	return rc;
}

/* ---- Looking up a statement's tables at once ---- */

/* What one source is asked: every pair of one of its schemas and one of
 * its tables. */
typedef struct prefetch_group
{
	const fq_source *src;
	const char **schemas;
	int nschemas;
	const char **tables;
	int ntables;
	bool certain;          /* the binder looks one of them up for sure */
	fq_pg_meta_filter f;
	fq_pg_conn *conn;      /* its query went out on it, unread yet */
	bool failed;           /* why is in err */
	fq_diags *err;
	fq_arena *arena;       /* its answer */
} prefetch_group;

/* Whether fq_session_lookup_table would ask the source for the table. */
static bool
lookup_would_ask(fq_session *s, const char *key, const char *remote_schema, const char *table)
{
	return !listing_lacks(s, key, remote_schema, table) &&
		cache_find(s, key, remote_schema, table) == NULL;
}

/* Adds name to names (*n of them, with room for one more) unless there. */
static void
add_name(const char **names, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return;
	names[(*n)++] = name;
}

/* Whether a query can go out to src now without connecting, or keeping
 * another statement from the connection (fq_session_source_conn). */
static bool
connected_to(fq_session *s, const fq_source *src)
{
	if (src->kind == FQ_SOURCE_WAREHOUSE)
		return s->warehouse != NULL && s->wh_owner == NULL && !s->wh_copying &&
			fq_pg_alive(s->warehouse);
	for (fq_source_conn *c = s->conns; c != NULL; c = c->next)
		if (strcmp(c->key, src->key) == 0 && c->owner == NULL && !fq_pg_busy(c->conn) &&
			fq_pg_alive(c->conn))
			return true;
	return false;
}

static void
log_prefetch(fq_session *s, const prefetch_group *g)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	if (!fq_log_on(&s->log, FQ_LOG_DEBUG))
		return;
	for (int i = 0; i < g->nschemas; i++)
		fq_strbuf_printf(&b, "%s%s", i > 0 ? ", " : "", g->schemas[i]);
	fq_strbuf_append(&b, " x ");
	for (int i = 0; i < g->ntables; i++)
		fq_strbuf_printf(&b, "%s%s", i > 0 ? ", " : "", g->tables[i]);
	if (fq_strbuf_ok(&b))
		fq_log_write(&s->log, FQ_LOG_DEBUG, "metadata query to %s: %s", g->src->label,
					 fq_strbuf_str(&b));
	fq_strbuf_free(&b);
}

/* Sends g's query, connecting first when needed. */
static void
prefetch_send(fq_session *s, prefetch_group *g)
{
	fq_pg_conn *conn;

	g->f.schemas = g->schemas;
	g->f.nschemas = g->nschemas;
	g->f.tables = g->tables;
	g->f.ntables = g->ntables;
	g->f.want_columns = true;
	g->f.want_stats = true;
	if (fq_session_source_conn(s, g->src, NULL, false, &conn, g->err) < 0)
	{
		g->failed = true;
		return;
	}
	log_prefetch(s, g);
	if (fq_pg_list_tables_send(conn, &g->f, g->err) < 0)
		g->failed = true;
	else
		g->conn = conn;
}

/*
 * Reads g's answer into the cache: an entry for each of the n names of w
 * at g's source that a lookup would ask for, a table the source lacks
 * too.  Only those: the answer has every pair of a schema and a name, and
 * a table no statement asked for is not kept, found or not.
 */
static int
prefetch_recv(fq_session *s, prefetch_group *g, const fq_meta_want *w, int n, fq_diags *d)
{
	fq_pg_conn *conn = g->conn;
	fq_pg_table *t;
	size_t nt;
	int rc = FQ_OK;

	g->conn = NULL;
	if (fq_pg_list_tables_recv(conn, &g->f, g->arena, &t, &nt, g->err) < 0)
	{
		g->failed = true;
		return FQ_OK;
	}
	for (int i = 0; i < n && rc == FQ_OK; i++)
	{
		const fq_pg_table *found = NULL;

		if (strcmp(w[i].src->key, g->src->key) != 0 ||
			!lookup_would_ask(s, g->src->key, w[i].remote_schema, w[i].table))
			continue;
		for (size_t k = 0; k < nt && found == NULL; k++)
			if (strcmp(t[k].schema, w[i].remote_schema) == 0 &&
				strcmp(t[k].name, w[i].table) == 0)
				found = &t[k];
		rc = add_entry(s, g->src->key, w[i].remote_schema, w[i].table, found,
					   found != NULL ? 1 : 0, false, d);
	}
	return rc;
}

/* Keeps g's failure for the lookups that will meet it (replay_failure). */
static int
keep_failure(fq_session *s, prefetch_group *g, fq_diags *d)
{
	fq_meta_failure *f = fq_calloc(1, sizeof(*f));

	if (f == NULL || (f->source_key = fq_strdup(g->src->key)) == NULL)
	{
		free(f);
		return fq_raise_nomem(d, NULL);
	}
	f->diags = g->err;
	g->err = NULL;
	f->next = s->meta_failed;
	s->meta_failed = f;
	return FQ_OK;
}

int
fq_session_prefetch_tables(fq_session *s, const fq_meta_want *w, int n, fq_diags *d)
{
	fq_arena *a;
	prefetch_group *groups;
	int ngroups = 0;
	bool wh_last;
	int rc = FQ_OK;

	fq_session_prefetch_done(s);
	advance_early_sources(s);
	if (s->opt.metadata_cache_seconds <= 0 || n <= 0)
		return FQ_OK;
	if ((a = fq_arena_new(NULL)) == NULL)
		return fq_raise_nomem(d, NULL);
	if ((groups = FQ_NEW_ARRAY(a, prefetch_group, n)) == NULL)
	{
		rc = fq_raise_nomem(d, a);
		goto done;
	}
	for (int i = 0; i < n; i++)
	{
		prefetch_group *g = NULL;

		if (!lookup_would_ask(s, w[i].src->key, w[i].remote_schema, w[i].table))
			continue;
		for (int k = 0; k < ngroups && g == NULL; k++)
			if (strcmp(groups[k].src->key, w[i].src->key) == 0)
				g = &groups[k];
		if (g == NULL)
		{
			g = &groups[ngroups++];
			g->src = w[i].src;
			g->schemas = FQ_NEW_ARRAY(a, const char *, n);
			g->tables = FQ_NEW_ARRAY(a, const char *, n);
			g->err = fq_diags_new();
			g->arena = fq_arena_new(NULL);
			if (g->schemas == NULL || g->tables == NULL || g->err == NULL || g->arena == NULL)
			{
				rc = fq_raise_nomem(d, NULL);
				goto done;
			}
		}
		add_name(g->schemas, &g->nschemas, w[i].remote_schema);
		add_name(g->tables, &g->ntables, w[i].table);
		g->certain = g->certain || !w[i].speculative;
	}
	/*
	 * Every query goes out before any answer is read, to the sources
	 * connected already first: they work on theirs while fedq connects to
	 * the others.  A source of speculative names only is asked only when
	 * connected already: the binder may never need it, and connecting to
	 * it could fail or wait.  Inside a transaction the warehouse is asked
	 * last, after fedq has connected to the others: a cancel or timeout
	 * while it connects would cancel the warehouse's query in flight, and
	 * a failed query aborts the application's transaction (as before,
	 * only one interrupted while the warehouse itself works does).
	 */
	wh_last = s->warehouse != NULL && fq_pg_txn_state(s->warehouse) != FQ_PG_TXN_IDLE;
	for (int pass = 0; pass < 3; pass++)
		for (int k = 0; k < ngroups; k++)
		{
			prefetch_group *g = &groups[k];
			bool last = wh_last && g->src->kind == FQ_SOURCE_WAREHOUSE;

			if (g->conn != NULL || g->failed || (pass == 2) != last)
				continue;
			if (pass == 1 ? g->certain : connected_to(s, g->src) || (pass == 2 && g->certain))
				prefetch_send(s, g);
		}
	/* Every answer is read, whatever happened to the others. */
	for (int k = 0; k < ngroups; k++)
		if (groups[k].conn != NULL && prefetch_recv(s, &groups[k], w, n, d) < 0)
			rc = FQ_ERROR;
	for (int k = 0; k < ngroups && rc == FQ_OK; k++)
	{
		if (!groups[k].failed)
			continue;
		/* A cancel or timeout ends the call now, as a lookup would. */
		if (fq_interrupt_pending(fq_interrupt_current()) != FQ_INTR_NONE)
		{
			fq_diags_append(d, groups[k].err);
			rc = FQ_ERROR;
		}
		else
			rc = keep_failure(s, &groups[k], d);
	}
done:
	for (int k = 0; k < ngroups; k++)
	{
		fq_diags_free(groups[k].err);
		fq_arena_free(groups[k].arena);
	}
	fq_arena_free(a);
	return rc;
}

void
fq_session_sync_search_path(fq_session *s, fq_stmt *st)
{
	fq_diags *d = fq_diags_new();
	fq_arena *a = fq_arena_new(NULL);
	fq_pg_conn *c;
	const char *value = NULL;

	if (d != NULL && a != NULL && s->warehouse != NULL &&
		fq_session_source_conn(s, &s->warehouse_source, st, false, &c, d) == FQ_OK &&
		fq_pg_current_setting(c, "search_path", a, &value, d) == FQ_OK && value != NULL)
	{
		fq_diags *keep = s->diags;

		/* parse_search_path raises into s->diags */
		s->diags = d;
		if (parse_search_path(s, value, a) == FQ_OK)
		{
			fq_arena_free(s->path_arena);
			s->path_arena = a;
			a = NULL;
			s->search_path_stale = false;
		}
		s->diags = keep;
	}
	fq_arena_free(a);
	fq_diags_free(d);
}
