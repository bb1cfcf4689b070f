"""The compare window (header, previews, score panel, toolbar), its rows, taking changes, and the history dialog."""
