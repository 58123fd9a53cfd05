# engine/: the federated SQL engine, a convenience library linked into the
# driver and the tests.  Nothing here is installed.

noinst_LTLIBRARIES += engine/libfqengine.la

engine_libfqengine_la_CPPFLAGS = $(AM_CPPFLAGS) $(PQ_CFLAGS) $(CJSON_CFLAGS) \
	$(CURL_CFLAGS) $(CRYPTO_CFLAGS)
engine_libfqengine_la_LIBADD = $(PQ_LIBS) $(CJSON_LIBS) $(CURL_LIBS) \
	$(CRYPTO_LIBS) -lm
engine_libfqengine_la_SOURCES = \
	engine/fq.h \
	engine/core/arena.c engine/core/arena.h \
	engine/core/diag.c engine/core/diag.h engine/core/errcodes.def \
	engine/core/strbuf.c engine/core/strbuf.h \
	engine/core/list.c engine/core/list.h
EXTRA_DIST += engine/README.md

engine_libfqengine_la_SOURCES += engine/exec/vector.c engine/exec/vector.h

# Module parts, each maintained with its module.
include $(srcdir)/engine/types/local.mk
include $(srcdir)/engine/connectors/postgres/local.mk

engine_libfqengine_la_SOURCES += \
	engine/core/nodes.h \
	engine/sql/ast.c engine/sql/ast.h \
	engine/sql/lexer.c engine/sql/lexer.h engine/sql/keywords.def \
	engine/sql/parser.c engine/sql/parser.h

engine_libfqengine_la_SOURCES += \
	engine/core/fault.c engine/core/fault.h \
	engine/catalog/store.c engine/catalog/store.h
