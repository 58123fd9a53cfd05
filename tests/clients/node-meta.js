// Writes, as JSON, the result-set descriptions of SQLColumns, SQLTables,
// SQLPrimaryKeys and SQLForeignKeys as the driver behind the connection
// string (argv[2]) gives them: node-config.js hands them to node-odbc's
// catalog tests.  Run by run-suites.sh from node-odbc's directory.
const odbc = require('./lib/odbc');
(async () => {
  const c = await odbc.connect(process.argv[2]);
  await c.query('DROP TABLE IF EXISTS public.metaprobe');
  await c.query('CREATE TABLE public.metaprobe (ID INTEGER, NAME VARCHAR(24), AGE INTEGER)');
  const out = {};
  out.sqlColumnsColumns = (await c.columns(null, 'public', 'metaprobe', null)).columns;
  out.sqlTablesColumns = (await c.tables(null, 'public', 'metaprobe', null)).columns;
  out.sqlPrimaryKeysColumns = (await c.primaryKeys(null, 'public', 'metaprobe')).columns;
  out.sqlForeignKeysColumns = (await c.foreignKeys(null, 'public', 'metaprobe', null, null, null)).columns;
  await c.query('DROP TABLE public.metaprobe');
  await c.close();
  console.log(JSON.stringify(out, null, 1));
})().catch(e => { console.error(e); process.exit(1); });
