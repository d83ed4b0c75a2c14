-- Calendar dimension keyed by yyyymmdd; columns and types follow contract.json star.date_dim.
-- Column encodings are left to ENCODE AUTO: Redshift picks and revises them from the data.
create table if not exists presentation.date_dim (
    date_key integer not null,
    date_value date not null,
    year smallint not null,
    quarter smallint not null,
    month smallint not null,
    day smallint not null,
    day_of_week smallint not null,
    is_weekend boolean not null,
    primary key (date_key)
)
-- DISTSTYLE ALL: a few thousand dates copied to every node join the fact locally.
diststyle all
-- SORTKEY date_key: month and quarter filters become zone-map range scans.
sortkey (date_key);
