-- The rows (of the batch, where the table records it) keyed to a version of an SCD2 dimension
-- that is not valid on the row's as-of date (valid_from <= date < valid_to). The date is a
-- column of `dated`: the calendar row the fact's date key finds, or the fact row itself when
-- it keeps the date. Rows keyed to the Unknown member, or whose date is unknown (null, or the
-- calendar's Unknown member), pick no version; a key with no dimension row at all is the
-- foreign key check's to report.
select count(*) as failed_rows
from presentation.{{ table }} as checked
inner join presentation.{{ dated_table }} as dated
    on checked.{{ dated_key }} = dated.{{ dated_table_key }}
inner join presentation.{{ dimension }} as dimension
    on checked.{{ foreign_key }} = dimension.{{ dimension_key }}
where
    {{ in_batch }}
    and checked.{{ foreign_key }} != cast({{ unknown_key }} as bigint)
    and dated.{{ dated_table_key }} != cast({{ unknown_key }} as bigint)
    and dated.{{ as_of_column }} is not null
    and not (
        dated.{{ as_of_column }} >= dimension.{{ valid_from }}
        and dated.{{ as_of_column }} < dimension.{{ valid_to }}
    );
