"""Where top-level Markdown blocks start, for scroll anchors and section cuts.

A marker paragraph carrying the file line goes before each block start that Python-Markdown
parses the same with or without it: never inside a fence, a raw HTML block, a list, or between
quote lines that merge into one blockquote.
"""

from __future__ import annotations

import re

from editor.model.render.markers import TOKEN_CLOSE, TOKEN_OPEN

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figcaption|figure|"
    r"footer|form|header|iframe|main|nav|noscript|object|ol|pre|script|section|style|table|ul|video|audio|"
    r"canvas|svg|math)(?=[\s>/]|$)",
    re.I,
)


def _kind(line: str) -> str:
    stripped = line.lstrip(" ")
    if stripped.startswith(">"):
        return "quote"
    if _LIST_ITEM.match(line):
        return "list"
    if stripped.startswith("#"):
        return "heading"
    return "other"


def block_starts(lines: list[str]) -> list[int]:
    """0-based indexes of lines that start a top-level block, where a marker paragraph can be
    inserted without changing how Python-Markdown parses the text (never inside a fence, raw HTML
    block, list, or between quote lines that Python-Markdown merges into one blockquote)."""
    starts: list[int] = []
    fence: tuple[str, int] | None = None
    html_tag: str | None = None
    html_depth = 0
    prev_blank = True
    prev_kind = ""
    for i, raw in enumerate(lines):
        line = raw.expandtabs(4)
        stripped = line.strip()
        if fence is not None:
            m = _FENCE_OPEN.match(line)
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] and not line[m.end() :].strip():
                fence = None
            prev_blank = False
            continue
        if html_tag is not None:
            html_depth += _tag_balance(line, html_tag)
            if html_depth <= 0 or (html_tag == "!--" and "-->" in line):
                html_tag = None
            prev_blank = False
            continue
        if not stripped:
            prev_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        kind = _kind(line)
        start = prev_blank or (kind == "heading" and indent < 4)
        if start and (
            indent >= 4
            or (prev_kind == "list" and (indent > 0 or kind == "list"))
            or (prev_kind == "quote" and kind == "quote")
        ):
            start = False
        if start:
            starts.append(i)
            prev_kind = kind
        m = _FENCE_OPEN.match(line)
        if m:
            fence = (m.group(2)[0], len(m.group(2)))
        elif stripped.startswith("<!--") and "-->" not in stripped:
            html_tag, html_depth = "!--", 1
        else:
            h = _HTML_BLOCK.match(line)
            if h:
                tag = h.group(1).lower()
                depth = _tag_balance(line, tag)
                if depth > 0:
                    html_tag, html_depth = tag, depth
        prev_blank = False
    return starts


def _tag_balance(line: str, tag: str) -> int:
    if tag == "!--":
        return 0
    low = line.lower()
    opened = len(re.findall(rf"<{tag}(?=[\s>/]|$)", low))
    closed = low.count(f"</{tag}")
    self_closed = len(re.findall(rf"<{tag}\b[^>]*/>", low))
    return opened - closed - self_closed


def with_markers(lines: list[str], starts: list[int], base_line: int) -> str:
    out: list[str] = []
    marks = set(starts)
    for i, line in enumerate(lines):
        if i in marks:
            if out and out[-1].strip():
                out.append("")
            out += [f"{TOKEN_OPEN}{base_line + i}{TOKEN_CLOSE}", ""]
        out.append(line)
    return "\n".join(out)


_SECOND_FM_KEY = re.compile(r"^(id|slug|title):\s")


def fence_second_frontmatter(lines: list[str]) -> None:
    """A stale frontmatter block at the top of a body (W12) is shown as a labelled code block
    instead of a rule, a paragraph of keys and a setext heading. Line count is unchanged."""
    k = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if k is None or k + 1 >= len(lines) or lines[k].strip() != "---" or not _SECOND_FM_KEY.match(lines[k + 1]):
        return
    for j in range(k + 1, min(len(lines), k + 400)):
        if lines[j].strip() == "---":
            lines[k], lines[j] = "```pattern-frontmatter", "```"
            return
