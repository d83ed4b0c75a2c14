-- The contracts the warehouse has run, newest revision last: each one's normalized JSON in
-- chunks, so a deployment can diff the next contract against it before changing anything.
-- Chunks of at most 32,000 ASCII bytes (the JSON is written with \u escapes) keep every row
-- under the Data API's 64 KB per result row and each INSERT far under its 100 KB statement
-- size (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html); Redshift VARCHAR
-- holds at most 65,535 bytes.
create table if not exists public.contract_versions (
    revision integer not null,
    version varchar(256) not null,
    applied_at timestamp not null,
    chunk_index integer not null,
    spec_chunk varchar(32000) not null,
    primary key (revision, chunk_index)
)
-- DISTSTYLE ALL: a few rows per deployment, read whole.
diststyle all;
