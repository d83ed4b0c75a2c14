-- The batch's fact rows whose foreign key has no dimension row (the Unknown member, -1,
-- is a dimension row, so it resolves); Redshift does not enforce foreign keys.
select count(*) as failed_rows
from presentation.{{ table }} as fact
left join presentation.{{ dimension }} as dimension
    on fact.{{ foreign_key }} = dimension.{{ dimension_key }}
where
    fact.batch_date = cast({{ batch_date }} as date)
    and dimension.{{ dimension_key }} is null;
