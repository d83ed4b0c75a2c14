-- The batch's fact rows whose derived column differs from the expression the contract
-- declares for it (contract.json star.<table>.columns[].derived).
select count(*) as failed_rows
from presentation.{{ table }}
where
    batch_date = cast({{ batch_date }} as date)
    and {{ column }} != ({{ expression }});
