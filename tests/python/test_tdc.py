"""test_tdc.py — packaging/tableau/fedq.tdc says what fedq does.

Tableau applies the customization to connections whose driver reports the
vendor and driver names it gives; every capability it sets must be one
this file knows, with a probe query that shows fedq does (or does not) do
it, or the test that covers it.  A capability added without a probe fails.
"""
import os
import sys
import xml.etree.ElementTree as ET

import pyodbc

SRC = os.environ["FQ_SRCDIR"]
PORT = os.environ["FQ_PORT_remote"]

FEDERATED = ("SELECT o.o_id, c.c_name, r.r_name FROM rds.orders o "
             "JOIN rds.customers c ON c.c_id = o.o_custkey "
             "JOIN public.regions r ON r.r_code = c.c_region")

# capability -> (expected value, SQL that must run, or None with the test
# that covers it)
PROBES = {
    "CAP_QUERY_TOP_N": ("yes", "SELECT o_id FROM rds.orders ORDER BY o_id LIMIT 3"),
    "CAP_QUERY_TOPSTYLE_LIMIT": ("yes", "SELECT r_code FROM public.regions ORDER BY 1 LIMIT 2"),
    "CAP_QUERY_TOPSTYLE_TOP": ("no", "!SELECT TOP 2 r_code FROM public.regions"),
    "CAP_QUERY_TOPSTYLE_ROWNUM": ("no", "!SELECT o_id FROM rds.orders WHERE ROWNUM <= 2"),
    "CAP_QUERY_SUBQUERIES": ("yes", "SELECT * FROM (" + FEDERATED + ") t WHERE o_id IN (SELECT o_id FROM rds.orders WHERE o_id < 5)"),
    "CAP_QUERY_SUBQUERIES_WITH_TOP": ("yes", "SELECT * FROM (SELECT o_id FROM rds.orders ORDER BY o_id LIMIT 3) t"),
    "CAP_QUERY_SUBQUERY_QUERY_CONTEXT": ("yes", "SELECT t.r_name, count(*) FROM (" + FEDERATED + ") t GROUP BY t.r_name"),
    "CAP_QUERY_GROUP_BY_ALIAS": ("yes", "SELECT o_status AS s, count(*) FROM rds.orders GROUP BY s"),
    "CAP_QUERY_GROUP_BY_DEGREE": ("yes", "SELECT o_status, count(*) FROM rds.orders GROUP BY 1"),
    "CAP_QUERY_SORT_BY_DEGREE": ("yes", "SELECT o_status, count(*) FROM rds.orders GROUP BY 1 ORDER BY 2 DESC"),
    "CAP_QUERY_SUPPORT_EMPTY_GROUPBY": ("yes", "SELECT count(*) FROM rds.orders GROUP BY ()"),
    "CAP_QUERY_HAVING_REQUIRES_GROUP_BY": ("no", "SELECT count(*) FROM rds.orders HAVING count(*) > 0"),
    "CAP_QUERY_JOIN_ACROSS_SCHEMAS": ("yes", FEDERATED),
    "CAP_QUERY_JOIN_REQUIRES_SCOPE": ("no", FEDERATED),
    "CAP_SUPPORTS_UNION": ("yes", "SELECT r_code FROM public.regions UNION SELECT c_region FROM rds.customers"),
    "CAP_QUERY_BOOLEXPR_TO_INTEXPR": ("no", "SELECT (o_id > 3) AND (o_id < 9) FROM rds.orders"),
    "CAP_QUERY_ALLOW_PARTIAL_AGGREGATION": ("yes", "SELECT r_name, sum(o_id) FROM (" + FEDERATED + ") t GROUP BY r_name"),
    "CAP_QUERY_WHERE_FALSE_METADATA": ("yes", "SELECT * FROM (" + FEDERATED + ") t WHERE 1=0"),
    "CAP_QUERY_TOP_0_METADATA": ("no", "!SELECT TOP 0 * FROM public.regions"),
    "CAP_ODBC_METADATA_SUPPRESS_PREPARED_QUERY": ("no", None, "tests/odbc/bimeta.c"),
    "CAP_ODBC_METADATA_SUPPRESS_EXECUTED_QUERY": ("no", None, "tests/odbc/bimeta.c"),
    "CAP_ODBC_METADATA_SUPPRESS_SELECT_STAR": ("no", "SELECT * FROM rds.customers WHERE 1=0"),
    "CAP_ODBC_METADATA_SUPPRESS_SQLCOLUMNS_API": ("no", None, "tests/odbc/catalog.c"),
    "CAP_ODBC_METADATA_SUPPRESS_SQLPRIMARYKEYS_API": ("no", None, "tests/odbc/catalog.c"),
    "CAP_ODBC_METADATA_SUPPRESS_SQLFOREIGNKEYS_API": ("no", None, "tests/odbc/catalog.c"),
    "CAP_ODBC_METADATA_SUPPRESS_SQLSTATISTICS_API": ("no", None, "tests/odbc/catalog.c"),
    "CAP_FAST_METADATA": ("yes", None, "tests/odbc/catalog.c"),
    "CAP_ODBC_CURSOR_FORWARD_ONLY": ("yes", None, "tests/odbc/info.c (SQL_SCROLL_OPTIONS)"),
    "CAP_ODBC_CURSOR_DYNAMIC": ("no", None, "tests/odbc/info.c (SQL_SCROLL_OPTIONS)"),
    "CAP_ODBC_CURSOR_KEYSET_DRIVEN": ("no", None, "tests/odbc/info.c (SQL_SCROLL_OPTIONS)"),
    "CAP_ODBC_CURSOR_STATIC": ("no", None, "tests/odbc/info.c (SQL_SCROLL_OPTIONS)"),
    "CAP_ODBC_FETCH_BUFFERS_RESIZABLE": ("yes", None, "tests/odbc/fetch.c (bindings read at each fetch)"),
    "CAP_ODBC_TRIM_VARCHAR_PADDING": ("yes", "SELECT r_code FROM public.regions"),
    "CAP_CREATE_TEMP_TABLES": ("no", "!CREATE TEMPORARY TABLE rds.tmp_probe (x int)"),
    "CAP_SELECT_INTO": ("no", "!SELECT o_id INTO rds.into_probe FROM rds.orders"),
    "CAP_SELECT_TOP_INTO": ("no", "!SELECT TOP 1 o_id INTO rds.into_probe FROM rds.orders"),
    "CAP_SUPPRESS_DISCOVERY_QUERIES": ("yes", None, "this file: the capabilities are declared"),
}

failed = 0


def check(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failed += 1


tree = ET.parse(os.path.join(SRC, "packaging/tableau/fedq.tdc"))
root = tree.getroot()
check(root.tag == "connection-customization" and root.get("class") == "genericodbc",
      "a genericodbc connection-customization")
conn = pyodbc.connect("DSN=fedq", autocommit=True)
check(root.find("vendor").get("name") == conn.getinfo(pyodbc.SQL_DBMS_NAME),
      "vendor name is SQL_DBMS_NAME")
check(root.find("driver").get("name") == conn.getinfo(pyodbc.SQL_DRIVER_NAME),
      "driver name is SQL_DRIVER_NAME")
cur = conn.cursor()
cur.execute("CREATE EXTERNAL SCHEMA IF NOT EXISTS rds FROM POSTGRES DATABASE 'shop' "
            "URI '127.0.0.1' PORT " + PORT)
for c in root.iter("customization"):
    name, value = c.get("name"), c.get("value")
    if name not in PROBES:
        check(False, "%s has no probe in tests/python/test_tdc.py" % name)
        continue
    want, sql = PROBES[name][0], PROBES[name][1]
    check(value == want, "%s = %s" % (name, value))
    if sql is None:
        continue
    must_fail = sql.startswith("!")
    try:
        cur.execute(sql.lstrip("!"))
        if cur.description is not None:
            cur.fetchall()
        ran = True
    except pyodbc.Error as e:
        ran = False
        err = str(e)
    if must_fail:
        check(not ran, "%s: fedq refuses %s" % (name, sql[1:]))
    else:
        check(ran, "%s: %s runs%s" % (name, sql, "" if ran else " (" + err + ")"))
conn.close()
print("%d failed" % failed)
sys.exit(1 if failed else 0)
