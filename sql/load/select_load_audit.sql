-- Rows staged for one batch and table, as recorded by the load transaction.
select staged_rows
from staging.load_audit
where
    batch_date = cast({{ batch_date }} as date)
    and star_table = {{ star_table }};
