DROP TABLE IF EXISTS public.isql_ins
CREATE TABLE public.isql_ins (id integer PRIMARY KEY, total numeric(12,2))
INSERT INTO public.isql_ins SELECT o_id, o_total FROM rds.orders WHERE o_id <= 25
INSERT INTO public.isql_ins SELECT o_id, o_total FROM rds.orders WHERE o_id BETWEEN 20 AND 30
SELECT count(*), sum(total) FROM public.isql_ins
CREATE TABLE public.isql_ctas AS SELECT o_status, count(*) AS n FROM rds.orders GROUP BY 1
SELECT * FROM public.isql_ctas ORDER BY 1
CREATE VIEW public.isql_v AS SELECT o_id, o_status FROM rds.orders WHERE o_id < 4
SELECT v.o_id, c.n FROM public.isql_v v JOIN public.isql_ctas c ON c.o_status = v.o_status ORDER BY 1
DROP VIEW public.isql_v
CREATE MATERIALIZED VIEW public.isql_mv AS SELECT o_status, max(o_total) AS top FROM rds.orders GROUP BY 1
REFRESH MATERIALIZED VIEW public.isql_mv
SELECT * FROM public.isql_mv ORDER BY 1
DROP MATERIALIZED VIEW public.isql_mv
DROP TABLE public.isql_ins, public.isql_ctas
