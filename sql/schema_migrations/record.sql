insert into public.schema_migrations (version, checksum, applied_at)
values ({{ version }}, {{ checksum }}, cast({{ applied_at }} as timestamp));
