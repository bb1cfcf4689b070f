"""Exports that need Qt: the pattern card as PDF (Qt's own PDF writer)."""
