-- KPI total_net_revenue: quantity x unit_price - discount, tax excluded, over every sale.
select
    'total_net_revenue' as kpi,
    null as label,  -- noqa: RF04
    coalesce(sum(net_amount), 0) as value  -- noqa: RF04
from presentation.sales_fact;
