"""The pattern's neighbourhood graph and the library graph."""
