"""One conflict in the conflict view: base / ours / theirs side by side and the choices.

The card only shows and asks; the page (``conflict_view.py``) changes the text. Its buttons emit
``chosen(choice, edited)``: "ours", "theirs", "both", or "edit" with the text typed in the inline
box ("Edit…" opens it prefilled with OURS; no modal dialog).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.model.merge.resolve import BOTH, OURS, THEIRS, Conflict
from editor.ui.common.richtext import esc
from editor.ui.common.theme import colors

EDIT = "edit"
_KIND = {"field": "Field", "entry": "Entry", "paragraph": "Paragraph"}
_MAX_LINES = 9


def breakable(path: str) -> str:
    """A long dotted path that may wrap after its dots and brackets (zero-width spaces)."""
    return esc(path).replace(".", ".\u200b").replace("[", "\u200b[").replace("-", "-\u200b")


def side_colors() -> dict[str, str]:
    c = colors()
    return {"base": c.muted, OURS: c.info, THEIRS: c.relations[0] if c.relations else c.warning}


class SideBox(QPlainTextEdit):
    """One side's text, read-only, as tall as its lines (up to a few, then it scrolls)."""

    def __init__(self, text: str, colour: str, absent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setPlainText(text)
        self.setPlaceholderText(absent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        c = colors()
        self.setStyleSheet(
            f"QPlainTextEdit {{ background: {c.base}; color: {c.text}; border: 1px solid {c.border};"
            f" border-left: 4px solid {colour}; border-radius: 3px; padding: 2px 4px; }}"
        )
        self._line = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(self._line + 16)

    def resizeEvent(self, event) -> None:
        """As tall as its wrapped lines at this width, up to a few (then it scrolls)."""
        super().resizeEvent(event)
        doc = self.document()
        lines, block = 0, doc.begin()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        height = self._line * max(1, min(_MAX_LINES, lines)) + 16
        if height != self.height():
            self.setFixedHeight(height)


class ConflictCard(QFrame):
    chosen = Signal(str, object)  # choice (ours | theirs | both | edit), edited text or None
    focused = Signal()  # the user looked at this card: the page shows its place in the text

    def __init__(self, conflict: Conflict, position: int, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setObjectName(f"conflict:{conflict.index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        c = colors()
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {c.alt_base}; border: 1px solid {c.border};"
            f" border-radius: 6px; }}"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(8)
        lay.addWidget(self._title(position, total))
        lay.addLayout(self._sides())
        lay.addLayout(self._buttons())
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("conflict-edit")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName(f"Your text for {conflict.path}")
        self.editor.setFixedHeight(QFontMetrics(self.editor.font()).lineSpacing() * 5 + 16)
        self.edit_row = QWidget(self)
        row = QHBoxLayout(self.edit_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 1)
        column = QVBoxLayout()
        self.apply_button = QPushButton("Use this text", self.edit_row)
        self.apply_button.setObjectName("conflict-apply")
        self.apply_button.clicked.connect(lambda: self.chosen.emit(EDIT, self.editor.toPlainText()))
        cancel = QPushButton("Cancel", self.edit_row)
        cancel.setObjectName("conflict-cancel")
        cancel.clicked.connect(lambda: self.edit_row.hide())
        column.addWidget(self.apply_button)
        column.addWidget(cancel)
        column.addStretch(1)
        row.addLayout(column)
        self.edit_row.hide()
        lay.addWidget(self.edit_row)

    def _title(self, position: int, total: int) -> QLabel:
        k = self.conflict
        c = colors()
        where = "body" if k.in_body else "frontmatter"
        source = "" if k.recorded else " · marked by git"
        label = QLabel(
            f"<span style='color:{c.muted}'>{position} of {total} · {_KIND.get(k.kind, k.kind)} · {where}, "
            f"line {k.block.line}{source}</span><br>"
            f"<span style='font-size:11pt; font-weight:600'>{breakable(k.path)}</span>"
            f"&nbsp;&nbsp;<span style='color:{c.warning}'>{esc(k.change)}</span>",
            self,
        )
        label.setObjectName("conflict-title")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        return label

    def _sides(self) -> QGridLayout:
        k = self.conflict
        b = k.block
        tint = side_colors()
        # in a contributor's words: "ours" is the version they have (their edits), "theirs" came in
        columns = [("base", "Before", b.base_label)] if k.has_base else []
        columns += [(OURS, "Yours", b.ours_label), (THEIRS, "Theirs", b.theirs_label)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for col, (which, name, label) in enumerate(columns):
            shown = label and label.lower() not in (name.lower(), "ours", "theirs", "base")
            extra = f" ({esc(label)})" if shown else ""
            head = QLabel(f"<b style='color:{tint[which]}'>{name}</b>{extra}", self)
            head.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(head, 0, col)
            present = k.present(which) if which != "base" else (b.base is not None or k.recorded)
            absent = "(absent)" if which != "base" or present else "(not recorded)"
            box = SideBox(k.side(which) if present else "", tint[which], absent, self)
            box.setObjectName(f"side:{which}")
            box.setAccessibleName(f"{name} for {k.path}")
            grid.addWidget(box, 1, col)
            grid.setColumnStretch(col, 1)
        return grid

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        both = self.conflict.can_take_both()
        specs = [
            ("take-ours", "Keep yours", OURS, "Keep your version of this", True),
            ("take-theirs", "Take theirs", THEIRS, "Use their version of this", True),
            (
                "take-both",
                "Take both",
                BOTH,
                "Keep both entries or paragraphs, yours first" if both else "One value cannot hold both sides",
                both,
            ),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for name, text, choice, tip, enabled in specs:
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setEnabled(enabled)
            button.clicked.connect(lambda _=False, ch=choice: self.chosen.emit(ch, None))
            row.addWidget(button)
            self.buttons[choice] = button
        edit = QPushButton("Edit…", self)
        edit.setObjectName("edit")
        edit.setToolTip("Write the value yourself, starting from ours")
        edit.clicked.connect(self.start_edit)
        row.addWidget(edit)
        self.buttons[EDIT] = edit
        row.addStretch(1)
        return row

    def start_edit(self) -> None:
        self.editor.setPlainText(self.conflict.side(OURS))
        self.edit_row.show()
        self.editor.setFocus()
        self.focused.emit()

    def mousePressEvent(self, event) -> None:
        self.focused.emit()
        super().mousePressEvent(event)
