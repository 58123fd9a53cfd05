// node-odbc's test configuration for PostgreSQL (its suite ships one for IBM i
// and SQL Server only), copied into test/DBMS/postgresql/ by run-suites.sh.
// The result-set descriptions its catalog tests expect come from the driver
// under test (node-meta.js writes them to FQ_NODE_META), as the suite's
// other configurations hold their own driver's.
const meta = require(process.env.FQ_NODE_META);
module.exports = Object.assign({
  generateCreateOrReplaceQueries(tableName, fields) {
    return [`DROP TABLE IF EXISTS ${tableName}`, `CREATE TABLE ${tableName} ${fields}`];
  },
}, meta);
