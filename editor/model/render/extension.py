"""The preview's Markdown extension: callouts, boxed quotes and code, scroll anchors, safe links.

QTextBrowser draws only Qt's HTML subset, so boxes are one-row tables with coloured cells and
code is highlighted with inline colours (Pygments ``noclasses``).
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from editor.model.render.card import Palette
from editor.model.render.links import image_placeholder, safe_href
from editor.model.render.markers import SLOT, TOKEN_RE, TRUSTED
from editor.model.render.rawhtml import clean_stashed
from editor.model.render.safety import image_url

_CALLOUT_RE = re.compile(r"^ {0,3}(?:>[ ]?)?\[!([A-Za-z]+)\][ \t]*(.*)$")
_CALLOUT_KINDS = {
    "NOTE": "NOTE",
    "INFO": "NOTE",
    "TIP": "TIP",
    "HINT": "TIP",
    "IMPORTANT": "IMPORTANT",
    "WARNING": "WARNING",
    "ATTENTION": "WARNING",
    "CAUTION": "CAUTION",
    "DANGER": "CAUTION",
    "ERROR": "CAUTION",
}
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
        title = etree.SubElement(
            cell,
            "p",
            {
                "class": "callout-title",
                "style": f"color: {accent}; font-weight: 600; margin-top: 0px; margin-bottom: 6px;",
            },
        )
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
                stash[index] = clean_stashed(entry, "")[0]

    def _anchor(self, root: etree.Element) -> None:
        pending: list[str] = []
        stash = self.md.htmlStash.rawHtmlBlocks
        for child in list(root):
            text = (child.text or "").strip() if child.tag == "p" and not len(child) else ""
            marker = TOKEN_RE.fullmatch(text)
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
                    clean, placed = clean_stashed(entry, anchors)
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
                    span.text = image_placeholder(el.get("alt", ""))
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
        table = etree.Element(
            "table",
            {
                "class": "code",
                "width": "100%",
                "cellspacing": "0",
                "cellpadding": "10",
                "border": "0",
                "bgcolor": self.pal.card,
            },
        )
        cell = etree.SubElement(etree.SubElement(table, "tr"), "td")
        table.tail = pre.tail
        pre.tail = None
        parent.remove(pre)
        parent.insert(index, table)
        cell.append(pre)


class _CleanupPostprocessor(Postprocessor):
    """Leftover markers (a marker that landed inside raw HTML) become plain anchors."""

    def run(self, text: str) -> str:
        text = TOKEN_RE.sub(lambda m: f'<a name="L{m.group(1)}"></a>', text)
        return text.replace(SLOT, "")


class PreviewExtension(Extension):
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


def fence_box(source: str, language: str, pal: Palette) -> str:
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
    head = (
        (
            f'<p class="code-label" style="margin-top: 0px; margin-bottom: 6px; color: {pal.muted};'
            f' font-size: small;">{SLOT}{html.escape(label)}</p>'
        )
        if label
        else ""
    )
    slot = "" if label else SLOT
    return (
        f'{TRUSTED}<table class="code" width="100%" cellspacing="0" cellpadding="10" border="0"'
        f' bgcolor="{pal.card}"><tr><td>{head}<pre>{slot}{code}</pre></td></tr></table>'
    )
