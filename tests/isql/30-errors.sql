SELECT * FROM rds.nope
SELECT count(*) FROM rds.orders WHERE o_status = 'F'
