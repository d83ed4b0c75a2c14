-- 1 when the bookkeeping table exists, else 0: read before anything is created, so a refused
-- contract leaves a new warehouse untouched. Redshift keeps PostgreSQL's catalog tables
-- (https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html).
select count(*) as tables_found
from pg_catalog.pg_class as catalog_table
inner join pg_catalog.pg_namespace as catalog_schema on catalog_table.relnamespace = catalog_schema.oid
where
    catalog_schema.nspname = {{ schema_name }}
    and catalog_table.relname = {{ table_name }};
