"""Ctrl+P: go to any pattern of the library by typing part of its title, slug or alias."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .listnav import navigate
from .theme import icon


class GoToPalette(QFrame):
    """A floating search box over the window, in the style of editors' command palettes."""

    picked = Signal(str)

    def __init__(self, search, parent: QWidget) -> None:
        super().__init__(parent)
        self.search = search
        self.setObjectName("Palette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Go to pattern…")
        self.edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.edit.setAccessibleName("Go to pattern")
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        lay.addWidget(self.edit)
        lay.addWidget(self.results)
        self._timer = QTimer(self, singleShot=True, interval=40)
        self._timer.timeout.connect(self.refresh)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(self._activate)
        self.hide()

    def popup(self) -> None:
        parent = self.parentWidget()
        width = min(640, parent.width() - 80)
        self.setGeometry((parent.width() - width) // 2, 60, width, 380)
        self.edit.clear()
        self.refresh()
        self.show()
        self.raise_()
        self.edit.setFocus()

    def refresh(self) -> None:
        self.results.clear()
        for slug, title in self.search(self.edit.text().strip(), 30):
            item = QListWidgetItem(f"{title}    {slug}")
            item.setData(Qt.ItemDataRole.UserRole, slug)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _activate(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.results.currentItem()
        if item is None:
            return
        self.hide()
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and navigate(
                event, self.results, self._activate, self.hide):
            return True
        if obj is self.edit and event.type() == QEvent.Type.FocusOut and not self.results.hasFocus():
            QTimer.singleShot(0, self, self._hide_unless_focused)
        return super().eventFilter(obj, event)

    def _hide_unless_focused(self) -> None:
        if not self.isAncestorOf(self.focusWidget() or self):
            self.hide()
