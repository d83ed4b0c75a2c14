-- Staging twin of presentation.customer_dim: LIKE copies its columns, NOT NULLs and distribution,
-- so COPY checks nullability and the MERGE joins the target without redistributing it.
create table if not exists staging.customer_dim (like presentation.customer_dim);
