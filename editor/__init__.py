"""Pattern Editor: a desktop editor for pattern files that never damages a file."""

__version__ = "0.1.0"
