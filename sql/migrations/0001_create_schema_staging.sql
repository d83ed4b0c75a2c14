-- Landing area for one batch: COPY fills it, MERGE drains it.
create schema if not exists staging;
