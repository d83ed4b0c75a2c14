-- Staging twin of presentation.product_dim: LIKE copies its columns, NOT NULLs and distribution,
-- so COPY checks nullability and the MERGE joins the target without redistributing it.
create table if not exists staging.product_dim (like presentation.product_dim);
