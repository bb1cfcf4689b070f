"""Undo and redo show what they changed (issue 16, item 5).

After an undo or redo (``DocumentController.replayed``, then the stack's ``indexChanged``): a field
change scrolls the form to the field, focuses it and flashes its row; a body change puts the body
editor's cursor where the text changed. In the Source view the source cursor goes there instead,
whatever was changed: the user stays in the view they work in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from editor.model.document.change import Change
from editor.model.paths import format_path
from editor.ui.common.theme import colors
from editor.ui.document.tab import BODY, FORM, SOURCE, DocumentTab
from editor.ui.document.textedit import to_lf, utf16_len

FLASH_MS = 700


class UndoReveal(QObject):
    """Installed on a DocumentTab; remembers what an undo or redo applied and reveals it once the
    step is complete (a macro's changes arrive one by one, the index changes once)."""

    def __init__(self, tab: DocumentTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self._applied: list[Change] = []
        tab.controller.replayed.connect(lambda changes: self._applied.extend(changes))
        tab.controller.undo_stack.indexChanged.connect(lambda _i: self._reveal())

    def _reveal(self) -> None:
        applied, self._applied = self._applied, []
        if not applied:
            return
        last = applied[-1]  # undo: where the step began; redo: where it ended
        if self.tab.views.currentIndex() == SOURCE:
            text = self.tab.doc.text
            bom = 1 if text.startswith("\ufeff") else 0
            place(self.tab.source.editor, text[bom : last.start + len(last.new)])
        elif last.kind == "body":
            self._reveal_body(last)
        elif last.kind == "frontmatter" and self.tab.doc.data is not None:
            fields = [format_path(p) for c in applied for p in (c.paths or ())]
            if fields:
                self._reveal_field(fields[-1])

    def _reveal_field(self, path: str) -> None:
        tab, form = self.tab, self.tab.form
        tab.views.setCurrentIndex(FORM)  # first: a hidden form catches up when shown
        form.rebuild_if_needed()  # a row added or removed: now, not on the form's next turn
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # rows at their places
        row = form.row_for(path)
        if row is None or not form.focus_path(path):
            return
        flash(row)
        QTimer.singleShot(0, form, lambda: form.ensureWidgetVisible(row, 40, 80))  # after a rebuild's own scroll

    def _reveal_body(self, change: Change) -> None:
        tab = self.tab
        tab.views.setCurrentIndex(BODY)
        tab.body.binding.pull()  # a hidden body editor catches up when shown; be sure it has
        offset = change.start - tab.doc.parts.body_start if tab.doc.parts else 0
        place(tab.body.editor, tab.doc.body[: max(0, offset + len(change.new))])


def place(editor: QPlainTextEdit, before: str) -> None:
    """Put ``editor``'s cursor after the text ``before`` (the document's own text, any line ends)."""
    cursor = editor.textCursor()
    cursor.setPosition(min(utf16_len(to_lf(before)), editor.document().characterCount() - 1))
    cursor.clearSelection()
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    editor.setFocus(Qt.FocusReason.OtherFocusReason)


def flash(row: QWidget) -> None:
    """Tint a form row for a moment, so the eye finds it."""
    row.setAutoFillBackground(True)
    palette = row.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colors().alt_base))
    row.setPalette(palette)

    def done() -> None:
        row.setAutoFillBackground(False)
        row.setPalette(QPalette())

    QTimer.singleShot(FLASH_MS, row, done)
