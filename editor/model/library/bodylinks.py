"""Links from a pattern's body to other patterns: ``[Title](slug)``, ``[Title](../slug.md)``, ….

The corpus bodies hold no link to another pattern (365 links, all to web pages), so the editor
writes the shortest form the preview and the site both resolve, ``[Title](slug)``, unless the
body already links patterns as ``slug.md`` files (then it follows the body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from editor.model.schema.spec import SLUG_PATTERN

_SLUG_RE = re.compile(SLUG_PATTERN)
# [text](target) or [text](<target> "title"); not images; the target is group 2
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_CODE = re.compile(r"`+[^`]*`+")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def link_slug(href: str) -> str | None:
    """'other.md', '../_patterns/other.md', 'other', '/patterns/other/' -> 'other'; None for a
    web address, another kind of file or anything that is not a slug."""
    try:
        parts = urlsplit(href)
    except ValueError:  # e.g. a malformed IPv6 host: treat as unusable
        return None
    if parts.scheme or parts.netloc:
        return None
    segments = [s for s in unquote(parts.path).split("/") if s and s != "."]
    if not segments or segments[-1] == "..":
        return None
    name = segments[-1]
    if name.lower().endswith(".md"):
        name = name[:-3]
    elif "." in name:
        return None  # another kind of file
    name = name.lower()
    return name if _SLUG_RE.match(name) else None


@dataclass(frozen=True)
class BodyLink:
    line: int  # 0-based line of the body
    column: int  # 0-based column of the opening '['
    length: int  # characters from '[' to ')'
    text: str
    href: str
    slug: str | None  # the pattern the link names, None for a web page or a file


def line_links(line: str) -> Iterator[tuple[int, int, str, str, str | None]]:
    """(column, length, text, href, slug) of the links of one line outside inline code."""
    code = [(m.start(), m.end()) for m in _CODE.finditer(line)]
    for m in _LINK.finditer(line):
        if any(s <= m.start() < e for s, e in code):
            continue
        href = m.group(2)
        yield m.start(), m.end() - m.start(), m.group(1), href, link_slug(href) if href else None


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line, text) of every body line outside fenced code blocks (``` or ~~~)."""
    fence = ""
    for i, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        yield i, line


def body_links(body: str) -> Iterator[BodyLink]:
    """Every inline link of the body outside fenced and inline code, in order."""
    for i, line in prose_lines(body):
        if "](" in line:
            for col, length, text, href, slug in line_links(line.rstrip("\r")):
                yield BodyLink(i, col, length, text, href, slug)


def link_target(slug: str, body: str = "") -> str:
    """The target to write for ``slug``: ``slug``, or ``slug.md`` when the body's pattern links
    are mostly written as files."""
    as_files = as_slugs = 0
    for link in body_links(body):
        if link.slug:
            if link.href.lower().endswith(".md"):
                as_files += 1
            else:
                as_slugs += 1
    return f"{slug}.md" if as_files > as_slugs else slug


def markdown_link(title: str, slug: str, body: str = "") -> str:
    """``[Title](slug)``; brackets in the title are escaped so the link stays one link."""
    text = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[{text}]({link_target(slug, body)})"
