-- Sales per store region and calendar month, over the lake's gold tables (as mv_sales_by_region_month).
-- Gold keeps one partition per batch_date: a sale re-sent in a later batch is in two partitions,
-- so the latest batch wins per sale_id, as the warehouse MERGE does; each dimension partition is a
-- full snapshot, so the latest one is the current state. Runs on Athena engine v3 and DuckDB.
with

sale_versions as (
    select
        location_key,
        date_key,
        quantity,
        gross_amount,
        discount,
        net_amount,
        row_number() over (partition by sale_id order by batch_date desc) as version_rank
    from sales_fact
),

sales as (
    select
        location_key,
        date_key,
        quantity,
        gross_amount,
        discount,
        net_amount
    from sale_versions
    where version_rank = 1
),

locations as (
    select
        location_dim.location_key,
        -- A placeholder for a store a sale named before it arrived: reported apart, not as Unknown.
        case
            when location_dim.is_inferred then '(inferred)'
            else location_dim.region
        end as region  -- noqa: RF04
    from location_dim
    where location_dim.batch_date = (select max(snapshots.batch_date) from location_dim as snapshots)
),

dates as (
    select
        date_dim.date_key,
        date_dim.year,
        date_dim.month
    from date_dim
    where date_dim.batch_date = (select max(snapshots.batch_date) from date_dim as snapshots)
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
from sales_by_region_month
order by sales_year, sales_month, region;
