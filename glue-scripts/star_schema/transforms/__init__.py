"""Pure DataFrame -> DataFrame functions: no I/O, no Glue, testable on a plain SparkSession."""
