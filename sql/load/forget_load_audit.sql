-- A re-run replaces the batch's audit row instead of adding a second one.
delete from staging.load_audit
where
    batch_date = cast({{ batch_date }} as date)
    and star_table = {{ star_table }};
