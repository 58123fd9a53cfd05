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

/* ---- Equality ---- */

static bool
str_equal(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
names_equal(const fq_list *a, const fq_list *b)
{
	if (fq_list_len(a) != fq_list_len(b))
		return false;
	for (int i = 0; i < fq_list_len(a); i++)
		if (!str_equal(a->items[i], b->items[i]))
			return false;
	return true;
}

static bool
nodes_equal(const fq_list *a, const fq_list *b)
{
	if (fq_list_len(a) != fq_list_len(b))
		return false;
	for (int i = 0; i < fq_list_len(a); i++)
		if (!fq_raw_equal(a->items[i], b->items[i]))
			return false;
	return true;
}

#define EQ(f) (x->f == y->f)
#define EQ_NODE(f) fq_raw_equal((const fq_node *) x->f, (const fq_node *) y->f)
#define EQ_NODES(f) nodes_equal(x->f, y->f)
#define EQ_NAME(f) str_equal(x->f, y->f)
#define EQ_NAMES(f) names_equal(x->f, y->f)
#define CAST_BOTH(type) const type *x = (const type *) a, *y = (const type *) b

/*
 * Whether two parse trees say the same thing, as PostgreSQL's equal()
 * compares them, ignoring where they were written: the binder matches
 * an ORDER BY or DISTINCT ON expression with a select-list item written
 * alike, where two bindings of one subquery are two plans that
 * fq_expr_equal cannot tell equal.
 */
bool
fq_raw_equal(const fq_node *a, const fq_node *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->tag != b->tag || fq_stack_too_deep())
		return false;
	switch (a->tag)
	{
		case FQ_N_STMT_SELECT:
			{
				CAST_BOTH(fq_select_stmt);

				if (fq_list_len(x->values) != fq_list_len(y->values))
					return false;
				for (int i = 0; i < fq_list_len(x->values); i++)
					if (!nodes_equal(x->values->items[i], y->values->items[i]))
						return false;
				return EQ_NODES(with) && EQ(distinct) && EQ_NODES(distinct_on) &&
					EQ_NODES(targets) && EQ_NODES(from) && EQ_NODE(where) &&
					EQ_NODES(group_by) && EQ(group_distinct) && EQ_NODE(having) &&
					EQ_NODES(windows) && EQ_NODES(order_by) && EQ_NODE(limit) &&
					EQ_NODE(offset) && EQ(top);
			}
		case FQ_N_STMT_SETOP:
			{
				CAST_BOTH(fq_setop_stmt);

				return EQ_NODES(with) && EQ(op) && EQ(all) && EQ_NODES(inputs) &&
					EQ_NODES(order_by) && EQ_NODE(limit) && EQ_NODE(offset);
			}
		case FQ_N_RAW_CTE:
			{
				CAST_BOTH(fq_raw_cte);

				return EQ_NAME(name) && EQ_NAMES(col_names) && EQ_NODE(query) && EQ(recursive);
			}
		case FQ_N_RAW_TARGET:
			{
				CAST_BOTH(fq_raw_target);

				return EQ_NODE(expr) && EQ_NAME(alias);
			}
		case FQ_N_RAW_RANGE_VAR:
			{
				CAST_BOTH(fq_raw_range_var);

				return EQ_NAME(catalog) && EQ_NAME(schema) && EQ_NAME(name) && EQ_NAME(alias) &&
					EQ_NAMES(col_aliases);
			}
		case FQ_N_RAW_RANGE_FUNCTION:
			{
				CAST_BOTH(fq_raw_range_function);

				return EQ_NODE(func) && EQ_NAME(alias) && EQ_NAMES(col_aliases);
			}
		case FQ_N_RAW_RANGE_SUBSELECT:
			{
				CAST_BOTH(fq_raw_range_subselect);

				return EQ_NODE(query) && EQ_NAME(alias) && EQ_NAMES(col_aliases) && EQ(lateral);
			}
		case FQ_N_RAW_JOIN:
			{
				CAST_BOTH(fq_raw_join);

				return EQ(type) && EQ(natural) && EQ_NODE(left) && EQ_NODE(right) &&
					EQ_NODE(quals) && EQ_NAMES(using_cols) && EQ_NAME(alias);
			}
		case FQ_N_RAW_SORT_BY:
			{
				CAST_BOTH(fq_raw_sort_by);

				return EQ_NODE(expr) && EQ(desc) && EQ(nulls);
			}
		case FQ_N_RAW_COLUMN_REF:
			{
				CAST_BOTH(fq_raw_column_ref);

				return EQ_NAMES(fields);
			}
		case FQ_N_RAW_STAR:
			{
				CAST_BOTH(fq_raw_star);

				return EQ_NAMES(qualifier);
			}
		case FQ_N_RAW_CONST:
			{
				CAST_BOTH(fq_raw_const);

				return EQ(kind) && EQ(bval) && EQ(len) &&
					(x->len == 0 || (x->text != NULL && y->text != NULL &&
									 memcmp(x->text, y->text, x->len) == 0));
			}
		case FQ_N_RAW_PARAM:
			{
				CAST_BOTH(fq_raw_param);

				return EQ(number);
			}
		case FQ_N_RAW_OP:
			{
				CAST_BOTH(fq_raw_op);

				return EQ_NAME(op) && EQ_NODE(left) && EQ_NODE(right);
			}
		case FQ_N_RAW_ROW:
			{
				CAST_BOTH(fq_raw_row);

				return EQ_NODES(args);
			}
		case FQ_N_RAW_BOOL:
			{
				CAST_BOTH(fq_raw_bool);

				return EQ(kind) && EQ_NODES(args);
			}
		case FQ_N_RAW_GROUPING_SET:
			{
				CAST_BOTH(fq_raw_grouping_set);

				return EQ(kind) && EQ_NODES(items);
			}
		case FQ_N_RAW_WINDOW:
			{
				CAST_BOTH(fq_raw_window);

				return EQ_NODES(partition_by) && EQ_NODES(order_by) && EQ(frame) && EQ(start) &&
					EQ(end) && EQ_NODE(start_offset) && EQ_NODE(end_offset) && EQ(exclude) &&
					EQ_NAME(name) && EQ_NAME(refname) && EQ(bare);
			}
		case FQ_N_RAW_FUNC:
			{
				CAST_BOTH(fq_raw_func);

				return EQ_NAME(schema) && EQ_NAME(name) && EQ_NODES(args) && EQ(star) &&
					EQ(distinct) && EQ(special) && EQ_NODES(agg_order) && EQ(within_group) &&
					EQ_NODE(filter) && EQ(over) && EQ_NODE(window);
			}
		case FQ_N_RAW_TYPE_NAME:
			{
				CAST_BOTH(fq_raw_type_name);

				if (!EQ_NAME(name) || !EQ(nmods))
					return false;
				for (int i = 0; i < x->nmods && i < 2; i++)
					if (x->mods[i] != y->mods[i])
						return false;
				return true;
			}
		case FQ_N_RAW_CAST:
			{
				CAST_BOTH(fq_raw_cast);

				return EQ_NODE(arg) && EQ_NODE(type);
			}
		case FQ_N_RAW_CASE:
			{
				CAST_BOTH(fq_raw_case);

				return EQ_NODE(arg) && EQ_NODES(whens) && EQ_NODE(else_expr);
			}
		case FQ_N_RAW_WHEN:
			{
				CAST_BOTH(fq_raw_when);

				return EQ_NODE(cond) && EQ_NODE(result);
			}
		case FQ_N_RAW_NULL_TEST:
			{
				CAST_BOTH(fq_raw_null_test);

				return EQ_NODE(arg) && EQ(is_not);
			}
		case FQ_N_RAW_BOOL_TEST:
			{
				CAST_BOTH(fq_raw_bool_test);

				return EQ_NODE(arg) && EQ(kind);
			}
		case FQ_N_RAW_IN:
			{
				CAST_BOTH(fq_raw_in);

				return EQ_NODE(arg) && EQ_NODES(list) && EQ_NODE(subquery) && EQ(is_not);
			}
		case FQ_N_RAW_BETWEEN:
			{
				CAST_BOTH(fq_raw_between);

				return EQ_NODE(arg) && EQ_NODE(lo) && EQ_NODE(hi) && EQ(is_not) && EQ(symmetric);
			}
		case FQ_N_RAW_LIKE:
			{
				CAST_BOTH(fq_raw_like);

				return EQ_NODE(arg) && EQ_NODE(pattern) && EQ_NODE(escape) && EQ(is_not) &&
					EQ(ilike) && EQ(similar);
			}
		case FQ_N_RAW_SUBLINK:
			{
				CAST_BOTH(fq_raw_sublink);

				return EQ(kind) && EQ_NODE(test_expr) && EQ_NAME(op) && EQ_NODE(subquery) &&
					EQ(is_array) && EQ_NODES(array);
			}
		default:
			/* other statements: never compared */
			return false;
	}
}
