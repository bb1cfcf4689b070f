"""Plain-text editors bound to a part of the document without ever normalising its bytes.

Qt's text widgets only know ``\\n``. A binding keeps the editor's LF text and the document's
real text side by side: a user edit is mapped back through line/column so CRLF, lone CR and
mixed line endings outside the edit stay exactly as they were, and a model change (undo,
form edit) is applied to the widget as a minimal replacement so the cursor stays put.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeySequence,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from editor.model.document.textspan import diff_span
from editor.ui.common.theme import colors, icon

_BREAK = re.compile(r"\r\n|\r|\n")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class LineMap:
    """Offsets of each line of a text and its line-ending text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.endings: list[str] = []
        for m in _BREAK.finditer(text):
            self.endings.append(m.group())
            self.starts.append(m.end())
        self.text = text

    def offset(self, lf_text: str, index: int) -> int:
        """Map an index in the LF-normalised text to an index in the real text."""
        line = lf_text.count("\n", 0, index)
        col = index - (lf_text.rfind("\n", 0, index) + 1)
        return self.starts[line] + col

    def dominant(self) -> str:
        if not self.endings:
            return "\n"
        return max(set(self.endings), key=self.endings.count)


def to_lf(text: str) -> str:
    return _BREAK.sub("\n", text)


class CodeEditor(QPlainTextEdit):
    """QPlainTextEdit without its own undo (the document's QUndoStack owns undo), with an
    optional line-number gutter and current-line highlight."""

    def __init__(self, parent: QWidget | None = None, line_numbers: bool = False, mono: bool = True) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        if mono:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            font.setPointSize(11)
            self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self._gutter = _Gutter(self) if line_numbers else None
        if self._gutter:
            self.blockCountChanged.connect(self._update_margin)
            self.updateRequest.connect(self._update_gutter)
            self._update_margin()
        self.cursorPositionChanged.connect(self._highlight_line)
        self._extra: list[QTextEdit.ExtraSelection] = []

    def event(self, event: QEvent) -> bool:
        # Let Ctrl+Z / Ctrl+Shift+Z reach the window's Undo/Redo actions.
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return False
        return super().event(event)

    def set_point_size(self, size: int) -> None:
        """Change the font size, keeping tab stops and the gutter in step."""
        font = self.font()
        if font.pointSize() == size:
            return
        font.setPointSize(size)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        if self._gutter:
            self._update_margin()

    def go_to_line(self, line: int, column: int = 1) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(0, min(column - 1, block.length() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    def first_visible_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def set_marks(self, lines: list[tuple[int, str]]) -> None:
        """Underline whole lines (1-based) in a colour, e.g. a YAML error."""
        self._extra = []
        for line, color in lines:
            sel = QTextEdit.ExtraSelection()
            bg = QColor(color)
            bg.setAlpha(45)
            sel.format.setBackground(bg)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor = QTextCursor(self.document().findBlockByNumber(line - 1))
            self._extra.append(sel)
        self._highlight_line()

    def _highlight_line(self) -> None:
        sel = QTextEdit.ExtraSelection()
        bg = QColor(colors().highlight)
        bg.setAlpha(90)
        sel.format.setBackground(bg)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = self.textCursor()
        sel.cursor.clearSelection()
        self.setExtraSelections([*self._extra, sel])

    # ------------------------------------------------------------ gutter

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 16 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margin(self, *_: object) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._gutter:
            cr = self.contentsRect()
            self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event) -> None:
        c = colors()
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), QColor(c.alt_base))
        painter.setPen(QColor(c.muted))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(
                    0, top, self._gutter.width() - 8, height, Qt.AlignmentFlag.AlignRight, str(block.blockNumber() + 1)
                )
            block = block.next()
            top = bottom
        painter.end()


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(event)


class TextBinding(QObject):
    """Keeps a CodeEditor and one text of the document in step, byte-faithfully."""

    def __init__(self, editor: QPlainTextEdit, read: Callable[[], str], write: Callable[[str], object]) -> None:
        super().__init__(editor)
        self.editor = editor
        self.read = read
        self.write = write
        self._shadow = ""
        self._applying = False
        self._writing = False
        self._stale = False
        editor.textChanged.connect(self._user_edit)
        editor.installEventFilter(self)
        self.pull(initial=True)

    def pull(self, initial: bool = False) -> None:
        """Model -> widget, as a minimal replacement; a hidden editor catches up when shown."""
        if self._writing:
            return  # the echo of our own edit: the widget already shows it
        if not initial and not self.editor.isVisible():
            self._stale = True
            return
        self._stale = False
        text = to_lf(self.read())
        if text == self._shadow and not initial:
            return
        self._applying = True
        try:
            if initial:
                self.editor.setPlainText(text)
            else:
                p, old_end, new_end = diff_span(self._shadow, text)
                cursor = QTextCursor(self.editor.document())
                cursor.setPosition(utf16_len(self._shadow[:p]))
                cursor.setPosition(utf16_len(self._shadow[:old_end]), QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(text[p:new_end])
            self._shadow = text
        finally:
            self._applying = False

    def _user_edit(self) -> None:
        if self._applying:
            return
        new = self.editor.toPlainText()
        old = self._shadow
        if new == old:
            return
        real = self.read()
        p, old_end, new_end = diff_span(old, new)
        if "\r" in real:  # map LF positions back through each line's real ending
            lines = LineMap(real)
            start, end = lines.offset(old, p), lines.offset(old, old_end)
            inserted = new[p:new_end].replace("\n", lines.dominant())
        else:
            start, end, inserted = p, old_end, new[p:new_end]
        self._shadow = new
        self._writing = True
        try:
            accepted = self.write(real[:start] + inserted + real[end:])
        finally:
            self._writing = False
        if accepted is False:  # the model refused the edit: show what it holds
            self.pull()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.Show and self._stale:
            self.pull()
        return False


class FindBar(QWidget):
    """Find in a text editor: Enter / F3 next, Shift+Enter / Shift+F3 previous, Esc closes."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: QPlainTextEdit | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setObjectName("Hint")
        prev_btn = QToolButton(self)
        prev_btn.setIcon(icon("up"))
        prev_btn.setToolTip("Previous match (Shift+F3)")
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        next_btn = QToolButton(self)
        next_btn.setIcon(icon("down"))
        next_btn.setToolTip("Next match (F3)")
        next_btn.clicked.connect(lambda: self.find())
        close = QToolButton(self)
        close.setIcon(icon("close"))
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        for b in (prev_btn, next_btn, close):
            b.setAutoRaise(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.status)
        lay.addWidget(prev_btn)
        lay.addWidget(next_btn)
        lay.addWidget(close)
        self.edit.textEdited.connect(lambda _t: self.find(incremental=True))
        self.edit.returnPressed.connect(self.find)
        self.edit.installEventFilter(self)
        self.hide()

    def open_for(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        selected = editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        if self.editor:
            self.editor.setFocus()
        self.closed.emit()

    def find(self, backward: bool = False, incremental: bool = False) -> bool:
        if not self.editor or not self.edit.text():
            self.status.setText("")
            return False
        doc = self.editor.document()
        cursor = self.editor.textCursor()
        if incremental:
            cursor.setPosition(cursor.selectionStart())
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = doc.find(self.edit.text(), cursor, flags)
        if found.isNull():  # wrap around
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(self.edit.text(), start, flags)
        if found.isNull():
            self.status.setText("No match")
            return False
        self.status.setText("")
        self.editor.setTextCursor(found)
        self.editor.centerCursor()
        return True

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.find(backward=True)
                return True
        return super().eventFilter(obj, event)
