-- A re-created mart replaces its record.
delete from public.schema_migrations
where version = {{ version }};
