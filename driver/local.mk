# driver/: the ODBC driver, libfedqodbc.so.  Exports the SQL* entry points only.
