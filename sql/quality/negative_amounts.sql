-- The rows (of the batch, where the table records it) with a negative value in a column the
-- contract marks nonNegative.
select count(*) as failed_rows
from presentation.{{ table }} as checked
where
    {{ in_batch }}
    and checked.{{ column }} < 0;
