/*
 * registry.c — finding a function by name and picking its signature the
 * way PostgreSQL does (func.h).
 */
#include "func/func.h"

#include "plan/coerce.h"
#include "types/types.h"

#include <string.h>

extern const fq_func_def fq_math_funcs[];
extern const int fq_math_nfuncs;
extern const fq_func_def fq_string_funcs[];
extern const int fq_string_nfuncs;
extern const fq_func_def fq_datetime_funcs[];
extern const int fq_datetime_nfuncs;
extern const fq_func_def fq_format_funcs[];
extern const int fq_format_nfuncs;

static const struct
{
	const fq_func_def *defs;
	const int *n;
} families[] = {
	{fq_math_funcs, &fq_math_nfuncs},
	{fq_string_funcs, &fq_string_nfuncs},
	{fq_datetime_funcs, &fq_datetime_nfuncs},
	{fq_format_funcs, &fq_format_nfuncs},
};

#define NFAMILIES ((int) (sizeof(families) / sizeof(families[0])))

const fq_func_def *
fq_func_nth(int i)
{
	for (int f = 0; f < NFAMILIES && i >= 0; f++)
	{
		if (i < *families[f].n)
			return &families[f].defs[i];
		i -= *families[f].n;
	}
	return NULL;
}

static bool
spelled(const fq_func_def *def, const char *name)
{
	if (strcmp(def->name, name) == 0)
		return true;
	for (int a = 0; a < 4 && def->aliases[a] != NULL; a++)
		if (strcmp(def->aliases[a], name) == 0)
			return true;
	for (int a = 0; a < 2 && def->redshift[a] != NULL; a++)
		if (strcmp(def->redshift[a], name) == 0)
			return true;
	return false;
}

/* The first entry after number i spelled `name`, and its number. */
static const fq_func_def *
lookup_from(int i, const char *name, int *at)
{
	const fq_func_def *def;

	for (; (def = fq_func_nth(i)) != NULL; i++)
		if (spelled(def, name))
		{
			*at = i;
			return def;
		}
	return NULL;
}

const fq_func_def *
fq_func_lookup(const char *name)
{
	int at;

	return lookup_from(0, name, &at);
}

/* The number of def in the registry. */
static int
index_of(const fq_func_def *def)
{
	int i = 0;

	while (fq_func_nth(i) != NULL && fq_func_nth(i) != def)
		i++;
	return i;
}

const fq_func_def *
fq_func_sig_owner(const fq_func_def *def, const fq_func_sig *sig)
{
	const fq_func_def *d;

	for (int i = index_of(def); (d = lookup_from(i, def->name, &i)) != NULL; i++)
		if (sig >= d->sigs && sig < d->sigs + d->nsigs)
			return d;
	return def;
}

bool
fq_func_sig_variadic(const fq_func_sig *sig)
{
	return sig->nargs > 0 && sig->args[sig->nargs - 1] == FQ_T_VARIADIC_ANY;
}

fq_type_id
fq_func_sig_arg(const fq_func_sig *sig, int i)
{
	if (fq_func_sig_variadic(sig) && i >= sig->nargs - 1)
		return FQ_T_ANY;
	return sig->args[i];
}

const char *
fq_func_family_name(fq_func_family f)
{
	switch (f)
	{
		case FQ_FAMILY_MATH: return "numbers";
		case FQ_FAMILY_STRING: return "strings";
		case FQ_FAMILY_DATETIME: return "dates";
		case FQ_FAMILY_FORMAT: return "formatting";
	}
	return "?";
}

fq_type
fq_func_sig_type(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_VARCHAR: return fq_type_varchar(-1);
		case FQ_T_CHAR: return fq_type_char(-1);
		default: return fq_type_make(id);
	}
}

/* ---- PostgreSQL's resolution (parse_func.c: func_select_candidate) ---- */

/* pg_type.typcategory */
static char
category(fq_type_id id)
{
	switch (id)
	{
		case FQ_T_BOOL: return 'B';
		case FQ_T_INT2: case FQ_T_INT4: case FQ_T_INT8: case FQ_T_DECIMAL:
		case FQ_T_FLOAT4: case FQ_T_FLOAT8: return 'N';
		case FQ_T_CHAR: case FQ_T_VARCHAR: return 'S';
		case FQ_T_DATE: case FQ_T_TIME: case FQ_T_TIMESTAMP: case FQ_T_TIMESTAMPTZ: return 'D';
		case FQ_T_INTERVAL: return 'T';
		case FQ_T_UNKNOWN: return 'X';
		default: return id == FQ_T_ANY ? 'P' : 'U';
	}
}

char
fq_func_type_category(fq_type_id id)
{
	return category(id);
}

/* pg_type.typispreferred, within category cat.  A signature's VARCHAR is
 * text, the preferred string type. */
static bool
preferred(char cat, fq_type_id id)
{
	return category(id) == cat && (id == FQ_T_FLOAT8 || id == FQ_T_VARCHAR || id == FQ_T_BOOL ||
								   id == FQ_T_TIMESTAMPTZ || id == FQ_T_INTERVAL);
}

static bool
coercible(const fq_type *from, fq_type_id to)
{
	fq_type t;

	if (to == FQ_T_ANY)
		return true;
	if (to == FQ_T_OTHER)
		return from->id == FQ_T_UNKNOWN;
	t = fq_func_sig_type(to);
	return fq_can_coerce(from, &t);
}

/* Keeps the candidates scoring best; returns how many remain. */
static int
keep_best(const fq_func_sig **c, int n, const int *score)
{
	int best = -1;
	int k = 0;

	for (int i = 0; i < n; i++)
		if (score[i] > best)
			best = score[i];
	for (int i = 0; i < n; i++)
		if (score[i] == best)
			c[k++] = c[i];
	return k;
}

static const fq_func_sig *
select_candidate(const fq_type *in, int nargs, const fq_func_sig **c, int n)
{
	int score[32];
	char slot_cat[FQ_FUNC_MAX_CALL_ARGS];
	bool slot_pref[FQ_FUNC_MAX_CALL_ARGS];
	int nunknowns = 0;
	bool resolved = true;

	for (int a = 0; a < nargs; a++)
		nunknowns += in[a].id == FQ_T_UNKNOWN;

	/* the most exact matches */
	for (int i = 0; i < n; i++)
	{
		score[i] = 0;
		for (int a = 0; a < nargs; a++)
			score[i] += in[a].id != FQ_T_UNKNOWN && in[a].id == fq_func_sig_arg(c[i], a);
	}
	if ((n = keep_best(c, n, score)) == 1)
		return c[0];

	/* then exact or preferred (in the input's category) where a
	 * conversion is needed */
	for (int i = 0; i < n; i++)
	{
		score[i] = 0;
		for (int a = 0; a < nargs; a++)
		{
			fq_type_id want = fq_func_sig_arg(c[i], a);

			score[i] += in[a].id != FQ_T_UNKNOWN &&
				(in[a].id == want || preferred(category(in[a].id), want));
		}
	}
	if ((n = keep_best(c, n, score)) == 1)
		return c[0];
	if (nunknowns == 0)
		return NULL;

	/* untyped arguments: the category the candidates agree on, the
	 * string category when they do not */
	for (int a = 0; a < nargs && resolved; a++)
	{
		bool conflict = false;

		if (in[a].id != FQ_T_UNKNOWN)
			continue;
		slot_cat[a] = 0;
		slot_pref[a] = false;
		for (int i = 0; i < n; i++)
		{
			char cat = category(fq_func_sig_arg(c[i], a));
			bool pref = preferred(cat, fq_func_sig_arg(c[i], a));

			if (slot_cat[a] == 0)
			{
				slot_cat[a] = cat;
				slot_pref[a] = pref;
			}
			else if (cat == slot_cat[a])
				slot_pref[a] |= pref;
			else if (cat == 'S')
			{
				slot_cat[a] = 'S';
				slot_pref[a] = pref;
			}
			else
				conflict = true;
		}
		if (conflict && slot_cat[a] != 'S')
			resolved = false;
	}
	if (resolved)
	{
		int k = 0;

		for (int i = 0; i < n; i++)
		{
			bool keep = true;

			for (int a = 0; a < nargs && keep; a++)
			{
				char cat;

				if (in[a].id != FQ_T_UNKNOWN)
					continue;
				cat = category(fq_func_sig_arg(c[i], a));
				keep = cat == slot_cat[a] &&
					(!slot_pref[a] || preferred(cat, fq_func_sig_arg(c[i], a)));
			}
			if (keep)
				c[k++] = c[i];
		}
		if ((n = k) == 1)
			return c[0];
	}

	/* last: all typed arguments of one type, the untyped ones taken as it */
	if (nunknowns < nargs)
	{
		fq_type_id known = FQ_T_UNKNOWN;
		const fq_func_sig *found = NULL;
		int nfound = 0;

		for (int a = 0; a < nargs; a++)
		{
			if (in[a].id == FQ_T_UNKNOWN)
				continue;
			if (known == FQ_T_UNKNOWN)
				known = in[a].id;
			else if (known != in[a].id)
			{
				known = FQ_T_UNKNOWN;
				break;
			}
		}
		if (known != FQ_T_UNKNOWN)
		{
			fq_type kt = fq_type_make(known);

			for (int i = 0; i < n; i++)
			{
				bool ok = true;

				for (int a = 0; a < nargs && ok; a++)
					ok = coercible(&kt, fq_func_sig_arg(c[i], a));
				if (ok)
				{
					found = c[i];
					nfound++;
				}
			}
			if (nfound == 1)
				return found;
		}
	}
	return NULL;
}

/* The signatures of def and of the entries after it that add Redshift's
 * to its name, for one pass: PostgreSQL's (pass 0) or extensions; an
 * exact match alone, in *exact_out. */
static int
candidates(const fq_func_def *def, const fq_type *in, int nargs, int pass,
		   const fq_func_sig **c, const fq_func_sig **exact_out)
{
	const fq_func_def *d;
	int n = 0;

	for (int i = index_of(def); (d = lookup_from(i, def->name, &i)) != NULL; i++)
		for (int s = 0; s < d->nsigs && n < 32; s++)
		{
			const fq_func_sig *sig = &d->sigs[s];
			bool variadic = fq_func_sig_variadic(sig);
			bool ok = (variadic ? nargs >= sig->nargs : nargs == sig->nargs) &&
				sig->extension == (pass == 1);
			bool exact = ok && !variadic;

			for (int a = 0; a < nargs && ok; a++)
			{
				fq_type_id want = fq_func_sig_arg(sig, a);

				ok = coercible(&in[a], want);
				exact = exact && in[a].id == want;
			}
			if (exact)
			{
				*exact_out = sig;
				return 1;
			}
			if (ok)
				c[n++] = sig;
		}
	return n;
}

fq_func_match
fq_func_resolve(const fq_func_def *def, const fq_type *in, int nargs, const fq_func_sig **out)
{
	if (nargs > FQ_FUNC_MAX_CALL_ARGS)
		return FQ_FUNC_NO_MATCH;
	for (int pass = 0; pass < 2; pass++)
	{
		const fq_func_sig *c[32];
		const fq_func_sig *exact = NULL;
		int n = candidates(def, in, nargs, pass, c, &exact);

		if (exact != NULL)
		{
			*out = exact;
			return FQ_FUNC_MATCH;
		}
		if (n == 0)
			continue;
		*out = n == 1 ? c[0] : select_candidate(in, nargs, c, n);
		/* a type fedq has no values of is never what a call means */
		for (int a = 0; *out != NULL && a < nargs; a++)
			if (fq_func_sig_arg(*out, a) == FQ_T_OTHER)
				*out = NULL;
		return *out != NULL ? FQ_FUNC_MATCH : FQ_FUNC_AMBIGUOUS;
	}
	return FQ_FUNC_NO_MATCH;
}

fq_func_match
fq_oper_resolve(const fq_func_sig *sigs, int nsigs, const fq_type *in, const fq_func_sig **out)
{
	const fq_func_sig *c[32];
	fq_type_id l = in[0].id;
	fq_type_id r = in[1].id;
	int n = 0;

	/* binary_oper_exact: x op 'literal' is tried as x op x first */
	if (l == FQ_T_UNKNOWN)
		l = r;
	else if (r == FQ_T_UNKNOWN)
		r = l;
	for (int s = 0; s < nsigs; s++)
		if (sigs[s].nargs == 2 && sigs[s].args[0] == l && sigs[s].args[1] == r)
		{
			*out = &sigs[s];
			return FQ_FUNC_MATCH;
		}
	for (int s = 0; s < nsigs && n < 32; s++)
		if (sigs[s].nargs == 2 && coercible(&in[0], sigs[s].args[0]) &&
			coercible(&in[1], sigs[s].args[1]))
			c[n++] = &sigs[s];
	if (n == 0)
		return FQ_FUNC_NO_MATCH;
	*out = n == 1 ? c[0] : select_candidate(in, 2, c, n);
	return *out != NULL ? FQ_FUNC_MATCH : FQ_FUNC_AMBIGUOUS;
}
