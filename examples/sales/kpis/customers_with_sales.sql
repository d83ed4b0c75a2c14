-- KPI customers_with_sales: known customers with a sale: not the Unknown member (id -1) and not
-- a placeholder for a customer that has not arrived yet (tables.sales_fact.on_inferred counts those sales).
select
    'customers_with_sales' as kpi,
    null as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.mv_customer_value
where customer_id <> -1 and not is_inferred;
