"""The compare window's captions: "● OLD label" / "● NEW label" above the change list and the previews."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from editor.ui.common.theme import Colors
from editor.ui.compare.view import LABEL_WIDTH, ChangeList, columns, take_placeholder


def caption(side: str, colour: str, parent: QWidget) -> tuple[QWidget, QLabel]:
    """ "● OLD  label": the dot has the colour of that side's radar series."""
    box = QWidget(parent)
    box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(6)
    dot = QLabel("●", box)
    dot.setObjectName(f"Dot-{side}")  # recoloured by recolour_dots after a theme switch
    dot.setStyleSheet(f"color: {colour};")
    tag = QLabel(side.upper(), box)
    tag.setObjectName("Hint")
    tag.setStyleSheet("font-weight: 600; letter-spacing: 1px;")
    text = QLabel(box)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    lay.addWidget(dot)
    lay.addWidget(tag)
    lay.addWidget(text, 1)
    return box, text


def recolour_dots(root: QWidget, c: Colors) -> None:
    """Give every caption's dot under ``root`` its side's colour again (after a theme switch)."""
    for side, colour in (("old", c.muted), ("new", c.accent)):
        for dot in root.findChildren(QLabel, f"Dot-{side}"):
            dot.setStyleSheet(f"color: {colour};")


class CompareHeader(QFrame):
    """CHANGE | ● OLD label | ● NEW label, in the change list's columns."""

    def __init__(self, c: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CompareHeader")
        grid = QGridLayout(self)
        columns(grid)
        change = QLabel("CHANGE", self)
        change.setObjectName("Hint")
        change.setStyleSheet("font-weight: 600; letter-spacing: 1px;")
        change.setFixedWidth(LABEL_WIDTH)
        old_box, self.old_caption = caption("old", c.muted, self)
        new_box, self.new_caption = caption("new", c.accent, self)
        grid.addWidget(change, 0, 0)
        grid.addWidget(old_box, 0, 1)
        grid.addWidget(new_box, 0, 2)
        grid.addWidget(take_placeholder(self), 0, 3)
        self.grid = grid

    def align(self, rows: ChangeList) -> None:
        """Line OLD / NEW up with the rows' columns (the list's margins and scroll bar)."""
        bar = rows.verticalScrollBar()
        right = 12 + 1 + 8 + (bar.sizeHint().width() if bar.maximum() > 0 else 0)
        self.grid.setContentsMargins(12 + 1 + 12, 8, right, 8)

    def restyle(self, c: Colors) -> None:
        self.setStyleSheet(f"QFrame#CompareHeader {{ background: {c.window}; border-bottom: 1px solid {c.border}; }}")
