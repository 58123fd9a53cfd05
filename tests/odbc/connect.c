/*
 * connect.c — SQLConnect and SQLDriverConnect: DSN and DSN-less
 * connection strings, overriding a DSN's keys, the output connection
 * string, and the SQLSTATEs applications act on: 28000 for a wrong
 * password (Tableau asks for credentials again), 08001 for a server that
 * cannot be reached.
 */
#include "odbctest.h"

static char dir[1024];

static SQLHDBC
new_dbc(SQLHENV env)
{
	SQLHDBC dbc;

	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	return dbc;
}

static SQLRETURN
driver_connect(SQLHDBC dbc, const char *cs, char *out, SQLSMALLINT outmax, SQLSMALLINT *outlen)
{
	return SQLDriverConnect(dbc, NULL, (SQLCHAR *) cs, SQL_NTS, (SQLCHAR *) out, outmax, outlen,
							SQL_DRIVER_NOPROMPT);
}

static bool
works(SQLHDBC dbc)
{
	SQLHSTMT st;
	bool ok;

	if (SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st) != SQL_SUCCESS)
		return false;
	ok = strcmp(t_scalar(st, "SELECT count(*) FROM public.regions"), "4") == 0;
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return ok;
}

int
main(void)
{
	SQLHENV env;
	SQLHDBC dbc;
	char cs[2048];
	char out[2048];
	SQLSMALLINT outlen;
	SQLRETURN rc;
	const char *port = t_getenv("FQ_PORT_warehouse");
	const char *pw = t_getenv("FQ_PG_PASSWORD");
	const char *d = getenv("FQ_IT_DIR");

	snprintf(dir, sizeof(dir), "%s", d != NULL ? d : t_getenv("FQ_TEST_DIR"));
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);

	/* DSN-less, braces around the driver name and the password. */
	dbc = new_dbc(env);
	snprintf(cs, sizeof(cs),
			 "DRIVER={fedq};Server=127.0.0.1;Port=%s;Database=warehouse;UID=fedq;PWD={%s};"
			 "CatalogFile=%s/dsnless.json", port, pw, dir);
	rc = driver_connect(dbc, cs, out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "DSN-less SQLDriverConnect");
	t_ok(strncmp(out, "DRIVER=fedq;", 12) == 0 || strncmp(out, "DRIVER={fedq};", 14) == 0,
		 "out string starts with the driver (%s)", out);
	t_ok(strstr(out, "Server=127.0.0.1;") != NULL && strstr(out, "Database=warehouse;") != NULL,
		 "out string has the keys used");
	t_ok(strstr(out, "PWD=") != NULL, "out string carries PWD, as ODBC expects");
	t_ok(outlen == (SQLSMALLINT) strlen(out), "out length %d matches", (int) outlen);
	t_ok(works(dbc), "the connection runs queries");
	SQLDisconnect(dbc);

	/* ReturnPWD=0 leaves the password out of the out string (from the
	 * connection string or the DSN), and says so itself. */
	snprintf(cs, sizeof(cs),
			 "DRIVER={fedq};Server=127.0.0.1;Port=%s;Database=warehouse;UID=fedq;PWD={%s};"
			 "CatalogFile=%s/dsnless.json;ReturnPWD=0", port, pw, dir);
	rc = driver_connect(dbc, cs, out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLDriverConnect with ReturnPWD=0");
	t_ok(rc == SQL_SUCCESS, "ReturnPWD is no unknown key (rc %d)", (int) rc);
	t_ok(strstr(out, ";PWD=") == NULL && strstr(out, pw) == NULL,
		 "ReturnPWD=0: no password in the out string (%s)", out);
	t_ok(strstr(out, "ReturnPWD=0") != NULL && strstr(out, "UID=fedq;") != NULL,
		 "ReturnPWD=0: the other keys are there (%s)", out);
	t_ok(works(dbc), "the connection runs queries");
	SQLDisconnect(dbc);
	rc = driver_connect(dbc, "DSN=fedq;returnpwd=no", out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "DSN=fedq;returnpwd=no");
	t_ok(strstr(out, ";PWD=") == NULL && strstr(out, pw) == NULL,
		 "ReturnPWD=no: not the DSN's password either (%s)", out);
	SQLDisconnect(dbc);
	rc = driver_connect(dbc, "DSN=fedq;ReturnPWD=1", out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "DSN=fedq;ReturnPWD=1");
	t_ok(strstr(out, ";PWD=") != NULL && strstr(out, pw) != NULL,
		 "ReturnPWD=1: the DSN's password is returned (%s)", out);
	SQLDisconnect(dbc);
	rc = driver_connect(dbc, "DSN=fedq;ReturnPWD=maybe", NULL, 0, NULL);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "22023", "ReturnPWD=maybe");
	t_ok(strstr(t_message(SQL_HANDLE_DBC, dbc), "ReturnPWD") != NULL,
		 "the message names the key: %s", t_message(SQL_HANDLE_DBC, dbc));

	/* Keys are case-blind. */
	snprintf(cs, sizeof(cs),
			 "driver={fedq};SERVER=127.0.0.1;port=%s;DATABASE=warehouse;uid=fedq;pwd=%s;"
			 "catalogfile=%s/dsnless.json", port, pw, dir);
	rc = driver_connect(dbc, cs, NULL, 0, NULL);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "case-blind keys, no output buffer");
	SQLDisconnect(dbc);

	/* With a DSN. */
	rc = driver_connect(dbc, "DSN=fedq", out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLDriverConnect with DSN=fedq");
	t_ok(strncmp(out, "DSN=fedq;", 9) == 0, "out string starts with DSN=fedq (%s)", out);
	t_ok(strstr(out, "Port=") != NULL && strstr(out, "CatalogFile=") != NULL,
		 "out string has the DSN's keys");
	t_ok(works(dbc), "the connection runs queries");
	SQLDisconnect(dbc);

	/* A short output buffer: 01004 and the full length. */
	rc = driver_connect(dbc, "DSN=fedq", out, 10, &outlen);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_DBC, dbc, "01004") &&
		 strlen(out) == 9 && outlen > 10, "truncated out string: 01004, length %d", (int) outlen);
	SQLDisconnect(dbc);

	/* Connection-string keys override the DSN's: a wrong password. */
	rc = driver_connect(dbc, "DSN=fedq;PWD=wrong-password", NULL, 0, NULL);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "28000", "DSN=fedq;PWD=wrong-password");
	t_ok(strstr(t_message(SQL_HANDLE_DBC, dbc), "[fedq]") != NULL,
		 "the message carries the [fedq] prefix: %s", t_message(SQL_HANDLE_DBC, dbc));
	t_ok(strstr(t_message(SQL_HANDLE_DBC, dbc), "wrong-password") == NULL,
		 "the message does not repeat the password");

	/* The handle connects after a failure. */
	rc = driver_connect(dbc, "DSN=fedq", NULL, 0, NULL);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "the same handle connects after a failed attempt");
	rc = driver_connect(dbc, "DSN=fedq", NULL, 0, NULL);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "08002", "connecting an open connection");
	SQLDisconnect(dbc);

	/* SQLConnect: UID and PWD arguments override the DSN's. */
	rc = SQLConnect(dbc, (SQLCHAR *) "fedq", SQL_NTS, (SQLCHAR *) "fedq", SQL_NTS,
					(SQLCHAR *) "nope", SQL_NTS);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "28000", "SQLConnect with a wrong password argument");
	rc = SQLConnect(dbc, (SQLCHAR *) "fedq", SQL_NTS, (SQLCHAR *) "fedq", SQL_NTS,
					(SQLCHAR *) pw, SQL_NTS);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "SQLConnect with the right password argument");
	SQLDisconnect(dbc);

	/* A server nobody listens on: 08001. */
	snprintf(cs, sizeof(cs),
			 "DRIVER={fedq};Server=127.0.0.1;Port=1;Database=warehouse;UID=fedq;PWD=x;"
			 "LoginTimeout=5;CatalogFile=%s/dsnless.json", dir);
	rc = driver_connect(dbc, cs, NULL, 0, NULL);
	t_fails(rc, SQL_HANDLE_DBC, dbc, "08001", "a server that refuses connections");

	/* Keys nobody knows draw 01S00 but do not stop the connection. */
	rc = driver_connect(dbc, "DSN=fedq;NoSuchKey=1", NULL, 0, NULL);
	t_ok(rc == SQL_SUCCESS_WITH_INFO && t_has_state(SQL_HANDLE_DBC, dbc, "01S00"),
		 "an unknown key gives 01S00 (rc %d)", (int) rc);
	t_ok(works(dbc), "and the connection works");
	SQLDisconnect(dbc);

	/* A malformed connection string. */
	rc = driver_connect(dbc, "DSN=fedq;PWD={unterminated", NULL, 0, NULL);
	t_ok(rc == SQL_ERROR, "an unterminated brace is an error (rc %d)", (int) rc);

	/* No warehouse: external schemas only. */
	rc = driver_connect(dbc, "DSN=fedq_nowh", out, sizeof(out), &outlen);
	t_rc(rc, SQL_HANDLE_DBC, dbc, "DSN fedq_nowh (no warehouse)");
	SQLDisconnect(dbc);

	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return t_done();
}
