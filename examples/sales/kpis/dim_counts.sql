-- KPI dim_counts: the members of the customer, product and location dimensions, without
-- their Unknown member (key -1).
select
    'dim_counts' as kpi,
    'customer' as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.customer_dim
where customer_key <> -1
union all
select
    'dim_counts' as kpi,
    'product' as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.product_dim
where product_key <> -1
union all
select
    'dim_counts' as kpi,
    'location' as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.location_dim
where location_key <> -1;
