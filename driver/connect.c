/*
 * connect.c — connecting, connection attributes, transactions.
 *
 * SQLConnect and SQLDriverConnect gather connection keys (the DSN's entries
 * from odbc.ini, then the connection string's or SQLConnect's arguments,
 * which win), hand every key to fq_session_set_option (the engine ignores
 * keys it does not know), apply the attributes set before connecting, and
 * call fq_session_connect.  The session is created per connection attempt
 * and freed on failure and on SQLDisconnect, so a handle can always be
 * connected again with other keys.
 */
#include "driver/driver.h"

#include <odbcinst.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys ODBC itself defines: never sent to the engine, never warned about. */
static bool
odbc_only_key(const char *key)
{
	return drv_strcasecmp(key, "DSN") == 0 ||
		drv_strcasecmp(key, "DRIVER") == 0 ||
		drv_strcasecmp(key, "FILEDSN") == 0 ||
		drv_strcasecmp(key, "SAVEFILE") == 0 ||
		drv_strcasecmp(key, "DESCRIPTION") == 0;
}

/*
 * Keys the driver itself reads (the engine knows nothing of ODBC's output
 * connection string):
 *   ReturnPWD  1 (default): SQLDriverConnect's output connection string
 *              carries PWD, as psqlODBC's does, so a tool that saves it
 *              can connect again without asking (fedq has no dialog to
 *              ask with); 0 leaves it out, for tools that log or store
 *              that string where a password should not be.
 */
static bool
driver_key(const char *key)
{
	return drv_strcasecmp(key, "ReturnPWD") == 0;
}

static bool
is_pwd_key(const char *key)
{
	return drv_strcasecmp(key, "PWD") == 0 || drv_strcasecmp(key, "Password") == 0;
}

/* ReturnPWD's value: 1 or 0 (on/off, true/false, yes/no; empty, as DSN
 * templates leave it, is the default 1); -1 if neither. */
static int
parse_flag(const char *v)
{
	static const char *const yes[] = {"", "1", "on", "true", "yes", NULL};
	static const char *const no[] = {"0", "off", "false", "no", NULL};

	for (int i = 0; yes[i] != NULL; i++)
		if (drv_strcasecmp(v, yes[i]) == 0)
			return 1;
	for (int i = 0; no[i] != NULL; i++)
		if (drv_strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/* Reads the DSN's entries from odbc.ini (user and system). */
static bool
read_dsn(const char *dsn, drv_kvlist *keys)
{
	char names[8192];
	int n;

	n = SQLGetPrivateProfileString(dsn, NULL, "", names, sizeof(names), "odbc.ini");
	if (n <= 0)
		return true;
	for (const char *k = names; *k != '\0' && k < names + sizeof(names); k += strlen(k) + 1)
	{
		char value[4096];

		if (drv_kv_get(keys, k) != NULL)
			continue;
		value[0] = '\0';
		SQLGetPrivateProfileString(dsn, k, "", value, sizeof(value), "odbc.ini");
		if (!drv_kv_set(keys, k, value))
			return false;
	}
	return true;
}

/*
 * The driver's own section of odbcinst.ini may hold CatalogFile: the
 * catalog of every connection through that driver whose DSN and
 * connection string do not name one.  A driver registered system-wide
 * for a server running as another user (a BI server) keeps its external
 * schemas there rather than in that user's home.  The section is the
 * Driver key's value when it names a registered driver (not a path).
 */
static bool
read_driver_catalog(drv_kvlist *keys)
{
	const char *driver = drv_kv_get(keys, "Driver");
	char value[4096];
	char name[256];
	size_t n;

	if (drv_kv_get(keys, "CatalogFile") != NULL || driver == NULL || driver[0] == '\0' ||
		strchr(driver, '/') != NULL)
		return true;
	/* DRIVER={fedq} in a connection string arrives without its braces;
	 * a name with spaces may keep them in odbc.ini's Driver key. */
	n = strlen(driver);
	if (n >= 2 && driver[0] == '{' && driver[n - 1] == '}')
	{
		driver++;
		n -= 2;
	}
	if (n >= sizeof(name))
		return true;
	memcpy(name, driver, n);
	name[n] = '\0';
	value[0] = '\0';
	SQLGetPrivateProfileString(name, "CatalogFile", "", value, sizeof(value), "odbcinst.ini");
	if (value[0] == '\0')
		return true;
	return drv_kv_set(keys, "CatalogFile", value);
}

/*
 * Connects with the given keys: `dsnkeys` from odbc.ini, overridden by
 * `given` (connection string or SQLConnect arguments).  The caller holds
 * dbc->lock.  Keys in `given` that neither fedq nor ODBC know draw a 01S00
 * warning (a typo in a connection string should not go unnoticed).
 */
static SQLRETURN
do_connect(drv_dbc *dbc, const char *dsn, const drv_kvlist *given,
		   drv_kvlist *effective)
{
	fq_session *s;
	const char *server;
	int rc;

	if (dbc->connected)
		return drv_error(dbc->diags, FQ_ERR_CONNECTION_NAME_IN_USE,
						 "the connection is already open");

	for (int i = 0; i < given->n; i++)
		if (!drv_kv_set(effective, given->items[i].key, given->items[i].value))
			return drv_nomem(dbc->diags);
	if (dsn != NULL && dsn[0] != '\0' && !read_dsn(dsn, effective))
		return drv_nomem(dbc->diags);
	if (!read_driver_catalog(effective))
		return drv_nomem(dbc->diags);

	s = fq_session_new();
	if (s == NULL)
		return drv_nomem(dbc->diags);

	for (int i = 0; i < effective->n; i++)
	{
		const char *key = effective->items[i].key;

		if (odbc_only_key(key))
			continue;
		if (driver_key(key))
		{
			if (parse_flag(effective->items[i].value) < 0)
			{
				drv_error(dbc->diags, FQ_ERR_INVALID_PARAMETER_VALUE,
						  "invalid value \"%s\" for connection key %s; use 1 or 0",
						  effective->items[i].value, key);
				fq_session_free(s);
				return SQL_ERROR;
			}
			continue;
		}
		if (fq_session_set_option(s, key, effective->items[i].value) != FQ_OK)
		{
			drv_engine_diags(dbc->diags, fq_session_diags(s), FQ_ERROR);
			fq_session_free(s);
			return SQL_ERROR;
		}
		if (drv_kv_get(given, key) != NULL && !fq_session_is_known_key(key) &&
			drv_strcasecmp(key, "UID") != 0 && drv_strcasecmp(key, "PWD") != 0)
			drv_warn(dbc->diags, FQ_ERR_INVALID_CONNECTION_STRING_ATTRIBUTE,
					 "unknown connection attribute \"%s\" ignored", key);
	}
	/* A login timeout set as an attribute wins over the keys. */
	if (dbc->login_timeout > 0)
	{
		char num[32];

		snprintf(num, sizeof(num), "%u", (unsigned) dbc->login_timeout);
		if (fq_session_set_option(s, "LoginTimeout", num) != FQ_OK)
		{
			drv_engine_diags(dbc->diags, fq_session_diags(s), FQ_ERROR);
			fq_session_free(s);
			return SQL_ERROR;
		}
	}

	pthread_mutex_lock(&dbc->session_lock);
	rc = fq_session_connect(s);
	if (rc == FQ_OK && !dbc->autocommit)
		rc = fq_session_set_autocommit(s, false);
	pthread_mutex_unlock(&dbc->session_lock);
	drv_engine_diags(dbc->diags, fq_session_diags(s), rc);
	if (rc != FQ_OK)
	{
		if (!fq_diags_has_error(dbc->diags))
			drv_error(dbc->diags, FQ_ERR_UNABLE_TO_CONNECT, "connection failed");
		fq_session_free(s);
		return SQL_ERROR;
	}

	server = drv_kv_get(effective, "Server");
	free(dbc->dsn);
	dbc->dsn = drv_strdup(dsn != NULL ? dsn : "");
	free(dbc->server);
	dbc->server = drv_strdup(server != NULL ? server : "");
	dbc->session = s;
	dbc->connected = true;
	dbc->has_warehouse = server != NULL && server[0] != '\0';
	return SQL_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* SQLConnect                                                          */
/* ------------------------------------------------------------------ */

static SQLRETURN
connect_impl(drv_dbc *dbc, const char *dsn, const char *uid, const char *pwd)
{
	drv_kvlist given = {0};
	drv_kvlist effective = {0};
	SQLRETURN rc;

	if (dsn == NULL || dsn[0] == '\0')
		return drv_error(dbc->diags, FQ_ERR_UNABLE_TO_CONNECT,
						 "no data source name given");
	if ((uid != NULL && uid[0] != '\0' && !drv_kv_set(&given, "UID", uid)) ||
		(pwd != NULL && pwd[0] != '\0' && !drv_kv_set(&given, "PWD", pwd)))
	{
		drv_kv_free(&given);
		return drv_nomem(dbc->diags);
	}
	rc = do_connect(dbc, dsn, &given, &effective);
	drv_kv_free(&given);
	drv_kv_free(&effective);
	return rc;
}

SQLRETURN SQL_API
SQLConnect(SQLHDBC ConnectionHandle, SQLCHAR *ServerName,
		   SQLSMALLINT NameLength1, SQLCHAR *UserName, SQLSMALLINT NameLength2,
		   SQLCHAR *Authentication, SQLSMALLINT NameLength3)
{
	drv_dbc *dbc;
	char *dsn, *uid, *pwd;
	bool ok1, ok2, ok3;
	SQLRETURN rc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	dsn = drv_str_dup(ServerName, NameLength1, &ok1);
	uid = drv_str_dup(UserName, NameLength2, &ok2);
	pwd = drv_str_dup(Authentication, NameLength3, &ok3);
	if (!ok1 || !ok2 || !ok3)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid string length");
	else
		rc = connect_impl(dbc, dsn, uid, pwd);
	free(dsn);
	free(uid);
	free(pwd);
	return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API
SQLConnectW(SQLHDBC ConnectionHandle, SQLWCHAR *ServerName,
			SQLSMALLINT NameLength1, SQLWCHAR *UserName,
			SQLSMALLINT NameLength2, SQLWCHAR *Authentication,
			SQLSMALLINT NameLength3)
{
	drv_dbc *dbc;
	char *dsn, *uid, *pwd;
	bool ok1, ok2, ok3;
	SQLRETURN rc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	dsn = drv_wstr_dup(ServerName, NameLength1, &ok1);
	uid = drv_wstr_dup(UserName, NameLength2, &ok2);
	pwd = drv_wstr_dup(Authentication, NameLength3, &ok3);
	if (!ok1 || !ok2 || !ok3)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid string length");
	else
		rc = connect_impl(dbc, dsn, uid, pwd);
	free(dsn);
	free(uid);
	free(pwd);
	return drv_dbc_leave(dbc, rc);
}

/* ------------------------------------------------------------------ */
/* SQLDriverConnect                                                    */
/* ------------------------------------------------------------------ */

/* The connection string that reconnects to the same place (PWD left out
 * with ReturnPWD=0). */
static void
out_connstr(const char *dsn, const drv_kvlist *given, const drv_kvlist *eff,
			drv_buf *out)
{
	const char *driver = drv_kv_get(given, "DRIVER");
	const char *ret = drv_kv_get(eff, "ReturnPWD");
	bool with_pwd = ret == NULL || parse_flag(ret) != 0;

	if (dsn != NULL && dsn[0] != '\0')
		drv_connstr_append(out, "DSN", dsn);
	else if (driver != NULL)
		drv_connstr_append(out, "DRIVER", driver);
	for (int i = 0; i < eff->n; i++)
	{
		const char *key = eff->items[i].key;

		if (odbc_only_key(key) || (!with_pwd && is_pwd_key(key)))
			continue;
		/* Entries of the DSN that are ODBC plumbing, not fedq keys. */
		if (drv_kv_get(given, key) == NULL && !fq_session_is_known_key(key) &&
			!driver_key(key))
			continue;
		drv_connstr_append(out, key, eff->items[i].value);
	}
}

static SQLRETURN
driver_connect_impl(drv_dbc *dbc, const char *in, SQLPOINTER outbuf,
					SQLSMALLINT outmax, SQLSMALLINT *outlen,
					SQLUSMALLINT completion, bool wide)
{
	drv_kvlist given = {0};
	drv_kvlist effective = {0};
	const char *err = NULL;
	const char *dsn;
	SQLRETURN rc;

	switch (completion)
	{
		case SQL_DRIVER_NOPROMPT:
		case SQL_DRIVER_COMPLETE:
		case SQL_DRIVER_COMPLETE_REQUIRED:
			/* No dialog: connect with what is there, and let the server
			 * say what is missing. */
			break;
		case SQL_DRIVER_PROMPT:
			return drv_error(dbc->diags, FQ_ERR_DIALOG_FAILED,
							 "fedq has no connection dialog; use SQL_DRIVER_NOPROMPT or SQL_DRIVER_COMPLETE");
		default:
			return drv_error(dbc->diags, FQ_ERR_INVALID_DRIVER_COMPLETION,
							 "invalid DriverCompletion %u", (unsigned) completion);
	}
	if (outmax < 0)
		return drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative output buffer length");
	if (!drv_connstr_parse(in, &given, &err))
	{
		drv_kv_free(&given);
		return drv_error(dbc->diags, FQ_ERR_UNABLE_TO_CONNECT,
						 "invalid connection string: %s", err);
	}
	dsn = drv_kv_get(&given, "DSN");
	if (dsn == NULL && drv_kv_get(&given, "DRIVER") == NULL &&
		drv_kv_get(&given, "FILEDSN") == NULL)
		dsn = "DEFAULT";
	rc = do_connect(dbc, dsn, &given, &effective);
	if (SQL_SUCCEEDED(rc))
	{
		drv_buf out = {0};

		out_connstr(dsn, &given, &effective, &out);
		if (out.failed)
			rc = drv_nomem(dbc->diags);
		else if (drv_put_str_s(out.data != NULL ? out.data : "", wide, false,
							   outbuf, outmax, outlen) && outbuf != NULL)
			drv_warn(dbc->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
					 "output connection string truncated");
		drv_buf_free(&out);
	}
	drv_kv_free(&given);
	drv_kv_free(&effective);
	return rc;
}

SQLRETURN SQL_API
SQLDriverConnect(SQLHDBC hdbc, SQLHWND hwnd, SQLCHAR *szConnStrIn,
				 SQLSMALLINT cbConnStrIn, SQLCHAR *szConnStrOut,
				 SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
				 SQLUSMALLINT fDriverCompletion)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_str_dup(szConnStrIn, cbConnStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid connection string length");
	else
		rc = driver_connect_impl(dbc, in != NULL ? in : "", szConnStrOut,
								 cbConnStrOutMax, pcbConnStrOut,
								 fDriverCompletion, false);
	free(in);
	return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API
SQLDriverConnectW(SQLHDBC hdbc, SQLHWND hwnd, SQLWCHAR *szConnStrIn,
				  SQLSMALLINT cbConnStrIn, SQLWCHAR *szConnStrOut,
				  SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
				  SQLUSMALLINT fDriverCompletion)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_wstr_dup(szConnStrIn, cbConnStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid connection string length");
	else
		rc = driver_connect_impl(dbc, in != NULL ? in : "", szConnStrOut,
								 cbConnStrOutMax, pcbConnStrOut,
								 fDriverCompletion, true);
	free(in);
	return drv_dbc_leave(dbc, rc);
}

/* ------------------------------------------------------------------ */
/* SQLDisconnect                                                       */
/* ------------------------------------------------------------------ */

SQLRETURN SQL_API
SQLDisconnect(SQLHDBC ConnectionHandle)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	if (!dbc->connected && dbc->browsing)
	{
		/* Ends a SQLBrowseConnect that asked for more (ODBC's state C3). */
		drv_browse_reset(dbc);
		return drv_dbc_leave(dbc, SQL_SUCCESS);
	}
	if (!dbc->connected)
		return drv_dbc_leave(dbc, drv_error(dbc->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
											"the connection is not open"));
	for (drv_stmt *st = dbc->stmts; st != NULL; st = st->next)
	{
		if (st->dae.active)
			return drv_dbc_leave(dbc, drv_error(dbc->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
												"a statement is waiting for data-at-execution parameters"));
	}
	/* ODBC: statements still allocated are freed with the connection. */
	while (dbc->stmts != NULL)
	{
		drv_stmt *st = dbc->stmts;

		dbc->stmts = st->next;
		drv_stmt_destroy(st);
	}
	/* ... and so are the descriptors allocated on it. */
	drv_free_descs(dbc);
	pthread_mutex_lock(&dbc->session_lock);
	fq_session_disconnect(dbc->session);
	pthread_mutex_unlock(&dbc->session_lock);
	drv_engine_diags(dbc->diags, fq_session_diags(dbc->session), FQ_OK);
	/* Warnings from disconnecting are kept; the session goes. */
	fq_session_free(dbc->session);
	dbc->session = NULL;
	dbc->connected = false;
	dbc->has_warehouse = false;
	return drv_dbc_leave(dbc, SQL_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Connection attributes                                               */
/* ------------------------------------------------------------------ */

static SQLRETURN
set_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value,
				 SQLINTEGER len, bool wide)
{
	SQLULEN v = (SQLULEN) (uintptr_t) value;

	switch (attr)
	{
		case SQL_ATTR_AUTOCOMMIT:
			if (v != SQL_AUTOCOMMIT_ON && v != SQL_AUTOCOMMIT_OFF)
				return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_AUTOCOMMIT value %lu", (unsigned long) v);
			if (dbc->connected)
			{
				int rc;

				pthread_mutex_lock(&dbc->session_lock);
				rc = fq_session_set_autocommit(dbc->session, v == SQL_AUTOCOMMIT_ON);
				pthread_mutex_unlock(&dbc->session_lock);
				if (drv_engine_diags(dbc->diags, fq_session_diags(dbc->session), rc) != SQL_SUCCESS)
					return SQL_ERROR;
			}
			dbc->autocommit = v == SQL_AUTOCOMMIT_ON;
			return SQL_SUCCESS;
		case SQL_ATTR_LOGIN_TIMEOUT:
			dbc->login_timeout = (SQLUINTEGER) v;
			return SQL_SUCCESS;
		case SQL_ATTR_CONNECTION_TIMEOUT:
			if (v != 0)
				return drv_warn(dbc->diags, FQ_ERR_OPTION_VALUE_CHANGED,
								"SQL_ATTR_CONNECTION_TIMEOUT is not supported; it stays 0 (use QueryTimeout for queries)");
			return SQL_SUCCESS;
		case SQL_ATTR_ACCESS_MODE:
			if (v != SQL_MODE_READ_ONLY && v != SQL_MODE_READ_WRITE)
				return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_ACCESS_MODE value %lu", (unsigned long) v);
			/* ODBC defines the mode as a hint; fedq does not enforce it. */
			dbc->access_mode = (SQLUINTEGER) v;
			return SQL_SUCCESS;
		case SQL_ATTR_PACKET_SIZE:
			/* Accepted for applications that set it before connecting;
			 * the network packet size is libpq's business. */
			dbc->packet_size = (SQLUINTEGER) v;
			return SQL_SUCCESS;
		case SQL_ATTR_TXN_ISOLATION:
			if (v != SQL_TXN_READ_COMMITTED)
				return drv_error(dbc->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "fedq supports only the READ COMMITTED isolation level");
			return SQL_SUCCESS;
		case SQL_ATTR_CURRENT_CATALOG:
			{
				bool ok;
				char *cat = wide ? drv_wstr_dup(value, len == SQL_NTS ? SQL_NTS : len / (SQLINTEGER) drv_wchar_size(), &ok)
					: drv_str_dup(value, len, &ok);
				SQLRETURN rc = SQL_SUCCESS;

				if (!ok || cat == NULL)
					rc = drv_error(dbc->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
								   "invalid catalog name");
				else if (!dbc->connected ||
						 strcmp(cat, fq_session_database(dbc->session)) != 0)
					rc = drv_error(dbc->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								   "fedq has one catalog per connection; set the Database key to choose it");
				free(cat);
				return rc;
			}
		case SQL_ATTR_METADATA_ID:
			if (v != SQL_TRUE && v != SQL_FALSE)
				return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_METADATA_ID value");
			dbc->metadata_id = (SQLUINTEGER) v;
			return SQL_SUCCESS;
		case SQL_ATTR_QUIET_MODE:
			/* fedq never shows dialogs. */
			return SQL_SUCCESS;
		case SQL_ATTR_ASYNC_ENABLE:
			if (v != SQL_ASYNC_ENABLE_OFF)
				return drv_error(dbc->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "asynchronous execution is not supported");
			return SQL_SUCCESS;
		case SQL_ATTR_ANSI_APP:
			/* ANSI and Unicode applications are served alike. */
			return SQL_SUCCESS;
		case SQL_ATTR_CONNECTION_DEAD:
		case SQL_ATTR_AUTO_IPD:
			return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "attribute %d is read-only", (int) attr);
		case SQL_ATTR_TRANSLATE_LIB:
		case SQL_ATTR_TRANSLATE_OPTION:
			return drv_error(dbc->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
							 "translation libraries are not supported");
		default:
			return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "unknown connection attribute %d", (int) attr);
	}
}

SQLRETURN SQL_API
SQLSetConnectAttr(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
				  SQLPOINTER Value, SQLINTEGER StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, set_connect_attr(dbc, Attribute, Value, StringLength, false));
}

SQLRETURN SQL_API
SQLSetConnectAttrW(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
				   SQLPOINTER Value, SQLINTEGER StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, set_connect_attr(dbc, Attribute, Value, StringLength, true));
}

static SQLRETURN
get_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value,
				 SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
	SQLUINTEGER v;

	switch (attr)
	{
		case SQL_ATTR_AUTOCOMMIT:
			v = dbc->autocommit ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF;
			break;
		case SQL_ATTR_LOGIN_TIMEOUT:
			v = dbc->login_timeout;
			break;
		case SQL_ATTR_CONNECTION_TIMEOUT:
			v = 0;
			break;
		case SQL_ATTR_ACCESS_MODE:
			v = dbc->access_mode;
			break;
		case SQL_ATTR_PACKET_SIZE:
			v = dbc->packet_size;
			break;
		case SQL_ATTR_TXN_ISOLATION:
			v = SQL_TXN_READ_COMMITTED;
			break;
		case SQL_ATTR_CONNECTION_DEAD:
			v = dbc->connected && fq_session_connected(dbc->session) ?
				SQL_CD_FALSE : SQL_CD_TRUE;
			break;
		case SQL_ATTR_METADATA_ID:
			v = dbc->metadata_id;
			break;
		case SQL_ATTR_ASYNC_ENABLE:
			v = SQL_ASYNC_ENABLE_OFF;
			break;
		case SQL_ATTR_AUTO_IPD:
			v = SQL_FALSE;
			break;
		case SQL_ATTR_QUIET_MODE:
			if (value != NULL)
				*(SQLHWND *) value = NULL;
			return SQL_SUCCESS;
		case SQL_ATTR_CURRENT_CATALOG:
			{
				const char *db;

				if (!dbc->connected)
					return drv_error(dbc->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
									 "the connection is not open");
				db = fq_session_database(dbc->session);
				if (drv_put_str_i(db != NULL ? db : "", wide, true, value, buflen, outlen) &&
					value != NULL)
					return drv_warn(dbc->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
									"catalog name truncated");
				return SQL_SUCCESS;
			}
		default:
			return drv_error(dbc->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "unknown connection attribute %d", (int) attr);
	}
	if (value != NULL)
		*(SQLUINTEGER *) value = v;
	if (outlen != NULL)
		*outlen = sizeof(SQLUINTEGER);
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLGetConnectAttr(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
				  SQLPOINTER Value, SQLINTEGER BufferLength,
				  SQLINTEGER *StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, get_connect_attr(dbc, Attribute, Value, BufferLength,
											   StringLength, false));
}

SQLRETURN SQL_API
SQLGetConnectAttrW(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
				   SQLPOINTER Value, SQLINTEGER BufferLength,
				   SQLINTEGER *StringLength)
{
	drv_dbc *dbc;

	if (!drv_dbc_enter(ConnectionHandle, &dbc))
		return SQL_INVALID_HANDLE;
	return drv_dbc_leave(dbc, get_connect_attr(dbc, Attribute, Value, BufferLength,
											   StringLength, true));
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */
/* ------------------------------------------------------------------ */

/* Caller holds dbc->lock. */
static SQLRETURN
end_tran(drv_dbc *dbc, SQLSMALLINT completion, fq_diags *report)
{
	int rc;

	if (completion != SQL_COMMIT && completion != SQL_ROLLBACK)
		return drv_error(report, FQ_ERR_INVALID_TRANSACTION_OPERATION,
						 "invalid CompletionType %d", (int) completion);
	if (!dbc->connected)
		return drv_error(report, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
						 "the connection is not open");
	if (dbc->autocommit)
		return SQL_SUCCESS;
	/* SQL_CURSOR_COMMIT_BEHAVIOR is SQL_CB_CLOSE: the warehouse
	 * transaction that fed open cursors ends here, so they close. */
	for (drv_stmt *st = dbc->stmts; st != NULL; st = st->next)
	{
		pthread_mutex_lock(&st->lock);
		if (st->has_cursor)
			drv_stmt_close_cursor(st);
		pthread_mutex_unlock(&st->lock);
	}
	pthread_mutex_lock(&dbc->session_lock);
	rc = fq_session_end_tran(dbc->session, completion == SQL_COMMIT);
	pthread_mutex_unlock(&dbc->session_lock);
	return drv_engine_diags(report, fq_session_diags(dbc->session), rc);
}

SQLRETURN SQL_API
SQLEndTran(SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT CompletionType)
{
	if (HandleType == SQL_HANDLE_DBC)
	{
		drv_dbc *dbc;

		if (!drv_dbc_enter(Handle, &dbc))
			return SQL_INVALID_HANDLE;
		return drv_dbc_leave(dbc, end_tran(dbc, CompletionType, dbc->diags));
	}
	if (HandleType == SQL_HANDLE_ENV)
	{
		drv_env *env;
		SQLRETURN rc = SQL_SUCCESS;

		if (!drv_env_enter(Handle, &env))
			return SQL_INVALID_HANDLE;
		for (drv_dbc *dbc = env->dbcs; dbc != NULL; dbc = dbc->next)
		{
			pthread_mutex_lock(&dbc->lock);
			if (dbc->connected && end_tran(dbc, CompletionType, env->diags) == SQL_ERROR)
				rc = SQL_ERROR;
			pthread_mutex_unlock(&dbc->lock);
		}
		return drv_env_leave(env, rc);
	}
	return SQL_INVALID_HANDLE;
}

/* ------------------------------------------------------------------ */
/* SQLNativeSql                                                        */
/* ------------------------------------------------------------------ */

/* The text with its ODBC escapes translated, as fedq would run it. */
static SQLRETURN
native_sql(drv_dbc *dbc, const char *in, SQLPOINTER out, SQLINTEGER outmax,
		   SQLINTEGER *outlen, bool wide)
{
	char *text;
	const char *err;
	bool unsupported;
	bool truncated;

	if (!dbc->connected)
		return drv_error(dbc->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
						 "the connection is not open");
	if (in == NULL)
		return drv_error(dbc->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "the statement text is NULL");
	if (out != NULL && outmax < 0)
		return drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative buffer length");
	if ((text = drv_translate_escapes(in, &err, &unsupported)) == NULL)
		return drv_error(dbc->diags, unsupported ? FQ_ERR_FEATURE_NOT_SUPPORTED
						 : FQ_ERR_SYNTAX_ERROR, "%s", err);
	truncated = drv_put_str_i(text, wide, false, out, outmax, outlen);
	free(text);
	if (truncated && out != NULL)
		return drv_warn(dbc->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
						"statement text truncated");
	return SQL_SUCCESS;
}

SQLRETURN SQL_API
SQLNativeSql(SQLHDBC hdbc, SQLCHAR *szSqlStrIn, SQLINTEGER cbSqlStrIn,
			 SQLCHAR *szSqlStr, SQLINTEGER cbSqlStrMax, SQLINTEGER *pcbSqlStr)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_str_dup(szSqlStrIn, cbSqlStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid string length");
	else
		rc = native_sql(dbc, in, szSqlStr, cbSqlStrMax, pcbSqlStr, false);
	free(in);
	return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API
SQLNativeSqlW(SQLHDBC hdbc, SQLWCHAR *szSqlStrIn, SQLINTEGER cbSqlStrIn,
			  SQLWCHAR *szSqlStr, SQLINTEGER cbSqlStrMax,
			  SQLINTEGER *pcbSqlStr)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_wstr_dup(szSqlStrIn, cbSqlStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid string length");
	else
		rc = native_sql(dbc, in, szSqlStr, cbSqlStrMax, pcbSqlStr, true);
	free(in);
	return drv_dbc_leave(dbc, rc);
}

/* ------------------------------------------------------------------ */
/* SQLBrowseConnect                                                    */
/* ------------------------------------------------------------------ */

/*
 * The one key fedq needs decided before it connects is the warehouse:
 * `Server` (empty: none, external schemas only).  Until it is known (from
 * the keys given so far or the DSN's), SQLBrowseConnect answers
 * SQL_NEED_DATA asking for it, with the warehouse's other keys as optional
 * ones (libpq's defaults fill what is not given); then it connects as
 * SQLDriverConnect does and returns the complete connection string.  Each
 * call adds its keys to the ones before; an error or SQLDisconnect forgets
 * them.
 */
#define BROWSE_ASK "Server:Server=?;*Port:Port=?;*Database:Database=?;*UID:Login ID=?;*PWD:Password=?"

void
drv_browse_reset(drv_dbc *dbc)
{
	if (dbc->browse != NULL)
	{
		drv_kv_free(dbc->browse);
		free(dbc->browse);
	}
	dbc->browse = NULL;
	dbc->browsing = false;
}

static SQLRETURN
browse_connect(drv_dbc *dbc, const char *in, SQLPOINTER outbuf, SQLSMALLINT outmax,
			   SQLSMALLINT *outlen, bool wide)
{
	drv_kvlist add = {0};
	drv_kvlist known = {0};
	drv_buf s = {0};
	const char *err = NULL;
	const char *dsn;
	SQLRETURN rc;

	if (dbc->connected)
		return drv_error(dbc->diags, FQ_ERR_CONNECTION_NAME_IN_USE, "the connection is already open");
	if (outmax < 0)
		return drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
						 "negative output buffer length");
	if (!drv_connstr_parse(in, &add, &err))
	{
		drv_kv_free(&add);
		drv_browse_reset(dbc);
		return drv_error(dbc->diags, FQ_ERR_UNABLE_TO_CONNECT, "invalid connection string: %s", err);
	}
	if (dbc->browse == NULL && (dbc->browse = calloc(1, sizeof(drv_kvlist))) == NULL)
	{
		drv_kv_free(&add);
		return drv_nomem(dbc->diags);
	}
	for (int i = 0; i < add.n; i++)
		if (!drv_kv_set(dbc->browse, add.items[i].key, add.items[i].value))
		{
			drv_kv_free(&add);
			drv_browse_reset(dbc);
			return drv_nomem(dbc->diags);
		}
	drv_kv_free(&add);
	/* What is known: the keys so far, then the DSN's. */
	for (int i = 0; i < dbc->browse->n; i++)
		if (!drv_kv_set(&known, dbc->browse->items[i].key, dbc->browse->items[i].value))
			goto nomem;
	dsn = drv_kv_get(&known, "DSN");
	if (dsn != NULL && dsn[0] != '\0' && !read_dsn(dsn, &known))
		goto nomem;
	if (drv_kv_get(&known, "Server") == NULL)
	{
		drv_kv_free(&known);
		dbc->browsing = true;
		if (drv_put_str_s(BROWSE_ASK, wide, false, outbuf, outmax, outlen) && outbuf != NULL)
			drv_warn(dbc->diags, FQ_ERR_STRING_DATA_RIGHT_TRUNCATED_WARNING,
					 "browse result connection string truncated");
		return SQL_NEED_DATA;
	}
	drv_kv_free(&known);
	for (int i = 0; i < dbc->browse->n; i++)
		drv_connstr_append(&s, dbc->browse->items[i].key, dbc->browse->items[i].value);
	drv_buf_append(&s, "", 0);
	if (s.failed)
	{
		drv_buf_free(&s);
		drv_browse_reset(dbc);
		return drv_nomem(dbc->diags);
	}
	rc = driver_connect_impl(dbc, s.data, outbuf, outmax, outlen, SQL_DRIVER_NOPROMPT, wide);
	drv_buf_free(&s);
	drv_browse_reset(dbc);
	return rc;
nomem:
	drv_kv_free(&known);
	drv_browse_reset(dbc);
	return drv_nomem(dbc->diags);
}

SQLRETURN SQL_API
SQLBrowseConnect(SQLHDBC hdbc, SQLCHAR *szConnStrIn, SQLSMALLINT cbConnStrIn,
				 SQLCHAR *szConnStrOut, SQLSMALLINT cbConnStrOutMax,
				 SQLSMALLINT *pcbConnStrOut)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_str_dup(szConnStrIn, cbConnStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid connection string length");
	else
		rc = browse_connect(dbc, in != NULL ? in : "", szConnStrOut, cbConnStrOutMax,
							pcbConnStrOut, false);
	free(in);
	return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API
SQLBrowseConnectW(SQLHDBC hdbc, SQLWCHAR *szConnStrIn, SQLSMALLINT cbConnStrIn,
				  SQLWCHAR *szConnStrOut, SQLSMALLINT cbConnStrOutMax,
				  SQLSMALLINT *pcbConnStrOut)
{
	drv_dbc *dbc;
	char *in;
	bool ok;
	SQLRETURN rc;

	if (!drv_dbc_enter(hdbc, &dbc))
		return SQL_INVALID_HANDLE;
	in = drv_wstr_dup(szConnStrIn, cbConnStrIn, &ok);
	if (!ok)
		rc = drv_error(dbc->diags, FQ_ERR_INVALID_STRING_OR_BUFFER_LENGTH,
					   "invalid connection string length");
	else
		rc = browse_connect(dbc, in != NULL ? in : "", szConnStrOut, cbConnStrOutMax,
							pcbConnStrOut, true);
	free(in);
	return drv_dbc_leave(dbc, rc);
}
