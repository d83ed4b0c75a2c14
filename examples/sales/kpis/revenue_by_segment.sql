-- KPI revenue_by_segment: net revenue per customer segment as of each sale's date: the sale is
-- keyed to the customer_dim version valid on its sale_date (SCD2), so a customer's later change
-- of segment does not move past revenue. Sales on a placeholder for a customer that has not
-- arrived are '(inferred)'; a customer without a segment is '(none)'.
select
    'revenue_by_segment' as kpi,
    case
        when customer_dim.is_inferred then '(inferred)'
        else coalesce(customer_dim.segment, '(none)')
    end as label,  -- noqa: RF04
    sum(sales_fact.net_amount) as value  -- noqa: RF04
from presentation.sales_fact
inner join presentation.customer_dim on sales_fact.customer_key = customer_dim.customer_key
group by 2
order by 2;
