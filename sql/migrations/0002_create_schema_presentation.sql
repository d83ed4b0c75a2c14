-- The star schema and its marts: the only schema analysts query.
create schema if not exists presentation;
