"""Private-use characters that mark places in the Markdown and in the HTML on its way out.

They never occur in pattern files (the renderer strips them if they do), so they cannot collide
with content: a marker paragraph carries a block's file line, a slot shows where a code box wants
its scroll anchor, and a prefix tells our own stashed HTML from raw HTML that needs sanitizing.
"""

from __future__ import annotations

import re

TOKEN_OPEN, TOKEN_CLOSE = "\ue000", "\ue001"  # a block-line marker paragraph: \ue000<line>\ue001
SLOT = "\ue002"  # where a code box wants its anchor
TRUSTED = "\ue003"  # prefix of stashed HTML we generated ourselves (skips the sanitizer)
TOKEN_RE = re.compile(f"{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}")
PRIVATE_RE = re.compile("[\ue000-\ue003]")
ANCHOR_RE = re.compile(r'<a name="L(\d+)"')
