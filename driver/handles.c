/*
 * handles.c — environment, connection and statement handles.
 *
 * Allocation and release (SQLAllocHandle, SQLFreeHandle and the ODBC 2
 * forms), the environment attributes, and the discipline every entry point
 * follows: drv_*_enter validates and locks a handle and clears its
 * diagnostics, drv_*_leave turns the diagnostics into the return code and
 * unlocks.
 */
#include "driver/driver.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Enter / leave                                                       */
/* ------------------------------------------------------------------ */

bool
drv_env_enter(SQLHENV h, drv_env **out)
{
	drv_env *env = (drv_env *) h;

	if (env == NULL || env->magic != DRV_MAGIC_ENV)
		return false;
	pthread_mutex_lock(&env->lock);
	fq_diags_clear(env->diags);
	*out = env;
	return true;
}

bool
drv_dbc_enter(SQLHDBC h, drv_dbc **out)
{
	drv_dbc *dbc = (drv_dbc *) h;

	if (dbc == NULL || dbc->magic != DRV_MAGIC_DBC)
		return false;
	pthread_mutex_lock(&dbc->lock);
	fq_diags_clear(dbc->diags);
	*out = dbc;
	return true;
}

/*
 * An explicitly allocated ARD or APD is shared: other statements use it,
 * and its own handle changes it (SQLSetDescField, another statement's
 * SQLBindCol or SQLFreeStmt(SQL_UNBIND) reallocate or free its records),
 * from any thread.  A call on a statement holds the locks of the explicit
 * descriptors it uses, so their records stay put while it reads or writes
 * them.  Order: statement locks first, then descriptor locks by address
 * (SQLCopyDesc takes them in that order too).
 */
static void
lock_descs(drv_stmt *st)
{
	drv_desc *a = st->ard_desc;
	drv_desc *b = st->apd_desc != a ? st->apd_desc : NULL;

	if (a == NULL)
	{
		a = b;
		b = NULL;
	}
	if (a != NULL && b != NULL && (uintptr_t) a > (uintptr_t) b)
	{
		drv_desc *t = a;

		a = b;
		b = t;
	}
	if (a != NULL)
		pthread_mutex_lock(&a->lock);
	if (b != NULL)
		pthread_mutex_lock(&b->lock);
	st->held_descs[0] = a;
	st->held_descs[1] = b;
}

/* (the call may have changed ard_desc and apd_desc: what it locked) */
static void
unlock_descs(drv_stmt *st)
{
	if (st->held_descs[1] != NULL)
		pthread_mutex_unlock(&st->held_descs[1]->lock);
	if (st->held_descs[0] != NULL)
		pthread_mutex_unlock(&st->held_descs[0]->lock);
	st->held_descs[0] = st->held_descs[1] = NULL;
}

bool
drv_stmt_enter(SQLHSTMT h, drv_stmt **out)
{
	drv_stmt *st = (drv_stmt *) h;

	if (st == NULL || st->magic != DRV_MAGIC_STMT)
		return false;
	pthread_mutex_lock(&st->lock);
	lock_descs(st);
	fq_diags_clear(st->diags);
	*out = st;
	return true;
}

bool
drv_handle_lock(SQLSMALLINT type, SQLHANDLE h, fq_diags **diags,
				pthread_mutex_t **lock)
{
	switch (type)
	{
		case SQL_HANDLE_ENV:
			{
				drv_env *env = h;

				if (env == NULL || env->magic != DRV_MAGIC_ENV)
					return false;
				*diags = env->diags;
				*lock = &env->lock;
				break;
			}
		case SQL_HANDLE_DBC:
			{
				drv_dbc *dbc = h;

				if (dbc == NULL || dbc->magic != DRV_MAGIC_DBC)
					return false;
				*diags = dbc->diags;
				*lock = &dbc->lock;
				break;
			}
		case SQL_HANDLE_STMT:
			{
				drv_stmt *st = h;

				if (st == NULL || st->magic != DRV_MAGIC_STMT)
					return false;
				*diags = st->diags;
				*lock = &st->lock;
				break;
			}
		case SQL_HANDLE_DESC:
			{
				drv_desc *d = h;

				if (d == NULL || d->magic != DRV_MAGIC_DESC)
					return false;
				*diags = d->diags;
				*lock = drv_desc_lock(d);
				break;
			}
		default:
			return false;
	}
	pthread_mutex_lock(*lock);
	return true;
}

static SQLRETURN
final_rc(const fq_diags *d, SQLRETURN rc)
{
	if (rc == SQL_INVALID_HANDLE)
		return rc;
	if (rc == SQL_SUCCESS && fq_diags_has_error(d))
		return SQL_ERROR;
	if (rc == SQL_SUCCESS && fq_diags_count(d) > 0)
		return SQL_SUCCESS_WITH_INFO;
	return rc;
}

SQLRETURN
drv_env_leave(drv_env *env, SQLRETURN rc)
{
	rc = final_rc(env->diags, rc);
	env->last_rc = rc;
	pthread_mutex_unlock(&env->lock);
	return rc;
}

SQLRETURN
drv_dbc_leave(drv_dbc *dbc, SQLRETURN rc)
{
	rc = final_rc(dbc->diags, rc);
	dbc->last_rc = rc;
	pthread_mutex_unlock(&dbc->lock);
	return rc;
}

SQLRETURN
drv_stmt_leave(drv_stmt *st, SQLRETURN rc)
{
	rc = final_rc(st->diags, rc);
	st->last_rc = rc;
	unlock_descs(st);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

SQLINTEGER
drv_odbc_version(const drv_dbc *dbc)
{
	/* Set once by the driver manager before connecting; read unlocked. */
	return dbc->env->odbc_version;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

SQLRETURN
drv_alloc_env(SQLHENV *out)
{
	drv_env *env;

	if (out == NULL)
		return SQL_ERROR;
	*out = SQL_NULL_HENV;
	env = calloc(1, sizeof(*env));
	if (env == NULL)
		return SQL_ERROR;
	env->diags = fq_diags_new();
	if (env->diags == NULL)
	{
		free(env);
		return SQL_ERROR;
	}
	pthread_mutex_init(&env->lock, NULL);
	/* The driver manager sets the version the application chose; until
	 * it does, behave as ODBC 3. */
	env->odbc_version = SQL_OV_ODBC3;
	env->connection_pooling = SQL_CP_OFF;
	env->cp_match = SQL_CP_STRICT_MATCH;
	env->magic = DRV_MAGIC_ENV;
	*out = env;
	return SQL_SUCCESS;
}

SQLRETURN
drv_alloc_dbc(drv_env *env, SQLHDBC *out)
{
	drv_dbc *dbc;

	if (out == NULL)
		return drv_error(env->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "output handle pointer is NULL");
	*out = SQL_NULL_HDBC;
	dbc = calloc(1, sizeof(*dbc));
	if (dbc == NULL)
		return drv_nomem(env->diags);
	dbc->diags = fq_diags_new();
	if (dbc->diags == NULL)
	{
		free(dbc);
		return drv_nomem(env->diags);
	}
	pthread_mutex_init(&dbc->lock, NULL);
	pthread_mutex_init(&dbc->session_lock, NULL);
	dbc->env = env;
	dbc->autocommit = true;
	dbc->access_mode = SQL_MODE_READ_WRITE;
	dbc->packet_size = 0;
	dbc->metadata_id = SQL_FALSE;
	dbc->magic = DRV_MAGIC_DBC;
	dbc->next = env->dbcs;
	env->dbcs = dbc;
	*out = dbc;
	return SQL_SUCCESS;
}

SQLRETURN
drv_alloc_stmt(drv_dbc *dbc, SQLHSTMT *out)
{
	drv_stmt *st;

	if (out == NULL)
		return drv_error(dbc->diags, FQ_ERR_INVALID_USE_OF_NULL_POINTER,
						 "output handle pointer is NULL");
	*out = SQL_NULL_HSTMT;
	if (!dbc->connected)
		return drv_error(dbc->diags, FQ_ERR_CONNECTION_DOES_NOT_EXIST,
						 "the connection is not open");
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return drv_nomem(dbc->diags);
	st->diags = fq_diags_new();
	if (!drv_descs_init(st))
	{
		fq_diags_free(st->diags);
		free(st);
		return drv_nomem(dbc->diags);
	}
	pthread_mutex_lock(&dbc->session_lock);
	st->fq = fq_stmt_new(dbc->session);
	pthread_mutex_unlock(&dbc->session_lock);
	if (st->diags == NULL || st->fq == NULL)
	{
		drv_descs_free(st);
		fq_diags_free(st->diags);
		if (st->fq != NULL)
			fq_stmt_free(st->fq);
		free(st);
		return drv_nomem(dbc->diags);
	}
	pthread_mutex_init(&st->lock, NULL);
	st->dbc = dbc;
	st->ard = &st->ard_own;
	st->apd = &st->apd_own;
	st->ard_own.array_size = 1;
	st->ard_own.bind_type = SQL_BIND_BY_COLUMN;
	st->apd_own.array_size = 1;
	st->apd_own.bind_type = SQL_PARAM_BIND_BY_COLUMN;
	st->retrieve_data = SQL_RD_ON;
	st->noscan = SQL_NOSCAN_OFF;
	st->metadata_id = dbc->metadata_id;
	/* The QueryTimeout connection key is every statement's default. */
	st->query_timeout = (SQLULEN) fq_session_query_timeout(dbc->session);
	st->ncols = 0;
	st->rowcount = -1;
	st->dae.current = -1;
	atomic_init(&st->busy, 0);
	st->magic = DRV_MAGIC_STMT;
	st->next = dbc->stmts;
	dbc->stmts = st;
	*out = st;
	return SQL_SUCCESS;
}

/* Frees a statement already unlinked from its connection. */
void
drv_stmt_destroy(drv_stmt *st)
{
	drv_dbc *dbc = st->dbc;

	/* Running on another thread (its call holds the lock): ask it to stop,
	 * so freeing the handle or disconnecting waits a second at most, and
	 * nothing is left running at the sources. */
	if (atomic_load(&st->busy))
		fq_stmt_cancel(st->fq);
	pthread_mutex_lock(&st->lock);
	drv_stmt_reset(st);
	st->magic = DRV_MAGIC_DEAD;
	pthread_mutex_lock(&dbc->session_lock);
	fq_stmt_free(st->fq);
	pthread_mutex_unlock(&dbc->session_lock);
	free(st->ard_own.recs);
	free(st->apd_own.recs);
	free(st->params);
	free(st->cursor_name);
	drv_buf_free(&st->scratch);
	drv_buf_free(&st->gd.buf);
	fq_diags_free(st->diags);
	drv_descs_free(st);
	pthread_mutex_unlock(&st->lock);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

static void
unlink_stmt(drv_stmt *st)
{
	drv_dbc *dbc = st->dbc;

	pthread_mutex_lock(&dbc->lock);
	for (drv_stmt **p = &dbc->stmts; *p != NULL; p = &(*p)->next)
	{
		if (*p == st)
		{
			*p = st->next;
			break;
		}
	}
	pthread_mutex_unlock(&dbc->lock);
}

SQLRETURN
drv_free_stmt(SQLHSTMT h)
{
	drv_stmt *st = h;

	if (st == NULL || st->magic != DRV_MAGIC_STMT)
		return SQL_INVALID_HANDLE;
	if (st->dae.active)
	{
		/* Freeing mid data-at-execution is allowed: the statement goes. */
	}
	unlink_stmt(st);
	drv_stmt_destroy(st);
	return SQL_SUCCESS;
}

static SQLRETURN
free_dbc(SQLHDBC h)
{
	drv_dbc *dbc = h;
	drv_env *env;

	if (dbc == NULL || dbc->magic != DRV_MAGIC_DBC)
		return SQL_INVALID_HANDLE;
	env = dbc->env;
	pthread_mutex_lock(&env->lock);
	pthread_mutex_lock(&dbc->lock);
	fq_diags_clear(dbc->diags);
	if (dbc->connected)
	{
		SQLRETURN rc = drv_error(dbc->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
								 "the connection is still open; call SQLDisconnect first");

		pthread_mutex_unlock(&dbc->lock);
		pthread_mutex_unlock(&env->lock);
		return rc;
	}
	for (drv_dbc **p = &env->dbcs; *p != NULL; p = &(*p)->next)
	{
		if (*p == dbc)
		{
			*p = dbc->next;
			break;
		}
	}
	dbc->magic = DRV_MAGIC_DEAD;
	pthread_mutex_unlock(&dbc->lock);
	pthread_mutex_unlock(&env->lock);

	if (dbc->session != NULL)
		fq_session_free(dbc->session);
	drv_browse_reset(dbc);
	free(dbc->dsn);
	free(dbc->server);
	fq_diags_free(dbc->diags);
	pthread_mutex_destroy(&dbc->lock);
	pthread_mutex_destroy(&dbc->session_lock);
	free(dbc);
	return SQL_SUCCESS;
}

static SQLRETURN
free_env(SQLHENV h)
{
	drv_env *env = h;

	if (env == NULL || env->magic != DRV_MAGIC_ENV)
		return SQL_INVALID_HANDLE;
	pthread_mutex_lock(&env->lock);
	fq_diags_clear(env->diags);
	if (env->dbcs != NULL)
	{
		SQLRETURN rc = drv_error(env->diags, FQ_ERR_FUNCTION_SEQUENCE_ERROR,
								 "connections are still allocated on this environment");

		pthread_mutex_unlock(&env->lock);
		return rc;
	}
	env->magic = DRV_MAGIC_DEAD;
	pthread_mutex_unlock(&env->lock);
	fq_diags_free(env->diags);
	pthread_mutex_destroy(&env->lock);
	free(env);
	return SQL_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

/*
 * Entry points never call other SQL* entry points of this library: in a
 * process where the driver manager is loaded, such a call would bind to the
 * driver manager's function of the same name.
 */
static SQLRETURN
alloc_handle(SQLSMALLINT HandleType, SQLHANDLE InputHandle,
			 SQLHANDLE *OutputHandle)
{
	switch (HandleType)
	{
		case SQL_HANDLE_ENV:
			return drv_alloc_env(OutputHandle);
		case SQL_HANDLE_DBC:
			{
				drv_env *env;

				if (!drv_env_enter(InputHandle, &env))
					return SQL_INVALID_HANDLE;
				return drv_env_leave(env, drv_alloc_dbc(env, OutputHandle));
			}
		case SQL_HANDLE_STMT:
			{
				drv_dbc *dbc;

				if (!drv_dbc_enter(InputHandle, &dbc))
					return SQL_INVALID_HANDLE;
				return drv_dbc_leave(dbc, drv_alloc_stmt(dbc, OutputHandle));
			}
		case SQL_HANDLE_DESC:
			{
				/* An explicitly allocated descriptor, of the connection
				 * (desc.c). */
				drv_dbc *dbc;

				if (!drv_dbc_enter(InputHandle, &dbc))
					return SQL_INVALID_HANDLE;
				return drv_dbc_leave(dbc, drv_alloc_desc(dbc, OutputHandle));
			}
		default:
			if (OutputHandle != NULL)
				*OutputHandle = SQL_NULL_HANDLE;
			return SQL_ERROR;
	}
}

/* The driver manager allocates an environment first: who calls tells
 * which SQLWCHAR it passes (strings.c). */
SQLRETURN SQL_API
SQLAllocHandle(SQLSMALLINT HandleType, SQLHANDLE InputHandle,
			   SQLHANDLE *OutputHandle)
{
	if (HandleType == SQL_HANDLE_ENV)
		drv_wchar_detect(__builtin_return_address(0));
	return alloc_handle(HandleType, InputHandle, OutputHandle);
}

SQLRETURN SQL_API
SQLAllocEnv(SQLHENV *EnvironmentHandle)
{
	drv_wchar_detect(__builtin_return_address(0));
	return alloc_handle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, EnvironmentHandle);
}

SQLRETURN SQL_API
SQLAllocConnect(SQLHENV EnvironmentHandle, SQLHDBC *ConnectionHandle)
{
	return alloc_handle(SQL_HANDLE_DBC, EnvironmentHandle, ConnectionHandle);
}

SQLRETURN SQL_API
SQLAllocStmt(SQLHDBC ConnectionHandle, SQLHSTMT *StatementHandle)
{
	return alloc_handle(SQL_HANDLE_STMT, ConnectionHandle, StatementHandle);
}

SQLRETURN SQL_API
SQLFreeHandle(SQLSMALLINT HandleType, SQLHANDLE Handle)
{
	switch (HandleType)
	{
		case SQL_HANDLE_ENV:
			return free_env(Handle);
		case SQL_HANDLE_DBC:
			return free_dbc(Handle);
		case SQL_HANDLE_STMT:
			return drv_free_stmt(Handle);
		case SQL_HANDLE_DESC:
			return drv_free_desc(Handle);
		default:
			return SQL_INVALID_HANDLE;
	}
}

SQLRETURN SQL_API
SQLFreeEnv(SQLHENV EnvironmentHandle)
{
	return free_env(EnvironmentHandle);
}

SQLRETURN SQL_API
SQLFreeConnect(SQLHDBC ConnectionHandle)
{
	return free_dbc(ConnectionHandle);
}

/* ------------------------------------------------------------------ */
/* Environment attributes                                              */
/* ------------------------------------------------------------------ */

static SQLRETURN
set_env_attr(drv_env *env, SQLINTEGER attr, SQLPOINTER value)
{
	SQLUINTEGER v = (SQLUINTEGER) (uintptr_t) value;

	switch (attr)
	{
		case SQL_ATTR_ODBC_VERSION:
			if (v != SQL_OV_ODBC2 && v != SQL_OV_ODBC3 && v != SQL_OV_ODBC3_80)
				return drv_error(env->diags, FQ_ERR_INVALID_ATTRIBUTE_VALUE,
								 "invalid SQL_ATTR_ODBC_VERSION %u", (unsigned) v);
			env->odbc_version = (SQLINTEGER) v;
			return SQL_SUCCESS;
		case SQL_ATTR_CONNECTION_POOLING:
			/* Pooling is the driver manager's business. */
			env->connection_pooling = v;
			return SQL_SUCCESS;
		case SQL_ATTR_CP_MATCH:
			env->cp_match = v;
			return SQL_SUCCESS;
		case SQL_ATTR_OUTPUT_NTS:
			if (v != SQL_TRUE)
				return drv_error(env->diags, FQ_ERR_OPTIONAL_FEATURE_NOT_IMPLEMENTED,
								 "fedq always NUL-terminates output strings");
			return SQL_SUCCESS;
		default:
			return drv_error(env->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
							 "unknown environment attribute %d", (int) attr);
	}
}

SQLRETURN SQL_API
SQLSetEnvAttr(SQLHENV EnvironmentHandle, SQLINTEGER Attribute,
			  SQLPOINTER Value, SQLINTEGER StringLength)
{
	drv_env *env;

	if (!drv_env_enter(EnvironmentHandle, &env))
		return SQL_INVALID_HANDLE;
	return drv_env_leave(env, set_env_attr(env, Attribute, Value));
}

SQLRETURN SQL_API
SQLGetEnvAttr(SQLHENV EnvironmentHandle, SQLINTEGER Attribute,
			  SQLPOINTER Value, SQLINTEGER BufferLength,
			  SQLINTEGER *StringLength)
{
	drv_env *env;
	SQLUINTEGER v;
	SQLRETURN rc = SQL_SUCCESS;

	if (!drv_env_enter(EnvironmentHandle, &env))
		return SQL_INVALID_HANDLE;
	switch (Attribute)
	{
		case SQL_ATTR_ODBC_VERSION:
			v = (SQLUINTEGER) env->odbc_version;
			break;
		case SQL_ATTR_CONNECTION_POOLING:
			v = env->connection_pooling;
			break;
		case SQL_ATTR_CP_MATCH:
			v = env->cp_match;
			break;
		case SQL_ATTR_OUTPUT_NTS:
			v = SQL_TRUE;
			break;
		default:
			return drv_env_leave(env,
								 drv_error(env->diags, FQ_ERR_INVALID_ATTRIBUTE_IDENTIFIER,
										   "unknown environment attribute %d", (int) Attribute));
	}
	if (Value != NULL)
		*(SQLUINTEGER *) Value = v;
	if (StringLength != NULL)
		*StringLength = sizeof(SQLUINTEGER);
	return drv_env_leave(env, rc);
}
