-- Runs as its own transaction in Redshift, so it is never part of a batch.
refresh materialized view presentation.{{ mart }};
