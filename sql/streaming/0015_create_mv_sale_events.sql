-- Sale events as the stream delivers them, refreshed by Redshift as records arrive. Each
-- record is parsed once, into SUPER, as AWS recommends for streaming ingestion (Redshift
-- guide, materialized-view-streaming-ingestion-getting-started.html); the view
-- staging.sale_events reads typed fields from it. Records that are not JSON are left out, so
-- none can fail a refresh; the contract's full rules are applied by the stream consumer and
-- the batch path, which are the truth.
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
    json_parse(kinesis_data) as payload
from sale_events_stream.{{ stream_name }}
where can_json_parse(kinesis_data);
