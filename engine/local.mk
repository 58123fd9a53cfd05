# engine/: the federated SQL engine, a convenience library linked into the
# driver and the tests.  Nothing here is installed.

noinst_LTLIBRARIES += engine/libfqengine.la

engine_libfqengine_la_CPPFLAGS = $(AM_CPPFLAGS) $(PQ_CFLAGS) $(CJSON_CFLAGS) \
	$(CURL_CFLAGS) $(CRYPTO_CFLAGS) $(ODBC_CFLAGS)
engine_libfqengine_la_LIBADD = $(PQ_LIBS) $(CJSON_LIBS) $(CURL_LIBS) \
	$(CRYPTO_LIBS) -lm
engine_libfqengine_la_SOURCES = \
	engine/fq.h \
	engine/core/arena.c engine/core/arena.h \
	engine/core/diag.c engine/core/diag.h engine/fq_errcodes.def \
	engine/core/strbuf.c engine/core/strbuf.h \
	engine/core/list.c engine/core/list.h \
	engine/core/stack.c engine/core/stack.h \
	engine/core/interrupt.c engine/core/interrupt.h
EXTRA_DIST += engine/README.md

engine_libfqengine_la_SOURCES += engine/exec/vector.c engine/exec/vector.h

# Module parts, each maintained with its module.
include $(srcdir)/engine/types/local.mk
include $(srcdir)/engine/func/local.mk
include $(srcdir)/engine/connectors/postgres/local.mk

engine_libfqengine_la_SOURCES += \
	engine/core/nodes.h \
	engine/sql/ast.c engine/sql/ast.h \
	engine/sql/lexer.c engine/sql/lexer.h engine/sql/keywords.def \
	engine/sql/parser.c engine/sql/parser.h

engine_libfqengine_la_SOURCES += \
	engine/core/fault.c engine/core/fault.h engine/core/alloc.h engine/core/log.c engine/core/log.h \
	engine/core/chars.h engine/core/casemap.c \
	engine/catalog/store.c engine/catalog/store.h \
	engine/aws/aws.h engine/aws/aws.c engine/aws/sigv4.c

engine_libfqengine_la_SOURCES += \
	engine/engine.h engine/session.c engine/stmt.c \
	engine/plan/planner.h engine/plan/plan.h engine/plan/plan.c \
	engine/plan/expr.h engine/plan/expr.c \
	engine/plan/coerce.h engine/plan/coerce.c \
	engine/plan/bind/bind_int.h engine/plan/bind/bind.c engine/plan/bind/common.c \
	engine/plan/bind/expr.c engine/plan/bind/func.c engine/plan/bind/agg.c \
	engine/plan/bind/clause.c \
	engine/plan/bind/sublink.c engine/plan/bind/select.c engine/plan/bind/setop.c \
	engine/plan/sublink.c engine/plan/rewrite.c engine/plan/joinorder.c engine/plan/estimate.c \
	engine/plan/cte.c engine/plan/pushdown.c engine/plan/eager.c engine/plan/deparse.c engine/plan/ship.c \
	engine/plan/explain.c engine/plan/sysviews.c engine/plan/sysviews.h \
	engine/exec/exec.h engine/exec/executor.c engine/exec/like.c engine/exec/like.h \
	engine/exec/remote.c engine/exec/filter.c engine/exec/project.c engine/exec/limit.c \
	engine/exec/values.c engine/exec/sort.c engine/exec/sorter.h engine/exec/spill.c engine/exec/spill.h \
	engine/exec/agg.c engine/exec/aggacc.c \
	engine/exec/aggacc.h engine/exec/window.c \
	engine/exec/eval.c engine/exec/value.c engine/exec/hashkey.c engine/exec/hashkey.h \
	engine/exec/join.c engine/exec/append.c engine/exec/subplan.c engine/exec/inlist.c engine/exec/inlist.h \
	engine/exec/unique.c engine/exec/setop.c \
	engine/exec/apply.c engine/exec/recursive.c engine/exec/ctescan.c engine/exec/funcscan.c engine/exec/ship.c
