-- KPI revenue_by_month: net revenue per calendar month of the sale, labelled YYYY-MM.
select
    'revenue_by_month' as kpi,
    sales_year || '-' || lpad(sales_month::varchar, 2, '0') as label,  -- noqa: RF04
    sum(net_revenue) as value  -- noqa: RF04
from presentation.mv_sales_by_region_month
group by sales_year, sales_month
order by label;  -- noqa: RF04
