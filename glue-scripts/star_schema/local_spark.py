"""Spark settings for a local run (local pipeline, bench): lean, since it starts once per batch."""

LOCAL_SPARK_CONF = {
    "spark.master": "local[*]",
    "spark.driver.memory": "2g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # A few partitions suit a laptop-sized batch; Glue keeps its own (larger) defaults.
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
}
