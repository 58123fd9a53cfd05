-- TPC-DS query 82 (template query82.tpl, parameters fixed; PostgreSQL syntax).
-- keys: 1
select i_item_id
       ,i_item_desc
       ,i_current_price
 from ext.item, inventory, ext.date_dim, store_sales
 where i_current_price between 10 and 10+30
 and inv_item_sk = i_item_sk
 and d_date_sk=inv_date_sk
 and d_date between cast('2000-05-25' as date) and (cast('2000-05-25' as date) + interval '60 days')
 and i_manufact_id in (336,607,763,27)
 and inv_quantity_on_hand between 100 and 500
 and ss_item_sk = i_item_sk
 group by i_item_id,i_item_desc,i_current_price
 order by i_item_id
 limit 100;
