-- One row per sale; columns and types follow contract.json star.sales_fact. The keys are
-- informational in Redshift: sql/quality enforces uniqueness and every foreign key.
-- Column encodings are left to ENCODE AUTO: Redshift picks and revises them from the data.
create table if not exists presentation.sales_fact (
    sale_key bigint not null,
    sale_id bigint not null,
    customer_key bigint not null,
    product_key bigint not null,
    location_key bigint not null,
    date_key integer not null,
    quantity integer not null,
    unit_price decimal(12, 2) not null,
    gross_amount decimal(18, 2) not null,
    discount decimal(18, 2) not null,
    tax_amount decimal(18, 2) not null,
    net_amount decimal(18, 2) not null,
    batch_date date not null,
    primary key (sale_key),
    foreign key (customer_key) references presentation.customer_dim (customer_key),
    foreign key (product_key) references presentation.product_dim (product_key),
    foreign key (location_key) references presentation.location_dim (location_key),
    foreign key (date_key) references presentation.date_dim (date_key)
)
-- DISTKEY customer_key: the dimensions are DISTSTYLE ALL, so the join that matters is the
-- per-customer aggregation (mv_customer_value), which this keeps on one slice per customer.
distkey (customer_key)
-- SORTKEY date_key: marts and ad-hoc queries filter on date ranges, which zone maps then skip.
sortkey (date_key);
