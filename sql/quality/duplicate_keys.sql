-- Rows whose key value occurs more than once; Redshift does not enforce primary keys.
with

key_counts as (
    select
        {{ key }},
        count(*) as occurrences
    from presentation.{{ table }}
    group by {{ key }}
)

select coalesce(sum(occurrences), 0) as failed_rows
from key_counts
where occurrences > 1;
