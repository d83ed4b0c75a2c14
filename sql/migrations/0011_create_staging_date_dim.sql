-- Staging twin of presentation.date_dim: LIKE copies its columns, NOT NULLs and distribution,
-- so COPY checks nullability and the MERGE joins the target without redistributing it.
create table if not exists staging.date_dim (like presentation.date_dim);
