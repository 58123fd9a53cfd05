# engine/types/: type system, DECIMAL, dates and times, text input/output.
engine_libfqengine_la_SOURCES += engine/types/types.h
