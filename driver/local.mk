# driver/: the ODBC driver, libfedqodbc.so.  Exports the SQL* entry points only.
#
# Built as a libtool module linked with the engine's convenience library;
# driver.h includes the ODBC headers with default visibility so the SQL*
# definitions are exported while everything else stays hidden, and
# -export-symbols-regex keeps engine symbols out of the dynamic table.

lib_LTLIBRARIES += driver/libfedqodbc.la
driver_libfedqodbc_la_SOURCES = \
	driver/driver.h \
	driver/handles.c \
	driver/diag.c \
	driver/strings.c \
	driver/connstr.c \
	driver/escape.c \
	driver/connect.c \
	driver/info.c \
	driver/types.c \
	driver/exec.c \
	driver/params.c \
	driver/results.c \
	driver/convert.c \
	driver/values.c \
	driver/stmtattr.c \
	driver/desc.c \
	driver/catalog.c \
	driver/catalog_extra.c
driver_libfedqodbc_la_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS) $(ODBCINST_CFLAGS)
driver_libfedqodbc_la_LIBADD = engine/libfqengine.la $(ODBCINST_LIBS) -lpthread
# -Bsymbolic: calls inside the library bind to the library's own
# functions, never to the driver manager's functions of the same name.
# (Add -no-undefined -Wl,--no-undefined once the engine stops growing:
# then a symbol it lacks fails this link instead of an application's load.)
driver_libfedqodbc_la_LDFLAGS = -module -avoid-version -shared -export-symbols-regex '^SQL' \
	-Wl,-Bsymbolic
EXTRA_DIST += driver/README.md tests/isql tests/python

# Unit tests of the driver's pure parts (no driver manager, no servers).
check_PROGRAMS += driver/check_driver
TESTS += driver/check_driver
driver_check_driver_SOURCES = driver/check_driver.c driver/connstr.c driver/escape.c \
	driver/strings.c driver/values.c driver/driver.h engine/func/odbc.c
driver_check_driver_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
driver_check_driver_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
driver_check_driver_LDADD = $(CHECK_LIBS)

# ODBC client tests (tests/odbc/): applications linked with the driver
# manager, run against the harness's servers by tests/it/2*-odbc-*.sh.
FQ_ODBC_TESTS = tests/odbc/functions tests/odbc/handles tests/odbc/info tests/odbc/connect tests/odbc/query tests/odbc/fetch tests/odbc/types tests/odbc/catalog tests/odbc/params tests/odbc/cancel tests/odbc/wide \
	tests/odbc/concurrent tests/odbc/limits tests/odbc/wstrings tests/odbc/faults tests/odbc/insert \
	tests/odbc/batch tests/odbc/descriptors tests/odbc/catalog_extra tests/odbc/bimeta tests/odbc/iodbc \
	tests/odbc/browse tests/odbc/sessions
check_PROGRAMS += $(FQ_ODBC_TESTS)
FQ_ODBC_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
tests_odbc_functions_SOURCES = tests/odbc/functions.c tests/odbc/odbctest.h
tests_odbc_functions_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_functions_LDADD = -ldl
tests_odbc_handles_SOURCES = tests/odbc/handles.c tests/odbc/odbctest.h
tests_odbc_handles_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_handles_LDADD = $(ODBC_LIBS)
tests_odbc_info_SOURCES = tests/odbc/info.c tests/odbc/odbctest.h
tests_odbc_info_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_info_LDADD = $(ODBC_LIBS)
tests_odbc_connect_SOURCES = tests/odbc/connect.c tests/odbc/odbctest.h
tests_odbc_sessions_SOURCES = tests/odbc/sessions.c tests/odbc/odbctest.h
tests_odbc_sessions_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_sessions_LDADD = $(ODBC_LIBS)
tests_odbc_connect_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_connect_LDADD = $(ODBC_LIBS)
tests_odbc_concurrent_SOURCES = tests/odbc/concurrent.c tests/odbc/odbctest.h
tests_odbc_concurrent_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_concurrent_LDADD = $(ODBC_LIBS)
tests_odbc_batch_SOURCES = tests/odbc/batch.c tests/odbc/odbctest.h
tests_odbc_batch_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_batch_LDADD = $(ODBC_LIBS)
tests_odbc_query_SOURCES = tests/odbc/query.c tests/odbc/odbctest.h
tests_odbc_query_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_query_LDADD = $(ODBC_LIBS)
tests_odbc_fetch_SOURCES = tests/odbc/fetch.c tests/odbc/odbctest.h
tests_odbc_fetch_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_fetch_LDADD = $(ODBC_LIBS)
tests_odbc_types_SOURCES = tests/odbc/types.c tests/odbc/odbctest.h
tests_odbc_types_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_types_LDADD = $(ODBC_LIBS) -lpthread -lm
tests_odbc_catalog_SOURCES = tests/odbc/catalog.c tests/odbc/odbctest.h
tests_odbc_catalog_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_catalog_LDADD = $(ODBC_LIBS)
tests_odbc_params_SOURCES = tests/odbc/params.c tests/odbc/odbctest.h
tests_odbc_params_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_params_LDADD = $(ODBC_LIBS)
tests_odbc_cancel_SOURCES = tests/odbc/cancel.c tests/odbc/odbctest.h tests/spillfds.h
tests_odbc_cancel_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_cancel_LDADD = $(ODBC_LIBS) -lpthread -lm
tests_odbc_limits_SOURCES = tests/odbc/limits.c tests/odbc/odbctest.h
tests_odbc_limits_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_limits_LDADD = $(ODBC_LIBS) -lpthread
tests_odbc_wstrings_SOURCES = tests/odbc/wstrings.c tests/odbc/odbctest.h
tests_odbc_wstrings_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_wstrings_LDADD = $(ODBC_LIBS)
tests_odbc_faults_SOURCES = tests/odbc/faults.c tests/odbc/odbctest.h
tests_odbc_faults_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_faults_LDADD = $(ODBC_LIBS) -lpthread
tests_odbc_insert_SOURCES = tests/odbc/insert.c tests/odbc/odbctest.h
tests_odbc_insert_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_insert_LDADD = $(ODBC_LIBS) -lpthread
tests_odbc_wide_SOURCES = tests/odbc/wide.c tests/odbc/odbctest.h
tests_odbc_wide_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_wide_LDADD = $(ODBC_LIBS)
tests_odbc_descriptors_SOURCES = tests/odbc/descriptors.c tests/odbc/odbctest.h
tests_odbc_descriptors_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_descriptors_LDADD = $(ODBC_LIBS) -lpthread
tests_odbc_catalog_extra_SOURCES = tests/odbc/catalog_extra.c tests/odbc/odbctest.h
tests_odbc_catalog_extra_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_catalog_extra_LDADD = $(ODBC_LIBS)
tests_odbc_bimeta_SOURCES = tests/odbc/bimeta.c tests/odbc/odbctest.h
tests_odbc_bimeta_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_bimeta_LDADD = $(ODBC_LIBS)
tests_odbc_iodbc_SOURCES = tests/odbc/iodbc.c tests/odbc/odbctest.h
tests_odbc_iodbc_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_iodbc_LDADD = -ldl
tests_odbc_browse_SOURCES = tests/odbc/browse.c tests/odbc/odbctest.h
tests_odbc_browse_CPPFLAGS = $(FQ_ODBC_TEST_CPPFLAGS)
tests_odbc_browse_LDADD = $(ODBC_LIBS)
