-- SCD1 product dimension; columns and types follow contract.json star.product_dim.
-- Column encodings are left to ENCODE AUTO: Redshift picks and revises them from the data.
create table if not exists presentation.product_dim (
    product_key bigint not null,
    product_id bigint not null,
    product_name varchar(256) not null,
    category varchar(128) not null,
    subcategory varchar(128),
    brand varchar(128),
    unit_price decimal(12, 2) not null,
    primary key (product_key)
)
-- DISTSTYLE ALL: a small dimension copied to every node joins the fact without redistribution.
diststyle all;
