-- The database roles of the warehouse Lambdas; each Lambda's IAM role carries the
-- RedshiftDbRoles tag that maps it onto one of them (docs/warehouse.md#database-identities).
-- Applied on AWS only, by the namespace admin: PostgreSQL has no GRANT ... TO ROLE or
-- ASSUMEROLE, and the local warehouse runs every task as one user.
create role {{ loader_role }};
create role {{ checker_role }};
create role {{ marts_role }};

-- Loader: stage a batch, MERGE it into the star tables, record the load audit.
grant usage on schema staging to role {{ loader_role }};
grant usage on schema presentation to role {{ loader_role }};
grant select, insert, update, delete on all tables in schema staging to role {{ loader_role }};
grant select, insert, update, delete on all tables in schema presentation to role {{ loader_role }};
-- COPY ... IAM_ROLE default assumes the namespace's COPY role, and only that one.
-- GRANT ASSUMEROLE (https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html) has no sqlfluff grammar.
grant assumerole on {{ copy_role_arn }} to role {{ loader_role }} for copy;  -- noqa: PRS

-- Quality checks: read only.
grant usage on schema staging to role {{ checker_role }};
grant usage on schema presentation to role {{ checker_role }};
grant select on all tables in schema staging to role {{ checker_role }};
grant select on all tables in schema presentation to role {{ checker_role }};

-- Marts: create (and so own) materialized views in presentation over the star tables, and
-- record their definitions beside the migrations.
grant usage, create on schema presentation to role {{ marts_role }};
grant select on all tables in schema presentation to role {{ marts_role }};
grant select, insert, delete on public.schema_migrations to role {{ marts_role }};

-- Tables that later migrations add get the same grants.
alter default privileges in schema staging
grant select, insert, update, delete on tables to role {{ loader_role }};
alter default privileges in schema presentation
grant select, insert, update, delete on tables to role {{ loader_role }};
alter default privileges in schema staging grant select on tables to role {{ checker_role }};
alter default privileges in schema presentation grant select on tables to role {{ checker_role }};
alter default privileges in schema presentation grant select on tables to role {{ marts_role }}
