/*
 * funcscan.c — generate_series(start, stop [, step]) in FROM
 * (fq_plan_funcscan), as PostgreSQL 15's generate_series_step_int4,
 * _int8, _numeric and generate_series_timestamp[tz] produce it.
 *
 * A NULL argument gives no row.  The step may not be zero (nor NaN or
 * infinite for numeric; numeric start and stop must be finite too): 22023
 * with PostgreSQL's message.  Values go up while <= stop for a positive
 * step, down while >= stop for a negative one; an integer series ends
 * where the next value would overflow; a numeric value is the previous
 * one plus the step, so it takes the larger of their scales; a timestamp
 * series adds the interval as timestamp + interval does (months, then
 * days and time; fedq's sessions are in UTC).
 */
#include "exec/exec.h"

#include "core/diag.h"
#include "exec/vector.h"
#include "func/support.h"
#include "types/numeric.h"
#include "types/types.h"

#include <string.h>

typedef struct funcscan_state
{
	fq_exec_node n;
	const fq_plan_funcscan *plan;
	bool started;
	bool done;
	fq_type_id t;
	fq_value cur;          /* the next value */
	fq_value stop;
	fq_value step;
	int sign;              /* of the step */
	fq_arena *state_arena; /* the arguments */
	fq_arena *cur_arena;   /* a big numeric cur's digits, renewed per batch */
	fq_arena *out_arena;
	fq_batch out;
} funcscan_state;

static int
invalid(funcscan_state *fs, const char *msg)
{
	return fq_raise(fs->n.ctx->d, FQ_ERR_INVALID_PARAMETER_VALUE, 0, "%s", msg);
}

/* Evaluates the arguments; false (no rows) when one is NULL. */
static int
start(funcscan_state *fs)
{
	fq_exec_ctx *ctx = fs->n.ctx;
	const fq_plan_funcscan *p = fs->plan;
	fq_value args[3];

	fs->t = p->p.out[0].type.id;
	for (int i = 0; i < p->nargs; i++)
	{
		if (fq_eval_const(ctx, p->args[i], fs->state_arena, &args[i]) < 0)
			return FQ_ERROR;
		if (args[i].isnull)
		{
			fs->done = true;
			return FQ_OK;
		}
	}
	fs->cur = args[0];
	fs->stop = args[1];
	switch (fs->t)
	{
		case FQ_T_INT4:
		case FQ_T_INT8:
			fs->step = p->nargs == 3 ? args[2] : args[0];
			if (p->nargs < 3)
				fs->step.v.i = 1;
			if (fs->step.v.i == 0)
				return invalid(fs, "step size cannot equal zero");
			fs->sign = fs->step.v.i > 0 ? 1 : -1;
			break;
		case FQ_T_DECIMAL:
			if (!fq_num_is_finite(&args[0].v.num))
				return invalid(fs, args[0].v.num.kind == FQ_NUM_NAN ? "start value cannot be NaN"
							   : "start value cannot be infinity");
			if (!fq_num_is_finite(&args[1].v.num))
				return invalid(fs, args[1].v.num.kind == FQ_NUM_NAN ? "stop value cannot be NaN"
							   : "stop value cannot be infinity");
			if (p->nargs == 3)
			{
				fs->step = args[2];
				if (!fq_num_is_finite(&args[2].v.num))
					return invalid(fs, args[2].v.num.kind == FQ_NUM_NAN ? "step size cannot be NaN"
								   : "step size cannot be infinity");
			}
			else
			{
				fs->step = args[0];
				fq_num_from_int64(1, &fs->step.v.num);
			}
			fs->sign = fq_num_sign(&fs->step.v.num);
			if (fs->sign == 0)
				return invalid(fs, "step size cannot equal zero");
			break;
		default: /* timestamp, timestamptz: the step an interval */
			{
				fq_interval zero;
				uint8_t a[FQ_SLOT_MAX];
				uint8_t z[FQ_SLOT_MAX];
				int c;

				fs->step = args[2];
				memset(&zero, 0, sizeof(zero));
				fq_value_to_slot(&fs->step, a);
				memcpy(z, &zero, sizeof(zero));
				c = fq_compare_slots(&fs->step.type, a, z);
				if (c == 0)
					return invalid(fs, "step size cannot equal zero");
				fs->sign = c > 0 ? 1 : -1;
				break;
			}
	}
	return FQ_OK;
}

/* Whether cur is still in the series. */
static bool
in_range(funcscan_state *fs)
{
	int c;

	switch (fs->t)
	{
		case FQ_T_DECIMAL:
			c = fq_num_cmp(&fs->cur.v.num, &fs->stop.v.num);
			break;
		default:
			c = fs->cur.v.i < fs->stop.v.i ? -1 : fs->cur.v.i > fs->stop.v.i;
			break;
	}
	return fs->sign > 0 ? c <= 0 : c >= 0;
}

/* cur = cur + step; false (FQ_OK) when an integer series ends there. */
static int
advance_cur(funcscan_state *fs, bool *more)
{
	fq_fn_ctx x = {fs->n.ctx->d, fs->cur_arena, fs->n.ctx->now_usecs};
	int64_t next;

	*more = true;
	switch (fs->t)
	{
		case FQ_T_INT4:
			if (__builtin_add_overflow(fs->cur.v.i, fs->step.v.i, &next) || next > INT32_MAX ||
				next < INT32_MIN)
				*more = false;
			else
				fs->cur.v.i = next;
			return FQ_OK;
		case FQ_T_INT8:
			if (__builtin_add_overflow(fs->cur.v.i, fs->step.v.i, &next))
				*more = false;
			else
				fs->cur.v.i = next;
			return FQ_OK;
		case FQ_T_DECIMAL:
			{
				fq_numeric sum;
				int rc = fq_fn_num_status(&x, fq_num_add(&fs->cur.v.num, &fs->step.v.num,
														 fs->cur_arena, &sum));

				if (rc < 0)
					return rc;
				fs->cur.v.num = sum;
				return FQ_OK;
			}
		default:
			if (fq_fn_ts_add_interval(&x, fs->cur.v.i, &fs->step.v.iv, 1, fs->t, &next) < 0)
				return FQ_ERROR;
			fs->cur.v.i = next;
			return FQ_OK;
	}
}

static int
funcscan_next(fq_exec_node *node, const fq_batch **out)
{
	funcscan_state *fs = (funcscan_state *) node;
	fq_type t = fs->plan->p.out[0].type;
	fq_vector *v;
	uint32_t n = 0;

	if (!fs->started)
	{
		fs->started = true;
		if (start(fs) < 0)
			return FQ_ERROR;
	}
	if (fs->done)
		return 0;
	fq_arena_reset(fs->out_arena);
	if (fq_batch_init(&fs->out, fs->out_arena, &t, 1, FQ_BATCH_ROWS) < 0)
		return fq_raise_nomem(node->ctx->d, fs->out_arena);
	if (t.id == FQ_T_DECIMAL)
	{
		/* what the last batch's additions left behind goes: cur moves to
		 * a fresh arena, so memory stays flat however long the series */
		fq_arena *fresh = fq_arena_new(&node->ctx->st->acct);

		if (fresh == NULL || !fq_value_own(&fs->cur, fresh))
		{
			fq_arena_free(fresh);
			return fq_raise_nomem(node->ctx->d, NULL);
		}
		fq_arena_free(fs->cur_arena);
		fs->cur_arena = fresh;
	}
	v = &fs->out.cols[0];
	while (n < FQ_BATCH_ROWS && !fs->done)
	{
		bool more;

		if (!in_range(fs))
		{
			fs->done = true;
			break;
		}
		fq_value_to_slot(&fs->cur, fq_vector_slot(v, n));
		if (t.id == FQ_T_DECIMAL && !fq_slot_own(&t, fq_vector_slot(v, n), fs->out_arena))
			return fq_raise_nomem(node->ctx->d, fs->out_arena);
		n++;
		if (advance_cur(fs, &more) < 0)
			return FQ_ERROR;
		if (!more)
			fs->done = true;
	}
	if (n == 0)
		return 0;
	fs->out.nrows = n;
	*out = &fs->out;
	return 1;
}

static void
funcscan_end(fq_exec_node *node)
{
	funcscan_state *fs = (funcscan_state *) node;

	fq_arena_free(fs->state_arena);
	fq_arena_free(fs->cur_arena);
	fq_arena_free(fs->out_arena);
	fs->state_arena = fs->cur_arena = fs->out_arena = NULL;
}

fq_exec_node *
fq_exec_init_funcscan(fq_exec_ctx *ctx, const fq_plan *plan)
{
	funcscan_state *fs = (funcscan_state *) fq_exec_new_node(ctx, plan, sizeof(funcscan_state));

	if (fs == NULL)
		return NULL;
	fs->plan = (const fq_plan_funcscan *) plan;
	fs->n.next = funcscan_next;
	fs->n.end = funcscan_end;
	fs->state_arena = fq_arena_new(&ctx->st->acct);
	fs->cur_arena = fq_arena_new(&ctx->st->acct);
	fs->out_arena = fq_arena_new(&ctx->st->acct);
	if (fs->state_arena == NULL || fs->cur_arena == NULL || fs->out_arena == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	return &fs->n;
}
