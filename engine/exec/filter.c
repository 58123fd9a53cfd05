/*
 * filter.c — Filter: keeps the rows whose predicate is true.
 *
 * The predicate's conjuncts are taken in turn, as PostgreSQL's ExecQual
 * takes a qual list: each only for the rows every earlier one held true
 * for -- NULL stops a row as false does (unlike inside an AND expression,
 * where NULL AND x still looks at x).  A batch where every row passes goes
 * up unchanged; otherwise the passing rows are copied into a compact batch
 * (strings are shared with the input, which stays valid until the next
 * pull).
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "types/types.h"

#include <string.h>

typedef struct filter_state
{
	fq_exec_node n;
	fq_expr *pred;
	int nquals;
	fq_expr **quals;   /* pred's conjuncts, in order */
	fq_arena *arena;
	fq_batch out;
	fq_diags *pending; /* an error to raise on the next call */
	fq_batch prefix;   /* the rows of a batch before its failing one */
	bool gated;        /* the conditions that read no row were checked */
} filter_state;

static int
eval_quals(filter_state *fs, const fq_batch *in, const uint8_t **pass)
{
	uint8_t *sel = fq_arena_alloc(fs->arena, in->nrows ? in->nrows : 1);

	if (sel == NULL)
		return fq_raise_nomem(fs->n.ctx->d, fs->arena);
	*pass = sel;
	return fq_eval_quals(fs->n.ctx, fs->quals, fs->nquals, in, fs->arena, sel);
}

/* One row as ExecQual takes it: the conjuncts in turn, up to one not true. */
static int
quals_row(fq_exec_ctx *ctx, const fq_batch *in, uint32_t row, fq_arena *a, void *arg)
{
	const filter_state *fs = arg;

	for (int i = 0; i < fs->nquals; i++)
	{
		fq_value v;

		if (fq_eval_row(ctx, fs->quals[i], in, row, a, &v) < 0)
			return FQ_ERROR;
		if (v.isnull || !v.v.i)
			break;
	}
	return FQ_OK;
}

static int
filter_next(fq_exec_node *node, const fq_batch **out)
{
	filter_state *fs = (filter_state *) node;
	fq_exec_ctx *ctx = node->ctx;

	/* A condition the planner folded to false runs nothing below it
	 * (PostgreSQL's One-Time Filter): no error from what it guards. */
	if (fq_expr_is_false_const(fs->pred))
		return 0;
	/* So does one that reads no row -- a parameter, an initplan, an outer
	 * value of a subquery run per row -- when it is not true: checked
	 * once, before the input runs, as PostgreSQL's gating Result does. */
	if (!fs->gated)
	{
		fq_batch one = {.nrows = 1};

		fs->gated = true;
		for (int i = 0; i < fs->nquals; i++)
		{
			fq_value v;

			if (!fq_expr_is_constant(fs->quals[i]))
				continue;
			fq_arena_reset(fs->arena);
			if (fq_eval_row(ctx, fs->quals[i], &one, 0, fs->arena, &v) < 0)
				return FQ_ERROR;
			if (v.isnull || !v.v.i)
				return 0;
		}
	}
	for (;;)
	{
		const fq_batch *in;
		const uint8_t *pass;
		uint32_t *keep;
		uint32_t n = 0;
		int before;
		int rc;

		if (fs->pending != NULL)
			return fq_eval_raise_pending(ctx, &fs->pending);
		if ((rc = fq_exec_pull(node->left, &in)) <= 0)
			return rc;
		fq_arena_reset(fs->arena);
		before = fq_diags_count(ctx->d);
		if (eval_quals(fs, in, &pass) < 0)
		{
			/* the rows before the one PostgreSQL fails on go up first */
			int bad = fq_eval_failing_row(ctx, in, before, quals_row, fs, &fs->pending);

			if (bad < 0)
				return FQ_ERROR;
			if (bad == 0)
				return fq_eval_raise_pending(ctx, &fs->pending);
			fs->prefix = *in;
			fs->prefix.nrows = (uint32_t) bad;
			in = &fs->prefix;
			fq_arena_reset(fs->arena);
			if (eval_quals(fs, in, &pass) < 0)
				return FQ_ERROR;
		}
		keep = fq_arena_alloc(fs->arena, sizeof(uint32_t) * (in->nrows ? in->nrows : 1));
		if (keep == NULL)
			return fq_raise_nomem(ctx->d, fs->arena);
		for (uint32_t r = 0; r < in->nrows; r++)
			if (pass[r])
				keep[n++] = r;
		if (n == 0)
			continue;
		if (n == in->nrows)
		{
			*out = in;
			return 1;
		}
		fs->out.nrows = n;
		fs->out.ncols = in->ncols;
		fs->out.cols = FQ_NEW_ARRAY(fs->arena, fq_vector, in->ncols ? in->ncols : 1);
		if (fs->out.cols == NULL)
			return fq_raise_nomem(ctx->d, fs->arena);
		for (uint32_t c = 0; c < in->ncols; c++)
		{
			const fq_vector *src = &in->cols[c];
			fq_vector *dst = &fs->out.cols[c];
			size_t w = fq_type_size(&src->type);
			char *data = fq_arena_alloc(fs->arena, w * n);

			if (data == NULL)
				return fq_raise_nomem(ctx->d, fs->arena);
			dst->type = src->type;
			dst->data = data;
			dst->nulls = NULL;
			for (uint32_t i = 0; i < n; i++)
				memcpy(data + w * i, (const char *) src->data + w * keep[i], w);
			if (src->nulls != NULL)
			{
				dst->nulls = fq_arena_alloc(fs->arena, n);
				if (dst->nulls == NULL)
					return fq_raise_nomem(ctx->d, fs->arena);
				for (uint32_t i = 0; i < n; i++)
					dst->nulls[i] = src->nulls[keep[i]];
			}
		}
		*out = &fs->out;
		return 1;
	}
}

static void
filter_end(fq_exec_node *node)
{
	filter_state *fs = (filter_state *) node;

	fq_arena_free(fs->arena);
	fq_diags_free(fs->pending);
	fs->arena = NULL;
	fs->pending = NULL;
}

fq_exec_node *
fq_exec_init_filter(fq_exec_ctx *ctx, const fq_plan *plan)
{
	filter_state *fs = (filter_state *) fq_exec_new_node(ctx, plan, sizeof(filter_state));

	if (fs == NULL)
		return NULL;
	fs->n.next = filter_next;
	fs->n.end = filter_end;
	if ((fs->n.left = fq_exec_init_node(ctx, plan->left)) == NULL)
		return NULL;
	fs->pred = fq_exec_resolve(ctx, ((const fq_plan_filter *) plan)->pred, plan->left);
	if (fs->pred == NULL)
		return NULL;
	{
		fq_list *conj = NULL;
		fq_expr *e;
		int i = 0;

		if (!fq_expr_conjuncts(ctx->arena, fs->pred, &conj) ||
			(fs->quals = FQ_NEW_ARRAY(ctx->arena, fq_expr *, fq_list_len(conj) + 1)) == NULL)
		{
			fq_raise_nomem(ctx->d, ctx->arena);
			return NULL;
		}
		FQ_LIST_FOREACH(e, conj)
			fs->quals[i++] = e;
		fs->nquals = i;
	}
	if ((fs->arena = fq_arena_new(&ctx->st->acct)) == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &fs->n;
}
