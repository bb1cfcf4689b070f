"""Edits across files, gated by the checks: bulk operations, library fixes, typed values from text."""
