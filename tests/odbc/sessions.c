/*
 * sessions.c — one process, several connections one after another:
 *
 *     sessions CONNSTR N 'SQL' ['SQL' ...]
 *
 * opens a connection N times (closing each before the next), runs the
 * statements in each and prints the first column of each row as
 * "session K: value".  tests/it/18-connection-statements.sh reads the
 * servers' logs around it: what a connection costs once this process
 * has met the servers before.
 */
#include "odbctest.h"

int
main(int argc, char **argv)
{
	int n;

	if (argc < 4 || (n = atoi(argv[2])) < 1)
	{
		printf("usage: sessions CONNSTR N SQL...\n");
		return 2;
	}
	for (int k = 1; k <= n; k++)
	{
		SQLHENV env;
		SQLHDBC dbc;
		SQLHSTMT st;

		t_connect_str(&env, &dbc, argv[1]);
		st = t_stmt(dbc);
		for (int i = 3; i < argc; i++)
		{
			char buf[4096];
			SQLLEN ind;

			if (!t_exec(st, argv[i]))
				continue;
			while (SQL_SUCCEEDED(SQLFetch(st)))
			{
				if (!SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof(buf), &ind)))
				{
					t_diag(SQL_HANDLE_STMT, st);
					break;
				}
				printf("session %d: %s\n", k, ind == SQL_NULL_DATA ? "<NULL>" : buf);
			}
			SQLFreeStmt(st, SQL_CLOSE);
		}
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		t_disconnect(env, dbc);
	}
	return t_done();
}
