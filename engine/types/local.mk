# engine/types/: type system, DECIMAL, dates and times, text input/output.
engine_libfqengine_la_SOURCES += engine/types/types.h \
	engine/types/types_int.h \
	engine/types/types.c \
	engine/types/decimal.c \
	engine/types/datetime.c \
	engine/types/textio.c
EXTRA_DIST += engine/types/README.md

FQ_UNIT_SUITES += tests/unit/check_types
tests_unit_check_types_SOURCES = tests/unit/check_types.c
tests_unit_check_types_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_types_LDADD = $(FQ_UNIT_LIBS)
