-- Sales per store region and calendar month.
create materialized view presentation.mv_sales_by_region_month
-- DISTSTYLE ALL: a few hundred rows, read whole by dashboards on any node.
diststyle all
-- SORTKEY year, month: dashboards filter on a range of months.
sortkey (sales_year, sales_month)
as
with

sales as (
    select
        location_key,
        date_key,
        quantity,
        gross_amount,
        discount,
        net_amount
    from presentation.sales_fact
),

locations as (
    select
        location_key,
        -- A placeholder for a store a sale named before it arrived: reported apart, not as Unknown.
        case
            when location_dim.is_inferred then '(inferred)'
            else location_dim.region
        end as region  -- noqa: RF04
    from presentation.location_dim
),

dates as (
    select
        date_key,
        year,
        month
    from presentation.date_dim
),

sales_by_region_month as (
    select
        locations.region,
        dates.year as sales_year,
        dates.month as sales_month,
        count(*) as sale_count,
        sum(sales.quantity) as units_sold,
        sum(sales.gross_amount) as gross_revenue,
        sum(sales.discount) as discount_total,
        sum(sales.net_amount) as net_revenue
    from sales
    inner join locations on sales.location_key = locations.location_key
    inner join dates on sales.date_key = dates.date_key
    group by locations.region, dates.year, dates.month
)

select
    region,
    sale_count,
    units_sold,
    gross_revenue,
    discount_total,
    net_revenue,
    sales_year,
    sales_month
from sales_by_region_month;
