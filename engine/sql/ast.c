/*
 * ast.c — node allocation, tag names, and the parse-tree walker.
 */
#include "sql/ast.h"

#include "core/stack.h"

#include <string.h>

void *
fq_node_new(fq_arena *a, size_t size, fq_node_tag tag)
{
	fq_node *n = fq_arena_zalloc(a, size);

	if (n != NULL)
	{
		n->tag = tag;
		n->location = -1;
	}
	return n;
}

const char *
fq_node_tag_name(fq_node_tag tag)
{
	static const char *const names[FQ_N__COUNT] = {
		[FQ_N_INVALID] = "invalid",
		[FQ_N_STMT_SELECT] = "SelectStmt",
		[FQ_N_STMT_SETOP] = "SetOpStmt",
		[FQ_N_STMT_CREATE_EXT_SCHEMA] = "CreateExternalSchemaStmt",
		[FQ_N_STMT_DROP_SCHEMA] = "DropSchemaStmt",
		[FQ_N_STMT_EXPLAIN] = "ExplainStmt",
		[FQ_N_STMT_CREATE_VIEW] = "ViewStmt",
		[FQ_N_STMT_DROP_VIEW] = "DropViewStmt",
		[FQ_N_STMT_INSERT] = "InsertStmt",
		[FQ_N_STMT_REFRESH_MATVIEW] = "RefreshMatViewStmt",
		[FQ_N_RAW_CTE] = "CommonTableExpr",
		[FQ_N_RAW_TARGET] = "ResTarget",
		[FQ_N_RAW_RANGE_VAR] = "RangeVar",
		[FQ_N_RAW_RANGE_SUBSELECT] = "RangeSubselect",
		[FQ_N_RAW_RANGE_FUNCTION] = "RangeFunction",
		[FQ_N_RAW_JOIN] = "JoinExpr",
		[FQ_N_RAW_SORT_BY] = "SortBy",
		[FQ_N_RAW_COLUMN_REF] = "ColumnRef",
		[FQ_N_RAW_STAR] = "Star",
		[FQ_N_RAW_CONST] = "Const",
		[FQ_N_RAW_PARAM] = "ParamRef",
		[FQ_N_RAW_OP] = "Op",
		[FQ_N_RAW_BOOL] = "BoolExpr",
		[FQ_N_RAW_FUNC] = "FuncCall",
		[FQ_N_RAW_CAST] = "TypeCast",
		[FQ_N_RAW_CASE] = "CaseExpr",
		[FQ_N_RAW_WHEN] = "CaseWhen",
		[FQ_N_RAW_NULL_TEST] = "NullTest",
		[FQ_N_RAW_BOOL_TEST] = "BooleanTest",
		[FQ_N_RAW_IN] = "InExpr",
		[FQ_N_RAW_BETWEEN] = "BetweenExpr",
		[FQ_N_RAW_LIKE] = "LikeExpr",
		[FQ_N_RAW_SUBLINK] = "SubLink",
		[FQ_N_RAW_TYPE_NAME] = "TypeName",
		[FQ_N_RAW_WINDOW] = "Window",
		[FQ_N_RAW_GROUPING_SET] = "GroupingSet",
		[FQ_N_RAW_ROW] = "Row",
		[FQ_N_EXPR_VAR] = "Var",
		[FQ_N_EXPR_CONST] = "Const",
		[FQ_N_EXPR_PARAM] = "Param",
		[FQ_N_EXPR_FUNC] = "FuncExpr",
		[FQ_N_EXPR_BOOL] = "BoolExpr",
		[FQ_N_EXPR_CASE] = "CaseExpr",
		[FQ_N_EXPR_CAST] = "CastExpr",
		[FQ_N_EXPR_NULL_TEST] = "NullTest",
		[FQ_N_EXPR_IN] = "InList",
		[FQ_N_EXPR_AGG] = "Aggref",
		[FQ_N_EXPR_SUBPLAN] = "SubPlan",
		[FQ_N_EXPR_WINDOW] = "WindowFunc",
		[FQ_N_EXPR_SUBLINK] = "SubLink",
		[FQ_N_PLAN_SCAN] = "Scan",
		[FQ_N_PLAN_REMOTE] = "RemoteQuery",
		[FQ_N_PLAN_FILTER] = "Filter",
		[FQ_N_PLAN_JOIN] = "Join",
		[FQ_N_PLAN_PROJECT] = "Project",
		[FQ_N_PLAN_AGG] = "Aggregate",
		[FQ_N_PLAN_SORT] = "Sort",
		[FQ_N_PLAN_LIMIT] = "Limit",
		[FQ_N_PLAN_VALUES] = "Values",
		[FQ_N_PLAN_APPEND] = "Append",
		[FQ_N_PLAN_WINDOW] = "WindowAgg",
		[FQ_N_PLAN_UNIQUE] = "Unique",
		[FQ_N_PLAN_SETOP] = "SetOp",
		[FQ_N_PLAN_APPLY] = "Apply",
		[FQ_N_PLAN_RECURSIVE] = "RecursiveUnion",
		[FQ_N_PLAN_WORKTABLE] = "WorkTableScan",
		[FQ_N_PLAN_FUNCSCAN] = "FunctionScan",
		[FQ_N_PLAN_SHIP] = "Ship",
		[FQ_N_PLAN_SHIPPED] = "Shipped",
	};

	if ((unsigned) tag >= FQ_N__COUNT || names[tag] == NULL)
		return "unrecognized";
	return names[tag];
}

static bool
walk_list(fq_list *l, fq_raw_walker fn, void *ctx)
{
	for (int i = 0; i < fq_list_len(l); i++)
		if (l->items[i] != NULL && fn(l->items[i], ctx))
			return true;
	return false;
}

#define WALK(x) do { if ((x) != NULL && fn((fq_node *) (x), ctx)) return true; } while (0)
#define WALK_LIST(l) do { if (walk_list((l), fn, ctx)) return true; } while (0)

bool
fq_raw_walk_children(fq_node *node, fq_raw_walker fn, void *ctx)
{
	if (node == NULL)
		return false;
	/* Too deep: stop the walk; the engine call fails with 54001. */
	if (fq_stack_too_deep())
		return true;
	switch (node->tag)
	{
		case FQ_N_STMT_SELECT:
			{
				fq_select_stmt *s = (fq_select_stmt *) node;

				WALK_LIST(s->with);
				WALK_LIST(s->distinct_on);
				WALK_LIST(s->targets);
				WALK_LIST(s->from);
				WALK(s->where);
				WALK_LIST(s->group_by);
				WALK(s->having);
				WALK_LIST(s->windows);
				WALK_LIST(s->order_by);
				WALK(s->limit);
				WALK(s->offset);
				for (int i = 0; i < fq_list_len(s->values); i++)
					WALK_LIST((fq_list *) fq_list_nth(s->values, i));
				return false;
			}
		case FQ_N_STMT_SETOP:
			{
				fq_setop_stmt *s = (fq_setop_stmt *) node;

				WALK_LIST(s->with);
				WALK_LIST(s->inputs);
				WALK_LIST(s->order_by);
				WALK(s->limit);
				WALK(s->offset);
				return false;
			}
		case FQ_N_STMT_EXPLAIN:
			WALK(((fq_explain_stmt *) node)->stmt);
			return false;
		case FQ_N_STMT_CREATE_EXT_SCHEMA:
			return false;
		case FQ_N_STMT_DROP_SCHEMA:
			WALK_LIST(((fq_drop_schema_stmt *) node)->names);
			return false;
		case FQ_N_STMT_CREATE_VIEW:
			/* the view's own name is no table the statement reads */
			WALK(((fq_create_view_stmt *) node)->query);
			return false;
		case FQ_N_STMT_DROP_VIEW:
			return false;
		case FQ_N_STMT_REFRESH_MATVIEW:
			return false;
		case FQ_N_STMT_INSERT:
			/* the target is no table the statement reads */
			WALK(((fq_insert_stmt *) node)->query);
			return false;
		case FQ_N_RAW_CTE:
			WALK(((fq_raw_cte *) node)->query);
			return false;
		case FQ_N_RAW_TARGET:
			WALK(((fq_raw_target *) node)->expr);
			return false;
		case FQ_N_RAW_RANGE_FUNCTION:
			WALK(((fq_raw_range_function *) node)->func);
			return false;
		case FQ_N_RAW_RANGE_SUBSELECT:
			WALK(((fq_raw_range_subselect *) node)->query);
			return false;
		case FQ_N_RAW_JOIN:
			{
				fq_raw_join *j = (fq_raw_join *) node;

				WALK(j->left);
				WALK(j->right);
				WALK(j->quals);
				return false;
			}
		case FQ_N_RAW_SORT_BY:
			WALK(((fq_raw_sort_by *) node)->expr);
			return false;
		case FQ_N_RAW_OP:
			WALK(((fq_raw_op *) node)->left);
			WALK(((fq_raw_op *) node)->right);
			return false;
		case FQ_N_RAW_BOOL:
			WALK_LIST(((fq_raw_bool *) node)->args);
			return false;
		case FQ_N_RAW_FUNC:
			WALK_LIST(((fq_raw_func *) node)->args);
			WALK_LIST(((fq_raw_func *) node)->agg_order);
			WALK(((fq_raw_func *) node)->filter);
			WALK(((fq_raw_func *) node)->window);
			return false;
		case FQ_N_RAW_GROUPING_SET:
			WALK_LIST(((fq_raw_grouping_set *) node)->items);
			return false;
		case FQ_N_RAW_ROW:
			WALK_LIST(((fq_raw_row *) node)->args);
			return false;
		case FQ_N_RAW_WINDOW:
			WALK_LIST(((fq_raw_window *) node)->partition_by);
			WALK_LIST(((fq_raw_window *) node)->order_by);
			WALK(((fq_raw_window *) node)->start_offset);
			WALK(((fq_raw_window *) node)->end_offset);
			return false;
		case FQ_N_RAW_CAST:
			WALK(((fq_raw_cast *) node)->arg);
			return false;
		case FQ_N_RAW_CASE:
			WALK(((fq_raw_case *) node)->arg);
			WALK_LIST(((fq_raw_case *) node)->whens);
			WALK(((fq_raw_case *) node)->else_expr);
			return false;
		case FQ_N_RAW_WHEN:
			WALK(((fq_raw_when *) node)->cond);
			WALK(((fq_raw_when *) node)->result);
			return false;
		case FQ_N_RAW_NULL_TEST:
			WALK(((fq_raw_null_test *) node)->arg);
			return false;
		case FQ_N_RAW_BOOL_TEST:
			WALK(((fq_raw_bool_test *) node)->arg);
			return false;
		case FQ_N_RAW_IN:
			WALK(((fq_raw_in *) node)->arg);
			WALK_LIST(((fq_raw_in *) node)->list);
			WALK(((fq_raw_in *) node)->subquery);
			return false;
		case FQ_N_RAW_BETWEEN:
			WALK(((fq_raw_between *) node)->arg);
			WALK(((fq_raw_between *) node)->lo);
			WALK(((fq_raw_between *) node)->hi);
			return false;
		case FQ_N_RAW_LIKE:
			WALK(((fq_raw_like *) node)->arg);
			WALK(((fq_raw_like *) node)->pattern);
			WALK(((fq_raw_like *) node)->escape);
			return false;
		case FQ_N_RAW_SUBLINK:
			WALK(((fq_raw_sublink *) node)->test_expr);
			WALK(((fq_raw_sublink *) node)->subquery);
			WALK_LIST(((fq_raw_sublink *) node)->array);
			return false;
		case FQ_N_RAW_RANGE_VAR:
		case FQ_N_RAW_COLUMN_REF:
		case FQ_N_RAW_STAR:
		case FQ_N_RAW_CONST:
		case FQ_N_RAW_PARAM:
		case FQ_N_RAW_TYPE_NAME:
			return false;
		default:
			/* Not a parse-tree node: nothing here knows its children. */
			return false;
	}
}
