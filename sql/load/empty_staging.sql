-- DELETE, not TRUNCATE: TRUNCATE commits at once in Redshift and would split the load
-- transaction.
delete from staging.{{ table }};
