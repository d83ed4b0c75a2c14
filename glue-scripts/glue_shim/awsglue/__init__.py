"""A thin local stand-in for the parts of awsglue the entrypoint uses (tests and local runs only).

Put glue-scripts/glue_shim on PYTHONPATH; in Glue the real awsglue is on the path instead.
"""
