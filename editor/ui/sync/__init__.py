"""Git for contributors: Get a library, the Changes panel, Share my changes, Get the latest."""
