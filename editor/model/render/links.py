"""The preview's URL policy: which links stay, which become ``pattern:<slug>``, which are dropped."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from editor.model.library.bodylinks import link_slug as _pattern_slug
from editor.model.schema.spec import SLUG_PATTERN

_SLUG_RE = re.compile(SLUG_PATTERN)


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host: treat as unusable
        return None


def safe_href(href: str) -> str | None:
    """The href the preview may use, or None to drop the link (unsafe or meaningless scheme)."""
    href = href.strip()
    if not href:
        return None
    if href.startswith("#"):
        return href
    if href.startswith("//"):
        return "https:" + href
    parts = _split(href)
    if parts is None:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https", "mailto"):
        return href
    if scheme == "pattern":
        slug = href.split(":", 1)[1].strip("/").lower()
        return f"pattern:{slug}" if _SLUG_RE.match(slug) else None
    if scheme:
        return None  # javascript:, data:, file:, vbscript:, ...
    slug = _pattern_slug(href)
    return f"pattern:{slug}" if slug else href


def image_placeholder(alt: str) -> str:
    return f"[image: {alt.strip() or 'no description'}]"
