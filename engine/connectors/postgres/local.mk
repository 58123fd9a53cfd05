# engine/connectors/postgres/: the PostgreSQL connector (libpq).
engine_libfqengine_la_SOURCES += engine/connectors/postgres/pg.h
