-- Per origin warehouse: shipments sent, parcels, and how many are delivered (a known delivery date).
create materialized view presentation.mv_warehouse_throughput
-- DISTSTYLE ALL: one row per warehouse.
diststyle all
as
with

shipments as (
    select
        origin_warehouse_key,
        delivery_date_key,
        parcels,
        total_cost
    from presentation.shipment_fact
),

warehouses as (
    select
        warehouse_key,
        warehouse_name,
        region
    from presentation.warehouse_dim
),

throughput as (
    select
        warehouses.warehouse_name,
        warehouses.region,
        count(*) as shipment_count,
        sum(shipments.parcels) as parcels_shipped,
        sum(case when shipments.delivery_date_key <> -1 then 1 else 0 end) as delivered_count,
        sum(shipments.total_cost) as total_cost
    from shipments
    inner join warehouses on shipments.origin_warehouse_key = warehouses.warehouse_key
    group by warehouses.warehouse_name, warehouses.region
)

select
    warehouse_name,
    region,
    shipment_count,
    parcels_shipped,
    delivered_count,
    total_cost
from throughput;
