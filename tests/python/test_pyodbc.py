#!/usr/bin/python3
"""pyodbc against fedq: how Python applications see the driver.

pyodbc connects with SQLDriverConnectW, turns autocommit off by default,
reads decimals as text, long values with an SQLGetData loop, sends str as
SQL_C_WCHAR and maps SQLSTATE classes to its exception classes.  Run by
tests/it/40-pyodbc.sh with the harness environment (DSNs fedq, fedq_nowh).
"""
import datetime
import decimal
import os
import sys
import threading
import time
import unittest
import uuid

import pyodbc

REMOTE_PORT = os.environ["FQ_PORT_remote"]


def order_total(i):
    cents = (i * 3719) % 100000 + 1000
    return decimal.Decimal(cents).scaleb(-2)


def order_date(i):
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=(i * 13) % 366)


class FedqTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cnxn = pyodbc.connect("DSN=fedq")
        cur = cls.cnxn.cursor()
        cur.execute(
            "CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' "
            "SCHEMA 'public' URI '127.0.0.1' PORT " + REMOTE_PORT)
        cls.cnxn.commit()

    @classmethod
    def tearDownClass(cls):
        cls.cnxn.close()

    def setUp(self):
        self.cur = self.cnxn.cursor()

    def tearDown(self):
        self.cur.close()
        self.cnxn.rollback()

    # ---- connection ----

    def test_autocommit_default_off(self):
        self.assertFalse(self.cnxn.autocommit)

    def test_getinfo(self):
        self.assertEqual(self.cnxn.getinfo(pyodbc.SQL_DBMS_NAME), "fedq")
        self.assertEqual(self.cnxn.getinfo(pyodbc.SQL_DRIVER_NAME), "libfedqodbc.so")
        self.assertEqual(self.cnxn.getinfo(pyodbc.SQL_IDENTIFIER_QUOTE_CHAR), '"')

    def test_dsn_less(self):
        cs = ("DRIVER={fedq};Server=127.0.0.1;Port=%s;Database=warehouse;UID=fedq;PWD=%s;"
              "CatalogFile=%s/py-dsnless.json"
              % (os.environ["FQ_PORT_warehouse"], os.environ["FQ_PG_PASSWORD"],
                 os.environ.get("FQ_IT_DIR", os.environ["FQ_TEST_DIR"])))
        with pyodbc.connect(cs, autocommit=True) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM public.regions").fetchval(), 4)

    def test_bad_password(self):
        with self.assertRaises(pyodbc.Error) as ctx:
            pyodbc.connect("DSN=fedq;PWD=not-the-password")
        self.assertEqual(ctx.exception.args[0], "28000")

    # ---- writing external rows into the warehouse ----

    def test_insert_select(self):
        cur = self.cur
        cur.execute("DROP TABLE IF EXISTS public.py_ins")
        cur.execute("CREATE TABLE public.py_ins (id integer PRIMARY KEY, total numeric(12,2))")
        self.cnxn.commit()
        try:
            cur.execute("INSERT INTO public.py_ins SELECT o_id, o_total FROM rds.orders "
                        "WHERE o_id <= ?", 40)
            self.assertEqual(cur.rowcount, 40)
            # A duplicate key undoes the statement only; the transaction goes on.
            with self.assertRaises(pyodbc.IntegrityError):
                cur.execute("INSERT INTO public.py_ins SELECT o_id, o_total FROM rds.orders "
                            "WHERE o_id BETWEEN 30 AND 50")
            self.assertEqual(cur.execute("SELECT count(*) FROM public.py_ins").fetchval(), 40)
            self.cnxn.commit()
            cur.execute("INSERT INTO public.py_ins SELECT o_id, o_total FROM rds.orders "
                        "WHERE o_id BETWEEN 41 AND 45")
            self.cnxn.rollback()
            row = cur.execute("SELECT count(*), sum(id) FROM public.py_ins").fetchone()
            self.assertEqual(tuple(row), (40, 820))
            cur.execute("CREATE TABLE public.py_ctas AS SELECT c_region, count(*) AS n "
                        "FROM rds.customers GROUP BY 1")
            self.assertEqual(cur.rowcount, 4)
            self.assertEqual(
                cur.execute("SELECT n FROM public.py_ctas WHERE c_region = 'EU'").fetchval(), 25)
            self.cnxn.commit()
        finally:
            self.cnxn.rollback()
            cur.execute("DROP TABLE IF EXISTS public.py_ins, public.py_ctas")
            self.cnxn.commit()

    def test_materialized_view(self):
        with pyodbc.connect("DSN=fedq", autocommit=True) as c:
            cur = c.cursor()
            cur.execute("CREATE MATERIALIZED VIEW public.py_mv AS SELECT c_region, count(*) AS n "
                        "FROM rds.customers GROUP BY 1")
            try:
                self.assertEqual(cur.rowcount, 4)
                cur.execute("REFRESH MATERIALIZED VIEW public.py_mv")
                self.assertEqual(cur.rowcount, 4)
                self.assertEqual(cur.execute("SELECT sum(n) FROM public.py_mv").fetchval(), 100)
            finally:
                cur.execute("DROP MATERIALIZED VIEW public.py_mv")
        with self.assertRaises(pyodbc.Error) as ctx:
            self.cur.execute("CREATE MATERIALIZED VIEW public.py_mv2 AS SELECT c_id "
                             "FROM rds.customers")
        self.assertEqual(ctx.exception.args[0], "0A000")

    def test_late_binding_view(self):
        cur = self.cur
        cur.execute("CREATE VIEW public.py_v AS SELECT o_id, o_total FROM rds.orders "
                    "WHERE o_id <= 10 WITH NO SCHEMA BINDING")
        try:
            self.assertEqual(cur.execute("SELECT count(*) FROM public.py_v WHERE o_id > ?",
                                         5).fetchval(), 5)
            names = [r.table_name for r in cur.tables(schema="public", tableType="VIEW")]
            self.assertIn("py_v", names)
            cols = [r.column_name for r in cur.columns(table="py_v", schema="public")]
            self.assertEqual(cols, ["o_id", "o_total"])
        finally:
            cur.execute("DROP VIEW public.py_v")
            self.cnxn.commit()

    # ---- results ----

    def test_federated_decimals(self):
        rows = self.cur.execute(
            "SELECT o_id, o_total FROM rds.orders WHERE o_status = 'F' ORDER BY o_id LIMIT 5").fetchall()
        self.assertEqual([tuple(r) for r in rows], [(i, order_total(i)) for i in (3, 6, 9, 12, 15)])
        self.assertIsInstance(rows[0][1], decimal.Decimal)

    def test_dates_and_none(self):
        rows = self.cur.execute(
            "SELECT o_id, o_orderdate, o_comment FROM rds.orders WHERE o_id IN (3, 17) ORDER BY o_id").fetchall()
        self.assertEqual(rows[0].o_orderdate, order_date(3))
        self.assertEqual(rows[0].o_comment, "comment for order 3")
        self.assertIsNone(rows[1].o_comment)

    def test_description(self):
        self.cur.execute("SELECT o_id, o_total, o_status, o_orderdate FROM rds.orders")
        d = self.cur.description
        self.assertEqual([c[0] for c in d], ["o_id", "o_total", "o_status", "o_orderdate"])
        self.assertIs(d[0][1], int)
        self.assertIs(d[1][1], decimal.Decimal)
        self.assertIs(d[2][1], str)
        self.assertIs(d[3][1], datetime.date)
        self.assertEqual(d[1][4], 12)  # precision
        self.assertEqual(d[1][5], 2)   # scale

    def test_all_orders(self):
        rows = self.cur.execute("SELECT o_id, o_total FROM rds.orders ORDER BY o_id").fetchall()
        self.assertEqual(len(rows), 1000)
        self.assertEqual(sum(r[0] for r in rows), 500500)
        self.assertEqual(sum(r[1] for r in rows), sum(order_total(i) for i in range(1, 1001)))

    def test_alltypes(self):
        r = self.cur.execute(
            "SELECT c_bool, c_int2, c_int8, c_num, c_real, c_double, c_char, c_text, c_date, "
            "c_time, c_ts, c_uuid, c_bytea, c_interval FROM rds.alltypes WHERE id = 1").fetchone()
        self.assertIs(r.c_bool, True)
        self.assertEqual(r.c_int2, -32768)
        self.assertEqual(r.c_int8, -9223372036854775808)
        self.assertEqual(r.c_num, decimal.Decimal("-1234567890123456.7891"))
        self.assertEqual(r.c_real, 1.5)
        self.assertEqual(r.c_double, -2.25)
        self.assertEqual(r.c_char, "ab   ")
        self.assertEqual(r.c_text, "long text \u00e9")
        self.assertEqual(r.c_date, datetime.date(2024, 2, 29))
        self.assertEqual((r.c_time.hour, r.c_time.minute, r.c_time.second), (13, 45, 30))
        self.assertEqual(r.c_ts, datetime.datetime(2024, 2, 29, 13, 45, 30, 500000))
        self.assertEqual(str(r.c_uuid).lower(), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        self.assertEqual(bytes(r.c_bytea), b"\x00\xff\x10")
        self.assertEqual(r.c_interval, "1 year 2 mons 3 days 04:05:06")
        nulls = self.cur.execute("SELECT * FROM rds.alltypes WHERE id = 3").fetchone()
        self.assertEqual(nulls[0], 3)
        names = [d[0] for d in self.cur.description]
        self.assertEqual([n for n, v in zip(names[1:], nulls[1:]) if v is not None], [])

    def test_native_uuid(self):
        pyodbc.native_uuid = True
        try:
            v = self.cur.execute("SELECT c_uuid FROM rds.alltypes WHERE id = 1").fetchval()
            self.assertEqual(v, uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        finally:
            pyodbc.native_uuid = False

    def test_long_value(self):
        # pyodbc reads long values with an SQLGetData loop from 4096 bytes.
        v = self.cur.execute("SELECT repeat('abc', 10000)").fetchval()
        self.assertEqual(v, "abc" * 10000)
        v = self.cur.execute("SELECT repeat(chr(233), 5000)").fetchval()
        self.assertEqual(v, "\u00e9" * 5000)

    # ---- parameters ----

    def test_parameters(self):
        c = self.cur
        self.assertEqual(c.execute("SELECT o_id FROM rds.orders WHERE o_id = ?", 42).fetchval(), 42)
        self.assertEqual(c.execute("SELECT o_id FROM rds.orders WHERE o_total = ?", order_total(3)).fetchval(), 3)
        self.assertEqual(c.execute("SELECT min(o_id) FROM rds.orders WHERE o_orderdate = ?",
                                   datetime.date(2024, 1, 14)).fetchval(), 1)
        self.assertEqual(c.execute("SELECT o_id FROM rds.orders WHERE o_comment = ?",
                                   "comment for order 9").fetchval(), 9)
        self.assertEqual(c.execute("SELECT count(*) FROM rds.orders WHERE o_comment = ?", None).fetchval(), 0)
        self.assertEqual(c.execute("SELECT id FROM rds.alltypes WHERE c_bytea = ?", b"\x00\xff\x10").fetchval(), 1)
        self.assertEqual(c.execute("SELECT id FROM rds.alltypes WHERE c_bool = ?", False).fetchval(), 2)
        self.assertEqual(c.execute("SELECT id FROM rds.alltypes WHERE c_ts = ?",
                                   datetime.datetime(2024, 2, 29, 13, 45, 30, 500000)).fetchval(), 1)

    def test_long_parameter(self):
        # Longer than pyodbc sends in one piece: data at execution.
        s = "x" * 20000
        self.assertEqual(self.cur.execute("SELECT CAST(? AS varchar)", s).fetchval(), s)

    def test_warehouse_parameters(self):
        n = self.cur.execute("SELECT count(*) FROM public.sales WHERE s_region = ? AND s_id <= ?", "EU", 100).fetchval()
        self.assertEqual(n, 25)

    # ---- transactions ----

    def test_commit_rollback(self):
        c = self.cur
        c.execute("DROP TABLE IF EXISTS public.py_t")
        c.execute("CREATE TABLE public.py_t (a integer)")
        self.cnxn.commit()
        c.execute("INSERT INTO public.py_t VALUES (1)")
        self.cnxn.rollback()
        self.assertEqual(c.execute("SELECT count(*) FROM public.py_t").fetchval(), 0)
        c.execute("INSERT INTO public.py_t VALUES (2)")
        self.assertEqual(c.rowcount, 1)
        self.cnxn.commit()
        self.assertEqual(c.execute("SELECT a FROM public.py_t").fetchval(), 2)
        c.execute("DROP TABLE public.py_t")
        self.cnxn.commit()

    # ---- errors ----

    def test_errors(self):
        # Autocommit is off: after an error the application rolls back, as
        # PostgreSQL's aborted transactions require.
        with self.assertRaises(pyodbc.ProgrammingError) as ctx:
            self.cur.execute("SELEC 1")
        self.assertEqual(ctx.exception.args[0], "42601")
        self.cnxn.rollback()
        with self.assertRaises(pyodbc.ProgrammingError) as ctx:
            self.cur.execute("SELECT * FROM rds.no_such_table")
        self.assertEqual(ctx.exception.args[0], "42P01")
        self.assertIn("[fedq]", ctx.exception.args[1])
        self.cnxn.rollback()
        with self.assertRaises(pyodbc.ProgrammingError) as ctx:
            self.cur.execute("SELECT no_such_column FROM rds.orders")
        self.assertEqual(ctx.exception.args[0], "42703")
        self.cnxn.rollback()
        with self.assertRaises(pyodbc.DataError) as ctx:
            self.cur.execute("SELECT 1 / 0").fetchall()
        self.assertEqual(ctx.exception.args[0], "22012")
        self.cnxn.rollback()
        self.assertEqual(self.cur.execute("SELECT count(*) FROM rds.customers").fetchval(), 100)
        self.assertEqual(self.cur.execute("SELECT count(*) FROM public.regions").fetchval(), 4)

    def test_error_in_transaction(self):
        # Statement-level rollback (psqlODBC's default): an error inside a
        # warehouse transaction undoes its statement alone; what the
        # transaction did before and after it is committed.
        c = self.cur
        c.execute("DROP TABLE IF EXISTS public.py_svp")
        c.execute("CREATE TABLE public.py_svp (a integer PRIMARY KEY)")
        self.cnxn.commit()
        c.execute("INSERT INTO public.py_svp VALUES (1)")
        with self.assertRaises(pyodbc.IntegrityError):
            c.execute("INSERT INTO public.py_svp VALUES (1)")
        with self.assertRaises(pyodbc.DataError):
            c.execute("SELECT 1 / 0").fetchall()
        with self.assertRaises(pyodbc.ProgrammingError):
            c.execute("DROP TABLE public.py_svp_no_such")
        # a statement the warehouse cannot even prepare (describe first)
        c.execute("SELECT a FROM public.py_svp")
        with self.assertRaises(pyodbc.ProgrammingError):
            c.execute("SELECT nosuch FROM public.py_svp WHERE a = ?", 1)
        c.execute("INSERT INTO public.py_svp VALUES (2)")
        self.assertEqual(c.execute("SELECT count(*) FROM public.regions").fetchval(), 4)
        # a query fedq runs itself that reads the warehouse in the transaction
        with self.assertRaises(pyodbc.Error):
            c.execute("SELECT r.r_code FROM public.regions r JOIN rds.customers c"
                      " ON c.c_region = r.r_code WHERE 1 / (length(r.r_name) - length(r.r_name)) = 1").fetchall()
        c.execute("INSERT INTO public.py_svp VALUES (3)")
        self.cnxn.commit()
        self.assertEqual([r[0] for r in c.execute("SELECT a FROM public.py_svp ORDER BY a")],
                         [1, 2, 3])
        # the application's own savepoints and transaction control still work
        c.execute("SAVEPOINT mine")
        c.execute("INSERT INTO public.py_svp VALUES (4)")
        with self.assertRaises(pyodbc.IntegrityError):
            c.execute("INSERT INTO public.py_svp VALUES (4)")
        c.execute("ROLLBACK TO SAVEPOINT mine")
        c.execute("INSERT INTO public.py_svp VALUES (5)")
        self.cnxn.commit()
        self.assertEqual([r[0] for r in c.execute("SELECT a FROM public.py_svp ORDER BY a")],
                         [1, 2, 3, 5])
        self.cnxn.commit()
        # StatementRollback=0: an error aborts the transaction until rollback
        with pyodbc.connect("DSN=fedq;StatementRollback=0") as other:
            oc = other.cursor()
            oc.execute("INSERT INTO public.py_svp VALUES (6)")
            with self.assertRaises(pyodbc.DataError):
                oc.execute("SELECT 1 / 0").fetchall()
            with self.assertRaises(pyodbc.Error) as ctx:
                oc.execute("SELECT count(*) FROM public.regions").fetchall()
            self.assertEqual(ctx.exception.args[0], "25P02")
            other.rollback()
            self.assertEqual(oc.execute("SELECT count(*) FROM public.py_svp").fetchval(), 4)
        # autocommit: nothing to undo but the statement itself
        with pyodbc.connect("DSN=fedq", autocommit=True) as other:
            with self.assertRaises(pyodbc.IntegrityError):
                other.execute("INSERT INTO public.py_svp VALUES (1)")
            other.execute("INSERT INTO public.py_svp VALUES (7)")
        self.assertEqual(c.execute("SELECT count(*) FROM public.py_svp").fetchval(), 5)
        c.execute("DROP TABLE public.py_svp")
        self.cnxn.commit()

    def test_cancel(self):
        cur = self.cnxn.cursor()
        timer = threading.Timer(1.0, cur.cancel)
        timer.start()
        t0 = time.time()
        # pyodbc maps HY008 to its base class Error.
        with self.assertRaises(pyodbc.Error) as ctx:
            cur.execute("SELECT pg_sleep(20)").fetchall()
        timer.join()
        self.assertEqual(ctx.exception.args[0], "HY008")
        self.assertLess(time.time() - t0, 10)
        self.cnxn.rollback()
        self.assertEqual(cur.execute("SELECT 1").fetchval(), 1)

    def test_query_timeout(self):
        self.cnxn.timeout = 1
        try:
            with self.assertRaises(pyodbc.OperationalError) as ctx:
                self.cnxn.cursor().execute("SELECT pg_sleep(20)").fetchall()
            self.assertEqual(ctx.exception.args[0], "HYT00")
        finally:
            self.cnxn.timeout = 0
            self.cnxn.rollback()

    # ---- catalog ----

    def test_tables_and_columns(self):
        names = sorted(r.table_name for r in self.cur.tables(schema="rds", tableType="TABLE"))
        self.assertEqual(names, ["alltypes", "customers", "orders", "tags"])
        cols = list(self.cur.columns(table="orders", schema="rds"))
        self.assertEqual([c.column_name for c in cols],
                         ["o_id", "o_custkey", "o_status", "o_total", "o_orderdate", "o_priority", "o_comment"])
        self.assertEqual(cols[3].data_type, pyodbc.SQL_NUMERIC)
        self.assertEqual(cols[3].column_size, 12)
        self.assertEqual(cols[3].decimal_digits, 2)
        self.assertEqual(cols[4].data_type, pyodbc.SQL_TYPE_DATE)
        # TYPE_NAME: PostgreSQL's own names, as psqlODBC gives them; text as
        # a long type (psqlODBC's TextAsLongVarchar), the wide codes
        self.assertEqual([c.type_name for c in cols],
                         ["int4", "int4", "bpchar", "numeric", "date", "text", "varchar"])
        self.assertEqual([c.data_type for c in cols][5:],
                         [pyodbc.SQL_WLONGVARCHAR, pyodbc.SQL_WVARCHAR])
        self.assertEqual(cols[2].data_type, pyodbc.SQL_WCHAR)

    def test_as_psqlodbc_gives_them(self):
        c = self.cur
        # NOTICE and INFO: SQLSTATE 01000 warnings with the server's text
        c.execute("DO $$ BEGIN RAISE NOTICE 'note this'; RAISE INFO 'and this'; END $$")
        self.assertEqual(c.messages, [("[01000] (-1)", "NOTICE: note this"),
                                      ("[01000] (-1)", "INFO: and this")])
        # a GUID read as text: in capitals
        pyodbc.native_uuid = False
        try:
            self.assertEqual(c.execute("SELECT c_uuid FROM rds.alltypes WHERE id = 1").fetchval(),
                             "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")
        finally:
            pyodbc.native_uuid = True
        # varchar is SQL_WVARCHAR: an output converter for it applies
        self.cnxn.add_output_converter(pyodbc.SQL_WVARCHAR, lambda v: "converted")
        try:
            self.assertEqual(c.execute("SELECT o_comment FROM rds.orders WHERE o_id = 1").fetchval(),
                             "converted")
        finally:
            self.cnxn.clear_output_converters()
        # fast_executemany: a parameter array, described by the warehouse's
        # own types (Decimal values need the numeric's precision and scale)
        c.execute("DROP TABLE IF EXISTS public.py_fast")
        c.execute("CREATE TABLE public.py_fast (a integer, n numeric(12,2), s varchar(20), t text)")
        c.fast_executemany = True
        rows = [(i, decimal.Decimal("1234.56") + i, "s%d" % i, "t" * (i + 1)) for i in range(50)]
        c.executemany("INSERT INTO public.py_fast VALUES (?, ?, ?, ?)", rows)
        c.fast_executemany = False
        self.assertEqual(tuple(c.execute("SELECT count(*), sum(n), sum(length(t)) FROM public.py_fast").fetchone()),
                         (50, decimal.Decimal("62953.00"), 1275))
        self.assertEqual([tuple(r) for r in c.execute("SELECT * FROM public.py_fast ORDER BY a")], rows)
        c.execute("DROP TABLE public.py_fast")
        self.cnxn.commit()

    def test_tables_with_empty_strings(self):
        # ODBC's "list the schemas" request, with '' passed as zero-length
        # wide strings (once read as uninitialised memory: 22021, random bytes).
        schemas = {r.table_schem for r in self.cur.tables(catalog="", schema="%", table="")}
        self.assertIn("rds", schemas)
        self.assertIn("public", schemas)
        self.assertEqual(list(self.cur.tables(schema="rds", table="")), [])
        self.assertEqual(list(self.cur.columns(schema="rds", table="orders", column="")), [])

    def test_keys_and_statistics(self):
        SQL_NO_ACTION, SQL_NOT_DEFERRABLE = 3, 7  # sqlext.h; pyodbc does not name them
        # SQLPrimaryKeys, SQLForeignKeys, SQLStatistics read the source's
        # constraints and indexes, named with the external schema.
        pk = [tuple(r) for r in self.cur.primaryKeys("orders", schema="rds")]
        self.assertEqual(pk, [("warehouse", "rds", "orders", "o_id", 1, "orders_pkey")])
        self.assertEqual([r.column_name for r in self.cur.primaryKeys("sales", schema="public")],
                         ["s_id"])
        self.assertEqual(list(self.cur.primaryKeys("nosuch", schema="rds")), [])
        # foreign keys of rds.orders (it references rds.customers) ...
        fk = list(self.cur.foreignKeys(foreignTable="orders", foreignSchema="rds"))
        self.assertEqual([(r.pktable_schem, r.pktable_name, r.pkcolumn_name, r.fktable_name,
                           r.fkcolumn_name, r.key_seq, r.update_rule, r.delete_rule,
                           r.fk_name, r.pk_name, r.deferrability) for r in fk],
                         [("rds", "customers", "c_id", "orders", "o_custkey", 1,
                           SQL_NO_ACTION, SQL_NO_ACTION, "orders_o_custkey_fkey",
                           "customers_pkey", SQL_NOT_DEFERRABLE)])
        # ... and those that reference public.regions, in the warehouse
        fk = list(self.cur.foreignKeys(table="regions", schema="public"))
        self.assertEqual([(r.fktable_schem, r.fktable_name, r.fkcolumn_name) for r in fk],
                         [("public", "sales", "s_region")])
        # tables of two sources reference nothing of each other
        self.assertEqual(list(self.cur.foreignKeys(table="regions", schema="public",
                                                   foreignTable="orders", foreignSchema="rds")), [])
        st = list(self.cur.statistics("orders", schema="rds"))
        self.assertEqual(st[0].type, 0)  # SQL_TABLE_STAT
        self.assertEqual(st[0].cardinality, 1000)
        self.assertEqual([(r.non_unique, r.index_name, r.ordinal_position, r.column_name, r.asc_or_desc)
                          for r in st[1:]], [(0, "orders_pkey", 1, "o_id", "A")])

    def test_odbc_escapes(self):
        # {fn}, {d}, {ts}, {oj}, {escape}: translated by the driver, for
        # external tables (fedq's engine) and warehouse tables alike.
        row = self.cur.execute(
            "SELECT {fn UCASE(c_name)}, {fn LCASE({fn RTRIM(c_region)})}, {fn CONCAT(c_name, '!')},"
            " {fn LENGTH(c_region)}, {fn CONVERT(c_id, SQL_BIGINT)} FROM rds.customers WHERE c_id = ?",
            3).fetchone()
        self.assertEqual(tuple(row), ("CUSTOMER#003", "afr", "Customer#003!", 3, 3))
        rows = self.cur.execute(
            "SELECT o_id, {fn YEAR(o_orderdate)}, {fn DAYOFWEEK(o_orderdate)} FROM rds.orders"
            " WHERE o_orderdate >= {d '2024-12-01'} AND o_orderdate < {ts '2024-12-02 00:00:00'}"
            " ORDER BY 1").fetchall()
        self.assertEqual([tuple(r) for r in rows], [(251, 2024, 1), (617, 2024, 1), (983, 2024, 1)])
        n = self.cur.execute(
            "SELECT count(*) FROM {oj rds.customers c LEFT OUTER JOIN public.regions r"
            " ON r.r_code = c.c_region} WHERE {fn IFNULL(r.r_manager, 'none')} = 'none'").fetchval()
        self.assertEqual(n, 25)
        self.assertEqual(self.cur.execute(
            "SELECT {fn UCASE(r_name)} FROM public.regions WHERE r_code = {fn UCASE('eu')}").fetchval(),
            "EUROPE")
        with self.assertRaises(pyodbc.Error) as ctx:
            self.cur.execute("{call nosuch(1)}")
        self.assertEqual(ctx.exception.args[0], "0A000")
        with self.assertRaises(pyodbc.Error) as ctx:
            self.cur.execute("SELECT {d '2024-01-01'")
        self.assertEqual(ctx.exception.args[0], "42601")
        self.assertEqual(self.cur.execute("SELECT count(*) FROM rds.orders").fetchval(), 1000)
        self.assertNotEqual(self.cnxn.getinfo(pyodbc.SQL_STRING_FUNCTIONS) & 0x1, 0)  # CONCAT
        # the numeric escapes: ODBC's LOG is the natural logarithm
        row = self.cur.execute(
            "SELECT {fn SQRT(o_id)}, {fn LOG(1)}, {fn LOG10(100)}, {fn POWER(2, 10)}, {fn SIGN(-3)},"
            " {fn ROUND({fn DEGREES({fn PI()})}, 0)}, {fn RAND()} < 1 FROM rds.orders WHERE o_id = 4").fetchone()
        self.assertEqual(tuple(row), (2.0, 0.0, 2.0, 1024.0, -1.0, 180.0, True))
        # TIMESTAMPADD: t + n * INTERVAL '1 unit', at the source (o_orderdate) and in fedq;
        # the values are PostgreSQL's for the same sums
        rows = self.cur.execute(
            "SELECT o_id, {fn TIMESTAMPADD(SQL_TSI_MONTH, o_id, o_orderdate)},"
            " {fn TIMESTAMPADD(SQL_TSI_QUARTER, -1, {ts '2024-05-31 10:00:00'})},"
            " {fn TIMESTAMPADD(sql_tsi_week, 2, {d '2024-02-20'})},"
            " {fn TIMESTAMPADD(SQL_TSI_SECOND, 90, {ts '2024-01-01 23:59:00'})}"
            " FROM rds.orders WHERE o_id <= 3 ORDER BY 1").fetchall()
        self.assertEqual([tuple(r) for r in rows], [
            (i, d, datetime.datetime(2024, 2, 29, 10), datetime.datetime(2024, 3, 5),
             datetime.datetime(2024, 1, 2, 0, 0, 30))
            for i, d in ((1, datetime.datetime(2024, 2, 14)), (2, datetime.datetime(2024, 3, 27)),
                         (3, datetime.datetime(2024, 5, 9)))])
        with self.assertRaises(pyodbc.Error) as ctx:
            self.cur.execute("SELECT {fn TIMESTAMPADD(SQL_TSI_FRAC_SECOND, 1, {d '2024-01-01'})}")
        self.assertEqual(ctx.exception.args[0], "0A000")
        # TIMESTAMPDIFF: whole units from the second argument to the third, toward zero
        rows = self.cur.execute(
            "SELECT o_id, {fn TIMESTAMPDIFF(SQL_TSI_DAY, o_orderdate, {d '2024-06-01'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_MONTH, {d '2024-01-31'}, o_orderdate)},"
            " {fn TIMESTAMPDIFF(SQL_TSI_MONTH, {ts '2024-03-01 00:00:00'}, {ts '2024-01-31 00:00:00'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_QUARTER, {d '2023-01-15'}, {d '2024-01-14'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_YEAR, {d '2020-02-29'}, {d '2024-02-28'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_HOUR, {ts '2024-01-01 10:30:00'}, {ts '2024-01-01 08:00:01'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_SECOND, {ts '2024-01-01 00:00:00'}, {ts '2024-01-01 00:00:01.9'})},"
            " {fn TIMESTAMPDIFF(SQL_TSI_WEEK, {d '2024-01-01'}, {d '2024-01-15'})}"
            " FROM rds.orders WHERE o_id IN (1, 2, 500) ORDER BY 1").fetchall()
        self.assertEqual([tuple(r) for r in rows], [(1, 139, 0, -1, 3, 3, -2, 1, 2),
                                                    (2, 126, 0, -1, 3, 3, -2, 1, 2),
                                                    (500, -126, 8, -1, 3, 3, -2, 1, 2)])

    def test_batch_nextset(self):
        # A result per statement, as psqlODBC gives them: row sets, and the
        # row counts of commands in between.
        cur = self.cur
        cur.execute("CREATE TEMP TABLE nb (x int); INSERT INTO nb VALUES (1), (2);"
                    " SELECT x FROM nb ORDER BY x; UPDATE nb SET x = 5 WHERE x = 2")
        self.assertIsNone(cur.description)
        self.assertTrue(cur.nextset())
        self.assertIsNone(cur.description)
        self.assertEqual(cur.rowcount, 2)
        self.assertTrue(cur.nextset())
        self.assertEqual(cur.description[0][0], "x")
        self.assertEqual([r[0] for r in cur.fetchall()], [1, 2])
        self.assertTrue(cur.nextset())
        self.assertEqual(cur.rowcount, 1)
        self.assertFalse(cur.nextset())
        cur.execute("SELECT 1 AS a; SELECT 'two' AS b, 3 AS c")
        self.assertEqual(cur.fetchall()[0][0], 1)
        self.assertTrue(cur.nextset())
        self.assertEqual([d[0] for d in cur.description], ["b", "c"])
        self.assertEqual(tuple(cur.fetchone()), ("two", 3))
        self.assertFalse(cur.nextset())
        # An error in a later statement: at nextset, the first rows intact.
        cur.execute("SELECT 1 AS a; SELECT 1/0")
        self.assertEqual(cur.fetchone()[0], 1)
        with self.assertRaises(pyodbc.DataError) as ctx:
            cur.nextset()
        self.assertEqual(ctx.exception.args[0], "22012")
        self.cnxn.rollback()
        # A batch with a statement fedq runs itself is refused.
        with self.assertRaises(pyodbc.Error) as ctx:
            cur.execute("SELECT 1; SELECT count(*) FROM rds.orders")
        self.assertEqual(ctx.exception.args[0], "0A000")
        self.assertIn("a batch of several statements", ctx.exception.args[1])

    def test_rowcount_select(self):
        # As psqlODBC: the count right after a SELECT the warehouse runs
        # whose rows fit the first batch; -1 for longer results.
        self.assertEqual(self.cur.execute("SELECT g FROM generate_series(1, 10) g").rowcount, 10)
        self.assertEqual(len(self.cur.fetchall()), 10)
        self.assertEqual(self.cur.execute("SELECT g FROM generate_series(1, 5000) g").rowcount, -1)

    def test_no_warehouse(self):
        with pyodbc.connect("DSN=fedq_nowh", autocommit=True) as c:
            c.execute("CREATE EXTERNAL SCHEMA IF NOT EXISTS shop FROM POSTGRES DATABASE 'shop' "
                      "URI '127.0.0.1' PORT " + REMOTE_PORT)
            self.assertEqual(c.execute("SELECT count(*) FROM shop.orders").fetchval(), 1000)


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
