# bench/: the benchmark harness (bench/run, documented in bench/README.md)
# and the programs it drives.  Nothing here is installed; `make` builds the
# programs in the build tree, where bench/run and the smoke test
# (tests/it/90-bench-smoke.sh) find them.

noinst_PROGRAMS += bench/tpchgen bench/tpcdsgen bench/odbc_scan bench/odbc_catalog \
	bench/pg_copy bench/tcpcount bench/rescmp

bench_tpchgen_SOURCES = bench/tpchgen.c

bench_tpcdsgen_SOURCES = bench/tpcdsgen.c
bench_tpcdsgen_LDADD = -lm

bench_odbc_scan_SOURCES = bench/odbc_scan.c bench/odbcutil.c bench/odbcutil.h \
	bench/benchutil.c bench/benchutil.h
bench_odbc_scan_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
bench_odbc_scan_LDADD = $(ODBC_LIBS) -lpthread

bench_odbc_catalog_SOURCES = bench/odbc_catalog.c bench/odbcutil.c \
	bench/odbcutil.h bench/benchutil.c bench/benchutil.h
bench_odbc_catalog_CPPFLAGS = $(AM_CPPFLAGS) $(ODBC_CFLAGS)
bench_odbc_catalog_LDADD = $(ODBC_LIBS) -lpthread

bench_pg_copy_SOURCES = bench/pg_copy.c bench/benchutil.c bench/benchutil.h
bench_pg_copy_CPPFLAGS = $(AM_CPPFLAGS) $(PQ_CFLAGS)
bench_pg_copy_LDADD = $(PQ_LIBS) -lpthread

bench_tcpcount_SOURCES = bench/tcpcount.c

bench_rescmp_SOURCES = bench/rescmp.c
bench_rescmp_LDADD = -lm

EXTRA_DIST += bench/README.md bench/run bench/lib.sh bench/tpch bench/tpcds bench/results
