"""The library list: title, slug, status and a small score bar per pattern, with a fuzzy filter."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor.model.check.validation import library_config
from editor.model.library.index import Entry
from editor.model.library.reader import CONFLICT
from editor.model.query.parser import QueryError, is_structured
from editor.ui.common.theme import colors, icon
from editor.ui.library.service import LibraryService

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2


class LibraryModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.display_title
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"<b>{entry.display_title}</b><br>{entry.slug}"
            if entry.error_text:
                tip += f"<br><span style='color:{colors().error}'>{entry.error_text}</span>"
            elif entry.summary:
                tip += f"<br><br>{entry.summary[:300]}"
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.display_title}, {entry.slug}, {entry.status or 'no status'}"
        if role == SLUG_ROLE:
            return entry.slug
        if role == ENTRY_ROLE:
            return entry
        return None


class EntryDelegate(QStyledItemDelegate):
    """Two lines: title; slug and status; a five-step score bar on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() * 2 + 14)  # narrow docks elide, never scroll

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        entry: Entry = index.data(ENTRY_ROLE)
        c = colors()
        painter.save()
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(c.highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(c.alt_base))
        fm = option.fontMetrics
        x = rect.x() + 12
        bar_w = 46
        text_w = rect.width() - 24 - bar_w - 8
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(QColor(c.error if not entry.ok else c.text))
        title = ("⚠ " if not entry.ok else "") + entry.display_title
        painter.drawText(
            QRect(x, rect.y() + 5, text_w, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(title, Qt.TextElideMode.ElideRight, text_w),
        )
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.0))
        painter.setFont(small)
        painter.setPen(QColor(c.muted))
        detail = entry.slug + (f"  ·  {entry.status}" if entry.status else "")
        if not entry.ok:
            conflict = entry.error is not None and entry.error[0] == CONFLICT
            detail = entry.slug + ("  ·  conflicts to resolve" if conflict else "  ·  does not parse")
        painter.drawText(
            QRect(x, rect.y() + 7 + fm.height(), text_w, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(detail, Qt.TextElideMode.ElideRight, text_w),
        )
        score = entry.overall
        if score is not None:
            bx = rect.right() - 12 - bar_w
            by = rect.y() + rect.height() // 2 - 3
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.border))
            painter.drawRoundedRect(QRect(bx, by, bar_w, 6), 3, 3)
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(QRect(bx, by, int(bar_w * max(0.0, min(5.0, score)) / 5), 6), 3, 3)
            painter.setPen(QPen(QColor(c.muted)))
            painter.drawText(
                QRect(bx, by - fm.height() - 1, bar_w, fm.height()), Qt.AlignmentFlag.AlignRight, f"{score:.1f}"
            )
        painter.restore()


class LibraryPanel(QWidget):
    openPattern = Signal(str)  # double-click, Enter: a permanent tab
    previewPattern = Signal(str)  # a single click: the preview tab (ui/workspace/preview_tab.py)
    openView = Signal(object)  # SavedView: shown in the table

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.filter = QLineEdit(self)
        self.filter.setObjectName("FilterBox")
        self.filter.setPlaceholderText("Filter: words, or a query like status:draft overall<3")
        self.filter.setToolTip(
            "Bare words search titles, slugs, aliases and summaries.<br>"
            "A query: <code>status:draft overall&lt;3</code>, "
            "<code>domain~gov</code>, <code>has:tools</code>, <code>missing:summary</code>, <code>links:SLUG</code>, "
            "<code>-layout:legacy</code>, OR, parentheses."
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setAccessibleName("Filter the library")
        self.count = QLabel(self)
        self.count.setObjectName("Hint")
        self.model = LibraryModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(EntryDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setMouseTracking(True)
        self.view.setAccessibleName("Library")
        self.view.setAccessibleDescription("The library's patterns; Enter opens the selected one")
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filter.installEventFilter(self)  # Down moves into the results
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(lambda index: self._activated(index, preview=True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.filter)
        lay.addWidget(self.count)
        lay.addWidget(self.view, 1)
        # the library's saved views (.pattern-editor.toml [views]), shared through git
        self.views_label = QLabel("Saved views", self)
        self.views_label.setObjectName("Hint")
        self.views = QListWidget(self)
        self.views.setObjectName("library-views")
        self.views.setAccessibleName("Saved views")
        self.views.setMaximumHeight(self.fontMetrics().height() * 6)
        self.views.itemActivated.connect(self._view_activated)
        self.views.itemClicked.connect(self._view_activated)
        lay.addWidget(self.views_label)
        lay.addWidget(self.views)
        self.refresh_views()
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.returnPressed.connect(self._open_first)
        service.rebuilt.connect(self.apply_filter)
        service.rebuilt.connect(self.refresh_views)
        service.queriesReady.connect(self._queries_ready)
        service.changed.connect(lambda _c: self.apply_filter())

    def eventFilter(self, obj, event) -> bool:
        down = event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
        if obj is self.filter and down and self.model.rowCount():
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0))
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(obj, event)

    def apply_filter(self) -> None:
        query = self.filter.text().strip()
        entries = self.service.entries()
        self.count.setProperty("error", False)
        if query and is_structured(query):
            try:
                shown = sorted(self.service.select(query), key=lambda e: e.display_title.lower())
            except QueryError as exc:
                self.model.set_entries([])
                self.count.setText(f"Query: {exc}")
                self.count.setProperty("error", True)
                self.count.style().polish(self.count)
                return
        elif query:
            order = [slug for slug, _title in self.service.search(query, 200)]
            by_slug = {e.slug: e for e in entries}
            shown = [by_slug[s] for s in order if s in by_slug]
        else:
            shown = sorted(entries, key=lambda e: e.display_title.lower())
        self.count.style().polish(self.count)
        current = self.current_slug()
        self.model.set_entries(shown)
        self.count.setText(f"{len(shown)} of {len(entries)} patterns" if query else f"{len(entries)} patterns")
        if current:
            self.select(current)

    def _queries_ready(self) -> None:
        if is_structured(self.filter.text().strip()):
            self.apply_filter()

    def refresh_views(self) -> None:
        """List the saved views of the open library's config (after a build or a "Save view…")."""
        folder = self.service.folder
        views = library_config(folder).views if folder is not None else {}
        self.views.clear()
        for name, view in views.items():
            item = QListWidgetItem(icon("search"), name)
            item.setData(Qt.ItemDataRole.UserRole, view)
            item.setToolTip(f"{view.query or 'every pattern'}<br>columns: {', '.join(view.columns) or 'default'}")
            self.views.addItem(item)
        self.views_label.setVisible(bool(views))
        self.views.setVisible(bool(views))

    def _view_activated(self, item: QListWidgetItem) -> None:
        view = item.data(Qt.ItemDataRole.UserRole)
        if view is not None:
            self.openView.emit(view)

    def current_slug(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(SLUG_ROLE) if index.isValid() else None

    def select(self, slug: str) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row)
            if index.data(SLUG_ROLE) == slug:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return

    def _activated(self, index: QModelIndex, preview: bool = False) -> None:
        slug = index.data(SLUG_ROLE)
        if slug:
            (self.previewPattern if preview else self.openPattern).emit(slug)

    def _open_first(self) -> None:
        if self.model.rowCount():
            self._activated(self.model.index(0))
