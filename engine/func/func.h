/*
 * func.h — the function registry.
 *
 * Every SQL function fedq runs itself is one fq_func_def in a table of its
 * family (math.c, string.c, datetime.c, formatting.c): its names, PostgreSQL's
 * signatures for it (argument and result types, as pg_proc has them), how
 * fedq evaluates it, what a source needs to run it the same way, and how
 * PostgreSQL sources spell it.  The binder resolves a call against the
 * signatures by PostgreSQL's own rules (fq_func_resolve, after
 * func_select_candidate), so the result type is the one PostgreSQL gives;
 * the executor calls `eval`; the deparser prints `name(args)` or the
 * signature's `remote` template; pushdown reads `flags`.  The ODBC escape
 * functions ({fn ...}) and SQLGetInfo's bitmasks are in odbc.c, each
 * written in terms of these functions.
 *
 * Adding a function: one entry in its family's table (with an eval) and a
 * `compare` query in tests/sql/ (tests/unit/check_func checks both, and
 * docs/sql.md's list, against the registry).
 *
 * Operators (= + || LIKE ...) and the special forms (CASE, COALESCE,
 * NULLIF, GREATEST, LEAST, CURRENT_DATE ...) are not here: the binder
 * types them by their own rules and the evaluator has vector paths for
 * them.
 */
#ifndef FQ_FUNC_H
#define FQ_FUNC_H

#include "fq.h"
#include "core/arena.h"
#include "core/diag.h"

struct fq_func_expr;

/* Declared arguments of a signature (make_interval has 7). */
#define FQ_FUNC_MAX_ARGS 7
/* Arguments of a call, as PostgreSQL's FUNC_MAX_ARGS (variadic calls). */
#define FQ_FUNC_MAX_CALL_ARGS 100

/*
 * Argument types PostgreSQL's signatures have and fedq's values do not,
 * beyond fq_type_id's own:
 *   FQ_T_ANY    "any" and anyelement: every type, kept as it is (an
 *               untyped literal becomes text); the function sees the
 *               value with its own type;
 *   FQ_T_VARIADIC_ANY  VARIADIC "any", as the last argument: one or more
 *               arguments, each FQ_T_ANY (concat);
 *   FQ_T_OTHER  a type fedq has no values of (xid of age(xid)): only an
 *               untyped literal could take it, so it counts when PostgreSQL
 *               finds such a call ambiguous, and is never chosen.
 * fq_func_sig_arg gives the type a signature takes for each argument.
 */
#define FQ_T_ANY ((fq_type_id) (FQ_T__COUNT + 1))
#define FQ_T_VARIADIC_ANY ((fq_type_id) (FQ_T__COUNT + 2))
#define FQ_T_OTHER ((fq_type_id) (FQ_T__COUNT + 3))

/* One of PostgreSQL's signatures for the function. */
typedef struct fq_func_sig
{
	int nargs;
	fq_type_id args[FQ_FUNC_MAX_ARGS]; /* FQ_T_VARCHAR is text, FQ_T_CHAR bpchar */
	fq_type_id result;
	/*
	 * A Redshift extension PostgreSQL lacks (round(double precision, n)):
	 * tried only when none of PostgreSQL's signatures fits, so it never
	 * changes what a PostgreSQL query means.
	 */
	bool extension;
	/*
	 * How PostgreSQL sources run it, when not as name(args): $1..$3 are
	 * the arguments as SQL, $K1..$K3 a constant argument's text bare (a
	 * keyword, as EXTRACT's field).
	 */
	const char *remote;
} fq_func_sig;

/* The type a signature takes for argument i (0-based) of a call: past a
 * VARIADIC "any", FQ_T_ANY. */
extern fq_type_id fq_func_sig_arg(const fq_func_sig *sig, int i);
/* Whether its last argument is VARIADIC "any". */
extern bool fq_func_sig_variadic(const fq_func_sig *sig);

/* What an evaluation has at hand. */
typedef struct fq_fn_ctx
{
	fq_diags *d;
	fq_arena *a;        /* results that are not slices of the arguments */
	int64_t now_usecs;  /* the statement's current_timestamp */
} fq_fn_ctx;

/*
 * Computes one row: args hold the call's arguments, already of the
 * signature's types (never NULL unless FQ_FN_NONSTRICT); res is zeroed
 * with the result type set.  Returns FQ_OK or raises and returns FQ_ERROR.
 */
typedef int (*fq_func_eval)(fq_fn_ctx *x, const struct fq_func_expr *f, const fq_value *args,
							fq_value *res);

/*
 * Checks a bound call before execution (constant arguments such as a
 * field name) and may rewrite them to a canonical form, or rewrite the
 * call into the one PostgreSQL defines it as (age(x) is age(current_date,
 * x)); it may also pick another signature of the same arguments and result
 * whose `remote` suits the constant arguments.  Raises (without a
 * position: the binder adds the call's) and returns FQ_ERROR.
 */
typedef int (*fq_func_check)(struct fq_func_expr *f, fq_arena *a, fq_diags *d);

enum
{
	FQ_FN_NONSTRICT = 1 << 0, /* called with NULL arguments too */
	FQ_FN_CASEMAP = 1 << 1,   /* maps letters: a source runs it the same way only
							   * over columns whose collation maps them as fedq
							   * does (connectors/postgres: case_ok) */
	FQ_FN_VOLATILE = 1 << 2,  /* another value each call (random()): never sent
							   * to a source, never folded as a constant,
							   * evaluated for every row (fq_expr_is_constant
							   * says no, pushdown keeps it) */
	FQ_FN_PART_WORD = 1 << 3, /* its first argument, a date part, may be a bare
							   * word as Redshift writes it (DATEADD(day, 1, d)):
							   * an unqualified name there is that text, not a
							   * column */
};

typedef enum fq_func_family
{
	FQ_FAMILY_MATH,
	FQ_FAMILY_STRING,
	FQ_FAMILY_DATETIME,
	FQ_FAMILY_FORMAT, /* to_char and its inverses (formatting.c) */
} fq_func_family;

typedef struct fq_func_def
{
	const char *name;             /* as EXPLAIN and sources see it */
	const char *aliases[4];       /* PostgreSQL's other names for it */
	const char *redshift[2];      /* Redshift's names PostgreSQL lacks (len):
								   * sources are sent `name` */
	fq_func_family family;
	int nsigs;
	const fq_func_sig *sigs;
	fq_func_eval eval;
	fq_func_check check;          /* NULL: nothing to check */
	unsigned flags;
} fq_func_def;

/*
 * The function a name (any spelling, lower case) calls; NULL if none.  A
 * later entry of another family may add Redshift's signatures (extensions
 * only) to a name: trunc(timestamp) in datetime.c beside math.c's trunc.
 * fq_func_resolve considers them all; fq_func_sig_owner says whose
 * signature it chose.
 */
extern const fq_func_def *fq_func_lookup(const char *name);

/* The entry, def or one adding to its name, whose signature sig is. */
extern const fq_func_def *fq_func_sig_owner(const fq_func_def *def, const fq_func_sig *sig);

/* Every function, for listings and tests: NULL past the end. */
extern const fq_func_def *fq_func_nth(int i);

typedef enum fq_func_match
{
	FQ_FUNC_MATCH,     /* *out is the signature */
	FQ_FUNC_NO_MATCH,  /* 42883: no signature takes these types */
	FQ_FUNC_AMBIGUOUS, /* 42725: several do, none best */
} fq_func_match;

/*
 * Picks the signature PostgreSQL would for arguments of these types
 * (FQ_T_UNKNOWN for an untyped literal or NULL): the only one the
 * arguments convert to implicitly, else the one with the most exact
 * matches, then the most preferred types (double precision, text,
 * timestamptz, interval) where a conversion is needed, then the string
 * category for untyped arguments.  Extensions are tried only when no
 * PostgreSQL signature fits.  A VARIADIC signature takes nargs or more
 * arguments.
 */
extern fq_func_match fq_func_resolve(const fq_func_def *def, const fq_type *args, int nargs,
									 const fq_func_sig **out);

/*
 * The same for a binary operator among its signatures sigs[0..nsigs)
 * (PostgreSQL's oper_select_candidate): first an exact match, an untyped
 * operand taken as the other operand's type (binary_oper_exact), then
 * fq_func_resolve's rules.
 */
extern fq_func_match fq_oper_resolve(const fq_func_sig *sigs, int nsigs, const fq_type *args,
									 const fq_func_sig **out);

/* pg_type.typcategory of a type fedq has ('D' for dates and times, 'U'
 * for uuid and bytea, ...). */
extern char fq_func_type_category(fq_type_id id);

/* The type a signature's fq_type_id stands for: text, bpchar and numeric
 * without a length or (p,s). */
extern fq_type fq_func_sig_type(fq_type_id id);

/* The name of family f, as docs/sql.md's table heads it. */
extern const char *fq_func_family_name(fq_func_family f);

#endif /* FQ_FUNC_H */
