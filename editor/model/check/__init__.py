"""Validation of one file against the schema, and lint across a library."""
