-- The batch's sales whose net amount is not gross amount minus discount.
select count(*) as failed_rows
from presentation.{{ table }}
where
    batch_date = cast({{ batch_date }} as date)
    and net_amount != gross_amount - discount;
