-- Stage one gold partition. COPY maps Parquet columns by position, so the Glue job writes
-- them in contract order (test/warehouse pins the staging column order to the contract).
copy staging.{{ table }}
from {{ s3_uri }}
iam_role default
format as parquet;
