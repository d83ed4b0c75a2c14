-- Members of an SCD2 dimension (natural keys) whose current versions number other than one:
-- two current rows, or none (every version closed).
with

current_versions as (
    select
        {{ natural_key }},
        sum(case when {{ is_current }} then 1 else 0 end) as current_count
    from presentation.{{ table }}
    group by {{ natural_key }}
)

select count(*) as failed_rows
from current_versions
where current_count != 1;
