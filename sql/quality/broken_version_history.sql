-- What breaks an SCD2 dimension's history: each pair of versions of one member whose
-- half-open validity intervals [valid_from, valid_to) intersect, each version that ends before
-- it starts, and each version whose is_current disagrees with an open end (valid_to = the
-- open end date).
with

versions as (
    select
        {{ surrogate_key }} as version_key,
        {{ natural_key }} as member_key,
        {{ valid_from }} as valid_from,
        {{ valid_to }} as valid_to,
        {{ is_current }} as is_current
    from presentation.{{ table }}
),

overlapping_pairs as (
    select earlier.version_key
    from versions as earlier
    inner join versions as later
        on
            earlier.member_key = later.member_key
            -- Each pair once.
            and earlier.version_key < later.version_key
            and earlier.valid_from < later.valid_to
            and earlier.valid_to > later.valid_from
),

malformed_versions as (
    select version_key
    from versions
    where
        valid_from >= valid_to
        or (is_current and valid_to != cast({{ open_end }} as date))
        or (not is_current and valid_to = cast({{ open_end }} as date))
),

problems as (
    select version_key from overlapping_pairs
    union all
    select version_key from malformed_versions
)

select count(*) as failed_rows
from problems;
