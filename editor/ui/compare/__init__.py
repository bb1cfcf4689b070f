"""The compare window, its rows, taking changes, and the history dialog."""
