CREATE EXTERNAL SCHEMA rds FROM POSTGRES DATABASE 'shop' SCHEMA 'public' URI '127.0.0.1' PORT @REMOTE_PORT@
SELECT o_id, o_total FROM rds.orders WHERE o_status = 'F' ORDER BY o_id LIMIT 5
SELECT count(*) FROM public.sales
