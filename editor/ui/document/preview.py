"""Live preview in a QTextBrowser: rendered in a worker process after typing pauses, within a
time and size budget; nothing remote fetched; images only from regular files inside the library;
pattern links open the pattern; the scroll position follows the editor.

States: "idle" (nothing shown), "rendering" (a job is out), "shown", "paused" (past the budget: a
notice with "Render once"), "failed" (the body could not be rendered; the card still shows).
The header card is drawn at once when a document is shown (it is small and escaped), so the pane
names the open pattern even while its body renders or after the body failed.
"""

from __future__ import annotations

import html
import itertools
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QWidget

from editor.model.render import page as render
from editor.model.render.card import palette
from editor.model.render.job import job_for
from editor.model.render.safety import clean_output, read_library_image
from editor.ui.document import preview_worker
from editor.ui.document.controller import DocumentController

RENDER_DELAY_MS = 150
PAUSED_TEXT = "Preview paused: this body is too large to preview live"
_owners = itertools.count(1)


class PreviewPane(QTextBrowser):
    openPattern = Signal(str)
    rendered = Signal(str)  # the new state once a render settled: "shown", "paused" or "failed"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._at_top = False
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
        self.state = "idle"
        self.library_folder: Callable[[], Path | None] | None = None  # set by the window
        self._owner = next(_owners)
        self._ticket = 0
        self._paused_size = 0  # body length that blew the budget: live renders wait until it shrinks
        self._notice = self._make_notice()
        preview_worker.service().finished.connect(self._finished)
        self.document().setDocumentMargin(16)
        self.document().setIndentWidth(24)
        self.set_theme("light")

    def _make_notice(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("preview:paused")
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 6, 10, 6)
        self.notice_label = QLabel(PAUSED_TEXT, bar)
        self.notice_label.setWordWrap(True)
        self.render_once_button = QPushButton("Render once", bar)
        self.render_once_button.setObjectName("preview:render-once")
        self.render_once_button.clicked.connect(self.render_once)
        row.addWidget(self.notice_label, 1)
        row.addWidget(self.render_once_button)
        bar.hide()
        return bar

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
        self._place()

    def _place(self) -> None:
        side = max(0, (self.width() - 820) // 2)
        top = 0
        if self._notice.isVisibleTo(self):
            top = self._notice.sizeHint().height()
            self._notice.setGeometry(0, 0, self.width(), top)
        self.setViewportMargins(side, top, side, 0)

    def show_document(self, controller: DocumentController | None) -> None:
        """Show another document (or none). Never raises: the window's other panels update after it."""
        if self.controller is not None:
            try:
                self.controller.changed.disconnect(self._changed)
            except (RuntimeError, TypeError):
                pass
        self.controller = controller
        self._paused_size = 0
        self._follow_line = None
        self._at_top = True  # another pattern opens at the top of its header card
        if controller is not None:
            controller.changed.connect(self._changed)
        self._show_card()
        self.render_now()

    def _changed(self, _change: object) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Render after typing pauses; the keystroke handler only records the edit."""
        self._timer.start()

    def render_now(self) -> None:
        """Send the open document to the render worker now (the result arrives later)."""
        self._timer.stop()
        if self.controller is None:
            self._set_state("idle")
            self.setHtml("")
            return
        doc = self.controller.doc
        if self._paused_size and len(doc.text) >= self._paused_size:
            return  # still too large: stay paused until the user asks or the body shrinks
        self._submit(limit=True)

    def render_once(self) -> None:
        """The paused notice's button: render this version without the live budget."""
        if self.controller is not None:
            self.notice_label.setText("Rendering once… the window stays usable meanwhile.")
            self.render_once_button.setEnabled(False)
            self._submit(limit=False)

    def _submit(self, limit: bool) -> None:
        doc = self.controller.doc
        self._ticket += 1
        try:
            job = job_for(doc, self.theme, limit=limit)
            budget = preview_worker.LIVE_BUDGET_S if limit else preview_worker.ONCE_BUDGET_S
            preview_worker.service().submit(self._owner, self._ticket, job, budget)
        except Exception as exc:  # e.g. data that cannot be pickled: say so, keep the card
            self._failed(f"{type(exc).__name__}: {exc}")
            return
        self.state = "rendering"

    def _finished(self, rendered: preview_worker.Rendered) -> None:
        if rendered.owner != self._owner or rendered.ticket != self._ticket or self.controller is None:
            return  # an older render, or another window's
        state, text = rendered.state, rendered.text
        try:
            if state == "ok":
                self._show(text)
            elif state in ("too-large", "timeout"):
                self._pause()
            else:
                self._failed(text)
        except Exception as exc:  # a Qt-side failure must not leave a stale pane
            self._failed(f"{type(exc).__name__}: {exc}")

    def _show(self, html_text: str) -> None:
        doc = self.controller.doc
        scroll = 0 if self._at_top else self.verticalScrollBar().value()
        self._at_top = False
        self._paused_size = 0
        self._notice.hide()
        self._place()
        self._lines = render.block_lines(doc.body, base_line=doc.body_line()) if doc.parts else []
        self.setHtml(html_text)
        if self._follow_line is not None:
            self.follow(self._follow_line)
        else:
            self.verticalScrollBar().setValue(scroll)
        self._set_state("shown")

    def _pause(self) -> None:
        self._paused_size = len(self.controller.doc.text)
        self._show_card()
        self.notice_label.setText(PAUSED_TEXT)
        self.render_once_button.setEnabled(True)
        self._notice.show()
        self._place()
        self._set_state("paused")

    def _failed(self, message: str) -> None:
        self._notice.hide()
        self._place()
        pal = palette(self.theme)
        accent, tint = pal.callouts["CAUTION"]
        box = (
            f'<table width="100%" cellpadding="10" bgcolor="{tint}"><tr><td>'
            f'<p style="color: {accent}; font-weight: 600;">The preview could not render this body</p>'
            f"<p>{html.escape(message)}</p></td></tr></table>"
        )
        self._show_card(box)
        self._set_state("failed")

    def _show_card(self, extra: str = "") -> None:
        """The header card alone (cheap, escaped): the pane names the open pattern at once."""
        if self.controller is None:
            return
        try:
            card = clean_output(render.render_card(self.controller.doc.data or {}, theme=self.theme, anchor="L1"))
        except Exception:
            card = ""
        self._lines = []
        self.setHtml(f"<html><body>{card}{extra}</body></html>")

    def _set_state(self, state: str) -> None:
        self.state = state
        if state != "idle":
            self.rendered.emit(state)

    def wait_rendered(self, timeout: float = 60.0) -> bool:
        """Process events until no render is out (screenshots, tests); False on timeout."""
        app = QApplication.instance()
        deadline = time.monotonic() + timeout
        while self.state == "rendering" and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()
        return self.state != "rendering"

    def follow(self, line: int | None) -> None:
        """Scroll so the block at file ``line`` is at the top (None: leave the scroll alone)."""
        self._follow_line = line
        if line is None:
            return
        anchor = render.anchor_for_line(self._lines, line)
        if anchor:
            self.scrollToAnchor(anchor)

    def loadResource(self, kind: int, url: QUrl):
        """Always answer, never None: on None QTextDocument opens the URL as a local path itself.
        Images come only from ``pattern-image:`` URLs that resolve to a regular file inside the
        library (see ``render_safety.read_library_image``); anything else is a blank image."""
        if kind == QTextDocument.ResourceType.ImageResource:
            data = None
            doc = self.controller.doc if self.controller is not None else None
            if doc is not None and doc.path is not None:
                library = self.library_folder() if self.library_folder else None
                data = read_library_image(url.toString(), Path(doc.path).parent, library or Path(doc.path).parent)
            image = QImage.fromData(data) if data else QImage()
            return image if not image.isNull() else _blank_image()
        return QByteArray(b" ")  # stylesheets, HTML: nothing is ever fetched

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "pattern":
            self.openPattern.emit(url.path() or url.toString().removeprefix("pattern:"))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())


def _blank_image() -> QImage:
    """A non-null stand-in: a null image makes Qt try to load the name from disk by itself."""
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(128, 128, 128, 60))
    return image
