-- The batch's fact rows with a negative value in a column the contract marks nonNegative.
select count(*) as failed_rows
from presentation.{{ table }}
where
    batch_date = cast({{ batch_date }} as date)
    and {{ column }} < 0;
