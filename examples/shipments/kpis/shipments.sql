-- The shipments example's KPIs for the local pipeline's kpis.json: rows of (kpi, label, value),
-- a scalar when label is null, else one entry of an object keyed by label.
select
    'shipment_count' as kpi,
    null as label,
    count(*) as value
from presentation.shipment_fact
union all
select
    'total_cost' as kpi,
    null as label,
    coalesce(sum(total_cost), 0) as value
from presentation.shipment_fact
union all
select
    'undelivered_shipments' as kpi,
    null as label,
    count(*) as value
from presentation.shipment_fact
where delivery_date_key = -1
union all
select
    'parcels_by_mode' as kpi,
    mode as label,
    sum(parcels_shipped) as value
from presentation.mv_shipments_by_carrier_month
group by mode
union all
select
    'cost_by_region' as kpi,
    region as label,
    sum(total_cost) as value
from presentation.mv_warehouse_throughput
group by region
