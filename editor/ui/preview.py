"""Live preview in a QTextBrowser: rendered off the keystroke path, nothing remote fetched,
pattern links open the pattern, and the scroll position follows the editor."""

from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..model import render
from ..model.render_card import palette
from .controller import DocumentController

RENDER_DELAY_MS = 150


class PreviewPane(QTextBrowser):
    openPattern = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Preview")
        self.anchorClicked.connect(self._clicked)
        self.controller: DocumentController | None = None
        self.theme = "light"
        self._timer = QTimer(self, singleShot=True, interval=RENDER_DELAY_MS)
        self._timer.timeout.connect(self.render_now)
        self._lines: list[int] = []
        self._follow_line: int | None = None
        self.document().setDocumentMargin(16)
        self.document().setIndentWidth(24)
        self.set_theme("light")

    def set_theme(self, theme: str) -> None:
        from PySide6.QtGui import QColor, QPalette

        self.theme = theme
        self.document().setDefaultStyleSheet(render.stylesheet(theme))
        pal = self.palette()  # the area below a short document takes the widget's base colour
        pal.setColor(QPalette.ColorRole.Base, QColor(palette(theme).background))
        self.setPalette(pal)
        self.schedule()

    def resizeEvent(self, event) -> None:
        """Keep lines at a readable measure (QTextBrowser has no max-width)."""
        super().resizeEvent(event)
        side = max(0, (self.width() - 820) // 2)
        self.setViewportMargins(side, 0, side, 0)

    def show_document(self, controller: DocumentController | None) -> None:
        if self.controller is not None:
            try:
                self.controller.changed.disconnect(self._changed)
            except (RuntimeError, TypeError):
                pass
        self.controller = controller
        if controller is not None:
            controller.changed.connect(self._changed)
        self.render_now()

    def _changed(self, _change: object) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Render after typing pauses; the keystroke handler only records the edit."""
        self._timer.start()

    def render_now(self) -> None:
        self._timer.stop()
        if self.controller is None:
            self.setHtml("")
            return
        doc = self.controller.doc
        scroll = self.verticalScrollBar().value()
        html = render.render_pattern(doc, theme=self.theme)
        self._lines = render.block_lines(doc.body, base_line=doc.body_line()) if doc.parts else []
        self.setHtml(html)
        if self._follow_line is not None:
            self.follow(self._follow_line)
        else:
            self.verticalScrollBar().setValue(scroll)

    def follow(self, line: int | None) -> None:
        """Scroll so the block at file ``line`` is at the top (None: leave the scroll alone)."""
        self._follow_line = line
        if line is None:
            return
        anchor = render.anchor_for_line(self._lines, line)
        if anchor:
            self.scrollToAnchor(anchor)

    def loadResource(self, kind: int, url: QUrl):
        """Never fetch anything: remote images stay out, local ones too (patterns carry none)."""
        if kind == QTextDocument.ResourceType.ImageResource:
            return None
        return super().loadResource(kind, url)

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "pattern":
            self.openPattern.emit(url.path() or url.toString().removeprefix("pattern:"))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
