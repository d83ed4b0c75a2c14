-- KPI revenue_by_category: net revenue per product category, from the category/month mart.
select
    'revenue_by_category' as kpi,
    category as label,  -- noqa: RF04
    sum(net_revenue) as value  -- noqa: RF04
from presentation.mv_sales_by_category_month
group by category
order by category;
