-- KPI customers_with_sales: known customers (not the Unknown member, key -1) with a sale.
select
    'customers_with_sales' as kpi,
    null as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.mv_customer_value
where customer_key <> -1;
