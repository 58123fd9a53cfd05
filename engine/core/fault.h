/*
 * fault.h — named fault points for tests of failure paths.
 *
 * fq_fault("catalog-rename") is true when the environment variable
 * FQ_FAULT lists that name (comma-separated).  Tests use it to make a
 * write fail at a precise step and check that nothing is lost; outside
 * tests FQ_FAULT is unset and every call is one getenv.
 */
#ifndef FQ_FAULT_H
#define FQ_FAULT_H

#include <stdbool.h>

bool fq_fault(const char *point);

#endif
