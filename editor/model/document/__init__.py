"""One pattern file: exact split, node marks, style-keeping splices, atomic saves, recovery."""
