-- 1 when the rows loaded for a table differ from the Glue manifest's count (or none were
-- loaded), else 0.
with

manifest as (
    select cast({{ expected_rows }} as bigint) as expected_rows
),

loaded as (
    select staged_rows
    from staging.load_audit
    where
        batch_date = cast({{ batch_date }} as date)
        and star_table = {{ star_table }}
)

select count(*) as failed_rows
from manifest
left join loaded on manifest.expected_rows = loaded.staged_rows
where loaded.staged_rows is null;
