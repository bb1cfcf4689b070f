"""The compare window's lower half: both versions rendered side by side, read-only and offline."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from editor.model.diff.body import sections_of
from editor.model.document.document import Document
from editor.model.render import page as render
from editor.ui.common.theme import Colors
from editor.ui.compare.header import caption


class SafeBrowser(QTextBrowser):
    """A preview that never fetches anything and opens no links (the compare window only shows)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(name)
        self.document().setDocumentMargin(14)
        self.lines: list[int] = []
        self.shown: tuple[str, str] | None = None

    def loadResource(self, kind: int, url: QUrl):
        if kind == QTextDocument.ResourceType.ImageResource:
            return None
        return super().loadResource(kind, url)

    def show_document(self, doc: Document | None, theme: str) -> None:
        self.document().setDefaultStyleSheet(render.stylesheet(theme))
        if doc is None:
            self.setHtml("")
            self.lines = []
            self.shown = None
            return
        if self.shown == (doc.text, theme):
            return  # rendering costs tens of milliseconds; typing elsewhere must not pay it
        self.shown = (doc.text, theme)
        scroll = self.verticalScrollBar().value()
        self.setHtml(render.render_pattern(doc, theme=theme))
        self.lines = render.block_lines(doc.body, base_line=doc.body_line()) if doc.parts else []
        self.verticalScrollBar().setValue(scroll)

    def scroll_to_line(self, line: int) -> None:
        anchor = render.anchor_for_line(self.lines, line) if self.lines else ""
        if anchor:
            self.scrollToAnchor(anchor)

    def scroll_to_heading(self, doc: Document | None, heading: str | None) -> None:
        line = heading_line(doc, heading)
        if line is not None:
            self.scroll_to_line(line)


class Previews(QSplitter):
    """Old and new rendered side by side, each under its caption."""

    def __init__(self, c: Colors, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.captions: dict[str, QLabel] = {}
        self.browsers: dict[str, SafeBrowser] = {}
        for side, colour in (("old", c.muted), ("new", c.accent)):
            pane = QWidget(self)
            lay = QVBoxLayout(pane)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(0)
            box, text = caption(side, colour, pane)
            box.setContentsMargins(12, 6, 12, 6)
            browser = SafeBrowser(f"Preview of the {side} version", pane)
            lay.addWidget(box)
            lay.addWidget(browser, 1)
            self.captions[side] = text
            self.browsers[side] = browser
            self.addWidget(pane)
        self.old, self.new = self.browsers["old"], self.browsers["new"]


def heading_line(doc: Document | None, heading: str | None) -> int | None:
    """The file line (1-based) of a body heading, for scrolling the preview to it."""
    if doc is None or doc.parts is None:
        return None
    if heading is None:
        return doc.body_line()
    at = 0
    for sec in sections_of(doc.body):
        if sec.heading == heading:
            return doc.body_line() + at
        at += (0 if sec.heading is None else 1) + len(sec.lines)
    return None
