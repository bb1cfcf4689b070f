"""One open document: its controller, tab, body and source editors, preview, problems."""
