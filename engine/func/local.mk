# engine/func/: the function registry (func.h), one table per family.
engine_libfqengine_la_SOURCES += engine/func/func.h \
	engine/func/registry.c \
	engine/func/support.h \
	engine/func/support.c \
	engine/func/math.c \
	engine/func/string.c \
	engine/func/datetime.c \
	engine/func/formatting.c \
	engine/func/odbc.h \
	engine/func/odbc.c
