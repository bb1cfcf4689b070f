"""The library as a table model: one row per index entry, one column per ``query.columns.Column``.

No item objects: ``data()`` asks the column's value function for the row's entry (and, for the
lifecycle columns, the query store's full data of the file). Filtering selects the rows with the
query store; ``sort()`` computes one key per row in a single pass and reorders a list of entries
(``columns.sort_rows``), moving persistent indexes (the selection) with their rows.

Index changes update rows in place: a changed file repaints its row (it stays where it is, even if
it no longer matches the filter or the sort, as a spreadsheet does); added or removed files run the
filter and sort again (a model reset, announced so the view can keep its selection).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from editor.model.library.index import Entry, IndexChange, LibraryIndex
from editor.model.query.columns import COLUMNS, Column, set_problem_counts, sort_keys, sort_rows
from editor.model.query.evaluate import Subject
from editor.model.query.store import QueryStore, query_store
from editor.ui.common.theme import colors

Role = Qt.ItemDataRole
SCORE_ROLE = Role.UserRole + 1  # a score's share of its range (0-1), for the cell's bar
ENTRY_ROLE = Role.UserRole + 2
EditCell = Callable[[Entry, Column, str], bool]  # entry, column, typed text -> written?

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_PENDING = "…"


def header_text(label: str) -> str:
    """A long two-word label on two lines, so numeric columns stay narrow."""
    if len(label) > 11 and " " in label:
        first, rest = label.split(" ", 1)
        return f"{first}\n{rest}"
    return label


class TableModel(QAbstractTableModel):
    def __init__(self, columns: tuple[Column, ...] = COLUMNS, parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.index_: LibraryIndex | None = None
        self.store: QueryStore | None = None
        self._rows: list[Entry] = []
        self._row_of: dict[str, int] = {}  # file name -> row
        self.query = ""
        self.sort_column: int = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.problems_checked = False
        self.edit_cell: EditCell | None = None

    # ------------------------------------------------------------ contents

    def set_index(self, index: LibraryIndex | None) -> None:
        """Show ``index`` (filtered by the current query, in the current sort)."""
        self.index_ = index
        self.store = query_store(index) if index is not None else None
        self.problems_checked = False  # a new library: its check is still to come
        if index is not None:
            set_problem_counts(index, None)
        self._reload()

    def set_query(self, text: str) -> None:
        """Filter the rows; raises QueryError (and keeps the rows) for a bad query."""
        text = text.strip()
        if self.store is not None and text:
            self.store.matcher(text)  # raises before anything changes
        self.query = text
        self._reload()

    def _select(self) -> list[Entry]:
        if self.index_ is None or self.store is None:
            return []
        if not self.query:
            return self.index_.entries  # unreadable files too: they are rows with their error
        return self.store.select(self.query)

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._select()
        if 0 <= self.sort_column < len(self.columns):
            self._rows = [self._rows[n] for n in self._order(self.sort_column, self.sort_order)]
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of = {e.name: n for n, e in enumerate(self._rows)}

    def entry(self, row: int) -> Entry:
        return self._rows[row]

    def entries(self) -> list[Entry]:
        return list(self._rows)

    def row_of(self, path: str) -> int | None:
        return self._row_of.get(os.path.basename(path))

    def total(self) -> int:
        return len(self.index_) if self.index_ is not None else 0

    def column_at(self, column: int) -> Column:
        return self.columns[column]

    def column_number(self, column_id: str) -> int | None:
        for n, c in enumerate(self.columns):
            if c.id == column_id:
                return n
        return None

    def subject(self, entry: Entry) -> Subject | None:
        return self.store.subject(entry) if self.store is not None else None

    def value(self, row: int, column: int) -> Any:
        entry, col = self._rows[row], self.columns[column]
        return col.value(entry, self.subject(entry) if col.needs_subject else None, self.index_)

    def text(self, row: int, column: int) -> str:
        """The cell as shown and exported: an enum with its readable name ("2 · ★★☆ Medium")."""
        col = self.columns[column]
        value = self.value(row, column)
        if col.kind == "enum" and col.field is not None and col.field.value_labels and value is not None:
            return col.field.type.display(value, col.field)
        return col.text(value)

    # ------------------------------------------------------------ following the index

    def apply_change(self, change: IndexChange) -> None:
        if self.index_ is None:
            return
        if change.added or change.removed:
            self._reload()
            return
        for path in change.changed:
            row = self.row_of(path)
            fresh = self.index_.by_path(path)
            if row is None or fresh is None:
                continue
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        inbound = self.column_number("inbound")
        if inbound is not None and self._rows and change.slugs:  # links moved: other rows' counts too
            self.dataChanged.emit(self.index(0, inbound), self.index(len(self._rows) - 1, inbound))

    def set_problem_counts(self, counts: dict[str, int] | None) -> None:
        if self.index_ is None:
            return
        set_problem_counts(self.index_, counts)
        self.problems_checked = counts is not None
        column = self.column_number("problems")
        if column is not None and self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    # ------------------------------------------------------------ sorting

    def _order(self, column: int, order: Qt.SortOrder) -> list[int]:
        col = self.columns[column]
        keys = sort_keys(col, self._rows, self.index_, self.subject)
        return sort_rows(keys, order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        positions = self._order(column, order)
        moved_to = [0] * len(positions)
        for new, old in enumerate(positions):
            moved_to[old] = new
        self._rows = [self._rows[n] for n in positions]
        self._reindex()
        before = self.persistentIndexList()
        after = [self.index(moved_to[p.row()], p.column()) for p in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # ------------------------------------------------------------ Qt's model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Role.DisplayRole:
            return header_text(col.label)
        if role == Role.ToolTipRole:
            where = f" ({col.path})" if col.path else ""
            return f"{col.label}{where}\n{col.tip}" if col.tip else col.label
        if role == Role.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        col = self.columns[column]
        if role == Role.DisplayRole:
            if col.id == "problems" and not self.problems_checked:
                return _PENDING
            if col.id == "title" and self._rows[row].error is not None:
                return self._rows[row].stem
            return self.text(row, column)
        if role == Role.EditRole:
            return self.value(row, column)
        if role == Role.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if role == SCORE_ROLE:
            return self._share(row, column)
        if role == Role.ForegroundRole:
            return self._foreground(row, col)
        if role == Role.ToolTipRole:
            return self._tooltip(row, column)
        if role == ENTRY_ROLE:
            return self._rows[row]
        return None

    def _share(self, row: int, column: int) -> float | None:
        col = self.columns[column]
        if col.kind != "score":
            return None
        value = self.value(row, column)
        top = (col.field.maximum if col.field is not None else None) or 5.0
        return max(0.0, min(1.0, float(value) / top)) if isinstance(value, (int, float)) else None

    def _foreground(self, row: int, col: Column) -> QColor | None:
        entry = self._rows[row]
        if entry.error is not None:
            return QColor(colors().error)
        if col.id == "problems" and self.problems_checked:
            count = col.value(entry, None, self.index_)
            return QColor(colors().warning if count else colors().muted)
        if col.kind in ("count", "file"):
            return QColor(colors().muted)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        entry = self._rows[row]
        if entry.error is not None:
            return entry.error_text
        col = self.columns[column]
        if col.id in ("title", "file", "domain"):
            return self.text(row, column) or None
        if col.editable and not col.editable_for(entry):
            return f"The {entry.layout} layout has no {col.label.lower()}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.edit_cell is not None and self.columns[index.column()].editable_for(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Role.EditRole) -> bool:
        """``value`` is the text as typed; it is written through ``edit_cell`` (a byte-faithful splice
        with its undo step). The row repaints when the index reports the file changed."""
        if role != Role.EditRole or not index.isValid() or self.edit_cell is None:
            return False
        entry, col = self._rows[index.row()], self.columns[index.column()]
        text = str(value)
        if text == col.text(self.value(index.row(), index.column())):
            return False  # nothing changed: no edit, no undo step
        return self.edit_cell(entry, col, text)
