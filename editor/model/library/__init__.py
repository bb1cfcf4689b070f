"""A folder of patterns: index, search, relationship graph, new patterns, renames."""
