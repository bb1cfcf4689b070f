"""Stylesheets, icons and templates, loaded with importlib.resources."""
