-- Two versions of one table for the SQL logic runner's self-test
-- (tests/it/14-sqllogic-oracle.sh): fedq reads oracle_fedq.t through an
-- external schema, the comparison runs on oracle_pg.t.  Each column holds,
-- row by row, a pair of values the exact oracle must tell apart (or, for
-- floats within the tolerance, must not).
DROP SCHEMA IF EXISTS oracle_fedq CASCADE;
DROP SCHEMA IF EXISTS oracle_pg CASCADE;
CREATE SCHEMA oracle_fedq;
CREATE SCHEMA oracle_pg;
CREATE TABLE oracle_fedq.t (id int, i8 bigint, n numeric(10,2), f8 float8, f4 real,
                            s text, c char(3), k int, y int);
CREATE TABLE oracle_pg.t (id int, i8 bigint, n numeric, f8 float8, f4 real,
                          s text, c text, k bigint, z int, extra int);
INSERT INTO oracle_fedq.t VALUES
  (1, 9223372036854775807, 2.00, 1.0000000001, 1.5, 'a', 'ab', 1, 1),
  (2, 1, 1.00, 1.0000000000000002, 1.5000001, '', 'x', 2, 2),
  (3, 1, 0.00, '-0', 'NaN', 'NULL', 'x', 3, 3),
  (4, 1, 0.00, 'NaN', 'Infinity', 'x', 'x', 4, 4),
  (5, 1, 0.00, 'Infinity', 0, ' 5', 'x', 5, 5),
  (6, 1, 0.00, 1e-300, 0, 'b', 'x', 6, 6);
INSERT INTO oracle_pg.t VALUES
  (1, 9223372036854775806, 2, 1, 1.5, 'a ', 'ab', 1, 1, 0),
  (2, 1, 1.00, 1, 1.5, NULL, 'x', 2, 2, 0),
  (3, 1, 0.00, 0, 'NaN', NULL, 'x', 3, 3, 0),
  (4, 1, 0.00, 'NaN', 'Infinity', 'x', 'x', 4, 4, 0),
  (5, 1, 0.00, 1e308, 0, '5', 'x', 5, 5, 0),
  (6, 1, 0.00, 1.0000000000001e-300, 0, 'b', 'x', 6, 6, 0);
