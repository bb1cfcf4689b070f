"""Semantic three-way merge of pattern files: fields by path, entries by slug, body by heading."""
