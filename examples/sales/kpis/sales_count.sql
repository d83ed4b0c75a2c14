-- KPI sales_count: the sales in the warehouse, orphans included (they sit on Unknown members).
select
    'sales_count' as kpi,
    null as label,  -- noqa: RF04
    count(*) as value  -- noqa: RF04
from presentation.sales_fact;
