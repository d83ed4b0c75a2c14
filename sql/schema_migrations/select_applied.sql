select
    version,
    checksum
from public.schema_migrations
order by version;
