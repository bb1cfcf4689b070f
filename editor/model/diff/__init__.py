"""Semantic comparison of two versions of a pattern, and git history."""
