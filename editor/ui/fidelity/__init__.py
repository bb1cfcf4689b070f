"""The through-form fidelity cycle: every text field and cell driven with real key events,
the file checked byte by byte after each step."""
