"""Ctrl+P: go to any pattern of the library by typing part of its title, slug or alias."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from editor.ui.common.listnav import PatternSearch, Search


class GoToPopup(QFrame):
    """A floating search box over the window, in the style of editors' quick-open boxes."""

    picked = Signal(str)

    def __init__(self, search: Search, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("GoToPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.box = PatternSearch(search, "Go to pattern…", "search", 30, self, always_show=True)
        self.box.picked.connect(self._picked)
        self.box.dismissed.connect(self.hide)
        self.edit, self.results = self.box.edit, self.box.results
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.box)
        self.edit.installEventFilter(self)
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
        self.box.refresh()

    def _picked(self, slug: str) -> None:
        self.hide()
        self.picked.emit(slug)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.FocusOut and not self.results.hasFocus():
            QTimer.singleShot(0, self, self._hide_unless_focused)
        return super().eventFilter(obj, event)

    def _hide_unless_focused(self) -> None:
        if not self.isAncestorOf(self.focusWidget() or self):
            self.hide()
