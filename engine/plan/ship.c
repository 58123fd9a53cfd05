/*
 * ship.c — ShipToWarehouse: a cross-source part of the plan that is too
 * big for fedq runs in the warehouse instead.
 *
 * After pushdown a cross-source part is a tree fedq runs (joins,
 * aggregates, ...) whose leaves are RemoteQuery nodes of several sources.
 * When the decision says ship, each external leaf becomes a Shipped node
 * (its rows, with the filters and columns already pushed into it, are
 * COPYed into a warehouse temporary table fq_ship_<n> when the query
 * runs: exec/ship.c) and each warehouse leaf gives back the subtree it
 * pushed; if the warehouse can then run the whole part (pushdown.c's
 * runs_at), the part becomes one RemoteQuery on the warehouse under a
 * Ship node, otherwise nothing changes and the part's inputs are tried.
 *
 * The decision (ShipToWarehouse):
 *   never   nothing ships;
 *   always  every cross-source part the warehouse can run ships;
 *   auto    a part ships when one of its joins would build a hash table
 *           larger than half of MemoryLimit: the build side's estimated
 *           rows (estimate.c, from the sources' statistics) times its
 *           row width (type sizes, strings counted at 32 bytes, plus 16
 *           bytes a row of hash table overhead) -- the half leaves room
 *           for the rest of the query.  With MemoryLimit=0 (no limit)
 *           only a build side over 64 GB ships.  And when the estimates
 *           were wrong -- the query reached MemoryLimit before it returned
 *           a row -- every cross-source part the warehouse can run ships
 *           and the query starts again (fq_ship_plan_after_limit, called
 *           by stmt.c).
 * Without a warehouse (no Server key) nothing ships and fedq runs every
 * query itself, whatever the key says.  Only the statement's own plan
 * ships (not the subqueries it runs per row), only with Pushdown=1, and
 * never an external input that reads a value of the row around it (a
 * LATERAL or correlated subquery's).
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "types/types.h"

#include <stdio.h>
#include <string.h>

#define STRING_WIDTH 32.0
#define ROW_OVERHEAD 16.0
#define UNLIMITED_SHIP_BYTES (64.0 * 1024 * 1024 * 1024)

typedef struct ship_ctx
{
	fq_stmt *st;
	fq_diags *d;
	int mode;
	int next_id;
	/* Leaves replaced while trying a part, to put back if it cannot ship. */
	int nundo;
	int capundo;
	struct undo_item
	{
		fq_plan **slot;
		fq_plan *old;
	} *undo;
	/* The Shipped nodes of the part being tried. */
	int nship;
	int capship;
	fq_plan_shipped **ship;
	bool after_limit;            /* fq_ship_plan_after_limit */
	bool failed;
} ship_ctx;

/* The bytes one row of p takes in a hash table, roughly. */
static double
row_width(const fq_plan *p)
{
	double w = ROW_OVERHEAD;

	for (int i = 0; i < p->nout; i++)
	{
		const fq_type *t = &p->out[i].type;

		if (fq_type_is_string(t->id) || t->id == FQ_T_BYTEA || t->id == FQ_T_UNKNOWN)
			w += t->length > 0 && t->length < STRING_WIDTH ? t->length + 8 : STRING_WIDTH + 8;
		else
			w += (double) fq_type_size(t);
	}
	return w;
}

/* The largest hash table a join of fedq's in p (down to its RemoteQuery
 * leaves) would build, in bytes. */
static double
largest_build(fq_stmt *st, fq_plan *p)
{
	double m = 0;

	if (fq_stack_too_deep() || FQ_IS(p, FQ_N_PLAN_REMOTE))
		return 0;
	if (FQ_IS(p, FQ_N_PLAN_JOIN))
	{
		const fq_plan_join *j = (const fq_plan_join *) p;
		const fq_plan *build = j->build_left ? p->left : p->right;

		m = fq_est_rows(st, build) * row_width(build);
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		double k = largest_build(st, *fq_plan_input(p, i));

		m = k > m ? k : m;
	}
	return m;
}

/* A value of the row around (an exec param) read anywhere in p. */
static bool
exec_param_walker(fq_expr *e, void *arg)
{
	(void) arg;
	if (FQ_IS(e, FQ_N_EXPR_PARAM) && ((const fq_param *) e)->exec)
		return true;
	return fq_expr_walk_children(e, exec_param_walker, NULL);
}

static bool
reads_exec_param(fq_plan *p)
{
	if (fq_stack_too_deep())
		return true;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
		return reads_exec_param(((fq_plan_remote *) p)->pushed);
	if (fq_plan_walk_exprs(p, exec_param_walker, NULL))
		return true;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (reads_exec_param(*fq_plan_input(p, i)))
			return true;
	return false;
}

/*
 * What a part of fedq's (p down to its RemoteQuery leaves) reads: whether
 * every leaf is a RemoteQuery (or rows of fedq's own a source could take:
 * a VALUES list), how many of them are external, whether one is the
 * warehouse's, and whether fedq joins anything in it.
 */
typedef struct part_info
{
	bool ok;
	int external;
	bool warehouse;
	bool joins;
	const fq_source *first_ext;
	bool several_ext;
} part_info;

static void
describe_part(fq_plan *p, part_info *pi)
{
	if (fq_stack_too_deep())
	{
		pi->ok = false;
		return;
	}
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_REMOTE:
			{
				const fq_plan_remote *r = (const fq_plan_remote *) p;

				if (r->source->kind == FQ_SOURCE_WAREHOUSE)
					pi->warehouse = true;
				else
				{
					if (r->has_params || reads_exec_param(p))
						pi->ok = false;
					pi->external++;
					if (pi->first_ext == NULL)
						pi->first_ext = r->source;
					else if (!fq_same_source(pi->first_ext, r->source))
						pi->several_ext = true;
				}
				return;
			}
		case FQ_N_PLAN_VALUES:
			if (((const fq_plan_values *) p)->sysview != NULL)
				pi->ok = false;
			return;
		case FQ_N_PLAN_JOIN:
		case FQ_N_PLAN_APPLY:
			pi->joins = true;
			break;
		case FQ_N_PLAN_SCAN:
		case FQ_N_PLAN_WORKTABLE:
		case FQ_N_PLAN_CTESCAN:
		case FQ_N_PLAN_SHIP:
		case FQ_N_PLAN_SHIPPED:
			pi->ok = false;
			return;
		default:
			break;
	}
	for (int i = 0; i < fq_plan_ninputs(p) && pi->ok; i++)
		describe_part(*fq_plan_input(p, i), pi);
}

static bool
grow(ship_ctx *sc, void **arr, int *cap, int n, size_t elem)
{
	void *na;
	int nc;

	if (n < *cap)
		return true;
	nc = *cap > 0 ? *cap * 2 : 8;
	na = fq_arena_alloc(sc->st->arena, elem * (size_t) nc);
	if (na == NULL)
	{
		fq_raise_nomem(sc->d, sc->st->arena);
		sc->failed = true;
		return false;
	}
	if (n > 0)
		memcpy(na, *arr, elem * (size_t) n);
	*arr = na;
	*cap = nc;
	return true;
}

static bool
replace_slot(ship_ctx *sc, fq_plan **slot, fq_plan *with)
{
	if (!grow(sc, (void **) &sc->undo, &sc->capundo, sc->nundo, sizeof(sc->undo[0])))
		return false;
	sc->undo[sc->nundo].slot = slot;
	sc->undo[sc->nundo].old = *slot;
	sc->nundo++;
	*slot = with;
	return true;
}

/* Every leaf of the part below *slot: an external RemoteQuery becomes a
 * Shipped node, a warehouse one the subtree it pushed. */
static bool
open_leaves(ship_ctx *sc, fq_plan **slot)
{
	fq_plan *p = *slot;

	if (fq_stack_check(sc->d) < 0)
	{
		sc->failed = true;
		return false;
	}
	if (FQ_IS(p, FQ_N_PLAN_REMOTE))
	{
		fq_plan_remote *r = (fq_plan_remote *) p;
		fq_plan_shipped *s;
		char name[32];

		if (r->source->kind == FQ_SOURCE_WAREHOUSE)
			return replace_slot(sc, slot, r->pushed);
		s = FQ_MAKE_PLAN(sc->st->arena, fq_plan_shipped, FQ_N_PLAN_SHIPPED, p->nout);
		if (s == NULL ||
			!grow(sc, (void **) &sc->ship, &sc->capship, sc->nship, sizeof(fq_plan_shipped *)))
			goto nomem;
		snprintf(name, sizeof(name), "fq_ship_%d", sc->next_id + sc->nship + 1);
		if ((s->table = fq_arena_strdup(sc->st->arena, name)) == NULL)
			goto nomem;
		s->id = sc->next_id + sc->nship + 1;
		s->source = &sc->st->s->warehouse_source;
		s->input = r;
		s->p.n.location = p->n.location;
		memcpy(s->p.out, p->out, sizeof(fq_plan_col) * (size_t) p->nout);
		sc->ship[sc->nship++] = s;
		return replace_slot(sc, slot, &s->p);
	}
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (!open_leaves(sc, fq_plan_input(p, i)))
			return false;
	return true;

nomem:
	fq_raise_nomem(sc->d, sc->st->arena);
	sc->failed = true;
	return false;
}

static void
undo(ship_ctx *sc)
{
	while (sc->nundo > 0)
	{
		sc->nundo--;
		*sc->undo[sc->nundo].slot = sc->undo[sc->nundo].old;
	}
	sc->nship = 0;
}

/*
 * Turns the part p into a Ship node over a warehouse RemoteQuery, or
 * returns p unchanged when the warehouse cannot run it; NULL on error.
 */
static fq_plan *
ship_part(ship_ctx *sc, fq_plan *p, const char *reason)
{
	fq_plan *top = p;
	const fq_source *src;
	fq_plan_remote *r;
	fq_plan_ship *sh;

	sc->nundo = 0;
	sc->nship = 0;
	if (!open_leaves(sc, &top))
	{
		undo(sc);
		return NULL;
	}
	src = fq_plan_runs_at(top, true);
	if (src == NULL || src->kind != FQ_SOURCE_WAREHOUSE || sc->nship == 0)
	{
		undo(sc);
		return p;
	}
	r = FQ_MAKE_PLAN(sc->st->arena, fq_plan_remote, FQ_N_PLAN_REMOTE, top->nout);
	sh = FQ_MAKE_PLAN(sc->st->arena, fq_plan_ship, FQ_N_PLAN_SHIP, top->nout);
	if (r == NULL || sh == NULL ||
		(sh->ship = FQ_NEW_ARRAY(sc->st->arena, fq_plan_shipped *, sc->nship)) == NULL)
	{
		undo(sc);
		fq_raise_nomem(sc->d, sc->st->arena);
		return NULL;
	}
	memcpy(r->p.out, top->out, sizeof(fq_plan_col) * (size_t) top->nout);
	r->source = src;
	r->pushed = top;
	r->p.n.location = top->n.location;
	if ((r->sql = fq_deparse(sc->st, top, sc->d)) == NULL)
	{
		undo(sc);
		return NULL;
	}
	memcpy(sh->p.out, top->out, sizeof(fq_plan_col) * (size_t) top->nout);
	sh->p.left = &r->p;
	sh->p.n.location = top->n.location;
	sh->nship = sc->nship;
	memcpy(sh->ship, sc->ship, sizeof(fq_plan_shipped *) * (size_t) sc->nship);
	sh->reason = reason;
	sc->next_id += sc->nship;
	sc->nship = 0;
	sc->nundo = 0;
	return &sh->p;
}

/* Whether the part p should ship, and why (for EXPLAIN); NULL: not. */
static const char *
decide(ship_ctx *sc, fq_plan *p)
{
	part_info pi = {.ok = true};
	size_t limit = sc->st->s->opt.memory_limit;
	double build;
	double threshold;

	describe_part(p, &pi);
	if (!pi.ok || !pi.joins || pi.external == 0 || (!pi.warehouse && !pi.several_ext))
		return NULL;
	if (sc->mode == FQ_SHIP_ALWAYS)
		return "ShipToWarehouse=always";
	if (sc->after_limit)
		return "ShipToWarehouse=auto: a hash join reached MemoryLimit before the first row";
	build = largest_build(sc->st, p);
	threshold = limit > 0 ? (double) limit / 2 : UNLIMITED_SHIP_BYTES;
	if (build <= threshold)
		return NULL;
	if (limit == 0)
		return fq_arena_printf(sc->st->arena,
							   "ShipToWarehouse=auto: a hash join would hold %.1f MB, over 64 GB",
							   build / (1024.0 * 1024));
	return fq_arena_printf(sc->st->arena,
						   "ShipToWarehouse=auto: a hash join would hold %.1f MB, over half of "
						   "MemoryLimit (%.1f MB)",
						   build / (1024.0 * 1024), (double) limit / (1024.0 * 1024));
}

static int
walk(ship_ctx *sc, fq_plan **slot)
{
	fq_plan *p = *slot;
	const char *reason;

	if (fq_stack_check(sc->d) < 0)
		return FQ_ERROR;
	if (FQ_IS(p, FQ_N_PLAN_REMOTE) || FQ_IS(p, FQ_N_PLAN_SHIP))
		return FQ_OK;
	if ((reason = decide(sc, p)) != NULL)
	{
		fq_plan *n = ship_part(sc, p, reason);

		if (n == NULL)
			return FQ_ERROR;
		if (n != p)
		{
			*slot = n;
			return FQ_OK;
		}
	}
	if (reason == NULL && sc->failed)
		return FQ_ERROR;
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		if (walk(sc, fq_plan_input(p, i)) < 0)
			return FQ_ERROR;
	return FQ_OK;
}

int
fq_ship_plan(fq_stmt *st, fq_plan **plan, fq_diags *d)
{
	ship_ctx sc = {.st = st, .d = d, .mode = st->s->opt.ship_to_warehouse};

	st->nships = 0;
	if (sc.mode == FQ_SHIP_NEVER || st->s->opt.server == NULL)
		return FQ_OK;
	if (walk(&sc, plan) < 0)
		return FQ_ERROR;
	st->nships = sc.next_id;
	return FQ_OK;
}

int
fq_ship_plan_after_limit(fq_stmt *st, fq_plan **plan, bool *shipped, fq_diags *d)
{
	ship_ctx sc = {.st = st, .d = d, .mode = st->s->opt.ship_to_warehouse, .after_limit = true};

	*shipped = false;
	if (sc.mode != FQ_SHIP_AUTO || st->s->opt.server == NULL || !st->s->opt.pushdown)
		return FQ_OK;
	/* ids after those of inputs the plan ships already */
	sc.next_id = st->nships;
	if (walk(&sc, plan) < 0)
		return FQ_ERROR;
	*shipped = sc.next_id > st->nships;
	st->nships = sc.next_id;
	return FQ_OK;
}
