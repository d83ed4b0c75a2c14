-- Staging twin of presentation.sales_fact: LIKE copies its columns, NOT NULLs and distribution,
-- so COPY checks nullability and the MERGE joins the target without redistributing it.
create table if not exists staging.sales_fact (like presentation.sales_fact);
