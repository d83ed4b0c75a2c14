-- KPI revenue_by_region: net revenue per store region, from the region/month mart.
select
    'revenue_by_region' as kpi,
    region as label,  -- noqa: RF04
    sum(net_revenue) as value  -- noqa: RF04
from presentation.mv_sales_by_region_month
group by region
order by region;
