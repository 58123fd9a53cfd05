# tests/: Check unit suites (no servers), and integration tests run by
# tests/integration.sh against real PostgreSQL servers (tests/it/*.sh).
#
# Unit suites: add tests/unit/check_<module>.c to FQ_UNIT_SUITES below and a
# tests_unit_check_<module>_SOURCES line.  Integration tests: drop an
# executable-free script into tests/it/ (see tests/harness/itlib.sh); C client
# programs they run go in check_PROGRAMS so `make check` builds them.

check_PROGRAMS += $(FQ_UNIT_SUITES)
TESTS += $(FQ_UNIT_SUITES) tests/recursion.sh tests/integration.sh

TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_TESTS_ENVIRONMENT = FQ_BUILDDIR='$(abs_top_builddir)' PG_BINDIR='$(PG_BINDIR)' \
	FQ_ASAN_RUNTIME='$(FQ_ASAN_RUNTIME)'; export FQ_BUILDDIR PG_BINDIR FQ_ASAN_RUNTIME;

EXTRA_DIST += tests/integration.sh tests/it tests/harness tests/recursion.sh tests/tools
include $(srcdir)/tests/unit/local.mk

# SQL logic tests (tests/sql/*.test) run straight through the engine.
check_PROGRAMS += tests/sqllogic
tests_sqllogic_SOURCES = tests/sqllogic.c tests/spillfds.h
tests_sqllogic_CFLAGS = $(AM_CFLAGS) $(PQ_CFLAGS)
tests_sqllogic_LDADD = engine/libfqengine.la $(PQ_LIBS) -lm
EXTRA_DIST += tests/sql tests/aws tests/tls tests/fuzz tests/oracle tests/random

# Allocation-failure torture (tests/it/70-torture.sh).
check_PROGRAMS += tests/torture
tests_torture_SOURCES = tests/torture.c tests/spillfds.h
tests_torture_LDADD = engine/libfqengine.la $(PQ_LIBS) -lm
