-- SCD1 upsert on the natural key: changed rows are overwritten, new rows inserted, and a
-- re-run of the same batch writes identical values.
merge into presentation.{{ table }}
using staging.{{ table }} as staged
    on presentation.{{ table }}.{{ natural_key }} = staged.{{ natural_key }}
when matched then update set {{ update_assignments }}
when not matched then insert ({{ columns }}) values ({{ staged_columns }});
