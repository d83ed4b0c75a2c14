-- KPI total_units: the units sold.
select
    'total_units' as kpi,
    null as label,  -- noqa: RF04
    coalesce(sum(quantity), 0) as value  -- noqa: RF04
from presentation.sales_fact;
