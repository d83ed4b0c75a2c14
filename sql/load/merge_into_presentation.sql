-- Upsert on the match key: changed rows are overwritten, new rows inserted, and a re-run of
-- the same batch writes identical values. The match key is the natural key (one row per
-- member or fact), or the surrogate key of an SCD2 dimension (one row per version): a staged
-- row may match at most one presentation row, and MERGE takes no WHEN MATCHED AND <condition>
-- (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html, syntax and usage notes).
merge into presentation.{{ table }}
using staging.{{ table }} as staged
    on presentation.{{ table }}.{{ match_key }} = staged.{{ match_key }}
when matched then update set {{ update_assignments }}
when not matched then insert ({{ columns }}) values ({{ staged_columns }});
