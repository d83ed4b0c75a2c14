-- The rows (of the batch, where the table records it) whose derived column differs from the
-- expression the contract declares for it (star.<table>.columns[].derived).
select count(*) as failed_rows
from presentation.{{ table }} as checked
where
    {{ in_batch }}
    and checked.{{ column }} != ({{ expression }});
