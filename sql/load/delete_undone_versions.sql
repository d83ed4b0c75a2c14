-- An SCD2 dimension's gold partition holds every version of every member, so a presentation
-- version that staging lacks was undone by a replay of an earlier batch: it goes, before the
-- MERGE reopens the version it had closed. Surrogate keys are NOT NULL, so NOT IN is exact
-- (https://docs.aws.amazon.com/redshift/latest/dg/r_DELETE.html: a subquery in WHERE).
delete from presentation.{{ table }}
where {{ surrogate_key }} not in (
    select staged.{{ surrogate_key }}
    from staging.{{ table }} as staged
);
