-- Sales per product category and calendar month, over the lake's gold tables (as mv_sales_by_category_month).
-- Gold keeps one partition per batch_date: a sale re-sent in a later batch is in two partitions,
-- so the latest batch wins per sale_id, as the warehouse MERGE does; each dimension partition is a
-- full snapshot, so the latest one is the current state. Runs on Athena engine v3 and DuckDB.
with

sale_versions as (
    select
        product_key,
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
        product_key,
        date_key,
        quantity,
        gross_amount,
        discount,
        net_amount
    from sale_versions
    where version_rank = 1
),

products as (
    select
        product_dim.product_key,
        -- A placeholder for a product a sale named before it arrived: reported apart, not as Unknown.
        case
            when product_dim.is_inferred then '(inferred)'
            else product_dim.category
        end as category
    from product_dim
    where product_dim.batch_date = (select max(snapshots.batch_date) from product_dim as snapshots)
),

dates as (
    select
        date_dim.date_key,
        date_dim.year,
        date_dim.month
    from date_dim
    where date_dim.batch_date = (select max(snapshots.batch_date) from date_dim as snapshots)
),

sales_by_category_month as (
    select
        products.category,
        dates.year as sales_year,
        dates.month as sales_month,
        count(*) as sale_count,
        sum(sales.quantity) as units_sold,
        sum(sales.gross_amount) as gross_revenue,
        sum(sales.discount) as discount_total,
        sum(sales.net_amount) as net_revenue
    from sales
    inner join products on sales.product_key = products.product_key
    inner join dates on sales.date_key = dates.date_key
    group by products.category, dates.year, dates.month
)

select
    category,
    sale_count,
    units_sold,
    gross_revenue,
    discount_total,
    net_revenue,
    sales_year,
    sales_month
from sales_by_category_month
order by sales_year, sales_month, category;
