-- The evolution test's KPIs under v2: revenue by the store's region (Unknown for orders from
-- before stores existed, without a store, or with a store never sent) and by customer segment
-- (none while a v1 customer has not been sent again; inferred for a placeholder, a customer an
-- order named before the customer arrived).
select
    'revenue_by_region' as kpi,
    s.region as label,
    sum(f.amount) as value
from presentation.order_fact as f
inner join presentation.store_dim as s on f.store_key = s.store_key
group by s.region
union all
select
    'revenue_by_segment' as kpi,
    case
        when c.customer_key = -1 then 'Unknown'
        when c.is_inferred then 'inferred'
        else coalesce(c.segment, 'none')
    end as label,
    sum(f.amount) as value
from presentation.order_fact as f
inner join presentation.customer_dim as c on f.customer_key = c.customer_key
group by 2
