"""Raw HTML from a pattern body, adapted to what Qt draws (nh3 does the sanitizing at the end)."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from editor.model.render.links import image_placeholder
from editor.model.render.markers import SLOT, TRUSTED
from editor.model.render.safety import clean_output, image_url


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
                self._text(image_placeholder(values.get("alt", "")))
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
            lead = data[: len(data) - len(data.lstrip())]
            self.out.append(html.escape(lead, quote=False) + self.anchors)
            data, self.anchors = data[len(lead) :], ""
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


def clean_stashed(entry: str, anchors: str) -> tuple[str, bool]:
    """A stash entry ready for output: our own HTML gets the anchors in its slot, raw HTML from
    the file is sanitized."""
    if entry.startswith(TRUSTED):
        placed = SLOT in entry
        return entry[1:].replace(SLOT, anchors, 1), placed
    return _sanitize(entry, anchors)
