"""The library as a table: one row per pattern, columns from the schema, edits in place."""
