"""A search box driving a result list of patterns: the relationship picker and Ctrl+P share it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.ui.common.theme import colors, icon

Search = Callable[[str, int], list[tuple[str, str]]]  # query, limit -> [(slug, title)]


def navigate(event: QKeyEvent, results: QListWidget, activate: Callable[[], None], dismiss: Callable[[], None]) -> bool:
    """Up/Down move through the results, Enter takes the current one, Esc closes. True if handled."""
    key = event.key()
    if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        row = results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
        results.setCurrentRow(max(0, min(results.count() - 1, row)))
        return True
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        activate()
        return True
    if key == Qt.Key.Key_Escape:
        dismiss()
        return True
    return False


class PatternSearch(QWidget):
    """Type part of a title, slug or alias; the best patterns appear under the box.

    ``always_show``: the list stays open and an empty query lists everything (Ctrl+P); else it
    opens while a query is typed (the picker under a relationship list)."""

    picked = Signal(str)
    dismissed = Signal()

    def __init__(
        self,
        search: Search | None,
        placeholder: str,
        icon_name: str,
        limit: int,
        parent: QWidget | None = None,
        always_show: bool = False,
        max_height: int = 180,
    ) -> None:
        super().__init__(parent)
        self.search = search
        self.limit = limit
        self.always_show = always_show
        self.max_height = max_height
        self.exclude: set = set()
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(placeholder.rstrip("…. ").split(" (")[0])
        self.edit.addAction(icon(icon_name), QLineEdit.ActionPosition.LeadingPosition)
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        self.results.setVisible(always_show)
        if not always_show:
            self.results.setMaximumHeight(max_height)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6 if always_show else 2)
        lay.addWidget(self.edit)
        lay.addWidget(self.results)
        self._timer = QTimer(self, singleShot=True, interval=40 if always_show else 60)
        self._timer.timeout.connect(self.refresh)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(self.activate)
        if not always_show:
            self.results.itemClicked.connect(self.activate)

    def refresh(self) -> None:
        query = self.edit.text().strip()
        self.results.clear()
        if self.search is None or (not query and not self.always_show):
            self.results.hide()
            return
        for slug, title in self.search(query, self.limit):
            if slug in self.exclude:
                continue
            item = QListWidgetItem(f"{title}   ·   {slug}")
            item.setData(Qt.ItemDataRole.UserRole, slug)
            item.setToolTip(slug)
            self.results.addItem(item)
        if self.results.count() == 0 and query:
            item = QListWidgetItem("No matching pattern")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(QColor(colors().muted))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        if not self.always_show:
            rows = max(1, self.results.count())
            self.results.setFixedHeight(min(self.max_height, self.results.sizeHintForRow(0) * rows + 6))
            self.results.show()

    def activate(self, item: QListWidgetItem | None = None) -> None:
        if not self.results.isVisible():
            return  # a click that also activates: handled once
        item = item or self.results.currentItem()
        slug = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not slug:
            return
        self.edit.clear()
        if not self.always_show:
            self.results.hide()
        self.picked.emit(slug)

    def dismiss(self) -> None:
        if not self.always_show:
            self.results.hide()
        self.dismissed.emit()

    def eventFilter(self, obj, event) -> bool:
        if (
            obj is self.edit
            and event.type() == QEvent.Type.KeyPress
            and self.results.isVisible()
            and navigate(event, self.results, self.activate, self.dismiss)
        ):
            return True
        return super().eventFilter(obj, event)
