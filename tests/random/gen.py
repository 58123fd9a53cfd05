"""gen.py — a seeded generator of SELECT queries in fedq's documented dialect.

Queries read the tester's tables (tests/harness/fixtures/random-table.sql):
rx.t1 and rx.t2 (one external source, database shop), ry.t3 (another
source: database shop_icu, ICU-collated), rndw.t4 (the warehouse).  Every
table has the same columns, one of each type fedq maps, filled with hostile
values.  The same seed gives the same queries.

A query is a tree of small objects (Query, Expr) rather than text, so the
minimizer (minimize.py) can drop and simplify parts of it.

EXCLUSIONS names the classes of wrong answers fedq gives today, each with
what the generator leaves out while it is listed; `make check` runs with
them, the long run can run without (--no-exclusions).  Empty the list as
the bugs are fixed: the point is that no failure is hidden silently.
"""

import random
import re

# ----------------------------------------------------------------------
# Known failure classes: name -> the wrong answer, and what carries the tag
# (the generator leaves out every expression tagged with an excluded class).
# ----------------------------------------------------------------------
EXCLUSIONS = {
    # The classes fixed so far (numeric-unconstrained, numeric-scale,
    # numeric-common-type, decimal-range, extract-type, nullif-type,
    # char-semantics, lower-upper-unicode, datetime-range,
    # float-range-errors, constant-keys, real-functions, not-in-constant,
    # lazy-evaluation) are generated again; their regression records are in
    # tests/sql/12-random-regressions.test.  What stays is not a bug of
    # fedq's but freedoms PostgreSQL takes:
    "float-order":
        "sum()/avg() of floats over the rows of a join or a derived table: "
        "PostgreSQL fixes no order for those rows, and whether a sum overflows "
        "(1e308 + 1e308) or not (a NaN or -1e308 added first) depends on it (over "
        "one table both read the rows in the table's order, unless PostgreSQL "
        "groups them by sorting; window functions order them by every table's key); "
        "and a variance of DISTINCT numerics there, whose scale is that of the "
        "equal values (0.00, 0.0000000000) that came first",
    "error-order":
        "expressions that can raise an error (overflow, division by zero, casts): "
        "PostgreSQL does not fix the order it evaluates conditions in nor on which "
        "rows (it orders a scan's conditions by estimated cost, fedq imitates "
        "that), so one may raise where the other does not (in WHERE and ON), or "
        "they raise different errors (anywhere)",
    "gsets-constant-order":
        "grouping sets over an expression that folds to a constant, with ORDER BY: "
        "PostgreSQL 15 drops an ORDER BY key that folds to a constant, even where a "
        "grouping set makes it NULL, so those rows come in its aggregation's order "
        "(which set first is its plan's); fedq drops the key too but emits the sets "
        "in its own order",
}

TABLES = [("rx.t1", "rx"), ("rx.t2", "rx"), ("ry.t3", "ry"), ("rndw.t4", "wh")]
WH_SCHEMA = "rndw"
# Tables of thousands of rows (run --rows): no CROSS JOIN between tables.
BIG = False

COLUMNS = [
    ("id", "int"), ("k", "int"), ("g", "int"), ("i2", "int"), ("i4", "int"), ("i8", "int"),
    ("n52", "num"), ("n38", "num"), ("nu", "num"), ("f4", "float"), ("f8", "float"),
    ("c5", "char"), ("v10", "text"), ("t", "text"), ("b", "bool"), ("d", "date"),
    ("ts", "ts"), ("tstz", "tstz"), ("tm", "time"), ("iv", "interval"), ("u", "uuid"),
    ("bt", "bytea"),
]
# Columns whose values are small and never extreme (safe in WHERE).
SAFE_COLS = {"id", "k", "g"}

NUMERIC = ("int", "num", "float")
TEXTUAL = ("text", "char")


def is_num(t):
    return t in NUMERIC


def is_text(t):
    return t in TEXTUAL


def arith_type(a, b):
    if "float" in (a, b):
        return "float"
    if "num" in (a, b):
        return "num"
    return "int"


class Expr:
    """A piece of SQL: fmt with {0}, {1}... for its children."""

    def __init__(self, fmt, typ, args=(), tags=(), agg=False, leaf=False):
        self.fmt = fmt
        self.typ = typ
        self.args = list(args)
        self.tags = set(tags)
        for a in self.args:
            self.tags |= a.tags
        self.agg = agg or any(a.agg for a in self.args)
        self.leaf = leaf

    def sql(self):
        return self.fmt.format(*[a.sql() for a in self.args])

    def copy(self):
        e = Expr(self.fmt, self.typ, [a.copy() for a in self.args], self.tags, self.agg, self.leaf)
        return e


def lit(text, typ, tags=()):
    return Expr(text.replace("{", "{{").replace("}", "}}"), typ, tags=tags, leaf=True)


class FuncFrom:
    """A set-returning function in FROM: generate_series(...) AS alias(c1),
    lateral when its arguments name a column before it."""

    def __init__(self, expr, typ):
        self.expr = expr
        self.out_cols = [("c1", typ, False)]
        self.order_keys = ["c1"]  # one row per value, per row before it

    def sql(self):
        return self.expr.sql()

    def copy(self):
        return FuncFrom(self.expr.copy(), self.out_cols[0][1])


class RecursiveFrom:
    """A derived table holding a recursive CTE: (WITH RECURSIVE r(n, v) AS
    (base UNION [ALL] step) SELECT n AS c1, v AS c2 FROM r)."""

    def __init__(self, text):
        self.text = text
        self.out_cols = [("c1", "int", False), ("c2", "text", False)]
        self.order_keys = None

    def sql(self):
        return self.text

    def copy(self):
        return RecursiveFrom(self.text)


def from_item_sql(tab, alias):
    if isinstance(tab, RecursiveFrom):
        return "(%s) %s" % (tab.sql(), alias)
    if isinstance(tab, FuncFrom):
        return "%s AS %s(c1)" % (tab.sql(), alias)
    if isinstance(tab, Query) and tab.cte_name:
        return "%s %s" % (tab.cte_name, alias)
    if isinstance(tab, Query):
        return "%s(%s) %s" % ("LATERAL " if tab.lateral else "", tab.sql(), alias)
    return "%s %s" % (tab, alias)


class Query:
    def __init__(self):
        self.lateral = False   # a LATERAL subquery in FROM
        self.order_keys = None # its columns that order its rows per outer row
        self.distinct = False
        self.distinct_on = 0   # DISTINCT ON the first n output columns
        self.cte_name = None   # in FROM as a CTE of the query: WITH name AS (it)
        self.distinct_keys = []  # then ORDER BY these: one row per group
        self.select = []       # Expr
        self.froms = []        # [table_sql, alias, join, on Expr or None]
        self.where = []        # Expr conjuncts
        self.group = []        # Expr
        self.group_kind = None # None, "ROLLUP", "CUBE" or "SETS" (each alone, and ())
        self.having = []       # Expr
        self.order = False     # ORDER BY every output column
        self.limit = None
        self.offset = None
        self.setop = None      # (op, Query)
        self.qtags = set()     # classes the query as a whole can hit

    def tags(self):
        t = set(self.qtags)
        for e in self.select + self.where + self.group + self.having:
            t |= e.tags
        for f in self.froms:
            if f[3] is not None:
                t |= f[3].tags
            if isinstance(f[0], Query):
                t |= f[0].tags()
            elif isinstance(f[0], FuncFrom):
                t |= f[0].expr.tags
        if self.setop:
            t |= self.setop[1].tags()
        return t

    def core_sql(self):
        s = "SELECT " + ("DISTINCT " if self.distinct else "")
        k = min(self.distinct_on, len(self.select))
        if k:
            s += "DISTINCT ON (%s) " % ", ".join(e.sql() for e in self.select[:k])
        s += ", ".join("%s AS c%d" % (e.sql(), i + 1) for i, e in enumerate(self.select))
        for i, (tab, alias, join, on) in enumerate(self.froms):
            item = from_item_sql(tab, alias)
            if i == 0:
                s += " FROM " + item
            elif join == "CROSS JOIN" or on is None:
                s += " CROSS JOIN " + item
            else:
                s += " %s %s ON %s" % (join, item, on.sql())
        if self.where:
            s += " WHERE " + " AND ".join(e.sql() for e in self.where)
        if self.group:
            keys = ", ".join(e.sql() for e in self.group)
            if self.group_kind == "SETS":
                s += " GROUP BY GROUPING SETS (%s, ())" % keys
            elif self.group_kind:
                s += " GROUP BY %s (%s)" % (self.group_kind, keys)
            else:
                s += " GROUP BY " + keys
        if self.having:
            s += " HAVING " + " AND ".join(e.sql() for e in self.having)
        return s

    def sql(self):
        s = self.core_sql()
        ctes = [f[0] for f in self.froms if isinstance(f[0], Query) and f[0].cte_name]
        if ctes:
            s = "WITH " + ", ".join("%s AS (%s)" % (c.cte_name, c.sql()) for c in ctes) + " " + s
        if self.setop:
            s += " %s %s" % (self.setop[0], self.setop[1].core_sql())
        k = min(self.distinct_on, len(self.select))
        if k:
            s += " ORDER BY " + ", ".join([str(i + 1) for i in range(k)] + self.distinct_keys)
        elif self.order:
            s += " ORDER BY " + ", ".join(str(i + 1) for i in range(len(self.select)))
        if self.order or k:
            if self.limit is not None:
                s += " LIMIT %d" % self.limit
            if self.offset is not None:
                s += " OFFSET %d" % self.offset
        return s

    def copy(self):
        q = Query()
        q.lateral = self.lateral
        q.cte_name = self.cte_name
        q.order_keys = self.order_keys
        q.distinct = self.distinct
        q.distinct_on = self.distinct_on
        q.distinct_keys = list(self.distinct_keys)
        q.select = [e.copy() for e in self.select]
        q.froms = [[t.copy() if isinstance(t, (Query, FuncFrom, RecursiveFrom)) else t, a, j,
                    on.copy() if on else None]
                   for t, a, j, on in self.froms]
        q.where = [e.copy() for e in self.where]
        q.group = [e.copy() for e in self.group]
        q.group_kind = self.group_kind
        q.having = [e.copy() for e in self.having]
        q.order, q.limit, q.offset = self.order, self.limit, self.offset
        q.setop = (self.setop[0], self.setop[1].copy()) if self.setop else None
        q.qtags = set(self.qtags)
        if hasattr(self, "out_cols"):
            q.out_cols = list(self.out_cols)
        return q


def T(*tags):
    return set(tags)


class Gen:
    def __init__(self, seed, exclusions=None):
        self.r = random.Random(seed)
        self.ex = set(EXCLUSIONS) if exclusions is None else set(exclusions)
        self.n_alias = 0

    # -- helpers -------------------------------------------------------
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(list(seq))

    def alias(self):
        self.n_alias += 1
        return "a%d" % self.n_alias

    def allowed(self, e, ctx):
        if e is None:
            return False
        if e.tags & self.ex:
            return False
        if "may-error" in e.tags and "error-order" in self.ex:
            return False
        return True

    # -- leaves --------------------------------------------------------
    def column(self, scope, typ, safe=False):
        cands = []
        for a, cols in scope:
            for col in cols:
                c, t = col[0], col[1]
                const = len(col) > 2 and col[2]
                if not (t == typ or (typ == "text" and t == "char")):
                    continue
                if safe and c not in SAFE_COLS:
                    continue
                tags = set() if const else {"col"}
                if t == "char":
                    tags.add("char")
                if c == "nu":
                    tags.add("numeric-unconstrained")
                if c == "n38":
                    tags.add("n38")
                if c == "f4":
                    tags.add("real")
                if c not in SAFE_COLS and t in ("int", "num", "float", "date", "ts", "tstz",
                                                "interval"):
                    tags.add("extreme")
                if tags & self.ex:
                    continue
                cands.append(Expr("%s.%s" % (a, c), t, tags=tags, leaf=True))
        return self.pick(cands) if cands else None

    def literal(self, typ):
        if typ == "int":
            return lit(str(self.pick([0, 1, 2, -1, 3, 7, 100, 42])), "int")
        if typ == "num":
            return lit(self.pick(["2.50", "0.1", "-3.75", "100.001", "1.0", "0.005"]), "num")
        if typ == "float":
            t = self.pick(["double precision", "real"])
            return lit("CAST('%s' AS %s)" % (self.pick(["1.5", "0.1", "-2.5", "1e10", "3"]), t),
                       "float", tags=T("real") if t == "real" else ())
        if typ in TEXTUAL:
            return lit("'%s'" % self.pick(["abc", "", "a", "ABC", "hello", "é", "NULL", "x_y%z",
                                            "abc  ", " lead"]), "text")
        if typ == "bool":
            return lit(self.pick(["true", "false"]), "bool")
        if typ == "date":
            return lit("DATE '%s'" % self.pick(["2000-01-01", "2024-02-29", "1999-12-31"]), "date")
        if typ == "ts":
            return lit("TIMESTAMP '%s'" % self.pick(["2000-01-01 00:00:00",
                                                     "2024-02-29 12:34:56.789"]), "ts")
        if typ == "tstz":
            return lit("CAST('2000-01-01 00:00:00+00' AS timestamptz)", "tstz")
        if typ == "time":
            return lit("TIME '%s'" % self.pick(["12:00:00", "00:00:00", "23:59:59"]), "time")
        if typ == "interval":
            return lit("INTERVAL '%s'" % self.pick(["1 day", "2 hours", "1 mon", "-3 days"]),
                       "interval")
        if typ == "uuid":
            return lit("CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid)", "uuid")
        if typ == "bytea":
            return lit("CAST('abc' AS bytea)", "bytea")
        raise ValueError(typ)

    def leaf(self, scope, typ, safe=False):
        if scope and self.chance(0.75):
            c = self.column(scope, typ, safe)
            if c is not None:
                return c
        return self.literal(typ)

    # -- expressions ---------------------------------------------------
    def expr(self, scope, typ, depth, ctx):
        """An expression of type class typ without excluded tags.  ctx:
        'where' (conditions: WHERE, ON), 'select', 'agg' (aggregates
        allowed), 'agg_arg' (inside an aggregate)."""
        for _ in range(8):
            e = self.expr1(scope, typ, depth, ctx)
            if self.allowed(e, ctx):
                return e
        for _ in range(4):
            e = self.leaf(scope, typ, safe=True)
            if self.allowed(e, ctx):
                return e
        return self.literal(typ)

    def expr1(self, scope, typ, depth, ctx):
        if depth <= 0 or self.chance(0.3):
            if ctx == "agg" and self.chance(0.5):
                a = self.aggregate(scope, typ, depth)
                if a is not None:
                    return a
            return self.leaf(scope, typ)
        if typ == "char":
            return self.leaf(scope, typ)
        return getattr(self, "x_" + typ)(scope, depth - 1, ctx)

    def sub(self, scope, typ, depth, ctx):
        return self.expr(scope, typ, depth, "select" if ctx in ("agg_arg", "agg") else ctx)

    def generic(self, scope, typ, depth, ctx):
        """Forms every type has: CASE, COALESCE, NULLIF, GREATEST/LEAST."""
        k = self.r.randrange(4)
        a = self.sub(scope, typ, depth, ctx)
        b = self.sub(scope, typ, depth, ctx)
        tags = set()
        if typ == "num" or (typ == "int" and self.chance(0.2)):
            tags.add("numeric-common-type")
        if typ in TEXTUAL and ("char" in a.tags or "char" in b.tags):
            tags.add("char-semantics")
        if k == 0:
            c = self.sub(scope, "bool", depth, ctx)
            picks = {"true": (a,), "false": (b,)}.get(c.sql(), (a, b))
            if "col" not in c.tags and any("col" not in e.tags for e in picks):
                # PostgreSQL picks the branch when planning (folds)
                tags.add("folds")
            return Expr("CASE WHEN {0} THEN {1} ELSE {2} END", typ, [c, a, b], tags)
        if k == 1 or typ in ("bool", "uuid", "bytea"):
            if "may-error" in b.tags:
                tags.add("lazy-evaluation")
            if "col" not in a.tags:
                # a constant first: PostgreSQL keeps it alone (folds)
                tags.add("folds")
            return Expr("COALESCE({0}, {1})", typ, [a, b], tags)
        if k == 2:
            if is_num(typ):
                tags.add("nullif-type")
            return Expr("NULLIF({0}, {1})", typ, [a, b], tags)
        return Expr(self.pick(["GREATEST({0}, {1})", "LEAST({0}, {1})"]), typ, [a, b], tags)

    def x_int(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_int(scope, depth, ctx)
        k = self.r.randrange(12)
        if k == 0:
            return self.generic(scope, "int", depth, ctx)
        if k in (1, 2):
            a = self.sub(scope, "int", depth, ctx)
            b = self.sub(scope, "int", depth, ctx)
            tags = T("may-error") if ("extreme" in a.tags or "extreme" in b.tags) else set()
            return Expr("({0} %s {1})" % self.pick(["+", "-", "*"]), "int", [a, b], tags)
        if k == 3:
            a = self.sub(scope, "int", depth, ctx)
            b = self.sub(scope, "int", depth, ctx)
            if ctx == "where":
                return Expr("({0} %s NULLIF({1}, 0))" % self.pick(["/", "%"]), "int", [a, b],
                            T("may-error"))
            return Expr("({0} %s {1})" % self.pick(["/", "%"]), "int", [a, b], T("may-error"))
        if k == 4:
            a = self.sub(scope, "int", depth, ctx)
            return Expr(self.pick(["(- {0})", "abs({0})"]), "int", [a],
                        T("may-error") if "extreme" in a.tags else set())
        if k == 5:
            a = self.sub(scope, "text", depth, ctx)
            f = self.pick(["length({0})", "char_length({0})", "octet_length({0})"])
            tags = T("char-semantics") if "char" in a.tags and f.startswith("octet") else set()
            return Expr(f, "int", [a], tags)
        if k == 6:
            a = self.sub(scope, "text", depth, ctx)
            b = self.sub(scope, "text", depth, ctx)
            tags = T("char-semantics") if ("char" in a.tags or "char" in b.tags) else set()
            return Expr(self.pick(["position({1} IN {0})", "strpos({0}, {1})"]), "int", [a, b], tags)
        if k == 7:
            src = self.pick(["num", "float"])
            a = self.sub(scope, src, depth, ctx)
            return Expr("CAST({0} AS %s)" % self.pick(["integer", "bigint", "smallint"]), "int",
                        [a], T("may-error"))
        if k == 8:
            a = self.sub(scope, "date", depth, ctx)
            b = self.sub(scope, "date", depth, ctx)
            return Expr("({0} - {1})", "int", [a, b], T("datetime-range", "may-error"))
        if k == 9:
            return Expr("CAST({0} AS integer)", "int", [self.sub(scope, "bool", depth, ctx)])
        if k == 10:
            return self.math_int(scope, depth, ctx)
        return self.leaf(scope, "int")

    # -- the math functions (engine/func/math.c) ---------------------------
    def math_int(self, scope, depth, ctx):
        """Integer results: mod, gcd, lcm, scale, min_scale, width_bucket."""
        k = self.r.randrange(4)
        if k == 0:
            a = self.sub(scope, "int", depth, ctx)
            b = self.sub(scope, "int", depth, ctx)
            if ctx == "where":
                return Expr("mod({0}, NULLIF({1}, 0))", "int", [a, b], T("may-error"))
            return Expr("mod({0}, {1})", "int", [a, b], T("may-error"))
        if k == 1:
            a = self.sub(scope, "int", depth, ctx)
            b = self.sub(scope, "int", depth, ctx)
            return Expr(self.pick(["gcd({0}, {1})", "lcm({0}, {1})"]), "int", [a, b],
                        T("may-error"))
        if k == 2:
            return Expr(self.pick(["scale({0})", "min_scale({0})"]), "int",
                        [self.sub(scope, "num", depth, ctx)])
        src = self.pick(["num", "float", "int"])
        lo, hi = self.pick([("0", "10"), ("-5", "5.5"), ("100", "-100"), ("0.1", "0.2")])
        return Expr("width_bucket({0}, %s, %s, %d)" % (lo, hi, self.pick([1, 3, 10])), "int",
                    [self.sub(scope, src, depth, ctx)], T("may-error"))

    def math_num(self, scope, depth, ctx):
        """NUMERIC results: sqrt, exp, ln, log, log10, power, sign, mod,
        div, gcd, lcm, factorial, trim_scale."""
        k = self.r.randrange(9)
        a = self.sub(scope, "num", depth, ctx)
        if k == 0:
            return Expr(self.pick(["sqrt(abs({0}))", "sign({0})", "trim_scale({0})"]), "num", [a])
        if k == 1:
            return Expr(self.pick(["sqrt({0})", "exp({0})", "ln({0})", "log({0})", "log10({0})"]),
                        "num", [a], T("may-error"))
        if k == 2:
            b = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            return Expr(self.pick(["power({0}, {1})", "pow({0}, {1})", "log({0}, {1})"]), "num",
                        [a, b], T("may-error"))
        if k == 3:
            e = self.pick(["2", "3", "-1", "0.5", "1.5", "-2.5", "10", "0"])
            return Expr("power({0}, %s)" % e, "num", [a], T("may-error"))
        if k == 4:
            return Expr("power(%s, {0})" % self.pick(["2.0", "0.5", "1.0001", "10.0"]), "num",
                        [a], T("may-error"))
        if k == 5:
            b = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            if ctx == "where":
                return Expr(self.pick(["mod({0}, NULLIF({1}, 0))", "div({0}, NULLIF({1}, 0))"]),
                            "num", [a, b], T("may-error"))
            return Expr(self.pick(["mod({0}, {1})", "div({0}, {1})"]), "num", [a, b],
                        T("may-error"))
        if k == 6:
            b = self.sub(scope, "num", depth, ctx)
            return Expr(self.pick(["gcd({0}, {1})", "lcm({0}, {1})"]), "num", [a, b],
                        T("may-error"))
        if k == 7:
            i = self.sub(scope, "int", depth, ctx)
            return Expr("factorial(abs(mod({0}, 25)))", "num", [i], T("may-error"))
        return Expr("exp(mod({0}, 50))", "num", [a], T("may-error"))

    def math_float(self, scope, depth, ctx):
        """Double precision results: the float functions and trigonometry."""
        k = self.r.randrange(7)
        a = self.sub(scope, "float", depth, ctx)
        if k == 0:
            return Expr(self.pick(["sqrt(abs({0}))", "cbrt({0})", "sign({0})", "atan({0})",
                                   "atand({0})"]), "float", [a])
        if k == 1:
            return Expr(self.pick(["sqrt({0})", "exp({0})", "ln({0})", "log({0})", "log10({0})",
                                   "degrees({0})", "radians({0})"]), "float", [a],
                        T("float-range-errors", "may-error"))
        if k == 2:
            return Expr(self.pick(["sin({0})", "cos({0})", "tan({0})", "cot({0})", "asin({0})",
                                   "acos({0})", "sind({0})", "cosd({0})", "tand({0})",
                                   "cotd({0})", "asind({0})", "acosd({0})"]), "float", [a],
                        T("may-error"))
        if k == 3:
            b = self.sub(scope, self.pick(["float", "int"]), depth, ctx)
            return Expr(self.pick(["atan2({0}, {1})", "atan2d({0}, {1})"]), "float", [a, b])
        if k == 4:
            b = self.sub(scope, self.pick(["float", "int"]), depth, ctx)
            return Expr(self.pick(["power({0}, {1})", "pow({0}, {1})"]), "float", [a, b],
                        T("float-range-errors", "may-error"))
        if k == 5:
            i = self.sub(scope, "int", depth, ctx)
            return Expr(self.pick(["sind({0} * 15)", "cosd({0} * 30)", "tand({0} * 45)"]),
                        "float", [i], T("may-error"))
        return Expr("(pi() * {0})", "float", [a], T("float-range-errors", "may-error"))

    def x_num(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_num(scope, depth, ctx)
        k = self.r.randrange(10)
        if k == 0:
            return self.generic(scope, "num", depth, ctx)
        if k in (1, 2):
            op = self.pick(["+", "-", "*", "/"])
            a = self.sub(scope, "num", depth, ctx)
            b = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            tags = set()
            if op in ("*", "/"):
                tags.add("numeric-scale")
            if "n38" in a.tags or "n38" in b.tags:
                tags.add("decimal-range")
            if "extreme" in a.tags or "extreme" in b.tags:
                tags.add("may-error")
            if op == "/":
                tags.add("may-error")
                if ctx == "where":
                    return Expr("({0} / NULLIF({1}, 0))", "num", [a, b], tags)
            return Expr("({0} %s {1})" % op, "num", [a, b], tags)
        if k == 3:
            f = self.pick(["abs", "round", "trunc", "ceil", "floor"])
            return Expr("%s({0})" % f, "num", [self.sub(scope, "num", depth, ctx)])
        if k == 4:
            n = self.pick([0, 1, 2, -1])
            return Expr("%s({0}, %d)" % (self.pick(["round", "trunc"]), n), "num",
                        [self.sub(scope, self.pick(["num", "int"]), depth, ctx)],
                        T("numeric-scale"))
        if k == 5:
            return Expr("CAST({0} AS numeric)", "num", [self.sub(scope, "int", depth, ctx)],
                        T("numeric-unconstrained"))
        if k == 6:
            src = self.pick(["date", "ts", "tstz"])
            f = self.pick(["year", "month", "day", "quarter", "dow", "doy", "epoch"] +
                          (["hour", "minute", "second"] if src != "date" else []))
            return Expr("extract(%s FROM {0})" % f, "num", [self.sub(scope, src, depth, ctx)],
                        T("extract-type", "datetime-range"))
        if k == 7:
            return Expr("CAST({0} AS numeric(12,2))", "num",
                        [self.sub(scope, self.pick(["int", "num"]), depth, ctx)], T("may-error"))
        if k == 8:
            return self.math_num(scope, depth, ctx)
        return self.leaf(scope, "num")

    def x_float(self, scope, depth, ctx):
        k = self.r.randrange(8)
        if k == 0:
            return self.generic(scope, "float", depth, ctx)
        if k in (1, 2):
            op = self.pick(["+", "-", "*", "/"])
            a = self.sub(scope, "float", depth, ctx)
            b = self.sub(scope, self.pick(["float", "int"]), depth, ctx)
            tags = T("float-range-errors", "may-error")
            if op == "/":
                return Expr("({0} / NULLIF({1}, 0))", "float", [a, b], tags)
            return Expr("({0} %s {1})" % op, "float", [a, b], tags)
        if k == 3:
            f = self.pick(["abs", "ceil", "floor", "round", "trunc"])
            a = self.sub(scope, "float", depth, ctx)
            return Expr("%s({0})" % f, "float", [a],
                        T("real-functions") if f != "abs" and "real" in a.tags else ())
        if k == 4:
            # date_part of a date is of its timestamp: beyond the timestamp
            # range an error
            src = self.pick(["ts", "date"])
            # date_part of a date reads it as a timestamp: 5874897-12-31
            # is out of its range (22008)
            return Expr("date_part('%s', {0})" % self.pick(["year", "month", "day", "epoch"]),
                        "float", [self.sub(scope, src, depth, ctx)],
                        T("extract-type", "datetime-range", *(("may-error",) if src == "date" else ())))
        if k == 5:
            return Expr("CAST({0} AS double precision)", "float",
                        [self.sub(scope, self.pick(["int", "num"]), depth, ctx)])
        if k == 6:
            return self.math_float(scope, depth, ctx)
        return self.leaf(scope, "float")

    def x_text(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_text(scope, depth, ctx)
        k = self.r.randrange(11)
        if k == 0:
            return self.generic(scope, "text", depth, ctx)
        a = self.sub(scope, "text", depth, ctx)
        ch = T("char-semantics") if "char" in a.tags else set()
        if k == 1:
            return Expr(self.pick(["lower({0})", "upper({0})"]), "text", [a],
                        T("lower-upper-unicode"))
        if k == 2:
            return Expr("substring({0} FROM %d FOR %d)" % (self.pick([1, 2, 3]), self.pick([1, 2, 5])),
                        "text", [a])
        if k == 3:
            return Expr(self.pick(["trim({0})", "btrim({0})", "ltrim({0})", "rtrim({0})"]),
                        "text", [a])
        if k == 4:
            return Expr("%s({0}, %d)" % (self.pick(["left", "right"]), self.pick([1, 2, -1, 0])),
                        "text", [a], ch)
        if k == 5:
            return Expr("replace({0}, '%s', '%s')" % (self.pick(["a", "b", " ", "é"]),
                                                      self.pick(["", "X", "yy"])), "text", [a], ch)
        if k == 6:
            b = self.sub(scope, "text", depth, ctx)
            if "char" in b.tags:
                ch = T("char-semantics")
            return Expr("({0} || {1})", "text", [a, b], ch)
        if k == 7:
            src = self.pick(["int", "num", "date", "bool", "uuid", "text", "char"])
            return Expr("CAST({0} AS %s)" % self.pick(["text", "varchar"]), "text",
                        [self.sub(scope, src, depth, ctx)])
        if k == 8:
            return Expr("substr({0}, %d)" % self.pick([1, 2, 4]), "text", [a])
        if k == 9:
            return Expr("trim(%s 'a' FROM {0})" % self.pick(["LEADING", "TRAILING", "BOTH"]),
                        "text", [a])
        return self.leaf(scope, "text")

    def x_bool(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_bool(scope, depth, ctx)
        k = self.r.randrange(12)
        if k == 0:
            op = self.pick(["AND", "OR"])
            a, b = self.sub(scope, "bool", depth, ctx), self.sub(scope, "bool", depth, ctx)
            # false AND x, true OR x: PostgreSQL folds them to the constant,
            # columns or not (folds; true AND x is x)
            neutral = "true" if op == "AND" else "false"
            tags = T("folds") if any("col" not in e.tags and e.sql() != neutral
                                     for e in (a, b)) else set()
            return Expr("({0} %s {1})" % op, "bool", [a, b], tags)
        if k == 1:
            return Expr("(NOT {0})", "bool", [self.sub(scope, "bool", depth, ctx)])
        if k in (2, 3, 4):
            t = self.pick(["int", "num", "float", "text", "date", "ts", "time", "interval",
                           "bool", "uuid"])
            a = self.sub(scope, t, depth, ctx)
            bt = t
            if is_num(t):
                bt = self.pick(NUMERIC)
            elif t in ("date", "ts") and self.chance(0.3):
                bt = self.pick(["date", "ts"])
            b = self.sub(scope, bt, depth, ctx)
            tags = set()
            if {a.typ, b.typ} == {"date", "ts"}:
                tags.add("datetime-range")
            if t == "text" and ("char" in a.tags) != ("char" in b.tags) and \
                    "col" in a.tags and "col" in b.tags:
                tags.add("char-semantics")
            return Expr("({0} %s {1})" % self.pick(["=", "<>", "<", "<=", ">", ">="]), "bool",
                        [a, b], tags)
        if k == 5:
            t = self.pick(["int", "text", "num", "date", "bool", "float"])
            return Expr("({0} IS %s)" % self.pick(["NULL", "NOT NULL"]), "bool",
                        [self.sub(scope, t, depth, ctx)])
        if k == 6:
            t = self.pick(["int", "text", "num", "date", "float"])
            a = self.sub(scope, t, depth, ctx)
            b = self.sub(scope, t, depth, ctx)
            mix = ("char" in a.tags) != ("char" in b.tags) and "col" in a.tags and "col" in b.tags
            return Expr("({0} IS %sDISTINCT FROM {1})" % self.pick(["", "NOT "]), "bool", [a, b],
                        T("char-semantics") if mix else ())
        if k == 7:
            t = self.pick(["int", "num", "text", "date"])
            args = [self.sub(scope, t, depth, ctx), self.leaf(scope, t), self.leaf(scope, t)]
            chars = ["char" in a.tags for a in args if "col" in a.tags]
            tags = T("char-semantics") if any(chars) and not all(chars) else set()
            if "col" not in args[0].tags and any("col" not in a.tags for a in args[1:]):
                # x >= lo AND x <= hi: one half constant, false folds it
                # all (folds; seed 1122, DATE '1999-12-31' BETWEEN DATE
                # '2024-02-29' AND a.d)
                tags.add("folds")
            return Expr("({0} %sBETWEEN {1} AND {2})" % self.pick(["", "NOT "]), "bool", args,
                        tags)
        if k == 8:
            t = self.pick(["int", "text", "num"])
            items = [self.literal(t) for _ in range(self.r.randrange(1, 4))]
            if self.chance(0.3):
                # an item reading columns compares alone, as x = item
                items[self.r.randrange(len(items))] = self.sub(scope, t, depth, ctx)
            elems = ", ".join("{%d}" % (i + 1) for i in range(len(items)))
            if self.chance(0.3):
                # x op ANY|ALL (ARRAY[...]): the elements' common type first
                fmt = "({0} %s %s (ARRAY[%s]))" % (
                    self.pick(["=", "<>", "<", "<=", ">", ">="]),
                    self.pick(["ANY", "SOME", "ALL"]), elems)
            else:
                fmt = "({0} %sIN (%s))" % (self.pick(["", "NOT "]), elems)
            x = self.sub(scope, t, depth, ctx)
            # a constant IN a list with a column: x = 1 OR x = a.k, whose
            # constant half may fold it all (folds)
            tags = T("folds") if "IN (" in fmt and "col" not in x.tags and \
                any("col" in i.tags for i in items) else ()
            return Expr(fmt, "bool", [x] + items, tags)
        if k == 9:
            a = self.sub(scope, "text", depth, ctx)
            op = self.pick(["LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE"])
            tags = set()
            if "char" in a.tags:
                tags.add("char-semantics")
            if "ILIKE" in op:
                tags.add("lower-upper-unicode")
            pat = self.pick(["a%", "%b%", "_", "%", "abc", "%\\_%", "A%", "%é%", "%  ", "_b_",
                             "h%o", ""])
            return Expr("({0} %s '%s')" % (op, pat), "bool", [a], tags)
        if k == 10:
            return self.generic(scope, "bool", depth, ctx)
        return self.leaf(scope, "bool")

    def x_date(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_date(scope, depth, ctx)
        k = self.r.randrange(4)
        if k == 0:
            return self.generic(scope, "date", depth, ctx)
        if k == 1:
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "date",
                        [self.sub(scope, "date", depth, ctx), self.leaf(scope, "int", safe=True)],
                        T("datetime-range", "may-error"))
        if k == 2:
            return Expr("CAST({0} AS date)", "date",
                        [self.sub(scope, self.pick(["ts", "tstz"]), depth, ctx)],
                        T("datetime-range", "may-error"))
        return self.leaf(scope, "date")

    def x_ts(self, scope, depth, ctx):
        if self.chance(0.25):
            return self.fn_ts(scope, depth, ctx)
        k = self.r.randrange(5)
        if k == 0:
            return self.generic(scope, "ts", depth, ctx)
        if k == 1:
            if self.chance(0.25):
                # date + time, time + date (PostgreSQL's datetime_timestamp)
                form = self.pick(["({0} + {1})", "({1} + {0})"])
                return Expr(form, "ts", [self.sub(scope, "date", depth, ctx),
                                         self.sub(scope, "time", depth, ctx)],
                            T("datetime-range", "may-error"))
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "ts",
                        [self.sub(scope, self.pick(["ts", "date"]), depth, ctx),
                         self.literal("interval")], T("datetime-range", "may-error"))
        if k == 2:
            return Expr("date_trunc('%s', {0})" % self.pick(["year", "month", "day", "hour"]),
                        "ts", [self.sub(scope, "ts", depth, ctx)], T("datetime-range"))
        if k == 3:
            return Expr("CAST({0} AS timestamp)", "ts", [self.sub(scope, "date", depth, ctx)],
                        T("datetime-range", "may-error"))
        return self.leaf(scope, "ts")

    def x_tstz(self, scope, depth, ctx):
        if self.chance(0.2):
            return Expr("to_timestamp({0})", "tstz", [self.sub(scope, "float", depth, ctx)],
                        T("may-error"))
        return self.leaf(scope, "tstz")

    def x_time(self, scope, depth, ctx):
        if self.chance(0.3):
            return Expr("CAST({0} AS time)", "time", [self.sub(scope, "ts", depth, ctx)],
                        T("datetime-range", "may-error"))
        if self.chance(0.15):
            form = self.pick(["({0} + {1})", "({0} - {1})", "({1} + {0})"])
            return Expr(form, "time", [self.sub(scope, "time", depth, ctx),
                                       self.sub(scope, "interval", depth, ctx)])
        return self.leaf(scope, "time")

    def x_interval(self, scope, depth, ctx):
        if self.chance(0.3):
            return self.fn_interval(scope, depth, ctx)
        if self.chance(0.4):
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "interval",
                        [self.sub(scope, "interval", depth, ctx), self.literal("interval")],
                        T("may-error"))
        if self.chance(0.2):
            # timestamp - timestamp, also of a date, a timestamptz or two
            # times, and interval - time: PostgreSQL's operators with its
            # implicit conversions (date to timestamp, time to interval)
            l, r = self.pick([("ts", "ts"), ("ts", "ts"), ("date", "ts"), ("ts", "date"),
                              ("tstz", "ts"), ("date", "tstz"), ("time", "time"),
                              ("interval", "time")])
            return Expr("({0} - {1})", "interval", [self.sub(scope, l, depth, ctx),
                                                   self.sub(scope, r, depth, ctx)],
                        T("datetime-range", "may-error"))
        return self.leaf(scope, "interval")

    def x_uuid(self, scope, depth, ctx):
        return self.leaf(scope, "uuid")

    def x_bytea(self, scope, depth, ctx):
        return self.leaf(scope, "bytea")

    # -- the string, date and formatting functions (engine/func/) ------
    # PostgreSQL's only: the oracle is PostgreSQL, so Redshift's own
    # functions (dateadd, ...) are tested in tests/sql/14-redshift-dates.test.
    DATE_TEMPLATES = ["YYYY-MM-DD", "FMDay, DD FMMonth YYYY", "YYYY-MM-DD HH24:MI:SS.US", "Mon DDth YY",
                      "IYYY-IW-ID", "Q WW DDD J", "HH12:MI AM TZ", "CC Y,YYY BC RM"]
    NUM_TEMPLATES = ["999999.99", "FM999,999.00", "S9999", "9.99EEEE", "99PR", "FM0000", "999th",
                     "SG99999.9", "RN", "9G999D9MI"]

    def fn_text(self, scope, depth, ctx):
        k = self.r.randrange(14)
        a = self.sub(scope, "text", depth, ctx)
        if k == 0:
            args = [self.sub(scope, self.pick(["text", "int", "num", "date", "bool", "ts", "float"]),
                             depth, ctx) for _ in range(self.r.randrange(1, 4))]
            return Expr("concat(%s)" % ", ".join("{%d}" % i for i in range(len(args))), "text", args)
        if k == 1:
            args = [self.sub(scope, self.pick(["text", "int", "date", "tstz"]), depth, ctx)
                    for _ in range(self.r.randrange(1, 3))]
            return Expr("concat_ws('%s', %s)" % (self.pick([",", " | ", ""]),
                                                 ", ".join("{%d}" % i for i in range(len(args)))),
                        "text", args)
        if k == 2:
            n = self.leaf(scope, "int", safe=True)
            return Expr("%s({0}, {1}%s)" % (self.pick(["lpad", "rpad"]),
                                            self.pick(["", ", 'xé'", ", ''", ", '*'"])),
                        "text", [a, n])
        if k == 3:
            return Expr("repeat({0}, {1})", "text", [a, self.leaf(scope, "int", safe=True)])
        if k == 4:
            return Expr(self.pick(["reverse({0})", "initcap({0})", "md5({0})", "quote_ident({0})"]),
                        "text", [a])
        if k == 5:
            return Expr("translate({0}, '%s', '%s')" % (self.pick(["abc", "lé ", "L"]),
                                                        self.pick(["", "x", "XYZ"])), "text", [a])
        if k == 6:
            return Expr("split_part({0}, '%s', %d)" % (self.pick([" ", "l", ",", ""]),
                                                      self.pick([1, 2, -1, -2, 3])), "text", [a])
        if k == 7:
            t = self.pick(["text", "int", "num", "bool", "date", "interval"])
            return Expr("%s({0})" % self.pick(["quote_literal", "quote_nullable"]), "text",
                        [self.sub(scope, t, depth, ctx)])
        if k == 8:
            return Expr("to_hex(CAST({0} AS bigint))", "text",
                        [self.column(scope, "int") or self.literal("int")])
        if k == 9:
            f = self.pick(["hex", "base64", "escape"])
            return Expr("encode({0}, '%s')" % f, "text", [self.sub(scope, "bytea", depth, ctx)])
        if k == 10:
            src = self.pick(["date", "ts", "tstz"])
            return Expr("to_char({0}, '%s')" % self.pick(self.DATE_TEMPLATES), "text",
                        [self.sub(scope, src, depth, ctx)], T("datetime-range", "may-error"))
        if k == 11:
            src = self.pick(["int", "num", "float"])
            return Expr("to_char({0}, '%s')" % self.pick(self.NUM_TEMPLATES), "text",
                        [self.sub(scope, src, depth, ctx)], T("may-error"))
        if k == 12:
            return Expr("to_char({0}, '%s')" % self.pick(["HH24:MI:SS", "FMDD FMHH24 MI", "YYYY MM"]),
                        "text", [self.sub(scope, "interval", depth, ctx)])
        return Expr("chr({0})", "text", [self.sub(scope, "int", depth, ctx)], T("may-error"))

    def fn_int(self, scope, depth, ctx):
        a = self.sub(scope, "text", depth, ctx)
        return Expr("ascii({0})", "int", [a])

    def fn_num(self, scope, depth, ctx):
        f = self.pick(["FM999999999.999", "S999G999D99", "99999MI"])
        return Expr("to_number(to_char({0}, '%s'), '%s')" % (f, f), "num",
                    [self.sub(scope, self.pick(["num", "int"]), depth, ctx)], T("may-error"))

    def fn_bool(self, scope, depth, ctx):
        if self.chance(0.5):
            return Expr("starts_with({0}, {1})", "bool",
                        [self.sub(scope, "text", depth, ctx), self.leaf(scope, "text")])
        return Expr("isfinite({0})", "bool",
                    [self.sub(scope, self.pick(["date", "ts", "interval"]), depth, ctx)])

    def fn_date(self, scope, depth, ctx):
        k = self.r.randrange(2)
        if k == 0:
            args = [self.leaf(scope, "int", safe=True) for _ in range(3)]
            return Expr("make_date({0} + 2000, {1} + 1, {2} + 1)", "date", args, T("may-error"))
        return Expr("to_date(to_char({0}, 'YYYY-MM-DD BC'), 'YYYY-MM-DD BC')", "date",
                    [self.sub(scope, "date", depth, ctx)], T("datetime-range", "may-error"))

    def fn_ts(self, scope, depth, ctx):
        k = self.r.randrange(3)
        if k == 0:
            return Expr("date_bin(INTERVAL '%s', {0}, TIMESTAMP '2001-01-01 00:00:00')" %
                        self.pick(["15 minutes", "1 day", "7 days 1 hour"]), "ts",
                        [self.sub(scope, "ts", depth, ctx)], T("datetime-range", "may-error"))
        if k == 1:
            args = [self.leaf(scope, "int", safe=True) for _ in range(5)]
            return Expr("make_timestamp({0} + 2000, {1} + 1, {2} + 1, {3}, {4}, 30.5)", "ts", args,
                        T("may-error"))
        return Expr("CAST(to_timestamp(to_char({0}, 'YYYY-MM-DD HH24:MI:SS.US'), "
                    "'YYYY-MM-DD HH24:MI:SS.US') AS timestamp)", "ts",
                    [self.sub(scope, "ts", depth, ctx)], T("datetime-range", "may-error"))

    def fn_interval(self, scope, depth, ctx):
        k = self.r.randrange(3)
        if k == 0:
            return Expr("age({0}, {1})", "interval", [self.sub(scope, "ts", depth, ctx),
                                                      self.sub(scope, "ts", depth, ctx)],
                        T("datetime-range", "may-error"))
        if k == 1:
            return Expr("%s({0})" % self.pick(["justify_days", "justify_hours", "justify_interval"]),
                        "interval", [self.sub(scope, "interval", depth, ctx)], T("may-error"))
        args = [self.leaf(scope, "int", safe=True) for _ in range(3)]
        return Expr("make_interval({0}, {1}, 0, {2})", "interval", args)

    # -- aggregates ----------------------------------------------------
    def aggregate(self, scope, typ, depth):
        for _ in range(6):
            a = self.aggregate1(scope, typ, depth)
            if self.allowed(a, "select"):
                return a
        return None

    def aggregate1(self, scope, typ, depth):
        ctx = "agg_arg"
        filt = ""
        fargs = []
        if self.chance(0.2):
            fargs = [self.expr(scope, "bool", 1, "select")]
            filt = " FILTER (WHERE {%d})"

        def agg(fmt, t, args, tags=()):
            f = fmt + (filt % len(args) if filt else "")
            tags = set(tags)
            if filt and any("may-error" in a.tags for a in args):
                tags.add("lazy-evaluation")
            return Expr(f, t, list(args) + fargs, tags, agg=True)

        def order_by(a):
            # ORDER BY inside the call: the value, then every table's key,
            # so the order is complete (PostgreSQL's sort leaves peers in
            # its own order)
            keys = self.scope_keys(scope)
            if keys is None:
                return None
            return " ORDER BY {0}%s%s" % (self.pick(["", " DESC", " NULLS FIRST"]),
                                          "".join(", " + k for k in keys))

        def fraction():
            return self.pick(["0", "0.25", "0.5", "0.75", "1", "0.33", "0.9"])

        if typ in ("int", "num", "float", "text", "date", "ts", "interval") and self.chance(0.3):
            e = self.new_aggregate(scope, typ, depth, agg, order_by, fraction)
            if e is not None:
                return e
        if typ == "int":
            k = self.r.randrange(4)
            if k == 0:
                return agg("count(*)", "int", [])
            if k == 1:
                t = self.pick(["int", "text", "num", "date", "bool", "float"])
                return agg("count(%s{0})" % self.pick(["", "DISTINCT "]), "int",
                           [self.sub(scope, t, depth, ctx)])
            a = self.sub(scope, "int", depth, ctx)
            if k == 2:
                if ".i8" in a.sql():
                    return None  # sum(bigint) is numeric
                return agg("sum({0})", "int", [a], T("may-error") if "extreme" in a.tags else ())
            return agg("%s({0})" % self.pick(["min", "max"]), "int", [a])
        if typ == "num":
            k = self.r.randrange(3)
            a = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            if k == 0:
                return agg("avg({0})", "num", [a], T("numeric-scale"))
            if a.typ != "num":
                return None
            if k == 1:
                return agg("sum({0})", "num", [a], T("decimal-range") if "n38" in a.tags else ())
            return agg("%s({0})" % self.pick(["min", "max"]), "num", [a])
        if typ == "float":
            # Not min/max: with -0 and 0 both present, which one they return
            # depends on the order rows arrive in.
            # A float sum overflows, or not, by the order rows are added in
            # (1e308 + 1e308 before or after an Infinity): each plan's own
            # order, so it may raise in one and not the other (error-order).
            a = self.sub(scope, "float", depth, ctx)
            f = self.pick(["sum", "avg"])
            tags = T("float-range-errors")
            if len(scope) > 1 or any(cols is not COLUMNS for _, cols in scope):
                tags.add("float-order")
            return agg("%s({0})" % f, "float", [a], tags)
        if typ == "bool":
            return agg("%s({0})" % self.pick(["bool_and", "bool_or"]), "bool",
                       [self.sub(scope, "bool", depth, ctx)])
        if typ in ("text", "date", "ts", "time", "interval"):
            a = self.sub(scope, typ, depth, ctx)
            return agg("%s({0})" % self.pick(["min", "max"]), typ, [a],
                       T("char-semantics") if "char" in a.tags else ())
        return None

    def new_aggregate(self, scope, typ, depth, agg, order_by, fraction):
        """The statistics, string_agg, bit_and/bit_or/bit_xor and the
        ordered-set aggregates (percentile_cont, percentile_disc, mode)."""
        ctx = "agg_arg"
        multi = len(scope) > 1 or any(cols is not COLUMNS for _, cols in scope)
        if typ == "int":
            if self.chance(0.5):
                a = self.sub(scope, "int", depth, ctx)
                return agg("%s(%s{0})" % (self.pick(["bit_and", "bit_or", "bit_xor"]),
                                           self.pick(["", "", "DISTINCT "])), "int", [a])
            y = self.sub(scope, self.pick(["int", "num", "float"]), depth, ctx)
            x = self.sub(scope, self.pick(["int", "num", "float"]), depth, ctx)
            return agg("regr_count({0}, {1})", "int", [y, x])
        if typ == "num":
            # variances of exact numbers are NUMERIC, exact
            a = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            f = self.pick(["variance", "var_samp", "var_pop", "stddev", "stddev_samp",
                           "stddev_pop"])
            if self.chance(0.3):
                # DISTINCT keeps the first of equal values (0.00 and
                # 0.0000000000) in the order the rows come in, and the
                # result's scale follows the kept ones': over a join or a
                # derived table that order is the plan's (float-order;
                # seed 907, stddev(DISTINCT CASE ... n38 ELSE n52 END))
                return agg("%s(DISTINCT {0})" % f, "num", [a],
                           T("float-order") if multi else ())
            if self.chance(0.3) and a.typ == "num":
                # which of equal values (0 and 0.00) is taken is the sort's
                # own: reported apart as grouped numerics
                return agg("%s WITHIN GROUP (ORDER BY {0}%s)" %
                           (self.pick(["mode()", "percentile_disc(%s)" % fraction()]),
                            self.pick(["", " DESC"])), "num", [a])
            return agg("%s({0})" % f, "num", [a])
        if typ == "float":
            tags = T("float-range-errors")
            if multi:
                tags.add("float-order")
            k = self.r.randrange(4)
            if k == 0:
                a = self.sub(scope, self.pick(["float", "int", "num"]), depth, ctx)
                return agg("percentile_cont(%s) WITHIN GROUP (ORDER BY {0}%s)" %
                           (fraction(), self.pick(["", " DESC"])), "float", [a])
            if k == 1:
                a = self.sub(scope, "float", depth, ctx)
                f = self.pick(["variance", "var_pop", "stddev", "stddev_pop", "var_samp",
                               "stddev_samp"])
                return agg("%s({0})" % f, "float", [a], tags)
            y = self.sub(scope, self.pick(["float", "int", "num"]), depth, ctx)
            x = self.sub(scope, self.pick(["float", "int", "num"]), depth, ctx)
            f = self.pick(["corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy",
                           "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy",
                           "regr_syy"])
            return agg("%s({0}, {1})" % f, "float", [y, x], tags)
        if typ == "text":
            a = self.sub(scope, "text", depth, ctx)
            tags = T("char-semantics") if "char" in a.tags else set()
            k = self.r.randrange(4)
            if k == 0:
                return agg("%s WITHIN GROUP (ORDER BY {0}%s)" %
                           (self.pick(["mode()", "percentile_disc(%s)" % fraction()]),
                            self.pick(["", " DESC"])), "text", [a], tags)
            d = self.pick(["','", "' | '", "''", "NULL"])
            if k == 1:
                return agg("string_agg(DISTINCT {0}, %s)" % d, "text", [a], tags)
            ob = order_by(a)
            if ob is None:
                return None
            return agg("string_agg({0}, %s%s)" % (d, ob), "text", [a], tags)
        if typ in ("date", "ts", "interval"):
            a = self.sub(scope, typ, depth, ctx)
            if typ == "interval" and self.chance(0.3):
                # sum and avg of intervals: exact (months, days and time
                # summed apart), but a sum may leave the range
                return agg("%s({0})" % self.pick(["sum", "avg"]), "interval", [a],
                           T("may-error"))
            if typ == "interval" and self.chance(0.5):
                # interval_mul may overflow (interval out of range)
                return agg("percentile_cont(%s) WITHIN GROUP (ORDER BY {0}%s)" %
                           (fraction(), self.pick(["", " DESC"])), "interval", [a],
                           T("may-error"))
            return agg("%s WITHIN GROUP (ORDER BY {0}%s)" %
                       (self.pick(["mode()", "percentile_disc(%s)" % fraction()]),
                        self.pick(["", " DESC"])), typ, [a])
        return None

    def scope_keys(self, scope):
        """Every base table's id in scope (None when a derived table has
        none): keys that order the rows of a FROM clause completely."""
        keys = []
        for a, cols in scope:
            if cols is not COLUMNS:
                return None
            keys.append("%s.id" % a)
        return keys

    # -- queries -------------------------------------------------------
    def scope_of(self, froms):
        return [(a, t.out_cols if isinstance(t, (Query, FuncFrom, RecursiveFrom)) else COLUMNS)
                for t, a, j, on in froms]

    def from_clause(self, q, allow_derived=True):
        n = self.pick([1, 1, 1, 2, 2, 2, 3])
        tables = TABLES
        first = self.pick(tables)
        q.froms = [[first[0], self.alias(), None, None]]
        for _ in range(n - 1):
            t = self.pick(tables)
            join = self.pick(["JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN"])
            if BIG and join == "CROSS JOIN":
                join = "JOIN"
            alias = self.alias()
            prev = self.pick(q.froms)
            if join == "CROSS JOIN":
                on = None
            else:
                on = Expr("({0} = {1})", "bool",
                          [lit("%s.%s" % (prev[1], self.pick(["k", "g"])), "int"),
                           lit("%s.k" % alias, "int")])
                if self.chance(0.3):
                    extra = self.expr([(alias, COLUMNS)], "bool", 1, "where")
                    on = Expr("({0} AND {1})", "bool", [on, extra])
            q.froms.append([t[0], alias, join, on])
        if allow_derived and self.chance(0.12):
            # A derived table in place of the first table.
            if self.chance(0.25):
                d = self.recursive_from()
            else:
                d = self.simple_query(depth=1)
            # (name, type, constant): a constant output column is no column
            # to the outer query's constant-keys check.
            if isinstance(d, Query):
                d.out_cols = [("c%d" % (i + 1), e.typ, "col" not in e.tags and not e.agg)
                              for i, e in enumerate(d.select)]
            # joins on the first table's k or g join on an int column of
            # the derived table instead, or become CROSS JOINs (not over
            # big tables: the first table stays)
            ints = [c for c, t, const in d.out_cols if t == "int" and not const]
            if not (BIG and not ints and len(q.froms) > 1):
                q.froms[0][0] = d
            first = q.froms[0][1]
            if q.froms[0][0] is d and isinstance(d, Query) and self.chance(0.5):
                # a CTE instead, maybe read a second time (computed once,
                # or inlined when a condition would go inside it)
                d.cte_name = "w" + first
                if ints and self.chance(0.7):
                    c = self.pick(ints)
                    q.where.append(Expr("(%s.%s IN (SELECT %s FROM %s))" %
                                        (first, c, c, d.cte_name), "bool"))
            for f in q.froms[1:] if q.froms[0][0] is d else []:
                if f[3] is None:
                    continue
                eq = f[3] if f[3].fmt == "({0} = {1})" else f[3].args[0]
                if not eq.args[0].fmt.startswith(first + "."):
                    continue
                if ints:
                    eq.args[0] = lit("%s.%s" % (first, self.pick(ints)), "int")
                else:
                    f[2], f[3] = "CROSS JOIN", None
        if allow_derived and self.chance(0.12):
            self.lateral_item(q)

    def recursive_from(self):
        t = self.pick(TABLES)[0]
        n = self.pick(["k", "g", "id"])
        v = self.pick(["t", "v10", "c5"])
        step = self.pick(["r.v || 'x'", "upper(r.v)", "substr(r.v, 2)", "r.v",
                          "CAST(r.n AS text)", "reverse(r.v)"])
        text = ("WITH RECURSIVE r(n, v) AS (SELECT s.%s, CAST(s.%s AS text) FROM %s s "
                "WHERE s.id <= %d %s SELECT r.n + %d, %s FROM r WHERE r.n < %d) "
                "SELECT n AS c1, v AS c2 FROM r" %
                (n, v, t, self.pick([1, 3, 6]), self.pick(["UNION ALL", "UNION"]),
                 self.pick([1, 2]), step, self.pick([3, 8, 20])))
        return RecursiveFrom(text)

    def lateral_item(self, q):
        """A LATERAL subquery or a generate_series after the FROM items,
        correlated with a base table before it (or not, for a series)."""
        bases = [f for f in q.froms if not isinstance(f[0], (Query, FuncFrom, RecursiveFrom))]
        alias = self.alias()
        kind = self.r.randrange(4)
        if kind == 0 or not bases:
            # a series: int, numeric or timestamp; over a column before it
            # (implicitly lateral), or constant
            typ = self.pick(["int", "int", "num", "ts"])
            if typ == "int" and bases and self.chance(0.6):
                b = self.pick(bases)[1]
                c = self.pick(["k", "g", "id"])
                e = Expr("generate_series(%s.%s, %s.%s + %d%s)" %
                         (b, c, b, c, self.pick([0, 1, 2]),
                          self.pick(["", "", ", 2", ", -1"])), "int")
            elif typ == "int":
                e = Expr("generate_series(%d, %d)" % (self.pick([-1, 0, 1]), self.pick([0, 2, 3])),
                         "int")
            elif typ == "num":
                e = Expr("generate_series(%s, %s, %s)" % (self.pick(["0.5", "1", "-1.25"]),
                                                          self.pick(["2", "2.50"]),
                                                          self.pick(["0.5", "1.0", "0.75"])), "num")
            else:
                e = Expr("generate_series(TIMESTAMP '2024-02-28 00:00:00', TIMESTAMP "
                         "'2024-03-01 12:00:00', INTERVAL '%s')" %
                         self.pick(["1 day", "12 hours", "1 day 6 hours"]), "ts")
            q.froms.append([FuncFrom(e, typ), alias, "CROSS JOIN", None])
            return
        outer = self.pick(bases)[1]
        t = self.pick(TABLES)[0]
        s = self.alias()
        sub = Query()
        sub.lateral = True
        sub.froms = [[t, s, None, None]]
        inner = [(s, COLUMNS)]
        both = inner + [(outer, COLUMNS)]
        sub.where.append(Expr("(%s.k %s %s.%s)" % (s, self.pick(["=", "=", "<"]), outer,
                                                    self.pick(["k", "g"])), "bool"))
        if self.chance(0.4):
            sub.where.append(self.expr(both, "bool", 1, "where"))
        if kind == 1:
            # at most n rows per outer row, in id order
            sub.select = [lit("%s.id" % s, "int", tags=T("col"))]
            sub.select.append(self.expr(both, self.pick(["int", "text", "num", "date", "bool"]),
                                        1, "select"))
            sub.order = True
            sub.limit = self.pick([1, 2, 3])
            sub.order_keys = ["c1"]
        else:
            # one row per outer row: aggregates over the correlated rows
            for _ in range(self.r.randrange(1, 3)):
                a = self.aggregate(inner, self.pick(["int", "num", "text", "date"]), 1)
                if a is not None:
                    sub.select.append(a)
            if not sub.select:
                sub.select.append(Expr("count(*)", "int", agg=True))
            sub.order_keys = []
        sub.out_cols = [("c%d" % (i + 1), e.typ, "col" not in e.tags and not e.agg)
                        for i, e in enumerate(sub.select)]
        if self.chance(0.5):
            q.froms.append([sub, alias, "CROSS JOIN", None])
        else:
            q.froms.append([sub, alias, "LEFT JOIN", lit("true", "bool")])

    def simple_query(self, depth=1):
        q = Query()
        self.from_clause(q, allow_derived=False)
        scope = self.scope_of(q.froms)
        if self.chance(0.25):
            # A grouped derived table: the outer query may read none, some
            # or all of its keys and aggregates (an aggregate without GROUP
            # BY is one row however few of its values are read).
            for _ in range(self.r.randrange(0, 3)):
                g = self.expr(scope, self.pick(["int", "text", "date", "bool"]), 1, "select")
                if "col" in g.tags:
                    q.group.append(g)
                    q.select.append(g.copy())
            for _ in range(self.r.randrange(1, 3)):
                a = self.aggregate(scope, self.pick(["int", "num", "text", "date", "bool"]), 1)
                if a is not None:
                    q.select.append(a)
            if len(q.select) == len(q.group):
                q.select.append(Expr("count(*)", "int", agg=True))
            if self.chance(0.4):
                q.where.append(self.expr(scope, "bool", depth, "where"))
            if q.group and self.chance(0.3):
                a = self.aggregate(scope, "int", 1) or Expr("count(*)", "int", agg=True)
                q.having.append(Expr("({0} > %d)" % self.pick([0, 1, 2]), "bool", [a]))
            return q
        for _ in range(self.r.randrange(1, 4)):
            q.select.append(self.expr(scope, self.pick(["int", "text", "num", "date", "bool"]),
                                      depth, "select"))
        if self.chance(0.2):
            # A window in a derived table: the outer query filters, joins
            # or groups its values (not floats: DISTINCT and GROUP BY would
            # keep -0 or 0, whichever came first).
            w = self.window(scope, self.total_order(q.froms), depth)
            if w.typ != "float":
                q.select.append(w)
        if self.chance(0.5):
            q.where.append(self.expr(scope, "bool", depth, "where"))
        return q

    # -- window functions ------------------------------------------------
    def total_order(self, froms):
        """ORDER BY keys that order the rows of a FROM clause completely:
        every base table's unique id (an outer join's missing side is NULL,
        still one row per combination).  None when a derived table has no
        key.  PostgreSQL leaves the order of ORDER BY peers to its sort, so
        functions that read it (row_number, ntile, lag, a ROWS frame, a
        float sum) are generated only with these keys last."""
        keys = []
        for t, a, j, on in froms:
            if isinstance(t, (Query, FuncFrom, RecursiveFrom)):
                if t.order_keys is None:
                    return None
                keys += ["%s.%s" % (a, k) for k in t.order_keys]
                continue
            keys.append("%s.id" % a)
        return keys

    def base_alias(self, scope):
        """The alias of a base table of scope (it has column k), or None."""
        aliases = [a for a, cols in scope if cols is COLUMNS]
        return self.pick(aliases) if aliases else None

    def window(self, scope, total, depth, groups=None):
        """A window function call over the rows of scope; over grouped rows
        when groups is a list (the GROUP BY expressions): then its arguments
        and keys are grouping expressions and aggregates, and the grouping
        expressions order the groups completely."""
        for _ in range(8):
            w = self.window1(scope, total, depth, groups)
            if w is not None and self.allowed(w, "select"):
                return w
        return Expr("count(*) OVER ()", "int", tags=T("window", "col"))

    def window1(self, scope, total, depth, groups):
        kids = []

        def kid(e):
            kids.append(e)
            return "{%d}" % (len(kids) - 1)

        def value(typ):
            if groups is None:
                return self.expr(scope, typ, depth, "select")
            same = [g for g in groups if g.typ == typ]
            if same and self.chance(0.4):
                return self.pick(same).copy()
            return self.aggregate(scope, typ, 1)

        aggs = ["count", "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "variance",
                "stddev_pop", "string_agg", "bit_or", "regr_slope"]
        fn = self.pick(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
                        "lag", "lead", "first_value", "last_value", "nth_value"] + aggs)
        sensitive = fn in ("row_number", "ntile", "lag", "lead", "first_value", "last_value",
                           "nth_value")
        framed = fn in aggs or fn in ("first_value", "last_value", "nth_value")
        tags = T("window", "col")
        if fn in ("row_number", "rank", "dense_rank"):
            call, typ = fn + "()", "int"
        elif fn in ("percent_rank", "cume_dist"):
            call, typ = fn + "()", "float"
        elif fn == "ntile":
            n = self.pick(["1", "2", "3", "5", "7", "30"])
            if groups is None and self.base_alias(scope) and self.chance(0.3):
                # per row, NULL on some (read on a partition's first rows)
                n = "%s.k + 1" % self.base_alias(scope)
            call, typ = "ntile(%s)" % n, "int"
        elif fn in ("lag", "lead", "first_value", "last_value", "nth_value"):
            typ = self.pick(["int", "num", "float", "text", "date", "bool", "ts", "interval"])
            v = value(typ)
            if v is None:
                return None
            args = [kid(v)]
            if fn in ("lag", "lead") and self.chance(0.7):
                off = self.pick(["0", "1", "2", "3", "-1", "100"])
                if groups is None and self.base_alias(scope) and self.chance(0.3):
                    off = "%s.k" % self.base_alias(scope)  # NULL on some rows
                args.append(off)
                if self.chance(0.5):
                    d = value(typ)
                    if d is None:
                        return None
                    if "char" in v.tags or "char" in d.tags:
                        tags.add("char-semantics")
                    args.append(kid(d))
            if fn == "nth_value":
                args.append("%s.k + 1" % self.base_alias(scope)
                            if groups is None and self.base_alias(scope) and self.chance(0.3)
                            else self.pick(["1", "2", "3"]))
            call = "%s(%s)" % (fn, ", ".join(args))
        else:
            if fn == "count":
                if self.chance(0.5):
                    call, typ = "count(*)", "int"
                else:
                    v = value(self.pick(["int", "text", "num", "date", "bool", "float"]))
                    if v is None:
                        return None
                    call, typ = "count(%s)" % kid(v), "int"
            elif fn in ("sum", "avg"):
                typ = self.pick(["int", "num", "float"])
                v = value(typ)
                if v is None:
                    return None
                if fn == "sum" and typ == "int" and ".i8" in v.sql():
                    typ = "num"  # sum(bigint) is numeric
                if fn == "avg" and typ == "int":
                    typ = "num"
                if typ == "float":
                    sensitive = True  # rounding and overflow follow the order
                call = "%s(%s)" % (fn, kid(v))
            elif fn in ("min", "max"):
                typ = self.pick(["int", "num", "text", "date", "ts", "interval", "float"])
                v = value(typ)
                if v is None:
                    return None
                if typ in ("num", "float", "interval"):
                    sensitive = True  # which of equal values (0 and 0.00) is the later
                if "char" in v.tags:
                    tags.add("char-semantics")
                call = "%s(%s)" % (fn, kid(v))
            elif fn in ("variance", "stddev_pop"):
                # of exact numbers NUMERIC (and order-free), of floats by
                # Youngs-Cramer, rounding in frame order
                typ = self.pick(["int", "num", "float"])
                v = value(typ)
                if v is None:
                    return None
                if typ == "float":
                    sensitive = True
                    tags.add("float-range-errors")
                else:
                    typ = "num"
                f = self.pick([fn, "var_samp", "stddev", "var_pop", "stddev_samp"])
                call = "%s(%s)" % (f, kid(v))
            elif fn == "string_agg":
                v = value("text")
                if v is None:
                    return None
                sensitive = True  # the values in frame order
                call, typ = "string_agg(%s, %s)" % (kid(v), self.pick(["','", "NULL", "'-'"])), "text"
            elif fn == "bit_or":
                v = value("int")
                if v is None:
                    return None
                call, typ = "%s(%s)" % (self.pick(["bit_and", "bit_or", "bit_xor"]), kid(v)), "int"
            elif fn == "regr_slope":
                y = value(self.pick(["int", "num", "float"]))
                x = value(self.pick(["int", "num", "float"]))
                if y is None or x is None:
                    return None
                sensitive = True
                tags.add("float-range-errors")
                f = self.pick(["corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept",
                               "regr_r2", "regr_count", "regr_sxx", "regr_avgy"])
                call = "%s(%s, %s)" % (f, kid(y), kid(x))
                typ = "int" if f == "regr_count" else "float"
            else:
                v = value("bool")
                if v is None:
                    return None
                call, typ = "%s(%s)" % (fn, kid(v)), "bool"
            if self.chance(0.25):
                f = self.expr(scope, "bool", 1, "select") if groups is None else value("bool")
                if f is None:
                    return None
                call += " FILTER (WHERE %s)" % kid(f)
        frame = ""
        if framed and self.chance(0.6):
            # EXCLUDE makes PostgreSQL compute each row's frame afresh:
            # over three tables or more (24 x 24 x 24 x 5 rows in one
            # partition) that outlasts the comparison's timeout (57014,
            # seed 888), so it is kept to two FROM items
            frame = self.frame(exclude=len(scope) <= 2)
            if frame.startswith("ROWS") or frame.startswith("GROUPS") or "EXCLUDE" in frame:
                sensitive = True
        if groups is not None:
            total = [kid(g.copy()) for g in groups]
        if sensitive and total is None:
            return None
        part = []
        for _ in range(self.pick([0, 0, 1, 1, 2])):
            e = value(self.pick(["int", "text", "date", "bool", "num"]))
            if e is None:
                return None
            part.append(kid(e))
        order = []
        for _ in range(self.pick([0, 1, 1, 2])):
            e = value(self.pick(["int", "text", "date", "num", "float", "bool"]))
            if e is None:
                return None
            order.append(kid(e) + self.pick(["", "", " DESC", " ASC", " NULLS FIRST",
                                             " DESC NULLS LAST"]))
        if sensitive or (total is not None and self.chance(0.5)):
            order += total
        over = []
        if part:
            over.append("PARTITION BY " + ", ".join(part))
        if order:
            over.append("ORDER BY " + ", ".join(order))
        if frame:
            over.append(frame)
        return Expr("%s OVER (%s)" % (call, " ".join(over)), typ, kids, tags)

    def frame(self, exclude=True):
        """A frame clause the binder accepts (ROWS with offsets, RANGE
        without), with an EXCLUDE clause only when `exclude`."""
        def n():
            return str(self.pick([0, 1, 2, 3, 5]))
        if self.chance(0.3):
            return self.pick(["RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                              "RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
                              "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                              "RANGE CURRENT ROW", "RANGE UNBOUNDED PRECEDING"])
        if self.chance(0.2):
            return self.pick(["ROWS UNBOUNDED PRECEDING", "ROWS %s PRECEDING" % n(),
                              "ROWS CURRENT ROW"])
        start = self.pick(["UNBOUNDED PRECEDING", "%s PRECEDING" % n(), "CURRENT ROW",
                           "%s FOLLOWING" % n()])
        if start.endswith("FOLLOWING"):
            ends = ["%s FOLLOWING" % n(), "UNBOUNDED FOLLOWING"]
        elif start == "CURRENT ROW":
            ends = ["CURRENT ROW", "%s FOLLOWING" % n(), "UNBOUNDED FOLLOWING"]
        else:
            ends = ["%s PRECEDING" % n(), "CURRENT ROW", "%s FOLLOWING" % n(),
                    "UNBOUNDED FOLLOWING"]
        frame = "%s BETWEEN %s AND %s" % (self.pick(["ROWS", "ROWS", "GROUPS"]), start,
                                          self.pick(ends))
        if self.chance(0.25) and exclude:
            frame += self.pick([" EXCLUDE CURRENT ROW", " EXCLUDE GROUP", " EXCLUDE TIES",
                                " EXCLUDE NO OTHERS"])
        return frame

    def subquery_conjunct(self, scope):
        """EXISTS / IN / scalar subqueries, as top-level WHERE conjuncts."""
        t = self.pick(TABLES)[0]
        s = self.alias()
        inner = [(s, COLUMNS)]
        k = self.r.randrange(4)
        outer_k = self.column(scope, "int", safe=True)
        if outer_k is None:
            return None
        cond = self.expr(inner, "bool", 1, "where")
        if k == 0:
            return Expr("(%sEXISTS (SELECT 1 FROM %s %s WHERE %s.k = {0} AND {1}))" %
                        (self.pick(["", "NOT "]), t, s, s), "bool", [outer_k, cond])
        if k in (1, 2):
            typ = self.pick(["int", "text", "date"])
            a = self.leaf(scope, typ)
            col = self.column(inner, typ)
            if col is None:
                return None
            tags = T("char-semantics") if ("char" in a.tags) != ("char" in col.tags) else set()
            if k == 1:
                neg = self.pick(["", "NOT "])
                if neg and "col" not in a.tags:
                    tags = tags | T("not-in-constant")
                return Expr("({0} %sIN (SELECT {1} FROM %s %s WHERE {2}))" %
                            (neg, t, s), "bool", [a, col, cond], tags)
            return Expr("({0} %s (SELECT %s({1}) FROM %s %s))" %
                        (self.pick(["<", ">", "=", "<>"]), self.pick(["min", "max"]), t, s),
                        "bool", [a, col], tags | (T("char-semantics") if "char" in col.tags else set()))
        if k == 3 and self.chance(0.5):
            # a correlated scalar subquery, over an equality (decorrelated)
            # or an inequality (run per row)
            typ = self.pick(["int", "text", "date"])
            a = self.leaf(scope, typ)
            col = self.column(inner, typ)
            if col is None:
                return None
            return Expr("({0} %s (SELECT %s({1}) FROM %s %s WHERE %s.k %s {2} AND {3}))" %
                        (self.pick(["<", ">", "=", "<>"]), self.pick(["min", "max"]), t, s, s,
                         self.pick(["=", "=", "<", ">="])), "bool", [a, col, outer_k, cond],
                        T("char-semantics") if "char" in col.tags or "char" in a.tags else set())
        return Expr("({0} IN (SELECT %s.k FROM %s %s WHERE {1}))" % (s, t, s), "bool",
                    [outer_k, cond])

    def float_sums_in_plan_order(self, q):
        """q's float aggregates add their rows in an order PostgreSQL's plan
        chooses: drop them when float-order is excluded (keeping an
        aggregate so that q stays grouped), tag q otherwise."""
        if "float-order" in self.ex:
            q.select = [e for e in q.select if "float-range-errors" not in e.tags]
            if len(q.select) == len(q.group):
                q.select.append(Expr("count(*)", "int", agg=True))
        else:
            q.qtags.add("float-order")

    def query(self):
        q = Query()
        kind = self.r.randrange(10)
        window = kind == 9
        self.from_clause(q, allow_derived=True)
        scope = self.scope_of(q.froms)
        depth = self.pick([1, 2, 2, 3])
        semi = False  # a subquery in WHERE: a semi or anti join may reorder rows
        for _ in range(self.r.randrange(0, 3)):
            if self.chance(0.15):
                c = self.subquery_conjunct(scope)
                if self.allowed(c, "where"):
                    if self.chance(0.3):
                        # inside an OR: no join takes it (a mark join or a
                        # subplan run per row)
                        c = Expr("({0} OR {1})", "bool",
                                 [c, self.expr(scope, "bool", 1, "where")])
                    q.where.append(c)
                    semi = True
                    continue
            q.where.append(self.expr(scope, "bool", depth, "where"))
        types = ["int", "num", "float", "text", "bool", "date", "ts", "tstz", "time", "interval",
                 "uuid", "bytea"]
        if kind in (0, 1, 2):
            # Grouped.
            for _ in range(self.r.randrange(0, 3)):
                g = self.expr(scope, self.pick(["int", "text", "date", "bool", "num"]), 1, "select")
                if "col" not in g.tags:
                    g.tags.add("constant-keys")
                    if "constant-keys" in self.ex:
                        continue
                q.group.append(g)
                q.select.append(g.copy())
            for _ in range(self.r.randrange(1, 4)):
                a = self.aggregate(scope, self.pick(["int", "int", "num", "float", "bool", "text",
                                                     "date"]), 1)
                if a is not None:
                    q.select.append(a)
            if not q.select:
                q.select.append(Expr("count(*)", "int", agg=True))
            if q.group and self.chance(0.25):
                # Grouping sets, and which set a row is of.
                q.group_kind = self.pick(["ROLLUP", "CUBE", "SETS"])
                if self.chance(0.5):
                    q.select.append(Expr("GROUPING(%s)" % ", ".join(
                        "{%d}" % i for i in range(len(q.group))), "int",
                        [g.copy() for g in q.group], agg=True))
                # a key over columns folds too when "folds" is on it (or
                # on a part of it: a guess on the safe side; seed 811,
                # (false AND a.b))
                if any("col" not in g.tags or "folds" in g.tags for g in q.group):
                    if "gsets-constant-order" in self.ex:
                        q.group_kind = None
                    else:
                        q.qtags.add("gsets-constant-order")
                # grouping sets sort their input: a float aggregate adds the
                # rows of a group in that sort's order, which PostgreSQL
                # does not fix for rows equal in the keys (float-order)
                if q.group_kind and any("float-range-errors" in e.tags for e in q.select):
                    if "float-order" in self.ex:
                        q.group_kind = None
                    else:
                        q.qtags.add("float-order")
            if q.group and not q.group_kind and q.where and \
                    any("float-range-errors" in e.tags for e in q.select):
                # A WHERE PostgreSQL estimates to keep a row or two makes
                # it group by sorting rather than hashing: a group's rows
                # come in that sort's order, not the table's, and a float
                # sum of 1e308, 1e308 and -Infinity overflows in one and
                # not the other (float-order; seed 773, starts_with(...))
                self.float_sums_in_plan_order(q)
            if semi and any("float-range-errors" in e.tags for e in q.select):
                # a float sum over the rows a semi or anti join kept: in its
                # order, which is the plan's (float-order)
                self.float_sums_in_plan_order(q)
            if q.group and self.chance(0.3):
                a = self.aggregate(scope, "int", 1) or Expr("count(*)", "int", agg=True)
                q.having.append(Expr("({0} > %d)" % self.pick([0, 1, 2]), "bool", [a]))
            if q.group and not q.group_kind and \
                    any("float-range-errors" in e.tags for e in q.select) and \
                    any(re.search(r"DISTINCT|WITHIN GROUP|ORDER BY", e.sql())
                        for e in q.select + q.having if e.agg):
                # PostgreSQL 15 does not hash a GROUP BY with a DISTINCT or
                # ordered aggregate: it sorts the rows by the group keys,
                # leaving a group's rows in no fixed order, and a float
                # aggregate adds them in that order, which decides whether
                # 1e308 + 1e308 overflows (float-order; seed 410, stddev)
                self.float_sums_in_plan_order(q)
            if kind == 2 and not q.group_kind and self.chance(0.4):
                # Windows over the groups: rank() OVER (ORDER BY sum(x) DESC).
                # PostgreSQL may then group by sorting, which leaves the rows
                # of a group in no fixed order: a float aggregate's rounding
                # is the plan's (float-order; seed 376, regr_sxy)
                floats = any("float-range-errors" in e.tags for e in q.select)
                if floats and "float-order" not in self.ex:
                    q.qtags.add("float-order")
                if not floats or "float-order" not in self.ex:
                    for _ in range(self.r.randrange(1, 3)):
                        w = self.window(scope, None, 1, groups=q.group)
                        # a float aggregate inside the window is the same
                        # (seed 708: min(regr_r2(n38, k)) OVER (...) next to
                        # mode() WITHIN GROUP, grouped by sorting)
                        if "float-range-errors" in w.tags:
                            if "float-order" in self.ex:
                                continue
                            q.qtags.add("float-order")
                        q.select.append(w)
        else:
            for _ in range(self.r.randrange(1, 5)):
                q.select.append(self.expr(scope, self.pick(types), depth, "select"))
            if not window and self.chance(0.1):
                # a subquery in the select list: a mark join, a LEFT JOIN
                # over a grouped subquery, or a subplan run per row
                c = self.subquery_conjunct(scope)
                if self.allowed(c, "select"):
                    q.select.append(c)
            if window:
                total = self.total_order(q.froms)
                for _ in range(self.r.randrange(1, 4)):
                    q.select.append(self.window(scope, total, min(depth, 2)))
            if self.chance(0.15):
                q.distinct = True
        if kind in (3, 4) and not window and self.chance(0.5) and \
                not any(e.typ == "bytea" for e in q.select):
            # A set operation with a second query of the same column types.
            q2 = Query()
            self.from_clause(q2, allow_derived=False)
            s2 = self.scope_of(q2.froms)
            q2.select = [self.expr(s2, e.typ if e.typ != "char" else "text", 1, "select")
                         for e in q.select]
            if self.chance(0.5):
                q2.where.append(self.expr(s2, "bool", 1, "where"))
            op = self.pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL",
                            "EXCEPT ALL"])
            mixed = set()
            if any(e.typ == "num" for e in q.select):
                mixed.add("numeric-common-type")
            if any("char" in e.tags or "char" in f.tags for e, f in zip(q.select, q2.select)):
                mixed.add("char-semantics")
            if not (mixed & self.ex):
                q.setop = (op, q2)
                q.qtags |= mixed
        if self.chance(0.5):
            q.order = True
            if self.chance(0.4):
                q.limit = self.pick([1, 3, 5, 10])
                if self.chance(0.5):
                    q.offset = self.pick([0, 1, 2, 4])
        if kind in (5, 6) and not q.distinct and not q.setop and self.chance(0.15):
            # DISTINCT ON, with ORDER BY keys that pick one row of each
            # group (every table's key after the DISTINCT ON columns)
            total = self.total_order(q.froms)
            if total is not None:
                q.distinct_on = self.r.randrange(1, min(2, len(q.select)) + 1)
                q.distinct_keys = total
        # -0 and 0 are equal to DISTINCT, GROUP BY and set operations, which
        # keep whichever comes first: left out, the answer would depend on
        # the order rows arrive in.
        # For the same reason no LIMIT: a -0/0 tie may straddle its cut.
        if any(e.typ == "float" for e in q.select):
            q.distinct = False
            q.limit = q.offset = None
            if q.setop and q.setop[0] != "UNION ALL":
                q.setop = ("UNION ALL", q.setop[1])
        self.check_query(q)
        return q

    def check_query(self, q):
        """Query-level classes: drops what an excluded class covers."""
        def tables(x):
            out = []
            for t, a, j, on in x.froms:
                if isinstance(t, Query):
                    out += tables(t)
                elif not isinstance(t, (FuncFrom, RecursiveFrom)):
                    out.append(t)
            if x.setop:
                out += tables(x.setop[1])
            return out

        wh_only = all(t.startswith(WH_SCHEMA + ".") for t in tables(q))
        if wh_only:
            # The warehouse runs the query whole and describes computed
            # numerics as unconstrained numeric.
            for lst in [q.select] + ([q.setop[1].select] if q.setop else []):
                for i, e in enumerate(lst):
                    if e.typ == "num" and not (e.leaf and "col" in e.tags):
                        if "numeric-unconstrained" not in self.ex:
                            q.qtags.add("numeric-unconstrained")
                            continue
                        lst[i] = self.literal("int")
                        if q.setop:
                            q.setop = None
        if q.setop and q.setop[0] != "UNION ALL":
            if any("col" not in e.tags for e in q.select + q.setop[1].select):
                if "constant-keys" in self.ex:
                    q.setop = None
                else:
                    q.qtags.add("constant-keys")
        if q.distinct or q.order:
            if any("col" not in e.tags for e in q.select):
                if "constant-keys" in self.ex:
                    q.distinct = q.order = False
                    q.limit = q.offset = None
                else:
                    q.qtags.add("constant-keys")
