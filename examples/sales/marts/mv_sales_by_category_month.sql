-- Sales per product category and calendar month.
create materialized view presentation.mv_sales_by_category_month
-- DISTSTYLE ALL: a few hundred rows, read whole by dashboards on any node.
diststyle all
-- SORTKEY year, month: dashboards filter on a range of months.
sortkey (sales_year, sales_month)
as
with

sales as (
    select
        product_key,
        date_key,
        quantity,
        gross_amount,
        discount,
        net_amount
    from presentation.sales_fact
),

products as (
    select
        product_key,
        -- A placeholder for a product a sale named before it arrived: reported apart, not as Unknown.
        case
            when product_dim.is_inferred then '(inferred)'
            else product_dim.category
        end as category
    from presentation.product_dim
),

dates as (
    select
        date_key,
        year,
        month
    from presentation.date_dim
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
from sales_by_category_month;
