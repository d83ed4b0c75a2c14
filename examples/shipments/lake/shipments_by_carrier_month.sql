-- Shipments per carrier and month shipped, over the lake's gold tables (as mv_shipments_by_carrier_month).
-- Gold keeps one partition per batch_date: a shipment re-sent in a later batch is in two partitions,
-- so the latest batch wins per shipment_id, as the warehouse MERGE does; each dimension partition is
-- a full snapshot, so the latest one is the current state. Runs on Athena engine v3 and DuckDB.
with

shipment_versions as (
    select
        carrier_key,
        ship_date_key,
        parcels,
        weight_kg,
        total_cost,
        row_number() over (partition by shipment_id order by batch_date desc) as version_rank
    from shipment_fact
),

shipments as (
    select
        carrier_key,
        ship_date_key,
        parcels,
        weight_kg,
        total_cost
    from shipment_versions
    where version_rank = 1
),

carriers as (
    select
        carrier_dim.carrier_key,
        carrier_dim.carrier_name,
        carrier_dim.mode
    from carrier_dim
    where carrier_dim.batch_date = (select max(snapshots.batch_date) from carrier_dim as snapshots)
),

dates as (
    select
        date_dim.date_key,
        date_dim.year,
        date_dim.month
    from date_dim
    where date_dim.batch_date = (select max(snapshots.batch_date) from date_dim as snapshots)
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
from by_carrier_month
order by ship_year, ship_month, carrier_name;
