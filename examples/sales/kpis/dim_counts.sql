-- KPI dim_counts: the known members of the customer, product and location dimensions: not the
-- Unknown member (key -1), not an inferred placeholder, and a customer once however many
-- versions it has (tables.<dim> gives rows, members and placeholders).
select
    'dim_counts' as kpi,
    'customer' as label,  -- noqa: RF04
    count(distinct customer_id) as value  -- noqa: RF04
from presentation.customer_dim
where customer_key <> -1 and not is_inferred
union all
select
    'dim_counts' as kpi,
    'product' as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.product_dim
where product_key <> -1 and not is_inferred
union all
select
    'dim_counts' as kpi,
    'location' as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.location_dim
where location_key <> -1 and not is_inferred;
