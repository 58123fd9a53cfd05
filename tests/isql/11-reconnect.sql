SELECT o_id, o_total FROM rds.orders WHERE o_status = 'F' ORDER BY o_id LIMIT 5
SELECT count(*) FROM rds.customers
