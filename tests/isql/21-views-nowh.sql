CREATE VIEW few_customers AS SELECT c_id, c_name FROM shop.customers WHERE c_id < 4
SELECT * FROM few_customers ORDER BY c_id DESC
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name = 'few_customers'
INSERT INTO public.t SELECT c_id FROM shop.customers
DROP VIEW few_customers
SELECT * FROM few_customers
