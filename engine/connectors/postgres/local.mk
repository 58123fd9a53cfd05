# engine/connectors/postgres/: the PostgreSQL connector (libpq).
engine_libfqengine_la_SOURCES += engine/connectors/postgres/pg.h \
	engine/connectors/postgres/pg_int.h \
	engine/connectors/postgres/pg_conn.c \
	engine/connectors/postgres/pg_meta.c \
	engine/connectors/postgres/pg_scan.c \
	engine/connectors/postgres/pg_exec.c \
	engine/connectors/postgres/pg_copyin.c

# Integration test of the connector against the harness's servers
# (run by tests/it/10-pg-connector.sh).
check_PROGRAMS += tests/pgconn_test
tests_pgconn_test_SOURCES = tests/pgconn_test.c
tests_pgconn_test_CFLAGS = $(AM_CFLAGS) $(PQ_CFLAGS)
tests_pgconn_test_LDADD = engine/libfqengine.la -lpthread
EXTRA_DIST += engine/connectors/postgres/README.md

# The COPY FROM STDIN encoder (pg_copyin.c), without a server.
FQ_UNIT_SUITES += tests/unit/check_copyin
tests_unit_check_copyin_SOURCES = tests/unit/check_copyin.c
tests_unit_check_copyin_CFLAGS = $(FQ_UNIT_CF) $(PQ_CFLAGS)
tests_unit_check_copyin_LDADD = $(FQ_UNIT_LIBS)
