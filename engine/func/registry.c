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

static const struct
{
	const fq_func_def *defs;
	const int *n;
} families[] = {
	{fq_math_funcs, &fq_math_nfuncs},
	{fq_string_funcs, &fq_string_nfuncs},
	{fq_datetime_funcs, &fq_datetime_nfuncs},
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

const fq_func_def *
fq_func_lookup(const char *name)
{
	const fq_func_def *def;

	for (int i = 0; (def = fq_func_nth(i)) != NULL; i++)
	{
		if (strcmp(def->name, name) == 0)
			return def;
		for (int a = 0; a < 4 && def->aliases[a] != NULL; a++)
			if (strcmp(def->aliases[a], name) == 0)
				return def;
		for (int a = 0; a < 2 && def->redshift[a] != NULL; a++)
			if (strcmp(def->redshift[a], name) == 0)
				return def;
	}
	return NULL;
}

const char *
fq_func_family_name(fq_func_family f)
{
	switch (f)
	{
		case FQ_FAMILY_MATH: return "numbers";
		case FQ_FAMILY_STRING: return "strings";
		case FQ_FAMILY_DATETIME: return "dates";
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
		default: return 'U';
	}
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
	fq_type t = fq_func_sig_type(to);

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
	char slot_cat[FQ_FUNC_MAX_ARGS];
	bool slot_pref[FQ_FUNC_MAX_ARGS];
	int nunknowns = 0;
	bool resolved = true;

	for (int a = 0; a < nargs; a++)
		nunknowns += in[a].id == FQ_T_UNKNOWN;

	/* the most exact matches */
	for (int i = 0; i < n; i++)
	{
		score[i] = 0;
		for (int a = 0; a < nargs; a++)
			score[i] += in[a].id != FQ_T_UNKNOWN && in[a].id == c[i]->args[a];
	}
	if ((n = keep_best(c, n, score)) == 1)
		return c[0];

	/* then exact or preferred (in the input's category) where a
	 * conversion is needed */
	for (int i = 0; i < n; i++)
	{
		score[i] = 0;
		for (int a = 0; a < nargs; a++)
			score[i] += in[a].id != FQ_T_UNKNOWN &&
				(in[a].id == c[i]->args[a] || preferred(category(in[a].id), c[i]->args[a]));
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
			char cat = category(c[i]->args[a]);
			bool pref = preferred(cat, c[i]->args[a]);

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
				cat = category(c[i]->args[a]);
				keep = cat == slot_cat[a] && (!slot_pref[a] || preferred(cat, c[i]->args[a]));
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
					ok = coercible(&kt, c[i]->args[a]);
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

fq_func_match
fq_func_resolve(const fq_func_def *def, const fq_type *in, int nargs, const fq_func_sig **out)
{
	for (int pass = 0; pass < 2; pass++)
	{
		const fq_func_sig *c[32];
		int n = 0;

		for (int s = 0; s < def->nsigs && n < 32; s++)
		{
			const fq_func_sig *sig = &def->sigs[s];
			bool ok = sig->nargs == nargs && sig->extension == (pass == 1);
			bool exact = ok;

			for (int a = 0; a < nargs && ok; a++)
			{
				ok = coercible(&in[a], sig->args[a]);
				exact = exact && in[a].id == sig->args[a];
			}
			if (exact)
			{
				*out = sig;
				return FQ_FUNC_MATCH;
			}
			if (ok)
				c[n++] = sig;
		}
		if (n == 0)
			continue;
		*out = n == 1 ? c[0] : select_candidate(in, nargs, c, n);
		return *out != NULL ? FQ_FUNC_MATCH : FQ_FUNC_AMBIGUOUS;
	}
	return FQ_FUNC_NO_MATCH;
}
