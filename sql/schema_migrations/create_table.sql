-- One row per applied migration file; runs before every deploy's migrations.
create table if not exists public.schema_migrations (
    version varchar(256) not null,
    checksum char(64) not null,
    applied_at timestamp not null,
    primary key (version)
)
-- DISTSTYLE ALL: tens of rows, read whole at every deploy.
diststyle all;
