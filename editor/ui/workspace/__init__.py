"""The open patterns and their lifecycle: open, save, close, recovery snapshots, file watching,
changes made behind the editor's back, rename. The main window shows it; it does not run it."""
