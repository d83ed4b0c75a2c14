-- The chunks of the newest revision, in order.
with

latest as (
    select max(revision) as revision
    from public.contract_versions
)

select
    recorded.revision,
    recorded.version,
    recorded.chunk_index,
    recorded.spec_chunk
from public.contract_versions as recorded
inner join latest on recorded.revision = latest.revision
order by recorded.chunk_index;
