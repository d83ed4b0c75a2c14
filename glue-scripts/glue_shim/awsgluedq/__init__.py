"""A local stand-in for Glue's awsgluedq package (tests and local runs only); see transforms."""
