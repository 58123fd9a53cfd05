# tests/unit/: Check suites for the engine's core modules, one per module,
# each a standalone program that needs no server.

FQ_UNIT_SUITES += tests/unit/check_lexer
tests_unit_check_lexer_SOURCES = tests/unit/check_lexer.c
tests_unit_check_lexer_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_lexer_LDADD = $(FQ_UNIT_LIBS)

FQ_UNIT_SUITES += tests/unit/check_parser
tests_unit_check_parser_SOURCES = tests/unit/check_parser.c
tests_unit_check_parser_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_parser_LDADD = $(FQ_UNIT_LIBS)

# The store suite reads the catalog file back with cJSON.
FQ_UNIT_SUITES += tests/unit/check_store
tests_unit_check_store_SOURCES = tests/unit/check_store.c
tests_unit_check_store_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_unit_check_store_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_store_LDADD = $(FQ_UNIT_LIBS) $(CJSON_LIBS)

FQ_UNIT_SUITES += tests/unit/check_arena
tests_unit_check_arena_SOURCES = tests/unit/check_arena.c
tests_unit_check_arena_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_arena_LDADD = $(FQ_UNIT_LIBS)

FQ_UNIT_SUITES += tests/unit/check_diag
tests_unit_check_diag_SOURCES = tests/unit/check_diag.c
tests_unit_check_diag_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_diag_LDADD = $(FQ_UNIT_LIBS)

FQ_UNIT_SUITES += tests/unit/check_like
tests_unit_check_like_SOURCES = tests/unit/check_like.c
tests_unit_check_like_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_like_LDADD = $(FQ_UNIT_LIBS)

FQ_UNIT_SUITES += tests/unit/check_aws
tests_unit_check_aws_SOURCES = tests/unit/check_aws.c
tests_unit_check_aws_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_aws_LDADD = $(FQ_UNIT_LIBS)

# The function registry (engine/func/), with docs/sql.md, tests/sql/ and the
# ODBC escape table, which it reads from $(srcdir).
FQ_UNIT_SUITES += tests/unit/check_func
tests_unit_check_func_SOURCES = tests/unit/check_func.c
tests_unit_check_func_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_func_LDADD = $(FQ_UNIT_LIBS)

# Spill files (engine/exec/spill.c): round trips of every type, the
# budget, a full disk.
FQ_UNIT_SUITES += tests/unit/check_spill
tests_unit_check_spill_SOURCES = tests/unit/check_spill.c
tests_unit_check_spill_CFLAGS = $(FQ_UNIT_CF)
tests_unit_check_spill_LDADD = $(FQ_UNIT_LIBS)
