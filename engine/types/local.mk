# engine/types/: type system, DECIMAL, dates and times, text input/output.
engine_libfqengine_la_SOURCES += engine/types/types.h \
	engine/types/types_int.h \
	engine/types/types.c \
	engine/types/numeric.h \
	engine/types/numeric.c \
	engine/types/datetime.c \
	engine/types/textio.c
EXTRA_DIST += engine/types/README.md

FQ_UNIT_SUITES += tests/unit/check_types
tests_unit_check_types_SOURCES = tests/unit/check_types.c
tests_unit_check_types_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_types_LDADD = $(FQ_UNIT_LIBS)

# The numeric arithmetic against a real PostgreSQL (tests/it/12-numeric.sh).
check_PROGRAMS += tests/numdiff
tests_numdiff_SOURCES = tests/numdiff.c
tests_numdiff_CFLAGS = $(AM_CFLAGS) $(PQ_CFLAGS)
tests_numdiff_LDADD = engine/libfqengine.la $(PQ_LIBS) -lm

FQ_UNIT_SUITES += tests/unit/check_numeric
tests_unit_check_numeric_SOURCES = tests/unit/check_numeric.c
tests_unit_check_numeric_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_numeric_LDADD = $(FQ_UNIT_LIBS)
