-- Sale events as the stream delivers them, refreshed by Redshift as records arrive. It keeps
-- records that parse as JSON sale events, with each field cast only when its text has the
-- contract's form (else null), so that no record can fail a refresh. It is a real-time
-- approximation: repeats are kept (the view on top removes them) and the contract's full
-- rules are applied by the stream consumer and the batch path, which are the truth.
-- No WITH clause and no joins: a streaming view must be refreshable incrementally.
-- Physical design is left to Redshift (DISTSTYLE AUTO, SORTKEY AUTO): its size and queries
-- are unknown until it runs.
create materialized view staging.mv_sale_events
auto refresh yes
as
select
    shard_id,
    sequence_number,
    approximate_arrival_timestamp,
    json_parse(kinesis_data) as payload,
    lower(json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'event_id', true)) as event_id,
    case
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'sale_id', true)
            ~ '^[0-9]{1,18}$'
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'sale_id', true) as bigint
            )
    end as sale_id,
    case
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'location_id', true)
            ~ '^[0-9]{1,18}$'
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'location_id', true) as bigint
            )
    end as location_id,
    case
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'quantity', true)
            ~ '^[0-9]{1,7}$'
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'quantity', true) as integer
            )
    end as quantity,
    case
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'unit_price', true)
            ~ '^[0-9]{1,10}([.][0-9]{1,2})?$'
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'unit_price', true)
                as decimal(12, 2)
            )
    end as unit_price,
    case
        when json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'discount', true) = '' then 0
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'discount', true)
            ~ '^[0-9]{1,16}([.][0-9]{1,2})?$'
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'discount', true)
                as decimal(18, 2)
            )
    end as discount,
    case
        when
            json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'occurred_at', true)
            -- contract.json events.sale_event occurred_at pattern, kept whole to compare:
            ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$'  -- noqa: LT05
            then cast(
                json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'occurred_at', true)
                as timestamptz
            )
    end as occurred_at
from sale_events_stream.{{ stream_name }}
where
    can_json_parse(kinesis_data)
    and json_extract_path_text(from_varbyte(kinesis_data, 'utf-8'), 'event_type', true) = 'sale';
