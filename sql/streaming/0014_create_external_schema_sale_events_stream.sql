-- The sale event stream as an external schema: Redshift streaming ingestion reads Kinesis
-- itself, assuming the role StreamingIngestion creates (read on that one stream, decrypt).
-- Applied only on AWS, when the stack wires the stream in (docs/streaming.md).
create external schema if not exists sale_events_stream
from kinesis
iam_role {{ streaming_role_arn }};
