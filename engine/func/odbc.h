/*
 * odbc.h — the ODBC scalar functions ({fn NAME(args)}) fedq claims in
 * SQLGetInfo, each written in fedq's SQL over the registry's functions
 * (func.h) and special forms.  The driver's escape translation and its
 * SQL_*_FUNCTIONS bitmasks both read this one table, so a bit is set
 * exactly when the escape translates to something fedq runs.
 */
#ifndef FQ_FUNC_ODBC_H
#define FQ_FUNC_ODBC_H

#include <stdint.h>

typedef enum fq_odbc_family
{
	FQ_ODBC_STRING,   /* SQL_STRING_FUNCTIONS */
	FQ_ODBC_NUMERIC,  /* SQL_NUMERIC_FUNCTIONS */
	FQ_ODBC_TIMEDATE, /* SQL_TIMEDATE_FUNCTIONS */
	FQ_ODBC_SYSTEM,   /* SQL_SYSTEM_FUNCTIONS */
} fq_odbc_family;

typedef struct fq_odbc_fn
{
	const char *name;     /* the ODBC name, upper case */
	int nargs;
	const char *tmpl;     /* fedq's SQL: $1..$9 are the arguments, $U
	                       * the interval the first names (fq_odbc_tsi),
	                       * $D its count between $2 and $3
	                       * (fq_odbc_tsi_diff) */
	fq_odbc_family family;
	uint32_t bit;         /* its SQL_FN_* bit */
} fq_odbc_fn;

/* The escape for NAME (any case) with nargs arguments; NULL if none. */
extern const fq_odbc_fn *fq_odbc_fn_find(const char *name, int nargs);

/* Every escape, for tests: NULL past the end. */
extern const fq_odbc_fn *fq_odbc_fn_nth(int i);

/*
 * TIMESTAMPADD's unit: the INTERVAL of one SQL_TSI_<unit> (any case),
 * its SQL_FN_TSI_* bit in *bit; NULL for other names (SQL_TSI_FRAC_SECOND,
 * billionths of a second, finer than an interval holds), with every unit's
 * bit in *bit (SQL_TIMEDATE_ADD_INTERVALS).
 */
extern const char *fq_odbc_tsi(const char *unit, uint32_t *bit);

/*
 * TIMESTAMPDIFF's unit: a template over $2 and $3 (fedq's SQL) counting
 * the whole units between them, with its bit; NULL and every unit's bit
 * (SQL_TIMEDATE_DIFF_INTERVALS) for other names.
 */
extern const char *fq_odbc_tsi_diff(const char *unit, uint32_t *bit);

/* The SQLGetInfo bitmask of a family: the bits of its escapes. */
extern uint32_t fq_odbc_fn_mask(fq_odbc_family f);

#endif /* FQ_FUNC_ODBC_H */
