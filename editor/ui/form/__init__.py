"""Form editors generated from the schema: one small widget class per field kind."""
