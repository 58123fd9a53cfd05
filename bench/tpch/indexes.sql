-- Primary keys and the usual secondary indexes, created after loading.
-- One statement per line; bench/run picks the lines of the tables a
-- database holds (the name after "alter table" or "on").
alter table region add primary key (r_regionkey);
alter table nation add primary key (n_nationkey);
create index nation_regionkey on nation (n_regionkey);
alter table supplier add primary key (s_suppkey);
create index supplier_nationkey on supplier (s_nationkey);
alter table part add primary key (p_partkey);
alter table partsupp add primary key (ps_partkey, ps_suppkey);
create index partsupp_suppkey on partsupp (ps_suppkey);
alter table customer add primary key (c_custkey);
create index customer_nationkey on customer (c_nationkey);
alter table orders add primary key (o_orderkey);
create index orders_custkey on orders (o_custkey);
create index orders_orderdate on orders (o_orderdate);
alter table lineitem add primary key (l_orderkey, l_linenumber);
create index lineitem_part_supp on lineitem (l_partkey, l_suppkey);
create index lineitem_suppkey on lineitem (l_suppkey);
create index lineitem_shipdate on lineitem (l_shipdate);
