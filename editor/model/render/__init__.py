"""Markdown body and header card to preview HTML."""
