/*
 * nodes.h — tagged nodes: every AST, bound-expression and plan node starts
 * with an fq_node header, so one walker can traverse any tree and every
 * switch on a tag can end in an "unrecognised node" error.
 *
 * Families:
 *   FQ_N_RAW_*   parse tree (sql/ast.h): what the user wrote, unresolved
 *   FQ_N_EXPR_*  bound expressions (plan/expr.h): resolved and typed
 *   FQ_N_PLAN_*  logical plan operators (plan/plan.h)
 * To add a node: add its tag here, its struct in the family's header, and
 * its children to the family's walker (sql/ast.c, plan/expr.c, plan/plan.c).
 */
#ifndef FQ_NODES_H
#define FQ_NODES_H

#include "core/arena.h"

typedef enum fq_node_tag
{
	FQ_N_INVALID = 0,

	/* statements */
	FQ_N_STMT_SELECT,
	FQ_N_STMT_SETOP,
	FQ_N_STMT_CREATE_EXT_SCHEMA,
	FQ_N_STMT_DROP_SCHEMA,
	FQ_N_STMT_EXPLAIN,
	FQ_N_STMT_CREATE_VIEW,
	FQ_N_STMT_DROP_VIEW,
	FQ_N_STMT_INSERT,
	FQ_N_STMT_REFRESH_MATVIEW,

	/* raw expressions and clauses */
	FQ_N_RAW_CTE,
	FQ_N_RAW_TARGET,
	FQ_N_RAW_RANGE_VAR,
	FQ_N_RAW_RANGE_SUBSELECT,
	FQ_N_RAW_RANGE_FUNCTION,
	FQ_N_RAW_JOIN,
	FQ_N_RAW_SORT_BY,
	FQ_N_RAW_COLUMN_REF,
	FQ_N_RAW_STAR,
	FQ_N_RAW_CONST,
	FQ_N_RAW_PARAM,
	FQ_N_RAW_OP,
	FQ_N_RAW_BOOL,
	FQ_N_RAW_FUNC,
	FQ_N_RAW_CAST,
	FQ_N_RAW_CASE,
	FQ_N_RAW_WHEN,
	FQ_N_RAW_NULL_TEST,
	FQ_N_RAW_BOOL_TEST,
	FQ_N_RAW_IN,
	FQ_N_RAW_BETWEEN,
	FQ_N_RAW_LIKE,
	FQ_N_RAW_SUBLINK,
	FQ_N_RAW_TYPE_NAME,
	FQ_N_RAW_WINDOW,
	FQ_N_RAW_GROUPING_SET,
	FQ_N_RAW_ROW,

	/* bound expressions */
	FQ_N_EXPR_VAR,
	FQ_N_EXPR_CONST,
	FQ_N_EXPR_PARAM,
	FQ_N_EXPR_FUNC,
	FQ_N_EXPR_BOOL,
	FQ_N_EXPR_CASE,
	FQ_N_EXPR_CAST,
	FQ_N_EXPR_NULL_TEST,
	FQ_N_EXPR_IN,
	FQ_N_EXPR_AGG,
	FQ_N_EXPR_SUBPLAN,
	FQ_N_EXPR_WINDOW,
	FQ_N_EXPR_SUBLINK,

	/* logical plan */
	FQ_N_PLAN_SCAN,
	FQ_N_PLAN_REMOTE,
	FQ_N_PLAN_FILTER,
	FQ_N_PLAN_JOIN,
	FQ_N_PLAN_PROJECT,
	FQ_N_PLAN_AGG,
	FQ_N_PLAN_SORT,
	FQ_N_PLAN_LIMIT,
	FQ_N_PLAN_VALUES,
	FQ_N_PLAN_APPEND,
	FQ_N_PLAN_WINDOW,
	FQ_N_PLAN_UNIQUE,
	FQ_N_PLAN_SETOP,
	FQ_N_PLAN_APPLY,
	FQ_N_PLAN_RECURSIVE,
	FQ_N_PLAN_WORKTABLE,
	FQ_N_PLAN_FUNCSCAN,
	FQ_N_PLAN_SHIP,
	FQ_N_PLAN_SHIPPED,
	FQ_N_PLAN_CTESCAN,

	FQ_N__COUNT
} fq_node_tag;

typedef struct fq_node
{
	fq_node_tag tag;
	int location; /* byte offset of the node in the statement text, -1 */
} fq_node;

#define FQ_IS(node, t) ((node) != NULL && ((const fq_node *) (node))->tag == (t))
#define FQ_TAG(node) (((const fq_node *) (node))->tag)

/* Allocates a zeroed node of `type` with the given tag and location -1. */
#define FQ_MAKE_NODE(arena, type, t) ((type *) fq_node_new((arena), sizeof(type), (t)))

void *fq_node_new(fq_arena *a, size_t size, fq_node_tag tag);
const char *fq_node_tag_name(fq_node_tag tag);

#endif
