"""Sharing a library through git with libgit2 (pygit2): clone, changes, share, get the latest."""
