"""Markdown → HTML for the live preview: a pure function of the text, drawn by QTextBrowser.

QTextBrowser understands only Qt's "Supported HTML Subset", so the output leans on tables
(callouts, block quotes and code blocks are one-row tables with coloured cells) and inline
colours (Pygments with ``noclasses``). The base typography lives in ``resources/preview/<theme>.css``;
the UI installs it once per theme with ``QTextDocument.setDefaultStyleSheet(stylesheet(theme))``.

Scroll sync: every top-level block carries ``<a name="L{n}"></a>`` (n = 1-based file line) inside
its first line of text (Qt drops empty anchors that sit between blocks); ``anchor_for_line``
picks the anchor at or before an editor line.

Sections: the body is cut before each top-level heading (where marker paragraphs already cut it)
and each section's HTML is cached by its text, with anchors counted from its first line and shifted
on the way out, so a keystroke re-renders one section. Footnote or link-reference definitions tie
sections together; such a body is rendered whole.

Safety: every section's HTML ends in nh3's allow-list (``render_safety.clean_output``); links to
other patterns become ``pattern:<slug>``; remote, absolute and ``file:`` images are shown as
"[image: alt]" and local ones point at ``pattern-image:`` for the preview's checked loader.

The pieces: ``blocks.py`` (block starts, marker paragraphs), ``extension.py`` (the Markdown
extension and code boxes), ``rawhtml.py`` (raw HTML adapted for Qt), ``links.py`` (URL policy).
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Sequence
from typing import Any

import markdown
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from pymdownx import highlight as _pymdownx_highlight  # noqa: F401 (SuperFences loads it by name)
from pymdownx.betterem import BetterEmExtension
from pymdownx.superfences import SuperFencesCodeExtension
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension

from editor.base import assets
from editor.model.render.blocks import block_starts, fence_second_frontmatter, with_markers
from editor.model.render.card import THEMES, error_card, palette, render_card
from editor.model.render.extension import PreviewExtension, fence_box
from editor.model.render.links import safe_href
from editor.model.render.markers import ANCHOR_RE, PRIVATE_RE
from editor.model.render.rawhtml import sanitize_html
from editor.model.render.safety import clean_output

__all__ = [
    "THEMES",
    "anchor_for_line",
    "block_lines",
    "render_body",
    "render_card",
    "render_pattern",
    "reset_cache",
    "safe_href",
    "sanitize_html",
    "section_stats",
    "stylesheet",
]


# ---------------------------------------------------------------- public API


def stylesheet(theme: str = "light") -> str:
    """The default stylesheet for ``QTextDocument.setDefaultStyleSheet`` (not inlined in the HTML)."""
    palette(theme)  # validates the name
    return _stylesheet(theme)


@functools.cache
def _stylesheet(theme: str) -> str:
    return assets.read_text(f"preview/{theme}.css")


def render_body(markdown_text: str, *, theme: str = "light", base_line: int = 1) -> str:
    """The body as an HTML fragment; ``base_line`` is the file line where the body starts."""
    return _renderer(theme).render(markdown_text, base_line)


def block_lines(markdown_text: str, *, base_line: int = 1) -> list[int]:
    """File lines (1-based) of the top-level blocks that get a scroll anchor."""
    lines = PRIVATE_RE.sub("", markdown_text).splitlines()
    return [base_line + i for i in block_starts(lines)]


def anchor_for_line(html_or_lines: str | Sequence[int], line: int) -> str:
    """Name of the anchor at or before file ``line`` ("L12"); the first anchor if the line comes
    before every block, "" if there is none. Accepts rendered HTML or a list from ``block_lines``."""
    if isinstance(html_or_lines, str):
        lines = sorted({int(n) for n in ANCHOR_RE.findall(html_or_lines)})
    else:
        lines = sorted(html_or_lines)
    if not lines:
        return ""
    k = bisect.bisect_right(lines, line)
    return f"L{lines[max(k - 1, 0)]}"


def render_pattern(
    doc_or_data: Any,
    body: str | None = None,
    *,
    theme: str = "light",
    base_line: int | None = None,
    inline_css: bool = False,
    card: bool = True,
) -> str:
    """A full HTML document: header card + body.

    Pass a ``Document`` (body and base line come from it; a frontmatter that does not parse shows
    a caution box instead of the card) or a frontmatter dict with ``body`` and ``base_line``.
    The CSS is NOT inlined unless ``inline_css`` (export); the preview installs it once per theme
    with ``setDefaultStyleSheet(stylesheet(theme))``.
    """
    header = ""
    if isinstance(doc_or_data, dict) or doc_or_data is None:
        data = doc_or_data or {}
        text, start = body or "", base_line or 1
    else:  # a Document, duck-typed: the model's document module need not be imported here
        doc = doc_or_data
        data = doc.data or {}
        if doc.error is not None:
            header = error_card(str(doc.error), theme=theme, anchor="L1")
        if doc.parts is None:  # no frontmatter delimiters at all: show the whole text as Markdown
            text, start = doc.text, 1
        else:
            text = doc.body if body is None else body
            start = doc.body_line() if base_line is None else base_line
    if card and not header:
        header = render_card(data, theme=theme, anchor="L1")
    content = clean_output(header) + render_body(text, theme=theme, base_line=start)
    # An explicit <body> matters: Qt applies the stylesheet's body colours only to a real body element.
    head = f"<head><style>{stylesheet(theme)}</style></head>" if inline_css else ""
    return f"<html>{head}<body>{content}</body></html>"


# ---------------------------------------------------------------- the renderer


class _Renderer:
    """One reusable ``markdown.Markdown`` per theme (building one costs more than a render)."""

    def __init__(self, theme: str) -> None:
        self.pal = palette(theme)

        def fence(source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any) -> str:
            return fence_box(source, language, self.pal)

        # Extension objects rather than names: a frozen build then finds every module by import.
        self.md = markdown.Markdown(
            extensions=[
                TableExtension(),
                FootnoteExtension(BACKLINK_TITLE="Back to the text"),
                DefListExtension(),
                SaneListExtension(),
                SuperFencesCodeExtension(custom_fences=[{"name": "*", "class": "", "format": fence}]),
                TasklistExtension(),
                DeleteSubExtension(subscript=False),
                BetterEmExtension(),
                PreviewExtension(self.pal),
            ],
            output_format="html",
        )
        self.sections: dict[str, tuple[str, list[int]]] = {}  # section text -> HTML, anchors from line 1
        self.hits = self.misses = 0

    def render(self, text: str, base_line: int) -> str:
        lines = PRIVATE_RE.sub("", text).splitlines()
        fence_second_frontmatter(lines)
        starts = block_starts(lines)
        if _GLOBAL_REFS.search(text):  # footnotes and link references tie sections together
            return self._convert(lines, starts, base_line)[0]
        out: list[str] = []
        carry = ""  # anchors of a last block without text (a rule) ride on the next section
        for first, end in _sections(lines, starts):
            chunk = lines[first:end]
            key = "\n".join(chunk)
            cached = self.sections.pop(key, None)  # re-inserted below: most recently used last
            if cached is None:
                self.misses += 1
                cached = self._convert(chunk, [i - first for i in starts if first <= i < end], 1)
                if len(self.sections) >= _SECTION_CACHE:
                    self.sections.pop(next(iter(self.sections)))  # the least recently used
            else:
                self.hits += 1
            self.sections[key] = cached
            offset = base_line + first - 1
            fragment = _shift_anchors(cached[0], offset)
            if carry:
                at = fragment.find('<a name="L')
                fragment = fragment[:at] + carry + fragment[at:] if at >= 0 else fragment
            carry = "".join(f'<a name="L{n + offset}"></a>' for n in cached[1])
            out.append(fragment)
        return "\n".join(out)

    def _convert(self, lines: list[str], starts: list[int], base_line: int) -> tuple[str, list[int]]:
        """HTML of ``lines`` and the anchor lines its last blocks left for whatever follows."""
        source = with_markers(lines, starts, base_line)
        self.md.reset()
        html_out = clean_output(self.md.convert(source))
        return html_out, list(self.md.treeprocessors["preview"].leftover)


_SECTION_CACHE = 512
# A footnote or link-reference definition: rendered as one piece, since other sections use it.
_GLOBAL_REFS = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)


def _sections(lines: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """(first, end) line ranges split before each top-level ATX heading. Block starts are where
    marker paragraphs already cut the text, so rendering the pieces apart gives the same HTML."""
    cuts = [0] + [i for i in starts if i > 0 and lines[i].startswith("#")]
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [len(lines)]) if a < b]


def _shift_anchors(fragment: str, offset: int) -> str:
    if not offset:
        return fragment
    return ANCHOR_RE.sub(lambda m: f'<a name="L{int(m.group(1)) + offset}"', fragment)


def section_stats() -> tuple[int, int]:
    """(sections reused, sections rendered) by this thread's renderers since ``reset_cache``."""
    renderers = _local.__dict__.get("renderers", {}).values()
    return sum(r.hits for r in renderers), sum(r.misses for r in renderers)


_local = threading.local()


def _renderer(theme: str) -> _Renderer:
    """Per thread and theme: ``markdown.Markdown`` instances are not thread-safe."""
    cache: dict[str, _Renderer] = _local.__dict__.setdefault("renderers", {})
    renderer = cache.get(theme)
    if renderer is None:
        renderer = cache[theme] = _Renderer(theme)
    return renderer


def reset_cache() -> None:
    """Forget this thread's renderers (tests; a changed palette)."""
    _local.__dict__.pop("renderers", None)
    _stylesheet.cache_clear()
