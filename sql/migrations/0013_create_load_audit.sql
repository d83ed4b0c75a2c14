-- Rows staged per batch and table, written in the load transaction; the quality checks
-- reconcile it with the Glue manifest.
create table if not exists staging.load_audit (
    batch_date date not null,
    star_table varchar(64) not null,
    staged_rows bigint not null,
    loaded_at timestamp not null,
    primary key (batch_date, star_table)
)
-- DISTSTYLE ALL: a handful of rows per batch; replicated, the checks read it locally.
diststyle all;
