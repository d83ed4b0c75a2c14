-- The rows (of the batch, where the table records it) whose foreign key has no dimension row
-- (the Unknown member is a dimension row, so it resolves); Redshift does not enforce foreign keys.
select count(*) as failed_rows
from presentation.{{ table }} as checked
left join presentation.{{ dimension }} as dimension
    on checked.{{ foreign_key }} = dimension.{{ dimension_key }}
where
    {{ in_batch }}
    and dimension.{{ dimension_key }} is null;
