-- Typed sale events from the parsed stream records: navigation into the SUPER payload, no
-- second parse. A field is cast only when its text has the contract's form, else it is null,
-- so no record can fail a query; fields arrive as JSON strings or numbers, and
-- json_serialize gives both as text (a string with its quotes, which btrim removes).
create or replace view staging.sale_events as
with

records as (
    select
        mv.approximate_arrival_timestamp,
        btrim(json_serialize(mv.payload.event_type), '"') as event_type,
        lower(btrim(json_serialize(mv.payload.event_id), '"')) as event_id,
        btrim(json_serialize(mv.payload.sale_id), '"') as sale_id,
        btrim(json_serialize(mv.payload.location_id), '"') as location_id,
        btrim(json_serialize(mv.payload.quantity), '"') as quantity,
        btrim(json_serialize(mv.payload.unit_price), '"') as unit_price,
        btrim(json_serialize(mv.payload.discount), '"') as discount,
        btrim(json_serialize(mv.payload.occurred_at), '"') as occurred_at
    from staging.mv_sale_events as mv
)

select
    approximate_arrival_timestamp,
    event_id,
    case when sale_id ~ '^[0-9]{1,18}$' then cast(sale_id as bigint) end as sale_id,
    case when location_id ~ '^[0-9]{1,18}$' then cast(location_id as bigint) end as location_id,
    case when quantity ~ '^[0-9]{1,7}$' then cast(quantity as integer) end as quantity,
    case
        when unit_price ~ '^[0-9]{1,10}([.][0-9]{1,2})?$' then cast(unit_price as decimal(12, 2))
    end as unit_price,
    case
        when coalesce(discount, '') = '' then 0
        when discount ~ '^[0-9]{1,16}([.][0-9]{1,2})?$' then cast(discount as decimal(18, 2))
    end as discount,
    case
        when
            -- contract.json events.sale_event occurred_at pattern, kept whole to compare:
            occurred_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$'  -- noqa: LT05
            then cast(occurred_at as timestamptz)
    end as occurred_at
from records
where event_type = 'sale';
