-- Shipments per carrier and month shipped: parcels, weight and cost.
create materialized view presentation.mv_shipments_by_carrier_month
-- DISTSTYLE ALL: a few hundred rows, read whole by dashboards on any node.
diststyle all
-- SORTKEY year, month: dashboards filter on a range of months.
sortkey (ship_year, ship_month)
as
with

shipments as (
    select
        carrier_key,
        ship_date_key,
        parcels,
        weight_kg,
        total_cost
    from presentation.shipment_fact
),

carriers as (
    select
        carrier_key,
        carrier_name,
        mode
    from presentation.carrier_dim
),

dates as (
    select
        date_key,
        year,
        month
    from presentation.date_dim
),

by_carrier_month as (
    select
        carriers.carrier_name,
        carriers.mode,
        dates.year as ship_year,
        dates.month as ship_month,
        count(*) as shipment_count,
        sum(shipments.parcels) as parcels_shipped,
        sum(shipments.weight_kg) as weight_kg,
        sum(shipments.total_cost) as total_cost
    from shipments
    inner join carriers on shipments.carrier_key = carriers.carrier_key
    inner join dates on shipments.ship_date_key = dates.date_key
    group by carriers.carrier_name, carriers.mode, dates.year, dates.month
)

select
    carrier_name,
    mode,
    shipment_count,
    parcels_shipped,
    weight_kg,
    total_cost,
    ship_year,
    ship_month
from by_carrier_month;
