-- Runs before a changed mart definition is re-created, and before a migration changes a table
-- the mart reads.
drop materialized view if exists presentation.{{ mart }};
