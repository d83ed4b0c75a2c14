-- Lifetime value per customer, over all its versions (customer_dim is SCD2): net revenue, number
-- of sales, first and last purchase, and its current name. A placeholder for a customer a sale
-- named before the customer arrived is flagged is_inferred, so reports can set it apart.
create materialized view presentation.mv_customer_value
-- DISTKEY customer_id: the rows of one customer, over its versions, aggregate on one slice.
distkey (customer_id)
-- SORTKEY customer_id: lookups of one customer's value read one block range.
sortkey (customer_id)
as
with

sales as (
    select
        customer_key,
        date_key,
        net_amount
    from presentation.sales_fact
),

versions as (
    select
        customer_key,
        customer_id
    from presentation.customer_dim
),

current_customers as (
    select
        customer_id,
        full_name,
        is_inferred
    from presentation.customer_dim
    where is_current
),

dates as (
    select
        date_key,
        date_value
    from presentation.date_dim
),

sales_per_customer as (
    select
        versions.customer_id,
        count(*) as sale_count,
        sum(sales.net_amount) as net_revenue,
        min(dates.date_value) as first_purchase_date,
        max(dates.date_value) as last_purchase_date
    from sales
    inner join versions on sales.customer_key = versions.customer_key
    inner join dates on sales.date_key = dates.date_key
    group by versions.customer_id
),

customer_value as (
    select
        sales_per_customer.customer_id,
        current_customers.full_name,
        current_customers.is_inferred,
        sales_per_customer.sale_count,
        sales_per_customer.net_revenue,
        sales_per_customer.first_purchase_date,
        sales_per_customer.last_purchase_date
    from sales_per_customer
    inner join current_customers on sales_per_customer.customer_id = current_customers.customer_id
)

select
    customer_id,
    full_name,
    is_inferred,
    sale_count,
    net_revenue,
    first_purchase_date,
    last_purchase_date
from customer_value;
