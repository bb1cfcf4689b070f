"""A search box driving a result list of patterns: the relationship picker and Ctrl+P share it.

Under a relationship list the results float in a frameless window placed by ``onscreen.place``:
under the box, or above it near the screen's bottom, never past the screen's available area."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QKeyEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.ui.common.onscreen import available, global_rect, keep_inside, place
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
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6 if always_show else 2)
        lay.addWidget(self.edit)
        self.popup: QFrame | None = None
        self._followed = False
        if always_show:
            lay.addWidget(self.results)
        else:  # a floating list that never covers the form's layout nor leaves the screen
            self.popup = QFrame(self, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
            self.popup.setObjectName("PickerPopup")
            self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            self.popup.setFrameShape(QFrame.Shape.Box)
            self.popup.setStyleSheet(f"#PickerPopup {{ border: 1px solid {colors().border}; }}")
            popup_lay = QVBoxLayout(self.popup)
            popup_lay.setContentsMargins(1, 1, 1, 1)
            popup_lay.addWidget(self.results)
            self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the box
            self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
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
            self.close_popup()
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
        if self.popup is not None:
            self.open_popup()

    def open_popup(self) -> None:
        """Show (or move) the floating results under the box, or above it, inside the screen."""
        if self.popup is None:
            return
        rows = max(1, self.results.count())
        wanted = min(self.max_height, self.results.sizeHintForRow(0) * rows + 6) + 2
        area = available(self)
        rect = place(global_rect(self.edit), QSize(max(self.edit.width(), 260), wanted), area)
        self.results.setFixedHeight(max(0, rect.height() - 2))
        self.popup.setGeometry(rect)
        self.popup.show()
        keep_inside(self.popup, area)  # its layout's margins may have made it taller than placed
        self.popup.raise_()
        self._follow()

    def close_popup(self) -> None:
        if self.popup is not None:
            self.popup.hide()

    def _follow(self) -> None:
        """Once: when the form scrolls or the window moves, the open list follows or closes."""
        if self._followed:
            return
        self._followed = True
        self.window().installEventFilter(self)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _scrolled(self, _value: int) -> None:
        if self.popup is not None and self.popup.isVisible():
            self.open_popup()

    def hideEvent(self, event) -> None:
        self.close_popup()
        super().hideEvent(event)

    def activate(self, item: QListWidgetItem | None = None) -> None:
        if not self.results.isVisible():
            return  # a click that also activates: handled once
        item = item or self.results.currentItem()
        slug = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not slug:
            return
        self.edit.clear()
        self.close_popup()
        self.picked.emit(slug)

    def dismiss(self) -> None:
        self.close_popup()
        self.dismissed.emit()

    def eventFilter(self, obj, event) -> bool:
        if (
            obj is self.edit
            and event.type() == QEvent.Type.KeyPress
            and self.results.isVisible()
            and navigate(event, self.results, self.activate, self.dismiss)
        ):
            return True
        if self.popup is not None and self.popup.isVisible():
            kind = event.type()
            if obj is self.window() and kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Hide):
                self.close_popup()
            elif obj is self.edit and kind == QEvent.Type.FocusOut:
                QTimer.singleShot(0, self, self._close_unless_used)
        return super().eventFilter(obj, event)

    def _close_unless_used(self) -> None:
        """Focus left the box: close the list, unless the pointer is on it (a click picking a row)."""
        if self.popup is not None and not self.edit.hasFocus() and not self.popup.geometry().contains(QCursor.pos()):
            self.close_popup()
