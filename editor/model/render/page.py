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
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from pymdownx import highlight as _pymdownx_highlight  # noqa: F401 (SuperFences loads it by name)
from pymdownx.betterem import BetterEmExtension
from pymdownx.superfences import SuperFencesCodeExtension
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension

from editor.base import assets
from editor.model.render.card import THEMES, Palette, error_card, palette, render_card
from editor.model.render.safety import clean_output, image_url
from editor.model.schema.spec import SLUG_PATTERN

__all__ = ["THEMES", "anchor_for_line", "block_lines", "render_body", "render_card", "render_pattern", "reset_cache",
           "safe_href", "sanitize_html", "section_stats", "stylesheet"]

# Private-use characters: they never occur in pattern files (and are stripped if they do).
_TOKEN_OPEN, _TOKEN_CLOSE = "\ue000", "\ue001"  # a block-line marker paragraph: \ue000<line>\ue001
_SLOT = "\ue002"  # where a code box wants its anchor
_TRUSTED = "\ue003"  # prefix of stashed HTML we generated ourselves (skips the sanitizer)
_TOKEN_RE = re.compile(f"{_TOKEN_OPEN}(\\d+){_TOKEN_CLOSE}")
_PRIVATE_RE = re.compile("[\ue000-\ue003]")
_ANCHOR_RE = re.compile(r'<a name="L(\d+)"')
_SLUG_RE = re.compile(SLUG_PATTERN)


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
    lines = _PRIVATE_RE.sub("", markdown_text).splitlines()
    return [base_line + i for i in _block_starts(lines)]


def anchor_for_line(html_or_lines: str | Sequence[int], line: int) -> str:
    """Name of the anchor at or before file ``line`` ("L12"); the first anchor if the line comes
    before every block, "" if there is none. Accepts rendered HTML or a list from ``block_lines``."""
    if isinstance(html_or_lines, str):
        lines = sorted({int(n) for n in _ANCHOR_RE.findall(html_or_lines)})
    else:
        lines = sorted(html_or_lines)
    if not lines:
        return ""
    k = bisect.bisect_right(lines, line)
    return f"L{lines[max(k - 1, 0)]}"


def render_pattern(doc_or_data: Any, body: str | None = None, *, theme: str = "light",
                   base_line: int | None = None, inline_css: bool = False, card: bool = True) -> str:
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


# ---------------------------------------------------------------- block lines (scroll sync)

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figcaption|figure|"
    r"footer|form|header|iframe|main|nav|noscript|object|ol|pre|script|section|style|table|ul|video|audio|"
    r"canvas|svg|math)(?=[\s>/]|$)", re.I)


def _kind(line: str) -> str:
    stripped = line.lstrip(" ")
    if stripped.startswith(">"):
        return "quote"
    if _LIST_ITEM.match(line):
        return "list"
    if stripped.startswith("#"):
        return "heading"
    return "other"


def _block_starts(lines: list[str]) -> list[int]:
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
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] and not line[m.end():].strip():
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
        if start and (indent >= 4
                      or (prev_kind == "list" and (indent > 0 or kind == "list"))
                      or (prev_kind == "quote" and kind == "quote")):
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


def _with_markers(lines: list[str], starts: list[int], base_line: int) -> str:
    out: list[str] = []
    marks = set(starts)
    for i, line in enumerate(lines):
        if i in marks:
            if out and out[-1].strip():
                out.append("")
            out += [f"{_TOKEN_OPEN}{base_line + i}{_TOKEN_CLOSE}", ""]
        out.append(line)
    return "\n".join(out)


_SECOND_FM_KEY = re.compile(r"^(id|slug|title):\s")


def _fence_second_frontmatter(lines: list[str]) -> None:
    """A stale frontmatter block at the top of a body (W12) is shown as a labelled code block
    instead of a rule, a paragraph of keys and a setext heading. Line count is unchanged."""
    k = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if k is None or k + 1 >= len(lines) or lines[k].strip() != "---" or not _SECOND_FM_KEY.match(lines[k + 1]):
        return
    for j in range(k + 1, min(len(lines), k + 400)):
        if lines[j].strip() == "---":
            lines[k], lines[j] = "```pattern-frontmatter", "```"
            return


# ---------------------------------------------------------------- URL policy

def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host: treat as unusable
        return None


def _pattern_slug(href: str) -> str | None:
    """'other.md', '../_patterns/other.md', 'other', '/patterns/other/' -> 'other'."""
    parts = _split(href)
    if parts is None or parts.scheme or parts.netloc:
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


def _image_placeholder(alt: str) -> str:
    return f"[image: {alt.strip() or 'no description'}]"


# ---------------------------------------------------------------- raw HTML

class _RawAdapter(HTMLParser):
    """Adapts one piece of raw HTML (Markdown stashes inline tags one by one, so this works on
    tokens) to what Qt draws: task-list checkboxes become glyphs, images point at ``pattern-image:``
    or become a placeholder, tables get the stylesheet class, and scroll anchors go before the first
    visible text. Safety is not this class's job: every render ends with nh3 (``clean_output``)."""

    def __init__(self, anchors: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.anchors = anchors  # scroll anchors to place before the first visible text
        self.hidden = 0  # inside script/style-like content: nh3 drops it, so no anchor goes there

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if tag in _HIDDEN and not self_closing:
            self.hidden += 1
        values = {k: (v or "") for k, v in attrs}
        if tag == "input":
            if values.get("type", "").lower() == "checkbox":  # task lists: Qt draws no form controls
                self.out.append("☑" if "checked" in values else "☐")
            return
        if tag == "img":
            url = image_url(values.get("src", ""))
            if url is None:
                self._text(_image_placeholder(values.get("alt", "")))
                return
            values["src"] = url
        if tag == "table" and "class" not in values:
            values["class"] = "md"
        kept = "".join(f' {k}="{html.escape(v)}"' for k, v in values.items())
        self.out.append(f"<{tag}{kept}{' /' if self_closing or tag in _VOID else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            self.out.append(html.escape(data, quote=False))
        else:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.anchors and data.strip():
            lead = data[:len(data) - len(data.lstrip())]
            self.out.append(html.escape(lead, quote=False) + self.anchors)
            data, self.anchors = data[len(lead):], ""
        self.out.append(html.escape(data, quote=False))


_VOID = {"br", "hr", "img", "input", "col", "wbr", "link", "meta", "base", "embed", "source", "track", "area"}
_HIDDEN = {"script", "style", "iframe", "object", "svg", "math", "template", "noscript", "textarea", "select", "title"}


def sanitize_html(raw: str) -> str:
    """Raw HTML from a pattern body as the preview shows it (nh3's allow-list, then adapted for Qt)."""
    return clean_output(_sanitize(raw, "")[0])


def _sanitize(raw: str, anchors: str) -> tuple[str, bool]:
    """Cleaned, adapted HTML with ``anchors`` before its first visible text (where Qt keeps them),
    and whether they found a place."""
    parser = _RawAdapter(anchors)
    parser.feed(raw)
    parser.close()
    return "".join(parser.out), not parser.anchors


def _clean_stashed(entry: str, anchors: str) -> tuple[str, bool]:
    """A stash entry ready for output: our own HTML gets the anchors in its slot, raw HTML from
    the file is sanitized."""
    if entry.startswith(_TRUSTED):
        placed = _SLOT in entry
        return entry[1:].replace(_SLOT, anchors, 1), placed
    return _sanitize(entry, anchors)


# ---------------------------------------------------------------- Markdown extension

_CALLOUT_RE = re.compile(r"^ {0,3}(?:>[ ]?)?\[!([A-Za-z]+)\][ \t]*(.*)$")
_CALLOUT_KINDS = {"NOTE": "NOTE", "INFO": "NOTE", "TIP": "TIP", "HINT": "TIP", "IMPORTANT": "IMPORTANT",
                  "WARNING": "WARNING", "ATTENTION": "WARNING", "CAUTION": "CAUTION", "DANGER": "CAUTION",
                  "ERROR": "CAUTION"}
_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?")


def _box(parent: etree.Element, cls: str, bar: str, tint: str | None) -> etree.Element:
    """A one-row table with a narrow coloured cell on the left: Qt draws cells, not div borders."""
    attrs = {"class": cls, "width": "100%", "cellspacing": "0", "cellpadding": "0", "border": "0"}
    if tint:
        attrs["bgcolor"] = tint
    table = etree.SubElement(parent, "table", attrs)
    row = etree.SubElement(table, "tr")
    etree.SubElement(row, "td", {"width": "4" if tint else "3", "bgcolor": bar})
    cell_attrs = {"style": "padding: 8px 14px 2px 14px;" if tint else "padding: 2px 0px 0px 14px;"}
    if tint:
        cell_attrs["bgcolor"] = tint
    return etree.SubElement(row, "td", cell_attrs)


class _CalloutProcessor(BlockProcessor):
    """GitHub callouts: ``> [!NOTE] Title`` + ``> text`` lines (also the two corpus files that
    dropped the ``> ``) become a tinted box with a coloured bar and the title."""

    def __init__(self, parser: Any, pal: Palette) -> None:
        super().__init__(parser)
        self.pal = pal

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_CALLOUT_RE.match(block.split("\n", 1)[0]))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = [_QUOTE_PREFIX.sub("", ln, count=1) for ln in blocks.pop(0).split("\n")]
        m = _CALLOUT_RE.match(lines[0])
        assert m is not None
        word = m.group(1).upper()
        kind = _CALLOUT_KINDS.get(word, "NOTE")
        accent, tint = self.pal.callouts[kind]
        cell = _box(parent, f"callout callout-{kind.lower()}", accent, tint)
        title = etree.SubElement(cell, "p", {
            "class": "callout-title",
            "style": f"color: {accent}; font-weight: 600; margin-top: 0px; margin-bottom: 6px;"})
        title.text = m.group(2).strip() or word.title()
        content = "\n".join(lines[1:])
        if content.strip():
            self.parser.parseChunk(cell, content)


def _first_text_block(el: etree.Element) -> etree.Element | None:
    """The first element that will hold a line of text in Qt (where an anchor can live)."""
    if el.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt"):
        return el
    if el.tag in ("li", "td", "th", "dd"):
        for child in el:
            found = _first_text_block(child)
            if found is not None:
                return found
        if (el.text or "").strip() or len(el):
            return el
        return None
    for child in el:
        found = _first_text_block(child)
        if found is not None:
            return found
    return None


_TEXT_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")


def _style_table(table: etree.Element) -> None:
    """Markdown tables get the stylesheet's borders. Qt lets an inline style on a cell replace the
    stylesheet's borders, so column alignment moves from ``style`` to the ``align`` attribute."""
    table.set("class", "md")
    table.set("cellspacing", "0")
    for cell in table.iter():
        if cell.tag in ("th", "td"):
            m = _TEXT_ALIGN.match(cell.get("style", ""))
            if m:
                del cell.attrib["style"]
                cell.set("align", m.group(1))


def _prepend_anchor(el: etree.Element, name: str) -> None:
    a = etree.Element("a", {"name": name})
    a.tail = el.text
    el.text = None
    el.insert(0, a)


class _PreviewTreeprocessor(Treeprocessor):
    """Anchors from marker paragraphs, pattern links, image placeholders, boxed quotes and code."""

    def __init__(self, md: markdown.Markdown, pal: Palette) -> None:
        super().__init__(md)
        self.pal = pal
        self.cleaned: set[int] = set()
        self.leftover: list[int] = []

    def run(self, root: etree.Element) -> None:
        # Runs after the inline processor, so every piece of raw HTML is in the stash by now.
        self.cleaned = set()
        self._rewrite(root)
        self._anchor(root)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, entry in enumerate(stash):
            if isinstance(entry, str) and index not in self.cleaned:
                stash[index] = _clean_stashed(entry, "")[0]

    def _anchor(self, root: etree.Element) -> None:
        pending: list[str] = []
        stash = self.md.htmlStash.rawHtmlBlocks
        for child in list(root):
            text = (child.text or "").strip() if child.tag == "p" and not len(child) else ""
            marker = _TOKEN_RE.fullmatch(text)
            if marker:
                pending.append(f"L{marker.group(1)}")
                root.remove(child)
                continue
            placeholder = HTML_PLACEHOLDER_RE.search(text)
            if placeholder and text == HTML_PLACEHOLDER % placeholder.group(1):  # a raw HTML or code block
                index = int(placeholder.group(1))
                entry = stash[index] if index < len(stash) else None
                if isinstance(entry, str):
                    anchors = "".join(f'<a name="{n}"></a>' for n in pending)
                    clean, placed = _clean_stashed(entry, anchors)
                    stash[index] = clean
                    self.cleaned.add(index)
                    if placed:
                        pending = []
                    if not clean.strip():  # wholly removed (a script): leave no empty paragraph
                        root.remove(child)
                continue  # anchors not placed move on to the next block
            if not pending:
                continue
            target = _first_text_block(child)
            if target is not None:
                for name in reversed(pending):
                    _prepend_anchor(target, name)
                pending = []
        self.leftover = [int(name[1:]) for name in pending]  # the next section's first block takes them

    def _rewrite(self, parent: etree.Element) -> None:
        for index, el in enumerate(list(parent)):
            if el.tag == "a":
                href = safe_href(el.get("href", "")) if el.get("href") is not None else None
                if href is None:
                    el.attrib.pop("href", None)
                else:
                    el.set("href", href)
            elif el.tag == "img":
                url = image_url(el.get("src", ""))
                if url is not None:
                    el.set("src", url)
                else:
                    span = etree.Element("span", {"class": "image-placeholder", "style": f"color: {self.pal.muted};"})
                    span.text = _image_placeholder(el.get("alt", ""))
                    span.tail = el.tail
                    parent.remove(el)
                    parent.insert(index, span)
                continue
            elif el.tag == "table" and "class" not in el.attrib:
                _style_table(el)
            elif el.tag == "blockquote":
                el = self._box_quote(parent, index, el)
            elif el.tag == "pre":
                self._box_code(parent, index, el)
                continue
            self._rewrite(el)

    def _box_quote(self, parent: etree.Element, index: int, quote: etree.Element) -> etree.Element:
        """A plain block quote as a table with a grey bar; returns the cell holding its content."""
        holder = etree.Element("div")
        cell = _box(holder, "quote", self.pal.quote_bar, None)
        table = holder[0]
        holder.remove(table)
        cell.text = quote.text
        for child in list(quote):
            quote.remove(child)
            cell.append(child)
        table.tail = quote.tail
        parent.remove(quote)
        parent.insert(index, table)
        return cell

    def _box_code(self, parent: etree.Element, index: int, pre: etree.Element) -> None:
        """Indented code blocks (fenced ones are boxed by the fence formatter)."""
        table = etree.Element("table", {"class": "code", "width": "100%", "cellspacing": "0",
                                        "cellpadding": "10", "border": "0", "bgcolor": self.pal.card})
        cell = etree.SubElement(etree.SubElement(table, "tr"), "td")
        table.tail = pre.tail
        pre.tail = None
        parent.remove(pre)
        parent.insert(index, table)
        cell.append(pre)


class _CleanupPostprocessor(Postprocessor):
    """Leftover markers (a marker that landed inside raw HTML) become plain anchors."""

    def run(self, text: str) -> str:
        text = _TOKEN_RE.sub(lambda m: f'<a name="L{m.group(1)}"></a>', text)
        return text.replace(_SLOT, "")


class _PreviewExtension(Extension):
    def __init__(self, pal: Palette) -> None:
        super().__init__()
        self.pal = pal

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(_CalloutProcessor(md.parser, self.pal), "callout", 21)
        md.treeprocessors.register(_PreviewTreeprocessor(md, self.pal), "preview", 5)
        md.postprocessors.register(_CleanupPostprocessor(md), "preview-cleanup", 1)


# ---------------------------------------------------------------- fenced code

@functools.cache
def _lexer(language: str) -> Any:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.cache
def _formatter(style: str) -> HtmlFormatter:
    return HtmlFormatter(noclasses=True, nowrap=True, style=style)


_FENCE_LABELS = {
    "mermaid": "Mermaid diagram (shown as source; the preview does not draw diagrams)",
    "pattern-frontmatter": "An older frontmatter block inside the body (kept as body text)",
}


def _fence_box(source: str, language: str, pal: Palette) -> str:
    language = (language or "").lower()
    label = _FENCE_LABELS.get(language)
    lexer = None
    if language and language != "mermaid":
        lexer = _lexer("yaml" if language == "pattern-frontmatter" else language)
    source = source.rstrip("\n")
    if lexer is not None:
        code = highlight(source, lexer, _formatter(pal.pygments_style)).rstrip("\n")
    else:
        code = html.escape(source, quote=False)
    head = (f'<p class="code-label" style="margin-top: 0px; margin-bottom: 6px; color: {pal.muted};'
            f' font-size: small;">{_SLOT}{html.escape(label)}</p>') if label else ""
    slot = "" if label else _SLOT
    return (f'{_TRUSTED}<table class="code" width="100%" cellspacing="0" cellpadding="10" border="0"'
            f' bgcolor="{pal.card}"><tr><td>{head}<pre>{slot}{code}</pre></td></tr></table>')


# ---------------------------------------------------------------- the renderer

class _Renderer:
    """One reusable ``markdown.Markdown`` per theme (building one costs more than a render)."""

    def __init__(self, theme: str) -> None:
        self.pal = palette(theme)

        def fence(source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any) -> str:
            return _fence_box(source, language, self.pal)

        # Extension objects rather than names: a frozen build then finds every module by import.
        self.md = markdown.Markdown(
            extensions=[
                TableExtension(), FootnoteExtension(BACKLINK_TITLE="Back to the text"), DefListExtension(),
                SaneListExtension(),
                SuperFencesCodeExtension(custom_fences=[{"name": "*", "class": "", "format": fence}]),
                TasklistExtension(), DeleteSubExtension(subscript=False), BetterEmExtension(),
                _PreviewExtension(self.pal),
            ],
            output_format="html",
        )
        self.sections: dict[str, tuple[str, list[int]]] = {}  # section text -> HTML, anchors from line 1
        self.hits = self.misses = 0

    def render(self, text: str, base_line: int) -> str:
        lines = _PRIVATE_RE.sub("", text).splitlines()
        _fence_second_frontmatter(lines)
        starts = _block_starts(lines)
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
        source = _with_markers(lines, starts, base_line)
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
    return _ANCHOR_RE.sub(lambda m: f'<a name="L{int(m.group(1)) + offset}"', fragment)


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
