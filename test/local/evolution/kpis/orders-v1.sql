-- The evolution test's KPI under v1: revenue by the customer's name (Unknown for an orphan).
select
    'revenue_by_customer' as kpi,
    c.customer_name as label,
    sum(f.amount) as value
from presentation.order_fact as f
inner join presentation.customer_dim as c on f.customer_key = c.customer_key
group by c.customer_name
