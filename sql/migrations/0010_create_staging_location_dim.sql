-- Staging twin of presentation.location_dim: LIKE copies its columns, NOT NULLs and distribution,
-- so COPY checks nullability and the MERGE joins the target without redistributing it.
create table if not exists staging.location_dim (like presentation.location_dim);
