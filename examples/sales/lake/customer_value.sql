-- Lifetime value per customer, over all its versions: net revenue, number of sales, first and
-- last purchase, current name and placeholder flag (as mv_customer_value).
-- Gold keeps one partition per batch_date: a sale re-sent in a later batch is in two partitions,
-- so the latest batch wins per sale_id, as the warehouse MERGE does; each dimension partition is a
-- full snapshot (every version of an SCD2 one), so the latest one is the current state. Runs on
-- Athena engine v3 and DuckDB.
with

sale_versions as (
    select
        customer_key,
        date_key,
        net_amount,
        row_number() over (partition by sale_id order by batch_date desc) as version_rank
    from sales_fact
),

sales as (
    select
        customer_key,
        date_key,
        net_amount
    from sale_versions
    where version_rank = 1
),

customers as (
    select
        customer_dim.customer_key,
        customer_dim.customer_id,
        customer_dim.full_name,
        customer_dim.is_current,
        customer_dim.is_inferred
    from customer_dim
    where customer_dim.batch_date = (select max(snapshots.batch_date) from customer_dim as snapshots)
),

dates as (
    select
        date_dim.date_key,
        date_dim.date_value
    from date_dim
    where date_dim.batch_date = (select max(snapshots.batch_date) from date_dim as snapshots)
),

sales_per_customer as (
    select
        customers.customer_id,
        count(*) as sale_count,
        sum(sales.net_amount) as net_revenue,
        min(dates.date_value) as first_purchase_date,
        max(dates.date_value) as last_purchase_date
    from sales
    inner join customers on sales.customer_key = customers.customer_key
    inner join dates on sales.date_key = dates.date_key
    group by customers.customer_id
),

customer_value as (
    select
        sales_per_customer.customer_id,
        customers.full_name,
        customers.is_inferred,
        sales_per_customer.sale_count,
        sales_per_customer.net_revenue,
        sales_per_customer.first_purchase_date,
        sales_per_customer.last_purchase_date
    from sales_per_customer
    inner join customers
        on
            sales_per_customer.customer_id = customers.customer_id
            and customers.is_current
)

select
    customer_id,
    full_name,
    is_inferred,
    sale_count,
    net_revenue,
    first_purchase_date,
    last_purchase_date
from customer_value
order by customer_id;
