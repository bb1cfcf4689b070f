"""Semantic comparison of two versions of a pattern, the versions themselves (file or REV:PATH), and git history."""
