-- One chunk of a contract's normalized JSON; a revision's chunks are written in one transaction.
insert into public.contract_versions (revision, version, applied_at, chunk_index, spec_chunk)
values (
    cast({{ revision }} as integer),
    {{ version }},
    cast({{ applied_at }} as timestamp),
    cast({{ chunk_index }} as integer),
    {{ spec_chunk }}
);
