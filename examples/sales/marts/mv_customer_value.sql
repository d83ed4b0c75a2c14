-- Lifetime value per customer: net revenue, number of sales, first and last purchase.
create materialized view presentation.mv_customer_value
-- DISTKEY customer_key: matches sales_fact, so the aggregation runs without redistribution.
distkey (customer_key)
-- SORTKEY customer_key: lookups of one customer's value read one block range.
sortkey (customer_key)
as
with

sales as (
    select
        customer_key,
        date_key,
        net_amount
    from presentation.sales_fact
),

customers as (
    select
        customer_key,
        customer_id,
        full_name
    from presentation.customer_dim
),

dates as (
    select
        date_key,
        date_value
    from presentation.date_dim
),

sales_per_customer as (
    select
        sales.customer_key,
        count(*) as sale_count,
        sum(sales.net_amount) as net_revenue,
        min(dates.date_value) as first_purchase_date,
        max(dates.date_value) as last_purchase_date
    from sales
    inner join dates on sales.date_key = dates.date_key
    group by sales.customer_key
),

customer_value as (
    select
        sales_per_customer.customer_key,
        customers.customer_id,
        customers.full_name,
        sales_per_customer.sale_count,
        sales_per_customer.net_revenue,
        sales_per_customer.first_purchase_date,
        sales_per_customer.last_purchase_date
    from sales_per_customer
    inner join customers on sales_per_customer.customer_key = customers.customer_key
)

select
    customer_key,
    customer_id,
    full_name,
    sale_count,
    net_revenue,
    first_purchase_date,
    last_purchase_date
from customer_value;
