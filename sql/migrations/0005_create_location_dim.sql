-- SCD1 store dimension; columns and types follow contract.json star.location_dim.
-- Column encodings are left to ENCODE AUTO: Redshift picks and revises them from the data.
create table if not exists presentation.location_dim (
    location_key bigint not null,
    location_id bigint not null,
    store_name varchar(256) not null,
    city varchar(128),
    state varchar(64),
    region varchar(64) not null,
    country varchar(64) not null,
    primary key (location_key)
)
-- DISTSTYLE ALL: a small dimension copied to every node joins the fact without redistribution.
diststyle all;
