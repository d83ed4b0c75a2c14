-- SCD1 customer dimension; columns and types follow contract.json star.customer_dim.
-- Column encodings are left to ENCODE AUTO: Redshift picks and revises them from the data.
create table if not exists presentation.customer_dim (
    customer_key bigint not null,
    customer_id bigint not null,
    full_name varchar(257) not null,
    email varchar(320),
    city varchar(128),
    state varchar(64),
    segment varchar(64),
    primary key (customer_key)
)
-- DISTSTYLE ALL: a small dimension copied to every node joins the fact without redistribution.
diststyle all;
