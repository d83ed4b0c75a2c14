-- What COPY staged for this batch and table, for the manifest reconciliation check.
insert into staging.load_audit (batch_date, star_table, staged_rows, loaded_at)
select
    cast({{ batch_date }} as date) as batch_date,
    {{ star_table }} as star_table,
    count(*) as staged_rows,
    cast({{ loaded_at }} as timestamp) as loaded_at
from staging.{{ table }};
