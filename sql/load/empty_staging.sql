-- DELETE, not TRUNCATE: TRUNCATE commits at once in Redshift and would split the
-- transaction it runs in.
delete from staging.{{ table }};
