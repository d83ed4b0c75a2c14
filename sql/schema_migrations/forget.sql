-- A re-applied migration or a re-created mart replaces its record; a dropped mart loses it,
-- so the next marts step builds it again.
delete from public.schema_migrations
where version = {{ version }};
