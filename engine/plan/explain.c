/*
 * explain.c — the plan as text, one line per row of EXPLAIN's result.
 *
 *   Limit  (estimated rows=10)
 *     ->  Remote Query on external schema "rds" (127.0.0.1:5433, database "shop")  (estimated rows=1000)
 *           Output: o_id, o_total
 *           SQL: SELECT r1."o_id", r1."o_total" FROM "public"."orders" r1 WHERE ...
 *
 * Every node shows the rows the planner estimated it returns (from the
 * sources' statistics, estimate.c).  With ANALYZE every node also shows
 * the rows it produced, the batches, the
 * time spent in it and below it, and remote nodes the bytes received and
 * the SQL actually sent (with parameter values).
 */
#include "plan/planner.h"

#include "core/diag.h"
#include "core/stack.h"
#include "core/strbuf.h"
#include "exec/exec.h"
#include "sql/ast.h"

#include <string.h>

typedef struct explainer
{
	fq_stmt *st;
	const fq_exec_state *es;
	fq_list **lines;
	fq_diags *d;
	bool failed;
	const char *rerun; /* inside a subtree built again for each row or step:
						* what to say instead of "never executed" */
} explainer;

static void
emit(explainer *ex, int indent, fq_strbuf *b)
{
	fq_strbuf line = FQ_STRBUF_INIT;
	char *s;

	for (int i = 0; i < indent; i++)
		fq_strbuf_appendc(&line, ' ');
	fq_strbuf_append(&line, fq_strbuf_str(b));
	if (!fq_strbuf_ok(b))
		line.broken = true;
	fq_strbuf_reset(b);
	if (!fq_strbuf_ok(&line) || (s = fq_arena_strdup(ex->st->exec_arena, fq_strbuf_str(&line))) == NULL ||
		(*ex->lines = fq_lappend(ex->st->exec_arena, *ex->lines, s)) == NULL)
		ex->failed = true;
	fq_strbuf_free(&line);
}

static const char *
node_title(const fq_plan *p, fq_strbuf *b)
{
	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_REMOTE:
			{
				const fq_plan_remote *r = (const fq_plan_remote *) p;
				const fq_ext_schema *e = r->source->ext;

				if (r->source->kind == FQ_SOURCE_WAREHOUSE)
					fq_strbuf_append(b, "Remote Query on the warehouse");
				else
					fq_strbuf_printf(b, "Remote Query on external schema \"%s\" (%s:%d, database \"%s\")",
									 e->name, e->uri, e->port, e->database);
				return NULL;
			}
		case FQ_N_PLAN_SHIP:
			fq_strbuf_printf(b, "Warehouse Query (%s)", ((const fq_plan_ship *) p)->reason);
			return NULL;
		case FQ_N_PLAN_SHIPPED:
			fq_strbuf_printf(b, "Ship to warehouse (%s)", ((const fq_plan_shipped *) p)->table);
			return NULL;
		case FQ_N_PLAN_FILTER: return "Filter";
		case FQ_N_PLAN_PROJECT: return "Project";
		case FQ_N_PLAN_SORT: return "Sort";
		case FQ_N_PLAN_LIMIT: return "Limit";
		case FQ_N_PLAN_VALUES: return "Values";
		case FQ_N_PLAN_JOIN:
			{
				static const char *const kinds[] = {
					[FQ_JOIN_INNER] = "Hash Join", [FQ_JOIN_LEFT] = "Hash Left Join",
					[FQ_JOIN_RIGHT] = "Hash Right Join", [FQ_JOIN_FULL] = "Hash Full Join",
					[FQ_JOIN_CROSS] = "Nested Loop", [FQ_JOIN_SEMI] = "Hash Semi Join",
					[FQ_JOIN_ANTI] = "Hash Anti Join",
				};

				const fq_plan_join *j = (const fq_plan_join *) p;

				if (j->build_left && j->type == FQ_JOIN_SEMI)
					return "Hash Right Semi Join";
				if (j->build_left && j->type == FQ_JOIN_ANTI)
					return "Hash Right Anti Join";
				return kinds[j->type];
			}
		case FQ_N_PLAN_SCAN: return "Scan";
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				return g->nsets > 0 ? "MixedAggregate" : g->ngroups > 0 ? "HashAggregate" : "Aggregate";
			}
		case FQ_N_PLAN_WINDOW: return "WindowAgg";
		case FQ_N_PLAN_APPLY:
			return ((const fq_plan_apply *) p)->type == FQ_JOIN_LEFT ? "Nested Loop Left Join (Lateral)"
																	  : "Nested Loop (Lateral)";
		case FQ_N_PLAN_RECURSIVE:
			fq_strbuf_printf(b, "Recursive Union%s (%s)",
							 ((const fq_plan_recursive *) p)->all ? " All" : "",
							 ((const fq_plan_recursive *) p)->name);
			return NULL;
		case FQ_N_PLAN_WORKTABLE:
			fq_strbuf_printf(b, "WorkTable Scan on %s", ((const fq_plan_worktable *) p)->name);
			return NULL;
		case FQ_N_PLAN_CTESCAN:
			fq_strbuf_printf(b, "CTE Scan on %s", ((const fq_plan_ctescan *) p)->name);
			return NULL;
		case FQ_N_PLAN_FUNCSCAN:
			fq_strbuf_printf(b, "Function Scan on %s", ((const fq_plan_funcscan *) p)->name);
			return NULL;
		case FQ_N_PLAN_UNIQUE: return "Unique";
		case FQ_N_PLAN_SETOP:
			return ((const fq_plan_setop *) p)->op == FQ_SETOP_INTERSECT ? "HashSetOp Intersect All"
																		  : "HashSetOp Except All";
		default:
			return fq_node_tag_name(FQ_TAG(p));
	}
}

static void
explain_list(fq_strbuf *b, const char *label, fq_expr *const *exprs, int n)
{
	fq_strbuf_append(b, label);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			fq_strbuf_append(b, ", ");
		fq_expr_explain(exprs[i], b);
	}
}

static void explain_node(explainer *ex, const fq_plan *p, int indent, bool child);

/* Under ANALYZE, whether a join's dynamic filter i went to its source. */
static void
explain_dyn_outcome(fq_strbuf *b, const fq_dyn_filter *df, const fq_exec_node *en, int i)
{
	uint64_t n;

	switch (fq_exec_join_dyn_outcome(en, i, &n))
	{
		case FQ_DYN_UNTRIED:
			break;
		case FQ_DYN_SENT:
			fq_strbuf_printf(b, "  (sent %llu values)", (unsigned long long) n);
			break;
		case FQ_DYN_NOT_PAYING:
			fq_strbuf_printf(b, "  (not sent: %llu values, of about %.0f the key takes)",
							 (unsigned long long) n, fq_dyn_filter_domain(df));
			break;
		case FQ_DYN_TOO_MANY:
			fq_strbuf_append(b, "  (not sent: too many values)");
			break;
	}
}

static void
explain_node(explainer *ex, const fq_plan *p, int indent, bool child)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	const char *title;
	const fq_exec_node *en;
	int detail = indent + (child ? 6 : 2);

	if (ex->failed || fq_stack_check(ex->d) < 0)
	{
		ex->failed = true;
		return;
	}
	en = fq_exec_find(ex->es, p);
	if (child)
		fq_strbuf_append(&b, "->  ");
	title = node_title(p, &b);
	if (title != NULL)
		fq_strbuf_append(&b, title);
	/* what the planner expected (estimate.c): a bad estimate shows next
	 * to the actual rows */
	fq_strbuf_printf(&b, "  (estimated rows=%.0f)", fq_est_rows(ex->st, p));
	if (ex->es != NULL && !FQ_IS(p, FQ_N_PLAN_SHIPPED))
	{
		if (en != NULL && en->started)
		{
			fq_strbuf_printf(&b, "  (actual rows=%llu batches=%llu time=%.3f ms",
							 (unsigned long long) en->rows, (unsigned long long) en->batches,
							 en->seconds * 1000.0);
			if (FQ_IS(p, FQ_N_PLAN_APPLY))
				fq_strbuf_printf(&b, " loops=%llu memoized=%llu",
								 (unsigned long long) fq_exec_apply_loops(en),
								 (unsigned long long) fq_exec_apply_hits(en));
			if (FQ_IS(p, FQ_N_PLAN_RECURSIVE))
				fq_strbuf_printf(&b, " steps=%llu",
								 (unsigned long long) fq_exec_recursive_steps(en));
			fq_strbuf_appendc(&b, ')');
		}
		else if (ex->rerun != NULL)
			fq_strbuf_printf(&b, "  (%s)", ex->rerun);
		else
			fq_strbuf_append(&b, "  (never executed)");
	}
	emit(ex, indent, &b);
	/* a sort, join or aggregate past its memory budget (exec/spill.c) */
	if (ex->es != NULL && en != NULL && en->spill_files > 0)
	{
		fq_strbuf_printf(&b, "Spilled: %u temporary files, %llu kB written", en->spill_files,
						 (unsigned long long) (en->spill_bytes + 1023) / 1024);
		if (en->spill_passes > 0)
			fq_strbuf_printf(&b, ", %u more passes over a probe partition joined in chunks",
							 en->spill_passes);
		emit(ex, detail, &b);
	}

	switch (FQ_TAG(p))
	{
		case FQ_N_PLAN_REMOTE:
			{
				const fq_plan_remote *r = (const fq_plan_remote *) p;
				const char *sent = fq_exec_remote_sql(en);

				fq_strbuf_append(&b, "Output: ");
				for (int i = 0; i < p->nout; i++)
					fq_strbuf_printf(&b, "%s%s", i ? ", " : "", p->out[i].name ? p->out[i].name : "?");
				emit(ex, detail, &b);
				fq_strbuf_printf(&b, "SQL: %s", sent != NULL ? sent : r->sql);
				emit(ex, detail, &b);
				if (en != NULL && en->started)
				{
					fq_strbuf_printf(&b, "Bytes received: %llu", (unsigned long long) en->bytes);
					emit(ex, detail, &b);
				}
				break;
			}
		case FQ_N_PLAN_SHIP:
			{
				const fq_plan_ship *sh = (const fq_plan_ship *) p;

				fq_strbuf_append(&b, "Shipped inputs: ");
				for (int i = 0; i < sh->nship; i++)
					fq_strbuf_printf(&b, "%s%s", i ? ", " : "", sh->ship[i]->table);
				emit(ex, detail, &b);
				if (en != NULL && en->started)
				{
					fq_strbuf_printf(&b, "Bytes shipped: %llu", (unsigned long long) en->bytes);
					emit(ex, detail, &b);
				}
				break;
			}
		case FQ_N_PLAN_JOIN:
			{
				const fq_plan_join *j = (const fq_plan_join *) p;

				if (j->cond != NULL)
				{
					fq_strbuf_append(&b, "Join Cond: ");
					fq_expr_explain(j->cond, &b);
					emit(ex, detail, &b);
				}
				/* The probe side's source gets the build side's keys. */
				for (int i = 0; i < j->ndyn; i++)
				{
					fq_strbuf_append(&b, "Dynamic Filter: ");
					fq_expr_explain(&j->dyn[i].probe_key->e, &b);
					fq_strbuf_append(&b, " = ANY (values of ");
					fq_expr_explain(j->dyn[i].build_key, &b);
					fq_strbuf_append(&b, ")");
					if (ex->es != NULL)
						explain_dyn_outcome(&b, &j->dyn[i], en, i);
					emit(ex, detail, &b);
				}
				break;
			}
		case FQ_N_PLAN_APPLY:
			{
				/* the values the subquery (the inner side) reads from each row */
				const fq_plan_apply *ap = (const fq_plan_apply *) p;

				for (int i = 0; i < ap->nargs; i++)
				{
					fq_strbuf_printf(&b, "Parameter: $x%d = ", ap->params[i]);
					fq_expr_explain(ap->args[i], &b);
					emit(ex, detail, &b);
				}
				if (ap->cond != NULL)
				{
					fq_strbuf_append(&b, "Join Filter: ");
					fq_expr_explain(ap->cond, &b);
					emit(ex, detail, &b);
				}
				break;
			}
		case FQ_N_PLAN_FUNCSCAN:
			{
				const fq_plan_funcscan *fs = (const fq_plan_funcscan *) p;

				explain_list(&b, "Arguments: ", fs->args, fs->nargs);
				emit(ex, detail, &b);
				break;
			}
		case FQ_N_PLAN_FILTER:
			fq_strbuf_append(&b, "Filter: ");
			fq_expr_explain(((const fq_plan_filter *) p)->pred, &b);
			emit(ex, detail, &b);
			break;
		case FQ_N_PLAN_PROJECT:
			{
				const fq_plan_project *pr = (const fq_plan_project *) p;

				explain_list(&b, "Output: ", pr->exprs, pr->nexprs);
				emit(ex, detail, &b);
				break;
			}
		case FQ_N_PLAN_AGG:
			{
				const fq_plan_agg *g = (const fq_plan_agg *) p;

				if (g->nsets > 0)
				{
					/* one line per grouping set, as PostgreSQL's */
					for (int s = 0; s < g->nsets; s++)
					{
						bool first = true;

						fq_strbuf_append(&b, "Group Key: ");
						for (int i = 0; i < g->ngroups; i++)
							if ((g->sets[s] >> i) & 1)
							{
								if (!first)
									fq_strbuf_append(&b, ", ");
								fq_expr_explain(g->groups[i], &b);
								first = false;
							}
						if (first)
							fq_strbuf_append(&b, "()");
						emit(ex, detail, &b);
					}
				}
				else if (g->ngroups > 0)
				{
					explain_list(&b, "Group Key: ", g->groups, g->ngroups);
					emit(ex, detail, &b);
				}
				if (g->naggs > 0)
				{
					fq_strbuf_append(&b, "Aggregates: ");
					for (int i = 0; i < g->naggs; i++)
					{
						if (i > 0)
							fq_strbuf_append(&b, ", ");
						fq_expr_explain(&g->aggs[i]->e, &b);
					}
					emit(ex, detail, &b);
				}
				break;
			}
		case FQ_N_PLAN_WINDOW:
			{
				/* the functions computed here (those read above) */
				const fq_plan_window *w = (const fq_plan_window *) p;

				for (int i = 0; i < p->nout; i++)
					if (p->out[i].rel == w->rel && p->out[i].col >= 0 && p->out[i].col < w->nfuncs)
					{
						fq_strbuf_append(&b, "Window: ");
						fq_expr_explain(&w->funcs[p->out[i].col]->e, &b);
						emit(ex, detail, &b);
					}
				break;
			}
		case FQ_N_PLAN_SORT:
			{
				const fq_plan_sort *s = (const fq_plan_sort *) p;

				fq_strbuf_append(&b, "Sort Key: ");
				for (int i = 0; i < s->nkeys; i++)
				{
					if (i > 0)
						fq_strbuf_append(&b, ", ");
					fq_expr_explain(s->keys[i].expr, &b);
					if (s->keys[i].desc)
						fq_strbuf_append(&b, " DESC");
					if (s->keys[i].nulls_first != s->keys[i].desc)
						fq_strbuf_append(&b, s->keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
				}
				emit(ex, detail, &b);
				break;
			}
		case FQ_N_PLAN_UNIQUE:
			explain_list(&b, "Unique Key: ", ((const fq_plan_unique *) p)->keys,
						 ((const fq_plan_unique *) p)->nkeys);
			emit(ex, detail, &b);
			break;
		case FQ_N_PLAN_LIMIT:
			{
				const fq_plan_limit *l = (const fq_plan_limit *) p;

				if (l->limit != NULL)
				{
					fq_strbuf_append(&b, "Limit: ");
					fq_expr_explain(l->limit, &b);
					emit(ex, detail, &b);
				}
				if (l->offset != NULL)
				{
					fq_strbuf_append(&b, "Offset: ");
					fq_expr_explain(l->offset, &b);
					emit(ex, detail, &b);
				}
				break;
			}
		default:
			break;
	}
	fq_strbuf_free(&b);
	for (int i = 0; i < fq_plan_ninputs(p); i++)
	{
		const char *saved = ex->rerun;

		if (FQ_IS(p, FQ_N_PLAN_APPLY) && i == 1)
			ex->rerun = "run per outer row: see the loops above";
		else if (FQ_IS(p, FQ_N_PLAN_RECURSIVE) && i == 1)
			ex->rerun = "run per step: see the steps above";
		explain_node(ex, *fq_plan_input((fq_plan *) p, i), detail, true);
		ex->rerun = saved;
	}
	/* What a Ship copies into the warehouse, and from where. */
	if (FQ_IS(p, FQ_N_PLAN_SHIP))
		for (int i = 0; i < ((const fq_plan_ship *) p)->nship; i++)
			explain_node(ex, &((const fq_plan_ship *) p)->ship[i]->p, detail, true);
	if (FQ_IS(p, FQ_N_PLAN_SHIPPED))
		explain_node(ex, &((const fq_plan_shipped *) p)->input->p, detail, true);
}

/* Marks the subplans (per-row subqueries) that fedq runs: those its own
 * nodes' expressions read, not those written into a source's SQL. */
typedef struct used_subplans
{
	bool *used;
	int n;
} used_subplans;

static bool
mark_subplan_walker(fq_expr *e, void *ctx)
{
	used_subplans *u = ctx;

	if (FQ_IS(e, FQ_N_EXPR_SUBLINK))
	{
		int id = ((const fq_sublink_expr *) e)->id;

		if (id >= 0 && id < u->n)
			u->used[id] = true;
	}
	return fq_expr_walk_children(e, mark_subplan_walker, ctx);
}

static void
mark_subplans(const fq_plan *p, used_subplans *u)
{
	if (fq_stack_too_deep())
		return;
	fq_plan_walk_exprs((fq_plan *) p, mark_subplan_walker, u);
	for (int i = 0; i < fq_plan_ninputs(p); i++)
		mark_subplans(*fq_plan_input((fq_plan *) p, i), u);
}

int
fq_explain(fq_stmt *st, const fq_plan *plan, const fq_exec_state *analyzed, fq_list **lines,
		   fq_diags *d)
{
	used_subplans u = {NULL, st->nsubplans};

	explainer ex = {.st = st, .es = analyzed, .lines = lines, .d = d};

	/* CTEs computed once, when first read: shown first. */
	for (int i = 0; i < st->nctes && !ex.failed; i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;
		/* (one only sources read is in their remote queries' SQL) */
		if (st->ctes[i] == NULL || !fq_cte_read_in_fedq(st, i))
			continue;
		fq_strbuf_printf(&b, "CTE %s (computed once)", st->cte_names[i]);
		emit(&ex, 0, &b);
		fq_strbuf_free(&b);
		explain_node(&ex, st->ctes[i], 2, true);
	}
	/* Scalar subqueries run first, once: shown first. */
	for (int i = 0; i < st->ninitplans && !ex.failed; i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_printf(&b, "InitPlan %d (returns one value)", i + 1);
		emit(&ex, 0, &b);
		fq_strbuf_free(&b);
		explain_node(&ex, st->initplans[i], 2, true);
	}
	explain_node(&ex, plan, 0, false);
	/* Subqueries run per row (once per distinct outer value): after; not
	 * those a source runs inside a remote query's SQL. */
	if (st->nsubplans > 0 && (u.used = FQ_NEW_ARRAY(st->arena, bool, st->nsubplans)) == NULL)
		return fq_raise_nomem(d, st->arena);
	mark_subplans(plan, &u);
	for (int i = 0; i < st->ninitplans; i++)
		mark_subplans(st->initplans[i], &u);
	for (int i = 0; i < st->nctes; i++)
		if (st->ctes[i] != NULL)
			mark_subplans(st->ctes[i], &u);
	for (int k = 0; k < st->nsubplans; k++)
		for (int i = 0; i < st->nsubplans; i++)
			if (u.used[i])
				mark_subplans(st->subplans[i], &u);
	for (int i = 0; i < st->nsubplans && !ex.failed; i++)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		if (!u.used[i])
			continue;
		fq_strbuf_printf(&b, "SubPlan %d (runs per distinct outer value)", i + 1);
		if (analyzed != NULL)
			fq_strbuf_printf(&b, " (runs=%llu)",
							 (unsigned long long) fq_exec_subplan_runs(&analyzed->ctx, i));
		emit(&ex, 0, &b);
		fq_strbuf_free(&b);
		explain_node(&ex, st->subplans[i], 2, true);
	}
	if (analyzed != NULL && !ex.failed)
	{
		fq_strbuf b = FQ_STRBUF_INIT;

		fq_strbuf_printf(&b, "Peak memory: %zu kB", st->acct.peak / 1024);
		emit(&ex, 0, &b);
		fq_strbuf_free(&b);
	}
	if (ex.failed)
		return fq_raise_nomem(d, st->exec_arena);
	return FQ_OK;
}
