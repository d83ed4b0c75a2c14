-- Today's (UTC) streamed sales per store region, seconds behind the stream. Repeated events
-- (redeliveries, producer retries) count once: one row per sale_id, the latest occurred_at
-- winning, as in the batch job. Stores not yet in location_dim count under the unknown member.
create or replace view presentation.sales_today_by_region as
with

events as (
    select
        event_id,
        sale_id,
        location_id,
        quantity,
        unit_price,
        discount,
        occurred_at
    from staging.sale_events
    where
        sale_id is not null
        and quantity is not null
        and unit_price is not null
        and discount is not null
        and cast(occurred_at at time zone 'UTC' as date) = current_date
),

ranked_events as (
    select
        sale_id,
        location_id,
        quantity,
        unit_price,
        discount,
        row_number() over (partition by sale_id order by occurred_at desc, event_id desc) as recency
    from events
),

sales as (
    select
        sale_id,
        location_id,
        quantity,
        discount,
        quantity * unit_price as gross_amount
    from ranked_events
    where recency = 1
),

locations as (
    select
        location_id,
        region
    from presentation.location_dim
),

sales_by_region as (
    select
        -- region: the contract's column name, a keyword in sqlfluff's Redshift list only.
        coalesce(locations.region, 'Unknown') as region,  -- noqa: RF04
        count(*) as sale_count,
        sum(sales.quantity) as units_sold,
        sum(sales.gross_amount) as gross_revenue,
        sum(sales.discount) as discount_total,
        sum(sales.gross_amount - sales.discount) as net_revenue
    from sales
    left join locations on sales.location_id = locations.location_id
    group by coalesce(locations.region, 'Unknown')
)

select
    region,
    sale_count,
    units_sold,
    gross_revenue,
    discount_total,
    net_revenue
from sales_by_region;
