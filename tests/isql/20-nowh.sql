CREATE EXTERNAL SCHEMA shop FROM POSTGRES DATABASE 'shop' URI '127.0.0.1' PORT @REMOTE_PORT@
SELECT c_id, c_name, c_region, c_balance FROM shop.customers WHERE c_id IN (1, 2, 3, 10) ORDER BY c_id
VALUES (2, 'two'::varchar(5)), (1, 'one'::varchar(5)), (3, CAST(NULL AS varchar(5))) ORDER BY 1
