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

# ----------------------------------------------------------------------
# Known failure classes: name -> what is left out while it is listed.
# ----------------------------------------------------------------------
EXCLUSIONS = {
    "numeric-unconstrained":
        "column nu (unconstrained numeric): values beyond numeric(38,10), NaN and "
        "+-Infinity fail with 22003; others gain NumericScale digits",
    "numeric-scale":
        "avg(), numeric / numeric and numeric * numeric: fedq keeps 6 or fewer "
        "fraction digits where PostgreSQL keeps at least 16 (select_div_scale), "
        "sums of scales for *",
    "numeric-common-type":
        "CASE/COALESCE/GREATEST/LEAST/NULLIF mixing numeric(p,s) with integers or "
        "other numerics: fedq keeps the column's scale, PostgreSQL an "
        "unconstrained numeric",
    "extract-type":
        "extract(): fedq types it integer, PostgreSQL numeric (infinite dates "
        "give Infinity)",
    "char-semantics":
        "char(n) in LIKE, octet_length, ||, CAST to text, CASE/COALESCE with "
        "text: padding kept or dropped differently",
    "lower-upper-unicode":
        "lower/upper/ILIKE of non-ASCII letters: fedq folds ASCII only",
    "infinite-datetime":
        "date_part/extract/date_trunc/casts of infinite or extreme dates and "
        "timestamps",
    "float-text":
        "floats turned into text (CAST, ||): fedq's digits differ from "
        "PostgreSQL's",
    "float-negzero":
        "-0 results of float arithmetic, round() of real",
    "interval-ops":
        "interval arithmetic and comparisons with extreme values",
    "error-order":
        "expressions that can raise an error (overflow, invalid casts) in WHERE, "
        "JOIN ON or with LIMIT: fedq and PostgreSQL evaluate them on different rows",
}

TABLES = [("rx.t1", "rx"), ("rx.t2", "rx"), ("ry.t3", "ry"), ("rndw.t4", "wh")]

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


class Query:
    def __init__(self):
        self.distinct = False
        self.select = []       # Expr
        self.froms = []        # [table_sql, alias, join, on Expr or None]
        self.where = []        # Expr conjuncts
        self.group = []        # Expr
        self.having = []       # Expr
        self.order = False     # ORDER BY every output column
        self.limit = None
        self.offset = None
        self.setop = None      # (op, Query)
        self.window = False

    def tags(self):
        t = set()
        for e in self.select + self.where + self.group + self.having:
            t |= e.tags
        for f in self.froms:
            if f[3] is not None:
                t |= f[3].tags
            if isinstance(f[0], Query):
                t |= f[0].tags()
        if self.setop:
            t |= self.setop[1].tags()
        return t

    def has_window(self):
        return self.window or (self.setop is not None and self.setop[1].has_window()) or any(
            isinstance(f[0], Query) and f[0].has_window() for f in self.froms)

    def core_sql(self):
        s = "SELECT " + ("DISTINCT " if self.distinct else "")
        s += ", ".join("%s AS c%d" % (e.sql(), i + 1) for i, e in enumerate(self.select))
        for i, (tab, alias, join, on) in enumerate(self.froms):
            src = "(%s)" % tab.sql() if isinstance(tab, Query) else tab
            if i == 0:
                s += " FROM %s %s" % (src, alias)
            elif join == "CROSS JOIN" or on is None:
                s += " CROSS JOIN %s %s" % (src, alias)
            else:
                s += " %s %s %s ON %s" % (join, src, alias, on.sql())
        if self.where:
            s += " WHERE " + " AND ".join(e.sql() for e in self.where)
        if self.group:
            s += " GROUP BY " + ", ".join(e.sql() for e in self.group)
        if self.having:
            s += " HAVING " + " AND ".join(e.sql() for e in self.having)
        return s

    def sql(self):
        s = self.core_sql()
        if self.setop:
            s += " %s %s" % (self.setop[0], self.setop[1].core_sql())
        if self.order:
            s += " ORDER BY " + ", ".join(str(i + 1) for i in range(len(self.select)))
            if self.limit is not None:
                s += " LIMIT %d" % self.limit
            if self.offset is not None:
                s += " OFFSET %d" % self.offset
        return s

    def copy(self):
        q = Query()
        q.distinct = self.distinct
        q.select = [e.copy() for e in self.select]
        q.froms = [[t.copy() if isinstance(t, Query) else t, a, j, on.copy() if on else None]
                   for t, a, j, on in self.froms]
        q.where = [e.copy() for e in self.where]
        q.group = [e.copy() for e in self.group]
        q.having = [e.copy() for e in self.having]
        q.order, q.limit, q.offset = self.order, self.limit, self.offset
        q.setop = (self.setop[0], self.setop[1].copy()) if self.setop else None
        q.window = self.window
        return q


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

    def ok(self, cls):
        """False while the failure class `cls` is excluded."""
        return cls not in self.ex

    def alias(self):
        self.n_alias += 1
        return "a%d" % self.n_alias

    # -- leaves --------------------------------------------------------
    def column(self, scope, typ, safe=False):
        cands = [(a, c, t) for a, cols in scope for c, t in cols
                 if (t == typ or (typ == "text" and t == "char" and self.ok("char-semantics")))
                 and (c != "nu" or self.ok("numeric-unconstrained"))
                 and (not safe or c in SAFE_COLS)]
        if not cands:
            return None
        a, c, t = self.pick(cands)
        tags = {"char"} if t == "char" else set()
        return Expr("%s.%s" % (a, c), t, tags=tags, leaf=True)

    def literal(self, typ):
        r = self.r
        if typ == "int":
            return lit(str(self.pick([0, 1, 2, -1, 3, 7, 100, 42])), "int")
        if typ == "num":
            return lit(self.pick(["2.50", "0.1", "-3.75", "100.001", "1.0", "0.005"]), "num")
        if typ == "float":
            return lit("CAST('%s' AS %s)" % (self.pick(["1.5", "0.1", "-2.5", "1e10", "3"]),
                                             self.pick(["double precision", "real"])), "float")
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
        """An expression of type class typ.  ctx: 'where' (no aggregates,
        no error-prone parts), 'select', 'agg' (aggregates allowed)."""
        if depth <= 0 or self.chance(0.3):
            if ctx == "agg" and self.chance(0.5):
                a = self.aggregate(scope, typ, depth)
                if a is not None:
                    return a
            return self.leaf(scope, typ, safe=(ctx == "where" and not self.ok("error-order")))
        f = getattr(self, "x_" + typ)
        for _ in range(5):
            e = f(scope, depth - 1, ctx)
            if e is not None:
                return e
        return self.leaf(scope, typ)

    def sub(self, scope, typ, depth, ctx):
        # Aggregate arguments never nest aggregates.
        return self.expr(scope, typ, depth, "select" if ctx == "agg_arg" else ctx)

    def generic(self, scope, typ, depth, ctx):
        """Forms every type has: CASE, COALESCE, NULLIF, GREATEST/LEAST."""
        k = self.r.randrange(4)
        mixed = typ == "num" or typ in TEXTUAL
        tags = set()
        if mixed and not self.ok("numeric-common-type") and typ == "num":
            return None
        if typ in TEXTUAL and not self.ok("char-semantics"):
            tags = set()
        a = self.sub(scope, typ, depth, ctx)
        b = self.sub(scope, typ, depth, ctx)
        if typ in TEXTUAL and ("char" in a.tags or "char" in b.tags) and not self.ok("char-semantics"):
            return None
        if k == 0:
            c = self.expr(scope, "bool", depth, ctx if ctx != "agg" else "select")
            return Expr("CASE WHEN {0} THEN {1} ELSE {2} END", typ, [c, a, b], tags)
        if k == 1:
            return Expr("COALESCE({0}, {1})", typ, [a, b], tags)
        if k == 2 and typ not in ("bool",):
            return Expr("NULLIF({0}, {1})", typ, [a, b], tags)
        if typ in ("bool", "uuid", "bytea"):
            return Expr("COALESCE({0}, {1})", typ, [a, b], tags)
        return Expr(self.pick(["GREATEST({0}, {1})", "LEAST({0}, {1})"]), typ, [a, b], tags)

    def x_int(self, scope, depth, ctx):
        k = self.r.randrange(12)
        if k == 0:
            return self.generic(scope, "int", depth, ctx)
        if k in (1, 2):
            op = self.pick(["+", "-", "*"])
            if ctx == "where" and not self.ok("error-order"):
                a = self.leaf(scope, "int", safe=True)
                b = self.leaf(scope, "int", safe=True)
            else:
                a = self.sub(scope, "int", depth, ctx)
                b = self.sub(scope, "int", depth, ctx)
            return Expr("({0} %s {1})" % op, "int", [a, b])
        if k == 3:
            a = self.sub(scope, "int", depth, ctx)
            b = self.sub(scope, "int", depth, ctx)
            if ctx == "where":
                return Expr("({0} %s NULLIF({1}, 0))" % self.pick(["/", "%"]), "int", [a, b])
            return Expr("({0} %s {1})" % self.pick(["/", "%"]), "int", [a, b], tags={"div"})
        if k == 4:
            if ctx == "where" and not self.ok("error-order"):
                return None
            return Expr("(- {0})", "int", [self.sub(scope, "int", depth, ctx)])
        if k == 5:
            if ctx == "where" and not self.ok("error-order"):
                return None
            return Expr("abs({0})", "int", [self.sub(scope, "int", depth, ctx)])
        if k == 6:
            a = self.sub(scope, "text", depth, ctx)
            if "char" in a.tags and not self.ok("char-semantics"):
                return Expr("length({0})", "int", [a])
            return Expr(self.pick(["length({0})", "octet_length({0})", "char_length({0})"]),
                        "int", [a])
        if k == 7:
            a = self.sub(scope, "text", depth, ctx)
            b = self.sub(scope, "text", depth, ctx)
            if ("char" in a.tags or "char" in b.tags) and not self.ok("char-semantics"):
                return None
            return Expr(self.pick(["position({1} IN {0})", "strpos({0}, {1})"]), "int", [a, b])
        if k == 8:
            if ctx == "where" and not self.ok("error-order"):
                return None
            src = self.pick(["num", "float"])
            return Expr("CAST({0} AS %s)" % self.pick(["integer", "bigint", "smallint"]), "int",
                        [self.sub(scope, src, depth, ctx)], tags={"cast"})
        if k == 9:
            a = self.sub(scope, "date", depth, ctx)
            b = self.sub(scope, "date", depth, ctx)
            if not self.ok("infinite-datetime"):
                return None
            return Expr("({0} - {1})", "int", [a, b])
        if k == 10:
            if ctx == "where" and not self.ok("error-order"):
                return None
            return Expr("CAST({0} AS integer)", "int", [self.sub(scope, "bool", depth, ctx)])
        return self.leaf(scope, "int")

    def x_num(self, scope, depth, ctx):
        k = self.r.randrange(9)
        if k == 0:
            return self.generic(scope, "num", depth, ctx)
        if k in (1, 2):
            op = self.pick(["+", "-", "*", "/"])
            if op in ("*", "/") and not self.ok("numeric-scale"):
                op = self.pick(["+", "-"])
            if ctx == "where" and not self.ok("error-order"):
                a = self.leaf(scope, "num", safe=True)
            else:
                a = self.sub(scope, "num", depth, ctx)
            b = self.sub(scope, self.pick(["num", "int"]), depth, ctx)
            if ctx == "where" and not self.ok("error-order"):
                b = self.leaf(scope, b.typ, safe=True) if b.typ == "int" else self.literal("num")
            if op == "/":
                if ctx == "where":
                    return Expr("({0} / NULLIF({1}, 0))", "num", [a, b])
                return Expr("({0} / {1})", "num", [a, b], tags={"div"})
            return Expr("({0} %s {1})" % op, "num", [a, b])
        if k == 3:
            f = self.pick(["abs", "round", "trunc", "ceil", "floor"])
            return Expr("%s({0})" % f, "num", [self.sub(scope, "num", depth, ctx)])
        if k == 4:
            n = self.pick([0, 1, 2, -1])
            return Expr("%s({0}, %d)" % (self.pick(["round", "trunc"]), n), "num",
                        [self.sub(scope, self.pick(["num", "int"]), depth, ctx)])
        if k == 5:
            return Expr("CAST({0} AS numeric)", "num", [self.sub(scope, "int", depth, ctx)])
        if k == 6:
            if not self.ok("extract-type"):
                return None
            src = self.pick(["date", "ts", "tstz"])
            if not self.ok("infinite-datetime"):
                return None
            f = self.pick(["year", "month", "day", "quarter", "dow", "doy", "epoch"] +
                          (["hour", "minute", "second"] if src != "date" else []))
            return Expr("extract(%s FROM {0})" % f, "num", [self.sub(scope, src, depth, ctx)])
        if k == 7:
            if ctx == "where" and not self.ok("error-order"):
                return None
            return Expr("CAST({0} AS numeric(12,2))", "num",
                        [self.sub(scope, self.pick(["int", "num"]), depth, ctx)])
        return self.leaf(scope, "num")

    def x_float(self, scope, depth, ctx):
        k = self.r.randrange(7)
        if k == 0:
            return self.generic(scope, "float", depth, ctx)
        if k in (1, 2):
            op = self.pick(["+", "-", "*", "/"])
            a = self.sub(scope, "float", depth, ctx)
            b = self.sub(scope, self.pick(["float", "int"]), depth, ctx)
            if not self.ok("float-negzero") and op in ("*", "/"):
                op = "+"
            if ctx == "where" and not self.ok("error-order"):
                return None
            if op == "/":
                return Expr("({0} / NULLIF({1}, 0))", "float", [a, b])
            return Expr("({0} %s {1})" % op, "float", [a, b])
        if k == 3:
            f = self.pick(["abs", "ceil", "floor", "round", "trunc"])
            if f in ("round", "trunc") and not self.ok("float-negzero"):
                f = "abs"
            return Expr("%s({0})" % f, "float", [self.sub(scope, "float", depth, ctx)])
        if k == 4:
            if not self.ok("infinite-datetime"):
                return None
            src = self.pick(["ts", "date"])
            return Expr("date_part('%s', {0})" % self.pick(["year", "month", "day", "epoch"]),
                        "float", [self.sub(scope, src, depth, ctx)])
        if k == 5:
            return Expr("CAST({0} AS double precision)", "float",
                        [self.sub(scope, self.pick(["int", "num"]), depth, ctx)])
        return self.leaf(scope, "float")

    def x_text(self, scope, depth, ctx):
        k = self.r.randrange(11)
        if k == 0:
            return self.generic(scope, "text", depth, ctx)
        a = self.sub(scope, "text", depth, ctx)
        if "char" in a.tags and not self.ok("char-semantics") and k not in (1, 2, 3):
            return None
        if k == 1:
            if not self.ok("lower-upper-unicode"):
                return None
            return Expr(self.pick(["lower({0})", "upper({0})"]), "text", [a])
        if k == 2:
            return Expr("substring({0} FROM %d FOR %d)" % (self.pick([1, 2, 3]), self.pick([1, 2, 5])),
                        "text", [a])
        if k == 3:
            return Expr(self.pick(["trim({0})", "btrim({0})", "ltrim({0})", "rtrim({0})"]),
                        "text", [a])
        if k == 4:
            return Expr("%s({0}, %d)" % (self.pick(["left", "right"]), self.pick([1, 2, -1, 0])),
                        "text", [a])
        if k == 5:
            return Expr("replace({0}, '%s', '%s')" % (self.pick(["a", "b", " ", "é"]),
                                                      self.pick(["", "X", "yy"])), "text", [a])
        if k == 6:
            b = self.sub(scope, "text", depth, ctx)
            if "char" in b.tags and not self.ok("char-semantics"):
                return None
            return Expr("({0} || {1})", "text", [a, b])
        if k == 7:
            src = self.pick(["int", "num", "date", "bool", "float", "uuid"])
            if src == "float" and not self.ok("float-text"):
                return None
            if src == "num" and not self.ok("numeric-unconstrained"):
                pass
            return Expr("CAST({0} AS %s)" % self.pick(["text", "varchar"]), "text",
                        [self.sub(scope, src, depth, ctx)])
        if k == 8:
            return Expr("substr({0}, %d)" % self.pick([1, 2, 4]), "text", [a])
        if k == 9:
            return Expr("trim(%s 'a' FROM {0})" % self.pick(["LEADING", "TRAILING", "BOTH"]),
                        "text", [a])
        return self.leaf(scope, "text")

    def x_char(self, scope, depth, ctx):
        return self.leaf(scope, "char")

    def x_bool(self, scope, depth, ctx):
        k = self.r.randrange(12)
        sub_ctx = ctx
        if k == 0:
            return Expr("({0} %s {1})" % self.pick(["AND", "OR"]), "bool",
                        [self.sub(scope, "bool", depth, sub_ctx), self.sub(scope, "bool", depth, sub_ctx)])
        if k == 1:
            return Expr("(NOT {0})", "bool", [self.sub(scope, "bool", depth, sub_ctx)])
        if k in (2, 3, 4):
            t = self.pick(["int", "num", "float", "text", "date", "ts", "time", "interval",
                           "bool", "uuid"])
            a = self.sub(scope, t, depth, sub_ctx)
            bt = t
            if is_num(t):
                bt = self.pick(NUMERIC)
            elif t in ("date", "ts") and self.chance(0.3):
                bt = self.pick(["date", "ts"])
            b = self.sub(scope, bt, depth, sub_ctx)
            if t == "interval" and not self.ok("interval-ops"):
                return None
            return Expr("({0} %s {1})" % self.pick(["=", "<>", "<", "<=", ">", ">="]), "bool", [a, b])
        if k == 5:
            t = self.pick(["int", "text", "num", "date", "bool", "float"])
            return Expr("({0} IS %s)" % self.pick(["NULL", "NOT NULL"]), "bool",
                        [self.sub(scope, t, depth, sub_ctx)])
        if k == 6:
            t = self.pick(["int", "text", "num", "date", "float"])
            return Expr("({0} IS %sDISTINCT FROM {1})" % self.pick(["", "NOT "]), "bool",
                        [self.sub(scope, t, depth, sub_ctx), self.sub(scope, t, depth, sub_ctx)])
        if k == 7:
            t = self.pick(["int", "num", "text", "date"])
            return Expr("({0} %sBETWEEN {1} AND {2})" % self.pick(["", "NOT "]), "bool",
                        [self.sub(scope, t, depth, sub_ctx), self.leaf(scope, t),
                         self.leaf(scope, t)])
        if k == 8:
            t = self.pick(["int", "text", "num"])
            items = [self.literal(t) for _ in range(self.r.randrange(1, 4))]
            fmt = "({0} %sIN (%s))" % (self.pick(["", "NOT "]),
                                       ", ".join("{%d}" % (i + 1) for i in range(len(items))))
            return Expr(fmt, "bool", [self.sub(scope, t, depth, sub_ctx)] + items)
        if k == 9:
            a = self.sub(scope, "text", depth, sub_ctx)
            op = self.pick(["LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE"])
            if "char" in a.tags and not self.ok("char-semantics"):
                return None
            if "ILIKE" in op and not self.ok("lower-upper-unicode"):
                op = op.replace("ILIKE", "LIKE")
            pat = self.pick(["a%", "%b%", "_", "%", "abc", "%\\_%", "A%", "%é%", "%  ", "_b_",
                             "h%o", ""])
            return Expr("({0} %s '%s')" % (op, pat), "bool", [a])
        if k == 10:
            return self.generic(scope, "bool", depth, ctx)
        return self.leaf(scope, "bool")

    def x_date(self, scope, depth, ctx):
        k = self.r.randrange(4)
        if k == 0:
            return self.generic(scope, "date", depth, ctx)
        if k == 1:
            if ctx == "where" and not self.ok("error-order"):
                return None
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "date",
                        [self.sub(scope, "date", depth, ctx), self.leaf(scope, "int", safe=True)])
        if k == 2:
            if not self.ok("infinite-datetime"):
                return None
            return Expr("CAST({0} AS date)", "date", [self.sub(scope, self.pick(["ts", "tstz"]), depth, ctx)])
        return self.leaf(scope, "date")

    def x_ts(self, scope, depth, ctx):
        k = self.r.randrange(5)
        if k == 0:
            return self.generic(scope, "ts", depth, ctx)
        if k == 1:
            if (ctx == "where" and not self.ok("error-order")) or not self.ok("interval-ops"):
                return None
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "ts",
                        [self.sub(scope, self.pick(["ts", "date"]), depth, ctx),
                         self.literal("interval")])
        if k == 2:
            if not self.ok("infinite-datetime"):
                return None
            return Expr("date_trunc('%s', {0})" % self.pick(["year", "month", "day", "hour"]),
                        "ts", [self.sub(scope, "ts", depth, ctx)])
        if k == 3:
            return Expr("CAST({0} AS timestamp)", "ts", [self.sub(scope, "date", depth, ctx)])
        return self.leaf(scope, "ts")

    def x_tstz(self, scope, depth, ctx):
        return self.leaf(scope, "tstz")

    def x_time(self, scope, depth, ctx):
        if self.chance(0.3) and self.ok("infinite-datetime"):
            return Expr("CAST({0} AS time)", "time", [self.sub(scope, "ts", depth, ctx)])
        return self.leaf(scope, "time")

    def x_interval(self, scope, depth, ctx):
        if self.chance(0.4) and self.ok("interval-ops") and ctx != "where":
            return Expr("({0} %s {1})" % self.pick(["+", "-"]), "interval",
                        [self.sub(scope, "interval", depth, ctx), self.literal("interval")])
        if self.chance(0.2) and self.ok("interval-ops") and ctx != "where":
            return Expr("({0} - {1})", "interval", [self.sub(scope, "ts", depth, ctx),
                                                   self.sub(scope, "ts", depth, ctx)])
        return self.leaf(scope, "interval")

    def x_uuid(self, scope, depth, ctx):
        return self.leaf(scope, "uuid")

    def x_bytea(self, scope, depth, ctx):
        return self.leaf(scope, "bytea")

    # -- aggregates ----------------------------------------------------
    def aggregate(self, scope, typ, depth):
        arg_ctx = "agg_arg"
        filt = ""
        fargs = []
        if self.chance(0.2):
            fargs = [self.expr(scope, "bool", 1, "select")]
            filt = " FILTER (WHERE {%d})"
        if typ == "int":
            k = self.r.randrange(4)
            if k == 0:
                e = Expr("count(*)" + (filt % 0 if filt else ""), "int", fargs, agg=True)
                return e
            if k == 1:
                t = self.pick(["int", "text", "num", "date", "bool", "float"])
                a = self.sub(scope, t, depth, arg_ctx)
                dist = self.pick(["", "DISTINCT "])
                return Expr("count(%s{0})" % dist + (filt % 1 if filt else ""), "int", [a] + fargs, agg=True)
            if k == 2:
                a = self.sub(scope, "int", depth, arg_ctx)
                if "i8" in a.sql():
                    return None  # sum(bigint) is numeric
                return Expr("sum({0})" + (filt % 1 if filt else ""), "int", [a] + fargs, agg=True)
            a = self.sub(scope, "int", depth, arg_ctx)
            return Expr("%s({0})" % self.pick(["min", "max"]) + (filt % 1 if filt else ""), "int",
                        [a] + fargs, agg=True)
        if typ == "num":
            k = self.r.randrange(3)
            a = self.sub(scope, self.pick(["num", "int"]), depth, arg_ctx)
            if k == 0:
                if not self.ok("numeric-scale"):
                    return None
                return Expr("avg({0})" + (filt % 1 if filt else ""), "num", [a] + fargs, agg=True)
            if k == 1 and a.typ == "num":
                return Expr("sum({0})" + (filt % 1 if filt else ""), "num", [a] + fargs, agg=True)
            if a.typ == "num":
                return Expr("%s({0})" % self.pick(["min", "max"]) + (filt % 1 if filt else ""),
                            "num", [a] + fargs, agg=True)
            return None
        if typ == "float":
            a = self.sub(scope, "float", depth, arg_ctx)
            f = self.pick(["sum", "avg", "min", "max"])
            return Expr("%s({0})" % f + (filt % 1 if filt else ""), "float", [a] + fargs, agg=True,
                        tags={"float-agg"})
        if typ == "bool":
            a = self.sub(scope, "bool", depth, arg_ctx)
            return Expr("%s({0})" % self.pick(["bool_and", "bool_or"]) + (filt % 1 if filt else ""),
                        "bool", [a] + fargs, agg=True)
        if typ in ("text", "date", "ts", "time", "interval"):
            if typ == "interval" and not self.ok("interval-ops"):
                return None
            a = self.sub(scope, typ, depth, arg_ctx)
            if typ == "text" and "char" in a.tags and not self.ok("char-semantics"):
                return None
            return Expr("%s({0})" % self.pick(["min", "max"]) + (filt % 1 if filt else ""), typ,
                        [a] + fargs, agg=True)
        return None

    # -- queries -------------------------------------------------------
    def scope_of(self, froms):
        return [(a, COLUMNS) for t, a, j, on in froms if not isinstance(t, Query)] + \
               [(a, t.out_cols) for t, a, j, on in froms if isinstance(t, Query)]

    def from_clause(self, q, allow_derived=True, single_source=False):
        n = self.pick([1, 1, 1, 2, 2, 2, 3])
        tables = list(TABLES)
        first = self.pick(tables)
        if single_source:
            tables = [t for t in tables if t[1] == first[1]]
        q.froms = [[first[0], self.alias(), None, None]]
        for _ in range(n - 1):
            t = self.pick(tables)
            join = self.pick(["JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN"])
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
            d = self.simple_query(depth=1)
            d.out_cols = [("c%d" % (i + 1), e.typ) for i, e in enumerate(d.select)]
            q.froms[0][0] = d

    def simple_query(self, depth=1):
        q = Query()
        self.from_clause(q, allow_derived=False)
        scope = self.scope_of(q.froms)
        for _ in range(self.r.randrange(1, 4)):
            q.select.append(self.expr(scope, self.pick(["int", "text", "num", "date", "bool"]),
                                      depth, "select"))
        if self.chance(0.5):
            q.where.append(self.expr(scope, "bool", depth, "where"))
        return q

    def subquery_conjunct(self, scope):
        """EXISTS / IN / scalar subqueries, as top-level WHERE conjuncts."""
        t = self.pick(TABLES)[0]
        s = self.alias()
        inner = [(s, COLUMNS)]
        k = self.r.randrange(4)
        outer_k = self.column(scope, "int", safe=True)
        if outer_k is None:
            return None
        if k == 0:
            cond = self.expr(inner, "bool", 1, "where")
            return Expr("(%sEXISTS (SELECT 1 FROM %s %s WHERE %s.k = {0} AND {1}))" %
                        (self.pick(["", "NOT "]), t, s, s), "bool", [outer_k, cond])
        if k == 1:
            typ = self.pick(["int", "text", "date"])
            a = self.leaf(scope, typ)
            col = self.column(inner, typ)
            cond = self.expr(inner, "bool", 1, "where")
            return Expr("({0} %sIN (SELECT {1} FROM %s %s WHERE {2}))" % (self.pick(["", "NOT "]), t, s),
                        "bool", [a, col, cond])
        if k == 2:
            typ = self.pick(["int", "date", "text"])
            a = self.leaf(scope, typ)
            col = self.column(inner, typ)
            if "char" in col.tags and not self.ok("char-semantics"):
                return None
            return Expr("({0} %s (SELECT %s({1}) FROM %s %s))" %
                        (self.pick(["<", ">", "=", "<>"]), self.pick(["min", "max"]), t, s),
                        "bool", [a, col])
        cond = self.expr(inner, "bool", 1, "where")
        return Expr("({0} IN (SELECT %s.k FROM %s %s WHERE {1}))" % (s, t, s), "bool", [outer_k, cond])

    def query(self):
        q = Query()
        kind = self.r.randrange(10)
        window = kind == 9
        self.from_clause(q, allow_derived=not window, single_source=window)
        scope = self.scope_of(q.froms)
        depth = self.pick([1, 2, 2, 3])
        for _ in range(self.r.randrange(0, 3)):
            if self.chance(0.15):
                c = self.subquery_conjunct(scope)
                if c is not None:
                    q.where.append(c)
                    continue
            q.where.append(self.expr(scope, "bool", depth, "where"))
        types = ["int", "num", "float", "text", "bool", "date", "ts", "tstz", "time", "interval",
                 "uuid", "bytea"]
        if kind in (0, 1, 2):
            # Grouped.
            for _ in range(self.r.randrange(0, 3)):
                g = self.expr(scope, self.pick(["int", "text", "date", "bool", "num"]), 1, "select")
                q.group.append(g)
                q.select.append(g.copy())
            for _ in range(self.r.randrange(1, 4)):
                a = None
                for _ in range(5):
                    a = self.aggregate(scope, self.pick(["int", "int", "num", "float", "bool", "text",
                                                         "date"]), 1)
                    if a is not None:
                        break
                if a is not None:
                    q.select.append(a)
            if not q.select:
                q.select.append(Expr("count(*)", "int", agg=True))
            if q.group and self.chance(0.3):
                a = self.aggregate(scope, "int", 1) or Expr("count(*)", "int", agg=True)
                q.having.append(Expr("({0} > %d)" % self.pick([0, 1, 2]), "bool", [a]))
        else:
            for _ in range(self.r.randrange(1, 5)):
                q.select.append(self.expr(scope, self.pick(types), depth, "select"))
            if window:
                q.window = True
                a = q.froms[0][1]
                w = self.pick([
                    "row_number() OVER (PARTITION BY %s.g ORDER BY %s.id)" % (a, a),
                    "rank() OVER (ORDER BY %s.k)" % a,
                    "dense_rank() OVER (PARTITION BY %s.g ORDER BY %s.k)" % (a, a),
                    "count(*) OVER (PARTITION BY %s.k)" % a,
                    "sum(%s.i4) OVER (PARTITION BY %s.g)" % (a, a),
                    "lag(%s.t) OVER (ORDER BY %s.id)" % (a, a),
                    "lead(%s.d, 1) OVER (ORDER BY %s.id)" % (a, a),
                    "max(%s.v10) OVER (PARTITION BY %s.k ORDER BY %s.id)" % (a, a, a),
                ])
                q.select.append(lit(w, "int", tags={"window"}))
            if self.chance(0.15):
                q.distinct = True
        if kind in (3, 4) and not window and self.chance(0.5):
            # A set operation with a second query of the same column types.
            q2 = Query()
            self.from_clause(q2, allow_derived=False)
            s2 = self.scope_of(q2.froms)
            q2.select = [self.expr(s2, e.typ if e.typ != "char" else "text", 1, "select")
                         for e in q.select]
            if any(e.agg for e in q.select):
                q2.select = [e.copy() for e in q.select]
            if self.chance(0.5):
                q2.where.append(self.expr(s2, "bool", 1, "where"))
            q.setop = (self.pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]), q2)
            if any(e.agg for e in q.select) or any(e.typ in ("bytea",) for e in q.select):
                q.setop = None
        if self.chance(0.5):
            q.order = True
            if self.chance(0.4):
                q.limit = self.pick([1, 3, 5, 10])
                if self.chance(0.5):
                    q.offset = self.pick([0, 1, 2, 4])
        return q


def bad_for_set(q):
    return False
