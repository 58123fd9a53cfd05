# tests/: Check unit suites, ODBC client tests and the server harness.
