"""Spark settings for a local run (local pipeline, bench): lean, for short runs on a small machine."""

LOCAL_SPARK_CONF = {
    "spark.master": "local[*]",
    "spark.driver.memory": "2g",
    # A local run lasts seconds to a minute: the JVM's optimizing compiler (C2) spends more of the
    # few cores than its faster code wins back in that time. On 2 cores, stopping at C1 made the
    # first batch of 1,000,000 sales about a quarter faster.
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # A few partitions suit a laptop-sized batch; Glue keeps its own (larger) defaults.
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
}
