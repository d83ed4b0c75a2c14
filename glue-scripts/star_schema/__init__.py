"""Star-schema batch job: pure PySpark modules that build the curated (gold) star schema.

Nothing here imports awsglue; the Glue entrypoint (star_schema_job.py) is the only adapter.
"""
