-- TPC-DS query 41 (template query41.tpl, parameters fixed; PostgreSQL syntax).
-- keys: 1
select distinct(i_product_name)
 from ext.item i1
 where i_manufact_id between 770 and 770+40
   and (select count(*) as item_cnt
        from ext.item
        where (i_manufact = i1.i_manufact and
        ((i_category = 'Women' and
        (i_color = 'purple' or i_color = 'ghost') and
        (i_units = 'Tbl' or i_units = 'Case') and
        (i_size = 'small' or i_size = 'N/A')
        ) or
        (i_category = 'Women' and
        (i_color = 'slate' or i_color = 'blush') and
        (i_units = 'Ounce' or i_units = 'Gross') and
        (i_size = 'economy' or i_size = 'petite')
        ) or
        (i_category = 'Men' and
        (i_color = 'orchid' or i_color = 'linen') and
        (i_units = 'Box' or i_units = 'Lb') and
        (i_size = 'medium' or i_size = 'large')
        ) or
        (i_category = 'Men' and
        (i_color = 'khaki' or i_color = 'salmon') and
        (i_units = 'N/A' or i_units = 'Pound') and
        (i_size = 'small' or i_size = 'N/A')
        ))) or
       (i_manufact = i1.i_manufact and
        ((i_category = 'Women' and
        (i_color = 'violet' or i_color = 'coral') and
        (i_units = 'Dozen' or i_units = 'Unknown') and
        (i_size = 'small' or i_size = 'N/A')
        ) or
        (i_category = 'Women' and
        (i_color = 'thistle' or i_color = 'plum') and
        (i_units = 'Tsp' or i_units = 'Pallet') and
        (i_size = 'economy' or i_size = 'petite')
        ) or
        (i_category = 'Men' and
        (i_color = 'chartreuse' or i_color = 'maroon') and
        (i_units = 'Ton' or i_units = 'Cup') and
        (i_size = 'medium' or i_size = 'large')
        ) or
        (i_category = 'Men' and
        (i_color = 'olive' or i_color = 'almond') and
        (i_units = 'Bunch' or i_units = 'Oz') and
        (i_size = 'small' or i_size = 'N/A')
        )))) > 0
 order by i_product_name
 limit 100;
