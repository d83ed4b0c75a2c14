-- Runs before a changed mart definition is re-created.
drop materialized view if exists presentation.{{ mart }};
