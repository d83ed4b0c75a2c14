-- Parallel table loads each record their audit row: taking the table lock first makes those
-- short transactions queue instead of failing with a serializable isolation violation
-- (https://docs.aws.amazon.com/redshift/latest/dg/c_serial_isolation.html).
lock staging.load_audit;
