"""The library panel, its background service, library problems and go-to-pattern."""
