"""The Table page (View → Table): the library as a spreadsheet beside the documents.

A query line filters (debounced; a bad term is named by its column under it), a label counts
"N of M patterns", the grid sorts, hides and moves columns, edits a cell in place and opens a
pattern on a double-click. Buttons export the visible rows to CSV, ask for a bulk edit of the
selected files and for saving the view; the window answers the last two (``bulkRequested``,
``saveViewRequested``). The problems column is filled by a library check run in the background
when the page first shows (and again after the library changes); it shows "…" until then.

Cell edits go through ``bulk_edit([path], [SetField(column, text)], title, preview=False)`` (the
workspace's, one undo step on its library stack); the page says ``uses_library_undo`` so that
stack is the active one while the page is current.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from editor.model.check.validation import library_config, validate
from editor.model.edit.bulk import SetField
from editor.model.library.index import Entry, IndexChange
from editor.model.query.columns import DEFAULT_VISIBLE, Column
from editor.model.query.parser import QueryError
from editor.model.schema import open_pattern
from editor.ui.common.dialogs import Dialogs
from editor.ui.common.theme import colors, icon
from editor.ui.common.worker import Worker
from editor.ui.library.problems import check_library
from editor.ui.table.model import TableModel
from editor.ui.table.view import TableView

BulkEdit = Callable[..., bool]  # workspace.bulk_edit(files, ops, title, preview=True) -> applied?
QUERY_DELAY_MS = 250
RECHECK_DELAY_MS = 1500
_COUNTED = ("error", "warning")
RECOUNT_FILES = 50  # up to this many changed files are re-checked one by one


def check_files(index, paths: list[str], _job=None) -> dict[str, int]:
    """Off the GUI thread: errors and warnings of these files, by file name."""
    config = library_config(index.folder)
    out = {}
    for path in paths:
        doc = open_pattern(path)
        out[os.path.basename(path)] = sum(1 for f in validate(doc, index, config) if f.severity in _COUNTED)
    return out


class TablePage(QWidget):
    openPattern = Signal(str)  # slug
    bulkRequested = Signal(list)  # the selected files' Paths
    saveViewRequested = Signal()
    uses_library_undo = True  # the workspace makes its library undo stack current with this page

    def __init__(
        self,
        library,
        dialogs: Callable[[], Dialogs] | None = None,
        bulk_edit: BulkEdit | None = None,
        parent: QWidget | None = None,
        check_problems: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("table")
        self.library = library
        self._dialogs = dialogs or (lambda: Dialogs(self))
        self._bulk_edit = bulk_edit
        self._check_problems = check_problems
        self._checked_index = None
        self.model = TableModel(parent=self)
        self.model.edit_cell = self._edit_cell if bulk_edit is not None else None
        self.view = TableView(self.model, self)
        self.view.openRow.connect(self._open_row)
        self._build_bar()
        self._query_timer = QTimer(self, singleShot=True, interval=QUERY_DELAY_MS)
        self._query_timer.timeout.connect(self.apply_query)
        self.query.textChanged.connect(lambda _t: self._query_timer.start())
        self.query.returnPressed.connect(self.apply_query)
        self._checker = Worker("table-check")
        self._checker.finished.connect(self._checked)
        self._checker.failed.connect(lambda exc: self._say(f"The library check stopped: {exc}"))
        self._recheck = QTimer(self, singleShot=True, interval=RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self._recount)
        self._counts: dict[str, int] | None = None  # problems per file name, from the last check
        self._dirty_files: set[str] = set()  # changed since: re-checked one by one
        self._say_timer = QTimer(self, singleShot=True, interval=6000)  # dies with the page
        self._say_timer.timeout.connect(self.message.clear)
        self._keep: tuple[list[str], tuple[str, int] | None] = ([], None)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(self._bar)
        lay.addWidget(self.error)
        lay.addWidget(self.view, 1)
        self.show_columns(list(DEFAULT_VISIBLE))
        library.rebuilt.connect(self.reload)
        library.changed.connect(self._library_changed)
        self.reload()

    def _build_bar(self) -> None:
        self.query = QLineEdit(self)
        self.query.setObjectName("table-query")
        self.query.setPlaceholderText("Filter: status:draft overall<3 -has:relationships.tools …")
        self.query.setClearButtonEnabled(True)
        self.query.addAction(icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.query.setToolTip(
            "The query language: PATH:VALUE, PATH~TEXT, PATH<N, has:PATH, missing:PATH, links:SLUG, "
            "layout:v7|legacy, bare words; OR, -NOT and parentheses"
        )
        self.count = QLabel(self)
        self.count.setObjectName("table-count")
        self.message = QLabel(self)
        self.message.setObjectName("table-message")
        self.message.setStyleSheet(f"color: {colors().muted};")
        self.columns_button = self._button("table-columns", "Columns", "form", "Show, hide and reorder columns")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.clicked.connect(self._columns_menu)
        self.export_button = self._button("table-export", "Export CSV…", "save", "Export the visible rows to CSV")
        self.export_button.clicked.connect(self.export_csv)
        self.bulk_button = self._button("table-bulk", "Bulk edit…", "rename", "Edit the selected patterns at once")
        self.bulk_button.clicked.connect(lambda: self.bulkRequested.emit(self.selected_paths()))
        self.save_view_button = self._button(
            "table-save-view", "Save view…", "add", "Save this query, its columns and sort as a named view"
        )
        self.save_view_button.clicked.connect(self.saveViewRequested.emit)
        self._bar = QHBoxLayout()
        self._bar.setContentsMargins(6, 4, 6, 4)
        self._bar.setSpacing(8)
        self._bar.addWidget(self.query, 3)
        self._bar.addWidget(self.count)
        self._bar.addWidget(self.message, 1)
        for button in (self.columns_button, self.export_button, self.bulk_button, self.save_view_button):
            self._bar.addWidget(button)
        self.error = QLabel(self)
        self.error.setObjectName("table-query-error")
        self.error.setStyleSheet(f"color: {colors().error}; padding: 2px 8px;")
        self.error.hide()

    def _button(self, name: str, text: str, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    # ------------------------------------------------------------ the library

    def reload(self) -> None:
        index = self.library.index
        if index is self.model.index_:
            return
        self.model.set_index(index)
        if index is not None and self._check_problems:
            self.check_problems()

    def _library_changed(self, change: IndexChange) -> None:
        if self.library.index is not self.model.index_:
            self.reload()
            return
        self.model.apply_change(change)
        self._count()
        if self._check_problems:
            self._dirty_files |= set(change.added | change.changed)
            if self._counts is not None:
                for path in change.removed:
                    self._counts.pop(os.path.basename(path), None)
            self._recheck.start()

    def _recount(self) -> None:
        """After a few files changed (a save, a cell edit), check only those: a whole-library check on
        every save would keep a core busy for seconds at 10,000 files. Many changes: check it all."""
        index, paths = self.library.index, sorted(self._dirty_files)
        self._dirty_files = set()
        if index is None or self._counts is None or len(paths) > RECOUNT_FILES:
            self.check_problems()
        elif paths:
            self._checked_index = index
            self._checker.start(partial(check_files, index, paths))

    def check_problems(self) -> None:
        """Run the library check off the GUI thread; the problems column shows its counts."""
        index = self.library.index
        if index is None:
            return
        self._checked_index = index
        self._checker.cancel()
        self._checker.start(partial(check_library, index))

    def _checked(self, result: tuple[list, bool] | dict[str, int]) -> None:
        if isinstance(result, dict):  # some files re-checked (check_files)
            if self._counts is None or self._checked_index is not self.model.index_:
                return
            self._counts.update(result)
        else:
            findings, cancelled = result
            if cancelled or self._checked_index is not self.model.index_:
                return
            self._counts = dict(Counter(os.path.basename(f.file) for f in findings if f.severity in _COUNTED))
        self.model.set_problem_counts(dict(self._counts))

    def wait_checked(self, timeout: float | None = None) -> bool:
        """Block until the background check is done and its counts are shown (tests, screenshots)."""
        return self._checker.wait(timeout)

    def shutdown(self) -> None:
        self._recheck.stop()
        self._checker.shutdown()

    # ------------------------------------------------------------ query

    def apply_query(self) -> None:
        self._query_timer.stop()
        try:
            self.model.set_query(self.query.text())
        except QueryError as exc:
            self.error.setText(f"Query error — {exc}")
            self.error.show()
            return
        self.error.hide()
        self.error.clear()
        self._count()

    def _count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(f"{shown:,} of {total:,} patterns")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._say_timer.start()

    # ------------------------------------------------------------ columns and views

    def visible_column_ids(self) -> list[str]:
        return [self.model.column_at(n).id for n in self.view.visible_columns()]

    def show_columns(self, ids: list[str]) -> None:
        numbers = [n for i in ids if (n := self.model.column_number(i)) is not None]
        if numbers:
            self.view.show_columns(numbers)

    def _columns_menu(self) -> None:
        self._menu = self.view.column_menu(self)
        self._menu.popup(self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft()))

    def view_state(self) -> dict[str, Any]:
        column = self.model.sort_column
        return {
            "query": self.query.text().strip(),
            "columns": self.visible_column_ids(),
            "sort": self.model.column_at(column).id if column >= 0 else "",
            "descending": self.model.sort_order == Qt.SortOrder.DescendingOrder,
        }

    def apply_view(self, state: dict[str, Any]) -> None:
        """Show a saved view: its query (at once, not debounced), columns and sort."""
        if "columns" in state:
            self.show_columns(list(state["columns"]))
        self.query.blockSignals(True)
        self.query.setText(str(state.get("query", "")))
        self.query.blockSignals(False)
        self.apply_query()
        number = self.model.column_number(str(state.get("sort") or ""))
        if number is not None:
            order = Qt.SortOrder.DescendingOrder if state.get("descending") else Qt.SortOrder.AscendingOrder
            self.view.sort_by(number, order)

    # ------------------------------------------------------------ selection

    def selected_rows(self) -> list[int]:
        selection = self.view.selectionModel()
        return sorted({index.row() for index in selection.selectedRows()})

    def selected_entries(self) -> list[Entry]:
        return [self.model.entry(row) for row in self.selected_rows()]

    def selected_paths(self) -> list[Path]:
        return [Path(e.path) for e in self.selected_entries()]

    def _remember_selection(self) -> None:
        current = self.view.currentIndex()
        where = None
        if current.isValid():
            where = (self.model.entry(current.row()).name, current.column())
        self._keep = ([e.name for e in self.selected_entries()], where)

    def _restore_selection(self) -> None:
        names, where = self._keep
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for name in names:
            row = self.model.row_of(name)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag
        if where is not None and (row := self.model.row_of(where[0])) is not None:
            self.view.selectionModel().setCurrentIndex(self.model.index(row, where[1]), flags.NoUpdate)
        if not selection.isEmpty():
            self.view.selectionModel().select(selection, flags.ClearAndSelect)

    # ------------------------------------------------------------ actions

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.openPattern.emit(self.model.entry(row).slug)

    def _edit_cell(self, entry: Entry, column: Column, text: str) -> bool:
        """One cell: the workspace's bulk edit of one file, one field, without a preview."""
        assert self._bulk_edit is not None
        title = f"Set {column.label} of {entry.slug} to {text}"
        done = bool(self._bulk_edit([Path(entry.path)], [SetField(column.path, text)], title, preview=False))
        if done:
            self.library.file_saved(entry.path)  # the row repaints now, not at the next folder scan
        return done

    def export_csv(self) -> Path | None:
        """The visible rows, in the shown order, with the visible columns in the shown order."""
        folder = self.library.folder or Path.home()
        name = self._dialogs().save_file("Export visible rows as CSV", str(Path(folder) / "patterns.csv"))
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".csv")
        columns = self.view.visible_columns()
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([self.model.column_at(n).label for n in columns])
                for row in range(self.model.rowCount()):
                    writer.writerow([self._csv_cell(row, n) for n in columns])
        except OSError as exc:
            self._dialogs().error("Export CSV", f"Could not write {path}: {exc.strerror}")
            return None
        self._say(f"Exported {self.model.rowCount():,} rows to {path.name}")
        return path

    def _csv_cell(self, row: int, column: int) -> str:
        col = self.model.column_at(column)
        if col.id == "problems" and not self.model.problems_checked:
            return ""
        return col.text(self.model.value(row, column))
