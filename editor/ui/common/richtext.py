"""Small helpers for the rich text that labels, tooltips and previews show."""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """Text from a file, safe inside Qt rich text."""
    return html.escape(str(value), quote=False)


def mix(colour: str, background: str, share: float) -> str:
    """``share`` of ``colour`` over ``background`` as #rrggbb: rich text and fast solid lines
    have no alpha."""
    x, y = int(colour[1:], 16), int(background[1:], 16)
    out = 0
    for shift in (16, 8, 0):
        a, b = (x >> shift) & 255, (y >> shift) & 255
        out |= round(a * share + b * (1 - share)) << shift
    return f"#{out:06x}"
