-- TPC-DS query 37 (template query37.tpl, parameters fixed; PostgreSQL syntax).
-- keys: 1
select i_item_id
       ,i_item_desc
       ,i_current_price
 from ext.item, inventory, ext.date_dim, catalog_sales
 where i_current_price between 10 and 10 + 30
 and inv_item_sk = i_item_sk
 and d_date_sk=inv_date_sk
 and d_date between cast('2000-02-01' as date) and (cast('2000-02-01' as date) + interval '60 days')
 and i_manufact_id in (837,520,789,607)
 and inv_quantity_on_hand between 100 and 500
 and cs_item_sk = i_item_sk
 group by i_item_id,i_item_desc,i_current_price
 order by i_item_id
 limit 100;
